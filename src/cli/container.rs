//! Flags of the container commands.

use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct CreateArgs {
    /// Assign a name to the container
    #[arg(long)]
    pub name: Option<String>,
    /// Set environment variables (KEY=VALUE, or KEY to pass the caller's value)
    #[arg(short, long, value_name = "ENV")]
    pub env: Vec<String>,
    /// Read environment variables from a file (KEY=VALUE lines)
    #[arg(long, value_name = "FILE")]
    pub env_file: Vec<PathBuf>,
    /// Working directory inside the container
    #[arg(short, long, value_name = "DIR")]
    pub workdir: Option<String>,
    /// Run as this user (name|uid[:group|gid])
    #[arg(short, long)]
    pub user: Option<String>,
    /// Override the image's entrypoint ("" to clear it)
    #[arg(long)]
    pub entrypoint: Option<String>,
    /// Container host name
    #[arg(short = 'h', long)]
    pub hostname: Option<String>,
    /// Print help (-h is --hostname here, as in docker)
    #[arg(long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// Allocate a pseudo-terminal
    #[arg(short, long)]
    pub tty: bool,
    /// Keep stdin open
    #[arg(short, long)]
    pub interactive: bool,
    /// Run a tiny init as pid 1 that forwards signals and reaps zombies
    #[arg(long)]
    pub init: bool,
    /// Mount the container's root filesystem read-only
    #[arg(long)]
    pub read_only: bool,
    /// Add Linux capabilities (or ALL)
    #[arg(long, value_name = "CAP")]
    pub cap_add: Vec<String>,
    /// Drop Linux capabilities (or ALL)
    #[arg(long, value_name = "CAP")]
    pub cap_drop: Vec<String>,
    /// Security options: seccomp=FILE|unconfined|builtin, no-new-privileges[=true|false], label=disable, apparmor=unconfined, mask=PATHS, unmask=ALL|PATHS
    #[arg(long, value_name = "OPT")]
    pub security_opt: Vec<String>,
    /// Give a host device: /dev/X[:/dev/Y][:PERMS] (PERMS of r, w, m), or a CDI device vendor.com/class=name
    #[arg(long, value_name = "DEVICE")]
    pub device: Vec<String>,
    /// Every capability of the container's user namespace, no seccomp filter, /proc and /sys unmasked, the host's devices (rootless: never more than the user has)
    #[arg(long)]
    pub privileged: bool,
    /// Network: a user network NAME[:ip=IP,alias=A,mac=MAC] (repeat for several), or slirp4netns[:OPTS] (default when installed), pasta[:ARGS], none, host, container:NAME, ns:PATH
    #[arg(long, alias = "net", value_name = "MODE")]
    pub network: Vec<String>,
    /// The container's IPv4 address on its (first) user network
    #[arg(long, value_name = "IP")]
    pub ip: Option<String>,
    /// A name the container is also known by on its (first) user network
    #[arg(long, alias = "net-alias", value_name = "ALIAS")]
    pub network_alias: Vec<String>,
    /// The container's MAC address on its (first) user network
    #[arg(long, value_name = "MAC")]
    pub mac_address: Option<String>,
    /// Publish a container port on the host: [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp] (ranges: 8000-8001:80-81)
    #[arg(short, long, value_name = "PORT")]
    pub publish: Vec<String>,
    /// Publish every port the image exposes on a free host port
    #[arg(short = 'P', long)]
    pub publish_all: bool,
    /// DNS server for the container's /etc/resolv.conf
    #[arg(long, value_name = "IP")]
    pub dns: Vec<String>,
    /// DNS search domain for the container's /etc/resolv.conf ("." for none)
    #[arg(long, value_name = "DOMAIN")]
    pub dns_search: Vec<String>,
    /// DNS resolver option for the container's /etc/resolv.conf
    #[arg(long, alias = "dns-opt", value_name = "OPTION")]
    pub dns_option: Vec<String>,
    /// Add a line to the container's /etc/hosts (NAME:IP)
    #[arg(long, value_name = "NAME:IP")]
    pub add_host: Vec<String>,
    /// Mount a volume or host path: [NAME|/HOST/PATH:]/TARGET[:ro|rw,U,z,Z,nocopy]
    #[arg(short, long, value_name = "VOLUME")]
    pub volume: Vec<String>,
    /// Mount: type=bind|volume|tmpfs,source=,target=[,readonly][,bind-propagation=][,volume-nocopy][,volume-subpath=][,tmpfs-size=][,tmpfs-mode=]
    #[arg(long, value_name = "MOUNT")]
    pub mount: Vec<String>,
    /// Mount a tmpfs: /TARGET[:size=64m,mode=1777,...]
    #[arg(long, value_name = "TARGET[:OPTIONS]")]
    pub tmpfs: Vec<String>,
    /// Mount the volumes of another container: CONTAINER[:ro|rw]
    #[arg(long, value_name = "CONTAINER")]
    pub volumes_from: Vec<String>,
    #[command(flatten)]
    pub resources: ResourceArgs,
    /// cgroups: enabled (default), disabled (no cgroup: limits are refused), or split (the
    /// container's cgroup below the cgroup ctr runs in, e.g. a systemd unit's)
    #[arg(long, value_name = "MODE", value_parser = ["enabled", "disabled", "split"])]
    pub cgroups: Option<String>,
    /// Remove the container when it exits
    #[arg(long)]
    pub rm: bool,
    /// Restart policy: no, on-failure[:MAX_RETRIES], always, unless-stopped
    #[arg(long, value_name = "POLICY")]
    pub restart: Option<String>,
    /// Health check: a shell command, or a JSON array for the exec form (overrides the image's HEALTHCHECK)
    #[arg(long, value_name = "COMMAND")]
    pub health_cmd: Option<String>,
    /// Time between health checks (e.g. 30s; default 30s)
    #[arg(long, value_name = "DURATION")]
    pub health_interval: Option<String>,
    /// Time a health check may take (default 30s)
    #[arg(long, value_name = "DURATION")]
    pub health_timeout: Option<String>,
    /// Failures in a row that make the container unhealthy (default 3)
    #[arg(long, value_name = "N")]
    pub health_retries: Option<i64>,
    /// Time after start when failing checks do not count
    #[arg(long, value_name = "DURATION")]
    pub health_start_period: Option<String>,
    /// Time between health checks during the start period (default 5s)
    #[arg(long, value_name = "DURATION")]
    pub health_start_interval: Option<String>,
    /// Disable any health check (also the image's)
    #[arg(long)]
    pub no_healthcheck: bool,
    /// What to do when the container turns unhealthy
    #[arg(long, value_enum, value_name = "ACTION", default_value_t = crate::engine::policy::HealthOnFailure::None)]
    pub health_on_failure: crate::engine::policy::HealthOnFailure,
    /// Under a Type=notify systemd unit: who says READY=1: conmon (ctr, once the container's
    /// process runs), container (the container itself, through NOTIFY_SOCKET), healthy
    /// (after the first passing health check), ignore
    #[arg(long, value_enum, value_name = "MODE", default_value_t = crate::engine::policy::SdNotify::Conmon)]
    pub sdnotify: crate::engine::policy::SdNotify,
    /// Seconds to wait after the stop signal before SIGKILL (default 10)
    #[arg(long, value_name = "SECONDS")]
    pub stop_timeout: Option<u64>,
    /// Remove a container of the same name first (running or not)
    #[arg(long)]
    pub replace: bool,
    /// Write the container's id to this file (which must not exist)
    #[arg(long, value_name = "FILE")]
    pub cidfile: Option<PathBuf>,
    /// User namespace: private (unprivileged: the default, your pause namespace), keep-id[:uid=UID,gid=GID]
    /// (your uid and gid inside), nomap (your own id left out), auto[:size=N] (a slice of ids of its
    /// own), host (as root, the default)
    #[arg(long, value_name = "MODE")]
    pub userns: Option<String>,
    /// Run in this pod (name or id), sharing its namespaces; new:NAME makes the pod
    #[arg(long, value_name = "POD")]
    pub pod: Option<String>,
    /// Map container uids CONTAINER:FROM:SIZE (FROM: an id of your user namespace, 0 = you, 1.. your
    /// subordinate ids; @ID a host id; as root, host ids); repeatable
    #[arg(long, value_name = "CONTAINER:FROM:SIZE")]
    pub uidmap: Vec<String>,
    /// Map container gids CONTAINER:FROM:SIZE, as --uidmap does uids (default: the --uidmap ranges)
    #[arg(long, value_name = "CONTAINER:FROM:SIZE")]
    pub gidmap: Vec<String>,
    /// PID namespace: private (the default) or host (the host's processes, its /proc)
    #[arg(long, value_name = "MODE")]
    pub pid: Option<String>,
    /// UTS namespace: private (the default) or host (the host's name)
    #[arg(long, value_name = "MODE")]
    pub uts: Option<String>,
    /// IPC namespace: private (the default), shareable or host
    #[arg(long, value_name = "MODE")]
    pub ipc: Option<String>,
    /// Cgroup namespace: private (the default) or host
    #[arg(long, value_name = "MODE")]
    pub cgroupns: Option<String>,
    /// Add a supplementary group (numeric gid) to the container's process, or keep-groups: keep the supplementary groups of the user who runs it
    #[arg(long, value_name = "GID")]
    pub group_add: Vec<String>,
    /// Set metadata on the container (KEY=VALUE)
    #[arg(short, long, value_name = "LABEL")]
    pub label: Vec<String>,
    /// Pull the image: missing (default), always, never, newer
    #[arg(long, value_enum, default_value_t = super::PullPolicy::Missing, value_name = "POLICY", num_args = 0..=1, default_missing_value = "always")]
    pub pull: super::PullPolicy,
    /// Platform to pull if the image must be pulled: OS/ARCH[/VARIANT]
    #[arg(long, value_name = "OS/ARCH[/VARIANT]")]
    pub platform: Option<String>,
    /// Show no pull progress
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub registry: super::RegistryArgs,
    /// Image to run
    #[arg(value_name = "IMAGE")]
    pub image: String,
    /// Command and arguments (default: the image's)
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

/// Resource limits (cgroup v2), as docker and podman spell them.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ResourceArgs {
    /// Memory limit (e.g. 100m, 1g)
    #[arg(short, long, value_name = "SIZE")]
    pub memory: Option<String>,
    /// Memory soft limit (memory.low)
    #[arg(long, value_name = "SIZE")]
    pub memory_reservation: Option<String>,
    /// Memory plus swap limit (-1: unlimited swap)
    #[arg(long, value_name = "SIZE", allow_hyphen_values = true)]
    pub memory_swap: Option<String>,
    /// Number of CPUs (e.g. 0.5)
    #[arg(long, value_name = "CPUS", allow_hyphen_values = true)]
    pub cpus: Option<f64>,
    /// CPU shares (relative weight, 2-262144; docker's scale)
    #[arg(short = 'c', long, value_name = "SHARES")]
    pub cpu_shares: Option<u64>,
    /// CPU weight (cgroup v2's scale, 1-10000)
    #[arg(long, value_name = "WEIGHT")]
    pub cpu_weight: Option<u64>,
    /// CPU CFS quota in microseconds per period
    #[arg(long, value_name = "MICROSECONDS", allow_hyphen_values = true)]
    pub cpu_quota: Option<i64>,
    /// CPU CFS period in microseconds (default 100000)
    #[arg(long, value_name = "MICROSECONDS")]
    pub cpu_period: Option<u64>,
    /// CPUs the container may run on (e.g. 0-1, 0,2)
    #[arg(long, value_name = "CPUS")]
    pub cpuset_cpus: Option<String>,
    /// Memory nodes the container may use
    #[arg(long, value_name = "NODES")]
    pub cpuset_mems: Option<String>,
    /// Process limit (default 2048 where cgroups are available; -1 or 0: unlimited)
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub pids_limit: Option<i64>,
    /// Block IO weight (10-1000)
    #[arg(long, value_name = "WEIGHT")]
    pub blkio_weight: Option<u64>,
}

