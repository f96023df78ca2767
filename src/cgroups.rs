//! Resource limits through a delegated cgroup v2 subtree.
//!
//! ctr finds the cgroup subtree this user may manage (systemd's `user@UID.service` with
//! Delegate=yes, or one delegated by hand: the topmost ancestor of our cgroup whose
//! `cgroup.procs` and `cgroup.subtree_control` we own), moves the processes of that node
//! into a leaf (`ctr-init`) so controllers can be enabled below it, and gives each
//! container `ctr/<id>` under it. Limits that can't be enforced are an error naming what is
//! missing; nothing is silently ignored.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const MOUNT: &str = "/sys/fs/cgroup";
const CGROUP2_SUPER_MAGIC: i64 = 0x6367_7270;

/// Limits as docker's flags (`--memory 100m`, `--cpus 0.5`, `--cpu-shares`) and the API's
/// HostConfig give them, in docker's units: the CLI and the REST service read theirs into
/// this, and `limits` checks and converts them in one place.
#[derive(Debug, Clone, Default)]
pub struct LimitRequest {
    pub memory: Option<String>,
    pub memory_reservation: Option<String>,
    /// `-1`: unlimited swap.
    pub memory_swap: Option<String>,
    pub cpus: Option<f64>,
    pub cpu_shares: Option<u64>,
    pub cpu_weight: Option<u64>,
    pub cpu_quota: Option<i64>,
    pub cpu_period: Option<u64>,
    pub cpuset_cpus: Option<String>,
    pub cpuset_mems: Option<String>,
    pub pids_limit: Option<i64>,
    pub blkio_weight: Option<u64>,
}

impl LimitRequest {
    /// The limits asked for, checked, in cgroup v2's units.
    pub fn limits(&self) -> Result<Limits, crate::engine::EngineError> {
        self.convert().map_err(crate::engine::EngineError::invalid)
    }

    fn convert(&self) -> Result<Limits, String> {
        let r = self;
        let size = |s: &Option<String>, flag: &str| -> Result<Option<i64>, String> {
            s.as_deref().map(|v| parse_size(v).map_err(|e| format!("--{flag}: {e}"))).transpose()
        };
        let mut l = Limits {
            memory: size(&r.memory, "memory")?,
            memory_reservation: size(&r.memory_reservation, "memory-reservation")?,
            memory_swap: match r.memory_swap.as_deref() {
                Some("-1") => Some(-1),
                _ => size(&r.memory_swap, "memory-swap")?,
            },
            cpu_quota: r.cpu_quota.filter(|q| *q > 0),
            cpu_period: r.cpu_period,
            cpu_weight: r.cpu_weight,
            cpuset_cpus: r.cpuset_cpus.clone(),
            cpuset_mems: r.cpuset_mems.clone(),
            pids: r.pids_limit,
            io_weight: r.blkio_weight.map(|w| 1 + (w.clamp(10, 1000) - 10) * 9999 / 990),
        };
        if let Some(m) = l.memory
            && m < 6 << 20
        {
            return Err(format!("--memory {}: the minimum is 6m", r.memory.as_deref().unwrap_or("")));
        }
        if let (Some(s), Some(m)) = (l.memory_swap, l.memory)
            && s != -1
            && s < m
        {
            return Err("--memory-swap must be at least --memory (or -1 for unlimited swap)".into());
        }
        if l.memory_swap.is_some() && l.memory.is_none() {
            return Err("--memory-swap needs --memory".into());
        }
        // The kernel's bounds of cpu.max (kernel/sched/core.c: a period of 1 ms to 1 s, a
        // quota of at least 1 ms), which dockerd checks at create too: past them the
        // container would only fail to start.
        if let Some(p) = l.cpu_period
            && !(1_000..=1_000_000).contains(&p)
        {
            return Err(format!("--cpu-period {p}: use 1000 to 1000000 (microseconds)"));
        }
        if let Some(q) = l.cpu_quota
            && q < 1_000
        {
            return Err(format!("--cpu-quota {q}: the minimum is 1000 (microseconds), or -1 for no limit"));
        }
        if let Some(c) = r.cpus {
            if c.is_nan() || c <= 0.0 || c > 1024.0 {
                return Err(format!("--cpus {c}: give a positive number of CPUs, e.g. 0.5"));
            }
            let period = l.cpu_period.unwrap_or(100_000);
            let quota = (c * period as f64) as i64;
            if quota < 1_000 {
                return Err(format!(
                    "--cpus {c}: too small, the least is {} (a quota of 1 ms per period of {} ms)",
                    1_000.0 / period as f64,
                    period / 1_000
                ));
            }
            l.cpu_quota = Some(quota);
            l.cpu_period = Some(period);
        }
        if let Some(s) = r.cpu_shares {
            if !(2..=262_144).contains(&s) {
                return Err(format!("--cpu-shares {s}: use 2 to 262144"));
            }
            l.cpu_weight = Some(1 + ((s - 2) * 9999) / 262_142);
        }
        if let Some(w) = l.cpu_weight
            && !(1..=10_000).contains(&w)
        {
            return Err(format!("--cpu-weight {w}: use 1 to 10000"));
        }
        if let Some(w) = r.blkio_weight
            && !(10..=1000).contains(&w)
        {
            return Err(format!("--blkio-weight {w}: use 10 to 1000"));
        }
        if l.cpu_period.is_some() && l.cpu_quota.is_none() {
            l.cpu_period = None;
        }
        Ok(l)
    }
}

