"""Accept a reviewed draft in one command: every row checked, then its claims, studies and non-claims written at once.

from analysis.curation.accept import accept_draft
accepted = accept_draft("claims/drafts/fmt-trial-news.csv")   # raises WorkbookError, nothing written, on any problem
checked = accept_draft("claims/drafts/fmt-trial-news.csv", write=False)  # the same checks and ids; writes nothing

Claims get the next free claim ids and studies the next free study ids (the draft's
names for its studies, `new-1` …, are replaced in the claims that link them). The
workbook as it would be is validated before anything is written; a problem in an added
row is told with the draft's file and line. The three tables are then replaced each by
an atomic rename, one after the other with Ctrl-C held off, under the workbook's lock.

Tested in tests/curation/test_accept.py.
"""

import contextlib
import csv
import dataclasses
import io
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from analysis.common import paths
from analysis.common.files import write_atomically
from analysis.common.problems import Problem, WorkbookError
from analysis.curation.add import header_of, read_source_text
from analysis.curation.candidate import validate_candidate
from analysis.curation.draft_review import Reviewed, check_links, check_quotes, read_review
from analysis.workbook.csv_reader import read_table
from analysis.workbook.failures import next_ids
from analysis.workbook.quotes import fold_text
from analysis.workbook.storage import append_rows, lock_workbook, read_header
from analysis.workbook.studies import STUDY_COLUMNS, STUDY_REQUIRED
from analysis.workbook.validate import (
    CLAIM_COLUMNS,
    CLAIM_REQUIRED,
    REVIEWED_COLUMNS,
    SOURCE_COLUMNS,
    SOURCE_REQUIRED,
)
from analysis.workbook.vocabulary import SEPARATOR, load_vocabulary, split_terms


@dataclass
class Acceptance:
    """What accepting a draft added: claim ids, study ids, sentences reviewed as not claims, rows dropped."""

    draft: Path
    claims: list[str]
    studies: list[str]
    non_claims: int
    dropped: int


def accept_draft(draft_path, claims_dir=None, write: bool = True) -> Acceptance:
    """Check every row of the reviewed draft at `draft_path`, then add its rows to the workbook's tables (with
    `write=False`, only check them and say what would be added: a dry run).

    Raises WorkbookError, with one problem per mistake and nothing written, for a draft
    that is missing or malformed, a row left unreviewed, an unknown term (with "did you
    mean"), a quote not in its text, a claim, study or sentence already in the workbook,
    or a workbook that would not validate.
    """
    base = Path(claims_dir or paths.CLAIMS_DIR)
    vocabulary = load_vocabulary(claims_dir)
    sources = read_table(paths.sources_path(base), SOURCE_COLUMNS, SOURCE_REQUIRED, "sources").frame
    with lock_workbook(base):
        try:
            reviewed = read_review(draft_path, vocabulary, set(sources["source_id"]), base)
        except WorkbookError as exc:
            raise WorkbookError([*exc.problems, _nothing_written(Path(draft_path))]) from None
        tables = _Tables.read(base)
        _check_rows(reviewed, tables, base)
        if reviewed.problems:
            raise WorkbookError([*reviewed.problems, _nothing_written(reviewed.path)])
        files, places, ids = _assemble(reviewed, tables, base)
        errors = [_repoint(p, places, reviewed.path) for p in validate_candidate(base, files)]
        if errors:
            raise WorkbookError([*errors, _nothing_written(reviewed.path, "the workbook would not validate")])
        if write:
            _write_all(base, files)
    return Acceptance(reviewed.path, ids["claims"], ids["studies"], len(reviewed.non_claims), reviewed.dropped)


