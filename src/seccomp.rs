//! Seccomp profiles: docker's JSON format (what containers-common ships as
//! `/usr/share/containers/seccomp.json` and `docker --security-opt seccomp=FILE` reads),
//! ctr's built-in default of the same semantics, and their compilation to a BPF program
//! with libseccomp (the library runc, crun and youki use) for this machine's architecture
//! and the container's capabilities.
//!
//! A profile is compiled when a container's bundle is written (the result cached by the
//! profile's bytes, the capabilities and the architecture), and the container's init only
//! hands the ready program to seccomp(2), after no_new_privs and just before exec.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use libseccomp::{ScmpAction, ScmpArch, ScmpArgCompare, ScmpCompareOp, ScmpFilterContext, ScmpSyscall};
use serde::{Deserialize, Serialize};

/// `null` read as empty (containers-common's profile writes `"args": null`).
fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A profile in docker's format. Unknown keys (`comment`, `defaultErrno`, ...) are
/// ignored; unknown values (an action, an operator, an architecture) are errors.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub default_action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_errno_ret: Option<u32>,
    /// The older form of `archMap`: architectures without sub-architectures.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub architectures: Vec<String>,
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub arch_map: Vec<ArchMap>,
    #[serde(default, deserialize_with = "nullable")]
    pub syscalls: Vec<Rule>,
    /// seccomp(2) flags: SECCOMP_FILTER_FLAG_LOG, _SPEC_ALLOW, _WAIT_KILLABLE_RECV.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listener_path: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArchMap {
    pub architecture: String,
    #[serde(default, deserialize_with = "nullable")]
    pub sub_architectures: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub names: Vec<String>,
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errno_ret: Option<u32>,
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<Arg>,
    #[serde(default, deserialize_with = "nullable")]
    pub includes: Filter,
    #[serde(default, deserialize_with = "nullable")]
    pub excludes: Filter,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Arg {
    pub index: u32,
    pub value: u64,
    #[serde(default)]
    pub value_two: u64,
    pub op: String,
}

/// When a rule applies: `includes` all of it holds, `excludes` none of it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Filter {
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub caps: Vec<String>,
    /// Docker's architecture names (amd64, arm64, x86, ...).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub arches: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_kernel: Option<String>,
}

/// Where the profile a container uses comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Unconfined,
    Builtin,
    File(PathBuf),
}

impl Source {
    /// How inspect and `ctr info` name it: `unconfined`, `builtin`, or the file's path.
    pub fn name(&self) -> String {
        match self {
            Source::Unconfined => "unconfined".into(),
            Source::Builtin => "builtin".into(),
            Source::File(p) => p.display().to_string(),
        }
    }

    pub fn from_name(s: &str) -> Source {
        match s {
            "unconfined" => Source::Unconfined,
            "builtin" | "" => Source::Builtin,
            p => Source::File(PathBuf::from(p)),
        }
    }
}

/// The files the containers ecosystem keeps its default profile in, in the order
/// podman reads them.
const DEFAULT_FILES: &[&str] = &["/etc/containers/seccomp.json", "/usr/share/containers/seccomp.json"];

/// The default profile: containers.conf's `seccomp_profile` when set, else the containers
/// ecosystem's file when installed, else ctr's built-in one.
pub fn default_source() -> Source {
    if let Some(p) = containers_conf_profile() {
        return Source::from_name(&p);
    }
    DEFAULT_FILES.iter().map(Path::new).find(|p| p.is_file()).map(|p| Source::File(p.into())).unwrap_or(Source::Builtin)
}

/// `[containers] seccomp_profile` of containers.conf(5).
fn containers_conf_profile() -> Option<String> {
    crate::containers_conf::value("containers", "seccomp_profile")?.as_str().filter(|s| !s.is_empty()).map(String::from)
}

