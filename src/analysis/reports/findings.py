"""The key findings a report opens with, written from the data in plain words, and what a grade measures."""

import html

import pandas as pd
from IPython.display import HTML

from analysis.evidence.flags import KINDS
from analysis.reports.links import FOLDERS
from analysis.reports.studies import rule_words
from analysis.reports.summaries import select_kind
from analysis.workbook.load import Workbook
from analysis.workbook.rules import load_rules

MEASURE = (
    "Every grade here is the strength of the evidence the articles report: the studies they name, describe or "
    "allude to, graded by design as GRADE does and rated down for risk of bias, few or small studies, indirect "
    "or disagreeing evidence and second-hand reports, never for an article\u2019s own hedges. It is not a verdict "
    "on the science: a well-studied question is graded \u201cnone\u201d when no article reports its studies."
)
TOP = 3  # pairs named in each finding
MIND, BODY = "mind", "body"  # the kinds of `conditions` terms: the overview speaks of the mind first
EXPOSURES = ("exposure", "mechanism")  # the kinds of `interventions` terms shown apart from interventions


def show_measure() -> HTML:
    """Return the one-paragraph statement of what the grades measure, for the top of every report."""
    return HTML(f'<p class="wb-measure"><strong>What is measured.</strong> {html.escape(MEASURE)}</p>')


def show_key_findings(workbook: Workbook, grades: pd.DataFrame, flags: pd.DataFrame) -> HTML:
    """Return the key findings: conditions of the mind and brain first, then the claims' wording, then bodily
    conditions apart.

    The first list names the best-reported interventions and exposures for the mind and
    the brain, then exaggeration, headlines against their bodies and claims with no
    evidence (across every claim); a paragraph after it names the best-reported pairs for
    bodily conditions. Every count is one the tables of the overview show: claims, and
    flags where a claim carries more than one.
    """
    rules = load_rules(workbook.vocabulary, workbook.claims_dir)
    vocabulary = workbook.vocabulary
    mind = grades[grades["condition"].isin(vocabulary.terms("conditions", MIND))]
    body = grades[grades["condition"].isin(vocabulary.terms("conditions", BODY))]
    items = [
        _best_pairs(workbook, mind, "intervention", "For the mind and brain, the best-reported interventions"),
        _best_pairs(workbook, mind, EXPOSURES, "For the mind and brain, the best-reported exposures and mechanisms"),
        _exaggeration(workbook, flags),
        _headlines(workbook, flags, rules),
        _unsupported(workbook, flags, rules),
    ]
    listed = "".join(f"<li>{item}</li>" for item in items if item)
    named = ", ".join(html.escape(vocabulary.label("conditions", c).lower()) for c in pd.unique(body["condition"]))
    bodily = [
        _best_pairs(workbook, body, "intervention", "Best-reported interventions", lead=False),
        _best_pairs(workbook, body, EXPOSURES, "Best-reported exposures and mechanisms", lead=False),
    ]
    apart = (
        f'<p class="wb-findings-body"><strong>Bodily conditions, shown apart</strong> ({named}). {" ".join(bodily)}</p>'
        if not body.empty
        else ""
    )
    return HTML(f'<ul class="wb-findings">{listed}</ul>{apart}')


def _best_pairs(workbook, grades, kinds, what, *, lead: bool = True) -> str:
    """Return the best-reported pairs of `kinds` in `grades` with their grade and studies, after `what`."""
    chosen = select_kind(grades, workbook.vocabulary, kinds)
    reported = chosen[chosen["grade"] != chosen["grade"].cat.categories[-1]] if len(chosen) else chosen
    label = workbook.vocabulary.label
    named = [
        f"{html.escape(label('interventions', r.intervention))} for {html.escape(label('conditions', r.condition))}"
        f" (<em>{html.escape(str(r.grade))}</em>; {_count(r.n_studies, 'study', 'studies')})"
        for r in reported.head(TOP).itertuples()
    ]
    listing = "; ".join(named) if named else "none; no claim about them reports any evidence"
    return f"<strong>{html.escape(what)}:</strong> {listing}." if lead else f"{html.escape(what)}: {listing}."


