//! `ctr build`: a Dockerfile's stages run step by step; every step is an image in the
//! store (RUN: a container of the step's image run by the same runtime as `ctr run`, its
//! upper dir committed; COPY/ADD: a layer tar made from the context; the rest: config
//! only), and a step is taken from the cache when its key is known: the parent image,
//! the instruction after expansion (and for RUN the build args it sees), and for
//! COPY/ADD every file it copies: path, type, mode, owner, size, mtime and the sha256 of
//! its content (read again only when the file's stat, change time included, moved). The cache is the image store itself (table build_cache
//! maps keys to step images).

pub mod context;
pub mod dockerfile;

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use sha2::Digest as _;

use crate::engine::local::{CreateOptions, LocalEngine};
use crate::engine::{EngineError, ErrorKind};
use crate::monitor::proto;
use crate::storage::unpack::{Meter, Refusal, UnpackLimits};
use dockerfile::{CopyArgs, Form, Instruction, Kind, expand_word, expand_words};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The context directory (None: a Dockerfile from stdin, no context).
    pub context: Option<PathBuf>,
    pub dockerfile: String,
    /// For messages: the Dockerfile's path as given.
    pub dockerfile_name: String,
    pub tags: Vec<String>,
    pub build_args: Vec<(String, String)>,
    pub target: Option<String>,
    pub no_cache: bool,
    pub labels: Vec<(String, String)>,
    pub network: Option<String>,
    pub quiet: bool,
    /// `--add-host NAME:IP` of RUN steps (the API's `extrahosts`).
    pub add_hosts: Vec<String>,
    /// `--cache-from` (the API's `cachefrom`): images here whose steps serve as the cache
    /// when this store's own cache has none, matched as docker's classic builder does: the
    /// parent's history and layers a prefix of the image's, and its next step the same.
    pub cache_from: Vec<String>,
    /// The end as dockerd's classic builder says it ("Successfully built ID", then
    /// "Successfully tagged NAME:TAG" in docker's short form), for the API.
    pub docker_style: bool,
    /// Set when whoever asked for the build went away (the API's client): the build stops
    /// before its next step, or while a RUN step runs (its container removed).
    pub cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl BuildOptions {
    fn check_cancelled(&self) -> Result<(), EngineError> {
        match &self.cancel {
            Some(c) if c.load(std::sync::atomic::Ordering::Relaxed) => {
                Err(EngineError::new(ErrorKind::Conflict, "the build was cancelled: its client went away"))
            }
            _ => Ok(()),
        }
    }
}

/// Finds (pulling if need be) a FROM image; returns its id.
pub type BaseResolver<'a> = dyn FnMut(&mut LocalEngine, &str, Option<&str>) -> Result<String, EngineError> + 'a;

/// Where the build's progress goes (stdout unless -q).
pub struct Reporter<'a> {
    pub quiet: bool,
    pub out: &'a mut dyn Write,
}

impl Reporter<'_> {
    fn line(&mut self, s: &str) {
        if !self.quiet {
            let _ = writeln!(self.out, "{s}");
            let _ = self.out.flush();
        }
    }
    fn raw(&mut self, b: &[u8]) {
        if !self.quiet {
            let _ = self.out.write_all(b);
            let _ = self.out.flush();
        }
    }
}

fn short(id: &str) -> &str {
    let h = id.strip_prefix("sha256:").unwrap_or(id);
    &h[..12.min(h.len())]
}

