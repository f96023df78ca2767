//! `pull` and `push`: the registry client driven by the local engine.
//!
//! A pull fetches the manifest (choosing this machine's platform from an index) and the
//! config, then streams every missing layer at once: each blob is hashed and written to a
//! temp file while it also flows through a pipe into the unpack helper, so download,
//! decompression and unpacking overlap and no layer is ever held in memory. A layer is
//! kept only when both its blob digest and its diff id check out; each is recorded as it
//! lands, so a pull killed midway leaves a consistent store and the next one reuses it.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::sync::Arc;

use http_body_util::BodyExt;
use hyper::body::Bytes;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

use super::LocalEngine;
use crate::engine::{EngineError, ErrorKind, Progress, PulledImage};
use crate::image::config::{self, Descriptor, ImageConfig, Manifest};
use crate::image::reference::Reference;
use crate::image::registry::conf::RegistriesConf;
use crate::image::registry::transport::{Http, STALL_TIMEOUT};
use crate::image::registry::{self, RegistryError, Session};
use crate::storage::layers::{JobFailure, StreamInput};
use crate::storage::unpack::UnpackStats;
use crate::store::{LayerRecord, NewImage};

/// Blobs up to this size are uploaded in one PUT; bigger ones in PATCH chunks of it.
const CHUNK: usize = 16 << 20;

pub use crate::engine::interface::{PullOptions, PushOptions, PushedManifest};

fn runtime() -> Result<tokio::runtime::Runtime, EngineError> {
    Ok(tokio::runtime::Builder::new_current_thread().enable_io().enable_time().build()?)
}

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Runs futures concurrently on the current task; results in order.
async fn join_all<'a, T>(futs: Vec<Pin<Box<dyn Future<Output = T> + 'a>>>) -> Vec<T> {
    let mut futs: Vec<Option<Pin<Box<dyn Future<Output = T> + 'a>>>> = futs.into_iter().map(Some).collect();
    let mut out: Vec<Option<T>> = futs.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in futs.iter_mut().enumerate() {
            if let Some(fut) = f {
                match fut.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        out[i] = Some(v);
                        *f = None;
                    }
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending { std::task::Poll::Pending } else { std::task::Poll::Ready(()) }
    })
    .await;
    out.into_iter().map(|v| v.expect("every future finished")).collect()
}

/// The short form progress shows for a digest.
pub fn short(digest: &str) -> &str {
    let h = crate::digest::hex(digest);
    &h[..h.len().min(12)]
}

/// The references a name may mean: itself when qualified; else an alias, or each
/// unqualified-search registry in turn (docker.io when none is configured).
pub fn candidates(name: &str, conf: &RegistriesConf) -> Result<Vec<Reference>, EngineError> {
    let parsed = Reference::parse(name)?;
    if !is_short(name) {
        return Ok(vec![parsed]);
    }
    let (base, suffix) = split_suffix(name);
    if let Some(target) = conf.aliases.get(base) {
        return Ok(vec![Reference::parse(&format!("{target}{suffix}"))?]);
    }
    if conf.search.is_empty() {
        return Ok(vec![parsed]);
    }
    let mut out = Vec::new();
    for reg in &conf.search {
        let r = Reference::parse(&format!("{reg}/{name}"))?;
        if !out.contains(&r) {
            out.push(r);
        }
    }
    Ok(out)
}

/// A name without a registry ("busybox", "user/app:1"), as opposed to "docker.io/busybox".
pub fn is_short(name: &str) -> bool {
    match name.split_once('/') {
        None => true,
        Some((first, _)) => !(first == "localhost" || first.contains(['.', ':'])),
    }
}

/// "busybox:1@sha256:.." -> ("busybox", ":1@sha256:..").
fn split_suffix(name: &str) -> (&str, &str) {
    let end = name.find(['@', ':']).unwrap_or(name.len());
    name.split_at(end)
}

/// One layer to fetch: its descriptor and diff id.
struct Todo {
    desc: Descriptor,
    diff_id: String,
}

