//! Test environment: a private store per test, and fixtures built from busybox-static.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use sha2::{Digest, Sha256};

pub fn ctr_bin() -> PathBuf {
    std::env::var_os("CTR_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_ctr")))
}

static N: AtomicU32 = AtomicU32::new(0);

/// A temp dir with its own store root and HOME; removed (through `ctr unshare`, since
/// layers hold files of subordinate ids) when dropped.
pub struct Env {
    pub dir: PathBuf,
    pub root: PathBuf,
    /// Remote mode (CTR_TEST_REMOTE=1): the `ctr system service` on this store that the
    /// verbs the remote engine serves are sent to, started on first use.
    service: std::sync::Mutex<Option<std::process::Child>>,
}

/// Remote mode: the integration tests run again with every verb the remote engine serves
/// sent through `ctr -H` to a `ctr system service` on the test's own store (podman runs
/// its system tests the same way). The rest (and invocations starting with a global flag)
/// stay local: they are what the remote engine does not serve yet, or test local-only
/// machinery.
pub fn remote_mode() -> bool {
    std::env::var_os("CTR_TEST_REMOTE").is_some_and(|v| v == "1")
}

/// Whether the invocation's verb is one the remote engine serves. What the Docker Engine
/// API cannot carry, and the remote engine therefore refuses in one line
/// (`registry::pull_and_push_through_a_remote_engine`), stays local: a pull or push with
/// `--tls-verify` (the engine's own registry settings decide; the tests' registries are on
/// loopback, where plain HTTP is allowed anyway), and `save --format oci-archive` (the API
/// saves docker-archive only).
fn remote_verb(args: &[&str]) -> bool {
    let verb = match args {
        ["container", "inspect", ..] => "container inspect",
        // Every volume and network verb; of `system`, df and prune (check is about this
        // host, service and dial-stdio serve).
        ["volume" | "network", ..] => "volume/network",
        ["system", "df" | "prune", ..] => "system df/prune",
        ["container" | "image", v, ..] => v,
        [v, ..] => v,
        [] => return false,
    };
    if matches!(verb, "pull" | "push" | "build") && args.iter().any(|a| a.starts_with("--tls-verify")) {
        return false;
    }
    // podman's options the Docker API has no words for: refused remotely (tested on their
    // own), so the tests of what they do run locally.
    if matches!(verb, "run" | "create")
        && args.iter().any(|a| {
            ["--health-on-failure", "--sdnotify", "--cgroups", "--runtime", "--uidmap", "--gidmap", "--pod"]
                .iter()
                .any(|f| a.starts_with(f))
        })
    {
        return false;
    }
    // Pods are this host's (tests/it/pods.rs checks the remote refusal).
    if verb == "ps" && args.contains(&"--pod") {
        return false;
    }
    let oci = args.contains(&"--format=oci-archive") || args.windows(2).any(|w| w == ["--format", "oci-archive"]);
    if verb == "save" && oci {
        return false;
    }
    matches!(
        verb,
        "ps" | "ls"
            | "list"
            | "stop"
            | "restart"
            | "kill"
            | "pause"
            | "unpause"
            | "rm"
            | "rename"
            | "wait"
            | "top"
            | "diff"
            | "port"
            | "update"
            | "export"
            | "commit"
            | "tag"
            | "prune"
            | "container inspect"
            | "logs"
            | "stats"
            | "cp"
            | "exec"
            | "attach"
            | "start"
            | "run"
            | "create"
            | "inspect"
            | "images"
            | "rmi"
            | "history"
            | "save"
            | "load"
            | "import"
            | "pull"
            | "push"
            | "build"
            | "volume/network"
            | "system df/prune"
            | "info"
            | "version"
    )
        // `start --all --filter restart-policy=unless-stopped` needs to know who stopped a
        // container, which the API does not say: refused remotely (tested on its own).
        && !(verb == "start" && args.contains(&"restart-policy=unless-stopped"))
}

