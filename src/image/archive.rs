//! Image archives: reading docker-archive (`docker save`), OCI archives and OCI layout
//! directories into the content store, and writing docker-archive and oci-archive.
//! Layers stream through: a blob goes from the archive to the content store, hashed on
//! the way, and is never held in memory.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::digest::{self, Compression};
use crate::image::blobs::{BlobError, BlobStore};
use crate::image::config::{self, Descriptor, Manifest};
use crate::image::reference::Reference;
use crate::store::LayerRecord;

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error(
        "cannot read the archive: {0}; it must be a tar made by `ctr save`, `docker save`, `podman save` or `skopeo copy`"
    )]
    Read(#[source] io::Error),
    #[error("cannot write the archive: {0}")]
    Write(#[source] io::Error),
    #[error(
        "not an image archive: it has neither manifest.json (docker-archive) nor index.json (OCI layout); make it with `ctr save`, `docker save`, `podman save` or `skopeo copy`"
    )]
    UnknownFormat,
    #[error("archive is missing {0}, which its manifest refers to")]
    MissingFile(String),
    #[error("archive file {file} is not valid: {why}")]
    Invalid { file: String, why: String },
    #[error(transparent)]
    Blob(#[from] BlobError),
}

/// One layer as an archive or registry gives it: a stored blob.
#[derive(Debug, Clone)]
pub struct LayerBlob {
    pub digest: String,
    pub size: u64,
    pub compression: Compression,
}

/// One image found in an archive, its blobs already in the content store.
#[derive(Debug, Clone)]
pub struct ArchiveImage {
    pub names: Vec<Reference>,
    pub config_digest: String,
    pub layers: Vec<LayerBlob>,
    /// The archive's own manifest (OCI layouts); docker-archives have none.
    pub manifest: Option<(String, String)>,
}

enum FileRef {
    Blob(String, u64),
    Link(String),
}

/// What was read from an archive: small metadata files in memory, everything else as blobs.
struct Contents {
    small: HashMap<String, Vec<u8>>,
    files: HashMap<String, FileRef>,
    dir: Option<PathBuf>,
}

const SMALL: u64 = 4 << 20;

fn norm(p: &str) -> String {
    let p = p.trim_start_matches("./").trim_start_matches('/');
    p.split('/').filter(|c| !c.is_empty() && *c != ".").collect::<Vec<_>>().join("/")
}

fn is_metadata(path: &str) -> bool {
    matches!(path, "manifest.json" | "index.json" | "oci-layout" | "repositories")
        || path.ends_with("/json")
        || path.ends_with("/VERSION")
}

impl Contents {
    fn blob(&mut self, blobs: &BlobStore, path: &str) -> Result<(String, u64), ArchiveError> {
        let mut p = norm(path);
        for _ in 0..8 {
            match self.files.get(&p) {
                Some(FileRef::Blob(d, s)) => return Ok((d.clone(), *s)),
                Some(FileRef::Link(t)) => {
                    let base = Path::new(&p).parent().unwrap_or(Path::new(""));
                    p = norm_rel(base, t);
                }
                None => break,
            }
        }
        // An OCI layout directory: import the blob on first use.
        if let Some(dir) = &self.dir {
            let full = dir.join(&p);
            if !full.starts_with(dir) || p.contains("..") {
                return Err(ArchiveError::MissingFile(p));
            }
            let mut f = std::fs::File::open(&full).map_err(|_| ArchiveError::MissingFile(p.clone()))?;
            let (d, s) = blobs.put(&mut f, None, &p)?;
            self.files.insert(p, FileRef::Blob(d.clone(), s));
            return Ok((d, s));
        }
        Err(ArchiveError::MissingFile(p))
    }

    fn small(&self, path: &str) -> Option<&[u8]> {
        self.small.get(&norm(path)).map(Vec::as_slice)
    }
}

