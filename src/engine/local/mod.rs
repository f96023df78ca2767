//! The engine in-process: orchestrates the state database, the content store and the
//! layer store.

pub mod containers;
pub mod df;
mod engine;
pub mod health;
mod images;
pub mod networks;
mod pause;
mod pods;
pub mod pull;
pub mod system;
pub mod volumes;

use std::cell::OnceCell;
use std::fs::File;
use std::path::{Path, PathBuf};

use nix::fcntl::{Flock, FlockArg};

use crate::engine::EngineError;
use crate::image::blobs::BlobStore;
use crate::runtime::userns::Mapping;
use crate::storage::layers::LayerStore;
use crate::store::Store;

pub use containers::{ContainerConfig, CreateOptions, LogOptions};
pub use images::{ImportOptions, SaveFormat};
pub use networks::NetworkCreate;
pub use pods::{PodConfig, PodCreateOptions};
pub use pull::{PullOptions, PushOptions, is_short, short as short_digest};
pub use volumes::{ResolvedMount, VolumeCreate};

pub struct LocalEngine {
    pub root: PathBuf,
    pub runroot: PathBuf,
    pub(crate) store: Store,
    pub(crate) blobs: BlobStore,
    layers: OnceCell<LayerStore>,
    mapping: OnceCell<Option<Mapping>>,
    /// The monitor `ctr run` started ahead, for the next attached start.
    pub(crate) ahead: Option<crate::monitor::Ahead>,
}

/// What a container leaves when it goes, removed with only the store and the paths: the
/// monitor of an `--rm` container uses this, not a whole `LocalEngine`.
pub struct Leftovers {
    root: PathBuf,
    runroot: PathBuf,
}

impl Leftovers {
    pub fn new(root: &Path, runroot: &Path) -> Leftovers {
        Leftovers { root: root.to_path_buf(), runroot: runroot.to_path_buf() }
    }

    /// Removes a tree that may hold files of subordinate ids: directly, else as root of
    /// the user namespace (rootless).
    fn remove_tree(&self, p: &Path) -> Result<(), EngineError> {
        if crate::storage::layers::remove_tree(p).is_err() {
            let mapping = (!crate::paths::is_root()).then(Mapping::for_current_user);
            LayerStore::new(&self.root, mapping).remove_paths(&[p.to_path_buf()])?;
        }
        Ok(())
    }

    /// The container's record, bundle and data directory.
    pub fn remove_container(&self, store: &mut Store, id: &str) -> Result<(), EngineError> {
        let p = crate::monitor::Paths::new(&self.root, &self.runroot, id);
        store.remove_container(id)?;
        let _ = std::fs::remove_dir_all(&p.bundle);
        self.remove_tree(&p.data)
    }

    /// The directories of volumes whose records are gone (`forget_anonymous_volumes`).
    pub fn delete_volume_dirs(&self, names: &[String]) -> Result<(), EngineError> {
        for n in names {
            self.remove_tree(&self.root.join("volumes").join(n))?;
        }
        Ok(())
    }
}

/// A held store lock; released on drop (and by the kernel if the process dies).
pub struct StoreLock(#[allow(dead_code)] Flock<File>);

impl LocalEngine {
    pub fn open(root: &Path, runroot: &Path) -> Result<LocalEngine, EngineError> {
        std::fs::create_dir_all(root).map_err(|e| {
            EngineError::new(
                crate::engine::ErrorKind::Internal,
                format!(
                    "cannot create the store directory {}: {e}; pick another with --root or CTR_ROOT",
                    root.display()
                ),
            )
        })?;
        let blobs = BlobStore::new(root);
        blobs.ensure_dirs()?;
        let store = Store::open(&root.join("ctr.db"))?;
        crate::runtime::pause::set_dir(runroot);
        Ok(LocalEngine {
            root: root.to_path_buf(),
            runroot: runroot.to_path_buf(),
            store,
            blobs,
            layers: OnceCell::new(),
            mapping: OnceCell::new(),
            ahead: None,
        })
    }

    /// A monitor started ahead (`monitor::spawn_ahead`) serves the next attached start.
    /// `ctr run`'s engine: the start path never checkpoints the store's WAL either.
    pub fn with_monitor_ahead(mut self, ahead: Option<crate::monitor::Ahead>) -> LocalEngine {
        self.ahead = ahead;
        self.store.defer_checkpoints();
        self
    }

    /// The id mapping used for layers (None when running as real root).
    pub fn mapping(&self) -> Option<&Mapping> {
        self.mapping.get_or_init(|| (!crate::paths::is_root()).then(Mapping::for_current_user)).as_ref()
    }

    pub(crate) fn layers(&self) -> &LayerStore {
        self.layers.get_or_init(|| LayerStore::new(&self.root, self.mapping().cloned()))
    }

    /// The storage driver of a container made now, and why (`storage::driver`).
    pub fn storage_choice(&self) -> Result<crate::storage::driver::Choice, EngineError> {
        crate::storage::driver::choose(&self.root, &self.runroot, self.mapping()).map_err(EngineError::invalid)
    }

    /// How far a layer may go when it is unpacked: ctr.conf and the environment, read
    /// at each unpack (a long-running service sees edits).
    pub(crate) fn unpack_limits(&self) -> Result<crate::storage::unpack::UnpackLimits, EngineError> {
        Ok(crate::config::Config::load()?.storage.unpack_limits())
    }

    /// Shared lock: held by anything that adds to the store (load, import, pull), so
    /// garbage collection never runs underneath it. Exclusive: held by removal.
    fn lock(&self, exclusive: bool) -> Result<StoreLock, EngineError> {
        let p = self.root.join("store.lock");
        let f = File::options().create(true).truncate(false).write(true).open(&p)?;
        let arg = if exclusive { FlockArg::LockExclusive } else { FlockArg::LockShared };
        let l = Flock::lock(f, arg).map_err(|(_, e)| std::io::Error::from(e))?;
        Ok(StoreLock(l))
    }

    /// The exclusive lock if no one holds the store's lock now, without waiting.
    fn try_lock_exclusive(&self) -> Result<StoreLock, EngineError> {
        let p = self.root.join("store.lock");
        let f = File::options().create(true).truncate(false).write(true).open(&p)?;
        let l = Flock::lock(f, FlockArg::LockExclusiveNonblock).map_err(|(_, e)| std::io::Error::from(e))?;
        Ok(StoreLock(l))
    }

    /// Runs `args` in the user namespace ctr uses for this user (`ctr unshare`).
    pub fn unshare(&self, args: &[std::ffi::OsString]) -> Result<i32, EngineError> {
        let Some(m) = self.mapping() else {
            return Err(EngineError::invalid(
                "ctr unshare is for unprivileged users; as root there is no user namespace to enter",
            ));
        };
        let mut a = vec![std::ffi::OsString::from("exec")];
        a.extend(args.iter().cloned());
        let root = self.root.clone();
        let mut child = crate::runtime::userns::spawn(m, crate::runtime::userns::Extra::Mount, &a, |c| {
            c.env("CONTAINERS_GRAPHROOT", &root).env("CTR_ROOT", &root);
        })?;
        let status = child.wait()?;
        use std::os::unix::process::ExitStatusExt;
        Ok(status.code().unwrap_or_else(|| 128 + status.signal().unwrap_or(0)))
    }
}
