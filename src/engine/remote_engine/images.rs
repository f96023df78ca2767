//! Images over the Docker Engine API.
//!
//! Pull and push answer with docker's stream of JSON progress messages; they are handed to
//! the same `Progress` a local pull reports to (`follow`), so the CLI draws one display.
//! Credentials are the client's: read from `--creds` or the user's credential files and
//! helpers, and sent in `X-Registry-Auth` as the docker CLI sends them.

use std::collections::HashMap;
use std::io::Read;

use base64::Engine as _;
use serde_json::{Value, json};

use super::{RemoteEngine, param, shape};
use crate::engine::interface::{
    BuildRequest, HistoryEntry, ImageEngine, ImportOptions, PullOptions, PushOptions, PushedManifest, SaveFormat,
};
use crate::engine::remote::{Client, check, enc, status_kind};
use crate::engine::{EngineError, ErrorKind, ImageSummary, LoadedImage, Progress, PulledImage, RemoveReport};
use crate::image::archive::Input;
use crate::image::reference::Reference;
use crate::image::registry::{SessionOptions, auth};

/// An image of `GET /images/json`. dockerd has no `Names` nor `Digest` (ctr's service
/// answers `Digest`): the names are the tags, the digest that of the first repo digest.
fn summary(v: Value) -> Result<ImageSummary, EngineError> {
    let mut s: ImageSummary = serde_json::from_value(v).map_err(|e| shape("image list", e))?;
    if s.names.is_empty() {
        s.names = s.repo_tags.clone();
    }
    if s.digest.is_empty()
        && let Some((_, d)) = s.repo_digests.first().and_then(|r| r.split_once('@'))
    {
        s.digest = d.to_string();
    }
    Ok(s)
}

/// A step of `GET /images/{name}/history`. The API has no empty_layer: a step without
/// bytes counts as one.
fn history_entry(v: &Value) -> HistoryEntry {
    let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
    let size = v["Size"].as_u64().unwrap_or(0);
    HistoryEntry {
        id: s("Id"),
        created: v["Created"].as_i64().unwrap_or(0),
        created_by: s("CreatedBy"),
        size,
        comment: s("Comment"),
        empty_layer: size == 0,
        tags: v["Tags"].as_array().into_iter().flatten().filter_map(|t| t.as_str().map(String::from)).collect(),
    }
}

/// The removals of `DELETE /images/{name}` and `/images/prune`: `[{"Untagged": T},
/// {"Deleted": ID}, ...]`, added to `r`.
fn add_removed(r: &mut RemoveReport, list: &Value) {
    for item in list.as_array().into_iter().flatten() {
        if let Some(t) = item["Untagged"].as_str() {
            r.untagged.push(t.to_string());
        }
        if let Some(d) = item["Deleted"].as_str() {
            r.deleted.push(d.to_string());
        }
    }
}

/// `--tls-verify` cannot cross the API: dockerd and ctr's service decide by their own
/// registry settings. Given anyway, it is refused rather than dropped (a `true` dropped
/// would quietly allow less than asked).
pub(super) fn refuse_tls_verify(s: &SessionOptions, verb: &str) -> Result<(), EngineError> {
    if s.tls_verify.is_none() {
        return Ok(());
    }
    Err(EngineError::new(
        ErrorKind::NotSupported,
        format!(
            "{verb} --tls-verify is not available through a remote engine: the Docker Engine API has no such parameter, the engine's own registry settings decide (ctr's service: its registries.conf, `insecure = true`; loopback registries may be plain HTTP); leave the flag out"
        ),
    ))
}

