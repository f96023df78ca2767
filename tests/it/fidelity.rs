//! Docker Engine API fidelity (issue 16): one table of API calls sent to ctr's service
//! and, where the real dockerd 20.10 runs (`/var/run/docker.sock`, root only: the root
//! pass), to dockerd too. Each call's status code, the keys that the Engine API 1.41
//! reference documents for its answer, and its error wording are checked on every
//! engine; with dockerd present, the JSON shapes (keys and value types, recursively; not
//! ids, times or values that differ by nature) must be the same except for the
//! deliberate differences of `ALLOWED`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::api::send;
use crate::common::*;

const DOCKER_SOCK: &str = "/var/run/docker.sock";

/// One API call. `{p}` in a path or body is a prefix unique to this run (names of what
/// the table creates), `{img}` the busybox image's tag.
struct Call {
    what: &'static str,
    method: &'static str,
    path: &'static str,
    body: Option<&'static str>,
    status: u16,
    /// Key paths the API 1.41 reference documents in the answer, each with its type
    /// (`s` string, `n` number, `b` bool, `o` object, `a` array, `?` also null); a path
    /// may start with `[0]` for the first element of an array answer.
    keys: &'static [&'static str],
    /// Words the error message must contain (dockerd's, which clients match on).
    message: Option<&'static str>,
}

const fn call(what: &'static str, method: &'static str, path: &'static str, status: u16) -> Call {
    Call { what, method, path, body: None, status, keys: &[], message: None }
}

impl Call {
    const fn body(mut self, b: &'static str) -> Call {
        self.body = Some(b);
        self
    }
    const fn keys(mut self, k: &'static [&'static str]) -> Call {
        self.keys = k;
        self
    }
    const fn message(mut self, m: &'static str) -> Call {
        self.message = Some(m);
        self
    }
}

/// A create body with an option of every kind ctr accepts, each of which must come back
/// in inspect as dockerd reports it. No resource limits: whether ctr can enforce them
/// depends on the host's cgroups (it refuses them where it cannot).
const FULL: &str = r#"{"Image":"{img}","Cmd":["sleep","1009"],"Env":["A=1","NOVALUE"],"Labels":{"k":"v"},
 "ExposedPorts":{"80/tcp":{}},"Volumes":{"/data":{}},"StopTimeout":7,"StopSignal":"SIGUSR1",
 "MacAddress":"02:42:ac:11:00:99","WorkingDir":"/tmp","User":"0","Tty":true,"OpenStdin":true,
 "Healthcheck":{"Test":["CMD","true"],"Interval":1000000000,"Retries":2},
 "HostConfig":{"Binds":["{p}bind:/hosttmp:ro"],"VolumesFrom":[],"CgroupnsMode":"private",
  "DeviceCgroupRules":["c 1:3 rwm"],"UTSMode":"host","IpcMode":"private","Isolation":"",
  "Tmpfs":{"/run":"size=1m"},"VolumeDriver":"","MemorySwappiness":10,
  "LogConfig":{"Type":"json-file","Config":{"max-size":"1m","max-file":"2"}},
  "RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3},"GroupAdd":["10"],
  "PortBindings":{"80/tcp":[{"HostPort":"18089"}]},"Dns":["10.0.0.1"],"DnsSearch":["example.com"],
  "DnsOptions":["ndots:2"],"ExtraHosts":["h:10.0.0.2"],"CapAdd":["NET_ADMIN"],"CapDrop":["MKNOD"],
  "ReadonlyRootfs":true,"Init":true,
  "Mounts":[{"Type":"tmpfs","Target":"/scratch"}]}}"#;

