//! `ctr volume ...` and `ctr system df|prune`.

use anyhow::Result;
use serde_json::{Value, json};

use crate::cli::{DfArgs, ForceArgs, SystemPruneArgs, VolumeCommand};
use crate::engine::local::{LocalEngine, VolumeCreate};
use crate::output::{Format, Printer};
use crate::timefmt::{self, human_size};

pub fn volume(e: &mut LocalEngine, p: &mut Printer, cmd: VolumeCommand) -> Result<i32> {
    match cmd {
        VolumeCommand::Create(a) => {
            if a.driver != "local" {
                anyhow::bail!("volume driver {:?} is not available: ctr has only the local driver", a.driver);
            }
            if a.ignore
                && let Some(n) = &a.name
                && e.volume(n).is_ok()
            {
                p.line(n)?;
                return Ok(0);
            }
            let v = e.create_volume(&VolumeCreate { name: a.name, labels: a.label, opts: a.opt })?;
            p.line(&v.name)?;
            Ok(0)
        }
        VolumeCommand::Ls(a) => {
            let mut rows = Vec::new();
            for v in e.volumes()? {
                let links = e.inspect_volume(&v.name)?["UsageData"]["RefCount"].as_u64().unwrap_or(0);
                let keep = a.filter.iter().all(|f| {
                    let (k, val) = f.split_once('=').unwrap_or((f.as_str(), ""));
                    match k {
                        "name" => v.name.contains(val),
                        "driver" => v.driver == val,
                        "dangling" => (links == 0) == (val == "true" || val == "1"),
                        "label" => {
                            let (lk, lv) = val.split_once('=').unwrap_or((val, ""));
                            v.labels.get(lk).is_some_and(|x| lv.is_empty() || x == lv)
                        }
                        "anonymous" => v.anonymous == (val == "true" || val == "1"),
                        _ => false,
                    }
                });
                if keep {
                    rows.push(json!({
                        "Name": v.name, "Driver": v.driver, "Mountpoint": e.volume_mountpoint(&v),
                        "CreatedAt": timefmt::format_rfc3339(v.created), "Labels": v.labels, "Scope": "local",
                        "Options": v.options, "Anonymous": v.anonymous, "Links": links,
                    }));
                }
            }
            for f in &a.filter {
                let k = f.split_once('=').map(|x| x.0).unwrap_or(f);
                if !["name", "driver", "dangling", "label", "anonymous"].contains(&k) {
                    anyhow::bail!(
                        "invalid --filter {f:?}: use name=, label=KEY[=VALUE], dangling=true|false, driver=local"
                    );
                }
            }
            if a.quiet {
                for r in &rows {
                    p.line(r["Name"].as_str().unwrap_or(""))?;
                }
                return Ok(0);
            }
            match Format::parse(a.format.as_deref()) {
                Format::Json => p.json(&rows)?,
                Format::Template { text, header } => p.template(&text, header, &rows)?,
                Format::Table => {
                    let t: Vec<Vec<String>> = rows
                        .iter()
                        .map(|r| {
                            vec![r["Driver"].as_str().unwrap_or("").into(), r["Name"].as_str().unwrap_or("").into()]
                        })
                        .collect();
                    p.table(&["DRIVER", "VOLUME NAME"], &t)?;
                }
            }
            Ok(0)
        }
        VolumeCommand::Inspect(a) => {
            let mut out = Vec::new();
            for n in &a.names {
                out.push(e.inspect_volume(n)?);
            }
            super::print_inspect(p, a.format.as_deref(), &out)
        }
        VolumeCommand::Rm(a) => {
            for n in &a.names {
                e.remove_volume(n, a.force)?;
                p.line(n)?;
            }
            Ok(0)
        }
        VolumeCommand::Prune(_) => {
            let (gone, bytes) = e.prune_volumes()?;
            for g in &gone {
                p.line(g)?;
            }
            p.line(format!("Total reclaimed space: {}", human_size(bytes)))?;
            Ok(0)
        }
        VolumeCommand::Exists(a) => Ok(if e.volume(&a.name).is_ok() { 0 } else { 1 }),
    }
}

fn pct(part: u64, total: u64) -> String {
    format!("{} ({}%)", human_size(part), (part * 100).checked_div(total).unwrap_or(0))
}

pub fn df(e: &mut LocalEngine, p: &mut Printer, a: DfArgs) -> Result<i32> {
    print_df(e.disk_usage()?, p, a)
}

