//! The endpoints: each maps to the local engine, as the CLI does.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response};
use serde_json::{Value, json};

use super::{API_VERSION, MIN_API_VERSION, json};
use crate::engine::local::LocalEngine;
use crate::engine::{EngineError, ErrorKind};

pub struct Ctx {
    pub root: PathBuf,
    pub runroot: PathBuf,
}

type Resp = Response<Full<Bytes>>;

fn status_of(k: ErrorKind) -> u16 {
    match k {
        ErrorKind::NotFound => 404,
        ErrorKind::Conflict => 409,
        ErrorKind::InvalidArgument => 400,
        ErrorKind::Unauthorized => 401,
        ErrorKind::NotSupported => 501,
        ErrorKind::Unavailable => 502,
        ErrorKind::Internal => 500,
    }
}

fn error(e: &EngineError) -> Resp {
    json(status_of(e.kind), &json!({ "message": e.message }))
}

/// Runs engine code on a blocking thread with its own engine (state connection).
async fn with_engine<F>(ctx: &Arc<Ctx>, f: F) -> Resp
where
    F: FnOnce(&mut LocalEngine) -> Result<Value, EngineError> + Send + 'static,
{
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let r = tokio::task::spawn_blocking(move || {
        let mut e = LocalEngine::open(&root, &runroot)?;
        f(&mut e)
    })
    .await;
    match r {
        Ok(Ok(v)) => json(200, &v),
        Ok(Err(e)) => error(&e),
        Err(e) => json(500, &json!({ "message": format!("internal error: {e}") })),
    }
}

fn query(req: &Request<Incoming>) -> HashMap<String, String> {
    req.uri()
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                match u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn truthy(q: &HashMap<String, String>, k: &str) -> bool {
    q.get(k).is_some_and(|v| v == "1" || v == "true" || v == "True")
}

/// `/v1.41/containers/json` -> `/containers/json`.
fn strip_version(path: &str) -> &str {
    if let Some(rest) = path.strip_prefix("/v")
        && let Some(i) = rest.find('/')
        && rest[..i].chars().all(|c| c.is_ascii_digit() || c == '.')
    {
        return &rest[i..];
    }
    path
}

pub async fn handle(ctx: Arc<Ctx>, req: Request<Incoming>) -> Resp {
    let path = strip_version(req.uri().path()).to_string();
    let q = query(&req);
    let m = req.method().clone();
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (&m, parts.as_slice()) {
        (&Method::GET | &Method::HEAD, ["_ping"]) => ping(&m),
        (&Method::GET, ["version"]) => json(200, &version()),
        (&Method::GET, ["info"]) => with_engine(&ctx, info).await,
        (&Method::GET, ["images", "json"]) => {
            with_engine(&ctx, |e| Ok(serde_json::to_value(e.images()?).map_err(std::io::Error::other)?)).await
        }
        (&Method::GET, ["images", name @ .., "json"]) if !name.is_empty() => {
            let name = decode(&name.join("/"));
            with_engine(
                &ctx,
                move |e| Ok(serde_json::to_value(e.inspect_image(&name)?).map_err(std::io::Error::other)?),
            )
            .await
        }
        (&Method::GET, ["containers", "json"]) => {
            let all = truthy(&q, "all");
            with_engine(&ctx, move |e| list_containers(e, all)).await
        }
        (&Method::GET, ["containers", id, "json"]) => {
            let id = decode(id);
            with_engine(&ctx, move |e| {
                let mut v = e.inspect_container(&id)?;
                // Docker names carry a leading slash.
                if let Some(n) = v["Name"].as_str() {
                    v["Name"] = json!(format!("/{n}"));
                }
                Ok(v)
            })
            .await
        }
        (&Method::GET, ["volumes"]) => with_engine(&ctx, list_volumes).await,
        (&Method::GET, ["volumes", name]) => {
            let name = decode(name);
            with_engine(&ctx, move |e| e.inspect_volume(&name)).await
        }
        (&Method::GET, ["system", "df"]) => {
            with_engine(&ctx, |e| Ok(serde_json::to_value(e.disk_usage()?).map_err(std::io::Error::other)?)).await
        }
        _ => json(
            404,
            &json!({"message": format!("{m} {path}: not an endpoint ctr serves (yet); see `ctr system service --help`")}),
        ),
    }
}

fn ping(m: &Method) -> Resp {
    let body = if *m == Method::HEAD { Bytes::new() } else { Bytes::from_static(b"OK") };
    Response::builder()
        .status(200)
        .header("Content-Type", "text/plain; charset=utf-8")
        .header("Api-Version", API_VERSION)
        .header("Ostype", "linux")
        .header("Docker-Experimental", "false")
        .header("Builder-Version", "1")
        .header("Cache-Control", "no-cache, no-store, must-revalidate")
        .header("Pragma", "no-cache")
        .header("Server", concat!("ctr/", env!("CARGO_PKG_VERSION")))
        .body(Full::new(body))
        .expect("a valid response")
}

fn kernel() -> String {
    nix::sys::utsname::uname().map(|u| u.release().to_string_lossy().into_owned()).unwrap_or_default()
}

fn version() -> Value {
    let arch = crate::image::config::host_platform().architecture;
    json!({
        "Platform": {"Name": "ctr"},
        "Components": [{"Name": "Engine", "Version": env!("CARGO_PKG_VERSION"),
            "Details": {"ApiVersion": API_VERSION, "MinAPIVersion": MIN_API_VERSION, "Os": "linux", "Arch": arch, "KernelVersion": kernel()}}],
        "Version": env!("CARGO_PKG_VERSION"),
        "ApiVersion": API_VERSION,
        "MinAPIVersion": MIN_API_VERSION,
        "GitCommit": "",
        "GoVersion": "rust",
        "Os": "linux",
        "Arch": arch,
        "KernelVersion": kernel(),
        "BuildTime": "",
    })
}

fn info(e: &mut LocalEngine) -> Result<Value, EngineError> {
    use crate::store::ContainerState as S;
    let cs = e.containers()?;
    let count = |f: &dyn Fn(S) -> bool| cs.iter().filter(|c| f(c.state)).count();
    let cgv = match crate::cgroups::version() {
        "v2" => "2",
        _ => "1",
    };
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines().find_map(|l| {
                l.strip_prefix("MemTotal:").and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            })
        })
        .unwrap_or(0)
        * 1024;
    Ok(json!({
        "ID": "ctr",
        "Containers": cs.len(),
        "ContainersRunning": count(&|s| matches!(s, S::Running | S::Stopping)),
        "ContainersPaused": 0,
        "ContainersStopped": count(&|s| matches!(s, S::Exited | S::Created)),
        "Images": e.images()?.len(),
        "Driver": "overlay",
        "DockerRootDir": e.root,
        "OSType": "linux",
        "OperatingSystem": "ctr (rootless)",
        "Architecture": std::env::consts::ARCH,
        "KernelVersion": kernel(),
        "NCPU": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        "MemTotal": mem,
        "Name": nix::unistd::gethostname().ok().and_then(|h| h.into_string().ok()).unwrap_or_default(),
        "ServerVersion": env!("CARGO_PKG_VERSION"),
        "CgroupDriver": "cgroupfs",
        "CgroupVersion": cgv,
        "SecurityOptions": if crate::paths::is_root() { json!([]) } else { json!(["name=rootless"]) },
        "Runtimes": {"ctr": {"path": "ctr"}},
        "DefaultRuntime": "ctr",
        "LoggingDriver": "json-file",
        "Plugins": {"Volume": ["local"], "Network": [], "Log": ["json-file"]},
    }))
}

