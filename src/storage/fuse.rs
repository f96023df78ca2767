//! The fuse storage driver: an overlay file system of ctr's own, served with `fuser` by a
//! child of the container's monitor, for kernels or file systems where the kernel's overlay
//! cannot be mounted.
//!
//! Its layers are the store's unpacked layer directories (read-only) and the container's
//! upper directory, in the kernel overlay's on-disk form: a deletion is a 0/0 character
//! device, an opaque directory carries `user.overlay.opaque=y` (`trusted.` as real root).
//! So `ctr diff`, `commit`, `export`, `build` and `system df` read an upper directory the
//! same whichever driver wrote it, and the kernel's overlay can mount it.
//!
//! Every lookup stays inside its layer: paths are opened with openat2(RESOLVE_BENEATH |
//! RESOLVE_NO_SYMLINKS) from the layer's directory fd, and a name is looked up in the
//! layers where its parent is a directory (a symlink on the way is no directory), so
//! nothing in a layer leads out of it. The server runs single-threaded (operations are
//! serialized: a check and the change it guards cannot be raced by the container).
//!
//! Node ids: a directory is known by its path; any other file by the (device, inode) it
//! has on disk, so hard links share a node and `stat` shows them as one inode.

use std::collections::HashMap;
use std::ffi::{CString, OsStr, OsString};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fuser::{
    Errno, FileAttr, FileHandle, FileType, Filesystem, FopenFlags, Generation, INodeNo, KernelConfig, OpenFlags,
    RenameFlags, ReplyAttr, ReplyCreate, ReplyData, ReplyDirectory, ReplyEmpty, ReplyEntry, ReplyOpen, ReplyStatfs,
    ReplyWrite, ReplyXattr, Request, TimeOrNow, WriteFlags,
};
use nix::errno::Errno as NixErrno;
use nix::fcntl::{OFlag, OpenHow, ResolveFlag, openat2};
use nix::sys::stat::{FileStat, Mode, SFlag};

/// How long the kernel may keep names and attributes: every change goes through us (the
/// layers are not touched while the container runs), so long.
const TTL: Duration = Duration::from_secs(30);

/// Opens /dev/fuse for a container's root (the monitor, before the init is cloned).
pub fn open_dev() -> Result<OwnedFd, String> {
    std::fs::OpenOptions::new().read(true).write(true).open("/dev/fuse").map(OwnedFd::from).map_err(|e| {
        format!(
            "the fuse storage driver cannot open /dev/fuse: {e}; make it usable (chmod 0666 /dev/fuse, as udev does) or use --storage-driver vfs"
        )
    })
}

/// The init's part: opens /dev/fuse, mounts it at `target` and sends the fd to the
/// server over the socket `sock`.
pub fn mount_and_send(sock: RawFd, target: &Path) -> Result<(), String> {
    let dev = open_dev()?;
    mount_fd(dev.as_raw_fd(), target).map_err(|e| e.desc().to_string())?;
    let fds = [dev.as_raw_fd()];
    let cmsg = [nix::sys::socket::ControlMessage::ScmRights(&fds)];
    let iov = [std::io::IoSlice::new(b"f")];
    nix::sys::socket::sendmsg::<()>(sock, &iov, &cmsg, nix::sys::socket::MsgFlags::empty(), None)
        .map_err(|e| format!("hand /dev/fuse to the server: {e}"))?;
    Ok(())
}

/// The server's part: the /dev/fuse fd the init mounted.
fn receive_dev(sock: &std::os::unix::net::UnixStream) -> Result<OwnedFd, String> {
    let mut buf = [0u8; 1];
    let mut iov = [std::io::IoSliceMut::new(&mut buf)];
    let mut space = nix::cmsg_space!([RawFd; 1]);
    let msg = nix::sys::socket::recvmsg::<()>(
        sock.as_raw_fd(),
        &mut iov,
        Some(&mut space),
        nix::sys::socket::MsgFlags::MSG_CMSG_CLOEXEC,
    )
    .map_err(|e| format!("receive /dev/fuse from the container: {e}"))?;
    for c in msg.cmsgs().map_err(|e| e.to_string())? {
        if let nix::sys::socket::ControlMessageOwned::ScmRights(fds) = c
            && let Some(&fd) = fds.first()
        {
            // SAFETY: SCM_RIGHTS gave us a new fd we own.
            return Ok(unsafe { OwnedFd::from_raw_fd(fd) });
        }
    }
    Err("the container ended before it mounted its root".into())
}

/// Mounts the FUSE file system served on `fd` at `target` (in the user namespace that
/// opened `fd`).
pub fn mount_fd(fd: RawFd, target: &Path) -> nix::Result<()> {
    let data = format!("fd={fd},rootmode=40000,user_id=0,group_id=0,allow_other,default_permissions");
    nix::mount::mount(Some("ctr-fuse"), target, Some("fuse.ctr"), nix::mount::MsFlags::MS_NODEV, Some(data.as_str()))
}

/// The directories of a container's overlay.
#[derive(Debug, Clone)]
pub struct Layers {
    /// Top first.
    pub lowers: Vec<PathBuf>,
    pub upper: PathBuf,
    pub work: PathBuf,
    /// `user.overlay.` in a user namespace (the kernel's `userxattr`), else `trusted.overlay.`.
    pub xattr_prefix: &'static str,
}

impl Layers {
    pub fn from_spec(spec: &oci_spec::runtime::Spec, rootless: bool) -> Layers {
        use crate::runtime::init::{ANN_LOWER, ANN_UPPER, ANN_WORK};
        let ann = |k: &str| spec.annotations().as_ref().and_then(|a| a.get(k)).cloned().unwrap_or_default();
        Layers {
            lowers: ann(ANN_LOWER).split(':').filter(|l| !l.is_empty()).map(PathBuf::from).collect(),
            upper: PathBuf::from(ann(ANN_UPPER)),
            work: PathBuf::from(ann(ANN_WORK)),
            xattr_prefix: if rootless || !crate::paths::is_root() { "user.overlay." } else { "trusted.overlay." },
        }
    }
}

/// The server process of one container's root (a child of the monitor): killed and
/// reaped when dropped.
pub struct Server {
    pid: nix::unistd::Pid,
    dead: bool,
}

impl Server {
    /// Forks the server: it opens the layer directories (as the user, who can reach them),
    /// joins the user namespace of the container's init `init_pid` (so owners are the
    /// container's ids, as the mount sees them) and serves `dev` until the mount goes.
    pub fn spawn(sock: std::os::unix::net::UnixStream, init_pid: i32, layers: &Layers) -> Result<Server, String> {
        let (r, w) = nix::unistd::pipe().map_err(|e| format!("pipe: {e}"))?;
        // SAFETY: the monitor is single-threaded; the child runs the server and _exits.
        match unsafe { nix::unistd::fork() }.map_err(|e| format!("fork: {e}"))? {
            nix::unistd::ForkResult::Child => {
                drop(r);
                let code = match serve_child(sock, init_pid, layers, w) {
                    Ok(()) => 0,
                    Err(e) => {
                        let _ =
                            std::io::Write::write_all(&mut std::io::stderr(), format!("ctr fuse: {e}\n").as_bytes());
                        1
                    }
                };
                // SAFETY: leave without running the monitor's atexit handlers.
                unsafe { libc::_exit(code) }
            }
            nix::unistd::ForkResult::Parent { child } => {
                drop(w);
                drop(sock);
                // One line: "ok", or why it could not start.
                let mut msg = String::new();
                let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(std::fs::File::from(r)), &mut msg);
                let server = Server { pid: child, dead: false };
                match msg.trim_end() {
                    "ok" => Ok(server),
                    "" => Err("it exited before it was ready".into()),
                    e => Err(e.to_string()),
                }
            }
        }
    }

    pub fn pid(&self) -> i32 {
        self.pid.as_raw()
    }

    /// Whether it has died since the last call: the message for the container's log.
    pub fn died(&mut self) -> Option<String> {
        if self.dead {
            return None;
        }
        use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
        let how = match waitpid(self.pid, Some(WaitPidFlag::WNOHANG)) {
            Ok(WaitStatus::Exited(_, c)) => format!("exited with code {c}"),
            Ok(WaitStatus::Signaled(_, s, _)) => format!("was killed by {s}"),
            _ => return None,
        };
        self.dead = true;
        Some(format!(
            "ctr: the FUSE server of this container's root file system (pid {}) {how}: its files now fail with \"Transport endpoint is not connected\"; remove the container (ctr rm -f) and start it again\n",
            self.pid
        ))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.dead {
            let _ = nix::sys::signal::kill(self.pid, nix::sys::signal::Signal::SIGKILL);
            let _ = nix::sys::wait::waitpid(self.pid, None);
        }
    }
}