/// The limits of a container, as asked (None: not set).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub memory: Option<i64>,
    pub memory_reservation: Option<i64>,
    /// memory + swap; -1 unlimited swap.
    pub memory_swap: Option<i64>,
    /// cpu.max quota and period, microseconds.
    pub cpu_quota: Option<i64>,
    pub cpu_period: Option<u64>,
    /// cpu.weight 1..10000.
    pub cpu_weight: Option<u64>,
    pub cpuset_cpus: Option<String>,
    pub cpuset_mems: Option<String>,
    pub pids: Option<i64>,
    /// io.weight 1..10000.
    pub io_weight: Option<u64>,
}

impl Limits {
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }

    /// The controllers these limits need.
    pub fn controllers(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.memory.is_some() || self.memory_reservation.is_some() || self.memory_swap.is_some() {
            v.push("memory");
        }
        if self.cpu_quota.is_some() || self.cpu_weight.is_some() {
            v.push("cpu");
        }
        if self.cpuset_cpus.is_some() || self.cpuset_mems.is_some() {
            v.push("cpuset");
        }
        if self.pids.is_some() {
            v.push("pids");
        }
        if self.io_weight.is_some() {
            v.push("io");
        }
        v
    }

    /// (file, value) pairs to write into the container's cgroup.
    pub fn files(&self) -> Vec<(&'static str, String)> {
        let mut v = Vec::new();
        if let Some(m) = self.memory {
            v.push(("memory.max", m.to_string()));
        }
        if let Some(r) = self.memory_reservation {
            v.push(("memory.low", r.to_string()));
        }
        match (self.memory_swap, self.memory) {
            (Some(-1), _) => v.push(("memory.swap.max", "max".into())),
            (Some(s), Some(m)) if s >= m => v.push(("memory.swap.max", (s - m).to_string())),
            // docker: --memory alone allows as much swap again; podman the same
            (None, Some(m)) => v.push(("memory.swap.max", m.to_string())),
            _ => {}
        }
        if let Some(q) = self.cpu_quota {
            v.push(("cpu.max", format!("{q} {}", self.cpu_period.unwrap_or(100_000))));
        }
        if let Some(w) = self.cpu_weight {
            v.push(("cpu.weight", w.to_string()));
        }
        if let Some(c) = &self.cpuset_cpus {
            v.push(("cpuset.cpus", c.clone()));
        }
        if let Some(m) = &self.cpuset_mems {
            v.push(("cpuset.mems", m.clone()));
        }
        if let Some(p) = self.pids {
            v.push(("pids.max", if p <= 0 { "max".into() } else { p.to_string() }));
        }
        if let Some(w) = self.io_weight {
            v.push(("io.weight", format!("default {w}")));
        }
        v
    }
}

/// What this host offers.
#[derive(Debug, Clone)]
pub enum Support {
    /// cgroup v2 with a subtree we manage, and the controllers delegated to it.
    V2 {
        base: PathBuf,
        controllers: Vec<String>,
    },
    Unavailable {
        why: String,
    },
}

