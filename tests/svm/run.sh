#!/bin/bash
# Boots the real-systemd VM (tests/svm/setup.sh first) with the ctr .deb installed and runs
# scenario scripts in it as the user tester, inside tester's systemd user manager.
#
#   tests/svm/run.sh CTR_DEB SCENARIO... [--reboot SCENARIO...]...
#
# Boots once and runs the scenarios in order (one PASS/FAIL line each). Each `--reboot`
# powers the VM off and boots it again from the same disk, which keeps what the earlier
# boots wrote (a qcow2 overlay of the cached image, thrown away when run.sh ends), and runs
# the scenarios after it there. The .deb is installed at the first boot only.
# Exit status: the number of failed scenarios (a boot without a result counts as one).
# Env: CTR_SVM_DIR (/var/tmp/ctr-svm), CTR_SVM_MEM (MiB, 2048), CTR_SVM_TIMEOUT (s per
# boot, 900), CTR_SVM_SCENARIO_TIMEOUT (s per scenario, 300), CTR_SVM_LOG (keep the
# console logs: FILE.1, FILE.2, ...).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
W=${CTR_SVM_DIR:-/var/tmp/ctr-svm}
usage() { sed -n '4p' "$0" | sed 's/^# *//' >&2; exit 2; }
[ $# -ge 2 ] || usage
DEB=$1
shift
[ -f "$DEB" ] || { echo "svm: no such .deb: $DEB" >&2; exit 2; }
for f in vmlinuz initrd.cpio.gz rootfs.img; do
  [ -s "$W/$f" ] || { echo "svm: $W/$f missing: run tests/svm/setup.sh first" >&2; exit 2; }
done

T=$(mktemp -d /tmp/ctr-svm.XXXXXX)
trap 'rm -rf -- "$T"' EXIT
trap 'exit 130' INT TERM

# The test image: busybox-static, and the static memory hog of the cgroup VM test.
I=$T/img
mkdir -p "$I/bin" "$I/etc" "$I/tmp"
cp /bin/busybox "$I/bin/busybox"
for a in $("$I/bin/busybox" --list); do [ "$a" = busybox ] || ln -s busybox "$I/bin/$a"; done
gcc -static -O2 -o "$I/bin/hog" "$HERE/../vm/hog.c"
echo 'root:x:0:0:root:/root:/bin/sh' > "$I/etc/passwd"
chmod 1777 "$I/tmp"
tar -C "$I" -cf "$T/img.tar" .

# Split the scenarios into boots.
boots=1
declare -A list=()
for a in "$@"; do
  if [ "$a" = --reboot ]; then
    boots=$((boots + 1))
    continue
  fi
  [ -f "$a" ] || { echo "svm: no such scenario: $a" >&2; exit 2; }
  list[$boots]="${list[$boots]:-} $a"
done

qemu-img create -q -f qcow2 -F raw -b "$W/rootfs.img" "$T/disk.qcow2"
export TMPDIR=$T
failed=0
for b in $(seq "$boots"); do
  # The payload: appended to the initramfs, copied to /var/lib/ctr-svm/payload at boot.
  P=$T/payload$b/ctr-svm
  mkdir -p "$P/scenarios"
  echo "$b" > "$P/boot"
  # The current /init, over the cached initramfs's (a later cpio entry wins).
  install -m 0755 "$HERE/initramfs-init.sh" "$T/payload$b/init"
  install -m 0755 "$HERE/boot.sh" "$P/boot.sh"
  install -m 0644 "$HERE/lib.sh" "$T/img.tar" "$P/"
  n=0
  for s in ${list[$b]:-}; do
    n=$((n + 1))
    install -m 0755 "$s" "$P/scenarios/$(printf %02d $n)-$(basename "$s")"
  done
  if [ "$b" = 1 ]; then
    mkdir -p "$P/debs"
    cp "$DEB" "$P/debs/"
  fi
  chmod -R a+rX "$P"
  cp "$W/initrd.cpio.gz" "$T/initrd"
  (cd "$T/payload$b" && find . | busybox cpio -o -H newc -R 0:0 2> /dev/null | gzip -1) >> "$T/initrd"
  t0=$(date +%s%N)
  timeout "${CTR_SVM_TIMEOUT:-900}" qemu-system-x86_64 -accel tcg -cpu max -m "${CTR_SVM_MEM:-2048}" -smp 2 \
    -nodefaults -no-user-config -display none -no-reboot -serial stdio \
    -kernel "$W/vmlinuz" -initrd "$T/initrd" \
    -append "console=ttyS0 quiet panic=-1 systemd.unified_cgroup_hierarchy=1" \
    -drive "file=$T/disk.qcow2,format=qcow2,if=virtio" < /dev/null \
    | sed -u 's/\r$//' | tee "$T/log$b" || true
  dt=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN{printf "%.1f", (b - a) / 1e9}')
  [ -z "${CTR_SVM_LOG:-}" ] || cp "$T/log$b" "$CTR_SVM_LOG.$b"
  rc=$(sed -n 's/^CTR_SVM_EXIT=\([0-9]*\).*/\1/p' "$T/log$b" | tail -n 1)
  if [ -z "$rc" ]; then
    echo "FAIL: boot $b: no result from the VM (timeout, panic, or the runner never started)"
    rc=1
  fi
  echo "svm: boot $b: ${dt}s from qemu start to power off, $rc failure(s)"
  failed=$((failed + rc))
done
[ $failed -le 100 ] || failed=100
exit $failed
