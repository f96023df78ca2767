//! Bad input gets a clear error and leaves the store as it was; a killed `ctr` loses
//! nothing; two `ctr` processes at once corrupt nothing.

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::*;

/// A docker-archive made by hand: config, one layer and manifest.json.
fn docker_archive(config: &serde_json::Value, layer: &[u8], tags: &[&str]) -> Vec<u8> {
    let cfg = serde_json::to_vec(config).unwrap();
    let cfg_name = format!("{}.json", sha256_hex(&cfg));
    let manifest = serde_json::json!([{"Config": cfg_name, "RepoTags": tags, "Layers": ["layer/layer.tar"]}]);
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in [
        (cfg_name.as_str(), cfg.as_slice()),
        ("layer/layer.tar", layer),
        ("manifest.json", &serde_json::to_vec(&manifest).unwrap()),
    ] {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        b.append_data(&mut h, name, data).unwrap();
    }
    b.into_inner().unwrap()
}

#[test]
fn tampered_blob_is_a_digest_mismatch_and_stores_nothing() {
    let env = Env::new("r-tamper");
    let dir = busybox_layout(&env, "latest");
    let bad = env.path("tampered");
    skopeo(&["copy", &format!("oci:{}:latest", dir.display()), &format!("oci:{}:latest", bad.display())]);
    // Flip a byte in the biggest blob (the layer), keeping its name.
    let layer = std::fs::read_dir(bad.join("blobs/sha256"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap();
    let mut data = std::fs::read(&layer).unwrap();
    let mid = data.len() / 2;
    data[mid] ^= 0xff;
    std::fs::write(&layer, data).unwrap();
    let tar = env.path("tampered.tar");
    let o = std::process::Command::new("tar")
        .args(["-cf", tar.to_str().unwrap(), "-C", bad.to_str().unwrap(), "."])
        .output()
        .unwrap();
    assert!(o.status.success());
    for input in [bad.to_str().unwrap(), tar.to_str().unwrap()] {
        let o = env.fail(&["load", "-i", input]);
        assert!(o.stderr.contains("digest mismatch"), "{}", o.stderr);
        assert!(env.image_ids().is_empty());
    }
}

#[test]
fn wrong_diff_id_is_refused() {
    let env = Env::new("r-diffid");
    let layer = make_tar(&[Entry::File("f", b"data")]);
    let cfg = serde_json::json!({"architecture": "amd64", "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": [format!("sha256:{}", "0".repeat(64))]}});
    let path = env.path("bad.tar");
    std::fs::write(&path, docker_archive(&cfg, &layer, &["bad:diffid"])).unwrap();
    let o = env.fail(&["load", "-i", path.to_str().unwrap()]);
    assert!(o.stderr.contains("diff id mismatch"), "{}", o.stderr);
    assert!(env.image_ids().is_empty());
    let left = std::fs::read_dir(env.root.join("layers")).unwrap().count();
    assert_eq!(left, 0, "no half-unpacked layer stays behind");
    // and the right diff id loads
    let good = serde_json::json!({"architecture": "amd64", "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": [format!("sha256:{}", sha256_hex(&layer))]}});
    std::fs::write(&path, docker_archive(&good, &layer, &["good:diffid"])).unwrap();
    env.ok(&["load", "-i", path.to_str().unwrap()]);
}

