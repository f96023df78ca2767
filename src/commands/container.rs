//! `ctr run`, `create`, `start`, `stop`, `kill`, `restart`, `rm`, `ps`, `logs`, `wait`,
//! `exec`, `rename`, `container prune`, and `inspect` of containers.

use std::io::Write;
use std::time::Duration;

use anyhow::{Result, bail};
use serde_json::json;

use crate::cli::{
    AttachArgs, ContainerPruneArgs, CreateArgs, ExecArgs, KillArgs, LogsArgs, PsArgs, RenameArgs, RmArgs, RunArgs,
    StartArgs, StopArgs, WaitArgs,
};
use crate::engine::Engine;
use crate::engine::interface::{ContainerFilters, ContainerSummary};
use crate::engine::local::containers::parse_signal;
use crate::engine::local::{CreateOptions, LocalEngine, LogOptions};
use crate::output::{Format, Printer};
use crate::timefmt;

/// A container failed to start: the message was printed; exit with this code.
#[derive(Debug)]
pub struct ExitWith(pub i32);
impl std::fmt::Display for ExitWith {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "exit {}", self.0)
    }
}
impl std::error::Error for ExitWith {}

fn options(a: &CreateArgs, runtime: Option<&std::path::Path>) -> CreateOptions {
    CreateOptions {
        userns: a.userns.clone(),
        uidmap: a.uidmap.clone(),
        gidmap: a.gidmap.clone(),
        runtime: runtime.map(|r| r.to_path_buf()),
        console_size: if a.tty { console_size() } else { None },
        image: a.image.clone(),
        name: a.name.clone(),
        command: a.command.clone(),
        entrypoint: a.entrypoint.clone().map(|e| vec![e]),
        env: a.env.clone(),
        env_files: a.env_file.clone(),
        workdir: a.workdir.clone(),
        user: a.user.clone(),
        hostname: a.hostname.clone(),
        tty: a.tty,
        interactive: a.interactive,
        init: a.init,
        read_only: a.read_only,
        cap_add: a.cap_add.clone(),
        cap_drop: a.cap_drop.clone(),
        security_opt: a.security_opt.clone(),
        privileged: a.privileged,
        devices: a.device.clone(),
        network: a.network.clone(),
        ip: a.ip.clone(),
        network_aliases: a.network_alias.clone(),
        mac_address: a.mac_address.clone(),
        endpoints: Vec::new(),
        publish: a.publish.clone(),
        publish_all: a.publish_all,
        dns: a.dns.clone(),
        dns_search: a.dns_search.clone(),
        dns_options: a.dns_option.clone(),
        add_hosts: a.add_host.clone(),
        volumes: a.volume.clone(),
        mounts: a.mount.clone(),
        tmpfs: a.tmpfs.clone(),
        volumes_from: a.volumes_from.clone(),
        limits: crate::cgroups::LimitRequest::from(&a.resources).limits().unwrap_or_default(),
        cgroups_disabled: a.cgroups.as_deref() == Some("disabled"),
        auto_remove: a.rm,
        labels: a.label.clone(),
        restart: Default::default(),
        health: crate::engine::policy::HealthFlags {
            cmd: a.health_cmd.clone(),
            interval: a.health_interval.clone(),
            timeout: a.health_timeout.clone(),
            start_period: a.health_start_period.clone(),
            start_interval: a.health_start_interval.clone(),
            retries: a.health_retries,
            none: a.no_healthcheck,
        },
        health_on_failure: a.health_on_failure,
        sdnotify: a.sdnotify,
        stop_timeout: a.stop_timeout,
        cgroups_split: a.cgroups.as_deref() == Some("split"),
        // Checked by create (NamespaceModes::new), as the API's are.
        namespaces: crate::engine::local::containers::NamespaceModes {
            pid: a.pid.clone().unwrap_or_default(),
            uts: a.uts.clone().unwrap_or_default(),
            ipc: a.ipc.clone().unwrap_or_default(),
            cgroupns: a.cgroupns.clone().unwrap_or_default(),
        },
        group_add: a.group_add.clone(),
        pod: a.pod.clone(),
        ..Default::default()
    }
}

