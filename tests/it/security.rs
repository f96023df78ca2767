//! Security defaults: the seccomp filter (ctr's built-in profile, the containers
//! ecosystem's, custom ones, unconfined), `--security-opt`, `--privileged`. The calls are
//! made by a small static C program (`probe/sysprobe.c`, built here with gcc) in a
//! busybox container, which prints each call's errno.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::common::*;

/// The probe built into a directory of the test's (bind-mounted at /probe).
fn probe(env: &Env) -> PathBuf {
    let dir = env.path("probe");
    std::fs::create_dir_all(&dir).unwrap();
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/probe/sysprobe.c");
    // The test binary may run where the source is not readable (CI copies only binaries):
    // the source is compiled in.
    let text = include_str!("probe/sysprobe.c");
    let c = dir.join("sysprobe.c");
    std::fs::write(&c, text).unwrap();
    let o = std::process::Command::new("gcc")
        .args(["-static", "-O2", "-o"])
        .arg(dir.join("sysprobe"))
        .arg(&c)
        .output()
        .unwrap_or_else(|e| panic!("gcc (to build {src}) is needed by the tests: {e}"));
    assert!(o.status.success(), "gcc: {}", String::from_utf8_lossy(&o.stderr));
    dir
}

/// Runs the probe for `calls` in a container with `opts`; each call's result.
fn calls(env: &Env, img: &str, dir: &std::path::Path, opts: &[&str], calls: &[&str]) -> BTreeMap<String, String> {
    let vol = format!("{}:/probe:ro", dir.display());
    let mut args = vec!["run", "--rm", "--network", "none", "-v", &vol];
    args.extend_from_slice(opts);
    args.push(img);
    args.push("/probe/sysprobe");
    args.extend_from_slice(calls);
    let out = env.ok(&args);
    out.lines().filter_map(|l| l.split_once(' ')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn expect(got: &BTreeMap<String, String>, want: &[(&str, &str)], what: &str) {
    for (k, v) in want {
        assert_eq!(got.get(*k).map(String::as_str), Some(*v), "{what}: {k} in {got:?}");
    }
}

/// (unshare_user last: after it the probe is in a user namespace of its own, which does
/// not own the container's mount namespace.)
const ALL: &[&str] = &["keyctl", "add_key", "mount", "swapon", "reboot", "clock_settime", "mkdir", "unshare_user"];

#[test]
fn seccomp_profiles_decide_what_the_kernel_is_asked() {
    let env = Env::new("sec-seccomp");
    let img = busybox_image(&env);
    let dir = probe(&env);

    // ctr's built-in default: keyrings, user namespaces, mount, swap, reboot and the clock
    // refused; the ordinary calls pass.
    let builtin = calls(&env, img, &dir, &["--security-opt", "seccomp=builtin"], ALL);
    expect(
        &builtin,
        &[
            ("keyctl", "EPERM"),
            ("add_key", "EPERM"),
            ("unshare_user", "EPERM"),
            ("mount", "EPERM"),
            ("swapon", "EPERM"),
            ("reboot", "EPERM"),
            ("clock_settime", "EPERM"),
            ("mkdir", "ok"),
        ],
        "builtin",
    );
    // unconfined: the kernel decides (keyrings and a user namespace are allowed there;
    // what needs host privileges still is not).
    let open = calls(&env, img, &dir, &["--security-opt", "seccomp=unconfined"], ALL);
    expect(&open, &[("keyctl", "ok"), ("add_key", "ok"), ("unshare_user", "ok"), ("mkdir", "ok")], "unconfined");
    // A capability given brings back the calls it guards.
    let admin = calls(&env, img, &dir, &["--security-opt", "seccomp=builtin", "--cap-add", "SYS_ADMIN"], ALL);
    expect(&admin, &[("unshare_user", "ok"), ("mount", "ok"), ("keyctl", "EPERM")], "builtin + SYS_ADMIN");
    let boot = calls(&env, img, &dir, &["--security-opt", "seccomp=builtin", "--cap-add", "SYS_BOOT"], &["reboot"]);
    // (In a pid namespace of its own, reboot's CAD_OFF is the kernel's EINVAL.)
    expect(&boot, &[("reboot", "EINVAL")], "builtin + SYS_BOOT");

    // The default: what `ctr info` names.
    let info = env.ok(&["info"]);
    let default = info.lines().find_map(|l| l.strip_prefix("seccomp profile:")).expect("ctr info names the profile");
    let default = default.trim();
    let got = calls(&env, img, &dir, &[], ALL);
    if default == "builtin" {
        assert_eq!(got, builtin, "the default is the built-in profile");
    } else {
        // containers-common's: unknown calls ENOSYS (add_key is not listed), swap EPERM.
        assert!(std::path::Path::new(default).is_file(), "{info}");
        expect(&got, &[("add_key", "ENOSYS"), ("swapon", "EPERM"), ("mkdir", "ok")], default);
        let file = calls(&env, img, &dir, &["--security-opt", &format!("seccomp={default}")], ALL);
        assert_eq!(got, file, "the default is {default}");
    }
    let id = env.ok(&["create", "--name", "d", img, "true"]);
    let v = env.inspect_container(id.trim());
    assert_eq!(v["SeccompProfile"], default, "{}", v["SeccompProfile"]);

    // A profile of one's own: mkdir denied, the rest allowed.
    let custom = env.path("no-mkdir.json");
    std::fs::write(
        &custom,
        r#"{"defaultAction": "SCMP_ACT_ALLOW",
            "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}"#,
    )
    .unwrap();
    let opt = format!("seccomp={}", custom.display());
    let got = calls(&env, img, &dir, &["--security-opt", &opt], &["mkdir", "keyctl"]);
    expect(&got, &[("mkdir", "EACCES"), ("keyctl", "ok")], "no-mkdir.json");
    let o = env.run(&["run", "--rm", "--network", "none", "--security-opt", &opt, img, "mkdir", "/x"]);
    assert_ne!(o.code, 0, "busybox mkdir under a profile denying it: {}", o.stdout);
    // The profile is kept with the container: a later edit of the file changes nothing.
    env.ok(&["create", "--name", "kept", "--network", "none", "--security-opt", &opt, img, "mkdir", "/y"]);
    std::fs::write(&custom, r#"{"defaultAction": "SCMP_ACT_ALLOW"}"#).unwrap();
    let o = env.run(&["start", "-a", "kept"]);
    assert_ne!(o.code, 0, "the profile given at create still applies: {}", o.stdout);

    // An entry for another architecture is ignored cleanly.
    let other = env.path("s390x.json");
    std::fs::write(
        &other,
        r#"{"defaultAction": "SCMP_ACT_ALLOW",
            "archMap": [{"architecture": "SCMP_ARCH_S390X", "subArchitectures": ["SCMP_ARCH_S390"]}],
            "syscalls": [{"names": ["mkdir", "mkdirat", "s390_runtime_instr"], "action": "SCMP_ACT_ERRNO",
                          "includes": {"arches": ["s390x"]}}]}"#,
    )
    .unwrap();
    let got = calls(&env, img, &dir, &["--security-opt", &format!("seccomp={}", other.display())], &["mkdir"]);
    expect(&got, &[("mkdir", "ok")], "an s390x-only rule");
}

#[test]
fn bad_profiles_and_options_are_refused_before_anything_is_made() {
    let env = Env::new("sec-bad");
    let img = busybox_image(&env);
    let bad = env.path("bad.json");
    for (text, says) in [
        ("{ not json", "not valid JSON"),
        (r#"{"defaultAction": "SCMP_ACT_MAYBE"}"#, "SCMP_ACT_MAYBE"),
        (
            r#"{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 9, "value": 0, "op": "SCMP_CMP_EQ"}]}]}"#,
            "argument index 9",
        ),
    ] {
        std::fs::write(&bad, text).unwrap();
        let o = env.run(&["run", "--rm", "--security-opt", &format!("seccomp={}", bad.display()), img, "true"]);
        assert_eq!(o.code, 125, "{}", o.stderr);
        assert!(o.stderr.contains("bad.json") && o.stderr.contains(says), "{says}: {}", o.stderr);
    }
    for (opt, says) in [
        ("seccomp=/no/such/profile.json", "cannot read the profile"),
        ("label=type:spc_t", "SELinux"),
        ("mask=relative/path", "absolute path"),
        ("frobnicate=1", "unknown option"),
    ] {
        let o = env.run(&["run", "--rm", "--security-opt", opt, img, "true"]);
        assert_eq!(o.code, 125, "{opt}: {}", o.stderr);
        assert!(o.stderr.contains(says), "{opt}: {}", o.stderr);
    }
    // A broken default profile (containers.conf's seccomp_profile; the engine's own
    // setting: local): refused, and the container undone.
    let conf = env.path("containers.conf");
    std::fs::write(&conf, format!("[containers]\nseccomp_profile = \"{}\"\n", bad.display())).unwrap();
    let o: Out = env
        .local_cmd(&["run", "--rm", "--network", "none", img, "true"])
        .env("CONTAINERS_CONF", &conf)
        .output()
        .unwrap()
        .into();
    assert_eq!(o.code, 125, "{}", o.stderr);
    assert!(o.stderr.contains("bad.json"), "{}", o.stderr);
    assert_eq!(env.ok(&["ps", "-aq"]), "", "nothing was created");
    // Accepted as podman accepts them where there is no SELinux or AppArmor.
    env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--security-opt",
        "label=disable",
        "--security-opt",
        "apparmor=unconfined",
        img,
        "true",
    ]);
}

#[test]
fn no_new_privileges_masks_exec_and_privileged() {
    let env = Env::new("sec-opts");
    let img = busybox_image(&env);
    let status = |opts: &[&str], key: &str| -> String {
        let mut a = vec!["run", "--rm", "--network", "none"];
        a.extend_from_slice(opts);
        a.extend([img, "grep", key, "/proc/self/status"]);
        env.ok(&a).split_whitespace().nth(1).unwrap_or_default().to_string()
    };
    assert_eq!(status(&[], "Seccomp:"), "2", "a filter by default");
    assert_eq!(status(&[], "NoNewPrivs:"), "1");
    // no_new_privs off: the filter is installed before the capabilities go.
    assert_eq!(status(&["--security-opt", "no-new-privileges=false"], "NoNewPrivs:"), "0");
    assert_eq!(status(&["--security-opt", "no-new-privileges=false"], "Seccomp:"), "2");
    assert_eq!(status(&["--security-opt", "seccomp=unconfined"], "Seccomp:"), "0");
    // exec'd processes get the container's filter.
    env.ok(&["run", "-d", "--name", "e", "--network", "none", img, "sleep", "300"]);
    let got = env.ok(&["exec", "e", "grep", "Seccomp:", "/proc/self/status"]);
    assert_eq!(got.split_whitespace().nth(1), Some("2"), "{got}");
    env.ok(&["rm", "-f", "e"]);

    // mask / unmask
    let keys = |opts: &[&str]| -> String {
        let mut a = vec!["run", "--rm", "--network", "none"];
        a.extend_from_slice(opts);
        a.extend([img, "stat", "-c", "%t:%T", "/proc/keys"]);
        env.ok(&a)
    };
    let masked = keys(&[]);
    assert!(masked.starts_with("1:3\n"), "/proc/keys masked by /dev/null: {masked}");
    let unmasked = keys(&["--security-opt", "unmask=/proc/keys"]);
    assert!(!unmasked.starts_with("1:3\n"), "{unmasked}");
    let o = env.run(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--security-opt",
        "mask=/etc/hostname",
        img,
        "cat",
        "/etc/hostname",
    ]);
    assert_eq!((o.code, o.stdout.as_str()), (0, ""), "masked: {}", o.stderr);

    // --privileged: every capability of the namespace, no filter, nothing masked.
    // (Every capability the kernel has that ctr may pass on: its own bounding set.)
    let last: u32 = std::fs::read_to_string("/proc/sys/kernel/cap_last_cap").unwrap().trim().parse().unwrap();
    let status_text = std::fs::read_to_string("/proc/self/status").unwrap();
    let bnd = status_text.lines().find_map(|l| l.strip_prefix("CapBnd:")).unwrap().trim();
    let all = format!("{:016x}", ((1u64 << (last + 1)) - 1) & u64::from_str_radix(bnd, 16).unwrap());
    assert_eq!(status(&["--privileged"], "CapEff:"), all, "every capability");
    assert_eq!(status(&["--privileged"], "Seccomp:"), "0");
    assert!(!keys(&["--privileged"]).starts_with("1:3\n"));
    let id = env.ok(&["create", "--privileged", "--security-opt", "label=disable", img, "true"]);
    let v = env.inspect_container(id.trim());
    assert_eq!(v["HostConfig"]["Privileged"], true, "{}", v["HostConfig"]);
    assert_eq!(v["HostConfig"]["SecurityOpt"], serde_json::json!(["label=disable"]));
    assert_eq!(v["SeccompProfile"], "unconfined");
}

