//! Quadlet: `.container`, `.volume`, `.network` and `.pod` files (podman-systemd.unit(5), the
//! format podman's users already have) turned into systemd services that run `ctr`. Run by
//! systemd as a generator (`ctr-user-generator`, `ctr-system-generator`: the ctr binary
//! under another name) or by hand as `ctr quadlet [--user] [--dryrun] [DIR]`.
//!
//! A file with an unknown key or a bad value is reported as FILE:LINE and its unit is
//! not written at all; the other files are unaffected.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::unitfile::{Entry, UnitError, UnitFile, parse_bool, quote, quote_word, split_words};

/// Keys of `[Container]` this generator understands (podman's names).
const CONTAINER_KEYS: &[&str] = &[
    "AddCapability",
    "AddHost",
    "ContainerName",
    "DNS",
    "DNSOption",
    "DNSSearch",
    "DropCapability",
    "Entrypoint",
    "Environment",
    "EnvironmentFile",
    "Exec",
    "Group",
    "HealthCmd",
    "HealthInterval",
    "HealthOnFailure",
    "HealthRetries",
    "HealthStartPeriod",
    "HealthTimeout",
    "HostName",
    "IP",
    "Image",
    "Label",
    "Mount",
    "Network",
    "NetworkAlias",
    "Notify",
    "Pod",
    "PodmanArgs",
    "PublishPort",
    "Pull",
    "ReadOnly",
    "RunInit",
    "StopTimeout",
    "Tmpfs",
    "User",
    "UserNS",
    "Volume",
    "WorkingDir",
];

/// Keys of `[Pod]` this generator understands (podman's names).
const POD_KEYS: &[&str] = &["PodName", "PublishPort", "Network", "Label", "HostName", "AddHost", "DNS", "PodmanArgs"];

const VOLUME_KEYS: &[&str] =
    &["Label", "User", "Group", "VolumeName", "Device", "Type", "Options", "Copy", "PodmanArgs"];

/// Keys of `[Network]` this generator understands (podman's names). podman's IPv6=, DNS=,
/// DisableDNS=, IPAMDriver= and InterfaceName= are known too, and refused with the reason
/// (`network_key_problem`) unless their value asks for what ctr does anyway.
const NETWORK_KEYS: &[&str] = &[
    "NetworkName",
    "Driver",
    "Subnet",
    "Gateway",
    "IPRange",
    "Internal",
    "Label",
    "Options",
    "NetworkDeleteOnStop",
    "PodmanArgs",
    "IPv6",
    "DNS",
    "DisableDNS",
    "IPAMDriver",
    "InterfaceName",
];

/// A generated unit: its file name and text, and the `[Install]` links systemd would make
/// on `enable` (generated units cannot be enabled, so the generator makes them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub name: String,
    pub text: String,
    /// (`wants` or `requires`, target unit)
    pub links: Vec<(&'static str, String)>,
}

fn err(e: &Entry, msg: impl std::fmt::Display) -> UnitError {
    UnitError::new(e.line, format!("{}={}: {msg}", e.key, e.value))
}

