//! `ctr exec`: joins a running container's namespaces (user first: we own it, so we may
//! join the rest) and runs a process there as the container's spec says, with overrides.
//! Runs as `ctr __exec REQUEST`, a fresh single-threaded process, since setns(user)
//! refuses threaded callers.

use std::os::fd::OwnedFd;
use std::path::PathBuf;

use nix::sched::CloneFlags;
use serde::{Deserialize, Serialize};

use super::init;

#[derive(Debug, Serialize, Deserialize)]
pub struct ExecRequest {
    pub pid: i32,
    pub bundle: PathBuf,
    pub args: Vec<String>,
    pub env: Vec<String>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub tty: bool,
}

fn err(msg: String) -> i32 {
    crate::output::status(&format!("Error: {msg}"));
    125
}

/// Entry point of `ctr __exec`; returns the process's exit code.
pub fn main(arg: &str) -> i32 {
    let req: ExecRequest = match serde_json::from_str(arg) {
        Ok(r) => r,
        Err(e) => return err(format!("bad exec request: {e}")),
    };
    let spec = match crate::monitor::read_spec(&req.bundle) {
        Ok(s) => s,
        Err(e) => return err(format!("cannot read the container's config.json: {e}")),
    };
    let mut spec = spec;
    // Open every namespace before joining any (joining the mount ns changes /proc's view).
    let kinds = [
        ("user", CloneFlags::CLONE_NEWUSER),
        ("mnt", CloneFlags::CLONE_NEWNS),
        ("ipc", CloneFlags::CLONE_NEWIPC),
        ("uts", CloneFlags::CLONE_NEWUTS),
        ("net", CloneFlags::CLONE_NEWNET),
        ("cgroup", CloneFlags::CLONE_NEWCGROUP),
        ("pid", CloneFlags::CLONE_NEWPID),
    ];
    let mut fds: Vec<(OwnedFd, CloneFlags)> = Vec::new();
    for (name, flag) in kinds {
        let theirs = format!("/proc/{}/ns/{name}", req.pid);
        let same = std::fs::read_link(&theirs).ok() == std::fs::read_link(format!("/proc/self/ns/{name}")).ok();
        if same {
            continue;
        }
        match std::fs::File::open(&theirs) {
            Ok(f) => fds.push((OwnedFd::from(f), flag)),
            Err(e) => return err(format!("cannot open {theirs}: {e}; is the container still running?")),
        }
    }
    for (fd, flag) in &fds {
        if let Err(e) = nix::sched::setns(fd, *flag) {
            return err(format!("cannot join the container's {flag:?} namespace: {e}"));
        }
    }
    drop(fds);
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
    // The pid namespace applies to children: fork, and wait for the child.
    // SAFETY: single-threaded process (fresh exec).
    match unsafe { nix::unistd::fork() } {
        Err(e) => err(format!("fork: {e}")),
        Ok(nix::unistd::ForkResult::Child) => {
            // SAFETY: resetting a signal disposition in a single-threaded child.
            unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
            let code = match init::exec_process(&spec, None, false) {
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
            // Signals to `ctr exec` are for the process inside.
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
