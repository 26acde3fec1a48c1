"""Tables of studies, claims and flags whose ids link to their rows on the article pages, so each can be traced.

An article page gives each study and each claim a row whose id is its own (`#S0140`,
`#C0599`); every other page links its ids there. Tested in tests/reports/test_study_tables.py
(tests/workbook/test_studies.py tests the reading of studies.csv).
"""

import pandas as pd
from IPython.display import HTML

from analysis.evidence.flags import count_flags
from analysis.evidence.rule_checks import count_rule_checks
from analysis.reports.display import show_table
from analysis.reports.links import article_links, row_links
from analysis.reports.readable import HEADERS, make_readable
from analysis.reports.summaries import CLAIM_COLUMNS, list_claims
from analysis.workbook.load import Workbook
from analysis.workbook.studies import IMPLIED, parse_outcome_directions
from analysis.workbook.vocabulary import SEPARATOR, split_terms

STUDY_COLUMNS = [
    "study_id",
    "design",
    "participants",
    "control",
    "population",
    "outcomes",
    "direction",
    "reporting",
    "peer_reviewed",
    "citation",
    "quote",
]
CONTROL_WORDS = {"yes": "Yes", "no": "No", "unstated": "Not stated"}  # the `control` column of studies.csv
REVIEW_WORDS = {"yes": "Peer reviewed", "no": "Not peer reviewed", "": "Not stated"}  # `peer_reviewed`
FUNDING_WORDS = {"maker": "run or paid for by the product's maker", "independent": "independent of any maker"}
PUBLICATION = "Peer review and funding"
NOT_STATED = "not stated"
NO_STUDIES = (
    "This claims folder records no studies (it has no studies.csv): the evidence level of each claim stands for them."
)


def real_studies(workbook: Workbook) -> pd.DataFrame:
    """Return the studies of studies.csv, leaving out those implied by claims' evidence levels (no studies.csv)."""
    studies = workbook.studies
    return studies[~studies["implied"].astype(bool)] if "implied" in studies else studies


def named_studies(cell: str) -> str:
    """Return a `studies` cell without implied study ids ("~C0001"), which have no row to show."""
    return SEPARATOR.join(s for s in split_terms(cell) if not s.startswith(IMPLIED))


def list_studies(workbook: Workbook, study_ids=None, *, source_id: str | None = None) -> pd.DataFrame:
    """Return studies in a reader's words, in the order given (default: every study of `source_id`, in table order).

    Columns: study, design, participants ("not stated" when the article gives no number),
    control group, in whom (the population and who exactly), outcomes measured (each with
    its own finding where it differs from the study's direction), direction, how reported,
    peer review and funding, citation and the quote that describes the study.
    """
    studies = workbook.studies.set_index("study_id", drop=False)
    if study_ids is None:
        chosen = real_studies(workbook)
        chosen = chosen[chosen["source_id"] == source_id] if source_id is not None else chosen
    else:
        chosen = studies.loc[[s for s in study_ids if s in studies.index]]
    chosen = chosen.reset_index(drop=True)
    table = chosen[[*STUDY_COLUMNS, "population_detail"]].copy()
    table["study_id"] = table["study_id"].str.removeprefix(IMPLIED)  # an implied study is its claim's
    table["participants"] = [NOT_STATED if pd.isna(n) else f"{int(n):,}" for n in table["participants"]]
    table["control"] = table["control"].map(lambda c: CONTROL_WORDS.get(c, c))
    table["peer_reviewed"] = [_publication(r, f) for r, f in zip(chosen["peer_reviewed"], chosen["funding"])]
    readable = make_readable(table.drop(columns="population_detail"), workbook.vocabulary)
    who = [f"{p}: {d}" if d else p for p, d in zip(readable[HEADERS["population"]], table["population_detail"])]
    outcomes = [_outcomes(study, workbook.vocabulary) for _, study in chosen.iterrows()]
    return readable.assign(**{HEADERS["population"]: who, HEADERS["outcomes"]: outcomes}).rename(
        columns={HEADERS["citation"]: "Citation", "peer_reviewed": PUBLICATION}
    )


def _publication(reviewed: str, funding: str) -> str:
    """Return e.g. "Not peer reviewed; run or paid for by the product's maker"."""
    paid = FUNDING_WORDS.get(funding)
    if paid and not reviewed:
        return paid[0].upper() + paid[1:]  # "Independent of any maker", not "Not stated; independent …"
    words = REVIEW_WORDS.get(reviewed, reviewed)
    return f"{words}; {paid}" if paid else words


def _outcomes(study, vocabulary) -> str:
    """Return the outcomes' labels, each outcome whose finding differs from the study's own followed by it:
    "Stress; Cognition and brain function: no effect"."""
    own = parse_outcome_directions(study["outcome_directions"])
    return f"{SEPARATOR} ".join(
        vocabulary.label("conditions", term)
        + (f": {vocabulary.label('directions', own[term]).lower()}" if term in own else "")
        for term in split_terms(study["outcomes"])
    )


