//! Networks over the Docker Engine API.

use serde_json::{Value, json};

use super::{RemoteEngine, decode, filters_param, kv_map};
use crate::engine::interface::{NetworkCreate, NetworkEngine};
use crate::engine::remote::enc;
use crate::engine::{EngineError, ErrorKind, NetworkInspect};
use crate::network::NetworkRequest;

/// `POST /networks/create`'s body.
fn create_body(o: &NetworkCreate) -> Value {
    let mut config = serde_json::Map::new();
    for (k, v) in [("Subnet", &o.subnet), ("Gateway", &o.gateway), ("IPRange", &o.ip_range)] {
        if let Some(v) = v {
            config.insert(k.into(), json!(v));
        }
    }
    json!({
        "Name": o.name,
        "Driver": o.driver,
        // dockerd makes a second network of a name without it.
        "CheckDuplicate": true,
        "Internal": o.internal,
        "IPAM": {"Driver": "default", "Config": if config.is_empty() { json!([]) } else { json!([config]) }},
        "Labels": kv_map(&o.labels),
        "Options": kv_map(&o.opts),
    })
}

impl NetworkEngine for RemoteEngine {
    fn network_create(&mut self, o: &NetworkCreate) -> Result<String, EngineError> {
        let v = self.client.json("POST", "/networks/create", Some(&create_body(o)))?;
        Ok(v["Id"].as_str().unwrap_or("").to_string())
    }

    fn network_exists(&mut self, key: &str) -> Result<bool, EngineError> {
        match self.client.json("GET", &format!("/networks/{}", enc(key)), None) {
            Ok(_) => Ok(true),
            // An ambiguous id prefix names no network either (as locally).
            Err(e) if matches!(e.kind, ErrorKind::NotFound | ErrorKind::InvalidArgument) => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn network_list(&mut self, filters: &[String]) -> Result<Vec<NetworkInspect>, EngineError> {
        let list = self.client.json("GET", &format!("/networks{}", filters_param('?', filters)), None)?;
        let list: Vec<NetworkInspect> = decode("network list", list)?;
        // The list has no endpoints (API >= 1.28): each network's inspect does.
        let mut out = Vec::new();
        for n in list {
            match self.network_inspect(&n.id) {
                Ok(full) => out.push(full),
                // Removed since it was listed.
                Err(e) if e.kind == ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        // dockerd lists in no particular order; ctr by name.
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    fn network_inspect(&mut self, key: &str) -> Result<NetworkInspect, EngineError> {
        decode("network", self.client.json("GET", &format!("/networks/{}", enc(key)), None)?)
    }

    fn network_remove(&mut self, key: &str, force: bool) -> Result<(), EngineError> {
        let mut target = key.to_string();
        if force {
            // podman's -f: the containers on it go first (the API's delete has no force).
            let n = self.network_inspect(key)?;
            for id in n.containers.keys() {
                self.client.call("DELETE", &format!("/containers/{}?force=1", enc(id)), None)?;
            }
            target = n.id;
        }
        self.client.call("DELETE", &format!("/networks/{}", enc(&target)), None)?;
        Ok(())
    }

    fn network_prune(&mut self, filters: &[String]) -> Result<Vec<String>, EngineError> {
        let v = self.client.json("POST", &format!("/networks/prune{}", filters_param('?', filters)), None)?;
        Ok(v["NetworksDeleted"].as_array().into_iter().flatten().filter_map(|n| n.as_str()).map(String::from).collect())
    }

    fn network_connect(&mut self, network: &str, container: &str, req: &NetworkRequest) -> Result<(), EngineError> {
        let body = json!({
            "Container": container,
            "EndpointConfig": {
                "IPAMConfig": req.ip.as_ref().map(|ip| json!({"IPv4Address": ip})),
                "Aliases": req.aliases,
                "MacAddress": req.mac.clone().unwrap_or_default(),
            },
        });
        self.client.call("POST", &format!("/networks/{}/connect", enc(network)), Some(&body))?;
        Ok(())
    }

    fn network_disconnect(&mut self, network: &str, container: &str, force: bool) -> Result<(), EngineError> {
        let body = json!({"Container": container, "Force": force});
        self.client.call("POST", &format!("/networks/{}/disconnect", enc(network)), Some(&body))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerds_network_reads_as_the_engines_report() {
        // dockerd 20.10's default bridge: no gateway, IPAM options null.
        let v = json!({"Name": "bridge", "Id": "7ac3", "Created": "2026-12-03T12:52:11.387562066Z", "Scope": "local",
            "Driver": "bridge", "EnableIPv6": false,
            "IPAM": {"Driver": "default", "Options": null, "Config": [{"Subnet": "172.17.0.0/16"}]},
            "Internal": false, "Attachable": false, "Ingress": false, "ConfigFrom": {"Network": ""},
            "ConfigOnly": false, "Containers": {"c1": {"Name": "web", "EndpointID": "e", "MacAddress": "02:42:ac:11:00:02",
            "IPv4Address": "172.17.0.2/16", "IPv6Address": ""}}, "Options": {"com.docker.network.driver.mtu": "1400"},
            "Labels": null});
        let n: NetworkInspect = decode("network", v).unwrap();
        assert_eq!(
            (n.name.as_str(), n.ipam.config[0].subnet.as_str(), n.ipam.config[0].gateway.as_str()),
            ("bridge", "172.17.0.0/16", "")
        );
        assert_eq!(n.containers["c1"].ipv4_address, "172.17.0.2/16");
        assert!(n.labels.is_empty() && n.ipam.options.is_none());
    }

    #[test]
    fn create_body_in_dockers_shape() {
        let b = create_body(&NetworkCreate {
            name: "n".into(),
            driver: "bridge".into(),
            subnet: Some("10.1.0.0/24".into()),
            ip_range: Some("10.1.0.128/25".into()),
            labels: vec!["a=b".into(), "tier".into()],
            opts: vec!["mtu=1400".into()],
            ..Default::default()
        });
        assert_eq!(b["IPAM"]["Config"], json!([{"Subnet": "10.1.0.0/24", "IPRange": "10.1.0.128/25"}]));
        assert_eq!(b["Labels"], json!({"a": "b", "tier": ""}));
        assert_eq!(b["Options"], json!({"mtu": "1400"}));
        assert_eq!(create_body(&NetworkCreate::default())["IPAM"]["Config"], json!([]));
    }
}