/// The profile's text for a source (None: unconfined).
pub fn load(source: &Source) -> Result<Option<String>, String> {
    match source {
        Source::Unconfined => Ok(None),
        Source::Builtin => Ok(Some(serde_json::to_string(&builtin()).expect("the built-in profile serializes"))),
        Source::File(p) => std::fs::read_to_string(p)
            .map(Some)
            .map_err(|e| format!("seccomp profile {}: cannot read it: {e}", p.display())),
    }
}

/// Parses and checks a profile's text (everything compile would refuse), naming where.
pub fn parse(text: &str, name: &str) -> Result<Profile, String> {
    let p: Profile = serde_json::from_str(text).map_err(|e| format!("seccomp profile {name}: not valid JSON: {e}"))?;
    action(&p.default_action, p.default_errno_ret)
        .map_err(|e| format!("seccomp profile {name}: defaultAction: {e}"))?;
    if let Some(l) = &p.listener_path {
        return Err(format!(
            "seccomp profile {name}: listenerPath {l}: seccomp notification is not supported; remove it and the SCMP_ACT_NOTIFY rules"
        ));
    }
    for f in &p.flags {
        flag(f).map_err(|e| format!("seccomp profile {name}: flags: {e}"))?;
    }
    for a in p.arch_map.iter().map(|a| &a.architecture).chain(&p.architectures) {
        a.parse::<ScmpArch>().map_err(|_| format!("seccomp profile {name}: unknown architecture {a:?}"))?;
    }
    for (i, r) in p.syscalls.iter().enumerate() {
        let at = || {
            let first = r.name.as_deref().or(r.names.first().map(String::as_str)).unwrap_or("");
            format!("seccomp profile {name}: syscalls[{i}] ({first})")
        };
        if r.name.is_none() && r.names.is_empty() {
            return Err(format!("{}: no syscall names", at()));
        }
        action(&r.action, r.errno_ret).map_err(|e| format!("{}: {e}", at()))?;
        for a in &r.args {
            op(&a.op, a.value).map_err(|e| format!("{}: {e}", at()))?;
            if a.index > 5 {
                return Err(format!("{}: argument index {}: a syscall has arguments 0 to 5", at(), a.index));
            }
        }
        for k in r.includes.min_kernel.iter().chain(&r.excludes.min_kernel) {
            kernel_version(k).ok_or_else(|| format!("{}: minKernel {k:?}: write MAJOR.MINOR, e.g. 4.8", at()))?;
        }
    }
    Ok(p)
}

fn action(name: &str, errno: Option<u32>) -> Result<ScmpAction, String> {
    match name {
        "SCMP_ACT_ERRNO" => Ok(ScmpAction::Errno(errno.unwrap_or(libc::EPERM as u32) as i32)),
        "SCMP_ACT_TRACE" => Ok(ScmpAction::Trace(errno.unwrap_or(libc::EPERM as u32) as u16)),
        "SCMP_ACT_NOTIFY" => Err("SCMP_ACT_NOTIFY: seccomp notification is not supported".into()),
        n => ScmpAction::from_str(n, None).map_err(|_| {
            format!(
                "unknown action {n:?}: use SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_TRACE or SCMP_ACT_LOG"
            )
        }),
    }
}

fn op(name: &str, value: u64) -> Result<ScmpCompareOp, String> {
    Ok(match name {
        "SCMP_CMP_NE" => ScmpCompareOp::NotEqual,
        "SCMP_CMP_LT" => ScmpCompareOp::Less,
        "SCMP_CMP_LE" => ScmpCompareOp::LessOrEqual,
        "SCMP_CMP_EQ" => ScmpCompareOp::Equal,
        "SCMP_CMP_GE" => ScmpCompareOp::GreaterEqual,
        "SCMP_CMP_GT" => ScmpCompareOp::Greater,
        // docker's form: `value` is the mask, `valueTwo` the value compared.
        "SCMP_CMP_MASKED_EQ" => ScmpCompareOp::MaskedEqual(value),
        o => return Err(format!("unknown operator {o:?}: use SCMP_CMP_EQ, _NE, _LT, _LE, _GE, _GT or _MASKED_EQ")),
    })
}

