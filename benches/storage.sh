#!/bin/bash
# Storage drivers side by side: the kernel's overlay, ctr's own FUSE overlay (fuse), vfs,
# and the fuse-overlayfs program (Debian's package, through podman's overlay driver with
# mount_program, the way podman falls back), and podman's kernel overlay as a reference.
#  1. Container start: `run --rm true` for each (hyperfine).
#  2. The file system work, inside one container each: untar a 50 MB tree (2000 files in
#     100 directories) into the container's root, then `find / -xdev | wc -l`, then a `cat`
#     of every file. Whole runs are timed by hyperfine; each phase is also timed inside the
#     container (from /proc/uptime, 10 ms resolution: start-up excluded), medians of $RUNS.
# Results: benches/results/storage.md
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-10}

# The work, timed phase by phase inside the container (the image's /work.sh).
cat > "$BW/work.sh" <<'W'
t() { cut -d" " -f1 /proc/uptime; }
a=$(t); mkdir /x; tar -xf /data.tar -C /x; b=$(t)
n=$(find / -xdev | wc -l); c=$(t)
find / -xdev -type f -exec cat {} + > /dev/null; d=$(t)
echo "phases $a $b $c $d $n"
W
chmod 0644 "$BW/work.sh"

# An image with busybox, /work.sh and /data.tar, a 50 MB tree: in ctr (bench-st) and podman (twice:
# its default store and a store of its own using fuse-overlayfs).
as_user "set -e
  mkdir -p rootfs/bin rootfs/etc rootfs/tmp tree
  cp /bin/busybox rootfs/bin/busybox
  for a in \$(rootfs/bin/busybox --list); do [ \$a = busybox ] || ln -sf busybox rootfs/bin/\$a; done
  echo 'root:x:0:0:root:/root:/bin/sh' > rootfs/etc/passwd
  for d in \$(seq 100); do
    mkdir -p tree/d\$d
    for f in \$(seq 20); do head -c 25000 /dev/urandom > tree/d\$d/f\$f; done
  done
  tar -C tree -cf rootfs/data.tar .
  cp work.sh rootfs/work.sh
  rm -rf tree
  tar -C rootfs -cf st.tar .
  '$CTR' --root '$BW/store' import --change 'CMD [\"sh\"]' st.tar bench-st >/dev/null
  podman rm -af >/dev/null 2>&1 || true
  podman import -q st.tar localhost/bench-st >/dev/null
  mkdir -p pfo-root pfo-run
  podman --root '$BW/pfo-root' --runroot '$BW/pfo-run' --storage-driver overlay \
    --storage-opt overlay.mount_program=/usr/bin/fuse-overlayfs import -q st.tar localhost/bench-st >/dev/null"

C="'$CTR' --root '$BW/store'"
PFO="podman --root '$BW/pfo-root' --runroot '$BW/pfo-run' --storage-driver overlay --storage-opt overlay.mount_program=/usr/bin/fuse-overlayfs"

declare -A RUN=(
  [overlay]="$C --storage-driver overlay run --rm --network none bench-st"
  [fuse]="$C --storage-driver fuse run --rm --network none bench-st"
  [vfs]="$C --storage-driver vfs run --rm --network none bench-st"
  [fuse-overlayfs]="$PFO run --rm --network none localhost/bench-st"
  [podman-overlay]="podman run --rm --network none localhost/bench-st"
)
ORDER="overlay fuse vfs fuse-overlayfs podman-overlay"
NAME() { case $1 in
  overlay) echo "ctr, kernel overlay";; fuse) echo "ctr, fuse";; vfs) echo "ctr, vfs";;
  fuse-overlayfs) echo "podman, fuse-overlayfs";; podman-overlay) echo "podman, kernel overlay";; esac; }

# Each works once first (and podman's state is warm).
for k in $ORDER; do as_user "${RUN[$k]} true"; done

args=""; for k in $ORDER; do args="$args -n '$(NAME $k): run --rm true' \"${RUN[$k]} true\""; done
as_user "hyperfine -N --style basic --warmup 3 --runs $((RUNS * 3)) --export-json '$BW/start.json' $args"

args=""; for k in $ORDER; do args="$args -n '$(NAME $k): untar, find, cat' \"${RUN[$k]} sh /work.sh\""; done
as_user "hyperfine --style basic --warmup 1 --runs $RUNS --export-json '$BW/work.json' $args"

# The phases, inside the container.
: > "$BW/phases.txt"
for k in $ORDER; do
  for _ in $(seq "$RUNS"); do
    as_user "${RUN[$k]} sh /work.sh" | sed -n "s/^phases /$k /p" >> "$BW/phases.txt"
  done
done
phase_table() { python3 -c "
import statistics, sys
rows = {}
for line in open('$BW/phases.txt'):
    k, a, b, c, d, n = line.split()
    a, b, c, d = map(float, (a, b, c, d))
    rows.setdefault(k, []).append(((b - a) * 1e3, (c - b) * 1e3, (d - c) * 1e3, int(n)))
names = {'overlay': 'ctr, kernel overlay', 'fuse': \"ctr, ctr's fuse\", 'vfs': 'ctr, vfs',
         'fuse-overlayfs': 'podman, fuse-overlayfs', 'podman-overlay': 'podman, kernel overlay'}
med = {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in rows.items()}
print('| driver | untar 50 MB [ms] | find / -xdev [ms] | cat every file [ms] | entries | untar / fuse-overlayfs | find / fuse-overlayfs | cat / fuse-overlayfs |')
print('|:---|---:|---:|---:|---:|---:|---:|---:|')
ref = med.get('fuse-overlayfs')
for k in '$ORDER'.split():
    if k not in med: continue
    m = med[k]
    rat = ['%.2f' % (m[i] / ref[i]) if ref and ref[i] else '-' for i in range(3)]
    print('| %s | %.0f | %.0f | %.0f | %d | %s | %s | %s |' % (names[k], m[0], m[1], m[2], rows[k][0][3], *rat))
"; }

{
  echo "# storage drivers: start and file system work ($(date -u +%F), $(nproc) cores, rootless user)"
  echo
  echo "An image of busybox-static and a 50 MB tar (2000 files of 25 kB in 100 directories);"
  echo "--network none everywhere. fuse-overlayfs runs under podman (overlay driver with"
  echo "mount_program=/usr/bin/fuse-overlayfs, podman's fallback); podman's kernel overlay is"
  echo "the reference for what podman itself adds. Ratios are of medians."
  echo
  echo "## container start"
  echo
  table "$BW/start.json"
  echo
  echo "## untar, find, cat: whole runs (start included)"
  echo
  table "$BW/work.json"
  echo
  echo "## the same work, timed inside the container (medians of $RUNS runs; /proc/uptime, 10 ms steps)"
  echo
  phase_table
} | tee "$RESULTS/storage.md"
