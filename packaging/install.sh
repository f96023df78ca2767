#!/bin/bash
# Installs a built ctr with its man pages, shell completions, systemd user units and
# Quadlet generator links (the same files as the Debian package, packaging/deb.sh).
#   cargo build --release && sudo packaging/install.sh [PREFIX]   (default /usr/local)
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${1:-/usr/local}
install -D -m 0755 target/x86_64-unknown-linux-gnu/release/ctr "$PREFIX/bin/ctr"
install -d "$PREFIX/share/man/man1"
install -m 0644 man/*.1 "$PREFIX/share/man/man1/"
install -D -m 0644 completions/ctr.bash "$PREFIX/share/bash-completion/completions/ctr"
install -D -m 0644 completions/_ctr "$PREFIX/share/zsh/site-functions/_ctr"
install -D -m 0644 completions/ctr.fish "$PREFIX/share/fish/vendor_completions.d/ctr.fish"
# systemd user units: the socket-activated API (systemctl --user enable --now ctr.socket)
# and ctr-restart.service (systemctl --user enable ctr-restart.service); their ExecStart
# names /usr/bin/ctr, the package's path.
install -d "$PREFIX/lib/systemd/user"
for u in ctr.socket ctr.service ctr-restart.service; do
  sed "s#/usr/bin/ctr#$PREFIX/bin/ctr#" "packaging/systemd/$u" > "$PREFIX/lib/systemd/user/$u"
  chmod 0644 "$PREFIX/lib/systemd/user/$u"
done
# Quadlet: ctr acts as the generator when called by these names.
install -d "$PREFIX/lib/systemd/user-generators" "$PREFIX/lib/systemd/system-generators"
ln -sfn ../../../bin/ctr "$PREFIX/lib/systemd/user-generators/ctr-user-generator"
ln -sfn ../../../bin/ctr "$PREFIX/lib/systemd/system-generators/ctr-system-generator"
echo "installed ctr in $PREFIX"
