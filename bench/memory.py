#!/usr/bin/env python3
"""Peak memory of `uslugi` (release) on large and hostile inputs, beside its baseline.

    python3 bench/memory.py

Generates each input under bench/work/memory/, runs the release binary on it under
/usr/bin/time -v and prints the peak resident size (max RSS), what it is beyond the baseline
(the same command on a tiny input) and that as a multiple of the largest input file:

- build: a site with one 400,000-line Markdown page, plain and with bold text and a link on
  every line (the goal: a peak under 10 times the page); a page whose front matter lists
  100,000 tags (refused with a clear error);
- centres import: a 50 MB centres.csv (refused: more rows than the importer takes);
- audit: a page at the 5 MB `--max-mb` limit, in four shapes — text paragraphs, paragraphs
  with links, nothing but links, and nothing but tiny nested elements.
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench", "work", "memory")
USLUGI = os.path.join(ROOT, "target", "release", "uslugi")
MB = 1024 * 1024


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def peak_kb(args, cwd):
    """Max RSS in KB and the exit code of one run."""
    run = subprocess.run(["/usr/bin/time", "-v", USLUGI] + args, cwd=cwd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
    return kb, run.returncode


def site(name, pages):
    """A minimal site with the given content files."""
    root = os.path.join(WORK, name)
    shutil.rmtree(root, ignore_errors=True)
    write(os.path.join(root, "site.toml"),
          'title = "Память"\nbase_url = "https://memory.example/"\nprofile = "agency"\n'
          '[organization]\nname = "Проверка"\n')
    for rel, text in pages.items():
        write(os.path.join(root, "content", rel), text)
    return root


def page_until(limit, unit, head="<!doctype html><html lang=ru><head><meta charset=utf-8>"
               "<title>Т</title></head><body><main><h1>Электронные услуги</h1>",
               tail="</main></body></html>"):
    parts, size, i = [head], len(head.encode()) + len(tail), 0
    while True:
        u = unit(i)
        n = len(u.encode())
        if size + n > limit:
            break
        parts.append(u)
        size += n
        i += 1
    parts.append(tail)
    return "".join(parts)


def report(what, args, cwd, largest, base_kb):
    kb, code = peak_kb(args, cwd)
    beyond = (kb - base_kb) * 1024
    print(f"{what:<44} {kb / 1024:7.1f} MB  +{beyond / MB:6.1f} MB  "
          f"{beyond / largest:5.1f}x of {largest / MB:.1f} MB  (exit {code})")


def main():
    if not os.path.exists(USLUGI):
        sys.exit("build first: cargo build --release")
    os.makedirs(WORK, exist_ok=True)
    front = '---\ntitle: "Страница"\nkind: page\n---\n'

    tiny = site("tiny", {"_index.md": front + "Текст.\n"})
    base_build, _ = peak_kb(["build", "-o", "out", "--quiet"], tiny)
    big_line = "Портал госуслуг помогает подать заявление без очереди, строка {i}.\n\n"
    big = site("big-page", {"_index.md": front + "Текст.\n",
                            "long.md": front + "".join(big_line.format(i=i) for i in range(400_000))})
    largest = os.path.getsize(os.path.join(big, "content", "long.md"))
    print(f"{'baseline: build of a one-page site':<44} {base_build / 1024:7.1f} MB")
    report("build: 400,000-line page", ["build", "-o", "out", "--quiet"], big, largest, base_build)
    report("build: 400,000-line page, --minify", ["build", "-o", "out", "--quiet", "--minify"], big,
           largest, base_build)
    # Every line with bold text and a link: the markup the renderer does most with.
    marked_line = "Строка {i}: **подать онлайн** на [портале](https://www.gosuslugi.ru/{i}) без очереди.\n\n"
    marked = site("marked-page", {"_index.md": front + "Текст.\n",
                                  "long.md": front + "".join(marked_line.format(i=i)
                                                             for i in range(400_000))})
    largest = os.path.getsize(os.path.join(marked, "content", "long.md"))
    report("build: 400,000 lines with bold and a link", ["build", "-o", "out", "--quiet"], marked,
           largest, base_build)
    tags = "tags:\n" + "".join(f"  - тег{i}\n" for i in range(100_000))
    many = site("many-tags", {"_index.md": front + "Текст.\n",
                              "tags.md": '---\ntitle: "Теги"\nkind: page\n' + tags + "---\nТекст.\n"})
    largest = os.path.getsize(os.path.join(many, "content", "tags.md"))
    report("build: front matter of 100,000 tags", ["build", "-o", "out", "--quiet"], many,
           largest, base_build)

    csv = os.path.join(WORK, "centres.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("Название;Адрес;Район;Телефон;Часы работы\n")
        i = 0
        while f.tell() < 50 * MB:
            f.write(f"МФЦ {i};ул. Ленина, {i};Центральный;+7 800 000-00-00;пн–пт 9–18\n")
            i += 1
    small = os.path.join(WORK, "centres-small.csv")
    with open(small, "w", encoding="utf-8") as f:
        f.write("Название;Адрес\nМФЦ;ул. Ленина, 1\n")
    base_import, _ = peak_kb(["centres", "import", small, "-o", os.path.join(WORK, "c.yaml")], tiny)
    print(f"{'baseline: import of a one-row CSV':<44} {base_import / 1024:7.1f} MB")
    report("centres import: 50 MB CSV", ["centres", "import", csv, "-o", os.path.join(WORK, "c.yaml")],
           tiny, os.path.getsize(csv), base_import)

    empty = os.path.join(WORK, "audit-empty")
    write(os.path.join(empty, "index.html"), "<html><body><h1>x</h1></body></html>")
    base_audit, _ = peak_kb(["audit", empty], WORK)
    print(f"{'baseline: audit of a one-line page':<44} {base_audit / 1024:7.1f} MB")
    limit = 5 * MB - 2048
    shapes = {
        "text paragraphs": lambda i: f"<p>Госуслуги помогают получить услугу без очереди, номер {i}.</p>\n",
        "paragraphs with links": lambda i: f"<p>Абзац {i} про <a href='/p{i}/'>портал госуслуг</a> и центры.</p>\n",
        "nothing but links": lambda i: f'<a href="/x/{i}">ссылка {i}</a> ',
        "tiny nested elements": lambda i: "<div><span>a</span></div>",
    }
    for name, unit in shapes.items():
        folder = os.path.join(WORK, "audit-" + name.replace(" ", "-"))
        write(os.path.join(folder, "index.html"), page_until(limit, unit))
        report(f"audit: 5 MB page, {name}", ["audit", folder], WORK,
               os.path.getsize(os.path.join(folder, "index.html")), base_audit)


if __name__ == "__main__":
    main()
