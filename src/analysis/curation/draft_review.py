"""Read a reviewed draft and check each row as the curator left it: one problem per mistake, with where and a hint.

Each row's `review` says what becomes of it: `accept` (a claim for claims.csv, or a
study for studies.csv), `not-a-claim` (the sentence goes to reviewed_non_claims.csv,
with the reason written in `notes`) or `drop` (left out). A row still `unreviewed`
is refused: nothing is accepted until every row has been read. Labels may be a term's
slug, label or synonym, as `add-claim` takes them, and `-` leaves a column empty.

Tested in tests/curation/test_accept.py.
"""

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from analysis.common import paths
from analysis.common.problems import Problem, WorkbookError
from analysis.common.suggestions import did_you_mean
from analysis.curation.add import find_quote
from analysis.curation.draft import DRAFT_COLUMNS, REVIEW_HELP, UNREVIEWED, unprotect_cell
from analysis.curation.propose import TERM_COLUMNS, resolve_labels
from analysis.curation.study_rows import DRAFT_STUDY as DRAFT_STUDY_PREFIX
from analysis.workbook.csv_reader import LINE, read_table
from analysis.workbook.failures import COUNT
from analysis.workbook.studies import (
    CONTROLS,
    FUNDINGS,
    PEER_REVIEWED,
    STUDY_COLUMNS,
    split_finding,
    study_designs,
)
from analysis.workbook.validate import CLAIM_COLUMNS
from analysis.workbook.vocabulary import SEPARATOR, split_terms

EMPTY = "-"  # what a curator writes for an empty cell, here as at add-claim's prompt
REVIEWS = {
    "accept": ("accept", "accepted", "yes", "y", "ok", "claim", "keep"),
    "not-a-claim": ("not-a-claim", "not a claim", "non-claim", "not-claim", "no", "n", "reject", "rejected"),
    "drop": ("drop", "dropped", "skip", "delete", "ignore"),
}
KINDS = ("claim", "study")
STUDY_TERMS = {  # study column -> vocabulary section of its terms
    "design": "evidence_levels",
    "population": "populations",
    "interventions": "interventions",
    "outcomes": "conditions",
    "direction": "directions",
    "reporting": "reportings",
}


@dataclass
class Reviewed:
    """The rows of a draft as reviewed: claims and studies to add, sentences judged not claims, what was dropped."""

    path: Path
    claims: list[dict] = field(default_factory=list)  # each with its draft "line"
    studies: list[dict] = field(default_factory=list)
    non_claims: list[dict] = field(default_factory=list)
    dropped: int = 0
    problems: list[Problem] = field(default_factory=list)


LATER_COLUMNS = ("outcome_directions", "peer_reviewed", "funding")  # study columns added to drafts on 2026-12-06


def read_review(path, vocabulary, source_ids, claims_dir=None) -> Reviewed:
    """Read the draft at `path` and check every row against the vocabulary and the workbook's `source_ids`.

    Raises WorkbookError at once when the file cannot be read as a draft (missing, not a
    CSV, a column removed or renamed); the problems of single rows are collected in
    `problems`, for the caller to report together.
    """
    path = Path(path)
    refuse_missing(path, claims_dir)
    required = [c for c in DRAFT_COLUMNS if c not in LATER_COLUMNS]  # a draft written before these came lacks them
    table = read_table(path, DRAFT_COLUMNS, required, "draft rows")
    errors = [_for_drafts(p) for p in table.problems if p.severity == "error"]
    if errors:
        raise WorkbookError(errors)
    reviewed = Reviewed(path)
    for record in table.frame.to_dict("records"):
        row = {column: _clean(unprotect_cell(str(value))) for column, value in record.items() if column != LINE}
        row["line"] = record[LINE]
        _review_row(reviewed, row, vocabulary, sorted(source_ids))
    return reviewed


def _for_drafts(problem: Problem) -> Problem:
    """Say how to restore a column of a draft, not of claims.csv."""
    if problem.message == "required column is missing from the header":
        hint = "a draft keeps every column it was written with; restore it (draft SOURCE_ID --out NEW.csv writes them)"
        return dataclasses.replace(problem, hint=hint)
    return problem


