#!/usr/bin/env python3
"""Time `uslugi audit` (release) on many sites served from a loopback server.

    python3 bench/audit.py [--sites 100] [--pages 30] [--jobs 8]

Builds one ~PAGES-page site with uslugi (the check-complete fixture plus generated news
items), serves it under SITES prefixes (/site000/, /site001/, …) from a threaded HTTP server
on 127.0.0.1, and audits all of them with `--list`, reporting wall time and peak memory
(max RSS, from /usr/bin/time). Everything stays on this machine.
"""
import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench", "work", "audit")
USLUGI = os.path.join(ROOT, "target", "release", "uslugi")


def make_site(pages):
    site = os.path.join(WORK, "site")
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "tests", "fixtures", "check-complete"), site)
    have = sum(len([f for f in fs if f.endswith(".md")]) for _, _, fs in os.walk(os.path.join(site, "content")))
    for i in range(max(0, pages - have)):
        with open(os.path.join(site, "content", "news", f"item-{i:03d}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: Новость номер {i}\ndate: 2026-{1 + i % 11:02d}-{1 + i % 27:02d}\n"
                    f"tags: [\"электронные госуслуги\"]\n---\n\nТекст новости {i} о получении услуг через портал.\n")
    subprocess.run([USLUGI, "build", "--quiet", "--root", site], check=True)
    return os.path.join(site, "public")


class Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):
        parts = path.split("?", 1)[0].split("/")
        rest = "/".join(parts[2:]) if len(parts) > 2 and parts[1].startswith("site") else ""
        return super().translate_path("/" + rest)

    def log_message(self, *args):
        pass


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sites", type=int, default=100)
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--jobs", type=int, default=8)
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    os.makedirs(WORK, exist_ok=True)
    public = make_site(a.pages)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=public))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    listing = os.path.join(WORK, "sites.txt")
    with open(listing, "w", encoding="utf-8") as f:
        for i in range(a.sites):
            f.write(f"http://127.0.0.1:{port}/site{i:03d}/\tСайт {i:03d}\n")
    out_dir = os.path.join(WORK, "reports")
    shutil.rmtree(out_dir, ignore_errors=True)
    cmd = ["/usr/bin/time", "-f", "%e %M", USLUGI, "audit", "--quiet", "--list", listing, "--jobs", str(a.jobs),
           "--format", "json", "--out-dir", out_dir, "--ranking", os.path.join(WORK, "ranking.csv")]
    res = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    server.shutdown()
    wall, kb = res.stderr.strip().splitlines()[-1].split()
    reports = len(os.listdir(out_dir))
    pages = sum(1 for _, _, fs in os.walk(public) for f in fs if f.endswith(".html")) - 1
    print(f"{a.sites} sites × {pages} pages over loopback, --jobs {a.jobs}: {float(wall):.2f} s, "
          f"peak {int(kb) / 1024:.0f} MiB, {reports} reports (exit {res.returncode})")
    if reports != a.sites:
        sys.exit("not every site got a report")


if __name__ == "__main__":
    main()