fn flag(name: &str) -> Result<u32, String> {
    match name {
        "SECCOMP_FILTER_FLAG_TSYNC" => Ok(1),
        "SECCOMP_FILTER_FLAG_LOG" => Ok(2),
        "SECCOMP_FILTER_FLAG_SPEC_ALLOW" => Ok(4),
        "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" => Ok(32),
        f => Err(format!(
            "unknown flag {f:?}: use SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW or SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"
        )),
    }
}

fn kernel_version(s: &str) -> Option<(u32, u32)> {
    let mut it = s.split(['.', '-']);
    let major = it.next()?.parse().ok()?;
    let minor = it.next().map(|m| m.parse().ok()).unwrap_or(Some(0))?;
    Some((major, minor))
}

fn running_kernel() -> (u32, u32) {
    nix::sys::utsname::uname().ok().and_then(|u| kernel_version(&u.release().to_string_lossy())).unwrap_or((0, 0))
}

/// This machine's architecture in docker's words (what `includes.arches` lists).
fn docker_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "x86",
        "arm" => "arm",
        "powerpc64" => "ppc64le",
        "s390x" => "s390x",
        "riscv64" => "riscv64",
        "mips64" => "mips64",
        other => other,
    }
}

/// Whether a rule applies here: `includes` all holds (the architecture, every capability,
/// the kernel at least), `excludes` none (the architecture, any capability, the kernel
/// at least).
fn applies(r: &Rule, have: &BTreeSet<&str>, arch: &str, kernel: (u32, u32)) -> bool {
    let (i, x) = (&r.includes, &r.excludes);
    (i.arches.is_empty() || i.arches.iter().any(|a| a == arch))
        && i.caps.iter().all(|c| have.contains(c.as_str()))
        && i.min_kernel.as_deref().and_then(kernel_version).is_none_or(|k| kernel >= k)
        && !x.arches.iter().any(|a| a == arch)
        && !x.caps.iter().any(|c| have.contains(c.as_str()))
        && x.min_kernel.as_deref().and_then(kernel_version).is_none_or(|k| kernel < k)
}

/// A compiled filter: the BPF program (struct sock_filter, 8 bytes each) and seccomp(2)'s
/// flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compiled {
    pub bpf: Vec<u8>,
    pub flags: u32,
}

