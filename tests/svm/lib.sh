# Sourced by tests/svm/scenarios/*.sh, which run in the VM as tester inside its systemd
# user manager (cwd ~, XDG_RUNTIME_DIR and the session bus set, $CTR_SVM = the payload).
# A scenario checks with ok/bad, prints what it saw, and ends with `finish`: its exit
# status is its number of failed checks. Scenarios run in the order of their names
# (NN-name.sh). One that fails because of a known ctr bug carries a line
# `# svm-xfail: REASON`: reported as XFAIL, not counted; an XPASS counts (drop the line).
# A line `timing: ...` a scenario prints is a measurement tests/run shows in its summary.
IMG=svm-bb
fails=0
ok() { echo "ok: $*"; }
bad() {
  echo "not ok: $*"
  fails=$((fails + 1))
}
finish() { exit $fails; }
# The test image (busybox-static and tests/vm/hog.c, built by run.sh) as $IMG.
image() {
  ctr image inspect "$IMG" > /dev/null 2>&1 \
    || ctr import --change 'CMD ["sh"]' "$CTR_SVM/img.tar" "$IMG" > /dev/null \
    || bad "ctr import of $CTR_SVM/img.tar"
}
# Polls a command (up to $1 tenths of a second) until it succeeds.
until_ok() {
  local n=$1 i=0
  shift
  until "$@"; do
    i=$((i + 1))
    [ $i -ge "$n" ] && return 1
    sleep 0.1
  done
}
# Microseconds since the epoch of a time date(1) reads: `systemctl show --timestamp=us+utc`
# (the weekday dropped), RFC 3339 (ctr inspect).
usec() { date -u -d "${1#[A-Z][a-z][a-z] }" +%s%6N; }
# A unit's property as a plain value (`systemctl --user show -p P --value`), times in
# microseconds UTC.
prop() { systemctl --user show --timestamp=us+utc -p "$2" --value "$1"; }
# The cgroup (v2, relative to /sys/fs/cgroup) a process is in.
cgroup_of() { cut -d: -f3 "/proc/$1/cgroup" 2> /dev/null; }
# Milliseconds between two `date +%s%N` readings.
ms() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.0f", (b - a) / 1e6}'; }
[ -x /usr/bin/ctr ] || {
  bad "/usr/bin/ctr is not installed (see the svm: lines of the boot)"
  finish
}
