#!/usr/bin/env bash
# Makes the .deb (Debian, Astra Linux) and the .rpm (RED OS, ALT): the binary, its manual
# pages and shell completions (written by the binary itself, from the same definitions as
# --help), the licence, the README and the guide as local HTML (mdBook).
#   bash packaging/build.sh [PROFILE]
# PROFILE is `release` by default; CI packages the `dev` build its tests already made.
# Installs mdbook, cargo-deb and cargo-generate-rpm from crates.io when they are missing.
# Writes target/debian/uslugi_*.deb and target/generate-rpm/uslugi-*.rpm.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
profile="${1:-release}"
case "$profile" in dev) dir=debug ;; *) dir="$profile" ;; esac
target="${CARGO_TARGET_DIR:-$repo/target}"
for tool in mdbook cargo-deb cargo-generate-rpm; do
  command -v "$tool" >/dev/null || cargo install --locked --quiet "$tool"
done
cargo build --quiet --profile "$profile" --bin uslugi
bin="$target/$dir/uslugi"
stage="$repo/target/packaging"
rm -rf "$stage"
mkdir -p "$stage/man" "$stage/completions"
"$bin" man "$stage/man"
"$bin" completions bash > "$stage/completions/uslugi.bash"
"$bin" completions zsh > "$stage/completions/_uslugi"
"$bin" completions fish > "$stage/completions/uslugi.fish"
mdbook build "$repo/docs" --dest-dir "$stage/guide" 2>&1 | grep -v '^ INFO' || true
[ -f "$stage/guide/index.html" ] || { echo "the guide did not build"; exit 1; }
cargo deb --quiet --no-build --profile "$profile"
# The dev build keeps its debug information (hundreds of MB): packed as it is, not compressed.
case "$profile" in dev) compress=none ;; *) compress=zstd ;; esac
cargo generate-rpm --profile "$profile" --payload-compress "$compress"
ls "$target/debian/"uslugi_*.deb "$target/generate-rpm/"uslugi-*.rpm
