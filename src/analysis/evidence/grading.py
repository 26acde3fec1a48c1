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

from analysis.workbook.load import Workbook, long_form

GRADES = ["strong", "moderate", "weak", "very weak", "none"]
THRESHOLDS = [("strong", 0.95), ("moderate", 0.70), ("weak", 0.30)]
BONUS = 4
OPPOSED = {"no-effect": {"beneficial", "harmful"}}


def score_sources(weights) -> float:
    """Return the strength score of a pair from each independent source's best weight."""
    total, share = 0.0, 1.0
    for weight in sorted(weights, reverse=True):
        total += weight * share
        share /= BONUS  # shrinks towards 0.0, however many sources there are
    return min(1.0, total)


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
    by = list(by)
    long = long_form(workbook)
    columns = [
        *by,
        "n_claims",
        "n_sources",
        "best_level",
        "score",
        "hedged",
        "hedged_share",
        "grade",
        "reason",
        "claim_ids",
    ]
    if long.empty:
        return pd.DataFrame(columns=columns)
    pairs = long.groupby(by, observed=True)
    best_rank = pairs["evidence_rank"].transform("min")
    grades = pd.DataFrame(
        {
            "n_claims": pairs.size(),
            "n_sources": pairs["source_id"].nunique(),
            "best_level": pairs["evidence_level"].min().astype(str),
            "at_best": (long["evidence_rank"] == best_rank).groupby([long[c] for c in by]).sum(),
            "score": _score_pairs(long, by),
            "hedged": pairs["hedged"].sum().astype(int),
            "conflict": pairs["direction"].agg(lambda d: _conflicting_directions(d)),
            "claim_ids": pairs["claim_id"].agg(";".join),
        }
    ).reset_index()
    grades["hedged_share"] = grades["hedged"] / grades["n_claims"]
    grades["grade"] = grades["score"].map(grade_score)
    grades["reason"] = grades.apply(_reason, axis=1)
    lowered = grades["conflict"] != ""
    grades.loc[lowered, "grade"] = grades.loc[lowered, "grade"].map(lower_grade)
    grades.loc[lowered, "reason"] += (
        "; lowered to " + grades.loc[lowered, "grade"] + " for inconsistency (" + grades.loc[lowered, "conflict"] + ")"
    )
    grades["grade"] = pd.Categorical(grades["grade"], categories=GRADES, ordered=True)
    return grades[columns].sort_values(
        ["grade", "score", "n_claims"], ascending=[True, False, False], ignore_index=True
    )


def _score_pairs(long: pd.DataFrame, by: list) -> pd.Series:
    """Return each pair's score from the best evidence weight of each of its sources."""
    best = long.groupby([*by, "source_id"], observed=True)["evidence_weight"].max()
    return best.groupby(level=by, observed=True).agg(score_sources).round(3)


def _reason(pair) -> str:
    claims, sources = pair["n_claims"], pair["n_sources"]
    return (
        f"best evidence: {pair['best_level']} ({pair['at_best']} claim{'s' * (pair['at_best'] != 1)}); "
        f"{sources} independent source{'s' * (sources != 1)}; "
        f"{pair['hedged']} of {claims} claims hedged; score {pair['score']:.2f} → {pair['grade']}"
    )


def _conflicting_directions(directions) -> str:
    present = set(directions)
    for direction, opposed in OPPOSED.items():
        if direction in present and present & opposed:
            return " and ".join(sorted({direction} | (present & opposed)))
    return ""


def grade_for(grades: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    """Return the rows of `grades` whose `column` is `value`, strongest first."""
    return grades[grades[column] == value].reset_index(drop=True)
