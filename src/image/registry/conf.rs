//! `registries.conf` (v2, containers-registries.conf(5)): search registries for short
//! names, aliases, and per-registry `location` rewrites, `insecure`, `blocked` and mirrors.
//!
//! Files: `$CONTAINERS_REGISTRIES_CONF` alone when set; otherwise
//! `~/.config/containers/registries.conf` if it exists, else
//! `/etc/containers/registries.conf`, then the drop-ins of `/etc/containers/registries.conf.d`
//! and `~/.config/containers/registries.conf.d` in name order, later ones overriding.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::RegistryError;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct File {
    unqualified_search_registries: Option<Vec<String>>,
    short_name_mode: Option<String>,
    #[serde(default)]
    registry: Vec<RawRegistry>,
    #[serde(default)]
    aliases: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct RawRegistry {
    prefix: Option<String>,
    location: Option<String>,
    insecure: Option<bool>,
    blocked: Option<bool>,
    #[serde(default)]
    mirror: Vec<RawMirror>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct RawMirror {
    location: String,
    insecure: Option<bool>,
}

/// One `[[registry]]` table, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub prefix: String,
    pub location: String,
    pub insecure: bool,
    pub blocked: bool,
    pub mirrors: Vec<(String, bool)>,
}

/// Where to fetch `registry/repository` from: a host and the repository on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub registry: String,
    pub repository: String,
    pub insecure: bool,
    pub mirror: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RegistriesConf {
    pub search: Vec<String>,
    pub short_name_mode: String,
    pub entries: Vec<Entry>,
    pub aliases: BTreeMap<String, String>,
    pub files: Vec<PathBuf>,
}

impl RegistriesConf {
    pub fn load() -> Result<RegistriesConf, RegistryError> {
        let mut files = Vec::new();
        if let Some(p) = std::env::var_os("CONTAINERS_REGISTRIES_CONF").filter(|v| !v.is_empty()) {
            files.push(PathBuf::from(p));
        } else {
            let user = crate::paths::config_home().join("containers");
            let main = user.join("registries.conf");
            files.push(if main.exists() { main } else { "/etc/containers/registries.conf".into() });
            for dir in [PathBuf::from("/etc/containers/registries.conf.d"), user.join("registries.conf.d")] {
                let mut d: Vec<PathBuf> = std::fs::read_dir(&dir)
                    .map(|rd| {
                        rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "conf")).collect()
                    })
                    .unwrap_or_default();
                d.sort();
                files.extend(d);
            }
        }
        let mut conf = RegistriesConf { short_name_mode: "permissive".into(), ..Default::default() };
        for f in files {
            match std::fs::read_to_string(&f) {
                Ok(text) => conf.merge(&f, &text)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(RegistryError::Config(format!("cannot read {}: {e}", f.display()))),
            }
        }
        Ok(conf)
    }

    pub fn parse(text: &str) -> Result<RegistriesConf, RegistryError> {
        let mut c = RegistriesConf::default();
        c.merge(Path::new("registries.conf"), text)?;
        Ok(c)
    }

    fn merge(&mut self, path: &Path, text: &str) -> Result<(), RegistryError> {
        let f: File = toml::from_str(text).map_err(|e| {
            RegistryError::Config(format!(
                "{}: {}; see containers-registries.conf(5) for the v2 format",
                path.display(),
                e.message()
            ))
        })?;
        self.files.push(path.to_path_buf());
        if let Some(s) = f.unqualified_search_registries {
            self.search = s;
        }
        if let Some(m) = f.short_name_mode {
            self.short_name_mode = m;
        }
        self.aliases.extend(f.aliases);
        for r in f.registry {
            let prefix = r.prefix.clone().or_else(|| r.location.clone()).ok_or_else(|| {
                RegistryError::Config(format!("{}: a [[registry]] has neither prefix nor location", path.display()))
            })?;
            let prefix = prefix.trim_end_matches('/').to_string();
            let e = Entry {
                location: r.location.clone().unwrap_or_else(|| prefix.clone()).trim_end_matches('/').to_string(),
                insecure: r.insecure.unwrap_or(false),
                blocked: r.blocked.unwrap_or(false),
                mirrors: r
                    .mirror
                    .iter()
                    .map(|m| (m.location.trim_end_matches('/').to_string(), m.insecure.unwrap_or(false)))
                    .collect(),
                prefix,
            };
            self.entries.retain(|x| x.prefix != e.prefix);
            self.entries.push(e);
        }
        Ok(())
    }

    /// The `[[registry]]` whose prefix matches `name` (registry/repository) best.
    pub fn entry_for(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().filter(|e| prefix_matches(&e.prefix, name)).max_by_key(|e| e.prefix.len())
    }

    /// Where to pull `registry/repository` from, mirrors first; an error when blocked.
    pub fn endpoints(&self, registry: &str, repository: &str, pull: bool) -> Result<Vec<Endpoint>, RegistryError> {
        let name = format!("{registry}/{repository}");
        let Some(e) = self.entry_for(&name) else {
            return Ok(vec![Endpoint {
                registry: registry.into(),
                repository: repository.into(),
                insecure: false,
                mirror: false,
            }]);
        };
        if e.blocked {
            return Err(RegistryError::Blocked(name));
        }
        let rewrite = |location: &str| -> Endpoint {
            let rest = if e.prefix.starts_with("*.") {
                name.clone()
            } else {
                format!("{location}{}", &name[e.prefix.len()..])
            };
            let (reg, repo) = rest.split_once('/').unwrap_or((&rest, ""));
            Endpoint { registry: reg.into(), repository: repo.into(), insecure: false, mirror: false }
        };
        let mut out = Vec::new();
        if pull {
            for (m, insecure) in &e.mirrors {
                out.push(Endpoint { insecure: *insecure, mirror: true, ..rewrite(m) });
            }
        }
        let loc = if e.prefix.starts_with("*.") { e.prefix.clone() } else { e.location.clone() };
        out.push(Endpoint { insecure: e.insecure, ..rewrite(&loc) });
        // The host a rewrite lands on may have its own entry (insecure = true for it).
        for ep in &mut out {
            if !ep.insecure
                && let Some(other) = self.entry_for(&format!("{}/{}", ep.registry, ep.repository))
            {
                ep.insecure = other.insecure;
            }
        }
        Ok(out)
    }

    /// Whether a registry host is marked insecure (for push and login).
    pub fn insecure(&self, registry: &str) -> bool {
        self.entry_for(&format!("{registry}/x")).is_some_and(|e| e.insecure)
    }
}

