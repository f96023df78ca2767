//! Keeping a container up: restart policies (docker's `--restart`, with its backoff) and
//! health checks (docker's `HEALTHCHECK` and `--health-*`, podman's `--health-on-failure`),
//! as plain values the CLI and the API parse into and the monitor acts on.

use serde::{Deserialize, Serialize};

use crate::engine::EngineError;

/// `--restart no|on-failure[:N]|always|unless-stopped`, in Docker's JSON shape.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestartPolicy {
    /// "" or "no", "on-failure", "always", "unless-stopped".
    #[serde(rename = "Name")]
    pub name: String,
    /// on-failure only: restarts at most this many times (0: no limit).
    #[serde(rename = "MaximumRetryCount")]
    pub maximum_retry_count: u32,
}

impl RestartPolicy {
    pub fn parse(s: &str) -> Result<RestartPolicy, EngineError> {
        let (name, count) = match s.split_once(':') {
            Some((n, c)) => (n, Some(c)),
            None => (s, None),
        };
        let bad = || {
            EngineError::invalid(format!(
                "invalid restart policy {s:?}; use no, on-failure[:MAX_RETRIES], always or unless-stopped"
            ))
        };
        match (name, count) {
            ("no" | "", None) => Ok(RestartPolicy { name: "no".into(), maximum_retry_count: 0 }),
            ("always" | "unless-stopped", None) => Ok(RestartPolicy { name: name.into(), maximum_retry_count: 0 }),
            ("on-failure", c) => {
                let n = match c {
                    None => 0,
                    Some(c) => c.parse::<u32>().map_err(|_| bad())?,
                };
                Ok(RestartPolicy { name: "on-failure".into(), maximum_retry_count: n })
            }
            ("always" | "unless-stopped" | "no", Some(_)) => Err(EngineError::invalid(format!(
                "restart policy {name} takes no retry count ({s:?}); only on-failure:N does"
            ))),
            _ => Err(bad()),
        }
    }

    /// From the API's `HostConfig.RestartPolicy` (a missing or empty name is "no").
    pub fn from_api(name: &str, max: i64) -> Result<RestartPolicy, EngineError> {
        let p = RestartPolicy::parse(name)?;
        if max < 0 {
            return Err(EngineError::invalid("RestartPolicy.MaximumRetryCount must not be negative"));
        }
        let Ok(max32) = u32::try_from(max) else {
            return Err(EngineError::invalid(format!(
                "RestartPolicy.MaximumRetryCount {max} is too large: at most {}",
                u32::MAX
            )));
        };
        if max > 0 && p.name != "on-failure" {
            return Err(EngineError::invalid(format!(
                "maximum retry count cannot be used with restart policy '{}'",
                p.name
            )));
        }
        Ok(RestartPolicy { maximum_retry_count: max32, ..p })
    }

    pub fn is_none(&self) -> bool {
        self.name.is_empty() || self.name == "no"
    }

    /// `always`, `on-failure:3`, `no`: as `--restart` spells it.
    pub fn display(&self) -> String {
        match (self.name.as_str(), self.maximum_retry_count) {
            ("" | "no", _) => "no".into(),
            ("on-failure", n) if n > 0 => format!("on-failure:{n}"),
            (n, _) => n.into(),
        }
    }

    /// Whether a container that exited with `code` after `restarts` restarts is started
    /// again. `stopped_by_user`: `ctr stop`/`kill` ended it (which ends every policy).
    pub fn should_restart(&self, code: i32, restarts: u32, stopped_by_user: bool) -> bool {
        if stopped_by_user {
            return false;
        }
        match self.name.as_str() {
            "always" | "unless-stopped" => true,
            "on-failure" => code != 0 && (self.maximum_retry_count == 0 || restarts < self.maximum_retry_count),
            _ => false,
        }
    }
}

/// Docker's restart backoff: 100 ms, doubling on each restart up to a minute; a run that
/// lasted at least 10 s starts the sequence again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Backoff {
    delay_ms: u64,
}

