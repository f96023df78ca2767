//! The container's first process: runs in the clone()d child (new user, mount, pid, ipc,
//! uts, net and cgroup namespaces), sets up the root filesystem from the OCI spec,
//! pivot_roots into it, becomes the configured user with the configured capabilities,
//! and execs. Errors go back to the monitor on a pipe closed by a successful exec.

use std::ffi::CString;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};

use nix::mount::{MntFlags, MsFlags, mount, umount2};
use nix::unistd::{Gid, Uid};
use oci_spec::runtime::Spec;

use super::caps;
use super::rootfs::{self, create_in_root, fd_path, open_in_root};

/// A failure before exec, with podman's exit code for it.
#[derive(Debug)]
pub struct InitError {
    pub code: i32,
    pub message: String,
}

fn fail(what: impl std::fmt::Display, e: impl std::fmt::Display) -> InitError {
    InitError { code: 125, message: format!("{what}: {e}") }
}

/// Annotations ctr puts in the spec for the parts an OCI spec has no words for.
pub const ANN_LOWER: &str = "io.ctr.overlay.lower";
pub const ANN_UPPER: &str = "io.ctr.overlay.upper";
pub const ANN_WORK: &str = "io.ctr.overlay.work";
pub const ANN_USER: &str = "io.ctr.user";
/// The storage driver of the root (`storage::driver`); absent: overlay.
pub const ANN_DRIVER: &str = "io.ctr.storage.driver";
/// vfs: the container's own copy of its layers, bound as its root.
pub const ANN_VFS: &str = "io.ctr.storage.vfs";
pub const ANN_INIT: &str = "io.ctr.init";
pub const ANN_ROOTLESS: &str = "io.ctr.rootless";
/// Real root with a user namespace (`--userns auto`): the lower layers are idmapped mounts.
pub const ANN_IDMAP: &str = "io.ctr.idmap";
/// Annotation (crun's name): keep the supplementary groups (`--group-add keep-groups`).
/// Unprivileged with id maps of its own: the maps into the pause namespace (JSON
/// `IdMaps`), which the monitor writes itself; the container is kept off the pause
/// namespace and reaches its paths through fds (see `monitor::reach_through_fds`).
pub const ANN_PAUSE_MAPS: &str = "io.ctr.userns.maps";
/// `--userns keep-id`: `NAME:UID:GID:HOME`, added to /etc/passwd and /etc/group if missing.
pub const ANN_KEEP_ID: &str = "io.ctr.userns.keep-id";
pub const ANN_KEEP_GROUPS: &str = "run.oci.keep_original_groups";
/// Annotation: the compiled seccomp program (flags, then the BPF) to install before exec.
pub const ANN_SECCOMP: &str = "io.ctr.seccomp";
/// A pod's infra container: the init holds the namespaces and never execs.
pub const ANN_INFRA: &str = "io.ctr.infra";

/// The seccomp program a spec names (`ANN_SECCOMP`), read while its file is reachable.
pub fn read_seccomp(spec: &Spec) -> Result<Option<crate::seccomp::Compiled>, InitError> {
    let Some(path) = ann(spec, ANN_SECCOMP) else { return Ok(None) };
    let b = std::fs::read(path).map_err(|e| fail(format!("read the seccomp program {path}"), e))?;
    if b.len() < 12 {
        return Err(fail(format!("the seccomp program {path}"), "too short"));
    }
    Ok(Some(crate::seccomp::Compiled { flags: u32::from_le_bytes([b[0], b[1], b[2], b[3]]), bpf: b[4..].to_vec() }))
}

/// What the monitor hands the child.
/// Annotation: JSON list of mount targets whose (empty) volume gets the image's content
/// at that path first (docker's copy-up).
pub const ANN_COPYUP: &str = "io.ctr.copyup";
/// Annotation: JSON map target -> [uid, gid, recursive] to chown a mount's source to.
pub const ANN_CHOWN: &str = "io.ctr.chown";
/// Annotation: JSON map target -> a path inside the mount's source (a volume's subpath)
/// to mount instead of the source itself, resolved inside the source.
pub const ANN_SUBPATH: &str = "io.ctr.subpath";

pub struct InitArgs<'a> {
    pub spec: &'a Spec,
    pub bundle: &'a Path,
    /// Read end: one byte once the id maps are written and the container is in its
    /// cgroup.
    pub maps_done: RawFd,
    /// The user namespace already had its maps (a joined one): the root is set up at once
    /// and `maps_done` is awaited only before the exec, while the monitor opens the store
    /// and makes the cgroup.
    pub maps_ready: bool,
    /// Write end (close-on-exec): error reports.
    pub errors: RawFd,
    /// The container's stdin, stdout, stderr (for -t, the pty slave thrice).
    pub stdio: [RawFd; 3],
    pub tty: bool,
    /// With a terminal: a socket to send the pty master to the monitor. The pty is made
    /// in the container's own devpts, so `tty` and /dev/console name a real device there.
    pub console: Option<RawFd>,
    /// Read end: one byte once the network helper has configured the namespace (EOF:
    /// it failed, and the monitor reports why).
    pub net_ready: Option<RawFd>,
    /// The fuse driver: an open /dev/fuse, whose server the monitor runs; mounted as the
    /// root here.
    pub fuse_fd: Option<RawFd>,
}

/// Never returns: execs the container's process, or reports and exits.
pub fn run(a: InitArgs) -> isize {
    let code = match setup_and_exec(&a) {
        Ok(()) => 0,
        Err(e) => {
            // SAFETY: the fd was handed to this child by the monitor and stays open.
            let mut f = unsafe { std::fs::File::from_raw_fd(a.errors) };
            let _ = write!(f, "{}\n{}", e.code, e.message);
            std::mem::forget(f);
            e.code
        }
    };
    // SAFETY: _exit does not run atexit handlers of the monitor's image.
    unsafe { libc::_exit(code) }
}

