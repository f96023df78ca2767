//! `/networks`: docker's network endpoints over the local engine's network objects.
//!
//! Compared, call by call, with dockerd 20.10 (API 1.41, the engine on the test machines).
//! Same shapes (keys, types, null vs []) for network inspect/list and the container's
//! `NetworkSettings` (see `containers::api_inspect_view`). Deliberate differences:
//! - `connect` of a container already on the network: 409 (dockerd: 403 for a running
//!   container, and 200 replacing the settings of a stopped one); `disconnect` of one not
//!   on it: 404 (dockerd: 500). ctr keeps one status per error kind.
//! - `connect` of a container on the default network (slirp4netns/pasta): 501; only
//!   containers on user networks join more (dockerd's default bridge is one of them).
//! - inspect's `Containers` lists every container with an address on the network, stopped
//!   ones too (ctr keeps the address while the container exists; dockerd lists running
//!   endpoints only), and `network rm` refuses while any is there (dockerd removes a
//!   network whose containers are all stopped).
//! - `IPAM.Config[].Gateway` is always shown (dockerd omits it when the subnet was given
//!   without one), and
//!   `Attachable` is always false (a swarm notion; docker-compose sends true).
//! - A container's top-level `NetworkSettings.IPAddress`/`Gateway`/`MacAddress` are its
//!   first network's (dockerd fills them only on its default bridge), MACs are random
//!   locally administered ones (dockerd's are 02:42 + the IPv4 address).

use std::collections::HashMap;
use std::sync::Arc;

use hyper::Request;
use hyper::body::Incoming;
use serde_json::{Value, json};

use super::handlers::{Ctx, engine_call, key_values, read_json};
use crate::engine::local::NetworkCreate;
use crate::engine::{EngineError, ErrorKind};

type Resp = super::Resp;

/// Docker's `filters` query (`{"name":{"x":true}}` or `{"name":["x"]}`) as `KEY=VALUE`s.
pub(super) fn filters(q: &HashMap<String, String>) -> Result<Vec<String>, EngineError> {
    let Some(raw) = q.get("filters").filter(|f| !f.is_empty()) else { return Ok(Vec::new()) };
    let v: Value = serde_json::from_str(raw)
        .map_err(|e| EngineError::invalid(format!("invalid filters {raw:?}: {e}; send a JSON object")))?;
    let mut out = Vec::new();
    for (k, vals) in v.as_object().into_iter().flatten() {
        match vals {
            Value::Object(o) => out.extend(o.keys().map(|x| format!("{k}={x}"))),
            Value::Array(a) => out.extend(a.iter().filter_map(Value::as_str).map(|x| format!("{k}={x}"))),
            _ => return Err(EngineError::invalid(format!("invalid filter {k:?}: give its values as a list"))),
        }
    }
    Ok(out)
}

/// `GET /networks`.
pub async fn list(ctx: &Arc<Ctx>, q: &HashMap<String, String>) -> Resp {
    let f = filters(q);
    engine_call(ctx, 200, move |e| {
        let mut out = Vec::new();
        for n in e.networks(&f?)? {
            // dockerd lists no endpoints here (API >= 1.28): only inspect has them.
            let mut r = e.network_report(&n)?;
            r.containers.clear();
            out.push(r);
        }
        Ok(serde_json::to_value(out).map_err(std::io::Error::other)?)
    })
    .await
}

