"""Edit the workbook in place: relabel a claim, correct a study, record a sentence as not a claim; each
checked, then written atomically.

from analysis.curation.edit import edit_claim, edit_study, record_non_claim
edit_claim("C0012", {"conditions": "anxiety;mood", "notes": "-"})     # [("conditions", "anxiety", "anxiety;mood"), …]
edit_study("S0017", {"design": "controlled-trial", "participants": "142"})
record_non_claim("fmt-trial-news", "Sign up for our newsletter.", "page furniture")
withdraw_non_claim("fmt-trial-news", "Sign up for our newsletter.")   # "page furniture": the reason it had

Values are read as `add-claim` reads them: a term's slug, label or synonym, `;` between
terms, `-` for an empty cell. The workbook as it would be is validated before anything is
written, under the workbook's lock; the other rows stay byte for byte as they were.

Tested in tests/curation/test_edit.py.
"""

import re
from pathlib import Path

from analysis.common import paths
from analysis.common.files import write_atomically
from analysis.common.problems import Problem, WorkbookError, shorten
from analysis.common.suggestions import did_you_mean, find_closest
from analysis.curation.add import find_quote, read_source_text
from analysis.curation.candidate import refuse_errors, validate_candidate
from analysis.curation.draft_review import STUDY_TERMS
from analysis.curation.propose import resolve_labels
from analysis.language.sentences import split_sentences
from analysis.workbook.quotes import SourceText, fold_text, locate_quote
from analysis.workbook.storage import append_rows, lock_workbook, remove_row, replace_row, split_records
from analysis.workbook.studies import STUDY_COLUMNS
from analysis.workbook.validate import CLAIM_COLUMNS, REVIEWED_COLUMNS
from analysis.workbook.vocabulary import SEPARATOR, load_vocabulary, split_terms

EMPTY = "-"
EDITABLE = ("quote", *CLAIM_COLUMNS[3:])  # quote, claim … notes: what a curator may change of a claim
STUDY_EDITABLE = tuple(STUDY_COLUMNS[2:])  # quote, design … notes: what a curator may change of a study
_NUMBER = re.compile(r"^[a-zA-Z]?0*(\d{1,12})$")  # "C12", "12", "s0017": the number of an id


def edit_claim(claim_id: str, changes: dict, claims_dir=None, add_note: str = "") -> list[tuple[str, str, str]]:
    """Set columns of claim `claim_id` in claims.csv; return each (column, before, after) that changed.

    `add_note` is appended to the claim's notes ("; " between), keeping what they say
    ("language-ok" added to a note that explains the labels).

    Naming studies empties the evidence level, and giving an evidence level empties the
    studies, unless both are given: a claim's evidence is one or the other. Raises
    WorkbookError, with nothing written, for an unknown claim id ("did you mean"), a
    column the claims table lacks, an unknown term, a quote not in the text, or a
    workbook that would not validate.
    """
    vocabulary = load_vocabulary(claims_dir)

    def cells_of(file: Path, old: dict) -> dict:
        cells = _read_changes(file, vocabulary, changes)
        if add_note.strip():
            notes = cells.get("notes", old.get("notes", "")).strip()
            cells["notes"] = f"{notes}; {add_note.strip()}" if notes else add_note.strip()
        return cells

    return _edit_row(Path(claims_dir or paths.CLAIMS_DIR), paths.CLAIMS_FILE, "claim_id", claim_id, cells_of)


def edit_study(study_id: str, changes: dict, claims_dir=None) -> list[tuple[str, str, str]]:
    """Set columns of study `study_id` in studies.csv; return each (column, before, after) that changed.

    Terms are read as `accept` reads a draft's study (a design, population, direction by
    slug, label or synonym; outcomes and interventions with ';' between; findings as
    `condition:direction`). Raises WorkbookError, with nothing written, for an unknown
    study id ("did you mean"), a column the studies table lacks, an unknown term, a quote
    not in the text, or a workbook that would not validate (a design that is no study
    design, a control group other than yes, no or unstated).
    """
    vocabulary = load_vocabulary(claims_dir)
    base = Path(claims_dir or paths.CLAIMS_DIR)
    return _edit_row(
        base, paths.STUDIES_FILE, "study_id", study_id, lambda file, old: read_study_changes(file, vocabulary, changes)
    )


