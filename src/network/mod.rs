//! Container networking without privileges: the `--network` modes, published ports,
//! and the /etc/hosts and /etc/resolv.conf a container gets.
//!
//! A rootless container's network namespace reaches the outside through a user-mode
//! helper: pasta (passt) or slirp4netns, started by the monitor for the container's
//! life (`helper.rs`). Ports are published by the helper itself (pasta `-t`/`-u`,
//! slirp4netns `add_hostfwd`), on the host address asked for.

pub mod bridge;
pub mod dns;
pub mod firewall;
pub mod helper;
pub mod ipam;

use serde::{Deserialize, Serialize};

/// slirp4netns's fixed addresses (its defaults for 10.0.2.0/24).
pub const SLIRP_IP: &str = "10.0.2.100";
pub const SLIRP_GATEWAY: &str = "10.0.2.2";
pub const SLIRP_DNS: &str = "10.0.2.3";
/// The address pasta answers DNS on, forwarding to the host's resolver (podman's choice).
pub const PASTA_DNS: &str = "169.254.1.1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum NetMode {
    #[default]
    None,
    Host,
    Pasta {
        /// Extra arguments passed through (`pasta:--map-gw,-T,auto`).
        args: Vec<String>,
    },
    Slirp4netns {
        allow_host_loopback: bool,
        mtu: u32,
        enable_ipv6: bool,
    },
    /// Another container's network namespace (`container:NAME`).
    Container {
        id: String,
    },
    /// A network namespace file (`ns:PATH`).
    Ns {
        path: String,
    },
    /// User networks (`--network NAME`, several): a veth on each one's bridge in the
    /// per-user network namespace (`bridge.rs`). The engine fills the endpoints in from
    /// the store each time the container starts (`network connect` may have added some).
    Bridge {
        networks: Vec<Attachment>,
    },
}

/// A container's place on one user network, as the data plane needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Attachment {
    pub network_id: String,
    pub name: String,
    pub ip: String,
    pub prefix_len: u8,
    pub gateway: String,
    pub mac: String,
    pub internal: bool,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What the network's DNS server answers with `ip`: the container's name, its short
    /// id, the aliases.
    #[serde(default)]
    pub names: Vec<String>,
    /// The address asked for (`--ip`, `ip=`, the API's `IPAMConfig.IPv4Address`), which
    /// docker shows as the endpoint's `IPAMConfig`; None when IPAM chose it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_ip: Option<String>,
    /// The network's MTU (its `mtu` option; 0: `DEFAULT_MTU`).
    #[serde(default)]
    pub mtu: u32,
}

/// The MTU of a user network's bridge and veths unless its `mtu` option says otherwise:
/// slirp4netns's (the way out terminates TCP itself, so nothing outside sees it), and
/// within a network the larger frames carry several times what 1500 does.
pub const DEFAULT_MTU: u32 = 65520;

/// What a container asks of one user network: `--network NAME[:ip=IP,alias=A,mac=MAC]`
/// (with `--ip`, `--network-alias`, `--mac-address` for the first), or the API's
/// `NetworkingConfig.EndpointsConfig`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NetworkRequest {
    pub name: String,
    pub ip: Option<String>,
    pub aliases: Vec<String>,
    pub mac: Option<String>,
}

/// Parses `NAME[:ip=IP,alias=A,mac=MAC]` (podman's options; `ip4=` too).
pub fn parse_network_request(s: &str) -> Result<NetworkRequest, String> {
    let (name, opts) = s.split_once(':').unwrap_or((s, ""));
    if name.is_empty() {
        return Err(format!("--network {s:?}: give a network name"));
    }
    let mut r = NetworkRequest { name: name.to_string(), ..Default::default() };
    for o in opts.split(',').filter(|o| !o.is_empty()) {
        let (k, v) = o.split_once('=').unwrap_or((o, ""));
        if v.is_empty() {
            return Err(format!("--network {s}: option {o:?} needs a value (ip=IP, alias=NAME, mac=MAC)"));
        }
        match k {
            "ip" | "ip4" if r.ip.is_none() => r.ip = Some(v.to_string()),
            "ip" | "ip4" => return Err(format!("--network {s}: one ip= per network")),
            "alias" => r.aliases.push(v.to_string()),
            "mac" if r.mac.is_none() => r.mac = Some(v.to_string()),
            _ => {
                return Err(format!(
                    "--network {s}: unknown option {k:?}; after a network's name ctr knows ip=IP, alias=NAME, mac=MAC"
                ));
            }
        }
    }
    Ok(r)
}

