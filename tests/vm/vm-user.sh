#!/bin/sh
# As uid 1000 in its delegated cgroup: ctr's limits, for real.
fail=0
ok() { echo "PASS: $*"; }
bad() { echo "FAIL: $*"; fail=1; }
ms() { awk '{printf "%d", $1 * 1000}' /proc/uptime; }
cd /tmp
echo "user: $(id), cgroup $(cat /proc/self/cgroup)"
ctr info | sed 's/^/info: /'
ctr import --change 'CMD ["sh"]' /img.tar img >/dev/null || { echo "FAIL: import"; exit 1; }
R="ctr run --network none"

# 1. memory: a 200 MB allocation under --memory 50m is OOM-killed (137, OOMKilled), 20 MB lives
$R --name oom --memory 50m img hog 200; rc=$?
oomk=$(ctr inspect --format '{{.State.OOMKilled}}' oom)
echo "hog 200 under 50m: exit $rc, OOMKilled=$oomk"
[ "$rc" = 137 ] && [ "$oomk" = true ] && ok "--memory 50m OOM-kills a 200 MB allocation (137, OOMKilled)" || bad "memory: exit $rc OOMKilled=$oomk"
out=$($R --rm --memory 50m img hog 20); rc=$?
[ "$rc" = 0 ] && ok "--memory 50m: a 20 MB allocation survives ($out)" || bad "20 MB under 50m: exit $rc"
ctr rm oom >/dev/null

# 2. cpu: a spinner under --cpus 0.5 gets about half a CPU
out=$($R --rm --cpus 0.5 img spin 3); r=${out#ratio=}
echo "spin under --cpus 0.5: $out"
awk "BEGIN{exit !($r > 0.3 && $r < 0.75)}" && ok "--cpus 0.5 holds a spinner at $r CPU" || bad "cpus ratio $r"
out=$($R --rm img spin 2); echo "spin without a limit: $out"

# 3. pids: a fork bomb stops at --pids-limit 10
out=$($R --rm --pids-limit 10 img sh -c 'i=0; while [ $i -lt 30 ]; do sleep 5 & i=$((i+1)); done 2>&1; echo started; wait' 2>&1)
echo "$out" | grep -qi "fork" && ok "--pids-limit 10 stops a fork bomb ($(echo "$out" | grep -ci fork) forks refused)" || bad "pids: $out"

# 3b. a controller this subtree lacks (cpuset: systemd does not delegate it by default) is refused
out=$($R --rm --cpuset-cpus 0 img true 2>&1); rc=$?
[ "$rc" = 125 ] && echo "$out" | grep -q "cpuset controller is not delegated" && ok "--cpuset-cpus refused: cpuset not delegated" || bad "cpuset: $rc $out"

# 4. stats shows the limit; update changes it
$R -d --name st --memory 64m img sleep 60 >/dev/null
s1=$(ctr stats --no-stream --format '{{.MemUsage}}' st); echo "stats: $s1"
echo "$s1" | grep -q "/ 67.1 MB" && ok "stats shows the 64 MiB limit ($s1)" || bad "stats: $s1"
ctr update --memory 100m st >/dev/null || bad "update failed"
s2=$(ctr stats --no-stream --format '{{.MemUsage}}' st); echo "stats after update: $s2"
echo "$s2" | grep -q "/ 105 MB" && ok "update --memory 100m changes the limit ($s2)" || bad "update: $s2"
ctr stats --no-stream | sed 's/^/stats: /'
ctr rm -f st >/dev/null

# 4b. the Docker API's update through the service, driven by the docker CLI: the limits
# land in the cgroup and come back in inspect
if command -v docker >/dev/null; then
  S=/tmp/run-1000/api.sock; ctr system service --time 0 unix://$S & svc=$!
  i=0; while [ ! -S $S ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
  D="docker -H unix://$S"
  id=$($D run -d --network none --memory 64m img sleep 60)
  $D update --memory 100m --memory-swap 200m --cpus 0.5 --pids-limit 50 --restart on-failure:3 du-none 2>/dev/null && bad "update of a missing container succeeded"
  $D update --memory 100m --memory-swap 200m --cpus 0.5 --pids-limit 50 --restart on-failure:3 "$id" >/dev/null || bad "docker update failed"
  got=$($D inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}} {{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}' "$id")
  echo "inspect after docker update: $got"
  [ "$got" = "104857600 209715200 500000000 50 on-failure:3" ] && ok "docker update round-trips in inspect ($got)" || bad "docker update inspect: $got"
  cg=/sys/fs/cgroup/user.slice/user-1000/ctr/$id
  files="$(cat $cg/memory.max) $(cat $cg/memory.swap.max 2>/dev/null) $(cat $cg/cpu.max) $(cat $cg/pids.max)"
  echo "cgroup after docker update: $files"
  [ "$files" = "104857600 104857600 50000 100000 50" ] && ok "docker update reaches the cgroup ($files)" || bad "docker update cgroup ($cg): $files"
  $D rm -f "$id" >/dev/null; kill $svc; wait $svc 2>/dev/null
else
  echo "SKIP: docker update through the service (no static docker CLI on the host)"
fi
left=$(find /sys/fs/cgroup/user.slice/user-1000/ctr -mindepth 1 -maxdepth 1 -type d)
[ -z "$left" ] && ok "no container cgroup left behind" || bad "container cgroups left: $left"

# 5. what limits cost: run --rm without a cgroup, with the default one (pids 2048), with --memory (5 each)
t0=$(ms); for i in 1 2 3 4 5; do $R --rm --cgroups=disabled img true; done; t1=$(ms)
for i in 1 2 3 4 5; do $R --rm img true; done; t2=$(ms)
for i in 1 2 3 4 5; do $R --rm --memory 100m img true; done; t3=$(ms)
echo "timing: run --rm true (TCG-emulated VM): $(( (t1 - t0) / 5 )) ms --cgroups=disabled, $(( (t2 - t1) / 5 )) ms default (pids 2048), $(( (t3 - t2) / 5 )) ms --memory 100m"
[ $((t1 - t0)) -gt 0 ] || bad "timing did not run"

# 6. stats --no-stream over 50 containers
for i in $(seq 50); do $R -d --name s$i --memory 32m img sleep 300 >/dev/null; done
t0=$(ms); n=$(ctr stats --no-stream | tail -n +2 | wc -l | tr -d ' '); t1=$(ms)
echo "timing: stats --no-stream on $n containers: $((t1 - t0)) ms (TCG-emulated VM)"
[ "$n" = 50 ] && ok "stats lists 50 containers" || bad "stats listed $n"
for i in $(seq 50); do ctr rm -f s$i >/dev/null; done
exit $fail
