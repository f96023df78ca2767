//! The per-container monitor (conmon's job): `ctr __monitor ID ROOT RUNROOT`. It detaches
//! into its own session, starts the container (clone with new namespaces), owns its stdio
//! (pipes, or a pty), writes the json-file log, serves the attach socket, reaps the
//! container, records the exit in the store and, with --rm, removes the container.
//! Single-threaded and synchronous: it forks and clones, so it never starts a thread.

pub mod proto;
pub mod service;

use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::fs::MetadataExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use oci_spec::runtime::Spec;

use crate::runtime::init::{self, InitArgs};

/// Annotation with the container's network (`NetConfig` as JSON).
pub const ANN_NET: &str = "io.ctr.net";
/// Annotation with the container's resource limits (`cgroups::Limits` as JSON).
pub const ANN_RESOURCES: &str = "io.ctr.resources";
/// Annotation: `--cgroups=split` (the container's cgroup below the monitor's own).
pub const ANN_CGROUPS_SPLIT: &str = "io.ctr.cgroups-split";
/// Annotation: the active health check and `--health-on-failure`, as JSON
/// `[HealthConfig, HealthOnFailure]` (absent: none).
pub const ANN_HEALTH: &str = "io.ctr.health";
/// Annotation: `--sdnotify` (engine::policy::SdNotify, lowercase).
pub const ANN_SDNOTIFY: &str = "io.ctr.sdnotify";
/// Environment of the monitor: the netns path of the container `container:NAME` names.
pub const NETNS_ENV: &str = "_CTR_NETNS";
/// The other namespaces a container joins (a pod's IPC and UTS): `KIND=PATH,...`.
pub const JOIN_ENV: &str = "_CTR_JOIN";

/// Annotation naming an external OCI runtime to run the bundle with (`--runtime`).
pub const ANN_RUNTIME: &str = "io.ctr.runtime";
/// Annotation: json-file rotation, `[max size in bytes, max files]` (absent: never rotated).
pub const ANN_LOG_ROTATE: &str = "io.ctr.log-rotate";

/// Env var carrying the fd of the first attach client (the `ctr` that started us).
pub const ATTACH_FD_ENV: &str = "_CTR_ATTACH_FD";

/// Where a container's files are.
pub struct Paths {
    pub bundle: PathBuf,
    pub data: PathBuf,
}

impl Paths {
    pub fn new(root: &Path, runroot: &Path, id: &str) -> Paths {
        Paths { bundle: runroot.join("containers").join(id), data: root.join("containers").join(id) }
    }
    pub fn log(&self) -> PathBuf {
        self.data.join("ctr-json.log")
    }
    pub fn attach(&self) -> PathBuf {
        self.bundle.join("attach")
    }
    /// `State.Health` as the monitor keeps it (engine::policy::HealthState as JSON).
    pub fn health(&self) -> PathBuf {
        self.data.join("health.json")
    }
}

/// A monitor started before its container exists, so that loading the binary overlaps
/// the command's own work (`ctr run` opens the store, records the container and writes
/// its bundle meanwhile): it waits for `start` (or exits if this is dropped).
pub struct Ahead {
    /// None once started.
    sock: Option<UnixStream>,
    child: std::process::Child,
}

/// The id argument of a monitor started ahead: as long as an id, which takes its place
/// in the command line once the START frame names the container.
const AHEAD_ID: &str = "----------------------------------------------------------------";

/// Writes `id` over `AHEAD_ID` in this process's own argument strings, which
/// /proc/self/cmdline shows (the argument area is ours, on the stack's top page).
fn name_in_cmdline(id: &str) {
    if id.len() != AHEAD_ID.len() {
        return;
    }
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return };
    // Fields after the command name (which may hold spaces), from field 3 on: arg_start is
    // field 48.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else { return };
    let Some(arg_start) = rest.split_whitespace().nth(48 - 3).and_then(|f| f.parse::<usize>().ok()) else {
        return;
    };
    let Ok(cmdline) = std::fs::read("/proc/self/cmdline") else { return };
    let Some(at) = cmdline.windows(AHEAD_ID.len()).position(|w| w == AHEAD_ID.as_bytes()) else { return };
    // SAFETY: [arg_start + at, + 64) lies within this process's argument strings (read
    // back just now from /proc/self/cmdline), writable memory that nothing else aliases
    // as a Rust reference; the length is unchanged.
    unsafe { std::ptr::copy_nonoverlapping(id.as_ptr(), (arg_start + at) as *mut u8, id.len()) };
}

/// Replaces this process's command line (what `ps` and `top` show) with `title`, the
/// rest of the argument area zeroed: a pod's infra, cloned from its monitor, shows as
/// itself. Does nothing if the title does not fit.
pub fn retitle(title: &str) {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return };
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else { return };
    // arg_start and arg_end are fields 48 and 49.
    let f: Vec<usize> = rest.split_whitespace().skip(48 - 3).take(2).filter_map(|f| f.parse().ok()).collect();
    let [start, end] = f[..] else { return };
    if end <= start || title.len() >= end - start {
        return;
    }
    // SAFETY: [start, end) is this process's argument area (from /proc/self/stat):
    // writable memory that nothing aliases as a Rust reference (std copied the arguments
    // at startup).
    unsafe {
        std::ptr::write_bytes(start as *mut u8, 0, end - start);
        std::ptr::copy_nonoverlapping(title.as_ptr(), start as *mut u8, title.len());
    }
}

/// Starts `ctr __monitor AHEAD_ID ROOT RUNROOT`, which waits for a START frame.
pub fn spawn_ahead(root: &Path, runroot: &Path) -> std::io::Result<Ahead> {
    let (ours, theirs) = UnixStream::pair()?;
    let theirs = OwnedFd::from(theirs);
    clear_cloexec(&theirs);
    let child = std::process::Command::new("/proc/self/exe")
        .arg("__monitor")
        .arg(AHEAD_ID)
        .arg(root)
        .arg(runroot)
        .env(ATTACH_FD_ENV, theirs.as_raw_fd().to_string())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    Ok(Ahead { sock: Some(ours), child })
}

impl Ahead {
    /// Runs container `id` (joining the network namespace `netns`, if any); returns the
    /// attach connection, as for a monitor started for it. The monitor stays our child
    /// (not waited for: it outlives this command, and then belongs to init).
    pub fn start(mut self, id: &str, netns: Option<&str>, joins: &str) -> std::io::Result<UnixStream> {
        let mut sock = self.sock.take().ok_or_else(|| std::io::Error::other("monitor already started"))?;
        if let Ok(Some(status)) = self.child.try_wait() {
            return Err(std::io::Error::other(format!("the container monitor exited before the start ({status})")));
        }
        proto::write_frame(&mut sock, proto::START, format!("{id}\n{}\n{joins}", netns.unwrap_or("")).as_bytes())?;
        Ok(sock)
    }
}

impl Drop for Ahead {
    fn drop(&mut self) {
        // Not started: closing the socket ends the monitor; reap it.
        if let Some(s) = self.sock.take() {
            let _ = s.shutdown(std::net::Shutdown::Both);
            let _ = self.child.wait();
        }
    }
}

/// Entry point of `ctr __monitor`; returns the exit code of the first process.
pub fn main(args: &[OsString]) -> i32 {
    crate::trace::mark("monitor: main");
    let (Some(id), Some(root), Some(runroot)) = (args.first(), args.get(1), args.get(2)) else {
        return 125;
    };
    let attach = std::env::var(ATTACH_FD_ENV).ok().and_then(|s| s.parse::<RawFd>().ok());
    // SAFETY: the env var names an fd `ctr` left open for us; nothing else owns it.
    let mut attach = attach.map(|fd| unsafe { UnixStream::from_raw_fd(fd) });
    // SAFETY: fresh re-exec, single-threaded; the env var is ours.
    unsafe { std::env::remove_var(ATTACH_FD_ENV) };
    let _ = attach.as_ref().map(|a| set_cloexec(a.as_raw_fd()));
    // Started ahead (`spawn_ahead`): the container is named by the first frame. The end
    // of the stream instead: the command failed before it made one; nothing to do.
    let mut id = id.to_string_lossy().into_owned();
    let ahead = id == AHEAD_ID;
    if ahead {
        let Some(a) = attach.as_mut() else { return 125 };
        let Ok(Some((proto::START, payload))) = proto::read_frame(a) else { return 0 };
        let payload = String::from_utf8_lossy(&payload).into_owned();
        let mut lines = payload.split('\n');
        id = lines.next().unwrap_or("").to_string();
        let (netns, joins) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
        // SAFETY: fresh re-exec, single-threaded.
        unsafe {
            std::env::set_var(NETNS_ENV, netns);
            std::env::set_var(JOIN_ENV, joins);
        }
        // Our command line names the container, as a monitor started for it does
        // (`monitor_alive` and `pgrep -f "__monitor ID"` look for it there).
        name_in_cmdline(&id);
    }
    // Detach: the parent returns at once (the CLI reaps it), the child leads a new session.
    // Started ahead by `ctr run`, which never waits for it (it is gone long before the
    // monitor, whose parent then is init or a subreaper), no fork is needed for that.
    if !ahead {
        // SAFETY: single-threaded process (fresh exec), so fork is safe.
        match unsafe { nix::unistd::fork() } {
            Ok(nix::unistd::ForkResult::Parent { .. }) => return 0,
            Ok(nix::unistd::ForkResult::Child) => {}
            Err(_) => return 125,
        }
    }
    let _ = nix::unistd::setsid();
    crate::trace::mark("monitor: detached");
    let _ = nix::sys::signal::sigprocmask(
        nix::sys::signal::SigmaskHow::SIG_SETMASK,
        Some(&nix::sys::signal::SigSet::empty()),
        None,
    );
    let stop_pipe = catch_stop_signals();
    let paths = Paths::new(Path::new(root), Path::new(runroot), &id);
    crate::runtime::pause::set_dir(Path::new(runroot));
    let mut m = Monitor {
        stop_pipe,
        id,
        root: PathBuf::from(root),
        runroot: PathBuf::from(runroot),
        paths,
        clients: Vec::new(),
        net_helper: None,
        net_detach: None,
        cgroup: None,
        health: None,
        relay: None,
        force_restart: false,
        no_restart: false,
        kill_at: None,
        userns: None,
        rotate: None,
        fuse: None,
    };
    if let Some(a) = attach {
        let _ = a.set_nonblocking(true);
        m.clients.push(Client { sock: a, buf: proto::FrameBuffer::default(), attached: true, dead: false });
    }
    let code = m.run();
    // SAFETY: exiting the monitor process without running the parent's atexit state.
    unsafe { libc::_exit(code) }
}

