#!/bin/bash
# The Docker Engine API service, ctr vs podman, side by side, as the unprivileged user:
#  1. `docker run --rm --network none busybox true` (the real docker CLI, 28.x) and the
#     same through ctr's own remote engine (`ctr -H`), each through `ctr system service`
#     and through `podman system service`, in one hyperfine run;
#  2. cold start of a socket-activated service (systemd-socket-activate, which execs the
#     service on the first connection) to the first answered `GET /_ping`, a fresh activator
#     each run (hyperfine --prepare), next to the same _ping against a running service;
#  3. 200 concurrent `GET /containers/json?all=1` with 50 created containers (a stdlib
#     Python client, one thread and one connection per request, released together): how
#     many are answered (200 OK, 50 entries), p50/p99/max latency, a few rounds.
# Results: benches/results/api.md
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-15}
COLD_RUNS=${COLD_RUNS:-20}
CONTAINERS=${CONTAINERS:-50}
CONCURRENT=${CONCURRENT:-200}
ROUNDS=${ROUNDS:-3}

command -v docker >/dev/null || { echo "benches/api.sh needs the docker CLI (/usr/local/bin/docker)" >&2; exit 1; }
command -v systemd-socket-activate >/dev/null || { echo "benches/api.sh needs systemd-socket-activate" >&2; exit 1; }

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
C="'$CTR' --root '$BW/store'"
# Kill the services (recorded pids, and whatever an activator exec'd) before lib.sh removes the store.
api_cleanup() {
  kill_recorded_pids
  as_user "podman rm -af >/dev/null 2>&1; true" || true
  bench_cleanup
}
trap api_cleanup EXIT

# The same busybox image in both engines: imported into ctr, saved as a docker-archive,
# loaded into podman (both then call it docker.io/library/busybox:latest).
busybox_in_both "$BW/store"

