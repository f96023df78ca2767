//! Volumes, bind mounts and tmpfs; `system df` and the prunes.

use crate::common::*;

fn ps_all(env: &Env) -> String {
    env.ok(&["ps", "-a", "-q"])
}

#[test]
fn volumes_persist_copy_up_and_read_only() {
    let env = Env::new("v-persist");
    let img = busybox_image(&env);
    assert_eq!(env.ok(&["volume", "create", "data"]), "data\n");
    assert_eq!(env.run(&["volume", "exists", "data"]).code, 0);
    assert_eq!(env.run(&["volume", "exists", "nope"]).code, 1);
    let o = env.fail(&["volume", "create", "data"]);
    assert!(o.stderr.contains("already exists"), "{}", o.stderr);
    // An empty volume gets the image's content at its target, owners kept (copy-up).
    let out = env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "-v",
        "data:/home",
        img,
        "stat",
        "-c",
        "%u %n",
        "/home/user/owned",
    ]);
    assert_eq!(out, "1000 /home/user/owned\n");
    env.ok(&["run", "--network", "none", "--name", "w", "-v", "data:/home", img, "sh", "-c", "echo kept > /home/note"]);
    env.ok(&["rm", "w"]);
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", "-v", "data:/home", img, "cat", "/home/note"]), "kept\n");
    // :ro is enforced.
    let o =
        env.run(&["run", "--rm", "--network", "none", "-v", "data:/home:ro", img, "sh", "-c", "echo x > /home/nope"]);
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("Read-only file system"), "{}", o.stderr);
    let o = env.run(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--mount",
        "type=volume,source=data,target=/v,readonly",
        img,
        "touch",
        "/v/x",
    ]);
    assert!(o.stderr.contains("Read-only file system"), "{}", o.stderr);
    // A volume a container uses is not removed without -f.
    env.ok(&["create", "--name", "user", "--network", "none", "-v", "data:/d", img, "true"]);
    let o = env.fail(&["volume", "rm", "data"]);
    assert!(o.stderr.contains("used by"), "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&env.ok(&["volume", "inspect", "data"])).unwrap();
    let mountpoint = v[0]["Mountpoint"].as_str().unwrap().to_string();
    assert!(mountpoint.ends_with("volumes/data/_data"), "{mountpoint}");
    assert!(std::path::Path::new(&mountpoint).join("note").exists());
    assert_eq!(v[0]["UsageData"]["RefCount"], 1);
    let c = env.inspect_container("user");
    assert_eq!(c["Mounts"][0]["Name"], "data");
    assert_eq!(c["Mounts"][0]["Destination"], "/d");
    env.ok(&["volume", "rm", "-f", "data"]);
    assert_eq!(ps_all(&env), "", "-f removed the container using it");
    assert_eq!(env.ok(&["volume", "ls", "-q"]), "");
    // tmpfs, with its size.
    let out = env.ok(&["run", "--rm", "--network", "none", "--tmpfs", "/scratch:size=2m", img, "df", "-k", "/scratch"]);
    assert!(out.contains("2048"), "{out}");
    let out = env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--mount",
        "type=tmpfs,target=/t,tmpfs-mode=700",
        img,
        "stat",
        "-c",
        "%a",
        "/t",
    ]);
    assert_eq!(out, "700\n");
}

