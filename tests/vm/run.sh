#!/bin/bash
# Boots a throw-away VM with a pure cgroup v2 hierarchy (QEMU TCG: KVM does not work on
# these hosts) and runs tests/vm/vm-user.sh there as an unprivileged user with a delegated
# subtree: ctr's resource limits, enforced for real. Run as root; `tests/vm/setup.sh` first.
# Usage: tests/vm/run.sh CTR_BINARY
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CTR=${1:?usage: tests/vm/run.sh CTR_BINARY}
W=${CTR_VM_DIR:-/var/tmp/ctr-vm}
[ -f "$W/vmlinuz" ] && [ -f "$W/overlay.ko" ] || { echo "tests/vm/setup.sh has not run (no $W/vmlinuz, $W/overlay.ko)" >&2; exit 2; }
T=$(mktemp -d); trap 'rm -rf -- "$T"' EXIT
R=$T/root; mkdir -p $R/bin $R/usr/local/bin $R/etc $R/tmp $R/proc $R/sys $R/dev
cp /bin/busybox $R/bin/busybox
install -m 0755 "$CTR" $R/usr/local/bin/ctr
# The docker CLI (a static binary) for `docker update` through ctr's service, when here.
D=$(command -v docker || true)
if [ -n "$D" ] && ! ldd "$D" >/dev/null 2>&1; then install -m 0755 "$D" $R/usr/local/bin/docker; fi
# newuidmap/newgidmap keep their setuid bit; every shared library ctr and they need.
install -m 4755 /usr/bin/newuidmap /usr/bin/newgidmap $R/usr/local/bin/
for lib in $( (ldd "$CTR"; ldd /usr/bin/newuidmap) | grep -o '/[^ ]*\.so[^ ]*' | sort -u); do
  mkdir -p "$R$(dirname "$lib")"; cp -L "$lib" "$R$lib"
done
printf 'root:x:0:0::/root:/bin/sh\ntester:x:1000:1000::/tmp/home:/bin/sh\n' > $R/etc/passwd
printf 'root:x:0:\ntester:x:1000:\n' > $R/etc/group
echo 'tester:100000:65536' > $R/etc/subuid; cp $R/etc/subuid $R/etc/subgid
cp $W/overlay.ko $R/overlay.ko; cp $HERE/init.sh $R/init; cp $HERE/vm-test.sh $HERE/vm-user.sh $R/; chmod +x $R/init
# The container image: busybox-static plus the two test programs.
I=$T/img; mkdir -p $I/bin $I/etc $I/tmp
cp /bin/busybox $I/bin/; for a in sh echo sleep true cat seq; do ln -s busybox $I/bin/$a; done
gcc -static -O2 -o $I/bin/hog $HERE/hog.c; gcc -static -O2 -o $I/bin/spin $HERE/spin.c
echo 'root:x:0:0:root:/root:/bin/sh' > $I/etc/passwd; chmod 1777 $I/tmp
tar -C $I -cf $R/img.tar .
(cd $R && find . | busybox cpio -o -H newc -R 0:0 2>/dev/null | gzip) > $T/initrd
timeout ${CTR_VM_TIMEOUT:-600} qemu-system-x86_64 -accel tcg -m ${CTR_VM_MEM:-1024} -smp 2 -nodefaults -no-user-config \
  -display none -serial stdio -no-reboot -kernel $W/vmlinuz -initrd $T/initrd -append "console=ttyS0 quiet panic=-1" | tee $T/log
rc=$(sed -n 's/.*CTR_VM_EXIT=\([0-9]*\).*/\1/p' $T/log | tail -1)
exit ${rc:-99}
