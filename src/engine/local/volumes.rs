//! Volumes: named data directories under `volumes/NAME/_data` that outlive containers.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::LocalEngine;
pub use crate::engine::interface::VolumeCreate;
use crate::engine::interface::{VolumeEngine, VolumeReport};
use crate::engine::mounts::{self, MountSpec, Source};
use crate::engine::{EngineError, ErrorKind};
use crate::store::VolumeRecord;

/// A mount as the container gets it: resolved sources, what to copy up, what to chown.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ResolvedMount {
    pub spec: MountSpec,
    /// The host path (a volume's data dir, or the bind source); empty for tmpfs.
    pub host_path: String,
    /// The volume's name, for volumes.
    pub volume: Option<String>,
    /// Copy the image's content at the target into the (empty) volume first.
    pub copy_up: bool,
    /// Chown the volume's root to uid:gid first (`o=uid=,gid=`, or `:U`: the container's user).
    pub chown: Option<(Option<u32>, Option<u32>)>,
}

pub(super) fn parse_kv(items: &[String], what: &str) -> Result<BTreeMap<String, String>, EngineError> {
    let mut m = BTreeMap::new();
    for i in items {
        let (k, v) = i.split_once('=').unwrap_or((i.as_str(), ""));
        if k.is_empty() {
            return Err(EngineError::invalid(format!("invalid {what} {i:?}: write KEY=VALUE")));
        }
        m.insert(k.to_string(), v.to_string());
    }
    Ok(m)
}

/// A volume's `--opt`s (the API's `DriverOpts`), checked: the local driver's type, device
/// and mount options.
pub fn volume_options(opts: &[String]) -> Result<BTreeMap<String, String>, EngineError> {
    let options = parse_kv(opts, "--opt")?;
    for (k, v) in &options {
        match k.as_str() {
            "type" if matches!(v.as_str(), "none" | "bind" | "tmpfs") => {}
            "device" if v.starts_with('/') => {
                if !std::path::Path::new(v).is_dir() {
                    return Err(EngineError::invalid(format!("--opt device={v}: no such directory")));
                }
            }
            "o" => {
                for part in v.split(',') {
                    let (pk, pv) = part.split_once('=').unwrap_or((part, ""));
                    match pk {
                        "uid" | "gid" if pv.parse::<u32>().is_ok() => {}
                        "bind" | "rbind" | "ro" | "rw" | "nodev" | "noexec" | "nosuid" if pv.is_empty() => {}
                        "size" | "mode" if !pv.is_empty() => {}
                        _ => {
                            return Err(EngineError::invalid(format!(
                                "--opt o={v}: unknown or malformed {part:?}; use uid=N, gid=N, bind, ro, size=, mode="
                            )));
                        }
                    }
                }
            }
            _ => {
                return Err(EngineError::invalid(format!(
                    "invalid --opt {k}={v}: ctr knows type=none|bind|tmpfs, device=/absolute/path, o=uid=N,gid=N,bind"
                )));
            }
        }
    }
    Ok(options)
}

impl LocalEngine {
    pub fn volume_path(&self, name: &str) -> PathBuf {
        self.root.join("volumes").join(name).join("_data")
    }

    /// Where a volume's data is: its own dir, or `device=` of a bind volume.
    pub fn volume_mountpoint(&self, v: &VolumeRecord) -> PathBuf {
        match (v.options.get("type").map(String::as_str), v.options.get("device")) {
            (Some("none") | Some("bind") | None, Some(d))
                if v.options.get("o").is_some_and(|o| o.split(',').any(|x| x == "bind")) =>
            {
                PathBuf::from(d)
            }
            _ => self.volume_path(&v.name),
        }
    }

    /// `ctr volume create`: an existing name is an error (like podman).
    pub fn create_volume(&mut self, o: &VolumeCreate) -> Result<VolumeRecord, EngineError> {
        if !o.driver.is_empty() && o.driver != "local" {
            return Err(EngineError::new(
                ErrorKind::NotSupported,
                format!("volume driver {:?} is not available: ctr has only the local driver", o.driver),
            ));
        }
        let name = match &o.name {
            Some(n) if !mounts::valid_volume_name(n) => {
                return Err(EngineError::invalid(format!("invalid volume name {n:?}: use [a-zA-Z0-9][a-zA-Z0-9_.-]*")));
            }
            Some(n) => n.clone(),
            None => super::containers::new_id(),
        };
        let options = volume_options(&o.opts)?;
        let rec = VolumeRecord {
            name: name.clone(),
            driver: "local".into(),
            created: crate::store::now(),
            labels: parse_kv(&o.labels, "--label")?,
            options,
            anonymous: o.name.is_none(),
        };
        self.add_volume_record(rec, true)
    }

