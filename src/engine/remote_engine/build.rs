//! `ctr -H ... build`: `POST /build`, docker's classic builder endpoint, as the docker CLI
//! drives it. The context goes as a tar streamed from here, `.dockerignore` applied (the
//! Dockerfile and `.dockerignore` themselves always sent, as docker does); a Dockerfile
//! from outside the context or from stdin is added to the tar under a name of its own.
//! Options are query parameters; credentials for the FROM images' registries go in
//! `X-Registry-Config`. The answer is a stream of `{"stream": ...}` lines (written out as
//! they come), pull progress of FROM images, `{"aux": {"ID": ...}}` and errors.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::{Value, json};

use super::images::{Follower, messages, refuse_tls_verify};
use super::param;
use crate::build::context::Ignore;
use crate::engine::interface::BuildRequest;
use crate::engine::remote::{Client, check, status_kind};
use crate::engine::{EngineError, ErrorKind, Progress};
use crate::image::reference::Reference;
use crate::image::registry::auth;

/// Where the Dockerfile goes in the context's tar: its path there when it is inside the
/// context directory, else (stdin, or a file elsewhere) a name of its own the tar adds.
#[derive(Debug, PartialEq)]
enum Placement {
    Inside(String),
    Added(String),
}

fn placement(context: Option<&Path>, dockerfile: Option<&Path>) -> Placement {
    if let (Some(ctx), Some(f)) = (context, dockerfile)
        && let Ok(f) = std::fs::canonicalize(f)
        && let Ok(rel) = f.strip_prefix(ctx)
        && let Some(rel) = rel.to_str().filter(|r| !r.is_empty())
    {
        return Placement::Inside(rel.to_string());
    }
    // docker's name for it: `.dockerfile.` and random hex.
    let b = crate::engine::local::containers::random_bytes(10);
    Placement::Added(format!(".dockerfile.{}", b.iter().map(|x| format!("{x:02x}")).collect::<String>()))
}

/// Writes the context to `w` as a tar: the tree under `context` (names relative to it)
/// without what `.dockerignore` excludes, except `keep`; then `added` (a name and its
/// text), and then, as the docker CLI does, a `.dockerignore` that also names it, so that
/// the added Dockerfile is not copied into the image by `COPY .`. Symlinks stay links;
/// sockets, fifos and devices are left out.
fn write_context(
    context: Option<&Path>,
    keep: &[String],
    added: Option<(String, String)>,
    w: impl Write,
) -> std::io::Result<()> {
    fn walk(
        b: &mut tar::Builder<impl Write>,
        root: &Path,
        dir: &Path,
        ignore: &Ignore,
        keep: &[String],
        skip: &[String],
    ) -> std::io::Result<()> {
        let named = |path: &Path, e: std::io::Error| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()));
        let mut entries: Vec<_> = std::fs::read_dir(dir).map_err(|e| named(dir, e))?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let path = e.path();
            let rel = path.strip_prefix(root).map_err(std::io::Error::other)?;
            let rel_s = rel.to_string_lossy().into_owned();
            let t = e.file_type()?;
            if skip.contains(&rel_s) {
                continue;
            }
            let excluded = ignore.excluded(&rel_s) && !keep.contains(&rel_s);
            if t.is_dir() {
                if !excluded {
                    b.append_path_with_name(&path, rel).map_err(|e| named(&path, e))?;
                }
                if !excluded || ignore.may_reinclude(&rel_s) {
                    walk(b, root, &path, ignore, keep, skip)?;
                }
            } else if !excluded && (t.is_file() || t.is_symlink()) {
                b.append_path_with_name(&path, rel).map_err(|e| named(&path, e))?;
            }
        }
        Ok(())
    }
    let mut b = tar::Builder::new(w);
    b.follow_symlinks(false);
    let mut ignore_text = String::new();
    // With a Dockerfile added, the context's .dockerignore goes last, amended.
    let skip = if added.is_some() { vec![".dockerignore".to_string()] } else { Vec::new() };
    if let Some(dir) = context {
        let file = dir.join(".dockerignore");
        ignore_text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(std::io::Error::new(e.kind(), format!("{}: {e}", file.display()))),
        };
        walk(&mut b, dir, dir, &Ignore::parse(&ignore_text), keep, &skip)?;
    }
    if let Some((name, text)) = added {
        let mut file = |name: &str, data: &[u8]| {
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_mtime(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()));
            h.set_cksum();
            b.append_data(&mut h, name, data)
        };
        file(&name, text.as_bytes())?;
        file(".dockerignore", format!("{ignore_text}\n{name}\n").as_bytes())?;
    }
    b.into_inner()?.flush()
}

