//! `ctr images`, `image inspect`, `rmi`, `image prune`, `history`, `load`, `save`,
//! `import`: written once against the engine interface, local or remote.

use std::io::IsTerminal;

use anyhow::{Result, bail};
use serde_json::{Value, json};

use crate::cli::{HistoryArgs, ImagesArgs, ImportArgs, InspectArgs, LoadArgs, PruneArgs, RmiArgs, SaveArgs};
use crate::engine::Engine;
use crate::engine::interface::ImportOptions;
use crate::image::archive::Input;
use crate::image::reference::Reference;
use crate::output::{Format, Printer, status, warn};
use crate::timefmt;

/// One (REPOSITORY, TAG) row per name of an image; `<none>` for an untagged one.
pub fn repo_and_tag(names: &[String]) -> Vec<(String, String)> {
    if names.is_empty() {
        return vec![("<none>".into(), "<none>".into())];
    }
    names
        .iter()
        .map(|t| match t.rsplit_once(':') {
            Some((n, tag)) if !tag.contains('/') => (n.to_string(), tag.to_string()),
            _ => (t.clone(), "<none>".into()),
        })
        .collect()
}

fn short_id(id: &str, no_trunc: bool) -> String {
    if no_trunc { id.to_string() } else { crate::digest::hex(id).chars().take(12).collect() }
}

pub fn list(e: &mut dyn Engine, p: &mut Printer, a: ImagesArgs) -> Result<i32> {
    let mut images = e.image_list(a.all)?;
    // `ctr images NAME[:TAG]` shows only the matching names (compared fully qualified:
    // dockerd lists familiar ones).
    if let Some(r) = &a.reference {
        let want = Reference::parse(r).ok();
        let matches = |t: &String| {
            let t = Reference::parse(t).map(|x| x.to_string()).unwrap_or_else(|_| t.clone());
            match &want {
                Some(w) if r.contains(':') || w.tag.as_deref() != Some("latest") => t == w.to_string(),
                Some(w) => t.rsplit_once(':').map(|(n, _)| n) == Some(w.name().as_str()),
                None => false,
            }
        };
        for im in &mut images {
            im.repo_tags.retain(matches);
        }
        images.retain(|im| !im.repo_tags.is_empty());
    }
    print_list(images, p, a)
}

/// Prints image rows as `ctr images` does.
fn print_list(images: Vec<crate::engine::ImageSummary>, p: &mut Printer, a: ImagesArgs) -> Result<i32> {
    let format = Format::parse(a.format.as_deref());
    if a.quiet {
        let mut seen = std::collections::HashSet::new();
        for im in &images {
            if seen.insert(&im.id) {
                p.line(short_id(&im.id, a.no_trunc))?;
            }
        }
        return Ok(0);
    }
    if format == Format::Json {
        p.json(&images)?;
        return Ok(0);
    }
    let now = crate::store::now();
    // One row per name, `<none>` for an untagged image.
    let mut rows = Vec::new();
    for im in &images {
        for (repo, tag) in repo_and_tag(&im.repo_tags) {
            rows.push(json!({
                "Repository": repo,
                "Tag": tag,
                "ID": short_id(&im.id, a.no_trunc),
                "Id": im.id,
                "Digest": im.digest,
                "Created": timefmt::ago(im.created, now),
                "CreatedAt": timefmt::format_rfc3339(im.created),
                "Size": timefmt::human_size(im.size),
            }));
        }
    }
    match format {
        Format::Template { text, header } => p.template(&text, header, &rows)?,
        _ => {
            let mut headers = vec!["REPOSITORY", "TAG"];
            if a.digests {
                headers.push("DIGEST");
            }
            headers.extend(["IMAGE ID", "CREATED", "SIZE"]);
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
                    let mut v = vec![s("Repository"), s("Tag")];
                    if a.digests {
                        v.push(s("Digest"));
                    }
                    v.extend([s("ID"), s("Created"), s("Size")]);
                    v
                })
                .collect();
            p.table(&headers, &table)?;
        }
    }
    Ok(0)
}

pub fn inspect(e: &mut dyn Engine, p: &mut Printer, a: InspectArgs) -> Result<i32> {
    let mut out = Vec::new();
    let mut failed = None;
    for name in &a.images {
        match e.image_inspect(name) {
            Ok(i) => out.push(i),
            Err(err) => {
                failed.get_or_insert(err);
            }
        }
    }
    match Format::parse(a.format.as_deref()) {
        Format::Template { text, header } => p.template(&text, header, &out)?,
        _ => p.json(&out)?,
    }
    if let Some(err) = failed {
        return Err(err.into());
    }
    Ok(0)
}

fn print_removed(p: &mut Printer, r: &crate::engine::RemoveReport) -> Result<()> {
    for t in &r.untagged {
        p.line(format!("Untagged: {t}"))?;
    }
    for d in &r.deleted {
        p.line(format!("Deleted: {d}"))?;
    }
    Ok(())
}

