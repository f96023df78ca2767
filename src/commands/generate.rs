//! `ctr quadlet` (and the systemd generators `ctr-user-generator`/`ctr-system-generator`,
//! which are this binary under another name).

use anyhow::{Context, Result};

use crate::cli::QuadletArgs;
use crate::generate::quadlet;
use crate::output::Printer;

/// `ctr generate quadlet C`: the `.container` file for an existing container.
pub fn container(
    e: &mut crate::engine::local::LocalEngine,
    p: &mut Printer,
    a: crate::cli::ContainerArg,
) -> Result<i32> {
    let rec = e.current(&a.container)?;
    let cfg = crate::engine::local::ContainerConfig::of(&rec);
    let image: serde_json::Value = serde_json::from_slice(&e.blobs.read(&rec.image_id)?)?;
    let text = quadlet::from_container(&quadlet::ContainerFacts {
        name: &rec.name,
        image: &rec.image_name,
        config: &cfg,
        image_config: &image["config"],
    });
    p.line(text.trim_end())?;
    Ok(0)
}

/// Converts every Quadlet file found; writes the units (or prints them with --dryrun).
/// A file that fails is reported as FILE:LINE and its unit is not written; the exit code
/// is then 1, the other units are still written.
pub fn quadlet(p: &mut Printer, a: QuadletArgs) -> Result<i32> {
    let ctr = std::fs::read_link("/proc/self/exe").context("finding the ctr binary (/proc/self/exe)")?;
    // Generated units run this binary by the name it is installed under.
    let ctr = ctr.display().to_string();
    let results = quadlet::convert_dirs(&quadlet::unit_dirs(a.user), &ctr);
    let mut failed = 0;
    let mut ok = Vec::new();
    for r in &results {
        match &r.result {
            Ok(g) => ok.push(g),
            Err(e) => {
                failed += 1;
                let at =
                    if e.line > 0 { format!("{}:{}", r.path.display(), e.line) } else { r.path.display().to_string() };
                crate::output::warn(&format!("quadlet: {at}: {}; its unit is not written", e.message));
            }
        }
    }
    if a.dryrun {
        for g in &ok {
            p.line(format!("---{}---", g.name))?;
            p.line(g.text.trim_end())?;
            for (kind, target) in &g.links {
                p.line(format!("# link: {target}.{kind}/{}", g.name))?;
            }
        }
    } else {
        let Some(out) = a.dirs.first() else {
            anyhow::bail!("give the directory to write the units to (systemd passes it to a generator), or --dryrun");
        };
        quadlet::write_units(out, &ok).with_context(|| format!("writing the units to {}", out.display()))?;
    }
    Ok(if failed > 0 { 1 } else { 0 })
}
