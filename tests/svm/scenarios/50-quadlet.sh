# A Quadlet unit: the packaged user generator
# (/usr/lib/systemd/user-generators/ctr-user-generator) turns
# ~/.config/containers/systemd/qweb.container into qweb.service at daemon-reload. The unit
# is Type=notify: `systemctl --user start` returns once the container runs (the monitor's
# READY=1, after the container's process started), the container's processes are below the
# unit's cgroup (--cgroups=split), and `systemctl --user stop` leaves no container, no
# process, no cgroup and no cid file.
. "$CTR_SVM/lib.sh"
image
Q=$HOME/.config/containers/systemd
mkdir -p "$Q"
cat > "$Q/qweb.container" <<U
[Container]
Image=$IMG
ContainerName=qweb
Network=none
Exec=sh -c 'trap "exit 0" TERM; sleep 1000 & wait'
U
systemctl --user daemon-reload
echo "generator output: $(ls "$XDG_RUNTIME_DIR/systemd/generator/" 2>&1 | tr '\n' ' ')"
systemctl --user cat qweb.service 2>&1 | grep -E '^(Type|NotifyAccess|Delegate|KillMode|ExecStart)='
[ "$(prop qweb.service Type)" = notify ] && ok "qweb.service is Type=notify" || bad "qweb.service Type=$(prop qweb.service Type)"
t0=$(date +%s%N)
systemctl --user start qweb.service
rc=$?
t1=$(date +%s%N)
# No polling: the unit is active, so the container must be running already.
status=$(ctr inspect --format '{{.State.Status}}' qweb 2>&1)
echo "start: exit $rc after $(ms "$t0" "$t1") ms; container $status; unit $(systemctl --user is-active qweb.service)"
[ $rc = 0 ] && [ "$status" = running ] && ok "start returned with the container running" || bad "start: exit $rc, container: $status"
started=$(usec "$(ctr inspect --format '{{.State.StartedAt}}' qweb 2>/dev/null)")
active=$(usec "$(prop qweb.service ActiveEnterTimestamp)")
echo "container StartedAt $started us, unit ActiveEnterTimestamp $active us"
[ -n "$started" ] && [ -n "$active" ] && [ "$started" -le "$active" ] \
  && ok "the unit became active $(((active - started) / 1000)) ms after the container started, not before" \
  || bad "the unit became active at $active, the container started at $started"
id=$(ctr inspect --format '{{.Id}}' qweb 2>&1)
pid=$(ctr inspect --format '{{.State.Pid}}' qweb 2>&1)
mon=$(pgrep -f "__monitor $id" | head -n 1)
main=$(prop qweb.service MainPID)
[ -n "$mon" ] && [ "$main" = "$mon" ] && ok "the unit's MainPID is the container's monitor ($mon)" || bad "MainPID $main, monitor $mon"
CG=$(prop qweb.service ControlGroup)
echo "unit cgroup $CG; container pid $pid in $(cgroup_of "$pid"); monitor in $(cgroup_of "$mon")"
case "$(cgroup_of "$pid")" in
  "$CG"/*) ok "the container's process is below the unit's cgroup" ;;
  *) bad "the container's process $pid is in $(cgroup_of "$pid"), not below $CG" ;;
esac
# systemd itself counts it: the unit's status lists the container's processes.
systemctl --user status --no-pager qweb.service > /tmp/qweb.status 2>&1
sed -n '1,25p' /tmp/qweb.status
grep -q "sleep 1000" /tmp/qweb.status && ok "systemctl status shows the container's sleep" || bad "no sleep in the unit's status"
[ "$(prop qweb.service TasksCurrent)" -ge 3 ] 2>/dev/null && ok "the unit counts $(prop qweb.service TasksCurrent) tasks (monitor, sh, sleep)" \
  || bad "TasksCurrent $(prop qweb.service TasksCurrent)"
ccg=$(cgroup_of "$pid")
systemctl --user stop qweb.service
echo "stop: $?, unit $(systemctl --user is-active qweb.service)"
state=$(systemctl --user is-active qweb.service)
[ "$state" = inactive ] && ok "the unit is inactive after stop" || bad "the unit is $state after stop ($(prop qweb.service Result))"
[ -z "$(ctr ps -a -q)" ] && ok "no container left" || bad "containers left: $(ctr ps -a 2>&1)"
pgrep -af "__monitor $id" && bad "the monitor still runs" || ok "no monitor left"
pgrep -af 'sleep 1000' && bad "the container's sleep still runs" || ok "no container process left"
[ ! -d "/sys/fs/cgroup$CG" ] && ok "the unit's cgroup is gone" || bad "cgroup left: $CG"
[ -n "$ccg" ] && [ ! -d "/sys/fs/cgroup$ccg" ] && ok "the container's cgroup is gone" || bad "the container's cgroup is left: $ccg"
[ ! -e "$XDG_RUNTIME_DIR/qweb.cid" ] && ok "no cid file left" || bad "$XDG_RUNTIME_DIR/qweb.cid left"
rm -f "$Q/qweb.container"
systemctl --user daemon-reload
finish
