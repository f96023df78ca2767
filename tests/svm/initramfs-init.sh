#!/bin/busybox sh
# PID 1 of the svm initramfs: load the virtio modules, mount the root disk (/dev/vda), put
# run.sh's payload (/ctr-svm, appended to the initramfs) at /var/lib/ctr-svm/payload,
# install the .debs it carries (as `dpkg -i` in the root, before systemd starts, so the
# system and user managers see the package at their first start, generators included),
# then switch_root to systemd.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
fail() { echo "svm: initramfs: $*"; echo "CTR_SVM_EXIT=98"; poweroff -f; }
for m in $(cat /modules.list); do insmod /lib/modules/$m.ko || echo "svm: initramfs: insmod $m failed"; done
i=0
while [ ! -b /dev/vda ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
mount -t ext4 -o rw,noatime /dev/vda /newroot || fail "cannot mount /dev/vda"
if [ -d /ctr-svm ]; then
  rm -rf /newroot/var/lib/ctr-svm/payload
  mkdir -p /newroot/var/lib/ctr-svm
  cp -a /ctr-svm /newroot/var/lib/ctr-svm/payload
  if ls /ctr-svm/debs/*.deb >/dev/null 2>&1; then
    mount --bind /dev /newroot/dev
    mount -t proc proc /newroot/proc
    t0=$(cut -d' ' -f1 /proc/uptime)
    debs=
    for d in /ctr-svm/debs/*.deb; do debs="$debs /var/lib/ctr-svm/payload/debs/${d##*/}"; done
    if chroot /newroot /usr/bin/env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      dpkg -i $debs > /newroot/var/lib/ctr-svm/dpkg.log 2>&1; then
      echo "svm: installed $(cd /ctr-svm/debs && ls *.deb | tr '\n' ' ')(dpkg -i ${t0}s -> $(cut -d' ' -f1 /proc/uptime)s uptime)"
    else
      echo "svm: dpkg -i failed:"; sed 's/^/svm:   /' /newroot/var/lib/ctr-svm/dpkg.log
    fi
    umount /newroot/proc
    umount /newroot/dev
  fi
fi
umount /proc /sys
mount --move /dev /newroot/dev
exec switch_root /newroot /sbin/init
