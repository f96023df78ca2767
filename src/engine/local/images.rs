//! Image operations of the local engine: list, inspect, tag, remove, prune, load, save,
//! import.

use std::collections::HashMap;
use std::io::Write;

use serde_json::{Value, json};

use super::{LocalEngine, short_digest};
use crate::digest::Compression;
use crate::engine::interface::HistoryEntry;
use crate::engine::{EngineError, ImageInspect, ImageSummary, LoadedImage, RemoveReport, RootFs};
use crate::image::archive::{self, ArchiveImage, Input, LayerBlob, SaveImage};
use crate::image::config::{self, Descriptor, ImageConfig, Manifest};
use crate::image::reference::{self, Reference};
use crate::storage::layers::LayerInput;
use crate::store::{ImageRecord, LayerRecord, NewImage};

pub use crate::engine::interface::{ImportOptions, SaveFormat};

/// An image as a manifest whose every blob is stored (see `complete_manifest`).
pub struct CompleteImage {
    pub config_digest: String,
    pub manifest_digest: String,
    pub manifest_type: String,
    pub manifest: Vec<u8>,
    /// Per layer: the manifest's blob, with the diff id and sizes of its content.
    pub layers: Vec<LayerRecord>,
}

impl LocalEngine {
    /// Finds an image by name (tag or digest) or by (short) id.
    pub fn resolve_image(&self, name: &str) -> Result<String, EngineError> {
        let not_found = || {
            EngineError::not_found(format!(
                "No such image: {name}: not found, no image has that name or id; see `ctr images`, or load it with `ctr load`"
            ))
        };
        let id_like = reference::is_id_prefix(name);
        if (!id_like || name.len() < 64)
            && let Ok(r) = Reference::parse(name)
        {
            if let Some(d) = &r.digest {
                if let Some(id) = self.store.image_by_repo_digest(&r.name(), d)? {
                    return Ok(id);
                }
                if let Some(im) = self.store.images()?.into_iter().find(|i| &i.manifest_digest == d) {
                    return Ok(im.id);
                }
            } else if let Some(id) = self.store.image_by_tag(&r.to_string())? {
                return Ok(id);
            }
        }
        if id_like {
            let ids = self.store.images_by_id_prefix(name)?;
            match ids.len() {
                0 => {}
                1 => return Ok(ids.into_iter().next().unwrap()),
                n => {
                    return Err(EngineError::invalid(format!(
                        "image id prefix {name:?} is ambiguous: {n} images match; give more digits"
                    )));
                }
            }
        }
        Err(not_found())
    }

    pub(crate) fn record(&self, id: &str) -> Result<ImageRecord, EngineError> {
        self.store.image(id)?.ok_or_else(|| EngineError::not_found(format!("image {id} not found")))
    }

    pub fn images(&self) -> Result<Vec<ImageSummary>, EngineError> {
        self.list_images(false)
    }

    /// The images; with `intermediate`, also the build steps kept as the build cache
    /// (`ctr images -a`).
    pub fn list_images(&self, intermediate: bool) -> Result<Vec<ImageSummary>, EngineError> {
        let cache = if intermediate { Default::default() } else { self.store.build_cache_images()? };
        Ok(self
            .store
            .images()?
            .into_iter()
            .filter(|im| !cache.contains(&im.id))
            .map(|im| ImageSummary {
                digest: im.manifest_digest.clone(),
                names: im.tags.clone(),
                repo_tags: im.tags,
                repo_digests: im.repo_digests,
                parent_id: String::new(),
                created: im.created,
                size: im.size,
                virtual_size: im.size,
                shared_size: -1,
                labels: Value::Null,
                containers: 0,
                id: im.id,
            })
            .collect())
    }

    pub fn inspect_image(&self, name: &str) -> Result<ImageInspect, EngineError> {
        let id = self.resolve_image(name)?;
        let im = self.record(&id)?;
        let cfg: Value = serde_json::from_slice(&self.blobs.read(&id)?)
            .map_err(|e| EngineError::new(crate::engine::ErrorKind::Internal, format!("stored config {id}: {e}")))?;
        let s = |k: &str| cfg.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        Ok(ImageInspect {
            id: im.id.clone(),
            digest: im.manifest_digest.clone(),
            repo_tags: im.tags.clone(),
            repo_digests: im.repo_digests.clone(),
            parent: String::new(),
            comment: s("comment"),
            created: crate::timefmt::format_rfc3339(im.created),
            author: s("author"),
            config: cfg.get("config").cloned().unwrap_or(json!({})),
            architecture: im.architecture.clone(),
            variant: cfg.get("variant").and_then(Value::as_str).map(str::to_string),
            os: im.os.clone(),
            size: im.size,
            virtual_size: im.size,
            root_fs: RootFs { kind: "layers".into(), layers: im.layers.clone() },
            history: cfg.get("history").cloned().unwrap_or(json!([])),
            manifest_type: im.manifest_type,
        })
    }

