//! `ctr build`: Dockerfile steps run rootless with the same runtime as `ctr run`, the
//! cache, multi-stage builds, .dockerignore, history, and errors with file and line.

use crate::common::*;

fn write(dir: &std::path::Path, files: &[(&str, &str)]) {
    for (p, c) in files {
        let f = dir.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, c).unwrap();
    }
}

fn cached(out: &str) -> usize {
    out.lines().filter(|l| l.starts_with("--> Using cache")).count()
}

#[test]
fn build_runs_steps_and_caches() {
    let env = Env::new("b-cache");
    busybox_image(&env);
    let ctx = env.path("ctx");
    write(
        &ctx,
        &[
            (
                "Dockerfile",
                "# a comment\nARG BASE=busybox\nFROM ${BASE}\nENV GREETING=hello \\\n    WHO=world\nRUN echo \"$GREETING $WHO\" > /greeting && mkdir -p /app\nCOPY a.txt /app/\nCOPY dir /app/dir\nWORKDIR /app\nCMD [\"cat\", \"/app/a.txt\"]\n",
            ),
            ("a.txt", "content of a\n"),
            ("dir/b.txt", "b\n"),
            ("dir/ignored.log", "no\n"),
            ("dir/keep.log", "kept\n"),
            ("dir/sub/deep.log", "deep\n"),
            (".dockerignore", "# logs stay out\ndir/*.log\n!dir/keep.log\n**/deep.log\n"),
        ],
    );
    let c = ctx.to_str().unwrap();
    let out = env.ok(&["build", "-t", "built:v1", c]);
    assert_eq!(cached(&out), 0, "{out}");
    assert!(out.contains("STEP 1/7: FROM ${BASE}") && out.contains("STEP 7/7: CMD"), "{out}");
    assert!(out.contains("Successfully tagged"), "{out}");
    let id = out.lines().last().unwrap().to_string();
    assert_eq!(id.len(), 64, "{out}");
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", "built:v1"]), "content of a\n");
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", "built:v1", "cat", "/greeting"]), "hello world\n");
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", "built:v1", "pwd"]), "/app\n");
    assert_eq!(
        env.ok(&["run", "--rm", "--network", "none", "built:v1", "ls", "/app/dir", "/app/dir/sub"]),
        "/app/dir:\nb.txt\nkeep.log\nsub\n\n/app/dir/sub:\n",
        ".dockerignore'd files left out, the ! exception kept"
    );
    let cfg = env.inspect("built:v1");
    assert!(cfg["Config"]["Env"].to_string().contains("GREETING=hello"), "{cfg}");

    // unchanged: every step from the cache, the same image
    let out = env.ok(&["build", "-t", "built:v1", c]);
    assert_eq!(cached(&out), 6, "{out}");
    assert_eq!(out.lines().last().unwrap(), id);

    // a file of step 4 (COPY a.txt) touched: steps 2-3 cached, 4-7 run again. (Its time
    // moved to another second: a context sent as a tar, as `ctr -H` and docker send it,
    // carries whole seconds.)
    let f = std::fs::File::options().append(true).open(ctx.join("a.txt")).unwrap();
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(2)).unwrap();
    drop(f);
    let out = env.ok(&["build", "-t", "built:v2", c]);
    assert_eq!(cached(&out), 2, "exactly the steps before the changed one: {out}");
    let lines: Vec<&str> = out.lines().collect();
    let step4 = lines.iter().position(|l| l.starts_with("STEP 4/7")).unwrap();
    assert!(!lines[step4 + 1].starts_with("--> Using cache"), "{out}");
    assert_ne!(out.lines().last().unwrap(), id);

    // --no-cache runs everything
    let out = env.ok(&["build", "--no-cache", "-q", "-t", "built:nocache", c]);
    assert_eq!(cached(&out), 0);
    assert_eq!(out.lines().count(), 1, "-q prints only the id: {out}");

    // history: a RUN layer with a size, metadata steps empty
    let h = env.ok(&["history", "--no-trunc", "--format", "{{.CreatedBy}}|{{.Size}}", "built:v1"]);
    assert!(h.lines().any(|l| l.starts_with("RUN /bin/sh -c echo") && !l.ends_with("|0 B")), "{h}");
    assert!(h.lines().any(|l| l == "ENV GREETING=hello WHO=world|0 B"), "{h}");
    assert!(h.lines().any(|l| l.starts_with("COPY a.txt /app/|")), "{h}");
    // the steps are the Build Cache, not images in the list
    let images = env.ok(&["images", "--format", "{{.Repository}}:{{.Tag}}"]);
    assert!(!images.contains("<none>"), "{images}");
    let df = env.ok(&["system", "df"]);
    let bc = df.lines().find(|l| l.starts_with("Build Cache")).unwrap();
    assert!(!bc.split_whitespace().nth(2).unwrap().starts_with('0'), "{df}");
}