fn serve_child(
    sock: std::os::unix::net::UnixStream,
    init_pid: i32,
    layers: &Layers,
    ready: OwnedFd,
) -> Result<(), String> {
    // SAFETY: prctl with constant arguments.
    unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) };
    // Nothing of the monitor's but what we need: a copy of the container's stdin pipe or
    // of a client's socket would keep them open after the monitor closes its own.
    close_fds_but(&[sock.as_raw_fd(), ready.as_raw_fd()]);
    crate::monitor::retitle("ctr-fuse");
    let mut ready = std::fs::File::from(ready);
    let r = (|| -> Result<Fs, String> {
        let open = |p: &Path| {
            nix::fcntl::open(p, OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC, Mode::empty())
                .map_err(|e| format!("open the layer {}: {e}", p.display()))
        };
        let mut roots = vec![open(&layers.upper)?];
        for l in &layers.lowers {
            roots.push(open(l)?);
        }
        let work = open(&layers.work)?;
        // The init's user namespace, unless it is ours (real root without --userns).
        let ns = format!("/proc/{init_pid}/ns/user");
        let same = std::fs::read_link(&ns).ok() == std::fs::read_link("/proc/self/ns/user").ok();
        if !same {
            let f = std::fs::File::open(&ns).map_err(|e| format!("open {ns}: {e}"))?;
            nix::sched::setns(&f, nix::sched::CloneFlags::CLONE_NEWUSER)
                .map_err(|e| format!("join the container's user namespace: {e}"))?;
            nix::unistd::setresgid(0.into(), 0.into(), 0.into()).map_err(|e| format!("setgid: {e}"))?;
            nix::unistd::setresuid(0.into(), 0.into(), 0.into()).map_err(|e| format!("setuid: {e}"))?;
        }
        raise_nofile();
        Ok(Fs::new(roots, work, layers.xattr_prefix))
    })();
    let fs = match r {
        Ok(fs) => fs,
        Err(e) => {
            let _ = std::io::Write::write_all(&mut ready, format!("{e}\n").as_bytes());
            return Err(e);
        }
    };
    let _ = std::io::Write::write_all(&mut ready, b"ok\n");
    drop(ready);
    let dev = receive_dev(&sock)?;
    drop(sock);
    serve(fs, dev)
}

/// Serves `fs` on an open /dev/fuse whose mount is (or is about to be) made.
fn serve(fs: Fs, dev: OwnedFd) -> Result<(), String> {
    let mut config = fuser::Config::default();
    config.acl = fuser::SessionACL::All;
    let session = fuser::Session::from_fd(fs, dev, fuser::SessionACL::All, config)
        .map_err(|e| format!("the FUSE handshake: {e}"))?;
    session.run().map_err(|e| format!("serving: {e}"))
}

/// Closes every fd above stderr but `keep`; stdin and stdout become /dev/null.
fn close_fds_but(keep: &[RawFd]) {
    let fds: Vec<RawFd> = std::fs::read_dir("/proc/self/fd")
        .map(|d| d.flatten().filter_map(|e| e.file_name().to_str().and_then(|n| n.parse().ok())).collect())
        .unwrap_or_default();
    for fd in fds {
        if fd > 2 && !keep.contains(&fd) {
            // SAFETY: closing an fd of this single-threaded child; the list's own dir fd is
            // already closed, so at worst EBADF.
            unsafe { libc::close(fd) };
        }
    }
    if let Ok(null) = std::fs::OpenOptions::new().read(true).write(true).open("/dev/null") {
        // SAFETY: dup2 onto this child's own stdin and stdout.
        unsafe {
            libc::dup2(null.as_raw_fd(), 0);
            libc::dup2(null.as_raw_fd(), 1);
        }
    }
}

fn raise_nofile() {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    if let Ok((_, hard)) = getrlimit(Resource::RLIMIT_NOFILE) {
        let _ = setrlimit(Resource::RLIMIT_NOFILE, hard, hard);
    }
}

/// Mounts the overlay of `layers` at `target` served by a thread of this process (`ctr cp`
/// into a stopped container, in the user and mount namespace it runs in); unmounted when
/// the returned session is dropped.
pub fn mount_here(layers: &Layers, target: &Path) -> Result<BackgroundMount, String> {
    let open = |p: &Path| {
        nix::fcntl::open(p, OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC, Mode::empty())
            .map_err(|e| format!("open the layer {}: {e}", p.display()))
    };
    let mut roots = vec![open(&layers.upper)?];
    for l in &layers.lowers {
        roots.push(open(l)?);
    }
    let fs = Fs::new(roots, open(&layers.work)?, layers.xattr_prefix);
    let dev = open_dev()?;
    mount_fd(dev.as_raw_fd(), target).map_err(|e| format!("mount the FUSE overlay: {e}"))?;
    let mut config = fuser::Config::default();
    config.acl = fuser::SessionACL::All;
    let session = fuser::Session::from_fd(fs, dev, fuser::SessionACL::All, config)
        .map_err(|e| format!("the FUSE handshake: {e}"))?;
    let bg = session.spawn().map_err(|e| format!("the FUSE server thread: {e}"))?;
    Ok(BackgroundMount { target: target.to_path_buf(), _session: bg })
}

pub struct BackgroundMount {
    target: PathBuf,
    _session: fuser::BackgroundSession,
}

impl Drop for BackgroundMount {
    fn drop(&mut self) {
        let _ = nix::mount::umount2(&self.target, nix::mount::MntFlags::MNT_DETACH);
    }
}

// ---------------------------------------------------------------------------------------
// The file system.

const UPPER: usize = 0;

#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Dir(PathBuf),
    Inode(u64, u64),
}

struct Node {
    key: Key,
    /// A path of it in the merged tree, relative ("" is the root).
    path: PathBuf,
    lookups: u64,
    /// The topmost layer it is in (0: the upper directory).
    layer: usize,
    /// A directory: the layers it is a directory in, top-down, cut below an opaque one.
    dirs: Vec<usize>,
}

enum Handle {
    File(std::fs::File),
    Dir(Vec<(u64, FileType, OsString)>),
}

struct State {
    nodes: HashMap<u64, Node>,
    keys: HashMap<Key, u64>,
    next_ino: u64,
    handles: HashMap<u64, Handle>,
    next_fh: u64,
    /// A lower file with hard links that was copied up: (device, inode) below -> its
    /// copy's path. Its other names are copied up as links of that copy (overlay's
    /// `index`, for the server's life), so hard links stay one file.
    index: HashMap<(u64, u64), PathBuf>,
}

pub struct Fs {
    /// 0: the upper directory; 1..: the lower layers, top first.
    roots: Vec<OwnedFd>,
    work: OwnedFd,
    opaque_xattr: CString,
    prefix: &'static str,
    state: Mutex<State>,
    seq: std::sync::atomic::AtomicU64,
}

type R<T> = Result<T, Errno>;

fn errno(e: NixErrno) -> Errno {
    Errno::from_i32(e as i32)
}

fn io_errno(e: std::io::Error) -> Errno {
    Errno::from_i32(e.raw_os_error().unwrap_or(libc::EIO))
}

fn rel_os(p: &Path) -> &OsStr {
    if p.as_os_str().is_empty() { OsStr::new(".") } else { p.as_os_str() }
}

fn cstr(b: &[u8]) -> R<CString> {
    CString::new(b).map_err(|_| Errno::EINVAL)
}

fn is_whiteout(st: &FileStat) -> bool {
    st.st_mode & libc::S_IFMT == libc::S_IFCHR && st.st_rdev == 0
}

fn is_dir(st: &FileStat) -> bool {
    st.st_mode & libc::S_IFMT == libc::S_IFDIR
}

fn kind(mode: u32) -> FileType {
    match mode & libc::S_IFMT {
        libc::S_IFDIR => FileType::Directory,
        libc::S_IFLNK => FileType::Symlink,
        libc::S_IFCHR => FileType::CharDevice,
        libc::S_IFBLK => FileType::BlockDevice,
        libc::S_IFIFO => FileType::NamedPipe,
        libc::S_IFSOCK => FileType::Socket,
        _ => FileType::RegularFile,
    }
}

fn time(s: i64, ns: i64) -> SystemTime {
    if s >= 0 {
        UNIX_EPOCH + Duration::new(s as u64, ns as u32)
    } else {
        UNIX_EPOCH - Duration::from_secs(s.unsigned_abs())
    }
}

fn attr(ino: u64, st: &FileStat) -> FileAttr {
    FileAttr {
        ino: INodeNo(ino),
        size: st.st_size as u64,
        blocks: st.st_blocks as u64,
        atime: time(st.st_atime, st.st_atime_nsec),
        mtime: time(st.st_mtime, st.st_mtime_nsec),
        ctime: time(st.st_ctime, st.st_ctime_nsec),
        crtime: time(st.st_ctime, st.st_ctime_nsec),
        kind: kind(st.st_mode),
        perm: (st.st_mode & 0o7777) as u16,
        nlink: st.st_nlink as u32,
        uid: st.st_uid,
        gid: st.st_gid,
        rdev: st.st_rdev as u32,
        blksize: st.st_blksize as u32,
        flags: 0,
    }
}

