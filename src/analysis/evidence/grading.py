"""Grade the evidence the articles report for each condition × intervention pair, and say why.

A grade measures the strength of the evidence the articles *report*, not the truth of the
science. It is decided in GRADE's spirit, by the rules in `claims/rules.yaml`:

1. a pair starts from the grade of its best reported evidence, by the kind of that
   evidence (trials and systematic reviews start strong; observational studies, reviews,
   "studies show" and animal work weak; opinion and anecdote very weak; nothing: none);
2. each of these lowers it one step: the best evidence is only reported second-hand
   ("some trials have shown"); one source only (imprecise); the articles' own
   hedges call it preliminary or modest or ask for more trials; animal or cell work
   behind a claim about people (indirect); some claims report no effect and others an
   effect (inconsistent). Reported evidence never falls below "very weak".

Every grade comes with its reason, e.g. "best evidence: randomised controlled trial (1
claim, 1 source); starts strong; lowered 2 steps: reported second-hand, no study named;
reported by one source only → very weak". The score (0 to 1: the best source's evidence weight,
plus a quarter of the next source's, and so on) orders pairs within a grade.
"""

import pandas as pd

from analysis.workbook.load import Workbook, long_form, per_version
from analysis.workbook.rules import Rules, load_rules
from analysis.workbook.vocabulary import split_terms

BONUS = 4
COLUMNS = ["n_claims", "n_sources", "best_level", "score", "hedged", "hedged_share", "grade", "reason", "claim_ids"]


def score_sources(weights) -> float:
    """Return the strength score of a pair from each independent source's best weight."""
    total, share = 0.0, 1.0
    for weight in sorted(weights, reverse=True):
        total += weight * share
        share /= BONUS  # shrinks towards 0.0, however many sources there are
    return min(1.0, total)


def lower_grade(grade: str, steps: int, grades) -> str:
    """Return `grade` lowered by `steps`; reported evidence stops at the grade above the last ("none")."""
    if grade == grades[-1]:
        return grade
    return grades[min(list(grades).index(grade) + steps, len(grades) - 2)]


def grade_pairs(workbook: Workbook, by=("condition", "intervention"), rules: Rules | None = None) -> pd.DataFrame:
    """Return one row per pair found in the claims, strongest first, each with its grade and reason.

    Columns: the `by` columns, n_claims, n_sources, best_level, score, hedged,
    hedged_share, grade, reason and claim_ids. With the workbook's own rules, the grades
    are remembered per workbook version: every condition and intervention report of a
    build grades all pairs once, not once each.
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
    levels = workbook.vocabulary.sections["evidence_levels"]
    rows = [
        _grade_pair(key, group, levels, rules, workbook.vocabulary)
        for key, group in long.groupby(by, observed=True, sort=False)
    ]
    grades = pd.DataFrame([{**dict(zip(by, key if isinstance(key, tuple) else (key,))), **row} for key, row in rows])
    grades["grade"] = pd.Categorical(grades["grade"], categories=list(rules.grades), ordered=True)
    return grades[[*by, *COLUMNS]].sort_values(
        ["grade", "score", "n_claims"], ascending=[True, False, False], ignore_index=True
    )


def _grade_pair(key, pair: pd.DataFrame, levels: dict, rules: Rules, vocabulary):
    best_rank = pair["evidence_rank"].min()
    best = pair[pair["evidence_rank"] == best_rank]
    level = str(best["evidence_level"].iloc[0])
    start = rules.start[levels[level].kind]
    steps = [step["reason"] for name, step in rules.steps.items() if _applies(name, step, pair, best, levels)]
    grade = lower_grade(start, len(steps), rules.grades)
    n_claims, n_sources = pair["claim_id"].nunique(), pair["source_id"].nunique()
    hedged = int(pair.drop_duplicates("claim_id")["hedged"].sum())
    score = round(score_sources(pair.groupby("source_id")["evidence_weight"].max()), 3)
    reason = _reason(vocabulary.label("evidence_levels", level), best, start, steps, grade)
    return key, {
        "n_claims": n_claims,
        "n_sources": n_sources,
        "best_level": level,
        "score": score,
        "hedged": hedged,
        "hedged_share": hedged / n_claims,
        "grade": grade,
        "reason": reason,
        "claim_ids": ";".join(pd.unique(pair["claim_id"])),
    }


def _applies(name: str, step: dict, pair, best, levels) -> bool:
    """Decide whether rating-down step `name` applies to a pair whose best-evidence claims are `best`."""
    if name == "second_hand":
        return best["reporting"].isin(step["reportings"]).all() if "reporting" in best else False
    if name == "imprecise":
        return pair["source_id"].nunique() <= step.get("max_sources", 1)
    if name == "hedged":
        wanted = set(step["hedging"])
        return best["hedging"].map(lambda v: bool(wanted & set(split_terms(v)))).any()
    if name == "indirect":
        kinds = best["evidence_level"].astype(str).map(lambda s: levels[s].kind)
        return (kinds.isin(step["evidence_kinds"]) & best["population"].isin(step["populations"])).any()
    if name == "inconsistent":
        directions = set(pair["direction"])
        return bool(directions & set(step["no_effect_directions"])) and bool(
            directions & set(step["effect_directions"])
        )
    return False


def _reason(label: str, best, start: str, steps: list[str], grade: str) -> str:
    claims, sources = best["claim_id"].nunique(), best["source_id"].nunique()
    text = (
        f"best evidence: {label.lower()} ({claims} claim{'s' * (claims != 1)}, "
        f"{sources} source{'s' * (sources != 1)}); starts {start}"
    )
    if steps:
        text += f"; lowered {len(steps)} step{'s' * (len(steps) != 1)}: " + "; ".join(steps)
    return f"{text} → {grade}"


def grade_for(grades: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    """Return the rows of `grades` whose `column` is `value`, strongest first."""
    return grades[grades[column] == value].reset_index(drop=True)
