//! The endpoints: each maps to the local engine, as the CLI does.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response};
use serde_json::{Value, json};

use super::{API_VERSION, MIN_API_VERSION, containers, empty, full, images, json};
use crate::engine::interface::{ANONYMOUS_LABEL, VolumeReport};
use crate::engine::local::LocalEngine;
use crate::engine::{EngineError, ErrorKind};

/// What the service keeps between requests: attaches waiting for a start, exec
/// instances, and recent events.
pub struct Ctx {
    pub root: PathBuf,
    pub runroot: PathBuf,
    pub pending: Mutex<HashMap<String, tokio::sync::oneshot::Sender<super::containers::Handover>>>,
    pub execs: Mutex<HashMap<String, super::containers::Exec>>,
    pub events: tokio::sync::broadcast::Sender<Value>,
    pub history: Mutex<std::collections::VecDeque<Value>>,
    /// Exit codes of containers started here, with when they were seen: a `wait` for a
    /// container that --rm removed at once still learns its code.
    pub exits: Mutex<HashMap<String, (i64, i64)>>,
}

impl Ctx {
    pub fn new(root: PathBuf, runroot: PathBuf) -> Ctx {
        Ctx {
            root,
            runroot,
            pending: Mutex::default(),
            execs: Mutex::default(),
            events: tokio::sync::broadcast::channel(1024).0,
            history: Mutex::default(),
            exits: Mutex::default(),
        }
    }

    pub fn event(&self, kind: &str, action: &str, id: &str, name: &str, image: &str) {
        self.event_with(kind, action, id, name, image, &[]);
    }

    /// Records and broadcasts one event in docker's shape.
    pub fn event_with(&self, kind: &str, action: &str, id: &str, name: &str, image: &str, extra: &[(&str, String)]) {
        self.publish(crate::engine::events::event(kind, action, id, name, image, extra));
    }

    /// Records and broadcasts an event made elsewhere (a monitor's, from the journal).
    pub fn publish(&self, ev: Value) {
        let mut h = self.history.lock().unwrap();
        if h.len() >= 1000 {
            h.pop_front();
        }
        h.push_back(ev.clone());
        let _ = self.events.send(ev);
    }
}

type Resp = super::Resp;

/// The body size a JSON request may have.
const MAX_JSON: usize = 1 << 20;

pub(crate) fn status_of(k: ErrorKind) -> u16 {
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

pub fn error(e: &EngineError) -> Resp {
    json(status_of(e.kind), &json!({ "message": e.message }))
}

/// What a handler returns to get a bodiless 304 Not Modified.
pub fn not_modified() -> Value {
    json!({"__status": 304})
}

/// Runs engine code on a blocking thread with its own engine (state connection); a
/// null result is an empty answer with `status`.
pub async fn engine_call<F>(ctx: &Arc<Ctx>, status: u16, f: F) -> Resp
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
        Ok(Ok(Value::Null)) => empty(status),
        Ok(Ok(v)) if v.get("__status").is_some() => empty(v["__status"].as_u64().unwrap_or(200) as u16),
        Ok(Ok(v)) => json(status, &v),
        Ok(Err(e)) => error(&e),
        Err(e) => json(500, &json!({ "message": format!("internal error: {e}") })),
    }
}

async fn with_engine<F>(ctx: &Arc<Ctx>, f: F) -> Resp
where
    F: FnOnce(&mut LocalEngine) -> Result<Value, EngineError> + Send + 'static,
{
    engine_call(ctx, 200, f).await
}

/// Reads a JSON body of at most MAX_JSON bytes; an empty body is `{}`.
/// A JSON object of strings (Labels, Options, DriverOpts) as `KEY=VALUE` words, as the
/// CLI's `--label`/`--opt` give them.
pub fn key_values(v: &Value) -> Vec<String> {
    v.as_object()
        .map(|o| o.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))).collect())
        .unwrap_or_default()
}

