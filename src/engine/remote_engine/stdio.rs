//! Create, start, attach, logs and exec over the Docker Engine API: sessions are hijacked
//! connections (raw with a terminal, docker's multiplexed frames without), signals and
//! sizes are API calls, and the exit code comes from a wait registered before the start.

use std::io::{Read, Write};

use serde_json::{Value, json};

use super::{RemoteEngine, limits_body, shape};
use crate::engine::interface::{
    ContainerStdioEngine, ExecOptions, ExecStarted, Session, SessionEvent, SessionInput, StdioConfig,
};
use crate::engine::local::{CreateOptions, LogOptions};
use crate::engine::remote::{Client, Hijacked, enc};
use crate::engine::{EngineError, ErrorKind};

/// The docker CLI's rule for the exit code of a failed start, from the message (the API
/// carries no code): 127 when the command is not there, 126 when it cannot be run.
fn start_failed(e: EngineError) -> EngineError {
    let m = e.message.to_lowercase();
    let code = if m.contains("not found") || m.contains("no such file") {
        127
    } else if m.contains("permission denied") {
        126
    } else {
        125
    };
    e.with_exit_code(code)
}

/// What the Docker API cannot carry: refused with the reason, never dropped.
fn not_remote(what: &str) -> EngineError {
    EngineError::new(
        ErrorKind::NotSupported,
        format!("{what} is not available through a remote engine (the Docker Engine API has no such option)"),
    )
}

/// The create body for `o` (docker's `POST /containers/create`). Mounts, ports and the
/// rest are checked by the same parsers the local engine uses, so a bad flag is refused
/// here in the same words.
/// `--security-opt` as the docker CLI sends it: a `seccomp=FILE` profile goes as its
/// text (the engine may not see the client's files); the rest as given.
fn security_opts(opts: &[String]) -> Result<Vec<String>, EngineError> {
    opts.iter()
        .map(|o| match o.split_once('=') {
            Some(("seccomp", f)) if !matches!(f, "unconfined" | "builtin") && !f.trim_start().starts_with('{') => {
                let text = std::fs::read_to_string(f).map_err(|e| {
                    EngineError::invalid(format!("--security-opt seccomp={f}: cannot read the profile: {e}"))
                })?;
                crate::seccomp::parse(&text, f).map_err(EngineError::invalid)?;
                Ok(format!("seccomp={text}"))
            }
            _ => Ok(o.clone()),
        })
        .collect()
}

/// `--device` values as the API's `Devices` (paths) and `DeviceRequests` (CDI names,
/// docker 25's `cdi` driver).
fn device_fields(devices: &[String]) -> (Value, Value) {
    let paths: Vec<Value> = devices
        .iter()
        .filter(|d| d.starts_with('/'))
        .map(|d| {
            let p: Vec<&str> = d.split(':').collect();
            let (host, inside, perms) = match p.as_slice() {
                [h, x] if x.chars().all(|c| "rwm".contains(c)) => (*h, *h, *x),
                [h, c] => (*h, *c, "rwm"),
                [h, c, x, ..] => (*h, *c, *x),
                _ => (d.as_str(), d.as_str(), "rwm"),
            };
            json!({"PathOnHost": host, "PathInContainer": inside, "CgroupPermissions": perms})
        })
        .collect();
    let cdi: Vec<&String> = devices.iter().filter(|d| !d.starts_with('/')).collect();
    let requests = if cdi.is_empty() { json!([]) } else { json!([{"Driver": "cdi", "DeviceIDs": cdi}]) };
    (json!(paths), requests)
}

