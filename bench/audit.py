#!/usr/bin/env python3
"""Time `uslugi audit` (release) on many sites served from a loopback server.

    python3 bench/audit.py [--sites 100] [--pages 30] [--jobs 8] [--history-runs 3]

Builds one ~PAGES-page site with uslugi (the check-complete fixture plus generated news
items), serves it under SITES prefixes (/site000/, /site001/, …) from a threaded HTTP server
on 127.0.0.1, and audits all of them with `--list`, reporting wall time and peak memory
(max RSS, from /usr/bin/time). Everything stays on this machine.

With --history-runs R, the list is audited R times into one history file (`--history`, each
run judged on a later date, so that news freshness moves), then `uslugi history` (text) and
`uslugi history --format xlsx` are timed on it, and the last run also writes the ranking as
a workbook: the time and peak memory of each step are printed.
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
    ap.add_argument("--history-runs", type=int, default=0)
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
    if a.history_runs:
        history(a, listing)
        server.shutdown()
        return
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


def timed(cmd):
    """Runs `cmd` under /usr/bin/time; returns (seconds, peak MiB, exit code)."""
    res = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall, kb = res.stderr.strip().splitlines()[-1].split()
    return float(wall), int(kb) / 1024, res.returncode


def history(a, listing):
    db = os.path.join(WORK, "history.db")
    for f in [db, db + "-journal"]:
        if os.path.exists(f):
            os.remove(f)
    days = ["2026-03-01", "2026-06-01", "2026-09-01", "2026-12-01", "2027-03-01"]
    for r in range(a.history_runs):
        cmd = [USLUGI, "audit", "--quiet", "--list", listing, "--jobs", str(a.jobs), "--history", db,
               "--today", days[r % len(days)]]
        if r == a.history_runs - 1:
            cmd += ["--ranking", os.path.join(WORK, "ranking.xlsx")]
        wall, mib, code = timed(cmd)
        what = "audit --history" + (" --ranking ranking.xlsx" if r == a.history_runs - 1 else "")
        print(f"run {r + 1}: {what}, {a.sites} sites: {wall:.2f} s, peak {mib:.0f} MiB (exit {code})")
    for name, cmd in [
        ("history (text)", [USLUGI, "history", db]),
        ("history --format xlsx", [USLUGI, "history", db, "--format", "xlsx", "-o", os.path.join(WORK, "changes.xlsx")]),
    ]:
        wall, mib, code = timed(cmd)
        print(f"{name}, {a.sites} sites × {a.history_runs} runs: {wall:.2f} s, peak {mib:.0f} MiB (exit {code})")
        if code != 0:
            sys.exit(f"{name} failed")
    print(f"history file: {os.path.getsize(db) / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
