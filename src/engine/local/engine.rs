//! `LocalEngine` as the engine interface (`engine::interface`): the in-process engine
//! behind the CLI's commands when no remote host is given. Containers and images here;
//! each other noun's trait is implemented at the end of its own module (volumes.rs, ...).

use std::io::Write;
use std::time::Duration;

use serde_json::Value;

use super::LocalEngine;
use super::containers::{ContainerConfig, parse_signal};
use crate::engine::interface::{
    Change, CommitOptions, ContainerEngine, ContainerFilters, ContainerSummary, HistoryEntry, ImageEngine,
    ImportOptions, PullOptions, PushOptions, PushedManifest, SaveFormat, TopReport,
};
use crate::engine::{EngineError, ErrorKind, ImageSummary, LoadedImage, Progress, PulledImage, RemoveReport};
use crate::image::archive::Input;
use crate::store::ContainerRecord;

impl LocalEngine {
    fn summary(&self, c: &ContainerRecord, now: i64) -> ContainerSummary {
        let cfg = ContainerConfig::of(c);
        let mut cmd = cfg.entrypoint.clone();
        cmd.extend(cfg.cmd.iter().cloned());
        ContainerSummary {
            id: c.id.clone(),
            name: c.name.clone(),
            image: c.image_name.clone(),
            image_id: c.image_id.clone(),
            command: cmd.join(" "),
            created: c.created / 1_000_000_000,
            state: self.state_text(c).to_string(),
            status: self.status_text(c, now),
            ports: cfg.net.ports.clone(),
            labels: cfg.labels.clone(),
        }
    }
}

/// `label=KEY` or `label=KEY=VALUE` against a container's labels.
fn label_matches(labels: &std::collections::BTreeMap<String, String>, want: &str) -> bool {
    match want.split_once('=') {
        Some((k, v)) => labels.get(k).is_some_and(|x| x == v),
        None => labels.contains_key(want),
    }
}

impl ContainerEngine for LocalEngine {
    fn container_list(&mut self, f: &ContainerFilters) -> Result<Vec<ContainerSummary>, EngineError> {
        let now = crate::timefmt::now_ns();
        let ancestors: Vec<(String, Option<String>)> =
            f.ancestor.iter().map(|a| (a.clone(), self.resolve_image(a).ok())).collect();
        let mut out = Vec::new();
        for c in self.containers()? {
            if !f.all && f.status.is_empty() && !c.state.is_active() {
                continue;
            }
            if !f.name.is_empty() && !f.name.iter().any(|n| c.name.contains(n.as_str())) {
                continue;
            }
            if !f.id.is_empty() && !f.id.iter().any(|i| c.id.starts_with(i.as_str())) {
                continue;
            }
            if !ancestors.is_empty()
                && !ancestors.iter().any(|(name, id)| id.as_ref() == Some(&c.image_id) || c.image_name == *name)
            {
                continue;
            }
            let s = self.summary(&c, now);
            // "stopping" is still running, as docker reports it.
            if !f.status.is_empty()
                && !f.status.iter().any(|w| *w == s.state || (w == "running" && s.state == "stopping"))
            {
                continue;
            }
            if !f.label.iter().all(|l| label_matches(&s.labels, l)) {
                continue;
            }
            out.push(s);
        }
        Ok(out)
    }

    fn container_inspect(&mut self, key: &str) -> Result<Value, EngineError> {
        self.inspect_container(key)
    }

    fn container_stop(&mut self, key: &str, timeout: Option<Duration>) -> Result<(), EngineError> {
        self.stop_container(key, timeout).map(drop)
    }

    fn container_restart(&mut self, key: &str, timeout: Option<Duration>) -> Result<(), EngineError> {
        self.stop_container(key, timeout)?;
        let (_, mut sock) = self.start_container(key)?;
        super::containers::await_started(&mut sock).map(drop)
    }

    fn container_kill(&mut self, key: &str, signal: &str) -> Result<(), EngineError> {
        let Some(sig) = parse_signal(signal) else {
            return Err(EngineError::invalid(format!(
                "invalid signal {signal:?}: use a name like TERM or SIGKILL, or a number"
            )));
        };
        self.kill_by_user(key, sig).map(drop)
    }

