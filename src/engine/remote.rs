//! The engine over the Docker Engine API (`ctr -H`, CONTAINER_HOST, DOCKER_HOST): hyper's
//! HTTP/1.1 client over a unix socket, TCP (with TLS, docker's way) or `ssh HOST ctr system
//! dial-stdio`, behind a blocking facade for the synchronous CLI, with docker's hijacked
//! streams for attach and exec. Errors map from HTTP status to ErrorKind, never from
//! message text.

use std::error::Error as StdError;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Empty, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header;
use hyper::upgrade::Upgraded;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf, ReadHalf, WriteHalf};
use tokio::net::unix::pipe;
use tokio::runtime::Runtime;

use super::{EngineError, ErrorKind};

/// Every path is of this API version (the service's, and dockerd 20.10's).
const API_PREFIX: &str = "/v1.41";

/// How long a TCP connect and its TLS handshake may take: a dead address fails in this
/// time rather than after the kernel's two minutes of SYN retries.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the remote engine is.
#[derive(Debug, Clone)]
pub enum Host {
    Unix(PathBuf),
    Tcp(String),
    /// `ssh://[user@]host[:port]`: the remote side runs `ctr system dial-stdio`.
    Ssh {
        dest: String,
        port: Option<String>,
    },
}

impl Host {
    pub fn parse(uri: &str) -> Result<Host, EngineError> {
        if let Some(p) = uri.strip_prefix("unix://") {
            return Ok(Host::Unix(PathBuf::from(p)));
        }
        if let Some(a) = uri.strip_prefix("tcp://") {
            return Ok(Host::Tcp(a.trim_end_matches('/').to_string()));
        }
        if let Some(a) = uri.strip_prefix("ssh://") {
            let a = a.trim_end_matches('/');
            let (dest, port) = match a.rsplit_once(':') {
                Some((d, p)) if p.chars().all(|c| c.is_ascii_digit()) => (d.to_string(), Some(p.to_string())),
                _ => (a.to_string(), None),
            };
            return Ok(Host::Ssh { dest, port });
        }
        if uri.starts_with('/') {
            return Ok(Host::Unix(PathBuf::from(uri)));
        }
        Err(EngineError::invalid(format!(
            "invalid host {uri:?}: use unix:///path/to/socket, tcp://HOST:PORT or ssh://[USER@]HOST[:PORT]"
        )))
    }
}

/// One connection to the engine, whatever carries it.
enum Io {
    Unix(tokio::net::UnixStream),
    Tcp(tokio::net::TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<tokio::net::TcpStream>>),
    Ssh(Box<SshPipe>),
}

/// `ssh ... ctr system dial-stdio`: HTTP goes to its stdin and comes from its stdout. The
/// child goes with the connection: killed and reaped on drop.
struct SshPipe {
    child: std::process::Child,
    rx: pipe::Receiver,
    /// None once our side is shut down: the remote dial-stdio sees EOF.
    tx: Option<pipe::Sender>,
}

impl Drop for SshPipe {
    fn drop(&mut self) {
        self.tx.take();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl AsyncRead for Io {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Io::Unix(s) => Pin::new(s).poll_read(cx, buf),
            Io::Tcp(s) => Pin::new(s).poll_read(cx, buf),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
            Io::Ssh(s) => Pin::new(&mut s.rx).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Io {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, b: &[u8]) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Io::Unix(s) => Pin::new(s).poll_write(cx, b),
            Io::Tcp(s) => Pin::new(s).poll_write(cx, b),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, b),
            Io::Ssh(s) => match &mut s.tx {
                Some(tx) => Pin::new(tx).poll_write(cx, b),
                None => Poll::Ready(Err(io::ErrorKind::BrokenPipe.into())),
            },
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Io::Unix(s) => Pin::new(s).poll_flush(cx),
            Io::Tcp(s) => Pin::new(s).poll_flush(cx),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
            Io::Ssh(s) => match &mut s.tx {
                Some(tx) => Pin::new(tx).poll_flush(cx),
                None => Poll::Ready(Ok(())),
            },
        }
    }

    /// Half-close, which is what a hijacked stream's close_write needs: the sockets shut
    /// down their writing side (TLS sends close_notify first), a pipe is closed (a pipe's
    /// own shutdown does nothing).
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Io::Unix(s) => Pin::new(s).poll_shutdown(cx),
            Io::Tcp(s) => Pin::new(s).poll_shutdown(cx),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
            Io::Ssh(s) => {
                s.tx.take();
                Poll::Ready(Ok(()))
            }
        }
    }
}