pub fn remove(e: &mut dyn Engine, p: &mut Printer, a: RmiArgs) -> Result<i32> {
    let names = if a.all {
        e.image_list(false)?.into_iter().map(|i| i.id).collect()
    } else if a.images.is_empty() {
        bail!("ctr rmi needs at least one image name or id (or --all)");
    } else {
        a.images
    };
    let r = e.image_remove(&names, a.force)?;
    print_removed(p, &r)?;
    Ok(0)
}

pub fn prune(e: &mut dyn Engine, p: &mut Printer, a: PruneArgs) -> Result<i32> {
    if !a.force && std::io::stdin().is_terminal() {
        let what = if a.all { "all images not used by a container" } else { "all dangling images" };
        status(&format!("WARNING! This command removes {what}.\nAre you sure you want to continue? [y/N] "));
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if !answer.trim().eq_ignore_ascii_case("y") {
            return Ok(0);
        }
    }
    let r = e.image_prune(a.all)?;
    print_removed(p, &r)?;
    p.line(format!("Total reclaimed space: {}", timefmt::human_size(r.space_reclaimed)))?;
    Ok(0)
}

pub fn load(e: &mut dyn Engine, p: &mut Printer, a: LoadArgs) -> Result<i32> {
    let input = match a.input {
        Some(path) => {
            if !path.exists() {
                bail!("cannot load {}: no such file or directory", path.display());
            }
            Input::Path(path)
        }
        None => {
            if std::io::stdin().is_terminal() {
                bail!("ctr load reads an archive from stdin, which is a terminal; use -i FILE or pipe one in");
            }
            Input::Stdin
        }
    };
    let loaded = e.image_load(input)?;
    let mut warned = std::collections::HashSet::new();
    for l in &loaded {
        for w in &l.warnings {
            if warned.insert(w.clone()) {
                warn(w);
            }
        }
        if l.names.is_empty() {
            p.line(if a.quiet { l.id.clone() } else { format!("Loaded image: {}", l.id) })?;
        }
        for n in &l.names {
            p.line(if a.quiet { n.clone() } else { format!("Loaded image: {n}") })?;
        }
    }
    Ok(0)
}

pub fn save(e: &mut dyn Engine, a: SaveArgs) -> Result<i32> {
    super::write_output(a.output.as_deref(), |w| Ok(e.image_save(&a.images, a.format, w)?))?;
    Ok(0)
}

pub fn import(e: &mut dyn Engine, p: &mut Printer, a: ImportArgs) -> Result<i32> {
    let input = if a.file == "-" {
        Input::Stdin
    } else {
        let path = std::path::PathBuf::from(&a.file);
        if !path.is_file() {
            bail!("cannot import {}: no such file; give a root filesystem tarball or - for stdin", a.file);
        }
        Input::Path(path)
    };
    let opts = ImportOptions { changes: a.change, message: a.message };
    let l = e.image_import(input, a.reference.as_deref(), &opts)?;
    for w in &l.warnings {
        warn(w);
    }
    p.line(&l.id)?;
    Ok(0)
}

/// `ctr history`: an image's steps, newest first.
pub fn history(e: &mut dyn Engine, p: &mut Printer, a: HistoryArgs) -> Result<i32> {
    let steps = e.image_history(&a.image)?;
    let now = crate::store::now();
    let rows: Vec<Value> = steps
        .iter()
        .map(|h| {
            json!({
                "id": h.id.strip_prefix("sha256:").unwrap_or(&h.id),
                "created": h.created,
                // (A step per layer of an image without history has no time.)
                "CreatedSince": if h.created == 0 { String::new() } else { timefmt::ago(h.created, now) },
                "CreatedBy": h.created_by,
                "size": h.size,
                "Size": timefmt::human_size(h.size),
                "Comment": h.comment,
                "EmptyLayer": h.empty_layer,
            })
        })
        .collect();
    let trunc = |s: &str, n: usize| -> String {
        if a.no_trunc || s.chars().count() <= n {
            s.to_string()
        } else {
            format!("{}...", s.chars().take(n - 3).collect::<String>())
        }
    };
    if a.quiet {
        for r in &rows {
            p.line(trunc(r["id"].as_str().unwrap_or(""), 12))?;
        }
        return Ok(0);
    }
    match Format::parse(a.format.as_deref()) {
        Format::Json => p.json(&rows)?,
        Format::Template { text, header } => p.template(&text, header, &rows)?,
        Format::Table => {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
                    vec![trunc(&s("id"), 12), s("CreatedSince"), trunc(&s("CreatedBy"), 45), s("Size"), s("Comment")]
                })
                .collect();
            p.table(&["ID", "CREATED", "CREATED BY", "SIZE", "COMMENT"], &table)?;
        }
    }
    Ok(0)
}
