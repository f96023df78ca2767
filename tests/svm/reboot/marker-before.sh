# Reboot demonstration, first boot: leaves a file in tester's home.
. "$CTR_SVM/lib.sh"
[ "$CTR_SVM_BOOT" = 1 ] && ok "this is boot 1" || bad "boot $CTR_SVM_BOOT, wanted 1"
cat /proc/sys/kernel/random/boot_id > "$HOME/svm-reboot-marker"
ok "wrote ~/svm-reboot-marker (boot id $(cat "$HOME/svm-reboot-marker"))"
finish
