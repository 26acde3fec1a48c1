"""Grades per pair from the studies behind it: start from the best design, rate down in GRADE's domains, say why."""

import csv
import shutil

import pytest

from analysis import load_workbook
from analysis.common.paths import CLAIMS_DIR
from analysis.evidence.grading import grade_for, grade_pairs, lower_grade, score_sources
from conftest import edit_claims, replace_in

GRADES = ("strong", "moderate", "weak", "very weak", "none")
STARTS = {  # design: the grade it starts from (claims/rules.yaml, grading.start)
    "meta-analysis": "strong",
    "rct": "strong",
    "controlled-trial": "strong",
    "clinical-trial": "strong",
    "uncontrolled-trial": "weak",
    "observational": "weak",
    "narrative-review": "weak",
    "case-report": "very weak",
    "animal": "weak",
    "in-vitro": "weak",
    "unspecified-studies": "weak",
}


def grade_of(studies_dir, condition, intervention):
    grades = grade_pairs(load_workbook(studies_dir)).set_index(["condition", "intervention"])
    return grades.loc[(condition, intervention)]


def set_study(studies_dir, study_id, **fields):
    """Change the columns of one row of studies.csv, or add the row (a copy of S0001's) when it is new."""
    path = studies_dir / "studies.csv"
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    row = next((r for r in rows if r["study_id"] == study_id), None)
    if row is None:
        row = dict(rows[0], study_id=study_id)
        rows.append(row)
    row.update(fields)
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_weight_gives_a_diminishing_bonus_per_further_study():
    assert score_sources([0.9, 0.9]) == pytest.approx(1.0) and score_sources([0.5, 0.5]) == pytest.approx(0.625)
    assert score_sources([]) == 0


def test_reported_evidence_never_falls_to_none_and_none_stays_none():
    assert lower_grade("strong", 1, GRADES) == "moderate"
    assert lower_grade("weak", 5, GRADES) == "very weak"
    assert lower_grade("none", 1, GRADES) == "none"


@pytest.mark.parametrize("design, start", STARTS.items())
def test_each_design_starts_where_grade_says(studies_dir, design, start):
    set_study(studies_dir, "S0001", design=design)
    assert f"; starts {start}" in grade_of(studies_dir, "anxiety", "probiotics").reason


def test_one_trial_of_120_in_one_article_is_rated_down_once_for_imprecision(studies_dir):
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert (anxiety.grade, anxiety.n_claims, anxiety.n_studies, anxiety.n_sources) == ("moderate", 1, 1, 1)
    assert anxiety.reason == (
        "best evidence: randomised controlled trial (S0001, 120 participants); starts strong; "
        "lowered 1 step: imprecision: one study of 120 participants → moderate"
    )


def test_two_trials_of_enough_people_are_precise(studies_dir):
    set_study(studies_dir, "S0007", participants="200")
    edit_claims(studies_dir, {"C0001": {"studies": "S0001;S0007"}})
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert (anxiety.grade, anxiety.n_studies, anxiety.study_ids) == ("strong", 2, "S0001;S0007")


def test_large_cohorts_beside_one_small_trial_do_not_make_the_trial_precise(studies_dir):
    set_study(studies_dir, "S0001", participants="96")
    set_study(studies_dir, "S0007", design="observational", participants="41000")
    set_study(studies_dir, "S0008", design="observational", participants="26500")
    edit_claims(studies_dir, {"C0001": {"studies": "S0001;S0007;S0008"}})
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert (anxiety.grade, anxiety.n_studies) == ("moderate", 3)
    assert "imprecision: one study of 96 participants, fewer than 100" in anxiety.reason


def test_one_trial_of_very_few_participants_is_rated_down_twice_for_imprecision(studies_dir):
    """GRADE's "very serious imprecision": one randomised trial of 32 adults cannot make the evidence moderate."""
    set_study(studies_dir, "S0001", participants="32")
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert anxiety.grade == "weak"
    assert "imprecision: one study of 32 participants, fewer than 50 (2 steps) → weak" in anxiety.reason


