//! Pods: containers that share the network, IPC and UTS namespaces of an infra container,
//! as podman's pods and Kubernetes' do. The infra has no image: it is a container whose
//! init (ctr's own code, `runtime/init.rs::hold_namespaces`) holds the namespaces and
//! never execs; it has its own monitor, and the pod's published ports are its.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::LocalEngine;
use super::containers::{ContainerConfig, CreateOptions, await_started};
use crate::engine::{EngineError, ErrorKind};
use crate::store::{ContainerRecord, ContainerState, PodRecord};

/// The kinds of namespace a pod's members can share (podman's `--share` names).
pub const SHAREABLE: &[&str] = &["ipc", "net", "uts"];

/// A pod's configuration, kept as JSON in its record.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PodConfig {
    pub labels: BTreeMap<String, String>,
    /// The namespaces the members share with the infra: some of net, ipc, uts.
    pub share: Vec<String>,
    pub infra_id: Option<String>,
    pub hostname: String,
    /// `-p` of `pod create`: published on the infra.
    pub publish: Vec<String>,
    /// `--network` of `pod create`: the infra's.
    pub network: Vec<String>,
}

impl PodConfig {
    pub fn of(rec: &PodRecord) -> PodConfig {
        serde_json::from_str(&rec.config).unwrap_or_default()
    }

    pub fn shares(&self, kind: &str) -> bool {
        self.infra_id.is_some() && self.share.iter().any(|s| s == kind)
    }
}

/// What `ctr pod create` asks for.
#[derive(Debug, Clone)]
pub struct PodCreateOptions {
    pub name: Option<String>,
    pub labels: Vec<String>,
    /// `--share`: comma-separated kinds (None: net, ipc and uts).
    pub share: Option<String>,
    pub infra: bool,
    pub publish: Vec<String>,
    pub network: Vec<String>,
    pub hostname: Option<String>,
    pub add_hosts: Vec<String>,
    pub dns: Vec<String>,
}

impl Default for PodCreateOptions {
    fn default() -> Self {
        PodCreateOptions {
            name: None,
            labels: Vec::new(),
            share: None,
            infra: true,
            publish: Vec::new(),
            network: Vec::new(),
            hostname: None,
            add_hosts: Vec::new(),
            dns: Vec::new(),
        }
    }
}

/// `--share` checked: the kinds, sorted, or an error naming what ctr can share.
pub fn parse_share(share: Option<&str>) -> Result<Vec<String>, EngineError> {
    let Some(s) = share else { return Ok(SHAREABLE.iter().map(|k| k.to_string()).collect()) };
    let mut kinds = Vec::new();
    for k in s.split(',').map(str::trim).filter(|k| !k.is_empty() && *k != "none") {
        if !SHAREABLE.contains(&k) {
            return Err(EngineError::new(
                ErrorKind::NotSupported,
                format!("--share {k}: ctr's pods share only ipc, net and uts (give some of them, or none)"),
            ));
        }
        if !kinds.iter().any(|x| x == k) {
            kinds.push(k.to_string());
        }
    }
    kinds.sort();
    Ok(kinds)
}

impl LocalEngine {
    /// Finds a pod by name, id or unique id prefix.
    pub fn pod(&self, key: &str) -> Result<PodRecord, EngineError> {
        let found = self.store.find_pods(key)?;
        match found.len() {
            0 => Err(EngineError::not_found(format!("no such pod: {key}; see `ctr pod ps`"))),
            1 => Ok(found.into_iter().next().unwrap()),
            n => Err(EngineError::invalid(format!("pod id prefix {key:?} is ambiguous: {n} pods match"))),
        }
    }

    pub fn pods(&self) -> Result<Vec<PodRecord>, EngineError> {
        Ok(self.store.pods()?)
    }

