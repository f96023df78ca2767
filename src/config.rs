//! ctr's own configuration, `ctr.conf` (TOML), for what no containers.conf(5) key covers;
//! environment variables override it.
//!
//! Files: `$CTR_CONFIG` alone when set (as `CONTAINERS_CONF` is for containers.conf);
//! otherwise `/etc/ctr/ctr.conf`, then the user's `$XDG_CONFIG_HOME/ctr/ctr.conf`
//! (`~/.config/ctr/ctr.conf`), a key there overriding the system file's. Missing files are
//! fine; a malformed one is an error naming the file, the key and what to write.
//!
//! ```toml
//! [storage]
//! unpack_reserve = "1GiB"       # free disk a layer unpack must leave (CTR_UNPACK_RESERVE);
//!                               # unset, 1 GiB but at most a tenth of the file system
//! unpack_max_ratio = 100        # uncompressed bytes per compressed byte (CTR_UNPACK_MAX_RATIO)
//! unpack_ratio_floor = "512MiB" # the expansion limit is never below this (CTR_UNPACK_RATIO_FLOOR)
//! driver = "auto"               # overlay, fuse, vfs or auto (--storage-driver, CTR_STORAGE_DRIVER)
//! ```

use std::path::PathBuf;

use toml::Value;

use crate::storage::unpack::UnpackLimits;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {file}: {source}; fix it, or point CTR_CONFIG at another file")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error("environment variable {var}={value:?}: {message}")]
    Env { var: &'static str, value: String, message: String },
}

/// ctr.conf's `[storage]` table: unset keys are None (the defaults apply).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Storage {
    pub unpack_reserve: Option<u64>,
    pub unpack_max_ratio: Option<u64>,
    pub unpack_ratio_floor: Option<u64>,
    /// The storage driver of new containers (`storage::driver`); None: auto.
    pub driver: Option<String>,
}

impl Storage {
    /// The unpack limits these settings make, defaults where unset.
    pub fn unpack_limits(&self) -> UnpackLimits {
        let d = UnpackLimits::default();
        UnpackLimits {
            reserve: self.unpack_reserve.unwrap_or(d.reserve),
            reserve_default: self.unpack_reserve.is_none(),
            max_ratio: self.unpack_max_ratio.unwrap_or(d.max_ratio),
            ratio_floor: self.unpack_ratio_floor.unwrap_or(d.ratio_floor),
        }
    }

