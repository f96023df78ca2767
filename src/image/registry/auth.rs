//! Registry credentials where the containers ecosystem and docker keep them, and the
//! `WWW-Authenticate` challenges registries answer with.
//!
//! Lookup order (podman's): `--authfile` / `$REGISTRY_AUTH_FILE`, then
//! `$XDG_RUNTIME_DIR/containers/auth.json`, `~/.config/containers/auth.json`,
//! `~/.docker/config.json`. In each file `credHelpers` for the registry, then `auths`
//! (most specific `registry/namespace` key first), then `credsStore`.

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use serde_json::{Value, json};

use super::RegistryError;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials({}:***)", self.username)
    }
}

impl Credentials {
    /// `--creds USER[:PASS]` (podman's flag).
    pub fn parse(s: &str) -> Result<Credentials, RegistryError> {
        match s.split_once(':') {
            Some((u, p)) if !u.is_empty() => Ok(Credentials { username: u.into(), password: p.into() }),
            _ => Err(RegistryError::Auth(format!("--creds {s:?}: write USERNAME:PASSWORD"))),
        }
    }

    pub fn basic_header(&self) -> String {
        format!("Basic {}", B64.encode(format!("{}:{}", self.username, self.password)))
    }
}

/// A parsed `WWW-Authenticate` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Challenge {
    Basic,
    Bearer { realm: String, service: Option<String>, scope: Option<String> },
}

/// Parses `Bearer realm="https://auth/token",service="registry",scope="repository:x:pull"`
/// or `Basic realm="..."`. Unknown schemes are None.
pub fn parse_challenge(h: &str) -> Option<Challenge> {
    let h = h.trim();
    let (scheme, rest) = h.split_once(char::is_whitespace).unwrap_or((h, ""));
    let params = parse_params(rest);
    let get = |k: &str| params.iter().find(|(n, _)| n.eq_ignore_ascii_case(k)).map(|(_, v)| v.clone());
    if scheme.eq_ignore_ascii_case("basic") {
        Some(Challenge::Basic)
    } else if scheme.eq_ignore_ascii_case("bearer") {
        Some(Challenge::Bearer { realm: get("realm")?, service: get("service"), scope: get("scope") })
    } else {
        None
    }
}

/// `k="v", k2=v2` with backslash escapes inside quotes.
fn parse_params(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ',' {
                break;
            }
            key.push(c);
            chars.next();
        }
        if key.is_empty() {
            break;
        }
        let mut val = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            if chars.peek() == Some(&'"') {
                chars.next();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => val.extend(chars.next()),
                        '"' => break,
                        c => val.push(c),
                    }
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c == ',' {
                        break;
                    }
                    val.push(c);
                    chars.next();
                }
            }
        }
        out.push((key.trim().to_string(), val.trim().to_string()));
    }
    out
}

/// The auth file `ctr login` writes: `--authfile`, `$REGISTRY_AUTH_FILE`, else
/// `$XDG_RUNTIME_DIR/containers/auth.json` (podman's default), else
/// `~/.config/containers/auth.json`.
pub fn default_authfile(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("REGISTRY_AUTH_FILE").filter(|v| !v.is_empty()) {
        return p.into();
    }
    crate::paths::runtime_auth_file().unwrap_or_else(|| config_home().join("containers/auth.json"))
}

fn config_home() -> PathBuf {
    crate::paths::config_home()
}

/// Every file credentials are looked up in, in order. An explicit file replaces podman's
/// default ones; docker's config.json is read last either way (as containers/image does).
fn lookup_files(explicit: Option<&Path>) -> Vec<PathBuf> {
    let mut v = Vec::new();
    if let Some(p) = explicit {
        v.push(p.to_path_buf());
    } else if let Some(p) = std::env::var_os("REGISTRY_AUTH_FILE").filter(|v| !v.is_empty()) {
        v.push(p.into());
    } else {
        if let Some(r) = crate::paths::runtime_auth_file() {
            v.push(r);
        }
        v.push(config_home().join("containers/auth.json"));
    }
    match std::env::var_os("DOCKER_CONFIG").filter(|v| !v.is_empty()) {
        Some(d) => v.push(PathBuf::from(d).join("config.json")),
        None => {
            if let Some(h) = dirs::home_dir() {
                v.push(h.join(".docker/config.json"));
            }
        }
    }
    v
}