fn ann<'a>(spec: &'a Spec, key: &str) -> Option<&'a str> {
    spec.annotations().as_ref().and_then(|a| a.get(key)).map(String::as_str)
}

/// Waits for the monitor's byte on `fd`: the maps are written and the cgroup entered.
fn wait_released(fd: RawFd) -> Result<(), InitError> {
    // SAFETY: the fd was handed to this child by the monitor, and is read once.
    let mut sync = unsafe { std::fs::File::from_raw_fd(fd) };
    let mut b = [0u8; 1];
    if sync.read(&mut b).map_err(|e| fail("waiting for id maps", e))? == 0 {
        return Err(fail("waiting for id maps", "monitor went away"));
    }
    crate::trace::mark("init: released");
    Ok(())
}

fn setup_and_exec(a: &InitArgs) -> Result<(), InitError> {
    let spec = a.spec;
    crate::trace::mark("init: cloned");
    // 1. Wait for the monitor to write our uid/gid maps (and, with hooks, to have run the
    // createRuntime ones: createContainer comes after them).
    let wait_first = !a.maps_ready || spec.hooks().is_some();
    if wait_first {
        wait_released(a.maps_done)?;
    }
    let rootless = ann(spec, ANN_ROOTLESS) == Some("true");
    if rootless {
        // Become root of the new namespace: our ids are still the creator's, which need not
        // be mapped in it (real root's 0 is not, in a --userns auto range); unmapped
        // credentials make mounts fail with EACCES and file creation with EOVERFLOW.
        if ann(spec, ANN_KEEP_GROUPS) != Some("1") {
            let _ = nix::unistd::setgroups(&[]);
        }
        nix::unistd::setresgid(Gid::from_raw(0), Gid::from_raw(0), Gid::from_raw(0))
            .map_err(|e| fail("setgid 0", e))?;
        nix::unistd::setresuid(Uid::from_raw(0), Uid::from_raw(0), Uid::from_raw(0))
            .map_err(|e| fail("setuid 0", e))?;
        // A root that is not the user (maps of its own) changed our credentials, which
        // made us undumpable: the network helper (the user's) could no longer open our
        // namespaces. The user owns them anyway; exec decides afresh.
        // SAFETY: prctl with plain integer arguments.
        unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 1, 0, 0, 0) };
    }
    // ctr ignores SIGPIPE (Rust's runtime does); the container gets the default back.
    // SAFETY: resetting a signal disposition in a single-threaded child.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    // Signals the monitor blocked must not stay blocked in the container.
    let _ = nix::sys::signal::sigprocmask(
        nix::sys::signal::SigmaskHow::SIG_SETMASK,
        Some(&nix::sys::signal::SigSet::empty()),
        None,
    );

    // 2. stdio (with a console socket, the terminal is set up after pivot_root).
    if a.tty && a.console.is_none() {
        nix::unistd::setsid().map_err(|e| fail("setsid", e))?;
    }
    for (i, fd) in a.stdio.iter().enumerate() {
        if *fd != i as RawFd {
            // SAFETY: dup2 onto 0..2 of this process; both fds are valid.
            if unsafe { libc::dup2(*fd, i as RawFd) } < 0 {
                return Err(fail("stdio", std::io::Error::last_os_error()));
            }
        }
    }
    if a.tty && a.console.is_none() {
        // SAFETY: fd 0 is the pty slave; TIOCSCTTY makes it our controlling terminal.
        unsafe { libc::ioctl(0, libc::TIOCSCTTY, 0) };
    }

    if ann(spec, ANN_INFRA) == Some("true") {
        return hold_namespaces(a, wait_first);
    }

    // 3. Root filesystem.
    mount(None::<&str>, "/", None::<&str>, MsFlags::MS_REC | MsFlags::MS_PRIVATE, None::<&str>)
        .map_err(|e| fail("make / private", e))?;
    let rootfs_path = a.bundle.join("rootfs");
    mount_root(spec, &rootfs_path, rootless, a.fuse_fd)?;
    let root = nix::fcntl::open(
        &rootfs_path,
        nix::fcntl::OFlag::O_PATH | nix::fcntl::OFlag::O_DIRECTORY | nix::fcntl::OFlag::O_CLOEXEC,
        nix::sys::stat::Mode::empty(),
    )
    .map_err(|e| fail("open rootfs", e))?;
    let new_net = has_ns(spec, "network");
    let copy_up: Vec<String> = ann(spec, ANN_COPYUP).and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
    let chown: std::collections::HashMap<String, (u32, u32, bool)> =
        ann(spec, ANN_CHOWN).and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
    let subpaths: std::collections::HashMap<String, String> =
        ann(spec, ANN_SUBPATH).and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
    for m in spec.mounts().as_deref().unwrap_or_default() {
        let dest = m.destination().display().to_string();
        if let Some(src) = m.source().as_deref() {
            if copy_up.contains(&dest) {
                volume_copy_up(&root, &dest, src).map_err(|e| fail(format!("copy {dest} into its volume"), e))?;
            }
            if let Some((u, g, rec)) = chown.get(&dest) {
                chown_tree(src, *u, *g, *rec).map_err(|e| fail(format!("chown the volume at {dest}"), e))?;
            }
        }
        mount_one(&root, m, subpaths.get(&dest).map(Path::new), rootless, new_net)?;
    }
    setup_dev(&root, rootless, a.tty && a.console.is_none())?;
    if a.console.is_some() {
        create_in_root(&root, Path::new("/dev/console"), true).map_err(|e| fail("create /dev/console", e))?;
    }
    if let Some(linux) = spec.linux() {
        for p in linux.masked_paths().as_deref().unwrap_or_default() {
            mask(&root, Path::new(p))?;
        }
        for p in linux.readonly_paths().as_deref().unwrap_or_default() {
            readonly(&root, Path::new(p))?;
        }
    }
    if spec.root().as_ref().and_then(|r| r.readonly()).unwrap_or(false) {
        rootfs::remount_ro(&rootfs_path, MsFlags::empty())
            .map_err(|e| fail("make the root filesystem read-only", e))?;
    }
    drop(root);

    // The seccomp program, read while the bundle is still in reach.
    let seccomp = read_seccomp(spec)?;
    // OCI hooks of the container's own (CDI's): createContainer now, with the host's
    // paths; startContainer after pivot_root. Their state is the monitor's.
    let hooks_state = match spec.hooks() {
        Some(_) => std::fs::read(a.bundle.join(super::hooks::STATE_FILE)).map_err(|e| fail("the hooks' state", e))?,
        None => Vec::new(),
    };
    super::hooks::run(&super::hooks::of(spec, "createContainer"), "createContainer", &hooks_state)
        .map_err(|e| InitError { code: 125, message: e })?;

    // 4. pivot_root(".", ".") then detach the old root (runc's trick: no temp dir needed).
    nix::unistd::chdir(&rootfs_path).map_err(|e| fail("chdir rootfs", e))?;
    crate::trace::mark("init: root mounted");
    nix::unistd::pivot_root(".", ".").map_err(|e| fail("pivot_root", e))?;
    umount2(".", MntFlags::MNT_DETACH).map_err(|e| fail("detach old root", e))?;
    nix::unistd::chdir("/").map_err(|e| fail("chdir /", e))?;
    if let Some(sock) = a.console {
        let size =
            spec.process().as_ref().and_then(|p| p.console_size()).map(|b| (b.height() as u16, b.width() as u16));
        console(sock, size)?;
    }

    if let Some(k) = ann(spec, ANN_KEEP_ID) {
        add_keep_id_user(k);
    }

    if let Some(h) = spec.hostname()
        && has_ns(spec, "uts")
    {
        nix::unistd::sethostname(h).map_err(|e| fail("sethostname", e))?;
    }
    if new_net {
        loopback_up().map_err(|e| fail("bring up lo", e))?;
    }
    wait_network(a)?;

    if !wait_first {
        wait_released(a.maps_done)?;
    }
    super::hooks::run(&super::hooks::of(spec, "startContainer"), "startContainer", &hooks_state)
        .map_err(|e| InitError { code: 125, message: e })?;

    // 5. The process.
    crate::trace::mark("init: exec");
    exec_process(spec, Some(a.errors), ann(spec, ANN_INIT) == Some("true"), seccomp.as_ref())
}

