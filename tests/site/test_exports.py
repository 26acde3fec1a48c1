"""The tables a reader takes away: sources, claims, grades, flags and terms as CSV and JSON, no formula live."""

import csv
import hashlib
import json

import pandas as pd

from analysis import load_workbook
from analysis.site.exports import export_tables, neutralise_formulas
from conftest import edit_claims, replace_in

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TABLE_NAMES = ("sources", "studies", "claims", "grades", "flags", "terms")


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as file:
        return list(csv.DictReader(file))


def by_name(written):
    return {w.path.name: w for w in written}


def test_the_tables_have_the_columns_readers_are_promised(workbook_dir, tmp_path):
    written = export_tables(load_workbook(workbook_dir), tmp_path / "data")
    assert [w.path.name for w in written] == [
        "sources.csv",
        "studies.csv",
        "claims.csv",
        "grades.csv",
        "flags.csv",
        "terms.csv",
        "datapackage.json",
        "workbook.json",
    ]
    files = by_name(written)
    sources, studies, claims, grades, flags, terms = (read(files[f"{n}.csv"].path) for n in TABLE_NAMES)
    assert studies == []  # this folder has no studies.csv: its claims' evidence levels stand alone
    assert [len(sources), len(claims)] == [files["sources.csv"].rows, files["claims.csv"].rows] == [2, 10]
    assert "path" not in sources[0] and len(sources[0]["sha256"]) == 64  # the curator's disk stays private
    assert claims[0]["advice"] in ("yes", "no", "safety")
    assert {"condition", "intervention", "grade", "score", "reason"} <= set(grades[0])
    cure = next(f for f in flags if f["claim_id"] == "C0004")
    assert (cure["kind"], cure["rule"]) == ("unsupported", "no-evidence")
    assert {"section": "directions", "slug": "no-effect", "label": "No effect"}.items() <= next(
        t for t in terms if t["slug"] == "no-effect"
    ).items()
    rct = next(t for t in terms if t["slug"] == "rct")
    assert (rct["rank"], rct["kind"]) == ("2", "trial")  # an integer, not "2.0"


def test_each_format_alone_writes_only_its_files(workbook_dir, tmp_path):
    workbook = load_workbook(workbook_dir)
    assert [w.path.name for w in export_tables(workbook, tmp_path / "j", formats=("json",))] == ["workbook.json"]
    assert sorted(p.name for p in (tmp_path / "j").iterdir()) == ["workbook.json"]
    assert "workbook.json" not in by_name(export_tables(workbook, tmp_path / "c", formats=("csv",)))


def test_the_json_document_holds_the_same_rows_with_numbers_and_nulls(workbook_dir, tmp_path):
    export_tables(load_workbook(workbook_dir), tmp_path)
    document = json.loads((tmp_path / "workbook.json").read_text(encoding="utf-8"))
    tables = {r["name"]: r["data"] for r in document["resources"]}
    for name in TABLE_NAMES:
        rows = tables[name] if tables[name] and isinstance(tables[name][0], dict) else tables[name][1:]  # [header]
        assert len(rows) == len(read(tmp_path / f"{name}.csv")), name
    grade = tables["grades"][0]
    assert isinstance(grade["n_claims"], int) and isinstance(grade["score"], float)
    assert tables["claims"][0]["mechanisms"] is None  # empty in the CSV: null, not ""


def test_cells_a_spreadsheet_would_run_are_neutralised(workbook_dir, tmp_path):
    replace_in(
        workbook_dir / "claims.csv", "Probiotics cure depression.,Probiotics", "Probiotics cure depression.,=1+1"
    )
    export_tables(load_workbook(workbook_dir), tmp_path)
    claims = read(tmp_path / "claims.csv")
    assert next(c for c in claims if c["claim_id"] == "C0004")["claim"] == "'=1+1 cure depression."


def make_hostile(claims_dir):
    """Make claim C0004 quote a formula, its claim, citation and notes start formulas, and a title and a label too."""
    quote = '=HYPERLINK("http://evil.example","free probiotics") cure depression.'
    replace_in(claims_dir / "sources" / "probiotics-news.txt", "Probiotics cure depression.", quote)
    text = (claims_dir / "sources" / "probiotics-news.txt").read_bytes()
    replace_in(
        claims_dir / "sources.csv",
        "57317773a92e490cde4a2641c5e4466671141410a32686717c168060be9c94a1",
        hashlib.sha256(text).hexdigest(),
    )
    replace_in(claims_dir / "sources.csv", "Probiotics and the Anxious Gut", "@Probiotics and the Anxious Gut")
    replace_in(claims_dir / "vocabulary.yaml", "label: Harmful", "label: -Harmful")
    edit_claims(claims_dir, {"C0004": {"quote": quote, "claim": "+cmd|' /C calc'!A0", "notes": "\tSUM(A1)"}})
    edit_claims(claims_dir, {"C0007": {"citation": "-2+3"}})  # C0004 stays uncited, so unsupported and flagged
    return quote


