"""The draft benchmark script, run on the small test workbook."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # drafts every article of a folder: `make check` leaves it to `make test`

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(
    r"^(\S+)\s+(\d\.\d\d) \((\d+)/(\d+)\)\s+(\d\.\d\d) \((\d+)/(\d+)\)\s+(yes|no|n/a)\s+\d+ \(\d+/\d+ found\)$"
)


def run_draft(*folders) -> str:
    """Run benchmarks/draft.py on `folders` as a user would; return what it printed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "benchmarks/draft.py", *(a for f in folders for a in ("--claims-dir", f))]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_script_prints_recall_precision_headline_and_agreement_per_article():
    lines = run_draft("tests/data/studies").splitlines()
    assert lines[0] == "## studies (tests/data/studies)"
    rows = {m.group(1): m for m in map(ROW.match, lines[2:4]) if m}
    assert set(rows) == {"probiotics-news", "diet-blog"}
    assert rows["probiotics-news"].group(8) == "yes"  # its title is its first line, drafted as the headline
    assert rows["diet-blog"].group(2) == "1.00"  # every sentence a claim quotes is drafted
    assert "label agreement on matched rows:" in lines
    assert any(line.startswith("  claim_type ") or line.startswith("  conditions ") for line in lines)
    study_rows = lines[lines.index("study rows, against the curated study each maps to:") + 1 :]
    assert [line.split()[0] for line in study_rows[:6]] == [
        "design",
        "participants",
        "control",
        "population",
        "direction",
        "reporting",
    ]


def test_every_folder_named_is_measured_though_all_are_named_claims():
    assert run_draft("tests/data/studies", "tests/data/studies").count("## studies (tests/data/studies)") == 2
