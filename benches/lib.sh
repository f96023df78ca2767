# Shared by the benches: build ctr (release), and run commands as the unprivileged user.
# Source it from a bench script; run the bench as root (it uses tests/setup-host.sh) or as
# a user with subordinate ids.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_USER=${CTR_TEST_USER:-ctrtest}

if [ "$(id -u)" = 0 ]; then
  "$TOP/tests/setup-host.sh" "$BENCH_USER" >/dev/null
fi
(cd "$TOP" && cargo build --release --quiet --bin ctr)
BW=$(mktemp -d /tmp/ctr-bench.XXXXXX)
chmod 0755 "$BW"
install -m 0755 "$TOP/target/x86_64-unknown-linux-gnu/release/ctr" "$BW/ctr"
CTR="$BW/ctr"
if [ "$(id -u)" = 0 ]; then
  chown "$BENCH_USER:" "$BW"
  BU=$(id -u "$BENCH_USER"); BH=$(getent passwd "$BENCH_USER" | cut -d: -f6)
  as_user() {
    runuser -u "$BENCH_USER" -- env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME="$BH" USER="$BENCH_USER" XDG_RUNTIME_DIR="/run/user/$BU" bash -c "cd '$BW' && $1"
  }
else
  as_user() { bash -c "cd '$BW' && $1"; }
fi
bench_cleanup() {
  as_user "'$CTR' --root '$BW/store' unshare rm -rf '$BW/store' 2>/dev/null; podman rmi -a -f >/dev/null 2>&1; true" || true
  rm -rf -- "$BW"
}
trap bench_cleanup EXIT
RESULTS="$TOP/benches/results"
mkdir -p "$RESULTS"