    fn container_remove(&mut self, key: &str, force: bool, volumes: bool) -> Result<(), EngineError> {
        let vols = if volumes { self.container_volume_names(key).unwrap_or_default() } else { Vec::new() };
        self.remove_container(key, force)?;
        self.remove_anonymous_volumes(&vols)
    }

    fn container_prune(&mut self) -> Result<(Vec<String>, u64), EngineError> {
        self.prune_containers()
    }

    fn container_pause(&mut self, key: &str) -> Result<(), EngineError> {
        self.pause_container(key).map(drop)
    }

    fn container_unpause(&mut self, key: &str) -> Result<(), EngineError> {
        self.unpause_container(key).map(drop)
    }

    fn container_rename(&mut self, key: &str, name: &str) -> Result<(), EngineError> {
        self.rename_container(key, name)
    }

    fn container_wait(&mut self, key: &str) -> Result<i64, EngineError> {
        Ok(self.wait_container(key, None)?.unwrap_or(-1))
    }

    fn container_top(&mut self, key: &str) -> Result<TopReport, EngineError> {
        let rows = self.top_container(key)?;
        Ok(TopReport {
            titles: ["USER", "PID", "PPID", "COMMAND"].map(String::from).to_vec(),
            rows: rows.into_iter().map(|r| r.to_vec()).collect(),
        })
    }

    fn container_diff(&mut self, key: &str) -> Result<Vec<Change>, EngineError> {
        self.diff_container(key)
    }

    fn container_update(
        &mut self,
        key: &str,
        limits: &crate::cgroups::Limits,
        restart: Option<&crate::engine::policy::RestartPolicy>,
    ) -> Result<String, EngineError> {
        let mut id = self.current(key)?.id;
        // The limits first: a refused limit leaves the restart policy as it was too.
        if !limits.is_empty() {
            id = self.update_container(key, limits)?.id;
        }
        if let Some(r) = restart {
            id = self.set_restart_policy(key, r)?.id;
        }
        Ok(id)
    }

    fn container_export(&mut self, key: &str, out: &mut dyn std::io::Write) -> Result<(), EngineError> {
        self.export_container(key, out)
    }

    fn container_commit(&mut self, key: &str, image: Option<&str>, o: &CommitOptions) -> Result<String, EngineError> {
        let opts = ImportOptions { changes: o.changes.clone(), message: o.message.clone() };
        Ok(self.commit_container(key, image, &opts, o.author.as_deref(), o.pause)?.id)
    }
}

impl ImageEngine for LocalEngine {
    fn image_tag(&mut self, source: &str, targets: &[String]) -> Result<(), EngineError> {
        self.tag(source, targets)
    }

    fn image_list(&mut self, all: bool) -> Result<Vec<ImageSummary>, EngineError> {
        self.list_images(all)
    }

    fn image_inspect(&mut self, key: &str) -> Result<Value, EngineError> {
        serde_json::to_value(self.inspect_image(key)?).map_err(|e| EngineError::new(ErrorKind::Internal, e.to_string()))
    }

    fn image_remove(&mut self, names: &[String], force: bool) -> Result<RemoveReport, EngineError> {
        self.remove_images(names, force)
    }

    fn image_prune(&mut self, all: bool) -> Result<RemoveReport, EngineError> {
        self.prune_images(all)
    }

    fn image_history(&mut self, key: &str) -> Result<Vec<HistoryEntry>, EngineError> {
        self.history(key)
    }

    fn image_save(&mut self, names: &[String], format: SaveFormat, out: &mut dyn Write) -> Result<(), EngineError> {
        self.save(names, format, out)
    }

    fn image_load(&mut self, input: Input) -> Result<Vec<LoadedImage>, EngineError> {
        self.load(input)
    }

    fn image_import(
        &mut self,
        input: Input,
        reference: Option<&str>,
        o: &ImportOptions,
    ) -> Result<LoadedImage, EngineError> {
        self.import(input, reference, o)
    }

    fn image_pull(&mut self, name: &str, o: &PullOptions, progress: &dyn Progress) -> Result<PulledImage, EngineError> {
        self.pull(name, o, progress)
    }

    fn image_push(
        &mut self,
        image: &str,
        dest: Option<&str>,
        o: &PushOptions,
        progress: &dyn Progress,
    ) -> Result<PushedManifest, EngineError> {
        self.push(image, dest, o, progress)
    }
}
