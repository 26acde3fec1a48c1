"""Evidence grades per pair: the score formula, the thresholds, downgrades and reasons."""

import pytest

from analysis import load_workbook
from analysis.evidence.grading import grade_for, grade_pairs, grade_score, lower_grade, score_sources
from conftest import replace_in


@pytest.mark.parametrize(
    "weights, score",
    [
        ([1.0], 1.0),
        ([0.9], 0.9),
        ([0.9, 0.9], 1.0),
        ([0.5, 0.5], 0.625),
        ([0.15, 0.15, 0.15], 0.196875),
        ([], 0),
    ],
)
def test_score_gives_a_diminishing_bonus_per_further_source(weights, score):
    assert score_sources(weights) == pytest.approx(score)


@pytest.mark.parametrize(
    "score, grade",
    [
        (1.0, "strong"),
        (0.9, "moderate"),
        (0.75, "moderate"),
        (0.5, "weak"),
        (0.3, "weak"),
        (0.15, "very weak"),
        (0, "none"),
    ],
)
def test_grade_thresholds(score, grade):
    assert grade_score(score) == grade


def test_lower_grade_stops_at_none():
    assert lower_grade("strong") == "moderate"
    assert lower_grade("none") == "none"


def test_grade_pairs_on_fixture(workbook_dir):
    grades = grade_pairs(load_workbook(workbook_dir)).set_index(["condition", "intervention"])
    anxiety = grades.loc[("anxiety", "probiotics")]
    assert (anxiety.grade, anxiety.n_claims, anxiety.n_sources, anxiety.best_level) == ("moderate", 1, 1, "rct")
    assert (
        anxiety.reason
        == "best evidence: rct (1 claim); 1 independent source; 0 of 1 claims hedged; score 0.90 → moderate"
    )
    assert grades.loc[("depression", "diet")].grade == "strong"
    assert grades.loc[("depression", "fmt")].grade == "weak"
    assert grades.loc[("mood", "exercise")].reason.startswith("best evidence: unspecified-studies")
    assert grades.loc[("mood", "exercise")].hedged_share == 1.0


def test_probiotics_for_depression_has_no_evidence(workbook_dir):
    grades = grade_pairs(load_workbook(workbook_dir)).set_index(["condition", "intervention"])
    assert grades.loc[("depression", "probiotics")].grade == "none"


def test_a_second_independent_source_raises_the_score(workbook_dir):
    before = grade_pairs(load_workbook(workbook_dir)).set_index(["condition", "intervention"])
    replace_in(
        workbook_dir / "claims.csv",
        'C0010,diet-blog,"Antibiotics may increase the risk of anxiety, one cohort study reported.",Antibiotics may increase the risk of anxiety.,anxiety,antibiotics',
        'C0010,diet-blog,"Antibiotics may increase the risk of anxiety, one cohort study reported.",Antibiotics may increase the risk of anxiety.,anxiety,antibiotics;probiotics',
    )
    after = grade_pairs(load_workbook(workbook_dir)).set_index(["condition", "intervention"])
    assert after.loc[("anxiety", "probiotics")].n_sources == 2
    assert before.loc[("anxiety", "probiotics")].score == pytest.approx(0.9)
    assert after.loc[("anxiety", "probiotics")].score == 1.0  # 0.9 + 0.5 / 4, capped at 1
    assert (before.loc[("anxiety", "probiotics")].grade, after.loc[("anxiety", "probiotics")].grade) == (
        "moderate",
        "strong",
    )


def test_no_effect_next_to_an_effect_lowers_the_grade(workbook_dir):
    replace_in(workbook_dir / "claims.csv", "depression,diet,,beneficial,", "depression,diet,,no-effect,")
    replace_in(
        workbook_dir / "claims.csv",
        "C0004,probiotics-news,Probiotics cure depression.,Probiotics cure depression.,depression,probiotics",
        "C0004,probiotics-news,Probiotics cure depression.,Probiotics cure depression.,depression,diet",
    )
    pair = grade_pairs(load_workbook(workbook_dir)).set_index(["condition", "intervention"]).loc[("depression", "diet")]
    assert pair.grade == "moderate"
    assert pair.reason.endswith("lowered to moderate for inconsistency (beneficial and no-effect)")


def test_grades_are_ordered_strongest_first_and_filterable(workbook_dir):
    grades = grade_pairs(load_workbook(workbook_dir))
    assert grades["grade"].cat.codes.is_monotonic_increasing
    depression = grade_for(grades, "condition", "depression")
    assert set(depression["intervention"]) == {"diet", "fmt", "gut-microbiome", "probiotics"}


def test_score_of_a_pair_with_thousands_of_sources():
    assert score_sources([0.15] * 5000) == pytest.approx(0.2)
