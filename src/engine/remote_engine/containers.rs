//! Containers over the Docker Engine API.

use std::time::Duration;

use serde_json::{Value, json};

use super::{RemoteEngine, limits_body, param, shape};
use crate::engine::interface::{
    Change, CommitOptions, ContainerEngine, ContainerFilters, ContainerSummary, StartFilters, StatsReport, TopReport,
};
use crate::engine::remote::enc;
use crate::engine::{EngineError, ErrorKind};

fn summary(r: &Value) -> ContainerSummary {
    let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
    ContainerSummary {
        id: s("Id"),
        name: r["Names"][0].as_str().unwrap_or("").trim_start_matches('/').to_string(),
        image: s("Image"),
        image_id: s("ImageID"),
        command: s("Command"),
        created: r["Created"].as_i64().unwrap_or(0),
        state: s("State"),
        status: s("Status"),
        ports: r["Ports"]
            .as_array()
            .into_iter()
            .flatten()
            // Exposed but unpublished ports have no public side: not a mapping.
            .filter(|m| m["PublicPort"].as_u64().is_some())
            .map(|m| crate::network::PortMapping {
                host_ip: m["IP"].as_str().unwrap_or("").to_string(),
                host_port: m["PublicPort"].as_u64().unwrap_or(0) as u16,
                container_port: m["PrivatePort"].as_u64().unwrap_or(0) as u16,
                protocol: m["Type"].as_str().unwrap_or("tcp").to_string(),
            })
            .collect(),
        labels: r["Labels"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect())
            .unwrap_or_default(),
        ..Default::default()
    }
}

/// A container's endpoints on user networks as the local engine shows them: the API
/// (1.41, dockerd 20.10 and ctr's service alike) lists the short id among the `Aliases` of
/// a started container and has no `DNSNames` (API 1.44's: the name, the short id, the
/// aliases, while the container is on the network). Other networks (the `--network`
/// modes, dockerd's bridge, host, none) have neither.
fn user_network_endpoints(v: &mut Value) {
    let id = v["Id"].as_str().unwrap_or("").to_string();
    let name = v["Name"].as_str().unwrap_or("").to_string();
    let short = &id[..12.min(id.len())];
    for (net, ep) in v["NetworkSettings"]["Networks"].as_object_mut().into_iter().flatten() {
        if crate::network::is_mode(net) || short.is_empty() {
            continue;
        }
        let aliases: Vec<String> = ep["Aliases"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|a| *a != short)
            .map(String::from)
            .collect();
        let on = ep["IPAddress"].as_str().is_some_and(|ip| !ip.is_empty());
        ep["DNSNames"] =
            if on { json!(crate::engine::local::containers::dns_names(&name, &id, &aliases)) } else { Value::Null };
        ep["Aliases"] = if aliases.is_empty() { Value::Null } else { json!(aliases) };
    }
}

impl ContainerEngine for RemoteEngine {
    /// The container list, and each candidate's inspect for its restart policy. The API
    /// does not say whether a user stopped a container: `restart-policy=unless-stopped`
    /// is refused rather than matched wrongly.
    fn container_startable(&mut self, f: &StartFilters) -> Result<Vec<String>, EngineError> {
        if f.restart_policy.iter().any(|p| p == "unless-stopped") {
            return Err(EngineError::new(
                ErrorKind::NotSupported,
                "start --all --filter restart-policy=unless-stopped is not available through a remote engine: the Docker API does not say whether a user stopped a container; name the containers instead",
            ));
        }
        let mut out = Vec::new();
        for c in self.container_list(&ContainerFilters { all: true, ..Default::default() })? {
            if matches!(c.state.as_str(), "running" | "paused" | "restarting" | "stopping" | "removing") {
                continue;
            }
            let policy = if f.restart_policy.is_empty() {
                String::new()
            } else {
                let v = self.container_inspect(&c.id)?;
                v["HostConfig"]["RestartPolicy"]["Name"].as_str().filter(|n| !n.is_empty()).unwrap_or("no").to_string()
            };
            if f.matches(&c.name, &c.labels, &c.state, &policy, false) {
                out.push(c.id);
            }
        }
        Ok(out)
    }

