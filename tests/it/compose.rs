//! docker-compose 1.29 (Debian's package: Python, the Engine API through docker-py 5)
//! driving the API service: a three-service project on its `<project>_default` network
//! with a named volume and a published port, up to down.

use std::process::Command;

use crate::api::service_with;
use crate::common::*;
use crate::networks::Runroot;

const COMPOSE: &str = "/usr/bin/docker-compose";

/// `web` serves what `worker` writes into the named volume; `client` fetches it by the
/// service's name. Every service stops at once on SIGTERM (busybox sh and sleep as pid 1
/// ignore it: a short grace period instead of compose's 10 s).
fn project(port: u16, page: &str) -> String {
    format!(
        r#"version: "3"
services:
  worker:
    image: ctrtest/busybox:latest
    command: ["sh", "-c", "echo {page} > /www/index.html && exec sleep 3600"]
    volumes:
      - site:/www
    stop_grace_period: 1s
  web:
    image: ctrtest/busybox:latest
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    volumes:
      - site:/www
    ports:
      - "127.0.0.1:{port}:8080"
    depends_on:
      - worker
    stop_grace_period: 1s
  client:
    image: ctrtest/busybox:latest
    command: ["sh", "-c", "while true; do wget -qO- http://web:8080/ && sleep 1 || sleep 0.3; done"]
    depends_on:
      - web
    stop_grace_period: 1s
volumes:
  site:
"#
    )
}

/// A store, its own runroot and API service, and a project directory for docker-compose.
struct Fixture {
    env: Env,
    rr: Runroot,
    svc: crate::api::Service,
    dir: std::path::PathBuf,
    project: &'static str,
}

impl Fixture {
    /// None (after a loud message) when docker-compose is missing and skips are allowed.
    #[allow(clippy::print_stderr)] // a skip must be loud
    fn new(name: &str, project: &'static str) -> Option<Fixture> {
        if !std::path::Path::new(COMPOSE).exists() {
            if std::env::var("CTR_ALLOW_SKIP").as_deref() == Ok("1") {
                eprintln!("\n\n*** SKIPPED {name}: {COMPOSE} is missing (run tests/setup-host.sh as root) ***\n\n");
                return None;
            }
            panic!(
                "{COMPOSE} is missing: run tests/setup-host.sh as root (it installs docker-compose), or set CTR_ALLOW_SKIP=1 to skip"
            );
        }
        let env = Env::new(name);
        let img = busybox_image(&env);
        // compose 1.29 pulls an image it does not find by the name in the file.
        env.ok(&["tag", img, "ctrtest/busybox:latest"]);
        let rr = Runroot::new(&name[..3]);
        let svc = service_with(&env, "api.sock", &["--runroot", rr.arg()]);
        let dir = env.path("proj");
        std::fs::create_dir_all(&dir).unwrap();
        Some(Fixture { env, rr, svc, dir, project })
    }

    fn write(&self, yaml: &str) {
        std::fs::write(self.dir.join("docker-compose.yml"), yaml).unwrap();
    }

    /// `ctr --runroot RR ARGS`, which must succeed.
    fn ctr(&self, args: &[&str]) -> String {
        let mut a = vec!["--runroot", self.rr.arg()];
        a.extend_from_slice(args);
        self.env.ok(&a)
    }

    fn compose(&self, args: &[&str]) -> Out {
        Command::new("timeout")
            .args(["120", COMPOSE, "--ansi", "never", "-p", self.project])
            .args(args)
            .current_dir(&self.dir)
            .env("DOCKER_HOST", format!("unix://{}", self.svc.sock.display()))
            .env("HOME", self.env.path("home"))
            .env("COMPOSE_INTERACTIVE_NO_CLI", "1")
            .env_remove("DOCKER_CONFIG")
            .env_remove("DOCKER_CONTEXT")
            .output()
            .expect("run docker-compose")
            .into()
    }

    /// docker-compose ARGS, which must succeed; its stdout and stderr (progress goes there).
    fn ok(&self, args: &[&str]) -> String {
        let o = self.compose(args);
        assert_eq!(o.code, 0, "docker-compose {args:?} failed:\nstdout: {}\nstderr: {}", o.stdout, o.stderr);
        o.stdout + &o.stderr
    }