/// Waits for the network helper's byte, if one sets the network up.
fn wait_network(a: &InitArgs) -> Result<(), InitError> {
    if let Some(fd) = a.net_ready {
        // SAFETY: the fd was handed to this child by the monitor.
        let mut f = unsafe { std::fs::File::from_raw_fd(fd) };
        let mut b = [0u8; 1];
        if !matches!(f.read(&mut b), Ok(1)) {
            return Err(InitError { code: 125, message: "the container's network could not be set up".into() });
        }
    }
    Ok(())
}

/// A pod's infra: names its UTS namespace, brings up lo, waits for the network and the
/// release as any init, then, instead of an exec, reports the start (the error pipe
/// closes) and holds the namespaces until SIGTERM, SIGINT, SIGHUP or SIGQUIT. Nothing of
/// an image runs: no root file system is mounted, and the process stays ctr's own code.
fn hold_namespaces(a: &InitArgs, wait_first: bool) -> Result<(), InitError> {
    use nix::sys::signal::{SigSet, SigmaskHow, Signal, sigprocmask};
    use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
    let spec = a.spec;
    if let Some(h) = spec.hostname()
        && has_ns(spec, "uts")
    {
        nix::unistd::sethostname(h).map_err(|e| fail("sethostname", e))?;
    }
    if has_ns(spec, "network") {
        loopback_up().map_err(|e| fail("bring up lo", e))?;
    }
    wait_network(a)?;
    if !wait_first {
        wait_released(a.maps_done)?;
    }
    let all = SigSet::all();
    sigprocmask(SigmaskHow::SIG_BLOCK, Some(&all), None).map_err(|e| fail("block signals", e))?;
    let _ = nix::unistd::chdir("/");
    crate::monitor::retitle("ctr-infra");
    // SAFETY: PR_SET_NAME with a NUL-terminated name of at most 16 bytes.
    unsafe { libc::prctl(libc::PR_SET_NAME, c"ctr-infra".as_ptr(), 0, 0, 0) };
    crate::trace::mark("init: holding the pod's namespaces");
    // Started: the monitor sees the error pipe close, as after an exec.
    // SAFETY: closing an fd this process owns and no longer uses.
    unsafe { libc::close(a.errors) };
    loop {
        match all.wait() {
            Ok(Signal::SIGTERM | Signal::SIGINT | Signal::SIGHUP | Signal::SIGQUIT) => {
                // SAFETY: _exit ends the infra; nothing of the monitor's image runs.
                unsafe { libc::_exit(0) }
            }
            Ok(Signal::SIGCHLD) => {
                while let Ok(WaitStatus::Exited(..) | WaitStatus::Signaled(..)) =
                    waitpid(None, Some(WaitPidFlag::WNOHANG))
                {}
            }
            _ => {}
        }
    }
}