def show_studies(workbook: Workbook, source_id: str) -> HTML:
    """Return the table of the studies an article reports, each row's id its study id (`#S0140` lands on it)."""
    if "implied" in workbook.studies and workbook.studies["implied"].any() and real_studies(workbook).empty:
        return HTML(f"<p><em>{NO_STUDIES}</em></p>")
    table = list_studies(workbook, source_id=source_id)
    return show_table(
        table,
        empty="The article reports no study: its claims rest on opinion, anecdote or nothing.",
        fold="Every study it reports",
        anchors=HEADERS["study_id"],
    )


def show_claims(
    workbook: Workbook,
    claims: pd.DataFrame,
    *,
    here: str | None = None,
    fold: str | None = None,
    base: str = "../source/",
):
    """Return the claims, strongest evidence first, with the studies each rests on; ids link to their rows.

    On the page of article `here`, each row's id is its claim id, so that `#C0001` lands on
    it; elsewhere each claim id links to its row on its article's page, found at `base`
    (`../source/` from a condition page, `source/` from the overview).
    """
    columns = [c for c in [*CLAIM_COLUMNS, "studies"] if not (here is not None and c == "source_id")]  # its page
    table = list_claims(claims, columns)
    table["studies"] = table["studies"].map(named_studies)
    readable = make_readable(table, workbook.vocabulary)
    links = row_links(workbook, here, base)
    elsewhere = {} if here is not None else {HEADERS["claim_id"]: links}
    return show_table(
        readable,
        fold=fold or "Every claim, strongest evidence first",
        anchors=HEADERS["claim_id"] if here is not None else None,
        **_with_articles(workbook, {HEADERS["studies"]: links, **elsewhere}, base),
    )


def show_flags(workbook: Workbook, flags: pd.DataFrame, *, here: str | None = None, base: str = "../source/"):
    """Return the flags with their rule and reason, each claim id linked to the claim's row on its article page.

    On the page of article `here` the article's own column is left out; `base` is as for `show_claims`.
    """
    hidden = ("evidence_level", "source_id") if here is not None else ("evidence_level",)  # its page names the source
    table = flags.drop(columns=[c for c in hidden if c in flags])
    if "rule" in table:
        table["rule"] = table["rule"].map(rule_words)
    readable = make_readable(table, workbook.vocabulary)
    return show_table(
        readable,
        fold="Every flag, with its rule and reason",
        empty="No flags.",
        **_with_articles(workbook, {HEADERS["claim_id"]: row_links(workbook, here, base)}, base),
    )


def _with_articles(workbook: Workbook, links: dict, base: str) -> dict:
    """Return `show_table`'s links and names: `links`, and the Source column as each article's title linked to its
    page."""
    page, titles = article_links(workbook, base)
    return {"links": links | {HEADERS["source_id"]: page}, "names": {HEADERS["source_id"]: titles}}


def rule_words(rule: str) -> str:
    """Return a flag rule's name in words: "causal-on-weak-evidence" is "Causal on weak evidence"."""
    return rule.replace("-", " ").capitalize() if isinstance(rule, str) else rule


def show_flag_counts(workbook: Workbook, flags: pd.DataFrame, *, base: str = "source/") -> HTML:
    """Return per article its claims, its flags of each kind and the share exaggerated; each article's title links to
    its page (found at `base`)."""
    readable = make_readable(count_flags(flags, workbook.claims), workbook.vocabulary)
    return show_table(readable, percent=[HEADERS["share exaggerated"]], **_with_articles(workbook, {}, base))


def show_rule_checks(flags: pd.DataFrame, checks: pd.DataFrame | None = None) -> HTML:
    """Return, for each rule that flags a claim in `flags`, how often its flags on the benchmark articles fell on a
    sentence an independent fact-checker marked (`checks`, default the package's measured ones): how far a reader
    may trust a flag of that rule. With no flags it shows nothing: the flag table below says so."""
    table = count_rule_checks(flags, checks)
    if table.empty:
        return HTML("")
    table["marked"] = [_marked_share(*row) for row in zip(table["flags"], table["marked"], table["share marked"])]
    table["flags"] = [NOT_MEASURED if pd.isna(checked) else int(checked) for checked in table["flags"]]
    table["rule"] = table["rule"].map(rule_words)
    table["kind"] = table["kind"].str.capitalize()
    shown = table[["rule", "kind", "flags here", "flags", "marked"]].rename(
        columns={
            "rule": HEADERS["rule"],
            "kind": HEADERS["kind"],
            "flags here": "Flags here",
            "flags": f"Its flags on {int(table['sets'].max())} benchmark sets",
            "marked": "Marked by a fact-checker",
        }
    )
    return show_table(shown, fold=False)


NOT_MEASURED = "not yet measured"


def _marked_share(checked, marked, share) -> str:
    """'57% (67 of 118)'; 'no flags there' for a rule measured but silent; 'not yet measured' for a rule not in the
    checks (one added since they were written)."""
    if pd.isna(checked):
        return NOT_MEASURED
    if pd.isna(share):
        return "no flags there"
    return f"{share:.0%} ({marked} of {checked})"
