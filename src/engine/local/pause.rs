//! `ctr pause` / `unpause`: freezes every process of a running container. With a cgroup
//! of its own (cgroup v2, delegated) through `cgroup.freeze`; otherwise, as the
//! documented fallback (hybrid or v1 hosts, rootless without delegation), SIGSTOP and
//! SIGCONT to every process of the container's pid namespace. The fallback differs from a
//! freezer where a process inside watches its children (a SIGCHLD for each stop and
//! continue) and where a process forks between the scan and the stop (the scan repeats
//! until it finds no new process).
//!
//! A paused container stays `running` in the store; `bundle/paused` records the start it
//! belongs to (so a stale one from an earlier run means nothing).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use nix::sys::signal::Signal;

use super::LocalEngine;
use crate::engine::{EngineError, ErrorKind};
use crate::store::{ContainerRecord, ContainerState};

impl LocalEngine {
    fn paused_marker(&self, id: &str) -> PathBuf {
        self.paths(id).bundle.join("paused")
    }

    /// Whether the container is paused (running, with a marker of this run).
    pub fn is_paused(&self, rec: &ContainerRecord) -> bool {
        matches!(rec.state, ContainerState::Running | ContainerState::Stopping)
            && std::fs::read_to_string(self.paused_marker(&rec.id))
                .is_ok_and(|s| s.trim() == rec.started_at.to_string())
    }

    /// The state as docker names it: `paused` for a paused container.
    pub fn state_text(&self, rec: &ContainerRecord) -> &'static str {
        if self.is_paused(rec) { "paused" } else { rec.state.as_str() }
    }

    /// `ctr pause`: dockerd's errors (409) for a container not running or already paused.
    pub fn pause_container(&mut self, key: &str) -> Result<ContainerRecord, EngineError> {
        let rec = self.current(key)?;
        if rec.state != ContainerState::Running {
            return Err(EngineError::conflict(format!("Container {} is not running", rec.id)));
        }
        if self.is_paused(&rec) {
            return Err(EngineError::conflict(format!("Container {} is already paused", rec.id)));
        }
        self.freeze(&rec, true)?;
        std::fs::write(self.paused_marker(&rec.id), rec.started_at.to_string())?;
        Ok(rec)
    }

    /// `ctr unpause`.
    pub fn unpause_container(&mut self, key: &str) -> Result<ContainerRecord, EngineError> {
        let rec = self.current(key)?;
        if !self.is_paused(&rec) {
            return Err(EngineError::conflict(format!("Container {} is not paused", rec.id)));
        }
        self.freeze(&rec, false)?;
        let _ = std::fs::remove_file(self.paused_marker(&rec.id));
        Ok(rec)
    }

    /// After a signal to a paused container (kill, stop, rm -f): thaws it so the signal is
    /// acted on, as dockerd does (a stop of a paused container ends it with its stop
    /// signal, not after the timeout).
    pub(crate) fn thaw_after_signal(&mut self, rec: &ContainerRecord) {
        if self.is_paused(rec) {
            let _ = self.freeze(rec, false);
            let _ = std::fs::remove_file(self.paused_marker(&rec.id));
        }
    }

    fn freeze(&mut self, rec: &ContainerRecord, on: bool) -> Result<(), EngineError> {
        if let Some(cg) = self.container_cgroup(&rec.id) {
            return freeze_cgroup(&cg, on);
        }
        let init = self.init_pid(rec)?;
        signal_namespace(init as i32, if on { Signal::SIGSTOP } else { Signal::SIGCONT }).map_err(|e| {
            EngineError::new(
                ErrorKind::Internal,
                format!("cannot {} container {}: {e}", if on { "pause" } else { "unpause" }, rec.name),
            )
        })
    }
}

/// cgroup v2's freezer: writes cgroup.freeze and waits (at most 5 s) for cgroup.events to
/// say the whole subtree is frozen (or thawed).
fn freeze_cgroup(cg: &std::path::Path, on: bool) -> Result<(), EngineError> {
    let internal = |m: String| EngineError::new(ErrorKind::Internal, m);
    std::fs::write(cg.join("cgroup.freeze"), if on { "1" } else { "0" })
        .map_err(|e| internal(format!("cannot write {}: {e}", cg.join("cgroup.freeze").display())))?;
    let want = if on { "frozen 1" } else { "frozen 0" };
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let events = std::fs::read_to_string(cg.join("cgroup.events")).unwrap_or_default();
        if events.lines().any(|l| l.trim() == want) {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(internal(format!("the cgroup {} did not become {want} within 5 s", cg.display())));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Sends `sig` to every process of the container (runtime::procs), init first; for SIGSTOP the scan
/// repeats until a pass finds no process it has not stopped (a fork in between).
fn signal_namespace(init: i32, sig: Signal) -> std::io::Result<()> {
    let mut done: Vec<i32> = Vec::new();
    for _ in 0..20 {
        let mut pids = crate::runtime::procs::container_pids(init)?;
        pids.sort_by_key(|p| (*p != init, *p));
        let new: Vec<i32> = pids.into_iter().filter(|p| !done.contains(p)).collect();
        if new.is_empty() {
            return Ok(());
        }
        for p in new {
            // A process may have exited since the scan: not an error.
            let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(p), sig);
            done.push(p);
        }
        if sig != Signal::SIGSTOP {
            return Ok(());
        }
    }
    Ok(())
}
