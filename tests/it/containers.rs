//! Running containers: namespaces, id mapping, copy-on-write, exit codes, the lifecycle,
//! exec, the monitor, and many at once.

use std::os::unix::fs::MetadataExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::*;

fn id_of(env: &Env, name: &str) -> String {
    env.ok(&["inspect", "--format", "{{.Id}}", name]).trim().to_string()
}

#[test]
fn inside_a_container() {
    let env = Env::new("c-inside");
    let img = busybox_image(&env);
    let out = env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        img,
        "sh",
        "-c",
        "echo pid=$$; echo host=$(hostname); id -u; cat /proc/self/uid_map; ps -o pid | wc -l; ls /sys/class/net",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "pid=1", "{out}");
    let host = lines[1].strip_prefix("host=").unwrap();
    assert!(host.len() == 12 && host.chars().all(|c| c.is_ascii_hexdigit()), "hostname is the short id: {out}");
    assert_eq!(lines[2], "0", "root in the container");
    if !is_root() {
        let m: Vec<Vec<u64>> =
            lines[3..5].iter().map(|l| l.split_whitespace().map(|n| n.parse().unwrap()).collect()).collect();
        assert_eq!(m[0], vec![0, my_uid() as u64, 1], "{out}");
        assert_eq!(m[1], vec![1, first_subuid() as u64, 65536], "{out}");
    }
    // ps header + sh + ps (+ wc in the pipeline): only the container's own processes
    let procs: usize = lines[lines.len() - 2].trim().parse().unwrap();
    assert!(procs <= 4, "host processes visible: {out}");
    assert_eq!(lines[lines.len() - 1], "lo", "--network none has only lo: {out}");
    assert_eq!(env.ok(&["ps", "-a", "-q"]), "", "--rm removed the container");
}

#[test]
fn exit_codes_like_podman() {
    let env = Env::new("c-exit");
    let img = busybox_image(&env);
    assert_eq!(env.run(&["run", "--rm", img, "true"]).code, 0);
    assert_eq!(env.run(&["run", "--rm", img, "sh", "-c", "exit 7"]).code, 7);
    let o = env.run(&["run", "--rm", img, "no-such-command"]);
    assert_eq!(o.code, 127, "{}", o.stderr);
    assert!(o.stderr.contains("executable file not found"), "{}", o.stderr);
    let o = env.run(&["run", "--rm", img, "/etc/passwd"]);
    assert_eq!(o.code, 126, "{}", o.stderr);
    let o = env.run(&["run", "--pull=never", "--rm", "no-such-image"]);
    assert_eq!(o.code, 125, "{}", o.stderr);
    assert!(o.stderr.contains("not found"), "{}", o.stderr);
    let o = env.run(&["run", "--rm", "--no-such-flag", img]);
    assert_eq!(o.code, 125);
    let o = env.run(&["run", "--rm", "--cap-add", "NOPE", img, "true"]);
    assert_eq!(o.code, 125);
    assert!(o.stderr.contains("unknown capability"), "{}", o.stderr);
    assert_eq!(env.ok(&["ps", "-a", "-q"]), "", "failed runs with --rm leave nothing");
}

#[test]
fn writes_are_copy_on_write_and_owned_by_subordinate_ids() {
    let env = Env::new("c-cow");
    let img = busybox_image(&env);
    env.ok(&["run", "--name", "a", img, "sh", "-c", "echo a > /etc/marker; touch /f1000; chown 1000:1000 /f1000"]);
    let o = env.run(&["run", "--rm", img, "cat", "/etc/marker"]);
    assert_ne!(o.code, 0, "another container sees a's file: {}", o.stdout);
    let diff = env.inspect(img)["RootFS"]["Layers"][0].as_str().unwrap().to_string();
    assert!(!layer_path(&env, &diff, "etc/marker").exists(), "write reached the image");
    let id = id_of(&env, "a");
    let upper = env.own_layer("a");
    assert_eq!(std::fs::read_to_string(upper.join("etc/marker")).unwrap(), "a\n");
    assert_eq!(std::fs::metadata(upper.join("f1000")).unwrap().uid(), host_uid(1000));
    // rmi refuses an image a container uses
    let o = env.fail(&["rmi", img]);
    assert!(o.stderr.contains("in use by container(s) a"), "{}", o.stderr);
    env.ok(&["rm", "a"]);
    assert!(!env.root.join("containers").join(&id).exists(), "rm removes the container's layer");
    assert!(layer_path(&env, &diff, "bin/busybox").exists(), "the image stays");
    env.ok(&["run", "--rm", img, "true"]);
}

