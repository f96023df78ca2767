//! `-v`, `--mount`, `--tmpfs` as docker and podman spell them, parsed into one shape.
//! Every error names the flag value and what to write instead.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Source {
    /// A host path (absolute).
    Bind {
        path: String,
    },
    /// A named volume, or an anonymous one (name None until created).
    Volume {
        name: Option<String>,
    },
    Tmpfs {
        size: Option<String>,
        mode: Option<u32>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MountSpec {
    pub source: Source,
    pub target: String,
    pub readonly: bool,
    /// rprivate (default), private, rshared, shared, rslave, slave
    pub propagation: Option<String>,
    /// `:U`: chown the source to the container's user.
    pub chown: bool,
    /// `nocopy` / `volume-nocopy`: no copy-up of the image's content.
    pub nocopy: bool,
    /// `volume-subpath` (docker) / `subpath` (podman): a directory inside the volume is
    /// mounted instead of its root; relative, resolved inside the volume at start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subpath: Option<String>,
}

const PROPAGATIONS: &[&str] = &["rprivate", "private", "rshared", "shared", "rslave", "slave"];

/// A volume name as docker allows: [a-zA-Z0-9][a-zA-Z0-9_.-]*
pub fn valid_volume_name(n: &str) -> bool {
    let mut c = n.chars();
    c.next().is_some_and(|f| f.is_ascii_alphanumeric()) && c.all(|x| x.is_ascii_alphanumeric() || "_.-".contains(x))
}

fn check_target(t: &str, what: &str) -> Result<(), String> {
    if !t.starts_with('/') {
        return Err(format!("{what}: the target {t:?} must be an absolute path inside the container"));
    }
    if t.split('/').any(|c| c == "..") {
        return Err(format!("{what}: the target {t:?} must not contain '..'"));
    }
    Ok(())
}

/// `-v [SOURCE:]TARGET[:OPTIONS]`
pub fn parse_volume(s: &str) -> Result<MountSpec, String> {
    let what = format!("-v {s:?}");
    let parts: Vec<&str> = s.split(':').collect();
    let (src, target, opts) = match parts.as_slice() {
        [t] => (None, *t, ""),
        [a, b] if b.starts_with('/') => (Some(*a), *b, ""),
        [t, o] => (None, *t, *o),
        [a, b, o] => (Some(*a), *b, *o),
        _ => return Err(format!("{what}: write [SOURCE:]TARGET[:OPTIONS], e.g. data:/var/lib/data:ro")),
    };
    if target.is_empty() {
        return Err(format!("{what}: the target is empty"));
    }
    check_target(target, &what)?;
    let source = match src {
        None => Source::Volume { name: None },
        Some("") => return Err(format!("{what}: the source is empty")),
        Some(p) if p.starts_with('/') => Source::Bind { path: p.to_string() },
        Some(p) if p.starts_with('.') || p.contains('/') || p.starts_with('~') => {
            return Err(format!(
                "{what}: host path {p:?} is relative; give an absolute path (e.g. \"$PWD/{}\")",
                p.trim_start_matches("./")
            ));
        }
        Some(n) if valid_volume_name(n) => Source::Volume { name: Some(n.to_string()) },
        Some(n) => {
            return Err(format!(
                "{what}: {n:?} is not a volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]*) nor an absolute host path"
            ));
        }
    };
    let mut m = MountSpec {
        source,
        target: target.to_string(),
        readonly: false,
        propagation: None,
        chown: false,
        nocopy: false,
        subpath: None,
    };
    for o in opts.split(',').filter(|o| !o.is_empty()) {
        match o {
            "ro" | "readonly" => m.readonly = true,
            "rw" => m.readonly = false,
            // SELinux relabeling: nothing to do on these hosts.
            "z" | "Z" => {}
            "U" => m.chown = true,
            "nocopy" => m.nocopy = true,
            p if PROPAGATIONS.contains(&p) => m.propagation = Some(p.to_string()),
            other => {
                return Err(format!(
                    "{what}: unknown option {other:?}; use ro, rw, z, Z, U, nocopy or a propagation (rprivate, rshared, rslave, ...)"
                ));
            }
        }
    }
    Ok(m)
}

fn truth(v: Option<&str>, key: &str, what: &str) -> Result<bool, String> {
    match v {
        None | Some("true") | Some("1") => Ok(true),
        Some("false") | Some("0") => Ok(false),
        Some(x) => Err(format!("{what}: {key}={x:?} must be true or false")),
    }
}

/// A volume's subpath as docker takes it: relative, and never out of the volume by `..`
/// (symlinks in it are resolved inside the volume when the container starts).
pub fn check_subpath(p: &str, what: &str) -> Result<String, String> {
    let path = std::path::Path::new(p);
    if p.is_empty() || path.is_absolute() || path.components().any(|c| matches!(c, std::path::Component::ParentDir)) {
        return Err(format!(
            "{what}: volume subpath {p:?} must be a relative path within the volume (no leading / and no ..)"
        ));
    }
    Ok(p.to_string())
}

/// `--mount type=bind|volume|tmpfs,source=,target=,readonly,...`
pub fn parse_mount(s: &str) -> Result<MountSpec, String> {
    let what = format!("--mount {s:?}");
    let mut typ = None;
    let mut source = None;
    let mut target = None;
    let mut m = MountSpec {
        source: Source::Volume { name: None },
        target: String::new(),
        readonly: false,
        propagation: None,
        chown: false,
        nocopy: false,
        subpath: None,
    };
    let mut size = None;
    let mut mode = None;
    for kv in s.split(',').filter(|p| !p.is_empty()) {
        let (k, v) = match kv.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (kv, None),
        };
        match k {
            "type" => typ = v.map(str::to_string),
            "source" | "src" => source = v.map(str::to_string),
            "target" | "dst" | "destination" => target = v.map(str::to_string),
            "readonly" | "ro" => m.readonly = truth(v, k, &what)?,
            "bind-propagation" => {
                let p = v.unwrap_or("");
                if !PROPAGATIONS.contains(&p) {
                    return Err(format!("{what}: bind-propagation={p:?}: use one of {}", PROPAGATIONS.join(", ")));
                }
                m.propagation = Some(p.to_string());
            }
            "volume-nocopy" => m.nocopy = truth(v, k, &what)?,
            "volume-subpath" | "subpath" => m.subpath = Some(check_subpath(v.unwrap_or(""), &what)?),
            "U" | "chown" => m.chown = truth(v, k, &what)?,
            "z" | "Z" | "relabel" | "consistency" | "bind-nonrecursive" => {}
            "tmpfs-size" => {
                let sz = v.unwrap_or("");
                if sz.is_empty()
                    || !sz.trim_end_matches(['k', 'm', 'g', 'K', 'M', 'G', '%']).chars().all(|c| c.is_ascii_digit())
                {
                    return Err(format!("{what}: tmpfs-size={sz:?}: write a size like 64m"));
                }
                size = Some(sz.to_string());
            }
            "tmpfs-mode" => {
                let md = v.unwrap_or("");
                mode = Some(
                    u32::from_str_radix(md, 8)
                        .map_err(|_| format!("{what}: tmpfs-mode={md:?}: write octal, e.g. 1777"))?,
                );
            }
            other => {
                return Err(format!(
                    "{what}: unknown key {other:?}; use type, source, target, readonly, bind-propagation, volume-nocopy, volume-subpath, tmpfs-size, tmpfs-mode"
                ));
            }
        }
    }
    let target = target.ok_or_else(|| format!("{what}: no target (target=/path)"))?;
    check_target(&target, &what)?;
    m.target = target;
    let tmpfs_opts = size.is_some() || mode.is_some();
    m.source = match typ.as_deref().unwrap_or("volume") {
        "bind" => {
            let p = source.ok_or_else(|| format!("{what}: type=bind needs source=/host/path"))?;
            if !p.starts_with('/') {
                return Err(format!("{what}: host path {p:?} is relative; give an absolute path"));
            }
            Source::Bind { path: p }
        }
        "volume" => match source {
            None => Source::Volume { name: None },
            Some(n) if valid_volume_name(&n) => Source::Volume { name: Some(n) },
            Some(n) => return Err(format!("{what}: {n:?} is not a volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)")),
        },
        "tmpfs" => {
            if source.is_some() {
                return Err(format!("{what}: type=tmpfs takes no source"));
            }
            Source::Tmpfs { size, mode }
        }
        t => return Err(format!("{what}: type={t:?}: use bind, volume or tmpfs")),
    };
    if m.subpath.is_some() && !matches!(m.source, Source::Volume { name: Some(_) }) {
        return Err(format!("{what}: volume-subpath is for type=volume with a named source"));
    }
    // As dockerd refuses VolumeOptions on a bind or tmpfs (and the API has no place for it).
    if m.nocopy && !matches!(m.source, Source::Volume { .. }) {
        return Err(format!("{what}: volume-nocopy is for type=volume"));
    }
    if !matches!(m.source, Source::Tmpfs { .. }) && tmpfs_opts {
        return Err(format!("{what}: tmpfs-size and tmpfs-mode are for type=tmpfs"));
    }
    Ok(m)
}

