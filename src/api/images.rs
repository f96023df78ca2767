//! Image endpoints: pull with docker's streamed JSON progress, remove, tag, load, save.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use hyper::Request;
use hyper::body::{Bytes, Incoming};
use serde_json::{Value, json};

use super::handlers::{Ctx, engine_call, error, truthy};
use super::{Resp, streamed};
use crate::engine::local::LocalEngine;
use crate::engine::local::{PullOptions, short_digest as short};
use crate::engine::{EngineError, ErrorKind, Progress};

type Tx = http_body_util::channel::Sender<Bytes, std::io::Error>;

/// A container Config as dockerd 20.10 shows it, every key that is always there.
fn zero_config() -> Value {
    json!({
        "Hostname": "", "Domainname": "", "User": "",
        "AttachStdin": false, "AttachStdout": false, "AttachStderr": false,
        "Tty": false, "OpenStdin": false, "StdinOnce": false,
        "Env": null, "Cmd": null, "Image": "", "Volumes": null, "WorkingDir": "",
        "Entrypoint": null, "OnBuild": null, "Labels": null,
    })
}

/// `GET /images/{name}/json` as dockerd 20.10 (API 1.41) answers it: `Config` with every
/// key, and the legacy `Container`, `ContainerConfig` and `DockerVersion` (docker-compose
/// 1.29 reads `ContainerConfig.Volumes` when it recreates a container, and fails with a
/// KeyError without it). ctr's images record no build container: an empty config, as
/// dockerd shows for an imported image.
pub fn api_inspect_view(v: &mut Value) {
    let mut config = zero_config();
    if let (Some(c), Some(have)) = (config.as_object_mut(), v["Config"].as_object()) {
        for (k, x) in have {
            c.insert(k.clone(), x.clone());
        }
    }
    v["Config"] = config;
    for (k, x) in [("Container", json!("")), ("ContainerConfig", zero_config()), ("DockerVersion", json!(""))] {
        if v.get(k).is_none() {
            v[k] = x;
        }
    }
    // dockerd 20.10's image: its store's driver and the last tag time. ctr's own keys
    // (podman's too) stay, Digest, History and ManifestType, so `ctr -H image inspect`
    // shows what `ctr image inspect` does; clients ignore keys they do not know.
    if v.get("GraphDriver").is_none() {
        v["GraphDriver"] = json!({"Name": "overlay", "Data": null});
    }
    if v.get("Metadata").is_none() {
        v["Metadata"] = json!({"LastTagTime": "0001-01-01T00:00:00Z"});
    }
    if let Some(o) = v.as_object_mut()
        && o.get("Variant").is_some_and(|x| x.as_str().is_none_or(str::is_empty))
    {
        o.remove("Variant");
    }
}

/// An image of `GET /images/json` as dockerd 20.10 lists it: no podman-style Names,
/// RepoDigests null when there are none. ctr's own Digest (the manifest's) stays, for
/// `ctr -H images --digests`.
pub fn api_list_view(v: &mut Value) {
    if let Some(o) = v.as_object_mut() {
        o.remove("Names");
        if o.get("RepoDigests").and_then(Value::as_array).is_some_and(|a| a.is_empty()) {
            o.insert("RepoDigests".into(), Value::Null);
        }
    }
}

/// Sends lines of JSON into a streamed body from a blocking thread, also from inside the
/// engine's own runtime (a pull or push reports progress from its futures, where blocking
/// on the service's runtime is not allowed): lines go through a channel to a task that
/// writes them into the body.
struct JsonLines {
    lines: tokio::sync::mpsc::UnboundedSender<Bytes>,
    /// Per blob: (bytes so far, total, bytes at the last report).
    blobs: Mutex<HashMap<String, (u64, u64, u64)>>,
    /// Uploading (docker's "Preparing"/"Pushing"), not downloading.
    push: bool,
    /// The request's client: a transfer stops when it goes away.
    client: Option<super::ClientWatch>,
}

