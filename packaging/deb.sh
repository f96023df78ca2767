#!/bin/bash
# Builds the Debian package of ctr with dpkg-deb: target/ctr_<version>_amd64.deb.
#   packaging/deb.sh [CTR_BINARY]    (default: `cargo build --release` and its binary)
# Prints the .deb's path. Install it with `sudo apt-get install ./target/ctr_*.deb`
# (apt pulls in the dependencies) or `sudo dpkg -i`.
#
# Contents: /usr/bin/ctr (stripped), the man pages (gzipped), the bash/zsh/fish completions
# in Debian's places, the systemd user units (ctr.socket, ctr.service,
# ctr-restart.service) in /usr/lib/systemd/user, and the Quadlet generators, links to
# /usr/bin/ctr. Nothing is enabled or started by the package.
#
# Debian's containerd (which docker.io depends on) ships its own debug client as
# /usr/bin/ctr, with bash and zsh completions of the same names. The package diverts those
# three files of containerd's to *.containerd (dpkg-divert --rename, preinst) and gives them
# back on removal (postrm), so both packages install side by side.
# Env: CTR_DEB_MAINTAINER ("Name <mail>"), SOURCE_DATE_EPOCH (file times; default: the
# last commit's time).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
[ -n "$VERSION" ] || { echo "deb.sh: no version in Cargo.toml" >&2; exit 1; }
ARCH=amd64   # the binary is built for x86_64-unknown-linux-gnu (.cargo/config.toml)
MAINTAINER=${CTR_DEB_MAINTAINER:-$(git log -1 --format='%an <%ae>' 2> /dev/null || true)}
MAINTAINER=${MAINTAINER:-ctr maintainers <root@localhost>}
BIN=${1:-}
if [ -z "$BIN" ]; then
  cargo build --release --quiet
  BIN=target/x86_64-unknown-linux-gnu/release/ctr
fi
# Set only after the build: some build scripts (ring, zstd-sys) rebuild when it changes.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2> /dev/null || date +%s)}
[ -x "$BIN" ] || { echo "deb.sh: no executable $BIN" >&2; exit 1; }
OUT=target/ctr_${VERSION}_${ARCH}.deb

S=$(mktemp -d "${TMPDIR:-/tmp}/ctr-deb.XXXXXX")
trap 'rm -rf -- "$S"' EXIT
R=$S/root
umask 022

