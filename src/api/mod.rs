//! `ctr system service`: the Docker Engine API on a unix socket, started on demand
//! (socket activation: LISTEN_FDS/LISTEN_PID), exiting after an idle time. Handlers are
//! thin: each opens the local engine (its own state connection) on a blocking thread and
//! calls the same code as the CLI.

mod build;
mod containers;
mod files;
mod handlers;
mod images;
mod networks;

/// The request bodies' conversions into the engine's options: no engine, no I/O (the
/// fuzz targets in `fuzz/` feed them arbitrary JSON).
pub mod bodies {
    pub use super::containers::{ExecOptions, create_options, exec_options, resource_args};
    pub use super::handlers::volume_create_options;
    pub use super::networks::{connect_request, create_options as network_create_options};
}

use std::convert::Infallible;
use std::os::fd::FromRawFd;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};

/// The API version ctr answers with (docker 28 negotiates down to it).
pub const API_VERSION: &str = "1.41";
pub const MIN_API_VERSION: &str = "1.24";

#[derive(Debug, Clone)]
pub struct ServiceOptions {
    pub uri: Option<String>,
    /// Exit after this long without a request and without open connections (0: never).
    pub idle: Duration,
    pub root: PathBuf,
    pub runroot: PathBuf,
    /// TLS (with required client certificates) for a tcp:// address.
    pub tls: Option<TlsFiles>,
    /// Plain TCP, allowed on loopback addresses only.
    pub insecure_tcp: bool,
}

/// The default socket: `$XDG_RUNTIME_DIR/ctr/ctr.sock` (`/run/ctr/ctr.sock` as root).
pub fn default_socket(runroot: &std::path::Path) -> PathBuf {
    runroot.join("ctr.sock")
}

/// Listening sockets handed over by systemd (or systemd-socket-activate).
fn activated() -> Vec<std::os::unix::net::UnixListener> {
    let pid_ok = std::env::var("LISTEN_PID").ok().and_then(|p| p.parse::<u32>().ok()) == Some(std::process::id());
    let n = std::env::var("LISTEN_FDS").ok().and_then(|n| n.parse::<i32>().ok()).unwrap_or(0);
    if !pid_ok || n <= 0 {
        return Vec::new();
    }
    // SAFETY: env changes before any thread starts (serve runs first thing).
    unsafe {
        std::env::remove_var("LISTEN_PID");
        std::env::remove_var("LISTEN_FDS");
        std::env::remove_var("LISTEN_FDNAMES");
    }
    (3..3 + n)
        .map(|fd| {
            // Not inherited by the monitors and helpers the service starts.
            // SAFETY: fcntl on an fd systemd handed us.
            unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
            // SAFETY: systemd passes the listening sockets as fds 3..3+n and nothing else owns them.
            unsafe { std::os::unix::net::UnixListener::from_raw_fd(fd) }
        })
        .collect()
}

/// TLS for a TCP listener: the server's certificate and key, and the CA that client
/// certificates must be signed by (docker's --tlsverify).
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
}

enum Listener {
    Unix(std::os::unix::net::UnixListener),
    Tcp(std::net::TcpListener),
}

fn tls_acceptor(t: &TlsFiles) -> anyhow::Result<tokio_rustls::TlsAcceptor> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let read_certs = |p: &std::path::Path| -> anyhow::Result<Vec<CertificateDer<'static>>> {
        let certs = CertificateDer::pem_file_iter(p)
            .and_then(|i| i.collect::<Result<Vec<_>, _>>())
            .map_err(|e| anyhow::anyhow!("{}: not a PEM certificate file: {e}", p.display()))?;
        anyhow::ensure!(!certs.is_empty(), "{}: holds no certificate", p.display());
        Ok(certs)
    };
    let mut roots = rustls::RootCertStore::empty();
    for c in read_certs(&t.ca)? {
        roots.add(c).map_err(|e| anyhow::anyhow!("{}: a CA certificate rustls refuses: {e}", t.ca.display()))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| anyhow::anyhow!("client certificate verifier: {e}"))?;
    let key = PrivateKeyDer::from_pem_file(&t.key)
        .map_err(|e| anyhow::anyhow!("{}: not a PEM private key: {e}", t.key.display()))?;
    let cfg = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_client_cert_verifier(verifier)
        .with_single_cert(read_certs(&t.cert)?, key)
        .map_err(|e| anyhow::anyhow!("{} and {}: {e}", t.cert.display(), t.key.display()))?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(cfg)))
}

