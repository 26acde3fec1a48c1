"""How soon the live preview shows a reworded claim: from the file write to the page published and the browser told.

Usage: .venv/bin/python benchmarks/preview_speed.py [--claims-dir claims] [--claim C0006] [--page source ...] [--runs 3]

Starts `python -m analysis preview` on a copy of the claims folder (and a reports folder
of its own, built first), watches one page of the claim as a browser does (its event
stream), then rewords the claim's `claim` text RUNS times, each after the last rebuild is
over, and prints for each: the seconds from the write to the page's new file in the
reports folder, to the `reload` event on the page's stream, and to the end of the whole
rebuild, with the load average (the machine may be busy with other work). `--page` picks
which of the claim's pages is open: its article (`source`), its first condition or
intervention, or the overview; several are measured in turn.
"""

import argparse
import csv
import itertools
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
FIRST_BUILD_SECONDS = 900
REBUILD_SECONDS = 300
DONE = r"rebuilt \d+ of|not rebuilt|reports are up to date"  # the preview's line at the end of a build


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims-dir", type=Path, default=ROOT / "claims")
    parser.add_argument("--claim", default="C0006", help="the claim_id to reword")
    parser.add_argument(
        "--page",
        nargs="+",
        choices=("source", "condition", "intervention", "overview"),
        default=["source"],
        help="the claim's page(s) to keep open, in turn (default: its article's page)",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="preview-speed-") as base:
        claims = Path(base) / "claims"
        shutil.copytree(args.claims_dir, claims, ignore=shutil.ignore_patterns(".*"))
        preview = Preview(claims, Path(base) / "reports", args.jobs)
        try:
            print(preview.wait_for(DONE, FIRST_BUILD_SECONDS))
            runs = itertools.count(1)
            for kind in args.page:
                href = page_of(claims, args.claim, kind)
                print(f"open page: {href}; rewording the claim text of {args.claim}")
                for _ in range(args.runs):
                    measure(preview, claims, args.claim, href, next(runs))
        finally:
            preview.stop()
    return 0


class Preview:
    """The preview command running in the background, its output lines kept in a queue."""

    def __init__(self, claims: Path, out: Path, jobs: int):
        command = [sys.executable, "-m", "analysis", "preview", "--claims-dir", str(claims), "--output", str(out)]
        self.out = out
        self.process = subprocess.Popen(
            [*command, "--port", "0", "-j", str(jobs)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = re.search(r"http://\S+/", self.wait_for("^serving ", 60)).group(0)

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float) -> str:
        """Return the next output line matching `pattern`, failing after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            if re.search(pattern, line):
                return line

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()


def page_of(claims: Path, claim_id: str, kind: str) -> str:
    """Return the href of the claim's page of `kind`."""
    row = next(r for r in read_rows(claims) if r["claim_id"] == claim_id)
    if kind == "overview":
        return "overview.html"
    if kind == "source":
        return f"source/{row['source_id']}.html"
    return f"{kind}/{row[kind + 's'].split(';')[0].strip()}.html"


def read_rows(claims: Path) -> list[dict]:
    with open(claims / "claims.csv", newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def reword(claims: Path, claim_id: str, run: int) -> None:
    """Reword the claim's `claim` text (the file stays valid): append or renumber a marker."""
    rows = read_rows(claims)
    for row in rows:
        if row["claim_id"] == claim_id:
            row["claim"] = re.sub(r" \(reworded \d+\)$", "", row["claim"]) + f" (reworded {run})"
    with open(claims / "claims.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def measure(preview: Preview, claims: Path, claim_id: str, href: str, run: int) -> None:
    """Reword once; print the seconds to the page published, to the browser's event and to the whole rebuild."""
    page = preview.out / href
    with urllib.request.urlopen(preview.url + href) as response:
        seen = re.search(r'"&seen=" \+ encodeURIComponent\("([^"]+)"\)', response.read().decode()).group(1)
    told, listening = {}, threading.Event()
    stream = threading.Thread(target=listen, args=(preview.url, href, seen, told, listening), daemon=True)
    stream.start()
    listening.wait(REBUILD_SECONDS)  # the stream is open: the preview counts the page as open
    before, load = os.stat(page), os.getloadavg()[0]
    started = time.perf_counter()
    reword(claims, claim_id, run)
    while _same_file(before, page) and time.perf_counter() - started < REBUILD_SECONDS:
        time.sleep(0.002)
    published = time.perf_counter() - started
    stream.join(REBUILD_SECONDS)
    line = preview.wait_for(DONE, REBUILD_SECONDS)
    whole = time.perf_counter() - started
    print(
        f"run {run}: page published {published:.2f} s, browser told {told.get('at', float('nan')) - started:.2f} s, "
        f"whole rebuild {whole:.1f} s (load average {load:.1f}); the preview said: {line}"
    )


def listen(url: str, href: str, seen: str, told: dict, listening: threading.Event) -> None:
    """Follow the page's event stream as its script does; set `listening` once it is open; note when `reload` comes."""
    address = urlsplit(url)
    connection = HTTPConnection(address.hostname, address.port, timeout=REBUILD_SECONDS)
    connection.request("GET", f"/__preview__/events?page={href}&seen={seen}")
    response = connection.getresponse()
    for raw in response:
        listening.set()  # "retry: ...": the server counts the page as open from before its first line
        if raw.startswith(b"event: reload"):
            told["at"] = time.perf_counter()
            break
    connection.close()


def _same_file(before: os.stat_result, path: Path) -> bool:
    try:
        now = os.stat(path)
    except OSError:
        return True
    return (now.st_ino, now.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


if __name__ == "__main__":
    sys.exit(main())
