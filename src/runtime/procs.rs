//! Finding a container's processes on the host: those in its first process's pid
//! namespace, or, where it shares the host's (`--pid host`), those in its mount namespace.

use std::path::{Path, PathBuf};

/// The pids of the processes whose namespace of `kind` (a name under /proc/PID/ns) is the
/// one `ns` names (a link target such as `mnt:[4026532301]`).
pub fn pids_in(kind: &str, ns: &Path) -> std::io::Result<Vec<i32>> {
    let mut pids = Vec::new();
    for e in std::fs::read_dir("/proc")?.flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else { continue };
        if std::fs::read_link(format!("/proc/{pid}/ns/{kind}")).ok().as_deref() == Some(ns) {
            pids.push(pid);
        }
    }
    Ok(pids)
}

fn ns_of(pid: &str, kind: &str) -> std::io::Result<PathBuf> {
    std::fs::read_link(format!("/proc/{pid}/ns/{kind}"))
}

/// The processes of the container whose first process is `init`.
pub fn container_pids(init: i32) -> std::io::Result<Vec<i32>> {
    let pid_ns = ns_of(&init.to_string(), "pid")?;
    if ns_of("self", "pid").ok().as_ref() != Some(&pid_ns) {
        return pids_in("pid", &pid_ns);
    }
    let mnt = ns_of(&init.to_string(), "mnt")?;
    if ns_of("self", "mnt").ok().as_ref() == Some(&mnt) {
        return Ok(vec![init]);
    }
    pids_in("mnt", &mnt)
}

/// SIGKILLs every process left in the mount namespace `ns` (one of a container sharing
/// the host's pid namespace, whose first process has exited: nothing else ends the rest,
/// as the end of a pid namespace's init does). Never our own mount namespace.
pub fn kill_mount_namespace(ns: &Path) {
    if ns_of("self", "mnt").ok().as_deref() == Some(ns) {
        return;
    }
    for _ in 0..100 {
        let pids = pids_in("mnt", ns).unwrap_or_default();
        if pids.is_empty() {
            return;
        }
        for p in pids {
            let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(p), nix::sys::signal::Signal::SIGKILL);
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
