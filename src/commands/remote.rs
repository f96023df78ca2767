//! The commands that work through a remote engine (`ctr -H URI`, CONTAINER_HOST,
//! DOCKER_HOST), over the Docker Engine API; their output is printed by the same code as
//! the local commands'.

use std::io::{IsTerminal, Read, Write};

use anyhow::{Result, bail};
use serde_json::{Value, json};

use crate::cli::{Command, ContainerCommand, ImageCommand};
use crate::engine::remote::{Client, demux, enc};
use crate::engine::{EngineError, ErrorKind};
use crate::output::Printer;

pub fn run(uri: &str, tls: &crate::engine::remote::TlsOptions, command: Command) -> Result<i32> {
    let c = Client::with_tls(uri, tls)?;
    let mut p = Printer::new();
    match command {
        Command::Inspect(a) => {
            let mut out = Vec::new();
            for k in &a.images {
                out.push(match c.json("GET", &format!("/containers/{}/json", enc(k)), None) {
                    Ok(mut v) => {
                        if let Some(n) = v["Name"].as_str() {
                            v["Name"] = json!(n.trim_start_matches('/'));
                        }
                        v
                    }
                    Err(e) if e.kind == ErrorKind::NotFound => {
                        c.json("GET", &format!("/images/{}/json", enc(k)), None)?
                    }
                    Err(e) => return Err(e.into()),
                });
            }
            super::print_inspect(&mut p, a.format.as_deref(), &out)
        }
        Command::Images(a) | Command::Image(ImageCommand::Ls(a)) => {
            let images = serde_json::from_value(c.json("GET", "/images/json", None)?)
                .map_err(|e| anyhow::anyhow!("the engine's image list is not in the expected shape: {e}"))?;
            super::image::print_list(images, &mut p, a)
        }
        Command::Pull(a) | Command::Image(ImageCommand::Pull(a)) => pull(&c, Some(&mut p), &a.image, a.quiet),
        Command::Run(a) => run_container(&c, &mut p, a),
        Command::Logs(a) | Command::Container(ContainerCommand::Logs(a)) => {
            let tail = a.tail.clone().unwrap_or_else(|| "all".into());
            let path = format!(
                "/containers/{}/logs?stdout=1&stderr=1&follow={}&timestamps={}&tail={}",
                enc(&a.container),
                a.follow as u8,
                a.timestamps as u8,
                enc(&tail)
            );
            let tty = c.json("GET", &format!("/containers/{}/json", enc(&a.container)), None)?["Config"]["Tty"]
                .as_bool()
                .unwrap_or(false);
            let mut r = c.call("GET", &path, None)?;
            copy_output(&mut *r.body, tty)?;
            Ok(0)
        }
        Command::Exec(a) | Command::Container(ContainerCommand::Exec(a)) => exec(&c, a),
        other => bail!(
            "{}: not available through a remote engine (-H / CONTAINER_HOST) yet; ps, inspect, images, pull, run, logs, exec, stop, restart, kill, pause, unpause, rm, rename, wait, top, diff, port, update, export, commit, tag, container prune, volume, network, system df, system prune, info and version are",
            command_name(&other)
        ),
    }
}

fn command_name(c: &Command) -> String {
    format!("{c:?}").split(['(', ' ']).next().unwrap_or("this command").to_lowercase()
}

fn pull(c: &Client, p: Option<&mut Printer>, image: &str, quiet: bool) -> Result<i32> {
    let (name, tag) = split_tag(image);
    let r = c.call("POST", &format!("/images/create?fromImage={}&tag={}", enc(&name), enc(&tag)), None)?;
    for line in std::io::BufReader::new(r.body).lines_lossy() {
        let Ok(v) = serde_json::from_str::<Value>(&line) else { continue };
        if let Some(e) = v["error"].as_str() {
            bail!("{e}");
        }
        if quiet {
            continue;
        }
        match (v["status"].as_str(), v["id"].as_str()) {
            (Some("Downloading"), _) => {}
            (Some(s), Some(id)) => crate::output::status(&format!("{id}: {s}")),
            (Some(s), None) => crate::output::status(s),
            _ => {}
        }
    }
    if let Some(p) = p {
        let v = c.json("GET", &format!("/images/{}/json", enc(image)), None)?;
        p.line(v["Id"].as_str().unwrap_or(""))?;
    }
    Ok(0)
}

trait LinesLossy {
    fn lines_lossy(self) -> Box<dyn Iterator<Item = String>>;
}
impl<R: std::io::BufRead + 'static> LinesLossy for R {
    fn lines_lossy(mut self) -> Box<dyn Iterator<Item = String>> {
        Box::new(std::iter::from_fn(move || {
            let mut b = Vec::new();
            match self.read_until(b'\n', &mut b) {
                Ok(0) | Err(_) => None,
                Ok(_) => Some(String::from_utf8_lossy(&b).into_owned()),
            }
        }))
    }
}

