//! User networks as objects: create, list, inspect, remove, prune, and the address
//! management (IPAM) of their endpoints. The data plane (namespaces, bridges, veths, DNS)
//! is not here yet: no container can be started on a user network.

use std::collections::{BTreeMap, HashSet};
use std::net::Ipv4Addr;

use sha2::Digest;

use super::LocalEngine;
use super::volumes::parse_kv;
use crate::engine::{
    EngineError, ErrorKind, NetworkConfigFrom, NetworkEndpoint, NetworkInspect, NetworkIpam, NetworkIpamConfig,
};
use crate::network::ipam::{self, Cidr, IpamError};
use crate::store::{EndpointRecord, NetworkRecord};

pub use crate::engine::interface::NetworkCreate;

/// Names `--network` already gives a meaning to: a network of that name could never be
/// chosen.
const RESERVED: &[&str] = &["none", "host", "bridge", "default", "private", "pasta", "slirp4netns", "container", "ns"];

/// The options a network may have (docker's and podman's names for the same things).
const OPTIONS: &str =
    "mtu=N, com.docker.network.driver.mtu=N, metric=N, isolate=true|false|strict, com.docker.network.bridge.name=NAME";

impl From<IpamError> for EngineError {
    fn from(e: IpamError) -> EngineError {
        EngineError {
            kind: ErrorKind::InvalidArgument,
            message: e.to_string(),
            source: Some(Box::new(e)),
            exit_code: None,
        }
    }
}

fn valid_name(n: &str) -> bool {
    let mut c = n.chars();
    c.next().is_some_and(|f| f.is_ascii_alphanumeric()) && c.all(|x| x.is_ascii_alphanumeric() || "_.-".contains(x))
}

/// Why `n` cannot name a network (`None`: it can). The Quadlet generator asks too.
pub fn name_problem(n: &str) -> Option<String> {
    if !valid_name(n) {
        return Some(format!("invalid network name {n:?}: use [a-zA-Z0-9][a-zA-Z0-9_.-]*"));
    }
    if RESERVED.contains(&n) {
        return Some(format!("network name {n:?} is reserved: it is a --network mode; pick another name"));
    }
    None
}

/// Why one `KEY=VALUE` driver option would be refused (`None`: it is fine).
pub fn option_problem(kv: &str) -> Option<String> {
    parse_kv(&[kv.to_string()], "--opt").and_then(|m| check_options(&m)).err().map(|e| e.message)
}

fn check_options(opts: &BTreeMap<String, String>) -> Result<(), EngineError> {
    for (k, v) in opts {
        let ok = match k.as_str() {
            "mtu" | "com.docker.network.driver.mtu" => v.parse::<u32>().is_ok_and(|m| (68..=65535).contains(&m)),
            "metric" => v.parse::<u32>().is_ok(),
            "isolate" => matches!(v.as_str(), "true" | "false" | "strict"),
            "com.docker.network.bridge.name" => !v.is_empty() && v.len() <= 15 && valid_name(v),
            _ => {
                return Err(EngineError::invalid(format!("unknown network option {k:?}: ctr knows {OPTIONS}")));
            }
        };
        if !ok {
            return Err(EngineError::invalid(format!("invalid network option {k}={v:?}: ctr knows {OPTIONS}")));
        }
    }
    Ok(())
}

/// A locally administered unicast MAC address (02:xx:...), as docker and podman make.
fn random_mac() -> String {
    let mut b = super::containers::random_bytes(6);
    b[0] = (b[0] & 0xfe) | 0x02;
    b.iter().map(|x| format!("{x:02x}")).collect::<Vec<_>>().join(":")
}

/// A network's MTU option (podman's `mtu`, docker's `com.docker.network.driver.mtu`); 0
/// when not given.
pub(crate) fn mtu_of(n: &NetworkRecord) -> u32 {
    ["mtu", "com.docker.network.driver.mtu"].iter().find_map(|k| n.options.get(*k)?.parse().ok()).unwrap_or(0)
}

/// The endpoint's id in docker's shape: stable for a container on a network.
fn endpoint_id(ep: &EndpointRecord) -> String {
    endpoint_id_of(&ep.network_id, &ep.container_id)
}

pub(crate) fn endpoint_id_of(network_id: &str, container_id: &str) -> String {
    sha2::Sha256::digest(format!("{network_id}/{container_id}")).iter().map(|b| format!("{b:02x}")).collect()
}

fn cidr(s: &str) -> Cidr {
    // Recorded values were parsed before they were written.
    s.parse().unwrap_or(Cidr { addr: Ipv4Addr::UNSPECIFIED, prefix: 32 })
}

