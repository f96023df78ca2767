# After the reboot: ctr-restart.service brought the always container back; the
# unless-stopped one the user stopped stays down.
. "$CTR_SVM/lib.sh"
systemctl --user status --no-pager ctr-restart.service | head -15
ctr ps -a
running() { [ "$(ctr inspect --format '{{.State.Status}}' keep 2>/dev/null)" = running ]; }
until_ok 100 running && ok "keep running again after the reboot" || bad "keep: $(ctr ps -a 2>&1)"
[ "$(ctr inspect --format '{{.State.Status}}' down 2>/dev/null)" != running ] && ok "down (stopped by the user) stays down" || bad "down running"
finish