fn norm_rel(base: &Path, target: &str) -> String {
    let mut parts: Vec<String> = if target.starts_with('/') {
        Vec::new()
    } else {
        base.iter().map(|c| c.to_string_lossy().into_owned()).collect()
    };
    for c in target.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c.into()),
        }
    }
    parts.join("/")
}

/// Where `ctr load` reads from.
pub enum Input {
    Path(PathBuf),
    Stdin,
    /// A stream (the body of `POST /images/load`).
    Reader(Box<dyn Read + Send>),
}

/// Reads an archive (a tar, possibly gzip/zstd compressed, or an OCI layout directory),
/// stores its blobs and returns the images it holds.
pub fn read(blobs: &BlobStore, input: Input) -> Result<Vec<ArchiveImage>, ArchiveError> {
    let mut contents = match input {
        Input::Path(p) if p.is_dir() => read_dir(&p)?,
        Input::Path(p) => {
            let f = std::fs::File::open(&p).map_err(ArchiveError::Read)?;
            read_tar(blobs, f)?
        }
        Input::Stdin => read_tar(blobs, io::stdin().lock())?,
        Input::Reader(r) => read_tar(blobs, r)?,
    };
    if let Some(m) = contents.small("manifest.json").map(<[u8]>::to_vec) {
        return docker_images(blobs, &mut contents, &m);
    }
    if let Some(ix) = contents.small("index.json").map(<[u8]>::to_vec) {
        return oci_images(blobs, &mut contents, &ix);
    }
    Err(ArchiveError::UnknownFormat)
}

fn read_dir(dir: &Path) -> Result<Contents, ArchiveError> {
    let mut small = HashMap::new();
    for name in ["index.json", "oci-layout", "manifest.json"] {
        if let Ok(b) = std::fs::read(dir.join(name)) {
            small.insert(name.to_string(), b);
        }
    }
    Ok(Contents { small, files: HashMap::new(), dir: Some(dir.to_path_buf()) })
}

