# The packaged Quadlet user generator (/usr/lib/systemd/user-generators/ctr-user-generator)
# turns ~/.config/containers/systemd/qweb.container into qweb.service at daemon-reload.
. "$CTR_SVM/lib.sh"
image
mkdir -p ~/.config/containers/systemd
printf '[Container]\nImage=%s\nContainerName=qweb\nExec=sleep 1000\n' "$IMG" > ~/.config/containers/systemd/qweb.container
systemctl --user daemon-reload
echo "generator output: $(ls /run/user/1000/systemd/generator/ 2>&1 | tr '\n' ' ')"
systemctl --user cat qweb.service 2>&1 | head -30
systemctl --user start qweb.service; echo "start: $?"
running() { [ "$(ctr inspect --format '{{.State.Status}}' qweb 2>/dev/null)" = running ]; }
until_ok 300 running && ok "quadlet qweb running" || bad "qweb: $(ctr ps -a 2>&1)"
systemctl --user status --no-pager qweb.service | head -20
systemctl --user stop qweb.service; echo "stop: $?, $(systemctl --user is-active qweb.service)"
ctr ps -a
finish
