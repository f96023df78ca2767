//! `ctr kube play|down`: Kubernetes YAML read into k8s-openapi's typed objects (every
//! error named by its document and field path), then planned as pods, containers and
//! volumes. The plan is pure (no engine); `commands/kube.rs` carries it out.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{ConfigMap, Container, PersistentVolumeClaim, Pod, PodSpec, Secret};
use serde::Deserialize;

use crate::engine::EngineError;
use crate::engine::local::CreateOptions;

/// One document of the input, typed.
#[derive(Debug)]
pub enum Doc {
    Pod(Box<Pod>),
    Deployment(Box<Deployment>),
    ConfigMap(Box<ConfigMap>),
    Secret(Box<Secret>),
    Claim(Box<PersistentVolumeClaim>),
}

/// The documents of `text` (from `source`, for messages), typed; unsupported kinds and
/// fields are listed in `warnings`, never dropped silently.
pub fn parse(text: &str, source: &str, warnings: &mut Vec<String>) -> Result<Vec<Doc>, EngineError> {
    let mut docs = Vec::new();
    for (i, de) in serde_yaml_ng::Deserializer::from_str(text).enumerate() {
        let n = i + 1;
        let mut v = serde_yaml_ng::Value::deserialize(de)
            .map_err(|e| EngineError::invalid(format!("{source}: document {n}: not valid YAML: {e}")))?;
        if v.is_null() {
            continue;
        }
        // `<<: *anchor` merge keys, as kubectl reads them.
        v.apply_merge().map_err(|e| EngineError::invalid(format!("{source}: document {n}: {e}")))?;
        let kind = v.get("kind").and_then(|k| k.as_str()).map(String::from).ok_or_else(|| {
            EngineError::invalid(format!("{source}: document {n}: no kind: each document needs kind and apiVersion"))
        })?;
        let name = v.get("metadata").and_then(|m| m.get("name")).and_then(|m| m.as_str()).unwrap_or("").to_string();
        let what = format!("{source}: document {n} ({kind} {name:?})");
        let supported = match kind.as_str() {
            "Pod" => pod_paths(""),
            "Deployment" => {
                let mut p = pod_paths("spec.template.");
                p.extend(["spec.replicas", "spec.selector", "spec.template.metadata"].map(String::from));
                p
            }
            "ConfigMap" => ["data", "binaryData"].map(String::from).to_vec(),
            "Secret" => ["data", "stringData", "type"].map(String::from).to_vec(),
            "PersistentVolumeClaim" => {
                ["spec.accessModes", "spec.resources", "spec.volumeMode"].map(String::from).to_vec()
            }
            other => {
                warnings.push(format!("{what}: kind {other} is not supported by ctr kube play; skipped"));
                continue;
            }
        };
        let mut unsupported = Vec::new();
        leaf_paths(&v, String::new(), &mut unsupported);
        unsupported.retain(|p| {
            !["apiVersion", "kind", "metadata.name", "metadata.labels", "metadata.annotations", "metadata.namespace"]
                .iter()
                .map(|s| s.to_string())
                .chain(supported.iter().cloned())
                .any(|s| p == &s || p.starts_with(&format!("{s}.")) || p.starts_with(&format!("{s}[")))
        });
        unsupported.dedup();
        if !unsupported.is_empty() {
            warnings.push(format!("{what}: not supported by ctr, ignored: {}", unsupported.join(", ")));
        }
        let typed = |e: serde_path_to_error::Error<serde_yaml_ng::Error>| {
            let path = e.path().to_string();
            EngineError::invalid(format!("{what}: field {path}: {}", e.into_inner()))
        };
        docs.push(match kind.as_str() {
            "Pod" => Doc::Pod(Box::new(serde_path_to_error::deserialize(v).map_err(typed)?)),
            "Deployment" => Doc::Deployment(Box::new(serde_path_to_error::deserialize(v).map_err(typed)?)),
            "ConfigMap" => Doc::ConfigMap(Box::new(serde_path_to_error::deserialize(v).map_err(typed)?)),
            "Secret" => Doc::Secret(Box::new(serde_path_to_error::deserialize(v).map_err(typed)?)),
            _ => Doc::Claim(Box::new(serde_path_to_error::deserialize(v).map_err(typed)?)),
        });
    }
    Ok(docs)
}