/// A hijacked connection (attach, exec start): after 101 Switching Protocols, the raw
/// stream both ways.
pub struct Hijacked {
    rt: Arc<Runtime>,
    io: TokioIo<Upgraded>,
}

impl Hijacked {
    /// (reader, writer) for two threads.
    pub fn split(self) -> (Box<dyn Read + Send>, Writer) {
        let (r, w) = tokio::io::split(self.io);
        (Box::new(StreamReader { rt: self.rt.clone(), r }), Writer { rt: self.rt, w })
    }
}

/// The reading half of a hijacked connection.
struct StreamReader {
    rt: Arc<Runtime>,
    r: ReadHalf<TokioIo<Upgraded>>,
}

impl Read for StreamReader {
    fn read(&mut self, b: &mut [u8]) -> io::Result<usize> {
        self.rt.block_on(self.r.read(b))
    }
}

/// The writing half of a hijacked connection.
pub struct Writer {
    rt: Arc<Runtime>,
    w: WriteHalf<TokioIo<Upgraded>>,
}

impl Write for Writer {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.rt.block_on(self.w.write(b))
    }
    fn flush(&mut self) -> io::Result<()> {
        self.rt.block_on(self.w.flush())
    }
}

impl Writer {
    /// Our input ended (docker's CloseWrite): the container's stdin closes, its output
    /// still comes.
    pub fn close_write(&mut self) {
        let _ = self.rt.block_on(self.w.shutdown());
    }
}

/// TLS for tcp://, docker's way: --tlsverify (or $DOCKER_TLS_VERIFY) and the files, by
/// default from $DOCKER_CERT_PATH or ~/.docker.
#[derive(Debug, Clone, Default)]
pub struct TlsOptions {
    pub verify: bool,
    pub ca: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
}

/// The client: where the engine is, and the IO runtime its blocking calls wait on.
#[derive(Clone)]
pub struct Client {
    pub host: Host,
    uri: String,
    tls: Option<Arc<rustls::ClientConfig>>,
    rt: Arc<Runtime>,
}

/// A request's body.
type ReqBody = BoxBody<Bytes, io::Error>;

fn client_tls(o: &TlsOptions) -> Result<Option<Arc<rustls::ClientConfig>>, EngineError> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let env_verify = std::env::var("DOCKER_TLS_VERIFY").is_ok_and(|v| !v.is_empty() && v != "0");
    if !(o.verify || env_verify || o.ca.is_some() || o.cert.is_some()) {
        return Ok(None);
    }
    let dir = std::env::var_os("DOCKER_CERT_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| dirs::home_dir().unwrap_or_default().join(".docker"));
    let ca = o.ca.clone().unwrap_or_else(|| dir.join("ca.pem"));
    let bad = |p: &std::path::Path, e: String| EngineError::invalid(format!("{}: {e}", p.display()));
    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_file_iter(&ca).map_err(|e| bad(&ca, e.to_string()))? {
        roots.add(c.map_err(|e| bad(&ca, e.to_string()))?).map_err(|e| bad(&ca, e.to_string()))?;
    }
    let b = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| EngineError::new(ErrorKind::Internal, e.to_string()))?
        .with_root_certificates(roots);
    let cert = o.cert.clone().unwrap_or_else(|| dir.join("cert.pem"));
    let key = o.key.clone().unwrap_or_else(|| dir.join("key.pem"));
    let cfg = if cert.exists() {
        let certs = CertificateDer::pem_file_iter(&cert)
            .and_then(|i| i.collect::<Result<Vec<_>, _>>())
            .map_err(|e| bad(&cert, e.to_string()))?;
        let k = PrivateKeyDer::from_pem_file(&key).map_err(|e| bad(&key, e.to_string()))?;
        b.with_client_auth_cert(certs, k).map_err(|e| bad(&cert, e.to_string()))?
    } else {
        b.with_no_client_auth()
    };
    Ok(Some(Arc::new(cfg)))
}