    fn add_volume_record(&mut self, rec: VolumeRecord, must_be_new: bool) -> Result<VolumeRecord, EngineError> {
        let dir = self.volume_path(&rec.name);
        std::fs::create_dir_all(&dir)
            .map_err(|e| EngineError::new(ErrorKind::Internal, format!("cannot create {}: {e}", dir.display())))?;
        if !self.store.add_volume(&rec)? {
            if must_be_new {
                return Err(EngineError::conflict(format!(
                    "volume {:?} already exists; pick another name or remove it (ctr volume rm)",
                    rec.name
                )));
            }
            return self.volume(&rec.name);
        }
        Ok(rec)
    }

    pub fn volume(&self, name: &str) -> Result<VolumeRecord, EngineError> {
        self.store.volume(name)?.ok_or_else(|| {
            EngineError::not_found(format!(
                "volume {name:?} not found; see `ctr volume ls`, or create it with `ctr volume create {name}`"
            ))
        })
    }

    pub fn volumes(&self) -> Result<Vec<VolumeRecord>, EngineError> {
        Ok(self.store.volumes()?)
    }

    /// `ctr volume inspect`.
    pub fn inspect_volume(&self, name: &str) -> Result<VolumeReport, EngineError> {
        let v = self.volume(name)?;
        self.volume_report(&v)
    }

    pub fn volume_report(&self, v: &VolumeRecord) -> Result<VolumeReport, EngineError> {
        Ok(VolumeReport {
            name: v.name.clone(),
            driver: v.driver.clone(),
            mountpoint: self.volume_mountpoint(v).display().to_string(),
            created_at: crate::timefmt::format_rfc3339(v.created),
            labels: v.labels.clone(),
            scope: "local".into(),
            options: v.options.clone(),
            anonymous: v.anonymous,
            ref_count: self.store.volume_users(&v.name)?.len(),
        })
    }