    /// `ctr pod create`: the record, then its infra container (created, not started).
    pub fn pod_create(&mut self, o: &PodCreateOptions) -> Result<PodRecord, EngineError> {
        let share = if o.infra { parse_share(o.share.as_deref())? } else { Vec::new() };
        if !o.infra
            && (o.share.as_deref().is_some_and(|s| !s.is_empty() && s != "none")
                || !o.publish.is_empty()
                || !o.network.is_empty()
                || o.hostname.is_some())
        {
            return Err(EngineError::invalid(
                "--infra=false: without an infra container nothing holds shared namespaces, so --share, -p, --network and --hostname cannot be given",
            ));
        }
        if !o.publish.is_empty() && !share.iter().any(|s| s == "net") {
            return Err(EngineError::invalid("-p publishes ports on the pod's network: --share must include net"));
        }
        let name = match &o.name {
            Some(n) if !super::containers::valid_name(n) => {
                return Err(EngineError::invalid(format!(
                    "invalid pod name {n:?}: only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
                )));
            }
            Some(n) => n.clone(),
            None => super::containers::random_name(),
        };
        let mut labels = BTreeMap::new();
        for l in &o.labels {
            let (k, v) = l.split_once('=').unwrap_or((l.as_str(), ""));
            labels.insert(k.to_string(), v.to_string());
        }
        let id = super::containers::new_id();
        let config = PodConfig {
            labels,
            share,
            infra_id: None,
            hostname: o.hostname.clone().unwrap_or_else(|| name.clone()),
            publish: o.publish.clone(),
            network: o.network.clone(),
        };
        let rec = PodRecord {
            id: id.clone(),
            name: name.clone(),
            created: crate::timefmt::now_ns(),
            config: serde_json::to_string(&config).map_err(std::io::Error::other)?,
        };
        if !self.store.add_pod(&rec)? {
            return Err(EngineError::conflict(format!(
                "the pod name {name:?} is in use: remove that pod (ctr pod rm {name}) or pick another name"
            )));
        }
        if !o.infra {
            return Ok(rec);
        }
        let infra = CreateOptions {
            infra: true,
            pod: Some(id.clone()),
            name: Some(format!("{}-infra", &id[..12])),
            network: o.network.clone(),
            publish: o.publish.clone(),
            hostname: Some(config.hostname.clone()),
            add_hosts: o.add_hosts.clone(),
            dns: o.dns.clone(),
            ..Default::default()
        };
        match self.create_container(&infra) {
            Ok(c) => {
                let config = PodConfig { infra_id: Some(c.id), ..config };
                let text = serde_json::to_string(&config).map_err(std::io::Error::other)?;
                self.store.set_pod_config(&id, &text)?;
                Ok(PodRecord { config: text, ..rec })
            }
            Err(e) => {
                let _ = self.store.remove_pod(&id);
                Err(EngineError { message: format!("pod {name}: its infra container: {}", e.message), ..e })
            }
        }
    }

    /// A container created with `--pod`: the options with the pod's shared namespaces
    /// (its infra's) in place of the container's own; None without `--pod`.
    pub(crate) fn join_pod(&mut self, o: &CreateOptions) -> Result<Option<CreateOptions>, EngineError> {
        let Some(key) = o.pod.as_deref().filter(|_| !o.infra) else { return Ok(None) };
        let pod = self.pod(key)?;
        let cfg = PodConfig::of(&pod);
        let mut o = o.clone();
        o.pod = Some(pod.id.clone());
        let Some(infra) = &cfg.infra_id else { return Ok(Some(o)) };
        let refuse = |what: &str, hint: &str| {
            Err(EngineError::invalid(format!(
                "{what} cannot be given to a container of pod {}: its containers share the pod's {hint}",
                pod.name
            )))
        };
        // The shared namespaces belong to the infra's user namespace: a container of the
        // pod is in it, so it cannot have id maps of its own.
        let own_maps = o.userns.as_deref().is_some_and(|u| !u.is_empty() && u != "host" && u != "private")
            || !o.uidmap.is_empty()
            || !o.gidmap.is_empty();
        if own_maps && !cfg.share.is_empty() {
            return refuse("--userns, --uidmap and --gidmap", "user namespace (the infra's)");
        }
        if cfg.shares("net") {
            if !o.network.is_empty() {
                return refuse("--network", "network (give --network to `ctr pod create`)");
            }
            if !o.publish.is_empty() || o.publish_all {
                return refuse("-p/--publish", "network (publish ports with `ctr pod create -p`)");
            }
            if o.ip.is_some() || o.mac_address.is_some() || !o.network_aliases.is_empty() {
                return refuse("--ip, --mac-address and --network-alias", "network");
            }
            o.network = vec![format!("container:{infra}")];
        }
        if cfg.shares("ipc") {
            if !o.namespaces.ipc.is_empty() {
                return refuse("--ipc", "IPC namespace");
            }
            o.namespaces.ipc = format!("container:{infra}");
        }
        if cfg.shares("uts") {
            if o.hostname.is_some() || !o.namespaces.uts.is_empty() {
                return refuse("--hostname and --uts", "UTS namespace (its host name is the pod's)");
            }
            o.namespaces.uts = format!("container:{infra}");
            o.hostname = Some(cfg.hostname.clone());
        }
        Ok(Some(o))
    }

