//! `ctr pull`, `push`, `login`, `logout`, and the pull `run`/`create` do.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, Result, bail};

use crate::cli::{LoginArgs, LogoutArgs, PullArgs, PullPolicy, PushArgs, RegistryArgs};
use crate::engine::local::{PullOptions, PushOptions};
use crate::engine::{Engine, ErrorKind, Progress, Quiet};
use crate::image::config::Platform;
use crate::image::reference::Reference;
use crate::image::registry::auth::{self, Credentials};
use crate::image::registry::conf::RegistriesConf;
use crate::image::registry::transport::Http;
use crate::image::registry::{Session, SessionOptions};
use crate::output::Printer;
use crate::progress::CliProgress;

pub fn session_options(r: &RegistryArgs) -> Result<SessionOptions> {
    Ok(SessionOptions {
        tls_verify: r.tls_verify,
        creds: r.creds.as_deref().map(Credentials::parse).transpose()?,
        authfile: r.authfile.clone(),
    })
}

/// `--platform OS/ARCH[/VARIANT]` with `--os`, `--arch`, `--variant` on top.
pub fn platform(
    spec: Option<&str>,
    os: Option<&str>,
    arch: Option<&str>,
    variant: Option<&str>,
) -> Result<Option<Platform>> {
    if spec.is_none() && os.is_none() && arch.is_none() && variant.is_none() {
        return Ok(None);
    }
    let mut p = match spec {
        Some(s) => crate::image::config::parse_platform(s).map_err(anyhow::Error::msg)?,
        None => crate::image::config::host_platform(),
    };
    if let Some(o) = os {
        p.os = o.into();
    }
    if let Some(a) = arch {
        p.architecture = a.into();
    }
    if let Some(v) = variant {
        p.variant = Some(v.into());
    }
    Ok(Some(p))
}

pub fn pull(e: &mut dyn Engine, p: &mut Printer, a: PullArgs) -> Result<i32> {
    let opts = PullOptions {
        platform: platform(a.platform.as_deref(), a.os.as_deref(), a.arch.as_deref(), a.variant.as_deref())?,
        session: session_options(&a.registry)?,
    };
    let progress = CliProgress::new(a.quiet, "Copying");
    let img = e.image_pull(&a.image, &opts, &progress)?;
    p.line(crate::digest::hex(&img.id))?;
    Ok(0)
}

pub fn push(e: &mut dyn Engine, p: &mut Printer, a: PushArgs) -> Result<i32> {
    let opts = PushOptions { session: session_options(&a.registry)? };
    let progress = CliProgress::new(a.quiet, "Copying");
    let digest = e.image_push(&a.image, a.destination.as_deref(), &opts, &progress)?.digest;
    if let Some(f) = &a.digestfile {
        std::fs::write(f, &digest).with_context(|| format!("writing the digest to {}", f.display()))?;
    }
    if !a.quiet {
        p.line(&digest)?;
    }
    Ok(0)
}

/// Makes sure the image of `run`/`create` is here, pulling as `policy` says; returns the
/// name to create the container from (the qualified name when a short one was searched).
pub fn ensure_image(
    e: &mut dyn crate::engine::Engine,
    image: &str,
    policy: PullPolicy,
    platform_spec: Option<&str>,
    registry: &RegistryArgs,
    quiet: bool,
) -> Result<String> {
    let local = e.image_resolve_name(image);
    let image = local.as_ref().map(String::as_str).unwrap_or(image).to_string();
    let image = image.as_str();
    let pull_needed = match (policy, &local) {
        (PullPolicy::Never, _) => false,
        (PullPolicy::Missing, Ok(_)) => false,
        (PullPolicy::Missing, Err(err)) if err.kind == ErrorKind::NotFound => true,
        (PullPolicy::Missing, Err(_)) => false,
        (PullPolicy::Always | PullPolicy::Newer, _) => true,
    };
    // An image id (or a prefix of one) is never pulled.
    if !pull_needed || (crate::image::reference::is_id_prefix(image) && Reference::parse(image).is_err()) {
        return match local {
            Ok(name) => Ok(name),
            Err(err) if policy == PullPolicy::Never && err.kind == ErrorKind::NotFound => Err(anyhow::Error::from(
                crate::engine::EngineError::not_found(format!("{}; and --pull=never forbids pulling it", err.message)),
            )),
            Err(err) => Err(err.into()),
        };
    }
    let opts =
        PullOptions { platform: platform(platform_spec, None, None, None)?, session: session_options(registry)? };
    let quiet_progress = Quiet;
    let cli_progress;
    let progress: &dyn Progress = if quiet {
        &quiet_progress
    } else {
        cli_progress = CliProgress::new(false, "Copying");
        &cli_progress
    };
    match e.image_pull(image, &opts, progress) {
        Ok(img) => Ok(if e.image_resolve_name(image).is_ok() { image.to_string() } else { img.name }),
        Err(err) if policy == PullPolicy::Newer && local.is_ok() && err.kind == ErrorKind::Unavailable => {
            crate::output::warn(&format!("{}; using the local image", err.message));
            Ok(image.to_string())
        }
        Err(err) => Err(err.into()),
    }
}

