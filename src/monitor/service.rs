//! What keeps a container up, in its monitor: health checks on the monitor's own timer
//! (an exec in the container's namespaces, never more than one at a time), and the
//! sd_notify relay of `--sdnotify=container`. Both are polled from the monitor's event
//! loop; nothing here blocks or starts a thread.

use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::engine::local::health::{self, HealthProbe};
use crate::engine::policy::{HealthConfig, HealthOnFailure, HealthState};
use crate::runtime::exec::ExecRequest;

/// A change of health the monitor acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthEvent {
    Healthy,
    Unhealthy,
}

/// The health checks of one run of the container.
pub struct Health {
    cfg: HealthConfig,
    req: ExecRequest,
    state_file: PathBuf,
    state: HealthState,
    started_at: i64,
    next: Instant,
    probe: Option<HealthProbe>,
    pub on_failure: HealthOnFailure,
}

impl Health {
    /// The checks of a container started at `started_at` (ns), if it has an active one.
    /// The state starts over ("starting") with each run, as in docker.
    pub fn new(
        cfg: HealthConfig,
        req: ExecRequest,
        state_file: &Path,
        started_at: i64,
        on_failure: HealthOnFailure,
    ) -> Option<Health> {
        if !cfg.active() {
            return None;
        }
        let state = HealthState::starting();
        let _ = health::save_state(state_file, &state);
        let first = Duration::from_nanos(Self::period_ns(&cfg, started_at, started_at) as u64);
        Some(Health {
            cfg,
            req,
            state_file: state_file.to_path_buf(),
            state,
            started_at,
            next: Instant::now() + first,
            probe: None,
            on_failure,
        })
    }

    /// The wait before the next check: the start interval during the start period, else
    /// the interval.
    fn period_ns(cfg: &HealthConfig, started_at: i64, now: i64) -> i64 {
        if health::in_start_period(cfg, started_at, now) { cfg.start_interval_ns() } else { cfg.interval_ns() }
    }

    /// The fd of a running check's output, to poll.
    pub fn fd(&self) -> Option<BorrowedFd<'_>> {
        self.probe.as_ref().map(|p| p.fd())
    }

    /// Milliseconds until this wants attention (a check due, or a running one timing out).
    pub fn timeout_ms(&self) -> u64 {
        match &self.probe {
            Some(p) => p.remaining().as_millis() as u64 + 1,
            None => self.next.saturating_duration_since(Instant::now()).as_millis() as u64,
        }
    }

    /// Starts a check when one is due, collects a finished one; returns a change of
    /// health (and writes the state file after every check).
    pub fn tick(&mut self) -> Option<HealthEvent> {
        let result = match self.probe.as_mut() {
            Some(p) => {
                let r = p.poll()?;
                self.probe = None;
                r
            }
            None if Instant::now() >= self.next => {
                let timeout = Duration::from_nanos(self.cfg.timeout_ns() as u64);
                match HealthProbe::start(&self.req, timeout) {
                    Ok(p) => {
                        self.probe = Some(p);
                        return None;
                    }
                    // Could not even start the exec: a failed check, as docker counts it.
                    Err(e) => {
                        let now = crate::timefmt::format_rfc3339_nanos(crate::timefmt::now_ns());
                        crate::engine::policy::HealthResult {
                            start: now.clone(),
                            end: now,
                            exit_code: -1,
                            output: format!("cannot run the health check: {e}"),
                        }
                    }
                }
            }
            None => return None,
        };
        let now = crate::timefmt::now_ns();
        let in_start = health::in_start_period(&self.cfg, self.started_at, now);
        let changed = self.state.record(result, self.cfg.retries(), in_start);
        let _ = health::save_state(&self.state_file, &self.state);
        self.next = Instant::now() + Duration::from_nanos(Self::period_ns(&self.cfg, self.started_at, now) as u64);
        match (changed, self.state.status.as_str()) {
            (true, "healthy") => Some(HealthEvent::Healthy),
            (true, "unhealthy") => Some(HealthEvent::Unhealthy),
            _ => None,
        }
    }
}

/// `--sdnotify=container`: a datagram socket in the container's `/run/notify`; what the
/// container sends there is passed on to systemd with MAINPID set to the monitor.
pub struct NotifyRelay {
    sock: UnixDatagram,
}

impl NotifyRelay {
    /// Binds `dir/notify.sock` (the directory the bundle binds at /run/notify).
    pub fn bind(dir: &Path) -> std::io::Result<NotifyRelay> {
        let path = dir.join("notify.sock");
        let _ = std::fs::remove_file(&path);
        // The path can be longer than a socket address holds (108 bytes): bind it by its
        // name from inside the directory (the monitor is single-threaded; cwd goes back).
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        std::env::set_current_dir(dir)?;
        let sock = UnixDatagram::bind("notify.sock");
        let _ = std::env::set_current_dir(cwd);
        let sock = sock?;
        sock.set_nonblocking(true)?;
        // The container's root is the user here; any of its users may notify.
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o777));
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
        Ok(NotifyRelay { sock })
    }

    pub fn fd(&self) -> BorrowedFd<'_> {
        self.sock.as_fd()
    }

    /// Passes on what the container sent (READY=1, STATUS=..., ...), MAINPID first.
    pub fn relay(&self) {
        let mut buf = [0u8; 4096];
        while let Ok(n) = self.sock.recv(&mut buf) {
            let text = String::from_utf8_lossy(&buf[..n]);
            let mut states = vec![sd_notify::NotifyState::MainPid(std::process::id())];
            let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with("MAINPID=")).collect();
            for l in &lines {
                match *l {
                    "READY=1" => states.push(sd_notify::NotifyState::Ready),
                    "STOPPING=1" => states.push(sd_notify::NotifyState::Stopping),
                    "RELOADING=1" => states.push(sd_notify::NotifyState::Reloading),
                    "WATCHDOG=1" => states.push(sd_notify::NotifyState::Watchdog),
                    l => {
                        if let Some(s) = l.strip_prefix("STATUS=") {
                            states.push(sd_notify::NotifyState::Status(s));
                        }
                    }
                }
            }
            let _ = sd_notify::notify(false, &states);
        }
    }
}

/// READY=1 (with MAINPID, the monitor) to systemd, for `--sdnotify=healthy`.
pub fn notify_ready() {
    let _ =
        sd_notify::notify(false, &[sd_notify::NotifyState::MainPid(std::process::id()), sd_notify::NotifyState::Ready]);
}
