#!/bin/bash
# `docker cp` of a 100 MB directory both ways (host -> running container, container ->
# host), the real docker CLI through `ctr system service` and `podman system service`,
# side by side in one hyperfine run each, as the unprivileged user. The directory: 20
# subdirectories of 5 files of 1 MB, half random, half text.
# Results: benches/results/cp.md
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-10}

command -v docker >/dev/null || { echo "benches/cp.sh needs the docker CLI (/usr/local/bin/docker)" >&2; exit 1; }

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
C="'$CTR' --root '$BW/store'"
# podman with a store of its own, so the bench never touches the user's podman images and
# containers (other work may use them meanwhile).
P="podman --root '$BW/podroot' --runroot '$BW/podrun'"
cp_cleanup() {
  kill_recorded_pids
  as_user "$C rm -f cpb >/dev/null 2>&1; $P rm -f -t 0 cpb >/dev/null 2>&1; $P rmi -af >/dev/null 2>&1; $P unshare sh -c \"umount '$BW/podroot/overlay' 2>/dev/null; rm -rf '$BW/podroot' '$BW/podrun'\"; true" || true
  as_user "'$CTR' --root '$BW/store' unshare rm -rf '$BW/store' 2>/dev/null; true" || true
  rm -rf -- "$BW"
}
trap cp_cleanup EXIT

as_user "set -e; mkdir -p rootfs/bin rootfs/etc rootfs/tmp; cp /bin/busybox rootfs/bin/
  for a in \$(/bin/busybox --list); do [ \$a = busybox ] || ln -sf busybox rootfs/bin/\$a; done
  echo 'root:x:0:0:root:/root:/bin/sh' > rootfs/etc/passwd
  tar -C rootfs -cf bb.tar .
  $C import --change 'CMD [\"sh\"]' bb.tar busybox >/dev/null
  $C save -o bb-docker.tar busybox
  $P load -q -i bb-docker.tar >/dev/null"

as_user "set -e; for d in \$(seq 20); do mkdir -p payload/d\$d
    for f in 1 2 3; do head -c 1M /dev/urandom > payload/d\$d/r\$f; done
    for f in 1 2; do yes \"text line \$d \$f of the copy bench\" | head -c 1M > payload/d\$d/t\$f; done
  done; du -sh payload"

as_user "true; setsid $C system service --time 0 unix://$BW/ctr.sock </dev/null >'$BW/ctr-svc.log' 2>&1 & echo \$! > '$BW/ctr-svc.pid'
  setsid $P system service --time 0 unix://$BW/podman.sock </dev/null >'$BW/podman-svc.log' 2>&1 & echo \$! > '$BW/podman-svc.pid'
  for s in ctr podman; do
    for i in \$(seq 200); do [ -S $BW/\$s.sock ] && break; sleep 0.05; done
    [ -S $BW/\$s.sock ] || { echo \"\$s service did not start\" >&2; cat $BW/\$s-svc.log >&2; exit 1; }
  done
  for s in ctr podman; do
    docker -H unix://$BW/\$s.sock run -d --name cpb --network none busybox sleep 1009 >/dev/null
    docker -H unix://$BW/\$s.sock cp payload cpb:/data
  done"

DCTR="docker -H unix://$BW/ctr.sock"
DPOD="docker -H unix://$BW/podman.sock"
# Into the container: each run replaces /in (removed first, untimed).
as_user "hyperfine -N --style basic --warmup 1 --runs $RUNS --export-json '$BW/in.json' \
  --prepare '$DCTR exec cpb rm -rf /in' -n 'docker cp DIR cpb:/in (ctr service)' '$DCTR cp payload cpb:/in' \
  --prepare '$DPOD exec cpb rm -rf /in' -n 'docker cp DIR cpb:/in (podman service)' '$DPOD cp payload cpb:/in'"
# Out of it: each run writes a fresh host directory.
as_user "hyperfine -N --style basic --warmup 1 --runs $RUNS --export-json '$BW/out.json' \
  --prepare 'rm -rf out-ctr' -n 'docker cp cpb:/data DIR (ctr service)' '$DCTR cp cpb:/data out-ctr' \
  --prepare 'rm -rf out-pod' -n 'docker cp cpb:/data DIR (podman service)' '$DPOD cp cpb:/data out-pod'"
as_user "diff -r payload out-ctr && diff -r payload out-pod" || { echo "a copy out differs from the payload" >&2; exit 1; }

{
  echo "# docker cp of a 100 MB directory ($(date -u +%F), $(nproc) cores, rootless user; docker CLI $(docker version --format '{{.Client.Version}}' 2>/dev/null), podman $(podman --version | awk '{print $3}'))"
  echo
  echo "Load average when the bench started: $LOAD0 (shared machine: compare within a table, not across runs)."
  echo "100 files of 1 MB in 20 directories (60 random, 40 text), into and out of a running busybox container."
  echo
  echo "## Host -> container"
  echo
  table "$BW/in.json"
  echo
  echo "## Container -> host"
  echo
  table "$BW/out.json"
} | tee "$RESULTS/cp.md"
