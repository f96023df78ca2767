//! Container operations of the local engine: create (record + bundle with an OCI
//! config.json), start (spawn the monitor), list, inspect, stop, kill, remove, wait, logs.

use std::io::Read;

use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::LocalEngine;
use crate::engine::{EngineError, ErrorKind};
use crate::monitor::{self, Paths, proto};
use crate::runtime::{caps, init};
use crate::store::containers::AddError;
use crate::store::{ContainerRecord, ContainerState};

/// What `ctr create`/`run` asks for.
#[derive(Debug, Clone, Default)]
pub struct CreateOptions {
    pub image: String,
    pub name: Option<String>,
    pub command: Vec<String>,
    /// `--entrypoint` (one word from the CLI, a list from the API; empty resets it).
    pub entrypoint: Option<Vec<String>>,
    pub env: Vec<String>,
    pub env_files: Vec<PathBuf>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub hostname: Option<String>,
    pub tty: bool,
    pub interactive: bool,
    pub init: bool,
    pub read_only: bool,
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
    /// `--network` as given: one mode, or user networks `NAME[:ip=,alias=,mac=]`.
    pub network: Vec<String>,
    /// `--ip`, `--network-alias`, `--mac-address`: for the first user network.
    pub ip: Option<String>,
    pub network_aliases: Vec<String>,
    pub mac_address: Option<String>,
    /// Per-network settings from the API's `NetworkingConfig.EndpointsConfig`.
    pub endpoints: Vec<crate::network::NetworkRequest>,
    pub publish: Vec<String>,
    pub publish_all: bool,
    pub dns: Vec<String>,
    pub dns_search: Vec<String>,
    pub dns_options: Vec<String>,
    pub add_hosts: Vec<String>,
    /// `-v`, `--mount`, `--tmpfs`, `--volumes-from` as given.
    pub volumes: Vec<String>,
    pub mounts: Vec<String>,
    pub tmpfs: Vec<String>,
    pub volumes_from: Vec<String>,
    pub limits: crate::cgroups::Limits,
    /// `--cgroups=disabled`
    pub cgroups_disabled: bool,
    pub auto_remove: bool,
    pub labels: Vec<String>,
    /// An external OCI runtime to run the bundle with (`--runtime`).
    pub runtime: Option<PathBuf>,
    /// The client's terminal size (rows, columns) for -t.
    pub console_size: Option<(u16, u16)>,
    /// `--userns`: host, private, keep-id, nomap or auto.
    pub userns: Option<String>,
    /// `--uidmap` / `--gidmap`: CONTAINER:FROM:SIZE ranges.
    pub uidmap: Vec<String>,
    pub gidmap: Vec<String>,
    pub restart: crate::engine::policy::RestartPolicy,
    /// `--health-*` over the image's HEALTHCHECK.
    pub health: crate::engine::policy::HealthFlags,
    pub health_on_failure: crate::engine::policy::HealthOnFailure,
    pub sdnotify: crate::engine::policy::SdNotify,
    pub stop_timeout: Option<u64>,
    /// `--cgroups=split`: the container's cgroup below the one ctr runs in.
    pub cgroups_split: bool,
    /// The namespaces shared with the host or kept private, as docker's modes.
    pub namespaces: NamespaceModes,
    /// Supplementary groups of the process (docker's `--group-add`), numeric.
    pub group_add: Vec<String>,
    pub log: LogConfig,
    /// Keep `Env` entries without `=` as given (the Docker API's rule: the process gets
    /// no such variable) instead of taking the value from ctr's own environment (the CLI's).
    pub env_as_given: bool,
    /// The signal that stops the container, over the image's (the API's StopSignal).
    pub stop_signal: Option<String>,
    /// Fields of the Docker API's create that ctr shows back in inspect as given.
    pub as_given: Value,
    /// `--security-opt` values, as given.
    pub security_opt: Vec<String>,
    pub privileged: bool,
    /// `--device` values: `/dev/X[:/dev/Y][:PERMS]` or CDI names.
    pub devices: Vec<String>,
    /// `--pod NAME|ID|new:NAME`: the pod the container joins.
    pub pod: Option<String>,
    /// A pod's infra container: no image, its init holds the namespaces and never execs.
    pub infra: bool,
}

/// docker's PidMode, UTSMode, IpcMode and CgroupnsMode as ctr honours them: each
/// namespace private (the default) or the host's.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
#[serde(default)]
pub struct NamespaceModes {
    pub pid: String,
    pub uts: String,
    pub ipc: String,
    pub cgroupns: String,
}

impl NamespaceModes {
    /// Checks each mode: "" or private (ipc also shareable), or host where ctr can share
    /// the host's namespace.
    pub fn new(pid: &str, uts: &str, ipc: &str, cgroupns: &str) -> Result<NamespaceModes, EngineError> {
        let refuse = |what: &str, mode: &str, why: &str| {
            Err(EngineError::new(ErrorKind::NotSupported, format!("{what} {mode:?} is not supported by ctr: {why}")))
        };
        match pid {
            // host: the host's /proc is bound in (a user namespace may not mount a proc of
            // a pid namespace it does not own), and since the container's first process is
            // not pid 1 there, the monitor kills what is left in the container's mount
            // namespace when it exits, as the kernel does for a pid namespace.
            "" | "private" | "host" => {}
            m => return refuse("PidMode (--pid)", m, "give private or host (container:NAME is not supported)"),
        }
        match uts {
            "" | "host" => {}
            m if m.strip_prefix("container:").is_some_and(|c| !c.is_empty()) => {}
            m => return refuse("UTSMode (--uts)", m, "give \"\", host or container:NAME"),
        }
        match ipc {
            "" | "private" | "shareable" | "host" => {}
            m if m.strip_prefix("container:").is_some_and(|c| !c.is_empty()) => {}
            m => return refuse("IpcMode (--ipc)", m, "give private, shareable, host or container:NAME"),
        }
        match cgroupns {
            "" | "private" | "host" => {}
            m => return refuse("CgroupnsMode (--cgroupns)", m, "give private or host"),
        }
        Ok(NamespaceModes { pid: pid.into(), uts: uts.into(), ipc: ipc.into(), cgroupns: cgroupns.into() })
    }

    /// The container whose namespace of this kind (uts, ipc) this one joins
    /// (`container:ID`, a pod's infra for a pod's shared kinds).
    pub fn joined(&self, kind: &str) -> Option<&str> {
        match kind {
            "uts" => self.uts.strip_prefix("container:"),
            "ipc" => self.ipc.strip_prefix("container:"),
            _ => None,
        }
    }

    /// Is this namespace (OCI name: pid, uts, ipc, cgroup) the host's?
    pub fn host(&self, kind: &str) -> bool {
        match kind {
            "pid" => self.pid == "host",
            "uts" => self.uts == "host",
            "ipc" => self.ipc == "host",
            "cgroup" => self.cgroupns == "host",
            _ => false,
        }
    }
}

/// The container's log: docker's json-file driver, the only one ctr writes.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
#[serde(default)]
pub struct LogConfig {
    pub driver: String,
    pub opts: std::collections::BTreeMap<String, String>,
}

impl LogConfig {
    /// A driver and its options, checked: json-file (or none given) with max-size and
    /// max-file, which ctr honours; anything else is refused here rather than ignored.
    pub fn new(driver: &str, opts: std::collections::BTreeMap<String, String>) -> Result<LogConfig, EngineError> {
        let driver = if driver.is_empty() { "json-file" } else { driver };
        if driver != "json-file" {
            return Err(EngineError::invalid(format!(
                "log driver {driver:?} is not supported: ctr writes json-file logs only; use json-file (or give none)"
            )));
        }
        for (k, v) in &opts {
            match k.as_str() {
                "max-size" => {
                    let n =
                        crate::cgroups::parse_size(v).map_err(|e| EngineError::invalid(format!("max-size: {e}")))?;
                    if n <= 0 {
                        return Err(EngineError::invalid(format!("max-size {v:?}: must be more than 0")));
                    }
                }
                "max-file" => {
                    if !v.parse::<u32>().is_ok_and(|n| n >= 1) {
                        return Err(EngineError::invalid(format!("max-file {v:?}: give a number of files, 1 or more")));
                    }
                }
                // What json-file knows but ctr's writer does not do: refused, not ignored.
                "compress" | "labels" | "labels-regex" | "env" | "env-regex" | "tag" => {
                    return Err(EngineError::new(
                        ErrorKind::NotSupported,
                        format!(
                            "log opt '{k}' of the json-file log driver is not supported by ctr; max-size and max-file are"
                        ),
                    ));
                }
                // dockerd's words (docker-py and compose show them).
                _ => return Err(EngineError::invalid(format!("unknown log opt '{k}' for json-file log driver"))),
            }
        }
        if opts.contains_key("max-file") && !opts.contains_key("max-size") {
            return Err(EngineError::invalid("max-file needs max-size: the log rotates when it reaches max-size"));
        }
        Ok(LogConfig { driver: driver.to_string(), opts })
    }

    /// (max-size in bytes, max-file) when the log rotates.
    pub fn rotation(&self) -> Option<(u64, u32)> {
        let size = crate::cgroups::parse_size(self.opts.get("max-size")?).ok()? as u64;
        Some((size, self.opts.get("max-file").and_then(|f| f.parse().ok()).unwrap_or(1)))
    }
}

/// The paths of /proc and /sys that every container sees masked, and read-only.
pub const MASKED_PATHS: &[&str] = &[
    "/proc/acpi",
    "/proc/asound",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
    "/sys/fs/selinux",
];
pub const READONLY_PATHS: &[&str] = &["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

/// A container's configuration as stored (and shown by inspect as Config/HostConfig).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ContainerConfig {
    pub image: String,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub env: Vec<String>,
    pub working_dir: String,
    pub user: String,
    pub hostname: String,
    pub tty: bool,
    pub open_stdin: bool,
    pub init: bool,
    pub read_only: bool,
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
    pub capabilities: Vec<String>,
    pub network: String,
    pub auto_remove: bool,
    pub labels: std::collections::BTreeMap<String, String>,
    pub stop_signal: String,
    pub lower_dirs: Vec<String>,
    /// The storage driver of its root (made with; kept for its life). Records from before
    /// drivers existed are overlay's.
    #[serde(default)]
    pub storage_driver: crate::storage::driver::Driver,
    #[serde(default)]
    pub runtime: Option<String>,
    #[serde(default)]
    pub console_size: Option<(u16, u16)>,
    #[serde(default)]
    pub userns: Option<String>,
    #[serde(default)]
    pub net: crate::network::NetConfig,
    #[serde(default)]
    pub mounts: Vec<super::ResolvedMount>,
    #[serde(default)]
    pub resources: crate::cgroups::Limits,
    #[serde(default)]
    pub restart_policy: crate::engine::policy::RestartPolicy,
    #[serde(default)]
    pub healthcheck: Option<crate::engine::policy::HealthConfig>,
    #[serde(default)]
    pub health_on_failure: crate::engine::policy::HealthOnFailure,
    #[serde(default)]
    pub sdnotify: crate::engine::policy::SdNotify,
    #[serde(default)]
    pub stop_timeout: Option<u64>,
    #[serde(default)]
    pub cgroups_split: bool,
    #[serde(default)]
    pub namespaces: NamespaceModes,
    /// Supplementary gids (`--group-add`).
    #[serde(default)]
    pub group_add: Vec<u32>,
    /// `--group-add keep-groups`: the supplementary groups of the user who starts it.
    #[serde(default)]
    pub keep_groups: bool,
    #[serde(default)]
    pub log: LogConfig,
    /// The Docker API's create fields shown back in inspect as given
    /// (`{"HostConfig": {..}, "Config": {..}}`; null for the CLI's containers).
    #[serde(default)]
    pub as_given: Value,
    #[serde(default)]
    pub security: crate::engine::security::SecurityConfig,
    #[serde(default)]
    pub devices: crate::engine::devices::DeviceEdits,
    /// The container's own id maps (`--userns keep-id|nomap|auto`, `--uidmap`): to ids
    /// of the pause namespace when unprivileged, host ids as root. None: the default.
    #[serde(default)]
    pub idmap: Option<crate::engine::userns::IdMaps>,
    /// `--userns keep-id`: the passwd/group entry the container gets for the user.
    #[serde(default)]
    pub keep_id: Option<KeepId>,
    /// The id of the pod the container belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod: Option<String>,
    /// The pod's infra container (no image; its init holds the shared namespaces).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub infra: bool,
}

/// The user a keep-id container adds to its /etc/passwd and /etc/group when they lack it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct KeepId {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
    pub home: String,
}

impl ContainerConfig {
    /// The configuration stored with a container record.
    pub fn of(rec: &ContainerRecord) -> ContainerConfig {
        serde_json::from_str(&rec.config).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default)]
pub struct LogOptions {
    pub follow: bool,
    pub tail: Option<usize>,
    pub timestamps: bool,
    pub since: Option<i64>,
    /// Unix nanoseconds: no line after this time (docker's `until`); following stops once
    /// it has passed.
    pub until: Option<i64>,
}

const ADJECTIVES: &[&str] = &[
    "admiring",
    "brave",
    "clever",
    "dazzling",
    "eager",
    "festive",
    "gallant",
    "happy",
    "jolly",
    "keen",
    "lucid",
    "mystifying",
    "nifty",
    "optimistic",
    "quirky",
    "relaxed",
    "serene",
    "tender",
    "upbeat",
    "vibrant",
    "wizardly",
    "zealous",
];
const NAMES: &[&str] = &[
    "albattani",
    "babbage",
    "curie",
    "darwin",
    "euclid",
    "fermat",
    "galileo",
    "hopper",
    "hypatia",
    "kepler",
    "lovelace",
    "mayer",
    "noether",
    "pascal",
    "ritchie",
    "shannon",
    "thompson",
    "turing",
    "wozniak",
    "yalow",
];

pub(crate) fn random_bytes(n: usize) -> Vec<u8> {
    let mut b = vec![0u8; n];
    if std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut b)).is_err() {
        let t = crate::timefmt::now_ns() as u64 ^ (std::process::id() as u64) << 32;
        for (i, x) in b.iter_mut().enumerate() {
            *x = (t >> ((i % 8) * 8)) as u8 ^ i as u8;
        }
    }
    b
}

pub(crate) fn new_id() -> String {
    random_bytes(32).iter().map(|b| format!("{b:02x}")).collect()
}

/// What a user network's DNS server answers for a container: its name, its short id, its
/// aliases (docker's).
pub fn dns_names(name: &str, id: &str, aliases: &[String]) -> Vec<String> {
    let mut v = vec![name.to_string(), id[..12.min(id.len())].to_string()];
    for a in aliases {
        if !v.contains(a) {
            v.push(a.clone());
        }
    }
    v
}

pub(crate) fn random_name() -> String {
    let b = random_bytes(3);
    format!("{}_{}{}", ADJECTIVES[b[0] as usize % ADJECTIVES.len()], NAMES[b[1] as usize % NAMES.len()], b[2] % 100)
}

pub(crate) fn valid_name(n: &str) -> bool {
    // docker's [a-zA-Z0-9][a-zA-Z0-9_.-]+
    let mut c = n.chars();
    c.next().is_some_and(|f| f.is_ascii_alphanumeric()) && c.all(|x| x.is_ascii_alphanumeric() || "_.-".contains(x))
}

fn str_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
        .unwrap_or_default()
}

/// `KEY=VALUE`, or `KEY` taken from the caller's environment (skipped if unset), like docker.
pub fn env_entry(e: &str) -> Option<String> {
    if e.contains('=') { Some(e.to_string()) } else { std::env::var(e).ok().map(|v| format!("{e}={v}")) }
}

fn set_env(env: &mut Vec<String>, entry: String) {
    let key = entry.split('=').next().unwrap_or("").to_string();
    env.retain(|e| e.split('=').next() != Some(key.as_str()));
    env.push(entry);
}

impl LocalEngine {
    pub fn paths(&self, id: &str) -> Paths {
        Paths::new(&self.root, &self.runroot, id)
    }

    /// A container by name or id, its state reconciled with its monitor.
    pub fn current(&mut self, key: &str) -> Result<ContainerRecord, EngineError> {
        let rec = self.container(key)?;
        self.reconcile(rec)
    }

