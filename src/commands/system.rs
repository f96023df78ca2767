//! `ctr info`, `ctr system check` and `ctr version`.

use anyhow::Result;

use crate::engine::Engine;
use crate::engine::interface::{CgroupSupport, SystemInfo};
use crate::output::Printer;
use crate::timefmt::human_size;

/// `ctr info`: what the engine runs on and can do. The local engine's answer is this host's
/// checks (the same lines as `ctr system check`); a remote engine's is its `/info`, printed
/// in the same lines where they overlap (store, rootless, cgroups) and its own facts after
/// (containers, images, host): it cannot tell the helpers it runs, nor its runtime dir.
pub fn info(e: &mut dyn Engine, p: &mut Printer) -> Result<i32> {
    for l in info_lines(&e.system_info()?) {
        p.line(l)?;
    }
    Ok(0)
}

/// `ctr system check`: this host, with no store needed (always local: it is about the
/// machine ctr runs on, whichever engine -H names).
pub fn check(p: &mut Printer, root: &std::path::Path, runroot: &std::path::Path) -> Result<i32> {
    for l in info_lines(&crate::engine::local::system::host_info(root, runroot)) {
        p.line(l)?;
    }
    Ok(0)
}

/// `KEY:` padded to podman's info column (a longer key gets one space).
fn kv(key: &str, value: impl std::fmt::Display) -> String {
    format!("{:<21} {value}", format!("{key}:"))
}

fn info_lines(i: &SystemInfo) -> Vec<String> {
    let mut out = Vec::new();
    out.push(kv("ctr version", env!("CARGO_PKG_VERSION")));
    if let Some(v) = &i.engine_version {
        out.push(kv("engine version", v));
    }
    out.push(kv("store", &i.store));
    if let Some(r) = &i.runtime_dir {
        out.push(kv("runtime dir", r));
    }
    out.push(kv("rootless", i.rootless));
    out.push(kv("cgroup version", &i.cgroup_version));
    match &i.cgroups {
        CgroupSupport::Limits { base, controllers, missing } => {
            if let Some(b) = base {
                out.push(kv("cgroup delegation", b));
            }
            out.push(kv("delegated controllers", controllers.join(" ")));
            out.push(kv(
                "missing controllers",
                if missing.is_empty() { "none".to_string() } else { missing.join(" ") },
            ));
        }
        CgroupSupport::Unavailable { why } => {
            out.push(kv("cgroup delegation", "unavailable: resource limits are refused (runs without limits work)"));
            if let Some(why) = why {
                out.push(kv("why", why));
            }
        }
    }
    for h in &i.helpers {
        let found = h.path.clone().unwrap_or_else(|| format!("not found (Debian package {})", h.package));
        out.push(kv(&h.name, found));
    }
    if let Some(n) = &i.default_network {
        out.push(kv("default network", n));
    }
    if let Some(s) = &i.seccomp_profile {
        out.push(kv("seccomp profile", s));
    }
    if let Some(s) = &i.storage_driver {
        out.push(kv("storage driver", s));
    }
    if let Some(f) = &i.engine {
        out.push(kv(
            "containers",
            format!("{} ({} running, {} paused, {} stopped)", f.containers, f.running, f.paused, f.stopped),
        ));
        out.push(kv("images", f.images));
        out.push(kv("host", &f.host_name));
        out.push(kv("operating system", &f.operating_system));
        out.push(kv("kernel", &f.kernel));
        out.push(kv("architecture", &f.architecture));
        out.push(kv("cpus", f.cpus));
        out.push(kv("memory", human_size(f.memory)));
    }
    out
}

/// `ctr version`: this ctr's, and the engine's when it is a server of its own.
pub fn version(e: &mut dyn Engine, p: &mut Printer) -> Result<i32> {
    let kv = |k: &str, v: &str| format!("{:<13} {v}", format!("{k}:"));
    p.line(kv("Version", env!("CARGO_PKG_VERSION")))?;
    p.line(kv("OS/Arch", &format!("linux/{}", crate::image::config::host_platform().architecture)))?;
    if let Some(s) = e.system_version()? {
        // dockerd 20.10 names no product (`Platform.Name` is "").
        let name = if s.name.is_empty() { "Docker Engine" } else { s.name.as_str() };
        p.line(kv("Server", &format!("{name} {}", s.version)))?;
        p.line(kv("API version", &s.api_version))?;
        p.line(kv("Server arch", &format!("{}/{}", s.os, s.arch)))?;
        p.line(kv("Kernel", &s.kernel))?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::interface::{EngineFacts, HelperCheck};

    fn printed(i: &SystemInfo) -> String {
        info_lines(i).iter().map(|l| format!("{l}\n")).collect()
    }

    #[test]
    fn the_local_hosts_checks_in_their_columns() {
        let mut i = SystemInfo {
            store: "/s".into(),
            runtime_dir: Some("/r".into()),
            rootless: true,
            cgroup_version: "v2".into(),
            cgroups: CgroupSupport::Limits {
                base: Some("/sys/fs/cgroup/u".into()),
                controllers: vec!["memory".into(), "pids".into()],
                missing: vec![],
            },
            helpers: vec![
                HelperCheck { name: "pasta".into(), package: "passt".into(), path: None },
                HelperCheck {
                    name: "newuidmap".into(),
                    package: "uidmap".into(),
                    path: Some("/usr/bin/newuidmap".into()),
                },
            ],
            default_network: Some("pasta".into()),
            ..Default::default()
        };
        let v = env!("CARGO_PKG_VERSION");
        assert_eq!(
            printed(&i),
            format!(
                "ctr version:          {v}\nstore:                /s\nruntime dir:          /r\nrootless:             true\n\
                 cgroup version:       v2\ncgroup delegation:    /sys/fs/cgroup/u\ndelegated controllers: memory pids\n\
                 missing controllers:  none\npasta:                not found (Debian package passt)\n\
                 newuidmap:            /usr/bin/newuidmap\ndefault network:      pasta\n"
            )
        );
        i.cgroups = CgroupSupport::Unavailable { why: Some("hybrid".into()) };
        i.helpers.clear();
        assert!(printed(&i).contains(
            "cgroup delegation:    unavailable: resource limits are refused (runs without limits work)\nwhy:                  hybrid\n"
        ));
    }

    #[test]
    fn a_remote_engines_facts_after_the_shared_lines() {
        let i = SystemInfo {
            engine_version: Some("20.10.24".into()),
            store: "/var/lib/docker".into(),
            cgroup_version: "v1".into(),
            engine: Some(EngineFacts {
                containers: 3,
                running: 1,
                stopped: 2,
                images: 4,
                cpus: 2,
                ..Default::default()
            }),
            ..Default::default()
        };
        let out = printed(&i);
        assert!(
            out.contains(
                "engine version:       20.10.24\nstore:                /var/lib/docker\nrootless:             false\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("containers:           3 (1 running, 0 paused, 2 stopped)\nimages:               4\n"),
            "{out}"
        );
        assert!(!out.contains("runtime dir") && !out.contains("default network"), "{out}");
    }
}
