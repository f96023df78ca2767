//! `--security-opt` and `--privileged` (the API's `HostConfig.SecurityOpt` and
//! `Privileged`), parsed once for both front ends into what the engine keeps with a
//! container.
//!
//! Rootless, `--privileged` means what podman documents for it: every capability of the
//! container's user namespace (not of the host), no seccomp filter, /proc and /sys not
//! masked and /sys writable where the kernel lets the namespace write, and the host's
//! devices bound in (those the user may open). It never gives more than the user has.

use serde::{Deserialize, Serialize};

use crate::engine::EngineError;

/// What a container runs with, as stored in its record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecurityConfig {
    /// The seccomp profile: `unconfined`, `builtin`, or a file's path (`seccomp=FILE`,
    /// or the default profile's). Empty: the default, resolved when the container was made.
    #[serde(default)]
    pub seccomp: String,
    /// The profile's text was kept with the container (`seccomp=FILE` and the API's
    /// inline profiles): its data directory's `seccomp.json`.
    #[serde(default)]
    pub seccomp_kept: bool,
    /// no_new_privs (ctr's default: on; `no-new-privileges=false` turns it off).
    #[serde(default = "yes")]
    pub no_new_privileges: bool,
    #[serde(default)]
    pub privileged: bool,
    /// Paths masked besides the defaults (`mask=P1:P2`).
    #[serde(default)]
    pub mask: Vec<String>,
    /// Default masked / read-only paths left alone (`unmask=P1:P2`, or `ALL`).
    #[serde(default)]
    pub unmask: Vec<String>,
    /// The options as given (inspect's `HostConfig.SecurityOpt`).
    #[serde(default)]
    pub opts: Vec<String>,
}

fn yes() -> bool {
    true
}

/// A record from before these options: the default profile, no_new_privs on.
impl Default for SecurityConfig {
    fn default() -> Self {
        SecurityConfig {
            seccomp: String::new(),
            seccomp_kept: false,
            no_new_privileges: true,
            privileged: false,
            mask: Vec::new(),
            unmask: Vec::new(),
            opts: Vec::new(),
        }
    }
}

/// A parsed `--security-opt` list: the config, and an inline profile's text (the API's
/// `seccomp=<JSON>`, which the docker CLI sends in place of the file's name).
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub config: SecurityConfig,
    /// The profile's text to keep with the container (read from `seccomp=FILE`, or given
    /// inline), checked.
    pub profile_text: Option<String>,
}

/// Whether AppArmor is enabled on this host (a profile name could then be applied; ctr
/// applies none).
fn apparmor_enabled() -> bool {
    std::fs::read_to_string("/sys/module/apparmor/parameters/enabled").is_ok_and(|s| s.trim() == "Y")
}

