#!/bin/bash
# Prepares a fresh Debian 12 machine (as root) for ctr: the packages it and its tests
# use, and an unprivileged user with subordinate ids and an XDG_RUNTIME_DIR.
# Idempotent. Usage: tests/setup-host.sh [USER]   (default user: ctrtest)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
CTR_USER=${1:-${CTR_USER:-ctrtest}}

if [ "$(id -u)" != 0 ]; then
  echo "tests/setup-host.sh must run as root (it installs packages and adds a user)" >&2
  exit 1
fi

PKGS="catatonit libseccomp-dev pkg-config gcc libc6-dev uidmap nftables busybox-static skopeo podman runc crun fuse-overlayfs slirp4netns passt hyperfine socat zstd time docker-registry apache2-utils openssl ca-certificates python3 python3-venv openssh-server"
# docker-compose 1.29 (tests/it/compose.rs) without its recommended docker.io: the tests
# drive it against ctr's API service, and a fresh machine needs no second engine for that.
PKGS_NO_RECOMMENDS="docker-compose"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
missing_nr=""
for p in $PKGS_NO_RECOMMENDS; do dpkg -s "$p" >/dev/null 2>&1 || missing_nr="$missing_nr $p"; done
if [ -n "$missing$missing_nr" ]; then
  apt-get update
  [ -z "$missing" ] || apt-get install -y -o DPkg::Lock::Timeout=600 $missing
  [ -z "$missing_nr" ] || apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=600 $missing_nr
fi

# No udev on these machines: rootless FUSE and tap devices need these (a desktop has 0666).
chmod 0666 /dev/fuse /dev/net/tun 2>/dev/null || true

id -u "$CTR_USER" >/dev/null 2>&1 || useradd -m -s /bin/bash "$CTR_USER"
grep -q "^$CTR_USER:" /etc/subuid || usermod --add-subuids 100000-165535 "$CTR_USER"
grep -q "^$CTR_USER:" /etc/subgid || usermod --add-subgids 100000-165535 "$CTR_USER"
# A supplementary group of the test user's (`--group-add keep-groups` keeps it).
getent group ctrshare >/dev/null || groupadd ctrshare
id -nG "$CTR_USER" | grep -qw ctrshare || usermod -aG ctrshare "$CTR_USER"
# The range real root's `--userns auto` containers use (podman's "containers" convention).
grep -q "^containers:" /etc/subuid || echo "containers:300000:65536" >> /etc/subuid
grep -q "^containers:" /etc/subgid || echo "containers:300000:65536" >> /etc/subgid
U=$(id -u "$CTR_USER")
install -d -m 0700 -o "$CTR_USER" -g "$CTR_USER" "/run/user/$U"   # no logind here
# podman, the reference the benches compare with: runc (crun refuses hybrid cgroups here)
# and cgroupfs (no systemd user session).
H=$(getent passwd "$CTR_USER" | cut -d: -f6)
install -d -o "$CTR_USER" -g "$CTR_USER" "$H/.config" "$H/.config/containers"
[ -f "$H/.config/containers/containers.conf" ] || {
  printf '[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n' > "$H/.config/containers/containers.conf"
  printf '[storage]\ndriver = "overlay"\n' > "$H/.config/containers/storage.conf"
  chown "$CTR_USER:" "$H/.config/containers/"*.conf
}
# docker-py (PyPI `docker`), the second real API client (tests/dockerpy/api_test.py, run by
# tests/it/dockerpy.rs as the user and as root): a world-readable virtualenv of Debian's python3.
DOCKERPY=/opt/ctr-dockerpy
DOCKERPY_VERSION=7.2.0
if ! "$DOCKERPY/bin/python" -c "import sys, docker; sys.exit(docker.__version__ != '$DOCKERPY_VERSION')" 2>/dev/null; then
  /usr/bin/python3 -m venv --clear "$DOCKERPY"
  "$DOCKERPY/bin/pip" install --quiet --disable-pip-version-check "docker==$DOCKERPY_VERSION"
fi
chmod -R a+rX "$DOCKERPY"
# kubernetes-validate (PyPI): `kube generate`'s YAML checked against the Kubernetes schemas,
# offline (tests/it/kube.rs); its own world-readable virtualenv.
KUBEVAL=/opt/ctr-kubeval
KUBEVAL_VERSION=1.37.0
if ! "$KUBEVAL/bin/kubernetes-validate" --version 2>/dev/null | grep -q "$KUBEVAL_VERSION"; then
  /usr/bin/python3 -m venv --clear "$KUBEVAL"
  "$KUBEVAL/bin/pip" install --quiet --disable-pip-version-check "kubernetes-validate==$KUBEVAL_VERSION"
fi
chmod -R a+rX "$KUBEVAL"
echo "host ready: user $CTR_USER (uid $U), XDG_RUNTIME_DIR=/run/user/$U"