/// Checks a MAC address given by a user: six hex pairs, unicast.
pub fn check_mac(mac: &str) -> Result<String, String> {
    let b: Vec<u8> =
        mac.split(':').filter_map(|p| (p.len() == 2).then(|| u8::from_str_radix(p, 16).ok()).flatten()).collect();
    if b.len() != 6 || mac.split(':').count() != 6 {
        return Err(format!("invalid MAC address {mac:?}: write six hex pairs, e.g. 02:42:ac:11:00:02"));
    }
    if b[0] & 1 == 1 {
        return Err(format!("invalid MAC address {mac:?}: it is a multicast address; the first byte must be even"));
    }
    Ok(mac.to_ascii_lowercase())
}

impl NetMode {
    /// The name `NetworkMode` shows.
    pub fn name(&self) -> String {
        match self {
            NetMode::None => "none".into(),
            NetMode::Host => "host".into(),
            NetMode::Pasta { .. } => "pasta".into(),
            NetMode::Slirp4netns { .. } => "slirp4netns".into(),
            NetMode::Container { id } => format!("container:{id}"),
            NetMode::Ns { path } => format!("ns:{path}"),
            NetMode::Bridge { networks } => networks.first().map(|a| a.name.clone()).unwrap_or_default(),
        }
    }

    /// Whether the container gets a network namespace of its own.
    pub fn own_namespace(&self) -> bool {
        !matches!(self, NetMode::Host | NetMode::Container { .. } | NetMode::Ns { .. })
    }

    /// Whether the container may reach services on the host's loopback.
    pub fn host_loopback(&self) -> bool {
        match self {
            NetMode::Slirp4netns { allow_host_loopback, .. } => *allow_host_loopback,
            NetMode::Pasta { args } => args.iter().any(|a| a == "--map-gw"),
            _ => false,
        }
    }
}

/// A published port: `HOST_IP:HOST_PORT -> CONTAINER_PORT/PROTO`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortMapping {
    pub host_ip: String,
    pub host_port: u16,
    pub container_port: u16,
    pub protocol: String,
}

/// Everything about a container's network, as stored with it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetConfig {
    pub mode: NetMode,
    #[serde(default)]
    pub ports: Vec<PortMapping>,
    #[serde(default)]
    pub dns: Vec<String>,
    #[serde(default)]
    pub dns_search: Vec<String>,
    #[serde(default)]
    pub dns_options: Vec<String>,
    /// `--add-host NAME:IP`
    #[serde(default)]
    pub add_hosts: Vec<(String, String)>,
    /// The container's address and gateway as inspect shows them.
    #[serde(default)]
    pub ip: String,
    #[serde(default)]
    pub gateway: String,
}

pub fn which(prog: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_else(|| "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin".into());
    std::env::split_paths(&path).map(|d| d.join(prog)).find(|p| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    })
}

const NO_HELPER: &str = "no network helper: neither pasta nor slirp4netns is installed; install the passt package (pasta) or slirp4netns (e.g. `apt-get install passt slirp4netns`), or run with --network none";

/// The default mode: `$CTR_NETWORK` if set, else slirp4netns when installed, else pasta.
///
/// Measured here (benches/results/network.md): slirp4netns 1.2 adds ~4 ms to a run and
/// carries more through a published port than pasta 2023-03, which adds ~26 ms; and as
/// real root this pasta fails (it drops to nobody before opening the namespace).
pub fn default_mode() -> Result<NetMode, String> {
    if let Some(m) = std::env::var("CTR_NETWORK").ok().filter(|m| !m.is_empty()) {
        return parse_mode(&m).map_err(|e| format!("CTR_NETWORK: {e}"));
    }
    if which("slirp4netns").is_some() {
        return Ok(slirp_default());
    }
    if which("pasta").is_some() {
        return Ok(NetMode::Pasta { args: Vec::new() });
    }
    Err(NO_HELPER.into())
}

fn slirp_default() -> NetMode {
    NetMode::Slirp4netns { allow_host_loopback: false, mtu: 65520, enable_ipv6: false }
}

fn truthy(k: &str, v: &str) -> Result<bool, String> {
    match v {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(format!("slirp4netns option {k}={v:?}: use true or false")),
    }
}

