//! `cp` over the Docker Engine API, with docker cp's rules: the container side is a tar
//! from `GET /containers/{id}/archive` or to `PUT` (the server resolves every path inside
//! the container's root); the host side is packed and unpacked here, as the docker CLI
//! does, never writing outside the destination.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use base64::Engine as _;

use super::RemoteEngine;
use crate::engine::remote::{check, enc};
use crate::engine::{EngineError, ErrorKind};

/// The stat of a container path (the X-Docker-Container-Path-Stat header), None when it
/// does not exist.
fn container_stat(e: &RemoteEngine, key: &str, path: &str) -> Result<Option<serde_json::Value>, EngineError> {
    let r = e.client.send("HEAD", &format!("/containers/{}/archive?path={}", enc(key), enc(path)), None, &[])?;
    if r.status == 404 {
        // The container itself missing is an error; only the path may be absent.
        e.client.json("GET", &format!("/containers/{}/json", enc(key)), None)?;
        return Ok(None);
    }
    let r = check(r)?;
    let st = r
        .header("X-Docker-Container-Path-Stat")
        .and_then(|h| base64::engine::general_purpose::STANDARD.decode(h).ok())
        .and_then(|b| serde_json::from_slice(&b).ok());
    Ok(st)
}

/// Go's FileMode directory bit, as the stat header carries it.
fn is_dir(st: &serde_json::Value) -> bool {
    st["mode"].as_u64().is_some_and(|m| m & (1 << 31) != 0)
}

/// A tar of `src` whose top entry is named `name`, written on a thread into a pipe.
fn pack(src: &Path, name: &str) -> Result<Box<dyn Read + Send>, EngineError> {
    let meta = std::fs::symlink_metadata(src)
        .map_err(|e| EngineError::invalid(format!("cannot copy {}: {e}", src.display())))?;
    let (r, w) = nix::unistd::pipe().map_err(std::io::Error::from)?;
    let (src, name) = (src.to_path_buf(), name.to_string());
    std::thread::spawn(move || {
        let mut b = tar::Builder::new(std::fs::File::from(w));
        b.follow_symlinks(false);
        let res = if meta.is_dir() { b.append_dir_all(&name, &src) } else { b.append_path_with_name(&src, &name) };
        if res.is_ok() {
            let _ = b.finish();
        }
    });
    Ok(Box::new(std::fs::File::from(r)))
}

/// Unpacks a tar whose top entry is the copied item into `dest` docker cp's way: into
/// an existing directory; else as `dest` itself (the top entry renamed).
fn unpack(tar_stream: impl Read, dest: &Path) -> Result<(), EngineError> {
    let (dir, rename) = if dest.is_dir() {
        (dest.to_path_buf(), None)
    } else {
        let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !parent.is_dir() {
            return Err(EngineError::invalid(format!("{}: no such directory to copy into", parent.display())));
        }
        (parent.to_path_buf(), dest.file_name().map(PathBuf::from))
    };
    let mut ar = tar::Archive::new(tar_stream);
    ar.set_preserve_permissions(true);
    ar.set_preserve_mtime(true);
    for entry in ar.entries()? {
        let mut entry = entry?;
        let path = entry.path()?.into_owned();
        let mut comps = path.components().filter(|c| !matches!(c, Component::CurDir));
        let Some(Component::Normal(top)) = comps.next() else {
            return Err(EngineError::invalid(format!("the engine's archive has an entry {path:?} out of place")));
        };
        let mut target = PathBuf::from(rename.as_deref().map(Path::as_os_str).unwrap_or(top));
        for c in comps {
            match c {
                Component::Normal(n) => target.push(n),
                _ => {
                    return Err(EngineError::invalid(format!(
                        "the engine's archive has an entry {path:?} out of place"
                    )));
                }
            }
        }
        // Never through a symlink an earlier entry (or the host) put on the way.
        let mut prefix = dir.clone();
        for c in target.parent().into_iter().flat_map(Path::components) {
            prefix.push(c);
            if prefix.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(EngineError::invalid(format!(
                    "{}: a symbolic link on the way; not copying through it",
                    prefix.display()
                )));
            }
        }
        entry.unpack(dir.join(&target)).map_err(|e| {
            EngineError::new(ErrorKind::Internal, format!("cannot write {}: {e}", dir.join(&target).display()))
        })?;
    }
    Ok(())
}

impl RemoteEngine {
    pub(crate) fn copy(&mut self, key: &str, into: bool, host: &Path, cpath: &str) -> Result<(), EngineError> {
        if into {
            // Into an existing directory keeps the source's name; else the copy is named
            // after the destination, in its parent.
            let (dir, name) = match container_stat(self, key, cpath)? {
                Some(st) if is_dir(&st) => (
                    cpath.to_string(),
                    host.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| ".".into()),
                ),
                _ => {
                    let p = Path::new(cpath);
                    let parent = p.parent().map(|p| p.display().to_string()).unwrap_or_else(|| "/".into());
                    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    (if parent.is_empty() { "/".into() } else { parent }, name)
                }
            };
            let body = pack(host, &name)?;
            let r = self.client.send_reader(
                "PUT",
                &format!("/containers/{}/archive?path={}&noOverwriteDirNonDir=1", enc(key), enc(&dir)),
                body,
                &[("Content-Type", "application/x-tar")],
            )?;
            let mut r = check(r)?;
            std::io::copy(&mut r.body, &mut std::io::sink())?;
            return Ok(());
        }
        let r = self.client.send("GET", &format!("/containers/{}/archive?path={}", enc(key), enc(cpath)), None, &[])?;
        let r = check(r).map_err(|e| match e.kind {
            ErrorKind::NotFound => EngineError::not_found(format!("{key}:{cpath}: {}", e.message)),
            _ => e,
        })?;
        unpack(r.body, host)
    }
}
