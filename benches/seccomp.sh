#!/bin/bash
# What the seccomp filter costs `ctr run --rm`: ctr with its default profile (containers-
# common's where installed), with ctr's built-in one, and unconfined, side by side with
# podman's default and podman unconfined, in one hyperfine run; then the cost of a first
# compile (an empty cache, RUNROOT/seccomp) against a cached one.
# Results: benches/results/seccomp.md
#
# CTR_BEFORE=/path/to/ctr: an earlier build (e.g. before the filter), run beside.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-30}

make_bb_image

BEFORE=
if [ -n "${CTR_BEFORE:-}" ]; then
  install -m 0755 "$CTR_BEFORE" "$BW/ctr-before"
  BEFORE=$(printf '%q ' -n 'ctr run --rm (CTR_BEFORE)' "'$BW/ctr-before' --root '$BW/store' run --rm --network none bb true")
fi
R="'$CTR' --root '$BW/store' run --rm --network none"
as_user "hyperfine -N --style basic --warmup 3 --runs $RUNS --export-markdown '$BW/run.md' \
  -n 'ctr run --rm (default profile)' \"$R bb true\" \
  -n 'ctr run --rm (seccomp=builtin)' \"$R --security-opt seccomp=builtin bb true\" \
  -n 'ctr run --rm (seccomp=unconfined)' \"$R --security-opt seccomp=unconfined bb true\" \
  $BEFORE \
  -n 'podman run --rm (default profile)' 'podman run --rm --network none localhost/bb true' \
  -n 'podman run --rm (seccomp=unconfined)' 'podman run --rm --network none --security-opt seccomp=unconfined localhost/bb true'"

# A first compile of the profile (the cache emptied before each run) against a cached one.
RUNROOT=$(as_user "echo \${XDG_RUNTIME_DIR}/ctr")
as_user "hyperfine -N --style basic --warmup 3 --runs $RUNS --export-markdown '$BW/compile.md' \
  --prepare \"rm -rf '$RUNROOT/seccomp'\" --prepare true -n 'ctr run --rm, profile compiled (cache empty)' \"$R bb true\" \
  -n 'ctr run --rm, profile cached' \"$R bb true\""

# Sequential hyperfine runs of one command drift by about a millisecond on these machines,
# as much as the filter costs: the variants again, interleaved run by run, each run's time
# less the unconfined run's next to it.
cat > "$BW/pairs.py" <<'PY'
import statistics, subprocess, sys, time
ctr, store = sys.argv[1], sys.argv[2]
variants = {"default profile": [], "seccomp=builtin": ["--security-opt", "seccomp=builtin"],
            "seccomp=unconfined": ["--security-opt", "seccomp=unconfined"]}
base = [ctr, "--root", store, "run", "--rm", "--network", "none"]
times = {k: [] for k in variants}
for _ in range(int(sys.argv[3])):
    for k, extra in variants.items():
        t = time.perf_counter()
        subprocess.run(base + extra + ["bb", "true"], stdout=subprocess.DEVNULL, check=True)
        times[k].append((time.perf_counter() - t) * 1e3)
u = times["seccomp=unconfined"]
print("| ctr run --rm | median [ms] | median of (run - the unconfined run beside it) [ms] |")
print("|:---|---:|---:|")
for k, v in times.items():
    d = statistics.median(a - b for a, b in zip(v, u))
    print(f"| {k} | {statistics.median(v):.2f} | {d:+.2f} |")
PY
chmod 0644 "$BW/pairs.py"
as_user "python3 '$BW/pairs.py' '$CTR' '$BW/store' $((RUNS * 4))" > "$BW/pairs.md"

{
  echo "# seccomp: the filter's cost to \`ctr run --rm\` ($(date -u +%F), $(nproc) cores, rootless user)"
  echo
  echo "Default profile here: $(as_user "'$CTR' --root '$BW/store' info" | sed -n 's/^seccomp profile: *//p')"
  echo
  cat "$BW/run.md"
  echo
  echo "Interleaved, $((RUNS * 4)) runs of each:"
  echo
  cat "$BW/pairs.md"
  echo
  cat "$BW/compile.md"
} | tee "$RESULTS/seccomp.md"