/// The fields of a pod spec (under `prefix`) that play carries out.
fn pod_paths(prefix: &str) -> Vec<String> {
    let c = "spec.containers[].";
    let mut v: Vec<String> = [
        "name",
        "image",
        "imagePullPolicy",
        "command",
        "args",
        "env[].name",
        "env[].value",
        "env[].valueFrom.configMapKeyRef",
        "env[].valueFrom.secretKeyRef",
        "envFrom[].configMapRef",
        "envFrom[].secretRef",
        "envFrom[].prefix",
        "workingDir",
        "ports[].containerPort",
        "ports[].hostPort",
        "ports[].hostIP",
        "ports[].protocol",
        "ports[].name",
        "volumeMounts[].name",
        "volumeMounts[].mountPath",
        "volumeMounts[].readOnly",
        "resources.limits.memory",
        "resources.limits.cpu",
        "securityContext.runAsUser",
        "securityContext.runAsGroup",
        "securityContext.capabilities",
        "securityContext.readOnlyRootFilesystem",
        "securityContext.privileged",
        "securityContext.allowPrivilegeEscalation",
        "livenessProbe.exec",
        "livenessProbe.periodSeconds",
        "livenessProbe.timeoutSeconds",
        "livenessProbe.failureThreshold",
        "livenessProbe.initialDelaySeconds",
        "stdin",
        "tty",
    ]
    .iter()
    .map(|f| format!("{prefix}{c}{f}"))
    .collect();
    v.extend(
        [
            "spec.restartPolicy",
            "spec.hostname",
            "spec.volumes[].name",
            "spec.volumes[].persistentVolumeClaim.claimName",
            "spec.volumes[].persistentVolumeClaim.readOnly",
            "spec.volumes[].hostPath",
            "spec.volumes[].emptyDir",
            "spec.volumes[].configMap.name",
            "spec.volumes[].configMap.optional",
            "spec.volumes[].secret.secretName",
            "spec.volumes[].secret.optional",
        ]
        .iter()
        .map(|f| format!("{prefix}{f}")),
    );
    v
}

/// Every leaf of a YAML value as a path (`spec.containers[].image`).
fn leaf_paths(v: &serde_yaml_ng::Value, at: String, out: &mut Vec<String>) {
    use serde_yaml_ng::Value as V;
    match v {
        V::Mapping(m) if !m.is_empty() => {
            for (k, val) in m {
                let k = k.as_str().map(String::from).unwrap_or_else(|| format!("{k:?}"));
                leaf_paths(val, if at.is_empty() { k } else { format!("{at}.{k}") }, out);
            }
        }
        V::Sequence(s) if !s.is_empty() => {
            for val in s {
                leaf_paths(val, format!("{at}[]"), out);
            }
        }
        V::Tagged(t) => leaf_paths(&t.value, at, out),
        _ => out.push(at),
    }
}

/// A volume a pod's containers mount, as ctr makes it.
#[derive(Debug, Clone, PartialEq)]
pub enum PodVolume {
    /// A named volume (a claim's, or an emptyDir's `POD-VOLUME`, made and removed with it).
    Named {
        name: String,
        temporary: bool,
    },
    Host {
        path: String,
        create: bool,
    },
    /// Files written under the store (`kube/POD/VOLUME`) and bound read-only.
    Files {
        files: BTreeMap<String, Vec<u8>>,
    },
}

/// A pod to make: its `pod create` options and its containers' `create` options (the
/// mounts filled in by the caller from `volumes`, named by `mounts`).
#[derive(Debug)]
pub struct PodPlan {
    pub name: String,
    pub labels: Vec<String>,
    pub hostname: Option<String>,
    pub publish: Vec<String>,
    pub volumes: BTreeMap<String, PodVolume>,
    pub containers: Vec<(CreateOptions, String)>,
}

/// The names of the pods a file's documents make (`kube down`).
pub fn pod_names(docs: &[Doc]) -> Vec<String> {
    let mut v = Vec::new();
    for d in docs {
        match d {
            Doc::Pod(p) => v.push(p.metadata.name.clone().unwrap_or_default()),
            Doc::Deployment(dep) => {
                let name = dep.metadata.name.clone().unwrap_or_default();
                let n = dep.spec.replicas.unwrap_or(1);
                v.extend((0..n).map(|i| format!("{name}-pod-{i}")));
            }
            _ => {}
        }
    }
    v
}

