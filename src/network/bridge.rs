//! User networks' data plane: the per-user network namespace (kept alive by a holder
//! process), a bridge per network inside it, and a veth pair per container attachment.
//!
//! Rootless, both the holder's namespace and every container's are owned by the user
//! namespace the pause process keeps (`runtime::pause`): a helper that joined it (root
//! there, so with CAP_NET_ADMIN over both) creates the links. As root there is no user
//! namespace and the same helper runs as `ctr __netns JOB`. The helper is a fresh
//! re-exec (`ctr __userns user netns JOB`): setns and the netlink sockets never touch the
//! monitor or the engine, and the tokio runtime rtnetlink needs lives only there.
//!
//! The holder (`ctr __netns-holder RUNROOT`) unshares a network namespace, records its pid
//! in `RUNROOT/netns-holder.pid` and sleeps. It is found the way the pause process is: the
//! pid file, then everything through one fd of `/proc/PID` (its command line, its user
//! namespace being the helper's own), all under `RUNROOT/netns.lock`. A holder that died
//! is replaced by the next attachment, which makes the network's bridge again: bridges
//! are made on demand from the network's record, so the store is all there is to rebuild
//! from. Containers attached to the dead holder's bridges lose their link until they are
//! restarted (their veth went with the namespace).

use std::fs::File;
use std::io::{BufRead, Read, Write};
use std::net::{IpAddr, Ipv4Addr};
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::PortMapping;

/// The holder's marker argument (`ctr __netns-holder RUNROOT`).
pub const HOLDER_ARG: &str = "__netns-holder";
/// The helper's argument as root (`ctr __netns JOB`); rootless: `ctr __userns user netns JOB`.
pub const HELPER_ARG: &str = "__netns";
const HELPER_TIMEOUT: Duration = Duration::from_secs(30);
const HOLDER_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum BridgeError {
    #[error(
        "user networks need the user namespace ctr shares between containers, and {0}; add a subordinate id range with: sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 $USER"
    )]
    NoSharedUserns(String),
    #[error("cannot start the network helper: {0}")]
    Spawn(String),
    #[error("the network helper did not finish within {0:?}; it was killed")]
    Timeout(Duration),
    #[error("{0}")]
    Helper(String),
}

/// One attachment of a container to a bridge, as the helper makes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Link {
    pub bridge: String,
    pub gateway: Ipv4Addr,
    pub prefix: u8,
    /// The holder-side end (`veth_name`); the container's end is the lowest free ethN.
    pub veth: String,
    pub ip: Ipv4Addr,
    pub mac: String,
    /// The names the network's DNS server answers with `ip`.
    pub names: Vec<String>,
    /// Of the bridge and both ends of the veth.
    #[serde(default)]
    pub mtu: u32,
}

/// What the helper does, passed to it as one JSON argument.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "job", rename_all = "snake_case")]
pub enum Job {
    /// Puts the network namespace of process `pid` on each link's bridge (made if
    /// missing, with `gateway/prefix` on it): a veth pair, the veth on the bridge, the
    /// container's end with the link's address and MAC; a default route via the first
    /// non-internal link's gateway; the DNS records; and `ports` forwarded from the host
    /// (through slirp4netns and a DNAT) to the first non-internal link's address.
    Attach { runroot: PathBuf, pid: u32, container_id: String, links: Vec<Link>, ports: Vec<PortMapping> },
    /// Takes a container off: deletes `veths` (when the container still runs:
    /// `network disconnect`) and their DNS records; with `ports`, its published ports.
    Detach { runroot: PathBuf, container_id: String, veths: Vec<String>, ports: bool },
    /// Deletes `bridge` if the holder lives and has it, and ends the holder when no bridge
    /// of ctr's is left in its namespace (stores sharing this runroot share the holder, so
    /// the namespace, not one store, says whether a network still needs it).
    RemoveBridge { runroot: PathBuf, bridge: String },
}

/// The bridge of the network with id `network_id`: `ctr-` (`cti-` for an internal
/// network: the name tells the firewall and the DNS server) and the id's first 8 digits
/// (an interface name has at most 15 bytes).
pub fn bridge_name(network_id: &str, internal: bool) -> String {
    format!("{}{}", if internal { "cti-" } else { "ctr-" }, &network_id[..8.min(network_id.len())])
}

/// Whether `name` is one of ctr's bridges.
pub fn is_bridge(name: &str) -> bool {
    name.starts_with("ctr-") || name.starts_with("cti-")
}

/// Whether bridge `name` is an internal network's.
pub fn is_internal(name: &str) -> bool {
    name.starts_with("cti-")
}

/// The holder-side end of a container's veth on a network: `vc`, the container id's
/// first 8 digits and the network id's first 5.
pub fn veth_name(container_id: &str, network_id: &str) -> String {
    format!("vc{}{}", &container_id[..8.min(container_id.len())], &network_id[..5.min(network_id.len())])
}