pub async fn read_json(req: Request<Incoming>) -> Result<Value, Resp> {
    use http_body_util::BodyExt;
    let limited = http_body_util::Limited::new(req.into_body(), MAX_JSON);
    let bytes = match limited.collect().await {
        Ok(c) => c.to_bytes(),
        Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            return Err(json(
                413,
                &json!({"message": format!("request body too large: the limit is {MAX_JSON} bytes")}),
            ));
        }
        Err(e) => return Err(json(400, &json!({"message": format!("reading the request body: {e}")}))),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(json(400, &json!({"message": "invalid JSON body: expected an object"}))),
        Err(e) => Err(json(400, &json!({"message": format!("invalid JSON body: {e}")}))),
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

/// Every line of every value of a repeated query parameter (`changes=A&changes=B`, as
/// the docker CLI sends one per `-c`; docker-py may send several lines in one).
pub(crate) fn all_values(req: &Request<Incoming>, key: &str) -> Vec<String> {
    req.uri()
        .query()
        .unwrap_or("")
        .split('&')
        .filter_map(|p| p.split_once('=').filter(|(k, _)| decode(k) == key).map(|(_, v)| decode(v)))
        .flat_map(|v| v.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect::<Vec<_>>())
        .collect()
}

pub fn truthy(q: &HashMap<String, String>, k: &str) -> bool {
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
    let parts: Vec<String> = path.trim_start_matches('/').split('/').map(decode).collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let ctx = &ctx;
    use Method as M;
    match (&m, parts.as_slice()) {
        (&M::GET | &M::HEAD, ["_ping"]) => ping(&m),
        (&M::GET, ["version"]) => json(200, &version()),
        (&M::GET, ["info"]) => {
            let listeners = ctx.events.receiver_count();
            with_engine(ctx, move |e| info(e, listeners)).await
        }
        (&M::GET, ["events"]) => events(ctx, &q),
        (&M::GET, ["system", "df"]) => {
            with_engine(ctx, |e| Ok(serde_json::to_value(e.disk_usage()?).map_err(std::io::Error::other)?)).await
        }

        (&M::POST, ["build"]) => super::build::build(ctx, req, &q).await,
        (&M::GET, ["images", "json"]) => {
            // all=1: the build cache's images too (dockerd's intermediate images).
            let all = truthy(&q, "all");
            with_engine(ctx, move |e| {
                let mut v = serde_json::to_value(e.list_images(all)?).map_err(std::io::Error::other)?;
                v.as_array_mut().into_iter().flatten().for_each(images::api_list_view);
                Ok(v)
            })
            .await
        }
        (&M::POST, ["images", "create"]) => {
            let changes = all_values(&req, "changes");
            images::create(ctx, req, &q, changes).await
        }
        (&M::POST, ["images", "load"]) => images::load(ctx, req).await,
        (&M::POST, ["images", "prune"]) => images::prune(ctx, &q).await,
        (&M::GET, ["images", "get"]) => {
            let names = req
                .uri()
                .query()
                .unwrap_or("")
                .split('&')
                .filter_map(|p| p.strip_prefix("names="))
                .map(decode)
                .collect();
            images::get(ctx, names).await
        }
        (&M::GET, ["images", name @ .., "get"]) if !name.is_empty() => images::get(ctx, vec![name.join("/")]).await,
        (&M::GET, ["images", name @ .., "json"]) if !name.is_empty() => {
            let name = name.join("/");
            with_engine(ctx, move |e| {
                // A short name found through the unqualified-search registries, as the CLI does.
                let name = match e.resolve_image(&name) {
                    Err(_) => e.resolve_short_name(&name).unwrap_or(name),
                    Ok(_) => name,
                };
                let mut v = serde_json::to_value(e.inspect_image(&name)?).map_err(std::io::Error::other)?;
                images::api_inspect_view(&mut v);
                Ok(v)
            })
            .await
        }
        (&M::GET, ["images", name @ .., "history"]) if !name.is_empty() => images::history(ctx, name.join("/")).await,
        (&M::POST, ["images", name @ .., "tag"]) if !name.is_empty() => images::tag(ctx, name.join("/"), &q).await,
        (&M::POST, ["containers", id, "update"]) => containers::update(ctx, req, id.to_string()).await,
        (&M::POST, ["images", name @ .., "push"]) if !name.is_empty() => {
            images::push(ctx, req, name.join("/"), &q).await
        }
        (&M::DELETE, ["images", name @ ..]) if !name.is_empty() => images::remove(ctx, name.join("/"), &q).await,

        (&M::GET, ["containers", "json"]) => {
            let all = truthy(&q, "all");
            let f = super::networks::filters(&q);
            with_engine(ctx, move |e| list_containers(e, all, &f?)).await
        }
        (&M::POST, ["containers", "create"]) => {
            let name = q.get("name").filter(|n| !n.is_empty()).map(|n| n.trim_start_matches('/').to_string());
            containers::create(ctx, req, name).await
        }
        (&M::POST, ["containers", "prune"]) => containers::prune(ctx).await,
        (&M::GET, ["containers", id, "json"]) => {
            let id = id.to_string();
            with_engine(ctx, move |e| {
                let mut v = e.inspect_container(&id)?;
                containers::api_inspect_view(&mut v);
                Ok(v)
            })
            .await
        }
        (&M::POST, ["containers", id, "start"]) => containers::start(ctx, id.to_string()).await,
        (&M::POST, ["containers", id, "stop"]) => containers::stop(ctx, id.to_string(), &q, false).await,
        (&M::POST, ["containers", id, "restart"]) => containers::stop(ctx, id.to_string(), &q, true).await,
        (&M::POST, ["containers", id, "pause"]) => containers::pause(ctx, id.to_string(), true).await,
        (&M::POST, ["containers", id, "unpause"]) => containers::pause(ctx, id.to_string(), false).await,
        (&M::POST, ["commit"]) => {
            let changes = all_values(&req, "changes");
            images::commit(ctx, req, &q, changes).await
        }
        (&M::POST, ["containers", id, "kill"]) => containers::kill(ctx, id.to_string(), &q).await,
        (&M::POST, ["containers", id, "wait"]) => containers::wait(ctx, id.to_string(), &q).await,
        (&M::POST, ["containers", id, "attach"]) => containers::attach(ctx, req, id.to_string(), &q).await,
        (&M::POST, ["containers", id, "resize"]) => containers::resize(ctx, id.to_string(), &q).await,
        (&M::POST, ["containers", id, "exec"]) => containers::exec_create(ctx, req, id.to_string()).await,
        (&M::GET, ["containers", id, "logs"]) => containers::logs(ctx, id.to_string(), &q).await,
        (&M::GET, ["containers", id, "top"]) => containers::top(ctx, id.to_string()).await,
        (&M::GET, ["containers", id, "stats"]) => containers::stats(ctx, id.to_string(), &q).await,
        (&M::POST, ["containers", id, "rename"]) => {
            let (id, name) = (id.to_string(), q.get("name").cloned().unwrap_or_default());
            engine_call(ctx, 204, move |e| e.rename_container(&id, &name).map(|_| Value::Null)).await
        }
        (&M::HEAD, ["containers", id, "archive"]) => super::files::archive_head(ctx, id.to_string(), &q).await,
        (&M::GET, ["containers", id, "archive"]) => super::files::archive_get(ctx, id.to_string(), &q).await,
        (&M::PUT, ["containers", id, "archive"]) => super::files::archive_put(ctx, req, id.to_string(), &q).await,
        (&M::GET, ["containers", id, "changes"]) => super::files::changes(ctx, id.to_string()).await,
        (&M::GET, ["containers", id, "export"]) => super::files::export(ctx, id.to_string()).await,
        (&M::DELETE, ["containers", id]) => containers::remove(ctx, id.to_string(), &q).await,
        (&M::POST, ["exec", id, "start"]) => containers::exec_start(ctx, req, id.to_string()).await,
        (&M::POST, ["exec", id, "resize"]) => containers::exec_resize(ctx, id, &q),
        (&M::GET, ["exec", id, "json"]) => containers::exec_inspect(ctx, id),

        (&M::GET, ["networks"]) => super::networks::list(ctx, &q).await,
        (&M::POST, ["networks", "create"]) => super::networks::create(ctx, req).await,
        (&M::POST, ["networks", "prune"]) => super::networks::prune(ctx, &q).await,
        (&M::GET, ["networks", id]) => super::networks::inspect(ctx, id.to_string()).await,
        (&M::POST, ["networks", id, "connect"]) => super::networks::connect(ctx, id.to_string(), req).await,
        (&M::POST, ["networks", id, "disconnect"]) => super::networks::disconnect(ctx, id.to_string(), req).await,
        (&M::DELETE, ["networks", id]) => super::networks::remove(ctx, id.to_string()).await,

        (&M::GET, ["volumes"]) => {
            let f = super::networks::filters(&q);
            with_engine(ctx, move |e| list_volumes(e, &f?)).await
        }
        (&M::POST, ["volumes", "create"]) => volume_create(ctx, req).await,
        (&M::POST, ["volumes", "prune"]) => {
            engine_call(ctx, 200, |e| {
                let (names, size) = e.prune_volumes()?;
                Ok(json!({"VolumesDeleted": names, "SpaceReclaimed": size}))
            })
            .await
        }
        (&M::GET, ["volumes", name]) => {
            let name = name.to_string();
            with_engine(ctx, move |e| e.inspect_volume(&name).map(|v| api_volume_view(&v))).await
        }
        (&M::DELETE, ["volumes", name]) => {
            let (name, force) = (name.to_string(), truthy(&q, "force"));
            engine_call(ctx, 204, move |e| e.remove_volume(&name, force).map(|_| Value::Null)).await
        }
        _ => json(
            404,
            &json!({"message": format!("{m} {path}: not an endpoint ctr serves; see `ctr system service --help`")}),
        ),
    }
}

async fn volume_create(ctx: &Arc<Ctx>, req: Request<Incoming>) -> Resp {
    let b = match read_json(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    engine_call(ctx, 201, move |e| {
        let v = e.create_volume(&volume_create_options(&b))?;
        e.inspect_volume(&v.name).map(|v| api_volume_view(&v))
    })
    .await
}

/// Docker's volume create body -> the engine's options.
pub fn volume_create_options(b: &Value) -> crate::engine::local::volumes::VolumeCreate {
    crate::engine::local::volumes::VolumeCreate {
        name: b["Name"].as_str().filter(|n| !n.is_empty()).map(String::from),
        driver: b["Driver"].as_str().unwrap_or("").to_string(),
        opts: key_values(&b["DriverOpts"]),
        labels: key_values(&b["Labels"]),
    }
}

/// `GET /events`: what this service did (and saw exit) since it started, then live.
fn events(ctx: &Arc<Ctx>, q: &HashMap<String, String>) -> Resp {
    let filters: Value = q.get("filters").and_then(|f| serde_json::from_str(f).ok()).unwrap_or(json!({}));
    let since = q.get("since").and_then(|s| s.parse::<f64>().ok());
    let until = q.get("until").and_then(|s| s.parse::<f64>().ok());
    let matches = move |ev: &Value| -> bool {
        let want = |key: &str, have: &[&str]| -> bool {
            match filters.get(key) {
                Some(Value::Array(a)) if !a.is_empty() => a.iter().any(|x| have.contains(&x.as_str().unwrap_or(""))),
                Some(Value::Object(o)) if !o.is_empty() => o.keys().any(|k| have.contains(&k.as_str())),
                _ => true,
            }
        };
        let s = |v: &Value| v.as_str().unwrap_or("").to_string();
        let (t, a, id, name) = (s(&ev["Type"]), s(&ev["Action"]), s(&ev["id"]), s(&ev["Actor"]["Attributes"]["name"]));
        // `event=health_status` matches "health_status: healthy", as in docker.
        let a_kind = a.split(':').next().unwrap_or("").to_string();
        want("type", &[&t])
            && want("event", &[&a, &a_kind])
            && want("container", &[&id, &name])
            && want("image", &[&name])
    };
    let (mut tx, resp) = super::streamed(200, "application/json");
    let mut rx = ctx.events.subscribe();
    let past: Vec<Value> = match since {
        Some(s) => ctx
            .history
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e["timeNano"].as_i64().unwrap_or(0) as f64 >= s * 1e9)
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    tokio::spawn(async move {
        let send = |ev: &Value| {
            let mut l = serde_json::to_vec(ev).unwrap_or_default();
            l.push(b'\n');
            Bytes::from(l)
        };
        for ev in past.iter().filter(|e| matches(e)) {
            if tx.send_data(send(ev)).await.is_err() {
                return;
            }
        }
        let deadline =
            until.map(|u| std::time::Duration::from_secs_f64((u - crate::timefmt::now_ns() as f64 / 1e9).max(0.0)));
        loop {
            let next = match deadline {
                Some(d) => match tokio::time::timeout(d, rx.recv()).await {
                    Ok(r) => r,
                    Err(_) => return,
                },
                None => rx.recv().await,
            };
            match next {
                Ok(ev) if matches(&ev) => {
                    if tx.send_data(send(&ev)).await.is_err() {
                        return;
                    }
                }
                Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(_) => return,
            }
        }
    });
    resp
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
        .body(full(body))
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
            "Details": {"ApiVersion": API_VERSION, "MinAPIVersion": MIN_API_VERSION, "Os": "linux", "Arch": arch,
                "KernelVersion": kernel(), "GitCommit": "", "GoVersion": "rust", "BuildTime": "", "Experimental": "false"}}],
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

/// `/etc/os-release`'s value of `key`, unquoted.
fn os_release(key: &str) -> String {
    std::fs::read_to_string("/etc/os-release")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix('=').map(|v| v.trim_matches('"').to_string()))
        .unwrap_or_default()
}