/// Reads `--security-opt` values (`KEY=VALUE` or docker's old `KEY:VALUE`).
pub fn parse(opts: &[String], privileged: bool) -> Result<Parsed, EngineError> {
    let mut p =
        Parsed { config: SecurityConfig { privileged, opts: opts.to_vec(), ..Default::default() }, profile_text: None };
    let c = &mut p.config;
    for o in opts {
        let (k, v) = match o.split_once('=') {
            Some(kv) => kv,
            None => match o.split_once(':') {
                // docker's older `seccomp:unconfined`, `label:disable`
                Some(kv) if !kv.1.starts_with('{') => kv,
                _ => (o.as_str(), ""),
            },
        };
        match (k, v) {
            ("no-new-privileges", "" | "true") => c.no_new_privileges = true,
            ("no-new-privileges", "false") => c.no_new_privileges = false,
            ("seccomp", "unconfined") => c.seccomp = "unconfined".into(),
            ("seccomp", "builtin") => c.seccomp = "builtin".into(),
            ("seccomp", text) if text.trim_start().starts_with('{') => {
                crate::seccomp::parse(text, "(given inline)").map_err(EngineError::invalid)?;
                c.seccomp = "inline".into();
                c.seccomp_kept = true;
                p.profile_text = Some(text.to_string());
            }
            ("seccomp", "") => {
                return Err(EngineError::invalid(
                    "--security-opt seccomp=: give a profile file, unconfined, or builtin (ctr's own default)",
                ));
            }
            ("seccomp", file) => {
                let path = std::path::Path::new(file);
                let text = std::fs::read_to_string(path).map_err(|e| {
                    EngineError::invalid(format!("--security-opt seccomp={file}: cannot read the profile: {e}"))
                })?;
                crate::seccomp::parse(&text, file).map_err(EngineError::invalid)?;
                c.seccomp = std::fs::canonicalize(path).unwrap_or(path.to_path_buf()).display().to_string();
                c.seccomp_kept = true;
                p.profile_text = Some(text);
            }
            ("label", "disable") => {}
            ("label", other) => {
                return Err(EngineError::invalid(format!(
                    "--security-opt label={other}: SELinux labels are not applied by ctr (no SELinux here); only label=disable is accepted"
                )));
            }
            ("apparmor", "unconfined") => {}
            ("apparmor", prof) if !apparmor_enabled() => {
                return Err(EngineError::invalid(format!(
                    "--security-opt apparmor={prof}: AppArmor is not enabled on this host, so no profile can be applied; use apparmor=unconfined or leave it out"
                )));
            }
            ("apparmor", prof) => {
                return Err(EngineError::new(
                    crate::engine::ErrorKind::NotSupported,
                    format!(
                        "--security-opt apparmor={prof}: ctr does not apply AppArmor profiles; use apparmor=unconfined"
                    ),
                ));
            }
            ("mask", paths) | ("unmask", paths) => {
                let list: Vec<String> = paths.split(':').filter(|s| !s.is_empty()).map(String::from).collect();
                if list.is_empty() {
                    return Err(EngineError::invalid(format!("--security-opt {k}=: give paths separated by ':'")));
                }
                for l in &list {
                    if k == "mask" && l == "ALL" {
                        return Err(EngineError::invalid("--security-opt mask=ALL: name the paths to mask"));
                    }
                    if l != "ALL" && !l.starts_with('/') {
                        return Err(EngineError::invalid(format!(
                            "--security-opt {k}={paths}: {l:?} is not an absolute path in the container"
                        )));
                    }
                }
                if k == "mask" { c.mask.extend(list) } else { c.unmask.extend(list) }
            }
            _ => {
                return Err(EngineError::invalid(format!(
                    "--security-opt {o}: unknown option; use seccomp=FILE|unconfined|builtin, no-new-privileges[=true|false], label=disable, apparmor=unconfined, mask=PATHS, unmask=ALL|PATHS"
                )));
            }
        }
    }
    if privileged {
        if c.seccomp.is_empty() {
            c.seccomp = "unconfined".into();
        }
        if !c.unmask.iter().any(|u| u == "ALL") {
            c.unmask.push("ALL".into());
        }
    }
    Ok(p)
}

impl SecurityConfig {
    /// The masked paths and the read-only ones, the defaults adjusted by mask/unmask.
    pub fn paths(&self, masked: &[&str], readonly: &[&str]) -> (Vec<String>, Vec<String>) {
        let all = self.unmask.iter().any(|u| u == "ALL");
        let keep = |p: &str| !all && !self.unmask.iter().any(|u| u == p);
        let mut m: Vec<String> = masked.iter().filter(|p| keep(p)).map(|p| p.to_string()).collect();
        m.extend(self.mask.iter().cloned());
        let r: Vec<String> = readonly.iter().filter(|p| keep(p)).map(|p| p.to_string()).collect();
        (m, r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(o: &[&str]) -> Vec<String> {
        o.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options_parse_as_podman_and_docker_spell_them() {
        let p = parse(
            &opts(&["seccomp=unconfined", "no-new-privileges=false", "label=disable", "apparmor=unconfined"]),
            false,
        )
        .unwrap();
        assert_eq!(p.config.seccomp, "unconfined");
        assert!(!p.config.no_new_privileges);
        assert!(parse(&opts(&["no-new-privileges"]), false).unwrap().config.no_new_privileges);
        assert_eq!(parse(&opts(&["seccomp:unconfined"]), false).unwrap().config.seccomp, "unconfined");
        let inline = r#"seccomp={"defaultAction": "SCMP_ACT_ALLOW"}"#;
        let p = parse(&opts(&[inline]), false).unwrap();
        assert!(p.config.seccomp_kept && p.profile_text.unwrap().contains("SCMP_ACT_ALLOW"));
        for bad in ["seccomp={", "label=type:x", "mask=relative", "unmask=", "frobnicate", "seccomp=/no/such/file.json"]
        {
            let e = parse(&opts(&[bad]), false).unwrap_err();
            assert!(e.message.contains("--security-opt") || e.message.contains("seccomp profile"), "{bad}: {e:?}");
        }
    }

    #[test]
    fn privileged_unmasks_and_drops_seccomp_and_masks_adjust() {
        let p = parse(&[], true).unwrap().config;
        assert_eq!(p.seccomp, "unconfined");
        let (m, r) = p.paths(&["/proc/kcore", "/proc/keys"], &["/proc/sys"]);
        assert!(m.is_empty() && r.is_empty());
        let p = parse(&opts(&["unmask=/proc/keys", "mask=/etc/secret"]), false).unwrap().config;
        let (m, r) = p.paths(&["/proc/kcore", "/proc/keys"], &["/proc/sys"]);
        assert_eq!(m, ["/proc/kcore", "/etc/secret"]);
        assert_eq!(r, ["/proc/sys"]);
    }
}