/// A response whose body has not been read yet.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Box<dyn Read + Send>,
}

impl Response {
    pub fn header(&self, k: &str) -> Option<&str> {
        self.headers.iter().find(|(h, _)| h.eq_ignore_ascii_case(k)).map(|(_, v)| v.as_str())
    }
}

/// A response's body as a `Read`: each read waits for hyper's next frame, so a stream
/// (`logs -f`, pull progress) is handed on as it comes.
struct BodyReader {
    rt: Arc<Runtime>,
    body: Incoming,
    /// What is left of the last frame.
    chunk: Bytes,
}

impl Read for BodyReader {
    fn read(&mut self, b: &mut [u8]) -> io::Result<usize> {
        if b.is_empty() {
            return Ok(0);
        }
        while self.chunk.is_empty() {
            match self.rt.block_on(self.body.frame()) {
                None => return Ok(0),
                Some(Err(e)) => return Err(io::Error::other(format!("the engine's answer broke off: {}", chain(&e)))),
                // Trailers are not part of the body.
                Some(Ok(f)) => self.chunk = f.into_data().unwrap_or_default(),
            }
        }
        let n = b.len().min(self.chunk.len());
        b[..n].copy_from_slice(&self.chunk.split_to(n));
        Ok(n)
    }
}

pub(crate) fn status_kind(status: u16) -> ErrorKind {
    match status {
        404 => ErrorKind::NotFound,
        409 => ErrorKind::Conflict,
        400 | 413 => ErrorKind::InvalidArgument,
        401 | 403 => ErrorKind::Unauthorized,
        501 => ErrorKind::NotSupported,
        502 | 503 => ErrorKind::Unavailable,
        _ => ErrorKind::Internal,
    }
}

impl Client {
    pub fn new(uri: &str) -> Result<Client, EngineError> {
        Client::with_tls(uri, &TlsOptions::default())
    }

    pub fn with_tls(uri: &str, tls: &TlsOptions) -> Result<Client, EngineError> {
        let host = Host::parse(uri)?;
        let tls = if matches!(host, Host::Tcp(_)) { client_tls(tls)? } else { None };
        // current_thread: it starts no thread of its own, and tokio lets several threads
        // block_on one current_thread runtime at once (Runtime::block_on's documentation):
        // one of them drives the IO for all and hands that over when its own future is
        // done. So a hijacked stream is read on one thread while another writes our stdin
        // to it, each blocking on its half, with no worker and no rt-multi-thread. The
        // cost: a connection moves only while some thread waits on the runtime. The CLI
        // waits whenever it needs one to move; what is left (closing a connection whose
        // answer was read, ending its ssh child) happens at the next wait or when the
        // runtime goes.
        let rt =
            tokio::runtime::Builder::new_current_thread().enable_io().enable_time().build().map_err(|e| {
                EngineError::new(ErrorKind::Internal, format!("cannot start the client's IO runtime: {e}"))
            })?;
        Ok(Client { host, uri: uri.to_string(), tls, rt: Arc::new(rt) })
    }

