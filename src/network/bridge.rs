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

/// What the helper does, passed to it as one JSON argument.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "job", rename_all = "snake_case")]
pub enum Job {
    /// Puts the network namespace of process `pid` on `bridge` (made if missing, with
    /// `gateway/prefix` on it): a veth pair, `veth` on the bridge, eth0 inside with `ip`,
    /// `mac` and (unless `internal`) a default route via the gateway.
    Attach {
        runroot: PathBuf,
        pid: u32,
        bridge: String,
        gateway: Ipv4Addr,
        prefix: u8,
        veth: String,
        ip: Ipv4Addr,
        mac: String,
        internal: bool,
    },
    /// Deletes `bridge` if the holder lives and has it, and ends the holder when no bridge
    /// of ctr's is left in its namespace (stores sharing this runroot share the holder, so
    /// the namespace, not one store, says whether a network still needs it).
    RemoveBridge { runroot: PathBuf, bridge: String },
}

/// The bridge of the network with id `network_id`: `ctr-` and the id's first 8 digits
/// (an interface name has at most 15 bytes).
pub fn bridge_name(network_id: &str) -> String {
    format!("ctr-{}", &network_id[..8.min(network_id.len())])
}

/// The holder-side end of a container's veth: `vc` and the container id's first 12 digits.
pub fn veth_name(container_id: &str) -> String {
    format!("vc{}", &container_id[..12.min(container_id.len())])
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
        .stderr(std::process::Stdio::null())
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
        return Err(if ready == 0 {
            format!("the network namespace holder did not start within {HOLDER_TIMEOUT:?}")
        } else {
            "the network namespace holder exited before recording its pid (cannot create a network namespace?)".into()
        });
    }
    // The holder stays; it becomes init's child when this helper exits.
    existing_holder(runroot)
        .map(|(_, ns)| ns)
        .ok_or_else(|| "the network namespace holder started but cannot be found again".into())
}

/// `ctr __netns-holder RUNROOT`: a new network namespace, held until a signal ends this
/// process.
pub fn holder_main(runroot: &Path) -> i32 {
    if let Err(e) = nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWNET) {
        crate::output::status(&format!("ctr: cannot create the network namespace for user networks: {e}"));
        return 125;
    }
    // A new namespace inherits the host's IPv4 forwarding (devconf_inherit_init_net=0
    // copies IPv4's from init_net): with it on, the namespace would route between the
    // bridges and containers of different networks would reach each other. Off, each
    // bridge is its own island (the way out, when it comes, must keep them apart).
    if let Err(e) = std::fs::write("/proc/sys/net/ipv4/ip_forward", "0") {
        crate::output::status(&format!("ctr: cannot turn IPv4 forwarding off in the network namespace: {e}"));
        return 125;
    }
    let _ = nix::unistd::setsid();
    let _ = std::env::set_current_dir("/");
    use nix::sys::signal::{SigHandler, Signal, signal};
    for s in [Signal::SIGINT, Signal::SIGHUP, Signal::SIGPIPE, Signal::SIGTSTP, Signal::SIGTTIN, Signal::SIGTTOU] {
        // SAFETY: ignoring a signal installs no handler code.
        let _ = unsafe { signal(s, SigHandler::SigIgn) };
    }
    let pid = std::process::id();
    let tmp = runroot.join(format!("netns-holder.pid.{pid}"));
    if std::fs::write(&tmp, format!("{pid}\n")).and_then(|_| std::fs::rename(&tmp, pid_file(runroot))).is_err() {
        let _ = std::fs::remove_file(&tmp);
        return 125;
    }
    let _ = std::io::stdout().write_all(format!("{pid}\n").as_bytes());
    let _ = std::io::stdout().flush();
    if let Ok(null) = File::options().read(true).write(true).open("/dev/null") {
        let _ = nix::unistd::dup2_stdin(&null);
        let _ = nix::unistd::dup2_stdout(&null);
        let _ = nix::unistd::dup2_stderr(&null);
    }
    loop {
        nix::unistd::pause();
    }
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

