//! The vfs storage driver: a container's own full copy of its image's layers (`data/vfs`),
//! bound as its root, for when neither the kernel's overlay nor FUSE can be mounted.
//! Contents are reflinked where the file system can (FICLONE), else copied.
//!
//! The rest of ctr reads a container's changes from an upper directory in overlay's form
//! (`ctr diff`, `commit`, `build`, `system df`): `sync_upper` makes one by comparing the
//! copy with the layers (type, mode, owner, size, mtime, a symlink's target; a name gone
//! is a whiteout), changed files hard-linked from the copy, so every reader stays
//! driver-blind.
//!
//! Both run as root of the user namespace (`ctr __userns user vfs ...`), or as real root.
//! Nothing is followed: entries are read with lstat and opened O_NOFOLLOW inside
//! directories walked from the layer's top; symlinks are copied as links.

use std::collections::{HashMap, HashSet};
use std::ffi::{CString, OsString};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

fn io(what: &str, p: &Path) -> impl FnOnce(std::io::Error) -> String {
    let s = format!("{what} {}", p.display());
    move |e| format!("{s}: {e}")
}

fn is_whiteout(m: &std::fs::Metadata) -> bool {
    m.file_type().is_char_device() && m.rdev() == 0
}

fn is_opaque(p: &Path) -> bool {
    ["user.overlay.opaque", "trusted.overlay.opaque"].iter().any(|k| xattr_get(p, k).as_deref() == Some(b"y"))
}

fn cstr(p: &Path) -> Result<CString, String> {
    CString::new(p.as_os_str().as_bytes()).map_err(|_| format!("{} has a NUL byte", p.display()))
}

fn xattr_get(p: &Path, name: &str) -> Option<Vec<u8>> {
    let c = cstr(p).ok()?;
    let n = CString::new(name).ok()?;
    let mut b = vec![0u8; 256];
    // SAFETY: lgetxattr into a buffer of the length given.
    let len = unsafe { libc::lgetxattr(c.as_ptr(), n.as_ptr(), b.as_mut_ptr().cast(), b.len()) };
    (len >= 0).then(|| {
        b.truncate(len as usize);
        b
    })
}

/// Removes whatever is at `p` (a tree too); nothing there is fine.
fn remove_any(p: &Path) -> Result<(), String> {
    match std::fs::symlink_metadata(p) {
        Ok(m) if m.is_dir() => super::layers::remove_tree(p).map_err(io("remove", p)),
        Ok(_) => std::fs::remove_file(p).map_err(io("remove", p)),
        Err(_) => Ok(()),
    }
}

/// Host ids for a container's ids: real root's copy for a container with a user namespace
/// of its own (`--userns` as root) is owned as its idmapped layers would show it.
type Shift<'a> = Option<&'a crate::runtime::userns::Mapping>;

fn owner(shift: Shift, m: &std::fs::Metadata) -> (u32, u32) {
    match shift {
        Some(s) => (s.host_uid(m.uid()).unwrap_or(m.uid()), s.host_gid(m.gid()).unwrap_or(m.gid())),
        None => (m.uid(), m.gid()),
    }
}

/// Sets owner, mode and times of `dst` from `m`; xattrs (but overlay's own) from `src`.
fn meta(src: &Path, dst: &Path, m: &std::fs::Metadata, shift: Shift) -> Result<(), String> {
    let (uid, gid) = owner(shift, m);
    std::os::unix::fs::lchown(dst, Some(uid), Some(gid)).map_err(io("chown", dst))?;
    if !m.file_type().is_symlink() {
        std::fs::set_permissions(dst, std::fs::Permissions::from_mode(m.mode() & 0o7777)).map_err(io("chmod", dst))?;
        copy_xattrs(src, dst);
    }
    let t = |s: i64, ns: i64| nix::sys::time::TimeSpec::new(s, ns);
    nix::sys::stat::utimensat(
        nix::fcntl::AT_FDCWD,
        dst,
        &t(m.atime(), m.atime_nsec()),
        &t(m.mtime(), m.mtime_nsec()),
        nix::sys::stat::UtimensatFlags::NoFollowSymlink,
    )
    .map_err(|e| format!("set the times of {}: {e}", dst.display()))
}

