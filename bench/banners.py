#!/usr/bin/env python3
"""Time the banner pipeline (release): 20 source banners, first build and rebuild.

    python3 bench/banners.py [--banners 20]

Copies the check-complete fixture, adds BANNERS banner images at twice their display size
(the project's sample banners, cycled through the standard formats, each made unique by one
changed byte in a text chunk so no two share a cache entry), builds once with an empty cache
and once more, and reports both wall times and how many images the rebuild decoded (it
must be 0).
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
USLUGI = os.path.join(ROOT, "target", "release", "uslugi")
SAMPLES = [("gosuslugi-728x90.png", "728x90"), ("gosuslugi-468x60.png", "468x60"),
           ("gosuslugi-240x400.png", "240x400"), ("gosuslugi-100x100.png", "100x100")]


def with_text_chunk(png, text):
    """The PNG with a tEXt chunk after IHDR, so its bytes (and content hash) differ."""
    data = b"Comment\x00" + text.encode()
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data + struct.pack(">I", zlib.crc32(b"tEXt" + data))
    return png[:33] + chunk + png[33:]


def build(site):
    start = time.perf_counter()
    res = subprocess.run([USLUGI, "build", "-v", "--root", site], capture_output=True, text=True, check=True)
    decoded = int(re.search(r"(\d+) image\(s\) decoded", res.stderr).group(1))
    return time.perf_counter() - start, decoded


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--banners", type=int, default=20)
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    site = os.path.join(ROOT, "bench", "work", "banners-site")
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "tests", "fixtures", "check-complete"), site)
    os.makedirs(os.path.join(site, "banners"))
    manifest = []
    for i in range(a.banners):
        name, fmt = SAMPLES[i % len(SAMPLES)]
        with open(os.path.join(ROOT, "banners", name), "rb") as f:
            png = with_text_chunk(f.read(), f"copy {i}")
        out = f"banner-{i:02d}-{fmt}.png"
        with open(os.path.join(site, "banners", out), "wb") as f:
            f.write(png)
        placement = ["home", "sidebar", "footer", "section"][i % 4]
        manifest.append(f"- file: {out}\n  format: {fmt}\n  link: https://www.gosuslugi.ru/\n  alt: Госуслуги, баннер {i}\n  placement: {placement}\n")
    with open(os.path.join(site, "banners", "banners.yaml"), "w", encoding="utf-8") as f:
        f.write("".join(manifest))
    first, d1 = build(site)
    second, d2 = build(site)
    print(f"{a.banners} banners (2x sources, 1x+2x variants, WebP + PNG): first build {first:.2f} s "
          f"({d1} decoded), rebuild {second:.2f} s ({d2} decoded)")
    if d2 != 0:
        raise SystemExit("the rebuild decoded images")


if __name__ == "__main__":
    main()
