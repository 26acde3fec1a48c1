"""The key findings a report opens with, written from the data in plain words, and what a grade measures."""

import html

import pandas as pd
from IPython.display import HTML

from analysis.evidence.flags import KINDS
from analysis.reports.summaries import select_kind
from analysis.workbook.load import Workbook
from analysis.workbook.rules import load_rules

MEASURE = (
    "Every grade here is the strength of the evidence the articles report: the studies they name, describe "
    "or allude to, rated down for second-hand reports, single sources, their own hedges and indirect evidence. "
    "It is not a verdict on the science: a well-studied question can be graded \u201cnone\u201d when no article "
    "reports the studies."
)
TOP = 3  # pairs named in each finding


def show_measure() -> HTML:
    """Return the one-paragraph statement of what the grades measure, for the top of every report."""
    return HTML(f'<p class="wb-measure"><strong>What is measured.</strong> {html.escape(MEASURE)}</p>')


def show_key_findings(workbook: Workbook, grades: pd.DataFrame, flags: pd.DataFrame) -> HTML:
    """Return the key findings as a list of sentences: best-reported pairs, exaggeration, headlines, gaps."""
    rules = load_rules(workbook.vocabulary, workbook.claims_dir)
    items = [
        _best_pairs(workbook, grades, "intervention", "interventions a reader can choose"),
        _best_pairs(workbook, grades, ("exposure", "mechanism"), "exposures and mechanisms"),
        _exaggeration(workbook, flags),
        _headlines(workbook, flags, rules),
        _unsupported(workbook, flags, rules),
    ]
    body = "".join(f"<li>{item}</li>" for item in items if item)
    return HTML(f'<ul class="wb-findings">{body}</ul>')


def _best_pairs(workbook, grades, kinds, what) -> str:
    chosen = select_kind(grades, workbook.vocabulary, kinds)
    reported = chosen[chosen["grade"] != chosen["grade"].cat.categories[-1]] if len(chosen) else chosen
    if reported.empty:
        return f"<strong>Best-reported {html.escape(what)}:</strong> none; no claim about them reports any evidence."
    label = workbook.vocabulary.label
    named = [
        f"{html.escape(label('interventions', r.intervention))} for {html.escape(label('conditions', r.condition))}"
        f" (<em>{html.escape(str(r.grade))}</em>)"
        for r in reported.head(TOP).itertuples()
    ]
    return f"<strong>Best-reported {html.escape(what)}:</strong> {'; '.join(named)}."


def _exaggeration(workbook, flags) -> str:
    found = flags[flags["kind"] == KINDS[0]]
    if found.empty:
        return "<strong>Exaggeration:</strong> no claim is worded beyond the evidence its article offers."
    by_source = found.groupby("source_id")["claim_id"].nunique().sort_values(ascending=False)
    by_rule = found["rule"].value_counts()
    total = len(workbook.claims)
    sources = ", ".join(f"{html.escape(s)} ({n})" for s, n in by_source.head(TOP).items())
    rules = ", ".join(f"{html.escape(r.replace('-', ' '))} ({n})" for r, n in by_rule.head(TOP).items())
    return (
        f"<strong>Exaggeration:</strong> {found['claim_id'].nunique()} of {total} claims are worded beyond "
        f"the evidence their article offers; most in {sources}. Most often: {rules}."
    )


def _headlines(workbook, flags, rules) -> str:
    heads = workbook.claims[workbook.claims["placement"].isin(rules.terms("headline_placements"))]
    if heads.empty:
        return ""
    beyond = flags[flags["rule"] == "headline-beyond-body"]
    example = ""
    if not beyond.empty:
        first = beyond.sort_values("placement", key=lambda p: p != "headline").iloc[0]
        example = f" For example \u201c{html.escape(first['quote'])}\u201d: {html.escape(first['reason'])}."
    return (
        f"<strong>Headline against body:</strong> {beyond['claim_id'].nunique()} of {len(heads)} headlines and "
        f"summaries claim more than the evidence reported in the body.{example}"
    )


def _unsupported(workbook, flags, rules) -> str:
    count = flags[flags["kind"] == "unsupported"]["claim_id"].nunique()
    typed = workbook.claims["claim_type"].replace("", rules.flags["claims_of_effect"][0])
    effects = typed.isin(rules.terms("claims_of_effect")).sum()
    if not effects:
        return ""
    return (
        f"<strong>No evidence at all:</strong> {count} of {effects} claims of effect ({count / effects:.0%}) "
        "offer no evidence for what they claim."
    )
