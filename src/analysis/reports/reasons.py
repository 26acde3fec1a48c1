"""Why each grade: every graded pair's grade, its reason, and the studies and claims behind it, linked to their rows.

A reader follows a grade to the studies it was decided from (design, size, control
group, population, outcomes, citation) and to each claim, on its article's page.
Tested in tests/reports/test_reasons.py.
"""

import html

import pandas as pd
from IPython.display import HTML

from analysis.reports.display import show_table
from analysis.reports.links import link_id, link_ids, row_links
from analysis.reports.readable import HEADERS
from analysis.reports.studies import list_studies
from analysis.workbook.load import Workbook
from analysis.workbook.vocabulary import split_terms

GRADE_COLUMNS = [
    "condition",
    "intervention",
    "grade",
    "n_studies",
    "n_sources",
    "n_claims",
    "best_level",
    "hedged_share",
    "reason",
]
SECTIONS = {"condition": "conditions", "intervention": "interventions"}


def list_grades(grades: pd.DataFrame, leave_out=()) -> pd.DataFrame:
    """Return graded pairs with the columns a reader needs, strongest first: the grade, then how many studies,
    articles and claims stand behind it, its best evidence, the share of claims hedged and the reason.

    `leave_out` drops columns a page states already (a condition page's condition, say).
    """
    return grades[[c for c in GRADE_COLUMNS if c not in set(leave_out)]].reset_index(drop=True)


def show_grade_reasons(workbook: Workbook, grades: pd.DataFrame, *, name: str | None = None) -> HTML:
    """Return, for each graded pair, its grade and reason, the table of its studies and its claims, all linked.

    `name` is the column that names each pair on this page ("intervention" on a condition
    page); by default a pair is named "intervention for condition". Links lead from a
    condition or intervention page (`../source/...`) to the rows of the article pages.
    """
    if grades.empty:
        return HTML("<p><em>No graded pairs.</em></p>")
    links = row_links(workbook)
    parts = [_pair(workbook, row, name, links) for row in grades.to_dict("records")]
    return HTML("".join(parts))


def _pair(workbook: Workbook, row: dict, name: str | None, links) -> str:
    vocabulary = workbook.vocabulary
    if name in SECTIONS:
        title = vocabulary.label(SECTIONS[name], row[name])
    else:
        what, condition = (vocabulary.label(SECTIONS[c], row[c]) for c in ("intervention", "condition"))
        title = f"{what} for {condition}"
    ids = _strongest_first(workbook, split_terms(row["study_ids"]))
    counts = (
        f"{_count(len(ids), 'study', 'studies')}, {_count(row['n_sources'], 'article', 'articles')} reporting evidence"
    )
    heading = (
        f'<h3 class="wb-why">{html.escape(title)}: <em>{html.escape(str(row["grade"]))}</em>'
        f' <span class="wb-count">{html.escape(counts)}</span></h3>'
    )
    reason = link_ids(_sentence(row["reason"]), links)
    studies = ""
    if ids:
        table = list_studies(workbook, ids).drop(columns=[HEADERS["quote"]])
        studies = show_table(table, fold="Its studies", links={HEADERS["study_id"]: links}).data
    claims = split_terms(row["claim_ids"])
    linked = ", ".join(link_id(c, links) for c in claims)
    listing = f'<p class="wb-claims">Claims about it ({len(claims)}): {linked}</p>'
    return f'<div class="wb-pair">{heading}<p>{reason}</p>{studies}{listing}</div>'


def _strongest_first(workbook: Workbook, ids: list[str]) -> list[str]:
    """Return study ids ordered by their design, strongest first, then by id."""
    ranks = dict(zip(workbook.studies["study_id"], workbook.studies["design_rank"]))
    return sorted(ids, key=lambda s: (ranks.get(s, len(ranks)), s))


def _sentence(text: str) -> str:
    text = str(text).strip()
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else ""


def _count(n: int, one: str, many: str) -> str:
    return f"{int(n):,} {one if int(n) == 1 else many}"