pub fn serve(o: ServiceOptions) -> anyhow::Result<i32> {
    let mut listeners: Vec<Listener> = activated().into_iter().map(Listener::Unix).collect();
    let mut bound = None;
    let mut tls = None;
    if listeners.is_empty() {
        let uri = o.uri.clone().unwrap_or_else(|| format!("unix://{}", default_socket(&o.runroot).display()));
        if let Some(addr) = uri.strip_prefix("tcp://") {
            let addr: std::net::SocketAddr = std::net::ToSocketAddrs::to_socket_addrs(addr)
                .ok()
                .and_then(|mut a| a.next())
                .ok_or_else(|| anyhow::anyhow!("{uri}: give tcp://HOST:PORT"))?;
            match (&o.tls, o.insecure_tcp) {
                (Some(t), _) => tls = Some(tls_acceptor(t)?),
                (None, true) if addr.ip().is_loopback() => {}
                (None, true) => anyhow::bail!(
                    "{uri}: --insecure-tcp is only allowed on a loopback address; anyone who can reach this port could run containers as you. Use --tlscacert, --tlscert and --tlskey"
                ),
                (None, false) => anyhow::bail!(
                    "{uri}: serving TCP without TLS would let anyone who can reach the port run containers as you; give --tlscacert, --tlscert and --tlskey (clients then need a certificate signed by that CA), or --insecure-tcp on a loopback address"
                ),
            }
            let l = std::net::TcpListener::bind(addr).map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
            listeners.push(Listener::Tcp(l));
        } else if let Some(p) = uri.strip_prefix("unix://") {
            let path = PathBuf::from(p);
            if let Some(d) = path.parent() {
                std::fs::create_dir_all(d)?;
            }
            if std::os::unix::net::UnixStream::connect(&path).is_ok() {
                anyhow::bail!("{}: another service is already listening there", path.display());
            }
            let _ = std::fs::remove_file(&path);
            // The socket is made 0600 (umask 0177 around the bind), not chmodded after:
            // nobody else may connect in between, and a client that waits for the socket to
            // appear sees it as it stays.
            use nix::sys::stat::{Mode, umask};
            let old = umask(Mode::from_bits_truncate(0o177));
            let bound_now = std::os::unix::net::UnixListener::bind(&path);
            umask(old);
            let l = bound_now.map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", path.display()))?;
            listeners.push(Listener::Unix(l));
            bound = Some(path);
        } else {
            anyhow::bail!("{uri}: give unix:///path/to/socket or tcp://HOST:PORT");
        }
    }
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let ctx = Arc::new(handlers::Ctx::new(o.root.clone(), o.runroot.clone()));
    let r = rt.block_on(run(listeners, tls, ctx, o.idle));
    if let Some(p) = bound {
        let _ = std::fs::remove_file(p);
    }
    r.map(|_| 0)
}

enum Conn {
    Unix(tokio::net::UnixStream),
    Tcp(tokio::net::TcpStream),
}

