//! Container endpoints: create from Docker's Config/HostConfig, the lifecycle, and the
//! hijacked attach and exec streams.

use std::collections::HashMap;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::handlers::{Ctx, engine_call, error, read_json, truthy};
use super::{Resp, empty, full, json, streamed};
use crate::engine::local::LocalEngine;
use crate::engine::local::containers::{
    ContainerConfig, CreateOptions, LogConfig, LogOptions, NamespaceModes, parse_signal,
};
use crate::engine::{EngineError, ErrorKind};
use crate::monitor::proto;
use crate::store::ContainerState;

fn strs(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(String::from)).collect(),
        Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn num(v: &Value) -> Option<i64> {
    v.as_i64().filter(|n| *n != 0)
}

/// Docker's create body -> the engine's options (the CLI's flags, in effect).
pub fn create_options(name: Option<String>, b: &Value) -> Result<CreateOptions, EngineError> {
    let hc = &b["HostConfig"];
    let image = b["Image"].as_str().unwrap_or("").to_string();
    if image.is_empty() {
        return Err(EngineError::invalid("the create request names no Image"));
    }
    let restart = crate::engine::policy::RestartPolicy::from_api(
        hc["RestartPolicy"]["Name"].as_str().unwrap_or(""),
        hc["RestartPolicy"]["MaximumRetryCount"].as_i64().unwrap_or(0),
    )?;
    let health = crate::engine::policy::HealthFlags::from_api(&b["Healthcheck"])?;
    // Legacy links: on ctr's default network (a slirp4netns stack per container) a linked
    // container is not reachable, so its env variables and hosts entry would lie.
    if hc["Links"].as_array().is_some_and(|l| !l.is_empty()) {
        return Err(EngineError::new(
            ErrorKind::NotSupported,
            "legacy links (HostConfig.Links, --link) are not supported by ctr: put the containers on a user network (docker network create NET; --network NET) and reach them by name",
        ));
    }
    let mut publish = Vec::new();
    if let Some(pb) = hc["PortBindings"].as_object() {
        for (port, binds) in pb {
            let (p, proto) = port.split_once('/').unwrap_or((port, "tcp"));
            let binds = binds.as_array().cloned().unwrap_or_default();
            if binds.is_empty() {
                publish.push(format!("{p}/{proto}"));
            }
            for bnd in binds {
                let ip = bnd["HostIp"].as_str().unwrap_or("");
                let hp = bnd["HostPort"].as_str().unwrap_or("");
                publish.push(match (ip.is_empty(), hp.is_empty()) {
                    (true, true) => format!("{p}/{proto}"),
                    (true, false) => format!("{hp}:{p}/{proto}"),
                    (false, _) => format!("{ip}:{hp}:{p}/{proto}"),
                });
            }
        }
    }
    let mut volumes = strs(&hc["Binds"]);
    // Config.Volumes are anonymous volumes, except where a bind or mount already covers
    // the path (docker-py lists every bind target there too).
    let covered: Vec<String> = volumes
        .iter()
        .filter_map(|b| b.split(':').nth(1).map(String::from))
        .chain(hc["Mounts"].as_array().into_iter().flatten().filter_map(|m| m["Target"].as_str().map(String::from)))
        .collect();
    if let Some(v) = b["Volumes"].as_object() {
        volumes.extend(v.keys().filter(|k| !covered.contains(k)).cloned());
    }
    let mut mounts = Vec::new();
    for m in hc["Mounts"].as_array().into_iter().flatten() {
        let mut parts = vec![format!("type={}", m["Type"].as_str().unwrap_or("volume"))];
        if let Some(s) = m["Source"].as_str().filter(|s| !s.is_empty()) {
            parts.push(format!("source={s}"));
        }
        parts.push(format!("target={}", m["Target"].as_str().unwrap_or("")));
        if m["ReadOnly"].as_bool() == Some(true) {
            parts.push("readonly".into());
        }
        // A zero size or mode is docker's "not set" (its CLI leaves them out; a remote ctr
        // sends them): not an unlimited tmpfs, nor one of mode 0000.
        if let Some(sz) = m["TmpfsOptions"]["SizeBytes"].as_i64().filter(|n| *n != 0) {
            parts.push(format!("tmpfs-size={sz}"));
        }
        if let Some(mode) = m["TmpfsOptions"]["Mode"].as_i64().filter(|n| *n != 0) {
            parts.push(format!("tmpfs-mode={mode:o}"));
        }
        if m["VolumeOptions"]["NoCopy"].as_bool() == Some(true) {
            parts.push("volume-nocopy".into());
        }
        if let Some(sub) = m["VolumeOptions"]["Subpath"].as_str().filter(|s| !s.is_empty()) {
            parts.push(format!("volume-subpath={sub}"));
        }
        mounts.push(parts.join(","));
    }
    let tmpfs = hc["Tmpfs"]
        .as_object()
        .map(|t| {
            t.iter()
                .map(|(k, v)| match v.as_str() {
                    Some(o) if !o.is_empty() => format!("{k}:{o}"),
                    _ => k.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let res = resource_args(hc);
    let limits = res.limits()?;
    // NetworkingConfig.EndpointsConfig: per-network address, aliases, MAC; networks
    // beyond NetworkMode join it (API 1.44 sends several).
    let mut endpoints = Vec::new();
    if let Some(eps) = b["NetworkingConfig"]["EndpointsConfig"].as_object() {
        for (name, e) in eps {
            let nonempty = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(String::from);
            endpoints.push(crate::network::NetworkRequest {
                name: name.clone(),
                ip: nonempty(&e["IPAMConfig"]["IPv4Address"]),
                aliases: strs(&e["Aliases"]),
                mac: nonempty(&e["MacAddress"]),
            });
        }
    }
    let mut network: Vec<String> = match hc["NetworkMode"].as_str().unwrap_or("") {
        "" | "default" | "bridge" => Vec::new(),
        n => vec![n.to_string()],
    };
    if network.first().is_some_and(|n| !crate::network::is_mode(n)) {
        for e in &endpoints {
            if !network.contains(&e.name) && !crate::network::is_mode(&e.name) {
                network.push(e.name.clone());
            }
        }
    }
    let user_network = network.first().is_some_and(|n| !crate::network::is_mode(n));
    let mode = |k: &str| hc[k].as_str().unwrap_or("");
    let namespaces = NamespaceModes::new(mode("PidMode"), mode("UTSMode"), mode("IpcMode"), mode("CgroupnsMode"))?;
    let log = LogConfig::new(
        hc["LogConfig"]["Type"].as_str().unwrap_or(""),
        hc["LogConfig"]["Config"]
            .as_object()
            .map(|o| o.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect())
            .unwrap_or_default(),
    )?;
    let console_size = hc["ConsoleSize"]
        .as_array()
        .and_then(|a| Some((a.first()?.as_u64()? as u16, a.get(1)?.as_u64()? as u16)))
        .filter(|(h, w)| *h > 0 && *w > 0);
    Ok(CreateOptions {
        image,
        name,
        command: strs(&b["Cmd"]),
        entrypoint: match &b["Entrypoint"] {
            Value::Null => None,
            v => Some(strs(v).into_iter().filter(|s| !s.is_empty()).collect()),
        },
        env: strs(&b["Env"]),
        workdir: b["WorkingDir"].as_str().filter(|s| !s.is_empty()).map(String::from),
        user: b["User"].as_str().filter(|s| !s.is_empty()).map(String::from),
        hostname: b["Hostname"].as_str().filter(|s| !s.is_empty()).map(String::from),
        tty: b["Tty"].as_bool().unwrap_or(false),
        interactive: b["OpenStdin"].as_bool().unwrap_or(false),
        init: hc["Init"].as_bool().unwrap_or(false),
        read_only: hc["ReadonlyRootfs"].as_bool().unwrap_or(false),
        cap_add: strs(&hc["CapAdd"]),
        cap_drop: strs(&hc["CapDrop"]),
        security_opt: strs(&hc["SecurityOpt"]),
        privileged: hc["Privileged"].as_bool().unwrap_or(false),
        devices: api_devices(hc)?,
        network,
        ip: None,
        network_aliases: Vec::new(),
        // On a user network the MAC is the endpoint's; on the default network
        // (slirp4netns, one tap per container) it is only recorded (Config.MacAddress), as
        // dockerd records it whatever the network.
        mac_address: b["MacAddress"].as_str().filter(|s| !s.is_empty() && user_network).map(String::from),
        endpoints,
        publish,
        publish_all: hc["PublishAllPorts"].as_bool().unwrap_or(false),
        dns: strs(&hc["Dns"]),
        dns_search: strs(&hc["DnsSearch"]),
        dns_options: strs(&hc["DnsOptions"]),
        add_hosts: strs(&hc["ExtraHosts"]),
        volumes,
        mounts,
        tmpfs,
        volumes_from: strs(&hc["VolumesFrom"]),
        limits,
        auto_remove: hc["AutoRemove"].as_bool().unwrap_or(false),
        labels: b["Labels"]
            .as_object()
            .map(|l| l.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))).collect())
            .unwrap_or_default(),
        console_size,
        userns: hc["UsernsMode"].as_str().filter(|s| !s.is_empty()).map(String::from),
        restart,
        health,
        stop_timeout: b["StopTimeout"].as_u64(),
        namespaces,
        group_add: strs(&hc["GroupAdd"]),
        log,
        env_as_given: true,
        stop_signal: match b["StopSignal"].as_str().filter(|s| !s.is_empty()) {
            Some(s) => {
                parse_signal(s).ok_or_else(|| {
                    EngineError::invalid(format!("invalid StopSignal {s:?}: give a signal name or number"))
                })?;
                Some(s.to_string())
            }
            None => None,
        },
        as_given: as_given(b),
        ..Default::default()
    })
}

/// The create fields dockerd's inspect shows as given and ctr keeps only to show them
/// back: the mounts' own words (ctr honours them as mounts), and what has no effect
/// on a rootless container here (device rules, swappiness, isolation: noted, as given).
fn as_given(b: &Value) -> Value {
    const HOST_CONFIG: &[&str] = &[
        "Binds",
        "Mounts",
        "VolumesFrom",
        "Tmpfs",
        "VolumeDriver",
        "DeviceCgroupRules",
        "MemorySwappiness",
        "Isolation",
        "Runtime",
        "PublishAllPorts",
    ];
    const CONFIG: &[&str] = &[
        "ExposedPorts",
        "Volumes",
        "MacAddress",
        "Domainname",
        "AttachStdin",
        "AttachStdout",
        "AttachStderr",
        "StdinOnce",
    ];
    let pick = |from: &Value, keys: &[&str]| -> Value {
        let m: serde_json::Map<String, Value> = keys
            .iter()
            .filter_map(|k| from.get(*k).filter(|v| !v.is_null()).map(|v| (k.to_string(), v.clone())))
            .collect();
        Value::Object(m)
    };
    json!({"HostConfig": pick(&b["HostConfig"], HOST_CONFIG), "Config": pick(b, CONFIG)})
}

/// `GET /containers/{id}/json` as dockerd 20.10 (API 1.41) answers it, from the engine's
/// inspect: names with a leading slash, a log driver (docker-py reads it to decide whether
/// it can read logs), and each user network's endpoint without API 1.44's `DNSNames` but
/// with the short id among its `Aliases` once the container has started (dockerd adds it
/// at the first start; docker-compose 1.29 reconnects a container whose short id is not
/// there before it starts it). The DNS server answers the short id either way.
pub fn api_inspect_view(v: &mut Value) {
    if let Some(n) = v["Name"].as_str() {
        v["Name"] = json!(format!("/{n}"));
    }
    if v["HostConfig"].is_object() && v["HostConfig"].get("LogConfig").is_none() {
        v["HostConfig"]["LogConfig"] = json!({"Type": "json-file", "Config": {}});
    }
    if let Some(o) = v.as_object_mut() {
        // ctr's own (the CLI's inspect shows the image's name there).
        o.remove("ImageName");
    }
    // Lists and maps not given are null in dockerd's answer, not empty.
    for (part, keys) in [
        ("HostConfig", &["CapAdd", "CapDrop", "Dns", "DnsOptions", "DnsSearch", "ExtraHosts", "PortBindings"][..]),
        ("Config", &["Entrypoint"][..]),
    ] {
        for k in keys {
            let empty = match &v[part][*k] {
                Value::Array(a) => a.is_empty(),
                Value::Object(o) => o.is_empty(),
                _ => false,
            };
            if empty {
                v[part][*k] = Value::Null;
            }
        }
    }
    // Init and StopTimeout only when set (dockerd omits them otherwise).
    if let Some(hc) = v["HostConfig"].as_object_mut()
        && hc.get("Init") != Some(&Value::Bool(true))
    {
        hc.remove("Init");
    }
    if let Some(cfg) = v["Config"].as_object_mut()
        && cfg.get("StopTimeout").is_some_and(Value::is_null)
    {
        cfg.remove("StopTimeout");
    }
    let started = v["State"]["StartedAt"].as_str().is_some_and(|s| !s.starts_with("0001-"));
    let short: String = v["Id"].as_str().unwrap_or("").chars().take(12).collect();
    for (_, ep) in v["NetworkSettings"]["Networks"].as_object_mut().into_iter().flatten() {
        let Some(ep) = ep.as_object_mut() else { continue };
        // Only user networks' endpoints carry DNSNames.
        if ep.remove("DNSNames").is_none() || !started || short.is_empty() {
            continue;
        }
        let mut aliases = strs(ep.get("Aliases").unwrap_or(&Value::Null));
        if !aliases.contains(&short) {
            aliases.push(short.clone());
        }
        ep.insert("Aliases".into(), json!(aliases));
    }
}

/// Docker's resource fields of a HostConfig (or an update body) as the CLI's flags, so
/// one set of checks applies to both.
pub fn resource_args(hc: &Value) -> crate::cgroups::LimitRequest {
    crate::cgroups::LimitRequest {
        memory: num(&hc["Memory"]).map(|m| m.to_string()),
        memory_reservation: num(&hc["MemoryReservation"]).map(|m| m.to_string()),
        memory_swap: num(&hc["MemorySwap"]).map(|m| m.to_string()),
        cpus: num(&hc["NanoCpus"]).map(|n| n as f64 / 1e9),
        cpu_shares: num(&hc["CpuShares"]).map(|n| n as u64),
        cpu_weight: None,
        cpu_quota: num(&hc["CpuQuota"]),
        cpu_period: num(&hc["CpuPeriod"]).map(|n| n as u64),
        cpuset_cpus: hc["CpusetCpus"].as_str().filter(|s| !s.is_empty()).map(String::from),
        cpuset_mems: hc["CpusetMems"].as_str().filter(|s| !s.is_empty()).map(String::from),
        pids_limit: num(&hc["PidsLimit"]),
        blkio_weight: num(&hc["BlkioWeight"]).map(|n| n as u64),
    }
}

/// `HostConfig.Devices` (`{PathOnHost, PathInContainer, CgroupPermissions}`) as `--device`
/// values, and `DeviceRequests` of the `cdi` driver (docker 25's form of a CDI
/// `--device`) as CDI names; other device requests (GPUs by count or capability) are
/// refused: ctr has no device drivers.
fn api_devices(hc: &Value) -> Result<Vec<String>, EngineError> {
    let mut out = Vec::new();
    for d in hc["Devices"].as_array().into_iter().flatten() {
        let host = d["PathOnHost"].as_str().unwrap_or("");
        let inside = d["PathInContainer"].as_str().filter(|s| !s.is_empty()).unwrap_or(host);
        let perms = d["CgroupPermissions"].as_str().filter(|s| !s.is_empty()).unwrap_or("rwm");
        out.push(format!("{host}:{inside}:{perms}"));
    }
    for r in hc["DeviceRequests"].as_array().into_iter().flatten() {
        match r["Driver"].as_str() {
            Some("cdi") => out.extend(strs(&r["DeviceIDs"])),
            other => {
                return Err(EngineError::new(
                    ErrorKind::NotSupported,
                    format!(
                        "DeviceRequests with driver {:?}: ctr has no device drivers; give devices as --device paths or CDI names",
                        other.unwrap_or("")
                    ),
                ));
            }
        }
    }
    Ok(out)
}

/// `POST /containers/{id}/update`: resource limits and the restart policy, as docker
/// takes them (the body is a HostConfig's fields).
pub async fn update(ctx: &Arc<Ctx>, req: Request<Incoming>, id: String) -> Resp {
    let body = match read_json(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    engine_call(ctx, 200, move |e| {
        let res = resource_args(&body);
        let limits = res.limits()?;
        let policy = match body["RestartPolicy"]["Name"].as_str() {
            Some(name) => Some(crate::engine::policy::RestartPolicy::from_api(
                name,
                body["RestartPolicy"]["MaximumRetryCount"].as_i64().unwrap_or(0),
            )?),
            None => None,
        };
        // The limits first: a refused limit leaves the restart policy as it was too.
        if !limits.is_empty() {
            e.update_container(&id, &limits)?;
        }
        if let Some(p) = policy {
            e.set_restart_policy(&id, &p)?;
        }
        Ok(json!({"Warnings": []}))
    })
    .await
}

pub async fn create(ctx: &Arc<Ctx>, req: Request<Incoming>, name: Option<String>) -> Resp {
    let body = match read_json(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let ctx2 = ctx.clone();
    engine_call(ctx, 201, move |e| {
        let mut o = create_options(name, &body)?;
        // A short name found through the unqualified-search registries, as the CLI finds it.
        if e.resolve_image(&o.image).is_err()
            && let Some(q) = e.resolve_short_name(&o.image)
        {
            o.image = q;
        }
        // Docker's words: clients (the docker CLI, docker-py) pull on "No such image".
        if let Err(err) = e.resolve_image(&o.image)
            && err.kind == ErrorKind::NotFound
        {
            return Err(EngineError::not_found(format!("No such image: {}", o.image)));
        }
        let rec = e.create_container(&o)?;
        ctx2.event("container", "create", &rec.id, &rec.name, &o.image);
        Ok(json!({"Id": rec.id, "Warnings": []}))
    })
    .await
}

/// A monitor connection handed from `start` to a waiting `attach`.
pub struct Handover {
    pub sock: UnixStream,
    pub early: Vec<(u8, Vec<u8>)>,
    /// (id, name, image) when this is the start connection: its EXIT is recorded.
    pub who: Option<(String, String, String)>,
}

pub async fn start(ctx: &Arc<Ctx>, id: String) -> Resp {
    let ctx2 = ctx.clone();
    engine_call(ctx, 204, move |e| {
        let rec = e.current(&id)?;
        if rec.state == ContainerState::Running {
            return Ok(super::handlers::not_modified());
        }
        let (rec, mut sock) = e.start_container(&rec.id)?;
        let early = crate::engine::local::containers::await_started(&mut sock)?;
        ctx2.event("container", "start", &rec.id, &rec.name, &rec.image_name);
        // An attach waiting for this start gets the monitor connection; else it is
        // read here to its end, for the exit code.
        let who = (rec.id.clone(), rec.name.clone(), rec.image_name.clone());
        match ctx2.pending.lock().unwrap().remove(&rec.id) {
            Some(tx) => {
                let _ = tx.send(Handover { sock, early, who: Some(who) });
            }
            None => watch_exit(&ctx2, sock, who.0, who.1, who.2),
        }
        Ok(Value::Null)
    })
    .await
}

/// Reads a start connection to its end: records the exit code and emits die (and
/// destroy, for --rm).
fn watch_exit(ctx: &Arc<Ctx>, mut sock: UnixStream, id: String, name: String, image: String) {
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let mut code = None;
        while let Ok(Some((kind, payload))) = proto::read_frame(&mut sock) {
            if kind == proto::EXIT {
                code = std::str::from_utf8(&payload).ok().and_then(|c| c.parse::<i64>().ok());
                break;
            }
        }
        exited(&ctx, &id, &name, &image, code);
    });
}

/// Records an exit seen on a monitor connection.
fn exited(ctx: &Arc<Ctx>, id: &str, name: &str, image: &str, code: Option<i64>) {
    let code = code.unwrap_or(-1);
    ctx.exits.lock().unwrap().insert(id.to_string(), (code, crate::timefmt::now_ns()));
    ctx.event_with("container", "die", id, name, image, &[("exitCode", code.to_string())]);
    if let Ok(e) = LocalEngine::open(&ctx.root, &ctx.runroot)
        && e.container(id).is_err()
    {
        ctx.event("container", "destroy", id, name, image);
    }
}

pub async fn stop(ctx: &Arc<Ctx>, id: String, q: &HashMap<String, String>, restart: bool) -> Resp {
    let t = q.get("t").and_then(|t| t.parse::<u64>().ok());
    let ctx2 = ctx.clone();
    engine_call(ctx, 204, move |e| {
        let rec = e.current(&id)?;
        let running = rec.state.is_active();
        if !running && !restart {
            return Ok(super::handlers::not_modified());
        }
        e.stop_container(&rec.id, t.map(Duration::from_secs))?;
        if restart {
            let (_, mut sock) = e.start_container(&rec.id)?;
            crate::engine::local::containers::await_started(&mut sock)?;
            ctx2.event("container", "restart", &rec.id, &rec.name, &rec.image_name);
            watch_exit(&ctx2, sock, rec.id.clone(), rec.name.clone(), rec.image_name.clone());
        } else {
            ctx2.event("container", "stop", &rec.id, &rec.name, &rec.image_name);
        }
        Ok(Value::Null)
    })
    .await
}

pub async fn kill(ctx: &Arc<Ctx>, id: String, q: &HashMap<String, String>) -> Resp {
    let sig = q.get("signal").map(String::as_str).unwrap_or("KILL").to_string();
    let Some(n) = parse_signal(&sig) else {
        return error(&EngineError::invalid(format!("invalid signal {sig:?}: use a name like TERM or a number")));
    };
    let ctx2 = ctx.clone();
    engine_call(ctx, 204, move |e| {
        let rec = e.kill_by_user(&id, n)?;
        ctx2.event_with("container", "kill", &rec.id, &rec.name, &rec.image_name, &[("signal", n.to_string())]);
        Ok(Value::Null)
    })
    .await
}

/// `POST /containers/{id}/pause` and `/unpause`: 204, or dockerd's 409s.
pub async fn pause(ctx: &Arc<Ctx>, id: String, on: bool) -> Resp {
    let ctx2 = ctx.clone();
    engine_call(ctx, 204, move |e| {
        let rec = if on { e.pause_container(&id)? } else { e.unpause_container(&id)? };
        ctx2.event("container", if on { "pause" } else { "unpause" }, &rec.id, &rec.name, &rec.image_name);
        Ok(Value::Null)
    })
    .await
}

pub async fn wait(ctx: &Arc<Ctx>, id: String, q: &HashMap<String, String>) -> Resp {
    let condition = q.get("condition").cloned().unwrap_or_else(|| "not-running".into());
    if !["not-running", "next-exit", "removed"].contains(&condition.as_str()) {
        return error(&EngineError::invalid(format!(
            "invalid condition {condition:?}: use not-running, next-exit or removed"
        )));
    }
    // Resolve first so an unknown container is a 404 before the stream starts.
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let rec = match tokio::task::spawn_blocking(move || LocalEngine::open(&root, &runroot)?.current(&id)).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return error(&e),
        Err(e) => return error(&EngineError::new(ErrorKind::Internal, e.to_string())),
    };
    let (mut tx, resp) = streamed(200, "application/json");
    let ctx = ctx.clone();
    let since = crate::timefmt::now_ns();
    tokio::spawn(async move {
        let code =
            tokio::task::spawn_blocking(move || wait_condition(&ctx, &rec.id, &condition, since)).await.unwrap_or(-1);
        let _ = tx.send_data(Bytes::from(format!("{{\"StatusCode\":{code},\"Error\":null}}\n"))).await;
    });
    resp
}