impl Backoff {
    pub const FIRST_MS: u64 = 100;
    pub const MAX_MS: u64 = 60_000;
    pub const RESET_AFTER_MS: u64 = 10_000;

    /// The wait before the next start, given how long the last run lasted.
    pub fn next(&mut self, ran_ms: u64) -> std::time::Duration {
        self.delay_ms = if ran_ms >= Self::RESET_AFTER_MS || self.delay_ms == 0 {
            Self::FIRST_MS
        } else {
            (self.delay_ms * 2).min(Self::MAX_MS)
        };
        std::time::Duration::from_millis(self.delay_ms)
    }
}

/// A health check, in the image config's and Docker API's shape (durations in ns).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthConfig {
    /// `["NONE"]`, `["CMD", args...]` or `["CMD-SHELL", command]`.
    #[serde(rename = "Test", default)]
    pub test: Vec<String>,
    #[serde(rename = "Interval", default, skip_serializing_if = "is_zero")]
    pub interval: i64,
    #[serde(rename = "Timeout", default, skip_serializing_if = "is_zero")]
    pub timeout: i64,
    #[serde(rename = "StartPeriod", default, skip_serializing_if = "is_zero")]
    pub start_period: i64,
    #[serde(rename = "StartInterval", default, skip_serializing_if = "is_zero")]
    pub start_interval: i64,
    #[serde(rename = "Retries", default, skip_serializing_if = "is_zero")]
    pub retries: i64,
}

fn is_zero(v: &i64) -> bool {
    *v == 0
}

/// Docker's defaults for what a health check leaves unset.
pub const DEFAULT_INTERVAL_NS: i64 = 30_000_000_000;
pub const DEFAULT_TIMEOUT_NS: i64 = 30_000_000_000;
pub const DEFAULT_START_INTERVAL_NS: i64 = 5_000_000_000;
pub const DEFAULT_RETRIES: i64 = 3;

impl HealthConfig {
    /// Whether there is a check to run (not absent, not `NONE`).
    pub fn active(&self) -> bool {
        !self.test.is_empty() && self.test[0] != "NONE"
    }

    /// The command to run in the container: CMD's words, or CMD-SHELL's through /bin/sh.
    pub fn command(&self) -> Option<Vec<String>> {
        match self.test.first().map(String::as_str) {
            Some("CMD") => Some(self.test[1..].to_vec()),
            Some("CMD-SHELL") => Some(vec!["/bin/sh".into(), "-c".into(), self.test[1..].join(" ")]),
            _ => None,
        }
    }

    pub fn interval_ns(&self) -> i64 {
        if self.interval > 0 { self.interval } else { DEFAULT_INTERVAL_NS }
    }
    pub fn timeout_ns(&self) -> i64 {
        if self.timeout > 0 { self.timeout } else { DEFAULT_TIMEOUT_NS }
    }
    pub fn start_interval_ns(&self) -> i64 {
        if self.start_interval > 0 { self.start_interval } else { DEFAULT_START_INTERVAL_NS }
    }
    pub fn retries(&self) -> i64 {
        if self.retries > 0 { self.retries } else { DEFAULT_RETRIES }
    }
}

/// What `--health-*` flags (or the API's Healthcheck) say, layered over the image's
/// HEALTHCHECK: a flag given replaces that field; `--no-healthcheck` disables it.
#[derive(Debug, Clone, Default)]
pub struct HealthFlags {
    pub cmd: Option<String>,
    pub interval: Option<String>,
    pub timeout: Option<String>,
    pub start_period: Option<String>,
    pub start_interval: Option<String>,
    pub retries: Option<i64>,
    pub none: bool,
}

fn duration_ns(flag: &str, v: &str) -> Result<i64, EngineError> {
    let d = crate::build::dockerfile::parse_duration(v).map_err(|e| EngineError::invalid(format!("--{flag}: {e}")))?;
    Ok(d.as_nanos() as i64)
}