/// The OCI runtimes `--runtime` can name that are on PATH, and ctr itself (the default).
fn runtimes() -> Value {
    let mut m = serde_json::Map::new();
    m.insert(
        "ctr".into(),
        json!({"path": std::env::current_exe().map(|p| p.display().to_string()).unwrap_or_default()}),
    );
    for r in ["runc", "crun"] {
        let path = std::env::var_os("PATH").unwrap_or_default();
        if let Some(p) = std::env::split_paths(&path).map(|d| d.join(r)).find(|p| p.is_file()) {
            m.insert(r.into(), json!({"path": p}));
        }
    }
    Value::Object(m)
}

fn info(e: &mut LocalEngine, listeners: usize) -> Result<Value, EngineError> {
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
    let driver = e.storage_choice()?;
    let mut v = json!({
        "ID": "ctr",
        "Containers": cs.len(),
        "ContainersRunning": cs.iter().filter(|c| matches!(c.state, S::Running | S::Stopping) && !e.is_paused(c)).count(),
        "ContainersPaused": cs.iter().filter(|c| e.is_paused(c)).count(),
        "ContainersStopped": count(&|s| matches!(s, S::Exited | S::Created)),
        "Images": e.images()?.len(),
        "Driver": driver.driver.name(),
        "DriverStatus": [["Reason", driver.reason]],
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
        "SecurityOptions": security_options(),
        "Runtimes": runtimes(),
        "DefaultRuntime": "ctr",
        "LoggingDriver": "json-file",
        "Plugins": {"Volume": ["local"], "Network": ["bridge", "host", "null"], "Authorization": null, "Log": ["json-file"]},
    });
    let more = json!({
        "DriverStatus": null,
        // Limits ctr can set: only on a cgroup v2 subtree delegated to it.
        "MemoryLimit": limits("memory"),
        "SwapLimit": limits("memory"),
        "KernelMemory": false,
        "KernelMemoryTCP": false,
        "CpuCfsPeriod": limits("cpu"),
        "CpuCfsQuota": limits("cpu"),
        "CPUShares": limits("cpu"),
        "CPUSet": limits("cpuset"),
        "PidsLimit": limits("pids"),
        "OomKillDisable": false,
        "IPv4Forwarding": std::fs::read_to_string("/proc/sys/net/ipv4/ip_forward").is_ok_and(|v| v.trim() == "1"),
        "BridgeNfIptables": std::fs::read_to_string("/proc/sys/net/bridge/bridge-nf-call-iptables").is_ok_and(|v| v.trim() == "1"),
        "BridgeNfIp6tables": std::fs::read_to_string("/proc/sys/net/bridge/bridge-nf-call-ip6tables").is_ok_and(|v| v.trim() == "1"),
        "Debug": super::trace(),
        "NFd": std::fs::read_dir("/proc/self/fd").map(|d| d.count()).unwrap_or(0),
        // Threads of the service (dockerd counts goroutines).
        "NGoroutines": std::fs::read_dir("/proc/self/task").map(|d| d.count()).unwrap_or(0),
        "SystemTime": crate::timefmt::format_rfc3339_nanos(crate::timefmt::now_ns()),
        "NEventsListener": listeners,
        "OSVersion": os_release("VERSION_ID"),
        "IndexServerAddress": "https://index.docker.io/v1/",
        // ctr's registries come from registries.conf; loopback is always plain HTTP.
        "RegistryConfig": {"AllowNondistributableArtifactsCIDRs": [], "AllowNondistributableArtifactsHostnames": [],
            "InsecureRegistryCIDRs": ["127.0.0.0/8"], "IndexConfigs": {}, "Mirrors": []},
        "GenericResources": null,
        "HttpProxy": std::env::var("HTTP_PROXY").or_else(|_| std::env::var("http_proxy")).unwrap_or_default(),
        "HttpsProxy": std::env::var("HTTPS_PROXY").or_else(|_| std::env::var("https_proxy")).unwrap_or_default(),
        "NoProxy": std::env::var("NO_PROXY").or_else(|_| std::env::var("no_proxy")).unwrap_or_default(),
        "Labels": [],
        "ExperimentalBuild": false,
        "Warnings": null,
    });
    let more2 = json!({
        "Swarm": {"NodeID": "", "NodeAddr": "", "LocalNodeState": "inactive", "ControlAvailable": false, "Error": "", "RemoteManagers": null},
        // Daemonless: containers run on without the service (their monitors own them).
        "LiveRestoreEnabled": true,
        "Isolation": "",
        // `Init: true` runs ctr's own init (ctr __init), not docker-init.
        "InitBinary": "",
        "ContainerdCommit": {"ID": "", "Expected": ""},
        "RuncCommit": {"ID": "", "Expected": ""},
        "InitCommit": {"ID": "", "Expected": ""},
    });
    for (k, x) in more.as_object().into_iter().flatten().chain(more2.as_object().into_iter().flatten()) {
        v[k] = x.clone();
    }
    Ok(v)
}

