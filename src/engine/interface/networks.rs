//! The network operations of the engine interface, and their option types (the report is
//! `engine::NetworkInspect`, in the Docker API's shape, which `--format` templates read).

use crate::engine::{EngineError, NetworkInspect};
use crate::network::NetworkRequest;

/// What `ctr network create` and `POST /networks/create` ask for.
#[derive(Debug, Clone, Default)]
pub struct NetworkCreate {
    pub name: String,
    /// "" means bridge.
    pub driver: String,
    pub subnet: Option<String>,
    pub gateway: Option<String>,
    pub ip_range: Option<String>,
    pub internal: bool,
    /// KEY=VALUE each.
    pub labels: Vec<String>,
    /// KEY=VALUE each.
    pub opts: Vec<String>,
}

pub trait NetworkEngine {
    /// A new network; its id. An existing name is a Conflict.
    fn network_create(&mut self, o: &NetworkCreate) -> Result<String, EngineError>;
    /// Whether `key` (a name, an id or a unique id prefix) names a network.
    fn network_exists(&mut self, key: &str) -> Result<bool, EngineError>;
    /// The networks passing every filter (`KEY=VALUE`: name=, id=, label=KEY[=VALUE],
    /// driver=), by name, with their containers.
    fn network_list(&mut self, filters: &[String]) -> Result<Vec<NetworkInspect>, EngineError>;
    fn network_inspect(&mut self, key: &str) -> Result<NetworkInspect, EngineError>;
    /// Removes a network; refused while a container is on it, unless `force`, which
    /// removes those containers first (podman's -f).
    fn network_remove(&mut self, key: &str, force: bool) -> Result<(), EngineError>;
    /// Removes every network (passing the filters) no container is on; their names.
    fn network_prune(&mut self, filters: &[String]) -> Result<Vec<String>, EngineError>;
    /// Puts a container on one more network (`req.name` is ignored: `network` is the one).
    fn network_connect(&mut self, network: &str, container: &str, req: &NetworkRequest) -> Result<(), EngineError>;
    /// Takes a container off a network (`force`: dockerd's, for an endpoint already gone;
    /// ctr takes a stopped or running container off alike).
    fn network_disconnect(&mut self, network: &str, container: &str, force: bool) -> Result<(), EngineError>;
}