impl LocalEngine {
    /// A short name ("busybox") the store has under one of the search registries' names
    /// (podman's short-name resolution, locally): the qualified name.
    pub fn resolve_short_name(&self, name: &str) -> Option<String> {
        if !is_short(name) {
            return None;
        }
        let conf = RegistriesConf::load().ok()?;
        candidates(name, &conf).ok()?.into_iter().map(|r| r.to_string()).find(|n| self.resolve_image(n).is_ok())
    }

    /// `ctr pull`: fetches an image (and whatever of its layers is missing).
    pub fn pull(
        &mut self,
        name: &str,
        opts: &PullOptions,
        progress: &dyn Progress,
    ) -> Result<PulledImage, EngineError> {
        let conf = RegistriesConf::load()?;
        let cands = candidates(name, &conf)?;
        let http = Arc::new(Http::new());
        let rt = runtime()?;
        let mut errors: Vec<(String, EngineError)> = Vec::new();
        for r in &cands {
            progress.message(&format!("Trying to pull {r}..."));
            match self.pull_reference(&rt, &http, &conf, r, opts, progress) {
                Ok(p) => return Ok(p),
                Err(e)
                    if cands.len() > 1
                        && matches!(e.kind, ErrorKind::NotFound | ErrorKind::Unauthorized | ErrorKind::Unavailable) =>
                {
                    errors.push((r.to_string(), e))
                }
                Err(e) => return Err(e),
            }
        }
        if errors.len() == 1 {
            return Err(errors.pop().unwrap().1);
        }
        let kind = if errors.iter().all(|(_, e)| e.kind == ErrorKind::NotFound) {
            ErrorKind::NotFound
        } else {
            ErrorKind::Unavailable
        };
        let list: Vec<String> = errors.iter().map(|(r, e)| format!("{r}: {}", e.message)).collect();
        Err(EngineError::new(
            kind,
            format!("{name:?} could not be pulled from any search registry:\n  {}", list.join("\n  ")),
        ))
    }

    fn pull_reference(
        &mut self,
        rt: &tokio::runtime::Runtime,
        http: &Arc<Http>,
        conf: &RegistriesConf,
        r: &Reference,
        opts: &PullOptions,
        progress: &dyn Progress,
    ) -> Result<PulledImage, EngineError> {
        let endpoints = conf.endpoints(&r.registry, &r.repository, true)?;
        let mut last = None;
        for (i, ep) in endpoints.iter().enumerate() {
            let s = Session::new(http.clone(), &ep.registry, &ep.repository, ep.insecure, &opts.session, false);
            match self.pull_from(rt, &s, r, opts, progress) {
                Ok(p) => return Ok(p),
                Err(e) if ep.mirror && i + 1 < endpoints.len() => {
                    progress.message(&format!("mirror {}: {}; trying the next source", ep.registry, e.message));
                    last = Some(e);
                }
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| EngineError::not_found(format!("no source for {r}"))))
    }

