//! Mounting inside the container's root without ever following a path out of it: every
//! target is resolved with openat2(RESOLVE_IN_ROOT) against the rootfs and mounted through
//! its /proc/self/fd magic link (runc does the same).

use std::ffi::OsStr;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};

use nix::errno::Errno;
use nix::fcntl::{OFlag, OpenHow, ResolveFlag, openat2};
use nix::mount::{MsFlags, mount};
use nix::sys::stat::Mode;

fn in_root() -> ResolveFlag {
    ResolveFlag::RESOLVE_IN_ROOT | ResolveFlag::RESOLVE_NO_MAGICLINKS
}

/// Opens `path` (absolute, as seen in the container) inside `root`, as an O_PATH fd.
pub fn open_in_root(root: &OwnedFd, path: &Path) -> nix::Result<OwnedFd> {
    let rel = path.strip_prefix("/").unwrap_or(path);
    let p: &OsStr = if rel.as_os_str().is_empty() { OsStr::new(".") } else { rel.as_os_str() };
    openat2(root, p, OpenHow::new().flags(OFlag::O_PATH | OFlag::O_CLOEXEC).resolve(in_root()))
}

/// Creates `path` inside `root` (directories on the way, and the last one as a directory
/// or an empty file) and returns an O_PATH fd of it. Symlinks on the way are followed only
/// within the root.
pub fn create_in_root(root: &OwnedFd, path: &Path, file: bool) -> nix::Result<OwnedFd> {
    if let Ok(fd) = open_in_root(root, path) {
        return Ok(fd);
    }
    let comps: Vec<&OsStr> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n),
            _ => None,
        })
        .collect();
    let mut cur = root.try_clone().map_err(|_| Errno::EBADF)?;
    for (i, c) in comps.iter().enumerate() {
        let last = i + 1 == comps.len();
        let how = OpenHow::new().flags(OFlag::O_PATH | OFlag::O_CLOEXEC).resolve(in_root());
        // Resolving relative to `cur` with RESOLVE_IN_ROOT would make `cur` the root, so
        // resolve the whole prefix from the real root each time.
        let prefix: PathBuf = comps[..=i].iter().collect();
        match openat2(root, prefix.as_os_str(), how) {
            Ok(fd) => cur = fd,
            Err(Errno::ENOENT) => {
                if last && file {
                    let how = OpenHow::new()
                        .flags(OFlag::O_CREAT | OFlag::O_WRONLY | OFlag::O_CLOEXEC | OFlag::O_NOFOLLOW)
                        .mode(Mode::from_bits_truncate(0o644))
                        .resolve(in_root());
                    let _ = openat2(root, prefix.as_os_str(), how)?;
                } else {
                    match nix::sys::stat::mkdirat(&cur, *c, Mode::from_bits_truncate(0o755)) {
                        Ok(()) | Err(Errno::EEXIST) => {}
                        Err(e) => return Err(e),
                    }
                }
                cur = openat2(root, prefix.as_os_str(), how)?;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(cur)
}

/// The magic-link path of an fd, usable as a mount target or source.
pub fn fd_path(fd: &impl AsFd) -> PathBuf {
    PathBuf::from(format!("/proc/self/fd/{}", fd.as_fd().as_raw_fd()))
}

/// Mount flags and data from OCI mount options.
pub fn parse_options(opts: &[String]) -> (MsFlags, Vec<String>, bool, bool) {
    let mut flags = MsFlags::empty();
    let mut data = Vec::new();
    let (mut bind, mut ro) = (false, false);
    for o in opts {
        match o.as_str() {
            "ro" => ro = true,
            "rw" => {}
            "nosuid" => flags |= MsFlags::MS_NOSUID,
            "nodev" => flags |= MsFlags::MS_NODEV,
            "noexec" => flags |= MsFlags::MS_NOEXEC,
            "relatime" => flags |= MsFlags::MS_RELATIME,
            "strictatime" => flags |= MsFlags::MS_STRICTATIME,
            "noatime" => flags |= MsFlags::MS_NOATIME,
            "bind" => bind = true,
            "rbind" => {
                bind = true;
                flags |= MsFlags::MS_REC;
            }
            "private" | "rprivate" | "slave" | "rslave" | "shared" | "rshared" | "z" | "Z" => {}
            other => data.push(other.to_string()),
        }
    }
    (flags, data, bind, ro)
}

/// The flags a remount must keep (a user namespace may not clear locked ones).
pub fn locked_flags(target: &Path) -> MsFlags {
    let mut f = MsFlags::empty();
    if let Ok(st) = nix::sys::statvfs::statvfs(target) {
        use nix::sys::statvfs::FsFlags;
        let fl = st.flags();
        for (a, b) in [
            (FsFlags::ST_NOSUID, MsFlags::MS_NOSUID),
            (FsFlags::ST_NODEV, MsFlags::MS_NODEV),
            (FsFlags::ST_NOEXEC, MsFlags::MS_NOEXEC),
            (FsFlags::ST_NOATIME, MsFlags::MS_NOATIME),
            (FsFlags::ST_NODIRATIME, MsFlags::MS_NODIRATIME),
            (FsFlags::ST_RELATIME, MsFlags::MS_RELATIME),
        ] {
            if fl.contains(a) {
                f |= b;
            }
        }
    }
    f
}

/// Makes a bind mount read-only, keeping the flags it must keep.
pub fn remount_ro(target: &Path, extra: MsFlags) -> nix::Result<()> {
    let flags = MsFlags::MS_REMOUNT | MsFlags::MS_BIND | MsFlags::MS_RDONLY | locked_flags(target) | extra;
    mount(None::<&str>, target, None::<&str>, flags, None::<&str>)
}

/// Is the path a directory (not following a final symlink)?
pub fn is_dir(fd: &OwnedFd) -> bool {
    nix::sys::stat::fstat(fd).map(|st| st.st_mode & libc::S_IFMT == libc::S_IFDIR).unwrap_or(false)
}

/// Bytes of a path, for messages.
pub fn show(p: &Path) -> String {
    String::from_utf8_lossy(p.as_os_str().as_bytes()).into_owned()
}

/// Mounts an overlay of `lower` (colon-separated, top first) with `upper`/`work` on
/// `target`; `userxattr` when mounted in a user namespace (rootless). Call it in a private
/// mount namespace: with many layers it mounts a tmpfs of short links beside `target`.
pub fn mount_overlay(lower: &str, upper: &str, work: &str, target: &Path, userxattr: bool) -> nix::Result<()> {
    let opts = |lower: &str| {
        let mut d = format!("lowerdir={lower},upperdir={upper},workdir={work}");
        if userxattr {
            d.push_str(",userxattr");
        }
        d
    };
    let data = opts(lower);
    // mount(2) takes one page of options: with many layers, name each lower dir by a
    // one- or two-character link in a private tmpfs and mount from there (docker's
    // overlay2 does the same with its l/ links).
    if data.len() < 3500 {
        return mount(Some("overlay"), target, Some("overlay"), MsFlags::MS_NODEV, Some(data.as_str()));
    }
    let links = target.parent().unwrap_or(Path::new("/")).join(".layers");
    match nix::unistd::mkdir(&links, Mode::from_bits_truncate(0o700)) {
        Ok(()) | Err(Errno::EEXIST) => {}
        Err(e) => return Err(e),
    }
    mount(Some("tmpfs"), &links, Some("tmpfs"), MsFlags::MS_NODEV | MsFlags::MS_NOSUID, Some("mode=700"))?;
    let mut short = Vec::new();
    for (i, dir) in lower.split(':').enumerate() {
        let name = format!("{i:x}");
        std::os::unix::fs::symlink(dir, links.join(&name))
            .map_err(|e| Errno::from_raw(e.raw_os_error().unwrap_or(libc::EIO)))?;
        short.push(name);
    }
    let cwd = std::env::current_dir().ok();
    nix::unistd::chdir(&links)?;
    let r = mount(Some("overlay"), target, Some("overlay"), MsFlags::MS_NODEV, Some(opts(&short.join(":")).as_str()));
    if let Some(c) = cwd {
        let _ = nix::unistd::chdir(&c);
    }
    r
}
