//! `ctr volume ...` and `ctr system df|prune`.

use anyhow::Result;
use serde_json::{Value, json};

use crate::cli::{DfArgs, SystemPruneArgs, VolumeCommand};
use crate::engine::Engine;
use crate::engine::interface::{DfContainer, DfImage, DiskUsage, VolumeCreate, VolumeReport, running};
use crate::output::{Format, Printer};
use crate::timefmt::{self, human_size};

pub fn volume(e: &mut dyn Engine, p: &mut Printer, cmd: VolumeCommand) -> Result<i32> {
    match cmd {
        VolumeCommand::Create(a) => {
            if a.ignore
                && let Some(n) = &a.name
                && e.volume_exists(n)?
            {
                p.line(n)?;
                return Ok(0);
            }
            let name =
                e.volume_create(&VolumeCreate { name: a.name, driver: a.driver, labels: a.label, opts: a.opt })?;
            p.line(&name)?;
            Ok(0)
        }
        VolumeCommand::Ls(a) => {
            let vols = e.volume_list(&a.filter)?;
            if a.quiet {
                for v in &vols {
                    p.line(&v.name)?;
                }
                return Ok(0);
            }
            match Format::parse(a.format.as_deref()) {
                Format::Json => p.json(&vols.iter().map(list_view).collect::<Vec<_>>())?,
                Format::Template { text, header } => {
                    p.template(&text, header, &vols.iter().map(list_view).collect::<Vec<_>>())?
                }
                Format::Table => {
                    let t: Vec<Vec<String>> = vols.iter().map(|v| vec![v.driver.clone(), v.name.clone()]).collect();
                    p.table(&["DRIVER", "VOLUME NAME"], &t)?;
                }
            }
            Ok(0)
        }
        VolumeCommand::Inspect(a) => {
            let mut out = Vec::new();
            for n in &a.names {
                out.push(inspect_view(&e.volume_inspect(n)?));
            }
            super::print_inspect(p, a.format.as_deref(), &out)
        }
        VolumeCommand::Rm(a) => {
            for n in &a.names {
                e.volume_remove(n, a.force)?;
                p.line(n)?;
            }
            Ok(0)
        }
        VolumeCommand::Prune(_) => {
            let (gone, bytes) = e.volume_prune()?;
            for g in &gone {
                p.line(g)?;
            }
            p.line(format!("Total reclaimed space: {}", human_size(bytes)))?;
            Ok(0)
        }
        VolumeCommand::Exists(a) => Ok(if e.volume_exists(&a.name)? { 0 } else { 1 }),
    }
}

/// `volume inspect`'s document: podman's shape, the Docker API's keys with Anonymous and
/// UsageData.RefCount.
fn inspect_view(v: &VolumeReport) -> Value {
    json!({
        "Name": v.name, "Driver": v.driver, "Mountpoint": v.mountpoint, "CreatedAt": v.created_at,
        "Labels": v.labels, "Scope": v.scope, "Options": v.options, "Anonymous": v.anonymous,
        "UsageData": {"RefCount": v.ref_count},
    })
}

/// A `volume ls --format` row: the inspect keys, with Links for the RefCount.
fn list_view(v: &VolumeReport) -> Value {
    json!({
        "Name": v.name, "Driver": v.driver, "Mountpoint": v.mountpoint, "CreatedAt": v.created_at,
        "Labels": v.labels, "Scope": v.scope, "Options": v.options, "Anonymous": v.anonymous,
        "Links": v.ref_count,
    })
}

fn pct(part: u64, total: u64) -> String {
    format!("{} ({}%)", human_size(part), (part * 100).checked_div(total).unwrap_or(0))
}

pub fn df(e: &mut dyn Engine, p: &mut Printer, a: DfArgs) -> Result<i32> {
    let u: DiskUsage = e.system_df()?;
    let json = Format::parse(a.format.as_deref()) == Format::Json;
    if json && a.verbose {
        p.json(&u)?;
        return Ok(0);
    }
    let active_images: Vec<&DfImage> = u.images.iter().filter(|i| i.containers > 0).collect();
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
    let active = |c: &&DfContainer| running(&c.state);
    let c_total: u64 = u.containers.iter().map(|c| c.size_rw).sum();
    let c_active: u64 = u.containers.iter().filter(active).map(|c| c.size_rw).sum();
    let v_total: u64 = u.volumes.iter().map(|v| v.usage_data.size).sum();
    let v_active: u64 = u.volumes.iter().filter(|v| v.usage_data.ref_count > 0).map(|v| v.usage_data.size).sum();
    let summary = [
        ("Images", u.images.len(), active_images.len(), image_total, image_total - active_size),
        ("Containers", u.containers.len(), u.containers.iter().filter(active).count(), c_total, c_total - c_active),
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
pub fn system_prune(e: &mut dyn Engine, p: &mut Printer, a: SystemPruneArgs) -> Result<i32> {
    let r = e.system_prune(a.all, a.volumes)?;
    for (title, items) in [
        ("Deleted Containers", &r.containers),
        ("Deleted Networks", &r.networks),
        ("Deleted Images", &r.images),
        ("Deleted Volumes", &r.volumes),
    ] {
        if !items.is_empty() {
            p.line(title)?;
            for i in items {
                p.line(i)?;
            }
        }
    }
    p.line(format!("Total reclaimed space: {}", human_size(r.reclaimed)))?;
    Ok(0)
}
