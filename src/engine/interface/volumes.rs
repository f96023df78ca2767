//! The volume operations of the engine interface, and their option/report types.

use std::collections::BTreeMap;

use crate::engine::EngineError;

/// The label dockerd (23 and later) puts on the volumes it made without a name, and ctr's
/// service on its anonymous ones: the Docker API's only way to say a volume is anonymous.
pub const ANONYMOUS_LABEL: &str = "com.docker.volume.anonymous";

/// What `volume create` asks for.
#[derive(Debug, Clone, Default)]
pub struct VolumeCreate {
    /// None: an anonymous volume, named by a random id.
    pub name: Option<String>,
    /// "" means local, the only driver ctr has (a remote engine may have more).
    pub driver: String,
    /// KEY=VALUE each.
    pub labels: Vec<String>,
    /// Driver options, KEY=VALUE each.
    pub opts: Vec<String>,
}

/// A volume as `volume inspect` and `volume ls` show it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VolumeReport {
    pub name: String,
    pub driver: String,
    pub mountpoint: String,
    /// RFC 3339.
    pub created_at: String,
    pub labels: BTreeMap<String, String>,
    pub scope: String,
    pub options: BTreeMap<String, String>,
    pub anonymous: bool,
    /// How many containers (in any state) use it.
    pub ref_count: usize,
}

pub trait VolumeEngine {
    /// A new volume; its name. An existing name is a Conflict.
    fn volume_create(&mut self, o: &VolumeCreate) -> Result<String, EngineError>;
    /// Whether a volume of this name exists.
    fn volume_exists(&mut self, name: &str) -> Result<bool, EngineError>;
    /// The volumes passing every filter (`KEY=VALUE`: name=, driver=, label=KEY[=VALUE],
    /// dangling=true|false, anonymous=true|false), by name.
    fn volume_list(&mut self, filters: &[String]) -> Result<Vec<VolumeReport>, EngineError>;
    fn volume_inspect(&mut self, name: &str) -> Result<VolumeReport, EngineError>;
    /// Removes a volume; refused while a container uses it, unless `force`, which removes
    /// those containers first (podman's -f).
    fn volume_remove(&mut self, name: &str, force: bool) -> Result<(), EngineError>;
    /// Removes every volume no container uses: (names, bytes reclaimed).
    fn volume_prune(&mut self) -> Result<(Vec<String>, u64), EngineError>;
}