/// Becomes the spec's process: user, rlimits, capabilities, cwd, then exec (or, with
/// `use_init`, a tiny init around it). Also used by `ctr exec` after joining namespaces.
pub fn exec_process(
    spec: &Spec,
    errors: Option<RawFd>,
    use_init: bool,
    seccomp: Option<&crate::seccomp::Compiled>,
) -> Result<(), InitError> {
    let process = spec.process().as_ref().ok_or_else(|| fail("spec", "no process"))?;
    let mut env: Vec<String> = process.env().clone().unwrap_or_default();
    let user = resolve_user(spec, &mut env)?;
    for rl in process.rlimits().as_deref().unwrap_or_default() {
        let res = rlimit_resource(&format!("{:?}", rl.typ()));
        if let Some(res) = res {
            nix::sys::resource::setrlimit(res, rl.soft(), rl.hard())
                .map_err(|e| fail(format!("setrlimit {:?}", rl.typ()), e))?;
        }
    }
    let cwd = process.cwd();
    if !cwd.as_os_str().is_empty() && !cwd.exists() {
        std::fs::create_dir_all(cwd).map_err(|e| fail(format!("create working directory {}", cwd.display()), e))?;
    }
    let cap_numbers = |set: Option<&oci_spec::runtime::Capabilities>| -> Vec<u32> {
        set.map(|s| {
            s.iter()
                .filter_map(|c| serde_json::to_value(c).ok())
                .filter_map(|v| v.as_str().and_then(caps::number))
                .collect()
        })
        .unwrap_or_default()
    };
    let pcaps = process.capabilities().as_ref();
    let bounding = cap_numbers(pcaps.and_then(|c| c.bounding().as_ref()));
    let effective = cap_numbers(pcaps.and_then(|c| c.effective().as_ref()));
    let nnp = process.no_new_privileges().unwrap_or(false);
    if nnp {
        // SAFETY: prctl with integer arguments only.
        unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) };
    }
    let install_seccomp =
        |c: &crate::seccomp::Compiled| crate::seccomp::install(c).map_err(|e| fail("install the seccomp filter", e));
    // Without no_new_privs the kernel takes a filter only from a process with
    // CAP_SYS_ADMIN (in its user namespace): before the capabilities go, as runc does.
    if !nnp && let Some(c) = seccomp {
        install_seccomp(c)?;
    }
    caps::drop_bounding(&bounding).map_err(|e| fail("drop capabilities", e))?;
    let gids: Vec<Gid> = user.2.iter().map(|g| Gid::from_raw(*g)).collect();
    let keep_groups = ann(spec, ANN_KEEP_GROUPS) == Some("1");
    if keep_groups {
        // The groups stay as they are.
    } else if let Err(e) = nix::unistd::setgroups(&gids) {
        // With setgroups denied (a single-id map) only an empty list is possible anyway.
        if !gids.is_empty() {
            return Err(fail("setgroups", e));
        }
    }
    nix::unistd::setresgid(Gid::from_raw(user.1), Gid::from_raw(user.1), Gid::from_raw(user.1))
        .map_err(|e| fail(format!("setgid {}", user.1), e))?;
    nix::unistd::setresuid(Uid::from_raw(user.0), Uid::from_raw(user.0), Uid::from_raw(user.0))
        .map_err(|e| fail(format!("setuid {}", user.0), e))?;
    if user.0 == 0 {
        caps::set(&effective).map_err(|e| fail("set capabilities", e))?;
    }
    if !cwd.as_os_str().is_empty() {
        nix::unistd::chdir(cwd).map_err(|e| fail(format!("chdir {}", cwd.display()), e))?;
    }
    // Die with the parent (the monitor, or `ctr exec`): set last, since changing
    // credentials clears it (prctl(2)).
    // SAFETY: prctl with integer arguments only.
    unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) };
    // With no_new_privs: last, just before exec, so the setup above is not filtered.
    if nnp && let Some(c) = seccomp {
        install_seccomp(c)?;
    }
    let args = process.args().clone().unwrap_or_default();
    if args.is_empty() {
        return Err(InitError { code: 125, message: "no command given and the image has none".into() });
    }
    if use_init {
        return run_init(&args, &env, errors);
    }
    exec(&args, &env)
}

/// Opens a pty in the container's devpts, sends the master to the monitor, and makes the
/// slave our stdio, controlling terminal and /dev/console.
fn console(sock: RawFd, size: Option<(u16, u16)>) -> Result<(), InitError> {
    use nix::sys::socket::{ControlMessage, MsgFlags, sendmsg};
    let master =
        nix::pty::posix_openpt(nix::fcntl::OFlag::O_RDWR | nix::fcntl::OFlag::O_NOCTTY | nix::fcntl::OFlag::O_CLOEXEC)
            .map_err(|e| fail("open /dev/ptmx", e))?;
    nix::pty::grantpt(&master).map_err(|e| fail("grantpt", e))?;
    nix::pty::unlockpt(&master).map_err(|e| fail("unlockpt", e))?;
    let name = nix::pty::ptsname_r(&master).map_err(|e| fail("ptsname", e))?;
    if let Some((rows, cols)) = size {
        // The size the client's terminal had at create time (later changes come as resizes).
        let ws = libc::winsize { ws_row: rows, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0 };
        // SAFETY: TIOCSWINSZ with a valid winsize on our pty master.
        unsafe { libc::ioctl(master.as_raw_fd(), libc::TIOCSWINSZ, &ws) };
    }
    mount(Some(name.as_str()), "/dev/console", None::<&str>, MsFlags::MS_BIND, None::<&str>)
        .map_err(|e| fail("bind /dev/console", e))?;
    let fds = [master.as_raw_fd()];
    sendmsg::<()>(sock, &[std::io::IoSlice::new(b"m")], &[ControlMessage::ScmRights(&fds)], MsgFlags::empty(), None)
        .map_err(|e| fail("send the terminal to the monitor", e))?;
    drop(master);
    // SAFETY: closing the console socket, which this process owns and no longer needs.
    unsafe { libc::close(sock) };
    nix::unistd::setsid().map_err(|e| fail("setsid", e))?;
    let slave = nix::fcntl::open(name.as_str(), nix::fcntl::OFlag::O_RDWR, nix::sys::stat::Mode::empty())
        .map_err(|e| fail(format!("open {name}"), e))?;
    for i in 0..3 {
        // SAFETY: dup2 onto 0..2 of this process; the slave fd is valid.
        if unsafe { libc::dup2(slave.as_raw_fd(), i) } < 0 {
            return Err(fail("stdio", std::io::Error::last_os_error()));
        }
    }
    // SAFETY: fd 0 is the pty slave; TIOCSCTTY makes it our controlling terminal.
    unsafe { libc::ioctl(0, libc::TIOCSCTTY, 0) };
    Ok(())
}