/// `prefix` matches `name` at a path boundary; `*.example.com` matches any subdomain host.
fn prefix_matches(prefix: &str, name: &str) -> bool {
    if let Some(domain) = prefix.strip_prefix("*.") {
        let host = name.split('/').next().unwrap_or("");
        let host = host.split(':').next().unwrap_or(host);
        return host.ends_with(&format!(".{domain}"));
    }
    name == prefix
        || name
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/') || rest.starts_with(':') || rest.starts_with('@'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONF: &str = r#"
unqualified-search-registries = ["localhost:5000", "docker.io"]

[[registry]]
location = "localhost:5000"
insecure = true

[[registry]]
prefix = "docker.io/library"
location = "docker.io/library"
[[registry.mirror]]
location = "mirror.local:5001/hub"
insecure = true

[[registry]]
location = "evil.example.com"
blocked = true

[[registry]]
prefix = "example.com/team"
location = "localhost:5000/moved"

[aliases]
"myapp" = "localhost:5000/apps/myapp"
"#;

    #[test]
    fn parses_and_rewrites() {
        let c = RegistriesConf::parse(CONF).unwrap();
        assert_eq!(c.search, ["localhost:5000", "docker.io"]);
        assert_eq!(c.aliases["myapp"], "localhost:5000/apps/myapp");
        assert!(c.insecure("localhost:5000"));
        assert!(!c.insecure("localhost:50001"));
        let eps = c.endpoints("docker.io", "library/busybox", true).unwrap();
        assert_eq!(eps.len(), 2);
        assert_eq!(
            (eps[0].registry.as_str(), eps[0].repository.as_str(), eps[0].insecure),
            ("mirror.local:5001", "hub/busybox", true)
        );
        assert_eq!(
            (eps[1].registry.as_str(), eps[1].repository.as_str(), eps[1].insecure),
            ("docker.io", "library/busybox", false)
        );
        assert_eq!(c.endpoints("docker.io", "library/busybox", false).unwrap().len(), 1);
        assert!(matches!(c.endpoints("evil.example.com", "x", true), Err(RegistryError::Blocked(_))));
        let eps = c.endpoints("example.com", "team/app", true).unwrap();
        assert_eq!(
            (eps[0].registry.as_str(), eps[0].repository.as_str(), eps[0].insecure),
            ("localhost:5000", "moved/app", true)
        );
        let eps = c.endpoints("example.com", "teamx/app", true).unwrap();
        assert_eq!(eps[0].registry, "example.com");
    }

    #[test]
    fn bad_toml_names_the_file() {
        let e = RegistriesConf::parse("unqualified-search-registries = [").unwrap_err().to_string();
        assert!(e.contains("registries.conf"), "{e}");
        let e = RegistriesConf::parse("[[registry]]\ninsecure = true\n").unwrap_err().to_string();
        assert!(e.contains("neither prefix nor location"), "{e}");
    }

    #[test]
    fn wildcard_prefix() {
        let c = RegistriesConf::parse("[[registry]]\nprefix = \"*.internal\"\ninsecure = true\n").unwrap();
        assert!(c.insecure("reg.internal:5000"));
        assert!(!c.insecure("internal"));
    }
}
