"""Turn pandera's failure cases into problems a curator can act on: line, column, value and a hint.

Tested in tests/workbook/test_validate.py.
"""

import itertools
import re

from analysis.common.limits import MAX_ID_DIGITS, MAX_SLUG_CHARS
from analysis.common.problems import Problem
from analysis.workbook.csv_reader import LINE
from analysis.workbook.vocabulary import split_terms

CLAIM_ID = re.compile(rf"^C[0-9]{{4,{MAX_ID_DIGITS}}}$")  # ASCII digits: \d takes any script's (C０００１)
STUDY_ID = re.compile(rf"^S[0-9]{{4,{MAX_ID_DIGITS}}}$")
COUNT = re.compile(r"^[0-9]{1,9}$")


MAX_OTHER_LINES = 5  # the other lines a duplicate's hint names; the rest are counted


def describe_failures(path, cases, vocabulary, table) -> list[Problem]:
    """Return one Problem per pandera failure case of `table` (the lines of each duplicated value found once)."""
    cases = list(cases.itertuples(index=False))
    duplicated = {case.column for case in cases if str(case.check) == "field_uniqueness"}
    lines = {column: table.groupby(column, sort=False)[LINE].agg(list) for column in duplicated}
    line_of = dict(zip(table.index, table[LINE], strict=True))
    free = {column: next_id(table[column], letter) for column, letter in ID_LETTERS.items() if column in table}
    return [describe_failure(path, case, vocabulary, table, free, lines, line_of) for case in cases]


ID_LETTERS = {"claim_id": "C", "study_id": "S"}  # the id columns whose hints name the next free id


def describe_failure(path, case, vocabulary, table, free: dict, lines=None, line_of=None) -> Problem:
    """Return the Problem of one failure case; `free` maps an id column to its next free id, `lines` a column to
    the lines of each of its values, and `line_of` a row's index to its line in the file (each found once for all
    cases by `describe_failures`: the next free id once per case made 6,000 duplicate ids take minutes)."""
    index = int(case.index)
    row = {LINE: line_of[index] if line_of is not None else table.loc[index, LINE]}
    value, column, check = str(case.failure_case), case.column, str(case.check)
    kind, _, detail = check.partition(":")
    if check == "required":
        return Problem(
            path, "is empty", row[LINE], column, hint=f"every row needs a value in '{column}' (see claims/README.md)"
        )
    if check == "field_uniqueness":
        same = (lines or {}).get(column)
        return _duplicate(path, row, column, value, table, None if same is None else same.get(value, []), free)
    if kind == "terms":
        return _unknown_term(path, row, column, value, detail.split(":")[0], vocabulary, detail.endswith("many"))
    if kind == "member":
        return _unknown_source(path, row, column, value, table)
    if kind == "pattern":
        return _bad_pattern(path, row, column, value, detail, free)
    if kind == "choice":
        return Problem(path, f"must be one of {detail.split(':')[0].replace(',', ', ')}", row[LINE], column, value)
    if check == "none_alone":
        return Problem(
            path,
            "'none' cannot be combined with other hedging terms",
            row[LINE],
            column,
            value,
            hint="drop 'none', or drop the other terms",
        )
    return Problem(path, f"failed check {check}", row[LINE], column, value)


def _duplicate(path, row, column, value, table, same, free: dict) -> Problem:
    line = row[LINE]
    same = list(table.loc[table[column] == value, LINE]) if same is None else same
    shown = [str(n) for n in itertools.islice((n for n in same if n != line), MAX_OTHER_LINES)]
    more = len(same) - 1 - len(shown)  # `same` holds this row's line once; never scanned whole per row
    hint = f"also on line {', '.join(shown)}" + (f" and {more:,} more" if more > 0 else "")
    if column == "claim_id":
        hint += f"; give this claim a new id (next free: {free[column]})"
    return Problem(path, f"duplicate {column}", row[LINE], column, value, hint=hint)


def _unknown_term(path, row, column, value, section, vocabulary, many) -> Problem:
    terms = split_terms(value) if many else [value]
    if not many and len(split_terms(value)) > 1:
        return Problem(
            path,
            "takes a single term",
            row[LINE],
            column,
            value,
            hint="choose the one term that fits best; this column is not multi-valued",
        )
    bad = next((t for t in terms if t not in vocabulary.sections[section]), value)
    return Problem(
        path, f"unknown {section} term '{bad}'", row[LINE], column, value, hint=vocabulary.hint_term(section, bad)
    )


def _unknown_source(path, row, column, value, table) -> Problem:
    return Problem(
        path,
        "unknown source_id: no row of sources.csv has it",
        row[LINE],
        column,
        value,
        hint="add the source first (python -m analysis add-source) or correct the id",
    )


def _bad_pattern(path, row, column, value, kind, free: dict) -> Problem:
    messages = {
        "claim_id": (f"must be C followed by 4 to {MAX_ID_DIGITS} digits 0-9", None),
        "slug": (
            f"must be a slug: lower-case letters and digits joined by hyphens, at most {MAX_SLUG_CHARS} characters",
            "for example 'gut-brain-axis-depression'",
        ),
        "sha256": ("must be 64 lower-case hexadecimal digits", "compute it with: sha256sum FILE"),
        "date": ("must be a date written YYYY-MM-DD", "for example 2026-11-23"),
        "study_id": (f"must be S followed by 4 to {MAX_ID_DIGITS} digits 0-9", None),
        "count": (
            "must be a whole number, or empty when the text states none",
            "for example 120 (write 40 for 'about 40')",
        ),
    }
    message, hint = messages[kind]
    if kind in ("claim_id", "study_id") and column in free:
        hint = f"for example {free[column]}, the next free id"
    return Problem(path, message, row[LINE], column, value, hint=hint)


def next_claim_id(claim_ids) -> str:
    """Return the claim id after the highest one in `claim_ids` (C0001 when there is none)."""
    return next_id(claim_ids, "C")


def next_id(ids, letter: str) -> str:
    """Return the id after the highest of `ids` that is `letter` and digits (`letter`0001 when there is none)."""
    return next_ids(ids, letter, 1)[0]


def next_ids(ids, letter: str, count: int) -> list[str]:
    """Return the `count` ids after the highest of `ids` that is `letter` and digits, in order (one scan of `ids`)."""
    pattern = re.compile(rf"{letter}[0-9]{{4,{MAX_ID_DIGITS}}}")
    highest = max((int(i[1:]) for i in ids if isinstance(i, str) and pattern.fullmatch(i)), default=0)
    return [f"{letter}{number:04d}" for number in range(highest + 1, highest + 1 + count)]