fn copy_xattrs(src: &Path, dst: &Path) {
    let (Ok(s), Ok(d)) = (cstr(src), cstr(dst)) else { return };
    let mut names = vec![0u8; 64 * 1024];
    // SAFETY: llistxattr into a buffer of the length given.
    let n = unsafe { libc::llistxattr(s.as_ptr(), names.as_mut_ptr().cast(), names.len()) };
    if n <= 0 {
        return;
    }
    let mut value = vec![0u8; 64 * 1024];
    for name in names[..n as usize].split(|&b| b == 0).filter(|n| !n.is_empty()) {
        if name.starts_with(b"user.overlay.") || name.starts_with(b"trusted.overlay.") {
            continue;
        }
        let Ok(c) = CString::new(name) else { continue };
        // SAFETY: lgetxattr into a buffer of the length given; lsetxattr of what it read.
        unsafe {
            let len = libc::lgetxattr(s.as_ptr(), c.as_ptr(), value.as_mut_ptr().cast(), value.len());
            if len >= 0 {
                libc::lsetxattr(d.as_ptr(), c.as_ptr(), value.as_ptr().cast(), len as usize, 0);
            }
        }
    }
}

/// Copies one non-directory entry (a reflink where it can); hard links of one layer kept
/// together through `links`.
fn copy_entry(
    src: &Path,
    dst: &Path,
    m: &std::fs::Metadata,
    links: &mut HashMap<(u64, u64), PathBuf>,
    shift: Shift,
) -> Result<(), String> {
    let ft = m.file_type();
    if ft.is_file() {
        if m.nlink() > 1 {
            if let Some(first) = links.get(&(m.dev(), m.ino())) {
                return std::fs::hard_link(first, dst).map_err(io("link", dst));
            }
            links.insert((m.dev(), m.ino()), dst.to_path_buf());
        }
        let mut from =
            std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW).open(src).map_err(io("open", src))?;
        let mut to = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(dst)
            .map_err(io("create", dst))?;
        // SAFETY: FICLONE on two open fds; fails harmlessly where reflinks are not had.
        if unsafe { libc::ioctl(to.as_raw_fd(), libc::FICLONE, from.as_raw_fd()) } != 0 {
            std::io::copy(&mut from, &mut to).map_err(io("copy", src))?;
        }
    } else if ft.is_symlink() {
        let target = std::fs::read_link(src).map_err(io("readlink", src))?;
        std::os::unix::fs::symlink(&target, dst).map_err(io("symlink", dst))?;
    } else {
        let c = cstr(dst)?;
        // SAFETY: mknod of a path whose parent we made; mode and device from lstat.
        if unsafe { libc::mknod(c.as_ptr(), m.mode() as libc::mode_t, m.rdev() as libc::dev_t) } != 0 {
            return Err(format!("mknod {}: {}", dst.display(), std::io::Error::last_os_error()));
        }
    }
    meta(src, dst, m, shift)
}

/// Lays `layer` over the tree at `dst` (whiteouts delete, opaque directories replace).
fn apply(layer: &Path, dst: &Path, links: &mut HashMap<(u64, u64), PathBuf>, shift: Shift) -> Result<(), String> {
    let mut entries: Vec<_> = std::fs::read_dir(layer).map_err(io("read", layer))?.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let (src, to) = (e.path(), dst.join(e.file_name()));
        let m = std::fs::symlink_metadata(&src).map_err(io("lstat", &src))?;
        if is_whiteout(&m) {
            remove_any(&to)?;
            continue;
        }
        if m.is_dir() {
            let existing = std::fs::symlink_metadata(&to).ok();
            match existing {
                Some(x) if x.is_dir() && !is_opaque(&src) => {}
                _ => {
                    remove_any(&to)?;
                    std::fs::create_dir(&to).map_err(io("mkdir", &to))?;
                }
            }
            std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o700)).map_err(io("chmod", &to))?;
            apply(&src, &to, links, shift)?;
            meta(&src, &to, &m, shift)?;
        } else {
            remove_any(&to)?;
            copy_entry(&src, &to, &m, links, shift)?;
        }
    }
    Ok(())
}

