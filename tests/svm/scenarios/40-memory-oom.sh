# --memory enforced in the user's delegated cgroup subtree: an allocation above the limit
# is OOM-killed (137, State.OOMKilled), one below it lives.
. "$CTR_SVM/lib.sh"
image
ctr info 2>&1 | grep -i cgroup
ctr run --name oom --network none --memory 50m "$IMG" hog 200
rc=$?
oomk=$(ctr inspect --format '{{.State.OOMKilled}}' oom 2>&1)
echo "hog 200 (MiB) under --memory 50m: exit $rc, OOMKilled=$oomk"
[ $rc = 137 ] && [ "$oomk" = true ] && ok "200 MiB under 50m: OOM-killed (137, OOMKilled)" || bad "200 MiB under 50m: exit $rc, OOMKilled=$oomk"
ctr rm oom > /dev/null
ctr run --rm --network none --memory 50m "$IMG" hog 200
rc=$?
[ $rc = 137 ] && ok "run --rm: exit 137" || bad "run --rm hog 200: exit $rc"
out=$(ctr run --rm --network none --memory 50m "$IMG" hog 20 2>&1)
rc=$?
[ $rc = 0 ] && ok "20 MiB under 50m lives ($out)" || bad "hog 20 under 50m: exit $rc: $out"
ctr run -d --name lim --network none --memory 50m "$IMG" sleep 60 > /dev/null
pid=$(ctr inspect --format '{{.State.Pid}}' lim)
cg=/sys/fs/cgroup$(cut -d: -f3 /proc/$pid/cgroup)
echo "container cgroup: $cg, memory.max $(cat $cg/memory.max 2>&1)"
[ "$(cat $cg/memory.max 2>/dev/null)" = 52428800 ] && ok "memory.max 52428800 in $cg" || bad "memory.max in $cg: $(cat $cg/memory.max 2>&1)"
ctr rm -f lim > /dev/null
finish
