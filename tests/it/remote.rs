//! ctr's CLI against a Docker daemon: where dockerd runs on the machine (root's
//! /var/run/docker.sock), the verbs the remote engine serves are run through `ctr -H`
//! against it, so the remote engine speaks the API as dockerd answers it, not only as
//! ctr's own service does.

use crate::common::*;

/// `ctr -H unix:///var/run/docker.sock ...`.
fn ctr_h(env: &Env, args: &[&str]) -> Out {
    let mut all = vec!["-H", "unix:///var/run/docker.sock"];
    all.extend_from_slice(args);
    env.local_cmd(&all).output().unwrap().into()
}

fn ok(env: &Env, args: &[&str]) -> String {
    let o = ctr_h(env, args);
    assert_eq!(o.code, 0, "ctr -H dockerd {args:?}: {} {}", o.stdout, o.stderr);
    o.stdout
}

/// Removes what the test made in dockerd, also when it fails.
struct Cleanup {
    prefix: String,
    images: Vec<String>,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let ids = std::process::Command::new("docker")
            .args(["ps", "-aq", "--filter", &format!("name={}", self.prefix)])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        for id in ids.lines() {
            let _ = std::process::Command::new("docker").args(["rm", "-f", id]).output();
        }
        for i in &self.images {
            let _ = std::process::Command::new("docker").args(["rmi", "-f", i]).output();
        }
    }
}