/// `X-Registry-Auth` for `r`'s registry as the docker CLI sends it: base64url of
/// `{"username", "password", "serveraddress"}`, from `--creds` or the user's credential
/// files and helpers (`auth::lookup`, as a local pull finds them). None without any.
fn registry_auth(r: &Reference, s: &SessionOptions) -> Result<Option<String>, EngineError> {
    let creds = match &s.creds {
        Some(c) => Some(c.clone()),
        None => auth::lookup(&r.registry, &r.repository, s.authfile.as_deref())?,
    };
    Ok(creds.map(|c| {
        let server = if r.registry == "docker.io" { "https://index.docker.io/v1/" } else { r.registry.as_str() };
        let v = json!({"username": c.username, "password": c.password, "serveraddress": server});
        base64::engine::general_purpose::URL_SAFE.encode(v.to_string())
    }))
}

/// The JSON messages of a streamed answer, as they come.
pub(super) fn messages(body: Box<dyn Read + Send>) -> impl Iterator<Item = Result<Value, EngineError>> {
    serde_json::Deserializer::from_reader(std::io::BufReader::new(body))
        .into_iter::<Value>()
        .map(|m| m.map_err(|e| shape("message stream", e)))
}

/// A message's error, `{"error": M, "errorDetail": {"code": STATUS, "message": M}}`, of
/// the kind of its code (ctr's service sends the HTTP status of the error's kind; dockerd
/// often no code: `default`).
fn stream_error(m: &Value, default: ErrorKind) -> Option<EngineError> {
    let msg = m["errorDetail"]["message"].as_str().or_else(|| m["error"].as_str())?;
    let kind = m["errorDetail"]["code"].as_u64().map(|c| status_kind(c as u16)).unwrap_or(default);
    Some(EngineError::new(kind, msg))
}

/// What a pull or push stream says besides progress.
#[derive(Debug, Default, PartialEq)]
struct StreamEnd {
    /// A pull's "Digest: D".
    digest: Option<String>,
    /// A pull's "Status: Downloaded newer image for NAME" (or "Image is up to date for").
    name: Option<String>,
    downloaded: bool,
    /// A push's `{"aux": {"Tag", "Digest", "Size"}}`.
    aux: Option<Value>,
}

/// A layer's states in docker's progress that are not its end.
const UNDERWAY: &[&str] = &[
    "Pulling fs layer",
    "Waiting",
    "Preparing",
    "Downloading",
    "Pushing",
    "Verifying Checksum",
    "Download complete",
    "Extracting",
];

/// A layer's last state: the end of its bar (or its one line).
fn layer_done(status: &str) -> bool {
    matches!(status, "Pull complete" | "Already exists" | "Pushed" | "Layer already exists")
        || status.starts_with("Mounted from ")
}

/// Hands a pull's or push's progress messages to `progress` as a local pull reports them:
/// a layer's first byte count starts its bar, each next one advances it, its last state
/// ends it; lines without a layer are messages.
#[derive(Default)]
pub(super) struct Follower {
    /// Per layer whose bar started: the bytes reported so far.
    moved: HashMap<String, u64>,
    end: StreamEnd,
}

impl Follower {
    /// One message of the stream (not an error).
    pub(super) fn message(&mut self, m: &Value, progress: &dyn Progress) {
        let end = &mut self.end;
        if m.get("aux").is_some_and(|a| a.is_object()) {
            end.aux = Some(m["aux"].clone());
            return;
        }
        let Some(status) = m["status"].as_str() else { return };
        let Some(id) = m["id"].as_str().filter(|i| !i.is_empty()) else {
            if let Some(d) = status.strip_prefix("Digest: ") {
                end.digest = Some(d.trim().to_string());
            } else if let Some(n) = status.strip_prefix("Status: Downloaded newer image for ") {
                end.name = Some(n.trim().to_string());
                end.downloaded = true;
            } else if let Some(n) = status.strip_prefix("Status: Image is up to date for ") {
                end.name = Some(n.trim().to_string());
            } else if !(status.contains(": digest: ") && status.contains(" size: ")) {
                // (A push's "TAG: digest: D size: N" comes again as its aux.)
                progress.message(status);
            }
            return;
        };
        let detail = &m["progressDetail"];
        match (detail["current"].as_u64(), detail["total"].as_u64()) {
            (Some(cur), Some(total)) if matches!(status, "Downloading" | "Pushing") => {
                let before = match self.moved.get(id) {
                    Some(n) => *n,
                    None => {
                        progress.start(id, total);
                        0
                    }
                };
                self.moved.insert(id.to_string(), cur.max(before));
                progress.advance(id, cur.saturating_sub(before));
            }
            _ if UNDERWAY.contains(&status) => {}
            _ if layer_done(status) => {
                self.moved.remove(id);
                progress.done(id, status);
            }
            // "latest: Pulling from library/busybox", and what else an engine says.
            _ => progress.message(&format!("{id}: {status}")),
        }
    }
}