fn attach(job: &Job) -> Result<(), String> {
    let Job::Attach { runroot, pid, bridge, gateway, prefix, veth, ip, mac, internal } = job else {
        return Err("not an attach job".into());
    };
    let mac = parse_mac(mac)?;
    let container = File::open(format!("/proc/{pid}/ns/net"))
        .map(OwnedFd::from)
        .map_err(|e| format!("cannot open the container's network namespace (pid {pid}): {e}"))?;
    let holder = holder_netns(runroot)?;
    runtime()?.block_on(async {
        enter(&holder, "the network holder")?;
        let h = handle()?;
        let br = match link_index(&h, bridge).await? {
            Some(i) => i,
            None => make_bridge(&h, bridge, *gateway, *prefix).await?,
        };
        // A veth of this name left from an earlier run whose namespace is not gone yet.
        if let Some(old) = link_index(&h, veth).await? {
            h.link().del(old).execute().await.map_err(ctx(format_args!("cannot delete the old veth {veth}")))?;
        }
        use rtnetlink::packet_route::link::{InfoData, InfoVeth};
        let peer = rtnetlink::LinkUnspec::new_with_name("eth0").setns_by_fd(container.as_raw_fd()).address(mac).build();
        let msg = rtnetlink::LinkVeth::new(veth, "eth0").set_info_data(InfoData::Veth(InfoVeth::Peer(peer))).build();
        h.link().add(msg).execute().await.map_err(ctx(format_args!("cannot create the veth pair {veth}")))?;
        let r = async {
            let v = link_index(&h, veth).await?.ok_or_else(|| format!("the veth {veth} vanished"))?;
            let set = rtnetlink::LinkUnspec::new_with_index(v).controller(br).up().build();
            h.link().set(set).execute().await.map_err(ctx(format_args!("cannot put {veth} on bridge {bridge}")))?;
            enter(&container, "the container")?;
            let c = handle()?;
            let lo = link_index(&c, "lo").await?.ok_or("the container has no lo")?;
            c.link()
                .set(rtnetlink::LinkUnspec::new_with_index(lo).up().build())
                .execute()
                .await
                .map_err(ctx("cannot bring lo up in the container"))?;
            let eth = link_index(&c, "eth0").await?.ok_or("eth0 did not arrive in the container")?;
            c.address()
                .add(eth, IpAddr::V4(*ip), *prefix)
                .execute()
                .await
                .map_err(ctx(format_args!("cannot give eth0 the address {ip}/{prefix}")))?;
            c.link()
                .set(rtnetlink::LinkUnspec::new_with_index(eth).up().build())
                .execute()
                .await
                .map_err(ctx("cannot bring eth0 up in the container"))?;
            if !internal {
                let route = rtnetlink::RouteMessageBuilder::<Ipv4Addr>::new().gateway(*gateway).build();
                c.route()
                    .add(route)
                    .execute()
                    .await
                    .map_err(ctx(format_args!("cannot add the default route via {gateway}")))?;
            }
            Ok::<(), String>(())
        }
        .await;
        if r.is_err() {
            // Nothing half-made: the pair goes (deleting one end deletes both).
            let _ = enter(&holder, "the network holder");
            if let Ok(Some(v)) = link_index(&h, veth).await {
                let _ = h.link().del(v).execute().await;
            }
        }
        r
    })
}

async fn make_bridge(h: &rtnetlink::Handle, bridge: &str, gateway: Ipv4Addr, prefix: u8) -> Result<u32, String> {
    h.link()
        .add(rtnetlink::LinkBridge::new(bridge).build())
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
    let others = runtime()?.block_on(async {
        use futures_util::TryStreamExt;
        enter(&holder, "the network holder")?;
        let h = handle()?;
        if let Some(i) = link_index(&h, bridge).await? {
            h.link().del(i).execute().await.map_err(ctx(format_args!("cannot delete bridge {bridge}")))?;
        }
        let mut links = h.link().get().execute();
        let mut others = 0;
        while let Some(m) = links.try_next().await.map_err(ctx("cannot list the links of the network holder"))? {
            use rtnetlink::packet_route::link::LinkAttribute;
            if m.attributes.iter().any(|a| matches!(a, LinkAttribute::IfName(n) if n.starts_with("ctr-"))) {
                others += 1;
            }
        }
        Ok::<usize, String>(others)
    })?;
    if others == 0 {
        let _ = std::fs::remove_file(pid_file(runroot));
        let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), nix::sys::signal::Signal::SIGKILL);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fit_an_interface_name() {
        let id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assert_eq!(bridge_name(id), "ctr-01234567");
        assert_eq!(veth_name(id), "vc0123456789ab");
        assert!(veth_name(id).len() <= 15 && bridge_name(id).len() <= 15);
    }

    #[test]
    fn macs_parse_to_six_bytes() {
        assert_eq!(parse_mac("02:42:ac:11:00:02").unwrap(), [2, 0x42, 0xac, 0x11, 0, 2]);
        assert!(parse_mac("02:42").is_err());
    }
}