def _count(n, one: str, many: str) -> str:
    return f"{int(n):,} {one if int(n) == 1 else many}"


def _claims_and_flags(claims: int, flags: int) -> str:
    """Return "26 claims", or "26 claims, 29 flags" when some claim carries more than one flag."""
    text = _count(claims, "claim", "claims")
    return text if claims == flags else f"{text}, {_count(flags, 'flag', 'flags')}"


def _exaggeration(workbook, flags) -> str:
    found = flags[flags["kind"] == KINDS[0]]
    if found.empty:
        return "<strong>Exaggeration:</strong> no claim is worded beyond the evidence its article offers."
    by_source = found.groupby("source_id")["claim_id"].agg(["nunique", "size"]).sort_values("nunique", ascending=False)
    by_rule = found["rule"].value_counts()
    total = len(workbook.claims)
    titles = dict(zip(workbook.sources["source_id"], workbook.sources["title"]))
    sources = ", ".join(
        f"{_link_source(s, titles.get(s) or s)} ({_claims_and_flags(row['nunique'], row['size'])})"
        for s, row in by_source.head(TOP).iterrows()
    )
    rules = ", ".join(
        f"{html.escape(rule_words(r).lower())} ({_count(n, 'flag', 'flags')})" for r, n in by_rule.head(TOP).items()
    )
    claims = found["claim_id"].nunique()
    counted = f"{claims:,} of {total:,} claims" + ("" if claims == len(found) else f" ({len(found):,} flags)")
    return (
        f"<strong>Exaggeration:</strong> {counted} are worded beyond the evidence their article offers; "
        f"most in {sources}. Most often: {rules}."
    )


def _link_source(source_id: str, title: str) -> str:
    """Return an article's title, quoted, as a link to its page from the overview."""
    href = f"{FOLDERS['source']}/{source_id}.html"
    return f'\u201c<a href="{html.escape(href)}">{html.escape(title)}</a>\u201d'


def _headlines(workbook, flags, rules) -> str:
    heads = workbook.claims[workbook.claims["placement"].isin(rules.terms("headline_placements"))]
    if heads.empty:
        return ""
    beyond = flags[flags["rule"] == "headline-beyond-body"]
    example = ""
    if not beyond.empty:
        title = rules.flags["headline_placements"][0]
        first = beyond.sort_values("placement", key=lambda p: p != title, kind="stable").iloc[0]
        example = f" For example: \u201c{html.escape(first['quote'])}\u201d."
    return (
        f"<strong>Headline against body:</strong> {beyond['claim_id'].nunique():,} of {len(heads):,} headlines and "
        f"summaries claim more than the evidence reported in the body.{example}"
    )


def _unsupported(workbook, flags, rules) -> str:
    """Return how many claims of effect offer no evidence, and how many of those the unsupported rule flags."""
    claims = workbook.claims
    typed = claims["claim_type"].replace("", rules.flags["claims_of_effect"][0])
    effects = claims[typed.isin(rules.terms("claims_of_effect"))]
    if effects.empty:
        return ""
    nothing = workbook.vocabulary.terms("evidence_levels", rules.terms("no_evidence_kinds"))
    bare = effects["evidence_level"].astype(str).isin(nothing).sum()
    found = flags[flags["kind"] == KINDS[1]]
    count, share = found["claim_id"].nunique(), bare / len(effects)
    return (
        f"<strong>No evidence at all:</strong> {bare:,} of {len(effects):,} claims of effect ({share:.0%}) "
        f"offer no evidence; the {count:,} stated as established, uncited, are flagged unsupported"
        f"{'' if count == len(found) else f' ({len(found):,} flags)'}."
    )
