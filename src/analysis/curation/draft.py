"""Draft a whole article at once: every sentence that may hold a claim, every label proposed, for a curator to review.

The draft is one CSV file (default `claims/drafts/<source_id>.csv`) that opens in a
spreadsheet or in JupyterLab: the proposed studies first (rows of kind `study`, for
studies.csv), then one row per sentence (kind `claim`), each marked `unreviewed` in its
`review` column. Nothing reads a draft but `accept` (analysis.curation.accept): validation,
loading, grades, flags and the build read claims.csv and studies.csv only, so a draft's
rows are never graded or flagged until a curator has accepted them.

Tested in tests/curation/test_draft.py.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.common import paths
from analysis.common.files import write_atomically
from analysis.common.formulas import neutralise_text, restore_text
from analysis.common.lines import LineIndex
from analysis.common.problems import Problem, WorkbookError
from analysis.curation.add import read_source_text
from analysis.curation.claim_sentences import find_claim_sentences
from analysis.curation.propose import propose_labels
from analysis.curation.reference_studies import propose_reference_rows
from analysis.curation.study_links import link_claim, read_studies
from analysis.curation.study_rows import propose_study_rows
from analysis.curation.terms import find_terms
from analysis.language.detector import load_lexicon
from analysis.workbook.load import load_workbook
from analysis.workbook.quotes import fold_text
from analysis.workbook.storage import read_header
from analysis.workbook.studies import STUDY_COLUMNS
from analysis.workbook.validate import CLAIM_COLUMNS
from analysis.workbook.vocabulary import SEPARATOR, split_terms

DRAFTS_FOLDER = "drafts"
UNREVIEWED = "unreviewed"
REVIEW_HELP = "accept, not-a-claim (give the reason in notes) or drop"
STUDY_ONLY = [
    "study_id",
    "design",
    "participants",
    "control",
    "population_detail",
    "outcomes",
    "outcome_directions",
    "certainty",
    "peer_reviewed",
    "funding",
]
DRAFT_COLUMNS = ["review", "row", "text_line", *CLAIM_COLUMNS[1:], *STUDY_ONLY]
FILLED_FROM_CONTEXT = ("conditions", "interventions")


def default_draft_path(source_id: str, claims_dir=None) -> Path:
    """Return where the draft of `source_id` goes by default: claims/drafts/<source_id>.csv."""
    return Path(claims_dir or paths.CLAIMS_DIR) / DRAFTS_FOLDER / f"{source_id}.csv"


def draft_article(source_id: str, claims_dir=None) -> list[dict]:
    """Return the draft rows of source `source_id`: proposed studies, then one row per sentence not yet tabulated.

    Sentences a claim already quotes, or that reviewed_non_claims.csv records, are left
    out; when studies.csv has rows for the source, claims link those and no study is
    proposed. Raises WorkbookError for an unknown source or a workbook that does not load.
    """
    _, text = read_source_text(source_id, claims_dir)
    workbook = load_workbook(claims_dir)
    title = workbook.sources.loc[workbook.sources["source_id"] == source_id, "title"].iloc[0]
    candidates = [
        c
        for c in find_claim_sentences(text, workbook.vocabulary, title)
        if not _covered(c.sentence, workbook, source_id)
    ]
    proposed, studies = _studies_of(source_id, text, workbook, candidates)
    by_id = {row["study_id"]: row for row in studies.to_dict("records")}
    lines = LineIndex(text)
    article = _Article(source_id, text, workbook, read_studies(text, studies), by_id, lines)
    rows = [_study_draft_row(row, lines, text) for row in proposed]
    claims_file = paths.claims_path(claims_dir)
    header = read_header(claims_file.read_bytes()) if claims_file.is_file() else CLAIM_COLUMNS
    for candidate in candidates:
        row = _claim_draft_row(candidate, article)
        row.update({c: "" for c in CLAIM_COLUMNS if c not in header})  # nothing proposed for a column it lacks
        row["text_line"] = str(lines.line_of(candidate.sentence.start))
        rows.append(row)
    return rows


def _studies_of(source_id: str, text: str, workbook, candidates) -> tuple[list[dict], pd.DataFrame]:
    """The studies proposed for the source (none when studies.csv has its studies), and the studies its claims link:
    the body's (a reference list's entry backs no claim by standing near it: small print follows the list)."""
    known = workbook.studies[(workbook.studies["source_id"] == source_id) & ~workbook.studies["implied"]]
    if not known.empty:
        return [], known
    lexicon = load_lexicon(paths.lexicon_path(workbook.claims_dir))
    body = [c.sentence for c in candidates if not c.headline]
    proposed = propose_study_rows(text, body, workbook.vocabulary, source_id, lexicon)
    listed = propose_reference_rows(text, workbook.vocabulary, source_id, proposed, lexicon)
    return proposed + listed, pd.DataFrame(proposed, columns=STUDY_COLUMNS)


def _covered(sentence, workbook, source_id: str) -> bool:
    claims = workbook.claims[workbook.claims["source_id"] == source_id]
    if any(
        start < sentence.end and sentence.start < end for start, end in zip(claims["quote_start"], claims["quote_end"])
    ):
        return True
    reviewed = workbook.reviewed.loc[workbook.reviewed["source_id"] == source_id, "sentence"]
    return fold_text(sentence.text) in {fold_text(s) for s in reviewed}


def _study_draft_row(study: dict, lines: LineIndex, text: str) -> dict:
    row = dict.fromkeys(DRAFT_COLUMNS, "")
    row.update({column: study.get(column, "") for column in STUDY_COLUMNS})
    at = text.find(study["quote"])
    row.update(review=UNREVIEWED, row="study", text_line=str(lines.line_of(at)) if at >= 0 else "")
    return row


@dataclass
class _Article:
    """What every row of one draft is proposed from: the text, the workbook, the studies and the article's topic."""

    source_id: str
    text: str
    workbook: object
    studies: list  # located (analysis.curation.study_links.Study)
    by_id: dict  # study_id -> its row
    lines: LineIndex  # where each line (paragraph) of the text starts
    topic: dict = field(default_factory=dict)  # column -> the first terms the article names (its headline's)
    last_named: dict = field(default_factory=dict)  # column -> (paragraph, the terms a sentence of it named last)