/// The documents as pods to make, ConfigMaps and Secrets resolved into env and files.
pub fn plan(docs: &[Doc], extra_maps: &[ConfigMap], warnings: &mut Vec<String>) -> Result<Vec<PodPlan>, EngineError> {
    let mut maps: BTreeMap<String, BTreeMap<String, Vec<u8>>> = BTreeMap::new();
    let mut secrets: BTreeMap<String, BTreeMap<String, Vec<u8>>> = BTreeMap::new();
    for m in
        extra_maps.iter().chain(docs.iter().filter_map(|d| if let Doc::ConfigMap(m) = d { Some(&**m) } else { None }))
    {
        let mut data: BTreeMap<String, Vec<u8>> =
            m.data.clone().unwrap_or_default().into_iter().map(|(k, v)| (k, v.into_bytes())).collect();
        data.extend(m.binary_data.clone().unwrap_or_default().into_iter().map(|(k, v)| (k, v.0)));
        maps.insert(m.metadata.name.clone().unwrap_or_default(), data);
    }
    for d in docs {
        if let Doc::Secret(s) = d {
            let mut data: BTreeMap<String, Vec<u8>> =
                s.data.clone().unwrap_or_default().into_iter().map(|(k, v)| (k, v.0)).collect();
            data.extend(s.string_data.clone().unwrap_or_default().into_iter().map(|(k, v)| (k, v.into_bytes())));
            secrets.insert(s.metadata.name.clone().unwrap_or_default(), data);
        }
    }
    let mut plans = Vec::new();
    for d in docs {
        match d {
            Doc::Pod(p) => {
                let name = required_name(&p.metadata.name, "Pod")?;
                let spec = p.spec.as_ref().ok_or_else(|| EngineError::invalid(format!("Pod {name}: no spec")))?;
                let labels = p.metadata.labels.clone().unwrap_or_default();
                plans.push(plan_pod(&name, &labels, spec, &maps, &secrets, warnings)?);
            }
            Doc::Deployment(dep) => {
                let name = required_name(&dep.metadata.name, "Deployment")?;
                let s = &dep.spec;
                let spec =
                    s.template.spec.as_ref().ok_or_else(|| {
                        EngineError::invalid(format!("Deployment {name}: spec.template.spec is missing"))
                    })?;
                let labels = s.template.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default();
                let replicas = s.replicas.unwrap_or(1);
                if replicas < 0 {
                    return Err(EngineError::invalid(format!(
                        "Deployment {name}: spec.replicas: {replicas} is negative"
                    )));
                }
                for i in 0..replicas {
                    plans.push(plan_pod(&format!("{name}-pod-{i}"), &labels, spec, &maps, &secrets, warnings)?);
                }
            }
            _ => {}
        }
    }
    Ok(plans)
}

fn required_name(n: &Option<String>, kind: &str) -> Result<String, EngineError> {
    n.clone()
        .filter(|n| !n.is_empty())
        .ok_or_else(|| EngineError::invalid(format!("a {kind} without metadata.name: every object needs a name")))
}

