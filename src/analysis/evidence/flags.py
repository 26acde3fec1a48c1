"""Hold each claim's wording against its evidence: overstatement and understatement, by rule.

The three overstatements are those Sumner et al. (BMJ 2014) found in health news:

- ``causal-from-weak-evidence``: a direct causal claim ("reduces") resting on observational,
  review, "studies show", opinion, anecdotal or no evidence;
- ``humans-from-animals``: a claim about people (or about no one in particular) whose only
  backing is animal or cell work;
- ``advice-without-trials``: advice to readers with no trial-level evidence behind it.

Understatement, ``hedged-strong-evidence``: trial-level evidence (a meta-analysis, an RCT or
a clinical trial) wrapped in two or more kinds of hedge, where GRADE's wording for moderate
or high certainty would be "probably" or "results in" (Santesso et al. 2020).
"""

from dataclasses import dataclass

import pandas as pd

from analysis.workbook.vocabulary import split_terms

TRIAL_LEVELS = {"meta-analysis", "rct", "clinical-trial"}
WEAK_LEVELS = {"observational", "narrative-review", "unspecified-studies", "expert-opinion", "anecdote", "none"}
PRECLINICAL_LEVELS = {"animal", "in-vitro"}
COLUMNS = ["claim_id", "source_id", "kind", "rule", "reason", "quote", "evidence_level", "relation", "hedging"]


@dataclass(frozen=True)
class Rule:
    """One way wording can part from evidence: its name, kind and the test a claim fails."""

    name: str
    kind: str
    describe: str

    def fires(self, claim) -> bool:
        return _TESTS[self.name](claim)


_TESTS = {
    "causal-from-weak-evidence": lambda c: c.relation == "direct_causal" and c.evidence_level in WEAK_LEVELS,
    "humans-from-animals": lambda c: (
        c.evidence_level in PRECLINICAL_LEVELS and c.population in ("humans", "unspecified")
    ),
    "advice-without-trials": lambda c: bool(c.advice) and c.evidence_level not in TRIAL_LEVELS,
    "hedged-strong-evidence": lambda c: (
        c.evidence_level in TRIAL_LEVELS and len([h for h in split_terms(c.hedging) if h != "none"]) >= 2
    ),
}

RULES = [
    Rule("causal-from-weak-evidence", "overstatement", "states a direct cause on {evidence}"),
    Rule("humans-from-animals", "overstatement", "rests on {evidence} only, but speaks of {population}"),
    Rule("advice-without-trials", "overstatement", "advises the reader on {evidence}, with no trial behind it"),
    Rule("hedged-strong-evidence", "understatement", "hedges ({hedging}) a claim resting on {evidence}"),
]


def find_overstatements(claims: pd.DataFrame, rules=RULES) -> pd.DataFrame:
    """Return one row per claim and rule that fired, in the order of `rules`.

    Columns: claim_id, source_id, kind (overstatement or understatement), rule, reason,
    quote, evidence_level, relation, hedging.
    """
    rows = [_finding(claim, rule) for rule in rules for claim in claims.itertuples(index=False) if rule.fires(claim)]
    return pd.DataFrame(rows, columns=COLUMNS)


def _finding(claim, rule: Rule) -> dict:
    population = {"humans": "people"}.get(claim.population, "no stated population")
    evidence = "no evidence" if claim.evidence_level == "none" else f"{claim.evidence_level} evidence"
    reason = rule.describe.format(evidence=evidence, population=population, hedging=claim.hedging)
    return {
        "claim_id": claim.claim_id,
        "source_id": claim.source_id,
        "kind": rule.kind,
        "rule": rule.name,
        "reason": reason,
        "quote": claim.quote,
        "evidence_level": str(claim.evidence_level),
        "relation": claim.relation,
        "hedging": claim.hedging,
    }


def count_overstatements(claims: pd.DataFrame, by: str = "source_id") -> pd.DataFrame:
    """Return, per value of `by`, how many claims fire each rule, with the share of claims flagged."""
    found = find_overstatements(claims)
    table = pd.crosstab(found[by], found["rule"]) if not found.empty else pd.DataFrame()
    table = table.reindex(index=sorted(claims[by].unique()), columns=[r.name for r in RULES], fill_value=0)
    flagged = found[found["kind"] == "overstatement"].groupby(by)["claim_id"].nunique()
    table["share_overstated"] = (flagged / claims.groupby(by).size()).reindex(table.index).fillna(0).round(2)
    return table.rename_axis(index=by, columns=None).reset_index()
