//! Synchronous, low-level runtime code: user namespaces, the container's init (rootfs,
//! mounts, capabilities, exec), joining a running container. Nothing here starts threads
//! or uses async.

pub mod caps;
pub mod cp;
pub mod exec;
pub mod hooks;
pub mod idmap;
pub mod init;
pub mod pause;
pub mod procs;
pub mod rootfs;
pub mod userns;