    fn slot(&mut self, key: &str) -> &mut Option<u64> {
        match key {
            "unpack_reserve" => &mut self.unpack_reserve,
            "unpack_max_ratio" => &mut self.unpack_max_ratio,
            "unpack_ratio_floor" => &mut self.unpack_ratio_floor,
            _ => unreachable!("a key of STORAGE_KEYS"),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub storage: Storage,
}

#[derive(Clone, Copy)]
enum Kind {
    /// Bytes: a string with a unit ("1GiB", "512m") or a whole number of bytes.
    Size,
    /// A whole number.
    Count,
}

struct Key {
    name: &'static str,
    env: &'static str,
    kind: Kind,
    example: &'static str,
}

const STORAGE_KEYS: &[Key] = &[
    Key { name: "unpack_reserve", env: "CTR_UNPACK_RESERVE", kind: Kind::Size, example: "1GiB" },
    Key { name: "unpack_max_ratio", env: "CTR_UNPACK_MAX_RATIO", kind: Kind::Count, example: "100" },
    Key { name: "unpack_ratio_floor", env: "CTR_UNPACK_RATIO_FLOOR", kind: Kind::Size, example: "512MiB" },
];

/// The files read, in order.
pub fn files() -> Vec<PathBuf> {
    if let Some(p) = std::env::var_os("CTR_CONFIG").filter(|v| !v.is_empty()) {
        return vec![PathBuf::from(p)];
    }
    vec![PathBuf::from("/etc/ctr/ctr.conf"), crate::paths::config_home().join("ctr/ctr.conf")]
}

impl Config {
    /// The configuration of this process: its files, then its environment.
    pub fn load() -> Result<Config, ConfigError> {
        let explicit = std::env::var_os("CTR_CONFIG").is_some_and(|v| !v.is_empty());
        let mut c = Config::default();
        for f in files() {
            let file = f.display().to_string();
            match std::fs::read_to_string(&f) {
                Ok(text) => c.merge_file(&file, &text)?,
                // A file CTR_CONFIG names must be there; the default places may be empty.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {}
                Err(source) => return Err(ConfigError::Read { file, source }),
            }
        }
        c.merge_env(|v| std::env::var(v).ok())?;
        Ok(c)
    }

    /// Takes the keys `text` (the contents of `file`) sets.
    fn merge_file(&mut self, file: &str, text: &str) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid { file: file.to_string(), message };
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            invalid(format!(
                "{}{}; ctr.conf is TOML: a [storage] line, then lines like unpack_reserve = \"1GiB\"",
                line.map(|l| format!("line {l}: ")).unwrap_or_default(),
                e.message().trim_end()
            ))
        })?;
        for (section, value) in table {
            if section != "storage" {
                return Err(invalid(format!("unknown table or key {section:?}; ctr.conf has a [storage] table only")));
            }
            let Value::Table(keys) = value else {
                return Err(invalid(
                    "storage is not a table; write [storage] on a line of its own, then its keys".into(),
                ));
            };
            for (name, v) in keys {
                if name == "driver" {
                    let d = v.as_str().ok_or_else(|| {
                        invalid(format!("[storage] driver = {v}: it is not a string; write it like driver = \"fuse\""))
                    })?;
                    crate::storage::driver::Driver::parse(d).map_err(|e| invalid(format!("[storage] driver: {e}")))?;
                    self.storage.driver = Some(d.to_string());
                    continue;
                }
                let Some(key) = STORAGE_KEYS.iter().find(|k| k.name == name) else {
                    let known: Vec<&str> = STORAGE_KEYS.iter().map(|k| k.name).chain(["driver"]).collect();
                    return Err(invalid(format!("[storage] has no key {name:?}; its keys are {}", known.join(", "))));
                };
                let n = toml_value(key, &v).map_err(|why| {
                    invalid(format!("[storage] {name} = {v}: {why}; write it like {}", toml_example(key)))
                })?;
                *self.storage.slot(key.name) = Some(n);
            }
        }
        Ok(())
    }

    /// Takes the environment's overrides (`get` reads a variable); an empty one is unset.
    fn merge_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        for key in STORAGE_KEYS {
            let Some(value) = get(key.env).filter(|v| !v.is_empty()) else { continue };
            let n = parse_str(key.kind, &value).map_err(|why| ConfigError::Env {
                var: key.env,
                value: value.clone(),
                message: format!(
                    "{why}; set it like {}={} (it overrides {} of ctr.conf)",
                    key.env, key.example, key.name
                ),
            })?;
            *self.storage.slot(key.name) = Some(n);
        }
        Ok(())
    }
}

fn toml_example(key: &Key) -> String {
    match key.kind {
        Kind::Size => format!("{} = \"{}\"", key.name, key.example),
        Kind::Count => format!("{} = {}", key.name, key.example),
    }
}

/// A key's TOML value: a size as a string with a unit or a whole number of bytes, a count
/// as a whole number.
fn toml_value(key: &Key, v: &Value) -> Result<u64, String> {
    match (key.kind, v) {
        (_, Value::Integer(i)) => u64::try_from(*i).map_err(|_| "it must not be negative".to_string()),
        (Kind::Size, Value::String(s)) => parse_str(Kind::Size, s),
        (Kind::Count, Value::String(_)) => Err("it is a string, not a whole number".into()),
        (Kind::Size, _) => Err("it is not a size (a string like \"1GiB\" or \"512m\", or bytes)".into()),
        (Kind::Count, _) => Err("it is not a whole number".into()),
    }
}