/// Compiles a profile for this machine and a container with `caps` (names like
/// `CAP_SYS_ADMIN`): the rules whose includes/excludes hold, names libseccomp does not
/// know skipped (newer syscalls than it), the native architecture and its
/// sub-architectures from `archMap` (a profile entry for another architecture is
/// ignored).
pub fn compile(p: &Profile, caps: &[String], name: &str) -> Result<Compiled, String> {
    let err = |what: &str, e: libseccomp::error::SeccompError| format!("seccomp profile {name}: {what}: {e}");
    let default = action(&p.default_action, p.default_errno_ret).map_err(|e| format!("seccomp profile {name}: {e}"))?;
    let mut ctx = ScmpFilterContext::new(default).map_err(|e| err("create the filter", e))?;
    // no_new_privs is the init's to set (or not: --security-opt no-new-privileges=false).
    ctx.set_ctl_nnp(false).map_err(|e| err("filter attribute", e))?;
    // A binary tree of syscalls, not a list: fewer instructions per syscall.
    let _ = ctx.set_ctl_optimize(2);
    let native = ScmpArch::native();
    let native_name = format!("{native:?}");
    for m in &p.arch_map {
        let Ok(a) = m.architecture.parse::<ScmpArch>() else { continue };
        if a == native {
            for s in &m.sub_architectures {
                if let Ok(sa) = s.parse::<ScmpArch>()
                    && sa != native
                {
                    ctx.add_arch(sa).map_err(|e| err(&format!("architecture {s}"), e))?;
                }
            }
        }
    }
    let kernel = running_kernel();
    let have: BTreeSet<&str> = caps.iter().map(String::as_str).collect();
    let arch = docker_arch();
    for r in p.syscalls.iter().filter(|r| applies(r, &have, arch, kernel)) {
        let act = action(&r.action, r.errno_ret).map_err(|e| format!("seccomp profile {name}: {e}"))?;
        if act == default {
            continue;
        }
        let conds: Vec<ScmpArgCompare> = r
            .args
            .iter()
            .map(|a| {
                let o = op(&a.op, a.value)?;
                let datum = if matches!(o, ScmpCompareOp::MaskedEqual(_)) { a.value_two } else { a.value };
                Ok(ScmpArgCompare::new(a.index, o, datum))
            })
            .collect::<Result<_, String>>()
            .map_err(|e| format!("seccomp profile {name}: {e}"))?;
        // Conditions on one argument index cannot be ANDed in one libseccomp rule: as
        // docker does, each becomes a rule of its own.
        let same_index = {
            let idx: BTreeSet<u32> = r.args.iter().map(|a| a.index).collect();
            idx.len() < r.args.len()
        };
        for n in r.name.iter().chain(&r.names) {
            // Unknown to this libseccomp (a newer syscall, another architecture's): skip.
            let Ok(sc) = ScmpSyscall::from_name(n) else { continue };
            let res = if conds.is_empty() {
                ctx.add_rule(act, sc)
            } else if same_index {
                conds.iter().try_for_each(|c| ctx.add_rule_conditional(act, sc, &[*c]).map(|_| ())).map(|_| &mut ctx)
            } else {
                ctx.add_rule_conditional(act, sc, &conds)
            };
            res.map_err(|e| err(&format!("rule for {n} ({native_name})"), e))?;
        }
    }
    // (libseccomp 2.5 exports to a file descriptor only.)
    let bpf = {
        use std::io::{Read, Seek};
        use std::os::fd::FromRawFd;
        // SAFETY: a constant name; the fd returned is owned by the File below.
        let fd = unsafe { libc::memfd_create(c"ctr-seccomp".as_ptr(), libc::MFD_CLOEXEC) };
        if fd < 0 {
            return Err(format!("seccomp profile {name}: memfd: {}", std::io::Error::last_os_error()));
        }
        // SAFETY: fd is a fresh descriptor nothing else owns.
        let mut f = unsafe { std::fs::File::from_raw_fd(fd) };
        ctx.export_bpf(&f).map_err(|e| err("export the program", e))?;
        let mut b = Vec::new();
        f.rewind().and_then(|_| f.read_to_end(&mut b)).map_err(|e| format!("seccomp profile {name}: {e}"))?;
        b
    };
    let mut flags = 0;
    for f in &p.flags {
        flags |= flag(f).map_err(|e| format!("seccomp profile {name}: {e}"))?;
    }
    Ok(Compiled { bpf, flags })
}

/// Compiles through a cache in `dir` (the runroot's): the same profile bytes, capabilities
/// and architecture give the same program, so only a container's first start with a
/// profile pays for libseccomp.
pub fn compile_cached(dir: &Path, text: &str, caps: &[String], name: &str) -> Result<Compiled, String> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(text.as_bytes());
    h.update([0]);
    h.update(caps.join(",").as_bytes());
    h.update([0]);
    h.update(std::env::consts::ARCH.as_bytes());
    let (maj, min) = running_kernel();
    h.update(format!("{maj}.{min}").as_bytes());
    let key: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let path = dir.join(format!("{key}.bpf"));
    if let Ok(b) = std::fs::read(&path)
        && b.len() >= 4
    {
        let flags = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        return Ok(Compiled { bpf: b[4..].to_vec(), flags });
    }
    let p = parse(text, name)?;
    let c = compile(&p, caps, name)?;
    if std::fs::create_dir_all(dir).is_ok() {
        let tmp = dir.join(format!(".{key}.{}", std::process::id()));
        let mut b = c.flags.to_le_bytes().to_vec();
        b.extend_from_slice(&c.bpf);
        if std::fs::write(&tmp, &b).is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        }
    }
    Ok(c)
}