def refuse_missing(path: Path, claims_dir=None) -> None:
    """Raise WorkbookError for a draft that is not there, naming the drafts that are."""
    if path.is_file():
        return
    from analysis.curation.draft import DRAFTS_FOLDER

    folder = Path(claims_dir or paths.CLAIMS_DIR) / DRAFTS_FOLDER
    drafts = sorted(str(p) for p in folder.glob("*.csv")) if folder.is_dir() else []
    what = "is a folder, not a draft" if path.is_dir() else "no such draft"
    hint = did_you_mean(str(path), drafts, "drafts") if drafts else "write one with: python -m analysis draft SOURCE_ID"
    raise WorkbookError(Problem(path, what, hint=hint))


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value == EMPTY else value


def _review_row(reviewed: Reviewed, row: dict, vocabulary, source_ids: list) -> None:
    kind, review = _kind_and_review(reviewed, row)
    if kind is None or review is None or review == "drop":
        reviewed.dropped += review == "drop"
        return
    if not _check_source(reviewed, row, source_ids):
        return
    if kind == "study":
        _review_study(reviewed, row, review, vocabulary)
    elif review == "not-a-claim":
        _review_non_claim(reviewed, row)
    else:
        _review_claim(reviewed, row, vocabulary)


def _kind_and_review(reviewed: Reviewed, row: dict):
    kind = row["row"].lower()
    if kind not in KINDS:
        reviewed.problems.append(
            _problem(reviewed, row, "row", "is neither claim nor study", did_you_mean(kind, KINDS, "kinds"))
        )
        kind = None
    value = row["review"].lower()
    review = next((name for name, words in REVIEWS.items() if value in words), None)
    if value in ("", UNREVIEWED):
        reviewed.problems.append(_problem(reviewed, row, "review", "row left unreviewed", f"write {REVIEW_HELP}"))
    elif review is None:
        hint = did_you_mean(value, [w for words in REVIEWS.values() for w in words], "reviews")
        reviewed.problems.append(_problem(reviewed, row, "review", "unknown review", f"{hint} ({REVIEW_HELP})"))
    return kind, review


def _check_source(reviewed: Reviewed, row: dict, source_ids: list) -> bool:
    if row["source_id"] in source_ids:
        return True
    hint = did_you_mean(row["source_id"], source_ids, "sources")
    reviewed.problems.append(_problem(reviewed, row, "source_id", "unknown source_id", hint))
    return False


def _review_claim(reviewed: Reviewed, row: dict, vocabulary) -> None:
    claim = {column: row.get(column, "") for column in CLAIM_COLUMNS[1:]}
    for column in TERM_COLUMNS:
        claim[column] = _resolve(reviewed, row, vocabulary, column, claim[column])
    claim["claim"] = claim["claim"] or claim["quote"]
    claim["line"] = row["line"]
    reviewed.claims.append(claim)


def _review_non_claim(reviewed: Reviewed, row: dict) -> None:
    if not row["notes"]:
        reviewed.problems.append(
            _problem(reviewed, row, "notes", "a sentence judged not a claim needs a reason", "write it in 'notes'")
        )
    reviewed.non_claims.append(
        {"source_id": row["source_id"], "sentence": row["quote"], "reason": row["notes"], "line": row["line"]}
    )