    /// docker-compose ARGS, which must succeed; its stdout only.
    fn stdout(&self, args: &[&str]) -> String {
        let o = self.compose(args);
        assert_eq!(o.code, 0, "docker-compose {args:?} failed:\nstdout: {}\nstderr: {}", o.stdout, o.stderr);
        o.stdout
    }

    /// `down -v` leaves no container, network, volume, nor the network namespace's holder.
    fn down_leaves_nothing(&self) -> String {
        let down = self.ok(&["down", "-v"]);
        assert_eq!(self.ctr(&["ps", "-a", "-q"]), "");
        assert_eq!(self.ctr(&["network", "ls", "-q"]), "");
        assert_eq!(self.ctr(&["volume", "ls", "-q"]), "");
        assert_eq!(self.rr.holder_pid(), None, "the network namespace's holder outlived the project");
        down
    }
}

#[test]
fn docker_compose_up_ps_logs_exec_restart_down() {
    let Some(fx) = Fixture::new("compose", "itproj") else { return };
    let ctr = |args: &[&str]| fx.ctr(args);
    let ok = |args: &[&str]| fx.ok(args);
    let exec = |args: &[&str]| fx.stdout(args);
    let port = crate::network::free_port();
    fx.write(&project(port, "hello-from-compose"));

    let up = ok(&["up", "-d"]);
    for what in ["network \"itproj_default\"", "volume \"itproj_site\"", "itproj_web_1", "itproj_client_1"] {
        assert!(up.contains(what), "{what} not in:\n{up}");
    }
    let all_up = |when: &str| {
        let ps = ok(&["ps"]);
        for s in ["itproj_worker_1", "itproj_web_1", "itproj_client_1"] {
            assert!(ps.lines().any(|l| l.starts_with(s) && l.contains(" Up ")), "{when}: {s} not Up:\n{ps}");
        }
        assert!(ps.contains(&format!("127.0.0.1:{port}->8080/tcp")), "{ps}");
        assert_eq!(ps.lines().filter(|l| l.starts_with("itproj_")).count(), 3, "{ps}");
    };
    all_up("after up");
    // What compose made, ctr sees.
    assert_eq!(ctr(&["network", "ls", "--format", "{{.Name}}"]), "itproj_default\n");
    assert_eq!(ctr(&["volume", "ls", "-q"]), "itproj_site\n");
    let n: serde_json::Value = serde_json::from_str(&ctr(&["network", "inspect", "itproj_default"])).unwrap();
    assert_eq!(n[0]["Labels"]["com.docker.compose.project"], "itproj", "{n}");
    assert_eq!(n[0]["Containers"].as_object().map(|c| c.len()), Some(3), "{n}");

    // The client reaches web by its service name (the network's DNS server).
    let wait_logs = |when: &str| {
        let mut logs = String::new();
        for _ in 0..50 {
            logs = ok(&["logs", "--no-color", "--tail", "5", "client"]);
            if logs.contains("hello-from-compose") {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        panic!("{when}: the client never fetched the page by service name:\n{logs}");
    };
    wait_logs("after up");
    assert_eq!(exec(&["exec", "-T", "web", "cat", "/www/index.html"]), "hello-from-compose\n");
    let page = crate::network::http_get(port).expect("the published port answers");
    assert!(page.contains("hello-from-compose"), "{page}");

    let before: Vec<String> = ctr(&["ps", "-q", "--no-trunc"]).lines().map(String::from).collect();
    let r = ok(&["restart"]);
    assert!(r.contains("Restarting itproj_web_1"), "{r}");
    all_up("after restart");
    let after: Vec<String> = ctr(&["ps", "-q", "--no-trunc"]).lines().map(String::from).collect();
    assert_eq!(before.len(), 3);
    assert_eq!(
        {
            let mut a = after.clone();
            a.sort();
            a
        },
        {
            let mut b = before.clone();
            b.sort();
            b
        },
        "restart keeps the containers"
    );
    let page = crate::network::http_get(port).expect("the published port answers after restart");
    assert!(page.contains("hello-from-compose"), "{page}");
    assert_eq!(exec(&["exec", "-T", "client", "wget", "-qO-", "http://web:8080/"]), "hello-from-compose\n");

    // A changed service is recreated (stop, rename, create, connect, start, remove; its
    // image's ContainerConfig is read on the way); the volume keeps serving.
    fx.write(&project(port, "hello-again"));
    let r = ok(&["up", "-d"]);
    assert!(r.contains("Recreating itproj_worker_1") && r.contains("itproj_web_1 is up-to-date"), "{r}");
    all_up("after recreating worker");
    let mut page = String::new();
    for _ in 0..50 {
        page = crate::network::http_get(port).unwrap_or_default();
        if page.contains("hello-again") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(page.contains("hello-again"), "{page}");
    assert_eq!(ctr(&["ps", "-a", "-q"]).lines().count(), 3, "the old worker is gone");

    let down = fx.down_leaves_nothing();
    assert!(down.contains("Removing network itproj_default") && down.contains("Removing volume itproj_site"), "{down}");
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "the published port is still open after down");
}

/// Two networks (one with a subnet and a fixed address, one internal with labels), aliases
/// per network, `init`, a healthcheck gating a dependant, an anonymous volume.
const NETWORKS_PROJECT: &str = r#"version: "2.4"
services:
  worker:
    image: ctrtest/busybox:latest
    command: ["sh", "-c", "echo from-worker > /www/index.html && exec sleep 3600"]
    init: true
    volumes:
      - site:/www
      - /data
    networks:
      back:
        aliases: [jobs]
  web:
    image: ctrtest/busybox:latest
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    init: true
    volumes:
      - site:/www:ro
    networks:
      front:
        ipv4_address: 10.215.1.50
        aliases: [site]
      back: {}
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8080/"]
      interval: 1s
      timeout: 2s
      retries: 10
    depends_on:
      worker:
        condition: service_started
  client:
    image: ctrtest/busybox:latest
    command: ["sh", "-c", "while true; do wget -qO- http://site:8080/; wget -qO- http://jobs:8080/ 2>&1 | head -1; sleep 1; done"]
    init: true
    networks: [front]
    depends_on:
      web:
        condition: service_healthy
networks:
  front:
    ipam:
      config:
        - subnet: 10.215.1.0/24
  back:
    internal: true
    labels:
      tier: back
volumes:
  site:
"#;

#[test]
fn docker_compose_networks_aliases_and_health() {
    let Some(fx) = Fixture::new("cnets", "itnets") else { return };
    fx.write(NETWORKS_PROJECT);
    fx.ok(&["up", "-d"]);
    let ps = fx.ok(&["ps"]);
    assert!(ps.lines().any(|l| l.starts_with("itnets_web_1") && l.contains("Up (healthy)")), "{ps}");
    for s in ["itnets_worker_1", "itnets_client_1"] {
        assert!(ps.lines().any(|l| l.starts_with(s) && l.contains(" Up ")), "{s} not Up:\n{ps}");
    }
    // The client reaches web by its alias on front; worker's alias is on back only.
    let mut logs = String::new();
    for _ in 0..50 {
        logs = fx.ok(&["logs", "--no-color", "--tail", "6", "client"]);
        if logs.contains("from-worker") && logs.contains("bad address 'jobs") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(logs.contains("from-worker") && logs.contains("bad address 'jobs"), "{logs}");
    let w = fx.env.inspect_container("itnets_web_1");
    let front = &w["NetworkSettings"]["Networks"]["itnets_front"];
    assert_eq!(front["IPAddress"], "10.215.1.50", "{front}");
    assert!(front["Aliases"].as_array().unwrap().iter().any(|a| a == "site"), "{front}");
    assert!(w["NetworkSettings"]["Networks"]["itnets_back"]["IPAddress"].as_str().is_some_and(|ip| !ip.is_empty()));
    // (Through ctr, not `docker-compose exec -T`: docker-py reads an exec's stream from the
    // raw socket under its buffered HTTP reader, so output that arrives with the upgrade's
    // headers on a loaded machine is lost in that buffer, with dockerd as with ctr.)
    let found = fx.ctr(&["exec", "itnets_web_1", "nslookup", "jobs"]);
    assert!(found.contains("Name:") && found.contains("jobs"), "{found}");
    let back: serde_json::Value = serde_json::from_str(&fx.ctr(&["network", "inspect", "itnets_back"])).unwrap();
    assert_eq!(
        (&back[0]["Internal"], &back[0]["Labels"]["tier"]),
        (&serde_json::json!(true), &serde_json::json!("back"))
    );
    // site, and worker's anonymous /data.
    assert_eq!(fx.ctr(&["volume", "ls", "-q"]).lines().count(), 2);
    fx.down_leaves_nothing();
}
