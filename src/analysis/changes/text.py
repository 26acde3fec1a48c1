"""Say what changed between two workbooks: a short plain-text summary, and Markdown for a CI summary or a PR comment.

Every text from the data is untrusted (see SECURITY.md): in plain text its control
characters are escaped; in Markdown it is escaped so that it shows as written and cannot
format text, make a link of brackets, break a table, embed HTML or mention anyone (a bare
web address may still show as a link: GitHub makes one of it).

Tested in tests/changes/test_text.py.
"""

import re

import pandas as pd

from analysis.changes.compare import Changes
from analysis.common.problems import escape_text, shorten

TEXT_ITEMS = 3  # items listed per section in the plain-text summary
TEXT_WIDTH = 110  # characters of an item in the plain-text summary
MARKDOWN_ROWS = 20  # rows per Markdown table; the rest are counted ("… and 12 more")
CELL_CHARS = 300  # characters of a Markdown cell
EMPTY = "(empty)"
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")  # inline Markdown (and GitHub's math) that text could trigger
HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
WHITE_SPACE = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")


def render_text(changes: Changes, items: int = TEXT_ITEMS) -> str:
    """Return a short plain-text summary: the counts, then the first `items` changes of each kind."""
    if changes.empty:
        return f"No changes: {changes.before} and {changes.after} have the same claims, grades and flags."
    counts = changes.summary()
    lines = [
        f"What changed from {changes.before} to {changes.after}:",
        f"  claims        {_claim_counts(changes, counts)}",
        f"  graded pairs  {_grade_counts(counts)}",
        f"  flags         {counts['flags appeared']} appeared, {counts['flags went away']} went away",
        *(f"note: {note}" for note in changes.notes),
    ]
    sections = {
        "Claims added": [f"{row.claim_id}: {row.claim}" for row in changes.added.itertuples()],
        "Claims removed": [f"{row.claim_id}: {row.claim}" for row in changes.removed.itertuples()],
        "Labels changed": [f"{r.claim_id} {r.column}: {_before_after(r)}" for r in changes.relabelled.itertuples()],
        "Graded pairs": [f"{row.change:<9} {_pair(row)}: {_grade_move(row)}" for row in changes.grades.itertuples()],
        "Flags": [f"{row.change:<9} {row.claim_id} {row.rule}: {row.reason}" for row in changes.flags.itertuples()],
    }
    for title, entries in sections.items():
        if entries:
            lines.append(f"{title}:")
            lines += [f"  {shorten(escape_text(entry), TEXT_WIDTH)}" for entry in entries[:items]]
            lines += [f"  … and {len(entries) - items} more"] if len(entries) > items else []
    return "\n".join(lines)


def render_markdown(changes: Changes, rows: int = MARKDOWN_ROWS) -> str:
    """Return Markdown (headings and GitHub tables) of every kind of change, each table cut after `rows` rows."""
    title = f"## What changed since {escape_markdown(changes.before)}\n\n"
    if changes.empty:
        return f"{title}No changes: {_both(changes)} have the same claims, grades and flags.\n"
    parts = [title + f"Compared {_both(changes)}.\n"]
    parts += [f"> **Note:** {escape_markdown(note)}\n" for note in changes.notes]
    counts = [[name, str(n)] for name, n in changes.summary().items() if n]
    parts.append(_table(["change", "count"], counts, len(counts)))
    parts += _claim_sections(changes, rows)
    if not changes.grades.empty:
        parts.append(f"### Graded pairs ({len(changes.grades)})\n")
        parts.append(
            _table(["pair", "change", "before", "after", "reason before", "reason after"], _grades(changes), rows)
        )
    if not changes.flags.empty:
        parts.append(f"### Flags ({len(changes.flags)})\n")
        flags = [[r.claim_id, r.rule, r.change, r.kind, r.reason] for r in changes.flags.itertuples()]
        parts.append(_table(["claim", "rule", "change", "kind", "reason"], flags, rows))
    return "\n".join(parts)


