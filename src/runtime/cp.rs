//! `ctr cp`: copies between the host and a container's root filesystem. The host side is
//! opened first (as fds); then this process enters the container's root (joins a running
//! container's user and mount namespaces, or mounts a stopped container's overlay in a
//! user namespace of its own and chroots into it), so every container path resolves inside
//! the container's root. Copies walk one component at a time with *at calls that never
//! follow a symlink.

use std::ffi::{OsStr, OsString};
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use nix::fcntl::{AtFlags, OFlag, openat};
use nix::sys::stat::{Mode, SFlag, fstatat, mkdirat};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
pub struct CpRequest {
    /// true: host -> container; false: container -> host.
    pub into: bool,
    pub host_path: PathBuf,
    pub container_path: PathBuf,
    /// A running container's pid (join its namespaces) ...
    pub pid: Option<i32>,
    /// ... or a stopped container's overlay: lowerdir, upperdir, workdir, mount point.
    pub overlay: Option<[String; 4]>,
    /// The stopped container's storage driver (`storage::driver`): overlay if absent; for
    /// vfs, `overlay`'s upperdir is its copy, bound as the root.
    #[serde(default)]
    pub driver: Option<String>,
    /// What to do: a copy between paths (`ctr cp`), or the API's archive operations.
    #[serde(default)]
    pub mode: CpMode,
}

/// The Docker API's `/containers/{id}/archive` operations, done inside the container's
/// root. Each answers one JSON line on stdout first (`ArchiveReply`), then: `Get` writes a
/// tar of the path; `Put` reads a tar on stdin, extracts it into the path (a directory)
/// and answers a second line.
#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub enum CpMode {
    #[default]
    Copy,
    Stat,
    Get,
    Put {
        no_overwrite_dir_non_dir: bool,
        copy_uid_gid: bool,
    },
}

/// A path's stat as dockerd sends it (X-Docker-Container-Path-Stat): `mode` is Go's
/// os.FileMode (type bits high), `mtime` RFC 3339, `linkTarget` the resolved path of a
/// symlink.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PathStat {
    pub name: String,
    pub size: i64,
    pub mode: u32,
    pub mtime: String,
    #[serde(rename = "linkTarget")]
    pub link_target: String,
}

/// One line of an archive operation's answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ArchiveReply {
    Stat(PathStat),
    Done,
    /// The path is not there.
    NotFound(String),
    /// The request cannot be done (extraction point not a directory, an overwrite refused).
    Invalid(String),
    Failed(String),
}

/// Go's os.FileMode of a stat mode.
pub fn go_file_mode(st_mode: u32) -> u32 {
    let mut m = st_mode & 0o777;
    m |= match st_mode & libc::S_IFMT {
        libc::S_IFDIR => 1 << 31,
        libc::S_IFLNK => 1 << 27,
        libc::S_IFIFO => 1 << 25,
        libc::S_IFSOCK => 1 << 24,
        libc::S_IFBLK => 1 << 26,
        libc::S_IFCHR => (1 << 26) | (1 << 21),
        _ => 0,
    };
    for (bit, go) in [(libc::S_ISUID, 1 << 23), (libc::S_ISGID, 1 << 22), (libc::S_ISVTX, 1 << 20)] {
        if st_mode & bit != 0 {
            m |= go;
        }
    }
    m
}

/// The stat of a container path as dockerd resolves it: every component but the last
/// followed (inside the root we are in), the last only with a trailing `/` or `/.`.
fn stat_path(path: &Path) -> io::Result<PathStat> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::symlink_metadata(path)?;
    let text = path.as_os_str().as_bytes();
    let clean = path.components().collect::<PathBuf>();
    // `DIR/.` is the directory's contents: dockerd names it `.` (the CLI copies what is
    // inside then).
    let name = match clean.file_name() {
        _ if text.ends_with(b"/.") => ".".into(),
        Some(n) => n.to_string_lossy().into_owned(),
        None => "/".into(),
    };
    let link_target = if m.file_type().is_symlink() {
        std::fs::canonicalize(path)
            .or_else(|_| std::fs::read_link(path))
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    } else {
        String::new()
    };
    Ok(PathStat {
        name,
        size: m.size() as i64,
        mode: go_file_mode(m.mode()),
        mtime: crate::timefmt::format_rfc3339_nanos(m.mtime() * 1_000_000_000 + m.mtime_nsec())
            .replace(".000000000Z", "Z"),
        link_target,
    })
}

