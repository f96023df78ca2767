//! RFC 3339 timestamps and "2 weeks ago" durations, without a date library.

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Parses `2024-01-02T03:04:05.123456789Z` or with a `+01:00` offset into unix seconds.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
    }
    let offset = match b.get(i)? {
        b'Z' | b'z' => 0,
        b'+' | b'-' => {
            let oh = num(i + 1..i + 3)?;
            let om = num(i + 4..i + 6)?;
            let sign = if b[i] == b'-' { -1 } else { 1 };
            sign * (oh * 3600 + om * 60)
        }
        _ => return None,
    };
    Some(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset)
}

/// Formats unix seconds as `2024-01-02T03:04:05Z`.
pub fn format_rfc3339(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86400), t.rem_euclid(86400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)
}

/// "About a minute ago", "2 weeks ago", "56 years ago", like podman's CREATED column.
pub fn ago(t: i64, now: i64) -> String {
    let d = (now - t).max(0);
    let plural = |n: i64, unit: &str| {
        if n == 1 { format!("1 {unit} ago") } else { format!("{n} {unit}s ago") }
    };
    match d {
        0..=1 => "Less than a second ago".into(),
        2..=59 => plural(d, "second"),
        60..=119 => "About a minute ago".into(),
        120..=3599 => plural(d / 60, "minute"),
        3600..=7199 => "About an hour ago".into(),
        7200..=172_799 => plural(d / 3600, "hour"),
        172_800..=1_209_599 => plural(d / 86400, "day"),
        1_209_600..=5_183_999 => plural(d / 604_800, "week"),
        5_184_000..=63_071_999 => plural(d / 2_592_000, "month"),
        _ => plural(d / 31_536_000, "year"),
    }
}

/// Sizes like podman: "4.86 MB", "123 kB", "12 B" (decimal units, 3 significant digits).
pub fn human_size(n: u64) -> String {
    scaled(n, 1000.0, &["B", "kB", "MB", "GB", "TB", "PB", "EB"])
}

/// Sizes in binary units, as ctr.conf's limits are written: "1 GiB", "9.54 MiB", "512 B"
/// (three significant digits).
pub fn human_size_binary(n: u64) -> String {
    scaled(n, 1024.0, &["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"])
}

/// `n` in the largest of `units` (each `step` times the last) it reaches, with three
/// significant digits, trailing zeros trimmed.
fn scaled(n: u64, step: f64, units: &[&str]) -> String {
    let mut v = n as f64;
    let mut u = 0;
    while v >= step && u < units.len() - 1 {
        v /= step;
        u += 1;
    }
    let digits = if v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else {
        2
    };
    let s = if u == 0 { format!("{n}") } else { format!("{v:.digits$}") };
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    format!("{s} {}", units[u])
}

/// Unix nanoseconds now.
pub fn now_ns() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as i64).unwrap_or(0)
}

/// Formats unix nanoseconds as `2024-01-02T03:04:05.123456789Z` (Docker's log and state times).
pub fn format_rfc3339_nanos(ns: i64) -> String {
    if ns == 0 {
        return "0001-01-01T00:00:00Z".into();
    }
    let s = format_rfc3339(ns.div_euclid(1_000_000_000));
    format!("{}.{:09}Z", &s[..s.len() - 1], ns.rem_euclid(1_000_000_000))
}

/// Parses RFC 3339 with fractional seconds into unix nanoseconds.
pub fn parse_rfc3339_nanos(s: &str) -> Option<i64> {
    let secs = parse_rfc3339(s)?;
    let frac = s.get(19..).filter(|f| f.starts_with('.')).map(|f| {
        let digits: String = f[1..].chars().take_while(|c| c.is_ascii_digit()).take(9).collect();
        format!("{digits:0<9}").parse::<i64>().unwrap_or(0)
    });
    Some(secs * 1_000_000_000 + frac.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2024-02-29T12:00:00.123456789Z"), Some(1709208000));
        assert_eq!(parse_rfc3339("2024-02-29T13:00:00+01:00"), Some(1709208000));
        assert_eq!(format_rfc3339(1709208000), "2024-02-29T12:00:00Z");
        assert_eq!(parse_rfc3339("garbage"), None);
    }

    #[test]
    fn ago_and_sizes() {
        assert_eq!(ago(0, 30), "30 seconds ago");
        assert_eq!(ago(0, 3 * 604_800), "3 weeks ago");
        assert_eq!(ago(0, 1_763_000_000), "55 years ago");
        assert_eq!(human_size_binary(512), "512 B");
        assert_eq!(human_size_binary(1 << 30), "1 GiB");
        assert_eq!(human_size_binary(512 << 20), "512 MiB");
        assert_eq!(human_size_binary(10_000_000), "9.54 MiB");
        assert_eq!(human_size_binary(1000 << 20), "1000 MiB");
        assert_eq!(human_size_binary(1000 << 40), "1000 TiB");
        assert_eq!(human_size(12), "12 B");
        assert_eq!(human_size(4_860_000), "4.86 MB");
        assert_eq!(human_size(123_400), "123 kB");
        assert_eq!(human_size(1_000), "1 kB");
    }
}
