//! User namespace modes: `--userns keep-id`, `nomap`, `auto`, and `--uidmap`/`--gidmap`,
//! unprivileged (a namespace of its own below the pause one, layers copied once per map)
//! and as root (host ids, idmapped layers).

use std::os::unix::fs::MetadataExt;

use crate::common::*;

/// The first line of /proc/self/uid_map (or gid_map) in a container: (inside, outside, size).
fn first_map(out: &str) -> (u32, u32, u32) {
    let f: Vec<u32> = out.split_whitespace().take(3).map(|x| x.parse().unwrap()).collect();
    (f[0], f[1], f[2])
}

fn user_name() -> String {
    let uid = my_uid().to_string();
    std::fs::read_to_string("/etc/passwd")
        .unwrap()
        .lines()
        .find(|l| l.split(':').nth(2) == Some(uid.as_str()))
        .and_then(|l| l.split(':').next())
        .unwrap()
        .to_string()
}

#[test]
fn keep_id_runs_as_the_user_and_their_files_stay_theirs() {
    let env = Env::new("uns-keepid");
    let img = busybox_image(&env);
    if is_root() {
        let o = env.fail(&["run", "--rm", "--userns", "keep-id", img, "true"]);
        assert!(o.stderr.contains("is for unprivileged users"), "{}", o.stderr);
        let o = env.fail(&["run", "--rm", "--userns", "nomap", img, "true"]);
        assert!(o.stderr.contains("is for unprivileged users"), "{}", o.stderr);
        return;
    }
    let share = env.path("share");
    std::fs::create_dir_all(&share).unwrap();
    let vol = format!("{}:/share", share.display());
    let out = env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--userns",
        "keep-id",
        "-v",
        &vol,
        img,
        "sh",
        "-c",
        "id -u; id -un; id -g; echo $HOME; stat -c %u:%g / /home/user/owned; touch /share/made; mkdir /share/dir",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    // HOME: the user's, as ctr got it (the tests give each store a home of its own).
    let home = env.path("home").display().to_string();
    assert_eq!(lines[0], my_uid().to_string(), "{out}");
    assert_eq!(lines[1], user_name(), "{out}");
    assert_eq!(lines[3], home, "{out}");
    // The image's root and its uid 1000 keep their ids inside.
    assert_eq!(&lines[4..6], ["0:0", "1000:1000"], "{out}");
    for f in ["made", "dir"] {
        let m = std::fs::metadata(share.join(f)).unwrap();
        assert_eq!(m.uid(), my_uid(), "{f} belongs to the user on the host");
    }
    // Another uid inside for the user; files are still theirs outside.
    let out = env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--userns",
        "keep-id:uid=2000,gid=2001",
        "-v",
        &vol,
        img,
        "sh",
        "-c",
        "id -u; id -g; id -un; touch /share/made2",
    ]);
    assert_eq!(out.lines().collect::<Vec<_>>(), ["2000", "2001", user_name().as_str()], "{out}");
    assert_eq!(std::fs::metadata(share.join("made2")).unwrap().uid(), my_uid());

    // The layer copy for the map is made once: the next container uses the same one.
    let copies = env.root.join("idmapped-layers");
    let inodes = |dir: &std::path::Path| -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .flat_map(|k| std::fs::read_dir(k.path()).unwrap().flatten().collect::<Vec<_>>())
            .map(|e| (e.path().display().to_string(), e.metadata().unwrap().ino()))
            .collect();
        v.sort();
        v
    };
    let before = inodes(&copies);
    assert_eq!(before.len(), 2, "one copy of busybox's layer per map: {before:?}");
    // Detached, then exec: the user again, in the running container.
    env.ok(&["run", "-d", "--name", "k", "--network", "none", "--userns", "keep-id", img, "sleep", "300"]);
    assert_eq!(env.ok(&["exec", "k", "id", "-u"]).trim(), my_uid().to_string());
    assert_eq!(env.ok(&["exec", "-u", "0", "k", "id", "-u"]).trim(), "0");
    assert_eq!(inodes(&copies), before, "no new copy for the same map");
    let ins = env.inspect_container("k");
    assert_eq!(ins["HostConfig"]["UsernsMode"], "keep-id", "{}", ins["HostConfig"]);
    let uid = my_uid();
    assert_eq!(
        ins["HostConfig"]["IDMappings"]["UidMap"],
        serde_json::json!([
            format!("0:1:{uid}"),
            format!("{uid}:0:1"),
            format!("{}:{}:{}", uid + 1, uid + 1, 65536 - uid)
        ]),
        "{}",
        ins["HostConfig"]
    );
    env.ok(&["rm", "-f", "k"]);

    // Removing the image takes its copies along.
    env.ok(&["rmi", "-f", img]);
    assert!(inodes(&copies).is_empty(), "copies left: {:?}", inodes(&copies));
}

