//! `--device` (the API's `HostConfig.Devices`): host device nodes given to a container,
//! and CDI devices (Container Device Interface, `vendor.com/class=name`) resolved from
//! the CDI specs in `/etc/cdi` and `/var/run/cdi`, as podman resolves them.
//!
//! A user namespace cannot mknod, so a device is bind-mounted from the host (rootless and,
//! for one code path, as root): the node keeps its host permissions. Without a device
//! cgroup ctr cannot make a device read-only or write-only (a read-only bind mount does not
//! stop writes to a device node), so permissions without both `r` and `w` are refused
//! rather than ignored; `m` (mknod inside) is accepted and means nothing more.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::EngineError;

/// A device as the container gets it: the host node bound at `container`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceBind {
    pub host: PathBuf,
    pub container: PathBuf,
}

/// What `--device` values resolve to: binds, plus a CDI device's environment and mounts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeviceEdits {
    pub devices: Vec<DeviceBind>,
    /// CDI `containerEdits.mounts`: (host path, container path, options).
    pub mounts: Vec<(PathBuf, PathBuf, Vec<String>)>,
    /// CDI `containerEdits.env`.
    pub env: Vec<String>,
    /// The CDI names given (inspect shows them).
    pub cdi: Vec<String>,
    /// CDI `containerEdits.hooks`, run at their OCI stages (`runtime::hooks`).
    #[serde(default)]
    pub hooks: Vec<Hook>,
}

/// An OCI hook of a CDI spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hook {
    /// prestart, createRuntime, createContainer, startContainer, poststart or poststop.
    pub hook_name: String,
    pub path: String,
    #[serde(default)]
    pub args: Vec<String>,
    #[serde(default)]
    pub env: Vec<String>,
    #[serde(default)]
    pub timeout: Option<i64>,
}

/// The directories CDI specs are read from: `CTR_CDI_SPEC_DIRS` (colon-separated), else
/// containers.conf's `cdi_spec_dirs`, else CDI's defaults.
pub fn cdi_spec_dirs() -> Vec<PathBuf> {
    if let Ok(v) = std::env::var("CTR_CDI_SPEC_DIRS") {
        return v.split(':').filter(|s| !s.is_empty()).map(PathBuf::from).collect();
    }
    if let Some(list) = crate::containers_conf::value("engine", "cdi_spec_dirs").and_then(|v| v.as_array().cloned()) {
        return list.iter().filter_map(|d| d.as_str()).map(PathBuf::from).collect();
    }
    vec![PathBuf::from("/etc/cdi"), PathBuf::from("/var/run/cdi")]
}

/// Whether a `--device` value names a CDI device (`vendor.com/class=name`).
fn is_cdi(spec: &str) -> bool {
    spec.split_once('=').is_some_and(|(kind, name)| kind.contains('/') && !kind.starts_with('/') && !name.is_empty())
}

/// Resolves `--device` values: `/dev/X[:/dev/Y][:PERMS]` (PERMS of r, w, m; a directory
/// gives every device below it) and CDI names.
pub fn resolve(specs: &[String]) -> Result<DeviceEdits, EngineError> {
    let mut e = DeviceEdits::default();
    let mut cdi_names = Vec::new();
    for s in specs {
        if is_cdi(s) {
            cdi_names.push(s.clone());
            continue;
        }
        let parts: Vec<&str> = s.split(':').collect();
        let perms_ok = |p: &str| !p.is_empty() && p.chars().all(|c| matches!(c, 'r' | 'w' | 'm'));
        let (host, container, perms) = match parts.as_slice() {
            [h] => (*h, *h, "rwm"),
            [h, p] if perms_ok(p) => (*h, *h, *p),
            [h, c] => (*h, *c, "rwm"),
            [h, c, p] if perms_ok(p) => (*h, *c, *p),
            _ => {
                return Err(EngineError::invalid(format!(
                    "--device {s}: write HOST[:CONTAINER][:PERMISSIONS] with permissions of r, w and m (e.g. /dev/fuse:/dev/fuse:rw), or a CDI name vendor.com/class=name"
                )));
            }
        };
        if !host.starts_with('/') || !container.starts_with('/') {
            return Err(EngineError::invalid(format!("--device {s}: the paths must be absolute")));
        }
        check_perms(perms, s)?;
        add_path(&mut e, Path::new(host), Path::new(container), s)?;
    }
    if !cdi_names.is_empty() {
        apply_cdi(&mut e, &cdi_names, &cdi_spec_dirs())?;
    }
    Ok(e)
}

