//! HTTP for registries: hyper over TCP, TLS by rustls with the system's CAs (plus any
//! `certs.d/<registry>/*.crt`). A registry marked insecure gets TLS without verification
//! first and plain HTTP when TLS cannot be spoken at all (podman's rule).

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Empty};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode, Uri, header};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::RegistryError;

pub type Body = BoxBody<Bytes, std::io::Error>;
type HttpClient = Client<HttpsConnector<HttpConnector>, Body>;

/// How long a request may wait for its response head (a body is timed per chunk).
pub const RESPONSE_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a body may go without a byte.
pub const STALL_TIMEOUT: Duration = Duration::from_secs(60);
const MAX_REDIRECTS: usize = 10;

pub fn empty() -> Body {
    Empty::<Bytes>::new().map_err(|never| match never {}).boxed()
}

pub fn full(data: impl Into<Bytes>) -> Body {
    http_body_util::Full::new(data.into()).map_err(|never| match never {}).boxed()
}

/// The HTTP clients of one ctr process: verified TLS (per set of extra CAs) and unverified.
pub struct Http {
    verified: OnceLock<Result<HttpClient, String>>,
    unverified: OnceLock<HttpClient>,
}

impl Default for Http {
    fn default() -> Self {
        Self::new()
    }
}

impl Http {
    pub fn new() -> Http {
        Http { verified: OnceLock::new(), unverified: OnceLock::new() }
    }

    fn client(&self, verify: bool) -> Result<&HttpClient, RegistryError> {
        if !verify {
            return Ok(self.unverified.get_or_init(|| build(tls_config(None))));
        }
        self.verified
            .get_or_init(|| {
                let roots = system_roots()?;
                Ok(build(tls_config(Some(roots))))
            })
            .as_ref()
            .map_err(|e| RegistryError::Tls(e.clone()))
    }

    /// Sends one request; follows redirects of GET and HEAD (dropping credentials when
    /// the host changes, as every registry's CDN redirect expects).
    pub async fn send(
        &self,
        verify: bool,
        mut req: Request<Body>,
        body_again: Option<&dyn Fn() -> Body>,
    ) -> Result<Response<Incoming>, RegistryError> {
        let client = self.client(verify)?;
        let follow = req.method() == Method::GET || req.method() == Method::HEAD;
        let mut seen = 0;
        loop {
            let uri = req.uri().clone();
            let method = req.method().clone();
            let headers = req.headers().clone();
            let resp = tokio::time::timeout(RESPONSE_TIMEOUT, client.request(req))
                .await
                .map_err(|_| RegistryError::Timeout(uri.to_string()))?
                .map_err(|e| RegistryError::Connect { url: uri.to_string(), message: error_chain(&e) })?;
            let redirect = matches!(
                resp.status(),
                StatusCode::MOVED_PERMANENTLY
                    | StatusCode::FOUND
                    | StatusCode::SEE_OTHER
                    | StatusCode::TEMPORARY_REDIRECT
                    | StatusCode::PERMANENT_REDIRECT
            );
            if !redirect || !follow {
                return Ok(resp);
            }
            seen += 1;
            if seen > MAX_REDIRECTS {
                return Err(RegistryError::Redirects(uri.to_string()));
            }
            let Some(loc) = resp.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()) else {
                return Ok(resp);
            };
            let next = resolve(&uri, loc)?;
            let mut b = Request::builder().method(method).uri(next.clone());
            for (k, v) in &headers {
                if k == header::AUTHORIZATION && next.authority() != uri.authority() {
                    continue;
                }
                if k == header::HOST {
                    continue;
                }
                b = b.header(k, v);
            }
            let body = body_again.map(|f| f()).unwrap_or_else(empty);
            req = b.body(body).map_err(|e| RegistryError::Protocol(e.to_string()))?;
        }
    }
}