def test_fewer_participants_than_the_threshold_is_imprecise_however_many_studies(studies_dir):
    set_study(studies_dir, "S0001", participants="30")
    set_study(studies_dir, "S0007", participants="40")
    edit_claims(studies_dir, {"C0001": {"studies": "S0001;S0007"}})
    reason = grade_of(studies_dir, "anxiety", "probiotics").reason
    assert "imprecision: 2 studies of 70 participants, fewer than 100" in reason


def test_a_review_s_own_stated_certainty_sets_the_start_and_is_not_rated_down_again(studies_dir):
    set_study(studies_dir, "S0001", design="meta-analysis", participants="", certainty="low")
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert anxiety.grade == "weak"
    assert anxiety.reason == (
        "best evidence: systematic review or meta-analysis (S0001), its authors rating the evidence low; "
        "starts weak → weak"
    )


def test_a_stated_certainty_keeps_the_indirectness_its_authors_could_not_judge(studies_dir):
    set_study(studies_dir, "S0001", design="meta-analysis", certainty="moderate", outcomes="depression")
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert anxiety.grade == "weak" and "indirect" in anxiety.reason and "starts moderate" in anxiety.reason


def test_a_trial_with_no_control_group_stated_is_at_risk_of_bias(studies_dir):
    set_study(studies_dir, "S0001", design="clinical-trial", control="unstated")
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert anxiety.grade == "weak" and "risk of bias: no control group stated" in anxiety.reason


@pytest.mark.parametrize(
    "fields, cause",
    [
        ({"peer_reviewed": "no"}, "not peer reviewed"),
        ({"funding": "maker"}, "run or paid for by the product's maker"),
        ({"peer_reviewed": "no", "funding": "maker"}, "not peer reviewed, run or paid for by the product's maker"),
    ],
)
def test_a_preprint_or_a_maker_s_own_trial_is_at_risk_of_bias_once(studies_dir, fields, cause):
    set_study(studies_dir, "S0001", **fields)
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert anxiety.grade == "weak" and f"lowered 2 steps: risk of bias: {cause}; imprecision" in anxiety.reason


def test_a_controlled_trial_not_said_to_be_randomised_is_at_risk_of_bias(studies_dir):
    set_study(studies_dir, "S0001", design="controlled-trial")
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert anxiety.grade == "weak" and "risk of bias: not said to be randomised" in anxiety.reason


def test_best_studies_at_risk_for_different_reasons_are_at_risk_once_naming_both(studies_dir):
    set_study(studies_dir, "S0001", peer_reviewed="no")
    set_study(studies_dir, "S0007", peer_reviewed="", funding="maker")
    edit_claims(studies_dir, {"C0001": {"studies": "S0001;S0007"}})
    reason = grade_of(studies_dir, "anxiety", "probiotics").reason
    assert "risk of bias: not peer reviewed, run or paid for by the product's maker" in reason


def test_a_published_independent_trial_is_not_at_risk_of_bias(studies_dir):
    set_study(studies_dir, "S0001", peer_reviewed="yes", funding="independent")
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert anxiety.grade == "moderate" and "risk of bias" not in anxiety.reason


def test_animal_work_behind_a_claim_about_people_is_indirect(studies_dir):
    mice = grade_of(studies_dir, "depression", "fmt")
    edit_claims(studies_dir, {"C0003": {"population": "humans"}})
    people = grade_of(studies_dir, "depression", "fmt")
    assert "indirectness: animal or cell work" not in mice.reason
    assert "indirectness: animal or cell work behind a claim about people" in people.reason


