//! A container's files over the API: `archive` (HEAD stat, GET a tar, PUT a tar: what
//! `docker cp` uses), `changes` (`docker diff`) and `export`.
//!
//! The archive work runs in a `ctr __cp` process inside the container's root (a running
//! container's mount namespace, or a stopped one's overlay mounted and chrooted into), so
//! every path, symlinks included, resolves inside it (`runtime::cp`). Compared call by
//! call with dockerd 20.10 (tests/it/apiends.rs): the same stat header (Go's FileMode,
//! the resolved `linkTarget`), statuses and messages, with these differences kept on
//! purpose:
//! - "extraction point is not a directory" and a refused `noOverwriteDirNonDir` are 400
//!   (dockerd 20.10: 500, untyped; later dockerd: 400), and the overwrite message names
//!   the entry of the tar (dockerd 20.10: "Error processing tar file(exit status 1):
//!   cannot overwrite directory \"/data/sub\" with non-directory \"/data\"").
//! - A missing `path` is "bad parameter: path cannot be empty" (dockerd: "pathcannot").
//! - The tar's entries carry numeric owners only (no user and group names).
//! - `changes` leaves out the mount points ctr made (/etc/hostname, /etc/hosts,
//!   /etc/resolv.conf when empty, /dev, /proc, /sys), as dockerd's init layer hides them.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use base64::Engine as _;
use hyper::Request;
use hyper::body::Incoming;
use serde_json::{Value, json};

use super::handlers::{Ctx, engine_call, error, truthy};
use super::{BodyWriter, Resp, empty, streamed};
use crate::engine::local::LocalEngine;
use crate::engine::{EngineError, ErrorKind};
use crate::runtime::cp::{CpMode, PathStat};

fn stat_header(st: &PathStat) -> String {
    base64::engine::general_purpose::STANDARD.encode(serde_json::to_vec(st).unwrap_or_default())
}

fn path_param(q: &HashMap<String, String>) -> Result<String, EngineError> {
    q.get("path")
        .filter(|p| !p.is_empty())
        .cloned()
        .ok_or_else(|| EngineError::invalid("bad parameter: path cannot be empty"))
}

fn join_error(e: tokio::task::JoinError) -> Resp {
    error(&EngineError::new(ErrorKind::Internal, format!("internal error: {e}")))
}

/// `HEAD /containers/{id}/archive?path=`: the path's stat in X-Docker-Container-Path-Stat.
pub async fn archive_head(ctx: &Arc<Ctx>, id: String, q: &HashMap<String, String>) -> Resp {
    let path = match path_param(q) {
        Ok(p) => p,
        Err(e) => return error(&e),
    };
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let r = tokio::task::spawn_blocking(move || {
        let mut e = LocalEngine::open(&root, &runroot)?;
        e.container_archive(&id, &path, CpMode::Stat, None).map(|(st, _)| st)
    })
    .await;
    match r {
        Ok(Ok(st)) => {
            let mut resp = empty(200);
            if let Ok(v) = stat_header(&st).parse() {
                resp.headers_mut().insert("X-Docker-Container-Path-Stat", v);
            }
            resp
        }
        Ok(Err(e)) => error(&e),
        Err(e) => join_error(e),
    }
}

/// `GET /containers/{id}/archive?path=`: a tar of the path (entries under its base
/// name), with its stat in the header as for HEAD.
pub async fn archive_get(ctx: &Arc<Ctx>, id: String, q: &HashMap<String, String>) -> Resp {
    let path = match path_param(q) {
        Ok(p) => p,
        Err(e) => return error(&e),
    };
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let rt = tokio::runtime::Handle::current();
    let (answer, answered) = tokio::sync::oneshot::channel::<Resp>();
    tokio::task::spawn_blocking(move || {
        let started =
            LocalEngine::open(&root, &runroot).and_then(|mut e| e.container_archive(&id, &path, CpMode::Get, None));
        let (st, mut job) = match started {
            Ok(j) => j,
            Err(e) => {
                let _ = answer.send(error(&e));
                return;
            }
        };
        let (tx, mut resp) = streamed(200, "application/x-tar");
        if let Ok(v) = stat_header(&st).parse() {
            resp.headers_mut().insert("X-Docker-Container-Path-Stat", v);
        }
        if answer.send(resp).is_err() {
            return;
        }
        let mut w = BodyWriter::new(tx, rt);
        let copied = std::io::copy(job.reader(), &mut w).and_then(|_| w.flush());
        match (copied, job.finish()) {
            (Ok(()), Ok(())) => {}
            (Err(e), _) => w.tx.abort(e),
            (_, Err(e)) => w.tx.abort(std::io::Error::other(e.message)),
        }
    });
    match answered.await {
        Ok(r) => r,
        Err(_) => error(&EngineError::new(ErrorKind::Internal, "the archive job ended without an answer")),
    }
}

/// `PUT /containers/{id}/archive?path=&noOverwriteDirNonDir=&copyUIDGID=`: extracts the
/// tar body into the directory `path`.
pub async fn archive_put(ctx: &Arc<Ctx>, req: Request<Incoming>, id: String, q: &HashMap<String, String>) -> Resp {
    let path = match path_param(q) {
        Ok(p) => p,
        Err(e) => return error(&e),
    };
    let mode = CpMode::Put {
        no_overwrite_dir_non_dir: truthy(q, "noOverwriteDirNonDir"),
        copy_uid_gid: truthy(q, "copyUIDGID"),
    };
    let body = match super::body_pipe(req) {
        Ok(r) => r,
        Err(e) => return error(&e.into()),
    };
    engine_call(ctx, 200, move |e| {
        let (_, job) = e.container_archive(&id, &path, mode, Some(std::process::Stdio::from(body)))?;
        job.finish()?;
        Ok(Value::Null)
    })
    .await
}

/// `GET /containers/{id}/changes`: dockerd's kinds, 0 modified, 1 added, 2 deleted; null
/// when there are none, as dockerd answers.
pub async fn changes(ctx: &Arc<Ctx>, id: String) -> Resp {
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let r = tokio::task::spawn_blocking(move || LocalEngine::open(&root, &runroot)?.diff_container(&id)).await;
    match r {
        Ok(Ok(c)) if c.is_empty() => super::json(200, &Value::Null),
        Ok(Ok(c)) => super::json(
            200,
            &json!(
                c.iter()
                    .map(|c| json!({"Path": c.path, "Kind": match c.kind { 'C' => 0, 'A' => 1, _ => 2 }}))
                    .collect::<Vec<_>>()
            ),
        ),
        Ok(Err(e)) => error(&e),
        Err(e) => join_error(e),
    }
}

/// `GET /containers/{id}/export`: the container's root filesystem as a tar.
pub async fn export(ctx: &Arc<Ctx>, id: String) -> Resp {
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let id2 = id.clone();
    let check =
        tokio::task::spawn_blocking(move || LocalEngine::open(&root, &runroot)?.container(&id2).map(|_| ())).await;
    match check {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return error(&e),
        Err(e) => return join_error(e),
    }
    let (tx, resp) = streamed(200, "application/x-tar");
    let (root, runroot) = (ctx.root.clone(), ctx.runroot.clone());
    let rt = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let mut w = BodyWriter::new(tx, rt);
        let r = LocalEngine::open(&root, &runroot).and_then(|e| e.export_container(&id, &mut w));
        match r.map_err(|e| std::io::Error::other(e.message)).and_then(|()| w.flush()) {
            Ok(()) => {}
            Err(e) => w.tx.abort(e),
        }
    });
    resp
}
