//! Volumes over the Docker Engine API.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{RemoteEngine, filters_param, kv_map, shape, string_map};
use crate::engine::interface::{ANONYMOUS_LABEL, VolumeCreate, VolumeEngine, VolumeReport};
use crate::engine::remote::enc;
use crate::engine::{EngineError, ErrorKind};

/// A volume of `GET /volumes[/NAME]`, with `users` the containers using each volume. The
/// API has no Anonymous: its label says it (dockerd 23 sets it, and ctr's service).
fn report(v: &Value, users: &HashMap<String, Vec<String>>) -> VolumeReport {
    let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
    let mut labels = string_map(&v["Labels"]);
    let anonymous = labels.remove(ANONYMOUS_LABEL).is_some();
    let name = s("Name");
    VolumeReport {
        ref_count: users.get(&name).map_or(0, Vec::len),
        name,
        driver: s("Driver"),
        mountpoint: s("Mountpoint"),
        created_at: s("CreatedAt"),
        labels,
        scope: s("Scope"),
        options: string_map(&v["Options"]),
        anonymous,
    }
}

/// The containers (ids) using each volume, from a container list's `Mounts`: the API's
/// volume answers carry no count (only `/system/df`, which measures every volume).
fn volume_users(list: &Value) -> HashMap<String, Vec<String>> {
    let mut users: HashMap<String, Vec<String>> = HashMap::new();
    for c in list.as_array().into_iter().flatten() {
        let id = c["Id"].as_str().unwrap_or("").to_string();
        let mut names: Vec<&str> = c["Mounts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|m| m["Type"] == "volume")
            .filter_map(|m| m["Name"].as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        for n in names {
            users.entry(n.to_string()).or_default().push(id.clone());
        }
    }
    users
}

impl RemoteEngine {
    fn volume_users(&self) -> Result<HashMap<String, Vec<String>>, EngineError> {
        Ok(volume_users(&self.client.json("GET", "/containers/json?all=1", None)?))
    }
}

impl VolumeEngine for RemoteEngine {
    fn volume_create(&mut self, o: &VolumeCreate) -> Result<String, EngineError> {
        let body = json!({
            "Name": o.name.clone().unwrap_or_default(),
            "Driver": o.driver,
            "DriverOpts": kv_map(&o.opts),
            "Labels": kv_map(&o.labels),
        });
        let v = self.client.json("POST", "/volumes/create", Some(&body))?;
        Ok(v["Name"].as_str().ok_or_else(|| shape("new volume", "no Name"))?.to_string())
    }

    fn volume_exists(&mut self, name: &str) -> Result<bool, EngineError> {
        match self.client.json("GET", &format!("/volumes/{}", enc(name)), None) {
            Ok(_) => Ok(true),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn volume_list(&mut self, filters: &[String]) -> Result<Vec<VolumeReport>, EngineError> {
        let v = self.client.json("GET", &format!("/volumes{}", filters_param('?', filters)), None)?;
        let users = self.volume_users()?;
        let mut out: Vec<VolumeReport> =
            v["Volumes"].as_array().into_iter().flatten().map(|v| report(v, &users)).collect();
        // dockerd lists in no particular order; ctr by name.
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    fn volume_inspect(&mut self, name: &str) -> Result<VolumeReport, EngineError> {
        let v = self.client.json("GET", &format!("/volumes/{}", enc(name)), None)?;
        Ok(report(&v, &self.volume_users()?))
    }

    fn volume_remove(&mut self, name: &str, force: bool) -> Result<(), EngineError> {
        if force {
            // podman's -f: the containers using it go first. The API's `force` is not
            // that (dockerd still refuses a volume in use), so they are removed here.
            self.client.json("GET", &format!("/volumes/{}", enc(name)), None)?;
            for id in self.volume_users()?.remove(name).unwrap_or_default() {
                self.client.call("DELETE", &format!("/containers/{}?force=1", enc(&id)), None)?;
            }
        }
        self.client.call("DELETE", &format!("/volumes/{}?force={}", enc(name), force as u8), None)?;
        Ok(())
    }

    fn volume_prune(&mut self) -> Result<(Vec<String>, u64), EngineError> {
        // Before API 1.42 every unused volume is pruned, named ones too (as ctr does).
        let v = self.client.json("POST", "/volumes/prune", None)?;
        let names = v["VolumesDeleted"].as_array().into_iter().flatten().filter_map(|n| n.as_str()).map(String::from);
        Ok((names.collect(), v["SpaceReclaimed"].as_u64().unwrap_or(0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_volume_of_the_api_with_its_users_and_the_anonymous_label() {
        let list = json!([
            {"Id": "c1", "Mounts": [{"Type": "volume", "Name": "data"}, {"Type": "volume", "Name": "data"},
                                    {"Type": "bind", "Name": ""}]},
            {"Id": "c2", "Mounts": [{"Type": "volume", "Name": "data"}, {"Type": "volume", "Name": "abc"}]},
            {"Id": "c3", "Mounts": null},
        ]);
        let users = volume_users(&list);
        assert_eq!(users["data"], ["c1", "c2"], "a container mounting it twice counts once");
        assert_eq!(users["abc"], ["c2"]);
        assert_eq!(users.len(), 2);
        let v = json!({"Name": "abc", "Driver": "local", "Mountpoint": "/m", "CreatedAt": "2024-01-01T00:00:00Z",
                       "Labels": {ANONYMOUS_LABEL: "", "app": "web"}, "Scope": "local", "Options": null});
        let r = report(&v, &users);
        assert!(r.anonymous);
        assert_eq!(r.labels, [("app".to_string(), "web".to_string())].into());
        assert!(r.options.is_empty());
        assert_eq!((r.ref_count, r.mountpoint.as_str()), (1, "/m"));
        let named = report(&json!({"Name": "data", "Labels": null}), &users);
        assert!(!named.anonymous && named.labels.is_empty());
        assert_eq!(named.ref_count, 2);
    }
}
