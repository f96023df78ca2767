# A container as a plain user unit: the container's processes live in the unit's cgroup,
# and stopping the unit leaves no container and no cgroup behind.
#
# Expected to fail until ctr fixes two bugs seen here (ctr 0.1.0, 2026-12-02):
# 1. the container's process is moved to user@1000.service/ctr/<id> (the top of the
#    delegated subtree, cgroups::detect) instead of staying below the unit's cgroup, so
#    systemd neither accounts nor limits it as part of the unit;
# 2. `systemctl --user stop` SIGTERMs every process of the unit's cgroup, the monitor
#    included: the monitor dies without its --rm cleanup, `ctr run` exits 125 ("Error: lost
#    the connection to the container's monitor", so the unit ends "failed"), and the
#    container stays in `ctr ps -a` as "Exited (-1)" with its cgroup left behind.
# svm-xfail: the container escapes the unit's cgroup; stop leaves it as Exited (-1) with its cgroup
. "$CTR_SVM/lib.sh"
image
D=$HOME/.config/systemd/user
mkdir -p "$D"
cat > "$D/container-web.service" <<U
[Unit]
Description=web, a ctr container as a user service

[Service]
ExecStart=/usr/bin/ctr run --rm --name web $IMG sleep 1000
# sleep as the container's PID 1 ignores SIGTERM: bound the wait for SIGKILL
TimeoutStopSec=20
U
systemctl --user daemon-reload
systemctl --user start container-web.service
running() { [ "$(ctr inspect --format '{{.State.Status}}' web 2>/dev/null)" = running ]; }
until_ok 300 running && ok "container web running" || bad "web not running: $(ctr ps -a 2>&1)"
systemctl --user is-active -q container-web.service && ok "container-web.service active" \
  || bad "container-web.service: $(systemctl --user is-active container-web.service)"
CG=$(systemctl --user show -p ControlGroup --value container-web.service)
pid=$(ctr inspect --format '{{.State.Pid}}' web 2>&1)
echo "unit cgroup: $CG"
echo "container pid $pid in: $(cat /proc/$pid/cgroup 2>&1)"
systemctl --user status --no-pager container-web.service 2>&1 | sed -n '1,20p'
procs=$(cat $(find "/sys/fs/cgroup$CG" -name cgroup.procs) 2>/dev/null | tr '\n' ' ')
echo "pids in the unit's cgroup tree: $procs"
case " $procs " in
  *" $pid "*) ok "the container's process $pid is in the unit's cgroup" ;;
  *) bad "the container's process $pid is not in the unit's cgroup $CG but in $(cut -d: -f3 /proc/$pid/cgroup 2>&1)" ;;
esac
ccg=/sys/fs/cgroup$(cut -d: -f3 /proc/$pid/cgroup 2>/dev/null)
t0=$(date +%s)
systemctl --user stop container-web.service
echo "systemctl --user stop took $(($(date +%s) - t0))s; unit now $(systemctl --user is-active container-web.service)"
systemctl --user status --no-pager -n 20 container-web.service 2>&1 | sed -n '1,30p'
gone() { [ -z "$(ctr ps -a -q)" ]; }
until_ok 100 gone && ok "no container left after stop" || bad "containers left after stop: $(ctr ps -a 2>&1)"
pgrep -af 'sleep 1000' && bad "the container's sleep still runs" || ok "no container process left"
[ ! -d "/sys/fs/cgroup$CG" ] && ok "the unit's cgroup is gone" || bad "cgroup left: $CG"
[ "$ccg" = /sys/fs/cgroup ] || [ ! -d "$ccg" ] && ok "the container's cgroup is gone" || bad "the container's cgroup is left: $ccg"
rm -f "$D/container-web.service"
systemctl --user daemon-reload
finish
