"""The tables a reader takes away: claims, grades and flags as CSV, with the columns promised, no formula live."""

import csv

import pandas as pd

from analysis import load_workbook
from analysis.build.exports import export_tables, neutralise_formulas
from conftest import replace_in


def read(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_the_three_tables_have_the_columns_readers_are_promised(workbook_dir, tmp_path):
    written = export_tables(load_workbook(workbook_dir), tmp_path / "data")
    assert [p.name for p in written] == ["claims.csv", "grades.csv", "flags.csv"]
    claims, grades, flags = (read(p) for p in written)
    assert len(claims) == 10 and claims[0]["advice"] in ("yes", "no", "safety")
    assert {"condition", "intervention", "grade", "score", "reason"} <= set(grades[0])
    assert {"claim_id", "source_id", "kind", "rule", "reason"} <= set(flags[0])
    cure = next(f for f in flags if f["claim_id"] == "C0004")
    assert (cure["kind"], cure["rule"]) == ("unsupported", "no-evidence")


def test_cells_a_spreadsheet_would_run_are_neutralised(workbook_dir, tmp_path):
    replace_in(
        workbook_dir / "claims.csv", "Probiotics cure depression.,Probiotics", "Probiotics cure depression.,=1+1"
    )
    claims = read(export_tables(load_workbook(workbook_dir), tmp_path)[0])
    assert next(c for c in claims if c["claim_id"] == "C0004")["claim"] == "'=1+1 cure depression."


def test_neutralise_touches_only_text_that_starts_a_formula():
    table = pd.DataFrame({"text": ["=SUM(A1)", "+cmd", "-2+3", "@x", "\tx", "plain", "a=b"], "n": range(7)})
    assert list(neutralise_formulas(table)["text"]) == ["'=SUM(A1)", "'+cmd", "'-2+3", "'@x", "'\tx", "plain", "a=b"]
    assert list(neutralise_formulas(table)["n"]) == list(range(7))