/// Docker's copy-up: an empty volume first gets what the image has at its target, with
/// the same owners and modes (we are root of the container's user namespace). Symlinks are
/// copied as links, never followed; devices and sockets are skipped.
fn volume_copy_up(root: &OwnedFd, dest: &str, volume: &Path) -> std::io::Result<()> {
    if std::fs::read_dir(volume)?.next().is_some() {
        return Ok(());
    }
    let Ok(fd) = open_in_root(root, Path::new(dest)) else { return Ok(()) };
    if !rootfs::is_dir(&fd) {
        return Ok(());
    }
    copy_tree(&fd_path(&fd), volume)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let src = e.path();
        let dst = to.join(e.file_name());
        let m = std::fs::symlink_metadata(&src)?;
        let ft = m.file_type();
        if ft.is_dir() {
            std::fs::create_dir(&dst)?;
            copy_tree(&src, &dst)?;
        } else if ft.is_file() {
            std::fs::copy(&src, &dst)?;
        } else if ft.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&src)?, &dst)?;
        } else {
            continue;
        }
        std::os::unix::fs::lchown(&dst, Some(m.uid()), Some(m.gid()))?;
        if !ft.is_symlink() {
            std::fs::set_permissions(&dst, std::fs::Permissions::from_mode(m.mode() & 0o7777))?;
        }
    }
    let m = std::fs::metadata(from)?;
    std::os::unix::fs::chown(to, Some(m.uid()), Some(m.gid()))?;
    std::fs::set_permissions(to, std::fs::Permissions::from_mode(m.mode() & 0o7777))
}

/// `:U` (recursive) and `o=uid=,gid=` (the root only).
fn chown_tree(p: &Path, uid: u32, gid: u32, recursive: bool) -> std::io::Result<()> {
    std::os::unix::fs::lchown(p, Some(uid), Some(gid))?;
    if recursive && std::fs::symlink_metadata(p)?.is_dir() {
        for e in std::fs::read_dir(p)? {
            chown_tree(&e?.path(), uid, gid, true)?;
        }
    }
    Ok(())
}

fn has_ns(spec: &Spec, kind: &str) -> bool {
    spec.linux()
        .as_ref()
        .and_then(|l| l.namespaces().as_ref())
        .is_some_and(|ns| ns.iter().any(|n| format!("{:?}", n.typ()).eq_ignore_ascii_case(kind) && n.path().is_none()))
}

/// The root file system by the container's storage driver: the kernel's overlay, ctr's
/// FUSE overlay (served by the monitor's child on `fuse_fd`), or vfs's copy bound.
fn mount_root(spec: &Spec, target: &Path, rootless: bool, fuse_fd: Option<RawFd>) -> Result<(), InitError> {
    match ann(spec, ANN_DRIVER) {
        Some("vfs") => {
            let src = ann(spec, ANN_VFS).ok_or_else(|| fail("rootfs", "no vfs copy in the spec"))?;
            mount(Some(src), target, None::<&str>, MsFlags::MS_BIND | MsFlags::MS_REC, None::<&str>)
                .map_err(|e| fail(format!("bind the vfs root {src}"), e))
        }
        Some("fuse") => {
            let sock = fuse_fd.ok_or_else(|| fail("rootfs", "the fuse driver without its server's socket"))?;
            let r = crate::storage::fuse::mount_and_send(sock, target);
            // Ours must not reach the container.
            let _ = nix::unistd::close(sock);
            r.map_err(|e| fail("mount the FUSE overlay root filesystem", e))
        }
        _ => mount_overlay(spec, target, rootless),
    }
}

fn mount_overlay(spec: &Spec, target: &Path, rootless: bool) -> Result<(), InitError> {
    let (Some(lower), Some(upper), Some(work)) = (ann(spec, ANN_LOWER), ann(spec, ANN_UPPER), ann(spec, ANN_WORK))
    else {
        return Err(fail("rootfs", "no overlay layers in the spec"));
    };
    rootfs::mount_overlay(lower, upper, work, target, rootless)
        .map_err(|e| fail("mount the overlay root filesystem", e))
}

