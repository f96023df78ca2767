//! `--userns` modes and `--uidmap`/`--gidmap`: what id map a container's user namespace
//! gets.
//!
//! Unprivileged, every container lives below this user's pause namespace (0 = the user,
//! 1.. = the subordinate ranges), where the layers are unpacked with the image's own ids.
//! A mode is a map from container ids to pause-namespace ids (`IdMaps`, the plan in
//! ARCHITECTURE.md): keep-id puts the user's own id (pause 0) at their uid, nomap leaves
//! it out, auto hands out a slice recorded in the store, `--uidmap` says it outright (ids
//! of the pause namespace; `@ID` for a host id). The default is no map of its own: the
//! container shares the pause namespace.
//!
//! As real root, a map is of host ids (auto: a slice of the `containers` range; `--uidmap`
//! host ids) and the layers are shown through idmapped mounts; keep-id and nomap are
//! rootless modes, as in podman.

use crate::engine::EngineError;
use crate::runtime::userns::{IdRange, Mapping};

/// Smallest `auto` namespace (podman's AutoUserNsMinSize).
pub const AUTO_MIN: u32 = 1024;
/// The id every image's "nobody" has; not counted when sizing an `auto` namespace.
const NOBODY: u32 = 65534;

/// A container's own id maps: container ids to pause-namespace ids (unprivileged) or to
/// host ids (real root).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IdMaps {
    pub uids: Vec<IdRange>,
    pub gids: Vec<IdRange>,
}

impl IdMaps {
    /// A short name of the maps: the mapped layer copies made for them are kept under it.
    pub fn key(&self) -> String {
        let text = serde_json::to_string(self).unwrap_or_default();
        crate::digest::hex(&crate::digest::of_bytes(text.as_bytes()))[..16].to_string()
    }

    /// The ids in the parent namespace a container id maps to.
    pub fn uid(&self, c: u32) -> Option<u32> {
        crate::runtime::userns::map_id(&self.uids, c)
    }
    pub fn gid(&self, c: u32) -> Option<u32> {
        crate::runtime::userns::map_id(&self.gids, c)
    }
}

/// A parsed `--userns` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// No mode given (or `private`): the default.
    Default,
    Host,
    KeepId {
        uid: Option<u32>,
        gid: Option<u32>,
    },
    NoMap,
    Auto {
        size: Option<u32>,
    },
}

/// Parses `--userns`: host, private, keep-id[:uid=U,gid=G], nomap, auto[:size=N].
pub fn parse_mode(s: &str) -> Result<Mode, EngineError> {
    let (name, opts) = s.split_once(':').unwrap_or((s, ""));
    let bad = |why: String| {
        EngineError::invalid(format!(
            "invalid --userns {s:?}: {why}; use host, private, keep-id[:uid=UID,gid=GID], nomap or auto[:size=N]"
        ))
    };
    let mut values = std::collections::BTreeMap::new();
    for o in opts.split(',').filter(|o| !o.is_empty()) {
        let (k, v) = o.split_once('=').ok_or_else(|| bad(format!("option {o:?} is not KEY=VALUE")))?;
        let n: u32 = v.parse().map_err(|_| bad(format!("{k}={v:?} is not a number")))?;
        values.insert(k.to_string(), n);
    }
    let allowed: &[&str] = match name {
        "keep-id" => &["uid", "gid"],
        "auto" => &["size"],
        _ => &[],
    };
    if let Some(k) = values.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(bad(format!("{name} takes no option {k:?}")));
    }
    Ok(match name {
        "" | "private" => Mode::Default,
        "host" => Mode::Host,
        "keep-id" => Mode::KeepId { uid: values.get("uid").copied(), gid: values.get("gid").copied() },
        "nomap" => Mode::NoMap,
        "auto" => {
            let size = values.get("size").copied();
            if size == Some(0) {
                return Err(bad("size must be at least 1".into()));
            }
            Mode::Auto { size }
        }
        _ => return Err(bad(format!("unknown mode {name:?}"))),
    })
}