/// The link of a container's attachment.
pub fn link_of(container_id: &str, a: &super::Attachment) -> Result<Link, String> {
    let bad =
        |what: &str| format!("the container's record of network {} has a bad {what}; recreate the container", a.name);
    Ok(Link {
        bridge: bridge_name(&a.network_id, a.internal),
        gateway: a.gateway.parse().map_err(|_| bad("gateway"))?,
        prefix: a.prefix_len,
        veth: veth_name(container_id, &a.network_id),
        ip: a.ip.parse().map_err(|_| bad("address"))?,
        mac: a.mac.clone(),
        names: a.names.clone(),
        mtu: if a.mtu == 0 { super::DEFAULT_MTU } else { a.mtu },
    })
}

/// The attach job of a container on user networks (`pid` filled in once its init
/// exists), or None for any other network mode.
pub fn attach_job(runroot: &Path, container_id: &str, net: &super::NetConfig) -> Result<Option<Job>, String> {
    let super::NetMode::Bridge { networks } = &net.mode else { return Ok(None) };
    if networks.is_empty() {
        return Ok(None);
    }
    Ok(Some(Job::Attach {
        runroot: runroot.to_path_buf(),
        pid: 0,
        container_id: container_id.to_string(),
        links: networks.iter().map(|a| link_of(container_id, a)).collect::<Result<_, _>>()?,
        ports: net.ports.clone(),
    }))
}

/// A bridge's MAC: locally administered, from the network id's digits in its name.
fn bridge_mac(bridge: &str) -> Vec<u8> {
    let hex = bridge.get(4..).unwrap_or("");
    let mut mac = vec![0x02, 0, 0, 0, 0, 0x01];
    for (i, b) in (0..hex.len().min(8)).step_by(2).enumerate() {
        mac[1 + i] = u8::from_str_radix(hex.get(b..b + 2).unwrap_or("00"), 16).unwrap_or(0);
    }
    mac
}

/// The holder's state: the slirp4netns API socket, DNS records, published ports.
fn state_dir(runroot: &Path) -> PathBuf {
    runroot.join("netns")
}

/// Runs `job` in the helper (rootless: in the shared user namespace with the maps `m`) and
/// waits for it. Errors carry the helper's own message.
pub fn run(job: &Job, m: &crate::runtime::userns::Mapping) -> Result<(), BridgeError> {
    let arg = serde_json::to_string(job).map_err(|e| BridgeError::Spawn(e.to_string()))?;
    let configure = |c: &mut std::process::Command| {
        c.stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped());
    };
    let mut child = if nix::unistd::geteuid().is_root() {
        let mut c = std::process::Command::new("/proc/self/exe");
        c.arg(HELPER_ARG).arg(&arg);
        configure(&mut c);
        c.spawn().map_err(|e| BridgeError::Spawn(e.to_string()))?
    } else {
        if !m.full {
            return Err(BridgeError::NoSharedUserns("this user has no subordinate ids".into()));
        }
        // Without the pause process's namespace the helper would get a new one, which owns
        // neither the holder's namespace nor the containers'.
        if crate::runtime::pause::userns(m).is_none() {
            return Err(BridgeError::NoSharedUserns("the pause process that keeps it cannot be started".into()));
        }
        let args = ["netns".into(), arg.into()];
        crate::runtime::userns::spawn(m, crate::runtime::userns::Extra::None, &args, configure)
            .map_err(|e| BridgeError::Spawn(e.to_string()))?
    };
    let Some(mut err) = child.stderr.take() else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(BridgeError::Spawn("no stderr pipe".into()));
    };
    // Read the helper's messages until it closes stderr (it exits), for a bounded time.
    let deadline = std::time::Instant::now() + HELPER_TIMEOUT;
    let mut text = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let ms = nix::poll::PollTimeout::try_from(left.as_millis() as i32).unwrap_or(nix::poll::PollTimeout::MAX);
        let mut fds = [nix::poll::PollFd::new(err.as_fd(), nix::poll::PollFlags::POLLIN)];
        match nix::poll::poll(&mut fds, ms) {
            Ok(0) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(BridgeError::Timeout(HELPER_TIMEOUT));
            }
            Ok(_) => {}
            Err(nix::errno::Errno::EINTR) => continue,
            Err(e) => return Err(BridgeError::Spawn(e.to_string())),
        }
        let mut buf = [0u8; 4096];
        match err.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => text.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(BridgeError::Spawn(e.to_string())),
        }
    }
    let status = child.wait().map_err(|e| BridgeError::Spawn(e.to_string()))?;
    if status.success() {
        return Ok(());
    }
    let msg = String::from_utf8_lossy(&text).trim().trim_start_matches("ctr: ").to_string();
    Err(BridgeError::Helper(if msg.is_empty() { format!("the network helper failed ({status})") } else { msg }))
}