    /// `ctr history`: the config's history, newest first, each step with a layer given
    /// the size of the image's next layer; an image without history, a step per layer.
    pub fn history(&self, name: &str) -> Result<Vec<HistoryEntry>, EngineError> {
        let id = self.resolve_image(name)?;
        let im = self.record(&id)?;
        let cfg: Value = serde_json::from_slice(&self.blobs.read(&id)?)
            .map_err(|e| EngineError::new(crate::engine::ErrorKind::Internal, format!("stored config {id}: {e}")))?;
        let layers = self.store.layers_of(&id)?;
        let missing = || "<missing>".to_string();
        let mut steps = Vec::new();
        let mut li = 0;
        for h in cfg["history"].as_array().into_iter().flatten() {
            let empty = h["empty_layer"].as_bool().unwrap_or(false);
            let size = if empty {
                0
            } else {
                li += 1;
                layers.get(li - 1).map(|l| l.size).unwrap_or(0)
            };
            let s = |k: &str| h[k].as_str().unwrap_or("").to_string();
            steps.push(HistoryEntry {
                id: missing(),
                created: h["created"].as_str().and_then(crate::timefmt::parse_rfc3339).unwrap_or(0),
                created_by: s("created_by"),
                size,
                comment: s("comment"),
                empty_layer: empty,
                tags: Vec::new(),
            });
        }
        if steps.is_empty() {
            steps = layers.iter().map(|l| HistoryEntry { id: missing(), size: l.size, ..Default::default() }).collect();
        }
        steps.reverse();
        if let Some(top) = steps.first_mut() {
            top.id = id;
            top.tags = im.tags;
        }
        Ok(steps)
    }

    pub fn tag(&mut self, source: &str, targets: &[String]) -> Result<(), EngineError> {
        let id = self.resolve_image(source)?;
        for t in targets {
            let r = Reference::parse(t)?;
            if r.digest.is_some() {
                return Err(EngineError::invalid(format!(
                    "cannot tag {t:?}: a tag cannot contain a digest; use NAME[:TAG]"
                )));
            }
            self.store.tag(&r.to_string(), &id)?;
        }
        Ok(())
    }

    /// `ctr rmi`: untags a name; removes an image when its last name goes, or when named by
    /// id. An image a container uses is refused unless `force`.
    pub fn remove_images(&mut self, names: &[String], force: bool) -> Result<RemoveReport, EngineError> {
        let _lock = self.lock(true)?;
        let mut report = RemoveReport::default();
        for name in names {
            let id = self.resolve_image(name)?;
            let im = self.record(&id)?;
            let by_tag = Reference::parse(name).ok().map(|r| r.to_string()).filter(|t| im.tags.contains(t));
            if let (Some(tag), true) = (&by_tag, im.tags.len() > 1) {
                self.store.untag(tag)?;
                report.untagged.push(tag.clone());
                continue;
            }
            let users = self.store.containers_using(&id)?;
            if force {
                // like podman: --force removes the containers that use the image too
                for c in &users {
                    self.remove_container(c, true)?;
                }
            } else if !users.is_empty() {
                return Err(EngineError::conflict(format!(
                    "image {name} is in use by container(s) {}; remove them first (ctr rm) or use --force",
                    users.join(", ")
                )));
            }
            report.untagged.extend(im.tags.iter().cloned());
            self.delete_image(&id, &mut report)?;
        }
        self.collect_garbage()?;
        Ok(report)
    }

    fn delete_image(&mut self, id: &str, report: &mut RemoveReport) -> Result<(), EngineError> {
        let orphans = self.store.remove_image(id)?;
        let ids: Vec<String> = orphans.iter().map(|l| l.diff_id.clone()).collect();
        report.space_reclaimed += orphans.iter().map(|l| l.size + l.blob_size).sum::<u64>();
        self.layers().remove(&ids)?;
        report.deleted.push(id.to_string());
        Ok(())
    }

