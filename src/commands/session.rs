//! The foreground of `ctr run`, `start -a`, `attach` and `exec`, whichever engine serves:
//! the container's output here, our stdin there (-i) with the detach keys watched, our
//! signals and window size forwarded, the terminal raw for -t; the exit code at the end.

use std::io::{IsTerminal, Read, Write};

use anyhow::{Result, bail};

use crate::engine::interface::{Session, SessionEvent, StdioConfig};

/// Drives `s` to its end; returns the exit code (0 when detached by the keys).
/// `signals`: forward ours to the container (not for an exec, which the API cannot signal).
/// `on_started`: called once the container's process runs.
pub fn drive(
    s: &mut dyn Session,
    stdio: StdioConfig,
    keys: &[u8],
    signals: bool,
    on_started: &mut dyn FnMut(),
) -> Result<i32> {
    use nix::sys::signal::{SigSet, SigmaskHow, Signal, sigprocmask};
    // Signals to a foreground `ctr run` go to the container (threads below inherit the mask).
    let mut set = SigSet::empty();
    if signals {
        for sig in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP, Signal::SIGQUIT, Signal::SIGUSR1, Signal::SIGUSR2]
        {
            set.add(sig);
        }
    }
    if stdio.tty {
        set.add(Signal::SIGWINCH);
    }
    sigprocmask(SigmaskHow::SIG_BLOCK, Some(&set), None)?;
    let raw = if stdio.tty && std::io::stdin().is_terminal() {
        super::container::RawMode::enter()?
    } else {
        super::container::RawMode::none()
    };
    if stdio.tty
        && let Some((rows, cols)) = super::container::console_size()
    {
        let _ = s.input()?.resize(rows, cols);
    }
    if signals || stdio.tty {
        let mut input = s.input()?;
        std::thread::spawn(move || {
            while let Ok(sig) = set.wait() {
                let r = if sig == Signal::SIGWINCH {
                    match super::container::console_size() {
                        Some((rows, cols)) => input.resize(rows, cols),
                        None => Ok(()),
                    }
                } else {
                    input.signal(sig as i32)
                };
                if r.is_err() {
                    break;
                }
            }
        });
    }
    // The detach keys end the session and leave the container running (exit 0, as
    // docker's CLI).
    let detached = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    if stdio.open_stdin {
        let mut input = s.input()?;
        let keys_bytes = keys.to_vec();
        let mut keys = crate::engine::detach::Matcher::new(keys.to_vec());
        let detached = detached.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 32 * 1024];
            let mut stdin = std::io::stdin().lock();
            loop {
                match stdin.read(&mut buf) {
                    Ok(0) | Err(_) => {
                        input.close_stdin();
                        break;
                    }
                    Ok(n) => {
                        let (data, detach) = keys.feed(&buf[..n]);
                        if !data.is_empty() && input.stdin(&data).is_err() {
                            break;
                        }
                        if detach {
                            detached.store(true, std::sync::atomic::Ordering::SeqCst);
                            input.detach(&keys_bytes);
                            break;
                        }
                    }
                }
            }
        });
    }
    let is_detached = || detached.load(std::sync::atomic::Ordering::SeqCst);
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    loop {
        let event = match s.next_event() {
            Err(_) if is_detached() => None,
            Err(e) => {
                drop(raw);
                return Err(e.into());
            }
            Ok(ev) => ev,
        };
        match event {
            Some(SessionEvent::Started) => on_started(),
            Some(SessionEvent::Stdout(d)) => {
                out.write_all(&d)?;
                out.flush()?;
            }
            Some(SessionEvent::Stderr(d)) => {
                err.write_all(&d)?;
                err.flush()?;
            }
            Some(SessionEvent::Exit(code)) => {
                drop(raw);
                return Ok(code);
            }
            None if is_detached() => {
                drop(raw);
                return Ok(0);
            }
            None => {
                drop(raw);
                bail!("lost the connection to the container");
            }
        }
    }
}