#[test]
fn malformed_archives_get_clear_errors() {
    let env = Env::new("r-malformed");
    let junk = env.path("junk.tar");
    std::fs::write(&junk, b"this is not a tar archive at all, just some text that goes on for a while ......").unwrap();
    let o = env.fail(&["load", "-i", junk.to_str().unwrap()]);
    assert!(o.stderr.contains("Error:"), "{}", o.stderr);
    let empty = env.path("empty.tar");
    std::fs::write(&empty, make_tar(&[Entry::File("hello.txt", b"hi")])).unwrap();
    let o = env.fail(&["load", "-i", empty.to_str().unwrap()]);
    assert!(o.stderr.contains("not an image archive"), "{}", o.stderr);
    let badjson = env.path("badjson.tar");
    std::fs::write(&badjson, make_tar(&[Entry::File("manifest.json", b"{not json")])).unwrap();
    let o = env.fail(&["load", "-i", badjson.to_str().unwrap()]);
    assert!(o.stderr.contains("manifest.json is not valid"), "{}", o.stderr);
    let missing = env.path("missing.tar");
    std::fs::write(
        &missing,
        make_tar(&[Entry::File("manifest.json", br#"[{"Config":"c.json","RepoTags":[],"Layers":["l.tar"]}]"#)]),
    )
    .unwrap();
    let o = env.fail(&["load", "-i", missing.to_str().unwrap()]);
    assert!(o.stderr.contains("missing c.json"), "{}", o.stderr);
    let o = env.fail(&["load", "-i", "/no/such/archive.tar"]);
    assert!(o.stderr.contains("no such file"), "{}", o.stderr);
    assert!(env.image_ids().is_empty());
}

#[test]
fn invalid_references_are_refused() {
    let env = Env::new("r-refs");
    let archive = busybox_docker_archive(&env);
    env.ok(&["load", "-i", archive.to_str().unwrap()]);
    for (bad, why) in [
        ("Busybox", "lowercase"),
        ("a..b", "invalid reference"),
        ("busybox:", "invalid reference"),
        ("x@sha256:abc", "digest"),
    ] {
        let o = env.fail(&["tag", "busybox", bad]);
        assert!(o.stderr.contains(why), "{bad}: {}", o.stderr);
    }
    let o = env.fail(&["image", "inspect", "nonexistent:tag"]);
    assert!(o.stderr.contains("not found"), "{}", o.stderr);
}

/// Pseudo-random bytes (incompressible, deterministic).
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn killed_load_leaves_a_consistent_store_and_the_next_load_finishes() {
    let env = Env::new("r-kill");
    let big = noise(48 << 20, 7);
    let layer = make_tar(&[Entry::File("big", &big)]);
    let dir = env.path("big-oci");
    oci_layout(&dir, &[layer], "big:1");
    let tar = env.path("big.tar");
    let o = std::process::Command::new("tar")
        .args(["-cf", tar.to_str().unwrap(), "-C", dir.to_str().unwrap(), "."])
        .output()
        .unwrap();
    assert!(o.status.success());
    let data = std::fs::read(&tar).unwrap();

    // Feed half the archive, wait until ctr is writing a blob, then SIGKILL it.
    let mut child =
        env.cmd(&["load"]).stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&data[..data.len() / 2]).unwrap();
    let tmp = env.root.join("tmp");
    let start = Instant::now();
    loop {
        let writing =
            std::fs::read_dir(&tmp).map(|r| r.flatten().any(|e| e.metadata().unwrap().len() > 0)).unwrap_or(false);
        if writing {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "ctr never started writing");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);

    assert!(env.image_ids().is_empty(), "a killed load records no image");
    env.ok(&["load", "-i", tar.to_str().unwrap()]);
    assert_eq!(env.image_ids().len(), 1);
    let diff = env.inspect("big:1")["RootFS"]["Layers"][0].as_str().unwrap().to_string();
    assert_eq!(std::fs::read(layer_path(&env, &diff, "big")).unwrap(), big);
    // Garbage collection clears what the killed process left.
    env.ok(&["image", "prune", "-f"]);
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
    assert_eq!(env.image_ids().len(), 1);
}

#[test]
fn concurrent_loads_and_tags_lose_nothing() {
    let env = Env::new("r-concurrent");
    let archive = busybox_docker_archive(&env);
    let other_dir = env.path("other-oci");
    oci_layout(&other_dir, &[make_tar(&[Entry::File("other", b"other image")])], "other:1");
    // Two loads of the same archive and one of another, at once.
    let a = archive.to_str().unwrap();
    let mut kids: Vec<_> = [a, a, other_dir.to_str().unwrap()]
        .iter()
        .map(|p| env.cmd(&["load", "-i", p]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap())
        .collect();
    for k in kids.drain(..) {
        let o = k.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(env.image_ids().len(), 2);
    // Ten tags at once.
    let kids: Vec<_> = (0..10).map(|i| env.cmd(&["tag", "busybox", &format!("t{i}")]).spawn().unwrap()).collect();
    for mut k in kids {
        assert!(k.wait().unwrap().success());
    }
    let names = env.ok(&["images", "--format", "{{.Repository}}"]);
    for i in 0..10 {
        assert!(names.lines().any(|l| l == format!("docker.io/library/t{i}")), "tag t{i} lost:\n{names}");
    }
    let layers: Vec<_> = std::fs::read_dir(env.root.join("layers")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(layers.len(), 2, "each layer stored once, no leftovers: {layers:?}");
}

#[test]
fn unshare_runs_in_the_user_namespace() {
    let env = Env::new("r-unshare");
    if is_root() {
        let o = env.fail(&["unshare", "id"]);
        assert!(o.stderr.contains("for unprivileged users"), "{}", o.stderr);
        return;
    }
    assert_eq!(env.ok(&["unshare", "id", "-u"]).trim(), "0");
    let map = env.ok(&["unshare", "cat", "/proc/self/uid_map"]);
    let rows: Vec<Vec<u64>> = map.lines().map(|l| l.split_whitespace().map(|n| n.parse().unwrap()).collect()).collect();
    assert_eq!(rows[0], vec![0, my_uid() as u64, 1]);
    assert_eq!(rows[1], vec![1, first_subuid() as u64, 65536]);
    let o = env.run(&["unshare", "/no/such/command"]);
    assert_eq!(o.code, 127, "{}", o.stderr);
    assert_eq!(env.run(&["unshare", "sh", "-c", "exit 7"]).code, 7);
}

#[test]
fn help_version_and_exit_codes() {
    let env = Env::new("r-help");
    let v = env.ok(&["--version"]);
    assert!(v.starts_with("ctr "), "{v}");
    let top = env.ok(&["--help"]);
    let commands: Vec<String> = top
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("Options:")
        .next()
        .unwrap()
        .lines()
        // A command's line starts with two spaces; a wrapped description with more.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect();
    assert!(commands.len() >= 10, "{top}");
    for c in &commands {
        let h = env.ok(&[c, "--help"]);
        assert!(h.contains("Usage:"), "{c}: {h}");
    }
    for sub in ["ls", "inspect", "rm", "prune", "tag", "load", "save", "import"] {
        env.ok(&["image", sub, "--help"]);
    }
    let o = env.fail(&["images", "--no-such-flag"]);
    assert!(o.stderr.contains("--no-such-flag"), "{}", o.stderr);
    env.fail(&["no-such-command"]);
}