/// Whether a network passes `ls --filter` / `GET /networks?filters=`: filters of one key
/// match if any of their values does, labels if all do (dockerd's rule); every key must
/// match.
fn matches(n: &NetworkRecord, filters: &[(String, String)]) -> bool {
    let mut keys: Vec<&str> = filters.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.iter().all(|key| {
        let mut values = filters.iter().filter(|(k, _)| k == key).map(|(_, v)| v);
        let one = |v: &String| match *key {
            "name" => n.name.contains(v.as_str()),
            "id" => n.id.starts_with(v.as_str()),
            "driver" => n.driver == *v,
            "label" => {
                let (lk, lv) = v.split_once('=').map_or((v.as_str(), None), |(a, b)| (a, Some(b)));
                n.labels.get(lk).is_some_and(|x| lv.is_none_or(|lv| x == lv))
            }
            // Docker's: every user network is custom.
            "type" => v == "custom",
            "scope" => v == "local",
            _ => false,
        };
        if *key == "label" { values.all(one) } else { values.any(one) }
    })
}

/// A network create's options, checked as far as they can be without the host and the
/// store: name, driver, labels, options, and the subnet, range and gateway together.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkPlan {
    pub labels: BTreeMap<String, String>,
    pub options: BTreeMap<String, String>,
    pub subnet: Option<Cidr>,
    pub range: Option<Cidr>,
    pub gateway: Option<Ipv4Addr>,
}

/// The checks of [`LocalEngine::create_network`] that need neither the host nor the store.
pub fn plan_network(o: &NetworkCreate) -> Result<NetworkPlan, EngineError> {
    if let Some(m) = name_problem(&o.name) {
        return Err(EngineError::invalid(m));
    }
    let driver = if o.driver.is_empty() { "bridge" } else { o.driver.as_str() };
    if driver != "bridge" {
        return Err(EngineError::not_found(format!(
            "network driver {driver:?} not found: ctr has only the bridge driver"
        )));
    }
    let labels = parse_kv(&o.labels, "--label")?;
    let options = parse_kv(&o.opts, "--opt")?;
    check_options(&options)?;
    let subnet = o.subnet.as_deref().map(str::parse::<Cidr>).transpose()?;
    if subnet.is_none() {
        if let Some(g) = &o.gateway {
            return Err(EngineError::invalid(format!("--gateway {g} needs --subnet: give the subnet it lies in")));
        }
        if let Some(r) = &o.ip_range {
            return Err(EngineError::invalid(format!("--ip-range {r} needs --subnet: give the subnet it lies in")));
        }
    }
    let range = o.ip_range.as_deref().map(str::parse::<Cidr>).transpose()?;
    let gateway = o.gateway.as_deref().map(ipam::parse_addr).transpose()?;
    if let Some(s) = subnet {
        ipam::check_size(s)?;
        if let Some(r) = range
            && !s.covers(r)
        {
            return Err(EngineError::invalid(format!(
                "--ip-range {r} is not inside --subnet {s}; give a range within the subnet"
            )));
        }
        if let Some(g) = gateway
            && !s.is_host(g)
        {
            return Err(EngineError::invalid(format!(
                "--gateway {g} is outside --subnet {s}, or is its network or broadcast address; give one from {} to {}",
                s.first_host(),
                Ipv4Addr::from(s.last() - 1)
            )));
        }
        let gw = gateway.unwrap_or(s.first_host());
        if ipam::next_free(s, range, gw, &HashSet::new()).is_none() {
            return Err(EngineError::invalid(format!(
                "--ip-range {} leaves no address for containers in {s} once the gateway {gw} is taken; give a larger range",
                range.unwrap_or(s)
            )));
        }
        if let Some(r) = ipam::SPECIAL.iter().find(|r| r.overlaps(s)) {
            return Err(EngineError::invalid(format!(
                "subnet {s} overlaps {r}, which is no network for containers (this-network, loopback, multicast or reserved); pick another --subnet, e.g. in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"
            )));
        }
    }
    Ok(NetworkPlan { labels, options, subnet, range, gateway })
}