/// The auth.json key of a registry argument (`docker.io` when none; a URL's host).
fn registry_key(arg: Option<&str>) -> Result<String> {
    let Some(r) = arg else { return Ok("docker.io".into()) };
    let r = r.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/');
    let r = match r {
        "index.docker.io" | "registry-1.docker.io" | "index.docker.io/v1" => "docker.io",
        r => r,
    };
    if r.is_empty() || r.contains(char::is_whitespace) {
        bail!("{arg:?} is not a registry name; write HOST[:PORT], e.g. localhost:5000", arg = arg.unwrap_or(""));
    }
    Ok(r.to_string())
}

pub fn login(p: &mut Printer, a: LoginArgs) -> Result<i32> {
    let key = registry_key(a.registry.as_deref())?;
    let host = key.split('/').next().unwrap_or(&key).to_string();
    let file = auth::default_authfile(a.authfile.as_deref());
    if a.get_login {
        let repo = key.split_once('/').map(|(_, r)| r).unwrap_or("");
        match auth::lookup(&host, repo, a.authfile.as_deref())? {
            Some(c) => {
                p.line(&c.username)?;
                return Ok(0);
            }
            None => bail!("not logged in to {key}"),
        }
    }
    if a.password.is_some() && a.password_stdin {
        bail!("--password and --password-stdin are mutually exclusive");
    }
    let stdin = std::io::stdin();
    let username = match a.username {
        Some(u) => u,
        None if stdin.is_terminal() && !a.password_stdin => {
            eprint_flush("Username: ")?;
            let mut u = String::new();
            stdin.lock().read_line(&mut u)?;
            u.trim().to_string()
        }
        None => bail!("no user name: pass --username (and the password with --password-stdin)"),
    };
    let password = if let Some(pw) = a.password {
        pw
    } else if a.password_stdin {
        let mut pw = String::new();
        stdin.lock().read_line(&mut pw)?;
        pw.trim_end_matches(['\n', '\r']).to_string()
    } else if stdin.is_terminal() {
        eprint_flush("Password: ")?;
        read_password()?
    } else {
        bail!("no password: pass it with --password-stdin (or --password)")
    };
    if username.is_empty() || password.is_empty() {
        bail!("user name and password must not be empty");
    }
    let creds = Credentials { username, password };
    let conf = RegistriesConf::load()?;
    let insecure = conf.insecure(&host);
    let opts = SessionOptions { tls_verify: a.tls_verify, creds: Some(creds.clone()), authfile: a.authfile.clone() };
    let s = Session::new(std::sync::Arc::new(Http::new()), &host, "", insecure, &opts, false);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    rt.block_on(s.check_login()).map_err(crate::engine::EngineError::from)?;
    auth::store(&file, &key, &creds)?;
    p.line("Login Succeeded!")?;
    Ok(0)
}

pub fn logout(p: &mut Printer, a: LogoutArgs) -> Result<i32> {
    let file = auth::default_authfile(a.authfile.as_deref());
    if a.all {
        auth::remove(&file, None)?;
        p.line("Removed login credentials for all registries")?;
        return Ok(0);
    }
    let key = registry_key(a.registry.as_deref())?;
    if !auth::remove(&file, Some(&key))? {
        bail!("not logged in to {key} (no entry in {})", file.display());
    }
    p.line(format!("Removed login credentials for {key}"))?;
    Ok(0)
}

fn eprint_flush(s: &str) -> Result<()> {
    let mut e = std::io::stderr();
    e.write_all(s.as_bytes())?;
    e.flush()?;
    Ok(())
}

/// Reads a line from the terminal with echo off.
fn read_password() -> Result<String> {
    use nix::sys::termios::{LocalFlags, SetArg, tcgetattr, tcsetattr};
    let stdin = std::io::stdin();
    let old = tcgetattr(&stdin)?;
    let mut t = old.clone();
    t.local_flags.remove(LocalFlags::ECHO);
    tcsetattr(&stdin, SetArg::TCSANOW, &t)?;
    let mut pw = String::new();
    let r = stdin.lock().read_line(&mut pw);
    let _ = tcsetattr(&stdin, SetArg::TCSANOW, &old);
    eprint_flush("\n")?;
    r?;
    Ok(pw.trim_end_matches(['\n', '\r']).to_string())
}