    fn unreachable(&self, e: &(dyn StdError + 'static)) -> EngineError {
        if let Some(t) = rustls_cause(e) {
            return EngineError::new(
                ErrorKind::Unauthorized,
                format!(
                    "TLS with {} failed: {t}; check --tlscacert, --tlscert and --tlskey (or $DOCKER_CERT_PATH)",
                    self.uri
                ),
            );
        }
        EngineError::new(
            ErrorKind::Unavailable,
            format!(
                "cannot reach the engine at {}: {}; is `ctr system service` (or dockerd) listening there?",
                self.uri,
                chain(e)
            ),
        )
    }

    async fn connect(&self) -> Result<Io, EngineError> {
        match &self.host {
            Host::Unix(p) => tokio::net::UnixStream::connect(p).await.map(Io::Unix).map_err(|e| self.unreachable(&e)),
            Host::Tcp(a) => {
                let timed_out = || io::Error::new(io::ErrorKind::TimedOut, format!("no answer in {CONNECT_TIMEOUT:?}"));
                let s = tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::TcpStream::connect(a.as_str()))
                    .await
                    .unwrap_or_else(|_| Err(timed_out()))
                    .map_err(|e| self.unreachable(&e))?;
                let _ = s.set_nodelay(true);
                let Some(cfg) = &self.tls else { return Ok(Io::Tcp(s)) };
                let host =
                    a.rsplit_once(':').map_or(a.as_str(), |(h, _)| h).trim_start_matches('[').trim_end_matches(']');
                let name = rustls::pki_types::ServerName::try_from(host.to_string())
                    .map_err(|e| EngineError::invalid(format!("{host}: not a server name for TLS: {e}")))?;
                // Handshake now, so a refused certificate is reported as such.
                let t = tokio::time::timeout(
                    CONNECT_TIMEOUT,
                    tokio_rustls::TlsConnector::from(cfg.clone()).connect(name, s),
                )
                .await
                .unwrap_or_else(|_| Err(timed_out()))
                .map_err(|e| self.unreachable(&e))?;
                Ok(Io::Tls(Box::new(t)))
            }
            Host::Ssh { dest, port } => {
                let mut c = std::process::Command::new("ssh");
                if let Some(p) = port {
                    c.args(["-p", p]);
                }
                let mut child = c
                    .args(["-o", "BatchMode=yes", "--", dest, "ctr", "system", "dial-stdio"])
                    .stdin(std::process::Stdio::piped())
                    .stdout(std::process::Stdio::piped())
                    .spawn()
                    .map_err(|e| self.unreachable(&e))?;
                let out = child.stdout.take().expect("piped");
                let inp = child.stdin.take().expect("piped");
                // from_owned_fd makes our ends nonblocking; the child's ends are other
                // open files and stay as they are.
                match pipe::Receiver::from_owned_fd(out.into())
                    .and_then(|rx| Ok((rx, pipe::Sender::from_owned_fd(inp.into())?)))
                {
                    Ok((rx, tx)) => Ok(Io::Ssh(Box::new(SshPipe { child, rx, tx: Some(tx) }))),
                    Err(e) => {
                        let _ = child.kill();
                        let _ = child.wait();
                        Err(self.unreachable(&e))
                    }
                }
            }
        }
    }

    /// The request, docker's way: the API version's path, a Host header (HTTP/1.1 needs
    /// one; the socket has no name, so any does) and either one exchange on the connection
    /// or an upgrade to a raw stream.
    fn request(
        &self,
        method: &str,
        path: &str,
        body: ReqBody,
        extra: &[(&str, &str)],
        upgrade: bool,
    ) -> Result<hyper::Request<ReqBody>, EngineError> {
        let m = hyper::Method::from_bytes(method.as_bytes())
            .map_err(|e| EngineError::invalid(format!("{method}: not an HTTP method: {e}")))?;
        let mut b = hyper::Request::builder()
            .method(m)
            .uri(format!("{API_PREFIX}{path}"))
            .header(header::HOST, "ctr")
            .header(header::USER_AGENT, concat!("ctr/", env!("CARGO_PKG_VERSION")));
        b = if upgrade {
            b.header(header::CONNECTION, "Upgrade").header(header::UPGRADE, "tcp")
        } else {
            b.header(header::CONNECTION, "close")
        };
        for (k, v) in extra {
            b = b.header(*k, *v);
        }
        b.body(body).map_err(|e| EngineError::invalid(format!("{method} {path}: not a valid request: {e}")))
    }

