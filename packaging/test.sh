#!/usr/bin/env bash
# The packages as a user gets them: builds the .deb and the .rpm from the dev build, installs
# the .deb with dpkg on this Debian, and runs `uslugi init`, `build` and `check` from the
# installed binary in a folder outside the repository, as an editor would; checks that the
# manual pages, completions, licence and guide are where the system looks for them; removes
# the package. Reads the .rpm's metadata and file list with rpm -qip / -qlp.
#   LOG=FILE  keep the install log there
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
log="${LOG:-$(mktemp)}"
command -v rpm >/dev/null || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rpm >/dev/null
}
bash "$repo/packaging/build.sh" dev
deb="$(ls -t "$target/debian/"uslugi_*.deb | head -1)"
rpmfile="$(ls -t "$target/generate-rpm/"uslugi-*.rpm | head -1)"

work="$(mktemp -d)"
trap 'dpkg -r uslugi >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
{ echo "\$ dpkg -i $(basename "$deb")"; dpkg -i "$deb"; } 2>&1 | tee "$log"
cd "$work"
{
  echo "\$ command -v uslugi"; command -v uslugi
  echo "\$ uslugi --version"; uslugi --version
  echo "\$ uslugi init школа --profile education --org 'МБОУ «Средняя школа № 5»'"
  uslugi init школа --profile education --org "МБОУ «Средняя школа № 5»"
  cd школа
  echo "\$ uslugi build"; uslugi build
  echo "\$ uslugi check"; rc=0; uslugi check >check.txt || rc=$?
  # 1: it ran and found starter text to replace — what a new site should get.
  [ "$rc" -le 1 ] || { cat check.txt; echo "uslugi check failed ($rc)"; exit 1; }
  echo "exit $rc; $(grep -c . check.txt) lines of findings"
} 2>&1 | tee -a "$log"
[ "$(command -v uslugi)" = /usr/bin/uslugi ] || { echo "not the installed binary"; exit 1; }
[ -f "$work/школа/public/index.html" ] || { echo "the installed uslugi built nothing"; exit 1; }
for f in /usr/share/man/man1/uslugi.1.gz /usr/share/man/man1/uslugi-deploy.1.gz \
  /usr/share/bash-completion/completions/uslugi /usr/share/zsh/vendor-completions/_uslugi \
  /usr/share/fish/vendor_completions.d/uslugi.fish /usr/share/doc/uslugi/copyright \
  /usr/share/doc/uslugi/guide/index.html /usr/share/doc/uslugi/guide/publishing.html; do
  [ -f "$f" ] || { echo "the package does not install $f"; dpkg -L uslugi; exit 1; }
done
grep -q "MIT License" /usr/share/doc/uslugi/copyright
{ echo "\$ dpkg -r uslugi"; dpkg -r uslugi; } 2>&1 | tee -a "$log"
[ ! -e /usr/bin/uslugi ] || { echo "dpkg -r left /usr/bin/uslugi"; exit 1; }

rpm -qip "$rpmfile" | tee -a "$log"
files="$(rpm -qlp "$rpmfile")"
for f in /usr/bin/uslugi /usr/share/man/man1/uslugi.1 /usr/share/bash-completion/completions/uslugi \
  /usr/share/licenses/uslugi/LICENSE /usr/share/doc/uslugi/guide/index.html \
  /usr/share/doc/uslugi/guide/print.html; do
  grep -qx "$f" <<<"$files" || { echo "the .rpm does not carry $f"; echo "$files"; exit 1; }
done
rpm -qip "$rpmfile" | grep -q "^License *: MIT"
echo "packages: the .deb installed and ran init, build and check; the .rpm carries $(wc -l <<<"$files") files"
