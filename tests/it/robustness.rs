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

// ---- bounded unpacking: gzip bombs, the free-disk reserve, ctr.conf ----

/// Sizes as ctr's refusals print them (binary units, three significant digits).
fn human(n: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let (mut v, mut u) = (n as f64, 0);
    while v >= 1024.0 && u < units.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    let digits = if v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else {
        2
    };
    let s = if u == 0 { n.to_string() } else { format!("{v:.digits$}") };
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    format!("{s} {}", units[u])
}

fn gzip_best(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A real 10 MB gzip bomb: a tar of one file of ~10 GB of zeros, written as a multi-member
/// gzip (what `gzip` and every decompressor ctr uses read as one stream) whose member of
/// 1 MiB of zeros is compressed once and repeated, so it costs the test a moment.
/// Returns the blob and the size of the tar it expands to.
fn gzip_bomb() -> (Vec<u8>, u64) {
    let member = gzip_best(&vec![0u8; 1 << 20]);
    let n = 10_000_000 / member.len();
    let file = n as u64 * (1 << 20);
    let mut h = tar::Header::new_gnu();
    h.set_path("zeros").unwrap();
    h.set_size(file);
    h.set_mode(0o644);
    h.set_mtime(1_700_000_000);
    h.set_cksum();
    let mut blob = gzip_best(h.as_bytes());
    blob.reserve(n * member.len() + 64);
    for _ in 0..n {
        blob.extend_from_slice(&member);
    }
    // The end of the archive: two zero blocks.
    blob.extend_from_slice(&gzip_best(&[0u8; 1024]));
    (blob, 512 + file + 1024)
}

/// An OCI layout of one image whose one layer is `blob` (gzip). Its config's diff id is a
/// placeholder: the real one would cost the test hashing 10 GB, and a bomb is refused
/// before its end, where the diff id is checked.
fn layout_of_layer_blob(dir: &std::path::Path, blob: &[u8], ref_name: &str) -> std::path::PathBuf {
    let (ld, ls) = put_blob(dir, blob);
    let config = serde_json::json!({
        "architecture": "amd64", "os": "linux", "config": {"Cmd": ["sh"]},
        "rootfs": {"type": "layers", "diff_ids": [format!("sha256:{}", "0".repeat(64))]}
    });
    let (cd, cs) = put_blob(dir, &serde_json::to_vec(&config).unwrap());
    let manifest = serde_json::json!({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": ld, "size": ls}]
    });
    let m = put_blob(dir, &serde_json::to_vec(&manifest).unwrap());
    finish_layout(dir, "application/vnd.oci.image.manifest.v1+json", m, ref_name)
}

/// Nothing of a refused image stays: no layer directory (not even a temp one), no temp
/// file, no blob of it, no image.
fn assert_nothing_kept(env: &Env, blob_digest: &str, what: &str) {
    assert!(crate::regfix::layer_dirs(env).is_empty(), "{what}: layers left: {:?}", crate::regfix::layer_dirs(env));
    assert!(crate::regfix::blob_temps(env).is_empty(), "{what}: temp files left: {:?}", crate::regfix::blob_temps(env));
    let blob = env.root.join("blobs/sha256").join(blob_digest.trim_start_matches("sha256:"));
    assert!(!blob.exists(), "{what}: the refused blob stayed in the store");
    assert!(env.image_ids().is_empty(), "{what}: an image was recorded");
}

fn assert_bomb_refused(o: &Out, digest: &str, compressed: u64, what: &str) {
    assert_eq!(o.code, 125, "{what}: the bomb was not refused:\n{}\n{}", o.stdout, o.stderr);
    let e = &o.stderr;
    assert!(e.contains(&format!("layer {digest} was refused")), "{what}: names the layer: {e}");
    assert!(e.contains("expands past the unpack limit"), "{what}: says why: {e}");
    // The sizes: compressed, written (past the limit), and the default limit, 100x.
    assert!(e.contains(&format!("its {} compressed size", human(compressed))), "{what}: compressed size: {e}");
    assert!(e.contains(&format!("over the limit of {}", human(100 * compressed))), "{what}: the limit: {e}");
    assert!(e.contains("stopped at") && e.contains("uncompressed"), "{what}: written so far: {e}");
    assert!(e.contains("unpack_max_ratio 100 times") && e.contains("unpack_ratio_floor 512 MiB"), "{what}: {e}");
    // What to do.
    assert!(e.contains("CTR_UNPACK_MAX_RATIO") && e.contains("ctr.conf"), "{what}: what to set: {e}");
}

/// A 10 MB gzip bomb (10 GB of zeros) is refused with the default limits, by load and by
/// pull, while it is written: the disk is given back and the store stays usable.
#[test]
fn gzip_bomb_is_refused_and_the_store_stays_usable() {
    use std::sync::Arc;
    let env = Env::new("r-bomb");
    let (blob, expands_to) = gzip_bomb();
    let compressed = blob.len() as u64;
    assert!((9_000_000..=10_500_000).contains(&compressed), "a ~10 MB bomb: {compressed}");
    assert!(expands_to > 9_000_000_000, "expanding to ~10 GB: {expands_to}");
    let digest = format!("sha256:{}", sha256_hex(&blob));
    let dir = layout_of_layer_blob(&env.path("bomb-oci"), &blob, "bomb:1");
    drop(blob);

    let o = env.run(&["load", "-i", dir.to_str().unwrap()]);
    assert_bomb_refused(&o, &digest, compressed, "load");
    assert_nothing_kept(&env, &digest, "load");

    // The same image from a registry: refused while it downloads.
    let mut content = crate::regfix::Content::from_layout(&dir, "1");
    let good = crate::regfix::Content::from_layout(&busybox_layout(&env, "latest"), "latest");
    content.blobs.extend(good.blobs);
    content.tags.extend(good.tags);
    let fake = crate::regfix::FakeRegistry::start(Arc::new(move |req: &crate::regfix::Req| content.answer(req)));
    let o = env.run(&["pull", &format!("{}/bomb:1", fake.host)]);
    assert_bomb_refused(&o, &digest, compressed, "pull");
    assert_nothing_kept(&env, &digest, "pull");

    // The store is fine: a good image pulls and runs, another loads, df adds up.
    let name = format!("{}/busybox:latest", fake.host);
    env.ok(&["pull", "-q", &name]);
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", &name, "echo", "still fine"]), "still fine\n");
    let small = env.path("small-oci");
    oci_layout(&small, &[make_tar(&[Entry::File("hello", b"hi")])], "small:1");
    env.ok(&["load", "-i", small.to_str().unwrap()]);
    assert_eq!(env.image_ids().len(), 2);
    let df = env.ok(&["system", "df"]);
    let images = df.lines().find(|l| l.starts_with("Images")).unwrap_or_else(|| panic!("{df}"));
    assert_eq!(images.split_whitespace().nth(1), Some("2"), "{df}");
    let unit = images.split_whitespace().nth(4);
    assert!(matches!(unit, Some("MB" | "kB")), "sane sizes, not gigabytes: {df}");
    assert_eq!(crate::regfix::layer_dirs(&env).len(), 2, "{:?}", crate::regfix::layer_dirs(&env));
}

/// The free-disk reserve, the limits in ctr.conf and the environment, and clear errors
/// for malformed settings.
#[test]
fn unpack_reserve_and_limits_from_config_and_environment() {
    let env = Env::new("r-reserve");
    let small = env.path("small.tar");
    let layer = make_tar(&[Entry::File("hello", b"hi")]);
    std::fs::write(&small, &layer).unwrap();
    let small_digest = format!("sha256:{}", sha256_hex(&layer));
    let tags = std::cell::Cell::new(0);
    let import = |file: &std::path::Path, vars: &[(&str, &str)]| -> Out {
        // Local: the variables are this process's, not a service's.
        tags.set(tags.get() + 1);
        let tag = format!("imported:{}", tags.get());
        let mut c = env.local_cmd(&["import", file.to_str().unwrap(), &tag]);
        for (k, v) in vars {
            c.env(k, v);
        }
        c.output().unwrap().into()
    };

    // A reserve larger than any disk: refused before a byte is written, with the numbers.
    let o = import(&small, &[("CTR_UNPACK_RESERVE", "1000t")]);
    assert_eq!(o.code, 125, "{}", o.stderr);
    let e = &o.stderr;
    assert!(e.contains(&format!("layer {small_digest} ({})", small.display())), "names the layer: {e}");
    assert!(e.contains("less free disk than the reserve") && e.contains("under unpack_reserve 1000 TiB"), "{e}");
    assert!(e.contains("free on the layer store's file system after 0 B of it was written"), "{e}");
    assert!(e.contains("CTR_UNPACK_RESERVE"), "what to set: {e}");
    assert_nothing_kept(&env, &small_digest, "reserve");
    assert_eq!(import(&small, &[]).code, 0, "the default reserve lets it in");

    // ctr.conf: a low ratio refuses a small layer of zeros; the environment overrides it.
    let conf = env.dir.join("home/.config/ctr/ctr.conf");
    std::fs::create_dir_all(conf.parent().unwrap()).unwrap();
    std::fs::write(&conf, "[storage]\nunpack_max_ratio = 2\nunpack_ratio_floor = \"1m\"\n").unwrap();
    let zeros = env.path("zeros.tar.gz");
    let zl = gzip_best(&make_tar(&[Entry::File("zeros", &vec![0u8; 4 << 20])]));
    std::fs::write(&zeros, &zl).unwrap();
    let zeros_digest = format!("sha256:{}", sha256_hex(&zl));
    let o = import(&zeros, &[]);
    assert_eq!(o.code, 125, "{}", o.stderr);
    assert!(o.stderr.contains(&format!("layer {zeros_digest} ({}) was refused", zeros.display())), "{}", o.stderr);
    assert!(o.stderr.contains("unpack_max_ratio 2 times") && o.stderr.contains("limit of 1 MiB"), "{}", o.stderr);
    assert!(crate::regfix::layer_dirs(&env).len() == 1 && crate::regfix::blob_temps(&env).is_empty());
    assert!(!env.root.join("blobs/sha256").join(sha256_hex(&zl)).exists(), "the refused blob was given back");
    let o = import(&zeros, &[("CTR_UNPACK_MAX_RATIO", "0")]);
    assert_eq!(o.code, 0, "a ratio of 0 turns the check off: {}", o.stderr);

    // Malformed settings: the file (or variable), the key, what to write.
    std::fs::write(&conf, "[storage]\nunpack_reserve = \"lots\"\n").unwrap();
    let o = import(&small, &[]);
    assert_eq!(o.code, 125, "{}", o.stderr);
    let e = &o.stderr;
    assert!(e.contains(&format!("{}: [storage] unpack_reserve = \"lots\": invalid size", conf.display())), "{e}");
    assert!(e.contains("write it like unpack_reserve = \"1GiB\""), "{e}");
    std::fs::write(&conf, "[storage]\nunpack_max_ratio = 2\nunpack_max_sise = 3\n").unwrap();
    let o = import(&small, &[]);
    assert!(o.code == 125 && o.stderr.contains("no key \"unpack_max_sise\""), "{}", o.stderr);
    std::fs::remove_file(&conf).unwrap();
    let o = import(&small, &[("CTR_UNPACK_MAX_RATIO", "lots")]);
    assert_eq!(o.code, 125, "{}", o.stderr);
    assert!(
        o.stderr.contains("CTR_UNPACK_MAX_RATIO=\"lots\"") && o.stderr.contains("set it like CTR_UNPACK_MAX_RATIO=100")
    );
    let missing = env.path("no-such.conf");
    let o = import(&small, &[("CTR_CONFIG", missing.to_str().unwrap())]);
    assert_eq!(o.code, 125, "{}", o.stderr);
    assert!(o.stderr.contains(&format!("cannot read the configuration file {}", missing.display())), "{}", o.stderr);
    assert_eq!(env.image_ids().len(), 2, "only the two good imports made images");
}
