//! `ctr kube generate`: containers and pods written out as Kubernetes objects (k8s-openapi's
//! typed structs, serialized with serde_yaml_ng), for a cluster to take unchanged.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec};
use k8s_openapi::api::core::v1::{
    Capabilities, Container, ContainerPort, EmptyDirVolumeSource, EnvVar, ExecAction, HostPathVolumeSource,
    PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeClaimVolumeSource, Pod, PodSpec, PodTemplateSpec,
    Probe, ResourceRequirements, SecurityContext, Service, ServicePort, ServiceSpec, Volume, VolumeMount,
    VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::engine::local::{ContainerConfig, LocalEngine, PodConfig};
use crate::engine::mounts::Source;
use crate::engine::{EngineError, ErrorKind};
use crate::store::ContainerRecord;

/// What `kube generate` writes: a Pod per pod (or Deployment), and with them the claims
/// of the named volumes used and, with `-s`, a Service.
#[derive(Debug, Clone, Default)]
pub struct GenerateOptions {
    /// "pod" (default) or "deployment".
    pub kind: String,
    pub replicas: Option<i32>,
    pub service: bool,
}

/// A name Kubernetes takes (RFC 1123 label): lower case, `_` and `.` as `-`.
pub fn k8s_name(s: &str) -> String {
    let mut n: String = s
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '-') => c,
            _ => '-',
        })
        .collect();
    n = n.trim_matches('-').to_string();
    n.truncate(63);
    if n.is_empty() { "ctr".into() } else { n }
}

