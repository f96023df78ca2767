#!/bin/bash
# Runs the cargo-fuzz targets of fuzz/ for a short while each, from the seeds kept in
# fuzz/corpus/TARGET (never written to: what a run finds goes to a scratch corpus).
# Fails when a target crashes, and names the input that did it.
#
#   tests/fuzz.sh                 every target, CTR_FUZZ_SECONDS (30) each
#   tests/fuzz.sh reference expand   some of them
#
# CTR_FUZZ_SECONDS  how long each target runs (default 30)
# CTR_FUZZ_PARALLEL how many targets run at once (default: the number of CPUs)
#
# Needs the nightly toolchain (rustup's `nightly`); installs cargo-fuzz when missing.
# A crash's input is kept in fuzz/artifacts/TARGET/; replay it with
#   cd fuzz && cargo +nightly fuzz run -s none TARGET artifacts/TARGET/crash-...
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export CARGO_TERM_COLOR=never
SECONDS_EACH=${CTR_FUZZ_SECONDS:-30}
PARALLEL=${CTR_FUZZ_PARALLEL:-$(nproc)}
CARGO_FUZZ_VERSION=0.13.2

t0=$(date +%s)
if ! cargo fuzz --version >/dev/null 2>&1; then
  # A debug build installs in half the time, and cargo-fuzz only drives cargo.
  cargo install --quiet --locked --debug cargo-fuzz --version "$CARGO_FUZZ_VERSION"
  echo "fuzz: installed cargo-fuzz $CARGO_FUZZ_VERSION in $(($(date +%s) - t0)) s"
fi

# One build for all targets. No sanitizer: the code under test is safe Rust, and
# debug assertions and overflow checks stay on.
t1=$(date +%s)
WORK=$(mktemp -d /tmp/ctr-fuzz.XXXXXX)
trap 'rm -rf -- "$WORK"' EXIT
if ! cargo +nightly fuzz build --sanitizer none > "$WORK/build.log" 2>&1; then
  tail -n 40 "$WORK/build.log" >&2
  echo "fuzz: the targets did not build" >&2
  exit 1
fi
grep -E '^warning' -A5 "$WORK/build.log" || true
echo "fuzz: built the targets in $(($(date +%s) - t1)) s"

if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(cargo +nightly fuzz list); fi

# One target: its scratch corpus first (libFuzzer adds new inputs to the first directory
# only), then the seeds. A slow input is a failure too (-timeout: a hang or a blowup).
run_one() {
  local t=$1
  mkdir -p "$WORK/$t" "artifacts/$t"
  cargo +nightly fuzz run --sanitizer none "$t" "$WORK/$t" "corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 > "$WORK/$t.log" 2>&1
}

failed=()
summary() {
  local t=$1 rc=$2 runs cov slowest
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/$t.log" | tail -n 1)
  slowest=$(sed -n 's/^stat::slowest_unit_time_sec: *//p' "$WORK/$t.log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$WORK/$t.log" | tail -n 1 || true)
  if [ "$rc" = 0 ]; then
    echo "fuzz: $t: ok, ${runs:-?} inputs, ${cov:-cov: ?}, slowest input ${slowest:-?} s"
  else
    failed+=("$t")
    echo "fuzz: $t: FAILED (exit $rc)"
    # The panic's message, or libFuzzer's own verdict (a timeout, out of memory).
    { awk '/panicked at/ { p = 1 } /^stack backtrace:/ { p = 0 } p' "$WORK/$t.log"
      grep -E '^==[0-9]+== ERROR: libFuzzer|^SUMMARY: libFuzzer' "$WORK/$t.log"; } | head -n 30 | cut -c1-400 | sed 's/^/  /'
    local input
    input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$WORK/$t.log" | tail -n 1)
    echo "fuzz: $t: the input that failed: fuzz/${input:-artifacts/$t/ (none written)}"
  fi
}

t2=$(date +%s)
declare -A pids=()
# Waits for one of the running targets and reports it.
reap() {
  local rc=0 done_pid
  wait -n -p done_pid "${!pids[@]}" || rc=$?
  summary "${pids[$done_pid]}" "$rc"
  unset "pids[$done_pid]"
}
for t in "${targets[@]}"; do
  while [ "${#pids[@]}" -ge "$PARALLEL" ]; do reap; done
  run_one "$t" &
  pids[$!]=$t
done
while [ "${#pids[@]}" -gt 0 ]; do reap; done
echo "fuzz: ran ${#targets[@]} targets ($SECONDS_EACH s each, $PARALLEL at a time) in $(($(date +%s) - t2)) s"
[ "${#failed[@]}" = 0 ] || { echo "fuzz: failed: ${failed[*]}" >&2; exit 1; }
