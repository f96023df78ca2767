//! `ctr system df`: where the disk went, in Docker's shape. Image and layer sizes come
//! from the database (recorded at unpack); container layers and volumes are measured on
//! demand in one walk. Nothing is mounted.

use std::collections::HashMap;

use super::LocalEngine;
use crate::engine::EngineError;
pub use crate::engine::interface::{DfContainer, DfImage, DfVolume, DiskUsage, VolumeUsage, running};

impl LocalEngine {
    pub fn disk_usage(&mut self) -> Result<DiskUsage, EngineError> {
        let layers: HashMap<String, u64> = self.store.all_layers()?.into_iter().map(|l| (l.diff_id, l.size)).collect();
        // Intermediate build steps are the Build Cache: their layers no listed image uses.
        let cache_ids = self.store.build_cache_images()?;
        let (cached, images): (Vec<_>, Vec<_>) =
            self.store.images()?.into_iter().partition(|i| cache_ids.contains(&i.id));
        let listed: std::collections::HashSet<&String> = images.iter().flat_map(|i| i.layers.iter()).collect();
        let mut counted: std::collections::HashSet<&String> = std::collections::HashSet::new();
        let mut build_cache = Vec::new();
        for im in &cached {
            let size: u64 = im
                .layers
                .iter()
                .filter(|l| !listed.contains(l) && counted.insert(*l))
                .map(|l| layers.get(l.as_str()).copied().unwrap_or(0))
                .sum();
            build_cache.push(serde_json::json!({"ID": im.id, "Type": "regular", "Size": size, "CreatedAt": crate::timefmt::format_rfc3339(im.created), "InUse": false, "Shared": false, "UsageCount": 0}));
        }
        let containers = self.containers()?;
        let mut users: HashMap<String, usize> = HashMap::new();
        for im in &images {
            let mut seen = std::collections::HashSet::new();
            for l in &im.layers {
                if seen.insert(l) {
                    *users.entry(l.clone()).or_default() += 1;
                }
            }
        }
        let mut per_image: HashMap<&str, usize> = HashMap::new();
        for c in &containers {
            *per_image.entry(c.image_id.as_str()).or_default() += 1;
        }
        let df_images = images
            .iter()
            .map(|im| {
                let mut seen = std::collections::HashSet::new();
                let (mut size, mut shared) = (0, 0);
                for l in im.layers.iter().filter(|l| seen.insert(*l)) {
                    let s = layers.get(l).copied().unwrap_or(0);
                    size += s;
                    if users.get(l).copied().unwrap_or(0) > 1 {
                        shared += s;
                    }
                }
                DfImage {
                    id: im.id.clone(),
                    repo_tags: im.tags.clone(),
                    created: im.created,
                    size,
                    shared_size: shared,
                    unique_size: size - shared,
                    containers: per_image.get(im.id.as_str()).copied().unwrap_or(0),
                }
            })
            .collect();
        let vols = self.store.volumes()?;
        let mut paths: Vec<std::path::PathBuf> =
            containers.iter().map(|c| self.changes_dir(&c.id)).collect::<Result<_, _>>()?;
        paths.extend(vols.iter().map(|v| self.volume_mountpoint(v)));
        let sizes = self.measure(&paths)?;
        let df_containers = containers
            .iter()
            .zip(&sizes)
            .map(|(c, size)| {
                let cfg = super::ContainerConfig::of(c);
                let mut cmd = cfg.entrypoint.clone();
                cmd.extend(cfg.cmd.iter().cloned());
                let image_size: u64 = images
                    .iter()
                    .find(|i| i.id == c.image_id)
                    .map(|i| i.layers.iter().map(|l| layers.get(l).copied().unwrap_or(0)).sum())
                    .unwrap_or(0);
                DfContainer {
                    id: c.id.clone(),
                    names: vec![c.name.clone()],
                    image: c.image_name.clone(),
                    image_id: c.image_id.clone(),
                    command: cmd.join(" "),
                    created: c.created / 1_000_000_000,
                    state: c.state.as_str().to_string(),
                    size_rw: *size,
                    size_root_fs: size + image_size,
                    local_volumes: cfg.mounts.iter().filter(|m| m.volume.is_some()).count(),
                }
            })
            .collect();
        let mut df_volumes = Vec::new();
        for (v, size) in vols.iter().zip(&sizes[containers.len()..]) {
            df_volumes.push(DfVolume {
                name: v.name.clone(),
                driver: v.driver.clone(),
                mountpoint: self.volume_mountpoint(v).display().to_string(),
                usage_data: VolumeUsage { size: *size, ref_count: self.store.volume_users(&v.name)?.len() },
            });
        }
        Ok(DiskUsage {
            layers_size: layers.values().sum(),
            images: df_images,
            containers: df_containers,
            volumes: df_volumes,
            build_cache,
        })
    }
}
