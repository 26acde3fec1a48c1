"""Show tables and headings in notebooks and their HTML: text wrapped, never cut, always escaped."""

import html

import pandas as pd
from IPython.display import HTML

from analysis.workbook.vocabulary import SEPARATOR, split_terms

TABLE_CLASS = "wb-table"  # styled by templates/report.css in the built pages
SCROLL_CLASS = "wb-scroll"  # the box a table scrolls sideways in on a narrow screen


MAX_ROWS = 300
FOLD_ROWS = 12  # a longer table is folded under a line that says what it holds and how many rows


def show_table(
    data: pd.DataFrame,
    *,
    caption: str | None = None,
    percent=(),
    empty: str = "None.",
    max_rows: int | None = MAX_ROWS,
    fold: str | None | bool = None,
    anchors: str | None = None,
    links: dict | None = None,
    names: dict | None = None,
) -> HTML:
    """Return `data` as an HTML table: every cell escaped and shown whole, long text wrapped.

    Columns named in `percent` (True: every numeric column) are shown as percentages, other
    decimals with two places.
    An empty table shows `empty`. At most `max_rows` rows are shown (None: all), and the
    caption says how many more there are, so that pages stay small enough to open at once.
    A table of more than FOLD_ROWS rows is folded under `fold` (default: the caption, or
    "Show the table") and its row count, so that a page reads at a glance offline; `fold=False`
    never folds.
    `anchors` names a column whose values become the rows' ids, so that `page.html#C0001`
    lands on a row (a browser opens a folded table to show it). `links` maps a column to a
    function giving the address of each id in its cells ("S0001; S0002" is two links), or
    None to leave an id as text; `names` maps such a column to the words shown for each id
    (an article's title for its source_id), the id itself where it has none.
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
    ids = [str(v) for v in frame[anchors]] if anchors is not None and anchors in frame else None
    frame = _blank_missing_integers(frame)
    formatters = dict.fromkeys(percent, _as_percent)
    if links:  # the cells hold markup: every other text is escaped here, not by pandas
        text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
        formatters = dict.fromkeys(text, _escaped) | formatters
        named = names or {}
        formatters |= {c: _linker(href, named.get(c, {})) for c, href in links.items() if c in frame}
        frame = frame.rename(columns=lambda c: html.escape(str(c)))
        formatters = {html.escape(str(c)): f for c, f in formatters.items()}
    markup = frame.to_html(
        index=False,
        escape=not links,
        na_rep="",
        border=0,
        justify="left",
        classes=TABLE_CLASS,
        formatters=formatters,
        float_format=_two_places,
    )
    if ids is not None:
        markup = _add_row_ids(markup, ids)
    if caption:
        markup = markup.replace(">", f"><caption>{html.escape(caption)}</caption>", 1)
    markup = f'<div class="{SCROLL_CLASS}">{markup}</div>'  # a table wider than the screen scrolls in here
    if rows > FOLD_ROWS and fold is not False:
        summary = html.escape(fold or caption or "Show the table")
        markup = f'<details class="wb-fold"><summary>{summary} ({rows:,} rows)</summary>{markup}</details>'
    return HTML(markup)


def _as_percent(value) -> str:
    return "" if pd.isna(value) else f"{value:.0%}"


def _two_places(value) -> str:
    return f"{value:.2f}"


def _blank_missing_integers(frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` with its nullable integer columns (Int64) as text, blank where missing (not "<NA>")."""
    wholes = [c for c, dtype in frame.dtypes.items() if isinstance(dtype, pd.Int64Dtype)]
    if not wholes:
        return frame
    frame = frame.copy()
    for column in wholes:
        frame[column] = [("" if pd.isna(v) else str(v)) for v in frame[column]]
    return frame


def _escaped(value) -> str:
    return "" if not isinstance(value, str) and pd.isna(value) else html.escape(str(value))


def _linker(href, names: dict):
    """Return a formatter writing each id of a cell as a link to `href(id)`, or as text when that is None; the link
    reads `names[id]` where the id has a name."""

    def link(value) -> str:
        if not isinstance(value, str):
            return _escaped(value)
        parts = []
        for item in split_terms(value):
            target = href(item)
            text = html.escape(names.get(item, item))
            parts.append(f'<a href="{html.escape(target)}">{text}</a>' if target else text)
        return f"{SEPARATOR} ".join(parts)

    return link


def _add_row_ids(markup: str, ids: list[str]) -> str:
    """Return the table `markup` with each body row's id set to the next of `ids`."""
    head, found, body = markup.partition("<tbody>")
    rows = body.split("<tr>")
    if not found or len(rows) != len(ids) + 1:
        return markup
    tagged = [f'<tr id="{html.escape(row_id)}">{row}' for row_id, row in zip(ids, rows[1:])]
    return head + found + rows[0] + "".join(tagged)


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
    kind = workbook.vocabulary.label("source_kinds", row["kind"]) if row["kind"] else ""
    details = " · ".join(v for v in (kind, row["publisher"], row["published"], row["url"]) if v)
    return show_heading(row["title"], details)


def show_terms(terms, empty: str = "None.") -> HTML:
    """Return a sentence listing `terms`, escaped, or `empty` when there are none."""
    return HTML(f"<p>{html.escape(', '.join(terms)) if terms else html.escape(empty)}</p>")