fn plan_pod(
    name: &str,
    labels: &BTreeMap<String, String>,
    spec: &PodSpec,
    maps: &BTreeMap<String, BTreeMap<String, Vec<u8>>>,
    secrets: &BTreeMap<String, BTreeMap<String, Vec<u8>>>,
    warnings: &mut Vec<String>,
) -> Result<PodPlan, EngineError> {
    let bad = |m: String| EngineError::invalid(format!("Pod {name}: {m}"));
    let mut volumes = BTreeMap::new();
    for v in spec.volumes.iter().flatten() {
        let pv = if let Some(c) = &v.persistent_volume_claim {
            PodVolume::Named { name: c.claim_name.clone(), temporary: false }
        } else if let Some(h) = &v.host_path {
            let create = matches!(h.type_.as_deref(), Some("DirectoryOrCreate"));
            PodVolume::Host { path: h.path.clone(), create }
        } else if v.empty_dir.is_some() {
            PodVolume::Named { name: format!("{name}-{}", v.name), temporary: true }
        } else if let Some(c) = &v.config_map {
            match maps.get(&c.name) {
                Some(files) => PodVolume::Files { files: files.clone() },
                None if c.optional == Some(true) => PodVolume::Files { files: BTreeMap::new() },
                None => {
                    return Err(bad(format!(
                        "volume {}: no ConfigMap {:?} in the input (give it in the file or with --configmap)",
                        v.name, c.name
                    )));
                }
            }
        } else if let Some(s) = &v.secret {
            let sname = s.secret_name.clone().unwrap_or_default();
            match secrets.get(&sname) {
                Some(files) => PodVolume::Files { files: files.clone() },
                None if s.optional == Some(true) => PodVolume::Files { files: BTreeMap::new() },
                None => return Err(bad(format!("volume {}: no Secret {sname:?} in the input", v.name))),
            }
        } else {
            return Err(bad(format!(
                "volume {}: its kind is not supported by ctr (persistentVolumeClaim, hostPath, emptyDir, configMap and secret are)",
                v.name
            )));
        };
        volumes.insert(v.name.clone(), pv);
    }
    let mut publish = Vec::new();
    let mut containers = Vec::new();
    let policy = match spec.restart_policy.as_deref() {
        None | Some("Always") => "always",
        Some("OnFailure") => "on-failure",
        Some("Never") => "no",
        Some(p) => return Err(bad(format!("spec.restartPolicy {p:?}: give Always, OnFailure or Never"))),
    };
    for c in &spec.containers {
        for p in c.ports.iter().flatten() {
            if let Some(hp) = p.host_port.filter(|h| *h > 0) {
                let ip = p.host_ip.as_deref().map(|i| format!("{i}:")).unwrap_or_default();
                let proto = p.protocol.as_deref().unwrap_or("TCP").to_ascii_lowercase();
                publish.push(format!("{ip}{hp}:{}/{proto}", p.container_port));
            }
        }
        let (o, pull) = plan_container(name, c, policy, &volumes, maps, secrets, warnings)
            .map_err(|e| EngineError { message: format!("Pod {name}: container {}: {}", c.name, e.message), ..e })?;
        containers.push((o, pull));
    }
    Ok(PodPlan {
        name: name.to_string(),
        labels: labels.iter().map(|(k, v)| format!("{k}={v}")).collect(),
        hostname: spec.hostname.clone(),
        publish,
        volumes,
        containers,
    })
}

