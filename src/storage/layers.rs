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
use crate::storage::unpack::{self, Refusal, UnpackError, UnpackLimits, UnpackOptions, UnpackStats};

#[derive(Debug, thiserror::Error)]
pub enum LayerError {
    #[error("layer {layer}: {message}")]
    Unpack { layer: String, message: String },
    #[error("layer {layer} was refused and nothing of it was kept: {refusal}")]
    Refused { layer: String, refusal: Refusal },
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
    /// The blob's size: a stream's as its descriptor says (a file's is its length).
    pub compressed_size: Option<u64>,
}

/// A stored blob to unpack as a layer, named in errors as the caller knows it (its digest).
#[derive(Debug, Clone)]
pub struct LayerInput {
    pub blob: PathBuf,
    pub name: String,
    pub expected_diff_id: Option<String>,
}

/// A layer that will arrive as a stream: its diff id, and the size its descriptor gives
/// (an upper bound: a registry sending more is cut off), which its expansion limit is of.
#[derive(Debug, Clone)]
pub struct StreamInput {
    pub diff_id: String,
    pub size: u64,
}

/// Why an unpack job failed, as it crosses the helper's pipe: a refusal keeps its numbers.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum JobFailure {
    Refused(Refusal),
    Failed(String),
}

impl JobFailure {
    /// The error for the layer callers call `layer` (a digest).
    pub fn into_error(self, layer: &str) -> LayerError {
        match self {
            JobFailure::Refused(refusal) => LayerError::Refused { layer: layer.to_string(), refusal },
            JobFailure::Failed(message) => LayerError::Unpack { layer: layer.to_string(), message },
        }
    }
}

impl From<String> for JobFailure {
    fn from(m: String) -> JobFailure {
        JobFailure::Failed(m)
    }
}

