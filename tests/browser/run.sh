#!/usr/bin/env bash
# Real-browser checks of the example site: installs what they need (Debian's Chromium, a
# Java runtime for the Nu HTML Checker, the pinned npm packages), builds the site with the
# already-built debug binary into a temporary directory, minified and not, and runs run.mjs
# against both. Then, on a fresh `uslugi init` site, as an editor works from its folder:
# the CI reports validated against their schemas by Ajv (schemas.mjs), and the preview's
# to-do list and status link driven in the browser while the site is edited (preview.mjs).
#   SCREENSHOTS=DIR    keep the screenshots there (default: a temporary directory)
#   GUIDE_IMAGES=DIR   also copy the guide's pictures there (docs/src/images refreshes them)
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
bin="${CARGO_TARGET_DIR:-$repo/target}/debug/uslugi"
[ -x "$bin" ] || (cd "$repo" && cargo build --quiet)
# From the site's own folder, as the README shows: minified (checked in full) and as rendered
# (the default), to compare what a reader gets from both.
(cd "$repo" && "$bin" build --quiet --minify -o "$out/public")
(cd "$repo" && "$bin" build --quiet --no-minify -o "$out/plain")
base="$(sed -n 's|^base_url *= *"[a-z]*://[^/"]*\(/[^"]*\)".*|\1|p' "$repo/site.toml")"
node run.mjs "$out/public" "${base:-/}" "${SCREENSHOTS:-$out/screenshots}" "$out/plain"

# A fresh site, its reports for CI validated against their published schemas (SARIF 2.1.0,
# GitLab Code Quality as documented, our own JSON), and those of an audited folder.
init="$out/init"
mkdir -p "$init"
(cd "$init" && "$bin" init site --profile education --org "МБОУ СОШ № 5" >/dev/null)
for f in sarif codequality json; do
  (cd "$init/site" && "$bin" check --quiet --format "$f" -o "$out/check.$f") || [ -s "$out/check.$f" ]
done
(cd "$repo/tests/fixtures/audit/joomla" && "$bin" audit . --quiet --format sarif -o "$out/audit.sarif") || [ -s "$out/audit.sarif" ]
node schemas.mjs sarif "$out/check.sarif" codequality "$out/check.codequality" report "$out/check.json" sarif "$out/audit.sarif"

# The preview of that site, from its own folder, driven in the browser while it is edited.
(cd "$init/site" && exec "$bin" serve --port 0 >"$out/serve.out" 2>"$out/serve.err") &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null; rm -rf "$out"' EXIT
for _ in $(seq 100); do grep -q "http://" "$out/serve.out" 2>/dev/null && break; sleep 0.1; done
origin="$(grep -o 'http://[^/ ]*' "$out/serve.out" | head -1)"
[ -n "$origin" ] || { cat "$out/serve.err"; echo "uslugi serve did not start"; exit 1; }
node preview.mjs "$origin" "$init/site" "${SCREENSHOTS:-$out/screenshots}"

# The ranking with a history of three quarterly runs over saved sites, in the browser and
# printed to A4 landscape.
region="$out/region"
mkdir -p "$region"
for s in wordpress joomla modern bitrix drupal umi antibot; do cp -r "$repo/tests/fixtures/audit/$s" "$region/$s"; done
printf 'wordpress\tСОШ № 1\njoomla\tСОШ № 2\nmodern\tУправление образования\nbitrix\tДетский сад № 3\ndrupal\tАдминистрация района\numi\tЦентр творчества\nantibot\tСОШ № 4\n' > "$region/sites.txt"
for day in 2026-06-01 2026-09-01 2026-12-01; do
  (cd "$region" && "$bin" audit --quiet --list sites.txt --history region.db --ranking ranking.html --today "$day") || [ -s "$region/ranking.html" ]
done
node ranking.mjs "$region/ranking.html" "${SCREENSHOTS:-$out/screenshots}"

# The guide, built by mdBook as the packages carry it, read from disk at 360 and 1280 px.
command -v mdbook >/dev/null || cargo install --locked --quiet mdbook
mdbook build "$repo/docs" --dest-dir "$out/guide" >/dev/null 2>&1
node guide.mjs "$out/guide" "${SCREENSHOTS:-$out/screenshots}"

# The guide's pictures are screenshots taken above, so they follow the theme.
if [ -n "${GUIDE_IMAGES:-}" ]; then
  shots="${SCREENSHOTS:-$out/screenshots}"
  home="$(printf '%s' "${base:-/}" | sed 's/[^A-Za-z0-9]\{1,\}/_/g')"
  mkdir -p "$GUIDE_IMAGES"
  cp "$shots/${home:-home}-1280.png" "$GUIDE_IMAGES/home-1280.png"
  cp "$shots/${home:-home}-360x640.png" "$GUIDE_IMAGES/home-360.png"
  cp "$shots/low-vision-faq-1280.png" "$GUIDE_IMAGES/low-vision-1280.png"
  cp "$shots/preview-todo-1280.png" "$GUIDE_IMAGES/check-1280.png"
  cp "$shots/ranking-1280.png" "$GUIDE_IMAGES/ranking-1280.png"
fi