impl LocalEngine {
    /// `ctr network create`: records a network (subnet from the pool unless given) in one
    /// transaction, or nothing.
    pub fn create_network(&mut self, o: &NetworkCreate) -> Result<NetworkRecord, EngineError> {
        let NetworkPlan { labels, options, subnet, range, gateway } = plan_network(o)?;
        let host = ipam::host_networks();
        if let Some(s) = subnet
            && let Some(r) = host.iter().find(|r| r.overlaps(s))
        {
            return Err(EngineError::conflict(format!(
                "subnet {s} overlaps the host's network {r} (a route or an address of this host): containers could not reach that part of the host's network; pick another --subnet"
            )));
        }
        let id = super::containers::new_id();
        let name = o.name.clone();
        let internal = o.internal;
        self.store.add_network(move |existing| {
            if existing.iter().any(|n| n.name == name) {
                return Err(EngineError::conflict(format!(
                    "network {name:?} already exists; pick another name or remove it (ctr network rm {name})"
                )));
            }
            let subnet = match subnet {
                Some(s) => {
                    if let Some(n) = existing.iter().find(|n| cidr(&n.subnet).overlaps(s)) {
                        return Err(EngineError::conflict(format!(
                            "subnet {s} overlaps network {:?}'s subnet {}; pick another --subnet, or remove that network",
                            n.name, n.subnet
                        )));
                    }
                    s
                }
                None => {
                    let mut used: Vec<Cidr> = existing.iter().map(|n| cidr(&n.subnet)).collect();
                    used.extend(host.iter().copied());
                    ipam::pick_subnet(&used).ok_or_else(|| {
                        EngineError::conflict(format!(
                            "no free subnet left in ctr's pool {}: each /{} in it overlaps a network or the host's own; give --subnet, or remove unused networks (ctr network prune)",
                            ipam::POOL,
                            ipam::POOL_PREFIX
                        ))
                    })?
                }
            };
            Ok(NetworkRecord {
                id,
                name,
                driver: "bridge".into(),
                subnet: subnet.to_string(),
                gateway: gateway.unwrap_or(subnet.first_host()).to_string(),
                ip_range: range.map(|r| r.to_string()),
                internal,
                labels,
                options,
                created: crate::timefmt::now_ns(),
            })
        })
    }

    /// A network by name, full id or unique id prefix.
    pub fn network(&self, key: &str) -> Result<NetworkRecord, EngineError> {
        if let Some(n) = self.store.network_by_name(key)? {
            return Ok(n);
        }
        let hex = !key.is_empty() && key.bytes().all(|b| b.is_ascii_hexdigit());
        let found = if hex { self.store.networks_by_id_prefix(key)? } else { Vec::new() };
        match found.len() {
            1 => Ok(found.into_iter().next().expect("one")),
            0 => Err(EngineError::not_found(format!(
                "network {key} not found; see `ctr network ls`, or create it with `ctr network create {key}`"
            ))),
            n => Err(EngineError::invalid(format!(
                "network {key} is ambiguous ({n} ids start with it); give more of the id, or the name"
            ))),
        }
    }

    /// Networks passing every filter (`KEY=VALUE`: name=, id=, label=KEY[=VALUE], driver=).
    pub fn networks(&self, filters: &[String]) -> Result<Vec<NetworkRecord>, EngineError> {
        let mut parsed = Vec::new();
        for f in filters {
            let (k, v) = f.split_once('=').unwrap_or((f.as_str(), ""));
            if !["name", "id", "label", "driver", "type", "scope"].contains(&k) {
                return Err(EngineError::invalid(format!(
                    "invalid network filter {f:?}: use name=, id=, label=KEY[=VALUE], driver=bridge"
                )));
            }
            parsed.push((k.to_string(), v.to_string()));
        }
        Ok(self.store.networks()?.into_iter().filter(|n| matches(n, &parsed)).collect())
    }

    /// `ctr network inspect`, docker's shape.
    pub fn inspect_network(&self, key: &str) -> Result<NetworkInspect, EngineError> {
        let n = self.network(key)?;
        self.network_report(&n)
    }

    pub fn network_report(&self, n: &NetworkRecord) -> Result<NetworkInspect, EngineError> {
        let prefix = cidr(&n.subnet).prefix;
        let mut containers = BTreeMap::new();
        for ep in self.store.network_endpoints(&n.id)? {
            let name = self.store.container(&ep.container_id)?.map(|c| c.name).unwrap_or_default();
            containers.insert(
                ep.container_id.clone(),
                NetworkEndpoint {
                    name,
                    endpoint_id: endpoint_id(&ep),
                    mac_address: ep.mac.clone(),
                    ipv4_address: format!("{}/{prefix}", ep.ip),
                    ipv6_address: String::new(),
                },
            );
        }
        Ok(NetworkInspect {
            name: n.name.clone(),
            id: n.id.clone(),
            created: crate::timefmt::format_rfc3339_nanos(n.created),
            scope: "local".into(),
            driver: n.driver.clone(),
            enable_ipv6: false,
            ipam: NetworkIpam {
                driver: "default".into(),
                options: None,
                config: vec![NetworkIpamConfig {
                    subnet: n.subnet.clone(),
                    ip_range: n.ip_range.clone(),
                    gateway: n.gateway.clone(),
                }],
            },
            internal: n.internal,
            attachable: false,
            ingress: false,
            config_from: NetworkConfigFrom { network: String::new() },
            config_only: false,
            containers,
            options: n.options.clone(),
            labels: n.labels.clone(),
        })
    }