fn timespec(t: Option<TimeOrNow>) -> libc::timespec {
    match t {
        None => libc::timespec { tv_sec: 0, tv_nsec: libc::UTIME_OMIT },
        Some(TimeOrNow::Now) => libc::timespec { tv_sec: 0, tv_nsec: libc::UTIME_NOW },
        Some(TimeOrNow::SpecificTime(t)) => {
            let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
            libc::timespec { tv_sec: d.as_secs() as i64, tv_nsec: d.subsec_nanos() as i64 }
        }
    }
}

fn split(p: &Path) -> (&Path, &OsStr) {
    (p.parent().unwrap_or(Path::new("")), p.file_name().unwrap_or(OsStr::new(".")))
}

impl Fs {
    fn new(roots: Vec<OwnedFd>, work: OwnedFd, prefix: &'static str) -> Fs {
        let mut st = State {
            nodes: HashMap::new(),
            keys: HashMap::new(),
            next_ino: 2,
            handles: HashMap::new(),
            next_fh: 1,
            index: HashMap::new(),
        };
        let root_key = Key::Dir(PathBuf::new());
        st.keys.insert(root_key.clone(), 1);
        st.nodes.insert(1, Node { key: root_key, path: PathBuf::new(), lookups: 1, layer: 0, dirs: Vec::new() });
        let fs = Fs {
            roots,
            work,
            opaque_xattr: CString::new(format!("{prefix}opaque")).expect("no NUL"),
            prefix,
            state: Mutex::new(st),
            seq: std::sync::atomic::AtomicU64::new(0),
        };
        let all: Vec<usize> = (0..fs.roots.len()).collect();
        let dirs = fs.dir_layers(Path::new(""), 0, &all);
        if let Some(n) = fs.state.lock().expect("fresh lock").nodes.get_mut(&1) {
            n.dirs = dirs;
        }
        fs
    }

    /// Opens `rel` in layer `l` (never following a symlink, never leaving the layer).
    fn open_in(&self, l: usize, rel: &Path, flags: OFlag) -> nix::Result<OwnedFd> {
        let how = OpenHow::new().flags(flags | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC).resolve(
            ResolveFlag::RESOLVE_BENEATH | ResolveFlag::RESOLVE_NO_SYMLINKS | ResolveFlag::RESOLVE_NO_MAGICLINKS,
        );
        openat2(&self.roots[l], rel_os(rel), how)
    }

    fn stat_in(&self, l: usize, rel: &Path) -> Option<FileStat> {
        let fd = self.open_in(l, rel, OFlag::O_PATH).ok()?;
        nix::sys::stat::fstat(&fd).ok()
    }

    fn is_opaque(&self, l: usize, rel: &Path) -> bool {
        let Ok(fd) = self.open_in(l, rel, OFlag::O_RDONLY | OFlag::O_DIRECTORY) else { return false };
        let mut b = [0u8; 4];
        // SAFETY: fgetxattr into a buffer of the length given.
        let n = unsafe { libc::fgetxattr(fd.as_raw_fd(), self.opaque_xattr.as_ptr(), b.as_mut_ptr().cast(), b.len()) };
        n == 1 && b[0] == b'y'
    }

    /// The layers `rel` is a directory in, from `first` (where it was found) on down the
    /// parent's `candidates`, stopping at an opaque one, a whiteout or a non-directory.
    fn dir_layers(&self, rel: &Path, first: usize, candidates: &[usize]) -> Vec<usize> {
        let mut out = Vec::new();
        for &l in candidates.iter().filter(|&&l| l >= first) {
            match self.stat_in(l, rel) {
                None => continue,
                Some(st) if is_dir(&st) => {
                    out.push(l);
                    if self.is_opaque(l, rel) {
                        break;
                    }
                }
                Some(_) => break,
            }
        }
        out
    }

    /// Where `name` in the directory node `parent` is: (layer, stat, its dir layers).
    fn resolve(&self, parent_dirs: &[usize], rel: &Path) -> R<(usize, FileStat, Vec<usize>)> {
        let mut cands: Vec<usize> = parent_dirs.to_vec();
        if cands.first() != Some(&UPPER) {
            cands.insert(0, UPPER);
        }
        for &l in &cands {
            let Some(st) = self.stat_in(l, rel) else { continue };
            if is_whiteout(&st) {
                return Err(Errno::ENOENT);
            }
            let dirs = if is_dir(&st) { self.dir_layers(rel, l, &cands) } else { Vec::new() };
            return Ok((l, st, dirs));
        }
        Err(Errno::ENOENT)
    }

    fn node_info(&self, ino: u64) -> R<(PathBuf, usize, Vec<usize>)> {
        let st = self.state.lock().map_err(|_| Errno::EIO)?;
        let n = st.nodes.get(&ino).ok_or(Errno::ENOENT)?;
        Ok((n.path.clone(), n.layer, n.dirs.clone()))
    }

    /// Records a looked-up entry and returns its node id.
    fn remember(&self, rel: &Path, layer: usize, stat: &FileStat, dirs: Vec<usize>) -> u64 {
        let key = if is_dir(stat) { Key::Dir(rel.to_path_buf()) } else { Key::Inode(stat.st_dev, stat.st_ino) };
        let mut st = self.state.lock().expect("lock");
        if let Some(&ino) = st.keys.get(&key) {
            let n = st.nodes.get_mut(&ino).expect("keyed node");
            n.lookups += 1;
            n.path = rel.to_path_buf();
            n.layer = layer;
            n.dirs = dirs;
            return ino;
        }
        let ino = st.next_ino;
        st.next_ino += 1;
        st.keys.insert(key.clone(), ino);
        st.nodes.insert(ino, Node { key, path: rel.to_path_buf(), lookups: 1, layer, dirs });
        ino
    }

    fn lookup_entry(&self, parent: u64, name: &OsStr) -> R<FileAttr> {
        let (ppath, _, pdirs) = self.node_info(parent)?;
        let rel = ppath.join(name);
        let (mut l, mut stat, mut dirs) = self.resolve(&pdirs, &rel)?;
        if l != UPPER && !is_dir(&stat) && stat.st_nlink > 1 && self.indexed(&stat) {
            // Another name of this file was copied up: this one joins it.
            self.copy_up_path(&rel)?;
            (l, stat, dirs) = self.resolve(&pdirs, &rel)?;
        }
        let ino = self.remember(&rel, l, &stat, dirs);
        Ok(attr(ino, &stat))
    }

    fn indexed(&self, st: &FileStat) -> bool {
        self.state.lock().is_ok_and(|s| s.index.contains_key(&(st.st_dev, st.st_ino)))
    }

    fn stat_node(&self, ino: u64) -> R<FileStat> {
        let (path, layer, _) = self.node_info(ino)?;
        let fd = self.open_in(layer, &path, OFlag::O_PATH).map_err(errno)?;
        nix::sys::stat::fstat(&fd).map_err(errno)
    }

    fn tmp_name(&self) -> CString {
        let n = self.seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        CString::new(format!("ctr-copyup-{}-{n}", std::process::id())).expect("no NUL")
    }

    /// The upper directory's fd of the merged directory `rel`, copied up first.
    fn upper_dir(&self, rel: &Path) -> R<OwnedFd> {
        self.copy_up_path(rel)?;
        self.open_in(UPPER, rel, OFlag::O_PATH | OFlag::O_DIRECTORY).map_err(errno)
    }

