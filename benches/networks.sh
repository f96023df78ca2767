#!/bin/bash
# User networks, ctr and rootless podman (netavark + aardvark-dns) side by side:
#  1. what a user network adds to `run --rm IMG true` (vs --network none), hyperfine;
#  2. container-to-container TCP throughput on one network (busybox nc, 1 GiB a run);
#  3. a DNS lookup of a container's name from another container on the network (busybox
#     nslookup, 1000 in a loop inside one container, timed by busybox time, minus the same
#     loop running `sh -c :` instead: the cost of starting a process).
# Results: benches/results/networks.md
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-20}
MB=${MB:-1024}
LOOKUPS=${LOOKUPS:-1000}

bench_busybox_image
as_user "$C network create --subnet 10.250.0.0/24 bn >/dev/null; $P network create --subnet 10.251.0.0/24 bn >/dev/null"
cleanup_nets() {
  as_user "$C network rm -f bn >/dev/null 2>&1; $P rm -f -a >/dev/null 2>&1; $P network rm -f bn >/dev/null 2>&1; true" || true
  bench_cleanup
}
trap cleanup_nets EXIT

# 1. run --rm latency
as_user "hyperfine --style basic -N --warmup 3 --runs $RUNS --export-markdown '$BW/latency.md' --export-json '$BW/latency.json' \
  -n 'ctr none' \"$C run --rm --network none bench-bb true\" \
  -n 'ctr on a user network' \"$C run --rm --network bn bench-bb true\" \
  -n 'podman none' \"$P run --rm --network none $IMG true\" \
  -n 'podman on a user network' \"$P run --rm --network bn $IMG true\""

# 2. throughput: a sink container and a source container on the network.
# The sink's nc gets the connection on the stdin of `cat` (a detached container's own
# stdin is /dev/null, at whose EOF a plain `nc -l` would close the connection at once).
SINK="while true; do nc -l -p 5201 -e sh -c \"cat > /dev/null\"; done"
cat > "$BW/dnsloop.sh" <<'LOOP'
#!/bin/sh
# dnsloop.sh NAME N: N lookups of NAME (none for -: `true` instead); busybox time's
# "real" line on stdout.
if [ "$1" = - ]; then cmd="sh -c :"; else cmd="nslookup $1"; fi
time sh -c "i=0; while [ \$i -lt $2 ]; do $cmd >/dev/null 2>&1 || echo FAIL; i=\$((i+1)); done" 2>&1
LOOP
chmod 0755 "$BW/dnsloop.sh"
for e in ctr podman; do
  if [ $e = ctr ]; then X=$C; I=bench-bb; else X=$P; I=$IMG; fi
  as_user "$X run -d --name sink --network bn $I sh -c '$SINK' >/dev/null
    $X run -d --name src --network bn -v '$BW/dnsloop.sh:/dnsloop.sh:ro' $I sleep 3600 >/dev/null"
done
sleep 1
send() { echo "$1 exec src sh -c 'dd if=/dev/zero bs=65536 count=$((MB * 16)) 2>/dev/null | timeout 60 nc sink 5201'"; }
as_user "hyperfine --style basic --warmup 1 --runs 5 --prepare 'sleep 0.3' --export-json '$BW/tcp.json' --export-markdown '$BW/tcp.md' \
  -n 'ctr' \"$(send "$C")\" \
  -n 'podman' \"$(send "$P")\""

# 3. DNS: microseconds per lookup.
secs() { python3 -c "
import re,sys
t=sys.stdin.read()
if 'FAIL' in t: sys.exit('a lookup failed: '+t)
m=re.search(r'real\s+(\d+)m\s*([\d.]+)s', t)
print(int((int(m.group(1))*60+float(m.group(2)))*1e6/$LOOKUPS))"; }
dns() {
  local x=$1 look base
  look=$(as_user "$x exec src /dnsloop.sh sink $LOOKUPS" | secs)
  base=$(as_user "$x exec src /dnsloop.sh - $LOOKUPS" | secs)
  echo "$look $base"
}
read -r CL CB < <(dns "$C")
read -r PL PB < <(dns "$P")
as_user "$C rm -f sink src >/dev/null; $P rm -f sink src >/dev/null"

gbit() { python3 -c "
import json
for r in json.load(open('$1'))['results']:
    print('| %s | %.2f |' % (r['command'], $MB*8*1.048576/1000/r['mean']))"; }
added() { python3 -c "
import json
r={x['command']:x['mean']*1000 for x in json.load(open('$BW/latency.json'))['results']}
print('- ctr: a user network adds %.1f ms (%.1f -> %.1f)' % (r['ctr on a user network']-r['ctr none'], r['ctr none'], r['ctr on a user network']))
print('- podman: a user network adds %.1f ms (%.1f -> %.1f)' % (r['podman on a user network']-r['podman none'], r['podman none'], r['podman on a user network']))
print('- ratio, on a user network: podman / ctr = %.1f' % (r['podman on a user network']/r['ctr on a user network']))"; }
us() { echo $(($1 - $2)); }
{
  echo "# User networks ($(date -u +%F), $(nproc) cores; podman $(podman --version | awk '{print $3}') with netavark + aardvark-dns $(dpkg-query -W -f '${Version}' aardvark-dns 2>/dev/null), slirp4netns $(slirp4netns --version | head -n1 | awk '{print $3}'))"
  echo
  echo "## run --rm IMG true"
  echo
  cat "$BW/latency.md"
  echo
  added
  echo
  echo "## TCP, container -> container on one network (busybox nc), ${MB} MiB a run"
  echo
  echo "| engine | Gbit/s |"
  echo "|:---|---:|"
  gbit "$BW/tcp.json"
  echo
  echo "## DNS lookup of a container's name (busybox nslookup, $LOOKUPS in a loop)"
  echo
  echo "| engine | per lookup, µs | the same loop running sh -c :, µs | the lookup itself, µs |"
  echo "|:---|---:|---:|---:|"
  echo "| ctr | $CL | $CB | $(us "$CL" "$CB") |"
  echo "| podman | $PL | $PB | $(us "$PL" "$PB") |"
} | tee "$RESULTS/networks.md"
