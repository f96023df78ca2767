/* The integration tests' syscall probe (tests/it/security.rs): for each name given, makes
 * that call and prints "NAME ok" or "NAME ERRNO" (EPERM, ENOSYS, ...). Built static with
 * gcc by the test, so it runs in a busybox container. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/keyctl.h>
#include <linux/reboot.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *n = argv[i];
        long r = -1;
        errno = 0;
        if (!strcmp(n, "keyctl")) {
            r = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 1);
        } else if (!strcmp(n, "add_key")) {
            r = syscall(SYS_add_key, "user", "ctr-probe", "v", 1, KEY_SPEC_PROCESS_KEYRING);
        } else if (!strcmp(n, "unshare_user")) {
            r = unshare(CLONE_NEWUSER);
        } else if (!strcmp(n, "mount")) {
            r = mount("none", "/tmp", "tmpfs", 0, NULL);
        } else if (!strcmp(n, "swapon")) {
            r = swapon("/nonexistent", 0);
        } else if (!strcmp(n, "reboot")) {
            r = syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_OFF, NULL);
        } else if (!strcmp(n, "clock_settime")) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            r = syscall(SYS_clock_settime, CLOCK_REALTIME, &ts);
        } else if (!strcmp(n, "mkdir")) {
            r = mkdir("/tmp/probe-dir", 0755);
        } else {
            printf("%s unknown-probe\n", n);
            continue;
        }
        printf("%s %s\n", n, r < 0 ? strerrorname_np(errno) : "ok");
    }
    return 0;
}
