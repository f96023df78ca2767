//! Hostile and unusual layers: each refused with a clear error, nothing written outside the
//! layer directory; device nodes skipped with a warning; whiteouts made for overlay.

use std::os::unix::fs::{FileTypeExt, MetadataExt};

use crate::common::*;

/// Imports a hand-made layer; returns the output.
fn import(env: &Env, entries: &[Entry]) -> Out {
    let tarball = env.path("layer.tar");
    std::fs::write(&tarball, make_tar(entries)).unwrap();
    env.run(&["import", tarball.to_str().unwrap(), "hostile:test"])
}

fn outside(env: &Env) -> std::path::PathBuf {
    let o = env.path("outside");
    std::fs::create_dir_all(&o).unwrap();
    std::fs::write(o.join("secret"), b"do not touch").unwrap();
    o
}

fn assert_refused(env: &Env, o: &Out, why: &str) {
    assert_eq!(o.code, 125, "hostile layer was accepted:\n{}\n{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("hostile layer") && o.stderr.contains(why), "unclear error: {}", o.stderr);
    let out = env.path("outside");
    let names: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("secret")], "something was written outside");
    assert_eq!(std::fs::metadata(out.join("secret")).unwrap().nlink(), 1, "secret was hard-linked");
    assert!(env.image_ids().is_empty(), "no image may be recorded");
    let left: Vec<_> = std::fs::read_dir(env.root.join("layers"))
        .map(|r| r.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "layer dir leftovers: {left:?}");
}

#[test]
fn dotdot_path_is_refused() {
    let env = Env::new("h-dotdot");
    outside(&env);
    let o = import(&env, &[Entry::File("../../../../outside/pwned", b"x")]);
    assert_refused(&env, &o, "path traversal");
    let o = import(&env, &[Entry::Dir("a/"), Entry::File("a/../../../../../outside/pwned", b"x")]);
    assert_refused(&env, &o, "path traversal");
}

#[test]
fn absolute_path_is_refused() {
    let env = Env::new("h-abs");
    let out = outside(&env);
    let target = out.join("pwned");
    let o = import(&env, &[Entry::File(target.to_str().unwrap(), b"x")]);
    assert_refused(&env, &o, "absolute path");
}

#[test]
fn write_through_symlinked_parent_is_refused() {
    let env = Env::new("h-symparent");
    let out = outside(&env);
    let o = import(&env, &[Entry::Symlink("evil", out.to_str().unwrap()), Entry::File("evil/pwned", b"x")]);
    assert_refused(&env, &o, "symlinked parent directory");
    // nested, and a relative link that stays inside the layer but is still a symlink
    let o = import(&env, &[Entry::Dir("a/"), Entry::Symlink("a/b", "/"), Entry::File("a/b/pwned", b"x")]);
    assert_refused(&env, &o, "symlinked parent directory");
    let o = import(&env, &[Entry::Dir("d/"), Entry::Symlink("l", "d"), Entry::File("l/x", b"x")]);
    assert_refused(&env, &o, "symlinked parent directory");
}

#[test]
fn symlink_climbing_out_is_refused() {
    let env = Env::new("h-symout");
    outside(&env);
    let o = import(&env, &[Entry::Symlink("up", "../../../../outside")]);
    assert_refused(&env, &o, "points outside the layer root");
    let o = import(&env, &[Entry::Dir("a/"), Entry::Symlink("a/up", "../../x")]);
    assert_refused(&env, &o, "points outside the layer root");
}

#[test]
fn hardlink_out_of_the_layer_is_refused() {
    let env = Env::new("h-hardlink");
    let out = outside(&env);
    let o = import(&env, &[Entry::Hardlink("hl", "../../../../outside/secret")]);
    assert_refused(&env, &o, "path traversal");
    let abs = out.join("secret");
    let o = import(&env, &[Entry::Hardlink("hl", abs.to_str().unwrap())]);
    assert_refused(&env, &o, "absolute path");
    // through a symlink planted in the layer
    let o = import(&env, &[Entry::Symlink("s", out.to_str().unwrap()), Entry::Hardlink("hl", "s/secret")]);
    assert_refused(&env, &o, "symlinked parent directory");
}