def test_a_study_that_measured_another_outcome_is_indirect(studies_dir):
    """A metabolic trial behind a mental-health claim: the best study is used, one step down."""
    edit_claims(studies_dir, {"C0001": {"conditions": "anxiety;mood"}})
    mood = grade_of(studies_dir, "mood", "probiotics")
    assert "indirectness: its studies measured other outcomes" in mood.reason
    assert "indirectness" not in grade_of(studies_dir, "anxiety", "probiotics").reason


def test_a_study_of_a_condition_within_the_pair_s_is_direct(studies_dir):
    """With anxiety narrower than mood in the vocabulary, an anxiety trial measured mood: no indirectness."""
    replace_in(
        studies_dir / "vocabulary.yaml",
        "  mood:\n    kind: mind\n",
        "  mood:\n    kind: mind\n    narrower: [anxiety]\n",
    )
    edit_claims(studies_dir, {"C0001": {"conditions": "anxiety;mood"}})
    assert "indirectness" not in grade_of(studies_dir, "mood", "probiotics").reason


def test_a_claim_leaning_only_on_a_study_of_something_else_is_very_indirect(studies_dir):
    """A fermented-food claim resting on the probiotic trial: two steps down, said once."""
    edit_claims(studies_dir, {"C0001": {"interventions": "probiotics;fermented-foods"}})
    kefir = grade_of(studies_dir, "anxiety", "fermented-foods")
    assert kefir.grade == "very weak"
    assert "lowered 3 steps: imprecision: one study of 120 participants; indirectness: its studies tested other " in (
        kefir.reason
    )
    assert kefir.reason.count("tested other interventions") == 1 and "(2 steps)" in kefir.reason
    assert "tested other" not in grade_of(studies_dir, "anxiety", "probiotics").reason


def test_a_study_of_an_intervention_within_the_pair_s_tested_it(studies_dir):
    """With fermented foods listed within probiotics, a fermented-food trial tested probiotics."""
    replace_in(
        studies_dir / "vocabulary.yaml",
        "  probiotics:\n    kind: intervention\n",
        "  probiotics:\n    kind: intervention\n    narrower: [fermented-foods]\n",
    )
    set_study(studies_dir, "S0001", interventions="fermented-foods")
    edit_claims(studies_dir, {"C0001": {"interventions": "probiotics"}})
    assert "tested other" not in grade_of(studies_dir, "anxiety", "probiotics").reason


def test_the_best_design_that_measured_the_outcome_sets_the_start(studies_dir):
    set_study(studies_dir, "S0007", design="meta-analysis", outcomes="mood", participants="5000")
    edit_claims(studies_dir, {"C0001": {"studies": "S0001;S0007"}})
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert anxiety.best_level == "rct" and "indirectness" not in anxiety.reason


def test_studies_that_disagree_are_inconsistent(studies_dir):
    set_study(studies_dir, "S0007", direction="no-effect", participants="300")
    edit_claims(studies_dir, {"C0001": {"studies": "S0001;S0007"}})
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert anxiety.grade == "moderate" and "inconsistency: its studies disagree" in anxiety.reason


def test_disagreement_is_read_outcome_by_outcome(studies_dir):
    """A trial that eased anxiety but found no change in mood disagrees with another trial on mood, not on anxiety."""
    set_study(studies_dir, "S0001", outcomes="anxiety;mood", outcome_directions="mood:no-effect")
    set_study(studies_dir, "S0007", outcomes="mood", outcome_directions="", participants="300")
    edit_claims(studies_dir, {"C0001": {"studies": "S0001;S0007", "conditions": "anxiety;mood"}})
    assert "inconsistency" not in grade_of(studies_dir, "anxiety", "probiotics").reason
    mood = grade_of(studies_dir, "mood", "probiotics")
    assert "inconsistency: its studies disagree" in mood.reason


