//! Pods: containers sharing the network, IPC and UTS namespaces of an infra container
//! (ctr's own init, no image), the pod's published port fetched from the host, and the
//! pod verbs. Pods are this host's: they run locally in remote mode too.

use crate::common::*;
use crate::network::{free_port, http_get};

const HTTPD: &str = "mkdir -p /www && echo served-from-the-pod > /www/index.html && exec httpd -f -p 80 -h /www";

fn ns_ids(env: &Env, args: &[&str]) -> String {
    let mut a = args.to_vec();
    a.extend(["sh", "-c", "for n in ipc uts net; do readlink /proc/self/ns/$n; done; hostname"]);
    env.ok(&a)
}

fn pod_state(env: &Env, pod: &str) -> String {
    env.ok(&["pod", "inspect", "--format", "{{.State}}", pod]).trim().to_string()
}

#[test]
fn pod_members_share_localhost_ipc_and_the_pods_port() {
    let env = Env::new("pod-share");
    let img = busybox_image(&env);
    let port = free_port();
    let pod_id = env.ok(&["pod", "create", "--name", "web-pod", "-p", &format!("{port}:80")]).trim().to_string();
    assert_eq!(pod_id.len(), 64, "{pod_id}");
    assert_eq!(pod_state(&env, "web-pod"), "Created");
    env.ok(&["run", "-d", "--pod", "web-pod", "--name", "httpd", img, "sh", "-c", HTTPD]);
    assert_eq!(pod_state(&env, "web-pod"), "Running");
    // The pod's port, from the host.
    let got = http_get(port).expect("the pod's published port answers");
    assert!(got.contains("served-from-the-pod"), "{got}");
    // A second container reaches the first on localhost.
    let out = env.ok(&[
        "run",
        "--rm",
        "--pod",
        "web-pod",
        img,
        "sh",
        "-c",
        "for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://127.0.0.1:80/ && exit 0; sleep 0.2; done; exit 1",
    ]);
    assert!(out.contains("served-from-the-pod"), "{out}");
    // The same IPC, UTS and network namespaces, and the pod's name as host name; a
    // container outside the pod has its own.
    let a = ns_ids(&env, &["exec", "httpd"]);
    let b = ns_ids(&env, &["run", "--rm", "--pod", "web-pod", img]);
    assert_eq!(a, b);
    assert!(a.trim_end().ends_with("web-pod"), "{a}");
    let outside = ns_ids(&env, &["run", "--rm", img]);
    for (x, y) in a.lines().zip(outside.lines()) {
        assert_ne!(x, y, "a container outside the pod shares {x}");
    }
    // POSIX shared memory too: /dev/shm is the pod's.
    env.ok(&["exec", "httpd", "sh", "-c", "echo shm-shared > /dev/shm/note"]);
    let shm = env.ok(&["run", "--rm", "--pod", "web-pod", img, "cat", "/dev/shm/note"]);
    assert_eq!(shm.trim(), "shm-shared");
    // ps --pod names the pod; pod ps counts the infra and the member.
    let ps = env.local_cmd(&["ps", "--pod"]).output().unwrap();
    let ps = String::from_utf8_lossy(&ps.stdout);
    assert!(ps.lines().next().unwrap().contains("PODNAME"), "{ps}");
    assert!(ps.lines().any(|l| l.contains("httpd") && l.contains("web-pod") && l.contains(&pod_id[..12])), "{ps}");
    let pods = env.ok(&["pod", "ps", "--format", "json"]);
    let pods: serde_json::Value = serde_json::from_str(&pods).unwrap();
    assert_eq!(pods[0]["Name"], "web-pod");
    assert_eq!(pods[0]["Status"], "Running");
    assert_eq!(pods[0]["NumberOfContainers"], 2);
    // The infra holds the namespaces as ctr's own process, no image in it.
    let info = env.ok(&["pod", "inspect", "web-pod"]);
    let info: serde_json::Value = serde_json::from_str(&info).unwrap();
    let infra = info[0]["InfraContainerID"].as_str().unwrap().to_string();
    assert_eq!(info[0]["SharedNamespaces"], serde_json::json!(["ipc", "net", "uts"]));
    assert_eq!(info[0]["InfraConfig"]["PortBindings"]["80/tcp"][0]["HostPort"], port.to_string());
    let top = env.ok(&["pod", "top", "web-pod"]);
    assert!(top.contains("ctr-infra") && top.contains("httpd"), "{top}");
    let infra_pid = env.inspect_container_local(&infra)["State"]["Pid"].as_i64().unwrap();
    assert!(infra_pid > 0);
    // Its infra goes only with the pod; a pod with running containers only with -f.
    let o = env.fail(&["rm", "-f", &infra]);
    assert!(o.stderr.contains("infra container of pod web-pod") && o.stderr.contains("ctr pod rm"), "{}", o.stderr);
    let o = env.fail(&["pod", "rm", "web-pod"]);
    assert!(o.stderr.contains("running containers (httpd)") && o.stderr.contains("-f"), "{}", o.stderr);
    env.ok(&["pod", "rm", "-f", "web-pod"]);
    assert_eq!(env.ok(&["ps", "-aq"]), "");
    assert_eq!(env.ok(&["pod", "ps", "-q"]), "");
    assert!(!std::path::Path::new(&format!("/proc/{infra_pid}")).exists(), "the infra process is left");
    assert!(pids_matching(&infra).is_empty(), "a monitor of the infra is left");
    assert!(http_get_refused(port), "the pod's port is still published");
}

