//! An OCI Distribution (registry API v2) client: manifests and blobs, anonymous, basic and
//! bearer-token auth, pushes with existence checks and cross-repository mounts.
//!
//! Async (tokio + hyper), driven from a current-thread runtime by the engine's pull and
//! push; one `Session` talks to one repository on one registry.

pub mod auth;
pub mod conf;
pub mod transport;

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use http_body_util::BodyExt;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode, header};
use serde_json::Value;

use crate::image::config;
use auth::{Challenge, Credentials};
use transport::{Body, Http};

/// Whether a registry (`host[:port]`) is on this machine's loopback: `localhost`,
/// 127.0.0.0/8 or `::1`. dockerd treats these as insecure registries by default.
pub fn is_loopback(registry: &str) -> bool {
    let host = match registry.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => registry
            .rsplit_once(':')
            .map_or(registry, |(h, port)| if port.chars().all(|c| c.is_ascii_digit()) { h } else { registry }),
    };
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Manifests larger than this are refused (containerd's limit).
pub const MANIFEST_LIMIT: usize = 4 << 20;
/// Image configs larger than this are refused.
pub const CONFIG_LIMIT: usize = 8 << 20;

const MANIFEST_ACCEPT: &str = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json";

#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("cannot reach {url}: {message}")]
    Connect { url: String, message: String },
    #[error("{0}: no answer in time; the registry or the network is too slow or down")]
    Timeout(String),
    #[error("{0}: too many redirects (more than 10; a redirect loop?)")]
    Redirects(String),
    #[error("registry protocol error: {0}")]
    Protocol(String),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("{what} is larger than {limit} bytes; refusing it")]
    TooLarge { what: String, limit: usize },
    #[error("reading {what}: {message}")]
    Read { what: String, message: String },
    #[error("{0}")]
    Auth(String),
    #[error(
        "{registry}: authentication required{detail}; log in with `ctr login {registry}` (or pass --creds USER:PASSWORD)"
    )]
    Unauthorized { registry: String, detail: String },
    #[error("{registry}: access to {what} denied{detail}")]
    Denied { registry: String, what: String, detail: String },
    #[error("{what} not found{detail}")]
    NotFound { what: String, detail: String },
    #[error("{url}: the registry answered {status}{detail}")]
    Status { url: String, status: u16, detail: String },
    #[error("registry {0} is blocked in registries.conf")]
    Blocked(String),
    #[error("registries.conf: {0}")]
    Config(String),
    #[error(
        "{what}: digest mismatch: expected {expected}, got {actual}; the registry sent corrupt or tampered data and nothing was stored"
    )]
    Mismatch { what: String, expected: String, actual: String },
    #[error("{what}: {message}")]
    Invalid { what: String, message: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The host the API of a registry lives on (docker.io's is registry-1.docker.io).
pub fn api_host(registry: &str) -> &str {
    if registry == "docker.io" { "registry-1.docker.io" } else { registry }
}

/// A manifest as fetched: the exact bytes, their media type and digest.
#[derive(Debug, Clone)]
pub struct FetchedManifest {
    pub bytes: Vec<u8>,
    pub media_type: String,
    pub digest: String,
}

/// Options shared by every session of one command.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// `--tls-verify=false` (Some(false)) or true; None: registries.conf decides.
    pub tls_verify: Option<bool>,
    pub creds: Option<Credentials>,
    pub authfile: Option<std::path::PathBuf>,
}

pub struct Session {
    http: Arc<Http>,
    pub registry: String,
    pub repository: String,
    insecure: bool,
    scheme: Cell<Option<&'static str>>,
    creds: RefCell<Option<Option<Credentials>>>,
    explicit_creds: Option<Credentials>,
    authfile: Option<std::path::PathBuf>,
    auth_header: RefCell<Option<String>>,
    /// Scopes asked for in bearer tokens (pull, or pull,push).
    actions: &'static str,
    /// Extra repositories to ask pull access for (cross-repository mounts).
    extra_scopes: RefCell<Vec<String>>,
}

impl Session {
    pub fn new(
        http: Arc<Http>,
        registry: &str,
        repository: &str,
        insecure: bool,
        opts: &SessionOptions,
        push: bool,
    ) -> Session {
        Session {
            http,
            registry: registry.into(),
            repository: repository.into(),
            // Like dockerd: loopback registries are insecure unless the user says otherwise
            // (`docker run -p 5000:5000 registry` is plain HTTP on localhost).
            insecure: match opts.tls_verify {
                Some(v) => !v,
                None => insecure || is_loopback(registry),
            },
            scheme: Cell::new(None),
            creds: RefCell::new(None),
            explicit_creds: opts.creds.clone(),
            authfile: opts.authfile.clone(),
            auth_header: RefCell::new(None),
            actions: if push { "pull,push" } else { "pull" },
            extra_scopes: RefCell::new(Vec::new()),
        }
    }

    fn credentials(&self) -> Result<Option<Credentials>, RegistryError> {
        if let Some(c) = &self.explicit_creds {
            return Ok(Some(c.clone()));
        }
        if let Some(c) = self.creds.borrow().as_ref() {
            return Ok(c.clone());
        }
        let c = auth::lookup(&self.registry, &self.repository, self.authfile.as_deref())?;
        *self.creds.borrow_mut() = Some(c.clone());
        Ok(c)
    }

    fn url(&self, scheme: &str, path: &str) -> String {
        format!("{scheme}://{}{path}", api_host(&self.registry))
    }

    /// Finds out how to talk to the registry: https, or (insecure only) unverified https
    /// and then plain http. Also learns the auth challenge from `GET /v2/`.
    pub async fn ping(&self) -> Result<(), RegistryError> {
        if self.scheme.get().is_some() {
            return Ok(());
        }
        let try_one = async |scheme: &'static str| -> Result<Response<Incoming>, RegistryError> {
            let req = Request::get(self.url(scheme, "/v2/"))
                .body(transport::empty())
                .map_err(|e| RegistryError::Protocol(e.to_string()))?;
            self.http.send(!self.insecure, req, None).await
        };
        let resp = match try_one("https").await {
            Ok(r) => {
                self.scheme.set(Some("https"));
                r
            }
            Err(RegistryError::Connect { message, .. }) if self.insecure => {
                // Not TLS at all (or not listening there): plain HTTP, as podman does.
                match try_one("http").await {
                    Ok(r) => {
                        self.scheme.set(Some("http"));
                        r
                    }
                    Err(e) => {
                        return Err(RegistryError::Connect {
                            url: self.url("https", "/v2/"),
                            message: format!("{message}; over plain http: {e}"),
                        });
                    }
                }
            }
            Err(RegistryError::Connect { url, message })
                if message.contains("certificate")
                    || message.contains("tls")
                    || message.contains("InvalidContentType") =>
            {
                return Err(RegistryError::Connect {
                    url,
                    message: format!(
                        "{message}; if this registry really uses plain HTTP or a self-signed certificate, pass --tls-verify=false or mark it `insecure = true` in registries.conf"
                    ),
                });
            }
            Err(e) => return Err(e),
        };
        let status = resp.status();
        if status == StatusCode::UNAUTHORIZED {
            let ch = resp.headers().get(header::WWW_AUTHENTICATE).and_then(|v| v.to_str().ok()).map(str::to_string);
            drain(resp).await;
            if let Some(ch) = ch {
                self.authenticate(&ch).await?;
            }
            return Ok(());
        }
        if !status.is_success() && status != StatusCode::NOT_FOUND {
            let detail = error_detail(resp).await;
            return Err(RegistryError::Status {
                url: self.url(self.scheme(), "/v2/"),
                status: status.as_u16(),
                detail,
            });
        }
        drain(resp).await;
        Ok(())
    }

    fn scheme(&self) -> &'static str {
        self.scheme.get().unwrap_or("https")
    }

    /// Adds a repository this session also needs pull access to (a mount's source).
    pub fn add_pull_scope(&self, repository: &str) {
        let s = format!("repository:{repository}:pull");
        let mut v = self.extra_scopes.borrow_mut();
        if !v.contains(&s) {
            v.push(s);
            *self.auth_header.borrow_mut() = None;
        }
    }

    /// Answers a challenge: basic credentials, or a bearer token from the realm.
    async fn authenticate(&self, challenge: &str) -> Result<(), RegistryError> {
        let creds = self.credentials()?;
        match auth::parse_challenge(challenge) {
            Some(Challenge::Basic) => {
                let Some(c) = creds else {
                    return Err(RegistryError::Unauthorized { registry: self.registry.clone(), detail: String::new() });
                };
                *self.auth_header.borrow_mut() = Some(c.basic_header());
                Ok(())
            }
            Some(Challenge::Bearer { realm, service, .. }) => {
                let token = self.fetch_token(&realm, service.as_deref(), creds.as_ref()).await?;
                *self.auth_header.borrow_mut() = Some(format!("Bearer {token}"));
                Ok(())
            }
            None => Err(RegistryError::Protocol(format!(
                "{}: unsupported authentication challenge {challenge:?}",
                self.registry
            ))),
        }
    }

    async fn fetch_token(
        &self,
        realm: &str,
        service: Option<&str>,
        creds: Option<&Credentials>,
    ) -> Result<String, RegistryError> {
        let mut q = Vec::new();
        if let Some(s) = service {
            q.push(format!("service={}", urlencode(s)));
        }
        q.push(format!("scope={}", urlencode(&format!("repository:{}:{}", self.repository, self.actions))));
        for s in self.extra_scopes.borrow().iter() {
            q.push(format!("scope={}", urlencode(s)));
        }
        let sep = if realm.contains('?') { '&' } else { '?' };
        let url = format!("{realm}{sep}{}", q.join("&"));
        let realm_uri: hyper::Uri =
            url.parse().map_err(|e| RegistryError::Protocol(format!("bad token realm {realm:?}: {e}")))?;
        let verify = !(self.insecure && realm_uri.authority().map(|a| a.as_str()) == Some(api_host(&self.registry)));
        let mut b = Request::get(realm_uri);
        if let Some(c) = creds {
            b = b.header(header::AUTHORIZATION, c.basic_header());
        }
        let req = b.body(transport::empty()).map_err(|e| RegistryError::Protocol(e.to_string()))?;
        let resp = self.http.send(verify, req, None).await?;
        let status = resp.status();
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            let detail = error_detail(resp).await;
            return Err(if creds.is_some() {
                RegistryError::Auth(format!(
                    "{}: the token service refused the credentials{detail}; check the user name and password (`ctr login {}`)",
                    self.registry, self.registry
                ))
            } else {
                RegistryError::Unauthorized { registry: self.registry.clone(), detail }
            });
        }
        if !status.is_success() {
            let detail = error_detail(resp).await;
            return Err(RegistryError::Status { url, status: status.as_u16(), detail });
        }
        let body = transport::read_limited(resp, 1 << 20, "token response").await?;
        let v: Value = serde_json::from_slice(&body)
            .map_err(|e| RegistryError::Protocol(format!("token service {realm}: invalid JSON: {e}")))?;
        v.get("token")
            .or_else(|| v.get("access_token"))
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .ok_or_else(|| RegistryError::Protocol(format!("token service {realm} answered without a token")))
    }

    /// Sends a request to the registry's API, answering one auth challenge if needed.
    /// `body` is called again for the retry.
    pub async fn send(
        &self,
        method: Method,
        path_or_url: &str,
        headers: &[(header::HeaderName, String)],
        body: &dyn Fn() -> Body,
    ) -> Result<Response<Incoming>, RegistryError> {
        self.ping().await?;
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_string()
        } else {
            self.url(self.scheme(), path_or_url)
        };
        let build = |auth: Option<String>| -> Result<Request<Body>, RegistryError> {
            let mut b = Request::builder().method(method.clone()).uri(&url);
            for (k, v) in headers {
                b = b.header(k, v);
            }
            if let Some(a) = auth {
                b = b.header(header::AUTHORIZATION, a);
            }
            b.body(body()).map_err(|e| RegistryError::Protocol(e.to_string()))
        };
        let verify = !self.insecure;
        let auth = self.auth_header.borrow().clone();
        let resp = self.http.send(verify, build(auth)?, Some(body)).await?;
        if resp.status() != StatusCode::UNAUTHORIZED {
            return Ok(resp);
        }
        let ch = resp.headers().get(header::WWW_AUTHENTICATE).and_then(|v| v.to_str().ok()).map(str::to_string);
        let had_auth = self.auth_header.borrow().is_some();
        let Some(ch) = ch else {
            let detail = error_detail(resp).await;
            return Err(RegistryError::Unauthorized { registry: self.registry.clone(), detail });
        };
        drain(resp).await;
        self.authenticate(&ch).await?;
        let auth = self.auth_header.borrow().clone();
        let resp = self.http.send(verify, build(auth)?, Some(body)).await?;
        if resp.status() == StatusCode::UNAUTHORIZED {
            let detail = error_detail(resp).await;
            if had_auth || self.credentials()?.is_some() {
                return Err(RegistryError::Auth(format!(
                    "{}: the registry refused the credentials{detail}; check the user name and password (`ctr login {}`)",
                    self.registry, self.registry
                )));
            }
            return Err(RegistryError::Unauthorized { registry: self.registry.clone(), detail });
        }
        Ok(resp)
    }

    /// Maps a failed response to an error naming `what`.
    pub async fn fail(&self, resp: Response<Incoming>, what: &str) -> RegistryError {
        let status = resp.status();
        let detail = error_detail(resp).await;
        match status {
            StatusCode::NOT_FOUND => RegistryError::NotFound { what: what.into(), detail },
            StatusCode::UNAUTHORIZED => RegistryError::Unauthorized { registry: self.registry.clone(), detail },
            StatusCode::FORBIDDEN => {
                RegistryError::Denied { registry: self.registry.clone(), what: what.into(), detail }
            }
            s => RegistryError::Status {
                url: format!("{}/{}", self.registry, self.repository),
                status: s.as_u16(),
                detail: format!(" for {what}{detail}"),
            },
        }
    }

    /// Fetches a manifest (or index) by tag or digest, verifying its digest.
    pub async fn manifest(&self, reference: &str) -> Result<FetchedManifest, RegistryError> {
        let what =
            format!("manifest {}/{}:{reference}", self.registry, self.repository).replace(":sha256:", "@sha256:");
        let path = format!("/v2/{}/manifests/{reference}", self.repository);
        let resp =
            self.send(Method::GET, &path, &[(header::ACCEPT, MANIFEST_ACCEPT.into())], &transport::empty).await?;
        if !resp.status().is_success() {
            return Err(self.fail(resp, &what).await);
        }
        let ct = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.split(';').next().unwrap_or("").trim().to_string())
            .unwrap_or_default();
        let header_digest =
            resp.headers().get("docker-content-digest").and_then(|v| v.to_str().ok()).map(str::to_string);
        let bytes = transport::read_limited(resp, MANIFEST_LIMIT, &what).await?;
        let digest = crate::digest::of_bytes(&bytes);
        if reference.starts_with("sha256:") && reference != digest {
            return Err(RegistryError::Mismatch { what, expected: reference.into(), actual: digest });
        }
        if let Some(h) = header_digest.filter(|h| h.starts_with("sha256:"))
            && h != digest
        {
            return Err(RegistryError::Mismatch { what, expected: h, actual: digest });
        }
        let v: Value = serde_json::from_slice(&bytes)
            .map_err(|e| RegistryError::Invalid { what: what.clone(), message: format!("not valid JSON: {e}") })?;
        let media_type = match v.get("mediaType").and_then(Value::as_str) {
            Some(m) => m.to_string(),
            None if v.get("manifests").is_some() => {
                if ct == config::DOCKER_LIST {
                    ct.clone()
                } else {
                    config::OCI_INDEX.into()
                }
            }
            None if v.get("schemaVersion").and_then(Value::as_i64) == Some(1) => {
                return Err(RegistryError::Invalid {
                    what,
                    message: "Docker schema 1 manifests are not supported (deprecated since 2017); push the image again with a current client".into(),
                });
            }
            None if !ct.is_empty() && ct != "application/json" => ct.clone(),
            None => config::OCI_MANIFEST.into(),
        };
        Ok(FetchedManifest { bytes, media_type, digest })
    }

    /// Starts fetching a blob; the caller streams and verifies the body.
    pub async fn blob(&self, digest: &str) -> Result<Response<Incoming>, RegistryError> {
        let what = format!("blob {digest} of {}/{}", self.registry, self.repository);
        let path = format!("/v2/{}/blobs/{digest}", self.repository);
        let resp = self.send(Method::GET, &path, &[], &transport::empty).await?;
        if !resp.status().is_success() {
            return Err(self.fail(resp, &what).await);
        }
        Ok(resp)
    }

    /// Fetches a small blob (an image config) whole, verified.
    pub async fn small_blob(&self, digest: &str, limit: usize) -> Result<Vec<u8>, RegistryError> {
        let what = format!("blob {digest}");
        let resp = self.blob(digest).await?;
        let bytes = transport::read_limited(resp, limit, &what).await?;
        let actual = crate::digest::of_bytes(&bytes);
        if actual != digest {
            return Err(RegistryError::Mismatch { what, expected: digest.into(), actual });
        }
        Ok(bytes)
    }

    /// Whether the repository already has a blob (HEAD).
    pub async fn has_blob(&self, digest: &str) -> Result<bool, RegistryError> {
        let path = format!("/v2/{}/blobs/{digest}", self.repository);
        let resp = self.send(Method::HEAD, &path, &[], &transport::empty).await?;
        let ok = resp.status().is_success();
        let nf = resp.status() == StatusCode::NOT_FOUND;
        if !ok && !nf {
            return Err(self.fail(resp, &format!("blob {digest}")).await);
        }
        drain(resp).await;
        Ok(ok)
    }

    /// Starts an upload, or mounts the blob from `from` (another repository of the same
    /// registry). Ok(None): mounted, nothing to upload.
    pub async fn start_upload(&self, mount: Option<(&str, &str)>) -> Result<Option<String>, RegistryError> {
        let mut path = format!("/v2/{}/blobs/uploads/", self.repository);
        if let Some((digest, from)) = mount {
            path.push_str(&format!("?mount={}&from={}", urlencode(digest), urlencode(from)));
        }
        let resp = self.send(Method::POST, &path, &[(header::CONTENT_LENGTH, "0".into())], &transport::empty).await?;
        match resp.status() {
            StatusCode::CREATED if mount.is_some() => {
                drain(resp).await;
                Ok(None)
            }
            StatusCode::ACCEPTED | StatusCode::CREATED => Ok(Some(self.location(resp).await?)),
            _ => Err(self.fail(resp, &format!("upload to {}/{}", self.registry, self.repository)).await),
        }
    }

    async fn location(&self, resp: Response<Incoming>) -> Result<String, RegistryError> {
        let loc = resp.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string);
        drain(resp).await;
        let loc = loc.ok_or_else(|| RegistryError::Protocol("upload answer without a Location".into()))?;
        let base: hyper::Uri =
            self.url(self.scheme(), "/v2/").parse().map_err(|e| RegistryError::Protocol(format!("{e}")))?;
        Ok(transport::resolve(&base, &loc)?.to_string())
    }

    /// Uploads one chunk (PATCH) with its Content-Range; returns the next location.
    pub async fn upload_chunk(&self, location: &str, offset: u64, data: Bytes) -> Result<String, RegistryError> {
        let len = data.len() as u64;
        let headers = [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (header::CONTENT_LENGTH, len.to_string()),
            (header::CONTENT_RANGE, format!("{offset}-{}", offset + len.saturating_sub(1))),
        ];
        let resp = self.send(Method::PATCH, location, &headers, &|| transport::full(data.clone())).await?;
        if resp.status() != StatusCode::ACCEPTED && !resp.status().is_success() {
            return Err(self.fail(resp, "blob upload chunk").await);
        }
        self.location(resp).await
    }

    /// Finishes an upload (PUT ?digest=), with a last piece of data if any.
    pub async fn finish_upload(&self, location: &str, digest: &str, data: Bytes) -> Result<(), RegistryError> {
        let sep = if location.contains('?') { '&' } else { '?' };
        let url = format!("{location}{sep}digest={}", urlencode(digest));
        let headers = [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (header::CONTENT_LENGTH, data.len().to_string()),
        ];
        let resp = self.send(Method::PUT, &url, &headers, &|| transport::full(data.clone())).await?;
        if resp.status() != StatusCode::CREATED && !resp.status().is_success() {
            return Err(self.fail(resp, &format!("blob {digest}")).await);
        }
        drain(resp).await;
        Ok(())
    }

    /// PUTs a manifest under a tag or digest; returns the digest the registry reports.
    pub async fn put_manifest(&self, reference: &str, bytes: &[u8], media_type: &str) -> Result<String, RegistryError> {
        let path = format!("/v2/{}/manifests/{reference}", self.repository);
        let data = Bytes::copy_from_slice(bytes);
        let headers =
            [(header::CONTENT_TYPE, media_type.to_string()), (header::CONTENT_LENGTH, data.len().to_string())];
        let resp = self.send(Method::PUT, &path, &headers, &|| transport::full(data.clone())).await?;
        if !resp.status().is_success() {
            return Err(self.fail(resp, &format!("manifest {}/{}:{reference}", self.registry, self.repository)).await);
        }
        let d = resp.headers().get("docker-content-digest").and_then(|v| v.to_str().ok()).map(str::to_string);
        drain(resp).await;
        let ours = crate::digest::of_bytes(bytes);
        if let Some(d) = d.filter(|d| *d != ours) {
            return Err(RegistryError::Mismatch { what: "pushed manifest".into(), expected: ours, actual: d });
        }
        Ok(ours)
    }

    /// `ctr login`: checks credentials against `GET /v2/` (and the token service).
    pub async fn check_login(&self) -> Result<(), RegistryError> {
        self.ping().await?;
        let resp = self.send(Method::GET, "/v2/", &[], &transport::empty).await?;
        if resp.status().is_success() {
            drain(resp).await;
            return Ok(());
        }
        Err(self.fail(resp, "the registry API").await)
    }
}