impl JsonLines {
    /// Call from the service's runtime: starts the task that feeds `tx`.
    fn new(mut tx: Tx, push: bool) -> JsonLines {
        let (lines, mut rx) = tokio::sync::mpsc::unbounded_channel::<Bytes>();
        tokio::spawn(async move {
            while let Some(line) = rx.recv().await {
                if tx.send_data(line).await.is_err() {
                    break;
                }
            }
        });
        JsonLines { lines, blobs: Mutex::new(HashMap::new()), push, client: None }
    }

    fn send(&self, v: Value) {
        let mut line = serde_json::to_vec(&v).unwrap_or_default();
        line.push(b'\n');
        let _ = self.lines.send(Bytes::from(line));
    }
}

fn bar(cur: u64, total: u64) -> String {
    let w = 50u64;
    let filled = (cur.min(total) * w).checked_div(total).unwrap_or(0) as usize;
    let h = crate::timefmt::human_size;
    format!("[{}>{}] {}/{}", "=".repeat(filled.saturating_sub(1)), " ".repeat(w as usize - filled), h(cur), h(total))
}

impl Progress for JsonLines {
    fn cancelled(&self) -> bool {
        self.client.as_ref().is_some_and(|c| c.gone())
    }
    fn message(&self, msg: &str) {
        self.send(json!({"status": msg}));
    }
    fn start(&self, digest: &str, size: u64) {
        self.blobs.lock().unwrap().insert(digest.to_string(), (0, size, 0));
        let status = if self.push { "Preparing" } else { "Pulling fs layer" };
        self.send(json!({"status": status, "progressDetail": {}, "id": short(digest)}));
    }
    fn advance(&self, digest: &str, n: u64) {
        let report = {
            let mut b = self.blobs.lock().unwrap();
            let e = b.entry(digest.to_string()).or_insert((0, 0, 0));
            e.0 += n;
            if e.0 - e.2 >= 256 << 10 || e.0 == e.1 {
                e.2 = e.0;
                Some((e.0, e.1))
            } else {
                None
            }
        };
        if let Some((cur, total)) = report {
            let status = if self.push { "Pushing" } else { "Downloading" };
            self.send(json!({"status": status, "progressDetail": {"current": cur, "total": total},
                "progress": bar(cur, total), "id": short(digest)}));
        }
    }
    fn done(&self, digest: &str, status: &str) {
        self.send(json!({"status": status, "progressDetail": {}, "id": short(digest)}));
    }
}

/// X-Registry-Auth: base64 (url or standard) JSON with username/password.
fn registry_auth(req: &Request<Incoming>) -> Option<crate::image::registry::auth::Credentials> {
    let v = super::handlers::base64_json_header(req, "x-registry-auth")?;
    let (u, p) = (v["username"].as_str()?, v["password"].as_str()?);
    (!u.is_empty()).then(|| crate::image::registry::auth::Credentials { username: u.into(), password: p.into() })
}

/// `POST /images/create?fromImage=NAME&tag=TAG`: a pull, reported as docker does.
pub async fn create(ctx: &Arc<Ctx>, req: Request<Incoming>, q: &HashMap<String, String>, changes: Vec<String>) -> Resp {
    if let Some(src) = q.get("fromSrc").filter(|f| !f.is_empty()) {
        return import(ctx, req, q, src, changes).await;
    }
    let Some(from) = q.get("fromImage").filter(|f| !f.is_empty()).cloned() else {
        return error(&EngineError::invalid("images/create needs fromImage (a pull) or fromSrc (an import)"));
    };
    let name = match q.get("tag").filter(|t| !t.is_empty()) {
        Some(t) if t.starts_with("sha256:") => format!("{from}@{t}"),
        Some(t) => format!("{from}:{t}"),
        None => from,
    };
    let platform = match q.get("platform").filter(|p| !p.is_empty()) {
        Some(p) => match crate::image::config::parse_platform(p) {
            Ok(p) => Some(p),
            Err(e) => return error(&EngineError::invalid(e)),
        },
        None => None,
    };
    let creds = registry_auth(&req);
    let client = super::ClientWatch::of(&req);
    let (tx, resp) = streamed(200, "application/json");
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let ctx = ctx.clone();
    let mut p = JsonLines::new(tx, false);
    p.client = Some(client);
    tokio::task::spawn_blocking(move || {
        let r = LocalEngine::open(&root, &runroot).and_then(|mut e| {
            let mut o = PullOptions { platform, ..Default::default() };
            o.session.creds = creds;
            e.pull(&name, &o, &p)
        });
        match r {
            Ok(im) => {
                p.send(json!({"status": format!("Digest: {}", im.digest)}));
                let what = if im.downloaded { "Downloaded newer image for" } else { "Image is up to date for" };
                p.send(json!({"status": format!("Status: {what} {}", im.name)}));
                ctx.event("image", "pull", &im.id, &im.name, &im.name);
            }
            Err(e) => p.send(stream_error(&e)),
        }
    });
    resp
}

