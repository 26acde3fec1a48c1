"""Tables the reports show: claims for a term, evidence and hedging mixes, source profiles."""

import pandas as pd

from .language import read_sentences
from .load import Workbook, long_form, per_version
from .sentences import count_words, split_sentences
from .vocabulary import split_terms

CLAIM_COLUMNS = ["claim_id", "source_id", "quote", "evidence_level", "hedging", "relation", "citation"]
HEDGE_CATEGORIES = ["speculative", "preliminary", "modest", "needs-more-trials"]


def select_claims(claims: pd.DataFrame, column: str, term: str) -> pd.DataFrame:
    """Return the claims whose multi-valued `column` (e.g. "conditions") holds `term`."""
    mask = claims[column].map(lambda value: term in split_terms(value))
    return claims[mask].reset_index(drop=True)


def list_claims(claims: pd.DataFrame, columns=CLAIM_COLUMNS) -> pd.DataFrame:
    """Return `claims` strongest evidence first, with the columns a reader needs."""
    ordered = claims.sort_values(["evidence_rank", "claim_id"])
    return ordered[list(columns)].reset_index(drop=True)


def count_evidence_levels(claims: pd.DataFrame, by: str = "source_id") -> pd.DataFrame:
    """Return a table of claim counts: one row per value of `by`, one column per evidence level."""
    table = pd.crosstab(claims[by], claims["evidence_level"])
    return table.reindex(columns=claims["evidence_level"].cat.categories, fill_value=0)


def count_hedging(claims: pd.DataFrame, by: str = "source_id") -> pd.DataFrame:
    """Return, per value of `by`, the share of claims carrying each hedging category."""
    rows = {}
    for key, group in claims.groupby(by, observed=True):
        terms = group["hedging"].map(split_terms)
        rows[key] = {c: terms.map(lambda ts, c=c: c in ts).mean() for c in HEDGE_CATEGORIES}
        rows[key]["any hedge"] = group["hedged"].mean()
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(by)


def rank_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Return claims from best to least supported: by evidence, then unhedged causal last."""
    strength = {"direct_causal": 0, "conditional_causal": 1, "correlational": 2, "no_relationship": 3}
    keyed = claims.assign(_claim=claims["relation"].map(strength))
    ordered = keyed.sort_values(["evidence_rank", "_claim", "claim_id"], ascending=[True, False, True])
    return ordered.drop(columns="_claim")[CLAIM_COLUMNS].reset_index(drop=True)


def find_missing_evidence(claims: pd.DataFrame, vocabulary) -> list[str]:
    """Return the evidence levels (strongest first) that no claim in `claims` offers."""
    present = set(claims["evidence_level"].astype(str))
    return [t.slug for t in vocabulary.evidence_levels() if t.slug not in present and t.slug != "none"]


def profile_source(workbook: Workbook, source_id: str, text: str) -> pd.DataFrame:
    """Return a one-column table profiling a source: size, claim density, evidence and hedging."""
    claims = workbook.claims[workbook.claims["source_id"] == source_id]
    words = count_words(text)
    source = workbook.sources.set_index("source_id").loc[source_id]
    best = claims["evidence_level"].min() if len(claims) else "none"
    rows = {
        "title": source["title"], "kind": source["kind"], "words": words,
        "sentences": len(split_sentences(text)), "claims": len(claims),
        "claims per 1,000 words": round(1000 * len(claims) / max(words, 1), 1),
        "best evidence offered": str(best),
        "claims with no evidence": int((claims["evidence_level"] == "none").sum()),
        "claims hedged": f"{int(claims['hedged'].sum())} of {len(claims)}",
        "claims advising the reader": int(claims["advice"].sum()),
        "direct causal claims": int((claims["relation"] == "direct_causal").sum()),
    }
    return pd.DataFrame({"value": pd.Series(rows, dtype=object)}).rename_axis(source_id)


def list_some(values, limit: int = 10) -> str:
    """Return up to `limit` values joined by commas, and how many more there are."""
    values = list(values)
    shown = ", ".join(map(str, values[:limit]))
    return shown + (f" and {len(values) - limit:,} more" if len(values) > limit else "")


def find_shared_claims(workbook: Workbook, source_id: str) -> pd.DataFrame:
    """Return this source's condition × intervention pairs that other sources also claim."""
    long = long_form(workbook)
    mine = set(zip(*long.loc[long["source_id"] == source_id, ["condition", "intervention"]].to_numpy().T))
    long = long[[pair in mine for pair in zip(long["condition"], long["intervention"])]]
    pairs = long.groupby(["condition", "intervention"])
    rows = []
    for (condition, intervention), group in pairs:
        mine, others = group[group["source_id"] == source_id], group[group["source_id"] != source_id]
        if len(mine) and len(others):
            rows.append({"condition": condition, "intervention": intervention,
                         "claims here": list_some(mine["claim_id"].unique()),
                         "other sources": list_some(sorted(others["source_id"].unique())),
                         "their claims": list_some(others["claim_id"].unique())})
    return pd.DataFrame(rows, columns=["condition", "intervention", "claims here", "other sources", "their claims"])


@per_version
def profile_language(workbook: Workbook) -> pd.DataFrame:
    """Return, per source, hedge cues by category and booster cues per 1,000 words of its text."""
    rows = {}
    for source_id in workbook.sources["source_id"]:
        text = workbook.read_source(source_id)
        counts, words = list_cues(text)["category"].value_counts(), count_words(text)
        rows[source_id] = {name: 1000 * counts.get(name, 0) / max(words, 1) for name in [*HEDGE_CATEGORIES, "booster"]}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("source_id").round(1)


def compare_language(workbook: Workbook, source_id: str) -> pd.DataFrame:
    """Return a source's hedge and booster cues per 1,000 words next to the median of all sources."""
    profiles = profile_language(workbook)
    median = profiles.median().rename(f"median of {len(profiles):,} sources")
    return pd.concat([profiles.loc[[source_id]], median.to_frame().T]).rename_axis("source_id")


def list_cues(text: str) -> pd.DataFrame:
    """Return every hedge and booster cue in `text`: sentence, phrase, kind and category (boosters: "booster")."""
    sentences = split_sentences(text)
    rows = [{"sentence": sentence.text, "phrase": cue.text, "kind": cue.kind,
             "category": cue.category if cue.kind == "hedge" else "booster"}
            for sentence, reading in zip(sentences, read_sentences(s.text for s in sentences))
            for cue in (*reading.hedges, *reading.boosters)]
    return pd.DataFrame(rows, columns=["sentence", "phrase", "kind", "category"])


def count_cue_phrases(text: str) -> pd.DataFrame:
    """Return each hedge and booster phrase of `text` with how often it occurs, most frequent first."""
    cues = list_cues(text).assign(phrase=lambda d: d["phrase"].str.lower())
    counts = cues.groupby(["category", "phrase"]).size().rename("count").reset_index()
    return counts.sort_values(["count", "category", "phrase"], ascending=[False, True, True], ignore_index=True)
