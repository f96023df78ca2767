//! The engine over the Docker Engine API (`ctr -H`, CONTAINER_HOST, DOCKER_HOST): a small
//! blocking HTTP/1.1 client over a unix socket, TCP, or `ssh HOST ctr system dial-stdio`,
//! with docker's hijacked streams for attach and exec. Errors map from HTTP status to
//! ErrorKind, never from message text.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::PathBuf;

use serde_json::Value;
use std::sync::{Arc, Mutex};

type TlsStream = rustls::StreamOwned<rustls::ClientConnection, std::net::TcpStream>;

use super::{EngineError, ErrorKind};

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

/// A connection to the engine, whole or split for a hijacked stream.
pub enum Conn {
    Unix(std::os::unix::net::UnixStream),
    Tcp(std::net::TcpStream),
    Tls(Arc<Mutex<TlsStream>>),
    /// `ssh ... ctr system dial-stdio`: read its stdout, write its stdin.
    Ssh(Box<SshConn>),
}

pub struct SshConn {
    child: std::process::Child,
    out: std::process::ChildStdout,
    inp: Option<std::process::ChildStdin>,
}

impl Drop for SshConn {
    fn drop(&mut self) {
        self.inp.take();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Read for Conn {
    fn read(&mut self, b: &mut [u8]) -> io::Result<usize> {
        match self {
            Conn::Unix(s) => s.read(b),
            Conn::Tcp(s) => s.read(b),
            Conn::Ssh(s) => s.out.read(b),
            Conn::Tls(t) => tls_read(t, b),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        match self {
            Conn::Unix(s) => s.write(b),
            Conn::Tcp(s) => s.write(b),
            Conn::Ssh(s) => s.inp.as_mut().ok_or_else(|| io::Error::from(io::ErrorKind::BrokenPipe))?.write(b),
            Conn::Tls(t) => t.lock().unwrap().write(b),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Conn::Unix(s) => s.flush(),
            Conn::Tcp(s) => s.flush(),
            Conn::Ssh(s) => s.inp.as_mut().map_or(Ok(()), |i| i.flush()),
            Conn::Tls(t) => t.lock().unwrap().flush(),
        }
    }
}

/// The writing half of a hijacked connection.
pub struct Writer(Conn);

impl Write for Writer {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0.write(b)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl Writer {
    /// Our input ended (docker's CloseWrite): the container's stdin closes.
    pub fn close_write(&mut self) {
        match &mut self.0 {
            Conn::Unix(s) => drop(s.shutdown(std::net::Shutdown::Write)),
            Conn::Tcp(s) => drop(s.shutdown(std::net::Shutdown::Write)),
            Conn::Ssh(s) => drop(s.inp.take()),
            Conn::Tls(t) => {
                let mut t = t.lock().unwrap();
                t.conn.send_close_notify();
                let _ = t.flush();
            }
        }
    }
}

/// Reads from a TLS stream shared with a writer: the socket has a short read timeout, so
/// the lock is held only while data is there to read.
fn tls_read(t: &Arc<Mutex<TlsStream>>, b: &mut [u8]) -> io::Result<usize> {
    loop {
        let r = t.lock().unwrap().read(b);
        match r {
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            other => return other,
        }
    }
}

impl Conn {
    /// (reader, writer) for two threads.
    pub fn split(self) -> io::Result<(Box<dyn Read + Send>, Writer)> {
        Ok(match self {
            Conn::Unix(s) => (Box::new(s.try_clone()?), Writer(Conn::Unix(s))),
            Conn::Tcp(s) => (Box::new(s.try_clone()?), Writer(Conn::Tcp(s))),
            Conn::Tls(t) => (Box::new(Conn::Tls(t.clone())), Writer(Conn::Tls(t))),
            Conn::Ssh(s) => {
                use std::os::fd::AsFd;
                let out = std::fs::File::from(s.out.as_fd().try_clone_to_owned()?);
                (Box::new(out), Writer(Conn::Ssh(s)))
            }
        })
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

#[derive(Clone)]
pub struct Client {
    pub host: Host,
    uri: String,
    tls: Option<Arc<rustls::ClientConfig>>,
}

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

/// `Transfer-Encoding: chunked`.
struct Chunked<R> {
    r: R,
    left: usize,
    done: bool,
}

impl<R: BufRead> Read for Chunked<R> {
    fn read(&mut self, b: &mut [u8]) -> io::Result<usize> {
        if self.done {
            return Ok(0);
        }
        if self.left == 0 {
            let mut line = String::new();
            self.r.read_line(&mut line)?;
            if line.trim().is_empty() {
                line.clear();
                self.r.read_line(&mut line)?;
            }
            let n = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "bad chunk size"))?;
            if n == 0 {
                self.done = true;
                return Ok(0);
            }
            self.left = n;
        }
        let want = b.len().min(self.left);
        let n = self.r.read(&mut b[..want])?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        self.left -= n;
        Ok(n)
    }
}

fn status_kind(status: u16) -> ErrorKind {
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
        Ok(Client { host, uri: uri.to_string(), tls })
    }

    fn unreachable(&self, e: io::Error) -> EngineError {
        if e.get_ref().is_some_and(|i| i.is::<rustls::Error>()) {
            return EngineError::new(
                ErrorKind::Unauthorized,
                format!(
                    "TLS with {} failed: {e}; check --tlscacert, --tlscert and --tlskey (or $DOCKER_CERT_PATH)",
                    self.uri
                ),
            );
        }
        EngineError::new(
            ErrorKind::Unavailable,
            format!(
                "cannot reach the engine at {}: {e}; is `ctr system service` (or dockerd) listening there?",
                self.uri
            ),
        )
    }

    fn connect(&self) -> Result<Conn, EngineError> {
        match &self.host {
            Host::Unix(p) => {
                Ok(Conn::Unix(std::os::unix::net::UnixStream::connect(p).map_err(|e| self.unreachable(e))?))
            }
            Host::Tcp(a) => {
                let s = std::net::TcpStream::connect(a).map_err(|e| self.unreachable(e))?;
                let _ = s.set_nodelay(true);
                let Some(cfg) = &self.tls else { return Ok(Conn::Tcp(s)) };
                let host =
                    a.rsplit_once(':').map_or(a.as_str(), |(h, _)| h).trim_start_matches('[').trim_end_matches(']');
                let name = rustls::pki_types::ServerName::try_from(host.to_string())
                    .map_err(|e| EngineError::invalid(format!("{host}: not a server name for TLS: {e}")))?;
                let conn = rustls::ClientConnection::new(cfg.clone(), name)
                    .map_err(|e| EngineError::new(ErrorKind::Internal, e.to_string()))?;
                let mut t = rustls::StreamOwned::new(conn, s);
                // Handshake now, so a refused certificate is reported as such.
                while t.conn.is_handshaking() {
                    t.conn.complete_io(&mut t.sock).map_err(|e| self.unreachable(e))?;
                }
                let _ = t.sock.set_read_timeout(Some(std::time::Duration::from_millis(20)));
                Ok(Conn::Tls(Arc::new(Mutex::new(t))))
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
                    .map_err(|e| self.unreachable(e))?;
                let out = child.stdout.take().expect("piped");
                let inp = child.stdin.take();
                Ok(Conn::Ssh(Box::new(SshConn { child, out, inp })))
            }
        }
    }

    /// Sends a request; returns the response with its body unread. Hijacked requests get
    /// the raw connection as the body (and `write` below for the other direction).
    pub fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        extra: &[(&str, &str)],
    ) -> Result<(Response, Option<Conn>), EngineError> {
        let mut c = self.connect()?;
        let mut req =
            format!("{method} /v1.41{path} HTTP/1.1\r\nHost: ctr\r\nUser-Agent: ctr/{}\r\n", env!("CARGO_PKG_VERSION"));
        let hijack = extra.iter().any(|(k, _)| k.eq_ignore_ascii_case("upgrade"));
        if !hijack {
            req.push_str("Connection: close\r\n");
        }
        for (k, v) in extra {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if let Some(b) = body {
            req.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", b.len()));
        }
        req.push_str("\r\n");
        let mut bytes = req.into_bytes();
        bytes.extend_from_slice(body.unwrap_or(&[]));
        c.write_all(&bytes).map_err(|e| self.unreachable(e))?;
        c.flush().map_err(|e| self.unreachable(e))?;
        // Read the head byte by byte: after a 101 the rest belongs to the stream.
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match c.read(&mut byte) {
                Ok(0) => return Err(self.unreachable(io::Error::other("the connection closed before an answer"))),
                Ok(_) => head.push(byte[0]),
                Err(e) => return Err(self.unreachable(e)),
            }
            if head.len() > 64 << 10 {
                return Err(EngineError::new(ErrorKind::Internal, "the engine's answer has an oversized header"));
            }
        }
        let text = String::from_utf8_lossy(&head).into_owned();
        let mut lines = text.split("\r\n");
        let status: u16 = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| EngineError::new(ErrorKind::Internal, format!("{}: not an HTTP answer", self.uri)))?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string())))
            .collect();
        let find = |k: &str| headers.iter().find(|(h, _)| h.eq_ignore_ascii_case(k)).map(|(_, v)| v.clone());
        if status == 101 {
            return Ok((Response { status, headers, body: Box::new(io::empty()) }, Some(c)));
        }
        let r = BufReader::new(c);
        let body: Box<dyn Read + Send> = if find("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            Box::new(Chunked { r, left: 0, done: false })
        } else if let Some(n) = find("content-length").and_then(|n| n.parse::<u64>().ok()) {
            Box::new(r.take(n))
        } else if status == 204 || status == 304 {
            Box::new(io::empty())
        } else {
            Box::new(r)
        };
        Ok((Response { status, headers, body }, None))
    }

    /// A request whose answer is checked: an error status becomes an EngineError with
    /// the kind of its status and the server's message.
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Response, EngineError> {
        let b = body.map(|v| serde_json::to_vec(v).unwrap_or_default());
        let (r, _) = self.send(method, path, b.as_deref(), &[])?;
        check(r)
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
    /// stream both ways.
    pub fn hijack(&self, path: &str, body: Option<&Value>) -> Result<Conn, EngineError> {
        let b = body.map(|v| serde_json::to_vec(v).unwrap_or_default());
        let (r, conn) = self.send("POST", path, b.as_deref(), &[("Connection", "Upgrade"), ("Upgrade", "tcp")])?;
        match conn {
            Some(c) => Ok(c),
            None => Err(check(r).err().unwrap_or_else(|| {
                EngineError::new(ErrorKind::Internal, "the engine did not switch protocols for the attach")
            })),
        }
    }
}

fn check(mut r: Response) -> Result<Response, EngineError> {
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
