"""What the flag rules read of the studies a claim rests on: design, size, population, outcomes, what they found.

Tested in tests/evidence/test_flags.py.
"""

import pandas as pd

from analysis.language.detector import read_sentence
from analysis.workbook.rules import Rules
from analysis.workbook.studies import (
    CERTAINTIES,
    IMPLIED,
    measures,
    of_people,
    outcome_direction,
    tests_intervention,
)
from analysis.workbook.vocabulary import Vocabulary, split_terms

UNSAID = ("not stated", "unstated", "unspecified", "unknown")  # a population_detail that names no one
WEAK_CERTAINTIES = CERTAINTIES[2:]  # a review whose authors rate their evidence low or very low is not strong


def read_study_facts(claims: pd.DataFrame, studies: pd.DataFrame, vocabulary: Vocabulary, rules: Rules) -> pd.DataFrame:
    """Return, per claim, its linked studies (ids), whether those that measured its conditions (else all of them) are
    preclinical, whether they are all small, which of the claim's conditions they did not measure (all, when they
    measured none; else its outcomes of the mind they missed) and so whether they measured it, whether one is a large
    controlled trial the article calls neither small nor early, the strongest of them described for a reason, and
    the study that found no effect where the claim claims one."""
    by_id = studies.set_index("study_id") if not studies.empty else studies
    keys = list(zip(claims["studies"], claims["conditions"], claims["interventions"], claims["direction"]))
    read = {key: _study_facts(key[0], key[1:], by_id, vocabulary, rules) for key in dict.fromkeys(keys)}  # once each
    rows = [read[key] for key in keys]
    return pd.DataFrame(rows, index=claims.index)


def _study_facts(cell: str, claim: tuple, by_id, vocabulary: Vocabulary, rules: Rules) -> dict:
    """Return what the rules read of the studies `cell` names for a claim of (conditions, interventions, direction)."""
    conditions, interventions, direction = claim
    ids = list(dict.fromkeys(s for s in split_terms(cell) if s in by_id.index))  # "S0101;S0101" is one study
    if not ids:
        return {
            "study_ids": (),
            "preclinical": False,
            "small": False,
            "measured": True,
            "unmeasured": (),
            "solid": "",
            "study": "",
            "none_found": "",
        }
    linked = by_id.loc[ids].sort_values("design_rank")
    wanted = set(split_terms(conditions))
    measured = linked[linked["outcomes"].map(lambda o: any(measures(o, c, vocabulary) for c in wanted))]
    unmeasured = _unmeasured(linked, conditions, measured.empty, vocabulary, rules)
    small = linked["participants"].lt(rules.min_participants).fillna(False) | linked["design_kind"].isin(
        rules.terms("uncontrolled_kinds")
    )
    animal = linked["population"].isin(rules.terms("studied_in_animals_or_cells"))
    preclinical = linked["design_kind"].isin(rules.terms("preclinical_kinds")) | animal
    judged = preclinical[measured.index] if not measured.empty else preclinical  # the evidence on its outcome
    return {
        "study_ids": tuple(ids),
        "preclinical": bool(judged.all()),
        "small": len(ids) == 1 and bool(small.all()),
        "measured": (not measured.empty and not unmeasured) or linked.index.str.startswith(IMPLIED).all(),
        "unmeasured": unmeasured,
        "solid": _strong_evidence(measured, wanted, set(split_terms(interventions)), vocabulary, rules),
        "study": describe_study(linked.index[0], linked.iloc[0], vocabulary, rules),
        "none_found": _none_found(linked, wanted, vocabulary, rules)
        if direction in rules.terms("effect_directions")
        else "",
    }


def _none_found(linked: pd.DataFrame, conditions: set, vocabulary: Vocabulary, rules: Rules) -> str:
    """Return the study that found no effect on one of the claim's conditions, as a reason says it ("S0007, a
    randomised controlled trial of 64 adults, found none on mood"), when every study
    that measured that condition found none (a pilot that saw no change in attention; a trial whose main outcome,
    depression, did not move, behind "lifts depression and transforms gut health"); else ""."""
    none = rules.terms("no_effect_directions")
    for condition in sorted(conditions):
        found = [
            (sid, outcome_direction(study, condition, vocabulary) in none)
            for sid, study in linked.iterrows()
            if measures(study["outcomes"], condition, vocabulary)
        ]
        if found and all(no_effect for _, no_effect in found):
            which = f" on {vocabulary.label('conditions', condition).lower()}" if len(conditions) > 1 else ""
            return f"{describe_study(found[0][0], linked.loc[found[0][0]], vocabulary, rules)}, found none{which}"
    return ""


