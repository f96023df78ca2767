# Sourced by tests/svm/scenarios/*.sh, which run in the VM as tester inside its systemd
# user manager (cwd ~, XDG_RUNTIME_DIR and the session bus set, $CTR_SVM = the payload).
# A scenario checks with ok/bad, prints what it saw, and ends with `finish`: its exit
# status is its number of failed checks. Scenarios run in the order of their names
# (NN-name.sh). One that fails because of a known ctr bug carries a line
# `# svm-xfail: REASON`: reported as XFAIL, not counted; an XPASS counts (drop the line).
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
[ -x /usr/bin/ctr ] || {
  bad "/usr/bin/ctr is not installed (see the svm: lines of the boot)"
  finish
}