/// Docker's wait conditions, on the store: not-running returns at once for a stopped
/// container; next-exit waits for an exit after `since` (the container may not have
/// started yet); removed waits for the record to go.
fn wait_condition(ctx: &Arc<Ctx>, id: &str, condition: &str, since: i64) -> i64 {
    let Ok(mut e) = LocalEngine::open(&ctx.root, &ctx.runroot) else { return -1 };
    let mut code = -1;
    // The code seen on the monitor connection (recorded just after the removal).
    let seen = |code: i64| -> i64 {
        for _ in 0..100 {
            if let Some((c, t)) = ctx.exits.lock().unwrap().get(id)
                && *t >= since
            {
                return *c;
            }
            if code >= 0 {
                return code;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        code
    };
    loop {
        let rec = match e.container(id).and_then(|r| e.reconcile(r)) {
            Ok(r) => r,
            // Gone (--rm): its exit code was seen on the monitor connection.
            Err(_) => return seen(code),
        };
        let stopped = matches!(rec.state, ContainerState::Exited | ContainerState::Created);
        match rec.state {
            ContainerState::Running | ContainerState::Stopping | ContainerState::Restarting => {
                if let Ok(Some(c)) = e.wait_container(id, Some(Duration::from_secs(3600))) {
                    code = c;
                    if condition != "removed" {
                        return c;
                    }
                }
                continue;
            }
            _ if stopped && rec.state == ContainerState::Exited && rec.finished_at >= since => {
                code = rec.exit_code;
                if condition != "removed" {
                    return code;
                }
            }
            _ if condition == "not-running" => return rec.exit_code,
            ContainerState::Exited => code = rec.exit_code,
            _ => {}
        }
        std::thread::sleep(Duration::from_millis(15));
    }
}

pub async fn remove(ctx: &Arc<Ctx>, id: String, q: &HashMap<String, String>) -> Resp {
    let (force, vols) = (truthy(q, "force"), truthy(q, "v"));
    let ctx2 = ctx.clone();
    engine_call(ctx, 204, move |e| {
        let volumes = if vols { e.container_volume_names(&id).unwrap_or_default() } else { Vec::new() };
        let rec = e.remove_container(&id, force)?;
        e.remove_anonymous_volumes(&volumes)?;
        ctx2.event("container", "destroy", &rec.id, &rec.name, &rec.image_name);
        Ok(Value::Null)
    })
    .await
}

pub async fn prune(ctx: &Arc<Ctx>) -> Resp {
    engine_call(ctx, 200, |e| {
        let (ids, size) = e.prune_containers()?;
        Ok(json!({"ContainersDeleted": ids, "SpaceReclaimed": size}))
    })
    .await
}

pub async fn top(ctx: &Arc<Ctx>, id: String) -> Resp {
    engine_call(ctx, 200, move |e| {
        let rows = e.top_container(&id)?;
        Ok(json!({"Titles": ["UID", "PID", "PPID", "CMD"], "Processes": rows}))
    })
    .await
}

/// Docker's stats object for one moment; `pre` is the previous one's cpu_stats.
fn stats_value(e: &mut LocalEngine, id: &str, pre: &Value) -> Result<Value, EngineError> {
    let rec = e.current(id)?;
    let s = e.stats_report(&rec);
    let ncpu = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let now = crate::timefmt::now_ns();
    // What ctr cannot measure (no cgroup of the container's own) is left out, as dockerd
    // leaves out what its cgroup lacks.
    let mut memory = json!({"limit": s.mem_limit});
    if let Some(m) = s.mem_usage {
        memory["usage"] = json!(m);
    }
    let (rx, tx) = s.net.unwrap_or_default();
    let (rd, wr) = s.block.unwrap_or_default();
    Ok(json!({
        "read": crate::timefmt::format_rfc3339_nanos(now),
        "id": rec.id,
        "name": format!("/{}", rec.name),
        "pids_stats": {"current": s.pids},
        "memory_stats": memory,
        "cpu_stats": {"online_cpus": ncpu, "cpu_usage": {"total_usage": s.cpu_nanos}, "system_cpu_usage": now * ncpu as i64},
        "precpu_stats": pre,
        "networks": {"eth0": {"rx_bytes": rx, "tx_bytes": tx}},
        "blkio_stats": {"io_service_bytes_recursive": [
            {"op": "read", "value": rd}, {"op": "write", "value": wr}]},
    }))
}

/// `GET /containers/{id}/stats`: one object with stream=false (or one-shot), else one a
/// second until the client goes or the container stops.
pub async fn stats(ctx: &Arc<Ctx>, id: String, q: &HashMap<String, String>) -> Resp {
    let stream = q.get("stream").is_none_or(|v| v == "1" || v == "true" || v == "True") && !truthy(q, "one-shot");
    if !stream {
        // dockerd's stream=false: two samples a second apart, so precpu_stats gives a CPU
        // share; one-shot: the one sample, no precpu.
        let one_shot = truthy(q, "one-shot");
        return engine_call(ctx, 200, move |e| {
            let first = stats_value(e, &id, &json!({}))?;
            if one_shot {
                return Ok(first);
            }
            std::thread::sleep(Duration::from_secs(1));
            stats_value(e, &id, &first["cpu_stats"])
        })
        .await;
    }
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let id2 = id.clone();
    let first = tokio::task::spawn_blocking(move || {
        let mut e = LocalEngine::open(&root, &runroot)?;
        stats_value(&mut e, &id2, &json!({}))
    })
    .await;
    let first = match first {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return error(&e),
        Err(e) => return error(&EngineError::new(ErrorKind::Internal, e.to_string())),
    };
    let (mut tx, resp) = streamed(200, "application/json");
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let Ok(mut e) = LocalEngine::open(&root, &runroot) else { return };
        let mut v = first;
        loop {
            let mut line = serde_json::to_vec(&v).unwrap_or_default();
            line.push(b'\n');
            if handle.block_on(tx.send_data(Bytes::from(line))).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_secs(1));
            let pre = v["cpu_stats"].clone();
            match stats_value(&mut e, &id, &pre) {
                Ok(n) if e.current(&id).is_ok_and(|r| r.state == ContainerState::Running) => v = n,
                _ => return,
            }
        }
    });
    resp
}