    /// `ctr network rm`: refused while a container is on the network, unless `force`,
    /// which removes those containers first (podman's -f).
    pub fn remove_network(&mut self, key: &str, force: bool) -> Result<NetworkRecord, EngineError> {
        let n = self.network(key)?;
        let users = self.store.network_endpoints(&n.id)?;
        if !users.is_empty() {
            if !force {
                let names: Vec<String> = users
                    .iter()
                    .map(|u| {
                        self.store
                            .container(&u.container_id)
                            .ok()
                            .flatten()
                            .map_or_else(|| u.container_id[..12.min(u.container_id.len())].to_string(), |c| c.name)
                    })
                    .collect();
                return Err(EngineError::conflict(format!(
                    "network {} is used by container(s) {}; remove them first, or use -f to remove them with it",
                    n.name,
                    names.join(", ")
                )));
            }
            for u in users {
                self.remove_container(&u.container_id, true)?;
            }
        }
        if !self.store.remove_network(&n.id)? {
            return Err(EngineError::conflict(format!(
                "network {} gained a container while it was being removed; try again",
                n.name
            )));
        }
        self.remove_bridge(&n);
        Ok(n)
    }

    /// Deletes the bridge of network `n` (gone from the store) in the per-user network
    /// namespace, and ends the namespace's holder once it has no bridge left. A failure
    /// leaves an unused bridge behind: a warning, since the network itself is gone.
    fn remove_bridge(&mut self, n: &NetworkRecord) {
        // No holder was ever started here (or it was stopped): no bridge to remove.
        if !crate::network::bridge::holder_recorded(&self.runroot) {
            return;
        }
        let job = crate::network::bridge::Job::RemoveBridge {
            runroot: self.runroot.clone(),
            bridge: crate::network::bridge::bridge_name(&n.id, n.internal),
        };
        if let Err(e) = crate::network::bridge::run(&job, &crate::runtime::userns::Mapping::for_current_user()) {
            crate::output::status(&format!(
                "ctr: warning: network {} is removed, but its bridge {} may remain in ctr's network namespace: {e}",
                n.name,
                crate::network::bridge::bridge_name(&n.id, n.internal)
            ));
        }
    }

    /// `ctr network prune`: every network (passing the filters) no container is on;
    /// returns their names.
    pub fn prune_networks(&mut self, filters: &[String]) -> Result<Vec<String>, EngineError> {
        let mut gone = Vec::new();
        for n in self.networks(filters)? {
            // The store checks for endpoints in the same transaction as the delete.
            if self.store.remove_network(&n.id)? {
                self.remove_bridge(&n);
                gone.push(n.name);
            }
        }
        Ok(gone)
    }