/// `ctr __netns JOB` / `ctr __userns user netns JOB`: does the job, reports an error on
/// stderr.
pub fn helper_main(arg: Option<&str>) -> i32 {
    let job: Job = match arg.map(serde_json::from_str) {
        Some(Ok(j)) => j,
        _ => {
            crate::output::status("ctr: the network helper needs a job (JSON)");
            return 125;
        }
    };
    let r = match &job {
        Job::Attach { runroot, .. } => lock(runroot).and_then(|_l| attach(&job)),
        Job::Detach { runroot, container_id, veths, ports } => {
            lock(runroot).and_then(|_l| detach(runroot, container_id, veths, *ports))
        }
        Job::RemoveBridge { runroot, bridge } => lock(runroot).and_then(|_l| remove_bridge(runroot, bridge)),
    };
    match r {
        Ok(()) => 0,
        Err(e) => {
            crate::output::status(&format!("ctr: {e}"));
            125
        }
    }
}

fn lock(runroot: &Path) -> Result<nix::fcntl::Flock<File>, String> {
    std::fs::create_dir_all(runroot).map_err(|e| format!("cannot create {}: {e}", runroot.display()))?;
    let path = runroot.join("netns.lock");
    let f = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    nix::fcntl::Flock::lock(f, nix::fcntl::FlockArg::LockExclusive)
        .map_err(|(_, e)| format!("cannot lock {}: {e}", path.display()))
}

/// Whether a holder was started in `runroot` and not stopped since (it may have died).
pub fn holder_recorded(runroot: &Path) -> bool {
    pid_file(runroot).exists()
}

fn pid_file(runroot: &Path) -> PathBuf {
    runroot.join("netns-holder.pid")
}

/// The live holder's pid and network namespace, if `netns-holder.pid` names a holder in
/// this process's user namespace. Read through one fd of `/proc/PID`, so a pid reused
/// meanwhile makes the reads fail rather than read another process.
fn existing_holder(runroot: &Path) -> Option<(u32, OwnedFd)> {
    let pid: u32 = std::fs::read_to_string(pid_file(runroot)).ok()?.trim().parse().ok()?;
    let proc_dir = File::open(format!("/proc/{pid}")).ok()?;
    let open = |name: &str| {
        nix::fcntl::openat(
            proc_dir.as_fd(),
            name,
            nix::fcntl::OFlag::O_RDONLY | nix::fcntl::OFlag::O_CLOEXEC,
            nix::sys::stat::Mode::empty(),
        )
        .ok()
        .map(File::from)
    };
    let cmdline = || {
        let mut s = String::new();
        open("cmdline")?.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let first = cmdline()?;
    if !first.split('\0').any(|a| a == HOLDER_ARG) {
        return None;
    }
    // Its user namespace must be ours: a holder left from a pause process that was
    // replaced owns a namespace this helper has no rights over.
    let theirs = open("ns/user")?.metadata().ok()?;
    let ours = std::fs::metadata("/proc/self/ns/user").ok()?;
    if (theirs.dev(), theirs.ino()) != (ours.dev(), ours.ino()) {
        return None;
    }
    let net = open("ns/net")?;
    cmdline().filter(|c| *c == first)?;
    Some((pid, OwnedFd::from(net)))
}

/// The holder's network namespace, starting a holder when there is no live one. The
/// caller holds `netns.lock`.
fn holder_netns(runroot: &Path) -> Result<OwnedFd, String> {
    if let Some((_, ns)) = existing_holder(runroot) {
        return Ok(ns);
    }
    let mut child = std::process::Command::new("/proc/self/exe")
        .arg(HOLDER_ARG)
        .arg(runroot)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the network namespace holder: {e}"))?;
    let out = child.stdout.take().ok_or("cannot start the network namespace holder: no pipe")?;
    let mut out = std::io::BufReader::new(out);
    let mut fds = [nix::poll::PollFd::new(out.get_ref().as_fd(), nix::poll::PollFlags::POLLIN)];
    let ms = nix::poll::PollTimeout::try_from(HOLDER_TIMEOUT.as_millis() as i32).unwrap_or(nix::poll::PollTimeout::MAX);
    let ready = nix::poll::poll(&mut fds, ms).unwrap_or(0);
    let mut line = String::new();
    if ready > 0 {
        let _ = out.read_line(&mut line);
    }
    if line.trim().parse::<u32>().is_err() {
        let _ = child.kill();
        let _ = child.wait();
        if ready == 0 {
            return Err(format!("the network namespace holder did not start within {HOLDER_TIMEOUT:?}"));
        }
        // What failed, as the holder said it (its stderr ends with it).
        let mut why = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut why);
        }
        let why = why.trim().trim_start_matches("ctr: ");
        return Err(if why.is_empty() {
            "the network namespace holder exited before recording its pid".into()
        } else {
            format!("the network namespace holder failed: {why}")
        });
    }
    drop(child.stderr.take());
    // The starter exits once the holder (its child) and slirp4netns are up.
    let _ = child.wait();
    existing_holder(runroot)
        .map(|(_, ns)| ns)
        .ok_or_else(|| "the network namespace holder started but cannot be found again".into())
}