/// The options of `create`/`run`, with the image pulled if the pull policy says so.
fn prepare(e: &mut dyn Engine, a: &CreateArgs, runtime: Option<&std::path::Path>) -> Result<CreateOptions> {
    let mut o = options(a, runtime);
    o.limits = crate::cgroups::LimitRequest::from(&a.resources).limits()?;
    if let Some(r) = &a.restart {
        o.restart = crate::engine::policy::RestartPolicy::parse(r)?;
    }
    if o.cgroups_disabled && !o.limits.is_empty() {
        crate::output::warn("--cgroups=disabled: the resource limits given are NOT enforced");
    }
    if a.volume.iter().any(|v| v.rsplit(':').next().is_some_and(|opts| opts.split(',').any(|x| x == "z" || x == "Z"))) {
        crate::output::warn("the z/Z volume options (SELinux relabeling) are ignored: SELinux is not enforcing here");
    }
    o.image = super::registry::ensure_image(e, &a.image, a.pull, a.platform.as_deref(), &a.registry, a.quiet)?;
    Ok(o)
}

/// `create`/`run`: `--replace` removes a container of that name first; `--cidfile` gets
/// the new id (a file already there is an error before anything is made, as in podman).
fn create_replacing(e: &mut dyn Engine, a: &CreateArgs, o: &CreateOptions) -> Result<String> {
    if let Some(f) = &a.cidfile
        && f.exists()
    {
        bail!("--cidfile {}: the file exists; remove it or give another", f.display());
    }
    if a.replace {
        let Some(name) = &a.name else { bail!("--replace needs --name") };
        match e.container_remove(name, true, false) {
            Ok(()) | Err(crate::engine::EngineError { kind: crate::engine::ErrorKind::NotFound, .. }) => {}
            Err(err) => return Err(err.into()),
        }
    }
    let id = e.container_create(o)?;
    if let Some(f) = &a.cidfile {
        let r = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(f)
            .and_then(|mut w| w.write_all(id.as_bytes()));
        if let Err(err) = r {
            let _ = e.container_remove(&id, true, false);
            bail!("--cidfile {}: {err}", f.display());
        }
    }
    Ok(id)
}

pub fn create(e: &mut dyn Engine, p: &mut Printer, a: CreateArgs, runtime: Option<&std::path::Path>) -> Result<i32> {
    let o = prepare(e, &a, runtime)?;
    let id = create_replacing(e, &a, &o)?;
    p.line(&id)?;
    Ok(0)
}

pub fn run(e: &mut dyn Engine, p: &mut Printer, a: RunArgs, runtime: Option<&std::path::Path>) -> Result<i32> {
    crate::trace::mark("cli: engine open");
    let o = prepare(e, &a.create, runtime)?;
    let id = create_replacing(e, &a.create, &o)?;
    crate::trace::mark("cli: container created");
    if a.detach {
        e.container_start(&id)?;
        e.container_notify_systemd(&id, o.sdnotify);
        p.line(&id)?;
        return Ok(0);
    }
    let keys = a.detach_keys.as_deref().unwrap_or(crate::engine::detach::DEFAULT);
    let parsed = detach_keys(Some(keys))?;
    let (stdio, mut session) = e.container_start_attached(&id, keys)?;
    p.flush()?;
    // Attached: the container's process started (STARTED), then systemd is told.
    super::session::drive(&mut *session, stdio, &parsed, true, &mut || e.container_notify_systemd(&id, o.sdnotify))
}

/// `--detach-keys` (docker's default when not given).
fn detach_keys(k: Option<&str>) -> Result<Vec<u8>> {
    crate::engine::detach::parse(k.unwrap_or(crate::engine::detach::DEFAULT)).map_err(|e| anyhow::anyhow!(e))
}

