"""Flag claims whose wording parts from the evidence the article offers: exaggeration, unsupported, understatement.

Each flag names its rule and gives a one-line reason a reader understands. The rules read
evidence kinds from the vocabulary and the terms they look at from `claims/rules.yaml`;
no evidence level or term is named here.

- exaggeration, after Sumner et al. (BMJ 2014) and Yu et al. (COLING 2020):
  ``causal-on-weak-evidence`` a direct causal claim resting on observational, review,
  "studies show", opinion or anecdotal evidence; ``people-from-animals`` a claim about
  people resting on animal or cell work only; ``advice-without-trials`` advice to act with
  no trial behind it; ``booster-on-weak-evidence`` certainty words ("groundbreaking",
  "it is clear") on evidence short of a trial; ``headline-beyond-body`` a headline or
  summary stating a stronger relation than any claim of its body on the same pair;
- unsupported, ``no-evidence``: a claim of effect with no evidence offered;
- understatement, ``hedge-beyond-evidence``: a trial the article names or describes,
  hedged as a mere possibility ("may") with no reason given (no "modest", "preliminary",
  "more trials are needed").

Safety and referral advice ("see your doctor") is never flagged, and only claims of effect
are: definitions, descriptions, mechanisms and statements about the research are not.
"""

from functools import lru_cache

import pandas as pd

from analysis.language.detector import read_sentence
from analysis.workbook.load import explode_claims
from analysis.workbook.rules import Rules, load_rules
from analysis.workbook.vocabulary import Vocabulary, split_terms

COLUMNS = ["claim_id", "source_id", "kind", "rule", "reason", "quote", "placement", "evidence_level"]
KINDS = ("exaggeration", "unsupported", "understatement")
HIT_COLUMNS = ["claim_id", "source_id", "quote", "evidence_level", "reporting"]  # what a flag's row and reason read


