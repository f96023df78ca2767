//! Which storage driver a container's root filesystem gets: the kernel's overlay, ctr's
//! own FUSE overlay (`storage::fuse`), or vfs (a full copy, `storage::vfs`).
//!
//! Asked for by `--storage-driver`, `CTR_STORAGE_DRIVER` (both through clap) or ctr.conf's
//! `[storage] driver`; `auto` (the default) probes once per store and caches the answer in
//! the runroot: a test mount of the kernel's overlay (in the user namespace, with an upper
//! directory on the store's file system), else a test FUSE mount, else vfs. A container
//! keeps the driver it was made with (its config records it).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Driver {
    #[default]
    Overlay,
    Fuse,
    Vfs,
}

impl Driver {
    pub fn name(self) -> &'static str {
        match self {
            Driver::Overlay => "overlay",
            Driver::Fuse => "fuse",
            Driver::Vfs => "vfs",
        }
    }

    /// A driver's name; `auto` (or nothing) is None.
    pub fn parse(s: &str) -> Result<Option<Driver>, String> {
        match s.trim() {
            "" | "auto" => Ok(None),
            "overlay" | "overlay2" => Ok(Some(Driver::Overlay)),
            "fuse" | "fuse-overlayfs" => Ok(Some(Driver::Fuse)),
            "vfs" => Ok(Some(Driver::Vfs)),
            other => Err(format!("unknown storage driver {other:?}: use overlay, fuse, vfs or auto")),
        }
    }
}

/// The driver and why it was chosen (`ctr info`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Choice {
    pub driver: Driver,
    pub reason: String,
}

static REQUESTED: OnceLock<String> = OnceLock::new();

/// The global flag's value (or CTR_STORAGE_DRIVER's, which clap reads into it).
pub fn set_requested(value: Option<&str>) -> Result<(), String> {
    if let Some(v) = value {
        Driver::parse(v).map_err(|e| format!("--storage-driver: {e}"))?;
        let _ = REQUESTED.set(v.to_string());
    }
    Ok(())
}

/// What this process was asked for: the flag or environment, else ctr.conf; None is auto.
pub fn requested() -> Result<(Option<Driver>, &'static str), String> {
    if let Some(v) = REQUESTED.get() {
        return Ok((Driver::parse(v)?, "--storage-driver or CTR_STORAGE_DRIVER"));
    }
    let conf = crate::config::Config::load().map_err(|e| e.to_string())?;
    match conf.storage.driver {
        Some(d) => Ok((Driver::parse(&d)?, "ctr.conf [storage] driver")),
        None => Ok((None, "")),
    }
}

/// The driver for a new container in the store `root`.
pub fn choose(
    root: &Path,
    runroot: &Path,
    mapping: Option<&crate::runtime::userns::Mapping>,
) -> Result<Choice, String> {
    match requested()? {
        (Some(driver), source) => Ok(Choice { driver, reason: format!("asked for by {source}") }),
        (None, _) => Ok(probe_cached(root, runroot, mapping)),
    }
}

fn cache_file(runroot: &Path) -> PathBuf {
    runroot.join("storage-driver.json")
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Cached {
    root: PathBuf,
    choice: Choice,
}

/// `auto`: the probe's answer, cached in the runroot (which a reboot empties).
pub fn probe_cached(root: &Path, runroot: &Path, mapping: Option<&crate::runtime::userns::Mapping>) -> Choice {
    let file = cache_file(runroot);
    if let Ok(c) =
        std::fs::read(&file).map_err(|_| ()).and_then(|b| serde_json::from_slice::<Cached>(&b).map_err(|_| ()))
        && c.root == root
    {
        return c.choice;
    }
    let choice = probe(root, mapping);
    if let Ok(b) = serde_json::to_vec(&Cached { root: root.to_path_buf(), choice: choice.clone() }) {
        let tmp = file.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, b).is_ok() {
            let _ = std::fs::rename(&tmp, &file);
        }
    }
    choice
}

