"""Grade the evidence the articles report for each condition × intervention pair from its studies, and say why.

A grade measures the strength of the evidence the articles *report*, not the truth of the
science. It is decided in GRADE's way, from the distinct studies behind the pair's claims
of effect, by the rules in `claims/rules.yaml`:

1. only claims of effect grade a pair: headings, safety and referral advice, descriptions,
   definitions, mechanisms and statements about the research never do;
2. the pair starts from the best design among its studies that measured the pair's
   condition (randomised trials and systematic reviews start strong; uncontrolled trials,
   observational studies, reviews, "studies show" and animal work weak; case reports,
   opinion and anecdote very weak; nothing: none);
3. each GRADE domain that applies lowers it one step, named in the reason: risk of bias
   (a trial with no control group stated, a study not peer reviewed, or one run or paid
   for by the product's maker), imprecision (one study, fewer participants than the rules'
   threshold, or no size stated at all, among the studies of the design that set the start:
   large cohorts beside a small trial do not make it precise), indirectness (animal or cell work behind a claim
   about people; studies that measured other outcomes; studies that tested other
   interventions: of the studies a pair's claims link, those that tested its intervention,
   or one within it, grade it when there are any), inconsistency (studies that disagree on
   the pair's condition, each read for that outcome: a trial may help stress and not
   memory), and evidence reported only second-hand. Reported evidence never falls below
   "very weak".
   A systematic review whose own certainty the article reports (studies.csv `certainty`:
   "weak evidence" is GRADE's low) starts from that certainty instead, and is not rated
   down again in the domains its authors assessed (risk of bias, imprecision, inconsistency).

The articles' own hedges never lower a grade: an honest "preliminary" is credited in the
flags, not held against the evidence. A claim with no study (expert opinion, an anecdote,
nothing) grades the pair only when no study does. Every grade comes with its reason, e.g.
"best evidence: randomised controlled trial (S0007, 42 participants); starts strong;
lowered 1 step: imprecision: one study of 42 participants, fewer than 100 → moderate".
"""

import pandas as pd

from analysis.workbook.load import Workbook, long_form, per_version
from analysis.workbook.rules import Rules, load_rules
from analysis.workbook.studies import CERTAINTIES, measures, outcome_direction, tests_intervention
from analysis.workbook.vocabulary import split_terms

BONUS = 4
COLUMNS = [
    "n_claims",
    "n_studies",
    "n_sources",
    "best_level",
    "study_ids",
    "score",
    "hedged",
    "hedged_share",
    "grade",
    "reason",
    "claim_ids",
]
ASSESSED_BY_AUTHORS = ("risk_of_bias", "imprecise", "inconsistent")  # in a certainty its authors state
NO_GRADE = "no claim of effect to grade: only headings, advice, descriptions or statements about research name it"


def score_sources(weights) -> float:
    """Return a 0-1 score from independent weights: the best, plus a quarter of the next, and so on."""
    total, share = 0.0, 1.0
    for weight in sorted(weights, reverse=True):
        total += weight * share
        share /= BONUS  # shrinks towards 0.0, however many there are
    return min(1.0, total)


def lower_grade(grade: str, steps: int, grades) -> str:
    """Return `grade` lowered by `steps`; reported evidence stops at the grade above the last ("none")."""
    if grade == grades[-1]:
        return grade
    return grades[min(list(grades).index(grade) + steps, len(grades) - 2)]


def grade_pairs(workbook: Workbook, by=("condition", "intervention"), rules: Rules | None = None) -> pd.DataFrame:
    """Return one row per pair found in the claims, strongest first, each with its grade and reason.

    Columns: the `by` columns, then n_claims (every claim naming the pair), n_studies and
    n_sources (distinct studies, and the sources whose claims of effect report evidence),
    best_level, study_ids, score, hedged and hedged_share (how many claims the articles
    hedge: shown, never graded), grade, reason and claim_ids. With the workbook's own rules
    the grades are remembered per workbook version.
    """
    if rules is None:
        return _grade_with_own_rules(workbook, tuple(by))
    return _grade_pairs(workbook, list(by), rules)


@per_version
def _grade_with_own_rules(workbook: Workbook, by: tuple) -> pd.DataFrame:
    return _grade_pairs(workbook, list(by), load_rules(workbook.vocabulary, workbook.claims_dir))


def _grade_pairs(workbook: Workbook, by: list, rules: Rules) -> pd.DataFrame:
    long = long_form(workbook)
    if long.empty:
        return pd.DataFrame(columns=[*by, *COLUMNS])
    long = long.assign(_graded=graded_claims(long, rules))
    studies = workbook.studies.set_index("study_id")
    rows = [
        (key, _grade_pair(key, group, studies, rules, workbook.vocabulary, by))
        for key, group in long.groupby(by, observed=True, sort=False)
    ]
    grades = pd.DataFrame([{**dict(zip(by, key if isinstance(key, tuple) else (key,))), **row} for key, row in rows])
    grades["grade"] = pd.Categorical(grades["grade"], categories=list(rules.grades), ordered=True)
    return grades[[*by, *COLUMNS]].sort_values(
        ["grade", "score", "n_claims"], ascending=[True, False, False], ignore_index=True
    )