/// Reads and drops a body so the connection can be reused.
pub async fn drain(resp: Response<Incoming>) {
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), resp.into_body().collect()).await;
}

/// The registry's `{"errors":[{"code","message"}]}`, as ": CODE: message".
async fn error_detail(resp: Response<Incoming>) -> String {
    let Ok(body) = transport::read_limited(resp, 64 << 10, "error body").await else { return String::new() };
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        let t = String::from_utf8_lossy(&body);
        let t = t.trim();
        return if t.is_empty() || t.len() > 200 { String::new() } else { format!(": {t}") };
    };
    let errs: Vec<String> = v
        .get("errors")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|e| {
                    let s = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                    format!("{} {}", s("code"), s("message")).trim().to_string()
                })
                .collect()
        })
        .unwrap_or_default();
    if errs.is_empty() { String::new() } else { format!(" ({})", errs.join("; ")) }
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Picks the manifest for `want` out of an index (exact os/arch, variant when asked or
/// the only one; amd64 has no variant, arm64 means v8).
pub fn select_platform<'a>(
    index: &'a config::Manifest,
    want: &config::Platform,
) -> Result<&'a config::Descriptor, String> {
    let norm_variant = |arch: &str, v: Option<&str>| -> Option<String> {
        match (arch, v) {
            ("arm64", None | Some("")) => Some("v8".into()),
            (_, None | Some("")) => None,
            (_, Some(v)) => Some(v.to_string()),
        }
    };
    let want_variant = norm_variant(&want.architecture, want.variant.as_deref());
    let candidates: Vec<&config::Descriptor> = index
        .manifests
        .iter()
        .filter(|d| d.platform.as_ref().is_some_and(|p| p.os == want.os && p.architecture == want.architecture))
        .collect();
    let exact = candidates.iter().find(|d| {
        let p = d.platform.as_ref().unwrap();
        norm_variant(&p.architecture, p.variant.as_deref()) == want_variant
    });
    if let Some(d) = exact {
        return Ok(d);
    }
    if want.variant.is_none()
        && let Some(d) = candidates.first()
    {
        return Ok(d);
    }
    let have: Vec<String> = index
        .manifests
        .iter()
        .filter_map(|d| d.platform.as_ref())
        .map(|p| match &p.variant {
            Some(v) if !v.is_empty() => format!("{}/{}/{v}", p.os, p.architecture),
            _ => format!("{}/{}", p.os, p.architecture),
        })
        .collect();
    let want_s = match &want.variant {
        Some(v) => format!("{}/{}/{v}", want.os, want.architecture),
        None => format!("{}/{}", want.os, want.architecture),
    };
    Err(format!("no image for platform {want_s}; the index has {}; pick one with --platform", have.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_registries() {
        for r in ["localhost", "localhost:5000", "LOCALHOST:5000", "127.0.0.1:5000", "127.1.2.3", "[::1]:5000", "[::1]"]
        {
            assert!(is_loopback(r), "{r}");
        }
        for r in ["docker.io", "quay.io:443", "10.0.0.1:5000", "localhost.example.com:5000", "128.0.0.1", "[::2]:5000"]
        {
            assert!(!is_loopback(r), "{r}");
        }
    }

    fn d(os: &str, arch: &str, variant: Option<&str>, digest: &str) -> config::Descriptor {
        config::Descriptor {
            media_type: config::OCI_MANIFEST.into(),
            digest: digest.into(),
            size: 1,
            annotations: None,
            platform: Some(config::Platform {
                architecture: arch.into(),
                os: os.into(),
                variant: variant.map(Into::into),
            }),
        }
    }

    #[test]
    fn platform_selection() {
        let idx = config::Manifest {
            schema_version: 2,
            media_type: config::OCI_INDEX.into(),
            config: None,
            layers: vec![],
            manifests: vec![
                d("linux", "arm", Some("v6"), "a"),
                d("linux", "arm", Some("v7"), "b"),
                d("linux", "arm64", Some("v8"), "c"),
                d("linux", "amd64", None, "e"),
                d("windows", "amd64", None, "w"),
            ],
            annotations: None,
        };
        let p = |os: &str, arch: &str, v: Option<&str>| config::Platform {
            os: os.into(),
            architecture: arch.into(),
            variant: v.map(Into::into),
        };
        assert_eq!(select_platform(&idx, &p("linux", "amd64", None)).unwrap().digest, "e");
        assert_eq!(select_platform(&idx, &p("linux", "arm64", None)).unwrap().digest, "c");
        assert_eq!(select_platform(&idx, &p("linux", "arm", Some("v7"))).unwrap().digest, "b");
        assert_eq!(select_platform(&idx, &p("linux", "arm", None)).unwrap().digest, "a");
        let e = select_platform(&idx, &p("linux", "s390x", None)).unwrap_err();
        assert!(e.contains("linux/s390x") && e.contains("linux/arm/v7"), "{e}");
    }

    #[test]
    fn encoding() {
        assert_eq!(urlencode("repository:a/b:pull,push"), "repository%3Aa%2Fb%3Apull%2Cpush");
    }
}