    /// Copies `rel` (and its parents) up into the upper directory if it is not there.
    fn copy_up_path(&self, rel: &Path) -> R<()> {
        if self.stat_in(UPPER, rel).is_some() {
            return Ok(());
        }
        let (parent, name) = split(rel);
        let pfd = self.upper_dir(parent)?;
        // Where it is now, below.
        let mut layer = None;
        for l in 1..self.roots.len() {
            if let Some(st) = self.stat_in(l, rel) {
                layer = Some((l, st));
                break;
            }
        }
        let (l, st) = layer.ok_or(Errno::ENOENT)?;
        let linked = !is_dir(&st) && st.st_nlink > 1;
        let copy = if linked {
            self.state.lock().map_err(|_| Errno::EIO)?.index.get(&(st.st_dev, st.st_ino)).cloned()
        } else {
            None
        };
        let joined = match copy {
            Some(first) => {
                let (fp, fname) = split(&first);
                let fpfd = self.open_in(UPPER, fp, OFlag::O_PATH | OFlag::O_DIRECTORY).map_err(errno)?;
                let (a, b) = (cstr(fname.as_bytes())?, cstr(name.as_bytes())?);
                // SAFETY: linkat between two upper dir fds of ours.
                unsafe { libc::linkat(fpfd.as_raw_fd(), a.as_ptr(), pfd.as_raw_fd(), b.as_ptr(), 0) == 0 }
            }
            None => false,
        };
        if !joined {
            self.copy_one(l, rel, &st, &pfd, name, &mut HashMap::new())?;
            if linked {
                self.state.lock().map_err(|_| Errno::EIO)?.index.insert((st.st_dev, st.st_ino), rel.to_path_buf());
            }
        }
        // The node (if any) now lives in the upper directory.
        let mut s = self.state.lock().map_err(|_| Errno::EIO)?;
        let ups: Vec<u64> = s.nodes.iter().filter(|(_, n)| n.path == rel).map(|(i, _)| *i).collect();
        for ino in ups {
            let key = if is_dir(&st) {
                None
            } else {
                self.open_in(UPPER, rel, OFlag::O_PATH)
                    .ok()
                    .and_then(|fd| nix::sys::stat::fstat(&fd).ok())
                    .map(|u| Key::Inode(u.st_dev, u.st_ino))
            };
            let n = s.nodes.get_mut(&ino).expect("listed");
            n.layer = UPPER;
            if is_dir(&st) && n.dirs.first() != Some(&UPPER) {
                n.dirs.insert(0, UPPER);
            }
            if let Some(k) = key {
                let old = std::mem::replace(&mut n.key, k.clone());
                s.keys.remove(&old);
                s.keys.insert(k, ino);
            }
        }
        Ok(())
    }

    /// Copies the entry `rel` of layer `l` to `name` in the upper directory `pfd`: data
    /// (reflinked where it can be), owner, mode, times, xattrs; a directory without its
    /// entries unless `deep`. `links` keeps hard links within one copy together.
    fn copy_one(
        &self,
        l: usize,
        rel: &Path,
        st: &FileStat,
        pfd: &OwnedFd,
        name: &OsStr,
        links: &mut HashMap<(u64, u64), (RawFd, CString)>,
    ) -> R<()> {
        let cname = cstr(name.as_bytes())?;
        let tmp = self.tmp_name();
        let work = self.work.as_raw_fd();
        let mode = st.st_mode & 0o7777;
        match st.st_mode & libc::S_IFMT {
            libc::S_IFDIR => {
                nix::sys::stat::mkdirat(&self.work, tmp.as_c_str(), Mode::from_bits_truncate(0o700)).map_err(errno)?;
            }
            libc::S_IFREG => {
                if st.st_nlink > 1
                    && let Some((dfd, n)) = links.get(&(st.st_dev, st.st_ino))
                {
                    // SAFETY: linkat between two dir fds we hold, names as C strings.
                    let r = unsafe { libc::linkat(*dfd, n.as_ptr(), pfd.as_raw_fd(), cname.as_ptr(), 0) };
                    return if r == 0 { Ok(()) } else { Err(io_errno(std::io::Error::last_os_error())) };
                }
                let src = self.open_in(l, rel, OFlag::O_RDONLY).map_err(errno)?;
                // SAFETY: openat in the work dir with a fresh name.
                let dst = unsafe {
                    libc::openat(
                        work,
                        tmp.as_ptr(),
                        libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | libc::O_CLOEXEC,
                        0o600,
                    )
                };
                if dst < 0 {
                    return Err(io_errno(std::io::Error::last_os_error()));
                }
                // SAFETY: openat returned a new fd we own.
                let dst = unsafe { OwnedFd::from_raw_fd(dst) };
                copy_data(&src, &dst, st.st_size as u64)?;
                copy_xattrs(src.as_raw_fd(), dst.as_raw_fd(), self.prefix);
            }
            libc::S_IFLNK => {
                let target = self.readlink_in(l, rel)?;
                let t = cstr(&target)?;
                // SAFETY: symlinkat with C strings and our work dir fd.
                if unsafe { libc::symlinkat(t.as_ptr(), work, tmp.as_ptr()) } != 0 {
                    return Err(io_errno(std::io::Error::last_os_error()));
                }
            }
            _ => {
                // SAFETY: mknodat with the lower entry's type and device.
                if unsafe { libc::mknodat(work, tmp.as_ptr(), st.st_mode, st.st_rdev) } != 0 {
                    return Err(io_errno(std::io::Error::last_os_error()));
                }
            }
        }
        let fail = |e: Errno| {
            // SAFETY: removing our own temporary entry.
            unsafe {
                if libc::unlinkat(work, tmp.as_ptr(), 0) != 0 {
                    libc::unlinkat(work, tmp.as_ptr(), libc::AT_REMOVEDIR);
                }
            }
            e
        };
        let meta = || -> R<()> {
            // SAFETY: *at calls on our work dir fd with C strings.
            unsafe {
                if libc::fchownat(work, tmp.as_ptr(), st.st_uid, st.st_gid, libc::AT_SYMLINK_NOFOLLOW) != 0 {
                    return Err(io_errno(std::io::Error::last_os_error()));
                }
                if st.st_mode & libc::S_IFMT != libc::S_IFLNK && libc::fchmodat(work, tmp.as_ptr(), mode, 0) != 0 {
                    return Err(io_errno(std::io::Error::last_os_error()));
                }
            }
            Ok(())
        };
        meta().map_err(fail)?;
        if st.st_mode & libc::S_IFMT == libc::S_IFDIR
            && let Ok(src) = self.open_in(l, rel, OFlag::O_RDONLY | OFlag::O_DIRECTORY)
            && let Ok(dst) = nix::fcntl::openat(
                &self.work,
                tmp.as_c_str(),
                OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
                Mode::empty(),
            )
        {
            copy_xattrs(src.as_raw_fd(), dst.as_raw_fd(), self.prefix);
        }
        let times = [
            libc::timespec { tv_sec: st.st_atime, tv_nsec: st.st_atime_nsec },
            libc::timespec { tv_sec: st.st_mtime, tv_nsec: st.st_mtime_nsec },
        ];
        // SAFETY: utimensat on our temporary entry.
        unsafe { libc::utimensat(work, tmp.as_ptr(), times.as_ptr(), libc::AT_SYMLINK_NOFOLLOW) };
        // SAFETY: renameat from our work dir into the upper parent, both fds ours.
        if unsafe { libc::renameat(work, tmp.as_ptr(), pfd.as_raw_fd(), cname.as_ptr()) } != 0 {
            return Err(fail(io_errno(std::io::Error::last_os_error())));
        }
        if st.st_mode & libc::S_IFMT == libc::S_IFREG && st.st_nlink > 1 {
            let dfd = nix::unistd::dup(pfd).map_err(errno)?;
            links.insert((st.st_dev, st.st_ino), (std::mem::ManuallyDrop::new(dfd).as_raw_fd(), cname));
        }
        Ok(())
    }

    /// Copies the merged directory `rel` and everything in it up (a rename of a directory
    /// from a lower layer): what is only below is copied, hard links kept together.
    fn copy_up_tree(&self, rel: &Path, links: &mut HashMap<(u64, u64), (RawFd, CString)>) -> R<()> {
        self.copy_up_path(rel)?;
        let (_, _, dirs) = self.resolve_path(rel)?;
        for (name, _, _) in self.merged_entries(rel, &dirs)? {
            let child = rel.join(&name);
            let (l, st, _) = self.resolve(&dirs, &child)?;
            if is_dir(&st) {
                self.copy_up_tree(&child, links)?;
            } else if l != UPPER {
                let pfd = self.open_in(UPPER, rel, OFlag::O_PATH | OFlag::O_DIRECTORY).map_err(errno)?;
                self.copy_one(l, &child, &st, &pfd, &name, links)?;
            }
        }
        Ok(())
    }

    /// Resolves a whole merged path from the root.
    fn resolve_path(&self, rel: &Path) -> R<(usize, FileStat, Vec<usize>)> {
        let (_, _, mut dirs) = self.node_info(1)?;
        let mut cur = PathBuf::new();
        let mut last = None;
        for c in rel.components() {
            cur.push(c);
            let r = self.resolve(&dirs, &cur)?;
            dirs = r.2.clone();
            last = Some(r);
        }
        match last {
            Some(r) => Ok(r),
            None => {
                let st = self.stat_in(UPPER, Path::new("")).ok_or(Errno::EIO)?;
                Ok((UPPER, st, dirs))
            }
        }
    }

    fn readlink_in(&self, l: usize, rel: &Path) -> R<Vec<u8>> {
        let (parent, name) = split(rel);
        let pfd = self.open_in(l, parent, OFlag::O_PATH | OFlag::O_DIRECTORY).map_err(errno)?;
        nix::fcntl::readlinkat(&pfd, name).map(|t| t.into_vec()).map_err(errno)
    }