impl HealthFlags {
    /// The API's `Config.Healthcheck` (docker's merge: an empty Test keeps the image's
    /// command, zero durations keep the image's).
    pub fn from_api(v: &serde_json::Value) -> Result<HealthFlags, EngineError> {
        if v.is_null() {
            return Ok(HealthFlags::default());
        }
        let test: Vec<String> = serde_json::from_value(v["Test"].clone()).unwrap_or_default();
        let mut f = HealthFlags::default();
        match test.first().map(String::as_str) {
            None => {}
            Some("NONE") => f.none = true,
            Some("CMD-SHELL") => f.cmd = Some(test[1..].join(" ")),
            Some("CMD") => f.cmd = Some(serde_json::to_string(&test).unwrap_or_default()),
            Some(other) => {
                return Err(EngineError::invalid(format!(
                    "Healthcheck.Test must start with NONE, CMD or CMD-SHELL, not {other:?}"
                )));
            }
        }
        let ns = |k: &str| v[k].as_i64().filter(|n| *n != 0).map(|n| format!("{n}ns"));
        f.interval = ns("Interval");
        f.timeout = ns("Timeout");
        f.start_period = ns("StartPeriod");
        f.start_interval = ns("StartInterval");
        f.retries = v["Retries"].as_i64().filter(|n| *n != 0);
        Ok(f)
    }

    /// The API's `Config.Healthcheck` for these flags (the inverse of `from_api`): what a
    /// remote engine is sent.
    pub fn to_api(&self) -> Result<serde_json::Value, EngineError> {
        if self.none {
            return Ok(serde_json::json!({"Test": ["NONE"]}));
        }
        let test: Vec<String> = match self.cmd.as_deref().map(str::trim) {
            None => Vec::new(),
            Some(c) if c.starts_with('[') => serde_json::from_str(c)
                .map_err(|e| EngineError::invalid(format!("--health-cmd {c:?}: not a JSON list: {e}")))?,
            Some(c) => vec!["CMD-SHELL".into(), c.into()],
        };
        let ns = |flag: &str, v: &Option<String>| v.as_deref().map(|v| duration_ns(flag, v)).transpose();
        Ok(serde_json::json!({
            "Test": test,
            "Interval": ns("health-interval", &self.interval)?.unwrap_or(0),
            "Timeout": ns("health-timeout", &self.timeout)?.unwrap_or(0),
            "StartPeriod": ns("health-start-period", &self.start_period)?.unwrap_or(0),
            "StartInterval": ns("health-start-interval", &self.start_interval)?.unwrap_or(0),
            "Retries": self.retries.unwrap_or(0),
        }))
    }

    pub fn is_empty(&self) -> bool {
        self.cmd.is_none()
            && self.interval.is_none()
            && self.timeout.is_none()
            && self.start_period.is_none()
            && self.start_interval.is_none()
            && self.retries.is_none()
            && !self.none
    }

