//! Layers back into tars: a container's upper directory as an image layer (overlay
//! whiteouts become `.wh.` entries again) for `ctr commit`, and the merged view of a
//! container's layers for `ctr export`. Runs as root of the user namespace, so owners
//! are the container's ids and every file is readable.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

fn is_whiteout(m: &std::fs::Metadata) -> bool {
    m.file_type().is_char_device() && m.rdev() == 0
}

fn is_opaque(p: &Path) -> bool {
    ["user.overlay.opaque", "trusted.overlay.opaque"].iter().any(|k| {
        let Ok(path) = std::ffi::CString::new(p.as_os_str().as_bytes()) else { return false };
        let Ok(name) = std::ffi::CString::new(*k) else { return false };
        let mut buf = [0u8; 4];
        // SAFETY: valid NUL-terminated strings and a buffer of the given length.
        let n = unsafe { libc::lgetxattr(path.as_ptr(), name.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
        n == 1 && buf[0] == b'y'
    })
}

fn builder<W: Write>(out: W) -> tar::Builder<W> {
    let mut b = tar::Builder::new(out);
    b.follow_symlinks(false);
    b.mode(tar::HeaderMode::Complete);
    b
}

fn empty_file(b: &mut tar::Builder<impl Write>, name: &Path) -> io::Result<()> {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Regular);
    h.set_size(0);
    h.set_mode(0o644);
    h.set_mtime(0);
    b.append_data(&mut h, name, io::empty())
}

/// Hard-linked files seen so far: (device, inode) -> the name the first went in as.
type Links = std::collections::HashMap<(u64, u64), std::path::PathBuf>;

/// Appends `p` as `name`; a file whose inode went in before goes as a hard link to it.
fn append(
    b: &mut tar::Builder<impl Write>,
    links: &mut Links,
    p: &Path,
    name: &Path,
    m: &std::fs::Metadata,
) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    if m.is_file() && m.nlink() > 1 {
        if let Some(first) = links.get(&(m.dev(), m.ino())) {
            let mut h = tar::Header::new_gnu();
            h.set_metadata_in_mode(m, tar::HeaderMode::Complete);
            h.set_entry_type(tar::EntryType::Link);
            h.set_size(0);
            return b.append_link(&mut h, name, first);
        }
        links.insert((m.dev(), m.ino()), name.to_path_buf());
    }
    b.append_path_with_name(p, name)
}

/// The upper directory of a container as an OCI layer tar.
pub fn tar_upper(upper: &Path, out: impl Write) -> io::Result<()> {
    let mut b = builder(out);
    walk_upper(&mut b, &mut Links::new(), upper, Path::new(""))?;
    b.into_inner()?.flush()
}

fn walk_upper(b: &mut tar::Builder<impl Write>, links: &mut Links, root: &Path, rel: &Path) -> io::Result<()> {
    let dir = root.join(rel);
    let mut names: Vec<OsString> = std::fs::read_dir(&dir)?.filter_map(|e| e.ok().map(|e| e.file_name())).collect();
    names.sort();
    for n in names {
        let r = rel.join(&n);
        let p = root.join(&r);
        let m = std::fs::symlink_metadata(&p)?;
        if is_whiteout(&m) {
            let mut wh = OsString::from(".wh.");
            wh.push(&n);
            empty_file(b, &rel.join(wh))?;
            continue;
        }
        append(b, links, &p, &r, &m)?;
        if m.is_dir() {
            if is_opaque(&p) {
                empty_file(b, &r.join(".wh..wh..opq"))?;
            }
            walk_upper(b, links, root, &r)?;
        }
    }
    Ok(())
}

/// The union of `layers` (top first), as the container sees its root: whiteouts hide,
/// opaque directories stop the lower layers, the topmost entry of a name wins.
pub fn tar_merged(layers: &[PathBuf], out: impl Write) -> io::Result<()> {
    let mut b = builder(out);
    walk_merged(&mut b, &mut Links::new(), layers, Path::new(""), 0)?;
    b.into_inner()?.flush()
}

fn walk_merged(
    b: &mut tar::Builder<impl Write>,
    links: &mut Links,
    layers: &[PathBuf],
    rel: &Path,
    from: usize,
) -> io::Result<()> {
    // name -> (layer where it is topmost, its metadata)
    let mut seen: BTreeMap<OsString, (usize, std::fs::Metadata)> = BTreeMap::new();
    for (i, layer) in layers.iter().enumerate().skip(from) {
        let dir = layer.join(rel);
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => {}
            _ => continue,
        }
        for e in std::fs::read_dir(&dir)?.flatten() {
            let n = e.file_name();
            if seen.contains_key(&n) {
                continue;
            }
            if let Ok(m) = e.path().symlink_metadata() {
                seen.insert(n, (i, m));
            }
        }
        if is_opaque(&dir) {
            break;
        }
    }
    for (n, (i, m)) in seen {
        if is_whiteout(&m) {
            continue;
        }
        let r = rel.join(&n);
        append(b, links, &layers[i].join(&r), &r, &m)?;
        if m.is_dir() {
            walk_merged(b, links, layers, &r, i)?;
        }
    }
    Ok(())
}

/// `ctr __userns user tar-upper DIR` / `tar-merged DIR...`: the tar goes to stdout.
pub fn helper(job: &str, args: &[OsString]) -> i32 {
    let out = io::BufWriter::with_capacity(1 << 20, io::stdout().lock());
    let r = match job {
        "tar-upper" => tar_upper(Path::new(&args[0]), out),
        _ => tar_merged(&args.iter().map(PathBuf::from).collect::<Vec<_>>(), out),
    };
    match r {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(io::stderr(), "ctr: writing the tar: {e}");
            1
        }
    }
}