/// A container's create options; the pull policy ("missing", "always", "never").
fn plan_container(
    pod: &str,
    c: &Container,
    policy: &str,
    volumes: &BTreeMap<String, PodVolume>,
    maps: &BTreeMap<String, BTreeMap<String, Vec<u8>>>,
    secrets: &BTreeMap<String, BTreeMap<String, Vec<u8>>>,
    _warnings: &mut Vec<String>,
) -> Result<(CreateOptions, String), EngineError> {
    let image = c.image.clone().filter(|i| !i.is_empty()).ok_or_else(|| EngineError::invalid("no image"))?;
    let lookup = |what: &str,
                  store: &BTreeMap<String, BTreeMap<String, Vec<u8>>>,
                  name: &str,
                  key: &str,
                  optional: bool|
     -> Result<Option<String>, EngineError> {
        match store.get(name).and_then(|m| m.get(key)) {
            Some(v) => Ok(Some(String::from_utf8_lossy(v).into_owned())),
            None if optional => Ok(None),
            None => Err(EngineError::invalid(format!("env: {what} {name:?} has no key {key:?} in the input"))),
        }
    };
    let mut env = Vec::new();
    for f in c.env_from.iter().flatten() {
        let prefix = f.prefix.clone().unwrap_or_default();
        let (what, store, name, optional) = match (&f.config_map_ref, &f.secret_ref) {
            (Some(r), _) => ("ConfigMap", maps, r.name.clone(), r.optional == Some(true)),
            (_, Some(r)) => ("Secret", secrets, r.name.clone(), r.optional == Some(true)),
            _ => continue,
        };
        match store.get(&name) {
            Some(m) => env.extend(m.iter().map(|(k, v)| format!("{prefix}{k}={}", String::from_utf8_lossy(v)))),
            None if optional => {}
            None => return Err(EngineError::invalid(format!("envFrom: no {what} {name:?} in the input"))),
        }
    }
    for e in c.env.iter().flatten() {
        let value = match (&e.value, &e.value_from) {
            (Some(v), _) => Some(v.clone()),
            (None, Some(from)) => match (&from.config_map_key_ref, &from.secret_key_ref) {
                (Some(r), _) => lookup("ConfigMap", maps, &r.name, &r.key, r.optional == Some(true))?,
                (_, Some(r)) => lookup("Secret", secrets, &r.name, &r.key, r.optional == Some(true))?,
                _ => {
                    return Err(EngineError::invalid(format!(
                        "env {}: only configMapKeyRef and secretKeyRef are supported",
                        e.name
                    )));
                }
            },
            (None, None) => Some(String::new()),
        };
        if let Some(v) = value {
            env.push(format!("{}={v}", e.name));
        }
    }
    let mut o = CreateOptions {
        image,
        name: Some(format!("{pod}-{}", c.name)),
        entrypoint: c.command.clone(),
        command: c.args.clone().unwrap_or_default(),
        env,
        workdir: c.working_dir.clone(),
        tty: c.tty == Some(true),
        interactive: c.stdin == Some(true),
        restart: crate::engine::policy::RestartPolicy::parse(policy)?,
        ..Default::default()
    };
    if let Some(s) = &c.security_context {
        o.user = match (s.run_as_user, s.run_as_group) {
            (Some(u), Some(g)) => Some(format!("{u}:{g}")),
            (Some(u), None) => Some(u.to_string()),
            (None, Some(g)) => Some(format!("0:{g}")),
            (None, None) => None,
        };
        if let Some(caps) = &s.capabilities {
            o.cap_add = caps.add.clone().unwrap_or_default();
            o.cap_drop = caps.drop.clone().unwrap_or_default();
        }
        o.read_only = s.read_only_root_filesystem == Some(true);
        o.privileged = s.privileged == Some(true);
        if s.allow_privilege_escalation == Some(true) {
            o.security_opt.push("no-new-privileges=false".into());
        }
    }
    if let Some(l) = c.resources.as_ref().and_then(|r| r.limits.as_ref()) {
        if let Some(m) = l.get("memory") {
            let b = quantity_bytes(&m.0).ok_or_else(|| {
                EngineError::invalid(format!("resources.limits.memory {:?}: give a quantity like 128Mi or 1G", m.0))
            })?;
            o.limits.memory = Some(b);
        }
        if let Some(cpu) = l.get("cpu") {
            let milli = quantity_millicpu(&cpu.0).ok_or_else(|| {
                EngineError::invalid(format!("resources.limits.cpu {:?}: give a quantity like 500m or 2", cpu.0))
            })?;
            o.limits.cpu_period = Some(100_000);
            o.limits.cpu_quota = Some((milli * 100) as i64);
        }
    }
    if let Some(p) = &c.liveness_probe {
        let Some(cmd) = p.exec.as_ref().and_then(|e| e.command.clone()).filter(|c| !c.is_empty()) else {
            return Err(EngineError::new(
                crate::engine::ErrorKind::NotSupported,
                "livenessProbe: only exec probes are supported (httpGet, tcpSocket and grpc need a prober ctr does not have)",
            ));
        };
        let list: Vec<String> = std::iter::once("CMD".to_string()).chain(cmd).collect();
        o.health.cmd = Some(serde_json::to_string(&list).map_err(std::io::Error::other)?);
        let secs = |v: Option<i32>| v.filter(|s| *s > 0).map(|s| format!("{s}s"));
        o.health.interval = secs(p.period_seconds);
        o.health.timeout = secs(p.timeout_seconds);
        o.health.start_period = secs(p.initial_delay_seconds);
        o.health.retries = p.failure_threshold.map(i64::from);
    }
    for m in c.volume_mounts.iter().flatten() {
        let v = volumes
            .get(&m.name)
            .ok_or_else(|| EngineError::invalid(format!("volumeMounts: no volume {:?} in spec.volumes", m.name)))?;
        let ro = if m.read_only == Some(true) { ",readonly" } else { "" };
        o.mounts.push(match v {
            PodVolume::Named { name, .. } => format!("type=volume,source={name},target={}{ro}", m.mount_path),
            PodVolume::Host { path, .. } => format!("type=bind,source={path},target={}{ro}", m.mount_path),
            // Files: the caller writes them and binds the directory (kube/POD/VOLUME).
            PodVolume::Files { .. } => format!("files={},target={}", m.name, m.mount_path),
        });
    }
    let pull = match c.image_pull_policy.as_deref() {
        None | Some("IfNotPresent") => "missing",
        Some("Always") => "always",
        Some("Never") => "never",
        Some(p) => {
            return Err(EngineError::invalid(format!("imagePullPolicy {p:?}: give Always, IfNotPresent or Never")));
        }
    };
    Ok((o, pull.to_string()))
}

