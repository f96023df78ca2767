//! `ctr kube generate|play|down` (src/kube/ plans; this carries the plans out on the
//! local engine: pods are this host's).

use std::io::Read;

use anyhow::{Context, Result};

use crate::cli::{KubeCommand, KubeDownArgs, KubePlayArgs, PullPolicy, RegistryArgs};
use crate::engine::ErrorKind;
use crate::engine::local::{LocalEngine, PodCreateOptions, VolumeCreate};
use crate::kube::play::{self, Doc, PodVolume};
use crate::output::Printer;

pub fn kube(e: &mut LocalEngine, p: &mut Printer, c: KubeCommand) -> Result<i32> {
    match c {
        KubeCommand::Generate(a) => {
            let o = crate::kube::generate::GenerateOptions { kind: a.kind, replicas: a.replicas, service: a.service };
            let yaml = crate::kube::generate::generate(e, &a.names, &o)?;
            match &a.filename {
                Some(f) => std::fs::write(f, yaml).with_context(|| format!("writing {}", f.display()))?,
                None => {
                    p.raw(yaml.as_bytes())?;
                }
            }
            Ok(0)
        }
        KubeCommand::Play(a) => play_file(e, p, a),
        KubeCommand::Down(a) => down(e, p, a),
    }
}

fn read_input(file: &str) -> Result<(String, String)> {
    if file == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).context("reading the YAML from stdin")?;
        return Ok((s, "stdin".into()));
    }
    let s = std::fs::read_to_string(file).with_context(|| format!("cannot read {file}"))?;
    Ok((s, file.to_string()))
}

fn warn_all(warnings: &[String]) {
    for w in warnings {
        crate::output::warn(w);
    }
}

/// Where a pod's configMap and secret volumes are written (`kube/POD/VOLUME`).
fn files_dir(e: &LocalEngine, pod: &str, volume: &str) -> std::path::PathBuf {
    e.root.join("kube").join(pod).join(volume)
}

fn play_file(e: &mut LocalEngine, p: &mut Printer, a: KubePlayArgs) -> Result<i32> {
    let (text, source) = read_input(&a.file)?;
    let mut warnings = Vec::new();
    let docs = play::parse(&text, &source, &mut warnings)?;
    let mut extra = Vec::new();
    for f in &a.configmap {
        let t = std::fs::read_to_string(f).with_context(|| format!("--configmap {}", f.display()))?;
        for d in play::parse(&t, &f.display().to_string(), &mut warnings)? {
            match d {
                Doc::ConfigMap(m) => extra.push(*m),
                _ => anyhow::bail!("--configmap {}: holds something other than ConfigMaps", f.display()),
            }
        }
    }
    let plans = play::plan(&docs, &extra, &mut warnings)?;
    warn_all(&warnings);
    if a.replace {
        for name in plans.iter().map(|p| p.name.clone()) {
            remove_pod(e, &name)?;
        }
    }
    // Everything is checked before anything is made: names free, images here or pulled.
    for plan in &plans {
        if e.pod(&plan.name).is_ok() {
            anyhow::bail!("pod {} exists already: use --replace, or `ctr kube down {}` first", plan.name, a.file);
        }
    }
    for d in &docs {
        if let Doc::Claim(c) = d {
            let name = c.metadata.name.clone().unwrap_or_default();
            ensure_volume(e, &name)?;
        }
    }
    for plan in plans {
        let mut images = Vec::new();
        for (o, pull) in &plan.containers {
            let policy = match pull.as_str() {
                "always" => PullPolicy::Always,
                "never" => PullPolicy::Never,
                _ => PullPolicy::Missing,
            };
            images.push(super::registry::ensure_image(e, &o.image, policy, None, &RegistryArgs::default(), a.quiet)?);
        }
        let pod = e.pod_create(&PodCreateOptions {
            name: Some(plan.name.clone()),
            labels: plan.labels.clone(),
            publish: plan.publish.clone(),
            network: a.network.clone(),
            hostname: plan.hostname.clone(),
            ..Default::default()
        })?;
        let made = (|| -> Result<Vec<String>> {
            for (vname, v) in &plan.volumes {
                match v {
                    PodVolume::Named { name, .. } => ensure_volume(e, name)?,
                    PodVolume::Host { path, create } if *create => {
                        std::fs::create_dir_all(path).with_context(|| format!("hostPath {path}"))?
                    }
                    PodVolume::Host { .. } => {}
                    PodVolume::Files { files } => {
                        let dir = files_dir(e, &plan.name, vname);
                        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
                        for (k, data) in files {
                            if k.contains('/') || k == ".." || k == "." {
                                anyhow::bail!("volume {vname}: key {k:?} is not a file name");
                            }
                            std::fs::write(dir.join(k), data)?;
                        }
                    }
                }
            }
            let mut ids = Vec::new();
            for ((o, _), image) in plan.containers.iter().zip(images) {
                let mut o = o.clone();
                o.image = image;
                o.pod = Some(pod.id.clone());
                for m in o.mounts.iter_mut() {
                    if let Some(rest) = m.strip_prefix("files=") {
                        let (vname, target) = rest.split_once(",target=").unwrap_or((rest, ""));
                        let dir = files_dir(e, &plan.name, vname);
                        *m = format!("type=bind,source={},target={target},readonly", dir.display());
                    }
                }
                ids.push(e.create_container(&o)?.id);
            }
            if a.start {
                e.pod_start(&pod.id)?;
            }
            Ok(ids)
        })();
        match made {
            Ok(ids) => {
                if a.quiet {
                    p.line(&pod.id)?;
                } else {
                    p.line("Pod:")?;
                    p.line(&pod.id)?;
                    p.line("Containers:")?;
                    for id in ids {
                        p.line(id)?;
                    }
                    p.line("")?;
                }
            }
            Err(err) => {
                let _ = remove_pod(e, &plan.name);
                return Err(err.context(format!("pod {}", plan.name)));
            }
        }
    }
    Ok(0)
}