    fn pull_from(
        &mut self,
        rt: &tokio::runtime::Runtime,
        s: &Session,
        r: &Reference,
        opts: &PullOptions,
        progress: &dyn Progress,
    ) -> Result<PulledImage, EngineError> {
        let want = opts.platform.clone().unwrap_or_else(config::host_platform);
        let reference = r.digest.clone().or_else(|| r.tag.clone()).unwrap_or_else(|| "latest".into());
        // Manifest (through an index if need be) and config.
        let (top, manifest, cfg_bytes) = rt.block_on(async {
            let top = s.manifest(&reference).await?;
            let mut m = top.clone();
            let mut parsed = parse_manifest(&m)?;
            if parsed.is_index() {
                let d = registry::select_platform(&parsed, &want)
                    .map_err(|message| RegistryError::Invalid { what: r.to_string(), message })?;
                m = s.manifest(&d.digest.clone()).await?;
                parsed = parse_manifest(&m)?;
                if parsed.is_index() {
                    return Err(RegistryError::Invalid {
                        what: r.to_string(),
                        message: "an index inside an index is not supported".into(),
                    });
                }
            }
            let cd = parsed.config.as_ref().ok_or_else(|| RegistryError::Invalid {
                what: format!("manifest {}", m.digest),
                message: "it has no config".into(),
            })?;
            crate::image::blobs::check_digest(&cd.digest).map_err(|e| RegistryError::Invalid {
                what: format!("manifest {}", m.digest),
                message: e.to_string(),
            })?;
            let cfg = s.small_blob(&cd.digest, registry::CONFIG_LIMIT).await?;
            Ok::<_, RegistryError>((top, (m, parsed), cfg))
        })?;
        let (m, parsed) = manifest;
        let config_digest = parsed.config.as_ref().map(|c| c.digest.clone()).unwrap_or_default();
        let cfg = ImageConfig::parse(&cfg_bytes).map_err(|e| EngineError::invalid(format!("image {r}: {e}")))?;
        if cfg.diff_ids.len() != parsed.layers.len() {
            return Err(EngineError::invalid(format!(
                "image {r}: its config lists {} layers but its manifest {}; the image is malformed",
                cfg.diff_ids.len(),
                parsed.layers.len()
            )));
        }
        for l in &parsed.layers {
            crate::image::blobs::check_digest(&l.digest)
                .map_err(|e| EngineError::invalid(format!("image {r}: layer {e}")))?;
            if l.size < 0 {
                return Err(EngineError::invalid(format!("image {r}: layer {} has a negative size", l.digest)));
            }
        }
        if !opts.platform.as_ref().is_some_and(|p| p.architecture.is_empty())
            && !cfg.architecture.is_empty()
            && cfg.architecture != want.architecture
        {
            progress.message(&format!(
                "warning: image {r} is for {}/{}, not {}/{}",
                cfg.os, cfg.architecture, want.os, want.architecture
            ));
        }

        let _lock = self.lock(false)?;
        // Layers: what is here already, what must come.
        let mut todo: Vec<Todo> = Vec::new();
        let mut downloaded = false;
        for (l, d) in parsed.layers.iter().zip(&cfg.diff_ids) {
            if self.store.layer(d)?.is_some() && self.layers().exists(d) {
                progress.done(&l.digest, "Already exists");
            } else if !todo.iter().any(|t| t.diff_id == *d) {
                todo.push(Todo { desc: l.clone(), diff_id: d.clone() });
            }
        }
        if !todo.is_empty() {
            downloaded = true;
            self.fetch_layers(rt, s, &todo, progress)?;
        }
        let mut layers = Vec::new();
        for d in &cfg.diff_ids {
            layers.push(
                self.store.layer(d)?.ok_or_else(|| {
                    EngineError::new(ErrorKind::Internal, format!("layer {d} missing after the pull"))
                })?,
            );
        }
        progress.message(&format!("Copying config {}", short(&config_digest)));
        if !self.blobs.has(&config_digest) {
            self.blobs.put_bytes(&cfg_bytes)?;
            downloaded = true;
        }
        progress.message("Writing manifest to image destination");
        self.blobs.put_bytes(&m.bytes)?;
        if top.digest != m.digest {
            self.blobs.put_bytes(&top.bytes)?;
        }
        let tags: Vec<String> = if r.tag.is_some() && r.digest.is_none() { vec![r.to_string()] } else { Vec::new() };
        let name = r.name();
        self.store.add_image(&NewImage {
            id: &config_digest,
            manifest_digest: &m.digest,
            manifest_type: &m.media_type,
            created: cfg.created,
            architecture: &cfg.architecture,
            os: &cfg.os,
            layers: &layers,
            tags: &tags,
            repo_digest: Some((&name, &top.digest)),
        })?;
        Ok(PulledImage { id: config_digest, name: r.to_string(), digest: top.digest, downloaded })
    }

