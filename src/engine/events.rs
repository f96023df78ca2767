//! Events in docker's shape (`GET /events`), and the journal monitors write theirs to
//! (`$XDG_RUNTIME_DIR/ctr/events.log`, one JSON object per line), which the API service
//! follows: what happens in a container's monitor (a health status change) reaches
//! `docker events` though no daemon saw it.

use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// The journal is cut back to nothing when it grows past this (readers then start over).
const JOURNAL_MAX: u64 = 4 << 20;

pub fn journal_path(runroot: &Path) -> PathBuf {
    runroot.join("events.log")
}

/// One event as docker writes it.
pub fn event(kind: &str, action: &str, id: &str, name: &str, image: &str, extra: &[(&str, String)]) -> Value {
    let now = crate::timefmt::now_ns();
    let mut attrs = serde_json::Map::new();
    attrs.insert("name".into(), json!(name));
    if kind == "container" {
        attrs.insert("image".into(), json!(image));
    }
    for (k, v) in extra {
        attrs.insert((*k).into(), json!(v));
    }
    json!({
        "Type": kind, "Action": action, "status": action, "id": id, "from": image,
        "Actor": {"ID": id, "Attributes": attrs}, "scope": "local",
        "time": now / 1_000_000_000, "timeNano": now,
    })
}

/// Appends an event to the journal (one write with O_APPEND: lines never interleave).
pub fn append(runroot: &Path, ev: &Value) {
    let path = journal_path(runroot);
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > JOURNAL_MAX) {
        let _ = std::fs::remove_file(&path);
    }
    let mut line = serde_json::to_vec(ev).unwrap_or_default();
    line.push(b'\n');
    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(&path) {
        let _ = f.write_all(&line);
    }
}

/// The events appended after `offset` (whole lines only); returns them and the new
/// offset. A journal that was cut back is read from its start.
pub fn read_from(runroot: &Path, offset: u64) -> (Vec<Value>, u64) {
    let Ok(mut f) = std::fs::File::open(journal_path(runroot)) else { return (Vec::new(), 0) };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let start = if len < offset { 0 } else { offset };
    if f.seek(std::io::SeekFrom::Start(start)).is_err() {
        return (Vec::new(), offset);
    }
    let mut buf = Vec::new();
    let _ = f.take(JOURNAL_MAX).read_to_end(&mut buf);
    let complete = buf.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let evs = buf[..complete].split(|b| *b == b'\n').filter_map(|l| serde_json::from_slice(l).ok()).collect();
    (evs, start + complete as u64)
}

/// The journal's current end (a reader that wants only what comes next starts here).
pub fn end(runroot: &Path) -> u64 {
    std::fs::metadata(journal_path(runroot)).map(|m| m.len()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn journal_round_trip() {
        let dir = std::env::temp_dir().join(format!("ctr-events-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let start = super::end(&dir);
        super::append(&dir, &super::event("container", "health_status: healthy", "abc", "web", "busybox", &[]));
        let (evs, off) = super::read_from(&dir, start);
        assert_eq!(evs.len(), 1);
        assert_eq!(evs[0]["Action"], "health_status: healthy");
        assert_eq!(evs[0]["Actor"]["Attributes"]["name"], "web");
        assert_eq!(super::read_from(&dir, off).0.len(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
