//! Unpacks one layer tar into a directory, the way overlay wants it, without ever writing
//! outside that directory.
//!
//! Every entry is created relative to a directory fd opened with openat2(RESOLVE_BENEATH |
//! RESOLVE_NO_SYMLINKS), so neither `../`, an absolute path, nor a symlink planted by an
//! earlier entry can lead a write out of the layer. Whiteouts (`.wh.NAME`) become overlay
//! whiteouts (a 0/0 character device) and `.wh..wh..opq` the opaque xattr.

use std::ffi::{CString, OsStr};
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use nix::errno::Errno;
use nix::fcntl::{AtFlags, OFlag, OpenHow, ResolveFlag, openat, openat2};
use nix::sys::stat::{Mode, SFlag, UtimensatFlags, fchmod, fchmodat, mkdirat, mknodat};
use nix::sys::time::TimeSpec;
use nix::unistd::{Gid, Uid, UnlinkatFlags, fchown, fchownat, linkat, symlinkat, unlinkat};

use crate::digest::{self, HashingReader};

#[derive(Debug, thiserror::Error)]
pub enum UnpackError {
    #[error("hostile layer: entry {path:?} {why}; the layer was refused and nothing was written outside it")]
    Hostile { path: String, why: String },
    #[error("layer entry {path:?}: {op}: {source}")]
    Io {
        path: String,
        op: &'static str,
        #[source]
        source: io::Error,
    },
    #[error(
        "layer entry {path:?} is owned by {uid}:{gid}, which is not mapped in the user namespace; give this user a larger range in /etc/subuid and /etc/subgid (65536 ids is the usual minimum)"
    )]
    Unmapped { path: String, uid: u64, gid: u64 },
    #[error("cannot read the layer tar: {0}")]
    Read(#[source] io::Error),
}

/// How to unpack.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
pub struct UnpackOptions {
    /// Running as root of a user namespace (not real root): device nodes are skipped and
    /// overlay xattrs go in the `user.` namespace (overlay's `userxattr`).
    pub rootless: bool,
    /// Only one id is mapped: keep every file owned by the user instead of failing.
    pub single_id: bool,
}

/// What unpacking a layer found.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct UnpackStats {
    /// sha256 of the uncompressed tar stream.
    pub diff_id: String,
    /// Length of the uncompressed tar stream.
    pub diff_size: u64,
    /// Bytes of file content (hard links counted once): the layer's size as docker shows it.
    pub size: u64,
    pub warnings: Vec<String>,
}

/// Unpacks a (possibly gzip or zstd compressed) layer stream into `dest`, which must exist.
pub fn unpack(stream: impl Read, dest: &Path, opts: UnpackOptions) -> Result<UnpackStats, UnpackError> {
    let (_, decoded) = digest::auto_decompress(stream).map_err(UnpackError::Read)?;
    let mut hashing = HashingReader::new(decoded);
    let root = nix::fcntl::open(dest, OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC, Mode::empty())
        .map_err(|e| io_err("/", "open the layer directory", e))?;
    let mut x = Extractor {
        root,
        opts,
        parent_cache: None,
        dirs: Vec::new(),
        stats: UnpackStats::default(),
        skipped_devices: 0,
        xattr_failures: 0,
    };
    {
        let mut archive = tar::Archive::new(&mut hashing);
        for entry in archive.entries().map_err(UnpackError::Read)? {
            let entry = entry.map_err(UnpackError::Read)?;
            x.entry(entry)?;
        }
    }
    x.finish_dirs()?;
    let (diff_id, diff_size) = hashing.finish().map_err(UnpackError::Read)?;
    let mut stats = x.stats;
    stats.diff_id = diff_id;
    stats.diff_size = diff_size;
    if x.skipped_devices > 0 {
        stats.warnings.push(format!(
            "skipped {} device node(s): an unprivileged user cannot create them (podman does the same)",
            x.skipped_devices
        ));
    }
    if x.xattr_failures > 0 {
        stats.warnings.push(format!(
            "could not set {} extended attribute(s) (not allowed in a user namespace or not supported here)",
            x.xattr_failures
        ));
    }
    Ok(stats)
}

