//! The layer store: one directory per layer (by diff id) under `layers/`, unpacked once and
//! shared by every image that has the layer. Unpacking and removal run as root of a user
//! namespace with the user's subordinate ids (a helper process), so file owners are the ids
//! the image says, shifted into the user's range.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::digest;
use crate::image::blobs::temp_name;
use crate::runtime::userns::{self, Mapping};
use crate::storage::unpack::{self, UnpackOptions, UnpackStats};

#[derive(Debug, thiserror::Error)]
pub enum LayerError {
    #[error("layer {blob}: {message}")]
    Unpack { blob: String, message: String },
    #[error("layer store {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Userns(#[from] userns::UsernsError),
    #[error("layer helper failed: {0}")]
    Helper(String),
}

/// One layer to unpack: a blob file, and the diff id it must have if known.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct UnpackJob {
    pub blob: PathBuf,
    pub dest: PathBuf,
    pub expected_diff_id: Option<String>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct HelperRequest {
    opts: UnpackOptions,
    jobs: Vec<UnpackJob>,
    /// Run every job at once (streams from pipes must all be read while they arrive).
    #[serde(default)]
    all_at_once: bool,
}

/// Layers being unpacked as they arrive: each is read from a pipe by the unpack helper
/// (or a thread, as real root) while the caller writes into the pipe. Results come back
/// one line per layer (`parse_done`) on `results` as each layer finishes.
pub struct StreamUnpack {
    pub jobs: Vec<UnpackJob>,
    pub results: Option<std::os::fd::OwnedFd>,
    worker: Worker,
}

enum Worker {
    Helper(std::process::Child),
    Thread(std::thread::JoinHandle<()>, Vec<std::os::fd::OwnedFd>),
}

pub struct LayerStore {
    dir: PathBuf,
    /// None as real root: no user namespace, work in-process.
    mapping: Option<Mapping>,
}

impl LayerStore {
    pub fn new(root: &Path, mapping: Option<Mapping>) -> LayerStore {
        LayerStore { dir: root.join("layers"), mapping }
    }

