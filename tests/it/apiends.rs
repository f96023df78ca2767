//! The endpoints behind `docker cp`, `diff`, `pause`/`unpause`, `commit`, `import`,
//! `export` and `update`, driven by the real docker CLI and docker-py through the service,
//! and the same raw calls sent to dockerd (where it runs, as root) to compare statuses,
//! messages and shapes.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::api::{docker, poll, service};
use crate::common::*;

/// One HTTP/1.0 exchange (so no chunked bodies): (status, headers lower-cased, body).
fn http(sock: &Path, method: &str, path: &str, body: &[u8]) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut s = std::os::unix::net::UnixStream::connect(sock).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    // A tar, or else JSON (dockerd checks the type of a JSON body, also an empty one).
    let kind = if body.len() >= 512 { "application/x-tar" } else { "application/json" };
    let head = format!(
        "{method} /v1.41{path} HTTP/1.0\r\nHost: x\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let end = out.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP answer");
    let text = String::from_utf8_lossy(&out[..end]).into_owned();
    let mut lines = text.lines();
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, out[end + 4..].to_vec())
}

fn header<'a>(h: &'a [(String, String)], k: &str) -> Option<&'a str> {
    h.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

/// The decoded X-Docker-Container-Path-Stat of a HEAD.
fn path_stat(sock: &Path, container: &str, path: &str) -> (u16, serde_json::Value) {
    let (st, h, _) = http(sock, "HEAD", &format!("/containers/{container}/archive?path={path}"), b"");
    let v = header(&h, "x-docker-container-path-stat")
        .map(|b| {
            let out = Command::new("base64").arg("-d").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
            let mut out = out;
            out.stdin.take().unwrap().write_all(b.as_bytes()).unwrap();
            serde_json::from_slice(&out.wait_with_output().unwrap().stdout).unwrap()
        })
        .unwrap_or(serde_json::Value::Null);
    (st, v)
}

