//! Services that stay up: the Quadlet generator (units written from `.container`,
//! `.volume` and `.network` files, bad files reported and skipped), restart policies, health checks and
//! sd_notify.

use std::path::Path;

use crate::common::*;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
}

/// The generator as systemd runs it (the binary under the name `ctr-user-generator`, three
/// output directories) over the user's Quadlet directory: one unit per good file, the
/// `[Install]` links made, and each bad file named with its line and left out.
#[test]
fn quadlet_generator_writes_units_and_reports_bad_files() {
    let env = Env::new("s-quadlet");
    let config = env.path("config");
    let q = config.join("containers/systemd");
    write(
        &q,
        "web.container",
        "[Unit]\nDescription=web\n\n[Container]\nImage=localhost/bb\nContainerName=web\nExec=httpd -f -p 8080\nPublishPort=8080:8080\nVolume=data.volume:/srv\nNetwork=front.network\nEnvironment=GREETING=\"hello world\"\nHealthCmd=wget -q -O- http://localhost:8080/\nHealthInterval=5s\nPodmanArgs=--memory 50m\n\n[Service]\nRestart=always\n\n[Install]\nWantedBy=default.target\n",
    );
    write(&q, "data.volume", "[Volume]\nVolumeName=webdata\nLabel=app=web\n");
    write(&q, "front.network", "[Network]\nSubnet=10.89.60.0/24\nInternal=true\n");
    write(&q, "bad-driver.network", "[Network]\nDriver=macvlan\n");
    write(&q, "bad-key.container", "[Container]\nImage=x\n# a comment\nFrobnicate=yes\n");
    write(&q, "bad-port.container", "[Container]\nImage=x\nPublishPort=80:http\n");
    write(&q, "no-image.container", "[Container]\nExec=true\n");
    write(&q, "ignored.txt", "not a unit\n");
    // A file of the same name in a later directory is hidden by the user's.
    write(&env.path("etc-users"), "web.container", "[Container]\nImage=other\n");

    // The generator is the ctr binary called ctr-user-generator.
    let bin = env.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(ctr_bin(), bin.join("ctr-user-generator")).unwrap();
    let out = env.path("gen");
    let o = std::process::Command::new(bin.join("ctr-user-generator"))
        .args([out.join("normal"), out.join("early"), out.join("late")])
        .env("XDG_CONFIG_HOME", &config)
        .env("QUADLET_UNIT_DIRS", format!("{}:{}", q.display(), env.path("etc-users").display()))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "a bad file makes the generator fail: {stderr}");
    for bad in [
        "bad-key.container:4: unsupported key Frobnicate=",
        "bad-port.container:3: PublishPort=80:http",
        "no-image.container: [Container] has no Image=",
        "bad-driver.network:2: Driver=macvlan: ctr has only the bridge driver",
    ] {
        assert!(stderr.contains(bad), "{bad} in {stderr}");
    }
    let mut written: Vec<String> =
        std::fs::read_dir(out.join("normal")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    written.sort();
    assert_eq!(written, ["data-volume.service", "default.target.wants", "front-network.service", "web.service"]);
    assert_eq!(
        std::fs::read_link(out.join("normal/default.target.wants/web.service")).unwrap(),
        Path::new("../web.service")
    );
    let web = std::fs::read_to_string(out.join("normal/web.service")).unwrap();
    let exec = web.lines().find_map(|l| l.strip_prefix("ExecStart=")).unwrap();
    assert!(
        exec.starts_with(&format!(
            "{} run --name=web --cidfile=%t/%N.cid --replace --rm",
            std::fs::canonicalize(ctr_bin()).unwrap().display()
        )),
        "{exec}"
    );
    for part in [
        "--sdnotify=conmon -d",
        "-v webdata:/srv",
        "--publish 8080:8080",
        "--network=systemd-front",
        "--env \"GREETING=hello world\"",
        "--health-interval=5s",
        "--memory 50m localhost/bb httpd -f -p 8080",
    ] {
        assert!(exec.contains(part), "{part} in {exec}");
    }
    for line in [
        "Type=notify",
        "Restart=always",
        "Requires=data-volume.service",
        "Requires=front-network.service",
        "After=front-network.service",
        "Description=web",
    ] {
        assert!(web.lines().any(|l| l == line), "{line} in {web}");
    }
    let vol = std::fs::read_to_string(out.join("normal/data-volume.service")).unwrap();
    assert!(vol.contains("volume create --ignore --label app=web webdata\n"), "{vol}");
    let net = std::fs::read_to_string(out.join("normal/front-network.service")).unwrap();
    assert!(net.contains("network create --ignore --subnet=10.89.60.0/24 --internal systemd-front\n"), "{net}");
    assert!(net.contains("\nType=oneshot\n") && net.contains("\nRemainAfterExit=yes\n"), "{net}");

    // --dryrun prints the same units and writes nothing.
    let o = env.cmd(&["quadlet", "--user", "--dryrun"]).env("QUADLET_UNIT_DIRS", &q).output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("---web.service---") && stdout.contains("---data-volume.service---"), "{stdout}");
}