fn read_tar(blobs: &BlobStore, r: impl Read) -> Result<Contents, ArchiveError> {
    let (_, r) = digest::auto_decompress(r).map_err(ArchiveError::Read)?;
    let mut ar = tar::Archive::new(r);
    let mut c = Contents { small: HashMap::new(), files: HashMap::new(), dir: None };
    for e in ar.entries().map_err(ArchiveError::Read)? {
        let mut e = e.map_err(ArchiveError::Read)?;
        let path = norm(&String::from_utf8_lossy(&e.path_bytes()));
        match e.header().entry_type() {
            tar::EntryType::Symlink | tar::EntryType::Link => {
                if let Some(t) = e.link_name_bytes() {
                    let t = String::from_utf8_lossy(&t).into_owned();
                    // hard link names are archive paths; symlinks are relative to their dir
                    let t = if e.header().entry_type() == tar::EntryType::Link { format!("/{t}") } else { t };
                    c.files.insert(path, FileRef::Link(t));
                }
            }
            tar::EntryType::Regular | tar::EntryType::Continuous => {
                if is_metadata(&path) || (path.ends_with(".json") && !path.starts_with("blobs/") && e.size() <= SMALL) {
                    let mut buf = Vec::with_capacity(e.size() as usize);
                    e.read_to_end(&mut buf).map_err(ArchiveError::Read)?;
                    if !is_metadata(&path) {
                        let d = blobs.put_bytes(&buf)?;
                        c.files.insert(path.clone(), FileRef::Blob(d, buf.len() as u64));
                    }
                    c.small.insert(path, buf);
                } else {
                    // OCI layouts name blobs by digest: verify while storing.
                    let expected = path.strip_prefix("blobs/sha256/").map(|h| format!("sha256:{h}"));
                    let (d, s) = blobs.put(&mut e, expected.as_deref().map(|d| (d, None)), &path)?;
                    c.files.insert(path, FileRef::Blob(d, s));
                }
            }
            _ => {}
        }
    }
    Ok(c)
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DockerManifestEntry {
    config: String,
    #[serde(default)]
    repo_tags: Option<Vec<String>>,
    layers: Vec<String>,
}

fn sniff_blob(blobs: &BlobStore, digest: &str) -> Result<Compression, ArchiveError> {
    let mut head = [0u8; 4];
    let mut f = blobs.open(digest)?;
    let n = f.read(&mut head).map_err(ArchiveError::Read)?;
    Ok(Compression::sniff(&head[..n]))
}

fn docker_images(blobs: &BlobStore, c: &mut Contents, manifest: &[u8]) -> Result<Vec<ArchiveImage>, ArchiveError> {
    let entries: Vec<DockerManifestEntry> = serde_json::from_slice(manifest)
        .map_err(|e| ArchiveError::Invalid { file: "manifest.json".into(), why: e.to_string() })?;
    let mut out = Vec::new();
    for e in entries {
        let (config_digest, _) = c.blob(blobs, &e.config)?;
        let mut layers = Vec::new();
        for l in &e.layers {
            let (digest, size) = c.blob(blobs, l)?;
            let compression = sniff_blob(blobs, &digest)?;
            layers.push(LayerBlob { digest, size, compression });
        }
        let names = e.repo_tags.unwrap_or_default().iter().filter_map(|t| Reference::parse(t).ok()).collect();
        out.push(ArchiveImage { names, config_digest, layers, manifest: None });
    }
    Ok(out)
}

fn oci_images(blobs: &BlobStore, c: &mut Contents, index: &[u8]) -> Result<Vec<ArchiveImage>, ArchiveError> {
    let index: Manifest = serde_json::from_slice(index)
        .map_err(|e| ArchiveError::Invalid { file: "index.json".into(), why: e.to_string() })?;
    let mut by_manifest: Vec<(Descriptor, Vec<Reference>)> = Vec::new();
    for d in &index.manifests {
        let names = ref_names(d);
        if let Some(slot) = by_manifest.iter_mut().find(|(x, _)| x.digest == d.digest) {
            slot.1.extend(names);
        } else {
            by_manifest.push((d.clone(), names));
        }
    }
    let mut out = Vec::new();
    for (desc, names) in by_manifest {
        let (mdesc, mbytes) = resolve_platform(blobs, c, &desc)?;
        let m: Manifest = serde_json::from_slice(&mbytes)
            .map_err(|e| ArchiveError::Invalid { file: blob_path(&mdesc.digest), why: e.to_string() })?;
        let cfg = m.config.as_ref().ok_or_else(|| ArchiveError::Invalid {
            file: blob_path(&mdesc.digest),
            why: "manifest has no config".into(),
        })?;
        let (config_digest, _) = load_blob(blobs, c, cfg)?;
        let mut layers = Vec::new();
        for l in &m.layers {
            let (digest, size) = load_blob(blobs, c, l)?;
            let compression = sniff_blob(blobs, &digest)?;
            layers.push(LayerBlob { digest, size, compression });
        }
        let mt = if m.media_type.is_empty() { mdesc.media_type.clone() } else { m.media_type.clone() };
        let mt = if mt.is_empty() { config::OCI_MANIFEST.to_string() } else { mt };
        out.push(ArchiveImage { names, config_digest, layers, manifest: Some((mdesc.digest.clone(), mt)) });
    }
    Ok(out)
}

fn blob_path(digest: &str) -> String {
    format!("blobs/sha256/{}", digest::hex(digest))
}

/// Loads a blob a descriptor names and checks its digest and size.
fn load_blob(blobs: &BlobStore, c: &mut Contents, d: &Descriptor) -> Result<(String, u64), ArchiveError> {
    crate::image::blobs::check_digest(&d.digest)?;
    let (digest, size) = c.blob(blobs, &blob_path(&d.digest))?;
    if digest != d.digest || (d.size >= 0 && size != d.size as u64) {
        return Err(BlobError::Mismatch {
            expected: format!("{} ({} bytes)", d.digest, d.size),
            actual: format!("{digest} ({size} bytes)"),
            what: blob_path(&d.digest),
        }
        .into());
    }
    Ok((digest, size))
}

/// Follows an index down to the manifest for this machine's platform.
fn resolve_platform(
    blobs: &BlobStore,
    c: &mut Contents,
    d: &Descriptor,
) -> Result<(Descriptor, Vec<u8>), ArchiveError> {
    let mut d = d.clone();
    for _ in 0..4 {
        let (digest, _) = load_blob(blobs, c, &d)?;
        let bytes = blobs.read(&digest)?;
        let m: Manifest = serde_json::from_slice(&bytes)
            .map_err(|e| ArchiveError::Invalid { file: blob_path(&digest), why: e.to_string() })?;
        if !m.is_index() {
            return Ok((d, bytes));
        }
        let host = config::host_platform();
        let pick = m
            .manifests
            .iter()
            .find(|x| x.platform.as_ref().is_some_and(|p| p.architecture == host.architecture && p.os == host.os))
            .or_else(|| (m.manifests.len() == 1).then(|| &m.manifests[0]))
            .ok_or_else(|| ArchiveError::Invalid {
                file: blob_path(&digest),
                why: format!("no image for {}/{} in this index", host.os, host.architecture),
            })?;
        d = pick.clone();
    }
    Err(ArchiveError::Invalid { file: blob_path(&d.digest), why: "indexes nested too deep".into() })
}

/// Image names from an OCI index entry: containerd's full name, or a ref.name that is a
/// full reference (a bare tag like "latest" names nothing).
fn ref_names(d: &Descriptor) -> Vec<Reference> {
    let Some(a) = &d.annotations else {
        return Vec::new();
    };
    if let Some(n) = a.get("io.containerd.image.name").and_then(|n| Reference::parse(n).ok()) {
        return vec![n];
    }
    a.get("org.opencontainers.image.ref.name")
        .filter(|n| n.contains(':') || n.contains('/'))
        .and_then(|n| Reference::parse(n).ok())
        .into_iter()
        .collect()
}

/// An image to save.
pub struct SaveImage {
    pub id: String,
    pub names: Vec<Reference>,
    pub manifest_digest: String,
    pub manifest_type: String,
    pub layers: Vec<LayerRecord>,
}

/// A tar header owned by the saving user, as skopeo and podman write them (rootless
/// readers cannot chown what they unpack to anyone else).
fn header(kind: tar::EntryType, size: u64, mode: u32) -> tar::Header {
    let mut h = tar::Header::new_ustar();
    h.set_size(size);
    h.set_mode(mode);
    h.set_mtime(0);
    h.set_uid(nix::unistd::getuid().as_raw() as u64);
    h.set_gid(nix::unistd::getgid().as_raw() as u64);
    h.set_entry_type(kind);
    h
}

fn append(b: &mut tar::Builder<impl Write>, path: &str, size: u64, data: &mut dyn Read) -> Result<(), ArchiveError> {
    let mut h = header(tar::EntryType::Regular, size, 0o644);
    b.append_data(&mut h, path, data).map_err(ArchiveError::Write)
}

fn append_dir(b: &mut tar::Builder<impl Write>, path: &str) -> Result<(), ArchiveError> {
    let mut h = header(tar::EntryType::Directory, 0, 0o755);
    b.append_data(&mut h, path, io::empty()).map_err(ArchiveError::Write)
}

/// docker-archive, as `docker save` and skopeo write it: `<config>.json`, one uncompressed
/// `<diff id>.tar` per layer, and manifest.json.
pub fn write_docker(blobs: &BlobStore, images: &[SaveImage], out: impl Write) -> Result<(), ArchiveError> {
    let mut b = tar::Builder::new(out);
    let mut written = std::collections::HashSet::new();
    let mut manifest = Vec::new();
    for im in images {
        let cfg_name = format!("{}.json", digest::hex(&im.id));
        if written.insert(cfg_name.clone()) {
            let data = blobs.read(&im.id)?;
            append(&mut b, &cfg_name, data.len() as u64, &mut data.as_slice())?;
        }
        let mut layer_names = Vec::new();
        for l in &im.layers {
            let name = format!("{}.tar", digest::hex(&l.diff_id));
            if written.insert(name.clone()) {
                let f = blobs.open(&l.blob_digest)?;
                let (_, r) = digest::auto_decompress(f).map_err(ArchiveError::Read)?;
                let mut hr = digest::HashingReader::new(r.take(l.diff_size));
                append(&mut b, &name, l.diff_size, &mut hr)?;
                let (d, n) = hr.finish().map_err(ArchiveError::Read)?;
                if d != l.diff_id || n != l.diff_size {
                    return Err(BlobError::Mismatch {
                        expected: l.diff_id.clone(),
                        actual: d,
                        what: format!("stored layer {}", l.blob_digest),
                    }
                    .into());
                }
            }
            layer_names.push(name);
        }
        let tags: Vec<String> = im
            .names
            .iter()
            .map(|r| format!("{}:{}", r.familiar_name(), r.tag.as_deref().unwrap_or("latest")))
            .collect();
        manifest.push(serde_json::json!({ "Config": cfg_name, "RepoTags": tags, "Layers": layer_names }));
    }
    let m = serde_json::to_vec(&manifest).map_err(|e| ArchiveError::Write(e.into()))?;
    append(&mut b, "manifest.json", m.len() as u64, &mut m.as_slice())?;
    b.into_inner().map_err(ArchiveError::Write)?.flush().map_err(ArchiveError::Write)
}

/// oci-archive: an OCI image layout in a tar, blobs exactly as stored.
pub fn write_oci(blobs: &BlobStore, images: &[SaveImage], out: impl Write) -> Result<(), ArchiveError> {
    let mut b = tar::Builder::new(out);
    let layout = br#"{"imageLayoutVersion":"1.0.0"}"#;
    append(&mut b, "oci-layout", layout.len() as u64, &mut &layout[..])?;
    append_dir(&mut b, "blobs/")?;
    append_dir(&mut b, "blobs/sha256/")?;
    let mut written = std::collections::HashSet::new();
    let mut index = Vec::new();
    for im in images {
        let mbytes = blobs.read(&im.manifest_digest)?;
        let mut put = |b: &mut tar::Builder<_>, d: &str| -> Result<(), ArchiveError> {
            if written.insert(d.to_string()) {
                let p = blobs.path(d)?;
                let size = std::fs::metadata(&p).map_err(ArchiveError::Read)?.len();
                let mut f = blobs.open(d)?;
                append(b, &blob_path(d), size, &mut f)?;
            }
            Ok(())
        };
        put(&mut b, &im.manifest_digest)?;
        put(&mut b, &im.id)?;
        for l in &im.layers {
            put(&mut b, &l.blob_digest)?;
        }
        let mut names: Vec<Option<&Reference>> = im.names.iter().map(Some).collect();
        if names.is_empty() {
            names.push(None);
        }
        for n in names {
            let mut ann = std::collections::BTreeMap::new();
            if let Some(r) = n {
                ann.insert("io.containerd.image.name".to_string(), r.to_string());
                ann.insert(
                    "org.opencontainers.image.ref.name".to_string(),
                    r.tag.clone().unwrap_or_else(|| "latest".into()),
                );
            }
            index.push(Descriptor {
                media_type: im.manifest_type.clone(),
                digest: im.manifest_digest.clone(),
                size: mbytes.len() as i64,
                annotations: (!ann.is_empty()).then_some(ann),
                platform: None,
            });
        }
    }
    let ix = Manifest {
        schema_version: 2,
        media_type: config::OCI_INDEX.into(),
        config: None,
        layers: Vec::new(),
        manifests: index,
        annotations: None,
    };
    let data = serde_json::to_vec(&ix).map_err(|e| ArchiveError::Write(e.into()))?;
    append(&mut b, "index.json", data.len() as u64, &mut data.as_slice())?;
    b.into_inner().map_err(ArchiveError::Write)?.flush().map_err(ArchiveError::Write)
}