pub async fn logs(ctx: &Arc<Ctx>, id: String, q: &HashMap<String, String>) -> Resp {
    let (want_out, want_err) = (truthy(q, "stdout"), truthy(q, "stderr"));
    let o = LogOptions {
        follow: truthy(q, "follow"),
        tail: q.get("tail").and_then(|t| t.parse().ok()),
        timestamps: truthy(q, "timestamps"),
        since: q.get("since").and_then(|s| s.parse::<f64>().ok()).filter(|s| *s > 0.0).map(|s| (s * 1e9) as i64),
        until: q.get("until").and_then(|s| s.parse::<f64>().ok()).filter(|s| *s > 0.0).map(|s| (s * 1e9) as i64),
    };
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    // The log file is opened before the answer goes out: a client that removes the
    // container before reading the stream (docker-py's containers.run) still gets it all.
    let found = tokio::task::spawn_blocking(move || {
        let e = LocalEngine::open(&root, &runroot)?;
        let rec = e.container(&id)?;
        let file = e.open_log(&rec.id);
        Ok::<_, EngineError>((rec, file))
    });
    let (rec, file) = match found.await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return error(&e),
        Err(e) => return error(&EngineError::new(ErrorKind::Internal, e.to_string())),
    };
    let tty = ContainerConfig::of(&rec).tty;
    let ct = if tty { "application/vnd.docker.raw-stream" } else { "application/vnd.docker.multiplexed-stream" };
    let (mut tx, resp) = streamed(200, ct);
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let Ok(mut e) = LocalEngine::open(&root, &runroot) else { return };
        let _ = e.logs_from(&rec, file, &o, &mut |stream, line, time| {
            let is_err = stream == "stderr";
            if (is_err && !want_err) || (!is_err && !want_out) {
                return Ok(());
            }
            let mut data = Vec::new();
            if o.timestamps {
                data.extend_from_slice(time.as_bytes());
                data.push(b' ');
            }
            data.extend_from_slice(line.as_bytes());
            let frame = if tty { data } else { mux(if is_err { 2 } else { 1 }, &data) };
            handle.block_on(tx.send_data(Bytes::from(frame))).map_err(|_| std::io::Error::other("client gone"))
        });
    });
    resp
}

