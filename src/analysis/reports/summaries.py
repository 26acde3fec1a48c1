"""Tables the reports show: claims for a term, evidence and hedging mixes, source profiles."""

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.evidence.grading import graded_claims
from analysis.language.detector import STRONGEST_FIRST, read_sentences
from analysis.language.lexicon import HEDGE_KINDS
from analysis.language.sentences import count_words, split_sentences
from analysis.workbook.load import Workbook, long_form, per_version
from analysis.workbook.rules import load_rules
from analysis.workbook.vocabulary import split_terms

CLAIM_COLUMNS = ["claim_id", "source_id", "quote", "evidence_level", "hedging", "relation", "citation"]


def select_claims(claims: pd.DataFrame, column: str, term: str) -> pd.DataFrame:
    """Return the claims whose multi-valued `column` (e.g. "conditions") holds `term`."""
    mask = claims[column].map(lambda value: term in split_terms(value))
    return claims[mask].reset_index(drop=True)


def select_kind(grades: pd.DataFrame, vocabulary, kinds) -> pd.DataFrame:
    """Return the graded pairs whose intervention term is of `kinds` (intervention, exposure, mechanism)."""
    return grades[grades["intervention"].isin(vocabulary.terms("interventions", kinds))].reset_index(drop=True)


def select_source_claims(workbook: Workbook, source_id: str) -> pd.DataFrame:
    """Return the claims of source `source_id`, in table order."""
    return workbook.claims.iloc[_index_sources(workbook).get(source_id, [])]


@per_version
def _index_sources(workbook: Workbook) -> dict:
    """Return each source's row positions in the claims table (one pass, not one per report)."""
    return workbook.claims.groupby("source_id").indices


def list_claims(claims: pd.DataFrame, columns=CLAIM_COLUMNS) -> pd.DataFrame:
    """Return `claims` strongest evidence first, with the columns a reader needs."""
    ordered = claims.sort_values(["evidence_rank", "claim_id"])
    return ordered[list(columns)].reset_index(drop=True)


def count_evidence_levels(claims: pd.DataFrame, by: str = "source_id") -> pd.DataFrame:
    """Return claim counts: one row per value of `by`, one column per evidence level some claim offers.

    Levels run strongest first; by "relation", rows run from the strongest claims down.
    """
    table = pd.crosstab(claims[by], claims["evidence_level"])
    levels = [level for level in claims["evidence_level"].cat.categories if level in table.columns]
    return _strongest_first(table.reindex(columns=levels, fill_value=0))


def count_hedging(claims: pd.DataFrame, by: str = "source_id") -> pd.DataFrame:
    """Return, per value of `by`, the share of claims hedged at all and with each hedging category."""
    rows = {}
    for key, group in claims.groupby(by, observed=True):
        terms = group["hedging"].map(split_terms)
        rows[key] = {"any hedge": group["hedged"].mean()}
        rows[key].update({c: terms.map(lambda ts, c=c: c in ts).mean() for c in HEDGE_KINDS})
    return _strongest_first(pd.DataFrame.from_dict(rows, orient="index").rename_axis(index=by, columns="hedging"))


def _strongest_first(table: pd.DataFrame) -> pd.DataFrame:
    if table.index.name != "relation":
        return table
    return table.reindex([r for r in STRONGEST_FIRST if r in table.index])


def rank_claims(workbook: Workbook) -> pd.DataFrame:
    """Return the claims that grade their pairs from best to least supported: by evidence, then unhedged causal
    last. Headings, safety advice and what is not a claim of effect (background, descriptions) grade nothing,
    so they are neither best nor least supported."""
    claims = workbook.claims[graded_claims(workbook.claims, load_rules(workbook.vocabulary, workbook.claims_dir))]
    keyed = claims.assign(_claim=claims["relation"].map({r: i for i, r in enumerate(STRONGEST_FIRST)}))
    ordered = keyed.sort_values(["evidence_rank", "_claim", "claim_id"], ascending=[True, False, True])
    return ordered.drop(columns="_claim")[CLAIM_COLUMNS].reset_index(drop=True)


def find_missing_evidence(claims: pd.DataFrame, vocabulary) -> list[str]:
    """Return the evidence levels (strongest first) that no claim in `claims` offers."""
    present = set(claims["evidence_level"].astype(str))
    return [t.slug for t in vocabulary.evidence_levels() if t.slug not in present and t.slug != "none"]


def profile_source(workbook: Workbook, source_id: str, text: str) -> pd.DataFrame:
    """Return a one-column table profiling a source: size, claim density, evidence and hedging."""
    claims = select_source_claims(workbook, source_id)
    words = count_words(text)
    vocabulary = workbook.vocabulary
    source = workbook.sources.set_index("source_id").loc[source_id]
    best = str(claims["evidence_level"].min()) if len(claims) else ""
    nothing = {t.slug for t in vocabulary.evidence_levels() if t.kind == "none"}
    strongest = vocabulary.terms("relations")[-1]  # relations run from the weakest claim to the strongest
    rows = {
        "Title": source["title"],
        "Kind": vocabulary.label("source_kinds", source["kind"]),
        "Words": words,
        "Sentences": len(split_sentences(text)),
        "Claims": len(claims),
        "Claims per 1,000 words": round(1000 * len(claims) / max(words, 1), 1),
        "Best evidence offered": vocabulary.label("evidence_levels", best) if best else "no claims",
        "Claims with no evidence": int(claims["evidence_level"].astype(str).isin(nothing).sum()),
        "Claims hedged": f"{int(claims['hedged'].sum())} of {len(claims)}",
        "Claims advising the reader": int(claims["advice"].sum()),
        f"Claims stated as {vocabulary.label('relations', strongest).lower()}": int(
            (claims["relation"] == strongest).sum()
        ),
    }
    return pd.DataFrame({"Value": pd.Series(rows, dtype=object)}).rename_axis("Article")