#[test]
fn devices_and_cdi() {
    let env = Env::new("sec-dev");
    let img = busybox_image(&env);
    let out = env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--device",
        "/dev/null:/dev/ctrnull",
        "--device",
        "/dev/zero:/dev/ctrzero:rwm",
        img,
        "sh",
        "-c",
        "stat -c '%F %t:%T' /dev/ctrnull /dev/ctrzero; echo gone > /dev/ctrnull && head -c 3 /dev/ctrzero | wc -c",
    ]);
    assert_eq!(out, "character special file 1:3\ncharacter special file 1:5\n3\n");
    let id = env.ok(&["create", "--device", "/dev/null:/dev/ctrnull", img, "true"]);
    let v = env.inspect_container(id.trim());
    assert_eq!(v["HostConfig"]["Devices"][0]["PathInContainer"], "/dev/ctrnull", "{}", v["HostConfig"]);
    // What cannot be enforced, and what does not exist, is refused before anything runs.
    for (dev, says) in [
        ("/dev/zero:/dev/z:r", "cannot be enforced"),
        ("/dev/nosuch", "/dev/nosuch"),
        ("/etc/passwd", "not a device node"),
    ] {
        let o = env.run(&["run", "--rm", "--device", dev, img, "true"]);
        assert_eq!(o.code, 125, "{dev}: {}", o.stderr);
        assert!(o.stderr.contains(says), "{dev}: {}", o.stderr);
    }

    // CDI: a spec of our own (the directory is the engine's setting: local only).
    let cdi = env.path("cdi");
    std::fs::create_dir_all(&cdi).unwrap();
    let shared = env.path("cdi-shared.txt");
    std::fs::write(&shared, "from the cdi spec\n").unwrap();
    std::fs::write(
        cdi.join("ctr-test.yaml"),
        format!(
            "# a hand-written spec, as vendors ship them\ncdiVersion: \"0.6.0\"\nkind: ctr.test/null\ncontainerEdits:\n  env: [\"CTR_CDI_KIND=null\"]\ndevices:\n  - name: one\n    containerEdits:\n      deviceNodes:\n        - path: /dev/ctr-null0\n          hostPath: /dev/null\n      env: [\"CTR_CDI=one\"]\n      mounts:\n        - hostPath: {}\n          containerPath: /etc/cdi-shared.txt\n          options: [ro, nosuid]\n",
            shared.display()
        ),
    )
    .unwrap();
    // Hooks at every OCI stage: the host's sh writes the state it is given where the test
    // reads it; startContainer is the container's own sh (after pivot_root).
    let out = env.path("hooks-out");
    std::fs::create_dir_all(&out).unwrap();
    let host_hook = |stage: &str| {
        format!(
            r#"{{"hookName": "{stage}", "path": "/bin/sh", "args": ["sh", "-c", "cat > {}/{stage}"]}}"#,
            out.display()
        )
    };
    let hooks = [
        host_hook("prestart"),
        host_hook("createRuntime"),
        format!(
            r#"{{"hookName": "createContainer", "path": "/bin/sh", "args": ["sh", "-c", "cat > {o}/createContainer; echo $HOOKENV > {o}/env"], "env": ["HOOKENV=given-createContainer"]}}"#,
            o = out.display()
        ),
        r#"{"hookName": "startContainer", "path": "/bin/sh", "args": ["sh", "-c", "cat > /hooked-state"]}"#.to_string(),
        host_hook("poststart"),
        host_hook("poststop"),
    ];
    std::fs::write(
        cdi.join("hooked.json"),
        format!(
            r#"{{"cdiVersion": "0.6.0", "kind": "ctr.test/hooked", "devices": [
              {{"name": "h", "containerEdits": {{"hooks": [{}]}}}},
              {{"name": "failing", "containerEdits": {{"hooks": [{{"hookName": "createRuntime", "path": "/bin/sh", "args": ["sh", "-c", "echo no device here >&2; exit 3"]}}]}}}},
              {{"name": "slow", "containerEdits": {{"hooks": [{{"hookName": "createContainer", "path": "/bin/sh", "args": ["sh", "-c", "exec sleep 30"], "timeout": 1}}]}}}},
              {{"name": "bogus", "containerEdits": {{"hooks": [{{"hookName": "preStart", "path": "/bin/true"}}]}}}}]}}"#,
            hooks.join(", ")
        ),
    )
    .unwrap();
    let with_cdi =
        |args: &[&str]| -> Out { env.local_cmd(args).env("CTR_CDI_SPEC_DIRS", &cdi).output().unwrap().into() };
    let o = with_cdi(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--device",
        "ctr.test/null=one",
        img,
        "sh",
        "-c",
        "stat -c '%F %t:%T' /dev/ctr-null0; echo $CTR_CDI $CTR_CDI_KIND; cat /etc/cdi-shared.txt",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, "character special file 1:3\none null\nfrom the cdi spec\n");
    let o = with_cdi(&["run", "--rm", "--device", "ctr.test/null=two", img, "true"]);
    assert!(
        o.code == 125 && o.stderr.contains("no CDI spec") && o.stderr.contains("ctr.test/null=two"),
        "{}",
        o.stderr
    );
    let o =
        with_cdi(&["run", "--rm", "--network", "none", "--device", "ctr.test/hooked=h", img, "cat", "/hooked-state"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let state = |s: &str| -> serde_json::Value { serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s:?}")) };
    let inside = state(&o.stdout);
    assert_eq!(inside["status"], "created", "{inside}");
    let id = inside["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 64, "{inside}");
    for (stage, status) in [
        ("prestart", "created"),
        ("createRuntime", "created"),
        ("createContainer", "created"),
        ("poststart", "running"),
        ("poststop", "stopped"),
    ] {
        let text =
            std::fs::read_to_string(out.join(stage)).unwrap_or_else(|e| panic!("the {stage} hook did not run: {e}"));
        let v = state(&text);
        assert_eq!((v["id"].as_str(), v["status"].as_str()), (Some(id.as_str()), Some(status)), "{stage}: {v}");
        assert!(v["pid"].as_i64().unwrap() > 1, "{stage}: {v}");
        assert!(v["bundle"].as_str().unwrap().contains(&id), "{stage}: {v}");
    }
    assert_eq!(std::fs::read_to_string(out.join("env")).unwrap().trim(), "given-createContainer", "the hook's env");
    // A failing hook fails the start, saying which and what it said; a hook past its
    // timeout is killed; a stage OCI does not have is refused.
    let o = with_cdi(&["run", "--rm", "--network", "none", "--device", "ctr.test/hooked=failing", img, "true"]);
    assert_eq!(o.code, 125, "{}", o.stderr);
    assert!(
        o.stderr.contains("the createRuntime hook /bin/sh: failed (exit status: 3): no device here"),
        "{}",
        o.stderr
    );
    let o = with_cdi(&["run", "--rm", "--network", "none", "--device", "ctr.test/hooked=slow", img, "true"]);
    assert!(o.code == 125 && o.stderr.contains("still running after its timeout of 1 s"), "{}", o.stderr);
    let o = with_cdi(&["run", "--rm", "--device", "ctr.test/hooked=bogus", img, "true"]);
    assert!(o.code == 125 && o.stderr.contains("no OCI hook stage"), "{}", o.stderr);
    assert_eq!(env.ok(&["ps", "-aq"]).lines().count(), 1, "only the container made above");

    // --privileged binds the host's devices this user may open.
    let usable: Vec<&str> = ["/dev/fuse", "/dev/net/tun"]
        .into_iter()
        .filter(|d| std::fs::OpenOptions::new().read(true).open(d).is_ok())
        .collect();
    let listed = env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--privileged",
        img,
        "sh",
        "-c",
        "ls /dev/fuse /dev/net/tun 2>/dev/null; true",
    ]);
    for d in usable {
        assert!(listed.lines().any(|l| l == d), "{d} in a privileged container: {listed}");
    }
}

