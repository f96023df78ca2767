#!/bin/bash
# `ctr run --rm IMG true` side by side with `crun run` and `runc run` of the same rootfs
# (rootless bundles), `podman run --rm --network none`, and the floor
# `unshare -Urmpf --mount-proc true`; then the monitor's RSS next to conmon's, and
# `ctr ps` with 100 running containers; and where the time of `ctr run --rm` goes (each
# step's median time from the CLI's start, recorded with CTR_TRACE_START).
# Results: benches/results/run-latency.md
#
# CTR_BEFORE=/path/to/ctr: an earlier build, run side by side in the same hyperfine run
# (e.g. `git worktree add /tmp/b REV && cargo build --release` there).
#
# crun refuses hybrid cgroups here, so it runs in `unshare -Urm` with the cgroup2 mount
# bound over /sys/fs/cgroup (HOST.md); that wrapper's own cost is in its figure.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-30}

make_bb_image
as_user "set -e
  mkdir -p runc/rootfs && cp -a rootfs/. runc/rootfs/
  cd runc && runc spec --rootless && sed -i 's/\"sh\"/\"true\"/; s/\"terminal\": true/\"terminal\": false/' config.json && cd ..
  mkdir -p crun/rootfs && cp -a rootfs/. crun/rootfs/
  cd crun && unshare -Urm sh -c 'crun spec' && sed -i 's/\"sh\"/\"true\"/; s/\"terminal\": true/\"terminal\": false/' config.json
  python3 -c \"import json; c=json.load(open('config.json')); [m.__setitem__('options',[o for o in m.get('options',[]) if o!='gid=5']) for m in c['mounts']]; json.dump(c,open('config.json','w'))\"
  cd ..
  cat > crun-run <<'EOS'
#!/bin/sh
exec unshare -Urm sh -c 'mount --bind /sys/fs/cgroup/unified /sys/fs/cgroup && exec crun --root \"\$0/crun-state\" run -b \"\$0/crun\" c1' \"\$PWD\"
EOS
  chmod +x crun-run
  ./crun-run && runc --root '$BW/runc-state' run -b runc r1 && '$CTR' --root '$BW/store' run --rm --network none bb true"

BEFORE=
if [ -n "${CTR_BEFORE:-}" ]; then
  install -m 0755 "$CTR_BEFORE" "$BW/ctr-before"
  BEFORE=$(printf '%q ' -n 'ctr run --rm (CTR_BEFORE)' "'$BW/ctr-before' --root '$BW/store' run --rm --network none bb true")
fi
as_user "hyperfine -N --style basic --warmup 3 --runs $RUNS --export-markdown '$BW/run.md' \
  -n 'ctr run --rm' \"'$CTR' --root '$BW/store' run --rm --network none bb true\" \
  $BEFORE \
  -n 'crun run' '$BW/crun-run' \
  -n 'runc run' \"runc --root '$BW/runc-state' run -b '$BW/runc' r1\" \
  -n 'podman run --rm --network none' 'podman run --rm --network none localhost/bb true' \
  -n 'unshare -Urmpf (floor)' 'unshare -Urmpf --mount-proc true'"

# Where the time goes: each step's time from the CLI's main(), median of 30 runs.
as_user "for i in \$(seq 30); do CTR_TRACE_START='$BW/trace.'\$i '$CTR' --root '$BW/store' run --rm --network none bb true; done"
STEPS=$(python3 - "$BW" <<'PY'
import glob, statistics, sys
runs = []
for f in glob.glob(sys.argv[1] + "/trace.*"):
    lines = [l.rstrip("\n").split(" ", 2) for l in open(f)]
    t0 = int(lines[0][0])
    runs.append([((int(t) - t0) / 1e6, step) for t, _, step in lines])
order, at = [], {}
for r in runs:
    seen = set()
    for t, step in sorted(r):
        if step in seen:
            continue  # "main" is marked by the CLI and again by the monitor: the CLI's
        seen.add(step)
        if step not in at:
            order.append(step)
        at.setdefault(step, []).append(t)
order.sort(key=lambda s: statistics.median(at[s]))
print("| step | median ms from the CLI's main() |")
print("|:---|---:|")
for s in order:
    print(f"| {s} | {statistics.median(at[s]):.2f} |")
PY
)

# Resident memory of one idle monitor, next to podman's conmon.
# RSS counts the binary's file pages too, which every monitor shares; its dirty private
# pages (heap, stack, relocations) are what one more container costs.
mem() { echo "$(grep VmRSS /proc/$1/status | awk '{print $2}') | $(awk '/^Pss:/{print $2}' /proc/$1/smaps_rollup) | $(awk '/^Private_Dirty:/{print $2}' /proc/$1/smaps_rollup)"; }
RSS=$(as_user "$(declare -f mem); id=\$('$CTR' --root '$BW/store' run -d --network none bb sleep 120); sleep 0.5
  mem \$(pgrep -f \"__monitor \$id\")
  '$CTR' --root '$BW/store' rm -f \$id >/dev/null")
CONMON=$(as_user "$(declare -f mem); podman run -d --network none --name rssprobe localhost/bb sleep 120 >/dev/null; sleep 0.5
  mem \$(pgrep -f 'conmon.*rssprobe' | head -n 1)
  podman rm -f rssprobe >/dev/null 2>&1")

# `ctr ps` with 100 running containers.
as_user "for i in \$(seq 100); do '$CTR' --root '$BW/store' run -d --network none bb sleep 300 >/dev/null; done"
as_user "hyperfine -N --style basic --warmup 3 --runs 20 --export-markdown '$BW/ps.md' \
  -n 'ctr ps (100 running)' \"'$CTR' --root '$BW/store' ps\" \
  -n 'podman ps (0 running)' 'podman ps'"
as_user "'$CTR' --root '$BW/store' ps -q | xargs -r '$CTR' --root '$BW/store' rm -f >/dev/null"

{
  echo "# ctr run latency ($(date -u +%F), $(nproc) cores, rootless user)"
  echo
  cat "$BW/run.md"
  echo
  echo "Where \`ctr run --rm --network none bb true\` spends its time (CTR_TRACE_START, 30 runs;"
  echo "the process's exec before main() is not in it):"
  echo
  echo "$STEPS"
  echo
  echo "| process | VmRSS (KiB) | PSS (KiB) | Private_Dirty (KiB) |"
  echo "|:---|---:|---:|---:|"
  echo "| ctr monitor (one idle container) | $RSS |"
  echo "| podman's conmon | $CONMON |"
  echo
  cat "$BW/ps.md"
} | tee "$RESULTS/run-latency.md"
