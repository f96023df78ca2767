# A Quadlet unit whose container is OOM-killed (PodmanArgs=--memory 50m, the image's
# `hog 200` allocating 200 MiB) and restarted by the unit's own policy
# (Restart=on-failure under [Service]): NRestarts counts it and the container runs again.
# A file on a bind-mounted directory makes only the first run allocate; the next sleeps.
. "$CTR_SVM/lib.sh"
image
Q=$HOME/.config/containers/systemd
S=$HOME/qoom-state
mkdir -p "$Q" "$S"
rm -f "$S/first"
cat > "$Q/qoom.container" <<U
[Container]
Image=$IMG
ContainerName=qoom
Network=none
Volume=%h/qoom-state:/state
PodmanArgs=--memory 50m
Exec=sh -c 'if [ -e /state/first ]; then trap "exit 0" TERM; sleep 1000 & wait; else touch /state/first; exec hog 200; fi'

[Service]
Restart=on-failure
RestartSec=1
U
systemctl --user daemon-reload
systemctl --user cat qoom.service 2>&1 | grep -E '^(Restart|RestartSec|ExecStart)='
since=$(date '+%Y-%m-%d %H:%M:%S')
systemctl --user start qoom.service
echo "start: $?"
restarted() { [ "$(prop qoom.service NRestarts)" -ge 1 ] 2>/dev/null; }
until_ok 600 restarted && ok "the unit restarted (NRestarts=$(prop qoom.service NRestarts))" \
  || bad "no restart: NRestarts=$(prop qoom.service NRestarts), unit $(systemctl --user is-active qoom.service)"
running() { [ "$(ctr inspect --format '{{.State.Status}}' qoom 2>/dev/null)" = running ]; }
until_ok 600 running && ok "the container runs again" || bad "qoom: $(ctr ps -a 2>&1)"
[ -e "$S/first" ] && ok "the first run was the hog (it left /state/first)" || bad "no $S/first: the hog never ran"
# What the manager saw of the first run: the kernel's OOM kill in the unit's cgroup and
# the monitor's exit status 137 (the container's code).
journalctl --no-pager -q --since "$since" _SYSTEMD_USER_UNIT=qoom.service + USER_UNIT=qoom.service 2>&1 \
  | grep -v ' qoom\[' | tail -n 12 | tee /tmp/qoom.journal
grep -qiE 'OOM killer|oom-kill|status=137' /tmp/qoom.journal && ok "systemd saw the OOM kill (journal above)" \
  || bad "no OOM kill or status 137 of qoom.service in the journal"
[ "$(systemctl --user is-active qoom.service)" = active ] && ok "qoom.service active again" || bad "qoom.service $(systemctl --user is-active qoom.service)"
pid=$(ctr inspect --format '{{.State.Pid}}' qoom 2>/dev/null)
CG=$(prop qoom.service ControlGroup)
ccg=$(cgroup_of "$pid")
case "$ccg" in
  "$CG"/*) ok "the new container is below the unit's cgroup, memory.max $(cat "/sys/fs/cgroup$ccg/memory.max")" ;;
  *) bad "the new container ($pid) is in $ccg, not below $CG" ;;
esac
[ "$(cat "/sys/fs/cgroup$ccg/memory.max" 2>/dev/null)" = 52428800 ] && ok "--memory 50m set on the new run too" || bad "memory.max: $(cat "/sys/fs/cgroup$ccg/memory.max" 2>&1)"
systemctl --user stop qoom.service
[ -z "$(ctr ps -a -q)" ] && ok "no container left after stop" || bad "containers left: $(ctr ps -a 2>&1)"
[ ! -d "/sys/fs/cgroup$CG" ] && ok "the unit's cgroup is gone" || bad "cgroup left: $CG"
rm -f "$Q/qoom.container"
systemctl --user daemon-reload
finish
