//! Keys of containers.conf(5) that ctr honours (the containers ecosystem's engine
//! settings, shared with podman): `[containers] seccomp_profile`, `[engine]
//! cdi_spec_dirs`. The first file that sets a key wins: `CONTAINERS_CONF` alone when set,
//! else the user's, /etc's, then /usr/share's.

use std::path::PathBuf;

fn files() -> Vec<PathBuf> {
    if let Some(p) = std::env::var_os("CONTAINERS_CONF") {
        return vec![p.into()];
    }
    let mut files = Vec::new();
    if let Some(c) = dirs::config_dir() {
        files.push(c.join("containers/containers.conf"));
    }
    files.push("/etc/containers/containers.conf".into());
    files.push("/usr/share/containers/containers.conf".into());
    files
}

/// `[table] key`, from the first file that sets it (unreadable or broken files are
/// skipped, as podman reads them leniently for keys it does not need).
pub fn value(table: &str, key: &str) -> Option<toml::Value> {
    files().iter().find_map(|f| {
        let text = std::fs::read_to_string(f).ok()?;
        // Most files set none of ctr's keys (the packaged one is comments): parsed only
        // when a line sets the key (this runs on every `ctr run`).
        if !text.lines().any(|l| l.trim_start().starts_with(key)) {
            return None;
        }
        let v: toml::Value = toml::from_str(&text).ok()?;
        v.get(table)?.get(key).cloned()
    })
}
