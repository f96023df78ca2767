//! The system operations of the engine interface (info, version, disk usage, prune),
//! and their report types.

use serde::Serialize;

use crate::engine::EngineError;

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DfImage {
    pub id: String,
    pub repo_tags: Vec<String>,
    pub created: i64,
    pub size: u64,
    pub shared_size: u64,
    pub unique_size: u64,
    pub containers: usize,
}

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DfContainer {
    pub id: String,
    pub names: Vec<String>,
    pub image: String,
    pub image_id: String,
    pub command: String,
    pub created: i64,
    pub state: String,
    pub size_rw: u64,
    pub size_root_fs: u64,
    pub local_volumes: usize,
}

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DfVolume {
    pub name: String,
    pub driver: String,
    pub mountpoint: String,
    pub usage_data: VolumeUsage,
}

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VolumeUsage {
    pub size: u64,
    pub ref_count: usize,
}

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DiskUsage {
    pub layers_size: u64,
    pub images: Vec<DfImage>,
    pub containers: Vec<DfContainer>,
    pub volumes: Vec<DfVolume>,
    pub build_cache: Vec<serde_json::Value>,
}

/// Whether a container state (`DfContainer::state`, `ContainerSummary::state`) counts as
/// active.
pub fn running(state: &str) -> bool {
    matches!(state, "running" | "stopping" | "restarting")
}

/// `ctr info`: where the engine keeps its data and what it can do. The local engine checks
/// this host (cgroup delegation, the helpers it runs); a remote engine answers from its
/// `/info`, which says less of the first and more of the rest (the `engine` facts).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SystemInfo {
    /// The engine's version when the engine is not this ctr (a remote engine's).
    pub engine_version: Option<String>,
    /// Where the engine keeps images, containers and volumes.
    pub store: String,
    pub runtime_dir: Option<String>,
    pub rootless: bool,
    /// v1, v2, hybrid (none: no cgroup file system).
    pub cgroup_version: String,
    pub cgroups: CgroupSupport,
    /// The helper programs the engine runs, in the order they are checked.
    pub helpers: Vec<HelperCheck>,
    /// The network mode of a container given none (`--network`).
    pub default_network: Option<String>,
    /// The seccomp profile containers get by default (`builtin`, a file's path; a remote
    /// engine's as its `/info` names it); None: no seccomp.
    pub seccomp_profile: Option<String>,
    /// The storage driver of new containers and why (`overlay (auto: ...)`).
    pub storage_driver: Option<String>,
    /// What a remote engine's `/info` tells besides.
    pub engine: Option<EngineFacts>,
}

/// Whether the engine can set resource limits, and with which cgroup controllers.
#[derive(Debug, Clone, PartialEq)]
pub enum CgroupSupport {
    /// Limits through these controllers (`base`: the delegated subtree, when known);
    /// `missing`: the ones ctr would use that are not there.
    Limits { base: Option<String>, controllers: Vec<String>, missing: Vec<String> },
    /// No limits (runs without limits work); why, when the engine says.
    Unavailable { why: Option<String> },
}

impl Default for CgroupSupport {
    fn default() -> CgroupSupport {
        CgroupSupport::Unavailable { why: None }
    }
}

/// A helper program and where it was found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HelperCheck {
    pub name: String,
    /// The Debian package that has it.
    pub package: String,
    pub path: Option<String>,
}

/// A remote engine's host and contents, from its `/info`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EngineFacts {
    pub host_name: String,
    pub operating_system: String,
    pub kernel: String,
    pub architecture: String,
    pub cpus: u64,
    /// Bytes.
    pub memory: u64,
    pub containers: u64,
    pub running: u64,
    pub paused: u64,
    pub stopped: u64,
    pub images: u64,
}

/// A remote engine's `/version`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServerVersion {
    /// The product ("ctr"; dockerd answers "" or "Docker Engine - Community").
    pub name: String,
    pub version: String,
    pub api_version: String,
    pub os: String,
    pub arch: String,
    pub kernel: String,
}

/// What `system prune` removed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SystemPruneReport {
    /// Stopped containers' ids.
    pub containers: Vec<String>,
    /// Unused networks' names.
    pub networks: Vec<String>,
    /// Removed images' ids.
    pub images: Vec<String>,
    /// Unused volumes' names (with `volumes` only).
    pub volumes: Vec<String>,
    /// Bytes the images and volumes held (containers' layers are not measured).
    pub reclaimed: u64,
}

pub trait SystemEngine {
    fn system_info(&mut self) -> Result<SystemInfo, EngineError>;
    /// The engine's version when it is a server of its own; None when the engine runs in
    /// this process (it is this ctr).
    fn system_version(&mut self) -> Result<Option<ServerVersion>, EngineError>;
    /// Where the disk went: images, containers, volumes, build cache.
    fn system_df(&mut self) -> Result<DiskUsage, EngineError>;
    /// Stopped containers, unused networks, dangling images (with `all`, every image no
    /// container uses) and, with `volumes`, unused volumes.
    fn system_prune(&mut self, all: bool, volumes: bool) -> Result<SystemPruneReport, EngineError>;
}