    /// Downloads and unpacks layers, all at once, each verified twice (blob digest while it
    /// streams, diff id in the unpacker); each good one is placed and recorded as soon as
    /// it is done, so a pull killed midway keeps it.
    fn fetch_layers(
        &mut self,
        rt: &tokio::runtime::Runtime,
        s: &Session,
        todo: &[Todo],
        progress: &dyn Progress,
    ) -> Result<(), EngineError> {
        let limits = self.unpack_limits()?;
        let inputs: Vec<StreamInput> = todo
            .iter()
            .map(|t| StreamInput {
                diff_id: t.diff_id.clone(),
                // A blob kept from before is streamed from the store: its own length
                // bounds it, whatever size this manifest claims.
                size: match self.blobs.path(&t.desc.digest).ok().and_then(|p| std::fs::metadata(p).ok()) {
                    Some(m) => m.len(),
                    None => t.desc.size as u64,
                },
            })
            .collect();
        let (mut su, pipes) = self.layers().unpack_streams(&inputs, limits)?;
        let results_fd = su.results.take().expect("a results pipe");
        let abort = Cell::new(false);
        let closed = Cell::new(false);
        let slots: RefCell<Vec<Option<Result<UnpackStats, JobFailure>>>> =
            RefCell::new(todo.iter().map(|_| None).collect());
        let (blobs, layers, store, jobs) = (&self.blobs, self.layers(), &self.store, &su.jobs);
        let outcome: Vec<Result<(), EngineError>> = rt.block_on(async {
            let collect = async {
                let Ok(rx) = tokio::net::unix::pipe::Receiver::from_owned_fd(results_fd) else {
                    closed.set(true);
                    return;
                };
                let mut lines = tokio::io::BufReader::new(rx).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some((i, r)) = crate::storage::layers::parse_done(&line)
                        && i < todo.len()
                    {
                        slots.borrow_mut()[i] = Some(r);
                    }
                }
                closed.set(true);
            };
            let futs: Vec<BoxFuture<'_, Result<(), EngineError>>> = todo
                .iter()
                .zip(pipes)
                .enumerate()
                .map(|(i, (t, pipe))| {
                    let (abort, closed, slots) = (&abort, &closed, &slots);
                    Box::pin(async move {
                        let dl = fetch_one(s, blobs, &t.desc, pipe, progress, abort).await;
                        // The unpacker's word on this layer.
                        let up = loop {
                            if let Some(r) = slots.borrow_mut()[i].take() {
                                break Some(r);
                            }
                            if closed.get() {
                                break None;
                            }
                            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                        };
                        let r = finish_layer(layers, blobs, store, &jobs[i], t, dl, up, progress);
                        if r.is_err() {
                            abort.set(true);
                        }
                        r
                    }) as BoxFuture<'_, _>
                })
                .collect();
            let (_, out) = tokio::join!(collect, join_all(futs));
            out
        });
        self.layers().finish_streams(su)?;
        // The first real failure (not one of the downloads it aborted).
        let mut errs: Vec<EngineError> = outcome.into_iter().filter_map(Result::err).collect();
        errs.sort_by_key(|e| e.message == ABORTED);
        match errs.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// `ctr push`: uploads an image's blobs (skipping what the registry has, mounting
    /// what another repository of it has) and its manifest, unchanged, so the digest is
    /// the same everywhere (unless a blob had to be made again: `complete_manifest`).
    pub fn push(
        &mut self,
        image: &str,
        dest: Option<&str>,
        opts: &PushOptions,
        progress: &dyn Progress,
    ) -> Result<PushedManifest, EngineError> {
        let id = self.resolve_image(image)?;
        let rec = self.record(&id)?;
        let dest = dest.map(|d| d.strip_prefix("docker://").unwrap_or(d)).unwrap_or(image);
        let r = Reference::parse(dest).map_err(|e| {
            EngineError::invalid(format!(
                "{e}; push needs a destination name, e.g. `ctr push {image} localhost:5000/name:tag`"
            ))
        })?;
        if crate::image::reference::is_id_prefix(dest) && dest.len() < 64 && r.registry == "docker.io" && image == dest
        {
            return Err(EngineError::invalid(format!(
                "push {image:?}: give a destination name (`ctr push IMAGE REGISTRY/NAME:TAG`)"
            )));
        }
        // The manifest the pushed name came with, else the image's own.
        let tag_manifest = Reference::parse(image)
            .ok()
            .filter(|r| r.digest.is_none())
            .and_then(|r| self.store.tag_manifest(&r.to_string()).ok().flatten())
            .filter(|d| self.blobs.has(d));
        let manifest_digest = tag_manifest.unwrap_or_else(|| rec.manifest_digest.clone());
        let manifest_bytes = self.blobs.read(&manifest_digest)?;
        let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
            .map_err(|e| EngineError::invalid(format!("stored manifest of {image}: {e}")))?;
        let manifest_type = if manifest.media_type.is_empty() {
            if manifest_digest == rec.manifest_digest { rec.manifest_type.clone() } else { config::OCI_MANIFEST.into() }
        } else {
            manifest.media_type.clone()
        };
        // Held while pushing: blobs made again for the manifest are not collected meanwhile.
        let _lock = self.lock(false)?;
        let complete = self.complete_manifest(&id, &manifest_digest, &manifest_type, progress)?;
        let manifest: Manifest = serde_json::from_slice(&complete.manifest).map_err(std::io::Error::other)?;
        let mut blobs: Vec<Descriptor> = manifest.layers.clone();
        blobs.extend(manifest.config.clone());
        let conf = RegistriesConf::load()?;
        let ep = conf.endpoints(&r.registry, &r.repository, false)?.pop().expect("one endpoint");
        let s = Session::new(Arc::new(Http::new()), &ep.registry, &ep.repository, ep.insecure, &opts.session, true);
        // Repositories of the same registry the image came from or went to: mount sources.
        let mut sources: Vec<String> = Vec::new();
        for n in rec.repo_digests.iter().chain(&rec.tags) {
            if let Ok(other) = Reference::parse(n)
                && other.registry == ep.registry
                && other.repository != ep.repository
                && !sources.contains(&other.repository)
            {
                sources.push(other.repository);
            }
        }
        for src in &sources {
            s.add_pull_scope(src);
        }
        let reference = r.tag.clone().or(r.digest.clone()).unwrap_or_else(|| "latest".into());
        let rt = runtime()?;
        let blob_store = &self.blobs;
        let digest = rt.block_on(async {
            s.ping().await?;
            let futs: Vec<BoxFuture<'_, Result<(), RegistryError>>> = blobs
                .iter()
                .map(|b| Box::pin(push_blob(&s, blob_store, b, &sources, progress)) as Pin<Box<dyn Future<Output = _>>>)
                .collect();
            for r in join_all(futs).await {
                r?;
            }
            progress.message("Writing manifest to image destination");
            s.put_manifest(&reference, &complete.manifest, &complete.manifest_type).await
        })?;
        // The image's own digest there, unless its config had to change (a layer made
        // again from its files): then what was pushed is another image.
        if complete.config_digest == id {
            let name = format!("{}/{}", ep.registry, ep.repository);
            self.store.add_repo_digest(&name, &digest, &id)?;
        }
        Ok(PushedManifest { digest, size: complete.manifest.len() as u64, reference })
    }
}

