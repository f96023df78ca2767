//! Resource limits on this host: enforced where a cgroup v2 subtree is delegated (tests/vm
//! checks that in a VM), refused with the missing piece named everywhere else.

use crate::common::*;

/// `ctr info` of this host, always local (in remote mode too): through a remote engine it
/// reports that engine's `/info`, which has no helpers, default network or hybrid cgroup
/// version; this file tests the host's checks, and `system check` is local anyway.
fn host_info(env: &Env) -> String {
    let o: Out = env.local_cmd(&["info"]).output().unwrap().into();
    assert_eq!(o.code, 0, "{}", o.stderr);
    o.stdout
}

fn cgroup_version(env: &Env) -> String {
    let info = host_info(env);
    info.lines().find_map(|l| l.strip_prefix("cgroup version:")).unwrap_or("").trim().to_string()
}

#[test]
fn limits_are_enforced_or_refused_loudly() {
    let env = Env::new("g-limits");
    let img = busybox_image(&env);
    let info = host_info(&env);
    assert!(info.contains("cgroup version:") && info.contains("default network:"), "{info}");
    assert_eq!(env.ok(&["system", "check"]), info);
    let delegated = info.contains("delegated controllers:");
    // Runs without limits work everywhere.
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", img, "echo", "no limits"]), "no limits\n");
    for flags in [
        &["--memory", "100m"][..],
        &["--memory-reservation", "50m"],
        &["--cpus", "0.5"],
        &["--cpu-shares", "512"],
        &["--cpu-quota", "50000"],
        &["--cpuset-cpus", "0"],
        &["--pids-limit", "10"],
    ] {
        let mut args = vec!["run", "--rm", "--network", "none"];
        args.extend_from_slice(flags);
        args.extend_from_slice(&[img, "true"]);
        let o = env.run(&args);
        if delegated {
            assert!(o.code == 0 || o.stderr.contains("not delegated"), "{flags:?}: {}", o.stderr);
        } else {
            assert_eq!(o.code, 125, "{flags:?} must be refused here: {}", o.stderr);
            assert!(o.stderr.contains("cannot be enforced") && o.stderr.contains("--cgroups=disabled"), "{}", o.stderr);
            if cgroup_version(&env) == "hybrid" {
                assert!(o.stderr.contains("hybrid"), "names the reason: {}", o.stderr);
            }
        }
    }
    assert_eq!(ps_count(&env), 0, "a refused run leaves no container");
    // --cgroups=disabled runs, and says the limits are not enforced.
    let o =
        env.run(&["run", "--rm", "--network", "none", "--cgroups=disabled", "--memory", "100m", img, "echo", "ran"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, "ran\n");
    assert!(o.stderr.contains("NOT enforced"), "{}", o.stderr);
    // Bad values are errors whatever the host.
    for (flags, why) in [
        (&["--memory", "lots"][..], "invalid size"),
        (&["--memory", "1m"], "minimum"),
        (&["--cpus", "-1"], "--cpus"),
        (&["--cpu-shares", "1"], "--cpu-shares"),
        (&["--memory-swap", "10m", "--memory", "100m"], "--memory-swap"),
        (&["--blkio-weight", "5"], "--blkio-weight"),
    ] {
        let mut args = vec!["create", "--network", "none"];
        args.extend_from_slice(flags);
        args.extend_from_slice(&[img, "true"]);
        let o = env.fail(&args);
        assert!(o.stderr.contains(why), "{flags:?}: {}", o.stderr);
    }
    // stats and update answer for a running container.
    env.ok(&["run", "-d", "--name", "s", "--network", "none", img, "sleep", "30"]);
    let st: serde_json::Value = serde_json::from_str(&env.ok(&["stats", "--no-stream", "--format", "json"])).unwrap();
    assert_eq!(st[0]["Name"], "s", "{st}");
    let table = env.ok(&["stats", "--no-stream"]);
    assert!(table.contains("MEM USAGE / LIMIT") && table.contains(" s "), "{table}");
    let o = env.run(&["update", "--memory", "50m", "s"]);
    if !delegated {
        assert_eq!(o.code, 125);
        assert!(o.stderr.contains("cannot be enforced"), "{}", o.stderr);
    }
    env.ok(&["rm", "-f", "s"]);
}

fn ps_count(env: &Env) -> usize {
    env.ok(&["ps", "-a", "-q"]).lines().count()
}