/// `busybox` -> (busybox, latest); `reg:5000/a/b:v1` -> (reg:5000/a/b, v1); digests kept.
fn split_tag(image: &str) -> (String, String) {
    if image.contains('@') {
        return (image.to_string(), String::new());
    }
    match image.rsplit_once(':') {
        Some((n, t)) if !t.contains('/') => (n.to_string(), t.to_string()),
        _ => (image.to_string(), "latest".to_string()),
    }
}

/// Docker's create body from `ctr run`'s flags.
fn create_body(a: &crate::cli::CreateArgs) -> Result<Value> {
    if !a.mount.is_empty() || !a.tmpfs.is_empty() || !a.env_file.is_empty() {
        bail!("--mount, --tmpfs, --env-file are not available through a remote engine yet; use -v");
    }
    let l = super::container::limits(&a.resources)?;
    let mut ports = serde_json::Map::new();
    for spec in &a.publish {
        let (spec, proto) = spec.rsplit_once('/').unwrap_or((spec.as_str(), "tcp"));
        let parts: Vec<&str> = spec.rsplitn(3, ':').collect();
        let (cport, hport, ip) = match parts.as_slice() {
            [c] => (*c, "", ""),
            [c, h] => (*c, *h, ""),
            [c, h, i] => (*c, *h, *i),
            _ => bail!("invalid -p {spec:?}"),
        };
        ports
            .entry(format!("{cport}/{proto}"))
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .expect("an array")
            .push(json!({"HostIp": ip, "HostPort": hport}));
    }
    let env: Vec<String> = a.env.iter().filter_map(|e| crate::engine::local::containers::env_entry(e)).collect();
    Ok(json!({
        "Image": a.image,
        "Cmd": a.command,
        "Entrypoint": a.entrypoint.as_ref().map(|e| vec![e.clone()]),
        "Env": env,
        "Tty": a.tty,
        "OpenStdin": a.interactive,
        "AttachStdin": a.interactive,
        "AttachStdout": true,
        "AttachStderr": true,
        "StdinOnce": a.interactive,
        "WorkingDir": a.workdir.clone().unwrap_or_default(),
        "User": a.user.clone().unwrap_or_default(),
        "Hostname": a.hostname.clone().unwrap_or_default(),
        "Labels": a.label.iter().map(|l| { let (k, v) = l.split_once('=').unwrap_or((l, "")); (k.to_string(), json!(v)) }).collect::<serde_json::Map<_, _>>(),
        "HostConfig": {
            "Binds": a.volume,
            "PortBindings": ports,
            "PublishAllPorts": a.publish_all,
            "NetworkMode": a.network.first().map(|n| n.split(':').next().unwrap_or(n).to_string()).unwrap_or_default(),
            "AutoRemove": a.rm,
            "Memory": l.memory.unwrap_or(0),
            "MemorySwap": l.memory_swap.unwrap_or(0),
            "MemoryReservation": l.memory_reservation.unwrap_or(0),
            "NanoCpus": a.resources.cpus.map(|c| (c * 1e9) as i64).unwrap_or(0),
            "CpuShares": a.resources.cpu_shares.unwrap_or(0),
            "PidsLimit": l.pids,
            "Dns": a.dns, "DnsSearch": a.dns_search, "DnsOptions": a.dns_option, "ExtraHosts": a.add_host,
            "CapAdd": a.cap_add, "CapDrop": a.cap_drop,
            "ReadonlyRootfs": a.read_only,
            "Init": a.init,
            "VolumesFrom": a.volumes_from,
            "ConsoleSize": super::container::console_size().map(|(h, w)| json!([h, w])).unwrap_or(json!([0, 0])),
        },
        "MacAddress": a.mac_address.clone().unwrap_or_default(),
        "NetworkingConfig": {"EndpointsConfig": remote_endpoints(a)},
    }))
}

fn run_container(c: &Client, p: &mut Printer, a: crate::cli::RunArgs) -> Result<i32> {
    let body = create_body(&a.create)?;
    let name = a.create.name.as_deref().map(|n| format!("?name={}", enc(n))).unwrap_or_default();
    let created = match c.json("POST", &format!("/containers/create{name}"), Some(&body)) {
        Err(e) if e.kind == ErrorKind::NotFound && a.create.pull != crate::cli::PullPolicy::Never => {
            pull(c, None, &a.create.image, a.create.quiet)?;
            c.json("POST", &format!("/containers/create{name}"), Some(&body))?
        }
        r => r?,
    };
    let id = created["Id"].as_str().unwrap_or("").to_string();
    if a.detach {
        c.call("POST", &format!("/containers/{id}/start"), None)?;
        p.line(&id)?;
        return Ok(0);
    }
    p.flush()?;
    let (tty, interactive) = (a.create.tty, a.create.interactive);
    let conn =
        c.hijack(&format!("/containers/{id}/attach?stream=1&stdout=1&stderr=1&stdin={}", interactive as u8), None)?;
    let cond = if a.create.rm { "removed" } else { "next-exit" };
    // The wait is registered (its answer's head is here) before the start, so even a
    // container that --rm removes at once reports its exit code.
    let wait = c.call("POST", &format!("/containers/{id}/wait?condition={cond}"), None)?;
    let waiter = std::thread::spawn(move || -> Result<i64, EngineError> {
        let mut body = Vec::new();
        let mut r = wait.body;
        r.read_to_end(&mut body)?;
        let v: Value = serde_json::from_slice(&body)
            .map_err(|e| EngineError::new(ErrorKind::Internal, format!("the engine's wait answer: {e}")))?;
        Ok(v["StatusCode"].as_i64().unwrap_or(-1))
    });
    if let Err(e) = c.call("POST", &format!("/containers/{id}/start"), None) {
        crate::output::status(&format!("Error: {}", e.message));
        let code = if e.message.contains("not found") || e.message.contains("No such file") { 127 } else { 125 };
        return Err(super::container::ExitWith(code).into());
    }
    stream_session(c, &id, conn, tty, interactive, false)?;
    let code = waiter.join().map_err(|_| anyhow::anyhow!("the wait thread panicked"))??;
    Ok(if code < 0 { 255 } else { code as i32 })
}