/// Whether ctr can set limits of a cgroup controller here.
fn limits(controller: &str) -> bool {
    matches!(crate::cgroups::detect(), crate::cgroups::Support::V2 { controllers, .. } if controllers.iter().any(|c| c == controller))
}

/// A header holding base64 (url-safe with or without padding, or standard) of JSON, as
/// docker's X-Registry-Auth and X-Registry-Config; None when absent or unreadable.
pub fn base64_json_header(req: &Request<Incoming>, name: &str) -> Option<Value> {
    use base64::Engine as _;
    let h = req.headers().get(name)?.to_str().ok()?.trim();
    let raw = base64::engine::general_purpose::URL_SAFE
        .decode(h)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(h))
        .or_else(|_| base64::engine::general_purpose::STANDARD.decode(h))
        .ok()?;
    serde_json::from_slice(&raw).ok()
}

/// dockerd's SecurityOptions words for what ctr does: rootless, and a cgroup namespace
/// of each container's own.
fn security_options() -> Value {
    let mut v = vec![format!("name=seccomp,profile={}", crate::seccomp::default_source().name())];
    if !crate::paths::is_root() {
        v.push("name=rootless".into());
    }
    if crate::cgroups::version() == "v2" {
        v.push("name=cgroupns".into());
    }
    json!(v)
}

