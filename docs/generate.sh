#!/usr/bin/env bash
# Writes what the binary prints into the guide, between the markers of each chapter:
#   materials.md        <!-- rules:start/end -->   uslugi rules --format markdown
#                       <!-- guide:start/end -->   uslugi rules --format guide
#   troubleshooting.md  <!-- errors:start/end -->  uslugi errors
# Run it after changing the rules or an error message; the tests fail while it is due.
#   USLUGI=path/to/uslugi  the binary to ask (default: target/debug/uslugi, built if missing)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="${USLUGI:-$repo/target/debug/uslugi}"
[ -x "$bin" ] || (cd "$repo" && cargo build --quiet)
fill() { # file marker command...
  local file="$1" marker="$2"
  shift 2
  local text
  text="$("$@")"
  MARK="$marker" TEXT="$text" python3 - "$file" <<'PY'
import os, sys
path = sys.argv[1]
mark, text = os.environ["MARK"], os.environ["TEXT"]
start, end = f"<!-- {mark}:start -->\n", f"<!-- {mark}:end -->"
s = open(path, encoding="utf-8").read()
i, j = s.index(start) + len(start), s.index(end)
open(path, "w", encoding="utf-8").write(s[:i] + text.rstrip("\n") + "\n" + s[j:])
PY
}
src="$repo/docs/src"
fill "$src/materials.md" rules "$bin" rules --format markdown
fill "$src/materials.md" guide "$bin" rules --format guide
fill "$src/troubleshooting.md" errors "$bin" errors