    /// Sends one request on a new connection and waits for the answer's head.
    async fn exchange(
        &self,
        req: hyper::Request<ReqBody>,
        upgrade: bool,
    ) -> Result<hyper::Response<Incoming>, EngineError> {
        let what = format!("{} {}", req.method(), req.uri());
        let io = TokioIo::new(self.connect().await?);
        let (mut tx, conn) = hyper::client::conn::http1::handshake(io).await.map_err(|e| self.unreachable(&e))?;
        // The connection is a task of its own: the body's frames come through it. It ends
        // after the answer (Connection: close), or hands its IO over for the upgrade.
        if upgrade {
            tokio::spawn(async move { drop(conn.with_upgrades().await) });
        } else {
            tokio::spawn(async move { drop(conn.await) });
        }
        tx.send_request(req).await.map_err(|e| {
            if e.is_user() {
                // Ours, not the engine's: the body we were sending failed.
                return EngineError::new(
                    ErrorKind::Internal,
                    format!("{what}: cannot send the request: {}", chain(&e)),
                );
            }
            self.unreachable(&e)
        })
    }

    fn response(&self, r: hyper::Response<Incoming>) -> Response {
        let status = r.status().as_u16();
        let headers = r
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        Response {
            status,
            headers,
            body: Box::new(BodyReader { rt: self.rt.clone(), body: r.into_body(), chunk: Bytes::new() }),
        }
    }

    /// Sends a request with a whole body (JSON unless `extra` names another Content-Type);
    /// returns the response with its body unread.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        extra: &[(&str, &str)],
    ) -> Result<Response, EngineError> {
        let req = self.request(method, path, whole(body), &with_json_type(body.is_some(), extra), false)?;
        Ok(self.response(self.rt.block_on(self.exchange(req, false))?))
    }

    /// Sends a request whose body is read from `body` as it is sent (chunked: a tar of a
    /// build context, of a `cp`, of an image to load), with the Content-Type in `extra`.
    pub fn send_reader(
        &self,
        method: &str,
        path: &str,
        mut body: Box<dyn Read + Send>,
        extra: &[(&str, &str)],
    ) -> Result<Response, EngineError> {
        let (mut tx, chan) = http_body_util::channel::Channel::<Bytes, io::Error>::new(4);
        let req = self.request(method, path, chan.boxed(), extra, false)?;
        // A blocking Read is read on a thread of its own; each piece waits there for room
        // in the channel the connection's task sends from.
        let rt = self.rt.clone();
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 64 << 10];
            loop {
                match body.read(&mut buf) {
                    Ok(0) => return,
                    Ok(n) => {
                        if rt.block_on(tx.send_data(Bytes::copy_from_slice(&buf[..n]))).is_err() {
                            return;
                        }
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return tx.abort(e),
                }
            }
        });
        Ok(self.response(self.rt.block_on(self.exchange(req, false))?))
    }

    /// A request whose answer is checked: an error status becomes an EngineError with
    /// the kind of its status and the server's message.
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Response, EngineError> {
        let b = body.map(|v| serde_json::to_vec(v).unwrap_or_default());
        check(self.send(method, path, b.as_deref(), &[])?)
    }

    pub fn json(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, EngineError> {
        let mut r = self.call(method, path, body)?;
        let mut buf = Vec::new();
        r.body.read_to_end(&mut buf)?;
        if buf.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&buf)
            .map_err(|e| EngineError::new(ErrorKind::Internal, format!("the engine's answer is not JSON: {e}")))
    }

    /// A hijacked connection (attach, exec start): 101 Switching Protocols, then the raw
    /// stream both ways. Another status is the engine's error.
    pub fn hijack(&self, path: &str, body: Option<&Value>) -> Result<Hijacked, EngineError> {
        let b = body.map(|v| serde_json::to_vec(v).unwrap_or_default());
        let req = self.request("POST", path, whole(b.as_deref()), &with_json_type(b.is_some(), &[]), true)?;
        let mut r = self.rt.block_on(self.exchange(req, true))?;
        if r.status() != hyper::StatusCode::SWITCHING_PROTOCOLS {
            return Err(check(self.response(r)).err().unwrap_or_else(|| {
                EngineError::new(ErrorKind::Internal, "the engine did not switch protocols for the attach")
            }));
        }
        let up = self.rt.block_on(hyper::upgrade::on(&mut r)).map_err(|e| self.unreachable(&e))?;
        Ok(Hijacked { rt: self.rt.clone(), io: TokioIo::new(up) })
    }
}

