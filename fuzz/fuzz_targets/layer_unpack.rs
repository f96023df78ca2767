//! A layer tar unpacked for real (`storage::unpack::unpack`, as a rootless user does it)
//! into a fresh directory: whatever the tar holds, nothing is written outside that
//! directory (nor hard-linked to a file beside it), and no symlink left in it resolves
//! outside it, followed from where it is. No panic.
#![no_main]

use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use ctr::storage::unpack::{UnpackOptions, unpack};
use libfuzzer_sys::fuzz_target;

static RUN: AtomicUsize = AtomicUsize::new(0);

/// Whether a relative link target, followed lexically from a directory `depth` levels
/// below the root, climbs above it at some point (an absolute one is the container's root).
fn climbs_out(depth: usize, target: &[u8]) -> bool {
    if target.starts_with(b"/") {
        return false;
    }
    let mut at = depth;
    for c in target.split(|b| *b == b'/') {
        match c {
            b"" | b"." => {}
            b".." if at == 0 => return true,
            b".." => at -= 1,
            _ => at += 1,
        }
    }
    false
}

/// Every symlink under `dir` (`depth` levels below the layer root), checked.
fn check_symlinks(dir: &Path, depth: usize) {
    for e in std::fs::read_dir(dir).expect("read the layer").flatten() {
        let ft = e.file_type().expect("file type");
        if ft.is_symlink() {
            let target = std::fs::read_link(e.path()).expect("readlink");
            assert!(
                !climbs_out(depth, target.as_os_str().as_bytes()),
                "{} -> {} leads out of the layer",
                e.path().display(),
                target.display()
            );
        } else if ft.is_dir() {
            check_symlinks(&e.path(), depth + 1);
        }
    }
}

/// Unpacked modes may deny the owner (a 000 directory): open directories up to remove them.
fn open_up(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            open_up(&e.path());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // Removed after each input (left behind on a failure, to look at).
    let n = RUN.fetch_add(1, Ordering::Relaxed);
    let run = std::env::temp_dir().join(format!("ctr-fuzz-unpack-{}-{n}", std::process::id()));
    let layer = run.join("layer");
    std::fs::create_dir_all(&layer).expect("make the layer directory");
    std::fs::write(run.join("outside"), b"untouched").expect("write the sentinel");
    // The default limits (a 1 GiB free-disk reserve, 100x over a 512 MiB floor).
    let opts = UnpackOptions { rootless: true, single_id: true, ..Default::default() };
    let _ = unpack(data, Some(data.len() as u64), &layer, opts);
    let mut beside: Vec<_> = std::fs::read_dir(&run).expect("read").flatten().map(|e| e.file_name()).collect();
    beside.sort();
    assert_eq!(beside, ["layer", "outside"], "something was written beside the layer");
    assert_eq!(std::fs::read(run.join("outside")).expect("read the sentinel"), b"untouched");
    let links = std::os::unix::fs::MetadataExt::nlink(&std::fs::metadata(run.join("outside")).expect("stat"));
    assert_eq!(links, 1, "the file beside the layer was hard-linked into it");
    open_up(&layer);
    check_symlinks(&layer, 0);
    std::fs::remove_dir_all(&run).expect("remove the run's directory");
});