/// The docker CLI's forms through ctr's service: `seccomp=FILE` sent as the profile's
/// text, unconfined, `--privileged`, `--device`.
#[test]
fn docker_cli_security_options_through_the_service() {
    let env = Env::new("sec-docker");
    let img = busybox_image(&env);
    let svc = crate::api::service(&env, "sec.sock");
    let custom = env.path("no-mkdir.json");
    std::fs::write(
        &custom,
        r#"{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]}"#,
    )
    .unwrap();
    let d = |args: &[&str]| crate::api::docker(&svc.sock, args);
    let run = |opts: &[&str], cmd: &[&str]| -> Out {
        let mut a = vec!["run", "--rm", "--network", "none"];
        a.extend_from_slice(opts);
        a.push(img);
        a.extend_from_slice(cmd);
        d(&a)
    };
    let o = run(&["--security-opt", &format!("seccomp={}", custom.display())], &["mkdir", "/x"]);
    assert_ne!(o.code, 0, "mkdir denied by the profile the CLI sent: {} {}", o.stdout, o.stderr);
    let o = run(&["--security-opt", "seccomp=unconfined"], &["grep", "Seccomp:", "/proc/self/status"]);
    assert_eq!(o.stdout.split_whitespace().nth(1), Some("0"), "{} {}", o.stdout, o.stderr);
    let o = run(&["--privileged"], &["grep", "Seccomp:", "/proc/self/status"]);
    assert_eq!(o.stdout.split_whitespace().nth(1), Some("0"), "{} {}", o.stdout, o.stderr);
    let o = run(&["--device", "/dev/null:/dev/dnull"], &["stat", "-c", "%t:%T", "/dev/dnull"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "1:3\n"), "{}", o.stderr);
    let o = d(&["info", "--format", "{{json .SecurityOptions}}"]);
    assert!(o.stdout.contains("name=seccomp"), "{} {}", o.stdout, o.stderr);
}

