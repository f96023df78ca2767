//! Unpacks one layer tar into a directory, the way overlay wants it, without ever writing
//! outside that directory.
//!
//! Every entry is created relative to a directory fd opened with openat2(RESOLVE_BENEATH |
//! RESOLVE_NO_SYMLINKS), so neither `../`, an absolute path, nor a symlink planted by an
//! earlier entry can lead a write out of the layer. Whiteouts (`.wh.NAME`) become overlay
//! whiteouts (a 0/0 character device) and `.wh..wh..opq` the opaque xattr.
//!
//! Bounded: the uncompressed stream is metered as the tar reader takes it, and the layer
//! is refused (`Refusal`) once it expands past `UnpackLimits`' share of its compressed
//! size or the file system's free space falls below the reserve, so a gzip or zstd bomb
//! stops early; the caller removes the half-written directory.

use std::cell::Cell;
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
    #[error("{0}")]
    Refused(Refusal),
}

const MIB: u64 = 1 << 20;
const GIB: u64 = 1 << 30;

/// How far a layer may go, from ctr.conf's `[storage]` table and the environment
/// (`crate::config`). Each is checked while the tar is written, not after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnpackLimits {
    /// Free bytes the layer store's file system must keep; 0 turns the check off.
    pub reserve: u64,
    /// The reserve is the built-in one, not set: it keeps at most a tenth of the file
    /// system, so a small disk or tmpfs (a VM's 512 MiB root) still takes layers.
    pub reserve_default: bool,
    /// Most uncompressed bytes per compressed byte; 0 turns the expansion check off.
    pub max_ratio: u64,
    /// The expansion limit is never below this: small layers may hold a file of zeros.
    pub ratio_floor: u64,
}

impl Default for UnpackLimits {
    /// 1 GiB of free disk is kept (a full disk breaks more than the pull). Layer tars
    /// compress 2-10x, text-heavy ones rarely past 20x; gzip reaches ~1030x only on runs
    /// of one byte, so 100x leaves real layers alone and stops a 10 MB gzip bomb (10 GB)
    /// after 1 GB. The 512 MiB floor lets a small layer carry a big file of zeros (a
    /// 1 KB layer holding 1 MB of zeros is 1000x).
    fn default() -> Self {
        UnpackLimits { reserve: GIB, reserve_default: true, max_ratio: 100, ratio_floor: 512 * MIB }
    }
}

impl UnpackLimits {
    /// No checks at all.
    pub const NONE: UnpackLimits = UnpackLimits { reserve: 0, reserve_default: false, max_ratio: 0, ratio_floor: 0 };

    /// The most uncompressed bytes a layer of `compressed` bytes may have (None: no limit):
    /// max(ratio × compressed, floor). A stream of unknown size gets the floor only, the
    /// allowance of the smallest layer: it cannot show it deserves more.
    pub fn expansion_limit(&self, compressed: Option<u64>) -> Option<u64> {
        if self.max_ratio == 0 {
            return None;
        }
        Some(compressed.map_or(0, |c| c.saturating_mul(self.max_ratio)).max(self.ratio_floor))
    }
}

/// Why a layer was refused, with the numbers (it crosses the helper's pipe as data).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Refusal {
    /// It expanded past the expansion limit.
    Expansion { compressed: Option<u64>, written: u64, limit: u64, max_ratio: u64, ratio_floor: u64 },
    /// The file system's free space fell below the reserve.
    Reserve { written: u64, free: u64, reserve: u64 },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::timefmt::human_size_binary as h;
        const WHERE: &str = "in the [storage] table of ctr.conf ($XDG_CONFIG_HOME/ctr/ctr.conf or /etc/ctr/ctr.conf)";
        match self {
            Refusal::Expansion { compressed, written, limit, max_ratio, ratio_floor } => {
                let why = match compressed {
                    Some(c) => format!(
                        "unpack_max_ratio {max_ratio} times its {} compressed size, at least unpack_ratio_floor {}",
                        h(*c),
                        h(*ratio_floor)
                    ),
                    None => format!("its compressed size is unknown, so unpack_ratio_floor {}", h(*ratio_floor)),
                };
                write!(
                    f,
                    "it expands past the unpack limit, as a decompression bomb does: unpacking stopped at {} \
                     uncompressed, over the limit of {} ({why}); if it is genuine, raise unpack_max_ratio or \
                     unpack_ratio_floor {WHERE}, or set CTR_UNPACK_MAX_RATIO or CTR_UNPACK_RATIO_FLOOR (a ratio of 0 \
                     turns the check off)",
                    h(*written),
                    h(*limit),
                )
            }
            Refusal::Reserve { written, free, reserve } => write!(
                f,
                "it would leave less free disk than the reserve: {} free on the layer store's file system after {} of \
                 it was written, under unpack_reserve {}; free some space (ctr image prune -a, ctr system prune) or \
                 lower unpack_reserve {WHERE}, or set CTR_UNPACK_RESERVE (0 turns the check off)",
                h(*free),
                h(*written),
                h(*reserve)
            ),
        }
    }
}

