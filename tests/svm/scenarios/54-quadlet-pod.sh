# Quadlet pods: qpod.pod becomes qpod-pod.service (a oneshot that stays active: `ctr pod
# create --replace systemd-qpod`, then `ctr pod start`), and a .container with Pod=qpod.pod
# runs in that pod, bound to its unit: starting the container's unit makes and starts the
# pod first. A second container of the pod reaches the first on localhost. Stopping the
# pod's unit stops the container's unit (BindsTo=) and removes the pod: no container, no
# infra process left.
. "$CTR_SVM/lib.sh"
image
Q=$HOME/.config/containers/systemd
mkdir -p "$Q"
cat > "$Q/qpod.pod" <<U
[Pod]
Network=none
Label=app=qpod
U
cat > "$Q/qpweb.container" <<U
[Container]
Image=$IMG
ContainerName=qpweb
Pod=qpod.pod
Exec=sh -c 'mkdir -p /tmp/www && echo hello-from-the-pod > /tmp/www/index.html && httpd -p 8080 -h /tmp/www && trap "exit 0" TERM; sleep 1000 & wait'
U
systemctl --user daemon-reload
echo "generator output: $(ls "$XDG_RUNTIME_DIR/systemd/generator/" 2>&1 | tr '\n' ' ')"
systemctl --user cat qpod-pod.service 2>&1 | grep -E '^(Type|RemainAfterExit|ExecStartPre|ExecStart|ExecStop)='
systemctl --user cat qpweb.service 2>&1 | grep -E '^(BindsTo|After|ExecStart)='
[ "$(prop qpod-pod.service Type)" = oneshot ] && ok "qpod.pod became qpod-pod.service, Type=oneshot" \
  || bad "qpod-pod.service Type=$(prop qpod-pod.service Type)"
prop qpweb.service BindsTo | grep -q qpod-pod.service && ok "qpweb.service is bound to qpod-pod.service" \
  || bad "qpweb.service BindsTo=$(prop qpweb.service BindsTo)"

t0=$(date +%s%N)
systemctl --user start qpweb.service
rc=$?
t1=$(date +%s%N)
echo "start qpweb.service: exit $rc after $(ms "$t0" "$t1") ms; qpod-pod.service $(systemctl --user is-active qpod-pod.service), qpweb.service $(systemctl --user is-active qpweb.service)"
[ $rc = 0 ] && ok "qpweb.service started" || { bad "qpweb.service did not start"; journalctl --user -u qpod-pod.service -u qpweb.service --no-pager 2>&1 | tail -n 30; }
[ "$(systemctl --user is-active qpod-pod.service)" = active ] && ok "qpod-pod.service is active (pulled in by BindsTo=)" \
  || bad "qpod-pod.service is $(systemctl --user is-active qpod-pod.service)"
state=$(ctr pod inspect --format '{{.State}}' systemd-qpod 2>&1)
[ "$state" = Running ] && ok "ctr pod inspect: systemd-qpod is Running" || bad "pod state: $state"
got=$(ctr run --rm --pod systemd-qpod "$IMG" timeout 10 wget -qO- http://127.0.0.1:8080/ 2>&1)
echo "a second container of the pod fetched: $got"
[ "$got" = hello-from-the-pod ] && ok "a second container of the pod reached qpweb on localhost" || bad "fetch: $got"

systemctl --user stop qpod-pod.service
echo "stop qpod-pod.service: $?, qpweb.service $(systemctl --user is-active qpweb.service)"
[ "$(systemctl --user is-active qpweb.service)" = inactive ] && ok "qpweb.service stopped with its pod's unit" \
  || bad "qpweb.service is $(systemctl --user is-active qpweb.service)"
ctr pod exists systemd-qpod && bad "the pod is left: $(ctr pod ps 2>&1)" || ok "the pod went with its unit"
[ -z "$(ctr ps -a -q)" ] && ok "no container left" || bad "containers left: $(ctr ps -a 2>&1)"
pgrep -u "$(id -u)" -f '^ctr-infra' > /dev/null && bad "an infra process is left" || ok "no infra process left"
rm -f "$Q/qpod.pod" "$Q/qpweb.container"
systemctl --user daemon-reload
finish