/// Follows a whole pull or push stream; stops at an error message.
fn follow(body: Box<dyn Read + Send>, progress: &dyn Progress) -> Result<StreamEnd, EngineError> {
    let mut f = Follower::default();
    for m in messages(body) {
        let m = m?;
        if let Some(e) = stream_error(&m, ErrorKind::Unavailable) {
            return Err(e);
        }
        f.message(&m, progress);
    }
    Ok(f.end)
}

/// `NAME[:TAG]` or `NAME@DIGEST` as the docker CLI sends a pull: `fromImage=NAME` and
/// `tag=TAG|DIGEST` (latest when none). The name stays as given: a short name is the
/// engine's to resolve (ctr's service searches its registries.conf).
fn split_pull_name(image: &str) -> (&str, &str) {
    if let Some((n, d)) = image.split_once('@') {
        return (n, d);
    }
    match image.rsplit_once(':') {
        Some((n, t)) if !t.contains('/') => (n, t),
        _ => (image, "latest"),
    }
}

/// `POST /images/create?fromImage=`: a pull, its progress to `progress`. Also what a
/// remote `run` does for a missing image.
pub fn pull_image(
    client: &Client,
    image: &str,
    o: &PullOptions,
    progress: &dyn Progress,
) -> Result<PulledImage, EngineError> {
    refuse_tls_verify(&o.session, "pull")?;
    let r = Reference::parse(image)?;
    let (name, tag) = split_pull_name(image);
    let mut path = format!("/images/create?fromImage={}&tag={}", enc(name), enc(tag));
    if let Some(p) = &o.platform {
        let mut s = format!("{}/{}", p.os, p.architecture);
        if let Some(v) = &p.variant {
            s.push_str(&format!("/{v}"));
        }
        path.push_str(&param("platform", Some(s)));
    }
    let auth = registry_auth(&r, &o.session)?;
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("X-Registry-Auth", a.as_str())).collect();
    let resp = check(client.send("POST", &path, None, &headers)?)?;
    let end = follow(resp.body, progress)?;
    // The name the engine stored (a short name resolved), else the one asked for.
    let name = end.name.clone().unwrap_or_else(|| image.to_string());
    let v = client.json("GET", &format!("/images/{}/json", enc(&name)), None)?;
    let id = v["Id"].as_str().ok_or_else(|| shape("image inspect", "no Id"))?.to_string();
    Ok(PulledImage { id, name, digest: end.digest.unwrap_or_default(), downloaded: end.downloaded })
}

/// A body for `/images/load` or an import: a file, stdin, a stream, or an OCI layout
/// directory tarred on the way (the API takes archives only). The handle is the tarring
/// thread's, whose error is the one to report when the engine saw a broken archive.
type Body = (Box<dyn Read + Send>, Option<std::thread::JoinHandle<std::io::Result<()>>>);