fn reply(r: &ArchiveReply) {
    use std::io::Write;
    let mut line = serde_json::to_vec(r).unwrap_or_default();
    line.push(b'\n');
    let mut out = io::stdout().lock();
    let _ = out.write_all(&line);
    let _ = out.flush();
}

fn io_reply(path: &Path, e: &io::Error) -> ArchiveReply {
    if e.kind() == io::ErrorKind::NotFound {
        ArchiveReply::NotFound(path.display().to_string())
    } else {
        ArchiveReply::Failed(format!("{}: {e}", path.display()))
    }
}

/// `Get`: a tar of `path` on stdout, its entries under the path's base name (dockerd's
/// rebase), symlinks kept as symlinks.
fn tar_out(path: &Path, st: &PathStat) -> io::Result<()> {
    use std::io::Write;
    let out = std::fs::File::from(io::stdout().as_fd().try_clone_to_owned()?);
    let mut b = tar::Builder::new(io::BufWriter::with_capacity(256 << 10, out));
    let name = if st.name == "/" { "." } else { st.name.as_str() };
    append_tree(&mut b, path, name.as_bytes().to_vec())?;
    b.into_inner()?.flush()
}

/// Sets an entry's name as given: the tar crate drops `./` from names, but the docker CLI
/// rebases the entries of `DIR/.` by replacing their leading `.` (dockerd's `./sub/f`).
/// Names over 100 bytes go first as a GNU long-name entry, as GNU tar writes them.
fn set_raw_name<W: io::Write>(
    b: &mut tar::Builder<W>,
    h: &mut tar::Header,
    name: &[u8],
    kind: tar::EntryType,
) -> io::Result<()> {
    let field =
        if kind == tar::EntryType::GNULongName { &mut h.as_old_mut().name } else { &mut h.as_old_mut().linkname };
    field.fill(0);
    let n = name.len().min(100);
    field[..n].copy_from_slice(&name[..n]);
    if name.len() > 100 {
        let mut long = tar::Header::new_gnu();
        long.as_old_mut().name[..13].copy_from_slice(b"././@LongLink");
        long.set_mode(0o644);
        long.set_entry_type(kind);
        long.set_size(name.len() as u64 + 1);
        long.set_cksum();
        let mut data = name.to_vec();
        data.push(0);
        b.append(&long, data.as_slice())?;
    }
    Ok(())
}

/// Appends `path` (not followed if a symlink) as `name`, and a directory's entries below.
/// Sockets are left out (tar has no type for them; dockerd's tar leaves them out too).
fn append_tree<W: io::Write>(b: &mut tar::Builder<W>, path: &Path, mut name: Vec<u8>) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(path)?;
    let ft = meta.file_type();
    if std::os::unix::fs::FileTypeExt::is_socket(&ft) {
        return Ok(());
    }
    let mut h = tar::Header::new_gnu();
    h.set_metadata_in_mode(&meta, tar::HeaderMode::Complete);
    if ft.is_dir() && !name.ends_with(b"/") {
        name.push(b'/');
    }
    set_raw_name(b, &mut h, &name, tar::EntryType::GNULongName)?;
    if ft.is_symlink() {
        let target = std::fs::read_link(path)?;
        set_raw_name(b, &mut h, target.as_os_str().as_bytes(), tar::EntryType::GNULongLink)?;
    }
    h.set_cksum();
    if ft.is_file() {
        b.append(&h, std::fs::File::open(path)?)?;
    } else {
        b.append(&h, io::empty())?;
    }
    if ft.is_dir() {
        let mut children: Vec<OsString> =
            std::fs::read_dir(path)?.map(|e| e.map(|e| e.file_name())).collect::<Result<_, _>>()?;
        children.sort();
        for c in children {
            let mut n = name.clone();
            n.extend_from_slice(c.as_bytes());
            append_tree(b, &path.join(&c), n)?;
        }
    }
    Ok(())
}

