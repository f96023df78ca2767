//! The user namespace an unprivileged user's ctr commands share, kept alive by a pause
//! process (podman's rootless pause process does the same job).
//!
//! A new user namespace with the user's full subordinate-id map costs two setuid helper
//! runs (newuidmap, newgidmap: an exec each, a few milliseconds together) every time a
//! container starts or a layer is unpacked. Joining a namespace that already has its maps
//! is one setns(2). The first command that needs the namespace starts the pause process:
//! `ctr __userns user __pause RUNROOT` makes the namespace (with the helpers, once),
//! forks a child that records its pid in `RUNROOT/pause.pid` and sleeps until killed.
//! Later commands open `/proc/PID/ns/user` and join it. A pause process that is gone
//! (killed, a reboot, systemd stopping the unit that started it), a recycled pid or a map
//! that is no longer what /etc/subuid and /etc/subgid say is noticed at the next command,
//! which starts a new one; containers already running keep the namespace they were
//! started in (their own processes hold it).
//!
//! Every container of the user then shares this one user namespace, as rootless podman's
//! do; each still has its own mount, pid, network, ipc, uts and cgroup namespaces.

use std::fs::File;
use std::io::{BufRead, Read, Write};
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use super::userns::{IdRange, Mapping, UsernsError};

/// The runtime dir whose pause process this process uses (set once by the engine or the
/// monitor; unset, every user namespace is a new one).
static DIR: OnceLock<PathBuf> = OnceLock::new();

/// Sets the runtime dir that holds `pause.pid`. Only for unprivileged users: real root
/// writes id maps itself and needs no helper.
pub fn set_dir(runroot: &Path) {
    if !nix::unistd::geteuid().is_root() {
        let _ = DIR.set(runroot.to_path_buf());
    }
}

/// An fd of the shared user namespace with the maps `m`, starting the pause process if
/// need be. None when this process has no runtime dir set or `m` is a single-id map
/// (which needs no helper), or when the pause process cannot be started: the caller then
/// makes a namespace of its own, as before.
pub fn userns(m: &Mapping) -> Option<OwnedFd> {
    let dir = DIR.get()?;
    if !m.full {
        return None;
    }
    if let Some(fd) = existing(dir, m) {
        return Some(fd);
    }
    match start(dir, m) {
        Ok(fd) => Some(fd),
        Err(e) => {
            crate::output::status(&format!(
                "ctr: warning: cannot start the pause process that keeps the user namespace ({e}); each command makes its own"
            ));
            None
        }
    }
}

fn pid_file(dir: &Path) -> PathBuf {
    dir.join("pause.pid")
}

/// The live pause process's namespace, if `pause.pid` names one with maps `m`. Everything
/// is read through one fd of `/proc/PID`: if the process dies and its pid is reused, the
/// reads fail instead of reading another process.
fn existing(dir: &Path, m: &Mapping) -> Option<OwnedFd> {
    let pid: u32 = std::fs::read_to_string(pid_file(dir)).ok()?.trim().parse().ok()?;
    let proc_dir = File::open(format!("/proc/{pid}")).ok()?;
    let read = |name: &str| -> Option<String> {
        let fd = nix::fcntl::openat(
            proc_dir.as_fd(),
            name,
            nix::fcntl::OFlag::O_RDONLY | nix::fcntl::OFlag::O_CLOEXEC,
            nix::sys::stat::Mode::empty(),
        )
        .ok()?;
        let mut s = String::new();
        File::from(fd).read_to_string(&mut s).ok()?;
        Some(s)
    };
    let cmdline = read("cmdline")?;
    if !cmdline.split('\0').any(|a| a == PAUSE_ARG) {
        return None;
    }
    if parse_map(&read("uid_map")?) != m.uids || parse_map(&read("gid_map")?) != m.gids {
        return None;
    }
    let ns = nix::fcntl::openat(
        proc_dir.as_fd(),
        "ns/user",
        nix::fcntl::OFlag::O_RDONLY | nix::fcntl::OFlag::O_CLOEXEC,
        nix::sys::stat::Mode::empty(),
    )
    .ok()?;
    // The maps were read before the namespace was opened: make sure it is still the same
    // process (a pid reused in between has another start time, and its cmdline differs).
    read("cmdline").filter(|c| *c == cmdline)?;
    Some(ns)
}

/// `/proc/PID/uid_map` as ranges.
fn parse_map(text: &str) -> Vec<IdRange> {
    text.lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace().map(|n| n.parse::<u32>());
            match (f.next(), f.next(), f.next()) {
                (Some(Ok(container)), Some(Ok(host)), Some(Ok(size))) => Some(IdRange { container, host, size }),
                _ => None,
            }
        })
        .collect()
}

