//! `ctr pod create|ps|inspect|start|stop|restart|kill|rm|prune|top|stats|logs|exists`.
//! Pods are this host's (the Docker API has none): these verbs take the local engine.

use std::io::Write;
use std::time::Duration;

use anyhow::{Result, bail};
use serde_json::{Value, json};

use crate::cli::{PodCommand, PodCreateArgs, PodLogsArgs, PodPsArgs, PodsArgs};
use crate::engine::interface::{ContainerEngine, ContainerStdioEngine};
use crate::engine::local::{ContainerConfig, LocalEngine, LogOptions, PodConfig, PodCreateOptions};
use crate::output::{Format, Printer};
use crate::timefmt;

pub fn pod(e: &mut LocalEngine, p: &mut Printer, c: PodCommand) -> Result<i32> {
    match c {
        PodCommand::Create(a) => create(e, p, a),
        PodCommand::Ps(a) => ps(e, p, a),
        PodCommand::Inspect(a) => {
            let out = a.pods.iter().map(|k| e.pod_inspect(k)).collect::<Result<Vec<_>, _>>()?;
            super::print_inspect(p, a.format.as_deref(), &out)
        }
        PodCommand::Start(a) => each(e, p, &a, |e, k| e.pod_start(k).map(|r| r.id)),
        PodCommand::Stop(a) => {
            let t = a.time.map(Duration::from_secs);
            each(e, p, &a.pods, |e, k| e.pod_stop(k, t).map(|r| r.id))
        }
        PodCommand::Restart(a) => {
            let t = a.time.map(Duration::from_secs);
            each(e, p, &a.pods, |e, k| {
                e.pod_stop(k, t)?;
                e.pod_start(k).map(|r| r.id)
            })
        }
        PodCommand::Kill(a) => {
            let sig = crate::engine::local::containers::parse_signal(&a.signal)
                .ok_or_else(|| anyhow::anyhow!("invalid signal {:?}: use a name like TERM or a number", a.signal))?;
            each(e, p, &a.pods, |e, k| e.pod_kill(k, sig).map(|r| r.id))
        }
        PodCommand::Rm(a) => {
            let ignore = a.ignore;
            let force = a.force;
            each(e, p, &a.pods, |e, k| match e.pod_remove(k, force) {
                Err(err) if ignore && err.kind == crate::engine::ErrorKind::NotFound => Ok(String::new()),
                r => r.map(|r| r.id),
            })
        }
        PodCommand::Prune(_) => {
            for id in e.pod_prune()? {
                p.line(id)?;
            }
            Ok(0)
        }
        PodCommand::Exists(a) => Ok(match e.pod(&a.pod) {
            Ok(_) => 0,
            Err(err) if err.kind == crate::engine::ErrorKind::NotFound => 1,
            Err(err) => return Err(err.into()),
        }),
        PodCommand::Top(a) => top(e, p, &a.pod),
        PodCommand::Stats(a) => stats(e, p, a),
        PodCommand::Logs(a) => logs(e, a),
    }
}

fn create(e: &mut LocalEngine, p: &mut Printer, a: PodCreateArgs) -> Result<i32> {
    if a.replace
        && let Some(n) = &a.name
    {
        match e.pod_remove(n, true) {
            Ok(_) => {}
            Err(err) if err.kind == crate::engine::ErrorKind::NotFound => {}
            Err(err) => return Err(err.into()),
        }
    }
    let rec = e.pod_create(&PodCreateOptions {
        name: a.name,
        labels: a.label,
        share: a.share,
        infra: a.infra && !a.no_infra,
        publish: a.publish,
        network: a.network,
        hostname: a.hostname,
        add_hosts: a.add_host,
        dns: a.dns,
    })?;
    p.line(rec.id)?;
    Ok(0)
}

/// Runs `f` on each pod named (or every pod with --all), printing the ids; every pod is
/// tried, the first error is returned after.
fn each(
    e: &mut LocalEngine,
    p: &mut Printer,
    a: &PodsArgs,
    mut f: impl FnMut(&mut LocalEngine, &str) -> Result<String, crate::engine::EngineError>,
) -> Result<i32> {
    let keys: Vec<String> = if a.all { e.pods()?.into_iter().map(|r| r.id).collect() } else { a.pods.clone() };
    let mut first = None;
    for k in &keys {
        match f(e, k) {
            Ok(id) if id.is_empty() => {}
            Ok(id) => p.line(id)?,
            Err(err) => {
                p.flush()?;
                crate::output::status(&format!("Error: {}", err.message));
                first.get_or_insert(err);
            }
        }
    }
    match first {
        // Printed already: exit as a failed command does.
        Some(err) => Err(super::container::ExitWith(err.exit_code.unwrap_or(125)).into()),
        None => Ok(0),
    }
}

