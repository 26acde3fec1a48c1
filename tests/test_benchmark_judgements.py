"""The judgements benchmark scores flags against one careful reader, a second, either of them and both."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from analysis import load_workbook, validate_workbook  # noqa: E402
from analysis.evidence.rule_checks import read_rule_checks  # noqa: E402
from judgements import SETS, any_kind, check_rules, compare_readers, match, read_marks  # noqa: E402

# (source, start, end, kind, ...): a flag or a reader's marked sentence
FIRST = [("a", 0, 10, "exaggeration"), ("a", 20, 30, "unsupported")]
SECOND = [("a", 0, 10, "exaggeration"), ("a", 40, 50, "exaggeration")]


def test_a_flag_is_right_only_on_an_overlapping_mark_of_its_kind():
    flags = [("a", 5, 8, "exaggeration", "C1"), ("a", 5, 8, "unsupported", "C1"), ("b", 5, 8, "exaggeration", "C2")]
    right, found = match(flags, FIRST)
    assert [f[4] for f in right] == ["C1"] and right[0][3] == "exaggeration"
    assert found == [FIRST[0]]


def test_with_kinds_set_aside_a_flag_is_right_on_a_sentence_marked_for_another_problem():
    flags = [("a", 22, 28, "exaggeration", "C1"), ("a", 5, 8, "unsupported", "C2"), ("b", 5, 8, "exaggeration", "C3")]
    marked = FIRST + [("a", 20, 30, "exaggeration")]  # one sentence marked twice counts once
    assert match(flags, marked)[0] == [flags[0]]  # by kind: only C1, of exaggeration, on the sentence at 20
    assert any_kind(flags, marked) == (2, 3, 2, 2)  # C1 and C2 right; both sentences found


def test_flags_are_counted_against_either_reader_and_against_the_marks_both_made():
    flags = [
        ("a", 0, 10, "exaggeration", "C1"),
        ("a", 40, 50, "exaggeration", "C2"),
        ("a", 60, 70, "unsupported", "C3"),
    ]
    figures = compare_readers(flags, FIRST, SECOND)
    assert figures["second"] == [2, 2, 3, 2]  # right against the second, second's marks found, flags, their marks
    assert figures["readers"] == [1, 1, 2, 2]  # the readers share one mark
    assert figures["either"] == [2, 3]  # C1 and C2 are right against one reader or the other; C3 against neither
    assert figures["both"] == [1, 1]  # the one mark both readers made is found


@pytest.mark.parametrize("name", list(SETS))
def test_every_benchmark_workbook_validates_and_its_readings_stand_in_its_texts(name):
    """A change to validation or to the vocabulary must not silently break the benchmarks' own workbooks."""
    claims_dir, reading = SETS[name]
    assert not validate_workbook(claims_dir).errors
    workbook = load_workbook(claims_dir)
    for readings in (reading / "problems.csv", reading / "second" / "problems.csv"):
        if readings.exists():
            assert read_marks(workbook, readings)  # exits naming the sentence a text no longer holds


def test_the_rule_checks_the_reports_show_agree_with_the_rules_as_they_are():
    """A change to a rule that moves its flags must be measured again before a page says how far to trust it."""
    fresh = check_rules([name for name in SETS if name != "shipped"])
    shipped = read_rule_checks()
    stale = shipped.merge(fresh, on="rule", how="outer", suffixes=("", " now"), indicator=True)
    moved = stale[
        (stale["_merge"] != "both") | stale["flags"].ne(stale["flags now"]) | stale["marked"].ne(stale["marked now"])
    ]
    assert moved.empty, (
        "src/analysis/evidence/rule_checks.csv is stale; run python benchmarks/judgements.py --rule-checks\n"
        + moved[["rule", "flags", "flags now", "marked", "marked now"]].to_string(index=False)
    )
    assert (shipped["sets"] == len(SETS) - 1).all()
