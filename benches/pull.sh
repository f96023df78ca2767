#!/bin/bash
# `ctr pull` of an image with 5 layers (~200 MB uncompressed; random and compressible data
# mixed) from docker-registry on loopback, cold store, side by side with `podman pull`
# (end to end: unpacked and ready to run) and `skopeo copy docker://... dir:` (download
# only): wall time (hyperfine) and peak RSS (/usr/bin/time). Then where the time goes:
# the same bytes fetched with curl (network), inflated with gzip -d, and untarred.
# Results: benches/results/pull.md
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-5}

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_user "set -e; mkdir -p reg/data
  printf 'version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: $BW/reg/data\nhttp:\n  addr: 127.0.0.1:$PORT\n  secret: bench\n' > reg/config.yml
  printf '[[registry]]\nlocation = \"127.0.0.1:$PORT\"\ninsecure = true\n' > reg/registries.conf"
as_user "setsid /usr/bin/docker-registry serve '$BW/reg/config.yml' >'$BW/reg/log' 2>&1 </dev/null & echo \$! > '$BW/reg/pid'"
stop_registry() { kill "$(cat "$BW/reg/pid")" 2>/dev/null || true; bench_cleanup; }
trap stop_registry EXIT
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$PORT/v2/" >/dev/null 2>&1 && break; sleep 0.1; done

# The image: 5 layers of 20 MB random + 20 MB text each, pushed by skopeo (gzip layers).
make_bench_archive
as_user "skopeo copy -q --insecure-policy --dest-tls-verify=false docker-archive:bench.tar docker://127.0.0.1:$PORT/bench:latest"
IMG="127.0.0.1:$PORT/bench:latest"
ENVS="CONTAINERS_REGISTRIES_CONF='$BW/reg/registries.conf'"
SIZE=$(du -sm "$BW/reg/data" | cut -f1)

as_user "export $ENVS; hyperfine --style basic --runs $RUNS --export-markdown '$BW/pull.md' \
  --prepare \"'$CTR' --root '$BW/store' unshare rm -rf '$BW/store' 2>/dev/null || true\" \
  -n 'ctr pull' \"'$CTR' --root '$BW/store' pull -q $IMG\" \
  --prepare 'podman system reset -f >/dev/null 2>&1 || true' \
  -n 'podman pull' 'podman pull -q $IMG' \
  --prepare 'rm -rf skodir' \
  -n 'skopeo copy dir: (download only)' 'skopeo copy -q --insecure-policy --src-tls-verify=false docker://$IMG dir:skodir'"

rss() { as_user "export $ENVS; $1; /usr/bin/time -f %M $2 2>&1 >/dev/null | tail -n 1"; }
R_CTR=$(rss "'$CTR' --root '$BW/store' unshare rm -rf '$BW/store' 2>/dev/null || true" "'$CTR' --root '$BW/store' pull -q $IMG")
R_POD=$(rss "podman system reset -f >/dev/null 2>&1 || true" "podman pull -q $IMG")
R_SKO=$(rss "rm -rf skodir" "skopeo copy -q --insecure-policy --src-tls-verify=false docker://$IMG dir:skodir")

# Where the time goes, one stage at a time (ctr overlaps them).
as_user "set -e; rm -rf skodir; skopeo copy -q --insecure-policy --src-tls-verify=false docker://$IMG dir:skodir; mkdir -p stage"
LAYERS=$(as_user "cd skodir; for f in *; do case \$f in manifest.json|version) ;; *) [ \$(stat -c %s \$f) -gt 100000 ] && echo \$f;; esac; done")
t() { local s e; s=$(date +%s.%N); as_user "$1" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
T_NET=$(t "for l in $(echo $LAYERS); do curl -fsS -o /dev/null http://127.0.0.1:$PORT/v2/bench/blobs/sha256:\$l; done")
T_INF=$(t "cd skodir; for l in $(echo $LAYERS); do gzip -dc \$l > /dev/null; done")
as_user "cd skodir; for l in $(echo $LAYERS); do gzip -dc \$l > ../stage/\$l.tar; done"
T_TAR=$(t "cd stage; for l in *.tar; do mkdir -p x; tar -xf \$l -C x; rm -rf x; done")
as_user "rm -rf stage skodir"
{
  echo "# ctr pull: 5 layers, ${SIZE} MB in the registry, loopback docker-registry ($(date -u +%F), $(nproc) cores)"
  echo
  cat "$BW/pull.md"
  echo
  echo "| command | peak RSS (KiB) |"
  echo "|:---|---:|"
  echo "| ctr pull | $R_CTR |"
  echo "| podman pull | $R_POD |"
  echo "| skopeo copy dir: | $R_SKO |"
  echo
  echo "Stages run one after another by hand (ctr runs them overlapped, all layers at once):"
  echo
  echo "| stage | seconds |"
  echo "|:---|---:|"
  echo "| network: curl every layer blob to /dev/null | $T_NET |"
  echo "| inflate: gzip -dc every layer | $T_INF |"
  echo "| untar: tar -xf every layer | $T_TAR |"
} | tee "$RESULTS/pull.md"
