//! Services that stay up: the Quadlet generator (units written from `.container` and
//! `.volume` files, bad files reported and skipped), restart policies, health checks and
//! sd_notify.

use std::path::Path;

use crate::common::*;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
}

/// The generator as systemd runs it (the binary under the name `ctr-user-generator`, three
/// output directories) over the user's Quadlet directory: one unit per good file, the
/// `[Install]` links made, and each bad file named with its line and left out.
#[test]
fn quadlet_generator_writes_units_and_reports_bad_files() {
    let env = Env::new("s-quadlet");
    let config = env.path("config");
    let q = config.join("containers/systemd");
    write(
        &q,
        "web.container",
        "[Unit]\nDescription=web\n\n[Container]\nImage=localhost/bb\nContainerName=web\nExec=httpd -f -p 8080\nPublishPort=8080:8080\nVolume=data.volume:/srv\nEnvironment=GREETING=\"hello world\"\nHealthCmd=wget -q -O- http://localhost:8080/\nHealthInterval=5s\nPodmanArgs=--memory 50m\n\n[Service]\nRestart=always\n\n[Install]\nWantedBy=default.target\n",
    );
    write(&q, "data.volume", "[Volume]\nVolumeName=webdata\nLabel=app=web\n");
    write(&q, "bad-key.container", "[Container]\nImage=x\n# a comment\nFrobnicate=yes\n");
    write(&q, "bad-port.container", "[Container]\nImage=x\nPublishPort=80:http\n");
    write(&q, "no-image.container", "[Container]\nExec=true\n");
    write(&q, "ignored.txt", "not a unit\n");
    // A file of the same name in a later directory is hidden by the user's.
    write(&env.path("etc-users"), "web.container", "[Container]\nImage=other\n");

    // The generator is the ctr binary called ctr-user-generator.
    let bin = env.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(ctr_bin(), bin.join("ctr-user-generator")).unwrap();
    let out = env.path("gen");
    let o = std::process::Command::new(bin.join("ctr-user-generator"))
        .args([out.join("normal"), out.join("early"), out.join("late")])
        .env("XDG_CONFIG_HOME", &config)
        .env("QUADLET_UNIT_DIRS", format!("{}:{}", q.display(), env.path("etc-users").display()))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "a bad file makes the generator fail: {stderr}");
    for bad in [
        "bad-key.container:4: unsupported key Frobnicate=",
        "bad-port.container:3: PublishPort=80:http",
        "no-image.container: [Container] has no Image=",
    ] {
        assert!(stderr.contains(bad), "{bad} in {stderr}");
    }
    let mut written: Vec<String> =
        std::fs::read_dir(out.join("normal")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    written.sort();
    assert_eq!(written, ["data-volume.service", "default.target.wants", "web.service"]);
    assert_eq!(
        std::fs::read_link(out.join("normal/default.target.wants/web.service")).unwrap(),
        Path::new("../web.service")
    );
    let web = std::fs::read_to_string(out.join("normal/web.service")).unwrap();
    let exec = web.lines().find_map(|l| l.strip_prefix("ExecStart=")).unwrap();
    assert!(
        exec.starts_with(&format!(
            "{} run --name=web --cidfile=%t/%N.cid --replace --rm",
            std::fs::canonicalize(ctr_bin()).unwrap().display()
        )),
        "{exec}"
    );
    for part in [
        "--sdnotify=conmon -d",
        "-v webdata:/srv",
        "--publish 8080:8080",
        "--env \"GREETING=hello world\"",
        "--health-interval=5s",
        "--memory 50m localhost/bb httpd -f -p 8080",
    ] {
        assert!(exec.contains(part), "{part} in {exec}");
    }
    for line in ["Type=notify", "Restart=always", "Requires=data-volume.service", "Description=web"] {
        assert!(web.lines().any(|l| l == line), "{line} in {web}");
    }
    let vol = std::fs::read_to_string(out.join("normal/data-volume.service")).unwrap();
    assert!(vol.contains("volume create --ignore --label app=web webdata\n"), "{vol}");

    // --dryrun prints the same units and writes nothing.
    let o = env.cmd(&["quadlet", "--user", "--dryrun"]).env("QUADLET_UNIT_DIRS", &q).output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("---web.service---") && stdout.contains("---data-volume.service---"), "{stdout}");
}