/// `Put`: extracts the tar on stdin into the directory `dir`. Owners are the container's
/// root unless `copy_uid_gid` (docker's `copyUIDGID`), as dockerd does.
fn tar_in(dir: &Path, no_overwrite_dir_non_dir: bool, copy_uid_gid: bool) -> Result<(), ArchiveReply> {
    let failed = |e: io::Error| ArchiveReply::Failed(format!("extracting the archive: {e}"));
    let mut ar = tar::Archive::new(io::BufReader::with_capacity(256 << 10, io::stdin().lock()));
    ar.set_preserve_permissions(true);
    ar.set_preserve_mtime(true);
    ar.set_overwrite(true);
    for entry in ar.entries().map_err(failed)? {
        let mut entry = entry.map_err(failed)?;
        let rel = entry.path().map_err(failed)?.into_owned();
        let target = dir.join(&rel);
        if no_overwrite_dir_non_dir && let Ok(m) = std::fs::symlink_metadata(&target) {
            let new_dir = entry.header().entry_type().is_dir();
            if m.is_dir() != new_dir {
                let (old, new) = if new_dir { ("non-directory", "directory") } else { ("directory", "non-directory") };
                return Err(ArchiveReply::Invalid(format!(
                    "cannot overwrite {old} {:?} with {new} {:?}",
                    target.display().to_string(),
                    rel.display().to_string()
                )));
            }
        }
        let (uid, gid) = if copy_uid_gid {
            (entry.header().uid().unwrap_or(0) as u32, entry.header().gid().unwrap_or(0) as u32)
        } else {
            (0, 0)
        };
        if !entry.unpack_in(dir).map_err(failed)? {
            continue; // a `..` entry: skipped, as the tar crate does
        }
        std::os::unix::fs::lchown(&target, Some(uid), Some(gid)).map_err(failed)?;
    }
    Ok(())
}

/// The archive operations, once inside the container's root.
fn archive(req: &CpRequest) -> i32 {
    let path = Path::new("/").join(&req.container_path);
    let st = match stat_path(&path) {
        Ok(st) => st,
        Err(e) => {
            reply(&io_reply(&req.container_path, &e));
            return 1;
        }
    };
    match req.mode {
        CpMode::Copy | CpMode::Stat => {
            reply(&ArchiveReply::Stat(st));
            0
        }
        CpMode::Get => {
            reply(&ArchiveReply::Stat(st.clone()));
            match tar_out(&path, &st) {
                Ok(()) => 0,
                Err(e) => fail(format!("writing the archive of {}: {e}", path.display())),
            }
        }
        CpMode::Put { no_overwrite_dir_non_dir, copy_uid_gid } => {
            // dockerd follows a symlink at the extraction point.
            if !std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                reply(&ArchiveReply::Invalid("extraction point is not a directory".into()));
                return 1;
            }
            reply(&ArchiveReply::Stat(st));
            match tar_in(&path, no_overwrite_dir_non_dir, copy_uid_gid) {
                Ok(()) => {
                    reply(&ArchiveReply::Done);
                    0
                }
                Err(r) => {
                    reply(&r);
                    1
                }
            }
        }
    }
}

fn fail(msg: String) -> i32 {
    crate::output::status(&format!("Error: {msg}"));
    125
}

/// The parent dir fd and final name a copy writes to: `dest` itself if it is a directory
/// (the copy goes inside it, under the source's name), else `dest`'s parent and name.
fn destination(dest: &Path, src_name: &OsStr) -> io::Result<(OwnedFd, OsString)> {
    let open_dir = |p: &Path| -> io::Result<OwnedFd> {
        Ok(nix::fcntl::open(p, OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC, Mode::empty())?)
    };
    if dest.is_dir() {
        return Ok((open_dir(dest)?, src_name.to_owned()));
    }
    let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = dest.file_name().ok_or_else(|| io::Error::other(format!("{} names no file", dest.display())))?;
    let fd = open_dir(parent).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", parent.display())))?;
    Ok((fd, name.to_owned()))
}

