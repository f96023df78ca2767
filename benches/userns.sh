#!/bin/bash
# What a user namespace mode costs `ctr run --rm`: the default (the pause namespace),
# --userns keep-id, nomap, auto and --uidmap, side by side with podman's default and
# keep-id, in one hyperfine run; then keep-id's first run (the layer copy for its map made,
# the copies emptied before each run) against later ones (the copy reused).
# Results: benches/results/userns.md
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-30}

make_bb_image

R="'$CTR' --root '$BW/store' run --rm --network none"
as_user "$R --userns keep-id bb true && $R --userns nomap bb true && $R --userns auto bb true && $R --uidmap 0:1:4000 bb true"
as_user "hyperfine -N --style basic --warmup 3 --runs $RUNS --export-json '$BW/run.json' \
  -n 'ctr run --rm' \"$R bb true\" \
  -n 'ctr run --rm --userns keep-id' \"$R --userns keep-id bb true\" \
  -n 'ctr run --rm --userns nomap' \"$R --userns nomap bb true\" \
  -n 'ctr run --rm --userns auto' \"$R --userns auto bb true\" \
  -n 'ctr run --rm --uidmap 0:1:4000' \"$R --uidmap 0:1:4000 bb true\" \
  -n 'podman run --rm' 'podman run --rm --network none localhost/bb true' \
  -n 'podman run --rm --userns keep-id' 'podman run --rm --network none --userns keep-id localhost/bb true'"

# keep-id's first run makes the copy of the image's layer for its map; later runs reuse it.
as_user "hyperfine -N --style basic --warmup 2 --runs $RUNS --export-json '$BW/first.json' \
  --prepare \"'$CTR' --root '$BW/store' unshare rm -rf '$BW/store/idmapped-layers'\" \
  -n 'ctr run --rm --userns keep-id, layer copy made' \"$R --userns keep-id bb true\" \
  --prepare true -n 'ctr run --rm --userns keep-id, copy reused' \"$R --userns keep-id bb true\""

{
  echo "# user namespace modes: their cost to \`ctr run --rm\` ($(date -u +%F), $(nproc) cores, rootless user)"
  echo
  echo "busybox-static image (one 2 MB layer); ratios are of medians."
  echo
  table "$BW/run.json"
  echo
  table "$BW/first.json"
} | tee "$RESULTS/userns.md"
