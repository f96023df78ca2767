//! The container operations of the engine interface, and their option/report types.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::engine::EngineError;

/// A line of `ps`: the same whichever engine answers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ContainerSummary {
    pub id: String,
    pub name: String,
    /// The image as the container was created from it (its name, or an id).
    pub image: String,
    pub image_id: String,
    pub command: String,
    /// Unix seconds.
    pub created: i64,
    /// created, running, paused, restarting, stopping, exited, removing, dead
    pub state: String,
    /// "Up 3 seconds", "Exited (0) 2 minutes ago", ...
    pub status: String,
    pub ports: Vec<crate::network::PortMapping>,
    pub labels: BTreeMap<String, String>,
    /// The pod's id and name ("" for none, and from a remote engine).
    pub pod: String,
    pub pod_name: String,
}

/// `ps --filter KEY=VALUE`, checked: the keys every engine understands.
#[derive(Debug, Clone, Default)]
pub struct ContainerFilters {
    pub all: bool,
    pub status: Vec<String>,
    pub name: Vec<String>,
    pub id: Vec<String>,
    pub ancestor: Vec<String>,
    pub label: Vec<String>,
}

impl ContainerFilters {
    /// From `--filter` values; an unknown key is an error naming the known ones.
    pub fn parse(all: bool, filters: &[String]) -> Result<ContainerFilters, EngineError> {
        let mut f = ContainerFilters { all, ..Default::default() };
        for item in filters {
            let Some((k, v)) = item.split_once('=') else {
                return Err(EngineError::invalid(format!(
                    "invalid filter {item:?}: use KEY=VALUE with status, name, id, ancestor or label"
                )));
            };
            let v = v.to_string();
            match k {
                // A status filter lists stopped containers too, as docker's does.
                "status" => {
                    f.all = true;
                    f.status.push(v)
                }
                "name" => f.name.push(v),
                "id" => f.id.push(v),
                "ancestor" => f.ancestor.push(v),
                "label" => f.label.push(v),
                _ => {
                    return Err(EngineError::invalid(format!(
                        "invalid filter {k:?}: use status, name, id, ancestor or label"
                    )));
                }
            }
        }
        Ok(f)
    }
}

/// `start --all --filter KEY=VALUE`: which stopped containers to start. A container
/// matches when it matches every kind given (any of its values).
#[derive(Debug, Clone, Default)]
pub struct StartFilters {
    /// `always`, `unless-stopped` (only if the user did not stop it), `on-failure`, `no`.
    pub restart_policy: Vec<String>,
    /// Part of the name.
    pub name: Vec<String>,
    /// `KEY` or `KEY=VALUE`.
    pub label: Vec<String>,
    pub status: Vec<String>,
}

impl StartFilters {
    pub fn parse(filters: &[String]) -> Result<StartFilters, EngineError> {
        let mut f = StartFilters::default();
        for item in filters {
            let list = match item.split_once('=') {
                Some(("restart-policy", _)) => &mut f.restart_policy,
                Some(("name", _)) => &mut f.name,
                Some(("label", _)) => &mut f.label,
                Some(("status", _)) => &mut f.status,
                _ => {
                    return Err(EngineError::invalid(format!(
                        "invalid filter {item:?}: use KEY=VALUE with restart-policy, name, label or status"
                    )));
                }
            };
            list.push(item.split_once('=').map(|(_, v)| v.to_string()).unwrap_or_default());
        }
        Ok(f)
    }

    /// Whether a stopped container matches; `policy` is its restart policy's name,
    /// `user_stopped` whether its user stopped it.
    pub fn matches(
        &self,
        name: &str,
        labels: &BTreeMap<String, String>,
        state: &str,
        policy: &str,
        user_stopped: bool,
    ) -> bool {
        let any = |vals: &[String], f: &dyn Fn(&str) -> bool| vals.is_empty() || vals.iter().any(|v| f(v));
        any(&self.restart_policy, &|v| v == policy && !(v == "unless-stopped" && user_stopped))
            && any(&self.name, &|v| name.contains(v))
            && any(&self.label, &|v| match v.split_once('=') {
                Some((k, val)) => labels.get(k).is_some_and(|x| x == val),
                None => labels.contains_key(v),
            })
            && any(&self.status, &|v| v == state)
    }
}

/// `diff`: A(dded), C(hanged) or D(eleted), and the path.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub kind: char,
    pub path: String,
}

/// `commit`'s options besides the container and the new name.
#[derive(Debug, Clone, Default)]
pub struct CommitOptions {
    /// Dockerfile instructions applied to the config (`-c`).
    pub changes: Vec<String>,
    pub message: Option<String>,
    pub author: Option<String>,
    /// Pause the container while committing (docker's default; podman's too).
    pub pause: bool,
}

