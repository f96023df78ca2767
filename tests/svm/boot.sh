#!/bin/bash
# Runs in the VM as root (ctr-svm-runner.service, after multi-user.target), from the
# payload run.sh put at /var/lib/ctr-svm/payload: waits for the boot to finish and for the
# lingering tester's user manager, runs each scenarios/*.sh as tester inside that manager
# (a transient user service, like a unit of the user's own), prints one summary line per
# scenario, then CTR_SVM_EXIT=<failures> and powers off.
P=/var/lib/ctr-svm/payload
U=/run/user/1000
BOOT=$(cat $P/boot)
state=$(timeout 600 systemctl is-system-running --wait 2>&1)
echo "svm: boot $BOOT: system $state at uptime $(cut -d' ' -f1 /proc/uptime)s; $(systemd-analyze time 2>&1 | head -n 1)"
systemd-analyze blame --no-pager 2>&1 | head -n 5 | sed 's/^ */  boot: slowest unit: /'
[ "$state" = running ] || systemctl --failed --no-legend --plain 2>&1 | sed 's/^/svm: failed unit: /'
# logind starts the lingering user's manager with jobs of its own, not necessarily before
# the boot counts as finished.
i=0
until systemctl -q is-active user@1000.service && [ -S $U/bus ]; do
  i=$((i + 1))
  [ $i -gt 600 ] && { echo "svm: user@1000.service did not come up"; break; }
  sleep 0.1
done
echo "svm: boot $BOOT: user@1000.service $(systemctl is-active user@1000.service), delegated: $(cat /sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/cgroup.controllers 2>&1)"

fails=0
for s in $P/scenarios/*.sh; do
  [ -e "$s" ] || continue
  name=$(basename "$s" .sh)
  name=${name#[0-9][0-9]-}   # run.sh's order
  name=${name#[0-9][0-9]-}   # the scenario's own
  # A scenario known to fail because of a ctr bug says so in a line `# svm-xfail: REASON`;
  # its failure is reported but not counted, and its unexpected pass counts (drop the line).
  xfail=$(sed -n 's/^# svm-xfail: //p' "$s" | head -n 1)
  t0=$(date +%s%N)
  runuser -u tester -- env XDG_RUNTIME_DIR=$U DBUS_SESSION_BUS_ADDRESS=unix:path=$U/bus \
    systemd-run --user --wait --pipe --quiet --collect --unit "ctr-svm-$name" -p Delegate=yes \
    -p RuntimeMaxSec=${CTR_SVM_SCENARIO_TIMEOUT:-300} -p WorkingDirectory=/home/tester \
    -E XDG_RUNTIME_DIR=$U -E DBUS_SESSION_BUS_ADDRESS=unix:path=$U/bus -E PATH=/usr/local/bin:/usr/bin:/bin \
    -E CTR_SVM=$P -E CTR_SVM_BOOT="$BOOT" \
    -- /bin/bash "$s" < /dev/null > /tmp/scenario.out 2>&1
  rc=$?
  dt=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN{printf "%.1f", (b - a) / 1e9}')
  sed "s/^/  $name: /" /tmp/scenario.out
  if [ $rc = 0 ] && [ -z "$xfail" ]; then
    echo "PASS: $name (${dt}s)"
  elif [ $rc = 0 ]; then
    echo "XPASS: $name (${dt}s): marked expected to fail ($xfail) but passed: remove its svm-xfail line"
    fails=$((fails + 1))
  elif [ -n "$xfail" ]; then
    echo "XFAIL: $name (${dt}s, exit $rc): $xfail"
  else
    echo "FAIL: $name (${dt}s, exit $rc)"
    fails=$((fails + 1))
  fi
done
echo "CTR_SVM_EXIT=$fails uptime=$(cut -d' ' -f1 /proc/uptime)s"
sync
systemctl --no-block poweroff
