//! The commands that work through a remote engine (`ctr -H URI`, CONTAINER_HOST,
//! DOCKER_HOST), over the Docker Engine API; their output is printed by the same code as
//! the local commands'.

use std::io::{IsTerminal, Read, Write};

use anyhow::{Result, bail};
use serde_json::{Value, json};

use crate::cli::{Command, NetworkCommand, VolumeCommand};
use crate::engine::remote::{Client, demux, enc};
use crate::engine::{EngineError, ErrorKind};
use crate::output::Printer;

pub fn run(uri: &str, tls: &crate::engine::remote::TlsOptions, command: Command) -> Result<i32> {
    let c = Client::with_tls(uri, tls)?;
    let mut p = Printer::new();
    match command {
        Command::Run(a) => run_container(&c, &mut p, a),
        Command::Volume(VolumeCommand::Create(a)) => {
            let v = c.json("POST", "/volumes/create", Some(&json!({"Name": a.name.clone().unwrap_or_default()})))?;
            p.line(v["Name"].as_str().unwrap_or(""))?;
            Ok(0)
        }
        Command::Volume(VolumeCommand::Ls(_)) => {
            let v = c.json("GET", "/volumes", None)?;
            let rows: Vec<Vec<String>> = v["Volumes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| {
                    vec![
                        v["Driver"].as_str().unwrap_or("local").to_string(),
                        v["Name"].as_str().unwrap_or("").to_string(),
                    ]
                })
                .collect();
            p.table(&["DRIVER", "VOLUME NAME"], &rows)?;
            Ok(0)
        }
        Command::Volume(VolumeCommand::Rm(a)) => {
            for n in &a.names {
                c.call("DELETE", &format!("/volumes/{}?force={}", enc(n), a.force as u8), None)?;
                p.line(n)?;
            }
            Ok(0)
        }
        Command::Network(n) => network(&c, &mut p, n),
        Command::System(crate::cli::SystemCommand::Df(a)) => {
            let u = serde_json::from_value(c.json("GET", "/system/df", None)?)
                .map_err(|e| anyhow::anyhow!("the engine's disk usage is not in the expected shape: {e}"))?;
            super::volume::print_df(u, &mut p, a)
        }
        Command::Version => {
            let v = c.json("GET", "/version", None)?;
            p.line(format!("Client:       ctr {}", env!("CARGO_PKG_VERSION")))?;
            p.line(format!(
                "Server:       {} {}",
                v["Platform"]["Name"].as_str().unwrap_or("?"),
                v["Version"].as_str().unwrap_or("?")
            ))?;
            p.line(format!("API version:  {}", v["ApiVersion"].as_str().unwrap_or("?")))?;
            Ok(0)
        }
        other => bail!(
            "{}: not available through a remote engine (-H / CONTAINER_HOST) yet; ps, inspect, run, logs, exec, stop, restart, kill, pause, unpause, rm, rename, wait, top, diff, port, update, export, commit, container prune, images, image inspect, tag, rmi, image prune, history, save, load, import, pull, push, volume create/ls/rm, network create/ls/inspect/rm/prune/exists/connect/disconnect, system df and version are",
            command_name(&other)
        ),
    }
}

/// `ctr -H ... network VERB` over `/networks`.
fn network(c: &Client, p: &mut Printer, cmd: NetworkCommand) -> Result<i32> {
    // Docker's filters: {"KEY": ["VALUE", ...]}.
    let filters = |fs: &[String]| -> String {
        let mut m: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for f in fs {
            let (k, v) = f.split_once('=').unwrap_or((f.as_str(), ""));
            m.entry(k).or_default().push(v);
        }
        if m.is_empty() { String::new() } else { format!("?filters={}", enc(&json!(m).to_string())) }
    };
    match cmd {
        NetworkCommand::Create(a) => {
            if a.ignore && c.json("GET", &format!("/networks/{}", enc(&a.name)), None).is_ok() {
                p.line(&a.name)?;
                return Ok(0);
            }
            let kv = |items: &[String]| -> Value {
                items
                    .iter()
                    .map(|i| i.split_once('=').unwrap_or((i.as_str(), "")))
                    .map(|(k, v)| (k.to_string(), json!(v)))
                    .collect::<serde_json::Map<_, _>>()
                    .into()
            };
            let mut config = serde_json::Map::new();
            for (k, v) in [("Subnet", &a.subnet), ("Gateway", &a.gateway), ("IPRange", &a.ip_range)] {
                if let Some(v) = v {
                    config.insert(k.into(), json!(v));
                }
            }
            let body = json!({
                "Name": a.name, "Driver": a.driver, "CheckDuplicate": true, "Internal": a.internal,
                "IPAM": {"Driver": "default", "Config": if config.is_empty() { json!([]) } else { json!([config]) }},
                "Labels": kv(&a.label), "Options": kv(&a.opt),
            });
            c.json("POST", "/networks/create", Some(&body))?;
            p.line(&a.name)?;
            Ok(0)
        }
        NetworkCommand::Ls(a) => {
            let v = c.json("GET", &format!("/networks{}", filters(&a.filter)), None)?;
            let mut reports: Vec<crate::engine::NetworkInspect> = serde_json::from_value(v)
                .map_err(|e| anyhow::anyhow!("the engine's network list is not in the expected shape: {e}"))?;
            // dockerd lists in no order; ctr by name.
            reports.sort_by(|a, b| a.name.cmp(&b.name));
            super::network::print_list(&reports, p, &a)
        }
        NetworkCommand::Inspect(a) => {
            let mut out = Vec::new();
            for n in &a.names {
                out.push(c.json("GET", &format!("/networks/{}", enc(n)), None)?);
            }
            super::print_inspect(p, a.format.as_deref(), &out)
        }
        NetworkCommand::Rm(a) => {
            if a.force {
                bail!(
                    "network rm -f is not available through a remote engine (the API has no force); remove the containers first"
                );
            }
            for n in &a.names {
                c.call("DELETE", &format!("/networks/{}", enc(n)), None)?;
                p.line(n)?;
            }
            Ok(0)
        }
        NetworkCommand::Prune(a) => {
            let v = c.json("POST", &format!("/networks/prune{}", filters(&a.filter)), None)?;
            for n in v["NetworksDeleted"].as_array().into_iter().flatten() {
                p.line(n.as_str().unwrap_or(""))?;
            }
            Ok(0)
        }
        NetworkCommand::Exists(a) => match c.json("GET", &format!("/networks/{}", enc(&a.name)), None) {
            Ok(_) => Ok(0),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(1),
            Err(e) => Err(e.into()),
        },
        NetworkCommand::Connect(a) => {
            let body = json!({
                "Container": a.container,
                "EndpointConfig": {
                    "IPAMConfig": a.ip.as_ref().map(|ip| json!({"IPv4Address": ip})),
                    "Aliases": a.alias,
                    "MacAddress": a.mac_address.clone().unwrap_or_default(),
                },
            });
            c.call("POST", &format!("/networks/{}/connect", enc(&a.network)), Some(&body))?;
            Ok(0)
        }
        NetworkCommand::Disconnect(a) => {
            let body = json!({"Container": a.container, "Force": a.force});
            c.call("POST", &format!("/networks/{}/disconnect", enc(&a.network)), Some(&body))?;
            Ok(0)
        }
    }
}

fn command_name(c: &Command) -> String {
    format!("{c:?}").split(['(', ' ']).next().unwrap_or("this command").to_lowercase()
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
            let progress = crate::progress::CliProgress::new(a.create.quiet, "Copying");
            crate::engine::remote_engine::pull_image(c, &a.create.image, &Default::default(), &progress)?;
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
