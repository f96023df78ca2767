//! The command line, as clap definitions only: no logic lives here.

pub mod container;
pub mod docs;
pub mod image;
pub mod network;
pub mod pod;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use container::*;
pub use image::*;
pub use network::*;
pub use pod::*;

#[derive(Debug, Parser)]
#[command(
    name = "ctr",
    version,
    about = "A rootless, daemonless container engine",
    long_about = "ctr runs OCI containers as an unprivileged user, without a daemon.\n\nImages live under $XDG_DATA_HOME/ctr (~/.local/share/ctr), or /var/lib/ctr as root.",
    propagate_version = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// The options every command takes.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)
    #[arg(long, global = true, env = "CTR_ROOT", value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)
    #[arg(long, global = true, env = "CTR_RUNROOT", value_name = "DIR")]
    pub runroot: Option<PathBuf>,

    /// Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf's
    /// [storage] driver, else auto: the kernel's overlay if a test mount works, else fuse,
    /// else vfs; `ctr info` tells which and why). Local engines only
    #[arg(long, global = true, env = "CTR_STORAGE_DRIVER", value_name = "DRIVER")]
    pub storage_driver: Option<String>,

    /// Run containers with this OCI runtime (e.g. runc) instead of ctr's own
    #[arg(long, global = true, env = "CTR_RUNTIME", value_name = "PATH")]
    pub runtime: Option<PathBuf>,

    /// Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT,
    /// ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)
    #[arg(short = 'H', long, global = true, env = "CONTAINER_HOST", value_name = "URI")]
    pub host: Option<String>,

    /// TLS for tcp:// (client: verify the engine with these files, default
    /// $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)
    #[arg(long, global = true)]
    pub tlsverify: bool,

    /// CA certificate (PEM): the engine's issuer for clients; for `system service`, the
    /// issuer client certificates must have
    #[arg(long, global = true, value_name = "FILE")]
    pub tlscacert: Option<PathBuf>,

    /// Certificate (PEM): the client's, or the service's
    #[arg(long, global = true, value_name = "FILE")]
    pub tlscert: Option<PathBuf>,

    /// Private key (PEM) of --tlscert
    #[arg(long, global = true, value_name = "FILE")]
    pub tlskey: Option<PathBuf>,
}

/// The global options that take their value in the next word.
const GLOBAL_VALUE_FLAGS: &[&str] =
    &["--root", "--runroot", "--storage-driver", "--runtime", "-H", "--host", "--tlscacert", "--tlscert", "--tlskey"];

impl Cli {
    /// Parses the command line. Building clap's whole command tree (every subcommand and
    /// its flags, then dropping it) is most of what `ctr` costs before its work starts
    /// (about 3 million instructions, a millisecond); so the commands on a container's
    /// start path (`run`, `create`, `start`) are first parsed by a tree with only that
    /// subcommand, built by the same derived code. Anything but a clean parse there (help,
    /// a version request, an error) is parsed again by the whole tree, so every message is
    /// the same as before.
    pub fn parse_args(args: &[OsString]) -> Result<Cli, clap::Error> {
        if let Some(cli) = Self::parse_start_path(args) {
            return Ok(cli);
        }
        <Cli as clap::Parser>::try_parse_from(args)
    }

