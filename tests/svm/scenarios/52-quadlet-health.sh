# A Quadlet unit with a health check (HealthCmd=, HealthInterval=, HealthRetries=,
# HealthOnFailure=restart; podman-systemd.unit(5)'s keys) and Notify=healthy: the unit is
# active only once the first check passed; when the check fails (the file it tests is
# removed) ctr restarts the container in place: the same container, RestartCount 1,
# healthy again, while the unit stays active without a restart of its own (NRestarts 0).
. "$CTR_SVM/lib.sh"
image
Q=$HOME/.config/containers/systemd
mkdir -p "$Q"
cat > "$Q/qhealth.container" <<U
[Container]
Image=$IMG
ContainerName=qhealth
Network=none
Notify=healthy
HealthCmd=test -e /tmp/ok
HealthInterval=1s
HealthRetries=2
HealthOnFailure=restart
Exec=sh -c 'touch /tmp/ok; trap "exit 0" TERM; sleep 1000 & wait'
U
systemctl --user daemon-reload
systemctl --user cat qhealth.service 2>&1 | grep -E '^ExecStart='
systemctl --user start qhealth.service
rc=$?
health=$(ctr inspect --format '{{.State.Health.Status}}' qhealth 2>&1)
echo "start: exit $rc; health $health; unit $(systemctl --user is-active qhealth.service)"
[ $rc = 0 ] && [ "$health" = healthy ] && ok "start returned once the container was healthy (Notify=healthy)" \
  || bad "start: exit $rc, health $health"
id=$(ctr inspect --format '{{.Id}}' qhealth 2>&1)
pid1=$(ctr inspect --format '{{.State.Pid}}' qhealth 2>&1)
ctr exec qhealth rm /tmp/ok && ok "removed /tmp/ok, the file the check tests" || bad "ctr exec rm /tmp/ok"
restarted() { [ "$(ctr inspect --format '{{.RestartCount}}' qhealth 2>/dev/null)" = 1 ]; }
until_ok 600 restarted && ok "ctr restarted the unhealthy container (RestartCount 1)" \
  || bad "RestartCount $(ctr inspect --format '{{.RestartCount}}' qhealth 2>&1); $(ctr ps -a 2>&1)"
healthy() { [ "$(ctr inspect --format '{{.State.Status}} {{.State.Health.Status}}' qhealth 2>/dev/null)" = "running healthy" ]; }
until_ok 600 healthy && ok "running and healthy again" || bad "qhealth: $(ctr inspect --format '{{.State.Status}} {{.State.Health.Status}}' qhealth 2>&1)"
ctr inspect --format '{{json .State.Health}}' qhealth 2>&1 | head -c 600
echo
ctr ps 2>&1
pid2=$(ctr inspect --format '{{.State.Pid}}' qhealth 2>&1)
[ "$(ctr inspect --format '{{.Id}}' qhealth 2>&1)" = "$id" ] && [ "$pid2" != "$pid1" ] \
  && ok "the same container ($id), a new process ($pid1 -> $pid2)" || bad "id or pid: $(ctr inspect --format '{{.Id}} {{.State.Pid}}' qhealth 2>&1)"
CG=$(prop qhealth.service ControlGroup)
case "$(cgroup_of "$pid2")" in
  "$CG"/*) ok "the restarted process is below the unit's cgroup" ;;
  *) bad "the restarted process $pid2 is in $(cgroup_of "$pid2"), not below $CG" ;;
esac
[ "$(systemctl --user is-active qhealth.service)" = active ] && [ "$(prop qhealth.service NRestarts)" = 0 ] \
  && ok "the unit stayed active (NRestarts 0: the restart was ctr's, in place)" \
  || bad "unit $(systemctl --user is-active qhealth.service), NRestarts $(prop qhealth.service NRestarts)"
systemctl --user stop qhealth.service
[ -z "$(ctr ps -a -q)" ] && ok "no container left after stop" || bad "containers left: $(ctr ps -a 2>&1)"
[ ! -d "/sys/fs/cgroup$CG" ] && ok "the unit's cgroup is gone" || bad "cgroup left: $CG"
rm -f "$Q/qhealth.container"
systemctl --user daemon-reload
finish