/// How to unpack.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
pub struct UnpackOptions {
    /// Running as root of a user namespace (not real root): device nodes are skipped and
    /// overlay xattrs go in the `user.` namespace (overlay's `userxattr`).
    pub rootless: bool,
    /// Only one id is mapped: keep every file owned by the user instead of failing.
    pub single_id: bool,
    /// How far the layer may go. They travel in the options (to the user-namespace
    /// helper too), so the engine reads the configuration once and reports its errors
    /// before any work starts.
    pub limits: UnpackLimits,
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

/// Unpacks a (possibly gzip or zstd compressed) layer stream of `compressed` bytes (None:
/// unknown) into `dest`, which must exist; refused as `opts.limits` say.
pub fn unpack(
    stream: impl Read,
    compressed: Option<u64>,
    dest: &Path,
    opts: UnpackOptions,
) -> Result<UnpackStats, UnpackError> {
    let (_, decoded) = digest::auto_decompress(stream).map_err(UnpackError::Read)?;
    let root = nix::fcntl::open(dest, OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC, Mode::empty())
        .map_err(|e| io_err("/", "open the layer directory", e))?;
    let refusal = Cell::new(None);
    let fs = root.try_clone().map_err(|e| UnpackError::Io { path: "/".into(), op: "dup", source: e })?;
    let meter = Meter::new(decoded, fs, compressed, opts.limits, &refusal);
    let mut hashing = HashingReader::new(meter);
    let mut x = Extractor {
        root,
        opts,
        parent_cache: None,
        dirs: Vec::new(),
        stats: UnpackStats::default(),
        skipped_devices: 0,
        xattr_failures: 0,
    };
    let written = (|| {
        let mut archive = tar::Archive::new(&mut hashing);
        for entry in archive.entries().map_err(UnpackError::Read)? {
            let entry = entry.map_err(UnpackError::Read)?;
            x.entry(entry)?;
        }
        x.finish_dirs()?;
        hashing.finish().map_err(UnpackError::Read)
    })();
    // A limit stops the stream with an I/O error wherever the tar reader was; the
    // refusal it kept is the real reason.
    if let Some(r) = refusal.take() {
        return Err(UnpackError::Refused(r));
    }
    let (diff_id, diff_size) = written?;
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

/// The free space is looked at every this many uncompressed bytes (and before the first).
const DISK_CHECK_EVERY: u64 = 4 * MIB;

/// Meters an uncompressed stream between the decompressor and the tar reader: past a
/// limit it keeps the refusal in the cell it was given and fails the read, which stops the
/// tar reader wherever it is. `unpack` uses one; so does `ctr build`'s ADD of an archive.
pub struct Meter<'a, R> {
    inner: R,
    /// A directory of the file system the layer is written to (for statvfs).
    fs: OwnedFd,
    limits: UnpackLimits,
    compressed: Option<u64>,
    limit: Option<u64>,
    read: u64,
    next_disk_check: u64,
    refusal: &'a Cell<Option<Refusal>>,
}

impl<'a, R> Meter<'a, R> {
    /// Meters `inner`, the uncompressed form of `compressed` bytes (None: unknown), as it
    /// is written to the file system `fs` (a directory fd on it) within `limits`.
    pub fn new(
        inner: R,
        fs: OwnedFd,
        compressed: Option<u64>,
        limits: UnpackLimits,
        refusal: &'a Cell<Option<Refusal>>,
    ) -> Self {
        let limit = limits.expansion_limit(compressed);
        Meter { inner, fs, limits, compressed, limit, read: 0, next_disk_check: 0, refusal }
    }

    fn refuse(&self, r: Refusal) -> io::Error {
        self.refusal.set(Some(r));
        io::Error::other("the layer was refused")
    }

