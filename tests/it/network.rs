//! Rootless networking: pasta and slirp4netns, published ports fetched from the host,
//! the host's loopback reachable only when asked, none/container: modes, DNS and hosts,
//! and no helper process left behind. Only loopback addresses are ever contacted.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use crate::common::*;

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// GET / from 127.0.0.1:port, retrying while the server starts.
pub fn http_get(port: u16) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            if s.write_all(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n").is_ok() {
                let mut out = String::new();
                if s.read_to_string(&mut out).is_ok() && out.starts_with("HTTP/") {
                    return Some(out);
                }
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

/// Network helper processes serving the container whose init is `pid`.
fn helpers_of(pid: i64) -> Vec<String> {
    let p = pid.to_string();
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(c) = std::fs::read(e.path().join("cmdline")) else { continue };
        let args: Vec<String> = c.split(|b| *b == 0).map(|a| String::from_utf8_lossy(a).into_owned()).collect();
        let is_helper = args.first().is_some_and(|a| a.ends_with("pasta") || a.ends_with("slirp4netns"));
        if is_helper && args.contains(&p) {
            out.push(args.join(" "));
        }
    }
    out
}

fn wait_gone(pid: i64) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let h = helpers_of(pid);
        if h.is_empty() || Instant::now() > deadline {
            return h;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The helpers this user can use: pasta only rootless (this pasta refuses rootful).
fn modes() -> Vec<&'static str> {
    if is_root() { vec!["slirp4netns"] } else { vec!["pasta", "slirp4netns"] }
}

const HTTPD: &str = "mkdir -p /www && echo served-from-container > /www/index.html && exec httpd -f -p 80 -h /www";

#[test]
fn published_ports_reach_the_container() {
    let env = Env::new("n-publish");
    let img = busybox_image(&env);
    for mode in modes() {
        let port = free_port();
        let name = format!("web-{mode}");
        let publish = format!("127.0.0.1:{port}:80");
        env.ok(&["run", "-d", "--name", &name, "--network", mode, "-p", &publish, img, "sh", "-c", HTTPD]);
        let got = http_get(port).unwrap_or_else(|| panic!("{mode}: nothing answered on 127.0.0.1:{port}"));
        assert!(got.contains("served-from-container"), "{mode}: {got}");
        assert_eq!(env.ok(&["port", &name]), format!("80/tcp -> 127.0.0.1:{port}\n"));
        assert_eq!(env.ok(&["port", &name, "80"]), format!("127.0.0.1:{port}\n"));
        let c = env.inspect_container(&name);
        assert_eq!(c["NetworkSettings"]["Ports"]["80/tcp"][0]["HostPort"], port.to_string(), "{c}");
        assert_eq!(c["HostConfig"]["NetworkMode"], mode);
        if mode == "slirp4netns" {
            assert_eq!(c["NetworkSettings"]["IPAddress"], "10.0.2.100");
        }
        assert!(env.ok(&["ps"]).contains(&format!("127.0.0.1:{port}->80/tcp")));
        let pid = c["State"]["Pid"].as_i64().unwrap();
        assert_eq!(helpers_of(pid).len(), 1, "{mode}: one helper runs");
        env.ok(&["stop", "-t", "1", &name]);
        assert_eq!(wait_gone(pid), Vec::<String>::new(), "{mode}: helper left after stop");
        assert!(http_get_once(port).is_none(), "{mode}: the port is closed after stop");
        env.ok(&["rm", &name]);
    }
    // A killed monitor takes its helper with it.
    let id = env.ok(&["run", "-d", img, "sleep", "60"]).trim().to_string();
    let pid = env.inspect_container(&id)["State"]["Pid"].as_i64().unwrap();
    assert_eq!(helpers_of(pid).len(), 1);
    for m in pids_matching(&format!("__monitor {id}")) {
        let _ = nix_kill(m);
    }
    assert_eq!(wait_gone(pid), Vec::<String>::new(), "helper left after the monitor was killed");
    env.ok(&["rm", "-f", &id]);
    // -P publishes what the image exposes.
    let tarball = env.path("busybox-rootfs.tar");
    env.ok(&["import", "--change", "EXPOSE 80", tarball.to_str().unwrap(), "exposed"]);
    env.ok(&["run", "-d", "--name", "all", "-P", "exposed", "sh", "-c", HTTPD]);
    let line = env.ok(&["port", "all", "80"]);
    let port: u16 = line.trim().rsplit(':').next().unwrap().parse().unwrap();
    assert!(line.starts_with("0.0.0.0:"), "{line}");
    assert!(http_get(port).unwrap().contains("served-from-container"));
    env.ok(&["rm", "-f", "all"]);
}

