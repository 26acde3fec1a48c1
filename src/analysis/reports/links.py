"""Where the report pages lie and how they link: which condition and intervention pages exist, and each row's address.

One home for the rule that decides which term pages are built (`list_term_pages`, read by
`analysis.site.plan`), so that the overview links to exactly those pages; and for the
address of a study's or a claim's row on its article page (`row_links`), so that a grade
can be traced to the sentences and studies behind it.
"""

import html
import re
from dataclasses import dataclass

from IPython.display import HTML

from analysis.workbook.failures import CLAIM_ID, STUDY_ID
from analysis.workbook.load import Workbook, long_form
from analysis.workbook.studies import IMPLIED

FOLDERS = {"condition": "condition", "intervention": "intervention", "source": "source"}  # page kind -> folder
_IDS = "|".join(p.pattern.removeprefix("^").removesuffix("$") for p in (STUDY_ID, CLAIM_ID))
ID_IN_TEXT = re.compile(rf"(?<![\w-])({re.escape(IMPLIED)}?(?:{_IDS}))\b")  # S0007, C0012, or ~C0001 (implied)
GROUPS = (  # how the overview lists the term pages: (section, kinds, heading)
    ("conditions", ("mind",), "Conditions of the mind and brain"),
    ("conditions", ("body",), "Bodily conditions"),
    ("interventions", ("intervention",), "Interventions a reader can choose"),
    ("interventions", ("exposure", "mechanism"), "Exposures and mechanisms"),
)


@dataclass(frozen=True)
class TermPage:
    """The report page of one condition or intervention term: what it is about and where it lies."""

    kind: str  # "condition" or "intervention": the notebook that builds it
    slug: str
    label: str
    role: str  # the term's kind in the vocabulary (mind, body, intervention, exposure, mechanism), else `kind`
    n_claims: int

    @property
    def href(self) -> str:
        """The page's address from the folder of the overview."""
        return f"{FOLDERS[self.kind]}/{self.slug}.html"


def list_term_pages(workbook: Workbook) -> list[TermPage]:
    """Return a page for each condition and intervention term some claim names, in the vocabulary's order."""
    long = long_form(workbook)
    pages = []
    for kind, section in (("condition", "conditions"), ("intervention", "interventions")):
        counts = long.groupby(kind)["claim_id"].nunique() if len(long) else {}
        for slug in workbook.vocabulary.terms(section):
            if slug in counts:
                term = workbook.vocabulary.term(section, slug)
                pages.append(TermPage(kind, slug, term.label, term.kind or kind, int(counts[slug])))
    return pages


def show_pages(workbook: Workbook) -> HTML:
    """Return one short paragraph of links to every condition and intervention page, grouped as the overview reads.

    Only the pages a build makes are linked (those `list_term_pages` gives).
    """
    pages = list_term_pages(workbook)
    groups = []
    for section, kinds, heading in GROUPS:
        kind = "condition" if section == "conditions" else "intervention"
        groups.append((heading, [p for p in pages if p.kind == kind and p.role in kinds]))
    groups.append(("Other terms", [p for p in pages if not any(p.role in kinds for _, kinds, _ in GROUPS)]))
    parts = [
        f"<strong>{html.escape(heading)}:</strong> "
        + " · ".join(f'<a href="{html.escape(p.href)}">{html.escape(p.label)}</a>' for p in chosen)
        for heading, chosen in groups
        if chosen
    ]
    if not parts:
        return HTML("<p><em>No condition or intervention has a page yet.</em></p>")
    return HTML(f'<p class="wb-pages"><strong>Pages.</strong> {". ".join(parts)}.</p>')


def row_links(workbook: Workbook, here: str | None = None, base: str = "../source/"):
    """Return a function giving the address of a study's or a claim's row on its article page, or None.

    `here` is the source_id of the page the link is on: a row of that page is linked by its
    id alone (`#S0007`), any other by `base`, its article's page and the id
    (`../source/probiotics-colic-crying.html#S0140`). An implied study (a claims folder
    without studies.csv) links to its claim's row; an unknown id gets no link.
    """
    owners = dict(zip(workbook.claims["claim_id"], workbook.claims["source_id"]))
    studies = workbook.studies
    real = studies[~studies["implied"].astype(bool)] if "implied" in studies else studies
    owners |= dict(zip(real["study_id"], real["source_id"]))

    def href(row_id: str) -> str | None:
        row_id = row_id.removeprefix(IMPLIED)
        source = owners.get(row_id)
        if source is None:
            return None
        return f"#{row_id}" if source == here else f"{base}{source}.html#{row_id}"

    return href


def article_links(workbook: Workbook, base: str = "../source/") -> tuple:
    """Return a function giving the address of an article's page by its source_id, and each article's title.

    For a table's Source column: the reader sees the article's title, linked to its page.
    """
    titles = dict(zip(workbook.sources["source_id"], workbook.sources["title"]))
    return (lambda source_id: f"{base}{source_id}.html" if source_id in titles else None), titles


def link_id(row_id: str, href) -> str:
    """Return an id as a link to its row (`href(row_id)`), or as text when it has none; an implied study reads
    "claim C0001"."""
    target = href(row_id) if href is not None else None
    text = html.escape(f"claim {row_id.removeprefix(IMPLIED)}" if row_id.startswith(IMPLIED) else row_id)
    return f'<a href="{html.escape(target)}">{text}</a>' if target else text


def link_ids(text: str, href) -> str:
    """Return `text` escaped, each study and claim id in it ("rests on S0001") linked to its row."""
    return ID_IN_TEXT.sub(lambda m: link_id(m.group(1), href), html.escape(text))