/// Refuses a key `known` does not list, naming the command whose flags PodmanArgs= passes.
fn check_keys(u: &UnitFile, section: &str, known: &[&str], command: &str) -> Result<(), UnitError> {
    for s in u.sections.iter().filter(|s| s.name == section) {
        for e in &s.entries {
            if !known.contains(&e.key.as_str()) {
                let hint = match e.key.as_str() {
                    k if k.starts_with("HealthStartup") => "; startup health checks are not supported",
                    _ => "",
                };
                return Err(UnitError::new(
                    e.line,
                    format!(
                        "unsupported key {}= in [{section}]{hint} (PodmanArgs= passes any `{command}` flag)",
                        e.key
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// An `ExecStart=` value: each word quoted for systemd.
fn command_line(words: &[String]) -> String {
    words.iter().map(|w| quote_word(w)).collect::<Vec<_>>().join(" ")
}

/// `name.container` -> `name`.
fn stem(file_name: &str) -> &str {
    file_name.rsplit_once('.').map_or(file_name, |(s, _)| s)
}

/// `KEY=VALUE` words of an Environment=/Label= line (systemd's quoting).
fn key_values(e: &Entry) -> Result<Vec<String>, UnitError> {
    let words = split_words(e)?;
    for w in &words {
        if !w.contains('=') || w.starts_with('=') {
            return Err(err(e, format!("{w:?} is not KEY=VALUE")));
        }
    }
    Ok(words)
}

/// A docker/podman duration (`30s`, `1m30s`, `500ms`) for the health flags.
fn check_duration(e: &Entry) -> Result<(), UnitError> {
    crate::build::dockerfile::parse_duration(&e.value).map(|_| ()).map_err(|m| err(e, m))
}

/// Resolves a relative path of the unit (EnvironmentFile=) against the unit's directory.
fn absolute(dir: &Path, p: &str) -> String {
    if p.starts_with('/') || p.starts_with('%') { p.to_string() } else { dir.join(p).display().to_string() }
}

/// `.volume` source `name.volume` -> (ctr volume name, the volume unit's service name).
fn volume_ref(source: &str) -> Option<(String, String)> {
    let s = source.strip_suffix(".volume")?;
    Some((format!("systemd-{s}"), format!("{s}-volume.service")))
}

/// What the other Quadlet files of the directories make, for a `.container` file's
/// `Volume=x.volume:...` and `Network=x.network`.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// `.volume` file name without `.volume` -> the volume's name.
    pub volumes: BTreeMap<String, String>,
    /// `.network` file name without `.network` -> the network's name, or `None` when that
    /// file has errors (its unit is not written, so nothing may require it).
    pub networks: BTreeMap<String, Option<String>>,
    /// `.pod` file name without `.pod` -> the pod's name, or `None` when that file has errors.
    pub pods: BTreeMap<String, Option<String>>,
}

/// Converts a `.container` file into its service. `source` is the file it was read from
/// (relative paths are of its directory), `ctr` the binary the service runs, `names` what
/// the `.volume` and `.network` files found make.
pub fn convert_container(
    u: &UnitFile,
    file_name: &str,
    source: &Path,
    ctr: &str,
    names: &Names,
) -> Result<Generated, UnitError> {
    const C: &str = "Container";
    check_keys(u, C, CONTAINER_KEYS, "ctr run")?;
    let image = u.last(C, "Image").ok_or_else(|| UnitError::new(0, "[Container] has no Image= key"))?;
    let name = stem(file_name);
    let dir = source.parent().unwrap_or(Path::new("/"));
    let mut svc = u.clone();
    svc.rename_section(C, "X-Container");
    svc.add("Unit", "SourcePath", &source.display().to_string());
    svc.add("Unit", "RequiresMountsFor", "%t/ctr");

    let ty = u.last("Service", "Type");
    if let Some(t) = ty
        && t.value != "notify"
        && t.value != "oneshot"
    {
        return Err(err(t, "a container service is Type=notify (the default) or Type=oneshot"));
    }
    match u.last("Service", "KillMode") {
        Some(k) if k.value != "mixed" && k.value != "control-group" => {
            return Err(err(k, "only KillMode=mixed or control-group stop a container cleanly"));
        }
        Some(_) => {}
        None => svc.set("Service", "KillMode", "mixed"),
    }
    svc.add("Service", "Environment", "CTR_SYSTEMD_UNIT=%n");
    svc.add("Service", "Delegate", "yes");

    let mut a: Vec<String> = vec![ctr.to_string(), "run".into()];
    let cname = u.last(C, "ContainerName").map_or_else(|| "systemd-%N".to_string(), |e| e.value.clone());
    a.push(format!("--name={cname}"));
    a.extend(["--cidfile=%t/%N.cid", "--replace", "--rm", "--cgroups=split"].map(String::from));
    let oneshot = ty.is_some_and(|t| t.value == "oneshot");
    if !oneshot {
        let notify = match u.last(C, "Notify") {
            Some(e) if e.value == "healthy" => "healthy",
            Some(e) if parse_bool(e)? => "container",
            _ => "conmon",
        };
        a.push(format!("--sdnotify={notify}"));
        a.push("-d".into());
        svc.set("Service", "Type", "notify");
        svc.set("Service", "NotifyAccess", "all");
    }
    if u.last("Service", "SyslogIdentifier").is_none() {
        svc.set("Service", "SyslogIdentifier", "%N");
    }
    for (key, flag) in [("RunInit", "--init"), ("ReadOnly", "--read-only")] {
        if let Some(e) = u.last(C, key)
            && parse_bool(e)?
        {
            a.push(flag.into());
        }
    }
    for (key, flag) in [("DropCapability", "--cap-drop"), ("AddCapability", "--cap-add")] {
        for e in u.list(C, key) {
            for cap in split_words(e)? {
                a.push(format!("{flag}={}", cap.to_ascii_lowercase()));
            }
        }
    }
    match (u.last(C, "User"), u.last(C, "Group")) {
        (Some(user), Some(g)) => a.extend(["--user".into(), format!("{}:{}", user.value, g.value)]),
        (Some(user), None) => a.extend(["--user".into(), user.value.clone()]),
        (None, Some(g)) => a.extend(["--user".into(), format!("0:{}", g.value)]),
        (None, None) => {}
    }
    for (key, flag) in [
        ("UserNS", "--userns"),
        ("HostName", "--hostname"),
        ("IP", "--ip"),
        ("WorkingDir", "--workdir"),
        ("Entrypoint", "--entrypoint"),
        ("Pull", "--pull"),
        ("StopTimeout", "--stop-timeout"),
        ("HealthCmd", "--health-cmd"),
        ("HealthOnFailure", "--health-on-failure"),
        ("HealthRetries", "--health-retries"),
    ] {
        if let Some(e) = u.last(C, key) {
            if key == "HealthRetries" || key == "StopTimeout" {
                e.value.parse::<u32>().map_err(|_| err(e, "not a whole number"))?;
            }
            if key == "HealthOnFailure" && !["none", "kill", "restart", "stop"].contains(&e.value.as_str()) {
                return Err(err(e, "must be none, kill, restart or stop"));
            }
            a.push(format!("{flag}={}", e.value));
        }
    }
    for (key, flag) in [
        ("HealthInterval", "--health-interval"),
        ("HealthTimeout", "--health-timeout"),
        ("HealthStartPeriod", "--health-start-period"),
    ] {
        if let Some(e) = u.last(C, key) {
            check_duration(e)?;
            a.push(format!("{flag}={}", e.value));
        }
    }
    if let Some(e) = u.last(C, "Pod") {
        // podman's `Pod=x.pod`: the pod x.pod makes, created (and its infra started) by
        // x-pod.service, which this unit is bound to.
        let Some(stem) = e.value.strip_suffix(".pod") else {
            return Err(err(e, "give the .pod file that makes the pod (Pod=NAME.pod)"));
        };
        let pod = match names.pods.get(stem) {
            Some(Some(n)) => n,
            Some(None) => {
                return Err(err(e, format!("{} has errors (reported for it), so its unit is not written", e.value)));
            }
            None => return Err(err(e, format!("no {} in the Quadlet directories; add it", e.value))),
        };
        for key in ["Network", "PublishPort", "HostName", "IP", "NetworkAlias"] {
            if let Some(k) = u.last(C, key) {
                return Err(err(
                    k,
                    format!("a container of a pod shares the pod's network: give {key}= in {}", e.value),
                ));
            }
        }
        svc.add("Unit", "BindsTo", &format!("{stem}-pod.service"));
        svc.add("Unit", "After", &format!("{stem}-pod.service"));
        a.push(format!("--pod={pod}"));
    }
    for e in u.list(C, "Network") {
        a.push(network_arg(e, names, &mut svc)?);
    }
    for e in u.list(C, "NetworkAlias") {
        a.push(format!("--network-alias={}", e.value));
    }
    for (key, flag) in
        [("DNS", "--dns"), ("DNSSearch", "--dns-search"), ("DNSOption", "--dns-option"), ("AddHost", "--add-host")]
    {
        for e in u.list(C, key) {
            for w in split_words(e)? {
                a.push(format!("{flag}={w}"));
            }
        }
    }
    for e in u.list(C, "Volume") {
        let parts: Vec<&str> = e.value.splitn(3, ':').collect();
        let (src, rest) = match parts.as_slice() {
            [dest] => {
                if !dest.starts_with('/') {
                    return Err(err(e, "the container path must be absolute"));
                }
                a.extend(["-v".into(), dest.to_string()]);
                continue;
            }
            [src, rest @ ..] => (*src, rest.join(":")),
            [] => unreachable!("splitn gives at least one part"),
        };
        let src = if let Some((vname, unit)) = volume_ref(src) {
            let vname = names.volumes.get(src.trim_end_matches(".volume")).cloned().unwrap_or(vname);
            svc.add("Unit", "Requires", &unit);
            svc.add("Unit", "After", &unit);
            vname
        } else {
            if src.starts_with('/') {
                svc.add("Unit", "RequiresMountsFor", src);
            }
            src.to_string()
        };
        a.extend(["-v".into(), format!("{src}:{rest}")]);
    }
    for e in u.list(C, "Mount") {
        let mut fields = Vec::new();
        for f in e.value.split(',') {
            let (k, v) = f.split_once('=').unwrap_or((f, ""));
            if (k == "source" || k == "src")
                && let Some((vname, unit)) = volume_ref(v)
            {
                let vname = names.volumes.get(v.trim_end_matches(".volume")).cloned().unwrap_or(vname);
                svc.add("Unit", "Requires", &unit);
                svc.add("Unit", "After", &unit);
                fields.push(format!("{k}={vname}"));
                continue;
            }
            fields.push(f.to_string());
        }
        a.extend(["--mount".into(), fields.join(",")]);
    }
    for e in u.list(C, "Tmpfs") {
        if !e.value.starts_with('/') {
            return Err(err(e, "the container path must be absolute"));
        }
        a.extend(["--tmpfs".into(), e.value.clone()]);
    }
    for e in u.list(C, "PublishPort") {
        a.extend(publish_args(e)?);
    }
    for e in u.list(C, "Environment") {
        for kv in key_values(e)? {
            a.extend(["--env".into(), kv]);
        }
    }
    for e in u.list(C, "EnvironmentFile") {
        for f in split_words(e)? {
            a.extend(["--env-file".into(), absolute(dir, &f)]);
        }
    }
    for e in u.list(C, "Label") {
        for kv in key_values(e)? {
            a.extend(["--label".into(), kv]);
        }
    }
    for e in u.list(C, "PodmanArgs") {
        a.extend(split_words(e)?);
    }
    a.push(image.value.clone());
    if let Some(e) = u.last(C, "Exec") {
        a.extend(split_words(e)?);
    }
    svc.add("Service", "ExecStart", &command_line(&a));
    // podman's Quadlet stops with `podman rm -f`, which stops gracefully (SIGTERM, then
    // SIGKILL after the stop timeout); ctr's `rm -f` kills at once, as docker's does, which
    // ended the unit "failed" with status 137. `ctr stop` is the graceful stop; with --rm
    // the monitor removes the container, and ExecStopPost= removes whatever is left.
    svc.add("Service", "ExecStop", &format!("{ctr} stop -i --cidfile=%t/%N.cid"));
    svc.add("Service", "ExecStopPost", &format!("-{ctr} rm -f -i --cidfile=%t/%N.cid"));
    svc.add("Service", "ExecStopPost", "-rm -f %t/%N.cid");
    let links = install_links(u)?;
    Ok(Generated { name: format!("{name}.service"), text: header(source) + &svc.render(), links })
}

/// podman's `Network=x.network[:OPTIONS]`: the network x.network makes, created first by
/// x-network.service, which the unit then requires; any other value as given.
fn network_arg(e: &Entry, names: &Names, svc: &mut UnitFile) -> Result<String, UnitError> {
    let (target, opts) = e.value.split_once(':').map_or((e.value.as_str(), None), |(t, o)| (t, Some(o)));
    let Some(stem) = target.strip_suffix(".network") else {
        return Ok(format!("--network={}", e.value));
    };
    let net = match names.networks.get(stem) {
        Some(Some(n)) => n,
        Some(None) => {
            return Err(err(e, format!("{target} has errors (reported for it), so its unit is not written")));
        }
        None => {
            return Err(err(
                e,
                format!(
                    "no {target} in the Quadlet directories; add it, or name a network made otherwise (Network=NAME)"
                ),
            ));
        }
    };
    svc.add("Unit", "Requires", &format!("{stem}-network.service"));
    svc.add("Unit", "After", &format!("{stem}-network.service"));
    Ok(match opts {
        Some(o) => format!("--network={net}:{o}"),
        None => format!("--network={net}"),
    })
}

/// `PublishPort=` values, checked, as `--publish` arguments.
fn publish_args(e: &Entry) -> Result<Vec<String>, UnitError> {
    let mut a = Vec::new();
    for p in split_words(e)? {
        let (_, container) = p.rsplit_once(':').unwrap_or(("", &p));
        let port = container.split('/').next().unwrap_or("");
        if port.is_empty() || !port.split('-').all(|n| n.parse::<u16>().is_ok()) {
            return Err(err(e, format!("{p:?} is not [[IP:][HOSTPORT]:]CONTAINERPORT[/PROTO]")));
        }
        a.extend(["--publish".into(), p]);
    }
    Ok(a)
}

/// Converts a `.volume` file: a oneshot service that creates the volume (`systemd-NAME`
/// unless `VolumeName=`), kept when the service stops, as podman does.
pub fn convert_volume(u: &UnitFile, file_name: &str, source: &Path, ctr: &str) -> Result<Generated, UnitError> {
    const V: &str = "Volume";
    check_keys(u, V, VOLUME_KEYS, "ctr volume create")?;
    let name = stem(file_name);
    let mut svc = u.clone();
    svc.rename_section(V, "X-Volume");
    svc.add("Unit", "SourcePath", &source.display().to_string());
    svc.add("Unit", "RequiresMountsFor", "%t/ctr");
    let vname = volume_name(u, name);
    let mut a: Vec<String> = vec![ctr.into(), "volume".into(), "create".into(), "--ignore".into()];
    let mut opts = Vec::new();
    if let Some(e) = u.last(V, "User") {
        opts.push(format!("uid={}", e.value));
    }
    if let Some(e) = u.last(V, "Group") {
        opts.push(format!("gid={}", e.value));
    }
    if !opts.is_empty() {
        a.extend(["--opt".into(), format!("o={}", opts.join(","))]);
    }
    if let Some(e) = u.last(V, "Device") {
        a.extend(["--opt".into(), format!("device={}", e.value)]);
    }
    if let Some(e) = u.last(V, "Type") {
        a.extend(["--opt".into(), format!("type={}", e.value)]);
    }
    if let Some(e) = u.last(V, "Options") {
        a.extend(["--opt".into(), format!("o={}", e.value)]);
    }
    if let Some(e) = u.last(V, "Copy")
        && !parse_bool(e)?
    {
        a.extend(["--opt".into(), "nocopy".into()]);
    }
    for e in u.list(V, "Label") {
        for kv in key_values(e)? {
            a.extend(["--label".into(), kv]);
        }
    }
    for e in u.list(V, "PodmanArgs") {
        a.extend(split_words(e)?);
    }
    a.push(vname);
    svc.add("Service", "ExecStart", &command_line(&a));
    finish_oneshot(u, svc, source, format!("{name}-volume.service"))
}

/// The end of a `.volume`, `.network` or `.pod` unit: a oneshot that stays active once its
/// ExecStart= ran, logged under the unit's name, with its `[Install]` links.
fn finish_oneshot(u: &UnitFile, mut svc: UnitFile, source: &Path, name: String) -> Result<Generated, UnitError> {
    svc.set("Service", "Type", "oneshot");
    svc.set("Service", "RemainAfterExit", "yes");
    if u.last("Service", "SyslogIdentifier").is_none() {
        svc.set("Service", "SyslogIdentifier", "%N");
    }
    let links = install_links(u)?;
    Ok(Generated { name, text: header(source) + &svc.render(), links })
}

/// The ctr volume a `.volume` file makes.
fn volume_name(u: &UnitFile, stem: &str) -> String {
    u.last("Volume", "VolumeName").map_or_else(|| format!("systemd-{stem}"), |e| e.value.clone())
}

/// Converts a `.network` file: a oneshot service that creates the network (`systemd-NAME`
/// unless `NetworkName=`) and, as podman's, keeps it when the service stops unless
/// `NetworkDeleteOnStop=true`. Values are checked here, so a bad one is reported as
/// FILE:LINE at daemon-reload rather than as a failed start.
pub fn convert_network(u: &UnitFile, file_name: &str, source: &Path, ctr: &str) -> Result<Generated, UnitError> {
    use crate::network::ipam::{Cidr, parse_addr};
    const N: &str = "Network";
    check_keys(u, N, NETWORK_KEYS, "ctr network create")?;
    for s in u.sections.iter().filter(|s| s.name == N) {
        for e in &s.entries {
            if let Some(why) = network_key_problem(e)? {
                return Err(err(e, why));
            }
        }
    }
    let name = stem(file_name);
    let nname = network_name(u, name);
    if let Some(problem) = crate::engine::local::networks::name_problem(&nname) {
        return Err(match u.last(N, "NetworkName") {
            Some(e) => err(e, problem),
            None => UnitError::new(0, format!("{problem}; give the network another name with NetworkName=")),
        });
    }
    let mut svc = u.clone();
    svc.rename_section(N, "X-Network");
    svc.add("Unit", "SourcePath", &source.display().to_string());
    svc.add("Unit", "RequiresMountsFor", "%t/ctr");
    let mut a: Vec<String> = vec![ctr.into(), "network".into(), "create".into(), "--ignore".into()];
    if let Some(e) = u.last(N, "Driver") {
        if e.value != "bridge" {
            return Err(err(e, "ctr has only the bridge driver"));
        }
        a.push(format!("--driver={}", e.value));
    }
    // One IPv4 subnet per network (podman pairs the n-th Gateway=/IPRange= with the n-th
    // Subnet=; here there is one of each at most).
    let one = |key: &str| -> Result<Option<&Entry>, UnitError> {
        let all = u.list(N, key);
        match all.as_slice() {
            [] => Ok(None),
            [e] => Ok(Some(*e)),
            [_, e, ..] => Err(err(e, format!("a ctr network has one IPv4 subnet, so one {key}= at most"))),
        }
    };
    let subnet = one("Subnet")?;
    let gateway = one("Gateway")?;
    let range = one("IPRange")?;
    match subnet {
        Some(e) => {
            let s: Cidr = e.value.parse().map_err(|x| err(e, x))?;
            crate::network::ipam::check_size(s).map_err(|x| err(e, x))?;
            a.push(format!("--subnet={s}"));
            if let Some(g) = gateway {
                let ip = parse_addr(&g.value).map_err(|x| err(g, x))?;
                if !s.is_host(ip) {
                    return Err(err(g, format!("not a host address of Subnet={s}")));
                }
                a.push(format!("--gateway={ip}"));
            }
            if let Some(r) = range {
                let c: Cidr = r.value.parse().map_err(|x| err(r, x))?;
                if !s.covers(c) {
                    return Err(err(r, format!("not inside Subnet={s}")));
                }
                a.push(format!("--ip-range={c}"));
            }
        }
        None => {
            if let Some(e) = gateway.or(range) {
                return Err(err(e, "needs Subnet= (the subnet it lies in)"));
            }
        }
    }
    if let Some(e) = u.last(N, "Internal")
        && parse_bool(e)?
    {
        a.push("--internal".into());
    }
    for e in u.list(N, "Options") {
        for kv in key_values(e)? {
            if let Some(problem) = crate::engine::local::networks::option_problem(&kv) {
                return Err(err(e, problem));
            }
            a.extend(["--opt".into(), kv]);
        }
    }
    for e in u.list(N, "Label") {
        for kv in key_values(e)? {
            a.extend(["--label".into(), kv]);
        }
    }
    for e in u.list(N, "PodmanArgs") {
        a.extend(split_words(e)?);
    }
    a.push(nname.clone());
    svc.add("Service", "ExecStart", &command_line(&a));
    if let Some(e) = u.last(N, "NetworkDeleteOnStop")
        && parse_bool(e)?
    {
        let rm = [ctr.to_string(), "network".into(), "rm".into(), nname];
        svc.add("Service", "ExecStopPost", &command_line(&rm));
    }
    finish_oneshot(u, svc, source, format!("{name}-network.service"))
}

/// Converts a `.pod` file: `NAME-pod.service`, a oneshot that stays active, which creates
/// the pod (`systemd-NAME` unless `PodName=`; any pod of that name replaced) and starts its
/// infra; stopping it removes the pod. The pod's `.container` units (`Pod=NAME.pod`) are
/// bound to it, so they stop first.
pub fn convert_pod(
    u: &UnitFile,
    file_name: &str,
    source: &Path,
    ctr: &str,
    names: &Names,
) -> Result<Generated, UnitError> {
    const P: &str = "Pod";
    check_keys(u, P, POD_KEYS, "ctr pod create")?;
    let name = stem(file_name);
    let pname = pod_name(u, name);
    let mut svc = u.clone();
    svc.rename_section(P, "X-Pod");
    svc.add("Unit", "SourcePath", &source.display().to_string());
    svc.add("Unit", "RequiresMountsFor", "%t/ctr");
    let mut a: Vec<String> = vec![ctr.into(), "pod".into(), "create".into(), "--replace".into()];
    a.push(format!("--name={pname}"));
    for e in u.list(P, "Network") {
        a.push(network_arg(e, names, &mut svc)?);
    }
    for e in u.list(P, "PublishPort") {
        a.extend(publish_args(e)?);
    }
    for e in u.list(P, "Label") {
        for kv in key_values(e)? {
            a.extend(["--label".into(), kv]);
        }
    }
    if let Some(e) = u.last(P, "HostName") {
        a.push(format!("--hostname={}", e.value));
    }
    for (key, flag) in [("AddHost", "--add-host"), ("DNS", "--dns")] {
        for e in u.list(P, key) {
            for w in split_words(e)? {
                a.push(format!("{flag}={w}"));
            }
        }
    }
    for e in u.list(P, "PodmanArgs") {
        a.extend(split_words(e)?);
    }
    // The infra's monitor is this unit's: it runs in this unit's cgroup until the stop.
    svc.add("Service", "Delegate", "yes");
    svc.add("Service", "ExecStartPre", &command_line(&a));
    svc.add("Service", "ExecStart", &command_line(&[ctr.into(), "pod".into(), "start".into(), pname.clone()]));
    svc.add("Service", "ExecStop", &command_line(&[ctr.into(), "pod".into(), "stop".into(), pname.clone()]));
    svc.add(
        "Service",
        "ExecStopPost",
        &format!("-{}", command_line(&[ctr.into(), "pod".into(), "rm".into(), "-f".into(), "-i".into(), pname])),
    );
    finish_oneshot(u, svc, source, format!("{name}-pod.service"))
}

/// The ctr pod a `.pod` file makes.
fn pod_name(u: &UnitFile, stem: &str) -> String {
    u.last("Pod", "PodName").map_or_else(|| format!("systemd-{stem}"), |e| e.value.clone())
}

/// Why a `[Network]` key podman knows cannot be honoured (`None`: it can, or it asks for
/// what ctr does anyway).
fn network_key_problem(e: &Entry) -> Result<Option<&'static str>, UnitError> {
    Ok(match e.key.as_str() {
        "IPv6" if parse_bool(e)? => Some("IPv6 is not supported: ctr's networks are IPv4 only"),
        "DNS" => Some(
            "network DNS servers are not supported (ctr network create has no --dns); use DNS= in the .container files",
        ),
        "DisableDNS" if parse_bool(e)? => Some("not supported: ctr network create has no --disable-dns"),
        // ctr's own address management is podman's host-local: addresses from the subnet,
        // recorded locally.
        "IPAMDriver" if e.value != "host-local" => {
            Some("not supported: ctr's networks have their own address management (podman's host-local)")
        }
        "InterfaceName" => Some("not supported: a ctr network's bridge is named after the network's id"),
        _ => None,
    })
}

/// The ctr network a `.network` file makes.
fn network_name(u: &UnitFile, stem: &str) -> String {
    u.last("Network", "NetworkName").map_or_else(|| format!("systemd-{stem}"), |e| e.value.clone())
}

fn header(source: &Path) -> String {
    format!("# Automatically generated by ctr's Quadlet generator from {}\n#\n", source.display())
}

/// `[Install]` WantedBy=/RequiredBy= become the links `systemctl enable` would make.
fn install_links(u: &UnitFile) -> Result<Vec<(&'static str, String)>, UnitError> {
    let mut links = Vec::new();
    for (key, kind) in [("WantedBy", "wants"), ("RequiredBy", "requires")] {
        for e in u.list("Install", key) {
            for t in split_words(e)? {
                if t.contains('/') || !t.contains('.') {
                    return Err(err(e, format!("{t:?} is not a unit name")));
                }
                links.push((kind, t));
            }
        }
    }
    Ok(links)
}

/// Where Quadlet files are read from, in order of precedence: `QUADLET_UNIT_DIRS`
/// (colon-separated) when set; else for a user `$XDG_CONFIG_HOME/containers/systemd`,
/// `/etc/containers/systemd/users/$UID`, `/etc/containers/systemd/users`; for the system
/// `/etc/containers/systemd`, `/usr/share/containers/systemd`.
pub fn unit_dirs(user: bool) -> Vec<PathBuf> {
    if let Some(v) = std::env::var_os("QUADLET_UNIT_DIRS").filter(|v| !v.is_empty()) {
        return std::env::split_paths(&v).collect();
    }
    if user {
        let config = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| dirs::home_dir().map(|h| h.join(".config")));
        let uid = nix::unistd::getuid().as_raw();
        let mut v: Vec<PathBuf> = config.map(|c| c.join("containers/systemd")).into_iter().collect();
        v.push(PathBuf::from(format!("/etc/containers/systemd/users/{uid}")));
        v.push(PathBuf::from("/etc/containers/systemd/users"));
        v
    } else {
        vec![PathBuf::from("/etc/containers/systemd"), PathBuf::from("/usr/share/containers/systemd")]
    }
}

/// One file's outcome.
#[derive(Debug)]
pub struct FileResult {
    pub path: PathBuf,
    pub result: Result<Generated, UnitError>,
}

/// Reads every `.container`, `.volume` and `.network` file of `dirs` (a name found in an
/// earlier dir hides the same name in later ones) and converts each, in file-name order.
pub fn convert_dirs(dirs: &[PathBuf], ctr: &str) -> Vec<FileResult> {
    const KINDS: &[&str] = &[".container", ".volume", ".network", ".pod"];
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    for d in dirs {
        let Ok(rd) = std::fs::read_dir(d) else { continue };
        let mut names: Vec<String> = rd.flatten().filter_map(|e| e.file_name().into_string().ok()).collect();
        names.sort();
        for n in names {
            if KINDS.iter().any(|k| n.ends_with(k)) && !n.starts_with('.') && !files.contains_key(&n) {
                files.insert(n.clone(), d.join(&n));
            }
        }
    }
    let parsed: Vec<(String, PathBuf, Result<UnitFile, UnitError>)> = files
        .into_iter()
        .map(|(n, p)| {
            let r = std::fs::read_to_string(&p)
                .map_err(|e| UnitError::new(0, format!("cannot read it: {e}")))
                .and_then(|t| UnitFile::parse(&t));
            (n, p, r)
        })
        .collect();
    // Volume names first: a container's `Volume=x.volume:/data` uses the volume's name.
    let volumes = parsed
        .iter()
        .filter(|(n, _, _)| n.ends_with(".volume"))
        .filter_map(|(n, _, r)| r.as_ref().ok().map(|u| (stem(n).to_string(), volume_name(u, stem(n)))))
        .collect();
    let mut names = Names { volumes, networks: BTreeMap::new(), pods: BTreeMap::new() };
    // Networks next: a container requires its network's unit, so that unit must exist.
    let mut results: BTreeMap<String, FileResult> = BTreeMap::new();
    for (n, path, r) in parsed.iter().filter(|(n, _, _)| n.ends_with(".network")) {
        let result = r.clone().and_then(|u| {
            if !u.has_section("Network") {
                return Err(UnitError::new(0, "no [Network] section"));
            }
            convert_network(&u, n, path, ctr).map(|g| (g, network_name(&u, stem(n))))
        });
        names.networks.insert(stem(n).to_string(), result.as_ref().ok().map(|(_, name)| name.clone()));
        results.insert(n.clone(), FileResult { path: path.clone(), result: result.map(|(g, _)| g) });
    }
    // Pods next: a container of a pod is bound to the pod's unit, which needs its network's.
    for (n, path, r) in parsed.iter().filter(|(n, _, _)| n.ends_with(".pod")) {
        let result = r.clone().and_then(|u| {
            if !u.has_section("Pod") {
                return Err(UnitError::new(0, "no [Pod] section"));
            }
            convert_pod(&u, n, path, ctr, &names).map(|g| (g, pod_name(&u, stem(n))))
        });
        names.pods.insert(stem(n).to_string(), result.as_ref().ok().map(|(_, name)| name.clone()));
        results.insert(n.clone(), FileResult { path: path.clone(), result: result.map(|(g, _)| g) });
    }
    for (n, path, r) in parsed.into_iter().filter(|(n, _, _)| !n.ends_with(".network") && !n.ends_with(".pod")) {
        let result = r.and_then(|u| {
            if n.ends_with(".volume") {
                if !u.has_section("Volume") {
                    return Err(UnitError::new(0, "no [Volume] section"));
                }
                convert_volume(&u, &n, &path, ctr)
            } else {
                if !u.has_section("Container") {
                    return Err(UnitError::new(0, "no [Container] section"));
                }
                convert_container(&u, &n, &path, ctr, &names)
            }
        });
        results.insert(n, FileResult { path, result });
    }
    results.into_values().collect()
}

/// Writes the generated units into `out` (a generator's normal directory) with their
/// `[Install]` links. A unit is written whole (to a temp name, then renamed) or not at all.
pub fn write_units(out: &Path, units: &[&Generated]) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    for g in units {
        let tmp = out.join(format!(".{}.tmp", g.name));
        std::fs::write(&tmp, &g.text)?;
        std::fs::rename(&tmp, out.join(&g.name))?;
        for (kind, target) in &g.links {
            let d = out.join(format!("{target}.{kind}"));
            std::fs::create_dir_all(&d)?;
            let link = d.join(&g.name);
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(format!("../{}", g.name), &link)?;
        }
    }
    Ok(())
}

/// What `ctr generate quadlet` needs of a container: its stored configuration and the
/// image's own (so only what the container changed is written).
pub struct ContainerFacts<'a> {
    pub name: &'a str,
    pub image: &'a str,
    pub config: &'a crate::engine::local::ContainerConfig,
    /// The image config's `config` object.
    pub image_config: &'a serde_json::Value,
}

fn strs(v: &serde_json::Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default()
}

/// `ctr generate quadlet`: the `.container` file that runs this container again as a
/// systemd service (podman has no such verb): image, name, command, what the container
/// set beyond its image (env, ports, volumes, user, workdir, labels, health check,
/// capabilities, limits), its restart policy as the service's `Restart=`.
pub fn from_container(f: &ContainerFacts) -> String {
    use crate::engine::mounts::Source;
    let c = f.config;
    let ic = f.image_config;
    let mut u = UnitFile::default();
    u.add("Unit", "Description", &format!("The container {} (made by ctr generate quadlet)", f.name));
    u.add("Container", "Image", f.image);
    u.add("Container", "ContainerName", f.name);
    let image_ep = strs(&ic["Entrypoint"]);
    if c.entrypoint != image_ep {
        if c.entrypoint.len() > 1 {
            u.add("Container", "Entrypoint", &serde_json::to_string(&c.entrypoint).unwrap_or_default());
        } else {
            u.add("Container", "Entrypoint", c.entrypoint.first().map(String::as_str).unwrap_or(""));
        }
    }
    if c.cmd != strs(&ic["Cmd"]) && !c.cmd.is_empty() {
        u.add("Container", "Exec", &c.cmd.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" "));
    }
    let image_env = strs(&ic["Env"]);
    for e in &c.env {
        if image_env.contains(e)
            || e.starts_with("HOSTNAME=")
            || e.starts_with("TERM=")
            || e.starts_with("PATH=") && image_env.is_empty()
        {
            continue;
        }
        u.add("Container", "Environment", &quote(e));
    }
    for p in &c.net.ports {
        let host =
            if p.host_ip.is_empty() || p.host_ip == "0.0.0.0" { String::new() } else { format!("{}:", p.host_ip) };
        let proto = if p.protocol == "tcp" { String::new() } else { format!("/{}", p.protocol) };
        u.add("Container", "PublishPort", &format!("{host}{}:{}{proto}", p.host_port, p.container_port));
    }
    let net = c.net.mode.name();
    if net != "slirp4netns" {
        u.add("Container", "Network", &net);
    }
    for m in &c.mounts {
        let ro = if m.spec.readonly { ":ro" } else { "" };
        match &m.spec.source {
            Source::Bind { path } => u.add("Container", "Volume", &format!("{path}:{}{ro}", m.spec.target)),
            Source::Volume { .. } => match &m.volume {
                // An anonymous volume is made anew for the service.
                Some(v) if v.len() != 64 => u.add("Container", "Volume", &format!("{v}:{}{ro}", m.spec.target)),
                _ => u.add("Container", "Volume", &m.spec.target),
            },
            Source::Tmpfs { .. } => u.add("Container", "Tmpfs", &m.spec.target),
        }
    }
    if !c.user.is_empty() && ic["User"].as_str().unwrap_or("") != c.user {
        u.add("Container", "User", &c.user);
    }
    if ic["WorkingDir"].as_str().filter(|w| !w.is_empty()).unwrap_or("/") != c.working_dir {
        u.add("Container", "WorkingDir", &c.working_dir);
    }
    let image_labels = ic["Labels"].as_object();
    for (k, v) in &c.labels {
        if image_labels.is_some_and(|l| l.get(k).and_then(|x| x.as_str()) == Some(v.as_str())) {
            continue;
        }
        u.add("Container", "Label", &quote(&format!("{k}={v}")));
    }
    if c.read_only {
        u.add("Container", "ReadOnly", "true");
    }
    if c.init {
        u.add("Container", "RunInit", "true");
    }
    for cap in &c.cap_add {
        u.add("Container", "AddCapability", cap);
    }
    for cap in &c.cap_drop {
        u.add("Container", "DropCapability", cap);
    }
    let image_health: Option<crate::engine::policy::HealthConfig> =
        serde_json::from_value(ic["Healthcheck"].clone()).ok();
    if let Some(h) = c.healthcheck.as_ref().filter(|h| Some(*h) != image_health.as_ref() && h.active()) {
        match h.test.first().map(String::as_str) {
            Some("CMD-SHELL") => u.add("Container", "HealthCmd", &h.test[1..].join(" ")),
            _ => u.add("Container", "HealthCmd", &serde_json::to_string(&h.test[1..]).unwrap_or_default()),
        }
        let d = |ns: i64| format!("{}ms", ns / 1_000_000);
        for (key, v) in
            [("HealthInterval", h.interval), ("HealthTimeout", h.timeout), ("HealthStartPeriod", h.start_period)]
        {
            if v > 0 {
                u.add("Container", key, &d(v));
            }
        }
        if h.retries > 0 {
            u.add("Container", "HealthRetries", &h.retries.to_string());
        }
    }
    if c.health_on_failure != crate::engine::policy::HealthOnFailure::None {
        let v = serde_json::to_value(c.health_on_failure)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        u.add("Container", "HealthOnFailure", &v);
    }
    // Limits have no keys of their own: ctr run's flags.
    let r = &c.resources;
    let mut args: Vec<String> = Vec::new();
    if let Some(m) = r.memory {
        args.push(format!("--memory={m}"));
    }
    if let Some(m) = r.memory_swap {
        args.push(format!("--memory-swap={m}"));
    }
    if let (Some(q), p) = (r.cpu_quota, r.cpu_period) {
        args.push(format!("--cpu-quota={q}"));
        if let Some(p) = p {
            args.push(format!("--cpu-period={p}"));
        }
    }
    if let Some(p) = r.pids {
        args.push(format!("--pids-limit={p}"));
    }
    if !args.is_empty() {
        u.add("Container", "PodmanArgs", &args.join(" "));
    }
    let restart = match c.restart_policy.name.as_str() {
        "always" | "unless-stopped" => Some("always"),
        "on-failure" => Some("on-failure"),
        _ => None,
    };
    if let Some(r) = restart {
        u.add("Service", "Restart", r);
    }
    u.add("Install", "WantedBy", "default.target");
    u.render()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(text: &str) -> Result<Generated, UnitError> {
        let u = UnitFile::parse(text)?;
        convert_container(&u, "web.container", Path::new("/q/web.container"), "/usr/bin/ctr", &Names::default())
    }

    fn exec_start(g: &Generated) -> String {
        g.text.lines().find_map(|l| l.strip_prefix("ExecStart=")).unwrap().to_string()
    }

    #[test]
    fn a_container_becomes_a_notify_service() {
        let g = conv(
            "[Unit]\nDescription=web\n[Container]\nImage=busybox\nExec=sh -c 'echo $HOME; sleep 1000'\nPublishPort=8080:80\nVolume=/srv/data:/data:ro\nVolume=cache.volume:/cache\nEnvironment=A=1 \"B=two words\"\nLabel=app=web\nHealthCmd=test -e /tmp/ok\nHealthInterval=2s\nHealthOnFailure=restart\nPodmanArgs=--memory 50m\nNotify=true\n[Service]\nRestart=always\n[Install]\nWantedBy=default.target\n",
        )
        .unwrap();
        assert_eq!(g.name, "web.service");
        assert_eq!(g.links, [("wants", "default.target".to_string())]);
        let x = exec_start(&g);
        assert_eq!(
            x,
            "/usr/bin/ctr run --name=systemd-%N --cidfile=%t/%N.cid --replace --rm --cgroups=split --sdnotify=container -d \
             --health-cmd=test -e /tmp/ok --health-on-failure=restart --health-interval=2s -v /srv/data:/data:ro -v systemd-cache:/cache \
             --publish 8080:80 --env A=1 --env \"B=two words\" --label app=web --memory 50m busybox sh -c \"echo $$HOME; sleep 1000\""
                .replace("--health-cmd=test -e /tmp/ok", "\"--health-cmd=test -e /tmp/ok\"")
        );
        for line in [
            "Type=notify",
            "NotifyAccess=all",
            "KillMode=mixed",
            "Delegate=yes",
            "Restart=always",
            "Requires=cache-volume.service",
            "RequiresMountsFor=/srv/data",
            "SourcePath=/q/web.container",
            "[X-Container]",
            "ExecStop=/usr/bin/ctr stop -i --cidfile=%t/%N.cid",
            "ExecStopPost=-/usr/bin/ctr rm -f -i --cidfile=%t/%N.cid",
            "ExecStopPost=-rm -f %t/%N.cid",
        ] {
            assert!(g.text.lines().any(|l| l == line), "{line} in\n{}", g.text);
        }
        assert!(!g.text.contains("[Container]"));
    }

    #[test]
    fn bad_files_are_refused_with_the_line() {
        let e = conv("[Container]\nImage=x\nFrobnicate=1\n").unwrap_err();
        assert_eq!((e.line, e.message.contains("unsupported key Frobnicate=")), (3, true), "{e}");
        let e = conv("[Container]\nExec=true\n").unwrap_err();
        assert!(e.message.contains("no Image="), "{e}");
        let e = conv("[Container]\nImage=x\nPublishPort=80:http\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = conv("[Container]\nImage=x\nReadOnly=perhaps\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = conv("[Container]\nImage=x\nHealthInterval=often\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = conv("[Container]\nImage=x\n[Service]\nType=simple\n").unwrap_err();
        assert_eq!(e.line, 4);
        let e = conv("[Container]\nImage=x\nHealthStartupCmd=true\n").unwrap_err();
        assert!(e.message.contains("startup health checks"), "{e}");
        let e = conv("[Container]\nImage=x\nEnvironment=NOVALUE\n").unwrap_err();
        assert_eq!(e.line, 3);
    }

    #[test]
    fn oneshot_has_no_notify() {
        let g = conv("[Container]\nImage=x\nExec=true\n[Service]\nType=oneshot\n").unwrap();
        assert!(!exec_start(&g).contains("--sdnotify") && !exec_start(&g).contains(" -d "));
    }

    #[test]
    fn a_volume_becomes_a_oneshot() {
        let u = UnitFile::parse("[Volume]\nUser=1000\nGroup=1000\nLabel=a=b\n").unwrap();
        let g = convert_volume(&u, "cache.volume", Path::new("/q/cache.volume"), "/usr/bin/ctr").unwrap();
        assert_eq!(g.name, "cache-volume.service");
        assert_eq!(
            exec_start(&g),
            "/usr/bin/ctr volume create --ignore --opt o=uid=1000,gid=1000 --label a=b systemd-cache"
        );
        assert!(g.text.contains("Type=oneshot\n") && g.text.contains("RemainAfterExit=yes\n"));
    }

    fn net(file_name: &str, text: &str) -> Result<Generated, UnitError> {
        let u = UnitFile::parse(text)?;
        convert_network(&u, file_name, &Path::new("/q").join(file_name), "/usr/bin/ctr")
    }

    fn names_with(networks: &[(&str, Option<&str>)]) -> Names {
        Names {
            volumes: BTreeMap::new(),
            networks: networks.iter().map(|(k, v)| (k.to_string(), v.map(String::from))).collect(),
            pods: BTreeMap::from([("web".to_string(), Some("systemd-web".to_string()))]),
        }
    }

    fn conv_with(text: &str, names: &Names) -> Result<Generated, UnitError> {
        let u = UnitFile::parse(text)?;
        convert_container(&u, "web.container", Path::new("/q/web.container"), "/usr/bin/ctr", names)
    }

    #[test]
    fn a_network_becomes_a_oneshot() {
        let g = net(
            "web.network",
            "[Unit]\nDescription=the web network\n[Network]\nDriver=bridge\nSubnet=10.89.77.0/24\nGateway=10.89.77.1\nIPRange=10.89.77.128/25\nInternal=yes\nLabel=app=web \"tier=front end\"\nOptions=mtu=1400 isolate=true\nPodmanArgs=--label extra=1\nIPv6=false\nDisableDNS=false\nIPAMDriver=host-local\n[Service]\nRestart=on-failure\n[Install]\nWantedBy=default.target\n",
        )
        .unwrap();
        assert_eq!(g.name, "web-network.service");
        assert_eq!(g.links, [("wants", "default.target".to_string())]);
        assert_eq!(
            exec_start(&g),
            "/usr/bin/ctr network create --ignore --driver=bridge --subnet=10.89.77.0/24 --gateway=10.89.77.1 \
             --ip-range=10.89.77.128/25 --internal --opt mtu=1400 --opt isolate=true --label app=web \
             --label \"tier=front end\" --label extra=1 systemd-web"
        );
        for line in [
            "Description=the web network",
            "SourcePath=/q/web.network",
            "RequiresMountsFor=%t/ctr",
            "[X-Network]",
            "Type=oneshot",
            "RemainAfterExit=yes",
            "SyslogIdentifier=%N",
            "Restart=on-failure",
        ] {
            assert!(g.text.lines().any(|l| l == line), "{line} in\n{}", g.text);
        }
        assert!(!g.text.contains("[Network]") && !g.text.contains("ExecStopPost"), "{}", g.text);
    }

    #[test]
    fn a_pod_becomes_a_oneshot_its_containers_are_bound_to() {
        let names = names_with(&[("front", Some("systemd-front"))]);
        let u = UnitFile::parse(
            "[Pod]\nPublishPort=8080:80\nNetwork=front.network\nLabel=app=web\n[Install]\nWantedBy=default.target\n",
        )
        .unwrap();
        let g = convert_pod(&u, "web.pod", Path::new("/q/web.pod"), "/usr/bin/ctr", &names).unwrap();
        assert_eq!(g.name, "web-pod.service");
        for line in [
            "ExecStartPre=/usr/bin/ctr pod create --replace --name=systemd-web --network=systemd-front --publish 8080:80 --label app=web",
            "ExecStart=/usr/bin/ctr pod start systemd-web",
            "ExecStop=/usr/bin/ctr pod stop systemd-web",
            "ExecStopPost=-/usr/bin/ctr pod rm -f -i systemd-web",
            "Type=oneshot",
            "RemainAfterExit=yes",
            "Requires=front-network.service",
            "After=front-network.service",
            "[X-Pod]",
        ] {
            assert!(g.text.lines().any(|l| l == line), "{line} in\n{}", g.text);
        }
        let c = conv_with("[Container]\nImage=busybox\nPod=web.pod\n", &names).unwrap();
        assert!(exec_start(&c).contains(" --pod=systemd-web "), "{}", c.text);
        assert!(c.text.lines().any(|l| l == "BindsTo=web-pod.service"), "{}", c.text);
        assert!(c.text.lines().any(|l| l == "After=web-pod.service"), "{}", c.text);
        let e = conv_with("[Container]\nImage=busybox\nPod=web.pod\nPublishPort=80\n", &names).unwrap_err();
        assert!(e.to_string().contains("give PublishPort= in web.pod"), "{e}");
        let e = conv_with("[Container]\nImage=busybox\nPod=db.pod\n", &names).unwrap_err();
        assert!(e.to_string().contains("no db.pod in the Quadlet directories"), "{e}");
        let u = UnitFile::parse("[Pod]\nPodName=mine\nShmSize=1g\n").unwrap();
        let e = convert_pod(&u, "x.pod", Path::new("/q/x.pod"), "/usr/bin/ctr", &names).unwrap_err();
        assert!(e.to_string().contains("ShmSize"), "{e}");
    }

    #[test]
    fn a_network_is_named_after_its_file_unless_network_name() {
        let g = net("db.network", "[Network]\n").unwrap();
        assert_eq!(exec_start(&g), "/usr/bin/ctr network create --ignore systemd-db");
        let g = net("db.network", "[Network]\nNetworkName=backend\nNetworkDeleteOnStop=true\n").unwrap();
        assert_eq!(exec_start(&g), "/usr/bin/ctr network create --ignore backend");
        // podman's NetworkDeleteOnStop=: the network goes when the unit stops.
        assert!(g.text.lines().any(|l| l == "ExecStopPost=/usr/bin/ctr network rm backend"), "{}", g.text);
    }

    #[test]
    fn bad_network_files_are_refused_with_the_line() {
        let cases: &[(&str, usize, &str)] = &[
            ("Driver=macvlan", 2, "only the bridge driver"),
            ("Frobnicate=1", 2, "unsupported key Frobnicate= in [Network]"),
            ("ContainersConfModule=/etc/x.conf", 2, "`ctr network create` flag"),
            ("Subnet=10.89.77.0", 2, "invalid CIDR"),
            ("Subnet=10.89.77.1/24", 2, "host bits"),
            ("Subnet=fd00::/64", 2, "IPv6"),
            ("Subnet=10.89.77.0/31", 2, "too small"),
            ("Subnet=10.1.0.0/24\nSubnet=10.2.0.0/24", 3, "one Subnet="),
            ("Gateway=10.89.77.1", 2, "needs Subnet="),
            ("IPRange=10.89.77.0/25", 2, "needs Subnet="),
            ("Subnet=10.89.77.0/24\nGateway=10.89.78.1", 3, "not a host address of Subnet=10.89.77.0/24"),
            ("Subnet=10.89.77.0/24\nGateway=10.89.77.255", 3, "not a host address"),
            ("Subnet=10.89.77.0/24\nIPRange=10.89.0.0/16", 3, "not inside Subnet="),
            ("Internal=perhaps", 2, "not a boolean"),
            ("Options=mtu=1", 2, "invalid network option mtu="),
            ("Options=vlan=5", 2, "unknown network option \"vlan\""),
            ("Options=novalue", 2, "not KEY=VALUE"),
            ("Label=novalue", 2, "not KEY=VALUE"),
            ("IPv6=true", 2, "IPv4 only"),
            ("DNS=10.0.0.53", 2, "DNS= in the .container files"),
            ("DisableDNS=yes", 2, "no --disable-dns"),
            ("IPAMDriver=dhcp", 2, "own address management"),
            ("InterfaceName=br9", 2, "bridge is named"),
            ("NetworkName=host", 2, "reserved"),
            ("NetworkName=bad name", 2, "invalid network name"),
            ("NetworkDeleteOnStop=sometimes", 2, "not a boolean"),
        ];
        for (body, line, msg) in cases {
            let e = net("web.network", &format!("[Network]\n{body}\n")).unwrap_err();
            assert_eq!(e.line, *line, "{body}: {e}");
            assert!(e.message.contains(msg), "{body}: {e}");
        }
        // A file name that makes no valid network name: the whole file, and the way out.
        let e = net("we b.network", "[Network]\n").unwrap_err();
        assert_eq!(e.line, 0);
        assert!(
            e.message.contains("invalid network name \"systemd-we b\"") && e.message.contains("NetworkName="),
            "{e}"
        );
    }

    #[test]
    fn a_container_on_a_quadlet_network_requires_its_unit() {
        let names = names_with(&[("web", Some("systemd-web")), ("db", Some("backend")), ("broken", None)]);
        let g = conv_with("[Container]\nImage=x\nNetwork=db.network\n", &names).unwrap();
        assert!(exec_start(&g).contains(" --network=backend x"), "{}", exec_start(&g));
        for line in ["Requires=db-network.service", "After=db-network.service"] {
            assert!(g.text.lines().any(|l| l == line), "{line} in\n{}", g.text);
        }
        let g = conv_with("[Container]\nImage=x\nNetwork=web.network\n", &names).unwrap();
        assert!(exec_start(&g).contains(" --network=systemd-web x"), "{}", exec_start(&g));
        // Network modes and networks made otherwise pass as they are, with no dependency.
        let g = conv_with("[Container]\nImage=x\nNetwork=pasta\n", &names).unwrap();
        assert!(exec_start(&g).contains(" --network=pasta x") && !g.text.contains("Requires="), "{}", g.text);
        let e = conv_with("[Container]\nImage=x\nNetwork=nope.network\n", &names).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("no nope.network in the Quadlet directories"), "{e}");
        let e = conv_with("[Container]\nImage=x\nNetwork=broken.network\n", &names).unwrap_err();
        assert!(e.message.contains("broken.network has errors"), "{e}");
        // Several networks, options after a name (podman's): each a --network of ctr run.
        let g =
            conv_with("[Container]\nImage=x\nNetwork=web.network:ip=10.89.77.9\nNetwork=db.network\n", &names).unwrap();
        assert!(exec_start(&g).contains(" --network=systemd-web:ip=10.89.77.9 --network=backend x"), "{}", g.text);
        assert!(g.text.contains("Requires=web-network.service") && g.text.contains("Requires=db-network.service"));
    }

    #[test]
    fn a_directory_of_networks_and_containers() {
        let dir = std::env::temp_dir().join(format!("ctr-quadlet-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in [
            ("web.network", "[Network]\nNetworkName=front\n"),
            ("bad.network", "[Network]\nDriver=ipvlan\n"),
            ("empty.network", "[Unit]\nDescription=x\n"),
            ("a.container", "[Container]\nImage=x\nNetwork=web.network\n"),
            ("b.container", "[Container]\nImage=x\nNetwork=bad.network\n"),
            ("c.container", "[Container]\nImage=x\nNetwork=empty.network\n"),
        ] {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let results = convert_dirs(std::slice::from_ref(&dir), "/usr/bin/ctr");
        let _ = std::fs::remove_dir_all(&dir);
        let got: Vec<(String, Result<String, String>)> = results
            .iter()
            .map(|r| {
                let file = r.path.file_name().unwrap().to_string_lossy().into_owned();
                (file, r.result.as_ref().map(|g| g.name.clone()).map_err(|e| e.message.clone()))
            })
            .collect();
        let names: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(names, ["a.container", "b.container", "bad.network", "c.container", "empty.network", "web.network"]);
        assert_eq!(got[0].1, Ok("a.service".to_string()));
        assert!(exec_start(results[0].result.as_ref().unwrap()).contains("--network=front"));
        assert!(got[1].1.as_ref().is_err_and(|m| m.contains("bad.network has errors")), "{:?}", got[1]);
        assert!(got[2].1.as_ref().is_err_and(|m| m.contains("bridge")), "{:?}", got[2]);
        assert!(got[3].1.as_ref().is_err_and(|m| m.contains("empty.network has errors")), "{:?}", got[3]);
        assert_eq!(got[4].1, Err("no [Network] section".to_string()));
        assert_eq!(got[5].1, Ok("web-network.service".to_string()));
    }
}
