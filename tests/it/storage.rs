//! Storage drivers (issue 20): the choice (flag, environment, ctr.conf, auto) and its
//! record per container; the overlay semantics of ctr's FUSE overlay and of vfs, read back
//! by `ctr diff`, `commit` and the kernel's overlay; a FUSE server killed mid-read.
//! The drivers are this host's: these tests run their ctr locally in remote mode too.

use crate::common::*;
use std::process::Command;

/// A tar layer with: /d/a (0640, 1000:1000, xattr user.k=v) and /d/b, a hard link of it;
/// /tree/hl1 and /tree/hl2 (hard links) and /tree/sub/c; /gone; /opq/o1.
fn second_layer() -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    let header = |kind: tar::EntryType, size: u64, mode: u32| {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(kind);
        h.set_size(size);
        h.set_mode(mode);
        h.set_mtime(1_700_000_000);
        h
    };
    for d in ["d", "tree", "tree/sub", "opq"] {
        let mut h = header(tar::EntryType::Directory, 0, 0o755);
        b.append_data(&mut h, d, std::io::empty()).unwrap();
    }
    b.append_pax_extensions([("SCHILY.xattr.user.k", &b"v"[..])]).unwrap();
    let mut h = header(tar::EntryType::Regular, 6, 0o640);
    h.set_uid(1000);
    h.set_gid(1000);
    b.append_data(&mut h, "d/a", &b"data-a"[..]).unwrap();
    let mut h = header(tar::EntryType::Link, 0, 0o640);
    h.set_uid(1000);
    h.set_gid(1000);
    b.append_link(&mut h, "d/b", "d/a").unwrap();
    for (name, data) in
        [("tree/hl1", &b"linked"[..]), ("tree/sub/c", &b"c"[..]), ("gone", &b"x"[..]), ("opq/o1", &b"o"[..])]
    {
        let mut h = header(tar::EntryType::Regular, data.len() as u64, 0o644);
        b.append_data(&mut h, name, data).unwrap();
    }
    let mut h = header(tar::EntryType::Link, 0, 0o644);
    b.append_link(&mut h, "tree/hl2", "tree/hl1").unwrap();
    b.into_inner().unwrap()
}

fn layered_image(env: &Env) -> &'static str {
    let dir = env.path("layered");
    oci_layout(&dir, &[busybox_rootfs_tar(), second_layer()], "layered:latest");
    env.local_ok(&["load", "-i", dir.to_str().unwrap()]);
    "layered:latest"
}

/// What the container does to its layers; its output is checked by the caller.
const CHANGES: &str = "set -e
touch /d/a
stat -c 'a %u %g %a' /d/a
rm /gone
rm -rf /opq; mkdir /opq; echo n > /opq/new
mv /tree /tree2
stat -c 'hl %i %h' /tree2/hl1 /tree2/hl2
echo more >> /d/b
cat /d/a
ls /tree 2>&1 || true
ls /opq
";

impl Env {
    fn local_ok(&self, args: &[&str]) -> String {
        let o: Out = self.local_cmd(args).env_remove("CTR_STORAGE_DRIVER").output().expect("run ctr").into();
        assert_eq!(o.code, 0, "ctr {args:?} failed: {}{}", o.stdout, o.stderr);
        o.stdout
    }
}

