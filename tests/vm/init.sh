#!/bin/busybox sh
# PID 1 of the limits VM: pure cgroup v2, then /vm-test.sh; prints CTR_VM_EXIT=N and powers off.
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin:/sbin:/usr/sbin
# pivot_root (which container runtimes use) refuses the initramfs as the old root: move
# everything to a tmpfs and switch to it first.
if [ "$1" != stage2 ]; then
  mkdir -p /newroot && mount -t tmpfs -o size=80% root /newroot
  for d in bin usr lib lib64 etc init vm-test.sh vm-user.sh img.tar overlay.ko; do [ -e /$d ] && cp -a /$d /newroot/; done
  mkdir -p /newroot/proc /newroot/sys /newroot/dev /newroot/tmp
  exec switch_root /newroot /init stage2
fi
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mkdir -p /dev/pts /dev/shm && mount -t devpts devpts /dev/pts && mount -t tmpfs shm /dev/shm
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup
insmod /overlay.ko || echo "vm: insmod overlay failed"
echo "vm: kernel $(uname -r), cgroup controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
/bin/sh /vm-test.sh
rc=$?
echo "CTR_VM_EXIT=$rc"
sync
poweroff -f