def test_a_formula_is_inert_in_every_csv_and_verbatim_in_the_json(workbook_dir, tmp_path):
    quote = make_hostile(workbook_dir)
    export_tables(load_workbook(workbook_dir), tmp_path)
    cells = {
        name: [c for row in csv.reader((tmp_path / f"{name}.csv").open(encoding="utf-8-sig")) for c in row]
        for name in TABLE_NAMES
    }
    for name, table in cells.items():
        assert not [c for c in table if c.startswith(FORMULA_STARTS)], name
    assert {"'" + quote, "'+cmd|' /C calc'!A0", "'-2+3", "'\tSUM(A1)"} <= set(cells["claims"])
    assert "'" + quote in cells["flags"]  # the quote of an unsupported claim, flagged
    assert "'@Probiotics and the Anxious Gut" in cells["sources"] and "'-Harmful" in cells["terms"]
    assert "'-Harmful" in cells["claims"]  # a label column too: the direction of a harmful claim
    # JSON is read by programs, not run by spreadsheets: its values stay verbatim, as the quote must
    document = json.loads((tmp_path / "workbook.json").read_text(encoding="utf-8"))
    tables = {r["name"]: r["data"] for r in document["resources"]}
    assert next(c for c in tables["claims"] if c["claim_id"] == "C0004")["quote"] == quote
    assert next(f for f in tables["flags"] if f["claim_id"] == "C0004")["quote"] == quote


def test_multi_valued_cells_are_written_with_the_bare_separator(workbook_dir, tmp_path):
    edit_claims(workbook_dir, {"C0001": {"conditions": "anxiety ;  depression;"}})
    export_tables(load_workbook(workbook_dir), tmp_path)
    assert read(tmp_path / "claims.csv")[0]["conditions"] == "anxiety;depression"


def test_an_export_replaces_the_previous_one_whole(workbook_dir, tmp_path):
    (tmp_path / "claims.csv").write_text("stale\n", encoding="utf-8")
    export_tables(load_workbook(workbook_dir), tmp_path)
    assert len(read(tmp_path / "claims.csv")) == 10
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_neutralise_touches_only_text_that_starts_a_formula():
    table = pd.DataFrame({"text": ["=SUM(A1)", "+cmd", "-2+3", "@x", "\tx", "plain", "a=b"], "n": range(7)})
    assert list(neutralise_formulas(table)["text"]) == ["'=SUM(A1)", "'+cmd", "'-2+3", "'@x", "'\tx", "plain", "a=b"]
    assert list(neutralise_formulas(table)["n"]) == list(range(7))


def test_excel_reads_the_csv_files_as_utf8_with_labels_beside_the_codes(workbook_dir, tmp_path):
    export_tables(load_workbook(workbook_dir), tmp_path)
    raw = (tmp_path / "claims.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfclaim_id,")  # the byte-order mark Excel needs to read UTF-8
    claims, grades = read(tmp_path / "claims.csv"), read(tmp_path / "grades.csv")
    header = list(claims[0])
    assert header.index("evidence_level_label") == header.index("evidence_level") + 1
    first = next(c for c in claims if c["claim_id"] == "C0001")
    assert (first["relation"], first["relation_label"]) == ("direct_causal", 'Flat cause ("reduces")')
    edit_claims(workbook_dir, {"C0001": {"conditions": "anxiety;depression"}})
    export_tables(load_workbook(workbook_dir), tmp_path)
    first = next(c for c in read(tmp_path / "claims.csv") if c["claim_id"] == "C0001")
    assert first["conditions_label"] == "Anxiety; Depression"
    assert {"condition_label", "intervention_label", "best_level_label"} <= set(grades[0])
    assert read(tmp_path / "flags.csv")[0]["placement_label"] in ("Body", "Headline", "Summary", "")


def test_a_formula_behind_white_space_or_in_fullwidth_is_neutralised_too():
    """OWASP's CSV injection list: spreadsheets skip leading white space, and some fold fullwidth signs to ASCII."""
    hidden = [" =1+1", "\u00a0=1+1", "\n=1+1", "\r\n@x", " \t-2", "\u3000+3", "\uff1dSUM(A1)", "\uff0b1", "\uff0d1"]
    hidden += ["\uff20x", " \uff1d1", "\u2028=1"]
    table = pd.DataFrame({"text": hidden + [" plain", "a=b", "", " "]})
    assert list(neutralise_formulas(table)["text"]) == ["'" + h for h in hidden] + [" plain", "a=b", "", " "]