def _review_study(reviewed: Reviewed, row: dict, review: str, vocabulary) -> None:
    if review != "accept":
        hint = "a study row is accepted or dropped"
        reviewed.problems.append(_problem(reviewed, row, "review", f"a study cannot be '{review}'", hint))
        return
    study = {column: row.get(column, "") for column in STUDY_COLUMNS}
    for column, section in STUDY_TERMS.items():
        study[column] = _resolve(reviewed, row, vocabulary, column, study[column], section)
    study["outcome_directions"] = _resolve_findings(reviewed, row, vocabulary, study["outcome_directions"])
    designs = study_designs(vocabulary)
    if study["design"] and study["design"] not in designs:
        hint = f"a study's design is one of: {', '.join(designs)}"
        reviewed.problems.append(_problem(reviewed, row, "design", "is not a study design", hint))
    if study["control"].lower() not in (*CONTROLS, ""):
        hint = did_you_mean(study["control"], CONTROLS, "values")
        reviewed.problems.append(_problem(reviewed, row, "control", "is not yes, no or unstated", hint))
    if study["participants"] and not COUNT.match(study["participants"].replace(",", "")):
        hint = "write the number of participants in digits, or leave it empty when the text does not say"
        reviewed.problems.append(_problem(reviewed, row, "participants", "is not a count", hint))
    for column, allowed in (("peer_reviewed", PEER_REVIEWED), ("funding", FUNDINGS)):
        if study[column].strip().lower() not in (*allowed, ""):
            hint = f"write {' or '.join(allowed)}, or leave it empty when the text does not say"
            reviewed.problems.append(_problem(reviewed, row, column, f"is not {' or '.join(allowed)}", hint))
    study.update(
        control=study["control"].lower(),
        participants=study["participants"].replace(",", ""),
        peer_reviewed=study["peer_reviewed"].strip().lower(),
        funding=study["funding"].strip().lower(),
    )
    if not study["study_id"]:
        reviewed.problems.append(
            _problem(reviewed, row, "study_id", "is empty", f"name it ({DRAFT_STUDY_PREFIX}1 …) for claims to link")
        )
    study["line"] = row["line"]
    reviewed.studies.append(study)


def _resolve_findings(reviewed: Reviewed, row: dict, vocabulary, cell: str) -> str:
    """Return an `outcome_directions` cell with labels and synonyms read as slugs: "Depression: no effect" is
    "depression:no-effect"; an item without its colon is left for validation to name."""
    items = []
    for item in split_terms(cell):
        outcome, colon, finding = split_finding(item)
        if not colon:
            items.append(item.strip())
            continue
        outcome = _resolve(reviewed, row, vocabulary, "outcome_directions", outcome, "conditions")
        finding = _resolve(reviewed, row, vocabulary, "outcome_directions", finding, "directions")
        items.append(f"{outcome}:{finding}")
    return SEPARATOR.join(items)


def _resolve(reviewed: Reviewed, row: dict, vocabulary, column: str, value: str, section=None) -> str:
    try:
        return resolve_labels(vocabulary, column, value, reviewed.path, section=section)
    except WorkbookError as exc:
        first = exc.problems[0]
        reviewed.problems.append(Problem(reviewed.path, first.message, row["line"], column, first.value, first.hint))
        return value


def check_quotes(reviewed: Reviewed, texts: dict, paths_of: dict) -> None:
    """Add a problem for each accepted claim or non-claim whose quote does not stand in its source's text."""
    for row, column in [*((c, "quote") for c in reviewed.claims), *((n, "sentence") for n in reviewed.non_claims)]:
        try:
            find_quote(row[column], row["source_id"], texts[row["source_id"]], paths_of[row["source_id"]])
        except WorkbookError as exc:
            first = exc.problems[0]
            reviewed.problems.append(
                Problem(reviewed.path, first.message, row["line"], "quote", first.value, first.hint)
            )


def check_links(reviewed: Reviewed, known_studies: set) -> None:
    """Add a problem for each claim that links a study neither the draft accepts nor studies.csv holds."""
    drafted = {s["study_id"] for s in reviewed.studies}
    for claim in reviewed.claims:
        for study in split_terms(claim["studies"]):
            if study in drafted or study in known_studies:
                continue
            hint = did_you_mean(study, sorted(drafted | known_studies), "studies")
            if study.startswith(DRAFT_STUDY_PREFIX):
                hint = "its study row is dropped or missing: accept it, or take the link out"
            reviewed.problems.append(
                Problem(reviewed.path, f"unknown study '{study}'", claim["line"], "studies", claim["studies"], hint)
            )


def _problem(reviewed: Reviewed, row: dict, column: str, message: str, hint: str) -> Problem:
    return Problem(reviewed.path, message, row["line"], column, row.get(column, ""), hint)
