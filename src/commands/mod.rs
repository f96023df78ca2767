//! One function per verb: flags -> engine call -> Printer.

pub mod build;
pub mod container;
pub mod generate;
pub mod image;
pub mod kube;
pub mod network;
pub mod pod;
pub mod registry;
pub mod remote;
pub mod session;
pub mod system;
pub mod volume;

use std::ffi::OsString;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, Command, ContainerCommand, ImageCommand};
use crate::engine::local::LocalEngine;
use crate::output::Printer;

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    // A remote engine: -H, CONTAINER_HOST, DOCKER_HOST (the service itself and dial-stdio
    // are always local, and so are login and logout: credentials are the client's, sent
    // with each pull or push, as the docker CLI keeps them).
    let local_only = matches!(
        cli.command,
        Command::System(crate::cli::SystemCommand::Service(_))
            | Command::System(crate::cli::SystemCommand::DialStdio)
            | Command::Login(_)
            | Command::Logout(_)
    );
    let tls = crate::engine::remote::TlsOptions {
        verify: cli.global.tlsverify,
        ca: cli.global.tlscacert.clone(),
        cert: cli.global.tlscert.clone(),
        key: cli.global.tlskey.clone(),
    };
    if let Some(h) = cli.global.host.clone().or_else(|| std::env::var("DOCKER_HOST").ok()).filter(|h| !h.is_empty())
        && !local_only
    {
        let mut e = crate::engine::remote_engine::RemoteEngine::new(crate::engine::remote::Client::with_tls(&h, &tls)?);
        return with_engine(&mut e, &mut Printer::new(), cli.command, cli.global.runtime.as_deref());
    }
    crate::storage::driver::set_requested(cli.global.storage_driver.as_deref()).map_err(anyhow::Error::msg)?;
    let root = cli.global.root.clone().unwrap_or_else(crate::paths::default_root);
    let runroot = cli.global.runroot.clone().unwrap_or_else(crate::paths::default_runroot);
    let engine = || LocalEngine::open(&root, &runroot);
    let mut p = Printer::new();
    match cli.command {
        Command::Completion(a) => {
            let mut out = std::io::stdout();
            clap_complete::generate(a.shell, &mut Cli::command(), "ctr", &mut out);
            Ok(0)
        }
        Command::Login(a) => registry::login(&mut p, a),
        Command::Logout(a) => registry::logout(&mut p, a),
        Command::System(crate::cli::SystemCommand::Check) => system::check(&mut p, &root, &runroot),
        Command::System(crate::cli::SystemCommand::DialStdio) => crate::api::dial_stdio(&runroot, &root),
        Command::System(crate::cli::SystemCommand::Service(a)) => crate::api::serve(crate::api::ServiceOptions {
            uri: a.uri,
            idle: std::time::Duration::from_secs(a.time),
            tls: match (tls.ca, tls.cert, tls.key) {
                (Some(ca), Some(cert), Some(key)) => Some(crate::api::TlsFiles { ca, cert, key }),
                (None, None, None) => None,
                _ => anyhow::bail!("serving TLS needs all three of --tlscacert, --tlscert and --tlskey"),
            },
            insecure_tcp: a.insecure_tcp,
            root: root.clone(),
            runroot: runroot.clone(),
        }),
        Command::Unshare(a) => Ok(engine()?.unshare(&a.command)?),
        Command::Pod(c) => pod::pod(&mut engine()?, &mut p, c),
        Command::Kube(c) => kube::kube(&mut engine()?, &mut p, c),
        Command::Quadlet(a) => generate::quadlet(&mut p, a),
        Command::Generate(crate::cli::GenerateCommand::Quadlet(a)) => generate::container(&mut engine()?, &mut p, a),
        Command::Healthcheck(crate::cli::HealthcheckCommand::Run(a)) => {
            container::healthcheck_run(&mut engine()?, &mut p, a)
        }
        Command::Run(a) | Command::Container(ContainerCommand::Run(a)) => {
            // The monitor loads while the store opens and the container is made.
            let ahead = crate::monitor::spawn_ahead(&root, &runroot).ok();
            container::run(&mut engine()?.with_monitor_ahead(ahead), &mut p, a, cli.global.runtime.as_deref())
        }
        // The verbs written against the engine interface.
        verb => with_engine(&mut engine()?, &mut p, verb, cli.global.runtime.as_deref()),
    }
}