    /// Gives a container an address on a network, in one transaction: `ip` if given (it
    /// must be a free host address of the subnet), else the lowest free one of the
    /// network's range. For the data plane (`run --network`, `network connect`) to come.
    pub fn allocate_endpoint(
        &mut self,
        key: &str,
        container_id: &str,
        ip: Option<&str>,
        mac: Option<&str>,
        aliases: &[String],
    ) -> Result<EndpointRecord, EngineError> {
        let mac = mac.map(|m| crate::network::check_mac(m).map_err(EngineError::invalid)).transpose()?;
        let n = self.network(key)?;
        let want = ip.map(ipam::parse_addr).transpose()?;
        let container_id = container_id.to_string();
        let aliases = aliases.to_vec();
        let id = n.id.clone();
        self.store.add_endpoint(&id, move |net, eps| {
            let net = net.ok_or_else(|| EngineError::not_found(format!("network {} was removed meanwhile", n.name)))?;
            if eps.iter().any(|e| e.container_id == container_id) {
                return Err(EngineError::conflict(format!(
                    "container {} is already on network {}",
                    &container_id[..12.min(container_id.len())],
                    net.name
                )));
            }
            let subnet = cidr(&net.subnet);
            let range = net.ip_range.as_deref().map(cidr);
            let gateway = ipam::parse_addr(&net.gateway)?;
            let used: HashSet<Ipv4Addr> = eps.iter().filter_map(|e| e.ip.parse().ok()).collect();
            let ip = match want {
                Some(ip) => {
                    if !subnet.is_host(ip) {
                        return Err(EngineError::invalid(format!(
                            "--ip {ip} is outside network {}'s subnet {subnet}, or is its network or broadcast address; give one from {} to {}",
                            net.name,
                            subnet.first_host(),
                            Ipv4Addr::from(subnet.last() - 1)
                        )));
                    }
                    if ip == gateway {
                        return Err(EngineError::conflict(format!(
                            "--ip {ip} is network {}'s gateway; give another address",
                            net.name
                        )));
                    }
                    if let Some(e) = eps.iter().find(|e| e.ip == ip.to_string()) {
                        return Err(EngineError::conflict(format!(
                            "--ip {ip} is taken on network {} by container {}; give another address, or none to get a free one",
                            net.name,
                            &e.container_id[..12.min(e.container_id.len())]
                        )));
                    }
                    ip
                }
                None => ipam::next_free(subnet, range, gateway, &used).ok_or_else(|| {
                    EngineError::conflict(format!(
                        "network {} has no free address left: {} is exhausted ({} containers); remove a container from it, or create a network with a larger --subnet",
                        net.name,
                        range.unwrap_or(subnet),
                        eps.len()
                    ))
                })?,
            };
            Ok(EndpointRecord {
                network_id: net.id.clone(),
                container_id,
                ip: ip.to_string(),
                mac: match mac {
                    Some(m) => {
                        if let Some(e) = eps.iter().find(|e| e.mac == m) {
                            return Err(EngineError::conflict(format!(
                                "--mac-address {m} is taken on network {} by container {}; give another",
                                net.name,
                                &e.container_id[..12.min(e.container_id.len())]
                            )));
                        }
                        m
                    }
                    None => random_mac(),
                },
                aliases,
            })
        })
    }

    /// Takes a container's address on a network back; false when it had none.
    pub fn release_endpoint(&mut self, key: &str, container_id: &str) -> Result<bool, EngineError> {
        let n = self.network(key)?;
        Ok(self.store.remove_endpoint(&n.id, container_id)?)
    }

    /// `ctr network connect`: puts a container on one more user network; a running one
    /// gets its veth at once (ethN), a stopped one at its next start. Only containers on
    /// user networks join more (their namespace is ctr's bridge world, not a
    /// slirp4netns/pasta one).
    pub fn connect_network(
        &mut self,
        net_key: &str,
        container_key: &str,
        req: &crate::network::NetworkRequest,
    ) -> Result<(), EngineError> {
        use crate::network::NetMode;
        let n = self.network(net_key)?;
        let rec = self.current(container_key)?;
        let mut cfg = super::containers::ContainerConfig::of(&rec);
        let NetMode::Bridge { networks } = &mut cfg.net.mode else {
            return Err(EngineError::new(
                ErrorKind::NotSupported,
                format!(
                    "container {} uses --network {}: only containers on user networks can join more; recreate it with --network NAME",
                    rec.name,
                    cfg.net.mode.name()
                ),
            ));
        };
        if networks.iter().any(|a| a.network_id == n.id) {
            return Err(EngineError::conflict(format!("container {} is already on network {}", rec.name, n.name)));
        }
        for a in &req.aliases {
            if !valid_name(a) {
                return Err(EngineError::invalid(format!(
                    "invalid network alias {a:?}: use [a-zA-Z0-9][a-zA-Z0-9_.-]*"
                )));
            }
        }
        let ep = self.allocate_endpoint(&n.id, &rec.id, req.ip.as_deref(), req.mac.as_deref(), &req.aliases)?;
        let a = crate::network::Attachment {
            network_id: n.id.clone(),
            name: n.name.clone(),
            ip: ep.ip.clone(),
            prefix_len: cidr(&n.subnet).prefix,
            gateway: n.gateway.clone(),
            mac: ep.mac.clone(),
            internal: n.internal,
            aliases: req.aliases.clone(),
            names: super::containers::dns_names(&rec.name, &rec.id, &req.aliases),
            requested_ip: req.ip.clone(),
            mtu: mtu_of(&n),
        };
        networks.push(a.clone());
        let r = (|| {
            if rec.state.is_active() && rec.pid > 0 {
                let job = crate::network::bridge::Job::Attach {
                    runroot: self.runroot.clone(),
                    pid: rec.pid as u32,
                    container_id: rec.id.clone(),
                    links: vec![crate::network::bridge::link_of(&rec.id, &a).map_err(EngineError::invalid)?],
                    ports: Vec::new(),
                };
                crate::network::bridge::run(&job, &crate::runtime::userns::Mapping::for_current_user()).map_err(
                    |e| {
                        EngineError::new(
                            ErrorKind::Internal,
                            format!("cannot connect {} to network {}: {e}", rec.name, n.name),
                        )
                    },
                )?;
            }
            self.save_network_config(&rec, &cfg)
        })();
        if r.is_err() {
            let _ = self.release_endpoint(&n.id, &rec.id);
        }
        r
    }