fn sha(s: &str) -> String {
    sha2::Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn err_at(o: &BuildOptions, ins: &Instruction, msg: impl std::fmt::Display) -> EngineError {
    EngineError::invalid(format!("{}:{}: {}: {msg}", o.dockerfile_name, ins.line, ins.text))
}

/// The label of a RUN step's container: the pid of the `ctr build` running it. The
/// step's container is removed after the step; one whose build was killed is removed by
/// the next build.
const STEP_LABEL: &str = "io.ctr.build.step";

fn remove_stale_steps(e: &mut LocalEngine) {
    let Ok(list) = e.containers() else { return };
    for c in list {
        let cfg = crate::engine::local::ContainerConfig::of(&c);
        let Some(pid) = cfg.labels.get(STEP_LABEL).and_then(|p| p.parse::<i32>().ok()) else { continue };
        // SAFETY: kill with signal 0 only checks whether the process exists.
        let alive = pid > 0 && unsafe { libc::kill(pid, 0) } == 0;
        if !alive {
            let _ = e.remove_container(&c.id, true);
        }
    }
}

/// One stage's state while it builds.
struct State {
    /// The current step's image (None: scratch, nothing yet).
    image: Option<String>,
    cfg: Value,
    args: BTreeMap<String, String>,
    shell: Vec<String>,
    cmd_set: bool,
}

impl State {
    fn env(&self) -> Vec<(String, String)> {
        self.cfg["config"]["Env"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e.as_str()?.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
            .collect()
    }

    /// ENV wins over ARG of the same name, as in Docker.
    fn lookup(&self, name: &str) -> Option<String> {
        self.env().into_iter().find(|(k, _)| k == name).map(|(_, v)| v).or_else(|| self.args.get(name).cloned())
    }

    fn set_env(&mut self, k: &str, v: &str) {
        let mut env: Vec<Value> = self.cfg["config"]["Env"].as_array().cloned().unwrap_or_default();
        env.retain(|e| e.as_str().and_then(|e| e.split_once('=')).is_none_or(|(ek, _)| ek != k));
        env.push(json!(format!("{k}={v}")));
        self.cfg["config"]["Env"] = json!(env);
    }

    fn workdir(&self) -> String {
        self.cfg["config"]["WorkingDir"].as_str().filter(|w| !w.is_empty()).unwrap_or("/").to_string()
    }
}

fn scratch_config() -> Value {
    let p = crate::image::config::host_platform();
    json!({"architecture": p.architecture, "os": p.os, "config": {}, "rootfs": {"type": "layers", "diff_ids": []}, "history": []})
}

/// Which stages the target needs (itself, its FROM stage, COPY --from stages), by index.
fn needed(df: &dockerfile::Dockerfile, target: usize) -> Vec<bool> {
    let by_name = |n: &str| -> Option<usize> {
        let n = n.to_lowercase();
        df.stages.iter().position(|s| s.name.as_deref() == Some(n.as_str())).or_else(|| n.parse::<usize>().ok())
    };
    let mut need = vec![false; df.stages.len()];
    let mut todo = vec![target];
    while let Some(i) = todo.pop() {
        if i >= need.len() || need[i] {
            continue;
        }
        need[i] = true;
        let st = &df.stages[i];
        if let Kind::From { image, .. } = &st.from.kind
            && let Some(j) = by_name(image).filter(|j| *j < i)
        {
            todo.push(j);
        }
        for ins in &st.instructions {
            if let Kind::Copy(c) | Kind::Add(c) = &ins.kind
                && let Some(j) = c.from.as_deref().and_then(by_name).filter(|j| *j < i)
            {
                todo.push(j);
            }
        }
    }
    need
}

/// The ARGs before the first FROM, with the build's values: usable in FROM lines.
fn global_args(
    o: &BuildOptions,
    df: &dockerfile::Dockerfile,
    build_args: &HashMap<String, String>,
) -> Result<BTreeMap<String, String>, EngineError> {
    let mut global: BTreeMap<String, String> = BTreeMap::new();
    for ins in &df.global_args {
        if let Kind::Arg(list) = &ins.kind {
            for (k, d) in list {
                let lookup = |n: &str| global.get(n).cloned();
                let v = match build_args.get(k) {
                    Some(v) => Some(v.clone()),
                    None => d
                        .as_deref()
                        .map(|d| expand_word(d, &lookup, df.escape))
                        .transpose()
                        .map_err(|m| err_at(o, ins, m))?,
                };
                if let Some(v) = v {
                    global.insert(k.clone(), v);
                }
            }
        }
    }
    Ok(global)
}

/// The images the build's FROM lines name (ARGs expanded; earlier stages and `scratch`
/// left out): a remote build sends credentials for their registries.
pub fn base_images(o: &BuildOptions) -> Result<Vec<String>, EngineError> {
    let df = dockerfile::parse(&o.dockerfile, &o.dockerfile_name).map_err(|pe| EngineError::invalid(pe.to_string()))?;
    let build_args: HashMap<String, String> = o.build_args.iter().cloned().collect();
    let global = global_args(o, &df, &build_args)?;
    let lookup = |n: &str| global.get(n).cloned();
    let mut out = Vec::new();
    for (i, st) in df.stages.iter().enumerate() {
        let Kind::From { image, .. } = &st.from.kind else { continue };
        let image = expand_word(image, &lookup, df.escape).map_err(|m| err_at(o, &st.from, m))?;
        let stage = df.stages[..i].iter().any(|s| s.name.as_deref() == Some(image.to_lowercase().as_str()));
        if !stage && image != "scratch" && !out.contains(&image) {
            out.push(image);
        }
    }
    Ok(out)
}

/// Runs the build; returns the final image's id (tagged with `o.tags`).
pub fn build(
    e: &mut LocalEngine,
    o: &BuildOptions,
    base: &mut BaseResolver,
    rep: &mut Reporter,
) -> Result<String, EngineError> {
    for h in &o.add_hosts {
        crate::network::parse_add_host(h).map_err(EngineError::invalid)?;
    }
    let df = dockerfile::parse(&o.dockerfile, &o.dockerfile_name).map_err(|pe| EngineError::invalid(pe.to_string()))?;
    if df.stages.is_empty() {
        return Err(EngineError::invalid(format!("{}: no FROM instruction: nothing to build", o.dockerfile_name)));
    }
    let esc = df.escape;
    remove_stale_steps(e);
    for name in &o.cache_from {
        if e.resolve_image(name).is_err() {
            // dockerd skips them too (with a line in its log): the build goes on.
            rep.line(&format!("--> cache-from {name}: no such image here; skipped (pull it first)"));
        }
    }
    let build_args: HashMap<String, String> = o.build_args.iter().cloned().collect();
    let global = global_args(o, &df, &build_args)?;
    let target = match &o.target {
        Some(t) => {
            df.stages.iter().position(|s| s.name.as_deref() == Some(t.to_lowercase().as_str())).ok_or_else(|| {
                let names: Vec<&str> = df.stages.iter().filter_map(|s| s.name.as_deref()).collect();
                EngineError::invalid(format!("--target {t}: no stage of that name (stages: {})", names.join(", ")))
            })?
        }
        None => df.stages.len() - 1,
    };
    let need = needed(&df, target);
    let ignore = match &o.context {
        Some(c) => {
            context::Ignore::load(c).map_err(|err| EngineError::invalid(format!("reading .dockerignore: {err}")))?
        }
        None => context::Ignore::default(),
    };
    let stages_needed = need.iter().filter(|n| **n).count();
    let mut results: Vec<Option<String>> = vec![None; df.stages.len()];
    let mut stage_no = 0;
    for (si, stage) in df.stages.iter().enumerate() {
        if !need[si] {
            continue;
        }
        stage_no += 1;
        let total = stage.instructions.len() + 1;
        let prefix = if stages_needed > 1 { format!("[{stage_no}/{stages_needed}] ") } else { String::new() };
        rep.line(&format!("{prefix}STEP 1/{total}: {}", stage.from.text));
        let Kind::From { image, platform, .. } = &stage.from.kind else { unreachable!("a stage starts with FROM") };
        let glookup = |n: &str| global.get(n).cloned();
        let image = expand_word(image, &glookup, esc).map_err(|m| err_at(o, &stage.from, m))?;
        let platform = platform
            .as_deref()
            .map(|p| expand_word(p, &glookup, esc))
            .transpose()
            .map_err(|m| err_at(o, &stage.from, m))?;
        let prior = df.stages[..si].iter().position(|s| s.name.as_deref() == Some(image.to_lowercase().as_str()));
        let (img, cfg) = if let Some(j) = prior {
            let id = results[j].clone().expect("an earlier needed stage is built");
            let cfg = image_config(e, &id)?;
            (Some(id), cfg)
        } else if image == "scratch" {
            (None, scratch_config())
        } else {
            let id = base(e, &image, platform.as_deref()).map_err(|er| {
                EngineError::new(
                    er.kind,
                    format!("{}:{}: {}: {}", o.dockerfile_name, stage.from.line, stage.from.text, er.message),
                )
            })?;
            let cfg = image_config(e, &id)?;
            (Some(id), cfg)
        };
        let mut st = State {
            image: img,
            cfg,
            args: BTreeMap::new(),
            shell: vec!["/bin/sh".into(), "-c".into()],
            cmd_set: false,
        };
        if let Some(sh) = st.cfg["config"]["Shell"].as_array() {
            let sh: Vec<String> = sh.iter().filter_map(|v| v.as_str().map(String::from)).collect();
            if !sh.is_empty() {
                st.shell = sh;
            }
        }
        // Each stage gets the predefined global ARG values it redeclares.
        for (n, ins) in stage.instructions.iter().enumerate() {
            o.check_cancelled()?;
            rep.line(&format!("{prefix}STEP {}/{total}: {}", n + 2, ins.text));
            step(e, o, &df, &results, &ignore, &global, &build_args, &mut st, ins, base, rep)?;
        }
        // A stage that is only FROM still needs an image of its own only if it is scratch.
        let id = match st.image.clone() {
            Some(id) => id,
            None => e.derive_image(None, None, &st.cfg)?,
        };
        results[si] = Some(id);
    }
    let mut id = results[target].clone().expect("the target stage was built");
    if !o.labels.is_empty() {
        let mut cfg = image_config(e, &id)?;
        for (k, v) in &o.labels {
            cfg["config"]["Labels"][k] = json!(v);
        }
        id = e.derive_image(Some(&id), None, &cfg)?;
    }
    if !o.tags.is_empty() {
        rep.line(&format!("COMMIT {}", o.tags.join(", ")));
    }
    rep.line(&format!("--> {}", short(&id)));
    e.tag(&id, &o.tags)?;
    e.store.build_cache_put(&format!("result:{id}"), &id)?;
    if o.docker_style {
        rep.line(&format!("Successfully built {}", short(&id)));
    }
    for t in &o.tags {
        let r = crate::image::reference::Reference::parse(t)?;
        if o.docker_style {
            rep.line(&format!("Successfully tagged {}:{}", r.familiar_name(), r.tag.as_deref().unwrap_or("latest")));
        } else {
            rep.line(&format!("Successfully tagged {r}"));
        }
    }
    Ok(id)
}

fn image_config(e: &LocalEngine, id: &str) -> Result<Value, EngineError> {
    let b = e.blobs.read(id)?;
    serde_json::from_slice(&b)
        .map_err(|er| EngineError::new(ErrorKind::Internal, format!("image {id}: bad config: {er}")))
}

/// The history comment of a step: for COPY/ADD it carries the sha256 of what was copied
/// (paths, kinds, modes, owners, content; not times, as docker's COPY cache), so that
/// `--cache-from` can tell the step of another build's image from this one.
fn step_comment(layer: Option<&Layer>) -> String {
    match layer {
        Some(Layer::Copy(p)) => format!("ctr build; content {}", p.portable),
        _ => "ctr build".into(),
    }
}

fn history(st: &mut State, created_by: &str, comment: &str, empty: bool) {
    let mut h = json!({"created": crate::timefmt::format_rfc3339_nanos(crate::timefmt::now_ns()), "created_by": created_by, "comment": comment});
    if empty {
        h["empty_layer"] = json!(true);
    }
    match st.cfg.get_mut("history").and_then(Value::as_array_mut) {
        Some(a) => a.push(h),
        None => st.cfg["history"] = json!([h]),
    }
}

/// One instruction: from the cache, or run.
#[allow(clippy::too_many_arguments)]
fn step(
    e: &mut LocalEngine,
    o: &BuildOptions,
    df: &dockerfile::Dockerfile,
    results: &[Option<String>],
    ignore: &context::Ignore,
    global: &BTreeMap<String, String>,
    build_args: &HashMap<String, String>,
    st: &mut State,
    ins: &Instruction,
    base: &mut BaseResolver,
    rep: &mut Reporter,
) -> Result<(), EngineError> {
    let esc = df.escape;
    let ex = |st: &State, w: &str| -> Result<String, EngineError> {
        expand_word(w, &|n| st.lookup(n), esc).map_err(|m| err_at(o, ins, m))
    };
    let exs = |st: &State, w: &str| -> Result<Vec<String>, EngineError> {
        expand_words(w, &|n| st.lookup(n), esc).map_err(|m| err_at(o, ins, m))
    };
    let parent = st.image.clone().unwrap_or_else(|| "scratch".into());
    // What the step does, after expansion: part of its cache key and its history line.
    let mut created_by = ins.text.clone();
    let mut layer: Option<Layer> = None;
    match &ins.kind {
        Kind::From { .. } => return Err(err_at(o, ins, "FROM inside a stage")),
        Kind::Env(list) => {
            let mut parts = Vec::new();
            for (k, v) in list {
                let (k, v) = (ex(st, k)?, ex(st, v)?);
                parts.push(format!("{k}={v}"));
                st.set_env(&k, &v);
            }
            created_by = format!("ENV {}", parts.join(" "));
        }
        Kind::Arg(list) => {
            let mut parts = Vec::new();
            for (k, d) in list {
                let v = match build_args.get(k) {
                    Some(v) => Some(v.clone()),
                    None => match d {
                        Some(d) => Some(ex(st, d)?),
                        None => global.get(k).cloned(),
                    },
                };
                if let Some(v) = v {
                    parts.push(format!("{k}={v}"));
                    st.args.insert(k.clone(), v);
                } else {
                    parts.push(k.clone());
                }
            }
            created_by = format!("ARG {}", parts.join(" "));
        }
        Kind::Cmd(f) => {
            st.cfg["config"]["Cmd"] = json!(form_args(&st.shell, f));
            st.cmd_set = true;
        }
        Kind::Entrypoint(f) => {
            st.cfg["config"]["Entrypoint"] = json!(form_args(&st.shell, f));
            if !st.cmd_set {
                // Docker: an ENTRYPOINT resets a CMD inherited from the base image.
                st.cfg["config"]["Cmd"] = Value::Null;
            }
        }
        Kind::Workdir(w) => {
            let w = ex(st, w)?;
            let full = if w.starts_with('/') { w } else { format!("{}/{}", st.workdir().trim_end_matches('/'), w) };
            let clean = format!("/{}", context::inside(&full).unwrap_or_default().display());
            created_by = format!("WORKDIR {clean}");
            st.cfg["config"]["WorkingDir"] = json!(clean);
        }
        Kind::User(u) => {
            let u = ex(st, u)?;
            created_by = format!("USER {u}");
            st.cfg["config"]["User"] = json!(u);
        }
        Kind::Label(list) => {
            let mut parts = Vec::new();
            for (k, v) in list {
                let (k, v) = (ex(st, k)?, ex(st, v)?);
                parts.push(format!("{k}={v}"));
                if !st.cfg["config"]["Labels"].is_object() {
                    st.cfg["config"]["Labels"] = json!({});
                }
                st.cfg["config"]["Labels"][k] = json!(v);
            }
            created_by = format!("LABEL {}", parts.join(" "));
        }
        Kind::Maintainer(m) => {
            st.cfg["author"] = json!(m);
            if !st.cfg["config"]["Labels"].is_object() {
                st.cfg["config"]["Labels"] = json!({});
            }
            st.cfg["config"]["Labels"]["maintainer"] = json!(m);
        }
        Kind::Expose(ports) => {
            let mut all = Vec::new();
            for p in ports {
                all.extend(exs(st, p)?);
            }
            if !st.cfg["config"]["ExposedPorts"].is_object() {
                st.cfg["config"]["ExposedPorts"] = json!({});
            }
            for p in &all {
                let p = if p.contains('/') { p.to_lowercase() } else { format!("{p}/tcp") };
                let port = p.split('/').next().unwrap_or("");
                if port.split('-').any(|n| n.parse::<u16>().is_err()) {
                    return Err(err_at(o, ins, format!("invalid port {p:?}")));
                }
                st.cfg["config"]["ExposedPorts"][p] = json!({});
            }
            created_by = format!("EXPOSE {}", all.join(" "));
        }
        Kind::Volume(vols) => {
            if !st.cfg["config"]["Volumes"].is_object() {
                st.cfg["config"]["Volumes"] = json!({});
            }
            for v in vols {
                let v = ex(st, v)?;
                if v.is_empty() {
                    return Err(err_at(o, ins, "VOLUME needs a path"));
                }
                st.cfg["config"]["Volumes"][v] = json!({});
            }
        }
        Kind::Shell(sh) => {
            st.shell = sh.clone();
            st.cfg["config"]["Shell"] = json!(sh);
        }
        Kind::StopSignal(s) => {
            let s = ex(st, s)?;
            if crate::engine::local::containers::parse_signal(&s).is_none() {
                return Err(err_at(o, ins, format!("invalid signal {s:?}")));
            }
            st.cfg["config"]["StopSignal"] = json!(s);
        }
        Kind::Healthcheck(h) => {
            st.cfg["config"]["Healthcheck"] = healthcheck(h).map_err(|m| err_at(o, ins, m))?;
        }
        Kind::Onbuild(t) => {
            let mut ob: Vec<Value> = st.cfg["config"]["OnBuild"].as_array().cloned().unwrap_or_default();
            ob.push(json!(t));
            st.cfg["config"]["OnBuild"] = json!(ob);
        }
        Kind::Run { form, heredocs, network, mounts } => {
            if !mounts.is_empty() {
                return Err(err_at(o, ins, "RUN --mount is not supported by ctr build yet"));
            }
            let mut args = match form {
                Form::Exec(a) => a.clone(),
                // `RUN <<EOF` alone: the heredoc is the script (as Docker runs it).
                Form::Shell(s)
                    if heredocs.len() == 1 && s.trim().starts_with("<<") && !s.trim().contains(char::is_whitespace) =>
                {
                    let mut a = st.shell.clone();
                    a.push(heredocs[0].content.clone());
                    a
                }
                Form::Shell(s) => {
                    // Heredocs go to the shell as the shell's own heredocs.
                    let mut script = s.clone();
                    for h in heredocs {
                        script.push('\n');
                        script.push_str(&h.content);
                        if !h.content.ends_with('\n') {
                            script.push('\n');
                        }
                        script.push_str(&h.name);
                    }
                    let mut a = st.shell.clone();
                    a.push(script);
                    a
                }
            };
            if args.is_empty() {
                return Err(err_at(o, ins, "RUN needs a command"));
            }
            // Build args are in the command's environment (and key), not in the image.
            let env_args: Vec<String> = st
                .args
                .iter()
                .filter(|(k, _)| !st.env().iter().any(|(ek, _)| ek == *k))
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            created_by = if env_args.is_empty() {
                format!("RUN {}", args.join(" "))
            } else {
                format!("RUN |{} {} {}", env_args.len(), env_args.join(" "), args.join(" "))
            };
            args.shrink_to_fit();
            layer = Some(Layer::Run { args, env: env_args, network: network.clone().or_else(|| o.network.clone()) });
        }
        Kind::Copy(c) | Kind::Add(c) => {
            let add = matches!(ins.kind, Kind::Add(_));
            let plan = copy_plan(e, o, df, results, ignore, st, ins, c, add, base)?;
            created_by = format!("{} {}", if add { "ADD" } else { "COPY" }, plan.describe);
            layer = Some(Layer::Copy(Box::new(plan)));
        }
    }
    let content = match &layer {
        Some(Layer::Copy(p)) => p.key.clone(),
        _ => String::new(),
    };
    let key = sha(&format!(
        "{parent}\n{created_by}\n{content}\n{}",
        serde_json::to_string(&st.cfg["config"]).unwrap_or_default()
    ));
    let comment = step_comment(layer.as_ref());
    let hit = match o.no_cache {
        true => None,
        false => match e.store.build_cache_get(&key)? {
            Some(hit) => Some(hit),
            None => from_cache_sources(e, o, st, &created_by, &comment)?,
        },
    };
    if let Some(hit) = hit {
        rep.line(&format!("--> Using cache {}", hit.strip_prefix("sha256:").unwrap_or(&hit)));
        rep.line(&format!("--> {}", short(&hit)));
        e.store.build_cache_put(&key, &hit)?;
        st.cfg = image_config(e, &hit)?;
        st.image = Some(hit);
        return Ok(());
    }
    let made = match layer {
        None => None,
        Some(Layer::Run { args, env, network }) => Some(run_step(e, o, st, ins, args, env, network, rep)?),
        Some(Layer::Copy(plan)) => Some(write_copy_layer(e, &plan)?),
    };
    history(st, &created_by, &comment, made.is_none());
    if let Some((digest, _)) = &made {
        match st.cfg.pointer_mut("/rootfs/diff_ids").and_then(Value::as_array_mut) {
            Some(d) => d.push(json!(digest)),
            None => st.cfg["rootfs"] = json!({"type": "layers", "diff_ids": [digest]}),
        }
    }
    st.cfg["created"] = json!(crate::timefmt::format_rfc3339_nanos(crate::timefmt::now_ns()));
    let id = e.derive_image(st.image.as_deref(), made, &st.cfg)?;
    e.store.build_cache_put(&key, &id)?;
    rep.line(&format!("--> {}", short(&id)));
    st.image = Some(id);
    Ok(())
}

/// `--cache-from`: the step's image made from the first cache source whose history and
/// layers start with the parent's and whose next history entry is this step (the same
/// created_by and comment): its layer is reused, the config is this build's.
fn from_cache_sources(
    e: &mut LocalEngine,
    o: &BuildOptions,
    st: &State,
    created_by: &str,
    comment: &str,
) -> Result<Option<String>, EngineError> {
    let list = |v: &Value, ptr: &str| v.pointer(ptr).and_then(Value::as_array).cloned().unwrap_or_default();
    let (history, diff_ids) = (list(&st.cfg, "/history"), list(&st.cfg, "/rootfs/diff_ids"));
    let same = |a: &Value, b: &Value| {
        ["created_by", "comment", "empty_layer"].iter().all(|k| {
            let f = |v: &Value| (v[k].as_str().map(String::from), v[k].as_bool().unwrap_or(false));
            f(a) == f(b)
        })
    };
    for name in &o.cache_from {
        let Ok(source) = e.resolve_image(name) else { continue };
        let cfg = image_config(e, &source)?;
        let (s_history, s_diffs) = (list(&cfg, "/history"), list(&cfg, "/rootfs/diff_ids"));
        let Some(next) = s_history.get(history.len()) else { continue };
        let matches = s_diffs.starts_with(&diff_ids)
            && history.iter().zip(&s_history).all(|(a, b)| same(a, b))
            && next["created_by"].as_str() == Some(created_by)
            && next["comment"].as_str() == Some(comment);
        let empty = next["empty_layer"].as_bool().unwrap_or(false);
        if !matches || (!empty && s_diffs.len() <= diff_ids.len()) {
            continue;
        }
        let mut new = st.cfg.clone();
        let n_layers = diff_ids.len() + usize::from(!empty);
        new["history"] = json!(s_history[..=history.len()]);
        new["rootfs"] = json!({"type": "layers", "diff_ids": s_diffs[..n_layers]});
        new["created"] = json!(crate::timefmt::format_rfc3339_nanos(crate::timefmt::now_ns()));
        let mut layers = e.layer_blobs(&source)?;
        layers.truncate(n_layers);
        return Ok(Some(e.image_of_layers(layers, &new)?));
    }
    Ok(None)
}

enum Layer {
    Run { args: Vec<String>, env: Vec<String>, network: Option<String> },
    Copy(Box<CopyPlan>),
}

fn form_args(shell: &[String], f: &Form) -> Vec<String> {
    match f {
        Form::Exec(a) => a.clone(),
        Form::Shell(s) => {
            let mut a = shell.to_vec();
            a.push(s.clone());
            a
        }
    }
}

fn duration_ns(s: &str) -> Result<i64, String> {
    dockerfile::parse_duration(s).map(|d| d.as_nanos() as i64)
}

fn healthcheck(h: &dockerfile::Healthcheck) -> Result<Value, String> {
    if h.none {
        return Ok(json!({"Test": ["NONE"]}));
    }
    let test = match &h.test {
        Some(Form::Exec(a)) => {
            let mut t = vec!["CMD".to_string()];
            t.extend(a.iter().cloned());
            t
        }
        Some(Form::Shell(s)) => vec!["CMD-SHELL".to_string(), s.clone()],
        None => return Err("HEALTHCHECK needs CMD or NONE".into()),
    };
    let mut v = json!({"Test": test});
    for (k, val) in [
        ("Interval", &h.interval),
        ("Timeout", &h.timeout),
        ("StartPeriod", &h.start_period),
        ("StartInterval", &h.start_interval),
    ] {
        if let Some(d) = val {
            v[k] = json!(duration_ns(d)?);
        }
    }
    if let Some(r) = &h.retries {
        v["Retries"] = json!(r.parse::<i64>().map_err(|_| format!("invalid --retries {r:?}"))?);
    }
    Ok(v)
}

/// RUN: a container of the step's image runs the command; its upper dir is the layer.
#[allow(clippy::too_many_arguments)]
fn run_step(
    e: &mut LocalEngine,
    o: &BuildOptions,
    st: &State,
    ins: &Instruction,
    args: Vec<String>,
    env: Vec<String>,
    network: Option<String>,
    rep: &mut Reporter,
) -> Result<(String, u64), EngineError> {
    let image = match &st.image {
        Some(i) => i.clone(),
        None => {
            return Err(err_at(o, ins, "RUN in a stage FROM scratch that has no files yet: there is no shell to run"));
        }
    };
    let user = st.cfg["config"]["User"].as_str().filter(|u| !u.is_empty()).map(String::from);
    let copts = CreateOptions {
        image,
        command: args.clone(),
        entrypoint: Some(Vec::new()),
        env,
        workdir: Some(st.workdir()),
        user,
        network: network.into_iter().collect(),
        ip: None,
        network_aliases: Vec::new(),
        mac_address: None,
        endpoints: Vec::new(),
        labels: vec![format!("{STEP_LABEL}={}", std::process::id())],
        add_hosts: o.add_hosts.clone(),
        ..Default::default()
    };
    let rec = e.create_container(&copts).map_err(|er| {
        EngineError::new(er.kind, format!("{}:{}: {}: {}", o.dockerfile_name, ins.line, ins.text, er.message))
    })?;
    let result = (|| -> Result<(String, u64), EngineError> {
        let (_, mut sock) = e.start_container(&rec.id)?;
        let mut output = Vec::new();
        let code = loop {
            if o.cancel.is_some() {
                // A frame is read once one is there; until then the cancel flag is watched.
                while !readable(&sock, 250) {
                    o.check_cancelled()?;
                }
            }
            match proto::read_frame(&mut sock)? {
                Some((proto::STDOUT | proto::STDERR, d)) => {
                    rep.raw(&d);
                    if output.len() < 64 << 10 {
                        output.extend_from_slice(&d);
                    }
                }
                Some((proto::EXIT, c)) => break String::from_utf8_lossy(&c).parse::<i64>().unwrap_or(-1),
                Some((proto::ERROR, m)) => {
                    let t = String::from_utf8_lossy(&m).into_owned();
                    let msg = t.split_once('\n').map(|(_, m)| m.to_string()).unwrap_or(t);
                    return Err(err_at(o, ins, format!("the command could not start: {msg}")));
                }
                Some(_) => {}
                None => return Err(err_at(o, ins, "lost the connection to the step's container")),
            }
        };
        if code != 0 {
            let tail = String::from_utf8_lossy(&output);
            let tail = if rep.quiet && !tail.is_empty() { format!("; its output:\n{tail}") } else { String::new() };
            return Err(EngineError::new(
                ErrorKind::InvalidArgument,
                // dockerd's words first (clients match on them), then where it was.
                format!(
                    "The command '{}' returned a non-zero code: {code} ({}:{}: {}){tail}",
                    args.join(" "),
                    o.dockerfile_name,
                    ins.line,
                    ins.text,
                ),
            ));
        }
        e.container_layer(&rec.id)
    })();
    let _ = e.remove_container(&rec.id, true);
    result
}

/// Whether `fd` has something to read (or its end closed) within `ms` milliseconds.
fn readable(fd: &impl std::os::fd::AsRawFd, ms: i32) -> bool {
    let mut p = libc::pollfd { fd: fd.as_raw_fd(), events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd for the call.
    let n = unsafe { libc::poll(&mut p, 1, ms) };
    n != 0
}

/// One entry of a COPY/ADD layer.
struct Item {
    /// Path in the image, relative to its root.
    dst: String,
    kind: ItemKind,
    mode: u32,
    uid: u64,
    gid: u64,
    mtime: i64,
    /// For the cache key: a touch within the same second still counts.
    mtime_nsec: i64,
    /// (ctime, ctime nsec, inode): with size and mtime, when a recorded digest still holds
    /// (every write moves the change time; `touch -r` cannot set it back).
    change: (i64, i64, u64),
}

enum ItemKind {
    Dir,
    File {
        src: PathBuf,
        size: u64,
    },
    Symlink(PathBuf),
    /// From a tar stream (COPY --from, ADD of an archive): the data is in a temp file.
    Data {
        file: PathBuf,
        size: u64,
    },
}

struct CopyPlan {
    items: Vec<Item>,
    key: String,
    /// The key without times: what `--cache-from` compares (in the history comment).
    portable: String,
    describe: String,
    _tmp: Option<TempDir>,
}

struct TempDir(PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn parse_chown(s: &str) -> Result<(u64, u64), String> {
    let (u, g) = s.split_once(':').unwrap_or((s, s));
    let num = |x: &str| -> Result<u64, String> {
        match x {
            "root" => Ok(0),
            x => x.parse::<u64>().map_err(|_| format!("--chown={s}: give numeric ids (uid[:gid]) or root")),
        }
    };
    Ok((num(u)?, num(g)?))
}

/// Which files a COPY/ADD takes and where they go; its key is the metadata of all of
/// them (path, type, mode, size, mtime), so a changed or touched file re-runs the step.
#[allow(clippy::too_many_arguments)]
fn copy_plan(
    e: &mut LocalEngine,
    o: &BuildOptions,
    df: &dockerfile::Dockerfile,
    results: &[Option<String>],
    ignore: &context::Ignore,
    st: &State,
    ins: &Instruction,
    c: &CopyArgs,
    add: bool,
    base: &mut BaseResolver,
) -> Result<CopyPlan, EngineError> {
    let esc = df.escape;
    let ex = |w: &str| expand_word(w, &|n| st.lookup(n), esc).map_err(|m| err_at(o, ins, m));
    let chown =
        c.chown.as_deref().map(ex).transpose()?.map(|s| parse_chown(&s).map_err(|m| err_at(o, ins, m))).transpose()?;
    let chmod = match c.chmod.as_deref().map(ex).transpose()? {
        Some(m) => Some(
            u32::from_str_radix(&m, 8)
                .map_err(|_| err_at(o, ins, format!("--chmod={m}: give octal permissions like 755")))?,
        ),
        None => None,
    };
    let mut srcs = Vec::new();
    for s in &c.srcs {
        srcs.push(ex(s)?);
    }
    let dest_raw = ex(&c.dest)?;
    let dest_is_dir =
        dest_raw.ends_with('/') || dest_raw.ends_with("/.") || dest_raw == "." || srcs.len() + c.heredocs.len() > 1;
    let dest_abs = if dest_raw.starts_with('/') { dest_raw.clone() } else { format!("{}/{}", st.workdir(), dest_raw) };
    let dest = context::inside(&dest_abs).unwrap_or_default();
    let mut items: Vec<Item> = Vec::new();
    let owner = |uid: u64, gid: u64| chown.unwrap_or((uid, gid));
    let mut key = String::new();
    let mut portable = String::new();
    let mut tmp: Option<TempDir> = None;
    let mut describe = String::new();
    if let Some(f) = &c.chown {
        describe.push_str(&format!("--chown={f} "));
    }
    if let Some(m) = &c.chmod {
        describe.push_str(&format!("--chmod={m} "));
    }
    // Heredocs: COPY <<EOF /dest
    for h in &c.heredocs {
        let content = if h.expand {
            dockerfile::expand_heredoc(&h.content, &|n| st.lookup(n)).map_err(|m| err_at(o, ins, m))?
        } else {
            h.content.clone()
        };
        let dir = tmp.get_or_insert_with(|| new_tmp(e)).0.clone();
        let f = dir.join(format!("heredoc-{}", items.len()));
        std::fs::write(&f, &content)?;
        let dst = if dest_is_dir { dest.join(&h.name) } else { dest.clone() };
        key.push_str(&format!("heredoc {} {}\n", dst.display(), sha(&content)));
        portable.push_str(&format!("heredoc {} {}\n", dst.display(), sha(&content)));
        let (uid, gid) = owner(0, 0);
        items.push(Item {
            dst: dst.display().to_string(),
            kind: ItemKind::Data { file: f, size: content.len() as u64 },
            mode: chmod.unwrap_or(0o644),
            uid,
            gid,
            mtime: 0,
            mtime_nsec: 0,
            change: (0, 0, 0),
        });
    }
    if let Some(from) = &c.from {
        let from = ex(from)?;
        describe.push_str(&format!("--from={from} "));
        let stage = df
            .stages
            .iter()
            .position(|s| s.name.as_deref() == Some(from.to_lowercase().as_str()))
            .or_else(|| from.parse::<usize>().ok());
        let image = match stage {
            Some(j) => results
                .get(j)
                .cloned()
                .flatten()
                .ok_or_else(|| err_at(o, ins, format!("--from={from}: that stage is not built before this one")))?,
            None => base(e, &from, None).map_err(|er| err_at(o, ins, er.message))?,
        };
        let dir = tmp.get_or_insert_with(|| new_tmp(e)).0.clone();
        let wanted: Vec<PathBuf> = srcs.iter().map(|s| context::inside(s).unwrap_or_default()).collect();
        key.push_str(&format!("from {image} {srcs:?} {dest_raw}\n"));
        portable.push_str(&format!("from {image} {srcs:?} {dest_raw}\n"));
        let single_file_dest = !dest_is_dir;
        let mut found = vec![false; wanted.len()];
        e.image_tar(&image, |r| {
            let mut ar = tar::Archive::new(r);
            for ent in ar.entries()? {
                let mut ent = ent?;
                let p = PathBuf::from(
                    String::from_utf8_lossy(&ent.path_bytes()).trim_start_matches("./").trim_end_matches('/'),
                );
                for (wi, w) in wanted.iter().enumerate() {
                    let rel = if w.as_os_str().is_empty() {
                        Some(p.clone())
                    } else if &p == w {
                        Some(PathBuf::new())
                    } else {
                        p.strip_prefix(w).ok().map(Path::to_path_buf)
                    };
                    let Some(rel) = rel else { continue };
                    found[wi] = true;
                    let h = ent.header().clone();
                    let is_dir = h.entry_type().is_dir();
                    let dst = if rel.as_os_str().is_empty() {
                        if is_dir || single_file_dest {
                            dest.clone()
                        } else {
                            dest.join(w.file_name().unwrap_or_default())
                        }
                    } else {
                        dest.join(&rel)
                    };
                    let (uid, gid) = owner(0, 0);
                    let mode = chmod.unwrap_or(h.mode().unwrap_or(0o644) & 0o7777);
                    let mtime = h.mtime().unwrap_or(0) as i64;
                    let kind = match h.entry_type() {
                        t if t.is_dir() => ItemKind::Dir,
                        t if t.is_symlink() => {
                            ItemKind::Symlink(ent.link_name()?.map(|l| l.into_owned()).unwrap_or_default())
                        }
                        t if t.is_file() => {
                            let f = dir.join(format!("f{}", items.len()));
                            let mut out = std::fs::File::create(&f)?;
                            let size = std::io::copy(&mut ent, &mut out)?;
                            ItemKind::Data { file: f, size }
                        }
                        _ => continue,
                    };
                    items.push(Item {
                        dst: dst.display().to_string(),
                        kind,
                        mode,
                        uid,
                        gid,
                        mtime,
                        mtime_nsec: 0,
                        change: (0, 0, 0),
                    });
                    break;
                }
            }
            Ok(())
        })?;
        if let Some(i) = found.iter().position(|f| !f) {
            return Err(err_at(o, ins, format!("{}: not found in {from}", srcs[i])));
        }
    } else if !srcs.is_empty() {
        let Some(ctx) = &o.context else {
            return Err(err_at(o, ins, "no build context (the Dockerfile came from stdin): nothing to copy"));
        };
        let mut matched = Vec::new();
        for s in &srcs {
            if add && (s.starts_with("http://") || s.starts_with("https://") || s.starts_with("git@")) {
                return Err(err_at(
                    o,
                    ins,
                    format!(
                        "{s}: ADD from a URL is not supported by ctr build yet; download it in a RUN step or into the context"
                    ),
                ));
            }
            matched.extend(context::sources(ctx, ignore, s).map_err(|m| err_at(o, ins, m))?);
        }
        let dest_is_dir = dest_is_dir || matched.len() > 1;
        for rel in &matched {
            let abs = ctx.join(rel);
            let m = std::fs::symlink_metadata(&abs)?;
            if m.is_dir() {
                walk(ctx, ignore, rel, &dest, &mut items, chown, chmod)?;
            } else if add && m.is_file() && is_archive(&abs) {
                let dir = tmp.get_or_insert_with(|| new_tmp(e)).0.clone();
                let limits = e.unpack_limits()?;
                extract_archive(&abs, &dest, &dir, &mut items, chown, chmod, limits).map_err(|er| match er {
                    Extract::Refused(r) => err_at(
                        o,
                        ins,
                        format!("{}: the archive was refused and nothing of it was kept: {r}", rel.display()),
                    ),
                    Extract::Io(er) => er.into(),
                })?;
            } else {
                let dst = if dest_is_dir { dest.join(rel.file_name().unwrap_or_default()) } else { dest.clone() };
                items.push(item_of(&abs, dst, &m, chown, chmod)?);
            }
        }
        // Context dirs ctr makes itself (POST /build) are new each time: no hash cache.
        let remember = !ctx.starts_with(e.root.join("tmp"));
        for it in &items {
            let content = match &it.kind {
                ItemKind::File { src, .. } => content_sha(e, src, it, remember)?,
                _ => String::new(),
            };
            let what = format!("{} {} {:o} {} {}", it.dst, kind_tag(&it.kind), it.mode, it.uid, it.gid);
            key.push_str(&format!("{what} {}.{} {content}\n", it.mtime, it.mtime_nsec));
            portable.push_str(&format!("{what} {content}\n"));
        }
    }
    describe.push_str(&format!("{} {}", srcs.join(" "), dest_raw));
    // Parent directories the image lacks are made (root, 0755).
    let mut parents = Vec::new();
    let mut p = dest.clone();
    if !dest_is_dir {
        p.pop();
    }
    while !p.as_os_str().is_empty() {
        if !st.image.as_deref().is_some_and(|i| e.image_has_path(i, &p)) {
            parents.push(p.clone());
        }
        p.pop();
    }
    for d in parents.into_iter().rev() {
        items.insert(
            0,
            Item {
                dst: d.display().to_string(),
                kind: ItemKind::Dir,
                mode: 0o755,
                uid: 0,
                gid: 0,
                mtime: 0,
                mtime_nsec: 0,
                change: (0, 0, 0),
            },
        );
    }
    Ok(CopyPlan { items, key: sha(&key), portable: sha(&portable), describe, _tmp: tmp })
}

/// A context file's sha256, from the store's record while its stat (inode, size, mtime,
/// change time) is unchanged, else read and recorded.
fn content_sha(e: &LocalEngine, src: &Path, it: &Item, remember: bool) -> Result<String, EngineError> {
    let size = match &it.kind {
        ItemKind::File { size, .. } => *size,
        _ => 0,
    };
    let stat = format!("{} {size} {}.{} {}.{}", it.change.2, it.mtime, it.mtime_nsec, it.change.0, it.change.1);
    let path = src.display().to_string();
    if remember && let Some(h) = e.store.build_hash(&path, &stat)? {
        return Ok(h);
    }
    let mut f = std::fs::File::open(src)
        .map_err(|er| EngineError::invalid(format!("{}: cannot read it for COPY: {er}", src.display())))?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 256 << 10];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    if remember {
        e.store.set_build_hash(&path, &stat, &hex)?;
    }
    Ok(hex)
}

fn kind_tag(k: &ItemKind) -> String {
    match k {
        ItemKind::Dir => "d".into(),
        ItemKind::File { size, .. } | ItemKind::Data { size, .. } => format!("f{size}"),
        ItemKind::Symlink(t) => format!("l{}", t.display()),
    }
}

fn new_tmp(e: &LocalEngine) -> TempDir {
    let d = e.root.join("tmp").join(format!("build-{}-{}", std::process::id(), crate::timefmt::now_ns()));
    let _ = std::fs::create_dir_all(&d);
    TempDir(d)
}

fn item_of(
    abs: &Path,
    dst: PathBuf,
    m: &std::fs::Metadata,
    chown: Option<(u64, u64)>,
    chmod: Option<u32>,
) -> std::io::Result<Item> {
    let (uid, gid) = chown.unwrap_or((0, 0));
    let kind = if m.is_dir() {
        ItemKind::Dir
    } else if m.file_type().is_symlink() {
        ItemKind::Symlink(std::fs::read_link(abs)?)
    } else if m.is_file() {
        ItemKind::File { src: abs.to_path_buf(), size: m.len() }
    } else {
        return Err(std::io::Error::other(format!("{}: not a regular file, directory or symlink", abs.display())));
    };
    Ok(Item {
        dst: dst.display().to_string(),
        kind,
        mode: chmod.unwrap_or(m.mode() & 0o7777),
        uid,
        gid,
        mtime: m.mtime(),
        mtime_nsec: m.mtime_nsec(),
        change: (m.ctime(), m.ctime_nsec(), m.ino()),
    })
}

/// A context directory: its contents go below `dest` (the directory itself is `dest`).
fn walk(
    ctx: &Path,
    ignore: &context::Ignore,
    rel: &Path,
    dest: &Path,
    items: &mut Vec<Item>,
    chown: Option<(u64, u64)>,
    chmod: Option<u32>,
) -> std::io::Result<()> {
    let mut stack = vec![(rel.to_path_buf(), dest.to_path_buf())];
    while let Some((r, d)) = stack.pop() {
        let abs = ctx.join(&r);
        let m = std::fs::symlink_metadata(&abs)?;
        if !d.as_os_str().is_empty() {
            items.push(item_of(&abs, d.clone(), &m, chown, chmod)?);
        }
        if !m.is_dir() {
            continue;
        }
        let mut names: Vec<std::ffi::OsString> =
            std::fs::read_dir(&abs)?.filter_map(|x| x.ok().map(|x| x.file_name())).collect();
        names.sort();
        for n in names.into_iter().rev() {
            let child = r.join(&n);
            let s = child.to_string_lossy();
            let cm = std::fs::symlink_metadata(ctx.join(&child))?;
            if ignore.excluded(&s) && !(cm.is_dir() && ignore.may_reinclude(&s)) {
                continue;
            }
            stack.push((child, d.join(&n)));
        }
    }
    Ok(())
}

fn is_archive(p: &Path) -> bool {
    let mut head = [0u8; 512];
    let Ok(mut f) = std::fs::File::open(p) else { return false };
    let n = f.read(&mut head).unwrap_or(0);
    let h = &head[..n];
    h.starts_with(&[0x1f, 0x8b]) || h.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) || (n >= 262 && &h[257..262] == b"ustar")
}

/// Why an ADD of an archive failed.
enum Extract {
    /// It went past the unpack limits (a decompression bomb, or a full disk).
    Refused(Refusal),
    Io(std::io::Error),
}

impl From<std::io::Error> for Extract {
    fn from(e: std::io::Error) -> Extract {
        Extract::Io(e)
    }
}

/// ADD of a local tar: its entries below `dest`, owners kept unless --chown; unpacked
/// within the limits a layer is (the files go to `tmp`, which the caller removes).
#[allow(clippy::too_many_arguments)]
fn extract_archive(
    abs: &Path,
    dest: &Path,
    tmp: &Path,
    items: &mut Vec<Item>,
    chown: Option<(u64, u64)>,
    chmod: Option<u32>,
    limits: UnpackLimits,
) -> Result<(), Extract> {
    let f = std::fs::File::open(abs)?;
    let size = f.metadata()?.len();
    let (_, r) = crate::digest::auto_decompress(f)?;
    let fs = std::fs::File::open(tmp)?;
    let refusal = std::cell::Cell::new(None);
    let r = Meter::new(r, fs.into(), Some(size), limits, &refusal);
    let done = extract_entries(r, dest, tmp, items, chown, chmod);
    match refusal.take() {
        Some(r) => Err(Extract::Refused(r)),
        None => Ok(done?),
    }
}

fn extract_entries(
    r: impl Read,
    dest: &Path,
    tmp: &Path,
    items: &mut Vec<Item>,
    chown: Option<(u64, u64)>,
    chmod: Option<u32>,
) -> std::io::Result<()> {
    let mut ar = tar::Archive::new(r);
    for ent in ar.entries()? {
        let mut ent = ent?;
        let name = String::from_utf8_lossy(&ent.path_bytes()).into_owned();
        let Some(rel) = context::inside(&name) else { continue };
        let h = ent.header().clone();
        let (uid, gid) = chown.unwrap_or((h.uid().unwrap_or(0), h.gid().unwrap_or(0)));
        let mode = chmod.unwrap_or(h.mode().unwrap_or(0o644) & 0o7777);
        let kind = match h.entry_type() {
            t if t.is_dir() => ItemKind::Dir,
            t if t.is_symlink() => ItemKind::Symlink(ent.link_name()?.map(|l| l.into_owned()).unwrap_or_default()),
            t if t.is_file() => {
                let f = tmp.join(format!("a{}", items.len()));
                let size = std::io::copy(&mut ent, &mut std::fs::File::create(&f)?)?;
                ItemKind::Data { file: f, size }
            }
            _ => continue,
        };
        items.push(Item {
            dst: dest.join(rel).display().to_string(),
            kind,
            mode,
            uid,
            gid,
            mtime: h.mtime().unwrap_or(0) as i64,
            mtime_nsec: 0,
            change: (0, 0, 0),
        });
    }
    Ok(())
}

/// What the layer writer thread needs of an item.
struct Entry {
    dst: String,
    mode: u32,
    uid: u64,
    gid: u64,
    mtime: i64,
    file: Option<(PathBuf, u64)>,
    link: Option<PathBuf>,
    dir: bool,
}

/// The plan as an uncompressed layer blob: (digest, size).
fn write_copy_layer(e: &mut LocalEngine, plan: &CopyPlan) -> Result<(String, u64), EngineError> {
    let (mut r, w) = std::io::pipe()?;
    let items: Vec<Entry> = plan
        .items
        .iter()
        .map(|it| Entry {
            dst: it.dst.clone(),
            mode: it.mode,
            uid: it.uid,
            gid: it.gid,
            mtime: it.mtime,
            file: match &it.kind {
                ItemKind::File { src, size } | ItemKind::Data { file: src, size } => Some((src.clone(), *size)),
                _ => None,
            },
            link: match &it.kind {
                ItemKind::Symlink(t) => Some(t.clone()),
                _ => None,
            },
            dir: matches!(it.kind, ItemKind::Dir),
        })
        .collect();
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        let mut b = tar::Builder::new(w);
        for Entry { dst, mode, uid, gid, mtime, file, link, dir } in items {
            let mut h = tar::Header::new_gnu();
            h.set_mode(mode);
            h.set_uid(uid);
            h.set_gid(gid);
            h.set_mtime(mtime.max(0) as u64);
            if dir {
                h.set_entry_type(tar::EntryType::Directory);
                h.set_size(0);
                b.append_data(&mut h, format!("{dst}/"), std::io::empty())?;
            } else if let Some(t) = link {
                h.set_entry_type(tar::EntryType::Symlink);
                h.set_size(0);
                b.append_link(&mut h, &dst, &t)?;
            } else if let Some((f, size)) = file {
                h.set_entry_type(tar::EntryType::Regular);
                h.set_size(size);
                let src = std::fs::File::open(&f)?;
                b.append_data(&mut h, &dst, src.take(size))?;
            }
        }
        b.into_inner()?.flush()
    });
    let put = e.blobs.put(&mut r, None, "build layer");
    drop(r);
    let wrote = writer.join().map_err(|_| EngineError::new(ErrorKind::Internal, "the layer writer panicked"))?;
    wrote.map_err(|er| EngineError::new(ErrorKind::InvalidArgument, format!("reading the files to copy: {er}")))?;
    Ok(put?)
}
