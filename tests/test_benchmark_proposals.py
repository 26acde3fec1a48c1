"""The proposals benchmark script, run on the small test workbook."""

import csv
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # the proposals benchmark over every shipped claim: `make check` leaves it to `make test`

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "proposals.py"
COLUMNS = runpy.run_path(str(SCRIPT))["COLUMNS"]  # the columns the script compares, in its order
LINE = re.compile(r"^(\w+) agreement (\d\.\d\d) \(n (\d+)\)$")


def run(*args):
    """Run the benchmark script with `args` from the repository root; return the finished process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "benchmarks/proposals.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def filled_columns(claims_dir: Path) -> list[str]:
    """Return the benchmark's columns that claims.csv has and fills in some row, in the script's order."""
    with open(claims_dir / "claims.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [column for column in COLUMNS if any((row.get(column) or "").strip() for row in rows)]


def test_prints_agreement_per_column_and_confusions(workbook_dir):
    result = run("--claims-dir", str(workbook_dir))
    assert result.returncode == 0, result.stderr
    expected = filled_columns(workbook_dir)
    assert "reporting" not in expected and "placement" not in expected
    if {"studies", "evidence_level"} <= set(expected):
        expected.append("evidence")  # the evidence behind each claim: its studies, else its level
    lines = result.stdout.splitlines()
    matches = [LINE.match(line) for line in lines[: len(expected)]]
    assert all(matches), lines[: len(expected)]
    assert [m.group(1) for m in matches] == expected
    assert all(int(m.group(3)) == 10 for m in matches)
    shares = {m.group(1): float(m.group(2)) for m in matches}
    assert all(0.0 <= share <= 1.0 for share in shares.values())
    assert max(shares.values()) > 0.5
    assert lines[len(expected)] == ""
    confusions = lines[len(expected) + 1 :]
    assert all(re.match(r"^  (\w+): curated '.*' proposed '.*' x\d+$", line) for line in confusions), confusions
    assert not any(LINE.match(line) for line in confusions)


def test_broken_claims_file_exits_2_naming_it(workbook_dir):
    with open(workbook_dir / "claims.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write('C0099,"an unclosed quote\n')
    result = run("--claims-dir", str(workbook_dir))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "claims.csv" in result.stderr


def test_source_restricts_the_claims_compared(workbook_dir):
    with open(workbook_dir / "claims.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    source = rows[0]["source_id"]
    result = run("--claims-dir", str(workbook_dir), "--source", source)
    assert result.returncode == 0, result.stderr
    counts = {int(match.group(3)) for match in map(LINE.match, result.stdout.splitlines()) if match}
    assert counts == {sum(row["source_id"] == source for row in rows)}


def test_an_unknown_source_exits_2_with_the_one_meant(workbook_dir):
    with open(workbook_dir / "claims.csv", newline="", encoding="utf-8") as handle:
        source = next(csv.DictReader(handle))["source_id"]
    result = run("--claims-dir", str(workbook_dir), "--source", source[:-1] + "x")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and f"did you mean '{source}'?" in result.stderr


def test_the_evidence_behind_a_claim_is_its_studies_else_its_level():
    pair_evidence = runpy.run_path(str(SCRIPT))["pair_evidence"]
    studies = [("S0001", "S0001"), ("S0001", "-"), ("", "S0002"), ("", "-"), ("", "-")]
    levels = [("", "rct"), ("", "none"), ("none", "rct"), ("none", "none"), ("anecdote", "expert-opinion")]
    pairs = pair_evidence(studies, levels)
    assert [curated == proposed for curated, proposed in pairs] == [True, False, False, True, False]
    assert pairs[1] == ("studies S0001", "level none")


# Floors on the shipped claims, just under what the proposals reach (issue 13): a change that
# makes them agree less with the curators fails here. Targets: evidence_level 0.80, direction
# 0.85, population 0.85, hedging 0.85, relation 0.80.
# evidence_level: the evidence each claim rests on, its studies' best design since claims link studies (0.828 after
# the migration read three claims' evidence from the study their paragraph reports).
FLOORS = {"direction": 0.85, "relation": 0.80, "evidence_level": 0.82, "hedging": 0.93, "population": 0.85}


def test_proposals_on_the_shipped_claims_stay_above_their_floors():
    from analysis import load_workbook

    script = runpy.run_path(str(SCRIPT))
    pairs = script["compare"](load_workbook(), list(FLOORS))
    shares = {column: sum(script["agrees"](*pair) for pair in pairs[column]) / len(pairs[column]) for column in FLOORS}
    assert {column: share for column, share in shares.items() if share < FLOORS[column]} == {}
