#!/bin/bash
# `ctr build` side by side with `podman build` (buildah inside podman), as the unprivileged
# user, on one context: a 10-instruction Dockerfile (FROM busybox, ENV, RUN, COPY of a 50 MB
# directory, WORKDIR, RUN, ENV, LABEL, EXPOSE, CMD). Both engines get the same busybox image
# first (imported into ctr, `ctr save`d, `podman load`ed), so FROM needs no network; RUN
# steps run with `--network none` in both.
#  1. cold build: `--no-cache` (podman: `--no-cache --layers`), every run from a store
#     holding only busybox (hyperfine --prepare removes the built image and its step
#     images and layers, untimed), so every layer is written and unpacked again;
#  2. fully cached rebuild: after one build, `build` again with the cache (podman:
#     `--layers`); one rebuild of each is checked to take all 9 steps from the cache and
#     give the same image id;
#  3. (untimed) one file of the context gets new content of the same size and its old mtime
#     back, then a build with the cache: is the COPY step run again or taken from the cache?
# Results: benches/results/build.md
source "$(dirname "$0")/lib.sh"
COLD_RUNS=${COLD_RUNS:-5}
WARM_RUNS=${WARM_RUNS:-10}
FILES=${FILES:-50} # 1 MB random files in the context's big/

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
T0=$(date +%s)
# The commit lib.sh just built (-dirty: src/ or Cargo files differ from it).
REV=$(cd "$TOP" && echo "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock || echo -dirty)")
C="'$CTR' --root '$BW/store'"
IMG=ctr-bench-build

# The same busybox image in both engines (ctr calls it docker.io/library/busybox, podman
# localhost/busybox: `FROM busybox` finds it locally in both).
busybox_in_both "$BW/store"

# The context: big/ ($FILES files of 1 MB random data) and the Dockerfile.
as_user "set -e; mkdir -p ctx/big
  for i in \$(seq -w 1 $FILES); do head -c 1M /dev/urandom > ctx/big/f\$i; done
  cat > ctx/Dockerfile <<'EOF'