fn uid() -> u32 {
    nix::unistd::geteuid().as_raw()
}

/// Is cgroup v2 mounted alone at /sys/fs/cgroup (not hybrid, not v1)?
pub fn version() -> &'static str {
    match nix::sys::statfs::statfs(MOUNT) {
        Ok(s) if s.filesystem_type().0 == CGROUP2_SUPER_MAGIC => "v2",
        Ok(_) if Path::new(MOUNT).join("unified/cgroup.controllers").exists() => "hybrid",
        Ok(_) => "v1",
        Err(_) => "none",
    }
}

/// Our own cgroup (v2 path) as a directory.
fn own_cgroup() -> Option<PathBuf> {
    let text = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    let rel = text.lines().find_map(|l| l.strip_prefix("0::"))?;
    Some(Path::new(MOUNT).join(rel.trim_start_matches('/')))
}

fn owned(p: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let me = uid();
    me == 0 || std::fs::metadata(p).is_ok_and(|m| m.uid() == me)
}

/// Finds the subtree we may manage.
pub fn detect() -> Support {
    match version() {
        "v2" => {}
        "hybrid" => {
            return Support::Unavailable {
                why: "this host runs cgroups in hybrid mode (memory, cpu and pids on cgroup v1; cgroup v2 at /sys/fs/cgroup/unified has no controllers), which an unprivileged user cannot manage; boot with systemd.unified_cgroup_hierarchy=1 for a pure cgroup v2 hierarchy".into(),
            };
        }
        v => {
            return Support::Unavailable {
                why: format!(
                    "cgroup v2 is not mounted at /sys/fs/cgroup (found {v}); rootless limits need the unified hierarchy (systemd.unified_cgroup_hierarchy=1)"
                ),
            };
        }
    }
    let Some(own) = own_cgroup() else {
        return Support::Unavailable { why: "cannot read /proc/self/cgroup".into() };
    };
    // The topmost ancestor (up to our own cgroup) whose procs and subtree_control we own.
    let mut base: Option<PathBuf> = None;
    let mut cur = Some(own.as_path());
    while let Some(d) = cur {
        if !d.starts_with(MOUNT) {
            break;
        }
        if owned(&d.join("cgroup.procs")) && owned(&d.join("cgroup.subtree_control")) {
            base = Some(d.to_path_buf());
            if uid() == 0 {
                break;
            }
        } else {
            break;
        }
        cur = d.parent();
    }
    let Some(base) = base else {
        return Support::Unavailable {
            why: format!(
                "the cgroup {} is not delegated to uid {}: run ctr in a systemd user session (user@{}.service has Delegate=yes; see `systemctl --user show -p DelegateControllers`), or `systemd-run --user --scope -p Delegate=yes ctr ...`, or chown a cgroup v2 subtree to this user",
                own.display(),
                uid(),
                uid()
            ),
        };
    };
    let controllers = std::fs::read_to_string(base.join("cgroup.controllers"))
        .unwrap_or_default()
        .split_whitespace()
        .map(String::from)
        .collect();
    Support::V2 { base, controllers }
}

/// Ok when `limits` can be enforced here; else the message naming what is missing.
pub fn check(limits: &Limits) -> Result<(), String> {
    if limits.is_empty() {
        return Ok(());
    }
    match detect() {
        Support::Unavailable { why } => Err(format!(
            "resource limits cannot be enforced: {why}; or run with --cgroups=disabled to run without them"
        )),
        Support::V2 { base, controllers } => {
            let missing: Vec<&str> =
                limits.controllers().into_iter().filter(|c| !controllers.iter().any(|x| x == c)).collect();
            if missing.is_empty() {
                return Ok(());
            }
            Err(format!(
                "{} controller{} not delegated to uid {} (the cgroup {} offers: {}): enable cgroup v2 delegation of {}, see `systemctl --user show -p DelegateControllers`; or run with --cgroups=disabled",
                missing.join(", "),
                if missing.len() == 1 { " is" } else { "s are" },
                uid(),
                base.display(),
                if controllers.is_empty() { "none".into() } else { controllers.join(" ") },
                missing.join(" ")
            ))
        }
    }
}

fn write(p: &Path, v: &str) -> std::io::Result<()> {
    std::fs::write(p, v).map_err(|e| std::io::Error::new(e.kind(), format!("write {v:?} to {}: {e}", p.display())))
}

