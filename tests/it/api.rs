//! The Docker Engine API service, driven by the real `docker` CLI (28.x).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

fn docker(sock: &std::path::Path, args: &[&str]) -> Out {
    Command::new("docker")
        .arg("-H")
        .arg(format!("unix://{}", sock.display()))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("the docker CLI (/usr/local/bin/docker) is needed by the tests")
        .into()
}

fn wait_for(p: &std::path::Path) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !p.exists() {
        assert!(Instant::now() < deadline, "{} never appeared", p.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn docker_cli_reads_through_the_service() {
    let env = Env::new("a-docker");
    let img = busybox_image(&env);
    env.ok(&["create", "--name", "web", "--network", "none", img, "true"]);
    env.ok(&["volume", "create", "vol1"]);
    let sock = env.path("api.sock");
    let mut svc = env
        .cmd(&["system", "service", "--time", "0", &format!("unix://{}", sock.display())])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for(&sock);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&sock).unwrap().permissions().mode() & 0o777, 0o600);
    let o = docker(&sock, &["version"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("Server: ctr") && o.stdout.contains("API version:       1.41"), "{}", o.stdout);
    let o = docker(&sock, &["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let id = env.inspect(img)["Id"].as_str().unwrap()[7..19].to_string();
    assert!(o.stdout.contains(&format!("busybox:latest {id}")), "{}", o.stdout);
    let o = docker(&sock, &["ps", "-a", "--format", "{{.Names}} {{.Status}}"]);
    assert_eq!(o.stdout, "web Created\n", "{}", o.stderr);
    assert_eq!(docker(&sock, &["ps", "-q"]).stdout, "", "not running: not listed without -a");
    let o = docker(&sock, &["inspect", "--format", "{{.Name}} {{.State.Status}} {{.HostConfig.NetworkMode}}", "web"]);
    assert_eq!(o.stdout, "/web created none\n", "{}", o.stderr);
    let o = docker(&sock, &["info", "--format", "{{.Containers}} {{.Images}} {{.Driver}}"]);
    assert_eq!(o.stdout, "1 1 overlay\n", "{}", o.stderr);
    let o = docker(&sock, &["volume", "ls", "--format", "{{.Name}}"]);
    assert_eq!(o.stdout, "vol1\n", "{}", o.stderr);
    let o = docker(&sock, &["image", "inspect", "--format", "{{.Architecture}}", img]);
    assert_eq!(o.stdout, "amd64\n", "{}", o.stderr);
    // Errors come back as Docker's {"message": ...} with the right status.
    let o = docker(&sock, &["inspect", "nosuch"]);
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("nosuch"), "{}", o.stderr);
    let _ = svc.kill();
    let _ = svc.wait();
}

/// systemd-style socket activation: the listening socket is inherited (LISTEN_FDS), the
/// first docker call is answered, and the service exits after its idle time.
#[test]
fn socket_activated_and_idle_exit() {
    let env = Env::new("a-activate");
    busybox_image(&env);
    let sock = env.path("act.sock");
    let mut act = Command::new("systemd-socket-activate")
        .arg("-l")
        .arg(&sock)
        .arg(ctr_bin())
        .args(["--root", env.root.to_str().unwrap(), "system", "service", "--time", "1"])
        .env("HOME", env.path("home"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("systemd-socket-activate (Debian package systemd) is needed by the tests");
    wait_for(&sock);
    let o = docker(&sock, &["images", "--format", "{{.Repository}}"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, "busybox\n");
    // Idle for more than --time 1: the service (exec'd by systemd-socket-activate) exits.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(Some(st)) = act.try_wait() {
            assert!(st.success(), "{st}");
            break;
        }
        assert!(Instant::now() < deadline, "the service did not exit when idle");
        std::thread::sleep(Duration::from_millis(100));
    }
}