/// What the reference documents for `GET /containers/{id}/json` (ContainerInspectResponse).
const INSPECT_KEYS: &[&str] = &[
    "Id:s",
    "Created:s",
    "Path:s",
    "Args:a",
    "State.Status:s",
    "State.Running:b",
    "State.Paused:b",
    "State.Restarting:b",
    "State.OOMKilled:b",
    "State.Dead:b",
    "State.Pid:n",
    "State.ExitCode:n",
    "State.Error:s",
    "State.StartedAt:s",
    "State.FinishedAt:s",
    "Image:s",
    "ResolvConfPath:s",
    "HostnamePath:s",
    "HostsPath:s",
    "LogPath:s",
    "Name:s",
    "RestartCount:n",
    "Driver:s",
    "Platform:s",
    "MountLabel:s",
    "ProcessLabel:s",
    "AppArmorProfile:s",
    "ExecIDs:a?",
    "HostConfig.Binds:a?",
    "HostConfig.ContainerIDFile:s",
    "HostConfig.LogConfig.Type:s",
    "HostConfig.LogConfig.Config:o",
    "HostConfig.NetworkMode:s",
    "HostConfig.PortBindings:o?",
    "HostConfig.RestartPolicy.Name:s",
    "HostConfig.RestartPolicy.MaximumRetryCount:n",
    "HostConfig.AutoRemove:b",
    "HostConfig.VolumeDriver:s",
    "HostConfig.VolumesFrom:a?",
    "HostConfig.CapAdd:a?",
    "HostConfig.CapDrop:a?",
    "HostConfig.CgroupnsMode:s",
    "HostConfig.Dns:a?",
    "HostConfig.DnsOptions:a?",
    "HostConfig.DnsSearch:a?",
    "HostConfig.ExtraHosts:a?",
    "HostConfig.GroupAdd:a?",
    "HostConfig.IpcMode:s",
    "HostConfig.Cgroup:s",
    "HostConfig.Links:a?",
    "HostConfig.OomScoreAdj:n",
    "HostConfig.PidMode:s",
    "HostConfig.Privileged:b",
    "HostConfig.PublishAllPorts:b",
    "HostConfig.ReadonlyRootfs:b",
    "HostConfig.SecurityOpt:a?",
    "HostConfig.UTSMode:s",
    "HostConfig.UsernsMode:s",
    "HostConfig.ShmSize:n",
    "HostConfig.ConsoleSize:a",
    "HostConfig.Isolation:s",
    "HostConfig.CpuShares:n",
    "HostConfig.Memory:n",
    "HostConfig.NanoCpus:n",
    "HostConfig.CgroupParent:s",
    "HostConfig.BlkioWeight:n",
    "HostConfig.CpuPeriod:n",
    "HostConfig.CpuQuota:n",
    "HostConfig.CpusetCpus:s",
    "HostConfig.CpusetMems:s",
    "HostConfig.Devices:a?",
    "HostConfig.DeviceCgroupRules:a?",
    "HostConfig.MemoryReservation:n",
    "HostConfig.MemorySwap:n",
    "HostConfig.MemorySwappiness:n?",
    "HostConfig.OomKillDisable:b",
    "HostConfig.PidsLimit:n?",
    "HostConfig.Ulimits:a?",
    "HostConfig.MaskedPaths:a",
    "HostConfig.ReadonlyPaths:a",
    "GraphDriver.Name:s",
    "GraphDriver.Data:o",
    "Mounts:a",
    "Config.Hostname:s",
    "Config.Domainname:s",
    "Config.User:s",
    "Config.AttachStdin:b",
    "Config.AttachStdout:b",
    "Config.AttachStderr:b",
    "Config.Tty:b",
    "Config.OpenStdin:b",
    "Config.StdinOnce:b",
    "Config.Env:a?",
    "Config.Cmd:a?",
    "Config.Image:s",
    "Config.Volumes:o?",
    "Config.WorkingDir:s",
    "Config.Entrypoint:a?",
    "Config.OnBuild:a?",
    "Config.Labels:o",
    "NetworkSettings.Bridge:s",
    "NetworkSettings.SandboxID:s",
    "NetworkSettings.Ports:o",
    "NetworkSettings.SandboxKey:s",
    "NetworkSettings.IPAddress:s",
    "NetworkSettings.Gateway:s",
    "NetworkSettings.MacAddress:s",
    "NetworkSettings.Networks:o",
];

/// What `GET /containers/{id}/json` of FULL must show besides (Config and HostConfig of
/// the reference, with the values given).
const FULL_KEYS: &[&str] = &[
    "Config.ExposedPorts:o",
    "Config.Volumes:o",
    "Config.StopTimeout:n",
    "Config.StopSignal:s",
    "Config.MacAddress:s",
    "Config.Healthcheck.Test:a",
    "Config.Healthcheck.Interval:n",
    "Config.Healthcheck.Retries:n",
    "HostConfig.Tmpfs./run:s",
    "HostConfig.LogConfig.Config.max-size:s",
    "HostConfig.LogConfig.Config.max-file:s",
    "HostConfig.MemorySwappiness:n",
    "HostConfig.GroupAdd:a",
    "HostConfig.DeviceCgroupRules:a",
    "HostConfig.VolumesFrom:a",
    "HostConfig.Binds:a",
];

