"""Add a study the draft missed to studies.csv, after `accept`: under the next free id, its columns read as `edit_study`
reads them, its quote found in the text, the workbook validated before anything is written.

from analysis.curation.add_study import add_study
add_study("fmt-trial-news", {"quote": "…", "design": "rct", …})   # "S0018"

Tested in tests/cli/test_edit_command.py.
"""

from pathlib import Path

from analysis.common import paths
from analysis.common.files import write_atomically
from analysis.common.problems import Problem, WorkbookError
from analysis.curation.add import find_quote, read_source_text
from analysis.curation.candidate import refuse_errors, validate_candidate
from analysis.curation.edit import read_editable_table, read_study_changes
from analysis.workbook.csv_reader import read_table
from analysis.workbook.failures import next_ids
from analysis.workbook.quotes import fold_text
from analysis.workbook.storage import append_rows, lock_workbook
from analysis.workbook.validate import CLAIM_COLUMNS, CLAIM_REQUIRED
from analysis.workbook.vocabulary import load_vocabulary, split_terms


def add_study(source_id: str, cells: dict, claims_dir=None) -> str:
    """Add a study the draft missed to studies.csv, under the next free id; return the id.

    `cells` are read as `edit_study` reads them; its quote must stand in the source's text. Raises WorkbookError,
    with nothing written, for an unknown source, a quote not in the text, an unknown term, or a workbook that would
    not validate (a required column left empty: design, control, population, interventions, outcomes, direction,
    reporting).
    """
    vocabulary = load_vocabulary(claims_dir)
    base = Path(claims_dir or paths.CLAIMS_DIR)
    file = base / paths.STUDIES_FILE
    with lock_workbook(base):
        data, records = read_editable_table(file, "studies")
        header = [column.lstrip("\ufeff") for column in records[0][2]]
        new = _checked_study(file, vocabulary, source_id, cells, base)
        rows = [dict(zip(header, fields)) for _, _, fields in records[1:]]
        _refuse_twice(file, rows, source_id, new["quote"])
        row = {**dict.fromkeys(header, ""), **new, "study_id": _next_study_id(rows, base), "source_id": source_id}
        updated = append_rows(data, [[row[column] for column in header]])
        refuse_errors(validate_candidate(base, {paths.STUDIES_FILE: updated}), "study")
        write_atomically(file, updated)
    return row["study_id"]


def _checked_study(file: Path, vocabulary, source_id: str, cells: dict, base: Path) -> dict:
    """Return a new study's cells, terms resolved; raise WorkbookError telling every mistake at once: an unknown term,
    an unknown source, a missing quote or one the text does not hold."""
    problems: list = []
    new = _collect(problems, read_study_changes, file, vocabulary, cells) or {}
    source = _collect(problems, read_source_text, source_id, base)
    quote = str(cells.get("quote") or "").strip()
    if not quote:
        hint = "give --quote: the sentence of the text that describes the study"
        problems.append(Problem(file, "a study needs its quote", column="quote", hint=hint))
    elif source is not None:
        text_path, text = source
        _collect(problems, find_quote, quote, source_id, text, text_path)
    if problems:
        raise WorkbookError(problems)
    return new


def _collect(problems: list, check, *args):
    """Return `check(*args)`, or None with the problems its WorkbookError tells added to `problems`."""
    try:
        return check(*args)
    except WorkbookError as exc:
        problems += exc.problems
        return None


def _refuse_twice(file: Path, rows: list[dict], source_id: str, quote: str) -> None:
    """Raise WorkbookError when a study of `source_id` already has `quote` (matched in any case)."""
    same = [
        r["study_id"]
        for r in rows
        if r.get("source_id") == source_id and fold_text(r.get("quote", "")).casefold() == fold_text(quote).casefold()
    ]
    if same:
        hint = f"correct it with edit-study {same[0]}, or quote the sentence that describes the other study"
        raise WorkbookError(Problem(file, f"{same[0]} is this study already", column="quote", value=quote, hint=hint))


def _next_study_id(rows: list[dict], base: Path) -> str:
    """The next free study id: after every id of studies.csv and every id a claim names (a link whose study was
    removed must not come to name another)."""
    return next_ids([r.get("study_id", "") for r in rows] + _linked_ids(base / paths.CLAIMS_FILE), "S", 1)[0]


def _linked_ids(file: Path) -> list[str]:
    """The study ids the `studies` cells of claims table `file` name (none when it cannot be read: validation says
    why)."""
    frame = read_table(file, CLAIM_COLUMNS, CLAIM_REQUIRED, "claims").frame
    return [study for cell in frame.get("studies", []) for study in split_terms(cell)]