type JobResult = Result<UnpackStats, JobFailure>;

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

    fn options(&self, limits: UnpackLimits) -> UnpackOptions {
        UnpackOptions {
            rootless: self.mapping.is_some(),
            single_id: self.mapping.as_ref().is_some_and(|m| !m.full),
            limits,
        }
    }

    /// Unpacks blobs into new layer directories, in parallel, each within `limits`. Each
    /// result is the layer's stats; a layer whose directory already exists (another `ctr`
    /// was faster) is kept. A failed or refused layer leaves nothing.
    pub fn unpack(
        &self,
        inputs: &[LayerInput],
        limits: UnpackLimits,
    ) -> Result<Vec<Result<UnpackStats, LayerError>>, LayerError> {
        self.ensure_dir()?;
        let jobs: Vec<UnpackJob> = inputs
            .iter()
            .map(|i| UnpackJob {
                blob: i.blob.clone(),
                dest: temp_name(&self.dir, ".tmp-"),
                expected_diff_id: i.expected_diff_id.clone(),
                compressed_size: None,
            })
            .collect();
        let opts = self.options(limits);
        let results: Vec<JobResult> = match &self.mapping {
            None => run_jobs(opts, &jobs, false, None),
            Some(m) => self.run_helper(m, opts, &jobs)?,
        };
        self.place(inputs, &jobs, results)
    }

    /// Starts unpacking layers that will arrive as streams, each within `limits`; returns
    /// the pipes to write them into (close one to end its layer).
    pub fn unpack_streams(
        &self,
        inputs: &[StreamInput],
        limits: UnpackLimits,
    ) -> Result<(StreamUnpack, Vec<std::fs::File>), LayerError> {
        use std::os::fd::AsRawFd;
        self.ensure_dir()?;
        let pipe =
            || nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(|e| LayerError::Helper(format!("pipe: {e}")));
        let mut readers = Vec::new();
        let mut writers = Vec::new();
        for _ in inputs {
            let (r, w) = pipe()?;
            // Bigger pipes: fewer wakeups between the download and the unpack.
            let _ = nix::fcntl::fcntl(&w, nix::fcntl::FcntlArg::F_SETPIPE_SZ(1 << 20));
            readers.push(r);
            writers.push(std::fs::File::from(w));
        }
        let jobs: Vec<UnpackJob> = readers
            .iter()
            .zip(inputs)
            .map(|(r, i)| UnpackJob {
                blob: PathBuf::from(format!("/proc/self/fd/{}", r.as_raw_fd())),
                dest: temp_name(&self.dir, ".tmp-"),
                expected_diff_id: Some(i.diff_id.clone()),
                compressed_size: Some(i.size),
            })
            .collect();
        let opts = self.options(limits);
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
        inputs: &[LayerInput],
        jobs: &[UnpackJob],
        results: Vec<JobResult>,
    ) -> Result<Vec<Result<UnpackStats, LayerError>>, LayerError> {
        let mut out = Vec::new();
        for ((input, job), r) in inputs.iter().zip(jobs).zip(results) {
            out.push(match r {
                Ok(stats) => self.place_one(job, &stats).map(|()| stats),
                Err(f) => Err(f.into_error(&input.name)),
            });
        }
        Ok(out)
    }

    fn run_helper(&self, m: &Mapping, opts: UnpackOptions, jobs: &[UnpackJob]) -> Result<Vec<JobResult>, LayerError> {
        let mut child = userns::spawn(m, userns::Extra::None, &["unpack".into()], |c| {
            c.stdin(Stdio::piped()).stdout(Stdio::piped());
        })?;
        let req = serde_json::to_vec(&HelperRequest { opts, jobs: jobs.to_vec(), all_at_once: false })
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
            // Its copies for containers with an id map of their own (storage::idcopy).
            let copies = self.dir.with_file_name("idmapped-layers");
            // Renamed within their own directory: moving a directory elsewhere needs its
            // owner's (a subordinate id's) write permission on it.
            for key in std::fs::read_dir(&copies).into_iter().flatten().flatten() {
                let t = temp_name(&key.path(), ".trash-");
                if std::fs::rename(key.path().join(digest::hex(d)), &t).is_ok() {
                    trash.push(t);
                }
            }
        }
        self.remove_paths(&trash)
    }

    /// Removes `.tmp-*` and `.trash-*` leftovers of interrupted work (exclusive lock held).
    pub fn clean_leftovers(&self) -> Result<(), LayerError> {
        let Ok(rd) = std::fs::read_dir(&self.dir) else {
            return Ok(());
        };
        // The layer copies' directories (storage::idcopy) and theirs too.
        let copies_dir = self.dir.with_file_name("idmapped-layers");
        let copies = std::fs::read_dir(&copies_dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|k| std::fs::read_dir(k.path()).ok())
            .flatten();
        let left: Vec<PathBuf> = rd
            .chain(std::fs::read_dir(&copies_dir).into_iter().flatten())
            .chain(copies)
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
type DoneFn<'a> = &'a (dyn Fn(usize, &JobResult) + Sync);

fn run_jobs(opts: UnpackOptions, jobs: &[UnpackJob], all_at_once: bool, done: Option<DoneFn>) -> Vec<JobResult> {
    let next = AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<JobResult>>> = jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let threads = if all_at_once { jobs.len() } else { cores.min(jobs.len()) };
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let r = run_job(opts, job, all_at_once);
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
    results.into_iter().map(|m| m.into_inner().unwrap().unwrap_or(Err(JobFailure::Failed("not run".into())))).collect()
}

/// Unpacks one job. A stream (`drain`) is read to its end even when its layer failed, so
/// the writer on the other end of the pipe (a download, verified to its end) never waits
/// on a full pipe nobody reads; what is left of it is at most its compressed size.
fn run_job(opts: UnpackOptions, job: &UnpackJob, drain: bool) -> JobResult {
    std::fs::create_dir(&job.dest).map_err(|e| format!("create {}: {e}", job.dest.display()))?;
    let mut f = std::fs::File::open(&job.blob).map_err(|e| format!("open {}: {e}", job.blob.display()))?;
    let size = match job.compressed_size {
        Some(s) => Some(s),
        None => f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len()),
    };
    let r = unpack::unpack(&mut f, size, &job.dest, opts);
    if drain {
        let _ = std::io::copy(&mut f, &mut std::io::sink());
    }
    let stats = r.map_err(|e| match e {
        UnpackError::Refused(r) => JobFailure::Refused(r),
        e => JobFailure::Failed(e.to_string()),
    })?;
    if let Some(exp) = &job.expected_diff_id
        && *exp != stats.diff_id
    {
        return Err(JobFailure::Failed(format!(
            "diff id mismatch: the image config says {exp} but the layer's content is {}; the archive or registry data is corrupt",
            stats.diff_id
        )));
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
fn write_done(out: &std::sync::Mutex<impl Write>, i: usize, r: &JobResult) {
    let mut line = serde_json::to_vec(&serde_json::json!({ "i": i, "r": r })).unwrap_or_default();
    line.push(b'\n');
    let mut o = out.lock().unwrap();
    let _ = o.write_all(&line);
    let _ = o.flush();
}

/// Parses a line `write_done` wrote.
pub fn parse_done(line: &str) -> Option<(usize, JobResult)> {
    #[derive(serde::Deserialize)]
    struct Done {
        i: usize,
        r: JobResult,
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