/// Prepares `base` to have container cgroups below it: its own processes go to a leaf
/// (no processes in inner nodes), the controllers are enabled for `ctr/`.
fn prepare(base: &Path, controllers: &[String]) -> std::io::Result<PathBuf> {
    let enable = |dir: &Path| -> std::io::Result<()> {
        let want: Vec<String> = controllers
            .iter()
            .filter(|c| ["memory", "cpu", "cpuset", "pids", "io"].contains(&c.as_str()))
            .map(|c| format!("+{c}"))
            .collect();
        if want.is_empty() {
            return Ok(());
        }
        write(&dir.join("cgroup.subtree_control"), &want.join(" "))
    };
    let ctr = base.join("ctr");
    if ctr.join("cgroup.subtree_control").exists()
        && std::fs::read_to_string(ctr.join("cgroup.controllers")).is_ok_and(|c| !c.trim().is_empty())
    {
        return Ok(ctr);
    }
    if base != Path::new(MOUNT) {
        let procs = std::fs::read_to_string(base.join("cgroup.procs")).unwrap_or_default();
        if !procs.trim().is_empty() {
            let leaf = base.join("ctr-init");
            match std::fs::create_dir(&leaf) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(e),
                _ => {}
            }
            for pid in procs.split_whitespace() {
                // A process may be gone meanwhile; that's fine.
                let _ = std::fs::write(leaf.join("cgroup.procs"), pid);
            }
        }
    }
    enable(base)?;
    match std::fs::create_dir(&ctr) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(e),
        _ => {}
    }
    enable(&ctr)?;
    Ok(ctr)
}

/// Creates the container's cgroup with its limits; returns its path.
pub fn create(id: &str, limits: &Limits, split: bool) -> Result<PathBuf, String> {
    let Support::V2 { base, controllers } = detect() else {
        return Err("cgroup v2 delegation went away".into());
    };
    // --cgroups=split: below the cgroup we run in (a systemd unit's, with Delegate=yes),
    // so the unit accounts for the container and its limits (MemoryMax=) apply to it.
    let (base, controllers) = match split.then(own_cgroup).flatten() {
        Some(own) if owned(&own.join("cgroup.procs")) && owned(&own.join("cgroup.subtree_control")) => {
            let c = std::fs::read_to_string(own.join("cgroup.controllers")).unwrap_or_default();
            (own, c.split_whitespace().map(String::from).collect())
        }
        Some(own) => {
            return Err(format!(
                "--cgroups=split: the cgroup {} is not delegated to uid {} (give the unit Delegate=yes)",
                own.display(),
                uid()
            ));
        }
        None => (base, controllers),
    };
    let parent = prepare(&base, &controllers).map_err(|e| format!("preparing the cgroup {}: {e}", base.display()))?;
    let dir = parent.join(id);
    match std::fs::create_dir(&dir) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            return Err(format!("creating the cgroup {}: {e}", dir.display()));
        }
        _ => {}
    }
    apply(&dir, limits)?;
    Ok(dir)
}

/// Writes limits into a container's cgroup (create and `ctr update`).
pub fn apply(dir: &Path, limits: &Limits) -> Result<(), String> {
    for (f, v) in limits.files() {
        write(&dir.join(f), &v).map_err(|e| format!("setting {f}: {e}"))?;
    }
    Ok(())
}

pub fn enter(dir: &Path, pid: i32) -> Result<(), String> {
    write(&dir.join("cgroup.procs"), &pid.to_string()).map_err(|e| format!("moving the container into its cgroup: {e}"))
}

/// Did the OOM killer kill a process of this cgroup?
pub fn oom_killed(dir: &Path) -> bool {
    read_kv(&dir.join("memory.events")).get("oom_kill").is_some_and(|n| *n > 0)
}

/// Removes a container's cgroup (its processes are gone: retried briefly while the last
/// ones exit).
pub fn remove(dir: &Path) {
    for _ in 0..50 {
        if std::fs::remove_dir(dir).is_ok() || !dir.exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

pub fn read_kv(p: &Path) -> std::collections::HashMap<String, u64> {
    std::fs::read_to_string(p)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            Some((f.next()?.to_string(), f.next()?.parse().ok()?))
        })
        .collect()
}

