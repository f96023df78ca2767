//! The nftables ruleset of the holder's network namespace (table `ip ctr`), written whole
//! in one `nft -j -f -` transaction (atomic: the old table goes and the new one comes
//! together), built with the `nftables` crate's typed JSON schema (netavark's way), from
//! what the namespace has: its bridges and the published ports recorded in
//! `RUNROOT/netns/ports/`. `nft` runs inside the holder's namespace as root of the user
//! namespace that owns it: no privilege beyond that.
//!
//! - forward (policy drop): replies; a bridge to itself (br_netfilter hands bridged
//!   frames to these hooks); a non-internal bridge out of tap0 (slirp4netns);
//!   published ports in from tap0 to their container. Nothing between bridges, so
//!   containers on different networks never reach each other.
//! - postrouting: a non-internal bridge's subnet is masqueraded out of tap0 (slirp4netns
//!   carries only what comes from its own 10.0.2.100).
//! - prerouting: a published port (slirp4netns forwards host port P to 10.0.2.100:P) is
//!   DNATed to the container's address and port.
//! - input: from a bridge, only its own gateway (the DNS server) is reachable, not the
//!   holder's other addresses (other networks' gateways, tap0).

use std::net::Ipv4Addr;

use std::borrow::Cow;

use nftables::expr::{Expression, Meta, MetaKey, NamedExpression, Payload, PayloadField, Prefix};
use nftables::schema::{Chain, NfListObject, Rule, Table};
use nftables::stmt::{Match, NAT, NATFamily, Operator, Statement};
use nftables::types::{NfChainPolicy, NfChainType, NfFamily, NfHook};
use serde::{Deserialize, Serialize};

pub const TABLE: &str = "ctr";
/// slirp4netns's device in the holder's namespace.
pub const TAP: &str = "tap0";

/// A bridge of the holder's namespace, as the rules need it.
#[derive(Debug, Clone)]
pub struct BridgeNet {
    pub name: String,
    pub gateway: Ipv4Addr,
    pub prefix: u8,
    pub internal: bool,
}

/// One published port of a container on a user network: host port `host_port` (which
/// slirp4netns forwards to the same port of the holder) to `ip:port` on `bridge`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forward {
    pub protocol: String,
    pub host_ip: String,
    pub host_port: u16,
    pub bridge: String,
    pub ip: Ipv4Addr,
    pub port: u16,
    /// slirp4netns's id of the host forward (to remove it).
    pub slirp_id: u64,
}

fn s(v: impl Into<String>) -> Expression<'static> {
    Expression::String(Cow::Owned(v.into()))
}

fn is(left: Expression<'static>, right: Expression<'static>) -> Statement<'static> {
    Statement::Match(Match { left, right, op: Operator::EQ })
}

fn meta(key: MetaKey) -> Expression<'static> {
    Expression::Named(NamedExpression::Meta(Meta { key }))
}

fn field(protocol: &str, f: &str) -> Expression<'static> {
    Expression::Named(NamedExpression::Payload(Payload::PayloadField(PayloadField {
        protocol: Cow::Owned(protocol.into()),
        field: Cow::Owned(f.into()),
    })))
}

fn iif(name: &str) -> Statement<'static> {
    is(meta(MetaKey::Iifname), s(name))
}

fn oif(name: &str) -> Statement<'static> {
    is(meta(MetaKey::Oifname), s(name))
}

fn proto(p: &str) -> &'static str {
    if p == "udp" { "udp" } else { "tcp" }
}

