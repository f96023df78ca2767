#!/bin/bash
# Services that stay up: (1) restart latency, from a process's exit to the next run's
# first output, with the restart policy's backoff taken out, ctr next to podman (whose
# restart goes through conmon's exit command and `podman container cleanup`, no backoff);
# (2) the cost of a 1 s health check: the monitor's CPU share and private memory with
# checks running, next to an idle monitor and podman's conmon.
# Results: benches/results/services.md
source "$(dirname "$0")/lib.sh"
S="$BW/store"
busybox_in_both "$S"
C="'$CTR' --root '$S'"

# (1) Each run prints one line and fails: the log's timestamps give the gaps between runs.
# ctr's backoff is 100, 200, 400, 800 ms (docker's); what is left is ctr's own restart.
RUNS=5
as_user "$C run -d --name r --network none --restart on-failure:$RUNS busybox sh -c 'echo run; exit 1' >/dev/null
  for i in \$(seq 300); do [ \"\$($C inspect --format '{{.State.Status}}' r)\" = exited ] && break; sleep 0.1; done
  $C logs -t r > ctr-restart.log"
as_user "podman rm -f pr >/dev/null 2>&1; podman run -d --name pr --network none --restart on-failure:$RUNS localhost/busybox sh -c 'echo run; exit 1' >/dev/null
  for i in \$(seq 300); do [ \"\$(podman inspect --format '{{.State.Status}}' pr)\" = exited ] && [ \"\$(podman inspect --format '{{.RestartCount}}' pr)\" = $RUNS ] && break; sleep 0.1; done
  podman logs -t pr > podman-restart.log; podman rm -f pr >/dev/null"
gaps() { # LOG BACKOFF_MS... -> the gaps (ms) between consecutive lines minus the backoff
  python3 - "$@" <<'EOF'
import sys, datetime, re
lines = [l.split()[0] for l in open(sys.argv[1]) if l.strip()]
def t(s):
    base, _, frac = s.partition('.')
    frac = re.match(r'\d*', frac).group()
    base = datetime.datetime.fromisoformat(base.rstrip('Z')).replace(tzinfo=datetime.timezone.utc)
    return base.timestamp() + float('0.' + (frac or '0'))
ts = [t(x) for x in lines]
back = [float(b) for b in sys.argv[2:]]
out = [(b - a) * 1000 - (back[i] if i < len(back) else 0) for i, (a, b) in enumerate(zip(ts, ts[1:]))]
print(' '.join(f'{g:.1f}' for g in out))
EOF
}
CTR_GAPS=$(as_user "cat ctr-restart.log" > "$BW/c.log"; gaps "$BW/c.log" 100 200 400 800 1600)
POD_GAPS=$(as_user "cat podman-restart.log" > "$BW/p.log"; gaps "$BW/p.log")
median() { tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# (2) A container with a 1 s health check, for 30 s: the monitor's CPU time (utime+stime
# from /proc/PID/stat, in clock ticks) and its Private_Dirty; the same for an idle one.
probe() { # NAME FLAGS -> "cpu% private_dirty_kib checks"
  as_user "$C run -d --name $1 --network none $2 busybox sleep 600 >/dev/null; sleep 1
    pid=\$(pgrep -f \"^/proc/self/exe __monitor \$($C inspect --format '{{.Id}}' $1)\")
    t0=\$(awk '{print \$14+\$15}' /proc/\$pid/stat); sleep 30; t1=\$(awk '{print \$14+\$15}' /proc/\$pid/stat)
    pd=\$(awk '/^Private_Dirty:/{print \$2}' /proc/\$pid/smaps_rollup)
    n=\$($C inspect $1 | python3 -c 'import json,sys; print(len((json.load(sys.stdin)[0][\"State\"].get(\"Health\") or {}).get(\"Log\") or []))')
    echo \"\$(awk -v a=\$t0 -v b=\$t1 -v hz=\$(getconf CLK_TCK) 'BEGIN {printf \"%.2f\", (b-a)*100/hz/30}') \$pd \$n\"
    $C rm -f $1 >/dev/null"
}
HEALTH=$(probe hc "--health-cmd true --health-interval 1s")
IDLE=$(probe idle "")
CONMON=$(as_user "podman run -d --name rss --network none localhost/busybox sleep 600 >/dev/null; sleep 1
  awk '/^Private_Dirty:/{print \$2}' /proc/\$(pgrep -u \$(id -u) -f '^/usr/bin/conmon.*rss' | head -n 1)/smaps_rollup; podman rm -f rss >/dev/null 2>&1")

{
  echo "# Services: restart latency and health-check cost ($(date -u +%F), $(nproc) cores, rootless user)"
  echo
  echo "## Restart latency (exit to the next run's first output, backoff taken out), $RUNS restarts"
  echo
  echo "| engine | per restart (ms) | median (ms) |"
  echo "|:---|:---|---:|"
  echo "| ctr (monitor restarts in place; backoff 100-1600 ms subtracted) | $CTR_GAPS | $(echo $CTR_GAPS | median) |"
  echo "| podman 4.3 (conmon exit command, podman cleanup; no backoff) | $POD_GAPS | $(echo $POD_GAPS | median) |"
  echo
  echo "The gaps include the container's own run (\`sh -c 'echo run; exit 1'\`, ~1 ms) and the log's timestamping."
  echo
  echo "## A 1 s health check, 30 s"
  echo
  echo "| monitor | CPU (%) | Private_Dirty (KiB) | checks logged (last 5 kept) |"
  echo "|:---|---:|---:|---:|"
  set -- $HEALTH; echo "| ctr monitor, --health-interval 1s | $1 | $2 | $3 |"
  set -- $IDLE; echo "| ctr monitor, no health check | $1 | $2 | - |"
  echo "| podman's conmon (no health check: podman needs systemd timers for them) | - | $CONMON | - |"
} | tee "$RESULTS/services.md"
