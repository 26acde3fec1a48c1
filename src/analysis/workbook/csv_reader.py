"""Read the workbook's CSV files strictly, keeping the line each row starts on.

Tested in tests/workbook/test_validate.py.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.common import limits
from analysis.common.lines import line_at
from analysis.common.problems import Problem, quote_value
from analysis.common.suggestions import did_you_mean

BOM = b"\xef\xbb\xbf"
LINE = "line"
_UNDECODABLE = re.compile("[\udc80-\udcff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # all but tab, line feed and return
_ASCII_CONTROL = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_C1_LEAD = b"\xc2"  # UTF-8 writes U+0080 to U+009F (C1 controls) as C2 80 to C2 9F


@dataclass
class Table:
    """A CSV file read as text: one string column per header field, plus each row's line."""

    path: Path
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # the columns the file itself has


def read_table(path, columns: list[str], required: list[str], what: str = "rows") -> Table:
    """Read the CSV at `path`, checking encoding, quoting, header and field counts.

    Every problem is collected rather than raised, so that one run reports them all;
    rows that cannot be split into fields are left out of the frame (and reported).
    """
    path = Path(path)
    problems: list[Problem] = []
    text, suspect = _read_text(path, problems)
    if text is None:
        return Table(path, _empty_frame(columns), problems)
    header, rows = _parse(path, text, problems)
    if len(rows) > limits.MAX_ROWS:
        problems.append(
            Problem(
                path,
                f"the table has {len(rows):,} rows, more than the {limits.MAX_ROWS:,} the workbook reads",
                line=1,
                hint="split it (see SECURITY.md for the limits)",
            )
        )
        return Table(path, _empty_frame(columns), problems, header or [])
    if header is None:
        problems.append(
            Problem(
                path,
                "the file is empty: it has not even a header",
                line=1,
                hint="the first line must be the header: " + ",".join(columns),
            )
        )
        return Table(path, _empty_frame(columns), problems)
    if len(header) > limits.MAX_COLUMNS:  # refused before each name is checked against the columns, and not echoed
        problems.append(
            Problem(
                path,
                f"the header has {len(header):,} columns, more than the {limits.MAX_COLUMNS:,} the workbook reads",
                line=1,
                hint="the first line must be the header: " + ",".join(columns),
            )
        )
        return Table(path, _empty_frame(columns), problems, header[: limits.MAX_COLUMNS])
    if _wrong_delimiter(path, header, columns, problems):
        problems[:] = [p for p in problems if p.line == 1 or p.severity == "warning"]  # not the quoting it trips
        return Table(path, _empty_frame(columns), problems, header)
    _check_header(path, header, columns, required, problems)
    rows = _drop_empty_rows(path, rows, problems)
    frame = _build_frame(path, header, rows, columns, problems, check_bytes=suspect)
    problems[:] = _summarise_repeats(problems)
    if frame.empty and not problems:
        problems.append(
            Problem(
                path,
                f"the file has a header but no {what}",
                line=2,
                hint=f"add {what} below the header (see claims/README.md)",
                severity="warning",  # a new workbook starts so; git shows a table emptied by mistake
            )
        )
    return Table(path, frame, problems, header)