/// An error in a progress stream, as docker's JSON messages carry one; `code` is the
/// HTTP status of its kind, so a client knows the kind as it would from a status.
fn stream_error(e: &EngineError) -> Value {
    json!({"errorDetail": {"code": super::handlers::status_of(e.kind), "message": e.message}, "error": e.message})
}

/// `repo` and `tag` of an import or commit as one reference (none without a repo).
fn repo_tag(q: &HashMap<String, String>) -> Option<String> {
    let repo = q.get("repo").filter(|r| !r.is_empty())?;
    Some(match q.get("tag").filter(|t| !t.is_empty()) {
        Some(t) => format!("{repo}:{t}"),
        None => repo.clone(),
    })
}

/// `POST /images/create?fromSrc=-&repo=&tag=&changes=&message=`: the body is a root
/// filesystem tar (`docker import`); answered as dockerd does, one status line with the
/// new image's id. Only `-` (the body) is a source: dockerd's URL sources fetch from the
/// network on the daemon's side.
async fn import(
    ctx: &Arc<Ctx>,
    req: Request<Incoming>,
    q: &HashMap<String, String>,
    src: &str,
    changes: Vec<String>,
) -> Resp {
    if src != "-" {
        return error(&EngineError::new(
            ErrorKind::NotSupported,
            format!("import from {src:?}: ctr imports only the request body (fromSrc=-); download the tar first"),
        ));
    }
    let name = repo_tag(q);
    let opts =
        crate::engine::local::ImportOptions { changes, message: q.get("message").filter(|m| !m.is_empty()).cloned() };
    let body = match super::body_pipe(req) {
        Ok(r) => r,
        Err(e) => return error(&e.into()),
    };
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let r = tokio::task::spawn_blocking(move || {
        let mut e = LocalEngine::open(&root, &runroot)?;
        e.import(crate::image::archive::Input::Reader(Box::new(body)), name.as_deref(), &opts)
    })
    .await;
    match r {
        Ok(Ok(im)) => {
            ctx.event("image", "import", &im.id, &im.id, &im.id);
            // dockerd's progress stream: one line, ended as its JSON messages are; ctr's
            // warnings (device nodes skipped, ...) come as statuses before it.
            let mut text = Vec::new();
            for s in im.warnings.iter().chain(std::iter::once(&im.id)) {
                text.extend(serde_json::to_vec(&json!({"status": s})).unwrap_or_default());
                text.extend_from_slice(b"\r\n");
            }
            let (mut tx, resp) = streamed(200, "application/json");
            tokio::spawn(async move {
                let _ = tx.send_data(Bytes::from(text)).await;
            });
            resp
        }
        Ok(Err(e)) => error(&e),
        Err(e) => error(&EngineError::new(ErrorKind::Internal, e.to_string())),
    }
}