fn http_get_once(port: u16) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    s.write_all(b"GET / HTTP/1.0\r\n\r\n").ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    (!out.is_empty()).then_some(out)
}

fn nix_kill(pid: i32) -> std::io::Result<()> {
    let r = std::process::Command::new("kill").arg("-9").arg(pid.to_string()).status()?;
    if r.success() { Ok(()) } else { Err(std::io::Error::other("kill failed")) }
}

#[test]
fn host_loopback_only_when_allowed() {
    let env = Env::new("n-loopback");
    let img = busybox_image(&env);
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = server.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut s in server.incoming().flatten() {
            let _ = s.write_all(b"from-host\n");
        }
    });
    let allowed: Vec<&str> = if is_root() {
        vec!["slirp4netns:allow_host_loopback=true"]
    } else {
        vec!["slirp4netns:allow_host_loopback=true", "pasta:--map-gw"]
    };
    for mode in allowed {
        // busybox-static can't resolve names through /etc/hosts (static glibc NSS): read
        // the address of host.containers.internal there and use it.
        let hosts = env.ok(&["run", "--rm", "--network", mode, img, "cat", "/etc/hosts"]);
        let line =
            hosts.lines().find(|l| l.contains("host.containers.internal")).unwrap_or_else(|| panic!("{mode}: {hosts}"));
        assert!(line.contains("host.docker.internal"), "{mode}: {line}");
        let ip = line.split_whitespace().next().unwrap();
        // The client never half-closes first (stdin stays open): this pasta (2023-03) can
        // lose the server's FIN after a client FIN. `timeout` bounds it either way.
        let client = format!("sleep 2 | timeout 10 nc {ip} {port}");
        let out = env.ok(&["run", "--rm", "--network", mode, img, "sh", "-c", &client]);
        assert_eq!(out, "from-host\n", "{mode}");
    }
    // By default the host's loopback is out of reach: slirp's 10.0.2.2 refuses, and the
    // name is not there at all.
    let client = format!("sleep 1 | timeout 5 nc 10.0.2.2 {port}");
    let o = env.run(&["run", "--rm", "--network", "slirp4netns", img, "sh", "-c", &client]);
    assert!(!o.stdout.contains("from-host"), "reached the host's loopback: {}", o.stdout);
    for mode in modes() {
        let hosts = env.ok(&["run", "--rm", "--network", mode, img, "cat", "/etc/hosts"]);
        assert!(!hosts.contains("host.containers.internal"), "{mode}: {hosts}");
    }
}