#[test]
fn ownership_maps_both_ways() {
    let env = Env::new("v-owner");
    let img = busybox_image(&env);
    let host = env.path("shared");
    std::fs::create_dir_all(&host).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&host, std::fs::Permissions::from_mode(0o777)).unwrap();
    let bind = format!("{}:/shared", host.display());
    env.ok(&["run", "--rm", "--network", "none", "-v", &bind, img, "sh", "-c", "echo root > /shared/by-root"]);
    env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "-u",
        "1000",
        "-v",
        &bind,
        img,
        "sh",
        "-c",
        "echo user > /shared/by-user",
    ]);
    use std::os::unix::fs::MetadataExt;
    let uid = |f: &str| std::fs::metadata(host.join(f)).unwrap().uid();
    assert_eq!(uid("by-root"), host_uid(0), "container root writes as the user");
    assert_eq!(uid("by-user"), host_uid(1000), "container uid 1000 is the matching subordinate id");
    // A file the user puts there is root's inside.
    std::fs::write(host.join("from-host"), "x").unwrap();
    assert_eq!(
        env.ok(&["run", "--rm", "--network", "none", "-v", &bind, img, "stat", "-c", "%u", "/shared/from-host"]),
        "0\n"
    );
    // o=uid=,gid= and :U
    env.ok(&["volume", "create", "--opt", "o=uid=1000,gid=1000", "owned"]);
    assert_eq!(
        env.ok(&["run", "--rm", "--network", "none", "-v", "owned:/o", img, "stat", "-c", "%u:%g", "/o"]),
        "1000:1000\n"
    );
    assert_eq!(
        env.ok(&[
            "run",
            "--rm",
            "--network",
            "none",
            "-u",
            "1000:1000",
            "-v",
            "chowned:/c:U",
            img,
            "sh",
            "-c",
            "touch /c/f && stat -c %u /c /c/f"
        ]),
        "1000\n1000\n"
    );
    // A volume bound to a host directory (type=none, o=bind).
    let dev = env.path("device");
    std::fs::create_dir_all(&dev).unwrap();
    env.ok(&[
        "volume",
        "create",
        "--opt",
        "type=none",
        "--opt",
        &format!("device={}", dev.display()),
        "--opt",
        "o=bind",
        "dev",
    ]);
    env.ok(&["run", "--rm", "--network", "none", "-v", "dev:/d", img, "sh", "-c", "echo through > /d/f"]);
    assert_eq!(std::fs::read_to_string(dev.join("f")).unwrap(), "through\n");
}

#[test]
fn anonymous_volumes_volumes_from_and_rm_v() {
    let env = Env::new("v-anon");
    let img = busybox_image(&env);
    env.ok(&["run", "--network", "none", "--name", "a", "-v", "/data", img, "sh", "-c", "echo anon > /data/f"]);
    let vols = env.ok(&["volume", "ls", "-q"]);
    assert_eq!(vols.lines().count(), 1, "{vols}");
    let anon = vols.trim().to_string();
    assert_eq!(anon.len(), 64);
    // --volumes-from sees the same data (read-only when asked).
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", "--volumes-from", "a", img, "cat", "/data/f"]), "anon\n");
    let o = env.run(&["run", "--rm", "--network", "none", "--volumes-from", "a:ro", img, "touch", "/data/g"]);
    assert!(o.stderr.contains("Read-only"), "{}", o.stderr);
    // rm keeps it; rm -v removes anonymous volumes only.
    env.ok(&["volume", "create", "named"]);
    env.ok(&["create", "--name", "b", "--network", "none", "-v", "named:/n", "-v", "/other", img, "true"]);
    env.ok(&["rm", "a"]);
    assert!(env.ok(&["volume", "ls", "-q"]).contains(&anon), "plain rm keeps the volume");
    env.ok(&["rm", "-v", "b"]);
    let left = env.ok(&["volume", "ls", "-q"]);
    assert!(left.contains("named") && left.contains(&anon) && left.lines().count() == 2, "{left}");
    // run --rm takes its anonymous volumes along.
    env.ok(&["run", "--rm", "--network", "none", "-v", "/tmpvol", img, "true"]);
    assert_eq!(env.ok(&["volume", "ls", "-q"]).lines().count(), 2);
    // prune removes what no container uses
    let out = env.ok(&["volume", "prune", "-f"]);
    assert!(out.contains("Total reclaimed space"), "{out}");
    assert_eq!(env.ok(&["volume", "ls", "-q"]), "");
}