const ABORTED: &str = "aborted: another layer failed";
const CANCELLED: &str = "the pull was cancelled: its client went away; nothing of the unfinished layers was stored";

/// Keeps a layer whose download and unpack both succeeded (moved into place, blob kept,
/// recorded); throws away anything of one that failed.
#[allow(clippy::too_many_arguments)]
fn finish_layer(
    layers: &crate::storage::layers::LayerStore,
    blobs: &crate::image::blobs::BlobStore,
    store: &crate::store::Store,
    job: &crate::storage::layers::UnpackJob,
    t: &Todo,
    dl: Result<Option<crate::image::blobs::TempFile>, EngineError>,
    up: Option<Result<UnpackStats, JobFailure>>,
    progress: &dyn Progress,
) -> Result<(), EngineError> {
    let stats = match (dl, up) {
        (Ok(tmp), Some(Ok(stats))) => {
            if let Some(tmp) = tmp {
                blobs.commit(tmp, &t.desc.digest)?;
            }
            stats
        }
        (dl, up) => {
            layers.discard(job)?;
            return Err(match (dl, up) {
                (Err(e), _) => e,
                (Ok(_), Some(Err(JobFailure::Failed(m)))) => {
                    EngineError::invalid(format!("layer {}: {m}", t.desc.digest))
                }
                (Ok(_), Some(Err(f))) => f.into_error(&t.desc.digest).into(),
                _ => EngineError::new(
                    ErrorKind::Internal,
                    format!("layer {}: the unpacker gave no result", t.desc.digest),
                ),
            });
        }
    };
    layers.place_one(job, &stats)?;
    for w in &stats.warnings {
        progress.message(&format!("warning: layer {}: {w}", short(&t.desc.digest)));
    }
    store.add_layer(&LayerRecord {
        diff_id: stats.diff_id,
        blob_digest: t.desc.digest.clone(),
        media_type: t.desc.media_type.clone(),
        blob_size: t.desc.size as u64,
        diff_size: stats.diff_size,
        size: stats.size,
    })?;
    progress.done(&t.desc.digest, "Pull complete");
    Ok(())
}