/// `ctr __netns-holder RUNROOT`, started by the helper in the caller's network namespace
/// (the host's): forks the holder, which unshares the network namespace, loads the base
/// firewall, turns forwarding on and serves DNS; then starts slirp4netns on the holder's
/// namespace (its way out; it ends when the holder does: `--exit-fd`), records the
/// holder's pid, prints it and exits. slirp4netns must be started from outside the new
/// namespace, since its sockets to the world live in the namespace it starts in.
pub fn holder_main(runroot: &Path) -> i32 {
    let state = state_dir(runroot);
    // A dead holder's records and sockets mean nothing to a new one.
    let _ = std::fs::remove_dir_all(&state);
    for d in [state.join("dns"), state.join("ports")] {
        if let Err(e) = std::fs::create_dir_all(&d) {
            crate::output::status(&format!("ctr: cannot create {}: {e}", d.display()));
            return 125;
        }
    }
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        crate::output::status(&format!("ctr: {what}: {e}"));
        125
    };
    let pipe = || nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC);
    let ((ready_r, ready_w), (life_r, life_w)) = match (pipe(), pipe()) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return fail("pipe", &e),
    };
    // SAFETY: this process has started no threads (it is a fresh exec).
    let holder = match unsafe { nix::unistd::fork() } {
        Err(e) => return fail("cannot fork the network namespace holder", &e),
        Ok(nix::unistd::ForkResult::Child) => {
            drop(ready_r);
            drop(life_r);
            let code = holder_child(runroot, ready_w, life_w);
            // SAFETY: _exit ends the forked child without running the parent's destructors.
            unsafe { libc::_exit(code) };
        }
        Ok(nix::unistd::ForkResult::Parent { child }) => child,
    };
    drop(ready_w);
    drop(life_w);
    let mut msg = String::new();
    let _ = File::from(ready_r).read_to_string(&mut msg);
    if msg.trim() != "ok" {
        let _ = nix::sys::wait::waitpid(holder, None);
        crate::output::status(msg.trim());
        return 125;
    }
    if let Err(e) = start_slirp(&state, holder.as_raw() as u32, life_r) {
        // Networks still work inside; the way out is refused with this reason.
        let _ = std::fs::write(state.join("egress-error"), e);
    }
    let pid = holder.as_raw();
    let tmp = runroot.join(format!("netns-holder.pid.{pid}"));
    if std::fs::write(&tmp, format!("{pid}\n")).and_then(|_| std::fs::rename(&tmp, pid_file(runroot))).is_err() {
        let _ = std::fs::remove_file(&tmp);
        let _ = nix::sys::signal::kill(holder, nix::sys::signal::Signal::SIGKILL);
        return 125;
    }
    let _ = std::io::stdout().write_all(format!("{pid}\n").as_bytes());
    let _ = std::io::stdout().flush();
    0
}

/// The holder itself (a forked child of `holder_main`): reports "ok" or what failed on
/// `ready`, keeps `life` open for slirp4netns, then serves DNS until killed.
fn holder_child(runroot: &Path, ready: OwnedFd, life: OwnedFd) -> i32 {
    let mut ready = File::from(ready);
    let setup = || -> Result<(), String> {
        nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWNET)
            .map_err(|e| format!("cannot create the network namespace for user networks: {e}"))?;
        // Forwarding goes on only under a firewall that forwards nothing yet.
        super::firewall::apply(&[], &[])?;
        std::fs::write("/proc/sys/net/ipv4/ip_forward", "1")
            .map_err(|e| format!("cannot turn IPv4 forwarding on in the network namespace: {e}"))?;
        Ok(())
    };
    if let Err(e) = setup() {
        let _ = ready.write_all(format!("ctr: {e}").as_bytes());
        return 125;
    }
    let _ = nix::unistd::setsid();
    let _ = std::env::set_current_dir("/");
    use nix::sys::signal::{SigHandler, Signal, signal};
    for s in [Signal::SIGINT, Signal::SIGHUP, Signal::SIGPIPE, Signal::SIGTSTP, Signal::SIGTTIN, Signal::SIGTTOU] {
        // SAFETY: ignoring a signal installs no handler code.
        let _ = unsafe { signal(s, SigHandler::SigIgn) };
    }
    if let Ok(null) = File::options().read(true).write(true).open("/dev/null") {
        let _ = nix::unistd::dup2_stdin(&null);
        let _ = nix::unistd::dup2_stdout(&null);
        let _ = nix::unistd::dup2_stderr(&null);
    }
    let _ = ready.write_all(b"ok");
    drop(ready);
    let _life = life;
    let _ = super::dns::serve(state_dir(runroot));
    loop {
        nix::unistd::pause();
    }
}

