//! `ctr system service`: the Docker Engine API on a unix socket, started on demand
//! (socket activation: LISTEN_FDS/LISTEN_PID), exiting after an idle time. Handlers are
//! thin: each opens the local engine (its own state connection) on a blocking thread and
//! calls the same code as the CLI.

mod containers;
mod handlers;
mod images;

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
    // SAFETY: systemd passes the listening sockets as fds 3..3+n and nothing else owns them.
    (3..3 + n).map(|fd| unsafe { std::os::unix::net::UnixListener::from_raw_fd(fd) }).collect()
}

pub fn serve(o: ServiceOptions) -> anyhow::Result<i32> {
    let mut listeners = activated();
    let mut bound = None;
    if listeners.is_empty() {
        let path = match o.uri.as_deref() {
            None => default_socket(&o.runroot),
            Some(u) if u.starts_with("unix://") => PathBuf::from(&u["unix://".len()..]),
            Some(u) if u.starts_with("tcp://") => anyhow::bail!(
                "{u}: serving TCP needs TLS with client certificates, which ctr does not have yet; use a unix socket (unix:///path)"
            ),
            Some(u) => anyhow::bail!("{u}: give unix:///path/to/socket"),
        };
        if let Some(d) = path.parent() {
            std::fs::create_dir_all(d)?;
        }
        if std::os::unix::net::UnixStream::connect(&path).is_ok() {
            anyhow::bail!("{}: another service is already listening there", path.display());
        }
        let _ = std::fs::remove_file(&path);
        let l = std::os::unix::net::UnixListener::bind(&path)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", path.display()))?;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        listeners.push(l);
        bound = Some(path);
    }
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let ctx = Arc::new(handlers::Ctx::new(o.root.clone(), o.runroot.clone()));
    let r = rt.block_on(run(listeners, ctx, o.idle));
    if let Some(p) = bound {
        let _ = std::fs::remove_file(p);
    }
    r.map(|_| 0)
}

async fn run(
    listeners: Vec<std::os::unix::net::UnixListener>,
    ctx: Arc<handlers::Ctx>,
    idle: Duration,
) -> anyhow::Result<()> {
    let active = Arc::new(AtomicUsize::new(0));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<tokio::net::UnixStream>();
    for l in listeners {
        l.set_nonblocking(true)?;
        let l = tokio::net::UnixListener::from_std(l)?;
        let tx = tx.clone();
        tokio::spawn(async move {
            while let Ok((s, _)) = l.accept().await {
                if tx.send(s).is_err() {
                    break;
                }
            }
        });
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
        let Some(stream) = next else { return Ok(()) };
        let ctx = ctx.clone();
        let (active, last) = (active.clone(), last.clone());
        active.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            let io = hyper_util::rt::TokioIo::new(stream);
            let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
                let ctx = ctx.clone();
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
            *last.lock().unwrap() = std::time::Instant::now();
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
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
