# Before a reboot: ctr-restart.service enabled, a --restart always container running, an
# unless-stopped one stopped by the user (reboot/restart-after.sh checks them).
. "$CTR_SVM/lib.sh"
image
systemctl --user enable ctr-restart.service 2>&1
ctr run -d --restart always --name keep --network none "$IMG" sleep 1000 && ok "keep started" || bad "run -d --restart always"
ctr run -d --restart unless-stopped --name down --network none "$IMG" sleep 1000 >/dev/null && ctr stop -t 1 down >/dev/null
ctr ps -a
finish