async fn run(
    listeners: Vec<Listener>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    ctx: Arc<handlers::Ctx>,
    idle: Duration,
) -> anyhow::Result<()> {
    let active = Arc::new(AtomicUsize::new(0));
    // What monitors journal (health status changes) becomes events here too.
    let journal_ctx = ctx.clone();
    tokio::spawn(async move {
        let mut offset = crate::engine::events::end(&journal_ctx.runroot);
        loop {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let (evs, next) = crate::engine::events::read_from(&journal_ctx.runroot, offset);
            offset = next;
            for ev in evs {
                journal_ctx.publish(ev);
            }
        }
    });
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Conn>();
    for l in listeners {
        let tx = tx.clone();
        match l {
            Listener::Unix(l) => {
                l.set_nonblocking(true)?;
                let l = tokio::net::UnixListener::from_std(l)?;
                tokio::spawn(async move {
                    while let Ok((s, _)) = l.accept().await {
                        if tx.send(Conn::Unix(s)).is_err() {
                            break;
                        }
                    }
                });
            }
            Listener::Tcp(l) => {
                l.set_nonblocking(true)?;
                let l = tokio::net::TcpListener::from_std(l)?;
                tokio::spawn(async move {
                    while let Ok((s, _)) = l.accept().await {
                        if tx.send(Conn::Tcp(s)).is_err() {
                            break;
                        }
                    }
                });
            }
        }
    }
    drop(tx);
    // Idle: no open connection, and none closed or opened for `idle`.
    let last = Arc::new(std::sync::Mutex::new(std::time::Instant::now()));
    loop {
        let next = if idle.is_zero() {
            rx.recv().await
        } else {
            match tokio::time::timeout(idle, rx.recv()).await {
                Ok(s) => s,
                Err(_) => {
                    if active.load(Ordering::SeqCst) == 0 && last.lock().unwrap().elapsed() >= idle {
                        return Ok(());
                    }
                    continue;
                }
            }
        };
        let Some(conn) = next else { return Ok(()) };
        let ctx = ctx.clone();
        let tls = tls.clone();
        let (active, last) = (active.clone(), last.clone());
        active.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            let peer = match &conn {
                Conn::Unix(s) => Peer::of(s),
                Conn::Tcp(s) => Peer::of(s),
            };
            match (conn, tls) {
                (Conn::Unix(s), _) => serve_io(s, ctx, peer).await,
                (Conn::Tcp(s), None) => serve_io(s, ctx, peer).await,
                (Conn::Tcp(s), Some(acceptor)) => {
                    // A client without a certificate signed by the CA fails here.
                    match tokio::time::timeout(Duration::from_secs(30), acceptor.accept(s)).await {
                        Ok(Ok(t)) => serve_io(t, ctx, peer).await,
                        Ok(Err(e)) if trace() => crate::output::status(&format!("api: TLS handshake refused: {e}")),
                        _ => {}
                    }
                }
            }
            *last.lock().unwrap() = std::time::Instant::now();
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// A duplicate of a connection's socket, in each of its requests' extensions: a long
/// answer (a build) watches it to learn that its client went away.
#[derive(Clone)]
pub struct Peer(Arc<std::os::fd::OwnedFd>);

impl Peer {
    fn of(s: &impl std::os::fd::AsFd) -> Option<Peer> {
        s.as_fd().try_clone_to_owned().ok().map(|fd| Peer(Arc::new(fd)))
    }

    /// Waits up to `timeout` for the client to close its end or the connection to break;
    /// true if it did. A client that only shuts down its sending side counts as gone too,
    /// as with dockerd (Go's server cancels a request whose connection reads EOF).
    pub fn gone_within(&self, timeout: Duration) -> bool {
        use std::os::fd::AsRawFd;
        let mut p = libc::pollfd { fd: self.0.as_raw_fd(), events: libc::POLLRDHUP, revents: 0 };
        // SAFETY: one valid pollfd, the fd owned by self for the call.
        let n = unsafe { libc::poll(&mut p, 1, timeout.as_millis() as libc::c_int) };
        n > 0 && p.revents & (libc::POLLRDHUP | libc::POLLHUP | libc::POLLERR) != 0
    }
}

/// A long answer's client, watched from a thread: `gone()` once its connection closed.
/// The thread ends when this is dropped (the answer's end, however it ends).
pub struct ClientWatch {
    gone: Arc<std::sync::atomic::AtomicBool>,
    done: Arc<std::sync::atomic::AtomicBool>,
}

impl ClientWatch {
    /// Watches the connection `req` came on (nothing is ever gone without one).
    pub fn of(req: &Request<Incoming>) -> ClientWatch {
        use std::sync::atomic::AtomicBool;
        let w = ClientWatch { gone: Arc::new(AtomicBool::new(false)), done: Arc::new(AtomicBool::new(false)) };
        if let Some(peer) = req.extensions().get::<Peer>().cloned() {
            let (gone, done) = (w.gone.clone(), w.done.clone());
            std::thread::spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    if peer.gone_within(Duration::from_millis(200)) {
                        gone.store(true, Ordering::Relaxed);
                        return;
                    }
                }
            });
        }
        w
    }

    pub fn gone(&self) -> bool {
        self.gone.load(Ordering::Relaxed)
    }

    /// The flag itself, for an engine operation that takes one (a build's `cancel`).
    pub fn flag(&self) -> Arc<std::sync::atomic::AtomicBool> {
        self.gone.clone()
    }
}

impl Drop for ClientWatch {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
    }
}

async fn serve_io<I>(io: I, ctx: Arc<handlers::Ctx>, peer: Option<Peer>)
where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin + 'static,
{
    let io = hyper_util::rt::TokioIo::new(io);
    let svc = hyper::service::service_fn(move |mut req: Request<Incoming>| {
        let ctx = ctx.clone();
        if let Some(p) = &peer {
            req.extensions_mut().insert(p.clone());
        }
        async move {
            let line = format!("{} {}", req.method(), req.uri());
            let r = handlers::handle(ctx, req).await;
            if trace() {
                crate::output::status(&format!("api: {line} -> {}", r.status().as_u16()));
            }
            Ok::<_, Infallible>(r)
        }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .half_close(true)
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30))
        .serve_connection(io, svc)
        .with_upgrades()
        .await;
}