/// Runs the probe as root of the user namespace (in-process, in a child, as real root).
fn probe(root: &Path, mapping: Option<&crate::runtime::userns::Mapping>) -> Choice {
    let dir = root.join(format!("probe-{}", std::process::id()));
    let out = match mapping {
        Some(m) => {
            let args = ["probe-storage".into(), dir.clone().into_os_string()];
            crate::runtime::userns::spawn(m, crate::runtime::userns::Extra::Mount, &args, |c| {
                c.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::null());
            })
            .map_err(|e| e.to_string())
            .and_then(|c| c.wait_with_output().map_err(|e| e.to_string()))
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        }
        None => std::process::Command::new("/proc/self/exe")
            .args(["__probe-storage".as_ref(), dir.as_os_str()])
            .stderr(std::process::Stdio::null())
            .output()
            .map_err(|e| e.to_string())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned()),
    };
    let out = out.unwrap_or_else(|e| format!("vfs\nthe probe did not run: {e}\n"));
    let (driver, reason) = out.split_once('\n').unwrap_or((out.as_str(), ""));
    Choice {
        driver: Driver::parse(driver).ok().flatten().unwrap_or(Driver::Vfs),
        reason: format!("auto: {}", reason.trim()),
    }
}

/// The probe itself (`ctr __userns user+mount probe-storage DIR`, or `ctr __probe-storage
/// DIR` as root, which unshares its mount namespace first): prints the driver and why.
pub fn probe_main(dir: &Path) -> i32 {
    use std::io::Write;
    if crate::paths::is_root() && nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWNS).is_ok() {
        let _ = nix::mount::mount(
            None::<&str>,
            "/",
            None::<&str>,
            nix::mount::MsFlags::MS_REC | nix::mount::MsFlags::MS_PRIVATE,
            None::<&str>,
        );
    }
    let (driver, reason) = probe_here(dir);
    let _ = crate::storage::layers::remove_tree(dir);
    let _ = write!(std::io::stdout(), "{}\n{reason}\n", driver.name());
    0
}

fn probe_here(dir: &Path) -> (Driver, String) {
    use nix::mount::{MntFlags, MsFlags, mount, umount2};
    let mk = |n: &str| {
        let p = dir.join(n);
        std::fs::create_dir_all(&p).map(|_| p)
    };
    let overlay = (|| -> Result<(), String> {
        let (l, u, w, m) = (
            mk("lower").map_err(|e| e.to_string())?,
            mk("upper").map_err(|e| e.to_string())?,
            mk("work").map_err(|e| e.to_string())?,
            mk("merged").map_err(|e| e.to_string())?,
        );
        let s = |p: &Path| p.display().to_string();
        crate::runtime::rootfs::mount_overlay(&s(&l), &s(&u), &s(&w), &m, !crate::paths::is_root())
            .map_err(|e| e.desc().to_string())?;
        // A write through it: some file systems mount as an upper but cannot copy up.
        let r = std::fs::write(m.join("probe"), b"x").map_err(|e| format!("a write through it failed: {e}"));
        let _ = umount2(&m, MntFlags::MNT_DETACH);
        r
    })();
    let why_not_overlay = match overlay {
        Ok(()) => {
            return (Driver::Overlay, "a test mount of the kernel's overlay on the store's file system worked".into());
        }
        Err(e) => format!("the kernel's overlay failed a test mount on the store's file system ({e})"),
    };
    let fuse = (|| -> Result<(), String> {
        let fd = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/fuse")
            .map_err(|e| format!("/dev/fuse: {e}"))?;
        let m = mk("fuse").map_err(|e| e.to_string())?;
        let data = format!("fd={},rootmode=40000,user_id=0,group_id=0", std::os::fd::AsRawFd::as_raw_fd(&fd));
        mount(Some("ctr-probe"), &m, Some("fuse"), MsFlags::MS_NODEV | MsFlags::MS_NOSUID, Some(data.as_str()))
            .map_err(|e| format!("a test FUSE mount failed: {}", e.desc()))?;
        let _ = umount2(&m, MntFlags::MNT_DETACH);
        Ok(())
    })();
    match fuse {
        Ok(()) => (Driver::Fuse, format!("{why_not_overlay}; a test FUSE mount worked")),
        Err(e) => (Driver::Vfs, format!("{why_not_overlay}; {e}; vfs copies every layer per container")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(Driver::parse("auto").unwrap(), None);
        assert_eq!(Driver::parse("").unwrap(), None);
        assert_eq!(Driver::parse("fuse").unwrap(), Some(Driver::Fuse));
        assert_eq!(Driver::parse("overlay").unwrap(), Some(Driver::Overlay));
        assert_eq!(Driver::parse("vfs").unwrap(), Some(Driver::Vfs));
        let e = Driver::parse("btrfs").unwrap_err();
        assert!(e.contains("\"btrfs\"") && e.contains("overlay, fuse, vfs or auto"), "{e}");
        for d in [Driver::Overlay, Driver::Fuse, Driver::Vfs] {
            assert_eq!(Driver::parse(d.name()).unwrap(), Some(d));
        }
    }
}