fn ps(e: &mut LocalEngine, p: &mut Printer, a: PodPsArgs) -> Result<i32> {
    let now = timefmt::now_ns() / 1_000_000_000;
    let mut rows = Vec::new();
    for pod in e.pods()? {
        let cfg = PodConfig::of(&pod);
        let status = e.pod_status(&pod)?;
        let mut members = Vec::new();
        if let Some(i) = &cfg.infra_id
            && let Ok(r) = e.current(i)
        {
            members.push(r);
        }
        members.extend(e.pod_members(&pod.id)?);
        let keep = a.filter.iter().all(|f| {
            let (k, v) = f.split_once('=').unwrap_or((f, ""));
            match k {
                "name" => pod.name.contains(v),
                "id" => pod.id.starts_with(v),
                "status" => status.eq_ignore_ascii_case(v),
                "label" => match v.split_once('=') {
                    Some((lk, lv)) => cfg.labels.get(lk).is_some_and(|x| x == lv),
                    None => cfg.labels.contains_key(v),
                },
                _ => true,
            }
        });
        if !keep {
            continue;
        }
        rows.push(json!({
            "Id": pod.id,
            "Name": pod.name,
            "Status": status,
            "Created": timefmt::format_rfc3339(pod.created / 1_000_000_000),
            "CreatedAgo": timefmt::ago(pod.created / 1_000_000_000, now),
            "InfraId": cfg.infra_id.clone().unwrap_or_default(),
            "NumberOfContainers": members.len(),
            "Labels": cfg.labels,
            "Networks": cfg.network,
            "Containers": members.iter().map(|c| json!({"Id": c.id, "Names": c.name, "Status": c.state.as_str()})).collect::<Vec<_>>(),
        }));
    }
    for f in &a.filter {
        let k = f.split_once('=').map(|(k, _)| k).unwrap_or(f);
        if !["name", "id", "status", "label"].contains(&k) {
            bail!("invalid filter {f:?}: use KEY=VALUE with name, id, status or label");
        }
    }
    let trunc = |s: &str| if a.no_trunc { s.to_string() } else { s.chars().take(12).collect() };
    if a.quiet {
        for r in &rows {
            p.line(trunc(r["Id"].as_str().unwrap_or("")))?;
        }
        return Ok(0);
    }
    match Format::parse(a.format.as_deref()) {
        Format::Json => p.json(&rows)?,
        Format::Template { text, header } => p.template(&text, header, &rows)?,
        Format::Table => {
            let s = |r: &Value, k: &str| r[k].as_str().unwrap_or("").to_string();
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let mut row = vec![
                        trunc(&s(r, "Id")),
                        s(r, "Name"),
                        s(r, "Status"),
                        s(r, "CreatedAgo"),
                        trunc(&s(r, "InfraId")),
                        r["NumberOfContainers"].to_string(),
                    ];
                    if a.ctr_names {
                        let names: Vec<&str> = r["Containers"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|c| c["Names"].as_str())
                            .collect();
                        row.push(names.join(","));
                    }
                    row
                })
                .collect();
            let mut head = vec!["POD ID", "NAME", "STATUS", "CREATED", "INFRA ID", "# OF CONTAINERS"];
            if a.ctr_names {
                head.push("NAMES");
            }
            p.table(&head, &table)?;
        }
    }
    Ok(0)
}

/// `pod top`: the processes of each running container of the pod, the infra's included
/// (as podman's does), in one table.
fn top(e: &mut LocalEngine, p: &mut Printer, key: &str) -> Result<i32> {
    let pod = e.pod(key)?;
    let mut all = Vec::new();
    if let Some(i) = PodConfig::of(&pod).infra_id {
        all.push(e.current(&i)?);
    }
    all.extend(e.pod_members(&pod.id)?);
    let running: Vec<_> = all.into_iter().filter(|c| c.state.is_active()).collect();
    if running.is_empty() {
        bail!("pod {} has no running containers: start it first (ctr pod start {})", pod.name, pod.name);
    }
    let mut titles = Vec::new();
    let mut rows = Vec::new();
    for c in running {
        let t = e.container_top(&c.id)?;
        titles = t.titles;
        rows.extend(t.rows);
    }
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    p.table(&titles, &rows)?;
    Ok(0)
}

