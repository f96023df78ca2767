//! Health checks of the local engine: one check run as an exec in the container's
//! namespaces (`ctr __exec`), its output and exit code kept; the state file the monitor
//! and `ctr healthcheck run` both record into.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{ContainerConfig, LocalEngine};
use crate::engine::EngineError;
use crate::engine::policy::{HEALTH_OUTPUT_MAX, HealthConfig, HealthResult, HealthState};
use crate::runtime::exec::ExecRequest;
use crate::store::ContainerState;

/// One health check running: the exec process, its combined output so far.
pub struct HealthProbe {
    child: Child,
    output: std::fs::File,
    buf: Vec<u8>,
    started: Instant,
    started_at: i64,
    timeout: Duration,
}

impl HealthProbe {
    /// Starts the check (non-blocking): `ctr __exec` with stdout and stderr on one pipe.
    pub fn start(req: &ExecRequest, timeout: Duration) -> std::io::Result<HealthProbe> {
        let (r, w) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)?;
        let json = serde_json::to_string(req).map_err(std::io::Error::other)?;
        let child = Command::new("/proc/self/exe")
            .arg("__exec")
            .arg(json)
            .stdin(Stdio::null())
            .stdout(Stdio::from(w.try_clone()?))
            .stderr(Stdio::from(w))
            .spawn()?;
        let flags = nix::fcntl::fcntl(&r, nix::fcntl::FcntlArg::F_GETFL)?;
        let flags = nix::fcntl::OFlag::from_bits_truncate(flags) | nix::fcntl::OFlag::O_NONBLOCK;
        nix::fcntl::fcntl(&r, nix::fcntl::FcntlArg::F_SETFL(flags))?;
        Ok(HealthProbe {
            child,
            output: std::fs::File::from(r),
            buf: Vec::new(),
            started: Instant::now(),
            started_at: crate::timefmt::now_ns(),
            timeout,
        })
    }

    /// The fd to poll for output (the monitor's event loop).
    pub fn fd(&self) -> std::os::fd::BorrowedFd<'_> {
        std::os::fd::AsFd::as_fd(&self.output)
    }

    /// The time left before the check times out.
    pub fn remaining(&self) -> Duration {
        self.timeout.saturating_sub(self.started.elapsed())
    }

    /// Reads what output there is; returns the result once the check ended (or timed out,
    /// when it is killed: exit code -1 as docker reports it).
    pub fn poll(&mut self) -> Option<HealthResult> {
        let mut chunk = [0u8; 4096];
        let mut eof = false;
        loop {
            match self.output.read(&mut chunk) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => {
                    if self.buf.len() < HEALTH_OUTPUT_MAX {
                        self.buf.extend_from_slice(&chunk[..n]);
                    }
                }
                Err(_) => break,
            }
        }
        let code = match self.child.try_wait() {
            Ok(Some(st)) if eof || st.code().is_some() => {
                use std::os::unix::process::ExitStatusExt;
                st.code().unwrap_or_else(|| 128 + st.signal().unwrap_or(0))
            }
            Ok(_) if self.started.elapsed() >= self.timeout => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                let secs = self.timeout.as_secs_f64();
                self.buf = format!("Health check exceeded timeout ({secs}s)").into_bytes();
                -1
            }
            _ => return None,
        };
        self.buf.truncate(HEALTH_OUTPUT_MAX);
        Some(HealthResult {
            start: crate::timefmt::format_rfc3339_nanos(self.started_at),
            end: crate::timefmt::format_rfc3339_nanos(crate::timefmt::now_ns()),
            exit_code: code,
            output: String::from_utf8_lossy(&self.buf).into_owned(),
        })
    }

    /// Waits for the result (for `ctr healthcheck run`).
    pub fn wait(mut self) -> HealthResult {
        loop {
            if let Some(r) = self.poll() {
                return r;
            }
            let mut fds = [nix::poll::PollFd::new(self.fd(), nix::poll::PollFlags::POLLIN)];
            let ms = self.remaining().as_millis().clamp(1, 100) as u16;
            let _ = nix::poll::poll(&mut fds, nix::poll::PollTimeout::from(ms));
        }
    }
}

impl Drop for HealthProbe {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Reads the state file (absent: "starting").
pub fn load_state(path: &Path) -> HealthState {
    std::fs::read(path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_else(HealthState::starting)
}

/// Writes the state file whole (temp file, then rename), so readers never see half of it.
pub fn save_state(path: &Path, s: &HealthState) -> std::io::Result<()> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec(s).map_err(std::io::Error::other)?)?;
    std::fs::rename(&tmp, path)
}

/// The exec request of a health check (None: it has no command to run).
pub fn check_request(h: &HealthConfig, pid: i32, bundle: &Path) -> Option<ExecRequest> {
    let args = h.command()?;
    Some(ExecRequest {
        pid,
        bundle: bundle.to_path_buf(),
        args,
        env: Vec::new(),
        workdir: None,
        user: None,
        tty: false,
    })
}

/// Whether `now` is still in the health check's start period of a run started at
/// `started_at` (ns).
pub fn in_start_period(h: &HealthConfig, started_at: i64, now: i64) -> bool {
    h.start_period > 0 && now - started_at < h.start_period
}

impl LocalEngine {
    /// `ctr healthcheck run`: runs the container's health check now and records the result
    /// as the monitor's own checks are. Returns the check's result and the new state.
    pub fn run_healthcheck(&mut self, key: &str) -> Result<(HealthResult, HealthState), EngineError> {
        let rec = self.current(key)?;
        if rec.state != ContainerState::Running {
            return Err(EngineError::conflict(format!("container {} is not running", rec.name)));
        }
        let pid = self.init_pid(&rec)? as i32;
        let no_check = || EngineError::invalid(format!("container {} has no health check", rec.name));
        let h = ContainerConfig::of(&rec).healthcheck.filter(HealthConfig::active).ok_or_else(no_check)?;
        let req = check_request(&h, pid, &self.bundle(&rec.id)).ok_or_else(no_check)?;
        let probe = HealthProbe::start(&req, Duration::from_nanos(h.timeout_ns() as u64))?;
        let result = probe.wait();
        let path = self.paths(&rec.id).health();
        let mut state = load_state(&path);
        let now = crate::timefmt::now_ns();
        state.record(result.clone(), h.retries(), in_start_period(&h, rec.started_at, now));
        save_state(&path, &state)?;
        Ok((result, state))
    }
}