def _read_text(path: Path, problems) -> tuple[str | None, bool]:
    """Return the file's text and whether it may hold bytes or characters to report cell by cell."""
    if not path.is_file():
        problems.append(Problem(path, "file not found", hint="check the path, or restore the file from git"))
        return None, False
    if too_large := limits.refuse_large(path, limits.MAX_TABLE_BYTES, "table"):
        problems.append(too_large)
        return None, False
    data = path.read_bytes()
    if data.startswith(BOM):
        problems.append(
            Problem(
                path,
                "the file starts with a UTF-8 byte-order mark, which is ignored",
                line=1,
                severity="warning",
                hint="save as UTF-8 without BOM (Excel: 'CSV UTF-8' adds one)",
            )
        )
        data = data[len(BOM) :]
    if b"\r\n" in data:
        problems.append(
            Problem(
                path,
                "line ends are CRLF (Windows); they are read as LF",
                line=line_at(data, data.index(b"\r\n")),
                severity="warning",
                hint="save with LF line ends to keep diffs clean",
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _read_windows_1252(path, data, problems)
    return text, _may_hold_controls(data, text)


def _read_windows_1252(path: Path, data: bytes, problems) -> tuple[str, bool]:
    """Return a file that is not UTF-8: as Windows-1252, said once, when many of its lines need it; else as it is.

    A spreadsheet that saves "CSV" in the Windows code page turns every dash and curly quote
    into a byte UTF-8 refuses. Read as what it is, its other checks stay meaningful; a stray
    byte or two is reported cell by cell instead, where it stands.
    """
    bad_lines = sum(1 for line in data.splitlines() if _not_utf8(line))
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is None or bad_lines <= MAX_REPEATS:
        return data.decode("utf-8", errors="surrogateescape"), True
    problems.append(
        Problem(
            path,
            f"the file is not UTF-8: {bad_lines} lines read as Windows-1252 (cp1252)",
            line=1,
            hint="re-save it as UTF-8 (Excel: 'CSV UTF-8'); it was read as cp1252 for the other checks",
        )
    )
    return text, _may_hold_controls(text.encode("utf-8"), text)


def _not_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _may_hold_controls(data: bytes, text: str) -> bool:
    # bytes.translate scans 20 MB in a hundredth of a second, a regular expression in a tenth
    if len(data.translate(None, _ASCII_CONTROL)) != len(data):
        return True
    return _C1_LEAD in data and _CONTROL.search(text) is not None


def _parse(path: Path, text: str, problems):
    """Return the header and the (line, fields) of each row; a quoting error ends the rows."""
    try:
        with limits.bounded_csv_fields():
            records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        records = None
    if records and all(records) and len(records) == text.count("\n") + (not text.endswith("\n")):
        return records[0], list(enumerate(records[1:], start=2))  # one record per line: lines are counts
    return _parse_counting_lines(path, text, problems)


def _parse_counting_lines(path: Path, text: str, problems):
    """Parse record by record, noting the line each starts on (slower: for files with
    blank lines, line breaks inside fields or quoting errors)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header, rows, start = None, [], 1
    try:
        with limits.bounded_csv_fields():
            for record in reader:
                if record and header is None:
                    header = record
                elif record:
                    rows.append((start, record))
                start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(_quoting_problem(path, start, str(exc)))
    return header, rows


def _quoting_problem(path, line, reason) -> Problem:
    if "field larger than field limit" in reason:
        return Problem(
            path,
            f"a field is longer than {limits.MAX_CELL_CHARS:,} characters",
            line=line,
            hint="quote the shortest span that holds the claim; or a quote is never closed above",
        )
    if "unexpected end of data" in reason:
        return Problem(
            path,
            'unterminated quote: a field opened with " on this line is never closed',
            line=line,
            hint='close the quote, and write a quote inside a field as ""',
        )
    if "NUL" in reason:
        return Problem(path, "the line holds a NUL byte", line=line, hint="remove the byte; the file may not be text")
    return Problem(
        path,
        f"bad quoting in the row starting on this line ({reason})",
        line=line,
        hint='a field with a quote inside must be quoted whole, the inner quote written as ""',
    )


def _wrong_delimiter(path, header, columns, problems) -> bool:
    """Report a file whose columns are split by ';' or tabs (a spreadsheet's local CSV), once; True if so."""
    for delimiter, name in ((";", "semicolons"), ("\t", "tabs")):
        if len(header) == 1 and delimiter in header[0]:
            problems.append(
                Problem(
                    path,
                    f"the columns are separated by {name}, not commas",
                    line=1,
                    value=header[0],
                    hint="save as 'CSV UTF-8 (comma delimited)', or re-export with ',' as the separator",
                )
            )
            return True
    return False


def _drop_empty_rows(path, rows, problems) -> list:
    """Leave out rows of empty fields only (",,,," left by a spreadsheet), saying so once."""
    empty = [line for line, record in rows if not any(field.strip() for field in record)]
    if empty:
        lines = ", ".join(map(str, empty[:5])) + (" …" if len(empty) > 5 else "")
        problems.append(
            Problem(
                path,
                f"{len(empty)} row{'s' * (len(empty) != 1)} with no values, left out (line {lines})",
                line=empty[0],
                severity="warning",
                hint="delete the empty rows a spreadsheet leaves at the end",
            )
        )
    return [(line, record) for line, record in rows if any(field.strip() for field in record)]


MAX_REPEATS = 3  # the same problem in more rows than this is shown this often, then counted


def _summarise_repeats(problems: list[Problem]) -> list[Problem]:
    """Keep the first few of a problem repeated row after row (a file saved in the wrong encoding), then count."""
    seen, kept, extra = {}, [], {}
    for problem in problems:
        key = (problem.message, problem.column, problem.severity)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= MAX_REPEATS or problem.line is None:
            kept.append(problem)
        else:
            extra.setdefault(key, problem)
    for key, first in extra.items():
        more = seen[key] - MAX_REPEATS
        kept.append(
            Problem(
                first.path,
                f"and {more} more line{'s' * (more != 1)} with the same problem",
                line=first.line,
                column=first.column,
                severity=first.severity,
                hint=first.hint,
            )
        )
    return kept


def _check_header(path, header, columns, required, problems):
    seen = set()
    for name in header:
        if name in seen:
            problems.append(Problem(path, "column appears twice in the header", line=1, column=name))
        elif name not in columns:
            problems.append(
                Problem(
                    path, "unknown column", line=1, column=name, value=name, hint=did_you_mean(name, columns, "columns")
                )
            )
        seen.add(name)
    for name in required:
        if name not in seen:
            problems.append(
                Problem(
                    path,
                    "required column is missing from the header",
                    line=1,
                    column=name,
                    hint="add it to the first line (see claims/README.md)",
                )
            )


def _build_frame(path, header, rows, columns, problems, check_bytes: bool) -> pd.DataFrame:
    good, lines = [], []
    for line, record in rows:
        if len(record) != len(header):
            problems.append(
                Problem(
                    path,
                    f"the row has {len(record)} fields but the header has {len(header)}",
                    line=line,
                    hint="check for a missing comma, or an unquoted comma in a field",
                )
            )
            continue
        if check_bytes:
            _check_encoding(path, line, header, record, problems)
        good.append(record)
        lines.append(line)
    frame = pd.DataFrame(good, columns=header, dtype=object)
    frame = frame.loc[:, ~frame.columns.duplicated()]  # a column named twice is reported; its first copy is read
    frame = frame.loc[:, [c for c in frame.columns if c in columns]]
    for name in columns:
        if name not in frame:
            frame[name] = ""
    frame = frame[columns].astype(object)
    frame.insert(0, LINE, lines)
    return frame.reset_index(drop=True)


def _check_encoding(path, line, header, record, problems):
    for name, value in zip(header, record):
        if _UNDECODABLE.search(value):
            shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            problems.append(
                Problem(
                    path,
                    "bytes that are not UTF-8",
                    line=line,
                    column=name,
                    value=shown,
                    hint="save the file as UTF-8 (Excel: 'CSV UTF-8')",
                )
            )
        elif control := _CONTROL.search(value):
            problems.append(
                Problem(
                    path,
                    f"holds the control character {quote_value(control.group())}, which no "
                    "text needs and a terminal may obey",
                    line=line,
                    column=name,
                    value=value,
                    hint="delete it; where the source text has it, quote the words before or after it",
                )
            )


def _empty_frame(columns) -> pd.DataFrame:
    frame = pd.DataFrame({name: pd.Series(dtype=object) for name in columns})
    frame.insert(0, LINE, pd.Series(dtype=int))
    return frame