/// Installs a compiled program on the calling thread (and its future children). Without
/// no_new_privs this needs CAP_SYS_ADMIN in the current user namespace.
pub fn install(c: &Compiled) -> std::io::Result<()> {
    if !c.bpf.len().is_multiple_of(8) || c.bpf.is_empty() {
        return Err(std::io::Error::other("the seccomp program is not whole"));
    }
    let prog = libc::sock_fprog { len: (c.bpf.len() / 8) as u16, filter: c.bpf.as_ptr() as *mut libc::sock_filter };
    // SAFETY: prog points at the program for the duration of the call; the kernel copies it.
    let r = unsafe {
        libc::syscall(
            libc::SYS_seccomp,
            1, /* SECCOMP_SET_MODE_FILTER */
            c.flags,
            &prog as *const libc::sock_fprog,
        )
    };
    if r < 0 { Err(std::io::Error::last_os_error()) } else { Ok(()) }
}

/// The profile as an OCI runtime spec's `linux.seccomp` (for `--runtime crun|runc`): the
/// rules that apply to this machine and these capabilities, as `compile` takes them.
pub fn to_oci(p: &Profile, caps: &[String]) -> serde_json::Value {
    use serde_json::json;
    let have: BTreeSet<&str> = caps.iter().map(String::as_str).collect();
    let arch = docker_arch();
    let kernel = running_kernel();
    let mut arches: Vec<String> = Vec::new();
    let native = ScmpArch::native();
    for m in &p.arch_map {
        if m.architecture.parse::<ScmpArch>().ok() == Some(native) {
            arches.push(m.architecture.clone());
            arches.extend(m.sub_architectures.iter().cloned());
        }
    }
    let syscalls: Vec<serde_json::Value> = p
        .syscalls
        .iter()
        .filter(|r| applies(r, &have, arch, kernel))
        .map(|r| {
            let names: Vec<&String> = r.name.iter().chain(&r.names).collect();
            let mut v = json!({"names": names, "action": r.action});
            if let Some(e) = r.errno_ret {
                v["errnoRet"] = json!(e);
            }
            if !r.args.is_empty() {
                v["args"] = json!(r.args);
            }
            v
        })
        .collect();
    let mut v = json!({"defaultAction": p.default_action, "architectures": arches, "syscalls": syscalls});
    if let Some(e) = p.default_errno_ret {
        v["defaultErrnoRet"] = json!(e);
    }
    if !p.flags.is_empty() {
        v["flags"] = json!(p.flags);
    }
    v
}