fn check_perms(perms: &str, given: &str) -> Result<(), EngineError> {
    if perms.contains('r') && perms.contains('w') {
        return Ok(());
    }
    Err(EngineError::new(
        crate::engine::ErrorKind::NotSupported,
        format!(
            "--device {given}: permissions {perms:?} cannot be enforced: ctr binds devices from the host and has no device cgroup to limit them to reading or writing; give rw (or rwm)"
        ),
    ))
}

/// `--privileged`: the host's devices (those under /dev and its directories, but the ones
/// every container has of its own: null, zero, full, random, urandom, tty, console, ptmx,
/// and the pts, shm and mqueue file systems); an unprivileged user gets those it may open.
pub fn host_devices(rootless: bool) -> Vec<DeviceBind> {
    use std::os::unix::fs::FileTypeExt;
    const OWN: &[&str] =
        &["null", "zero", "full", "random", "urandom", "tty", "console", "ptmx", "pts", "shm", "mqueue"];
    fn walk(dir: &Path, top: bool, rootless: bool, out: &mut Vec<DeviceBind>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<_> = rd.flatten().collect();
        entries.sort_by_key(|d| d.file_name());
        for d in entries {
            let name = d.file_name();
            if top && OWN.iter().any(|o| name == *o) {
                continue;
            }
            let Ok(ft) = d.file_type() else { continue };
            let path = d.path();
            if ft.is_dir() {
                walk(&path, false, rootless, out);
            } else if ft.is_char_device() || ft.is_block_device() {
                let usable = !rootless || nix::unistd::access(&path, nix::unistd::AccessFlags::R_OK).is_ok();
                if usable {
                    out.push(DeviceBind { host: path.clone(), container: path });
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new("/dev"), true, rootless, &mut out);
    out
}

/// A device node (or every node under a directory) at `host`, given at `container`.
fn add_path(e: &mut DeviceEdits, host: &Path, container: &Path, given: &str) -> Result<(), EngineError> {
    use std::os::unix::fs::FileTypeExt;
    let meta = std::fs::metadata(host)
        .map_err(|err| EngineError::invalid(format!("--device {given}: {}: {err}", host.display())))?;
    let t = meta.file_type();
    if t.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(host)
            .map_err(|err| EngineError::invalid(format!("--device {given}: {}: {err}", host.display())))?
            .flatten()
            .collect();
        entries.sort_by_key(|d| d.file_name());
        for d in entries {
            let ft = d.file_type().map_err(|err| EngineError::invalid(err.to_string()))?;
            if ft.is_char_device() || ft.is_block_device() || ft.is_dir() {
                add_path(e, &d.path(), &container.join(d.file_name()), given)?;
            }
        }
        return Ok(());
    }
    if !(t.is_char_device() || t.is_block_device()) {
        return Err(EngineError::invalid(format!(
            "--device {given}: {} is not a device node (a character or block device)",
            host.display()
        )));
    }
    e.devices.push(DeviceBind { host: host.to_path_buf(), container: container.to_path_buf() });
    Ok(())
}

/// A CDI spec file (the fields ctr applies; cdiVersion 0.3 to 0.8).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CdiSpec {
    cdi_version: String,
    kind: String,
    #[serde(default)]
    devices: Vec<CdiDevice>,
    #[serde(default)]
    container_edits: CdiEdits,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CdiDevice {
    name: String,
    #[serde(default)]
    container_edits: CdiEdits,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CdiEdits {
    #[serde(default)]
    env: Vec<String>,
    #[serde(default)]
    device_nodes: Vec<CdiNode>,
    #[serde(default)]
    mounts: Vec<CdiMount>,
    #[serde(default)]
    hooks: Vec<Hook>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CdiNode {
    path: String,
    #[serde(default)]
    host_path: Option<String>,
    #[serde(default)]
    permissions: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CdiMount {
    host_path: String,
    container_path: String,
    #[serde(default)]
    options: Vec<String>,
}

/// Reads the CDI specs in `dirs` (`*.json`, `*.yaml`, `*.yml`; a later directory's spec
/// of a kind wins, as CDI's registry orders them) and applies the devices named.
fn apply_cdi(e: &mut DeviceEdits, names: &[String], dirs: &[PathBuf]) -> Result<(), EngineError> {
    let mut specs: Vec<(PathBuf, CdiSpec)> = Vec::new();
    for d in dirs {
        let Ok(rd) = std::fs::read_dir(d) else { continue };
        let mut files: Vec<PathBuf> = rd.flatten().map(|x| x.path()).collect();
        files.sort();
        for f in files {
            let ext = f.extension().and_then(|x| x.to_str()).unwrap_or("");
            if !matches!(ext, "json" | "yaml" | "yml") {
                continue;
            }
            let text = std::fs::read_to_string(&f)
                .map_err(|err| EngineError::invalid(format!("CDI spec {}: {err}", f.display())))?;
            // JSON is YAML: one parser for both.
            let spec: CdiSpec = serde_yaml_ng::from_str(&text).map_err(|err| {
                EngineError::invalid(format!("CDI spec {}: {err}; fix or remove the file", f.display()))
            })?;
            if !spec.kind.contains('/') {
                return Err(EngineError::invalid(format!(
                    "CDI spec {}: kind {:?} is not vendor.com/class",
                    f.display(),
                    spec.kind
                )));
            }
            let _ = &spec.cdi_version;
            specs.push((f, spec));
        }
    }
    for n in names {
        let (kind, dev) = n.split_once('=').expect("a CDI name has =");
        let found = specs.iter().rev().find_map(|(f, s)| {
            (s.kind == kind).then(|| s.devices.iter().find(|d| d.name == dev).map(|d| (f, s, d))).flatten()
        });
        let Some((file, spec, device)) = found else {
            let dirs: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
            return Err(EngineError::invalid(format!(
                "--device {n}: no CDI spec in {} defines it (a spec of kind {kind} with a device named {dev})",
                dirs.join(", ")
            )));
        };
        for edits in [&spec.container_edits, &device.container_edits] {
            for h in &edits.hooks {
                if !crate::runtime::hooks::STAGES.contains(&h.hook_name.as_str()) {
                    return Err(EngineError::invalid(format!(
                        "--device {n}: the CDI spec {} has a hook for {:?}, which is no OCI hook stage ({})",
                        file.display(),
                        h.hook_name,
                        crate::runtime::hooks::STAGES.join(", ")
                    )));
                }
                if !h.path.starts_with('/') {
                    return Err(EngineError::invalid(format!(
                        "--device {n}: the CDI spec {} has a {} hook with path {:?}, which is not absolute",
                        file.display(),
                        h.hook_name,
                        h.path
                    )));
                }
                if h.timeout.is_some_and(|t| t <= 0) {
                    return Err(EngineError::invalid(format!(
                        "--device {n}: the CDI spec {} has a {} hook with timeout {}; a timeout is at least 1 second",
                        file.display(),
                        h.hook_name,
                        h.timeout.unwrap_or(0)
                    )));
                }
                if !e.hooks.contains(h) {
                    e.hooks.push(h.clone());
                }
            }
            for node in &edits.device_nodes {
                let host = node.host_path.as_deref().unwrap_or(&node.path);
                if let Some(p) = &node.permissions {
                    check_perms(p, n)?;
                }
                add_path(e, Path::new(host), Path::new(&node.path), n)?;
            }
            for m in &edits.mounts {
                e.mounts.push((PathBuf::from(&m.host_path), PathBuf::from(&m.container_path), m.options.clone()));
            }
            e.env.extend(edits.env.iter().cloned());
        }
        e.cdi.push(n.clone());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_forms_parse_and_bad_ones_are_named() {
        let e = resolve(&["/dev/null".into(), "/dev/zero:/dev/myzero:rwm".into(), "/dev/full:rw".into()]).unwrap();
        assert_eq!(
            e.devices,
            [
                DeviceBind { host: "/dev/null".into(), container: "/dev/null".into() },
                DeviceBind { host: "/dev/zero".into(), container: "/dev/myzero".into() },
                DeviceBind { host: "/dev/full".into(), container: "/dev/full".into() },
            ]
        );
        for bad in ["/dev/nosuch", "/etc/passwd", "dev/null", "/dev/null:/a:/b:rw", "/dev/zero:r"] {
            let err = resolve(&[bad.to_string()]).unwrap_err();
            assert!(err.message.contains("--device"), "{bad}: {err:?}");
        }
        assert!(is_cdi("vendor.com/class=name") && !is_cdi("/dev/null") && !is_cdi("/dev/x=y"));
    }

    #[test]
    fn cdi_specs_resolve_in_json_and_yaml() {
        let d = std::env::temp_dir().join(format!("ctr-cdi-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(
            d.join("a.yaml"),
            "cdiVersion: \"0.6.0\"\nkind: example.com/dev\ndevices:\n  - name: one\n    containerEdits:\n      deviceNodes:\n        - path: /dev/example0\n          hostPath: /dev/null\n      env: [\"EXAMPLE=one\"]\ncontainerEdits:\n  mounts:\n    - hostPath: /etc/hostname\n      containerPath: /etc/example\n      options: [ro, bind]\n",
        )
        .unwrap();
        std::fs::write(d.join("b.json"), r#"{"cdiVersion": "0.6.0", "kind": "example.com/hooked", "devices": [{"name": "h", "containerEdits": {"hooks": [{"hookName": "createContainer", "path": "/bin/true", "args": ["true", "x"]}]}}, {"name": "bad", "containerEdits": {"hooks": [{"hookName": "preStart", "path": "/bin/true"}]}}, {"name": "rel", "containerEdits": {"hooks": [{"hookName": "poststop", "path": "true"}]}}]}"#).unwrap();
        let mut e = DeviceEdits::default();
        apply_cdi(&mut e, &["example.com/dev=one".into()], std::slice::from_ref(&d)).unwrap();
        assert_eq!(e.devices[0].container, PathBuf::from("/dev/example0"));
        assert_eq!(e.env, ["EXAMPLE=one"]);
        assert_eq!(e.mounts[0].1, PathBuf::from("/etc/example"));
        let err = apply_cdi(&mut e, &["example.com/dev=two".into()], std::slice::from_ref(&d)).unwrap_err();
        assert!(err.message.contains("no CDI spec"), "{err:?}");
        apply_cdi(&mut e, &["example.com/hooked=h".into()], std::slice::from_ref(&d)).unwrap();
        assert_eq!(
            (e.hooks[0].hook_name.as_str(), e.hooks[0].args.as_slice()),
            ("createContainer", &["true".to_string(), "x".into()][..])
        );
        let err = apply_cdi(&mut e, &["example.com/hooked=bad".into()], std::slice::from_ref(&d)).unwrap_err();
        assert!(err.message.contains("\"preStart\", which is no OCI hook stage"), "{err:?}");
        let err = apply_cdi(&mut e, &["example.com/hooked=rel".into()], std::slice::from_ref(&d)).unwrap_err();
        assert!(err.message.contains("not absolute"), "{err:?}");
        std::fs::remove_dir_all(&d).unwrap();
    }
}
