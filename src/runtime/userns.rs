//! User namespaces mapped through /etc/subuid and /etc/subgid with newuidmap/newgidmap.
//!
//! ctr never calls unshare(CLONE_NEWUSER) in a process that may have threads: it re-executes
//! `/proc/self/exe __userns ...`, and that fresh, single-threaded child unshares, tells the
//! parent over a pipe, waits for the parent to write the id maps, and then does its job as
//! root of the new namespace.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::process::{Child, Command};
use std::time::Duration;

const SYNC_ENV: &str = "_CTR_USERNS_SYNC";
/// The fd of a user namespace to join instead of making one (see `spawn`).
const JOIN_ENV: &str = "_CTR_USERNS_JOIN";
const SYNC_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum UsernsError {
    #[error("cannot start a user namespace helper: {0}")]
    Spawn(#[source] std::io::Error),
    #[error("user namespace helper exited before its id maps were set up (see the messages above)")]
    ChildDied,
    #[error("timed out after {0:?} waiting for the user namespace helper")]
    Timeout(Duration),
    #[error(
        "{tool} failed for {what}: {detail}; check that the uidmap package is installed and that /etc/subuid and /etc/subgid give this user a range"
    )]
    MapTool { tool: String, what: String, detail: String },
    #[error("cannot write the id map of the user namespace: {0}")]
    WriteMap(#[source] std::io::Error),
    #[error(
        "cannot create a user namespace: {0}; check that unprivileged user namespaces are enabled (sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0)"
    )]
    Unshare(#[source] nix::Error),
    #[error("user namespace sync: {0}")]
    Sync(#[source] std::io::Error),
}

/// One contiguous range of an id map: `size` ids from `container` on map to `host` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IdRange {
    pub container: u32,
    pub host: u32,
    pub size: u32,
}

/// The uid and gid maps ctr uses for this user.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mapping {
    pub uids: Vec<IdRange>,
    pub gids: Vec<IdRange>,
    /// false when the user has no subordinate ids and only their own id is mapped.
    pub full: bool,
}

impl Mapping {
    /// Container 0 -> the user, 1.. -> the user's subordinate ranges in /etc/subuid and
    /// /etc/subgid. Without any subordinate range: only the user's own id, and a warning.
    pub fn for_current_user() -> Mapping {
        let uid = nix::unistd::getuid().as_raw();
        let gid = nix::unistd::getgid().as_raw();
        let name = nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid)).ok().flatten().map(|u| u.name);
        let sub_u = read_subids("/etc/subuid", name.as_deref(), uid);
        let sub_g = read_subids("/etc/subgid", name.as_deref(), uid);
        let full = !sub_u.is_empty() && !sub_g.is_empty();
        let build = |own: u32, subs: Vec<(u32, u32)>| {
            let mut v = vec![IdRange { container: 0, host: own, size: 1 }];
            if full {
                let mut next = 1;
                for (start, count) in subs {
                    v.push(IdRange { container: next, host: start, size: count });
                    next += count;
                }
            }
            v
        };
        Mapping { uids: build(uid, sub_u), gids: build(gid, sub_g), full }
    }

    /// The warning to print once when only a single id is mapped.
    pub fn warning(&self) -> Option<String> {
        if self.full {
            return None;
        }
        let user = nix::unistd::User::from_uid(nix::unistd::getuid())
            .ok()
            .flatten()
            .map(|u| u.name)
            .unwrap_or_else(|| nix::unistd::getuid().to_string());
        Some(format!(
            "no subordinate id range for {user} in /etc/subuid or /etc/subgid: only your own id is mapped and files owned by other ids in images become yours; add a range with: sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 {user}"
        ))
    }

    /// Maps a container uid to the host uid, if mapped.
    pub fn host_uid(&self, id: u32) -> Option<u32> {
        map_id(&self.uids, id)
    }
    pub fn host_gid(&self, id: u32) -> Option<u32> {
        map_id(&self.gids, id)
    }
}

/// The id `id` of a namespace maps to through `ranges`, if it is mapped.
pub fn map_id(ranges: &[IdRange], id: u32) -> Option<u32> {
    ranges.iter().find(|r| id >= r.container && id - r.container < r.size).map(|r| r.host + (id - r.container))
}

