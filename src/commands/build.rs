//! `ctr build`.

use std::io::Read;

use anyhow::{Result, bail};

use crate::build::BuildOptions;
use crate::cli::BuildArgs;
use crate::engine::Engine;
use crate::engine::interface::BuildRequest;
use crate::output::Printer;
use crate::progress::CliProgress;

pub fn build(e: &mut dyn Engine, p: &mut Printer, a: BuildArgs) -> Result<i32> {
    let (context, dockerfile, name, path) = if a.context == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        (None, text, "Dockerfile (stdin)".to_string(), None)
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
        let (text, name) = match &file {
            None => {
                let mut t = String::new();
                std::io::stdin().read_to_string(&mut t)?;
                (t, "Dockerfile (stdin)".to_string())
            }
            Some(f) => (
                std::fs::read_to_string(f)
                    .map_err(|err| anyhow::anyhow!("cannot read the Dockerfile {}: {err}", f.display()))?,
                f.display().to_string(),
            ),
        };
        (Some(std::fs::canonicalize(&ctx)?), text, name, file)
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
        cancel: None,
        quiet: a.quiet,
    };
    let r = BuildRequest {
        options: o,
        dockerfile_path: path,
        pull_always: a.pull,
        session: super::registry::session_options(&a.registry)?,
        registry_creds: Default::default(),
    };
    let progress = CliProgress::new(a.quiet, "Copying");
    let id = e.image_build(&r, &progress, &mut std::io::stdout())?;
    p.line(id.strip_prefix("sha256:").unwrap_or(&id))?;
    Ok(0)
}
