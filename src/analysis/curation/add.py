"""Add documents and claims to the workbook: proposed, checked against the whole workbook, appended safely.

    from analysis.curation.add import add_source, draft_claim, add_claim
    add_source("article.txt", title="Gut transplant eases depression", kind="news")
    draft = draft_claim("gut-transplant-eases-depression", "a faecal transplant reduced ...")
    add_claim({**draft.row, "claim": "...", "direction": "beneficial", ...})
"""

import contextlib
import csv
import dataclasses
import datetime
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from analysis.common import paths
from analysis.common.files import write_atomically
from analysis.common.lines import line_at
from analysis.common.problems import Problem, WorkbookError, shorten
from analysis.common.suggestions import did_you_mean
from analysis.curation.propose import propose_labels, resolve_labels
from analysis.workbook.csv_reader import read_table
from analysis.workbook.quotes import SourceText, find_closest_passage, locate_quote
from analysis.workbook.storage import append_rows, lock_workbook
from analysis.workbook.validate import (
    CLAIM_COLUMNS,
    CLAIM_REQUIRED,
    DATE,
    SLUG,
    SOURCE_COLUMNS,
    SOURCE_REQUIRED,
    next_claim_id,
    validate_workbook,
)
from analysis.workbook.vocabulary import load_vocabulary

LABEL_COLUMNS = CLAIM_COLUMNS[3:]  # what a curator gives or accepts: claim ... notes
SOURCES_DIR = "sources"
MAX_SLUG_CHARS = 60
_MIRRORS: dict[Path, tempfile.TemporaryDirectory] = {}


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
        """The required columns that were neither given nor proposed."""
        return [c for c in LABEL_COLUMNS if c in CLAIM_REQUIRED and c not in self.row]


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
    given = {column: resolve_labels(vocabulary, column, str(value), claims_file)
             for column, value in (given or {}).items() if value is not None}
    proposed = {column: value for column, value in propose_labels(quote, vocabulary, claims_dir).items()
                if column not in given}
    return Draft(source_id, quote, given, proposed)


def read_source_text(source_id: str, claims_dir=None) -> tuple[Path, str]:
    """Return the path and text of source `source_id`; raise WorkbookError when there is none."""
    table = read_table(paths.sources_path(claims_dir), SOURCE_COLUMNS, SOURCE_REQUIRED, "sources")
    rows = table.frame[table.frame["source_id"] == source_id]
    if rows.empty:
        raise WorkbookError(Problem(table.path, "unknown source_id: no row of sources.csv has it",
                                    column="source_id", value=source_id,
                                    hint=did_you_mean(source_id, table.frame["source_id"], "sources")))
    row = rows.iloc[0]
    path = Path(claims_dir or paths.CLAIMS_DIR) / row["path"]
    try:
        return path, path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbookError(Problem(table.path, f"cannot read the source text: {exc}", line=row["line"],
                                    column="path", value=row["path"])) from None


def find_quote(quote: str, source_id: str, text: str, text_path) -> None:
    """Raise WorkbookError, showing the closest passage, when `quote` does not stand in `text`."""
    source = SourceText(text)
    if quote and locate_quote(quote, source) is not None:
        return
    passage, ratio = find_closest_passage(quote, source) if quote else ("", 0.0)
    raise WorkbookError(Problem(text_path, f"quote not found in source '{source_id}'", column="quote",
                                value=quote, hint=f"the closest passage ({ratio:.0%} alike) reads: "
                                                  f"'{shorten(passage)}'; copy the words exactly from the text"))


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
        ids = _next_claim_ids(file, len(rows))
        header = _header_of(file, data, rows)
        records = [[claim_id if c == "claim_id" else str(row.get(c) or "").strip() for c in header]
                   for claim_id, row in zip(ids, rows)]
        updated = append_rows(data, records)
        _refuse_errors(validate_candidate(base, {paths.CLAIMS_FILE: updated}), "claim")
        write_atomically(file, updated)
    return ids


