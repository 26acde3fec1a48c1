"""Inputs too large to be honest are refused in one line, quickly, before they are read whole."""

import re

import pytest

from analysis import validate_workbook
from analysis.cli.main import main
from analysis.common import limits
from conftest import replace_in


def grow(path, size):
    """Make `path` `size` bytes long without writing them (a sparse file): the check must not read it."""
    with open(path, "r+b") as file:
        file.truncate(size)


def errors(workbook_dir):
    return [str(p) for p in validate_workbook(workbook_dir).errors]


def test_a_huge_claims_table_is_refused_from_its_size(workbook_dir):
    grow(workbook_dir / "claims.csv", limits.MAX_TABLE_BYTES + 1)
    found = errors(workbook_dir)  # refused from its size alone: benchmarks/hostile_stress.py times it
    assert any(
        "claims.csv: the table is larger than the 512 MB the workbook reads (536,870,913 bytes)" in e for e in found
    )


def test_a_huge_source_text_is_refused_in_one_line(workbook_dir):
    grow(workbook_dir / "sources" / "diet-blog.txt", limits.MAX_TEXT_BYTES + 1)
    (error,) = [e for e in errors(workbook_dir) if "source text is" in e]
    assert "sources.csv:3: column 'path': the source text is larger than the 2 MB the workbook reads" in error


def test_add_source_refuses_a_huge_text(workbook_dir, tmp_path, capsys):
    text = tmp_path / "big.txt"
    text.write_bytes(b"x")
    grow(text, limits.MAX_TEXT_BYTES + 1)
    assert main(["add-source", str(text), "--title", "Big", "--claims-dir", str(workbook_dir)]) == 1
    assert "the text is larger than the 2 MB the workbook reads" in capsys.readouterr().err


def test_a_huge_vocabulary_is_refused(workbook_dir):
    grow(workbook_dir / "vocabulary.yaml", limits.MAX_RULES_BYTES + 1)
    assert any("the vocabulary is larger than the 1 MB the workbook reads" in e for e in errors(workbook_dir))


def test_a_field_longer_than_the_cell_bound_is_named(workbook_dir):
    replace_in(
        workbook_dir / "claims.csv", "Probiotics cure depression.,Probiotics", "x" * (limits.MAX_CELL_CHARS + 10) + ",P"
    )
    assert any(f"a field is longer than {limits.MAX_CELL_CHARS:,} characters" in e for e in errors(workbook_dir))


def test_too_many_rows_are_refused(workbook_dir, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    assert any("the table has 10 rows, more than the 5 the workbook reads" in e for e in errors(workbook_dir))


@pytest.mark.parametrize("value", [0, 1])
def test_small_files_pass(tmp_path, value):
    path = tmp_path / "f"
    path.write_bytes(b"x" * value)
    assert limits.refuse_large(path, 10, "table") is None


def test_the_cell_bound_holds_after_a_library_raised_the_csv_limit(workbook_dir):
    import csv

    import frictionless  # noqa: F401 - importing it sets csv.field_size_limit to the largest integer

    previous = csv.field_size_limit(2**31 - 1)
    try:
        test_a_field_longer_than_the_cell_bound_is_named(workbook_dir)
    finally:
        csv.field_size_limit(previous)


def test_the_shipped_workbook_stays_far_inside_every_bound_within_a_file():
    """Each bound is meant to refuse only what no honest contribution sends: the shipped data uses half at most."""
    import csv

    import yaml

    from analysis.common.paths import CLAIMS_DIR

    vocabulary = yaml.safe_load((CLAIMS_DIR / "vocabulary.yaml").read_text(encoding="utf-8"))
    terms = [(slug, term) for section in vocabulary.values() for slug, term in section.items()]
    names = [name for _, term in terms for name in (term["label"], *(term.get("synonyms") or []))]
    assert max(len(slug) for slug, _ in terms) <= limits.MAX_SLUG_CHARS // 2
    assert max(map(len, names)) <= limits.MAX_NAME_CHARS // 2
    tables = {path.name: list(csv.reader(path.open(encoding="utf-8"))) for path in CLAIMS_DIR.glob("*.csv")}
    assert max(len(rows[0]) for rows in tables.values()) <= limits.MAX_COLUMNS // 2
    assert max(len(row[0]) for row in tables["claims.csv"][1:]) <= 1 + limits.MAX_ID_DIGITS // 2
    phrases = [row[0] for row in tables["lexicon.csv"][1:]]
    words = [word.lstrip("=") for phrase in phrases for word in phrase.replace("|", " ").replace("-", " ").split()]
    assert max(map(len, words)) <= limits.MAX_WORD_CHARS // 2 and max(map(len, phrases)) <= limits.MAX_PHRASE_CHARS // 2
    numbers = re.findall(r"(?<![\w.])-?\d+(?![\w.])", (CLAIMS_DIR / "rules.yaml").read_text(encoding="utf-8"))
    assert max(abs(int(n)) for n in numbers) <= limits.MAX_INTEGER // 1000


def test_source_texts_past_their_bound_together_are_refused_in_one_line_and_no_more_are_read(workbook_dir, monkeypatch):
    sizes = [p.stat().st_size for p in sorted((workbook_dir / "sources").glob("*.txt"))]
    monkeypatch.setattr(limits, "MAX_SOURCES_BYTES", sum(sizes) - 1)  # the last text read passes it
    found = [e for e in errors(workbook_dir) if "larger together" in e]
    assert len(found) == 1
    assert (
        f"the source texts up to this row are larger together than the {limits.format_megabytes(sum(sizes) - 1)}"
        in (found[0])
    )
    assert f"({sum(sizes):,} bytes)" in found[0]


def test_source_texts_at_their_bound_together_are_read(workbook_dir, monkeypatch):
    total = sum(p.stat().st_size for p in (workbook_dir / "sources").glob("*.txt"))
    monkeypatch.setattr(limits, "MAX_SOURCES_BYTES", total)
    assert errors(workbook_dir) == []