def _claim_draft_row(candidate, article: _Article) -> dict:
    """One sentence's row: the labels its words support, its studies; where it names no condition or intervention,
    those its topic words imply (`propose_labels`), else the terms named last in its paragraph, else its studies', else
    the article's topic (the first terms a sentence of it names or implies)."""
    quote, vocabulary = candidate.sentence.text, article.workbook.vocabulary
    labels = propose_labels(quote, vocabulary, article.workbook.claims_dir, article.text)
    if candidate.headline and "headline" in vocabulary.sections.get("placements", {}):
        labels["placement"] = "headline"
    linked = link_claim(quote, article.text, article.studies, labels, vocabulary, unnamed=False)
    if linked:
        labels.update(studies=SEPARATOR.join(linked), evidence_level="", reporting="")
    paragraph = article.lines.line_of(candidate.sentence.start)
    for column in FILLED_FROM_CONTEXT:
        named = labels.get(column)  # the terms its words name, else those its topic words imply ("mild bloating")
        if named and find_terms(quote, vocabulary, column):  # only terms named speak for the paragraph after
            article.last_named[column] = (paragraph, named)
        before = article.last_named.get(column, (None, ""))
        here = before[1] if before[0] == paragraph else ""  # "It eased their anxiety.": what its paragraph spoke of
        labels[column] = named or here or _from_context(column, linked, article)
        if labels[column]:  # the article's first terms, named or implied ("Are probiotics safe?"), are its topic
            article.topic.setdefault(column, labels[column])
    row = dict.fromkeys(DRAFT_COLUMNS, "")
    row.update({column: value for column, value in labels.items() if column in row})
    row.update(review=UNREVIEWED, row="claim", source_id=article.source_id, quote=quote, claim=quote)
    return row


def _from_context(column: str, linked: list[str], article: _Article) -> str:
    """Terms for a sentence that names none: its studies' (their outcomes are conditions), else the article's first."""
    field_name = "outcomes" if column == "conditions" else column
    terms = [t for study in linked for t in split_terms(article.by_id.get(study, {}).get(field_name, ""))]
    return SEPARATOR.join(dict.fromkeys(terms)) or article.topic.get(column, "")


# --- the draft file ----------------------------------------------------------------------------------


def write_draft(path, rows: list[dict], *, force: bool = False, claims_dir=None) -> Path:
    """Write the draft rows to `path` as CSV (UTF-8 with a byte-order mark, for spreadsheets), atomically.

    An existing draft is kept unless `force` (it may hold a curator's review); a path
    that is one of the workbook's own files is refused.
    """
    path = Path(path)
    refuse_workbook_file(path, claims_dir)
    if path.exists() and not force:
        raise WorkbookError(
            Problem(
                path,
                "a draft is already there; it may hold your review",
                hint="accept it, or give --force to replace it",
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=DRAFT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({column: protect_cell(str(row.get(column, ""))) for column in DRAFT_COLUMNS} for row in rows)
    write_atomically(path, b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    return path


def refuse_workbook_file(path: Path, claims_dir=None) -> None:
    """Raise WorkbookError when `path` is one of the workbook's tables or texts, which a draft must never replace."""
    base = Path(claims_dir or paths.CLAIMS_DIR).resolve()
    target = path.resolve()
    tables = {
        base / name
        for name in (
            paths.CLAIMS_FILE,
            paths.SOURCES_FILE,
            paths.STUDIES_FILE,
            paths.REVIEWED_FILE,
            paths.VOCABULARY_FILE,
            paths.LEXICON_FILE,
            paths.RULES_FILE,
        )
    }
    if target in tables or target.is_relative_to(base / "sources"):
        raise WorkbookError(
            Problem(
                path, "this is one of the workbook's own files, not a draft", hint="write the draft elsewhere (--out)"
            )
        )


def protect_cell(value: str) -> str:
    """Return `value` with a leading ' when a spreadsheet would run it as a formula ("- 30 -", "=A1")."""
    return neutralise_text(value)


def unprotect_cell(value: str) -> str:
    """Undo protect_cell: drop the ' written before a cell a spreadsheet would run as a formula."""
    return restore_text(value)