fn body_of(input: Input) -> Result<Body, EngineError> {
    match input {
        Input::Path(p) if p.is_dir() => {
            let (r, w) = std::io::pipe()?;
            let t = std::thread::spawn(move || tar_dir(&p, w));
            Ok((Box::new(r), Some(t)))
        }
        Input::Path(p) => {
            let f = std::fs::File::open(&p)
                .map_err(|e| EngineError::invalid(format!("cannot open {}: {e}", p.display())))?;
            Ok((Box::new(f), None))
        }
        Input::Stdin => Ok((Box::new(std::io::stdin()), None)),
        Input::Reader(r) => Ok((r, None)),
    }
}

/// Writes the tree under `dir` to `w` as a tar, names relative to `dir`.
fn tar_dir(dir: &std::path::Path, w: impl std::io::Write) -> std::io::Result<()> {
    fn walk(
        b: &mut tar::Builder<impl std::io::Write>,
        root: &std::path::Path,
        dir: &std::path::Path,
    ) -> std::io::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let path = e.path();
            let rel = path.strip_prefix(root).map_err(std::io::Error::other)?;
            b.append_path_with_name(&path, rel)?;
            if e.file_type()?.is_dir() {
                walk(b, root, &path)?;
            }
        }
        Ok(())
    }
    let mut b = tar::Builder::new(w);
    b.follow_symlinks(false);
    walk(&mut b, dir, dir)?;
    b.into_inner()?.flush()
}

/// Sends `input` to `path`; the answer checked, or the tarring thread's own error.
fn send_archive(client: &Client, path: &str, input: Input) -> Result<crate::engine::remote::Response, EngineError> {
    let (body, tarring) = body_of(input)?;
    let r = client.send_reader("POST", path, body, &[("Content-Type", "application/x-tar")]).and_then(check);
    if let Some(t) = tarring {
        match t.join() {
            Ok(Err(e)) if r.is_err() => {
                return Err(EngineError::new(ErrorKind::InvalidArgument, format!("cannot read the directory: {e}")));
            }
            Err(_) => return Err(EngineError::new(ErrorKind::Internal, "the tarring thread panicked")),
            _ => {}
        }
    }
    r
}

impl ImageEngine for RemoteEngine {
    fn image_tag(&mut self, source: &str, targets: &[String]) -> Result<(), EngineError> {
        for t in targets {
            let r = Reference::parse(t)?;
            let tag = r.tag.clone().unwrap_or_else(|| "latest".into());
            self.post(&format!("/images/{}/tag?repo={}&tag={}", enc(source), enc(&r.familiar_name()), enc(&tag)))?;
        }
        Ok(())
    }

    fn image_list(&mut self, all: bool) -> Result<Vec<ImageSummary>, EngineError> {
        let v = self.client.json("GET", &format!("/images/json?all={}", all as u8), None)?;
        let Value::Array(list) = v else { return Err(shape("image list", "not an array")) };
        list.into_iter().map(summary).collect()
    }

    fn image_inspect(&mut self, key: &str) -> Result<Value, EngineError> {
        self.client.json("GET", &format!("/images/{}/json", enc(key)), None)
    }

    fn image_resolve_name(&mut self, name: &str) -> Result<String, EngineError> {
        // The engine resolves short names its own way: the name as given is its name.
        self.image_inspect(name).map(|_| name.to_string())
    }

    fn image_remove(&mut self, names: &[String], force: bool) -> Result<RemoveReport, EngineError> {
        let mut r = RemoveReport::default();
        for n in names {
            let v = self.client.json("DELETE", &format!("/images/{}?force={}", enc(n), force as u8), None)?;
            add_removed(&mut r, &v);
        }
        Ok(r)
    }