    fn check_disk(&mut self) -> io::Result<()> {
        self.next_disk_check = self.read.saturating_add(DISK_CHECK_EVERY);
        if self.limits.reserve == 0 {
            return Ok(());
        }
        let st = nix::sys::statvfs::fstatvfs(&self.fs).map_err(io::Error::from)?;
        // f_bavail: what an unprivileged writer may still use (root's reserved blocks not
        // counted, also as root: the reserve is for everything else on the disk).
        let free = (st.blocks_available() as u64).saturating_mul(st.fragment_size() as u64);
        let size = (st.blocks() as u64).saturating_mul(st.fragment_size() as u64);
        let reserve = match self.limits.reserve_default {
            true => self.limits.reserve.min(size / 10),
            false => self.limits.reserve,
        };
        if free < reserve {
            return Err(self.refuse(Refusal::Reserve { written: self.read, free, reserve }));
        }
        Ok(())
    }
}

impl<R: Read> Read for Meter<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read >= self.next_disk_check {
            self.check_disk()?;
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if let Some(limit) = self.limit
            && self.read > limit
        {
            return Err(self.refuse(Refusal::Expansion {
                compressed: self.compressed,
                written: self.read,
                limit,
                max_ratio: self.limits.max_ratio,
                ratio_floor: self.limits.ratio_floor,
            }));
        }
        Ok(n)
    }
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
        // Ids are 32 bits, and u32::MAX is "no id" to chown: a larger one would wrap to
        // another owner (2^32 to root).
        if uid >= u32::MAX as u64 || gid >= u32::MAX as u64 {
            return Err(UnpackError::Hostile {
                path: shown.clone(),
                why: format!(
                    "is owned by {uid}:{gid}, which is no id (ids are below {}: a larger one would wrap)",
                    u32::MAX
                ),
            });
        }
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
                if !self.opts.rootless {
                    // Real root's containers in a user namespace (--userns auto) mount
                    // overlay there, which reads only the user.* mark (userxattr).
                    let _ = fsetxattr(dfd.as_fd(), "user.overlay.opaque", b"y");
                }
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
    fn expansion_limits() {
        let d = UnpackLimits::default();
        // 100x the compressed size, never below the floor.
        assert_eq!(d.expansion_limit(Some(10 << 20)), Some(1000 << 20));
        assert_eq!(d.expansion_limit(Some(1024)), Some(512 << 20));
        assert_eq!(d.expansion_limit(Some(0)), Some(512 << 20));
        // A 10 MB gzip bomb (10 GB of zeros) is stopped after a tenth of it.
        let bomb = 10_000_000u64;
        assert!(d.expansion_limit(Some(bomb)).unwrap() < bomb * 1000 / 5);
        // Unknown size: the floor only.
        assert_eq!(d.expansion_limit(None), Some(512 << 20));
        // Ratio 0: no expansion limit; no overflow near u64::MAX.
        assert_eq!(UnpackLimits { max_ratio: 0, ..d }.expansion_limit(Some(1)), None);
        assert_eq!(d.expansion_limit(Some(u64::MAX / 2)), Some(u64::MAX));
    }