/// Whether `--network` names a mode (else it names a user network).
/// `--network` given several times: all user networks (each once), or one mode alone.
pub fn check_network_list(networks: &[String]) -> Result<(), String> {
    let users = networks.iter().filter(|n| !is_mode(n)).count();
    if networks.len() > 1 && users != networks.len() {
        return Err(format!(
            "--network {}: a mode (none, host, pasta, slirp4netns, container:, ns:) is the container's only network; several --network must all be user networks",
            networks.join(" --network ")
        ));
    }
    let mut seen = Vec::new();
    for raw in networks.iter().filter(|n| !is_mode(n)) {
        let name = parse_network_request(raw)?.name;
        if seen.contains(&name) {
            return Err(format!("--network {raw}: the container is put on network {name} twice"));
        }
        seen.push(name);
    }
    Ok(())
}

pub fn is_mode(s: &str) -> bool {
    let name = s.split_once(':').map_or(s, |(n, _)| n);
    ["none", "host", "bridge", "default", "private", "pasta", "slirp4netns", "container", "ns"].contains(&name)
}

/// Parses `--network`: none, host, pasta[:ARG,...], slirp4netns[:OPT=VAL,...],
/// container:NAME, ns:PATH; bridge/default/private mean the default helper.
pub fn parse_mode(s: &str) -> Result<NetMode, String> {
    let (name, opts) = s.split_once(':').unwrap_or((s, ""));
    match name {
        "none" if opts.is_empty() => Ok(NetMode::None),
        "host" if opts.is_empty() => Ok(NetMode::Host),
        "bridge" | "default" | "private" if opts.is_empty() => default_mode(),
        "pasta" => {
            let args: Vec<String> = opts.split(',').filter(|a| !a.is_empty()).map(String::from).collect();
            Ok(NetMode::Pasta { args })
        }
        "slirp4netns" => {
            let NetMode::Slirp4netns { mut allow_host_loopback, mut mtu, mut enable_ipv6 } = slirp_default() else {
                unreachable!()
            };
            for o in opts.split(',').filter(|o| !o.is_empty()) {
                let (k, v) = o.split_once('=').unwrap_or((o, "true"));
                match k {
                    "allow_host_loopback" => allow_host_loopback = truthy(k, v)?,
                    "enable_ipv6" => enable_ipv6 = truthy(k, v)?,
                    "mtu" => {
                        mtu = v
                            .parse()
                            .ok()
                            .filter(|m| (1280..=65521).contains(m))
                            .ok_or_else(|| format!("slirp4netns option mtu={v:?}: a number from 1280 to 65521"))?
                    }
                    "port_handler" if v == "slirp4netns" => {}
                    _ => {
                        return Err(format!(
                            "unknown slirp4netns option {o:?}: ctr knows allow_host_loopback, enable_ipv6, mtu, port_handler=slirp4netns"
                        ));
                    }
                }
            }
            Ok(NetMode::Slirp4netns { allow_host_loopback, mtu, enable_ipv6 })
        }
        "container" if !opts.is_empty() => Ok(NetMode::Container { id: opts.to_string() }),
        "ns" if opts.starts_with('/') => Ok(NetMode::Ns { path: opts.to_string() }),
        "ns" => Err(format!(
            "--network ns:{opts}: give an absolute path to a network namespace, e.g. ns:/run/user/1000/netns/x"
        )),
        _ => Err(format!("unknown network mode {s:?}: use pasta, slirp4netns, none, host, container:NAME or ns:PATH")),
    }
}

fn publish_error(spec: &str, why: &str) -> String {
    format!(
        "invalid --publish {spec:?}: {why}; write [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp], e.g. 127.0.0.1:8080:80"
    )
}

/// One `-p/--publish` value, read: ranges as written, the host's ports None when they are
/// to be picked free.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishSpec {
    /// "0.0.0.0" when no address was given.
    pub host_ip: String,
    /// First and last host port.
    pub host: Option<(u16, u16)>,
    /// First and last container port.
    pub container: (u16, u16),
    pub protocol: &'static str,
}