    /// A merged directory's entries: (name, inode, type), whiteouts and opaque dirs applied.
    fn merged_entries(&self, rel: &Path, dirs: &[usize]) -> R<Vec<(OsString, u64, FileType)>> {
        let mut seen: std::collections::HashSet<OsString> = std::collections::HashSet::new();
        let mut out = Vec::new();
        let mut layers: Vec<usize> = dirs.to_vec();
        if layers.first() != Some(&UPPER) && self.stat_in(UPPER, rel).is_some_and(|s| is_dir(&s)) {
            layers.insert(0, UPPER);
        }
        for l in layers {
            let Ok(fd) = self.open_in(l, rel, OFlag::O_RDONLY | OFlag::O_DIRECTORY) else { continue };
            let mut d = nix::dir::Dir::from_fd(fd).map_err(errno)?;
            for e in d.iter().flatten() {
                let name = OsStr::from_bytes(e.file_name().to_bytes()).to_os_string();
                if name == "." || name == ".." || !seen.insert(name.clone()) {
                    continue;
                }
                let ft = match e.file_type() {
                    Some(nix::dir::Type::Directory) => FileType::Directory,
                    Some(nix::dir::Type::Symlink) => FileType::Symlink,
                    Some(nix::dir::Type::CharacterDevice) => {
                        // A whiteout hides the name below.
                        if self.stat_in(l, &rel.join(&name)).is_some_and(|s| is_whiteout(&s)) {
                            continue;
                        }
                        FileType::CharDevice
                    }
                    Some(nix::dir::Type::BlockDevice) => FileType::BlockDevice,
                    Some(nix::dir::Type::Fifo) => FileType::NamedPipe,
                    Some(nix::dir::Type::Socket) => FileType::Socket,
                    _ => FileType::RegularFile,
                };
                out.push((name, e.ino(), ft));
            }
        }
        Ok(out)
    }

    /// Is anything of `rel` in a layer below the upper directory (so deleting it needs a
    /// whiteout)?
    fn in_lower(&self, parent_dirs: &[usize], rel: &Path) -> bool {
        parent_dirs.iter().filter(|&&l| l != UPPER).any(|&l| self.stat_in(l, rel).is_some())
    }

    /// Removes `name` from the upper directory `pfd` if it is there (a directory with its
    /// whiteouts inside, which is all an empty merged directory may hold).
    fn remove_upper(&self, pfd: &OwnedFd, name: &CString) -> R<()> {
        let st = match nix::sys::stat::fstatat(pfd, name.as_c_str(), nix::fcntl::AtFlags::AT_SYMLINK_NOFOLLOW) {
            Ok(s) => s,
            Err(NixErrno::ENOENT) => return Ok(()),
            Err(e) => return Err(errno(e)),
        };
        if is_dir(&st) {
            let dfd = nix::fcntl::openat(
                pfd,
                name.as_c_str(),
                OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
                Mode::empty(),
            )
            .map_err(errno)?;
            let names: Vec<CString> = nix::dir::Dir::from_fd(dfd.try_clone().map_err(io_errno)?)
                .map_err(errno)?
                .iter()
                .flatten()
                .map(|e| e.file_name().to_owned())
                .filter(|n| n.as_bytes() != b"." && n.as_bytes() != b"..")
                .collect();
            for n in names {
                let s = nix::sys::stat::fstatat(&dfd, n.as_c_str(), nix::fcntl::AtFlags::AT_SYMLINK_NOFOLLOW)
                    .map_err(errno)?;
                if !is_whiteout(&s) {
                    return Err(Errno::ENOTEMPTY);
                }
                nix::unistd::unlinkat(&dfd, n.as_c_str(), nix::unistd::UnlinkatFlags::NoRemoveDir).map_err(errno)?;
            }
            nix::unistd::unlinkat(pfd, name.as_c_str(), nix::unistd::UnlinkatFlags::RemoveDir).map_err(errno)
        } else {
            nix::unistd::unlinkat(pfd, name.as_c_str(), nix::unistd::UnlinkatFlags::NoRemoveDir).map_err(errno)
        }
    }

    fn whiteout(&self, pfd: &OwnedFd, name: &CString) -> R<()> {
        nix::sys::stat::mknodat(pfd, name.as_c_str(), SFlag::S_IFCHR, Mode::empty(), 0).map_err(errno)
    }

    fn set_opaque(&self, pfd: &OwnedFd, name: &CString) -> R<()> {
        let fd = nix::fcntl::openat(
            pfd,
            name.as_c_str(),
            OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
            Mode::empty(),
        )
        .map_err(errno)?;
        // SAFETY: fsetxattr with a one-byte value.
        if unsafe { libc::fsetxattr(fd.as_raw_fd(), self.opaque_xattr.as_ptr(), b"y".as_ptr().cast(), 1, 0) } != 0 {
            return Err(io_errno(std::io::Error::last_os_error()));
        }
        Ok(())
    }

    /// Makes a new entry `name` in `parent` with `make` (given the upper parent fd and the
    /// name), owned by the caller, in place of a whiteout; returns its attributes.
    fn create_entry(
        &self,
        req: &Request,
        parent: u64,
        name: &OsStr,
        make: impl FnOnce(&OwnedFd, &CString, u32) -> R<()>,
    ) -> R<FileAttr> {
        let (ppath, _, pdirs) = self.node_info(parent)?;
        let rel = ppath.join(name);
        if self.resolve(&pdirs, &rel).is_ok() {
            return Err(Errno::EEXIST);
        }
        let pfd = self.upper_dir(&ppath)?;
        let cname = cstr(name.as_bytes())?;
        // A whiteout here: the new entry replaces it; a directory hides what is below.
        let replaced = self.in_lower(&pdirs, &rel);
        self.remove_upper(&pfd, &cname)?;
        let pst = nix::sys::stat::fstat(&pfd).map_err(errno)?;
        let gid = if pst.st_mode & libc::S_ISGID != 0 { pst.st_gid } else { req.gid() };
        make(&pfd, &cname, pst.st_mode & libc::S_ISGID)?;
        // SAFETY: fchownat on the entry we just made.
        unsafe { libc::fchownat(pfd.as_raw_fd(), cname.as_ptr(), req.uid(), gid, libc::AT_SYMLINK_NOFOLLOW) };
        let st =
            nix::sys::stat::fstatat(&pfd, cname.as_c_str(), nix::fcntl::AtFlags::AT_SYMLINK_NOFOLLOW).map_err(errno)?;
        let dirs = if is_dir(&st) {
            if replaced {
                self.set_opaque(&pfd, &cname)?;
            }
            vec![UPPER]
        } else {
            Vec::new()
        };
        let ino = self.remember(&rel, UPPER, &st, dirs);
        Ok(attr(ino, &st))
    }

    fn open_file(&self, ino: u64, flags: i32) -> R<std::fs::File> {
        let acc = flags & libc::O_ACCMODE;
        let writes = acc != libc::O_RDONLY || flags & libc::O_TRUNC != 0;
        let (path, mut layer, _) = self.node_info(ino)?;
        if writes && layer != UPPER {
            self.copy_up_path(&path)?;
            layer = UPPER;
        }
        let keep = flags
            & (libc::O_ACCMODE | libc::O_APPEND | libc::O_TRUNC | libc::O_SYNC | libc::O_DSYNC | libc::O_NONBLOCK);
        let fd = self.open_in(layer, &path, OFlag::from_bits_truncate(keep)).map_err(errno)?;
        Ok(std::fs::File::from(fd))
    }

    fn new_handle(&self, h: Handle) -> u64 {
        let mut s = self.state.lock().expect("lock");
        let fh = s.next_fh;
        s.next_fh += 1;
        s.handles.insert(fh, h);
        fh
    }

    fn with_file<T>(&self, fh: u64, f: impl FnOnce(&std::fs::File) -> std::io::Result<T>) -> R<T> {
        let s = self.state.lock().map_err(|_| Errno::EIO)?;
        match s.handles.get(&fh) {
            Some(Handle::File(file)) => f(file).map_err(io_errno),
            _ => Err(Errno::EBADF),
        }
    }

    /// An fd for f*xattr calls on a regular file or directory (opened inside its layer,
    /// never by an absolute path: a process serving its own root, as `ctr cp`'s does after
    /// its chroot, would ask itself). Other kinds have no extended attributes of their
    /// own here (a symlink's or a device's would need a path): None.
    fn xattr_fd(&self, layer: usize, rel: &Path) -> R<Option<OwnedFd>> {
        let st = self.stat_in(layer, rel).ok_or(Errno::ENOENT)?;
        let extra = match st.st_mode & libc::S_IFMT {
            libc::S_IFREG => OFlag::empty(),
            libc::S_IFDIR => OFlag::O_DIRECTORY,
            _ => return Ok(None),
        };
        self.open_in(layer, rel, OFlag::O_RDONLY | OFlag::O_NONBLOCK | extra).map(Some).map_err(errno)
    }

