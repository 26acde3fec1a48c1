"""The agreement command: one line per column, the disagreements as a table, CSV and HTML, one line per mistake."""

import csv
import hashlib

import pytest

from analysis.cli.main import build_parser, main
from analysis.common.paths import ROOT
from conftest import DATA

ALEX_FILE = DATA / "coding" / "alex" / "claims.csv"
SAM_FILE = DATA / "coding" / "sam" / "claims.csv"
ALEX, SAM = str(ALEX_FILE), str(SAM_FILE)
WORKBOOK = ["--claims-dir", str(DATA / "workbook")]


def run(capsys, *args) -> tuple[int, list[str], list[str]]:
    status = main(["agreement", *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


def refused(capsys, *args) -> str:
    """Run a command that must fail; return its one line of error."""
    status, out, err = run(capsys, *args)
    assert status == 1 and out == []
    assert len(err) == 1, err
    return err[0]


def test_prints_what_was_compared_one_line_per_column_and_the_disagreements(capsys):
    status, out, err = run(capsys, ALEX, SAM, *WORKBOOK)
    assert status == 0 and err == []
    assert out[:3] == [
        "A: tests/data/coding/alex/claims.csv (10 claims)",
        "B: tests/data/coding/sam/claims.csv (9 claims)",
        "compared probiotics-news, diet-blog: 8 claims paired, 2 only in A, 1 only in B, 1 sentence in neither",
    ]
    assert out[3] == "is_claim kappa 0.25 agreement 0.75 (n 12)"
    assert "evidence_level kappa 0.70 agreement 0.75 (n 8)" in out
    assert "hedging alpha 0.87 agreement 0.88 (n 8)" in out
    assert out[14:17] == ["8 disagreements, by source:", "probiotics-news:", out[16]]
    assert out[16].split() == ["claims", "A/B", "column", "A", "B", "quote"]
    assert out[17].split() == ["-/C0001", "is_claim", "no", "yes", "Probiotics", "and", "the", "Anxious", "Gut"]
    assert out[23:25] == ["diet-blog:", out[16]]
    assert out[26].split()[:5] == [
        "C0010/C0009",
        "evidence_level",
        "observational",
        "unspecified-studies",
        "Antibiotics",
    ]
    assert len(out) == 27


def test_one_source_only(capsys):
    status, out, _ = run(capsys, ALEX, SAM, *WORKBOOK, "--source", "diet-blog")
    assert status == 0
    assert out[2] == "compared diet-blog: 2 claims paired, 1 only in A, 0 only in B, 1 sentence in neither"
    # pairs 2 (yes, yes), alex only 1 (yes, no), the title 1 (no, no): po 3/4, pe 3/4 * 2/4 + 1/4 * 2/4 = 1/2
    assert out[3] == "is_claim kappa 0.50 agreement 0.75 (n 4)"


def test_the_csv_is_for_reconciling_and_safe_in_a_spreadsheet(capsys, workbook_dir, tmp_path):
    add_line(workbook_dir, "diet-blog", "=HYPERLINK(1) Probiotics cure anxiety.")
    header = "claim_id,source_id,quote,claim,conditions,interventions,direction,relation,evidence_level,hedging,population,advice"
    for name, level in (("a", "none"), ("b", "anecdote")):
        row = f"C0001,diet-blog,=HYPERLINK(1) Probiotics cure anxiety.,x,anxiety,probiotics,beneficial,direct_causal,{level},none,humans,no"
        (tmp_path / f"{name}.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    output = tmp_path / "reconcile.csv"
    status, out, _ = run(
        capsys,
        str(tmp_path / "a.csv"),
        str(tmp_path / "b.csv"),
        "--claims-dir",
        str(workbook_dir),
        "--csv",
        str(output),
    )
    assert status == 0
    assert out[-1] == f"wrote {output}: 1 disagreement, to settle in its 'resolution' column"
    with open(output, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert rows == [
        {
            "source_id": "diet-blog",
            "quote_a": "'=HYPERLINK(1) Probiotics cure anxiety.",
            "quote_b": "'=HYPERLINK(1) Probiotics cure anxiety.",
            "column": "evidence_level",
            "value_a": "none",
            "value_b": "anecdote",
            "claim_id_a": "C0001",
            "claim_id_b": "C0001",
            "resolution": "",
        }
    ]


def test_the_fixture_pair_writes_eight_rows_and_a_page(capsys, tmp_path):
    status, out, _ = run(
        capsys, ALEX, SAM, *WORKBOOK, "--csv", str(tmp_path / "r.csv"), "--html", str(tmp_path / "a.html")
    )
    assert status == 0
    assert out[-1] == f"wrote {tmp_path / 'a.html'}"
    with open(tmp_path / "r.csv", newline="", encoding="utf-8") as file:
        assert [row["column"] for row in csv.DictReader(file)].count("is_claim") == 3
    assert "8 disagreements to reconcile" in (tmp_path / "a.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "r.csv"]  # no temporary file left behind


def add_line(workbook_dir, source_id, line):
    """Append `line` to a source text of the workbook, keeping its sha256 in sources.csv right."""
    text = workbook_dir / "sources" / f"{source_id}.txt"
    old = hashlib.sha256(text.read_bytes()).hexdigest()
    text.write_text(text.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    sources = workbook_dir / "sources.csv"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace(old, hashlib.sha256(text.read_bytes()).hexdigest()),
        encoding="utf-8",
    )


# --- mistakes: one line each, exit 1, nothing written ----------------------------------------


def test_a_missing_file(capsys, tmp_path):
    assert refused(capsys, ALEX, str(tmp_path / "sam.csv"), *WORKBOOK).endswith(
        "sam.csv: file not found; give the path of a coder's claims table, e.g. claims/coding/NAME/claims.csv"
    )


def test_a_file_that_is_not_a_claims_table(capsys):
    line = refused(capsys, ALEX, str(DATA / "workbook" / "sources.csv"), *WORKBOOK)
    assert line.startswith("tests/data/workbook/sources.csv:1: not a claims table")


def test_a_file_with_validation_errors_names_each_problem_and_the_file(capsys, tmp_path):
    sam = tmp_path / "sam.csv"
    sam.write_text(SAM_FILE.read_text(encoding="utf-8").replace(",rct,", ",rtc,"), encoding="utf-8")
    status, out, err = run(capsys, ALEX, str(sam), *WORKBOOK)
    assert status == 1 and out == []
    assert err == [
        f"{sam}:3: column 'evidence_level': unknown evidence_levels term 'rtc' (value 'rtc'); did you mean 'rct'?",
        f"{sam}: not compared: the coder's file does not validate; fix the problems above",
    ]


def test_no_shared_source(capsys, tmp_path):
    sam = tmp_path / "sam.csv"
    lines = SAM_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    sam.write_text(lines[0] + "".join(line for line in lines if "diet-blog" in line), encoding="utf-8")
    alex = tmp_path / "alex.csv"
    lines = ALEX_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    alex.write_text(lines[0] + "".join(line for line in lines if "probiotics-news" in line), encoding="utf-8")
    assert refused(capsys, str(alex), str(sam), *WORKBOOK).startswith("no source has claims in both files; A (")


def test_an_unknown_source(capsys):
    line = refused(capsys, ALEX, SAM, *WORKBOOK, "--source", "diet-blgo")
    assert line == "--source: unknown source_id 'diet-blgo'; did you mean 'diet-blog'?"


def test_the_same_file_twice(capsys):
    assert refused(capsys, ALEX, ALEX, *WORKBOOK).endswith(
        "is the same file as the first one; give the two coders' files, one each"
    )


@pytest.mark.parametrize("flag", ["--csv", "--html"])
def test_an_output_that_would_overwrite_a_coder_file_is_refused_before_any_work(capsys, tmp_path, flag):
    sam = tmp_path / "sam.csv"
    sam.write_bytes(SAM_FILE.read_bytes())
    before = sam.read_bytes()
    assert refused(capsys, ALEX, str(sam), *WORKBOOK, flag, str(sam)).endswith(
        "would overwrite a file given to compare; write to a new file"
    )
    assert sam.read_bytes() == before


def test_one_file_for_both_outputs_is_refused(capsys, tmp_path):
    line = refused(capsys, ALEX, SAM, *WORKBOOK, "--csv", str(tmp_path / "x"), "--html", str(tmp_path / "x"))
    assert line == f"{tmp_path}/x: is given for both --csv and --html; give each its own file"


def test_an_output_in_a_missing_folder(capsys, tmp_path):
    line = refused(capsys, ALEX, SAM, *WORKBOOK, "--csv", str(tmp_path / "nowhere" / "r.csv"))
    assert line == f"{tmp_path}/nowhere/r.csv: cannot be written: the folder {tmp_path}/nowhere does not exist"


def test_every_option_has_help():
    commands = next(a for a in build_parser()._actions if a.dest == "command")
    parser = commands.choices["agreement"]
    assert all(action.help for action in parser._actions)
    assert "COLUMN kappa X.XX agreement Y.YY (n N)" in parser.format_help()


def test_the_readme_shows_the_command_s_real_output(capsys, tmp_path, monkeypatch):
    readme = (ROOT / "docs" / "curating.md").read_text(encoding="utf-8")
    section = readme.split("## Double coding", 1)[1]
    shown = ("A: " + section.split("```\nA: ", 1)[1].split("```", 1)[0]).splitlines()  # the block of output
    monkeypatch.chdir(ROOT)
    status, out, _ = run(capsys, "tests/data/coding/alex/claims.csv", "tests/data/coding/sam/claims.csv", *WORKBOOK)
    assert status == 0
    assert shown[: len(out)] == out
    assert shown[len(out) :] == [
        "wrote reconcile.csv: 8 disagreements, to settle in its 'resolution' column",
        "wrote agreement.html",
    ]
