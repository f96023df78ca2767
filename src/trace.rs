//! `CTR_TRACE_START=FILE`: every process on a container's start path (the CLI, the
//! monitor, the container's init) appends one line per step to FILE: the CLOCK_MONOTONIC
//! time in nanoseconds, the pid and the step. benches/run-latency.sh reads them to say
//! where the time of `ctr run` goes. Unset, a step costs one check of a cell.

use std::io::Write;
use std::sync::OnceLock;

static FILE: OnceLock<Option<std::fs::File>> = OnceLock::new();

pub fn mark(step: &str) {
    let file = FILE.get_or_init(|| {
        let path = std::env::var_os("CTR_TRACE_START")?;
        std::fs::OpenOptions::new().create(true).append(true).open(path).ok()
    });
    if let Some(mut f) = file.as_ref() {
        let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: clock_gettime fills the timespec we own.
        unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut t) };
        let now = t.tv_sec as u128 * 1_000_000_000 + t.tv_nsec as u128;
        // One write per line (O_APPEND): lines of several processes never interleave.
        let _ = f.write_all(format!("{now} {} {step}\n", std::process::id()).as_bytes());
    }
}
