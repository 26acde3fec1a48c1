"""Label the claim strength, hedges and boosters of every sentence of a CSV file, streaming.

    python -m analysis strength --input sentences.csv --column sentence --output labelled.csv

The output is the input's rows with three columns added: `strength`, `hedges` (each cue
as `phrase:category`, joined by `;`) and `boosters`. Rows are read and written one at a
time, so files of any size fit in memory; the output appears only when complete.
"""

import csv
import sys
import time
from pathlib import Path

from analysis.common.files import atomic_output
from analysis.common.problems import Problem, WorkbookError
from analysis.language.detector import read_sentence

ADDED = ["strength", "hedges", "boosters"]
PROGRESS_EVERY = 5000


def label_file(input_path, column: str, output_path, progress=None) -> int:
    """Write `input_path`'s rows with strength, hedges and boosters added; return the row count."""
    input_path, output_path = Path(input_path), Path(output_path)
    if not input_path.is_file():
        raise WorkbookError(Problem(input_path, "file not found", hint="check the path given to --input"))
    output_path.parent.mkdir(parents=True, exist_ok=True)
    with (
        open(input_path, encoding="utf-8-sig", newline="") as source,
        atomic_output(output_path, "w", encoding="utf-8", newline="") as target,
    ):
        count = _label_rows(input_path, csv.DictReader(source), column, target, progress)
    return count


def _label_rows(path, reader, column, target, progress) -> int:
    fields = _check_header(path, reader, column)
    writer = csv.DictWriter(target, fieldnames=fields + [f for f in ADDED if f not in fields], lineterminator="\n")
    writer.writeheader()
    count = 0
    try:
        for count, row in enumerate(reader, 1):
            writer.writerow({**row, **describe_sentence(row[column] or "")})
            if progress and count % PROGRESS_EVERY == 0:
                progress(count)
    except UnicodeDecodeError as exc:
        raise WorkbookError(
            Problem(
                path,
                f"bytes that are not UTF-8 ({exc.reason})",
                line=reader.line_num + 1,
                hint="save the file as UTF-8",
            )
        ) from None
    except csv.Error as exc:
        raise WorkbookError(
            Problem(path, f"bad CSV: {exc}", line=reader.line_num, hint="check the quoting on that line")
        ) from None
    return count


def _check_header(path, reader, column) -> list[str]:
    try:
        fields = reader.fieldnames
    except UnicodeDecodeError:
        raise WorkbookError(Problem(path, "bytes that are not UTF-8", line=1, hint="save the file as UTF-8")) from None
    if not fields:
        raise WorkbookError(Problem(path, "the file is empty", line=1, hint="the first line must be a header"))
    if column not in fields:
        raise WorkbookError(
            Problem(
                path,
                "no such column in the header",
                line=1,
                column=column,
                value=column,
                hint="columns: " + ", ".join(fields),
            )
        )
    return list(fields)


def describe_sentence(sentence: str) -> dict:
    """Return the three added columns for one sentence."""
    reading = read_sentence(sentence)
    return {
        "strength": reading.strength,
        "hedges": ";".join(f"{c.text}:{c.category}" for c in reading.hedges),
        "boosters": ";".join(c.text for c in reading.boosters),
    }


def show_progress(started: float):
    """Return a callback that rewrites one status line on a terminal, or None off a terminal."""
    if not sys.stderr.isatty():
        return None

    def report(count: int) -> None:
        rate = count / max(time.perf_counter() - started, 1e-9)
        print(f"\r{count:,} sentences ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)

    return report