    pub fn ensure_dir(&self) -> Result<(), LayerError> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|source| LayerError::Io { path: self.dir.display().to_string(), source })
    }

    /// The directory holding a layer's files (an overlay lower dir).
    pub fn path(&self, diff_id: &str) -> PathBuf {
        self.dir.join(digest::hex(diff_id))
    }

    pub fn exists(&self, diff_id: &str) -> bool {
        self.path(diff_id).is_dir()
    }

    fn options(&self) -> UnpackOptions {
        UnpackOptions { rootless: self.mapping.is_some(), single_id: self.mapping.as_ref().is_some_and(|m| !m.full) }
    }

    /// Unpacks blobs into new layer directories, in parallel. Each result is the layer's
    /// stats; a layer whose directory already exists (another `ctr` was faster) is kept.
    pub fn unpack(
        &self,
        blobs: &[(PathBuf, Option<String>)],
    ) -> Result<Vec<Result<UnpackStats, LayerError>>, LayerError> {
        self.ensure_dir()?;
        let jobs: Vec<UnpackJob> = blobs
            .iter()
            .map(|(blob, exp)| UnpackJob {
                blob: blob.clone(),
                dest: temp_name(&self.dir, ".tmp-"),
                expected_diff_id: exp.clone(),
            })
            .collect();
        let results: Vec<Result<UnpackStats, String>> = match &self.mapping {
            None => run_jobs(self.options(), &jobs, false, None),
            Some(m) => self.run_helper(m, &jobs)?,
        };
        self.place(&jobs, results)
    }

    /// Starts unpacking layers that will arrive as streams, each to have the diff id
    /// given; returns the pipes to write them into (close one to end its layer).
    pub fn unpack_streams(&self, diff_ids: &[String]) -> Result<(StreamUnpack, Vec<std::fs::File>), LayerError> {
        use std::os::fd::AsRawFd;
        self.ensure_dir()?;
        let pipe =
            || nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(|e| LayerError::Helper(format!("pipe: {e}")));
        let mut readers = Vec::new();
        let mut writers = Vec::new();
        for _ in diff_ids {
            let (r, w) = pipe()?;
            // Bigger pipes: fewer wakeups between the download and the unpack.
            let _ = nix::fcntl::fcntl(&w, nix::fcntl::FcntlArg::F_SETPIPE_SZ(1 << 20));
            readers.push(r);
            writers.push(std::fs::File::from(w));
        }
        let jobs: Vec<UnpackJob> = readers
            .iter()
            .zip(diff_ids)
            .map(|(r, d)| UnpackJob {
                blob: PathBuf::from(format!("/proc/self/fd/{}", r.as_raw_fd())),
                dest: temp_name(&self.dir, ".tmp-"),
                expected_diff_id: Some(d.clone()),
            })
            .collect();
        let opts = self.options();
        let (results, worker) = match &self.mapping {
            None => {
                let (rr, rw) = pipe()?;
                let j = jobs.clone();
                let out = std::sync::Mutex::new(std::fs::File::from(rw));
                let h = std::thread::spawn(move || {
                    run_jobs(opts, &j, true, Some(&|i, r| write_done(&out, i, r)));
                });
                (rr, Worker::Thread(h, readers))
            }
            Some(m) => {
                let fds: Vec<i32> = readers.iter().map(|r| r.as_raw_fd()).collect();
                let mut child = userns::spawn(m, userns::Extra::None, &["unpack".into()], |c| {
                    use std::os::unix::process::CommandExt;
                    c.stdin(Stdio::piped()).stdout(Stdio::piped());
                    // SAFETY: between fork and exec only fcntl, which is async-signal-safe.
                    unsafe {
                        c.pre_exec(move || {
                            for fd in &fds {
                                if libc::fcntl(*fd, libc::F_SETFD, 0) < 0 {
                                    return Err(std::io::Error::last_os_error());
                                }
                            }
                            Ok(())
                        });
                    }
                })?;
                drop(readers);
                let req = serde_json::to_vec(&HelperRequest { opts, jobs: jobs.clone(), all_at_once: true })
                    .map_err(|e| LayerError::Helper(e.to_string()))?;
                let mut stdin = child.stdin.take().expect("piped stdin");
                stdin.write_all(&req).map_err(|e| LayerError::Helper(e.to_string()))?;
                drop(stdin);
                let out = std::os::fd::OwnedFd::from(child.stdout.take().expect("piped stdout"));
                (out, Worker::Helper(child))
            }
        };
        Ok((StreamUnpack { jobs, results: Some(results), worker }, writers))
    }

    /// Waits for the unpacker of a stream unpack to finish.
    pub fn finish_streams(&self, su: StreamUnpack) -> Result<(), LayerError> {
        drop(su.results);
        match su.worker {
            Worker::Thread(h, readers) => {
                h.join().map_err(|_| LayerError::Helper("unpack thread panicked".into()))?;
                drop(readers);
            }
            Worker::Helper(mut child) => {
                let status = child.wait().map_err(|e| LayerError::Helper(e.to_string()))?;
                if !status.success() {
                    return Err(LayerError::Helper(format!("exited with {status}")));
                }
            }
        }
        Ok(())
    }

    /// Moves one unpacked layer into place (or keeps the copy another ctr placed first).
    pub fn place_one(&self, job: &UnpackJob, stats: &UnpackStats) -> Result<(), LayerError> {
        let dest = self.path(&stats.diff_id);
        match std::fs::rename(&job.dest, &dest) {
            Ok(()) => Ok(()),
            Err(_) if dest.is_dir() => self.remove_paths(std::slice::from_ref(&job.dest)),
            Err(source) => Err(LayerError::Io { path: dest.display().to_string(), source }),
        }
    }

    /// Throws away an unpacked layer whose blob did not verify.
    pub fn discard(&self, job: &UnpackJob) -> Result<(), LayerError> {
        if job.dest.exists() { self.remove_paths(std::slice::from_ref(&job.dest)) } else { Ok(()) }
    }

    /// Moves each successful unpack into place.
    fn place(
        &self,
        jobs: &[UnpackJob],
        results: Vec<Result<UnpackStats, String>>,
    ) -> Result<Vec<Result<UnpackStats, LayerError>>, LayerError> {
        let mut out = Vec::new();
        for (job, r) in jobs.iter().zip(results) {
            out.push(match r {
                Ok(stats) => self.place_one(job, &stats).map(|()| stats),
                Err(message) => Err(LayerError::Unpack { blob: job.blob.display().to_string(), message }),
            });
        }
        Ok(out)
    }

    fn run_helper(&self, m: &Mapping, jobs: &[UnpackJob]) -> Result<Vec<Result<UnpackStats, String>>, LayerError> {
        let mut child = userns::spawn(m, userns::Extra::None, &["unpack".into()], |c| {
            c.stdin(Stdio::piped()).stdout(Stdio::piped());
        })?;
        let req = serde_json::to_vec(&HelperRequest { opts: self.options(), jobs: jobs.to_vec(), all_at_once: false })
            .map_err(|e| LayerError::Helper(e.to_string()))?;
        let mut stdin = child.stdin.take().expect("piped stdin");
        stdin.write_all(&req).map_err(|e| LayerError::Helper(e.to_string()))?;
        drop(stdin);
        let mut out = Vec::new();
        child
            .stdout
            .take()
            .expect("piped stdout")
            .read_to_end(&mut out)
            .map_err(|e| LayerError::Helper(e.to_string()))?;
        let status = child.wait().map_err(|e| LayerError::Helper(e.to_string()))?;
        if !status.success() {
            return Err(LayerError::Helper(format!("exited with {status}")));
        }
        serde_json::from_slice(&out).map_err(|e| LayerError::Helper(format!("bad reply: {e}")))
    }

    /// Removes layer directories (files may belong to subordinate ids, so as ns root).
    pub fn remove(&self, diff_ids: &[String]) -> Result<(), LayerError> {
        // Renamed away first, so a half-removed layer is never mistaken for a whole one.
        let mut trash = Vec::new();
        for d in diff_ids {
            let t = temp_name(&self.dir, ".trash-");
            if std::fs::rename(self.path(d), &t).is_ok() {
                trash.push(t);
            }
        }
        self.remove_paths(&trash)
    }

    /// Removes `.tmp-*` and `.trash-*` leftovers of interrupted work (exclusive lock held).
    pub fn clean_leftovers(&self) -> Result<(), LayerError> {
        let Ok(rd) = std::fs::read_dir(&self.dir) else {
            return Ok(());
        };
        let left: Vec<PathBuf> = rd
            .flatten()
            .filter(|e| {
                let n = e.file_name();
                let n = n.to_string_lossy();
                n.starts_with(".tmp-") || n.starts_with(".trash-")
            })
            .map(|e| e.path())
            .collect();
        self.remove_paths(&left)
    }

    pub fn remove_paths(&self, paths: &[PathBuf]) -> Result<(), LayerError> {
        if paths.is_empty() {
            return Ok(());
        }
        match &self.mapping {
            None => {
                for p in paths {
                    remove_tree(p).map_err(|source| LayerError::Io { path: p.display().to_string(), source })?;
                }
                Ok(())
            }
            Some(m) => {
                let mut args = vec!["rm".into()];
                args.extend(paths.iter().map(|p| p.as_os_str().to_owned()));
                let mut child = userns::spawn(m, userns::Extra::None, &args, |_| {})?;
                let status = child.wait().map_err(|e| LayerError::Helper(e.to_string()))?;
                if !status.success() {
                    return Err(LayerError::Helper(format!("removing layer directories failed ({status})")));
                }
                Ok(())
            }
        }
    }
}

