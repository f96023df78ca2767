# Reboot demonstration, second boot: the first boot's file is there, from another boot.
. "$CTR_SVM/lib.sh"
[ "$CTR_SVM_BOOT" = 2 ] && ok "this is boot 2" || bad "boot $CTR_SVM_BOOT, wanted 2"
before=$(cat "$HOME/svm-reboot-marker" 2>&1)
now=$(cat /proc/sys/kernel/random/boot_id)
echo "boot id then: $before, now: $now"
[ -f "$HOME/svm-reboot-marker" ] && [ "$before" != "$now" ] && ok "boot 1's file survived the reboot" || bad "marker: $before"
finish
