#!/bin/bash
# Prepares (as root, Debian 12) the real-systemd VM that tests/svm/run.sh boots: a
# debootstrapped Debian bookworm with systemd as PID 1, a lingering user `tester` whose
# user@1000.service delegates cgroups, and what ctr needs at run time baked in (uidmap,
# slirp4netns, passt, the docker CLI) and podman (Debian 12's 4.3.1, crun, conmon; the
# peer in the unit start-to-active timing). ctr itself is not in the image: run.sh installs the
# .deb of each build at boot, so this cache stays valid across builds. Idempotent.
#
# Cached in $CTR_SVM_DIR (default /var/tmp/ctr-svm):
#   vmlinuz, modules/      Debian's cloud kernel (the VM's kernel; modules go into the root)
#   initrd.cpio.gz         busybox initramfs: virtio modules, mount /dev/vda, payload, switch_root
#   debootstrap.tar        bookworm minbase + $PKGS (redone only when the list changes)
#   rootfs.img             raw ext4 of the customised root; run.sh boots qcow2 overlays of it
# Env: CTR_SVM_DIR, CTR_SVM_REBUILD=1 (rebuild rootfs.img from debootstrap.tar)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
W=${CTR_SVM_DIR:-/var/tmp/ctr-svm}
PKGS=systemd,systemd-sysv,udev,dbus,dbus-user-session,libpam-systemd,uidmap,slirp4netns,passt,nftables,iproute2,procps,kmod
# podman's Depends name a virtual package (container-network-stack) that debootstrap does
# not resolve: netavark provides it.
PKGS=$PKGS,podman,crun,conmon,catatonit,netavark,aardvark-dns,golang-github-containers-common,golang-github-containers-image
T0=$(date +%s)
say() { echo "svm: setup [$(($(date +%s) - T0))s] $*"; }
[ "$(id -u)" = 0 ] || { echo "tests/svm/setup.sh must run as root" >&2; exit 1; }
mkdir -p "$W/apt/lists/partial" "$W/apt/archives/partial"

