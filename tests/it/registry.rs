//! Pull, push and login against the real docker-registry on loopback, with images pushed
//! there by skopeo; and a misbehaving in-process registry for what a real one never does.

use std::sync::Arc;

use crate::common::*;
use crate::regfix::*;

fn insecure_conf(env: &Env, host: &str, extra: &str) {
    std::fs::write(
        env.path("registries.conf"),
        format!("{extra}\n[[registry]]\nlocation = \"{host}\"\ninsecure = true\n"),
    )
    .unwrap();
}

#[test]
fn pull_run_push_and_pull_back_by_digest() {
    let env = Env::new("r-roundtrip");
    let reg = Registry::start(&env);
    let layout = busybox_layout(&env, "latest");
    reg.skopeo_push(&layout, "latest", "busybox:latest", &[]);
    reg.skopeo_push(&layout, "latest", "busybox:v2s2", &["--format", "v2s2"]);
    let h = &reg.host;

    // HTTPS is the default; with --tls-verify (or for a registry off loopback) a
    // plain-HTTP registry is refused with what to do.
    let o = env.fail(&["pull", "--tls-verify=true", &format!("{h}/busybox")]);
    assert!(o.stderr.contains("--tls-verify=false"), "{}", o.stderr);

    // OCI manifest. The registry is on loopback: HTTPS is tried, then plain HTTP, as
    // dockerd does for 127.0.0.0/8, localhost and ::1 (no --tls-verify=false needed).
    let o = env.cmd(&["pull", &format!("{h}/busybox")]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let id = String::from_utf8(o.stdout).unwrap().trim().to_string();
    assert_eq!(id.len(), 64, "pull prints the image id: {id}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Trying to pull") && err.contains("pull complete"), "plain progress lines: {err}");
    let oci_digest = reg.digest_of("busybox:latest");
    let im = env.inspect(&format!("{h}/busybox"));
    assert_eq!(im["RepoDigests"][0], format!("{h}/busybox@{oci_digest}"), "{im}");
    assert_eq!(im["Architecture"], "amd64");
    assert_eq!(env.ok(&["run", "--rm", &format!("{h}/busybox"), "echo", "pulled"]), "pulled\n");

    // Docker schema 2: the same image (same config), another manifest.
    env.ok(&["pull", "-q", "--tls-verify=false", &format!("{h}/busybox:v2s2")]);
    let im = env.inspect(&format!("{h}/busybox:v2s2"));
    assert_eq!(im["Id"], format!("sha256:{id}"));
    assert_eq!(im["ManifestType"], "application/vnd.docker.distribution.manifest.v2+json");

    // Push to a new repository: blobs are mounted or found, the manifest goes unchanged,
    // so the digest is the one skopeo computed for the source.
    let pushed = env.ok(&["push", "--tls-verify=false", &format!("{h}/busybox"), &format!("docker://{h}/copy/bb:1")]);
    assert_eq!(pushed.trim(), oci_digest);
    assert_eq!(reg.digest_of("copy/bb:1"), oci_digest, "skopeo reads what ctr pushed");

    // Pull back by digest into a fresh store.
    let env2 = Env::new("r-roundtrip2");
    let by_digest = format!("{h}/copy/bb@{oci_digest}");
    env2.ok(&["pull", "-q", "--tls-verify=false", &by_digest]);
    assert_eq!(
        env2.ok(&["run", "--rm", &by_digest, "cat", "/etc/passwd"]).lines().next(),
        Some("root:x:0:0:root:/root:/bin/sh")
    );
    let im = env2.inspect(&by_digest);
    assert_eq!(im["Id"], format!("sha256:{id}"));

    // A second pull has nothing to fetch.
    let o = env2.run(&["pull", "--tls-verify=false", &by_digest]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(!o.stderr.contains("pull complete"), "{}", o.stderr);

    // An image built locally pushes too (blobs uploaded, not mounted), and so does a
    // multi-megabyte layer in chunks.
    let big: Vec<u8> = (0..(20u32 << 20) / 4).flat_map(|i| i.wrapping_mul(2654435761).to_le_bytes()).collect();
    let tarball = env.path("big.tar");
    std::fs::write(&tarball, make_tar(&[Entry::File("big.bin", &big)])).unwrap();
    env.ok(&["import", tarball.to_str().unwrap(), "big:1"]);
    let d = env.ok(&[
        "push",
        "-q",
        "--tls-verify=false",
        "--digestfile",
        env.path("dig").to_str().unwrap(),
        "big:1",
        &format!("{h}/big:1"),
    ]);
    assert_eq!(d, "", "-q prints nothing");
    let d = std::fs::read_to_string(env.path("dig")).unwrap();
    assert_eq!(reg.digest_of("big:1"), d);
    let env3 = Env::new("r-roundtrip3");
    env3.ok(&["pull", "-q", "--tls-verify=false", &format!("{h}/big:1")]);
    assert_eq!(
        env3.ok(&["image", "inspect", "--format", "{{.Size}}", &format!("{h}/big:1")]).trim(),
        (20u64 << 20).to_string()
    );
}

/// Only loopback registries fall back to plain HTTP by themselves: the same plain-HTTP
/// registry served on this machine's other address needs --tls-verify=false.
#[test]
#[allow(clippy::print_stderr)] // a skip must be loud
fn plain_http_fallback_only_on_loopback() {
    let Some(ip) = non_loopback_ip() else {
        eprintln!("skipped: this machine has no non-loopback IPv4 address to serve a registry on");
        return;
    };
    let env = Env::new("r-offloop");
    let reg = Registry::start_with(&env, RegistryOpts { htpasswd: None, tls: false, ip: Some(ip) });
    reg.skopeo_push(&busybox_layout(&env, "latest"), "latest", "bb:1", &[]);
    let o = env.fail(&["pull", &format!("{}/bb:1", reg.host)]);
    assert!(o.stderr.contains("--tls-verify=false"), "{}", o.stderr);
    env.ok(&["pull", "-q", "--tls-verify=false", &format!("{}/bb:1", reg.host)]);
}

#[test]
fn multi_arch_index_and_platforms() {
    let env = Env::new("r-index");
    let reg = Registry::start(&env);
    let dir = oci_index_layout(
        &env.path("multi"),
        &[("amd64", vec![busybox_rootfs_tar()]), ("arm64", vec![small_layer("arch", b"arm64\n")])],
        "latest",
    );
    reg.skopeo_push(&dir, "latest", "multi:latest", &["--all"]);
    let index_digest = reg.digest_of("multi:latest");
    let h = &reg.host;
    insecure_conf(&env, h, "");
    let name = format!("{h}/multi");
    env.ok(&["pull", "-q", &name]);
    assert_eq!(env.inspect(&name)["Architecture"], "amd64");
    assert_eq!(
        env.inspect(&name)["RepoDigests"][0],
        format!("{name}@{index_digest}"),
        "the repo digest is the index's"
    );
    assert_eq!(env.ok(&["run", "--rm", &name, "echo", "amd64 picked"]), "amd64 picked\n");
    env.ok(&["pull", "-q", "--platform", "linux/arm64", &name]);
    assert_eq!(env.inspect(&name)["Architecture"], "arm64");
    let o = env.fail(&["pull", "--arch", "s390x", &name]);
    assert!(o.stderr.contains("linux/s390x") && o.stderr.contains("linux/arm64"), "{}", o.stderr);
    let o = env.fail(&["pull", "--platform", "linux", &name]);
    assert!(o.stderr.contains("OS/ARCH"), "{}", o.stderr);
    // by the index's digest
    env.ok(&["pull", "-q", &format!("{name}@{index_digest}")]);
}

#[test]
fn layers_are_shared_and_not_fetched_twice() {
    let env = Env::new("r-layers");
    let reg = Registry::start(&env);
    let h = reg.host.clone();
    insecure_conf(&env, &h, "");
    let base = busybox_rootfs_tar();
    let layers: Vec<Vec<u8>> = std::iter::once(base.clone())
        .chain((1..5).map(|i| small_layer(&format!("layer{i}"), format!("{i}\n").as_bytes())))
        .collect();
    let five = oci_layout(&env.path("five"), &layers, "latest");
    reg.skopeo_push(&five, "latest", "five:latest", &[]);
    let two = oci_layout(&env.path("two"), &[base, small_layer("other", b"x\n")], "latest");
    reg.skopeo_push(&two, "latest", "two:latest", &[]);
    let o = env.run(&["pull", &format!("{h}/five")]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stderr.matches("pull complete").count(), 5, "{}", o.stderr);
    // Two pulls of one image into one store at once: both succeed, one copy of each layer.
    let env_c = Env::new("r-layers-concurrent");
    insecure_conf(&env_c, &h, "");
    let kids: Vec<_> = (0..2)
        .map(|_| env_c.cmd(&["pull", "-q", &format!("{h}/five")]).stderr(std::process::Stdio::piped()).spawn().unwrap())
        .collect();
    for k in kids {
        let o = k.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(env_c.image_ids().len(), 1);
    assert_eq!(layer_dirs(&env_c).len(), 5, "{:?}", layer_dirs(&env_c));
    assert_eq!(env_c.ok(&["run", "--rm", &format!("{h}/five"), "cat", "/layer3"]), "3\n");
    let o = env.run(&["pull", &format!("{h}/two")]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stderr.matches("pull complete").count(), 1, "{}", o.stderr);
    assert!(o.stderr.contains("already exists"), "{}", o.stderr);
    assert_eq!(env.ok(&["run", "--rm", &format!("{h}/five"), "cat", "/layer4"]), "4\n");
    assert_eq!(layer_dirs(&env).len(), 6);
    // `run` pulls what is missing; --pull=never refuses to.
    let env2 = Env::new("r-layers2");
    insecure_conf(&env2, &h, "");
    let o = env2.fail(&["run", "--rm", "--pull=never", &format!("{h}/two"), "true"]);
    assert!(o.stderr.contains("not found"), "{}", o.stderr);
    assert_eq!(env2.ok(&["run", "--rm", "-q", &format!("{h}/two"), "cat", "/other"]), "x\n");
    let o = env2.run(&["run", "--rm", "--pull=always", &format!("{h}/two"), "true"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("Trying to pull") && !o.stderr.contains("pull complete"), "{}", o.stderr);
    let o = env2.fail(&["run", "--rm", &format!("{h}/nosuch"), "true"]);
    assert!(o.stderr.contains("not found") && o.stderr.contains("_UNKNOWN"), "{}", o.stderr);
}

#[test]
fn registries_conf_search_aliases_and_blocks() {
    let env = Env::new("r-conf");
    let reg = Registry::start(&env);
    let h = reg.host.clone();
    let layout = busybox_layout(&env, "latest");
    reg.skopeo_push(&layout, "latest", "busybox:latest", &[]);
    reg.skopeo_push(&layout, "latest", "tools/box:2", &[]);
    insecure_conf(
        &env,
        &h,
        &format!(
            "unqualified-search-registries = [\"{h}\"]\n[aliases]\n\"box\" = \"{h}/tools/box\"\n[[registry]]\nprefix = \"{h}/secret\"\nlocation = \"{h}/secret\"\nblocked = true\n"
        ),
    );
    // A short name is searched in the configured registries, then found locally by it.
    env.ok(&["pull", "-q", "busybox"]);
    assert!(env.ok(&["images", "--format", "{{.Repository}}"]).contains(&format!("{h}/busybox")));
    assert_eq!(env.ok(&["run", "--rm", "--pull=never", "busybox", "echo", "short"]), "short\n");
    env.ok(&["pull", "-q", "box:2"]);
    assert!(env.ok(&["images", "--format", "{{.Repository}}:{{.Tag}}"]).contains(&format!("{h}/tools/box:2")));
    let o = env.fail(&["pull", &format!("{h}/secret/x")]);
    assert!(o.stderr.contains("blocked"), "{}", o.stderr);
    std::fs::write(env.path("registries.conf"), "unqualified-search-registries = [\n").unwrap();
    let o = env.fail(&["pull", "busybox"]);
    assert!(o.stderr.contains("registries.conf"), "{}", o.stderr);
}

#[test]
fn htpasswd_registry_needs_login() {
    let env = Env::new("r-auth");
    let reg = Registry::start_with(&env, RegistryOpts { htpasswd: Some(("alice", "s3cret")), tls: true, ip: None });
    let h = reg.host.clone();
    insecure_conf(&env, &h, "");
    let layout = busybox_layout(&env, "latest");
    skopeo(&[
        "copy",
        "--dest-tls-verify=false",
        "--dest-creds",
        "alice:s3cret",
        &format!("oci:{}:latest", layout.display()),
        &format!("docker://{h}/private/bb:1"),
    ]);
    let name = format!("{h}/private/bb:1");
    let o = env.run(&["pull", &name]);
    assert_eq!(o.code, 125);
    assert!(o.stderr.contains("authentication required") && o.stderr.contains("ctr login"), "{}", o.stderr);
    let o = env.with_input(&["login", "-u", "alice", "--password-stdin", &h], "wrong\n");
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("refused the credentials"), "{}", o.stderr);
    assert!(!env.path("auth.json").exists(), "a failed login stores nothing");
    let o = env.with_input(&["login", "-u", "alice", "--password-stdin", &h], "s3cret\n");
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("Login Succeeded"), "{}", o.stdout);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(env.path("auth.json")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let auth: serde_json::Value = serde_json::from_slice(&std::fs::read(env.path("auth.json")).unwrap()).unwrap();
    assert!(auth["auths"][&h]["auth"].is_string(), "{auth}");
    assert_eq!(env.ok(&["login", "--get-login", &h]).trim(), "alice");
    env.ok(&["pull", "-q", &name]);
    env.ok(&["push", "-q", &name, &format!("{h}/private/bb:copy")]);
    env.ok(&["logout", &h]);
    assert!(env.run(&["logout", &h]).code != 0);
    let o = env.run(&["pull", &name]);
    assert!(o.stderr.contains("authentication required"), "{}", o.stderr);
    // --creds, and docker's config.json (where `docker login` writes).
    env.ok(&["pull", "-q", "--creds", "alice:s3cret", &name]);
    let docker_dir = env.path("home/.docker");
    std::fs::create_dir_all(&docker_dir).unwrap();
    std::fs::write(docker_dir.join("config.json"), format!(r#"{{"auths":{{"{h}":{{"auth":"YWxpY2U6czNjcmV0"}}}}}}"#))
        .unwrap();
    env.ok(&["pull", "-q", &name]);
    // A credential helper (docker-credential-NAME get) named in credHelpers.
    let bin = env.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let helper = bin.join("docker-credential-testhelper");
    std::fs::write(&helper, "#!/bin/sh\nread server\necho \"{\\\"ServerURL\\\":\\\"$server\\\",\\\"Username\\\":\\\"alice\\\",\\\"Secret\\\":\\\"s3cret\\\"}\"\n").unwrap();
    std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(docker_dir.join("config.json"), format!(r#"{{"credHelpers":{{"{h}":"testhelper"}}}}"#)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let o = env.cmd(&["pull", "-q", &name]).env("PATH", &path).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Self-signed TLS is refused with --tls-verify unless the registry is marked insecure
    // (loopback registries are insecure by default, as in dockerd).
    std::fs::remove_file(env.path("registries.conf")).unwrap();
    let o = env.fail(&["pull", "--tls-verify=true", "--creds", "alice:s3cret", &name]);
    assert!(o.stderr.contains("certificate") || o.stderr.contains("Unknown"), "{}", o.stderr);
    env.ok(&["pull", "-q", "--tls-verify=false", "--creds", "alice:s3cret", &name]);
}

/// The bearer-token flow (WWW-Authenticate realm/service/scope), as Docker Hub does it.
#[test]
fn bearer_token_challenge() {
    let env = Env::new("r-token");
    let layout = busybox_layout(&env, "latest");
    let content = Content::from_layout(&layout, "latest");
    let reg_cell: Arc<std::sync::OnceLock<String>> = Arc::new(std::sync::OnceLock::new());
    let rc = reg_cell.clone();
    let fake = FakeRegistry::start(Arc::new(move |req: &Req| {
        let host = rc.get().cloned().unwrap_or_default();
        if req.path.starts_with("/token") {
            let anonymous = !req.headers.contains_key("authorization");
            // Only bob may push; anyone may pull.
            if req.path.contains("push") && anonymous {
                return Resp::new(401, r#"{"details":"push needs a login"}"#);
            }
            return Resp::new(200, r#"{"token":"tok-123","expires_in":300}"#);
        }
        if req.headers.get("authorization").map(String::as_str) != Some("Bearer tok-123") {
            return Resp::new(401, r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#).header(
                "WWW-Authenticate",
                &format!(r#"Bearer realm="http://{host}/token",service="fake-registry",scope="repository:library/busybox:pull""#),
            );
        }
        content.answer(req)
    }));
    reg_cell.set(fake.host.clone()).unwrap();
    insecure_conf(&env, &fake.host, "");
    let name = format!("{}/library/busybox", fake.host);
    env.ok(&["pull", "-q", &name]);
    let log = fake.log.lock().unwrap().clone();
    let token_req = log.iter().find(|l| l.starts_with("GET /token")).expect("a token request");
    assert!(
        token_req.contains("service=fake-registry")
            && token_req.contains("scope=repository%3Alibrary%2Fbusybox%3Apull"),
        "{token_req}"
    );
    assert!(log.iter().any(|l| l.contains("/blobs/") && l.contains("Bearer tok-123")), "{log:?}");
    assert_eq!(env.ok(&["run", "--rm", &name, "echo", "token ok"]), "token ok\n");
    let o = env.run(&["push", &name, &format!("{}/library/other", fake.host)]);
    assert_eq!(o.code, 125);
    assert!(o.stderr.contains("authentication required"), "{}", o.stderr);
}

/// A registry that lies: every failure is clean, and nothing of it is stored.
#[test]
fn hostile_registry_stores_nothing() {
    let env = Env::new("r-hostile");
    let layout = busybox_layout(&env, "latest");
    let content = Content::from_layout(&layout, "latest");
    let layer = content.layer_digests("latest")[0].clone();
    let fake = FakeRegistry::start(Arc::new(|_: &Req| Resp::new(500, "")));
    insecure_conf(&env, &fake.host, "");
    let name = format!("{}/bb:latest", fake.host);
    let clean = |env: &Env, what: &str| {
        assert_eq!(env.ok(&["images", "-q"]), "", "{what}: no image");
        assert!(layer_dirs(env).is_empty(), "{what}: layers left: {:?}", layer_dirs(env));
        assert!(blob_temps(env).is_empty(), "{what}: temp files left: {:?}", blob_temps(env));
    };

    // A layer whose bytes don't match its digest (same size).
    let (c, l) = (content.clone(), layer.clone());
    fake.set(Arc::new(move |req: &Req| {
        let mut r = c.answer(req);
        if req.path.ends_with(&l) {
            let n = r.body.len();
            r.body[n / 2] ^= 0xff;
        }
        r
    }));
    let o = env.fail(&["pull", &name]);
    assert!(o.stderr.contains("digest mismatch"), "{}", o.stderr);
    clean(&env, "wrong digest");

    // A layer cut short.
    let (c, l) = (content.clone(), layer.clone());
    fake.set(Arc::new(move |req: &Req| {
        let mut r = c.answer(req);
        if req.path.ends_with(&l) {
            r.cut = Some(r.body.len() / 2);
        }
        r
    }));
    let o = env.fail(&["pull", &name]);
    assert!(o.stderr.contains(&layer[..20]), "names the layer: {}", o.stderr);
    clean(&env, "truncated");

    // A layer longer than the manifest says.
    let (c, l) = (content.clone(), layer.clone());
    fake.set(Arc::new(move |req: &Req| {
        let mut r = c.answer(req);
        if req.path.ends_with(&l) {
            r.body.extend_from_slice(&[0u8; 4096]);
        }
        r
    }));
    let o = env.fail(&["pull", &name]);
    assert!(o.stderr.contains("more than"), "{}", o.stderr);
    clean(&env, "oversized layer");

    // A manifest of 5 MiB.
    let c = content.clone();
    fake.set(Arc::new(move |req: &Req| {
        if req.path.contains("/manifests/") {
            return Resp::new(200, vec![b' '; 5 << 20])
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json");
        }
        c.answer(req)
    }));
    let o = env.fail(&["pull", &name]);
    assert!(o.stderr.contains("larger than"), "{}", o.stderr);
    clean(&env, "big manifest");

    // A blob that redirects to itself forever.
    let (c, l) = (content.clone(), layer.clone());
    fake.set(Arc::new(move |req: &Req| {
        if req.path.contains(&l) {
            return Resp::new(307, "").header("Location", &req.path);
        }
        c.answer(req)
    }));
    let o = env.fail(&["pull", &name]);
    assert!(o.stderr.contains("too many redirects"), "{}", o.stderr);
    clean(&env, "redirect loop");

    // A manifest that is not what its digest says (pull by digest).
    let c = content.clone();
    let real = content.tags["latest"].clone();
    fake.set(Arc::new(move |req: &Req| {
        let mut r = c.answer(req);
        if req.path.contains("/manifests/") {
            r.body.push(b'\n');
            r.headers.retain(|(k, _)| k != "Docker-Content-Digest");
        }
        r
    }));
    let o = env.fail(&["pull", &format!("{}/bb@{real}", fake.host)]);
    assert!(o.stderr.contains("digest mismatch"), "{}", o.stderr);
    clean(&env, "manifest digest");

    // Garbage where JSON belongs.
    let c = content.clone();
    fake.set(Arc::new(move |req: &Req| {
        if req.path.contains("/manifests/") {
            return Resp::new(200, "{not json").header("Content-Type", "application/vnd.oci.image.manifest.v1+json");
        }
        c.answer(req)
    }));
    let o = env.fail(&["pull", &name]);
    assert!(o.stderr.contains("not valid JSON"), "{}", o.stderr);
    clean(&env, "bad json");

    // And the honest registry works after all that.
    let c = content.clone();
    fake.set(Arc::new(move |req: &Req| c.answer(req)));
    env.ok(&["pull", "-q", &name]);
}

/// SIGKILL in the middle of a pull: the store stays consistent and the next pull
/// finishes the job, reusing the layer that was complete.
#[test]
fn killed_pull_is_finished_by_the_next() {
    let env = Env::new("r-killed");
    let layers = vec![busybox_rootfs_tar(), small_layer("second", &vec![b'z'; 300_000])];
    let layout = oci_layout(&env.path("two"), &layers, "latest");
    let content = Content::from_layout(&layout, "latest");
    let digests = content.layer_digests("latest");
    let (c, slow) = (content.clone(), digests[1].clone());
    let fake = FakeRegistry::start(Arc::new(move |req: &Req| {
        let mut r = c.answer(req);
        if req.path.ends_with(&slow) {
            r.stall_after = Some(1000);
        }
        r
    }));
    insecure_conf(&env, &fake.host, "");
    let name = format!("{}/two:latest", fake.host);
    let mut child = env
        .cmd(&["pull", &name])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the first layer to land (its directory renamed into place).
    let want = digests[0].clone();
    let first_diff = sha256_hex(&layers[0]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !layer_dirs(&env).contains(&first_diff) {
        assert!(std::time::Instant::now() < deadline, "the first layer never landed: {:?}", layer_dirs(&env));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    child.kill().unwrap();
    child.wait().unwrap();
    if remote_mode() {
        // The client killed: the service sees its connection close and stops the pull
        // (the stalled layer's temp file goes), as dockerd does; the registry still
        // stalls, so only a cancel ends it this soon.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        while !blob_temps(&env).is_empty() {
            assert!(std::time::Instant::now() < deadline, "the service's pull went on: {:?}", blob_temps(&env));
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
    assert_eq!(env.ok(&["images", "-q"]), "", "no half image");
    let c = content.clone();
    fake.set(Arc::new(move |req: &Req| c.answer(req)));
    let o = env.run(&["pull", &name]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains(&format!("{} skipped: already exists", &want[7..19])), "{}", o.stderr);
    assert_eq!(o.stderr.matches("pull complete").count(), 1, "{}", o.stderr);
    assert_eq!(env.ok(&["run", "--rm", &name, "wc", "-c", "/second"]).trim(), "300000 /second");
    // rmi leaves nothing behind, temp leftovers of the killed pull included.
    env.ok(&["rmi", &name]);
    assert!(layer_dirs(&env).is_empty(), "{:?}", layer_dirs(&env));
    assert!(blob_temps(&env).is_empty(), "{:?}", blob_temps(&env));
}

/// A layer that was already here when an image was pulled ("skipped: already exists") has
/// no blob of the pulled manifest: push and save make it again (from the layer's other
/// blob, or from its unpacked files when that is gone too) and rewrite the manifest.
#[test]
fn push_and_save_an_image_whose_layer_came_from_elsewhere() {
    let env = Env::new("r-reblob");
    let reg = Registry::start(&env);
    let h = &reg.host;
    let layout = busybox_layout(&env, "latest");
    reg.skopeo_push(&layout, "latest", "x/busybox:latest", &[]);
    let archive = busybox_docker_archive(&env);
    env.ok(&["load", "-i", archive.to_str().unwrap()]);
    let o = env.run(&["pull", &format!("{h}/x/busybox:latest")]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("skipped: already exists"), "the layer came from the archive: {}", o.stderr);
    let id = env.inspect(&format!("{h}/x/busybox:latest"))["Id"].as_str().unwrap().to_string();

    // The issue's sequence: the gzip blob was never fetched, yet the push works.
    let digestfile = env.path("digest");
    let o = env.run(&[
        "push",
        "--digestfile",
        digestfile.to_str().unwrap(),
        &format!("{h}/x/busybox:latest"),
        &format!("{h}/x/copy:1"),
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let pushed = o.stdout.trim().to_string();
    assert!(o.stderr.contains("compressing the layer again"), "{}", o.stderr);
    assert_eq!(std::fs::read_to_string(&digestfile).unwrap(), pushed);
    assert_eq!(reg.digest_of("x/copy:1"), pushed, "the digest printed is the manifest pushed");

    // Pulled back into a fresh store: the same image (the layer's content is unchanged,
    // so its diff id and the config are too), and it runs.
    let env2 = Env::new("r-reblob2");
    let by_digest = format!("{h}/x/copy@{pushed}");
    env2.ok(&["pull", "-q", &by_digest]);
    assert_eq!(env2.inspect(&by_digest)["Id"], id);
    assert_eq!(env2.ok(&["run", "--rm", &by_digest, "echo", "pushed back"]), "pushed back\n");

    // Neither blob of the layer left: the layer's files are tarred again, which is a new
    // diff id, so a new config and image; it still pulls and runs.
    let diff_id = env.inspect(&id)["RootFS"]["Layers"][0].as_str().unwrap().to_string();
    let blob = env.root.join("blobs/sha256").join(diff_id.trim_start_matches("sha256:"));
    assert!(blob.exists(), "the archive's uncompressed layer blob is stored as {}", blob.display());
    std::fs::remove_file(&blob).unwrap();
    let o = env.run(&["push", &format!("{h}/x/busybox:latest"), &format!("{h}/x/again:1")]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let again = o.stdout.trim().to_string();
    let env3 = Env::new("r-reblob3");
    let by_digest = format!("{h}/x/again@{again}");
    env3.ok(&["pull", "-q", &by_digest]);
    assert_eq!(
        env3.ok(&["run", "--rm", &by_digest, "cat", "/etc/passwd"]).lines().next(),
        Some("root:x:0:0:root:/root:/bin/sh")
    );

    // ctr save in both formats: archives that skopeo reads and ctr loads again.
    for format in ["oci-archive", "docker-archive"] {
        let out = env.path(&format!("saved-{format}.tar"));
        env.ok(&["save", "--format", format, "-o", out.to_str().unwrap(), &format!("{h}/x/busybox:latest")]);
        let o = std::process::Command::new("skopeo")
            .args(["--insecure-policy", "inspect", "--raw", &format!("{format}:{}", out.display())])
            .output()
            .unwrap();
        assert!(o.status.success(), "skopeo reads the {format}: {}", String::from_utf8_lossy(&o.stderr));
        let env4 = Env::new(&format!("r-reblob-{format}"));
        env4.ok(&["load", "-i", out.to_str().unwrap()]);
        assert_eq!(env4.ok(&["run", "--rm", &format!("{h}/x/busybox:latest"), "echo", "saved"]), "saved\n");
    }
}

/// Pull and push through a remote engine (`ctr -H`): the client's credentials travel in
/// X-Registry-Auth (the service has none of its own here), progress is drawn from the
/// API's stream, a push to another name leaves no name behind on the engine, and what the
/// API cannot carry (`--tls-verify`, an oci-archive save) is refused in one line.
#[test]
fn pull_and_push_through_a_remote_engine() {
    let env = Env::new("r-remote");
    let reg = Registry::start_with(&env, RegistryOpts { htpasswd: Some(("alice", "s3cret")), tls: true, ip: None });
    let h = reg.host.clone();
    skopeo(&[
        "copy",
        "--dest-tls-verify=false",
        "--dest-creds",
        "alice:s3cret",
        &format!("oci:{}:latest", busybox_layout(&env, "latest").display()),
        &format!("docker://{h}/private/bb:1"),
    ]);
    let svc = crate::api::service(&env, "remote.sock");
    let host = format!("unix://{}", svc.sock.display());
    let client = Env::new("r-remote-client");
    let r = |args: &[&str]| -> Out {
        let mut a = vec!["-H", host.as_str()];
        a.extend_from_slice(args);
        client.run(&a)
    };
    let name = format!("{h}/private/bb:1");
    let o = r(&["pull", "--tls-verify=false", &name]);
    assert_eq!(o.code, 125, "{}", o.stderr);
    assert!(o.stderr.contains("--tls-verify is not available through a remote engine"), "{}", o.stderr);
    let o = r(&["pull", &name]);
    assert_eq!(o.code, 125);
    assert!(o.stderr.contains("authentication required"), "the engine has no credentials: {}", o.stderr);
    let o = r(&["pull", "--creds", "alice:s3cret", &name]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("Trying to pull") && o.stderr.contains("pull complete"), "{}", o.stderr);
    let id = env.inspect(&name)["Id"].as_str().unwrap().to_string();
    assert_eq!(o.stdout.trim(), id.trim_start_matches("sha256:"), "pull prints the id");
    assert!(client.image_ids().is_empty(), "the client's own store is untouched");

    // Push to another name with the client's stored login: the engine's names are as before.
    std::fs::write(client.path("auth.json"), format!(r#"{{"auths":{{"{h}":{{"auth":"YWxpY2U6czNjcmV0"}}}}}}"#))
        .unwrap();
    let names = || env.ok(&["images", "--format", "{{.Repository}}:{{.Tag}}"]);
    let before = names();
    let o = r(&["push", &name, &format!("{h}/private/copy:2")]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout.trim(), reg.digest_of_as("private/copy:2", "alice:s3cret"));
    assert_eq!(names(), before);
    let o = r(&["push", "--tls-verify", &name]);
    assert!(o.code == 125 && o.stderr.contains("--tls-verify is not available"), "{}", o.stderr);
    let o = r(&["save", "--format", "oci-archive", "-o", client.path("x.tar").to_str().unwrap(), &name]);
    assert!(o.code == 125 && o.stderr.contains("docker-archive only"), "{}", o.stderr);
    assert!(!client.path("x.tar").exists());
}
