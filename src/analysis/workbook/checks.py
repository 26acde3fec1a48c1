"""Building blocks of the tables' schemas: pandera columns and checks that report as the workbook's problems.

Tested in tests/workbook/test_validate.py.
"""

import pandas as pd
import pandera.pandas as pa

from analysis.common.problems import Problem
from analysis.workbook.failures import describe_failures
from analysis.workbook.vocabulary import split_terms


def text_column(checks, unique: bool = False) -> pa.Column:
    # nullable: a cell is never missing (`read_table` gives "" for an empty one, which the
    # "required" check catches), so pandera is spared a null scan of each column.
    return pa.Column(object, checks, nullable=True, unique=unique)


def make_check(test, name: str) -> pa.Check:
    # ignore_na=False: no cell is missing (see `text_column`), so no null scan before each check
    return pa.Check(test, name=name, ignore_na=False)


def required() -> pa.Check:
    return make_check(is_filled, "required")


def pattern(regex, kind, max_chars: int | None = None) -> pa.Check:
    # fullmatch: `$` alone lets a value end in a line break ("C0001\n"), which then names a report file
    longest = max_chars or float("inf")
    matches = lambda s: pd.Series(
        [v == "" or (len(v) <= longest and regex.fullmatch(v) is not None) for v in s.tolist()],  # noqa: E731
        index=s.index,
        dtype=bool,
    )
    return make_check(matches, f"pattern:{kind}")


def member(allowed: set, kind) -> pa.Check:
    return make_check(lambda s: s.isin(allowed | {""}), f"member:{kind}")


def terms_of(vocabulary, section, many: bool) -> pa.Check:
    allowed = set(vocabulary.terms(section))
    if many:
        test = lambda s: per_value(s, lambda v: all(t in allowed for t in split_terms(v)))  # noqa: E731
    else:
        test = lambda s: s.isin(allowed | {""})  # noqa: E731
    return make_check(test, f"terms:{section}:{'many' if many else 'one'}")


def is_filled(series: pd.Series) -> pd.Series:
    """Return whether each cell holds more than white space (a plain loop beats pandas' `.str` here)."""
    return pd.Series([value.strip() != "" for value in series.tolist()], index=series.index, dtype=bool)


def per_value(series: pd.Series, test) -> pd.Series:
    """Return `test` of each cell, computed once per distinct value (term columns repeat a lot)."""
    return series.map({value: test(value) for value in series.unique()}).astype(bool)


def none_alone(series: pd.Series) -> pd.Series:
    return per_value(series, lambda v: "none" not in split_terms(v) or len(split_terms(v)) == 1)


def check_frame(path, frame, schema, vocabulary, table, header=None) -> list[Problem]:
    """Check `frame` against `schema`, only in the columns the file has (a missing one is reported once, as such)."""
    present = {
        name: col for name, col in schema.columns.items() if name in frame and (header is None or name in header)
    }
    schema = schema.replace(columns=present) if hasattr(schema, "replace") else pa.DataFrameSchema(present)
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.dropna(subset=["index"])
        return describe_failures(path, cases, vocabulary, table)
    return []