/// Runs CHANGES with `driver`, then checks what the container saw, `ctr diff`, the
/// extended attribute kept by the copy-up, and a commit of it run with the kernel's
/// overlay. Returns the container's inspect.
fn semantics(env: &Env, driver: &str) -> serde_json::Value {
    let img = layered_image(env);
    let out = env.local_ok(&[
        "--storage-driver",
        driver,
        "run",
        "--name",
        "c",
        "--network",
        "none",
        img,
        "sh",
        "-c",
        CHANGES,
    ]);
    assert!(out.contains("a 1000 1000 640\n"), "copy-up keeps owner and mode: {out}");
    let inodes: Vec<&str> = out.lines().filter(|l| l.starts_with("hl ")).collect();
    assert_eq!(inodes.len(), 2, "{out}");
    assert_eq!(inodes[0], inodes[1], "hard links stay one inode across the copy-up of a renamed directory: {out}");
    assert!(inodes[0].ends_with(" 2"), "{out}");
    assert!(out.contains("data-amore\n"), "a write through one hard link shows through the other: {out}");
    assert!(out.contains("No such file or directory"), "the renamed directory is gone: {out}");
    assert!(out.ends_with("new\n") && !out.contains("o1"), "an opaque directory hides the layer's: {out}");
    let v: serde_json::Value = serde_json::from_str(&env.local_ok(&["inspect", "c"])).unwrap();
    let v = v[0].clone();
    assert_eq!(v["GraphDriver"]["Name"], driver, "{v}");
    let diff = env.local_ok(&["diff", "c"]);
    for want in ["D /gone", "D /tree", "A /tree2", "A /tree2/hl1", "A /opq/new", "C /d/a"] {
        assert!(diff.lines().any(|l| l == want), "ctr diff lacks {want:?}: {diff}");
    }
    assert!(!diff.lines().any(|l| l == "A /opq/o1" || l.starts_with("C /bin")), "{diff}");
    // The commit, run with the kernel's overlay.
    env.local_ok(&["commit", "c", "committed"]);
    let out = env.local_ok(&[
        "--storage-driver",
        "overlay",
        "run",
        "--rm",
        "--network",
        "none",
        "committed",
        "sh",
        "-c",
        "ls /gone /tree 2>&1; ls /opq; stat -c '%h %u %a' /tree2/hl1 /d/a; cat /d/b",
    ]);
    assert!(out.contains("/gone: No such file") && out.contains("/tree: No such file"), "{out}");
    assert!(out.contains("new\n") && !out.contains("o1"), "{out}");
    assert!(out.contains("2 0 644\n") && out.contains("2 1000 640\n"), "hard links and owners kept by commit: {out}");
    assert!(out.ends_with("data-amore\n"), "{out}");
    v
}

/// Reads an extended attribute of a file the container's root owns, as root of the user
/// namespace (`ctr unshare`), or as root.
fn getxattr(env: &Env, path: &str, name: &str) -> String {
    let py = format!("import os; print(os.getxattr({path:?}, {name:?}).decode())");
    if is_root() {
        let o = Command::new("python3").args(["-c", &py]).output().unwrap();
        return String::from_utf8_lossy(&o.stdout).trim().to_string() + &String::from_utf8_lossy(&o.stderr);
    }
    let o: Out = env.local_cmd(&["unshare", "python3", "-c", &py]).output().unwrap().into();
    o.stdout.trim().to_string() + &o.stderr
}

#[test]
fn fuse_overlay_semantics_and_the_kernel_reading_its_upper() {
    let env = Env::new("st-fuse");
    let v = semantics(&env, "fuse");
    let data = &v["GraphDriver"]["Data"];
    let (lower, upper, work) =
        (data["LowerDir"].as_str().unwrap(), data["UpperDir"].as_str().unwrap(), data["WorkDir"].as_str().unwrap());
    assert_eq!(getxattr(&env, &format!("{upper}/d/a"), "user.k"), "v", "the copy-up keeps xattrs");
    // The upper directory the FUSE server wrote, mounted by the kernel's overlay.
    let merged = env.path("merged");
    std::fs::create_dir_all(&merged).unwrap();
    let m = merged.display();
    let script = format!(
        "mount -t overlay -o lowerdir={lower},upperdir={upper},workdir={work}{} none {m} && \
         ls {m}/gone {m}/tree 2>&1; ls {m}/opq; stat -c '%h' {m}/tree2/hl1; cat {m}/d/b",
        if is_root() { "" } else { ",userxattr" }
    );
    let out: Out = if is_root() {
        Command::new("unshare").args(["-m", "sh", "-c", &script]).output().unwrap().into()
    } else {
        env.local_cmd(&["unshare", "sh", "-c", &script]).output().unwrap().into()
    };
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout.matches("No such file or directory").count(), 2, "/gone and /tree are gone: {out:?}");
    assert!(out.stdout.contains("new\n2\ndata-amore"), "the kernel reads whiteouts, opaque dirs, links: {out:?}");
    assert!(!out.stdout.contains("o1"), "{out:?}");
}