    fn container_list(&mut self, f: &ContainerFilters) -> Result<Vec<ContainerSummary>, EngineError> {
        let mut filters = serde_json::Map::new();
        for (k, v) in
            [("status", &f.status), ("name", &f.name), ("id", &f.id), ("ancestor", &f.ancestor), ("label", &f.label)]
        {
            if !v.is_empty() {
                filters.insert(k.into(), json!(v));
            }
        }
        let mut path = format!("/containers/json?all={}", f.all as u8);
        if !filters.is_empty() {
            path.push_str(&format!("&filters={}", enc(&Value::Object(filters).to_string())));
        }
        let list = self.client.json("GET", &path, None)?;
        let list = list.as_array().ok_or_else(|| shape("container list", "not an array"))?;
        Ok(list.iter().map(summary).collect())
    }

    fn container_inspect(&mut self, key: &str) -> Result<Value, EngineError> {
        let mut v = self.client.json("GET", &format!("/containers/{}/json", enc(key)), None)?;
        // dockerd's names start with a slash; ctr's own output has none.
        if let Some(n) = v["Name"].as_str() {
            v["Name"] = json!(n.trim_start_matches('/'));
        }
        user_network_endpoints(&mut v);
        Ok(v)
    }

    fn container_stop(&mut self, key: &str, timeout: Option<Duration>) -> Result<(), EngineError> {
        let t = timeout.map(|t| format!("?t={}", t.as_secs())).unwrap_or_default();
        self.post(&format!("/containers/{}/stop{t}", enc(key)))
    }

    fn container_restart(&mut self, key: &str, timeout: Option<Duration>) -> Result<(), EngineError> {
        let t = timeout.map(|t| format!("?t={}", t.as_secs())).unwrap_or_default();
        self.post(&format!("/containers/{}/restart{t}", enc(key)))
    }

    fn container_kill(&mut self, key: &str, signal: &str) -> Result<(), EngineError> {
        self.post(&format!("/containers/{}/kill?signal={}", enc(key), enc(signal)))
    }

    fn container_remove(&mut self, key: &str, force: bool, volumes: bool) -> Result<(), EngineError> {
        let mut r = self.client.call(
            "DELETE",
            &format!("/containers/{}?force={}&v={}", enc(key), force as u8, volumes as u8),
            None,
        )?;
        std::io::copy(&mut r.body, &mut std::io::sink())?;
        Ok(())
    }

    fn container_prune(&mut self) -> Result<(Vec<String>, u64), EngineError> {
        let v = self.client.json("POST", "/containers/prune", None)?;
        let ids = v["ContainersDeleted"].as_array().into_iter().flatten().filter_map(Value::as_str);
        Ok((ids.map(String::from).collect(), v["SpaceReclaimed"].as_u64().unwrap_or(0)))
    }

    fn container_pause(&mut self, key: &str) -> Result<(), EngineError> {
        self.post(&format!("/containers/{}/pause", enc(key)))
    }

    fn container_unpause(&mut self, key: &str) -> Result<(), EngineError> {
        self.post(&format!("/containers/{}/unpause", enc(key)))
    }

    fn container_rename(&mut self, key: &str, name: &str) -> Result<(), EngineError> {
        self.post(&format!("/containers/{}/rename?name={}", enc(key), enc(name)))
    }

    fn container_wait(&mut self, key: &str) -> Result<i64, EngineError> {
        let v = self.client.json("POST", &format!("/containers/{}/wait", enc(key)), None)?;
        v["StatusCode"].as_i64().ok_or_else(|| shape("wait answer", "no StatusCode"))
    }

    fn container_top(&mut self, key: &str) -> Result<TopReport, EngineError> {
        let v = self.client.json("GET", &format!("/containers/{}/top", enc(key)), None)?;
        let strings = |v: &Value| -> Vec<String> {
            v.as_array().into_iter().flatten().map(|s| s.as_str().unwrap_or("").to_string()).collect()
        };
        Ok(TopReport {
            titles: strings(&v["Titles"]),
            rows: v["Processes"].as_array().into_iter().flatten().map(strings).collect(),
        })
    }

