"""The agreement between two coders as one self-contained HTML page: the figures per column, then each disagreement.

Every text from the data is escaped (jinja2 autoescape); the page holds no script and loads
nothing from the network, so it opens offline and as an e-mail attachment.
"""

import jinja2

from analysis.common.problems import display_path
from analysis.curation.agreement import IS_CLAIM, YES, Agreement, Disagreement, format_figure
from analysis.workbook.validate import MULTI_VALUED, SINGLE_VALUED
from analysis.workbook.vocabulary import split_terms

COEFFICIENTS = {
    "kappa": "Cohen's kappa",
    "alpha": "Krippendorff's alpha (per-term presence)",
}
TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Coder agreement: {{ name_a }} and {{ name_b }}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 75rem; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.figure { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.low { background: #fde0dd; }
.label { color: #555; font-size: .85em; display: block; }
.quote { font-style: italic; }
.note, .muted { color: #555; }
code { font-size: .95em; }
</style>
</head>
<body>
<h1>Agreement between two coders</h1>
<p>Coder A: <code>{{ path_a }}</code> ({{ claims_a }} claims).
Coder B: <code>{{ path_b }}</code> ({{ claims_b }} claims).
Sources compared: {{ sources | join(", ") }}.
{{ counts.matched }} claims paired by their quotes, {{ counts.only_a }} only in A, {{ counts.only_b }} only in B;
{{ counts.unclaimed }} sentence{{ "" if counts.unclaimed == 1 else "s" }} that neither took for a claim.</p>
{% for note in notes %}<p class="note">{{ note }}</p>
{% endfor %}
<p class="muted">A coefficient of 1 is perfect agreement, 0 what chance alone would give; below 0.6 is shaded.
<em>is_claim</em> asks whether a passage holds a claim. Agreement is the share of units on which the coders
gave the same value (for a column of several terms, the same set of terms).</p>
<table>
<thead><tr><th>Column</th><th>Coefficient</th><th>Value</th><th>Agreement</th><th>n</th><th>Note</th></tr></thead>
<tbody>
{% for c in columns %}<tr>
<td>{{ c.column }}</td><td>{{ coefficients[c.coefficient] }}</td>
<td class="figure{% if c.value is not none and c.value < 0.6 %} low{% endif %}">{{ figure(c.value) }}</td>
<td class="figure">{{ figure(c.agreement) }}</td><td class="figure">{{ c.n }}</td><td>{{ c.reason }}</td>
</tr>
{% endfor %}</tbody>
</table>
<h2>{{ rows | length }} disagreement{{ "" if rows | length == 1 else "s" }} to reconcile</h2>
{% if rows %}<table>
<thead><tr><th>Source</th><th>Passage</th><th>Column</th><th>Coder A</th><th>Coder B</th>
<th>Claims (A / B)</th></tr></thead>
<tbody>
{% for r in rows %}<tr>
<td>{{ r.source_id }}</td>
<td><span class="quote">{{ r.quote_a or r.quote_b }}</span>
{% if r.quote_a and r.quote_b and r.quote_a != r.quote_b %}
<span class="label">B quotes: {{ r.quote_b }}</span>{% endif %}</td>
<td>{{ r.column }}</td>
<td>{{ r.value_a }}{% if r.label_a %}<span class="label">{{ r.label_a }}</span>{% endif %}</td>
<td>{{ r.value_b }}{% if r.label_b %}<span class="label">{{ r.label_b }}</span>{% endif %}</td>
<td>{{ r.claim_a or "–" }} / {{ r.claim_b or "–" }}</td>
</tr>
{% endfor %}</tbody>
</table>
{% else %}<p>The two coders agree on every claim and every label compared.</p>
{% endif %}
</body>
</html>
"""


def render_agreement_page(agreement: Agreement, notes=()) -> str:
    """Return the HTML page of `agreement`: the per-column table and every disagreement; `notes` are shown as given."""
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = environment.from_string(TEMPLATE)
    return template.render(
        name_a=agreement.a.path.parent.name or "A",
        name_b=agreement.b.path.parent.name or "B",
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