/// ctr's built-in default, for machines without the containers ecosystem's profile: the
/// same semantics (allow-list; unknown syscalls get ENOSYS so that libc falls back from
/// newer calls; known dangerous ones EPERM; calls that need a capability allowed with it),
/// written here from the syscalls' meanings.
pub fn builtin() -> Profile {
    let names = |s: &str| -> Vec<String> { s.split_whitespace().map(String::from).collect() };
    let rule = |n: &str, action: &str, errno: Option<u32>| Rule {
        names: names(n),
        action: action.into(),
        errno_ret: errno,
        ..Default::default()
    };
    let allow = |n: &str| rule(n, "SCMP_ACT_ALLOW", None);
    let eperm = |n: &str| rule(n, "SCMP_ACT_ERRNO", Some(libc::EPERM as u32));
    let mut syscalls = vec![
        // Known and refused: kernel keyrings (not namespaced), kexec, swap, obsolete and
        // legacy calls, userfaultfd, NUMA page moves, vmsplice.
        eperm(
            "add_key keyctl request_key bdflush io_pgetevents kexec_file_load kexec_load migrate_pages move_pages \
             nfsservctl nice oldfstat oldlstat oldolduname oldstat olduname pciconfig_iobase pciconfig_read \
             pciconfig_write sgetmask ssetmask swapcontext swapoff swapon sysfs uselib userfaultfd ustat vm86 \
             vm86old vmsplice",
        ),
        allow(ALLOWED),
    ];
    // personality(2): only the harmless personas (linux, linux32, UNAME26 variants, query).
    for persona in [0u64, 8, 0x20000, 0x20008, 0xffff_ffff] {
        syscalls.push(Rule {
            args: vec![Arg { index: 0, value: persona, value_two: 0, op: "SCMP_CMP_EQ".into() }],
            ..allow("personality")
        });
    }
    syscalls
        .push(Rule { includes: Filter { arches: names("amd64 x32"), ..Default::default() }, ..allow("arch_prctl") });
    syscalls.push(Rule {
        includes: Filter { arches: names("amd64 x32 x86"), ..Default::default() },
        ..allow("modify_ldt")
    });
    // clone(2) without namespace flags (CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|
    // NEWNET) unless CAP_SYS_ADMIN; clone3 hides its flags in memory: ENOSYS, so libc
    // uses clone.
    syscalls.push(Rule {
        args: vec![Arg { index: 0, value: 0x7E02_0000, value_two: 0, op: "SCMP_CMP_MASKED_EQ".into() }],
        excludes: Filter { caps: names("CAP_SYS_ADMIN"), ..Default::default() },
        ..allow("clone")
    });
    syscalls.push(Rule {
        excludes: Filter { caps: names("CAP_SYS_ADMIN"), ..Default::default() },
        ..rule("clone3", "SCMP_ACT_ERRNO", Some(libc::ENOSYS as u32))
    });
    // Calls allowed with a capability (any of those listed for it), EPERM without.
    let by_cap = [
        (
            "CAP_SYS_ADMIN",
            "bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie mount mount_setattr \
             move_mount open_tree perf_event_open quotactl quotactl_fd setdomainname sethostname setns umount \
             umount2 unshare",
        ),
        ("CAP_SYS_BOOT", "reboot"),
        ("CAP_SYS_CHROOT", "chroot"),
        ("CAP_SYS_MODULE", "delete_module init_module finit_module"),
        ("CAP_SYS_PACCT", "acct"),
        ("CAP_SYS_PTRACE", "kcmp pidfd_getfd process_madvise process_vm_readv process_vm_writev"),
        ("CAP_SYS_RAWIO", "iopl ioperm"),
        ("CAP_SYS_TIME", "settimeofday stime clock_settime clock_settime64"),
        ("CAP_SYS_TTY_CONFIG", "vhangup"),
        ("CAP_SYS_NICE", "get_mempolicy mbind set_mempolicy set_mempolicy_home_node"),
        ("CAP_SYSLOG", "syslog"),
        ("CAP_BPF", "bpf"),
        ("CAP_PERFMON", "perf_event_open"),
        ("CAP_DAC_READ_SEARCH", "open_by_handle_at"),
    ];
    let mut allowing: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for (cap, calls) in by_cap {
        syscalls.push(Rule { includes: Filter { caps: names(cap), ..Default::default() }, ..allow(calls) });
        for c in calls.split_whitespace() {
            allowing.entry(c).or_default().push(cap.to_string());
        }
    }
    // (clone and clone3 have their rules above.)
    for (call, caps) in allowing.into_iter().filter(|(c, _)| !matches!(*c, "clone" | "clone3")) {
        syscalls.push(Rule { excludes: Filter { caps, ..Default::default() }, ..eperm(call) });
    }
    Profile {
        default_action: "SCMP_ACT_ERRNO".into(),
        default_errno_ret: Some(libc::ENOSYS as u32),
        arch_map: vec![
            ArchMap {
                architecture: "SCMP_ARCH_X86_64".into(),
                sub_architectures: names("SCMP_ARCH_X86 SCMP_ARCH_X32"),
            },
            ArchMap { architecture: "SCMP_ARCH_AARCH64".into(), sub_architectures: names("SCMP_ARCH_ARM") },
            ArchMap { architecture: "SCMP_ARCH_PPC64LE".into(), sub_architectures: Vec::new() },
            ArchMap { architecture: "SCMP_ARCH_S390X".into(), sub_architectures: names("SCMP_ARCH_S390") },
            ArchMap { architecture: "SCMP_ARCH_RISCV64".into(), sub_architectures: Vec::new() },
        ],
        syscalls,
        ..Default::default()
    }
}