/// A whole body, or none.
fn whole(body: Option<&[u8]>) -> ReqBody {
    match body {
        Some(b) => Full::new(Bytes::copy_from_slice(b)).map_err(|never| match never {}).boxed(),
        None => Empty::new().map_err(|never| match never {}).boxed(),
    }
}

/// `extra`, with Content-Type: application/json for a body unless it names its own type.
fn with_json_type<'a>(body: bool, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut h = extra.to_vec();
    if body && !extra.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
        h.push(("Content-Type", "application/json"));
    }
    h
}

/// An error and its causes, "a: b: c".
fn chain(e: &(dyn StdError + 'static)) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let m = c.to_string();
        if !s.ends_with(&m) {
            s.push_str(": ");
            s.push_str(&m);
        }
        cur = c.source();
    }
    s
}

/// The rustls error among e's causes. An io::Error's source() is the source of the error
/// it wraps, not that error, so each io::Error is looked into as well.
fn rustls_cause<'a>(e: &'a (dyn StdError + 'static)) -> Option<&'a rustls::Error> {
    let mut cur = Some(e);
    while let Some(e) = cur {
        if let Some(t) = e.downcast_ref::<rustls::Error>() {
            return Some(t);
        }
        let inner = e.downcast_ref::<io::Error>().and_then(|i| i.get_ref());
        if let Some(t) = inner.and_then(|i| i.downcast_ref::<rustls::Error>()) {
            return Some(t);
        }
        cur = e.source();
    }
    None
}

/// The response if its status is not an error; else the server's message as an
/// EngineError of the status's kind.
pub(crate) fn check(mut r: Response) -> Result<Response, EngineError> {
    if r.status < 400 {
        return Ok(r);
    }
    let mut buf = Vec::new();
    let _ = r.body.read_to_end(&mut buf);
    let msg = serde_json::from_slice::<Value>(&buf)
        .ok()
        .and_then(|v| v["message"].as_str().map(String::from))
        .unwrap_or_else(|| String::from_utf8_lossy(&buf).trim().to_string());
    Err(EngineError::new(status_kind(r.status), msg))
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Reads docker's multiplexed stream ([stream, 0, 0, 0, len]) and hands each frame on.
pub fn demux(r: &mut dyn Read, out: &mut dyn FnMut(u8, &[u8]) -> io::Result<()>) -> io::Result<()> {
    let mut head = [0u8; 8];
    loop {
        match r.read_exact(&mut head) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        let n = u32::from_be_bytes([head[4], head[5], head[6], head[7]]) as usize;
        let mut data = vec![0u8; n];
        r.read_exact(&mut data)?;
        out(head[0], &data)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::io::{BufRead, BufReader};
    use std::net::{TcpListener, TcpStream};
    use std::sync::mpsc;

    /// A server of one connection on loopback, `serve` given the accepted socket, and a
    /// client of it.
    fn server(serve: impl FnOnce(TcpStream) + Send + 'static) -> Client {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        std::thread::spawn(move || {
            let s = l.accept().unwrap().0;
            // A client that never sends what the server waits for fails the test (the
            // server's panic closes the socket) rather than hanging it.
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            serve(s)
        });
        Client::new(&format!("tcp://127.0.0.1:{port}")).unwrap()
    }

    /// A request's head: its lines, without the empty one.
    fn head(r: &mut impl BufRead) -> Vec<String> {
        let mut lines = Vec::new();
        loop {
            let mut l = String::new();
            r.read_line(&mut l).unwrap();
            let l = l.trim_end().to_string();
            if l.is_empty() {
                return lines;
            }
            lines.push(l);
        }
    }

    fn header<'a>(head: &'a [String], name: &str) -> Option<&'a str> {
        head.iter().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    #[test]
    fn host_uris() {
        assert!(
            matches!(Host::parse("unix:///run/ctr.sock").unwrap(), Host::Unix(p) if p == std::path::Path::new("/run/ctr.sock"))
        );
        assert!(matches!(Host::parse("/run/ctr.sock").unwrap(), Host::Unix(_)));
        assert!(matches!(Host::parse("tcp://127.0.0.1:2376/").unwrap(), Host::Tcp(a) if a == "127.0.0.1:2376"));
        assert!(matches!(Host::parse("ssh://me@box:2222").unwrap(),
            Host::Ssh { dest, port: Some(p) } if dest == "me@box" && p == "2222"));
        assert!(matches!(Host::parse("ssh://box").unwrap(), Host::Ssh { dest, port: None } if dest == "box"));
        assert_eq!(Host::parse("http://box").unwrap_err().kind, ErrorKind::InvalidArgument);
    }

    #[test]
    fn request_head_and_json_body() {
        let (tx, rx) = mpsc::channel();
        let c = server(move |s| {
            let mut r = BufReader::new(s.try_clone().unwrap());
            let h = head(&mut r);
            let mut body = vec![0u8; header(&h, "content-length").unwrap().parse().unwrap()];
            r.read_exact(&mut body).unwrap();
            let answer = br#"{"Id":"x"}"#;
            let mut s = s;
            write!(
                s,
                "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                answer.len()
            )
            .unwrap();
            s.write_all(answer).unwrap();
            tx.send((h, body)).unwrap();
        });
        let v = c.json("POST", "/containers/create?name=a", Some(&json!({"Image": "busybox"}))).unwrap();
        assert_eq!(v["Id"], "x");
        let (h, body) = rx.recv().unwrap();
        assert_eq!(h[0], "POST /v1.41/containers/create?name=a HTTP/1.1");
        assert_eq!(header(&h, "host"), Some("ctr"));
        assert_eq!(header(&h, "user-agent"), Some(concat!("ctr/", env!("CARGO_PKG_VERSION"))));
        assert_eq!(header(&h, "content-type"), Some("application/json"));
        assert_eq!(serde_json::from_slice::<Value>(&body).unwrap(), json!({"Image": "busybox"}));
    }

    #[test]
    fn body_streams_as_it_comes() {
        let (go, wait) = mpsc::channel::<()>();
        let c = server(move |mut s| {
            head(&mut BufReader::new(s.try_clone().unwrap()));
            s.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n").unwrap();
            // The next piece only once the client has the first: a client that waits for
            // the whole body gets "late" after the timeout instead.
            let next = if wait.recv_timeout(Duration::from_secs(10)).is_ok() { "6\r\nsecond" } else { "4\r\nlate" };
            s.write_all(format!("{next}\r\n0\r\n\r\n").as_bytes()).unwrap();
        });
        let mut r = c.call("GET", "/containers/x/logs?follow=1", None).unwrap();
        let mut first = [0u8; 5];
        r.body.read_exact(&mut first).unwrap();
        assert_eq!(&first, b"first");
        let _ = go.send(());
        let mut rest = String::new();
        r.body.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "second");
    }

    #[test]
    fn streamed_request_body_is_chunked() {
        let (tx, rx) = mpsc::channel();
        let c = server(move |s| {
            let mut r = BufReader::new(s.try_clone().unwrap());
            let h = head(&mut r);
            let mut body = Vec::new();
            loop {
                let mut size = String::new();
                r.read_line(&mut size).unwrap();
                let n = usize::from_str_radix(size.trim(), 16).unwrap();
                let mut chunk = vec![0u8; n + 2];
                r.read_exact(&mut chunk).unwrap();
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
            let mut s = s;
            s.write_all(b"HTTP/1.1 204 No Content\r\n\r\n").unwrap();
            tx.send((h, body)).unwrap();
        });
        let data: Vec<u8> = (0..200_000u32).map(|i| i as u8).collect();
        let r = c
            .send_reader(
                "POST",
                "/build",
                Box::new(io::Cursor::new(data.clone())),
                &[("Content-Type", "application/x-tar")],
            )
            .unwrap();
        assert_eq!(r.status, 204);
        let (h, body) = rx.recv().unwrap();
        assert_eq!(header(&h, "transfer-encoding"), Some("chunked"));
        assert_eq!(header(&h, "content-type"), Some("application/x-tar"));
        assert!(body == data, "{} bytes arrived of {}", body.len(), data.len());
    }

    /// close_write ends the engine's input while its output still comes: the server
    /// answers only after it read our EOF.
    #[test]
    fn hijack_half_closes() {
        let c = server(|mut s| {
            let mut r = BufReader::new(s.try_clone().unwrap());
            let h = head(&mut r);
            assert_eq!(header(&h, "upgrade"), Some("tcp"));
            let mut body = vec![0u8; header(&h, "content-length").unwrap().parse().unwrap()];
            r.read_exact(&mut body).unwrap();
            s.write_all(b"HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nhello ").unwrap();
            let mut input = String::new();
            r.read_to_string(&mut input).unwrap();
            s.write_all(format!("got {input}").as_bytes()).unwrap();
        });
        let (mut r, mut w) = c.hijack("/exec/x/start", Some(&json!({"Detach": false}))).unwrap().split();
        // The writer on a thread of its own while this one reads, as an attach's stdin.
        let writer = std::thread::spawn(move || {
            w.write_all(b"stdin").unwrap();
            w.close_write();
            w
        });
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        assert_eq!(out, "hello got stdin");
        drop(writer.join().unwrap());
    }

    #[test]
    fn error_statuses_keep_their_kind() {
        let answer = |status: &'static str| {
            server(move |mut s| {
                let mut r = BufReader::new(s.try_clone().unwrap());
                let h = head(&mut r);
                let mut body = vec![0u8; header(&h, "content-length").map_or(0, |n| n.parse().unwrap())];
                r.read_exact(&mut body).unwrap();
                let msg = br#"{"message":"no such container: x"}"#;
                write!(s, "HTTP/1.1 {status}\r\nContent-Length: {}\r\n\r\n", msg.len()).unwrap();
                s.write_all(msg).unwrap();
            })
        };
        let e = answer("404 Not Found").call("GET", "/containers/x/json", None).err().unwrap();
        assert_eq!((e.kind, e.message.as_str()), (ErrorKind::NotFound, "no such container: x"));
        let e = answer("409 Conflict").hijack("/containers/x/attach?stream=1", None).err().unwrap();
        assert_eq!(e.kind, ErrorKind::Conflict);
    }

    #[test]
    fn an_unreachable_engine_is_named() {
        let e = Client::new("unix:///nonexistent/ctr.sock").unwrap().json("GET", "/_ping", None).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Unavailable);
        assert!(e.message.starts_with("cannot reach the engine at unix:///nonexistent/ctr.sock: "), "{}", e.message);
    }

    #[test]
    fn demux_hands_on_frames() {
        let mut wire = vec![1, 0, 0, 0, 0, 0, 0, 3];
        wire.extend_from_slice(b"out");
        wire.extend_from_slice(&[2, 0, 0, 0, 0, 0, 0, 3]);
        wire.extend_from_slice(b"err");
        let mut got = Vec::new();
        demux(&mut &wire[..], &mut |s, d| {
            got.push((s, d.to_vec()));
            Ok(())
        })
        .unwrap();
        assert_eq!(got, vec![(1, b"out".to_vec()), (2, b"err".to_vec())]);
        assert_eq!(enc("a b/c"), "a%20b%2Fc");
    }
}
