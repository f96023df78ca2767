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

#[test]
#[allow(clippy::print_stderr)] // a skip must be loud
fn docker_compose_up_ps_logs_exec_restart_down() {
    if !std::path::Path::new(COMPOSE).exists() {
        if std::env::var("CTR_ALLOW_SKIP").as_deref() == Ok("1") {
            eprintln!(
                "\n\n*** SKIPPED docker_compose_up_ps_logs_exec_restart_down: {COMPOSE} is missing (run tests/setup-host.sh as root) ***\n\n"
            );
            return;
        }
        panic!(
            "{COMPOSE} is missing: run tests/setup-host.sh as root (it installs docker-compose), or set CTR_ALLOW_SKIP=1 to skip"
        );
    }
    let env = Env::new("compose");
    let img = busybox_image(&env);
    // compose 1.29 pulls an image it does not find by the name in the file.
    env.ok(&["tag", img, "ctrtest/busybox:latest"]);
    let rr = Runroot::new("cmp");
    let svc = service_with(&env, "api.sock", &["--runroot", rr.arg()]);
    let ctr = |args: &[&str]| -> String {
        let mut a = vec!["--runroot", rr.arg()];
        a.extend_from_slice(args);
        env.ok(&a)
    };
    let port = crate::network::free_port();
    let dir = env.path("proj");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("docker-compose.yml"), project(port, "hello-from-compose")).unwrap();
    let compose = |args: &[&str]| -> Out {
        Command::new("timeout")
            .args(["120", COMPOSE, "--ansi", "never", "-p", "itproj"])
            .args(args)
            .current_dir(&dir)
            .env("DOCKER_HOST", format!("unix://{}", svc.sock.display()))
            .env("HOME", env.path("home"))
            .env("COMPOSE_INTERACTIVE_NO_CLI", "1")
            .env_remove("DOCKER_CONFIG")
            .env_remove("DOCKER_CONTEXT")
            .output()
            .expect("run docker-compose")
            .into()
    };
    let ok = |args: &[&str]| -> String {
        let o = compose(args);
        assert_eq!(o.code, 0, "docker-compose {args:?} failed:\nstdout: {}\nstderr: {}", o.stdout, o.stderr);
        o.stdout + &o.stderr
    };

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
    let exec = |args: &[&str]| -> String {
        let o = compose(args);
        assert_eq!(o.code, 0, "docker-compose {args:?} failed:\nstdout: {}\nstderr: {}", o.stdout, o.stderr);
        o.stdout
    };
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
    std::fs::write(dir.join("docker-compose.yml"), project(port, "hello-again")).unwrap();
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

    let down = ok(&["down", "-v"]);
    assert!(down.contains("Removing network itproj_default") && down.contains("Removing volume itproj_site"), "{down}");
    assert_eq!(ctr(&["ps", "-a", "-q"]), "");
    assert_eq!(ctr(&["network", "ls", "-q"]), "");
    assert_eq!(ctr(&["volume", "ls", "-q"]), "");
    assert_eq!(rr.holder_pid(), None, "the network namespace's holder outlived the project");
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "the published port is still open after down");
    drop(svc);
}