/// Makes `dst` a copy of the merged `lowers` (top first), unless it is there already. A
/// copy is made beside its place and renamed in, so a half-made one is never used.
pub fn populate(lowers: &[PathBuf], dst: &Path, shift: Shift) -> Result<(), String> {
    if dst.exists() {
        return Ok(());
    }
    let tmp = dst.with_file_name(format!(".vfs-{}", std::process::id()));
    remove_any(&tmp)?;
    std::fs::create_dir(&tmp).map_err(io("mkdir", &tmp))?;
    let made = (|| {
        for l in lowers.iter().rev() {
            apply(l, &tmp, &mut HashMap::new(), shift)?;
        }
        if let Some(top) = lowers.first() {
            let m = std::fs::symlink_metadata(top).map_err(io("lstat", top))?;
            meta(top, &tmp, &m, shift)?;
        }
        std::fs::rename(&tmp, dst).map_err(io("rename into place", dst))
    })();
    if made.is_err() {
        let _ = remove_any(&tmp);
    }
    made
}

/// The merged lowers' entry at `rel`: its metadata and the directories it is in (for a
/// directory: every layer down to an opaque one).
fn lower_entry(paths: &[PathBuf]) -> Option<(std::fs::Metadata, PathBuf, Vec<PathBuf>)> {
    let mut found: Option<(std::fs::Metadata, PathBuf)> = None;
    let mut dirs = Vec::new();
    for p in paths {
        let p = p.clone();
        let Ok(m) = std::fs::symlink_metadata(&p) else { continue };
        if is_whiteout(&m) {
            break;
        }
        if !m.is_dir() {
            if found.is_none() {
                found = Some((m, p));
            }
            break;
        }
        let opaque = is_opaque(&p);
        if found.is_none() {
            found = Some((m, p.clone()));
        }
        dirs.push(p);
        if opaque {
            break;
        }
    }
    found.map(|(m, p)| (m, p, dirs))
}

/// The names of a merged lower directory (its layers' `dirs`, top first).
fn lower_names(dirs: &[PathBuf]) -> HashSet<OsString> {
    let (mut seen, mut hidden) = (HashSet::new(), HashSet::new());
    for d in dirs {
        for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
            let n = e.file_name();
            if seen.contains(&n) || hidden.contains(&n) {
                continue;
            }
            if e.metadata().is_ok_and(|m| is_whiteout(&m)) {
                hidden.insert(n);
            } else {
                seen.insert(n);
            }
        }
    }
    seen
}

fn same(a: &std::fs::Metadata, b: &std::fs::Metadata, a_path: &Path, b_path: &Path, shift: Shift) -> bool {
    let t = |m: &std::fs::Metadata| m.mode() & libc::S_IFMT;
    if t(a) != t(b) || a.mode() != b.mode() || (a.uid(), a.gid()) != owner(shift, b) {
        return false;
    }
    if a.is_dir() {
        return a.mtime() == b.mtime() && a.mtime_nsec() == b.mtime_nsec();
    }
    if a.file_type().is_symlink() {
        return std::fs::read_link(a_path).ok() == std::fs::read_link(b_path).ok();
    }
    a.size() == b.size() && a.mtime() == b.mtime() && a.mtime_nsec() == b.mtime_nsec() && a.rdev() == b.rdev()
}

