#!/bin/bash
# `ctr system df -v` on a store with 100 images (one shared base layer, one layer of their
# own each) and 100 containers, side by side with `podman system df -v` on the same
# content, in one run. Results: benches/results/df.md
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-10}
N=${N:-100}

# One docker-archive with N images: a shared busybox base layer + one small layer each.
as_user "set -e; mkdir -p arch/base/bin arch/base/etc; cd arch
  cp /bin/busybox base/bin/; for a in sh true sleep; do ln -s busybox base/bin/\$a; done
  echo 'root:x:0:0:root:/root:/bin/sh' > base/etc/passwd
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C base -cf base.tar .
  B=\$(sha256sum base.tar | cut -d' ' -f1)
  entries=''
  for i in \$(seq $N); do
    mkdir -p u\$i; echo \"image \$i\" > u\$i/id-\$i
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C u\$i -cf u\$i.tar .; rm -rf u\$i
    U=\$(sha256sum u\$i.tar | cut -d' ' -f1)
    printf '{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-01-01T00:00:00Z\",\"config\":{\"Cmd\":[\"sleep\",\"1000\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:%s\",\"sha256:%s\"]}}' \$B \$U > c.json
    C=\$(sha256sum c.json | cut -d' ' -f1); mv c.json \$C.json
    entries=\"\$entries\${entries:+,}{\\\"Config\\\":\\\"\$C.json\\\",\\\"RepoTags\\\":[\\\"df\$i:latest\\\"],\\\"Layers\\\":[\\\"base.tar\\\",\\\"u\$i.tar\\\"]}\"
  done
  echo \"[\$entries]\" > manifest.json
  tar -cf ../df.tar *.tar *.json; cd ..; rm -rf arch"

C="'$CTR' --root '$BW/store'"
as_user "set -e; $C load -i df.tar >/dev/null
  podman system reset -f >/dev/null 2>&1 || true
  podman load -q -i df.tar >/dev/null
  for i in \$(seq $N); do $C create --network none --name c\$i df\$i:latest >/dev/null; done
  for i in \$(seq $N); do podman create -q --network none --name c\$i localhost/df\$i:latest >/dev/null 2>&1 || podman create -q --network none --name c\$i df\$i:latest >/dev/null; done
  echo \"ctr: \$($C images -q | wc -l) images, \$($C ps -aq | wc -l) containers; podman: \$(podman images -q | wc -l) images, \$(podman ps -aq | wc -l) containers\""

as_user "hyperfine --style basic -N --warmup 2 --runs $RUNS --export-markdown '$BW/df.md' \
  -n 'ctr system df -v' \"$C system df -v\" \
  -n 'podman system df -v' 'podman system df -v' \
  -n 'ctr system df' \"$C system df\" \
  -n 'podman system df' 'podman system df'"
{
  echo "# system df: $N images sharing a base layer, $N containers ($(date -u +%F), $(nproc) cores)"
  echo
  cat "$BW/df.md"
} | tee "$RESULTS/df.md"