    /// `container:NAME` of UTSMode and IpcMode resolved to the container's id.
    pub(crate) fn resolve_joined(
        &self,
        m: &super::containers::NamespaceModes,
    ) -> Result<super::containers::NamespaceModes, EngineError> {
        let mut m = m.clone();
        for (kind, mode) in [("UTSMode (--uts)", &mut m.uts), ("IpcMode (--ipc)", &mut m.ipc)] {
            if let Some(key) = mode.strip_prefix("container:") {
                let target =
                    self.container(key).map_err(|e| EngineError { message: format!("{kind}: {}", e.message), ..e })?;
                *mode = format!("container:{}", target.id);
            }
        }
        Ok(m)
    }

    /// `--pod new:NAME`: a pod made for the container, with its ports and network (as
    /// podman moves them); removed again if the container cannot be made.
    pub(crate) fn create_in_new_pod(&mut self, o: &CreateOptions, name: &str) -> Result<ContainerRecord, EngineError> {
        let pod = self.pod_create(&PodCreateOptions {
            name: Some(name.to_string()),
            publish: o.publish.clone(),
            network: o.network.clone(),
            ..Default::default()
        })?;
        let mut member = o.clone();
        member.pod = Some(pod.id.clone());
        member.publish.clear();
        member.network.clear();
        match self.create_container(&member) {
            Ok(r) => Ok(r),
            Err(e) => {
                let _ = self.pod_remove(&pod.id, true);
                Err(e)
            }
        }
    }

