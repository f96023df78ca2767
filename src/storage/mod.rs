//! Layers on disk: safe unpacking of layer tars (whiteouts, ownership, hostile entries)
//! into the directories a container's overlay uses, and their removal.

pub mod export;
pub mod idcopy;
pub mod layers;
pub mod unpack;