impl From<&ResourceArgs> for crate::cgroups::LimitRequest {
    fn from(r: &ResourceArgs) -> Self {
        crate::cgroups::LimitRequest {
            memory: r.memory.clone(),
            memory_reservation: r.memory_reservation.clone(),
            memory_swap: r.memory_swap.clone(),
            cpus: r.cpus,
            cpu_shares: r.cpu_shares,
            cpu_weight: r.cpu_weight,
            cpu_quota: r.cpu_quota,
            cpu_period: r.cpu_period,
            cpuset_cpus: r.cpuset_cpus.clone(),
            cpuset_mems: r.cpuset_mems.clone(),
            pids_limit: r.pids_limit,
            blkio_weight: r.blkio_weight,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct UpdateArgs {
    #[command(flatten)]
    pub resources: ResourceArgs,
    /// New restart policy: no, on-failure[:MAX_RETRIES], always, unless-stopped
    #[arg(long, value_name = "POLICY")]
    pub restart: Option<String>,
    /// Containers to update (name or id)
    #[arg(required = true, value_name = "CONTAINER")]
    pub containers: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Print one sample and exit
    #[arg(long)]
    pub no_stream: bool,
    /// Show all containers (default: running)
    #[arg(short, long)]
    pub all: bool,
    /// Output format: table, json, or a Go template
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Do not truncate ids
    #[arg(long)]
    pub no_trunc: bool,
    /// Containers (default: all running)
    #[arg(value_name = "CONTAINER")]
    pub containers: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct PortArgs {
    /// Container (name or id)
    #[arg(value_name = "CONTAINER", required_unless_present = "all")]
    pub container: Option<String>,
    /// Only this container port: PORT[/PROTO]
    #[arg(value_name = "PORT")]
    pub port: Option<String>,
    /// Show the ports of every running container
    #[arg(short, long)]
    pub all: bool,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Run in the background and print the container id
    #[arg(short, long)]
    pub detach: bool,
    /// Keys that detach from the container and leave it running (default ctrl-p,ctrl-q; "" for none)
    #[arg(long, value_name = "KEYS")]
    pub detach_keys: Option<String>,
    #[command(flatten)]
    pub create: CreateArgs,
}

#[derive(Debug, clap::Args)]
pub struct StartArgs {
    /// Attach to the container's output and exit with its code
    #[arg(short, long)]
    pub attach: bool,
    /// Start every container (that the filters select)
    #[arg(long)]
    pub all: bool,
    /// Keys that detach from the container and leave it running (default ctrl-p,ctrl-q; "" for none)
    #[arg(long, value_name = "KEYS")]
    pub detach_keys: Option<String>,
    /// With --all: restart-policy=POLICY (repeatable: any of them), name=, label=, status=
    #[arg(long, value_name = "FILTER", requires = "all")]
    pub filter: Vec<String>,
    /// Containers to start (name or id)
    #[arg(required_unless_present = "all", conflicts_with = "all", value_name = "CONTAINER")]
    pub containers: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct StopArgs {
    /// Seconds to wait before killing the container (default: its --stop-timeout, else 10)
    #[arg(short, long, value_name = "SECONDS")]
    pub time: Option<u64>,
    /// Read the container's id from this file
    #[arg(long, value_name = "FILE")]
    pub cidfile: Vec<PathBuf>,
    /// No error for a container that does not exist
    #[arg(short, long)]
    pub ignore: bool,
    /// Containers to stop (name or id)
    #[arg(required_unless_present = "cidfile", value_name = "CONTAINER")]
    pub containers: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct KillArgs {
    /// Signal to send (name or number)
    #[arg(short, long, default_value = "KILL")]
    pub signal: String,
    /// Containers to signal (name or id)
    #[arg(required = true, value_name = "CONTAINER")]
    pub containers: Vec<String>,
}

/// `pause` and `unpause`: with a delegated cgroup v2, its freezer; otherwise SIGSTOP and
/// SIGCONT to every process of the container.
#[derive(Debug, clap::Args)]
pub struct PauseArgs {
    /// Every running (pause) or paused (unpause) container
    #[arg(short, long, conflicts_with = "containers")]
    pub all: bool,
    /// Containers (name or id)
    #[arg(required_unless_present = "all", value_name = "CONTAINER")]
    pub containers: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct RmArgs {
    /// Kill and remove running containers
    #[arg(short, long)]
    pub force: bool,
    /// Remove the container's anonymous volumes too
    #[arg(short, long)]
    pub volumes: bool,
    /// Read the container's id from this file
    #[arg(long, value_name = "FILE")]
    pub cidfile: Vec<PathBuf>,
    /// No error for a container that does not exist
    #[arg(short, long)]
    pub ignore: bool,
    /// Containers to remove (name or id)
    #[arg(required_unless_present = "cidfile", value_name = "CONTAINER")]
    pub containers: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct PsArgs {
    /// Show all containers (default: only running)
    #[arg(short, long)]
    pub all: bool,
    /// Show only container ids
    #[arg(short, long)]
    pub quiet: bool,
    /// Do not truncate output
    #[arg(long)]
    pub no_trunc: bool,
    /// Output format: table, json, or a Go template such as '{{.Names}}'
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Filter: status=, name=, ancestor=, id=
    #[arg(short, long, value_name = "FILTER")]
    pub filter: Vec<String>,
    /// Show the pod of each container (POD ID and PODNAME columns)
    #[arg(short, long)]
    pub pod: bool,
}

#[derive(Debug, clap::Args)]
pub struct LogsArgs {
    /// Follow the log until the container exits
    #[arg(short, long)]
    pub follow: bool,
    /// Show only the last N lines
    #[arg(long, value_name = "N")]
    pub tail: Option<String>,
    /// Show timestamps
    #[arg(short, long)]
    pub timestamps: bool,
    /// Show lines since a time (RFC 3339) or a duration ago (10s, 5m, 1h)
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Show lines up to a time (RFC 3339, unix seconds) or a duration ago (10s, 5m, 1h)
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Container (name or id)
    #[arg(value_name = "CONTAINER")]
    pub container: String,
}

#[derive(Debug, clap::Args)]
pub struct WaitArgs {
    /// What to wait for: stopped/exited (default), running, healthy, unhealthy
    #[arg(long, value_name = "CONDITION", value_parser = ["stopped", "exited", "running", "healthy", "unhealthy"])]
    pub condition: Option<String>,
    /// Containers to wait for (name or id)
    #[arg(required = true, value_name = "CONTAINER")]
    pub containers: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct ExecArgs {
    /// Keep stdin open
    #[arg(short, long)]
    pub interactive: bool,
    /// Allocate a pseudo-terminal
    #[arg(short, long)]
    pub tty: bool,
    /// Run in the background
    #[arg(short, long)]
    pub detach: bool,
    /// Set environment variables
    #[arg(short, long, value_name = "ENV")]
    pub env: Vec<String>,
    /// Working directory inside the container
    #[arg(short, long, value_name = "DIR")]
    pub workdir: Option<String>,
    /// Run as this user (name|uid[:group|gid])
    #[arg(short, long)]
    pub user: Option<String>,
    /// Container (name or id)
    #[arg(value_name = "CONTAINER")]
    pub container: String,
    /// Command and arguments
    #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct RenameArgs {
    /// Container (name or id)
    pub container: String,
    /// New name
    pub name: String,
}

#[derive(Debug, clap::Args)]
pub struct ContainerPruneArgs {
    /// Do not ask for confirmation
    #[arg(short, long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct ContainerArg {
    /// Container (name or id)
    #[arg(value_name = "CONTAINER")]
    pub container: String,
}

#[derive(Debug, clap::Args)]
pub struct AttachArgs {
    /// Do not forward stdin
    #[arg(long)]
    pub no_stdin: bool,
    /// Keys that detach from the container and leave it running (default ctrl-p,ctrl-q; "" for none)
    #[arg(long, value_name = "KEYS")]
    pub detach_keys: Option<String>,
    /// Container (name or id)
    #[arg(value_name = "CONTAINER")]
    pub container: String,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// Output format: table or json
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Container (name or id)
    #[arg(value_name = "CONTAINER")]
    pub container: String,
}

#[derive(Debug, clap::Args)]
pub struct CommitArgs {
    /// Apply a Dockerfile instruction to the new image's config (CMD, ENV, ...)
    #[arg(short, long, value_name = "INSTRUCTION")]
    pub change: Vec<String>,
    /// Commit message
    #[arg(short, long)]
    pub message: Option<String>,
    /// Author of the image
    #[arg(short, long)]
    pub author: Option<String>,
    /// Pause the container while committing
    #[arg(short, long)]
    pub pause: bool,
    /// Container (name or id)
    #[arg(value_name = "CONTAINER")]
    pub container: String,
    /// Name for the new image (NAME[:TAG])
    #[arg(value_name = "IMAGE")]
    pub image: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Write to this file instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Container (name or id)
    #[arg(value_name = "CONTAINER")]
    pub container: String,
}

#[derive(Debug, clap::Args)]
pub struct CpArgs {
    /// Source: a host path, or CONTAINER:PATH
    #[arg(value_name = "SRC")]
    pub src: String,
    /// Destination: a host path, or CONTAINER:PATH
    #[arg(value_name = "DEST")]
    pub dest: String,
}