    /// The pod's infra container, started if it is not running (a member's start, or the
    /// pod's).
    pub(crate) fn start_infra(&mut self, pod: &str) -> Result<(), EngineError> {
        let pod = self.pod(pod)?;
        let Some(infra) = PodConfig::of(&pod).infra_id else { return Ok(()) };
        let rec = self.current(&infra)?;
        if rec.state.is_active() {
            return Ok(());
        }
        match self.start_container(&infra) {
            Ok((_, mut sock)) => await_started(&mut sock).map(drop).map_err(|e| EngineError {
                message: format!("pod {}: its infra container did not start: {}", pod.name, e.message),
                ..e
            }),
            // Another start of a member got there first.
            Err(e) if e.kind == ErrorKind::Conflict => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The pod's containers (the infra not among them), oldest first.
    pub fn pod_members(&mut self, pod_id: &str) -> Result<Vec<ContainerRecord>, EngineError> {
        let mut v: Vec<ContainerRecord> = self
            .containers()?
            .into_iter()
            .filter(|c| {
                let cfg = ContainerConfig::of(c);
                cfg.pod.as_deref() == Some(pod_id) && !cfg.infra
            })
            .collect();
        v.sort_by_key(|c| c.created);
        Ok(v)
    }

    fn pod_infra(&mut self, pod: &PodRecord) -> Result<Option<ContainerRecord>, EngineError> {
        match PodConfig::of(pod).infra_id {
            Some(id) => match self.current(&id) {
                Ok(r) => Ok(Some(r)),
                Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            },
            None => Ok(None),
        }
    }

    /// podman's pod status from its containers' states (the infra's included): Created,
    /// Running, Degraded (some running), Paused, Exited, Stopped.
    pub fn pod_status(&mut self, pod: &PodRecord) -> Result<String, EngineError> {
        let mut all = self.pod_members(&pod.id)?;
        all.extend(self.pod_infra(pod)?);
        let paused = all.iter().filter(|c| c.state.is_active() && self.is_paused(c)).count();
        let running = all.iter().filter(|c| c.state.is_active()).count() - paused;
        let created = all.iter().filter(|c| c.state == ContainerState::Created).count();
        Ok(if all.is_empty() || created == all.len() {
            "Created"
        } else if running == all.len() {
            "Running"
        } else if paused == all.len() {
            "Paused"
        } else if running + paused > 0 {
            "Degraded"
        } else if created > 0 {
            "Stopped"
        } else {
            "Exited"
        }
        .to_string())
    }

    /// `pod start`: the infra, then each member not running. Every member is tried; the
    /// failures are reported together.
    pub fn pod_start(&mut self, key: &str) -> Result<PodRecord, EngineError> {
        let pod = self.pod(key)?;
        self.start_infra(&pod.id)?;
        let mut failed = Vec::new();
        for c in self.pod_members(&pod.id)? {
            if c.state.is_active() {
                continue;
            }
            let r = self.start_container(&c.id).and_then(|(_, mut sock)| await_started(&mut sock).map(drop));
            if let Err(e) = r {
                failed.push(format!("{}: {}", c.name, e.message));
            }
        }
        if !failed.is_empty() {
            return Err(EngineError::new(
                ErrorKind::Internal,
                format!("pod {}: some containers did not start: {}", pod.name, failed.join("; ")),
            ));
        }
        Ok(pod)
    }

    /// `pod stop`: every member gets its stop signal at once, then each is waited for
    /// (SIGKILL past the timeout), then the infra.
    pub fn pod_stop(&mut self, key: &str, timeout: Option<Duration>) -> Result<PodRecord, EngineError> {
        let pod = self.pod(key)?;
        let members = self.pod_members(&pod.id)?;
        for c in members.iter().filter(|c| c.state.is_active()) {
            let sig = super::containers::parse_signal(&ContainerConfig::of(c).stop_signal).unwrap_or(libc::SIGTERM);
            let _ = self.store.set_stopped_by_user(&c.id, true);
            let _ = self.kill_container(&c.id, sig);
        }
        for c in &members {
            match self.stop_container(&c.id, timeout) {
                Ok(_) => {}
                Err(e) if e.kind == ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        if let Some(infra) = self.pod_infra(&pod)? {
            self.stop_container(&infra.id, timeout)?;
        }
        Ok(pod)
    }

    /// `pod kill`: the signal to every running container of the pod, the infra last.
    pub fn pod_kill(&mut self, key: &str, signal: i32) -> Result<PodRecord, EngineError> {
        let pod = self.pod(key)?;
        let mut all = self.pod_members(&pod.id)?;
        all.extend(self.pod_infra(&pod)?);
        let running: Vec<_> = all.into_iter().filter(|c| c.state.is_active()).collect();
        if running.is_empty() {
            return Err(EngineError::conflict(format!("pod {} has no running containers to signal", pod.name)));
        }
        for c in running {
            self.kill_by_user(&c.id, signal)?;
        }
        Ok(pod)
    }

    /// `pod rm`: refuses a pod with running containers unless `force`; removes the
    /// members, then the infra, then the record.
    pub fn pod_remove(&mut self, key: &str, force: bool) -> Result<PodRecord, EngineError> {
        let pod = self.pod(key)?;
        let members = self.pod_members(&pod.id)?;
        let infra = self.pod_infra(&pod)?;
        let running: Vec<&str> = members.iter().filter(|c| c.state.is_active()).map(|c| c.name.as_str()).collect();
        if !force && !running.is_empty() {
            return Err(EngineError::conflict(format!(
                "pod {} has running containers ({}): stop the pod first (ctr pod stop {}) or remove it with -f",
                pod.name,
                running.join(", "),
                pod.name
            )));
        }
        for c in members {
            match self.remove_container(&c.id, force) {
                Ok(_) => {}
                Err(e) if e.kind == ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        if let Some(i) = infra {
            // Nothing else uses its namespaces now: ended without waiting out a timeout.
            match self.remove_container_unchecked(i, true) {
                Ok(_) => {}
                Err(e) if e.kind == ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        self.store.remove_pod(&pod.id)?;
        Ok(pod)
    }

    /// `pod prune`: removes every pod none of whose containers runs.
    pub fn pod_prune(&mut self) -> Result<Vec<String>, EngineError> {
        let mut removed = Vec::new();
        for pod in self.pods()? {
            let mut all = self.pod_members(&pod.id)?;
            all.extend(self.pod_infra(&pod)?);
            if all.iter().all(|c| !c.state.is_active()) {
                self.pod_remove(&pod.id, false)?;
                removed.push(pod.id);
            }
        }
        Ok(removed)
    }

    /// `pod inspect`: podman's shape (the fields ctr has).
    pub fn pod_inspect(&mut self, key: &str) -> Result<Value, EngineError> {
        let pod = self.pod(key)?;
        let cfg = PodConfig::of(&pod);
        let status = self.pod_status(&pod)?;
        let mut all = Vec::new();
        let infra = self.pod_infra(&pod)?;
        all.extend(infra.clone());
        all.extend(self.pod_members(&pod.id)?);
        let containers: Vec<Value> =
            all.iter().map(|c| json!({"Id": c.id, "Name": c.name, "State": c.state.as_str()})).collect();
        let infra_cfg = infra.as_ref().map(ContainerConfig::of);
        Ok(json!({
            "Id": pod.id,
            "Name": pod.name,
            "Created": crate::timefmt::format_rfc3339_nanos(pod.created),
            "State": status,
            "Hostname": cfg.hostname,
            "Labels": cfg.labels,
            "CreateInfra": cfg.infra_id.is_some(),
            "InfraContainerID": cfg.infra_id.clone().unwrap_or_default(),
            "InfraConfig": infra_cfg.as_ref().map(|c| json!({
                "PortBindings": super::containers::port_bindings(&c.net),
                "NetworkOptions": {"mode": c.net.mode.name()},
                "Networks": cfg.network,
            })),
            "SharedNamespaces": cfg.share,
            "NumContainers": all.len(),
            "Containers": containers,
        }))
    }
}