fn io_err(path: &str, op: &'static str, e: Errno) -> UnpackError {
    UnpackError::Io { path: path.to_string(), op, source: e.into() }
}

/// A path from an archive, checked: relative, no `..`, no empty or `.` components.
pub fn clean_path(raw: &[u8]) -> Result<Vec<&[u8]>, String> {
    if raw.first() == Some(&b'/') {
        return Err("has an absolute path".into());
    }
    let mut parts = Vec::new();
    for c in raw.split(|b| *b == b'/') {
        match c {
            b"" | b"." => {}
            b".." => return Err("has a \"..\" component (path traversal)".into()),
            c => parts.push(c),
        }
    }
    Ok(parts)
}

/// True when a relative symlink target, read from the directory `depth` levels below the
/// layer root, climbs above the root.
pub fn symlink_escapes(depth: usize, target: &[u8]) -> bool {
    if target.first() == Some(&b'/') {
        return false; // resolved against the container's root at run time
    }
    let mut d = depth as isize;
    for c in target.split(|b| *b == b'/') {
        match c {
            b"" | b"." => {}
            b".." => {
                d -= 1;
                if d < 0 {
                    return true;
                }
            }
            _ => d += 1,
        }
    }
    false
}

struct Extractor {
    root: OwnedFd,
    opts: UnpackOptions,
    parent_cache: Option<(Vec<u8>, OwnedFd)>,
    /// Directories whose mtime is set at the end (writing into them changes it).
    dirs: Vec<(Vec<u8>, i64)>,
    stats: UnpackStats,
    skipped_devices: usize,
    xattr_failures: usize,
}

fn join(parts: &[&[u8]]) -> Vec<u8> {
    parts.join(&b'/')
}

fn beneath() -> ResolveFlag {
    ResolveFlag::RESOLVE_BENEATH | ResolveFlag::RESOLVE_NO_SYMLINKS | ResolveFlag::RESOLVE_NO_MAGICLINKS
}