/// Whether a container passes `GET /containers/json?filters=` (`KEY=VALUE`s), by
/// dockerd's rule: every key must match; the values of one key match if any does, except
/// labels, which must all be there (compose asks for project, service and oneoff at once).
fn container_matches(
    c: &crate::store::ContainerRecord,
    cfg: &crate::engine::local::ContainerConfig,
    filters: &[String],
    status: &str,
) -> bool {
    let mut keys: Vec<&str> = filters.iter().filter_map(|f| f.split_once('=').map(|(k, _)| k)).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.iter().all(|key| {
        let mut values = filters.iter().filter_map(|f| f.split_once('=')).filter(|(k, _)| k == key).map(|(_, v)| v);
        let one = |v: &str| match *key {
            "label" => {
                let (lk, lv) = v.split_once('=').map_or((v, None), |(a, b)| (a, Some(b)));
                cfg.labels.get(lk).is_some_and(|val| lv.is_none_or(|lv| val == lv))
            }
            "name" => c.name.contains(v.trim_start_matches('/')),
            "id" => c.id.starts_with(v),
            "status" => status == v,
            "exited" => c.state == crate::store::ContainerState::Exited && c.exit_code.to_string() == v,
            _ => false,
        };
        if *key == "label" { values.all(one) } else { values.any(one) }
    })
}

