//! Synchronous, low-level runtime code: user namespaces (and, later, the container runtime).
//! Nothing here starts threads or uses async.

pub mod userns;