    fn rename_entry(&self, parent: u64, name: &OsStr, newparent: u64, newname: &OsStr, flags: RenameFlags) -> R<()> {
        if flags.contains(RenameFlags::RENAME_EXCHANGE) || flags.contains(RenameFlags::RENAME_WHITEOUT) {
            return Err(Errno::EINVAL);
        }
        let (ppath, _, pdirs) = self.node_info(parent)?;
        let (npath, _, ndirs) = self.node_info(newparent)?;
        let from = ppath.join(name);
        let to = npath.join(newname);
        if to.starts_with(&from) && to != from {
            return Err(Errno::EINVAL);
        }
        let (sl, sst, _) = self.resolve(&pdirs, &from)?;
        let dest = self.resolve(&ndirs, &to).ok();
        if let Some((_, dst, ddirs)) = &dest {
            if flags.contains(RenameFlags::RENAME_NOREPLACE) {
                return Err(Errno::EEXIST);
            }
            match (is_dir(&sst), is_dir(dst)) {
                (true, false) => return Err(Errno::ENOTDIR),
                (false, true) => return Err(Errno::EISDIR),
                (true, true) if !self.merged_entries(&to, ddirs)?.is_empty() => return Err(Errno::ENOTEMPTY),
                _ => {}
            }
        }
        // The source, wholly in the upper directory.
        let from_lower = self.in_lower(&pdirs, &from);
        if is_dir(&sst) && (sl != UPPER || from_lower) {
            self.copy_up_tree(&from, &mut HashMap::new())?;
        } else {
            self.copy_up_path(&from)?;
        }
        let spfd = self.upper_dir(&ppath)?;
        let dpfd = self.upper_dir(&npath)?;
        let (sname, dname) = (cstr(name.as_bytes())?, cstr(newname.as_bytes())?);
        let to_lower = self.in_lower(&ndirs, &to);
        self.remove_upper(&dpfd, &dname)?;
        // SAFETY: renameat between two upper dir fds.
        if unsafe { libc::renameat(spfd.as_raw_fd(), sname.as_ptr(), dpfd.as_raw_fd(), dname.as_ptr()) } != 0 {
            return Err(io_errno(std::io::Error::last_os_error()));
        }
        if is_dir(&sst) && to_lower {
            // What was below the new name stays hidden.
            self.set_opaque(&dpfd, &dname)?;
        }
        if from_lower {
            self.whiteout(&spfd, &sname)?;
        }
        // Nodes under the old name move.
        let mut s = self.state.lock().map_err(|_| Errno::EIO)?;
        let moved: Vec<u64> = s.nodes.iter().filter(|(_, n)| n.path.starts_with(&from)).map(|(i, _)| *i).collect();
        for ino in moved {
            let n = s.nodes.get_mut(&ino).expect("listed");
            let rest = n.path.strip_prefix(&from).map(Path::to_path_buf).unwrap_or_default();
            let newp = if rest.as_os_str().is_empty() { to.clone() } else { to.join(rest) };
            n.path = newp.clone();
            n.layer = UPPER;
            if matches!(n.key, Key::Dir(_)) {
                n.dirs = vec![UPPER];
                let old = std::mem::replace(&mut n.key, Key::Dir(newp));
                let k = n.key.clone();
                s.keys.remove(&old);
                s.keys.insert(k, ino);
            }
        }
        Ok(())
    }

    fn remove_entry(&self, parent: u64, name: &OsStr, dir: bool) -> R<()> {
        let (ppath, _, pdirs) = self.node_info(parent)?;
        let rel = ppath.join(name);
        let (_, st, dirs) = self.resolve(&pdirs, &rel)?;
        match (dir, is_dir(&st)) {
            (true, false) => return Err(Errno::ENOTDIR),
            (false, true) => return Err(Errno::EISDIR),
            (true, true) if !self.merged_entries(&rel, &dirs)?.is_empty() => return Err(Errno::ENOTEMPTY),
            _ => {}
        }
        let lower = self.in_lower(&pdirs, &rel);
        let pfd = self.upper_dir(&ppath)?;
        let cname = cstr(name.as_bytes())?;
        self.remove_upper(&pfd, &cname)?;
        if lower {
            self.whiteout(&pfd, &cname)?;
        }
        if dir {
            let mut s = self.state.lock().map_err(|_| Errno::EIO)?;
            s.keys.remove(&Key::Dir(rel));
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn setattr_inner(
        &self,
        ino: u64,
        mode: Option<u32>,
        uid: Option<u32>,
        gid: Option<u32>,
        size: Option<u64>,
        atime: Option<TimeOrNow>,
        mtime: Option<TimeOrNow>,
        fh: Option<FileHandle>,
    ) -> R<FileAttr> {
        let (path, _, _) = self.node_info(ino)?;
        self.copy_up_path(&path)?;
        let (parent, name) = split(&path);
        let pfd = self.open_in(UPPER, parent, OFlag::O_PATH | OFlag::O_DIRECTORY).map_err(errno)?;
        let cname = cstr(name.as_bytes())?;
        let root = path.as_os_str().is_empty();
        let (dfd, cn) = if root {
            (self.roots[UPPER].try_clone().map_err(io_errno)?, CString::new(".").expect("no NUL"))
        } else {
            (pfd, cname)
        };
        let check = |r: libc::c_int| if r == 0 { Ok(()) } else { Err(io_errno(std::io::Error::last_os_error())) };
        // SAFETY (each block): *at calls on an upper dir fd of ours and a C string name.
        if uid.is_some() || gid.is_some() {
            check(unsafe {
                libc::fchownat(
                    dfd.as_raw_fd(),
                    cn.as_ptr(),
                    uid.unwrap_or(u32::MAX),
                    gid.unwrap_or(u32::MAX),
                    libc::AT_SYMLINK_NOFOLLOW,
                )
            })?;
        }
        if let Some(m) = mode {
            check(unsafe { libc::fchmodat(dfd.as_raw_fd(), cn.as_ptr(), m & 0o7777, 0) })?;
        }
        if let Some(sz) = size {
            match fh {
                Some(FileHandle(h)) if self.with_file(h, |f| f.set_len(sz)).is_ok() => {}
                _ => {
                    let fd = self.open_in(UPPER, &path, OFlag::O_WRONLY).map_err(errno)?;
                    std::fs::File::from(fd).set_len(sz).map_err(io_errno)?;
                }
            }
        }
        if atime.is_some() || mtime.is_some() {
            let t = [timespec(atime), timespec(mtime)];
            check(unsafe { libc::utimensat(dfd.as_raw_fd(), cn.as_ptr(), t.as_ptr(), libc::AT_SYMLINK_NOFOLLOW) })?;
        }
        let st =
            nix::sys::stat::fstatat(&dfd, cn.as_c_str(), nix::fcntl::AtFlags::AT_SYMLINK_NOFOLLOW).map_err(errno)?;
        Ok(attr(ino, &st))
    }
}

/// Copies a file's data: a reflink where the file system has them, else copy_file_range.
fn copy_data(src: &OwnedFd, dst: &OwnedFd, size: u64) -> R<()> {
    // SAFETY: FICLONE between two fds we own; fails harmlessly without reflinks.
    if unsafe { libc::ioctl(dst.as_raw_fd(), libc::FICLONE, src.as_raw_fd()) } == 0 {
        return Ok(());
    }
    let mut left = size;
    while left > 0 {
        // SAFETY: copy_file_range between our two fds at their own offsets.
        let n = unsafe {
            libc::copy_file_range(
                src.as_raw_fd(),
                std::ptr::null_mut(),
                dst.as_raw_fd(),
                std::ptr::null_mut(),
                left.min(1 << 30) as usize,
                0,
            )
        };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if matches!(e.raw_os_error(), Some(libc::EXDEV | libc::ENOSYS | libc::EINVAL)) {
                let mut r = std::fs::File::from(src.try_clone().map_err(io_errno)?);
                let mut w = std::fs::File::from(dst.try_clone().map_err(io_errno)?);
                std::io::copy(&mut r, &mut w).map_err(io_errno)?;
                return Ok(());
            }
            return Err(io_errno(e));
        }
        if n == 0 {
            break;
        }
        left -= n as u64;
    }
    Ok(())
}

/// The extended attributes of one fd onto another, but overlay's own (`prefix`).
fn copy_xattrs(src: RawFd, dst: RawFd, prefix: &str) {
    let mut names = vec![0u8; 64 * 1024];
    // SAFETY: flistxattr into a buffer of the length given.
    let n = unsafe { libc::flistxattr(src, names.as_mut_ptr().cast(), names.len()) };
    if n <= 0 {
        return;
    }
    let mut value = vec![0u8; 64 * 1024];
    for name in names[..n as usize].split(|&b| b == 0).filter(|n| !n.is_empty()) {
        if name.starts_with(prefix.as_bytes()) {
            continue;
        }
        let Ok(c) = CString::new(name) else { continue };
        // SAFETY: fgetxattr into a buffer of the length given; fsetxattr of what it read.
        unsafe {
            let len = libc::fgetxattr(src, c.as_ptr(), value.as_mut_ptr().cast(), value.len());
            if len >= 0 {
                libc::fsetxattr(dst, c.as_ptr(), value.as_ptr().cast(), len as usize, 0);
            }
        }
    }
}

impl Filesystem for Fs {
    fn init(&mut self, _req: &Request, config: &mut KernelConfig) -> std::io::Result<()> {
        let _ = config.set_max_readahead(1 << 20);
        let _ = config.set_max_write(1 << 20);
        Ok(())
    }