fn mount_one(
    root: &OwnedFd,
    m: &oci_spec::runtime::Mount,
    subpath: Option<&Path>,
    rootless: bool,
    new_net: bool,
) -> Result<(), InitError> {
    let dest = m.destination();
    let typ = m.typ().as_deref().unwrap_or("bind");
    let opts = m.options().clone().unwrap_or_default();
    let (flags, data, bind, ro) = rootfs::parse_options(&opts);
    let what = || format!("mount {} on {}", typ, dest.display());
    let mut source = m.source().clone().unwrap_or_else(|| PathBuf::from(typ));
    // A volume's subpath, resolved inside the volume (a symlink in it cannot lead out);
    // the fd stays open until the bind is made through its magic link.
    let _sub_fd = match subpath {
        Some(sub) => {
            let fail_sub = |e: nix::errno::Errno| {
                let why = if e == nix::errno::Errno::ENOENT {
                    "it does not exist in the volume".to_string()
                } else {
                    e.to_string()
                };
                InitError {
                    code: 125,
                    message: format!(
                        "volume subpath {} of the mount on {}: {why}; create it in the volume first",
                        sub.display(),
                        dest.display()
                    ),
                }
            };
            let vol = nix::fcntl::open(
                &source,
                nix::fcntl::OFlag::O_PATH | nix::fcntl::OFlag::O_DIRECTORY | nix::fcntl::OFlag::O_CLOEXEC,
                nix::sys::stat::Mode::empty(),
            )
            .map_err(fail_sub)?;
            let fd = open_in_root(&vol, sub).map_err(fail_sub)?;
            source = fd_path(&fd);
            Some(fd)
        }
        None => None,
    };
    // A file or a device node is bound onto a file; a directory onto a directory.
    let is_file = bind && source.exists() && !source.is_dir();
    let target_fd = create_in_root(root, dest, is_file).map_err(|e| fail(what(), e))?;
    let target = fd_path(&target_fd);
    if bind || typ == "bind" {
        mount(Some(&source), &target, None::<&str>, MsFlags::MS_BIND | (flags & MsFlags::MS_REC), None::<&str>)
            .map_err(|e| fail(format!("bind {} on {}", source.display(), dest.display()), e))?;
        if ro {
            let fd2 = open_in_root(root, dest).map_err(|e| fail(what(), e))?;
            rootfs::remount_ro(&fd_path(&fd2), flags & !MsFlags::MS_REC).map_err(|e| fail(what(), e))?;
        }
        return Ok(());
    }
    let mut flags = flags;
    if ro {
        flags |= MsFlags::MS_RDONLY;
    }
    let data = data.join(",");
    let r = mount(Some(&source), &target, Some(typ), flags, Some(data.as_str()));
    match (r, typ) {
        (Ok(()), _) => Ok(()),
        // sysfs needs a network namespace of our own; with the host's, bind the host's.
        (Err(_), "sysfs") if rootless || !new_net => {
            mount(Some("/sys"), &target, None::<&str>, MsFlags::MS_BIND | MsFlags::MS_REC, None::<&str>)
                .map_err(|e| fail(what(), e))?;
            let fd2 = open_in_root(root, dest).map_err(|e| fail(what(), e))?;
            rootfs::remount_ro(&fd_path(&fd2), MsFlags::empty()).map_err(|e| fail(what(), e))
        }
        // gid=5 is not mapped with a single-id map.
        (Err(nix::errno::Errno::EINVAL), "devpts") => {
            let data: Vec<&str> = data.split(',').filter(|o| !o.starts_with("gid=")).collect();
            mount(Some(&source), &target, Some(typ), flags, Some(data.join(",").as_str())).map_err(|e| fail(what(), e))
        }
        (Err(e), _) => Err(fail(what(), e)),
    }
}

const DEVICES: &[&str] = &["null", "zero", "full", "random", "urandom", "tty"];

/// Device nodes in the container's /dev tmpfs: bind mounts of the host's when rootless
/// (a user namespace cannot mknod), real nodes as root; and the usual symlinks.
fn setup_dev(root: &OwnedFd, rootless: bool, tty: bool) -> Result<(), InitError> {
    for d in DEVICES {
        let dest = PathBuf::from("/dev").join(d);
        let host = PathBuf::from("/dev").join(d);
        if rootless {
            let fd = create_in_root(root, &dest, true).map_err(|e| fail(format!("create {}", dest.display()), e))?;
            mount(Some(&host), &fd_path(&fd), None::<&str>, MsFlags::MS_BIND, None::<&str>)
                .map_err(|e| fail(format!("bind {}", host.display()), e))?;
        } else {
            let st = nix::sys::stat::stat(&host).map_err(|e| fail(format!("stat {}", host.display()), e))?;
            let dev = open_in_root(root, Path::new("/dev")).map_err(|e| fail("open /dev", e))?;
            let _ = nix::sys::stat::mknodat(
                &dev,
                *d,
                nix::sys::stat::SFlag::S_IFCHR,
                nix::sys::stat::Mode::from_bits_truncate(0o666),
                st.st_rdev,
            );
            let _ = nix::sys::stat::fchmodat(
                &dev,
                *d,
                nix::sys::stat::Mode::from_bits_truncate(0o666),
                nix::sys::stat::FchmodatFlags::FollowSymlink,
            );
        }
    }
    let dev = open_in_root(root, Path::new("/dev")).map_err(|e| fail("open /dev", e))?;
    for (name, target) in [
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
        ("ptmx", "pts/ptmx"),
        ("core", "/proc/kcore"),
    ] {
        let _ = nix::unistd::symlinkat(target, &dev, name);
    }
    if tty {
        // /dev/console is the container's terminal (fd 0 is the pty slave here).
        let fd = create_in_root(root, Path::new("/dev/console"), true).map_err(|e| fail("create /dev/console", e))?;
        // The pty was opened in the monitor's mount namespace; bind its path as seen in our
        // copy of that namespace (binding the fd itself would cross namespaces: EINVAL).
        let slave = std::fs::read_link("/proc/self/fd/0").map_err(|e| fail("find the terminal", e))?;
        mount(Some(&slave), &fd_path(&fd), None::<&str>, MsFlags::MS_BIND, None::<&str>)
            .map_err(|e| fail("bind /dev/console", e))?;
    }
    Ok(())
}