pub fn create_body(o: &CreateOptions) -> Result<Value, EngineError> {
    if o.runtime.is_some() {
        return Err(not_remote("--runtime"));
    }
    if !o.uidmap.is_empty() || !o.gidmap.is_empty() {
        return Err(not_remote("--uidmap/--gidmap"));
    }
    if o.cgroups_disabled || o.cgroups_split {
        return Err(not_remote("--cgroups"));
    }
    if o.health_on_failure != Default::default() {
        return Err(not_remote("--health-on-failure"));
    }
    if o.sdnotify != Default::default() {
        return Err(not_remote("--sdnotify"));
    }
    if o.pod.is_some() {
        return Err(not_remote("--pod"));
    }
    let mut mounts = Vec::new();
    for m in &o.mounts {
        let m = crate::engine::mounts::parse_mount(m).map_err(EngineError::invalid)?;
        use crate::engine::mounts::Source;
        let mut v = json!({"Target": m.target, "ReadOnly": m.readonly});
        match &m.source {
            Source::Bind { path } => {
                v["Type"] = json!("bind");
                v["Source"] = json!(path);
                if let Some(p) = &m.propagation {
                    v["BindOptions"] = json!({"Propagation": p});
                }
            }
            Source::Volume { name } => {
                v["Type"] = json!("volume");
                v["Source"] = json!(name.clone().unwrap_or_default());
                v["VolumeOptions"] = json!({"NoCopy": m.nocopy, "Subpath": m.subpath.clone().unwrap_or_default()});
            }
            Source::Tmpfs { size, mode } => {
                v["Type"] = json!("tmpfs");
                let size = size.as_deref().map(crate::cgroups::parse_size).transpose().map_err(EngineError::invalid)?;
                v["TmpfsOptions"] = json!({"SizeBytes": size.unwrap_or(0), "Mode": mode.unwrap_or(0)});
            }
        }
        mounts.push(v);
    }
    let mut tmpfs = serde_json::Map::new();
    for t in &o.tmpfs {
        crate::engine::mounts::parse_tmpfs(t).map_err(EngineError::invalid)?;
        let (target, opts) = t.split_once(':').unwrap_or((t.as_str(), ""));
        tmpfs.insert(target.to_string(), json!(opts));
    }
    let mut ports = serde_json::Map::new();
    let mut exposed = serde_json::Map::new();
    for spec in &o.publish {
        // Read, not bound: the free ports that matter are the engine's host's.
        let p = crate::network::parse_publish_spec(spec).map_err(EngineError::invalid)?;
        let (body, _) = spec.rsplit_once('/').unwrap_or((spec.as_str(), "tcp"));
        let parts: Vec<&str> = body.rsplitn(3, ':').collect();
        let ip = if parts.len() == 3 { parts[2].trim_start_matches('[').trim_end_matches(']') } else { "" };
        // A range goes port by port, as the docker CLI sends it (dockerd refuses a key
        // like "80-81/tcp"); the ranges are of one length (parse_publish_spec).
        let (c0, c1) = p.container;
        for c in c0..=c1 {
            let hport = match p.host {
                None => String::new(),
                Some((h0, _)) => (h0 as u32 + (c - c0) as u32).to_string(),
            };
            let key = format!("{c}/{}", p.protocol);
            exposed.insert(key.clone(), json!({}));
            ports
                .entry(key)
                .or_insert_with(|| json!([]))
                .as_array_mut()
                .expect("an array")
                .push(json!({"HostIp": ip, "HostPort": hport}));
        }
    }
    // Env files are read here, as the docker CLI reads them: the engine may be elsewhere.
    let mut env: Vec<String> = Vec::new();
    for f in &o.env_files {
        let text = std::fs::read_to_string(f)
            .map_err(|e| EngineError::invalid(format!("cannot read env file {}: {e}", f.display())))?;
        env.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .filter_map(crate::engine::local::containers::env_entry),
        );
    }
    env.extend(o.env.iter().filter_map(|e| crate::engine::local::containers::env_entry(e)));
    let labels: serde_json::Map<String, Value> = o
        .labels
        .iter()
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap_or((l.as_str(), ""));
            (k.to_string(), json!(v))
        })
        .collect();
    // The first --network that is a mode or a network is NetworkMode; user networks
    // (with their options) go to EndpointsConfig.
    let mut endpoints = serde_json::Map::new();
    for (i, n) in o.network.iter().enumerate().filter(|(_, n)| !crate::network::is_mode(n)) {
        let mut r = crate::network::parse_network_request(n).map_err(EngineError::invalid)?;
        if i == 0 {
            if let (Some(ip), Some(_)) = (&o.ip, &r.ip) {
                return Err(EngineError::invalid(format!("--ip {ip} and --network {n}: give the address once")));
            }
            r.ip = r.ip.or_else(|| o.ip.clone());
            r.aliases.extend(o.network_aliases.iter().cloned());
            r.mac = r.mac.or_else(|| o.mac_address.clone());
        }
        endpoints.insert(
            r.name.clone(),
            json!({"IPAMConfig": r.ip.map(|ip| json!({"IPv4Address": ip})), "Aliases": r.aliases, "MacAddress": r.mac.unwrap_or_default()}),
        );
    }
    crate::network::check_network_list(&o.network).map_err(EngineError::invalid)?;
    if o.network.iter().all(|n| crate::network::is_mode(n))
        && (o.ip.is_some() || !o.network_aliases.is_empty() || o.mac_address.is_some())
    {
        return Err(EngineError::invalid(format!(
            "--ip, --network-alias and --mac-address need a user network (--network NAME), not --network {}",
            o.network.first().map(String::as_str).unwrap_or("(the engine's default)")
        )));
    }
    // A mode goes whole (`slirp4netns:allow_host_loopback=true`); a user network by name.
    let network_mode = o
        .network
        .first()
        .map(|n| if crate::network::is_mode(n) { n.clone() } else { n.split(':').next().unwrap_or(n).to_string() })
        .unwrap_or_default();
    let mut host = limits_body(&o.limits);
    let more = json!({
        "Binds": o.volumes,
        "Mounts": mounts,
        "Tmpfs": tmpfs,
        "VolumesFrom": o.volumes_from,
        "PortBindings": ports,
        "PublishAllPorts": o.publish_all,
        "NetworkMode": network_mode,
        "AutoRemove": o.auto_remove,
        "Dns": o.dns, "DnsSearch": o.dns_search, "DnsOptions": o.dns_options, "ExtraHosts": o.add_hosts,
        "CapAdd": o.cap_add, "CapDrop": o.cap_drop,
        "SecurityOpt": security_opts(&o.security_opt)?, "Privileged": o.privileged,
        "Devices": device_fields(&o.devices).0, "DeviceRequests": device_fields(&o.devices).1,
        "ReadonlyRootfs": o.read_only,
        "Init": o.init,
        "RestartPolicy": o.restart,
        "UsernsMode": o.userns.clone().unwrap_or_default(),
        "PidMode": o.namespaces.pid, "UTSMode": o.namespaces.uts, "IpcMode": o.namespaces.ipc,
        "CgroupnsMode": o.namespaces.cgroupns,
        "GroupAdd": o.group_add,
        "ConsoleSize": o.console_size.map(|(h, w)| json!([h, w])).unwrap_or(json!([0, 0])),
    });
    host.extend(more.as_object().cloned().unwrap_or_default());
    let mut body = json!({
        "Image": o.image,
        "Cmd": o.command,
        "Entrypoint": o.entrypoint,
        "Env": env,
        "Tty": o.tty,
        "OpenStdin": o.interactive,
        "AttachStdin": o.interactive,
        "AttachStdout": true,
        "AttachStderr": true,
        "StdinOnce": o.interactive,
        "WorkingDir": o.workdir.clone().unwrap_or_default(),
        "User": o.user.clone().unwrap_or_default(),
        "Hostname": o.hostname.clone().unwrap_or_default(),
        "Labels": labels,
        "ExposedPorts": exposed,
        "StopTimeout": o.stop_timeout,
        "HostConfig": host,
        "MacAddress": o.mac_address.clone().unwrap_or_default(),
        "NetworkingConfig": {"EndpointsConfig": endpoints},
    });
    if !o.health.is_empty() {
        body["Healthcheck"] = o.health.to_api()?;
    }
    Ok(body)
}

