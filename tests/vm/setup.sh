#!/bin/bash
# One-time (root, Debian 12): QEMU 10 from bookworm-backports (the same version as the
# preinstalled qemu-utils; bookworm's 7.2 would remove it) and Debian's cloud kernel,
# unpacked into $CTR_VM_DIR (default /var/tmp/ctr-vm). Idempotent.
set -euo pipefail
W=${CTR_VM_DIR:-/var/tmp/ctr-vm}
[ -f "$W/vmlinuz" ] && [ -f "$W/overlay.ko" ] && command -v qemu-system-x86_64 >/dev/null && exit 0
mkdir -p $W/apt/lists/partial $W/apt/archives/partial $W/k
K=/usr/share/keyrings/debian-archive-keyring.gpg
# This machine's own Debian mirror, as its apt sources name it.
M=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null | sed 's#/debian$##')
M=${M:-http://deb.debian.org}
cat > $W/apt/sources.list <<L
deb [signed-by=$K] $M/debian bookworm main
deb [signed-by=$K] $M/debian-security bookworm-security main
deb [signed-by=$K] $M/debian bookworm-backports main
L
A="-o DPkg::Lock::Timeout=600 -o Dir::Etc::sourcelist=$W/apt/sources.list -o Dir::Etc::sourceparts=- -o Dir::State::lists=$W/apt/lists -o Dir::Cache::archives=$W/apt/archives"
apt-get $A update -qq
DEBIAN_FRONTEND=noninteractive apt-get $A install -y -qq --no-install-recommends -t bookworm-backports qemu-system-x86 busybox-static gcc libc6-dev
KPKG=$(apt-cache $A depends linux-image-cloud-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
cd $W/k && rm -rf -- x ./*.deb && apt-get $A download -qq "$KPKG" && dpkg-deb -x ./*.deb x
cp x/boot/vmlinuz-* $W/vmlinuz
# overlay is a module in the cloud kernel: the VM loads it (busybox insmod).
cp "$(find x/lib/modules -name overlay.ko | head -n1)" $W/overlay.ko
rm -rf -- x ./*.deb
ls -l $W/vmlinuz