/// `--tmpfs /path[:size=64m,mode=1777,...]`
pub fn parse_tmpfs(s: &str) -> Result<MountSpec, String> {
    let what = format!("--tmpfs {s:?}");
    let (target, opts) = s.split_once(':').unwrap_or((s, ""));
    check_target(target, &what)?;
    let mut size = None;
    let mut mode = None;
    let mut readonly = false;
    for o in opts.split(',').filter(|o| !o.is_empty()) {
        match o.split_once('=') {
            Some(("size", v)) => size = Some(v.to_string()),
            Some(("mode", v)) => {
                mode = Some(u32::from_str_radix(v, 8).map_err(|_| format!("{what}: mode={v:?}: write octal"))?)
            }
            None if o == "ro" => readonly = true,
            None if matches!(o, "rw" | "noexec" | "exec" | "nosuid" | "suid" | "nodev" | "dev") => {}
            _ => return Err(format!("{what}: unknown option {o:?}; use size=, mode=, ro, rw, noexec, nosuid, nodev")),
        }
    }
    Ok(MountSpec {
        source: Source::Tmpfs { size, mode },
        target: target.to_string(),
        readonly,
        propagation: None,
        chown: false,
        nocopy: false,
        subpath: None,
    })
}

/// Two mounts on one target are an error (before anything is created).
pub fn check_unique(mounts: &[MountSpec]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for m in mounts {
        let t = m.target.trim_end_matches('/').to_string();
        let t = if t.is_empty() { "/".into() } else { t };
        if !seen.insert(t.clone()) {
            return Err(format!("two mounts target {t}: a path can hold one mount; drop one of them"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vol(n: Option<&str>) -> Source {
        Source::Volume { name: n.map(String::from) }
    }

    #[test]
    fn dash_v() {
        let m = parse_volume("/data").unwrap();
        assert_eq!((m.source, m.target.as_str(), m.readonly), (vol(None), "/data", false));
        let m = parse_volume("db:/var/lib/db:ro,U").unwrap();
        assert_eq!(m.source, vol(Some("db")));
        assert!(m.readonly && m.chown);
        let m = parse_volume("/srv/www:/www:Z,rshared").unwrap();
        assert_eq!(m.source, Source::Bind { path: "/srv/www".into() });
        assert_eq!(m.propagation.as_deref(), Some("rshared"));
        let m = parse_volume("/cache:nocopy").unwrap();
        assert!(m.nocopy && m.source == vol(None));
        for (bad, why) in [
            ("./rel:/x", "relative"),
            ("rel/dir:/x", "relative"),
            ("db:x", "absolute"),
            ("db:/x:bogus", "unknown option"),
            ("a:b:c:d", "write [SOURCE:]TARGET"),
            (":/x", "empty"),
            ("-bad:/x", "not a volume name"),
            ("/x/../y", "'..'"),
        ] {
            let e = parse_volume(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn dash_mount() {
        let m = parse_mount("type=bind,source=/srv,target=/srv,readonly,bind-propagation=rslave").unwrap();
        assert_eq!(m.source, Source::Bind { path: "/srv".into() });
        assert!(m.readonly);
        assert_eq!(m.propagation.as_deref(), Some("rslave"));
        let m = parse_mount("type=volume,src=data,dst=/data,volume-nocopy").unwrap();
        assert_eq!(m.source, vol(Some("data")));
        assert!(m.nocopy);
        let m = parse_mount("type=volume,src=data,dst=/data,volume-subpath=a/b").unwrap();
        assert_eq!(m.subpath.as_deref(), Some("a/b"));
        let m = parse_mount("type=tmpfs,target=/run,tmpfs-size=64m,tmpfs-mode=1777").unwrap();
        assert_eq!(m.source, Source::Tmpfs { size: Some("64m".into()), mode: Some(0o1777) });
        let m = parse_mount("target=/anon").unwrap();
        assert_eq!(m.source, vol(None));
        assert!(!parse_mount("type=bind,src=/a,dst=/b,ro=false").unwrap().readonly);
        for (bad, why) in [
            ("type=bind,target=/x", "needs source"),
            ("type=bind,source=rel,target=/x", "relative"),
            ("type=nfs,target=/x", "use bind, volume or tmpfs"),
            ("type=volume,source=data", "no target"),
            ("type=volume,source=data,target=rel", "absolute"),
            ("type=tmpfs,source=x,target=/t", "takes no source"),
            ("type=tmpfs,target=/t,tmpfs-mode=999", "octal"),
            ("type=tmpfs,target=/t,tmpfs-size=big", "size"),
            ("type=volume,target=/t,tmpfs-size=1m", "for type=tmpfs"),
            ("type=bind,source=/a,target=/b,colour=red", "unknown key"),
            ("type=bind,source=/a,target=/b,readonly=maybe", "true or false"),
            ("type=bind,source=/a,target=/b,bind-propagation=up", "bind-propagation"),
            ("type=volume,source=v,target=/b,subpath=/abs", "relative path within the volume"),
            ("type=volume,source=v,target=/b,subpath=a/../../b", "relative path within the volume"),
            ("type=volume,target=/b,subpath=a", "named source"),
            // Found by fuzzing (fuzz/fuzz_targets/api_bodies.rs): accepted, then lost on
            // the way to a remote engine.
            ("type=tmpfs,target=/b,volume-nocopy", "for type=volume"),
            ("type=bind,source=/a,target=/b,volume-nocopy=true", "for type=volume"),
        ] {
            let e = parse_mount(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn tmpfs_and_unique() {
        let m = parse_tmpfs("/run:size=10m,mode=755,noexec").unwrap();
        assert_eq!(m.source, Source::Tmpfs { size: Some("10m".into()), mode: Some(0o755) });
        assert!(parse_tmpfs("run").is_err());
        assert!(parse_tmpfs("/run:colour=red").is_err());
        let a = parse_volume("/a").unwrap();
        let b = parse_tmpfs("/a/").unwrap();
        assert!(check_unique(&[a.clone(), b]).unwrap_err().contains("/a"));
        assert!(check_unique(&[a, parse_volume("/b").unwrap()]).is_ok());
    }
}