    /// Removes blobs no image needs and leftovers of interrupted work (exclusive lock held).
    fn collect_garbage(&self) -> Result<(), EngineError> {
        let keep = self.store.referenced_blobs()?;
        for d in self.blobs.list() {
            if !keep.contains(&d) {
                self.blobs.remove(&d);
            }
        }
        self.blobs.clean_tmp();
        self.layers().clean_leftovers()?;
        Ok(())
    }

    /// `ctr image prune`: dangling images (no tag), or with `all` every image no container uses.
    pub fn prune_images(&mut self, all: bool) -> Result<RemoveReport, EngineError> {
        let _lock = self.lock(true)?;
        let mut report = RemoveReport::default();
        for im in self.store.images()? {
            if (!all && !im.tags.is_empty()) || !self.store.containers_using(&im.id)?.is_empty() {
                continue;
            }
            report.untagged.extend(im.tags.iter().cloned());
            self.delete_image(&im.id, &mut report)?;
        }
        self.prune_layer_copies()?;
        self.collect_garbage()?;
        Ok(report)
    }

    /// The layer copies (storage::idcopy) of id maps no container has any more: an `auto`
    /// slice's, or keep-id's after its last container (the next one copies again).
    fn prune_layer_copies(&self) -> Result<(), EngineError> {
        let dir = self.root.join("idmapped-layers");
        let Ok(rd) = std::fs::read_dir(&dir) else { return Ok(()) };
        let used: std::collections::BTreeSet<String> = self
            .store
            .containers()?
            .iter()
            .filter_map(|r| super::containers::ContainerConfig::of(r).idmap.map(|m| m.key()))
            .collect();
        let mut trash = Vec::new();
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with('.') || used.contains(&name) {
                continue;
            }
            // Renamed first (within its directory, which is the user's): a half-removed
            // copy is never taken for a whole one.
            let t = crate::image::blobs::temp_name(&dir, ".trash-");
            if std::fs::rename(e.path(), &t).is_ok() {
                trash.push(t);
            }
        }
        self.layers().remove_paths(&trash)?;
        Ok(())
    }

    /// An image's layers as stored blobs (for an image made on top of it).
    pub fn layer_blobs(&self, image_id: &str) -> Result<Vec<crate::image::archive::LayerBlob>, EngineError> {
        Ok(self
            .store
            .layers_of(image_id)?
            .into_iter()
            .map(|l| crate::image::archive::LayerBlob {
                compression: Compression::of_media_type(&l.media_type),
                digest: l.blob_digest,
                size: l.blob_size,
            })
            .collect())
    }

    /// A new image: `parent`'s layers plus `layer` (an uncompressed layer blob already in
    /// the blob store) with the image config `cfg` (whose rootfs.diff_ids the caller keeps
    /// right). Untagged; returns its id. `ctr build` makes each step's image with this.
    pub fn derive_image(
        &mut self,
        parent: Option<&str>,
        layer: Option<(String, u64)>,
        cfg: &Value,
    ) -> Result<String, EngineError> {
        let _lock = self.lock(false)?;
        let mut layers = match parent {
            Some(p) => self.layer_blobs(p)?,
            None => Vec::new(),
        };
        if let Some((digest, size)) = layer {
            layers.push(crate::image::archive::LayerBlob {
                digest,
                size,
                compression: crate::digest::Compression::None,
            });
        }
        self.image_of_layers_locked(layers, cfg)
    }

    /// A new untagged image of layer blobs already stored and a config (whose diff_ids
    /// are the layers'); returns its id.
    pub fn image_of_layers(
        &mut self,
        layers: Vec<crate::image::archive::LayerBlob>,
        cfg: &Value,
    ) -> Result<String, EngineError> {
        let _lock = self.lock(false)?;
        self.image_of_layers_locked(layers, cfg)
    }

    fn image_of_layers_locked(
        &mut self,
        layers: Vec<crate::image::archive::LayerBlob>,
        cfg: &Value,
    ) -> Result<String, EngineError> {
        let cfg_bytes = serde_json::to_vec(cfg).map_err(std::io::Error::other)?;
        let config_digest = self.blobs.put_bytes(&cfg_bytes)?;
        Ok(self.commit(ArchiveImage { names: Vec::new(), config_digest, layers, manifest: None })?.id)
    }

    /// Whether a path (relative to the root) exists in an image: in any of its layers
    /// (a whiteout in a later layer is not looked at).
    pub fn image_has_path(&self, image_id: &str, rel: &std::path::Path) -> bool {
        self.store
            .layers_of(image_id)
            .unwrap_or_default()
            .iter()
            .any(|l| std::fs::symlink_metadata(self.layers().path(&l.diff_id).join(rel)).is_ok())
    }

    /// `ctr load`: stores every image of an archive. One that fails (a layer refused,
    /// corrupt, ...) gives its blobs back.
    pub fn load(&mut self, input: Input) -> Result<Vec<LoadedImage>, EngineError> {
        let lock = self.lock(false)?;
        let images = archive::read(&self.blobs, input)?;
        if images.is_empty() {
            return Err(EngineError::invalid("the archive holds no images"));
        }
        let stored: Vec<String> = images
            .iter()
            .flat_map(|im| {
                im.layers
                    .iter()
                    .map(|l| l.digest.clone())
                    .chain([im.config_digest.clone()])
                    .chain(im.manifest.iter().map(|(d, _)| d.clone()))
            })
            .collect();
        let mut out = Vec::new();
        for im in images {
            match self.commit(im) {
                Ok(l) => out.push(l),
                Err(e) => {
                    drop(lock);
                    self.give_back(&stored);
                    return Err(e);
                }
            }
        }
        Ok(out)
    }

    /// After a failed load or import: removes the blobs it stored that no image or layer
    /// refers to (garbage collection's rule), when no other ctr is adding to the store:
    /// the exclusive lock is tried, not waited for; if it is busy, the next garbage
    /// collection removes them. The caller's shared lock must be dropped.
    fn give_back(&self, digests: &[String]) {
        let Ok(_lock) = self.try_lock_exclusive() else { return };
        let Ok(keep) = self.store.referenced_blobs() else { return };
        for d in digests {
            if !keep.contains(d) {
                self.blobs.remove(d);
            }
        }
    }

    /// Unpacks what is missing of an image whose blobs are stored, and records it.
    pub fn commit(&mut self, im: ArchiveImage) -> Result<LoadedImage, EngineError> {
        let cfg_bytes = self.blobs.read(&im.config_digest)?;
        let cfg = ImageConfig::parse(&cfg_bytes)
            .map_err(|e| EngineError::invalid(format!("image {}: {e}", im.config_digest)))?;
        if cfg.diff_ids.len() != im.layers.len() {
            return Err(EngineError::invalid(format!(
                "image {}: its config lists {} layers but its manifest {}; the image is malformed",
                im.config_digest,
                cfg.diff_ids.len(),
                im.layers.len()
            )));
        }
        let mut warnings: Vec<String> = self.mapping().and_then(|m| m.warning()).into_iter().collect();
        let layers = self.ensure_layers(&im.layers, &cfg.diff_ids, &mut warnings)?;
        let (manifest_digest, manifest_type) = match &im.manifest {
            Some(m) => m.clone(),
            None => (
                self.synthesize_manifest(&im.config_digest, cfg_bytes.len(), &im.layers)?,
                config::OCI_MANIFEST.to_string(),
            ),
        };
        let tags: Vec<String> = im.names.iter().map(|r| r.to_string()).collect();
        self.store.add_image(&NewImage {
            id: &im.config_digest,
            manifest_digest: &manifest_digest,
            manifest_type: &manifest_type,
            created: cfg.created,
            architecture: &cfg.architecture,
            os: &cfg.os,
            layers: &layers,
            tags: &tags,
            repo_digest: None,
        })?;
        Ok(LoadedImage { id: im.config_digest, names: tags, warnings })
    }

    /// Makes sure each layer is unpacked and recorded; unpacks the missing ones in parallel.
    fn ensure_layers(
        &self,
        blobs: &[LayerBlob],
        diff_ids: &[String],
        warnings: &mut Vec<String>,
    ) -> Result<Vec<LayerRecord>, EngineError> {
        let mut have: HashMap<String, LayerRecord> = HashMap::new();
        let mut todo: Vec<(usize, LayerInput)> = Vec::new();
        for (i, (b, d)) in blobs.iter().zip(diff_ids).enumerate() {
            if let Some(rec) = self.store.layer(d)?
                && self.layers().exists(d)
            {
                have.insert(d.clone(), rec);
                continue;
            }
            if todo.iter().any(|(_, t)| t.expected_diff_id.as_deref() == Some(d)) {
                continue;
            }
            let input = LayerInput {
                blob: self.blobs.path(&b.digest)?,
                name: b.digest.clone(),
                expected_diff_id: Some(d.clone()),
            };
            todo.push((i, input));
        }
        if !todo.is_empty() {
            let inputs: Vec<LayerInput> = todo.iter().map(|(_, t)| t.clone()).collect();
            let results = self.layers().unpack(&inputs, self.unpack_limits()?)?;
            for ((i, _), r) in todo.iter().zip(results) {
                let stats = r?;
                warnings.extend(stats.warnings.iter().cloned());
                let b = &blobs[*i];
                have.insert(
                    stats.diff_id.clone(),
                    LayerRecord {
                        diff_id: stats.diff_id,
                        blob_digest: b.digest.clone(),
                        media_type: b.compression.oci_layer_media_type().into(),
                        blob_size: b.size,
                        diff_size: stats.diff_size,
                        size: stats.size,
                    },
                );
            }
        }
        diff_ids
            .iter()
            .map(|d| {
                have.get(d).cloned().ok_or_else(|| {
                    EngineError::new(crate::engine::ErrorKind::Internal, format!("layer {d} missing after unpack"))
                })
            })
            .collect()
    }

    fn synthesize_manifest(
        &self,
        config_digest: &str,
        config_size: usize,
        layers: &[LayerBlob],
    ) -> Result<String, EngineError> {
        let m = Manifest {
            schema_version: 2,
            media_type: config::OCI_MANIFEST.into(),
            config: Some(Descriptor {
                media_type: config::OCI_CONFIG.into(),
                digest: config_digest.into(),
                size: config_size as i64,
                annotations: None,
                platform: None,
            }),
            layers: layers
                .iter()
                .map(|l| Descriptor {
                    media_type: l.compression.oci_layer_media_type().into(),
                    digest: l.digest.clone(),
                    size: l.size as i64,
                    annotations: None,
                    platform: None,
                })
                .collect(),
            manifests: Vec::new(),
            annotations: None,
        };
        let bytes = serde_json::to_vec(&m).map_err(std::io::Error::other)?;
        Ok(self.blobs.put_bytes(&bytes)?)
    }

    /// An image's manifest with every blob it names in the content store. A layer that
    /// was already here when the image was pulled ("already exists") is unpacked but its
    /// blob of this manifest was never fetched: it is made again, as skopeo does when it
    /// must recompress, from another stored blob of the same content (the diff id stays,
    /// so the config does too) or else from the unpacked layer itself (a new tar, so a new
    /// diff id and config). Then the manifest is rewritten to the new digests and stored.
    /// The caller holds the store lock (shared), so what is made here is not collected
    /// before it is used.
    pub(crate) fn complete_manifest(
        &self,
        image_id: &str,
        manifest_digest: &str,
        manifest_type: &str,
        progress: &dyn crate::engine::Progress,
    ) -> Result<CompleteImage, EngineError> {
        let bytes = self.blobs.read(manifest_digest)?;
        let manifest: Manifest = serde_json::from_slice(&bytes)
            .map_err(|e| EngineError::invalid(format!("stored manifest {manifest_digest}: {e}")))?;
        let mut cfg_bytes = self.blobs.read(image_id)?;
        let cfg = ImageConfig::parse(&cfg_bytes).map_err(|e| EngineError::invalid(format!("image {image_id}: {e}")))?;
        if cfg.diff_ids.len() != manifest.layers.len() {
            return Err(EngineError::invalid(format!(
                "image {image_id}: its config lists {} layers but manifest {manifest_digest} {}; the image is malformed",
                cfg.diff_ids.len(),
                manifest.layers.len()
            )));
        }
        let mut layers = Vec::new();
        let mut raw: Option<Value> = None;
        for (i, (desc, diff_id)) in manifest.layers.iter().zip(&cfg.diff_ids).enumerate() {
            let rec = self.store.layer(diff_id)?.ok_or_else(|| {
                EngineError::not_found(format!(
                    "image {image_id}: layer {diff_id} is not recorded; remove the image and pull or load it again"
                ))
            })?;
            if self.blobs.has(&desc.digest) {
                layers.push(LayerRecord {
                    blob_digest: desc.digest.clone(),
                    media_type: desc.media_type.clone(),
                    blob_size: desc.size as u64,
                    ..rec
                });
                continue;
            }
            let want = Compression::of_media_type(&desc.media_type);
            progress.message(&format!(
                "Copying blob {}: not stored (its layer came from another blob); compressing the layer again",
                short_digest(&desc.digest)
            ));
            let made = self.layer_blob_again(&rec, want)?;
            if made.diff_id != *diff_id {
                let v = raw.get_or_insert_with(|| cfg.raw.clone());
                v["rootfs"]["diff_ids"][i] = json!(made.diff_id);
            }
            layers.push(LayerRecord { media_type: desc.media_type.clone(), ..made });
        }
        let mut config_digest = image_id.to_string();
        if let Some(v) = raw {
            cfg_bytes = serde_json::to_vec(&v).map_err(std::io::Error::other)?;
            config_digest = self.blobs.put_bytes(&cfg_bytes)?;
        }
        let changed =
            config_digest != image_id || layers.iter().zip(&manifest.layers).any(|(l, d)| l.blob_digest != d.digest);
        if !changed {
            return Ok(CompleteImage {
                config_digest,
                manifest_digest: manifest_digest.to_string(),
                manifest_type: manifest_type.to_string(),
                manifest: bytes,
                layers,
            });
        }
        // Edit the manifest as JSON, so fields this code does not model survive.
        let mut m: Value = serde_json::from_slice(&bytes).map_err(std::io::Error::other)?;
        m["config"]["digest"] = json!(config_digest);
        m["config"]["size"] = json!(cfg_bytes.len());
        for (i, l) in layers.iter().enumerate() {
            m["layers"][i]["digest"] = json!(l.blob_digest);
            m["layers"][i]["size"] = json!(l.blob_size);
        }
        let new = serde_json::to_vec(&m).map_err(std::io::Error::other)?;
        let new_digest = self.blobs.put_bytes(&new)?;
        Ok(CompleteImage {
            config_digest,
            manifest_digest: new_digest,
            manifest_type: manifest_type.to_string(),
            manifest: new,
            layers,
        })
    }

    /// A blob of a layer in the compression asked for: from the layer's own stored blob
    /// (decompressed, checked against the diff id, compressed again), or when that is
    /// gone too, a tar of the unpacked layer (owners as stored, whiteouts as `.wh.`).
    fn layer_blob_again(&self, rec: &LayerRecord, want: Compression) -> Result<LayerRecord, EngineError> {
        let encode = |r: &mut dyn std::io::Read| -> Result<(String, u64, String, u64), EngineError> {
            let mut plain = crate::digest::HashingReader::new(r);
            let (digest, size) = {
                let mut enc = want.encoder(&mut plain)?;
                self.blobs.put(&mut enc, None, "layer")?
            };
            let (diff_id, diff_size) = plain.finish()?;
            Ok((digest, size, diff_id, diff_size))
        };
        if self.blobs.has(&rec.blob_digest) {
            if Compression::of_media_type(&rec.media_type) == want {
                return Ok(rec.clone());
            }
            let (_, mut r) = crate::digest::auto_decompress(self.blobs.open(&rec.blob_digest)?)?;
            let (digest, size, diff_id, diff_size) = encode(&mut r)?;
            if diff_id != rec.diff_id {
                self.blobs.remove(&digest);
                return Err(crate::image::blobs::BlobError::Mismatch {
                    expected: rec.diff_id.clone(),
                    actual: diff_id,
                    what: format!("stored layer {}", rec.blob_digest),
                }
                .into());
            }
            return Ok(LayerRecord { blob_digest: digest, blob_size: size, diff_size, ..rec.clone() });
        }
        let dir = self.layers().path(&rec.diff_id);
        if !self.layers().exists(&rec.diff_id) {
            return Err(EngineError::not_found(format!(
                "layer {}: neither a blob of it nor its unpacked files are in the store; remove the image and pull or load it again",
                rec.diff_id
            )));
        }
        let (digest, size, diff_id, diff_size) = self.tar_job("tar-upper", &[dir], |r| encode(r))?;
        Ok(LayerRecord { diff_id, blob_digest: digest, blob_size: size, diff_size, ..rec.clone() })
    }

    /// `ctr save`: writes images (and all their names) to `out`.
    pub fn save(&self, names: &[String], format: SaveFormat, out: impl Write) -> Result<(), EngineError> {
        let _lock = self.lock(false)?;
        let mut images: Vec<SaveImage> = Vec::new();
        // The stored image ids of `images` (an image's config may be made anew for saving).
        let mut ids: Vec<String> = Vec::new();
        for n in names {
            let id = self.resolve_image(n)?;
            let im = self.record(&id)?;
            // Saved under the name asked for; by id, under all of its names.
            let asked = Reference::parse(n).ok().filter(|r| im.tags.contains(&r.to_string()));
            let refs: Vec<Reference> = match asked {
                Some(r) => vec![r],
                None => im.tags.iter().filter_map(|t| Reference::parse(t).ok()).collect(),
            };
            if let Some(i) = ids.iter().position(|i| *i == id) {
                images[i].names.extend(refs);
                continue;
            }
            // Every blob the archive names, made again where the store lacks one.
            let c = self.complete_manifest(&id, &im.manifest_digest, &im.manifest_type, &crate::engine::Quiet)?;
            ids.push(id);
            images.push(SaveImage {
                layers: c.layers,
                id: c.config_digest,
                names: refs,
                manifest_digest: c.manifest_digest,
                manifest_type: c.manifest_type,
            });
        }
        match format {
            SaveFormat::DockerArchive => archive::write_docker(&self.blobs, &images, out)?,
            SaveFormat::OciArchive => archive::write_oci(&self.blobs, &images, out)?,
        }
        Ok(())
    }

    /// `ctr import`: a root filesystem tarball becomes a one-layer image.
    pub fn import(
        &mut self,
        input: Input,
        name: Option<&str>,
        opts: &ImportOptions,
    ) -> Result<LoadedImage, EngineError> {
        let reference = name.map(Reference::parse).transpose()?;
        let mut config = json!({});
        for c in &opts.changes {
            apply_change(&mut config, c)?;
        }
        let lock = self.lock(false)?;
        let (source, (digest, size)) = match input {
            Input::Path(p) => {
                let mut f = std::fs::File::open(&p)
                    .map_err(|e| EngineError::invalid(format!("cannot open {}: {e}", p.display())))?;
                let source = p.display().to_string();
                let put = self.blobs.put(&mut f, None, &source)?;
                (source, put)
            }
            Input::Stdin => ("stdin".to_string(), self.blobs.put(&mut std::io::stdin().lock(), None, "stdin")?),
            Input::Reader(mut r) => ("the request body".to_string(), self.blobs.put(&mut r, None, "the request body")?),
        };
        let compression = {
            let mut head = [0u8; 4];
            let n = std::io::Read::read(&mut self.blobs.open(&digest)?, &mut head)?;
            Compression::sniff(&head[..n])
        };
        let input = LayerInput {
            blob: self.blobs.path(&digest)?,
            name: format!("{digest} ({source})"),
            expected_diff_id: None,
        };
        let unpacked = self.unpack_limits().and_then(|l| Ok(self.layers().unpack(&[input], l)?.remove(0)?));
        let stats = match unpacked {
            Ok(s) => s,
            Err(e) => {
                drop(lock);
                self.give_back(std::slice::from_ref(&digest));
                return Err(e);
            }
        };
        let now = crate::timefmt::format_rfc3339(crate::store::now());
        let plat = config::host_platform();
        let mut cfg = json!({
            "created": now,
            "architecture": plat.architecture,
            "os": plat.os,
            "config": config,
            "rootfs": {"type": "layers", "diff_ids": [stats.diff_id]},
            "history": [{"created": now, "created_by": "ctr import", "comment": opts.message.clone().unwrap_or_default()}],
        });
        if let Some(m) = &opts.message {
            cfg["comment"] = json!(m);
        }
        let cfg_bytes = serde_json::to_vec(&cfg).map_err(std::io::Error::other)?;
        let config_digest = self.blobs.put_bytes(&cfg_bytes)?;
        let mut warnings: Vec<String> = self.mapping().and_then(|m| m.warning()).into_iter().collect();
        warnings.extend(stats.warnings.iter().cloned());
        let layer = LayerBlob { digest, size, compression };
        let manifest_digest =
            self.synthesize_manifest(&config_digest, cfg_bytes.len(), std::slice::from_ref(&layer))?;
        let tags: Vec<String> = reference.iter().map(|r| r.to_string()).collect();
        let rec = LayerRecord {
            diff_id: stats.diff_id.clone(),
            blob_digest: layer.digest,
            media_type: compression.oci_layer_media_type().into(),
            blob_size: size,
            diff_size: stats.diff_size,
            size: stats.size,
        };
        self.store.add_image(&NewImage {
            id: &config_digest,
            manifest_digest: &manifest_digest,
            manifest_type: config::OCI_MANIFEST,
            created: crate::store::now(),
            architecture: &plat.architecture,
            os: &plat.os,
            layers: &[rec],
            tags: &tags,
            repo_digest: None,
        })?;
        Ok(LoadedImage { id: config_digest, names: tags, warnings })
    }
}