/// Docker's multiplexed stream frame: [stream, 0, 0, 0, len u32 BE] + data.
pub fn mux(stream: u8, data: &[u8]) -> Vec<u8> {
    let mut f = Vec::with_capacity(8 + data.len());
    f.extend_from_slice(&[stream, 0, 0, 0]);
    f.extend_from_slice(&(data.len() as u32).to_be_bytes());
    f.extend_from_slice(data);
    f
}

pub async fn resize(ctx: &Arc<Ctx>, id: String, q: &HashMap<String, String>) -> Resp {
    let h = q.get("h").and_then(|v| v.parse::<u16>().ok()).unwrap_or(0);
    let w = q.get("w").and_then(|v| v.parse::<u16>().ok()).unwrap_or(0);
    engine_call(ctx, 200, move |e| {
        let rec = e.current(&id)?;
        if rec.state != ContainerState::Running {
            return Err(EngineError::conflict(format!("container {} is not running", rec.name)));
        }
        let (_, mut s) = e.attach_container(&rec.id)?;
        let (hb, wb) = (h.to_be_bytes(), w.to_be_bytes());
        proto::write_frame(&mut s, proto::RESIZE, &[hb[0], hb[1], wb[0], wb[1]])?;
        Ok(Value::Null)
    })
    .await
}