def flag_claims(workbook, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the flags of `claims` (default: every claim of the workbook), by the workbook's rules."""
    rules = load_rules(workbook.vocabulary, workbook.claims_dir)
    return find_flags(workbook.claims if claims is None else claims, workbook.vocabulary, rules)


def count_flags(flags: pd.DataFrame, claims: pd.DataFrame, by: str = "source_id") -> pd.DataFrame:
    """Return, per value of `by`, its claims, how many each kind of flag marks, and the share marked exaggerated."""
    table = pd.crosstab(flags[by], flags["kind"]) if not flags.empty else pd.DataFrame()
    table = table.reindex(index=sorted(claims[by].unique()), columns=list(KINDS), fill_value=0)
    exaggerated = flags[flags["kind"] == KINDS[0]].groupby(by)["claim_id"].nunique()
    table.insert(0, "claims", claims.groupby(by).size().reindex(table.index).fillna(0).astype(int))
    table["share exaggerated"] = (exaggerated.reindex(table.index).fillna(0) / table["claims"]).round(2)
    return table.rename_axis(index=by, columns=None).reset_index()


def find_flags(claims: pd.DataFrame, vocabulary: Vocabulary, rules: Rules) -> pd.DataFrame:
    """Return one row per claim and rule that fired: exaggerations, then unsupported claims, then understatements."""
    found = []
    if not claims.empty:
        facts = read_facts(claims, vocabulary, rules)
        for rule, (kind, test, explain) in RULES.items():
            fires = facts["eligible"] & test(facts, rules)
            if not fires.any():
                continue
            hits = claims.loc[fires, HIT_COLUMNS]  # few columns: itertuples makes a Series of each
            fact_rows = facts.loc[hits.index].to_dict("index")  # plain dicts: a row Series per hit costs 0.3 ms
            found += [
                _row(claim, kind, rule, explain(claim, fact_rows[i], vocabulary), fact_rows[i]["placement"])
                for i, claim in zip(hits.index, hits.itertuples(index=False))
            ]
    frame = pd.DataFrame(found, columns=COLUMNS)
    frame["kind"] = pd.Categorical(frame["kind"], categories=KINDS, ordered=True)
    return frame.sort_values(["kind", "claim_id"], kind="stable", ignore_index=True)


def read_facts(claims: pd.DataFrame, vocabulary: Vocabulary, rules: Rules) -> pd.DataFrame:
    """Return what the rules read of each claim: evidence kind, strength, hedges, boosters, placement."""
    kinds = {slug: term.kind for slug, term in vocabulary.sections["evidence_levels"].items()}
    strengths = {slug: i for i, slug in enumerate(vocabulary.terms("relations"))}  # weakest first
    facts = pd.DataFrame(
        {
            "evidence_kind": claims["evidence_level"].astype(str).map(kinds),
            "strength": claims["relation"].map(strengths),
            "causal": claims["relation"].isin(rules.terms("causal_relations")),
            "hedges": claims["hedging"].map(lambda value: frozenset(split_terms(value))),
            "placement": claims["placement"].replace(
                "", rules.flags["body_placements"][0]
            ),  # unplaced claims are body text
            "reporting": claims["reporting"],
            "about_people": claims["population"].isin(rules.terms("about_people")),
            "advises": claims["advice_term"].isin(rules.terms("advice_to_act")),
            "boosters": claims["quote"].map(find_boosters),
        },
        index=claims.index,
    )
    typed = claims["claim_type"].replace("", rules.flags["claims_of_effect"][0])  # untyped claims are claims of effect
    effect = typed.isin(rules.terms("claims_of_effect"))
    facts["eligible"] = effect & ~claims["advice_term"].isin(rules.terms("safety_advice"))
    facts["body_strength"] = _body_strength(claims, facts, rules, kinds)
    return facts


@lru_cache(maxsize=100_000)
def find_boosters(quote: str) -> tuple[str, ...]:
    """Return the booster words of a quote ("groundbreaking", "it is clear"), as the language detector finds them."""
    return tuple(cue.text for cue in read_sentence(quote).boosters)


def _body_strength(claims, facts, rules, kinds: dict) -> pd.Series:
    """Return, for each headline or summary, the strongest relation that evidence reported in its source's body
    supports on its pairs: the strongest relation of the body's claims that offer evidence (NaN: none)."""
    heads = facts["placement"].isin(rules.terms("headline_placements"))
    if not heads.any():
        return pd.Series(float("nan"), index=claims.index)
    long = explode_claims(claims.assign(_strength=facts["strength"], _placement=facts["placement"]))
    reported = ~long["evidence_level"].astype(str).map(kinds).isin(rules.terms("no_evidence_kinds"))
    body = long[long["_placement"].isin(rules.terms("body_placements")) & reported]
    strongest = body.groupby(["source_id", "condition", "intervention"])["_strength"].max().to_dict()
    tops = long[long["_placement"].isin(rules.terms("headline_placements"))]
    tops = tops.assign(
        _body=[
            strongest.get(key, float("nan")) for key in zip(tops["source_id"], tops["condition"], tops["intervention"])
        ]
    )
    return claims["claim_id"].map(tops.groupby("claim_id")["_body"].max())


def _row(claim, kind, rule, reason, placement) -> dict:
    return {
        "claim_id": claim.claim_id,
        "source_id": claim.source_id,
        "kind": kind,
        "rule": rule,
        "reason": reason,
        "quote": claim.quote,
        "placement": placement,
        "evidence_level": str(claim.evidence_level),
    }


def _evidence(claim, vocabulary) -> str:
    return vocabulary.label("evidence_levels", str(claim.evidence_level)).lower()


def _relation(strength, vocabulary) -> str:
    return vocabulary.label("relations", vocabulary.terms("relations")[int(strength)]).lower()


RULES = {  # rule: (kind, which claims it fires on, the reason it gives)
    "causal-on-weak-evidence": (
        "exaggeration",
        lambda f, r: f["causal"] & f["evidence_kind"].isin(r.terms("association_kinds")),
        lambda c, f, v: f"states a direct cause, but what it offers ({_evidence(c, v)}) cannot show one",
    ),
    "people-from-animals": (
        "exaggeration",
        lambda f, r: f["about_people"] & f["evidence_kind"].isin(r.terms("preclinical_kinds")),
        lambda c, f, v: f"speaks of people, but rests on {_evidence(c, v)} only",
    ),
    "advice-without-trials": (
        "exaggeration",
        lambda f, r: f["advises"] & ~f["evidence_kind"].isin(r.terms("trial_kinds")),
        lambda c, f, v: f"tells readers to act, with no trial behind it ({_evidence(c, v)})",
    ),
    "booster-on-weak-evidence": (
        "exaggeration",
        lambda f, r: f["boosters"].map(bool) & ~f["evidence_kind"].isin(r.terms("trial_kinds")),
        lambda c, f, v: f"sounds certain ('{', '.join(f['boosters'])}') on {_evidence(c, v)}",
    ),
    "headline-beyond-body": (
        "exaggeration",
        lambda f, r: f["placement"].isin(r.terms("headline_placements")) & (f["strength"] > f["body_strength"]),
        lambda c, f, v: (
            f"the {f['placement']} claims {_relation(f['strength'], v)}; the evidence its body reports "
            f"supports at most {_relation(f['body_strength'], v)}"
        ),
    ),
    "no-evidence": (
        "unsupported",
        lambda f, r: f["evidence_kind"].isin(r.terms("no_evidence_kinds")) & (f["strength"] > 0),
        lambda c, f, v: "claims an effect but offers no evidence for it",
    ),
    "hedge-beyond-evidence": (
        "understatement",
        lambda f, r: (
            f["evidence_kind"].isin(r.terms("trial_kinds"))
            & f["reporting"].isin(r.terms("firsthand_reportings"))
            & f["hedges"].map(lambda h: bool(h & r.terms("possibility_hedges")) and not h & r.terms("warranted_hedges"))
        ),
        lambda c, f, v: f"hedges a trial it {c.reporting or 'reports'} as a mere possibility, with no reason given",
    ),
}