    /// Finds a container by name, id or unique id prefix.
    pub fn container(&self, key: &str) -> Result<ContainerRecord, EngineError> {
        let found = self.store.find_container(key)?;
        if let Some(c) = found.iter().find(|c| c.name == key || c.id == key) {
            return Ok(c.clone());
        }
        match found.len() {
            // docker's words first: clients match on "No such container".
            0 => Err(EngineError::not_found(format!("No such container: {key}; see `ctr ps -a`"))),
            1 => Ok(found.into_iter().next().unwrap()),
            n => Err(EngineError::invalid(format!("container id prefix {key:?} is ambiguous: {n} containers match"))),
        }
    }

    /// `ctr create`: records the container and writes its bundle; nothing runs yet. The
    /// steps, each a method below: resolve the image, plan the process, plan the mounts
    /// and the network, check the whole, record the container (name and addresses
    /// reserved in one transaction), write the runtime spec.
    pub fn create_container(&mut self, o: &CreateOptions) -> Result<ContainerRecord, EngineError> {
        // `--pod new:NAME`: the pod first, given back if the container cannot be made.
        if let Some(name) = o.pod.as_deref().and_then(|p| p.strip_prefix("new:")) {
            return self.create_in_new_pod(o, name);
        }
        let joined = self.join_pod(o)?;
        let o = joined.as_ref().unwrap_or(o);
        // Shared store lock: image removal (exclusive) cannot run between resolving the
        // image and recording the container that uses it.
        let _lock = self.lock(false)?;
        let (image_id, ic) = if o.infra { (String::new(), json!({})) } else { self.resolve_image_config(&o.image)? };
        if let Some(n) = &o.name
            && !valid_name(n)
        {
            return Err(EngineError::invalid(format!(
                "invalid container name {n:?}: only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
            )));
        }
        let net = self.network_config(o, &ic)?;
        let mount_specs = self.mount_specs(o)?;
        let security = self.plan_security(o)?;
        let id = new_id();
        let mut devices = crate::engine::devices::resolve(&o.devices)?;
        if o.privileged {
            devices.devices.extend(crate::engine::devices::host_devices(self.mapping().is_some()));
        }
        let mut config = self.plan_config(o, &ic, &image_id, &id, net)?;
        config.security = security.config;
        config.env.extend(devices.env.iter().cloned());
        config.devices = devices;
        check_config(o, &config)?;
        // --userns is checked (and its mapping computed, once) before anything is recorded;
        // an auto slice taken is given back if the create fails before the record.
        let rec = (|| {
            self.plan_userns(o, &mut config, &id)?;
            // Every id must be the user's to give: composing the maps says which are not.
            let mapping = self.container_mapping(&config)?;
            config.mounts = self.resolve_mounts(&mount_specs)?;
            let name = o.name.clone().unwrap_or_else(random_name);
            let endpoints = self.allocate_endpoints(&mut config, &id, &name)?;
            let rec = self.record_container(o, &id, name, image_id, &config, &endpoints)?;
            Ok::<_, EngineError>((rec, mapping))
        })();
        let (rec, mapping) = match rec {
            Ok(r) => r,
            Err(e) => {
                let _ = self.store.release_userns_range(&id);
                return Err(e);
            }
        };
        let anonymous = anonymous_volumes(&config);
        let kept = match &security.profile_text {
            Some(text) => {
                let p = self.paths(&rec.id).data;
                std::fs::create_dir_all(&p).and_then(|_| std::fs::write(p.join("seccomp.json"), text)).map_err(|e| {
                    EngineError::new(
                        ErrorKind::Internal,
                        format!("keeping the seccomp profile with the container: {e}"),
                    )
                })
            }
            None => Ok(()),
        };
        if let Err(e) = kept.and_then(|_| self.write_bundle(&rec, &config, mapping.as_ref())) {
            let _ = self.remove_container_files(&rec.id);
            let _ = self.remove_anonymous_volumes(&anonymous);
            return Err(e);
        }
        Ok(rec)
    }

    /// `--security-opt` and `--privileged` checked, the default seccomp profile named (a
    /// broken default profile is refused when the bundle is written, which undoes the
    /// container; parsing it here would cost every `run` what the compile cache saves).
    fn plan_security(&self, o: &CreateOptions) -> Result<crate::engine::security::Parsed, EngineError> {
        let mut s = crate::engine::security::parse(&o.security_opt, o.privileged)?;
        if s.config.seccomp.is_empty() {
            s.config.seccomp = crate::seccomp::default_source().name();
        }
        Ok(s)
    }

    /// The text of a container's seccomp profile (None: unconfined).
    fn seccomp_text(
        &self,
        id: &str,
        s: &crate::engine::security::SecurityConfig,
    ) -> Result<Option<String>, EngineError> {
        if s.seccomp_kept {
            let f = self.paths(id).data.join("seccomp.json");
            return std::fs::read_to_string(&f).map(Some).map_err(|e| {
                EngineError::new(ErrorKind::Internal, format!("the container's seccomp profile {}: {e}", f.display()))
            });
        }
        crate::seccomp::load(&crate::seccomp::Source::from_name(&s.seccomp)).map_err(EngineError::invalid)
    }

    /// The `config` object of an image's config, by the image's id.
    pub(crate) fn image_config_of(&self, image_id: &str) -> Result<Value, EngineError> {
        let cfg_bytes = self.blobs.read(image_id)?;
        let image_cfg: Value = serde_json::from_slice(&cfg_bytes).map_err(std::io::Error::other)?;
        Ok(image_cfg.get("config").cloned().unwrap_or(json!({})))
    }

    /// The image a container is created from: its id and its config's `config` object.
    fn resolve_image_config(&mut self, image: &str) -> Result<(String, Value), EngineError> {
        let image_id = self.resolve_image(image)?;
        let cfg_bytes = self.blobs.read(&image_id)?;
        let image_cfg: Value = serde_json::from_slice(&cfg_bytes).map_err(std::io::Error::other)?;
        Ok((image_id, image_cfg.get("config").cloned().unwrap_or(json!({}))))
    }

