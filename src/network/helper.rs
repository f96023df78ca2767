//! The network helper process of a container (pasta or slirp4netns), run by the monitor:
//! started right after the container's namespaces exist, waited for before the
//! container's process execs, stopped when it exits. A helper is the monitor's child with
//! PR_SET_PDEATHSIG, so even a killed monitor leaves none behind.

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{NetConfig, NetMode, PortMapping};

const READY_TIMEOUT: Duration = Duration::from_secs(20);

/// A helper that has been started and is getting ready.
pub struct Pending {
    child: Option<Child>,
    kind: Kind,
    log: PathBuf,
    ports: Vec<PortMapping>,
}

enum Kind {
    Pasta { pid_file: PathBuf },
    Slirp { ready: OwnedFd, api: PathBuf },
}

/// A running helper; stop it with `stop` (also done on drop).
pub struct Helper {
    child: Option<Child>,
    api: Option<PathBuf>,
}

fn pdeathsig(c: &mut Command) {
    // SAFETY: prctl is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        c.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// Starts the helper for `net` on the network namespace of `pid`. None when the mode
/// needs no helper. `dir` holds its log and pid file; `sock_dir` its API socket (short
/// paths: a unix socket path has 108 bytes at most).
pub fn start(net: &NetConfig, pid: i32, dir: &Path, sock_dir: &Path, id: &str) -> Result<Option<Pending>, String> {
    let log = dir.join("network.log");
    let log_file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let stderr = || log_file.try_clone().map(Stdio::from).map_err(|e| e.to_string());
    match &net.mode {
        NetMode::Pasta { args } => {
            let pid_file = dir.join("pasta.pid");
            let _ = std::fs::remove_file(&pid_file);
            let mut c = Command::new("pasta");
            c.args(["-f", "-q", "--config-net", "--dns-forward", super::PASTA_DNS]);
            if !args.iter().any(|a| a == "--map-gw") {
                c.arg("--no-map-gw");
            }
            let (mut tcp, mut udp) = (0, 0);
            for p in &net.ports {
                let spec = if p.host_ip == "0.0.0.0" || p.host_ip == "::" {
                    format!("{}:{}", p.host_port, p.container_port)
                } else {
                    format!("{}/{}:{}", p.host_ip, p.host_port, p.container_port)
                };
                if p.protocol == "udp" {
                    udp += 1;
                    c.arg("-u").arg(spec);
                } else {
                    tcp += 1;
                    c.arg("-t").arg(spec);
                }
            }
            let user_sets = |flags: &[&str]| args.iter().any(|a| flags.contains(&a.as_str()));
            if tcp == 0 && !user_sets(&["-t", "--tcp-ports"]) {
                c.args(["-t", "none"]);
            }
            if udp == 0 && !user_sets(&["-u", "--udp-ports"]) {
                c.args(["-u", "none"]);
            }
            if !user_sets(&["-T", "--tcp-ns"]) {
                c.args(["-T", "none"]);
            }
            if !user_sets(&["-U", "--udp-ns"]) {
                c.args(["-U", "none"]);
            }
            c.args(args.iter().filter(|a| *a != "--map-gw"));
            c.arg("--pid").arg(&pid_file).arg(pid.to_string());
            c.stdin(Stdio::null()).stdout(stderr()?).stderr(stderr()?);
            pdeathsig(&mut c);
            let child = c.spawn().map_err(|e| spawn_error("pasta", "passt", e))?;
            Ok(Some(Pending { child: Some(child), kind: Kind::Pasta { pid_file }, log, ports: Vec::new() }))
        }
        NetMode::Slirp4netns { allow_host_loopback, mtu, enable_ipv6 } => {
            let (ready_r, ready_w) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(|e| e.to_string())?;
            let api = sock_dir.join(format!("slirp-{}.sock", &id[..12.min(id.len())]));
            let _ = std::fs::remove_file(&api);
            let mut c = Command::new("slirp4netns");
            c.arg("--configure").arg(format!("--mtu={mtu}"));
            if !allow_host_loopback {
                c.arg("--disable-host-loopback");
            }
            if *enable_ipv6 {
                c.arg("--enable-ipv6");
            }
            c.arg("--ready-fd=3").arg(format!("--api-socket={}", api.display())).arg(pid.to_string()).arg("tap0");
            c.stdin(Stdio::null()).stdout(stderr()?).stderr(stderr()?);
            let w = ready_w.as_raw_fd();
            // SAFETY: dup2 and prctl are async-signal-safe.
            unsafe {
                c.pre_exec(move || {
                    if libc::dup2(w, 3) < 0 || libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) < 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
            let child = c.spawn().map_err(|e| spawn_error("slirp4netns", "slirp4netns", e))?;
            drop(ready_w);
            Ok(Some(Pending {
                child: Some(child),
                kind: Kind::Slirp { ready: ready_r, api },
                log,
                ports: net.ports.clone(),
            }))
        }
        _ => Ok(None),
    }
}

fn spawn_error(prog: &str, pkg: &str, e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        format!("{prog} is not installed (Debian package {pkg}); install it or run with --network none")
    } else {
        format!("cannot start {prog}: {e}")
    }
}

impl Pending {
    /// Waits until the helper has configured the namespace (and published the ports).
    pub fn wait_ready(mut self) -> Result<Helper, String> {
        let mut child = self.child.take().expect("a started helper");
        let r = self.wait(&mut child);
        match r {
            Ok(()) => {}
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(e);
            }
        }
        let api = match &self.kind {
            Kind::Slirp { api, .. } => Some(api.clone()),
            Kind::Pasta { .. } => None,
        };
        let helper = Helper { child: Some(child), api };
        if let Some(api) = &helper.api {
            for p in &self.ports {
                add_hostfwd(api, p)?;
            }
        }
        Ok(helper)
    }

    fn wait(&mut self, child: &mut Child) -> Result<(), String> {
        let deadline = Instant::now() + READY_TIMEOUT;
        let name = match self.kind {
            Kind::Pasta { .. } => "pasta",
            Kind::Slirp { .. } => "slirp4netns",
        };
        let failed = |child: &mut Child, log: &Path, status: Option<std::process::ExitStatus>| -> String {
            let _ = child.kill();
            let status = status.or_else(|| child.wait().ok());
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let lines: Vec<&str> = text.lines().filter(|l| !l.contains("syslog") && !l.trim().is_empty()).collect();
            let msg = lines.last().copied().unwrap_or("no message");
            format!(
                "the network helper {name} failed ({}): {msg}",
                status.map(|s| s.to_string()).unwrap_or_else(|| "timed out".into())
            )
        };
        match &self.kind {
            Kind::Pasta { pid_file } => loop {
                if std::fs::metadata(pid_file).is_ok_and(|m| m.len() > 0) {
                    break;
                }
                if let Ok(Some(st)) = child.try_wait() {
                    let msg = failed(child, &self.log, Some(st));
                    return Err(port_message(msg));
                }
                if Instant::now() > deadline {
                    return Err(failed(child, &self.log, None));
                }
                std::thread::sleep(Duration::from_micros(500));
            },
            Kind::Slirp { ready, .. } => {
                use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
                let mut fds = [PollFd::new(std::os::fd::AsFd::as_fd(ready), PollFlags::POLLIN)];
                let ms = PollTimeout::try_from(READY_TIMEOUT.as_millis() as i32).unwrap_or(PollTimeout::MAX);
                let n = poll(&mut fds, ms).unwrap_or(0);
                let mut b = [0u8; 1];
                let got = n > 0 && nix::unistd::read(ready, &mut b).unwrap_or(0) == 1;
                if !got {
                    let st = child.try_wait().ok().flatten();
                    return Err(failed(child, &self.log, st));
                }
            }
        }
        Ok(())
    }
}

/// pasta says "Failed to bind any port for '-t ...'": name the port the user asked for.
fn port_message(msg: String) -> String {
    if msg.contains("bind") {
        format!("{msg}; a published port is already in use on the host, pick another host port with -p")
    } else {
        msg
    }
}

/// Publishes a port through slirp4netns's API socket (to the container's own port).
fn add_hostfwd(api: &Path, p: &PortMapping) -> Result<(), String> {
    slirp_api(api, &serde_json::json!({
        "execute": "add_hostfwd",
        "arguments": {"proto": p.protocol, "host_addr": p.host_ip, "host_port": p.host_port, "guest_port": p.container_port}
    }))
    .map(|_| ())
    .map_err(|why| hostfwd_error(p, &why))
}

/// slirp only says "slirp_add_hostfwd failed": the usual reason is a busy port.
fn hostfwd_error(p: &PortMapping, why: &str) -> String {
    let why = if why.contains("add_hostfwd failed") { "it is already in use on the host" } else { why };
    super::port_error(p, why)
}

/// Forwards host port `p.host_port` to `guest_addr:guest_port` of slirp4netns's namespace;
/// returns slirp4netns's id for the forward.
pub fn slirp_add_hostfwd(api: &Path, p: &PortMapping, guest_addr: &str, guest_port: u16) -> Result<u64, String> {
    let v = slirp_api(
        api,
        &serde_json::json!({
            "execute": "add_hostfwd",
            "arguments": {"proto": p.protocol, "host_addr": p.host_ip, "host_port": p.host_port,
                          "guest_addr": guest_addr, "guest_port": guest_port}
        }),
    )
    .map_err(|why| hostfwd_error(p, &why))?;
    v.pointer("/return/id")
        .and_then(|i| i.as_u64())
        .ok_or_else(|| format!("slirp4netns gave no id for the forward: {v}"))
}

/// Removes a forward `slirp_add_hostfwd` made.
pub fn slirp_remove_hostfwd(api: &Path, id: u64) -> Result<(), String> {
    slirp_api(api, &serde_json::json!({"execute": "remove_hostfwd", "arguments": {"id": id}})).map(|_| ())
}

/// One request to slirp4netns's API socket; Err carries its error's description.
fn slirp_api(api: &Path, req: &serde_json::Value) -> Result<serde_json::Value, String> {
    let mut s = UnixStream::connect(api).map_err(|e| format!("slirp4netns API {}: {e}", api.display()))?;
    s.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| e.to_string())?;
    s.write_all(req.to_string().as_bytes()).map_err(|e| e.to_string())?;
    let _ = s.shutdown(std::net::Shutdown::Write);
    let mut out = String::new();
    s.read_to_string(&mut out).map_err(|e| e.to_string())?;
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    if v.get("return").is_some() {
        return Ok(v);
    }
    Err(v.pointer("/error/desc").and_then(|d| d.as_str()).unwrap_or(&out).to_string())
}

impl Helper {
    /// Sends SIGKILL without waiting: the helper's exit tears down its tap device, which
    /// takes the kernel ~20 ms; the monitor reaps it (`stop`) after telling the client.
    pub fn kill(&mut self) {
        if let Some(c) = self.child.as_mut() {
            let _ = c.kill();
        }
    }

    /// Ends the helper. It keeps no state worth a graceful exit (pasta takes its time over
    /// SIGTERM), so SIGKILL, and reaped.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        if let Some(a) = self.api.take() {
            let _ = std::fs::remove_file(a);
        }
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        // Only reached when the start failed before wait_ready took the child.
        if let Some(c) = self.child.as_mut() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}