#[test]
fn multi_stage_target_and_copy_from() {
    let env = Env::new("b-multi");
    busybox_image(&env);
    let ctx = env.path("ctx");
    write(
        &ctx,
        &[(
            "Dockerfile",
            "FROM busybox AS build\nRUN echo built > /out.txt\n\nFROM busybox AS broken\nRUN exit 1\n\nFROM scratch\nCOPY --from=busybox /bin/busybox /bin/busybox\nCOPY --from=build /out.txt /data/\nENTRYPOINT [\"/bin/busybox\"]\n",
        )],
    );
    let c = ctx.to_str().unwrap();
    // The broken stage is not needed by the last one: never run.
    let out = env.ok(&["build", "-t", "multi", c]);
    assert!(!out.contains("exit 1"), "{out}");
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", "multi", "cat", "/data/out.txt"]), "built\n");
    let out = env.ok(&["build", "--target", "build", "-t", "stage1", c]);
    assert!(!out.contains("FROM scratch"), "{out}");
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", "stage1", "cat", "/out.txt"]), "built\n");
    let o = env.run(&["build", "--target", "nosuch", c]);
    assert_eq!(o.code, 125);
    assert!(o.stderr.contains("nosuch") && o.stderr.contains("build"), "{}", o.stderr);
}

#[test]
fn build_errors_name_file_and_line_and_leave_nothing() {
    let env = Env::new("b-err");
    busybox_image(&env);
    let ctx = env.path("ctx");
    std::fs::create_dir_all(&ctx).unwrap();
    let c = ctx.to_str().unwrap();
    let before = env.image_ids();
    let df = |text: &str| std::fs::write(ctx.join("Dockerfile"), text).unwrap();

    df("FROM busybox\nRUN echo ok\nFROBNICATE now\n");
    let o = env.run(&["build", c]);
    assert_eq!(o.code, 125);
    assert!(o.stderr.contains(":3") && o.stderr.to_lowercase().contains("frobnicate"), "{}", o.stderr);

    df("FROM busybox\nRUN echo from-the-step; echo to-stderr >&2; exit 3\n");
    let o = env.run(&["build", c]);
    assert_eq!(o.code, 125);
    assert!(o.stdout.contains("from-the-step"), "the step's output is shown: {}", o.stdout);
    assert!(o.stderr.contains("Dockerfile:2") && o.stderr.contains("returned a non-zero code: 3"), "{}", o.stderr);
    assert_eq!(env.ok(&["ps", "-aq"]), "", "no step container left");

    df("FROM busybox\nCOPY missing.txt /\n");
    let o = env.run(&["build", c]);
    assert!(o.code != 0 && o.stderr.contains("missing.txt"), "{}", o.stderr);

    df("FROM busybox\nCOPY ../outside /\n");
    let o = env.run(&["build", c]);
    assert!(o.code != 0 && o.stderr.contains("outside the build context"), "{}", o.stderr);

    df("RUN echo no from\n");
    let o = env.run(&["build", c]);
    assert!(o.code != 0 && o.stderr.contains(":1"), "{}", o.stderr);
    assert_eq!(env.image_ids(), before, "failed builds leave no image");

    // a Dockerfile on stdin, no context
    let o = env.with_input(&["build", "-t", "fromstdin", "-"], "FROM busybox\nRUN echo piped > /p\n");
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", "fromstdin", "cat", "/p"]), "piped\n");
}