/// Removes a tree, making directories writable first (layers may hold 0555 dirs).
pub fn remove_tree(p: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::symlink_metadata(p) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(m) if m.is_dir() => {
            let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o700));
            for e in std::fs::read_dir(p)? {
                remove_tree(&e?.path())?;
            }
            std::fs::remove_dir(p)
        }
        Ok(_) => std::fs::remove_file(p),
    }
}

/// Runs unpack jobs on up to one thread per core. A failed job leaves nothing behind.
type DoneFn<'a> = &'a (dyn Fn(usize, &Result<UnpackStats, String>) + Sync);

fn run_jobs(
    opts: UnpackOptions,
    jobs: &[UnpackJob],
    all_at_once: bool,
    done: Option<DoneFn>,
) -> Vec<Result<UnpackStats, String>> {
    let next = AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<Result<UnpackStats, String>>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let threads = if all_at_once { jobs.len() } else { cores.min(jobs.len()) };
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let r = run_job(opts, job);
                    if r.is_err() {
                        let _ = remove_tree(&job.dest);
                    }
                    if let Some(d) = done {
                        d(i, &r);
                    }
                    *results[i].lock().unwrap() = Some(r);
                }
            });
        }
    });
    results.into_iter().map(|m| m.into_inner().unwrap().unwrap_or(Err("not run".into()))).collect()
}

