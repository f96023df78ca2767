//! `ctr exec`: joins a running container's namespaces (user first: we own it, so we may
//! join the rest) and runs a process there as the container's spec says, with overrides.
//! Runs as `ctr __exec REQUEST`, a fresh single-threaded process, since setns(user)
//! refuses threaded callers.

use std::os::fd::{AsFd, OwnedFd};
use std::path::PathBuf;

use nix::sched::CloneFlags;
use serde::{Deserialize, Serialize};

use super::init;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExecRequest {
    pub pid: i32,
    pub bundle: PathBuf,
    pub args: Vec<String>,
    pub env: Vec<String>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub tty: bool,
}

/// Every namespace a container has, the user namespace first (joining it gives us the
/// right to join the others).
pub const ALL_NAMESPACES: &[(&str, CloneFlags)] = &[
    ("user", CloneFlags::CLONE_NEWUSER),
    ("mnt", CloneFlags::CLONE_NEWNS),
    ("ipc", CloneFlags::CLONE_NEWIPC),
    ("uts", CloneFlags::CLONE_NEWUTS),
    ("net", CloneFlags::CLONE_NEWNET),
    ("cgroup", CloneFlags::CLONE_NEWCGROUP),
    ("pid", CloneFlags::CLONE_NEWPID),
];

/// Joins the namespaces of `pid` that differ from ours. All are opened before any is
/// joined (joining the mount namespace changes what /proc shows). After the mount
/// namespace, our root and cwd are the container's root.
pub fn join_namespaces(pid: i32, kinds: &[(&str, CloneFlags)]) -> Result<(), String> {
    let mut fds: Vec<(OwnedFd, CloneFlags, &str)> = Vec::new();
    for (name, flag) in kinds {
        let theirs = format!("/proc/{pid}/ns/{name}");
        if std::fs::read_link(&theirs).ok() == std::fs::read_link(format!("/proc/self/ns/{name}")).ok() {
            continue;
        }
        let f = std::fs::File::open(&theirs)
            .map_err(|e| format!("cannot open {theirs}: {e}; is the container still running?"))?;
        fds.push((OwnedFd::from(f), *flag, name));
    }
    for (fd, flag, name) in &fds {
        nix::sched::setns(fd, *flag).map_err(|e| format!("cannot join the container's {name} namespace: {e}"))?;
    }
    Ok(())
}

fn err(msg: String) -> i32 {
    crate::output::status(&format!("Error: {msg}"));
    125
}

