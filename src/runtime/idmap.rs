//! Idmapped mounts of the image layers, for real root running a container in a user
//! namespace (`--userns auto`): the layers stay owned by real ids on disk and are shown
//! shifted into the container's range (mount_setattr(2), MOUNT_ATTR_IDMAP). Runs in the
//! monitor, which first moves into a private mount namespace, so the mounts are never
//! seen on the host and go away with the container.

use std::ffi::CString;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use super::userns::Mapping;

const OPEN_TREE_CLONE: libc::c_uint = 1;
const AT_RECURSIVE: libc::c_uint = 0x8000;
const MOUNT_ATTR_IDMAP: u64 = 0x0010_0000;
const MOVE_MOUNT_F_EMPTY_PATH: libc::c_uint = 0x4;

#[repr(C)]
struct MountAttr {
    attr_set: u64,
    attr_clr: u64,
    propagation: u64,
    userns_fd: u64,
}

fn cstr(p: &Path) -> Result<CString, String> {
    CString::new(p.as_os_str().as_bytes()).map_err(|e| e.to_string())
}

/// A user namespace with `mapping`, held by an fd (the process that made it is gone).
fn userns_fd(mapping: &Mapping) -> Result<OwnedFd, String> {
    let (r, w) = nix::unistd::pipe().map_err(|e| e.to_string())?;
    // SAFETY: the monitor is single-threaded; the child only unshares and waits.
    match unsafe { nix::unistd::fork() }.map_err(|e| e.to_string())? {
        nix::unistd::ForkResult::Child => {
            drop(w);
            let _ = nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWUSER);
            let mut f = std::fs::File::from(r);
            let mut b = [0u8; 1];
            let _ = f.read(&mut b);
            // SAFETY: leaving the forked child without running atexit handlers.
            unsafe { libc::_exit(0) }
        }
        nix::unistd::ForkResult::Parent { child } => {
            drop(r);
            // Wait until the child is in its namespace (its ns link changes).
            let ours = std::fs::read_link("/proc/self/ns/user").ok();
            let path = format!("/proc/{child}/ns/user");
            for _ in 0..5000 {
                if std::fs::read_link(&path).ok() != ours {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            let result = super::userns::start_maps(child.as_raw() as u32, mapping)
                .and_then(|p| p.finish())
                .map_err(|e| e.to_string())
                .and_then(|_| std::fs::File::open(&path).map(OwnedFd::from).map_err(|e| e.to_string()));
            drop(w);
            let _ = nix::sys::wait::waitpid(child, None);
            result
        }
    }
}

/// Moves into a private mount namespace and mounts each of `lowers` idmapped with
/// `mapping` under `dir`/N; returns the new paths.
pub fn idmap_lowers(lowers: &[&str], mapping: &Mapping, dir: &Path) -> Result<Vec<PathBuf>, String> {
    use nix::mount::{MsFlags, mount};
    nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWNS).map_err(|e| format!("mount namespace: {e}"))?;
    mount(None::<&str>, "/", None::<&str>, MsFlags::MS_REC | MsFlags::MS_PRIVATE, None::<&str>)
        .map_err(|e| format!("make / private: {e}"))?;
    let ns = userns_fd(mapping)?;
    let _ = std::fs::create_dir_all(dir);
    let empty = CString::new("").expect("no NUL");
    let mut out = Vec::new();
    for (i, lower) in lowers.iter().enumerate() {
        let src = cstr(Path::new(lower))?;
        // SAFETY: open_tree with a valid path; returns a new fd or -1.
        let fd = unsafe {
            libc::syscall(
                libc::SYS_open_tree,
                libc::AT_FDCWD,
                src.as_ptr(),
                OPEN_TREE_CLONE | AT_RECURSIVE | libc::O_CLOEXEC as libc::c_uint,
            )
        };
        if fd < 0 {
            return Err(format!("open_tree {lower}: {}", std::io::Error::last_os_error()));
        }
        // SAFETY: the fd was just returned by open_tree and is ours.
        let tree = unsafe { OwnedFd::from_raw_fd(fd as i32) };
        let attr =
            MountAttr { attr_set: MOUNT_ATTR_IDMAP, attr_clr: 0, propagation: 0, userns_fd: ns.as_raw_fd() as u64 };
        // SAFETY: mount_setattr on our detached tree with a valid mount_attr of its size.
        let r = unsafe {
            libc::syscall(
                libc::SYS_mount_setattr,
                tree.as_raw_fd(),
                empty.as_ptr(),
                libc::AT_EMPTY_PATH | AT_RECURSIVE as i32,
                &attr as *const MountAttr,
                std::mem::size_of::<MountAttr>(),
            )
        };
        if r < 0 {
            return Err(format!(
                "idmapped mount of {lower}: {} (the file system must support idmapped mounts)",
                std::io::Error::last_os_error()
            ));
        }
        let target = dir.join(i.to_string());
        let _ = std::fs::create_dir_all(&target);
        let t = cstr(&target)?;
        // SAFETY: move_mount of our detached tree onto an existing directory.
        let r = unsafe {
            libc::syscall(
                libc::SYS_move_mount,
                tree.as_raw_fd(),
                empty.as_ptr(),
                libc::AT_FDCWD,
                t.as_ptr(),
                MOVE_MOUNT_F_EMPTY_PATH,
            )
        };
        if r < 0 {
            return Err(format!("attach the idmapped {lower}: {}", std::io::Error::last_os_error()));
        }
        out.push(target);
    }
    Ok(out)
}