struct Client {
    sock: UnixStream,
    buf: proto::FrameBuffer,
    attached: bool,
    /// Writing to it failed: dropped at the end of the loop iteration (indices stay valid).
    dead: bool,
}

struct Monitor {
    /// Read end of the pipe the SIGTERM/SIGINT/SIGHUP handler writes to.
    stop_pipe: Option<File>,
    id: String,
    root: PathBuf,
    runroot: PathBuf,
    paths: Paths,
    clients: Vec<Client>,
    /// The network helper (pasta, slirp4netns) while the container runs.
    net_helper: Option<crate::network::helper::Helper>,
    /// On user networks with published ports: the job that takes the ports back.
    net_detach: Option<(crate::network::bridge::Job, crate::runtime::userns::Mapping)>,
    /// The container's cgroup, when it has limits.
    cgroup: Option<PathBuf>,
    /// Its health checks, while it runs.
    health: Option<service::Health>,
    /// `--sdnotify=container`: the socket the container notifies on.
    relay: Option<service::NotifyRelay>,
    /// `--health-on-failure=restart` killed it: start it again whatever its policy.
    force_restart: bool,
    /// `--health-on-failure=stop` stopped it: its policy does not start it again.
    no_restart: bool,
    /// `--health-on-failure=stop`: SIGKILL at this time if it has not exited.
    kill_at: Option<std::time::Instant>,
    /// The pause process's user namespace the container was started in (rootless).
    userns: Option<OwnedFd>,
    /// json-file rotation (`ANN_LOG_ROTATE`).
    rotate: Option<(u64, u32)>,
    /// The fuse driver's server of this run (killed when dropped).
    fuse: Option<crate::storage::fuse::Server>,
}

/// How one run of the container ended.
enum RunEnd {
    /// For good, with this exit code.
    Done(i32),
    /// Its restart policy starts it again (after the backoff).
    Restart(i32),
}

/// Set by the handler of SIGTERM, SIGINT and SIGHUP.
static STOP_ASKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// The write end of the monitor's stop pipe (-1: none).
static STOP_PIPE_W: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);

extern "C" fn on_stop_signal(_: libc::c_int) {
    STOP_ASKED.store(true, std::sync::atomic::Ordering::Relaxed);
    let fd = STOP_PIPE_W.load(std::sync::atomic::Ordering::Relaxed);
    if fd >= 0 {
        // SAFETY: write(2) is async-signal-safe; the fd is our pipe's (non-blocking).
        unsafe { libc::write(fd, b"s".as_ptr().cast(), 1) };
    }
}

/// SIGTERM, SIGINT and SIGHUP no longer kill the monitor outright (which left the
/// container running and unrecorded when systemd stopped a unit): they stop the
/// container, and the monitor records its exit and cleans up. Returns the pipe's read end,
/// which the event loop polls.
fn catch_stop_signals() -> Option<File> {
    let (r, w) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC | nix::fcntl::OFlag::O_NONBLOCK).ok()?;
    STOP_PIPE_W.store(w.as_raw_fd(), std::sync::atomic::Ordering::Relaxed);
    std::mem::forget(w);
    let act = nix::sys::signal::SigAction::new(
        nix::sys::signal::SigHandler::Handler(on_stop_signal),
        nix::sys::signal::SaFlags::SA_RESTART,
        nix::sys::signal::SigSet::empty(),
    );
    for s in [nix::sys::signal::Signal::SIGTERM, nix::sys::signal::Signal::SIGINT, nix::sys::signal::Signal::SIGHUP] {
        // SAFETY: the handler only touches atomics and calls write(2).
        let _ = unsafe { nix::sys::signal::sigaction(s, &act) };
    }
    Some(File::from(r))
}

fn set_cloexec(fd: RawFd) {
    // SAFETY: fcntl on an fd this process owns.
    unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
}

fn pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
    nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(Into::into)
}

fn clear_cloexec(fd: &OwnedFd) {
    // SAFETY: fcntl on an fd this process owns.
    unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, 0) };
}

/// The container's end and the monitor's end of its stdio.
struct Stdio {
    child: [OwnedFd; 3],
    stdin: Option<File>,
    stdout: Option<File>,
    stderr: Option<File>,
    pty: Option<File>,
    /// (our end, the container's end) of the socket the pty master comes over.
    console: Option<(UnixStream, OwnedFd)>,
}

impl Monitor {
    /// Runs the container, and again as long as its restart policy says so (docker's
    /// backoff between runs).
    fn run(&mut self) -> i32 {
        let mut backoff = crate::engine::policy::Backoff::default();
        loop {
            let began = std::time::Instant::now();
            match self.start_and_wait() {
                Ok(RunEnd::Done(code)) => return code,
                Ok(RunEnd::Restart(code)) => {
                    let delay = backoff.next(began.elapsed().as_millis() as u64);
                    if !self.sleep_unless_stopped(delay) {
                        // Stopped during the backoff: an --rm container (restarted by its
                        // health check) goes, as it would had it not been restarting.
                        let autoremove = read_spec(&self.paths.bundle)
                            .is_ok_and(|s| annotation(&s, "io.ctr.autoremove") == Some("true"));
                        if let Ok(mut s) = crate::store::Store::open(&self.root.join("ctr.db")) {
                            let _ = if autoremove {
                                s.remove_container(&self.id).map(|_| ())
                            } else {
                                s.set_exited(&self.id, code as i64, crate::timefmt::now_ns(), false)
                            };
                        }
                        self.broadcast(proto::EXIT, code.to_string().as_bytes(), false);
                        if autoremove {
                            self.clients.clear();
                            self.remove_container();
                        }
                        return code;
                    }
                }
                Err((code, msg)) => {
                    self.record_failure(code, &msg);
                    return code;
                }
            }
        }
    }