    /// `ctr network disconnect`: takes a container off a user network (its veth at once
    /// when it runs), and gives its address back.
    pub fn disconnect_network(&mut self, net_key: &str, container_key: &str) -> Result<(), EngineError> {
        use crate::network::NetMode;
        let n = self.network(net_key)?;
        let rec = self.current(container_key)?;
        let mut cfg = super::containers::ContainerConfig::of(&rec);
        let on = matches!(&cfg.net.mode, NetMode::Bridge { networks } if networks.iter().any(|a| a.network_id == n.id));
        if !on {
            return Err(EngineError::not_found(format!("container {} is not on network {}", rec.name, n.name)));
        }
        if rec.state.is_active() && rec.pid > 0 {
            let job = crate::network::bridge::Job::Detach {
                runroot: self.runroot.clone(),
                container_id: rec.id.clone(),
                veths: vec![crate::network::bridge::veth_name(&rec.id, &n.id)],
                ports: false,
            };
            crate::network::bridge::run(&job, &crate::runtime::userns::Mapping::for_current_user()).map_err(|e| {
                EngineError::new(
                    ErrorKind::Internal,
                    format!("cannot disconnect {} from network {}: {e}", rec.name, n.name),
                )
            })?;
        }
        if let NetMode::Bridge { networks } = &mut cfg.net.mode {
            networks.retain(|a| a.network_id != n.id);
        }
        self.release_endpoint(&n.id, &rec.id)?;
        self.save_network_config(&rec, &cfg)
    }

    /// Records a container's changed networks and rewrites its bundle (the monitor reads
    /// the networks from there at the next start).
    fn save_network_config(
        &mut self,
        rec: &crate::store::ContainerRecord,
        cfg: &super::containers::ContainerConfig,
    ) -> Result<(), EngineError> {
        let mut cfg = cfg.clone();
        if let crate::network::NetMode::Bridge { networks } = &cfg.net.mode {
            cfg.net.ip = networks.first().map(|a| a.ip.clone()).unwrap_or_default();
            cfg.net.gateway = networks.first().map(|a| a.gateway.clone()).unwrap_or_default();
        }
        cfg.network = cfg.net.mode.name();
        let json = serde_json::to_string(&cfg).map_err(std::io::Error::other)?;
        self.store.set_config(&rec.id, &json)?;
        let mapping = self.container_mapping(&cfg)?;
        self.write_bundle(rec, &cfg, mapping.as_ref())
    }

    /// The user networks of a new container (`--network NAME[:ip=,alias=,mac=]`, several;
    /// `--ip`, `--network-alias`, `--mac-address` for the first; the API's endpoint
    /// settings by name), with no address yet unless one was asked for.
    pub fn user_networks_mode(&self, o: &super::containers::CreateOptions) -> Result<crate::network::NetMode, String> {
        let mut networks: Vec<crate::network::Attachment> = Vec::new();
        for (i, raw) in o.network.iter().enumerate() {
            let mut req = crate::network::parse_network_request(raw)?;
            if i == 0 {
                if let Some(ip) = &o.ip {
                    if req.ip.is_some() {
                        return Err(format!("--ip {ip} and --network {raw}: give the address once"));
                    }
                    req.ip = Some(ip.clone());
                }
                req.aliases.extend(o.network_aliases.iter().cloned());
                if let Some(mac) = &o.mac_address {
                    req.mac.get_or_insert_with(|| mac.clone());
                }
            }
            if let Some(e) = o.endpoints.iter().find(|e| e.name == req.name) {
                if req.ip.is_none() {
                    req.ip.clone_from(&e.ip);
                }
                if req.mac.is_none() {
                    req.mac.clone_from(&e.mac);
                }
                req.aliases.extend(e.aliases.iter().cloned());
            }
            let n = self.network(&req.name).map_err(|_| {
                format!(
                    "unknown network mode {:?}, and no network of that name (see `ctr network ls`); use pasta, slirp4netns, none, host, container:NAME, ns:PATH, or create the network",
                    req.name
                )
            })?;
            if networks.iter().any(|a| a.network_id == n.id) {
                return Err(format!("--network {}: the container is put on network {} twice", raw, n.name));
            }
            let mac = req.mac.as_deref().map(crate::network::check_mac).transpose()?;
            for a in &req.aliases {
                if !valid_name(a) {
                    return Err(format!("invalid network alias {a:?}: use [a-zA-Z0-9][a-zA-Z0-9_.-]*"));
                }
            }
            let prefix_len = n.subnet.split_once('/').and_then(|(_, p)| p.parse().ok()).unwrap_or(24);
            let mut aliases = req.aliases;
            aliases.dedup();
            let mtu = mtu_of(&n);
            networks.push(crate::network::Attachment {
                network_id: n.id,
                name: n.name,
                requested_ip: req.ip.clone(),
                ip: req.ip.unwrap_or_default(),
                prefix_len,
                gateway: n.gateway,
                mac: mac.unwrap_or_default(),
                internal: n.internal,
                aliases,
                names: Vec::new(),
                mtu,
            });
        }
        Ok(crate::network::NetMode::Bridge { networks })
    }
}