impl Extractor {
    fn entry<R: Read>(&mut self, mut entry: tar::Entry<R>) -> Result<(), UnpackError> {
        let raw = entry.path_bytes().into_owned();
        let shown = String::from_utf8_lossy(&raw).into_owned();
        let hostile = |why: String| UnpackError::Hostile { path: shown.clone(), why };
        let parts = clean_path(&raw).map_err(hostile)?;
        let header = entry.header().clone();
        let kind = header.entry_type();
        if matches!(
            kind,
            tar::EntryType::XHeader
                | tar::EntryType::XGlobalHeader
                | tar::EntryType::GNULongName
                | tar::EntryType::GNULongLink
        ) {
            return Ok(());
        }
        let mode = header.mode().unwrap_or(0o644) & 0o7777;
        let uid = header.uid().unwrap_or(0);
        let gid = header.gid().unwrap_or(0);
        let mtime = header.mtime().unwrap_or(0) as i64;

        let Some((name, parent)) = parts.split_last() else {
            // "./": the layer root itself.
            if kind == tar::EntryType::Directory {
                let fd = self.reopen(&[], OFlag::O_RDONLY | OFlag::O_DIRECTORY, &shown)?;
                self.set_owner(fd.as_fd(), None, uid, gid, &shown)?;
                fchmod(&fd, Mode::from_bits_truncate(mode)).map_err(|e| io_err(&shown, "chmod", e))?;
                self.dirs.push((Vec::new(), mtime));
            }
            return Ok(());
        };
        let name = *name;
        let parent_path = join(parent);
        let pfd = self.parent(&parent_path, &shown)?;

        // Whiteouts, in the layer format of the OCI image spec.
        if let Some(hidden) = name.strip_prefix(b".wh.") {
            if hidden == b".wh..opq" {
                let dfd = self.reopen(&parent_path, OFlag::O_RDONLY | OFlag::O_DIRECTORY, &shown)?;
                let key = if self.opts.rootless { "user.overlay.opaque" } else { "trusted.overlay.opaque" };
                fsetxattr(dfd.as_fd(), key, b"y").map_err(|e| UnpackError::Io {
                    path: shown.clone(),
                    op: "mark directory opaque",
                    source: e,
                })?;
                return Ok(());
            }
            if hidden.is_empty() || hidden == b".." || hidden == b"." {
                return Err(hostile("is a whiteout for an invalid name".into()));
            }
            remove_existing(pfd.as_fd(), hidden, &shown)?;
            mknodat(&pfd, hidden, SFlag::S_IFCHR, Mode::empty(), 0)
                .map_err(|e| io_err(&shown, "create whiteout", e))?;
            return Ok(());
        }

        match kind {
            tar::EntryType::Directory => {
                match mkdirat(&pfd, name, Mode::from_bits_truncate(0o700)) {
                    Ok(()) => {}
                    Err(Errno::EEXIST) => {
                        if !is_dir(pfd.as_fd(), name) {
                            remove_existing(pfd.as_fd(), name, &shown)?;
                            mkdirat(&pfd, name, Mode::from_bits_truncate(0o700))
                                .map_err(|e| io_err(&shown, "mkdir", e))?;
                        }
                    }
                    Err(e) => return Err(io_err(&shown, "mkdir", e)),
                }
                let path = join(&parts);
                let fd = self.reopen(&path, OFlag::O_RDONLY | OFlag::O_DIRECTORY, &shown)?;
                self.set_owner(fd.as_fd(), None, uid, gid, &shown)?;
                fchmod(&fd, Mode::from_bits_truncate(mode)).map_err(|e| io_err(&shown, "chmod", e))?;
                self.set_xattrs(&mut entry, fd.as_fd())?;
                self.dirs.push((path, mtime));
            }
            tar::EntryType::Regular | tar::EntryType::Continuous => {
                remove_existing(pfd.as_fd(), name, &shown)?;
                let fd = openat(
                    &pfd,
                    name,
                    OFlag::O_CREAT | OFlag::O_EXCL | OFlag::O_WRONLY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
                    Mode::from_bits_truncate(0o600),
                )
                .map_err(|e| io_err(&shown, "create file", e))?;
                let mut f = File::from(fd);
                let n = io::copy(&mut entry, &mut f).map_err(|e| UnpackError::Io {
                    path: shown.clone(),
                    op: "write file",
                    source: e,
                })?;
                self.stats.size += n;
                self.set_owner(f.as_fd(), None, uid, gid, &shown)?;
                fchmod(&f, Mode::from_bits_truncate(mode)).map_err(|e| io_err(&shown, "chmod", e))?;
                self.set_xattrs(&mut entry, f.as_fd())?;
                let t = TimeSpec::new(mtime, 0);
                nix::sys::stat::futimens(&f, &t, &t).map_err(|e| io_err(&shown, "set mtime", e))?;
            }
            tar::EntryType::Symlink => {
                let target = entry
                    .link_name_bytes()
                    .ok_or_else(|| hostile("is a symlink without a target".into()))?
                    .into_owned();
                if symlink_escapes(parent.len(), &target) {
                    return Err(hostile(format!(
                        "is a symlink to {:?}, which points outside the layer root",
                        String::from_utf8_lossy(&target)
                    )));
                }
                remove_existing(pfd.as_fd(), name, &shown)?;
                symlinkat(OsStr::from_bytes(&target), &pfd, name).map_err(|e| io_err(&shown, "create symlink", e))?;
                self.set_owner(pfd.as_fd(), Some(name), uid, gid, &shown)?;
                let t = TimeSpec::new(mtime, 0);
                let _ = nix::sys::stat::utimensat(&pfd, name, &t, &t, UtimensatFlags::NoFollowSymlink);
            }
            tar::EntryType::Link => {
                let target = entry
                    .link_name_bytes()
                    .ok_or_else(|| hostile("is a hard link without a target".into()))?
                    .into_owned();
                let tparts =
                    clean_path(&target).map_err(|why| hostile(format!("is a hard link whose target {why}")))?;
                let Some((tname, tparent)) = tparts.split_last() else {
                    return Err(hostile("is a hard link to the layer root".into()));
                };
                let tpfd = self.open_beneath(&join(tparent), &shown)?;
                let st = nix::sys::stat::fstatat(&tpfd, *tname, AtFlags::AT_SYMLINK_NOFOLLOW)
                    .map_err(|e| io_err(&shown, "find hard link target", e))?;
                if SFlag::from_bits_truncate(st.st_mode & SFlag::S_IFMT.bits()) == SFlag::S_IFDIR {
                    return Err(hostile("is a hard link to a directory".into()));
                }
                remove_existing(pfd.as_fd(), name, &shown)?;
                linkat(&tpfd, *tname, &pfd, name, AtFlags::empty())
                    .map_err(|e| io_err(&shown, "create hard link", e))?;
            }
            tar::EntryType::Char | tar::EntryType::Block | tar::EntryType::Fifo => {
                let (sflag, dev) = match kind {
                    tar::EntryType::Char => (SFlag::S_IFCHR, true),
                    tar::EntryType::Block => (SFlag::S_IFBLK, true),
                    _ => (SFlag::S_IFIFO, false),
                };
                if dev && self.opts.rootless {
                    self.skipped_devices += 1;
                    return Ok(());
                }
                let major = header.device_major().ok().flatten().unwrap_or(0) as u64;
                let minor = header.device_minor().ok().flatten().unwrap_or(0) as u64;
                remove_existing(pfd.as_fd(), name, &shown)?;
                mknodat(&pfd, name, sflag, Mode::from_bits_truncate(mode), nix::sys::stat::makedev(major, minor))
                    .map_err(|e| io_err(&shown, "mknod", e))?;
                self.set_owner(pfd.as_fd(), Some(name), uid, gid, &shown)?;
                fchmodat(&pfd, name, Mode::from_bits_truncate(mode), nix::sys::stat::FchmodatFlags::FollowSymlink)
                    .map_err(|e| io_err(&shown, "chmod", e))?;
            }
            other => {
                self.stats.warnings.push(format!("skipped layer entry {shown:?} of unsupported type {other:?}"));
            }
        }
        Ok(())
    }

