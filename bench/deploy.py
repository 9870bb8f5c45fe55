#!/usr/bin/env python3
"""Time `uslugi deploy` (release) to OpenSSH's SFTP server on loopback: first to an empty
folder, then again after one page's edit.

    python3 bench/deploy.py [--pages 1000] [--runs 3]

Generates the shared corpus (../shared/bench/gen_corpus.py --engine yaml), starts sshd on a
free loopback port with its SFTP server logging every file it opens, then from the site's
folder (as an editor runs it) deploys RUNS times to a fresh folder and, after each, edits one
page and deploys again. Counts the files sent in the server's log, not in uslugi's report,
and prints the median times. Needs openssh-server (apt-get install openssh-server).
"""
import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
USLUGI = os.path.join(ROOT, "target", "release", "uslugi")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sshd(d):
    for key in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", os.path.join(d, key)], check=True)
    shutil.copy(os.path.join(d, "client.pub"), os.path.join(d, "authorized_keys"))
    os.makedirs("/run/sshd", exist_ok=True) if os.geteuid() == 0 else None
    port = free_port()
    with open(os.path.join(d, "sshd_config"), "w") as f:
        f.write(
            f"Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host\nPidFile {d}/sshd.pid\n"
            f"AuthorizedKeysFile {d}/authorized_keys\nStrictModes no\nUsePAM no\nPermitRootLogin yes\n"
            f"Subsystem sftp /usr/lib/openssh/sftp-server -e -l INFO 2>>{d}/sftp.log\n"
        )
    key = " ".join(open(os.path.join(d, "host.pub")).read().split()[:2])
    with open(os.path.join(d, "known_hosts"), "w") as f:
        f.write(f"[127.0.0.1]:{port} {key}\n")
    proc = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", os.path.join(d, "sshd_config")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(500):
        try:
            socket.create_connection(("127.0.0.1", port)).close()
            return proc, port
        except OSError:
            time.sleep(0.02)
    raise SystemExit("sshd did not start")


def sent(d):
    """Files opened for writing under a temporary name since the log was last read."""
    log = os.path.join(d, "sftp.log")
    if not os.path.exists(log):
        return 0
    lines = open(log, encoding="utf-8", errors="replace").read().splitlines()
    open(log, "w").close()
    return sum(1 for l in lines if "flags WRITE,CREATE,TRUNCATE" in l and ".uslugi-part" in l
               and ".uslugi-lock" not in l and ".uslugi-manifest" not in l)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    site = os.path.join(ROOT, "bench", "work", f"deploy-{a.pages}")
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([sys.executable, GEN, "--engine", "yaml", "--pages", str(a.pages), "--out", site],
                   check=True, stdout=subprocess.DEVNULL)
    d = tempfile.mkdtemp()
    proc, port = start_sshd(d)
    user = subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
    subprocess.run([USLUGI, "build", "--quiet"], cwd=site, check=True)
    files = sum(len(f) for _, _, f in os.walk(os.path.join(site, "public"))) - 1
    full, edit, full_sent, edit_sent = [], [], [], []
    try:
        for run in range(a.runs):
            www = os.path.join(d, f"www{run}")
            cmd = [USLUGI, "deploy", "--quiet", "--to", f"sftp://{user}@127.0.0.1:{port}/{www}/",
                   "--identity", os.path.join(d, "client"), "--known-hosts", os.path.join(d, "known_hosts")]
            sent(d)
            t = time.perf_counter()
            subprocess.run(cmd, cwd=site, check=True)
            full.append(time.perf_counter() - t)
            full_sent.append(sent(d))
            page = os.path.join(site, "content", "section-000", "page-00007.md")
            text = open(page, encoding="utf-8").read()
            with open(page, "w", encoding="utf-8") as f:
                f.write(text.replace("## Раздел первый", f"## Раздел первый, правка {run}", 1))
            t = time.perf_counter()
            subprocess.run(cmd, cwd=site, check=True)
            edit.append(time.perf_counter() - t)
            edit_sent.append(sent(d))
    finally:
        proc.terminate()
        shutil.rmtree(d, ignore_errors=True)
    print(f"{a.pages} pages, {files} files; medians of {a.runs} (build included):")
    print(f"  first deploy:  {statistics.median(full):.2f} s, {statistics.median(full_sent)} files sent")
    print(f"  after one edit: {statistics.median(edit):.2f} s, {statistics.median(edit_sent)} files sent")


if __name__ == "__main__":
    main()