#[test]
fn detached_logs_stop_rm() {
    let env = Env::new("c-detach");
    let img = busybox_image(&env);
    let id = env.ok(&[
        "run",
        "-d",
        "--name",
        "ticker",
        img,
        "sh",
        "-c",
        "echo start; echo oops >&2; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.1; done",
    ]);
    assert_eq!(id.trim().len(), 64);
    let follow = env.cmd(&["logs", "-f", "ticker"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let ps = env.ok(&["ps"]);
    assert!(ps.contains("ticker") && ps.contains("Up"), "{ps}");
    let t = Instant::now();
    env.ok(&["stop", "-t", "1", "ticker"]);
    assert!(t.elapsed() < Duration::from_secs(10));
    let out = follow.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("start\ntick 0\n"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("oops"));
    // sh as pid 1 ignores SIGTERM: stop killed it after the timeout
    let i: serde_json::Value = serde_json::from_str(&env.ok(&["inspect", "ticker"])).unwrap();
    let i = &i[0];
    assert_eq!(i["State"]["Status"], "exited");
    assert_eq!(i["State"]["ExitCode"], 137);
    let tail = env.ok(&["logs", "--tail", "1", "ticker"]);
    assert!(tail.starts_with("tick ") && tail.lines().count() == 1, "{tail}");
    let ts = env.ok(&["logs", "-t", "ticker"]);
    assert!(ts.lines().next().unwrap().contains("Z start"), "{ts}");
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["ps", "-a", "--format", "json"])).unwrap();
    assert_eq!(json[0]["Names"][0], "ticker");
    assert_eq!(env.ok(&["ps", "-a", "--filter", "status=exited", "--format", "{{.Names}}"]).trim(), "ticker");
    assert_eq!(env.ok(&["ps", "-q"]), "", "not running");
    env.ok(&["rm", "ticker"]);
    assert_eq!(env.ok(&["ps", "-a", "-q"]), "");
    let o = env.run(&["rm", "ticker"]);
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("No such container: ticker"), "{}", o.stderr);
}

#[test]
fn exec_joins_the_container() {
    let env = Env::new("c-exec");
    let img = busybox_image(&env);
    env.ok(&["run", "-d", "--name", "box", "-e", "FROM_RUN=1", img, "sh", "-c", "echo hello > /tmp/state; sleep 60"]);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(env.ok(&["exec", "box", "cat", "/tmp/state"]), "hello\n");
    assert_eq!(env.ok(&["exec", "box", "sh", "-c", "echo $FROM_RUN $X"]).trim(), "1");
    assert_eq!(env.ok(&["exec", "-e", "X=2", "box", "sh", "-c", "echo $X"]).trim(), "2");
    assert_eq!(env.ok(&["exec", "-w", "/tmp", "box", "pwd"]).trim(), "/tmp");
    assert_eq!(env.ok(&["exec", "-u", "1000", "box", "id", "-u"]).trim(), "1000");
    assert_eq!(env.ok(&["exec", "-u", "user", "box", "id", "-un"]).trim(), "user");
    let ps = env.ok(&["exec", "box", "ps", "-o", "pid,args"]);
    assert!(ps.contains("sleep 60"), "exec sees the container's processes: {ps}");
    assert_eq!(env.run(&["exec", "box", "sh", "-c", "exit 5"]).code, 5);
    assert_eq!(env.run(&["exec", "box", "nope"]).code, 127);
    env.ok(&["rm", "-f", "box"]);
    let o = env.fail(&["exec", "box", "true"]);
    assert!(o.stderr.contains("No such container: box"), "{}", o.stderr);
}

