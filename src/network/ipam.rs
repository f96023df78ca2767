//! IPv4 address management for user networks: CIDRs, the pool new networks' subnets come
//! from, and the next free address of a network. Pure logic; the state lives in the store.

use std::collections::HashSet;
use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// Where a network's subnet comes from when none is given: 10.89.0.0/24, 10.89.1.0/24,
/// ... 10.89.255.0/24, as podman's `default_subnet_pools` hands out user networks
/// (its own default network is 10.88.0.0/16, which ctr leaves alone).
pub const POOL: Cidr = Cidr { addr: Ipv4Addr::new(10, 89, 0, 0), prefix: 16 };
/// The size of each subnet taken from the pool.
pub const POOL_PREFIX: u8 = 24;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum IpamError {
    #[error("invalid CIDR {0:?}: write an IPv4 network as A.B.C.D/N, e.g. 10.89.7.0/24")]
    BadCidr(String),
    #[error("{0:?} is an IPv6 network: ctr's networks are IPv4 only for now")]
    Ipv6(String),
    #[error("invalid CIDR {cidr:?}: host bits are set; the network is {network}")]
    HostBits { cidr: String, network: Cidr },
    #[error("subnet {0} is too small: a network needs at least a /30 (a gateway and one container)")]
    TooSmall(Cidr),
    #[error("invalid IPv4 address {0:?}")]
    BadAddress(String),
}

/// An IPv4 network: its first address (host bits zero) and prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cidr {
    pub addr: Ipv4Addr,
    pub prefix: u8,
}

impl Cidr {
    fn mask(self) -> u32 {
        if self.prefix == 0 { 0 } else { u32::MAX << (32 - self.prefix) }
    }

    pub fn first(self) -> u32 {
        u32::from(self.addr) & self.mask()
    }

    pub fn last(self) -> u32 {
        self.first() | !self.mask()
    }

    pub fn contains(self, ip: Ipv4Addr) -> bool {
        u32::from(ip) & self.mask() == self.first()
    }

    /// Whether `inner` lies wholly in this network.
    pub fn covers(self, inner: Cidr) -> bool {
        inner.prefix >= self.prefix && self.contains(inner.addr)
    }

    pub fn overlaps(self, other: Cidr) -> bool {
        self.covers(other) || other.covers(self)
    }

    /// The network's broadcast address.
    pub fn broadcast(self) -> Ipv4Addr {
        Ipv4Addr::from(self.last())
    }

    /// The first address a host can have (the usual gateway).
    pub fn first_host(self) -> Ipv4Addr {
        Ipv4Addr::from(self.first() + 1)
    }

