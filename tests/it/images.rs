//! Loading, saving, importing, listing, tagging and removing images.

use std::os::unix::fs::MetadataExt;

use crate::common::*;

fn assert_busybox_layer(env: &Env, image: &str) -> String {
    let inspect = env.inspect(image);
    let layers = inspect["RootFS"]["Layers"].as_array().unwrap();
    assert_eq!(layers.len(), 1, "{inspect}");
    let diff = layers[0].as_str().unwrap().to_string();
    // Unpacked in the user namespace: root's files are the user's, uid 1000's are
    // subordinate id first_subuid + 999.
    let bb = std::fs::metadata(layer_path(env, &diff, "bin/busybox")).unwrap();
    assert_eq!(bb.uid(), host_uid(0));
    assert_eq!(bb.mode() & 0o7777, 0o755);
    let owned = std::fs::symlink_metadata(layer_path(env, &diff, "home/user/owned")).unwrap();
    assert_eq!(owned.uid(), host_uid(1000));
    let tmp = std::fs::metadata(layer_path(env, &diff, "tmp")).unwrap();
    assert_eq!(tmp.mode() & 0o7777, 0o1777);
    assert_eq!(std::fs::read_link(layer_path(env, &diff, "bin/sh")).unwrap().to_str(), Some("busybox"));
    diff
}

#[test]
fn load_docker_archive_written_by_skopeo() {
    let env = Env::new("load-docker");
    let archive = busybox_docker_archive(&env);
    let out = env.ok(&["load", "-i", archive.to_str().unwrap()]);
    assert_eq!(out.trim(), "Loaded image: docker.io/library/busybox:latest");
    let table = env.ok(&["images"]);
    let mut lines = table.lines();
    let header = lines.next().unwrap();
    for col in ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"] {
        assert!(header.contains(col), "{table}");
    }
    let row = lines.next().unwrap();
    assert!(row.starts_with("docker.io/library/busybox") && row.contains("latest"), "{table}");
    assert_busybox_layer(&env, "busybox");
    let inspect = env.inspect("busybox:latest");
    assert_eq!(inspect["Config"]["Cmd"], serde_json::json!(["sh"]));
    assert_eq!(inspect["Os"], "linux");
    assert_eq!(inspect["Architecture"], "amd64");
    assert_eq!(inspect["Created"], "2024-01-01T00:00:00Z");
    assert!(inspect["Size"].as_u64().unwrap() > 1_000_000);
    assert_eq!(inspect["RepoTags"], serde_json::json!(["docker.io/library/busybox:latest"]));
    // loading again stores nothing new and keeps the same id
    let id = env.image_ids();
    env.ok(&["load", "-i", archive.to_str().unwrap()]);
    assert_eq!(env.image_ids(), id);
}

#[test]
fn load_oci_archive_from_stdin_and_oci_layout_dir() {
    let env = Env::new("load-oci");
    let layout = busybox_layout(&env, "latest");
    let oci_tar = env.path("bb-oci.tar");
    skopeo(&[
        "copy",
        &format!("oci:{}:latest", layout.display()),
        &format!("oci-archive:{}:mybox:1.0", oci_tar.display()),
    ]);
    let o = env.with_stdin(&["load"], &oci_tar);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout.trim(), "Loaded image: docker.io/library/mybox:1.0");
    assert_busybox_layer(&env, "mybox:1.0");

    // The layout directory itself (ref.name "latest" names no repository: untagged).
    let env2 = Env::new("load-oci-dir");
    let layout2 = busybox_layout(&env2, "latest");
    let out = env2.ok(&["load", "-i", layout2.to_str().unwrap()]);
    assert!(out.starts_with("Loaded image: sha256:"), "{out}");
    let table = env2.ok(&["images"]);
    assert!(table.lines().nth(1).unwrap().starts_with("<none>"), "{table}");
}

#[test]
fn load_zstd_and_uncompressed_layers() {
    let env = Env::new("load-zstd");
    let layout = busybox_layout(&env, "latest");
    let zdir = env.path("zstd-oci");
    skopeo(&[
        "copy",
        "--dest-compress-format",
        "zstd",
        &format!("oci:{}:latest", layout.display()),
        &format!("oci:{}:z", zdir.display()),
    ]);
    let manifest_has_zstd = std::fs::read_dir(zdir.join("blobs/sha256"))
        .unwrap()
        .any(|e| std::fs::read_to_string(e.unwrap().path()).is_ok_and(|s| s.contains("tar+zstd")));
    assert!(manifest_has_zstd, "skopeo did not write a zstd layer");
    env.ok(&["load", "-i", zdir.to_str().unwrap()]);
    let id = env.image_ids();
    assert_eq!(id.len(), 1);
    assert_busybox_layer(&env, &id[0]);
    // docker-archive layers are uncompressed tars: same diff id, so the layer is shared
    let docker = busybox_docker_archive(&env);
    env.ok(&["load", "-i", docker.to_str().unwrap()]);
    let layers = std::fs::read_dir(env.root.join("layers")).unwrap().count();
    assert_eq!(layers, 1, "one layer stored once");
}