#[test]
fn process_options() {
    let env = Env::new("c-opts");
    let img = busybox_image(&env);
    let run = |args: &[&str]| {
        let mut a = vec!["run", "--rm"];
        a.extend_from_slice(args);
        env.ok(&a)
    };
    assert_eq!(run(&["-u", "1000", img, "id", "-u"]).trim(), "1000");
    assert_eq!(run(&["-u", "user:root", img, "id"]).trim(), "uid=1000(user) gid=0(root)");
    assert_eq!(run(&["-w", "/newdir", img, "pwd"]).trim(), "/newdir");
    assert_eq!(run(&["-e", "A=1", "-e", "B=x y", img, "sh", "-c", "echo $A-$B"]).trim(), "1-x y");
    let envfile = env.path("env.list");
    std::fs::write(&envfile, "# comment\nC=3\n").unwrap();
    assert_eq!(run(&["--env-file", envfile.to_str().unwrap(), img, "sh", "-c", "echo $C"]).trim(), "3");
    assert_eq!(run(&["--hostname", "myhost", img, "hostname"]).trim(), "myhost");
    assert_eq!(run(&["--entrypoint", "echo", img, "a", "b"]).trim(), "a b");
    let o = env.run(&["run", "--rm", "--read-only", img, "touch", "/x"]);
    assert_ne!(o.code, 0, "read-only root accepted a write");
    assert_eq!(run(&["--read-only", img, "sh", "-c", "echo ok > /dev/shm/x && cat /dev/shm/x"]).trim(), "ok");
    let caps = |args: &[&str]| -> u64 {
        let out = run(args);
        let line = out.lines().find(|l| l.starts_with("CapEff:")).unwrap().to_string();
        u64::from_str_radix(line.split_whitespace().nth(1).unwrap(), 16).unwrap()
    };
    let default = caps(&[img, "cat", "/proc/self/status"]);
    assert_eq!(default, 0xa80425fb, "docker's default capability set");
    assert_eq!(caps(&["--cap-drop", "ALL", img, "cat", "/proc/self/status"]), 0);
    assert_eq!(caps(&["--cap-add", "NET_ADMIN", img, "cat", "/proc/self/status"]), default | (1 << 12));
    assert_eq!(caps(&["-u", "1000", img, "cat", "/proc/self/status"]), 0, "non-root has no effective caps");
    let st = run(&[img, "cat", "/proc/self/status"]);
    assert!(st.lines().any(|l| l.starts_with("NoNewPrivs:") && l.ends_with('1')), "{st}");
    // masked and read-only /proc paths
    assert_eq!(run(&[img, "sh", "-c", "cat /proc/kcore | wc -c"]).trim(), "0");
    let o = env.run(&["run", "--rm", img, "sh", "-c", "echo 1 > /proc/sys/kernel/domainname"]);
    assert_ne!(o.code, 0);
    // --init: the command is not pid 1
    assert_eq!(run(&["--init", img, "sh", "-c", "echo $$"]).trim(), "2");
    // the host network
    let host_ifaces = std::fs::read_dir("/sys/class/net").unwrap().count();
    let inside = run(&["--network", "host", img, "ls", "/sys/class/net"]);
    assert_eq!(inside.lines().count(), host_ifaces, "{inside}");
    let o = env.fail(&["run", "--rm", "--network", "macvlan", img, "true"]);
    assert!(o.stderr.contains("unknown network mode"), "{}", o.stderr);
    // --userns: unprivileged containers always have one; root's have none unless asked
    let o = env.fail(&["run", "--rm", "--userns", "bogus", img, "true"]);
    assert!(o.stderr.contains("invalid --userns"), "{}", o.stderr);
    if is_root() {
        assert_eq!(
            run(&[img, "cat", "/proc/self/uid_map"]).split_whitespace().collect::<Vec<_>>(),
            ["0", "0", "4294967295"]
        );
        // --userns auto: a slice of the "containers" range (1024 ids: busybox's largest
        // named id is 1000), the image's files shown with their own owners through
        // idmapped layers, and the container's writes owned by the slice.
        let out = run(&[
            "--userns",
            "auto",
            img,
            "sh",
            "-c",
            "cat /proc/self/uid_map; id -u; stat -c %u /bin/busybox /home/user/owned; echo new > /home/user/owned; cat /home/user/owned",
        ]);
        let lines: Vec<&str> = out.lines().collect();
        let map: Vec<&str> = lines[0].split_whitespace().collect();
        assert_eq!((map[0], map[2]), ("0", "1024"), "{out}");
        let base: u32 = map[1].parse().unwrap();
        assert!(base > 0, "{out}");
        assert_eq!(&lines[1..], ["0", "0", "1000", "new"], "{out}");
        env.ok(&["run", "--name", "ns", "--userns", "auto", img, "sh", "-c", "touch /made; chown 1000 /made"]);
        let made = env.own_layer("ns").join("made");
        assert_eq!(std::fs::metadata(made).unwrap().uid(), base + 1000);
        env.ok(&["rm", "ns"]);
    } else {
        assert_eq!(run(&["--userns", "auto", img, "id", "-u"]).trim(), "0");
        let o = env.fail(&["run", "--rm", "--userns", "host", img, "true"]);
        assert!(o.stderr.contains("needs root"), "{}", o.stderr);
    }
}

#[test]
fn signals_reach_the_container_and_init_forwards_them() {
    let env = Env::new("c-signal");
    let img = busybox_image(&env);
    for init in [false, true] {
        let mut args = vec!["run", "--rm"];
        if init {
            args.push("--init");
        }
        args.extend([
            img,
            "sh",
            "-c",
            "trap 'echo got TERM; exit 3' TERM; echo ready; while true; do sleep 0.05; done",
        ]);
        let mut child = env.cmd(&args).stdout(Stdio::piped()).spawn().unwrap();
        let mut out = child.stdout.take().unwrap();
        let mut buf = [0u8; 6];
        std::io::Read::read_exact(&mut out, &mut buf).unwrap();
        assert_eq!(&buf, b"ready\n");
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        let status = child.wait().unwrap();
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
        assert_eq!(rest, "got TERM\n", "init={init}");
        assert_eq!(status.code(), Some(3), "init={init}");
    }
}