const LIST_KEYS: &[&str] = &[
    "[0].Id:s",
    "[0].Names:a",
    "[0].Image:s",
    "[0].ImageID:s",
    "[0].Command:s",
    "[0].Created:n",
    "[0].Ports:a",
    "[0].Labels:o",
    "[0].State:s",
    "[0].Status:s",
    "[0].HostConfig.NetworkMode:s",
    "[0].NetworkSettings.Networks:o",
    "[0].Mounts:a",
];

const VERSION_KEYS: &[&str] = &[
    "Platform.Name:s",
    "Components:a",
    "Version:s",
    "ApiVersion:s",
    "MinAPIVersion:s",
    "GitCommit:s",
    "GoVersion:s",
    "Os:s",
    "Arch:s",
    "KernelVersion:s",
    "BuildTime:s",
];

const INFO_KEYS: &[&str] = &[
    "ID:s",
    "Containers:n",
    "ContainersRunning:n",
    "ContainersPaused:n",
    "ContainersStopped:n",
    "Images:n",
    "Driver:s",
    "DriverStatus:a?",
    "DockerRootDir:s",
    "Plugins.Volume:a",
    "Plugins.Network:a",
    "Plugins.Log:a",
    "MemoryLimit:b",
    "SwapLimit:b",
    "CpuCfsPeriod:b",
    "CpuCfsQuota:b",
    "CPUShares:b",
    "CPUSet:b",
    "PidsLimit:b",
    "OomKillDisable:b",
    "IPv4Forwarding:b",
    "BridgeNfIptables:b",
    "BridgeNfIp6tables:b",
    "Debug:b",
    "NFd:n",
    "NGoroutines:n",
    "SystemTime:s",
    "LoggingDriver:s",
    "CgroupDriver:s",
    "CgroupVersion:s",
    "NEventsListener:n",
    "KernelVersion:s",
    "OperatingSystem:s",
    "OSVersion:s",
    "OSType:s",
    "Architecture:s",
    "NCPU:n",
    "MemTotal:n",
    "IndexServerAddress:s",
    "RegistryConfig:o",
    "GenericResources:a?",
    "HttpProxy:s",
    "HttpsProxy:s",
    "NoProxy:s",
    "Name:s",
    "Labels:a",
    "ExperimentalBuild:b",
    "ServerVersion:s",
    "Runtimes:o",
    "DefaultRuntime:s",
    "Swarm.LocalNodeState:s",
    "LiveRestoreEnabled:b",
    "Isolation:s",
    "InitBinary:s",
    "ContainerdCommit.ID:s",
    "RuncCommit.ID:s",
    "InitCommit.ID:s",
    "SecurityOptions:a",
    "Warnings:a?",
];

const IMAGE_KEYS: &[&str] = &[
    "Id:s",
    "RepoTags:a",
    "RepoDigests:a",
    "Parent:s",
    "Comment:s",
    "Created:s",
    "Container:s",
    "ContainerConfig:o",
    "DockerVersion:s",
    "Author:s",
    "Config:o",
    "Architecture:s",
    "Os:s",
    "Size:n",
    "VirtualSize:n",
    "GraphDriver.Name:s",
    "RootFS.Type:s",
    "RootFS.Layers:a",
    "Metadata:o",
];

const IMAGES_KEYS: &[&str] = &[
    "[0].Id:s",
    "[0].ParentId:s",
    "[0].RepoTags:a?",
    "[0].RepoDigests:a?",
    "[0].Created:n",
    "[0].Size:n",
    "[0].VirtualSize:n",
    "[0].SharedSize:n",
    "[0].Labels:o?",
    "[0].Containers:n",
];

const VOLUME_KEYS: &[&str] =
    &["Name:s", "Driver:s", "Mountpoint:s", "CreatedAt:s", "Labels:o?", "Scope:s", "Options:o?"];

const NETWORK_KEYS: &[&str] = &[
    "Name:s",
    "Id:s",
    "Created:s",
    "Scope:s",
    "Driver:s",
    "EnableIPv6:b",
    "IPAM.Driver:s",
    "IPAM.Config:a",
    "Internal:b",
    "Attachable:b",
    "Ingress:b",
    "Containers:o",
    "Options:o",
    "Labels:o",
];