/// Prints disk usage (local, or from a remote engine's /system/df) as `system df` does.
pub fn print_df(u: crate::engine::local::df::DiskUsage, p: &mut Printer, a: DfArgs) -> Result<i32> {
    let json = Format::parse(a.format.as_deref()) == Format::Json;
    if json && a.verbose {
        p.json(&u)?;
        return Ok(0);
    }
    let active_images: Vec<&crate::engine::local::df::DfImage> = u.images.iter().filter(|i| i.containers > 0).collect();
    // Layers of images that containers use are not reclaimable.
    let image_total = u.layers_size;
    let active_size: u64 = {
        let mut seen = std::collections::HashSet::new();
        let mut sum = 0;
        for im in &active_images {
            if seen.insert(&im.id) {
                sum += im.size;
            }
        }
        sum.min(image_total)
    };
    let running = |c: &&crate::engine::local::df::DfContainer| crate::engine::local::df::running(&c.state);
    let c_total: u64 = u.containers.iter().map(|c| c.size_rw).sum();
    let c_active: u64 = u.containers.iter().filter(running).map(|c| c.size_rw).sum();
    let v_total: u64 = u.volumes.iter().map(|v| v.usage_data.size).sum();
    let v_active: u64 = u.volumes.iter().filter(|v| v.usage_data.ref_count > 0).map(|v| v.usage_data.size).sum();
    let summary = [
        ("Images", u.images.len(), active_images.len(), image_total, image_total - active_size),
        ("Containers", u.containers.len(), u.containers.iter().filter(running).count(), c_total, c_total - c_active),
        (
            "Local Volumes",
            u.volumes.len(),
            u.volumes.iter().filter(|v| v.usage_data.ref_count > 0).count(),
            v_total,
            v_total - v_active,
        ),
        {
            let size: u64 = u.build_cache.iter().map(|b| b["Size"].as_u64().unwrap_or(0)).sum();
            ("Build Cache", u.build_cache.len(), 0, size, size)
        },
    ];
    if json {
        let rows: Vec<Value> = summary
            .iter()
            .map(|(t, n, act, size, rec)| {
                json!({"Type": t, "TotalCount": n, "Active": act, "Size": human_size(*size), "Reclaimable": pct(*rec, *size),
                       "SizeBytes": size, "ReclaimableBytes": rec})
            })
            .collect();
        p.json(&rows)?;
        return Ok(0);
    }
    if !a.verbose {
        let t: Vec<Vec<String>> = summary
            .iter()
            .map(|(t, n, act, size, rec)| {
                vec![t.to_string(), n.to_string(), act.to_string(), human_size(*size), pct(*rec, *size)]
            })
            .collect();
        p.table(&["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"], &t)?;
        return Ok(0);
    }
    let now = crate::store::now();
    p.line("Images space usage:")?;
    p.line("")?;
    let mut t = Vec::new();
    for im in &u.images {
        for (r, tag) in super::image::repo_and_tag(&im.repo_tags) {
            t.push(vec![
                r,
                tag,
                crate::digest::hex(&im.id).chars().take(12).collect(),
                timefmt::ago(im.created, now),
                human_size(im.size),
                human_size(im.shared_size),
                human_size(im.unique_size),
                im.containers.to_string(),
            ]);
        }
    }
    p.table(&["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS"], &t)?;
    p.line("")?;
    p.line("Containers space usage:")?;
    p.line("")?;
    let t: Vec<Vec<String>> = u
        .containers
        .iter()
        .map(|c| {
            let mut cmd = c.command.clone();
            if cmd.chars().count() > 20 {
                cmd = format!("{}...", cmd.chars().take(17).collect::<String>());
            }
            vec![
                c.id[..12].to_string(),
                c.image.clone(),
                format!("\"{cmd}\""),
                c.local_volumes.to_string(),
                human_size(c.size_rw),
                timefmt::ago(c.created, now),
                c.state.clone(),
                c.names.join(","),
            ]
        })
        .collect();
    p.table(&["CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS", "NAMES"], &t)?;
    p.line("")?;
    p.line("Local Volumes space usage:")?;
    p.line("")?;
    let t: Vec<Vec<String>> = u
        .volumes
        .iter()
        .map(|v| vec![v.name.clone(), v.usage_data.ref_count.to_string(), human_size(v.usage_data.size)])
        .collect();
    p.table(&["VOLUME NAME", "LINKS", "SIZE"], &t)?;
    p.line("")?;
    p.line("Build cache usage: 0B")?;
    Ok(0)
}

/// `ctr system prune`: stopped containers, unused networks, then images (dangling, or all
/// unused with -a), then (with --volumes) unused volumes; prints what it reclaimed.
pub fn system_prune(e: &mut LocalEngine, p: &mut Printer, a: SystemPruneArgs) -> Result<i32> {
    let mut reclaimed = 0u64;
    let stopped: Vec<String> = e
        .containers()?
        .into_iter()
        .filter(|c| !crate::engine::local::df::running(c.state.as_str()))
        .map(|c| c.id)
        .collect();
    if !stopped.is_empty() {
        p.line("Deleted Containers")?;
        for id in &stopped {
            e.remove_container(id, false)?;
            p.line(id)?;
        }
    }
    // Networks no container is on, as docker's and podman's system prune do.
    let nets = e.prune_networks(&[])?;
    if !nets.is_empty() {
        p.line("Deleted Networks")?;
        for n in &nets {
            p.line(n)?;
        }
    }
    let r = e.prune_images(a.all)?;
    reclaimed += r.space_reclaimed;
    if !r.deleted.is_empty() {
        p.line("Deleted Images")?;
        for d in &r.deleted {
            p.line(d)?;
        }
    }
    if a.volumes {
        let (gone, bytes) = e.prune_volumes()?;
        reclaimed += bytes;
        if !gone.is_empty() {
            p.line("Deleted Volumes")?;
            for g in &gone {
                p.line(g)?;
            }
        }
    }
    p.line(format!("Total reclaimed space: {}", human_size(reclaimed)))?;
    Ok(0)
}

pub fn volume_prune(e: &mut LocalEngine, p: &mut Printer, a: ForceArgs) -> Result<i32> {
    volume(e, p, VolumeCommand::Prune(a))
}