fn parse_manifest(m: &registry::FetchedManifest) -> Result<Manifest, RegistryError> {
    serde_json::from_slice(&m.bytes)
        .map_err(|e| RegistryError::Invalid { what: format!("manifest {}", m.digest), message: format!("{e}") })
}

/// Streams one blob: hashed, counted, written to a temp file and into the unpack pipe.
/// Ok(None) when the blob was already stored (it is streamed from the store instead).
async fn fetch_one(
    s: &Session,
    blobs: &crate::image::blobs::BlobStore,
    desc: &Descriptor,
    pipe: std::fs::File,
    progress: &dyn Progress,
    abort: &Cell<bool>,
) -> Result<Option<crate::image::blobs::TempFile>, EngineError> {
    use sha2::Digest;
    let expected = desc.size as u64;
    let mut pipe = Some(tokio::net::unix::pipe::Sender::from_file(pipe)?);
    progress.start(&desc.digest, expected);
    // A blob kept from an earlier pull: unpack it from the store.
    if blobs.has(&desc.digest) {
        let mut f = blobs.open(&desc.digest)?;
        let mut buf = vec![0u8; 256 << 10];
        loop {
            let n = std::io::Read::read(&mut f, &mut buf)?;
            if n == 0 {
                break;
            }
            if let Some(p) = pipe.as_mut()
                && p.write_all(&buf[..n]).await.is_err()
            {
                pipe = None;
            }
            progress.advance(&desc.digest, n as u64);
        }
        return Ok(None);
    }
    let what = format!("layer {}", desc.digest);
    let resp = s.blob(&desc.digest).await?;
    let (tmp, file) = blobs.temp()?;
    let mut file = std::io::BufWriter::with_capacity(256 << 10, file);
    let mut hasher = sha2::Sha256::new();
    let mut got: u64 = 0;
    let mut body = resp.into_body();
    // The wait for each chunk is cut into ticks, to notice a cancel while the registry
    // sends nothing (`body.frame()` loses nothing when dropped unfinished).
    const TICK: std::time::Duration = std::time::Duration::from_millis(250);
    let mut waited = std::time::Duration::ZERO;
    loop {
        if abort.get() {
            return Err(EngineError::new(ErrorKind::Internal, ABORTED));
        }
        if progress.cancelled() {
            return Err(EngineError::new(ErrorKind::Conflict, CANCELLED));
        }
        let Ok(frame) = tokio::time::timeout(TICK, body.frame()).await else {
            waited += TICK;
            if waited >= STALL_TIMEOUT {
                return Err(RegistryError::Timeout(what.clone()).into());
            }
            continue;
        };
        waited = std::time::Duration::ZERO;
        let Some(frame) = frame else { break };
        let frame = frame.map_err(|e| RegistryError::Read {
            what: what.clone(),
            message: format!(
                "{}; the download broke off, nothing of it was stored",
                crate::image::registry::transport::error_chain(&e)
            ),
        })?;
        let Ok(data) = frame.into_data() else { continue };
        got += data.len() as u64;
        if got > expected {
            return Err(RegistryError::Invalid {
                what,
                message: format!(
                    "the registry sent more than the {expected} bytes the manifest says; nothing was stored"
                ),
            }
            .into());
        }
        hasher.update(&data);
        file.write_all(&data)?;
        if let Some(p) = pipe.as_mut()
            && p.write_all(&data).await.is_err()
        {
            // The unpacker stopped reading (it failed, or the tar ended): its own result
            // tells which; the blob is still verified to the end.
            pipe = None;
        }
        progress.advance(&desc.digest, data.len() as u64);
    }
    drop(pipe);
    if got != expected {
        return Err(RegistryError::Invalid {
            what,
            message: format!("the registry sent {got} bytes, the manifest says {expected}; the download was truncated, nothing was stored"),
        }
        .into());
    }
    let actual = crate::digest::format(&hasher.finalize());
    if actual != desc.digest {
        return Err(RegistryError::Mismatch { what, expected: desc.digest.clone(), actual }.into());
    }
    file.flush()?;
    Ok(Some(tmp))
}

