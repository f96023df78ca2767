#!/bin/bash
# `ctr images` with 200 images, side by side with `podman images` on the same 200 images.
# Results: benches/results/images.md
source "$(dirname "$0")/lib.sh"
N=${N:-200}
as_user "set -e; mkdir -p r; for i in \$(seq $N); do
    echo \$i > r/id; tar -C r -cf img\$i.tar id
    '$CTR' --root '$BW/store' import img\$i.tar img\$i:latest >/dev/null
    podman import -q img\$i.tar localhost/img\$i:latest >/dev/null
  done; rm -f img*.tar"
as_user "hyperfine -N --style basic --warmup 3 --runs 20 --export-markdown '$BW/images.md' \
  -n 'ctr images' \"'$CTR' --root '$BW/store' images\" \
  -n 'podman images' 'podman images'"
{
  echo "# ctr images with $N images ($(date -u +%F), $(nproc) cores)"
  echo
  cat "$BW/images.md"
} | tee "$RESULTS/images.md"
