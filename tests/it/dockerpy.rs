//! The Docker Engine API service, driven by docker-py (PyPI `docker` 7.x), a second real
//! client: tests/dockerpy/api_test.py in the virtualenv tests/setup-host.sh makes.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::api::service;
use crate::common::*;

const PYTHON: &str = "/opt/ctr-dockerpy/bin/python";
/// Embedded: the test binary runs as the unprivileged user, who may not read the checkout.
const SCRIPT: &str = include_str!("../dockerpy/api_test.py");

#[test]
#[allow(clippy::print_stderr)] // a skip must be loud; the checks' lines show with --nocapture
fn docker_py_drives_the_service() {
    if !std::path::Path::new(PYTHON).exists() {
        if std::env::var("CTR_ALLOW_SKIP").as_deref() == Ok("1") {
            eprintln!(
                "\n\n*** SKIPPED docker_py_drives_the_service: {PYTHON} is missing (run tests/setup-host.sh as root) ***\n\n"
            );
            return;
        }
        panic!(
            "{PYTHON} is missing: run tests/setup-host.sh as root (it makes the docker-py virtualenv), or set CTR_ALLOW_SKIP=1 to skip"
        );
    }
    let env = Env::new("a-dockerpy");
    let img = busybox_image(&env);
    // A loopback registry holding busybox twice: one pulled explicitly, one left for
    // containers.run to pull on its own (docker-py does that on ImageNotFound).
    let reg = crate::regfix::Registry::start(&env);
    let layout = busybox_layout(&env, "latest");
    reg.skopeo_push(&layout, "latest", "lib/pybox:latest", &[]);
    reg.skopeo_push(&layout, "latest", "lib/pyauto:latest", &[]);
    std::fs::write(
        env.path("registries.conf"),
        format!("[[registry]]\nlocation = \"{}\"\ninsecure = true\n", reg.host),
    )
    .unwrap();
    let svc = service(&env, "py.sock");
    let script = env.path("api_test.py");
    std::fs::write(&script, SCRIPT).unwrap();
    let (out, err) = (env.path("py.out"), env.path("py.err"));
    let mut child = Command::new(PYTHON)
        .arg(&script)
        .arg(&svc.sock)
        .arg(img)
        .arg(&reg.host)
        .env("HOME", env.path("home"))
        .env_remove("DOCKER_HOST")
        .env_remove("DOCKER_CONFIG")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(300);
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break Some(st);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stdout = std::fs::read_to_string(&out).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err).unwrap_or_default();
    match status {
        Some(st) => {
            assert!(st.success(), "docker-py checks failed ({st}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}")
        }
        None => panic!("docker-py checks timed out after 300 s:\n--- stdout\n{stdout}\n--- stderr\n{stderr}"),
    }
    eprintln!("{stdout}");
    drop(svc);
    drop(reg);
}