/// Runs a verb written once against the engine interface on `e`, local or remote. The
/// local dispatch in `run` handles every other command first, so the last arm is what a
/// remote engine answers to a verb it cannot serve.
fn with_engine(
    e: &mut dyn crate::engine::Engine,
    p: &mut Printer,
    command: Command,
    runtime: Option<&std::path::Path>,
) -> Result<i32> {
    use ContainerCommand as C;
    use ImageCommand as I;
    match command {
        Command::Port(a) | Command::Container(C::Port(a)) => container::port(e, p, a),
        Command::Update(a) => container::update(e, p, a),
        Command::Container(C::Inspect(a)) => {
            let mut out = Vec::new();
            for k in &a.images {
                out.push(e.container_inspect(k)?);
            }
            print_inspect(p, a.format.as_deref(), &out)
        }
        Command::Stop(a) | Command::Container(C::Stop(a)) => container::stop(e, p, a),
        Command::Restart(a) | Command::Container(C::Restart(a)) => container::restart(e, p, a),
        Command::Kill(a) | Command::Container(C::Kill(a)) => container::kill(e, p, a),
        Command::Pause(a) | Command::Container(C::Pause(a)) => container::pause(e, p, a, true),
        Command::Unpause(a) | Command::Container(C::Unpause(a)) => container::pause(e, p, a, false),
        Command::Rm(a) | Command::Container(C::Rm(a)) => container::rm(e, p, a),
        Command::Ps(a) | Command::Container(C::Ls(a)) => container::ps(e, p, a),
        Command::Wait(a) | Command::Container(C::Wait(a)) => container::wait(e, p, a),
        Command::Rename(a) | Command::Container(C::Rename(a)) => container::rename(e, a),
        Command::Container(C::Prune(a)) => container::prune(e, p, a),
        Command::Top(a) | Command::Container(C::Top(a)) => {
            let t = e.container_top(&a.container)?;
            let titles: Vec<&str> = t.titles.iter().map(String::as_str).collect();
            p.table(&titles, &t.rows)?;
            Ok(0)
        }
        Command::Commit(a) | Command::Container(C::Commit(a)) => {
            let o = crate::engine::interface::CommitOptions {
                changes: a.change,
                message: a.message,
                author: a.author,
                pause: a.pause,
            };
            p.line(e.container_commit(&a.container, a.image.as_deref(), &o)?)?;
            Ok(0)
        }
        Command::Export(a) | Command::Container(C::Export(a)) => container::export(e, a),
        Command::Diff(a) | Command::Container(C::Diff(a)) => {
            let changes = e.container_diff(&a.container)?;
            if a.format.as_deref() == Some("json") {
                p.json(&changes)?;
            } else {
                for c in changes {
                    p.line(format!("{} {}", c.kind, c.path))?;
                }
            }
            Ok(0)
        }
        Command::Tag(a) | Command::Image(I::Tag(a)) => {
            e.image_tag(&a.source, &a.targets)?;
            Ok(0)
        }
        Command::Stats(a) => container::stats(e, p, a),
        Command::Cp(a) | Command::Container(C::Cp(a)) => container::cp(e, a),
        Command::Logs(a) | Command::Container(C::Logs(a)) => container::logs(e, a),
        Command::Exec(a) | Command::Container(C::Exec(a)) => container::exec(e, a),
        Command::Attach(a) | Command::Container(C::Attach(a)) => container::attach(e, p, a),
        Command::Start(a) | Command::Container(C::Start(a)) => container::start(e, p, a),
        Command::Run(a) | Command::Container(C::Run(a)) => container::run(e, p, a, runtime),
        Command::Create(a) | Command::Container(C::Create(a)) => container::create(e, p, a, runtime),
        Command::Images(a) | Command::Image(I::Ls(a)) => image::list(e, p, a),
        Command::Image(I::Inspect(a)) => image::inspect(e, p, a),
        Command::Inspect(a) => inspect_any(e, p, a),
        Command::Rmi(a) | Command::Image(I::Rm(a)) => image::remove(e, p, a),
        Command::Image(I::Prune(a)) => image::prune(e, p, a),
        Command::History(a) | Command::Image(I::History(a)) => image::history(e, p, a),
        Command::Save(a) | Command::Image(I::Save(a)) => image::save(e, a),
        Command::Load(a) | Command::Image(I::Load(a)) => image::load(e, p, a),
        Command::Import(a) | Command::Image(I::Import(a)) => image::import(e, p, a),
        Command::Build(a) | Command::Image(I::Build(a)) => build::build(e, p, a),
        Command::Pull(a) | Command::Image(I::Pull(a)) => registry::pull(e, p, a),
        Command::Push(a) | Command::Image(I::Push(a)) => registry::push(e, p, a),
        Command::Volume(c) => volume::volume(e, p, c),
        Command::Network(c) => network::network(e, p, c),
        Command::System(crate::cli::SystemCommand::Df(a)) => volume::df(e, p, a),
        Command::System(crate::cli::SystemCommand::Prune(a)) => volume::system_prune(e, p, a),
        Command::Info => system::info(e, p),
        Command::Version => system::version(e, p),
        other => remote::refuse(other),
    }
}

