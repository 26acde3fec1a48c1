"""The build-speed benchmark's pieces that run no build: the synthetic workbook, the scaling fit, its options."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.workbook.rules import load_rules
from analysis.workbook.validate import validate_workbook

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "build_speed.py"
BENCHMARK = runpy.run_path(str(SCRIPT))


def test_make_corpus_writes_a_workbook_that_validates_and_builds(tmp_path):
    out = tmp_path / "corpus"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "make_corpus.py"),
            "--sources",
            "3",
            "--claims",
            "12",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote 3 sources and 12 claims to {out}"
    checked = validate_workbook(out)
    assert [p for p in checked.problems if p.severity == "error"] == []
    assert len(checked.claims) == 12 and len(checked.sources) == 3
    assert load_rules(checked.vocabulary, out).grades  # the build grades with the workbook's own rules


def test_scaling_fit_gives_fixed_and_per_report_cost_per_engine_and_workers():
    rows = [
        {"engine": engine, "workers": workers, "reports": reports, "seconds": fixed + per_report * reports}
        for engine, workers, fixed, per_report in (("local", 1, 4.0, 0.5), ("dask", 2, 9.0, 0.25))
        for reports in (55, 85, 1033)
    ]
    rows.append({"engine": "local", "workers": 2, "reports": 55, "seconds": 30.0})  # one size: no line
    fits = BENCHMARK["fit_costs"](rows)
    assert list(fits) == [("local", 1), ("dask", 2)]
    assert fits["local", 1] == pytest.approx((4.0, 0.5))
    assert fits["dask", 2] == pytest.approx((9.0, 0.25))


def test_several_source_counts_need_the_scaling_mode():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--sources", "20", "50"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "give one --sources count, or several with --scaling" in result.stderr


def test_scaling_fits_the_fastest_round_of_each_build():
    rows = [
        {"sources": 20, "engine": "local", "workers": 1, "reports": 55, "seconds": seconds} for seconds in (90.0, 60.0)
    ]
    assert [r["seconds"] for r in BENCHMARK["best_rows"](rows)] == [60.0]
