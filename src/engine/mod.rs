//! The engine: what every front end (CLI, REST API, remote client) calls, with plain
//! option and report types, and errors that carry a kind rather than only text.

pub mod detach;
pub mod devices;
pub mod events;
pub mod interface;
pub mod local;
pub mod mounts;
pub mod policy;
pub mod remote;
pub mod remote_engine;
pub mod security;
pub mod userns;

pub use interface::Engine;

use serde::Serialize;

/// What kind of failure an error is; the REST API maps it to an HTTP status and the
/// remote client maps it back, so no one matches on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ErrorKind {
    NotFound,
    Conflict,
    InvalidArgument,
    NotSupported,
    Internal,
    /// Credentials are missing or refused.
    Unauthorized,
    /// A registry or other remote could not be reached or misbehaved.
    Unavailable,
}

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct EngineError {
    pub kind: ErrorKind,
    pub message: String,
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
    /// The exit code the CLI ends with, where the failure has one of its own (a container
    /// whose command could not be found: 127, or run: 126); else 125.
    pub exit_code: Option<i32>,
}

impl EngineError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> EngineError {
        EngineError { kind, message: message.into(), source: None, exit_code: None }
    }
    pub fn not_found(m: impl Into<String>) -> EngineError {
        Self::new(ErrorKind::NotFound, m)
    }
    pub fn conflict(m: impl Into<String>) -> EngineError {
        Self::new(ErrorKind::Conflict, m)
    }
    pub fn invalid(m: impl Into<String>) -> EngineError {
        Self::new(ErrorKind::InvalidArgument, m)
    }
    /// The same error, ending the CLI with `code`.
    pub fn with_exit_code(mut self, code: i32) -> EngineError {
        self.exit_code = Some(code);
        self
    }
}

macro_rules! internal_from {
    ($($t:ty),*) => {$(
        impl From<$t> for EngineError {
            fn from(e: $t) -> EngineError {
                EngineError { kind: ErrorKind::Internal, message: e.to_string(), source: Some(Box::new(e)), exit_code: None }
            }
        }
    )*};
}
internal_from!(
    crate::store::StoreError,
    crate::image::blobs::BlobError,
    crate::runtime::userns::UsernsError,
    std::io::Error
);

impl From<crate::config::ConfigError> for EngineError {
    fn from(e: crate::config::ConfigError) -> EngineError {
        let kind = match &e {
            crate::config::ConfigError::Read { .. } => ErrorKind::Internal,
            _ => ErrorKind::InvalidArgument,
        };
        EngineError { kind, message: e.to_string(), source: Some(Box::new(e)), exit_code: None }
    }
}

impl From<crate::storage::layers::LayerError> for EngineError {
    fn from(e: crate::storage::layers::LayerError) -> EngineError {
        use crate::storage::layers::LayerError as L;
        use crate::storage::unpack::Refusal;
        let kind = match &e {
            // The image is at fault (a bomb, or a limit set too low for it).
            L::Refused { refusal: Refusal::Expansion { .. }, .. } => ErrorKind::InvalidArgument,
            // This host is: its disk is (nearly) full.
            _ => ErrorKind::Internal,
        };
        EngineError { kind, message: e.to_string(), source: Some(Box::new(e)), exit_code: None }
    }
}

impl From<crate::image::archive::ArchiveError> for EngineError {
    fn from(e: crate::image::archive::ArchiveError) -> EngineError {
        use crate::image::archive::ArchiveError as A;
        let kind = match &e {
            A::UnknownFormat | A::MissingFile(_) | A::Invalid { .. } => ErrorKind::InvalidArgument,
            A::Blob(crate::image::blobs::BlobError::Mismatch { .. }) => ErrorKind::InvalidArgument,
            // What cannot be read is the archive the user gave (a broken or truncated tar).
            A::Read(io) if io.kind() == std::io::ErrorKind::NotFound => ErrorKind::NotFound,
            A::Read(io) if io.kind() != std::io::ErrorKind::PermissionDenied => ErrorKind::InvalidArgument,
            _ => ErrorKind::Internal,
        };
        EngineError { kind, message: e.to_string(), source: Some(Box::new(e)), exit_code: None }
    }
}

impl From<crate::image::registry::RegistryError> for EngineError {
    fn from(e: crate::image::registry::RegistryError) -> EngineError {
        use crate::image::registry::RegistryError as R;
        let kind = match &e {
            R::NotFound { .. } => ErrorKind::NotFound,
            R::Unauthorized { .. } | R::Denied { .. } | R::Auth(_) => ErrorKind::Unauthorized,
            R::Blocked(_) | R::Config(_) => ErrorKind::InvalidArgument,
            R::Io(_) => ErrorKind::Internal,
            _ => ErrorKind::Unavailable,
        };
        EngineError { kind, message: e.to_string(), source: Some(Box::new(e)), exit_code: None }
    }
}

