//! Info, version, disk usage and prune over the Docker Engine API.

use serde_json::Value;

use super::{RemoteEngine, decode};
use crate::engine::EngineError;
use crate::engine::interface::{
    CgroupSupport, DiskUsage, EngineFacts, ServerVersion, SystemEngine, SystemInfo, SystemPruneReport,
};

/// `/info` as the engine's report. Where it overlaps `ctr info`'s host checks: the store
/// (DockerRootDir), rootless (a SecurityOptions word), the cgroup version, and the
/// controllers limits can use (its MemoryLimit, CpuCfsQuota, PidsLimit and CPUSet; it
/// says nothing of io, nor of the subtree or the helpers). The rest is its host's facts.
fn info(v: &Value) -> SystemInfo {
    let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
    let n = |k: &str| v[k].as_u64().unwrap_or(0);
    let (mut controllers, mut missing) = (Vec::new(), Vec::new());
    for (c, k) in [("memory", "MemoryLimit"), ("cpu", "CpuCfsQuota"), ("pids", "PidsLimit"), ("cpuset", "CPUSet")] {
        if v[k].as_bool() == Some(true) { &mut controllers } else { &mut missing }.push(c.to_string());
    }
    SystemInfo {
        engine_version: Some(s("ServerVersion")),
        store: s("DockerRootDir"),
        runtime_dir: None,
        rootless: v["SecurityOptions"].as_array().into_iter().flatten().any(|o| o == "name=rootless"),
        cgroup_version: match v["CgroupVersion"].as_str() {
            Some(x) if !x.is_empty() => format!("v{x}"),
            _ => String::new(),
        },
        cgroups: if controllers.is_empty() {
            CgroupSupport::Unavailable { why: None }
        } else {
            CgroupSupport::Limits { base: None, controllers, missing }
        },
        helpers: Vec::new(),
        default_network: None,
        storage_driver: v["Driver"].as_str().filter(|d| !d.is_empty()).map(|d| {
            let why = v["DriverStatus"]
                .as_array()
                .into_iter()
                .flatten()
                .find_map(|p| (p[0].as_str() == Some("Reason")).then(|| p[1].as_str().unwrap_or("").to_string()));
            match why {
                Some(w) => format!("{d} ({w})"),
                None => d.to_string(),
            }
        }),
        // dockerd's and ctr's service's word: `name=seccomp,profile=P`.
        seccomp_profile: v["SecurityOptions"].as_array().into_iter().flatten().filter_map(|o| o.as_str()).find_map(
            |o| {
                let rest = o.strip_prefix("name=seccomp")?;
                Some(rest.split(',').find_map(|kv| kv.strip_prefix("profile=")).unwrap_or("default").to_string())
            },
        ),
        engine: Some(EngineFacts {
            host_name: s("Name"),
            operating_system: s("OperatingSystem"),
            kernel: s("KernelVersion"),
            architecture: s("Architecture"),
            cpus: n("NCPU"),
            memory: n("MemTotal"),
            containers: n("Containers"),
            running: n("ContainersRunning"),
            paused: n("ContainersPaused"),
            stopped: n("ContainersStopped"),
            images: n("Images"),
        }),
    }
}

/// `/system/df` as the engine's report: dockerd's names start with a slash (ctr's have
/// none), and its counts are -1 where it did not compute them.
fn disk_usage(mut v: Value) -> Result<DiskUsage, EngineError> {
    fn no_negatives(v: &mut Value) {
        match v {
            Value::Number(n) if n.as_i64().is_some_and(|i| i < 0) => *v = Value::from(0),
            Value::Object(m) => m.values_mut().for_each(no_negatives),
            Value::Array(a) => a.iter_mut().for_each(no_negatives),
            _ => {}
        }
    }
    no_negatives(&mut v);
    let mut u: DiskUsage = decode("disk usage", v)?;
    for c in &mut u.containers {
        for n in &mut c.names {
            *n = n.trim_start_matches('/').to_string();
        }
    }
    Ok(u)
}

impl SystemEngine for RemoteEngine {
    fn system_info(&mut self) -> Result<SystemInfo, EngineError> {
        Ok(info(&self.client.json("GET", "/info", None)?))
    }