pub fn start(e: &mut dyn Engine, p: &mut Printer, a: StartArgs) -> Result<i32> {
    if a.attach && (a.containers.len() > 1 || a.all) {
        bail!("you cannot start and attach to more than one container at once");
    }
    let keys = a.detach_keys.as_deref().unwrap_or(crate::engine::detach::DEFAULT);
    let containers = if a.all {
        e.container_startable(&crate::engine::interface::StartFilters::parse(&a.filter)?)?
    } else {
        a.containers.clone()
    };
    for c in &containers {
        if a.attach {
            let parsed = detach_keys(Some(keys))?;
            let (stdio, mut session) = e.container_start_attached(c, keys)?;
            p.flush()?;
            return super::session::drive(&mut *session, stdio, &parsed, true, &mut || {});
        }
        e.container_start(c)?;
        p.line(c)?;
    }
    Ok(0)
}

/// Our terminal's size (rows, columns), if stdout is one.
pub fn console_size() -> Option<(u16, u16)> {
    winsize().map(|w| (u16::from_be_bytes([w[0], w[1]]), u16::from_be_bytes([w[2], w[3]])))
}

/// Restores the terminal mode on drop.
pub struct RawMode(Option<nix::sys::termios::Termios>);

impl RawMode {
    /// Puts stdin's terminal in raw mode until dropped.
    pub fn enter() -> Result<RawMode> {
        let orig = nix::sys::termios::tcgetattr(std::io::stdin())?;
        let mut r = orig.clone();
        nix::sys::termios::cfmakeraw(&mut r);
        nix::sys::termios::tcsetattr(std::io::stdin(), nix::sys::termios::SetArg::TCSANOW, &r)?;
        Ok(RawMode(Some(orig)))
    }

    pub fn none() -> RawMode {
        RawMode(None)
    }
}
impl Drop for RawMode {
    fn drop(&mut self) {
        if let Some(t) = &self.0 {
            let _ = nix::sys::termios::tcsetattr(std::io::stdin(), nix::sys::termios::SetArg::TCSANOW, t);
        }
    }
}

