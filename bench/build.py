#!/usr/bin/env python3
"""Time `uslugi build` (release) against Hugo on the same generated corpus, in one run.

    python3 bench/build.py [--pages 1000 10000] [--runs 3]

Generates the corpus with ../shared/bench/gen_corpus.py (--engine yaml for uslugi,
--engine hugo for Hugo) under bench/work/, builds uslugi in release mode, then runs uslugi
without minifying, uslugi with --minify (minify-html) and Hugo alternately, each into a clean
output directory, and reports the median wall time and median peak memory (max RSS, from
/usr/bin/time) of each, and the size of uslugi's output both ways. Needs `hugo`
(apt-get install hugo) and /usr/bin/time (apt-get install time).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench", "work")
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
USLUGI = os.path.join(ROOT, "target", "release", "uslugi")


def timed(cmd):
    """Runs cmd under /usr/bin/time; returns (seconds, peak MiB)."""
    res = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    if res.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{res.stderr}")
    wall, kb = res.stderr.strip().splitlines()[-1].split()
    return float(wall), int(kb) / 1024


def html_bytes(out):
    """Total size of the HTML files under out."""
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs if f.endswith(".html"))


def corpus(engine, pages):
    out = os.path.join(WORK, f"c{pages}-{engine}")
    if not os.path.exists(out):
        subprocess.run([sys.executable, GEN, "--engine", engine, "--pages", str(pages), "--out", out], check=True)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default=None,
                    help="write both outputs under this directory (e.g. /dev/shm, to leave the disk out)")
    a = ap.parse_args()
    for tool in ("hugo", "/usr/bin/time"):
        if not shutil.which(tool):
            sys.exit(f"{tool} not found: apt-get install {os.path.basename(tool)}")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    rows = []
    for n in a.pages:
        ours, theirs = corpus("yaml", n), corpus("hugo", n)
        results = {"plain": [], "minify": [], "hugo": []}
        size = {}
        for _ in range(a.runs):
            for mode in ("plain", "minify"):
                out = os.path.join(a.out or WORK, f"out-uslugi-{mode}-{n}")
                shutil.rmtree(out, ignore_errors=True)
                flag = "--minify" if mode == "minify" else "--no-minify"
                results[mode].append(timed([USLUGI, "build", "--quiet", "--root", ours, "-o", out, flag]))
                size[mode] = html_bytes(out)
            out = os.path.join(a.out or WORK, f"out-hugo-{n}")
            shutil.rmtree(out, ignore_errors=True)
            results["hugo"].append(timed(["hugo", "--quiet", "-s", theirs, "-d", out]))
        med = {k: (statistics.median(w for w, _ in v), statistics.median(m for _, m in v)) for k, v in results.items()}
        rows.append((n, med, size))
    print(f"\n| pages | uslugi | peak | HTML | uslugi --minify | peak | HTML | Hugo {hugo_version} | peak | uslugi / Hugo | --minify / Hugo |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for n, med, size in rows:
        (pw, pm), (mw, mm), (hw, hm) = med["plain"], med["minify"], med["hugo"]
        print(f"| {n:,} | {pw:.2f} s | {pm:.0f} MiB | {size['plain'] / 2**20:.1f} MiB | {mw:.2f} s | {mm:.0f} MiB "
              f"| {size['minify'] / 2**20:.1f} MiB | {hw:.2f} s | {hm:.0f} MiB | {pw / hw:.2f} | {mw / hw:.2f} |")
    where = a.out or "bench/work (disk)"
    print(f"\nmedian of {a.runs} runs each, clean output directory every run, output in {where}")


if __name__ == "__main__":
    main()
