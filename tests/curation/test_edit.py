"""Editing in place: a claim relabelled, a sentence recorded as not a claim; the other rows byte for byte as they were."""

import csv

import pandas as pd
import pytest

from analysis import validate_workbook
from analysis.common.problems import WorkbookError
from analysis.curation.edit import edit_claim, record_non_claim, withdraw_non_claim
from analysis.workbook.storage import remove_row, replace_row, split_records


def claim(claims_dir, claim_id):
    with open(claims_dir / "claims.csv", newline="", encoding="utf-8") as file:
        return next(row for row in csv.DictReader(file) if row["claim_id"] == claim_id)


def unchanged(claims_dir, name, call, match):
    """`call()` must raise WorkbookError matching `match` and leave the file `name` as it was."""
    before = (claims_dir / name).read_bytes()
    with pytest.raises(WorkbookError, match=match):
        call()
    assert (claims_dir / name).read_bytes() == before


def test_a_claim_is_relabelled_and_only_its_line_changes(studies_dir):
    before = (studies_dir / "claims.csv").read_bytes().splitlines(keepends=True)
    changed = edit_claim("C0004", {"conditions": "Depression; anxious", "notes": "checked"}, studies_dir)
    assert changed == [("conditions", "depression", "depression;anxiety"), ("notes", "", "checked")]
    after = (studies_dir / "claims.csv").read_bytes().splitlines(keepends=True)
    assert [n for n, (a, b) in enumerate(zip(before, after)) if a != b] == [4]
    assert not validate_workbook(studies_dir).errors


def test_dash_empties_a_column_and_nothing_to_change_writes_nothing(studies_dir):
    edit_claim("C0004", {"notes": "to check"}, studies_dir)
    assert edit_claim("C0004", {"notes": "-", "mechanisms": "-"}, studies_dir) == [("notes", "to check", "")]
    before = (studies_dir / "claims.csv").read_bytes()
    assert edit_claim("C0004", {"notes": "-"}, studies_dir) == []
    assert (studies_dir / "claims.csv").read_bytes() == before


def test_naming_studies_empties_the_evidence_level_and_the_other_way_round(studies_dir):
    assert claim(studies_dir, "C0004")["evidence_level"] == "none"
    edit_claim("C0004", {"studies": "S0001"}, studies_dir)
    assert (claim(studies_dir, "C0004")["studies"], claim(studies_dir, "C0004")["evidence_level"]) == ("S0001", "")
    edit_claim("C0004", {"evidence_level": "expert opinion"}, studies_dir)
    assert (claim(studies_dir, "C0004")["studies"], claim(studies_dir, "C0004")["evidence_level"]) == (
        "",
        "expert-opinion",
    )


def test_naming_studies_empties_the_reporting_too(studies_dir):
    table = pd.read_csv(studies_dir / "claims.csv", dtype=str, keep_default_na=False)
    table.insert(
        table.columns.get_loc("studies"), "reporting", table["evidence_level"].where(lambda v: v == "none", "")
    )
    table.to_csv(studies_dir / "claims.csv", index=False)
    assert claim(studies_dir, "C0004")["reporting"] == "none"
    edit_claim("C0004", {"studies": "S0001"}, studies_dir)  # each study says how the article reports it
    assert (claim(studies_dir, "C0004")["evidence_level"], claim(studies_dir, "C0004")["reporting"]) == ("", "")


@pytest.mark.parametrize(
    ("claim_id", "changes", "match"),
    [
        ("c4", {"notes": "x"}, "unknown claim_id .*did you mean 'C0004'"),
        ("C0099", {"notes": "x"}, "unknown claim_id .*did you mean 'C0009'"),
        ("C0004", {"conditions": "anxeity"}, "unknown conditions term 'anxeity'.*did you mean 'anxiety'"),
        ("C0004", {"conditions": "-"}, "column 'conditions'"),  # a required column cannot be emptied
        ("C0004", {"quote": "Probiotics cure all depression."}, "quote not found in source 'probiotics-news'"),
        ("C0004", {"studies": "S0005"}, "study 'S0005' is reported by 'diet-blog'"),
        ("C0004", {"claim_type": "effect"}, "the claims table has no column 'claim_type'"),
        ("C0004", {"claim_id": "C0100"}, "not a column one may edit"),
    ],
)
def test_mistakes_are_refused_and_nothing_is_written(studies_dir, claim_id, changes, match):
    unchanged(studies_dir, "claims.csv", lambda: edit_claim(claim_id, changes, studies_dir), match)


def test_a_sentence_is_recorded_as_not_a_claim(draft_dir):
    before = (draft_dir / "reviewed_non_claims.csv").read_bytes()
    record_non_claim("fmt-news", "Why does this matter?", "a question heading", draft_dir)
    after = (draft_dir / "reviewed_non_claims.csv").read_bytes()
    assert after == before + b"fmt-news,Why does this matter?,a question heading\n"
    assert not validate_workbook(draft_dir).errors