/// A Dockerfile using every instruction (and the escape directive, heredocs, ADD of an
/// archive, --chown/--chmod, variable forms); the image's config and files show each.
#[test]
fn every_instruction() {
    let env = Env::new("b-all");
    busybox_image(&env);
    let ctx = env.path("ctx");
    std::fs::create_dir_all(&ctx).unwrap();
    let archive = gzip(&make_tar(&[Entry::Dir("inner"), Entry::File("inner/f.txt", b"from the archive\n")]));
    std::fs::write(ctx.join("archive.tar.gz"), archive).unwrap();
    std::fs::write(ctx.join("owned.txt"), "owned\n").unwrap();
    let dockerfile = r#"# syntax=docker/dockerfile:1
# escape=`
ARG V=1
FROM busybox
ARG V
ARG WHO=default
LABEL org.test.v="${V}" "with space"="yes"
MAINTAINER someone@example.com
ENV PATHX=/opt/bin `
    EMPTY=
EXPOSE 8080 9090/udp
VOLUME ["/vol"]
SHELL ["/bin/sh", "-e", "-c"]
STOPSIGNAL SIGINT
HEALTHCHECK --interval=30s --retries=2 CMD ["true"]
ONBUILD RUN echo triggered
WORKDIR rel
RUN echo "${WHO:-none} ${MISSING:-fallback} $V ${PATHX#/opt}" > /vars
ADD archive.tar.gz /extracted/
COPY --chown=1000:1000 --chmod=640 owned.txt /owned.txt
COPY <<EOF /heredoc.txt
line1 $V
EOF
RUN <<EOF
echo from-heredoc > /hd
EOF
RUN cat <<EOF > /hd2
kept $V
EOF
USER 1000:1000
RUN id -u > /tmp/uid
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["cat /vars"]
"#;
    std::fs::write(ctx.join("Dockerfile"), dockerfile).unwrap();
    let out = env.ok(&["build", "--build-arg", "WHO=tester", "--label", "extra=1", "-t", "all", ctx.to_str().unwrap()]);
    assert!(out.contains("Successfully tagged"), "{out}");
    let c = &env.inspect("all")["Config"];
    let labels = &c["Labels"];
    assert_eq!((labels["org.test.v"].as_str(), labels["with space"].as_str()), (Some("1"), Some("yes")), "{c}");
    assert_eq!(labels["maintainer"], "someone@example.com");
    assert_eq!(labels["extra"], "1");
    assert!(c["ExposedPorts"]["8080/tcp"].is_object() && c["ExposedPorts"]["9090/udp"].is_object(), "{c}");
    assert!(c["Volumes"]["/vol"].is_object(), "{c}");
    assert_eq!(c["StopSignal"], "SIGINT");
    assert_eq!(c["Healthcheck"]["Test"], serde_json::json!(["CMD", "true"]));
    assert_eq!(c["Healthcheck"]["Interval"], 30_000_000_000i64);
    assert_eq!(c["Healthcheck"]["Retries"], 2);
    assert_eq!(c["OnBuild"], serde_json::json!(["RUN echo triggered"]));
    assert_eq!(c["WorkingDir"], "/rel");
    assert_eq!(c["User"], "1000:1000");
    assert_eq!(c["Shell"], serde_json::json!(["/bin/sh", "-e", "-c"]));
    assert!(c["Env"].as_array().unwrap().iter().any(|e| e == "EMPTY="), "{c}");
    assert!(!c["Env"].to_string().contains("WHO="), "build args stay out of the image: {c}");
    let run = |cmd: &str| env.ok(&["run", "--rm", "--network", "none", "-u", "0", "all", cmd]);
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", "all"]), "tester fallback 1 /bin\n");
    assert_eq!(run("cat /extracted/inner/f.txt"), "from the archive\n");
    assert_eq!(run("stat -c '%u:%g %a' /owned.txt"), "1000:1000 640\n");
    assert_eq!(run("cat /heredoc.txt"), "line1 1\n");
    assert_eq!(run("cat /hd"), "from-heredoc\n");
    assert_eq!(run("cat /hd2"), "kept 1\n", "a heredoc fed to a command, expanded by the shell");
    assert_eq!(run("cat /tmp/uid"), "1000\n");
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", "all", "id -u"]), "1000\n");
    // the history names every step, metadata ones as empty layers
    let h = env.ok(&["history", "--no-trunc", "--format", "{{.CreatedBy}}", "all"]);
    for want in ["STOPSIGNAL SIGINT", "EXPOSE 8080 9090/udp", "ADD archive.tar.gz /extracted/", "USER 1000:1000"] {
        assert!(h.lines().any(|l| l.starts_with(want)), "{want:?} in\n{h}");
    }
}

/// A built image is a proper image: saved and loaded elsewhere, pushed to a registry and
/// pulled back (same digest as skopeo sees), run from there.
#[test]
fn built_image_saves_and_pushes() {
    let env = Env::new("b-push");
    busybox_image(&env);
    let ctx = env.path("ctx");
    std::fs::create_dir_all(&ctx).unwrap();
    std::fs::write(ctx.join("Dockerfile"), "FROM busybox\nRUN echo pushed > /p\nCMD [\"cat\", \"/p\"]\n").unwrap();
    env.ok(&["build", "-q", "-t", "pushme", ctx.to_str().unwrap()]);
    let tar = env.path("pushme.tar");
    env.ok(&["save", "-o", tar.to_str().unwrap(), "pushme"]);
    let other = Env::new("b-push-other");
    other.ok(&["load", "-i", tar.to_str().unwrap()]);
    assert_eq!(other.ok(&["run", "--rm", "--network", "none", "pushme"]), "pushed\n");
    let reg = crate::regfix::Registry::start(&env);
    let dest = format!("{}/test/pushme:1", reg.host);
    env.ok(&["push", "--tls-verify=false", "pushme", &dest]);
    assert!(reg.digest_of("test/pushme:1").starts_with("sha256:"));
    let third = Env::new("b-push-third");
    third.ok(&["pull", "--tls-verify=false", &dest]);
    assert_eq!(third.ok(&["run", "--rm", "--network", "none", &dest]), "pushed\n");
    let h = third.ok(&["history", "--format", "{{.CreatedBy}}", &dest]);
    assert!(h.contains("RUN /bin/sh -c echo pushed > /p"), "history travels with the image: {h}");
}

/// A build killed in the middle of a RUN step: the next build removes the step's
/// container and works; nothing half-made is listed.
#[test]
fn killed_build_is_cleaned_up_by_the_next() {
    let env = Env::new("b-kill");
    busybox_image(&env);
    let ctx = env.path("ctx");
    std::fs::create_dir_all(&ctx).unwrap();
    std::fs::write(ctx.join("Dockerfile"), "FROM busybox\nRUN sleep 30\n").unwrap();
    let mut b =
        env.cmd(&["build", "-t", "never", ctx.to_str().unwrap()]).stdout(std::process::Stdio::null()).spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while env.ok(&["ps", "-q"]).is_empty() {
        assert!(std::time::Instant::now() < deadline, "the RUN step never started");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    b.kill().unwrap();
    b.wait().unwrap();
    if remote_mode() {
        // The client killed: the service sees its connection close and cancels the build,
        // removing the step's container (as dockerd does).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !env.ok(&["ps", "-aq"]).is_empty() {
            assert!(std::time::Instant::now() < deadline, "the service's build went on after its client was killed");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    } else {
        assert_eq!(env.ok(&["ps", "-aq"]).lines().count(), 1, "the step's container outlives the killed build");
    }
    std::fs::write(ctx.join("Dockerfile"), "FROM busybox\nRUN echo fine > /f\n").unwrap();
    env.ok(&["build", "-t", "after", ctx.to_str().unwrap()]);
    assert_eq!(env.ok(&["ps", "-aq"]), "", "the killed build's step container is gone");
    assert!(!env.ok(&["images"]).contains("never"));
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", "after", "cat", "/f"]), "fine\n");
}

/// Two builds at once of the same Dockerfile: both finish, the store stays consistent.
#[test]
fn two_builds_at_once() {
    let env = Env::new("b-two");
    busybox_image(&env);
    let ctx = env.path("ctx");
    write(&ctx, &[("Dockerfile", "FROM busybox\nCOPY f /f\nRUN cat /f > /g\n"), ("f", "same\n")]);
    let c = ctx.to_str().unwrap();
    env.ok(&["build", "-q", "-t", "one", c]);
    let spawn = |t: &str| {
        env.cmd(&["build", "-q", "--no-cache", "-t", t, c])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (x, y) = (spawn("x"), spawn("y"));
    let (x, y): (Out, Out) = (x.wait_with_output().unwrap().into(), y.wait_with_output().unwrap().into());
    assert_eq!((x.code, y.code), (0, 0), "{} {}", x.stderr, y.stderr);
    for t in ["x", "y", "one"] {
        assert_eq!(env.ok(&["run", "--rm", "--network", "none", t, "cat", "/g"]), "same\n");
    }
    assert_eq!(env.ok(&["ps", "-aq"]), "");
    // and the cache still answers
    let out = env.ok(&["build", "-t", "z", c]);
    assert_eq!(cached(&out), 2, "{out}");
}

/// New content of the same size with the old mtime put back (`touch -r`): the COPY still
/// runs again. `images -a` lists the step images the cache keeps.
#[test]
fn content_change_with_restored_mtime_reruns_copy() {
    let env = Env::new("b-content");
    busybox_image(&env);
    let ctx = env.path("ctx");
    write(&ctx, &[("Dockerfile", "FROM busybox\nCOPY f /f\nCMD [\"cat\", \"/f\"]\n"), ("f", "old!\n")]);
    let c = ctx.to_str().unwrap();
    env.ok(&["build", "-t", "cc", c]);
    let f = ctx.join("f");
    let mtime = std::fs::metadata(&f).unwrap().modified().unwrap();
    std::fs::write(&f, "new!\n").unwrap();
    std::fs::File::options().write(true).open(&f).unwrap().set_modified(mtime).unwrap();
    assert_eq!(std::fs::metadata(&f).unwrap().modified().unwrap(), mtime);
    let out = env.ok(&["build", "-t", "cc", c]);
    assert_eq!(cached(&out), 0, "{out}");
    assert_eq!(env.ok(&["run", "--rm", "--network", "none", "cc"]), "new!\n");
    let all = env.ok(&["images", "-a", "-q"]).lines().count();
    let listed = env.ok(&["images", "-q"]).lines().count();
    assert!(all > listed, "images -a shows the intermediate step images ({all} vs {listed})");
}

/// `--cache-from`: an image built on another store (saved, loaded here) serves as the
/// cache of the same Dockerfile and context, even with the context's files newer; a
/// changed file runs its COPY and what follows; an image that is not here is skipped with
/// a line; `docker build --cache-from` through the service the same.
#[test]
fn cache_from_an_image_built_elsewhere() {
    let env = Env::new("b-cachefrom");
    busybox_image(&env);
    let ctx = env.path("ctx");
    std::fs::create_dir_all(&ctx).unwrap();
    std::fs::write(ctx.join("f.txt"), "one\n").unwrap();
    let dockerfile =
        "FROM busybox\nENV A=1\nCOPY f.txt /f.txt\nRUN echo ran > /ran; cat /f.txt >> /ran\nCMD [\"cat\", \"/ran\"]\n";
    std::fs::write(ctx.join("Dockerfile"), dockerfile).unwrap();
    env.ok(&["build", "-q", "-t", "app:1", ctx.to_str().unwrap()]);
    let tar = env.path("app.tar");
    env.ok(&["save", "-o", tar.to_str().unwrap(), "app:1", "busybox"]);

    let other = Env::new("b-cachefrom-other");
    other.ok(&["load", "-i", tar.to_str().unwrap()]);
    // The same files, written anew (other times).
    let ctx2 = other.path("ctx");
    std::fs::create_dir_all(&ctx2).unwrap();
    std::fs::write(ctx2.join("f.txt"), "one\n").unwrap();
    std::fs::write(ctx2.join("Dockerfile"), dockerfile).unwrap();
    let without = Env::new("b-cachefrom-without");
    without.ok(&["load", "-i", tar.to_str().unwrap()]);
    assert_eq!(
        cached(&without.ok(&["build", "-t", "app:2", ctx2.to_str().unwrap()])),
        0,
        "no cache without --cache-from"
    );

    let out =
        other.ok(&["build", "--cache-from", "nope:1", "--cache-from", "app:1", "-t", "app:2", ctx2.to_str().unwrap()]);
    assert_eq!(cached(&out), 4, "ENV, COPY, RUN, CMD from app:1:\n{out}");
    assert!(out.contains("cache-from nope:1: no such image here; skipped"), "{out}");
    let layers = |e: &Env, i: &str| e.inspect(i)["RootFS"]["Layers"].clone();
    assert_eq!(layers(&other, "app:2"), layers(&env, "app:1"), "app:1's layers, reused");
    assert_eq!(other.ok(&["run", "--rm", "--network", "none", "app:2"]), "ran\none\n");

    // A changed file: its COPY and the RUN after it run; ENV still comes from app:1.
    std::fs::write(ctx2.join("f.txt"), "two\n").unwrap();
    let out = other.ok(&["build", "--cache-from", "app:1", "-t", "app:3", ctx2.to_str().unwrap()]);
    assert_eq!(cached(&out), 1, "{out}");
    assert_eq!(other.ok(&["run", "--rm", "--network", "none", "app:3"]), "ran\ntwo\n");

    // The API's cachefrom, from the docker CLI's classic builder.
    let third = Env::new("b-cachefrom-api");
    third.ok(&["load", "-i", tar.to_str().unwrap()]);
    std::fs::write(ctx2.join("f.txt"), "one\n").unwrap();
    let svc = crate::api::service(&third, "b.sock");
    let o: Out = std::process::Command::new("docker")
        .args(["-H", &format!("unix://{}", svc.sock.display()), "build", "--cache-from", "app:1", "-t", "app:4"])
        .arg(&ctx2)
        .env("HOME", std::env::temp_dir())
        .env("DOCKER_BUILDKIT", "0")
        .output()
        .unwrap()
        .into();
    assert_eq!(o.code, 0, "{} {}", o.stdout, o.stderr);
    assert_eq!(cached(&o.stdout), 4, "{}", o.stdout);
    assert_eq!(layers(&third, "app:4"), layers(&env, "app:1"));
    let (s, b) = crate::api::send(&svc.sock, "POST", "/build?cachefrom=notjson", Some(""));
    assert!(s == 400 && b.contains("give a JSON list of image names"), "{s} {b}");
}

/// ADD of an archive is unpacked within the layer limits: one expanding past them is
/// refused with its name and the Dockerfile line, and leaves nothing behind.
#[test]
fn add_of_an_archive_past_the_unpack_limits_is_refused() {
    use std::io::Write;
    let env = Env::new("b-addbomb");
    let ctx = env.path("ctx");
    std::fs::create_dir_all(&ctx).unwrap();
    let tar = make_tar(&[Entry::File("zeros", &vec![0u8; 4 << 20])]);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&tar).unwrap();
    std::fs::write(ctx.join("zeros.tar.gz"), gz.finish().unwrap()).unwrap();
    write(&ctx, &[("Dockerfile", "FROM scratch\nADD zeros.tar.gz /z/\n")]);
    let build = |vars: &[(&str, &str)]| -> Out {
        // Local: the limits are this process's environment, not a service's.
        let mut c = env.local_cmd(&["build", "-t", "zeros:1", ctx.to_str().unwrap()]);
        c.envs(vars.iter().copied());
        c.output().unwrap().into()
    };
    let o = build(&[("CTR_UNPACK_MAX_RATIO", "2"), ("CTR_UNPACK_RATIO_FLOOR", "1m")]);
    assert_eq!(o.code, 125, "{}\n{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("Dockerfile:2") && o.stderr.contains("zeros.tar.gz: the archive was refused"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("over the limit of 1 MiB") && o.stderr.contains("CTR_UNPACK_MAX_RATIO"), "{}", o.stderr);
    let tmp: Vec<_> = std::fs::read_dir(env.root.join("tmp")).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(tmp.is_empty(), "the extracted files were removed: {tmp:?}");
    assert!(env.image_ids().is_empty());
    // With the default limits the same archive is fine.
    let o = build(&[]);
    assert_eq!(o.code, 0, "{}", o.stderr);
}
