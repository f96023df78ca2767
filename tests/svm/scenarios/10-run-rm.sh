# `ctr run --rm` of a busybox image as tester, with the ctr the package installed.
. "$CTR_SVM/lib.sh"
echo "ctr: $(command -v ctr), $(ctr --version)"
[ "$(command -v ctr)" = /usr/bin/ctr ] && ok "ctr is /usr/bin/ctr" || bad "ctr is $(command -v ctr)"
image
out=$(ctr run --rm "$IMG" echo hello-from-ctr 2>&1)
rc=$?
echo "run --rm (default network): exit $rc, $out"
[ $rc = 0 ] && [ "$out" = hello-from-ctr ] && ok "ctr run --rm echo (default network)" || bad "ctr run --rm: exit $rc: $out"
out=$(ctr run --rm --network none "$IMG" cat /proc/self/uid_map 2>&1)
rc=$?
echo "uid_map in the container: $(echo "$out" | tr -s ' ' | tr '\n' ';')"
case "$(echo "$out" | tr -s ' ' | tr '\n' ';')" in
  *" 0 1000 1;"*" 1 100000 65536;"*) ok "user namespace: 0 -> 1000, 1.. -> 100000 (65536)" ;;
  *) bad "uid_map: $out" ;;
esac
ctr run --rm --network none "$IMG" sh -c 'exit 3'
rc=$?
[ $rc = 3 ] && ok "the container's exit code comes back (3)" || bad "exit code $rc, wanted 3"
left=$(ctr ps -a -q)
[ -z "$left" ] && ok "no container left" || bad "containers left: $left"
finish