@dataclass
class _Tables:
    """The bytes of the tables a draft adds to (b"" for one not there yet), and what they already hold."""

    claims: bytes
    studies: bytes
    reviewed: bytes
    claim_keys: dict  # (source_id, folded quote, folded claim) -> claim_id
    study_keys: dict  # (source_id, folded quote) -> study_id
    sentence_keys: set  # (source_id, folded sentence)
    claim_ids: list  # every claim id taken, and every study id
    study_ids: list

    @classmethod
    def read(cls, base: Path) -> "_Tables":
        data = {name: _read(base / name) for name in (paths.CLAIMS_FILE, paths.STUDIES_FILE, paths.REVIEWED_FILE)}
        claims = read_table(paths.claims_path(base), CLAIM_COLUMNS, CLAIM_REQUIRED, "claims").frame
        studies = read_table(paths.studies_path(base), STUDY_COLUMNS, STUDY_REQUIRED, "studies").frame
        reviewed = read_table(paths.reviewed_path(base), REVIEWED_COLUMNS, REVIEWED_COLUMNS, "sentences").frame
        return cls(
            data[paths.CLAIMS_FILE],
            data[paths.STUDIES_FILE],
            data[paths.REVIEWED_FILE],
            {_claim_key(r): r["claim_id"] for r in claims.to_dict("records")},
            {(r["source_id"], _fold(r["quote"])): r["study_id"] for r in studies.to_dict("records")},
            {(r["source_id"], _fold(r["sentence"])) for r in reviewed.to_dict("records")},
            list(claims["claim_id"]),
            list(studies["study_id"]),
        )


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def _fold(text: str) -> str:
    return fold_text(text).casefold().strip()


def _claim_key(row: dict) -> tuple:
    return row["source_id"], _fold(row["quote"]), _fold(row["claim"] or row["quote"])


def _check_rows(reviewed: Reviewed, tables: _Tables, base: Path) -> None:
    """Add the problems that need the workbook: quotes not in their texts, links, repeats of what it holds."""
    needed = {row["source_id"] for row in (*reviewed.claims, *reviewed.non_claims)}
    found = {source_id: read_source_text(source_id, base) for source_id in needed}
    check_quotes(reviewed, {s: text for s, (_, text) in found.items()}, {s: path for s, (path, _) in found.items()})
    check_links(reviewed, set(tables.study_ids))
    _check_repeats(reviewed, tables)


def _check_repeats(reviewed: Reviewed, tables: _Tables) -> None:
    """Add a problem for each row the workbook (or the draft above it) holds already, or that has no column there."""
    header = read_header(tables.claims) or CLAIM_COLUMNS
    seen: dict = {}
    for claim in reviewed.claims:
        lost = [c for c in CLAIM_COLUMNS if claim.get(c) and c not in header]
        if lost:
            hint = f"empty the cell, or add '{lost[0]}' to the header line of claims.csv (see claims/README.md)"
            _add(reviewed, claim, lost[0], "claims.csv has no such column", hint)
        key = _claim_key(claim)
        if key in tables.claim_keys or key in seen:
            known = tables.claim_keys.get(key)
            message = (
                f"claims.csv has this claim already, as {known}" if known else f"the same claim as line {seen[key]}"
            )
            _add(reviewed, claim, "quote", message, "drop the row, or restate the claim")
        seen.setdefault(key, claim["line"])
    studied = read_header(tables.studies) or STUDY_COLUMNS
    for study in reviewed.studies:
        lost = [c for c in STUDY_COLUMNS if study.get(c) and c not in studied]
        if lost:
            hint = f"empty the cell, or add '{lost[0]}' to the header line of studies.csv (see claims/README.md)"
            _add(reviewed, study, lost[0], "studies.csv has no such column", hint)
        key = (study["source_id"], _fold(study["quote"]))
        if key in tables.study_keys or study["study_id"] in tables.study_ids:
            known = tables.study_keys.get(key, study["study_id"])
            hint = f"link {known} from the claims and drop this row"
            _add(reviewed, study, "quote", f"studies.csv already has this study as {known}", hint)
    for row in reviewed.non_claims:
        if (row["source_id"], _fold(row["sentence"])) in tables.sentence_keys:
            _add(reviewed, row, "quote", "reviewed_non_claims.csv already has this sentence", "drop the row")


def _add(reviewed: Reviewed, row: dict, column: str, message: str, hint: str) -> None:
    value = row.get(column, row.get("sentence", ""))
    reviewed.problems.append(Problem(reviewed.path, message, row["line"], column, value, hint))


