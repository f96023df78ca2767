//! `ctr pod ...`: clap definitions of the pod verbs.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum PodCommand {
    /// Create a pod: containers in it share its network, IPC and UTS namespaces
    Create(PodCreateArgs),
    /// List pods
    #[command(visible_alias = "ls", visible_alias = "list", name = "ps")]
    Ps(PodPsArgs),
    /// Show details of pods as JSON
    Inspect(PodInspectArgs),
    /// Start pods (the infra container, then every container of the pod)
    Start(PodsArgs),
    /// Stop pods (their containers, then the infra container)
    Stop(PodStopArgs),
    /// Restart pods
    Restart(PodStopArgs),
    /// Send a signal to the containers of pods
    Kill(PodKillArgs),
    /// Remove pods and their containers
    Rm(PodRmArgs),
    /// Remove every pod none of whose containers is running
    Prune(crate::cli::ForceArgs),
    /// Show the running processes of a pod's containers
    Top(PodArg),
    /// Show the resource usage of pods' containers
    Stats(PodStatsArgs),
    /// Show the output of a pod's containers (each line after the container's id)
    Logs(PodLogsArgs),
    /// Exit 0 if a pod exists, 1 if not
    Exists(PodArg),
}

#[derive(Debug, clap::Args)]
pub struct PodCreateArgs {
    /// Pod name (default: a random name)
    #[arg(short, long)]
    pub name: Option<String>,
    /// Remove a pod of that name first (with its containers)
    #[arg(long, requires = "name")]
    pub replace: bool,
    /// Publish a port of the pod: [IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]
    #[arg(short, long, value_name = "PORT")]
    pub publish: Vec<String>,
    /// The pod's network (as `ctr run --network`)
    #[arg(long, value_name = "MODE")]
    pub network: Vec<String>,
    /// Namespaces the containers share: some of ipc, net, uts (default: all three), or none
    #[arg(long, value_name = "KINDS")]
    pub share: Option<String>,
    /// Create the infra container that holds the shared namespaces (--infra=false: none)
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", require_equals = true, default_value = "true")]
    pub infra: bool,
    /// No infra container (nothing shared)
    #[arg(long, conflicts_with = "infra")]
    pub no_infra: bool,
    /// Set metadata on the pod (KEY=VALUE)
    #[arg(short, long, value_name = "LABEL")]
    pub label: Vec<String>,
    /// The pod's host name (default: its name)
    #[arg(long)]
    pub hostname: Option<String>,
    /// Add NAME:IP to the pod's /etc/hosts
    #[arg(long, value_name = "NAME:IP")]
    pub add_host: Vec<String>,
    /// DNS servers of the pod
    #[arg(long, value_name = "IP")]
    pub dns: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct PodPsArgs {
    /// Print only the pod ids
    #[arg(short, long)]
    pub quiet: bool,
    /// Do not truncate ids
    #[arg(long)]
    pub no_trunc: bool,
    /// Output format: table, json, or a Go template such as '{{.Name}}'
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Filter: name=, id=, label=KEY[=VALUE], status=
    #[arg(short, long, value_name = "FILTER")]
    pub filter: Vec<String>,
    /// Show the names of the pods' containers
    #[arg(long)]
    pub ctr_names: bool,
}

#[derive(Debug, clap::Args)]
pub struct PodInspectArgs {
    /// Pods to inspect
    #[arg(required = true, value_name = "POD")]
    pub pods: Vec<String>,
    /// Output format: json (default) or a Go template such as '{{.State}}'
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct PodsArgs {
    /// Every pod
    #[arg(short, long)]
    pub all: bool,
    /// Pods (names or ids)
    #[arg(value_name = "POD", required_unless_present = "all")]
    pub pods: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct PodStopArgs {
    /// Seconds to wait for each container to stop before killing it (default: its stop timeout)
    #[arg(short, long, value_name = "SECONDS")]
    pub time: Option<u64>,
    #[command(flatten)]
    pub pods: PodsArgs,
}

#[derive(Debug, clap::Args)]
pub struct PodKillArgs {
    /// Signal to send (name or number)
    #[arg(short, long, default_value = "KILL")]
    pub signal: String,
    #[command(flatten)]
    pub pods: PodsArgs,
}

#[derive(Debug, clap::Args)]
pub struct PodRmArgs {
    /// Stop and remove running containers too
    #[arg(short, long)]
    pub force: bool,
    /// No error when a pod does not exist
    #[arg(short, long)]
    pub ignore: bool,
    #[command(flatten)]
    pub pods: PodsArgs,
}

#[derive(Debug, clap::Args)]
pub struct PodArg {
    /// Pod (name or id)
    #[arg(value_name = "POD")]
    pub pod: String,
}

#[derive(Debug, clap::Args)]
pub struct PodStatsArgs {
    /// Print one sample and exit
    #[arg(long)]
    pub no_stream: bool,
    /// Output format: table, json, or a Go template
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    #[command(flatten)]
    pub pods: PodsArgs,
}

#[derive(Debug, clap::Args)]
pub struct PodLogsArgs {
    /// Follow the logs until the containers exit
    #[arg(short, long)]
    pub follow: bool,
    /// Show only the last N lines of each container
    #[arg(long, value_name = "N")]
    pub tail: Option<String>,
    /// Show timestamps
    #[arg(short, long)]
    pub timestamps: bool,
    /// Only this container of the pod
    #[arg(short, long, value_name = "CONTAINER")]
    pub container: Option<String>,
    /// Pod (name or id)
    #[arg(value_name = "POD")]
    pub pod: String,
}

#[derive(Debug, Subcommand)]
pub enum KubeCommand {
    /// Write containers and pods as Kubernetes YAML (Pod or Deployment, claims, Service)
    Generate(KubeGenerateArgs),
    /// Run the Pods and Deployments of Kubernetes YAML (with its ConfigMaps, Secrets, claims)
    Play(KubePlayArgs),
    /// Remove the pods that `kube play` made from this YAML
    Down(KubeDownArgs),
}

#[derive(Debug, clap::Args)]
pub struct KubeGenerateArgs {
    /// The kind to write: pod or deployment
    #[arg(short, long = "type", value_name = "KIND", default_value = "pod")]
    pub kind: String,
    /// Replicas of a deployment
    #[arg(short, long, value_name = "N")]
    pub replicas: Option<i32>,
    /// Also write a Service for the published ports
    #[arg(short, long)]
    pub service: bool,
    /// Write to this file instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub filename: Option<std::path::PathBuf>,
    /// Containers or pods (names or ids)
    #[arg(required = true, value_name = "CONTAINER|POD")]
    pub names: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct KubePlayArgs {
    /// Remove the pods of these names first (as `kube down` would)
    #[arg(long)]
    pub replace: bool,
    /// Start the pods (--start=false: create only)
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", require_equals = true, default_value = "true")]
    pub start: bool,
    /// The pods' network (as `ctr run --network`)
    #[arg(long, value_name = "MODE")]
    pub network: Vec<String>,
    /// YAML files with more ConfigMaps
    #[arg(long, value_name = "FILE")]
    pub configmap: Vec<std::path::PathBuf>,
    /// Print only the ids
    #[arg(short, long)]
    pub quiet: bool,
    /// The YAML file, or - for stdin
    #[arg(value_name = "FILE")]
    pub file: String,
}

#[derive(Debug, clap::Args)]
pub struct KubeDownArgs {
    /// Remove the volumes of the file's claims too
    #[arg(long)]
    pub force: bool,
    /// The YAML file `kube play` ran, or - for stdin
    #[arg(value_name = "FILE")]
    pub file: String,
}