def escape_markdown(text) -> str:
    """Return `text` as one line of Markdown that shows exactly as written: no markup, no HTML, no @mention."""
    text = escape_text(WHITE_SPACE.sub(" ", str(text)))  # one line; other control characters shown as \\x..
    text = "".join(HTML_SPECIAL.get(char, char) for char in text)
    text = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text.replace("@", "@&#8203;")  # a zero-width space after @ keeps GitHub from mentioning anyone


def _claim_sections(changes: Changes, rows: int) -> list[str]:
    parts = []
    for title, table in (("Claims added", changes.added), ("Claims removed", changes.removed)):
        if not table.empty:
            parts.append(f"### {title} ({len(table)})\n")
            claims = [[r.claim_id, r.source_id, r.claim] for r in table.itertuples()]
            parts.append(_table(["claim", "source", "claim text"], claims, rows))
    relabelled = changes.relabelled
    if not relabelled.empty:
        columns = ", ".join(f"{name} {count}" for name, count in changes.columns_changed().items())
        parts.append(
            f"### Claims relabelled ({count(relabelled['claim_id'].nunique(), 'claim')}, "
            f"{count(len(relabelled), 'label')})\n\n"
            f"Changes by column: {escape_markdown(columns)}.\n"
        )
        labels = [[r.claim_id, r.column, r.old or EMPTY, r.new or EMPTY] for r in relabelled.itertuples()]
        parts.append(_table(["claim", "column", "before", "after"], labels, rows))
    return parts


def _grades(changes: Changes) -> list[list[str]]:
    return [
        [_pair(r), r.change, _grade_and_score(r.old_grade, r.old_score), _grade_and_score(r.new_grade, r.new_score)]
        + [r.old_reason if isinstance(r.old_reason, str) else "", r.new_reason if isinstance(r.new_reason, str) else ""]
        for r in changes.grades.itertuples()
    ]


def _table(header: list[str], body: list[list[str]], rows: int) -> str:
    """Return a GitHub table of the first `rows` rows of `body`, every cell escaped, and how many rows were left out."""
    lines = [_row(header), "| " + " | ".join("---" for _ in header) + " |"]
    lines += [_row(cells) for cells in body[:rows]]
    more = f"\n*… and {len(body) - rows} more.*\n" if len(body) > rows else ""
    return "\n".join(lines) + "\n" + more


def _row(cells) -> str:
    return "| " + " | ".join(escape_markdown(shorten(str(cell), CELL_CHARS)) or " " for cell in cells) + " |"


def _both(changes: Changes) -> str:
    return f"**{escape_markdown(changes.before)}** and **{escape_markdown(changes.after)}**"


def _claim_counts(changes: Changes, counts: dict) -> str:
    text = (
        f"{counts['claims added']} added, {counts['claims removed']} removed, {counts['claims relabelled']} relabelled"
    )
    if counts["labels changed"]:
        columns = changes.columns_changed()
        top = ", ".join(f"{name} {n}" for name, n in columns.head(TEXT_ITEMS).items())
        text += f" ({count(counts['labels changed'], 'label')}: {top}{', …' if len(columns) > TEXT_ITEMS else ''})"
    return text


def _grade_counts(counts: dict) -> str:
    names = ("grades raised", "grades lowered", "scores changed", "pairs appeared", "pairs went away")
    words = ("raised", "lowered", "rescored", "appeared", "went away")
    return ", ".join(f"{counts[name]} {word}" for name, word in zip(names, words))


def count(n: int, noun: str) -> str:
    """Return "1 claim", "2 claims"."""
    return f"{n} {noun}{'s' * (n != 1)}"


def _pair(row) -> str:
    return f"{row.condition} × {row.intervention}"


def _grade_move(row) -> str:
    return f"{_grade_and_score(row.old_grade, row.old_score)} → {_grade_and_score(row.new_grade, row.new_score)}"


def _grade_and_score(grade, score) -> str:
    """Return "weak (0.45)", or "—" for a pair not graded on that side."""
    return "—" if pd.isna(score) else f"{grade} ({score:.3g})"


def _before_after(row) -> str:
    return f"{row.old or EMPTY} → {row.new or EMPTY}"