/// A hijacked attach or exec connection, with the calls that go beside it.
struct RemoteSession {
    reader: Box<dyn Read + Send>,
    writer: Option<crate::engine::remote::Writer>,
    tty: bool,
    client: Client,
    /// `containers/ID` or `exec/ID`: where resizes go.
    resize_path: String,
    /// The container, for signals (None for an exec: the API cannot signal one).
    container: Option<String>,
    /// The exit code, once the stream ends.
    exit: Box<dyn FnMut() -> Result<i32, EngineError> + Send>,
    done: bool,
    /// The start was answered before the session was handed out: Started comes first.
    started_told: bool,
    /// Set by the input when the user pressed the detach keys: the stream's end is then
    /// the server detaching us, not an exit.
    detached: std::sync::Arc<std::sync::atomic::AtomicBool>,
    shared_writer: Option<std::sync::Arc<std::sync::Mutex<crate::engine::remote::Writer>>>,
}

struct RemoteInput {
    writer: Option<std::sync::Arc<std::sync::Mutex<crate::engine::remote::Writer>>>,
    client: Client,
    resize_path: String,
    container: Option<String>,
    detached: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl SessionInput for RemoteInput {
    fn stdin(&mut self, data: &[u8]) -> std::io::Result<()> {
        match &self.writer {
            Some(w) => w.lock().unwrap().write_all(data),
            None => Ok(()),
        }
    }
    fn close_stdin(&mut self) {
        if let Some(w) = &self.writer {
            w.lock().unwrap().close_write();
        }
    }
    fn signal(&mut self, sig: i32) -> std::io::Result<()> {
        if let Some(c) = &self.container {
            self.client
                .call("POST", &format!("/containers/{}/kill?signal={sig}", enc(c)), None)
                .map_err(std::io::Error::other)?;
        }
        Ok(())
    }
    fn resize(&mut self, rows: u16, cols: u16) -> std::io::Result<()> {
        self.client
            .call("POST", &format!("/{}/resize?h={rows}&w={cols}", self.resize_path), None)
            .map(drop)
            .map_err(std::io::Error::other)
    }
    fn detach(&mut self, keys: &[u8]) {
        self.detached.store(true, std::sync::atomic::Ordering::SeqCst);
        // The server was told the keys with the attach (detachKeys); it ends the stream.
        if let Some(w) = &self.writer {
            let _ = w.lock().unwrap().write_all(keys);
        }
    }
}

impl RemoteSession {
    fn new(
        conn: Hijacked,
        tty: bool,
        client: Client,
        resize_path: String,
        container: Option<String>,
        exit: Box<dyn FnMut() -> Result<i32, EngineError> + Send>,
    ) -> RemoteSession {
        let (reader, writer) = conn.split();
        RemoteSession {
            reader,
            writer: Some(writer),
            tty,
            client,
            resize_path,
            container,
            exit,
            done: false,
            started_told: false,
            detached: Default::default(),
            shared_writer: None,
        }
    }
}

impl Session for RemoteSession {
    fn input(&mut self) -> std::io::Result<Box<dyn SessionInput>> {
        // The one writer, shared by whoever sends: stdin's thread and the signal thread.
        if let Some(w) = self.writer.take() {
            self.shared_writer = Some(std::sync::Arc::new(std::sync::Mutex::new(w)));
        }
        Ok(Box::new(RemoteInput {
            writer: self.shared_writer.clone(),
            client: self.client.clone(),
            resize_path: self.resize_path.clone(),
            container: self.container.clone(),
            detached: self.detached.clone(),
        }))
    }

