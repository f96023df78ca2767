//! `POST /build`: docker's classic builder endpoint (what `docker build` uses with
//! DOCKER_BUILDKIT=0, and docker-py's images.build): the body is the context as a tar,
//! the answer a stream of `{"stream": ...}` lines, `{"aux": {"ID": ...}}` and errors.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use http_body_util::BodyExt;
use hyper::Request;
use hyper::body::{Bytes, Incoming};
use serde_json::{Value, json};

use super::handlers::{Ctx, error, truthy};
use super::{Resp, streamed};
use crate::build::BuildOptions;
use crate::engine::EngineError;
use crate::engine::interface::{BuildRequest, ImageEngine};
use crate::engine::local::LocalEngine;
use crate::image::registry::auth::Credentials;

type Tx = http_body_util::channel::Sender<Bytes, std::io::Error>;

/// A Write whose bytes go out as `{"stream": "..."}` lines.
struct StreamLines {
    tx: Arc<Mutex<Tx>>,
    rt: tokio::runtime::Handle,
}

impl StreamLines {
    fn send(&self, v: &Value) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(v).unwrap_or_default();
        line.push(b'\n');
        let mut tx = self.tx.lock().unwrap();
        self.rt.block_on(tx.send_data(Bytes::from(line))).map_err(|_| std::io::Error::other("the client went away"))
    }
}

