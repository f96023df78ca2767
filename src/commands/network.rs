//! `ctr network ...`: flags -> engine -> Printer.

use anyhow::Result;
use serde_json::json;

use crate::cli::{NetworkCommand, NetworkLsArgs};
use crate::engine::interface::NetworkCreate;
use crate::engine::{Engine, ErrorKind, NetworkInspect};
use crate::output::{Format, Printer};

pub fn network(e: &mut dyn Engine, p: &mut Printer, cmd: NetworkCommand) -> Result<i32> {
    match cmd {
        NetworkCommand::Create(a) => {
            if a.ignore && e.network_exists(&a.name)? {
                p.line(&a.name)?;
                return Ok(0);
            }
            let made = e.network_create(&NetworkCreate {
                name: a.name.clone(),
                driver: a.driver,
                subnet: a.subnet,
                gateway: a.gateway,
                ip_range: a.ip_range,
                internal: a.internal,
                labels: a.label,
                opts: a.opt,
            });
            match made {
                Ok(_) => {}
                // --ignore: another create of this name (two units starting at once) may have
                // come between the look above and this create; its network is as good.
                Err(err) if a.ignore && err.kind == ErrorKind::Conflict && e.network_exists(&a.name)? => {}
                Err(err) => return Err(err.into()),
            }
            p.line(&a.name)?;
            Ok(0)
        }
        NetworkCommand::Ls(a) => {
            let reports = e.network_list(&a.filter)?;
            print_list(&reports, p, &a)
        }
        NetworkCommand::Inspect(a) => {
            let mut out = Vec::new();
            for n in &a.names {
                out.push(e.network_inspect(n)?);
            }
            if let Format::Template { text, header } = Format::parse(a.format.as_deref()) {
                let rows = out.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>()?;
                p.template(&text, header, &rows)?;
            } else {
                // The report as is: docker's field order.
                p.json(&out)?;
            }
            Ok(0)
        }
        NetworkCommand::Rm(a) => {
            for n in &a.names {
                e.network_remove(n, a.force)?;
                p.line(n)?;
            }
            Ok(0)
        }
        NetworkCommand::Prune(a) => {
            for g in e.network_prune(&a.filter)? {
                p.line(g)?;
            }
            Ok(0)
        }
        NetworkCommand::Exists(a) => Ok(if e.network_exists(&a.name)? { 0 } else { 1 }),
        NetworkCommand::Connect(a) => {
            let req = crate::network::NetworkRequest {
                name: a.network.clone(),
                ip: a.ip.clone(),
                aliases: a.alias.clone(),
                mac: a.mac_address.clone(),
            };
            e.network_connect(&a.network, &a.container, &req)?;
            Ok(0)
        }
        NetworkCommand::Disconnect(a) => {
            e.network_disconnect(&a.network, &a.container, a.force)?;
            Ok(0)
        }
    }
}

/// Prints `network ls`.
fn print_list(reports: &[NetworkInspect], p: &mut Printer, a: &NetworkLsArgs) -> Result<i32> {
    let short = |id: &str| if a.no_trunc { id.to_string() } else { id[..12.min(id.len())].to_string() };
    if a.quiet {
        for r in reports {
            p.line(&r.name)?;
        }
        return Ok(0);
    }
    match Format::parse(a.format.as_deref()) {
        Format::Json => p.json(&reports)?,
        Format::Template { text, header } => {
            let mut rows = Vec::new();
            for r in reports {
                let mut v = serde_json::to_value(r)?;
                // Docker's template fields beside the inspect ones.
                v["ID"] = json!(short(&r.id));
                v["IPv6"] = json!(r.enable_ipv6);
                v["CreatedAt"] = json!(r.created);
                rows.push(v);
            }
            p.template(&text, header, &rows)?
        }
        Format::Table => {
            let t: Vec<Vec<String>> =
                reports.iter().map(|r| vec![short(&r.id), r.name.clone(), r.driver.clone()]).collect();
            p.table(&["NETWORK ID", "NAME", "DRIVER"], &t)?;
        }
    }
    Ok(0)
}
