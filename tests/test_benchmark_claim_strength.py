"""The claim-strength benchmark script, run on a small hand-written sample."""

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

from analysis.language.detector import STRENGTHS, classify_strength

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "claim_strength.py"
SAMPLE = Path(__file__).parent / "data" / "strength_sample.csv"


def run(*args):
    """Run the benchmark script with `args`; return the finished process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=120)


def test_prints_scores_confusion_matrix_and_speed():
    result = run("--data", str(SAMPLE), "--repeat", "2")
    assert result.returncode == 0, result.stderr
    with SAMPLE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    hits = sum(classify_strength(row["sentence"]) == row["label"] for row in rows)
    assert f"accuracy: {hits / len(rows):.3f}" in result.stdout
    assert re.search(r"^macro-F1: [01]\.\d{3}$", result.stdout, re.MULTILINE)
    for name in STRENGTHS:
        assert re.search(
            rf"^{name}\s+[01]\.\d{{3}}\s+[01]\.\d{{3}}\s+[01]\.\d{{3}}\s+\d+$", result.stdout, re.MULTILINE
        )
    matrix = result.stdout.split("confusion matrix (rows: true, columns: predicted)\n")[1]
    header, *body = matrix.splitlines()[: len(STRENGTHS) + 1]
    assert header.split() == list(STRENGTHS)
    assert sum(int(n) for line in body for n in line.split()[1:]) == len(rows)
    assert re.search(r"speed: [\d,]+ sentences/second on one core", result.stdout)


def test_missing_file_exits_2_with_one_line(tmp_path):
    result = run("--data", str(tmp_path / "absent.csv"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "absent.csv" in result.stderr


def test_missing_column_exits_2_naming_it(tmp_path):
    path = tmp_path / "unlabelled.csv"
    path.write_text("sentence\nProbiotics may help.\n", encoding="utf-8")
    result = run("--data", str(path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "missing column(s): label" in result.stderr