fn run_job(opts: UnpackOptions, job: &UnpackJob) -> Result<UnpackStats, String> {
    std::fs::create_dir(&job.dest).map_err(|e| format!("create {}: {e}", job.dest.display()))?;
    let f = std::fs::File::open(&job.blob).map_err(|e| format!("open {}: {e}", job.blob.display()))?;
    let stats = unpack::unpack(f, &job.dest, opts).map_err(|e| e.to_string())?;
    if let Some(exp) = &job.expected_diff_id
        && *exp != stats.diff_id
    {
        return Err(format!(
            "diff id mismatch: the image config says {exp} but the layer's content is {}; the archive or registry data is corrupt",
            stats.diff_id
        ));
    }
    Ok(stats)
}

/// `ctr __userns user unpack`: read a request on stdin, unpack, answer on stdout.
pub fn helper_unpack() -> i32 {
    let mut input = Vec::new();
    if std::io::stdin().read_to_end(&mut input).is_err() {
        return 1;
    }
    let Ok(req) = serde_json::from_slice::<HelperRequest>(&input) else {
        return 1;
    };
    if req.all_at_once {
        // Streams: one line per layer as soon as it is done.
        let out = std::sync::Mutex::new(std::io::stdout());
        run_jobs(req.opts, &req.jobs, true, Some(&|i, r| write_done(&out, i, r)));
        return 0;
    }
    let results = run_jobs(req.opts, &req.jobs, false, None);
    let out = serde_json::to_vec(&results).unwrap_or_default();
    if std::io::stdout().write_all(&out).is_err() {
        return 1;
    }
    0
}

/// One line of a stream unpack's results: `{"i":N,"r":{"Ok":...}|{"Err":...}}`.
fn write_done(out: &std::sync::Mutex<impl Write>, i: usize, r: &Result<UnpackStats, String>) {
    let mut line = serde_json::to_vec(&serde_json::json!({ "i": i, "r": r })).unwrap_or_default();
    line.push(b'\n');
    let mut o = out.lock().unwrap();
    let _ = o.write_all(&line);
    let _ = o.flush();
}

/// Parses a line `write_done` wrote.
pub fn parse_done(line: &str) -> Option<(usize, Result<UnpackStats, String>)> {
    #[derive(serde::Deserialize)]
    struct Done {
        i: usize,
        r: Result<UnpackStats, String>,
    }
    serde_json::from_str::<Done>(line).ok().map(|d| (d.i, d.r))
}

/// `ctr __userns user rm PATH...`
pub fn helper_rm(paths: &[std::ffi::OsString]) -> i32 {
    let mut rc = 0;
    for p in paths {
        if let Err(e) = remove_tree(Path::new(p)) {
            let _ = writeln!(std::io::stderr(), "ctr: remove {}: {e}", Path::new(p).display());
            rc = 1;
        }
    }
    rc
}