/// Writes an archive to `path` (through a temp file renamed into place, so a failure
/// leaves no half file) or, with no path, to stdout, unless stdout is a terminal.
pub fn write_output(
    path: Option<&std::path::Path>,
    write: impl FnOnce(&mut dyn std::io::Write) -> Result<()>,
) -> Result<()> {
    use anyhow::Context;
    use std::io::{IsTerminal, Write};
    let Some(path) = path else {
        if std::io::stdout().is_terminal() {
            anyhow::bail!("refusing to write an archive to a terminal; use -o FILE or redirect stdout");
        }
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
        write(&mut out)?;
        return Ok(out.flush()?);
    };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let tmp = crate::image::blobs::temp_name(dir, ".ctr-out-");
    let f = std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
    let result = write(&mut w).and_then(|_| Ok(w.flush()?));
    drop(w);
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

/// `ctr inspect`: containers first, then images, like docker.
fn inspect_any(e: &mut dyn crate::engine::Engine, p: &mut Printer, a: crate::cli::InspectArgs) -> Result<i32> {
    let mut out = Vec::new();
    for k in &a.images {
        match e.container_inspect(k) {
            Ok(v) => out.push(v),
            Err(err) if err.kind == crate::engine::ErrorKind::NotFound => out.push(e.image_inspect(k)?),
            Err(err) => return Err(err.into()),
        }
    }
    print_inspect(p, a.format.as_deref(), &out)
}

pub(crate) fn print_inspect(p: &mut Printer, format: Option<&str>, out: &[serde_json::Value]) -> Result<i32> {
    match crate::output::Format::parse(format) {
        crate::output::Format::Template { text, header } => p.template(&text, header, out)?,
        _ => p.json(&out)?,
    }
    Ok(0)
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
        Some("idcopy") => crate::storage::idcopy::helper(),
        Some("vfs") => crate::storage::vfs::helper(),
        Some("du") => crate::engine::local::volumes::helper_du(&args[2..]),
        Some(job @ ("tar-upper" | "tar-merged")) => crate::storage::export::helper(job, &args[2..]),
        Some("runtime") => crate::monitor::runtime_helper(&args[2..], false),
        Some("probe-storage") => match args.get(2) {
            Some(dir) => crate::storage::driver::probe_main(std::path::Path::new(dir)),
            None => 125,
        },
        Some("cp") => match args.get(2).and_then(|a| a.to_str()).map(serde_json::from_str) {
            Some(Ok(req)) => crate::runtime::cp::run(&req),
            _ => 125,
        },
        Some("exec") => exec(&args[2..]),
        Some("netns") => crate::network::bridge::helper_main(args.get(2).and_then(|a| a.to_str())),
        Some(crate::runtime::pause::PAUSE_ARG) => match args.get(2) {
            Some(dir) => crate::runtime::pause::main(std::path::Path::new(dir)),
            None => 125,
        },
        _ => 125,
    }
}

fn exec(cmd: &[OsString]) -> i32 {
    use std::os::unix::process::CommandExt;
    let (prog, rest) = match cmd.split_first() {
        Some((p, r)) => (p.clone(), r),
        None => (std::env::var_os("SHELL").unwrap_or_else(|| "/bin/sh".into()), &[][..]),
    };
    let err = std::process::Command::new(&prog).args(rest).exec();
    crate::output::status(&format!("ctr: cannot run {}: {err}", prog.to_string_lossy()));
    if err.kind() == std::io::ErrorKind::NotFound { 127 } else { 126 }
}
