"""Grade the evidence behind each condition × intervention pair, with the reason for each grade.

The strength score of a pair, from 0 to 1, is built from the vocabulary's evidence weights:

    score = min(1, w1 + w2/4 + w3/16 + ...)

where w1 ≥ w2 ≥ ... are the best evidence weights of each independent source that makes a
claim about the pair: the best source counts in full, each further source adds a quarter of
what the one before it could (a diminishing bonus, so that many weak sources never add up to
a trial). With the shipped weights:

    strong    score ≥ 0.95   a meta-analysis; RCTs from two sources
    moderate  score ≥ 0.70   one RCT; clinical trials; observational studies from three sources
    weak      score ≥ 0.30   observational studies, narrative reviews, animal work
    very weak score > 0      cell work, "studies show", expert opinion, anecdote
    none      score = 0      claims with no evidence offered

and is lowered one step for inconsistency, as GRADE downgrades, when some of the pair's claims
report no effect and others an effect. (Beneficial next to harmful is not counted: for an
exposure such as the microbiome, "a healthy one helps" and "an imbalanced one harms" are one
claim seen from two sides.)
"""

import pandas as pd

from .load import Workbook, explode_claims

GRADES = ["strong", "moderate", "weak", "very weak", "none"]
THRESHOLDS = [("strong", 0.95), ("moderate", 0.70), ("weak", 0.30)]
BONUS = 4
OPPOSED = {"no-effect": {"beneficial", "harmful"}}


def score_sources(weights) -> float:
    """Return the strength score of a pair from each independent source's best weight."""
    ordered = sorted(weights, reverse=True)
    return min(1.0, sum(w / BONUS**i for i, w in enumerate(ordered)))


def grade_score(score: float) -> str:
    """Return the grade a strength score earns before any downgrade."""
    for grade, floor in THRESHOLDS:
        if score >= floor:
            return grade
    return "very weak" if score > 0 else "none"


def lower_grade(grade: str) -> str:
    """Return the grade one step below `grade` ("none" stays "none")."""
    return GRADES[min(GRADES.index(grade) + 1, len(GRADES) - 1)]


def grade_pairs(workbook: Workbook, by=("condition", "intervention")) -> pd.DataFrame:
    """Return one row per pair found in the claims, strongest first, each with its grade and reason.

    Columns: the `by` columns, n_claims, n_sources, best_level, score, hedged, hedged_share,
    grade, reason and claim_ids.
    """
    long = explode_claims(workbook.claims)
    columns = [*by, "n_claims", "n_sources", "best_level", "score", "hedged", "hedged_share",
               "grade", "reason", "claim_ids"]
    if long.empty:
        return pd.DataFrame(columns=columns)
    rows = [_grade_group(key, group) for key, group in long.groupby(list(by), sort=False, observed=True)]
    grades = pd.DataFrame([dict(zip(by, key), **row) for key, row in rows], columns=columns)
    grades["grade"] = pd.Categorical(grades["grade"], categories=GRADES, ordered=True)
    return grades.sort_values(["grade", "score", "n_claims"], ascending=[True, False, False],
                              ignore_index=True)


def _grade_group(key, claims: pd.DataFrame):
    best_by_source = claims.groupby("source_id", observed=True)["evidence_weight"].max()
    score = round(score_sources(best_by_source), 3)
    best = claims.sort_values("evidence_rank").iloc[0]["evidence_level"]
    hedged = int(claims["hedged"].sum())
    grade = grade_score(score)
    reason = _reason(best, best_by_source, claims, hedged, score, grade)
    if conflict := _conflicting_directions(claims["direction"]):
        grade = lower_grade(grade)
        reason += f"; lowered to {grade} for inconsistency ({conflict})"
    return key if isinstance(key, tuple) else (key,), {
        "n_claims": len(claims), "n_sources": len(best_by_source), "best_level": best,
        "score": score, "hedged": hedged, "hedged_share": hedged / len(claims), "grade": grade,
        "reason": reason, "claim_ids": ";".join(claims["claim_id"]),
    }


def _reason(best, best_by_source, claims, hedged, score, grade) -> str:
    sources = len(best_by_source)
    at_best = int((claims["evidence_level"] == best).sum())
    return (f"best evidence: {best} ({at_best} claim{'s' * (at_best != 1)}); "
            f"{sources} independent source{'s' * (sources != 1)}; "
            f"{hedged} of {len(claims)} claims hedged; score {score:.2f} → {grade}")


def _conflicting_directions(directions: pd.Series) -> str:
    present = set(directions)
    for direction, opposed in OPPOSED.items():
        if direction in present and present & opposed:
            return " and ".join(sorted({direction} | (present & opposed)))
    return ""


def grade_for(grades: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    """Return the rows of `grades` whose `column` is `value`, strongest first."""
    return grades[grades[column] == value].reset_index(drop=True)