/// Copies `name` in `src` to `dname` in `dst`, recursively, never following symlinks.
fn copy_at(src: BorrowedFd, name: &OsStr, dst: BorrowedFd, dname: &OsStr, owner: Option<(u32, u32)>) -> io::Result<()> {
    let st = fstatat(src, name, AtFlags::AT_SYMLINK_NOFOLLOW)?;
    let kind = SFlag::from_bits_truncate(st.st_mode & SFlag::S_IFMT.bits());
    let mode = Mode::from_bits_truncate(st.st_mode & 0o7777);
    let chown = |fd: BorrowedFd, n: Option<&OsStr>| {
        if let Some((u, g)) = owner {
            let (u, g) = (Some(nix::unistd::Uid::from_raw(u)), Some(nix::unistd::Gid::from_raw(g)));
            let _ = match n {
                None => nix::unistd::fchown(fd, u, g),
                Some(n) => nix::unistd::fchownat(fd, n, u, g, AtFlags::AT_SYMLINK_NOFOLLOW),
            };
        }
    };
    match kind {
        SFlag::S_IFDIR => {
            match mkdirat(dst, dname, Mode::from_bits_truncate(0o700)) {
                Ok(()) | Err(nix::errno::Errno::EEXIST) => {}
                Err(e) => return Err(e.into()),
            }
            let d = openat(
                dst,
                dname,
                OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
                Mode::empty(),
            )?;
            let s = openat(
                src,
                name,
                OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
                Mode::empty(),
            )?;
            let mut dir = nix::dir::Dir::from_fd(s.try_clone()?)?;
            let names: Vec<OsString> = dir
                .iter()
                .filter_map(|e| e.ok())
                .map(|e| OsStr::from_bytes(e.file_name().to_bytes()).to_owned())
                .filter(|n| n != "." && n != "..")
                .collect();
            for n in names {
                copy_at(s.as_fd(), &n, d.as_fd(), &n, owner)?;
            }
            nix::sys::stat::fchmod(&d, mode)?;
            chown(d.as_fd(), None);
        }
        SFlag::S_IFREG => {
            let s = openat(src, name, OFlag::O_RDONLY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC, Mode::empty())?;
            let _ = nix::unistd::unlinkat(dst, dname, nix::unistd::UnlinkatFlags::NoRemoveDir);
            let d = openat(
                dst,
                dname,
                OFlag::O_WRONLY | OFlag::O_CREAT | OFlag::O_EXCL | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
                Mode::from_bits_truncate(0o600),
            )?;
            let (mut r, mut w) = (std::fs::File::from(s), std::fs::File::from(d));
            io::copy(&mut r, &mut w)?;
            nix::sys::stat::fchmod(&w, mode)?;
            chown(w.as_fd(), None);
        }
        SFlag::S_IFLNK => {
            let target = nix::fcntl::readlinkat(src, name)?;
            let _ = nix::unistd::unlinkat(dst, dname, nix::unistd::UnlinkatFlags::NoRemoveDir);
            nix::unistd::symlinkat(target.as_os_str(), dst, dname)?;
            chown(dst, Some(dname));
        }
        _ => {} // devices, fifos and sockets are not copied (docker cp neither)
    }
    Ok(())
}

/// The source's parent dir fd and name.
fn source(src: &Path) -> io::Result<(OwnedFd, OsString)> {
    let parent = src.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = src.file_name().map(OsStr::to_owned).unwrap_or_else(|| OsString::from("."));
    let fd = nix::fcntl::open(parent, OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC, Mode::empty())
        .map_err(|e| io::Error::new(io::Error::from(e).kind(), format!("{}: {e}", parent.display())))?;
    fstatat(&fd, name.as_os_str(), AtFlags::AT_SYMLINK_NOFOLLOW)
        .map_err(|e| io::Error::new(io::Error::from(e).kind(), format!("{}: {e}", src.display())))?;
    Ok((fd, name))
}

/// Runs in the fresh `ctr __cp` process (running container) or inside a user+mount
/// namespace helper (stopped container).
pub fn run(req: &CpRequest) -> i32 {
    if req.mode != CpMode::Copy {
        if let Err(e) = enter_root(req) {
            reply(&ArchiveReply::Failed(e));
            return 125;
        }
        return archive(req);
    }
    // The host side first, while host paths are still visible.
    let host = if req.into {
        source(&req.host_path).map(|(fd, n)| (fd, n, true))
    } else {
        let name = req.container_path.file_name().map(OsStr::to_owned).unwrap_or_else(|| OsString::from("root"));
        destination(&req.host_path, &name).map(|(fd, n)| (fd, n, false))
    };
    let (host_fd, host_name, _) = match host {
        Ok(h) => h,
        Err(e) => return fail(format!("{e}")),
    };
    if let Err(e) = enter_root(req) {
        return fail(e);
    }
    let r = if req.into {
        // Copied in: owned by the container's root, as docker does without --archive.
        destination(&req.container_path, &host_name)
            .and_then(|(dfd, dname)| copy_at(host_fd.as_fd(), &host_name, dfd.as_fd(), &dname, Some((0, 0))))
    } else {
        source(&req.container_path)
            .and_then(|(sfd, sname)| copy_at(sfd.as_fd(), &sname, host_fd.as_fd(), &host_name, None))
    };
    match r {
        Ok(()) => 0,
        Err(e) => fail(format!("copying: {e}")),
    }
}

