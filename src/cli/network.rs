//! `ctr network ...`: user networks as objects (flags as podman's and docker's).

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum NetworkCommand {
    /// Create a network
    Create(NetworkCreateArgs),
    /// List networks
    #[command(visible_alias = "list", name = "ls")]
    Ls(NetworkLsArgs),
    /// Show details of networks as JSON
    Inspect(NetworkInspectArgs),
    /// Remove networks
    #[command(visible_alias = "remove", name = "rm")]
    Rm(NetworkRmArgs),
    /// Remove every network no container is on
    Prune(NetworkPruneArgs),
    /// Exit 0 if a network exists, 1 if not
    Exists(NetworkNameArg),
    /// Put a container on a network (a running one at once)
    Connect(NetworkConnectArgs),
    /// Take a container off a network
    Disconnect(NetworkDisconnectArgs),
}

#[derive(Debug, clap::Args)]
pub struct NetworkConnectArgs {
    /// The network (name or id)
    #[arg(value_name = "NETWORK")]
    pub network: String,
    /// The container (name or id)
    #[arg(value_name = "CONTAINER")]
    pub container: String,
    /// The container's IPv4 address on the network
    #[arg(long, value_name = "IP")]
    pub ip: Option<String>,
    /// A name the container is also known by on the network
    #[arg(long, value_name = "ALIAS")]
    pub alias: Vec<String>,
    /// The container's MAC address on the network
    #[arg(long, value_name = "MAC")]
    pub mac_address: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct NetworkDisconnectArgs {
    /// The network (name or id)
    #[arg(value_name = "NETWORK")]
    pub network: String,
    /// The container (name or id)
    #[arg(value_name = "CONTAINER")]
    pub container: String,
    /// Accepted for docker compatibility (a stopped or running container is taken off alike)
    #[arg(short, long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct NetworkCreateArgs {
    /// Network name
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Driver (only bridge)
    #[arg(short, long, default_value = "bridge")]
    pub driver: String,
    /// Subnet in CIDR form (default: the first free /24 of 10.89.0.0/16)
    #[arg(long, value_name = "CIDR")]
    pub subnet: Option<String>,
    /// Gateway address (default: the subnet's first host address); needs --subnet
    #[arg(long, value_name = "IP")]
    pub gateway: Option<String>,
    /// Give containers addresses from this part of the subnet only; needs --subnet
    #[arg(long, value_name = "CIDR")]
    pub ip_range: Option<String>,
    /// No route out of the network
    #[arg(long)]
    pub internal: bool,
    /// Set metadata (KEY=VALUE)
    #[arg(long, value_name = "KEY=VALUE")]
    pub label: Vec<String>,
    /// Driver options: mtu=N, metric=N, isolate=true|false|strict, com.docker.network.bridge.name=NAME
    #[arg(short, long, value_name = "KEY=VALUE")]
    pub opt: Vec<String>,
    /// Do nothing if the network exists already
    #[arg(long)]
    pub ignore: bool,
}

#[derive(Debug, clap::Args)]
pub struct NetworkLsArgs {
    /// Only names (as podman prints them)
    #[arg(short, long)]
    pub quiet: bool,
    /// Filter: name=, id=, label=KEY[=VALUE], driver=bridge
    #[arg(short, long, value_name = "FILTER")]
    pub filter: Vec<String>,
    /// Output format: table, json, or a Go template such as '{{.Name}}'
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Do not truncate ids
    #[arg(long)]
    pub no_trunc: bool,
}

#[derive(Debug, clap::Args)]
pub struct NetworkInspectArgs {
    /// Networks to inspect (name or id)
    #[arg(required = true, value_name = "NETWORK")]
    pub names: Vec<String>,
    /// Output format: json (default) or a Go template such as '{{.Driver}}'
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct NetworkRmArgs {
    /// Networks to remove (name or id)
    #[arg(required = true, value_name = "NETWORK")]
    pub names: Vec<String>,
    /// Remove the containers on them too
    #[arg(short, long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct NetworkPruneArgs {
    /// Do not ask for confirmation (ctr never asks)
    #[arg(short, long)]
    pub force: bool,
    /// Only networks passing this filter: label=KEY[=VALUE]
    #[arg(long, value_name = "FILTER")]
    pub filter: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct NetworkNameArg {
    /// Network name or id
    #[arg(value_name = "NETWORK")]
    pub name: String,
}
