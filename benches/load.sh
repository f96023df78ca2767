#!/bin/bash
# `ctr load` of a docker-archive with 5 layers (~200 MB, random and compressible data
# mixed) side by side with `podman load` and `skopeo copy ... containers-storage:`:
# wall time (hyperfine, one run) and peak RSS (/usr/bin/time). Results: benches/results/load.md
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-5}

# The archive, made by hand in the docker-archive format: <layer>.tar, config, manifest.json.
make_bench_archive
SIZE=$(du -m "$BW/bench.tar" | cut -f1)

as_user "hyperfine --style basic --runs $RUNS --export-markdown '$BW/load.md' \
  --prepare \"'$CTR' --root '$BW/store' unshare rm -rf '$BW/store' 2>/dev/null || true\" \
  -n 'ctr load' \"'$CTR' --root '$BW/store' load -i bench.tar\" \
  --prepare 'podman system reset -f >/dev/null 2>&1 || true' \
  -n 'podman load' 'podman load -q -i bench.tar' \
  --prepare 'podman system reset -f >/dev/null 2>&1 || true' \
  -n 'skopeo copy' 'skopeo copy -q docker-archive:bench.tar containers-storage:localhost/bench:latest'"

rss() { as_user "$1; /usr/bin/time -f %M $2 2>&1 >/dev/null | tail -n 1"; }
R_CTR=$(rss "'$CTR' --root '$BW/store' unshare rm -rf '$BW/store' 2>/dev/null || true" "'$CTR' --root '$BW/store' load -i bench.tar")
R_POD=$(rss "podman system reset -f >/dev/null 2>&1 || true" "podman load -q -i bench.tar")
R_SKO=$(rss "podman system reset -f >/dev/null 2>&1 || true" "skopeo copy -q docker-archive:bench.tar containers-storage:localhost/bench:latest")
{
  echo "# ctr load: docker-archive, 5 layers, ${SIZE} MB ($(date -u +%F), $(nproc) cores)"
  echo
  cat "$BW/load.md"
  echo
  echo "| command | peak RSS (KiB) |"
  echo "|:---|---:|"
  echo "| ctr load | $R_CTR |"
  echo "| podman load | $R_POD |"
  echo "| skopeo copy | $R_SKO |"
} | tee "$RESULTS/load.md"