pub fn read_u64(p: &Path) -> Option<u64> {
    std::fs::read_to_string(p).ok()?.trim().parse().ok()
}

/// Parses a docker size: 100m, 1g, 512k, 1024b, plain bytes.
pub fn parse_size(s: &str) -> Result<i64, String> {
    let t = s.trim().to_ascii_lowercase();
    let (num, mult) = match t.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => {
            let unit = &t[i..];
            let m: i64 = match unit {
                "b" => 1,
                "k" | "kb" | "kib" => 1 << 10,
                "m" | "mb" | "mib" => 1 << 20,
                "g" | "gb" | "gib" => 1 << 30,
                "t" | "tb" | "tib" => 1 << 40,
                _ => return Err(format!("invalid size {s:?}: use a number with b, k, m, g or t (e.g. 100m)")),
            };
            (&t[..i], m)
        }
        None => (t.as_str(), 1),
    };
    let n: f64 =
        num.parse().map_err(|_| format!("invalid size {s:?}: use a number with b, k, m, g or t (e.g. 100m)"))?;
    if n < 0.0 {
        return Err(format!("invalid size {s:?}: must not be negative"));
    }
    Ok((n * mult as f64) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100m").unwrap(), 100 << 20);
        assert_eq!(parse_size("1g").unwrap(), 1 << 30);
        assert_eq!(parse_size("512").unwrap(), 512);
        assert_eq!(parse_size("1.5k").unwrap(), 1536);
        assert!(parse_size("10x").is_err());
        assert!(parse_size("-1m").is_err());
        assert!(parse_size("m").is_err());
    }

    /// Found by fuzzing (fuzz/fuzz_targets/api_bodies.rs): `NanoCpus: 50` made a quota of
    /// 0, which no cgroup takes; periods and quotas out of the kernel's range got through too.
    #[test]
    fn cpu_max_within_the_kernels_bounds() {
        let req = |cpus: Option<f64>, quota: Option<i64>, period: Option<u64>| LimitRequest {
            cpus,
            cpu_quota: quota,
            cpu_period: period,
            ..Default::default()
        };
        let l = req(Some(0.01), None, None).limits().unwrap();
        assert_eq!((l.cpu_quota, l.cpu_period), (Some(1_000), Some(100_000)));
        let e = req(Some(5e-8), None, None).limits().unwrap_err().message;
        assert!(e.contains("--cpus") && e.contains("the least is 0.01"), "{e}");
        assert!(req(Some(0.5), None, Some(1_000)).limits().unwrap_err().message.contains("the least is 1"));
        assert!(req(None, Some(999), None).limits().unwrap_err().message.contains("--cpu-quota 999"));
        assert_eq!(req(None, Some(-1), None).limits().unwrap().cpu_quota, None);
        for p in [0, 999, 1_000_001, u64::MAX] {
            let e = req(None, Some(50_000), Some(p)).limits().unwrap_err().message;
            assert!(e.contains("--cpu-period"), "{p}: {e}");
        }
        assert_eq!(req(None, Some(50_000), Some(1_000_000)).limits().unwrap().cpu_period, Some(1_000_000));
    }

    #[test]
    fn files() {
        let l = Limits { memory: Some(100 << 20), cpu_quota: Some(50_000), pids: Some(10), ..Default::default() };
        let f = l.files();
        assert!(f.contains(&("memory.max", (100u64 << 20).to_string())));
        assert!(f.contains(&("memory.swap.max", (100u64 << 20).to_string())));
        assert!(f.contains(&("cpu.max", "50000 100000".into())));
        assert!(f.contains(&("pids.max", "10".into())));
        assert_eq!(l.controllers(), vec!["memory", "cpu", "pids"]);
        let l = Limits { memory: Some(100), memory_swap: Some(-1), ..Default::default() };
        assert!(l.files().contains(&("memory.swap.max", "max".into())));
        assert!(Limits::default().is_empty());
    }

    #[test]
    fn this_host_answers() {
        // Whatever the host, detect() gives a definite answer with a reason when unavailable.
        match detect() {
            Support::Unavailable { why } => assert!(!why.is_empty()),
            Support::V2 { base, .. } => assert!(base.starts_with(MOUNT)),
        }
    }
}