/// Uploads one blob unless the registry has it, or mounts it from another repository.
async fn push_blob(
    s: &Session,
    blobs: &crate::image::blobs::BlobStore,
    b: &Descriptor,
    sources: &[String],
    progress: &dyn Progress,
) -> Result<(), RegistryError> {
    if s.has_blob(&b.digest).await? {
        progress.done(&b.digest, "Layer already exists");
        return Ok(());
    }
    // Another repository of this registry with the image: ask for a mount (201), or get
    // an ordinary upload (202) when the registry can't.
    let mut location = match sources.first() {
        Some(src) => match s.start_upload(Some((&b.digest, src))).await? {
            None => {
                progress.done(&b.digest, &format!("Mounted from {src}"));
                return Ok(());
            }
            Some(loc) => loc,
        },
        None => s.start_upload(None).await?.expect("a plain upload has a location"),
    };
    let path = blobs.path(&b.digest).map_err(|e| RegistryError::Io(std::io::Error::other(e)))?;
    // Local reads are fast; a blocking read of a chunk is fine here.
    let mut f = std::fs::File::open(&path)?;
    let size = f.metadata()?.len();
    progress.start(&b.digest, size);
    let mut offset = 0u64;
    let mut buf = vec![0u8; CHUNK.min(size as usize)];
    loop {
        let mut n = 0;
        while n < buf.len() {
            let k = std::io::Read::read(&mut f, &mut buf[n..])?;
            if k == 0 {
                break;
            }
            n += k;
        }
        let last = offset + n as u64 >= size;
        let data = Bytes::copy_from_slice(&buf[..n]);
        if last && offset == 0 {
            // Monolithic: the whole blob in the closing PUT.
            s.finish_upload(&location, &b.digest, data).await?;
        } else if last {
            location = s.upload_chunk(&location, offset, data).await?;
            s.finish_upload(&location, &b.digest, Bytes::new()).await?;
        } else {
            location = s.upload_chunk(&location, offset, data).await?;
        }
        offset += n as u64;
        progress.advance(&b.digest, n as u64);
        if last {
            break;
        }
    }
    progress.done(&b.digest, "Pushed");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names() {
        assert!(is_short("busybox"));
        assert!(is_short("user/app:1"));
        assert!(!is_short("docker.io/busybox"));
        assert!(!is_short("localhost/x"));
        assert!(!is_short("localhost:5000/x"));
        assert_eq!(split_suffix("busybox:1.36"), ("busybox", ":1.36"));
        assert_eq!(split_suffix("a/b@sha256:00"), ("a/b", "@sha256:00"));
    }

    #[test]
    fn search_registries() {
        let conf = RegistriesConf::parse(
            "unqualified-search-registries = [\"localhost:5000\", \"docker.io\"]\n[aliases]\n\"app\" = \"quay.io/team/app\"\n",
        )
        .unwrap();
        let c: Vec<String> = candidates("busybox", &conf).unwrap().iter().map(|r| r.to_string()).collect();
        assert_eq!(c, ["localhost:5000/busybox:latest", "docker.io/library/busybox:latest"]);
        let c: Vec<String> = candidates("app:2", &conf).unwrap().iter().map(|r| r.to_string()).collect();
        assert_eq!(c, ["quay.io/team/app:2"]);
        let c: Vec<String> = candidates("quay.io/x/y", &conf).unwrap().iter().map(|r| r.to_string()).collect();
        assert_eq!(c, ["quay.io/x/y:latest"]);
        let c = candidates("busybox", &RegistriesConf::default()).unwrap();
        assert_eq!(c[0].to_string(), "docker.io/library/busybox:latest");
    }
}
