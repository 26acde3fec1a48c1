"""The agreement between two coders as one self-contained HTML page: the figures per column, then each disagreement.

It is drawn in the workbook's one page shell (`analysis.reports.page`): every text from the
data is escaped, the page holds no script and loads nothing from the network, so it opens
offline and as an e-mail attachment.
"""

from analysis.common.problems import display_path
from analysis.curation.agreement import IS_CLAIM, YES, Agreement, Disagreement, format_figure
from analysis.reports.page import render_page, render_template
from analysis.workbook.validate import MULTI_VALUED, SINGLE_VALUED
from analysis.workbook.vocabulary import split_terms

COEFFICIENTS = {
    "kappa": "Cohen's kappa",
    "alpha": "Krippendorff's alpha (per-term presence)",
}


def render_agreement_page(agreement: Agreement, notes=()) -> str:
    """Return the HTML page of `agreement`: the per-column table and every disagreement; `notes` are shown as given."""
    name_a, name_b = agreement.a.path.parent.name or "A", agreement.b.path.parent.name or "B"
    body = render_template(
        "agreement.html.j2",
        path_a=display_path(agreement.a.path),
        path_b=display_path(agreement.b.path),
        claims_a=len(agreement.a.claims),
        claims_b=len(agreement.b.claims),
        sources=agreement.sources,
        counts=agreement.counts,
        notes=list(notes),
        columns=agreement.columns,
        coefficients=COEFFICIENTS,
        figure=format_figure,
        rows=[_row(d, agreement.vocabulary) for d in agreement.disagreements],
    )
    return render_page(title=f"Coder agreement: {name_a} and {name_b}", body=body)


def _row(disagreement: Disagreement, vocabulary) -> dict:
    """One disagreement, each value with its vocabulary label beside it."""
    return {
        **vars(disagreement),
        "label_a": describe_value(disagreement.column, disagreement.value_a, vocabulary),
        "label_b": describe_value(disagreement.column, disagreement.value_b, vocabulary),
    }


def describe_value(column: str, value: str, vocabulary) -> str:
    """Return the plain words for `value` of `column`: its terms' labels ("" for an empty value)."""
    if column == IS_CLAIM:
        return "tabulated as a claim" if value == YES else "not tabulated"
    section = MULTI_VALUED.get(column) or SINGLE_VALUED.get(column)
    terms = split_terms(value) if column in MULTI_VALUED else [value] if value else []
    return "; ".join(vocabulary.label(section, term) for term in terms) if terms else "(empty)"