/// Applies one Dockerfile-style `--change` (CMD, ENTRYPOINT, ENV, WORKDIR, USER, EXPOSE,
/// LABEL, VOLUME, STOPSIGNAL) to an image config's `config` object.
pub fn apply_change(config: &mut Value, change: &str) -> Result<(), EngineError> {
    let (instr, rest) = change.trim().split_once([' ', '=']).ok_or_else(|| {
        EngineError::invalid(format!(
            "invalid --change {change:?}: expected INSTRUCTION VALUE, e.g. CMD=/bin/sh or ENV=A=1"
        ))
    })?;
    let rest = rest.trim();
    let exec_form = |v: &str| -> Value {
        match serde_json::from_str::<Vec<String>>(v) {
            Ok(a) => json!(a),
            Err(_) => json!(["/bin/sh", "-c", v]),
        }
    };
    let obj = config.as_object_mut().expect("config is an object");
    match instr.to_ascii_uppercase().as_str() {
        "CMD" => {
            obj.insert("Cmd".into(), exec_form(rest));
        }
        "ENTRYPOINT" => {
            obj.insert("Entrypoint".into(), exec_form(rest));
        }
        "ENV" => {
            let pairs = parse_pairs(rest, "ENV")?;
            let env = obj.entry("Env").or_insert(json!([]));
            let list = env.as_array_mut().expect("Env is an array");
            for (k, v) in pairs {
                list.retain(|e| e.as_str().and_then(|s| s.split_once('=')).map(|(ek, _)| ek) != Some(k.as_str()));
                list.push(json!(format!("{k}={v}")));
            }
        }
        "LABEL" => {
            let pairs = parse_pairs(rest, "LABEL")?;
            let labels = obj.entry("Labels").or_insert(json!({}));
            for (k, v) in pairs {
                labels[k] = json!(v);
            }
        }
        "WORKDIR" => {
            obj.insert("WorkingDir".into(), json!(rest));
        }
        "USER" => {
            obj.insert("User".into(), json!(rest));
        }
        "STOPSIGNAL" => {
            obj.insert("StopSignal".into(), json!(rest));
        }
        "EXPOSE" => {
            let ports = obj.entry("ExposedPorts").or_insert(json!({}));
            for p in rest.split_whitespace() {
                let p = if p.contains('/') { p.to_string() } else { format!("{p}/tcp") };
                ports[p] = json!({});
            }
        }
        "VOLUME" => {
            let vols = obj.entry("Volumes").or_insert(json!({}));
            let list: Vec<String> =
                serde_json::from_str(rest).unwrap_or_else(|_| rest.split_whitespace().map(String::from).collect());
            for v in list {
                vols[v] = json!({});
            }
        }
        other => {
            return Err(EngineError::invalid(format!(
                "invalid --change {change:?}: {other} is not supported; use one of CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR"
            )));
        }
    }
    Ok(())
}