    fn lookup(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEntry) {
        match self.lookup_entry(parent.0, name) {
            Ok(a) => reply.entry(&TTL, &a, Generation(0)),
            Err(e) => reply.error(e),
        }
    }

    fn forget(&self, _req: &Request, ino: INodeNo, nlookup: u64) {
        if ino.0 == 1 {
            return;
        }
        let mut s = self.state.lock().expect("lock");
        let gone = match s.nodes.get_mut(&ino.0) {
            Some(n) => {
                n.lookups = n.lookups.saturating_sub(nlookup);
                n.lookups == 0
            }
            None => false,
        };
        if gone
            && let Some(n) = s.nodes.remove(&ino.0)
            && s.keys.get(&n.key) == Some(&ino.0)
        {
            s.keys.remove(&n.key);
        }
    }

    fn getattr(&self, _req: &Request, ino: INodeNo, fh: Option<FileHandle>, reply: ReplyAttr) {
        if let Some(FileHandle(h)) = fh
            && let Ok(st) = self.with_file(h, |f| nix::sys::stat::fstat(f).map_err(std::io::Error::from))
        {
            return reply.attr(&TTL, &attr(ino.0, &st));
        }
        match self.stat_node(ino.0) {
            Ok(st) => reply.attr(&TTL, &attr(ino.0, &st)),
            Err(e) => reply.error(e),
        }
    }

    fn setattr(
        &self,
        _req: &Request,
        ino: INodeNo,
        mode: Option<u32>,
        uid: Option<u32>,
        gid: Option<u32>,
        size: Option<u64>,
        atime: Option<TimeOrNow>,
        mtime: Option<TimeOrNow>,
        _ctime: Option<SystemTime>,
        fh: Option<FileHandle>,
        _crtime: Option<SystemTime>,
        _chgtime: Option<SystemTime>,
        _bkuptime: Option<SystemTime>,
        _flags: Option<fuser::BsdFileFlags>,
        reply: ReplyAttr,
    ) {
        match self.setattr_inner(ino.0, mode, uid, gid, size, atime, mtime, fh) {
            Ok(a) => reply.attr(&TTL, &a),
            Err(e) => reply.error(e),
        }
    }

    fn readlink(&self, _req: &Request, ino: INodeNo, reply: ReplyData) {
        match self.node_info(ino.0).and_then(|(p, l, _)| self.readlink_in(l, &p)) {
            Ok(t) => reply.data(&t),
            Err(e) => reply.error(e),
        }
    }

    fn mknod(&self, req: &Request, parent: INodeNo, name: &OsStr, mode: u32, umask: u32, rdev: u32, reply: ReplyEntry) {
        let r = self.create_entry(req, parent.0, name, |pfd, n, _| {
            // SAFETY: mknodat in an upper dir fd of ours.
            if unsafe { libc::mknodat(pfd.as_raw_fd(), n.as_ptr(), mode & !umask, rdev as libc::dev_t) } != 0 {
                return Err(io_errno(std::io::Error::last_os_error()));
            }
            Ok(())
        });
        match r {
            Ok(a) => reply.entry(&TTL, &a, Generation(0)),
            Err(e) => reply.error(e),
        }
    }

    fn mkdir(&self, req: &Request, parent: INodeNo, name: &OsStr, mode: u32, umask: u32, reply: ReplyEntry) {
        let r = self.create_entry(req, parent.0, name, |pfd, n, sgid| {
            nix::sys::stat::mkdirat(pfd, n.as_c_str(), Mode::from_bits_truncate((mode & !umask) | sgid))
                .map_err(errno)?;
            if sgid != 0 {
                // SAFETY: fchmodat on the directory just made.
                unsafe { libc::fchmodat(pfd.as_raw_fd(), n.as_ptr(), ((mode & !umask) & 0o7777) | sgid, 0) };
            }
            Ok(())
        });
        match r {
            Ok(a) => reply.entry(&TTL, &a, Generation(0)),
            Err(e) => reply.error(e),
        }
    }

