"""Where the claims' quotes stand in their sources: one problem for each quote not found, a warning for one placed
inside a longer sentence while the same words stand alone on a later line.

Tested in tests/workbook/test_validate.py.
"""

import pandas as pd

from analysis.common.problems import Problem, shorten
from analysis.workbook.csv_reader import LINE
from analysis.workbook.quotes import HINT_MIN_RATIO, SourceText, find_closest_passage, locate_quote


def locate_claim_quotes(path, claims, texts, problems) -> pd.DataFrame:
    """Return the claims with where each quote stands in its source (quote_start, quote_end, quote_line), adding
    a problem for each quote not found there and a warning for one placed where it may not be meant."""
    starts, ends, lines = [], [], []
    for row in claims[[LINE, "source_id", "quote"]].itertuples(index=False):
        source = texts.get(row.source_id)
        span = locate_quote(row.quote, source) if source is not None and row.quote.strip() else None
        if span is None and source is not None and row.quote.strip():
            problems.append(quote_not_found(path, row, source, "quote"))
        elif span is not None and (alone := _alone_later(source, row.quote, span)) is not None:
            problems.append(_ambiguous_quote(path, row, span.line, alone))
        starts.append(span and span.start)
        ends.append(span and span.end)
        lines.append(span and span.line)
    located = {"quote_start": starts, "quote_end": ends, "quote_line": lines}
    return claims.assign(**{name: pd.array(values, dtype="Int64") for name, values in located.items()})


def _alone_later(source: SourceText, quote: str, span) -> int | None:
    """Return the line where `quote` stands alone (a heading), when its first place, the one taken, runs on into
    a longer sentence ("Ask your pharmacist" before "to help you choose"); else None."""
    text = source.text
    line_end = text.find("\n", span.end)
    if not text[span.end : len(text) if line_end < 0 else line_end].strip():
        return None  # the first place ends its line: a title, a heading or a sentence's end
    at = text.find(quote, span.end)
    while at >= 0:
        before, after = text[text.rfind("\n", 0, at) + 1 : at], text[at + len(quote) :].split("\n", 1)[0]
        if not before.strip() and not after.strip():
            return source.line_of(at)
        at = text.find(quote, at + 1)
    return None


def _ambiguous_quote(path, row, first: int, alone: int) -> Problem:
    return Problem(
        path,
        f"quote is taken where it first stands, inside a longer sentence on line {first}; it stands alone on line "
        f"{alone}",
        row.line,
        "quote",
        row.quote,
        hint="if you mean the line that stands alone, quote it with the sentence after it, so that it is found there",
        severity="warning",
    )


def quote_not_found(path, row, source, column) -> Problem:
    """Return the problem of a quote (or sentence) not in its source, with the closest passage as a hint."""
    value = getattr(row, column)
    passage, ratio = find_closest_passage(value, source)
    hint = (
        f"the closest passage ({ratio:.0%} alike) reads: '{shorten(passage)}'"
        if ratio >= HINT_MIN_RATIO
        else "copy the words exactly from the source text"
    )
    return Problem(path, f"{column} not found in source '{row.source_id}'", row.line, column, value, hint=hint)