    /// The container's configuration from the options over the image's config `ic`: the
    /// process (entrypoint and command by docker's rules, environment, user, working
    /// dir, hostname), labels, capabilities, limits, policies. Mounts come later.
    fn plan_config(
        &mut self,
        o: &CreateOptions,
        ic: &Value,
        image_id: &str,
        id: &str,
        net: crate::network::NetConfig,
    ) -> Result<ContainerConfig, EngineError> {
        let network = net.mode.name();
        // --privileged: every capability of the container's user namespace.
        let cap_add = if o.privileged { vec!["ALL".to_string()] } else { o.cap_add.clone() };
        let capabilities = caps::resolve(&cap_add, &o.cap_drop).map_err(|bad| {
            EngineError::invalid(format!(
                "unknown capability {bad:?}: use names like NET_ADMIN or CAP_NET_ADMIN, or ALL"
            ))
        })?;
        // Entrypoint and command, by docker's rules: --entrypoint resets the image's Cmd.
        let (entrypoint, cmd) = match &o.entrypoint {
            Some(e) => (e.iter().filter(|w| !w.is_empty()).cloned().collect(), o.command.clone()),
            None => {
                let cmd = if o.command.is_empty() { str_list(ic.get("Cmd")) } else { o.command.clone() };
                (str_list(ic.get("Entrypoint")), cmd)
            }
        };
        if entrypoint.is_empty() && cmd.is_empty() && !o.infra {
            return Err(EngineError::invalid(format!(
                "no command specified: image {} has neither Entrypoint nor Cmd; give one after the image name",
                o.image
            )));
        }
        // keep-groups (rootless podman's, crun's keep_original_groups): the process keeps
        // the supplementary groups of the user who runs it (unmapped ones show as the
        // overflow gid), so host files shared through a group stay reachable.
        let keep_groups = o.group_add.iter().any(|g| g == "keep-groups");
        if keep_groups && o.group_add.len() > 1 {
            return Err(EngineError::invalid(
                "--group-add keep-groups cannot be combined with other groups: the process keeps exactly the groups it has",
            ));
        }
        let group_add = o
            .group_add
            .iter()
            .filter(|g| *g != "keep-groups")
            .map(|g| {
                g.parse::<u32>().map_err(|_| {
                    EngineError::invalid(format!(
                        "GroupAdd {g:?}: give a numeric gid (ctr does not look group names up)"
                    ))
                })
            })
            .collect::<Result<Vec<u32>, _>>()?;
        let m = &o.namespaces;
        let namespaces = self.resolve_joined(&NamespaceModes::new(&m.pid, &m.uts, &m.ipc, &m.cgroupns)?)?;
        let host_uts = namespaces.host("uts");
        if host_uts && o.hostname.is_some() {
            // dockerd's rule: the host's UTS namespace has the host's name.
            return Err(EngineError::invalid("conflicting options: hostname and the UTS mode host"));
        }
        let hostname = match (&o.hostname, network.as_str()) {
            (Some(h), _) => h.clone(),
            (None, _) if host_uts => {
                nix::unistd::gethostname().ok().and_then(|h| h.into_string().ok()).unwrap_or_default()
            }
            (None, "host") => nix::unistd::gethostname().ok().and_then(|h| h.into_string().ok()).unwrap_or_default(),
            _ => id[..12].to_string(),
        };
        let env = plan_env(o, ic, &hostname)?;
        let mut labels: std::collections::BTreeMap<String, String> = ic
            .get("Labels")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect())
            .unwrap_or_default();
        for l in &o.labels {
            let (k, v) = l.split_once('=').unwrap_or((l.as_str(), ""));
            labels.insert(k.to_string(), v.to_string());
        }
        let layers = self.store.layers_of(image_id)?;
        let lower_dirs: Vec<String> =
            layers.iter().rev().map(|l| self.layers().path(&l.diff_id).display().to_string()).collect();
        Ok(ContainerConfig {
            image: o.image.clone(),
            entrypoint,
            cmd,
            env,
            working_dir: o
                .workdir
                .clone()
                .or_else(|| ic.get("WorkingDir").and_then(Value::as_str).filter(|w| !w.is_empty()).map(String::from))
                .unwrap_or_else(|| "/".into()),
            user: o
                .user
                .clone()
                .or_else(|| ic.get("User").and_then(Value::as_str).map(String::from))
                .unwrap_or_default(),
            hostname,
            tty: o.tty,
            open_stdin: o.interactive,
            init: o.init,
            read_only: o.read_only,
            cap_add: o.cap_add.clone(),
            cap_drop: o.cap_drop.clone(),
            capabilities,
            network,
            auto_remove: o.auto_remove,
            labels,
            stop_signal: o
                .stop_signal
                .clone()
                .or_else(|| ic.get("StopSignal").and_then(Value::as_str).map(String::from))
                .unwrap_or_else(|| "SIGTERM".into()),
            // A container with no image (a pod's infra) has nothing to overlay.
            storage_driver: if lower_dirs.is_empty() {
                crate::storage::driver::Driver::Vfs
            } else {
                let d = self.storage_choice()?.driver;
                if d != crate::storage::driver::Driver::Overlay && o.runtime.is_some() {
                    return Err(EngineError::invalid(format!(
                        "--runtime with the {} storage driver: an external runtime mounts the kernel's overlay only; use --storage-driver overlay, or ctr's own runtime",
                        d.name()
                    )));
                }
                d
            },
            lower_dirs,
            runtime: o.runtime.as_ref().map(|r| r.display().to_string()),
            console_size: o.console_size.filter(|_| o.tty),
            userns: o.userns.clone(),
            net,
            mounts: Vec::new(),
            resources: self.resources(o)?,
            restart_policy: o.restart.clone(),
            healthcheck: {
                let image: Option<crate::engine::policy::HealthConfig> =
                    ic.get("Healthcheck").cloned().and_then(|h| serde_json::from_value(h).ok());
                o.health.apply(image)?
            },
            health_on_failure: o.health_on_failure,
            sdnotify: o.sdnotify,
            stop_timeout: o.stop_timeout,
            cgroups_split: o.cgroups_split,
            namespaces,
            group_add,
            keep_groups,
            log: o.log.clone(),
            as_given: o.as_given.clone(),
            security: Default::default(),
            devices: Default::default(),
            idmap: None,
            keep_id: None,
            pod: o.pod.clone(),
            infra: o.infra,
        })
    }

    /// The container's addresses on its user networks, kept (as docker does) while the
    /// container exists (`remove_container` in the store drops them with it); all given
    /// back if one cannot be had.
    fn allocate_endpoints(
        &mut self,
        config: &mut ContainerConfig,
        id: &str,
        name: &str,
    ) -> Result<Vec<crate::store::EndpointRecord>, EngineError> {
        let mut endpoints = Vec::new();
        if let crate::network::NetMode::Bridge { networks } = &mut config.net.mode {
            for a in networks.iter_mut() {
                let want_ip = (!a.ip.is_empty()).then(|| a.ip.clone());
                let want_mac = (!a.mac.is_empty()).then(|| a.mac.clone());
                match self.allocate_endpoint(&a.network_id, id, want_ip.as_deref(), want_mac.as_deref(), &a.aliases) {
                    Ok(ep) => {
                        a.ip.clone_from(&ep.ip);
                        a.mac.clone_from(&ep.mac);
                        a.names = dns_names(name, id, &a.aliases);
                        endpoints.push(ep);
                    }
                    Err(e) => {
                        self.release_endpoints(&endpoints);
                        return Err(e);
                    }
                }
            }
            if let Some(first) = networks.first() {
                config.net.ip.clone_from(&first.ip);
            }
        }
        Ok(endpoints)
    }

    fn release_endpoints(&mut self, eps: &[crate::store::EndpointRecord]) {
        for ep in eps {
            let _ = self.release_endpoint(&ep.network_id, &ep.container_id);
        }
    }

    /// Writes the container's record (its name reserved by the same transaction) and links
    /// its volumes; the endpoints are given back if it cannot be recorded.
    fn record_container(
        &mut self,
        o: &CreateOptions,
        id: &str,
        name: String,
        image_id: String,
        config: &ContainerConfig,
        endpoints: &[crate::store::EndpointRecord],
    ) -> Result<ContainerRecord, EngineError> {
        let config_json = match serde_json::to_string(config) {
            Ok(j) => j,
            Err(e) => {
                self.release_endpoints(endpoints);
                return Err(std::io::Error::other(e).into());
            }
        };
        let rec = ContainerRecord {
            id: id.to_string(),
            name,
            image_id,
            image_name: o.image.clone(),
            config: config_json,
            created: crate::timefmt::now_ns(),
            state: ContainerState::Created,
            pid: 0,
            monitor_pid: 0,
            exit_code: 0,
            started_at: 0,
            finished_at: 0,
            oom_killed: false,
            restart_count: 0,
            stopped_by_user: false,
        };
        match self.store.add_container(&rec) {
            Ok(()) => {}
            Err(AddError::NameInUse(n)) => {
                self.release_endpoints(endpoints);
                let holder =
                    self.store.find_container(&n)?.into_iter().find(|c| c.name == n).map(|c| c.id).unwrap_or_default();
                // dockerd's sentence (docker-py and compose match on it), then ctr's hint.
                return Err(EngineError::conflict(format!(
                    "Conflict. The container name \"/{n}\" is already in use by container \"{holder}\". You have to remove (or rename) that container to be able to reuse that name (ctr rm, ctr rename), or pick another name."
                )));
            }
            Err(AddError::Store(e)) => {
                self.release_endpoints(endpoints);
                return Err(e.into());
            }
        }
        self.store.link_volumes(&rec.id, &anonymous_volumes(config))?;
        Ok(rec)
    }

    /// The limits a new container gets: refused with the missing piece named when they
    /// can't be enforced (unless --cgroups=disabled, which drops them); podman's default
    /// of 2048 processes where a pids controller is delegated.
    fn resources(&self, o: &CreateOptions) -> Result<crate::cgroups::Limits, EngineError> {
        use crate::cgroups;
        if o.cgroups_disabled {
            return Ok(cgroups::Limits::default());
        }
        if o.runtime.is_some() && !o.limits.is_empty() {
            return Err(EngineError::new(
                ErrorKind::NotSupported,
                "--runtime runs the bundle with the runtime's own cgroup setup: resource limits are not passed to it",
            ));
        }
        cgroups::check(&o.limits).map_err(|m| EngineError::new(ErrorKind::NotSupported, m))?;
        let mut l = o.limits.clone();
        if l.pids.is_none()
            && o.runtime.is_none()
            && matches!(cgroups::detect(), cgroups::Support::V2 { controllers, .. } if controllers.iter().any(|c| c == "pids"))
        {
            l.pids = Some(2048);
        }
        Ok(l)
    }

    /// The mounts asked for, parsed (every error before anything is created).
    fn mount_specs(&mut self, o: &CreateOptions) -> Result<Vec<crate::engine::mounts::MountSpec>, EngineError> {
        use crate::engine::mounts;
        let mut out = Vec::new();
        for f in &o.volumes_from {
            let (name, mode) = f.rsplit_once(':').filter(|(_, m)| *m == "ro" || *m == "rw").unwrap_or((f.as_str(), ""));
            let other = self.current(name)?;
            for m in ContainerConfig::of(&other).mounts {
                let mut spec = m.spec.clone();
                match mode {
                    "ro" => spec.readonly = true,
                    "rw" => spec.readonly = false,
                    _ => {}
                }
                if let mounts::Source::Tmpfs { .. } = spec.source {
                    continue;
                }
                if let mounts::Source::Volume { name: None } = spec.source {
                    spec.source = mounts::Source::Volume { name: m.volume.clone() };
                }
                spec.nocopy = true;
                out.push(spec);
            }
        }
        for v in &o.volumes {
            out.push(mounts::parse_volume(v).map_err(EngineError::invalid)?);
        }
        for m in &o.mounts {
            out.push(mounts::parse_mount(m).map_err(EngineError::invalid)?);
        }
        for t in &o.tmpfs {
            out.push(mounts::parse_tmpfs(t).map_err(EngineError::invalid)?);
        }
        mounts::check_unique(&out).map_err(EngineError::invalid)?;
        Ok(out)
    }

    /// The network of a new container: mode, ports (checked free now, so a busy port is an
    /// error before anything is created), DNS and hosts entries.
    fn network_config(&mut self, o: &CreateOptions, ic: &Value) -> Result<crate::network::NetConfig, EngineError> {
        use crate::network::{self, NetMode};
        network::check_network_list(&o.network).map_err(EngineError::invalid)?;
        let users = o.network.iter().filter(|n| !network::is_mode(n)).count();
        let mut mode = match o.network.first() {
            // Names that are no mode: user networks (their addresses come once the
            // container has an id, in `create_container`).
            Some(_) if users > 0 => self.user_networks_mode(o).map_err(EngineError::invalid)?,
            Some(n) => network::parse_mode(n).map_err(EngineError::invalid)?,
            None if o.runtime.is_some() => NetMode::None,
            None => network::default_mode().map_err(EngineError::invalid)?,
        };
        if !matches!(mode, NetMode::Bridge { .. })
            && (o.ip.is_some() || !o.network_aliases.is_empty() || o.mac_address.is_some())
        {
            return Err(EngineError::invalid(format!(
                "--ip, --network-alias and --mac-address need a user network (--network NAME), not --network {}",
                mode.name()
            )));
        }
        if o.runtime.is_some() && !matches!(mode, NetMode::None | NetMode::Host) {
            return Err(EngineError::new(
                ErrorKind::NotSupported,
                "--runtime runs the bundle with the runtime's own network setup: use --network none or host",
            ));
        }
        if let NetMode::Container { id } = &mode {
            let target = self.current(id)?;
            mode = NetMode::Container { id: target.id };
        }
        if let NetMode::Ns { path } = &mode
            && !std::path::Path::new(path).exists()
        {
            return Err(EngineError::invalid(format!("--network ns:{path}: no such file")));
        }
        let mut ports = Vec::new();
        for p in &o.publish {
            ports.extend(network::parse_publish(p).map_err(EngineError::invalid)?);
        }
        if o.publish_all
            && let Some(exposed) = ic.get("ExposedPorts").and_then(Value::as_object)
        {
            for k in exposed.keys() {
                let (port, proto) = k.split_once('/').unwrap_or((k, "tcp"));
                let spec = format!("{port}/{proto}");
                if !ports.iter().any(|m: &network::PortMapping| format!("{}/{}", m.container_port, m.protocol) == spec)
                {
                    ports.extend(network::parse_publish(&spec).map_err(EngineError::invalid)?);
                }
            }
        }
        if !ports.is_empty()
            && !matches!(mode, NetMode::Pasta { .. } | NetMode::Slirp4netns { .. } | NetMode::Bridge { .. })
        {
            return Err(EngineError::invalid(format!(
                "--publish needs a network of the container's own (a user network, pasta or slirp4netns), not --network {}",
                mode.name()
            )));
        }
        if let NetMode::Bridge { networks } = &mode
            && !ports.is_empty()
            && networks.iter().all(|a| a.internal)
        {
            return Err(EngineError::invalid(format!(
                "--publish needs a way in, and network {} is --internal; add a network that is not",
                networks[0].name
            )));
        }
        network::check_ports(&ports).map_err(EngineError::conflict)?;
        let add_hosts = o
            .add_hosts
            .iter()
            .map(|h| network::parse_add_host(h))
            .collect::<Result<Vec<_>, _>>()
            .map_err(EngineError::invalid)?;
        for d in &o.dns {
            if d.parse::<std::net::IpAddr>().is_err() {
                return Err(EngineError::invalid(format!("invalid --dns {d:?}: give an IP address")));
            }
        }
        let (ip, gateway) = match &mode {
            NetMode::Slirp4netns { .. } => (network::SLIRP_IP.to_string(), network::SLIRP_GATEWAY.to_string()),
            NetMode::Pasta { .. } => network::host_route(),
            NetMode::Bridge { networks } => {
                (String::new(), networks.first().map(|a| a.gateway.clone()).unwrap_or_default())
            }
            _ => (String::new(), String::new()),
        };
        Ok(network::NetConfig {
            mode,
            ports,
            dns: o.dns.clone(),
            dns_search: o.dns_search.clone(),
            dns_options: o.dns_options.clone(),
            add_hosts,
            ip,
            gateway,
        })
    }

    /// The bundle: config.json (also runnable by runc/crun), hostname, hosts, resolv.conf,
    /// and the rootfs mount point; the container's own upper/work dirs in the store.
    pub(crate) fn write_bundle(
        &self,
        rec: &ContainerRecord,
        c: &ContainerConfig,
        mapping: Option<&crate::runtime::userns::Mapping>,
    ) -> Result<(), EngineError> {
        let p = self.paths(&rec.id);
        let mut dirs = vec![p.bundle.join("rootfs"), p.data.join("upper"), p.data.join("work")];
        let shm = c.namespaces.joined("ipc").map(|owner| shm_dir(&self.paths(owner)));
        dirs.extend(shm.clone());
        if c.sdnotify == crate::engine::policy::SdNotify::Container {
            dirs.push(p.bundle.join("notify"));
        }
        for d in dirs {
            std::fs::create_dir_all(&d)
                .map_err(|e| EngineError::new(ErrorKind::Internal, format!("cannot create {}: {e}", d.display())))?;
        }
        if let Some(d) = &shm {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o1777))
                .map_err(|e| EngineError::new(ErrorKind::Internal, format!("chmod {}: {e}", d.display())))?;
        }
        if self.mapping().is_none()
            && let Some(m) = mapping
        {
            // --userns as root: the container's root owns its own layer.
            for d in [p.data.join("upper"), p.data.join("work")] {
                std::os::unix::fs::chown(&d, m.host_uid(0), m.host_gid(0))
                    .map_err(|e| EngineError::new(ErrorKind::Internal, format!("chown {}: {e}", d.display())))?;
            }
        }
        if let (Some(pm), Some(maps)) = (self.mapping(), &c.idmap) {
            // Unprivileged with maps of its own: its layers' copies for the maps (made once;
            // no helper runs when they are there), its bundle passable (0711) by a root
            // that is not the user. The monitor gives the upper and work dirs to that root.
            use std::os::unix::fs::PermissionsExt;
            let copies = crate::storage::idcopy::copies(&self.root, maps, &c.lower_dirs);
            let req = crate::storage::idcopy::Request { maps: maps.clone(), copies };
            crate::storage::idcopy::ensure(pm, &req).map_err(|e| EngineError::new(ErrorKind::Internal, e))?;
            std::fs::set_permissions(&p.bundle, std::fs::Permissions::from_mode(0o711))
                .map_err(|e| EngineError::new(ErrorKind::Internal, format!("chmod {}: {e}", p.bundle.display())))?;
        }
        if c.storage_driver == crate::storage::driver::Driver::Vfs && !p.data.join("vfs").exists() {
            // vfs: the container's own copy of its layers (made once, kept across runs).
            let req = crate::storage::vfs::Request::Populate {
                lowers: self.root_lowers(c),
                dst: p.data.join("vfs"),
                shift: mapping.filter(|_| self.mapping().is_none()).cloned(),
            };
            crate::storage::vfs::run_as_root(self.mapping(), &req)
                .map_err(|e| EngineError::new(ErrorKind::Internal, e))?;
        }
        let host_hosts = std::fs::read_to_string("/etc/hosts").unwrap_or_default();
        let hosts = crate::network::hosts_file(&c.net, &c.hostname, &rec.name, &host_hosts);
        let resolv =
            crate::network::resolv_conf(&c.net, &std::fs::read_to_string("/etc/resolv.conf").unwrap_or_default());
        let io = |e: std::io::Error| EngineError::new(ErrorKind::Internal, format!("writing the bundle: {e}"));
        std::fs::write(p.bundle.join("hostname"), format!("{}\n", c.hostname)).map_err(io)?;
        std::fs::write(p.bundle.join("hosts"), hosts).map_err(io)?;
        std::fs::write(p.bundle.join("resolv.conf"), resolv).map_err(io)?;
        // The seccomp program, compiled (or taken from the cache) for this container's
        // capabilities; the init hands it to the kernel.
        let profile = self.seccomp_text(&rec.id, &c.security)?;
        let bpf_path = p.bundle.join("seccomp.bpf");
        match &profile {
            Some(text) => {
                let compiled = crate::seccomp::compile_cached(
                    &self.runroot.join("seccomp"),
                    text,
                    &c.capabilities,
                    &c.security.seccomp,
                )
                .map_err(EngineError::invalid)?;
                let mut b = compiled.flags.to_le_bytes().to_vec();
                b.extend_from_slice(&compiled.bpf);
                std::fs::write(&bpf_path, b).map_err(io)?;
            }
            None => {
                let _ = std::fs::remove_file(&bpf_path);
            }
        }
        let mut spec = self.spec(rec, c, mapping);
        if let Some(text) = profile.as_deref().filter(|_| c.runtime.is_some()) {
            // For crun or runc: the profile in the spec's own words.
            let parsed = crate::seccomp::parse(text, &c.security.seccomp).map_err(EngineError::invalid)?;
            spec["linux"]["seccomp"] = crate::seccomp::to_oci(&parsed, &c.capabilities);
        }
        let data = serde_json::to_vec_pretty(&spec).map_err(std::io::Error::other)?;
        std::fs::write(p.bundle.join("config.json"), &data).map_err(io)?;
        Ok(())
    }

    /// `--userns` and `--uidmap`/`--gidmap`, planned once at create: the container's own
    /// id maps (an `auto` slice taken in the store now), keep-id's user. Checked before
    /// anything is recorded; the caller gives an `auto` slice back if the create fails.
    fn plan_userns(&mut self, o: &CreateOptions, c: &mut ContainerConfig, id: &str) -> Result<(), EngineError> {
        use crate::engine::userns::{self as u, Mode};
        use crate::runtime::userns::IdRange;
        let raw = c.userns.clone().unwrap_or_default();
        let mode = u::parse_mode(&raw)?;
        let explicit = !o.uidmap.is_empty() || !o.gidmap.is_empty();
        if explicit && mode != Mode::Default {
            return Err(EngineError::invalid(format!(
                "--uidmap/--gidmap and --userns {raw} cannot be used together: the maps already say what the user namespace is; drop one"
            )));
        }
        let pause = self.mapping().cloned();
        if let Some(pm) = &pause {
            if mode == Mode::Host {
                return Err(EngineError::invalid(
                    "--userns host needs root: an unprivileged user always runs containers in a user namespace",
                ));
            }
            if (explicit || mode != Mode::Default) && !pm.full {
                return Err(EngineError::invalid(format!(
                    "--userns {raw} and --uidmap need subordinate ids: {}",
                    pm.warning().unwrap_or_default()
                )));
            }
        } else if matches!(mode, Mode::KeepId { .. } | Mode::NoMap) {
            return Err(EngineError::invalid(format!(
                "--userns {raw} is for unprivileged users (it maps your own id); as root use --userns auto or --uidmap"
            )));
        }
        let (tu, tg) = match &pause {
            Some(pm) => (u::total(&pm.uids), u::total(&pm.gids)),
            None => (0, 0),
        };
        let maps = if explicit {
            let pu = pause.as_ref().map(|p| p.uids.as_slice());
            let pg = pause.as_ref().map(|p| p.gids.as_slice());
            let uids = if o.uidmap.is_empty() { Vec::new() } else { u::parse_idmap("--uidmap", &o.uidmap, pu)? };
            let gids = if o.gidmap.is_empty() { uids.clone() } else { u::parse_idmap("--gidmap", &o.gidmap, pg)? };
            let uids = if uids.is_empty() { gids.clone() } else { uids };
            Some(u::IdMaps { uids, gids })
        } else {
            match mode {
                Mode::Default | Mode::Host => None,
                Mode::KeepId { uid, gid } => {
                    let (own_u, own_g) = (nix::unistd::getuid(), nix::unistd::getgid());
                    let (cu, cg) = (uid.unwrap_or(own_u.as_raw()), gid.unwrap_or(own_g.as_raw()));
                    let me = nix::unistd::User::from_uid(own_u).ok().flatten();
                    let name = me.as_ref().map(|m| m.name.clone()).unwrap_or_else(|| own_u.to_string());
                    let home = std::env::var("HOME")
                        .ok()
                        .filter(|h| h.starts_with('/'))
                        .or_else(|| me.map(|m| m.dir.display().to_string()))
                        .unwrap_or_else(|| "/".into());
                    c.keep_id = Some(KeepId { name, uid: cu, gid: cg, home });
                    if c.user.is_empty() {
                        c.user = format!("{cu}:{cg}");
                    }
                    Some(u::IdMaps { uids: u::keep_id(cu, tu), gids: u::keep_id(cg, tg) })
                }
                Mode::NoMap => Some(u::IdMaps { uids: u::nomap(tu), gids: u::nomap(tg) }),
                Mode::Auto { size } => {
                    // Rootless: pause ids 1.. (not the user's own); root: the `containers` range.
                    let (base_u, base_g, pool) = match &pause {
                        Some(_) => (1, 1, tu.min(tg).saturating_sub(1)),
                        None => {
                            let ((su, nu), (sg, ng)) = containers_range()?;
                            (su, sg, nu.min(ng))
                        }
                    };
                    let size = match size {
                        Some(n) => n,
                        None => {
                            let (passwd, group) = image_etc(&c.lower_dirs);
                            (u::max_ids_named(&passwd, &group) + 1).max(u::AUTO_MIN)
                        }
                    };
                    let offset = self.store.allocate_userns_range(id, size, pool)?.ok_or_else(|| {
                        EngineError::invalid(format!(
                            "--userns {raw}: no free slice of {size} ids is left among the {pool} ids auto hands out; remove containers that use --userns auto, or ask for fewer with auto:size=N"
                        ))
                    })?;
                    Some(u::IdMaps {
                        uids: vec![IdRange { container: 0, host: base_u + offset, size }],
                        gids: vec![IdRange { container: 0, host: base_g + offset, size }],
                    })
                }
            }
        };
        if maps.is_some() && c.runtime.is_some() && pause.is_some() {
            return Err(EngineError::invalid(
                "--runtime cannot run a container with --userns keep-id, nomap, auto or --uidmap unprivileged (its layers are ctr's own copies); drop one",
            ));
        }
        c.idmap = maps;
        Ok(())
    }

    /// The id mapping of a container's user namespace in host ids, if it has one: always
    /// when unprivileged (the pause namespace's, or its own maps composed with it); as
    /// root with its own maps, or `--userns private` (the whole `containers` range).
    pub(crate) fn container_mapping(
        &self,
        c: &ContainerConfig,
    ) -> Result<Option<crate::runtime::userns::Mapping>, EngineError> {
        use crate::engine::userns as u;
        use crate::runtime::userns::{IdRange, Mapping};
        if let Some(pm) = self.mapping() {
            return Ok(Some(match &c.idmap {
                Some(m) => u::host_mapping(
                    u::to_host(&m.uids, &pm.uids, "the uid map")?,
                    u::to_host(&m.gids, &pm.gids, "the gid map")?,
                ),
                None => pm.clone(),
            }));
        }
        if let Some(m) = &c.idmap {
            return Ok(Some(u::host_mapping(m.uids.clone(), m.gids.clone())));
        }
        // Containers made before auto had slices of its own: the whole range.
        if !matches!(c.userns.as_deref(), Some("auto" | "private")) {
            return Ok(None);
        }
        let ((u, us), (g, gs)) = containers_range()?;
        Ok(Some(Mapping {
            uids: vec![IdRange { container: 0, host: u, size: us.min(65536) }],
            gids: vec![IdRange { container: 0, host: g, size: gs.min(65536) }],
            full: true,
        }))
    }

    fn spec(
        &self,
        rec: &ContainerRecord,
        c: &ContainerConfig,
        mapping: Option<&crate::runtime::userns::Mapping>,
    ) -> Value {
        let p = self.paths(&rec.id);
        let rootless = mapping.is_some();
        let mut args = c.entrypoint.clone();
        args.extend(c.cmd.iter().cloned());
        let (uid, gid) = numeric_user(&c.user);
        let nofile =
            nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE).map(|(_, h)| h).unwrap_or(1024);
        // PidMode, UTSMode, IpcMode, CgroupnsMode host: that namespace is not made, so the
        // container shares the host's (init skips sethostname without a uts namespace).
        // `container:ID` (a pod's shared kinds): not made either; the monitor joins that
        // container's when it starts (`JOIN_ENV`).
        let namespaces: Vec<Value> = ["pid", "ipc", "uts", "mount", "cgroup"]
            .into_iter()
            .filter(|k| !c.namespaces.host(k) && c.namespaces.joined(k).is_none())
            .map(|k| json!({"type": k}))
            .collect();
        let mut namespaces = namespaces;
        if c.net.mode.own_namespace() {
            namespaces.push(json!({"type": "network"}));
        }
        let mut annotations = json!({
            init::ANN_LOWER: c.lower_dirs.join(":"),
            init::ANN_UPPER: p.data.join("upper"),
            init::ANN_WORK: p.data.join("work"),
            init::ANN_DRIVER: c.storage_driver.name(),
            init::ANN_VFS: p.data.join("vfs"),
            init::ANN_USER: c.user,
            init::ANN_INIT: c.init.to_string(),
            init::ANN_ROOTLESS: rootless.to_string(),
            "io.ctr.stdin": c.open_stdin.to_string(),
            "io.ctr.autoremove": c.auto_remove.to_string(),
            "io.ctr.name": rec.name,
            crate::monitor::ANN_NET: serde_json::to_string(&c.net).unwrap_or_default(),
            crate::monitor::ANN_RESOURCES: serde_json::to_string(&c.resources).unwrap_or_default(),
            crate::monitor::ANN_CGROUPS_SPLIT: c.cgroups_split.to_string(),
            crate::monitor::ANN_SDNOTIFY: serde_json::to_value(c.sdnotify).unwrap_or_default(),
        });
        // The health check (fixed at create) goes to the monitor in the bundle, so a run
        // without one reads nothing more.
        if let Some(h) = c.healthcheck.as_ref().filter(|h| h.active()) {
            annotations[crate::monitor::ANN_HEALTH] =
                json!(serde_json::to_string(&(h, c.health_on_failure)).unwrap_or_default());
        }
        let (masked, readonly) = c.security.paths(MASKED_PATHS, READONLY_PATHS);
        let mut linux = json!({
            "namespaces": namespaces,
            "maskedPaths": masked,
            "readonlyPaths": readonly,
        });
        if c.security.seccomp != "unconfined" {
            annotations[init::ANN_SECCOMP] = json!(p.bundle.join("seccomp.bpf"));
        }
        if c.keep_groups {
            annotations[init::ANN_KEEP_GROUPS] = json!("1");
        }
        if c.infra {
            annotations[init::ANN_INFRA] = json!("true");
        }
        if self.mapping().is_none() && mapping.is_some() {
            // Real root in a user namespace: the layers belong to real ids and are shown
            // to the container through idmapped mounts.
            annotations[init::ANN_IDMAP] = json!("true");
        }
        if let (Some(_), Some(maps)) = (self.mapping(), &c.idmap) {
            annotations[init::ANN_PAUSE_MAPS] = json!(serde_json::to_string(maps).unwrap_or_default());
            let copies: Vec<String> = crate::storage::idcopy::copies(&self.root, maps, &c.lower_dirs)
                .into_iter()
                .map(|(_, copy)| copy.display().to_string())
                .collect();
            if !copies.is_empty() {
                annotations[init::ANN_LOWER] = json!(copies.join(":"));
            }
        }
        if let Some(k) = &c.keep_id {
            annotations[init::ANN_KEEP_ID] = json!(format!("{}:{}:{}:{}", k.name, k.uid, k.gid, k.home));
        }
        if let Some(m) = mapping {
            linux["namespaces"].as_array_mut().unwrap().push(json!({"type": "user"}));
            let map = |v: &[crate::runtime::userns::IdRange]| -> Value {
                v.iter().map(|r| json!({"containerID": r.container, "hostID": r.host, "size": r.size})).collect()
            };
            linux["uidMappings"] = map(&m.uids);
            linux["gidMappings"] = map(&m.gids);
        }
        if let Some(r) = &c.runtime {
            annotations[monitor::ANN_RUNTIME] = json!(r);
        }
        if c.lower_dirs.is_empty() {
            annotations[init::ANN_LOWER] = json!(p.data.join("empty").display().to_string());
            let _ = std::fs::create_dir_all(p.data.join("empty"));
        }
        let caps_list = json!(c.capabilities);
        let console_size = c.console_size.map(|(h, w)| json!({"height": h, "width": w}));
        let mut spec = json!({
            "ociVersion": "1.0.2",
            "process": {
                "terminal": c.tty,
                "consoleSize": console_size,
                "user": {"uid": uid, "gid": gid, "additionalGids": c.group_add},
                "args": args,
                // An entry without `=` (the API's, kept as given) sets nothing.
                "env": c.env.iter().filter(|e| e.contains('=')).collect::<Vec<_>>(),
                "cwd": c.working_dir,
                "capabilities": {"bounding": caps_list, "effective": caps_list, "permitted": caps_list},
                "rlimits": [{"type": "RLIMIT_NOFILE", "hard": nofile, "soft": nofile}],
                "noNewPrivileges": c.security.no_new_privileges,
            },
            "root": {"path": p.bundle.join("rootfs"), "readonly": c.read_only},
            "hostname": c.hostname,
            "mounts": [
                {"destination": "/proc", "type": "proc", "source": "proc", "options": ["nosuid", "noexec", "nodev"]},
                {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
                {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
                {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
                {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"]},
                {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]},
                {"destination": "/etc/hostname", "type": "bind", "source": p.bundle.join("hostname"), "options": ["bind", "rprivate"]},
                {"destination": "/etc/hosts", "type": "bind", "source": p.bundle.join("hosts"), "options": ["bind", "rprivate"]},
                {"destination": "/etc/resolv.conf", "type": "bind", "source": p.bundle.join("resolv.conf"), "options": ["bind", "rprivate"]},
            ],
            "linux": linux,
            "annotations": annotations,
        });
        if !c.devices.hooks.is_empty() {
            // CDI's hooks, in the runtime spec's words (crun and runc run them too).
            let mut hooks = serde_json::Map::new();
            for h in &c.devices.hooks {
                let mut one = json!({"path": h.path, "args": h.args, "env": h.env});
                if let Some(t) = h.timeout {
                    one["timeout"] = json!(t);
                }
                hooks.entry(h.hook_name.clone()).or_insert_with(|| json!([])).as_array_mut().expect("a list").push(one);
            }
            spec["hooks"] = Value::Object(hooks);
        }
        if c.security.privileged {
            // /sys writable where the kernel lets the container's namespace write.
            let list = spec["mounts"].as_array_mut().expect("mounts");
            if let Some(sys) = list.iter_mut().find(|m| m["destination"] == "/sys") {
                sys["options"] = json!(["nosuid", "noexec", "nodev", "rw"]);
            }
        }
        if c.namespaces.host("pid") {
            let list = spec["mounts"].as_array_mut().expect("mounts");
            list[0] = json!({"destination": "/proc", "type": "bind", "source": "/proc", "options": ["rbind", "nosuid", "noexec", "nodev"]});
        }
        if let Some(owner) = c.namespaces.joined("ipc") {
            // A joined IPC namespace: POSIX shared memory too, through a directory of the
            // owner's bundle (a tmpfs: the runtime dir) that every joiner binds at /dev/shm.
            let list = spec["mounts"].as_array_mut().expect("mounts");
            list.retain(|m| m["destination"] != "/dev/shm");
            list.push(json!({"destination": "/dev/shm", "type": "bind", "source": shm_dir(&self.paths(owner)), "options": ["rbind", "nosuid", "noexec", "nodev"]}));
        }
        if c.namespaces.host("ipc") {
            // The host's IPC namespace: its /dev/shm and /dev/mqueue, as docker binds them
            // (mqueue cannot be mounted for a namespace the container's user does not own).
            let list = spec["mounts"].as_array_mut().expect("mounts");
            list.retain(|m| m["destination"] != "/dev/shm" && m["destination"] != "/dev/mqueue");
            for d in ["/dev/shm", "/dev/mqueue"].into_iter().filter(|d| Path::new(d).exists()) {
                list.push(json!({"destination": d, "type": "bind", "source": d, "options": ["rbind", "nosuid", "noexec", "nodev"]}));
            }
        }
        if let Some(r) = c.log.rotation() {
            spec["annotations"][crate::monitor::ANN_LOG_ROTATE] = json!(serde_json::to_string(&r).unwrap_or_default());
        }
        if c.sdnotify == crate::engine::policy::SdNotify::Container {
            // --sdnotify=container: the monitor's relay socket, in the container's
            // NOTIFY_SOCKET (the monitor passes its READY=1 on to systemd).
            let list = spec["mounts"].as_array_mut().expect("mounts");
            list.push(json!({"destination": "/run/notify", "type": "bind", "source": p.bundle.join("notify"), "options": ["bind", "rprivate"]}));
            spec["process"]["env"].as_array_mut().expect("env").push(json!("NOTIFY_SOCKET=/run/notify/notify.sock"));
        }
        // Devices: bound from the host (a user namespace cannot mknod); CDI's mounts.
        let list = spec["mounts"].as_array_mut().expect("mounts");
        for d in &c.devices.devices {
            let o = ["bind", "rprivate", "nosuid", "noexec"];
            list.push(json!({"destination": d.container, "type": "bind", "source": d.host, "options": o}));
        }
        for (host, container, opts) in &c.devices.mounts {
            let mut o = opts.clone();
            if !o.iter().any(|x| x == "bind" || x == "rbind") {
                o.push("bind".into());
            }
            list.push(json!({"destination": container, "type": "bind", "source": host, "options": o}));
        }
        let mut copy_up = Vec::new();
        let mut chown = serde_json::Map::new();
        let mut subpaths = serde_json::Map::new();
        for m in &c.mounts {
            use crate::engine::mounts::Source;
            let mut opts: Vec<String> = Vec::new();
            let entry = match &m.spec.source {
                Source::Tmpfs { size, mode } => {
                    opts.extend(["nosuid".to_string(), "nodev".to_string()]);
                    if let Some(sz) = size {
                        opts.push(format!("size={sz}"));
                    }
                    opts.push(format!("mode={:o}", mode.unwrap_or(0o1777)));
                    if m.spec.readonly {
                        opts.push("ro".into());
                    }
                    json!({"destination": m.spec.target, "type": "tmpfs", "source": "tmpfs", "options": opts})
                }
                _ => {
                    opts.push("rbind".into());
                    opts.push(m.spec.propagation.clone().unwrap_or_else(|| "rprivate".into()));
                    if m.spec.readonly {
                        opts.push("ro".into());
                    }
                    json!({"destination": m.spec.target, "type": "bind", "source": m.host_path, "options": opts})
                }
            };
            if m.copy_up {
                copy_up.push(m.spec.target.clone());
            }
            if let Some(sub) = &m.spec.subpath {
                subpaths.insert(m.spec.target.clone(), json!(sub));
            }
            if let Some((u, g)) = m.chown {
                let (pu, pg) = (uid, gid);
                chown.insert(m.spec.target.clone(), json!([u.unwrap_or(pu), g.unwrap_or(pg), m.spec.chown]));
            }
            // After /proc, /dev and /sys, before the /etc files ctr writes (which stay on
            // top, as in docker, even under a volume on /etc).
            let list = spec["mounts"].as_array_mut().expect("mounts");
            let at = list.iter().position(|m| m["destination"] == "/etc/hostname").unwrap_or(list.len());
            list.insert(at, entry);
        }
        if !copy_up.is_empty() {
            spec["annotations"][init::ANN_COPYUP] = json!(serde_json::to_string(&copy_up).unwrap_or_default());
        }
        if !chown.is_empty() {
            spec["annotations"][init::ANN_CHOWN] = json!(Value::Object(chown).to_string());
        }
        if !subpaths.is_empty() {
            spec["annotations"][init::ANN_SUBPATH] = json!(Value::Object(subpaths).to_string());
        }
        spec
    }

    /// `ctr start`: spawns the monitor, which starts the container. Returns the client end
    /// of the first attach connection; the caller reads STARTED/ERROR from it.
    pub fn start_container(&mut self, key: &str) -> Result<(ContainerRecord, UnixStream), EngineError> {
        self.start_container_with(key, None)
    }

    /// `start_container` with a monitor started ahead (`monitor::spawn_ahead`), if any.
    pub fn start_container_with(
        &mut self,
        key: &str,
        ahead: Option<monitor::Ahead>,
    ) -> Result<(ContainerRecord, UnixStream), EngineError> {
        let rec = self.current(key)?;
        if rec.state.is_active() {
            return Err(EngineError::conflict(format!("container {} is already running", rec.name)));
        }
        // Started by the user again: its restart policy applies again.
        if rec.stopped_by_user {
            self.store.set_stopped_by_user(&rec.id, false)?;
        }
        let p = self.paths(&rec.id);
        if !p.bundle.join("config.json").exists() {
            // The runtime dir is a tmpfs: after a reboot, rebuild the bundle from the store.
            let cfg: ContainerConfig = serde_json::from_str(&rec.config).map_err(std::io::Error::other)?;
            let mapping = self.container_mapping(&cfg)?;
            self.write_bundle(&rec, &cfg, mapping.as_ref())?;
        }
        let cfg = ContainerConfig::of(&rec);
        // A pod's member: the pod's infra, which holds the shared namespaces, runs first.
        if let Some(pod) = cfg.pod.as_deref().filter(|_| !cfg.infra) {
            self.start_infra(pod)?;
        }
        let mut joins = Vec::new();
        for kind in ["ipc", "uts"] {
            if let Some(owner) = cfg.namespaces.joined(kind) {
                let target = self.current(owner).map_err(|e| {
                    EngineError::not_found(format!(
                        "the container whose {kind} namespace {} shares: {}",
                        rec.name, e.message
                    ))
                })?;
                if !matches!(target.state, ContainerState::Running) || target.pid <= 0 {
                    return Err(EngineError::conflict(format!(
                        "container {} shares the {kind} namespace of {}, which is not running; start it first",
                        rec.name, target.name
                    )));
                }
                joins.push(format!("{kind}=/proc/{}/ns/{kind}", target.pid));
            }
        }
        let joins = joins.join(",");
        let mut netns = None;
        if let crate::network::NetMode::Container { id } = &cfg.net.mode {
            let target = self.current(id).map_err(|e| {
                EngineError::not_found(format!("the container whose network {} shares: {}", rec.name, e.message))
            })?;
            if !matches!(target.state, ContainerState::Running) || target.pid <= 0 {
                return Err(EngineError::conflict(format!(
                    "container {} shares the network of {}, which is not running; start it first",
                    rec.name, target.name
                )));
            }
            netns = Some(format!("/proc/{}/ns/net", target.pid));
        }
        if let Some(ahead) = ahead {
            let sock = ahead.start(&rec.id, netns.as_deref(), &joins).map_err(|e| {
                EngineError::new(ErrorKind::Internal, format!("the container monitor failed to start: {e}"))
            })?;
            return Ok((rec, sock));
        }
        let (ours, theirs) = UnixStream::pair()?;
        let theirs = OwnedFd::from(theirs);
        // SAFETY: fcntl on an fd we own; the monitor inherits it across exec.
        unsafe { libc::fcntl(theirs.as_raw_fd(), libc::F_SETFD, 0) };
        let status = std::process::Command::new("/proc/self/exe")
            .arg("__monitor")
            .arg(&rec.id)
            .arg(&self.root)
            .arg(&self.runroot)
            .env(monitor::ATTACH_FD_ENV, theirs.as_raw_fd().to_string())
            .env(monitor::NETNS_ENV, netns.unwrap_or_default())
            .env(monitor::JOIN_ENV, joins)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()?;
        drop(theirs);
        if !status.success() {
            return Err(EngineError::new(
                ErrorKind::Internal,
                format!("the container monitor failed to start ({status})"),
            ));
        }
        Ok((rec, ours))
    }

    /// A running container whose monitor is gone (killed) is recorded as exited with an
    /// unknown code (-1).
    pub fn reconcile(&mut self, mut rec: ContainerRecord) -> Result<ContainerRecord, EngineError> {
        if rec.state.is_active() && !monitor_alive(&rec) {
            // Re-read: the monitor may have just recorded the exit itself.
            if let Some(fresh) = self.store.container(&rec.id)?
                && matches!(fresh.state, ContainerState::Exited | ContainerState::Created)
            {
                return Ok(fresh);
            }
            if rec.pid > 0 {
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(rec.pid as i32),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
            self.store.set_exited(&rec.id, -1, crate::timefmt::now_ns(), false)?;
            rec.state = ContainerState::Exited;
            rec.exit_code = -1;
            rec.finished_at = crate::timefmt::now_ns();
        }
        Ok(rec)
    }

    pub fn containers(&mut self) -> Result<Vec<ContainerRecord>, EngineError> {
        let list = self.store.containers()?;
        list.into_iter().map(|c| self.reconcile(c)).collect()
    }

    /// The container's first process on the host. For an external runtime, the recorded
    /// pid is `runc run`; its child in another pid namespace is the container's init.
    pub fn init_pid(&self, rec: &ContainerRecord) -> Result<i64, EngineError> {
        let cfg = ContainerConfig::of(rec);
        if cfg.runtime.is_none() || rec.pid <= 0 {
            return Ok(rec.pid);
        }
        crate::monitor::runtime_init_pid(rec.pid as i32).map(i64::from).ok_or_else(|| {
            EngineError::conflict(format!("container {}: the runtime's container process is gone", rec.name))
        })
    }

    /// `ctr kill` by the user: ends the restart policy, then signals.
    pub fn kill_by_user(&mut self, key: &str, signal: i32) -> Result<ContainerRecord, EngineError> {
        let rec = self.current(key)?;
        if rec.state.is_active() {
            self.store.set_stopped_by_user(&rec.id, true)?;
        }
        self.kill_container(&rec.id, signal)
    }

    /// Sends a signal to the container's first process.
    pub fn kill_container(&mut self, key: &str, signal: i32) -> Result<ContainerRecord, EngineError> {
        let rec = self.current(key)?;
        if !rec.state.is_active() {
            return Err(EngineError::conflict(format!("container {} is not running", rec.name)));
        }
        let pid = self.init_pid(&rec)?;
        if pid <= 0 {
            // Between two runs of its restart policy: no process to signal.
            return Ok(rec);
        }
        // We own the container's user namespace, so we may signal its processes.
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid as i32),
            nix::sys::signal::Signal::try_from(signal)
                .map_err(|_| EngineError::invalid(format!("invalid signal {signal}")))?,
        )
        .map_err(|e| EngineError::new(ErrorKind::Internal, format!("cannot signal container {}: {e}", rec.name)))?;
        if signal != libc::SIGSTOP {
            self.thaw_after_signal(&rec);
        }
        // As dockerd: SIGKILL returns once the container is dead, so a reload right after
        // sees it exited (SIGKILL cannot be caught: the wait is short).
        if signal == libc::SIGKILL {
            gone_is_done(self.wait_container(&rec.id, Some(Duration::from_secs(10))))?;
        }
        Ok(rec)
    }

    /// Waits for the container to exit, at most `timeout`; returns its exit code.
    pub fn wait_container(&mut self, key: &str, timeout: Option<Duration>) -> Result<Option<i64>, EngineError> {
        let rec = self.container(key)?;
        let start = Instant::now();
        // Ask the monitor (it answers when the container exits); fall back to polling.
        if let Ok(mut s) = UnixStream::connect(self.paths(&rec.id).attach()) {
            let _ = proto::write_frame(&mut s, proto::HELLO, b"wait");
            // A zero timeout (`stop -t 0`) is refused by set_read_timeout, which would leave
            // the read blocking until the exit: the shortest one instead.
            let t = timeout.unwrap_or(Duration::from_secs(365 * 86400)).max(Duration::from_millis(1));
            let _ = s.set_read_timeout(Some(t));
            while let Ok(Some((kind, payload))) = proto::read_frame(&mut s) {
                if kind == proto::EXIT {
                    return Ok(std::str::from_utf8(&payload).ok().and_then(|c| c.parse().ok()));
                }
            }
        }
        loop {
            // Removed (--rm) before its exit was seen here: the code read at the start
            // is not the exit's, so say the container is gone.
            let Some(r) = self.store.container(&rec.id)? else {
                return Err(EngineError::not_found(format!(
                    "container {} was removed before its exit code could be read",
                    rec.name
                )));
            };
            let r = self.reconcile(r)?;
            if matches!(r.state, ContainerState::Exited | ContainerState::Created) {
                return Ok(Some(r.exit_code));
            }
            if timeout.is_some_and(|t| start.elapsed() >= t) {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `ctr stop`: the stop signal, then SIGKILL after `timeout` (default: the container's
    /// --stop-timeout, else 10 s). A stop by the user ends the restart policy.
    pub fn stop_container(&mut self, key: &str, timeout: Option<Duration>) -> Result<ContainerRecord, EngineError> {
        let rec = self.current(key)?;
        self.store.set_stopped_by_user(&rec.id, true)?;
        if !rec.state.is_active() {
            return Ok(rec);
        }
        let cfg = ContainerConfig::of(&rec);
        let timeout = timeout.unwrap_or(Duration::from_secs(cfg.stop_timeout.unwrap_or(10)));
        let sig = parse_signal(&cfg.stop_signal).unwrap_or(libc::SIGTERM);
        self.store.set_state(&rec.id, ContainerState::Stopping)?;
        let _ = self.kill_container(&rec.id, sig);
        // An --rm container may be gone (exited and removed) by the time we wait: stopped.
        let wait = |e: &mut Self, t: Duration| match e.wait_container(&rec.id, Some(t)) {
            Err(err) if err.kind == ErrorKind::NotFound => Ok(Some(rec.exit_code)),
            r => r,
        };
        if wait(self, timeout)?.is_none() {
            let _ = self.kill_container(&rec.id, libc::SIGKILL);
            wait(self, Duration::from_secs(30))?;
        }
        wait_monitor_gone(&rec);
        Ok(rec)
    }

    /// `ctr rm`: refuses a running container unless `force` (which kills it first).
    pub fn remove_container(&mut self, key: &str, force: bool) -> Result<ContainerRecord, EngineError> {
        let rec = self.current(key)?;
        let cfg = ContainerConfig::of(&rec);
        if let (true, Some(pod)) = (cfg.infra, &cfg.pod)
            && let Ok(pod) = self.pod(pod)
        {
            return Err(EngineError::conflict(format!(
                "container {} is the infra container of pod {}: remove the pod (ctr pod rm {})",
                rec.name, pod.name, pod.name
            )));
        }
        self.remove_container_unchecked(rec, force)
    }

    /// `remove_container` without the infra check (the pod's own removal).
    pub(crate) fn remove_container_unchecked(
        &mut self,
        rec: ContainerRecord,
        force: bool,
    ) -> Result<ContainerRecord, EngineError> {
        if rec.state.is_active() {
            if !force {
                return Err(EngineError::conflict(format!(
                    "You cannot remove a running container {}. Stop the container before attempting removal or force remove (ctr stop {}, or ctr rm --force)",
                    rec.id, rec.name
                )));
            }
            self.store.set_stopped_by_user(&rec.id, true)?;
            let _ = self.kill_container(&rec.id, libc::SIGKILL);
            gone_is_done(self.wait_container(&rec.id, Some(Duration::from_secs(30))))?;
            wait_monitor_gone(&rec);
        }
        self.remove_container_files(&rec.id)?;
        Ok(rec)
    }

    /// `container prune`: removes every stopped (exited or created) container; returns
    /// their ids and the bytes their own layers held.
    pub fn prune_containers(&mut self) -> Result<(Vec<String>, u64), EngineError> {
        let stopped: Vec<_> = self
            .containers()?
            .into_iter()
            .filter(|c| matches!(c.state, ContainerState::Exited | ContainerState::Created))
            // A pod's infra goes with its pod.
            .filter(|c| !ContainerConfig::of(c).infra)
            .collect();
        let sizes = self.measure(&stopped.iter().map(|c| self.changes_dir(&c.id)).collect::<Result<Vec<_>, _>>()?)?;
        let mut ids = Vec::new();
        for c in &stopped {
            self.remove_container(&c.id, false)?;
            ids.push(c.id.clone());
        }
        Ok((ids, sizes.iter().sum()))
    }

    /// Removes a container's record, bundle and its own layer (which may hold files of
    /// subordinate ids: removed as root of the user namespace if need be).
    pub fn remove_container_files(&mut self, id: &str) -> Result<(), EngineError> {
        super::Leftovers::new(&self.root, &self.runroot).remove_container(&mut self.store, id)
    }

    pub fn rename_container(&mut self, key: &str, name: &str) -> Result<(), EngineError> {
        let rec = self.container(key)?;
        if !valid_name(name) {
            return Err(EngineError::invalid(format!("invalid container name {name:?}")));
        }
        self.store.rename_container(&rec.id, name).map_err(|e| match e {
            AddError::NameInUse(n) => EngineError::conflict(format!("the container name {n:?} is already in use")),
            AddError::Store(s) => s.into(),
        })
    }

    /// `ctr logs`: calls `out(stream, line)` for each log line.
    pub fn logs(
        &mut self,
        key: &str,
        o: &LogOptions,
        out: &mut dyn FnMut(&str, &str, &str) -> std::io::Result<()>,
    ) -> Result<(), EngineError> {
        let rec = self.container(key)?;
        let file = self.open_log(&rec.id);
        self.logs_from(&rec, file, o, out)
    }

    /// A container's log file, opened now: what is read from it later is there even if
    /// the container (and its files) are removed meanwhile, as docker-py does right after
    /// asking to follow the logs of a `containers.run`.
    pub fn open_log(&self, id: &str) -> Option<std::fs::File> {
        std::fs::File::open(self.paths(id).log()).ok()
    }

    /// `logs` of a log file opened earlier (`open_log`; None: not made yet).
    pub fn logs_from(
        &mut self,
        rec: &ContainerRecord,
        file: Option<std::fs::File>,
        o: &LogOptions,
        out: &mut dyn FnMut(&str, &str, &str) -> std::io::Result<()>,
    ) -> Result<(), EngineError> {
        let path = self.paths(&rec.id).log();
        if file.is_none() && !o.follow {
            return Ok(());
        }
        let mut file = file;
        let mut pending = String::new();
        let mut first = true;
        loop {
            if file.is_none() {
                file = std::fs::File::open(&path).ok();
            }
            if let Some(f) = file.as_mut() {
                f.read_to_string(&mut pending)?;
            }
            let mut lines: Vec<&str> = Vec::new();
            let complete = pending.rfind('\n').map(|i| i + 1).unwrap_or(0);
            lines.extend(pending[..complete].lines());
            if first {
                if let Some(n) = o.tail {
                    let skip = lines.len().saturating_sub(n);
                    lines.drain(..skip);
                }
                first = false;
            }
            for l in lines {
                let Ok(v) = serde_json::from_str::<Value>(l) else { continue };
                let time = v["time"].as_str().unwrap_or("");
                let t = crate::timefmt::parse_rfc3339_nanos(time).unwrap_or(0);
                if o.since.is_some_and(|since| t < since) || o.until.is_some_and(|until| t > until) {
                    continue;
                }
                out(v["stream"].as_str().unwrap_or("stdout"), v["log"].as_str().unwrap_or(""), time)?;
            }
            pending.drain(..complete);
            if !o.follow || o.until.is_some_and(|u| crate::timefmt::now_ns() > u) {
                return Ok(());
            }
            let state = self.store.container(&rec.id)?.map(|r| r.state);
            if !state.is_some_and(|s| s.is_active()) {
                // One last read: the monitor writes the final lines before it records the exit.
                if let Some(f) = file.as_mut() {
                    f.read_to_string(&mut pending)?;
                    for l in pending.lines() {
                        let Ok(v) = serde_json::from_str::<Value>(l) else { continue };
                        out(
                            v["stream"].as_str().unwrap_or("stdout"),
                            v["log"].as_str().unwrap_or(""),
                            v["time"].as_str().unwrap_or(""),
                        )?;
                    }
                }
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Docker-shaped `inspect` of a container.
    pub fn inspect_container(&mut self, key: &str) -> Result<Value, EngineError> {
        let rec = self.current(key)?;
        let c = ContainerConfig::of(&rec);
        let p = self.paths(&rec.id);
        let mut args = c.entrypoint.clone();
        args.extend(c.cmd.iter().cloned());
        let path = if args.is_empty() { String::new() } else { args.remove(0) };
        let running = rec.state.is_active();
        let ns = crate::timefmt::format_rfc3339_nanos;
        // As dockerd: no health before the first start.
        let health =
            c.healthcheck.as_ref().filter(|h| h.active() && rec.started_at > 0).map(|_| self.health_state(&rec.id));
        let modes = &c.namespaces;
        // dockerd's HostConfig fields beyond those of ctr's own flags (below), with
        // ctr's values.
        let host_config = json!({
                "LogConfig": {"Type": if c.log.driver.is_empty() { "json-file" } else { &c.log.driver }, "Config": c.log.opts},
                // ctr always makes a cgroup namespace unless told to share the host's.
                "CgroupnsMode": if modes.cgroupns.is_empty() { "private" } else { &modes.cgroupns },
                "GroupAdd": if c.keep_groups { json!(["keep-groups"]) } else if c.group_add.is_empty() { json!(null) } else { json!(c.group_add.iter().map(u32::to_string).collect::<Vec<_>>()) },
                "IpcMode": if modes.ipc.is_empty() { "private" } else { &modes.ipc },
                "PidMode": modes.pid,
                "UTSMode": modes.uts,
                "UsernsMode": c.userns.clone().unwrap_or_default(),
                // The size of the /dev/shm tmpfs of spec().
                "ShmSize": 65536 * 1024,
                "ConsoleSize": c.console_size.map_or([0, 0], |(h, w)| [h, w]),
                "BlkioWeight": c.resources.io_weight.unwrap_or(0),
                "MaskedPaths": c.security.paths(MASKED_PATHS, READONLY_PATHS).0,
                "ReadonlyPaths": c.security.paths(MASKED_PATHS, READONLY_PATHS).1,
                "SecurityOpt": if c.security.opts.is_empty() { json!(null) } else { json!(c.security.opts) },
                // dockerd's null when there are none.
                "Devices": if c.devices.devices.is_empty() { json!(null) } else { json!(c.devices.devices.iter().map(|d| json!({
                    "PathOnHost": d.host, "PathInContainer": d.container,
                    "CgroupPermissions": "rwm",
                })).collect::<Vec<_>>()) },
                "Privileged": c.security.privileged,
        });
        // The rest: what ctr does not have (devices, realtime, blkio throttles, ...).
        let mut host_config = host_config;
        for (keys, value) in [
            (
                &[
                    "Binds",
                    "VolumesFrom",
                    "Links",
                    "BlkioWeightDevice",
                    "BlkioDeviceReadBps",
                    "BlkioDeviceWriteBps",
                    "BlkioDeviceReadIOps",
                    "BlkioDeviceWriteIOps",
                    "DeviceCgroupRules",
                    "DeviceRequests",
                    "MemorySwappiness",
                    "Ulimits",
                ][..],
                json!(null),
            ),
            (
                &[
                    "OomScoreAdj",
                    "CpuShares",
                    "CpuRealtimePeriod",
                    "CpuRealtimeRuntime",
                    "KernelMemory",
                    "KernelMemoryTCP",
                    "CpuCount",
                    "CpuPercent",
                    "IOMaximumIOps",
                    "IOMaximumBandwidth",
                ][..],
                json!(0),
            ),
            (&["ContainerIDFile", "VolumeDriver", "Cgroup", "Isolation", "CgroupParent"][..], json!("")),
            (&["PublishAllPorts", "OomKillDisable"][..], json!(false)),
        ] {
            for k in keys {
                host_config[*k] = value.clone();
            }
        }
        let mut v = json!({
            "Id": rec.id,
            "Created": ns(rec.created),
            "Path": path,
            "Args": args,
            "State": {
                "Status": self.state_text(&rec),
                "Running": running,
                "Paused": self.is_paused(&rec),
                "Restarting": rec.state == ContainerState::Restarting,
                "OOMKilled": rec.oom_killed,
                "Dead": false,
                "Pid": if running { rec.pid } else { 0 },
                "ExitCode": rec.exit_code,
                "Error": "",
                "StartedAt": ns(rec.started_at),
                "FinishedAt": ns(rec.finished_at),
            },
            "Image": rec.image_id,
            "ImageName": rec.image_name,
            // ctr's: the seccomp profile the container runs with (`unconfined`, `builtin`,
            // `inline` (the API's), or a file's path).
            "SeccompProfile": c.security.seccomp,
            "ResolvConfPath": p.bundle.join("resolv.conf"),
            "HostnamePath": p.bundle.join("hostname"),
            "HostsPath": p.bundle.join("hosts"),
            "Name": rec.name,
            "RestartCount": rec.restart_count,
            "Driver": "overlay",
            "LogPath": p.log(),
            "Config": {
                "Hostname": c.hostname,
                "User": c.user,
                "Env": c.env,
                "Cmd": c.cmd,
                "Entrypoint": c.entrypoint,
                "WorkingDir": c.working_dir,
                "Image": c.image,
                "Tty": c.tty,
                "OpenStdin": c.open_stdin,
                "Labels": c.labels,
                "StopSignal": c.stop_signal,
                "StopTimeout": c.stop_timeout,
                "Healthcheck": c.healthcheck,
            },
            "HostConfig": {
                "NetworkMode": c.network,
                "PortBindings": port_bindings(&c.net),
                "Dns": c.net.dns,
                "DnsSearch": c.net.dns_search,
                "DnsOptions": c.net.dns_options,
                "ExtraHosts": c.net.add_hosts.iter().map(|(h, ip)| format!("{h}:{ip}")).collect::<Vec<_>>(),
                "ReadonlyRootfs": c.read_only,
                "CapAdd": c.cap_add,
                "CapDrop": c.cap_drop,
                "AutoRemove": c.auto_remove,
                "Init": c.init,
                "Memory": c.resources.memory.unwrap_or(0),
                "MemoryReservation": c.resources.memory_reservation.unwrap_or(0),
                "MemorySwap": c.resources.memory_swap.unwrap_or(0),
                "NanoCpus": c.resources.cpu_quota.map(|q| q * 1_000_000_000 / c.resources.cpu_period.unwrap_or(100_000) as i64).unwrap_or(0),
                "CpuQuota": c.resources.cpu_quota.unwrap_or(0),
                "CpuPeriod": c.resources.cpu_period.unwrap_or(0),
                "CpusetCpus": c.resources.cpuset_cpus.clone().unwrap_or_default(),
                "CpusetMems": c.resources.cpuset_mems.clone().unwrap_or_default(),
                "PidsLimit": c.resources.pids,
                "RestartPolicy": if c.restart_policy.is_none() {
                    json!({"Name": "no", "MaximumRetryCount": 0})
                } else {
                    json!(c.restart_policy)
                },
            },
            "Mounts": mounts_json(&c),
            "GraphDriver": {"Name": c.storage_driver.name(), "Data": if c.storage_driver == crate::storage::driver::Driver::Vfs {
                json!({"Dir": p.data.join("vfs")})
            } else {
                json!({
                    "LowerDir": c.lower_dirs.join(":"),
                    "UpperDir": p.data.join("upper"),
                    "WorkDir": p.data.join("work"),
                })
            }},
            "NetworkSettings": network_settings(&rec.id, &c.net, running),
        });
        if let Some(h) = health {
            v["State"]["Health"] = json!(h);
        }
        if c.healthcheck.is_none() {
            v["Config"].as_object_mut().map(|o| o.remove("Healthcheck"));
        }
        for (k, x) in host_config.as_object().into_iter().flatten() {
            v["HostConfig"][k] = x.clone();
        }
        for (k, x) in [
            ("Platform", json!("linux")),
            ("MountLabel", json!("")),
            ("ProcessLabel", json!("")),
            ("AppArmorProfile", json!("")),
            ("ExecIDs", json!(null)),
        ] {
            v[k] = x;
        }
        for (k, x) in [
            ("Domainname", json!("")),
            ("AttachStdin", json!(false)),
            ("AttachStdout", json!(false)),
            ("AttachStderr", json!(false)),
            ("StdinOnce", json!(false)),
            ("Volumes", json!(null)),
            ("OnBuild", json!(null)),
        ] {
            v["Config"][k] = x;
        }
        if let Some(r) = &c.runtime {
            v["HostConfig"]["Runtime"] = json!(r);
        }
        if let Some(m) = &c.idmap {
            // podman's shape: CONTAINER:FROM:SIZE, FROM of the parent namespace (yours
            // unprivileged, the host's as root).
            let lines = |v: &[crate::runtime::userns::IdRange]| -> Vec<String> {
                v.iter().map(|r| format!("{}:{}:{}", r.container, r.host, r.size)).collect()
            };
            v["HostConfig"]["IDMappings"] = json!({"UidMap": lines(&m.uids), "GidMap": lines(&m.gids)});
        }
        // What the Docker API's create gave, as given (Binds, VolumesFrom, Tmpfs, ...).
        for part in ["HostConfig", "Config"] {
            for (k, given) in c.as_given[part].as_object().into_iter().flatten() {
                v[part][k] = given.clone();
            }
        }
        Ok(v)
    }

    /// docker's Status column: "Up 5 minutes (healthy)", "Exited (3) 2 seconds ago",
    /// "Restarting (1) 1 second ago", "Created".
    pub fn status_text(&self, c: &ContainerRecord, now: i64) -> String {
        use crate::timefmt::ago;
        let secs = |ns: i64| ns / 1_000_000_000;
        match c.state {
            ContainerState::Created => "Created".into(),
            ContainerState::Running | ContainerState::Stopping => {
                let up = format!("Up {}", ago(secs(c.started_at), secs(now)).trim_end_matches(" ago"));
                if self.is_paused(c) {
                    return format!("{up} (Paused)");
                }
                match ContainerConfig::of(c).healthcheck.filter(|h| h.active()) {
                    Some(_) => format!("{up} ({})", self.health_state(&c.id).status),
                    None => up,
                }
            }
            ContainerState::Restarting => {
                format!("Restarting ({}) {}", c.exit_code, ago(secs(c.finished_at), secs(now)))
            }
            ContainerState::Exited => format!("Exited ({}) {}", c.exit_code, ago(secs(c.finished_at), secs(now))),
        }
    }

    /// The health of a container with a health check, as its monitor last wrote it
    /// ("starting" before the first check).
    pub fn health_state(&self, id: &str) -> crate::engine::policy::HealthState {
        super::health::load_state(&self.paths(id).health())
    }

    /// The bundle directory of a container (tests and `--runtime` use its config.json).
    pub fn bundle(&self, id: &str) -> PathBuf {
        self.paths(id).bundle
    }
}

/// Docker's `{"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}]}`.
pub fn port_bindings(net: &crate::network::NetConfig) -> Value {
    let mut m = serde_json::Map::new();
    for p in &net.ports {
        let k = format!("{}/{}", p.container_port, p.protocol);
        let e = m.entry(k).or_insert_with(|| json!([]));
        if let Some(a) = e.as_array_mut() {
            a.push(json!({"HostIp": p.host_ip, "HostPort": p.host_port.to_string()}));
        }
    }
    Value::Object(m)
}

/// Docker's NetworkSettings (addresses only while running).
/// A container's mounts in docker's inspect (and list) shape.
pub(crate) fn mounts_json(c: &ContainerConfig) -> Vec<Value> {
    use crate::engine::mounts::Source;
    c.mounts
        .iter()
        .map(|m| {
            let kind = match m.spec.source {
                Source::Bind { .. } => "bind",
                Source::Volume { .. } => "volume",
                Source::Tmpfs { .. } => "tmpfs",
            };
            let mut v = json!({
                "Type": kind,
                "Source": m.host_path,
                "Destination": m.spec.target,
                "Mode": if m.spec.readonly { "ro" } else { "" },
                "RW": !m.spec.readonly,
                "Propagation": m.spec.propagation.clone().unwrap_or_else(|| "rprivate".into()),
            });
            // A volume's name and driver; dockerd shows none for a bind or tmpfs.
            if let Some(name) = &m.volume {
                v["Name"] = json!(name);
                v["Driver"] = json!("local");
            }
            v
        })
        .collect()
}

pub(crate) fn network_settings(id: &str, net: &crate::network::NetConfig, running: bool) -> Value {
    let (ip, gw) = if running { (net.ip.as_str(), net.gateway.as_str()) } else { ("", "") };
    let name = net.mode.name();
    let mut networks = serde_json::Map::new();
    let (mut prefix, mut mac) = (if ip.is_empty() { 0 } else { 24 }, String::new());
    // Docker's EndpointSettings: every key, empty values while the container is down.
    let endpoint = |network_id: &str, ip: &str, prefix: u8, gw: &str, mac: &str| {
        json!({
            "IPAMConfig": null,
            "Links": null,
            "Aliases": null,
            "NetworkID": network_id,
            "EndpointID": "",
            "Gateway": gw,
            "IPAddress": ip,
            "IPPrefixLen": prefix,
            "IPv6Gateway": "",
            "GlobalIPv6Address": "",
            "GlobalIPv6PrefixLen": 0,
            "MacAddress": mac,
            "DriverOpts": null,
        })
    };
    match &net.mode {
        // User networks: each with its prefix, MAC, id, aliases, as dockerd shows them.
        // DNSNames is API 1.44's (name, short id, aliases); the API service's 1.41 view
        // folds the short id into Aliases instead, as dockerd 20.10 does.
        crate::network::NetMode::Bridge { networks: list } => {
            for (i, a) in list.iter().enumerate() {
                let on = running && !a.ip.is_empty();
                if i == 0 && on {
                    prefix = a.prefix_len;
                    mac.clone_from(&a.mac);
                }
                let mut e = if on {
                    endpoint(&a.network_id, &a.ip, a.prefix_len, &a.gateway, &a.mac)
                } else {
                    endpoint(&a.network_id, "", 0, "", "")
                };
                if on {
                    e["EndpointID"] = json!(super::networks::endpoint_id_of(&a.network_id, id));
                    e["DNSNames"] = json!(a.names);
                } else {
                    e["DNSNames"] = Value::Null;
                }
                if let Some(want) = &a.requested_ip {
                    e["IPAMConfig"] = json!({"IPv4Address": want});
                }
                if !a.aliases.is_empty() {
                    e["Aliases"] = json!(a.aliases);
                }
                networks.insert(a.name.clone(), e);
            }
        }
        _ => {
            networks.insert(name.clone(), endpoint(&name, ip, prefix, gw, ""));
        }
    }
    // The top-level address fields (deprecated in docker, which fills them only for its
    // default bridge) show the first network's here, as podman does.
    json!({
        "Bridge": "",
        "SandboxID": "",
        "HairpinMode": false,
        "LinkLocalIPv6Address": "",
        "LinkLocalIPv6PrefixLen": 0,
        "Ports": port_bindings(net),
        "SandboxKey": "",
        "SecondaryIPAddresses": null,
        "SecondaryIPv6Addresses": null,
        "EndpointID": "",
        "Gateway": gw,
        "GlobalIPv6Address": "",
        "GlobalIPv6PrefixLen": 0,
        "IPAddress": ip,
        "IPPrefixLen": prefix,
        "IPv6Gateway": "",
        "MacAddress": mac,
        "Networks": networks,
    })
}

/// `uid[:gid]` when numeric (names are resolved inside the container by its init).
/// The id range real root hands containers (`--userns auto`, like podman's): the user
/// `containers` (or `root`) in /etc/subuid and /etc/subgid; ((uid start, count), (gid ..)).
/// A subordinate range: (first id, count).
type SubRange = (u32, u32);

fn containers_range() -> Result<(SubRange, SubRange), EngineError> {
    use crate::runtime::userns::parse_subids;
    let range = |file: &str| {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        parse_subids(&text, Some("containers"), u32::MAX).into_iter().chain(parse_subids(&text, Some("root"), 0)).next()
    };
    match (range("/etc/subuid"), range("/etc/subgid")) {
        (Some(u), Some(g)) => Ok((u, g)),
        _ => Err(EngineError::invalid(
            "--userns auto needs a range for the user \"containers\" (or root) in /etc/subuid and /etc/subgid; add one, e.g. echo containers:300000:65536 | tee -a /etc/subuid /etc/subgid",
        )),
    }
}

/// The image's /etc/passwd and /etc/group as its topmost layer holding each has them
/// (`lowers` top first); a layer's own entries only, nothing followed: a symlinked /etc
/// or file counts as absent. Empty where there is none.
fn image_etc(lowers: &[String]) -> (String, String) {
    let read = |name: &str| {
        for l in lowers {
            let etc = Path::new(l).join("etc");
            let Ok(m) = std::fs::symlink_metadata(&etc) else { continue };
            if !m.is_dir() {
                return String::new();
            }
            let f = etc.join(name);
            match std::fs::symlink_metadata(&f) {
                Ok(m) if m.is_file() => {
                    use std::os::unix::fs::OpenOptionsExt;
                    let mut text = String::new();
                    let _ = std::fs::OpenOptions::new()
                        .read(true)
                        .custom_flags(libc::O_NOFOLLOW)
                        .open(&f)
                        .and_then(|mut f| std::io::Read::read_to_string(&mut f, &mut text));
                    return text;
                }
                // A whiteout or anything else hides what is below.
                Ok(_) => return String::new(),
                Err(_) => {}
            }
        }
        String::new()
    };
    (read("passwd"), read("group"))
}

fn numeric_user(u: &str) -> (u32, u32) {
    let (a, b) = u.split_once(':').unwrap_or((u, ""));
    let uid = a.parse().unwrap_or(0);
    (uid, b.parse().unwrap_or(0))
}

/// The /dev/shm that containers joining this one's IPC namespace share.
pub(crate) fn shm_dir(owner: &Paths) -> PathBuf {
    owner.bundle.join("shm")
}

/// A wait whose container was removed meanwhile (--rm) has nothing left to wait for.
fn gone_is_done(r: Result<Option<i64>, EngineError>) -> Result<(), EngineError> {
    match r {
        Err(e) if e.kind != ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// After the exit is recorded the monitor still reaps the network helper (its teardown
/// takes the kernel ~20 ms): `stop` and `rm` return once that is done too, so nothing of
/// the container is left running.
fn wait_monitor_gone(rec: &ContainerRecord) {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while monitor_alive(rec) && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Is the container's monitor still alive? (pid reuse: check it is our monitor.)
fn monitor_alive(rec: &ContainerRecord) -> bool {
    if rec.monitor_pid <= 0 {
        // Being started: the monitor records itself once the container runs.
        return rec.state == ContainerState::Created;
    }
    std::fs::read(format!("/proc/{}/cmdline", rec.monitor_pid))
        .map(|c| {
            let s = String::from_utf8_lossy(&c);
            s.contains("__monitor") && s.contains(&rec.id)
        })
        .unwrap_or(false)
}

/// `SIGTERM`, `TERM`, `term` or `15`.
pub fn parse_signal(s: &str) -> Option<i32> {
    if let Ok(n) = s.parse::<i32>() {
        return (1..=64).contains(&n).then_some(n);
    }
    let up = s.to_ascii_uppercase();
    let name = if up.starts_with("SIG") { up } else { format!("SIG{up}") };
    name.parse::<nix::sys::signal::Signal>().ok().map(|s| s as i32)
}

pub use crate::engine::interface::Change;

impl LocalEngine {
    /// The layers under a container's root as its runs see them (the copies for its id
    /// map, when it has maps of its own), top first.
    fn root_lowers(&self, c: &ContainerConfig) -> Vec<PathBuf> {
        match (self.mapping(), &c.idmap) {
            (Some(_), Some(maps)) => {
                crate::storage::idcopy::copies(&self.root, maps, &c.lower_dirs).into_iter().map(|(_, c)| c).collect()
            }
            _ => c.lower_dirs.iter().map(PathBuf::from).collect(),
        }
    }

    /// A container's changes as an upper directory in overlay's form: its own (overlay,
    /// fuse), or for vfs one made now by comparing its copy with its layers.
    pub(crate) fn changes_dir(&self, id: &str) -> Result<PathBuf, EngineError> {
        let rec = self.container(id)?;
        let c = ContainerConfig::of(&rec);
        let p = self.paths(&rec.id);
        let upper = p.data.join("upper");
        if c.storage_driver == crate::storage::driver::Driver::Vfs && p.data.join("vfs").exists() {
            let req = crate::storage::vfs::Request::SyncUpper {
                lowers: self.root_lowers(&c),
                root: p.data.join("vfs"),
                upper: upper.clone(),
                shift: if self.mapping().is_none() { self.container_mapping(&c)? } else { None },
            };
            crate::storage::vfs::run_as_root(self.mapping(), &req)
                .map_err(|e| EngineError::new(ErrorKind::Internal, e))?;
        }
        Ok(upper)
    }

    /// `ctr diff`: what the container added (A), changed (C) or deleted (D), from its
    /// overlay upper directory (whiteouts are deletions).
    pub fn diff_container(&self, key: &str) -> Result<Vec<Change>, EngineError> {
        use std::os::unix::fs::FileTypeExt;
        use std::os::unix::fs::MetadataExt;
        let rec = self.container(key)?;
        let cfg = ContainerConfig::of(&rec);
        let upper = self.changes_dir(&rec.id)?;
        let mut out = Vec::new();
        let mut stack = vec![PathBuf::new()];
        while let Some(rel) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(upper.join(&rel)) else { continue };
            for e in rd.flatten() {
                let r = rel.join(e.file_name());
                let Ok(m) = e.path().symlink_metadata() else { continue };
                let shown = format!("/{}", r.display());
                let in_lower = cfg.lower_dirs.iter().any(|l| Path::new(l).join(&r).symlink_metadata().is_ok());
                if m.file_type().is_char_device() && m.rdev() == 0 {
                    out.push(Change { kind: 'D', path: shown });
                    continue;
                }
                out.push(Change { kind: if in_lower { 'C' } else { 'A' }, path: shown });
                if m.is_dir() {
                    stack.push(r);
                }
            }
        }
        // The mount points ctr made are not the container's changes (dockerd keeps them in
        // an init layer below the container's): the empty files its bind mounts of
        // /etc/hostname, /etc/hosts and /etc/resolv.conf needed, and /dev, /proc, /sys
        // (mounted over, so nothing the container writes lands below them); nor is a
        // directory changed only by them.
        let placeholder = |p: &str| {
            let mounted = ["/dev", "/proc", "/sys"].iter().any(|m| p == *m || p.starts_with(&format!("{m}/")));
            mounted
                || ["/etc/hostname", "/etc/hosts", "/etc/resolv.conf"].contains(&p)
                    && upper.join(&p[1..]).symlink_metadata().is_ok_and(|m| m.is_file() && m.len() == 0)
        };
        let dropped: Vec<String> = out.iter().filter(|c| placeholder(&c.path)).map(|c| c.path.clone()).collect();
        out.retain(|c| !dropped.contains(&c.path));
        let kept: Vec<String> = out.iter().map(|c| c.path.clone()).collect();
        out.retain(|c| {
            let prefix = format!("{}/", c.path);
            c.kind != 'C'
                || !dropped.iter().any(|d| d.starts_with(&prefix))
                || kept.iter().any(|k| k.starts_with(&prefix))
        });
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// `ctr top`: the container's processes (pid as seen inside, user, command).
    pub fn top_container(&mut self, key: &str) -> Result<Vec<[String; 4]>, EngineError> {
        let rec = self.current(key)?;
        if rec.state != ContainerState::Running {
            return Err(EngineError::conflict(format!("container {} is not running", rec.name)));
        }
        let mut rows = Vec::new();
        for pid in crate::runtime::procs::container_pids(self.init_pid(&rec)? as i32)? {
            // A process that ended since the list was made (a short-lived child) is no row.
            let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else { continue };
            let field = |k: &str| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix(k))
                    .map(|v| v.split_whitespace().collect::<Vec<_>>())
                    .unwrap_or_default()
            };
            let inner = |k: &str| field(k).last().map(|s| s.to_string()).unwrap_or_default();
            let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ").trim().to_string();
            // uid as seen inside: the container's map applied backwards.
            let host_uid: u32 = field("Uid:").get(1).and_then(|u| u.parse().ok()).unwrap_or(0);
            let uid = self
                .mapping()
                .and_then(|m| {
                    m.uids
                        .iter()
                        .find(|r| host_uid >= r.host && host_uid - r.host < r.size)
                        .map(|r| r.container + host_uid - r.host)
                })
                .unwrap_or(host_uid);
            rows.push([uid.to_string(), inner("NSpid:"), inner("PPid:"), cmd]);
        }
        rows.sort_by_key(|r| r[1].parse::<u32>().unwrap_or(0));
        Ok(rows)
    }

    /// Connects to a running container's monitor as an attached client.
    pub fn attach_container(&mut self, key: &str) -> Result<(ContainerRecord, UnixStream), EngineError> {
        let rec = self.current(key)?;
        if rec.state != ContainerState::Running {
            return Err(EngineError::conflict(format!(
                "container {} is not running; start it with `ctr start -a`",
                rec.name
            )));
        }
        let mut s = UnixStream::connect(self.paths(&rec.id).attach())?;
        proto::write_frame(&mut s, proto::HELLO, b"attach")?;
        Ok((rec, s))
    }
}

impl LocalEngine {
    /// A container's own layer (its upper dir) stored as an uncompressed layer blob:
    /// (digest, size).
    pub fn container_layer(&self, id: &str) -> Result<(String, u64), EngineError> {
        let upper = self.changes_dir(id)?;
        self.tar_job("tar-upper", &[upper], |r| Ok(self.blobs.put(r, None, "container layer")?))
    }

    /// An image's whole root filesystem as one tar (lower layers merged, whiteouts applied),
    /// handed to `consume`.
    pub fn image_tar<T>(
        &self,
        image_id: &str,
        consume: impl FnOnce(&mut dyn Read) -> Result<T, EngineError>,
    ) -> Result<T, EngineError> {
        let dirs: Vec<PathBuf> =
            self.store.layers_of(image_id)?.iter().rev().map(|l| self.layers().path(&l.diff_id)).collect();
        if dirs.is_empty() {
            return consume(&mut std::io::empty());
        }
        self.tar_job("tar-merged", &dirs, consume)
    }

    /// Runs a tar-producing job (`tar-upper`, `tar-merged`) as root of the user namespace
    /// (in-process as real root) and hands its output to `consume`. Also reads image
    /// layers back into tars (an upper directory and an unpacked layer share a format).
    pub(super) fn tar_job<T>(
        &self,
        job: &str,
        dirs: &[PathBuf],
        consume: impl FnOnce(&mut dyn Read) -> Result<T, EngineError>,
    ) -> Result<T, EngineError> {
        let Some(m) = self.mapping() else {
            let (mut r, w) = std::io::pipe()?;
            let dirs = dirs.to_vec();
            let job = job.to_string();
            let t = std::thread::spawn(move || match job.as_str() {
                "tar-upper" => crate::storage::export::tar_upper(&dirs[0], w),
                _ => crate::storage::export::tar_merged(&dirs, w),
            });
            let out = consume(&mut r);
            drop(r);
            t.join().map_err(|_| EngineError::new(ErrorKind::Internal, "tar writer panicked"))??;
            return out;
        };
        let mut args: Vec<std::ffi::OsString> = vec![job.into()];
        args.extend(dirs.iter().map(|d| d.as_os_str().to_owned()));
        let mut child = crate::runtime::userns::spawn(m, crate::runtime::userns::Extra::None, &args, |c| {
            c.stdout(std::process::Stdio::piped());
        })?;
        let mut stdout = child.stdout.take().expect("piped");
        let out = consume(&mut stdout);
        drop(stdout);
        let status = child.wait()?;
        if out.is_ok() && !status.success() {
            return Err(EngineError::new(
                ErrorKind::Internal,
                format!("reading the files of {} failed ({status})", dirs[0].display()),
            ));
        }
        out
    }

    /// `ctr export`: the container's root filesystem as a tar.
    pub fn export_container(&self, key: &str, out: &mut dyn std::io::Write) -> Result<(), EngineError> {
        let rec = self.container(key)?;
        let cfg = ContainerConfig::of(&rec);
        let mut dirs = vec![self.paths(&rec.id).data.join("upper")];
        dirs.extend(cfg.lower_dirs.iter().map(PathBuf::from));
        if cfg.storage_driver == crate::storage::driver::Driver::Vfs {
            // Its copy is the whole root.
            dirs = vec![self.paths(&rec.id).data.join("vfs")];
        }
        self.tar_job("tar-merged", &dirs, |r| {
            std::io::copy(r, out)?;
            Ok(())
        })
    }

    /// `ctr commit`: a new image from the container's own layer on top of its image, with
    /// the container's command, environment, working dir and user as the new config.
    /// With `pause`, a running container is paused meanwhile (docker's default), so the
    /// layer is a consistent snapshot.
    pub fn commit_container(
        &mut self,
        key: &str,
        name: Option<&str>,
        opts: &super::ImportOptions,
        author: Option<&str>,
        pause: bool,
    ) -> Result<crate::engine::LoadedImage, EngineError> {
        let rec = self.container(key)?;
        let paused = pause && rec.state == ContainerState::Running && !self.is_paused(&rec);
        if paused {
            self.pause_container(&rec.id)?;
        }
        let r = self.commit_unpaused(&rec, name, opts, author);
        if paused {
            let _ = self.unpause_container(&rec.id);
        }
        r
    }

    fn commit_unpaused(
        &mut self,
        rec: &ContainerRecord,
        name: Option<&str>,
        opts: &super::ImportOptions,
        author: Option<&str>,
    ) -> Result<crate::engine::LoadedImage, EngineError> {
        let rec = rec.clone();
        let reference = name.map(crate::image::reference::Reference::parse).transpose()?;
        let c = ContainerConfig::of(&rec);
        let _lock = self.lock(false)?;
        let upper = self.changes_dir(&rec.id)?;
        let (digest, size) =
            self.tar_job("tar-upper", &[upper], |r| Ok(self.blobs.put(r, None, "container layer")?))?;
        let base: Value = serde_json::from_slice(&self.blobs.read(&rec.image_id)?).map_err(std::io::Error::other)?;
        let now = crate::timefmt::format_rfc3339(crate::store::now());
        let mut cfg = base.clone();
        let mut conf = base.get("config").cloned().unwrap_or(json!({}));
        conf["Cmd"] = json!(c.cmd);
        conf["Entrypoint"] = if c.entrypoint.is_empty() { Value::Null } else { json!(c.entrypoint) };
        conf["Env"] = json!(c.env.iter().filter(|e| !e.starts_with("HOSTNAME=")).collect::<Vec<_>>());
        conf["WorkingDir"] = json!(c.working_dir);
        conf["User"] = json!(c.user);
        if !c.labels.is_empty() {
            conf["Labels"] = json!(c.labels);
        }
        for ch in &opts.changes {
            super::images::apply_change(&mut conf, ch)?;
        }
        cfg["config"] = conf;
        cfg["created"] = json!(now);
        if let Some(a) = author {
            cfg["author"] = json!(a);
        }
        if let Some(m) = &opts.message {
            cfg["comment"] = json!(m);
        }
        let diffs = cfg.pointer_mut("/rootfs/diff_ids").and_then(Value::as_array_mut);
        match diffs {
            Some(d) => d.push(json!(digest)),
            None => cfg["rootfs"] = json!({"type": "layers", "diff_ids": [digest]}),
        }
        let hist = json!({"created": now, "created_by": format!("ctr commit {}", rec.name), "comment": opts.message.clone().unwrap_or_default()});
        match cfg.get_mut("history").and_then(Value::as_array_mut) {
            Some(h) => h.push(hist),
            None => cfg["history"] = json!([hist]),
        }
        let cfg_bytes = serde_json::to_vec(&cfg).map_err(std::io::Error::other)?;
        let config_digest = self.blobs.put_bytes(&cfg_bytes)?;
        let mut layers = self.layer_blobs(&rec.image_id)?;
        layers.push(crate::image::archive::LayerBlob { digest, size, compression: crate::digest::Compression::None });
        self.commit(crate::image::archive::ArchiveImage {
            names: reference.into_iter().collect(),
            config_digest,
            layers,
            manifest: None,
        })
    }
}

impl LocalEngine {
    /// `ctr cp`: copies between the host and a container (running or not).
    pub fn copy(&mut self, key: &str, into: bool, host: &Path, container_path: &Path) -> Result<(), EngineError> {
        let rec = self.current(key)?;
        let host = std::path::absolute(host)?;
        let mut job = self.cp_process(&rec, into, host, container_path, crate::runtime::cp::CpMode::Copy, |_| {})?;
        let status = job.child.wait()?;
        if !status.success() {
            return Err(EngineError::new(
                ErrorKind::Internal,
                format!("copying {} failed", if into { "into the container" } else { "out of the container" }),
            ));
        }
        Ok(())
    }

    /// Starts the process that does a copy inside the container's root: a fresh `ctr
    /// __cp` that joins a running container's namespaces, or (stopped) one that mounts the
    /// container's overlay in a mount namespace of its own (rootless: in the user
    /// namespace) and chroots into it.
    fn cp_process(
        &mut self,
        rec: &ContainerRecord,
        into: bool,
        host_path: PathBuf,
        container_path: &Path,
        mode: crate::runtime::cp::CpMode,
        configure: impl FnOnce(&mut std::process::Command),
    ) -> Result<CpJob, EngineError> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static SEQ: AtomicU32 = AtomicU32::new(0);
        let running = rec.state == ContainerState::Running;
        let p = self.paths(&rec.id);
        let cfg = ContainerConfig::of(rec);
        // One mount point per copy: removing one another copy still uses would detach
        // that copy's root in its namespace.
        let mount_point = (!running)
            .then(|| p.data.join(format!("cp-root-{}-{}", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed))));
        if let Some(m) = &mount_point {
            std::fs::create_dir_all(m)?;
        }
        let req = crate::runtime::cp::CpRequest {
            into,
            host_path,
            container_path: container_path.to_path_buf(),
            pid: if running { Some(self.init_pid(rec)? as i32) } else { None },
            overlay: mount_point.as_ref().map(|m| {
                let vfs = cfg.storage_driver == crate::storage::driver::Driver::Vfs;
                [
                    cfg.lower_dirs.join(":"),
                    p.data.join(if vfs { "vfs" } else { "upper" }).display().to_string(),
                    p.data.join("work").display().to_string(),
                    m.display().to_string(),
                ]
            }),
            driver: Some(cfg.storage_driver.name().to_string()),
            mode,
        };
        let json = serde_json::to_string(&req).map_err(std::io::Error::other)?;
        let spawned = match (running, self.mapping()) {
            (false, Some(m)) => {
                let args = ["cp".into(), std::ffi::OsString::from(json)];
                crate::runtime::userns::spawn(m, crate::runtime::userns::Extra::Mount, &args, configure)
                    .map_err(EngineError::from)
            }
            _ => {
                let mut c = std::process::Command::new("/proc/self/exe");
                c.arg("__cp").arg(json);
                configure(&mut c);
                c.spawn().map_err(EngineError::from)
            }
        };
        match spawned {
            Ok(child) => Ok(CpJob { child, mount_point }),
            Err(e) => {
                if let Some(m) = &mount_point {
                    let _ = std::fs::remove_dir(m);
                }
                Err(e)
            }
        }
    }

    /// The API's archive operations on a container path (`HEAD`, `GET`, `PUT
    /// /containers/{id}/archive`): answers the path's stat, and the running job whose
    /// stdout (`Get`) is the tar, or whose stdin (`Put`, given as `input`) takes it.
    pub fn container_archive(
        &mut self,
        key: &str,
        path: &str,
        mode: crate::runtime::cp::CpMode,
        input: Option<std::process::Stdio>,
    ) -> Result<(crate::runtime::cp::PathStat, ArchiveJob), EngineError> {
        use crate::runtime::cp::{ArchiveReply, CpMode};
        let rec = self.current(key)?;
        let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
        let mut job = self.cp_process(&rec, false, PathBuf::new(), Path::new(&path), mode, |c| {
            c.stdout(std::process::Stdio::piped());
            c.stdin(input.unwrap_or_else(std::process::Stdio::null));
        })?;
        let mut out = std::io::BufReader::with_capacity(256 << 10, job.child.stdout.take().expect("piped"));
        let first = read_reply(&mut out);
        let stat = match first {
            ArchiveReply::Stat(st) => st,
            other => {
                let _ = job.child.wait();
                return Err(archive_error(other, key));
            }
        };
        if mode == CpMode::Stat {
            let _ = job.child.wait();
        }
        Ok((stat, ArchiveJob { job, out, key: key.to_string(), put: matches!(mode, CpMode::Put { .. }) }))
    }
}

/// A copy process, and the mount point its overlay used (removed when it is done).
struct CpJob {
    child: std::process::Child,
    mount_point: Option<PathBuf>,
}

impl Drop for CpJob {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if let Some(m) = &self.mount_point {
            let _ = std::fs::remove_dir(m);
        }
    }
}

/// A running archive operation: `reader()` is the tar of a `Get`; `finish` waits for it.
pub struct ArchiveJob {
    job: CpJob,
    out: std::io::BufReader<std::process::ChildStdout>,
    key: String,
    put: bool,
}

impl ArchiveJob {
    pub fn reader(&mut self) -> &mut dyn Read {
        &mut self.out
    }

    /// Waits for the process; a `Put` answers whether the extraction succeeded.
    pub fn finish(mut self) -> Result<(), EngineError> {
        use crate::runtime::cp::ArchiveReply;
        let last = if self.put { Some(read_reply(&mut self.out)) } else { None };
        let status = self.job.child.wait()?;
        match last {
            Some(ArchiveReply::Done) | None if status.success() => Ok(()),
            Some(r @ (ArchiveReply::NotFound(_) | ArchiveReply::Invalid(_) | ArchiveReply::Failed(_))) => {
                Err(archive_error(r, &self.key))
            }
            _ => Err(EngineError::new(ErrorKind::Internal, format!("the copy process failed ({status})"))),
        }
    }
}

fn read_reply(r: &mut impl std::io::BufRead) -> crate::runtime::cp::ArchiveReply {
    use crate::runtime::cp::ArchiveReply;
    let mut line = String::new();
    match r.read_line(&mut line) {
        Ok(n) if n > 0 => serde_json::from_str(&line)
            .unwrap_or_else(|e| ArchiveReply::Failed(format!("unreadable answer of the copy process: {e}"))),
        _ => ArchiveReply::Failed("the copy process ended without an answer".into()),
    }
}

/// dockerd's wording: clients match "Could not find the file".
fn archive_error(r: crate::runtime::cp::ArchiveReply, key: &str) -> EngineError {
    use crate::runtime::cp::ArchiveReply;
    match r {
        ArchiveReply::NotFound(p) => EngineError::not_found(format!("Could not find the file {p} in container {key}")),
        ArchiveReply::Invalid(m) => EngineError::invalid(m),
        ArchiveReply::Failed(m) => EngineError::new(ErrorKind::Internal, m),
        ArchiveReply::Stat(_) | ArchiveReply::Done => {
            EngineError::new(ErrorKind::Internal, "the copy process answered out of order")
        }
    }
}

impl LocalEngine {
    /// The cgroup a container with limits runs in (when cgroups are available).
    pub fn container_cgroup(&self, id: &str) -> Option<PathBuf> {
        match crate::cgroups::detect() {
            crate::cgroups::Support::V2 { base, .. } => Some(base.join("ctr").join(id)).filter(|d| d.is_dir()),
            _ => None,
        }
    }

    /// `ctr update`: merges new limits into a container's configuration and, when it
    /// runs, into its cgroup.
    /// `ctr update --restart`: a new restart policy, which the monitor reads at the next exit.
    pub fn set_restart_policy(
        &mut self,
        key: &str,
        policy: &crate::engine::policy::RestartPolicy,
    ) -> Result<ContainerRecord, EngineError> {
        let rec = self.current(key)?;
        let mut cfg = ContainerConfig::of(&rec);
        if cfg.auto_remove && !policy.is_none() {
            return Err(EngineError::invalid(format!(
                "container {} is removed when it exits (--rm): it cannot have restart policy {}",
                rec.name,
                policy.display()
            )));
        }
        cfg.restart_policy = policy.clone();
        self.store.set_config(&rec.id, &serde_json::to_string(&cfg).map_err(std::io::Error::other)?)?;
        Ok(rec)
    }

    pub fn update_container(&mut self, key: &str, l: &crate::cgroups::Limits) -> Result<ContainerRecord, EngineError> {
        let rec = self.current(key)?;
        let mut cfg = ContainerConfig::of(&rec);
        crate::cgroups::check(l).map_err(|m| EngineError::new(ErrorKind::NotSupported, m))?;
        let r = &mut cfg.resources;
        macro_rules! merge {
            ($($f:ident),*) => {$( if l.$f.is_some() { r.$f = l.$f.clone(); } )*};
        }
        merge!(
            memory,
            memory_reservation,
            memory_swap,
            cpu_quota,
            cpu_period,
            cpu_weight,
            cpuset_cpus,
            cpuset_mems,
            pids,
            io_weight
        );
        if matches!(rec.state, ContainerState::Running) {
            let dir = self.container_cgroup(&rec.id).ok_or_else(|| {
                EngineError::new(
                    ErrorKind::NotSupported,
                    format!("container {} runs without a cgroup of its own (it was started without limits); stop it and start it again to apply limits", rec.name),
                )
            })?;
            crate::cgroups::apply(&dir, l).map_err(|m| EngineError::new(ErrorKind::Internal, m))?;
        }
        let json = serde_json::to_string(&cfg).map_err(std::io::Error::other)?;
        self.store.set_config(&rec.id, &json)?;
        // The bundle's copy, read by the monitor at the next start.
        let spec_path = self.paths(&rec.id).bundle.join("config.json");
        if let Ok(data) = std::fs::read(&spec_path)
            && let Ok(mut v) = serde_json::from_slice::<Value>(&data)
        {
            v["annotations"][crate::monitor::ANN_RESOURCES] =
                json!(serde_json::to_string(&cfg.resources).unwrap_or_default());
            let _ = std::fs::write(&spec_path, serde_json::to_vec_pretty(&v).unwrap_or_default());
        }
        Ok(rec)
    }

    /// One row of `ctr stats`, docker's columns (and raw numbers for JSON).
    pub fn stats_report(&self, rec: &ContainerRecord) -> crate::engine::interface::StatsReport {
        use crate::cgroups::{read_kv, read_u64};
        let running = matches!(rec.state, ContainerState::Running);
        let cg = if running { self.container_cgroup(&rec.id) } else { None };
        let mem = cg.as_ref().and_then(|d| read_u64(&d.join("memory.current")));
        let host_mem = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|m| {
                m.lines()
                    .find_map(|l| {
                        l.strip_prefix("MemTotal:").map(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                    })
                    .flatten()
            })
            .map(|k| k * 1024)
            .unwrap_or(0);
        let limit = cg.as_ref().and_then(|d| read_u64(&d.join("memory.max"))).unwrap_or(host_mem);
        let cpu_usec = cg.as_ref().and_then(|d| read_kv(&d.join("cpu.stat")).get("usage_usec").copied());
        let elapsed_usec = ((crate::timefmt::now_ns() - rec.started_at) / 1000).max(1) as u64;
        let cpu_perc = cpu_usec.map(|u| u as f64 * 100.0 / elapsed_usec as f64);
        let (mut rx, mut tx) = (0u64, 0u64);
        if running && rec.pid > 0 {
            for l in std::fs::read_to_string(format!("/proc/{}/net/dev", rec.pid)).unwrap_or_default().lines().skip(2) {
                let Some((iface, rest)) = l.split_once(':') else { continue };
                if iface.trim() == "lo" {
                    continue;
                }
                let f: Vec<u64> = rest.split_whitespace().filter_map(|x| x.parse().ok()).collect();
                if f.len() > 8 {
                    rx += f[0];
                    tx += f[8];
                }
            }
        }
        let (mut rd, mut wr) = (0u64, 0u64);
        if let Some(d) = &cg {
            for l in std::fs::read_to_string(d.join("io.stat")).unwrap_or_default().lines() {
                for kv in l.split_whitespace() {
                    if let Some(v) = kv.strip_prefix("rbytes=") {
                        rd += v.parse::<u64>().unwrap_or(0);
                    } else if let Some(v) = kv.strip_prefix("wbytes=") {
                        wr += v.parse::<u64>().unwrap_or(0);
                    }
                }
            }
        }
        let pids = cg.as_ref().and_then(|d| read_u64(&d.join("pids.current")));
        crate::engine::interface::StatsReport {
            id: rec.id.clone(),
            name: rec.name.clone(),
            cpu_perc,
            cpu_nanos: cpu_usec.map(|u| u * 1000),
            mem_usage: mem,
            mem_limit: limit,
            net: running.then_some((rx, tx)),
            block: cg.is_some().then_some((rd, wr)),
            pids,
        }
    }
}

/// Reads the monitor's first answer on a start connection: the frames before STARTED
/// (output may come first) and then Ok, or the start error (code, message).
pub fn await_started(sock: &mut UnixStream) -> Result<Vec<(u8, Vec<u8>)>, EngineError> {
    sock.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut early = Vec::new();
    loop {
        match proto::read_frame(sock)? {
            Some((proto::STARTED, _)) => {
                sock.set_read_timeout(None)?;
                return Ok(early);
            }
            Some((proto::ERROR, msg)) => return Err(start_failure(&msg)),
            Some(f) => early.push(f),
            None => {
                return Err(EngineError::new(
                    ErrorKind::Internal,
                    "the container monitor exited before the container started",
                ));
            }
        }
    }
}

/// The monitor's ERROR frame ("CODE\nMESSAGE") as an error that ends the CLI with CODE
/// (127: the command was not found, 126: it could not be run, 125: the rest).
pub fn start_failure(payload: &[u8]) -> EngineError {
    let text = String::from_utf8_lossy(payload).into_owned();
    let (code, m) = text.split_once('\n').unwrap_or(("125", &text));
    EngineError::new(ErrorKind::Internal, m.to_string()).with_exit_code(code.parse().unwrap_or(125))
}

/// What docker checks of a container's configuration as a whole.
fn check_config(o: &CreateOptions, config: &ContainerConfig) -> Result<(), EngineError> {
    if config.auto_remove && !config.restart_policy.is_none() {
        return Err(EngineError::invalid(format!(
            "--rm and --restart {} conflict: a container removed when it exits cannot be restarted",
            config.restart_policy.display()
        )));
    }
    if o.sdnotify == crate::engine::policy::SdNotify::Healthy
        && !config.healthcheck.as_ref().is_some_and(|h| h.active())
    {
        return Err(EngineError::invalid(
            "--sdnotify=healthy needs a health check (--health-cmd or the image's HEALTHCHECK)",
        ));
    }
    if !config.working_dir.starts_with('/') {
        return Err(EngineError::invalid(format!(
            "invalid working directory {:?}: it must be an absolute path",
            config.working_dir
        )));
    }
    Ok(())
}

/// The process's environment: the image's, PATH if it has none, HOSTNAME, TERM with a
/// terminal, then the env files and `-e` in order.
fn plan_env(o: &CreateOptions, ic: &Value, hostname: &str) -> Result<Vec<String>, EngineError> {
    let mut env = str_list(ic.get("Env"));
    if !env.iter().any(|e| e.starts_with("PATH=")) {
        env.insert(0, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into());
    }
    set_env(&mut env, format!("HOSTNAME={hostname}"));
    if o.tty {
        set_env(&mut env, "TERM=xterm".into());
    }
    for f in &o.env_files {
        let text = std::fs::read_to_string(f)
            .map_err(|e| EngineError::invalid(format!("cannot read env file {}: {e}", f.display())))?;
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            if let Some(e) = env_entry(line) {
                set_env(&mut env, e);
            }
        }
    }
    for e in &o.env {
        if e.starts_with('=') || e.is_empty() {
            return Err(EngineError::invalid(format!("invalid environment variable {e:?}: use KEY=VALUE or KEY")));
        }
        if o.env_as_given && !e.contains('=') {
            // Kept as docker keeps it; the process gets no such variable (spec()).
            env.retain(|x| x.split('=').next() != Some(e.as_str()));
            env.push(e.clone());
        } else if let Some(e) = env_entry(e) {
            set_env(&mut env, e);
        }
    }
    Ok(env)
}

/// The volumes a container's mounts use (linked to it in the store).
fn anonymous_volumes(config: &ContainerConfig) -> Vec<String> {
    config
        .mounts
        .iter()
        .filter(|m| matches!(m.spec.source, crate::engine::mounts::Source::Volume { .. }))
        .filter_map(|m| m.volume.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The process's environment: the image's, PATH when it has none, HOSTNAME, TERM for
    /// a terminal, then -e in order (a variable set again moves to the end, with the new
    /// value); a bad entry is refused.
    #[test]
    fn plan_env_layers_the_sources() {
        let ic = json!({"Env": ["A=image", "B=image"]});
        let o = CreateOptions { tty: true, env: vec!["A=flag".into(), "C=1".into()], ..Default::default() };
        let env = plan_env(&o, &ic, "h1").unwrap();
        assert_eq!(
            env,
            [
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "B=image",
                "HOSTNAME=h1",
                "TERM=xterm",
                "A=flag",
                "C=1"
            ]
        );
        let bad = CreateOptions { env: vec!["=x".into()], ..Default::default() };
        assert!(plan_env(&bad, &ic, "h").unwrap_err().message.contains("invalid environment variable"));
    }

    /// The checks of the whole: --rm with a restart policy, a relative working directory.
    #[test]
    fn check_config_refuses_conflicts() {
        let o = CreateOptions::default();
        let ok = ContainerConfig { working_dir: "/".into(), ..Default::default() };
        assert!(check_config(&o, &ok).is_ok());
        let rm = ContainerConfig {
            auto_remove: true,
            restart_policy: crate::engine::policy::RestartPolicy::parse("always").unwrap(),
            ..ok.clone()
        };
        assert!(check_config(&o, &rm).unwrap_err().message.contains("--rm and --restart always conflict"));
        let rel = ContainerConfig { working_dir: "app".into(), ..ok };
        assert!(check_config(&o, &rel).unwrap_err().message.contains("must be an absolute path"));
    }
}