def _header_of(file: Path, data: bytes, rows: list[dict]) -> list[str]:
    """Return the columns of the claims file, in its order; refuse a row with a value for a column it lacks."""
    first = data.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()[:1]
    header = next(csv.reader(first), []) if first else list(CLAIM_COLUMNS)
    for row in rows:
        lost = [c for c in CLAIM_COLUMNS if row.get(c) and c not in header]
        if lost:
            raise WorkbookError(Problem(file, f"the claims table has no column '{lost[0]}' for the value given",
                                        line=1, column=lost[0], value=str(row[lost[0]]),
                                        hint=f"add '{lost[0]}' to the header line (see claims/README.md)"))
    return header


def _next_claim_ids(file: Path, count: int) -> list[str]:
    taken = list(read_table(file, CLAIM_COLUMNS, CLAIM_REQUIRED, "claims").frame["claim_id"])
    ids = []
    for _ in range(count):
        ids.append(next_claim_id(taken + ids))
    return ids


# --- sources -----------------------------------------------------------------------------

def add_source(file, *, title: str, claims_dir=None, kind: str = "other", source_id: str | None = None,
               publisher: str = "", author: str = "", url: str = "", published: str = "", notes: str = "",
               today: datetime.date | None = None) -> dict[str, str]:
    """Copy the text `file` into `sources/`, append its row to sources.csv and return the row.

    The slug comes from the title unless `source_id` is given. Refuses (WorkbookError) a
    text that is not UTF-8, or one already in the workbook (same sha256). The text is
    written first; when the row cannot be written, the text is removed again.
    """
    base = Path(claims_dir or paths.CLAIMS_DIR)
    data = read_utf8(Path(file))
    kind = resolve_labels(load_vocabulary(base), "kind", kind, paths.sources_path(base), section="source_kinds")
    _check_date(base, "published", published)
    with lock_workbook(base):
        sources_file = paths.sources_path(base)
        table = read_table(sources_file, SOURCE_COLUMNS, SOURCE_REQUIRED, "sources")
        digest = hashlib.sha256(data).hexdigest()
        _refuse_duplicate_text(table, digest)
        slug = _choose_slug(base, table.frame, title, source_id or _slug_in_place(base, Path(file)), Path(file))
        row = {"source_id": slug, "title": title.strip(), "kind": kind, "publisher": publisher, "author": author,
               "url": url, "published": published, "accessed": (today or datetime.date.today()).isoformat(),
               "path": f"{SOURCES_DIR}/{slug}.txt", "sha256": digest, "notes": notes}
        updated = append_rows(sources_file.read_bytes(), [[str(row[c]).strip() for c in SOURCE_COLUMNS]])
        _refuse_errors(validate_candidate(base, {paths.SOURCES_FILE: updated, row["path"]: data}), "source")
        _write_source(base / row["path"], data, sources_file, updated)
    return row


