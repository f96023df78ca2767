//! Images: references, the blob store, manifests and configs, archives.

pub mod archive;
pub mod blobs;
pub mod config;
pub mod reference;
pub mod registry;