/// Reads one `-p/--publish` value without touching the host: the checks of
/// [`parse_publish`], which also picks the free ports.
pub fn parse_publish_spec(spec: &str) -> Result<PublishSpec, String> {
    let bad = |why: &str| publish_error(spec, why);
    let (body, protocol) = match spec.rsplit_once('/') {
        Some((b, "tcp")) => (b, "tcp"),
        Some((b, "udp")) => (b, "udp"),
        Some((_, p)) => return Err(bad(&format!("protocol {p:?} is not tcp or udp"))),
        None => (spec, "tcp"),
    };
    // An IPv6 host address is written in brackets: [::1]:8080:80
    let (ip, rest) = if let Some(r) = body.strip_prefix('[') {
        let (ip, rest) = r.split_once(']').ok_or_else(|| bad("unclosed ["))?;
        (ip.to_string(), rest.strip_prefix(':').ok_or_else(|| bad("a port must follow the address"))?)
    } else {
        let parts: Vec<&str> = body.split(':').collect();
        match parts.len() {
            1 | 2 => (String::new(), body),
            3 => (parts[0].to_string(), &body[parts[0].len() + 1..]),
            _ => return Err(bad("too many ':'")),
        }
    };
    if !ip.is_empty() && ip.parse::<std::net::IpAddr>().is_err() {
        return Err(bad(&format!("{ip:?} is not an IP address")));
    }
    let (host, ctr) = match rest.split_once(':') {
        Some((h, c)) => (h, c),
        None => ("", rest),
    };
    let range = |s: &str| -> Result<(u16, u16), String> {
        let (a, b) = s.split_once('-').unwrap_or((s, s));
        let p = |x: &str| {
            x.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| bad(&format!("{x:?} is not a port (1-65535)")))
        };
        let (a, b) = (p(a)?, p(b)?);
        if b < a {
            return Err(bad("a range must go up"));
        }
        Ok((a, b))
    };
    let container = range(ctr)?;
    let host = if host.is_empty() { None } else { Some(range(host)?) };
    if let Some((h0, h1)) = host
        && h1 - h0 != container.1 - container.0
    {
        return Err(bad("the host and container ranges differ in length"));
    }
    let host_ip = if ip.is_empty() { "0.0.0.0".to_string() } else { ip };
    Ok(PublishSpec { host_ip, host, container, protocol })
}

/// Parses one `-p/--publish` value into mappings (ranges expand; a missing host port is
/// picked free on the host).
pub fn parse_publish(spec: &str) -> Result<Vec<PortMapping>, String> {
    let p = parse_publish_spec(spec)?;
    let (c0, c1) = p.container;
    let mut out = Vec::new();
    for (i, container_port) in (c0..=c1).enumerate() {
        let host_port = match p.host {
            Some((h0, _)) => h0 + i as u16,
            None => free_port(&p.host_ip, p.protocol)
                .map_err(|e| publish_error(spec, &format!("no free host port: {e}")))?,
        };
        out.push(PortMapping { host_ip: p.host_ip.clone(), host_port, container_port, protocol: p.protocol.into() });
    }
    Ok(out)
}

fn bind_probe(ip: &str, port: u16, proto: &str) -> std::io::Result<u16> {
    let addr: std::net::IpAddr = ip.parse().map_err(std::io::Error::other)?;
    let sa = std::net::SocketAddr::new(addr, port);
    if proto == "udp" {
        Ok(std::net::UdpSocket::bind(sa)?.local_addr()?.port())
    } else {
        Ok(std::net::TcpListener::bind(sa)?.local_addr()?.port())
    }
}

fn free_port(ip: &str, proto: &str) -> std::io::Result<u16> {
    bind_probe(ip, 0, proto)
}

/// Fails with a message naming the port when a host port can't be bound.
pub fn check_ports(ports: &[PortMapping]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for p in ports {
        if !seen.insert((p.host_ip.clone(), p.host_port, p.protocol.clone())) {
            return Err(format!("host port {}:{}/{} is published twice", p.host_ip, p.host_port, p.protocol));
        }
        if let Err(e) = bind_probe(&p.host_ip, p.host_port, &p.protocol) {
            return Err(port_error(p, &e.to_string()));
        }
    }
    Ok(())
}

pub fn port_error(p: &PortMapping, why: &str) -> String {
    let why = if why.contains("in use") { "it is already in use on the host".to_string() } else { why.to_string() };
    format!(
        "cannot publish port {}:{}/{}: {why}; pick another host port (-p HOST_PORT:{})",
        p.host_ip, p.host_port, p.protocol, p.container_port
    )
}

