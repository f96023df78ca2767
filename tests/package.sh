#!/bin/bash
# The Debian package, checked on this host (as root): its control data and contents, that
# apt resolves its dependencies (on this host, and from an empty system), then `dpkg -i`
# into the host's /usr, the installed files, a rootless `ctr run` as the test user with
# /usr/bin/ctr, and `dpkg -r` (also when a check fails). One PASS/FAIL line per check;
# exit status: the number of failures.
#   tests/package.sh [TEST_USER [CTR_DEB]]   (default: ctrtest, a fresh packaging/deb.sh)
set -uo pipefail
cd "$(dirname "$0")/.."
TEST_USER=${1:-ctrtest}
DEB=${2:-}
fails=0
ok() { echo "PASS: package: $*"; }
bad() {
  echo "FAIL: package: $*"
  fails=$((fails + 1))
}
[ "$(id -u)" = 0 ] || { echo "tests/package.sh must run as root (it installs the package)" >&2; exit 2; }
if [ -z "$DEB" ]; then
  DEB=$(packaging/deb.sh) || { echo "FAIL: package: packaging/deb.sh"; exit 1; }
fi
DEB=$(realpath "$DEB")
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
if [ "$(dpkg-query -W -f='${Status}' ctr 2> /dev/null)" = "install ok installed" ]; then
  echo "SKIP: package: a ctr package is already installed on this host; not replacing it"
  exit 0
fi

# Control data and contents.
field() { dpkg-deb -f "$DEB" "$1"; }
[ "$(field Package)" = ctr ] && [ "$(field Version)" = "$VERSION" ] && [ "$(field Architecture)" = amd64 ] \
  && ok "$(basename "$DEB"): ctr $VERSION amd64" || bad "control: $(field Package) $(field Version) $(field Architecture)"
dep=$(field Depends)
echo "package: Depends: $dep; Installed-Size: $(field Installed-Size) KiB; $(du -k "$DEB" | cut -f1) KiB"
case "$dep" in
  *"libc6 (>= "*uidmap*"slirp4netns | passt"*) ok "Depends on libc6 (>= ...), uidmap, slirp4netns | passt" ;;
  *) bad "Depends: $dep" ;;
esac
for f in Maintainer Description Section Priority Installed-Size; do
  [ -n "$(field $f)" ] || bad "no $f in the control file"
done
contents=$(dpkg-deb -c "$DEB")
for p in ./usr/bin/ctr ./usr/share/man/man1/ctr.1.gz ./usr/share/man/man1/ctr-run.1.gz \
  ./usr/share/bash-completion/completions/ctr ./usr/share/zsh/vendor-completions/_ctr \
  ./usr/share/fish/vendor_completions.d/ctr.fish ./usr/lib/systemd/user/ctr.socket \
  ./usr/lib/systemd/user/ctr.service ./usr/lib/systemd/user/ctr-restart.service \
  ./usr/share/doc/ctr/copyright ./usr/share/doc/ctr/changelog.gz; do
  echo "$contents" | grep -q " $p\$" || bad "$p is not in the package"
done
echo "$contents" | grep -q "root/root .* ./usr/bin/ctr$" && ok "files owned by root" || bad "owners: $(echo "$contents" | grep ' ./usr/bin/ctr$')"

# apt resolves the dependencies: here, and from nothing (an empty dpkg status: every
# package to install, which is what a minimal Debian 12 lacks and more).
sim=$(apt-get install --simulate "$DEB" 2>&1)
echo "$sim" | grep -q '^Inst ctr ' && ok "apt-get install --simulate ./$(basename "$DEB") resolves on this host" \
  || bad "apt-get install --simulate: $(echo "$sim" | tail -n 5)"
sim=$(apt-get -o Dir::State::status=/dev/null install --simulate "$DEB" 2>&1)
if echo "$sim" | grep -q '^Inst ctr ' && echo "$sim" | grep -q '^Inst uidmap ' \
  && echo "$sim" | grep -Eq '^Inst (slirp4netns|passt) '; then
  ok "from an empty system apt installs ctr with uidmap and $(echo "$sim" | grep -Eo '^Inst (slirp4netns|passt) ' | head -n 1 | cut -d' ' -f2) ($(echo "$sim" | grep -c '^Inst ') packages)"
else
  bad "apt-get --simulate from an empty status: $(echo "$sim" | grep -v '^\(Inst\|Conf\) ' | tail -n 5)"
fi

# Install into the host; removed at exit whatever happens.
remove() {
  dpkg -r ctr > /dev/null 2>&1 || true
}
trap remove EXIT
if ! dpkg -i "$DEB" > /tmp/ctr-dpkg-i.log 2>&1; then
  bad "dpkg -i: $(tail -n 5 /tmp/ctr-dpkg-i.log)"
  exit $fails
fi
if dpkg -s containerd > /dev/null 2>&1; then
  # containerd's own `ctr` (a debug client) is diverted while ctr is installed.
  [ "$(dpkg-divert --truename /usr/bin/ctr)" = /usr/bin/ctr.containerd ] && [ -x /usr/bin/ctr.containerd ] \
    && ok "containerd's /usr/bin/ctr diverted to /usr/bin/ctr.containerd" || bad "diversion: $(dpkg-divert --list '*ctr*')"
