//! Linux capabilities by name, docker's default set, and setting them (capset(2),
//! PR_CAPBSET_DROP).

/// Capability names in number order (capability(7)); index = number.
pub const NAMES: &[&str] = &[
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "KILL",
    "SETGID",
    "SETUID",
    "SETPCAP",
    "LINUX_IMMUTABLE",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_ADMIN",
    "NET_RAW",
    "IPC_LOCK",
    "IPC_OWNER",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_CHROOT",
    "SYS_PTRACE",
    "SYS_PACCT",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_NICE",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "MKNOD",
    "LEASE",
    "AUDIT_WRITE",
    "AUDIT_CONTROL",
    "SETFCAP",
    "MAC_OVERRIDE",
    "MAC_ADMIN",
    "SYSLOG",
    "WAKE_ALARM",
    "BLOCK_SUSPEND",
    "AUDIT_READ",
    "PERFMON",
    "BPF",
    "CHECKPOINT_RESTORE",
];

/// Docker's default capability set (moby's oci/caps/defaults.go).
pub const DOCKER_DEFAULT: &[&str] = &[
    "CHOWN",
    "DAC_OVERRIDE",
    "FSETID",
    "FOWNER",
    "MKNOD",
    "NET_RAW",
    "SETGID",
    "SETUID",
    "SETFCAP",
    "SETPCAP",
    "NET_BIND_SERVICE",
    "SYS_CHROOT",
    "KILL",
    "AUDIT_WRITE",
];

/// The number of a capability named `CAP_X`, `X` or `x`.
pub fn number(name: &str) -> Option<u32> {
    let n = name.trim().to_ascii_uppercase();
    let n = n.strip_prefix("CAP_").unwrap_or(&n);
    NAMES.iter().position(|c| *c == n).map(|i| i as u32)
}

/// Applies `--cap-add`/`--cap-drop` (names, or ALL) to docker's default set; returns
/// `CAP_` names, or the unknown name.
pub fn resolve(add: &[String], drop: &[String]) -> Result<Vec<String>, String> {
    let all = |v: &[String]| v.iter().any(|c| c.eq_ignore_ascii_case("all"));
    let mut set: Vec<u32> = if all(add) {
        // ALL: every capability this kernel has that ctr itself may pass on (its bounding
        // set: a root whose own set lacks one cannot give it).
        let bounding = own_bounding();
        (0..=last_cap().min(NAMES.len() as u32 - 1)).filter(|c| bounding & (1u64 << c) != 0).collect()
    } else if all(drop) {
        Vec::new()
    } else {
        DOCKER_DEFAULT.iter().filter_map(|c| number(c)).collect()
    };
    for a in add.iter().filter(|c| !c.eq_ignore_ascii_case("all")) {
        let n = number(a).ok_or_else(|| a.clone())?;
        if !set.contains(&n) {
            set.push(n);
        }
    }
    for d in drop.iter().filter(|c| !c.eq_ignore_ascii_case("all")) {
        let n = number(d).ok_or_else(|| d.clone())?;
        set.retain(|c| *c != n);
    }
    set.sort_unstable();
    Ok(set.iter().map(|n| format!("CAP_{}", NAMES[*n as usize])).collect())
}

/// This process's capability bounding set (`CapBnd` of /proc/self/status); all bits when
/// it cannot be read.
fn own_bounding() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| l.strip_prefix("CapBnd:")).and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
        })
        .unwrap_or(u64::MAX)
}

/// The highest capability this kernel knows.
pub fn last_cap() -> u32 {
    std::fs::read_to_string("/proc/sys/kernel/cap_last_cap").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(40)
}

/// Drops every capability not in `keep` from the bounding set.
pub fn drop_bounding(keep: &[u32]) -> std::io::Result<()> {
    for c in 0..=last_cap() {
        if keep.contains(&c) {
            continue;
        }
        // SAFETY: prctl with integer arguments only.
        let r = unsafe { libc::prctl(libc::PR_CAPBSET_DROP, c as libc::c_ulong, 0, 0, 0) };
        if r != 0 {
            let e = std::io::Error::last_os_error();
            if e.raw_os_error() != Some(libc::EINVAL) {
                return Err(e);
            }
        }
    }
    Ok(())
}

#[repr(C)]
struct CapHeader {
    version: u32,
    pid: i32,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
struct CapData {
    effective: u32,
    permitted: u32,
    inheritable: u32,
}

/// Sets effective, permitted and inheritable to exactly `caps`.
pub fn set(caps: &[u32]) -> std::io::Result<()> {
    let mut data = [CapData::default(); 2];
    for c in caps {
        let (i, bit) = ((*c / 32) as usize, 1u32 << (*c % 32));
        data[i].effective |= bit;
        data[i].permitted |= bit;
        data[i].inheritable |= bit;
    }
    let hdr = CapHeader { version: 0x2008_0522, pid: 0 };
    // SAFETY: header and a two-element data array as capset(2) wants for version 3.
    let r = unsafe { libc::syscall(libc::SYS_capset, &hdr as *const CapHeader, data.as_ptr()) };
    if r == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_sets() {
        assert_eq!(number("CAP_SYS_ADMIN"), Some(21));
        assert_eq!(number("net_admin"), Some(12));
        assert_eq!(number("NOPE"), None);
        let s = resolve(&["NET_ADMIN".into()], &["MKNOD".into()]).unwrap();
        assert!(s.contains(&"CAP_NET_ADMIN".to_string()) && !s.contains(&"CAP_MKNOD".to_string()));
        assert_eq!(resolve(&[], &["ALL".into()]).unwrap(), Vec::<String>::new());
        let mine = (0..=last_cap().min(NAMES.len() as u32 - 1)).filter(|c| own_bounding() & (1 << c) != 0).count();
        assert_eq!(resolve(&["ALL".into()], &[]).unwrap().len(), mine, "ALL: what this process may pass on");
        let most = resolve(&["ALL".into()], &["NET_RAW".into()]).unwrap();
        assert!(most.len() == mine - 1 && !most.contains(&"CAP_NET_RAW".to_string()), "ALL then a drop");
        assert_eq!(resolve(&["bogus".into()], &[]), Err("bogus".to_string()));
    }
}
