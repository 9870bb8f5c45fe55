#!/usr/bin/env bash
# Our output read by independent readers, as the people it is for open it: the history
# workbook in openpyxl (Debian's python3-openpyxl, installed with apt when missing). Two
# quarterly audits of two saved sites are recorded with the already-built debug binary, and
# the workbook of what changed is read back by workbook.py.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
py=/usr/bin/python3
if ! "$py" -c "import openpyxl" 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq python3 python3-openpyxl >/dev/null
fi
bin="${CARGO_TARGET_DIR:-$repo/target}/debug/uslugi"
[ -x "$bin" ] || (cd "$repo" && cargo build --quiet)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$repo/tests/fixtures/audit/wordpress" "$work/school5"
cp -r "$repo/tests/fixtures/audit/joomla" "$work/school6"
printf 'school5\tШкола № 5\nschool6\tШкола № 6\n' > "$work/sites.txt"
cd "$work"
"$bin" audit --quiet --list sites.txt --history region.db --today 2026-09-01 || true
sed -i 's/gosuslugi\.ru/example.org/g' school6/*.php
"$bin" audit --quiet --list sites.txt --history region.db --today 2026-12-01 || true
"$bin" history region.db --format xlsx -o changes.xlsx
"$py" "$here/workbook.py" changes.xlsx
