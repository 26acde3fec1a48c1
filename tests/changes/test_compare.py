"""Comparing two workbooks: claims added, removed and relabelled, grades that moved, flags that came and went."""

import shutil

import pandas as pd
import pytest

from analysis import load_workbook
from analysis.changes.compare import compare_grades, compare_tables, compare_workbooks
from conftest import edit_claims, replace_in

NEW_CLAIM = (
    "C0011,probiotics-news,Probiotics cure depression.,Probiotics cure low mood.,mood,probiotics,,beneficial,"
    "direct_causal,none,none,,unspecified,no,\n"
)


@pytest.fixture
def old_and_new(workbook_dir, tmp_path):
    """The test workbook, and a copy with C0004, C0006 and C0010 relabelled, C0009 removed and C0011 added."""
    new = tmp_path / "new"
    shutil.copytree(workbook_dir, new)
    relabel = {"C0004": {"citation": "[1]"}, "C0006": {"evidence_level": "rct"}, "C0010": {"relation": "direct_causal"}}
    edit_claims(new, relabel)
    lines = (new / "claims.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(line for line in lines if not line.startswith("C0009,")) + NEW_CLAIM
    (new / "claims.csv").write_text(text, encoding="utf-8")
    return load_workbook(workbook_dir), load_workbook(new)


def rows(table: pd.DataFrame, columns) -> list[tuple]:
    """The rows of `table` as tuples of `columns`, a missing value as None."""
    table = table[columns].astype(object)
    return list(table.where(table.notna(), None).itertuples(index=False, name=None))


def test_claims_added_removed_and_relabelled_one_row_per_column(old_and_new):
    changes = compare_workbooks(*old_and_new)
    assert rows(changes.added, ["claim_id", "claim"]) == [("C0011", "Probiotics cure low mood.")]
    assert rows(changes.removed, ["claim_id", "source_id"]) == [("C0009", "diet-blog")]
    assert rows(changes.relabelled, ["claim_id", "column", "old", "new"]) == [
        ("C0004", "citation", "", "[1]"),
        ("C0006", "evidence_level", "unspecified-studies", "rct"),
        ("C0010", "relation", "conditional_causal", "direct_causal"),
    ]


def test_grades_that_moved_appeared_or_went_away_carry_both_reasons(old_and_new):
    grades = compare_workbooks(*old_and_new).grades
    assert rows(grades, ["condition", "intervention", "change", "old_grade", "new_grade"]) == [
        ("mood", "exercise", "raised", "very weak", "weak"),
        ("mood", "probiotics", "appeared", None, "none"),
        ("inflammation", "fibre", "went away", "none", None),
    ]
    raised = grades.iloc[0]
    assert raised["old_reason"].startswith('best evidence: unspecified studies ("studies show")')
    assert raised["new_reason"].startswith("best evidence: randomised controlled trial")
    assert (raised["old_score"], raised["new_score"]) == (0.15, 0.9)


def test_flags_that_appeared_or_went_away_keyed_by_claim_and_rule(old_and_new):
    flags = compare_workbooks(*old_and_new).flags
    assert rows(flags, ["claim_id", "rule", "change", "kind"]) == [
        ("C0010", "causal-on-weak-evidence", "appeared", "exaggeration"),
        ("C0011", "no-evidence", "appeared", "unsupported"),
        ("C0004", "no-evidence", "went away", "unsupported"),  # a citation given
    ]
    assert (
        flags.iloc[0]["reason"]
        == "states a direct cause, but rests on the observational study it describes, which cannot show one"
    )


def test_summary_counts_each_kind_of_change(old_and_new):
    summary = compare_workbooks(*old_and_new).summary()
    assert summary == {
        "claims added": 1,
        "claims removed": 1,
        "claims relabelled": 3,
        "labels changed": 3,
        "grades raised": 1,
        "grades lowered": 0,
        "scores changed": 0,
        "pairs appeared": 1,
        "pairs went away": 1,
        "flags appeared": 2,
        "flags went away": 1,
    }


def test_the_same_workbook_has_no_changes(workbook_dir):
    changes = compare_workbooks(load_workbook(workbook_dir), load_workbook(workbook_dir))
    assert changes.empty and not any(changes.summary().values())


def test_a_changed_quote_is_a_relabel(workbook_dir, tmp_path):
    new = tmp_path / "new"
    shutil.copytree(workbook_dir, new)
    replace_in(
        new / "claims.csv", "C0004,probiotics-news,Probiotics cure depression.", "C0004,probiotics-news,Probiotics"
    )
    changes = compare_workbooks(load_workbook(workbook_dir), load_workbook(new))
    assert rows(changes.relabelled, ["claim_id", "column", "old", "new"]) == [
        ("C0004", "quote", "Probiotics cure depression.", "Probiotics")
    ]


def test_a_column_one_table_lacks_compares_as_empty():
    old = pd.DataFrame({"claim_id": ["C0001"], "source_id": ["s"], "claim": ["x"]})
    new = old.assign(placement=["headline"])
    empty_grades = pd.DataFrame(columns=["condition", "intervention", "grade", "score", "reason"])
    empty_flags = pd.DataFrame(columns=["claim_id", "source_id", "kind", "rule", "reason"])
    changes = compare_tables(old, new, empty_grades, empty_grades, empty_flags, empty_flags)
    assert rows(changes.relabelled, ["claim_id", "column", "old", "new"]) == [("C0001", "placement", "", "headline")]


def test_grades_read_from_csv_move_by_the_order_given_and_scores_alone_count():
    def grades(*rows):
        return pd.DataFrame(rows, columns=["condition", "intervention", "grade", "score", "reason"])

    old = grades(("a", "x", "weak", 0.5, "r1"), ("b", "y", "weak", 0.5, "r2"), ("c", "z", "none", 0.0, "r3"))
    new = grades(("a", "x", "strong", 0.9, "r1'"), ("b", "y", "weak", 0.6, "r2'"), ("c", "z", "none", 0.0, "r3'"))
    moved = compare_grades(old, new, grade_order=["strong", "moderate", "weak", "very weak", "none"])
    assert rows(moved, ["condition", "change", "old_reason", "new_reason"]) == [
        ("a", "raised", "r1", "r1'"),
        ("b", "rescored", "r2", "r2'"),
    ]
    assert rows(compare_grades(new, old, ["strong", "weak", "none"]), ["condition", "change"])[0] == ("a", "lowered")