/// Copies a hijacked stream to our stdout/stderr and (with -i) our stdin to it, with the
/// terminal in raw mode for -t. Returns when the stream ends.
fn stream_session(
    c: &Client,
    id: &str,
    conn: crate::engine::remote::Hijacked,
    tty: bool,
    interactive: bool,
    exec: bool,
) -> Result<()> {
    let raw = if tty && std::io::stdin().is_terminal() {
        super::container::RawMode::enter()?
    } else {
        super::container::RawMode::none()
    };
    if tty && let Some((h, w)) = super::container::console_size() {
        let what = if exec { "exec" } else { "containers" };
        let _ = c.call("POST", &format!("/{what}/{id}/resize?h={h}&w={w}"), None);
    }
    let (mut r, mut w) = conn.split();
    if interactive {
        std::thread::spawn(move || {
            let mut buf = [0u8; 32 * 1024];
            let mut stdin = std::io::stdin().lock();
            loop {
                match stdin.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if w.write_all(&buf[..n]).is_err() {
                            return;
                        }
                    }
                }
            }
            w.close_write();
            // Keep the connection open until the stream ends.
            std::thread::park();
        });
    }
    let r2: &mut dyn Read = &mut *r;
    let res = copy_output(r2, tty);
    drop(raw);
    res
}

/// Docker's output stream: raw with a tty, multiplexed frames without one.
fn copy_output(r: &mut dyn Read, tty: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if tty {
        let mut buf = [0u8; 32 * 1024];
        loop {
            let n = match r.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            out.write_all(&buf[..n])?;
            out.flush()?;
        }
        return Ok(());
    }
    let mut err = std::io::stderr().lock();
    demux(r, &mut |stream, data| {
        if stream == 2 {
            err.write_all(data)?;
            err.flush()
        } else {
            out.write_all(data)?;
            out.flush()
        }
    })?;
    Ok(())
}

fn exec(c: &Client, a: crate::cli::ExecArgs) -> Result<i32> {
    let env: Vec<String> = a.env.iter().filter_map(|e| crate::engine::local::containers::env_entry(e)).collect();
    let body = json!({
        "AttachStdin": a.interactive && !a.detach, "AttachStdout": !a.detach, "AttachStderr": !a.detach,
        "Tty": a.tty, "Cmd": a.command, "Env": env,
        "WorkingDir": a.workdir.clone().unwrap_or_default(), "User": a.user.clone().unwrap_or_default(),
    });
    let ex = c.json("POST", &format!("/containers/{}/exec", enc(&a.container)), Some(&body))?;
    let eid = ex["Id"].as_str().unwrap_or("").to_string();
    if a.detach {
        c.call("POST", &format!("/exec/{eid}/start"), Some(&json!({"Detach": true, "Tty": a.tty})))?;
        return Ok(0);
    }
    let conn = c.hijack(&format!("/exec/{eid}/start"), Some(&json!({"Detach": false, "Tty": a.tty})))?;
    stream_session(c, &eid, conn, a.tty, a.interactive, true)?;
    for _ in 0..100 {
        let v = c.json("GET", &format!("/exec/{eid}/json"), None)?;
        if v["Running"].as_bool() != Some(true)
            && let Some(code) = v["ExitCode"].as_i64()
        {
            return Ok(code as i32);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    bail!("the exec's exit code did not arrive")
}

/// `--network NAME[:ip=,alias=]`, `--ip`, `--network-alias` as the API's EndpointsConfig.
fn remote_endpoints(a: &crate::cli::CreateArgs) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    for (i, n) in a.network.iter().enumerate().filter(|(_, n)| !crate::network::is_mode(n)) {
        let Ok(mut r) = crate::network::parse_network_request(n) else { continue };
        if i == 0 {
            r.ip = r.ip.or_else(|| a.ip.clone());
            r.aliases.extend(a.network_alias.iter().cloned());
        }
        m.insert(
            r.name.clone(),
            json!({"IPAMConfig": r.ip.map(|ip| json!({"IPv4Address": ip})), "Aliases": r.aliases, "MacAddress": r.mac.unwrap_or_default()}),
        );
    }
    serde_json::Value::Object(m)
}