/// Subordinate ranges for a user (by name or numeric id) in a subuid/subgid file.
fn read_subids(path: &str, name: Option<&str>, uid: u32) -> Vec<(u32, u32)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    parse_subids(&text, name, uid)
}

pub fn parse_subids(text: &str, name: Option<&str>, uid: u32) -> Vec<(u32, u32)> {
    let uid_s = uid.to_string();
    text.lines()
        .filter_map(|line| {
            let mut f = line.trim().split(':');
            let who = f.next()?;
            let start: u32 = f.next()?.trim().parse().ok()?;
            let count: u32 = f.next()?.trim().parse().ok()?;
            let me = Some(who) == name || who == uid_s;
            (me && count > 0).then_some((start, count))
        })
        .collect()
}

/// What namespaces the helper unshares besides the user namespace.
#[derive(Debug, Clone, Copy)]
pub enum Extra {
    None,
    Mount,
}

impl Extra {
    fn kind(self) -> &'static str {
        match self {
            Extra::None => "user",
            Extra::Mount => "user+mount",
        }
    }
}

/// Starts `/proc/self/exe __userns <args>` in the user namespace of this user's pause
/// process (see `pause`), or else in a new one mapped with `mapping`. `configure` sets
/// stdio and env on the command. Returns once the child is (or will be, before it runs
/// anything of its job) in a namespace with those maps.
pub fn spawn(
    mapping: &Mapping,
    extra: Extra,
    args: &[OsString],
    configure: impl FnOnce(&mut Command),
) -> Result<Child, UsernsError> {
    let Some(ns) = super::pause::userns(mapping) else {
        return spawn_new(mapping, extra, args, configure);
    };
    // The child joins it first thing (`enter`); our copy closes when we return.
    // SAFETY: fcntl on an fd we own, so the child inherits it across exec.
    unsafe { libc::fcntl(ns.as_raw_fd(), libc::F_SETFD, 0) };
    let mut cmd = Command::new("/proc/self/exe");
    cmd.arg("__userns").arg(extra.kind()).args(args).env(JOIN_ENV, ns.as_raw_fd().to_string());
    configure(&mut cmd);
    cmd.spawn().map_err(UsernsError::Spawn)
}

/// Like `spawn`, always in a new user namespace.
pub fn spawn_new(
    mapping: &Mapping,
    extra: Extra,
    args: &[OsString],
    configure: impl FnOnce(&mut Command),
) -> Result<Child, UsernsError> {
    let (to_child_r, to_child_w) = nix::unistd::pipe().map_err(|e| UsernsError::Sync(e.into()))?;
    let (from_child_r, from_child_w) = nix::unistd::pipe().map_err(|e| UsernsError::Sync(e.into()))?;
    set_cloexec(&to_child_w);
    set_cloexec(&from_child_r);
    let mut cmd = Command::new("/proc/self/exe");
    cmd.arg("__userns")
        .arg(extra.kind())
        .args(args)
        .env(SYNC_ENV, format!("{},{}", to_child_r.as_raw_fd(), from_child_w.as_raw_fd()));
    configure(&mut cmd);
    let mut child = cmd.spawn().map_err(UsernsError::Spawn)?;
    drop(to_child_r);
    drop(from_child_w);
    let mut from_child = std::fs::File::from(from_child_r);
    let mut to_child = std::fs::File::from(to_child_w);

    let result = (|| {
        if !wait_readable(from_child.as_fd(), SYNC_TIMEOUT)? {
            return Err(UsernsError::Timeout(SYNC_TIMEOUT));
        }
        let mut b = [0u8; 1];
        if from_child.read(&mut b).map_err(UsernsError::Sync)? == 0 {
            return Err(UsernsError::ChildDied);
        }
        write_maps(child.id(), mapping)?;
        to_child.write_all(b"1").map_err(UsernsError::Sync)
    })();
    if let Err(e) = result {
        let _ = child.kill();
        let _ = child.wait();
        return Err(e);
    }
    Ok(child)
}

