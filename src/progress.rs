//! Pull and push progress on stderr: a bar per blob (bytes, speed, ETA) on a terminal,
//! one plain line per finished blob otherwise, nothing with `-q`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::time::Instant;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::engine::Progress;

pub struct CliProgress {
    mode: Mode,
    verb: &'static str,
    multi: MultiProgress,
    bars: RefCell<HashMap<String, (ProgressBar, Instant, u64)>>,
}

#[derive(PartialEq, Eq)]
enum Mode {
    Bars,
    Lines,
    Quiet,
}

impl CliProgress {
    /// `verb` is "Copying" (pull) or "Pushing".
    pub fn new(quiet: bool, verb: &'static str) -> CliProgress {
        let mode = if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal() {
            Mode::Bars
        } else {
            Mode::Lines
        };
        let multi = MultiProgress::with_draw_target(if mode == Mode::Bars {
            ProgressDrawTarget::stderr_with_hz(10)
        } else {
            ProgressDrawTarget::hidden()
        });
        CliProgress { mode, verb, multi, bars: RefCell::new(HashMap::new()) }
    }

    fn line(&self, s: &str) {
        match self.mode {
            Mode::Quiet => {}
            Mode::Bars => {
                let _ = self.multi.println(s);
            }
            Mode::Lines => {
                let _ = writeln!(std::io::stderr(), "{s}");
            }
        }
    }

    fn style() -> ProgressStyle {
        ProgressStyle::with_template(
            "{prefix} {bar:30} {bytes:>10} / {total_bytes:<10} {binary_bytes_per_sec:>12} {eta:>4}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
    }
}

impl Progress for CliProgress {
    fn message(&self, msg: &str) {
        self.line(msg);
    }

    fn start(&self, digest: &str, size: u64) {
        if self.mode == Mode::Quiet {
            return;
        }
        let bar = self.multi.add(ProgressBar::new(size));
        bar.set_style(Self::style());
        bar.set_prefix(format!("{} blob {}", self.verb, crate::engine::local::short_digest(digest)));
        self.bars.borrow_mut().insert(digest.to_string(), (bar, Instant::now(), size));
    }

    fn advance(&self, digest: &str, n: u64) {
        if let Some((bar, _, _)) = self.bars.borrow().get(digest) {
            bar.inc(n);
        }
    }

    fn done(&self, digest: &str, status: &str) {
        let short = crate::engine::local::short_digest(digest);
        let entry = self.bars.borrow_mut().remove(digest);
        let text = match &entry {
            Some((_, t, size)) => format!(
                "{} blob {short} {}: {} in {:.1}s",
                self.verb,
                status.to_lowercase(),
                crate::timefmt::human_size(*size),
                t.elapsed().as_secs_f64()
            ),
            None => format!("{} blob {short} skipped: {}", self.verb, status.to_lowercase()),
        };
        if let Some((bar, _, _)) = entry {
            bar.finish_and_clear();
            self.multi.remove(&bar);
        }
        self.line(&text);
    }
}