#[test]
#[allow(clippy::print_stderr)] // the reason for a skip must show
fn ctr_cli_drives_dockerd() {
    if let Err(why) = crate::fidelity::dockerd() {
        eprintln!("skipped: {why}");
        return;
    }
    let env = Env::new("remote-dockerd");
    let pid = std::process::id();
    let prefix = format!("ctrrem{pid}-");
    let image = format!("ctr-remote:{pid}");
    let _cleanup = Cleanup { prefix: prefix.clone(), images: vec![image.clone(), format!("ctr-remote-commit:{pid}")] };
    // dockerd has no registry: the busybox image goes in as a docker-archive.
    let layout = busybox_layout(&env, "latest");
    let archive = env.path("busybox-remote.tar");
    skopeo(&[
        "copy",
        &format!("oci:{}:latest", layout.display()),
        &format!("docker-archive:{}:{image}", archive.display()),
    ]);
    let o = std::process::Command::new("docker").args(["load", "-i", archive.to_str().unwrap()]).output().unwrap();
    assert!(o.status.success(), "docker load: {}", String::from_utf8_lossy(&o.stderr));

    let a = format!("{prefix}a");
    ok(&env, &["run", "-d", "--name", &a, &image, "sh", "-c", "echo hello; echo oops >&2; exec sleep 1009"]);
    let ps = ok(&env, &["ps", "--format", "{{.Names}} {{.State}}"]);
    assert!(ps.lines().any(|l| l == format!("{a} running")), "{ps}");
    let mut logs = String::new();
    for _ in 0..100 {
        logs = ctr_h(&env, &["logs", &a]).stdout;
        if logs.contains("hello") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(logs, "hello\n");
    assert!(ctr_h(&env, &["logs", &a]).stderr.contains("oops"));
    assert_eq!(ok(&env, &["exec", &a, "echo", "inside"]), "inside\n");
    assert_eq!(ctr_h(&env, &["exec", &a, "sh", "-c", "exit 3"]).code, 3);
    assert!(ok(&env, &["top", &a]).contains("sleep 1009"));
    ok(&env, &["exec", &a, "touch", "/newfile"]);
    assert!(ok(&env, &["diff", &a]).lines().any(|l| l == "A /newfile"));
    // cp both ways.
    std::fs::write(env.path("in.txt"), "from host\n").unwrap();
    ok(&env, &["cp", env.path("in.txt").to_str().unwrap(), &format!("{a}:/tmp/")]);
    assert_eq!(ok(&env, &["exec", &a, "cat", "/tmp/in.txt"]), "from host\n");
    ok(&env, &["cp", &format!("{a}:/tmp/in.txt"), env.path("back.txt").to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(env.path("back.txt")).unwrap(), "from host\n");
    // pause, inspect, stats, rename, commit, tag, kill, wait, export, rm.
    ok(&env, &["pause", &a]);
    assert_eq!(ok(&env, &["container", "inspect", "--format", "{{.State.Status}}", &a]).trim(), "paused");
    ok(&env, &["unpause", &a]);
    assert!(ok(&env, &["stats", "--no-stream", "--format", "{{.Name}}", &a]).contains(&a));
    let b = format!("{prefix}b");
    ok(&env, &["rename", &a, &b]);
    let committed = format!("ctr-remote-commit:{pid}");
    let id = ok(&env, &["commit", "-c", "CMD [\"echo\", \"committed\"]", &b, &committed]);
    assert!(id.trim().starts_with("sha256:"), "{id}");
    ok(&env, &["tag", &committed, &format!("ctr-remote-commit:{pid}b")]);
    ok(&env, &["kill", &b]);
    assert_eq!(ok(&env, &["wait", &b]).trim(), "137");
    let tar = env.path("export.tar");
    ok(&env, &["export", "-o", tar.to_str().unwrap(), &b]);
    assert!(std::fs::metadata(&tar).unwrap().len() > 10_000);
    ok(&env, &["rm", &b]);
    let o = ctr_h(&env, &["rm", &b]);
    assert!(o.code != 0 && o.stderr.contains("No such container"), "{} {}", o.code, o.stderr);
    let _ = std::process::Command::new("docker").args(["rmi", &format!("ctr-remote-commit:{pid}b")]).output();

    // build: the context as a tar with .dockerignore applied, the Dockerfile from outside
    // it, build args and labels as dockerd's classic builder takes them.
    let ctx = env.path("build-ctx");
    std::fs::create_dir_all(&ctx).unwrap();
    std::fs::write(ctx.join("kept.txt"), "kept\n").unwrap();
    std::fs::write(ctx.join("left.log"), "left out\n").unwrap();
    std::fs::write(ctx.join(".dockerignore"), "*.log\n").unwrap();
    let df = env.path("Elsewhere.Dockerfile");
    std::fs::write(&df, format!("FROM {image}\nARG WORD\nCOPY . /ctx/\nRUN echo \"$WORD\" > /word\n")).unwrap();
    let built = format!("ctr-remote-built:{pid}");
    let _built = Cleanup { prefix: format!("{prefix}none"), images: vec![built.clone()] };
    let out = ok(
        &env,
        &[
            "build",
            "-t",
            &built,
            "-f",
            df.to_str().unwrap(),
            "--build-arg",
            "WORD=said",
            "--label",
            "k=v",
            ctx.to_str().unwrap(),
        ],
    );
    // (dockerd adds the labels as a last step of its own.)
    assert!(out.contains("Step 4/5 : RUN echo"), "{out}");
    assert_eq!(out.lines().last().unwrap().len(), 64, "the id last: {out}");
    let files = ok(&env, &["run", "--rm", &built, "sh", "-c", "ls -A /ctx; cat /word"]);
    assert_eq!(files, ".dockerignore\nkept.txt\nsaid\n", "{files}");
    assert_eq!(ok(&env, &["image", "inspect", "--format", "{{.Config.Labels.k}}", &built]).trim(), "v");
    std::fs::write(&df, format!("FROM {image}\nRUN echo failing; exit 7\n")).unwrap();
    let o = ctr_h(&env, &["build", "-f", df.to_str().unwrap(), ctx.to_str().unwrap()]);
    assert_eq!(o.code, 125, "{} {}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("failing") && o.stderr.contains("returned a non-zero code: 7"),
        "{} {}",
        o.stdout,
        o.stderr
    );
}