/// Polls `f` every 50 ms until it is true; panics naming `what` after `secs`.
fn until(secs: u64, what: &str, mut f: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while !f() {
        assert!(std::time::Instant::now() < deadline, "timed out after {secs}s waiting for {what}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The flags systemd units use: --replace, --cidfile (and rm/stop by it, -i), the
/// restart policy recorded and changed, --rm with a policy refused.
#[test]
fn replace_cidfile_and_restart_policy_flags() {
    let env = Env::new("s-flags");
    let img = busybox_image(&env);
    let o = env.fail(&["run", "--rm", "--restart", "always", img, "true"]);
    assert!(o.stderr.contains("--rm and --restart always conflict"), "{}", o.stderr);
    let o = env.fail(&["create", "--restart", "sometimes", img, "true"]);
    assert!(o.stderr.contains("invalid restart policy \"sometimes\""), "{}", o.stderr);

    let cid = env.path("web.cid");
    let cid_s = cid.to_str().unwrap();
    let first =
        env.ok(&["run", "-d", "--name", "web", "--cidfile", cid_s, "--restart", "on-failure:3", img, "sleep", "300"]);
    assert_eq!(std::fs::read_to_string(&cid).unwrap(), first.trim());
    let v = env.inspect_container("web");
    assert_eq!(v["HostConfig"]["RestartPolicy"], serde_json::json!({"Name": "on-failure", "MaximumRetryCount": 3}));
    assert_eq!(v["RestartCount"], 0);
    // A cidfile that exists is refused before anything is made.
    let o = env.fail(&["run", "-d", "--name", "web2", "--cidfile", cid_s, img, "true"]);
    assert!(o.stderr.contains("the file exists"), "{}", o.stderr);
    assert_eq!(env.run(&["container", "inspect", "web2"]).code, 125);
    // --replace: the running container of that name goes, a new one takes the name.
    std::fs::remove_file(&cid).unwrap();
    let second = env.ok(&["run", "-d", "--replace", "--name", "web", "--cidfile", cid_s, img, "sleep", "300"]);
    assert_ne!(first.trim(), second.trim());
    assert_eq!(env.inspect_container("web")["Id"], second.trim());
    env.ok(&["update", "--restart", "always", "web"]);
    assert_eq!(env.inspect_container("web")["HostConfig"]["RestartPolicy"]["Name"], "always");
    // stop and rm through the cidfile; -i makes a missing container or file no error.
    env.ok(&["stop", "-t", "1", "--cidfile", cid_s]);
    env.ok(&["rm", "-f", "--cidfile", cid_s]);
    env.ok(&["rm", "-f", "-i", "--cidfile", cid_s]);
    env.ok(&["rm", "-f", "-i", "--cidfile", env.path("nothing.cid").to_str().unwrap()]);
    assert_eq!(env.run(&["rm", "-f", "--cidfile", cid_s]).code, 1, "without -i a gone container is an error");
}

/// sd_notify with --sdnotify=conmon (the default): under a Type=notify unit (a
/// NOTIFY_SOCKET this test listens on), MAINPID names the monitor and READY=1 comes once
/// the container's own process runs, not before.
#[test]
fn sdnotify_conmon_sends_mainpid_and_ready_after_start() {
    let env = Env::new("s-notify");
    let img = busybox_image(&env);
    let sock_path = env.path("notify.sock");
    let sock = std::os::unix::net::UnixDatagram::bind(&sock_path).unwrap();
    sock.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    // Local only: systemd is told by the engine on this host (a remote one warns instead).
    let o = env
        .local_cmd(&["run", "-d", "--name", "svc", img, "sh", "-c", "echo up > /tmp/started; exec sleep 300"])
        .env("NOTIFY_SOCKET", &sock_path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut buf = [0u8; 512];
    let n = sock.recv(&mut buf).unwrap();
    let msg = String::from_utf8_lossy(&buf[..n]).to_string();
    assert!(msg.lines().any(|l| l == "READY=1"), "{msg}");
    let mainpid: i32 = msg.lines().find_map(|l| l.strip_prefix("MAINPID=")).expect("MAINPID").parse().unwrap();
    let cmdline = std::fs::read(format!("/proc/{mainpid}/cmdline")).unwrap();
    assert!(String::from_utf8_lossy(&cmdline).contains("__monitor"), "MAINPID is the monitor");
    // The container's process was running when READY=1 was sent.
    let v = env.inspect_container("svc");
    assert_eq!(v["State"]["Running"], true);
    let pid = v["State"]["Pid"].as_i64().unwrap();
    assert!(pid > 0 && std::path::Path::new(&format!("/proc/{pid}")).exists());
    // --sdnotify=ignore sends nothing.
    let o = env
        .cmd(&["run", "-d", "--sdnotify", "ignore", img, "sleep", "300"])
        .env("NOTIFY_SOCKET", &sock_path)
        .output()
        .unwrap();
    assert!(o.status.success());
    sock.set_read_timeout(Some(std::time::Duration::from_millis(500))).unwrap();
    assert!(sock.recv(&mut buf).is_err(), "nothing sent with --sdnotify=ignore");
    env.ok(&["rm", "-f", "svc", String::from_utf8_lossy(&o.stdout).trim()]);
}

/// `ctr healthcheck run`: the check (a file the test makes and removes) recorded in
/// State.Health as docker shows it, `(healthy)` in ps, and `wait --condition`.
#[test]
fn healthcheck_run_records_state() {
    let env = Env::new("s-health-run");
    let img = busybox_image(&env);
    // A long interval: only the checks this test runs happen.
    env.ok(&[
        "run",
        "-d",
        "--name",
        "h",
        "--health-cmd",
        "cat /tmp/ok",
        "--health-interval",
        "1h",
        "--health-retries",
        "2",
        img,
        "sleep",
        "300",
    ]);
    let v = env.inspect_container("h");
    assert_eq!(v["Config"]["Healthcheck"]["Test"], serde_json::json!(["CMD-SHELL", "cat /tmp/ok"]));
    assert_eq!(v["State"]["Health"]["Status"], "starting");
    let o = env.run(&["healthcheck", "run", "h"]);
    assert_eq!(o.code, 1, "the file is not there yet: {}", o.stderr);
    env.ok(&["exec", "h", "sh", "-c", "echo fine > /tmp/ok"]);
    assert_eq!(env.run(&["healthcheck", "run", "h"]).code, 0);
    let v = env.inspect_container("h");
    assert_eq!(v["State"]["Health"]["Status"], "healthy");
    assert_eq!(v["State"]["Health"]["FailingStreak"], 0);
    let log = v["State"]["Health"]["Log"].as_array().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!((log[0]["ExitCode"].as_i64(), log[1]["ExitCode"].as_i64()), (Some(1), Some(0)));
    assert_eq!(log[1]["Output"], "fine\n");
    assert!(env.ok(&["ps"]).contains("(healthy)"));
    assert_eq!(env.ok(&["wait", "--condition", "healthy", "h"]).trim(), "-1");
    env.ok(&["exec", "h", "rm", "/tmp/ok"]);
    env.run(&["healthcheck", "run", "h"]);
    assert_eq!(env.run(&["healthcheck", "run", "h"]).code, 1);
    assert_eq!(env.inspect_container("h")["State"]["Health"]["Status"], "unhealthy");
    assert!(env.ok(&["ps"]).contains("(unhealthy)"));
    let o = env.run(&["healthcheck", "run", "h"]);
    assert_eq!(o.stdout.trim(), "unhealthy");
    // No check: an error that says so.
    env.ok(&["run", "-d", "--name", "plain", img, "sleep", "300"]);
    let o = env.fail(&["healthcheck", "run", "plain"]);
    assert!(o.stderr.contains("has no health check"), "{}", o.stderr);
    env.ok(&["rm", "-f", "h", "plain"]);
}

/// Restart policies, run by the monitor itself: on-failure:2 of `exit 3` runs three
/// times (RestartCount 2), then stays exited with its code.
#[test]
fn restart_on_failure_counts_and_stops() {
    let env = Env::new("s-onfail");
    let img = busybox_image(&env);
    env.ok(&["run", "-d", "--name", "f", "--restart", "on-failure:2", img, "sh", "-c", "echo ran; exit 3"]);
    until(30, "the third run to end", || {
        let v = env.inspect_container("f");
        v["State"]["Status"] == "exited" && v["RestartCount"] == 2
    });
    let v = env.inspect_container("f");
    assert_eq!((v["State"]["ExitCode"].as_i64(), v["State"]["Restarting"].as_bool()), (Some(3), Some(false)));
    assert_eq!(env.ok(&["logs", "f"]), "ran\nran\nran\n", "three runs");
    // A clean exit is not a failure: on-failure does not restart it.
    env.ok(&["run", "-d", "--name", "ok", "--restart", "on-failure", img, "true"]);
    assert_eq!(env.ok(&["wait", "ok"]).trim(), "0");
    assert_eq!(env.inspect_container("ok")["RestartCount"], 0);
}

/// always: a process killed from outside comes back (a new pid, RestartCount 1); `ctr
/// stop` ends the policy, and `ctr start` brings the policy back.
#[test]
fn restart_always_until_stopped() {
    let env = Env::new("s-always");
    let img = busybox_image(&env);
    env.ok(&["run", "-d", "--name", "a", "--restart", "always", img, "sleep", "300"]);
    let pid1 = env.inspect_container("a")["State"]["Pid"].as_i64().unwrap();
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid1 as i32), nix::sys::signal::Signal::SIGKILL).unwrap();
    until(30, "the container to run again", || {
        let v = env.inspect_container("a");
        v["State"]["Running"] == true && v["RestartCount"] == 1 && v["State"]["Pid"].as_i64() != Some(pid1)
    });
    assert!(env.ok(&["ps"]).contains(" a\n") || env.ok(&["ps", "--format", "{{.Names}}"]).contains('a'));
    env.ok(&["stop", "-t", "1", "a"]);
    let v = env.inspect_container("a");
    assert_eq!(v["State"]["Status"], "exited");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(env.inspect_container("a")["State"]["Status"], "exited", "a stop by the user is not undone");
    // kill by the user too; start brings the policy back.
    env.ok(&["start", "a"]);
    env.ok(&["kill", "a"]);
    assert_eq!(env.ok(&["wait", "a"]).trim(), "137");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(env.inspect_container("a")["State"]["Status"], "exited");
    // start --all --filter restart-policy=always (ctr-restart.service's command) starts
    // always-containers even if stopped; unless-stopped ones only if the user did not stop them.
    env.ok(&["create", "--name", "u", "--restart", "unless-stopped", img, "sleep", "300"]);
    env.ok(&["create", "--name", "n", img, "sleep", "300"]);
    env.ok(&["start", "--all", "--filter", "restart-policy=always", "--filter", "restart-policy=unless-stopped"]);
    let running = env.ok(&["ps", "--format", "{{.Names}}"]);
    let mut names: Vec<&str> = running.lines().collect();
    names.sort();
    assert_eq!(names, ["a", "u"]);
    env.ok(&["stop", "-t", "1", "u", "a"]);
    env.ok(&["start", "--all", "--filter", "restart-policy=unless-stopped"]);
    assert_eq!(env.ok(&["ps", "-q"]).trim(), "", "u was stopped by the user");
}

/// Docker's backoff between restarts: at least 100, 200, 400, 800 ms (it doubles).
#[test]
fn restart_backoff_doubles() {
    let env = Env::new("s-backoff");
    let img = busybox_image(&env);
    let data = env.path("data");
    std::fs::create_dir_all(&data).unwrap();
    let v = format!("{}:/data", data.display());
    env.ok(&[
        "run",
        "-d",
        "--name",
        "b",
        "--restart",
        "on-failure:4",
        "-v",
        &v,
        img,
        "sh",
        "-c",
        "cat /proc/uptime >> /data/t; exit 1",
    ]);
    until(60, "five runs", || env.inspect_container("b")["State"]["Status"] == "exited");
    let t: Vec<f64> = std::fs::read_to_string(data.join("t"))
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(t.len(), 5, "{t:?}");
    let gaps: Vec<f64> = t.windows(2).map(|w| w[1] - w[0]).collect();
    for (g, min) in gaps.iter().zip([0.1, 0.2, 0.4, 0.8]) {
        // /proc/uptime has 10 ms steps.
        assert!(*g >= min - 0.02, "gaps {gaps:?}: each at least the backoff");
    }
}

/// Health checks on the monitor's timer: starting -> healthy -> unhealthy as the file
/// the check tests comes and goes; with --health-on-failure=restart the container is
/// restarted when it turns unhealthy.
#[test]
fn health_checks_run_on_a_timer_and_restart_on_failure() {
    let env = Env::new("s-health");
    let img = busybox_image(&env);
    env.ok(&[
        "run",
        "-d",
        "--name",
        "h",
        "--health-cmd",
        "test -e /tmp/ok",
        "--health-interval",
        "300ms",
        "--health-retries",
        "2",
        "--health-on-failure",
        "restart",
        img,
        "sh",
        "-c",
        "touch /tmp/ok; exec sleep 300",
    ]);
    until(20, "healthy", || env.inspect_container("h")["State"]["Health"]["Status"] == "healthy");
    assert!(env.ok(&["ps"]).contains("(healthy)"));
    env.ok(&["exec", "h", "rm", "/tmp/ok"]);
    // Unhealthy after two failures: the monitor restarts the container (which makes the
    // file again, so it turns healthy again).
    until(20, "the restart", || env.inspect_container("h")["RestartCount"] == 1);
    until(20, "healthy again", || {
        let v = env.inspect_container("h");
        v["State"]["Running"] == true && v["State"]["Health"]["Status"] == "healthy"
    });
    // Without an action it just turns unhealthy and keeps running.
    env.ok(&[
        "run",
        "-d",
        "--name",
        "h2",
        "--health-cmd",
        "test -e /tmp/ok",
        "--health-interval",
        "300ms",
        "--health-retries",
        "2",
        img,
        "sleep",
        "300",
    ]);
    until(20, "unhealthy", || env.inspect_container("h2")["State"]["Health"]["Status"] == "unhealthy");
    let v = env.inspect_container("h2");
    assert_eq!(
        (v["State"]["Running"].as_bool(), v["State"]["Health"]["FailingStreak"].as_i64().map(|n| n >= 2)),
        (Some(true), Some(true))
    );
    assert_eq!(v["State"]["Health"]["Log"][0]["ExitCode"], 1);
    env.ok(&["rm", "-f", "h", "h2"]);
}

/// A static program for the container that sends its arguments to $NOTIFY_SOCKET as one
/// datagram (busybox has nothing that does).
fn notify_sender(env: &Env) -> std::path::PathBuf {
    let src = env.path("notify.c");
    std::fs::write(
        &src,
        r#"#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
int main(int argc, char **argv) {
    const char *path = getenv("NOTIFY_SOCKET");
    if (!path || argc < 2) { fprintf(stderr, "no NOTIFY_SOCKET\n"); return 2; }
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    strncpy(a.sun_path, path, sizeof a.sun_path - 1);
    if (sendto(fd, argv[1], strlen(argv[1]), 0, (struct sockaddr *)&a, sizeof a) < 0) { perror("sendto"); return 1; }
    return 0;
}
"#,
    )
    .unwrap();
    let bin = env.path("sd-notify");
    let o = std::process::Command::new("gcc").args(["-static", "-O2", "-o"]).arg(&bin).arg(&src).output().expect("gcc");
    assert!(o.status.success(), "gcc: {}", String::from_utf8_lossy(&o.stderr));
    bin
}

/// --sdnotify=healthy: READY=1 only once the first check passed; --sdnotify=container:
/// the container's own READY=1 (sent when it chooses) is relayed with MAINPID.
#[test]
fn sdnotify_healthy_and_container() {
    let env = Env::new("s-notify2");
    let img = busybox_image(&env);
    let sock_path = env.path("notify.sock");
    let sock = std::os::unix::net::UnixDatagram::bind(&sock_path).unwrap();
    sock.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    let mut buf = [0u8; 512];
    let o = env
        .cmd(&[
            "run",
            "-d",
            "--name",
            "hy",
            "--sdnotify",
            "healthy",
            "--health-cmd",
            "test -e /tmp/ok",
            "--health-interval",
            "200ms",
            img,
            "sh",
            "-c",
            "sleep 1; touch /tmp/ok; exec sleep 300",
        ])
        .env("NOTIFY_SOCKET", &sock_path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let n = sock.recv(&mut buf).unwrap();
    let first = String::from_utf8_lossy(&buf[..n]).to_string();
    assert!(first.starts_with("MAINPID=") && !first.contains("READY=1"), "ctr run names the monitor only: {first}");
    let n = sock.recv(&mut buf).unwrap();
    let ready = String::from_utf8_lossy(&buf[..n]).to_string();
    assert!(ready.contains("READY=1"), "{ready}");
    assert_eq!(env.inspect_container("hy")["State"]["Health"]["Status"], "healthy", "READY=1 came after healthy");
    let o = env.fail(&["run", "-d", "--sdnotify", "healthy", img, "true"]);
    assert!(o.stderr.contains("needs a health check"), "{}", o.stderr);

    // container: the socket is inside, and what the container sends is relayed.
    let sender = notify_sender(&env);
    let v = format!("{}:/usr/bin/sd-notify:ro", sender.display());
    let o = env
        .cmd(&[
            "run",
            "-d",
            "--name",
            "ct",
            "--sdnotify",
            "container",
            "-v",
            &v,
            img,
            "sh",
            "-c",
            "sleep 0.5; /usr/bin/sd-notify 'STATUS=warming up' && /usr/bin/sd-notify READY=1 && exec sleep 300",
        ])
        .env("NOTIFY_SOCKET", &sock_path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut got = Vec::new();
    while !got.iter().any(|m: &String| m.contains("READY=1")) {
        let n = sock.recv(&mut buf).expect("the container's READY=1 relayed");
        got.push(String::from_utf8_lossy(&buf[..n]).to_string());
    }
    let all = got.join("|");
    assert!(all.contains("STATUS=warming up"), "{all}");
    let monitor = env.ok(&["inspect", "--format", "{{.State.Pid}}", "ct"]);
    assert!(!all.contains(&format!("MAINPID={}", monitor.trim())), "MAINPID is the monitor, not the container: {all}");
    assert!(got.last().unwrap().starts_with("MAINPID="), "{all}");
    env.ok(&["rm", "-f", "hy", "ct"]);
}

/// `ctr generate quadlet C` writes a .container file for an existing container, which the
/// generator turns into a service running the same container.
#[test]
fn generate_quadlet_from_a_container() {
    let env = Env::new("s-genq");
    let img = busybox_image(&env);
    env.ok(&[
        "create",
        "--name",
        "web",
        "-e",
        "GREETING=hello world",
        "-p",
        "127.0.0.1:18080:80",
        "-v",
        "webdata:/srv",
        "--tmpfs",
        "/cache",
        "-w",
        "/srv",
        "--label",
        "app=web",
        "--restart",
        "always",
        "--health-cmd",
        "test -e /srv",
        "--health-interval",
        "5s",
        "--network",
        "slirp4netns:mtu=1500",
        img,
        "httpd",
        "-f",
        "-p",
        "80",
    ]);
    let text = env.ok(&["generate", "quadlet", "web"]);
    for line in [
        "[Container]",
        "Image=busybox",
        "ContainerName=web",
        "Exec=httpd -f -p 80",
        "Environment=\"GREETING=hello world\"",
        "PublishPort=127.0.0.1:18080:80",
        "Volume=webdata:/srv",
        "Tmpfs=/cache",
        "WorkingDir=/srv",
        "Label=app=web",
        "HealthCmd=test -e /srv",
        "HealthInterval=5000ms",
        "Restart=always",
        "WantedBy=default.target",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
    }
    let q = env.path("q");
    std::fs::create_dir_all(&q).unwrap();
    std::fs::write(q.join("web.container"), &text).unwrap();
    let o = env.cmd(&["quadlet", "--dryrun"]).env("QUADLET_UNIT_DIRS", &q).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let unit = String::from_utf8_lossy(&o.stdout);
    let exec = unit.lines().find_map(|l| l.strip_prefix("ExecStart=")).unwrap();
    for part in [
        "--name=web",
        "--env \"GREETING=hello world\"",
        "--publish 127.0.0.1:18080:80",
        "-v webdata:/srv",
        "--tmpfs /cache",
        "busybox httpd -f -p 80",
    ] {
        assert!(exec.contains(part), "{part} in {exec}");
    }
}

/// The monitor told to stop (SIGTERM: systemd stopping the unit `ctr run` ran in) stops
/// the container and records it (exit code, --rm removal), and no restart policy brings
/// it back; before, the monitor died and left the container behind as "Exited (-1)".
#[test]
fn monitor_sigterm_stops_the_container_cleanly() {
    let env = Env::new("s-sigterm");
    let img = busybox_image(&env);
    let script = "trap 'exit 7' TERM; sleep 300 & wait";
    env.ok(&["run", "-d", "--name", "t", "--restart", "always", img, "sh", "-c", script]);
    env.ok(&["run", "-d", "--rm", "--name", "gone", img, "sh", "-c", script]);
    for name in ["t", "gone"] {
        let id = env.inspect_container(name)["Id"].as_str().unwrap().to_string();
        let monitors = pids_matching(&format!("__monitor {id}"));
        assert_eq!(monitors.len(), 1, "{monitors:?}");
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(monitors[0]), nix::sys::signal::Signal::SIGTERM).unwrap();
    }
    until(30, "t to be stopped", || env.inspect_container("t")["State"]["Status"] == "exited");
    let v = env.inspect_container("t");
    assert_eq!((v["State"]["ExitCode"].as_i64(), v["RestartCount"].as_i64()), (Some(7), Some(0)));
    until(30, "the --rm container to be removed", || env.run(&["container", "inspect", "gone"]).code != 0);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(env.inspect_container("t")["State"]["Status"], "exited", "not restarted");
}

/// `--health-on-failure=restart` restarts an --rm container in place (a Quadlet unit runs
/// its container with --rm), counting in RestartCount; before, the monitor removed it at
/// the first unhealthy check. Stopped for good, it is removed as --rm says.
#[test]
fn health_restart_of_an_rm_container_keeps_it() {
    let env = Env::new("s-health-rm");
    let img = busybox_image(&env);
    env.ok(&[
        "run",
        "-d",
        "--rm",
        "--name",
        "hr",
        "--health-cmd",
        "test -e /tmp/ok",
        "--health-interval",
        "300ms",
        "--health-retries",
        "2",
        "--health-on-failure",
        "restart",
        img,
        "sh",
        "-c",
        "touch /tmp/ok; trap 'exit 0' TERM; sleep 300 & wait",
    ]);
    until(20, "healthy", || env.inspect_container("hr")["State"]["Health"]["Status"] == "healthy");
    let id = env.inspect_container("hr")["Id"].as_str().unwrap().to_string();
    env.ok(&["exec", "hr", "rm", "/tmp/ok"]);
    until(20, "the restart", || {
        env.run(&["container", "inspect", "hr"]).code == 0 && env.inspect_container("hr")["RestartCount"] == 1
    });
    until(20, "healthy again", || {
        let v = env.inspect_container("hr");
        v["State"]["Running"] == true && v["State"]["Health"]["Status"] == "healthy"
    });
    assert_eq!(env.inspect_container("hr")["Id"], id.as_str(), "the same container");
    env.ok(&["stop", "-t", "5", "hr"]);
    until(20, "the --rm container to be removed", || env.run(&["container", "inspect", "hr"]).code != 0);
}

/// The monitor told to stop waits the container's --stop-timeout before SIGKILL, as `ctr
/// stop` does (systemd stopping a unit whose container takes its time); it used 10 s
/// whatever the container said.
#[test]
fn monitor_sigterm_honours_the_stop_timeout() {
    let env = Env::new("s-sigterm-timeout");
    let img = busybox_image(&env);
    // PID 1 ignores SIGTERM: only the SIGKILL after the timeout ends it.
    let script = "trap '' TERM; while :; do sleep 1; done";
    env.ok(&["run", "-d", "--name", "slow", "--stop-timeout", "2", img, "sh", "-c", script]);
    let id = env.inspect_container("slow")["Id"].as_str().unwrap().to_string();
    let monitors = pids_matching(&format!("__monitor {id}"));
    assert_eq!(monitors.len(), 1, "{monitors:?}");
    let t0 = std::time::Instant::now();
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(monitors[0]), nix::sys::signal::Signal::SIGTERM).unwrap();
    until(30, "slow to be stopped", || env.inspect_container("slow")["State"]["Status"] == "exited");
    let took = t0.elapsed();
    assert_eq!(env.inspect_container("slow")["State"]["ExitCode"], 137);
    assert!(
        took >= std::time::Duration::from_millis(1500) && took < std::time::Duration::from_secs(8),
        "SIGKILL after {took:?}, wanted about the 2 s --stop-timeout"
    );
    env.ok(&["rm", "slow"]);
}
