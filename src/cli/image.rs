//! Flags of the image commands.

use std::path::PathBuf;

use crate::engine::local::SaveFormat;

#[derive(Debug, clap::Args)]
pub struct ImagesArgs {
    /// Show all images (default hides intermediate images)
    #[arg(short, long)]
    pub all: bool,
    /// Show only image ids
    #[arg(short, long)]
    pub quiet: bool,
    /// Show digests
    #[arg(long)]
    pub digests: bool,
    /// Do not truncate ids
    #[arg(long)]
    pub no_trunc: bool,
    /// Output format: table, json, or a Go template such as '{{.Repository}}:{{.Tag}}'
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Only images whose name matches (REPOSITORY[:TAG])
    pub reference: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// Objects to inspect (name or id)
    #[arg(required = true, value_name = "NAME")]
    pub images: Vec<String>,
    /// Output format: json (default) or a Go template such as '{{.Id}}'
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct RmiArgs {
    /// Images to remove (name or id)
    #[arg(value_name = "IMAGE")]
    pub images: Vec<String>,
    /// Remove images even if containers use them
    #[arg(short, long)]
    pub force: bool,
    /// Remove all images
    #[arg(short, long)]
    pub all: bool,
}

#[derive(Debug, clap::Args)]
pub struct PruneArgs {
    /// Remove all images no container uses, not only dangling ones
    #[arg(short, long)]
    pub all: bool,
    /// Do not ask for confirmation
    #[arg(short, long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct TagArgs {
    /// Image to tag (name or id)
    #[arg(value_name = "IMAGE")]
    pub source: String,
    /// New names (NAME[:TAG])
    #[arg(required = true, value_name = "TARGET")]
    pub targets: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// Read from this archive file or OCI layout directory instead of stdin
    #[arg(short, long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Print only the loaded image names
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct SaveArgs {
    /// Write to this file instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Archive format
    #[arg(long, value_enum, default_value = "docker-archive")]
    pub format: SaveFormat,
    /// Images to save (name or id)
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Root filesystem tarball (tar, tar.gz or tar.zst), or - for stdin
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Name for the new image (NAME[:TAG])
    #[arg(value_name = "REFERENCE")]
    pub reference: Option<String>,
    /// Apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, VOLUME, WORKDIR, STOPSIGNAL)
    #[arg(short, long, value_name = "INSTRUCTION")]
    pub change: Vec<String>,
    /// Commit message stored in the image
    #[arg(short, long)]
    pub message: Option<String>,
    /// Print only the image id
    #[arg(short, long)]
    pub quiet: bool,
}

/// Registry flags shared by pull, push and login (podman's names).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RegistryArgs {
    /// Require HTTPS and verify certificates (--tls-verify=false for a plain-HTTP or self-signed registry)
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub tls_verify: Option<bool>,
    /// Credentials file (default: $XDG_RUNTIME_DIR/containers/auth.json; also read: ~/.config/containers/auth.json, ~/.docker/config.json)
    #[arg(long, env = "REGISTRY_AUTH_FILE", value_name = "FILE")]
    pub authfile: Option<PathBuf>,
    /// Credentials to use (USERNAME:PASSWORD) instead of the stored ones
    #[arg(long, value_name = "USER:PASS")]
    pub creds: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct PullArgs {
    /// Image to pull: NAME[:TAG] or NAME@DIGEST (short names use registries.conf's search list)
    #[arg(value_name = "IMAGE")]
    pub image: String,
    /// Platform to pull from a multi-arch image: OS/ARCH[/VARIANT] (default: this machine's)
    #[arg(long, value_name = "OS/ARCH[/VARIANT]")]
    pub platform: Option<String>,
    /// Architecture to pull (overrides --platform's)
    #[arg(long, value_name = "ARCH")]
    pub arch: Option<String>,
    /// Operating system to pull (overrides --platform's)
    #[arg(long, value_name = "OS")]
    pub os: Option<String>,
    /// Architecture variant to pull (e.g. v7)
    #[arg(long, value_name = "VARIANT")]
    pub variant: Option<String>,
    /// Print only the image id; no progress
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

#[derive(Debug, clap::Args)]
pub struct PushArgs {
    /// Local image to push (name or id)
    #[arg(value_name = "IMAGE")]
    pub image: String,
    /// Where to push it: [docker://]REGISTRY/NAME[:TAG] (default: the image's name)
    #[arg(value_name = "DESTINATION")]
    pub destination: Option<String>,
    /// Write the pushed manifest's digest to this file
    #[arg(long, value_name = "FILE")]
    pub digestfile: Option<PathBuf>,
    /// No progress
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

#[derive(Debug, clap::Args)]
pub struct LoginArgs {
    /// Registry to log in to (default: docker.io)
    #[arg(value_name = "REGISTRY")]
    pub registry: Option<String>,
    /// User name
    #[arg(short, long)]
    pub username: Option<String>,
    /// Password (prefer --password-stdin: a password in argv is visible to other users)
    #[arg(short, long)]
    pub password: Option<String>,
    /// Read the password from stdin
    #[arg(long)]
    pub password_stdin: bool,
    /// Print the user name stored for the registry and exit
    #[arg(long)]
    pub get_login: bool,
    /// Require HTTPS and verify certificates (--tls-verify=false for a plain-HTTP or self-signed registry)
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub tls_verify: Option<bool>,
    /// Credentials file to write (default: $XDG_RUNTIME_DIR/containers/auth.json)
    #[arg(long, env = "REGISTRY_AUTH_FILE", value_name = "FILE")]
    pub authfile: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct LogoutArgs {
    /// Registry to log out of (default: docker.io)
    #[arg(value_name = "REGISTRY", required_unless_present = "all")]
    pub registry: Option<String>,
    /// Remove the credentials of every registry
    #[arg(short, long)]
    pub all: bool,
    /// Credentials file (default: $XDG_RUNTIME_DIR/containers/auth.json)
    #[arg(long, env = "REGISTRY_AUTH_FILE", value_name = "FILE")]
    pub authfile: Option<PathBuf>,
}

/// When `run` and `create` pull the image (podman's --pull).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum PullPolicy {
    /// Pull only when the image is not here
    #[default]
    Missing,
    /// Always pull (layers already here are not fetched again)
    Always,
    /// Never pull: fail when the image is not here
    Never,
    /// Pull when the registry has a different image than the one here
    Newer,
}
