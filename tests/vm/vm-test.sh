#!/bin/sh
# As root in the VM: delegate a cgroup v2 subtree to uid 1000 the way systemd does for
# user@1000.service, then run the limit tests as that user.
CG=/sys/fs/cgroup
echo "+memory +cpu +pids" > $CG/cgroup.subtree_control
mkdir -p $CG/user.slice && echo "+memory +cpu +pids" > $CG/user.slice/cgroup.subtree_control
U=$CG/user.slice/user-1000; mkdir -p $U
chown 1000:1000 $U $U/cgroup.procs $U/cgroup.subtree_control $U/cgroup.threads
mkdir -p /tmp/home /tmp/run-1000 && chown 1000:1000 /tmp/home /tmp/run-1000 && chmod 700 /tmp/run-1000
chmod 1777 /tmp
echo $$ > $U/cgroup.procs
exec su -s /bin/sh tester -c "env HOME=/tmp/home XDG_RUNTIME_DIR=/tmp/run-1000 PATH=/usr/local/bin:/usr/bin:/bin /bin/sh /vm-user.sh"