fn list_containers(e: &mut LocalEngine, all: bool) -> Result<Value, EngineError> {
    let mut out = Vec::new();
    let now = crate::store::now();
    for c in e.containers()? {
        let running = matches!(c.state, crate::store::ContainerState::Running | crate::store::ContainerState::Stopping);
        if !all && !running {
            continue;
        }
        let cfg = crate::engine::local::ContainerConfig::of(&c);
        let mut cmd = cfg.entrypoint.clone();
        cmd.extend(cfg.cmd.iter().cloned());
        let status = match c.state {
            crate::store::ContainerState::Created => "Created".to_string(),
            crate::store::ContainerState::Exited => {
                format!("Exited ({}) {}", c.exit_code, crate::timefmt::ago(c.finished_at / 1_000_000_000, now))
            }
            _ => format!("Up {}", crate::timefmt::ago(c.started_at / 1_000_000_000, now).trim_end_matches(" ago")),
        };
        out.push(json!({
            "Id": c.id,
            "Names": [format!("/{}", c.name)],
            "Image": c.image_name,
            "ImageID": c.image_id,
            "Command": cmd.join(" "),
            "Created": c.created / 1_000_000_000,
            "State": c.state.as_str(),
            "Status": status,
            "Ports": cfg.net.ports.iter().map(|p| json!({"IP": p.host_ip, "PrivatePort": p.container_port, "PublicPort": p.host_port, "Type": p.protocol})).collect::<Vec<_>>(),
            "Labels": cfg.labels,
            "HostConfig": {"NetworkMode": cfg.network},
            "Mounts": [],
        }));
    }
    Ok(json!(out))
}

fn list_volumes(e: &mut LocalEngine) -> Result<Value, EngineError> {
    let mut vols = Vec::new();
    for v in e.volumes()? {
        vols.push(e.inspect_volume(&v.name)?);
    }
    Ok(json!({"Volumes": vols, "Warnings": []}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_queries() {
        assert_eq!(strip_version("/v1.41/containers/json"), "/containers/json");
        assert_eq!(strip_version("/_ping"), "/_ping");
        assert_eq!(strip_version("/volumes/v1"), "/volumes/v1");
        assert_eq!(decode("a%2Fb+c%zz"), "a/b c%zz");
        assert_eq!(decode("%4"), "%4");
    }
}