fn mask(root: &OwnedFd, p: &Path) -> Result<(), InitError> {
    let Ok(fd) = open_in_root(root, p) else { return Ok(()) };
    let target = fd_path(&fd);
    let r = if rootfs::is_dir(&fd) {
        mount(Some("tmpfs"), &target, Some("tmpfs"), MsFlags::MS_RDONLY, None::<&str>)
    } else {
        mount(Some("/dev/null"), &target, None::<&str>, MsFlags::MS_BIND, None::<&str>)
    };
    r.map_err(|e| fail(format!("mask {}", p.display()), e))
}

fn readonly(root: &OwnedFd, p: &Path) -> Result<(), InitError> {
    let Ok(fd) = open_in_root(root, p) else { return Ok(()) };
    let target = fd_path(&fd);
    mount(Some(&target), &target, None::<&str>, MsFlags::MS_BIND | MsFlags::MS_REC, None::<&str>)
        .map_err(|e| fail(format!("read-only {}", p.display()), e))?;
    let fd2 = open_in_root(root, p).map_err(|e| fail(format!("read-only {}", p.display()), e))?;
    rootfs::remount_ro(&fd_path(&fd2), MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC)
        .or_else(|_| rootfs::remount_ro(&fd_path(&fd2), MsFlags::empty()))
        .map_err(|e| fail(format!("read-only {}", p.display()), e))
}

fn loopback_up() -> std::io::Result<()> {
    // SAFETY: a plain socket and two ioctls on a zeroed ifreq naming "lo".
    unsafe {
        let s = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
        if s < 0 {
            return Err(std::io::Error::last_os_error());
        }
        let s = OwnedFd::from_raw_fd(s);
        let mut req: libc::ifreq = std::mem::zeroed();
        for (i, c) in b"lo".iter().enumerate() {
            req.ifr_name[i] = *c as libc::c_char;
        }
        if libc::ioctl(s.as_raw_fd(), libc::SIOCGIFFLAGS, &mut req) < 0 {
            return Err(std::io::Error::last_os_error());
        }
        req.ifr_ifru.ifru_flags |= libc::IFF_UP as libc::c_short;
        if libc::ioctl(s.as_raw_fd(), libc::SIOCSIFFLAGS, &req) < 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

fn rlimit_resource(name: &str) -> Option<nix::sys::resource::Resource> {
    use nix::sys::resource::Resource as R;
    Some(match name.to_ascii_uppercase().trim_start_matches("RLIMIT_") {
        "NOFILE" => R::RLIMIT_NOFILE,
        "NPROC" => R::RLIMIT_NPROC,
        "CORE" => R::RLIMIT_CORE,
        "STACK" => R::RLIMIT_STACK,
        "FSIZE" => R::RLIMIT_FSIZE,
        "MEMLOCK" => R::RLIMIT_MEMLOCK,
        "CPU" => R::RLIMIT_CPU,
        "AS" => R::RLIMIT_AS,
        "DATA" => R::RLIMIT_DATA,
        "NICE" => R::RLIMIT_NICE,
        "MSGQUEUE" => R::RLIMIT_MSGQUEUE,
        "RTPRIO" => R::RLIMIT_RTPRIO,
        "SIGPENDING" => R::RLIMIT_SIGPENDING,
        _ => return None,
    })
}

/// `--userns keep-id`: the user's passwd and group entries (`NAME:UID:GID:HOME`) added to
/// the container's files (after pivot_root: its own) when no entry has those ids, so `id`
/// and `whoami` name them and HOME is theirs. A read-only root keeps its files as they are.
fn add_keep_id_user(entry: &str) {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = entry.splitn(4, ':');
    let (Some(name), Some(uid), Some(gid), Some(home)) = (f.next(), f.next(), f.next(), f.next()) else {
        return;
    };
    let append = |path: &str, id: &str, line: String| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text.lines().any(|l| l.split(':').nth(2) == Some(id)) {
            return;
        }
        let sep = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
        let _ = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .custom_flags(libc::O_NOFOLLOW)
            .mode(0o644)
            .open(path)
            .and_then(|mut f| f.write_all(format!("{sep}{line}\n").as_bytes()));
    };
    append("/etc/passwd", uid, format!("{name}:*:{uid}:{gid}:{name}:{home}:/bin/sh"));
    append("/etc/group", gid, format!("{name}:x:{gid}:"));
}

/// (uid, gid, supplementary gids), from the spec or, for names, the container's
/// /etc/passwd and /etc/group (read after pivot_root, so inside the container's root).
/// Sets HOME when the image did not.
fn resolve_user(spec: &Spec, env: &mut Vec<String>) -> Result<(u32, u32, Vec<u32>), InitError> {
    let process = spec.process().as_ref().expect("checked");
    let u = process.user();
    let spec_user = (u.uid(), u.gid(), u.additional_gids().clone().unwrap_or_default());
    let text = ann(spec, ANN_USER).unwrap_or("");
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let group = std::fs::read_to_string("/etc/group").unwrap_or_default();
    let (user_part, group_part) = match text.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (text, None),
    };
    let bad = |m: String| InitError { code: 126, message: m };
    let (uid, mut gid, home, uname) = if user_part.is_empty() {
        let entry = passwd
            .lines()
            .map(|l| l.split(':').collect::<Vec<_>>())
            .find(|f| f.len() >= 6 && f[2] == spec_user.0.to_string());
        (spec_user.0, spec_user.1, entry.as_ref().map(|f| f[5].to_string()), entry.map(|f| f[0].to_string()))
    } else {
        let entry = passwd
            .lines()
            .map(|l| l.split(':').collect::<Vec<_>>())
            .find(|f| f.len() >= 6 && (f[0] == user_part || f[2] == user_part));
        match (entry, user_part.parse::<u32>()) {
            (Some(f), _) => (
                f[2].parse().map_err(|_| bad(format!("bad uid for {user_part} in /etc/passwd")))?,
                f[3].parse().unwrap_or(0),
                Some(f[5].to_string()),
                Some(f[0].to_string()),
            ),
            (None, Ok(n)) => (n, n, None, None),
            (None, Err(_)) => {
                return Err(bad(format!(
                    "unable to find user {user_part}: no matching entries in the container's /etc/passwd"
                )));
            }
        }
    };
    if let Some(g) = group_part {
        gid = match group
            .lines()
            .map(|l| l.split(':').collect::<Vec<_>>())
            .find(|f| f.len() >= 3 && (f[0] == g || f[2] == g))
        {
            Some(f) => f[2].parse().unwrap_or(0),
            None => g.parse().map_err(|_| {
                bad(format!("unable to find group {g}: no matching entries in the container's /etc/group"))
            })?,
        };
    }
    let mut extra = spec_user.2.clone();
    if let Some(name) = &uname {
        for f in group.lines().map(|l| l.split(':').collect::<Vec<_>>()).filter(|f| f.len() >= 4) {
            if f[3].split(',').any(|m| m == name)
                && let Ok(g) = f[2].parse::<u32>()
                && g != gid
                && !extra.contains(&g)
            {
                extra.push(g);
            }
        }
    }
    if !env.iter().any(|e| e.starts_with("HOME=")) {
        env.push(format!("HOME={}", home.unwrap_or_else(|| "/".into())));
    }
    Ok((uid, gid, extra))
}