def list_some(values, limit: int = 10) -> str:
    """Return up to `limit` values joined by commas, and how many more there are."""
    values = values if isinstance(values, (list, tuple, np.ndarray)) else list(values)
    shown = ", ".join(map(str, values[:limit]))
    return shown + (f" and {len(values) - limit:,} more" if len(values) > limit else "")


def find_shared_claims(workbook: Workbook, source_id: str) -> pd.DataFrame:
    """Return this source's condition × intervention pairs that other sources also claim."""
    pairs = _index_pairs(workbook)
    claims = pairs.frame["claim_id"].to_numpy()
    codes, code = pairs.frame["source_code"].to_numpy(), pairs.codes.get(source_id, -1)
    mine = pairs.frame.iloc[pairs.by_source.get(source_id, [])]
    rows = []
    for condition, intervention in sorted(set(zip(mine["condition"], mine["intervention"]))):
        at = pairs.by_pair[condition, intervention]
        here = codes[at] == code
        if not here.all():
            rows.append(
                {
                    "condition": condition,
                    "intervention": intervention,
                    "claims here": list_some(claims[at][here]),  # distinct within a pair, by claim_id
                    "other sources": list_some(pairs.names[np.unique(codes[at][~here])]),  # codes sort as names
                    "their claims": list_some(claims[at][~here]),
                }
            )
    return pd.DataFrame(rows, columns=["condition", "intervention", "claims here", "other sources", "their claims"])


@dataclass(frozen=True)
class _PairIndex:
    frame: pd.DataFrame  # distinct condition, intervention, source_id (and its code), claim_id; by claim
    by_pair: dict  # (condition, intervention) -> row positions
    by_source: dict  # source_id -> row positions
    codes: dict  # source_id -> the integer standing for it in `source_code`
    names: np.ndarray  # the source_id of each code; codes are numbered in the order of the names


@per_version
def _index_pairs(workbook: Workbook) -> _PairIndex:
    """Index the claims by pair and by source once, so that each source report looks its pairs up."""
    columns = ["condition", "intervention", "source_id", "claim_id"]
    frame = long_form(workbook)[columns].drop_duplicates().sort_values("claim_id", ignore_index=True)
    codes, names = pd.factorize(frame["source_id"], sort=True)  # integers compare far faster than strings
    frame = frame.assign(source_code=codes)
    return _PairIndex(
        frame,
        frame.groupby(["condition", "intervention"]).indices,
        frame.groupby("source_id").indices,
        {name: code for code, name in enumerate(names)},
        np.asarray(names, dtype=object),
    )


@per_version
def profile_language(workbook: Workbook) -> pd.DataFrame:
    """Return, per source, hedge cues by category and booster cues per 1,000 words of its text."""
    rows = {}
    for source_id in workbook.sources["source_id"]:
        text = workbook.read_source(source_id)
        counts = Counter(category for _, _, category in _find_cues(text))
        words = max(count_words(text), 1)
        rows[source_id] = {name: 1000 * counts[name] / words for name in [*HEDGE_KINDS, "booster"]}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("source_id").round(1)


def compare_language(workbook: Workbook, source_id: str) -> pd.DataFrame:
    """Return a source's hedge and booster cues per 1,000 words next to the median of all sources."""
    profiles = profile_language(workbook)
    median = profiles.median().rename(f"median of {len(profiles):,} sources")
    return pd.concat([profiles.loc[[source_id]], median.to_frame().T]).rename_axis("source_id")


def rank_language(workbook: Workbook, source_id: str) -> pd.DataFrame:
    """Return, per kind of cue, a source's cues per 1,000 words, the median source's, and where it stands.

    The last column is the share of the other sources whose text uses that kind less: 0.9
    means it hedges (or boosts) more than nine in ten of them. Blank with no other source.
    """
    profiles = profile_language(workbook)
    mine, others = profiles.loc[source_id], profiles.drop(index=source_id)
    return pd.DataFrame(
        {
            "this article": mine,
            f"median of {len(profiles):,} articles": profiles.median(),
            "other articles using it less": others.lt(mine).mean() if len(others) else float("nan"),
        }
    ).rename_axis("cues per 1,000 words")


def list_cues(text: str) -> pd.DataFrame:
    """Return every hedge and booster cue in `text`: sentence, phrase, kind and category (boosters: "booster")."""
    rows = [
        {"sentence": sentence, "phrase": cue.text, "kind": cue.kind, "category": category}
        for sentence, cue, category in _find_cues(text)
    ]
    return pd.DataFrame(rows, columns=["sentence", "phrase", "kind", "category"])


def _find_cues(text: str):
    """Yield (sentence, cue, category) for each hedge and booster cue of `text`, in order."""
    sentences = [s.text for s in split_sentences(text)]
    for sentence, reading in zip(sentences, read_sentences(sentences)):
        for cue in (*reading.hedges, *reading.boosters):
            yield sentence, cue, cue.category if cue.kind == "hedge" else "booster"


def count_cue_phrases(text: str) -> pd.DataFrame:
    """Return each hedge and booster phrase of `text` with how often it occurs, most frequent first."""
    cues = list_cues(text).assign(phrase=lambda d: d["phrase"].str.lower())
    counts = cues.groupby(["category", "phrase"]).size().rename("count").reset_index()
    return counts.sort_values(["count", "category", "phrase"], ascending=[False, True, True], ignore_index=True)