/// `X-Registry-Config` for the FROM images' registries: base64url of `{"REGISTRY":
/// {"username", "password"}}`, from `--creds` or the user's credential files and
/// helpers. None without any (or when the Dockerfile does not parse: the engine names
/// the error).
fn registry_config(r: &BuildRequest) -> Result<Option<String>, EngineError> {
    let Ok(images) = crate::build::base_images(&r.options) else { return Ok(None) };
    let mut m = BTreeMap::new();
    for image in images {
        let Ok(rf) = Reference::parse(&image) else { continue };
        let creds = match &r.session.creds {
            Some(c) => Some(c.clone()),
            None => auth::lookup(&rf.registry, &rf.repository, r.session.authfile.as_deref())?,
        };
        if let Some(c) = creds {
            let key = if rf.registry == "docker.io" { "https://index.docker.io/v1/".to_string() } else { rf.registry };
            m.insert(key, json!({"username": c.username, "password": c.password}));
        }
    }
    Ok((!m.is_empty()).then(|| base64::engine::general_purpose::URL_SAFE.encode(Value::from_iter(m).to_string())))
}

/// The query of `POST /build` for `r`.
fn query(r: &BuildRequest, dockerfile: &str) -> String {
    let o = &r.options;
    let map = |kv: &[(String, String)]| Value::Object(kv.iter().map(|(k, v)| (k.clone(), json!(v))).collect());
    let mut q = format!("/build?rm=1{}", param("dockerfile", Some(dockerfile)));
    for t in &o.tags {
        q.push_str(&param("t", Some(t)));
    }
    if !o.build_args.is_empty() {
        q.push_str(&param("buildargs", Some(map(&o.build_args))));
    }
    if !o.labels.is_empty() {
        q.push_str(&param("labels", Some(map(&o.labels))));
    }
    q.push_str(&param("target", o.target.as_deref()));
    q.push_str(&param("networkmode", o.network.as_deref()));
    if !o.add_hosts.is_empty() {
        q.push_str(&param("extrahosts", Some(o.add_hosts.join(","))));
    }
    if !o.cache_from.is_empty() {
        q.push_str(&param("cachefrom", Some(json!(o.cache_from))));
    }
    for (flag, on) in [("nocache", o.no_cache), ("pull", r.pull_always), ("q", o.quiet)] {
        if on {
            q.push_str(&param(flag, Some(1)));
        }
    }
    q
}