    fn next_event(&mut self) -> Result<Option<SessionEvent>, EngineError> {
        if self.done {
            return Ok(None);
        }
        if !self.started_told {
            self.started_told = true;
            return Ok(Some(SessionEvent::Started));
        }
        if self.tty {
            let mut buf = vec![0u8; 32 * 1024];
            if let Ok(n) = self.reader.read(&mut buf)
                && n > 0
            {
                buf.truncate(n);
                return Ok(Some(SessionEvent::Stdout(buf)));
            }
        } else {
            let mut head = [0u8; 8];
            if self.reader.read_exact(&mut head).is_ok() {
                let n = u32::from_be_bytes([head[4], head[5], head[6], head[7]]) as usize;
                let mut data = vec![0u8; n];
                self.reader.read_exact(&mut data)?;
                return Ok(Some(if head[0] == 2 { SessionEvent::Stderr(data) } else { SessionEvent::Stdout(data) }));
            }
        }
        self.done = true;
        if self.detached.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(None);
        }
        Ok(Some(SessionEvent::Exit((self.exit)()?)))
    }
}

impl RemoteEngine {
    /// The container's id, stdio settings and whether it is `--rm`, from one inspect.
    fn stdio_config(&self, key: &str) -> Result<(String, StdioConfig, bool), EngineError> {
        let v = self.client.json("GET", &format!("/containers/{}/json", enc(key)), None)?;
        let id = v["Id"].as_str().ok_or_else(|| shape("inspect answer", "no Id"))?.to_string();
        let tty = v["Config"]["Tty"].as_bool().unwrap_or(false);
        let open_stdin = v["Config"]["OpenStdin"].as_bool().unwrap_or(false);
        let auto_remove = v["HostConfig"]["AutoRemove"].as_bool().unwrap_or(false);
        Ok((id, StdioConfig { tty, open_stdin }, auto_remove))
    }

