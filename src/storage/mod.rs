//! Layers on disk: safe unpacking of layer tars (whiteouts, ownership, hostile entries)
//! into the directories a container's overlay uses, and their removal.

pub mod driver;
pub mod export;
pub mod fuse;
pub mod idcopy;
pub mod layers;
pub mod unpack;
pub mod vfs;