/// slirp4netns on the holder's namespace: tap0 with 10.0.2.100, the default route, its
/// API socket for published ports. It exits when `life` reads EOF (the holder died).
fn start_slirp(state: &Path, holder: u32, life: OwnedFd) -> Result<(), String> {
    if super::which("slirp4netns").is_none() {
        return Err("slirp4netns is not installed (apt-get install slirp4netns)".into());
    }
    let (ready_r, ready_w) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(|e| e.to_string())?;
    let api = state.join("slirp.sock");
    let log = File::create(state.join("slirp.log")).map_err(|e| e.to_string())?;
    let mut c = std::process::Command::new("slirp4netns");
    c.args(["--configure", "--mtu=65520", "--disable-host-loopback", "--exit-fd=3", "--ready-fd=4"])
        .arg(format!("--api-socket={}", api.display()))
        .arg(holder.to_string())
        .arg(super::firewall::TAP)
        .stdin(std::process::Stdio::null())
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log);
    let (l, w) = (life.as_raw_fd(), ready_w.as_raw_fd());
    use std::os::unix::process::CommandExt;
    // SAFETY: dup2 and setsid are async-signal-safe.
    unsafe {
        c.pre_exec(move || {
            // Above 4 first: either may be 3 or 4 already (and dup2 onto itself would keep
            // close-on-exec).
            let (l, w) = (libc::fcntl(l, libc::F_DUPFD, 10), libc::fcntl(w, libc::F_DUPFD, 10));
            if l < 0 || w < 0 || libc::dup2(l, 3) < 0 || libc::dup2(w, 4) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            libc::setsid();
            Ok(())
        });
    }
    let mut child = c.spawn().map_err(|e| format!("cannot start slirp4netns: {e}"))?;
    drop(ready_w);
    drop(life);
    let mut fds = [nix::poll::PollFd::new(ready_r.as_fd(), nix::poll::PollFlags::POLLIN)];
    let ms = nix::poll::PollTimeout::try_from(HOLDER_TIMEOUT.as_millis() as i32).unwrap_or(nix::poll::PollTimeout::MAX);
    let mut b = [0u8; 1];
    let ok = nix::poll::poll(&mut fds, ms).unwrap_or(0) > 0 && nix::unistd::read(&ready_r, &mut b).unwrap_or(0) == 1;
    if !ok {
        let _ = child.kill();
        let _ = child.wait();
        let why = std::fs::read_to_string(state.join("slirp.log")).unwrap_or_default();
        return Err(format!("slirp4netns did not start: {}", why.trim()));
    }
    std::fs::write(state.join("egress"), "slirp4netns\n").map_err(|e| e.to_string())?;
    Ok(())
}

fn ctx(what: impl std::fmt::Display) -> impl FnOnce(rtnetlink::Error) -> String {
    move |e| format!("{what}: {e}")
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .map_err(|e| format!("cannot start the netlink runtime: {e}"))
}

/// A netlink handle for the network namespace this thread is in now (the socket stays in
/// it when the thread moves on).
fn handle() -> Result<rtnetlink::Handle, String> {
    let (conn, handle, _) = rtnetlink::new_connection().map_err(|e| format!("cannot open a netlink socket: {e}"))?;
    tokio::spawn(conn);
    Ok(handle)
}

fn enter(ns: &OwnedFd, what: &str) -> Result<(), String> {
    nix::sched::setns(ns, nix::sched::CloneFlags::CLONE_NEWNET)
        .map_err(|e| format!("cannot enter the network namespace of {what}: {e}"))
}

/// The index of link `name`, None when there is none.
async fn link_index(h: &rtnetlink::Handle, name: &str) -> Result<Option<u32>, String> {
    use futures_util::TryStreamExt;
    let mut links = h.link().get().match_name(name.to_string()).execute();
    match links.try_next().await {
        Ok(Some(m)) => Ok(Some(m.header.index)),
        Ok(None) => Ok(None),
        Err(rtnetlink::Error::NetlinkError(m)) if m.raw_code() == -libc::ENODEV => Ok(None),
        Err(e) => Err(format!("cannot look up link {name}: {e}")),
    }
}

fn parse_mac(mac: &str) -> Result<Vec<u8>, String> {
    let b: Vec<u8> = mac.split(':').filter_map(|p| u8::from_str_radix(p, 16).ok()).collect();
    if b.len() != 6 {
        return Err(format!("bad MAC address {mac:?} in the container's network record"));
    }
    Ok(b)
}

/// The lowest ethN not among the container's links.
async fn free_ifname(c: &rtnetlink::Handle) -> Result<String, String> {
    use futures_util::TryStreamExt;
    use rtnetlink::packet_route::link::LinkAttribute;
    let mut taken = std::collections::HashSet::new();
    let mut links = c.link().get().execute();
    while let Some(m) = links.try_next().await.map_err(ctx("cannot list the container's links"))? {
        for a in &m.attributes {
            if let LinkAttribute::IfName(n) = a {
                taken.insert(n.clone());
            }
        }
    }
    Ok((0..).map(|i| format!("eth{i}")).find(|n| !taken.contains(n)).unwrap_or_default())
}