    fn parse_start_path(args: &[OsString]) -> Option<Cli> {
        use clap::{Args, FromArgMatches};
        let mut i = 1;
        while let Some(a) = args.get(i).and_then(|a| a.to_str()) {
            if !a.starts_with('-') || a == "-" || a == "--" {
                break;
            }
            i += if GLOBAL_VALUE_FLAGS.contains(&a) { 2 } else { 1 };
        }
        let sub = match args.get(i)?.to_str()? {
            "run" => RunArgs::augment_args(clap::Command::new("run")).disable_help_flag(true),
            "create" => CreateArgs::augment_args(clap::Command::new("create")).disable_help_flag(true),
            "start" => StartArgs::augment_args(clap::Command::new("start")),
            _ => return None,
        };
        let cmd = GlobalArgs::augment_args(clap::Command::new("ctr"))
            .version(env!("CARGO_PKG_VERSION"))
            .propagate_version(true)
            .disable_help_subcommand(true)
            .subcommand_required(true)
            .subcommand(sub);
        let m = cmd.try_get_matches_from(args).ok()?;
        Cli::from_arg_matches(&m).ok()
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create and start a container
    #[command(disable_help_flag = true)]
    Run(RunArgs),
    /// Create a container without starting it
    #[command(disable_help_flag = true)]
    Create(CreateArgs),
    /// Start containers
    Start(StartArgs),
    /// Stop containers (the stop signal, then SIGKILL after a timeout)
    Stop(StopArgs),
    /// Send a signal to containers
    Kill(KillArgs),
    /// Pause every process of running containers
    Pause(PauseArgs),
    /// Resume paused containers
    Unpause(PauseArgs),
    /// Restart containers
    Restart(StopArgs),
    /// Remove containers
    Rm(RmArgs),
    /// List containers
    Ps(PsArgs),
    /// Show a container's output
    Logs(LogsArgs),
    /// Wait for containers to exit and print their exit codes
    Wait(WaitArgs),
    /// Run a command in a running container
    Exec(ExecArgs),
    /// Rename a container
    Rename(RenameArgs),
    /// Attach to a running container's output (and input)
    Attach(AttachArgs),
    /// Show a container's running processes
    Top(ContainerArg),
    /// List a container's published ports
    Port(PortArgs),
    /// Change the resource limits of containers
    Update(UpdateArgs),
    /// Show containers' resource usage
    Stats(StatsArgs),
    /// Show what a container changed in its file system
    Diff(DiffArgs),
    /// Create an image from a container's changes
    Commit(CommitArgs),
    /// Write a container's file system as a tar archive
    Export(ExportArgs),
    /// Copy files between a container and the host (CONTAINER:PATH on one side)
    Cp(CpArgs),
    /// Manage containers
    #[command(subcommand)]
    Container(ContainerCommand),
    /// List images in local storage
    Images(ImagesArgs),
    /// Manage images
    #[command(subcommand)]
    Image(ImageCommand),
    /// Pull an image from a registry
    Pull(PullArgs),
    /// Push an image to a registry
    Push(PushArgs),
    /// Log in to a registry (stores credentials in auth.json)
    Login(LoginArgs),
    /// Log out of a registry (removes stored credentials)
    Logout(LogoutArgs),
    /// Load images from an archive (docker-archive, oci-archive or an OCI layout directory)
    Load(LoadArgs),
    /// Save images to an archive
    Save(SaveArgs),
    /// Create an image from a root filesystem tarball
    Import(ImportArgs),
    /// Build an image from a Dockerfile
    Build(BuildArgs),
    /// Show an image's history (its layers and the steps that made them)
    History(HistoryArgs),
    /// Add a name to an image
    Tag(TagArgs),
    /// Remove images
    Rmi(RmiArgs),
    /// Show details of containers or images as JSON
    Inspect(InspectArgs),
    /// Manage volumes
    #[command(subcommand)]
    Volume(VolumeCommand),
    /// Manage networks
    #[command(subcommand)]
    Network(NetworkCommand),
    /// Manage pods: groups of containers that share network, IPC and UTS namespaces
    #[command(subcommand)]
    Pod(PodCommand),
    /// Kubernetes YAML: generate it from containers and pods, play it, take it down
    #[command(subcommand)]
    Kube(KubeCommand),
    /// System-wide information and cleanup
    #[command(subcommand)]
    System(SystemCommand),
    /// Run a command in ctr's user namespace (to inspect or remove files in the store)
    Unshare(UnshareArgs),
    /// Show version information
    Version,
    /// Show system information (like `ctr system check`)
    Info,
    /// Print a shell completion script
    Completion(CompletionArgs),
    /// Turn Quadlet files (.container, .volume, .network, .pod) into systemd services
    Quadlet(QuadletArgs),
    /// Run a container's health check
    #[command(subcommand)]
    Healthcheck(HealthcheckCommand),
    /// Generate files other tools run: a Quadlet .container file from a container
    #[command(subcommand)]
    Generate(GenerateCommand),
}

#[derive(Debug, Subcommand)]
pub enum GenerateCommand {
    /// Print the Quadlet .container file that runs this container as a systemd service
    Quadlet(ContainerArg),
}

#[derive(Debug, Subcommand)]
pub enum HealthcheckCommand {
    /// Run the health check now (exit 0: healthy, 1: the check failed) and record it
    Run(ContainerArg),
}

#[derive(Debug, Subcommand)]
pub enum ContainerCommand {
    /// List containers
    #[command(visible_alias = "ps", visible_alias = "list", name = "ls")]
    Ls(PsArgs),
    /// Create and start a container
    #[command(disable_help_flag = true)]
    Run(RunArgs),
    /// Create a container
    #[command(disable_help_flag = true)]
    Create(CreateArgs),
    /// Start containers
    Start(StartArgs),
    /// Stop containers
    Stop(StopArgs),
    /// Send a signal to containers
    Kill(KillArgs),
    /// Pause every process of running containers
    Pause(PauseArgs),
    /// Resume paused containers
    Unpause(PauseArgs),
    /// Restart containers
    Restart(StopArgs),
    /// Remove containers
    Rm(RmArgs),
    /// Show a container's output
    Logs(LogsArgs),
    /// Wait for containers to exit
    Wait(WaitArgs),
    /// Run a command in a running container
    Exec(ExecArgs),
    /// Show details of containers as JSON
    Inspect(InspectArgs),
    /// Rename a container
    Rename(RenameArgs),
    /// Remove all stopped containers
    Prune(ContainerPruneArgs),
    /// Attach to a running container
    Attach(AttachArgs),
    /// Show a container's running processes
    Top(ContainerArg),
    /// List a container's published ports
    Port(PortArgs),
    /// Show what a container changed in its file system
    Diff(DiffArgs),
    /// Create an image from a container's changes
    Commit(CommitArgs),
    /// Write a container's file system as a tar archive
    Export(ExportArgs),
    /// Copy files between a container and the host
    Cp(CpArgs),
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Name (and tag) for the image; may be given more than once
    #[arg(short, long = "tag", value_name = "NAME[:TAG]")]
    pub tag: Vec<String>,
    /// The Dockerfile (default: CONTEXT/Dockerfile, else CONTEXT/Containerfile; - for stdin)
    #[arg(short, long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// A build argument (ARG) value; KEY alone takes it from the environment
    #[arg(long, value_name = "KEY=VALUE")]
    pub build_arg: Vec<String>,
    /// Build only up to this stage (and what it needs)
    #[arg(long, value_name = "STAGE")]
    pub target: Option<String>,
    /// Run every step; take nothing from the cache
    #[arg(long)]
    pub no_cache: bool,
    /// Pull FROM images even when they are here
    #[arg(long)]
    pub pull: bool,
    /// Keep each step's image for the cache (always on; accepted for podman compatibility)
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub layers: Option<bool>,
    /// Add a label to the image (KEY=VALUE)
    #[arg(long, value_name = "KEY=VALUE")]
    pub label: Vec<String>,
    /// The network of RUN steps (as `ctr run --network`)
    #[arg(long, value_name = "MODE")]
    pub network: Option<String>,
    /// Add NAME:IP to the /etc/hosts of RUN steps
    #[arg(long, value_name = "NAME:IP")]
    pub add_host: Vec<String>,
    /// An image here whose steps may serve as the cache (e.g. pulled from a registry)
    #[arg(long, value_name = "IMAGE")]
    pub cache_from: Vec<String>,
    /// Print only the image id
    #[arg(short, long)]
    pub quiet: bool,
    /// The build context: a directory, or - for a Dockerfile on stdin and no context
    #[arg(value_name = "CONTEXT")]
    pub context: String,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// Do not truncate the output
    #[arg(long)]
    pub no_trunc: bool,
    /// Print only the ids
    #[arg(short, long)]
    pub quiet: bool,
    /// Output format: json or a Go template
    #[arg(long)]
    pub format: Option<String>,
    /// Image (name or id)
    #[arg(value_name = "IMAGE")]
    pub image: String,
}

#[derive(Debug, Subcommand)]
pub enum ImageCommand {
    /// Build an image from a Dockerfile
    Build(BuildArgs),
    /// Show an image's history
    History(HistoryArgs),
    /// List images in local storage
    #[command(visible_alias = "list", name = "ls")]
    Ls(ImagesArgs),
    /// Show details of images as JSON
    Inspect(InspectArgs),
    /// Remove images
    Rm(RmiArgs),
    /// Remove unused images
    Prune(PruneArgs),
    /// Add a name to an image
    Tag(TagArgs),
    /// Pull an image from a registry
    Pull(PullArgs),
    /// Push an image to a registry
    Push(PushArgs),
    /// Load images from an archive
    Load(LoadArgs),
    /// Save images to an archive
    Save(SaveArgs),
    /// Create an image from a root filesystem tarball
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct UnshareArgs {
    /// Command to run (default: $SHELL)
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

#[derive(Debug, clap::Args)]
pub struct QuadletArgs {
    /// Read the user's Quadlet directories (as the user generator does)
    #[arg(long)]
    pub user: bool,
    /// Print the units instead of writing them
    #[arg(long)]
    pub dryrun: bool,
    /// Where to write the units (systemd passes a generator three directories; the first
    /// is used)
    #[arg(value_name = "DIR", num_args = 0..=3)]
    pub dirs: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// Shell to print the completion script for
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Subcommand)]
pub enum VolumeCommand {
    /// Create a volume
    Create(VolumeCreateArgs),
    /// List volumes
    #[command(visible_alias = "list", name = "ls")]
    Ls(VolumeLsArgs),
    /// Show details of volumes as JSON
    Inspect(VolumeInspectArgs),
    /// Remove volumes
    #[command(visible_alias = "remove", name = "rm")]
    Rm(VolumeRmArgs),
    /// Remove every volume no container uses
    Prune(ForceArgs),
    /// Exit 0 if a volume exists, 1 if not
    Exists(VolumeNameArg),
}

#[derive(Debug, clap::Args)]
pub struct VolumeCreateArgs {
    /// Volume name (default: a random id)
    pub name: Option<String>,
    /// Set metadata (KEY=VALUE)
    #[arg(short, long, value_name = "LABEL")]
    pub label: Vec<String>,
    /// Driver options: type=none|bind|tmpfs, device=/path, o=uid=N,gid=N,bind
    #[arg(short, long, value_name = "OPTION")]
    pub opt: Vec<String>,
    /// Driver (only local)
    #[arg(short, long, default_value = "local")]
    pub driver: String,
    /// Do nothing if the volume exists already
    #[arg(long)]
    pub ignore: bool,
}

#[derive(Debug, clap::Args)]
pub struct VolumeLsArgs {
    /// Only names
    #[arg(short, long)]
    pub quiet: bool,
    /// Filter: name=, label=KEY[=VALUE], dangling=true|false, driver=local
    #[arg(short, long, value_name = "FILTER")]
    pub filter: Vec<String>,
    /// Output format: table, json, or a Go template such as '{{.Name}}'
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct VolumeInspectArgs {
    /// Volumes to inspect
    #[arg(required = true, value_name = "VOLUME")]
    pub names: Vec<String>,
    /// Output format: json (default) or a Go template such as '{{.Mountpoint}}'
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct VolumeRmArgs {
    /// Volumes to remove
    #[arg(required = true, value_name = "VOLUME")]
    pub names: Vec<String>,
    /// Remove the containers that use them too
    #[arg(short, long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct VolumeNameArg {
    /// Volume name
    pub name: String,
}

#[derive(Debug, clap::Args)]
pub struct ForceArgs {
    /// Do not ask for confirmation (ctr never asks)
    #[arg(short, long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum SystemCommand {
    /// Show disk usage: images, containers, volumes, build cache
    Df(DfArgs),
    /// Check what this host supports: cgroup version, delegated controllers, network helpers
    Check,
    /// Serve the Docker Engine API on a unix socket (socket activation: LISTEN_FDS)
    Service(ServiceArgs),
    /// Connect stdin/stdout to the local API service (for `docker -H ssh://` and `ctr -H ssh://`),
    /// starting the service if it is not running
    DialStdio,
    /// Remove stopped containers, unused networks, dangling images (all unused with -a) and, with --volumes, unused volumes
    Prune(SystemPruneArgs),
}

#[derive(Debug, clap::Args)]
pub struct DfArgs {
    /// Per image, container and volume
    #[arg(short, long)]
    pub verbose: bool,
    /// Output format: table or json
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct SystemPruneArgs {
    /// Remove all unused images, not only dangling ones
    #[arg(short, long)]
    pub all: bool,
    /// Prune volumes too
    #[arg(long)]
    pub volumes: bool,
    /// Do not ask for confirmation (ctr never asks)
    #[arg(short, long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct ServiceArgs {
    /// Where to listen: unix:///path (default: $XDG_RUNTIME_DIR/ctr/ctr.sock) or
    /// tcp://HOST:PORT (needs --tlscacert/--tlscert/--tlskey, or --insecure-tcp on loopback)
    #[arg(value_name = "URI")]
    pub uri: Option<String>,
    /// Exit after this many idle seconds (0: never)
    #[arg(short, long, default_value_t = 5, value_name = "SECONDS")]
    pub time: u64,
    /// Serve tcp:// without TLS (loopback addresses only)
    #[arg(long)]
    pub insecure_tcp: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The start path's small tree parses exactly as the whole tree does, and leaves
    /// everything else (help, version, errors, other commands) to it.
    #[test]
    fn start_path_parses_as_the_whole_tree() {
        let cases: &[&[&str]] = &[
            &["ctr", "run", "--rm", "alpine", "true"],
            &[
                "ctr",
                "--root",
                "/s",
                "--runroot=/r",
                "run",
                "-d",
                "--name",
                "x",
                "-e",
                "A=1",
                "-v",
                "v:/d",
                "-p",
                "8080:80",
                "img",
                "sh",
                "-c",
                "echo -n hi",
            ],
            &[
                "ctr",
                "-H",
                "unix:///x",
                "run",
                "-it",
                "--restart",
                "on-failure:2",
                "--memory",
                "100m",
                "img",
                "--",
                "ls",
                "-l",
            ],
            &["ctr", "run", "-h", "host", "--entrypoint", "", "img"],
            &["ctr", "create", "--name", "c", "--health-cmd", "true", "img", "sleep", "1"],
            &["ctr", "--tlsverify", "start", "-a", "c"],
            &["ctr", "start", "--all", "--filter", "restart-policy=always"],
        ];
        for args in cases {
            let args: Vec<OsString> = args.iter().map(OsString::from).collect();
            let fast = Cli::parse_start_path(&args).unwrap_or_else(|| panic!("not parsed on the start path: {args:?}"));
            let full = <Cli as clap::Parser>::try_parse_from(&args).unwrap();
            assert_eq!(format!("{fast:?}"), format!("{full:?}"), "{args:?}");
        }
        for args in [
            &["ctr", "run", "--help"][..],
            &["ctr", "--version"],
            &["ctr", "run"],
            &["ctr", "run", "--no-such-flag", "img"],
            &["ctr", "ps", "-a"],
            &["ctr", "start"],
        ] {
            let args: Vec<OsString> = args.iter().map(OsString::from).collect();
            assert!(Cli::parse_start_path(&args).is_none(), "{args:?}");
        }
    }
}