/// Parses `--uidmap`/`--gidmap` values `CONTAINER:FROM:SIZE` (each may be several,
/// comma-separated, like podman's); a FROM of `@ID` is a host id, turned into the pause
/// namespace's by `pause` (None as real root, where every FROM is a host id already).
pub fn parse_idmap(flag: &str, values: &[String], pause: Option<&[IdRange]>) -> Result<Vec<IdRange>, EngineError> {
    let mut out = Vec::new();
    for v in values.iter().flat_map(|v| v.split(',')) {
        let bad = |why: &str| {
            EngineError::invalid(format!(
                "invalid {flag} {v:?}: {why}; write CONTAINER_ID:FROM_ID:SIZE, e.g. {flag} 0:1:1000"
            ))
        };
        let f: Vec<&str> = v.split(':').collect();
        let [c, h, n] = f[..] else { return Err(bad("it needs three fields")) };
        let num = |s: &str| s.parse::<u32>().map_err(|_| bad(&format!("{s:?} is not an id")));
        let (container, size) = (num(c)?, num(n)?);
        if size == 0 {
            return Err(bad("the size must be at least 1"));
        }
        let host = match (h.strip_prefix('@'), pause) {
            (Some(host_id), Some(pause)) => {
                let host_id = num(host_id)?;
                let r = pause.iter().find(|r| host_id >= r.host && host_id - r.host < r.size).ok_or_else(|| {
                    bad(&format!("host id {host_id} is neither yours nor in your /etc/subuid or /etc/subgid range"))
                })?;
                if host_id - r.host + size > r.size {
                    return Err(bad("a range given by host ids must lie in one of your subordinate ranges"));
                }
                r.container + (host_id - r.host)
            }
            (Some(host_id), None) => num(host_id)?,
            (None, _) => num(h)?,
        };
        if container.checked_add(size).is_none() || host.checked_add(size).is_none() {
            return Err(bad("the range runs past the largest id"));
        }
        out.push(IdRange { container, host, size });
    }
    check_ranges(&out).map_err(|why| EngineError::invalid(format!("invalid {flag}: {why}")))?;
    Ok(out)
}

/// Ranges the kernel takes: no container id or parent id twice, at most 340 lines.
fn check_ranges(v: &[IdRange]) -> Result<(), String> {
    if v.len() > 340 {
        return Err(format!("{} ranges; the kernel takes at most 340", v.len()));
    }
    for (i, a) in v.iter().enumerate() {
        for b in &v[i + 1..] {
            let overlap = |x: u32, y: u32| x < y + b.size.min(u32::MAX - y) && y < x + a.size.min(u32::MAX - x);
            if overlap(a.container, b.container) {
                return Err(format!("container ids {}-{} are mapped twice", b.container, b.container + b.size - 1));
            }
            if overlap(a.host, b.host) {
                return Err(format!("ids {}-{} are the target of two ranges", b.host, b.host + b.size - 1));
            }
        }
    }
    Ok(())
}

/// How many ids a namespace of `ranges` covers.
pub fn total(ranges: &[IdRange]) -> u32 {
    ranges.iter().map(|r| r.size).sum()
}

/// keep-id: `own` (the pause id 0, the user) at container id `at`, the pause namespace's
/// other ids (1..total) around it in order.
pub fn keep_id(at: u32, total: u32) -> Vec<IdRange> {
    let below = at.min(total.saturating_sub(1));
    let mut v = Vec::new();
    if below > 0 {
        v.push(IdRange { container: 0, host: 1, size: below });
    }
    v.push(IdRange { container: at, host: 0, size: 1 });
    let above = total.saturating_sub(1 + below);
    if above > 0 {
        v.push(IdRange { container: at + 1, host: 1 + below, size: above });
    }
    v
}

/// nomap: the pause namespace without the user's own id.
pub fn nomap(total: u32) -> Vec<IdRange> {
    vec![IdRange { container: 0, host: 1, size: total.saturating_sub(1) }]
}

/// Host maps of pause-namespace maps: `maps` composed with `pause` (pause id -> host id),
/// split where the pause ranges split. An id the pause namespace lacks is an error.
pub fn to_host(maps: &[IdRange], pause: &[IdRange], what: &str) -> Result<Vec<IdRange>, EngineError> {
    let mut out = Vec::new();
    for r in maps {
        let (lo, hi) = (r.host as u64, r.host as u64 + r.size as u64);
        let mut covered = 0u64;
        for q in pause {
            let (qlo, qhi) = (q.container as u64, q.container as u64 + q.size as u64);
            let (a, b) = (lo.max(qlo), hi.min(qhi));
            if a < b {
                out.push(IdRange {
                    container: (r.container as u64 + (a - lo)) as u32,
                    host: (q.host as u64 + (a - qlo)) as u32,
                    size: (b - a) as u32,
                });
                covered += b - a;
            }
        }
        if covered < r.size as u64 {
            let have = total(pause);
            return Err(EngineError::invalid(format!(
                "{what} maps container ids {}-{} to {}-{}, but you have only ids 0-{} (0 is you, 1-{} your /etc/subuid and /etc/subgid ranges); map fewer ids",
                r.container,
                r.container as u64 + r.size as u64 - 1,
                lo,
                hi - 1,
                have.saturating_sub(1),
                have.saturating_sub(1)
            )));
        }
    }
    out.sort_by_key(|r| r.container);
    Ok(out)
}

/// The mapping handed to the runtime: the container's ranges as host ids.
pub fn host_mapping(uids: Vec<IdRange>, gids: Vec<IdRange>) -> Mapping {
    Mapping { uids, gids, full: true }
}

/// The largest uid and gid an image's /etc/passwd and /etc/group name (nobody's not
/// counted), for sizing an `auto` namespace.
pub fn max_ids_named(passwd: &str, group: &str) -> u32 {
    let field = |text: &str| {
        text.lines()
            .filter_map(|l| l.split(':').nth(2)?.trim().parse::<u32>().ok())
            .filter(|&id| id != NOBODY && id < NOBODY)
            .max()
            .unwrap_or(0)
    };
    field(passwd).max(field(group))
}