    /// An address a container or gateway may take: not the network's own address nor its
    /// broadcast.
    pub fn is_host(self, ip: Ipv4Addr) -> bool {
        self.contains(ip) && u32::from(ip) != self.first() && u32::from(ip) != self.last()
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

impl FromStr for Cidr {
    type Err = IpamError;

    /// Parses `A.B.C.D/N`; host bits must be zero (docker and podman refuse them too).
    fn from_str(s: &str) -> Result<Cidr, IpamError> {
        let bad = || IpamError::BadCidr(s.to_string());
        let (a, p) = s.split_once('/').ok_or_else(bad)?;
        if a.contains(':') {
            return Err(IpamError::Ipv6(s.to_string()));
        }
        let addr: Ipv4Addr = a.parse().map_err(|_| bad())?;
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let prefix: u8 = p.parse().ok().filter(|p| *p <= 32).ok_or_else(bad)?;
        let c = Cidr { addr, prefix };
        let network = Cidr { addr: Ipv4Addr::from(c.first()), prefix };
        if network != c {
            return Err(IpamError::HostBits { cidr: s.to_string(), network });
        }
        Ok(c)
    }
}

/// Parses a gateway or static address (IPv4).
pub fn parse_addr(s: &str) -> Result<Ipv4Addr, IpamError> {
    if s.contains(':') {
        return Err(IpamError::Ipv6(s.to_string()));
    }
    s.parse().map_err(|_| IpamError::BadAddress(s.to_string()))
}

/// A subnet of the size given can hold a gateway and at least one container.
pub fn check_size(c: Cidr) -> Result<(), IpamError> {
    if c.prefix > 30 {
        return Err(IpamError::TooSmall(c));
    }
    Ok(())
}

/// The first /24 of the pool that overlaps none of `used`.
pub fn pick_subnet(used: &[Cidr]) -> Option<Cidr> {
    let size = 1u32 << (32 - POOL_PREFIX);
    (POOL.first()..=POOL.last())
        .step_by(size as usize)
        .map(|a| Cidr { addr: Ipv4Addr::from(a), prefix: POOL_PREFIX })
        .find(|c| !used.iter().any(|u| u.overlaps(*c)))
}

/// The lowest free address for a container: in `range` (default the whole subnet), a
/// host address of `subnet`, not the gateway, not in `used`.
pub fn next_free(subnet: Cidr, range: Option<Cidr>, gateway: Ipv4Addr, used: &HashSet<Ipv4Addr>) -> Option<Ipv4Addr> {
    let r = range.unwrap_or(subnet);
    (r.first()..=r.last()).map(Ipv4Addr::from).find(|ip| subnet.is_host(*ip) && *ip != gateway && !used.contains(ip))
}

/// Networks no user network may overlap: this-network, loopback, multicast, reserved.
pub const SPECIAL: [Cidr; 4] = [
    Cidr { addr: Ipv4Addr::new(0, 0, 0, 0), prefix: 8 },
    Cidr { addr: Ipv4Addr::new(127, 0, 0, 0), prefix: 8 },
    Cidr { addr: Ipv4Addr::new(224, 0, 0, 0), prefix: 4 },
    Cidr { addr: Ipv4Addr::new(240, 0, 0, 0), prefix: 4 },
];

/// The IPv4 networks of this host: what it routes (`/proc/net/route`, default routes
/// aside) and the networks of its interfaces' addresses. A user network overlapping one
/// would hide that part of the host's network from containers. Best effort: what cannot
/// be read is left out.
pub fn host_networks() -> Vec<Cidr> {
    let text = std::fs::read_to_string("/proc/net/route").unwrap_or_default();
    let mut out = parse_route_table(&text);
    for a in nix::ifaddrs::getifaddrs().into_iter().flatten() {
        let (Some(addr), Some(mask)) = (
            a.address.as_ref().and_then(|x| x.as_sockaddr_in()).map(|x| x.ip()),
            a.netmask.as_ref().and_then(|x| x.as_sockaddr_in()).map(|x| x.ip()),
        ) else {
            continue;
        };
        let mask = u32::from(mask);
        let c = Cidr { addr: Ipv4Addr::from(u32::from(addr) & mask), prefix: mask.count_ones() as u8 };
        if c.prefix > 0 && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The routes of a `/proc/net/route` table (destination and mask are little-endian hex).
fn parse_route_table(text: &str) -> Vec<Cidr> {
    let mut out = Vec::new();
    for l in text.lines().skip(1) {
        let f: Vec<&str> = l.split_whitespace().collect();
        if f.len() < 8 {
            continue;
        }
        let (Ok(dest), Ok(mask)) = (u32::from_str_radix(f[1], 16), u32::from_str_radix(f[7], 16)) else {
            continue;
        };
        // The kernel prints the network-order address as a little-endian u32.
        let (dest, mask) = (dest.swap_bytes(), mask.swap_bytes());
        let prefix = mask.count_ones() as u8;
        if prefix == 0 {
            continue;
        }
        let c = Cidr { addr: Ipv4Addr::from(dest & mask), prefix };
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Cidr {
        s.parse().unwrap()
    }

    #[test]
    fn parses_cidrs() {
        assert_eq!(c("10.89.3.0/24"), Cidr { addr: Ipv4Addr::new(10, 89, 3, 0), prefix: 24 });
        assert_eq!(c("0.0.0.0/0").last(), u32::MAX);
        assert!(matches!("10.89.3.1/24".parse::<Cidr>(), Err(IpamError::HostBits { .. })));
        for bad in ["10.89.3.0", "10.300.0.0/24", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/+8", "x/8", ""] {
            assert!(matches!(bad.parse::<Cidr>(), Err(IpamError::BadCidr(_))), "{bad}");
        }
        assert!(matches!("fd00::/64".parse::<Cidr>(), Err(IpamError::Ipv6(_))));
        assert!(check_size(c("10.0.0.0/30")).is_ok());
        assert!(check_size(c("10.0.0.0/31")).is_err());
    }

    #[test]
    fn overlap_and_hosts() {
        assert!(c("10.89.0.0/16").overlaps(c("10.89.4.0/24")));
        assert!(c("10.89.4.0/24").overlaps(c("10.89.0.0/16")));
        assert!(!c("10.89.4.0/24").overlaps(c("10.89.5.0/24")));
        let s = c("10.89.4.0/24");
        assert!(!s.is_host(Ipv4Addr::new(10, 89, 4, 0)));
        assert!(!s.is_host(Ipv4Addr::new(10, 89, 4, 255)));
        assert!(s.is_host(Ipv4Addr::new(10, 89, 4, 1)));
        assert_eq!(s.first_host(), Ipv4Addr::new(10, 89, 4, 1));
        assert_eq!(s.broadcast(), Ipv4Addr::new(10, 89, 4, 255));
    }

    #[test]
    fn picks_from_the_pool() {
        assert_eq!(pick_subnet(&[]), Some(c("10.89.0.0/24")));
        assert_eq!(pick_subnet(&[c("10.89.0.0/24"), c("10.89.1.0/25")]), Some(c("10.89.2.0/24")));
        assert_eq!(pick_subnet(&[c("10.89.0.0/23")]), Some(c("10.89.2.0/24")));
        assert_eq!(pick_subnet(&[c("10.0.0.0/8")]), None);
    }

    #[test]
    fn allocates_addresses() {
        let s = c("10.89.0.0/29");
        let gw = s.first_host();
        let mut used = HashSet::new();
        let mut got = Vec::new();
        while let Some(ip) = next_free(s, None, gw, &used) {
            used.insert(ip);
            got.push(ip.to_string());
        }
        // .0 network, .1 gateway, .7 broadcast.
        assert_eq!(got, ["10.89.0.2", "10.89.0.3", "10.89.0.4", "10.89.0.5", "10.89.0.6"]);
        let r = c("10.89.0.4/30");
        assert_eq!(next_free(s, Some(r), gw, &HashSet::new()), Some(Ipv4Addr::new(10, 89, 0, 4)));
        // A range at the end of the subnet skips the broadcast address.
        let used: HashSet<_> =
            [Ipv4Addr::new(10, 89, 0, 4), Ipv4Addr::new(10, 89, 0, 5), Ipv4Addr::new(10, 89, 0, 6)].into();
        assert_eq!(next_free(s, Some(r), gw, &used), None);
    }

    #[test]
    fn sees_the_hosts_loopback() {
        assert!(host_networks().contains(&c("127.0.0.0/8")), "{:?}", host_networks());
    }

    #[test]
    fn reads_the_route_table() {
        let t = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
                 eth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n\
                 eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n\
                 docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n";
        assert_eq!(parse_route_table(t), vec![c("192.168.0.0/24"), c("172.17.0.0/16")]);
    }
}
