//! Where ctr keeps its data: the store root (images, layers, state db) and the runtime dir.

use std::path::PathBuf;

/// True when ctr runs as the real root user (no user namespace needed).
pub fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// The store root: `--root`/`CTR_ROOT` if given, else `$XDG_DATA_HOME/ctr`
/// (`~/.local/share/ctr`) for a user and `/var/lib/ctr` for root.
pub fn default_root() -> PathBuf {
    if is_root() {
        return PathBuf::from("/var/lib/ctr");
    }
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(d).join("ctr");
    }
    dirs::home_dir().unwrap_or_else(|| PathBuf::from("/tmp")).join(".local/share/ctr")
}

/// The runtime dir: `$XDG_RUNTIME_DIR/ctr` for a user, `/run/ctr` for root.
pub fn default_runroot() -> PathBuf {
    if is_root() {
        return PathBuf::from("/run/ctr");
    }
    match std::env::var_os("XDG_RUNTIME_DIR").filter(|v| !v.is_empty()) {
        Some(d) => PathBuf::from(d).join("ctr"),
        None => std::env::temp_dir().join(format!("ctr-{}", nix::unistd::geteuid())),
    }
}

/// Where podman keeps login credentials for this session:
/// `$XDG_RUNTIME_DIR/containers/auth.json`, `/run/containers/0/auth.json` for root.
pub fn runtime_auth_file() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("XDG_RUNTIME_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(d).join("containers/auth.json"));
    }
    is_root().then(|| PathBuf::from("/run/containers/0/auth.json"))
}

/// The user's config dir (`$XDG_CONFIG_HOME`, `~/.config`).
pub fn config_home() -> PathBuf {
    if let Some(d) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(d);
    }
    dirs::home_dir().unwrap_or_else(|| PathBuf::from("/")).join(".config")
}