    /// The health check a container gets: the image's, changed by these flags.
    pub fn apply(&self, image: Option<HealthConfig>) -> Result<Option<HealthConfig>, EngineError> {
        if self.none {
            if !self.is_empty_but_none() {
                return Err(EngineError::invalid("--no-healthcheck conflicts with the other --health-* flags"));
            }
            return Ok(Some(HealthConfig { test: vec!["NONE".into()], ..Default::default() }));
        }
        let mut h = image.unwrap_or_default();
        if let Some(c) = &self.cmd {
            let c = c.trim();
            if c.is_empty() {
                return Err(EngineError::invalid("--health-cmd is empty"));
            }
            // A JSON array is an exec form (`["CMD", ...]` or plain words), as podman takes it.
            h.test = match serde_json::from_str::<Vec<String>>(c) {
                Ok(v) if v.first().is_some_and(|f| f == "CMD" || f == "CMD-SHELL" || f == "NONE") => v,
                Ok(v) if !v.is_empty() => std::iter::once("CMD".to_string()).chain(v).collect(),
                _ => vec!["CMD-SHELL".into(), c.to_string()],
            };
        }
        if let Some(v) = &self.interval {
            h.interval = duration_ns("health-interval", v)?;
        }
        if let Some(v) = &self.timeout {
            h.timeout = duration_ns("health-timeout", v)?;
        }
        if let Some(v) = &self.start_period {
            h.start_period = duration_ns("health-start-period", v)?;
        }
        if let Some(v) = &self.start_interval {
            h.start_interval = duration_ns("health-start-interval", v)?;
        }
        if let Some(r) = self.retries {
            if r < 0 {
                return Err(EngineError::invalid("--health-retries must not be negative"));
            }
            h.retries = r;
        }
        for (what, v) in [("interval", h.interval), ("timeout", h.timeout), ("start-interval", h.start_interval)] {
            if v != 0 && v < 1_000_000 {
                return Err(EngineError::invalid(format!("--health-{what} must be at least 1ms")));
            }
        }
        if h.test.is_empty() {
            if self.is_empty() {
                return Ok(None);
            }
            return Err(EngineError::invalid(
                "--health-* flags need a health check: give --health-cmd (the image has no HEALTHCHECK)",
            ));
        }
        Ok(Some(h))
    }

    fn is_empty_but_none(&self) -> bool {
        HealthFlags { none: false, ..self.clone() }.is_empty()
    }
}

/// `--health-on-failure`: what the monitor does when the container turns unhealthy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum HealthOnFailure {
    #[default]
    None,
    Kill,
    Restart,
    Stop,
}

/// `--sdnotify`: who tells systemd (NOTIFY_SOCKET) that the service is ready.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum SdNotify {
    /// ctr: MAINPID=<monitor> and READY=1 once the container's process has started.
    #[default]
    Conmon,
    /// The container: the socket is passed in and its READY=1 relayed.
    Container,
    /// READY=1 after the first passing health check.
    Healthy,
    /// Nothing is sent.
    Ignore,
}

/// `State.Health` in Docker's shape, kept by the monitor while the container runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthState {
    /// "starting", "healthy" or "unhealthy".
    #[serde(rename = "Status")]
    pub status: String,
    #[serde(rename = "FailingStreak")]
    pub failing_streak: u32,
    #[serde(rename = "Log")]
    pub log: Vec<HealthResult>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthResult {
    #[serde(rename = "Start")]
    pub start: String,
    #[serde(rename = "End")]
    pub end: String,
    #[serde(rename = "ExitCode")]
    pub exit_code: i32,
    #[serde(rename = "Output")]
    pub output: String,
}

/// Docker keeps the last five results.
pub const HEALTH_LOG_MAX: usize = 5;
/// And at most this much of a check's output.
pub const HEALTH_OUTPUT_MAX: usize = 4096;

impl HealthState {
    pub fn starting() -> HealthState {
        HealthState { status: "starting".into(), ..Default::default() }
    }

