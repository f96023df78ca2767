//! Registry fixtures: the real docker-registry (Debian's distribution 2.8) on a loopback
//! port, optionally with htpasswd auth and TLS; and a small in-process HTTP server for
//! what a real registry never does (wrong digests, truncated bodies, redirect loops).

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::*;

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A docker-registry process serving 127.0.0.1:PORT; killed on drop.
pub struct Registry {
    pub port: u16,
    pub host: String,
    child: Child,
    pub dir: PathBuf,
}

pub struct RegistryOpts {
    pub htpasswd: Option<(&'static str, &'static str)>,
    pub tls: bool,
    /// The address to serve on (127.0.0.1 unless given).
    pub ip: Option<std::net::Ipv4Addr>,
}

/// A non-loopback IPv4 address of this machine (the one a default route leaves from),
/// for what must behave differently off loopback; None on a machine without one.
pub fn non_loopback_ip() -> Option<std::net::Ipv4Addr> {
    let s = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    s.connect("192.0.2.254:9").ok()?;
    match s.local_addr().ok()?.ip() {
        std::net::IpAddr::V4(ip) if !ip.is_loopback() && !ip.is_unspecified() => Some(ip),
        _ => None,
    }
}

impl Registry {
    pub fn start(env: &Env) -> Registry {
        Self::start_with(env, RegistryOpts { htpasswd: None, tls: false, ip: None })
    }

    pub fn start_with(env: &Env, o: RegistryOpts) -> Registry {
        let bin = "/usr/bin/docker-registry";
        assert!(Path::new(bin).exists(), "{bin} (Debian package docker-registry) is needed by the tests");
        let dir = env.path(&format!("registry-{}", free_port()));
        std::fs::create_dir_all(dir.join("data")).unwrap();
        let mut last_err = String::new();
        let ip = o.ip.unwrap_or(std::net::Ipv4Addr::LOCALHOST);
        for _ in 0..5 {
            let port = free_port();
            let mut cfg = format!(
                "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: {}\n  delete:\n    enabled: true\nhttp:\n  addr: {ip}:{port}\n  secret: test-secret\n",
                dir.join("data").display()
            );
            if o.tls {
                let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
                if !cert.exists() {
                    let out = Command::new("openssl")
                        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"])
                        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
                        .arg("-keyout")
                        .arg(&key)
                        .arg("-out")
                        .arg(&cert)
                        .output()
                        .expect("openssl is needed by the tests");
                    assert!(out.status.success(), "openssl: {}", String::from_utf8_lossy(&out.stderr));
                }
                cfg.push_str(&format!("  tls:\n    certificate: {}\n    key: {}\n", cert.display(), key.display()));
            }
            if let Some((u, p)) = o.htpasswd {
                let out = Command::new("htpasswd").args(["-Bbn", u, p]).output().expect("htpasswd (apache2-utils)");
                assert!(out.status.success());
                std::fs::write(dir.join("htpasswd"), &out.stdout).unwrap();
                cfg.push_str(&format!(
                    "auth:\n  htpasswd:\n    realm: test-realm\n    path: {}\n",
                    dir.join("htpasswd").display()
                ));
            }
            std::fs::write(dir.join("config.yml"), cfg).unwrap();
            let log = std::fs::File::create(dir.join("log")).unwrap();
            let child = Command::new(bin)
                .arg("serve")
                .arg(dir.join("config.yml"))
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .unwrap();
            let mut reg = Registry { port, host: format!("{ip}:{port}"), child, dir: dir.clone() };
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if TcpStream::connect((ip, port)).is_ok() {
                    return reg;
                }
                if let Ok(Some(_)) = reg.child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            last_err = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
            let _ = reg.child.kill();
        }
        panic!("docker-registry did not start: {last_err}");
    }