    /// The backoff before a restart; false when the user stopped or removed the container
    /// meanwhile (checked every 100 ms).
    fn sleep_unless_stopped(&mut self, delay: Duration) -> bool {
        let end = std::time::Instant::now() + delay;
        let Ok(store) = crate::store::Store::open(&self.root.join("ctr.db")) else { return false };
        loop {
            match store.container(&self.id) {
                Ok(Some(r)) if !r.stopped_by_user && !STOP_ASKED.load(std::sync::atomic::Ordering::Relaxed) => {}
                _ => return false,
            }
            let left = end.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return true;
            }
            std::thread::sleep(left.min(Duration::from_millis(100)));
        }
    }

    /// After a run: does the container start again? Its policy (read now: `ctr update
    /// --restart` may have changed it), unless the user stopped it or a health action
    /// decided.
    fn restarts(&self, store: &crate::store::Store, code: i32) -> bool {
        let Ok(Some(rec)) = store.container(&self.id) else { return false };
        if rec.stopped_by_user || self.no_restart {
            return false;
        }
        let cfg = crate::engine::local::ContainerConfig::of(&rec);
        self.force_restart || cfg.restart_policy.should_restart(code, rec.restart_count.max(0) as u32, false)
    }

    /// Health checks of this run, when the container has one.
    fn start_health(&mut self, spec: &Spec, pid: i32, started: i64) {
        self.health = None;
        let Some((h, on_failure)) = annotation(spec, ANN_HEALTH)
            .and_then(|a| serde_json::from_str::<(crate::engine::policy::HealthConfig, _)>(a).ok())
        else {
            return;
        };
        if let Some(req) = crate::engine::local::health::check_request(&h, pid, &self.paths.bundle) {
            self.health = service::Health::new(h, req, &self.paths.health(), started, on_failure);
        }
    }

    /// A change of health: a `health_status` event, `--sdnotify=healthy`'s READY=1,
    /// `--health-on-failure`'s action.
    fn on_health(&mut self, ev: service::HealthEvent, pid: nix::unistd::Pid, sdnotify_healthy: bool) {
        use crate::engine::policy::HealthOnFailure;
        use nix::sys::signal::{Signal, kill};
        let status = if ev == service::HealthEvent::Healthy { "healthy" } else { "unhealthy" };
        if let Ok(Some(rec)) = crate::store::Store::open(&self.root.join("ctr.db")).and_then(|s| s.container(&self.id))
        {
            let e = crate::engine::events::event(
                "container",
                &format!("health_status: {status}"),
                &self.id,
                &rec.name,
                &rec.image_name,
                &[],
            );
            crate::engine::events::append(&self.runroot, &e);
        }
        match ev {
            service::HealthEvent::Healthy => {
                if sdnotify_healthy {
                    service::notify_ready();
                }
            }
            service::HealthEvent::Unhealthy => match self.health.as_ref().map(|h| h.on_failure) {
                Some(HealthOnFailure::Kill) => {
                    let _ = kill(pid, Signal::SIGKILL);
                }
                Some(HealthOnFailure::Restart) => {
                    self.force_restart = true;
                    let _ = kill(pid, Signal::SIGKILL);
                }
                Some(HealthOnFailure::Stop) => {
                    self.no_restart = true;
                    let _ = kill(pid, Signal::SIGTERM);
                    self.kill_at = Some(std::time::Instant::now() + Duration::from_secs(10));
                }
                _ => {}
            },
        }
    }

    fn broadcast(&mut self, kind: u8, payload: &[u8], only_attached: bool) {
        for c in self.clients.iter_mut().filter(|c| !c.dead && (c.attached || !only_attached)) {
            let _ = c.sock.set_nonblocking(false);
            let _ = c.sock.set_write_timeout(Some(Duration::from_secs(5)));
            c.dead = proto::write_frame(&mut c.sock, kind, payload).is_err();
            let _ = c.sock.set_nonblocking(true);
        }
    }

    /// Ends what the container's run held: its network helper and its cgroup.
    fn release(&mut self) {
        if let Some(mut h) = self.net_helper.take() {
            h.stop();
        }
        if let Some((job, m)) = self.net_detach.take() {
            let _ = crate::network::bridge::run(&job, &m);
        }
        if let Some(d) = self.cgroup.take() {
            crate::cgroups::remove(&d);
        }
        self.fuse = None;
    }

    fn record_failure(&mut self, code: i32, msg: &str) {
        self.release();
        if let Ok(mut s) = crate::store::Store::open(&self.root.join("ctr.db")) {
            let _ = s.set_exited(&self.id, code as i64, crate::timefmt::now_ns(), false);
        }
        // An --rm container goes before the error is told: `run --rm` that failed to start
        // ends with nothing left, as podman's does.
        let spec = read_spec(&self.paths.bundle).ok();
        if spec.as_ref().is_some_and(|s| annotation(s, "io.ctr.autoremove") == Some("true")) {
            self.remove_container();
        }
        self.broadcast(proto::ERROR, format!("{code}\n{msg}").as_bytes(), false);
    }

    fn stdio(&self, spec: &Spec) -> std::io::Result<Stdio> {
        let tty = spec.process().as_ref().and_then(|p| p.terminal()).unwrap_or(false);
        if tty && annotation(spec, ANN_RUNTIME).is_some() {
            // An external runtime gets a terminal of ours as its stdio.
            let pty = nix::pty::openpty(None, None).map_err(std::io::Error::from)?;
            set_cloexec(pty.master.as_raw_fd());
            let s = pty.slave;
            return Ok(Stdio {
                child: [s.try_clone()?, s.try_clone()?, s],
                stdin: None,
                stdout: None,
                stderr: None,
                pty: Some(File::from(pty.master)),
                console: None,
            });
        }
        if tty {
            // The container makes its pty in its own devpts and sends us the master.
            let null = OwnedFd::from(File::open("/dev/null")?);
            let (ours, theirs) = UnixStream::pair()?;
            return Ok(Stdio {
                child: [null.try_clone()?, null.try_clone()?, null],
                stdin: None,
                stdout: None,
                stderr: None,
                pty: None,
                console: Some((ours, OwnedFd::from(theirs))),
            });
        }
        let (stdin_child, stdin) = if annotation(spec, "io.ctr.stdin") == Some("true") {
            let (r, w) = pipe()?;
            (r, Some(File::from(w)))
        } else {
            (OwnedFd::from(File::open("/dev/null")?), None)
        };
        let (out_r, out_w) = pipe()?;
        let (err_r, err_w) = pipe()?;
        Ok(Stdio {
            child: [stdin_child, out_w, err_w],
            stdin,
            stdout: Some(File::from(out_r)),
            stderr: Some(File::from(err_r)),
            pty: None,
            console: None,
        })
    }

    fn start_and_wait(&mut self) -> Result<RunEnd, (i32, String)> {
        let err = |what: &str| {
            let what = what.to_string();
            move |e: std::io::Error| (125, format!("{what}: {e}"))
        };
        let mut spec = read_spec(&self.paths.bundle).map_err(err("read the container's config.json"))?;
        let mut idmapped = IdmappedLayers(Vec::new());
        if annotation(&spec, init::ANN_IDMAP) == Some("true") {
            // --userns as root: the layers as idmapped mounts (in a private mount namespace
            // of the monitor, which the container's copies).
            let lowers: Vec<String> =
                annotation(&spec, init::ANN_LOWER).unwrap_or("").split(':').map(String::from).collect();
            let lowers: Vec<&str> = lowers.iter().map(String::as_str).collect();
            // Outside the bundle, which cleanup removes recursively: never walk into a layer.
            let dir = self.runroot.join("idmap").join(&self.id);
            let mapped = crate::runtime::idmap::idmap_lowers(&lowers, &spec_maps(&spec), &dir)
                .map_err(|e| (125, format!("--userns: {e}")))?;
            idmapped = IdmappedLayers(mapped.clone());
            let joined = mapped.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(":");
            let mut ann = spec.annotations().clone().unwrap_or_default();
            ann.insert(init::ANN_LOWER.to_string(), joined);
            spec.set_annotations(Some(ann));
        }
        let stdio = self.stdio(&spec).map_err(err("set up stdio"))?;
        let _ = std::fs::remove_file(self.paths.attach());
        let listener = UnixListener::bind(self.paths.attach()).map_err(err("attach socket"))?;
        listener.set_nonblocking(true).map_err(err("attach socket"))?;
        if annotation(&spec, ANN_SDNOTIFY) == Some("container") && self.relay.is_none() {
            let dir = self.paths.bundle.join("notify");
            self.relay = Some(service::NotifyRelay::bind(&dir).map_err(err("the sd_notify socket"))?);
        }
        let rootless = annotation(&spec, init::ANN_ROOTLESS) == Some("true");
        crate::trace::mark("monitor: spec read, stdio and attach socket ready");
        let (pid, store) = match annotation(&spec, ANN_RUNTIME) {
            Some(runtime) => {
                let pid = self.launch_external(&spec, runtime, rootless, stdio.child)?;
                (pid, crate::store::Store::open(&self.root.join("ctr.db")).inspect(|s| s.defer_checkpoints()))
            }
            None => self.launch(
                &spec,
                rootless,
                stdio.child,
                stdio.pty.is_some() || stdio.console.is_some(),
                stdio.console.as_ref().map(|c| c.1.as_raw_fd()),
            )?,
        };
        // The container has its own copies of any idmapped layers now: ours go.
        drop(idmapped);
        // Its mount namespace stays until the exit is reported: when the last process
        // exits, the kernel would otherwise unmount the root and everything under it
        // before we can tell the client, which then waits for that too.
        let mount_ns = File::open(format!("/proc/{}/ns/mnt", pid.as_raw())).ok();
        let mut pty = stdio.pty;
        if let Some((ours, theirs)) = stdio.console {
            drop(theirs);
            pty = Some(receive_pty(&ours).map_err(|e| (125, format!("receiving the container's terminal: {e}")))?);
        }
        let started = crate::timefmt::now_ns();
        let mut store = store.map_err(|e| (125, e.to_string()))?;
        store
            .set_running(&self.id, pid.as_raw() as i64, std::process::id() as i64, started)
            .map_err(|e| (125, e.to_string()))?;
        // The log exists before anyone hears of the start: a client that opens it right
        // after (and removes the container before reading) still gets the whole output.
        let _ = std::fs::OpenOptions::new().create(true).append(true).open(self.paths.log());
        self.broadcast(proto::STARTED, pid.as_raw().to_string().as_bytes(), false);
        crate::trace::mark("monitor: running recorded, STARTED sent");
        late_hooks(&self.id, &self.paths.bundle, &spec, pid.as_raw(), "poststart", "running");
        (self.force_restart, self.no_restart, self.kill_at) = (false, false, None);
        self.start_health(&spec, pid.as_raw(), started);
        let sdnotify_healthy = annotation(&spec, ANN_SDNOTIFY) == Some("healthy");
        self.rotate = annotation(&spec, ANN_LOG_ROTATE).and_then(|r| serde_json::from_str(r).ok());
        let code = self.event_loop(pid, stdio.stdin, stdio.stdout, stdio.stderr, pty, listener, sdnotify_healthy);
        crate::trace::mark("monitor: container exited");
        late_hooks(&self.id, &self.paths.bundle, &spec, pid.as_raw(), "poststop", "stopped");
        self.health = None;
        let own_pid_ns = spec.linux().as_ref().and_then(|l| l.namespaces().as_ref()).is_some_and(|ns| {
            ns.iter().any(|n| n.typ() == oci_spec::runtime::LinuxNamespaceType::Pid && n.path().is_none())
        });
        if !own_pid_ns
            && annotation(&spec, ANN_RUNTIME).is_none()
            && let Some(ns) =
                mount_ns.as_ref().and_then(|f| std::fs::read_link(format!("/proc/self/fd/{}", f.as_raw_fd())).ok())
        {
            // --pid host: what the first process left behind ends with it.
            crate::runtime::procs::kill_mount_namespace(&ns);
        }
        // The helper goes now; it is reaped once the client has its answer.
        if let Some(h) = self.net_helper.as_mut() {
            h.kill();
        }
        let oom = self.cgroup.as_deref().is_some_and(crate::cgroups::oom_killed);
        let _ = std::fs::remove_file(self.paths.attach());
        // A restart comes first: an --rm container has no restart policy (create refuses
        // one), but `--health-on-failure=restart` restarts it in place all the same, as
        // podman does (a Quadlet unit runs its container with --rm).
        if self.restarts(&store, code) {
            let _ = store.set_restarting(&self.id, code as i64, crate::timefmt::now_ns(), oom);
            drop(store);
            // An attached client (`ctr run` in the foreground) ends with this run, as with
            // docker; `wait` goes on until the container stops for good.
            self.broadcast(proto::EXIT, code.to_string().as_bytes(), true);
            drop(mount_ns);
            self.clients.retain(|c| !c.attached);
            self.release();
            return Ok(RunEnd::Restart(code));
        } else if annotation(&spec, "io.ctr.autoremove") == Some("true") {
            // --rm: the record goes first (the container is gone for every other ctr),
            // then the waiting client is told, then the files go.
            // Like docker, --rm takes the container's anonymous volumes along: their
            // records go with the container's, their files after the client is told.
            let volumes = store.container_volumes(&self.id).unwrap_or_default();
            let _ = store.remove_container(&self.id);
            let gone =
                crate::engine::local::volumes::forget_anonymous_volumes(&mut store, &volumes).unwrap_or_default();
            drop(store);
            self.broadcast(proto::EXIT, code.to_string().as_bytes(), false);
            self.clients.clear();
            drop(mount_ns);
            self.remove_container();
            let _ = crate::engine::local::Leftovers::new(&self.root, &self.runroot).delete_volume_dirs(&gone);
        } else {
            let _ = store.set_exited(&self.id, code as i64, crate::timefmt::now_ns(), oom);
            self.broadcast(proto::EXIT, code.to_string().as_bytes(), false);
            drop(mount_ns);
            store.checkpoint();
        }
        self.release();
        Ok(RunEnd::Done(code))
    }

    /// Clones the container's first process (runtime::init) in its new namespaces, writes
    /// its id maps, and waits until it has exec'd. Opens the store meanwhile.
    #[allow(clippy::type_complexity)]
    fn launch(
        &mut self,
        spec: &Spec,
        rootless: bool,
        child: [OwnedFd; 3],
        tty: bool,
        console: Option<RawFd>,
    ) -> Result<(nix::unistd::Pid, Result<crate::store::Store, crate::store::StoreError>), (i32, String)> {
        let err = |what: &str| {
            let what = what.to_string();
            move |e: std::io::Error| (125, format!("{what}: {e}"))
        };
        let (maps_r, maps_w) = pipe().map_err(err("pipe"))?;
        let (errs_r, errs_w) = pipe().map_err(err("pipe"))?;
        let net: crate::network::NetConfig =
            annotation(spec, ANN_NET).and_then(|n| serde_json::from_str(n).ok()).unwrap_or_default();
        let needs_helper =
            matches!(net.mode, crate::network::NetMode::Pasta { .. } | crate::network::NetMode::Slirp4netns { .. });
        // A user network: the veth pair is made once the init exists (its network
        // namespace), before it is released to exec.
        let attach = crate::network::bridge::attach_job(&self.runroot, &self.id, &net).map_err(|e| (125, e))?;
        let (net_r, net_w) = if needs_helper || attach.is_some() {
            let (r, w) = pipe().map_err(err("pipe"))?;
            (Some(r), Some(w))
        } else {
            (None, None)
        };
        // container:NAME and ns:PATH: the netns to join (and its owner, the user namespace).
        let join = match &net.mode {
            crate::network::NetMode::Container { .. } => Some(
                std::env::var(NETNS_ENV)
                    .ok()
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| (125, "the container to share the network with is not running".to_string()))?,
            ),
            crate::network::NetMode::Ns { path } => Some(path.clone()),
            _ => None,
        };
        let mut flags = clone_flags(spec, rootless);
        if join.is_some() {
            flags.remove(nix::sched::CloneFlags::CLONE_NEWNET);
        }
        // A pod's IPC and UTS namespaces (its infra's), joined instead of made.
        let mut others = Vec::new();
        for item in std::env::var(JOIN_ENV).unwrap_or_default().split(',').filter(|i| !i.is_empty()) {
            let (kind, path) = item.split_once('=').unwrap_or((item, ""));
            let flag = match kind {
                "ipc" => nix::sched::CloneFlags::CLONE_NEWIPC,
                "uts" => nix::sched::CloneFlags::CLONE_NEWUTS,
                _ => continue,
            };
            let f = File::open(path).map_err(|e| {
                (125, format!("cannot open the {kind} namespace {path} to share (is its container running?): {e}"))
            })?;
            flags.remove(flag);
            others.push((f, flag, format!("{kind} namespace {path}")));
        }
        let child_stdio = [child[0].as_raw_fd(), child[1].as_raw_fd(), child[2].as_raw_fd()];
        for fd in &child {
            clear_cloexec(fd);
        }
        let mut stack = vec![0u8; 1 << 20];
        let bundle = self.paths.bundle.clone();
        // The fuse driver: the init opens /dev/fuse (the kernel wants the mount's user
        // namespace to be the opener's), mounts it and sends it over this socket to the
        // server, a child of ours started once the init's user namespace is mapped.
        let fuse_pair = match annotation(spec, init::ANN_DRIVER) {
            Some("fuse") => Some(UnixStream::pair().map_err(err("socketpair"))?),
            _ => None,
        };
        let fuse_fd = fuse_pair.as_ref().map(|(_, theirs)| theirs.as_raw_fd());
        let (maps_fd, errs_fd) = (maps_r.as_raw_fd(), errs_w.as_raw_fd());
        let net_fd = net_r.as_ref().map(|r| r.as_raw_fd());
        // The user namespace: the one of the container whose network this one shares, or
        // the one this user's pause process keeps (no id-map helpers to run), or else a
        // new one.
        let (user, netns) = match &join {
            Some(path) => {
                let (user, ns) = open_netns(path)?;
                (user, Some((ns, path.as_str())))
            }
            None if rootless => (crate::runtime::pause::userns(&spec_mapping(spec)), None),
            None => (None, None),
        };
        // Maps of its own (`--userns keep-id` ...): a namespace of its own below the pause
        // one, its maps written from there (no helpers); without the pause namespace, one
        // below the host's, mapped by newuidmap with the spec's host ids.
        let own_maps: Option<crate::engine::userns::IdMaps> = match &join {
            None => annotation(spec, init::ANN_PAUSE_MAPS).and_then(|m| serde_json::from_str(m).ok()),
            Some(_) => None,
        };
        let joined_userns = user.is_some() && own_maps.is_none();
        let nested_maps = own_maps.as_ref().filter(|_| user.is_some());
        if join.is_none() && own_maps.is_none() {
            self.userns = user.as_ref().and_then(|u| u.try_clone().ok());
        }
        if joined_userns {
            flags.remove(nix::sched::CloneFlags::CLONE_NEWUSER);
        }
        // No new user namespace to map: the init sets its root up at once.
        let maps_ready = !flags.contains(nix::sched::CloneFlags::CLONE_NEWUSER);
        let cb = Box::new(|| {
            init::run(InitArgs {
                spec,
                bundle: &bundle,
                maps_done: maps_fd,
                maps_ready,
                errors: errs_fd,
                stdio: child_stdio,
                tty,
                console,
                net_ready: net_fd,
                fuse_fd,
            })
        });
        crate::trace::mark("monitor: user namespace opened");
        let pid = if user.is_none() && netns.is_none() && others.is_empty() {
            // SAFETY: this process is single-threaded; the child runs on its own stack and
            // only touches copies of our memory (no CLONE_VM).
            unsafe { nix::sched::clone(cb, &mut stack, flags, Some(libc::SIGCHLD)) }
                .map_err(|e| (125, format!("cannot create the container's namespaces: {e}")))?
        } else {
            // Only a container with maps of its own has anything more to set up here.
            let nested = nested_maps.map(|m| Nested {
                maps: m,
                reach: vec![self.root.clone(), self.paths.bundle.clone()],
                own_dirs: [init::ANN_UPPER, init::ANN_WORK]
                    .iter()
                    .filter_map(|k| annotation(spec, k))
                    .map(PathBuf::from)
                    .collect(),
            });
            join_and_clone(user, netns, others, nested, cb, &mut stack, flags)?
        };
        crate::trace::mark("monitor: init cloned");
        drop(net_r);
        drop(maps_r);
        drop(errs_w);
        drop(child);
        // The network helper starts at once: it joins the namespaces and sets the network
        // up while the id maps are written and the container sets up its mounts.
        let net_pending = if needs_helper {
            match crate::network::helper::start(&net, pid.as_raw(), &self.paths.bundle, &self.runroot, &self.id) {
                Ok(p) => p,
                Err(e) => {
                    let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
                    let _ = nix::sys::wait::waitpid(pid, None);
                    return Err((125, e));
                }
            }
        } else {
            None
        };
        // The maps the CLI put in the spec; the helpers run while we open the store. A
        // container that joined another's user namespace has its maps already.
        let pending = if rootless && !joined_userns && nested_maps.is_none() {
            match crate::runtime::userns::start_maps(pid.as_raw() as u32, &spec_maps(spec)) {
                Ok(p) => Some(p),
                Err(e) => {
                    let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
                    let _ = nix::sys::wait::waitpid(pid, None);
                    return Err((125, e.to_string()));
                }
            }
        } else {
            None
        };
        let store = crate::store::Store::open(&self.root.join("ctr.db")).inspect(|s| s.defer_checkpoints());
        if let Some(Err(e)) = pending.map(|p| p.finish()) {
            let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
            let _ = nix::sys::wait::waitpid(pid, None);
            return Err((125, e.to_string()));
        }
        if let Some((ours, theirs)) = fuse_pair {
            drop(theirs);
            let layers = crate::storage::fuse::Layers::from_spec(spec, rootless);
            match crate::storage::fuse::Server::spawn(ours, pid.as_raw(), &layers) {
                Ok(s) => self.fuse = Some(s),
                Err(e) => {
                    let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
                    let _ = nix::sys::wait::waitpid(pid, None);
                    return Err((125, format!("the fuse storage driver's server: {e}")));
                }
            }
        }
        // Limits apply before the container's own code runs.
        let limits: crate::cgroups::Limits =
            annotation(spec, ANN_RESOURCES).and_then(|r| serde_json::from_str(r).ok()).unwrap_or_default();
        if !limits.is_empty() {
            let split = annotation(spec, ANN_CGROUPS_SPLIT) == Some("true");
            let r = crate::cgroups::create(&self.id, &limits, split).and_then(|dir| {
                self.cgroup = Some(dir.clone());
                crate::cgroups::enter(&dir, pid.as_raw())
            });
            if let Err(e) = r {
                let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
                let _ = nix::sys::wait::waitpid(pid, None);
                if let Some(d) = self.cgroup.take() {
                    crate::cgroups::remove(&d);
                }
                return Err((125, e));
            }
        }
        crate::trace::mark("monitor: maps, store, cgroup ready; init released");
        let mut errs = File::from(errs_r);
        // OCI hooks before the container's own setup (CDI's): prestart and createRuntime
        // here; createContainer and startContainer read their state from the bundle.
        if spec.hooks().is_some() {
            use crate::runtime::hooks;
            let state = hooks::state(&self.id, "created", pid.as_raw(), &self.paths.bundle, spec);
            for stage in ["prestart", "createRuntime"] {
                if let Err(e) = hooks::run(&hooks::of(spec, stage), stage, &state) {
                    return Err(abort_init(pid, &mut errs, e));
                }
            }
            if let Err(e) = std::fs::write(self.paths.bundle.join(hooks::STATE_FILE), &state) {
                return Err(abort_init(pid, &mut errs, format!("the hooks' state file: {e}")));
            }
        }
        let mut maps_w = File::from(maps_w);
        let _ = maps_w.write_all(b"1");
        drop(maps_w);
        if let Some(mut job) = attach {
            if let crate::network::bridge::Job::Attach { pid: p, .. } = &mut job {
                *p = pid.as_raw() as u32;
            }
            crate::trace::mark("monitor: attaching to the user network");
            if let Err(e) = crate::network::bridge::run(&job, &spec_mapping(spec)) {
                drop(net_w);
                return Err(abort_init(pid, &mut errs, format!("cannot attach the container to its network: {e}")));
            }
            if let crate::network::bridge::Job::Attach { runroot, container_id, ports, .. } = &job
                && !ports.is_empty()
            {
                let detach = crate::network::bridge::Job::Detach {
                    runroot: runroot.clone(),
                    container_id: container_id.clone(),
                    veths: Vec::new(),
                    ports: true,
                };
                self.net_detach = Some((detach, spec_mapping(spec)));
            }
            if let Some(w) = net_w {
                let _ = File::from(w).write_all(b"1");
            }
        } else if let Some(p) = net_pending {
            match p.wait_ready() {
                Ok(h) => {
                    self.net_helper = Some(h);
                    if let Some(w) = net_w {
                        let _ = File::from(w).write_all(b"1");
                    }
                }
                Err(e) => {
                    drop(net_w);
                    return Err(abort_init(pid, &mut errs, e));
                }
            }
        }
        // Wait for exec (the error pipe closes) or an error report.
        let mut report = String::new();
        let mut fds = [PollFd::new(errs.as_fd(), PollFlags::POLLIN)];
        let _ = poll(&mut fds, PollTimeout::try_from(60_000).unwrap_or(PollTimeout::MAX));
        let _ = errs.read_to_string(&mut report);
        crate::trace::mark("monitor: init exec'd");
        if !report.is_empty() {
            let _ = nix::sys::wait::waitpid(pid, None);
            let (code, msg) = report.split_once('\n').unwrap_or(("125", report.as_str()));
            return Err((code.parse().unwrap_or(125), msg.to_string()));
        }
        Ok((pid, store))
    }

    /// `--runtime PATH`: the bundle run by an external OCI runtime (runc), inside a mount
    /// namespace where the overlay root is mounted (and, rootless, a user namespace with
    /// the user's mapping, in which the runtime maps the container's ids 1:1).
    fn launch_external(
        &mut self,
        spec: &Spec,
        runtime: &str,
        rootless: bool,
        child: [OwnedFd; 3],
    ) -> Result<nix::unistd::Pid, (i32, String)> {
        let bundle = self.paths.bundle.join("runtime");
        let mut ext = spec.clone();
        if rootless {
            // The helper already is a user namespace with the user's mapping: the runtime
            // runs as its root and needs no user namespace of its own.
            if let Some(linux) = ext.linux_mut() {
                linux.set_uid_mappings(None);
                linux.set_gid_mappings(None);
                let ns: Vec<_> = linux
                    .namespaces()
                    .clone()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|n| n.typ() != oci_spec::runtime::LinuxNamespaceType::User)
                    .collect();
                linux.set_namespaces(Some(ns));
            }
        }
        let write = std::fs::create_dir_all(&bundle)
            .and_then(|_| serde_json::to_vec_pretty(&ext).map_err(std::io::Error::other))
            .and_then(|data| std::fs::write(bundle.join("config.json"), data));
        write.map_err(|e| (125, format!("writing the runtime bundle: {e}")))?;
        let ann = |k: &str| annotation(spec, k).unwrap_or("").to_string();
        let args: Vec<OsString> = vec![
            "runtime".into(),
            runtime.into(),
            bundle.clone().into(),
            ann(init::ANN_LOWER).into(),
            ann(init::ANN_UPPER).into(),
            ann(init::ANN_WORK).into(),
            self.paths.bundle.join("rootfs").into(),
            format!("ctr-{}", &self.id[..12]).into(),
        ];
        let [i, o, e] = child;
        let stdio = |c: &mut std::process::Command| {
            c.stdin(std::process::Stdio::from(i))
                .stdout(std::process::Stdio::from(o))
                .stderr(std::process::Stdio::from(e));
        };
        let child = if rootless {
            crate::runtime::userns::spawn(&spec_mapping(spec), crate::runtime::userns::Extra::Mount, &args, stdio)
                .map_err(|e| (125, e.to_string()))?
        } else {
            let mut c = std::process::Command::new("/proc/self/exe");
            c.arg("__runtime").args(&args[1..]);
            stdio(&mut c);
            c.spawn().map_err(|e| (125, format!("cannot run {runtime}: {e}")))?
        };
        let pid = nix::unistd::Pid::from_raw(child.id() as i32);
        // Reaped by the event loop (waitpid), not by the Child handle.
        std::mem::forget(child);
        // "Started" means the container's own process exists (exec, kill and cp need it).
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while !runtime_started(pid.as_raw()) && std::time::Instant::now() < deadline {
            if let Ok(nix::sys::wait::WaitStatus::Exited(..) | nix::sys::wait::WaitStatus::Signaled(..)) =
                nix::sys::wait::waitid(
                    nix::sys::wait::Id::Pid(pid),
                    nix::sys::wait::WaitPidFlag::WEXITED
                        | nix::sys::wait::WaitPidFlag::WNOHANG
                        | nix::sys::wait::WaitPidFlag::WNOWAIT,
                )
            {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        Ok(pid)
    }

    /// The container's stop signal and stop timeout, as `ctr stop` uses them (SIGTERM and
    /// 10 s unless the image's StopSignal / --stop-timeout say otherwise).
    fn stop_settings(&self) -> (i32, Duration) {
        let cfg = crate::store::Store::open(&self.root.join("ctr.db"))
            .ok()
            .and_then(|s| s.container(&self.id).ok().flatten())
            .map(|r| crate::engine::local::ContainerConfig::of(&r));
        let sig = cfg.as_ref().and_then(|c| crate::engine::local::containers::parse_signal(&c.stop_signal));
        let secs = cfg.as_ref().and_then(|c| c.stop_timeout).unwrap_or(10);
        (sig.unwrap_or(libc::SIGTERM), Duration::from_secs(secs))
    }

    fn remove_container(&mut self) {
        // Rootless, the container's layer holds files of subordinate ids: a child of ours
        // removes it as root of the user namespace it ran in (no helper to exec).
        if let Some(ns) = self.userns.take() {
            let data = self.paths.data.clone();
            // SAFETY: the monitor is single-threaded; the child makes syscalls and exits.
            match unsafe { nix::unistd::fork() } {
                Ok(nix::unistd::ForkResult::Child) => {
                    let ok =
                        crate::runtime::pause::join(&ns).is_ok() && crate::storage::layers::remove_tree(&data).is_ok();
                    // SAFETY: leave without running anything of the parent's image.
                    unsafe { libc::_exit(if ok { 0 } else { 1 }) }
                }
                Ok(nix::unistd::ForkResult::Parent { child }) => {
                    let _ = nix::sys::wait::waitpid(child, None);
                }
                Err(_) => {}
            }
        }
        if let Ok(mut store) = crate::store::Store::open(&self.root.join("ctr.db")) {
            let _ =
                crate::engine::local::Leftovers::new(&self.root, &self.runroot).remove_container(&mut store, &self.id);
            store.checkpoint();
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn event_loop(
        &mut self,
        pid: nix::unistd::Pid,
        mut stdin: Option<File>,
        stdout: Option<File>,
        stderr: Option<File>,
        pty: Option<File>,
        listener: UnixListener,
        sdnotify_healthy: bool,
    ) -> i32 {
        let mut log = Log::open(&self.paths.log());
        log.rotate = self.rotate;
        // SAFETY: pidfd_open with a pid that is our child and not yet reaped.
        let pidfd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid.as_raw(), 0) } as RawFd;
        // SAFETY: pidfd_open returned a new fd we own (checked >= 0 before use).
        let pidfd = (pidfd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(pidfd) });
        let mut outputs: Vec<(File, &'static str, u8)> = Vec::new();
        if let Some(f) = stdout {
            outputs.push((f, "stdout", proto::STDOUT));
        }
        if let Some(f) = stderr {
            outputs.push((f, "stderr", proto::STDERR));
        }
        let pty_in = pty.as_ref().and_then(|p| p.try_clone().ok());
        if let Some(p) = pty {
            outputs.push((p, "stdout", proto::STDOUT));
        }
        let mut exited: Option<i32> = None;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n_out = outputs.len();
            let mut fds: Vec<PollFd> = Vec::new();
            for (f, _, _) in &outputs {
                fds.push(PollFd::new(f.as_fd(), PollFlags::POLLIN));
            }
            fds.push(PollFd::new(listener.as_fd(), PollFlags::POLLIN));
            let n_clients = self.clients.len();
            for c in &self.clients {
                fds.push(PollFd::new(c.sock.as_fd(), PollFlags::POLLIN));
            }
            let pid_idx = fds.len();
            if let (Some(p), None) = (&pidfd, exited) {
                fds.push(PollFd::new(p.as_fd(), PollFlags::POLLIN));
            }
            // A health check's output and the sd_notify relay wake us too; the next due
            // check or kill bounds the wait.
            if let Some(fd) = self.health.as_ref().and_then(|h| h.fd()) {
                fds.push(PollFd::new(fd, PollFlags::POLLIN));
            }
            if let Some(r) = &self.relay {
                fds.push(PollFd::new(r.fd(), PollFlags::POLLIN));
            }
            if let Some(p) = &self.stop_pipe {
                fds.push(PollFd::new(p.as_fd(), PollFlags::POLLIN));
            }
            let mut wait_ms: u64 = 1000;
            if let Some(h) = &self.health {
                wait_ms = wait_ms.min(h.timeout_ms());
            }
            if let Some(t) = self.kill_at {
                wait_ms = wait_ms.min(t.saturating_duration_since(std::time::Instant::now()).as_millis() as u64);
            }
            // Once exited, drain what is left in the pipes without blocking.
            let timeout = if exited.is_some() {
                PollTimeout::ZERO
            } else {
                PollTimeout::try_from(wait_ms as i32).unwrap_or(PollTimeout::MAX)
            };
            if let Err(e) = poll(&mut fds, timeout) {
                if e != nix::errno::Errno::EINTR {
                    break;
                }
                continue;
            }
            let ready = |f: &PollFd| f.revents().is_some_and(|r| !r.is_empty());
            let out_ready: Vec<bool> = fds[..n_out].iter().map(ready).collect();
            let listen_ready = ready(&fds[n_out]);
            let client_ready: Vec<bool> = fds[n_out + 1..n_out + 1 + n_clients].iter().map(ready).collect();
            let child_ready = fds.get(pid_idx).is_some_and(ready);
            drop(fds);

            let mut closed = Vec::new();
            for (i, r) in out_ready.iter().enumerate() {
                if !r {
                    continue;
                }
                let (f, stream, kind) = &mut outputs[i];
                match f.read(&mut buf) {
                    Ok(0) | Err(_) => closed.push(i),
                    Ok(n) => {
                        log.write(stream, &buf[..n]);
                        let (stream_kind, data) = (*kind, buf[..n].to_vec());
                        self.broadcast(stream_kind, &data, true);
                    }
                }
            }
            for i in closed.into_iter().rev() {
                outputs.remove(i);
            }
            if listen_ready {
                while let Ok((sock, _)) = listener.accept() {
                    let _ = sock.set_nonblocking(true);
                    self.clients.push(Client {
                        sock,
                        buf: proto::FrameBuffer::default(),
                        attached: false,
                        dead: false,
                    });
                }
            }
            let mut gone = Vec::new();
            for (i, r) in client_ready.iter().enumerate() {
                if !r || self.clients[i].dead {
                    continue;
                }
                let c = &mut self.clients[i];
                match c.sock.read(&mut buf) {
                    Ok(0) => gone.push(i),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(_) => gone.push(i),
                    Ok(n) => {
                        c.buf.push(&buf[..n]);
                        while let Some((kind, payload)) = c.buf.next_frame() {
                            match kind {
                                proto::HELLO => c.attached = payload == b"attach",
                                proto::STDIN if payload.is_empty() => stdin = None,
                                proto::STDIN => {
                                    if let Some(w) = stdin.as_mut() {
                                        let _ = w.write_all(&payload);
                                    } else if let Some(mut p) = pty_in.as_ref() {
                                        let _ = p.write_all(&payload);
                                    }
                                }
                                proto::RESIZE if payload.len() == 4 => {
                                    if let Some(p) = &pty_in {
                                        set_winsize(
                                            p.as_raw_fd(),
                                            u16::from_be_bytes([payload[0], payload[1]]),
                                            u16::from_be_bytes([payload[2], payload[3]]),
                                        );
                                    }
                                }
                                proto::SIGNAL => {
                                    if let Some(sig) =
                                        std::str::from_utf8(&payload).ok().and_then(|s| s.parse::<i32>().ok())
                                    {
                                        // SAFETY: kill(2) on our own child.
                                        unsafe { libc::kill(pid.as_raw(), sig) };
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                }
            }
            for i in gone {
                self.clients[i].dead = true;
            }
            self.clients.retain(|c| !c.dead);
            if let Some(r) = &self.relay {
                r.relay();
            }
            // The fuse driver's server died: the container's files fail from now on; say
            // so where its user looks (its log and attached clients).
            if let Some(msg) = self.fuse.as_mut().and_then(|f| f.died()) {
                log.write("stderr", msg.as_bytes());
                self.broadcast(proto::STDERR, msg.as_bytes(), true);
            }
            if let Some(p) = self.stop_pipe.as_mut() {
                let mut b = [0u8; 16];
                let _ = p.read(&mut b);
            }
            if exited.is_none() && !self.no_restart && STOP_ASKED.load(std::sync::atomic::Ordering::Relaxed) {
                // The monitor was told to stop (systemd stopping the unit it runs in):
                // stop the container as `ctr stop` would (its stop signal, SIGKILL after its
                // --stop-timeout), then record and clean up as usual.
                self.no_restart = true;
                let (sig, timeout) = self.stop_settings();
                // SAFETY: kill(2) on our own child.
                unsafe { libc::kill(pid.as_raw(), sig) };
                self.kill_at = Some(std::time::Instant::now() + timeout);
            }
            if exited.is_none() {
                if let Some(ev) = self.health.as_mut().and_then(|h| h.tick()) {
                    self.on_health(ev, pid, sdnotify_healthy);
                }
                if self.kill_at.is_some_and(|t| std::time::Instant::now() >= t) {
                    self.kill_at = None;
                    let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
                }
            }
            if child_ready || (pidfd.is_none() && exited.is_none()) {
                match nix::sys::wait::waitpid(pid, Some(nix::sys::wait::WaitPidFlag::WNOHANG)) {
                    Ok(nix::sys::wait::WaitStatus::Exited(_, c)) => exited = Some(c),
                    Ok(nix::sys::wait::WaitStatus::Signaled(_, s, _)) => exited = Some(128 + s as i32),
                    Ok(_) => {}
                    Err(_) => exited = Some(-1),
                }
            }
            if exited.is_some() && (outputs.is_empty() || out_ready.iter().all(|r| !r)) {
                break;
            }
        }
        // A server that died as the container ended (its last reads failing) is said too.
        if let Some(msg) = self.fuse.as_mut().and_then(|f| f.died()) {
            log.write("stderr", msg.as_bytes());
        }
        log.flush();
        exited.unwrap_or(-1)
    }
}

fn set_winsize(fd: RawFd, rows: u16, cols: u16) {
    let ws = libc::winsize { ws_row: rows, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: TIOCSWINSZ with a valid winsize on our pty master.
    unsafe { libc::ioctl(fd, libc::TIOCSWINSZ, &ws) };
}

/// `container:NAME` / `ns:PATH`: the network namespace at `path`, and the user namespace
/// owning it when that is not ours (a rootless container's netns belongs to its user
/// namespace), which the container must join first.
fn open_netns(path: &str) -> Result<(Option<OwnedFd>, File), (i32, String)> {
    const NS_GET_USERNS: libc::c_ulong = 0xb701;
    let net = File::open(path).map_err(|e| (125, format!("cannot open the network namespace {path}: {e}")))?;
    // SAFETY: NS_GET_USERNS on a namespace fd returns a new fd (or -1).
    let owner = unsafe { libc::ioctl(net.as_raw_fd(), NS_GET_USERNS) };
    // SAFETY: a new fd of ours when not -1.
    let owner = (owner >= 0).then(|| unsafe { OwnedFd::from_raw_fd(owner) });
    let ino = |fd: std::os::fd::BorrowedFd| nix::sys::stat::fstat(fd).map(|s| s.st_ino).ok();
    let mine = File::open("/proc/self/ns/user").ok();
    let foreign = match (&owner, &mine) {
        (Some(o), Some(m)) => ino(o.as_fd()) != ino(m.as_fd()),
        _ => false,
    };
    Ok((owner.filter(|_| foreign), net))
}

/// poststart and poststop hooks: a failure is no failure of the container (OCI), told as
/// a warning.
fn late_hooks(id: &str, bundle: &Path, spec: &Spec, pid: i32, stage: &str, status: &str) {
    let hooks = crate::runtime::hooks::of(spec, stage);
    if hooks.is_empty() {
        return;
    }
    let state = crate::runtime::hooks::state(id, status, pid, bundle, spec);
    if let Err(e) = crate::runtime::hooks::run(&hooks, stage, &state) {
        crate::output::status(&format!("ctr: warning: container {id}: {e}"));
    }
}

/// A container with maps of its own below the pause namespace (`join_and_clone`).
struct Nested<'a> {
    maps: &'a crate::engine::userns::IdMaps,
    /// The store and the bundle, which its root must reach (`make_reachable`).
    reach: Vec<PathBuf>,
    /// Its upper and work dirs, given to its root.
    own_dirs: Vec<PathBuf>,
}

/// A child of ours joins the user namespace `user`, the network namespace `net` and the
/// `others` (each if given), then clones the container's init as our child
/// (CLONE_PARENT), reports its pid and exits.
fn join_and_clone(
    user: Option<OwnedFd>,
    net: Option<(File, &str)>,
    others: Vec<(File, nix::sched::CloneFlags, String)>,
    nested: Option<Nested>,
    cb: nix::sched::CloneCb,
    stack: &mut [u8],
    flags: nix::sched::CloneFlags,
) -> Result<nix::unistd::Pid, (i32, String)> {
    use nix::sched::{CloneFlags, setns};
    let (r, w) = pipe().map_err(|e| (125, format!("pipe: {e}")))?;
    // SAFETY: single-threaded process; the child only makes syscalls and exits.
    match unsafe { nix::unistd::fork() } {
        Ok(nix::unistd::ForkResult::Child) => {
            let res = (|| -> Result<i32, String> {
                let what = net.as_ref().map(|(_, p)| format!(" of {p}")).unwrap_or_default();
                if let Some(u) = &user {
                    setns(u, CloneFlags::CLONE_NEWUSER).map_err(|e| format!("join the user namespace{what}: {e}"))?;
                }
                if let Some((n, path)) = &net {
                    setns(n, CloneFlags::CLONE_NEWNET)
                        .map_err(|e| format!("join the network namespace {path}: {e}"))?;
                }
                for (f, flag, what) in &others {
                    setns(f, *flag).map_err(|e| format!("join the {what}: {e}"))?;
                }
                // SAFETY: as in launch: own stack, no CLONE_VM.
                let pid =
                    unsafe { nix::sched::clone(cb, stack, flags | CloneFlags::CLONE_PARENT, Some(libc::SIGCHLD)) }
                        .map_err(|e| format!("cannot create the container's namespaces: {e}"))?;
                if let Some(Nested { maps: m, reach, own_dirs }) = nested {
                    // Its upper and work dirs are its root's (once: they stay so).
                    for d in &own_dirs {
                        let (u, g) = (m.uid(0).unwrap_or(0), m.gid(0).unwrap_or(0));
                        if std::fs::metadata(d).map(|md| (md.uid(), md.gid()) != (u, g)).unwrap_or(false) {
                            std::os::unix::fs::lchown(d, Some(u), Some(g)).map_err(|e| {
                                let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
                                format!("give {} to the container's root: {e}", d.display())
                            })?;
                        }
                    }
                    // Root of the pause namespace maps its child's ids itself.
                    let lines = |v: &[crate::runtime::userns::IdRange]| {
                        v.iter().map(|r| format!("{} {} {}\n", r.container, r.host, r.size)).collect::<String>()
                    };
                    let write = |file: &str, text: String| {
                        std::fs::write(format!("/proc/{}/{file}", pid.as_raw()), text).map_err(|e| {
                            let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
                            format!("writing the container's {file}: {e}")
                        })
                    };
                    write("uid_map", lines(&m.uids))?;
                    write("gid_map", lines(&m.gids))?;
                    // The user's own id unmapped: its directories are closed to the root.
                    if !m.uids.iter().any(|r| r.host == 0) {
                        make_reachable(pid, &reach).inspect_err(|_| {
                            let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
                        })?;
                    }
                }
                Ok(pid.as_raw())
            })();
            // One line: the container's init inherits the pipe too, so no EOF comes.
            let msg = match res {
                Ok(pid) => format!("ok {pid}\n"),
                Err(e) => format!("err {}\n", e.replace('\n', " ")),
            };
            let _ = File::from(w).write_all(msg.as_bytes());
            // SAFETY: leave without running anything of the parent's image.
            unsafe { libc::_exit(0) }
        }
        Ok(nix::unistd::ForkResult::Parent { child }) => {
            drop(w);
            drop(user);
            let mut msg = String::new();
            let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(File::from(r)), &mut msg);
            let _ = nix::sys::wait::waitpid(child, None);
            match msg.trim_end().split_once(' ') {
                Some(("ok", pid)) => {
                    Ok(nix::unistd::Pid::from_raw(pid.parse().map_err(|_| (125, "bad pid".to_string()))?))
                }
                Some(("err", e)) => Err((125, e.to_string())),
                _ => Err((125, "creating the container's namespaces failed".into())),
            }
        }
        Err(e) => Err((125, format!("fork: {e}"))),
    }
}

/// Ends a container's first process that has not exec'd after a failure of the monitor's
/// own (`why`): its own report, if it failed first (the network helper then fails only
/// because the namespace's process is gone), names the cause better.
fn abort_init(pid: nix::unistd::Pid, errs: &mut File, why: String) -> (i32, String) {
    let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
    let _ = nix::sys::wait::waitpid(pid, None);
    let mut report = String::new();
    let _ = errs.read_to_string(&mut report);
    match report.split_once('\n') {
        Some((code, msg)) if !msg.is_empty() => (code.parse().unwrap_or(125), msg.to_string()),
        _ => (125, why),
    }
}

fn clone_flags(spec: &Spec, rootless: bool) -> nix::sched::CloneFlags {
    use nix::sched::CloneFlags as C;
    let mut flags = C::empty();
    if rootless {
        flags |= C::CLONE_NEWUSER;
    }
    for ns in spec.linux().as_ref().and_then(|l| l.namespaces().as_ref()).into_iter().flatten() {
        if ns.path().is_some() {
            continue;
        }
        flags |= match format!("{:?}", ns.typ()).to_ascii_lowercase().as_str() {
            "mount" => C::CLONE_NEWNS,
            "pid" => C::CLONE_NEWPID,
            "ipc" => C::CLONE_NEWIPC,
            "uts" => C::CLONE_NEWUTS,
            "network" => C::CLONE_NEWNET,
            "cgroup" => C::CLONE_NEWCGROUP,
            "user" => C::CLONE_NEWUSER,
            _ => C::empty(),
        };
    }
    flags
}

/// Idmapped layer mounts of the monitor: unmounted (and their mount points removed,
/// never recursively) when dropped, on every path out of the start.
/// A container root that is not the user (maps that leave the user's own id out) cannot
/// search the user's 0700 directories (~/.local, $XDG_RUNTIME_DIR) on the way to its
/// layers and bundle. In the container's mount namespace (joined as root of the pause
/// namespace, before the init runs), each such directory above a path of `reach` is
/// covered by a tmpfs holding just the way down, and the path itself bound back in.
fn make_reachable(pid: nix::unistd::Pid, reach: &[PathBuf]) -> Result<(), String> {
    use nix::mount::{MsFlags, mount};
    use std::os::unix::fs::PermissionsExt;
    let ns =
        File::open(format!("/proc/{}/ns/mnt", pid.as_raw())).map_err(|e| format!("the container's mounts: {e}"))?;
    nix::sched::setns(&ns, nix::sched::CloneFlags::CLONE_NEWNS)
        .map_err(|e| format!("join the container's mount namespace: {e}"))?;
    // The topmost directory on each path others cannot search, and the path's fd.
    let mut plan = Vec::new();
    for p in reach {
        let closed = p
            .ancestors()
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .skip(1)
            .take_while(|a| *a != p.as_path())
            .find(|a| std::fs::metadata(a).map(|m| m.permissions().mode() & 0o001 == 0).unwrap_or(false))
            .map(Path::to_path_buf);
        if let Some(top) = closed {
            let fd = nix::fcntl::open(
                p.as_path(),
                nix::fcntl::OFlag::O_PATH | nix::fcntl::OFlag::O_DIRECTORY | nix::fcntl::OFlag::O_CLOEXEC,
                nix::sys::stat::Mode::empty(),
            )
            .map_err(|e| format!("open {}: {e}", p.display()))?;
            plan.push((top, p.clone(), fd));
        }
    }
    let mut covered: Vec<PathBuf> = Vec::new();
    for (top, p, fd) in &plan {
        if !covered.contains(top) {
            mount(
                Some("tmpfs"),
                top.as_path(),
                Some("tmpfs"),
                MsFlags::MS_NOSUID | MsFlags::MS_NODEV,
                Some("mode=0755,size=64k"),
            )
            .map_err(|e| format!("cover {}: {e}", top.display()))?;
            covered.push(top.clone());
        }
        std::fs::create_dir_all(p).map_err(|e| format!("make the way to {}: {e}", p.display()))?;
        let src = format!("/proc/self/fd/{}", fd.as_raw_fd());
        mount(Some(src.as_str()), p.as_path(), None::<&str>, MsFlags::MS_BIND | MsFlags::MS_REC, None::<&str>)
            .map_err(|e| format!("bind {} back: {e}", p.display()))?;
    }
    Ok(())
}

struct IdmappedLayers(Vec<PathBuf>);

impl Drop for IdmappedLayers {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = nix::mount::umount2(p, nix::mount::MntFlags::MNT_DETACH);
            let _ = std::fs::remove_dir(p);
        }
        if let Some(parent) = self.0.first().and_then(|p| p.parent()) {
            let _ = std::fs::remove_dir(parent);
        }
    }
}

/// The id maps the spec asks for (written by the CLI from /etc/subuid and /etc/subgid).
/// The user namespace the container's helpers work in: the pause namespace's maps (a
/// container with maps of its own lives below it), else the spec's.
fn spec_mapping(spec: &Spec) -> crate::runtime::userns::Mapping {
    if annotation(spec, init::ANN_PAUSE_MAPS).is_some() {
        return crate::runtime::userns::Mapping::for_current_user();
    }
    spec_maps(spec)
}

/// The spec's own id maps, in host ids.
fn spec_maps(spec: &Spec) -> crate::runtime::userns::Mapping {
    use crate::runtime::userns::IdRange;
    let conv = |v: Option<&Vec<oci_spec::runtime::LinuxIdMapping>>| -> Vec<IdRange> {
        v.map(|v| {
            v.iter().map(|m| IdRange { container: m.container_id(), host: m.host_id(), size: m.size() }).collect()
        })
        .unwrap_or_default()
    };
    let linux = spec.linux().as_ref();
    let uids = conv(linux.and_then(|l| l.uid_mappings().as_ref()));
    let gids = conv(linux.and_then(|l| l.gid_mappings().as_ref()));
    let full = uids.len() > 1 && gids.len() > 1;
    crate::runtime::userns::Mapping { uids, gids, full }
}

pub fn read_spec(bundle: &Path) -> std::io::Result<Spec> {
    let data = std::fs::read(bundle.join("config.json"))?;
    serde_json::from_slice(&data).map_err(std::io::Error::other)
}

fn annotation<'a>(spec: &'a Spec, key: &str) -> Option<&'a str> {
    spec.annotations().as_ref().and_then(|a| a.get(key)).map(String::as_str)
}

