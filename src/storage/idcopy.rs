//! Layers with their owners translated, for containers whose user namespace maps ids
//! differently from the pause namespace the layers were unpacked in (`--userns keep-id`,
//! `nomap`, `auto`, `--uidmap`). A rootless user cannot make idmapped mounts of the
//! host's file system (the superblock's namespace is the host's), so each such layer is
//! copied once per map with every owner p made map(p), and kept under
//! `idmapped-layers/KEY/LAYER` (KEY names the map) for every later container with it.
//!
//! The copy runs as root of the pause namespace (`ctr __userns user idcopy`, request on
//! stdin): it reads the image's ids as they are and may give any of them. Nothing is
//! followed: entries are read with lstat and opened O_NOFOLLOW, symlinks copied as links.
//! Kept: modes (set after the owner, so set-id bits stay), times, hard links, xattrs
//! (overlay's opaque marks among them), whiteouts and fifos. Contents are reflinked where
//! the file system can (FICLONE), else copied. A copy is made beside its place and
//! renamed into it, so a half-made copy is never used and two ctr at once both succeed.

use std::collections::HashMap;
use std::ffi::CString;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use crate::engine::userns::IdMaps;

/// What the helper is asked to do.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Request {
    pub maps: IdMaps,
    /// (layer, its copy's place): made if missing.
    pub copies: Vec<(PathBuf, PathBuf)>,
}

/// Each of `layers` with the place of its copy for `maps`, under the store `root`
/// (`idmapped-layers/KEY/LAYER`).
pub fn copies(root: &Path, maps: &IdMaps, layers: &[String]) -> Vec<(PathBuf, PathBuf)> {
    let dir = root.join("idmapped-layers").join(maps.key());
    layers
        .iter()
        .map(|l| {
            let l = PathBuf::from(l);
            let copy = dir.join(l.file_name().unwrap_or_default());
            (l, copy)
        })
        .collect()
}

/// `ctr __userns user idcopy`: does the request on stdin; errors on stderr, exit 1.
pub fn helper() -> i32 {
    let mut input = Vec::new();
    let req = match std::io::stdin()
        .read_to_end(&mut input)
        .map_err(|e| e.to_string())
        .and_then(|_| serde_json::from_slice::<Request>(&input).map_err(|e| format!("bad request: {e}")))
    {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            return 1;
        }
    };
    match run(&req) {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            1
        }
    }
}

fn run(req: &Request) -> Result<(), String> {
    for (src, dst) in &req.copies {
        if dst.exists() {
            continue;
        }
        let parent = dst.parent().ok_or("a copy needs a parent directory")?;
        std::fs::create_dir_all(parent).map_err(|e| format!("create {}: {e}", parent.display()))?;
        let tmp = parent.join(format!(".tmp-{}-{}", std::process::id(), crate::timefmt::now_ns()));
        let mut c = Copier { maps: &req.maps, links: HashMap::new(), layer: src };
        let made = c.copy(src, &tmp).and_then(|_| match std::fs::rename(&tmp, dst) {
            Ok(()) => Ok(()),
            // Another ctr made it meanwhile: theirs is as good.
            Err(_) if dst.exists() => {
                let _ = super::layers::remove_tree(&tmp);
                Ok(())
            }
            Err(e) => Err(format!("rename {} into place: {e}", tmp.display())),
        });
        if let Err(e) = made {
            let _ = super::layers::remove_tree(&tmp);
            return Err(e);
        }
    }
    Ok(())
}

struct Copier<'a> {
    maps: &'a IdMaps,
    /// (dev, inode) of a hard-linked file -> its first copy.
    links: HashMap<(u64, u64), PathBuf>,
    layer: &'a Path,
}