fn winsize() -> Option<[u8; 4]> {
    let mut ws: libc::winsize = libc::winsize { ws_row: 0, ws_col: 0, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: TIOCGWINSZ fills a winsize we own.
    let r = unsafe { libc::ioctl(1, libc::TIOCGWINSZ, &mut ws) };
    (r == 0).then(|| {
        let (r, c) = (ws.ws_row.to_be_bytes(), ws.ws_col.to_be_bytes());
        [r[0], r[1], c[0], c[1]]
    })
}

/// The containers named, and those whose ids the `--cidfile`s hold (a missing file with
/// `--ignore` names none).
fn named_or_cidfiles(containers: &[String], cidfiles: &[std::path::PathBuf], ignore: bool) -> Result<Vec<String>> {
    let mut v = containers.to_vec();
    for f in cidfiles {
        match std::fs::read_to_string(f) {
            Ok(id) if !id.trim().is_empty() => v.push(id.trim().to_string()),
            Ok(_) if ignore => {}
            Err(e) if ignore && e.kind() == std::io::ErrorKind::NotFound => {}
            Ok(_) => bail!("--cidfile {}: the file is empty", f.display()),
            Err(e) => bail!("--cidfile {}: {e}", f.display()),
        }
    }
    Ok(v)
}

pub fn stop(e: &mut dyn Engine, p: &mut Printer, a: StopArgs) -> Result<i32> {
    for c in &named_or_cidfiles(&a.containers, &a.cidfile, a.ignore)? {
        match e.container_stop(c, a.time.map(Duration::from_secs)) {
            Err(err) if a.ignore && err.kind == crate::engine::ErrorKind::NotFound => continue,
            r => r?,
        };
        p.line(c)?;
    }
    Ok(0)
}

pub fn restart(e: &mut dyn Engine, p: &mut Printer, a: StopArgs) -> Result<i32> {
    for c in &named_or_cidfiles(&a.containers, &a.cidfile, a.ignore)? {
        e.container_restart(c, a.time.map(Duration::from_secs))?;
        p.line(c)?;
    }
    Ok(0)
}

pub fn kill(e: &mut dyn Engine, p: &mut Printer, a: KillArgs) -> Result<i32> {
    // Checked here too, so a bad signal is refused before any container is touched,
    // whichever engine serves.
    if parse_signal(&a.signal).is_none() {
        bail!("invalid signal {:?}: use a name like TERM or SIGKILL, or a number", a.signal);
    }
    for c in &a.containers {
        e.container_kill(c, &a.signal)?;
        p.line(c)?;
    }
    Ok(0)
}

pub fn rm(e: &mut dyn Engine, p: &mut Printer, a: RmArgs) -> Result<i32> {
    let mut failed = None;
    for c in &named_or_cidfiles(&a.containers, &a.cidfile, a.ignore)? {
        match e.container_remove(c, a.force, a.volumes) {
            Ok(()) => p.line(c)?,
            Err(err) if a.ignore && err.kind == crate::engine::ErrorKind::NotFound => {}
            Err(err) => {
                crate::output::status(&format!("Error: {err}"));
                failed = Some(err);
            }
        }
    }
    match failed {
        Some(e) => Err(ExitWith(if e.kind == crate::engine::ErrorKind::NotFound { 1 } else { 125 }).into()),
        None => Ok(0),
    }
}

pub fn prune(e: &mut dyn Engine, p: &mut Printer, _a: ContainerPruneArgs) -> Result<i32> {
    let (ids, size) = e.container_prune()?;
    for id in &ids {
        p.line(id)?;
    }
    p.line(format!("Total reclaimed space: {}", crate::timefmt::human_size(size)))?;
    Ok(0)
}

pub fn wait(e: &mut dyn Engine, p: &mut Printer, a: WaitArgs) -> Result<i32> {
    let condition = a.condition.as_deref().unwrap_or("stopped");
    for c in &a.containers {
        match condition {
            "stopped" | "exited" => {
                let code = e.container_wait(c)?;
                p.line(code.to_string())?;
            }
            // running, healthy, unhealthy: polled from inspect (state and health), which
            // every engine answers.
            cond => loop {
                let v = e.container_inspect(c)?;
                let name = v["Name"].as_str().unwrap_or(c).to_string();
                let now = match cond {
                    "running" => v["State"]["Running"].as_bool() == Some(true),
                    _ => {
                        if v["Config"]["Healthcheck"]["Test"]
                            .as_array()
                            .is_none_or(|t| t.first().is_some_and(|x| x == "NONE"))
                        {
                            bail!("container {name} has no health check to wait for");
                        }
                        if v["State"]["Running"].as_bool() != Some(true) {
                            bail!("container {name} exited while waiting for it to be {cond}");
                        }
                        v["State"]["Health"]["Status"].as_str() == Some(cond)
                    }
                };
                if now {
                    p.line("-1")?;
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            },
        }
    }
    Ok(0)
}

pub fn rename(e: &mut dyn Engine, a: RenameArgs) -> Result<i32> {
    e.container_rename(&a.container, &a.name)?;
    Ok(0)
}

pub fn ps(e: &mut dyn Engine, p: &mut Printer, a: PsArgs) -> Result<i32> {
    let filters = ContainerFilters::parse(a.all, &a.filter)?;
    let list = e.container_list(&filters)?;
    let trunc = |id: &str| if a.no_trunc { id.to_string() } else { id[..12.min(id.len())].to_string() };
    if a.quiet {
        for c in &list {
            p.line(trunc(&c.id))?;
        }
        return Ok(0);
    }
    let now = timefmt::now_ns() / 1_000_000_000;
    let rows: Vec<serde_json::Value> = list
        .iter()
        .map(|c| {
            json!({
                "Id": c.id,
                "ID": trunc(&c.id),
                "Image": c.image,
                "ImageID": c.image_id,
                "Command": c.command,
                "Created": c.created,
                "CreatedAt": timefmt::format_rfc3339(c.created),
                "RunningFor": timefmt::ago(c.created, now),
                "State": c.state,
                "Status": c.status,
                "Names": [c.name],
                "Ports": c.ports.iter().map(|m| json!({
                    "host_ip": m.host_ip, "host_port": m.host_port, "container_port": m.container_port,
                    "protocol": m.protocol, "range": 1,
                })).collect::<Vec<_>>(),
                "PortsText": c.ports.iter()
                    .map(|m| format!("{}:{}->{}/{}", m.host_ip, m.host_port, m.container_port, m.protocol))
                    .collect::<Vec<_>>().join(", "),
                "Labels": c.labels,
                "Pod": c.pod,
                "PodName": c.pod_name,
            })
        })
        .collect();
    print_ps(p, rows, &a)
}

/// Prints `ps` rows (local or from a remote engine) as a table, JSON or a template.
pub fn print_ps(p: &mut Printer, rows: Vec<serde_json::Value>, a: &PsArgs) -> Result<i32> {
    match Format::parse(a.format.as_deref()) {
        Format::Json => p.json(&rows)?,
        Format::Template { text, header } => {
            let rows: Vec<serde_json::Value> = rows
                .into_iter()
                .map(|mut r| {
                    r["Names"] = r["Names"][0].clone();
                    r
                })
                .collect();
            p.template(&text, header, &rows)?
        }
        Format::Table => {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
                    let mut cmd = s("Command");
                    if !a.no_trunc && cmd.chars().count() > 20 {
                        cmd = format!("{}...", cmd.chars().take(17).collect::<String>());
                    }
                    let mut row = vec![
                        s("ID"),
                        s("Image"),
                        format!("\"{cmd}\""),
                        s("RunningFor"),
                        s("Status"),
                        s("PortsText"),
                        r["Names"][0].as_str().unwrap_or("").to_string(),
                    ];
                    if a.pod {
                        let pod = s("Pod");
                        row.push(if a.no_trunc { pod } else { pod.chars().take(12).collect() });
                        row.push(s("PodName"));
                    }
                    row
                })
                .collect();
            let mut head = vec!["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"];
            if a.pod {
                head.extend(["POD ID", "PODNAME"]);
            }
            p.table(&head, &table)?;
        }
    }
    Ok(0)
}

