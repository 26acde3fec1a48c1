"""Append rows to the workbook's tables: one curator at a time, the other rows byte for byte as they were.

Tested in tests/curation/test_add.py and tests/curation/test_edit.py.
"""

import csv
import io
import re
from pathlib import Path

from analysis.common import paths
from analysis.common.files import hold_lock

LOCK_FILE = ".claims.lock"
LOCK_TIMEOUT = 60


def lock_workbook(claims_dir=None, timeout: float = LOCK_TIMEOUT):
    """Hold `claims/.claims.lock` for the block, so that only one curator writes at a time."""
    return hold_lock(
        Path(claims_dir or paths.CLAIMS_DIR) / LOCK_FILE,
        timeout=timeout,
        busy=f"another curator has been writing for {timeout:.0f} s",
        hint="wait and try again; a curator's command that was stopped releases the lock by itself",
    )


def detect_line_end(data: bytes) -> str:
    """Return the line end the file `data` uses: CRLF when it holds one, else LF."""
    return "\r\n" if b"\r\n" in data else "\n"


def append_rows(data: bytes, rows: list[list[str]]) -> bytes:
    """Return the CSV file `data` with `rows` appended, its own bytes unchanged.

    Rows are written with the csv module (minimal quoting) in the file's line-end style;
    a last line without a line end gets one first.
    """
    line_end = detect_line_end(data)
    if data and not data.endswith(b"\n"):
        data += line_end.encode()
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator=line_end).writerows(rows)
    return data + buffer.getvalue().encode("utf-8")


def read_header(data: bytes) -> list[str]:
    """Return the column names on the first line of the CSV file `data` ([] for an empty file)."""
    first = data.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()[:1]
    return next(csv.reader(first), []) if first else []


def split_records(text: str) -> list[tuple[int, int, list[str]]]:
    """Return each CSV record of `text` (the header first) as (first line, end line, fields), lines counted from 0.

    Lines end at "\n" only, so that a record's lines are the file's own; a record whose
    quoted field holds a line break spans several lines.
    """
    lines = re.findall(r"[^\n]*\n|[^\n]+$", text)
    reader = csv.reader(iter(lines))
    records, start = [], 0
    for fields in reader:
        records.append((start, reader.line_num, fields))
        start = reader.line_num
    return records


def remove_row(data: bytes, number: int) -> bytes:
    """Return the CSV file `data` without its record `number` (1 for the first row under the header); every other
    byte stays as it was."""
    text = data.decode("utf-8")
    lines = re.findall(r"[^\n]*\n|[^\n]+$", text)
    start, end, _ = split_records(text)[number]
    kept = [*lines[:start], *lines[end:]]
    if end == len(lines) and not text.endswith("\n") and kept:
        kept[-1] = kept[-1].rstrip("\r\n")  # the removed last line had no line end: the new last keeps none
    return "".join(kept).encode("utf-8")


def replace_row(data: bytes, number: int, record: list[str]) -> bytes:
    """Return the CSV file `data` with its record `number` (1 for the first row under the header) replaced by `record`.

    Every other byte stays as it was: the record is written with the csv module
    (minimal quoting) in the file's line-end style, in place of the lines it spanned.
    """
    text = data.decode("utf-8")
    lines = re.findall(r"[^\n]*\n|[^\n]+$", text)
    start, end, _ = split_records(text)[number]
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator=detect_line_end(data)).writerow(record)
    written = buffer.getvalue()
    if end == len(lines) and not text.endswith("\n"):
        written = written.rstrip("\r\n")  # the last line had no line end: it keeps none
    return "".join([*lines[:start], written, *lines[end:]]).encode("utf-8")