def read_utf8(file: Path) -> bytes:
    """Return the bytes of the text `file`; raise WorkbookError when missing, empty or not UTF-8."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise WorkbookError(Problem(file, f"cannot read the text: {exc.strerror}")) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = line_at(data, exc.start)
        raise WorkbookError(Problem(file, f"not UTF-8 text (byte {exc.start}: {exc.reason})", line=line,
                                    hint="convert it first, e.g. iconv -f windows-1252 -t utf-8 FILE")) from None
    if not text.strip():
        raise WorkbookError(Problem(file, "the text is empty", hint="add the document's text, verbatim"))
    return data


def _check_date(base: Path, column: str, value: str) -> None:
    if value.strip() and not DATE.match(value.strip()):
        raise WorkbookError(Problem(paths.sources_path(base), "must be a date written YYYY-MM-DD", column=column,
                                    value=value, hint="for example 2026-11-23"))


def slugify(title: str) -> str:
    """Return a slug for `title`: ASCII lower case, words joined by hyphens, at most 60 characters."""
    words = re.sub(r"[\W_]+", " ", title)
    ascii_title = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[:MAX_SLUG_CHARS + 1].rsplit("-", 1)[0]
    return slug


def _refuse_duplicate_text(table, digest: str) -> None:
    same = table.frame[table.frame["sha256"] == digest]
    if not same.empty:
        row = same.iloc[0]
        raise WorkbookError(Problem(table.path, f"this text is already in the workbook as source '{row['source_id']}'",
                                    line=row["line"], column="sha256", value=digest,
                                    hint=f"its text is {row['path']}; nothing was added"))


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
        raise WorkbookError(Problem(paths.sources_path(base), "cannot make a slug from the title", value=title,
                                    hint="give one with --id, e.g. --id gut-health-article"))
    candidates = [slug] + [f"{slug}-{n}" for n in range(2, 100)]
    return next(s for s in candidates if s not in taken and not _text_path(base, s).exists())


def _check_slug(base: Path, slug: str, taken: set, file: Path) -> None:
    path = paths.sources_path(base)
    if not SLUG.match(slug):
        raise WorkbookError(Problem(path, "source_id must be a slug: lower-case letters and digits joined by "
                                          "hyphens", column="source_id", value=slug, hint=f"e.g. '{slugify(slug)}'"))
    if slug in taken:
        raise WorkbookError(Problem(path, "source_id is taken", column="source_id", value=slug,
                                    hint="choose another with --id"))
    target = _text_path(base, slug)
    if target.exists() and target.resolve() != file.resolve():
        raise WorkbookError(Problem(target, "a text with this name is already in sources/ but in no row",
                                    hint="choose another --id, or add that file itself"))


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


# --- validating the workbook as it would be ------------------------------------------------

def validate_candidate(claims_dir, files: dict[str, bytes]) -> list[Problem]:
    """Return the errors of the workbook in `claims_dir` as it would be with `files` written.

    `files` maps paths relative to the folder to their new bytes. The workbook is
    mirrored in a temporary folder (links to the unchanged files), validated there with
    `validate_workbook`, and the problems point back at the real files.
    """
    base = Path(claims_dir or paths.CLAIMS_DIR)
    mirror = _mirror_folder(base)
    _mirror(base, mirror, {Path(name) for name in files})
    for name, data in files.items():
        (mirror / name).parent.mkdir(parents=True, exist_ok=True)
        (mirror / name).write_bytes(data)
    errors = validate_workbook(mirror).errors
    shutil.rmtree(mirror, ignore_errors=True)
    return [_repoint(problem, mirror, base) for problem in errors]


def _mirror_folder(base: Path) -> Path:
    """An empty folder, the same for a workbook during a process, so that its vocabulary stays cached."""
    key = base.resolve()
    if key not in _MIRRORS:
        _MIRRORS[key] = tempfile.TemporaryDirectory(prefix="claims-candidate-")  # removed at exit
    mirror = Path(_MIRRORS[key].name) / "claims"
    shutil.rmtree(mirror, ignore_errors=True)
    return mirror


def _mirror(source: Path, target: Path, replaced: set[Path], relative: Path = Path()) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        name = relative / entry.name
        if name in replaced:
            continue
        if entry.is_dir() and any(name in p.parents for p in replaced):
            _mirror(entry, target / entry.name, replaced, name)
        else:
            _link(entry, target / entry.name)


def _link(entry: Path, link: Path) -> None:
    try:
        os.symlink(entry.resolve(), link, target_is_directory=entry.is_dir())
    except OSError:  # no symbolic links (Windows without the privilege): copy
        (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, link)


def _repoint(problem: Problem, mirror: Path, base: Path) -> Problem:
    path = Path(problem.path)
    if path.is_relative_to(mirror):
        return dataclasses.replace(problem, path=base / path.relative_to(mirror))
    return problem


def _refuse_errors(errors: list[Problem], what: str) -> None:
    """Raise WorkbookError with `errors` and a closing line saying nothing was written."""
    if errors:
        raise WorkbookError([*errors, Problem(errors[0].path, f"the {what} was not written: the workbook "
                                                              "would not validate",
                                              hint="fix the problems above, then add it again")])