/// The YAML of `keys` (containers, or pods: each pod its own object; the containers
/// given together one pod named after the first, as podman does).
pub fn generate(e: &mut LocalEngine, keys: &[String], o: &GenerateOptions) -> Result<String, EngineError> {
    if !matches!(o.kind.as_str(), "" | "pod" | "deployment") {
        return Err(EngineError::invalid(format!("--type {}: give pod or deployment", o.kind)));
    }
    if o.replicas.is_some() && o.kind != "deployment" {
        return Err(EngineError::invalid("--replicas is for --type deployment"));
    }
    let mut groups: Vec<(String, Option<PodConfig>, Vec<ContainerRecord>)> = Vec::new();
    let mut loose = Vec::new();
    for k in keys {
        match e.pod(k) {
            Ok(p) => {
                let cfg = PodConfig::of(&p);
                let mut members = Vec::new();
                if let Some(i) = &cfg.infra_id {
                    members.push(e.container(i)?);
                }
                members.extend(e.pod_members(&p.id)?);
                groups.push((p.name.clone(), Some(cfg), members));
            }
            Err(err) if err.kind == ErrorKind::NotFound => {
                let c = e.container(k).map_err(|_| {
                    EngineError::not_found(format!("no such container or pod: {k}; see `ctr ps -a` and `ctr pod ps`"))
                })?;
                if ContainerConfig::of(&c).infra {
                    return Err(EngineError::invalid(format!("{k} is a pod's infra container: give the pod's name")));
                }
                loose.push(c);
            }
            Err(err) => return Err(err),
        }
    }
    if !loose.is_empty() {
        groups.push((format!("{}-pod", loose[0].name), None, loose));
    }
    let mut docs = Vec::new();
    let mut claims = BTreeMap::new();
    for (name, pod, members) in groups {
        let (spec, ports) = pod_spec(e, pod.as_ref(), &members, &mut claims)?;
        let name = k8s_name(&name);
        let labels = BTreeMap::from([("app".to_string(), name.clone())]);
        let meta = ObjectMeta { name: Some(name.clone()), labels: Some(labels.clone()), ..Default::default() };
        let doc = if o.kind == "deployment" {
            let mut spec = spec;
            // A Deployment's pods are restarted by it: Always is the only policy it takes.
            spec.restart_policy = Some("Always".into());
            serde_yaml_ng::to_string(&Deployment {
                metadata: ObjectMeta { name: Some(format!("{name}-deployment")), ..meta.clone() },
                spec: DeploymentSpec {
                    replicas: Some(o.replicas.unwrap_or(1)),
                    selector: LabelSelector { match_labels: Some(labels.clone()), ..Default::default() },
                    template: PodTemplateSpec { metadata: Some(meta.clone()), spec: Some(spec) },
                    ..Default::default()
                },
                ..Default::default()
            })
        } else {
            serde_yaml_ng::to_string(&Pod { metadata: meta.clone(), spec: Some(spec), ..Default::default() })
        };
        docs.push(doc.map_err(yaml_error)?);
        if o.service && !ports.is_empty() {
            let svc = Service {
                metadata: ObjectMeta { name: Some(name.clone()), labels: Some(labels.clone()), ..Default::default() },
                spec: Some(ServiceSpec {
                    selector: Some(labels),
                    type_: Some("NodePort".into()),
                    ports: Some(
                        ports
                            .iter()
                            .map(|p| ServicePort {
                                name: Some(format!("{}-{}", p.container_port, p.protocol.to_ascii_lowercase())),
                                port: p.container_port as i32,
                                target_port: Some(IntOrString::Int(p.container_port as i32)),
                                protocol: Some(p.protocol.to_ascii_uppercase()),
                                ..Default::default()
                            })
                            .collect(),
                    ),
                    ..Default::default()
                }),
                ..Default::default()
            };
            docs.push(serde_yaml_ng::to_string(&svc).map_err(yaml_error)?);
        }
    }
    for claim in claims.into_values() {
        docs.push(serde_yaml_ng::to_string(&claim).map_err(yaml_error)?);
    }
    let mut out = format!(
        "# Save the output of this file and use kubectl create -f to import it into Kubernetes.\n#\n# Created with ctr {}\n",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str(&docs.join("---\n"));
    Ok(out)
}

fn yaml_error(e: serde_yaml_ng::Error) -> EngineError {
    EngineError::new(ErrorKind::Internal, format!("writing YAML: {e}"))
}

/// The pod's spec from its containers (the infra gives the ports and hostname, and is not
/// itself a container of the spec); the ports published, for a Service.
fn pod_spec(
    e: &mut LocalEngine,
    pod: Option<&PodConfig>,
    members: &[ContainerRecord],
    claims: &mut BTreeMap<String, PersistentVolumeClaim>,
) -> Result<(PodSpec, Vec<crate::network::PortMapping>), EngineError> {
    let mut spec = PodSpec::default();
    let mut volumes: Vec<Volume> = Vec::new();
    let mut containers = Vec::new();
    let mut all_ports = Vec::new();
    let mut policy = None;
    // The pod's ports are its infra's; a loose container's are its own.
    let infra_ports = members.iter().find(|c| ContainerConfig::of(c).infra).map(|c| ContainerConfig::of(c).net.ports);
    for rec in members {
        let cfg = ContainerConfig::of(rec);
        if cfg.infra {
            continue;
        }
        let image_env: Vec<String> = e
            .image_config_of(&rec.image_id)
            .ok()
            .and_then(|ic| ic.get("Env").cloned())
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default();
        let mut c = Container { name: k8s_name(&rec.name), image: Some(rec.image_name.clone()), ..Default::default() };
        if !cfg.entrypoint.is_empty() {
            c.command = Some(cfg.entrypoint.clone());
        }
        if !cfg.cmd.is_empty() {
            c.args = Some(cfg.cmd.clone());
        }
        let env: Vec<EnvVar> = cfg
            .env
            .iter()
            .filter(|v| !image_env.contains(v))
            .filter_map(|v| v.split_once('='))
            .filter(|(k, _)| !matches!(*k, "HOSTNAME" | "container" | "TERM" | "PATH"))
            .map(|(k, v)| EnvVar { name: k.into(), value: Some(v.into()), ..Default::default() })
            .collect();
        if !env.is_empty() {
            c.env = Some(env);
        }
        if cfg.working_dir != "/" && !cfg.working_dir.is_empty() {
            c.working_dir = Some(cfg.working_dir.clone());
        }
        // A pod's ports (its infra's) go on its first container, as podman writes them.
        let ports = match &infra_ports {
            Some(p) if containers.is_empty() => p.clone(),
            Some(_) => Vec::new(),
            None => cfg.net.ports.clone(),
        };
        if !ports.is_empty() {
            c.ports = Some(
                ports
                    .iter()
                    .map(|p| ContainerPort {
                        container_port: p.container_port as i32,
                        host_port: (p.host_port != 0).then_some(p.host_port as i32),
                        host_ip: (!p.host_ip.is_empty() && p.host_ip != "0.0.0.0").then(|| p.host_ip.clone()),
                        protocol: Some(p.protocol.to_ascii_uppercase()),
                        ..Default::default()
                    })
                    .collect(),
            );
            all_ports.extend(ports);
        }
        c.security_context = security_context(&cfg);
        c.resources = resources(&cfg.resources);
        if let Some(h) = cfg.healthcheck.as_ref().filter(|h| h.active()) {
            let command = match h.test.first().map(String::as_str) {
                Some("CMD-SHELL") => vec!["/bin/sh".to_string(), "-c".into(), h.test[1..].join(" ")],
                _ => h.test[1..].to_vec(),
            };
            let secs = |ns: i64| (ns > 0).then(|| (ns / 1_000_000_000).max(1) as i32);
            c.liveness_probe = Some(Probe {
                exec: Some(ExecAction { command: Some(command) }),
                period_seconds: secs(h.interval).or(Some(30)),
                timeout_seconds: secs(h.timeout).or(Some(30)),
                initial_delay_seconds: secs(h.start_period),
                failure_threshold: Some(if h.retries > 0 { h.retries as i32 } else { 3 }),
                ..Default::default()
            });
        }
        let mut mounts = Vec::new();
        for m in &cfg.mounts {
            let (vol_name, source) = match &m.spec.source {
                Source::Volume { .. } => {
                    let v = m.volume.clone().unwrap_or_default();
                    let n = k8s_name(&format!("{v}-pvc"));
                    claims.entry(v.clone()).or_insert_with(|| claim(&v));
                    let src = Volume {
                        name: n.clone(),
                        persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                            claim_name: k8s_name(&v),
                            ..Default::default()
                        }),
                        ..Default::default()
                    };
                    (n, src)
                }
                Source::Bind { path } => {
                    let n = k8s_name(&format!("{}-host-{}", path.trim_start_matches('/'), volumes.len()));
                    let is_dir = std::fs::metadata(path).map(|m| m.is_dir()).unwrap_or(true);
                    let src = Volume {
                        name: n.clone(),
                        host_path: Some(HostPathVolumeSource {
                            path: path.clone(),
                            type_: Some(if is_dir { "Directory" } else { "File" }.into()),
                        }),
                        ..Default::default()
                    };
                    (n, src)
                }
                Source::Tmpfs { .. } => {
                    let n = k8s_name(&format!("{}-tmpfs-{}", m.spec.target.trim_start_matches('/'), volumes.len()));
                    let src = Volume {
                        name: n.clone(),
                        empty_dir: Some(EmptyDirVolumeSource { medium: Some("Memory".into()), ..Default::default() }),
                        ..Default::default()
                    };
                    (n, src)
                }
            };
            if !volumes.iter().any(|v| v.name == vol_name) {
                volumes.push(source);
            }
            mounts.push(VolumeMount {
                name: vol_name,
                mount_path: m.spec.target.clone(),
                read_only: m.spec.readonly.then_some(true),
                ..Default::default()
            });
        }
        if !mounts.is_empty() {
            c.volume_mounts = Some(mounts);
        }
        policy = policy.or(match cfg.restart_policy.name.as_str() {
            "always" | "unless-stopped" => Some("Always"),
            "on-failure" => Some("OnFailure"),
            _ => None,
        });
        containers.push(c);
    }
    if containers.is_empty() {
        return Err(EngineError::invalid("the pod has no containers to write out (only its infra)"));
    }
    spec.containers = containers;
    spec.restart_policy = Some(policy.unwrap_or("Never").into());
    if let Some(p) = pod
        && p.shares("uts")
    {
        spec.hostname = Some(k8s_name(&p.hostname));
    }
    if !volumes.is_empty() {
        spec.volumes = Some(volumes);
    }
    Ok((spec, all_ports))
}

