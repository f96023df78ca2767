//! One function per verb: flags -> engine call -> Printer.

pub mod image;

use std::ffi::OsString;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, Command, ImageCommand};
use crate::engine::local::LocalEngine;
use crate::output::Printer;

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    let root = cli.root.clone().unwrap_or_else(crate::paths::default_root);
    let engine = || LocalEngine::open(&root);
    let mut p = Printer::new();
    match cli.command {
        Command::Version => {
            p.line(format!("Version:      {}", env!("CARGO_PKG_VERSION")))?;
            p.line(format!(
                "OS/Arch:      linux/{}",
                crate::image::config::host_platform().architecture
            ))?;
            Ok(0)
        }
        Command::Completion(a) => {
            let mut out = std::io::stdout();
            clap_complete::generate(a.shell, &mut Cli::command(), "ctr", &mut out);
            Ok(0)
        }
        Command::Unshare(a) => Ok(engine()?.unshare(&a.command)?),
        Command::Images(a) | Command::Image(ImageCommand::Ls(a)) => {
            image::list(&engine()?, &mut p, a)
        }
        Command::Inspect(a) | Command::Image(ImageCommand::Inspect(a)) => {
            image::inspect(&engine()?, &mut p, a)
        }
        Command::Rmi(a) | Command::Image(ImageCommand::Rm(a)) => {
            image::remove(&mut engine()?, &mut p, a)
        }
        Command::Image(ImageCommand::Prune(a)) => image::prune(&mut engine()?, &mut p, a),
        Command::Tag(a) | Command::Image(ImageCommand::Tag(a)) => {
            engine()?.tag(&a.source, &a.targets)?;
            Ok(0)
        }
        Command::Load(a) | Command::Image(ImageCommand::Load(a)) => {
            image::load(&mut engine()?, &mut p, a)
        }
        Command::Save(a) | Command::Image(ImageCommand::Save(a)) => image::save(&engine()?, a),
        Command::Import(a) | Command::Image(ImageCommand::Import(a)) => {
            image::import(&mut engine()?, &mut p, a)
        }
    }
}

/// `ctr __userns KIND JOB ARGS...`: the helper side of a user namespace (see runtime::userns).
pub fn userns_helper(args: &[OsString]) -> i32 {
    let kind = args.first().and_then(|a| a.to_str()).unwrap_or("user");
    if let Err(e) = crate::runtime::userns::enter(kind) {
        crate::output::status(&format!("ctr: {e}"));
        return 125;
    }
    match args.get(1).and_then(|a| a.to_str()) {
        Some("unpack") => crate::storage::layers::helper_unpack(),
        Some("rm") => crate::storage::layers::helper_rm(&args[2..]),
        Some("exec") => exec(&args[2..]),
        _ => 125,
    }
}

fn exec(cmd: &[OsString]) -> i32 {
    use std::os::unix::process::CommandExt;
    let (prog, rest) = match cmd.split_first() {
        Some((p, r)) => (p.clone(), r),
        None => (
            std::env::var_os("SHELL").unwrap_or_else(|| "/bin/sh".into()),
            &[][..],
        ),
    };
    let err = std::process::Command::new(&prog).args(rest).exec();
    crate::output::status(&format!(
        "ctr: cannot run {}: {err}",
        prog.to_string_lossy()
    ));
    if err.kind() == std::io::ErrorKind::NotFound {
        127
    } else {
        126
    }
}