FROM busybox
ENV A=1
RUN echo hi > /hi
COPY big/ /data/
WORKDIR /data
RUN ls > /list
ENV B=2
LABEL x=y
EXPOSE 80
CMD [\"sh\"]
EOF"

CTR_BUILD="'$CTR' --root '$BW/store' build --network none -t $IMG '$BW/ctx'"
CTR_COLD="'$CTR' --root '$BW/store' build --no-cache --network none -t $IMG '$BW/ctx'"
POD_BUILD="podman build --layers --network none -t $IMG '$BW/ctx'"
POD_COLD="podman build --no-cache --layers --network none -t $IMG '$BW/ctx'"

# Back to "busybox only": the built image, its step images, their layers and cache entries.
cat > "$BW/prep-ctr" <<EOS
#!/bin/sh
'$CTR' --root '$BW/store' rmi -f $IMG >/dev/null 2>&1
'$CTR' --root '$BW/store' image prune -f >/dev/null
EOS
cat > "$BW/prep-podman" <<EOS
#!/bin/sh
podman rmi -f $IMG >/dev/null 2>&1
podman image prune -f >/dev/null
EOS
chmod 0755 "$BW/prep-ctr" "$BW/prep-podman"

# One build of each first: both work, and what they print.
as_user "set -e; $CTR_COLD > ctr-first.log 2>&1 || { cat ctr-first.log >&2; exit 1; }
  $POD_COLD > podman-first.log 2>&1 || { cat podman-first.log >&2; exit 1; }"

# 1. Cold builds.
as_user "hyperfine -N --style basic --warmup 1 --runs $COLD_RUNS \
  --export-markdown '$BW/cold.md' --export-json '$BW/cold.json' \
  --prepare '$BW/prep-ctr' -n 'ctr build --no-cache' \"$CTR_COLD\" \
  --prepare '$BW/prep-podman' -n 'podman build --no-cache --layers' \"$POD_COLD\""

# 2. Fully cached rebuilds: one build with the cache first (kept as the reference), then
# the timed rebuilds, then one more rebuild whose output is checked.
as_user "set -e; $CTR_BUILD > ctr-ref.log 2>&1 || { cat ctr-ref.log >&2; exit 1; }
  $POD_BUILD > podman-ref.log 2>&1 || { cat podman-ref.log >&2; exit 1; }"
as_user "hyperfine -N --style basic --warmup 2 --runs $WARM_RUNS \
  --export-markdown '$BW/warm.md' --export-json '$BW/warm.json' \
  -n 'ctr build (cached)' \"$CTR_BUILD\" \
  -n 'podman build --layers (cached)' \"$POD_BUILD\""
as_user "$CTR_BUILD > ctr-rebuild.log 2>&1; echo \$? > ctr-rebuild.rc
  $POD_BUILD > podman-rebuild.log 2>&1; echo \$? > podman-rebuild.rc"

# Did the rebuild take every step from the cache, and give the same image?
check() { # NAME: "N/9 steps from the cache, same image id as the reference build: yes|no (ids)"
  local n ref now
  n=$(grep -c -- '^--> Using cache' "$BW/$1-rebuild.log" || true)
  ref=$(tail -n 1 "$BW/$1-ref.log"); now=$(tail -n 1 "$BW/$1-rebuild.log")
  printf '%s/9 steps from the cache, exit %s, same image id as the reference build: %s (%.12s, %.12s)' \
    "$n" "$(cat "$BW/$1-rebuild.rc")" "$([ "$ref" = "$now" ] && echo yes || echo no)" "$ref" "$now"
}
CHK_CTR=$(check ctr)
CHK_POD=$(check podman)

# 3. What the cache key sees: one file of big/ gets new content of the same size and its
# old mtime back (touch -r), then one more build with the cache. buildah hashes the
# content; a key made of file metadata (size, mtime, mode, ...) still matches.
F1=f$(seq -w 1 "$FILES" | head -n 1)
as_user "cp -p ctx/big/$F1 f.keep && head -c 1M /dev/urandom > ctx/big/$F1 && touch -r f.keep ctx/big/$F1 || exit 1
  $CTR_BUILD > ctr-stale.log 2>&1; echo \$? > ctr-stale.rc
  $POD_BUILD > podman-stale.log 2>&1; echo \$? > podman-stale.rc"
stale() { # NAME: what the COPY step did
  local what
  if grep -A1 '^STEP 4/10: COPY' "$BW/$1-stale.log" | tail -n 1 | grep -q -- '^--> Using cache'; then
    what='COPY taken from the cache (the image keeps the old content)'
  else
    what='COPY run again (the new content is in the image)'
  fi
  printf '%s; %s/9 steps from the cache, exit %s' "$what" \
    "$(grep -c -- '^--> Using cache' "$BW/$1-stale.log" || true)" "$(cat "$BW/$1-stale.rc")"
}
STALE_CTR=$(stale ctr)
STALE_POD=$(stale podman)

# Medians, ratios and the goals.
read -r COLD_CTR COLD_POD WARM_CTR WARM_POD < <(python3 -c "
import json
m = lambda f: [r['median'] * 1e3 for r in json.load(open(f))['results']]
c, w = m('$BW/cold.json'), m('$BW/warm.json')
print('%.1f %.1f %.1f %.1f' % (c[0], c[1], w[0], w[1]))")
ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }
COLD_RATIO=$(ratio "$COLD_POD" "$COLD_CTR")
WARM_RATIO=$(ratio "$WARM_POD" "$WARM_CTR")
yesno() { python3 -c "print('**met**' if $1 else '**not met**')"; }
G1=$(yesno "$WARM_CTR < 100")
G2=$(yesno "$WARM_POD / $WARM_CTR >= 10")
G3=$(yesno "$COLD_CTR <= $COLD_POD")

# Clean up what the bench built (lib.sh then removes the ctr store and podman's images).
as_user "$BW/prep-ctr; $BW/prep-podman; true"
T1=$(date +%s)

{
  echo "# ctr build vs podman build ($(date -u +%F))"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/^Mem:/{print $2}') GB RAM, kernel $(uname -r), ext4; rootless user $BENCH_USER; podman $(podman --version | awk '{print $3}') (buildah $(buildah --version 2>/dev/null | awk '{print $3}'), storage driver $(as_user "podman info --format '{{.Store.GraphDriverName}}'"), runtime $(as_user "podman info --format '{{.Host.OCIRuntime.Name}}'")); ctr $REV (release build); hyperfine $(hyperfine --version | awk '{print $2}')."
  echo
  echo "Load average when the bench started: $LOAD0 (shared machine: compare within a table, not across runs). Bench wall time: $((T1 - T0)) s (without the cargo build)."
  echo
  echo "Context: $FILES files of 1 MB random data in big/ and this Dockerfile (10 instructions); busybox is in both stores before the bench (imported into ctr, \`ctr save\`d, \`podman load\`ed), so FROM needs no network. Both engines run RUN steps with \`--network none\` (podman build's default network also works here; ctr's default, slirp4netns, too)."
  echo
  echo '```Dockerfile'
  cat "$BW/ctx/Dockerfile"
  echo '```'
  echo
  echo "## 1. Cold build (\`--no-cache\`), $COLD_RUNS runs each"
  echo
  echo "Each run starts from a store holding only busybox: hyperfine's \`--prepare\` (untimed) removes the built image and its step images (\`rmi -f\`, \`image prune -f\`), so the COPY layer is written and unpacked again each time."
  echo
  echo "- ctr: \`ctr --root STORE build --no-cache --network none -t $IMG CTX\`"
  echo "- podman: \`podman build --no-cache --layers --network none -t $IMG CTX\`"
  echo
  cat "$BW/cold.md"
  echo
  echo "Medians: ctr $COLD_CTR ms, podman $COLD_POD ms; podman / ctr = **$COLD_RATIO**."
  echo
  echo "## 2. Fully cached rebuild, $WARM_RUNS runs each (2 warmup)"
  echo
  echo "After one build with the cache, the same build again (all 9 steps after FROM cached)."
  echo
  echo "- ctr: \`ctr --root STORE build --network none -t $IMG CTX\`"
  echo "- podman: \`podman build --layers --network none -t $IMG CTX\`"
  echo
  cat "$BW/warm.md"
  echo
  echo "Medians: ctr $WARM_CTR ms, podman $WARM_POD ms; podman / ctr = **$WARM_RATIO**."
  echo
  echo "Checked after the timed runs, one more rebuild each:"
  echo
  echo "- ctr: $CHK_CTR"
  echo "- podman: $CHK_POD"
  echo
  echo "## 3. A changed file with its old mtime put back (touch -r)"
  echo
  echo "After the timed runs: big/$F1 gets 1 MB of new random data (same size) and its old mtime back (\`touch -r\`), then one more build with the cache (not timed):"
  echo
  echo "- ctr: $STALE_CTR"
  echo "- podman: $STALE_POD"
  echo
  echo "## Goals (issue 9)"
  echo
  echo "| goal | measured | |"
  echo "|:---|:---|:---|"
  echo "| cached rebuild under 100 ms | ctr median $WARM_CTR ms | $G1 |"
  echo "| cached rebuild at least 10x faster than podman's | podman / ctr = $WARM_RATIO | $G2 |"
  echo "| cold build no slower than podman's | ctr $COLD_CTR ms vs podman $COLD_POD ms (podman / ctr = $COLD_RATIO) | $G3 |"
  echo
  echo "## What each printed (cached rebuild, after the timed runs)"
  echo
  echo '```'
  echo "\$ ctr build --network none -t $IMG CTX"
  cat "$BW/ctr-rebuild.log"
  echo
  echo "\$ podman build --layers --network none -t $IMG CTX"
  cat "$BW/podman-rebuild.log"
  echo '```'
} | tee "$RESULTS/build.md"