    fn unlink(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        match self.remove_entry(parent.0, name, false) {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn rmdir(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        match self.remove_entry(parent.0, name, true) {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn symlink(&self, req: &Request, parent: INodeNo, link_name: &OsStr, target: &Path, reply: ReplyEntry) {
        let r = self.create_entry(req, parent.0, link_name, |pfd, n, _| {
            let t = cstr(target.as_os_str().as_bytes())?;
            // SAFETY: symlinkat in an upper dir fd of ours.
            if unsafe { libc::symlinkat(t.as_ptr(), pfd.as_raw_fd(), n.as_ptr()) } != 0 {
                return Err(io_errno(std::io::Error::last_os_error()));
            }
            Ok(())
        });
        match r {
            Ok(a) => reply.entry(&TTL, &a, Generation(0)),
            Err(e) => reply.error(e),
        }
    }

    fn rename(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        newparent: INodeNo,
        newname: &OsStr,
        flags: RenameFlags,
        reply: ReplyEmpty,
    ) {
        match self.rename_entry(parent.0, name, newparent.0, newname, flags) {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn link(&self, req: &Request, ino: INodeNo, newparent: INodeNo, newname: &OsStr, reply: ReplyEntry) {
        let r = (|| {
            let (path, _, _) = self.node_info(ino.0)?;
            self.copy_up_path(&path)?;
            let (parent, name) = split(&path);
            let spfd = self.open_in(UPPER, parent, OFlag::O_PATH | OFlag::O_DIRECTORY).map_err(errno)?;
            let sname = cstr(name.as_bytes())?;
            self.create_entry(req, newparent.0, newname, |pfd, n, _| {
                // SAFETY: linkat between two upper dir fds of ours.
                if unsafe { libc::linkat(spfd.as_raw_fd(), sname.as_ptr(), pfd.as_raw_fd(), n.as_ptr(), 0) } != 0 {
                    return Err(io_errno(std::io::Error::last_os_error()));
                }
                Ok(())
            })
        })();
        match r {
            Ok(a) => reply.entry(&TTL, &a, Generation(0)),
            Err(e) => reply.error(e),
        }
    }

    fn open(&self, _req: &Request, ino: INodeNo, flags: OpenFlags, reply: ReplyOpen) {
        match self.open_file(ino.0, flags.0) {
            Ok(f) => {
                let fh = self.new_handle(Handle::File(f));
                // No FLUSH on close: nothing is buffered here (a round trip saved per file).
                reply.opened(FileHandle(fh), FopenFlags::FOPEN_KEEP_CACHE | FopenFlags::FOPEN_NOFLUSH);
            }
            Err(e) => reply.error(e),
        }
    }

    fn read(
        &self,
        _req: &Request,
        _ino: INodeNo,
        fh: FileHandle,
        offset: u64,
        size: u32,
        _flags: OpenFlags,
        _lock_owner: Option<fuser::LockOwner>,
        reply: ReplyData,
    ) {
        // One buffer, reused: a fresh one of the kernel's read-ahead size per read costs
        // an mmap and munmap.
        thread_local!(static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) });
        BUF.with_borrow_mut(|buf| {
            buf.resize(size as usize, 0);
            let r = self.with_file(fh.0, |f| {
                use std::os::unix::fs::FileExt;
                let mut got = 0;
                while got < buf.len() {
                    match f.read_at(&mut buf[got..], offset + got as u64)? {
                        0 => break,
                        n => got += n,
                    }
                }
                Ok(got)
            });
            match r {
                Ok(n) => reply.data(&buf[..n]),
                Err(e) => reply.error(e),
            }
        })
    }

    fn write(
        &self,
        _req: &Request,
        _ino: INodeNo,
        fh: FileHandle,
        offset: u64,
        data: &[u8],
        _write_flags: WriteFlags,
        flags: OpenFlags,
        _lock_owner: Option<fuser::LockOwner>,
        reply: ReplyWrite,
    ) {
        let r = self.with_file(fh.0, |f| {
            use std::io::Write;
            use std::os::unix::fs::FileExt;
            if flags.0 & libc::O_APPEND != 0 {
                let mut w: &std::fs::File = f;
                w.write_all(data)?;
            } else {
                f.write_all_at(data, offset)?;
            }
            Ok(data.len() as u32)
        });
        match r {
            Ok(n) => reply.written(n),
            Err(e) => reply.error(e),
        }
    }

    /// Not needed (writes go straight to the file): the kernel stops asking.
    fn flush(&self, _req: &Request, _ino: INodeNo, _fh: FileHandle, _lock_owner: fuser::LockOwner, reply: ReplyEmpty) {
        reply.error(Errno::ENOSYS);
    }

    fn release(
        &self,
        _req: &Request,
        _ino: INodeNo,
        fh: FileHandle,
        _flags: OpenFlags,
        _lock_owner: Option<fuser::LockOwner>,
        _flush: bool,
        reply: ReplyEmpty,
    ) {
        if let Ok(mut s) = self.state.lock() {
            s.handles.remove(&fh.0);
        }
        reply.ok();
    }

    fn fsync(&self, _req: &Request, _ino: INodeNo, fh: FileHandle, datasync: bool, reply: ReplyEmpty) {
        match self.with_file(fh.0, |f| if datasync { f.sync_data() } else { f.sync_all() }) {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn opendir(&self, _req: &Request, ino: INodeNo, _flags: OpenFlags, reply: ReplyOpen) {
        let r = self.node_info(ino.0).and_then(|(path, _, dirs)| self.merged_entries(&path, &dirs));
        match r {
            Ok(mut entries) => {
                entries.insert(0, (OsString::from(".."), 1, FileType::Directory));
                entries.insert(0, (OsString::from("."), ino.0, FileType::Directory));
                let entries = entries.into_iter().map(|(n, i, t)| (i, t, n)).collect();
                let fh = self.new_handle(Handle::Dir(entries));
                // The kernel may keep the listing: every change to it goes through us.
                reply.opened(FileHandle(fh), FopenFlags::FOPEN_KEEP_CACHE | FopenFlags::FOPEN_CACHE_DIR);
            }
            Err(e) => reply.error(e),
        }
    }

    fn readdir(&self, _req: &Request, _ino: INodeNo, fh: FileHandle, offset: u64, mut reply: ReplyDirectory) {
        let s = match self.state.lock() {
            Ok(s) => s,
            Err(_) => return reply.error(Errno::EIO),
        };
        let Some(Handle::Dir(entries)) = s.handles.get(&fh.0) else { return reply.error(Errno::EBADF) };
        for (i, (ino, kind, name)) in entries.iter().enumerate().skip(offset as usize) {
            if reply.add(INodeNo(*ino), (i + 1) as u64, *kind, name) {
                break;
            }
        }
        reply.ok();
    }

    fn releasedir(&self, _req: &Request, _ino: INodeNo, fh: FileHandle, _flags: OpenFlags, reply: ReplyEmpty) {
        if let Ok(mut s) = self.state.lock() {
            s.handles.remove(&fh.0);
        }
        reply.ok();
    }

    fn fsyncdir(&self, _req: &Request, _ino: INodeNo, _fh: FileHandle, _datasync: bool, reply: ReplyEmpty) {
        reply.ok();
    }

    fn statfs(&self, _req: &Request, _ino: INodeNo, reply: ReplyStatfs) {
        match nix::sys::statvfs::fstatvfs(&self.roots[UPPER]) {
            Ok(s) => reply.statfs(
                s.blocks(),
                s.blocks_free(),
                s.blocks_available(),
                s.files(),
                s.files_free(),
                s.block_size() as u32,
                s.name_max() as u32,
                s.fragment_size() as u32,
            ),
            Err(e) => reply.error(errno(e)),
        }
    }

    fn setxattr(
        &self,
        _req: &Request,
        ino: INodeNo,
        name: &OsStr,
        value: &[u8],
        flags: i32,
        _position: u32,
        reply: ReplyEmpty,
    ) {
        if name.as_bytes().starts_with(self.prefix.as_bytes()) {
            return reply.error(Errno::EPERM);
        }
        let r = (|| {
            let (path, _, _) = self.node_info(ino.0)?;
            self.copy_up_path(&path)?;
            let fd = self.xattr_fd(UPPER, &path)?.ok_or(Errno::EPERM)?;
            let n = cstr(name.as_bytes())?;
            // SAFETY: fsetxattr on our own fd, value as given.
            if unsafe { libc::fsetxattr(fd.as_raw_fd(), n.as_ptr(), value.as_ptr().cast(), value.len(), flags) } != 0 {
                return Err(io_errno(std::io::Error::last_os_error()));
            }
            Ok(())
        })();
        match r {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn getxattr(&self, _req: &Request, ino: INodeNo, name: &OsStr, size: u32, reply: ReplyXattr) {
        if name.as_bytes().starts_with(self.prefix.as_bytes()) {
            return reply.error(Errno::NO_XATTR);
        }
        let r = (|| {
            let (path, layer, _) = self.node_info(ino.0)?;
            let fd = self.xattr_fd(layer, &path)?.ok_or(Errno::NO_XATTR)?;
            let n = cstr(name.as_bytes())?;
            let mut buf = vec![0u8; size as usize];
            // SAFETY: fgetxattr into a buffer of the length given (0: the size asked).
            let len = unsafe { libc::fgetxattr(fd.as_raw_fd(), n.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
            if len < 0 {
                return Err(io_errno(std::io::Error::last_os_error()));
            }
            buf.truncate(len as usize);
            Ok((len as u32, buf))
        })();
        match r {
            Ok((len, _)) if size == 0 => reply.size(len),
            Ok((_, b)) => reply.data(&b),
            Err(e) => reply.error(e),
        }
    }

    fn listxattr(&self, _req: &Request, ino: INodeNo, size: u32, reply: ReplyXattr) {
        let r = (|| {
            let (path, layer, _) = self.node_info(ino.0)?;
            let Some(fd) = self.xattr_fd(layer, &path)? else { return Ok(Vec::new()) };
            let mut buf = vec![0u8; 64 * 1024];
            // SAFETY: flistxattr into a buffer of the length given.
            let len = unsafe { libc::flistxattr(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
            if len < 0 {
                return Err(io_errno(std::io::Error::last_os_error()));
            }
            let mut out = Vec::new();
            for n in buf[..len as usize].split(|&b| b == 0).filter(|n| !n.is_empty()) {
                if !n.starts_with(self.prefix.as_bytes()) {
                    out.extend_from_slice(n);
                    out.push(0);
                }
            }
            Ok(out)
        })();
        match r {
            Ok(b) if size == 0 => reply.size(b.len() as u32),
            Ok(b) if b.len() > size as usize => reply.error(Errno::ERANGE),
            Ok(b) => reply.data(&b),
            Err(e) => reply.error(e),
        }
    }

    fn removexattr(&self, _req: &Request, ino: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        if name.as_bytes().starts_with(self.prefix.as_bytes()) {
            return reply.error(Errno::EPERM);
        }
        let r = (|| {
            let (path, _, _) = self.node_info(ino.0)?;
            self.copy_up_path(&path)?;
            let fd = self.xattr_fd(UPPER, &path)?.ok_or(Errno::NO_XATTR)?;
            let n = cstr(name.as_bytes())?;
            // SAFETY: fremovexattr on our own fd.
            if unsafe { libc::fremovexattr(fd.as_raw_fd(), n.as_ptr()) } != 0 {
                return Err(io_errno(std::io::Error::last_os_error()));
            }
            Ok(())
        })();
        match r {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn access(&self, _req: &Request, _ino: INodeNo, _mask: fuser::AccessFlags, reply: ReplyEmpty) {
        reply.ok();
    }

    fn create(
        &self,
        req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        umask: u32,
        flags: i32,
        reply: ReplyCreate,
    ) {
        let r = (|| {
            let a = self.create_entry(req, parent.0, name, |pfd, n, _| {
                // SAFETY: openat O_CREAT|O_EXCL in an upper dir fd of ours; closed at once.
                let fd = unsafe {
                    libc::openat(
                        pfd.as_raw_fd(),
                        n.as_ptr(),
                        libc::O_CREAT | libc::O_EXCL | libc::O_WRONLY | libc::O_CLOEXEC,
                        (mode & !umask) & 0o7777,
                    )
                };
                if fd < 0 {
                    return Err(io_errno(std::io::Error::last_os_error()));
                }
                // SAFETY: a new fd of ours.
                unsafe { libc::close(fd) };
                Ok(())
            })?;
            let f = self.open_file(a.ino.0, flags & !(libc::O_CREAT | libc::O_EXCL))?;
            Ok((a, f))
        })();
        match r {
            Ok((a, f)) => {
                let fh = self.new_handle(Handle::File(f));
                reply.created(&TTL, &a, Generation(0), FileHandle(fh), FopenFlags::empty());
            }
            Err(e) => reply.error(e),
        }
    }
}
