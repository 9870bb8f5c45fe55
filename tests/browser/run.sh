#!/usr/bin/env bash
# Real-browser checks of the example site: installs what they need (Debian's Chromium, a
# Java runtime for the Nu HTML Checker, the pinned npm packages), builds the site with the
# already-built debug binary into a temporary directory, minified and not, and runs run.mjs
# against both.
#   SCREENSHOTS=DIR  keep the screenshots there (default: a temporary directory)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
need() { command -v "$1" >/dev/null 2>&1; }
if ! need chromium || ! need java || ! need npm; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  need chromium || apt-get install -y -qq chromium >/dev/null
  need java || apt-get install -y -qq default-jre-headless >/dev/null
  need npm || apt-get install -y -qq nodejs npm >/dev/null
fi
cd "$here"
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
bin="$repo/target/debug/uslugi"
[ -x "$bin" ] || (cd "$repo" && cargo build --quiet)
# From the site's own folder, as the README shows: minified (checked in full) and as rendered
# (the default), to compare what a reader gets from both.
(cd "$repo" && "$bin" build --quiet --minify -o "$out/public")
(cd "$repo" && "$bin" build --quiet --no-minify -o "$out/plain")
base="$(sed -n 's|^base_url *= *"[a-z]*://[^/"]*\(/[^"]*\)".*|\1|p' "$repo/site.toml")"
node run.mjs "$out/public" "${base:-/}" "${SCREENSHOTS:-$out/screenshots}" "$out/plain"