/// The json-file log: one JSON object per line, as docker writes it.
struct Log {
    file: Option<std::io::BufWriter<File>>,
    partial: [Vec<u8>; 2],
    path: PathBuf,
    /// json-file's max-size and max-file: (bytes, files kept, the current one included).
    rotate: Option<(u64, u32)>,
    written: u64,
}

impl Log {
    fn open(path: &Path) -> Log {
        let file = std::fs::OpenOptions::new().create(true).append(true).open(path).ok();
        let written = file.as_ref().and_then(|f| f.metadata().ok()).map_or(0, |m| m.len());
        Log {
            file: file.map(|f| std::io::BufWriter::with_capacity(16 * 1024, f)),
            partial: [Vec::new(), Vec::new()],
            path: path.to_path_buf(),
            rotate: None,
            written,
        }
    }

    /// docker's json-file rotation: past max-size the log becomes `LOG.1` (older ones
    /// shift up to `LOG.<max-file - 1>`, the oldest dropped); with max-file 1 it is
    /// truncated.
    fn rotate_if_full(&mut self) {
        let Some((max_size, max_file)) = self.rotate else { return };
        if self.written < max_size {
            return;
        }
        if let Some(f) = &mut self.file {
            let _ = f.flush();
        }
        let name = |n: u32| PathBuf::from(format!("{}.{n}", self.path.display()));
        if max_file > 1 {
            for n in (1..max_file - 1).rev() {
                let _ = std::fs::rename(name(n), name(n + 1));
            }
            let _ = std::fs::rename(&self.path, name(1));
        }
        let file = std::fs::OpenOptions::new().create(true).write(true).truncate(true).open(&self.path).ok();
        self.file = file.map(|f| std::io::BufWriter::with_capacity(16 * 1024, f));
        self.written = 0;
    }