/// This host's main IPv4 address and gateway (of the default route): what pasta copies
/// into the container.
pub fn host_route() -> (String, String) {
    let Ok(routes) = std::fs::read_to_string("/proc/net/route") else { return Default::default() };
    let mut iface = String::new();
    let mut gw = String::new();
    for l in routes.lines().skip(1) {
        let f: Vec<&str> = l.split_whitespace().collect();
        if f.len() > 2 && f[1] == "00000000" {
            iface = f[0].to_string();
            if let Ok(g) = u32::from_str_radix(f[2], 16) {
                gw = std::net::Ipv4Addr::from(g.to_le_bytes()).to_string();
            }
            break;
        }
    }
    let ip = nix::ifaddrs::getifaddrs()
        .ok()
        .and_then(|mut it| {
            it.find(|a| a.interface_name == iface && a.address.as_ref().and_then(|s| s.as_sockaddr_in()).is_some())
        })
        .and_then(|a| a.address.and_then(|s| s.as_sockaddr_in().map(|s| s.ip().to_string())))
        .unwrap_or_default();
    (ip, gw)
}

/// The container's /etc/resolv.conf.
pub fn resolv_conf(net: &NetConfig, host: &str) -> String {
    let mut servers: Vec<String> = Vec::new();
    let mut search: Vec<String> = Vec::new();
    let mut options: Vec<String> = Vec::new();
    for l in host.lines() {
        let mut f = l.split_whitespace();
        match f.next() {
            Some("nameserver") => servers.extend(f.next().map(String::from)),
            Some("search") | Some("domain") => search.extend(f.map(String::from)),
            Some("options") => options.extend(f.map(String::from)),
            _ => {}
        }
    }
    match &net.mode {
        NetMode::Slirp4netns { .. } => servers = vec![SLIRP_DNS.into()],
        NetMode::Pasta { .. } => servers = vec![PASTA_DNS.into()],
        // A user network's DNS server answers on its gateway (the first network's).
        NetMode::Bridge { networks } if !networks.is_empty() => servers = vec![networks[0].gateway.clone()],
        NetMode::None | NetMode::Bridge { .. } => servers.retain(|s| !s.starts_with("127.")),
        _ => {}
    }
    if !net.dns.is_empty() {
        servers = net.dns.clone();
    }
    if !net.dns_search.is_empty() {
        search = net.dns_search.iter().filter(|s| *s != ".").cloned().collect();
    }
    if !net.dns_options.is_empty() {
        options = net.dns_options.clone();
    }
    let mut out = String::new();
    if !search.is_empty() {
        out.push_str(&format!("search {}\n", search.join(" ")));
    }
    for s in &servers {
        out.push_str(&format!("nameserver {s}\n"));
    }
    if !options.is_empty() {
        out.push_str(&format!("options {}\n", options.join(" ")));
    }
    out
}

/// The container's /etc/hosts (the host's own for --network host, plus --add-host).
pub fn hosts_file(net: &NetConfig, hostname: &str, name: &str, host_hosts: &str) -> String {
    let mut out = if net.mode == NetMode::Host {
        host_hosts.to_string()
    } else {
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n".to_string()
    };
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    for (h, ip) in &net.add_hosts {
        out.push_str(&format!("{ip}\t{h}\n"));
    }
    if net.mode != NetMode::Host {
        let me = if net.ip.is_empty() { "127.0.1.1" } else { &net.ip };
        out.push_str(&format!("{me}\t{hostname} {name}\n"));
    }
    if net.mode.host_loopback() {
        let gw = match &net.mode {
            NetMode::Slirp4netns { .. } => SLIRP_GATEWAY.to_string(),
            _ => net.gateway.clone(),
        };
        if !gw.is_empty() {
            out.push_str(&format!("{gw}\thost.containers.internal host.docker.internal\n"));
        }
    }
    out
}