#[test]
fn save_round_trips_through_ctr_and_skopeo() {
    let env = Env::new("save");
    let archive = busybox_docker_archive(&env);
    env.ok(&["load", "-i", archive.to_str().unwrap()]);
    let before = env.inspect("busybox");
    for (fmt, transport) in [("docker-archive", "docker-archive"), ("oci-archive", "oci-archive")] {
        let out = env.path(&format!("saved-{fmt}.tar"));
        env.ok(&["save", "--format", fmt, "-o", out.to_str().unwrap(), "busybox"]);
        // skopeo reads what ctr wrote, and sees the same config
        let o = std::process::Command::new("skopeo")
            .args(["--insecure-policy", "inspect", "--config", &format!("{transport}:{}", out.display())])
            .output()
            .unwrap();
        assert!(o.status.success(), "skopeo inspect {fmt}: {}", String::from_utf8_lossy(&o.stderr));
        let cfg: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(cfg["rootfs"]["diff_ids"], before["RootFS"]["Layers"]);
        // and a fresh store loads it back to the same image id and name
        let env2 = Env::new("save-reload");
        let loaded = env2.ok(&["load", "-i", out.to_str().unwrap()]);
        assert_eq!(loaded.trim(), "Loaded image: docker.io/library/busybox:latest", "{fmt}");
        assert_eq!(env2.inspect("busybox")["Id"], before["Id"], "{fmt}");
        assert_busybox_layer(&env2, "busybox");
        // skopeo converts ctr's archive into another format ctr loads too
        let conv = env.path(&format!("conv-{fmt}"));
        skopeo(&["copy", &format!("{transport}:{}", out.display()), &format!("oci:{}:x", conv.display())]);
        let env3 = Env::new("save-conv");
        env3.ok(&["load", "-i", conv.to_str().unwrap()]);
        // (skopeo rewrites the config when it converts, so compare the layers)
        let ids = env3.image_ids();
        assert_eq!(ids.len(), 1);
        assert_eq!(env3.inspect(&ids[0])["RootFS"], before["RootFS"], "{fmt}");
    }
    // stdout, when it is not a terminal
    let o = env.cmd(&["save", "busybox"]).output().unwrap();
    assert!(o.status.success());
    assert!(o.stdout.len() > 1_000_000);
}

#[test]
fn import_rootfs_with_changes() {
    let env = Env::new("import");
    let tarball = env.path("rootfs.tar.gz");
    std::fs::write(&tarball, gzip(&busybox_rootfs_tar())).unwrap();
    let id = env.ok(&[
        "import",
        tarball.to_str().unwrap(),
        "imported:v1",
        "--change",
        "CMD [\"/bin/echo\", \"hi\"]",
        "--change",
        "ENV=GREETING=hello",
        "-c",
        "WORKDIR /tmp",
        "-m",
        "from a tarball",
    ]);
    assert!(id.trim().starts_with("sha256:") && id.trim().len() == 71, "{id}");
    let i = env.inspect("imported:v1");
    assert_eq!(i["Id"].as_str().unwrap(), id.trim());
    assert_eq!(i["Config"]["Cmd"], serde_json::json!(["/bin/echo", "hi"]));
    assert_eq!(i["Config"]["Env"], serde_json::json!(["GREETING=hello"]));
    assert_eq!(i["Config"]["WorkingDir"], "/tmp");
    assert_eq!(i["Comment"], "from a tarball");
    assert_busybox_layer(&env, "imported:v1");
    // from stdin, and bad --change is refused before anything is stored
    let o = env.with_stdin(&["import", "-", "fromstdin"], &tarball);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let bad = env.fail(&["import", tarball.to_str().unwrap(), "x", "--change", "RUN rm -rf /"]);
    assert!(bad.stderr.contains("RUN is not supported"), "{}", bad.stderr);
    let missing = env.fail(&["import", "/nonexistent.tar", "x"]);
    assert!(missing.stderr.contains("no such file"), "{}", missing.stderr);
}

