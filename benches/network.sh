#!/bin/bash
# Networking, side by side in one run (hyperfine), all on loopback:
#  1. what the network adds to `run --rm IMG true`: --network none vs pasta vs slirp4netns,
#     ctr and podman;
#  2. TCP throughput through a published port (host -> container) and from a container to
#     a server on the host's loopback, pasta vs slirp4netns, ctr and podman; 512 MiB a run.
# Results: benches/results/network.md
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-10}
MB=${MB:-512}

bench_busybox_image

as_user "hyperfine --style basic -N --warmup 2 --runs $RUNS --export-markdown '$BW/latency.md' \
  -n 'ctr none' \"$C run --rm --network none bench-bb true\" \
  -n 'ctr pasta' \"$C run --rm --network pasta bench-bb true\" \
  -n 'ctr slirp4netns' \"$C run --rm --network slirp4netns bench-bb true\" \
  -n 'podman none' \"$P run --rm --network none $IMG true\" \
  -n 'podman slirp4netns' \"$P run --rm --network slirp4netns $IMG true\""

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SINK="while true; do nc -l -p 5201 > /dev/null; done"
declare -A PORT
# podman 4.3.1 (Debian 12) has no pasta network mode: it is compared on slirp4netns only.
for eng in ctr podman; do
  for net in pasta slirp4netns; do
    [ $eng-$net = podman-pasta ] && continue
    p=$(free_port); PORT[$eng-$net]=$p
    if [ $eng = ctr ]; then
      as_user "$C run -d --name sink-$net --network $net -p 127.0.0.1:$p:5201 bench-bb sh -c '$SINK' >/dev/null"
    else
      as_user "$P run -d --name sink-$net --network $net -p 127.0.0.1:$p:5201 $IMG sh -c '$SINK' >/dev/null"
    fi
  done
done
sleep 1
# The host side sends with socat; the container side runs busybox nc as the sink.
send() { echo "head -c ${MB}M /dev/zero | socat -u - TCP:127.0.0.1:$1"; }
as_user "hyperfine --style basic --warmup 1 --runs 5 --prepare 'sleep 0.5' --export-json '$BW/in.json' --export-markdown '$BW/in.md' \
  -n 'ctr pasta' \"$(send ${PORT[ctr-pasta]})\" \
  -n 'ctr slirp4netns' \"$(send ${PORT[ctr-slirp4netns]})\" \
  -n 'podman slirp4netns' \"$(send ${PORT[podman-slirp4netns]})\""
as_user "$C rm -f sink-pasta sink-slirp4netns >/dev/null; $P rm -f sink-slirp4netns >/dev/null"

# Container -> a server on the host's loopback (allowed explicitly).
HP=$(free_port)
as_user "{ setsid socat -u TCP-LISTEN:$HP,bind=127.0.0.1,fork,reuseaddr OPEN:/dev/null </dev/null >/dev/null 2>&1 & echo \$! > '$BW/sinkpid'; }"
as_user "$C run -d --name src-pasta --network pasta:--map-gw bench-bb sleep 600 >/dev/null
  $C run -d --name src-slirp --network slirp4netns:allow_host_loopback=true bench-bb sleep 600 >/dev/null
  $P run -d --name src-slirp --network slirp4netns:allow_host_loopback=true $IMG sleep 600 >/dev/null"
GW=$(as_user "$C exec src-pasta sh -c \"grep host.containers.internal /etc/hosts | cut -f1\"" | head -n1)
[ -n "$GW" ] || GW=$(ip -4 route show default | awk '{print $3}')
# busybox head has no size suffixes: dd of 64 KiB blocks.
out() { echo "$1 exec $2 sh -c 'dd if=/dev/zero bs=65536 count=$((MB * 16)) 2>/dev/null | timeout 60 nc $3 $HP'"; }
as_user "hyperfine --style basic --warmup 1 --runs 5 -i --export-json '$BW/out.json' --export-markdown '$BW/out.md' \
  -n 'ctr pasta' \"$(out "$C" src-pasta "$GW")\" \
  -n 'ctr slirp4netns' \"$(out "$C" src-slirp 10.0.2.2)\" \
  -n 'podman slirp4netns' \"$(out "$P" src-slirp 10.0.2.2)\""
as_user "$C rm -f src-pasta src-slirp >/dev/null; $P rm -f src-slirp >/dev/null; kill \$(cat '$BW/sinkpid')"

gbit() { python3 -c "
import json,sys
for r in json.load(open('$1'))['results']:
    print('| %s | %.2f |' % (r['command'], $MB*8*1.048576/1000/r['mean']))"; }
{
  echo "# Networking ($(date -u +%F), $(nproc) cores; pasta from passt $(dpkg-query -W -f '${Version}' passt 2>/dev/null), slirp4netns $(slirp4netns --version | head -n1 | awk '{print $3}'))"
  echo
  echo "podman 4.3.1 (Debian 12) has no pasta network mode, so podman is compared on slirp4netns only."
  echo
  echo "## run --rm IMG true: what the network adds"
  echo
  cat "$BW/latency.md"
  echo
  echo "## TCP, host -> published port -> container (busybox nc sink), ${MB} MiB a run"
  echo
  echo "| helper | Gbit/s |"
  echo "|:---|---:|"
  gbit "$BW/in.json"
  echo
  echo "## TCP, container -> a server on the host's loopback, ${MB} MiB a run"
  echo
  echo "| helper | Gbit/s |"
  echo "|:---|---:|"
  gbit "$BW/out.json"
} | tee "$RESULTS/network.md"
