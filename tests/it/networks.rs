//! User networks as objects: `ctr network` verbs, IPAM errors, concurrent creates, and
//! the `/networks` API through the real docker CLI; containers on networks (the data plane).

use std::process::Command;

use serde_json::Value;

use crate::api::{docker, service};
use crate::common::*;

fn inspect(env: &Env, name: &str) -> Value {
    let v: Value = serde_json::from_str(&env.ok(&["network", "inspect", name])).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    v[0].clone()
}

fn names(env: &Env) -> Vec<String> {
    env.ok(&["network", "ls", "--format", "{{.Name}}"]).lines().map(String::from).collect()
}

#[test]
fn network_verbs() {
    let env = Env::new("n-verbs");
    // Subnets come from 10.89.0.0/16, a /24 each, gateway the first host address.
    assert_eq!(env.ok(&["network", "create", "front"]), "front\n");
    assert_eq!(env.ok(&["network", "create", "back"]), "back\n");
    let f = inspect(&env, "front");
    assert_eq!(f["IPAM"]["Config"][0]["Subnet"], "10.89.0.0/24", "{f}");
    assert_eq!(f["IPAM"]["Config"][0]["Gateway"], "10.89.0.1");
    assert_eq!(inspect(&env, "back")["IPAM"]["Config"][0]["Subnet"], "10.89.1.0/24");
    env.ok(&[
        "network",
        "create",
        "-d",
        "bridge",
        "--subnet",
        "10.77.0.0/16",
        "--gateway",
        "10.77.0.254",
        "--ip-range",
        "10.77.8.0/24",
        "--internal",
        "--label",
        "app=web",
        "--label",
        "tier",
        "--opt",
        "mtu=1400",
        "custom",
    ]);
    let c = inspect(&env, "custom");
    let id = c["Id"].as_str().unwrap().to_string();
    assert!(id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    assert_eq!(c["Name"], "custom");
    assert_eq!(c["Driver"], "bridge");
    assert_eq!(c["Scope"], "local");
    assert_eq!(c["EnableIPv6"], false);
    assert_eq!(c["Internal"], true);
    assert_eq!(c["IPAM"]["Driver"], "default");
    assert_eq!(
        c["IPAM"]["Config"],
        serde_json::json!([{"Subnet": "10.77.0.0/16", "Gateway": "10.77.0.254", "IPRange": "10.77.8.0/24"}])
    );
    assert_eq!(c["Labels"], serde_json::json!({"app": "web", "tier": ""}));
    assert_eq!(c["Options"], serde_json::json!({"mtu": "1400"}));
    assert_eq!(c["Containers"], serde_json::json!({}));
    assert!(c["Created"].as_str().unwrap().ends_with('Z'), "{c}");
    for k in ["Attachable", "Ingress", "ConfigFrom", "ConfigOnly"] {
        assert!(c.get(k).is_some(), "{k} missing: {c}");
    }
    // By id and by a unique id prefix too.
    assert_eq!(inspect(&env, &id)["Name"], "custom");
    assert_eq!(inspect(&env, &id[..10])["Name"], "custom");
    assert_eq!(env.ok(&["network", "inspect", "--format", "{{.Driver}} {{.Internal}}", "custom"]), "bridge true\n");

    // ls: podman's table, sorted by name, ids cut to 12 unless --no-trunc; -q names.
    let table = env.ok(&["network", "ls"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(lines[0].starts_with("NETWORK ID") && lines[0].contains("NAME") && lines[0].contains("DRIVER"), "{table}");
    assert!(lines[1].contains(" back ") && lines[2].contains(" custom ") && lines[3].contains(" front "), "{table}");
    assert!(lines[2].starts_with(&id[..12]) && lines[2].ends_with("bridge"), "{table}");
    assert_eq!(env.ok(&["network", "ls", "-q"]), "back\ncustom\nfront\n");
    let full = env.ok(&["network", "ls", "--no-trunc"]);
    assert!(full.lines().any(|l| l.starts_with(&format!("{id}  custom"))), "{full}");
    let ls = |f: &[&str]| -> Vec<String> {
        let mut a = vec!["network", "ls", "--format", "{{.Name}}"];
        a.extend_from_slice(f);
        env.ok(&a).lines().map(String::from).collect()
    };
    assert_eq!(ls(&["--filter", "name=ack"]), ["back"]);
    assert_eq!(ls(&["--filter", "name=back", "--filter", "name=front"]), ["back", "front"]);
    assert_eq!(ls(&["--filter", &format!("id={}", &id[..8])]), ["custom"]);
    assert_eq!(ls(&["--filter", "label=app=web"]), ["custom"]);
    assert_eq!(ls(&["--filter", "label=tier"]), ["custom"]);
    assert!(ls(&["--filter", "label=app=db"]).is_empty());
    assert_eq!(ls(&["--filter", "driver=bridge"]).len(), 3);
    assert!(ls(&["--filter", "driver=macvlan"]).is_empty());
    assert_eq!(ls(&["--filter", "name=o", "--filter", "label=app"]), ["custom"]);
    let o = env.fail(&["network", "ls", "--filter", "color=red"]);
    assert!(o.stderr.contains("invalid network filter") && o.stderr.contains("name="), "{}", o.stderr);
    assert_eq!(
        env.ok(&["network", "ls", "--format", "{{.ID}} {{.Name}}", "--filter", "name=custom"]),
        format!("{} custom\n", &id[..12])
    );
    let j: Value = serde_json::from_str(&env.ok(&["network", "ls", "--format", "json"])).unwrap();
    assert_eq!(j.as_array().unwrap().len(), 3);
    assert_eq!(j[1]["Id"], id.as_str());

    // exists: 0 or 1, nothing printed.
    let o = env.run(&["network", "exists", "front"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, ""));
    assert_eq!(env.run(&["network", "exists", &id]).code, 0);
    assert_eq!(env.run(&["network", "exists", "nope"]).code, 1);

    // --ignore: an existing name is no error.
    assert_eq!(env.ok(&["network", "create", "--ignore", "front"]), "front\n");
    assert_eq!(inspect(&env, "front")["Id"], f["Id"]);

    // rm: by name or id; an unknown one is an error naming it.
    assert_eq!(env.ok(&["network", "rm", "back", &id[..12]]), format!("back\n{}\n", &id[..12]));
    assert_eq!(names(&env), ["front"]);
    let o = env.fail(&["network", "rm", "back"]);
    assert!(o.stderr.contains("network back not found") && o.stderr.contains("ctr network ls"), "{}", o.stderr);
    // The freed subnet is handed out again.
    env.ok(&["network", "create", "again"]);
    assert_eq!(inspect(&env, "again")["IPAM"]["Config"][0]["Subnet"], "10.89.1.0/24");

    // prune: every network no container is on (here all), by name; a label filter first.
    env.ok(&["network", "create", "--label", "keep=1", "kept"]);
    assert_eq!(env.ok(&["network", "prune", "-f", "--filter", "label=keep"]), "kept\n");
    let pruned = env.ok(&["network", "prune", "-f"]);
    let mut p: Vec<&str> = pruned.lines().collect();
    p.sort();
    assert_eq!(p, ["again", "front"]);
    assert!(names(&env).is_empty());
    assert_eq!(env.ok(&["network", "prune", "-f"]), "");
    // `system prune` takes unused networks too.
    env.ok(&["network", "create", "leftover"]);
    let out = env.ok(&["system", "prune", "-f"]);
    assert!(out.contains("Deleted Networks\nleftover\n"), "{out}");
    assert!(names(&env).is_empty());
}

#[test]
fn network_bad_inputs_leave_nothing() {
    let env = Env::new("n-bad");
    env.ok(&["network", "create", "--subnet", "10.66.0.0/24", "taken"]);
    let before = env.ok(&["network", "ls", "--no-trunc"]);
    let cases: &[(&[&str], &str)] = &[
        (&["taken"], "network \"taken\" already exists"),
        (&["--subnet", "10.66.0.0/16", "wide"], "overlaps network \"taken\"'s subnet 10.66.0.0/24"),
        (&["--subnet", "10.66.0.128/25", "inner"], "overlaps network \"taken\""),
        (&["--subnet", "10.300.0.0/24", "x"], "invalid CIDR \"10.300.0.0/24\""),
        (&["--subnet", "10.1.0.0", "x"], "invalid CIDR \"10.1.0.0\""),
        (&["--subnet", "10.1.0.0/33", "x"], "invalid CIDR"),
        (&["--subnet", "10.1.0.5/24", "x"], "host bits are set; the network is 10.1.0.0/24"),
        (&["--subnet", "fd00::/64", "x"], "IPv4 only"),
        (&["--subnet", "10.1.0.0/31", "x"], "too small"),
        (
            &["--subnet", "10.1.0.0/24", "--gateway", "10.2.0.1", "x"],
            "--gateway 10.2.0.1 is outside --subnet 10.1.0.0/24",
        ),
        (&["--subnet", "10.1.0.0/24", "--gateway", "10.1.0.255", "x"], "broadcast"),
        (&["--subnet", "10.1.0.0/24", "--gateway", "10.1.0.0", "x"], "network or broadcast"),
        (&["--subnet", "10.1.0.0/24", "--gateway", "nonsense", "x"], "invalid IPv4 address \"nonsense\""),
        (
            &["--subnet", "10.1.0.0/24", "--ip-range", "10.2.0.0/25", "x"],
            "--ip-range 10.2.0.0/25 is not inside --subnet 10.1.0.0/24",
        ),
        (&["--subnet", "10.1.0.0/24", "--ip-range", "10.1.0.0/16", "x"], "is not inside"),
        (&["--subnet", "10.1.0.0/24", "--ip-range", "10.1.0.1/32", "x"], "leaves no address"),
        (&["--gateway", "10.1.0.1", "x"], "--gateway 10.1.0.1 needs --subnet"),
        (&["--ip-range", "10.1.0.0/25", "x"], "--ip-range 10.1.0.0/25 needs --subnet"),
        (&["-d", "macvlan", "x"], "network driver \"macvlan\" not found"),
        (&["--opt", "color=red", "x"], "unknown network option \"color\""),
        (&["--opt", "mtu=huge", "x"], "invalid network option mtu=\"huge\""),
        (&["--label", "=v", "x"], "invalid --label"),
        (&["bad/name"], "invalid network name"),
        (&["--subnet", "127.0.0.0/24", "x"], "overlaps 127.0.0.0/8, which is no network for containers"),
        (&["--subnet", "224.1.0.0/16", "x"], "multicast"),
        (&["host"], "reserved"),
        (&["none"], "reserved"),
    ];
    for (args, want) in cases {
        let mut a = vec!["network", "create"];
        a.extend_from_slice(args);
        let o = env.fail(&a);
        assert!(o.stderr.contains(want), "ctr {a:?}: want {want:?} in: {}", o.stderr);
        assert_eq!(env.ok(&["network", "ls", "--no-trunc"]), before, "ctr {a:?} left something");
    }
    // A subnet the host routes is refused: its addresses would hide the host's.
    let route = std::fs::read_to_string("/proc/net/route").unwrap();
    let connected = route.lines().skip(1).find_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        let (d, m) =
            (u32::from_str_radix(f[1], 16).ok()?.swap_bytes(), u32::from_str_radix(f[7], 16).ok()?.swap_bytes());
        (m != 0).then(|| format!("{}/{}", std::net::Ipv4Addr::from(d & m), m.count_ones()))
    });
    if let Some(c) = connected {
        let o = env.fail(&["network", "create", "--subnet", &c, "onhost"]);
        assert!(o.stderr.contains("overlaps the host's network"), "{c}: {}", o.stderr);
    }
    assert_eq!(env.ok(&["network", "ls", "--no-trunc"]), before);
    for verb in [&["inspect"][..], &["rm"], &["rm", "-f"]] {
        let mut a = vec!["network"];
        a.extend_from_slice(verb);
        a.push("missing");
        let o = env.fail(&a);
        assert!(o.stderr.contains("network missing not found"), "{a:?}: {}", o.stderr);
    }
}

#[test]
fn concurrent_creates_get_different_subnets() {
    let env = Env::new("n-race");
    // The store must exist first only so that every create races on the same database.
    env.ok(&["network", "ls"]);
    let children: Vec<_> = (0..6)
        .map(|i| {
            env.cmd(&["network", "create", &format!("n{i}")])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let o: Out = c.wait_with_output().unwrap().into();
        assert_eq!(o.code, 0, "{}", o.stderr);
    }
    let mut subnets: Vec<String> = (0..6)
        .map(|i| inspect(&env, &format!("n{i}"))["IPAM"]["Config"][0]["Subnet"].as_str().unwrap().to_string())
        .collect();
    subnets.sort();
    let mut want: Vec<String> = (0..6).map(|i| format!("10.89.{i}.0/24")).collect();
    want.sort();
    assert_eq!(subnets, want);
    // The same name at once: exactly one wins.
    let children: Vec<_> = (0..4)
        .map(|_| {
            env.cmd(&["network", "create", "same"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let codes: Vec<i32> = children.into_iter().map(|c| c.wait_with_output().unwrap().status.code().unwrap()).collect();
    assert_eq!(codes.iter().filter(|c| **c == 0).count(), 1, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 125).count(), 3, "{codes:?}");
    // With --ignore (Quadlet units of one network starting at once) every create succeeds,
    // the ones that lost the race between the look and the create too, and there is one
    // network. A few rounds: the window is short.
    for round in 0..5 {
        let name = format!("shared{round}");
        let children: Vec<_> = (0..6)
            .map(|_| {
                env.cmd(&["network", "create", "--ignore", &name])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o: Out = c.wait_with_output().unwrap().into();
            assert_eq!((o.code, o.stdout.trim()), (0, name.as_str()), "{}", o.stderr);
        }
        assert_eq!(names(&env).iter().filter(|n| **n == name).count(), 1);
    }
}

#[test]
fn bad_network_names_leave_nothing() {
    let env = Env::new("n-run");
    let img = busybox_image(&env);
    env.ok(&["network", "create", "apps"]);
    for verb in ["run", "create"] {
        let o = env.fail(&[verb, "--network", "nosuch", img, "true"]);
        assert!(
            o.stderr.contains("unknown network mode \"nosuch\", and no network of that name")
                && o.stderr.contains("slirp4netns"),
            "{}",
            o.stderr
        );
        for (args, want) in [
            (&["--network", "apps:ip=10.1.2.3"][..], "is outside network apps's subnet"),
            (&["--network", "apps:bogus=1"][..], "unknown option \"bogus\""),
            (&["--network", "apps:alias="][..], "needs a value"),
            (&["--network", "apps", "--network", "none"][..], "is the container's only network"),
            (&["--network", "apps", "--network", "apps"][..], "on network apps twice"),
            (&["--network", "none", "--ip", "10.89.0.9"][..], "need a user network"),
            (&["--network", "apps", "--mac-address", "zz:00"][..], "invalid MAC address"),
            (&["--network", "apps", "--mac-address", "03:00:00:00:00:01"][..], "multicast"),
            (&["--network", "apps", "--network-alias", "bad alias"][..], "invalid network alias"),
            (&["--network", "apps:ip=10.1.2.3", "--ip", "10.1.2.4"][..], "give the address once"),
        ] {
            let mut a = vec![verb];
            a.extend_from_slice(args);
            a.extend_from_slice(&[img, "true"]);
            let o = env.fail(&a);
            assert!(o.stderr.contains(want), "{args:?}: {}", o.stderr);
        }
    }
    assert_eq!(env.ok(&["ps", "-a", "-q"]), "", "nothing half-made");
    // A name clash is found after the address was taken: it is given back.
    env.ok(&["create", "--name", "taken", img, "true"]);
    let o = env.fail(&["create", "--name", "taken", "--network", "apps", img, "true"]);
    assert!(o.stderr.contains("already in use"), "{}", o.stderr);
    env.ok(&["rm", "taken"]);
    assert_eq!(inspect(&env, "apps")["Containers"], serde_json::json!({}), "no address kept");
    // The modes stay as they were.
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", img, "echo", "ok"]), "ok\n");
}

/// A runroot of the test's own (so its network holder and pause process are its own, and
/// killing them touches no other test), short because attach sockets live there (sun_path
/// is 108 bytes). Dropped: the holder and the pause process end, the dir goes.
pub(crate) struct Runroot(pub std::path::PathBuf);

impl Runroot {
    pub fn new(name: &str) -> Runroot {
        let p = std::path::PathBuf::from(format!("/tmp/ctr-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        Runroot(p)
    }

    pub fn arg(&self) -> &str {
        self.0.to_str().unwrap()
    }

    /// `args` after `--runroot` this runroot.
    pub fn with<'a>(&'a self, args: &[&'a str]) -> Vec<&'a str> {
        ["--runroot", self.arg()].into_iter().chain(args.iter().copied()).collect()
    }

    /// The holder of the network namespace: its pid, when one is recorded and alive.
    pub fn holder_pid(&self) -> Option<i32> {
        self.live("netns-holder.pid", "__netns-holder")
    }

    fn live(&self, file: &str, marker: &str) -> Option<i32> {
        let pid: i32 = std::fs::read_to_string(self.0.join(file)).ok()?.trim().parse().ok()?;
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
        String::from_utf8_lossy(&cmdline).contains(marker).then_some(pid)
    }
}

impl Drop for Runroot {
    fn drop(&mut self) {
        for (file, marker) in [("netns-holder.pid", "__netns-holder"), ("pause.pid", "__pause")] {
            if let Some(pid) = self.live(file, marker) {
                // No assertion here: a panic while unwinding would abort the test binary.
                let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).output();
            }
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The links in the holder's namespace (`ip -o link`), seen from inside it: rootless through
/// `ctr unshare` (root of the user namespace that owns it).
fn holder_links(env: &Env, rr: &Runroot, pid: i32) -> String {
    let script = format!("nsenter -t {pid} -n ip -o link");
    if is_root() {
        let o: Out = Command::new("sh").args(["-c", &script]).output().unwrap().into();
        assert_eq!(o.code, 0, "{}", o.stderr);
        o.stdout
    } else {
        env.ok(&["--runroot", rr.arg(), "unshare", "sh", "-c", &script])
    }
}

/// `sh -c` for a client: an HTTP GET of IP:8080 through nc, at most `secs` seconds.
fn fetch(ip: &str, secs: u32) -> String {
    format!("printf 'GET / HTTP/1.0\\r\\n\\r\\n' | timeout {} nc -w {secs} {ip} 8080", secs + 3)
}

#[test]
fn containers_on_a_network_reach_each_other_and_no_one_else() {
    let env = Env::new("n-plane");
    let img = busybox_image(&env);
    let rr = Runroot::new("netplane");
    let ok = |args: &[&str]| env.ok(&rr.with(args));
    let run = |args: &[&str]| env.run(&rr.with(args));
    ok(&["network", "create", "--subnet", "10.211.1.0/24", "front"]);
    ok(&["network", "create", "--subnet", "10.211.2.0/24", "back"]);
    ok(&["network", "create", "--subnet", "10.211.3.0/24", "--internal", "sealed"]);
    let serve = "mkdir -p /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www";
    // create + start, as well as run.
    ok(&["create", "--name", "web", "--network", "front", img, "sh", "-c", serve]);
    ok(&["start", "web"]);
    let c = env.inspect_container("web");
    let ip = c["NetworkSettings"]["IPAddress"].as_str().unwrap().to_string();
    assert_eq!(ip, "10.211.1.2", "{}", c["NetworkSettings"]);
    assert_eq!(c["HostConfig"]["NetworkMode"], "front");
    let n = &c["NetworkSettings"]["Networks"]["front"];
    assert_eq!(n["NetworkID"], inspect(&env, "front")["Id"], "{n}");
    assert_eq!((n["IPPrefixLen"].as_u64(), n["Gateway"].as_str()), (Some(24), Some("10.211.1.1")), "{n}");
    let mac = n["MacAddress"].as_str().unwrap().to_string();
    assert_eq!(mac.len(), 17, "{n}");
    assert_eq!(inspect(&env, "front")["Containers"][c["Id"].as_str().unwrap()]["IPv4Address"], "10.211.1.2/24");

    // A fetch from a new container on `front` (httpd may need a moment to listen).
    let fetch_retry = |ip: &str| {
        let mut got = String::new();
        for _ in 0..20 {
            let o = run(&["run", "--rm", "--network", "front", img, "sh", "-c", &fetch(ip, 5)]);
            got = o.stdout + &o.stderr;
            if got.contains("hello-from-web") {
                return got;
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        panic!("no answer from {ip}: {got}");
    };
    // A second container on the network fetches from it by IP.
    fetch_retry(&ip);
    // Its own setup: eth0 with the next address, the default route via the gateway.
    // The MAC on web's eth0 is the one recorded.
    let link = ok(&["exec", "web", "ip", "link", "show", "eth0"]);
    assert!(link.contains(&format!("link/ether {mac} ")), "{mac}: {link}");
    let route = ok(&["run", "--rm", "--network", "front", img, "sh", "-c", "ip -4 addr show eth0; ip route"]);
    assert!(route.contains("inet 10.211.1.3/24") && route.contains("default via 10.211.1.1 dev eth0"), "{route}");

    // A container on another network cannot reach it (nc times out).
    let o = run(&["run", "--rm", "--network", "back", img, "sh", "-c", &fetch(&ip, 3)]);
    assert!(!o.stdout.contains("hello-from-web"), "another network reached it: {}", o.stdout);
    assert!(o.code != 0 && o.stderr.contains("timed out"), "{}: {} {}", o.code, o.stdout, o.stderr);

    // --internal: an address, no default route.
    let r = ok(&["run", "--rm", "--network", "sealed", img, "ip", "route"]);
    assert!(r.contains("10.211.3.0/24 dev eth0") && !r.contains("default"), "{r}");

    // The holder dies: the next run on the network makes a new one with the bridge again.
    let old = rr.holder_pid().expect("a live holder while containers are on networks");
    kill(old);
    ok(&["run", "-d", "--name", "web2", "--network", "front", img, "sh", "-c", serve]);
    let new = rr.holder_pid().expect("a new holder");
    assert_ne!(new, old);
    let ip2 = env.inspect_container("web2")["NetworkSettings"]["IPAddress"].as_str().unwrap().to_string();
    fetch_retry(&ip2);
    // web's veth went with the old holder; restarted, it has its link back, same address.
    ok(&["stop", "-t", "1", "web"]);
    ok(&["start", "web"]);
    assert_eq!(env.inspect_container("web")["NetworkSettings"]["IPAddress"], ip.as_str());
    fetch_retry(&ip);
    ok(&["rm", "-f", "web"]);
    assert_eq!(inspect(&env, "front")["Containers"].as_object().unwrap().len(), 1, "web's address is released");

    // The bridges exist inside the holder's namespace until the networks go.
    let bridge = |name: &str| format!("ctr-{}", &inspect(&env, name)["Id"].as_str().unwrap()[..8]);
    let (front, back) = (bridge("front"), bridge("back"));
    let links = holder_links(&env, &rr, new);
    assert!(links.contains(&format!(" {front}:")), "{links}");
    ok(&["rm", "-f", "web2"]);
    ok(&["network", "rm", "back"]);
    let links = holder_links(&env, &rr, new);
    assert!(links.contains(&format!(" {front}:")) && !links.contains(&format!(" {back}:")), "{links}");
    ok(&["network", "prune"]);
    assert!(names(&env).is_empty(), "{:?}", names(&env));
    // With the last bridge gone, the holder ends: nothing is left.
    assert_eq!(rr.holder_pid(), None, "the holder's pid file outlived the last network");
    let gone = (0..50).any(|_| {
        let alive = std::fs::read(format!("/proc/{new}/cmdline"))
            .is_ok_and(|c| String::from_utf8_lossy(&c).contains("__netns-holder"));
        if alive {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        !alive
    });
    assert!(gone, "the holder {new} outlived the last network");
}

#[test]
fn concurrent_starts_on_a_new_network_share_one_bridge() {
    let env = Env::new("n-par");
    let img = busybox_image(&env);
    env.ok(&["network", "create", "--subnet", "10.212.0.0/24", "par"]);
    // Four containers at once on a network whose bridge does not exist yet: the helpers
    // take turns (netns.lock), one makes the bridge, each gets its own address.
    let children: Vec<_> = (0..4)
        .map(|_| {
            env.cmd(&[
                "run",
                "--rm",
                "--network",
                "par",
                img,
                "sh",
                "-c",
                "ip -4 -o addr show eth0; ping -c1 -W2 10.212.0.1",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    let mut ips = Vec::new();
    for c in children {
        let o: Out = c.wait_with_output().unwrap().into();
        assert_eq!(o.code, 0, "{} {}", o.stdout, o.stderr);
        let ip = o.stdout.split_whitespace().skip_while(|w| *w != "inet").nth(1).unwrap_or_default().to_string();
        assert!(ip.starts_with("10.212.0.") && o.stdout.contains("1 packets received"), "{}", o.stdout);
        ips.push(ip);
    }
    ips.sort();
    ips.dedup();
    assert_eq!(ips.len(), 4, "{ips:?}");
    assert_eq!(inspect(&env, "par")["Containers"], serde_json::json!({}), "--rm released every address");
    env.ok(&["network", "rm", "par"]);
}

fn kill(pid: i32) {
    let o = Command::new("kill").args(["-KILL", &pid.to_string()]).output().unwrap();
    assert!(o.status.success(), "kill {pid}");
    for _ in 0..50 {
        if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn docker_cli_network_verbs_through_the_service() {
    let env = Env::new("n-docker");
    let svc = service(&env, "api.sock");
    let d = |args: &[&str]| {
        let o = docker(&svc.sock, args);
        assert_eq!(o.code, 0, "docker {args:?}: {}", o.stderr);
        o.stdout
    };
    let id =
        d(&["network", "create", "--subnet", "10.55.0.0/24", "--ip-range", "10.55.0.64/26", "--label", "a=b", "web"]);
    let id = id.trim().to_string();
    assert_eq!(id.len(), 64, "{id}");
    d(&["network", "create", "db"]);
    // What docker created, ctr sees.
    let w = inspect(&env, "web");
    assert_eq!(w["Id"], id.as_str());
    assert_eq!(w["IPAM"]["Config"][0]["IPRange"], "10.55.0.64/26");
    assert_eq!(w["Labels"]["a"], "b");
    let ls = d(&["network", "ls"]);
    assert!(ls.starts_with("NETWORK ID") && ls.contains("SCOPE"), "{ls}");
    assert!(ls.lines().any(|l| l.starts_with(&id[..12]) && l.contains(" web ") && l.contains("bridge")), "{ls}");
    assert!(ls.contains(" db "), "{ls}");
    assert_eq!(d(&["network", "ls", "-q", "--filter", "label=a=b"]).trim(), &id[..12]);
    assert_eq!(d(&["network", "ls", "--format", "{{.Name}}", "--filter", "name=db"]), "db\n");
    let v: Value = serde_json::from_str(&d(&["network", "inspect", "web"])).unwrap();
    assert_eq!(v[0]["Name"], "web");
    assert_eq!(v[0]["IPAM"]["Config"][0]["Subnet"], "10.55.0.0/24");
    assert_eq!(v[0]["IPAM"]["Config"][0]["Gateway"], "10.55.0.1");
    assert_eq!(d(&["network", "inspect", "--format", "{{.Driver}} {{.Scope}}", "db"]), "bridge local\n");
    // Errors come back with docker's statuses, and the CLI shows ctr's message.
    let o = docker(&svc.sock, &["network", "create", "web"]);
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("already exists"), "{}", o.stderr);
    let o = docker(&svc.sock, &["network", "create", "--subnet", "10.55.0.0/16", "wide"]);
    assert!(o.code != 0 && o.stderr.contains("overlaps network \"web\""), "{}", o.stderr);
    let o = docker(&svc.sock, &["network", "inspect", "nope"]);
    assert!(o.code != 0 && o.stderr.contains("network nope not found"), "{}", o.stderr);
    let o = docker(&svc.sock, &["network", "rm", "nope"]);
    assert!(o.code != 0 && o.stderr.contains("not found"), "{}", o.stderr);
    assert_eq!(d(&["network", "rm", "db"]), "db\n");
    assert_eq!(names(&env), ["web"]);
    let p = d(&["network", "prune", "-f"]);
    assert!(p.contains("Deleted Networks:") && p.contains("web"), "{p}");
    assert!(names(&env).is_empty());
    assert_eq!(d(&["network", "ls", "-q"]), "");
}

#[test]
fn api_statuses_for_networks() {
    let env = Env::new("n-api");
    let svc = service(&env, "api.sock");
    let curl = |method: &str, path: &str, body: Option<&str>| crate::api::send(&svc.sock, method, path, body);
    let (s, b) = curl("POST", "/networks/create", Some(r#"{"Name":"n1","CheckDuplicate":true,"Labels":{"k":"v"}}"#));
    assert_eq!(s, 201, "{b}");
    let v: Value = serde_json::from_str(&b).unwrap();
    assert_eq!(v["Warning"], "");
    let id = v["Id"].as_str().unwrap().to_string();
    let (s, b) = curl("POST", "/networks/create", Some(r#"{"Name":"n1"}"#));
    assert_eq!(s, 409, "{b}");
    let (s, b) =
        curl("POST", "/networks/create", Some(r#"{"Name":"n2","IPAM":{"Config":[{"Subnet":"10.89.0.0/16"}]}}"#));
    assert_eq!(s, 409, "{b}");
    let (s, b) =
        curl("POST", "/networks/create", Some(r#"{"Name":"n2","IPAM":{"Config":[{"Subnet":"10.300.0.0/16"}]}}"#));
    assert_eq!(s, 400, "{b}");
    assert!(b.contains("invalid CIDR"), "{b}");
    let (s, _) = curl("POST", "/networks/create", Some(r#"{"Name":"n2","Driver":"overlay"}"#));
    assert_eq!(s, 404);
    let (s, b) = curl("GET", &format!("/networks/{}", &id[..12]), None);
    assert_eq!(s, 200);
    assert_eq!(serde_json::from_str::<Value>(&b).unwrap()["Name"], "n1");
    let (s, b) = curl("GET", "/networks/nope", None);
    assert_eq!(
        (s, b.as_str()),
        (
            404,
            r#"{"message":"network nope not found; see `ctr network ls`, or create it with `ctr network create nope`"}"#
        )
    );
    let (s, b) = curl("GET", "/networks?filters=%7B%22label%22%3A%5B%22k%3Dv%22%5D%7D", None);
    assert_eq!(s, 200);
    assert_eq!(serde_json::from_str::<Value>(&b).unwrap().as_array().unwrap().len(), 1, "{b}");
    let (s, b) = curl("GET", "/networks?filters=%7B%22label%22%3A%7B%22k%3Dw%22%3Atrue%7D%7D", None);
    assert_eq!((s, b.as_str()), (200, "[]"));
    let (s, _) = curl("DELETE", "/networks/nope", None);
    assert_eq!(s, 404);
    let (s, b) = curl("DELETE", "/networks/n1", None);
    assert_eq!((s, b.as_str()), (204, ""));
    let (s, b) = curl("POST", "/networks/prune", None);
    assert_eq!((s, b.as_str()), (200, r#"{"NetworksDeleted":null}"#));
}

#[test]
fn remote_network_verbs() {
    let env = Env::new("n-remote");
    let svc = service(&env, "api.sock");
    let host = format!("unix://{}", svc.sock.display());
    let r = |args: &[&str]| -> Out {
        let mut a = vec!["-H", host.as_str(), "network"];
        a.extend_from_slice(args);
        env.run(&a)
    };
    let ok = |args: &[&str]| -> String {
        let o = r(args);
        assert_eq!(o.code, 0, "ctr -H network {args:?}: {}", o.stderr);
        o.stdout
    };
    assert_eq!(
        ok(&[
            "create",
            "--subnet",
            "10.44.0.0/24",
            "--gateway",
            "10.44.0.9",
            "--ip-range",
            "10.44.0.128/25",
            "--label",
            "k=v",
            "--internal",
            "far"
        ]),
        "far\n"
    );
    ok(&["create", "near"]);
    // What went through the API is what a local create would have made.
    let f = inspect(&env, "far");
    assert_eq!(
        f["IPAM"]["Config"],
        serde_json::json!([{"Subnet": "10.44.0.0/24", "Gateway": "10.44.0.9", "IPRange": "10.44.0.128/25"}])
    );
    assert_eq!((f["Internal"].clone(), f["Labels"]["k"].clone()), (Value::Bool(true), Value::from("v")));
    let table = ok(&["ls"]);
    assert!(table.starts_with("NETWORK ID") && table.contains(" far ") && table.contains(" near "), "{table}");
    assert_eq!(ok(&["ls", "-q", "--filter", "label=k=v"]), "far\n");
    assert_eq!(ok(&["ls", "-q", "--filter", "name=far", "--filter", "name=near"]), "far\nnear\n");
    assert_eq!(ok(&["inspect", "--format", "{{.Name}}", "near"]), "near\n");
    let o = r(&["create", "near"]);
    assert!(o.code == 125 && o.stderr.contains("already exists"), "{}", o.stderr);
    assert_eq!(r(&["exists", "far"]).code, 0);
    assert_eq!(r(&["exists", "gone"]).code, 1);
    let o = r(&["rm", "gone"]);
    assert!(o.code == 125 && o.stderr.contains("network gone not found"), "{}", o.stderr);
    assert_eq!(ok(&["rm", "near"]), "near\n");
    assert_eq!(ok(&["prune", "-f"]), "far\n");
    assert!(names(&env).is_empty());
}

#[test]
#[allow(clippy::print_stderr)] // a skip must be loud
fn a_host_address_without_a_route_is_seen() {
    if !is_root() {
        eprintln!("skipped: needs root to give an address to a network namespace of its own");
        return;
    }
    let env = Env::new("n-hostaddr");
    // An address with no route of its own (noprefixroute), in a private network namespace:
    // only the interface's address can tell ctr the network is taken.
    let script = format!(
        "ip link set lo up && ip addr add 10.99.5.1/24 dev lo noprefixroute && \
         ! grep -q 0005630A /proc/net/route && exec {} --root {} network create --subnet 10.99.5.128/25 x",
        ctr_bin().display(),
        env.root.display()
    );
    let o: Out = Command::new("unshare").args(["-n", "sh", "-c", &script]).output().unwrap().into();
    assert_eq!(o.code, 125, "{} {}", o.stdout, o.stderr);
    assert!(o.stderr.contains("overlaps the host's network 10.99.5.0/24"), "{}", o.stderr);
    assert!(names(&env).is_empty());
}

/// This host's first non-loopback IPv4 address (what a container's way out reaches).
fn host_address() -> String {
    let o: Out = Command::new("hostname").arg("-I").output().unwrap().into();
    o.stdout.split_whitespace().find(|a| a.contains('.') && !a.starts_with("127.")).expect("a host address").to_string()
}

/// slirp4netns processes whose command line names `holder`'s pid.
fn slirps_of(holder: i32) -> usize {
    let me = holder.to_string();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .filter(|c| {
            let args: Vec<&[u8]> = c.split(|b| *b == 0).collect();
            args.first().is_some_and(|a| a.ends_with(b"slirp4netns")) && args.contains(&me.as_bytes())
        })
        .count()
}

#[test]
fn names_aliases_the_way_out_ports_and_connect() {
    let env = Env::new("n-dns");
    let img = busybox_image(&env);
    let rr = Runroot::new("netdns");
    let ok = |args: &[&str]| env.ok(&rr.with(args));
    let run = |args: &[&str]| env.run(&rr.with(args));
    ok(&["network", "create", "--subnet", "10.213.1.0/24", "front"]);
    ok(&["network", "create", "--subnet", "10.213.2.0/24", "other"]);
    ok(&["network", "create", "--subnet", "10.213.3.0/24", "--internal", "sealed"]);
    let port = crate::network::free_port();
    let serve = "mkdir -p /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www";
    let id = ok(&[
        "run",
        "-d",
        "--name",
        "web",
        "--network",
        "front:alias=www",
        "--network-alias",
        "site",
        "--ip",
        "10.213.1.50",
        "-p",
        &format!("127.0.0.1:{port}:8080"),
        img,
        "sh",
        "-c",
        serve,
    ]);
    let short = id.trim()[..12].to_string();
    // ctr's own endpoint document (API 1.44's: DNSNames, no short id among the aliases).
    let c = env.inspect_container_local("web");
    let n = &c["NetworkSettings"]["Networks"]["front"];
    assert_eq!(n["IPAddress"], "10.213.1.50", "{n}");
    assert_eq!(n["Aliases"], serde_json::json!(["www", "site"]), "{n}");
    assert_eq!(n["EndpointID"].as_str().map(str::len), Some(64), "{n}");
    let dns = n["DNSNames"].as_array().unwrap();
    assert!(dns.iter().any(|d| d == "web") && dns.iter().any(|d| d == short.as_str()), "{n}");

    // By name, by alias, by short id: the DNS server on the gateway answers.
    let get = |host: &str| format!("timeout 10 wget -qO- http://{host}:8080/ || echo FAILED");
    let script = ["web", "www", "site", &short].iter().map(|h| get(h)).collect::<Vec<_>>().join("; ");
    let mut got = String::new();
    for _ in 0..20 {
        got = run(&["run", "--rm", "--network", "front", img, "sh", "-c", &script]).stdout;
        if got.matches("hello-from-web").count() == 4 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert_eq!(got.matches("hello-from-web").count(), 4, "{got}");
    // The MTU: slirp4netns's by default, the network's `mtu` option when given.
    assert_eq!(ok(&["exec", "web", "cat", "/sys/class/net/eth0/mtu"]), "65520\n");
    ok(&["network", "create", "--subnet", "10.213.4.0/24", "--opt", "mtu=1400", "small"]);
    assert_eq!(ok(&["run", "--rm", "--network", "small", img, "cat", "/sys/class/net/eth0/mtu"]), "1400\n");
    ok(&["network", "rm", "small"]);
    let conf = ok(&["run", "--rm", "--network", "front", img, "cat", "/etc/resolv.conf"]);
    assert!(conf.contains("nameserver 10.213.1.1"), "{conf}");
    // The name means nothing on another network: its DNS server knows only its own.
    let o = run(&["run", "--rm", "--network", "other", img, "nslookup", "web", "10.213.2.1"]);
    assert!(!o.stdout.contains("10.213.1.50"), "{}", o.stdout);
    // Nor is front's DNS server reachable from there.
    let o = run(&["run", "--rm", "--network", "other", img, "nslookup", "web", "10.213.1.1"]);
    assert!(!o.stdout.contains("10.213.1.50"), "{}", o.stdout);

    // The published port, fetched from the host.
    let page = crate::network::http_get(port).expect("the published port answers");
    assert!(page.contains("hello-from-web"), "{page}");

    // The way out: a server on the host's own address, reached through slirp4netns.
    let www = env.path("hostwww");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::write(www.join("index.html"), "hello-from-host\n").unwrap();
    let hport = crate::network::free_port();
    let host = host_address();
    let mut server = Command::new("/bin/busybox")
        .args(["httpd", "-f", "-p", &format!("{host}:{hport}"), "-h", www.to_str().unwrap()])
        .spawn()
        .unwrap();
    let out = format!("timeout 10 wget -qO- http://{host}:{hport}/ || echo FAILED");
    let mut got = String::new();
    for _ in 0..10 {
        got = run(&["run", "--rm", "--network", "front", img, "sh", "-c", &out]).stdout;
        if got.contains("hello-from-host") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(got.contains("hello-from-host"), "no way out: {got}");
    // --internal has none.
    let sealed = format!("timeout 5 wget -qO- http://{host}:{hport}/ || echo FAILED");
    let got = run(&["run", "--rm", "--network", "sealed", img, "sh", "-c", &sealed]).stdout;
    assert!(got.contains("FAILED") && !got.contains("hello-from-host"), "{got}");
    let _ = server.kill();
    let _ = server.wait();

    // connect / disconnect of a running container: a second interface, its name known there.
    ok(&["run", "-d", "--name", "cli", "--network", "other", img, "sleep", "107"]);
    let o = run(&["exec", "cli", "sh", "-c", &get("web")]);
    assert!(!o.stdout.contains("hello-from-web"), "{}", o.stdout);
    ok(&["network", "connect", "--alias", "client", "front", "cli"]);
    let links = ok(&["exec", "cli", "ip", "-o", "-4", "addr"]);
    assert!(links.contains("eth0") && links.contains("eth1") && links.contains("10.213.1."), "{links}");
    let o = run(&["exec", "cli", "sh", "-c", &get("web")]);
    assert!(o.stdout.contains("hello-from-web"), "{} {}", o.stdout, o.stderr);
    let o = run(&["exec", "web", "nslookup", "client", "10.213.1.1"]);
    assert!(o.stdout.contains("10.213.1."), "{}", o.stdout);
    let o = env.fail(&rr.with(&["network", "connect", "front", "cli"]));
    assert!(o.stderr.contains("already on network front"), "{}", o.stderr);
    let o = env.fail(&rr.with(&["network", "rm", "front"]));
    assert!(o.stderr.contains("is used by container(s)"), "{}", o.stderr);
    ok(&["network", "disconnect", "front", "cli"]);
    let links = ok(&["exec", "cli", "ip", "-o", "-4", "addr"]);
    assert!(!links.contains("eth1") && !links.contains("10.213.1."), "{links}");
    let o = run(&["exec", "cli", "sh", "-c", &get("web")]);
    assert!(!o.stdout.contains("hello-from-web"), "{}", o.stdout);
    let o = env.fail(&rr.with(&["network", "disconnect", "front", "cli"]));
    assert!(o.stderr.contains("is not on network front"), "{}", o.stderr);

    // The holder is killed: the next run rebuilds it, and names resolve again.
    let holder = rr.holder_pid().expect("a holder");
    assert_eq!(slirps_of(holder), 1, "one slirp4netns for the holder's way out");
    kill(holder);
    for _ in 0..50 {
        if slirps_of(holder) == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(slirps_of(holder), 0, "slirp4netns outlived its holder");
    ok(&["run", "-d", "--name", "web2", "--network", "front:alias=again", img, "sh", "-c", serve]);
    let mut got = String::new();
    for _ in 0..20 {
        got = run(&["run", "--rm", "--network", "front", img, "sh", "-c", &get("again")]).stdout;
        if got.contains("hello-from-web") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(got.contains("hello-from-web"), "{got}");
    let holder = rr.holder_pid().expect("a new holder");
    // Containers come and go: a container's lookups answer at once all the same (the
    // bridge's MAC, its gateway's, does not change with its ports).
    ok(&["run", "-d", "--name", "asker", "--network", "front", img, "sleep", "107"]);
    ok(&["rm", "-f", "web2"]);
    ok(&["run", "-d", "--name", "web2", "--network", "front", img, "sleep", "107"]);
    let o = run(&["exec", "asker", "nslookup", "-timeout=2", "web2"]);
    assert!(o.stdout.contains("Address: 10.213.1."), "{} {}", o.stdout, o.stderr);

    // Nothing is left once the containers and networks go.
    ok(&["rm", "-f", "web", "web2", "cli", "asker"]);
    ok(&["network", "prune"]);
    assert!(names(&env).is_empty());
    assert_eq!(rr.holder_pid(), None);
    for _ in 0..50 {
        if slirps_of(holder) == 0 && !std::path::Path::new(&format!("/proc/{holder}")).exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(slirps_of(holder), 0, "slirp4netns left after prune");
    assert!(!rr.0.join("netns").exists(), "the holder's state dir is left");
}

/// The keys of docker's EndpointSettings as dockerd 20.10 (API 1.41) shows them.
const ENDPOINT_KEYS: &[&str] = &[
    "IPAMConfig",
    "Links",
    "Aliases",
    "NetworkID",
    "EndpointID",
    "Gateway",
    "IPAddress",
    "IPPrefixLen",
    "IPv6Gateway",
    "GlobalIPv6Address",
    "GlobalIPv6PrefixLen",
    "MacAddress",
    "DriverOpts",
];

/// An object's keys, sorted.
fn endpoint_keys(ep: &Value) -> Vec<String> {
    let mut k: Vec<String> = ep.as_object().expect("an object").keys().cloned().collect();
    k.sort();
    k
}

/// The docker CLI's `run --network --network-alias --ip`, `network connect|disconnect`,
/// `network inspect` and `inspect` through the service, with the shapes and statuses
/// dockerd 20.10 (API 1.41) answers.
#[test]
fn docker_cli_connect_run_and_inspect_through_the_service() {
    let env = Env::new("n-dockerconn");
    let img = busybox_image(&env);
    let rr = Runroot::new("dconn");
    let svc = crate::api::service_with(&env, "api.sock", &["--runroot", rr.arg()]);
    let d = |args: &[&str]| {
        let o = docker(&svc.sock, args);
        assert_eq!(o.code, 0, "docker {args:?}: {}", o.stderr);
        o.stdout
    };
    let front = d(&["network", "create", "--subnet", "10.214.1.0/24", "front"]).trim().to_string();
    d(&["network", "create", "--subnet", "10.214.2.0/24", "back"]);
    let serve = "mkdir -p /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www";
    let web = d(&[
        "run",
        "-d",
        "--name",
        "web",
        "--network",
        "front",
        "--network-alias",
        "www",
        "--ip",
        "10.214.1.50",
        "--label",
        "app=site",
        "--label",
        "tier=front",
        "-v",
        "webdata:/www",
        img,
        "sh",
        "-c",
        serve,
    ])
    .trim()
    .to_string();
    let cli = d(&["run", "-d", "--name", "cli", "--network", "front", "--label", "app=site", img, "sleep", "300"])
        .trim()
        .to_string();
    d(&["create", "--name", "idle", "--network", "front", img, "true"]);

    // inspect: dockerd's EndpointSettings, the requested address as IPAMConfig, the short
    // id among the aliases once started, no DNSNames (API 1.44).
    let inspect = |name: &str| -> Value { serde_json::from_str::<Value>(&d(&["inspect", name])).unwrap()[0].clone() };
    let w = inspect("web");
    let ep = &w["NetworkSettings"]["Networks"]["front"];
    let mut want: Vec<String> = ENDPOINT_KEYS.iter().map(|k| k.to_string()).collect();
    want.sort();
    assert_eq!(endpoint_keys(ep), want, "{ep}");
    assert_eq!(ep["IPAMConfig"], serde_json::json!({"IPv4Address": "10.214.1.50"}), "{ep}");
    assert_eq!(ep["Aliases"], serde_json::json!(["www", &web[..12]]), "{ep}");
    assert_eq!((ep["IPAddress"].as_str(), ep["IPPrefixLen"].as_u64()), (Some("10.214.1.50"), Some(24)), "{ep}");
    assert_eq!((ep["Gateway"].as_str(), ep["NetworkID"].as_str()), (Some("10.214.1.1"), Some(front.as_str())));
    assert_eq!(ep["EndpointID"].as_str().map(str::len), Some(64), "{ep}");
    for k in ["SandboxKey", "HairpinMode", "SecondaryIPAddresses", "EndpointID", "IPv6Gateway", "Ports"] {
        assert!(w["NetworkSettings"].get(k).is_some(), "NetworkSettings.{k} missing: {}", w["NetworkSettings"]);
    }
    let ep = &inspect("cli")["NetworkSettings"]["Networks"]["front"];
    assert_eq!((&ep["IPAMConfig"], &ep["Aliases"]), (&Value::Null, &serde_json::json!([&cli[..12]])), "{ep}");
    // Never started: no address, no endpoint, no short id yet (as dockerd).
    let ep = &inspect("idle")["NetworkSettings"]["Networks"]["front"];
    assert_eq!(endpoint_keys(ep), want, "{ep}");
    assert_eq!((ep["IPAddress"].as_str(), ep["EndpointID"].as_str()), (Some(""), Some("")), "{ep}");
    assert_eq!((&ep["Aliases"], ep["NetworkID"].as_str()), (&Value::Null, Some(front.as_str())), "{ep}");

    // network inspect lists the endpoints.
    let n: Value = serde_json::from_str(&d(&["network", "inspect", "front"])).unwrap();
    let c = &n[0]["Containers"][&web];
    assert_eq!((c["Name"].as_str(), c["IPv4Address"].as_str()), (Some("web"), Some("10.214.1.50/24")), "{n}");
    assert_eq!(d(&["network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{end}}", "back"]), "\n");

    // The alias resolves for the other container (the network's DNS server).
    let get = "timeout 10 wget -qO- http://www:8080/ || echo FAILED";
    let mut got = String::new();
    for _ in 0..20 {
        got = docker(&svc.sock, &["exec", "cli", "sh", "-c", get]).stdout;
        if got.contains("hello-from-web") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(got.contains("hello-from-web"), "{got}");

    // connect a running container to a second network, with an address and an alias.
    d(&["network", "connect", "--alias", "backcli", "--ip", "10.214.2.30", "back", "cli"]);
    let ep = &inspect("cli")["NetworkSettings"]["Networks"]["back"];
    assert_eq!(ep["IPAddress"], "10.214.2.30", "{ep}");
    assert_eq!(ep["Aliases"], serde_json::json!(["backcli", &cli[..12]]), "{ep}");
    let links = d(&["exec", "cli", "ip", "-o", "-4", "addr"]);
    assert!(links.contains("10.214.2.30"), "{links}");
    let on_back = d(&["network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{end}}", "back"]);
    assert_eq!(on_back.trim(), "cli");
    // The docker CLI shows ctr's errors.
    for (args, want) in [
        (&["network", "connect", "back", "cli"][..], "already on network back"),
        (&["network", "connect", "back", "nope"][..], "No such container: nope"),
        (&["network", "connect", "nonet", "cli"][..], "network nonet not found"),
        (&["network", "disconnect", "back", "web"][..], "is not on network back"),
        (&["network", "disconnect", "nonet", "web"][..], "network nonet not found"),
    ] {
        let o = docker(&svc.sock, args);
        assert!(o.code != 0 && o.stderr.contains(want), "docker {args:?}: {} {}", o.code, o.stderr);
    }
    d(&["network", "disconnect", "back", "cli"]);
    assert!(inspect("cli")["NetworkSettings"]["Networks"].get("back").is_none());
    let links = d(&["exec", "cli", "ip", "-o", "-4", "addr"]);
    assert!(!links.contains("10.214.2."), "{links}");

    // The same calls raw: dockerd's statuses where ctr's error kinds agree with them
    // (dockerd answers 403 for "already connected" and 500 for "not connected"; ctr keeps
    // one status per error kind: 409 Conflict, 404 Not Found).
    let s = &svc.sock;
    let ok = crate::api::send(
        s,
        "POST",
        "/networks/back/connect",
        Some(r#"{"Container":"cli","EndpointConfig":{"Aliases":["x"]}}"#),
    );
    assert_eq!(ok, (200, String::new()));
    let again = crate::api::send(s, "POST", "/networks/back/connect", Some(r#"{"Container":"cli"}"#));
    assert_eq!(again.0, 409, "{again:?}");
    assert_eq!(crate::api::send(s, "POST", "/networks/back/connect", Some(r#"{"Container":"nope"}"#)).0, 404);
    assert_eq!(crate::api::send(s, "POST", "/networks/nonet/connect", Some(r#"{"Container":"cli"}"#)).0, 404);
    assert_eq!(crate::api::send(s, "POST", "/networks/back/connect", Some("{}")).0, 400);
    assert_eq!(
        crate::api::send(s, "POST", "/networks/back/disconnect", Some(r#"{"Container":"cli"}"#)),
        (200, String::new())
    );
    assert_eq!(crate::api::send(s, "POST", "/networks/back/disconnect", Some(r#"{"Container":"cli"}"#)).0, 404);
    assert_eq!(crate::api::send(s, "POST", "/networks/back/disconnect", Some(r#"{"Container":"nope"}"#)).0, 404);
    // The network list shows no endpoints (dockerd's, API >= 1.28); inspect does.
    let (st, b) = crate::api::send(s, "GET", "/networks?filters=%7B%22name%22%3A%5B%22front%22%5D%7D", None);
    assert_eq!((st, serde_json::from_str::<Value>(&b).unwrap()[0]["Containers"].clone()), (200, serde_json::json!({})));
    // The container list: label filters all must match (compose asks for several at once),
    // with each endpoint as dockerd lists it.
    let (st, b) = crate::api::send(
        s,
        "GET",
        "/containers/json?filters=%7B%22label%22%3A%5B%22app%3Dsite%22%2C%22tier%22%5D%7D",
        None,
    );
    let l: Value = serde_json::from_str(&b).unwrap();
    assert_eq!((st, l.as_array().map(Vec::len)), (200, Some(1)), "{l}");
    assert_eq!(l[0]["Id"], web.as_str());
    let ep = &l[0]["NetworkSettings"]["Networks"]["front"];
    assert_eq!(endpoint_keys(ep), want, "{ep}");
    assert_eq!((ep["IPAddress"].as_str(), &ep["Aliases"]), (Some("10.214.1.50"), &Value::Null), "{ep}");
    let m = &l[0]["Mounts"][0];
    assert_eq!(
        (m["Type"].as_str(), m["Name"].as_str(), m["Destination"].as_str()),
        (Some("volume"), Some("webdata"), Some("/www")),
        "{m}"
    );
    let (_, b) =
        crate::api::send(s, "GET", "/containers/json?all=1&filters=%7B%22status%22%3A%5B%22created%22%5D%7D", None);
    let l: Value = serde_json::from_str(&b).unwrap();
    assert_eq!(
        l.as_array().map(|a| a.iter().map(|c| c["Names"][0].clone()).collect::<Vec<_>>()),
        Some(vec![Value::from("/idle")])
    );
    assert_eq!(
        crate::api::send(s, "GET", "/containers/json?filters=%7B%22ancestor%22%3A%5B%22x%22%5D%7D", None).0,
        400
    );

    // The volume as dockerd shows it (no podman-style Anonymous or UsageData).
    let (st, b) = crate::api::send(s, "GET", "/volumes/webdata", None);
    let v: Value = serde_json::from_str(&b).unwrap();
    assert_eq!(st, 200, "{b}");
    assert_eq!(endpoint_keys(&v), ["CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"], "{v}");
    assert_eq!(v["Options"], Value::Null, "{v}");
    d(&["rm", "-f", "web", "cli", "idle"]);
    d(&["volume", "rm", "webdata"]);
    d(&["network", "rm", "front", "back"]);
    assert!(names(&env).is_empty());
    assert_eq!(rr.holder_pid(), None, "the holder outlived the last network");
}