#[test]
fn absolute_symlinks_and_hardlinks_inside_are_fine() {
    let env = Env::new("h-fine");
    let o = import(
        &env,
        &[
            Entry::Dir("etc/"),
            Entry::File("etc/passwd", b"root:x:0:0::/:/bin/sh\n"),
            Entry::Symlink("abs", "/etc/passwd"),
            Entry::Symlink("etc/rel", "../etc/passwd"),
            Entry::Hardlink("etc/hard", "etc/passwd"),
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let diff = env.inspect("hostile:test")["RootFS"]["Layers"][0].as_str().unwrap().to_string();
    assert_eq!(std::fs::read_link(layer_path(&env, &diff, "abs")).unwrap().to_str(), Some("/etc/passwd"));
    assert_eq!(std::fs::metadata(layer_path(&env, &diff, "etc/hard")).unwrap().nlink(), 2);
}

#[test]
fn device_nodes_are_skipped_with_a_warning() {
    let env = Env::new("h-dev");
    let o = import(&env, &[Entry::Dir("dev/"), Entry::CharDev("dev/null", 1, 3), Entry::File("ok", b"fine")]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let diff = env.inspect("hostile:test")["RootFS"]["Layers"][0].as_str().unwrap().to_string();
    let node = std::fs::symlink_metadata(layer_path(&env, &diff, "dev/null"));
    if is_root() {
        // real root creates device nodes, as docker and podman do
        let m = node.unwrap();
        assert!(m.file_type().is_char_device() && m.rdev() == libc::makedev(1, 3));
    } else {
        assert!(o.stderr.contains("skipped 1 device node"), "{}", o.stderr);
        assert!(node.is_err());
    }
    assert_eq!(std::fs::read(layer_path(&env, &diff, "ok")).unwrap(), b"fine");
}

#[test]
fn whiteouts_become_overlay_whiteouts() {
    let env = Env::new("h-wh");
    let o = import(
        &env,
        &[
            Entry::Dir("d/"),
            Entry::File("d/.wh..wh..opq", b""),
            Entry::File("d/keep", b"k"),
            Entry::File(".wh.gone", b""),
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let diff = env.inspect("hostile:test")["RootFS"]["Layers"][0].as_str().unwrap().to_string();
    let gone = std::fs::symlink_metadata(layer_path(&env, &diff, "gone")).unwrap();
    assert!(gone.file_type().is_char_device() && gone.rdev() == 0, "whiteout is a 0/0 char device");
    assert!(!layer_path(&env, &diff, ".wh.gone").exists());
    assert!(!layer_path(&env, &diff, "d/.wh..wh..opq").exists());
    let d = std::ffi::CString::new(layer_path(&env, &diff, "d").to_str().unwrap()).unwrap();
    // rootless overlay (userxattr) reads user.overlay.*, a root mount trusted.overlay.*
    let name = if is_root() { c"trusted.overlay.opaque" } else { c"user.overlay.opaque" };
    let mut buf = [0u8; 8];
    // SAFETY: valid NUL-terminated strings and a buffer of the given length.
    let n = unsafe { libc::lgetxattr(d.as_ptr(), name.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
    assert_eq!(n, 1, "opaque xattr missing");
    assert_eq!(buf[0], b'y');
}

#[test]
fn ownership_beyond_the_mapped_range_is_a_clear_error() {
    let env = Env::new("h-unmapped");
    let o = import(&env, &[Entry::FileOwned("f", b"x", 4_000_000, 4_000_000)]);
    if is_root() {
        assert_eq!(o.code, 0, "root maps every id: {}", o.stderr);
        return;
    }
    assert_eq!(o.code, 125, "{}", o.stderr);
    assert!(o.stderr.contains("not mapped in the user namespace") && o.stderr.contains("/etc/subuid"), "{}", o.stderr);
}