#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Out {
    fn from(o: Output) -> Out {
        Out {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Env {
    pub fn new(name: &str) -> Env {
        let base = std::env::var_os("CTR_TEST_TMP").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
        let dir = base.join(format!("ctr-it-{}-{}-{name}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
        std::fs::create_dir_all(&dir).unwrap();
        let root = dir.join("root");
        std::fs::create_dir_all(dir.join("home")).unwrap();
        Env { dir, root, service: std::sync::Mutex::new(None) }
    }

    /// The remote mode's service socket, the service started if need be.
    fn service_sock(&self) -> PathBuf {
        let sock = self.dir.join("remote.sock");
        let mut svc = self.service.lock().unwrap();
        if svc.is_none() {
            let child = self
                .local_cmd(&["system", "service", "--time", "0", &format!("unix://{}", sock.display())])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start ctr system service");
            *svc = Some(child);
            // The path appears at bind(), a moment before listen(): wait for a connect.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
            while std::os::unix::net::UnixStream::connect(&sock).is_err() && std::time::Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
        sock
    }

    /// ctr with the test's store: through the test's service in remote mode for the verbs
    /// the remote engine serves, else in-process.
    pub fn cmd(&self, args: &[&str]) -> Command {
        if remote_mode() && remote_verb(args) {
            let host = format!("unix://{}", self.service_sock().display());
            let mut all = vec!["-H", host.as_str()];
            all.extend_from_slice(args);
            return self.local_cmd(&all);
        }
        self.local_cmd(args)
    }

    /// ctr with the test's store, never through a service.
    pub fn local_cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(ctr_bin());
        c.arg("--root")
            .arg(&self.root)
            .args(args)
            .env("HOME", self.dir.join("home"))
            // Each test its own registries.conf and credentials (absent unless it writes them).
            .env("CONTAINERS_REGISTRIES_CONF", self.dir.join("registries.conf"))
            .env("REGISTRY_AUTH_FILE", self.dir.join("auth.json"))
            .env_remove("XDG_CONFIG_HOME")
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Out {
        self.cmd(args).output().expect("run ctr").into()
    }

    /// Runs ctr and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert_eq!(o.code, 0, "ctr {args:?} failed ({}):\nstdout: {}\nstderr: {}", o.code, o.stdout, o.stderr);
        o.stdout
    }

    /// Runs ctr and asserts it failed with podman's engine error code; returns the output.
    pub fn fail(&self, args: &[&str]) -> Out {
        let o = self.run(args);
        assert_eq!(
            o.code, 125,
            "ctr {args:?} should have failed with 125:\nstdout: {}\nstderr: {}",
            o.stdout, o.stderr
        );
        o
    }

    /// Runs ctr with `input` on stdin.
    pub fn with_input(&self, args: &[&str], input: &str) -> Out {
        let mut c = self.cmd(args);
        c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        child.wait_with_output().unwrap().into()
    }

    pub fn with_stdin(&self, args: &[&str], file: &Path) -> Out {
        let mut c = self.cmd(args);
        c.stdin(std::fs::File::open(file).unwrap());
        c.output().unwrap().into()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Image ids of `ctr images -q --no-trunc`.
    pub fn image_ids(&self) -> Vec<String> {
        self.ok(&["images", "-q", "--no-trunc"]).lines().map(String::from).collect()
    }

    pub fn inspect_container(&self, name: &str) -> serde_json::Value {
        let out = self.ok(&["container", "inspect", name]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v[0].clone()
    }

    /// ctr's own inspect document, never a service's (in remote mode the server answers
    /// in the API's shape: dockerd 20.10's endpoint aliases, no DNSNames).
    pub fn inspect_container_local(&self, name: &str) -> serde_json::Value {
        let o: Out = self.local_cmd(&["container", "inspect", name]).output().unwrap().into();
        assert_eq!(o.code, 0, "inspect {name}: {}", o.stderr);
        serde_json::from_str::<serde_json::Value>(&o.stdout).unwrap()[0].clone()
    }

    /// Where a container's own files are: its upper directory, or vfs's copy of its root.
    pub fn own_layer(&self, name: &str) -> PathBuf {
        let v = self.inspect_container_local(name);
        let id = v["Id"].as_str().unwrap();
        let own = if v["GraphDriver"]["Name"] == "vfs" { "vfs" } else { "upper" };
        self.root.join("containers").join(id).join(own)
    }

    pub fn inspect(&self, image: &str) -> serde_json::Value {
        let out = self.ok(&["image", "inspect", image]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v[0].clone()
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(mut s) = self.service.lock().unwrap().take() {
            let _ = s.kill();
            let _ = s.wait();
        }
        if self.root.exists() {
            let _ = self.local_cmd(&["unshare", "rm", "-rf"]).arg(&self.root).output();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

/// A tar entry for hand-made layers; names are written raw (so `../x` stays `../x`).
pub enum Entry<'a> {
    Dir(&'a str),
    File(&'a str, &'a [u8]),
    FileOwned(&'a str, &'a [u8], u64, u64),
    Symlink(&'a str, &'a str),
    Hardlink(&'a str, &'a str),
    CharDev(&'a str, u32, u32),
}

fn raw_header(kind: tar::EntryType, name: &str, size: u64) -> tar::Header {
    let mut h = tar::Header::new_ustar();
    h.set_entry_type(kind);
    h.set_size(size);
    h.set_mode(if kind == tar::EntryType::Directory { 0o755 } else { 0o644 });
    h.set_mtime(1_700_000_000);
    h.set_uid(0);
    h.set_gid(0);
    let n = name.as_bytes();
    assert!(n.len() < 100, "raw names are short");
    h.as_old_mut().name[..n.len()].copy_from_slice(n);
    h
}

fn set_link(h: &mut tar::Header, target: &str) {
    let t = target.as_bytes();
    h.as_old_mut().linkname[..t.len()].copy_from_slice(t);
}

/// Builds an uncompressed tar from entries, without tar's own path checks.
pub fn make_tar(entries: &[Entry]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for e in entries {
        match e {
            Entry::Dir(n) => {
                let mut h = raw_header(tar::EntryType::Directory, n, 0);
                h.set_cksum();
                b.append(&h, std::io::empty()).unwrap();
            }
            Entry::File(n, data) | Entry::FileOwned(n, data, _, _) => {
                let mut h = raw_header(tar::EntryType::Regular, n, data.len() as u64);
                if let Entry::FileOwned(_, _, u, g) = e {
                    h.set_uid(*u);
                    h.set_gid(*g);
                }
                h.set_cksum();
                b.append(&h, *data).unwrap();
            }
            Entry::Symlink(n, t) | Entry::Hardlink(n, t) => {
                let kind = if matches!(e, Entry::Symlink(..)) { tar::EntryType::Symlink } else { tar::EntryType::Link };
                let mut h = raw_header(kind, n, 0);
                set_link(&mut h, t);
                h.set_cksum();
                b.append(&h, std::io::empty()).unwrap();
            }
            Entry::CharDev(n, maj, min) => {
                let mut h = raw_header(tar::EntryType::Char, n, 0);
                h.set_device_major(*maj).unwrap();
                h.set_device_minor(*min).unwrap();
                h.set_cksum();
                b.append(&h, std::io::empty()).unwrap();
            }
        }
    }
    b.into_inner().unwrap()
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A busybox root filesystem tar (from busybox-static), deterministic.
pub fn busybox_rootfs_tar() -> Vec<u8> {
    let busybox = std::fs::read("/bin/busybox").expect("/bin/busybox (Debian busybox-static) is needed by the tests");
    let applets = Command::new("/bin/busybox").arg("--list").output().expect("busybox --list").stdout;
    let applets = String::from_utf8(applets).unwrap();
    let mut b = tar::Builder::new(Vec::new());
    let dir = |b: &mut tar::Builder<Vec<u8>>, name: &str, mode: u32| {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Directory);
        h.set_mode(mode);
        h.set_size(0);
        h.set_mtime(0);
        b.append_data(&mut h, name, std::io::empty()).unwrap();
    };
    for (d, m) in
        [("bin", 0o755), ("etc", 0o755), ("tmp", 0o1777), ("root", 0o700), ("home", 0o755), ("home/user", 0o755)]
    {
        dir(&mut b, d, m);
    }
    let file = |b: &mut tar::Builder<Vec<u8>>, name: &str, data: &[u8], mode: u32, uid: u64| {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Regular);
        h.set_mode(mode);
        h.set_size(data.len() as u64);
        h.set_mtime(0);
        h.set_uid(uid);
        h.set_gid(uid);
        b.append_data(&mut h, name, data).unwrap();
    };
    file(&mut b, "bin/busybox", &busybox, 0o755, 0);
    file(&mut b, "etc/passwd", b"root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n", 0o644, 0);
    file(&mut b, "etc/group", b"root:x:0:\nuser:x:1000:\n", 0o644, 0);
    file(&mut b, "home/user/owned", b"mine\n", 0o600, 1000);
    for a in applets.lines().filter(|a| *a != "busybox") {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_mode(0o777);
        h.set_size(0);
        h.set_mtime(0);
        b.append_link(&mut h, format!("bin/{a}"), "busybox").unwrap();
    }
    b.into_inner().unwrap()
}

/// Puts a blob into an OCI layout's blob dir; returns (digest, size).
pub fn put_blob(dir: &Path, data: &[u8]) -> (String, usize) {
    let blobs = dir.join("blobs/sha256");
    std::fs::create_dir_all(&blobs).unwrap();
    let h = sha256_hex(data);
    std::fs::write(blobs.join(&h), data).unwrap();
    (format!("sha256:{h}"), data.len())
}

/// Writes an image (gzip layers, config for `arch`, manifest) into an OCI layout's blobs;
/// returns the manifest's (digest, size).
pub fn put_image(dir: &Path, layers: &[Vec<u8>], arch: &str) -> (String, usize) {
    let mut diff_ids = Vec::new();
    let mut descs = Vec::new();
    for l in layers {
        diff_ids.push(format!("sha256:{}", sha256_hex(l)));
        let (d, s) = put_blob(dir, &gzip(l));
        descs.push(
            serde_json::json!({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": d, "size": s}),
        );
    }
    let config = serde_json::json!({
        "created": "2024-01-01T00:00:00Z", "architecture": arch, "os": "linux",
        "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "Cmd": ["sh"]},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created": "2024-01-01T00:00:00Z", "created_by": "ctr tests"}]
    });
    let (cd, cs) = put_blob(dir, &serde_json::to_vec(&config).unwrap());
    let manifest = serde_json::json!({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
        "layers": descs
    });
    put_blob(dir, &serde_json::to_vec(&manifest).unwrap())
}

/// Writes the index.json and oci-layout of a layout whose one entry is `desc` (a manifest
/// or an index), named `ref_name` as skopeo would.
pub fn finish_layout(dir: &Path, media_type: &str, (digest, size): (String, usize), ref_name: &str) -> PathBuf {
    let index = serde_json::json!({"schemaVersion": 2, "manifests": [{
        "mediaType": media_type, "digest": digest, "size": size,
        "annotations": {"org.opencontainers.image.ref.name": ref_name}}]});
    std::fs::write(dir.join("index.json"), serde_json::to_vec(&index).unwrap()).unwrap();
    std::fs::write(dir.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
    dir.to_path_buf()
}

/// Writes an OCI image layout of one amd64 image with gzip layers; returns the dir.
/// `ref_name` goes in the index annotation as skopeo would write it.
pub fn oci_layout(dir: &Path, layers: &[Vec<u8>], ref_name: &str) -> PathBuf {
    let m = put_image(dir, layers, "amd64");
    finish_layout(dir, "application/vnd.oci.image.manifest.v1+json", m, ref_name)
}

/// Runs skopeo (the independent producer/consumer of archives); panics with its output.
pub fn skopeo(args: &[&str]) {
    let o = Command::new("skopeo")
        .args(["--insecure-policy"])
        .args(args)
        .output()
        .expect("skopeo (Debian package skopeo) is needed by the tests");
    assert!(o.status.success(), "skopeo {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
}

/// The busybox test image as an OCI layout in `env`, named by `ref_name`.
pub fn busybox_layout(env: &Env, ref_name: &str) -> PathBuf {
    let dir = env.path("busybox-oci");
    if !dir.join("index.json").exists() {
        oci_layout(&dir, &[busybox_rootfs_tar()], ref_name);
    }
    dir
}

/// The busybox test image as a docker-archive written by skopeo, tagged busybox:latest.
pub fn busybox_docker_archive(env: &Env) -> PathBuf {
    let layout = busybox_layout(env, "latest");
    let out = env.path("busybox-docker.tar");
    if !out.exists() {
        skopeo(&[
            "copy",
            &format!("oci:{}:latest", layout.display()),
            &format!("docker-archive:{}:busybox:latest", out.display()),
        ]);
    }
    out
}

/// Host path of a file inside a layer of an image.
pub fn layer_path(env: &Env, diff_id: &str, rel: &str) -> PathBuf {
    env.root.join("layers").join(diff_id.trim_start_matches("sha256:")).join(rel)
}

/// The user's first subordinate uid (container uid 1 maps to it).
pub fn first_subuid() -> u32 {
    let me = nix_user();
    let text = std::fs::read_to_string("/etc/subuid").unwrap();
    for l in text.lines() {
        let f: Vec<&str> = l.split(':').collect();
        if f.len() == 3 && (f[0] == me.0 || f[0] == me.1.to_string()) {
            return f[1].parse().unwrap();
        }
    }
    panic!("no /etc/subuid entry for {}: tests/setup-host.sh adds one", me.0);
}

fn nix_user() -> (String, u32) {
    // SAFETY: getuid cannot fail and touches no memory.
    let uid = unsafe { libc::getuid() };
    let text = std::fs::read_to_string("/etc/passwd").unwrap();
    let name = text
        .lines()
        .find(|l| l.split(':').nth(2) == Some(&uid.to_string()))
        .and_then(|l| l.split(':').next())
        .unwrap_or("")
        .to_string();
    (name, uid)
}

/// Running as real root: no user namespace, ids are not shifted.
pub fn is_root() -> bool {
    my_uid() == 0
}

/// The host uid a file owned by `container` uid in an image gets in the layer store.
pub fn host_uid(container: u32) -> u32 {
    match (is_root(), container) {
        (true, c) => c,
        (false, 0) => my_uid(),
        (false, c) => first_subuid() + c - 1,
    }
}

pub fn my_uid() -> u32 {
    nix_user().1
}

/// Imports the busybox root filesystem as image `busybox` (CMD sh) into `env`'s store.
pub fn busybox_image(env: &Env) -> &'static str {
    let tarball = env.path("busybox-rootfs.tar");
    if !tarball.exists() {
        std::fs::write(&tarball, busybox_rootfs_tar()).unwrap();
        env.ok(&["import", "--change", "CMD [\"sh\"]", tarball.to_str().unwrap(), "busybox"]);
    }
    "busybox"
}

/// Pids of processes whose command line contains `needle`.
pub fn pids_matching(needle: &str) -> Vec<i32> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else { continue };
        if let Ok(c) = std::fs::read(format!("/proc/{pid}/cmdline"))
            && String::from_utf8_lossy(&c).replace('\0', " ").contains(needle)
        {
            out.push(pid);
        }
    }
    out
}

pub fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}
