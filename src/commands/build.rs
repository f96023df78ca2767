//! `ctr build` and `ctr history`.

use std::io::Read;

use anyhow::{Result, bail};
use serde_json::{Value, json};

use crate::build::{BuildOptions, Reporter};
use crate::cli::{BuildArgs, HistoryArgs, PullPolicy};
use crate::engine::local::LocalEngine;
use crate::output::{Format, Printer};

pub fn build(e: &mut LocalEngine, p: &mut Printer, a: BuildArgs) -> Result<i32> {
    let (context, dockerfile, name) = if a.context == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        (None, text, "Dockerfile (stdin)".to_string())
    } else {
        let ctx = std::path::PathBuf::from(&a.context);
        if !ctx.is_dir() {
            bail!(
                "build context {}: not a directory; give the directory the Dockerfile's COPY sources are in (or - for a Dockerfile on stdin)",
                ctx.display()
            );
        }
        let file = match &a.file {
            Some(f) if f.as_os_str() == "-" => None,
            Some(f) => Some(f.clone()),
            None => Some(if ctx.join("Dockerfile").exists() || !ctx.join("Containerfile").exists() {
                ctx.join("Dockerfile")
            } else {
                ctx.join("Containerfile")
            }),
        };
        let (text, name) = match file {
            None => {
                let mut t = String::new();
                std::io::stdin().read_to_string(&mut t)?;
                (t, "Dockerfile (stdin)".to_string())
            }
            Some(f) => (
                std::fs::read_to_string(&f)
                    .map_err(|err| anyhow::anyhow!("cannot read the Dockerfile {}: {err}", f.display()))?,
                f.display().to_string(),
            ),
        };
        (Some(std::fs::canonicalize(&ctx)?), text, name)
    };
    let mut build_args = Vec::new();
    for b in &a.build_arg {
        match b.split_once('=') {
            Some((k, v)) => build_args.push((k.to_string(), v.to_string())),
            None => {
                if let Ok(v) = std::env::var(b) {
                    build_args.push((b.clone(), v));
                }
            }
        }
    }
    let mut labels = Vec::new();
    for l in &a.label {
        let (k, v) = l.split_once('=').unwrap_or((l.as_str(), ""));
        labels.push((k.to_string(), v.to_string()));
    }
    let o = BuildOptions {
        context,
        dockerfile,
        dockerfile_name: name,
        tags: a.tag.clone(),
        build_args,
        target: a.target.clone(),
        no_cache: a.no_cache,
        labels,
        network: a.network.clone(),
        add_hosts: a.add_host.clone(),
        cache_from: a.cache_from.clone(),
        docker_style: false,
        quiet: a.quiet,
    };
    let policy = if a.pull { PullPolicy::Always } else { PullPolicy::Missing };
    let registry = a.registry;
    let quiet = a.quiet;
    let mut base = |e: &mut LocalEngine, image: &str, platform: Option<&str>| {
        super::registry::ensure_image(e, image, policy, platform, &registry, quiet)
            .and_then(|name| Ok(e.resolve_image(&name)?))
            .map_err(|err| crate::engine::EngineError::new(crate::engine::ErrorKind::NotFound, format!("{err:#}")))
    };
    let mut out = std::io::stdout();
    let mut rep = Reporter { quiet: a.quiet, out: &mut out };
    let id = crate::build::build(e, &o, &mut base, &mut rep)?;
    p.line(id.strip_prefix("sha256:").unwrap_or(&id))?;
    Ok(0)
}

pub fn history(e: &LocalEngine, p: &mut Printer, a: HistoryArgs) -> Result<i32> {
    let id = e.resolve_image(&a.image)?;
    let cfg: Value = serde_json::from_slice(&e.blobs.read(&id)?)?;
    let layers = e.store.layers_of(&id)?;
    let hist: Vec<Value> = cfg["history"].as_array().cloned().unwrap_or_default();
    let now = crate::store::now();
    // Layer entries take the image's layers in order; empty_layer ones have none.
    let mut li = 0;
    let mut rows: Vec<Value> = Vec::new();
    for h in &hist {
        let empty = h["empty_layer"].as_bool().unwrap_or(false);
        let size = if empty {
            0
        } else {
            li += 1;
            layers.get(li - 1).map(|l| l.size).unwrap_or(0)
        };
        let created = h["created"].as_str().and_then(crate::timefmt::parse_rfc3339).unwrap_or(0);
        rows.push(json!({
            "id": "<missing>",
            "created": created,
            "CreatedSince": crate::timefmt::ago(created, now),
            "CreatedBy": h["created_by"].as_str().unwrap_or(""),
            "size": size,
            "Size": crate::timefmt::human_size(size),
            "Comment": h["comment"].as_str().unwrap_or(""),
            "EmptyLayer": empty,
        }));
    }
    // Images without history: one row per layer.
    if rows.is_empty() {
        for l in &layers {
            rows.push(json!({"id": "<missing>", "created": 0, "CreatedSince": "", "CreatedBy": "", "size": l.size,
                "Size": crate::timefmt::human_size(l.size), "Comment": "", "EmptyLayer": false}));
        }
    }
    rows.reverse();
    if let Some(top) = rows.first_mut() {
        top["id"] = json!(id.strip_prefix("sha256:").unwrap_or(&id));
    }
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
