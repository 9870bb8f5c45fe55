#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the example site and the test fixtures (the corpora are
# not kept in git: this script makes them again).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
c="$here/corpus"
mkdir -p "$c"/{page,site_toml,data_files,centres_import,audit_page,urls,svg,dates}
i=0
add() { # target file [prefix-byte]
  i=$((i + 1))
  if [ $# -eq 3 ]; then { printf '%b' "$3"; cat "$2"; } > "$c/$1/seed-$i"; else cp "$2" "$c/$1/seed-$i"; fi
}
while IFS= read -r -d '' f; do add page "$f"; done < <(find "$repo/content" "$repo/crates/site/src/init/starter" "$repo/tests/fixtures" -name '*.md' -print0)
while IFS= read -r -d '' f; do add site_toml "$f"; done < <(find "$repo" -maxdepth 1 -name site.toml -print0; find "$repo/tests/fixtures" -name site.toml -print0)
add data_files "$repo/data/services.yaml" '\x00'
add data_files "$repo/data/centres.yaml" '\x01'
add data_files "$repo/banners/banners.yaml" '\x02'
for f in "$repo"/crates/site/src/init/starter/services-*.yaml; do add data_files "$f" '\x00'; done
printf 'Название;Адрес;Район;Услуги;Часы работы\nМФЦ;ул. Мира, 15;Приозёрск;регистрация, подтверждение;пн-пт 08:00-20:00, перерыв 13:00-14:00\n' > "$c/centres_import/seed-csv"
printf 'Часы работы,Название центра,АДРЕС\n"Пн-Пт 9.00-19.00",Почта № 2,"ул. Садовая, 7"\n' > "$c/centres_import/seed-csv-comma"
while IFS= read -r -d '' f; do add audit_page "$f"; done < <(find "$repo/tests/fixtures/audit" -type f \( -name '*.htm*' -o -name '*.php' \) -print0)
for u in $'news/one/\n../../faq/' $'\n//www.gosuslugi.ru/' $'faq/\n#kak-voyti' $'\n/bitrix/rk.php?goto=https%3A%2F%2Fwww.gosuslugi.ru%2F' $'\nhttps://gosuslugi.ru:443@evil.example/' $'a/\n../../../../etc' $'\nhttps://[::1]:8080/x?y=1'; do
  i=$((i + 1)); printf '%s' "$u" > "$c/urls/seed-$i"
done
while IFS= read -r -d '' f; do add svg "$f"; done < <(find "$repo/themes" "$repo/src" -name '*.svg' -print0)
for d in 2026-10-01 '2026-10-01T09:30:00+03:00' '02.04.2024' '14 марта 2024 г.' 'с 5.6.2023 по 10 июля 2023'; do
  i=$((i + 1)); printf '%s' "$d" > "$c/dates/seed-$i"
done
echo "seeded: $(find "$c" -type f | wc -l) files in $c"
