//! The engine's contract: every operation the CLI's commands ask of an engine, in types
//! that belong to the engine (not clap's, not the REST API's JSON). `LocalEngine` does
//! them in-process; `RemoteEngine` (`engine/remote_engine/`) asks a Docker Engine API
//! server for them (`ctr -H`, CONTAINER_HOST, DOCKER_HOST): ctr's own service or dockerd.
//! Each command in `commands/` is written once, against `dyn Engine`.
//!
//! One trait per noun (a file each here, and in each implementation), all of them
//! `Engine`. Names are noun_verb (`container_stop`), as podman's ContainerEngine interface
//! has them, so they never shadow `LocalEngine`'s own methods, which the REST service
//! keeps calling directly.

mod containers;
mod images;
mod networks;
mod system;
mod volumes;

pub use containers::*;
pub use images::*;
pub use networks::*;
pub use system::*;
pub use volumes::*;

/// The whole interface: what `commands::run` hands each command.
pub trait Engine:
    ContainerEngine + ContainerStdioEngine + ImageEngine + VolumeEngine + NetworkEngine + SystemEngine
{
}

impl<T: ContainerEngine + ContainerStdioEngine + ImageEngine + VolumeEngine + NetworkEngine + SystemEngine> Engine
    for T
{
}