    fn container_diff(&mut self, key: &str) -> Result<Vec<Change>, EngineError> {
        let v = self.client.json("GET", &format!("/containers/{}/changes", enc(key)), None)?;
        Ok(v.as_array()
            .into_iter()
            .flatten()
            .map(|c| Change {
                // The API's kinds: 0 modified, 1 added, 2 deleted.
                kind: match c["Kind"].as_u64() {
                    Some(1) => 'A',
                    Some(2) => 'D',
                    _ => 'C',
                },
                path: c["Path"].as_str().unwrap_or("").to_string(),
            })
            .collect())
    }

    fn container_update(
        &mut self,
        key: &str,
        limits: &crate::cgroups::Limits,
        restart: Option<&crate::engine::policy::RestartPolicy>,
    ) -> Result<String, EngineError> {
        let mut body = limits_body(limits);
        if let Some(r) = restart {
            body.insert("RestartPolicy".into(), serde_json::to_value(r).unwrap_or_default());
        }
        self.client.json("POST", &format!("/containers/{}/update", enc(key)), Some(&Value::Object(body)))?;
        let v = self.container_inspect(key)?;
        Ok(v["Id"].as_str().unwrap_or(key).to_string())
    }

    fn container_export(&mut self, key: &str, out: &mut dyn std::io::Write) -> Result<(), EngineError> {
        let mut r = self.client.call("GET", &format!("/containers/{}/export", enc(key)), None)?;
        std::io::copy(&mut r.body, out)?;
        Ok(())
    }

    fn container_copy(
        &mut self,
        key: &str,
        into: bool,
        host: &std::path::Path,
        cpath: &str,
    ) -> Result<(), EngineError> {
        self.copy(key, into, host, cpath)
    }

    fn container_stats(&mut self, keys: &[String], all: bool) -> Result<Vec<StatsReport>, EngineError> {
        let keys: Vec<String> = if keys.is_empty() {
            self.container_list(&ContainerFilters { all, ..Default::default() })?.into_iter().map(|c| c.id).collect()
        } else {
            keys.to_vec()
        };
        // One request per container, at once: each takes two samples a second apart.
        let handles: Vec<_> = keys
            .into_iter()
            .map(|k| {
                let c = self.client.clone();
                std::thread::spawn(move || c.json("GET", &format!("/containers/{}/stats?stream=0", enc(&k)), None))
            })
            .collect();
        let mut out = Vec::new();
        for h in handles {
            let v = h
                .join()
                .map_err(|_| EngineError::new(crate::engine::ErrorKind::Internal, "a stats request panicked"))??;
            out.push(stats_report(&v));
        }
        Ok(out)
    }

    fn container_commit(&mut self, key: &str, image: Option<&str>, o: &CommitOptions) -> Result<String, EngineError> {
        let (repo, tag) = match image {
            Some(i) => {
                let r = crate::image::reference::Reference::parse(i)?;
                (Some(r.familiar_name()), r.tag.clone())
            }
            None => (None, None),
        };
        let mut path = format!("/commit?container={}&pause={}", enc(key), o.pause as u8);
        path.push_str(&param("repo", repo));
        path.push_str(&param("tag", tag));
        path.push_str(&param("comment", o.message.as_deref()));
        path.push_str(&param("author", o.author.as_deref()));
        for c in &o.changes {
            path.push_str(&param("changes", Some(c)));
        }
        let v = self.client.json("POST", &path, None)?;
        v["Id"].as_str().map(String::from).ok_or_else(|| shape("commit answer", "no Id"))
    }
}