fn table() -> Vec<Call> {
    vec![
        call("version", "GET", "/version", 200).keys(VERSION_KEYS),
        call("info", "GET", "/info", 200).keys(INFO_KEYS),
        call("create, no options", "POST", "/containers/create?name={p}min", 201)
            .body(r#"{"Image":"{img}","Cmd":["true"]}"#)
            .keys(&["Id:s", "Warnings:a"]),
        call("create, every option", "POST", "/containers/create?name={p}full", 201)
            .body(FULL)
            .keys(&["Id:s", "Warnings:a"]),
        call("create, a name in use", "POST", "/containers/create?name={p}min", 409)
            .body(r#"{"Image":"{img}","Cmd":["true"]}"#)
            .message(r#"Conflict. The container name "/{p}min" is already in use by container ""#),
        call("create, an image not here", "POST", "/containers/create?name={p}x", 404)
            .body(r#"{"Image":"{p}nope:1","Cmd":["true"]}"#)
            .message("No such image: {p}nope:1"),
        call("create, an unknown log driver", "POST", "/containers/create?name={p}x", 400)
            .body(r#"{"Image":"{img}","HostConfig":{"LogConfig":{"Type":"{p}nosuch"}}}"#)
            .message("{p}nosuch"),
        call("create, an unknown json-file option", "POST", "/containers/create?name={p}x", 400)
            .body(r#"{"Image":"{img}","HostConfig":{"LogConfig":{"Type":"json-file","Config":{"bogus":"1"}}}}"#)
            .message("unknown log opt 'bogus' for json-file log driver"),
        call("create, PidMode host", "POST", "/containers/create?name={p}pidhost", 201)
            .body(r#"{"Image":"{img}","Cmd":["true"],"HostConfig":{"PidMode":"host"}}"#),
        call("inspect, no options", "GET", "/containers/{p}min/json", 200).keys(INSPECT_KEYS),
        call("inspect, every option", "GET", "/containers/{p}full/json", 200).keys(FULL_KEYS),
        call("inspect, no such container", "GET", "/containers/{p}nope/json", 404).message("No such container: {p}nope"),
        call("list, all, by name", "GET", r#"/containers/json?all=1&filters={"name":["{p}min"]}"#, 200)
            .keys(LIST_KEYS),
        call("list, by label", "GET", r#"/containers/json?all=1&filters={"label":["k=v"],"name":["{p}"]}"#, 200)
            .keys(LIST_KEYS),
        call("list, by status", "GET", r#"/containers/json?filters={"status":["created"],"name":["{p}min"]}"#, 200)
            .keys(LIST_KEYS),
        call("list, running only (none)", "GET", r#"/containers/json?filters={"name":["{p}min"]}"#, 200),
        call("list, an unknown filter", "GET", r#"/containers/json?filters={"{p}bogus":["x"]}"#, 400)
            .message("Invalid filter '{p}bogus'"),
        call("start", "POST", "/containers/{p}min/start", 204),
        call("start, no such container", "POST", "/containers/{p}nope/start", 404).message("No such container: {p}nope"),
        call("create, to run", "POST", "/containers/create?name={p}run", 201)
            .body(r#"{"Image":"{img}","Cmd":["sleep","1009"]}"#),
        call("start, to run", "POST", "/containers/{p}run/start", 204),
        call("start, already running", "POST", "/containers/{p}run/start", 304),
        call("remove, running", "DELETE", "/containers/{p}run", 409).message(
            "You cannot remove a running container {id:run}. Stop the container before attempting removal or force remove",
        ),
        call("kill", "POST", "/containers/{p}run/kill", 204),
        call("remove, no such container", "DELETE", "/containers/{p}nope", 404).message("No such container: {p}nope"),
        call("images, list", "GET", "/images/json", 200).keys(IMAGES_KEYS),
        call("images, inspect", "GET", "/images/{img}/json", 200).keys(IMAGE_KEYS),
        call("images, inspect, no such image", "GET", "/images/{p}nope/json", 404).message("No such image: {p}nope"),
        call("images, remove, no such image", "DELETE", "/images/{p}nope", 404).message("No such image: {p}nope"),
        call("volumes, create", "POST", "/volumes/create", 201)
            .body(r#"{"Name":"{p}vol","Labels":{"k":"v"}}"#)
            .keys(VOLUME_KEYS),
        call("volumes, inspect", "GET", "/volumes/{p}vol", 200).keys(VOLUME_KEYS),
        call("volumes, list", "GET", r#"/volumes?filters={"name":["{p}vol"]}"#, 200).keys(&["Volumes:a", "Warnings:a?"]),
        call("volumes, no such volume", "GET", "/volumes/{p}nope", 404),
        call("volumes, remove", "DELETE", "/volumes/{p}vol", 204),
        call("networks, create", "POST", "/networks/create", 201)
            .body(r#"{"Name":"{p}net","Labels":{"k":"v"}}"#)
            .keys(&["Id:s", "Warning:s"]),
        call("networks, inspect", "GET", "/networks/{p}net", 200).keys(NETWORK_KEYS),
        call("networks, list", "GET", r#"/networks?filters={"name":["{p}net"]}"#, 200),
        call("networks, no such network", "GET", "/networks/{p}nope", 404).message("network {p}nope not found"),
        call("networks, remove", "DELETE", "/networks/{p}net", 204),
    ]
}

/// Deliberate differences from dockerd, by call and key path (`*` any one key, a
/// trailing `**` anything below). Each says why.
const ALLOWED: &[(&str, &str, &str)] = &[
    // dockerd's own machinery, which ctr has not (no containerd, no swarm, no plugins,
    // no registry mirrors configured): ctr answers the reference's keys with its own values.
    ("info", "Swarm.**", "no swarm: ctr answers LocalNodeState inactive only"),
    ("info", "RegistryConfig.**", "registries.conf, not dockerd's daemon.json"),
    ("info", "Plugins.Authorization", "no authorization plugins"),
    ("version", "Components", "one component, ctr itself (dockerd lists containerd, runc, docker-init)"),
    // dockerd's image store keeps what ctr's does not make: no parent chains of images built
    // by the classic builder, no per-container layers.
    ("images, inspect", "GraphDriver.Data.**", "ctr's layers are directories by diff id, not overlay2's chain"),
    // ctr's own keys of an image (podman's too), kept so that `ctr -H image inspect` and
    // `ctr -H images --digests` show what the local commands do; clients ignore them.
    ("images, inspect", "Digest", "ctr's: the digest of the image's manifest"),
    ("images, inspect", "History", "ctr's: the config's history"),
    ("images, inspect", "ManifestType", "ctr's: the media type of the image's manifest"),
    ("images, list", "[0].Digest", "ctr's: the digest of the image's manifest"),
    ("inspect, no options", "SeccompProfile", "ctr's: the seccomp profile the container runs with"),
    ("inspect, every option", "SeccompProfile", "as above"),
    ("inspect, no options", "GraphDriver.Data.MergedDir", "ctr mounts the root inside the container's own namespace"),
    ("inspect, every option", "GraphDriver.Data.MergedDir", "as above"),
    // Volumes dockerd mounts in the container's NetworkSettings: slirp4netns per
    // container has no sandbox of docker's kind.
    ("inspect, no options", "NetworkSettings.Networks.*", "ctr's default network is slirp4netns, not docker0"),
    ("inspect, every option", "NetworkSettings.Networks.*", "as above"),
    // ctr records the signal that stops a container: SIGTERM when neither the image nor
    // the create gives one (dockerd then omits the key).
    ("inspect, no options", "Config.StopSignal", "ctr shows the default stop signal"),
    // dockerd names its default runtime once a HostConfig has options; ctr runs containers
    // itself and names a runtime only when one is given (`--runtime`, `Runtime`).
    ("inspect, every option", "HostConfig.Runtime", "no runtime named unless given"),
];

fn allowed(what: &str, path: &str) -> bool {
    ALLOWED.iter().any(|(w, p, _)| {
        *w == what && {
            let (ps, pp): (Vec<&str>, Vec<&str>) = (path.split('.').collect(), p.split('.').collect());
            let mut i = 0;
            loop {
                match (pp.get(i), ps.get(i)) {
                    (Some(&"**"), _) => break true,
                    (None, None) => break true,
                    (Some(a), Some(b)) if *a == "*" || a == b => i += 1,
                    _ => break false,
                }
            }
        }
    })
}

/// Objects whose keys are data (labels, ports, paths, names), not fields: only the
/// values' shapes of the keys both have are compared.
fn is_map(path: &str) -> bool {
    const MAPS: &[&str] = &[
        "Labels",
        "ExposedPorts",
        "Volumes",
        "Tmpfs",
        "Sysctls",
        "PortBindings",
        "Ports",
        "Networks",
        "Config",
        "Options",
        "Runtimes",
        "Containers",
        "Data",
        "StorageOpt",
    ];
    let last = path.rsplit('.').next().unwrap_or("");
    // LogConfig.Config is a map; an image's Config is not.
    MAPS.contains(&last) && (last != "Config" || path.ends_with("LogConfig.Config"))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The shape differences of `ours` from dockerd's `theirs`, as `path: what` lines.
fn shape_diff(path: &str, ours: &Value, theirs: &Value, out: &mut Vec<(String, String)>) {
    let at = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let map = is_map(path);
            for (k, tv) in b {
                match a.get(k) {
                    Some(ov) => shape_diff(&at(k), ov, tv, out),
                    None if !map => out.push((at(k), format!("missing (dockerd: {})", kind(tv)))),
                    None => {}
                }
            }
            if !map {
                for k in a.keys().filter(|k| !b.contains_key(*k)) {
                    out.push((at(k), "extra (dockerd has no such key)".into()));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            // Mounts come in no set order from dockerd: an element is compared with the one
            // of the same Destination where the elements have one.
            let same = |x: &Value| {
                b.iter().find(|y| x.get("Destination").is_some() && y.get("Destination") == x.get("Destination"))
            };
            if let Some(x) = a.first()
                && let Some(y) = same(x).or(b.first())
            {
                shape_diff(&at("[0]"), x, y, out);
            }
        }
        (a, b) if kind(a) != kind(b) => {
            out.push((path.to_string(), format!("ctr has {} ({a}), dockerd {} ({b})", kind(a), kind(b))))
        }
        _ => {}
    }
}

/// Checks `v` against `KEY.PATH:TYPE` expectations; returns what is wrong.
fn check_keys(v: &Value, keys: &[&str]) -> Vec<String> {
    let mut bad = Vec::new();
    for k in keys {
        let (path, ty) = k.rsplit_once(':').unwrap();
        let mut cur = Some(v);
        let mut rest = path;
        if let Some(r) = rest.strip_prefix("[0].") {
            cur = cur.and_then(|c| c.get(0));
            rest = r;
        }
        // A key may hold dots itself (a path in Tmpfs, a log option): the longest match.
        while !rest.is_empty() {
            let Some(o) = cur.and_then(Value::as_object) else {
                cur = None;
                break;
            };
            let key = (1..=rest.len())
                .rev()
                .filter(|&i| i == rest.len() || rest.as_bytes()[i] == b'.')
                .map(|i| &rest[..i])
                .find(|k| o.contains_key(*k));
            match key {
                Some(k) => {
                    cur = o.get(k);
                    rest = rest[k.len()..].trim_start_matches('.');
                }
                None => {
                    cur = None;
                    break;
                }
            }
        }
        let ok = match (cur, ty.trim_end_matches('?')) {
            (None, _) => false,
            (Some(Value::Null), _) => ty.ends_with('?'),
            (Some(x), "s") => x.is_string(),
            (Some(x), "n") => x.is_number(),
            (Some(x), "b") => x.is_boolean(),
            (Some(x), "o") => x.is_object(),
            (Some(x), "a") => x.is_array(),
            _ => false,
        };
        if !ok {
            bad.push(format!("{k}: have {}", cur.map_or("nothing".into(), |c| c.to_string())));
        }
    }
    bad
}

/// An engine behind a socket, and what the table made there.
struct Engine {
    name: &'static str,
    sock: PathBuf,
    /// Container ids by the name suffix they were created with.
    ids: HashMap<String, String>,
}

/// dockerd on this machine, if the test may use it, or why not.
pub(crate) fn dockerd() -> Result<PathBuf, String> {
    if !Path::new(DOCKER_SOCK).exists() {
        return Err(format!("{DOCKER_SOCK} does not exist (no dockerd on this machine)"));
    }
    if !is_root() {
        return Err(format!("{DOCKER_SOCK} is root's: dockerd is compared in the root pass"));
    }
    match send(Path::new(DOCKER_SOCK), "GET", "/_ping", None) {
        (200, _) => Ok(PathBuf::from(DOCKER_SOCK)),
        (s, b) => Err(format!("dockerd does not answer /_ping ({s}: {b})")),
    }
}

/// Removes from dockerd what the table made there, also when the test fails.
struct DockerCleanup {
    prefix: String,
    image: String,
}

impl Drop for DockerCleanup {
    fn drop(&mut self) {
        let sock = Path::new(DOCKER_SOCK);
        let (_, list) =
            send(sock, "GET", &format!(r#"/containers/json?all=1&filters={{"name":["{}"]}}"#, self.prefix), None);
        for c in serde_json::from_str::<Value>(&list).unwrap_or_default().as_array().into_iter().flatten() {
            if let Some(id) = c["Id"].as_str() {
                send(sock, "DELETE", &format!("/containers/{id}?force=1&v=1"), None);
            }
        }
        for v in ["vol", "bind"] {
            send(sock, "DELETE", &format!("/volumes/{}{v}", self.prefix), None);
        }
        send(sock, "DELETE", &format!("/networks/{}net", self.prefix), None);
        send(sock, "DELETE", &format!("/images/{}", self.image), None);
    }
}

#[test]
#[allow(clippy::print_stderr)] // the half skipped, and why, must show
fn api_answers_as_dockerd_does() {
    let env = Env::new("fidelity");
    let prefix = format!("ctrfid{}-", std::process::id());
    let image = format!("ctr-fidelity:{}", std::process::id());
    // One docker-archive for both engines, tagged for this run only.
    let layout = busybox_layout(&env, "latest");
    let archive = env.path("busybox-fidelity.tar");
    skopeo(&[
        "copy",
        &format!("oci:{}:latest", layout.display()),
        &format!("docker-archive:{}:{image}", archive.display()),
    ]);
    env.ok(&["load", "-i", archive.to_str().unwrap()]);
    let svc = crate::api::service(&env, "fidelity.sock");
    let mut engines = vec![Engine { name: "ctr", sock: svc.sock.clone(), ids: HashMap::new() }];
    let mut _cleanup = None;
    match dockerd() {
        Ok(sock) => {
            _cleanup = Some(DockerCleanup { prefix: prefix.clone(), image: image.clone() });
            let o = Command::new("docker")
                .args(["-H", &format!("unix://{DOCKER_SOCK}"), "load", "-i"])
                .arg(&archive)
                .output()
                .unwrap();
            assert!(o.status.success(), "docker load: {}", String::from_utf8_lossy(&o.stderr));
            engines.push(Engine { name: "dockerd", sock, ids: HashMap::new() });
        }
        Err(why) => eprintln!("fidelity: checking ctr against the API 1.41 reference only: {why}"),
    }
    let mut failures = Vec::new();
    let mut compared = 0;
    for c in table() {
        let mut answers = Vec::new();
        for e in &mut engines {
            let ids = e.ids.clone();
            let fill = |s: &str| {
                let mut s = s.replace("{p}", &prefix).replace("{img}", &image);
                for (k, id) in &ids {
                    s = s.replace(&format!("{{id:{k}}}"), id);
                }
                s
            };
            let path = fill(c.path);
            let body = c.body.map(|b| fill(&b.replace('\n', "")));
            let (status, text) = send(&e.sock, c.method, &path, body.as_deref());
            let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            if status == 201
                && let (Some(id), Some(name)) = (v["Id"].as_str(), path.split("name=").nth(1))
            {
                e.ids.insert(name.trim_start_matches(&prefix).to_string(), id.to_string());
            }
            let want = c.status;
            if status != want {
                failures
                    .push(format!("{} {}: {} {path} answered {status}, not {want}: {text}", e.name, c.what, c.method));
                answers.push(None);
                continue;
            }
            for bad in check_keys(&v, c.keys) {
                failures.push(format!("{} {}: {bad}", e.name, c.what));
            }
            if let Some(m) = c.message {
                let m = fill(m);
                let got = v["message"].as_str().unwrap_or("");
                if !got.contains(&m) {
                    failures.push(format!("{} {}: the message {got:?} lacks {m:?}", e.name, c.what));
                }
            }
            answers.push(Some(v));
        }
        if let [Some(ours), Some(theirs)] = answers.as_slice() {
            compared += 1;
            let mut diffs = Vec::new();
            shape_diff("", ours, theirs, &mut diffs);
            for (p, d) in diffs.into_iter().filter(|(p, _)| !allowed(c.what, p)) {
                failures.push(format!("shape {}: {p}: {d}", c.what));
            }
        }
    }
    // ctr's own leftovers: the running one.
    let _ = send(&svc.sock, "DELETE", &format!("/containers/{prefix}run?force=1"), None);
    eprintln!("fidelity: {} calls, {compared} compared with dockerd", table().len());
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

/// What the API's create asks for is done, not only shown: the host's UTS, IPC, cgroup
/// and pid namespaces, GroupAdd, an Env entry without `=` (no such variable), and
/// json-file rotation by max-size and max-file.
#[test]
fn api_create_options_are_honoured() {
    let env = Env::new("fidelity-honoured");
    let img = busybox_image(&env);
    let svc = crate::api::service(&env, "honoured.sock");
    let script = "cat /proc/sys/kernel/hostname; for n in uts ipc cgroup pid; do readlink /proc/self/ns/$n; done; \
                  id -G; env | grep -c NOVALUE; i=0; while [ $i -lt 300 ]; do echo line$i; i=$((i+1)); done";
    let body = serde_json::json!({
        "Image": img, "Cmd": ["sh", "-c", script], "Env": ["NOVALUE", "A=1"],
        "HostConfig": {"UTSMode": "host", "IpcMode": "host", "CgroupnsMode": "host", "GroupAdd": ["10", "20"],
            "LogConfig": {"Type": "json-file", "Config": {"max-size": "4k", "max-file": "2"}}},
    });
    let (s, b) = send(&svc.sock, "POST", "/containers/create?name=h1", Some(&body.to_string()));
    assert_eq!(s, 201, "{b}");
    let (s, b) = send(&svc.sock, "POST", "/containers/h1/start", None);
    assert_eq!(s, 204, "{b}");
    let (s, b) = send(&svc.sock, "POST", "/containers/h1/wait", None);
    assert_eq!((s, serde_json::from_str::<Value>(&b).unwrap()["StatusCode"].as_i64()), (200, Some(0)), "{b}");
    let (_, b) = send(&svc.sock, "GET", "/containers/h1/json", None);
    let v: Value = serde_json::from_str(&b).unwrap();
    assert_eq!(v["Config"]["Env"].as_array().unwrap().iter().filter(|e| *e == "NOVALUE").count(), 1, "{b}");
    assert_eq!(v["HostConfig"]["GroupAdd"], serde_json::json!(["10", "20"]));
    // Rotated: the log and LOG.1, each at most max-size plus one line.
    let log = PathBuf::from(v["LogPath"].as_str().unwrap());
    let rotated = PathBuf::from(format!("{}.1", log.display()));
    let first = std::fs::read_to_string(&rotated).unwrap_or_else(|e| panic!("{}: {e}", rotated.display()));
    assert!(!Path::new(&format!("{}.2", log.display())).exists(), "max-file 2 keeps the log and LOG.1 only");
    for p in [&log, &rotated] {
        let n = std::fs::metadata(p).unwrap().len();
        assert!(n > 0 && n < 4096 + 200, "{}: {n} bytes", p.display());
    }
    let current = std::fs::read_to_string(&log).unwrap();
    assert!(current.contains("line299"), "{current}");
    assert!(!first.contains("line0\\n") && !current.contains("line0\\n"), "the first lines went with the oldest file");
    // The first lines (gone from the rotated log) again, without rotation.
    let body = serde_json::json!({"Image": img, "Cmd": ["sh", "-c", script.split("; i=0").next().unwrap()], "Env": ["NOVALUE"],
        "HostConfig": {"UTSMode": "host", "IpcMode": "host", "CgroupnsMode": "host", "PidMode": "host", "GroupAdd": ["10", "20"]}});
    let (s, b) = send(&svc.sock, "POST", "/containers/create?name=h2", Some(&body.to_string()));
    assert_eq!(s, 201, "{b}");
    env.ok(&["start", "h2"]);
    env.ok(&["wait", "h2"]);
    let out = env.ok(&["logs", "h2"]);
    let lines: Vec<&str> = out.lines().collect();
    let host_name = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    assert_eq!(lines[0], host_name.trim(), "{out}");
    for (i, ns) in ["uts", "ipc", "cgroup", "pid"].iter().enumerate() {
        let mine = std::fs::read_link(format!("/proc/self/ns/{ns}")).unwrap();
        assert_eq!(lines[1 + i], mine.to_str().unwrap(), "{ns}: {out}");
    }
    let groups: Vec<&str> = lines[5].split(' ').collect();
    assert!(groups.contains(&"10") && groups.contains(&"20"), "{out}");
    assert_eq!(lines[6], "0", "NOVALUE must not be set: {out}");
    // Refused at create, with the reason: another log driver, another container's pids.
    for (hc, want) in [
        (r#"{"LogConfig":{"Type":"syslog"}}"#, (400, "log driver \"syslog\" is not supported")),
        (r#"{"LogConfig":{"Type":"json-file","Config":{"max-size":"x"}}}"#, (400, "max-size")),
        (r#"{"PidMode":"container:x"}"#, (501, "PidMode (--pid) \"container:x\" is not supported")),
    ] {
        let body = format!(r#"{{"Image":"{img}","HostConfig":{hc}}}"#);
        let (s, b) = send(&svc.sock, "POST", "/containers/create", Some(&body));
        let m = serde_json::from_str::<Value>(&b).unwrap_or_default()["message"].as_str().unwrap_or("").to_string();
        assert!(s == want.0 && m.contains(want.1), "{hc}: {s} {b}");
    }
}