/// The whole ruleset for `bridges` and `forwards`.
fn ruleset(bridges: &[BridgeNet], forwards: &[Forward]) -> nftables::schema::Nftables<'static> {
    let mut batch = nftables::batch::Batch::new();
    let table = Table { family: NfFamily::IP, name: TABLE.into(), handle: None };
    // Adding then deleting removes the old table whether or not there was one.
    batch.add(NfListObject::Table(table.clone()));
    batch.delete(NfListObject::Table(table.clone()));
    batch.add(NfListObject::Table(table));
    let chains = [
        ("forward", NfHook::Forward, 0, NfChainType::Filter, NfChainPolicy::Drop),
        ("postrouting", NfHook::Postrouting, 100, NfChainType::NAT, NfChainPolicy::Accept),
        ("prerouting", NfHook::Prerouting, -100, NfChainType::NAT, NfChainPolicy::Accept),
        ("input", NfHook::Input, 0, NfChainType::Filter, NfChainPolicy::Accept),
    ];
    for (name, hook, prio, t, policy) in chains {
        batch.add(NfListObject::Chain(Chain {
            family: NfFamily::IP,
            table: TABLE.into(),
            name: name.into(),
            _type: Some(t),
            hook: Some(hook),
            prio: Some(prio),
            policy: Some(policy),
            ..Default::default()
        }));
    }
    let mut rule = |chain: &'static str, expr: Vec<Statement<'static>>| {
        batch.add(NfListObject::Rule(Rule {
            family: NfFamily::IP,
            table: TABLE.into(),
            chain: chain.into(),
            expr: Cow::Owned(expr),
            handle: None,
            index: None,
            comment: None,
        }));
    };
    let ct_state =
        Expression::Named(NamedExpression::CT(nftables::expr::CT { key: "state".into(), family: None, dir: None }));
    rule(
        "forward",
        vec![
            Statement::Match(Match {
                left: ct_state,
                right: Expression::List(vec![s("established"), s("related")]),
                op: Operator::IN,
            }),
            Statement::Accept(None),
        ],
    );
    for b in bridges {
        rule("input", vec![iif(&b.name), is(field("ip", "daddr"), s(b.gateway.to_string())), Statement::Accept(None)]);
        rule("input", vec![iif(&b.name), Statement::Drop(None)]);
        // Within a bridge (seen here when br_netfilter passes bridged frames to IP hooks).
        rule("forward", vec![iif(&b.name), oif(&b.name), Statement::Accept(None)]);
        if b.internal {
            continue;
        }
        rule("forward", vec![iif(&b.name), oif(TAP), Statement::Accept(None)]);
        let subnet = Expression::Named(NamedExpression::Prefix(Prefix {
            addr: Box::new(s(
                Ipv4Addr::from(super::ipam::Cidr { addr: b.gateway, prefix: b.prefix }.first()).to_string()
            )),
            len: b.prefix as u32,
        }));
        rule("postrouting", vec![is(field("ip", "saddr"), subnet), oif(TAP), Statement::Masquerade(None)]);
    }
    for f in forwards {
        if !bridges.iter().any(|b| b.name == f.bridge && !b.internal) {
            continue;
        }
        let p = proto(&f.protocol);
        rule(
            "prerouting",
            vec![
                iif(TAP),
                is(field(p, "dport"), Expression::Number(f.host_port as u32)),
                Statement::DNAT(Some(NAT {
                    addr: Some(s(f.ip.to_string())),
                    family: Some(NATFamily::IP),
                    port: Some(Expression::Number(f.port as u32)),
                    flags: None,
                })),
            ],
        );
        rule(
            "forward",
            vec![
                iif(TAP),
                oif(&f.bridge),
                is(field("ip", "daddr"), s(f.ip.to_string())),
                is(field(p, "dport"), Expression::Number(f.port as u32)),
                Statement::Accept(None),
            ],
        );
    }
    batch.to_nftables()
}

/// The `nft` program: not always on an unprivileged user's PATH (/usr/sbin).
fn nft() -> Result<std::path::PathBuf, String> {
    super::which("nft")
        .or_else(|| ["/usr/sbin/nft", "/sbin/nft"].iter().map(std::path::PathBuf::from).find(|p| p.exists()))
        .ok_or_else(|| {
            "user networks need nftables' nft program, which is not installed (apt-get install nftables)".into()
        })
}

/// Replaces the table with the rules for `bridges` and `forwards`, in the network
/// namespace of the calling process.
pub fn apply(bridges: &[BridgeNet], forwards: &[Forward]) -> Result<(), String> {
    let nft = nft()?;
    let rules = ruleset(bridges, forwards);
    nftables::helper::apply_ruleset_with_args(&rules, Some(&nft), nftables::helper::DEFAULT_ARGS)
        .map_err(|e| format!("cannot load the network namespace's firewall rules with {}: {e}", nft.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_keep_bridges_apart_and_forward_ports() {
        let bridges = [
            BridgeNet { name: "ctr-aaaa".into(), gateway: "10.89.0.1".parse().unwrap(), prefix: 24, internal: false },
            BridgeNet { name: "cti-bbbb".into(), gateway: "10.89.1.1".parse().unwrap(), prefix: 24, internal: true },
        ];
        let fwd = Forward {
            protocol: "tcp".into(),
            host_ip: "0.0.0.0".into(),
            host_port: 8080,
            bridge: "ctr-aaaa".into(),
            ip: "10.89.0.2".parse().unwrap(),
            port: 80,
            slirp_id: 1,
        };
        let j = serde_json::to_string(&ruleset(&bridges, &[fwd])).unwrap();
        assert!(j.contains(r#""policy":"drop""#), "{j}");
        assert!(j.contains(r#"{"masquerade":null}"#) || j.contains(r#""masquerade""#), "{j}");
        assert!(
            j.contains(r#""addr":"10.89.0.0""#) && !j.contains(r#""addr":"10.89.1.0""#),
            "internal is not masqueraded: {j}"
        );
        assert!(j.contains(r#""dnat""#) && j.contains(r#""addr":"10.89.0.2""#) && j.contains(r#""port":80"#), "{j}");
        // No rule lets one bridge forward to another.
        assert!(!j.contains(r#""right":"cti-bbbb"},"op":"=="}},{"match":{"left":{"meta":{"key":"oifname"}}"#), "{j}");
    }
}
