//! The CLI's `-v`, `--mount`, `--tmpfs`, `-p`, `--add-host`, `--network`, `--mac-address`,
//! `--detach-keys`, `--restart`, `--stop-signal` values and sizes (the API's bodies become
//! the same words). No panic; what
//! parses is what the engine may rely on: mount targets absolute and without `..`, bind
//! sources absolute, volume names valid, subpaths inside the volume; port ranges non-empty,
//! of equal length, in 1-65535; addresses that parse.
#![no_main]

use std::path::{Component, Path};

use ctr::engine::local::containers::parse_signal;
use ctr::engine::mounts::{MountSpec, Source, parse_mount, parse_tmpfs, parse_volume, valid_volume_name};
use ctr::engine::policy::RestartPolicy;
use ctr::network::{check_mac, parse_add_host, parse_mode, parse_network_request, parse_publish_spec};
use libfuzzer_sys::fuzz_target;

fn check_mount(m: &MountSpec, input: &str) {
    assert!(m.target.starts_with('/'), "{input:?}: target {:?}", m.target);
    assert!(!m.target.split('/').any(|c| c == ".."), "{input:?}: target {:?}", m.target);
    match &m.source {
        Source::Bind { path } => assert!(path.starts_with('/'), "{input:?}: bind source {path:?}"),
        Source::Volume { name: Some(n) } => assert!(valid_volume_name(n), "{input:?}: volume {n:?}"),
        Source::Volume { name: None } | Source::Tmpfs { .. } => {}
    }
    if let Some(sub) = &m.subpath {
        let p = Path::new(sub);
        assert!(!sub.is_empty() && p.is_relative(), "{input:?}: subpath {sub:?}");
        assert!(!p.components().any(|c| c == Component::ParentDir), "{input:?}: subpath {sub:?}");
        assert!(matches!(m.source, Source::Volume { name: Some(_) }), "{input:?}: subpath without a named volume");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(m) = parse_volume(s) {
        check_mount(&m, s);
    }
    if let Ok(m) = parse_mount(s) {
        check_mount(&m, s);
    }
    if let Ok(m) = parse_tmpfs(s) {
        check_mount(&m, s);
        assert!(matches!(m.source, Source::Tmpfs { .. }));
    }
    if let Ok(p) = parse_publish_spec(s) {
        let (c0, c1) = p.container;
        assert!(0 < c0 && c0 <= c1, "{s:?}: {p:?}");
        if let Some((h0, h1)) = p.host {
            assert!(0 < h0 && h0 <= h1 && h1 - h0 == c1 - c0, "{s:?}: {p:?}");
        }
        assert!(p.host_ip.parse::<std::net::IpAddr>().is_ok(), "{s:?}: {p:?}");
        assert!(p.protocol == "tcp" || p.protocol == "udp", "{s:?}: {p:?}");
    }
    if let Ok((host, ip)) = parse_add_host(s) {
        assert!(!host.is_empty() && ip.parse::<std::net::IpAddr>().is_ok(), "{s:?}: {host:?} {ip:?}");
    }
    if let Ok(r) = parse_network_request(s) {
        assert!(!r.name.is_empty());
    }
    if let Ok(mac) = check_mac(s) {
        assert_eq!(mac.len(), 17, "{s:?}");
    }
    let _ = parse_mode(s);
    if let Ok(keys) = ctr::engine::detach::parse(s) {
        assert!(keys.len() <= s.len());
    }
    if let Ok(p) = RestartPolicy::parse(s) {
        assert_eq!(RestartPolicy::parse(&p.display()).map(|q| q.display()).ok(), Some(p.display()), "{s:?}");
    }
    if let Some(n) = parse_signal(s) {
        assert!((1..=64).contains(&n), "{s:?}: {n}");
    }
    if let Ok(n) = ctr::cgroups::parse_size(s) {
        assert!(n >= 0, "{s:?}: {n}");
    }
});
