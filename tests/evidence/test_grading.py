"""Grades per pair: start from the best reported design, rate down step by step, say why, read the rules from data."""

import shutil

import pytest

from analysis import load_workbook
from analysis.common.paths import CLAIMS_DIR
from analysis.evidence.grading import grade_for, grade_pairs, lower_grade, score_sources
from conftest import edit_claims, replace_in

GRADES = ("strong", "moderate", "weak", "very weak", "none")


def grade_of(workbook_dir, condition, intervention):
    grades = grade_pairs(load_workbook(workbook_dir)).set_index(["condition", "intervention"])
    return grades.loc[(condition, intervention)]


@pytest.mark.parametrize(
    "weights, score",
    [([1.0], 1.0), ([0.9], 0.9), ([0.9, 0.9], 1.0), ([0.5, 0.5], 0.625), ([0.15, 0.15, 0.15], 0.196875), ([], 0)],
)
def test_weight_gives_a_diminishing_bonus_per_further_source(weights, score):
    assert score_sources(weights) == pytest.approx(score)


def test_reported_evidence_never_falls_to_none_and_none_stays_none():
    assert lower_grade("strong", 1, GRADES) == "moderate"
    assert lower_grade("weak", 5, GRADES) == "very weak"
    assert lower_grade("none", 1, GRADES) == "none"


def test_a_trial_in_one_source_is_rated_down_for_imprecision(workbook_dir):
    anxiety = grade_of(workbook_dir, "anxiety", "probiotics")
    assert (anxiety.grade, anxiety.n_claims, anxiety.n_sources, anxiety.best_level) == ("moderate", 1, 1, "rct")
    assert anxiety.reason == (
        "best evidence: randomised controlled trial (1 claim, 1 source); starts strong; "
        "lowered 1 step: reported by one source only → moderate"
    )


def test_one_second_hand_mention_in_one_article_never_reaches_the_top_two_grades(workbook_dir):
    edit_claims(workbook_dir, {"C0001": {"reporting": "second-hand"}})
    anxiety = grade_of(workbook_dir, "anxiety", "probiotics")
    assert anxiety.grade == "weak"
    assert "reported second-hand, no study named; reported by one source only" in anxiety.reason


def test_the_articles_own_hedges_lower_the_grade(workbook_dir):
    edit_claims(workbook_dir, {"C0001": {"hedging": "modest"}})
    anxiety = grade_of(workbook_dir, "anxiety", "probiotics")
    assert anxiety.grade == "weak" and "preliminary, modest or in need of more trials" in anxiety.reason


def test_animal_work_behind_a_claim_about_people_is_indirect(workbook_dir):
    mice = grade_of(workbook_dir, "depression", "fmt")
    edit_claims(workbook_dir, {"C0003": {"population": "humans"}})
    people = grade_of(workbook_dir, "depression", "fmt")
    assert "animal or cell work" not in mice.reason and "lowered 1 step" in mice.reason
    assert "lowered 2 steps" in people.reason and "animal or cell work behind a claim about people" in people.reason
    assert people.grade == mice.grade == "very weak"  # reported evidence stops at very weak


def test_no_effect_beside_an_effect_is_inconsistent(workbook_dir):
    replace_in(
        workbook_dir / "claims.csv", "anxiety,antibiotics,,harmful,", "anxiety,antibiotics;probiotics,,no-effect,"
    )
    anxiety = grade_of(workbook_dir, "anxiety", "probiotics")
    assert anxiety.n_sources == 2 and "one source" not in anxiety.reason
    assert anxiety.grade == "moderate" and "some claims report no effect, others an effect" in anxiety.reason


def test_claims_with_no_evidence_grade_none(workbook_dir):
    cure = grade_of(workbook_dir, "depression", "probiotics")
    assert cure.grade == "none" and cure.reason.startswith("best evidence: no evidence offered")


def test_the_rules_live_in_data(workbook_dir):
    shutil.copy(CLAIMS_DIR / "rules.yaml", workbook_dir / "rules.yaml")
    replace_in(workbook_dir / "rules.yaml", "    trial: strong\n", "    trial: moderate\n")
    assert grade_of(workbook_dir, "anxiety", "probiotics").grade == "weak"


def test_grade_for_selects_one_term_strongest_first(workbook_dir):
    grades = grade_pairs(load_workbook(workbook_dir))
    depression = grade_for(grades, "condition", "depression")
    assert set(depression["condition"]) == {"depression"}
    assert depression["grade"].cat.codes.is_monotonic_increasing


def test_grades_are_remembered_yet_one_report_cannot_change_them_for_the_next(workbook_dir):
    workbook = load_workbook(workbook_dir)
    first = grade_pairs(workbook)
    expected = first.copy(deep=True)
    first.loc[0, "reason"] = "changed by a notebook"
    first["grade"] = first["grade"].cat.codes
    assert grade_pairs(workbook).equals(expected)