def graded_claims(claims: pd.DataFrame, rules: Rules) -> pd.Series:
    """Return whether each claim may grade its pairs: a claim of effect, not safety advice, not a heading."""
    wanted = rules.graded_by
    typed = claims["claim_type"].replace("", next(iter(wanted.get("claim_types", ())), ""))  # untyped: of effect
    return (
        typed.isin(wanted.get("claim_types", ()))
        & ~claims["advice_term"].isin(wanted.get("not_advice", ()))
        & ~claims["placement"].isin(wanted.get("not_placements", ()))
    )


def _grade_pair(key, pair: pd.DataFrame, studies: pd.DataFrame, rules: Rules, vocabulary, by: list) -> dict:
    graded = pair[pair["_graded"]]
    condition = key[by.index("condition")] if "condition" in by else None
    intervention = key[by.index("intervention")] if "intervention" in by else None
    ids = list(dict.fromkeys(s for cell in graded["studies"] for s in split_terms(cell) if s in studies.index))
    tested = [
        s
        for s in ids
        if intervention is None or tests_intervention(studies.at[s, "interventions"], intervention, vocabulary)
    ]
    other = bool(ids) and not tested  # its claims lean only on studies of something else: indirect
    ids = tested or ids
    if ids:
        best_level, start, steps, evidence = _rate_studies(
            studies.loc[ids], graded, condition, rules, vocabulary, other
        )
    elif not graded.empty:
        best_level = str(graded.sort_values("evidence_rank")["evidence_level"].iloc[0])
        start, steps = rules.start[vocabulary.term("evidence_levels", best_level).kind], []
        n = int((graded["evidence_level"] == best_level).sum())
        evidence = f"{vocabulary.label('evidence_levels', best_level).lower()} ({n} claim{'s' * (n != 1)})"
    else:
        best_level, start, steps, evidence = "none", rules.grades[-1], [], ""
    grade = lower_grade(start, len(steps), rules.grades)
    reporting = graded[graded["studies"].ne("") | graded["evidence_level"].astype(str).ne("none")]
    n_claims = pair["claim_id"].nunique()
    hedged = int(pair.drop_duplicates("claim_id")["hedged"].sum())
    return {
        "n_claims": n_claims,
        "n_studies": len(ids),
        "n_sources": reporting["source_id"].nunique(),
        "best_level": best_level,
        "study_ids": ";".join(ids),
        "score": round(_score(ids, studies, graded, vocabulary), 3),
        "hedged": hedged,
        "hedged_share": hedged / n_claims,
        "grade": grade,
        "reason": _reason(evidence, start, steps, grade) if evidence else NO_GRADE,
        "claim_ids": ";".join(pd.unique(pair["claim_id"])),
    }


def _rate_studies(linked: pd.DataFrame, graded, condition, rules: Rules, vocabulary, other_interventions=False):
    """Return the best design, the start, the rating-down reasons and a description of the best studies."""
    measured = linked[linked["outcomes"].map(lambda o: condition is None or measures(o, condition, vocabulary))]
    base = measured if not measured.empty else linked
    best = base[base["design_rank"] == base["design_rank"].min()]
    level = str(best["design"].iloc[0])
    stated = [c for c in CERTAINTIES if c in set(best["certainty"])]
    skipped = ASSESSED_BY_AUTHORS if stated else ()
    found = pd.Series(
        [outcome_direction(study, condition, vocabulary) for _, study in base.iterrows()]
        if condition
        else base["direction"],
        index=base.index,
        dtype=object,
    )  # what each study found for the pair's condition
    body = base[base["design_kind"] == best["design_kind"].iloc[0]]  # the body of evidence that set the start
    steps = [
        reason if count == 1 else f"{reason} ({count} steps)"
        for name, step in rules.steps.items()
        if name not in skipped
        and (reason := _step(name, step, best, body, measured, graded, rules, found, other_interventions))
        for count in [_count_steps(name, step, body)]
        for _ in range(count)  # a step of two ("very serious" in GRADE's words) counts twice
    ]
    evidence = _describe(level, best, vocabulary, found, rules)
    if stated:  # the review's own certainty, its weakest when several are stated
        start = rules.grades[CERTAINTIES.index(stated[-1])]
        return level, start, steps, f"{evidence}, its authors rating the evidence {stated[-1]}"
    return level, rules.start[best["design_kind"].iloc[0]], steps, evidence