/// `10s`, `5m`, `1h30m` ago, or an RFC 3339 time, as unix nanoseconds.
fn parse_since(s: &str) -> Result<i64> {
    if let Some(t) = timefmt::parse_rfc3339_nanos(s) {
        return Ok(t);
    }
    let mut total = 0i64;
    let mut num = String::new();
    for ch in s.chars() {
        if ch.is_ascii_digit() {
            num.push(ch);
            continue;
        }
        let n: i64 = num.parse().map_err(|_| {
            anyhow::anyhow!("invalid time {s:?} (--since, --until): use a duration like 10m or an RFC 3339 time")
        })?;
        num.clear();
        total += n * match ch {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            _ => bail!("invalid time {s:?} (--since, --until): use a duration like 10m or an RFC 3339 time"),
        };
    }
    if !num.is_empty() {
        // a bare number: unix seconds, like docker
        return Ok(num.parse::<i64>()? * 1_000_000_000);
    }
    Ok(timefmt::now_ns() - total * 1_000_000_000)
}

pub fn logs(e: &mut dyn Engine, a: LogsArgs) -> Result<i32> {
    let tail = match a.tail.as_deref() {
        None | Some("all") | Some("-1") => None,
        Some(n) => Some(n.parse().map_err(|_| anyhow::anyhow!("invalid --tail {n:?}: use a number or all"))?),
    };
    let since = a.since.as_deref().map(parse_since).transpose()?;
    let until = a.until.as_deref().map(parse_since).transpose()?;
    let o = LogOptions { follow: a.follow, tail, timestamps: a.timestamps, since, until };
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    e.container_logs(&a.container, &o, &mut |stream, data| {
        let w: &mut dyn Write = if stream == 2 { &mut err } else { &mut out };
        w.write_all(data)?;
        w.flush()
    })?;
    Ok(0)
}