    /// Pushes an OCI layout's image here with skopeo (an independent client).
    pub fn skopeo_push(&self, layout: &Path, tag: &str, repo_tag: &str, extra: &[&str]) {
        let src = format!("oci:{}:{tag}", layout.display());
        let dst = format!("docker://{}/{repo_tag}", self.host);
        let mut args = vec!["copy", "--dest-tls-verify=false"];
        args.extend_from_slice(extra);
        args.push(&src);
        args.push(&dst);
        skopeo(&args);
    }

    /// `skopeo inspect --raw`'s digest of what a tag points to.
    pub fn digest_of(&self, repo_tag: &str) -> String {
        self.digest_of_as(repo_tag, "")
    }

    /// `digest_of` with credentials (USER:PASS; none when empty).
    pub fn digest_of_as(&self, repo_tag: &str, creds: &str) -> String {
        let o = Command::new("skopeo")
            .args(["inspect", "--tls-verify=false", "--format", "{{.Digest}}"])
            .args(if creds.is_empty() { vec![] } else { vec!["--creds", creds] })
            .arg(format!("docker://{}/{repo_tag}", self.host))
            .output()
            .unwrap();
        assert!(o.status.success(), "skopeo inspect: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap().trim().to_string()
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An OCI layout holding an index of several images, one per platform: (arch, layers).
pub fn oci_index_layout(dir: &Path, images: &[(&str, Vec<Vec<u8>>)], ref_name: &str) -> PathBuf {
    let manifests: Vec<serde_json::Value> = images
        .iter()
        .map(|(arch, layers)| {
            let (md, ms) = put_image(dir, layers, arch);
            serde_json::json!({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md, "size": ms,
                "platform": {"architecture": arch, "os": "linux"}})
        })
        .collect();
    let inner = serde_json::json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": manifests});
    let idx = put_blob(dir, &serde_json::to_vec(&inner).unwrap());
    finish_layout(dir, "application/vnd.oci.image.index.v1+json", idx, ref_name)
}

/// A tar with one small file: a layer that is easy to tell apart.
pub fn small_layer(name: &str, content: &[u8]) -> Vec<u8> {
    make_tar(&[Entry::File(name, content)])
}

// ---- an in-process registry that misbehaves on purpose ----

pub struct Req {
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, String>,
}

pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Send only this many body bytes (after a Content-Length for all of them), then close.
    pub cut: Option<usize>,
    /// Send the head and part of the body, then hang until the test ends.
    pub stall_after: Option<usize>,
}

impl Resp {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Resp {
        Resp { status, headers: Vec::new(), body: body.into(), cut: None, stall_after: None }
    }
    pub fn header(mut self, k: &str, v: &str) -> Resp {
        self.headers.push((k.into(), v.into()));
        self
    }
}

pub type Handler = Arc<dyn Fn(&Req) -> Resp + Send + Sync>;

pub struct FakeRegistry {
    pub port: u16,
    pub host: String,
    pub handler: Arc<Mutex<Handler>>,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl FakeRegistry {
    pub fn start(handler: Handler) -> FakeRegistry {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let handler = Arc::new(Mutex::new(handler));
        let log = Arc::new(Mutex::new(Vec::new()));
        let (h, lg) = (handler.clone(), log.clone());
        std::thread::spawn(move || {
            for s in l.incoming().flatten() {
                let (h, lg) = (h.clone(), lg.clone());
                std::thread::spawn(move || serve(s, h, lg));
            }
        });
        FakeRegistry { port, host: format!("127.0.0.1:{port}"), handler, log }
    }

    pub fn set(&self, h: Handler) {
        *self.handler.lock().unwrap() = h;
    }
}

fn serve(s: TcpStream, h: Arc<Mutex<Handler>>, log: Arc<Mutex<Vec<String>>>) {
    let mut r = BufReader::new(s.try_clone().unwrap());
    let mut w = s;
    let mut line = String::new();
    if r.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut l = String::new();
        if r.read_line(&mut l).unwrap_or(0) == 0 || l == "\r\n" {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.insert(k.trim().to_lowercase(), v.trim().to_string());
        }
    }
    if let Some(n) = headers.get("content-length").and_then(|v| v.parse::<u64>().ok()) {
        let _ = std::io::copy(&mut (&mut r).take(n), &mut std::io::sink());
    }
    log.lock()
        .unwrap()
        .push(format!("{method} {path} auth={}", headers.get("authorization").cloned().unwrap_or_default()));
    let handler = h.lock().unwrap().clone();
    let resp = handler(&Req { method: method.clone(), path, headers });
    let mut head =
        format!("HTTP/1.1 {} X\r\nConnection: close\r\nContent-Length: {}\r\n", resp.status, resp.body.len());
    for (k, v) in &resp.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = w.write_all(head.as_bytes());
    if method == "HEAD" {
        return;
    }
    if let Some(n) = resp.stall_after {
        let _ = w.write_all(&resp.body[..n.min(resp.body.len())]);
        let _ = w.flush();
        std::thread::sleep(Duration::from_secs(600));
        return;
    }
    let n = resp.cut.unwrap_or(resp.body.len()).min(resp.body.len());
    let _ = w.write_all(&resp.body[..n]);
}

/// The blobs, manifests and tags of an OCI layout, to serve from a fake registry.
#[derive(Clone, Default)]
pub struct Content {
    pub blobs: HashMap<String, Vec<u8>>,
    /// tag -> manifest digest
    pub tags: HashMap<String, String>,
}

impl Content {
    pub fn from_layout(dir: &Path, tag: &str) -> Content {
        let mut c = Content::default();
        for e in std::fs::read_dir(dir.join("blobs/sha256")).unwrap().flatten() {
            c.blobs.insert(format!("sha256:{}", e.file_name().to_string_lossy()), std::fs::read(e.path()).unwrap());
        }
        let index: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
        c.tags.insert(tag.into(), index["manifests"][0]["digest"].as_str().unwrap().to_string());
        c
    }

    /// The digests of the first manifest's layers.
    pub fn layer_digests(&self, tag: &str) -> Vec<String> {
        let m: serde_json::Value = serde_json::from_slice(&self.blobs[&self.tags[tag]]).unwrap();
        m["layers"].as_array().unwrap().iter().map(|l| l["digest"].as_str().unwrap().to_string()).collect()
    }

    /// Serves like a registry: /v2/, manifests by tag or digest, blobs.
    pub fn answer(&self, req: &Req) -> Resp {
        if req.path == "/v2/" {
            return Resp::new(200, "{}");
        }
        if let Some(rest) = req.path.strip_prefix("/v2/") {
            if let Some((_, r)) = rest.split_once("/manifests/") {
                let d = self.tags.get(r).cloned().unwrap_or_else(|| r.to_string());
                return match self.blobs.get(&d) {
                    Some(b) => {
                        let v: serde_json::Value = serde_json::from_slice(b).unwrap();
                        let mt = v["mediaType"].as_str().unwrap_or("application/vnd.oci.image.manifest.v1+json");
                        Resp::new(200, b.clone()).header("Content-Type", mt).header("Docker-Content-Digest", &d)
                    }
                    None => Resp::new(404, r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#),
                };
            }
            if let Some((_, d)) = rest.split_once("/blobs/") {
                return match self.blobs.get(d) {
                    Some(b) => Resp::new(200, b.clone()),
                    None => Resp::new(404, r#"{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown"}]}"#),
                };
            }
        }
        Resp::new(404, "")
    }
}

/// Every entry of the store's layer dir (a failed pull must leave none, not even temp ones).
pub fn layer_dirs(env: &Env) -> Vec<String> {
    std::fs::read_dir(env.root.join("layers"))
        .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

/// Temp files of the content store.
pub fn blob_temps(env: &Env) -> Vec<String> {
    std::fs::read_dir(env.root.join("tmp"))
        .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}