# The binary, stripped as dh_strip does (the release build keeps line tables).
install -D -m 0755 "$BIN" "$R/usr/bin/ctr"
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$R/usr/bin/ctr"
install -d "$R/usr/share/man/man1"
for m in man/*.1; do gzip -9n < "$m" > "$R/usr/share/man/man1/$(basename "$m").gz"; done
install -D -m 0644 completions/ctr.bash "$R/usr/share/bash-completion/completions/ctr"
install -D -m 0644 completions/_ctr "$R/usr/share/zsh/vendor-completions/_ctr"
install -D -m 0644 completions/ctr.fish "$R/usr/share/fish/vendor_completions.d/ctr.fish"
install -d "$R/usr/lib/systemd/user"
install -m 0644 packaging/systemd/ctr.socket packaging/systemd/ctr.service packaging/systemd/ctr-restart.service \
  "$R/usr/lib/systemd/user/"
# Quadlet: ctr acts as the generator when called by these names. Relative links, as
# Debian policy (10.5) wants within /usr.
install -d "$R/usr/lib/systemd/user-generators" "$R/usr/lib/systemd/system-generators"
ln -s ../../../bin/ctr "$R/usr/lib/systemd/user-generators/ctr-user-generator"
ln -s ../../../bin/ctr "$R/usr/lib/systemd/system-generators/ctr-system-generator"
# Non-PIE on purpose (.cargo/config.toml): the monitors, one per container, share the
# binary's pages clean instead of each copying ~5 MB of relocated ones.
install -d "$R/usr/share/lintian/overrides"
echo 'ctr: hardening-no-pie [usr/bin/ctr]' > "$R/usr/share/lintian/overrides/ctr"
D=$R/usr/share/doc/ctr
install -d "$D"
cat > "$D/copyright" << EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: ctr
Comment: ctr is statically linked with Rust crates (see Cargo.lock in the source) under
 their own licenses, mostly MIT and/or Apache-2.0, and with SQLite (public domain).

Files: *
Copyright: the ctr developers
License: none-declared
 The project's Cargo.toml declares no license yet.
EOF
{
  echo "ctr ($VERSION) unstable; urgency=medium"
  echo
  echo "  * Built from $(git describe --always --dirty 2> /dev/null || echo 'an unknown commit')."
  echo
  echo " -- $MAINTAINER  $(date -R -u -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$D/changelog.gz"

# Depends: the shared libraries the binary links, with the versions its symbols need
# (dpkg-shlibdeps reads the installed libraries' symbols files, as a debian/rules would).
if command -v dpkg-shlibdeps > /dev/null; then
  mkdir -p "$S/debian"
  printf 'Source: ctr\n\nPackage: ctr\nArchitecture: %s\n' "$ARCH" > "$S/debian/control"
  SHLIBS=$(cd "$S" && dpkg-shlibdeps -O -e root/usr/bin/ctr 2> /dev/null | sed -n 's/^shlibs:Depends=//p')
else
  # Without dpkg-dev: glibc at the newest symbol version the binary uses.
  GLIBC=$(objdump -T "$R/usr/bin/ctr" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1)
  SHLIBS="libc6 (>= $GLIBC)"
  if objdump -p "$R/usr/bin/ctr" | grep -q 'NEEDED.*libgcc_s'; then SHLIBS="$SHLIBS, libgcc-s1"; fi
fi
[ -n "$SHLIBS" ] || { echo "deb.sh: could not compute the shared library dependencies" >&2; exit 1; }

# Installed-Size as dpkg-gencontrol counts it: KiB per file rounded up, 1 per other entry.
SIZE=$(find "$R" -mindepth 1 \( -type f -printf '%s\n' \) -o \( ! -type f -printf '0\n' \) \
  | awk '{ n += ($1 == 0) ? 1 : int(($1 + 1023) / 1024) } END { print n }')
mkdir -p "$R/DEBIAN"
cat > "$R/DEBIAN/control" << EOF
Package: ctr
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $SIZE
Depends: $SHLIBS, uidmap, slirp4netns | passt
Recommends: dbus-user-session, nftables
Suggests: docker-compose, runc | crun
Section: admin
Priority: optional
Description: rootless, daemonless container engine
 ctr runs OCI containers as an unprivileged user, the way podman does, in
 one binary and without a daemon: images from any OCI registry, Dockerfile
 builds, volumes, rootless networking through slirp4netns or pasta, and
 resource limits through a delegated cgroup v2 subtree.
 .
 It also serves the Docker Engine API on demand (the systemd user socket
 ctr.socket), so the docker CLI, docker-compose and docker-py work with it.
EOF
(cd "$R" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) > "$R/DEBIAN/md5sums"
DIVERTED="/usr/bin/ctr /usr/share/bash-completion/completions/ctr /usr/share/zsh/vendor-completions/_ctr"
cat > "$R/DEBIAN/preinst" << EOF
#!/bin/sh
# containerd's own /usr/bin/ctr and its completions become *.containerd while ctr is installed.
set -e
if [ "\$1" = install ] || [ "\$1" = upgrade ]; then
  for f in $DIVERTED; do
    dpkg-divert --package ctr --add --rename --divert "\$f.containerd" "\$f" > /dev/null
  done
fi
EOF
cat > "$R/DEBIAN/postrm" << EOF
#!/bin/sh
# Gives containerd's ctr files their names back.
set -e
if [ "\$1" = remove ] || [ "\$1" = abort-install ] || [ "\$1" = disappear ]; then
  for f in $DIVERTED; do
    dpkg-divert --package ctr --remove --rename --divert "\$f.containerd" "\$f" > /dev/null
  done
fi
EOF
chmod 0755 "$R/DEBIAN/preinst" "$R/DEBIAN/postrm"
chmod 0644 "$R/DEBIAN/control" "$R/DEBIAN/md5sums"
find "$R" -newermt "@$SOURCE_DATE_EPOCH" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkdir -p target
SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH dpkg-deb --root-owner-group -Zxz --build "$R" "$OUT" > /dev/null
echo "$OUT"
