"""Add a document to the workbook: its text stored verbatim in sources/, its row appended to sources.csv.

Tested in tests/curation/test_add.py.
"""

import contextlib
import datetime
import hashlib
import re
import unicodedata
from pathlib import Path

from analysis.common import paths
from analysis.common.files import write_atomically
from analysis.common.limits import MAX_SLUG_CHARS
from analysis.common.problems import Problem, WorkbookError
from analysis.curation.candidate import refuse_errors, validate_candidate
from analysis.curation.ingest import Document, ingest
from analysis.curation.propose import resolve_labels
from analysis.workbook.csv_reader import read_table
from analysis.workbook.storage import append_rows, lock_workbook, read_header
from analysis.workbook.validate import DATE, SOURCE_COLUMNS, SOURCE_REQUIRED
from analysis.workbook.vocabulary import is_slug, load_vocabulary

SOURCES_DIR = "sources"
ORIGINAL = "original_sha256"


def add_source(
    file,
    *,
    title: str,
    claims_dir=None,
    kind: str = "other",
    source_id: str | None = None,
    publisher: str = "",
    author: str = "",
    url: str = "",
    published: str = "",
    accessed: str = "",
    notes: str = "",
    today: datetime.date | None = None,
    document: Document | None = None,
) -> dict[str, str]:
    """Store the text of `file` in `sources/`, append its row to sources.csv and return the row.

    `document` is `ingest(file)` when the caller has it already (to show its proposals
    first): a text is stored byte for byte, a web page's or PDF's text as extracted, with
    the original's sha256 in `original_sha256` (in `notes` when sources.csv has no such
    column). The slug comes from the title unless `source_id` is given; `accessed` is the day the
    copy was taken, YYYY-MM-DD (default: today). Refuses
    (WorkbookError) a document already in the workbook (the same text, or the same
    original). The text is written first; when the row cannot be written, it is removed.
    """
    base = Path(claims_dir or paths.CLAIMS_DIR)
    kind = check_options(base, kind=kind, published=published, accessed=accessed)
    document = document or ingest(file)
    with lock_workbook(base):
        sources_file = paths.sources_path(base)
        table = read_table(sources_file, SOURCE_COLUMNS, SOURCE_REQUIRED, "sources")
        digest = hashlib.sha256(document.data).hexdigest()
        _refuse_duplicate(table, "sha256", digest, "text")
        _refuse_duplicate(table, ORIGINAL, document.original_sha256, "original")
        slug = _choose_slug(base, table.frame, title, source_id or _slug_in_place(base, Path(file)), Path(file))
        row = {
            "source_id": slug,
            "title": title.strip(),
            "kind": kind,
            "publisher": publisher,
            "author": author,
            "url": url,
            "published": published,
            "accessed": accessed.strip() or (today or datetime.date.today()).isoformat(),
            "path": f"{SOURCES_DIR}/{slug}.txt",
            "sha256": digest,
            ORIGINAL: document.original_sha256,
            "notes": "; ".join(filter(None, [notes.strip(), document.notes])),
        }
        data = sources_file.read_bytes()
        updated = append_rows(data, [_in_header_order(row, read_header(data) or SOURCE_COLUMNS)])
        refuse_errors(validate_candidate(base, {paths.SOURCES_FILE: updated, row["path"]: document.data}), "source")
        _write_source(base / row["path"], document.data, sources_file, updated)
    return row


def check_options(
    base: Path, *, kind: str | None = None, published: str = "", accessed: str = "", source_id: str | None = None
):
    """Return the `source_kinds` term `kind` names (None when not given); raise WorkbookError for a bad kind,
    date or source_id. Run before a document is read, so that a mistyped option is said at once."""
    base, resolved = Path(base), None
    if kind is not None:
        resolved = resolve_labels(load_vocabulary(base), "kind", kind, paths.sources_path(base), section="source_kinds")
    _check_date(base, "published", published)
    _check_date(base, "accessed", accessed)
    if source_id is not None:
        table = read_table(paths.sources_path(base), SOURCE_COLUMNS, SOURCE_REQUIRED, "sources")
        _check_slug(base, source_id, set(table.frame["source_id"]), None)
    return resolved