pub const PAUSE_ARG: &str = "__pause";
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// Starts the pause process (one at a time: `pause.lock`) and opens its namespace.
fn start(dir: &Path, m: &Mapping) -> Result<OwnedFd, UsernsError> {
    let io = UsernsError::Sync;
    std::fs::create_dir_all(dir).map_err(io)?;
    let lock = File::options().create(true).truncate(false).write(true).open(dir.join("pause.lock")).map_err(io)?;
    let _lock = nix::fcntl::Flock::lock(lock, nix::fcntl::FlockArg::LockExclusive)
        .map_err(|(_, e)| UsernsError::Sync(e.into()))?;
    // Another command may have started it while we waited for the lock.
    if let Some(fd) = existing(dir, m) {
        return Ok(fd);
    }
    let args = [PAUSE_ARG.into(), dir.as_os_str().to_owned()];
    let mut child = super::userns::spawn_new(m, super::userns::Extra::None, &args, |c| {
        c.stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit());
    })?;
    // The helper forks the pause process and exits; the pause process writes its pid once
    // the pid file is in place.
    let mut out = std::io::BufReader::new(child.stdout.take().ok_or(UsernsError::ChildDied)?);
    let mut fds = [nix::poll::PollFd::new(out.get_ref().as_fd(), nix::poll::PollFlags::POLLIN)];
    let ms = nix::poll::PollTimeout::try_from(START_TIMEOUT.as_millis() as i32).unwrap_or(nix::poll::PollTimeout::MAX);
    let ready = nix::poll::poll(&mut fds, ms).map_err(|e| UsernsError::Sync(e.into()))?;
    let mut line = String::new();
    if ready > 0 {
        out.read_line(&mut line).map_err(io)?;
    }
    let _ = child.wait();
    if ready == 0 {
        return Err(UsernsError::Timeout(START_TIMEOUT));
    }
    if line.trim().parse::<u32>().is_err() {
        return Err(UsernsError::ChildDied);
    }
    existing(dir, m).ok_or(UsernsError::ChildDied)
}

/// `ctr __userns user __pause RUNROOT`, in the new namespace: forks the pause process
/// (so the caller can reap this one), which leaves the caller's session, records its pid
/// and sleeps until a signal ends it.
pub fn main(dir: &Path) -> i32 {
    // SAFETY: fresh re-exec, single-threaded.
    match unsafe { nix::unistd::fork() } {
        Ok(nix::unistd::ForkResult::Parent { .. }) => return 0,
        Ok(nix::unistd::ForkResult::Child) => {}
        Err(_) => return 125,
    }
    let _ = nix::unistd::setsid();
    let _ = std::env::set_current_dir("/");
    use nix::sys::signal::{SigHandler, Signal, signal};
    for s in [Signal::SIGINT, Signal::SIGHUP, Signal::SIGPIPE, Signal::SIGTSTP, Signal::SIGTTIN, Signal::SIGTTOU] {
        // SAFETY: ignoring a signal installs no handler code.
        let _ = unsafe { signal(s, SigHandler::SigIgn) };
    }
    let pid = std::process::id();
    let tmp = dir.join(format!("pause.pid.{pid}"));
    if std::fs::write(&tmp, format!("{pid}\n")).and_then(|_| std::fs::rename(&tmp, pid_file(dir))).is_err() {
        let _ = std::fs::remove_file(&tmp);
        return 125;
    }
    let _ = std::io::stdout().write_all(format!("{pid}\n").as_bytes());
    let _ = std::io::stdout().flush();
    // Nothing of the caller's stays open here: stdio becomes /dev/null.
    if let Ok(null) = File::options().read(true).write(true).open("/dev/null") {
        for fd in 0..3 {
            // SAFETY: dup2 onto the standard fds, which this process no longer uses.
            unsafe { libc::dup2(null.as_raw_fd(), fd) };
        }
    }
    loop {
        nix::unistd::pause();
    }
}

/// Joins the namespace behind `fd` (the child side of `userns::spawn`).
pub fn join(fd: &OwnedFd) -> Result<(), UsernsError> {
    nix::sched::setns(fd, nix::sched::CloneFlags::CLONE_NEWUSER).map_err(UsernsError::Unshare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_maps_parse_as_ranges() {
        let text = "         0       1001          1\n         1     100000      65536\n";
        assert_eq!(
            parse_map(text),
            vec![IdRange { container: 0, host: 1001, size: 1 }, IdRange { container: 1, host: 100000, size: 65536 }]
        );
        assert!(parse_map("").is_empty());
    }
}
