"""The ingest benchmark script runs, times both kinds of document, and finds no claim in what its filter drops."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs add-source in subprocesses and extracts a 100-page PDF: left to `make test`

ROOT = Path(__file__).resolve().parents[1]


def test_the_script_prints_its_timings_and_drops_no_claim():
    done = subprocess.run(
        [sys.executable, "benchmarks/ingest.py", "--runs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for name in ("fermented-foods-stress.html", "fermented-foods-stress.pdf"):
        assert re.search(rf"^  {re.escape(name)} +\d+\.\d\d s$", done.stdout, re.M), name
    assert re.search(r"^  long\.pdf +\d+ KB -> \d+ KB of text +\d+\.\d{3} s$", done.stdout, re.M)
    counts = re.findall(r"left out: (\d+) lines; holding a curated claim: (\d+)", done.stdout)
    assert counts and all(holding == "0" for _, holding in counts)