fn upgrade_response(wants_upgrade: bool, tty: bool) -> Resp {
    let ct = if tty { "application/vnd.docker.raw-stream" } else { "application/vnd.docker.multiplexed-stream" };
    let b = Response::builder().header("Content-Type", ct).header("Api-Version", super::API_VERSION);
    let b = if wants_upgrade {
        b.status(101).header("Connection", "Upgrade").header("Upgrade", "tcp")
    } else {
        b.status(200)
    };
    b.body(full(Bytes::new())).expect("a valid response")
}

fn wants_upgrade(req: &Request<Incoming>) -> bool {
    req.headers().get("upgrade").is_some()
}

/// `POST /containers/{id}/attach`: before start, waits for `start` to hand over its
/// monitor connection; on a running container, attaches to the monitor.
pub async fn attach(ctx: &Arc<Ctx>, req: Request<Incoming>, id: String, q: &HashMap<String, String>) -> Resp {
    let (stdin, stdout, stderr) = (truthy(q, "stdin"), truthy(q, "stdout"), truthy(q, "stderr"));
    let keys = match crate::engine::detach::parse(q.get("detachKeys").map_or(crate::engine::detach::DEFAULT, |k| k)) {
        Ok(k) => k,
        Err(e) => return error(&EngineError::invalid(e)),
    };
    // Without `stream`: the logs so far (with `logs`), then the end, as dockerd answers.
    if !truthy(q, "stream") {
        return attach_logs(ctx, req, id, truthy(q, "logs"), stdout, stderr).await;
    }
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let ctx2 = ctx.clone();
    let r = tokio::task::spawn_blocking(move || -> Result<_, EngineError> {
        let mut e = LocalEngine::open(&root, &runroot)?;
        let rec = e.current(&id)?;
        let tty = ContainerConfig::of(&rec).tty;
        if rec.state == ContainerState::Running {
            let (_, sock) = e.attach_container(&rec.id)?;
            return Ok((tty, Ok(Handover { sock, early: Vec::new(), who: None })));
        }
        let (tx, rx) = tokio::sync::oneshot::channel();
        ctx2.pending.lock().unwrap().insert(rec.id.clone(), tx);
        Ok((tty, Err(rx)))
    })
    .await;
    let (tty, src) = match r {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return error(&e),
        Err(e) => return error(&EngineError::new(ErrorKind::Internal, e.to_string())),
    };
    let upgrade = wants_upgrade(&req);
    let on_upgrade = hyper::upgrade::on(req);
    let ctx3 = ctx.clone();
    tokio::spawn(async move {
        let h = match src {
            Ok(h) => h,
            Err(rx) => match rx.await {
                Ok(h) => h,
                Err(_) => return,
            },
        };
        let Ok(up) = on_upgrade.await else { return };
        let io = hyper_util::rt::TokioIo::new(up);
        let _ = bridge(&ctx3, io, h, tty, Wanted { stdin, stdout, stderr, keys }).await;
    });
    upgrade_response(upgrade, tty)
}

