"""docker-py (PyPI `docker`), a second real client, against `ctr system service`.

Usage: api_test.py SOCKET IMAGE [REGISTRY]
  e.g. api_test.py /run/user/1000/ctr.sock busybox 127.0.0.1:5000
IMAGE is a local image with busybox in it. With REGISTRY (HOST:PORT, plain HTTP, which the
service's registries.conf lets it use), REGISTRY/lib/pybox:latest and
REGISTRY/lib/pyauto:latest must be there and not yet local: the first is pulled with
images.pull, the second by containers.run itself.

Each check prints one line ("ok ..." or "FAIL ..."); every check runs even when an
earlier one failed (the later ones then usually fail too), and the exit status is 1 if
any failed. Run by tests/it/dockerpy.rs with the virtualenv tests/setup-host.sh makes.
"""

import sys
import time
import traceback

import docker
import docker.errors

if len(sys.argv) not in (3, 4):
    sys.exit("usage: api_test.py SOCKET IMAGE [REGISTRY]")
SOCK, IMAGE = sys.argv[1], sys.argv[2]
REGISTRY = sys.argv[3] if len(sys.argv) == 4 else None
NAME = "pyctr"
VOLUME = "pyvol"
MISSING = "127.0.0.1:9/ctr-dockerpy-nosuch:1"  # nowhere: nothing listens on port 9

failures = []


def check(what, fn):
    """Runs fn(); it returns a detail string or raises (AssertionError with a message)."""
    try:
        detail = fn()
    except Exception as e:  # noqa: BLE001 - report every failure the same way
        failures.append(what)
        msg = str(e) or type(e).__name__
        print(f"FAIL {what}: {type(e).__name__}: {msg}", flush=True)
        traceback.print_exc(file=sys.stdout)
        return
    print(f"ok   {what}" + (f": {detail}" if detail else ""), flush=True)


def expect(cond, msg):
    if not cond:
        raise AssertionError(msg)


client = docker.DockerClient(base_url="unix://" + SOCK, timeout=60)
state = {}


def ping():
    r = client.ping()
    expect(r is True, f"ping returned {r!r}")
    return "True"


def version():
    v = client.version()
    expect(v.get("ApiVersion") == "1.41", f"ApiVersion {v.get('ApiVersion')!r}, want '1.41' ({v})")
    expect(client.api._version == "1.41", f"negotiated version {client.api._version!r}")
    return f"ApiVersion {v['ApiVersion']}"


def images_list():
    tags = [t for i in client.images.list() for t in i.tags]
    want = IMAGE if ":" in IMAGE else IMAGE + ":latest"
    # Docker lists the familiar name (busybox:latest), podman the full one; either will do.
    full = want if "/" in want else "docker.io/library/" + want
    expect(want in tags or full in tags, f"neither {want} nor {full} in images.list() tags {tags}")
    return f"{len(tags)} tags: {tags}"


def run_echo():
    out = client.containers.run(IMAGE, ["echo", "hi"], remove=True, network_mode="none")
    expect(out == b"hi\n", f"run returned {out!r}, want b'hi\\n'")
    left = [c.name for c in client.containers.list(all=True)]
    expect(not left, f"remove=True left containers {left}")
    return repr(out)


def run_detached():
    c = client.containers.run(
        IMAGE,
        ["sh", "-c", "echo out; exec sleep 300"],
        detach=True,
        name=NAME,
        network_mode="none",
    )
    state["c"] = c
    expect(c.name == NAME, f"name {c.name!r}")
    return c.short_id


def listed():
    names = [c.name for c in client.containers.list()]
    expect(NAME in names, f"{NAME} not in containers.list() {names}")
    return f"{names}"


def logs():
    c = state["c"]
    # The echo runs right after start; give it a moment on a loaded machine.
    deadline = time.monotonic() + 10
    out = c.logs()
    while b"out" not in out and time.monotonic() < deadline:
        time.sleep(0.1)
        out = c.logs()
    expect(b"out" in out, f"logs {out!r} lack b'out'")
    return repr(out)


def exec_run():
    r = state["c"].exec_run(["sh", "-c", "echo x; exit 3"])
    expect(r.exit_code == 3, f"exit_code {r.exit_code!r}, want 3 (output {r.output!r})")
    expect(r.output == b"x\n", f"output {r.output!r}, want b'x\\n'")
    return f"exit_code {r.exit_code}, output {r.output!r}"