/// `docker cp` both ways, into and out of a running and a stopped container: directories,
/// files, symlinks kept, owners the container's root, dockerd's errors; a symlink inside
/// the container never leads out of its root.
#[test]
fn docker_cp_both_ways_through_the_service() {
    let env = Env::new("e-cp");
    let img = busybox_image(&env);
    let svc = service(&env, "cp.sock");
    let d = |args: &[&str]| docker(&svc.sock, args);
    let ok = |args: &[&str]| {
        let o = d(args);
        assert_eq!(o.code, 0, "docker {args:?}: {}", o.stderr);
        o.stdout
    };
    ok(&["run", "-d", "--name", "c", "--network", "none", img, "sleep", "1009"]);
    ok(&["exec", "c", "sh", "-c", "mkdir -p /data/sub && echo hi > /data/sub/f && ln -s /etc/passwd /data/link"]);

    // Out of a running container: a directory, its symlink kept as one.
    let out = env.path("out");
    std::fs::create_dir_all(&out).unwrap();
    ok(&["cp", "c:/data", out.join("data").to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(out.join("data/sub/f")).unwrap(), "hi\n");
    assert_eq!(std::fs::read_link(out.join("data/link")).unwrap(), Path::new("/etc/passwd"));
    // Names over tar's 100 bytes (GNU long-name entries).
    let long = "n".repeat(150);
    ok(&["exec", "c", "sh", "-c", &format!("mkdir -p /data/{long} && echo deep > /data/{long}/f")]);
    ok(&["cp", "c:/data/.", out.join("long").to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(out.join("long").join(&long).join("f")).unwrap(), "deep\n");
    ok(&["cp", "c:/data/sub/f", out.join("f2").to_str().unwrap()]);
    // `DIR/.`: the contents.
    ok(&["cp", "c:/data/.", out.join("contents").to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(out.join("contents/sub/f")).unwrap(), "hi\n");
    assert_eq!(std::fs::read_to_string(out.join("f2")).unwrap(), "hi\n");

    // Into it: a directory into a directory, a file to a new name; owned by root inside.
    let src = env.path("in");
    std::fs::create_dir_all(src.join("d/e")).unwrap();
    std::fs::write(src.join("d/e/g"), "x\n").unwrap();
    std::fs::write(src.join("file"), "y\n").unwrap();
    ok(&["cp", src.join("d").to_str().unwrap(), "c:/data/"]);
    ok(&["cp", src.join("file").to_str().unwrap(), "c:/data/renamed"]);
    assert_eq!(ok(&["exec", "c", "cat", "/data/d/e/g", "/data/renamed"]), "x\ny\n");
    assert_eq!(ok(&["exec", "c", "stat", "-c", "%u:%g", "/data/d/e/g", "/data/renamed"]), "0:0\n0:0\n");

    // dockerd's errors.
    let o = d(&["cp", "c:/nope", out.join("x").to_str().unwrap()]);
    assert!(o.code != 0 && o.stderr.contains("Could not find the file /nope in container c"), "{}", o.stderr);
    let o = d(&["cp", src.join("file").to_str().unwrap(), "c:/nope/x"]);
    assert!(o.code != 0 && o.stderr.contains("Could not find the file /nope in container c"), "{}", o.stderr);
    let o = d(&["cp", src.join("file").to_str().unwrap(), "c:/data/sub/f/x"]);
    assert!(o.code != 0 && o.stderr.contains("extraction point is not a directory"), "{}", o.stderr);

    // A relative symlink climbing out stays inside the container's root.
    ok(&["exec", "c", "ln", "-s", "../../../../../../../etc", "/data/up"]);
    let escape = "ctr-it-cp-escape";
    std::fs::write(src.join(escape), "inside\n").unwrap();
    ok(&["cp", src.join(escape).to_str().unwrap(), "c:/data/up/"]);
    assert_eq!(ok(&["exec", "c", "cat", &format!("/etc/{escape}")]), "inside\n");
    assert!(!Path::new("/etc").join(escape).exists(), "the copy left the container's root");

    // The stat of HEAD, as dockerd encodes it (Go's FileMode: the type bits high).
    let (st, v) = path_stat(&svc.sock, "c", "/data");
    assert_eq!(st, 200);
    assert_eq!((v["name"].as_str(), v["mode"].as_u64()), (Some("data"), Some((1 << 31) | 0o755)), "{v}");
    let (_, v) = path_stat(&svc.sock, "c", "/data/link");
    assert_eq!(v["linkTarget"], "/etc/passwd", "{v}");
    assert_ne!(v["mode"].as_u64().unwrap() & (1 << 27), 0, "{v}");
    assert_eq!(path_stat(&svc.sock, "c", "/nope").0, 404);
    assert_eq!(http(&svc.sock, "GET", "/containers/c/archive", b"").0, 400, "no path");

    // A stopped container: into and out of its overlay.
    ok(&["stop", "-t", "1", "c"]);
    ok(&["cp", src.join("file").to_str().unwrap(), "c:/data/stopped"]);
    ok(&["cp", "c:/data/stopped", out.join("stopped").to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(out.join("stopped")).unwrap(), "y\n");
    ok(&["cp", src.join(escape).to_str().unwrap(), "c:/data/up/stopped-escape"]);
    assert!(!Path::new("/etc/stopped-escape").exists(), "the copy left the container's root");
    ok(&["start", "c"]);
    assert_eq!(ok(&["exec", "c", "cat", "/data/stopped", "/etc/stopped-escape"]), "y\ninside\n");
    assert!(!env.root.join("containers").read_dir().unwrap().flatten().any(|c| {
        c.path().read_dir().unwrap().flatten().any(|f| f.file_name().to_string_lossy().starts_with("cp-root"))
    }));
    ok(&["rm", "-f", "c"]);
}

/// `docker diff`, `pause`/`unpause` (and ctr's verbs), `commit -c`, `export`, `import`
/// and `update` through the service.
#[test]
fn docker_diff_pause_commit_import_export_update() {
    let env = Env::new("e-verbs");
    let img = busybox_image(&env);
    let svc = service(&env, "v.sock");
    let d = |args: &[&str]| docker(&svc.sock, args);
    let ok = |args: &[&str]| {
        let o = d(args);
        assert_eq!(o.code, 0, "docker {args:?}: {}", o.stderr);
        o.stdout
    };
    let id = ok(&[
        "run",
        "-d",
        "--name",
        "p",
        "--network",
        "none",
        img,
        "sh",
        "-c",
        "trap 'exit 7' TERM; sleep 1009 & while true; do sleep 0.1; done",
    ])
    .trim()
    .to_string();

    // diff: A/C/D, without the mount points of /etc/hostname, hosts and resolv.conf.
    ok(&["exec", "p", "sh", "-c", "touch /newfile && echo x >> /etc/passwd && rm /etc/group"]);
    assert_eq!(ok(&["diff", "p"]), "C /etc\nD /etc/group\nC /etc/passwd\nA /newfile\n");
    let (st, _, body) = http(&svc.sock, "GET", "/containers/p/changes", b"");
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(st, 200);
    assert_eq!(v[1], serde_json::json!({"Path": "/etc/group", "Kind": 2}));
    assert_eq!(v[3], serde_json::json!({"Path": "/newfile", "Kind": 1}));

    // pause: every process stopped, shown as dockerd shows it; exec refused.
    assert_eq!(ok(&["pause", "p"]), "p\n");
    assert_eq!(
        ok(&["inspect", "-f", "{{.State.Status}} {{.State.Paused}} {{.State.Running}}", "p"]),
        "paused true true\n"
    );
    let ps = ok(&["ps", "--format", "{{.State}}|{{.Status}}", "-f", "name=p"]);
    assert!(ps.starts_with("paused|Up ") && ps.trim_end().ends_with("(Paused)"), "{ps}");
    assert!(env.ok(&["ps"]).contains("(Paused)"));
    let pid = ok(&["inspect", "-f", "{{.State.Pid}}", "p"]).trim().to_string();
    let state = |pid: &str| {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap()
            .lines()
            .find_map(|l| l.strip_prefix("State:").map(|s| s.trim().chars().next().unwrap()))
            .unwrap()
    };
    assert_eq!(state(&pid), 'T', "the container's init is stopped");
    let o = d(&["pause", "p"]);
    assert!(o.stderr.contains(&format!("Container {id} is already paused")), "{}", o.stderr);
    let o = d(&["exec", "p", "true"]);
    assert!(o.code != 0 && o.stderr.contains("is paused, unpause the container before exec"), "{}", o.stderr);
    assert_eq!(ok(&["unpause", "p"]), "p\n");
    poll("the init to run again", || (state(&pid) != 'T').then_some(()));
    let o = d(&["unpause", "p"]);
    assert!(o.stderr.contains(&format!("Container {id} is not paused")), "{}", o.stderr);
    // ctr's own verbs.
    assert_eq!(env.ok(&["pause", "p"]), "p\n");
    assert_eq!(env.ok(&["inspect", "--format", "{{.State.Status}}", "p"]), "paused\n");
    assert_eq!(env.ok(&["unpause", "--all"]), "p\n");
    assert_eq!(env.ok(&["inspect", "--format", "{{.State.Status}}", "p"]), "running\n");
    // A paused container stops at its stop signal, as dockerd's does, not after the timeout.
    ok(&["pause", "p"]);
    let t = Instant::now();
    ok(&["stop", "-t", "20", "p"]);
    assert!(t.elapsed() < Duration::from_secs(10), "stop of a paused container took {:?}", t.elapsed());
    assert_eq!(
        ok(&["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.State.Paused}}", "p"]),
        "exited 7 false\n"
    );
    let o = d(&["pause", "p"]);
    assert!(o.stderr.contains(&format!("Container {id} is not running")), "{}", o.stderr);

    // commit with changes, message and author; the container runs on afterwards.
    ok(&["run", "-d", "--name", "c2", "--network", "none", img, "sleep", "1009"]);
    ok(&["exec", "c2", "sh", "-c", "echo committed > /committed"]);
    let o = ok(&[
        "commit",
        "-c",
        r#"CMD ["cat", "/committed"]"#,
        "-c",
        "ENV A=B",
        "-c",
        "EXPOSE 80",
        "-m",
        "msg",
        "-a",
        "me",
        "c2",
        "mine:v1",
    ]);
    assert!(o.starts_with("sha256:"), "{o}");
    assert_eq!(ok(&["run", "--rm", "--network", "none", "mine:v1"]), "committed\n");
    let cfg =
        ok(&["inspect", "-f", "{{json .Config.Cmd}} {{.Config.ExposedPorts}} {{.Comment}} {{.Author}}", "mine:v1"]);
    assert_eq!(cfg, "[\"cat\",\"/committed\"] map[80/tcp:{}] msg me\n");
    assert!(ok(&["inspect", "-f", "{{.Config.Env}}", "mine:v1"]).contains("A=B"));
    assert_eq!(ok(&["inspect", "-f", "{{.State.Status}}", "c2"]), "running\n", "unpaused after the commit");

    // export, then import with changes (the CLI sends the tar as the body).
    let tar = env.path("c2.tar");
    ok(&["export", "-o", tar.to_str().unwrap(), "c2"]);
    let list = Command::new("tar").arg("tf").arg(&tar).output().unwrap();
    assert!(String::from_utf8_lossy(&list.stdout).lines().any(|l| l == "committed"));
    let o = ok(&["import", "-c", r#"CMD ["cat", "/committed"]"#, "-m", "imported", tar.to_str().unwrap(), "imp:v1"]);
    assert!(o.starts_with("sha256:"), "{o}");
    assert_eq!(ok(&["run", "--rm", "--network", "none", "imp:v1"]), "committed\n");
    assert_eq!(ok(&["inspect", "-f", "{{.Comment}}", "imp:v1"]), "imported\n");
    let (st, _, body) = http(&svc.sock, "POST", "/images/create?fromSrc=-&repo=imp2", &std::fs::read(&tar).unwrap());
    let body = String::from_utf8(body).unwrap();
    assert!(st == 200 && body.starts_with("{\"status\":\"sha256:") && body.ends_with("\"}\r\n"), "{st} {body:?}");

    // update: the restart policy round-trips; a limit this host cannot enforce is refused
    // and leaves the policy as it was.
    ok(&["update", "--restart", "on-failure:3", "c2"]);
    let policy = || ok(&["inspect", "-f", "{{json .HostConfig.RestartPolicy}}", "c2"]);
    assert_eq!(policy(), "{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}\n");
    let o = d(&["update", "--memory", "64m", "--restart", "always", "c2"]);
    if o.code == 0 {
        assert_eq!(ok(&["inspect", "-f", "{{.HostConfig.Memory}}", "c2"]), "67108864\n");
        assert_eq!(policy(), "{\"Name\":\"always\",\"MaximumRetryCount\":0}\n");
    } else {
        assert!(o.stderr.contains("resource limits cannot be enforced"), "{}", o.stderr);
        assert_eq!(policy(), "{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}\n");
    }
    ok(&["rm", "-f", "c2", "p"]);
}

const PY: &str = "/opt/ctr-dockerpy/bin/python";

/// docker-py's put_archive / get_archive / diff / pause / commit, as SDK users call them.
#[test]
fn docker_py_archive_diff_pause_commit() {
    if !Path::new(PY).exists() {
        panic!("{PY} is missing: run tests/setup-host.sh as root (it makes the docker-py virtualenv)");
    }
    let env = Env::new("e-py");
    let img = busybox_image(&env);
    let svc = service(&env, "py.sock");
    let script = r#"
import io, sys, tarfile, docker
c = docker.DockerClient(base_url="unix://" + sys.argv[1])
ct = c.containers.run(sys.argv[2], ["sleep", "1009"], detach=True, network_mode="none")
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w") as t:
    data = b"from-py\n"
    i = tarfile.TarInfo("hello.txt"); i.size = len(data); t.addfile(i, io.BytesIO(data))
assert ct.put_archive("/tmp", buf.getvalue())
bits, stat = ct.get_archive("/tmp/hello.txt")
t = tarfile.open(fileobj=io.BytesIO(b"".join(bits)))
assert t.extractfile("hello.txt").read() == b"from-py\n"
assert stat["name"] == "hello.txt" and stat["size"] == 8, stat
assert {"Path": "/tmp/hello.txt", "Kind": 1} in ct.diff(), ct.diff()
ct.pause(); ct.reload(); assert ct.status == "paused", ct.status
ct.unpause(); ct.reload(); assert ct.status == "running", ct.status
im = ct.commit(repository="pycommit", tag="v1", message="m", author="a", changes='CMD ["cat", "/tmp/hello.txt"]\nENV PY=1')
assert c.containers.run("pycommit:v1", network_mode="none", remove=True) == b"from-py\n"
assert "PY=1" in c.images.get("pycommit:v1").attrs["Config"]["Env"]
try:
    ct.get_archive("/nope"); raise SystemExit("no error")
except docker.errors.NotFound as e:
    assert "Could not find the file /nope" in str(e), e
ct.remove(force=True)
print("ok")
"#;
    let path = env.path("t.py");
    std::fs::write(&path, script).unwrap();
    let o: Out = Command::new(PY)
        .arg(&path)
        .arg(&svc.sock)
        .arg(img)
        .env("HOME", env.path("home"))
        .env_remove("DOCKER_HOST")
        .output()
        .unwrap()
        .into();
    assert_eq!((o.code, o.stdout.as_str()), (0, "ok\n"), "{}", o.stderr);
}

/// Removes the image and containers made in dockerd, also when a check fails.
struct Dockerd {
    tag: String,
    names: Vec<String>,
}

impl Drop for Dockerd {
    fn drop(&mut self) {
        let mut args = vec!["rm".to_string(), "-f".to_string()];
        args.extend(self.names.iter().cloned());
        let _ = Command::new("docker").args(&args).output();
        let _ = Command::new("docker").args(["rmi", "-f", &self.tag, "ctr-it-apiends-commit"]).output();
    }
}

/// The same raw calls to ctr's service and to dockerd (root only, where it runs): status
/// codes, error messages (ids and names replaced), the stat header's keys and values, the
/// changes' shape, commit's and import's answers.
#[test]
#[allow(clippy::print_stderr)]
fn archive_pause_commit_answers_match_dockerd() {
    let dsock = Path::new("/var/run/docker.sock");
    if !is_root()
        || !dsock.exists()
        || Command::new("docker").arg("info").output().map(|o| !o.status.success()).unwrap_or(true)
    {
        eprintln!(
            "\n*** SKIPPED archive_pause_commit_answers_match_dockerd: needs root and dockerd on /var/run/docker.sock ***\n"
        );
        return;
    }
    let env = Env::new("e-dockerd");
    let img = busybox_image(&env);
    let svc = service(&env, "dd.sock");
    let tag = format!("ctr-it-apiends:{}", std::process::id());
    let archive = env.path("bb-docker.tar");
    skopeo(&[
        "copy",
        &format!("oci:{}:latest", busybox_layout(&env, "latest").display()),
        &format!("docker-archive:{}:{tag}", archive.display()),
    ]);
    let name = format!("ctr-it-apiends-{}", std::process::id());
    let _guard = Dockerd { tag: tag.clone(), names: vec![name.clone()] };
    let o = Command::new("docker").args(["load", "-i", archive.to_str().unwrap()]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let setup = "mkdir -p /data/sub && echo hi > /data/sub/f && ln -s /etc/passwd /data/link && touch /newfile && rm /etc/group";
    let mut ids = Vec::new();
    for (sock, image) in [(svc.sock.as_path(), img), (dsock, tag.as_str())] {
        let run = |args: &[&str]| {
            let o = docker(sock, args);
            assert_eq!(o.code, 0, "docker {args:?}: {}", o.stderr);
            o.stdout.trim().to_string()
        };
        ids.push(run(&["run", "-d", "--name", &name, "--network", "none", image, "sleep", "1009"]));
        run(&["exec", &name, "sh", "-c", setup]);
    }
    let norm = |s: &str| s.replace(&ids[0], "ID").replace(&ids[1], "ID");
    let tar_of = |entries: &[(&str, &[u8])]| {
        let mut b = tar::Builder::new(Vec::new());
        for (n, data) in entries {
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            b.append_data(&mut h, n, *data).unwrap();
        }
        b.into_inner().unwrap()
    };
    let put = tar_of(&[("sub", b"x")]);
    let calls: Vec<(&str, String, Vec<u8>)> = vec![
        ("GET", format!("/containers/{name}/archive?path=/nope"), vec![]),
        ("GET", format!("/containers/{name}/archive?path=/data/sub/f"), vec![]),
        ("PUT", format!("/containers/{name}/archive?path=/nope"), put.clone()),
        ("PUT", format!("/containers/{name}/archive?path=/data/sub/f"), put.clone()),
        ("PUT", format!("/containers/{name}/archive?path=/data&noOverwriteDirNonDir=1"), put.clone()),
        ("GET", format!("/containers/{name}/changes"), vec![]),
        ("POST", format!("/containers/{name}/unpause"), vec![]),
        ("POST", format!("/containers/{name}/pause"), vec![]),
        ("POST", format!("/containers/{name}/pause"), vec![]),
        ("POST", format!("/containers/{name}/unpause"), vec![]),
        ("GET", "/containers/no-such-ctr-it/changes".into(), vec![]),
    ];
    let mut differ = Vec::new();
    for (method, path, body) in &calls {
        let a = http(&svc.sock, method, path, body);
        let b = http(dsock, method, path, body);
        // Kept on purpose: dockerd 20.10 answers 500 where its errors are untyped; ctr
        // answers what later dockerd versions do (409 Conflict, 400 InvalidParameter).
        let deliberate: &[(&str, u16)] =
            &[("archive?path=/data/sub/f", 400), ("noOverwriteDirNonDir", 400), ("/unpause", 409)];
        if let Some((_, want)) = deliberate.iter().find(|(p, _)| path.ends_with(p) || path.contains(p))
            && a.0 != b.0
        {
            assert_eq!((a.0, b.0), (*want, 500), "{method} {path}");
            continue;
        }
        if a.0 != b.0 {
            differ.push(format!(
                "{method} {path}: ctr {} {} vs dockerd {} {}",
                a.0,
                String::from_utf8_lossy(&a.2),
                b.0,
                String::from_utf8_lossy(&b.2)
            ));
            continue;
        }
        assert_eq!(
            a.0,
            b.0,
            "{method} {path}: ctr {} vs dockerd {}",
            String::from_utf8_lossy(&a.2),
            String::from_utf8_lossy(&b.2)
        );
        if a.0 >= 400 && !path.contains("no-such") {
            let (ma, mb): (serde_json::Value, serde_json::Value) =
                (serde_json::from_slice(&a.2).unwrap(), serde_json::from_slice(&b.2).unwrap());
            assert_eq!(norm(ma["message"].as_str().unwrap()), norm(mb["message"].as_str().unwrap()), "{method} {path}");
        }
        if path.ends_with("/changes") && a.0 == 200 {
            let (mut ca, mut cb): (Vec<serde_json::Value>, Vec<serde_json::Value>) =
                (serde_json::from_slice(&a.2).unwrap(), serde_json::from_slice(&b.2).unwrap());
            let key = |v: &serde_json::Value| v["Path"].as_str().unwrap().to_string();
            ca.sort_by_key(key);
            cb.sort_by_key(key);
            assert_eq!(ca, cb, "changes");
        }
    }
    assert!(differ.is_empty(), "answers differ:\n{}", differ.join("\n"));
    // The stat header: the same keys and values (mtime aside).
    for p in ["/data", "/data/link", "/data/sub/f", "/", "/data/.", "/data/sub/"] {
        let (sa, mut va) = path_stat(&svc.sock, &name, p);
        let (sb, mut vb) = path_stat(dsock, &name, p);
        assert_eq!(sa, sb, "{p}");
        for v in [&mut va, &mut vb] {
            assert!(v["mtime"].as_str().is_some_and(|m| m.ends_with('Z')), "{v}");
            v["mtime"] = serde_json::Value::Null;
        }
        assert_eq!(va, vb, "stat of {p}");
    }
    // commit: 201 {"Id": "sha256:..."} from both.
    for sock in [svc.sock.as_path(), dsock] {
        let (st, _, body) =
            http(sock, "POST", &format!("/commit?container={name}&repo=ctr-it-apiends-commit&comment=c"), b"");
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert!(st == 201 && v["Id"].as_str().is_some_and(|i| i.starts_with("sha256:")), "{st} {v}");
        assert_eq!(v.as_object().unwrap().len(), 1, "{v}");
    }
}