    /// An O_PATH fd of a directory inside the layer, created (0755) where missing.
    fn parent(&mut self, path: &[u8], shown: &str) -> Result<OwnedFd, UnpackError> {
        if let Some((p, fd)) = &self.parent_cache
            && p == path
        {
            return fd.try_clone().map_err(|e| UnpackError::Io { path: shown.into(), op: "dup", source: e });
        }
        let fd = match self.open_beneath(path, shown) {
            Ok(fd) => fd,
            Err(UnpackError::Io { source, .. }) if source.raw_os_error() == Some(libc::ENOENT) => {
                self.create_dirs(path, shown)?
            }
            Err(e) => return Err(e),
        };
        let dup = fd.try_clone().map_err(|e| UnpackError::Io { path: shown.into(), op: "dup", source: e })?;
        self.parent_cache = Some((path.to_vec(), dup));
        Ok(fd)
    }

    fn open_beneath(&self, path: &[u8], shown: &str) -> Result<OwnedFd, UnpackError> {
        let p: &[u8] = if path.is_empty() { b"." } else { path };
        let how = OpenHow::new().flags(OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC).resolve(beneath());
        openat2(&self.root, OsStr::from_bytes(p), how).map_err(|e| match e {
            Errno::ELOOP | Errno::EXDEV => UnpackError::Hostile {
                path: shown.into(),
                why: format!("has a symlinked parent directory ({:?} is a symlink)", String::from_utf8_lossy(path)),
            },
            Errno::ENOTDIR => UnpackError::Hostile {
                path: shown.into(),
                why: format!("has a parent {:?} that is not a directory", String::from_utf8_lossy(path)),
            },
            e => io_err(shown, "open parent directory", e),
        })
    }