#[test]
fn tty_is_a_real_terminal() {
    let env = Env::new("c-tty");
    let img = busybox_image(&env);
    // `script` gives ctr a real terminal of its own (40x120).
    let ctr = format!("{} --root {}", ctr_bin().display(), env.root.display());
    let script = |inner: &str| {
        let o = std::process::Command::new("script")
            .args(["-qec", &format!("stty rows 40 cols 120; {inner}"), "/dev/null"])
            .env("HOME", env.path("home"))
            .stdin(Stdio::piped())
            .output()
            .expect("script (util-linux) runs ctr in a pty");
        (o.status.code(), String::from_utf8_lossy(&o.stdout).replace('\r', ""))
    };
    let (code, out) = script(&format!(
        "{ctr} run -t --rm {img} sh -c 'test -t 0 && test -t 1 && echo IS-A-TTY; tty; stty size; ls -l /dev/console'"
    ));
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("IS-A-TTY"), "{out}");
    assert!(out.contains("/dev/pts/0\n"), "a pty of the container's own devpts: {out}");
    assert!(out.contains("40 120\n"), "the terminal size is passed on: {out}");
    assert!(out.lines().any(|l| l.starts_with('c') && l.ends_with("/dev/console")), "{out}");
    env.ok(&["run", "-d", "--name", "t", img, "sleep", "60"]);
    let (code, out) = script(&format!("{ctr} exec -t t sh -c 'tty; stty size; exit 3'"));
    assert_eq!(code, Some(3), "{out}");
    assert!(out.contains("/dev/pts/0\n") && out.contains("40 120\n"), "{out}");
    env.ok(&["rm", "-f", "t"]);
}