/// Whether the holder has a way out (slirp4netns); Err says why not.
fn egress(runroot: &Path) -> Result<(), String> {
    let state = state_dir(runroot);
    if state.join("egress").exists() {
        return Ok(());
    }
    let why = std::fs::read_to_string(state.join("egress-error")).unwrap_or_else(|_| "unknown".into());
    Err(format!(
        "user networks reach the outside through slirp4netns, which failed: {}; install or fix slirp4netns, or use a network created with --internal",
        why.trim()
    ))
}

fn attach(job: &Job) -> Result<(), String> {
    let Job::Attach { runroot, pid, container_id, links, ports } = job else {
        return Err("not an attach job".into());
    };
    let container = File::open(format!("/proc/{pid}/ns/net"))
        .map(OwnedFd::from)
        .map_err(|e| format!("cannot open the container's network namespace (pid {pid}): {e}"))?;
    let holder = holder_netns(runroot)?;
    let state = state_dir(runroot);
    let outward = links.iter().find(|l| !is_internal(&l.bridge));
    if outward.is_some() {
        egress(runroot)?;
    }
    if !ports.is_empty() && outward.is_none() {
        return Err(
            "published ports need a network with a way in: every network of this container is --internal".into()
        );
    }
    let mut made: Vec<String> = Vec::new();
    let mut forwards: Vec<super::firewall::Forward> = Vec::new();
    let rt = runtime()?;
    let r = rt.block_on(async {
        for (i, l) in links.iter().enumerate() {
            enter(&container, "the container")?;
            let c = handle()?;
            if i == 0 {
                let lo = link_index(&c, "lo").await?.ok_or("the container has no lo")?;
                c.link()
                    .set(rtnetlink::LinkUnspec::new_with_index(lo).up().build())
                    .execute()
                    .await
                    .map_err(ctx("cannot bring lo up in the container"))?;
            }
            let ifname = free_ifname(&c).await?;
            enter(&holder, "the network holder")?;
            let h = handle()?;
            add_link(&h, &container, l, &ifname).await?;
            made.push(l.veth.clone());
            enter(&container, "the container")?;
            let c = handle()?;
            configure_link(&c, l, &ifname, outward.is_some_and(|o| o.veth == l.veth)).await?;
            write_records(&state, l)?;
        }
        Ok::<(), String>(())
    });
    let r = r.and_then(|()| {
        let Some(out) = outward else { return Ok(()) };
        for p in ports {
            let id = super::helper::slirp_add_hostfwd(&state.join("slirp.sock"), p, super::SLIRP_IP, p.host_port)?;
            forwards.push(super::firewall::Forward {
                protocol: p.protocol.clone(),
                host_ip: p.host_ip.clone(),
                host_port: p.host_port,
                bridge: out.bridge.clone(),
                ip: out.ip,
                port: p.container_port,
                slirp_id: id,
            });
        }
        if !forwards.is_empty() {
            let path = state.join("ports").join(format!("{container_id}.json"));
            let data = serde_json::to_vec(&forwards).map_err(|e| e.to_string())?;
            std::fs::write(&path, data).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        Ok(())
    });
    let r = r.and_then(|()| sync_firewall(&rt, &holder, &state));
    if r.is_err() {
        // Nothing half-made: the pairs go (deleting one end deletes both), and the ports.
        for f in &forwards {
            let _ = super::helper::slirp_remove_hostfwd(&state.join("slirp.sock"), f.slirp_id);
        }
        let _ = std::fs::remove_file(state.join("ports").join(format!("{container_id}.json")));
        let _ = rt.block_on(delete_links(&holder, &made));
        for l in links {
            let _ = std::fs::remove_file(state.join("dns").join(&l.bridge).join(&l.veth));
        }
        let _ = sync_firewall(&rt, &holder, &state);
    }
    r
}

/// Makes the bridge if missing and the veth pair: `l.veth` on the bridge, `ifname` (with
/// the link's MAC) in the container's namespace.
async fn add_link(h: &rtnetlink::Handle, container: &OwnedFd, l: &Link, ifname: &str) -> Result<(), String> {
    let mac = parse_mac(&l.mac)?;
    let br = match link_index(h, &l.bridge).await? {
        Some(i) => i,
        None => make_bridge(h, &l.bridge, l.gateway, l.prefix, l.mtu).await?,
    };
    let veth = &l.veth;
    // A veth of this name left from an earlier run whose namespace is not gone yet.
    if let Some(old) = link_index(h, veth).await? {
        h.link().del(old).execute().await.map_err(ctx(format_args!("cannot delete the old veth {veth}")))?;
    }
    use rtnetlink::packet_route::link::{InfoData, InfoVeth};
    let peer =
        rtnetlink::LinkUnspec::new_with_name(ifname).setns_by_fd(container.as_raw_fd()).address(mac).mtu(l.mtu).build();
    let msg =
        rtnetlink::LinkVeth::new(veth, ifname).mtu(l.mtu).set_info_data(InfoData::Veth(InfoVeth::Peer(peer))).build();
    h.link().add(msg).execute().await.map_err(ctx(format_args!("cannot create the veth pair {veth}")))?;
    let v = link_index(h, veth).await?.ok_or_else(|| format!("the veth {veth} vanished"))?;
    let set = rtnetlink::LinkUnspec::new_with_index(v).controller(br).up().build();
    h.link().set(set).execute().await.map_err(ctx(format_args!("cannot put {veth} on bridge {}", l.bridge)))?;
    Ok(())
}

/// In the container's namespace: the address on `ifname`, up, and the default route
/// via the link's gateway when `route` (and there is none yet).
async fn configure_link(c: &rtnetlink::Handle, l: &Link, ifname: &str, route: bool) -> Result<(), String> {
    let eth = link_index(c, ifname).await?.ok_or_else(|| format!("{ifname} did not arrive in the container"))?;
    c.address()
        .add(eth, IpAddr::V4(l.ip), l.prefix)
        .execute()
        .await
        .map_err(ctx(format_args!("cannot give {ifname} the address {}/{}", l.ip, l.prefix)))?;
    c.link()
        .set(rtnetlink::LinkUnspec::new_with_index(eth).up().build())
        .execute()
        .await
        .map_err(ctx(format_args!("cannot bring {ifname} up in the container")))?;
    if route {
        let r = rtnetlink::RouteMessageBuilder::<Ipv4Addr>::new().gateway(l.gateway).build();
        match c.route().add(r).execute().await {
            Ok(()) => {}
            // A default route from an earlier network stays.
            Err(rtnetlink::Error::NetlinkError(m)) if m.raw_code() == -libc::EEXIST => {}
            Err(e) => return Err(format!("cannot add the default route via {}: {e}", l.gateway)),
        }
    }
    Ok(())
}

/// The DNS server's record of a link: `dns/<bridge>/<veth>`.
fn write_records(state: &Path, l: &Link) -> Result<(), String> {
    let dir = state.join("dns").join(&l.bridge);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let names: Vec<&str> =
        l.names.iter().map(|n| n.trim()).filter(|n| !n.is_empty() && !n.contains(char::is_whitespace)).collect();
    let tmp = dir.join(format!(".{}", l.veth));
    std::fs::write(&tmp, format!("{} {}\n", l.ip, names.join(" ")))
        .and_then(|_| std::fs::rename(&tmp, dir.join(&l.veth)))
        .map_err(|e| format!("cannot write the DNS record of {}: {e}", l.veth))
}

async fn delete_links(holder: &OwnedFd, veths: &[String]) -> Result<(), String> {
    enter(holder, "the network holder")?;
    let h = handle()?;
    for v in veths {
        if let Some(i) = link_index(&h, v).await? {
            h.link().del(i).execute().await.map_err(ctx(format_args!("cannot delete the veth {v}")))?;
        }
    }
    Ok(())
}

/// The bridges of the holder's namespace with their gateway addresses.
async fn bridges(h: &rtnetlink::Handle) -> Result<Vec<super::firewall::BridgeNet>, String> {
    use futures_util::TryStreamExt;
    use rtnetlink::packet_route::address::AddressAttribute;
    use rtnetlink::packet_route::link::LinkAttribute;
    let mut names = std::collections::HashMap::new();
    let mut links = h.link().get().execute();
    while let Some(m) = links.try_next().await.map_err(ctx("cannot list the links of the network holder"))? {
        for a in &m.attributes {
            if let LinkAttribute::IfName(n) = a
                && is_bridge(n)
            {
                names.insert(m.header.index, n.clone());
            }
        }
    }
    let mut out = Vec::new();
    let mut addrs = h.address().get().execute();
    while let Some(m) = addrs.try_next().await.map_err(ctx("cannot list the addresses of the network holder"))? {
        let Some(name) = names.get(&m.header.index) else { continue };
        for a in &m.attributes {
            if let AddressAttribute::Address(IpAddr::V4(ip)) = a {
                out.push(super::firewall::BridgeNet {
                    name: name.clone(),
                    gateway: *ip,
                    prefix: m.header.prefix_len,
                    internal: is_internal(name),
                });
            }
        }
    }
    Ok(out)
}

/// Rewrites the holder's firewall from its bridges and the recorded published ports.
fn sync_firewall(rt: &tokio::runtime::Runtime, holder: &OwnedFd, state: &Path) -> Result<(), String> {
    let mut forwards = Vec::new();
    if let Ok(dir) = std::fs::read_dir(state.join("ports")) {
        for e in dir.flatten() {
            let Ok(data) = std::fs::read(e.path()) else { continue };
            forwards.extend(serde_json::from_slice::<Vec<super::firewall::Forward>>(&data).unwrap_or_default());
        }
    }
    let nets = rt.block_on(async {
        enter(holder, "the network holder")?;
        bridges(&handle()?).await
    })?;
    // DNS records of veths that are gone (their containers stopped) go too, here where
    // the holder's links are what this thread sees.
    for b in std::fs::read_dir(state.join("dns")).into_iter().flatten().flatten() {
        for v in std::fs::read_dir(b.path()).into_iter().flatten().flatten() {
            let name = v.file_name();
            if nix::net::if_::if_nametoindex(name.as_os_str()).is_err() {
                let _ = std::fs::remove_file(v.path());
            }
        }
    }
    super::firewall::apply(&nets, &forwards)
}

fn detach(runroot: &Path, container_id: &str, veths: &[String], ports: bool) -> Result<(), String> {
    let Some((_, holder)) = existing_holder(runroot) else { return Ok(()) };
    let state = state_dir(runroot);
    let rt = runtime()?;
    rt.block_on(delete_links(&holder, veths))?;
    if let Ok(dir) = std::fs::read_dir(state.join("dns")) {
        for b in dir.flatten() {
            for v in veths {
                let _ = std::fs::remove_file(b.path().join(v));
            }
        }
    }
    if ports {
        let path = state.join("ports").join(format!("{container_id}.json"));
        if let Ok(data) = std::fs::read(&path) {
            for f in serde_json::from_slice::<Vec<super::firewall::Forward>>(&data).unwrap_or_default() {
                let _ = super::helper::slirp_remove_hostfwd(&state.join("slirp.sock"), f.slirp_id);
            }
            let _ = std::fs::remove_file(&path);
        }
    }
    sync_firewall(&rt, &holder, &state)
}

async fn make_bridge(
    h: &rtnetlink::Handle,
    bridge: &str,
    gateway: Ipv4Addr,
    prefix: u8,
    mtu: u32,
) -> Result<u32, String> {
    // A MAC of its own: left to the kernel, a bridge takes the lowest of its ports', which
    // changes as containers come and go, and containers' ARP entries for the gateway (the
    // DNS server) would point at a stale address for seconds.
    h.link()
        .add(rtnetlink::LinkBridge::new(bridge).address(bridge_mac(bridge)).mtu(mtu).build())
        .execute()
        .await
        .map_err(ctx(format_args!("cannot create bridge {bridge}")))?;
    let r = async {
        let i = link_index(h, bridge).await?.ok_or_else(|| format!("bridge {bridge} vanished"))?;
        h.address()
            .add(i, IpAddr::V4(gateway), prefix)
            .execute()
            .await
            .map_err(ctx(format_args!("cannot give bridge {bridge} the gateway address {gateway}/{prefix}")))?;
        h.link()
            .set(rtnetlink::LinkUnspec::new_with_index(i).up().build())
            .execute()
            .await
            .map_err(ctx(format_args!("cannot bring bridge {bridge} up")))?;
        Ok::<u32, String>(i)
    }
    .await;
    if r.is_err()
        && let Ok(Some(i)) = link_index(h, bridge).await
    {
        let _ = h.link().del(i).execute().await;
    }
    r
}

fn remove_bridge(runroot: &Path, bridge: &str) -> Result<(), String> {
    let Some((pid, holder)) = existing_holder(runroot) else {
        // No holder: no bridge either; a stale pid file goes.
        let _ = std::fs::remove_file(pid_file(runroot));
        return Ok(());
    };
    let state = state_dir(runroot);
    let _ = std::fs::remove_dir_all(state.join("dns").join(bridge));
    let rt = runtime()?;
    let others = rt.block_on(async {
        enter(&holder, "the network holder")?;
        let h = handle()?;
        if let Some(i) = link_index(&h, bridge).await? {
            h.link().del(i).execute().await.map_err(ctx(format_args!("cannot delete bridge {bridge}")))?;
        }
        Ok::<usize, String>(bridges(&h).await?.len())
    })?;
    if others == 0 {
        // The holder goes, and slirp4netns with it (its exit fd).
        let _ = std::fs::remove_file(pid_file(runroot));
        let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), nix::sys::signal::Signal::SIGKILL);
        let _ = std::fs::remove_dir_all(&state);
        return Ok(());
    }
    sync_firewall(&rt, &holder, &state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fit_an_interface_name() {
        let id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let net = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
        assert_eq!(bridge_name(id, false), "ctr-01234567");
        assert_eq!(bridge_name(id, true), "cti-01234567");
        assert!(is_internal(&bridge_name(id, true)) && !is_internal(&bridge_name(id, false)));
        assert_eq!(veth_name(id, net), "vc01234567fedcb");
        assert!(veth_name(id, net).len() <= 15 && bridge_name(id, true).len() <= 15);
    }

    #[test]
    fn bridges_have_a_mac_of_their_own() {
        assert_eq!(bridge_mac("ctr-0123abcd"), [2, 1, 0x23, 0xab, 0xcd, 1]);
        assert_eq!(bridge_mac("x").len(), 6);
    }

    #[test]
    fn macs_parse_to_six_bytes() {
        assert_eq!(parse_mac("02:42:ac:11:00:02").unwrap(), [2, 0x42, 0xac, 0x11, 0, 2]);
        assert!(parse_mac("02:42").is_err());
    }
}