    fn image_prune(&mut self, all: bool) -> Result<RemoveReport, EngineError> {
        // docker image prune -a: every unused image is "not dangling" too.
        let filters = if all { format!("?filters={}", enc(r#"{"dangling":["false"]}"#)) } else { String::new() };
        let v = self.client.json("POST", &format!("/images/prune{filters}"), None)?;
        let mut r = RemoveReport { space_reclaimed: v["SpaceReclaimed"].as_u64().unwrap_or(0), ..Default::default() };
        add_removed(&mut r, &v["ImagesDeleted"]);
        Ok(r)
    }

    fn image_history(&mut self, key: &str) -> Result<Vec<HistoryEntry>, EngineError> {
        let v = self.client.json("GET", &format!("/images/{}/history", enc(key)), None)?;
        let list = v.as_array().ok_or_else(|| shape("image history", "not an array"))?;
        Ok(list.iter().map(history_entry).collect())
    }

    fn image_save(
        &mut self,
        names: &[String],
        format: SaveFormat,
        out: &mut dyn std::io::Write,
    ) -> Result<(), EngineError> {
        if format != SaveFormat::DockerArchive {
            return Err(EngineError::new(
                ErrorKind::NotSupported,
                "save --format oci-archive is not available through a remote engine: the Docker Engine API saves docker-archive only (GET /images/get); save it so and convert, or save locally",
            ));
        }
        let q: Vec<String> = names.iter().map(|n| format!("names={}", enc(n))).collect();
        let mut r = self.client.call("GET", &format!("/images/get?{}", q.join("&")), None)?;
        std::io::copy(&mut r.body, out)?;
        Ok(())
    }

    fn image_load(&mut self, input: Input) -> Result<Vec<LoadedImage>, EngineError> {
        let r = send_archive(&self.client, "/images/load?quiet=1", input)?;
        // "Loaded image: NAME" / "Loaded image ID: ID" lines in `stream` messages; other
        // lines are the engine's warnings (ctr's service sends them so).
        let mut names = Vec::new();
        let mut ids = Vec::new();
        let mut warnings = Vec::new();
        for m in messages(r.body) {
            let m = m?;
            if let Some(e) = stream_error(&m, ErrorKind::InvalidArgument) {
                return Err(e);
            }
            for line in m["stream"].as_str().unwrap_or("").lines().map(str::trim).filter(|l| !l.is_empty()) {
                if let Some(id) = line.strip_prefix("Loaded image ID: ") {
                    ids.push(id.to_string());
                } else if let Some(n) = line.strip_prefix("Loaded image: ") {
                    names.push(n.to_string());
                } else {
                    warnings.push(line.to_string());
                }
            }
        }
        // The ids of the names, one report per image (as a local load gives them).
        let mut out: Vec<LoadedImage> = Vec::new();
        for n in names {
            let v = self.client.json("GET", &format!("/images/{}/json", enc(&n)), None)?;
            let id = v["Id"].as_str().unwrap_or("").to_string();
            match out.iter_mut().find(|l| l.id == id) {
                Some(l) => l.names.push(n),
                None => out.push(LoadedImage { id, names: vec![n], warnings: Vec::new() }),
            }
        }
        out.extend(ids.into_iter().map(|id| LoadedImage { id, names: Vec::new(), warnings: Vec::new() }));
        if let Some(first) = out.first_mut() {
            first.warnings = warnings;
        }
        Ok(out)
    }

    fn image_import(
        &mut self,
        input: Input,
        reference: Option<&str>,
        o: &ImportOptions,
    ) -> Result<LoadedImage, EngineError> {
        let mut path = "/images/create?fromSrc=-".to_string();
        let mut names = Vec::new();
        if let Some(n) = reference {
            let r = Reference::parse(n)?;
            if r.digest.is_some() {
                return Err(EngineError::invalid(format!(
                    "cannot import as {n:?}: a name for a new image has no digest"
                )));
            }
            path.push_str(&param("repo", Some(r.familiar_name())));
            path.push_str(&param("tag", r.tag.as_deref()));
            names.push(n.to_string());
        }
        path.push_str(&param("message", o.message.as_deref()));
        for c in &o.changes {
            path.push_str(&param("changes", Some(c)));
        }
        let r = send_archive(&self.client, &path, input)?;
        // dockerd's answer is one status message, the new image's id; ctr's service sends
        // its warnings as statuses before it.
        let mut statuses = Vec::new();
        for m in messages(r.body) {
            let m = m?;
            if let Some(e) = stream_error(&m, ErrorKind::InvalidArgument) {
                return Err(e);
            }
            if let Some(s) = m["status"].as_str() {
                statuses.push(s.to_string());
            }
        }
        let id = statuses.pop().filter(|s| s.starts_with("sha256:")).ok_or_else(|| shape("import answer", "no id"))?;
        Ok(LoadedImage { id, names, warnings: statuses })
    }

    fn image_pull(&mut self, name: &str, o: &PullOptions, progress: &dyn Progress) -> Result<PulledImage, EngineError> {
        pull_image(&self.client, name, o, progress)
    }

    /// `POST /images/{name}/push?tag=`. The API pushes an image under a name it has
    /// there: to another destination, the image is tagged with it for the push (as one
    /// does with the docker CLI), and the tag removed again unless it was there before
    /// or is the image's only name.
    fn image_build(
        &mut self,
        r: &BuildRequest,
        progress: &dyn Progress,
        out: &mut dyn std::io::Write,
    ) -> Result<String, EngineError> {
        super::build::build(&self.client, r, progress, out)
    }

    fn image_push(
        &mut self,
        image: &str,
        dest: Option<&str>,
        o: &PushOptions,
        progress: &dyn Progress,
    ) -> Result<PushedManifest, EngineError> {
        refuse_tls_verify(&o.session, "push")?;
        let dest = dest.map(|d| d.strip_prefix("docker://").unwrap_or(d));
        let target = dest.unwrap_or(image);
        let r = Reference::parse(target).map_err(|e| {
            EngineError::invalid(format!(
                "{e}; push needs a destination name, e.g. `ctr push {image} localhost:5000/name:tag`"
            ))
        })?;
        if dest.is_none() && crate::image::reference::is_id_prefix(image) && image.len() < 64 {
            return Err(EngineError::invalid(format!(
                "push {image:?}: give a destination name (`ctr push IMAGE REGISTRY/NAME:TAG`)"
            )));
        }
        let mut untag = false;
        if let Some(d) = dest {
            let im = self.image_inspect(image)?;
            let canonical = |n: &str| Reference::parse(n).map(|r| r.to_string()).unwrap_or_else(|_| n.to_string());
            let have: Vec<String> =
                im["RepoTags"].as_array().into_iter().flatten().filter_map(Value::as_str).map(canonical).collect();
            if !have.contains(&r.to_string()) {
                match self.image_inspect(d) {
                    Ok(other) => {
                        return Err(EngineError::conflict(format!(
                            "cannot push {image} as {d} through a remote engine: {d} names another image there ({}), and the Docker Engine API pushes an image under a name it has; tag it first (ctr tag {image} {d}) and push {d}",
                            other["Id"].as_str().unwrap_or("?")
                        )));
                    }
                    Err(e) if e.kind == ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
                self.image_tag(image, &[d.to_string()])?;
                untag = !have.is_empty();
                if !untag {
                    progress.message(&format!("{image} had no name on the engine: it keeps {d}"));
                }
            }
        }
        let result = self.push_name(&r, &o.session, progress);
        if untag && let Err(e) = self.image_remove(&[target.to_string()], false) {
            progress.message(&format!("warning: the name {target} given for the push stays: {}", e.message));
        }
        result
    }
}

impl RemoteEngine {
    /// Pushes the engine's image named `r`.
    fn push_name(
        &mut self,
        r: &Reference,
        s: &SessionOptions,
        progress: &dyn Progress,
    ) -> Result<PushedManifest, EngineError> {
        let tag = r.tag.clone().or(r.digest.clone()).unwrap_or_else(|| "latest".into());
        let path = format!("/images/{}/push?tag={}", enc(&r.familiar_name()), enc(&tag));
        let auth = registry_auth(r, s)?.unwrap_or_else(|| {
            // The docker CLI sends an empty config when it has none; dockerd wants the header.
            base64::engine::general_purpose::URL_SAFE.encode("{}")
        });
        let resp = check(self.client.send("POST", &path, None, &[("X-Registry-Auth", &auth)])?)?;
        let end = follow(resp.body, progress)?;
        let aux = end.aux.ok_or_else(|| shape("push answer", "no digest (aux)"))?;
        Ok(PushedManifest {
            digest: aux["Digest"].as_str().unwrap_or("").to_string(),
            size: aux["Size"].as_u64().unwrap_or(0),
            reference: aux["Tag"].as_str().unwrap_or(&tag).to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// Records what a stream made of a Progress.
    #[derive(Default)]
    struct Log(RefCell<Vec<String>>);
    impl Progress for Log {
        fn message(&self, m: &str) {
            self.0.borrow_mut().push(format!("msg {m}"));
        }
        fn start(&self, d: &str, size: u64) {
            self.0.borrow_mut().push(format!("start {d} {size}"));
        }
        fn advance(&self, d: &str, n: u64) {
            self.0.borrow_mut().push(format!("advance {d} {n}"));
        }
        fn done(&self, d: &str, s: &str) {
            self.0.borrow_mut().push(format!("done {d} {s}"));
        }
    }

    fn run(stream: &str) -> (Result<StreamEnd, EngineError>, Vec<String>) {
        let log = Log::default();
        let r = follow(Box::new(std::io::Cursor::new(stream.as_bytes().to_vec())), &log);
        (r, log.0.into_inner())
    }

    #[test]
    fn dockerd_pull_stream_becomes_progress() {
        let (end, log) = run(concat!(
            "{\"status\":\"Pulling from library/busybox\",\"id\":\"latest\"}\r\n",
            "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}\r\n",
            "{\"status\":\"Already exists\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}\r\n",
            "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":100,\"total\":300},\"progress\":\"[=>  ]\",\"id\":\"aaaaaaaaaaaa\"}\r\n",
            "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":300,\"total\":300},\"id\":\"aaaaaaaaaaaa\"}\r\n",
            "{\"status\":\"Verifying Checksum\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}\r\n",
            "{\"status\":\"Extracting\",\"progressDetail\":{\"current\":300,\"total\":300},\"id\":\"aaaaaaaaaaaa\"}\r\n",
            "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}\r\n",
            "{\"status\":\"Digest: sha256:abc\"}\r\n",
            "{\"status\":\"Status: Downloaded newer image for busybox:latest\"}\r\n",
        ));
        assert_eq!(
            end.unwrap(),
            StreamEnd {
                digest: Some("sha256:abc".into()),
                name: Some("busybox:latest".into()),
                downloaded: true,
                aux: None
            }
        );
        assert_eq!(
            log,
            [
                "msg latest: Pulling from library/busybox",
                "done bbbbbbbbbbbb Already exists",
                "start aaaaaaaaaaaa 300",
                "advance aaaaaaaaaaaa 100",
                "advance aaaaaaaaaaaa 200",
                "done aaaaaaaaaaaa Pull complete",
            ]
        );
    }

    #[test]
    fn push_stream_gives_its_aux_and_errors_keep_their_kind() {
        let (end, log) = run(concat!(
            "{\"status\":\"The push refers to repository [localhost:5000/x]\"}\n",
            "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"cccccccccccc\"}\n",
            "{\"status\":\"Mounted from library/busybox\",\"progressDetail\":{},\"id\":\"cccccccccccc\"}\n",
            "{\"status\":\"1: digest: sha256:d size: 527\"}\n",
            "{\"progressDetail\":{},\"aux\":{\"Tag\":\"1\",\"Digest\":\"sha256:d\",\"Size\":527}}\n",
        ));
        assert_eq!(end.unwrap().aux, Some(json!({"Tag": "1", "Digest": "sha256:d", "Size": 527})));
        assert_eq!(
            log,
            ["msg The push refers to repository [localhost:5000/x]", "done cccccccccccc Mounted from library/busybox"]
        );
        let (end, _) = run(concat!(
            "{\"status\":\"Trying to pull x...\"}\n",
            "{\"errorDetail\":{\"code\":404,\"message\":\"manifest unknown\"},\"error\":\"manifest unknown\"}\n",
            "{\"status\":\"never read\"}\n",
        ));
        let e = end.unwrap_err();
        assert_eq!((e.kind, e.message.as_str()), (ErrorKind::NotFound, "manifest unknown"));
        // dockerd's errors often have no code.
        let (end, _) = run("{\"errorDetail\":{\"message\":\"denied\"},\"error\":\"denied\"}");
        assert_eq!(end.unwrap_err().kind, ErrorKind::Unavailable);
    }

    #[test]
    fn pull_names_split_as_the_docker_cli_sends_them() {
        assert_eq!(split_pull_name("busybox"), ("busybox", "latest"));
        assert_eq!(split_pull_name("busybox:1.36"), ("busybox", "1.36"));
        assert_eq!(split_pull_name("localhost:5000/a/b"), ("localhost:5000/a/b", "latest"));
        assert_eq!(split_pull_name("localhost:5000/a/b:v1"), ("localhost:5000/a/b", "v1"));
        assert_eq!(split_pull_name("reg:5000/b@sha256:0123"), ("reg:5000/b", "sha256:0123"));
    }

    #[test]
    fn image_list_of_dockerd_reads_as_ctr_s() {
        let s = summary(json!({
            "Containers": -1, "Created": 1700000000, "Id": "sha256:8d93", "Labels": null, "ParentId": "",
            "RepoDigests": ["busybox@sha256:feed"], "RepoTags": ["busybox:latest"], "SharedSize": -1,
            "Size": 3, "VirtualSize": 3
        }))
        .unwrap();
        assert_eq!(s.names, ["busybox:latest"]);
        assert_eq!(s.digest, "sha256:feed");
        assert_eq!((s.created, s.size), (1_700_000_000, 3));
        let none = summary(json!({"Id": "sha256:1", "RepoTags": null, "RepoDigests": null})).unwrap();
        assert!(none.repo_tags.is_empty() && none.digest.is_empty());
    }

    #[test]
    fn history_of_the_api_reads_as_entries() {
        let e = history_entry(&json!({
            "Comment": "m1", "Created": 1796306991, "CreatedBy": "", "Id": "sha256:8d93",
            "Size": 3, "Tags": ["ctrprobe:1"]
        }));
        assert_eq!((e.id.as_str(), e.created, e.size, e.empty_layer), ("sha256:8d93", 1_796_306_991, 3, false));
        assert_eq!(e.tags, ["ctrprobe:1"]);
        let e =
            history_entry(&json!({"Id": "<missing>", "Created": 0, "CreatedBy": "ENV A=b", "Size": 0, "Tags": null}));
        assert!(e.empty_layer && e.tags.is_empty());
    }

    #[test]
    fn a_layout_directory_is_tarred_with_relative_names() {
        let dir = std::env::temp_dir().join(format!("ctr-tar-dir-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("blobs/sha256")).unwrap();
        std::fs::write(dir.join("index.json"), b"{}").unwrap();
        std::fs::write(dir.join("blobs/sha256/ab"), b"x").unwrap();
        let mut out = Vec::new();
        tar_dir(&dir, &mut out).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        let mut ar = tar::Archive::new(&out[..]);
        let names: Vec<String> =
            ar.entries().unwrap().map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["blobs", "blobs/sha256", "blobs/sha256/ab", "index.json"]);
    }
}