    fn reopen(&self, path: &[u8], flags: OFlag, shown: &str) -> Result<OwnedFd, UnpackError> {
        let p: &[u8] = if path.is_empty() { b"." } else { path };
        let how = OpenHow::new().flags(flags | OFlag::O_CLOEXEC | OFlag::O_NOFOLLOW).resolve(beneath());
        openat2(&self.root, OsStr::from_bytes(p), how).map_err(|e| io_err(shown, "open", e))
    }

    fn create_dirs(&self, path: &[u8], shown: &str) -> Result<OwnedFd, UnpackError> {
        let mut cur =
            self.root.try_clone().map_err(|e| UnpackError::Io { path: shown.into(), op: "dup", source: e })?;
        for comp in path.split(|b| *b == b'/').filter(|c| !c.is_empty()) {
            match mkdirat(&cur, comp, Mode::from_bits_truncate(0o755)) {
                Ok(()) | Err(Errno::EEXIST) => {}
                Err(e) => return Err(io_err(shown, "create parent directory", e)),
            }
            let how = OpenHow::new().flags(OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC).resolve(beneath());
            cur = openat2(&cur, OsStr::from_bytes(comp), how).map_err(|e| match e {
                Errno::ELOOP | Errno::EXDEV => {
                    UnpackError::Hostile { path: shown.into(), why: "has a symlinked parent directory".into() }
                }
                e => io_err(shown, "open parent directory", e),
            })?;
        }
        Ok(cur)
    }

    fn set_owner(
        &self,
        fd: BorrowedFd,
        name: Option<&[u8]>,
        uid: u64,
        gid: u64,
        shown: &str,
    ) -> Result<(), UnpackError> {
        if self.opts.single_id {
            return Ok(());
        }
        let (u, g) = (Some(Uid::from_raw(uid as u32)), Some(Gid::from_raw(gid as u32)));
        let r = match name {
            None => fchown(fd, u, g),
            Some(n) => fchownat(fd, n, u, g, AtFlags::AT_SYMLINK_NOFOLLOW),
        };
        match r {
            Ok(()) => Ok(()),
            Err(Errno::EINVAL) => Err(UnpackError::Unmapped { path: shown.into(), uid, gid }),
            Err(e) => Err(io_err(shown, "chown", e)),
        }
    }

    fn set_xattrs<R: Read>(&mut self, entry: &mut tar::Entry<R>, fd: BorrowedFd) -> Result<(), UnpackError> {
        let Ok(Some(exts)) = entry.pax_extensions() else {
            return Ok(());
        };
        for ext in exts.flatten() {
            let Ok(key) = ext.key() else { continue };
            if let Some(name) = key.strip_prefix("SCHILY.xattr.")
                && fsetxattr(fd, name, ext.value_bytes()).is_err()
            {
                self.xattr_failures += 1;
            }
        }
        Ok(())
    }

    fn finish_dirs(&mut self) -> Result<(), UnpackError> {
        for (path, mtime) in self.dirs.iter().rev() {
            let shown = String::from_utf8_lossy(path).into_owned();
            // Re-opened beneath the root: a later entry may have replaced a parent.
            let Ok(fd) = self.reopen(path, OFlag::O_RDONLY | OFlag::O_DIRECTORY, &shown) else {
                continue;
            };
            let t = TimeSpec::new(*mtime, 0);
            nix::sys::stat::futimens(&fd, &t, &t).map_err(|e| io_err(&shown, "set mtime", e))?;
        }
        Ok(())
    }
}