/// Entry point of `ctr __exec`; returns the process's exit code.
pub fn main(arg: &str) -> i32 {
    // The resize pipe is ours (the relay's), not the container process's.
    if let Some(fd) = std::env::var(RESIZE_FD_ENV).ok().and_then(|v| v.parse::<i32>().ok()) {
        // SAFETY: fcntl on an fd number; harmless if it is not open.
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    let req: ExecRequest = match serde_json::from_str(arg) {
        Ok(r) => r,
        Err(e) => return err(format!("bad exec request: {e}")),
    };
    let spec = match crate::monitor::read_spec(&req.bundle) {
        Ok(s) => s,
        Err(e) => return err(format!("cannot read the container's config.json: {e}")),
    };
    let mut spec = spec;
    // The container's seccomp program applies to what is exec'd in it too; read before
    // joining its mount namespace (the bundle is on the host's side).
    let seccomp = match init::read_seccomp(&spec) {
        Ok(s) => s,
        Err(e) => return err(e.message),
    };
    if let Err(e) = join_namespaces(req.pid, ALL_NAMESPACES) {
        return err(e);
    }
    if let Some(p) = spec.process_mut() {
        p.set_args(Some(req.args.clone()));
        let mut env = p.env().clone().unwrap_or_default();
        for e in &req.env {
            let key = e.split('=').next().unwrap_or("");
            env.retain(|x| x.split('=').next() != Some(key));
            env.push(e.clone());
        }
        if req.tty && !env.iter().any(|e| e.starts_with("TERM=")) {
            env.push("TERM=xterm".into());
        }
        p.set_env(Some(env));
        if let Some(w) = &req.workdir {
            p.set_cwd(PathBuf::from(w));
        }
        if req.user.is_some() {
            let mut user = p.user().clone();
            user.set_uid(0);
            user.set_gid(0);
            p.set_user(user);
        }
    }
    if let Some(u) = &req.user {
        let mut ann = spec.annotations().clone().unwrap_or_default();
        ann.insert(init::ANN_USER.to_string(), u.clone());
        spec.set_annotations(Some(ann));
    }
    // -t: a pty of the container's own devpts (we are in its mount namespace now).
    let pty = if req.tty {
        match open_pty() {
            Ok(p) => Some(p),
            Err(e) => return err(format!("cannot allocate a terminal in the container: {e}")),
        }
    } else {
        None
    };
    // Through the API, the client's terminal size comes in a resize request right after
    // the start (API 1.41 has no ConsoleSize): a command that asks at once (`stty size`)
    // must see it, so it is awaited, a little, while the terminal has no size.
    if let Some((master, _)) = &pty {
        apply_waiting_resize(master, FIRST_RESIZE_WAIT_MS);
    }
    // The pid namespace applies to children: fork, and wait for the child.
    // SAFETY: single-threaded process (fresh exec).
    match unsafe { nix::unistd::fork() } {
        Err(e) => err(format!("fork: {e}")),
        Ok(nix::unistd::ForkResult::Child) => {
            // SAFETY: resetting a signal disposition in a single-threaded child.
            unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
            if let Some((_, slave)) = &pty {
                let _ = nix::unistd::setsid();
                for i in 0..3 {
                    // SAFETY: dup2 of a valid fd onto 0..2.
                    unsafe { libc::dup2(std::os::fd::AsRawFd::as_raw_fd(slave), i) };
                }
                // SAFETY: fd 0 is the pty slave; make it our controlling terminal.
                unsafe { libc::ioctl(0, libc::TIOCSCTTY, 0) };
            }
            drop(pty);
            let code = match init::exec_process(&spec, None, false, seccomp.as_ref()) {
                Ok(()) => 0,
                Err(e) => {
                    crate::output::status(&format!("Error: {}", e.message));
                    e.code
                }
            };
            // SAFETY: leaving the forked child without running atexit handlers.
            unsafe { libc::_exit(code) }
        }
        Ok(nix::unistd::ForkResult::Parent { child }) => {
            if let Some((master, slave)) = pty {
                drop(slave);
                relay(&master);
            }
            loop {
                match nix::sys::wait::waitpid(child, None) {
                    Ok(nix::sys::wait::WaitStatus::Exited(_, c)) => return c,
                    Ok(nix::sys::wait::WaitStatus::Signaled(_, s, _)) => return 128 + s as i32,
                    Ok(_) => continue,
                    Err(nix::errno::Errno::EINTR) => continue,
                    Err(e) => return err(format!("wait: {e}")),
                }
            }
        }
    }
}

fn open_pty() -> nix::Result<(OwnedFd, OwnedFd)> {
    use nix::fcntl::OFlag;
    let master = nix::pty::posix_openpt(OFlag::O_RDWR | OFlag::O_NOCTTY | OFlag::O_CLOEXEC)?;
    nix::pty::grantpt(&master)?;
    nix::pty::unlockpt(&master)?;
    let name = nix::pty::ptsname_r(&master)?;
    let slave = nix::fcntl::open(
        name.as_str(),
        OFlag::O_RDWR | OFlag::O_NOCTTY | OFlag::O_CLOEXEC,
        nix::sys::stat::Mode::empty(),
    )?;
    // The terminal's size follows ours.
    let mut ws = libc::winsize { ws_row: 0, ws_col: 0, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: TIOCGWINSZ/TIOCSWINSZ with a winsize we own.
    unsafe {
        if libc::ioctl(1, libc::TIOCGWINSZ, &mut ws) == 0 {
            libc::ioctl(std::os::fd::AsRawFd::as_raw_fd(&master), libc::TIOCSWINSZ, &ws);
        }
    }
    let master = OwnedFd::from(master);
    Ok((master, slave))
}

/// How long an API exec with a terminal of no size waits for the client's first resize.
const FIRST_RESIZE_WAIT_MS: i32 = 200;

/// Sets the pty's size from the resize pipe: what is waiting there, or, while the pty has
/// no size, what comes within `wait_ms`; `relay` reads what comes later.
fn apply_waiting_resize(master: &OwnedFd, wait_ms: i32) {
    let Some(fd) = std::env::var(RESIZE_FD_ENV).ok().and_then(|v| v.parse::<i32>().ok()) else { return };
    let mut cur = libc::winsize { ws_row: 0, ws_col: 0, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: TIOCGWINSZ on the pty master we own, into a winsize we own.
    let sized = unsafe { libc::ioctl(std::os::fd::AsRawFd::as_raw_fd(master), libc::TIOCGWINSZ, &mut cur) } == 0
        && cur.ws_row > 0
        && cur.ws_col > 0;
    let timeout = if sized { 0 } else { wait_ms };
    let mut pfd = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    let mut ws = [0u8; 4];
    // SAFETY: poll and read on the pipe the service passed us, into a buffer we own; the
    // pipe stays open (relay takes it later).
    let got = unsafe {
        libc::poll(&mut pfd, 1, timeout) == 1
            && pfd.revents & libc::POLLIN != 0
            && libc::read(fd, ws.as_mut_ptr().cast(), ws.len()) == ws.len() as isize
    };
    if got {
        set_size(master, ws);
    }
}

/// Sets the pty's size from a resize message: rows, cols as u16 big-endian.
fn set_size(master: &OwnedFd, ws: [u8; 4]) {
    let w = libc::winsize {
        ws_row: u16::from_be_bytes([ws[0], ws[1]]),
        ws_col: u16::from_be_bytes([ws[2], ws[3]]),
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCSWINSZ on the pty master we own, with a winsize we own.
    unsafe { libc::ioctl(std::os::fd::AsRawFd::as_raw_fd(master), libc::TIOCSWINSZ, &w) };
}

/// The environment variable naming the fd `relay` reads terminal sizes from.
pub const RESIZE_FD_ENV: &str = "CTR_EXEC_RESIZE_FD";

/// Copies our stdin to the pty and the pty to our stdout until the pty closes; our own
/// terminal (if any) is raw meanwhile.
fn relay(master: &OwnedFd) {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::io::{Read, Write};
    let raw = nix::sys::termios::tcgetattr(std::io::stdin()).ok();
    if let Some(orig) = &raw {
        let mut r = orig.clone();
        nix::sys::termios::cfmakeraw(&mut r);
        let _ = nix::sys::termios::tcsetattr(std::io::stdin(), nix::sys::termios::SetArg::TCSANOW, &r);
    }
    let mut m = std::fs::File::from(master.try_clone().expect("dup pty master"));
    let mut buf = [0u8; 16 * 1024];
    let mut stdin_open = true;
    // The API service's resize requests: (rows, cols) as 2+2 bytes big-endian on this fd.
    let mut resize: Option<std::fs::File> = std::env::var(RESIZE_FD_ENV)
        .ok()
        .and_then(|v| v.parse::<i32>().ok())
        // SAFETY: the service passed us this pipe's read end and nothing else owns it.
        .map(|fd| unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(fd) });
    loop {
        let stdin = std::io::stdin();
        let mut fds = vec![PollFd::new(master.as_fd(), PollFlags::POLLIN)];
        if stdin_open {
            fds.push(PollFd::new(stdin.as_fd(), PollFlags::POLLIN));
        }
        let resize_at = fds.len();
        if let Some(r) = &resize {
            fds.push(PollFd::new(r.as_fd(), PollFlags::POLLIN));
        }
        if poll(&mut fds, PollTimeout::NONE).is_err() {
            continue;
        }
        let m_ready = fds[0].revents().is_some_and(|r| !r.is_empty());
        let in_ready = stdin_open && fds.get(1).and_then(|f| f.revents()).is_some_and(|r| !r.is_empty());
        let resize_ready =
            resize.is_some() && fds.get(resize_at).and_then(|f| f.revents()).is_some_and(|r| !r.is_empty());
        drop(fds);
        if resize_ready && let Some(r) = resize.as_mut() {
            let mut ws = [0u8; 4];
            if r.read_exact(&mut ws).is_ok() {
                set_size(master, ws);
            } else {
                resize = None;
            }
        }
        if m_ready {
            match m.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let mut out = std::io::stdout().lock();
                    let _ = out.write_all(&buf[..n]);
                    let _ = out.flush();
                }
            }
        }
        if in_ready {
            match std::io::stdin().lock().read(&mut buf) {
                Ok(0) | Err(_) => stdin_open = false,
                Ok(n) => {
                    let _ = m.write_all(&buf[..n]);
                }
            }
        }
    }
    if let Some(orig) = &raw {
        let _ = nix::sys::termios::tcsetattr(std::io::stdin(), nix::sys::termios::SetArg::TCSANOW, orig);
    }
}