/// The keys a registry may be stored under, most specific first.
fn keys_for(registry: &str, repository: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut path = format!("{registry}/{repository}");
    loop {
        keys.push(path.clone());
        match path.rfind('/') {
            Some(i) if i > registry.len() => path.truncate(i),
            _ => break,
        }
    }
    keys.push(registry.to_string());
    keys.push(format!("https://{registry}"));
    keys.push(format!("http://{registry}"));
    if registry == "docker.io" {
        for k in
            ["https://index.docker.io/v1/", "index.docker.io", "registry-1.docker.io", "https://index.docker.io/v1"]
        {
            keys.push(k.to_string());
        }
    }
    keys
}

/// The server address a credential helper knows a registry by.
fn helper_server(registry: &str) -> String {
    if registry == "docker.io" { "https://index.docker.io/v1/".to_string() } else { registry.to_string() }
}

fn read_json(p: &Path) -> Result<Option<Value>, RegistryError> {
    match std::fs::read(p) {
        Ok(b) if b.iter().all(u8::is_ascii_whitespace) => Ok(None),
        Ok(b) => serde_json::from_slice(&b)
            .map(Some)
            .map_err(|e| RegistryError::Auth(format!("{}: not valid JSON ({e}); fix or remove the file", p.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(RegistryError::Auth(format!("cannot read {}: {e}", p.display()))),
    }
}

/// Finds credentials for `registry/repository`.
pub fn lookup(registry: &str, repository: &str, explicit: Option<&Path>) -> Result<Option<Credentials>, RegistryError> {
    let keys = keys_for(registry, repository);
    for f in lookup_files(explicit) {
        let Some(v) = read_json(&f)? else { continue };
        if let Some(helper) = keys.iter().find_map(|k| v.pointer(&format!("/credHelpers/{}", esc(k)))?.as_str()) {
            return run_helper(helper, registry);
        }
        for k in &keys {
            if let Some(entry) = v.get("auths").and_then(|a| a.get(k))
                && let Some(c) = decode_entry(entry, &f)?
            {
                return Ok(Some(c));
            }
        }
        if let Some(store) = v.get("credsStore").and_then(Value::as_str).filter(|s| !s.is_empty()) {
            return run_helper(store, registry);
        }
    }
    Ok(None)
}

/// JSON pointer escaping of one key.
fn esc(k: &str) -> String {
    k.replace('~', "~0").replace('/', "~1")
}

fn decode_entry(entry: &Value, file: &Path) -> Result<Option<Credentials>, RegistryError> {
    if let Some(a) = entry.get("auth").and_then(Value::as_str).filter(|a| !a.is_empty()) {
        let bad =
            || RegistryError::Auth(format!("{}: an \"auth\" entry is not base64 of USER:PASSWORD", file.display()));
        let raw = B64.decode(a.trim()).map_err(|_| bad())?;
        let s = String::from_utf8(raw).map_err(|_| bad())?;
        let (u, p) = s.split_once(':').ok_or_else(bad)?;
        return Ok(Some(Credentials { username: u.into(), password: p.into() }));
    }
    if let (Some(u), Some(p)) =
        (entry.get("username").and_then(Value::as_str), entry.get("password").and_then(Value::as_str))
    {
        return Ok(Some(Credentials { username: u.into(), password: p.into() }));
    }
    Ok(None)
}

/// `docker-credential-NAME get`, the registry's address on stdin.
fn run_helper(name: &str, registry: &str) -> Result<Option<Credentials>, RegistryError> {
    let prog = format!("docker-credential-{name}");
    let mut child = std::process::Command::new(&prog)
        .arg("get")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| RegistryError::Auth(format!("credential helper {prog} (configured for {registry}): {e}")))?;
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(helper_server(registry).as_bytes());
    }
    let out = child.wait_with_output().map_err(|e| RegistryError::Auth(format!("{prog}: {e}")))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        // Helpers say "credentials not found in native keychain" when they have nothing.
        let msg = format!("{}{}", text.trim(), String::from_utf8_lossy(&out.stderr).trim());
        if msg.to_lowercase().contains("not found") {
            return Ok(None);
        }
        return Err(RegistryError::Auth(format!("credential helper {prog} failed: {msg}")));
    }
    let v: Value = serde_json::from_str(&text)
        .map_err(|e| RegistryError::Auth(format!("credential helper {prog} printed invalid JSON: {e}")))?;
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    if s("Secret").is_empty() {
        return Ok(None);
    }
    Ok(Some(Credentials { username: s("Username"), password: s("Secret") }))
}

