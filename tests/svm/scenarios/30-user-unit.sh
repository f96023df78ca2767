# A container as a hand-written user unit (`ctr run` in the foreground, Type=simple): its
# processes live below the unit's cgroup, and `systemctl --user stop` leaves no container,
# no process and no cgroup behind, and the unit inactive (not failed).
#
# The unit uses `--cgroups=split` with `Delegate=yes`, as podman-run(1) says for a
# container that belongs to the unit's cgroup (and as Quadlet units do). With the default
# (--cgroups=enabled) the container's cgroup is outside the unit, for ctr as for podman:
# ctr makes it in the user's delegated subtree (user@1000.service/ctr/<id>), podman in a
# transient libpod-<id>.scope of the user manager; neither is accounted to the unit.
. "$CTR_SVM/lib.sh"
image
D=$HOME/.config/systemd/user
mkdir -p "$D"
# The container's PID 1 ends on SIGTERM (systemd sends it to the whole cgroup on stop).
cat > "$D/container-web.service" <<U
[Unit]
Description=web, a ctr container as a user service

[Service]
ExecStart=/usr/bin/ctr run --rm --name web --network none --cgroups=split $IMG sh -c 'trap "exit 0" TERM; sleep 1000 & wait'
Delegate=yes
TimeoutStopSec=30
U
systemctl --user daemon-reload
systemctl --user start container-web.service
running() { [ "$(ctr inspect --format '{{.State.Status}}' web 2>/dev/null)" = running ]; }
until_ok 300 running && ok "container web running" || bad "web not running: $(ctr ps -a 2>&1)"
systemctl --user is-active -q container-web.service && ok "container-web.service active" \
  || bad "container-web.service: $(systemctl --user is-active container-web.service)"
CG=$(prop container-web.service ControlGroup)
pid=$(ctr inspect --format '{{.State.Pid}}' web 2>&1)
id=$(ctr inspect --format '{{.Id}}' web 2>&1)
ccg=$(cgroup_of "$pid")
echo "unit cgroup: $CG"
echo "container pid $pid in: $ccg"
systemctl --user status --no-pager container-web.service 2>&1 | sed -n '1,20p'
case "$ccg" in
  "$CG"/*) ok "the container's process $pid is below the unit's cgroup ($ccg)" ;;
  *) bad "the container's process $pid is not below the unit's cgroup $CG but in $ccg" ;;
esac
mon=$(pgrep -f "__monitor $id" | head -n 1)
case "$(cgroup_of "$mon")" in
  "$CG"/*) ok "its monitor ($mon) is below the unit's cgroup too" ;;
  *) bad "the monitor ($mon) is in $(cgroup_of "$mon")" ;;
esac
t0=$(date +%s%N)
systemctl --user stop container-web.service
echo "systemctl --user stop took $(ms "$t0" "$(date +%s%N)") ms; unit now $(systemctl --user is-active container-web.service)"
systemctl --user status --no-pager -n 20 container-web.service 2>&1 | sed -n '1,30p'
state=$(systemctl --user is-active container-web.service)
[ "$state" = inactive ] && ok "the unit is inactive after stop (ctr run exited 0)" \
  || bad "the unit is $state after stop ($(prop container-web.service Result), status $(prop container-web.service ExecMainStatus))"
gone() { [ -z "$(ctr ps -a -q)" ]; }
until_ok 100 gone && ok "no container left after stop" || bad "containers left after stop: $(ctr ps -a 2>&1)"
pgrep -af 'sleep 1000' && bad "the container's sleep still runs" || ok "no container process left"
pgrep -af "__monitor $id" && bad "the monitor still runs" || ok "no monitor left"
[ ! -d "/sys/fs/cgroup$CG" ] && ok "the unit's cgroup is gone" || bad "cgroup left: $CG ($(find "/sys/fs/cgroup$CG" -type d | tr '\n' ' '))"
[ -n "$ccg" ] && [ ! -d "/sys/fs/cgroup$ccg" ] && ok "the container's cgroup is gone" || bad "the container's cgroup is left: $ccg"
rm -f "$D/container-web.service"
systemctl --user daemon-reload
finish