/// `attach` without `stream`: the container's logs so far (if `logs`), on the upgraded
/// connection if the client asked for one, else as the body.
async fn attach_logs(
    ctx: &Arc<Ctx>,
    req: Request<Incoming>,
    id: String,
    logs: bool,
    stdout: bool,
    stderr: bool,
) -> Resp {
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let r = tokio::task::spawn_blocking(move || -> Result<(bool, Vec<u8>), EngineError> {
        let mut e = LocalEngine::open(&root, &runroot)?;
        let rec = e.current(&id)?;
        let tty = ContainerConfig::of(&rec).tty;
        let mut body = Vec::new();
        if logs {
            e.logs(&rec.id, &LogOptions::default(), &mut |stream, line, _| {
                let is_err = stream == "stderr";
                if (is_err && stderr) || (!is_err && stdout) {
                    body.extend(if tty {
                        line.as_bytes().to_vec()
                    } else {
                        mux(if is_err { 2 } else { 1 }, line.as_bytes())
                    });
                }
                Ok(())
            })?;
        }
        Ok((tty, body))
    })
    .await;
    let (tty, body) = match r {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return error(&e),
        Err(e) => return error(&EngineError::new(ErrorKind::Internal, e.to_string())),
    };
    if !wants_upgrade(&req) {
        let ct = if tty { "application/vnd.docker.raw-stream" } else { "application/vnd.docker.multiplexed-stream" };
        return Response::builder()
            .status(200)
            .header("Content-Type", ct)
            .header("Api-Version", super::API_VERSION)
            .body(full(Bytes::from(body)))
            .expect("a valid response");
    }
    let on_upgrade = hyper::upgrade::on(req);
    tokio::spawn(async move {
        let Ok(up) = on_upgrade.await else { return };
        let mut io = hyper_util::rt::TokioIo::new(up);
        let _ = io.write_all(&body).await;
        let _ = io.shutdown().await;
    });
    upgrade_response(true, tty)
}

/// What an attach asked for: its streams, and the detach keys.
struct Wanted {
    stdin: bool,
    stdout: bool,
    stderr: bool,
    keys: Vec<u8>,
}

/// Copies the monitor's frames to the client (multiplexed without a tty) and the
/// client's bytes to the container's stdin, until the container exits.
async fn bridge<S>(ctx: &Arc<Ctx>, io: S, h: Handover, tty: bool, wanted: Wanted) -> std::io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let Wanted { stdin, stdout, stderr, keys } = wanted;
    let who = h.who.clone();
    let mut code = None;
    h.sock.set_nonblocking(true)?;
    let mon = tokio::net::UnixStream::from_std(h.sock)?;
    let (mut mr, mut mw) = mon.into_split();
    let (mut cr, mut cw) = tokio::io::split(io);
    let write_out = |kind: u8, d: &[u8]| -> Option<Vec<u8>> {
        match kind {
            proto::STDOUT if stdout => Some(if tty { d.to_vec() } else { mux(1, d) }),
            proto::STDERR if stderr => Some(if tty { d.to_vec() } else { mux(2, d) }),
            _ => None,
        }
    };
    for (k, d) in &h.early {
        if let Some(b) = write_out(*k, d) {
            cw.write_all(&b).await?;
        }
    }
    // The client's end of input closes the container's stdin, but never our side of the
    // monitor connection (dropping the write half would shut it down: a detach, and no
    // EXIT). The task is aborted when the container exits.
    // The detach keys on stdin end the attach (the monitor sees this connection go) and
    // leave the container running.
    let (detach_tx, mut detached) = tokio::sync::oneshot::channel::<()>();
    let input = tokio::spawn(async move {
        let mut buf = vec![0u8; 32 * 1024];
        let mut keys = crate::engine::detach::Matcher::new(keys);
        loop {
            let n = cr.read(&mut buf).await.unwrap_or(0);
            if stdin {
                let (data, detach) = keys.feed(&buf[..n]);
                let mut f = Vec::new();
                if n == 0 || !data.is_empty() {
                    let _ = proto::write_frame(&mut f, proto::STDIN, &data);
                }
                if mw.write_all(&f).await.is_err() {
                    break;
                }
                if detach {
                    let _ = detach_tx.send(());
                    return;
                }
            }
            if n == 0 {
                break;
            }
        }
        std::future::pending::<()>().await;
        drop(mw);
    });
    let mut detach = false;
    loop {
        let mut head = [0u8; 5];
        let read = tokio::select! {
            r = mr.read_exact(&mut head) => r.is_ok(),
            d = &mut detached => {
                detach = d.is_ok();
                false
            }
        };
        if !read {
            break;
        }
        let len = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
        if len > 16 << 20 {
            break;
        }
        let mut payload = vec![0u8; len];
        if mr.read_exact(&mut payload).await.is_err() {
            break;
        }
        match head[0] {
            proto::EXIT => {
                code = std::str::from_utf8(&payload).ok().and_then(|c| c.parse::<i64>().ok());
                break;
            }
            proto::ERROR => {
                let text = String::from_utf8_lossy(&payload).into_owned();
                let msg = text.split_once('\n').map(|(_, m)| m).unwrap_or(&text).to_string();
                let _ = cw.write_all(&if tty { msg.into_bytes() } else { mux(2, msg.as_bytes()) }).await;
                break;
            }
            k => {
                if let Some(b) = write_out(k, &payload)
                    && cw.write_all(&b).await.is_err()
                {
                    break;
                }
            }
        }
    }
    input.abort();
    if let Some((id, name, image)) = who.filter(|_| !detach) {
        let ctx = ctx.clone();
        tokio::task::spawn_blocking(move || exited(&ctx, &id, &name, &image, code));
    }
    cw.flush().await?;
    cw.shutdown().await
}