def _nothing_written(path: Path, why: str = "") -> Problem:
    reason = f": {why}" if why else ""
    return Problem(path, f"nothing written{reason}", hint="correct the draft, then run accept again")


# --- the tables as they would be ---------------------------------------------------------------------


def _assemble(reviewed: Reviewed, tables: _Tables, base: Path):
    """Return the new bytes of each table, where each added row lands ({(file, line): draft line}), and the new ids."""
    places: dict = {}
    study_ids = _study_ids(reviewed, tables)
    header = header_of(paths.claims_path(base), tables.claims, reviewed.claims)
    claim_ids = _claim_ids(tables, reviewed)
    studied = read_header(tables.studies) if tables.studies else STUDY_COLUMNS  # an older file: its own columns
    claim_records = []
    for claim_id, claim in zip(claim_ids, reviewed.claims):
        linked = SEPARATOR.join(study_ids.get(s, s) for s in split_terms(claim["studies"]))
        row = {**claim, "claim_id": claim_id, "studies": linked}
        claim_records.append([str(row.get(c) or "") for c in header])
    files = {}
    for name, data, columns, records, rows in (
        (paths.CLAIMS_FILE, tables.claims, header, claim_records, reviewed.claims),
        (paths.STUDIES_FILE, tables.studies, studied, _study_records(reviewed, study_ids, studied), reviewed.studies),
        (paths.REVIEWED_FILE, tables.reviewed, REVIEWED_COLUMNS, _sentence_records(reviewed), reviewed.non_claims),
    ):
        if records:
            files[name], lines = _append(data or _header_line(columns), records)
            places.update({(name, line): row["line"] for line, row in zip(lines, rows)})
    return files, places, {"claims": claim_ids, "studies": list(study_ids.values())}


def _claim_ids(tables: _Tables, reviewed: Reviewed) -> list[str]:
    return next_ids(tables.claim_ids, "C", len(reviewed.claims))


def _study_ids(reviewed: Reviewed, tables: _Tables) -> dict:
    """Map each accepted study's draft name to the next free study id, in the draft's order."""
    names = [study["study_id"] for study in reviewed.studies]
    return dict(zip(names, next_ids(tables.study_ids, "S", len(names)), strict=True))


def _study_records(reviewed: Reviewed, study_ids: dict, columns: list[str]) -> list[list[str]]:
    return [[study_ids[s["study_id"]] if c == "study_id" else s.get(c, "") for c in columns] for s in reviewed.studies]


def _sentence_records(reviewed: Reviewed) -> list[list[str]]:
    return [[row[c] for c in REVIEWED_COLUMNS] for row in reviewed.non_claims]


def _header_line(columns) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(columns)
    return buffer.getvalue().encode("utf-8")


def _append(data: bytes, records: list[list[str]]) -> tuple[bytes, list[int]]:
    """Return `data` with `records` appended (as append_rows writes them) and the line each record starts on."""
    if data and not data.endswith(b"\n"):
        data = append_rows(data, [])
    lines, line = [], data.count(b"\n") + 1
    for record in records:
        lines.append(line)
        updated = append_rows(data, [record])
        line += updated.count(b"\n") - data.count(b"\n")
        data = updated
    return data, lines


def _repoint(problem: Problem, places: dict, draft: Path) -> Problem:
    """Point a problem in an added row of a table at the draft's row it came from."""
    key = (Path(problem.path).name, problem.line)
    if key in places:
        return dataclasses.replace(problem, path=draft, line=places[key])
    return problem


def _write_all(base: Path, files: dict) -> None:
    """Replace each changed table by an atomic rename, the claims last (they link the studies), Ctrl-C held off."""
    order = [n for n in (paths.STUDIES_FILE, paths.REVIEWED_FILE, paths.CLAIMS_FILE) if n in files]
    with _held_interrupts():
        for name in order:
            write_atomically(base / name, files[name])


@contextlib.contextmanager
def _held_interrupts():
    """Hold Ctrl-C off for the block and raise it after, so that the tables are written all or none (main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt
