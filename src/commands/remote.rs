//! What a remote engine (`ctr -H URI`, CONTAINER_HOST, DOCKER_HOST) does not serve: every
//! other verb is written once against the engine interface (`commands::with_engine`).

use anyhow::{Result, bail};

use crate::cli::Command;

fn command_name(c: &Command) -> String {
    format!("{c:?}").split(['(', ' ']).next().unwrap_or("this command").to_lowercase()
}

/// The one line a verb the remote engine cannot do answers with.
pub fn refuse(command: Command) -> Result<i32> {
    let why = match &command {
        Command::Build(_) | Command::Image(crate::cli::ImageCommand::Build(_)) => {
            "not through a remote engine yet (build it where the engine is, or without -H)"
        }
        Command::Start(a) if a.all => "--all picks containers by the local store's records; name them instead",
        _ => "it works on this host's own store and processes, not an engine's",
    };
    bail!("{}: not available through a remote engine (-H / CONTAINER_HOST): {why}", command_name(&command))
}