#[test]
fn images_listing_formats() {
    let env = Env::new("images-fmt");
    let archive = busybox_docker_archive(&env);
    env.ok(&["load", "-i", archive.to_str().unwrap()]);
    env.ok(&["tag", "busybox", "localhost:5000/x/y:tag", "other"]);
    let q = env.ok(&["images", "-q"]);
    assert_eq!(q.lines().count(), 1, "one image, listed once: {q}");
    assert_eq!(q.trim().len(), 12);
    let all = env.ok(&["images", "-a"]);
    assert_eq!(all.lines().count(), 4, "{all}");
    assert!(all.contains("localhost:5000/x/y") && all.contains("docker.io/library/other"), "{all}");
    let d = env.ok(&["images", "--digests"]);
    assert!(d.lines().next().unwrap().contains("DIGEST") && d.contains("sha256:"), "{d}");
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["images", "--format", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["RepoTags"].as_array().unwrap().len(), 3);
    assert!(json[0]["Id"].as_str().unwrap().starts_with("sha256:"));
    let t = env.ok(&["images", "--format", "{{.Repository}}:{{.Tag}}"]);
    let mut names: Vec<&str> = t.lines().collect();
    names.sort();
    assert_eq!(names, ["docker.io/library/busybox:latest", "docker.io/library/other:latest", "localhost:5000/x/y:tag"]);
    let filtered = env.ok(&["images", "busybox"]);
    assert_eq!(filtered.lines().count(), 2, "{filtered}");
    let id = env.inspect("other")["Id"].as_str().unwrap().to_string();
    let short = &id[7..19];
    assert_eq!(env.inspect(short)["Id"], id.as_str(), "short ids resolve");
    let f = env.ok(&["image", "inspect", "--format", "{{.Id}}", "busybox"]);
    assert_eq!(f.trim(), id);
}

#[test]
fn tag_rmi_and_prune_remove_what_no_image_needs() {
    let env = Env::new("rmi");
    let archive = busybox_docker_archive(&env);
    env.ok(&["load", "-i", archive.to_str().unwrap()]);
    env.ok(&["tag", "busybox", "second:tag"]);
    // A second image sharing the busybox layer plus one of its own.
    let extra = make_tar(&[Entry::Dir("data/"), Entry::File("data/extra", b"extra layer")]);
    let dir = env.path("two-layer");
    oci_layout(&dir, &[busybox_rootfs_tar(), extra], "two:layers");
    env.ok(&["load", "-i", dir.to_str().unwrap()]);
    assert_eq!(std::fs::read_dir(env.root.join("layers")).unwrap().count(), 2);

    // Untagging one of two names keeps the image.
    let out = env.ok(&["rmi", "second:tag"]);
    assert_eq!(out.trim(), "Untagged: docker.io/library/second:tag");
    assert!(env.run(&["image", "inspect", "busybox"]).code == 0);
    // Removing the two-layer image removes only its own layer.
    let out = env.ok(&["rmi", "two:layers"]);
    assert!(out.contains("Untagged: docker.io/library/two:layers") && out.contains("Deleted: sha256:"), "{out}");
    assert_eq!(std::fs::read_dir(env.root.join("layers")).unwrap().count(), 1, "shared layer kept");
    let blobs_before = std::fs::read_dir(env.root.join("blobs/sha256")).unwrap().count();
    // A tag that moves leaves its old image dangling; prune removes it, its own layer
    // and its blobs.
    env.ok(&["load", "-i", dir.to_str().unwrap()]);
    env.ok(&["tag", "busybox", "two:layers"]);
    assert!(env.ok(&["images"]).contains("<none>"));
    let pruned = env.ok(&["image", "prune", "-f"]);
    assert!(pruned.contains("Deleted: sha256:") && pruned.contains("Total reclaimed space"), "{pruned}");
    assert_eq!(env.image_ids().len(), 1);
    assert_eq!(std::fs::read_dir(env.root.join("layers")).unwrap().count(), 1);
    assert_eq!(std::fs::read_dir(env.root.join("blobs/sha256")).unwrap().count(), blobs_before);
    // rmi of a missing image: not found, 125, a hint
    let o = env.fail(&["rmi", "nosuch"]);
    assert!(o.stderr.contains("No such image: nosuch"), "{}", o.stderr);
    // rmi -a leaves an empty store: no layers, no blobs
    env.ok(&["rmi", "-a"]);
    assert!(env.image_ids().is_empty());
    assert_eq!(std::fs::read_dir(env.root.join("layers")).unwrap().count(), 0);
    assert_eq!(std::fs::read_dir(env.root.join("blobs/sha256")).unwrap().count(), 0);
}

#[test]
fn image_prune_all_removes_tagged_images() {
    let env = Env::new("prune-all");
    let archive = busybox_docker_archive(&env);
    env.ok(&["load", "-i", archive.to_str().unwrap()]);
    let out = env.ok(&["image", "prune", "-f"]);
    assert!(!out.contains("Deleted"), "tagged images are not dangling: {out}");
    let out = env.ok(&["image", "prune", "-a", "-f"]);
    assert!(out.contains("Deleted: sha256:"), "{out}");
    assert!(env.image_ids().is_empty());
}
