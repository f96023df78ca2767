# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ctr_global_optspecs
    string join \n root= h/help V/version
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
complete -c ctr -n "__fish_ctr_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ctr -n "__fish_ctr_needs_command" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "images" -d 'List images in local storage'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "image" -d 'Manage images'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "load" -d 'Load images from an archive (docker-archive, oci-archive or an OCI layout directory)'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "save" -d 'Save images to an archive'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "import" -d 'Create an image from a root filesystem tarball'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "tag" -d 'Add a name to an image'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "rmi" -d 'Remove images'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "inspect" -d 'Show details of images as JSON'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "unshare" -d 'Run a command in ctr\'s user namespace (to inspect or remove files in the store)'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "version" -d 'Show version information'
complete -c ctr -n "__fish_ctr_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c ctr -n "__fish_ctr_using_subcommand images" -l format -d 'Output format: table, json, or a Go template such as \'{{.Repository}}:{{.Tag}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand images" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand images" -s a -l all -d 'Show all images (default hides intermediate images)'
complete -c ctr -n "__fish_ctr_using_subcommand images" -s q -l quiet -d 'Show only image ids'
complete -c ctr -n "__fish_ctr_using_subcommand images" -l digests -d 'Show digests'
complete -c ctr -n "__fish_ctr_using_subcommand images" -l no-trunc -d 'Do not truncate ids'
complete -c ctr -n "__fish_ctr_using_subcommand images" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand images" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from ls list inspect rm prune tag load save import" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from ls list inspect rm prune tag load save import" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from ls list inspect rm prune tag load save import" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from ls list inspect rm prune tag load save import" -f -a "ls" -d 'List images in local storage'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from ls list inspect rm prune tag load save import" -f -a "list" -d 'List images in local storage'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from ls list inspect rm prune tag load save import" -f -a "inspect" -d 'Show details of images as JSON'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from ls list inspect rm prune tag load save import" -f -a "rm" -d 'Remove images'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from ls list inspect rm prune tag load save import" -f -a "prune" -d 'Remove unused images'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from ls list inspect rm prune tag load save import" -f -a "tag" -d 'Add a name to an image'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from ls list inspect rm prune tag load save import" -f -a "load" -d 'Load images from an archive'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from ls list inspect rm prune tag load save import" -f -a "save" -d 'Save images to an archive'
complete -c ctr -n "__fish_ctr_using_subcommand image; and not __fish_seen_subcommand_from ls list inspect rm prune tag load save import" -f -a "import" -d 'Create an image from a root filesystem tarball'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l format -d 'Output format: table, json, or a Go template such as \'{{.Repository}}:{{.Tag}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -s a -l all -d 'Show all images (default hides intermediate images)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Show only image ids'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l digests -d 'Show digests'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -l no-trunc -d 'Do not truncate ids'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l format -d 'Output format: table, json, or a Go template such as \'{{.Repository}}:{{.Tag}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -s a -l all -d 'Show all images (default hides intermediate images)'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Show only image ids'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l digests -d 'Show digests'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -l no-trunc -d 'Do not truncate ids'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -s f -l format -d 'Output format: json (default) or a Go template such as \'{{.Id}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -s f -l force -d 'Remove images even if containers use them'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -s a -l all -d 'Remove all images'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -s a -l all -d 'Remove all images no container uses, not only dangling ones'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -s f -l force -d 'Do not ask for confirmation'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from tag" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from tag" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from tag" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -s i -l input -d 'Read from this archive file or OCI layout directory instead of stdin' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -s q -l quiet -d 'Print only the loaded image names'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from load" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -s o -l output -d 'Write to this file instead of stdout' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -l format -d 'Archive format' -r -f -a "docker-archive\t''
oci-archive\t''"
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from save" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -s c -l change -d 'Apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, VOLUME, WORKDIR, STOPSIGNAL)' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -s m -l message -d 'Commit message stored in the image' -r
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only the image id'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand image; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand load" -s i -l input -d 'Read from this archive file or OCI layout directory instead of stdin' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand load" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand load" -s q -l quiet -d 'Print only the loaded image names'
complete -c ctr -n "__fish_ctr_using_subcommand load" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand load" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand save" -s o -l output -d 'Write to this file instead of stdout' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand save" -l format -d 'Archive format' -r -f -a "docker-archive\t''
oci-archive\t''"
complete -c ctr -n "__fish_ctr_using_subcommand save" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand save" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand save" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand import" -s c -l change -d 'Apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, VOLUME, WORKDIR, STOPSIGNAL)' -r
complete -c ctr -n "__fish_ctr_using_subcommand import" -s m -l message -d 'Commit message stored in the image' -r
complete -c ctr -n "__fish_ctr_using_subcommand import" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand import" -s q -l quiet -d 'Print only the image id'
complete -c ctr -n "__fish_ctr_using_subcommand import" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand import" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand tag" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand tag" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand tag" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -s f -l force -d 'Remove images even if containers use them'
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -s a -l all -d 'Remove all images'
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand rmi" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -s f -l format -d 'Output format: json (default) or a Go template such as \'{{.Id}}\'' -r
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand unshare" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand unshare" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand unshare" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand version" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand version" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand version" -s V -l version -d 'Print version'
complete -c ctr -n "__fish_ctr_using_subcommand completion" -l root -d 'Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)' -r -F
complete -c ctr -n "__fish_ctr_using_subcommand completion" -s h -l help -d 'Print help'
complete -c ctr -n "__fish_ctr_using_subcommand completion" -s V -l version -d 'Print version'