/// What every container may call: file, process, memory, time-reading, signal, socket,
/// IPC and scheduling calls that a user namespace and the container's own namespaces
/// contain.
const ALLOWED: &str = "_llseek _newselect accept accept4 access adjtimex alarm bind brk cachestat capget capset \
chdir chmod chown chown32 clock_adjtime clock_adjtime64 clock_getres clock_getres_time64 clock_gettime \
clock_gettime64 clock_nanosleep clock_nanosleep_time64 close close_range connect copy_file_range creat dup dup2 \
dup3 epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old \
eventfd eventfd2 execve execveat exit exit_group faccessat faccessat2 fadvise64 fadvise64_64 fallocate \
fanotify_mark fchdir fchmod fchmodat fchmodat2 fchown fchown32 fchownat fcntl fcntl64 fdatasync fgetxattr \
flistxattr flock fork fremovexattr fsetxattr fstat fstat64 fstatat64 fstatfs fstatfs64 fsync ftruncate \
ftruncate64 futex futex_requeue futex_time64 futex_wait futex_waitv futex_wake futimesat get_robust_list \
get_thread_area getcpu getcwd getdents getdents64 getegid getegid32 geteuid geteuid32 getgid getgid32 getgroups \
getgroups32 getitimer getpeername getpgid getpgrp getpid getppid getpriority getrandom getresgid getresgid32 \
getresuid getresuid32 getrlimit getrusage getsid getsockname getsockopt gettid gettimeofday getuid getuid32 \
getxattr inotify_add_watch inotify_init inotify_init1 inotify_rm_watch io_cancel io_destroy io_getevents \
io_pgetevents_time64 io_setup io_submit io_uring_enter io_uring_register io_uring_setup ioctl ioprio_get \
ioprio_set ipc kill landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown lchown32 lgetxattr \
link linkat listen listxattr llistxattr lremovexattr lseek lsetxattr lstat lstat64 madvise map_shadow_stack \
membarrier memfd_create memfd_secret mincore mkdir mkdirat mknod mknodat mlock mlock2 mlockall mmap mmap2 \
mprotect mq_getsetattr mq_notify mq_open mq_timedreceive mq_timedreceive_time64 mq_timedsend \
mq_timedsend_time64 mq_unlink mremap msgctl msgget msgrcv msgsnd msync munlock munlockall munmap \
name_to_handle_at nanosleep newfstatat open openat openat2 pause pidfd_open pidfd_send_signal pipe pipe2 \
pkey_alloc pkey_free pkey_mprotect poll ppoll ppoll_time64 prctl pread64 preadv preadv2 prlimit64 \
process_mrelease pselect6 pselect6_time64 ptrace pwrite64 pwritev pwritev2 read readahead readlink readlinkat \
readv recv recvfrom recvmmsg recvmmsg_time64 recvmsg remap_file_pages removexattr rename renameat renameat2 \
restart_syscall rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn \
rt_sigsuspend rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo sched_get_priority_max \
sched_get_priority_min sched_getaffinity sched_getattr sched_getparam sched_getscheduler \
sched_rr_get_interval sched_rr_get_interval_time64 sched_setaffinity sched_setattr sched_setparam \
sched_setscheduler sched_yield seccomp select semctl semget semop semtimedop semtimedop_time64 send sendfile \
sendfile64 sendmmsg sendmsg sendto set_robust_list set_thread_area set_tid_address setfsgid setfsgid32 setfsuid \
setfsuid32 setgid setgid32 setgroups setgroups32 setitimer setpgid setpriority setregid setregid32 setresgid \
setresgid32 setresuid setresuid32 setreuid setreuid32 setrlimit setsid setsockopt setuid setuid32 setxattr \
shmat shmctl shmdt shmget shutdown sigaltstack signalfd signalfd4 sigprocmask sigreturn socket socketcall \
socketpair splice stat stat64 statfs statfs64 statx symlink symlinkat sync sync_file_range syncfs sysinfo tee \
tgkill time timer_create timer_delete timer_getoverrun timer_gettime timer_gettime64 timer_settime \
timer_settime64 timerfd_create timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64 times tkill \
truncate truncate64 ugetrlimit umask uname unlink unlinkat utime utimensat utimensat_time64 utimes vfork wait4 \
waitid waitpid write writev";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_profile_compiles_with_and_without_capabilities() {
        let p = builtin();
        let text = serde_json::to_string(&p).unwrap();
        let back = parse(&text, "builtin").unwrap();
        let plain = compile(&back, &[], "builtin").unwrap();
        let admin = compile(&back, &["CAP_SYS_ADMIN".to_string()], "builtin").unwrap();
        assert!(!plain.bpf.is_empty() && plain.bpf.len().is_multiple_of(8));
        assert_ne!(plain.bpf, admin.bpf, "CAP_SYS_ADMIN changes the program");
    }

    #[test]
    fn malformed_profiles_name_the_problem() {
        let e = parse("{", "x.json").unwrap_err();
        assert!(e.contains("x.json") && e.contains("not valid JSON"), "{e}");
        let e = parse(r#"{"defaultAction": "SCMP_ACT_NOPE"}"#, "x.json").unwrap_err();
        assert!(e.contains("defaultAction") && e.contains("SCMP_ACT_NOPE"), "{e}");
        let e = parse(
            r#"{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_WHAT"}]}]}"#,
            "x.json",
        )
        .unwrap_err();
        assert!(e.contains("syscalls[0] (mkdir)") && e.contains("SCMP_CMP_WHAT"), "{e}");
        let e = parse(r#"{"defaultAction": "SCMP_ACT_ALLOW", "archMap": [{"architecture": "SCMP_ARCH_VAX"}]}"#, "x")
            .unwrap_err();
        assert!(e.contains("SCMP_ARCH_VAX"), "{e}");
    }

    #[test]
    fn rules_for_other_architectures_and_unknown_names_are_skipped() {
        let p = parse(
            r#"{"defaultAction": "SCMP_ACT_ALLOW",
                "archMap": [{"architecture": "SCMP_ARCH_S390X", "subArchitectures": ["SCMP_ARCH_S390"]}],
                "syscalls": [
                  {"names": ["s390_runtime_instr", "no_such_call_at_all"], "action": "SCMP_ACT_ERRNO", "includes": {"arches": ["s390x"]}},
                  {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO"}
                ]}"#,
            "x",
        )
        .unwrap();
        let c = compile(&p, &[], "x").unwrap();
        assert!(!c.bpf.is_empty());
    }

    #[test]
    fn kernel_versions_read() {
        assert_eq!(kernel_version("4.8"), Some((4, 8)));
        assert_eq!(kernel_version("6.18.3-cloud"), Some((6, 18)));
        assert_eq!(kernel_version("x"), None);
    }
}