fn enter_root(req: &CpRequest) -> Result<(), String> {
    if let Some(pid) = req.pid {
        return super::exec::join_namespaces(pid, &super::exec::ALL_NAMESPACES[..2]);
    }
    let Some([lower, upper, work, target]) = &req.overlay else {
        return Err("no container root to copy to".into());
    };
    use nix::mount::{MsFlags, mount};
    mount(None::<&str>, "/", None::<&str>, MsFlags::MS_REC | MsFlags::MS_PRIVATE, None::<&str>)
        .map_err(|e| format!("make / private: {e}"))?;
    // In a user namespace of our own (rootless), overlay keeps its xattrs in user.*.
    let userxattr = std::fs::read_to_string("/proc/self/uid_map").is_ok_and(|m| !m.contains("4294967295"));
    match req.driver.as_deref() {
        Some("vfs") => {
            mount(Some(upper.as_str()), target.as_str(), None::<&str>, MsFlags::MS_BIND | MsFlags::MS_REC, None::<&str>)
                .map_err(|e| format!("bind the container's root: {e}"))?
        }
        Some("fuse") => {
            let layers = crate::storage::fuse::Layers {
                lowers: lower.split(':').filter(|l| !l.is_empty()).map(PathBuf::from).collect(),
                upper: PathBuf::from(upper),
                work: PathBuf::from(work),
                xattr_prefix: if userxattr { "user.overlay." } else { "trusted.overlay." },
            };
            // Served by a thread of ours for as long as this process copies; the mount is
            // in our private mount namespace and goes with it.
            std::mem::forget(crate::storage::fuse::mount_here(&layers, Path::new(target))?);
        }
        _ => super::rootfs::mount_overlay(lower, upper, work, Path::new(target), userxattr)
            .map_err(|e| format!("mount the container's root: {e}"))?,
    }
    nix::unistd::chroot(target.as_str()).map_err(|e| format!("chroot: {e}"))?;
    nix::unistd::chdir("/").map_err(|e| format!("chdir: {e}"))?;
    Ok(())
}

/// `ctr __cp REQUEST` (running containers, or any container as real root).
pub fn main(arg: &str) -> i32 {
    let req: CpRequest = match serde_json::from_str(arg) {
        Ok(r) => r,
        Err(e) => return fail(format!("bad copy request: {e}")),
    };
    if req.pid.is_none()
        && let Err(e) = nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWNS)
    {
        return fail(format!("cannot create a mount namespace: {e}"));
    }
    run(&req)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_file_modes_as_dockerd_sends_them() {
        // Values seen in dockerd's X-Docker-Container-Path-Stat.
        assert_eq!(go_file_mode(libc::S_IFDIR | 0o755), 2147484141);
        assert_eq!(go_file_mode(libc::S_IFLNK | 0o777), 134218239);
        assert_eq!(go_file_mode(libc::S_IFREG | 0o644), 0o644);
        assert_eq!(go_file_mode(libc::S_IFDIR | libc::S_ISVTX | 0o777), (1 << 31) | (1 << 20) | 0o777);
        assert_eq!(go_file_mode(libc::S_IFCHR | 0o666), (1 << 26) | (1 << 21) | 0o666);
    }

    #[test]
    fn archive_requests_of_old_callers_are_copies() {
        let r: CpRequest =
            serde_json::from_str(r#"{"into":true,"host_path":"/a","container_path":"/b","pid":null,"overlay":null}"#)
                .unwrap();
        assert_eq!(r.mode, CpMode::Copy);
    }
}