/// `A=1 B="two words"` or the legacy `A 1` form.
fn parse_pairs(s: &str, what: &str) -> Result<Vec<(String, String)>, EngineError> {
    let bad = || EngineError::invalid(format!("invalid --change {what} {s:?}: expected KEY=VALUE"));
    if !s.contains('=') {
        let (k, v) = s.split_once(' ').ok_or_else(bad)?;
        return Ok(vec![(k.to_string(), v.trim().to_string())]);
    }
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(bad());
        }
        let mut val = String::new();
        let mut quote = None;
        while let Some(&c) = chars.peek() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, c) if c.is_whitespace() => break,
                (_, '\\') => {
                    chars.next();
                    if let Some(n) = chars.peek() {
                        val.push(*n);
                    }
                }
                (_, c) => val.push(c),
            }
            chars.next();
        }
        out.push((key, val));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes() {
        let mut c = json!({});
        apply_change(&mut c, "CMD [\"/bin/echo\", \"hi\"]").unwrap();
        apply_change(&mut c, "ENV=A=1 B=\"two words\"").unwrap();
        apply_change(&mut c, "ENV A=3").unwrap();
        apply_change(&mut c, "ENTRYPOINT /bin/sh").unwrap();
        apply_change(&mut c, "EXPOSE 80 53/udp").unwrap();
        assert_eq!(c["Cmd"], json!(["/bin/echo", "hi"]));
        assert_eq!(c["Env"], json!(["B=two words", "A=3"]));
        assert_eq!(c["Entrypoint"], json!(["/bin/sh", "-c", "/bin/sh"]));
        assert_eq!(c["ExposedPorts"], json!({"80/tcp": {}, "53/udp": {}}));
        assert!(apply_change(&mut c, "RUN rm -rf /").is_err());
        assert!(apply_change(&mut c, "CMD").is_err());
    }
}
