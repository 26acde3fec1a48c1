"""Add claims to the workbook: the quote found, labels proposed, the row checked against the whole workbook.

from analysis.curation.add import add_claim, draft_claim
draft = draft_claim("gut-transplant-eases-depression", "a faecal transplant reduced ...")
add_claim({**draft.row, "claim": "...", "direction": "beneficial", ...})
"""

from dataclasses import dataclass, field
from pathlib import Path

from analysis.common import paths
from analysis.common.files import write_atomically
from analysis.common.problems import Problem, WorkbookError, shorten
from analysis.common.suggestions import did_you_mean
from analysis.curation.candidate import refuse_errors, validate_candidate
from analysis.curation.propose import propose_labels, resolve_labels
from analysis.workbook.csv_reader import read_table
from analysis.workbook.failures import next_ids
from analysis.workbook.quotes import SourceText, find_closest_passage, locate_quote
from analysis.workbook.source_paths import HINT as SOURCE_PATH_HINT
from analysis.workbook.source_paths import confine_source_path
from analysis.workbook.storage import append_rows, lock_workbook, read_header
from analysis.workbook.validate import (
    CLAIM_COLUMNS,
    CLAIM_REQUIRED,
    SOURCE_COLUMNS,
    SOURCE_REQUIRED,
)
from analysis.workbook.vocabulary import load_vocabulary

LABEL_COLUMNS = CLAIM_COLUMNS[3:]  # what a curator gives or accepts: claim ... notes


@dataclass
class Draft:
    """A claim being prepared: the curator's values, the proposals for the rest, what is missing."""

    source_id: str
    quote: str
    given: dict[str, str] = field(default_factory=dict)
    proposed: dict[str, str] = field(default_factory=dict)

    @property
    def row(self) -> dict[str, str]:
        """The row as it stands: proposals, overridden by what the curator gave."""
        return {"source_id": self.source_id, "quote": self.quote, **self.proposed, **self.given}

    @property
    def missing(self) -> list[str]:
        """The required columns that were neither given nor proposed (evidence_level unless studies are named)."""
        needed = [*CLAIM_REQUIRED, *(["evidence_level"] if not self.row.get("studies") else [])]
        return [c for c in LABEL_COLUMNS if c in needed and c not in self.row]


# --- claims ------------------------------------------------------------------------------


def draft_claim(source_id: str, quote: str, given: dict | None = None, claims_dir=None) -> Draft:
    """Check that `quote` stands in source `source_id`, read the `given` labels, propose the rest.

    Given values may be slugs, labels or synonyms; raises WorkbookError for an unknown
    source, a quote not in the text (showing the closest passage) or an unknown term.
    """
    vocabulary = load_vocabulary(claims_dir)
    text_path, text = read_source_text(source_id, claims_dir)
    quote = quote.strip()
    find_quote(quote, source_id, text, text_path)
    claims_file = paths.claims_path(claims_dir)
    given = {
        column: resolve_labels(vocabulary, column, str(value), claims_file)
        for column, value in (given or {}).items()
        if value is not None
    }
    columns = read_header(claims_file.read_bytes()) if claims_file.is_file() else CLAIM_COLUMNS
    proposed = {
        column: value
        for column, value in propose_labels(quote, vocabulary, claims_dir, text).items()
        if column not in given and column in (columns or CLAIM_COLUMNS)  # nothing proposed for a column it lacks
    }
    if "claim" not in given:
        proposed["claim"] = quote  # a proposal to restate, as exposure -> outcome
    if given.get("studies"):  # the evidence then comes from the studies: no level or reporting of its own
        for column in ("evidence_level", "reporting"):
            proposed.pop(column, None)
    return Draft(source_id, quote, given, proposed)


def read_source_text(source_id: str, claims_dir=None) -> tuple[Path, str]:
    """Return the path and text of source `source_id`; raise WorkbookError when there is none."""
    table = read_table(paths.sources_path(claims_dir), SOURCE_COLUMNS, SOURCE_REQUIRED, "sources")
    rows = table.frame[table.frame["source_id"] == source_id]
    if rows.empty:
        raise WorkbookError(
            Problem(
                table.path,
                "unknown source_id: no row of sources.csv has it",
                column="source_id",
                value=source_id,
                hint=did_you_mean(source_id, table.frame["source_id"], "sources"),
            )
        )
    row = rows.iloc[0]
    path, refused = confine_source_path(claims_dir, row["path"])
    if refused:
        raise WorkbookError(
            Problem(
                table.path,
                f"the source path {refused}",
                line=row["line"],
                column="path",
                value=row["path"],
                hint=SOURCE_PATH_HINT,
            )
        )
    try:
        return path, path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbookError(
            Problem(
                table.path, f"cannot read the source text: {exc}", line=row["line"], column="path", value=row["path"]
            )
        ) from None


def find_quote(quote: str, source_id: str, text: str, text_path) -> None:
    """Raise WorkbookError, showing the closest passage, when `quote` does not stand in `text`."""
    source = SourceText(text)
    if quote and locate_quote(quote, source) is not None:
        return
    passage, ratio = find_closest_passage(quote, source) if quote else ("", 0.0)
    raise WorkbookError(
        Problem(
            text_path,
            f"quote not found in source '{source_id}'",
            column="quote",
            value=quote,
            hint=f"the closest passage ({ratio:.0%} alike) reads: "
            f"'{shorten(passage)}'; copy the words exactly from the text",
        )
    )


def add_claim(row: dict, claims_dir=None) -> str:
    """Append one complete claim row (without claim_id) and return the id it was given."""
    return add_claims([row], claims_dir)[0]


def add_claims(rows: list[dict], claims_dir=None) -> list[str]:
    """Append claim rows, numbered from the next free claim_id, if the workbook stays valid.

    Reading, numbering, validating and writing happen under the workbook's lock, so that
    curators adding at once never lose a row; an invalid row raises WorkbookError and
    nothing is written.
    """
    base = Path(claims_dir or paths.CLAIMS_DIR)
    with lock_workbook(base):
        file = paths.claims_path(base)
        data = file.read_bytes()
        ids = next_claim_ids(file, len(rows))
        header = header_of(file, data, rows)
        records = [
            [claim_id if c == "claim_id" else str(row.get(c) or "").strip() for c in header]
            for claim_id, row in zip(ids, rows)
        ]
        updated = append_rows(data, records)
        refuse_errors(validate_candidate(base, {paths.CLAIMS_FILE: updated}), "claim")
        write_atomically(file, updated)
    return ids


def header_of(file: Path, data: bytes, rows: list[dict]) -> list[str]:
    """Return the columns of the claims file, in its order; refuse a row with a value for a column it lacks."""
    header = read_header(data) or list(CLAIM_COLUMNS)
    for row in rows:
        lost = [c for c in CLAIM_COLUMNS if row.get(c) and c not in header]
        if lost:
            raise WorkbookError(
                Problem(
                    file,
                    f"the claims table has no column '{lost[0]}' for the value given",
                    line=1,
                    column=lost[0],
                    value=str(row[lost[0]]),
                    hint=f"add '{lost[0]}' to the header line (see claims/README.md)",
                )
            )
    return header


def next_claim_ids(file: Path, count: int) -> list[str]:
    """Return the next `count` free claim ids of the claims table `file`."""
    return next_ids(read_table(file, CLAIM_COLUMNS, CLAIM_REQUIRED, "claims").frame["claim_id"], "C", count)


# --- sources -----------------------------------------------------------------------------


# --- validating the workbook as it would be ------------------------------------------------
