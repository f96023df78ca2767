//! The API's JSON request bodies. Any bytes, read as the service reads a body (a JSON
//! object), go through every body conversion (container create and update, exec create,
//! volume create, network create and connect) and the checks the engine runs on what they
//! produce before it touches the host or the store: no panic. A container create body that
//! converts also goes back into the body a remote client sends (`create_body`), and the
//! service takes that body as the same container: image, command, mounts, ports, limits,
//! restart policy.
#![no_main]

use ctr::api::bodies;
use ctr::engine::local::containers::CreateOptions;
use ctr::engine::local::networks::plan_network;
use ctr::engine::local::volumes::volume_options;
use ctr::engine::mounts::{check_unique, parse_mount, parse_tmpfs, parse_volume};
use ctr::network::{check_mac, check_network_list, parse_add_host, parse_publish_spec};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// What the local engine checks of a container's options before it looks at the store.
fn engine_checks(o: &CreateOptions) {
    let mut mounts = Vec::new();
    mounts.extend(o.volumes.iter().filter_map(|v| parse_volume(v).ok()));
    mounts.extend(o.mounts.iter().filter_map(|m| parse_mount(m).ok()));
    mounts.extend(o.tmpfs.iter().filter_map(|t| parse_tmpfs(t).ok()));
    let _ = check_unique(&mounts);
    for p in &o.publish {
        let _ = parse_publish_spec(p);
    }
    for h in &o.add_hosts {
        let _ = parse_add_host(h);
    }
    let _ = check_network_list(&o.network);
    for e in &o.endpoints {
        if let Some(mac) = &e.mac {
            let _ = check_mac(mac);
        }
    }
    let _ = ctr::runtime::caps::resolve(&o.cap_add, &o.cap_drop);
    let _ = o.health.to_api();
}

/// The parts of a create the remote round trip must keep.
fn essentials(o: &CreateOptions) -> impl PartialEq + std::fmt::Debug {
    let mounts: Vec<_> = o.mounts.iter().map(|m| parse_mount(m).ok()).collect();
    // Port by port (a range goes as its ports, as the docker CLI sends it), in order.
    let mut ports: Vec<_> = o
        .publish
        .iter()
        .flat_map(|p| match parse_publish_spec(p) {
            Ok(s) => (s.container.0..=s.container.1)
                .map(|c| {
                    let host = s.host.map(|(h, _)| h as u32 + (c - s.container.0) as u32);
                    Some((s.host_ip.clone(), host, c, s.protocol))
                })
                .collect::<Vec<_>>(),
            Err(_) => vec![None],
        })
        .collect();
    ports.sort();
    (
        (o.image.clone(), o.command.clone(), o.entrypoint.clone(), o.volumes.clone(), mounts),
        (ports, o.limits.clone(), o.restart.clone(), o.tty, o.interactive, o.read_only),
    )
}

fuzz_target!(|data: &[u8]| {
    let Ok(body @ Value::Object(_)) = serde_json::from_slice::<Value>(data) else { return };
    if let Ok(o) = bodies::create_options(Some("c".into()), &body) {
        engine_checks(&o);
        if let Ok(sent) = ctr::engine::remote_engine::create_body(&o) {
            let again = bodies::create_options(Some("c".into()), &sent)
                .unwrap_or_else(|e| panic!("the service refuses what a remote client sends: {e}\n{sent}"));
            assert_eq!(essentials(&o), essentials(&again), "sent: {sent}");
        }
    }
    let _ = bodies::resource_args(&body).limits();
    let _ = bodies::exec_options(&body);
    let _ = volume_options(&bodies::volume_create_options(&body).opts);
    if let Ok(n) = bodies::network_create_options(&body) {
        let _ = plan_network(&n);
    }
    let (_, request) = bodies::connect_request("net", &body);
    if let Some(mac) = &request.mac {
        let _ = check_mac(mac);
    }
});