fn set_cloexec(fd: &OwnedFd) {
    let _ = nix::fcntl::fcntl(fd, nix::fcntl::FcntlArg::F_SETFD(nix::fcntl::FdFlag::FD_CLOEXEC));
}

fn wait_readable(fd: std::os::fd::BorrowedFd, timeout: Duration) -> Result<bool, UsernsError> {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    let mut fds = [PollFd::new(fd, PollFlags::POLLIN)];
    let ms = PollTimeout::try_from(timeout.as_millis() as i32).unwrap_or(PollTimeout::MAX);
    loop {
        match poll(&mut fds, ms) {
            Ok(n) => return Ok(n > 0),
            Err(nix::errno::Errno::EINTR) => continue,
            Err(e) => return Err(UsernsError::Sync(e.into())),
        }
    }
}

pub fn write_maps(pid: u32, m: &Mapping) -> Result<(), UsernsError> {
    start_maps(pid, m)?.finish()
}

/// Id maps being written by newuidmap/newgidmap (setuid helpers, a few milliseconds each):
/// the caller may do other work before `finish`.
pub struct PendingMaps {
    pid: u32,
    helpers: Vec<(&'static str, std::process::Child)>,
}

impl PendingMaps {
    pub fn finish(self) -> Result<(), UsernsError> {
        let mut result = Ok(());
        for (tool, child) in self.helpers {
            let r = finish_map_tool(tool, self.pid, child);
            if result.is_ok() {
                result = r;
            }
        }
        result
    }
}

/// Starts writing the maps of `pid` (both helpers at once); a single-id map is written
/// at once, with no helper.
pub fn start_maps(pid: u32, m: &Mapping) -> Result<PendingMaps, UsernsError> {
    if nix::unistd::geteuid().is_root() {
        // Real root maps any ids itself (user_namespaces(7)).
        let lines =
            |v: &[IdRange]| v.iter().map(|r| format!("{} {} {}\n", r.container, r.host, r.size)).collect::<String>();
        let w = |file: &str, text: String| {
            std::fs::write(format!("/proc/{pid}/{file}"), text).map_err(UsernsError::WriteMap)
        };
        w("uid_map", lines(&m.uids))?;
        w("gid_map", lines(&m.gids))?;
        return Ok(PendingMaps { pid, helpers: Vec::new() });
    }
    if m.full {
        let uid = spawn_map_tool("newuidmap", pid, &m.uids)?;
        let mut pending = PendingMaps { pid, helpers: vec![("newuidmap", uid)] };
        match spawn_map_tool("newgidmap", pid, &m.gids) {
            Ok(gid) => pending.helpers.push(("newgidmap", gid)),
            Err(e) => {
                let _ = pending.finish();
                return Err(e);
            }
        }
        return Ok(pending);
    }
    // A single-id map of our own ids needs no helper; setgroups must be denied first
    // (user_namespaces(7), "The /proc/[pid]/setgroups file").
    let w =
        |file: &str, text: String| std::fs::write(format!("/proc/{pid}/{file}"), text).map_err(UsernsError::WriteMap);
    w("setgroups", "deny".into())?;
    w("uid_map", format!("0 {} 1\n", m.uids[0].host))?;
    w("gid_map", format!("0 {} 1\n", m.gids[0].host))?;
    Ok(PendingMaps { pid, helpers: Vec::new() })
}

/// The helper's path: the usual place first (saves a PATH walk on every container start).
fn tool_path(tool: &str) -> std::path::PathBuf {
    for dir in ["/usr/bin", "/usr/sbin", "/bin"] {
        let p = std::path::Path::new(dir).join(tool);
        if p.exists() {
            return p;
        }
    }
    std::path::PathBuf::from(tool)
}

fn spawn_map_tool(tool: &str, pid: u32, ranges: &[IdRange]) -> Result<std::process::Child, UsernsError> {
    let mut cmd = Command::new(tool_path(tool));
    cmd.arg(pid.to_string());
    for r in ranges {
        cmd.args([r.container.to_string(), r.host.to_string(), r.size.to_string()]);
    }
    cmd.stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped());
    cmd.spawn().map_err(|e| UsernsError::MapTool {
        tool: tool.into(),
        what: format!("pid {pid}"),
        detail: e.to_string(),
    })
}