#[test]
fn nomap_leaves_the_user_out() {
    let env = Env::new("uns-nomap");
    let img = busybox_image(&env);
    if is_root() {
        return; // refused as root: keep_id_runs_as_the_user_and_their_files_stay_theirs
    }
    let share = env.path("share");
    std::fs::create_dir_all(&share).unwrap();
    let vol = format!("{}:/share", share.display());
    let out = env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--userns",
        "nomap",
        "-v",
        &vol,
        img,
        "sh",
        "-c",
        "cat /proc/self/uid_map; id -u; stat -c %u /share /bin/busybox",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    // Container 0 is the pause namespace's 1 (the first subordinate id), the user's own
    // id (0 there) is not mapped: their directory shows as the overflow id.
    assert_eq!(first_map(lines[0]), (0, 1, 65536), "{out}");
    assert_eq!(&lines[1..], ["0", "65534", "0"], "{out}");
}

#[test]
fn auto_gives_each_container_a_slice_of_its_own() {
    let env = Env::new("uns-auto");
    let img = busybox_image(&env);
    let map_of = |name: &str| first_map(&env.ok(&["exec", name, "cat", "/proc/self/uid_map"]));
    env.ok(&["run", "-d", "--name", "a1", "--network", "none", "--userns", "auto", img, "sleep", "300"]);
    env.ok(&["run", "-d", "--name", "a2", "--network", "none", "--userns", "auto:size=2000", img, "sleep", "300"]);
    let (m1, m2) = (map_of("a1"), map_of("a2"));
    // busybox names ids up to 1000: the smallest slice, 1024.
    assert_eq!((m1.0, m1.2), (0, 1024), "{m1:?}");
    assert_eq!((m2.0, m2.2), (0, 2000), "{m2:?}");
    assert!(m1.1 + m1.2 <= m2.1 || m2.1 + m2.2 <= m1.1, "disjoint: {m1:?} {m2:?}");
    // Both see the image as it is, and each writes as its own root.
    assert_eq!(env.ok(&["exec", "a1", "stat", "-c", "%u", "/home/user/owned"]).trim(), "1000");
    // More than is left: refused, saying what to do.
    let o = env.fail(&["run", "--rm", "--network", "none", "--userns", "auto:size=65000", img, "true"]);
    assert!(o.stderr.contains("no free slice of 65000 ids") && o.stderr.contains("auto:size=N"), "{}", o.stderr);
    // A removed container's slice is given back.
    env.ok(&["rm", "-f", "a1"]);
    env.ok(&["run", "-d", "--name", "a3", "--network", "none", "--userns", "auto", img, "sleep", "300"]);
    assert_eq!(map_of("a3"), m1, "a3 takes a1's slice");
    env.ok(&["rm", "-f", "a2", "a3"]);
    if !is_root() {
        // Each slice's layer copies stay until image prune finds no container with it.
        let copies = || std::fs::read_dir(env.root.join("idmapped-layers")).unwrap().count();
        assert_eq!(copies(), 2, "a copy per map (a1 and a3 share one)");
        env.ok(&["run", "-d", "--name", "a4", "--network", "none", "--userns", "auto", img, "sleep", "300"]);
        env.ok(&["image", "prune", "-f"]);
        assert_eq!(copies(), 1, "the copy a4 uses is kept, the other is gone");
        env.ok(&["rm", "-f", "a4"]);
        env.ok(&["image", "prune", "-f"]);
        assert_eq!(copies(), 0);
        assert_eq!(env.ok(&["run", "--rm", "--network", "none", "--userns", "auto", img, "echo", "ok"]).trim(), "ok");
    }
    if !is_root() {
        // A create refused after its slice was taken gives the slice back: the next
        // container (none other left) lands where a1 did.
        let o: Out = env
            .local_cmd(&[
                "--storage-driver",
                "overlay",
                "--runtime",
                "crun",
                "run",
                "--rm",
                "--network",
                "none",
                "--userns",
                "auto",
                img,
                "true",
            ])
            .output()
            .unwrap()
            .into();
        assert!(o.code == 125 && o.stderr.contains("--runtime cannot run"), "{}", o.stderr);
        env.ok(&["run", "-d", "--name", "a5", "--network", "none", "--userns", "auto", img, "sleep", "300"]);
        assert_eq!(map_of("a5"), m1, "no slice leaked");
        env.ok(&["rm", "-f", "a5"]);
    }
}

