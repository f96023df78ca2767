# Quadlet networks: ~/.config/containers/systemd/web.network becomes web-network.service (a
# oneshot that runs `ctr network create --ignore systemd-web`), and a .container with
# Network=web.network runs on that network and requires that unit, so starting the
# container's unit alone creates the network first. A second container on the network
# fetches the first one's page by the address `ctr inspect` shows (no name resolution).
# Stopping the units keeps the network (podman's behaviour) unless NetworkDeleteOnStop=;
# `ctr network rm` then leaves no network, no container and no namespace holder.
. "$CTR_SVM/lib.sh"
image
Q=$HOME/.config/containers/systemd
mkdir -p "$Q"
cat > "$Q/web.network" <<U
[Unit]
Description=the web network
[Network]
Subnet=10.89.77.0/24
Gateway=10.89.77.1
Label=app=qnet
U
# busybox httpd daemonizes; the shell ends on SIGTERM (as pid 1 it has no default action).
cat > "$Q/qnweb.container" <<U
[Container]
Image=$IMG
ContainerName=qnweb
Network=web.network
Exec=sh -c 'mkdir -p /tmp/www && echo hello-from-qnweb > /tmp/www/index.html && httpd -p 8080 -h /tmp/www && trap "exit 0" TERM; sleep 1000 & wait'
U
cat > "$Q/gone.network" <<U
[Network]
NetworkName=qn-gone
NetworkDeleteOnStop=true
U
cat > "$Q/qnbad.container" <<U
[Container]
Image=$IMG
Network=missing.network
U
systemctl --user daemon-reload
echo "generator output: $(ls "$XDG_RUNTIME_DIR/systemd/generator/" 2>&1 | tr '\n' ' ')"
systemctl --user cat web-network.service 2>&1 | grep -E '^(Type|RemainAfterExit|ExecStart)='
systemctl --user cat qnweb.service 2>&1 | grep -E '^(Requires|After|ExecStart)='
[ "$(prop web-network.service Type)" = oneshot ] && ok "web.network became web-network.service, Type=oneshot" \
  || bad "web-network.service Type=$(prop web-network.service Type)"
systemctl --user cat web-network.service 2>/dev/null | grep -q '^ExecStart=.* network create --ignore .*--subnet=10.89.77.0/24 .*systemd-web$' \
  && ok "its ExecStart creates systemd-web (--ignore, the subnet)" || bad "web-network.service's ExecStart"
systemctl --user cat qnweb.service 2>/dev/null | grep -q '^ExecStart=.* --network=systemd-web ' \
  && prop qnweb.service Requires | grep -q web-network.service && prop qnweb.service After | grep -q web-network.service \
  && ok "qnweb.service runs on systemd-web and Requires=/After= web-network.service" || bad "qnweb.service's network or dependencies"
systemctl --user cat qnbad.service > /dev/null 2>&1 && bad "qnbad.service was generated for a missing .network" \
  || ok "no unit for a .container whose .network is missing"

t0=$(date +%s%N)
systemctl --user start qnweb.service
rc=$?
t1=$(date +%s%N)
echo "start qnweb.service: exit $rc after $(ms "$t0" "$t1") ms; web-network.service $(systemctl --user is-active web-network.service), qnweb.service $(systemctl --user is-active qnweb.service)"
[ $rc = 0 ] && ok "qnweb.service started" || { bad "qnweb.service did not start"; journalctl --user -u web-network.service -u qnweb.service --no-pager 2>&1 | tail -n 30; }
[ "$(systemctl --user is-active web-network.service)" = active ] && ok "web-network.service is active (pulled in by Requires=)" \
  || bad "web-network.service is $(systemctl --user is-active web-network.service)"