#[test]
fn bad_mounts_are_refused_before_anything_is_created() {
    let env = Env::new("v-bad");
    let img = busybox_image(&env);
    let cases: &[(&[&str], &str)] = &[
        (&["-v", "./rel:/x"], "relative"),
        (&["--mount", "type=bind,source=/no/such/dir,target=/x"], "does not exist"),
        (&["-v", "/no/such/dir:/x"], "does not exist"),
        (&["-v", "data:rel"], "absolute"),
        (&["--mount", "type=volume,source=data,target=rel"], "absolute"),
        (&["-v", "data:/x:shiny"], "unknown option"),
        (&["--mount", "type=volume,source=data,target=/x,colour=red"], "unknown key"),
        (&["-v", "data:/x", "--tmpfs", "/x"], "two mounts"),
        (&["--tmpfs", "/t:bogus"], "unknown option"),
        (&["--volumes-from", "nosuch"], "nosuch"),
    ];
    for (flags, why) in cases {
        let mut args = vec!["create", "--network", "none"];
        args.extend_from_slice(flags);
        args.extend_from_slice(&[img, "true"]);
        let o = env.fail(&args);
        assert!(o.stderr.contains(why), "{flags:?}: {}", o.stderr);
        assert_eq!(ps_all(&env), "", "{flags:?} left a container");
        assert_eq!(env.ok(&["volume", "ls", "-q"]), "", "{flags:?} left a volume");
    }
    for (opt, why) in [("o=uid=abc", "o=uid=abc"), ("colour=red", "colour"), ("device=/no/such", "no such")] {
        let o = env.fail(&["volume", "create", "--opt", opt, "x"]);
        assert!(o.stderr.contains(why), "{opt}: {}", o.stderr);
    }
    let o = env.fail(&["volume", "create", "-bad"]);
    assert!(o.stderr.contains("invalid volume name") || o.stderr.contains("unexpected argument"), "{}", o.stderr);
    let o = env.fail(&["volume", "rm", "nosuch"]);
    assert!(o.stderr.contains("not found"), "{}", o.stderr);
}

/// Bytes of regular files under `p` (hard links once): what `du --apparent-size -b`
/// counts for the files, without directories and symlinks.
fn walk_size(p: &std::path::Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let mut seen = std::collections::HashSet::new();
    let mut total = 0;
    let mut stack = vec![p.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let m = e.metadata().unwrap();
            if m.is_dir() {
                stack.push(e.path());
            } else if m.is_file() && (m.nlink() == 1 || seen.insert(m.ino())) {
                total += m.len();
            }
        }
    }
    total
}

#[test]
fn system_df_and_prune() {
    let env = Env::new("v-df");
    // Two images sharing a base layer, each with a layer of its own.
    let base = busybox_rootfs_tar();
    let one = crate::regfix::small_layer("one", &vec![b'1'; 100_000]);
    let two = crate::regfix::small_layer("two", &vec![b'2'; 250_000]);
    oci_layout(&env.path("a"), &[base.clone(), one.clone()], "a");
    oci_layout(&env.path("b"), &[base.clone(), two.clone()], "b");
    skopeo(&[
        "copy",
        &format!("oci:{}:a", env.path("a").display()),
        &format!("oci-archive:{}:img-a:1", env.path("a.tar").display()),
    ]);
    skopeo(&[
        "copy",
        &format!("oci:{}:b", env.path("b").display()),
        &format!("oci-archive:{}:img-b:1", env.path("b.tar").display()),
    ]);
    env.ok(&["load", "-i", env.path("a.tar").to_str().unwrap()]);
    env.ok(&["load", "-i", env.path("b.tar").to_str().unwrap()]);
    let layer_size = |tar: &[u8]| walk_size(&layer_path(&env, &format!("sha256:{}", sha256_hex(tar)), ""));
    let (base_size, one_size, two_size) = (layer_size(&base), layer_size(&one), layer_size(&two));
    assert_eq!(one_size, 100_000);
    env.ok(&[
        "run",
        "--network",
        "none",
        "--name",
        "c",
        "-v",
        "vol:/vol",
        "img-a:1",
        "sh",
        "-c",
        "head -c 1048576 /dev/zero > /big; head -c 300000 /dev/zero > /vol/f",
    ]);
    let df: serde_json::Value = serde_json::from_str(&env.ok(&["system", "df", "-v", "--format", "json"])).unwrap();
    let img = |tag: &str| {
        df["Images"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["RepoTags"][0].as_str().unwrap().contains(tag))
            .unwrap()
            .clone()
    };
    let (a, b) = (img("img-a"), img("img-b"));
    assert_eq!(a["Size"], base_size + one_size, "{a}");
    assert_eq!(a["SharedSize"], base_size, "{a}");
    assert_eq!(a["UniqueSize"], one_size, "{a}");
    assert_eq!(b["UniqueSize"], two_size, "{b}");
    assert_eq!(a["Containers"], 1);
    assert_eq!(df["LayersSize"], base_size + one_size + two_size);
    assert_eq!(df["Containers"][0]["SizeRw"], 1_048_576, "{}", df["Containers"]);
    assert_eq!(df["Volumes"][0]["Name"], "vol");
    assert_eq!(df["Volumes"][0]["UsageData"]["Size"], 300_000);
    assert_eq!(df["Volumes"][0]["UsageData"]["RefCount"], 1);
    let table = env.ok(&["system", "df"]);
    for t in ["Images", "Containers", "Local Volumes", "Build Cache", "RECLAIMABLE"] {
        assert!(table.contains(t), "{table}");
    }
    let verbose = env.ok(&["system", "df", "-v"]);
    assert!(verbose.contains("SHARED SIZE") && verbose.contains("LINKS"), "{verbose}");
    // container prune reports what it reclaimed (the container's own 1 MiB).
    let out = env.ok(&["container", "prune", "-f"]);
    assert!(out.contains("Total reclaimed space: 1.05 MB"), "{out}");
    // system prune: a stopped container, (with -a) both images, (--volumes) the volume.
    env.ok(&["create", "--network", "none", "--name", "stopped", "img-b:1"]);
    let out = env.ok(&["system", "prune", "-a", "--volumes", "-f"]);
    assert!(
        out.contains("Deleted Containers") && out.contains("Deleted Images") && out.contains("Deleted Volumes"),
        "{out}"
    );
    assert!(out.contains("Total reclaimed space"), "{out}");
    assert_eq!(ps_all(&env), "");
    assert_eq!(env.ok(&["images", "-q"]), "");
    assert_eq!(env.ok(&["volume", "ls", "-q"]), "");
}