#[test]
fn killed_cli_and_killed_monitor() {
    let env = Env::new("c-kill");
    let img = busybox_image(&env);
    // The CLI dies: the container goes on under its monitor and finishes its job.
    let mut cli = env
        .cmd(&["run", "--name", "orphan", img, "sh", "-c", "sleep 1; echo done"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let t = Instant::now();
    while env.run(&["inspect", "--format", "{{.State.Status}}", "orphan"]).stdout.trim() != "running" {
        assert!(t.elapsed() < Duration::from_secs(20), "the container never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    cli.kill().unwrap();
    cli.wait().unwrap();
    assert_eq!(env.ok(&["wait", "orphan"]).trim(), "0");
    assert_eq!(env.ok(&["logs", "orphan"]), "done\n");
    // The monitor dies: the container dies with it, and ps records an unknown exit.
    let id = env.ok(&["run", "-d", "--name", "victim", img, "sleep", "43219"]).trim().to_string();
    let monitors = pids_matching(&format!("__monitor {id}"));
    assert_eq!(monitors.len(), 1, "one monitor per container");
    unsafe { libc::kill(monitors[0], libc::SIGKILL) };
    std::thread::sleep(Duration::from_millis(200));
    let ps = env.ok(&["ps", "-a", "--format", "{{.Names}} {{.Status}}"]);
    assert!(ps.contains("victim Exited (-1)"), "{ps}");
    assert!(pids_matching("sleep 43219").is_empty(), "the container outlived its monitor");
    env.ok(&["rm", "victim", "orphan"]);
}

#[test]
fn name_conflicts_have_exactly_one_winner() {
    let env = Env::new("c-names");
    let img = busybox_image(&env);
    let kids: Vec<_> = (0..2)
        .map(|_| {
            env.cmd(&["create", "--name", "same", img, "true"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outs: Vec<_> = kids.into_iter().map(|k| k.wait_with_output().unwrap()).collect();
    let ok = outs.iter().filter(|o| o.status.success()).count();
    assert_eq!(ok, 1, "exactly one create wins");
    let loser = outs.iter().find(|o| !o.status.success()).unwrap();
    assert_eq!(loser.status.code(), Some(125));
    assert!(String::from_utf8_lossy(&loser.stderr).contains("already in use"));
    env.ok(&["rename", "same", "other"]);
    env.ok(&["start", "-a", "other"]);
    env.ok(&["container", "prune", "-f"]);
    assert_eq!(env.ok(&["ps", "-a", "-q"]), "");
}

#[test]
fn forty_containers_at_once() {
    let env = Env::new("c-forty");
    let img = busybox_image(&env);
    let kids: Vec<_> = (0..40)
        .map(|i| {
            env.cmd(&["run", "-d", "--name", &format!("c{i}"), img, "sleep", "3040"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for k in kids {
        let o = k.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let ps = env.ok(&["ps", "-q"]);
    assert_eq!(ps.lines().count(), 40, "{ps}");
    let names = env.ok(&["ps", "--format", "{{.Names}}"]);
    for i in 0..40 {
        assert!(names.lines().any(|l| l == format!("c{i}")), "c{i} missing");
    }
    let ids: Vec<String> = env.ok(&["ps", "-q", "--no-trunc"]).lines().map(String::from).collect();
    let kids: Vec<_> =
        (0..40).map(|i| env.cmd(&["rm", "-f", &format!("c{i}")]).stdout(Stdio::null()).spawn().unwrap()).collect();
    for mut k in kids {
        assert!(k.wait().unwrap().success());
    }
    assert_eq!(env.ok(&["ps", "-a", "-q"]), "");
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    assert!(!mountinfo.contains(env.root.to_str().unwrap()), "mounts left behind");
    for id in ids {
        assert!(pids_matching(&id).is_empty(), "a monitor of {id} is still running");
    }
    assert!(pids_matching("sleep 3040").is_empty());
}

#[test]
fn diff_top_and_attach() {
    let env = Env::new("c-diff");
    let img = busybox_image(&env);
    env.ok(&[
        "run",
        "-d",
        "--name",
        "d",
        img,
        "sh",
        "-c",
        "echo x > /new; rm /etc/group; echo more >> /etc/passwd; i=0; while true; do echo line $i; i=$((i+1)); sleep 0.1; done",
    ]);
    std::thread::sleep(Duration::from_millis(300));
    let diff = env.ok(&["diff", "d"]);
    for want in ["A /new", "D /etc/group", "C /etc/passwd", "C /etc"] {
        assert!(diff.lines().any(|l| l == want), "{want} missing from:\n{diff}");
    }
    let top = env.ok(&["top", "d"]);
    let first = top.lines().nth(1).unwrap();
    let cols: Vec<&str> = first.split_whitespace().collect();
    assert_eq!((cols[0], cols[1]), ("0", "1"), "{top}");
    assert!(top.contains("sleep 0.1") || top.contains("sh -c"), "{top}");
    let mut att = env.cmd(&["attach", "d"]).stdout(Stdio::piped()).spawn().unwrap();
    let mut out = att.stdout.take().unwrap();
    let mut buf = [0u8; 5];
    std::io::Read::read_exact(&mut out, &mut buf).unwrap();
    assert_eq!(&buf, b"line ");
    env.ok(&["kill", "-s", "KILL", "d"]);
    assert_eq!(att.wait().unwrap().code(), Some(137));
    env.ok(&["rm", "d"]);
}

/// `--pid host` (and the other namespace flags): the host's processes and /proc are seen,
/// `top` lists the container's own processes, and what the first process leaves running
/// ends with the container, as the end of a pid namespace would make it.
#[test]
fn pid_host_and_the_namespace_flags() {
    let env = Env::new("c-pidhost");
    let img = busybox_image(&env);
    let script = "for n in pid uts ipc cgroup; do readlink /proc/self/ns/$n; done; hostname; id -G";
    let out = env.ok(&[
        "run",
        "--rm",
        "--pid",
        "host",
        "--uts",
        "host",
        "--ipc",
        "host",
        "--cgroupns",
        "host",
        "--group-add",
        "33",
        img,
        "sh",
        "-c",
        script,
    ]);
    let lines: Vec<&str> = out.lines().collect();
    for (i, ns) in ["pid", "uts", "ipc", "cgroup"].iter().enumerate() {
        let mine = std::fs::read_link(format!("/proc/self/ns/{ns}")).unwrap();
        assert_eq!(lines[i], mine.to_str().unwrap(), "{ns}: {out}");
    }
    let host_name = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    assert_eq!(lines[4], host_name.trim(), "{out}");
    assert!(lines[5].split(' ').any(|g| g == "33"), "{out}");
    // The host's /proc: this test's own process is in it.
    let me = std::process::id().to_string();
    // (Not `ls /proc`: a process of a test running beside this one may end between its
    // readdir and its stat, and ls then fails.)
    let look = format!("test -d /proc/{me} && echo seen");
    let seen = env.ok(&["run", "--rm", "--pid", "host", img, "sh", "-c", &look]);
    assert_eq!(seen, "seen\n", "pid {me} not in the container's /proc");

    env.ok(&["run", "-d", "--name", "p", "--pid", "host", img, "sh", "-c", "sleep 4271 & exec sleep 4272"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    // (Until sh has forked the one and become the other: before, top shows `sh -c ...`.)
    let both =
        |top: &str| ["sleep 4271", "sleep 4272"].iter().all(|p| top.lines().any(|l| l.ends_with(&format!(" {p}"))));
    let top = loop {
        let top = env.ok(&["top", "p"]);
        if both(&top) || Instant::now() > deadline {
            break top;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(both(&top), "{top}");
    assert_eq!(top.lines().count(), 3, "only the container's processes:\n{top}");
    assert_eq!(pids_matching("sleep 4271").len(), 1);
    env.ok(&["stop", "-t", "1", "p"]);
    assert!(pids_matching("sleep 4271").is_empty(), "the first process's child outlived the container");
    env.ok(&["rm", "p"]);

    for (flag, bad) in [("--pid", "container:x"), ("--uts", "private2"), ("--ipc", "none2"), ("--cgroupns", "x")] {
        let o = env.fail(&["run", "--rm", flag, bad, img, "true"]);
        assert_eq!(o.code, 125);
        assert!(o.stderr.contains(&format!("({flag}) \"{bad}\" is not supported")), "{}", o.stderr);
    }
}

#[test]
fn commit_and_export() {
    let env = Env::new("c-commit");
    let img = busybox_image(&env);
    env.ok(&[
        "run",
        "--name",
        "src",
        "-e",
        "KEEP=yes",
        img,
        "sh",
        "-c",
        "echo data > /data.txt; rm /etc/group; mkdir -p /home/u; chown 1000:1000 /home/u; mkdir /opq; touch /opq/x",
    ]);
    let id = env.ok(&["commit", "-c", "CMD [\"cat\", \"/data.txt\"]", "-m", "saved", "src", "committed:1"]);
    assert!(id.trim().starts_with("sha256:"), "{id}");
    assert_eq!(env.ok(&["run", "--rm", "committed:1"]), "data\n");
    let out = env.ok(&[
        "run",
        "--rm",
        "committed:1",
        "sh",
        "-c",
        "test -e /etc/group || echo gone; stat -c %u /home/u; echo $KEEP",
    ]);
    assert_eq!(out, "gone\n1000\nyes\n");
    let i = env.inspect("committed:1");
    assert_eq!(i["RootFS"]["Layers"].as_array().unwrap().len(), 2);
    assert_eq!(i["Comment"], "saved");
    // export: the merged file system, as the container sees it
    let exported = env.path("export.tar");
    env.ok(&["export", "-o", exported.to_str().unwrap(), "src"]);
    let o = std::process::Command::new("tar").args(["-tvf", exported.to_str().unwrap()]).output().unwrap();
    let list = String::from_utf8_lossy(&o.stdout);
    assert!(list.contains(" data.txt"), "{list}");
    assert!(list.contains("bin/busybox"), "{list}");
    assert!(!list.contains("etc/group"), "deleted files are not exported: {list}");
    assert!(
        list.lines().any(|l| l.contains("1000/1000") && l.ends_with("home/u")),
        "owners as in the container: {list}"
    );
    // an exported file system imports back as a working image
    env.ok(&["import", "--change", "CMD [\"cat\", \"/data.txt\"]", exported.to_str().unwrap(), "reimported"]);
    assert_eq!(env.ok(&["run", "--rm", "reimported"]), "data\n");
    env.ok(&["rm", "src"]);
}

#[test]
fn cp_both_ways_stays_inside_the_container() {
    let env = Env::new("c-cp");
    let img = busybox_image(&env);
    let host = env.path("hostdir");
    std::fs::create_dir_all(host.join("tree/sub")).unwrap();
    std::fs::write(host.join("file.txt"), "from host\n").unwrap();
    std::fs::write(host.join("tree/sub/deep"), "deep\n").unwrap();
    let outside = env.path("outside");
    std::fs::create_dir_all(&outside).unwrap();
    // A stopped container, with a symlink that points at a host path.
    let link_target = outside.to_str().unwrap().to_string();
    env.ok(&["run", "--name", "box", img, "sh", "-c", &format!("ln -s {link_target} /escape; mkdir /data")]);
    env.ok(&["cp", host.join("file.txt").to_str().unwrap(), "box:/data/"]);
    env.ok(&["cp", host.join("tree").to_str().unwrap(), "box:/data/tree"]);
    let o = env.run(&["cp", host.join("file.txt").to_str().unwrap(), "box:/escape/pwned"]);
    assert_ne!(o.code, 0, "copy through a symlink to a host path must fail (it resolves inside the container)");
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0, "nothing written outside the container");
    env.ok(&["cp", "box:/data", env.path("back").to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(env.path("back/file.txt")).unwrap(), "from host\n");
    assert_eq!(std::fs::read_to_string(env.path("back/tree/sub/deep")).unwrap(), "deep\n");
    // A running container.
    env.ok(&["run", "-d", "--name", "live", img, "sleep", "60"]);
    env.ok(&["cp", host.join("file.txt").to_str().unwrap(), "live:/tmp/"]);
    assert_eq!(env.ok(&["exec", "live", "stat", "-c", "%u %n", "/tmp/file.txt"]), "0 /tmp/file.txt\n");
    env.ok(&["exec", "live", "sh", "-c", "echo made inside > /made"]);
    env.ok(&["cp", "live:/made", env.path("made.txt").to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(env.path("made.txt")).unwrap(), "made inside\n");
    let o = env.fail(&["cp", "nofile", "live:/x"]);
    assert!(o.stderr.contains("nofile"), "{}", o.stderr);
    let o = env.fail(&["cp", "a", "b"]);
    assert!(o.stderr.contains("CONTAINER:PATH"), "{}", o.stderr);
    env.ok(&["rm", "-f", "live", "box"]);
}

#[test]
fn external_runtime_runs_the_bundle() {
    let env = Env::new("c-runc");
    let img = busybox_image(&env);
    let runc = ["/usr/sbin/runc", "/usr/bin/runc"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("runc (Debian package runc) is needed by the tests");
    let out = env.ok(&[
        "--storage-driver",
        "overlay",
        "--runtime",
        runc,
        "run",
        "--rm",
        img,
        "sh",
        "-c",
        "echo pid=$$; id -u",
    ]);
    assert_eq!(out, "pid=1\n0\n");
    assert_eq!(
        env.run(&["--storage-driver", "overlay", "--runtime", runc, "run", "--rm", img, "sh", "-c", "exit 4"]).code,
        4
    );
    // detached: ps, exec, stop, and the bundle's config.json is a valid OCI spec
    let id = env
        .ok(&["--storage-driver", "overlay", "--runtime", runc, "run", "-d", "--name", "r", img, "sleep", "60"])
        .trim()
        .to_string();
    assert!(env.ok(&["ps"]).contains(" r\n") || env.ok(&["ps", "--format", "{{.Names}}"]).contains('r'));
    assert_eq!(env.ok(&["exec", "r", "cat", "/proc/1/cmdline"]), "sleep\u{0}60\u{0}");
    let runroot = std::env::var("XDG_RUNTIME_DIR")
        .map(|d| std::path::PathBuf::from(d).join("ctr"))
        .unwrap_or_else(|_| "/run/ctr".into());
    let cfg: serde_json::Value = serde_json::from_slice(
        &std::fs::read(runroot.join("containers").join(&id).join("runtime/config.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(cfg["process"]["args"], serde_json::json!(["sleep", "60"]));
    env.ok(&["stop", "-t", "1", "r"]);
    assert_eq!(env.inspect_container("r")["State"]["Status"], "exited");
    env.ok(&["rm", "r"]);
    let left: Vec<String> = pids_matching("sleep\u{0}60")
        .iter()
        .map(|p| std::fs::read_to_string(format!("/proc/{p}/cmdline")).unwrap_or_default())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn images_with_many_layers_run() {
    let env = Env::new("c-layers");
    // 80 layers: their paths overflow mount(2)'s one page of options unless shortened.
    let mut layers = vec![busybox_rootfs_tar()];
    for i in 0..79 {
        let name = format!("f{i}");
        layers.push(make_tar(&[Entry::File(&name, format!("layer {i}\n").as_bytes())]));
    }
    let dir = env.path("many");
    oci_layout(&dir, &layers, "many:layers");
    env.ok(&["load", "-i", dir.to_str().unwrap()]);
    assert_eq!(env.inspect("many:layers")["RootFS"]["Layers"].as_array().unwrap().len(), 80);
    assert_eq!(env.ok(&["run", "--rm", "many:layers", "cat", "/f0", "/f78"]), "layer 0\nlayer 78\n");
}

/// Unprivileged: every container and `ctr unshare` join the user namespace one pause
/// process keeps (no newuidmap/newgidmap per container); a pause process that is killed,
/// or a pid file naming some other process, is replaced by the next command, and a
/// container started before keeps running in its namespace.
#[test]
fn one_user_namespace_kept_by_a_pause_process() {
    if is_root() {
        // Real root writes id maps itself: no pause process.
        return;
    }
    let env = Env::new("c-pause");
    let img = busybox_image(&env);
    // A runtime dir of its own: the other tests' pause process is not this test's to kill.
    // Short: the attach sockets live there (sun_path is 108 bytes).
    let runroot = std::path::PathBuf::from(format!("/tmp/ctr-pause-{}", std::process::id()));
    let rr = runroot.to_str().unwrap();
    let pause_pid = || -> i32 {
        std::fs::read_to_string(runroot.join("pause.pid")).expect("pause.pid").trim().parse().expect("a pid")
    };
    let ns = |pid: i32| std::fs::read_link(format!("/proc/{pid}/ns/user")).map(|p| p.display().to_string());
    let a = env.ok(&["--runroot", rr, "run", "-d", "--name", "a", img, "sleep", "107"]).trim().to_string();
    let pid_a: i32 = env.ok(&["--runroot", rr, "inspect", "--format", "{{.State.Pid}}", &a]).trim().parse().unwrap();
    let pause = pause_pid();
    let shared = ns(pause).unwrap();
    assert_eq!(ns(pid_a).unwrap(), shared, "the container is not in the pause process's user namespace");
    assert_ne!(shared, std::fs::read_link("/proc/self/ns/user").unwrap().display().to_string());
    // The maps are the full subordinate ranges, in the container and in `ctr unshare`.
    let maps = env.ok(&["--runroot", rr, "run", "--rm", img, "cat", "/proc/self/uid_map"]);
    assert!(maps.lines().count() >= 2 && maps.contains(&first_subuid().to_string()), "{maps}");
    let out = env.ok(&["--runroot", rr, "unshare", "sh", "-c", "readlink /proc/$$/ns/user; cat /proc/self/uid_map"]);
    assert!(out.starts_with(&shared), "ctr unshare is not in the shared namespace: {out}");
    assert_eq!(pause_pid(), pause, "a second pause process was started");

    // Killed: the next container starts a new one; the running one is untouched.
    unsafe { libc::kill(pause, libc::SIGKILL) };
    let t = Instant::now();
    while std::path::Path::new(&format!("/proc/{pause}/ns")).exists() && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(env.ok(&["--runroot", rr, "run", "--rm", img, "echo", "again"]), "again\n");
    let pause2 = pause_pid();
    assert_ne!(pause2, pause);
    assert_ne!(ns(pause2).unwrap(), shared, "a new pause process has a new namespace");
    assert_eq!(env.ok(&["--runroot", rr, "inspect", "--format", "{{.State.Status}}", "a"]).trim(), "running");
    assert_eq!(env.ok(&["--runroot", rr, "exec", "a", "echo", "still"]), "still\n");

    // A pid file naming another live process of this user (this test) is not joined.
    std::fs::write(runroot.join("pause.pid"), format!("{}\n", std::process::id())).unwrap();
    let b = env.ok(&["--runroot", rr, "run", "-d", img, "sleep", "107"]).trim().to_string();
    let pid_b: i32 = env.ok(&["--runroot", rr, "inspect", "--format", "{{.State.Pid}}", &b]).trim().parse().unwrap();
    let pause3 = pause_pid();
    assert_ne!(pause3, std::process::id() as i32);
    assert_eq!(ns(pid_b).unwrap(), ns(pause3).unwrap());
    env.ok(&["--runroot", rr, "rm", "-f", &a, &b]);
    for p in [pause2, pause3] {
        unsafe { libc::kill(p, libc::SIGKILL) };
    }
    let _ = std::fs::remove_dir_all(&runroot);
}

/// `ctr run` starts its monitor before the container exists: when the run fails before
/// there is a container (no such image, a bad flag value), that monitor goes away and
/// nothing is left; when it works, the monitor's command line names the container.
#[test]
fn monitor_started_ahead_leaves_nothing_when_the_run_fails() {
    let env = Env::new("c-ahead");
    let img = busybox_image(&env);
    let placeholder = "-".repeat(64);
    let before = pids_matching(&format!("__monitor {placeholder} {}", env.root.display()));
    assert!(before.is_empty(), "{before:?}");
    let out = env.fail(&["run", "--rm", "--pull", "never", "no-such-image-here", "true"]);
    assert_eq!(out.code, 125, "{}", out.stderr);
    let out = env.fail(&["run", "--rm", "--memory", "lots", img, "true"]);
    assert_eq!(out.code, 125, "{}", out.stderr);
    let t = Instant::now();
    while !pids_matching(&format!("__monitor {placeholder} {}", env.root.display())).is_empty() {
        assert!(t.elapsed() < Duration::from_secs(5), "a monitor started ahead outlived the failed run");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(env.ok(&["ps", "-aq"]), "");
    let id = env.ok(&["run", "-d", img, "sleep", "30"]).trim().to_string();
    assert_eq!(pids_matching(&format!("__monitor {id} ")).len(), 1, "the monitor's command line names {id}");
    env.ok(&["rm", "-f", &id]);
}

/// CTR_TRACE_START: the CLI, the monitor and the container's init each record their
/// steps, in order (benches/run-latency.sh reads these).
#[test]
fn start_steps_are_traced_in_order() {
    let env = Env::new("c-trace");
    let img = busybox_image(&env);
    let file = env.dir.join("trace");
    // The local engine's start path (monitor ahead, init): what the trace is of.
    let out = env.local_cmd(&["run", "--rm", img, "true"]).env("CTR_TRACE_START", &file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&file).unwrap();
    let at = |step: &str| -> u128 {
        let line = text.lines().find(|l| l.splitn(3, ' ').nth(2) == Some(step));
        line.unwrap_or_else(|| panic!("no step {step:?} in:\n{text}")).split(' ').next().unwrap().parse().unwrap()
    };
    let order = [
        "cli: flags parsed",
        "cli: container created",
        "monitor: init cloned",
        "init: exec",
        "monitor: init exec'd",
        "monitor: container exited",
        "cli: exit code received",
        "cli: exit",
    ];
    for w in order.windows(2) {
        assert!(at(w[0]) <= at(w[1]), "{} after {}:\n{text}", w[0], w[1]);
    }
    assert!(at("monitor: main") < at("monitor: detached"));
}