/// Whether connections to 127.0.0.1:port are refused (within 5 s): nothing publishes it.
pub fn http_get_refused(port: u16) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while std::time::Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    false
}

#[test]
fn pod_verbs_start_stop_kill_logs_prune() {
    let env = Env::new("pod-verbs");
    let img = busybox_image(&env);
    // --pod new:NAME makes the pod.
    env.ok(&["create", "--pod", "new:job", "--name", "ticker", img, "sh", "-c", "echo started; exec sleep 1000"]);
    env.ok(&["create", "--pod", "job", "--name", "second", img, "sh", "-c", "echo second-up; exec sleep 1000"]);
    assert_eq!(pod_state(&env, "job"), "Created");
    env.ok(&["pod", "start", "job"]);
    assert_eq!(pod_state(&env, "job"), "Running");
    let logs = env.ok(&["pod", "logs", "job"]);
    let ticker = env.inspect_container_local("ticker")["Id"].as_str().unwrap()[..12].to_string();
    assert!(logs.lines().any(|l| l == format!("{ticker} started")), "{logs}");
    assert!(logs.contains("second-up"), "{logs}");
    let only = env.ok(&["pod", "logs", "-c", "second", "job"]);
    assert!(!only.contains("started") && only.contains("second-up"), "{only}");
    let stats = env.ok(&["pod", "stats", "--no-stream", "job"]);
    assert!(stats.contains("ticker") && stats.contains("second"), "{stats}");
    // One stopped member: degraded.
    env.ok(&["stop", "-t", "0", "second"]);
    assert_eq!(pod_state(&env, "job"), "Degraded");
    env.ok(&["pod", "stop", "-t", "1", "job"]);
    assert_eq!(pod_state(&env, "job"), "Exited");
    env.ok(&["pod", "restart", "job"]);
    assert_eq!(pod_state(&env, "job"), "Running");
    env.ok(&["pod", "kill", "job"]);
    assert_eq!(pod_state(&env, "job"), "Exited");
    assert_eq!(env.run(&["pod", "exists", "job"]).code, 0);
    assert_eq!(env.run(&["pod", "exists", "no-such-pod"]).code, 1);
    // A running pod is kept by prune; a stopped one goes with its containers.
    env.ok(&["pod", "create", "--name", "keep"]);
    env.ok(&["pod", "start", "keep"]);
    let pruned = env.ok(&["pod", "prune", "-f"]);
    assert_eq!(pruned.lines().count(), 1, "{pruned}");
    assert_eq!(env.run(&["pod", "exists", "job"]).code, 1);
    assert!(env.ok(&["ps", "-a", "--format", "{{.Names}}"]).lines().all(|n| n != "ticker" && n != "second"));
    assert_eq!(env.run(&["pod", "exists", "keep"]).code, 0);
    env.ok(&["pod", "rm", "-f", "keep"]);
    assert_eq!(env.ok(&["ps", "-aq"]), "");
}