    fn write(&mut self, stream: &str, data: &[u8]) {
        let i = usize::from(stream == "stderr");
        self.partial[i].extend_from_slice(data);
        while let Some(nl) = self.partial[i].iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.partial[i].drain(..=nl).collect();
            self.emit(stream, &line);
        }
        // docker splits lines longer than 16 KiB
        if self.partial[i].len() >= 16 * 1024 {
            let line = std::mem::take(&mut self.partial[i]);
            self.emit(stream, &line);
        }
        if let Some(f) = &mut self.file {
            let _ = f.flush();
        }
    }

    fn emit(&mut self, stream: &str, line: &[u8]) {
        if let Some(f) = &mut self.file {
            let rec = serde_json::json!({
                "log": String::from_utf8_lossy(line),
                "stream": stream,
                "time": crate::timefmt::format_rfc3339_nanos(crate::timefmt::now_ns()),
            });
            let mut line = serde_json::to_vec(&rec).unwrap_or_default();
            line.push(b'\n');
            let _ = f.write_all(&line);
            self.written += line.len() as u64;
        }
        self.rotate_if_full();
    }

    fn flush(&mut self) {
        for (i, stream) in ["stdout", "stderr"].iter().enumerate() {
            let rest = std::mem::take(&mut self.partial[i]);
            if !rest.is_empty() {
                self.emit(stream, &rest);
            }
        }
        if let Some(f) = &mut self.file {
            let _ = f.flush();
        }
    }
}