impl Write for StreamLines {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.send(&json!({"stream": String::from_utf8_lossy(b)}))?;
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The context's tar unpacked into a fresh directory (paths kept inside it, no device
/// nodes, no owners), removed when dropped.
struct Context(std::path::PathBuf);
impl Drop for Context {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn unpack_context(dir: &std::path::Path, data: &[u8]) -> Result<(), EngineError> {
    let (_, r) = crate::digest::auto_decompress(std::io::Cursor::new(data))?;
    // The docker CLI, when it adds a Dockerfile from outside the context, ends the stream
    // right after the last entry's data: no padding to 512 bytes, no end blocks (dockerd's
    // reader takes it). Zeros after it complete the archive; after a whole one they are
    // ignored.
    let r = std::io::Read::chain(r, std::io::Read::take(std::io::repeat(0), 1536));
    let mut ar = tar::Archive::new(r);
    let mut dirs = Vec::new();
    ar.set_preserve_permissions(false);
    ar.set_preserve_ownerships(false);
    ar.set_unpack_xattrs(false);
    ar.set_overwrite(true);
    for ent in ar.entries().map_err(|e| EngineError::invalid(format!("the build context is not a tar: {e}")))? {
        let mut ent = ent.map_err(|e| EngineError::invalid(format!("the build context tar: {e}")))?;
        let t = ent.header().entry_type();
        if !(t.is_file() || t.is_dir() || t.is_symlink() || t.is_hard_link()) {
            continue;
        }
        if t.is_dir() {
            dirs.push((ent.path().map(|p| p.into_owned()).unwrap_or_default(), ent.header().mtime().unwrap_or(0)));
        }
        // unpack_in refuses paths that would land outside `dir` (.., absolute, via links).
        ent.unpack_in(dir).map_err(|e| EngineError::invalid(format!("the build context tar: {e}")))?;
    }
    // Directories get their times last (what was unpacked into them moved them): a
    // directory's time is part of COPY's cache key, so the same context sent again hits.
    let root: std::os::fd::OwnedFd = std::fs::File::open(dir)?.into();
    for (path, mtime) in dirs {
        let Ok(fd) = crate::runtime::rootfs::open_in_root(&root, &path) else { continue };
        use std::os::fd::AsRawFd;
        if let Ok(f) = std::fs::File::open(format!("/proc/self/fd/{}", fd.as_raw_fd())) {
            let _ = f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(mtime));
        }
    }
    Ok(())
}

/// `X-Registry-Config`: base64 of `{"REGISTRY": {"username", "password"}, ...}`, every
/// credential the client has (the docker CLI sends its config.json's), for the FROM
/// images' pulls. Keys are registries as docker names them (`https://index.docker.io/v1/`
/// for Docker Hub), made ctr's (`docker.io`). Unreadable: none.
fn registry_config(req: &Request<Incoming>) -> HashMap<String, Credentials> {
    let Some(Value::Object(m)) = super::handlers::base64_json_header(req, "x-registry-config") else {
        return HashMap::new();
    };
    m.into_iter()
        .filter_map(|(k, v)| {
            let (u, p) = (v["username"].as_str()?, v["password"].as_str()?);
            (!u.is_empty()).then(|| (registry_key(&k), Credentials { username: u.into(), password: p.into() }))
        })
        .collect()
}

/// A registry as docker's credential keys write it (`https://host/v1/`, `host`) in ctr's
/// words: the host, Docker Hub's `docker.io`.
fn registry_key(k: &str) -> String {
    let host = k.split_once("://").map(|(_, r)| r).unwrap_or(k);
    let host = host.split('/').next().unwrap_or(host);
    match host {
        "index.docker.io" | "registry-1.docker.io" | "registry.hub.docker.com" => "docker.io".into(),
        h => h.to_string(),
    }
}

pub async fn build(ctx: &Arc<Ctx>, req: Request<Incoming>, q: &HashMap<String, String>) -> Resp {
    // `extrahosts`: NAME:IP, repeated or comma-separated.
    let add_hosts: Vec<String> = super::handlers::all_values(&req, "extrahosts")
        .iter()
        .flat_map(|v| v.split(','))
        .filter(|h| !h.is_empty())
        .map(String::from)
        .collect();
    let registry_creds = registry_config(&req);
    let client = super::ClientWatch::of(&req);
    // The context: up to 2 GiB, read whole (docker sends it before reading the answer).
    let body = match http_body_util::Limited::new(req.into_body(), 2 << 30).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => return error(&EngineError::invalid(format!("reading the build context: {e}"))),
    };
    let tags: Vec<String> = q.get("t").map(|t| vec![t.clone()]).unwrap_or_default();
    let dockerfile_name = q.get("dockerfile").filter(|d| !d.is_empty()).cloned().unwrap_or_else(|| "Dockerfile".into());
    let parse_map = |k: &str| -> Vec<(String, String)> {
        q.get(k)
            .and_then(|v| serde_json::from_str::<serde_json::Map<String, Value>>(v).ok())
            .map(|m| m.into_iter().map(|(k, v)| (k, v.as_str().unwrap_or("").to_string())).collect())
            .unwrap_or_default()
    };
    // `cachefrom`: a JSON list of image names.
    let cache_from: Vec<String> = match q.get("cachefrom").filter(|v| !v.is_empty()) {
        None => Vec::new(),
        Some(v) => match serde_json::from_str(v) {
            Ok(l) => l,
            Err(e) => {
                return error(&EngineError::invalid(format!(
                    "cachefrom {v:?}: give a JSON list of image names, e.g. [\"app:cache\"] ({e})"
                )));
            }
        },
    };
    let mut o = BuildOptions {
        tags,
        build_args: parse_map("buildargs"),
        labels: parse_map("labels"),
        target: q.get("target").filter(|t| !t.is_empty()).cloned(),
        no_cache: truthy(q, "nocache"),
        network: q.get("networkmode").filter(|n| !n.is_empty() && *n != "default").cloned(),
        quiet: truthy(q, "q"),
        dockerfile_name: dockerfile_name.clone(),
        add_hosts,
        cache_from,
        docker_style: true,
        ..Default::default()
    };
    let pull = truthy(q, "pull");
    // dockerd without experimental features refuses `squash` so.
    if truthy(q, "squash") {
        return error(&EngineError::invalid(
            "squash is only supported with experimental mode; ctr's builder keeps one layer per step",
        ));
    }
    // `platform`: checked before anything streams, so a bad one is a 400 with the reason.
    // RUN steps run natively: only this host's platform can be built.
    if let Some(p) = q.get("platform").filter(|p| !p.is_empty()) {
        let host = crate::image::config::host_platform();
        match crate::image::config::parse_platform(p) {
            Err(e) => return error(&EngineError::invalid(format!("platform={p}: {e}"))),
            Ok(want) if want.os != host.os || want.architecture != host.architecture => {
                return error(&EngineError::invalid(format!(
                    "platform={p}: ctr builds for this host's platform only ({}/{}): RUN steps run natively, with no emulation",
                    host.os, host.architecture
                )));
            }
            Ok(_) => {}
        }
    }
    let (tx, resp) = streamed(200, "application/json");
    let tx = Arc::new(Mutex::new(tx));
    let rt = tokio::runtime::Handle::current();
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    o.cancel = Some(client.flag());
    tokio::task::spawn_blocking(move || {
        // A client gone (killed, its connection closed) cancels the build, as with dockerd.
        let _client = client;
        let mut out = StreamLines { tx, rt };
        let result = (|| -> Result<String, EngineError> {
            let mut e = LocalEngine::open(&root, &runroot)?;
            let dir = Context(e.root.join("tmp").join(format!("build-ctx-{}", crate::timefmt::now_ns())));
            std::fs::create_dir_all(&dir.0)?;
            unpack_context(&dir.0, &body)?;
            let df = crate::build::context::inside(&dockerfile_name)
                .map(|p| dir.0.join(p))
                .ok_or_else(|| EngineError::invalid(format!("dockerfile={dockerfile_name}: outside the context")))?;
            o.dockerfile = std::fs::read_to_string(&df).map_err(|err| {
                EngineError::invalid(format!("cannot read {dockerfile_name} in the build context: {err}"))
            })?;
            o.context = Some(dir.0.clone());
            let r = BuildRequest { options: o, pull_always: pull, registry_creds, ..Default::default() };
            let mut sink = Vec::new();
            let out: &mut dyn Write = if r.options.quiet { &mut sink } else { &mut out };
            e.image_build(&r, &crate::engine::Quiet, out)
        })();
        let _ = match result {
            // The "Successfully built/tagged" lines came from the build (`docker_style`).
            Ok(id) => out.send(&json!({"aux": {"ID": id}})),
            Err(err) => out.send(&json!({"errorDetail": {"message": err.message}, "error": err.message})),
        };
    });
    resp
}
