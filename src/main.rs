//! The `ctr` binary: parse flags, run the command, map errors to podman's exit codes.

use std::ffi::OsString;
use std::process::ExitCode;

/// podman's codes: 125 when ctr itself fails.
const EXIT_ENGINE: u8 = 125;

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    ctr::trace::mark("main");
    let args: Vec<OsString> = std::env::args_os().collect();
    // The user namespace helper must run before anything could start a thread.
    match args.get(1).and_then(|a| a.to_str()) {
        Some("__userns") => return ExitCode::from(ctr::commands::userns_helper(&args[2..]).clamp(0, 255) as u8),
        Some("__monitor") => return ExitCode::from(ctr::monitor::main(&args[2..]).clamp(0, 255) as u8),
        Some("__runtime") => return ExitCode::from(ctr::monitor::runtime_helper(&args[2..], true).clamp(0, 255) as u8),
        Some(ctr::network::bridge::HELPER_ARG) => {
            let job = args.get(2).and_then(|a| a.to_str());
            return ExitCode::from(ctr::network::bridge::helper_main(job).clamp(0, 255) as u8);
        }
        Some(ctr::network::bridge::HOLDER_ARG) => {
            let Some(dir) = args.get(2) else { return ExitCode::from(EXIT_ENGINE) };
            return ExitCode::from(ctr::network::bridge::holder_main(std::path::Path::new(dir)).clamp(0, 255) as u8);
        }
        Some("__cp") => {
            let req = args.get(2).and_then(|a| a.to_str()).unwrap_or("");
            return ExitCode::from(ctr::runtime::cp::main(req).clamp(0, 255) as u8);
        }
        Some("__probe-storage") => {
            let Some(dir) = args.get(2) else { return ExitCode::from(EXIT_ENGINE) };
            return ExitCode::from(ctr::storage::driver::probe_main(std::path::Path::new(dir)).clamp(0, 255) as u8);
        }
        Some("__exec") => {
            let req = args.get(2).and_then(|a| a.to_str()).unwrap_or("");
            return ExitCode::from(ctr::runtime::exec::main(req).clamp(0, 255) as u8);
        }
        _ => {}
    }
    // Installed as a systemd generator (a symlink to ctr): `ctr quadlet [--user] DIRS`.
    let mut args = args;
    let called = std::path::Path::new(&args[0]).file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
    if called == "ctr-user-generator" || called == "ctr-system-generator" {
        let mut a: Vec<OsString> = vec!["ctr".into(), "quadlet".into()];
        if called == "ctr-user-generator" {
            a.push("--user".into());
        }
        a.extend(args.drain(1..));
        args = a;
    }
    let cli = match ctr::cli::Cli::parse_args(&args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ENGINE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    ctr::trace::mark("cli: flags parsed");
    match ctr::commands::run(cli) {
        Ok(code) => {
            ctr::trace::mark("cli: exit");
            ExitCode::from(code.clamp(0, 255) as u8)
        }
        Err(e) => {
            // The message was printed where it happened; exit with the code it asked for.
            if let Some(ctr::commands::container::ExitWith(code)) = e.downcast_ref() {
                return ExitCode::from((*code).clamp(0, 255) as u8);
            }
            if let Some(ee) = e.downcast_ref::<ctr::engine::EngineError>()
                && let Some(code) = ee.exit_code
            {
                eprintln!("Error: {}", ee.message);
                return ExitCode::from(code.clamp(0, 255) as u8);
            }
            // A closed pipe (`ctr images | head`) is not a failure.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let mut msg = format!("{e}");
            for cause in e.chain().skip(1) {
                let c = cause.to_string();
                if !msg.contains(&c) {
                    msg.push_str(&format!(": {c}"));
                }
            }
            eprintln!("Error: {msg}");
            ExitCode::from(EXIT_ENGINE)
        }
    }
}