    /// Records one check. `in_start_period`: failures then do not count (a success still
    /// makes the container healthy). Returns whether the status changed.
    pub fn record(&mut self, result: HealthResult, retries: i64, in_start_period: bool) -> bool {
        let before = self.status.clone();
        let ok = result.exit_code == 0;
        self.log.push(result);
        if self.log.len() > HEALTH_LOG_MAX {
            let extra = self.log.len() - HEALTH_LOG_MAX;
            self.log.drain(..extra);
        }
        if ok {
            self.failing_streak = 0;
            self.status = "healthy".into();
        } else if !in_start_period {
            self.failing_streak += 1;
            if self.failing_streak as i64 >= retries {
                self.status = "unhealthy".into();
            }
        }
        self.status != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restart_policies_parse_like_docker() {
        assert_eq!(RestartPolicy::parse("on-failure:3").unwrap().maximum_retry_count, 3);
        assert_eq!(RestartPolicy::parse("on-failure").unwrap().display(), "on-failure");
        assert_eq!(RestartPolicy::parse("always").unwrap().display(), "always");
        assert_eq!(RestartPolicy::parse("no").unwrap().display(), "no");
        for bad in ["sometimes", "always:2", "on-failure:x", "on-failure:-1"] {
            assert!(RestartPolicy::parse(bad).is_err(), "{bad}");
        }
        assert!(RestartPolicy::from_api("always", 2).is_err());
        // Past 32 bits: refused, not wrapped (2^32 + 3 would be 3).
        let e = RestartPolicy::from_api("on-failure", (1 << 32) + 3).unwrap_err();
        assert!(e.message.contains("too large"), "{}", e.message);
        assert_eq!(RestartPolicy::from_api("", 0).unwrap().display(), "no");
    }

    #[test]
    fn who_restarts() {
        let p = RestartPolicy::parse("on-failure:2").unwrap();
        assert!(p.should_restart(3, 0, false) && p.should_restart(3, 1, false));
        assert!(!p.should_restart(3, 2, false) && !p.should_restart(0, 0, false));
        let a = RestartPolicy::parse("always").unwrap();
        assert!(a.should_restart(0, 100, false) && !a.should_restart(137, 0, true));
        assert!(!RestartPolicy::default().should_restart(1, 0, false));
    }

    #[test]
    fn backoff_doubles_to_a_minute_and_resets() {
        let mut b = Backoff::default();
        let seq: Vec<u64> = (0..12).map(|_| b.next(5).as_millis() as u64).collect();
        assert_eq!(&seq[..5], &[100, 200, 400, 800, 1600]);
        assert_eq!(seq[11], 60_000);
        assert_eq!(b.next(10_000).as_millis(), 100);
    }

    #[test]
    fn health_flags_over_the_image() {
        let img =
            HealthConfig { test: vec!["CMD".into(), "true".into()], interval: 5_000_000_000, ..Default::default() };
        let f = HealthFlags { retries: Some(2), ..Default::default() };
        let h = f.apply(Some(img.clone())).unwrap().unwrap();
        assert_eq!((h.test.len(), h.interval, h.retries), (2, 5_000_000_000, 2));
        let f = HealthFlags { cmd: Some("test -e /ok".into()), interval: Some("1s".into()), ..Default::default() };
        let h = f.apply(None).unwrap().unwrap();
        assert_eq!(h.test, ["CMD-SHELL", "test -e /ok"]);
        assert_eq!(h.command().unwrap(), ["/bin/sh", "-c", "test -e /ok"]);
        let f = HealthFlags { cmd: Some(r#"["CMD","cat","/ok"]"#.into()), ..Default::default() };
        assert_eq!(f.apply(None).unwrap().unwrap().command().unwrap(), ["cat", "/ok"]);
        let f = HealthFlags { none: true, ..Default::default() };
        assert!(!f.apply(Some(img.clone())).unwrap().unwrap().active());
        assert!(HealthFlags { none: true, retries: Some(1), ..Default::default() }.apply(None).is_err());
        assert!(HealthFlags { retries: Some(1), ..Default::default() }.apply(None).is_err());
        assert!(HealthFlags { interval: Some("soon".into()), ..Default::default() }.apply(Some(img.clone())).is_err());
        assert_eq!(HealthFlags::default().apply(None).unwrap(), None);
    }

    #[test]
    fn health_state_transitions() {
        let r = |code| HealthResult { exit_code: code, ..Default::default() };
        let mut s = HealthState::starting();
        assert!(!s.record(r(1), 2, true), "failures in the start period do not count");
        assert_eq!((s.status.as_str(), s.failing_streak), ("starting", 0));
        assert!(s.record(r(0), 2, true));
        assert_eq!(s.status, "healthy");
        assert!(!s.record(r(1), 2, false));
        assert!(s.record(r(1), 2, false));
        assert_eq!((s.status.as_str(), s.failing_streak), ("unhealthy", 2));
        for _ in 0..10 {
            s.record(r(1), 2, false);
        }
        assert_eq!(s.log.len(), HEALTH_LOG_MAX);
    }
}
