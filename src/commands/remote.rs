//! The commands that work through a remote engine (`ctr -H URI`, CONTAINER_HOST,
//! DOCKER_HOST), over the Docker Engine API; their output is printed by the same code as
//! the local commands'.

use anyhow::{Result, bail};
use serde_json::{Value, json};

use crate::cli::{Command, NetworkCommand, VolumeCommand};
use crate::engine::ErrorKind;
use crate::engine::remote::{Client, enc};
use crate::output::Printer;

pub fn run(uri: &str, tls: &crate::engine::remote::TlsOptions, command: Command) -> Result<i32> {
    let c = Client::with_tls(uri, tls)?;
    let mut p = Printer::new();
    match command {
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