    /// Attaches (hijacked) to `id` with stdin if `stdin`; the server watches for the
    /// detach keys.
    fn hijack_attach(&self, id: &str, stdin: bool, detach_keys: &str) -> Result<Hijacked, EngineError> {
        self.client.hijack(
            &format!(
                "/containers/{id}/attach?stream=1&stdout=1&stderr=1&stdin={}&detachKeys={}",
                stdin as u8,
                enc(detach_keys)
            ),
            None,
        )
    }
}

/// A wait registered now (its answer's head is here before the start), read later.
fn wait_later(
    client: &Client,
    id: &str,
    condition: &str,
) -> Result<Box<dyn FnMut() -> Result<i32, EngineError> + Send>, EngineError> {
    let mut wait = Some(client.call("POST", &format!("/containers/{id}/wait?condition={condition}"), None)?);
    Ok(Box::new(move || {
        let Some(mut r) = wait.take() else { return Ok(-1) };
        let mut body = Vec::new();
        r.body.read_to_end(&mut body)?;
        let v: Value = serde_json::from_slice(&body).map_err(|e| shape("wait answer", e))?;
        let code = v["StatusCode"].as_i64().unwrap_or(-1);
        Ok(if code < 0 { 255 } else { code as i32 })
    }))
}

impl ContainerStdioEngine for RemoteEngine {
    fn container_create(&mut self, o: &CreateOptions) -> Result<String, EngineError> {
        let body = create_body(o)?;
        let name = o.name.as_deref().map(|n| format!("?name={}", enc(n))).unwrap_or_default();
        let v = self.client.json("POST", &format!("/containers/create{name}"), Some(&body))?;
        v["Id"].as_str().map(String::from).ok_or_else(|| shape("create answer", "no Id"))
    }

    fn container_start(&mut self, key: &str) -> Result<(), EngineError> {
        let mut r = self.client.call("POST", &format!("/containers/{}/start", enc(key)), None).map_err(start_failed)?;
        std::io::copy(&mut r.body, &mut std::io::sink())?;
        Ok(())
    }

    fn container_start_attached(
        &mut self,
        key: &str,
        detach_keys: &str,
    ) -> Result<(StdioConfig, Box<dyn Session>), EngineError> {
        let (id, cfg, auto_remove) = self.stdio_config(key)?;
        let conn = self.hijack_attach(&id, cfg.open_stdin, detach_keys)?;
        // An --rm container is gone once it exits: wait for its removal then, which still
        // reports the exit code.
        let exit = wait_later(&self.client, &id, if auto_remove { "removed" } else { "next-exit" })?;
        self.container_start(&id)?;
        let s = RemoteSession::new(conn, cfg.tty, self.client.clone(), format!("containers/{id}"), Some(id), exit);
        Ok((cfg, Box::new(s)))
    }

    fn container_attach(
        &mut self,
        key: &str,
        stdin: bool,
        detach_keys: &str,
    ) -> Result<(StdioConfig, Box<dyn Session>), EngineError> {
        let (id, mut cfg, _) = self.stdio_config(key)?;
        cfg.open_stdin &= stdin;
        let conn = self.hijack_attach(&id, cfg.open_stdin, detach_keys)?;
        let client = self.client.clone();
        let wid = id.clone();
        let exit: Box<dyn FnMut() -> Result<i32, EngineError> + Send> = Box::new(move || {
            let v = client.json("POST", &format!("/containers/{wid}/wait"), None)?;
            Ok(v["StatusCode"].as_i64().unwrap_or(-1) as i32)
        });
        let s = RemoteSession::new(conn, cfg.tty, self.client.clone(), format!("containers/{id}"), Some(id), exit);
        Ok((cfg, Box::new(s)))
    }