/// `ctr system dial-stdio`: stdin/stdout joined to the local service's socket, which is
/// started (exiting when idle) if nothing listens there. `docker -H ssh://HOST` and
/// `ctr -H ssh://HOST` run this on HOST.
pub fn dial_stdio(runroot: &std::path::Path, root: &std::path::Path) -> anyhow::Result<i32> {
    use std::io::{Read, Write};
    let path = default_socket(runroot);
    let sock = match std::os::unix::net::UnixStream::connect(&path) {
        Ok(s) => s,
        Err(_) => {
            std::process::Command::new("/proc/self/exe")
                .arg("--root")
                .arg(root)
                .arg("--runroot")
                .arg(runroot)
                .args(["system", "service", "--time", "10"])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .map_err(|e| anyhow::anyhow!("cannot start `ctr system service`: {e}"))?;
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            loop {
                match std::os::unix::net::UnixStream::connect(&path) {
                    Ok(s) => break s,
                    Err(e) if std::time::Instant::now() >= deadline => {
                        anyhow::bail!("the API service did not come up at {}: {e}", path.display())
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        }
    };
    let mut to_sock = sock.try_clone()?;
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut buf = [0u8; 32 * 1024];
        while let Ok(n) = stdin.read(&mut buf) {
            if n == 0 || to_sock.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = to_sock.shutdown(std::net::Shutdown::Write);
    });
    let mut from = sock;
    let mut out = std::io::stdout().lock();
    let mut buf = [0u8; 32 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if out.write_all(&buf[..n]).and_then(|_| out.flush()).is_err() {
                    break;
                }
            }
        }
    }
    Ok(0)
}

/// Every response body: whole, or streamed (logs, pulls, waits, events).
pub type Body = http_body_util::combinators::BoxBody<Bytes, std::io::Error>;
pub type Resp = Response<Body>;

/// A whole body.
pub fn full(b: impl Into<Bytes>) -> Body {
    Full::new(b.into()).map_err(|never| match never {}).boxed()
}

fn builder(status: u16, content_type: &str) -> hyper::http::response::Builder {
    Response::builder()
        .status(status)
        .header("Content-Type", content_type)
        .header("Api-Version", API_VERSION)
        .header("Server", concat!("ctr/", env!("CARGO_PKG_VERSION")))
}

/// CTR_API_TRACE=1: one line per request on stderr.
fn trace() -> bool {
    static T: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *T.get_or_init(|| std::env::var_os("CTR_API_TRACE").is_some_and(|v| v == "1"))
}

/// A JSON response.
pub fn json(status: u16, v: &serde_json::Value) -> Resp {
    builder(status, "application/json").body(full(serde_json::to_vec(v).unwrap_or_default())).expect("a valid response")
}

/// An empty response (204 and friends).
pub fn empty(status: u16) -> Resp {
    Response::builder()
        .status(status)
        .header("Api-Version", API_VERSION)
        .body(full(Bytes::new()))
        .expect("a valid response")
}

/// A response whose body is written later through the returned sender; its headers go
/// out at once (docker's client waits on them for `wait`, `events`, `logs -f`).
pub fn streamed(status: u16, content_type: &str) -> (http_body_util::channel::Sender<Bytes, std::io::Error>, Resp) {
    let (tx, body) = http_body_util::channel::Channel::<Bytes, std::io::Error>::new(32);
    (tx, builder(status, content_type).body(body.boxed()).expect("a valid response"))
}

/// A Write that sends what it is given into a streamed body, in 64 KiB chunks; for
/// blocking threads (tars, saves) feeding a response.
pub struct BodyWriter {
    pub tx: http_body_util::channel::Sender<Bytes, std::io::Error>,
    rt: tokio::runtime::Handle,
    buf: Vec<u8>,
}

impl BodyWriter {
    pub fn new(tx: http_body_util::channel::Sender<Bytes, std::io::Error>, rt: tokio::runtime::Handle) -> BodyWriter {
        BodyWriter { tx, rt, buf: Vec::new() }
    }
}

impl std::io::Write for BodyWriter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= 64 << 10 {
            self.flush()?;
        }
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buf));
        self.rt.block_on(self.tx.send_data(chunk)).map_err(|_| std::io::Error::other("the client went away"))
    }
}

/// A request's body as the read end of a pipe (a copy process's stdin, or a Read for the
/// engine), fed by a task.
pub fn body_pipe(req: hyper::Request<hyper::body::Incoming>) -> std::io::Result<std::io::PipeReader> {
    use http_body_util::BodyExt;
    let (r, w) = std::io::pipe()?;
    let mut body = req.into_body();
    tokio::spawn(async move {
        let Ok(mut w) = tokio::net::unix::pipe::Sender::from_owned_fd(std::os::fd::OwnedFd::from(w)) else { return };
        use tokio::io::AsyncWriteExt;
        while let Some(Ok(f)) = body.frame().await {
            if let Ok(d) = f.into_data()
                && w.write_all(&d).await.is_err()
            {
                return;
            }
        }
    });
    Ok(r)
}