    fn system_version(&mut self) -> Result<Option<ServerVersion>, EngineError> {
        let v = self.client.json("GET", "/version", None)?;
        let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
        Ok(Some(ServerVersion {
            name: v["Platform"]["Name"].as_str().unwrap_or("").to_string(),
            version: s("Version"),
            api_version: s("ApiVersion"),
            os: s("Os"),
            arch: s("Arch"),
            kernel: s("KernelVersion"),
        }))
    }

    fn system_df(&mut self) -> Result<DiskUsage, EngineError> {
        disk_usage(self.client.json("GET", "/system/df", None)?)
    }

    fn system_prune(&mut self, all: bool, volumes: bool) -> Result<SystemPruneReport, EngineError> {
        let strings = |v: &Value| -> Vec<String> {
            v.as_array().into_iter().flatten().filter_map(|x| x.as_str()).map(String::from).collect()
        };
        // Containers' reclaimed bytes are left out, as the local engine does not measure them.
        let containers = strings(&self.client.json("POST", "/containers/prune", None)?["ContainersDeleted"]);
        let networks = strings(&self.client.json("POST", "/networks/prune", None)?["NetworksDeleted"]);
        let mut r = SystemPruneReport { containers, networks, ..Default::default() };
        // `dangling=false`: every image no container uses (docker's `image prune -a`).
        let q = if all { "?filters=%7B%22dangling%22%3A%5B%22false%22%5D%7D" } else { "" };
        let images = self.client.json("POST", &format!("/images/prune{q}"), None)?;
        r.images = images["ImagesDeleted"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d["Deleted"].as_str())
            .map(String::from)
            .collect();
        r.reclaimed += images["SpaceReclaimed"].as_u64().unwrap_or(0);
        if volumes {
            let v = self.client.json("POST", "/volumes/prune", None)?;
            r.volumes = strings(&v["VolumesDeleted"]);
            r.reclaimed += v["SpaceReclaimed"].as_u64().unwrap_or(0);
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn dockerds_info_as_the_engines_report() {
        let v = json!({"ServerVersion": "20.10.24+dfsg1", "DockerRootDir": "/var/lib/docker", "CgroupVersion": "1",
            "MemoryLimit": true, "CpuCfsQuota": true, "PidsLimit": true, "CPUSet": false,
            "SecurityOptions": ["name=seccomp,profile=default"], "Name": "vm", "NCPU": 2, "MemTotal": 1024,
            "Containers": 3, "ContainersRunning": 1, "ContainersPaused": 0, "ContainersStopped": 2, "Images": 4});
        let i = info(&v);
        assert_eq!((i.store.as_str(), i.rootless, i.cgroup_version.as_str()), ("/var/lib/docker", false, "v1"));
        assert_eq!(
            i.cgroups,
            CgroupSupport::Limits {
                base: None,
                controllers: vec!["memory".into(), "cpu".into(), "pids".into()],
                missing: vec!["cpuset".into()]
            }
        );
        assert!(i.helpers.is_empty() && i.runtime_dir.is_none() && i.default_network.is_none());
        assert_eq!(i.seccomp_profile.as_deref(), Some("default"));
        let e = i.engine.unwrap();
        assert_eq!((e.containers, e.running, e.stopped, e.images, e.cpus), (3, 1, 2, 4, 2));
        // ctr's service, rootless where nothing is delegated.
        let i = info(&json!({"SecurityOptions": ["name=rootless", "name=cgroupns"], "CgroupVersion": "2"}));
        assert!(i.rootless);
        assert_eq!(i.cgroups, CgroupSupport::Unavailable { why: None });
    }

    #[test]
    fn dockerds_disk_usage_as_the_engines_report() {
        let u = disk_usage(json!({"LayersSize": 10, "BuildCache": null, "BuilderSize": 0,
            "Images": [{"Id": "sha256:ab", "RepoTags": null, "Created": 5, "Size": 10, "SharedSize": -1, "Containers": -1}],
            "Containers": [{"Id": "c1", "Names": ["/web"], "Image": "busybox", "State": "running", "SizeRw": 3}],
            "Volumes": [{"Name": "v", "UsageData": {"Size": -1, "RefCount": 1}}]}))
        .unwrap();
        assert!(u.build_cache.is_empty());
        assert_eq!((u.images[0].shared_size, u.images[0].containers, u.images[0].repo_tags.len()), (0, 0, 0));
        assert_eq!(u.containers[0].names, ["web"]);
        assert_eq!((u.volumes[0].usage_data.size, u.volumes[0].usage_data.ref_count), (0, 1));
    }
}