fi
v=$(/usr/bin/ctr --version 2>&1)
[ "$v" = "ctr $VERSION" ] && ok "/usr/bin/ctr --version: $v" || bad "/usr/bin/ctr --version: $v"
m=$(man -w ctr 2>&1)
[ "$m" = /usr/share/man/man1/ctr.1.gz ] && ok "man -w ctr: $m" || bad "man -w ctr: $m"
zcat /usr/share/man/man1/ctr-run.1.gz | grep -q '^\.TH' && ok "ctr-run(1) is a gzipped man page" || bad "ctr-run.1.gz"
for u in ctr.socket ctr.service ctr-restart.service; do
  f=/usr/lib/systemd/user/$u
  [ -f "$f" ] || { bad "$f missing"; continue; }
  case $u in *.service) grep -q '^ExecStart=/usr/bin/ctr ' "$f" || bad "$f: ExecStart is $(grep ExecStart "$f")" ;; esac
done
grep -q '^ExecStart=/usr/bin/ctr start --all --filter restart-policy=always --filter restart-policy=unless-stopped$' \
  /usr/lib/systemd/user/ctr-restart.service && grep -q '^Type=oneshot' /usr/lib/systemd/user/ctr-restart.service \
  && grep -q '^WantedBy=default.target' /usr/lib/systemd/user/ctr-restart.service \
  && ok "user units in /usr/lib/systemd/user (ctr.socket, ctr.service, ctr-restart.service)" || bad "ctr-restart.service"
for g in user-generators/ctr-user-generator system-generators/ctr-system-generator; do
  l=/usr/lib/systemd/$g
  [ -L "$l" ] && [ "$(readlink -f "$l")" = /usr/bin/ctr ] && ok "$l -> $(readlink "$l") (/usr/bin/ctr)" \
    || bad "$l: $(ls -l "$l" 2>&1)"
done
[ -f /usr/share/bash-completion/completions/ctr ] && [ -f /usr/share/zsh/vendor-completions/_ctr ] \
  && [ -f /usr/share/fish/vendor_completions.d/ctr.fish ] && ok "bash, zsh and fish completions" || bad "completions"

# A rootless run with the installed binary, as the test user, in a store of its own.
H=$(getent passwd "$TEST_USER" | cut -d: -f6)
UID_=$(id -u "$TEST_USER")
X=$(mktemp -d /tmp/ctr-package.XXXXXX)
chmod 0755 "$X"
mkdir -p "$X/rootfs/bin" "$X/rootfs/etc"
cp /bin/busybox "$X/rootfs/bin/busybox"
for a in sh echo true cat id; do ln -s busybox "$X/rootfs/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$X/rootfs/etc/passwd"
tar -C "$X/rootfs" -cf "$X/rootfs.tar" .
chown -R "$TEST_USER:" "$X"
as_user() {
  runuser -u "$TEST_USER" -- env -i PATH=/usr/bin:/bin HOME="$H" USER="$TEST_USER" \
    XDG_RUNTIME_DIR="/run/user/$UID_" CTR_ROOT="$X/store" "$@"
}
out=$(as_user /usr/bin/ctr import --change 'CMD ["sh"]' "$X/rootfs.tar" pkgtest 2>&1 \
  && as_user /usr/bin/ctr run --rm pkgtest echo hello-from-the-package 2>&1)
rc=$?
[ $rc = 0 ] && [ "$(echo "$out" | tail -n 1)" = hello-from-the-package ] \
  && ok "rootless /usr/bin/ctr run --rm as $TEST_USER (default network)" || bad "rootless run: exit $rc: $out"
as_user /usr/bin/ctr unshare rm -rf "$X/store" > /dev/null 2>&1
rm -rf -- "$X"

if command -v lintian > /dev/null; then
  echo "package: lintian: $(lintian "$DEB" 2>&1 | tr '\n' ';')"
fi

remove
trap - EXIT
[ ! -e /usr/lib/systemd/user/ctr.socket ] && [ ! -L /usr/lib/systemd/user-generators/ctr-user-generator ] \
  && [ -z "$(dpkg-divert --list '*ctr*' | grep 'by ctr$')" ] && ok "dpkg -r ctr removed it and its diversions" \
  || bad "left after dpkg -r ctr: $(ls /usr/lib/systemd/user/ctr.socket 2>&1) $(dpkg-divert --list '*ctr*')"
if dpkg -s containerd > /dev/null 2>&1; then
  [ "$(dpkg -S /usr/bin/ctr 2>/dev/null)" = "containerd: /usr/bin/ctr" ] && [ -x /usr/bin/ctr ] && [ ! -e /usr/bin/ctr.containerd ] \
    && ok "containerd's /usr/bin/ctr is back" || bad "containerd's ctr: $(ls -l /usr/bin/ctr* 2>&1)"
else
  [ ! -e /usr/bin/ctr ] || bad "/usr/bin/ctr left after dpkg -r ctr"
fi
exit $fails