fn finish_map_tool(tool: &str, pid: u32, child: std::process::Child) -> Result<(), UsernsError> {
    let out = child.wait_with_output().map_err(|e| UsernsError::MapTool {
        tool: tool.into(),
        what: format!("pid {pid}"),
        detail: e.to_string(),
    })?;
    if !out.status.success() {
        return Err(UsernsError::MapTool {
            tool: tool.into(),
            what: format!("pid {pid}"),
            detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(())
}

/// The child side, called by `main` for `ctr __userns KIND ...` before anything else runs:
/// unshares, hands over to the parent for the maps, and returns once this process is root
/// of its new user namespace.
pub fn enter(kind: &str) -> Result<(), UsernsError> {
    let mount = kind == "user+mount";
    if let Some(fd) = std::env::var(JOIN_ENV).ok().and_then(|v| v.parse::<RawFd>().ok()) {
        // SAFETY: fresh re-exec, single-threaded; the env var is set only by `spawn`.
        unsafe { std::env::remove_var(JOIN_ENV) };
        // SAFETY: `spawn` left this fd open for this process alone.
        let ns = unsafe { OwnedFd::from_raw_fd(fd) };
        super::pause::join(&ns)?;
        drop(ns);
        if mount {
            nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWNS).map_err(UsernsError::Unshare)?;
        }
        return Ok(());
    }
    let sync = std::env::var(SYNC_ENV)
        .map_err(|_| UsernsError::Sync(std::io::Error::other("not started by ctr (no sync fds)")))?;
    // SAFETY: this process is a fresh re-exec of ctr; the env var is set only by `spawn`.
    unsafe { std::env::remove_var(SYNC_ENV) };
    let mut parts = sync.split(',').map(|s| s.parse::<RawFd>());
    let (Some(Ok(r)), Some(Ok(w))) = (parts.next(), parts.next()) else {
        return Err(UsernsError::Sync(std::io::Error::other("bad sync fds")));
    };
    // SAFETY: both fds were inherited from `spawn`, which created them for this process alone.
    let (mut from_parent, mut to_parent) = unsafe { (std::fs::File::from_raw_fd(r), std::fs::File::from_raw_fd(w)) };
    let mut flags = nix::sched::CloneFlags::CLONE_NEWUSER;
    if mount {
        flags |= nix::sched::CloneFlags::CLONE_NEWNS;
    }
    nix::sched::unshare(flags).map_err(UsernsError::Unshare)?;
    to_parent.write_all(b"1").map_err(UsernsError::Sync)?;
    drop(to_parent);
    let mut b = [0u8; 1];
    if !wait_readable(from_parent.as_fd(), SYNC_TIMEOUT)? {
        return Err(UsernsError::Timeout(SYNC_TIMEOUT));
    }
    if from_parent.read(&mut b).map_err(UsernsError::Sync)? == 0 {
        return Err(UsernsError::Sync(std::io::Error::other("parent went away before writing the id maps")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subid_lines_by_name_and_uid() {
        let text = "alice:100000:65536\nbob:200000:1000\n# junk\n1001:300000:10\nalice:400000:5\n";
        assert_eq!(parse_subids(text, Some("alice"), 1000), vec![(100000, 65536), (400000, 5)]);
        assert_eq!(parse_subids(text, Some("carol"), 1001), vec![(300000, 10)]);
        assert!(parse_subids(text, Some("dave"), 5).is_empty());
    }

    #[test]
    fn map_ids_through_ranges() {
        let m = Mapping {
            uids: vec![
                IdRange { container: 0, host: 1000, size: 1 },
                IdRange { container: 1, host: 100000, size: 65536 },
            ],
            gids: vec![],
            full: true,
        };
        assert_eq!(m.host_uid(0), Some(1000));
        assert_eq!(m.host_uid(1), Some(100000));
        assert_eq!(m.host_uid(65536), Some(165535));
        assert_eq!(m.host_uid(65537), None);
    }
}