#[test]
fn vfs_semantics() {
    let env = Env::new("st-vfs");
    let v = semantics(&env, "vfs");
    let dir = v["GraphDriver"]["Data"]["Dir"].as_str().unwrap().to_string();
    assert_eq!(getxattr(&env, &format!("{dir}/d/a"), "user.k"), "v", "the copy keeps xattrs");
}

#[test]
fn the_driver_is_chosen_shown_and_kept_per_container() {
    let env = Env::new("st-choice");
    let info = |extra: &[(&str, &str)]| {
        let mut c = env.local_cmd(&["info"]);
        c.env_remove("CTR_STORAGE_DRIVER");
        for (k, v) in extra {
            c.env(k, v);
        }
        let o: Out = c.output().unwrap().into();
        assert_eq!(o.code, 0, "{o:?}");
        o.stdout.lines().find(|l| l.starts_with("storage driver:")).unwrap_or_default().to_string()
    };
    let auto = info(&[]);
    assert!(auto.contains("(auto: "), "{auto}");
    assert!(
        auto.contains("overlay (auto: a test mount of the kernel's overlay"),
        "this host's kernel mounts overlay: {auto}"
    );
    let env_vfs = info(&[("CTR_STORAGE_DRIVER", "vfs")]);
    assert!(env_vfs.contains("vfs (asked for by --storage-driver or CTR_STORAGE_DRIVER)"), "{env_vfs}");
    let conf = env.path("ctr.conf");
    std::fs::write(&conf, "[storage]\ndriver = \"fuse\"\n").unwrap();
    let from_conf = info(&[("CTR_CONFIG", conf.to_str().unwrap())]);
    assert!(from_conf.contains("fuse (asked for by ctr.conf [storage] driver)"), "{from_conf}");
    // Bad names: the flag, the environment, the file.
    let o: Out = env.local_cmd(&["--storage-driver", "zfs", "info"]).output().unwrap().into();
    assert_eq!(o.code, 125, "{o:?}");
    assert!(o.stderr.contains("unknown storage driver \"zfs\": use overlay, fuse, vfs or auto"), "{o:?}");
    std::fs::write(&conf, "[storage]\ndriver = \"btrfs\"\n").unwrap();
    let img = busybox_image(&env);
    let o: Out = env
        .local_cmd(&["create", img])
        .env_remove("CTR_STORAGE_DRIVER")
        .env("CTR_CONFIG", &conf)
        .output()
        .unwrap()
        .into();
    assert_eq!(o.code, 125, "{o:?}");
    assert!(o.stderr.contains("[storage] driver: unknown storage driver \"btrfs\""), "{o:?}");
    // Made with fuse, started where vfs is asked for: it keeps fuse.
    env.local_ok(&["--storage-driver", "fuse", "create", "--name", "keeps", "--network", "none", img, "sleep", "60"]);
    let mut c = env.local_cmd(&["start", "keeps"]);
    c.env("CTR_STORAGE_DRIVER", "vfs");
    assert!(c.status().unwrap().success());
    let mounts = env.local_ok(&["exec", "keeps", "cat", "/proc/self/mounts"]);
    assert!(mounts.lines().next().unwrap_or("").contains(" / fuse.ctr "), "{mounts}");
    let mounts = env.local_ok(&["--storage-driver", "vfs", "exec", "keeps", "cat", "/proc/self/mounts"]);
    assert!(mounts.contains(" / fuse.ctr "), "{mounts}");
    env.local_ok(&["rm", "-f", "keeps"]);
    // --runtime mounts the kernel's overlay only: refused with the others.
    let o: Out =
        env.local_cmd(&["--storage-driver", "fuse", "--runtime", "runc", "create", img]).output().unwrap().into();
    assert_eq!(o.code, 125, "{o:?}");
    assert!(o.stderr.contains("--runtime with the fuse storage driver"), "{o:?}");
}