/// A Kubernetes quantity in bytes: `128Mi`, `1G`, `1e6`, `500`.
pub fn quantity_bytes(q: &str) -> Option<i64> {
    let q = q.trim();
    let units: &[(&str, f64)] = &[
        ("Ki", 1024.0),
        ("Mi", 1024.0 * 1024.0),
        ("Gi", 1024.0 * 1024.0 * 1024.0),
        ("Ti", 1024.0f64.powi(4)),
        ("Pi", 1024.0f64.powi(5)),
        ("Ei", 1024.0f64.powi(6)),
        ("k", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
        ("P", 1e15),
        ("E", 1e18),
        ("m", 1e-3),
    ];
    for (u, f) in units {
        if let Some(n) = q.strip_suffix(u) {
            let v: f64 = n.parse().ok()?;
            return (v >= 0.0).then(|| (v * f).ceil() as i64);
        }
    }
    let v: f64 = q.parse().ok()?;
    (v >= 0.0 && v.is_finite()).then(|| v.ceil() as i64)
}

/// A CPU quantity in thousandths of a CPU: `500m`, `2`, `0.5`.
pub fn quantity_millicpu(q: &str) -> Option<u64> {
    let q = q.trim();
    if let Some(m) = q.strip_suffix('m') {
        return m.parse::<u64>().ok().filter(|m| *m > 0);
    }
    let v: f64 = q.parse().ok()?;
    (v > 0.0 && v.is_finite()).then(|| (v * 1000.0).ceil() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        assert_eq!(quantity_bytes("128Mi"), Some(128 << 20));
        assert_eq!(quantity_bytes("1G"), Some(1_000_000_000));
        assert_eq!(quantity_bytes("1e3"), Some(1000));
        assert_eq!(quantity_bytes("x"), None);
        assert_eq!(quantity_millicpu("500m"), Some(500));
        assert_eq!(quantity_millicpu("1.5"), Some(1500));
        assert_eq!(quantity_millicpu("0"), None);
    }

    #[test]
    fn errors_name_the_document_and_field() {
        let mut w = Vec::new();
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    ports:\n    - containerPort: eighty\n";
        let e = parse(yaml, "f.yaml", &mut w).unwrap_err();
        assert!(e.message.contains("document 2 (Pod \"p\")"), "{}", e.message);
        assert!(e.message.contains("spec.containers[0].ports[0].containerPort"), "{}", e.message);
        let e = parse("a: [1\n", "f.yaml", &mut w).unwrap_err();
        assert!(e.message.contains("document 1: not valid YAML"), "{}", e.message);
    }

    #[test]
    fn anchors_merge_keys_and_warnings() {
        let mut w = Vec::new();
        let yaml = "# comment\nx-common: &env\n  - {name: A, value: '1'}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      nodeSelector: {disk: ssd}\n      containers:\n      - name: c\n        image: busybox\n        env: &e\n        - {name: A, value: '1'}\n      - name: c2\n        image: busybox\n        env: *e\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n";
        let docs = parse(yaml, "f.yaml", &mut w);
        // The first document has no kind.
        assert!(docs.unwrap_err().message.contains("document 1: no kind"));
        let yaml = yaml.split_once("---\n").unwrap().1;
        let docs = parse(yaml, "f.yaml", &mut w).unwrap();
        assert_eq!(docs.len(), 1);
        assert!(w.iter().any(|m| m.contains("spec.template.spec.nodeSelector.disk")), "{w:?}");
        assert!(w.iter().any(|m| m.contains("kind Service is not supported")), "{w:?}");
        let plans = plan(&docs, &[], &mut w).unwrap();
        assert_eq!(plans.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["d-pod-0", "d-pod-1"]);
        assert_eq!(plans[0].containers[1].0.env, ["A=1"]);
    }
}
