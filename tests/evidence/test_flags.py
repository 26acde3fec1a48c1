"""Flags: each kind fires where wording outruns evidence, and never on safety advice, descriptions or accurate hedges."""

import ast
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_vocabulary
from analysis.evidence.flags import count_flags, find_flags
from analysis.workbook.rules import load_rules

DATA = Path(__file__).parents[1] / "data" / "workbook"
BASE = {
    "claim_id": "C0001",
    "source_id": "s",
    "quote": "Probiotics reduce anxiety.",
    "conditions": "anxiety",
    "interventions": "probiotics",
    "evidence_level": "rct",
    "relation": "direct_causal",
    "hedging": "none",
    "population": "humans",
    "advice_term": "no",
    "claim_type": "effect",
    "reporting": "named",
    "placement": "body",
}


@pytest.fixture(scope="module")
def judge():
    vocabulary = load_vocabulary(DATA)
    rules = load_rules(vocabulary, DATA)

    def flags(*claims):
        rows = [{**BASE, "claim_id": f"C{i:04d}", **claim} for i, claim in enumerate(claims, 1)]
        return find_flags(pd.DataFrame(rows), vocabulary, rules)

    return flags


def rules_of(flags):
    return sorted(zip(flags["kind"].astype(str), flags["rule"]))


def test_a_trial_stated_plainly_is_not_flagged(judge):
    assert judge({}).empty


def test_a_cause_stated_on_an_observational_study_is_exaggeration(judge):
    flags = judge({"evidence_level": "observational"})
    assert rules_of(flags) == [("exaggeration", "causal-on-weak-evidence")]
    assert flags.loc[0, "reason"] == "states a direct cause, but what it offers (observational study) cannot show one"


def test_an_association_on_an_observational_study_is_not(judge):
    assert judge({"evidence_level": "observational", "relation": "correlational"}).empty


def test_a_claim_about_people_on_mice_is_exaggeration(judge):
    assert rules_of(judge({"evidence_level": "animal", "relation": "correlational"})) == [
        ("exaggeration", "people-from-animals")
    ]
    assert judge({"evidence_level": "animal", "relation": "correlational", "population": "animals"}).empty


def test_advice_without_a_trial_is_exaggeration_but_safety_advice_never_is(judge):
    advice = {"evidence_level": "none", "relation": "conditional_causal", "advice_term": "yes"}
    assert ("exaggeration", "advice-without-trials") in rules_of(judge(advice))
    assert judge({**advice, "advice_term": "safety", "quote": "Please seek help from a qualified provider."}).empty


def test_certainty_words_on_weak_evidence_are_exaggeration(judge):
    clear = {"quote": "It is clear that probiotics reduce anxiety.", "relation": "conditional_causal"}
    assert rules_of(judge({**clear, "evidence_level": "unspecified-studies"})) == [
        ("exaggeration", "booster-on-weak-evidence")
    ]
    assert judge(clear).empty  # the same words on a trial


def test_a_headline_stronger_than_its_body_is_exaggeration(judge):
    body = {"evidence_level": "observational", "relation": "correlational", "placement": "body"}
    headline = {"relation": "direct_causal", "evidence_level": "observational", "placement": "headline"}
    flags = judge(body, headline)
    assert ("exaggeration", "headline-beyond-body") in rules_of(flags)
    reason = flags.set_index("rule").loc["headline-beyond-body", "reason"]
    assert reason.startswith("the headline claims flat cause") and "at most association" in reason
    assert judge(body, {**headline, "relation": "correlational"}).empty


def test_a_claim_of_effect_with_no_evidence_is_unsupported(judge):
    assert rules_of(judge({"evidence_level": "none", "relation": "conditional_causal"})) == [
        ("unsupported", "no-evidence")
    ]


def test_definitions_and_descriptions_are_never_flagged(judge):
    vagus = {
        "quote": "The vagus nerve is the longest cranial nerve.",
        "evidence_level": "none",
        "relation": "no_relationship",
        "claim_type": "description",
    }
    definition = {
        "quote": "Probiotics are live bacteria that confer a health benefit.",
        "evidence_level": "none",
        "relation": "direct_causal",
        "claim_type": "description",
    }
    assert judge(vagus, definition).empty


def test_a_named_trial_hedged_as_a_mere_possibility_is_understatement(judge):
    assert rules_of(judge({"hedging": "speculative", "relation": "conditional_causal"})) == [
        ("understatement", "hedge-beyond-evidence")
    ]


def test_an_accurate_hedge_is_not_understatement(judge):
    some_trials = {
        "quote": "Some randomized controlled trials have shown that probiotics can lead to modest "
        "improvements in certain populations.",
        "hedging": "speculative;modest",
        "relation": "conditional_causal",
        "reporting": "second-hand",
    }
    assert judge(some_trials).empty


def test_counts_per_source_give_the_share_exaggerated(judge):
    claims = pd.DataFrame(
        [{**BASE, "claim_id": "C0001", "evidence_level": "observational"}, {**BASE, "claim_id": "C0002"}]
    )
    flags = judge({"evidence_level": "observational"}, {})
    counts = count_flags(flags, claims).set_index("source_id").loc["s"]
    assert (counts["claims"], counts["exaggeration"], counts["share exaggerated"]) == (2, 1, 0.5)


def test_no_vocabulary_term_is_named_in_the_rules_code():
    vocabulary = load_vocabulary()
    slugs = {slug for section in vocabulary.sections.values() for slug in section} - {"none"}
    for module in ("flags.py", "grading.py"):
        source = Path(__file__).parents[2] / "src" / "analysis" / "evidence" / module
        strings = {
            node.value
            for node in ast.walk(ast.parse(source.read_text()))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        assert strings & slugs == set(), module