/// The pid of the FUSE server of a running container: the monitor's child titled ctr-fuse.
fn fuse_server(env: &Env, name: &str) -> i32 {
    let init: i32 = env.local_ok(&["inspect", "--format", "{{.State.Pid}}", name]).trim().parse().unwrap();
    let ppid = |pid: i32| -> i32 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        stat.rsplit(')').next().and_then(|r| r.split_whitespace().nth(1)).and_then(|p| p.parse().ok()).unwrap_or(0)
    };
    let monitor = ppid(init);
    pids_matching("ctr-fuse").into_iter().find(|&p| ppid(p) == monitor).expect("the container's FUSE server")
}

#[test]
fn a_killed_fuse_server_fails_the_container_and_rm_cleans_up() {
    let env = Env::new("st-kill");
    let img = busybox_image(&env);
    let script = "while cat /bin/busybox > /dev/null; do :; done; echo READ-FAILED; exit 3";
    env.local_ok(&[
        "--storage-driver",
        "fuse",
        "run",
        "-d",
        "--name",
        "k",
        "--network",
        "none",
        img,
        "sh",
        "-c",
        script,
    ]);
    let server = fuse_server(&env, "k");
    std::thread::sleep(std::time::Duration::from_millis(300));
    // SAFETY: kill(2) of the server this test found.
    unsafe { libc::kill(server, libc::SIGKILL) };
    let code = env.local_ok(&["wait", "k"]);
    assert_eq!(code.trim(), "3", "the container's reads failed and it ended");
    let logs: Out = env.local_cmd(&["logs", "k"]).output().unwrap().into();
    let all = format!("{}{}", logs.stdout, logs.stderr);
    assert!(all.contains("READ-FAILED"), "{all}");
    assert!(
        all.contains("the FUSE server of this container's root file system") && all.contains("was killed by SIGKILL"),
        "ctr says what happened: {all}"
    );
    env.local_ok(&["rm", "-f", "k"]);
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    assert!(!mounts.contains("ctr-fuse"), "{mounts}");
    assert!(!std::path::Path::new(&format!("/proc/{server}")).exists(), "the server is reaped");
}

/// auto where the kernel's overlay cannot serve: a store on an overlay mount (overlay on
/// overlay, as in CI containers) falls back to fuse, says why, and runs containers. Real
/// root only: an unprivileged test cannot mount the host's overlay to put a store on.
#[test]
fn auto_falls_back_to_fuse_on_a_store_on_overlay() {
    if !is_root() {
        // Mounting an overlay for the store needs real root.
        return;
    }
    let env = Env::new("st-auto");
    let base = env.path("ovl");
    for d in ["l", "u", "w", "m"] {
        std::fs::create_dir_all(base.join(d)).unwrap();
    }
    let b = base.display();
    let opts = format!("lowerdir={b}/l,upperdir={b}/u,workdir={b}/w");
    let st = Command::new("mount").args(["-t", "overlay", "-o", &opts, "none", &format!("{b}/m")]).status().unwrap();
    assert!(st.success());
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        }
    }
    let _u = Unmount(base.join("m"));
    let store = base.join("m/store");
    let ctr = |args: &[&str]| -> Out {
        Command::new(ctr_bin())
            .arg("--root")
            .arg(&store)
            .args(args)
            .env_remove("CTR_STORAGE_DRIVER")
            .env("HOME", env.path("home"))
            .output()
            .unwrap()
            .into()
    };
    let info = ctr(&["info"]);
    let line = info.stdout.lines().find(|l| l.starts_with("storage driver:")).unwrap_or_default().to_string();
    assert!(
        line.contains("fuse (auto: the kernel's overlay failed a test mount on the store's file system"),
        "{info:?}"
    );
    assert!(line.contains("a test FUSE mount worked"), "{line}");
    let tarball = env.path("bb.tar");
    std::fs::write(&tarball, busybox_rootfs_tar()).unwrap();
    assert_eq!(ctr(&["import", tarball.to_str().unwrap(), "bb"]).code, 0);
    let out = ctr(&[
        "run",
        "--rm",
        "--network",
        "none",
        "bb",
        "sh",
        "-c",
        "echo hi > /f && cat /f && grep ' / ' /proc/mounts",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.starts_with("hi\n") && out.stdout.contains(" / fuse.ctr "), "{out:?}");
}