ctr network exists systemd-web && ok "ctr network exists systemd-web" || bad "no network systemd-web"
# The bridge and veth modules are loaded on demand (the kernel's request_module for
# rtnl-link-bridge/veth, from inside the user namespace too): nothing loads them at boot.
echo "kernel modules now: $(grep -oE '^(bridge|veth) ' /proc/modules | tr -d '\n')"
echo "network: $(ctr network inspect --format '{{.Name}} {{json .IPAM.Config}} {{json .Labels}}' systemd-web 2>&1)"
nets=$(ctr inspect --format '{{json .NetworkSettings.Networks}}' qnweb 2>&1)
echo "qnweb NetworkSettings.Networks: $nets"
ip=$(echo "$nets" | sed -n 's/^{"systemd-web":{.*"IPAddress":"\([0-9.]*\)".*/\1/p')
case $ip in
  10.89.77.*) ok "ctr inspect shows qnweb on systemd-web at $ip" ;;
  *) bad "no address on systemd-web in ctr inspect: $nets" ;;
esac
# This busybox's `wget -T` segfaults (exit 139): `timeout 10 wget` bounds the fetches.
got=$(ctr run --rm --network systemd-web "$IMG" timeout 10 wget -qO- "http://$ip:8080/" 2>&1)
echo "a second container fetched: $got"
[ "$got" = hello-from-qnweb ] && ok "a second container on systemd-web fetched qnweb's page from $ip:8080" \
  || bad "fetch from $ip:8080: $got"
# The same from a unit of its own, with the address written in (a oneshot container unit).
cat > "$Q/qnget.container" <<U
[Container]
Image=$IMG
Network=web.network
Exec=timeout 10 wget -qO /dev/null http://$ip:8080/
[Service]
Type=oneshot
U
systemctl --user daemon-reload
systemctl --user start qnget.service && ok "a oneshot container unit on web.network fetched the page" \
  || { bad "qnget.service failed"; journalctl --user -u qnget.service --no-pager 2>&1 | tail -n 10; }

systemctl --user stop qnweb.service
echo "stop qnweb.service: $?, unit $(systemctl --user is-active qnweb.service)"
[ "$(systemctl --user is-active qnweb.service)" = inactive ] && ok "qnweb.service is inactive after stop" \
  || bad "qnweb.service is $(systemctl --user is-active qnweb.service) ($(prop qnweb.service Result))"
[ -z "$(ctr ps -a -q)" ] && ok "no container left" || bad "containers left: $(ctr ps -a 2>&1)"
systemctl --user stop web-network.service
ctr network exists systemd-web && ok "stopping web-network.service keeps the network (podman's behaviour)" \
  || bad "the network went with its unit"
# NetworkDeleteOnStop=true: the network goes with its unit.
systemctl --user start gone-network.service && ctr network exists qn-gone && ok "gone-network.service made qn-gone" \
  || bad "gone-network.service: $(systemctl --user is-active gone-network.service), qn-gone: $(ctr network ls -q | tr '\n' ' ')"
systemctl --user stop gone-network.service
ctr network exists qn-gone && bad "qn-gone is left after its unit stopped (NetworkDeleteOnStop=true)" \
  || ok "NetworkDeleteOnStop=true: qn-gone went with its unit"
ctr network rm systemd-web > /dev/null && ok "ctr network rm systemd-web" || bad "ctr network rm systemd-web failed"
[ -z "$(ctr network ls -q)" ] && ok "no network left" || bad "networks left: $(ctr network ls -q | tr '\n' ' ')"
# The namespace holder ends once its last bridge is gone.
holder_gone() { ! pgrep -u "$(id -u)" -f __netns-holder > /dev/null; }
until_ok 30 holder_gone && ok "no network namespace holder left" || bad "holder left: $(pgrep -a -u "$(id -u)" -f __netns-holder)"
pgrep -af 'sleep 1000' && bad "a container process is left" || ok "no container process left"
rm -f "$Q/web.network" "$Q/gone.network" "$Q/qnweb.container" "$Q/qnget.container" "$Q/qnbad.container"
systemctl --user daemon-reload
finish