fn ensure_volume(e: &mut LocalEngine, name: &str) -> Result<()> {
    if e.volume(name).is_ok() {
        return Ok(());
    }
    e.create_volume(&VolumeCreate { name: Some(name.to_string()), ..Default::default() })?;
    Ok(())
}

/// Removes a pod `kube play` made, with its emptyDir volumes and files; false if there was
/// none of that name.
fn remove_pod(e: &mut LocalEngine, name: &str) -> Result<bool> {
    let pod = match e.pod(name) {
        Ok(p) => p,
        Err(err) if err.kind == ErrorKind::NotFound => return Ok(false),
        Err(err) => return Err(err.into()),
    };
    e.pod_remove(&pod.id, true)?;
    // emptyDir volumes are POD-VOLUME, made for the pod.
    let temporary: Vec<String> =
        e.volumes()?.into_iter().map(|v| v.name).filter(|v| v.starts_with(&format!("{name}-"))).collect();
    for v in temporary {
        let _ = e.remove_volume(&v, false);
    }
    let dir = e.root.join("kube").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    Ok(true)
}

fn down(e: &mut LocalEngine, p: &mut Printer, a: KubeDownArgs) -> Result<i32> {
    let (text, source) = read_input(&a.file)?;
    let mut warnings = Vec::new();
    let docs = play::parse(&text, &source, &mut warnings)?;
    let mut removed = Vec::new();
    for name in play::pod_names(&docs) {
        if let Ok(pod) = e.pod(&name) {
            let id = pod.id.clone();
            if remove_pod(e, &name)? {
                removed.push(id);
            }
        }
    }
    if !removed.is_empty() {
        p.line("Pods removed:")?;
        for id in &removed {
            p.line(id)?;
        }
    }
    if a.force {
        let mut vols = Vec::new();
        for d in &docs {
            if let Doc::Claim(c) = d {
                let name = c.metadata.name.clone().unwrap_or_default();
                if e.volume(&name).is_ok() {
                    e.remove_volume(&name, false)?;
                    vols.push(name);
                }
            }
        }
        if !vols.is_empty() {
            p.line("Volumes removed:")?;
            for v in vols {
                p.line(v)?;
            }
        }
    }
    Ok(0)
}