pub fn exec(e: &mut dyn Engine, a: ExecArgs) -> Result<i32> {
    let keys = crate::engine::detach::DEFAULT;
    let o = crate::engine::interface::ExecOptions {
        command: a.command.clone(),
        env: a.env.iter().filter_map(|v| crate::engine::local::containers::env_entry(v)).collect(),
        workdir: a.workdir.clone(),
        user: a.user.clone(),
        tty: a.tty,
        interactive: a.interactive,
        detach: a.detach,
        detach_keys: keys.to_string(),
    };
    match e.container_exec(&a.container, &o)? {
        crate::engine::interface::ExecStarted::Finished(code) => Ok(code),
        crate::engine::interface::ExecStarted::Attached(stdio, mut session) => {
            super::session::drive(&mut *session, stdio, &detach_keys(Some(keys))?, false, &mut || {})
        }
    }
}

/// `ctr healthcheck run C`: exit 0 when the check passed, 1 when it failed (its status
/// printed then, as podman does).
pub fn healthcheck_run(e: &mut LocalEngine, p: &mut Printer, a: crate::cli::ContainerArg) -> Result<i32> {
    let (result, state) = e.run_healthcheck(&a.container)?;
    if result.exit_code == 0 {
        return Ok(0);
    }
    p.line(if state.status == "unhealthy" { "unhealthy" } else { "the health check failed" })?;
    Ok(1)
}

pub fn attach(e: &mut dyn Engine, p: &mut Printer, a: AttachArgs) -> Result<i32> {
    let keys = a.detach_keys.as_deref().unwrap_or(crate::engine::detach::DEFAULT);
    let parsed = detach_keys(Some(keys))?;
    let (stdio, mut session) = e.container_attach(&a.container, !a.no_stdin, keys)?;
    p.flush()?;
    super::session::drive(&mut *session, stdio, &parsed, true, &mut || {})
}

pub fn export(e: &mut dyn Engine, a: crate::cli::ExportArgs) -> Result<i32> {
    super::write_output(a.output.as_deref(), |w| Ok(e.container_export(&a.container, w)?))?;
    Ok(0)
}

/// `NAME:PATH` names a container path; a path with a `/` before any `:` is a host path.
fn container_part(s: &str) -> Option<(&str, &str)> {
    let (c, p) = s.split_once(':')?;
    (!c.is_empty() && !c.contains('/') && !c.starts_with('.')).then_some((c, p))
}

pub fn cp(e: &mut dyn Engine, a: crate::cli::CpArgs) -> Result<i32> {
    let (into, container, cpath, host) = match (container_part(&a.src), container_part(&a.dest)) {
        (Some((c, p)), None) => (false, c, p, a.dest.as_str()),
        (None, Some((c, p))) => (true, c, p, a.src.as_str()),
        _ => {
            bail!("ctr cp copies between the host and a container: exactly one of SRC and DEST must be CONTAINER:PATH")
        }
    };
    if !cpath.starts_with('/') {
        bail!("invalid container path {cpath:?}: it must be absolute");
    }
    e.container_copy(container, into, std::path::Path::new(host), cpath)?;
    Ok(0)
}

/// `ctr pause` / `ctr unpause`: prints each container as given, like podman.
pub fn pause(e: &mut dyn Engine, p: &mut Printer, a: crate::cli::PauseArgs, on: bool) -> Result<i32> {
    let names = if a.all {
        let running = ContainerFilters {
            all: true,
            status: vec![if on { "running" } else { "paused" }.into()],
            ..Default::default()
        };
        e.container_list(&running)?.into_iter().map(|c| c.name).collect()
    } else {
        a.containers
    };
    for c in &names {
        if on {
            e.container_pause(c)?;
        } else {
            e.container_unpause(c)?;
        }
        p.line(c)?;
    }
    Ok(0)
}