impl Copier<'_> {
    fn owner(&self, src: &Path, m: &std::fs::Metadata) -> Result<(u32, u32), String> {
        let shown = || format!("/{}", src.strip_prefix(self.layer).unwrap_or(src).display());
        let uid = self.maps.uid(m.uid()).ok_or_else(|| {
            format!(
                "{} is owned by uid {}, which the container's user namespace does not map; map more ids (e.g. --userns auto:size=N with N above {})",
                shown(),
                m.uid(),
                m.uid()
            )
        })?;
        let gid = self.maps.gid(m.gid()).ok_or_else(|| {
            format!(
                "{} is owned by gid {}, which the container's user namespace does not map; map more ids (e.g. --userns auto:size=N with N above {})",
                shown(),
                m.gid(),
                m.gid()
            )
        })?;
        Ok((uid, gid))
    }

    fn copy(&mut self, src: &Path, dst: &Path) -> Result<(), String> {
        let io = |what: &str, p: &Path| {
            let what = what.to_string();
            let p = p.display().to_string();
            move |e: std::io::Error| format!("{what} {p}: {e}")
        };
        let m = std::fs::symlink_metadata(src).map_err(io("lstat", src))?;
        let (uid, gid) = self.owner(src, &m)?;
        let ft = m.file_type();
        use std::os::unix::fs::FileTypeExt;
        if ft.is_dir() {
            std::fs::create_dir(dst).map_err(io("mkdir", dst))?;
            // Readable while it is filled; its own mode is set after.
            let mut entries: Vec<_> =
                std::fs::read_dir(src).map_err(io("read", src))?.collect::<Result<_, _>>().map_err(io("read", src))?;
            entries.sort_by_key(|e| e.file_name());
            for e in entries {
                self.copy(&e.path(), &dst.join(e.file_name()))?;
            }
        } else if ft.is_file() {
            if m.nlink() > 1 {
                if let Some(first) = self.links.get(&(m.dev(), m.ino())) {
                    return std::fs::hard_link(first, dst).map_err(io("link", dst));
                }
                self.links.insert((m.dev(), m.ino()), dst.to_path_buf());
            }
            let mut from = std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NOFOLLOW)
                .open(src)
                .map_err(io("open", src))?;
            let mut to = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(dst)
                .map_err(io("create", dst))?;
            // SAFETY: FICLONE on two open fds; fails harmlessly where reflinks are not had.
            let cloned = unsafe { libc::ioctl(to.as_raw_fd(), libc::FICLONE, from.as_raw_fd()) } == 0;
            if !cloned {
                std::io::copy(&mut from, &mut to).map_err(io("copy", src))?;
            }
        } else if ft.is_symlink() {
            let target = std::fs::read_link(src).map_err(io("readlink", src))?;
            std::os::unix::fs::symlink(&target, dst).map_err(io("symlink", dst))?;
        } else if ft.is_char_device() || ft.is_block_device() || ft.is_fifo() || ft.is_socket() {
            let c = cstr(dst)?;
            // SAFETY: mknod of a path we made the parent of; mode and dev from lstat.
            if unsafe { libc::mknod(c.as_ptr(), m.mode() as libc::mode_t, m.rdev() as libc::dev_t) } != 0 {
                return Err(format!("mknod {}: {}", dst.display(), std::io::Error::last_os_error()));
            }
        }
        copy_xattrs(src, dst)?;
        std::os::unix::fs::lchown(dst, Some(uid), Some(gid)).map_err(io("chown", dst))?;
        if !ft.is_symlink() {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dst, std::fs::Permissions::from_mode(m.mode() & 0o7777))
                .map_err(io("chmod", dst))?;
        }
        let t = |s: i64, ns: i64| nix::sys::time::TimeSpec::new(s, ns);
        nix::sys::stat::utimensat(
            nix::fcntl::AT_FDCWD,
            dst,
            &t(m.atime(), m.atime_nsec()),
            &t(m.mtime(), m.mtime_nsec()),
            nix::sys::stat::UtimensatFlags::NoFollowSymlink,
        )
        .map_err(|e| format!("set the times of {}: {e}", dst.display()))?;
        Ok(())
    }
}

fn cstr(p: &Path) -> Result<CString, String> {
    CString::new(p.as_os_str().as_bytes()).map_err(|_| format!("{} has a NUL byte", p.display()))
}

/// Every extended attribute of `src` (not followed) onto `dst`. Ones this namespace may
/// not set (trusted.*, a file capability of another root) are left out, as unpack does.
fn copy_xattrs(src: &Path, dst: &Path) -> Result<(), String> {
    let (s, d) = (cstr(src)?, cstr(dst)?);
    // SAFETY: llistxattr with a null buffer asks for the size.
    let n = unsafe { libc::llistxattr(s.as_ptr(), std::ptr::null_mut(), 0) };
    if n <= 0 {
        return Ok(());
    }
    let mut names = vec![0u8; n as usize];
    // SAFETY: the buffer is as long as we say.
    let n = unsafe { libc::llistxattr(s.as_ptr(), names.as_mut_ptr().cast(), names.len()) };
    if n <= 0 {
        return Ok(());
    }
    for name in names[..n as usize].split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let Ok(cname) = CString::new(name) else { continue };
        // SAFETY: size query, then a read into a buffer of that size.
        let len = unsafe { libc::lgetxattr(s.as_ptr(), cname.as_ptr(), std::ptr::null_mut(), 0) };
        if len < 0 {
            continue;
        }
        let mut value = vec![0u8; len as usize];
        // SAFETY: as above.
        let len = unsafe { libc::lgetxattr(s.as_ptr(), cname.as_ptr(), value.as_mut_ptr().cast(), value.len()) };
        if len < 0 {
            continue;
        }
        // SAFETY: lsetxattr with a value buffer of `len` bytes.
        unsafe { libc::lsetxattr(d.as_ptr(), cname.as_ptr(), value.as_ptr().cast(), len as usize, 0) };
    }
    Ok(())
}

/// Runs `req` in the pause namespace of `mapping` (the user's) if a copy is missing: the
/// missing copies are made. Its error names what failed.
pub fn ensure(mapping: &crate::runtime::userns::Mapping, req: &Request) -> Result<(), String> {
    use crate::runtime::userns;
    if req.copies.iter().all(|(_, d)| d.exists()) {
        return Ok(());
    }
    let mut child = userns::spawn(mapping, userns::Extra::None, &["idcopy".into()], |c| {
        c.stdin(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    })
    .map_err(|e| e.to_string())?;
    let body = serde_json::to_vec(req).map_err(|e| e.to_string())?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let _ = stdin.write_all(&body);
    drop(stdin);
    let mut err = String::new();
    let _ = child.stderr.take().expect("piped stderr").read_to_string(&mut err);
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("the layers for the container's id map: {}", err.trim()));
    }
    Ok(())
}
