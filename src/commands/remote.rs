//! What a remote engine (`ctr -H URI`, CONTAINER_HOST, DOCKER_HOST) does not serve: every
//! other verb is written once against the engine interface (`commands::with_engine`).

use anyhow::{Result, bail};

use crate::cli::Command;

fn command_name(c: &Command) -> String {
    format!("{c:?}").split(['(', ' ']).next().unwrap_or("this command").to_lowercase()
}

/// The one line a verb the remote engine cannot do answers with (unshare, generate,
/// quadlet, healthcheck run: they work on this host's own store and processes).
pub fn refuse(command: Command) -> Result<i32> {
    bail!(
        "{}: not available through a remote engine (-H / CONTAINER_HOST): it works on this host's own store and processes, not an engine's",
        command_name(&command)
    )
}