# A private apt configuration on this machine's own Debian mirror (as its apt sources name
# it), with bookworm-backports for qemu.
KR=/usr/share/keyrings/debian-archive-keyring.gpg
MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$MIRROR" ] || MIRROR=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
MIRROR=${MIRROR:-http://deb.debian.org/debian}
MIRROR=${MIRROR%/}
BASE=${MIRROR%/debian}
cat > "$W/apt/sources.list" <<L
deb [signed-by=$KR] $BASE/debian bookworm main
deb [signed-by=$KR] $BASE/debian-security bookworm-security main
deb [signed-by=$KR] $BASE/debian bookworm-backports main
L
A=(-o DPkg::Lock::Timeout=600 -o APT::Sandbox::User=root -o "Dir::Etc::sourcelist=$W/apt/sources.list" -o Dir::Etc::sourceparts=-
  -o "Dir::State::lists=$W/apt/lists" -o "Dir::Cache::archives=$W/apt/archives")
export DEBIAN_FRONTEND=noninteractive
if [ ! -f "$W/apt/updated" ] || [ -n "$(find "$W/apt/updated" -mmin +720)" ]; then
  apt-get "${A[@]}" update -qq && touch "$W/apt/updated"
fi

# Host tools. qemu 10 from bookworm-backports: bookworm's 7.2 would remove the
# preinstalled qemu-utils 10 (tests/vm/setup.sh installs the same).
need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
command -v mke2fs >/dev/null || need+=(e2fsprogs)
command -v qemu-img >/dev/null || need+=(qemu-utils)
command -v gcc >/dev/null && [ -e /usr/lib/x86_64-linux-gnu/libc.a ] || need+=(gcc libc6-dev)
command -v file >/dev/null || need+=(file)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt-get "${A[@]}" install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if ! command -v qemu-system-x86_64 >/dev/null; then
  say "installing qemu-system-x86 from bookworm-backports"
  apt-get "${A[@]}" install -y -qq --no-install-recommends -t bookworm-backports qemu-system-x86 >/dev/null
fi

# The kernel: Debian's cloud kernel (virtio_blk is a module; ext4 is built in).
KPKG=$(apt-cache "${A[@]}" depends linux-image-cloud-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
[ -n "$KPKG" ] || { echo "svm: no linux-image-cloud-amd64 in the apt lists" >&2; exit 1; }
if [ ! -s "$W/vmlinuz" ] || [ "$(cat "$W/kernel.pkg" 2>/dev/null)" != "$KPKG" ]; then
  say "fetching $KPKG"
  K=$W/kernel.tmp
  rm -rf -- "$K" && mkdir -p "$K"
  (cd "$K" && apt-get "${A[@]}" download -qq "$KPKG" && dpkg-deb -x ./*.deb x)
  rm -rf -- "$W/modules"
  mkdir -p "$W/modules"
  cp -a "$K"/x/lib/modules/. "$W/modules/"
  cp "$K"/x/boot/vmlinuz-* "$W/vmlinuz"
  rm -rf -- "$K"
  echo "$KPKG" > "$W/kernel.pkg"
  rm -f "$W/initrd.cpio.gz" "$W/rootfs.img.stamp"
fi
KV=$(ls "$W/modules")

# The initramfs: busybox, tests/svm/initramfs-init.sh as /init (run.sh appends the current
# one), the virtio modules in the order they depend on each other (virtio before
# virtio_ring fails: "unknown symbol").
if [ ! -s "$W/initrd.cpio.gz" ]; then
  say "building the initramfs"
  I=$W/initrd.tmp
  rm -rf -- "$I" && mkdir -p "$I/bin" "$I/lib/modules" "$I/dev" "$I/proc" "$I/sys" "$I/newroot"
  cp /bin/busybox "$I/bin/busybox"
  install -m 0755 "$HERE/initramfs-init.sh" "$I/init"
  for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk; do
    f=$(find "$W/modules/$KV" -name "$m.ko*" | head -n 1)
    case $f in
      *.ko) cp "$f" "$I/lib/modules/$m.ko" ;;
      *.ko.xz) xz -dc "$f" > "$I/lib/modules/$m.ko" ;;
      *) continue ;;   # built into this kernel
    esac
    echo "$m" >> "$I/modules.list"
  done
  (cd "$I" && find . | busybox cpio -o -H newc -R 0:0 2>/dev/null | gzip -9) > "$W/initrd.cpio.gz"
  rm -rf -- "$I"
fi

# Stage 1: debootstrap, cached as a tarball.
if [ ! -s "$W/debootstrap.tar" ] || [ "$(cat "$W/debootstrap.pkgs" 2>/dev/null)" != "$PKGS" ]; then
  say "debootstrap bookworm (minbase + $PKGS) from $BASE/debian"
  D=$W/debootstrap.tmp
  rm -rf -- "$D"
  debootstrap --variant=minbase --include="$PKGS" bookworm "$D" "$BASE/debian" > "$W/debootstrap.log" 2>&1 \
    || { tail -n 20 "$W/debootstrap.log" >&2; exit 1; }
  rm -rf -- "$D"/var/cache/apt/archives/*.deb "$D"/var/lib/apt/lists/*_Packages
  tar -C "$D" --numeric-owner --xattrs --xattrs-include='*' -cf "$W/debootstrap.tar.new" .
  mv "$W/debootstrap.tar.new" "$W/debootstrap.tar"
  echo "$PKGS" > "$W/debootstrap.pkgs"
  rm -rf -- "$D" "$W/rootfs.img.stamp"
  say "debootstrap done"
fi

# Stage 2: the customised root as an ext4 image, rebuilt when this script, the runner
# unit, the package list, the kernel or the docker CLI change.
DOCKER=/usr/local/bin/docker
STAMP=$( (cat "$0" "$W/debootstrap.pkgs" "$W/kernel.pkg"; ls -l "$DOCKER" 2>/dev/null) | sha256sum | cut -c1-16)
if [ "${CTR_SVM_REBUILD:-0}" = 1 ] || [ ! -s "$W/rootfs.img" ] || [ "$(cat "$W/rootfs.img.stamp" 2>/dev/null)" != "$STAMP" ]; then
  say "building rootfs.img"
  D=$W/rootfs.tmp
  rm -rf -- "$D" && mkdir -p "$D"
  tar -C "$D" --numeric-owner --xattrs --xattrs-include='*' -xpf "$W/debootstrap.tar"
  # The kernel's modules (overlay, tun, ...); the host may lack depmod, the root has it.
  mkdir -p "$D/usr/lib/modules" && cp -a "$W/modules/$KV" "$D/usr/lib/modules/"
  chroot "$D" depmod "$KV"
  echo ctr-svm > "$D/etc/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\tctr-svm\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$D/etc/hosts"
  : > "$D/etc/resolv.conf"                          # debootstrap copied the host's
  echo '# no network in this VM: tests/svm/setup.sh bakes the packages in' > "$D/etc/apt/sources.list"
  printf '/dev/vda / ext4 rw,noatime 0 1\n' > "$D/etc/fstab"
  echo LANG=C.UTF-8 > "$D/etc/default/locale"       # else pam_env warns on every session
  od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > "$D/etc/machine-id" && echo >> "$D/etc/machine-id"
  # The unprivileged user: subordinate ids, lingering (loginctl enable-linger), so its
  # user manager runs from boot with the controllers bookworm's user@.service delegates
  # (Delegate=pids memory cpu).
  chroot "$D" useradd -m -u 1000 -U -s /bin/bash tester
  for f in subuid subgid; do
    sed -i '/^tester:/d' "$D/etc/$f" && echo 'tester:100000:65536' >> "$D/etc/$f"
  done
  mkdir -p "$D/var/lib/systemd/linger" && : > "$D/var/lib/systemd/linger/tester"
  # Scenarios read what the user manager logged about their units (journalctl as tester).
  chroot "$D" usermod -a -G systemd-journal tester
  # The docker CLI: a static Go binary on these hosts (no Debian package needed).
  if [ -x "$DOCKER" ]; then
    file "$DOCKER" | grep -q 'statically linked' || echo "svm: warning: $DOCKER is not static; it may not run in the VM" >&2
    install -m 0755 "$DOCKER" "$D/usr/local/bin/docker"
  else
    echo "svm: warning: no $DOCKER on this host; scenarios using the docker CLI will fail" >&2
  fi
  # The payload runner: after boot, /var/lib/ctr-svm/payload/boot.sh (put there by the
  # initramfs from run.sh's payload) runs the scenarios, its output on the serial line.
  # Type=simple so that the boot "finishes" (a oneshot start job would wait for itself).
  cat > "$D/etc/systemd/system/ctr-svm-runner.service" <<'U'
[Unit]
Description=ctr VM test payload (tests/svm)
After=multi-user.target
ConditionPathExists=/var/lib/ctr-svm/payload/boot.sh

[Service]
Type=simple
ExecStart=/bin/bash /var/lib/ctr-svm/payload/boot.sh
StandardInput=null
StandardOutput=tty
StandardError=inherit
TTYPath=/dev/ttyS0

[Install]
WantedBy=multi-user.target
U
  ln -sf /etc/systemd/system/ctr-svm-runner.service "$D/etc/systemd/system/multi-user.target.wants/ctr-svm-runner.service"
  # Nothing useful in a throw-away VM, and slow under TCG.
  for u in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer \
    getty@tty1.service serial-getty@ttyS0.service systemd-timesyncd.service man-db.timer; do
    ln -sf /dev/null "$D/etc/systemd/system/$u"
  done
  ln -sf /lib/systemd/system/multi-user.target "$D/etc/systemd/system/default.target"  # Debian's is graphical
  # ConditionNeedsUpdate=/etc,/var would run ldconfig & co. on every fresh overlay.
  touch "$D/etc/.updated" "$D/var/.updated"
  rm -f "$W/rootfs.img.new"
  mke2fs -q -t ext4 -L ctrsvm -E lazy_itable_init=1,lazy_journal_init=1 -d "$D" "$W/rootfs.img.new" 4G > /dev/null
  mv "$W/rootfs.img.new" "$W/rootfs.img"
  echo "$STAMP" > "$W/rootfs.img.stamp"
  rm -rf -- "$D"
  say "rootfs.img built ($(du -h "$W/rootfs.img" | cut -f1) used of 4G)"
fi
say "ready ($W)"
