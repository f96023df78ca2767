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

# bench.tar in $BW: a docker-archive (made by hand: <layer>.tar, config, manifest.json) of
# one image, bench:latest, with 5 layers of 20 MB random + 20 MB compressible text each.
make_bench_archive() {
  as_user "set -e; mkdir -p arch; cd arch
    diffs=''; layers=''
    for i in 1 2 3 4 5; do
      mkdir -p l\$i/data\$i
      head -c 20M /dev/urandom > l\$i/data\$i/random
      yes \"compressible line \$i of the benchmark layer, repeated\" | head -c 20M > l\$i/data\$i/text
      tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C l\$i -cf layer\$i.tar .
      rm -rf l\$i
      diffs=\"\$diffs\${diffs:+,}\\\"sha256:\$(sha256sum layer\$i.tar | cut -d' ' -f1)\\\"\"
      layers=\"\$layers\${layers:+,}\\\"layer\$i.tar\\\"\"
    done
    printf '{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[%s]}}' \"\$diffs\" > config.json
    c=\$(sha256sum config.json | cut -d' ' -f1); mv config.json \$c.json
    printf '[{\"Config\":\"%s.json\",\"RepoTags\":[\"bench:latest\"],\"Layers\":[%s]}]' \$c \"\$layers\" > manifest.json
    tar -cf ../bench.tar *.tar *.json; cd ..; rm -rf arch"
}

# The same busybox image in ctr (imported from busybox-static, store "$1", named "${2:-busybox}")
# and podman (the same image `ctr save`d and `podman load`ed), so `FROM busybox` / `run
# busybox` need no network in either.
busybox_in_both() {
  local c="'$CTR' --root '$1'" name=${2:-busybox}
  as_user "set -e; mkdir -p rootfs/bin rootfs/etc rootfs/tmp; cp /bin/busybox rootfs/bin/
  for a in \$(/bin/busybox --list); do [ \$a = busybox ] || ln -sf busybox rootfs/bin/\$a; done
  echo 'root:x:0:0:root:/root:/bin/sh' > rootfs/etc/passwd
  tar -C rootfs -cf bb.tar .
  $c import --change 'CMD [\"sh\"]' bb.tar $name >/dev/null
  $c save -o bb-docker.tar $name
  podman rm -af >/dev/null 2>&1 || true
  podman load -q -i bb-docker.tar >/dev/null"
}

# busybox_in_both as bench-bb in $BW/store (podman: localhost/bench-bb:latest); sets C, P, IMG.
bench_busybox_image() {
  busybox_in_both "$BW/store" bench-bb
  C="'$CTR' --root '$BW/store'"
  P="podman"
  IMG=localhost/bench-bb:latest
}

# A hyperfine JSON export as a markdown table led by the median (the ratio is of medians).
table() { python3 -c "
import json
rs = json.load(open('$1'))['results']
best = min(r['median'] for r in rs)
print('| command | median [ms] | mean ± σ [ms] | min [ms] | max [ms] | median / fastest |')
print('|:---|---:|---:|---:|---:|---:|')
for r in rs:
    print('| %s | %.1f | %.1f ± %.1f | %.1f | %.1f | %.2f |' % (r['command'], r['median']*1e3, r['mean']*1e3,
          r['stddev']*1e3, r['min']*1e3, r['max']*1e3, r['median']/best))"; }

# Kills the processes whose pids the bench recorded in $BW/*.pid, and waits (5 s at most
# each) until they are gone.
kill_recorded_pids() {
  local f p
  for f in "$BW"/*.pid; do
    [ -f "$f" ] || continue
    p=$(cat "$f"); kill "$p" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
  done
}

# A busybox image `bb` in $BW/store (ctr) and localhost/bb (podman), from rootfs.tar in $BW,
# and one warm `ctr run` of it.
make_bb_image() {
  as_user "set -e
    mkdir -p rootfs/bin rootfs/etc rootfs/tmp
    cp /bin/busybox rootfs/bin/busybox
    for a in \$(rootfs/bin/busybox --list); do [ \$a = busybox ] || ln -sf busybox rootfs/bin/\$a; done
    echo 'root:x:0:0:root:/root:/bin/sh' > rootfs/etc/passwd
    tar -C rootfs -cf rootfs.tar .
    '$CTR' --root '$BW/store' import --change 'CMD [\"sh\"]' rootfs.tar bb >/dev/null
    podman rm -af >/dev/null 2>&1 || true
    podman import -q rootfs.tar localhost/bb >/dev/null
    '$CTR' --root '$BW/store' run --rm --network none bb true"
}