def test_the_file_of_reviewed_sentences_is_made_when_there_is_none(draft_dir):
    (draft_dir / "reviewed_non_claims.csv").unlink()
    record_non_claim("fmt-news", "Advertisement", "page furniture", draft_dir)
    assert (draft_dir / "reviewed_non_claims.csv").read_text(encoding="utf-8") == (
        "source_id,sentence,reason\nfmt-news,Advertisement,page furniture\n"
    )


@pytest.mark.parametrize(
    ("source", "sentence", "reason", "match"),
    [
        ("fmt-nwes", "Advertisement", "furniture", "did you mean 'fmt-news'"),
        ("fmt-news", "Advertisements", "furniture", "quote not found in source 'fmt-news'"),
        ("fmt-news", "Why does this", "a question", "not a whole sentence.*'Why does this matter\\?'"),
        ("fmt-news", "Advertisement", " ", "needs a reason"),
        ("probiotics-news", "Probiotics cure depression.", "wrong", "claim C0004 quotes this sentence"),
    ],
)
def test_a_non_claim_is_refused_for_a_curator_s_mistakes(draft_dir, source, sentence, reason, match):
    call = lambda: record_non_claim(source, sentence, reason, draft_dir)  # noqa: E731
    unchanged(draft_dir, "reviewed_non_claims.csv", call, match)


def test_a_sentence_recorded_twice_is_refused(draft_dir):
    record_non_claim("fmt-news", "Advertisement", "page furniture", draft_dir)
    call = lambda: record_non_claim("fmt-news", "Advertisement", "again", draft_dir)  # noqa: E731
    unchanged(draft_dir, "reviewed_non_claims.csv", call, "recorded already")


def test_a_sentence_recorded_by_mistake_is_withdrawn_and_can_be_claimed_again(draft_dir):
    before = (draft_dir / "reviewed_non_claims.csv").read_bytes()
    record_non_claim("fmt-news", "Why does this matter?", "a question heading", draft_dir)
    assert withdraw_non_claim("fmt-news", "why does this matter?", draft_dir) == "a question heading"  # any case
    assert (draft_dir / "reviewed_non_claims.csv").read_bytes() == before
    record_non_claim("fmt-news", "Why does this matter?", "recorded again", draft_dir)  # no longer "recorded already"


@pytest.mark.parametrize(
    ("source", "sentence", "match"),
    [
        ("fmt-news", "Why does this matter!", "not recorded as not a claim of fmt-news.*did you mean 'Why does this"),
        ("probiotics-news", "Why does this matter?", "no sentence of probiotics-news is recorded"),
        ("fmt-nwes", "Why does this matter?", "did you mean 'fmt-news'"),
    ],
)
def test_withdrawing_a_sentence_not_recorded_is_refused_with_the_one_meant(draft_dir, source, sentence, match):
    record_non_claim("fmt-news", "Why does this matter?", "a question heading", draft_dir)
    call = lambda: withdraw_non_claim(source, sentence, draft_dir)  # noqa: E731
    unchanged(draft_dir, "reviewed_non_claims.csv", call, match)


@pytest.mark.parametrize(
    ("data", "number", "expected"),
    [
        (b"a,b\n1,2\n3,4\n", 1, b"a,b\n3,4\n"),
        (b'a,b\n1,"x\ny"\n3,4\n', 1, b"a,b\n3,4\n"),  # a record of two lines goes whole
        (b"a,b\r\n1,2\r\n3,4", 2, b"a,b\r\n1,2"),  # CRLF kept; no line end added at the end
    ],
)
def test_remove_row_keeps_every_other_byte(data, number, expected):
    assert remove_row(data, number) == expected


@pytest.mark.parametrize(
    ("data", "number", "record", "expected"),
    [
        (b"a,b\n1,2\n3,4\n", 1, ["1", "x"], b"a,b\n1,x\n3,4\n"),
        (b'a,b\n1,"x\ny"\n3,4\n', 1, ["1", "z"], b"a,b\n1,z\n3,4\n"),  # a record of two lines becomes one
        (b"a,b\r\n1,2\r\n3,4", 2, ["3", "a,b"], b'a,b\r\n1,2\r\n3,"a,b"'),  # CRLF kept; no line end added at the end
    ],
)
def test_replace_row_keeps_every_other_byte(data, number, record, expected):
    assert replace_row(data, number, record) == expected


def test_split_records_gives_each_record_its_lines():
    assert split_records('h\n"x\ny"\nz\n') == [(0, 1, ["h"]), (1, 3, ["x\ny"]), (3, 4, ["z"])]


def test_a_claims_table_that_cannot_be_read_is_told_in_one_line(studies_dir):
    path = studies_dir / "claims.csv"
    path.write_bytes(path.read_bytes().replace("—".encode(), b"\x97"))  # a Windows-1252 dash
    unchanged(studies_dir, "claims.csv", lambda: edit_claim("C0004", {"notes": "x"}, studies_dir), "cannot read")
    path.write_bytes(b"")
    unchanged(studies_dir, "claims.csv", lambda: edit_claim("C0004", {"notes": "x"}, studies_dir), "is empty")
