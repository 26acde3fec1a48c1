"""Show tables and headings in notebooks and their HTML: text wrapped, never cut, always escaped."""

import html

import pandas as pd
from IPython.display import HTML

TABLE_CLASS = "wb-table"  # styled by templates/report.css in the built pages


MAX_ROWS = 300
FOLD_ROWS = 12  # a longer table is folded under a line that says what it holds and how many rows


def show_table(
    data: pd.DataFrame,
    *,
    caption: str | None = None,
    percent=(),
    empty: str = "None.",
    max_rows: int | None = MAX_ROWS,
    fold: str | None = None,
) -> HTML:
    """Return `data` as an HTML table: every cell escaped and shown whole, long text wrapped.

    Columns named in `percent` (True: every numeric column) are shown as percentages, other
    decimals with two places.
    An empty table shows `empty`. At most `max_rows` rows are shown (None: all), and the
    caption says how many more there are, so that pages stay small enough to open at once.
    A table of more than FOLD_ROWS rows is folded under `fold` (default: the caption, or
    "Show the table") and its row count, so that a page reads at a glance offline.
    (pandas' `to_html`, not its Styler: the Styler takes four times as long per table,
    which adds up over a thousand reports.)
    """
    rows = len(data)
    if data.empty:
        return HTML(f"<p><em>{html.escape(empty)}</em></p>")
    if max_rows is not None and len(data) > max_rows:
        note = (
            f"Showing the first {max_rows:,} of {len(data):,} rows; run the notebook in JupyterLab "
            "with max_rows=None to see them all."
        )
        caption = f"{caption} {note}" if caption else note
        data = data.head(max_rows)
    if percent is True:
        percent = list(data.select_dtypes("number").columns)
    frame = (data.reset_index() if _has_named_index(data) else data).rename_axis(columns=None)
    markup = frame.to_html(
        index=False,
        escape=True,
        na_rep="",
        border=0,
        justify="left",
        classes=TABLE_CLASS,
        formatters=dict.fromkeys(percent, _as_percent),
        float_format=_two_places,
    )
    if caption:
        markup = markup.replace(">", f"><caption>{html.escape(caption)}</caption>", 1)
    if rows > FOLD_ROWS:
        summary = html.escape(fold or caption or "Show the table")
        markup = f'<details class="wb-fold"><summary>{summary} ({rows:,} rows)</summary>{markup}</details>'
    return HTML(markup)


def _as_percent(value) -> str:
    return "" if pd.isna(value) else f"{value:.0%}"


def _two_places(value) -> str:
    return f"{value:.2f}"


def _has_named_index(data: pd.DataFrame) -> bool:
    return any(name is not None for name in data.index.names)


def show_heading(title: str, subtitle: str = "", level: int = 1):
    """Return an escaped heading with an optional line of explanation below it."""
    text = f"<h{level}>{html.escape(title)}</h{level}>"
    if subtitle:
        text += f"<p>{html.escape(subtitle)}</p>"
    return HTML(text)


def show_term(vocabulary, section: str, slug: str):
    """Return a heading with the label and definition of vocabulary term `slug`.

    Raises ParameterError (a ValueError), naming the term meant, when `slug` names no term of
    `section`; a label or synonym is accepted.
    """
    term = vocabulary.term(section, vocabulary.require(section, slug))
    return show_heading(term.label, term.definition)


def show_source(workbook, source_id: str):
    """Return a heading with a source's title, kind and publisher.

    Raises ParameterError (a ValueError), naming the source meant, when `source_id` is not in
    sources.csv.
    """
    row = workbook.sources.set_index("source_id").loc[workbook.require_source(source_id)]
    details = " · ".join(v for v in (row["kind"], row["publisher"], row["published"], row["url"]) if v)
    return show_heading(row["title"], details)


def show_terms(terms, empty: str = "None.") -> HTML:
    """Return a sentence listing `terms`, escaped, or `empty` when there are none."""
    return HTML(f"<p>{html.escape(', '.join(terms)) if terms else html.escape(empty)}</p>")
