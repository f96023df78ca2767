//! The content store: blobs (manifests, configs, layer tars) stored once by sha256 digest,
//! verified as they are written, and written through a temp file and a rename so a reader
//! never sees half a blob.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::digest::{self, HashingWriter};

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error(
        "digest mismatch: expected {expected}, got {actual} ({what}); the data is corrupt or was tampered with, nothing was stored"
    )]
    Mismatch { expected: String, actual: String, what: String },
    #[error("blob {0} is not in the content store; remove and re-load or re-pull the image")]
    Missing(String),
    #[error("invalid digest {0:?}: expected sha256:<64 hex digits>")]
    BadDigest(String),
    #[error("content store {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> BlobError + '_ {
    move |source| BlobError::Io { path: path.display().to_string(), source }
}

pub struct BlobStore {
    dir: PathBuf,
    tmp: PathBuf,
}

/// A temp file that removes itself unless persisted.
pub struct TempFile {
    pub path: PathBuf,
    keep: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A unique temp name in `dir` (pid, time and a counter: no two processes collide).
pub fn temp_name(dir: &Path, prefix: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    dir.join(format!("{prefix}{}-{t:x}-{n}", std::process::id()))
}

pub fn check_digest(d: &str) -> Result<&str, BlobError> {
    let hex = d.strip_prefix("sha256:").ok_or_else(|| BlobError::BadDigest(d.into()))?;
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err(BlobError::BadDigest(d.into()));
    }
    Ok(hex)
}

impl BlobStore {
    pub fn new(root: &Path) -> BlobStore {
        BlobStore { dir: root.join("blobs/sha256"), tmp: root.join("tmp") }
    }

    pub fn ensure_dirs(&self) -> Result<(), BlobError> {
        std::fs::create_dir_all(&self.dir).map_err(io_err(&self.dir))?;
        std::fs::create_dir_all(&self.tmp).map_err(io_err(&self.tmp))
    }

    pub fn path(&self, digest: &str) -> Result<PathBuf, BlobError> {
        Ok(self.dir.join(check_digest(digest)?))
    }

    pub fn has(&self, digest: &str) -> bool {
        self.path(digest).map(|p| p.exists()).unwrap_or(false)
    }

    /// Streams `r` into the store. With `expected`, a different digest (or size) fails and
    /// stores nothing. Returns (digest, size).
    pub fn put(
        &self,
        r: &mut dyn Read,
        expected: Option<(&str, Option<u64>)>,
        what: &str,
    ) -> Result<(String, u64), BlobError> {
        let mut tmp = TempFile { path: temp_name(&self.tmp, "blob-"), keep: false };
        let f = File::create(&tmp.path).map_err(io_err(&tmp.path))?;
        let mut w = HashingWriter::new(io::BufWriter::with_capacity(256 * 1024, f));
        io::copy(r, &mut w).map_err(io_err(&tmp.path))?;
        let (bw, digest, size) = w.finish();
        bw.into_inner().map_err(|e| e.into_error()).map_err(io_err(&tmp.path))?;
        if let Some((exp, exp_size)) = expected {
            if exp != digest {
                return Err(BlobError::Mismatch { expected: exp.into(), actual: digest, what: what.into() });
            }
            if let Some(s) = exp_size.filter(|s| *s != size) {
                return Err(BlobError::Mismatch {
                    expected: format!("{exp} of {s} bytes"),
                    actual: format!("{size} bytes"),
                    what: what.into(),
                });
            }
        }
        let dest = self.dir.join(digest::hex(&digest));
        std::fs::rename(&tmp.path, &dest).map_err(io_err(&dest))?;
        tmp.keep = true;
        Ok((digest, size))
    }

    /// A new temp file for a blob being written by the caller (removed on drop unless
    /// `commit`ted).
    pub fn temp(&self) -> Result<(TempFile, File), BlobError> {
        let tmp = TempFile { path: temp_name(&self.tmp, "blob-"), keep: false };
        let f = File::create(&tmp.path).map_err(io_err(&tmp.path))?;
        Ok((tmp, f))
    }

    /// Moves a temp file whose content the caller verified to be `digest` into the store.
    pub fn commit(&self, mut tmp: TempFile, digest: &str) -> Result<(), BlobError> {
        let dest = self.path(digest)?;
        std::fs::rename(&tmp.path, &dest).map_err(io_err(&dest))?;
        tmp.keep = true;
        Ok(())
    }

    pub fn put_bytes(&self, data: &[u8]) -> Result<String, BlobError> {
        let digest = digest::of_bytes(data);
        if !self.has(&digest) {
            let mut tmp = TempFile { path: temp_name(&self.tmp, "blob-"), keep: false };
            let mut f = File::create(&tmp.path).map_err(io_err(&tmp.path))?;
            f.write_all(data).map_err(io_err(&tmp.path))?;
            let dest = self.path(&digest)?;
            std::fs::rename(&tmp.path, &dest).map_err(io_err(&dest))?;
            tmp.keep = true;
        }
        Ok(digest)
    }

    pub fn open(&self, digest: &str) -> Result<File, BlobError> {
        let p = self.path(digest)?;
        File::open(&p).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => BlobError::Missing(digest.into()),
            _ => BlobError::Io { path: p.display().to_string(), source: e },
        })
    }

    /// Reads a small blob (manifest, config) and checks its digest.
    pub fn read(&self, digest: &str) -> Result<Vec<u8>, BlobError> {
        let mut data = Vec::new();
        let p = self.path(digest)?;
        self.open(digest)?.read_to_end(&mut data).map_err(io_err(&p))?;
        let actual = digest::of_bytes(&data);
        if actual != digest {
            return Err(BlobError::Mismatch { expected: digest.into(), actual, what: p.display().to_string() });
        }
        Ok(data)
    }

    pub fn remove(&self, digest: &str) {
        if let Ok(p) = self.path(digest) {
            let _ = std::fs::remove_file(p);
        }
    }

    /// Every digest in the store.
    pub fn list(&self) -> Vec<String> {
        std::fs::read_dir(&self.dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .filter_map(|e| e.file_name().to_str().map(|n| format!("sha256:{n}")))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Removes leftovers of interrupted writes (only call with the store lock held exclusively).
    pub fn clean_tmp(&self) {
        if let Ok(rd) = std::fs::read_dir(&self.tmp) {
            for e in rd.flatten() {
                if e.file_name().to_string_lossy().starts_with("blob-") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }
}