/// Writes into `upper` the changes of the copy `root` against `lowers` (top first),
/// in overlay's form. It is made beside and swapped in whole (RENAME_EXCHANGE), so two
/// `ctr` reading the changes at once each see a complete one.
pub fn sync_upper(lowers: &[PathBuf], root: &Path, upper: &Path, shift: Shift) -> Result<(), String> {
    let tmp = upper.with_file_name(format!(".upper-{}-{}", std::process::id(), crate::timefmt::now_ns()));
    std::fs::create_dir(&tmp).map_err(io("mkdir", &tmp))?;
    let made = diff_dir(lowers, root, &tmp, Path::new(""), shift).and_then(|_| {
        if !upper.exists() {
            return std::fs::rename(&tmp, upper).map_err(io("rename into place", upper));
        }
        nix::fcntl::renameat2(
            nix::fcntl::AT_FDCWD,
            &tmp,
            nix::fcntl::AT_FDCWD,
            upper,
            nix::fcntl::RenameFlags::RENAME_EXCHANGE,
        )
        .map_err(|e| format!("swap {} in: {e}", upper.display()))
    });
    // The old one (or the half-made one).
    let _ = super::layers::remove_tree(&tmp);
    made
}

/// The changes under the directory `rel` (present in the copy); true if any were written.
fn diff_dir(lower_dirs: &[PathBuf], root: &Path, upper: &Path, rel: &Path, shift: Shift) -> Result<bool, String> {
    let here = root.join(rel);
    let below = lower_names(lower_dirs);
    let mut wrote = false;
    let mut names: Vec<OsString> =
        std::fs::read_dir(&here).map_err(io("read", &here))?.flatten().map(|e| e.file_name()).collect();
    names.sort();
    let present: HashSet<OsString> = names.iter().cloned().collect();
    for n in &names {
        let r = rel.join(n);
        let src = root.join(&r);
        let m = std::fs::symlink_metadata(&src).map_err(io("lstat", &src))?;
        let dst = upper.join(&r);
        // The entry below, if a merged lower has it here.
        let lower = if below.contains(n) { lower_entry(&lowers_here_of(lower_dirs, n)) } else { None };
        match lower {
            Some((lm, lp, ldirs)) if m.is_dir() && lm.is_dir() => {
                std::fs::create_dir(&dst).map_err(io("mkdir", &dst))?;
                let inner = diff_dir(&ldirs, root, upper, &r, shift)?;
                if inner || !same(&m, &lm, &src, &lp, shift) {
                    meta(&src, &dst, &m, None)?;
                    wrote = true;
                } else {
                    std::fs::remove_dir(&dst).map_err(io("rmdir", &dst))?;
                }
            }
            Some((lm, lp, _)) if same(&m, &lm, &src, &lp, shift) => {}
            lower => {
                // Added, or changed (a directory over something else hides what was below).
                if m.is_dir() {
                    std::fs::create_dir(&dst).map_err(io("mkdir", &dst))?;
                    diff_dir(&[], root, upper, &r, shift)?;
                    meta(&src, &dst, &m, None)?;
                    if lower.is_some() {
                        let c = cstr(&dst)?;
                        let key =
                            if crate::paths::is_root() { c"trusted.overlay.opaque" } else { c"user.overlay.opaque" };
                        // SAFETY: lsetxattr with a one-byte value.
                        unsafe { libc::lsetxattr(c.as_ptr(), key.as_ptr(), b"y".as_ptr().cast(), 1, 0) };
                    }
                } else if m.is_file() {
                    std::fs::hard_link(&src, &dst).map_err(io("link", &dst))?;
                } else {
                    copy_entry(&src, &dst, &m, &mut HashMap::new(), None)?;
                }
                wrote = true;
            }
        }
    }
    for n in below.iter().filter(|n| !present.contains(*n)) {
        let dst = upper.join(rel).join(n);
        nix::sys::stat::mknod(&dst, nix::sys::stat::SFlag::S_IFCHR, nix::sys::stat::Mode::empty(), 0)
            .map_err(|e| format!("whiteout {}: {e}", dst.display()))?;
        wrote = true;
    }
    Ok(wrote)
}

/// The entry `n` in each of the merged directory's layers.
fn lowers_here_of(dirs: &[PathBuf], n: &OsString) -> Vec<PathBuf> {
    dirs.iter().map(|d| d.join(n)).collect()
}

