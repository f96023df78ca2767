# The packaged ctr.socket: enabled by the user, it answers the docker CLI through socket
# activation (ctr.service starts on the first connection).
. "$CTR_SVM/lib.sh"
image
S=$XDG_RUNTIME_DIR/ctr/ctr.sock
systemctl --user enable --now ctr.socket 2>&1
systemctl --user is-active -q ctr.socket && ok "ctr.socket active" || bad "ctr.socket: $(systemctl --user is-active ctr.socket)"
[ -S "$S" ] && ok "$S is a socket" || bad "no socket at $S"
echo "ctr.service before the first connection: $(systemctl --user is-active ctr.service)"
out=$(timeout 120 docker -H "unix://$S" run --rm "$IMG" echo hi 2>&1)
rc=$?
echo "docker run --rm $IMG echo hi: exit $rc: $out"
[ $rc = 0 ] && [ "$out" = hi ] && ok "docker run through the activated socket" || bad "docker run: exit $rc: $out"
v=$(timeout 60 docker -H "unix://$S" version --format '{{.Server.APIVersion}}' 2>&1)
echo "server API version: $v"
echo "ctr.service after: $(systemctl --user is-active ctr.service), $(systemctl --user show ctr.service -p ExecMainStartTimestamp)"
systemctl --user show ctr.service -p NRestarts -p Result -p ExecMainStatus | tr '\n' ' '
echo
left=$(ctr ps -a -q)
[ -z "$left" ] && ok "no container left" || bad "containers left: $left"
systemctl --user disable --now ctr.socket 2>&1
systemctl --user stop ctr.service
finish
