//! The layer-entry path checks of `storage::unpack`. `clean_path` never returns an empty,
//! `.`, `..` or `/`-holding component, and refuses exactly the absolute paths and those
//! with a `..` component. `symlink_escapes` agrees with a lexical resolver: a symlink deemed
//! not escaping, read from a directory `depth` levels below the layer root, resolves to a
//! path inside the root.
//!
//! Input: the first byte is the depth (0-255), the rest a path or link target.
#![no_main]

use ctr::storage::unpack::{clean_path, symlink_escapes};
use libfuzzer_sys::fuzz_target;

/// Resolves `target` from a directory `depth` levels deep, component by component; None
/// when it climbs above the root.
fn resolve(depth: usize, target: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut at: Vec<Vec<u8>> = (0..depth).map(|i| format!("d{i}").into_bytes()).collect();
    for c in target.split(|b| *b == b'/') {
        match c {
            b"" | b"." => {}
            b".." => {
                at.pop()?;
            }
            c => at.push(c.to_vec()),
        }
    }
    Some(at)
}

fuzz_target!(|data: &[u8]| {
    let Some((&depth, path)) = data.split_first() else { return };
    let depth = usize::from(depth);
    match clean_path(path) {
        Ok(parts) => {
            assert!(!path.starts_with(b"/"));
            for p in &parts {
                assert!(!p.is_empty() && *p != b"." && *p != b".." && !p.contains(&b'/'), "{path:?}: {p:?}");
            }
            let kept: Vec<&[u8]> = path.split(|b| *b == b'/').filter(|c| !c.is_empty() && *c != b".").collect();
            assert_eq!(parts, kept);
        }
        Err(_) => assert!(path.starts_with(b"/") || path.split(|b| *b == b'/').any(|c| c == b"..")),
    }
    let escapes = symlink_escapes(depth, path);
    if path.starts_with(b"/") {
        // Resolved against the container's root when it is followed, never the host's.
        assert!(!escapes);
    } else {
        assert_eq!(escapes, resolve(depth, path).is_none(), "depth {depth}, {path:?}");
    }
});