def _unmeasured(linked: pd.DataFrame, conditions: str, none_measured: bool, vocabulary, rules: Rules) -> tuple:
    """Return the claim's conditions its studies did not measure: all of them when the studies measured none, else
    those of the kinds each of which a study must measure (rules.yaml `each_outcome_measured`: a trial of stress
    behind "sleeping better and less stressed" did not measure sleep); () when nothing is missing."""
    named = split_terms(conditions)
    if none_measured:
        return tuple(named)
    each = set(vocabulary.terms("conditions", rules.terms("each_outcome_measured")))
    missed = (c for c in named if c in each)
    return tuple(c for c in missed if not linked["outcomes"].map(lambda o, c=c: measures(o, c, vocabulary)).any())


def _strong_evidence(measured: pd.DataFrame, conditions: set, interventions: set, vocabulary, rules: Rules) -> str:
    """Return strong, consistent evidence for a claim, described for a reason: a solid systematic review, or two
    solid trials or more (see `_solid`), of the claim's intervention, when every study of its conditions found
    the same effect on them; one trial, however large, is not both strong and consistent; else ""."""
    found = {
        outcome_direction(study, condition, vocabulary)
        for _, study in measured.iterrows()
        for condition in conditions
        if measures(study["outcomes"], condition, vocabulary)
    }
    if len(found) != 1 or not found <= rules.terms("effect_directions"):
        return ""  # a study that found nothing, or the opposite: not consistent
    tested = measured["interventions"].map(
        lambda cell: any(tests_intervention(cell, i, vocabulary) for i in interventions)
    )
    solid = measured[tested & _solid(measured, rules)]
    pooled = solid[solid["design_kind"].isin(rules.terms("pooled_kinds"))]
    if pooled.empty and len(solid) < 2:
        return ""
    best = pooled if not pooled.empty else solid
    others = len(solid) - 1
    more = f" and {others} other stud{'ies' if others > 1 else 'y'}" if others else ""
    return describe_study(best.index[0], best.iloc[0], vocabulary, rules) + more


def _solid(linked: pd.DataFrame, rules: Rules) -> pd.Series:
    """Return which studies are strong, direct evidence: a controlled trial or review of them, of stated size
    at least the rules' threshold, in people, that its article does not call small or early, whose authors
    do not rate their own evidence low, and that is peer reviewed (or not said not to be) and not the maker's."""
    certainty = linked["certainty"] if "certainty" in linked else pd.Series("", index=linked.index)
    bias = rules.steps.get("risk_of_bias", {})
    return (
        ~certainty.isin(WEAK_CERTAINTIES)
        & ~linked["peer_reviewed"].isin(bias.get("peer_reviewed", ()))
        & ~linked["funding"].isin(bias.get("fundings", ()))
        & linked["design_kind"].isin(rules.terms("trial_kinds"))
        & linked["control"].eq("yes")
        & linked["participants"].ge(rules.min_participants).fillna(False)
        & linked["population"].isin(rules.terms("studied_in_people"))
        & ~linked["quote"].map(lambda q: bool(rules.terms("warranted_hedges") & set(read_sentence(q).hedge_categories)))
    )


def describe_study(study_id: str, study, vocabulary: Vocabulary, rules: Rules) -> str:
    """Return a study as a flag's reason names it: "S0007, a randomised controlled trial of 42 infants with colic"."""
    design = vocabulary.short_label("evidence_levels", str(study["design"])).lower()
    size = f"{int(study['participants']):,}" if pd.notna(study["participants"]) else ""
    animal = study["population"] in rules.terms("studied_in_animals_or_cells")
    detail = str(study["population_detail"]).strip()
    who = "" if detail.lower().startswith(UNSAID) else detail or (study["population"] if animal else "")
    people = f" of {of_people(size, who or 'participants')}" if size else (f" ({who})" if who else "")
    if study_id.startswith(IMPLIED):  # a folder without studies.csv: the claim's own words are the study
        return f"the {design} it describes"
    article = "" if design.endswith("studies") else ("an " if design[0] in "aeiou" else "a ")  # "unspecified studies"
    return f"{study_id}, {article}{design}{people}"
