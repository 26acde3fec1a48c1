"""Turn executed notebooks into HTML page bodies, and render the index page."""

import re
from functools import lru_cache

import nbformat
from nbconvert import HTMLExporter
from nbconvert.exporters import TemplateExporter

from analysis.common.speedups import add_alt_texts, prepare_html_export
from analysis.reports.findings import MEASURE
from analysis.reports.page import add_contents, now_text, render_page, render_template

_IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
READER_HIDDEN = "notebook-only"  # the tag of cells written for analysts, not readers
GROUPS = (  # how the index groups the reports, in its order
    ("overview", "Start here", "The evidence and gap maps, the key findings and every flag, across all articles."),
    ("condition", "Conditions", "What the articles claim for each condition, and how well they back it."),
    ("intervention", "Interventions", "Things a reader can choose to do or take."),
    ("exposure", "Exposures and mechanisms", "Things that happen to people, or pathways named as the active agent."),
    ("source", "Articles", "Each article's claims, its wording and its flags."),
)
DATA_FILES = (  # what the index offers to take away (written by analysis.site.exports)
    ("data/datapackage.json", "the description of the tables: each column's meaning, type and allowed values"),
    ("data/sources.csv", "one row per article: title, publisher, dates and the SHA-256 of its text"),
    ("data/studies.csv", "one row per study an article reports: design, size, control group, population, outcomes"),
    ("data/claims.csv", "every claim with its quote and labels, and the studies it rests on"),
    ("data/grades.csv", "one row per condition × intervention pair: grade, its studies and the reason for the grade"),
    ("data/flags.csv", "one row per flag: the claim, the kind of flag, the rule and the reason"),
    ("data/terms.csv", "every term of the vocabulary with its label and definition"),
    ("data/workbook.json", "all these tables and their description in one JSON file, for web pages"),
)


class PageExporter(HTMLExporter):
    """nbconvert's HTML exporter, outputs only, without its closing BeautifulSoup pass.

    That pass parses the whole page again to give images a stock alt text ("No
    description has been provided") and outputs a tabindex; on a page with a 300-row
    table it takes as long as running the report. `render_notebook` gives each figure
    the sentence that introduces it as its alt text instead.
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        resources = prepare_html_export(self, nb, resources)
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


@lru_cache(maxsize=1)
def _exporter() -> PageExporter:
    exporter = PageExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.optimistic_validation = True  # validate once after the preprocessors, not after each
    return exporter


def render_notebook(notebook: nbformat.NotebookNode, *, keep_stderr: bool = False) -> str:
    """Return the body HTML of an executed notebook: outputs only, figures embedded as data URIs.

    Each figure's alt text is the markdown sentence above its cell. Cells tagged
    "notebook-only" (narration for analysts) are left out, and so are streams written to
    stderr (warnings, progress) unless `keep_stderr`. A page with two or more sections
    (`##` headings) opens with a list of contents linking to them.
    """
    notebook = _for_readers(notebook, keep_stderr)
    body, _ = _exporter().from_notebook_node(notebook)
    return add_contents(add_alt_texts(body, _describe_figures(notebook)))


def _describe_figures(notebook) -> list[str]:
    """Return, for each image output in order, the text of the markdown cell before its cell."""
    texts, last = [], "A figure."
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            plain = re.sub(r"(?m)^#+\s*(.*)$", r"\1:", cell.source.replace("*", "").replace("`", ""))
            last = " ".join(plain.split()) or last
        for output in cell.get("outputs", []):
            texts += [last] * sum(kind in output.get("data", {}) for kind in _IMAGE_TYPES)
    return texts


def _for_readers(notebook, keep_stderr: bool):
    notebook = nbformat.from_dict(notebook)
    notebook.cells = [c for c in notebook.cells if READER_HIDDEN not in c.get("metadata", {}).get("tags", [])]
    if keep_stderr:
        return notebook
    for cell in notebook.cells:
        if cell.get("outputs"):
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
    return notebook


def render_index(reports, *, data_version: str, n_claims: int, n_sources: int, seconds: float, changes=None) -> str:
    """Return the index page listing every report, failed ones marked.

    `changes`, when given, is what the index says of the "What changed" page (an
    `analysis.changes.page.Summary`): linked near the top, its earlier tables in the data section.
    """
    failed = sum(r.status != "ok" for r in reports)
    body = render_template(
        "index.html.j2",
        reports=reports,
        groups=GROUPS,
        measure=MEASURE,
        data_files=DATA_FILES,
        data_version=data_version,
        n_claims=n_claims,
        n_sources=n_sources,
        seconds=seconds,
        failed=failed,
        built_at=now_text(),
        changes=changes,
    )
    return render_page(title="Gut–brain claims workbook: reports", body=body, data_version=data_version)