fn is_dir(dir: BorrowedFd, name: &[u8]) -> bool {
    nix::sys::stat::fstatat(dir, name, AtFlags::AT_SYMLINK_NOFOLLOW)
        .map(|st| SFlag::from_bits_truncate(st.st_mode & SFlag::S_IFMT.bits()) == SFlag::S_IFDIR)
        .unwrap_or(false)
}

/// Removes whatever `name` is in `dir` (a later entry replaces an earlier one, as tar does).
fn remove_existing(dir: BorrowedFd, name: &[u8], shown: &str) -> Result<(), UnpackError> {
    match unlinkat(dir, name, UnlinkatFlags::NoRemoveDir) {
        Ok(()) | Err(Errno::ENOENT) => Ok(()),
        Err(Errno::EISDIR) => {
            let how = OpenHow::new()
                .flags(OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC)
                .resolve(beneath());
            let fd = openat2(dir, OsStr::from_bytes(name), how).map_err(|e| io_err(shown, "open", e))?;
            remove_tree_at(fd.as_fd()).map_err(|e| io_err(shown, "remove directory", e))?;
            unlinkat(dir, name, UnlinkatFlags::RemoveDir).map_err(|e| io_err(shown, "remove directory", e))
        }
        Err(e) => Err(io_err(shown, "remove", e)),
    }
}

/// Removes the contents of a directory fd without following symlinks.
fn remove_tree_at(dir: BorrowedFd) -> Result<(), Errno> {
    let dup = nix::unistd::dup(dir)?;
    let mut d = nix::dir::Dir::from_fd(dup)?;
    let names: Vec<CString> = d
        .iter()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_owned())
        .filter(|n| n.as_bytes() != b"." && n.as_bytes() != b"..")
        .collect();
    for n in names {
        match unlinkat(dir, n.as_c_str(), UnlinkatFlags::NoRemoveDir) {
            Ok(()) => {}
            Err(Errno::EISDIR) => {
                let sub = openat(
                    dir,
                    n.as_c_str(),
                    OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
                    Mode::empty(),
                )?;
                remove_tree_at(sub.as_fd())?;
                unlinkat(dir, n.as_c_str(), UnlinkatFlags::RemoveDir)?;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn fsetxattr(fd: BorrowedFd, name: &str, value: &[u8]) -> io::Result<()> {
    let cname = CString::new(name).map_err(io::Error::other)?;
    // SAFETY: fd is a valid open fd for the duration of the call; name is NUL-terminated;
    // value points to value.len() readable bytes.
    let r = unsafe { libc::fsetxattr(fd.as_raw_fd(), cname.as_ptr(), value.as_ptr().cast(), value.len(), 0) };
    if r == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_paths() {
        assert_eq!(clean_path(b"./a/b/").unwrap(), vec![&b"a"[..], b"b"]);
        assert_eq!(clean_path(b"a//./b").unwrap(), vec![&b"a"[..], b"b"]);
        assert!(clean_path(b"./").unwrap().is_empty());
        assert!(clean_path(b"../etc/passwd").is_err());
        assert!(clean_path(b"a/../../b").is_err());
        assert!(clean_path(b"/etc/passwd").is_err());
    }

    #[test]
    fn symlink_escape_rules() {
        assert!(!symlink_escapes(0, b"/etc/passwd"));
        assert!(!symlink_escapes(0, b"busybox"));
        assert!(!symlink_escapes(2, b"../../x"));
        assert!(symlink_escapes(2, b"../../../x"));
        assert!(symlink_escapes(0, b".."));
        assert!(!symlink_escapes(1, b"a/../../b"));
        assert!(symlink_escapes(1, b"a/../../../b"));
    }
}