/// `ctr __runtime ...` (as root) or the `runtime` job of a user namespace helper: mounts the
/// overlay root in a private mount namespace and execs the OCI runtime on the bundle.
pub fn runtime_helper(args: &[OsString], unshare_mount: bool) -> i32 {
    use nix::mount::{MsFlags, mount};
    use std::os::unix::process::CommandExt;
    let [runtime, bundle, lower, upper, work, rootfs, name] = args else {
        return 125;
    };
    let fail = |m: String| {
        crate::output::status(&format!("Error: {m}"));
        125
    };
    if unshare_mount && let Err(e) = nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWNS) {
        return fail(format!("cannot create a mount namespace: {e}"));
    }
    if let Err(e) = mount(None::<&str>, "/", None::<&str>, MsFlags::MS_REC | MsFlags::MS_PRIVATE, None::<&str>) {
        return fail(format!("make / private: {e}"));
    }
    let s = |o: &OsString| o.to_string_lossy().into_owned();
    if let Err(e) =
        crate::runtime::rootfs::mount_overlay(&s(lower), &s(upper), &s(work), Path::new(rootfs), !unshare_mount)
    {
        return fail(format!("mount the container's root: {e}"));
    }
    let e = std::process::Command::new(runtime).arg("run").arg("--bundle").arg(bundle).arg(name).exec();
    fail(format!("cannot run {}: {e}", runtime.to_string_lossy()))
}