/// `POST /networks/create`: docker's body; answers `{"Id", "Warning"}` with 201.
pub async fn create(ctx: &Arc<Ctx>, req: Request<Incoming>) -> Resp {
    let b = match read_json(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    engine_call(ctx, 201, move |e| {
        let n = e.create_network(&create_options(&b)?)?;
        Ok(json!({"Id": n.id, "Warning": ""}))
    })
    .await
}

/// Docker's network create body -> the engine's options.
pub fn create_options(b: &Value) -> Result<NetworkCreate, EngineError> {
    let name = b["Name"].as_str().unwrap_or("").to_string();
    if name.is_empty() {
        return Err(EngineError::invalid("network create: the body has no Name; give the network a name"));
    }
    if b["EnableIPv6"].as_bool() == Some(true) {
        return Err(EngineError::invalid("EnableIPv6: ctr's networks are IPv4 only for now"));
    }
    if let Some(d) = b["IPAM"]["Driver"].as_str().filter(|d| !d.is_empty() && *d != "default") {
        return Err(EngineError::new(
            ErrorKind::NotFound,
            format!("IPAM driver {d:?} not found: ctr has only the default IPAM"),
        ));
    }
    let configs = b["IPAM"]["Config"].as_array().cloned().unwrap_or_default();
    if configs.len() > 1 {
        return Err(EngineError::invalid(format!(
            "IPAM.Config has {} entries: ctr's networks have one IPv4 subnet",
            configs.len()
        )));
    }
    let c = configs.first().cloned().unwrap_or(Value::Null);
    let s = |k: &str| c[k].as_str().filter(|x| !x.is_empty()).map(String::from);
    Ok(NetworkCreate {
        name,
        driver: b["Driver"].as_str().unwrap_or("").to_string(),
        subnet: s("Subnet"),
        gateway: s("Gateway"),
        ip_range: s("IPRange"),
        internal: b["Internal"].as_bool().unwrap_or(false),
        labels: key_values(&b["Labels"]),
        opts: key_values(&b["Options"]),
    })
}

/// `GET /networks/{id}`.
pub async fn inspect(ctx: &Arc<Ctx>, key: String) -> Resp {
    engine_call(ctx, 200, move |e| Ok(serde_json::to_value(e.inspect_network(&key)?).map_err(std::io::Error::other)?))
        .await
}

/// `DELETE /networks/{id}`: 204, 404, or 409 while a container is on it (dockerd answers
/// 403 "has active endpoints" there, and 403 for overlapping pools on create; ctr keeps
/// one status per error kind, and a Conflict is 409). No force here, as in docker.
pub async fn remove(ctx: &Arc<Ctx>, key: String) -> Resp {
    engine_call(ctx, 204, move |e| e.remove_network(&key, false).map(|_| Value::Null)).await
}

/// `POST /networks/prune`: `{"NetworksDeleted": [...]}` (null when none, as dockerd).
pub async fn prune(ctx: &Arc<Ctx>, q: &HashMap<String, String>) -> Resp {
    let f = filters(q);
    engine_call(ctx, 200, move |e| {
        let gone = e.prune_networks(&f?)?;
        Ok(json!({"NetworksDeleted": if gone.is_empty() { Value::Null } else { json!(gone) }}))
    })
    .await
}

/// `POST /networks/{id}/connect`: `{"Container", "EndpointConfig": {"IPAMConfig":
/// {"IPv4Address"}, "Aliases", "MacAddress"}}`; 200 with no body, as dockerd.
pub async fn connect(ctx: &Arc<Ctx>, key: String, req: Request<Incoming>) -> Resp {
    let body = match read_json(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (container, request) = connect_request(&key, &body);
    engine_call(ctx, 200, move |e| {
        if container.is_empty() {
            return Err(EngineError::invalid("Container: give the container's name or id"));
        }
        e.connect_network(&key, &container, &request).map(|_| Value::Null)
    })
    .await
}

/// A connect body -> the container named and what it asks of network `key`.
pub fn connect_request(key: &str, body: &Value) -> (String, crate::network::NetworkRequest) {
    let nonempty = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(String::from);
    let ep = &body["EndpointConfig"];
    let request = crate::network::NetworkRequest {
        name: key.to_string(),
        ip: nonempty(&ep["IPAMConfig"]["IPv4Address"]),
        aliases: ep["Aliases"].as_array().into_iter().flatten().filter_map(|a| a.as_str().map(String::from)).collect(),
        mac: nonempty(&ep["MacAddress"]),
    };
    (body["Container"].as_str().unwrap_or("").to_string(), request)
}

/// `POST /networks/{id}/disconnect`: `{"Container", "Force"}`.
pub async fn disconnect(ctx: &Arc<Ctx>, key: String, req: Request<Incoming>) -> Resp {
    let body = match read_json(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let container = body["Container"].as_str().unwrap_or("").to_string();
    engine_call(ctx, 200, move |e| {
        if container.is_empty() {
            return Err(EngineError::invalid("Container: give the container's name or id"));
        }
        e.disconnect_network(&key, &container).map(|_| Value::Null)
    })
    .await
}