def exec_every_way():
    """A tty or not, streamed or not, through the raw socket: every byte, first ones too."""
    c = state["c"]
    cmd = ["sh", "-c", "echo first-line; echo second-line"]
    got = []
    for tty in (False, True):
        want = b"first-line\r\nsecond-line\r\n" if tty else b"first-line\nsecond-line\n"
        r = c.exec_run(cmd, tty=tty)
        expect(r.output == want, f"exec_run tty={tty}: {r.output!r}")
        r = c.exec_run(cmd, tty=tty, stream=True)
        out = b"".join(r.output)
        expect(out == want, f"exec_run stream tty={tty}: {out!r}")
        # The raw socket is docker-py's after http.client read the 101 response through a
        # buffered reader: bytes that arrived with the headers stay in that buffer (with
        # dockerd too). The command waits a little so what is checked is the server's.
        late = ["sh", "-c", "sleep 0.3; echo first-line; echo second-line"]
        e = client.api.exec_create(c.id, late, tty=tty)
        s = client.api.exec_start(e["Id"], socket=True, tty=tty)
        sock = getattr(s, "_sock", s)
        sock.settimeout(10)
        data = b""
        while True:
            b = sock.recv(4096)
            if not b:
                break
            data += b
        if not tty:
            # One multiplexed frame per write: stdout's header, then the bytes.
            data = b"".join(data[i + 8 : i + 8 + int.from_bytes(data[i + 4 : i + 8], "big")] for i in frame_starts(data))
        expect(data == want, f"exec_start socket tty={tty}: {data!r}")
        got.append(repr(data))
    return ", ".join(got)


def frame_starts(data):
    i = 0
    while i + 8 <= len(data):
        yield i
        i += 8 + int.from_bytes(data[i + 4 : i + 8], "big")


def running():
    c = state["c"]
    c.reload()
    expect(c.status == "running", f"status {c.status!r}")
    return c.status


def stop():
    state["c"].stop(timeout=1)
    return ""


def wait():
    r = state["c"].wait(timeout=30)
    expect(r.get("StatusCode") == 137, f"wait returned {r}, want StatusCode 137 (SIGKILL after stop)")
    return f"{r}"


def remove():
    state["c"].remove()
    names = [c.name for c in client.containers.list(all=True)]
    expect(NAME not in names, f"{NAME} still listed after remove: {names}")
    return ""


def volume_roundtrip():
    v = client.volumes.create(VOLUME)
    expect(v.name == VOLUME, f"volume name {v.name!r}")
    vols = {"pyvol": {"bind": "/data", "mode": "rw"}}
    out = client.containers.run(
        IMAGE, ["sh", "-c", "echo kept > /data/f"], volumes=vols, remove=True, network_mode="none"
    )
    expect(out == b"", f"writer printed {out!r}")
    out = client.containers.run(IMAGE, ["cat", "/data/f"], volumes=vols, remove=True, network_mode="none")
    expect(out == b"kept\n", f"reader got {out!r}, want b'kept\\n'")
    return repr(out)


def volume_remove():
    client.volumes.get(VOLUME).remove()
    names = [v.name for v in client.volumes.list()]
    expect(VOLUME not in names, f"{VOLUME} still listed after remove: {names}")
    return ""


def missing_image():
    try:
        client.containers.run(MISSING, ["true"], remove=True, network_mode="none")
    except (docker.errors.ImageNotFound, docker.errors.APIError) as e:
        expect("ctr-dockerpy-nosuch" in str(e), f"error does not name the image: {e}")
        return f"{type(e).__name__}: {e}"
    raise AssertionError(f"running {MISSING} did not raise")


def pull():
    ref = f"{REGISTRY}/lib/pybox"
    img = client.images.pull(ref, tag="latest")
    expect(f"{ref}:latest" in img.tags, f"pulled image tags {img.tags}, want {ref}:latest")
    out = client.containers.run(f"{ref}:latest", ["echo", "pulled"], remove=True, network_mode="none")
    expect(out == b"pulled\n", f"run of the pulled image returned {out!r}")
    return f"{img.short_id} {img.tags}"


def run_pulls():
    ref = f"{REGISTRY}/lib/pyauto:latest"
    out = client.containers.run(ref, ["echo", "auto"], remove=True, network_mode="none")
    expect(out == b"auto\n", f"run returned {out!r}")
    tags = [t for i in client.images.list() for t in i.tags]
    expect(ref in tags, f"{ref} not in images.list() after run: {tags}")
    return repr(out)


def not_found():
    try:
        client.containers.get("nosuch")
    except docker.errors.NotFound as e:
        expect(e.status_code == 404, f"status {e.status_code}")
        return f"NotFound: {e}"
    raise AssertionError("containers.get('nosuch') did not raise")


check("ping", ping)
check("version", version)
check("images.list", images_list)
check("containers.run echo hi", run_echo)
check("containers.run detach", run_detached)
check("containers.list", listed)
check("container.logs", logs)
check("container.exec_run", exec_run)
check("exec: tty or not, streamed, raw socket", exec_every_way)
check("container.reload status", running)
check("container.stop(timeout=1)", stop)
check("container.wait", wait)
check("container.remove", remove)
check("volume create + run -v write/read", volume_roundtrip)
check("volume remove", volume_remove)
check("containers.run missing image", missing_image)
check("containers.get nosuch -> NotFound", not_found)
if REGISTRY:
    check("images.pull from the registry + run", pull)
    check("containers.run pulls a missing image itself", run_pulls)

if failures:
    # Leave nothing behind for the next run against the same store.
    for c in client.containers.list(all=True):
        try:
            c.remove(force=True)
        except Exception:  # noqa: BLE001
            pass
    print(f"{len(failures)} check(s) failed: {', '.join(failures)}", flush=True)
    sys.exit(1)
print("all docker-py checks passed", flush=True)
