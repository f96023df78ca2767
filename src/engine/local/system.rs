//! The local engine's system operations: what this host offers it (`ctr info`, `ctr
//! system check`), and `system prune`. Disk usage is `df.rs`.

use std::path::Path;

use super::LocalEngine;
use crate::engine::EngineError;
use crate::engine::interface::{
    CgroupSupport, DiskUsage, HelperCheck, ServerVersion, SystemEngine, SystemInfo, SystemPruneReport, running,
};

/// The controllers ctr sets limits with.
const CONTROLLERS: [&str; 5] = ["memory", "cpu", "pids", "cpuset", "io"];

/// The helpers ctr runs, and the Debian packages that have them.
const HELPERS: [(&str, &str); 4] =
    [("slirp4netns", "slirp4netns"), ("pasta", "passt"), ("newuidmap", "uidmap"), ("newgidmap", "uidmap")];

/// What this host supports, and what is missing, for a store at `root` and `runroot`.
/// Needs no store: `ctr system check` asks before there is one.
pub fn host_info(root: &Path, runroot: &Path) -> SystemInfo {
    use crate::cgroups::{self, Support};
    let cgroups = match cgroups::detect() {
        Support::V2 { base, controllers } => CgroupSupport::Limits {
            base: Some(base.display().to_string()),
            missing: CONTROLLERS
                .iter()
                .filter(|c| !controllers.iter().any(|x| x == *c))
                .map(|c| c.to_string())
                .collect(),
            controllers,
        },
        Support::Unavailable { why } => CgroupSupport::Unavailable { why: Some(why) },
    };
    SystemInfo {
        engine_version: None,
        store: root.display().to_string(),
        runtime_dir: Some(runroot.display().to_string()),
        rootless: !crate::paths::is_root(),
        cgroup_version: cgroups::version().to_string(),
        cgroups,
        helpers: HELPERS
            .iter()
            .map(|(name, package)| HelperCheck {
                name: name.to_string(),
                package: package.to_string(),
                path: crate::network::which(name).map(|p| p.display().to_string()),
            })
            .collect(),
        default_network: Some(crate::network::default_mode().map(|m| m.name()).unwrap_or_else(|e| e)),
        seccomp_profile: Some(crate::seccomp::default_source().name()),
        storage_driver: Some(
            match crate::storage::driver::choose(
                root,
                runroot,
                (!crate::paths::is_root()).then(crate::runtime::userns::Mapping::for_current_user).as_ref(),
            ) {
                Ok(c) => format!("{} ({})", c.driver.name(), c.reason),
                Err(e) => format!("unusable: {e}"),
            },
        ),
        engine: None,
    }
}

impl SystemEngine for LocalEngine {
    fn system_info(&mut self) -> Result<SystemInfo, EngineError> {
        Ok(host_info(&self.root, &self.runroot))
    }

    fn system_version(&mut self) -> Result<Option<ServerVersion>, EngineError> {
        Ok(None)
    }

    fn system_df(&mut self) -> Result<DiskUsage, EngineError> {
        self.disk_usage()
    }

    fn system_prune(&mut self, all: bool, volumes: bool) -> Result<SystemPruneReport, EngineError> {
        let mut r = SystemPruneReport::default();
        let stopped = self.containers()?.into_iter().filter(|c| !running(c.state.as_str())).map(|c| c.id);
        for id in stopped.collect::<Vec<_>>() {
            self.remove_container(&id, false)?;
            r.containers.push(id);
        }
        // Networks no container is on, as docker's and podman's system prune do.
        r.networks = self.prune_networks(&[])?;
        let images = self.prune_images(all)?;
        r.reclaimed += images.space_reclaimed;
        r.images = images.deleted;
        if volumes {
            let (gone, bytes) = self.prune_volumes()?;
            r.reclaimed += bytes;
            r.volumes = gone;
        }
        Ok(r)
    }
}