fn build(cfg: rustls::ClientConfig) -> HttpClient {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_connect_timeout(Some(Duration::from_secs(30)));
    http.set_nodelay(true);
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(cfg)
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    Client::builder(TokioExecutor::new()).pool_idle_timeout(Duration::from_secs(30)).build(https)
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn tls_config(roots: Option<rustls::RootCertStore>) -> rustls::ClientConfig {
    let b = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions");
    match roots {
        Some(r) => b.with_root_certificates(r).with_no_client_auth(),
        None => b.dangerous().with_custom_certificate_verifier(Arc::new(NoVerify(provider()))).with_no_client_auth(),
    }
}

/// The system's CAs, plus the extra CAs users put where podman and docker look for them.
fn system_roots() -> Result<rustls::RootCertStore, String> {
    let mut roots = rustls::RootCertStore::empty();
    let found = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(found.certs);
    for dir in cert_dirs() {
        let Ok(hosts) = std::fs::read_dir(&dir) else { continue };
        for host in hosts.flatten() {
            let Ok(files) = std::fs::read_dir(host.path()) else { continue };
            for f in files.flatten() {
                let p = f.path();
                if p.extension().is_some_and(|e| e == "crt")
                    && let Ok(pem) = std::fs::read(&p)
                {
                    roots.add_parsable_certificates(pem_certs(&pem));
                }
            }
        }
    }
    if roots.is_empty() {
        return Err(
            "no CA certificates found (install the ca-certificates package, or mark the registry insecure)".into()
        );
    }
    Ok(roots)
}

fn cert_dirs() -> Vec<std::path::PathBuf> {
    vec![
        crate::paths::config_home().join("containers/certs.d"),
        "/etc/containers/certs.d".into(),
        "/etc/docker/certs.d".into(),
    ]
}

/// DER certificates out of a PEM file (base64 between BEGIN/END CERTIFICATE lines).
fn pem_certs(pem: &[u8]) -> Vec<rustls::pki_types::CertificateDer<'static>> {
    use base64::Engine;
    let text = String::from_utf8_lossy(pem);
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line == "-----BEGIN CERTIFICATE-----" {
            cur = Some(String::new());
        } else if line == "-----END CERTIFICATE-----" {
            if let Some(b) = cur.take()
                && let Ok(der) = base64::engine::general_purpose::STANDARD.decode(b)
            {
                out.push(der.into());
            }
        } else if let Some(b) = cur.as_mut() {
            b.push_str(line);
        }
    }
    out
}

/// `--tls-verify=false`: any certificate is accepted (signatures are still checked).
#[derive(Debug)]
struct NoVerify(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for NoVerify {
    fn verify_server_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: &rustls::pki_types::ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// A Location header against the URL it came from.
pub fn resolve(base: &Uri, loc: &str) -> Result<Uri, RegistryError> {
    let bad = |e: String| RegistryError::Protocol(format!("bad location {loc:?} from {base}: {e}"));
    if loc.starts_with("http://") || loc.starts_with("https://") {
        return loc.parse().map_err(|e: hyper::http::uri::InvalidUri| bad(e.to_string()));
    }
    let scheme = base.scheme_str().unwrap_or("https");
    let auth = base.authority().map(|a| a.as_str()).unwrap_or("");
    let path = if loc.starts_with('/') {
        loc.to_string()
    } else {
        let p = base.path();
        format!("{}/{loc}", &p[..p.rfind('/').unwrap_or(0)])
    };
    format!("{scheme}://{auth}{path}").parse().map_err(|e: hyper::http::uri::InvalidUri| bad(e.to_string()))
}

/// An error with its causes, as one line ("connection refused", not "client error (Connect)").
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    // hyper-util's own layer ("client error (Connect)") says nothing the causes don't.
    let top = e.to_string();
    let mut parts = if top.starts_with("client error") && e.source().is_some() { vec![] } else { vec![top] };
    let mut cur = e.source();
    while let Some(s) = cur {
        let t = s.to_string();
        if !parts.iter().any(|p| p.contains(&t)) {
            parts.push(t);
        }
        cur = s.source();
    }
    parts.join(": ")
}

/// Reads a whole (small) body, refusing more than `limit` bytes.
pub async fn read_limited(resp: Response<Incoming>, limit: usize, what: &str) -> Result<Vec<u8>, RegistryError> {
    if let Some(len) = resp.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
        && len > limit as u64
    {
        return Err(RegistryError::TooLarge { what: what.into(), limit });
    }
    let mut body = resp.into_body();
    let mut out = Vec::new();
    while let Some(frame) =
        tokio::time::timeout(STALL_TIMEOUT, body.frame()).await.map_err(|_| RegistryError::Timeout(what.into()))?
    {
        let frame = frame.map_err(|e| RegistryError::Read { what: what.into(), message: error_chain(&e) })?;
        if let Some(d) = frame.data_ref() {
            if out.len() + d.len() > limit {
                return Err(RegistryError::TooLarge { what: what.into(), limit });
            }
            out.extend_from_slice(d);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        let base: Uri = "http://127.0.0.1:5000/v2/x/blobs/uploads/".parse().unwrap();
        assert_eq!(
            resolve(&base, "/v2/x/blobs/uploads/abc?_state=1").unwrap().to_string(),
            "http://127.0.0.1:5000/v2/x/blobs/uploads/abc?_state=1"
        );
        assert_eq!(resolve(&base, "https://cdn.example/b").unwrap().to_string(), "https://cdn.example/b");
        assert_eq!(resolve(&base, "abc").unwrap().to_string(), "http://127.0.0.1:5000/v2/x/blobs/uploads/abc");
    }
}