/// docker's stats object as the engine's sample, computed as the docker CLI does: CPU %
/// from the change since `precpu_stats` (none without one), memory without the page
/// cache's inactive files, network and block IO summed.
pub fn stats_report(v: &Value) -> StatsReport {
    let u = |p: &str| v.pointer(p).and_then(Value::as_u64);
    let cpu_delta = u("/cpu_stats/cpu_usage/total_usage").zip(u("/precpu_stats/cpu_usage/total_usage"));
    let sys_delta = u("/cpu_stats/system_cpu_usage").zip(u("/precpu_stats/system_cpu_usage"));
    let online = u("/cpu_stats/online_cpus").unwrap_or(1).max(1);
    let cpu_perc = match (cpu_delta, sys_delta) {
        (Some((c, pc)), Some((s, ps))) if s > ps => {
            Some(c.saturating_sub(pc) as f64 / (s - ps) as f64 * online as f64 * 100.0)
        }
        _ => None,
    };
    let inactive = u("/memory_stats/stats/inactive_file").or(u("/memory_stats/stats/total_inactive_file")).unwrap_or(0);
    let mem_usage = u("/memory_stats/usage").map(|m| m.saturating_sub(inactive));
    let net = v["networks"].as_object().map(|n| {
        n.values().fold((0, 0), |(r, t), i| {
            (r + i["rx_bytes"].as_u64().unwrap_or(0), t + i["tx_bytes"].as_u64().unwrap_or(0))
        })
    });
    let block = v.pointer("/blkio_stats/io_service_bytes_recursive").and_then(Value::as_array).map(|l| {
        l.iter().fold((0, 0), |(r, w), e| match e["op"].as_str().map(str::to_ascii_lowercase).as_deref() {
            Some("read") => (r + e["value"].as_u64().unwrap_or(0), w),
            Some("write") => (r, w + e["value"].as_u64().unwrap_or(0)),
            _ => (r, w),
        })
    });
    StatsReport {
        id: v["id"].as_str().unwrap_or("").to_string(),
        name: v["name"].as_str().unwrap_or("").trim_start_matches('/').to_string(),
        cpu_perc,
        cpu_nanos: u("/cpu_stats/cpu_usage/total_usage"),
        mem_usage,
        mem_limit: u("/memory_stats/limit").unwrap_or(0),
        net,
        block,
        pids: u("/pids_stats/current"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dockerd-shaped sample (cgroup v2): CPU from the deltas, memory less inactive_file.
    #[test]
    fn stats_as_the_docker_cli_computes_them() {
        let v = json!({
            "id": "abc", "name": "/web",
            "cpu_stats": {"cpu_usage": {"total_usage": 3_000_000_000u64}, "system_cpu_usage": 20_000_000_000u64, "online_cpus": 2},
            "precpu_stats": {"cpu_usage": {"total_usage": 2_000_000_000u64}, "system_cpu_usage": 18_000_000_000u64},
            "memory_stats": {"usage": 10_000_000, "limit": 100_000_000, "stats": {"inactive_file": 2_000_000}},
            "networks": {"eth0": {"rx_bytes": 10, "tx_bytes": 20}, "eth1": {"rx_bytes": 1, "tx_bytes": 2}},
            "blkio_stats": {"io_service_bytes_recursive": [{"op": "Read", "value": 5}, {"op": "write", "value": 7}]},
            "pids_stats": {"current": 3},
        });
        let r = stats_report(&v);
        assert_eq!(r.name, "web");
        assert_eq!(r.cpu_perc, Some(100.0), "1 s of CPU in 2 s of system time on 2 CPUs");
        assert_eq!((r.mem_usage, r.mem_limit), (Some(8_000_000), 100_000_000));
        assert_eq!((r.net, r.block, r.pids), (Some((11, 22)), Some((5, 7)), Some(3)));
        // One sample only (one-shot): no CPU share.
        let mut one = v.clone();
        one["precpu_stats"] = json!({});
        assert_eq!(stats_report(&one).cpu_perc, None);
    }

    #[test]
    fn user_network_endpoints_as_the_local_engine_shows_them() {
        let id = "5b9ccdd20ff1aaaa";
        let mut v = json!({"Id": id, "Name": "web", "NetworkSettings": {"Networks": {
            "front": {"Aliases": ["www", "site", "5b9ccdd20ff1"], "IPAddress": "10.1.0.5"},
            "back": {"Aliases": ["5b9ccdd20ff1"], "IPAddress": ""},
            "bridge": {"Aliases": null, "IPAddress": "172.17.0.2"},
        }}});
        user_network_endpoints(&mut v);
        let n = &v["NetworkSettings"]["Networks"];
        assert_eq!(n["front"]["Aliases"], json!(["www", "site"]));
        assert_eq!(n["front"]["DNSNames"], json!(["web", "5b9ccdd20ff1", "www", "site"]));
        assert_eq!((&n["back"]["Aliases"], &n["back"]["DNSNames"]), (&Value::Null, &Value::Null), "stopped: not on it");
        assert!(n["bridge"].get("DNSNames").is_none(), "a --network mode has none: {}", n["bridge"]);
    }
}