/// Whether the container's process under an OCI runtime has been exec'd. Finding the
/// runtime's child in the new pid namespace is not enough: until it execs, it is the
/// runtime's own init (runc's `runc:[2:INIT]`, before its pivot_root), and an exec joining
/// it then would land in the host's mount namespace.
fn runtime_started(runtime_pid: i32) -> bool {
    let Some(c) = runtime_init_pid(runtime_pid) else { return false };
    let comm = std::fs::read_to_string(format!("/proc/{c}/comm")).unwrap_or_default();
    let exe = |p: i32| std::fs::metadata(format!("/proc/{p}/exe")).map(|m| (m.dev(), m.ino())).ok();
    !comm.starts_with("runc:[") && exe(c).is_some() && exe(c) != exe(runtime_pid)
}

/// The child of an OCI runtime process (`runc run`) that lives in another pid namespace:
/// the container's init.
pub fn runtime_init_pid(runtime_pid: i32) -> Option<i32> {
    let ours = std::fs::read_link(format!("/proc/{runtime_pid}/ns/pid")).ok()?;
    for t in std::fs::read_dir(format!("/proc/{runtime_pid}/task")).ok()?.flatten() {
        let children = std::fs::read_to_string(t.path().join("children")).unwrap_or_default();
        for c in children.split_whitespace() {
            if std::fs::read_link(format!("/proc/{c}/ns/pid")).ok().is_some_and(|ns| ns != ours) {
                return c.parse().ok();
            }
        }
    }
    None
}

/// Receives the pty master the container's init sends (SCM_RIGHTS).
fn receive_pty(sock: &UnixStream) -> std::io::Result<File> {
    use nix::sys::socket::{ControlMessageOwned, MsgFlags, recvmsg};
    sock.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut buf = [0u8; 1];
    let mut iov = [std::io::IoSliceMut::new(&mut buf)];
    let mut cmsg = nix::cmsg_space!([RawFd; 1]);
    let msg = recvmsg::<()>(sock.as_raw_fd(), &mut iov, Some(&mut cmsg), MsgFlags::MSG_CMSG_CLOEXEC)?;
    for c in msg.cmsgs()? {
        if let ControlMessageOwned::ScmRights(fds) = c
            && let Some(fd) = fds.first()
        {
            // SAFETY: the kernel just gave us this fd; nothing else owns it.
            return Ok(unsafe { File::from_raw_fd(*fd) });
        }
    }
    Err(std::io::Error::other("no terminal received"))
}