def test_a_study_that_found_no_effect_on_the_pair_says_so(studies_dir):
    set_study(studies_dir, "S0001", outcomes="anxiety;mood", outcome_directions="anxiety:no-effect")
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert "(S0001, 120 participants, no effect found)" in anxiety.reason
    edit_claims(studies_dir, {"C0001": {"conditions": "anxiety;mood"}})
    assert "no effect found" not in grade_of(studies_dir, "mood", "probiotics").reason


def test_a_study_known_only_second_hand_is_rated_down(studies_dir):
    set_study(studies_dir, "S0001", reporting="second-hand")
    reason = grade_of(studies_dir, "anxiety", "probiotics").reason
    assert reason.endswith("imprecision: one study of 120 participants; reported second-hand, no study named → weak")


def test_many_sentences_about_one_study_count_once(studies_dir):
    edit_claims(studies_dir, {"C0004": {"studies": "S0001", "evidence_level": ""}})
    edit_claims(studies_dir, {"C0004": {"conditions": "anxiety"}})
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert (anxiety.n_claims, anxiety.n_studies, anxiety.grade) == (2, 1, "moderate")


def test_the_articles_own_hedges_never_lower_the_grade(studies_dir):
    before = grade_of(studies_dir, "anxiety", "probiotics")
    edit_claims(studies_dir, {"C0001": {"hedging": "speculative;preliminary;modest;needs-more-trials"}})
    after = grade_of(studies_dir, "anxiety", "probiotics")
    assert (after.grade, after.reason) == (before.grade, before.reason) and after.hedged == 1


@pytest.mark.parametrize(
    "change",
    [
        {"claim_type": "description"},
        {"claim_type": "evidence"},
        {"claim_type": "mechanism"},
        {"claim_type": "refuted"},  # a claim the article reports to reject it
        {"advice": "safety"},
        {"placement": "headline"},
    ],
)
def test_headings_advice_descriptions_and_research_never_set_a_grade(studies_dir, change):
    edit_claims(studies_dir, {"C0001": change})
    anxiety = grade_of(studies_dir, "anxiety", "probiotics")
    assert (anxiety.grade, anxiety.n_studies) == ("none", 0)
    assert anxiety.reason.startswith("no claim of effect to grade")


def test_a_study_outweighs_an_anecdote_and_an_anecdote_grades_alone(studies_dir):
    assert grade_of(studies_dir, "mood", "fermented-foods").reason == (
        "best evidence: anecdote (1 claim); starts very weak → very weak"
    )
    edit_claims(studies_dir, {"C0007": {"conditions": "mood", "interventions": "exercise"}})
    assert grade_of(studies_dir, "mood", "exercise").best_level == "unspecified-studies"


def test_claims_with_no_evidence_grade_none(studies_dir):
    cure = grade_of(studies_dir, "depression", "probiotics")
    assert cure.grade == "none" and cure.reason.startswith("best evidence: no evidence offered")
    assert cure.n_sources == 0


def test_the_rules_live_in_data(studies_dir):
    shutil.copy(CLAIMS_DIR / "rules.yaml", studies_dir / "rules.yaml")
    replace_in(studies_dir / "rules.yaml", "      min_participants: 100\n", "      min_participants: 500\n")
    reason = grade_of(studies_dir, "anxiety", "probiotics").reason
    assert "one study of 120 participants, fewer than 500" in reason


def test_grade_for_selects_one_term_strongest_first(studies_dir):
    grades = grade_pairs(load_workbook(studies_dir))
    depression = grade_for(grades, "condition", "depression")
    assert set(depression["condition"]) == {"depression"}
    assert depression["grade"].cat.codes.is_monotonic_increasing


def test_grades_are_remembered_yet_one_report_cannot_change_them_for_the_next(studies_dir):
    workbook = load_workbook(studies_dir)
    first = grade_pairs(workbook)
    expected = first.copy(deep=True)
    first.loc[0, "reason"] = "changed by a notebook"
    first["grade"] = first["grade"].cat.codes
    assert grade_pairs(workbook).equals(expected)
