#!/bin/bash
# Installs a built ctr with its man pages and shell completions.
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
# systemd user units for the socket-activated API (systemctl --user enable --now ctr.socket)
install -D -m 0644 packaging/systemd/ctr.socket "$PREFIX/lib/systemd/user/ctr.socket"
sed "s#/usr/local/bin/ctr#$PREFIX/bin/ctr#" packaging/systemd/ctr.service > "$PREFIX/lib/systemd/user/ctr.service"
echo "installed ctr in $PREFIX"