/// `--add-host NAME:IP` (IPv6 addresses keep their colons: NAME:::1).
pub fn parse_add_host(s: &str) -> Result<(String, String), String> {
    let (h, ip) = s
        .split_once(':')
        .or_else(|| s.split_once('='))
        .ok_or_else(|| format!("invalid --add-host {s:?}: write NAME:IP"))?;
    let ip = ip.trim_start_matches('[').trim_end_matches(']');
    if h.is_empty() || ip.parse::<std::net::IpAddr>().is_err() {
        return Err(format!("invalid --add-host {s:?}: write NAME:IP with a valid IP address"));
    }
    Ok((h.to_string(), ip.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        assert_eq!(parse_mode("none").unwrap(), NetMode::None);
        assert_eq!(
            parse_mode("pasta:--map-gw,-T,auto").unwrap(),
            NetMode::Pasta { args: vec!["--map-gw".into(), "-T".into(), "auto".into()] }
        );
        assert_eq!(
            parse_mode("slirp4netns:allow_host_loopback=true,mtu=1500").unwrap(),
            NetMode::Slirp4netns { allow_host_loopback: true, mtu: 1500, enable_ipv6: false }
        );
        assert!(parse_mode("slirp4netns:mtu=9").unwrap_err().contains("mtu"));
        assert!(parse_mode("slirp4netns:bogus=1").unwrap_err().contains("bogus"));
        assert_eq!(parse_mode("container:web").unwrap(), NetMode::Container { id: "web".into() });
        assert!(parse_mode("ns:relative").is_err());
        assert!(parse_mode("wifi").unwrap_err().contains("pasta, slirp4netns"));
        assert!(parse_mode("none:x").is_err());
    }

    #[test]
    fn publish() {
        let p = parse_publish("127.0.0.1:8080:80").unwrap();
        assert_eq!(
            p,
            vec![PortMapping {
                host_ip: "127.0.0.1".into(),
                host_port: 8080,
                container_port: 80,
                protocol: "tcp".into()
            }]
        );
        let p = parse_publish("9000-9001:90-91/udp").unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[1].host_ip.as_str(), p[1].host_port, p[1].container_port, p[1].protocol.as_str()),
            ("0.0.0.0", 9001, 91, "udp")
        );
        let p = parse_publish("127.0.0.1::80").unwrap();
        assert!(p[0].host_port > 0 && p[0].container_port == 80);
        let p = parse_publish("[::1]:8081:81").unwrap();
        assert_eq!(p[0].host_ip, "::1");
        for bad in ["", "x", "80/sctp", "1-2:3", "0:80", "70000:80", "a.b.c.d:1:2", "1:2:3:4", "90-80:1-11"] {
            assert!(parse_publish(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn publish_spec_binds_nothing() {
        let p = parse_publish_spec("8000-8010/udp").unwrap();
        assert_eq!(p, PublishSpec { host_ip: "0.0.0.0".into(), host: None, container: (8000, 8010), protocol: "udp" });
        let p = parse_publish_spec("[::1]:1-2:3-4").unwrap();
        assert_eq!((p.host_ip.as_str(), p.host, p.container), ("::1", Some((1, 2)), (3, 4)));
        let e = parse_publish_spec("1-3:3-4").unwrap_err();
        assert!(e.contains("differ in length"), "{e}");
    }

    #[test]
    fn files() {
        let host = "nameserver 127.0.0.53\nnameserver 10.1.1.1\nsearch corp\noptions edns0\n";
        let mut n = NetConfig { mode: parse_mode("slirp4netns").unwrap(), ..Default::default() };
        assert_eq!(resolv_conf(&n, host), "search corp\nnameserver 10.0.2.3\noptions edns0\n");
        n.dns = vec!["1.1.1.1".into()];
        n.dns_search = vec!["a.b".into()];
        assert_eq!(resolv_conf(&n, host), "search a.b\nnameserver 1.1.1.1\noptions edns0\n");
        n.mode = NetMode::None;
        n.dns.clear();
        assert!(!resolv_conf(&n, host).contains("127.0.0.53"));
        n.mode = parse_mode("slirp4netns:allow_host_loopback=true").unwrap();
        n.ip = SLIRP_IP.into();
        n.add_hosts = vec![("db".into(), "10.9.9.9".into())];
        let h = hosts_file(&n, "abc", "web", "");
        assert!(h.contains("10.9.9.9\tdb\n") && h.contains("10.0.2.100\tabc web\n"), "{h}");
        assert!(h.contains("10.0.2.2\thost.containers.internal host.docker.internal"), "{h}");
        n.mode = parse_mode("slirp4netns").unwrap();
        assert!(!hosts_file(&n, "abc", "web", "").contains("host.containers.internal"));
        assert_eq!(parse_add_host("h:::1").unwrap(), ("h".into(), "::1".into()));
        assert!(parse_add_host("h:notanip").is_err());
    }
}
