//! The Docker Engine API service, driven by the real `docker` CLI (28.x).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

pub(crate) fn docker(sock: &std::path::Path, args: &[&str]) -> Out {
    Command::new("docker")
        .arg("-H")
        .arg(format!("unix://{}", sock.display()))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("the docker CLI (/usr/local/bin/docker) is needed by the tests")
        .into()
}

fn docker_in(sock: &std::path::Path, args: &[&str], input: &str) -> Out {
    use std::io::Write;
    let mut c = Command::new("docker")
        .arg("-H")
        .arg(format!("unix://{}", sock.display()))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    c.wait_with_output().unwrap().into()
}

/// Starts `ctr system service` for env on a socket of its own; killed with the guard.
pub struct Service {
    pub sock: std::path::PathBuf,
    child: std::process::Child,
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A child process killed and reaped when dropped (also when a test fails), so no
/// service outlives its test holding the runner's output open.
struct Reap(std::process::Child);

impl Drop for Reap {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn service(env: &Env, name: &str) -> Service {
    service_with(env, name, &[])
}

/// `service` with global flags before the verb (e.g. `--runroot DIR`).
pub fn service_with(env: &Env, name: &str, global: &[&str]) -> Service {
    let sock = env.path(name);
    let mut args = global.to_vec();
    let uri = format!("unix://{}", sock.display());
    args.extend(["system", "service", "--time", "0", &uri]);
    let child = env.cmd(&args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    wait_for(&sock);
    // The path appears at bind(), a moment before listen(): until then a connect is refused.
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::os::unix::net::UnixStream::connect(&sock).is_err() {
        assert!(Instant::now() < deadline, "the service never listened on {}", sock.display());
        std::thread::sleep(Duration::from_millis(20));
    }
    Service { sock, child }
}

/// Runs `cmd` under script(1) (a pseudo-terminal), types `input` after 1.5 s, and waits.
fn in_pty(cmd: &str, home: &std::path::Path, input: &[u8]) -> Out {
    let mut c = Command::new("script")
        .args(["-qec", cmd, "/dev/null"])
        .env("HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut i = c.stdin.take().unwrap();
        std::thread::sleep(Duration::from_millis(1500));
        i.write_all(input).unwrap();
        std::thread::sleep(Duration::from_millis(1500));
    }
    c.wait_with_output().unwrap().into()
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
    let svc = Reap(
        env.cmd(&["system", "service", "--time", "0", &format!("unix://{}", sock.display())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
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
    // The driver the service chose: overlay here, unless the run asks for another.
    let driver = std::env::var("CTR_STORAGE_DRIVER").ok().filter(|d| !d.is_empty() && d != "auto");
    assert_eq!(o.stdout, format!("1 1 {}\n", driver.as_deref().unwrap_or("overlay")), "{}", o.stderr);
    let o = docker(&sock, &["volume", "ls", "--format", "{{.Name}}"]);
    assert_eq!(o.stdout, "vol1\n", "{}", o.stderr);
    let o = docker(&sock, &["image", "inspect", "--format", "{{.Architecture}}", img]);
    assert_eq!(o.stdout, "amd64\n", "{}", o.stderr);
    // Errors come back as Docker's {"message": ...} with the right status.
    let o = docker(&sock, &["inspect", "nosuch"]);
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("nosuch"), "{}", o.stderr);
    drop(svc);
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

pub(crate) fn poll<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The real docker CLI does real work through the service: pull from a loopback
/// registry, run (foreground, detached, -i, --rm with exit codes), logs, exec, inspect,
/// stop, rm -f, volumes, published ports, limits refused with the reason, system df.
#[test]
fn docker_cli_runs_containers_through_the_service() {
    let env = Env::new("a-run");
    let img = busybox_image(&env);
    let reg = crate::regfix::Registry::start(&env);
    let layout = busybox_layout(&env, "latest");
    reg.skopeo_push(&layout, "latest", "lib/busybox:latest", &[]);
    // No registries.conf: a plain-HTTP registry on loopback is pulled from as dockerd
    // does (HTTPS tried first, then plain HTTP).
    let svc = service(&env, "run.sock");
    let d = |args: &[&str]| docker(&svc.sock, args);

    // pull, with docker's progress stream rendered by the docker CLI
    let pulled = format!("{}/lib/busybox:latest", reg.host);
    let o = d(&["pull", &pulled]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains(&format!("Status: Downloaded newer image for {pulled}")), "{}", o.stdout);
    assert!(o.stdout.contains("Digest: sha256:"), "{}", o.stdout);
    let o = d(&["pull", &pulled]);
    assert!(o.stdout.contains("Status: Image is up to date for"), "{}", o.stdout);
    let o = d(&["images", "--format", "{{.Repository}}:{{.Tag}}"]);
    assert!(o.stdout.contains(&pulled), "{}", o.stdout);
    // docker tag + docker push to the same loopback registry, as docker prints it.
    let pushed = format!("{}/lib/pushed:1", reg.host);
    assert_eq!(d(&["tag", &pulled, &pushed]).code, 0);
    let o = d(&["push", &pushed]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains(&format!("The push refers to repository [{}/lib/pushed]", reg.host)), "{}", o.stdout);
    let digest = reg.digest_of("lib/pushed:1");
    assert!(o.stdout.contains(&format!("1: digest: {digest} size: ")), "{}", o.stdout);
    assert!(o.stdout.contains("Mounted from") || o.stdout.contains("Layer already exists"), "{}", o.stdout);
    let o = d(&["pull", &format!("{}/lib/nosuch:latest", reg.host)]);
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("nosuch"), "{}", o.stderr);

    // foreground runs: exact output and exit codes, -i feeds stdin
    let o = d(&["run", "--rm", "--network", "none", img, "echo", "hi"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "hi\n"), "{}", o.stderr);
    let o = d(&["run", "--rm", "--network", "none", &pulled, "sh", "-c", "echo to-err >&2; exit 3"]);
    assert_eq!((o.code, o.stderr.as_str()), (3, "to-err\n"));
    let o = docker_in(&svc.sock, &["run", "--rm", "-i", "--network", "none", img, "tr", "a-z", "A-Z"], "hello\n");
    assert_eq!((o.code, o.stdout.as_str()), (0, "HELLO\n"), "{}", o.stderr);
    let o = d(&["run", "--rm", "--network", "none", img, "/no/such/binary"]);
    assert_eq!(o.code, 127, "{}", o.stderr);
    assert_eq!(env.ok(&["ps", "-aq"]), "", "--rm containers are gone");

    // detached: ps, logs, exec, inspect, stop, rm -f
    let o = d(&[
        "run",
        "-d",
        "--name",
        "d1",
        "--network",
        "none",
        img,
        "sh",
        "-c",
        "echo out; echo err >&2; exec sleep 300",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let id = o.stdout.trim().to_string();
    assert_eq!(id.len(), 64, "{id}");
    let o = d(&["ps", "--format", "{{.Names}} {{.Status}}"]);
    assert!(o.stdout.starts_with("d1 Up"), "{}", o.stdout);
    let logs = poll("the logs", || {
        let o = d(&["logs", "d1"]);
        (o.stdout == "out\n" && o.stderr == "err\n").then_some(o)
    });
    assert_eq!(logs.code, 0);
    let o = d(&["logs", "--timestamps", "d1"]);
    assert!(o.stdout.starts_with("20") && o.stdout.ends_with(" out\n"), "{}", o.stdout);
    let o = d(&["exec", "d1", "cat", "/etc/hostname"]);
    assert_eq!(o.stdout, format!("{}\n", &id[..12]), "{}", o.stderr);
    assert_eq!(d(&["exec", "d1", "sh", "-c", "exit 7"]).code, 7);
    let o = docker_in(&svc.sock, &["exec", "-i", "d1", "cat"], "piped\n");
    assert_eq!(o.stdout, "piped\n", "{}", o.stderr);
    let o = d(&["inspect", "--format", "{{.State.Running}} {{.Config.Image}} {{.Id}}", "d1"]);
    assert_eq!(o.stdout, format!("true {img} {id}\n"));
    let o = d(&["stats", "--no-stream", "--format", "{{.Name}}", "d1"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "d1\n"), "{}", o.stderr);
    {
        // stream=true: one object a second
        use std::io::{BufRead, Write};
        let mut s = std::os::unix::net::UnixStream::connect(&svc.sock).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(b"GET /v1.41/containers/d1/stats HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut r = std::io::BufReader::new(s);
        let mut objects = 0;
        let mut line = String::new();
        while objects < 2 && r.read_line(&mut line).unwrap_or(0) > 0 {
            if line.contains("\"memory_stats\"") {
                objects += 1;
            }
            line.clear();
        }
        assert_eq!(objects, 2, "a stream of stats objects");
    }
    let o = d(&["top", "d1"]);
    assert!(o.stdout.contains("sleep 300"), "{}", o.stdout);
    assert_eq!(d(&["stop", "-t", "1", "d1"]).stdout, "d1\n");
    let o = d(&["inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "d1"]);
    // pid 1 ignores SIGTERM without a handler: SIGKILL after -t 1, as with docker.
    assert_eq!(o.stdout, "exited 137\n", "{}", o.stderr);
    d(&["start", "d1"]);
    let o = d(&["rm", "-f", "d1"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "d1\n"), "{}", o.stderr);
    assert_eq!(d(&["ps", "-aq"]).stdout, "");
    let o = d(&["rm", "nosuch"]);
    assert!(o.code != 0 && o.stderr.contains("nosuch"), "{}", o.stderr);

    // volumes
    assert_eq!(d(&["volume", "create", "v1"]).stdout, "v1\n");
    let o = d(&["run", "--rm", "--network", "none", "-v", "v1:/data", img, "sh", "-c", "echo kept > /data/f"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(d(&["run", "--rm", "--network", "none", "-v", "v1:/data", img, "cat", "/data/f"]).stdout, "kept\n");
    assert!(d(&["volume", "ls", "--format", "{{.Name}}"]).stdout.contains("v1\n"));
    assert_eq!(d(&["volume", "rm", "v1"]).stdout, "v1\n");
    assert!(!d(&["volume", "ls", "--format", "{{.Name}}"]).stdout.contains("v1\n"));

    // a published port, fetched from the host
    let port = crate::regfix::free_port();
    let o = d(&[
        "run",
        "-d",
        "--name",
        "web",
        "-p",
        &format!("127.0.0.1:{port}:80"),
        img,
        "sh",
        "-c",
        "mkdir -p /www && echo served > /www/index.html && exec httpd -f -p 80 -h /www",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let page = poll("the published port", || {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        s.write_all(b"GET / HTTP/1.0\r\n\r\n").ok()?;
        let mut out = String::new();
        s.read_to_string(&mut out).ok()?;
        out.contains("served").then_some(out)
    });
    assert!(page.starts_with("HTTP/"), "{page}");
    let o = d(&["port", "web"]);
    assert_eq!(o.stdout, format!("80/tcp -> 127.0.0.1:{port}\n"), "{}", o.stderr);
    d(&["rm", "-f", "web"]);

    // limits: enforced where delegated, else refused with the reason (never ignored)
    let o = d(&["run", "--rm", "--network", "none", "--memory", "100m", img, "true"]);
    if env.ok(&["info"]).contains("delegated controllers:") {
        assert!(o.code == 0 || o.stderr.contains("not delegated"), "{}", o.stderr);
    } else {
        assert_eq!(o.code, 125, "{}", o.stderr);
        assert!(o.stderr.contains("resource limits cannot be enforced"), "{}", o.stderr);
    }
    assert_eq!(env.ok(&["ps", "-aq"]), "", "a refused create leaves nothing");

    let o = d(&["system", "df"]);
    assert!(o.stdout.contains("Images") && o.stdout.contains("Local Volumes"), "{}", o.stdout);
    // events: what the service did, replayed with --since and ended by --until
    let until = (crate::common::now_secs() + 1).to_string();
    let o = d(&[
        "events",
        "--since",
        "0",
        "--until",
        &until,
        "--format",
        "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    for want in ["image pull", "container create d1", "container start d1", "container die d1", "container destroy d1"]
    {
        assert!(o.stdout.contains(want), "{want:?} missing from events:\n{}", o.stdout);
    }
    let o = d(&["events", "--since", "0", "--until", &until, "--filter", "event=die", "--format", "{{.Action}}"]);
    assert!(!o.stdout.is_empty() && o.stdout.lines().all(|l| l == "die"), "{}", o.stdout);
    let o = d(&["rmi", &pulled]);
    assert!(o.stdout.contains(&format!("Untagged: {pulled}")), "{} {}", o.stdout, o.stderr);
}

/// `docker run -it` in a pseudo-terminal (script(1)): a shell, its prompt, the exit code.
#[test]
fn docker_cli_interactive_tty() {
    let env = Env::new("a-tty");
    let img = busybox_image(&env);
    let svc = service(&env, "tty.sock");
    let cmd = format!(
        "docker -H unix://{} run --rm -it --network none {img} sh -c 'tty; read x; echo got-$x; exit 4'",
        svc.sock.display()
    );
    let o = in_pty(&cmd, &std::env::temp_dir(), b"abc\n");
    assert_eq!(o.code, 4, "{} {}", o.stdout, o.stderr);
    assert!(o.stdout.contains("/dev/pts/0"), "{}", o.stdout);
    assert!(o.stdout.contains("got-abc"), "{}", o.stdout);
    // The terminal's size reaches the container's and the exec's pty (resize endpoints).
    let d = |args: &[&str]| docker(&svc.sock, args);
    assert_eq!(d(&["run", "-d", "--name", "sz", "--network", "none", img, "sleep", "300"]).code, 0);
    let sock = svc.sock.display().to_string();
    for (what, cmd) in [
        (
            "run -it",
            format!("stty rows 33 cols 77; docker -H unix://{sock} run --rm -it --network none {img} stty size"),
        ),
        ("exec -it", format!("stty rows 33 cols 77; docker -H unix://{sock} exec -it sz stty size")),
    ] {
        let o: Out = Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .env("HOME", std::env::temp_dir())
            .stdin(Stdio::null())
            .output()
            .unwrap()
            .into();
        assert!(o.stdout.contains("33 77"), "{what}: {:?} {}", o.stdout, o.stderr);
    }
    d(&["rm", "-f", "sz"]);
}

/// Sends raw bytes to the socket and returns what came back (until the server closes or
/// a second passes).
pub(crate) fn raw(sock: &std::path::Path, req: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut s = std::os::unix::net::UnixStream::connect(sock).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let _ = s.write_all(req);
    let _ = s.shutdown(std::net::Shutdown::Write);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Not HTTP, a body over the limit, broken and hostile JSON: each a 4xx, and the service
/// keeps serving.
#[test]
fn hostile_requests_get_4xx_and_the_service_lives() {
    let env = Env::new("a-hostile");
    let img = busybox_image(&env);
    let svc = service(&env, "h.sock");
    let status = |r: &str| r.split_whitespace().nth(1).unwrap_or("").to_string();
    let r = raw(&svc.sock, b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03garbage that is not http\r\n\r\n");
    assert!(r.is_empty() || status(&r) == "400", "{r}");
    let post = |body: &[u8]| {
        let mut req = format!(
            "POST /v1.41/containers/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        req.extend_from_slice(body);
        raw(&svc.sock, &req)
    };
    let big = format!("{{\"Image\":\"{img}\",\"Env\":[\"X={}\"]}}", "a".repeat(2 << 20));
    let r = post(big.as_bytes());
    assert_eq!(status(&r), "413", "{}", &r[..r.len().min(300)]);
    assert!(r.contains("too large"), "{r}");
    let r = post(b"{\"Image\": \"busybox\", ");
    assert_eq!(status(&r), "400", "{r}");
    assert!(r.contains("invalid JSON"), "{r}");
    let r = post(format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).as_bytes());
    assert_eq!(status(&r), "400", "deeply nested JSON: {}", &r[..r.len().min(300)]);
    let r = post(b"[1,2,3]");
    assert_eq!(status(&r), "400", "{r}");
    let r = post(format!("{{\"Image\":\"{img}\",\"HostConfig\":{{\"Binds\":[\"relative:dir:/x\", 5]}}}}").as_bytes());
    assert!(status(&r).starts_with('4'), "{r}");
    let r = post(b"{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":\"lots\"}}");
    assert!(status(&r).starts_with('4') || status(&r) == "201", "{r}");
    // a lying Content-Length, then a dropped connection
    let r = raw(&svc.sock, b"POST /v1.41/containers/create HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"Im");
    assert!(r.is_empty() || status(&r).starts_with('4'), "{r}");
    let r = raw(&svc.sock, b"GET /v1.41/containers/%ff%fe/json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&r), "404", "{r}");
    let r = raw(&svc.sock, b"GET /v1.41/containers/json?all=%%%% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&r), "200", "{r}");
    // still serving, and nothing was created by the hostile requests
    let o = docker(&svc.sock, &["ps", "-a", "--format", "{{.Names}}"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let n = o.stdout.lines().count();
    assert!(n <= 1, "{}", o.stdout);
    assert_eq!(docker(&svc.sock, &["run", "--rm", "--network", "none", img, "echo", "alive"]).stdout, "alive\n");
}

/// Socket activation the way systemd does it: the listener is held by the "manager"
/// (here the test), which starts the service with it as fd 3 whenever a connection is
/// pending and no service runs; the service exits when idle and is started again by the
/// next client.
#[test]
fn socket_activation_starts_again_after_idle_exit() {
    use std::os::fd::AsRawFd;
    use std::os::unix::process::CommandExt;
    let env = Env::new("a-react");
    busybox_image(&env);
    let sock = env.path("react.sock");
    let listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let fd = listener.as_raw_fd();
    let start_service = || {
        let mut c = Command::new("sh");
        c.args(["-c", "LISTEN_PID=$$ LISTEN_FDS=1 exec \"$0\" \"$@\""])
            .arg(ctr_bin())
            .args(["--root", env.root.to_str().unwrap(), "system", "service", "--time", "1"])
            .env("HOME", env.path("home"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: dup2 in the child before exec; fd 3 becomes the listening socket.
        unsafe {
            c.pre_exec(move || {
                // dup2(3, 3) would keep close-on-exec: clear it instead.
                let r = if fd == 3 { libc::fcntl(3, libc::F_SETFD, 0) } else { libc::dup2(fd, 3) };
                if r < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        c.spawn().unwrap()
    };
    let mut started = 0;
    let mut svc: Option<std::process::Child> = None;
    for round in 0..2 {
        let sock2 = sock.clone();
        let client = std::thread::spawn(move || docker(&sock2, &["images", "--format", "{{.Repository}}"]));
        let deadline = Instant::now() + Duration::from_secs(30);
        while !client.is_finished() {
            assert!(
                Instant::now() < deadline,
                "round {round}: the client was never answered ({started} starts, last: {:?})",
                svc.as_mut().map(|s| s.try_wait())
            );
            let running = svc.as_mut().is_some_and(|s| s.try_wait().unwrap().is_none());
            let mut pfd = [nix::poll::PollFd::new(
                unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) },
                nix::poll::PollFlags::POLLIN,
            )];
            if !running && nix::poll::poll(&mut pfd, nix::poll::PollTimeout::from(100u16)).unwrap() > 0 {
                svc = Some(start_service());
                started += 1;
            } else {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let o = client.join().unwrap();
        assert_eq!((o.code, o.stdout.as_str()), (0, "busybox\n"), "round {round}: {}", o.stderr);
        // Idle for more than --time 1: the service exits by itself.
        let t = Instant::now();
        let mut s = svc.take().expect("a service ran");
        while s.try_wait().unwrap().is_none() {
            assert!(t.elapsed() < Duration::from_secs(15), "round {round}: the service did not exit when idle");
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(s.wait().unwrap().success());
    }
    assert!(started >= 2, "the service was started again after its idle exit ({started} starts)");
}

fn openssl(dir: &std::path::Path, args: &[&str]) {
    let o = Command::new("openssl").current_dir(dir).args(args).output().expect("openssl is needed by the tests");
    assert!(o.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&o.stderr));
}

/// A CA and a certificate signed by it for `cn` with extensions `ext`: (cert, key).
fn issue(dir: &std::path::Path, ca: &str, name: &str, cn: &str, ext: &str) -> (String, String) {
    std::fs::write(dir.join(format!("{name}.ext")), ext).unwrap();
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    let key = format!("{name}-key.pem");
    let csr = format!("{name}.csr");
    let mut a = vec!["req"];
    a.extend_from_slice(&ec);
    let subj = format!("/CN={cn}");
    a.extend_from_slice(&["-keyout", &key, "-out", &csr, "-subj", &subj]);
    openssl(dir, &a);
    let cert = format!("{name}.pem");
    let (ca_cert, ca_key) = (format!("{ca}.pem"), format!("{ca}-key.pem"));
    let extfile = format!("{name}.ext");
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            &ca_cert,
            "-CAkey",
            &ca_key,
            "-CAcreateserial",
            "-out",
            &cert,
            "-days",
            "2",
            "-extfile",
            &extfile,
        ],
    );
    (dir.join(cert).display().to_string(), dir.join(key).display().to_string())
}

fn new_ca(dir: &std::path::Path, name: &str) -> String {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            &format!("{name}-key.pem"),
            "-out",
            &format!("{name}.pem"),
            "-days",
            "2",
            "-subj",
            &format!("/CN={name}"),
        ],
    );
    dir.join(format!("{name}.pem")).display().to_string()
}

/// TCP only with TLS and client certificates (dockerd's --tlsverify): the docker CLI with
/// a certificate of the CA is served; without one, or with another CA's, it is refused.
/// Plain TCP is refused unless --insecure-tcp on a loopback address.
#[test]
fn tcp_needs_tls_with_client_certificates() {
    let env = Env::new("a-tls");
    let img = busybox_image(&env);
    let dir = env.path("pki");
    std::fs::create_dir_all(&dir).unwrap();
    let ca = new_ca(&dir, "ca");
    let (srv, srv_key) = issue(
        &dir,
        "ca",
        "server",
        "localhost",
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
    );
    let (cli, cli_key) = issue(&dir, "ca", "client", "client", "extendedKeyUsage=clientAuth\n");
    new_ca(&dir, "rogue");
    let (rogue, rogue_key) = issue(&dir, "rogue", "rogue-client", "client", "extendedKeyUsage=clientAuth\n");

    // refused configurations
    let port = crate::regfix::free_port();
    let addr = format!("tcp://127.0.0.1:{port}");
    let o = env.run(&["system", "service", "--time", "1", &addr]);
    assert_eq!(o.code, 125);
    assert!(o.stderr.contains("without TLS") && o.stderr.contains("--tlscacert"), "{}", o.stderr);
    let o = env.run(&["system", "service", "--time", "1", "--insecure-tcp", &format!("tcp://0.0.0.0:{port}")]);
    assert_eq!(o.code, 125);
    assert!(o.stderr.contains("loopback"), "{}", o.stderr);
    let o = env.run(&["system", "service", "--tlscacert", &ca, &addr]);
    assert_ne!(o.code, 0, "all three TLS files are needed");

    let svc = Reap(
        env.cmd(&[
            "system",
            "service",
            "--time",
            "0",
            "--tlscacert",
            &ca,
            "--tlscert",
            &srv,
            "--tlskey",
            &srv_key,
            &addr,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap(),
    );
    poll("the TLS port", || std::net::TcpStream::connect(("127.0.0.1", port)).ok());
    let tls_docker = |cert: &str, key: &str, args: &[&str]| -> Out {
        Command::new("docker")
            .args(["-H", &addr, "--tlsverify", "--tlscacert", &ca, "--tlscert", cert, "--tlskey", key])
            .args(args)
            .env("HOME", std::env::temp_dir())
            .output()
            .unwrap()
            .into()
    };
    let o = tls_docker(&cli, &cli_key, &["run", "--rm", "--network", "none", img, "echo", "over-tls"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "over-tls\n"), "{}", o.stderr);
    let o = tls_docker(&rogue, &rogue_key, &["ps"]);
    assert_ne!(o.code, 0, "another CA's client certificate is refused: {}", o.stdout);
    // no client certificate at all
    let o: Out = Command::new("curl")
        .args(["-sS", "--cacert", &ca, &format!("https://127.0.0.1:{port}/_ping")])
        .output()
        .unwrap()
        .into();
    assert!(o.code != 0 && o.stdout.is_empty(), "served without a client certificate: {}", o.stdout);
    let o: Out = Command::new("curl")
        .args(["-sS", "--cacert", &ca, "--cert", &cli, "--key", &cli_key, &format!("https://127.0.0.1:{port}/_ping")])
        .output()
        .unwrap()
        .into();
    assert_eq!(o.stdout, "OK", "{}", o.stderr);
    // ctr -H tcp:// with TLS: run (attach), exec (hijacked), and a refused certificate
    let client = Env::new("a-tls-client");
    let ctr_tls = |cert: &str, key: &str, args: &[&str]| -> Out {
        let mut a =
            vec!["-H", addr.as_str(), "--tlsverify", "--tlscacert", ca.as_str(), "--tlscert", cert, "--tlskey", key];
        a.extend_from_slice(args);
        client.run(&a)
    };
    let o = ctr_tls(&cli, &cli_key, &["run", "--rm", "--network", "none", img, "echo", "ctr-over-tls"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "ctr-over-tls\n"), "{}", o.stderr);
    let o = ctr_tls(&cli, &cli_key, &["run", "-d", "--name", "t1", "--network", "none", img, "sleep", "300"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = ctr_tls(&cli, &cli_key, &["exec", "t1", "sh", "-c", "echo via-exec; exit 3"]);
    assert_eq!((o.code, o.stdout.as_str()), (3, "via-exec\n"), "{}", o.stderr);
    assert_eq!(ctr_tls(&cli, &cli_key, &["rm", "-f", "t1"]).code, 0);
    let o = ctr_tls(&rogue, &rogue_key, &["ps"]);
    assert_eq!(o.code, 125, "{}", o.stdout);
    assert!(o.stderr.contains("TLS"), "{}", o.stderr);
    drop(svc);

    // --insecure-tcp on loopback
    let port = crate::regfix::free_port();
    let addr = format!("tcp://127.0.0.1:{port}");
    let svc = Reap(
        env.cmd(&["system", "service", "--time", "0", "--insecure-tcp", &addr])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    poll("the TCP port", || std::net::TcpStream::connect(("127.0.0.1", port)).ok());
    let o: Out = Command::new("docker")
        .args(["-H", &addr, "images", "--format", "{{.Repository}}"])
        .env("HOME", std::env::temp_dir())
        .output()
        .unwrap()
        .into();
    assert_eq!(o.stdout, "busybox\n", "{}", o.stderr);
    drop(svc);
}

/// `ctr -H` against a second ctr's service: the same commands work remotely, and `ps` and
/// `inspect` print what the local engine prints. `dial-stdio` starts the service on demand.
#[test]
fn ctr_h_drives_a_remote_ctr() {
    let env = Env::new("a-remote");
    let img = busybox_image(&env);
    let svc = service(&env, "remote.sock");
    let host = format!("unix://{}", svc.sock.display());
    // A client with an empty store of its own: everything it sees comes from the service.
    let client = Env::new("a-remote-client");
    let r = |args: &[&str]| -> Out {
        let mut a = vec!["-H", host.as_str()];
        a.extend_from_slice(args);
        client.run(&a)
    };
    let o = r(&["run", "--rm", "--network", "none", img, "echo", "remote-hi"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "remote-hi\n"), "{}", o.stderr);
    assert_eq!(r(&["run", "--rm", "--network", "none", img, "sh", "-c", "exit 5"]).code, 5);
    let o = r(&["run", "-d", "--name", "rd", "--network", "none", img, "sh", "-c", "echo logged; exec sleep 300"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let id = o.stdout.trim().to_string();
    poll("the log line", || (r(&["logs", "rd"]).stdout == "logged\n").then_some(()));
    // ps and inspect: the same output as the local engine's (RunningFor may tick between
    // the two calls, so compare a template without it).
    let tpl = "{{.ID}} {{.Image}} {{.Command}} {{.Status}} {{.Names}} {{.Ports}}";
    let remote = r(&["ps", "-a", "--format", tpl]).stdout;
    let local = env.ok(&["ps", "-a", "--format", tpl]);
    assert_eq!(remote, local);
    assert!(remote.contains(&id[..12]), "{remote}");
    let itpl = "{{.Id}} {{.Name}} {{.State.Status}} {{.Config.Image}} {{.HostConfig.NetworkMode}}";
    assert_eq!(r(&["inspect", "--format", itpl, "rd"]).stdout, env.ok(&["inspect", "--format", itpl, "rd"]));
    let o = r(&["exec", "rd", "sh", "-c", "echo in-exec; exit 6"]);
    assert_eq!((o.code, o.stdout.as_str()), (6, "in-exec\n"), "{}", o.stderr);
    // pause / unpause through the remote engine: the local view sees it.
    assert_eq!(r(&["pause", "rd"]).stdout, "rd\n");
    assert_eq!(env.inspect_container("rd")["State"]["Status"], "paused");
    let o = r(&["unpause", "--all"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(env.inspect_container("rd")["State"]["Status"], "running");
    assert_eq!(
        r(&["images", "--format", "{{.Repository}}"]).stdout,
        env.ok(&["images", "--format", "{{.Repository}}"])
    );
    assert_eq!(r(&["stop", "-t", "1", "rd"]).stdout, "rd\n");
    // start --all picks through the engine: by name and restart policy; who stopped a
    // container the API does not say, so unless-stopped is refused in one line.
    r(&["create", "--name", "ra", "--restart", "always", "--network", "none", img, "sleep", "300"]);
    let o = r(&["start", "--all", "--filter", "restart-policy=always", "--filter", "name=r"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(env.ok(&["ps", "--format", "{{.Names}}"]), "ra\n", "only the always-container: {}", o.stdout);
    let o = r(&["start", "--all", "--filter", "restart-policy=unless-stopped"]);
    assert!(o.code != 0 && o.stderr.contains("does not say whether a user stopped"), "{}", o.stderr);
    assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
    r(&["rm", "-f", "ra"]);
    assert_eq!(r(&["rm", "rd"]).stdout, "rd\n");
    assert_eq!(env.ok(&["ps", "-aq"]), "");
    assert_eq!(r(&["volume", "create", "rv"]).stdout, "rv\n");
    assert!(env.ok(&["volume", "ls"]).contains("rv"));
    assert_eq!(r(&["volume", "rm", "rv"]).stdout, "rv\n");
    let o = r(&["system", "df"]);
    assert_eq!(o.stdout, env.ok(&["system", "df"]), "{}", o.stderr);
    // logs -f follows until the container exits
    r(&["run", "-d", "--name", "lf", "--network", "none", img, "sh", "-c", "echo a; sleep 1; echo b"]);
    let o = r(&["logs", "-f", "lf"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "a\nb\n"), "{}", o.stderr);
    r(&["rm", "lf"]);
    // run -it in a pseudo-terminal
    let cmd = format!(
        "{} --root {} -H {host} run --rm -it --network none {img} sh -c 'tty; read x; echo got-$x; exit 4'",
        ctr_bin().display(),
        client.root.display()
    );
    let o = in_pty(&cmd, &client.path("home"), b"xyz\n");
    assert_eq!(o.code, 4, "{}", o.stdout);
    assert!(o.stdout.contains("/dev/pts/0") && o.stdout.contains("got-xyz"), "{}", o.stdout);
    // errors keep their kind: not found is still not found
    let o = r(&["rm", "nosuch"]);
    assert!(o.code != 0 && o.stderr.contains("nosuch"), "{}", o.stderr);
    // an unreachable engine is named
    let o = client.run(&["-H", "unix:///nonexistent/ctr.sock", "ps"]);
    assert_eq!(o.code, 125);
    assert!(o.stderr.contains("cannot reach the engine at unix:///nonexistent/ctr.sock"), "{}", o.stderr);
    // CONTAINER_HOST works like -H
    let o: Out =
        client.cmd(&["ps", "-a", "--format", "{{.Names}}"]).env("CONTAINER_HOST", &host).output().unwrap().into();
    assert_eq!(o.code, 0, "{}", o.stderr);
}

/// `ctr system dial-stdio` (what `docker -H ssh://HOST` runs there) starts the service when
/// none listens and joins stdin/stdout to it.
#[test]
fn dial_stdio_reaches_the_service() {
    let env = Env::new("a-dial");
    busybox_image(&env);
    let run = env.path("runroot");
    std::fs::create_dir_all(&run).unwrap();
    let mut c = env
        .cmd(&["--runroot", run.to_str().unwrap(), "system", "dial-stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut i = c.stdin.take().unwrap();
        i.write_all(b"GET /v1.41/images/json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    }
    let o: Out = c.wait_with_output().unwrap().into();
    assert!(o.stdout.starts_with("HTTP/1.1 200"), "{}", o.stdout);
    assert!(o.stdout.contains("busybox"), "{}", o.stdout);
    assert!(run.join("ctr.sock").exists(), "the service it started listens on the default socket");
}

/// `ctr -H ssh://` and `docker -H ssh://`: a real sshd on loopback (run by the test user),
/// whose key runs `ctr system dial-stdio` on the "remote" side.
#[test]
fn ssh_remote_through_dial_stdio() {
    let env = Env::new("a-ssh");
    let img = busybox_image(&env);
    let dir = env.path("ssh");
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    // Short: attach sockets live under it (sun_path is 108 bytes).
    let run = std::path::PathBuf::from(format!("/tmp/ctr-ssh-{}", std::process::id()));
    std::fs::create_dir_all(&run).unwrap();
    // The runtime dir goes at the end, and the pause process that keeps its user namespace.
    struct Rm(std::path::PathBuf);
    impl Drop for Rm {
        fn drop(&mut self) {
            if let Some(pid) =
                std::fs::read_to_string(self.0.join("pause.pid")).ok().and_then(|p| p.trim().parse::<i32>().ok())
            {
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
    let _rm = Rm(run.clone());
    let keygen = |f: &str| {
        let o =
            Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-f"]).arg(dir.join(f)).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    keygen("id");
    keygen("host_key");
    let pubkey = std::fs::read_to_string(dir.join("id.pub")).unwrap();
    std::fs::write(
        dir.join("authorized_keys"),
        format!(
            "command=\"exec {} --root {} --runroot {} system dial-stdio\",no-pty {pubkey}",
            ctr_bin().display(),
            env.root.display(),
            run.display()
        ),
    )
    .unwrap();
    let port = crate::regfix::free_port();
    std::fs::write(
        dir.join("sshd_config"),
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nPidFile {d}/sshd.pid\nAuthorizedKeysFile {d}/authorized_keys\nUsePAM no\nStrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\nPermitRootLogin prohibit-password\n",
            d = dir.display()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("ssh_config"),
        format!(
            "Host *\n  IdentityFile {}/id\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n  BatchMode yes\n",
            dir.display()
        ),
    )
    .unwrap();
    // ssh reads ~/.ssh of the passwd entry, not $HOME: a wrapper first in PATH gives it
    // this test's config (the docker CLI and ctr both run `ssh` from PATH).
    let wrapper = dir.join("bin/ssh");
    std::fs::write(&wrapper, format!("#!/bin/sh\nexec /usr/bin/ssh -F {}/ssh_config \"$@\"\n", dir.display())).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    if is_root() {
        std::fs::create_dir_all("/run/sshd").unwrap();
    }
    let _sshd = Reap(
        Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(dir.join("sshd_config"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("sshd.log")).unwrap())
            .spawn()
            .expect("sshd (openssh-server, installed by tests/setup-host.sh) is needed by the tests"),
    );
    poll("sshd", || std::net::TcpStream::connect(("127.0.0.1", port)).ok());
    let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout).unwrap().trim().to_string();
    let host = format!("ssh://{user}@127.0.0.1:{port}");
    let path = format!("{}:{}", dir.join("bin").display(), std::env::var("PATH").unwrap_or_default());
    let client = Env::new("a-ssh-client");
    let o: Out = client
        .cmd(&["-H", &host, "run", "--rm", "--network", "none", img, "echo", "via-ssh"])
        .env("PATH", &path)
        .output()
        .unwrap()
        .into();
    assert_eq!(
        (o.code, o.stdout.as_str()),
        (0, "via-ssh\n"),
        "{}\nsshd: {}",
        o.stderr,
        std::fs::read_to_string(dir.join("sshd.log")).unwrap_or_default()
    );
    let o: Out =
        client.cmd(&["-H", &host, "images", "--format", "{{.Repository}}"]).env("PATH", &path).output().unwrap().into();
    assert_eq!(o.stdout, env.ok(&["images", "--format", "{{.Repository}}"]), "{}", o.stderr);
    // the docker CLI's own ssh transport runs `docker system dial-stdio` there: the key's
    // forced command answers it with ctr
    let o: Out = Command::new("docker")
        .args(["-H", &host, "run", "--rm", "--network", "none", img, "echo", "docker-via-ssh"])
        .env("HOME", std::env::temp_dir())
        .env("PATH", &path)
        .output()
        .unwrap()
        .into();
    assert_eq!((o.code, o.stdout.as_str()), (0, "docker-via-ssh\n"), "{}", o.stderr);
}

/// The rest of the verbs through the docker CLI: save/load (images/get, images/load), tag,
/// rmi, restart, kill, attach to a running container, container/volume prune.
#[test]
fn docker_cli_more_verbs() {
    let env = Env::new("a-verbs");
    let img = busybox_image(&env);
    let svc = service(&env, "v.sock");
    let d = |args: &[&str]| docker(&svc.sock, args);
    let o = d(&["tag", img, "mybox:v1"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(env.ok(&["images", "--format", "{{.Repository}}:{{.Tag}}"]).contains("mybox:v1"));
    let tar = env.path("saved.tar");
    let o = d(&["save", "-o", tar.to_str().unwrap(), "mybox:v1"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(std::fs::metadata(&tar).unwrap().len() > 1 << 20);
    let o = d(&["rmi", "mybox:v1"]);
    assert!(o.stdout.contains("Untagged: "), "{} {}", o.stdout, o.stderr);
    assert!(!env.ok(&["images", "--format", "{{.Repository}}"]).contains("mybox"));
    let o = d(&["load", "-i", tar.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("Loaded image: ") && o.stdout.contains("mybox:v1"), "{}", o.stdout);
    assert_eq!(d(&["run", "--rm", "--network", "none", "mybox:v1", "echo", "loaded"]).stdout, "loaded\n");
    // a missing image is a 404 for save
    let o = d(&["save", "-o", env.path("x.tar").to_str().unwrap(), "nosuch:1"]);
    assert_ne!(o.code, 0);

    // restart and kill; attach to a running container
    let o = d(&[
        "run",
        "-d",
        "--name",
        "k1",
        "--network",
        "none",
        img,
        "sh",
        "-c",
        "trap 'exit 9' TERM; while true; do sleep 0.1; done",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let started = |n: &str| d(&["inspect", "--format", "{{.State.StartedAt}}", n]).stdout;
    let before = started("k1");
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(d(&["restart", "-t", "5", "k1"]).stdout, "k1\n");
    assert_ne!(started("k1"), before, "restarted");
    assert_eq!(d(&["inspect", "--format", "{{.State.Running}}", "k1"]).stdout, "true\n");
    let o = d(&[
        "run",
        "-d",
        "--name",
        "a1",
        "--network",
        "none",
        img,
        "sh",
        "-c",
        "sleep 1; echo late-line; sleep 1; exit 6",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = d(&["attach", "--no-stdin", "a1"]);
    assert_eq!((o.code, o.stdout.as_str()), (6, "late-line\n"), "{}", o.stderr);
    assert_eq!(d(&["kill", "-s", "TERM", "k1"]).stdout, "k1\n");
    poll("k1 to exit", || {
        (d(&["inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "k1"]).stdout == "exited 9\n")
            .then_some(())
    });
    let o = d(&["kill", "k1"]);
    assert!(o.code != 0 && o.stderr.contains("not running"), "{}", o.stderr);

    // prunes
    d(&["volume", "create", "loose"]);
    let o = d(&["container", "prune", "-f"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(env.ok(&["ps", "-aq"]), "", "stopped containers pruned");
    let o = d(&["volume", "prune", "-f"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(!env.ok(&["volume", "ls"]).contains("loose"), "unused volume pruned");
}

/// `docker build` (the classic builder, DOCKER_BUILDKIT=0) through POST /build: the context
/// as a tar, docker's stream, the cache on a rebuild, build args and the error of a
/// failing step.
#[test]
fn docker_build_through_the_service() {
    let env = Env::new("a-build");
    let img = busybox_image(&env);
    let svc = service(&env, "b.sock");
    let ctx = env.path("ctx");
    std::fs::create_dir_all(&ctx).unwrap();
    std::fs::write(ctx.join("f.txt"), "from the context\n").unwrap();
    std::fs::write(
        ctx.join("Dockerfile"),
        format!("FROM {img}\nARG WHO=nobody\nCOPY f.txt /f.txt\nRUN echo \"hi $WHO\" > /who\nCMD [\"cat\", \"/f.txt\", \"/who\"]\n"),
    )
    .unwrap();
    let build = |args: &[&str]| -> Out {
        Command::new("docker")
            .args(["-H", &format!("unix://{}", svc.sock.display()), "build"])
            .args(args)
            .env("HOME", std::env::temp_dir())
            .env("DOCKER_BUILDKIT", "0")
            .output()
            .unwrap()
            .into()
    };
    let o = build(&["-t", "apibuilt", "--build-arg", "WHO=docker", ctx.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{} {}", o.stdout, o.stderr);
    assert!(o.stdout.contains("Successfully built") && o.stdout.contains("STEP 4/5: RUN"), "{}", o.stdout);
    // dockerd's classic builder's last lines, in its order and short names.
    let built = o.stdout.find("Successfully built ").expect("built");
    let tagged = o.stdout.find("Successfully tagged apibuilt:latest\n").expect("tagged, docker's short form");
    assert!(built < tagged, "{}", o.stdout);
    assert_eq!(
        docker(&svc.sock, &["run", "--rm", "--network", "none", "apibuilt"]).stdout,
        "from the context\nhi docker\n"
    );
    let o = build(&["-t", "apibuilt", "--build-arg", "WHO=docker", ctx.to_str().unwrap()]);
    assert_eq!(o.stdout.matches("--> Using cache").count(), 4, "{}", o.stdout);
    std::fs::write(ctx.join("Dockerfile"), format!("FROM {img}\nRUN echo failing-step; exit 4\n")).unwrap();
    let o = build(&[ctx.to_str().unwrap()]);
    assert_ne!(o.code, 0);
    assert!(o.stdout.contains("failing-step") || o.stderr.contains("failing-step"), "{} {}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("The command '/bin/sh -c echo failing-step; exit 4' returned a non-zero code: 4"),
        "{}",
        o.stderr
    );
}

/// The docker CLI's restart policies and health checks through the service: `docker run
/// --restart`, `docker update --restart`, `--health-cmd` reported back in inspect and ps,
/// and the monitor's `health_status` events in `docker events`.
#[test]
fn docker_cli_restart_policy_and_health() {
    let env = Env::new("a-health");
    let img = busybox_image(&env);
    let svc = service(&env, "h.sock");
    let d = |args: &[&str]| docker(&svc.sock, args);
    let since = crate::common::now_secs().to_string();
    let o =
        d(&["run", "-d", "--name", "r", "--restart", "on-failure:2", "--network", "none", img, "sh", "-c", "exit 4"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let o =
            d(&["inspect", "--format", "{{.State.Status}} {{.RestartCount}} {{.HostConfig.RestartPolicy.Name}}", "r"]);
        if o.stdout.trim() == "exited 2 on-failure" {
            break;
        }
        assert!(Instant::now() < deadline, "{}", o.stdout);
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(d(&["update", "--restart", "always", "r"]).code, 0);
    assert_eq!(d(&["inspect", "--format", "{{.HostConfig.RestartPolicy.Name}}", "r"]).stdout.trim(), "always");
    let o = d(&["run", "--rm", "--restart", "always", img, "true"]);
    assert_ne!(o.code, 0, "--rm with a restart policy is refused");

    let o = d(&[
        "run",
        "-d",
        "--name",
        "h",
        "--network",
        "none",
        "--health-cmd",
        "test -e /etc/passwd",
        "--health-interval",
        "300ms",
        "--health-retries",
        "1",
        img,
        "sleep",
        "300",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let deadline = Instant::now() + Duration::from_secs(20);
    while d(&["inspect", "--format", "{{.State.Health.Status}}", "h"]).stdout.trim() != "healthy" {
        assert!(Instant::now() < deadline, "never healthy");
        std::thread::sleep(Duration::from_millis(100));
    }
    let o = d(&["inspect", "--format", "{{json .Config.Healthcheck.Test}} {{.Config.Healthcheck.Retries}}", "h"]);
    assert_eq!(o.stdout.trim(), r#"["CMD-SHELL","test -e /etc/passwd"] 1"#);
    assert!(d(&["ps", "--format", "{{.Status}}"]).stdout.contains("(healthy)"));
    // The monitor's health_status event, followed from its journal by the service.
    std::thread::sleep(Duration::from_millis(500));
    let until = (crate::common::now_secs() + 1).to_string();
    let o = d(&[
        "events",
        "--since",
        &since,
        "--until",
        &until,
        "--filter",
        "event=health_status",
        "--format",
        "{{.Action}} {{.Actor.Attributes.name}}",
    ]);
    assert!(o.stdout.lines().any(|l| l == "health_status: healthy h"), "{}", o.stdout);
    assert_eq!(d(&["rm", "-f", "h", "r"]).code, 0);
}

/// An API call through curl (API 1.41): (status, body).
pub fn send(sock: &std::path::Path, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    let mut c = std::process::Command::new("curl");
    c.args(["-s", "-o", "-", "-w", "\n%{http_code}", "--max-time", "60", "--unix-socket"])
        .arg(sock)
        .args(["-X", method])
        // curl would take `{...}` and `[...]` for its own URL globs.
        .arg("--globoff");
    if let Some(b) = body {
        c.args(["-H", "Content-Type: application/json", "--data-binary", b]);
    }
    let path = path.replace('"', "%22").replace(' ', "%20");
    let o = c.arg(format!("http://engine/v1.41{path}")).output().expect("curl");
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n').unwrap_or(("", "0"));
    (code.parse().unwrap_or(0), body.to_string())
}