impl crate::engine::interface::NetworkEngine for LocalEngine {
    fn network_create(&mut self, o: &NetworkCreate) -> Result<String, EngineError> {
        self.create_network(o).map(|n| n.id)
    }

    fn network_exists(&mut self, key: &str) -> Result<bool, EngineError> {
        Ok(self.network(key).is_ok())
    }

    fn network_list(&mut self, filters: &[String]) -> Result<Vec<NetworkInspect>, EngineError> {
        self.networks(filters)?.iter().map(|n| self.network_report(n)).collect()
    }

    fn network_inspect(&mut self, key: &str) -> Result<NetworkInspect, EngineError> {
        self.inspect_network(key)
    }

    fn network_remove(&mut self, key: &str, force: bool) -> Result<(), EngineError> {
        self.remove_network(key, force).map(drop)
    }

    fn network_prune(&mut self, filters: &[String]) -> Result<Vec<String>, EngineError> {
        self.prune_networks(filters)
    }

    fn network_connect(
        &mut self,
        network: &str,
        container: &str,
        req: &crate::network::NetworkRequest,
    ) -> Result<(), EngineError> {
        self.connect_network(network, container, req)
    }

    fn network_disconnect(&mut self, network: &str, container: &str, _force: bool) -> Result<(), EngineError> {
        self.disconnect_network(network, container)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Tmp(std::path::PathBuf);
    impl Drop for Tmp {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn engine(name: &str) -> (Tmp, LocalEngine) {
        let dir = std::env::temp_dir().join(format!("ctr-net-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let e = LocalEngine::open(&dir.join("root"), &dir.join("run")).unwrap();
        (Tmp(dir), e)
    }

    fn create(e: &mut LocalEngine, name: &str, subnet: Option<&str>, range: Option<&str>) -> NetworkRecord {
        e.create_network(&NetworkCreate {
            name: name.into(),
            subnet: subnet.map(String::from),
            ip_range: range.map(String::from),
            ..Default::default()
        })
        .unwrap()
    }

    #[test]
    fn endpoints_get_free_addresses_until_the_subnet_is_exhausted() {
        let (_t, mut e) = engine("ipam");
        let n = create(&mut e, "small", Some("10.123.0.0/29"), None);
        assert_eq!(n.gateway, "10.123.0.1");
        let mut got = Vec::new();
        for i in 0..5 {
            got.push(e.allocate_endpoint("small", &format!("c{i}"), None, None, &[]).unwrap().ip);
        }
        assert_eq!(got, ["10.123.0.2", "10.123.0.3", "10.123.0.4", "10.123.0.5", "10.123.0.6"]);
        let err = e.allocate_endpoint("small", "c9", None, None, &[]).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Conflict);
        assert!(err.message.contains("no free address left"), "{}", err.message);
        // A released address is handed out again.
        assert!(e.release_endpoint("small", "c2").unwrap());
        assert_eq!(e.allocate_endpoint("small", "c9", None, None, &[]).unwrap().ip, "10.123.0.4");
        let ep = e.store.container_endpoints("c9").unwrap();
        // Locally administered, unicast.
        assert_eq!(u8::from_str_radix(&ep[0].mac[..2], 16).unwrap() & 3, 2, "{}", ep[0].mac);
    }

    #[test]
    fn static_addresses_must_be_free_hosts_of_the_subnet() {
        let (_t, mut e) = engine("static");
        create(&mut e, "n", Some("10.124.0.0/24"), Some("10.124.0.128/25"));
        // Dynamic addresses come from the range.
        assert_eq!(e.allocate_endpoint("n", "a", None, None, &[]).unwrap().ip, "10.124.0.128");
        // A static one may lie outside the range, inside the subnet.
        assert_eq!(e.allocate_endpoint("n", "b", Some("10.124.0.7"), None, &[]).unwrap().ip, "10.124.0.7");
        for (ip, kind) in [
            ("10.124.0.7", ErrorKind::Conflict),
            ("10.124.0.1", ErrorKind::Conflict),
            ("10.124.0.0", ErrorKind::InvalidArgument),
            ("10.124.0.255", ErrorKind::InvalidArgument),
            ("10.125.0.5", ErrorKind::InvalidArgument),
            ("10.124.0.300", ErrorKind::InvalidArgument),
        ] {
            let err = e.allocate_endpoint("n", "c", Some(ip), None, &[]).unwrap_err();
            assert_eq!(err.kind, kind, "{ip}: {}", err.message);
        }
        assert_eq!(e.allocate_endpoint("n", "a", None, None, &[]).unwrap_err().kind, ErrorKind::Conflict, "twice");
        assert_eq!(e.store.network_endpoints(&e.network("n").unwrap().id).unwrap().len(), 2);
    }

    #[test]
    fn concurrent_allocations_get_distinct_addresses() {
        let (t, mut e) = engine("race");
        create(&mut e, "n", Some("10.126.0.0/24"), None);
        let root = t.0.join("root");
        let run = t.0.join("run");
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let (root, run) = (root.clone(), run.clone());
                // Each its own connection, as separate `ctr` processes have.
                std::thread::spawn(move || {
                    let mut e = LocalEngine::open(&root, &run).unwrap();
                    e.allocate_endpoint("n", &format!("c{i}"), None, None, &[]).unwrap().ip
                })
            })
            .collect();
        let mut ips: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        ips.sort();
        ips.dedup();
        assert_eq!(ips.len(), 8, "{ips:?}");
    }

    #[test]
    fn inspect_shows_endpoints_in_dockers_shape() {
        let (_t, mut e) = engine("shape");
        let n = create(&mut e, "n", Some("10.127.0.0/24"), None);
        let ep = e.allocate_endpoint(&n.id[..8], "c0ffee", None, None, &["web".into()]).unwrap();
        let v = serde_json::to_value(e.inspect_network("n").unwrap()).unwrap();
        let c = &v["Containers"]["c0ffee"];
        assert_eq!(c["IPv4Address"], "10.127.0.2/24", "{v}");
        assert_eq!(c["MacAddress"], ep.mac.as_str());
        assert_eq!(c["IPv6Address"], "");
        assert_eq!(c["EndpointID"].as_str().unwrap().len(), 64);
        assert!(c.get("Name").is_some(), "{v}");
        assert_eq!(e.store.container_endpoints("c0ffee").unwrap()[0].aliases, ["web"]);
    }

    #[test]
    fn a_network_in_use_is_removed_only_when_its_containers_go() {
        let (_t, mut e) = engine("inuse");
        create(&mut e, "busy", None, None);
        create(&mut e, "idle", None, None);
        e.allocate_endpoint("busy", "0123456789abcdef", None, None, &[]).unwrap();
        let err = e.remove_network("busy", false).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Conflict);
        assert!(
            err.message.contains("used by container(s) 0123456789ab") && err.message.contains("-f"),
            "{}",
            err.message
        );
        assert_eq!(e.prune_networks(&[]).unwrap(), ["idle"]);
        assert!(e.network("busy").is_ok());
        e.release_endpoint("busy", "0123456789abcdef").unwrap();
        assert_eq!(e.prune_networks(&[]).unwrap(), ["busy"]);
    }

    #[test]
    fn filters() {
        let n = NetworkRecord {
            id: "abcdef".into(),
            name: "web-net".into(),
            driver: "bridge".into(),
            subnet: "10.89.0.0/24".into(),
            gateway: "10.89.0.1".into(),
            ip_range: None,
            internal: false,
            labels: BTreeMap::from([("app".into(), "web".into())]),
            options: BTreeMap::new(),
            created: 0,
        };
        let f = |v: &[(&str, &str)]| {
            matches(&n, &v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>())
        };
        assert!(f(&[]));
        assert!(f(&[("name", "web")]));
        assert!(!f(&[("name", "db")]));
        assert!(f(&[("name", "db"), ("name", "web")]), "one key: any value");
        assert!(!f(&[("name", "web"), ("driver", "macvlan")]), "every key");
        assert!(f(&[("id", "abc"), ("label", "app"), ("label", "app=web")]));
        assert!(!f(&[("label", "app=db")]));
        assert!(!f(&[("label", "app=web"), ("label", "tier")]), "labels: all of them");
        assert!(!f(&[("id", "bcd")]));
    }
}