def _edit_row(base: Path, name: str, key: str, row_id: str, cells_of) -> list[tuple[str, str, str]]:
    """Under the workbook's lock, set the cells `cells_of(file, old row)` gives on the row of table `name` whose `key`
    is `row_id`; validate the workbook as it would be, write only then; return each (column, before, after)."""
    file, what = base / name, name.removesuffix(".csv")
    with lock_workbook(base):
        data, records = read_editable_table(file, what)
        header = [column.lstrip("\ufeff") for column in records[0][2]]
        number, old = _find_row(file, records, header, key, row_id)
        new = _apply(file, header, old, cells_of(file, old), base, what)
        changed = [(c, old.get(c, ""), new[c]) for c in header if new[c] != old.get(c, "")]
        if changed:
            updated = replace_row(data, number, [new[c] for c in header])
            refuse_errors(validate_candidate(base, {name: updated}), "change")
            write_atomically(file, updated)
    return changed


def read_editable_table(file: Path, what: str) -> tuple[bytes, list]:
    """Return the bytes and records of a table; raise WorkbookError for one that cannot be edited."""
    try:
        data = file.read_bytes()
        records = split_records(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        hint = "python -m analysis validate says what is wrong with it"
        if not file.exists():
            hint = f"this folder has no {file.name}: add one with its header line (see claims/README.md)"
        raise WorkbookError(Problem(file, f"cannot read the {what} table: {exc}", hint=hint)) from None
    if not records:
        raise WorkbookError(Problem(file, f"the {what} table is empty", hint="it has no row to edit"))
    return data, records


def _find_row(file: Path, records, header: list[str], key: str, wanted: str) -> tuple[int, dict]:
    """Return the record number and cells of the row whose `key` column is `wanted` ("C12" finds C0012)."""
    if key not in header:
        raise WorkbookError(Problem(file, f"the table has no {key} column", line=1))
    at = header.index(key)
    rows = {fields[at]: (n, fields) for n, (_, _, fields) in enumerate(records) if n and len(fields) > at}
    wanted = wanted.strip()
    if wanted not in rows:
        number = _NUMBER.match(wanted)
        prefix = key[0].upper()  # claim_id: C0012, study_id: S0017
        close = f"{prefix}{int(number.group(1)):04d}" if number else None
        what = f"{key.split('_')[0]}s"
        hint = f"did you mean '{close}'?" if close in rows else did_you_mean(wanted, list(rows), what)
        raise WorkbookError(Problem(file, f"unknown {key}", column=key, value=wanted, hint=hint))
    number, fields = rows[wanted]
    if len(fields) != len(header):
        hint = "correct the row first (python -m analysis validate says how)"
        raise WorkbookError(
            Problem(file, f"the row of {wanted} has {len(fields)} fields, not {len(header)}", hint=hint)
        )
    return number, dict(zip(header, fields))


def read_study_changes(file: Path, vocabulary, changes: dict) -> dict:
    """Return the changes as cells: terms resolved to slugs, findings as condition:direction, '-' read as empty."""
    cells, problems = {}, []
    for column, value in changes.items():
        text = "" if str(value).strip() == EMPTY else str(value).strip()
        try:
            if column not in STUDY_EDITABLE:
                hint = did_you_mean(column, STUDY_EDITABLE, "columns one may edit")
                raise WorkbookError(Problem(file, "not a column one may edit", column=column, value=column, hint=hint))
            if column == "outcome_directions":
                cells[column] = SEPARATOR.join(_resolve_finding(vocabulary, file, part) for part in split_terms(text))
            else:
                cells[column] = resolve_labels(vocabulary, column, text, file, section=STUDY_TERMS.get(column, ""))
        except WorkbookError as exc:
            problems += exc.problems
    if problems:
        raise WorkbookError(problems)
    return cells


def _resolve_finding(vocabulary, file: Path, finding: str) -> str:
    """Return 'cognition:no-effect' from a finding typed with a term's slug, label or synonym on either side."""
    outcome, _, direction = finding.partition(":")
    if not direction.strip():
        hint = "write a finding as condition:direction, e.g. cognition:no-effect"
        problem = Problem(file, "a finding names no direction", column="outcome_directions", value=finding, hint=hint)
        raise WorkbookError(problem)
    outcome = resolve_labels(vocabulary, "outcome_directions", outcome, file, section="conditions")
    return f"{outcome}:{resolve_labels(vocabulary, 'outcome_directions', direction, file, section='directions')}"


def _read_changes(file: Path, vocabulary, changes: dict) -> dict:
    """Return the changes as cells: terms resolved to slugs, '-' read as empty; every unknown term is told."""
    cells, problems = {}, []
    for column, value in changes.items():
        if column not in EDITABLE:
            hint = did_you_mean(column, EDITABLE, "columns one may edit")
            problems.append(Problem(file, "not a column one may edit", column=column, value=column, hint=hint))
            continue
        text = "" if str(value).strip() == EMPTY else str(value).strip()
        try:
            cells[column] = resolve_labels(vocabulary, column, text, file)
        except WorkbookError as exc:
            problems += exc.problems
    if problems:
        raise WorkbookError(problems)
    return cells


def _apply(file: Path, header: list[str], old: dict, cells: dict, base: Path, what: str = "claims") -> dict:
    lost = [c for c in cells if c not in header and cells[c]]
    if lost:
        raise WorkbookError(
            Problem(
                file,
                f"the {what} table has no column '{lost[0]}'",
                line=1,
                column=lost[0],
                value=cells[lost[0]],
                hint=f"add '{lost[0]}' to the header line (see claims/README.md)",
            )
        )
    if "quote" in cells:
        text_path, text = read_source_text(old.get("source_id", ""), base)
        find_quote(cells["quote"], old.get("source_id", ""), text, text_path)
    new = {**old, **{c: v for c, v in cells.items() if c in header}}
    if what != "claims":
        return new
    if cells.get("studies") and "evidence_level" not in cells and "evidence_level" in header:
        new["evidence_level"] = ""  # the evidence comes from the studies now
    if cells.get("studies") and "reporting" not in cells and "reporting" in header:
        new["reporting"] = ""  # each study says how the article reports it
    if cells.get("evidence_level") and "studies" not in cells and "studies" in header:
        new["studies"] = ""
    return new


def record_non_claim(source_id: str, sentence: str, reason: str, claims_dir=None) -> Path:
    """Add `sentence` of source `source_id` to reviewed_non_claims.csv with `reason`; return the file.

    Raises WorkbookError, with nothing written, for an unknown source ("did you mean"), a
    sentence not in its text (with the closest passage), an empty reason, a sentence
    already recorded, or one a claim quotes.
    """
    base = Path(claims_dir or paths.CLAIMS_DIR)
    file = paths.reviewed_path(base)
    text_path, text = read_source_text(source_id, base)
    sentence, reason = sentence.strip(), reason.strip()
    find_quote(sentence, source_id, text, text_path)
    _refuse_part(text_path, text, sentence)
    if not reason:
        raise WorkbookError(
            Problem(file, "a sentence judged not a claim needs a reason", column="reason", hint="give --reason")
        )
    with lock_workbook(base):
        data = file.read_bytes() if file.is_file() else ",".join(REVIEWED_COLUMNS).encode() + b"\n"
        _refuse_known(file, base, source_id, sentence, data)
        updated = append_rows(data, [[source_id, sentence, reason]])
        refuse_errors(validate_candidate(base, {paths.REVIEWED_FILE: updated}), "sentence")
        write_atomically(file, updated)
    return file


def withdraw_non_claim(source_id: str, sentence: str, claims_dir=None) -> str:
    """Remove `sentence` of source `source_id` from reviewed_non_claims.csv, so that it can be claimed or reviewed
    again; return the reason it was recorded with.

    Raises WorkbookError, with nothing written, for an unknown source ("did you mean") or a sentence not recorded
    for it (with the recorded sentence meant, when one is close).
    """
    base = Path(claims_dir or paths.CLAIMS_DIR)
    file = paths.reviewed_path(base)
    read_source_text(source_id, base)  # an unknown source: "did you mean"
    with lock_workbook(base):
        data = file.read_bytes() if file.is_file() else b""
        records = split_records(data.decode("utf-8", errors="replace"))
        number = _recorded_at(records, source_id, sentence)
        if number is None:
            mine = [fields[1] for _, _, fields in records[1:] if fields[:1] == [source_id] and len(fields) > 1]
            raise WorkbookError(_not_recorded(file, source_id, sentence, mine))
        updated = remove_row(data, number)
        refuse_errors(validate_candidate(base, {paths.REVIEWED_FILE: updated}), "sentence")
        write_atomically(file, updated)
    fields = records[number][2]
    return fields[2] if len(fields) > 2 else ""  # the reason it was recorded with


def _not_recorded(file: Path, source_id: str, sentence: str, recorded: list[str]) -> Problem:
    close = find_closest(sentence.strip(), recorded)
    hint = (
        f"did you mean '{shorten(close)}'?"
        if close
        else (
            f"{source_id} has {len(recorded)} recorded sentence{'s' * (len(recorded) != 1)}; copy one from {file.name}"
            if recorded
            else f"no sentence of {source_id} is recorded as not a claim"
        )
    )
    return Problem(file, f"not recorded as not a claim of {source_id}", column="sentence", value=sentence, hint=hint)


def _refuse_part(text_path: Path, text: str, sentence: str) -> None:
    """Refuse a part of a sentence: coverage matches whole sentences, so a part would leave its sentence uncovered."""
    span = locate_quote(sentence, SourceText(text))
    around = [s for s in split_sentences(text) if s.start < span.end and span.start < s.end]
    if len(around) == 1 and (around[0].start, around[0].end) != (span.start, span.end):
        raise WorkbookError(
            Problem(
                text_path,
                "not a whole sentence of the text",
                column="sentence",
                value=sentence,
                hint=f"the whole sentence reads: '{shorten(around[0].text)}'; record it whole, as coverage reads it",
            )
        )


def _recorded_at(records: list, source_id: str, sentence: str) -> int | None:
    """Return the number (1 for the first row under the header) of the record of reviewed_non_claims.csv that holds
    `sentence` of `source_id`, matched in any case and folded; None when none does."""
    folded = fold_text(sentence.strip()).casefold()
    return next(
        (
            n
            for n, (_, _, fields) in enumerate(records[1:], 1)
            if fields[:1] == [source_id] and len(fields) > 1 and fold_text(fields[1]).casefold() == folded
        ),
        None,
    )


def _refuse_known(file: Path, base: Path, source_id: str, sentence: str, data: bytes) -> None:
    if _recorded_at(split_records(data.decode("utf-8", errors="replace")), source_id, sentence) is not None:
        raise WorkbookError(Problem(file, "this sentence is recorded already", column="sentence", value=sentence))
    folded = fold_text(sentence).casefold()
    if not paths.claims_path(base).is_file():
        return
    claims = split_records(paths.claims_path(base).read_bytes().decode("utf-8", errors="replace"))
    header = [name.lstrip("\ufeff") for name in claims[0][2]] if claims else []
    for _, _, fields in claims[1:]:
        row = dict(zip(header, fields))
        if row.get("source_id") == source_id and fold_text(row.get("quote", "")).casefold() == folded:
            raise WorkbookError(
                Problem(
                    paths.claims_path(base),
                    f"claim {row.get('claim_id')} quotes this sentence",
                    column="quote",
                    value=sentence,
                    hint="a tabulated claim is not a non-claim; edit or remove the claim first",
                )
            )