/// `POST /containers/{id}/exec`: records what to run; `exec/{id}/start` runs it.
pub async fn exec_create(ctx: &Arc<Ctx>, req: Request<Incoming>, id: String) -> Resp {
    let body = match read_json(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let ctx2 = ctx.clone();
    engine_call(ctx, 201, move |e| {
        let rec = e.current(&id)?;
        if rec.state != ContainerState::Running {
            return Err(EngineError::conflict(format!("container {} is not running", rec.name)));
        }
        if e.is_paused(&rec) {
            return Err(EngineError::conflict(format!(
                "Container {} is paused, unpause the container before exec",
                rec.id
            )));
        }
        let o = exec_options(&body)?;
        let req = crate::runtime::exec::ExecRequest {
            pid: e.init_pid(&rec)? as i32,
            bundle: e.bundle(&rec.id),
            args: o.args,
            env: o.env,
            workdir: o.workdir,
            user: o.user,
            tty: o.tty,
        };
        let exec_id = crate::engine::local::containers::new_id();
        ctx2.execs.lock().unwrap().insert(
            exec_id.clone(),
            Exec {
                container: rec.id.clone(),
                req,
                attach_stdin: o.attach_stdin,
                detach_keys: o.detach_keys,
                running: false,
                exit_code: None,
                pid: 0,
                resize: None,
            },
        );
        Ok(json!({"Id": exec_id}))
    })
    .await
}

/// What an exec create body asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecOptions {
    pub args: Vec<String>,
    pub env: Vec<String>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub tty: bool,
    pub attach_stdin: bool,
    pub detach_keys: Vec<u8>,
}

/// Docker's exec create body -> what to run.
pub fn exec_options(body: &Value) -> Result<ExecOptions, EngineError> {
    let args = strs(&body["Cmd"]);
    if args.is_empty() {
        return Err(EngineError::invalid("exec: no command given (Cmd is empty)"));
    }
    let detach_keys = crate::engine::detach::parse(
        body["DetachKeys"].as_str().filter(|k| !k.is_empty()).unwrap_or(crate::engine::detach::DEFAULT),
    )
    .map_err(EngineError::invalid)?;
    Ok(ExecOptions {
        args,
        env: strs(&body["Env"]),
        workdir: body["WorkingDir"].as_str().filter(|s| !s.is_empty()).map(String::from),
        user: body["User"].as_str().filter(|s| !s.is_empty()).map(String::from),
        tty: body["Tty"].as_bool().unwrap_or(false),
        attach_stdin: body["AttachStdin"].as_bool().unwrap_or(false),
        detach_keys,
    })
}

pub struct Exec {
    pub container: String,
    pub req: crate::runtime::exec::ExecRequest,
    pub attach_stdin: bool,
    /// Bytes on the attached stdin that end the session (the exec runs on).
    pub detach_keys: Vec<u8>,
    pub running: bool,
    pub exit_code: Option<i32>,
    pub pid: u32,
    /// With a tty: where exec/{id}/resize writes the new size.
    pub resize: Option<std::io::PipeWriter>,
}

pub async fn exec_start(ctx: &Arc<Ctx>, req: Request<Incoming>, exec_id: String) -> Resp {
    let upgrade = wants_upgrade(&req);
    let mut req = req;
    let on_upgrade = hyper::upgrade::on(&mut req);
    let body = match read_json(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let detach = body["Detach"].as_bool().unwrap_or(false);
    let (r, stdin_wanted, keys) = {
        let mut execs = ctx.execs.lock().unwrap();
        let Some(x) = execs.get_mut(&exec_id) else {
            return error(&EngineError::not_found(format!("no such exec instance: {exec_id}")));
        };
        if x.running || x.exit_code.is_some() {
            return error(&EngineError::conflict(format!("exec {exec_id} has already run")));
        }
        x.running = true;
        (x.req.clone(), x.attach_stdin && !detach, x.detach_keys.clone())
    };
    let tty = r.tty;
    let mut cmd = std::process::Command::new("/proc/self/exe");
    cmd.arg("__exec").arg(serde_json::to_string(&r).unwrap_or_default());
    // With a tty, exec/{id}/resize reaches the pty through a pipe the exec process polls.
    let mut resize_read = None;
    if tty && let Ok((rd, mut wr)) = std::io::pipe() {
        use std::os::fd::AsRawFd;
        // SAFETY: clearing close-on-exec on a pipe end we own, for the child to inherit.
        unsafe { libc::fcntl(rd.as_raw_fd(), libc::F_SETFD, 0) };
        cmd.env(crate::runtime::exec::RESIZE_FD_ENV, rd.as_raw_fd().to_string());
        if let Some([h, w]) =
            body["ConsoleSize"].as_array().and_then(|a| Some([a.first()?.as_u64()? as u16, a.get(1)?.as_u64()? as u16]))
            && h > 0
            && w > 0
        {
            use std::io::Write;
            let (hb, wb) = (h.to_be_bytes(), w.to_be_bytes());
            let _ = wr.write_all(&[hb[0], hb[1], wb[0], wb[1]]);
        }
        resize_read = Some(rd);
        if let Some(x) = ctx.execs.lock().unwrap().get_mut(&exec_id) {
            x.resize = Some(wr);
        }
    }
    use std::process::Stdio;
    cmd.stdin(if stdin_wanted { Stdio::piped() } else { Stdio::null() });
    if detach {
        cmd.stdout(Stdio::null()).stderr(Stdio::null());
    } else {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    let spawn = {
        let ctx = ctx.clone();
        let exec_id = exec_id.clone();
        move |mut cmd: std::process::Command| {
            let child = cmd.spawn();
            drop(resize_read);
            if let (Ok(c), Some(x)) = (&child, ctx.execs.lock().unwrap().get_mut(&exec_id)) {
                x.pid = c.id();
            }
            child
        }
    };
    let finish = {
        let ctx = ctx.clone();
        let exec_id = exec_id.clone();
        move |status: std::io::Result<std::process::ExitStatus>| {
            use std::os::unix::process::ExitStatusExt;
            let code = status.map(|s| s.code().unwrap_or_else(|| 128 + s.signal().unwrap_or(0))).unwrap_or(-1);
            if let Some(x) = ctx.execs.lock().unwrap().get_mut(&exec_id) {
                x.running = false;
                x.exit_code = Some(code);
                x.resize = None;
            }
        }
    };
    if detach {
        return match spawn(cmd) {
            Ok(mut child) => {
                std::thread::spawn(move || finish(child.wait()));
                empty(200)
            }
            Err(e) => {
                finish(Err(std::io::Error::other("not started")));
                error(&EngineError::new(ErrorKind::Internal, format!("cannot start exec: {e}")))
            }
        };
    }
    // Without a terminal, the process starts once the client has the upgrade's answer, as
    // with dockerd: a client reading the raw stream from the socket (docker-py) would
    // otherwise lose output that came in with the headers, into its HTTP reader's buffer.
    // With one, at once: the client's first resize (API 1.41 has no ConsoleSize at start)
    // then comes while the process is still starting, before its command runs.
    let (early, later) = if tty { (Some(spawn(cmd)), None) } else { (None, Some((spawn, cmd))) };
    tokio::spawn(async move {
        let Ok(up) = on_upgrade.await else {
            match early {
                Some(Ok(mut c)) => {
                    let _ = c.kill();
                    finish(c.wait())
                }
                _ => finish(Err(std::io::Error::other("the client did not take the upgraded connection"))),
            }
            return;
        };
        let mut io = hyper_util::rt::TokioIo::new(up);
        let started = match (early, later) {
            (Some(r), _) => r,
            (None, Some((spawn, cmd))) => spawn(cmd),
            (None, None) => Err(std::io::Error::other("no command to start")),
        };
        let mut child = match started {
            Ok(c) => c,
            Err(e) => {
                let msg = format!("cannot start exec: {e}\n");
                let _ = io.write_all(&if tty { msg.into_bytes() } else { mux(2, msg.as_bytes()) }).await;
                let _ = io.shutdown().await;
                finish(Err(e));
                return;
            }
        };
        let (stdin_pipe, out, err) = (child.stdin.take(), child.stdout.take(), child.stderr.take());
        let (mut cr, cw) = tokio::io::split(io);
        let cw = Arc::new(tokio::sync::Mutex::new(cw));
        // The detach keys end the session; the process runs on (its stdin stays open).
        let (detach_tx, detached) = tokio::sync::oneshot::channel::<tokio::net::unix::pipe::Sender>();
        if let Some(pipe) = stdin_pipe {
            tokio::spawn(async move {
                let Ok(mut w) = tokio::net::unix::pipe::Sender::from_owned_fd(std::os::fd::OwnedFd::from(pipe)) else {
                    return;
                };
                let mut keys = crate::engine::detach::Matcher::new(keys);
                let mut buf = vec![0u8; 32 * 1024];
                while let Ok(n) = cr.read(&mut buf).await {
                    let (data, detach) = keys.feed(&buf[..n]);
                    if n == 0 || w.write_all(&data).await.is_err() {
                        break;
                    }
                    if detach {
                        let _ = detach_tx.send(w);
                        return;
                    }
                }
            });
        }
        let pump = |fd: Option<std::os::fd::OwnedFd>, stream: u8| {
            let cw = cw.clone();
            tokio::spawn(async move {
                let Some(fd) = fd else { return };
                let Ok(mut r) = tokio::net::unix::pipe::Receiver::from_owned_fd(fd) else { return };
                let mut buf = vec![0u8; 32 * 1024];
                while let Ok(n) = r.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                    let b = if tty { buf[..n].to_vec() } else { mux(stream, &buf[..n]) };
                    if cw.lock().await.write_all(&b).await.is_err() {
                        break;
                    }
                }
            })
        };
        let a = pump(out.map(std::os::fd::OwnedFd::from), 1);
        let b = pump(err.map(std::os::fd::OwnedFd::from), 2);
        let (aa, ba) = (a.abort_handle(), b.abort_handle());
        let ended = async {
            let _ = a.await;
            let _ = b.await;
        };
        tokio::select! {
            _ = ended => {
                let status = tokio::task::spawn_blocking(move || child.wait())
                    .await
                    .unwrap_or_else(|e| Err(std::io::Error::other(e)));
                finish(status);
            }
            Ok(stdin) = detached => {
                // Detached: the session ends now; the exec's end is recorded when it comes.
                aa.abort();
                ba.abort();
                tokio::task::spawn_blocking(move || {
                    let _keep_stdin_open = stdin;
                    finish(child.wait())
                });
            }
        }
        let mut w = cw.lock().await;
        let _ = w.flush().await;
        let _ = w.shutdown().await;
    });
    upgrade_response(upgrade, tty)
}

/// `POST /exec/{id}/resize?h=&w=`: the exec's terminal size (only an exec with a tty has one).
pub fn exec_resize(ctx: &Arc<Ctx>, exec_id: &str, q: &HashMap<String, String>) -> Resp {
    let h = q.get("h").and_then(|v| v.parse::<u16>().ok()).unwrap_or(0);
    let w = q.get("w").and_then(|v| v.parse::<u16>().ok()).unwrap_or(0);
    let mut execs = ctx.execs.lock().unwrap();
    let Some(x) = execs.get_mut(exec_id) else {
        return error(&EngineError::not_found(format!("no such exec instance: {exec_id}")));
    };
    let Some(pipe) = x.resize.as_mut() else {
        return error(&EngineError::conflict(format!(
            "exec {exec_id} has no terminal to resize (not started with Tty, or done)"
        )));
    };
    use std::io::Write;
    let (hb, wb) = (h.to_be_bytes(), w.to_be_bytes());
    match pipe.write_all(&[hb[0], hb[1], wb[0], wb[1]]) {
        Ok(()) => empty(200),
        Err(e) => error(&EngineError::conflict(format!("exec {exec_id}: its terminal is gone: {e}"))),
    }
}

pub fn exec_inspect(ctx: &Arc<Ctx>, exec_id: &str) -> Resp {
    let execs = ctx.execs.lock().unwrap();
    let Some(x) = execs.get(exec_id) else {
        return error(&EngineError::not_found(format!("no such exec instance: {exec_id}")));
    };
    json(
        200,
        &json!({
            "ID": exec_id,
            "ContainerID": x.container,
            "Running": x.running,
            "ExitCode": x.exit_code,
            "Pid": x.pid,
            "OpenStdin": x.attach_stdin,
            "ProcessConfig": {"entrypoint": x.req.args.first(), "arguments": x.req.args.get(1..).unwrap_or(&[]), "tty": x.req.tty, "user": x.req.user},
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing (fuzz/fuzz_targets/api_bodies.rs): a tmpfs mount sent by a remote
    /// ctr without size or mode became `size=0` (no limit) and mode 0000.
    #[test]
    fn tmpfs_zeros_are_not_set() {
        let body = json!({"Image": "busybox", "HostConfig": {"Mounts": [
            {"Type": "tmpfs", "Target": "/t", "TmpfsOptions": {"SizeBytes": 0, "Mode": 0}},
            {"Type": "tmpfs", "Target": "/u", "TmpfsOptions": {"SizeBytes": 1024, "Mode": 0o1777}},
        ]}});
        let o = create_options(None, &body).unwrap();
        assert_eq!(o.mounts, ["type=tmpfs,target=/t", "type=tmpfs,target=/u,tmpfs-size=1024,tmpfs-mode=1777"]);
        let cli = CreateOptions {
            image: "busybox".into(),
            mounts: vec!["type=tmpfs,target=/t".into()],
            ..Default::default()
        };
        let sent = crate::engine::remote_engine::create_body(&cli).unwrap();
        assert_eq!(create_options(None, &sent).unwrap().mounts, cli.mounts);
    }
}