/// A volume's subpath (`--mount ...,volume-subpath=` and the API's
/// `VolumeOptions.Subpath`): that directory is mounted, resolved inside the volume (a
/// symlink in it cannot lead out), a missing one fails the start with its name, and an
/// absolute or `..` one is refused at create.
#[test]
fn volume_subpath_stays_inside_the_volume() {
    let env = Env::new("v-subpath");
    let img = busybox_image(&env);
    env.ok(&["volume", "create", "sv"]);
    env.ok(&["run", "--rm", "-v", "sv:/v", img, "sh", "-c", "mkdir -p /v/a/b; echo hi > /v/a/b/f; ln -s / /v/esc"]);
    let out = env.ok(&["run", "--rm", "--mount", "type=volume,src=sv,dst=/x,volume-subpath=a/b", img, "cat", "/x/f"]);
    assert_eq!(out, "hi\n");
    // podman's spelling; the symlink to / is the volume's root, not the container's.
    let out = env.ok(&["run", "--rm", "--mount", "type=volume,src=sv,dst=/x,subpath=esc", img, "ls", "/x"]);
    assert_eq!(out.lines().collect::<Vec<_>>(), ["a", "esc"], "{out}");
    let o = env.fail(&["run", "--rm", "--mount", "type=volume,src=sv,dst=/x,subpath=nope", img, "true"]);
    assert_eq!(o.code, 125);
    assert!(o.stderr.contains("volume subpath nope of the mount on /x: it does not exist"), "{}", o.stderr);
    for bad in ["/a", "a/../../x", ""] {
        let o = env.fail(&["create", "--mount", &format!("type=volume,src=sv,dst=/x,volume-subpath={bad}"), img]);
        assert!(o.stderr.contains("must be a relative path within the volume"), "{bad}: {}", o.stderr);
    }
    let o = env.fail(&["create", "--mount", "type=bind,src=/tmp,dst=/x,volume-subpath=a", img]);
    assert!(o.stderr.contains("volume-subpath is for type=volume"), "{}", o.stderr);
    assert_eq!(ps_all(&env), "", "nothing was left by the failures");

    // The API's VolumeOptions.Subpath, shown back in inspect as given.
    let svc = crate::api::service(&env, "subpath.sock");
    let body = serde_json::json!({"Image": img, "Cmd": ["cat", "/x/f"], "HostConfig": {"Mounts": [
        {"Type": "volume", "Source": "sv", "Target": "/x", "VolumeOptions": {"Subpath": "a/b"}}]}});
    let (s, b) = crate::api::send(&svc.sock, "POST", "/containers/create?name=sub", Some(&body.to_string()));
    assert_eq!(s, 201, "{b}");
    env.ok(&["start", "-a", "sub"]);
    assert_eq!(env.ok(&["logs", "sub"]), "hi\n");
    let (_, b) = crate::api::send(&svc.sock, "GET", "/containers/sub/json", None);
    let v: serde_json::Value = serde_json::from_str(&b).unwrap();
    assert_eq!(v["HostConfig"]["Mounts"][0]["VolumeOptions"]["Subpath"], "a/b", "{b}");
    env.ok(&["rm", "sub"]);
}