/// A value as text (the environment's, or a size string of the file).
fn parse_str(kind: Kind, s: &str) -> Result<u64, String> {
    let t = s.trim();
    match kind {
        Kind::Count => t.parse::<u64>().map_err(|_| format!("{s:?} is not a whole number")),
        Kind::Size => {
            // parse_size reads floats: "nan" or "inf" would pass it.
            if !t.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(format!("invalid size {s:?}: use a number with b, k, m, g or t (e.g. 512m, 1GiB)"));
            }
            crate::cgroups::parse_size(t).map(|n| n as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Config, ConfigError> {
        let mut c = Config::default();
        c.merge_file("/etc/ctr/ctr.conf", text)?;
        Ok(c)
    }

    #[test]
    fn storage_keys() {
        let c = parsed("[storage]\nunpack_reserve = \"2g\"\nunpack_max_ratio = 50\nunpack_ratio_floor = 1048576\n")
            .unwrap();
        assert_eq!(
            c.storage,
            Storage {
                unpack_reserve: Some(2 << 30),
                unpack_max_ratio: Some(50),
                unpack_ratio_floor: Some(1 << 20),
                driver: None
            }
        );
        let l = c.storage.unpack_limits();
        assert_eq!((l.reserve, l.max_ratio, l.ratio_floor), (2 << 30, 50, 1 << 20));
        // Empty files and tables leave the defaults.
        assert_eq!(parsed("").unwrap().storage.unpack_limits(), UnpackLimits::default());
        assert_eq!(parsed("[storage]\n").unwrap().storage.unpack_limits(), UnpackLimits::default());
        assert_eq!(parsed("[storage]\nunpack_reserve = \"1GiB\"\n").unwrap().storage.unpack_reserve, Some(1 << 30));
        assert_eq!(parsed("[storage]\nunpack_reserve = 0\n").unwrap().storage.unpack_reserve, Some(0));
    }

    #[test]
    fn later_files_override_earlier_ones() {
        let mut c = Config::default();
        c.merge_file("/etc/ctr/ctr.conf", "[storage]\nunpack_reserve = \"5g\"\nunpack_max_ratio = 10\n").unwrap();
        c.merge_file("/home/u/.config/ctr/ctr.conf", "[storage]\nunpack_max_ratio = 20\n").unwrap();
        assert_eq!(c.storage.unpack_reserve, Some(5 << 30));
        assert_eq!(c.storage.unpack_max_ratio, Some(20));
    }

    fn message(r: Result<Config, ConfigError>) -> String {
        r.expect_err("should be refused").to_string()
    }

    #[test]
    fn malformed_files_name_file_key_and_what_to_write() {
        let m = message(parsed("[storage]\nunpack_reserve = \"lots\"\n"));
        assert!(m.starts_with("/etc/ctr/ctr.conf: [storage] unpack_reserve = \"lots\": invalid size"), "{m}");
        assert!(m.contains("write it like unpack_reserve = \"1GiB\""), "{m}");
        let m = message(parsed("[storage]\nunpack_max_ratio = \"100\"\n"));
        assert!(m.contains("unpack_max_ratio") && m.contains("write it like unpack_max_ratio = 100"), "{m}");
        let m = message(parsed("[storage]\nunpack_max_ratio = -1\n"));
        assert!(m.contains("must not be negative"), "{m}");
        let m = message(parsed("[storage]\nunpack_reserve = \"nan\"\n"));
        assert!(m.contains("invalid size"), "{m}");
        let m = message(parsed("[storage]\nunpack_reserv = \"1g\"\n"));
        assert!(m.contains("no key \"unpack_reserv\"") && m.contains("unpack_reserve, unpack_max_ratio"), "{m}");
        let m = message(parsed("[engine]\nx = 1\n"));
        assert!(m.contains("\"engine\"") && m.contains("[storage]"), "{m}");
        let m = message(parsed("storage = 1\n"));
        assert!(m.contains("storage is not a table"), "{m}");
        assert_eq!(parsed("[storage]\ndriver = \"fuse\"\n").unwrap().storage.driver.as_deref(), Some("fuse"));
        let m = message(parsed("[storage]\ndriver = \"zfs\"\n"));
        assert!(m.contains("[storage] driver: unknown storage driver \"zfs\""), "{m}");
        let m = message(parsed("[storage]\ndriver = 1\n"));
        assert!(m.contains("write it like driver = \"fuse\""), "{m}");
        let m = message(parsed("[storage]\nunpack_reserve = \n"));
        assert!(m.starts_with("/etc/ctr/ctr.conf: line 2: "), "{m}");
        assert!(m.contains("ctr.conf is TOML"), "{m}");
    }

    #[test]
    fn environment_overrides_files() {
        let mut c = parsed("[storage]\nunpack_reserve = \"5g\"\nunpack_max_ratio = 10\n").unwrap();
        let env = |v: &str| match v {
            "CTR_UNPACK_RESERVE" => Some("100m".to_string()),
            "CTR_UNPACK_MAX_RATIO" => Some(String::new()),
            "CTR_UNPACK_RATIO_FLOOR" => Some("0".to_string()),
            _ => None,
        };
        c.merge_env(env).unwrap();
        assert_eq!(c.storage.unpack_reserve, Some(100 << 20));
        assert_eq!(c.storage.unpack_max_ratio, Some(10), "an empty variable is unset");
        assert_eq!(c.storage.unpack_ratio_floor, Some(0));
        let e = c.merge_env(|v| (v == "CTR_UNPACK_MAX_RATIO").then(|| "ten".to_string())).unwrap_err().to_string();
        assert!(e.starts_with("environment variable CTR_UNPACK_MAX_RATIO=\"ten\": "), "{e}");
        assert!(e.contains("set it like CTR_UNPACK_MAX_RATIO=100"), "{e}");
    }
}