/// `POST /commit?container=&repo=&tag=&comment=&author=&pause=&changes=`: 201 {"Id"}.
/// A running container is paused while its layer is read unless `pause=0`, as dockerd.
pub async fn commit(ctx: &Arc<Ctx>, req: Request<Incoming>, q: &HashMap<String, String>, changes: Vec<String>) -> Resp {
    let body = match super::handlers::read_json(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(container) = q.get("container").filter(|c| !c.is_empty()).cloned() else {
        return error(&EngineError::invalid("commit needs container="));
    };
    let name = repo_tag(q);
    let opts =
        crate::engine::local::ImportOptions { changes, message: q.get("comment").filter(|m| !m.is_empty()).cloned() };
    let author = q.get("author").filter(|a| !a.is_empty()).cloned();
    let pause = q.get("pause").is_none_or(|p| p == "1" || p == "true" || p == "True");
    let ctx2 = ctx.clone();
    engine_call(ctx, 201, move |e| {
        // A body Config's Cmd/Entrypoint/Env/... (docker-py's `conf`) as changes.
        let mut opts = opts;
        for (k, instr) in [("Cmd", "CMD"), ("Entrypoint", "ENTRYPOINT")] {
            if let Some(a) = body[k].as_array().filter(|a| !a.is_empty()) {
                opts.changes.push(format!("{instr} {}", Value::Array(a.clone())));
            }
        }
        let rec = e.current(&container)?;
        let im = e.commit_container(&rec.id, name.as_deref(), &opts, author.as_deref(), pause)?;
        ctx2.event_with(
            "container",
            "commit",
            &rec.id,
            &rec.name,
            &rec.image_name,
            &[("comment", opts.message.clone().unwrap_or_default())],
        );
        Ok(json!({"Id": im.id}))
    })
    .await
}

/// `POST /images/{name}/push?tag=TAG`: a push, reported as docker does (per layer
/// "Preparing", "Pushing", "Pushed" or "Layer already exists", then the digest line and an
/// aux object with Tag, Digest and Size).
pub async fn push(ctx: &Arc<Ctx>, req: Request<Incoming>, name: String, q: &HashMap<String, String>) -> Resp {
    let image = match q.get("tag").filter(|t| !t.is_empty()) {
        Some(t) => format!("{name}:{t}"),
        None => name.clone(),
    };
    let creds = registry_auth(&req);
    let (tx, resp) = streamed(200, "application/json");
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let ctx = ctx.clone();
    let p = JsonLines::new(tx, true);
    tokio::task::spawn_blocking(move || {
        let repo = crate::image::reference::Reference::parse(&image).map(|r| r.familiar_name()).unwrap_or(name);
        p.send(json!({"status": format!("The push refers to repository [{repo}]")}));
        let r = LocalEngine::open(&root, &runroot).and_then(|mut e| {
            let mut o = crate::engine::local::PushOptions::default();
            o.session.creds = creds;
            e.push(&image, None, &o, &p)
        });
        match r {
            Ok(m) => {
                p.send(json!({"status": format!("{}: digest: {} size: {}", m.reference, m.digest, m.size)}));
                p.send(json!({"progressDetail": {}, "aux": {"Tag": m.reference, "Digest": m.digest, "Size": m.size}}));
                ctx.event("image", "push", &image, &image, &image);
            }
            Err(e) => p.send(stream_error(&e)),
        }
    });
    resp
}

/// `GET /images/{name}/history`: the steps, newest first, in dockerd's shape (the image's
/// id and names on the newest; `<missing>` and null for the others).
pub async fn history(ctx: &Arc<Ctx>, name: String) -> Resp {
    engine_call(ctx, 200, move |e| {
        let steps: Vec<Value> = e
            .history(&name)?
            .into_iter()
            .map(|h| {
                json!({
                    "Id": h.id, "Created": h.created, "CreatedBy": h.created_by,
                    "Tags": if h.tags.is_empty() { Value::Null } else { json!(h.tags) },
                    "Size": h.size, "Comment": h.comment,
                })
            })
            .collect();
        Ok(json!(steps))
    })
    .await
}

/// `POST /images/prune?filters=`: the dangling images, or every image no container uses
/// with `dangling=false` (what `docker image prune -a` sends). dockerd's `until` and
/// `label` filters are refused, not ignored.
pub async fn prune(ctx: &Arc<Ctx>, q: &HashMap<String, String>) -> Resp {
    let mut all = false;
    for f in match super::networks::filters(q) {
        Ok(f) => f,
        Err(e) => return error(&e),
    } {
        match f.as_str() {
            "dangling=false" | "dangling=0" => all = true,
            "dangling=true" | "dangling=1" => all = false,
            _ => {
                return error(&EngineError::invalid(format!(
                    "invalid filter {f:?}: ctr prunes images by dangling=true|false only"
                )));
            }
        }
    }
    let ctx2 = ctx.clone();
    engine_call(ctx, 200, move |e| {
        let r = e.prune_images(all)?;
        let mut deleted: Vec<Value> = r.untagged.iter().map(|u| json!({"Untagged": u})).collect();
        deleted.extend(r.deleted.iter().map(|d| json!({"Deleted": d})));
        for d in &r.deleted {
            ctx2.event("image", "delete", d, d, d);
        }
        Ok(json!({
            "ImagesDeleted": if deleted.is_empty() { Value::Null } else { json!(deleted) },
            "SpaceReclaimed": r.space_reclaimed,
        }))
    })
    .await
}

pub async fn remove(ctx: &Arc<Ctx>, name: String, q: &HashMap<String, String>) -> Resp {
    let force = truthy(q, "force");
    let ctx2 = ctx.clone();
    engine_call(ctx, 200, move |e| {
        let r = e.remove_images(std::slice::from_ref(&name), force)?;
        let mut out: Vec<Value> = r.untagged.iter().map(|u| json!({"Untagged": u})).collect();
        out.extend(r.deleted.iter().map(|d| json!({"Deleted": d})));
        for d in &r.deleted {
            ctx2.event("image", "delete", d, &name, &name);
        }
        Ok(json!(out))
    })
    .await
}

pub async fn tag(ctx: &Arc<Ctx>, name: String, q: &HashMap<String, String>) -> Resp {
    let Some(repo) = q.get("repo").filter(|r| !r.is_empty()).cloned() else {
        return error(&EngineError::invalid("tag: give repo= (and tag=)"));
    };
    let target = match q.get("tag").filter(|t| !t.is_empty()) {
        Some(t) => format!("{repo}:{t}"),
        None => repo,
    };
    let ctx2 = ctx.clone();
    engine_call(ctx, 201, move |e| {
        e.tag(&name, std::slice::from_ref(&target))?;
        ctx2.event("image", "tag", &name, &target, &target);
        Ok(Value::Null)
    })
    .await
}

/// `POST /images/load`: the body is an archive, read as it arrives.
pub async fn load(ctx: &Arc<Ctx>, req: Request<Incoming>) -> Resp {
    let r = match super::body_pipe(req) {
        Ok(r) => r,
        Err(e) => return error(&e.into()),
    };
    engine_call(ctx, 200, move |e| {
        let loaded = e.load(crate::image::archive::Input::Reader(Box::new(r)))?;
        // ctr's warnings (device nodes skipped, ...) first, each once, as lines of their own.
        let mut text = String::new();
        let mut warned = std::collections::HashSet::new();
        for w in loaded.iter().flat_map(|l| &l.warnings) {
            if warned.insert(w) {
                text.push_str(&format!("{w}\n"));
            }
        }
        for l in &loaded {
            for n in &l.names {
                text.push_str(&format!("Loaded image: {n}\n"));
            }
            if l.names.is_empty() {
                text.push_str(&format!("Loaded image ID: {}\n", l.id));
            }
        }
        Ok(json!({"stream": text}))
    })
    .await
}

/// `GET /images/{name}/get` and `GET /images/get?names=`: a docker-archive tar.
pub async fn get(ctx: &Arc<Ctx>, names: Vec<String>) -> Resp {
    if names.is_empty() {
        return error(&EngineError::invalid("images/get: give names="));
    }
    // Check the names first, so a missing image is a 404 and not a broken tar.
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let n2 = names.clone();
    let check = tokio::task::spawn_blocking(move || {
        let e = LocalEngine::open(&root, &runroot)?;
        n2.iter().try_for_each(|n| e.resolve_image(n).map(|_| ()))
    })
    .await;
    match check {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return error(&e),
        Err(e) => return error(&EngineError::new(ErrorKind::Internal, e.to_string())),
    }
    let (tx, resp) = streamed(200, "application/x-tar");
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let rt = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let mut w = super::BodyWriter::new(tx, rt);
        if let Ok(e) = LocalEngine::open(&root, &runroot)
            && e.save(&names, crate::engine::local::SaveFormat::DockerArchive, &mut w).is_ok()
        {
            let _ = w.flush();
        } else {
            w.tx.abort(std::io::Error::other("saving the image failed"));
        }
    });
    resp
}