#[test]
fn none_container_and_ns_modes() {
    let env = Env::new("n-modes");
    let img = busybox_image(&env);
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", img, "ls", "/sys/class/net"]), "lo\n");
    // container:NAME shares the network namespace (a server in one, a client in the other).
    env.ok(&[
        "run",
        "-d",
        "--name",
        "first",
        "--network",
        "slirp4netns",
        img,
        "sh",
        "-c",
        &HTTPD.replace("-p 80", "-p 8080"),
    ]);
    let first_ifaces = env.ok(&["exec", "first", "ls", "/sys/class/net"]);
    let mut got = String::new();
    for _ in 0..50 {
        let o = env.run(&[
            "run",
            "--rm",
            "--network",
            "container:first",
            img,
            "wget",
            "-q",
            "-O",
            "-",
            "http://127.0.0.1:8080/",
        ]);
        if o.code == 0 {
            got = o.stdout;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(got, "served-from-container\n");
    assert_eq!(env.ok(&["run", "--rm", "--network", "container:first", img, "ls", "/sys/class/net"]), first_ifaces);
    let pid = env.inspect_container("first")["State"]["Pid"].as_i64().unwrap();
    // ns:PATH joins a namespace file.
    let ns = format!("/proc/{pid}/ns/net");
    assert_eq!(env.ok(&["run", "--rm", "--network", &format!("ns:{ns}"), img, "ls", "/sys/class/net"]), first_ifaces);
    env.ok(&["create", "--name", "second", "--network", "container:first", img, "true"]);
    env.ok(&["stop", "-t", "1", "first"]);
    let o = env.fail(&["start", "second"]);
    assert!(o.stderr.contains("not running"), "{}", o.stderr);
    env.ok(&["rm", "-f", "first", "second"]);
    let o = env.fail(&["run", "--rm", "--network", "container:nosuch", img, "true"]);
    assert!(o.stderr.contains("nosuch"), "{}", o.stderr);
    let o = env.fail(&["run", "--rm", "--network", "wifi", img, "true"]);
    assert!(o.stderr.contains("unknown network mode"), "{}", o.stderr);
    let o = env.fail(&["run", "--rm", "--network", "slirp4netns:mtu=12", img, "true"]);
    assert!(o.stderr.contains("mtu"), "{}", o.stderr);
}

#[test]
fn busy_port_is_refused_before_anything_is_created() {
    let env = Env::new("n-busy");
    let img = busybox_image(&env);
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let before = env.ok(&["ps", "-a", "-q"]);
    let o = env.fail(&["run", "-d", "--name", "busy", "-p", &format!("127.0.0.1:{port}:80"), img, "true"]);
    assert!(o.stderr.contains(&format!("127.0.0.1:{port}/tcp")) && o.stderr.contains("already in use"), "{}", o.stderr);
    assert_eq!(env.ok(&["ps", "-a", "-q"]), before, "no container was left");
    for bad in ["99999:80", "x:80", "80/sctp", "1-3:1-2"] {
        let o = env.fail(&["create", "-p", bad, img, "true"]);
        assert!(o.stderr.contains("--publish"), "{bad}: {}", o.stderr);
    }
    let o = env.fail(&["create", "--network", "none", "-p", "8080:80", img, "true"]);
    assert!(o.stderr.contains("pasta or slirp4netns"), "{}", o.stderr);
}

#[test]
fn dns_and_hosts() {
    let env = Env::new("n-dns");
    let img = busybox_image(&env);
    let resolv = env.ok(&["run", "--rm", "--network", "slirp4netns", img, "cat", "/etc/resolv.conf"]);
    assert!(resolv.contains("nameserver 10.0.2.3"), "{resolv}");
    let out = env.ok(&[
        "run",
        "--rm",
        "--network",
        "slirp4netns",
        "--dns",
        "10.1.2.3",
        "--dns-search",
        "example.test",
        "--dns-option",
        "ndots:2",
        "--add-host",
        "db:10.9.8.7",
        "-h",
        "box",
        img,
        "cat",
        "/etc/resolv.conf",
        "/etc/hosts",
    ]);
    assert!(out.contains("nameserver 10.1.2.3\n") && !out.contains("10.0.2.3"), "{out}");
    assert!(out.contains("search example.test\n") && out.contains("options ndots:2\n"), "{out}");
    assert!(out.contains("10.9.8.7\tdb\n") && out.contains("10.0.2.100\tbox"), "{out}");
    assert!(out.contains("127.0.0.1\tlocalhost"), "{out}");
    let o = env.fail(&["run", "--rm", "--dns", "not-an-ip", img, "true"]);
    assert!(o.stderr.contains("--dns"), "{}", o.stderr);
    let o = env.fail(&["run", "--rm", "--add-host", "nocolon", img, "true"]);
    assert!(o.stderr.contains("--add-host"), "{}", o.stderr);
}

/// Without pasta and slirp4netns the default network is a clear error; none still works.
#[test]
fn missing_helpers_are_named() {
    let env = Env::new("n-missing");
    let img = busybox_image(&env);
    let bin = env.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for tool in ["newuidmap", "newgidmap"] {
        std::os::unix::fs::symlink(format!("/usr/bin/{tool}"), bin.join(tool)).unwrap();
    }
    // The helpers this host lacks (a PATH without them) are the local engine's business.
    let o: Out = env.local_cmd(&["run", "--rm", img, "true"]).env("PATH", &bin).output().unwrap().into();
    assert_eq!(o.code, 125);
    assert!(
        o.stderr.contains("passt") && o.stderr.contains("slirp4netns") && o.stderr.contains("--network none"),
        "{}",
        o.stderr
    );
    let o: Out = env
        .local_cmd(&["run", "--rm", "--network", "none", img, "echo", "still fine"])
        .env("PATH", &bin)
        .output()
        .unwrap()
        .into();
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, "still fine\n");
}