    fn scratch(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("ctr-unpack-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// A tar of one file of `len` zeros.
    fn zeros_tar(len: usize) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_gnu();
        h.set_size(len as u64);
        h.set_mode(0o644);
        b.append_data(&mut h, "zeros", io::repeat(0).take(len as u64)).unwrap();
        b.into_inner().unwrap()
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn opts(limits: UnpackLimits) -> UnpackOptions {
        // single_id: no chown, so the test runs as any user.
        UnpackOptions { rootless: true, single_id: true, limits }
    }

    #[test]
    fn an_owner_past_32_bits_is_refused_not_wrapped() {
        // 2^32 would wrap to 0 (root); u32::MAX is chown's "leave it".
        for id in [1u64 << 32, u32::MAX as u64] {
            let dir = scratch("bigid");
            let mut b = tar::Builder::new(Vec::new());
            let mut h = tar::Header::new_gnu();
            h.set_size(1);
            h.set_mode(0o644);
            h.set_uid(id);
            b.append_data(&mut h, "f", &b"x"[..]).unwrap();
            let tar = b.into_inner().unwrap();
            let err = unpack(&tar[..], None, &dir, opts(UnpackLimits::NONE)).unwrap_err().to_string();
            assert!(err.contains("hostile layer") && err.contains(&format!("owned by {id}:0")), "{err}");
            let _ = std::fs::remove_dir_all(&dir);
        }
    }

    #[test]
    fn a_layer_expanding_past_the_limit_is_refused_while_it_is_written() {
        let dir = scratch("expansion");
        let blob = gzip(&zeros_tar(8 << 20));
        let limits = UnpackLimits { reserve: 0, reserve_default: false, max_ratio: 10, ratio_floor: 1 << 20 };
        let limit = (blob.len() as u64 * 10).max(1 << 20);
        let err = unpack(&blob[..], Some(blob.len() as u64), &dir, opts(limits)).unwrap_err();
        let UnpackError::Refused(Refusal::Expansion { compressed, written, limit: l, max_ratio, ratio_floor }) = err
        else {
            panic!("not refused for expansion: {err}");
        };
        assert_eq!((compressed, l, max_ratio, ratio_floor), (Some(blob.len() as u64), limit, 10, 1 << 20));
        // Stopped at the limit, not at the end: the rest was never written.
        assert!(written > limit && written < limit + (1 << 20), "{written} vs {limit}");
        let on_disk = std::fs::metadata(dir.join("zeros")).map(|m| m.len()).unwrap_or(0);
        assert!(on_disk <= limit, "{on_disk} bytes written");
        // The same layer within the limits unpacks whole.
        let dir2 = scratch("expansion-ok");
        let stats = unpack(&blob[..], Some(blob.len() as u64), &dir2, opts(UnpackLimits::NONE)).unwrap();
        assert_eq!(stats.size, 8 << 20);
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&dir2);
    }

    #[test]
    fn multi_member_gzip_is_read_to_its_end_and_metered_across_members() {
        // One tar split over three gzip members (how pigz and bomb makers write them).
        let tar = zeros_tar(3 << 20);
        let (a, rest) = tar.split_at(1000);
        let (b, c) = rest.split_at(2 << 20);
        let blob: Vec<u8> = [gzip(a), gzip(b), gzip(c)].concat();
        let dir = scratch("multi");
        let stats = unpack(&blob[..], Some(blob.len() as u64), &dir, opts(UnpackLimits::NONE)).unwrap();
        assert_eq!(stats.size, 3 << 20);
        assert_eq!(stats.diff_id, digest::of_bytes(&tar));
        let dir2 = scratch("multi-refused");
        let limits = UnpackLimits { reserve: 0, reserve_default: false, max_ratio: 1, ratio_floor: 2 << 20 };
        let err = unpack(&blob[..], Some(blob.len() as u64), &dir2, opts(limits)).unwrap_err();
        assert!(matches!(err, UnpackError::Refused(Refusal::Expansion { limit, .. }) if limit == 2 << 20), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&dir2);
    }

    #[test]
    fn zstd_layers_are_metered_too() {
        let dir = scratch("zstd");
        let blob = zstd::encode_all(&zeros_tar(8 << 20)[..], 19).unwrap();
        let limits = UnpackLimits { reserve: 0, reserve_default: false, max_ratio: 100, ratio_floor: 1 << 20 };
        let err = unpack(&blob[..], Some(blob.len() as u64), &dir, opts(limits)).unwrap_err();
        assert!(matches!(err, UnpackError::Refused(Refusal::Expansion { limit, .. }) if limit == 1 << 20), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_layer_is_refused_when_the_disk_would_keep_less_than_the_reserve() {
        let dir = scratch("reserve");
        let blob = gzip(&zeros_tar(1000));
        let limits = UnpackLimits { reserve: u64::MAX, reserve_default: false, ..UnpackLimits::default() };
        let err = unpack(&blob[..], Some(blob.len() as u64), &dir, opts(limits)).unwrap_err();
        let UnpackError::Refused(Refusal::Reserve { written, free, reserve }) = &err else {
            panic!("not refused for the reserve: {err}");
        };
        assert_eq!((*written, *reserve), (0, u64::MAX), "checked before the first byte");
        assert!(*free > 0);
        let m = err.to_string();
        assert!(m.contains("free on the layer store's file system") && m.contains("CTR_UNPACK_RESERVE"), "{m}");
        assert!(std::fs::read_dir(&dir).unwrap().next().is_none(), "nothing written");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn refusals_say_the_sizes_and_what_to_set() {
        let r = Refusal::Expansion {
            compressed: Some(10 << 20),
            written: (1000 << 20) + 4096,
            limit: 1000 << 20,
            max_ratio: 100,
            ratio_floor: 512 << 20,
        };
        let m = r.to_string();
        for want in [
            "stopped at 1000 MiB uncompressed",
            "over the limit of 1000 MiB",
            "unpack_max_ratio 100 times its 10 MiB compressed size, at least unpack_ratio_floor 512 MiB",
            "CTR_UNPACK_MAX_RATIO",
            "[storage] table of ctr.conf",
        ] {
            assert!(m.contains(want), "{want:?} missing: {m}");
        }
        let r = Refusal::Expansion {
            compressed: None,
            written: 1 << 30,
            limit: 1 << 29,
            max_ratio: 100,
            ratio_floor: 1 << 29,
        };
        assert!(r.to_string().contains("its compressed size is unknown, so unpack_ratio_floor 512 MiB"), "{r}");
        let m = Refusal::Reserve { written: 4 << 20, free: 900 << 20, reserve: 1 << 30 }.to_string();
        for want in ["900 MiB free", "after 4 MiB of it was written", "unpack_reserve 1 GiB", "CTR_UNPACK_RESERVE"] {
            assert!(m.contains(want), "{want:?} missing: {m}");
        }
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