#[test]
fn uidmap_and_gidmap_say_the_maps_outright() {
    let env = Env::new("uns-uidmap");
    let img = busybox_image(&env);
    let run = |args: &[&str]| {
        let mut a = vec!["run", "--rm", "--network", "none"];
        a.extend_from_slice(args);
        env.ok(&a)
    };
    let from = if is_root() { 400000 } else { 1 };
    let map = format!("0:{from}:2000");
    let out = run(&["--uidmap", &map, img, "sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; id -u"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(first_map(lines[0]), (0, from, 2000), "{out}");
    assert_eq!(first_map(lines[1]), (0, from, 2000), "the gid map follows the uid map: {out}");
    assert_eq!(lines[2], "0");
    let gmap = format!("0:{}:1500", from + 3000);
    let out = run(&["--uidmap", &map, "--gidmap", &gmap, img, "cat", "/proc/self/gid_map"]);
    assert_eq!(first_map(&out), (0, from + 3000, 1500), "{out}");
    // An image file owned by an id the map lacks: unprivileged, the layer copy cannot
    // give it an owner and says so; as root the idmapped layer shows it as nobody.
    let small = format!("0:{from}:500");
    if is_root() {
        let out = run(&["--uidmap", &small, img, "stat", "-c", "%u", "/home/user/owned"]);
        assert_eq!(out.trim(), "65534");
    } else {
        let o = env.fail(&["run", "--rm", "--network", "none", "--uidmap", &small, img, "true"]);
        assert!(
            o.stderr.contains("/home/user/owned is owned by uid 1000") && o.stderr.contains("map more ids"),
            "{}",
            o.stderr
        );
    }
    for (args, why) in [
        (vec!["--uidmap", "0:1"], "three fields"),
        (vec!["--uidmap", "0:1:0"], "at least 1"),
        (vec!["--uidmap", "0:1:10,5:100:10"], "mapped twice"),
        (vec!["--uidmap", "0:1:10", "--userns", "keep-id"], "cannot be used together"),
        (vec!["--userns", "keep-id:uid=x"], "is not a number"),
        (vec!["--userns", "auto:bogus=1"], "auto takes no option"),
    ] {
        let mut a = vec!["run", "--rm", "--network", "none"];
        a.extend_from_slice(&args);
        a.extend_from_slice(&[img, "true"]);
        let o = env.fail(&a);
        assert!(o.stderr.contains(why), "{args:?}: {}", o.stderr);
        assert_eq!(o.code, 125, "{args:?}");
    }
    if !is_root() {
        // More ids than the user has.
        let o = env.fail(&["run", "--rm", "--network", "none", "--uidmap", "0:1:70000", img, "true"]);
        assert!(o.stderr.contains("you have only ids 0-65536"), "{}", o.stderr);
        // A host id with @: the first subordinate id is pause id 1.
        let at = format!("0:@{}:1100", first_subuid());
        assert_eq!(first_map(&run(&["--uidmap", &at, img, "cat", "/proc/self/uid_map"])), (0, 1, 1100));
    }
    assert!(env.ok(&["ps", "-a", "-q"]).trim().is_empty(), "failed creates leave nothing");
}

#[test]
fn layer_copies_keep_whiteouts_opaque_dirs_and_links() {
    let env = Env::new("uns-layers");
    let img = busybox_image(&env);
    // A second layer that deletes a file, replaces a directory and hard-links a file.
    env.ok(&[
        "run",
        "--name",
        "base",
        "--network",
        "none",
        img,
        "sh",
        "-c",
        "rm /bin/ls && rm -rf /home/user && mkdir /home/user && echo new > /home/user/fresh && echo x > /etc/one && ln /etc/one /etc/two && chmod 4755 /etc/one",
    ]);
    env.ok(&["commit", "base", "layered"]);
    env.ok(&["rm", "base"]);
    let mode = if is_root() { "auto" } else { "keep-id" };
    let out = env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--user",
        "0",
        "--userns",
        mode,
        "layered",
        "sh",
        "-c",
        "test -e /bin/ls && echo ls-there; ls /home/user; stat -c '%i %a %u' /etc/one /etc/two",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "fresh", "the whiteout hides ls and the opaque dir its old files: {out}");
    let (one, two): (Vec<&str>, Vec<&str>) = (lines[1].split(' ').collect(), lines[2].split(' ').collect());
    assert_eq!(one[0], two[0], "still one inode: {out}");
    assert_eq!(&one[1..], ["4755", "0"], "set-uid kept after the owner changed: {out}");
}