/// What a pull or push reports while it works; the CLI draws bars or lines, the REST API
/// streams JSON. Blobs are named by digest.
pub trait Progress {
    /// A line of its own ("Trying to pull ...", "Writing manifest").
    fn message(&self, _msg: &str) {}
    /// A blob starts moving (`size` bytes in all).
    fn start(&self, _digest: &str, _size: u64) {}
    /// `n` more bytes of a blob moved.
    fn advance(&self, _digest: &str, _n: u64) {}
    /// A blob is done: "Pull complete", "Already exists", "Pushed", "Mounted", ...
    fn done(&self, _digest: &str, _status: &str) {}
    /// Whether whoever the progress is for went away (the service's client): a transfer
    /// stops at its next chunk, or within a moment while it waits for one.
    fn cancelled(&self) -> bool {
        false
    }
}

/// Reports nothing (`-q`).
pub struct Quiet;
impl Progress for Quiet {}

/// What `pull` stored.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PulledImage {
    pub id: String,
    /// The reference pulled, fully qualified.
    pub name: String,
    /// The digest of what the tag pointed to (an index or a manifest).
    pub digest: String,
    /// False when everything was already here.
    pub downloaded: bool,
}

impl From<crate::image::reference::ReferenceError> for EngineError {
    fn from(e: crate::image::reference::ReferenceError) -> EngineError {
        EngineError {
            kind: ErrorKind::InvalidArgument,
            message: e.to_string(),
            source: Some(Box::new(e)),
            exit_code: None,
        }
    }
}

/// One row of `ctr images`. Read back from an engine's `/images/json` (`ctr -H`) too,
/// where dockerd's nulls and missing keys (ctr's own Names and Digest) mean empty.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImageSummary {
    pub id: String,
    #[serde(default, deserialize_with = "null_is_default")]
    pub parent_id: String,
    #[serde(default, deserialize_with = "null_is_default")]
    pub repo_tags: Vec<String>,
    #[serde(default, deserialize_with = "null_is_default")]
    pub repo_digests: Vec<String>,
    #[serde(default)]
    pub created: i64,
    #[serde(default)]
    pub size: u64,
    #[serde(default)]
    pub shared_size: i64,
    #[serde(default)]
    pub virtual_size: u64,
    #[serde(default)]
    pub labels: serde_json::Value,
    #[serde(default)]
    pub containers: i64,
    #[serde(default, deserialize_with = "null_is_default")]
    pub names: Vec<String>,
    #[serde(default, deserialize_with = "null_is_default")]
    pub digest: String,
}

/// A JSON null as the type's default (docker's APIs answer null for empty lists).
fn null_is_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + serde::Deserialize<'de>,
{
    use serde::Deserialize;
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// `ctr image inspect`, in Docker's shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImageInspect {
    pub id: String,
    pub digest: String,
    pub repo_tags: Vec<String>,
    pub repo_digests: Vec<String>,
    pub parent: String,
    pub comment: String,
    pub created: String,
    pub author: String,
    pub config: serde_json::Value,
    pub architecture: String,
    pub variant: Option<String>,
    pub os: String,
    pub size: u64,
    pub virtual_size: u64,
    #[serde(rename = "RootFS")]
    pub root_fs: RootFs,
    pub history: serde_json::Value,
    pub manifest_type: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RootFs {
    #[serde(rename = "Type")]
    pub kind: String,
    pub layers: Vec<String>,
}

/// What `rmi` and prune did.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RemoveReport {
    pub untagged: Vec<String>,
    pub deleted: Vec<String>,
    pub space_reclaimed: u64,
}

/// What `load` or `import` stored.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadedImage {
    pub id: String,
    pub names: Vec<String>,
    pub warnings: Vec<String>,
}

/// `ctr network inspect` and `GET /networks/{id}`, in Docker's shape. Fields a dockerd
/// leaves out (a `host` network has no gateway) read as empty (`ctr -H`).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkInspect {
    pub name: String,
    pub id: String,
    /// RFC 3339 with nanoseconds.
    pub created: String,
    pub scope: String,
    pub driver: String,
    #[serde(rename = "EnableIPv6")]
    pub enable_ipv6: bool,
    #[serde(rename = "IPAM")]
    pub ipam: NetworkIpam,
    pub internal: bool,
    pub attachable: bool,
    pub ingress: bool,
    pub config_from: NetworkConfigFrom,
    pub config_only: bool,
    /// By container id.
    pub containers: std::collections::BTreeMap<String, NetworkEndpoint>,
    pub options: std::collections::BTreeMap<String, String>,
    pub labels: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkIpam {
    pub driver: String,
    pub options: Option<std::collections::BTreeMap<String, String>>,
    pub config: Vec<NetworkIpamConfig>,
}

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkIpamConfig {
    pub subnet: String,
    #[serde(rename = "IPRange", skip_serializing_if = "Option::is_none")]
    pub ip_range: Option<String>,
    pub gateway: String,
}

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkConfigFrom {
    pub network: String,
}

/// A container's place on a network, as `Containers` of a network's inspect shows it.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkEndpoint {
    pub name: String,
    #[serde(rename = "EndpointID")]
    pub endpoint_id: String,
    pub mac_address: String,
    /// `A.B.C.D/N`.
    #[serde(rename = "IPv4Address")]
    pub ipv4_address: String,
    #[serde(rename = "IPv6Address")]
    pub ipv6_address: String,
}