/// `ctr port`: "80/tcp -> 127.0.0.1:8080" lines, like docker.
pub fn port(e: &mut dyn Engine, p: &mut Printer, a: crate::cli::PortArgs) -> Result<i32> {
    let list: Vec<ContainerSummary> = if a.all {
        e.container_list(&ContainerFilters::default())?
    } else {
        let key = a.container.as_deref().unwrap_or_default();
        let id = e.container_inspect(key)?["Id"].as_str().unwrap_or_default().to_string();
        let f = ContainerFilters { all: true, id: vec![id.clone()], ..Default::default() };
        e.container_list(&f)?.into_iter().filter(|c| c.id == id).collect()
    };
    let want = a.port.as_deref().map(|s| if s.contains('/') { s.to_string() } else { format!("{s}/tcp") });
    let mut found = false;
    for c in &list {
        for m in &c.ports {
            let key = format!("{}/{}", m.container_port, m.protocol);
            if want.as_ref().is_some_and(|w| *w != key) {
                continue;
            }
            found = true;
            let line = if want.is_some() {
                format!("{}:{}", m.host_ip, m.host_port)
            } else {
                format!("{key} -> {}:{}", m.host_ip, m.host_port)
            };
            if a.all {
                p.line(format!("{}\t{line}", &c.id[..12.min(c.id.len())]))?;
            } else {
                p.line(line)?;
            }
        }
    }
    if let Some(w) = want
        && !found
    {
        bail!("no public port {w} published for {}", a.container.unwrap_or_default());
    }
    Ok(0)
}

/// `ctr update`: new limits for containers (running ones get them at once).
pub fn update(e: &mut dyn Engine, p: &mut Printer, a: crate::cli::UpdateArgs) -> Result<i32> {
    let l = crate::cgroups::LimitRequest::from(&a.resources).limits()?;
    let restart = a.restart.as_deref().map(crate::engine::policy::RestartPolicy::parse).transpose()?;
    if l.is_empty() && restart.is_none() {
        bail!("nothing to update: give a limit such as --memory 100m, --cpus 0.5 or --pids-limit 100, or --restart");
    }
    for c in &a.containers {
        p.line(e.container_update(c, &l, restart.as_ref())?)?;
    }
    Ok(0)
}

/// `ctr stats`: CPU %, memory use / limit, network and block IO, pids, like docker.
/// The columns of a stats row after the container's id, and their cells.
pub(crate) const STATS_HEADERS: &[&str] =
    &["NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET IO", "BLOCK IO", "PIDS"];

pub(crate) fn stats_cells(r: &serde_json::Value, no_trunc: bool) -> Vec<String> {
    let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
    let id = s("ID");
    let mut v = vec![if no_trunc { id } else { id.chars().take(12).collect() }];
    v.extend(["Name", "CPUPerc", "MemUsage", "MemPerc", "NetIO", "BlockIO", "PIDs"].map(s));
    v
}

pub fn stats(e: &mut dyn Engine, p: &mut Printer, a: crate::cli::StatsArgs) -> Result<i32> {
    loop {
        let rows: Vec<serde_json::Value> = e.container_stats(&a.containers, a.all)?.iter().map(|r| r.row()).collect();
        match crate::output::Format::parse(a.format.as_deref()) {
            crate::output::Format::Json => p.json(&rows)?,
            crate::output::Format::Template { text, header } => p.template(&text, header, &rows)?,
            crate::output::Format::Table => {
                let t: Vec<Vec<String>> = rows.iter().map(|r| stats_cells(r, a.no_trunc)).collect();
                let mut head = vec!["CONTAINER ID"];
                head.extend_from_slice(STATS_HEADERS);
                p.table(&head, &t)?;
            }
        }
        p.flush()?;
        if a.no_stream {
            return Ok(0);
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
}