def _in_header_order(row: dict, header: list[str]) -> list[str]:
    """Return the row's values in the order of sources.csv's header; a hash with no column of its own goes to notes."""
    values = dict(row)
    if values.get(ORIGINAL) and ORIGINAL not in header:
        values["notes"] = "; ".join(filter(None, [values["notes"], f"original's sha256 {values[ORIGINAL]}"]))
    return [str(values.get(column, "")).strip() for column in header]


def _check_date(base: Path, column: str, value: str) -> None:
    """Raise WorkbookError unless `value` is empty or a real day, written YYYY-MM-DD, not after today."""
    value = value.strip()
    if not value:
        return
    try:
        day = datetime.date.fromisoformat(value) if DATE.match(value) else None
    except ValueError:
        day = None
    if day is None or day > datetime.date.today():
        message = "must be a date written YYYY-MM-DD" if day is None else "is a date after today"
        hint = "for example 2026-11-23" if day is None else "give the day the text was published or copied"
        raise WorkbookError(Problem(paths.sources_path(base), message, column=column, value=value, hint=hint))


def slugify(title: str) -> str:
    """Return a slug for `title`: ASCII lower case, words joined by hyphens, at most 60 characters."""
    words = re.sub(r"[\W_]+", " ", title)
    ascii_title = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[: MAX_SLUG_CHARS + 1].rsplit("-", 1)[0]
    return slug


def _refuse_duplicate(table, column: str, digest: str, what: str) -> None:
    same = table.frame[table.frame[column] == digest] if digest else table.frame.iloc[:0]
    if not same.empty:
        row = same.iloc[0]
        raise WorkbookError(
            Problem(
                table.path,
                f"this {what} is already in the workbook as source '{row['source_id']}'",
                line=row["line"],
                column=column,
                value=digest,
                hint=f"its text is {row['path']}; nothing was added",
            )
        )


def _slug_in_place(base: Path, file: Path) -> str | None:
    """The file's own name, when the curator put the text in sources/ already."""
    return file.stem if file.resolve().parent == (base / SOURCES_DIR).resolve() else None


def _choose_slug(base: Path, sources, title: str, source_id: str | None, file: Path) -> str:
    taken = set(sources["source_id"])
    if source_id is not None:
        _check_slug(base, source_id, taken, file)
        return source_id
    slug = slugify(title)
    if not slug:
        raise WorkbookError(
            Problem(
                paths.sources_path(base),
                "cannot make a slug from the title",
                value=title,
                hint="give one with --id, e.g. --id gut-health-article",
            )
        )
    candidates = [slug] + [f"{slug}-{n}" for n in range(2, 100)]
    return next(s for s in candidates if s not in taken and not _text_path(base, s).exists())


def _check_slug(base: Path, slug: str, taken: set, file: Path | None) -> None:
    path = paths.sources_path(base)
    if not is_slug(slug):
        raise WorkbookError(
            Problem(
                path,
                "source_id must be a slug: lower-case letters and digits joined by hyphens, "
                f"at most {MAX_SLUG_CHARS} characters",
                column="source_id",
                value=slug,
                hint=f"e.g. '{slugify(slug)}'",
            )
        )
    if slug in taken:
        raise WorkbookError(
            Problem(path, "source_id is taken", column="source_id", value=slug, hint="choose another with --id")
        )
    target = _text_path(base, slug)
    if target.exists() and (file is None or target.resolve() != file.resolve()):
        raise WorkbookError(
            Problem(
                target,
                "a text with this name is already in sources/ but in no row",
                hint="choose another --id, or add that file itself",
            )
        )


def _text_path(base: Path, slug: str) -> Path:
    return base / SOURCES_DIR / f"{slug}.txt"


def _write_source(text_path: Path, data: bytes, sources_file: Path, updated: bytes) -> None:
    placed = not (text_path.exists() and text_path.read_bytes() == data)
    if placed:
        text_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(text_path, data)
    try:
        write_atomically(sources_file, updated)
    except BaseException:
        if placed:
            with contextlib.suppress(OSError):
                text_path.unlink()
        raise
