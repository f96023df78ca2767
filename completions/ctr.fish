# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ctr_global_optspecs
    string join \n root= runroot= storage-driver= runtime= H/host= tlsverify tlscacert= tlscert= tlskey= h/help V/version
end

function __fish_ctr_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ctr_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ctr_using_subcommand
    set -l cmd (__fish_ctr_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ctr -n "__fish_ctr_needs_command" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_needs_command" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_needs_command" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_needs_command" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_needs_command" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_needs_command" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_needs_command" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_needs_command" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_needs_command" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ctr -n "__fish_ctr_needs_command" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "run" -d 'Create and start a container'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "create" -d 'Create a container without starting it'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "start" -d 'Start containers'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "stop" -d 'Stop containers (the stop signal, then SIGKILL after a timeout)'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "kill" -d 'Send a signal to containers'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "pause" -d 'Pause every process of running containers'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "unpause" -d 'Resume paused containers'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "restart" -d 'Restart containers'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "rm" -d 'Remove containers'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "ps" -d 'List containers'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "logs" -d 'Show a container\'s output'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "wait" -d 'Wait for containers to exit and print their exit codes'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "exec" -d 'Run a command in a running container'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "rename" -d 'Rename a container'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "attach" -d 'Attach to a running container\'s output (and input)'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "top" -d 'Show a container\'s running processes'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "port" -d 'List a container\'s published ports'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "update" -d 'Change the resource limits of containers'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "stats" -d 'Show containers\' resource usage'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "diff" -d 'Show what a container changed in its file system'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "commit" -d 'Create an image from a container\'s changes'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "export" -d 'Write a container\'s file system as a tar archive'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "cp" -d 'Copy files between a container and the host (CONTAINER:PATH on one side)'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "container" -d 'Manage containers'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "images" -d 'List images in local storage'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "image" -d 'Manage images'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "pull" -d 'Pull an image from a registry'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "push" -d 'Push an image to a registry'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "login" -d 'Log in to a registry (stores credentials in auth.json)'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "logout" -d 'Log out of a registry (removes stored credentials)'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "load" -d 'Load images from an archive (docker-archive, oci-archive or an OCI layout directory)'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "save" -d 'Save images to an archive'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "import" -d 'Create an image from a root filesystem tarball'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "build" -d 'Build an image from a Dockerfile'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "history" -d 'Show an image\'s history (its layers and the steps that made them)'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "tag" -d 'Add a name to an image'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "rmi" -d 'Remove images'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "inspect" -d 'Show details of containers or images as JSON'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "volume" -d 'Manage volumes'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "network" -d 'Manage networks'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "pod" -d 'Manage pods: groups of containers that share network, IPC and UTS namespaces'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "kube" -d 'Kubernetes YAML: generate it from containers and pods, play it, take it down'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "system" -d 'System-wide information and cleanup'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "unshare" -d 'Run a command in ctr\'s user namespace (to inspect or remove files in the store)'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "version" -d 'Show version information'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "info" -d 'Show system information (like `ctr system check`)'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "quadlet" -d 'Turn Quadlet files (.container, .volume, .network, .pod) into systemd services'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "healthcheck" -d 'Run a container\'s health check'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "generate" -d 'Generate files other tools run: a Quadlet .container file from a container'
complete -c ctr -n "__fish_ctr_using_subcommand run" -l detach-keys -d 'Keys that detach from the container and leave it running (default ctrl-p,ctrl-q; "" for none)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l name -d 'Assign a name to the container' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -s e -l env -d 'Set environment variables (KEY=VALUE, or KEY to pass the caller\'s value)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l env-file -d 'Read environment variables from a file (KEY=VALUE lines)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand run" -s w -l workdir -d 'Working directory inside the container' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -s u -l user -d 'Run as this user (name|uid[:group|gid])' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l entrypoint -d 'Override the image\'s entrypoint ("" to clear it)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -s h -l hostname -d 'Container host name' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l cap-add -d 'Add Linux capabilities (or ALL)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l cap-drop -d 'Drop Linux capabilities (or ALL)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l security-opt -d 'Security options: seccomp=FILE|unconfined|builtin, no-new-privileges[=true|false], label=disable, apparmor=unconfined, mask=PATHS, unmask=ALL|PATHS' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l device -d 'Give a host device: /dev/X[:/dev/Y][:PERMS] (PERMS of r, w, m), or a CDI device vendor.com/class=name' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l network -d 'Network: a user network NAME[:ip=IP,alias=A,mac=MAC] (repeat for several), or slirp4netns[:OPTS] (default when installed), pasta[:ARGS], none, host, container:NAME, ns:PATH' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l ip -d 'The container\'s IPv4 address on its (first) user network' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l network-alias -d 'A name the container is also known by on its (first) user network' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l mac-address -d 'The container\'s MAC address on its (first) user network' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -s p -l publish -d 'Publish a container port on the host: [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp] (ranges: 8000-8001:80-81)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l dns -d 'DNS server for the container\'s /etc/resolv.conf' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l dns-search -d 'DNS search domain for the container\'s /etc/resolv.conf ("." for none)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l dns-option -d 'DNS resolver option for the container\'s /etc/resolv.conf' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l add-host -d 'Add a line to the container\'s /etc/hosts (NAME:IP)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -s v -l volume -d 'Mount a volume or host path: [NAME|/HOST/PATH:]/TARGET[:ro|rw,U,z,Z,nocopy]' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l mount -d 'Mount: type=bind|volume|tmpfs,source=,target=[,readonly][,bind-propagation=][,volume-nocopy][,volume-subpath=][,tmpfs-size=][,tmpfs-mode=]' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l tmpfs -d 'Mount a tmpfs: /TARGET[:size=64m,mode=1777,...]' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l volumes-from -d 'Mount the volumes of another container: CONTAINER[:ro|rw]' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -s m -l memory -d 'Memory limit (e.g. 100m, 1g)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l memory-reservation -d 'Memory soft limit (memory.low)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l memory-swap -d 'Memory plus swap limit (-1: unlimited swap)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l cpus -d 'Number of CPUs (e.g. 0.5)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -s c -l cpu-shares -d 'CPU shares (relative weight, 2-262144; docker\'s scale)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l cpu-weight -d 'CPU weight (cgroup v2\'s scale, 1-10000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l cpu-quota -d 'CPU CFS quota in microseconds per period' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l cpu-period -d 'CPU CFS period in microseconds (default 100000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l cpuset-cpus -d 'CPUs the container may run on (e.g. 0-1, 0,2)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l cpuset-mems -d 'Memory nodes the container may use' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l pids-limit -d 'Process limit (default 2048 where cgroups are available; -1 or 0: unlimited)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l blkio-weight -d 'Block IO weight (10-1000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l cgroups -d 'cgroups: enabled (default), disabled (no cgroup: limits are refused), or split (the container\'s cgroup below the cgroup ctr runs in, e.g. a systemd unit\'s)' -r -f -a "enabled\t''
disabled\t''
split\t''"
complete -c ctr -n "__fish_ctr_using_subcommand run" -l restart -d 'Restart policy: no, on-failure[:MAX_RETRIES], always, unless-stopped' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l health-cmd -d 'Health check: a shell command, or a JSON array for the exec form (overrides the image\'s HEALTHCHECK)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l health-interval -d 'Time between health checks (e.g. 30s; default 30s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l health-timeout -d 'Time a health check may take (default 30s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l health-retries -d 'Failures in a row that make the container unhealthy (default 3)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l health-start-period -d 'Time after start when failing checks do not count' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l health-start-interval -d 'Time between health checks during the start period (default 5s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l health-on-failure -d 'What to do when the container turns unhealthy' -r -f -a "none\t''
kill\t''
restart\t''
stop\t''"
complete -c ctr -n "__fish_ctr_using_subcommand run" -l sdnotify -d 'Under a Type=notify systemd unit: who says READY=1: conmon (ctr, once the container\'s process runs), container (the container itself, through NOTIFY_SOCKET), healthy (after the first passing health check), ignore' -r -f -a "conmon\t'ctr: MAINPID=<monitor> and READY=1 once the container\'s process has started'
container\t'The container: the socket is passed in and its READY=1 relayed'
healthy\t'READY=1 after the first passing health check'
ignore\t'Nothing is sent'"
complete -c ctr -n "__fish_ctr_using_subcommand run" -l stop-timeout -d 'Seconds to wait after the stop signal before SIGKILL (default 10)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l cidfile -d 'Write the container\'s id to this file (which must not exist)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand run" -l userns -d 'User namespace: private (unprivileged: the default, your pause namespace), keep-id[:uid=UID,gid=GID] (your uid and gid inside), nomap (your own id left out), auto[:size=N] (a slice of ids of its own), host (as root, the default)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l pod -d 'Run in this pod (name or id), sharing its namespaces; new:NAME makes the pod' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l uidmap -d 'Map container uids CONTAINER:FROM:SIZE (FROM: an id of your user namespace, 0 = you, 1.. your subordinate ids; @ID a host id; as root, host ids); repeatable' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l gidmap -d 'Map container gids CONTAINER:FROM:SIZE, as --uidmap does uids (default: the --uidmap ranges)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l pid -d 'PID namespace: private (the default) or host (the host\'s processes, its /proc)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l uts -d 'UTS namespace: private (the default) or host (the host\'s name)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l ipc -d 'IPC namespace: private (the default), shareable or host' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l cgroupns -d 'Cgroup namespace: private (the default) or host' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l group-add -d 'Add a supplementary group (numeric gid) to the container\'s process, or keep-groups: keep the supplementary groups of the user who runs it' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -s l -l label -d 'Set metadata on the container (KEY=VALUE)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l pull -d 'Pull the image: missing (default), always, never, newer' -r -f -a "missing\t'Pull only when the image is not here'
always\t'Always pull (layers already here are not fetched again)'
never\t'Never pull: fail when the image is not here'
newer\t'Pull when the registry has a different image than the one here'"
complete -c ctr -n "__fish_ctr_using_subcommand run" -l platform -d 'Platform to pull if the image must be pulled: OS/ARCH[/VARIANT]' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l tls-verify -d 'Require HTTPS and verify certificates (--tls-verify=false for a plain-HTTP or self-signed registry)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand run" -l authfile -d 'Credentials file (default: $XDG_RUNTIME_DIR/containers/auth.json; also read: ~/.config/containers/auth.json, ~/.docker/config.json)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand run" -l creds -d 'Credentials to use (USERNAME:PASSWORD) instead of the stored ones' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand run" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand run" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand run" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand run" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand run" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand run" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand run" -s d -l detach -d 'Run in the background and print the container id'
complete -c ctr -n "__fish_ctr_using_subcommand run" -l help -d 'Print help (-h is --hostname here, as in docker)'
complete -c ctr -n "__fish_ctr_using_subcommand run" -s t -l tty -d 'Allocate a pseudo-terminal'
complete -c ctr -n "__fish_ctr_using_subcommand run" -s i -l interactive -d 'Keep stdin open'
complete -c ctr -n "__fish_ctr_using_subcommand run" -l init -d 'Run a tiny init as pid 1 that forwards signals and reaps zombies'
complete -c ctr -n "__fish_ctr_using_subcommand run" -l read-only -d 'Mount the container\'s root filesystem read-only'
complete -c ctr -n "__fish_ctr_using_subcommand run" -l privileged -d 'Every capability of the container\'s user namespace, no seccomp filter, /proc and /sys unmasked, the host\'s devices (rootless: never more than the user has)'
complete -c ctr -n "__fish_ctr_using_subcommand run" -s P -l publish-all -d 'Publish every port the image exposes on a free host port'
complete -c ctr -n "__fish_ctr_using_subcommand run" -l rm -d 'Remove the container when it exits'
complete -c ctr -n "__fish_ctr_using_subcommand run" -l no-healthcheck -d 'Disable any health check (also the image\'s)'
complete -c ctr -n "__fish_ctr_using_subcommand run" -l replace -d 'Remove a container of the same name first (running or not)'
complete -c ctr -n "__fish_ctr_using_subcommand run" -s q -l quiet -d 'Show no pull progress'
complete -c ctr -n "__fish_ctr_using_subcommand run" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand run" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand create" -l name -d 'Assign a name to the container' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -s e -l env -d 'Set environment variables (KEY=VALUE, or KEY to pass the caller\'s value)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l env-file -d 'Read environment variables from a file (KEY=VALUE lines)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand create" -s w -l workdir -d 'Working directory inside the container' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -s u -l user -d 'Run as this user (name|uid[:group|gid])' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l entrypoint -d 'Override the image\'s entrypoint ("" to clear it)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -s h -l hostname -d 'Container host name' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l cap-add -d 'Add Linux capabilities (or ALL)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l cap-drop -d 'Drop Linux capabilities (or ALL)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l security-opt -d 'Security options: seccomp=FILE|unconfined|builtin, no-new-privileges[=true|false], label=disable, apparmor=unconfined, mask=PATHS, unmask=ALL|PATHS' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l device -d 'Give a host device: /dev/X[:/dev/Y][:PERMS] (PERMS of r, w, m), or a CDI device vendor.com/class=name' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l network -d 'Network: a user network NAME[:ip=IP,alias=A,mac=MAC] (repeat for several), or slirp4netns[:OPTS] (default when installed), pasta[:ARGS], none, host, container:NAME, ns:PATH' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l ip -d 'The container\'s IPv4 address on its (first) user network' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l network-alias -d 'A name the container is also known by on its (first) user network' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l mac-address -d 'The container\'s MAC address on its (first) user network' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -s p -l publish -d 'Publish a container port on the host: [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp] (ranges: 8000-8001:80-81)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l dns -d 'DNS server for the container\'s /etc/resolv.conf' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l dns-search -d 'DNS search domain for the container\'s /etc/resolv.conf ("." for none)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l dns-option -d 'DNS resolver option for the container\'s /etc/resolv.conf' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l add-host -d 'Add a line to the container\'s /etc/hosts (NAME:IP)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -s v -l volume -d 'Mount a volume or host path: [NAME|/HOST/PATH:]/TARGET[:ro|rw,U,z,Z,nocopy]' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l mount -d 'Mount: type=bind|volume|tmpfs,source=,target=[,readonly][,bind-propagation=][,volume-nocopy][,volume-subpath=][,tmpfs-size=][,tmpfs-mode=]' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l tmpfs -d 'Mount a tmpfs: /TARGET[:size=64m,mode=1777,...]' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l volumes-from -d 'Mount the volumes of another container: CONTAINER[:ro|rw]' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -s m -l memory -d 'Memory limit (e.g. 100m, 1g)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l memory-reservation -d 'Memory soft limit (memory.low)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l memory-swap -d 'Memory plus swap limit (-1: unlimited swap)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l cpus -d 'Number of CPUs (e.g. 0.5)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -s c -l cpu-shares -d 'CPU shares (relative weight, 2-262144; docker\'s scale)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l cpu-weight -d 'CPU weight (cgroup v2\'s scale, 1-10000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l cpu-quota -d 'CPU CFS quota in microseconds per period' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l cpu-period -d 'CPU CFS period in microseconds (default 100000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l cpuset-cpus -d 'CPUs the container may run on (e.g. 0-1, 0,2)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l cpuset-mems -d 'Memory nodes the container may use' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l pids-limit -d 'Process limit (default 2048 where cgroups are available; -1 or 0: unlimited)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l blkio-weight -d 'Block IO weight (10-1000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l cgroups -d 'cgroups: enabled (default), disabled (no cgroup: limits are refused), or split (the container\'s cgroup below the cgroup ctr runs in, e.g. a systemd unit\'s)' -r -f -a "enabled\t''
disabled\t''
split\t''"
complete -c ctr -n "__fish_ctr_using_subcommand create" -l restart -d 'Restart policy: no, on-failure[:MAX_RETRIES], always, unless-stopped' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l health-cmd -d 'Health check: a shell command, or a JSON array for the exec form (overrides the image\'s HEALTHCHECK)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l health-interval -d 'Time between health checks (e.g. 30s; default 30s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l health-timeout -d 'Time a health check may take (default 30s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l health-retries -d 'Failures in a row that make the container unhealthy (default 3)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l health-start-period -d 'Time after start when failing checks do not count' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l health-start-interval -d 'Time between health checks during the start period (default 5s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l health-on-failure -d 'What to do when the container turns unhealthy' -r -f -a "none\t''
kill\t''
restart\t''
stop\t''"
complete -c ctr -n "__fish_ctr_using_subcommand create" -l sdnotify -d 'Under a Type=notify systemd unit: who says READY=1: conmon (ctr, once the container\'s process runs), container (the container itself, through NOTIFY_SOCKET), healthy (after the first passing health check), ignore' -r -f -a "conmon\t'ctr: MAINPID=<monitor> and READY=1 once the container\'s process has started'
container\t'The container: the socket is passed in and its READY=1 relayed'
healthy\t'READY=1 after the first passing health check'
ignore\t'Nothing is sent'"
complete -c ctr -n "__fish_ctr_using_subcommand create" -l stop-timeout -d 'Seconds to wait after the stop signal before SIGKILL (default 10)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l cidfile -d 'Write the container\'s id to this file (which must not exist)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand create" -l userns -d 'User namespace: private (unprivileged: the default, your pause namespace), keep-id[:uid=UID,gid=GID] (your uid and gid inside), nomap (your own id left out), auto[:size=N] (a slice of ids of its own), host (as root, the default)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l pod -d 'Run in this pod (name or id), sharing its namespaces; new:NAME makes the pod' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l uidmap -d 'Map container uids CONTAINER:FROM:SIZE (FROM: an id of your user namespace, 0 = you, 1.. your subordinate ids; @ID a host id; as root, host ids); repeatable' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l gidmap -d 'Map container gids CONTAINER:FROM:SIZE, as --uidmap does uids (default: the --uidmap ranges)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l pid -d 'PID namespace: private (the default) or host (the host\'s processes, its /proc)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l uts -d 'UTS namespace: private (the default) or host (the host\'s name)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l ipc -d 'IPC namespace: private (the default), shareable or host' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l cgroupns -d 'Cgroup namespace: private (the default) or host' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l group-add -d 'Add a supplementary group (numeric gid) to the container\'s process, or keep-groups: keep the supplementary groups of the user who runs it' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -s l -l label -d 'Set metadata on the container (KEY=VALUE)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l pull -d 'Pull the image: missing (default), always, never, newer' -r -f -a "missing\t'Pull only when the image is not here'
always\t'Always pull (layers already here are not fetched again)'
never\t'Never pull: fail when the image is not here'
newer\t'Pull when the registry has a different image than the one here'"
complete -c ctr -n "__fish_ctr_using_subcommand create" -l platform -d 'Platform to pull if the image must be pulled: OS/ARCH[/VARIANT]' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l tls-verify -d 'Require HTTPS and verify certificates (--tls-verify=false for a plain-HTTP or self-signed registry)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand create" -l authfile -d 'Credentials file (default: $XDG_RUNTIME_DIR/containers/auth.json; also read: ~/.config/containers/auth.json, ~/.docker/config.json)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand create" -l creds -d 'Credentials to use (USERNAME:PASSWORD) instead of the stored ones' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand create" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand create" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand create" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand create" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand create" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand create" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand create" -l help -d 'Print help (-h is --hostname here, as in docker)'
complete -c ctr -n "__fish_ctr_using_subcommand create" -s t -l tty -d 'Allocate a pseudo-terminal'
complete -c ctr -n "__fish_ctr_using_subcommand create" -s i -l interactive -d 'Keep stdin open'
complete -c ctr -n "__fish_ctr_using_subcommand create" -l init -d 'Run a tiny init as pid 1 that forwards signals and reaps zombies'
complete -c ctr -n "__fish_ctr_using_subcommand create" -l read-only -d 'Mount the container\'s root filesystem read-only'
complete -c ctr -n "__fish_ctr_using_subcommand create" -l privileged -d 'Every capability of the container\'s user namespace, no seccomp filter, /proc and /sys unmasked, the host\'s devices (rootless: never more than the user has)'
complete -c ctr -n "__fish_ctr_using_subcommand create" -s P -l publish-all -d 'Publish every port the image exposes on a free host port'
complete -c ctr -n "__fish_ctr_using_subcommand create" -l rm -d 'Remove the container when it exits'
complete -c ctr -n "__fish_ctr_using_subcommand create" -l no-healthcheck -d 'Disable any health check (also the image\'s)'
complete -c ctr -n "__fish_ctr_using_subcommand create" -l replace -d 'Remove a container of the same name first (running or not)'
complete -c ctr -n "__fish_ctr_using_subcommand create" -s q -l quiet -d 'Show no pull progress'
complete -c ctr -n "__fish_ctr_using_subcommand create" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand create" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand start" -l detach-keys -d 'Keys that detach from the container and leave it running (default ctrl-p,ctrl-q; "" for none)' -r
complete -c ctr -n "__fish_ctr_using_subcommand start" -l filter -d 'With --all: restart-policy=POLICY (repeatable: any of them), name=, label=, status=' -r
complete -c ctr -n "__fish_ctr_using_subcommand start" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand start" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand start" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand start" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand start" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand start" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand start" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand start" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand start" -s a -l attach -d 'Attach to the container\'s output and exit with its code'
complete -c ctr -n "__fish_ctr_using_subcommand start" -l all -d 'Start every container (that the filters select)'
complete -c ctr -n "__fish_ctr_using_subcommand start" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand start" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand start" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand stop" -s t -l time -d 'Seconds to wait before killing the container (default: its --stop-timeout, else 10)' -r
complete -c ctr -n "__fish_ctr_using_subcommand stop" -l cidfile -d 'Read the container\'s id from this file' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand stop" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand stop" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand stop" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand stop" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand stop" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand stop" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand stop" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand stop" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand stop" -s i -l ignore -d 'No error for a container that does not exist'
complete -c ctr -n "__fish_ctr_using_subcommand stop" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand stop" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand stop" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand kill" -s s -l signal -d 'Signal to send (name or number)' -r
complete -c ctr -n "__fish_ctr_using_subcommand kill" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kill" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kill" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand kill" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kill" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand kill" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kill" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kill" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kill" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand kill" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand kill" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pause" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pause" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pause" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pause" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pause" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pause" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pause" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pause" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pause" -s a -l all -d 'Every running (pause) or paused (unpause) container'
complete -c ctr -n "__fish_ctr_using_subcommand pause" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pause" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pause" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand unpause" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand unpause" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand unpause" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand unpause" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand unpause" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand unpause" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand unpause" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand unpause" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand unpause" -s a -l all -d 'Every running (pause) or paused (unpause) container'
complete -c ctr -n "__fish_ctr_using_subcommand unpause" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand unpause" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand unpause" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand restart" -s t -l time -d 'Seconds to wait before killing the container (default: its --stop-timeout, else 10)' -r
complete -c ctr -n "__fish_ctr_using_subcommand restart" -l cidfile -d 'Read the container\'s id from this file' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand restart" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand restart" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand restart" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand restart" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand restart" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand restart" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand restart" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand restart" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand restart" -s i -l ignore -d 'No error for a container that does not exist'
complete -c ctr -n "__fish_ctr_using_subcommand restart" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand restart" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand restart" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand rm" -l cidfile -d 'Read the container\'s id from this file' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rm" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rm" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rm" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand rm" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rm" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand rm" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rm" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rm" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rm" -s f -l force -d 'Kill and remove running containers'
complete -c ctr -n "__fish_ctr_using_subcommand rm" -s v -l volumes -d 'Remove the container\'s anonymous volumes too'
complete -c ctr -n "__fish_ctr_using_subcommand rm" -s i -l ignore -d 'No error for a container that does not exist'
complete -c ctr -n "__fish_ctr_using_subcommand rm" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand rm" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand rm" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand ps" -l format -d 'Output format: table, json, or a Go template such as \'{{.Names}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand ps" -s f -l filter -d 'Filter: status=, name=, ancestor=, id=' -r
complete -c ctr -n "__fish_ctr_using_subcommand ps" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand ps" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand ps" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand ps" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand ps" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand ps" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand ps" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand ps" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand ps" -s a -l all -d 'Show all containers (default: only running)'
complete -c ctr -n "__fish_ctr_using_subcommand ps" -s q -l quiet -d 'Show only container ids'
complete -c ctr -n "__fish_ctr_using_subcommand ps" -l no-trunc -d 'Do not truncate output'
complete -c ctr -n "__fish_ctr_using_subcommand ps" -s p -l pod -d 'Show the pod of each container (POD ID and PODNAME columns)'
complete -c ctr -n "__fish_ctr_using_subcommand ps" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand ps" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand ps" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand logs" -l tail -d 'Show only the last N lines' -r
complete -c ctr -n "__fish_ctr_using_subcommand logs" -l since -d 'Show lines since a time (RFC 3339) or a duration ago (10s, 5m, 1h)' -r
complete -c ctr -n "__fish_ctr_using_subcommand logs" -l until -d 'Show lines up to a time (RFC 3339, unix seconds) or a duration ago (10s, 5m, 1h)' -r
complete -c ctr -n "__fish_ctr_using_subcommand logs" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand logs" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand logs" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand logs" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand logs" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand logs" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand logs" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand logs" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand logs" -s f -l follow -d 'Follow the log until the container exits'
complete -c ctr -n "__fish_ctr_using_subcommand logs" -s t -l timestamps -d 'Show timestamps'
complete -c ctr -n "__fish_ctr_using_subcommand logs" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand logs" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand logs" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand wait" -l condition -d 'What to wait for: stopped/exited (default), running, healthy, unhealthy' -r -f -a "stopped\t''
exited\t''
running\t''
healthy\t''
unhealthy\t''"
complete -c ctr -n "__fish_ctr_using_subcommand wait" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand wait" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand wait" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand wait" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand wait" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand wait" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand wait" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand wait" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand wait" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand wait" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand wait" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand exec" -s e -l env -d 'Set environment variables' -r
complete -c ctr -n "__fish_ctr_using_subcommand exec" -s w -l workdir -d 'Working directory inside the container' -r
complete -c ctr -n "__fish_ctr_using_subcommand exec" -s u -l user -d 'Run as this user (name|uid[:group|gid])' -r
complete -c ctr -n "__fish_ctr_using_subcommand exec" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand exec" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand exec" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand exec" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand exec" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand exec" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand exec" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand exec" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand exec" -s i -l interactive -d 'Keep stdin open'
complete -c ctr -n "__fish_ctr_using_subcommand exec" -s t -l tty -d 'Allocate a pseudo-terminal'
complete -c ctr -n "__fish_ctr_using_subcommand exec" -s d -l detach -d 'Run in the background'
complete -c ctr -n "__fish_ctr_using_subcommand exec" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand exec" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand exec" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand rename" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rename" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rename" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand rename" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rename" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand rename" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rename" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rename" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rename" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand rename" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand rename" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand attach" -l detach-keys -d 'Keys that detach from the container and leave it running (default ctrl-p,ctrl-q; "" for none)' -r
complete -c ctr -n "__fish_ctr_using_subcommand attach" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand attach" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand attach" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand attach" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand attach" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand attach" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand attach" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand attach" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand attach" -l no-stdin -d 'Do not forward stdin'
complete -c ctr -n "__fish_ctr_using_subcommand attach" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand attach" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand attach" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand top" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand top" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand top" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand top" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand top" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand top" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand top" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand top" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand top" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand top" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand top" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand port" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand port" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand port" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand port" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand port" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand port" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand port" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand port" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand port" -s a -l all -d 'Show the ports of every running container'
complete -c ctr -n "__fish_ctr_using_subcommand port" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand port" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand port" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand update" -s m -l memory -d 'Memory limit (e.g. 100m, 1g)' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -l memory-reservation -d 'Memory soft limit (memory.low)' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -l memory-swap -d 'Memory plus swap limit (-1: unlimited swap)' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -l cpus -d 'Number of CPUs (e.g. 0.5)' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -s c -l cpu-shares -d 'CPU shares (relative weight, 2-262144; docker\'s scale)' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -l cpu-weight -d 'CPU weight (cgroup v2\'s scale, 1-10000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -l cpu-quota -d 'CPU CFS quota in microseconds per period' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -l cpu-period -d 'CPU CFS period in microseconds (default 100000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -l cpuset-cpus -d 'CPUs the container may run on (e.g. 0-1, 0,2)' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -l cpuset-mems -d 'Memory nodes the container may use' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -l pids-limit -d 'Process limit (default 2048 where cgroups are available; -1 or 0: unlimited)' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -l blkio-weight -d 'Block IO weight (10-1000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -l restart -d 'New restart policy: no, on-failure[:MAX_RETRIES], always, unless-stopped' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand update" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand update" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand update" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand update" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand update" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand update" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand update" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand update" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand update" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand stats" -l format -d 'Output format: table, json, or a Go template' -r
complete -c ctr -n "__fish_ctr_using_subcommand stats" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand stats" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand stats" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand stats" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand stats" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand stats" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand stats" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand stats" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand stats" -l no-stream -d 'Print one sample and exit'
complete -c ctr -n "__fish_ctr_using_subcommand stats" -s a -l all -d 'Show all containers (default: running)'
complete -c ctr -n "__fish_ctr_using_subcommand stats" -l no-trunc -d 'Do not truncate ids'
complete -c ctr -n "__fish_ctr_using_subcommand stats" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand stats" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand stats" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand diff" -l format -d 'Output format: table or json' -r
complete -c ctr -n "__fish_ctr_using_subcommand diff" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand diff" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand diff" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand diff" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand diff" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand diff" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand diff" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand diff" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand diff" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand diff" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand diff" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand commit" -s c -l change -d 'Apply a Dockerfile instruction to the new image\'s config (CMD, ENV, ...)' -r
complete -c ctr -n "__fish_ctr_using_subcommand commit" -s m -l message -d 'Commit message' -r
complete -c ctr -n "__fish_ctr_using_subcommand commit" -s a -l author -d 'Author of the image' -r
complete -c ctr -n "__fish_ctr_using_subcommand commit" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand commit" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand commit" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand commit" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand commit" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand commit" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand commit" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand commit" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand commit" -s p -l pause -d 'Pause the container while committing'
complete -c ctr -n "__fish_ctr_using_subcommand commit" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand commit" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand commit" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand export" -s o -l output -d 'Write to this file instead of stdout' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand export" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand export" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand export" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand export" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand export" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand export" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand export" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand export" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand export" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand export" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand export" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand cp" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand cp" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand cp" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand cp" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand cp" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand cp" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand cp" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand cp" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand cp" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand cp" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand cp" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "ls" -d 'List containers'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "ps" -d 'List containers'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "list" -d 'List containers'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "run" -d 'Create and start a container'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "create" -d 'Create a container'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "start" -d 'Start containers'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "stop" -d 'Stop containers'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "kill" -d 'Send a signal to containers'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "pause" -d 'Pause every process of running containers'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "unpause" -d 'Resume paused containers'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "restart" -d 'Restart containers'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "rm" -d 'Remove containers'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "logs" -d 'Show a container\'s output'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "wait" -d 'Wait for containers to exit'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "exec" -d 'Run a command in a running container'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "inspect" -d 'Show details of containers as JSON'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "rename" -d 'Rename a container'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "prune" -d 'Remove all stopped containers'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "attach" -d 'Attach to a running container'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "top" -d 'Show a container\'s running processes'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "port" -d 'List a container\'s published ports'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "diff" -d 'Show what a container changed in its file system'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "commit" -d 'Create an image from a container\'s changes'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "export" -d 'Write a container\'s file system as a tar archive'
complete -c ctr -n "__fish_ctr_using_subcommand container; and not __fish_seen_subcommand_from ls ps list run create start stop kill pause unpause restart rm logs wait exec inspect rename prune attach top port diff commit export cp" -f -a "cp" -d 'Copy files between a container and the host'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -l format -d 'Output format: table, json, or a Go template such as \'{{.Names}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -s f -l filter -d 'Filter: status=, name=, ancestor=, id=' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -s a -l all -d 'Show all containers (default: only running)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Show only container ids'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -l no-trunc -d 'Do not truncate output'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -s p -l pod -d 'Show the pod of each container (POD ID and PODNAME columns)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -l format -d 'Output format: table, json, or a Go template such as \'{{.Names}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -s f -l filter -d 'Filter: status=, name=, ancestor=, id=' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -s a -l all -d 'Show all containers (default: only running)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -s q -l quiet -d 'Show only container ids'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -l no-trunc -d 'Do not truncate output'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -s p -l pod -d 'Show the pod of each container (POD ID and PODNAME columns)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from ps" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -l format -d 'Output format: table, json, or a Go template such as \'{{.Names}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -s f -l filter -d 'Filter: status=, name=, ancestor=, id=' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -s a -l all -d 'Show all containers (default: only running)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Show only container ids'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -l no-trunc -d 'Do not truncate output'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -s p -l pod -d 'Show the pod of each container (POD ID and PODNAME columns)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l detach-keys -d 'Keys that detach from the container and leave it running (default ctrl-p,ctrl-q; "" for none)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l name -d 'Assign a name to the container' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s e -l env -d 'Set environment variables (KEY=VALUE, or KEY to pass the caller\'s value)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l env-file -d 'Read environment variables from a file (KEY=VALUE lines)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s w -l workdir -d 'Working directory inside the container' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s u -l user -d 'Run as this user (name|uid[:group|gid])' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l entrypoint -d 'Override the image\'s entrypoint ("" to clear it)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s h -l hostname -d 'Container host name' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l cap-add -d 'Add Linux capabilities (or ALL)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l cap-drop -d 'Drop Linux capabilities (or ALL)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l security-opt -d 'Security options: seccomp=FILE|unconfined|builtin, no-new-privileges[=true|false], label=disable, apparmor=unconfined, mask=PATHS, unmask=ALL|PATHS' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l device -d 'Give a host device: /dev/X[:/dev/Y][:PERMS] (PERMS of r, w, m), or a CDI device vendor.com/class=name' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l network -d 'Network: a user network NAME[:ip=IP,alias=A,mac=MAC] (repeat for several), or slirp4netns[:OPTS] (default when installed), pasta[:ARGS], none, host, container:NAME, ns:PATH' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l ip -d 'The container\'s IPv4 address on its (first) user network' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l network-alias -d 'A name the container is also known by on its (first) user network' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l mac-address -d 'The container\'s MAC address on its (first) user network' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s p -l publish -d 'Publish a container port on the host: [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp] (ranges: 8000-8001:80-81)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l dns -d 'DNS server for the container\'s /etc/resolv.conf' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l dns-search -d 'DNS search domain for the container\'s /etc/resolv.conf ("." for none)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l dns-option -d 'DNS resolver option for the container\'s /etc/resolv.conf' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l add-host -d 'Add a line to the container\'s /etc/hosts (NAME:IP)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s v -l volume -d 'Mount a volume or host path: [NAME|/HOST/PATH:]/TARGET[:ro|rw,U,z,Z,nocopy]' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l mount -d 'Mount: type=bind|volume|tmpfs,source=,target=[,readonly][,bind-propagation=][,volume-nocopy][,volume-subpath=][,tmpfs-size=][,tmpfs-mode=]' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l tmpfs -d 'Mount a tmpfs: /TARGET[:size=64m,mode=1777,...]' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l volumes-from -d 'Mount the volumes of another container: CONTAINER[:ro|rw]' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s m -l memory -d 'Memory limit (e.g. 100m, 1g)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l memory-reservation -d 'Memory soft limit (memory.low)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l memory-swap -d 'Memory plus swap limit (-1: unlimited swap)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l cpus -d 'Number of CPUs (e.g. 0.5)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s c -l cpu-shares -d 'CPU shares (relative weight, 2-262144; docker\'s scale)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l cpu-weight -d 'CPU weight (cgroup v2\'s scale, 1-10000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l cpu-quota -d 'CPU CFS quota in microseconds per period' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l cpu-period -d 'CPU CFS period in microseconds (default 100000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l cpuset-cpus -d 'CPUs the container may run on (e.g. 0-1, 0,2)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l cpuset-mems -d 'Memory nodes the container may use' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l pids-limit -d 'Process limit (default 2048 where cgroups are available; -1 or 0: unlimited)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l blkio-weight -d 'Block IO weight (10-1000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l cgroups -d 'cgroups: enabled (default), disabled (no cgroup: limits are refused), or split (the container\'s cgroup below the cgroup ctr runs in, e.g. a systemd unit\'s)' -r -f -a "enabled\t''
disabled\t''
split\t''"
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l restart -d 'Restart policy: no, on-failure[:MAX_RETRIES], always, unless-stopped' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l health-cmd -d 'Health check: a shell command, or a JSON array for the exec form (overrides the image\'s HEALTHCHECK)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l health-interval -d 'Time between health checks (e.g. 30s; default 30s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l health-timeout -d 'Time a health check may take (default 30s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l health-retries -d 'Failures in a row that make the container unhealthy (default 3)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l health-start-period -d 'Time after start when failing checks do not count' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l health-start-interval -d 'Time between health checks during the start period (default 5s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l health-on-failure -d 'What to do when the container turns unhealthy' -r -f -a "none\t''
kill\t''
restart\t''
stop\t''"
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l sdnotify -d 'Under a Type=notify systemd unit: who says READY=1: conmon (ctr, once the container\'s process runs), container (the container itself, through NOTIFY_SOCKET), healthy (after the first passing health check), ignore' -r -f -a "conmon\t'ctr: MAINPID=<monitor> and READY=1 once the container\'s process has started'
container\t'The container: the socket is passed in and its READY=1 relayed'
healthy\t'READY=1 after the first passing health check'
ignore\t'Nothing is sent'"
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l stop-timeout -d 'Seconds to wait after the stop signal before SIGKILL (default 10)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l cidfile -d 'Write the container\'s id to this file (which must not exist)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l userns -d 'User namespace: private (unprivileged: the default, your pause namespace), keep-id[:uid=UID,gid=GID] (your uid and gid inside), nomap (your own id left out), auto[:size=N] (a slice of ids of its own), host (as root, the default)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l pod -d 'Run in this pod (name or id), sharing its namespaces; new:NAME makes the pod' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l uidmap -d 'Map container uids CONTAINER:FROM:SIZE (FROM: an id of your user namespace, 0 = you, 1.. your subordinate ids; @ID a host id; as root, host ids); repeatable' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l gidmap -d 'Map container gids CONTAINER:FROM:SIZE, as --uidmap does uids (default: the --uidmap ranges)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l pid -d 'PID namespace: private (the default) or host (the host\'s processes, its /proc)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l uts -d 'UTS namespace: private (the default) or host (the host\'s name)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l ipc -d 'IPC namespace: private (the default), shareable or host' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l cgroupns -d 'Cgroup namespace: private (the default) or host' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l group-add -d 'Add a supplementary group (numeric gid) to the container\'s process, or keep-groups: keep the supplementary groups of the user who runs it' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s l -l label -d 'Set metadata on the container (KEY=VALUE)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l pull -d 'Pull the image: missing (default), always, never, newer' -r -f -a "missing\t'Pull only when the image is not here'
always\t'Always pull (layers already here are not fetched again)'
never\t'Never pull: fail when the image is not here'
newer\t'Pull when the registry has a different image than the one here'"
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l platform -d 'Platform to pull if the image must be pulled: OS/ARCH[/VARIANT]' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l tls-verify -d 'Require HTTPS and verify certificates (--tls-verify=false for a plain-HTTP or self-signed registry)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l authfile -d 'Credentials file (default: $XDG_RUNTIME_DIR/containers/auth.json; also read: ~/.config/containers/auth.json, ~/.docker/config.json)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l creds -d 'Credentials to use (USERNAME:PASSWORD) instead of the stored ones' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s d -l detach -d 'Run in the background and print the container id'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l help -d 'Print help (-h is --hostname here, as in docker)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s t -l tty -d 'Allocate a pseudo-terminal'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s i -l interactive -d 'Keep stdin open'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l init -d 'Run a tiny init as pid 1 that forwards signals and reaps zombies'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l read-only -d 'Mount the container\'s root filesystem read-only'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l privileged -d 'Every capability of the container\'s user namespace, no seccomp filter, /proc and /sys unmasked, the host\'s devices (rootless: never more than the user has)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s P -l publish-all -d 'Publish every port the image exposes on a free host port'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l rm -d 'Remove the container when it exits'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l no-healthcheck -d 'Disable any health check (also the image\'s)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l replace -d 'Remove a container of the same name first (running or not)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Show no pull progress'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l name -d 'Assign a name to the container' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s e -l env -d 'Set environment variables (KEY=VALUE, or KEY to pass the caller\'s value)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l env-file -d 'Read environment variables from a file (KEY=VALUE lines)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s w -l workdir -d 'Working directory inside the container' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s u -l user -d 'Run as this user (name|uid[:group|gid])' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l entrypoint -d 'Override the image\'s entrypoint ("" to clear it)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s h -l hostname -d 'Container host name' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l cap-add -d 'Add Linux capabilities (or ALL)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l cap-drop -d 'Drop Linux capabilities (or ALL)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l security-opt -d 'Security options: seccomp=FILE|unconfined|builtin, no-new-privileges[=true|false], label=disable, apparmor=unconfined, mask=PATHS, unmask=ALL|PATHS' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l device -d 'Give a host device: /dev/X[:/dev/Y][:PERMS] (PERMS of r, w, m), or a CDI device vendor.com/class=name' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l network -d 'Network: a user network NAME[:ip=IP,alias=A,mac=MAC] (repeat for several), or slirp4netns[:OPTS] (default when installed), pasta[:ARGS], none, host, container:NAME, ns:PATH' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l ip -d 'The container\'s IPv4 address on its (first) user network' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l network-alias -d 'A name the container is also known by on its (first) user network' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l mac-address -d 'The container\'s MAC address on its (first) user network' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s p -l publish -d 'Publish a container port on the host: [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp] (ranges: 8000-8001:80-81)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l dns -d 'DNS server for the container\'s /etc/resolv.conf' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l dns-search -d 'DNS search domain for the container\'s /etc/resolv.conf ("." for none)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l dns-option -d 'DNS resolver option for the container\'s /etc/resolv.conf' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l add-host -d 'Add a line to the container\'s /etc/hosts (NAME:IP)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s v -l volume -d 'Mount a volume or host path: [NAME|/HOST/PATH:]/TARGET[:ro|rw,U,z,Z,nocopy]' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l mount -d 'Mount: type=bind|volume|tmpfs,source=,target=[,readonly][,bind-propagation=][,volume-nocopy][,volume-subpath=][,tmpfs-size=][,tmpfs-mode=]' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l tmpfs -d 'Mount a tmpfs: /TARGET[:size=64m,mode=1777,...]' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l volumes-from -d 'Mount the volumes of another container: CONTAINER[:ro|rw]' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s m -l memory -d 'Memory limit (e.g. 100m, 1g)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l memory-reservation -d 'Memory soft limit (memory.low)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l memory-swap -d 'Memory plus swap limit (-1: unlimited swap)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l cpus -d 'Number of CPUs (e.g. 0.5)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s c -l cpu-shares -d 'CPU shares (relative weight, 2-262144; docker\'s scale)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l cpu-weight -d 'CPU weight (cgroup v2\'s scale, 1-10000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l cpu-quota -d 'CPU CFS quota in microseconds per period' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l cpu-period -d 'CPU CFS period in microseconds (default 100000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l cpuset-cpus -d 'CPUs the container may run on (e.g. 0-1, 0,2)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l cpuset-mems -d 'Memory nodes the container may use' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l pids-limit -d 'Process limit (default 2048 where cgroups are available; -1 or 0: unlimited)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l blkio-weight -d 'Block IO weight (10-1000)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l cgroups -d 'cgroups: enabled (default), disabled (no cgroup: limits are refused), or split (the container\'s cgroup below the cgroup ctr runs in, e.g. a systemd unit\'s)' -r -f -a "enabled\t''
disabled\t''
split\t''"
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l restart -d 'Restart policy: no, on-failure[:MAX_RETRIES], always, unless-stopped' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l health-cmd -d 'Health check: a shell command, or a JSON array for the exec form (overrides the image\'s HEALTHCHECK)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l health-interval -d 'Time between health checks (e.g. 30s; default 30s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l health-timeout -d 'Time a health check may take (default 30s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l health-retries -d 'Failures in a row that make the container unhealthy (default 3)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l health-start-period -d 'Time after start when failing checks do not count' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l health-start-interval -d 'Time between health checks during the start period (default 5s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l health-on-failure -d 'What to do when the container turns unhealthy' -r -f -a "none\t''
kill\t''
restart\t''
stop\t''"
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l sdnotify -d 'Under a Type=notify systemd unit: who says READY=1: conmon (ctr, once the container\'s process runs), container (the container itself, through NOTIFY_SOCKET), healthy (after the first passing health check), ignore' -r -f -a "conmon\t'ctr: MAINPID=<monitor> and READY=1 once the container\'s process has started'
container\t'The container: the socket is passed in and its READY=1 relayed'
healthy\t'READY=1 after the first passing health check'
ignore\t'Nothing is sent'"
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l stop-timeout -d 'Seconds to wait after the stop signal before SIGKILL (default 10)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l cidfile -d 'Write the container\'s id to this file (which must not exist)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l userns -d 'User namespace: private (unprivileged: the default, your pause namespace), keep-id[:uid=UID,gid=GID] (your uid and gid inside), nomap (your own id left out), auto[:size=N] (a slice of ids of its own), host (as root, the default)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l pod -d 'Run in this pod (name or id), sharing its namespaces; new:NAME makes the pod' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l uidmap -d 'Map container uids CONTAINER:FROM:SIZE (FROM: an id of your user namespace, 0 = you, 1.. your subordinate ids; @ID a host id; as root, host ids); repeatable' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l gidmap -d 'Map container gids CONTAINER:FROM:SIZE, as --uidmap does uids (default: the --uidmap ranges)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l pid -d 'PID namespace: private (the default) or host (the host\'s processes, its /proc)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l uts -d 'UTS namespace: private (the default) or host (the host\'s name)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l ipc -d 'IPC namespace: private (the default), shareable or host' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l cgroupns -d 'Cgroup namespace: private (the default) or host' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l group-add -d 'Add a supplementary group (numeric gid) to the container\'s process, or keep-groups: keep the supplementary groups of the user who runs it' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s l -l label -d 'Set metadata on the container (KEY=VALUE)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l pull -d 'Pull the image: missing (default), always, never, newer' -r -f -a "missing\t'Pull only when the image is not here'
always\t'Always pull (layers already here are not fetched again)'
never\t'Never pull: fail when the image is not here'
newer\t'Pull when the registry has a different image than the one here'"
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l platform -d 'Platform to pull if the image must be pulled: OS/ARCH[/VARIANT]' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l tls-verify -d 'Require HTTPS and verify certificates (--tls-verify=false for a plain-HTTP or self-signed registry)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l authfile -d 'Credentials file (default: $XDG_RUNTIME_DIR/containers/auth.json; also read: ~/.config/containers/auth.json, ~/.docker/config.json)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l creds -d 'Credentials to use (USERNAME:PASSWORD) instead of the stored ones' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l help -d 'Print help (-h is --hostname here, as in docker)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s t -l tty -d 'Allocate a pseudo-terminal'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s i -l interactive -d 'Keep stdin open'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l init -d 'Run a tiny init as pid 1 that forwards signals and reaps zombies'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l read-only -d 'Mount the container\'s root filesystem read-only'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l privileged -d 'Every capability of the container\'s user namespace, no seccomp filter, /proc and /sys unmasked, the host\'s devices (rootless: never more than the user has)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s P -l publish-all -d 'Publish every port the image exposes on a free host port'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l rm -d 'Remove the container when it exits'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l no-healthcheck -d 'Disable any health check (also the image\'s)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l replace -d 'Remove a container of the same name first (running or not)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Show no pull progress'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -l detach-keys -d 'Keys that detach from the container and leave it running (default ctrl-p,ctrl-q; "" for none)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -l filter -d 'With --all: restart-policy=POLICY (repeatable: any of them), name=, label=, status=' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -s a -l attach -d 'Attach to the container\'s output and exit with its code'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -l all -d 'Start every container (that the filters select)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from start" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from stop" -s t -l time -d 'Seconds to wait before killing the container (default: its --stop-timeout, else 10)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from stop" -l cidfile -d 'Read the container\'s id from this file' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from stop" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from stop" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from stop" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from stop" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from stop" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from stop" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from stop" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from stop" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from stop" -s i -l ignore -d 'No error for a container that does not exist'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from stop" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from stop" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from kill" -s s -l signal -d 'Signal to send (name or number)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from kill" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from kill" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from kill" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from kill" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from kill" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from kill" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from kill" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from kill" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from kill" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from kill" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from kill" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from pause" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from pause" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from pause" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from pause" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from pause" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from pause" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from pause" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from pause" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from pause" -s a -l all -d 'Every running (pause) or paused (unpause) container'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from pause" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from unpause" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from unpause" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from unpause" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from unpause" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from unpause" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from unpause" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from unpause" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from unpause" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from unpause" -s a -l all -d 'Every running (pause) or paused (unpause) container'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from unpause" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from unpause" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from unpause" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from restart" -s t -l time -d 'Seconds to wait before killing the container (default: its --stop-timeout, else 10)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from restart" -l cidfile -d 'Read the container\'s id from this file' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from restart" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from restart" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from restart" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from restart" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from restart" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from restart" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from restart" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from restart" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from restart" -s i -l ignore -d 'No error for a container that does not exist'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from restart" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from restart" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from restart" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -l cidfile -d 'Read the container\'s id from this file' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -s f -l force -d 'Kill and remove running containers'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -s v -l volumes -d 'Remove the container\'s anonymous volumes too'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -s i -l ignore -d 'No error for a container that does not exist'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -l tail -d 'Show only the last N lines' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -l since -d 'Show lines since a time (RFC 3339) or a duration ago (10s, 5m, 1h)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -l until -d 'Show lines up to a time (RFC 3339, unix seconds) or a duration ago (10s, 5m, 1h)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -s f -l follow -d 'Follow the log until the container exits'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -s t -l timestamps -d 'Show timestamps'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from logs" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from wait" -l condition -d 'What to wait for: stopped/exited (default), running, healthy, unhealthy' -r -f -a "stopped\t''
exited\t''
running\t''
healthy\t''
unhealthy\t''"
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from wait" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from wait" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from wait" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from wait" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from wait" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from wait" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from wait" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from wait" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from wait" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from wait" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from wait" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -s e -l env -d 'Set environment variables' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -s w -l workdir -d 'Working directory inside the container' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -s u -l user -d 'Run as this user (name|uid[:group|gid])' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -s i -l interactive -d 'Keep stdin open'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -s t -l tty -d 'Allocate a pseudo-terminal'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -s d -l detach -d 'Run in the background'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from exec" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from inspect" -s f -l format -d 'Output format: json (default) or a Go template such as \'{{.Id}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from inspect" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from inspect" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from inspect" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from inspect" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from inspect" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from inspect" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from inspect" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from inspect" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from inspect" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rename" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rename" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rename" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rename" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rename" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rename" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rename" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rename" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rename" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from rename" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from prune" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from prune" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from prune" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from prune" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from prune" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from prune" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from prune" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from prune" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from prune" -s f -l force -d 'Do not ask for confirmation'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from prune" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from attach" -l detach-keys -d 'Keys that detach from the container and leave it running (default ctrl-p,ctrl-q; "" for none)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from attach" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from attach" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from attach" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from attach" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from attach" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from attach" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from attach" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from attach" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from attach" -l no-stdin -d 'Do not forward stdin'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from attach" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from attach" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from attach" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from top" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from top" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from top" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from top" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from top" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from top" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from top" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from top" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from top" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from top" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from top" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from port" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from port" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from port" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from port" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from port" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from port" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from port" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from port" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from port" -s a -l all -d 'Show the ports of every running container'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from port" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from port" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from port" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from diff" -l format -d 'Output format: table or json' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from diff" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from diff" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from diff" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from diff" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from diff" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from diff" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from diff" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from diff" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from diff" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from diff" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -s c -l change -d 'Apply a Dockerfile instruction to the new image\'s config (CMD, ENV, ...)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -s m -l message -d 'Commit message' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -s a -l author -d 'Author of the image' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -s p -l pause -d 'Pause the container while committing'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from commit" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from export" -s o -l output -d 'Write to this file instead of stdout' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from export" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from export" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from export" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from export" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from export" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from export" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from export" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from export" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from export" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from cp" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from cp" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from cp" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from cp" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from cp" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from cp" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from cp" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from cp" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from cp" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from cp" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand container; and __fish_seen_subcommand_from cp" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand images" -l format -d 'Output format: table, json, or a Go template such as \'{{.Repository}}:{{.Tag}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand images" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand images" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand images" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand images" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand images" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand images" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand images" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand images" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand images" -s a -l all -d 'Show all images (default hides intermediate images)'
complete -c ctr -n "__fish_ctr_using_subcommand images" -s q -l quiet -d 'Show only image ids'
complete -c ctr -n "__fish_ctr_using_subcommand images" -l digests -d 'Show digests'
complete -c ctr -n "__fish_ctr_using_subcommand images" -l no-trunc -d 'Do not truncate ids'
complete -c ctr -n "__fish_ctr_using_subcommand images" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand images" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand images" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -f -a "build" -d 'Build an image from a Dockerfile'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -f -a "history" -d 'Show an image\'s history'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -f -a "ls" -d 'List images in local storage'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -f -a "list" -d 'List images in local storage'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -f -a "inspect" -d 'Show details of images as JSON'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -f -a "rm" -d 'Remove images'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -f -a "prune" -d 'Remove unused images'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -f -a "tag" -d 'Add a name to an image'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -f -a "pull" -d 'Pull an image from a registry'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -f -a "push" -d 'Push an image to a registry'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -f -a "load" -d 'Load images from an archive'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -f -a "save" -d 'Save images to an archive'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from build history ls list inspect rm prune tag pull push load save import" -f -a "import" -d 'Create an image from a root filesystem tarball'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -s t -l tag -d 'Name (and tag) for the image; may be given more than once' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -s f -l file -d 'The Dockerfile (default: CONTEXT/Dockerfile, else CONTEXT/Containerfile; - for stdin)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l build-arg -d 'A build argument (ARG) value; KEY alone takes it from the environment' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l target -d 'Build only up to this stage (and what it needs)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l layers -d 'Keep each step\'s image for the cache (always on; accepted for podman compatibility)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l label -d 'Add a label to the image (KEY=VALUE)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l network -d 'The network of RUN steps (as `ctr run --network`)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l add-host -d 'Add NAME:IP to the /etc/hosts of RUN steps' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l cache-from -d 'An image here whose steps may serve as the cache (e.g. pulled from a registry)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l tls-verify -d 'Require HTTPS and verify certificates (--tls-verify=false for a plain-HTTP or self-signed registry)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l authfile -d 'Credentials file (default: $XDG_RUNTIME_DIR/containers/auth.json; also read: ~/.config/containers/auth.json, ~/.docker/config.json)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l creds -d 'Credentials to use (USERNAME:PASSWORD) instead of the stored ones' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l no-cache -d 'Run every step; take nothing from the cache'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l pull -d 'Pull FROM images even when they are here'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -s q -l quiet -d 'Print only the image id'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from build" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from history" -l format -d 'Output format: json or a Go template' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from history" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from history" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from history" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from history" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from history" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from history" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from history" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from history" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from history" -l no-trunc -d 'Do not truncate the output'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print only the ids'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from history" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l format -d 'Output format: table, json, or a Go template such as \'{{.Repository}}:{{.Tag}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -s a -l all -d 'Show all images (default hides intermediate images)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Show only image ids'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l digests -d 'Show digests'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l no-trunc -d 'Do not truncate ids'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l format -d 'Output format: table, json, or a Go template such as \'{{.Repository}}:{{.Tag}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -s a -l all -d 'Show all images (default hides intermediate images)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Show only image ids'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l digests -d 'Show digests'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l no-trunc -d 'Do not truncate ids'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -s f -l format -d 'Output format: json (default) or a Go template such as \'{{.Id}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -s f -l force -d 'Remove images even if containers use them'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -s a -l all -d 'Remove all images'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -s a -l all -d 'Remove all images no container uses, not only dangling ones'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -s f -l force -d 'Do not ask for confirmation'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from tag" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from tag" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from tag" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from tag" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from tag" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from tag" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from tag" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from tag" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from tag" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from tag" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from tag" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l platform -d 'Platform to pull from a multi-arch image: OS/ARCH[/VARIANT] (default: this machine\'s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l arch -d 'Architecture to pull (overrides --platform\'s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l os -d 'Operating system to pull (overrides --platform\'s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l variant -d 'Architecture variant to pull (e.g. v7)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l tls-verify -d 'Require HTTPS and verify certificates (--tls-verify=false for a plain-HTTP or self-signed registry)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l authfile -d 'Credentials file (default: $XDG_RUNTIME_DIR/containers/auth.json; also read: ~/.config/containers/auth.json, ~/.docker/config.json)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l creds -d 'Credentials to use (USERNAME:PASSWORD) instead of the stored ones' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -s q -l quiet -d 'Print only the image id; no progress'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from pull" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -l digestfile -d 'Write the pushed manifest\'s digest to this file' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -l tls-verify -d 'Require HTTPS and verify certificates (--tls-verify=false for a plain-HTTP or self-signed registry)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -l authfile -d 'Credentials file (default: $XDG_RUNTIME_DIR/containers/auth.json; also read: ~/.config/containers/auth.json, ~/.docker/config.json)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -l creds -d 'Credentials to use (USERNAME:PASSWORD) instead of the stored ones' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -s q -l quiet -d 'No progress'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from push" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -s i -l input -d 'Read from this archive file or OCI layout directory instead of stdin' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -s q -l quiet -d 'Print only the loaded image names'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -s o -l output -d 'Write to this file instead of stdout' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -l format -d 'Archive format' -r -f -a "docker-archive\t''
oci-archive\t''"
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -s c -l change -d 'Apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, VOLUME, WORKDIR, STOPSIGNAL)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -s m -l message -d 'Commit message stored in the image' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only the image id'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l platform -d 'Platform to pull from a multi-arch image: OS/ARCH[/VARIANT] (default: this machine\'s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l arch -d 'Architecture to pull (overrides --platform\'s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l os -d 'Operating system to pull (overrides --platform\'s)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l variant -d 'Architecture variant to pull (e.g. v7)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l tls-verify -d 'Require HTTPS and verify certificates (--tls-verify=false for a plain-HTTP or self-signed registry)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l authfile -d 'Credentials file (default: $XDG_RUNTIME_DIR/containers/auth.json; also read: ~/.config/containers/auth.json, ~/.docker/config.json)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l creds -d 'Credentials to use (USERNAME:PASSWORD) instead of the stored ones' -r
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pull" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pull" -s q -l quiet -d 'Print only the image id; no progress'
complete -c ctr -n "__fish_ctr_using_subcommand pull" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pull" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pull" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand push" -l digestfile -d 'Write the pushed manifest\'s digest to this file' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand push" -l tls-verify -d 'Require HTTPS and verify certificates (--tls-verify=false for a plain-HTTP or self-signed registry)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand push" -l authfile -d 'Credentials file (default: $XDG_RUNTIME_DIR/containers/auth.json; also read: ~/.config/containers/auth.json, ~/.docker/config.json)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand push" -l creds -d 'Credentials to use (USERNAME:PASSWORD) instead of the stored ones' -r
complete -c ctr -n "__fish_ctr_using_subcommand push" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand push" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand push" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand push" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand push" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand push" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand push" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand push" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand push" -s q -l quiet -d 'No progress'
complete -c ctr -n "__fish_ctr_using_subcommand push" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand push" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand push" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand login" -s u -l username -d 'User name' -r
complete -c ctr -n "__fish_ctr_using_subcommand login" -s p -l password -d 'Password (prefer --password-stdin: a password in argv is visible to other users)' -r
complete -c ctr -n "__fish_ctr_using_subcommand login" -l tls-verify -d 'Require HTTPS and verify certificates (--tls-verify=false for a plain-HTTP or self-signed registry)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand login" -l authfile -d 'Credentials file to write (default: $XDG_RUNTIME_DIR/containers/auth.json)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand login" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand login" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand login" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand login" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand login" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand login" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand login" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand login" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand login" -l password-stdin -d 'Read the password from stdin'
complete -c ctr -n "__fish_ctr_using_subcommand login" -l get-login -d 'Print the user name stored for the registry and exit'
complete -c ctr -n "__fish_ctr_using_subcommand login" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand login" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand login" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand logout" -l authfile -d 'Credentials file (default: $XDG_RUNTIME_DIR/containers/auth.json)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand logout" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand logout" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand logout" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand logout" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand logout" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand logout" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand logout" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand logout" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand logout" -s a -l all -d 'Remove the credentials of every registry'
complete -c ctr -n "__fish_ctr_using_subcommand logout" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand logout" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand logout" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand load" -s i -l input -d 'Read from this archive file or OCI layout directory instead of stdin' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand load" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand load" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand load" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand load" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand load" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand load" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand load" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand load" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand load" -s q -l quiet -d 'Print only the loaded image names'
complete -c ctr -n "__fish_ctr_using_subcommand load" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand load" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand load" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand save" -s o -l output -d 'Write to this file instead of stdout' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand save" -l format -d 'Archive format' -r -f -a "docker-archive\t''
oci-archive\t''"
complete -c ctr -n "__fish_ctr_using_subcommand save" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand save" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand save" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand save" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand save" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand save" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand save" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand save" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand save" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand save" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand save" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand import" -s c -l change -d 'Apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, VOLUME, WORKDIR, STOPSIGNAL)' -r
complete -c ctr -n "__fish_ctr_using_subcommand import" -s m -l message -d 'Commit message stored in the image' -r
complete -c ctr -n "__fish_ctr_using_subcommand import" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand import" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand import" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand import" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand import" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand import" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand import" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand import" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand import" -s q -l quiet -d 'Print only the image id'
complete -c ctr -n "__fish_ctr_using_subcommand import" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand import" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand import" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand build" -s t -l tag -d 'Name (and tag) for the image; may be given more than once' -r
complete -c ctr -n "__fish_ctr_using_subcommand build" -s f -l file -d 'The Dockerfile (default: CONTEXT/Dockerfile, else CONTEXT/Containerfile; - for stdin)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand build" -l build-arg -d 'A build argument (ARG) value; KEY alone takes it from the environment' -r
complete -c ctr -n "__fish_ctr_using_subcommand build" -l target -d 'Build only up to this stage (and what it needs)' -r
complete -c ctr -n "__fish_ctr_using_subcommand build" -l layers -d 'Keep each step\'s image for the cache (always on; accepted for podman compatibility)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand build" -l label -d 'Add a label to the image (KEY=VALUE)' -r
complete -c ctr -n "__fish_ctr_using_subcommand build" -l network -d 'The network of RUN steps (as `ctr run --network`)' -r
complete -c ctr -n "__fish_ctr_using_subcommand build" -l add-host -d 'Add NAME:IP to the /etc/hosts of RUN steps' -r
complete -c ctr -n "__fish_ctr_using_subcommand build" -l cache-from -d 'An image here whose steps may serve as the cache (e.g. pulled from a registry)' -r
complete -c ctr -n "__fish_ctr_using_subcommand build" -l tls-verify -d 'Require HTTPS and verify certificates (--tls-verify=false for a plain-HTTP or self-signed registry)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand build" -l authfile -d 'Credentials file (default: $XDG_RUNTIME_DIR/containers/auth.json; also read: ~/.config/containers/auth.json, ~/.docker/config.json)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand build" -l creds -d 'Credentials to use (USERNAME:PASSWORD) instead of the stored ones' -r
complete -c ctr -n "__fish_ctr_using_subcommand build" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand build" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand build" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand build" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand build" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand build" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand build" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand build" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand build" -l no-cache -d 'Run every step; take nothing from the cache'
complete -c ctr -n "__fish_ctr_using_subcommand build" -l pull -d 'Pull FROM images even when they are here'
complete -c ctr -n "__fish_ctr_using_subcommand build" -s q -l quiet -d 'Print only the image id'
complete -c ctr -n "__fish_ctr_using_subcommand build" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand build" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand build" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand history" -l format -d 'Output format: json or a Go template' -r
complete -c ctr -n "__fish_ctr_using_subcommand history" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand history" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand history" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand history" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand history" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand history" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand history" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand history" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand history" -l no-trunc -d 'Do not truncate the output'
complete -c ctr -n "__fish_ctr_using_subcommand history" -s q -l quiet -d 'Print only the ids'
complete -c ctr -n "__fish_ctr_using_subcommand history" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand history" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand history" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand tag" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand tag" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand tag" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand tag" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand tag" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand tag" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand tag" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand tag" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand tag" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand tag" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand tag" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -s f -l force -d 'Remove images even if containers use them'
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -s a -l all -d 'Remove all images'
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -s f -l format -d 'Output format: json (default) or a Go template such as \'{{.Id}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -f -a "create" -d 'Create a volume'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -f -a "ls" -d 'List volumes'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -f -a "list" -d 'List volumes'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -f -a "inspect" -d 'Show details of volumes as JSON'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -f -a "rm" -d 'Remove volumes'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -f -a "remove" -d 'Remove volumes'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -f -a "prune" -d 'Remove every volume no container uses'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists" -f -a "exists" -d 'Exit 0 if a volume exists, 1 if not'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -s l -l label -d 'Set metadata (KEY=VALUE)' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -s o -l opt -d 'Driver options: type=none|bind|tmpfs, device=/path, o=uid=N,gid=N,bind' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -s d -l driver -d 'Driver (only local)' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -l ignore -d 'Do nothing if the volume exists already'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from ls" -s f -l filter -d 'Filter: name=, label=KEY[=VALUE], dangling=true|false, driver=local' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from ls" -l format -d 'Output format: table, json, or a Go template such as \'{{.Name}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from ls" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from ls" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from ls" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from ls" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from ls" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from ls" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from ls" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from ls" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Only names'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from ls" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from list" -s f -l filter -d 'Filter: name=, label=KEY[=VALUE], dangling=true|false, driver=local' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from list" -l format -d 'Output format: table, json, or a Go template such as \'{{.Name}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from list" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from list" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from list" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from list" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from list" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from list" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from list" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from list" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only names'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from list" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from inspect" -s f -l format -d 'Output format: json (default) or a Go template such as \'{{.Mountpoint}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from inspect" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from inspect" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from inspect" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from inspect" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from inspect" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from inspect" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from inspect" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from inspect" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from inspect" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from rm" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from rm" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from rm" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from rm" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from rm" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from rm" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from rm" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from rm" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from rm" -s f -l force -d 'Remove the containers that use them too'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from rm" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from remove" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from remove" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from remove" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from remove" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from remove" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from remove" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from remove" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from remove" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from remove" -s f -l force -d 'Remove the containers that use them too'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from remove" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from prune" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from prune" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from prune" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from prune" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from prune" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from prune" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from prune" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from prune" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from prune" -s f -l force -d 'Do not ask for confirmation (ctr never asks)'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from prune" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from exists" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from exists" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from exists" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from exists" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from exists" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from exists" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from exists" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from exists" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from exists" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from exists" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand volume; and __fish_seen_subcommand_from exists" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -f -a "create" -d 'Create a network'
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -f -a "ls" -d 'List networks'
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -f -a "list" -d 'List networks'
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -f -a "inspect" -d 'Show details of networks as JSON'
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -f -a "rm" -d 'Remove networks'
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -f -a "remove" -d 'Remove networks'
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -f -a "prune" -d 'Remove every network no container is on'
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -f -a "exists" -d 'Exit 0 if a network exists, 1 if not'
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -f -a "connect" -d 'Put a container on a network (a running one at once)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and not __fish_seen_subcommand_from create ls list inspect rm remove prune exists connect disconnect" -f -a "disconnect" -d 'Take a container off a network'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -s d -l driver -d 'Driver (only bridge)' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -l subnet -d 'Subnet in CIDR form (default: the first free /24 of 10.89.0.0/16)' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -l gateway -d 'Gateway address (default: the subnet\'s first host address); needs --subnet' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -l ip-range -d 'Give containers addresses from this part of the subnet only; needs --subnet' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -l label -d 'Set metadata (KEY=VALUE)' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -s o -l opt -d 'Driver options: mtu=N, metric=N, isolate=true|false|strict, com.docker.network.bridge.name=NAME' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -l internal -d 'No route out of the network'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -l ignore -d 'Do nothing if the network exists already'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -s f -l filter -d 'Filter: name=, id=, label=KEY[=VALUE], driver=bridge' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -l format -d 'Output format: table, json, or a Go template such as \'{{.Name}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Only names (as podman prints them)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -l no-trunc -d 'Do not truncate ids'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -s f -l filter -d 'Filter: name=, id=, label=KEY[=VALUE], driver=bridge' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -l format -d 'Output format: table, json, or a Go template such as \'{{.Name}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only names (as podman prints them)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -l no-trunc -d 'Do not truncate ids'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from inspect" -s f -l format -d 'Output format: json (default) or a Go template such as \'{{.Driver}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from inspect" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from inspect" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from inspect" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from inspect" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from inspect" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from inspect" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from inspect" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from inspect" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from inspect" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from rm" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from rm" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from rm" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from rm" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from rm" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from rm" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from rm" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from rm" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from rm" -s f -l force -d 'Remove the containers on them too'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from rm" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from remove" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from remove" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from remove" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from remove" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from remove" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from remove" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from remove" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from remove" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from remove" -s f -l force -d 'Remove the containers on them too'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from remove" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from prune" -l filter -d 'Only networks passing this filter: label=KEY[=VALUE]' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from prune" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from prune" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from prune" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from prune" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from prune" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from prune" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from prune" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from prune" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from prune" -s f -l force -d 'Do not ask for confirmation (ctr never asks)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from prune" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from exists" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from exists" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from exists" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from exists" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from exists" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from exists" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from exists" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from exists" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from exists" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from exists" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from exists" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from connect" -l ip -d 'The container\'s IPv4 address on the network' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from connect" -l alias -d 'A name the container is also known by on the network' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from connect" -l mac-address -d 'The container\'s MAC address on the network' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from connect" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from connect" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from connect" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from connect" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from connect" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from connect" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from connect" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from connect" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from connect" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from connect" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from connect" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from disconnect" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from disconnect" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from disconnect" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from disconnect" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from disconnect" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from disconnect" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from disconnect" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from disconnect" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from disconnect" -s f -l force -d 'Accepted for docker compatibility (a stopped or running container is taken off alike)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from disconnect" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from disconnect" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand network; and __fish_seen_subcommand_from disconnect" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "create" -d 'Create a pod: containers in it share its network, IPC and UTS namespaces'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "ps" -d 'List pods'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "ls" -d 'List pods'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "list" -d 'List pods'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "inspect" -d 'Show details of pods as JSON'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "start" -d 'Start pods (the infra container, then every container of the pod)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "stop" -d 'Stop pods (their containers, then the infra container)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "restart" -d 'Restart pods'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "kill" -d 'Send a signal to the containers of pods'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "rm" -d 'Remove pods and their containers'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "prune" -d 'Remove every pod none of whose containers is running'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "top" -d 'Show the running processes of a pod\'s containers'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "stats" -d 'Show the resource usage of pods\' containers'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "logs" -d 'Show the output of a pod\'s containers (each line after the container\'s id)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and not __fish_seen_subcommand_from create ps ls list inspect start stop restart kill rm prune top stats logs exists" -f -a "exists" -d 'Exit 0 if a pod exists, 1 if not'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -s n -l name -d 'Pod name (default: a random name)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -s p -l publish -d 'Publish a port of the pod: [IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l network -d 'The pod\'s network (as `ctr run --network`)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l share -d 'Namespaces the containers share: some of ipc, net, uts (default: all three), or none' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l infra -d 'Create the infra container that holds the shared namespaces (--infra=false: none)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -s l -l label -d 'Set metadata on the pod (KEY=VALUE)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l hostname -d 'The pod\'s host name (default: its name)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l add-host -d 'Add NAME:IP to the pod\'s /etc/hosts' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l dns -d 'DNS servers of the pod' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l replace -d 'Remove a pod of that name first (with its containers)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l no-infra -d 'No infra container (nothing shared)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -l format -d 'Output format: table, json, or a Go template such as \'{{.Name}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -s f -l filter -d 'Filter: name=, id=, label=KEY[=VALUE], status=' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -s q -l quiet -d 'Print only the pod ids'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -l no-trunc -d 'Do not truncate ids'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -l ctr-names -d 'Show the names of the pods\' containers'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ps" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -l format -d 'Output format: table, json, or a Go template such as \'{{.Name}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -s f -l filter -d 'Filter: name=, id=, label=KEY[=VALUE], status=' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only the pod ids'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -l no-trunc -d 'Do not truncate ids'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -l ctr-names -d 'Show the names of the pods\' containers'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -l format -d 'Output format: table, json, or a Go template such as \'{{.Name}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -s f -l filter -d 'Filter: name=, id=, label=KEY[=VALUE], status=' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only the pod ids'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -l no-trunc -d 'Do not truncate ids'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -l ctr-names -d 'Show the names of the pods\' containers'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from inspect" -s f -l format -d 'Output format: json (default) or a Go template such as \'{{.State}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from inspect" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from inspect" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from inspect" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from inspect" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from inspect" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from inspect" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from inspect" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from inspect" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from inspect" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from start" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from start" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from start" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from start" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from start" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from start" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from start" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from start" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from start" -s a -l all -d 'Every pod'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from start" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from start" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stop" -s t -l time -d 'Seconds to wait for each container to stop before killing it (default: its stop timeout)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stop" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stop" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stop" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stop" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stop" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stop" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stop" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stop" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stop" -s a -l all -d 'Every pod'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stop" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stop" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from restart" -s t -l time -d 'Seconds to wait for each container to stop before killing it (default: its stop timeout)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from restart" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from restart" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from restart" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from restart" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from restart" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from restart" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from restart" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from restart" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from restart" -s a -l all -d 'Every pod'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from restart" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from restart" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from restart" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from kill" -s s -l signal -d 'Signal to send (name or number)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from kill" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from kill" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from kill" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from kill" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from kill" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from kill" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from kill" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from kill" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from kill" -s a -l all -d 'Every pod'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from kill" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from kill" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from kill" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from rm" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from rm" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from rm" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from rm" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from rm" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from rm" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from rm" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from rm" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from rm" -s f -l force -d 'Stop and remove running containers too'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from rm" -s i -l ignore -d 'No error when a pod does not exist'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from rm" -s a -l all -d 'Every pod'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from rm" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from prune" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from prune" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from prune" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from prune" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from prune" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from prune" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from prune" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from prune" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from prune" -s f -l force -d 'Do not ask for confirmation (ctr never asks)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from prune" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from top" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from top" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from top" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from top" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from top" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from top" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from top" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from top" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from top" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from top" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from top" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stats" -l format -d 'Output format: table, json, or a Go template' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stats" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stats" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stats" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stats" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stats" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stats" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stats" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stats" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stats" -l no-stream -d 'Print one sample and exit'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stats" -s a -l all -d 'Every pod'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stats" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from stats" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -l tail -d 'Show only the last N lines of each container' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -s c -l container -d 'Only this container of the pod' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -s f -l follow -d 'Follow the logs until the containers exit'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -s t -l timestamps -d 'Show timestamps'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from logs" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from exists" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from exists" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from exists" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from exists" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from exists" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from exists" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from exists" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from exists" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from exists" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from exists" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand pod; and __fish_seen_subcommand_from exists" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and not __fish_seen_subcommand_from generate play down" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and not __fish_seen_subcommand_from generate play down" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and not __fish_seen_subcommand_from generate play down" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand kube; and not __fish_seen_subcommand_from generate play down" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and not __fish_seen_subcommand_from generate play down" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand kube; and not __fish_seen_subcommand_from generate play down" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and not __fish_seen_subcommand_from generate play down" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and not __fish_seen_subcommand_from generate play down" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and not __fish_seen_subcommand_from generate play down" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and not __fish_seen_subcommand_from generate play down" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and not __fish_seen_subcommand_from generate play down" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and not __fish_seen_subcommand_from generate play down" -f -a "generate" -d 'Write containers and pods as Kubernetes YAML (Pod or Deployment, claims, Service)'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and not __fish_seen_subcommand_from generate play down" -f -a "play" -d 'Run the Pods and Deployments of Kubernetes YAML (with its ConfigMaps, Secrets, claims)'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and not __fish_seen_subcommand_from generate play down" -f -a "down" -d 'Remove the pods that `kube play` made from this YAML'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -s k -l type -d 'The kind to write: pod or deployment' -r
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -s r -l replicas -d 'Replicas of a deployment' -r
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -s f -l filename -d 'Write to this file instead of stdout' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -s s -l service -d 'Also write a Service for the published ports'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from generate" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -l start -d 'Start the pods (--start=false: create only)' -r -f -a "true\t''
false\t''"
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -l network -d 'The pods\' network (as `ctr run --network`)' -r
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -l configmap -d 'YAML files with more ConfigMaps' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -l replace -d 'Remove the pods of these names first (as `kube down` would)'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -s q -l quiet -d 'Print only the ids'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from play" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from down" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from down" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from down" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from down" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from down" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from down" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from down" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from down" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from down" -l force -d 'Remove the volumes of the file\'s claims too'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from down" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from down" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand kube; and __fish_seen_subcommand_from down" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -f -a "df" -d 'Show disk usage: images, containers, volumes, build cache'
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -f -a "check" -d 'Check what this host supports: cgroup version, delegated controllers, network helpers'
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -f -a "service" -d 'Serve the Docker Engine API on a unix socket (socket activation: LISTEN_FDS)'
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -f -a "dial-stdio" -d 'Connect stdin/stdout to the local API service (for `docker -H ssh://` and `ctr -H ssh://`), starting the service if it is not running'
complete -c ctr -n "__fish_ctr_using_subcommand system; and not __fish_seen_subcommand_from df check service dial-stdio prune" -f -a "prune" -d 'Remove stopped containers, unused networks, dangling images (all unused with -a) and, with --volumes, unused volumes'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from df" -l format -d 'Output format: table or json' -r
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from df" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from df" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from df" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from df" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from df" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from df" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from df" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from df" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from df" -s v -l verbose -d 'Per image, container and volume'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from df" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from df" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from df" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from check" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from check" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from check" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from check" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from check" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from check" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from check" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from check" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from check" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from service" -s t -l time -d 'Exit after this many idle seconds (0: never)' -r
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from service" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from service" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from service" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from service" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from service" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from service" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from service" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from service" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from service" -l insecure-tcp -d 'Serve tcp:// without TLS (loopback addresses only)'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from service" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from service" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from service" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from dial-stdio" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from dial-stdio" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from dial-stdio" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from dial-stdio" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from dial-stdio" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from dial-stdio" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from dial-stdio" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from dial-stdio" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from dial-stdio" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from dial-stdio" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from dial-stdio" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from prune" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from prune" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from prune" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from prune" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from prune" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from prune" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from prune" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from prune" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from prune" -s a -l all -d 'Remove all unused images, not only dangling ones'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from prune" -l volumes -d 'Prune volumes too'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from prune" -s f -l force -d 'Do not ask for confirmation (ctr never asks)'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from prune" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand system; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand unshare" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand unshare" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand unshare" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand unshare" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand unshare" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand unshare" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand unshare" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand unshare" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand unshare" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand unshare" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand unshare" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand version" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand version" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand version" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand version" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand version" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand version" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand version" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand version" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand version" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand version" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand version" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand info" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand info" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand info" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand info" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand info" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand info" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand info" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand info" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand info" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand info" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand info" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand completion" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand completion" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand completion" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand completion" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand completion" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand completion" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand completion" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand completion" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand completion" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand completion" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand completion" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand quadlet" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand quadlet" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand quadlet" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand quadlet" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand quadlet" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand quadlet" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand quadlet" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand quadlet" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand quadlet" -l user -d 'Read the user\'s Quadlet directories (as the user generator does)'
complete -c ctr -n "__fish_ctr_using_subcommand quadlet" -l dryrun -d 'Print the units instead of writing them'
complete -c ctr -n "__fish_ctr_using_subcommand quadlet" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand quadlet" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand quadlet" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and not __fish_seen_subcommand_from run" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and not __fish_seen_subcommand_from run" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and not __fish_seen_subcommand_from run" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and not __fish_seen_subcommand_from run" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and not __fish_seen_subcommand_from run" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and not __fish_seen_subcommand_from run" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and not __fish_seen_subcommand_from run" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and not __fish_seen_subcommand_from run" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and not __fish_seen_subcommand_from run" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and not __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and not __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and not __fish_seen_subcommand_from run" -f -a "run" -d 'Run the health check now (exit 0: healthy, 1: the check failed) and record it'
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and __fish_seen_subcommand_from run" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and __fish_seen_subcommand_from run" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and __fish_seen_subcommand_from run" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and __fish_seen_subcommand_from run" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and __fish_seen_subcommand_from run" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and __fish_seen_subcommand_from run" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and __fish_seen_subcommand_from run" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and __fish_seen_subcommand_from run" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and __fish_seen_subcommand_from run" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand healthcheck; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand generate; and not __fish_seen_subcommand_from quadlet" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand generate; and not __fish_seen_subcommand_from quadlet" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand generate; and not __fish_seen_subcommand_from quadlet" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand generate; and not __fish_seen_subcommand_from quadlet" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand generate; and not __fish_seen_subcommand_from quadlet" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand generate; and not __fish_seen_subcommand_from quadlet" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand generate; and not __fish_seen_subcommand_from quadlet" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand generate; and not __fish_seen_subcommand_from quadlet" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand generate; and not __fish_seen_subcommand_from quadlet" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand generate; and not __fish_seen_subcommand_from quadlet" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand generate; and not __fish_seen_subcommand_from quadlet" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand generate; and not __fish_seen_subcommand_from quadlet" -f -a "quadlet" -d 'Print the Quadlet .container file that runs this container as a systemd service'
complete -c ctr -n "__fish_ctr_using_subcommand generate; and __fish_seen_subcommand_from quadlet" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand generate; and __fish_seen_subcommand_from quadlet" -l runroot -d 'Runtime state dir for bundles and sockets (default: $XDG_RUNTIME_DIR/ctr, /run/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand generate; and __fish_seen_subcommand_from quadlet" -l storage-driver -d 'Storage driver of new containers: overlay, fuse, vfs or auto (default: ctr.conf\'s [storage] driver, else auto: the kernel\'s overlay if a test mount works, else fuse, else vfs; `ctr info` tells which and why). Local engines only' -r
complete -c ctr -n "__fish_ctr_using_subcommand generate; and __fish_seen_subcommand_from quadlet" -l runtime -d 'Run containers with this OCI runtime (e.g. runc) instead of ctr\'s own' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand generate; and __fish_seen_subcommand_from quadlet" -s H -l host -d 'Use the engine at this address over the Docker API: unix:///path, tcp://HOST:PORT, ssh://[USER@]HOST (also $CONTAINER_HOST, then $DOCKER_HOST)' -r
complete -c ctr -n "__fish_ctr_using_subcommand generate; and __fish_seen_subcommand_from quadlet" -l tlscacert -d 'CA certificate (PEM): the engine\'s issuer for clients; for `system service`, the issuer client certificates must have' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand generate; and __fish_seen_subcommand_from quadlet" -l tlscert -d 'Certificate (PEM): the client\'s, or the service\'s' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand generate; and __fish_seen_subcommand_from quadlet" -l tlskey -d 'Private key (PEM) of --tlscert' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand generate; and __fish_seen_subcommand_from quadlet" -l tlsverify -d 'TLS for tcp:// (client: verify the engine with these files, default $DOCKER_CERT_PATH or ~/.docker/{ca,cert,key}.pem; also $DOCKER_TLS_VERIFY)'
complete -c ctr -n "__fish_ctr_using_subcommand generate; and __fish_seen_subcommand_from quadlet" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand generate; and __fish_seen_subcommand_from quadlet" -s V -l version -d 'Print version'