/// `ctr login`: stores credentials in `file` (created 0600, written atomically).
pub fn store(file: &Path, key: &str, c: &Credentials) -> Result<(), RegistryError> {
    let mut v = read_json(file)?.unwrap_or_else(|| json!({}));
    if !v.is_object() {
        v = json!({});
    }
    let auths = v.as_object_mut().unwrap().entry("auths").or_insert_with(|| json!({}));
    if !auths.is_object() {
        *auths = json!({});
    }
    auths[key] = json!({ "auth": B64.encode(format!("{}:{}", c.username, c.password)) });
    write_json(file, &v)
}

/// `ctr logout`: removes the entry; false when there was none.
pub fn remove(file: &Path, key: Option<&str>) -> Result<bool, RegistryError> {
    let Some(mut v) = read_json(file)? else { return Ok(false) };
    let removed = match key {
        None => {
            v.get_mut("auths").and_then(Value::as_object_mut).map(|a| !std::mem::take(a).is_empty()).unwrap_or(false)
        }
        Some(k) => v.get_mut("auths").and_then(Value::as_object_mut).and_then(|a| a.remove(k)).is_some(),
    };
    if removed {
        write_json(file, &v)?;
    }
    Ok(removed)
}

fn write_json(file: &Path, v: &Value) -> Result<(), RegistryError> {
    use std::os::unix::fs::OpenOptionsExt;
    let fail = |e: std::io::Error| RegistryError::Auth(format!("cannot write {}: {e}", file.display()));
    if let Some(d) = file.parent() {
        std::fs::create_dir_all(d).map_err(fail)?;
    }
    let tmp = crate::image::blobs::temp_name(file.parent().unwrap_or(Path::new(".")), ".auth.json-");
    let data = serde_json::to_vec_pretty(v).map_err(|e| fail(std::io::Error::other(e)))?;
    let r = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|mut f| f.write_all(&data).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&tmp, file));
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r.map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges() {
        assert_eq!(
            parse_challenge(
                r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull""#
            ),
            Some(Challenge::Bearer {
                realm: "https://auth.docker.io/token".into(),
                service: Some("registry.docker.io".into()),
                scope: Some("repository:library/busybox:pull".into())
            })
        );
        assert_eq!(parse_challenge(r#"Basic realm="Registry Realm""#), Some(Challenge::Basic));
        assert_eq!(
            parse_challenge(r#"bearer realm="http://h/t\"x", service=s"#),
            Some(Challenge::Bearer { realm: "http://h/t\"x".into(), service: Some("s".into()), scope: None })
        );
        assert_eq!(parse_challenge("Negotiate"), None);
        assert_eq!(parse_challenge("Bearer service=x"), None);
    }

    #[test]
    fn keys_most_specific_first() {
        let k = keys_for("quay.io", "a/b/c");
        assert_eq!(&k[..4], ["quay.io/a/b/c", "quay.io/a/b", "quay.io/a", "quay.io"]);
        assert!(keys_for("docker.io", "library/x").contains(&"https://index.docker.io/v1/".to_string()));
    }

    #[test]
    fn creds_flag() {
        assert_eq!(Credentials::parse("u:p:q").unwrap(), Credentials { username: "u".into(), password: "p:q".into() });
        assert!(Credentials::parse("nopass").is_err());
    }
}