/// The first gap of `size` ids in a pool of `pool` ids where `taken` (offset, size)
/// ranges are in use.
pub fn first_fit(taken: &[(u32, u32)], size: u32, pool: u32) -> Option<u32> {
    let mut taken = taken.to_vec();
    taken.sort();
    let mut at = 0u32;
    for (o, s) in taken {
        if o >= at && o - at >= size {
            return Some(at);
        }
        at = at.max(o.saturating_add(s));
    }
    (pool >= at && pool - at >= size).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(container: u32, host: u32, size: u32) -> IdRange {
        IdRange { container, host, size }
    }

    #[test]
    fn modes_parse_and_bad_ones_say_what_to_write() {
        assert_eq!(parse_mode("keep-id").unwrap(), Mode::KeepId { uid: None, gid: None });
        assert_eq!(parse_mode("keep-id:uid=200,gid=210").unwrap(), Mode::KeepId { uid: Some(200), gid: Some(210) });
        assert_eq!(parse_mode("auto:size=2048").unwrap(), Mode::Auto { size: Some(2048) });
        assert_eq!(parse_mode("nomap").unwrap(), Mode::NoMap);
        assert_eq!(parse_mode("private").unwrap(), Mode::Default);
        for (bad, why) in [
            ("keepid", "unknown mode \"keepid\""),
            ("auto:size=x", "size=\"x\" is not a number"),
            ("auto:uid=1", "auto takes no option \"uid\""),
            ("keep-id:uid", "option \"uid\" is not KEY=VALUE"),
            ("auto:size=0", "size must be at least 1"),
        ] {
            let m = parse_mode(bad).unwrap_err().to_string();
            assert!(m.contains(why) && m.contains("keep-id[:uid=UID,gid=GID]"), "{bad}: {m}");
        }
    }

    #[test]
    fn keep_id_puts_the_user_at_their_uid_and_the_rest_around() {
        assert_eq!(keep_id(1001, 65537), vec![r(0, 1, 1001), r(1001, 0, 1), r(1002, 1002, 64535)]);
        assert_eq!(keep_id(0, 65537), vec![r(0, 0, 1), r(1, 1, 65536)]);
        // A uid past the range: what there is below it, nothing above.
        assert_eq!(keep_id(100000, 65537), vec![r(0, 1, 65536), r(100000, 0, 1)]);
        assert_eq!(total(&keep_id(1001, 65537)), 65537);
    }

    #[test]
    fn pause_maps_become_host_maps_across_split_subordinate_ranges() {
        let pause = vec![r(0, 1001, 1), r(1, 100000, 1000), r(1001, 500000, 64536)];
        assert_eq!(
            to_host(&keep_id(1001, 65537), &pause, "keep-id").unwrap(),
            vec![r(0, 100000, 1000), r(1000, 500000, 1), r(1001, 1001, 1), r(1002, 500001, 64535)]
        );
        let e = to_host(&[r(0, 1, 70000)], &pause, "--uidmap").unwrap_err().to_string();
        assert!(e.contains("you have only ids 0-65536") && e.contains("map fewer ids"), "{e}");
    }

    #[test]
    fn idmaps_parse_with_pause_or_host_ids_and_refuse_overlaps() {
        let pause = vec![r(0, 1001, 1), r(1, 100000, 65536)];
        assert_eq!(parse_idmap("--uidmap", &["0:1:1000".into()], Some(&pause)).unwrap(), vec![r(0, 1, 1000)]);
        assert_eq!(
            parse_idmap("--uidmap", &["0:@100010:10,10:0:1".into()], Some(&pause)).unwrap(),
            vec![r(0, 11, 10), r(10, 0, 1)]
        );
        assert_eq!(parse_idmap("--uidmap", &["0:200000:5".into()], None).unwrap(), vec![r(0, 200000, 5)]);
        for (v, why) in [
            ("0:1", "three fields"),
            ("a:1:1", "\"a\" is not an id"),
            ("0:1:0", "at least 1"),
            ("0:@5:1", "neither yours nor"),
            ("0:1:10,5:100:10", "container ids 5-14 are mapped twice"),
            ("0:1:10,20:5:10", "ids 5-14 are the target of two ranges"),
        ] {
            let m = parse_idmap("--uidmap", &[v.into()], Some(&pause)).unwrap_err().to_string();
            assert!(m.contains(why), "{v}: {m}");
        }
    }

    #[test]
    fn auto_slices_fit_the_first_gap() {
        assert_eq!(first_fit(&[], 1024, 65536), Some(0));
        assert_eq!(first_fit(&[(0, 1024)], 1024, 65536), Some(1024));
        assert_eq!(first_fit(&[(1024, 1024), (0, 512)], 512, 65536), Some(512));
        assert_eq!(first_fit(&[(0, 65000)], 1024, 65536), None);
        assert_eq!(max_ids_named("root:x:0:0\nnobody:x:65534:65534\napp:x:1500:1500\n", "g:x:2000:\n"), 2000);
    }
}