def _step(name: str, step: dict, best, body, measured, graded, rules: Rules, found, other_interventions) -> str:
    """Return the reason of rating-down step `name` when it applies to the pair, else "". `body` is the studies of
    the best design's kind that measured the pair's condition (else all it links): imprecision is theirs."""
    reason = step["reason"]
    if name == "risk_of_bias":
        return _risk_of_bias(step, best)
    if name == "imprecise":
        return _imprecision(step, body)
    if name == "indirect_population":
        animal = best["design_kind"].isin(step.get("evidence_kinds", ())) | best["population"].isin(
            rules.terms("studied_in_animals_or_cells")
        )
        return reason if animal.all() and graded["population"].isin(step.get("populations", ())).any() else ""
    if name == "indirect_outcome":
        return reason if measured.empty else ""
    if name == "indirect_intervention":
        return reason if other_interventions else ""
    if name == "inconsistent":
        directions = set(found)
        effects = directions & set(step["effect_directions"])
        split = bool(directions & set(step["no_effect_directions"])) and bool(effects)
        return reason if split or len(effects) > 1 else ""  # no effect beside an effect, or opposite effects
    if name == "second_hand":
        return reason if best["reporting"].isin(step.get("reportings", ())).all() else ""
    return ""


def _count_steps(name: str, step: dict, body: pd.DataFrame) -> int:
    """How many steps a rating-down step lowers the grade: its `steps` (one unless told), and two for imprecision
    when the studies hold fewer participants in all than `very_few_participants` ("very serious" in GRADE's words:
    one trial of 32 adults)."""
    return max(step.get("steps", 1), 2 if name == "imprecise" and _very_few(step, body) else 1)


def _very_few(step: dict, studies: pd.DataFrame) -> bool:
    """True when `studies` state their sizes and hold fewer participants in all than `very_few_participants`."""
    counted = studies["participants"].dropna()
    return not counted.empty and int(counted.sum()) < step.get("very_few_participants", 0)


def _risk_of_bias(step: dict, best: pd.DataFrame) -> str:
    """Return the risk-of-bias reason when every best study has a cause, naming each cause found, else ""."""
    trial = best["design_kind"].isin(step.get("evidence_kinds", ()))
    causes = {
        "no control group stated": trial & best["control"].isin(step.get("controls", ())),
        "not said to be randomised": best["design"].isin(step.get("unrandomised", ())),
        "not peer reviewed": best["peer_reviewed"].isin(step.get("peer_reviewed", ())),
        "run or paid for by the product's maker": best["funding"].isin(step.get("fundings", ())),
    }
    if not pd.concat(causes, axis=1).any(axis=1).all():
        return ""  # a best study without any of them
    return f"{step['reason']}: {', '.join(cause for cause, holds in causes.items() if holds.any())}"


def _imprecision(step: dict, linked: pd.DataFrame) -> str:
    """Return the imprecision reason when there are too few studies or participants, saying which."""
    counted = linked["participants"].dropna()
    few_studies = len(linked) <= step.get("max_studies", 0)
    few_people = not counted.empty and int(counted.sum()) < step.get("min_participants", 0)
    studies = "one study" if len(linked) == 1 else f"{len(linked)} studies"
    if counted.empty:  # no size given: a reader cannot judge the precision either
        return f"{step['reason']}: {studies}, {'its size not stated' if len(linked) == 1 else 'no sizes stated'}"
    if not (few_studies or few_people):
        return ""
    bound = step["very_few_participants"] if _very_few(step, linked) else step.get("min_participants", 0)
    limit = f", fewer than {bound:,}" if few_people else ""
    return f"{step['reason']}: {studies} of {int(counted.sum()):,} participants{limit}"


def _describe(level: str, best: pd.DataFrame, vocabulary, found: pd.Series, rules: Rules) -> str:
    """Return e.g. "randomised controlled trial (S0007, 42 participants)", adding "no effect found" to a study
    that found none on the pair's condition."""
    none_found = set(rules.steps.get("inconsistent", {}).get("no_effect_directions", ()))
    parts = [
        (f"{sid}, {int(n):,} participants" if pd.notna(n) else sid)
        + (", no effect found" if found.get(sid) in none_found else "")
        for sid, n in zip(best.index, best["participants"])
    ]
    return f"{vocabulary.label('evidence_levels', level).lower()} ({'; '.join(parts)})"


def _score(ids, studies, graded, vocabulary) -> float:
    """Order pairs within a grade: the best study's design weight, plus a quarter of the next, and so on."""
    if ids:
        weights = [vocabulary.term("evidence_levels", d).weight for d in studies.loc[ids, "design"]]
    else:
        weights = graded["evidence_weight"].tolist()
    return score_sources(weights)


def _reason(evidence: str, start: str, steps: list[str], grade: str) -> str:
    """Return e.g. "best evidence: …; starts strong; lowered 2 steps: imprecision: …; … → weak"; a step of two
    is listed once, saying so."""
    text = f"best evidence: {evidence}; starts {start}"
    if steps:
        text += f"; lowered {len(steps)} step{'s' * (len(steps) != 1)}: " + "; ".join(dict.fromkeys(steps))
    return f"{text} → {grade}"


def grade_for(grades: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    """Return the rows of `grades` whose `column` is `value`, strongest first."""
    return grades[grades[column] == value].reset_index(drop=True)
