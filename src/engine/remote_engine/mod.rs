//! The engine interface over the Docker Engine API (`ctr -H`, CONTAINER_HOST,
//! DOCKER_HOST): each operation is the API call dockerd and ctr's own service both answer,
//! its answer turned into the engine's report types. The HTTP client is `engine/remote.rs`.
//! One file per noun, as the interface has them.

mod build;
mod containers;
mod cp;
mod images;
mod networks;
mod stdio;
mod system;
mod volumes;

pub use stdio::create_body;

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

/// Docker's `filters` query parameter (`&filters={"KEY": ["VALUE", ...]}`) from the
/// engine's `KEY=VALUE` filters; nothing for none. `label=K=V` is key label, value `K=V`.
pub(crate) fn filters_param(sep: char, filters: &[String]) -> String {
    let mut m: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for f in filters {
        let (k, v) = f.split_once('=').unwrap_or((f.as_str(), ""));
        m.entry(k).or_default().push(v);
    }
    if m.is_empty() { String::new() } else { format!("{sep}filters={}", enc(&json!(m).to_string())) }
}

/// `KEY=VALUE` items (labels, options) as the API's string map; a bare `KEY` is `KEY=""`.
pub(crate) fn kv_map(items: &[String]) -> Value {
    items
        .iter()
        .map(|i| i.split_once('=').unwrap_or((i.as_str(), "")))
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// A string map of an answer (`Labels`, `Options`; null is empty).
pub(crate) fn string_map(v: &Value) -> std::collections::BTreeMap<String, String> {
    v.as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect())
        .unwrap_or_default()
}

/// An answer as one of the engine's report types: keys dockerd answers null (an empty
/// list as `null`, `"BuildCache": null`) read as absent, so as the type's default.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(what: &str, mut v: Value) -> Result<T, EngineError> {
    fn drop_nulls(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.retain(|_, x| !x.is_null());
                m.values_mut().for_each(drop_nulls);
            }
            Value::Array(a) => a.iter_mut().for_each(drop_nulls),
            _ => {}
        }
    }
    drop_nulls(&mut v);
    serde_json::from_value(v).map_err(|e| shape(what, e))
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
    // The inverses of `LimitRequest::limits`' integer scalings, rounded up: the least value
    // the service scales back to the same weight (rounded down, --cpu-shares 512 became
    // weight 19 remotely and 20 locally).
    put("CpuShares", l.cpu_weight.map(|w| json!(2 + ((w - 1) * 262_142).div_ceil(9_999))));
    put("CpusetCpus", l.cpuset_cpus.clone().map(|v| json!(v)));
    put("CpusetMems", l.cpuset_mems.clone().map(|v| json!(v)));
    put("PidsLimit", l.pids.map(|v| json!(v)));
    put("BlkioWeight", l.io_weight.map(|w| json!(10 + ((w - 1) * 990).div_ceil(9_999))));
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cgroups::LimitRequest;

    /// What the service makes of the limits a remote client sends.
    fn served(l: &crate::cgroups::Limits) -> crate::cgroups::Limits {
        crate::api::bodies::resource_args(&Value::Object(limits_body(l))).limits().unwrap()
    }

    #[test]
    fn weights_survive_the_wire() {
        for w in 1..=10_000 {
            let l = LimitRequest { cpu_weight: Some(w), ..Default::default() }.limits().unwrap();
            assert_eq!(served(&l).cpu_weight, Some(w), "cpu weight {w}");
        }
        let l = LimitRequest { cpu_shares: Some(512), ..Default::default() }.limits().unwrap();
        assert_eq!((l.cpu_weight, served(&l).cpu_weight), (Some(20), Some(20)));
        for b in 10..=1000 {
            let l = LimitRequest { blkio_weight: Some(b), ..Default::default() }.limits().unwrap();
            assert_eq!(served(&l).io_weight, l.io_weight, "blkio weight {b}");
        }
    }
}
