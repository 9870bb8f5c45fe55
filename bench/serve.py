#!/usr/bin/env python3
"""Time `uslugi serve` (release) from saving a Markdown file to the reload event reaching a
connected client.

    python3 bench/serve.py [--pages 1000] [--edits 20]

Generates the shared corpus (../shared/bench/gen_corpus.py --engine yaml), starts
`uslugi serve` from the site's folder (no --root) on a free loopback port, subscribes to /_uslugi/events like a browser tab,
then edits one page's body EDITS times (a different page each time), measuring from the
write to the `reload` event. Prints the median and the slowest.
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
USLUGI = os.path.join(ROOT, "target", "release", "uslugi")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=20)
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    site = os.path.join(ROOT, "bench", "work", f"serve-{a.pages}")
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([sys.executable, GEN, "--engine", "yaml", "--pages", str(a.pages), "--out", site], check=True, stdout=subprocess.DEVNULL)
    # From the site's own folder, as an editor runs it.
    proc = subprocess.Popen([USLUGI, "serve", "--port", "0"], cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(b"GET /_uslugi/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        sock.settimeout(10)
        buf = b""
        while b"live reload" not in buf:
            buf += sock.recv(4096)
        times = []
        for i in range(a.edits):
            n = (i * 37) % a.pages
            page = os.path.join(site, "content", f"section-{n // 100:03d}", f"page-{n:05d}.md")
            with open(page, encoding="utf-8") as f:
                text = f.read()
            text = text.replace("## Раздел первый", f"## Раздел первый, правка {i}", 1)
            buf = b""
            start = time.perf_counter()
            with open(page, "w", encoding="utf-8") as f:
                f.write(text)
            while b"event: reload" not in buf:
                buf += sock.recv(4096)
            times.append((time.perf_counter() - start) * 1000)
            time.sleep(0.3)
    finally:
        proc.terminate()
        err = proc.communicate(timeout=10)[1]
    incremental = err.count("re-rendered 1 page")
    print(f"{a.pages} pages, {a.edits} edits: save → reload event median {statistics.median(times):.1f} ms, "
          f"slowest {max(times):.1f} ms; {incremental} of {a.edits} edits re-rendered one page only")


if __name__ == "__main__":
    main()
