# Unit start to active: how long `systemctl --user start` takes to return for a ctr Quadlet
# unit, and for the same container under podman, alternating, several rounds (a stop
# between). Prints `timing:` lines; under QEMU TCG (no KVM) every figure is several times
# a real machine's, so compare the two, not the absolute values.
#
# Debian 12's podman is 4.3.1, which has no Quadlet (its generator came with podman 4.4):
# the podman unit is written here as podman 4.4's Quadlet writes one for the same file
# (run --name --cidfile=%t/%N.cid --replace --rm --cgroups=split --sdnotify=conmon -d,
# Type=notify, NotifyAccess=all, Delegate=yes, KillMode=mixed, rm -f -i --cidfile on stop).
. "$CTR_SVM/lib.sh"
image
ROUNDS=${CTR_SVM_TIMING_ROUNDS:-5}
Q=$HOME/.config/containers/systemd
D=$HOME/.config/systemd/user
mkdir -p "$Q" "$D"
CMD="sh -c 'trap \"exit 0\" TERM; sleep 1000 & wait'"
printf '[Container]\nImage=%s\nContainerName=tctr\nNetwork=none\nExec=%s\n' "$IMG" "$CMD" > "$Q/tctr.container"
units=tctr.service
if command -v podman > /dev/null; then
  echo "podman: $(podman --version 2>&1)"
  podman image exists "$IMG" 2>/dev/null || podman import --change 'CMD ["sh"]' "$CTR_SVM/img.tar" "$IMG" > /dev/null 2>/tmp/podman-import.err \
    || bad "podman import: $(cat /tmp/podman-import.err)"
  cat > "$D/tpodman.service" <<U
# As podman 4.4's Quadlet writes it for the .container file of tctr (podman 4.3 has none).
[Unit]
Description=tpodman, podman's unit for the same container
RequiresMountsFor=%t/containers

[Service]
Environment=PODMAN_SYSTEMD_UNIT=%n
KillMode=mixed
ExecStop=/usr/bin/podman rm -f -i --cidfile=%t/%N.cid
ExecStopPost=-/usr/bin/podman rm -f -i --cidfile=%t/%N.cid
ExecStopPost=-rm -f %t/%N.cid
Delegate=yes
Type=notify
NotifyAccess=all
SyslogIdentifier=%N
ExecStart=/usr/bin/podman run --name=tpodman --cidfile=%t/%N.cid --replace --rm --cgroups=split --network=none --sdnotify=conmon -d localhost/$IMG $CMD
U
  units="$units tpodman.service"
else
  echo "timing: podman is not installed in this VM image: ctr only"
fi
systemctl --user daemon-reload
declare -A all=()
for r in $(seq "$ROUNDS"); do
  for u in $units; do
    t0=$(date +%s%N)
    systemctl --user start "$u"
    rc=$?
    t1=$(date +%s%N)
    d=$(ms "$t0" "$t1")
    if [ $rc = 0 ] && [ "$(systemctl --user is-active "$u")" = active ]; then
      all[$u]="${all[$u]:-} $d"
    else
      bad "$u: start exit $rc, $(systemctl --user is-active "$u")"
      systemctl --user status --no-pager -n 15 "$u" 2>&1 | tail -n 15
    fi
    systemctl --user stop "$u"
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END{if (NR) print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
for u in $units; do
  v=${all[$u]:-}
  n=$(echo $v | wc -w)
  [ "$n" = "$ROUNDS" ] && ok "$u started $n times" || bad "$u started $n of $ROUNDS times"
  what=ctr-quadlet
  [ "$u" = tpodman.service ] && what="podman-4.3.1 (a Quadlet-shaped unit)"
  echo "timing: unit start to active, $what: median $(echo "$v" | median) ms of $n (runs:$v ms; QEMU TCG)"
done
[ -z "$(ctr ps -a -q)" ] && ok "no ctr container left" || bad "ctr containers left: $(ctr ps -a 2>&1)"
if command -v podman > /dev/null; then
  [ -z "$(podman ps -a -q --filter name=tpodman 2>/dev/null)" ] && ok "no podman container left" || bad "podman containers left: $(podman ps -a 2>&1)"
fi
rm -f "$Q/tctr.container" "$D/tpodman.service"
systemctl --user daemon-reload
finish
