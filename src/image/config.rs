//! Image manifests, indexes and configs: the few fields ctr reads, parsed leniently so
//! Docker and OCI variants both load; the bytes stored are always the bytes received.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
pub const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Descriptor {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub media_type: String,
    pub digest: String,
    pub size: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Platform {
    #[serde(default)]
    pub architecture: String,
    #[serde(default)]
    pub os: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

/// An image manifest (OCI or Docker schema 2) or an index / manifest list.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub schema_version: i64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub media_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<Descriptor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<Descriptor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub manifests: Vec<Descriptor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<std::collections::BTreeMap<String, String>>,
}

impl Manifest {
    pub fn is_index(&self) -> bool {
        self.config.is_none()
            && (self.media_type == OCI_INDEX || self.media_type == DOCKER_LIST || !self.manifests.is_empty())
    }
}

/// The parts of an image config ctr needs; the full JSON is kept as `raw`.
#[derive(Debug, Clone)]
pub struct ImageConfig {
    pub raw: Value,
    pub created: i64,
    pub architecture: String,
    pub os: String,
    pub diff_ids: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("image config is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("image config has no rootfs.diff_ids")]
    NoDiffIds,
}

impl ImageConfig {
    pub fn parse(bytes: &[u8]) -> Result<ImageConfig, ConfigError> {
        let raw: Value = serde_json::from_slice(bytes)?;
        let s = |k: &str| raw.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let diff_ids = raw
            .pointer("/rootfs/diff_ids")
            .and_then(Value::as_array)
            .ok_or(ConfigError::NoDiffIds)?
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        Ok(ImageConfig {
            created: crate::timefmt::parse_rfc3339(&s("created")).unwrap_or(0),
            architecture: s("architecture"),
            os: s("os"),
            diff_ids,
            raw,
        })
    }
}

/// `OS/ARCH[/VARIANT]` (`--platform`, the API's `platform`).
pub fn parse_platform(s: &str) -> Result<Platform, String> {
    let parts: Vec<&str> = s.split('/').collect();
    match parts.as_slice() {
        [o, a] if !o.is_empty() && !a.is_empty() => {
            Ok(Platform { os: o.to_string(), architecture: a.to_string(), variant: None })
        }
        [o, a, v] if !o.is_empty() && !a.is_empty() && !v.is_empty() => {
            Ok(Platform { os: o.to_string(), architecture: a.to_string(), variant: Some(v.to_string()) })
        }
        _ => Err(format!("--platform {s:?}: write OS/ARCH[/VARIANT], e.g. linux/arm64 or linux/arm/v7")),
    }
}

/// This machine's platform, in OCI's words.
pub fn host_platform() -> Platform {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" => "ppc64le",
        other => other,
    };
    Platform { architecture: arch.into(), os: "linux".into(), variant: None }
}