#[test]
fn pod_errors_name_the_problem() {
    let env = Env::new("pod-errors");
    let img = busybox_image(&env);
    let o = env.fail(&["pod", "create", "--share", "pid,net"]);
    assert!(o.stderr.contains("--share pid") && o.stderr.contains("ipc, net and uts"), "{}", o.stderr);
    let o = env.fail(&["pod", "create", "--name", "bad/name"]);
    assert!(o.stderr.contains("invalid pod name"), "{}", o.stderr);
    let o = env.fail(&["pod", "create", "--infra=false", "-p", "8080:80"]);
    assert!(o.stderr.contains("without an infra container"), "{}", o.stderr);
    env.ok(&["pod", "create", "--name", "p"]);
    let o = env.fail(&["pod", "create", "--name", "p"]);
    assert!(o.stderr.contains("pod name \"p\" is in use"), "{}", o.stderr);
    let o = env.fail(&["run", "--rm", "--pod", "p", "-p", "8080:80", img, "true"]);
    assert!(o.stderr.contains("ctr pod create -p"), "{}", o.stderr);
    let o = env.fail(&["run", "--rm", "--pod", "p", "--network", "none", img, "true"]);
    assert!(o.stderr.contains("--network cannot be given to a container of pod p"), "{}", o.stderr);
    let o = env.fail(&["run", "--rm", "--pod", "p", "--hostname", "h", img, "true"]);
    assert!(o.stderr.contains("UTS namespace"), "{}", o.stderr);
    let o = env.fail(&["run", "--rm", "--pod", "p", "--userns", "keep-id", img, "true"]);
    assert!(o.stderr.contains("--userns, --uidmap and --gidmap cannot be given"), "{}", o.stderr);
    let o = env.fail(&["run", "--rm", "--pod", "nope", img, "true"]);
    assert!(o.stderr.contains("no such pod: nope"), "{}", o.stderr);
    let o = env.fail(&["pod", "start", "nope"]);
    assert!(o.stderr.contains("no such pod: nope"), "{}", o.stderr);
    // A pod without an infra shares nothing: its containers have their own namespaces.
    // (Compared while both run: a freed namespace's inode number is reused.)
    env.ok(&["pod", "create", "--name", "loose", "--infra=false"]);
    env.ok(&["run", "-d", "--pod", "loose", "--name", "l1", img, "sleep", "1000"]);
    let a = ns_ids(&env, &["exec", "l1"]);
    let b = ns_ids(&env, &["run", "--rm", "--pod", "loose", img]);
    assert_ne!(a.lines().next(), b.lines().next());
    env.ok(&["rm", "-f", "l1"]);
    // --pod new: with a failing create leaves no pod behind.
    let o = env.fail(&["run", "--rm", "--pod", "new:gone", "no-such-image-here", "true"]);
    assert!(!o.stderr.is_empty());
    assert_eq!(env.run(&["pod", "exists", "gone"]).code, 1);
    env.ok(&["pod", "rm", "p", "loose"]);
    assert_eq!(env.ok(&["ps", "-aq"]), "");
}

/// Pods are not in the Docker API: through a remote engine, `--pod` and the pod verbs
/// say so in one line.
#[test]
fn pods_are_refused_through_a_remote_engine() {
    let env = Env::new("pod-remote");
    let img = busybox_image(&env);
    let sock = env.path("svc.sock");
    let mut svc = env
        .local_cmd(&["system", "service", "--time", "0", &format!("unix://{}", sock.display())])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::os::unix::net::UnixStream::connect(&sock).is_err() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let host = format!("unix://{}", sock.display());
    let o: Out = env.local_cmd(&["-H", &host, "run", "--rm", "--pod", "new:x", img, "true"]).output().unwrap().into();
    assert_eq!(o.code, 125, "{}", o.stderr);
    assert!(o.stderr.contains("--pod is not available through a remote engine"), "{}", o.stderr);
    let o: Out = env.local_cmd(&["-H", &host, "pod", "ps"]).output().unwrap().into();
    assert_eq!(o.code, 125, "{}", o.stderr);
    assert!(o.stderr.contains("pod: not available through a remote engine"), "{}", o.stderr);
    assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
    let _ = svc.kill();
    let _ = svc.wait();
}

/// `--pod new:NAME` makes the pod with the container's published ports (podman's move):
/// they are the pod's, on its infra.
#[test]
fn run_pod_new_publishes_the_ports_on_the_new_pod() {
    let env = Env::new("pod-new");
    let img = busybox_image(&env);
    let port = free_port();
    env.ok(&["run", "-d", "--pod", "new:fresh", "-p", &format!("{port}:80"), "--name", "srv", img, "sh", "-c", HTTPD]);
    let got = http_get(port).expect("the new pod's port answers");
    assert!(got.contains("served-from-the-pod"), "{got}");
    let info = env.ok(&["pod", "inspect", "fresh"]);
    let info: serde_json::Value = serde_json::from_str(&info).unwrap();
    assert_eq!(info[0]["InfraConfig"]["PortBindings"]["80/tcp"][0]["HostPort"], port.to_string());
    assert_eq!(info[0]["NumContainers"], 2);
    env.ok(&["pod", "rm", "-f", "fresh"]);
    assert_eq!(env.ok(&["ps", "-aq"]), "");
}
