//! The engine interface over the Docker Engine API (`ctr -H`, CONTAINER_HOST,
//! DOCKER_HOST): each operation is the API call dockerd and ctr's own service both answer,
//! its answer turned into the engine's report types. The HTTP client is `engine/remote.rs`.
//! One file per noun, as the interface has them.

mod containers;
mod cp;
mod images;
mod stdio;

pub use images::pull_image;

use serde_json::{Value, json};

use super::remote::{Client, enc};
use super::{EngineError, ErrorKind};

pub struct RemoteEngine {
    pub client: Client,
}

impl RemoteEngine {
    pub fn new(client: Client) -> RemoteEngine {
        RemoteEngine { client }
    }

    pub(crate) fn post(&self, path: &str) -> Result<(), EngineError> {
        let mut r = self.client.call("POST", path, None)?;
        std::io::copy(&mut r.body, &mut std::io::sink())?;
        Ok(())
    }
}

/// A query parameter `k=v` with `v` percent-encoded, or nothing for None.
pub(crate) fn param(k: &str, v: Option<impl std::fmt::Display>) -> String {
    v.map(|v| format!("&{k}={}", enc(&v.to_string()))).unwrap_or_default()
}

/// An answer that is not in the shape the API documents.
pub(crate) fn shape(what: &str, e: impl std::fmt::Display) -> EngineError {
    EngineError::new(ErrorKind::Internal, format!("the engine's {what} is not in the Docker API's shape: {e}"))
}

/// The engine's limits as a HostConfig/update body's fields (the inverse of the service's
/// `resource_args`; weights back to docker's shares).
pub fn limits_body(l: &crate::cgroups::Limits) -> serde_json::Map<String, Value> {
    let mut b = serde_json::Map::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            b.insert(k.into(), v);
        }
    };
    put("Memory", l.memory.map(|v| json!(v)));
    put("MemoryReservation", l.memory_reservation.map(|v| json!(v)));
    put("MemorySwap", l.memory_swap.map(|v| json!(v)));
    put("CpuQuota", l.cpu_quota.map(|v| json!(v)));
    put("CpuPeriod", l.cpu_period.map(|v| json!(v)));
    put("CpuShares", l.cpu_weight.map(|w| json!(2 + (w - 1) * 262_142 / 9_999)));
    put("CpusetCpus", l.cpuset_cpus.clone().map(|v| json!(v)));
    put("CpusetMems", l.cpuset_mems.clone().map(|v| json!(v)));
    put("PidsLimit", l.pids.map(|v| json!(v)));
    put("BlkioWeight", l.io_weight.map(|w| json!(10 + (w - 1) * 990 / 9_999)));
    b
}
