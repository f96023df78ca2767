//! API behaviour clients count on (issue 16): SIGKILL returns once the container is dead,
//! `logs?until=`, `attach` without `stream`, detach keys (the API's `detachKeys`, the
//! docker CLI's `--detach-keys`, ctr's own), through the real docker CLI and raw requests.

use std::process::Command;
use std::time::Duration;

use crate::api::{docker, poll, raw, service};
use crate::common::*;

fn state(sock: &std::path::Path, name: &str) -> String {
    docker(sock, &["inspect", "-f", "{{.State.Status}}", name]).stdout.trim().to_string()
}

#[test]
fn kill_logs_until_attach_without_stream_and_detach_keys() {
    let env = Env::new("a-behave");
    let img = busybox_image(&env);
    let svc = service(&env, "behave.sock");
    let sock = &svc.sock;

    // SIGKILL: the answer comes once the container is dead.
    let o = docker(sock, &["run", "-d", "--name", "k", img, "sleep", "1009"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    for _ in 0..3 {
        let o = docker(sock, &["kill", "k"]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert_eq!(state(sock, "k"), "exited", "a reload right after kill sees it dead");
        docker(sock, &["start", "k"]);
    }
    docker(sock, &["rm", "-f", "k"]);

    // logs until: a line before the time, none after.
    let o = docker(sock, &["run", "-d", "--name", "l", img, "sh", "-c", "echo one; sleep 2; echo two; sleep 1009"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let stamped = poll("both lines logged", || {
        let o = docker(sock, &["logs", "-t", "l"]);
        o.stdout.contains(" two").then_some(o.stdout)
    });
    let first = stamped.lines().next().unwrap().split_whitespace().next().unwrap().to_string();
    let secs: i64 = String::from_utf8(Command::new("date").args(["-d", &first, "+%s"]).output().unwrap().stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let until = (secs + 1).to_string();
    let o = docker(sock, &["logs", "--until", &until, "l"]);
    assert_eq!(o.stdout, "one\n", "{}", o.stderr);
    assert_eq!(env.ok(&["logs", "--until", &until, "l"]), "one\n");
    let o = env.fail(&["logs", "--until", "yesterday", "l"]);
    assert!(o.stderr.contains("invalid time \"yesterday\""), "{}", o.stderr);

    // attach without stream: the logs so far, then the end (not a wait for the exit).
    let t = std::time::Instant::now();
    let r = raw(sock, b"POST /containers/l/attach?logs=1&stdout=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    assert!(r.contains("one\n") && r.contains("two\n"), "{r}");
    assert!(t.elapsed() < Duration::from_secs(4), "attach without stream waited");
    let r = raw(
        sock,
        b"POST /containers/l/attach?stream=1&detachKeys=ctrl-1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    );
    assert!(r.starts_with("HTTP/1.1 400") && r.contains("invalid detach keys"), "{r}");
    docker(sock, &["rm", "-f", "l"]);

    // Detach keys on an attach's stdin: the attach ends, the container runs on and got
    // what came before the keys. (The docker CLI without a tty then waits for the
    // container's exit, as with dockerd; with a tty it matches the keys itself.)
    let o = docker(sock, &["run", "-d", "-i", "--name", "d", img, "cat"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let r = raw(
        sock,
        b"POST /containers/d/attach?stream=1&stdin=1&stdout=1&detachKeys=ctrl-x HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\nhello\n\x18more\n",
    );
    assert!(r.starts_with("HTTP/1.1 101"), "{r}");
    assert_eq!(state(sock, "d"), "running");
    let logs = poll("the line before the keys", || {
        let o = docker(sock, &["logs", "d"]);
        o.stdout.contains("hello").then_some(o.stdout)
    });
    assert!(!logs.contains("more"), "bytes after the detach keys reached the container: {logs}");
    docker(sock, &["rm", "-f", "d"]);

    // ctr's own: run -i with the default ctrl-p ctrl-q.
    let mut child = env
        .cmd(&["run", "-i", "--name", "c", img, "cat"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    use std::io::Write;
    input.write_all(b"hi\n").unwrap();
    poll("what came before the keys", || env.run(&["logs", "c"]).stdout.contains("hi").then_some(()));
    input.write_all(b"\x10\x11").unwrap();
    let o: Out = child.wait_with_output().unwrap().into();
    assert_eq!(o.code, 0, "{} {}", o.stdout, o.stderr);
    assert_eq!(o.stdout, "hi\n");
    assert_eq!(env.inspect_container("c")["State"]["Status"], "running");
    let o = env.with_input(&["attach", "--detach-keys", "a,b", "c"], "xaby\n");
    assert_eq!(o.code, 0, "{} {}", o.stdout, o.stderr);
    assert_eq!(env.inspect_container("c")["State"]["Status"], "running");
    let o = env.fail(&["attach", "--detach-keys", "ctrl-", "c"]);
    assert!(o.stderr.contains("invalid detach keys"), "{}", o.stderr);
    env.ok(&["rm", "-f", "c"]);
}

/// `images/load` of a broken archive is a 400 with the reason; `images/get` of several
/// names keeps every repo tag through a load.
#[test]
fn image_archives_through_the_service() {
    let env = Env::new("a-archives");
    let img = busybox_image(&env);
    let svc = service(&env, "arch.sock");
    let sock = &svc.sock;
    let r = raw(sock, b"POST /images/load HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nnot-a-tar!!");
    assert!(r.starts_with("HTTP/1.1 400"), "{r}");
    assert!(r.contains("message"), "{r}");
    env.ok(&["tag", img, "second:one"]);
    env.ok(&["tag", img, "third:two"]);
    let tar = env.path("two.tar");
    let o = docker(sock, &["save", "-o", tar.to_str().unwrap(), "second:one", "third:two"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    env.ok(&["rmi", "second:one", "third:two"]);
    let o = docker(sock, &["load", "-i", tar.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("second:one") && o.stdout.contains("third:two"), "{}", o.stdout);
    let tags = env.ok(&["images", "--format", "{{.Repository}}:{{.Tag}}"]);
    assert!(tags.contains("second:one") && tags.contains("third:two"), "{tags}");
}

/// `POST /build?platform=`: a platform that does not parse, or another than this host's
/// (RUN steps run natively), is a 400 with the reason before anything streams.
#[test]
fn build_platform_is_checked() {
    let env = Env::new("a-bplat");
    let svc = service(&env, "bplat.sock");
    for (p, want) in [
        ("platform=bogus", "write OS/ARCH"),
        ("platform=linux/arm64", "this host's platform only"),
        ("squash=1", "squash is only supported with experimental mode"),
    ] {
        let req = format!("POST /build?{p} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        let r = raw(&svc.sock, req.as_bytes());
        assert!(r.starts_with("HTTP/1.1 400") && r.contains(want), "{p}: {r}");
    }
}

/// `extrahosts` (`docker build --add-host`, `ctr build --add-host`): RUN steps see them.
#[test]
fn build_extra_hosts() {
    let env = Env::new("a-bhosts");
    let img = busybox_image(&env);
    let svc = service(&env, "bhosts.sock");
    let ctx = env.path("bctx");
    std::fs::create_dir_all(&ctx).unwrap();
    std::fs::write(ctx.join("Dockerfile"), format!("FROM {img}\nRUN grep -E 'myhost|other' /etc/hosts\n")).unwrap();
    let c = ctx.to_str().unwrap();
    let o =
        docker(&svc.sock, &["build", "--no-cache", "--add-host", "myhost:10.1.2.3", "--add-host", "other:10.1.2.4", c]);
    assert_eq!(o.code, 0, "{} {}", o.stdout, o.stderr);
    let all = o.stdout + &o.stderr;
    assert!(all.contains("10.1.2.3") && all.contains("myhost") && all.contains("10.1.2.4"), "{all}");
    let o = env.run(&["build", "--no-cache", "--add-host", "myhost:10.9.9.9", c]);
    assert_eq!(o.code, 0, "{} {}", o.stdout, o.stderr);
    assert!(o.stdout.contains("10.9.9.9\tmyhost"), "{}", o.stdout);
    let o = env.run(&["build", "--add-host", "bad", c]);
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("invalid --add-host"), "{}", o.stderr);
}

/// `docker build -f`: a Dockerfile in a subdirectory of the context, and one outside it
/// (the CLI sends it into the context under a name of its own).
#[test]
fn build_dockerfile_paths() {
    let env = Env::new("a-bdf");
    let img = busybox_image(&env);
    let svc = service(&env, "bdf.sock");
    let ctx = env.path("ctx");
    std::fs::create_dir_all(ctx.join("sub/deeper")).unwrap();
    std::fs::write(ctx.join("payload"), "from-the-context\n").unwrap();
    std::fs::write(ctx.join("sub/deeper/Dockerfile"), format!("FROM {img}\nCOPY payload /p\nRUN cat /p\n")).unwrap();
    let outside = env.path("elsewhere.Dockerfile");
    std::fs::write(&outside, format!("FROM {img}\nCOPY payload /q\nRUN echo outside; cat /q\n")).unwrap();
    let c = ctx.to_str().unwrap();
    // The CLI reads -f from its working directory and sends the path inside the context.
    let nested = ctx.join("sub/deeper/Dockerfile");
    let o = docker(&svc.sock, &["build", "-t", "nested", "-f", nested.to_str().unwrap(), c]);
    assert_eq!(o.code, 0, "{} {}", o.stdout, o.stderr);
    assert!(o.stdout.contains("from-the-context"), "{}", o.stdout);
    let o = docker(&svc.sock, &["build", "-t", "outer", "-f", outside.to_str().unwrap(), c]);
    assert_eq!(o.code, 0, "{} {}", o.stdout, o.stderr);
    assert!(o.stdout.contains("outside"), "{}", o.stdout);
    assert_eq!(
        docker(&svc.sock, &["run", "--rm", "--network", "none", "outer", "cat", "/q"]).stdout,
        "from-the-context\n"
    );
}

/// Exec's `DetachKeys`: the session ends at the keys, the exec runs on with what came
/// before them; bad keys are a 400 at create.
#[test]
fn exec_detach_keys() {
    let env = Env::new("a-execdk");
    let img = busybox_image(&env);
    let svc = service(&env, "execdk.sock");
    let sock = &svc.sock;
    let o = docker(sock, &["run", "-d", "--name", "e", img, "sleep", "1009"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    // Legacy links are refused with the way to do it instead.
    let o = docker(sock, &["run", "--link", "e:db", img, "true"]);
    assert!(o.code != 0 && o.stderr.contains("legacy links") && o.stderr.contains("user network"), "{}", o.stderr);
    let create = |keys: &str| {
        let body = format!(
            r#"{{"Cmd":["sh","-c","cat > /tmp/got"],"AttachStdin":true,"AttachStdout":true,"DetachKeys":"{keys}"}}"#
        );
        raw(
            sock,
            format!(
                "POST /containers/e/exec HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
    };
    let r = create("ctrl-");
    assert!(r.starts_with("HTTP/1.1 400") && r.contains("invalid detach keys"), "{r}");
    let r = create("ctrl-x");
    let id = r.split("\"Id\":\"").nth(1).and_then(|s| s.split('"').next()).expect("an exec id").to_string();
    let start = r#"{"Detach":false,"Tty":false}"#;
    let req = format!(
        "POST /exec/{id}/start HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{start}hello\n\x18more\n",
        start.len()
    );
    let r = raw(sock, req.as_bytes());
    assert!(r.starts_with("HTTP/1.1 101"), "{r}");
    let info = raw(sock, format!("GET /exec/{id}/json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes());
    assert!(info.contains("\"Running\":true"), "the exec runs on after the keys: {info}");
    let got = poll("what came before the keys", || {
        let o = docker(sock, &["exec", "e", "cat", "/tmp/got"]);
        o.stdout.contains("hello").then_some(o.stdout)
    });
    assert_eq!(got, "hello\n", "bytes after the keys reached the exec");
    docker(sock, &["rm", "-f", "e"]);
}
