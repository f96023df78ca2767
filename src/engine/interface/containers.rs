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
    /// A new image from the container's changes, tagged `image` if given; its id.
    fn container_commit(&mut self, key: &str, image: Option<&str>, o: &CommitOptions) -> Result<String, EngineError>;
}
