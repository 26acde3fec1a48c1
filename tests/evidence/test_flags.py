"""Language against evidence: each rule fires where it should and nowhere else."""

import pandas as pd

from analysis import load_workbook
from analysis.evidence.flags import count_overstatements, find_overstatements


def fired(claims, rule):
    found = find_overstatements(claims)
    return set(found.loc[found["rule"] == rule, "claim_id"])


def claim(**fields):
    base = {
        "claim_id": "C0001",
        "source_id": "s",
        "quote": "q",
        "relation": "direct_causal",
        "evidence_level": "rct",
        "hedging": "none",
        "population": "humans",
        "advice": False,
    }
    return pd.DataFrame([{**base, **fields}])


def test_causal_claim_on_weak_evidence(workbook_dir):
    claims = load_workbook(workbook_dir).claims
    assert fired(claims, "causal-from-weak-evidence") == {"C0004", "C0005", "C0007", "C0009"}


def test_causal_rule_spares_trials_and_hedged_claims():
    assert fired(claim(evidence_level="rct"), "causal-from-weak-evidence") == set()
    assert fired(claim(evidence_level="none", relation="conditional_causal"), "causal-from-weak-evidence") == set()
    assert fired(claim(evidence_level="observational"), "causal-from-weak-evidence") == {"C0001"}


def test_inference_to_humans_from_animals():
    assert fired(claim(evidence_level="animal", population="humans"), "humans-from-animals") == {"C0001"}
    assert fired(claim(evidence_level="in-vitro", population="unspecified"), "humans-from-animals") == {"C0001"}
    assert fired(claim(evidence_level="animal", population="animals"), "humans-from-animals") == set()


def test_the_fixture_mouse_claim_says_mice_and_is_not_flagged(workbook_dir):
    assert fired(load_workbook(workbook_dir).claims, "humans-from-animals") == set()


def test_advice_without_trials(workbook_dir):
    assert fired(load_workbook(workbook_dir).claims, "advice-without-trials") == {"C0005"}
    assert fired(claim(advice=True, evidence_level="clinical-trial"), "advice-without-trials") == set()


def test_understatement_is_heavy_hedging_on_trial_evidence():
    assert fired(claim(hedging="speculative;modest", evidence_level="rct"), "hedged-strong-evidence") == {"C0001"}
    assert fired(claim(hedging="speculative", evidence_level="rct"), "hedged-strong-evidence") == set()
    assert fired(claim(hedging="speculative;modest", evidence_level="observational"), "hedged-strong-evidence") == set()


def test_each_finding_says_why():
    found = find_overstatements(claim(evidence_level="none", advice=True))
    assert list(found["reason"]) == [
        "states a direct cause on no evidence",
        "advises the reader on no evidence, with no trial behind it",
    ]
    assert set(found["kind"]) == {"overstatement"}


def test_count_by_source(workbook_dir):
    counts = count_overstatements(load_workbook(workbook_dir).claims).set_index("source_id")
    assert counts.loc["probiotics-news", "causal-from-weak-evidence"] == 3
    assert counts.loc["diet-blog", "share_overstated"] == 0.33