fn claim(volume: &str) -> PersistentVolumeClaim {
    PersistentVolumeClaim {
        metadata: ObjectMeta { name: Some(k8s_name(volume)), ..Default::default() },
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: Some(vec!["ReadWriteOnce".into()]),
            resources: Some(VolumeResourceRequirements {
                requests: Some(BTreeMap::from([("storage".to_string(), Quantity("1Gi".into()))])),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn security_context(cfg: &ContainerConfig) -> Option<SecurityContext> {
    let mut s = SecurityContext::default();
    let (user, group) = cfg.user.split_once(':').unwrap_or((cfg.user.as_str(), ""));
    s.run_as_user = user.parse().ok();
    s.run_as_group = group.parse().ok();
    let caps = |v: &[String]| -> Option<Vec<String>> {
        (!v.is_empty()).then(|| v.iter().map(|c| c.trim_start_matches("CAP_").to_ascii_uppercase()).collect())
    };
    let (add, drop) = (caps(&cfg.cap_add), caps(&cfg.cap_drop));
    if add.is_some() || drop.is_some() {
        s.capabilities = Some(Capabilities { add, drop });
    }
    if cfg.read_only {
        s.read_only_root_filesystem = Some(true);
    }
    if cfg.security.privileged {
        s.privileged = Some(true);
    }
    (s != SecurityContext::default()).then_some(s)
}

fn resources(l: &crate::cgroups::Limits) -> Option<ResourceRequirements> {
    let mut limits = BTreeMap::new();
    if let Some(m) = l.memory.filter(|m| *m > 0) {
        limits.insert("memory".to_string(), Quantity(m.to_string()));
    }
    if let (Some(q), Some(p)) = (l.cpu_quota.filter(|q| *q > 0), l.cpu_period.filter(|p| *p > 0)) {
        limits.insert("cpu".to_string(), Quantity(format!("{}m", (q as u64 * 1000).div_ceil(p))));
    }
    (!limits.is_empty()).then(|| ResourceRequirements { limits: Some(limits), ..Default::default() })
}