# The two services, running for the whole bench (--time 0: no idle exit).
# (`true;` first: as_user prepends `cd DIR &&`, which would put the cd in the background job.)
as_user "true; setsid $C system service --time 0 unix://$BW/ctr.sock </dev/null >'$BW/ctr-svc.log' 2>&1 & echo \$! > '$BW/ctr-svc.pid'
  setsid podman system service --time 0 unix://$BW/podman.sock </dev/null >'$BW/podman-svc.log' 2>&1 & echo \$! > '$BW/podman-svc.pid'
  for s in ctr podman; do
    for i in \$(seq 200); do [ -S $BW/\$s.sock ] && break; sleep 0.05; done
    [ -S $BW/\$s.sock ] || { echo \"\$s service did not start\" >&2; cat $BW/\$s-svc.log >&2; exit 1; }
  done
  docker -H unix://$BW/ctr.sock run --rm --network none busybox true
  docker -H unix://$BW/podman.sock run --rm --network none busybox true"

# 1. docker run --rm through each service.
DCTR="docker -H unix://$BW/ctr.sock"
DPOD="docker -H unix://$BW/podman.sock"
# ctr's own CLI as the remote client (`ctr -H`), against the same two services.
HCTR="$CTR -H unix://$BW/ctr.sock"
HPOD="$CTR -H unix://$BW/podman.sock"
as_user "hyperfine -N --style basic --warmup 2 --runs $RUNS --export-json '$BW/run.json' \
  -n 'docker run --rm (ctr service)' '$DCTR run --rm --network none busybox true' \
  -n 'ctr -H run --rm (ctr service)' '$HCTR run --rm --network none busybox true' \
  -n 'docker run --rm (podman service)' '$DPOD run --rm --network none busybox true' \
  -n 'ctr -H run --rm (podman service)' '$HPOD run --rm --network none busybox true'"

# 2. Cold start: activate.sh NAME CMD... replaces NAME's activator (and the service it
# exec'd) by a fresh one listening on $BW/NAME.sock; the timed curl is its first client.
cat > "$BW/activate.sh" <<'EOS'
#!/bin/bash
cd "$(dirname "$0")"
n=$1; shift
if [ -f "$n.pid" ]; then
  old=$(cat "$n.pid"); kill "$old" 2>/dev/null
  for _ in $(seq 500); do kill -0 "$old" 2>/dev/null || break; sleep 0.01; done
fi
rm -f "$n.sock"
setsid systemd-socket-activate -l "$PWD/$n.sock" "$@" </dev/null >/dev/null 2>>"$n.log" & echo $! > "$n.pid"
for _ in $(seq 500); do [ -S "$n.sock" ] && exit 0; sleep 0.002; done
echo "activator $n did not listen" >&2; exit 1
EOS
chmod 0755 "$BW/activate.sh"
PING="curl -sf -o /dev/null --unix-socket"
as_user "hyperfine -N --style basic --warmup 2 --runs $COLD_RUNS --export-json '$BW/cold.json' \
  --prepare '$BW/activate.sh ctr-act $CTR --root $BW/store system service --time 1' \
  -n 'ctr: socket-activated, first _ping' '$PING $BW/ctr-act.sock http://d/_ping' \
  --prepare '$BW/activate.sh podman-act podman system service --time 1' \
  -n 'podman: socket-activated, first _ping' '$PING $BW/podman-act.sock http://d/_ping' \
  --prepare true -n 'ctr: running service, _ping' '$PING $BW/ctr.sock http://d/_ping' \
  --prepare true -n 'podman: running service, _ping' '$PING $BW/podman.sock http://d/_ping'"

# 3. Concurrent GET /containers/json with $CONTAINERS created containers in each engine.
as_user "for i in \$(seq $CONTAINERS); do $C create --network none busybox true >/dev/null; podman create --network none busybox true >/dev/null; done"
cat > "$BW/flood.py" <<'EOS'
"""flood.py SOCK N ROUNDS WANT: N concurrent GET /containers/json?all=1, ROUNDS times."""
import http.client, json, socket, sys, threading, time

sock, n, rounds, want = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

class Conn(http.client.HTTPConnection):
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(120)
        self.sock.connect(sock)

lat, ok, errors, walls = [], 0, {}, []
for _ in range(rounds):
    res = [None] * n
    go = threading.Barrier(n + 1)
    def one(i):
        go.wait()
        t0 = time.perf_counter()
        try:
            c = Conn("d", timeout=120)
            c.request("GET", "/v1.41/containers/json?all=1")
            r = c.getresponse()
            body = r.read()
            got = len(json.loads(body)) if r.status == 200 else None
            good = got == want
            why = None if good else f"HTTP {r.status}, {got} entries, {body[:80]!r}"
        except Exception as e:
            why = type(e).__name__ + ": " + str(e)[:80]
        res[i] = (time.perf_counter() - t0, why)
    ts = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in ts: t.start()
    go.wait(); t0 = time.perf_counter()
    for t in ts: t.join()
    walls.append(time.perf_counter() - t0)
    for d, why in res:
        lat.append(d)
        if why is None: ok += 1
        else: errors[why] = errors.get(why, 0) + 1
lat.sort()
q = lambda p: lat[max(0, int(p * len(lat) + 0.999999) - 1)] * 1000
print(f"{ok}/{len(lat)} | {q(0.5):.1f} | {q(0.99):.1f} | {lat[-1]*1000:.1f} | {sum(walls)/len(walls)*1000:.0f}")
for why, k in errors.items(): print(f"  {k} x {why}", file=sys.stderr)
EOS
FL_CTR=$(as_user "python3 '$BW/flood.py' '$BW/ctr.sock' $CONCURRENT $ROUNDS $CONTAINERS")
FL_POD=$(as_user "python3 '$BW/flood.py' '$BW/podman.sock' $CONCURRENT $ROUNDS $CONTAINERS")

{
  echo "# Docker Engine API service ($(date -u +%F), $(nproc) cores, rootless user; docker CLI $(docker version --format '{{.Client.Version}}' 2>/dev/null), podman $(podman --version | awk '{print $3}'))"
  echo
  echo "Load average when the bench started: $LOAD0 (shared machine: compare within a table, not across runs)."
  echo
  echo "## docker run --rm and ctr -H run --rm (--network none busybox true), through each service"
  echo
  table "$BW/run.json"
  echo
  echo "## Socket activation: a fresh \`systemd-socket-activate -l SOCK SERVICE --time 1\` each run, timed from curl's start to the first answered \`GET /_ping\`; then the same against a running service"
  echo
  table "$BW/cold.json"
  echo
  echo "## $CONCURRENT concurrent \`GET /containers/json?all=1\`, $CONTAINERS created containers, $ROUNDS rounds"
  echo
  echo "One connection and one Python thread per request (stdlib http.client over the unix socket), all released together; latency from connect to the whole body, so the client's own thread scheduling on $(nproc) cores is in it. Answered = HTTP 200 with $CONTAINERS entries."
  echo
  echo "| service | answered | p50 [ms] | p99 [ms] | max [ms] | mean wall per round [ms] |"
  echo "|:---|---:|---:|---:|---:|---:|"
  echo "| ctr | $FL_CTR |"
  echo "| podman | $FL_POD |"
} | tee "$RESULTS/api.md"