/// `--group-add keep-groups`: the process keeps the supplementary groups of the user who
/// runs it (unmapped in the container's user namespace, they show as the overflow gid).
#[test]
fn keep_groups_keeps_the_users_groups() {
    let env = Env::new("sec-groups");
    let img = busybox_image(&env);
    let mine = nix::unistd::getgroups().unwrap();
    let primary = nix::unistd::getgid();
    let extra = mine.iter().filter(|g| **g != primary).count();
    let groups = |opts: &[&str]| -> Vec<String> {
        let mut a = vec!["run", "--rm", "--network", "none"];
        a.extend_from_slice(opts);
        a.extend([img, "id", "-G"]);
        env.ok(&a).split_whitespace().map(String::from).collect()
    };
    assert_eq!(groups(&[]), ["0"], "no supplementary groups by default");
    let kept = groups(&["--group-add", "keep-groups"]);
    if nix::unistd::getuid().is_root() {
        // Real root: no user namespace; its own groups, as they are.
        assert!(mine.iter().all(|g| kept.contains(&g.to_string())), "{kept:?} vs {mine:?}");
    } else {
        assert!(extra > 0, "the test user needs a supplementary group (tests/setup-host.sh adds ctrshare)");
        assert_eq!(kept.iter().filter(|g| *g == "65534").count(), extra, "{kept:?}: the user's {extra} other group(s)");
    }
    let o = env.run(&["run", "--rm", "--group-add", "keep-groups", "--group-add", "10", img, "true"]);
    assert!(o.code == 125 && o.stderr.contains("keep-groups cannot be combined"), "{}", o.stderr);
    let id = env.ok(&["create", "--group-add", "keep-groups", img, "true"]);
    assert_eq!(env.inspect_container(id.trim())["HostConfig"]["GroupAdd"], serde_json::json!(["keep-groups"]));
}