fn stats(e: &mut LocalEngine, p: &mut Printer, a: crate::cli::PodStatsArgs) -> Result<i32> {
    let pods = if a.pods.all || a.pods.pods.is_empty() {
        e.pods()?
    } else {
        a.pods.pods.iter().map(|k| e.pod(k)).collect::<Result<Vec<_>, _>>()?
    };
    loop {
        let mut rows = Vec::new();
        for pod in &pods {
            let ids: Vec<String> =
                e.pod_members(&pod.id)?.into_iter().filter(|c| c.state.is_active()).map(|c| c.id).collect();
            if ids.is_empty() {
                continue;
            }
            for r in e.container_stats(&ids, false)? {
                let mut row = r.row();
                row["Pod"] = json!(pod.id);
                row["PodName"] = json!(pod.name);
                rows.push(row);
            }
        }
        match Format::parse(a.format.as_deref()) {
            Format::Json => p.json(&rows)?,
            Format::Template { text, header } => p.template(&text, header, &rows)?,
            Format::Table => {
                let t: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        let mut row = vec![r["Pod"].as_str().unwrap_or("").chars().take(12).collect()];
                        row.extend(super::container::stats_cells(r, false));
                        row
                    })
                    .collect();
                let mut head = vec!["POD", "CID"];
                head.extend_from_slice(super::container::STATS_HEADERS);
                p.table(&head, &t)?;
            }
        }
        p.flush()?;
        if a.no_stream {
            return Ok(0);
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// `pod logs`: each container's lines after its short id; with -f, the containers are
/// followed side by side (a thread and an engine each), lines whole.
fn logs(e: &mut LocalEngine, a: PodLogsArgs) -> Result<i32> {
    let pod = e.pod(&a.pod)?;
    let mut members = e.pod_members(&pod.id)?;
    if let Some(c) = &a.container {
        let want = e.container(c)?;
        if ContainerConfig::of(&want).pod.as_deref() != Some(pod.id.as_str()) {
            bail!("container {} is not in pod {}", want.name, pod.name);
        }
        members.retain(|m| m.id == want.id);
    }
    let tail = match a.tail.as_deref() {
        None | Some("all") | Some("-1") => None,
        Some(n) => Some(n.parse().map_err(|_| anyhow::anyhow!("invalid --tail {n:?}: use a number or all"))?),
    };
    let o = LogOptions { follow: a.follow, tail, timestamps: a.timestamps, since: None, until: None };
    let out = std::sync::Arc::new(std::sync::Mutex::new(()));
    let one = |e: &mut LocalEngine, id: &str| -> Result<(), crate::engine::EngineError> {
        let prefix = id[..12.min(id.len())].to_string();
        let mut pending: [Vec<u8>; 2] = [Vec::new(), Vec::new()];
        let r = e.container_logs(id, &o, &mut |stream, data| {
            let k = usize::from(stream == 2);
            pending[k].extend_from_slice(data);
            while let Some(n) = pending[k].iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = pending[k].drain(..=n).collect();
                let _g = out.lock();
                let mut w: Box<dyn Write> =
                    if k == 1 { Box::new(std::io::stderr().lock()) } else { Box::new(std::io::stdout().lock()) };
                w.write_all(format!("{prefix} ").as_bytes())?;
                w.write_all(&line)?;
                w.flush()?;
            }
            Ok(())
        });
        for (k, rest) in pending.iter().enumerate() {
            if !rest.is_empty() {
                let _g = out.lock();
                let mut w: Box<dyn Write> =
                    if k == 1 { Box::new(std::io::stderr().lock()) } else { Box::new(std::io::stdout().lock()) };
                let _ = w.write_all(format!("{prefix} ").as_bytes());
                let _ = w.write_all(rest);
                let _ = w.write_all(b"\n");
            }
        }
        r
    };
    if !a.follow || members.len() < 2 {
        for m in &members {
            one(e, &m.id)?;
        }
        return Ok(0);
    }
    let (root, runroot) = (e.root.clone(), e.runroot.clone());
    std::thread::scope(|s| {
        let handles: Vec<_> = members
            .iter()
            .map(|m| {
                let (root, runroot, one) = (&root, &runroot, &one);
                s.spawn(move || -> Result<(), crate::engine::EngineError> {
                    let mut e = LocalEngine::open(root, runroot)?;
                    one(&mut e, &m.id)
                })
            })
            .collect();
        for h in handles {
            h.join().map_err(|_| anyhow::anyhow!("a log reader failed"))??;
        }
        Ok(0)
    })
}