/// What the helper is asked (`ctr __userns user vfs`, request on stdin).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub enum Request {
    /// `shift`: the container's own maps when real root gives it a user namespace.
    Populate {
        lowers: Vec<PathBuf>,
        dst: PathBuf,
        shift: Option<crate::runtime::userns::Mapping>,
    },
    SyncUpper {
        lowers: Vec<PathBuf>,
        root: PathBuf,
        upper: PathBuf,
        shift: Option<crate::runtime::userns::Mapping>,
    },
}

pub fn helper() -> i32 {
    let mut input = Vec::new();
    let r = std::io::Read::read_to_end(&mut std::io::stdin(), &mut input)
        .map_err(|e| e.to_string())
        .and_then(|_| serde_json::from_slice::<Request>(&input).map_err(|e| format!("bad request: {e}")))
        .and_then(|req| run(&req));
    match r {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            1
        }
    }
}

fn run(req: &Request) -> Result<(), String> {
    match req {
        Request::Populate { lowers, dst, shift } => populate(lowers, dst, shift.as_ref()),
        Request::SyncUpper { lowers, root, upper, shift } => sync_upper(lowers, root, upper, shift.as_ref()),
    }
}

/// Runs `req` as root of the user's namespace (`mapping`), or here as real root.
pub fn run_as_root(mapping: Option<&crate::runtime::userns::Mapping>, req: &Request) -> Result<(), String> {
    let Some(m) = mapping else { return run(req) };
    use crate::runtime::userns;
    let mut child = userns::spawn(m, userns::Extra::None, &["vfs".into()], |c| {
        c.stdin(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    })
    .map_err(|e| e.to_string())?;
    let body = serde_json::to_vec(req).map_err(|e| e.to_string())?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let _ = stdin.write_all(&body);
    drop(stdin);
    let mut err = String::new();
    let _ = std::io::Read::read_to_string(&mut child.stderr.take().expect("piped stderr"), &mut err);
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("the vfs storage driver: {}", err.trim()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(p: &Path, s: &str) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, s).unwrap();
    }

    #[test]
    fn populate_then_sync_upper_shows_the_changes() {
        let t = std::env::temp_dir().join(format!("ctr-vfs-test-{}", std::process::id()));
        let _ = remove_any(&t);
        let (l1, l2) = (t.join("l1"), t.join("l2"));
        write(&l1.join("etc/a"), "a");
        write(&l1.join("etc/b"), "b");
        write(&l1.join("gone/x"), "x");
        write(&l2.join("etc/c"), "c");
        std::fs::create_dir_all(&l2).unwrap();
        let root = t.join("vfs");
        populate(&[l2.clone(), l1.clone()], &root, None).unwrap();
        assert_eq!(std::fs::read_to_string(root.join("etc/a")).unwrap(), "a");
        assert_eq!(std::fs::read_to_string(root.join("etc/c")).unwrap(), "c");
        // Nothing changed: an empty upper.
        let upper = t.join("upper");
        sync_upper(&[l2.clone(), l1.clone()], &root, &upper, None).unwrap();
        assert_eq!(std::fs::read_dir(&upper).unwrap().count(), 0);
        // Changed, added, deleted.
        std::fs::write(root.join("etc/a"), "changed!").unwrap();
        std::fs::write(root.join("new"), "n").unwrap();
        remove_any(&root.join("gone")).unwrap();
        sync_upper(&[l2, l1], &root, &upper, None).unwrap();
        assert_eq!(std::fs::read_to_string(upper.join("etc/a")).unwrap(), "changed!");
        assert!(upper.join("new").exists());
        assert!(!upper.join("etc/b").exists(), "unchanged files stay out");
        let wh = std::fs::symlink_metadata(upper.join("gone")).unwrap();
        assert!(is_whiteout(&wh), "a deletion is a whiteout");
        let _ = remove_any(&t);
    }
}