pub fn build(
    client: &Client,
    r: &BuildRequest,
    progress: &dyn Progress,
    out: &mut dyn Write,
) -> Result<String, EngineError> {
    refuse_tls_verify(&r.session, "build")?;
    let o = &r.options;
    let context: Option<PathBuf> = o.context.clone();
    let placed = placement(context.as_deref(), r.dockerfile_path.as_deref());
    let (name, keep, added) = match &placed {
        Placement::Inside(rel) => (rel.clone(), vec![rel.clone(), ".dockerignore".into()], None),
        Placement::Added(n) => (n.clone(), vec![".dockerignore".into()], Some((n.clone(), o.dockerfile.clone()))),
    };
    let path = query(r, &name);
    let auth = registry_config(r)?;
    let mut headers = vec![("Content-Type", "application/x-tar")];
    if let Some(a) = &auth {
        headers.push(("X-Registry-Config", a.as_str()));
    }
    let (reader, w) = std::io::pipe()?;
    let tarring = std::thread::spawn(move || write_context(context.as_deref(), &keep, added, w));
    let resp = client.send_reader("POST", &path, Box::new(reader) as Box<dyn Read + Send>, &headers).and_then(check);
    match tarring.join() {
        Ok(Err(e)) => {
            return Err(EngineError::invalid(format!("cannot send the build context: {e}")));
        }
        Err(_) => return Err(EngineError::new(ErrorKind::Internal, "the thread tarring the build context panicked")),
        Ok(Ok(())) => {}
    }
    let resp = resp?;
    let mut id = None;
    let mut pulls = Follower::default();
    for m in messages(resp.body) {
        let m = m?;
        // A build's error: dockerd's code is a failed step's exit code, not a status.
        if let Some(msg) = m["errorDetail"]["message"].as_str().or_else(|| m["error"].as_str()) {
            let kind = match m["errorDetail"]["code"].as_u64() {
                Some(c) if c >= 400 => status_kind(c as u16),
                _ => ErrorKind::InvalidArgument,
            };
            return Err(EngineError::new(kind, msg));
        }
        if let Some(s) = m["stream"].as_str() {
            if !o.quiet {
                out.write_all(s.as_bytes())?;
                out.flush()?;
            }
        } else if let Some(i) = m["aux"]["ID"].as_str() {
            id = Some(i.to_string());
        } else if m["status"].is_string() {
            pulls.message(&m, progress);
        }
    }
    id.ok_or_else(|| {
        EngineError::new(
            ErrorKind::Internal,
            "the engine's build answer ended without the image's id (the build did not finish)",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(tar: &[u8]) -> Vec<String> {
        let mut a = tar::Archive::new(tar);
        a.entries().unwrap().map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn the_context_tar_leaves_out_what_dockerignore_says_but_keeps_the_build_files() {
        let d = std::env::temp_dir().join(format!("ctr-remote-ctx-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        for (p, c) in [
            ("Dockerfile", "FROM x\n"),
            (".dockerignore", "*.log\nDockerfile\n.dockerignore\nsecret\n!secret/keep\n"),
            ("a.txt", "a"),
            ("b.log", "b"),
            ("secret/key", "k"),
            ("secret/keep", "kept"),
        ] {
            std::fs::create_dir_all(d.join(p).parent().unwrap()).unwrap();
            std::fs::write(d.join(p), c).unwrap();
        }
        std::os::unix::fs::symlink("/etc/passwd", d.join("link")).unwrap();
        let mut tar = Vec::new();
        let keep = vec!["Dockerfile".to_string(), ".dockerignore".to_string()];
        write_context(Some(&d), &keep, Some((".dockerfile.ab".into(), "FROM y\n".into())), &mut tar).unwrap();
        assert_eq!(names(&tar), ["Dockerfile", "a.txt", "link", "secret/keep", ".dockerfile.ab", ".dockerignore"]);
        let mut a = tar::Archive::new(&tar[..]);
        let mut ign =
            a.entries().unwrap().map(|e| e.unwrap()).find(|e| e.path().unwrap().ends_with(".dockerignore")).unwrap();
        let mut text = String::new();
        ign.read_to_string(&mut text).unwrap();
        assert!(text.ends_with("!secret/keep\n\n.dockerfile.ab\n"), "the added Dockerfile is ignored too: {text}");
        let mut tar2 = Vec::new();
        write_context(Some(&d), &keep, None, &mut tar2).unwrap();
        assert_eq!(names(&tar2), [".dockerignore", "Dockerfile", "a.txt", "link", "secret/keep"]);
        let mut a = tar::Archive::new(&tar[..]);
        let link = a.entries().unwrap().map(|e| e.unwrap()).find(|e| e.path().unwrap().ends_with("link")).unwrap();
        assert_eq!(link.header().entry_type(), tar::EntryType::Symlink, "a symlink is sent as a link, not followed");
        assert_eq!(placement(Some(&d), Some(&d.join("Dockerfile"))), Placement::Inside("Dockerfile".into()));
        assert!(
            matches!(placement(Some(&d), Some(Path::new("/etc/hostname"))), Placement::Added(n) if n.starts_with(".dockerfile."))
        );
        assert!(matches!(placement(None, None), Placement::Added(_)));
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn options_become_the_query_docker_sends() {
        let r = BuildRequest {
            options: crate::build::BuildOptions {
                tags: vec!["a:1".into(), "b".into()],
                build_args: vec![("X".into(), "1 2".into())],
                no_cache: true,
                cache_from: vec!["c".into()],
                add_hosts: vec!["h:1.2.3.4".into(), "g:5.6.7.8".into()],
                ..Default::default()
            },
            pull_always: true,
            ..Default::default()
        };
        let q = query(&r, "sub/Dockerfile");
        assert_eq!(
            q,
            "/build?rm=1&dockerfile=sub%2FDockerfile&t=a%3A1&t=b&buildargs=%7B%22X%22%3A%221%202%22%7D&extrahosts=h%3A1.2.3.4%2Cg%3A5.6.7.8&cachefrom=%5B%22c%22%5D&nocache=1&pull=1"
        );
    }
}