    /// The volumes passing every filter (`volume ls --filter`, `GET /volumes?filters=`):
    /// name= (a part of the name), driver=, label=KEY[=VALUE], dangling=, anonymous=.
    pub fn list_volumes(&self, filters: &[String]) -> Result<Vec<VolumeReport>, EngineError> {
        for f in filters {
            let k = f.split_once('=').map(|x| x.0).unwrap_or(f);
            if !["name", "driver", "dangling", "label", "anonymous"].contains(&k) {
                return Err(EngineError::invalid(format!(
                    "invalid --filter {f:?}: use name=, label=KEY[=VALUE], dangling=true|false, driver=local"
                )));
            }
        }
        let yes = |v: &str| v == "true" || v == "1";
        let mut out = Vec::new();
        for v in self.volumes()? {
            let r = self.volume_report(&v)?;
            let keep = filters.iter().all(|f| {
                let (k, val) = f.split_once('=').unwrap_or((f.as_str(), ""));
                match k {
                    "name" => r.name.contains(val),
                    "driver" => r.driver == val,
                    "dangling" => (r.ref_count == 0) == yes(val),
                    "label" => {
                        let (lk, lv) = val.split_once('=').unwrap_or((val, ""));
                        r.labels.get(lk).is_some_and(|x| lv.is_empty() || x == lv)
                    }
                    "anonymous" => r.anonymous == yes(val),
                    _ => false,
                }
            });
            if keep {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// `ctr volume rm`: refused while a container uses the volume, unless `force`, which
    /// removes those containers first (podman's -f).
    pub fn remove_volume(&mut self, name: &str, force: bool) -> Result<(), EngineError> {
        let v = self.volume(name)?;
        let users = self.store.volume_users(&v.name)?;
        if !users.is_empty() {
            if !force {
                let names: Vec<String> = users.iter().map(|u| u[..12.min(u.len())].to_string()).collect();
                return Err(EngineError::conflict(format!(
                    "volume {name:?} is used by container(s) {}; remove them first, or use -f to remove them with it",
                    names.join(", ")
                )));
            }
            for u in users {
                self.remove_container(&u, true)?;
            }
        }
        self.delete_volume(&v.name)
    }

    fn delete_volume(&mut self, name: &str) -> Result<(), EngineError> {
        self.store.remove_volume(name)?;
        self.delete_volume_dirs(&[name.to_string()])
    }

    /// `ctr volume prune`: every volume no container uses. Returns (names, bytes).
    pub fn prune_volumes(&mut self) -> Result<(Vec<String>, u64), EngineError> {
        let mut gone = Vec::new();
        let vols = self.store.volumes()?;
        let sizes = self.measure(&vols.iter().map(|v| self.volume_path(&v.name)).collect::<Vec<_>>())?;
        let mut bytes = 0;
        for (v, size) in vols.iter().zip(sizes) {
            if self.store.volume_users(&v.name)?.is_empty() {
                self.delete_volume(&v.name)?;
                bytes += size;
                gone.push(v.name.clone());
            }
        }
        Ok((gone, bytes))
    }

    /// The volumes a container uses.
    pub fn container_volume_names(&mut self, key: &str) -> Result<Vec<String>, EngineError> {
        let rec = self.current(key)?;
        Ok(self.store.container_volumes(&rec.id)?)
    }

    /// For `run --rm`: drops the records of the anonymous volumes a removed container
    /// leaves (so they are gone when the client returns); `delete_volume_dirs` later.
    pub fn forget_anonymous_volumes(&mut self, names: &[String]) -> Result<Vec<String>, EngineError> {
        forget_anonymous_volumes(&mut self.store, names)
    }

    pub fn delete_volume_dirs(&mut self, names: &[String]) -> Result<(), EngineError> {
        super::Leftovers::new(&self.root, &self.runroot).delete_volume_dirs(names)
    }

    /// Anonymous volumes a removed container leaves (`rm -v`).
    pub fn remove_anonymous_volumes(&mut self, names: &[String]) -> Result<(), EngineError> {
        let gone = self.forget_anonymous_volumes(names)?;
        self.delete_volume_dirs(&gone)
    }

    /// Resolves a new container's mounts: volumes are created as needed (an empty new
    /// one gets the image's content at its target), bind sources must exist.
    pub fn resolve_mounts(&mut self, specs: &[MountSpec]) -> Result<Vec<ResolvedMount>, EngineError> {
        mounts::check_unique(specs).map_err(EngineError::invalid)?;
        for m in specs {
            if let Source::Bind { path } = &m.source
                && !std::path::Path::new(path).exists()
            {
                return Err(EngineError::invalid(format!(
                    "bind mount source {path} does not exist; create it first (ctr does not create host paths)"
                )));
            }
            if let Source::Volume { name: Some(n) } = &m.source
                && let Some(v) = self.store.volume(n)?
                && let Some(d) = v.options.get("device")
                && !std::path::Path::new(d).is_dir()
            {
                return Err(EngineError::invalid(format!("volume {n}: its device {d} is gone")));
            }
        }
        let mut out = Vec::new();
        for m in specs {
            let r = match &m.source {
                Source::Bind { path } => ResolvedMount {
                    spec: m.clone(),
                    host_path: path.clone(),
                    volume: None,
                    copy_up: false,
                    chown: m.chown.then_some((None, None)),
                },
                Source::Tmpfs { .. } => ResolvedMount {
                    spec: m.clone(),
                    host_path: String::new(),
                    volume: None,
                    copy_up: false,
                    chown: None,
                },
                Source::Volume { name } => {
                    let rec = match name {
                        Some(n) => match self.store.volume(n)? {
                            Some(v) => v,
                            None => self.add_volume_record(
                                VolumeRecord {
                                    name: n.clone(),
                                    driver: "local".into(),
                                    created: crate::store::now(),
                                    labels: BTreeMap::new(),
                                    options: BTreeMap::new(),
                                    anonymous: false,
                                },
                                false,
                            )?,
                        },
                        None => self.add_volume_record(
                            VolumeRecord {
                                name: super::containers::new_id(),
                                driver: "local".into(),
                                created: crate::store::now(),
                                labels: BTreeMap::new(),
                                options: BTreeMap::new(),
                                anonymous: true,
                            },
                            true,
                        )?,
                    };
                    let path = self.volume_mountpoint(&rec);
                    let empty = std::fs::read_dir(&path).map(|mut d| d.next().is_none()).unwrap_or(false);
                    let ids = |k: &str| {
                        rec.options.get("o").and_then(|o| {
                            o.split(',')
                                .find_map(|p| p.strip_prefix(&format!("{k}=")).and_then(|v| v.parse::<u32>().ok()))
                        })
                    };
                    let chown = if m.chown {
                        Some((None, None))
                    } else if ids("uid").is_some() || ids("gid").is_some() {
                        Some((ids("uid"), ids("gid")))
                    } else {
                        None
                    };
                    let mut spec = m.clone();
                    spec.source = Source::Volume { name: Some(rec.name.clone()) };
                    ResolvedMount {
                        spec,
                        host_path: path.display().to_string(),
                        volume: Some(rec.name.clone()),
                        // A subpath gets nothing from the image (docker copies into
                        // a volume's root only).
                        copy_up: empty && !m.nocopy && m.subpath.is_none(),
                        chown,
                    }
                }
            };
            out.push(r);
        }
        Ok(out)
    }

    /// Bytes of file content under each path (hard links once), walked in the user
    /// namespace when rootless (a container's files belong to subordinate ids).
    pub fn measure(&self, paths: &[PathBuf]) -> Result<Vec<u64>, EngineError> {
        if paths.is_empty() {
            return Ok(Vec::new());
        }
        match self.mapping() {
            None => Ok(paths.iter().map(|p| du(p)).collect()),
            Some(m) => {
                use std::io::Read;
                let mut args = vec![std::ffi::OsString::from("du")];
                args.extend(paths.iter().map(|p| p.as_os_str().to_owned()));
                let mut child = crate::runtime::userns::spawn(m, crate::runtime::userns::Extra::None, &args, |c| {
                    c.stdout(std::process::Stdio::piped());
                })?;
                let mut out = String::new();
                child.stdout.take().expect("piped").read_to_string(&mut out)?;
                child.wait()?;
                let v: Vec<u64> = out.lines().map(|l| l.trim().parse().unwrap_or(0)).collect();
                Ok(paths.iter().enumerate().map(|(i, _)| v.get(i).copied().unwrap_or(0)).collect())
            }
        }
    }
}

/// Bytes of regular files under `p` (hard links counted once; no symlink followed): the
/// same measure as a layer's recorded size.
pub fn du(p: &std::path::Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let mut seen = std::collections::HashSet::new();
    let mut total = 0;
    let mut stack = vec![p.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let Ok(m) = e.metadata() else { continue };
            if m.is_dir() {
                stack.push(e.path());
            } else if m.is_file() {
                if m.nlink() > 1 && !seen.insert((m.dev(), m.ino())) {
                    continue;
                }
                total += m.len();
            }
        }
    }
    total
}

/// `ctr __userns user du PATH...`: one size per line.
pub fn helper_du(paths: &[std::ffi::OsString]) -> i32 {
    use std::io::Write;
    let mut out = std::io::stdout();
    for p in paths {
        let _ = writeln!(out, "{}", du(std::path::Path::new(p)));
    }
    0
}

/// Drops the records of the anonymous volumes among `names` that no container uses any
/// more; returns those (their directories are the caller's to delete, after).
pub fn forget_anonymous_volumes(store: &mut crate::store::Store, names: &[String]) -> Result<Vec<String>, EngineError> {
    let mut out = Vec::new();
    for n in names {
        if let Some(v) = store.volume(n)?
            && v.anonymous
            && store.volume_users(n)?.is_empty()
        {
            store.remove_volume(n)?;
            out.push(n.clone());
        }
    }
    Ok(out)
}

impl VolumeEngine for LocalEngine {
    fn volume_create(&mut self, o: &VolumeCreate) -> Result<String, EngineError> {
        self.create_volume(o).map(|v| v.name)
    }

    fn volume_exists(&mut self, name: &str) -> Result<bool, EngineError> {
        Ok(self.volume(name).is_ok())
    }

    fn volume_list(&mut self, filters: &[String]) -> Result<Vec<VolumeReport>, EngineError> {
        self.list_volumes(filters)
    }

    fn volume_inspect(&mut self, name: &str) -> Result<VolumeReport, EngineError> {
        self.inspect_volume(name)
    }

    fn volume_remove(&mut self, name: &str, force: bool) -> Result<(), EngineError> {
        self.remove_volume(name, force)
    }

    fn volume_prune(&mut self) -> Result<(Vec<String>, u64), EngineError> {
        self.prune_volumes()
    }
}