    fn container_logs(
        &mut self,
        key: &str,
        o: &LogOptions,
        out: &mut dyn FnMut(u8, &[u8]) -> std::io::Result<()>,
    ) -> Result<(), EngineError> {
        let (id, cfg, _) = self.stdio_config(key)?;
        let mut path = format!(
            "/containers/{id}/logs?stdout=1&stderr=1&follow={}&timestamps={}",
            o.follow as u8, o.timestamps as u8
        );
        if let Some(t) = o.tail {
            path.push_str(&format!("&tail={t}"));
        }
        // The API's since/until are unix seconds with a fraction.
        let secs = |ns: i64| format!("{}.{:09}", ns / 1_000_000_000, ns % 1_000_000_000);
        if let Some(s) = o.since {
            path.push_str(&format!("&since={}", secs(s)));
        }
        if let Some(u) = o.until {
            path.push_str(&format!("&until={}", secs(u)));
        }
        let mut r = self.client.call("GET", &path, None)?;
        if cfg.tty {
            let mut buf = [0u8; 32 * 1024];
            loop {
                match r.body.read(&mut buf)? {
                    0 => return Ok(()),
                    n => out(1, &buf[..n])?,
                }
            }
        }
        crate::engine::remote::demux(&mut r.body, &mut |stream, data| out(if stream == 2 { 2 } else { 1 }, data))?;
        Ok(())
    }

    fn container_exec(&mut self, key: &str, o: &ExecOptions) -> Result<ExecStarted, EngineError> {
        let body = json!({
            "AttachStdin": o.interactive && !o.detach, "AttachStdout": !o.detach, "AttachStderr": !o.detach,
            "Tty": o.tty, "Cmd": o.command, "Env": o.env,
            "WorkingDir": o.workdir.clone().unwrap_or_default(), "User": o.user.clone().unwrap_or_default(),
            "DetachKeys": o.detach_keys,
        });
        let ex = self.client.json("POST", &format!("/containers/{}/exec", enc(key)), Some(&body))?;
        let eid = ex["Id"].as_str().ok_or_else(|| shape("exec answer", "no Id"))?.to_string();
        if o.detach {
            self.client.call("POST", &format!("/exec/{eid}/start"), Some(&json!({"Detach": true, "Tty": o.tty})))?;
            return Ok(ExecStarted::Finished(0));
        }
        let conn = self.client.hijack(&format!("/exec/{eid}/start"), Some(&json!({"Detach": false, "Tty": o.tty})))?;
        let client = self.client.clone();
        let id = eid.clone();
        let exit: Box<dyn FnMut() -> Result<i32, EngineError> + Send> = Box::new(move || {
            // The exec's end is recorded just after its stream ends.
            for _ in 0..250 {
                let v = client.json("GET", &format!("/exec/{id}/json"), None)?;
                if v["Running"].as_bool() != Some(true)
                    && let Some(code) = v["ExitCode"].as_i64()
                {
                    return Ok(code as i32);
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(EngineError::new(ErrorKind::Internal, "the exec's exit code did not arrive"))
        });
        let s = RemoteSession::new(conn, o.tty, self.client.clone(), format!("exec/{eid}"), None, exit);
        Ok(ExecStarted::Attached(StdioConfig { tty: o.tty, open_stdin: o.interactive }, Box::new(s)))
    }

    fn container_notify_systemd(&mut self, _key: &str, mode: crate::engine::policy::SdNotify) {
        if mode != crate::engine::policy::SdNotify::Ignore && std::env::var_os("NOTIFY_SOCKET").is_some() {
            crate::output::warn(
                "systemd (NOTIFY_SOCKET) is not told the container started: it runs on a remote engine, not under this unit",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_ranges_go_port_by_port_as_the_docker_cli_sends_them() {
        let o = CreateOptions {
            image: "busybox".into(),
            publish: vec!["8080-8081:80-81".into(), "127.0.0.1:9000:90/udp".into(), "100".into()],
            ..Default::default()
        };
        let b = create_body(&o).unwrap();
        let pb = &b["HostConfig"]["PortBindings"];
        assert_eq!(pb["80/tcp"], json!([{"HostIp": "", "HostPort": "8080"}]));
        assert_eq!(pb["81/tcp"], json!([{"HostIp": "", "HostPort": "8081"}]));
        assert_eq!(pb["90/udp"], json!([{"HostIp": "127.0.0.1", "HostPort": "9000"}]));
        assert_eq!(pb["100/tcp"], json!([{"HostIp": "", "HostPort": ""}]));
        assert!(pb.as_object().unwrap().keys().all(|k| !k.contains('-')), "{pb}");
        assert_eq!(b["ExposedPorts"].as_object().unwrap().len(), 4);
    }
}
