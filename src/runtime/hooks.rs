//! OCI hooks (runtime spec `hooks`): programs run at points of a container's start and
//! stop, given the container's state (JSON) on stdin. ctr's containers get them from CDI
//! specs (`containerEdits.hooks`). Who runs which: the monitor runs prestart and
//! createRuntime (namespaces made, nothing mounted yet), poststart and poststop; the init
//! runs createContainer (its mounts made, before pivot_root: paths of the host) and
//! startContainer (after pivot_root, before the process: paths of the container). A
//! failing hook before the start fails the start (125); after it, it is a warning.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use oci_spec::runtime::{Hook, Spec};

/// The bundle file the monitor leaves the state in for the hooks the init runs.
pub const STATE_FILE: &str = "hook-state.json";

/// The stages, in the runtime spec's words.
pub const STAGES: &[&str] =
    &["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"];

/// A spec's hooks of `stage`.
pub fn of(spec: &Spec, stage: &str) -> Vec<Hook> {
    let Some(h) = spec.hooks() else { return Vec::new() };
    #[allow(deprecated)]
    let list = match stage {
        "prestart" => h.prestart(),
        "createRuntime" => h.create_runtime(),
        "createContainer" => h.create_container(),
        "startContainer" => h.start_container(),
        "poststart" => h.poststart(),
        "poststop" => h.poststop(),
        _ => &None,
    };
    list.clone().unwrap_or_default()
}

/// The state a hook reads on stdin.
pub fn state(id: &str, status: &str, pid: i32, bundle: &std::path::Path, spec: &Spec) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "ociVersion": spec.version(),
        "id": id,
        "status": status,
        "pid": pid,
        "bundle": bundle,
        "annotations": spec.annotations().clone().unwrap_or_default(),
    }))
    .unwrap_or_default()
}

/// Runs `hooks` one after the other; the first that fails (exits non-zero, cannot be
/// started, outlives its timeout) ends it, named with what it wrote to stderr.
pub fn run(hooks: &[Hook], stage: &str, state: &[u8]) -> Result<(), String> {
    for h in hooks {
        run_one(h, state).map_err(|e| format!("the {stage} hook {}: {e}", h.path().display()))?;
    }
    Ok(())
}

fn run_one(h: &Hook, state: &[u8]) -> Result<(), String> {
    let args = h.args().clone().unwrap_or_default();
    let mut cmd = Command::new(h.path());
    if let Some((arg0, rest)) = args.split_first() {
        cmd.arg0(arg0).args(rest);
    }
    cmd.env_clear();
    for e in h.env().as_deref().unwrap_or_default() {
        if let Some((k, v)) = e.split_once('=') {
            cmd.env(k, v);
        }
    }
    cmd.stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("cannot start it: {e}"))?;
    // A hook that does not read its state must not block us: written then closed.
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(state);
    }
    let deadline = h.timeout().map(|t| Instant::now() + Duration::from_secs(t.max(1) as u64));
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if deadline.is_some_and(|d| Instant::now() > d) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after its timeout of {} s; killed", h.timeout().unwrap_or(0)));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    if status.success() {
        return Ok(());
    }
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    let err = err.trim();
    Err(format!("failed ({status}){}", if err.is_empty() { String::new() } else { format!(": {err}") }))
}