fn list_containers(e: &mut LocalEngine, all: bool, filters: &[String]) -> Result<Value, EngineError> {
    for f in filters {
        let k = f.split_once('=').map_or(f.as_str(), |(k, _)| k);
        if !["label", "name", "id", "status", "exited"].contains(&k) {
            return Err(EngineError::invalid(format!(
                "Invalid filter '{k}': ctr filters containers by label, name, id, status and exited"
            )));
        }
    }
    // A status filter lists stopped containers too, as in docker.
    let all = all || filters.iter().any(|f| f.starts_with("status=") || f.starts_with("exited="));
    let mut out = Vec::new();
    let now = crate::store::now();
    for c in e.containers()? {
        let running = c.state.is_active();
        if !all && !running {
            continue;
        }
        let cfg = crate::engine::local::ContainerConfig::of(&c);
        if !container_matches(&c, &cfg, filters, e.state_text(&c)) {
            continue;
        }
        let mut settings = crate::engine::local::containers::network_settings(&c.id, &cfg.net, running);
        let mut networks = settings["Networks"].take();
        // dockerd 20.10's list shows endpoints without DNSNames (API 1.44) and Aliases.
        for (_, ep) in networks.as_object_mut().into_iter().flatten() {
            if let Some(o) = ep.as_object_mut() {
                o.remove("DNSNames");
                o.insert("Aliases".into(), Value::Null);
            }
        }
        let mut cmd = cfg.entrypoint.clone();
        cmd.extend(cfg.cmd.iter().cloned());
        let status = e.status_text(&c, now * 1_000_000_000);
        out.push(json!({
            "Id": c.id,
            "Names": [format!("/{}", c.name)],
            "Image": c.image_name,
            "ImageID": c.image_id,
            "Command": cmd.join(" "),
            "Created": c.created / 1_000_000_000,
            "State": e.state_text(&c),
            "Status": status,
            "Ports": cfg.net.ports.iter().map(|p| json!({"IP": p.host_ip, "PrivatePort": p.container_port, "PublicPort": p.host_port, "Type": p.protocol})).collect::<Vec<_>>(),
            "Labels": cfg.labels,
            "HostConfig": {"NetworkMode": cfg.network},
            "NetworkSettings": {"Networks": networks},
            "Mounts": crate::engine::local::containers::mounts_json(&cfg),
        }));
    }
    Ok(json!(out))
}

/// A volume as dockerd 20.10 (API 1.41) shows it: no podman-style `Anonymous`, no
/// `UsageData` (only `GET /system/df` has that), `Options` null when none were given. An
/// anonymous volume has the label dockerd 23 gives one (dockerd 20.10 marks them not at
/// all), which is how a client (`ctr -H`) tells.
fn api_volume_view(v: &VolumeReport) -> Value {
    let mut labels = v.labels.clone();
    if v.anonymous {
        labels.insert(ANONYMOUS_LABEL.into(), String::new());
    }
    json!({
        "Name": v.name,
        "Driver": v.driver,
        "Mountpoint": v.mountpoint,
        "CreatedAt": v.created_at,
        "Labels": labels,
        "Scope": v.scope,
        "Options": if v.options.is_empty() { Value::Null } else { json!(v.options) },
    })
}

/// `GET /volumes`: dockerd's filters (name, driver, label, dangling), and podman's
/// anonymous.
fn list_volumes(e: &mut LocalEngine, filters: &[String]) -> Result<Value, EngineError> {
    let vols: Vec<Value> = e.list_volumes(filters)?.iter().map(api_volume_view).collect();
    Ok(json!({"Volumes": vols, "Warnings": null}))
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