/// execve of args[0], looked up in the container's PATH like execvp; 127 when it does not
/// exist, 126 when it cannot be run.
fn exec(args: &[String], env: &[String]) -> Result<(), InitError> {
    let cargs: Vec<CString> = args.iter().map(|a| CString::new(a.as_str()).unwrap_or_default()).collect();
    let cenv: Vec<CString> = env.iter().map(|a| CString::new(a.as_str()).unwrap_or_default()).collect();
    let prog = &args[0];
    let candidates: Vec<PathBuf> = if prog.contains('/') {
        vec![PathBuf::from(prog)]
    } else {
        let path = env
            .iter()
            .find_map(|e| e.strip_prefix("PATH="))
            .unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        path.split(':').filter(|d| !d.is_empty()).map(|d| Path::new(d).join(prog)).collect()
    };
    let mut last = nix::errno::Errno::ENOENT;
    for c in candidates {
        let Ok(cpath) = CString::new(c.as_os_str().as_encoded_bytes()) else { continue };
        let e = nix::unistd::execve(&cpath, &cargs, &cenv).unwrap_err();
        if e != nix::errno::Errno::ENOENT && e != nix::errno::Errno::ENOTDIR {
            last = e;
        }
    }
    Err(match last {
        nix::errno::Errno::ENOENT => InitError {
            code: 127,
            message: if prog.contains('/') {
                format!("{prog}: no such file or directory")
            } else {
                format!("{prog}: executable file not found in $PATH")
            },
        },
        e => InitError { code: 126, message: format!("{prog}: {}", e.desc().to_lowercase()) },
    })
}

/// `--init`: stay as pid 1, run the command as a child, forward signals to it, reap
/// every orphan, and exit with the command's status.
fn run_init(args: &[String], env: &[String], errors: Option<RawFd>) -> Result<(), InitError> {
    use nix::sys::signal::{SigSet, SigmaskHow, Signal, kill, sigprocmask};
    use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
    let all = SigSet::all();
    sigprocmask(SigmaskHow::SIG_BLOCK, Some(&all), None).map_err(|e| fail("block signals", e))?;
    // SAFETY: this process is single-threaded (a clone()d child of the monitor).
    let child = match unsafe { nix::unistd::fork() }.map_err(|e| fail("fork", e))? {
        nix::unistd::ForkResult::Child => {
            let _ = sigprocmask(SigmaskHow::SIG_SETMASK, Some(&SigSet::empty()), None);
            exec(args, env)?;
            unreachable!("exec returns only errors");
        }
        nix::unistd::ForkResult::Parent { child } => child,
    };
    // The child reports its own exec; our copy of the error pipe must not keep it open.
    if let Some(fd) = errors {
        // SAFETY: closing an fd this process owns and no longer uses.
        unsafe { libc::close(fd) };
    }
    loop {
        let sig = all.wait().map_err(|e| fail("sigwait", e))?;
        if sig == Signal::SIGCHLD {
            loop {
                match waitpid(None, Some(WaitPidFlag::WNOHANG)) {
                    // SAFETY: _exit ends this init (and with it the pid namespace).
                    Ok(WaitStatus::Exited(p, code)) if p == child => unsafe { libc::_exit(code) },
                    // SAFETY: as above.
                    Ok(WaitStatus::Signaled(p, s, _)) if p == child => unsafe { libc::_exit(128 + s as i32) },
                    Ok(WaitStatus::StillAlive) | Err(_) => break,
                    Ok(_) => continue,
                }
            }
        } else {
            let _ = kill(child, sig);
        }
    }
}