/// `top`'s answer: column titles and rows.
#[derive(Debug, Clone, Default)]
pub struct TopReport {
    pub titles: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

pub trait ContainerEngine {
    /// The containers, filtered.
    fn container_list(&mut self, f: &ContainerFilters) -> Result<Vec<ContainerSummary>, EngineError>;
    /// The containers `start --all` starts (their ids): those not running that match.
    fn container_startable(&mut self, f: &StartFilters) -> Result<Vec<String>, EngineError>;
    /// A container's inspect document in the Docker Engine API's shape (`ctr inspect`
    /// prints it; templates like `{{.State.Status}}` read it).
    fn container_inspect(&mut self, key: &str) -> Result<Value, EngineError>;
    /// The stop signal, then SIGKILL after `timeout` (None: the container's own).
    fn container_stop(&mut self, key: &str, timeout: Option<Duration>) -> Result<(), EngineError>;
    /// Stop, then start again (detached).
    fn container_restart(&mut self, key: &str, timeout: Option<Duration>) -> Result<(), EngineError>;
    /// A signal, by name (`TERM`, `SIGKILL`) or number.
    fn container_kill(&mut self, key: &str, signal: &str) -> Result<(), EngineError>;
    /// Removes a container (`force`: a running one too); `volumes`: its anonymous volumes too.
    fn container_remove(&mut self, key: &str, force: bool, volumes: bool) -> Result<(), EngineError>;
    /// Removes every stopped container: (ids, bytes reclaimed).
    fn container_prune(&mut self) -> Result<(Vec<String>, u64), EngineError>;
    fn container_pause(&mut self, key: &str) -> Result<(), EngineError>;
    fn container_unpause(&mut self, key: &str) -> Result<(), EngineError>;
    fn container_rename(&mut self, key: &str, name: &str) -> Result<(), EngineError>;
    /// Waits for the container to stop; its exit code.
    fn container_wait(&mut self, key: &str) -> Result<i64, EngineError>;
    fn container_top(&mut self, key: &str) -> Result<TopReport, EngineError>;
    fn container_diff(&mut self, key: &str) -> Result<Vec<Change>, EngineError>;
    /// New limits and/or restart policy; returns the container's id.
    fn container_update(
        &mut self,
        key: &str,
        limits: &crate::cgroups::Limits,
        restart: Option<&crate::engine::policy::RestartPolicy>,
    ) -> Result<String, EngineError>;
    /// The container's filesystem as a tar.
    fn container_export(&mut self, key: &str, out: &mut dyn Write) -> Result<(), EngineError>;
    /// `cp`: `host` into the container at `cpath` (`into`), or `cpath` out to `host`, with
    /// docker cp's rules (into an existing directory keeps the name, else the copy takes
    /// the destination's); every container path resolves inside the container.
    fn container_copy(&mut self, key: &str, into: bool, host: &std::path::Path, cpath: &str)
    -> Result<(), EngineError>;
    /// A sample of each container named (none named: the running ones, or with `all`
    /// every one).
    fn container_stats(&mut self, keys: &[String], all: bool) -> Result<Vec<StatsReport>, EngineError>;
    /// A new image from the container's changes, tagged `image` if given; its id.
    fn container_commit(&mut self, key: &str, image: Option<&str>, o: &CommitOptions) -> Result<String, EngineError>;
}

/// What a session (run, start -a, attach) hears from the container.
#[derive(Debug)]
pub enum SessionEvent {
    /// The container's process runs (`ctr run` tells systemd now, with `--sdnotify`).
    Started,
    Stdout(Vec<u8>),
    Stderr(Vec<u8>),
    /// The container exited with this code; the session is over.
    Exit(i32),
}

/// What a session sends the container; one per thread that sends (stdin, signals).
pub trait SessionInput: Send {
    fn stdin(&mut self, data: &[u8]) -> std::io::Result<()>;
    /// Our input ended: the container's stdin sees EOF.
    fn close_stdin(&mut self);
    /// A signal for the container's process (a foreground `ctr run` forwards its own).
    fn signal(&mut self, sig: i32) -> std::io::Result<()>;
    fn resize(&mut self, rows: u16, cols: u16) -> std::io::Result<()>;
    /// Ends the session (the detach keys, as parsed): the container runs on. A remote
    /// engine is sent the keys themselves (it detaches, as dockerd does); the local one
    /// just goes.
    fn detach(&mut self, keys: &[u8]);
}

/// A client's connection to a container's stdio, local (the monitor's attach socket) or
/// remote (a hijacked API connection).
pub trait Session: Send {
    /// A sender for another thread.
    fn input(&mut self) -> std::io::Result<Box<dyn SessionInput>>;
    /// The next event; None when the connection ended without an exit (detached, or lost).
    /// A start that failed is an error with the code it ends the CLI with.
    fn next_event(&mut self) -> Result<Option<SessionEvent>, EngineError>;
}

/// `exec`'s options.
#[derive(Debug, Clone, Default)]
pub struct ExecOptions {
    pub command: Vec<String>,
    /// KEY=VALUE, already resolved (a bare KEY takes the caller's value before this).
    pub env: Vec<String>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub tty: bool,
    pub interactive: bool,
    pub detach: bool,
    /// The detach keys as the user spelled them (`ctrl-p,ctrl-q`).
    pub detach_keys: String,
}

/// How an exec went on: finished already (local: it ran with our stdio, or detached), or
/// a session whose exit event is the exec's code.
pub enum ExecStarted {
    Finished(i32),
    Attached(StdioConfig, Box<dyn Session>),
}

/// What the container was made with that a session needs: a terminal, an open stdin.
#[derive(Debug, Clone, Copy, Default)]
pub struct StdioConfig {
    pub tty: bool,
    pub open_stdin: bool,
}

/// The stdio-related container operations (create, start, attach, logs, exec).
pub trait ContainerStdioEngine {
    /// Makes a container (the image must be here: the pull policy is the caller's); its id.
    fn container_create(&mut self, o: &crate::engine::local::CreateOptions) -> Result<String, EngineError>;
    /// Starts a container and waits until its process runs (or the start failed).
    fn container_start(&mut self, key: &str) -> Result<(), EngineError>;
    /// Starts a container with a session attached from before its first output.
    /// `detach_keys`: the keys as the user spelled them (`ctrl-p,ctrl-q`).
    fn container_start_attached(
        &mut self,
        key: &str,
        detach_keys: &str,
    ) -> Result<(StdioConfig, Box<dyn Session>), EngineError>;
    /// Attaches to a running container (`stdin`: ours goes to it, if it has an open stdin).
    fn container_attach(
        &mut self,
        key: &str,
        stdin: bool,
        detach_keys: &str,
    ) -> Result<(StdioConfig, Box<dyn Session>), EngineError>;
    /// The container's log: `out(stream, data)` for each piece (1 stdout, 2 stderr), as
    /// they come with `follow`.
    fn container_logs(
        &mut self,
        key: &str,
        o: &crate::engine::local::LogOptions,
        out: &mut dyn FnMut(u8, &[u8]) -> std::io::Result<()>,
    ) -> Result<(), EngineError>;
    /// Runs a process in a running container: done already with our stdio (its exit
    /// code), or a session for the caller to drive.
    fn container_exec(&mut self, key: &str, o: &ExecOptions) -> Result<ExecStarted, EngineError>;
    /// The container runs: tell systemd (NOTIFY_SOCKET), as `--sdnotify` says. Only a
    /// local engine can: its monitor is this host's process.
    fn container_notify_systemd(&mut self, _key: &str, _mode: crate::engine::policy::SdNotify) {}
}

/// One `stats` sample of a container; None where there is nothing to measure (not
/// running, no cgroup of its own).
#[derive(Debug, Clone, Default)]
pub struct StatsReport {
    pub id: String,
    pub name: String,
    pub cpu_perc: Option<f64>,
    pub cpu_nanos: Option<u64>,
    pub mem_usage: Option<u64>,
    pub mem_limit: u64,
    /// (received, sent) bytes.
    pub net: Option<(u64, u64)>,
    /// (read, written) bytes.
    pub block: Option<(u64, u64)>,
    pub pids: Option<u64>,
}

impl StatsReport {
    /// docker's stats row: display strings ("--" where unknown) and the raw numbers.
    pub fn row(&self) -> serde_json::Value {
        let human = crate::timefmt::human_size;
        let dash = || "--".to_string();
        let pair = |p: Option<(u64, u64)>| p.map(|(a, b)| format!("{} / {}", human(a), human(b))).unwrap_or_else(dash);
        serde_json::json!({
            "ID": self.id,
            "Name": self.name,
            "CPUPerc": self.cpu_perc.map(|c| format!("{c:.2}%")).unwrap_or_else(dash),
            "MemUsage": self.mem_usage.map(|m| format!("{} / {}", human(m), human(self.mem_limit))).unwrap_or_else(dash),
            "MemPerc": self.mem_usage.filter(|_| self.mem_limit > 0)
                .map(|m| format!("{:.2}%", m as f64 * 100.0 / self.mem_limit as f64)).unwrap_or_else(dash),
            "NetIO": pair(self.net),
            "BlockIO": pair(self.block),
            "PIDs": self.pids.map(|p| p.to_string()).unwrap_or_else(dash),
            "CPU": self.cpu_perc.unwrap_or(0.0),
            "MemUsageBytes": self.mem_usage.unwrap_or(0),
            "MemLimit": self.mem_limit,
            "CPUNanos": self.cpu_nanos,
            "NetInput": self.net.map(|n| n.0).unwrap_or(0),
            "NetOutput": self.net.map(|n| n.1).unwrap_or(0),
            "BlockInput": self.block.map(|b| b.0).unwrap_or(0),
            "BlockOutput": self.block.map(|b| b.1).unwrap_or(0),
        })
    }
}
