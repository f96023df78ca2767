//! `LocalEngine` as the engine interface (`engine::interface`): the in-process engine
//! behind the CLI's commands when no remote host is given. Containers and images here;
//! each other noun's trait is implemented at the end of its own module (volumes.rs, ...).

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use serde_json::Value;

use super::LocalEngine;
use super::containers::{ContainerConfig, parse_signal};
use crate::engine::interface::{
    BuildRequest, Change, CommitOptions, ContainerEngine, ContainerFilters, ContainerStdioEngine, ContainerSummary,
    ExecOptions, ExecStarted, HistoryEntry, ImageEngine, ImportOptions, PullOptions, PushOptions, PushedManifest,
    SaveFormat, Session, SessionEvent, SessionInput, StartFilters, StatsReport, StdioConfig, TopReport,
};
use crate::engine::{EngineError, ErrorKind, ImageSummary, LoadedImage, Progress, PulledImage, RemoveReport};
use crate::image::archive::Input;
use crate::monitor::proto;
use crate::store::{ContainerRecord, ContainerState};

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
            pod_name: cfg
                .pod
                .as_deref()
                .and_then(|p| self.store.find_pods(p).ok())
                .and_then(|v| v.into_iter().next())
                .map(|p| p.name)
                .unwrap_or_default(),
            pod: cfg.pod.unwrap_or_default(),
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
    fn container_startable(&mut self, f: &StartFilters) -> Result<Vec<String>, EngineError> {
        let mut out = Vec::new();
        for c in self.containers()? {
            if c.state.is_active() {
                continue;
            }
            let cfg = ContainerConfig::of(&c);
            let policy = cfg.restart_policy.display();
            let policy = policy.split(':').next().unwrap_or("");
            if f.matches(&c.name, &cfg.labels, c.state.as_str(), policy, c.stopped_by_user) {
                out.push(c.id);
            }
        }
        Ok(out)
    }

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

    fn container_copy(
        &mut self,
        key: &str,
        into: bool,
        host: &std::path::Path,
        cpath: &str,
    ) -> Result<(), EngineError> {
        self.copy(key, into, host, std::path::Path::new(cpath))
    }

    fn container_stats(&mut self, keys: &[String], all: bool) -> Result<Vec<StatsReport>, EngineError> {
        let recs: Vec<ContainerRecord> = if keys.is_empty() {
            self.containers()?.into_iter().filter(|r| all || r.state == ContainerState::Running).collect()
        } else {
            keys.iter().map(|k| self.current(k)).collect::<Result<_, _>>()?
        };
        Ok(recs.iter().map(|r| self.stats_report(r)).collect())
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

    fn image_resolve_name(&mut self, name: &str) -> Result<String, EngineError> {
        match self.resolve_image(name) {
            Ok(_) => Ok(name.to_string()),
            Err(err) => match self.resolve_short_name(name) {
                Some(q) => self.resolve_image(&q).map(|_| q),
                None => Err(err),
            },
        }
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

    fn image_build(
        &mut self,
        r: &BuildRequest,
        progress: &dyn Progress,
        out: &mut dyn Write,
    ) -> Result<String, EngineError> {
        // A FROM image: the one here unless --pull; else pulled, with the credentials
        // given for its registry.
        let mut base = |e: &mut LocalEngine, image: &str, platform: Option<&str>| -> Result<String, EngineError> {
            let here = e.image_resolve_name(image);
            let is_id = crate::image::reference::is_id_prefix(image)
                && crate::image::reference::Reference::parse(image).is_err();
            if let Ok(name) = &here
                && (!r.pull_always || is_id)
            {
                return e.resolve_image(name);
            }
            if is_id {
                return e.resolve_image(image);
            }
            let platform =
                platform.map(crate::image::config::parse_platform).transpose().map_err(EngineError::invalid)?;
            let mut session = r.session.clone();
            if let Ok(rf) = crate::image::reference::Reference::parse(image)
                && let Some(c) = r.registry_creds.get(&rf.registry)
            {
                session.creds = Some(c.clone());
            }
            let p = e.pull(image, &PullOptions { platform, session }, progress)?;
            e.resolve_image(&p.name)
        };
        let mut rep = crate::build::Reporter { quiet: r.options.quiet, out };
        crate::build::build(self, &r.options, &mut base, &mut rep)
    }
}

/// A session over the monitor's attach socket (its frames: `monitor::proto`).
struct LocalSession {
    sock: UnixStream,
}

struct LocalInput {
    sock: UnixStream,
}

impl SessionInput for LocalInput {
    fn stdin(&mut self, data: &[u8]) -> std::io::Result<()> {
        proto::write_frame(&mut self.sock, proto::STDIN, data)
    }
    fn close_stdin(&mut self) {
        let _ = proto::write_frame(&mut self.sock, proto::STDIN, b"");
    }
    fn signal(&mut self, sig: i32) -> std::io::Result<()> {
        proto::write_frame(&mut self.sock, proto::SIGNAL, sig.to_string().as_bytes())
    }
    fn resize(&mut self, rows: u16, cols: u16) -> std::io::Result<()> {
        let (r, c) = (rows.to_be_bytes(), cols.to_be_bytes());
        proto::write_frame(&mut self.sock, proto::RESIZE, &[r[0], r[1], c[0], c[1]])
    }
    fn detach(&mut self, _keys: &[u8]) {
        // The monitor sees its client go; the container runs on.
        let _ = self.sock.shutdown(std::net::Shutdown::Both);
    }
}

impl Session for LocalSession {
    fn input(&mut self) -> std::io::Result<Box<dyn SessionInput>> {
        Ok(Box::new(LocalInput { sock: self.sock.try_clone()? }))
    }

    fn next_event(&mut self) -> Result<Option<SessionEvent>, EngineError> {
        loop {
            return Ok(match proto::read_frame(&mut self.sock)? {
                Some((proto::STDOUT, d)) => Some(SessionEvent::Stdout(d)),
                Some((proto::STDERR, d)) => Some(SessionEvent::Stderr(d)),
                Some((proto::STARTED, _)) => Some(SessionEvent::Started),
                Some((proto::ERROR, msg)) => return Err(super::containers::start_failure(&msg)),
                Some((proto::EXIT, code)) => {
                    crate::trace::mark("cli: exit code received");
                    let code: i32 = String::from_utf8_lossy(&code).parse().unwrap_or(-1);
                    Some(SessionEvent::Exit(if code < 0 { 255 } else { code }))
                }
                Some(_) => continue,
                None => None,
            });
        }
    }
}

fn stdio_of(rec: &ContainerRecord) -> StdioConfig {
    let cfg = ContainerConfig::of(rec);
    StdioConfig { tty: cfg.tty, open_stdin: cfg.open_stdin }
}

impl ContainerStdioEngine for LocalEngine {
    fn container_create(&mut self, o: &super::CreateOptions) -> Result<String, EngineError> {
        Ok(self.create_container(o)?.id)
    }

    fn container_start(&mut self, key: &str) -> Result<(), EngineError> {
        // `run -d`'s monitor was started ahead too.
        let ahead = self.ahead.take();
        let (_, mut sock) = self.start_container_with(key, ahead)?;
        super::containers::await_started(&mut sock).map(drop)
    }

    fn container_start_attached(
        &mut self,
        key: &str,
        _detach_keys: &str,
    ) -> Result<(StdioConfig, Box<dyn Session>), EngineError> {
        let ahead = self.ahead.take();
        let (rec, sock) = self.start_container_with(key, ahead)?;
        crate::trace::mark("cli: monitor started");
        Ok((stdio_of(&rec), Box::new(LocalSession { sock })))
    }

    fn container_attach(
        &mut self,
        key: &str,
        stdin: bool,
        _detach_keys: &str,
    ) -> Result<(StdioConfig, Box<dyn Session>), EngineError> {
        let (rec, sock) = self.attach_container(key)?;
        let mut s = stdio_of(&rec);
        s.open_stdin &= stdin;
        Ok((s, Box::new(LocalSession { sock })))
    }

    fn container_logs(
        &mut self,
        key: &str,
        o: &super::LogOptions,
        out: &mut dyn FnMut(u8, &[u8]) -> std::io::Result<()>,
    ) -> Result<(), EngineError> {
        let timestamps = o.timestamps;
        self.logs(key, o, &mut |stream, line, time| {
            let s = if stream == "stderr" { 2 } else { 1 };
            if timestamps { out(s, format!("{time} {line}").as_bytes()) } else { out(s, line.as_bytes()) }
        })
    }

    fn container_exec(&mut self, key: &str, o: &ExecOptions) -> Result<ExecStarted, EngineError> {
        let rec = self.current(key)?;
        if rec.state != ContainerState::Running {
            return Err(EngineError::conflict(format!(
                "container {} is not running; start it first (ctr start)",
                rec.name
            )));
        }
        if self.is_paused(&rec) {
            return Err(EngineError::conflict(format!(
                "container {} is paused; unpause it first (ctr unpause {})",
                rec.name, rec.name
            )));
        }
        let req = crate::runtime::exec::ExecRequest {
            pid: self.init_pid(&rec)? as i32,
            bundle: self.bundle(&rec.id),
            args: o.command.clone(),
            env: o.env.clone(),
            workdir: o.workdir.clone(),
            user: o.user.clone(),
            tty: o.tty,
        };
        // `ctr __exec`: a fresh single-threaded process that joins the container's
        // namespaces with our stdio (setns(user) refuses threaded callers).
        let mut cmd = std::process::Command::new("/proc/self/exe");
        cmd.arg("__exec").arg(serde_json::to_string(&req).map_err(std::io::Error::other)?);
        if !o.interactive {
            cmd.stdin(std::process::Stdio::null());
        }
        if o.detach {
            cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
            cmd.spawn()?;
            return Ok(ExecStarted::Finished(0));
        }
        let status = cmd.status()?;
        use std::os::unix::process::ExitStatusExt;
        Ok(ExecStarted::Finished(status.code().unwrap_or_else(|| 128 + status.signal().unwrap_or(0))))
    }

    fn container_notify_systemd(&mut self, key: &str, mode: crate::engine::policy::SdNotify) {
        use crate::engine::policy::SdNotify;
        if mode == SdNotify::Ignore || std::env::var_os("NOTIFY_SOCKET").is_none() {
            return;
        }
        let Ok(rec) = self.current(key) else { return };
        let mut states = vec![sd_notify::NotifyState::MainPid(rec.monitor_pid as u32)];
        if mode == SdNotify::Conmon {
            states.push(sd_notify::NotifyState::Ready);
        }
        if let Err(err) = sd_notify::notify(false, &states) {
            crate::output::warn(&format!("telling systemd (NOTIFY_SOCKET) that the container started: {err}"));
        }
    }
}
