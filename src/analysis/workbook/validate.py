"""Check the claims, the sources and their texts against the vocabulary; report every problem."""

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.common import limits, paths
from analysis.common.budgets import limit_time
from analysis.common.limits import MAX_SLUG_CHARS, MAX_TEXT_BYTES, refuse_large
from analysis.common.problems import Problem, VocabularyError
from analysis.common.speedups import paused_gc
from analysis.workbook.checks import (
    check_frame,
    make_check,
    member,
    none_alone,
    pattern,
    required,
    terms_of,
    text_column,
)
from analysis.workbook.csv_reader import LINE, read_table
from analysis.workbook.failures import CLAIM_ID
from analysis.workbook.quote_checks import locate_claim_quotes, quote_not_found
from analysis.workbook.quotes import SourceText, locate_quote
from analysis.workbook.rules import load_rules
from analysis.workbook.source_paths import HINT as SOURCE_PATH_HINT
from analysis.workbook.source_paths import confine_source_path
from analysis.workbook.studies import check_links, validate_studies
from analysis.workbook.vocabulary import SLUG, Vocabulary, load_vocabulary, split_terms
from analysis.workbook.wording import check_wording

SOURCE_COLUMNS = [
    "source_id",
    "title",
    "kind",
    "publisher",
    "author",
    "url",
    "published",
    "accessed",
    "path",
    "sha256",
    "original_sha256",
    "notes",
]
SOURCE_REQUIRED = ["source_id", "title", "kind", "path", "sha256"]
CLAIM_COLUMNS = [
    "claim_id",
    "source_id",
    "quote",
    "claim",
    "conditions",
    "interventions",
    "mechanisms",
    "direction",
    "relation",
    "evidence_level",
    "hedging",
    "citation",
    "population",
    "advice",
    "claim_type",
    "reporting",
    "placement",
    "studies",
    "notes",
]
CLAIM_REQUIRED = [
    "claim_id",
    "source_id",
    "quote",
    "claim",
    "conditions",
    "interventions",
    "direction",
    "relation",
    "hedging",
    "population",
    "advice",
]  # and evidence_level, unless the claim names its studies (see analysis.workbook.studies)
MULTI_VALUED = {
    "conditions": "conditions",
    "interventions": "interventions",
    "mechanisms": "mechanisms",
    "hedging": "hedging",
}
SINGLE_VALUED = {
    "direction": "directions",
    "relation": "relations",
    "evidence_level": "evidence_levels",
    "population": "populations",
    "advice": "advice",
    "claim_type": "claim_types",
    "reporting": "reportings",
    "placement": "placements",
}
REVIEWED_COLUMNS = ["source_id", "sentence", "reason"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Validation:
    """What validation found: the tables as read, the vocabulary and every problem."""

    claims: pd.DataFrame
    sources: pd.DataFrame
    vocabulary: Vocabulary | None
    problems: list[Problem] = field(default_factory=list)
    reviewed: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=[LINE, *REVIEWED_COLUMNS]))
    studies: pd.DataFrame | None = None  # None: the folder has no studies.csv

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def validate_workbook(claims_dir=None, check_language: bool = True, claims_file=None) -> Validation:
    """Read and check every file of the workbook in `claims_dir`, collecting all problems.

    With `check_language`, also warn where a quote's words contradict its curated
    hedging or relation (see `analysis.workbook.wording`). With `claims_file`, the claims
    are read from that table instead of the folder's claims.csv (a second coder's claims,
    say) and checked the same way, against the folder's sources, texts and vocabulary.
    """
    with paused_gc():
        return _validate_workbook(claims_dir, check_language, claims_file)


def _validate_workbook(claims_dir, check_language: bool, claims_file=None) -> Validation:
    try:
        with limit_time("reading the vocabulary", paths.vocabulary_path(claims_dir)):
            vocabulary = load_vocabulary(claims_dir)
    except VocabularyError as exc:
        empty = pd.DataFrame(columns=[LINE, *CLAIM_COLUMNS])
        return Validation(empty, pd.DataFrame(columns=[LINE, *SOURCE_COLUMNS]), None, exc.problems)
    with limit_time("checking the sources and reading their texts", paths.sources_path(claims_dir)):
        sources, texts, problems = _validate_sources(claims_dir, vocabulary)
    with limit_time("checking the rules and the lexicon", paths.rules_path(claims_dir)):
        problems += _check_rules(vocabulary, claims_dir)
    with limit_time("checking the studies", paths.studies_path(claims_dir)):
        studies = validate_studies(claims_dir, vocabulary, sources, texts, problems)
    claims = _validate_claims(claims_dir, claims_file, vocabulary, sources, texts, studies, problems, check_language)
    with limit_time("checking the reviewed non-claims", paths.reviewed_path(claims_dir)):
        reviewed = _validate_reviewed(claims_dir, sources, texts, vocabulary, problems)
    return Validation(claims, sources, vocabulary, problems, reviewed, studies)


def _validate_claims(claims_dir, claims_file, vocabulary, sources, texts, studies, problems, check_language):
    """Read and check the claims table, each step under its time budget; add to `problems`; return the claims."""
    path = claims_file or paths.claims_path(claims_dir)
    with limit_time("checking the claims", path):
        claims_table = read_table(path, CLAIM_COLUMNS, CLAIM_REQUIRED, "claims")
        claims = claims_table.frame
        problems += claims_table.problems
        schema = _claims_schema(vocabulary, sources, claims)
        problems += check_frame(claims_table.path, claims, schema, vocabulary, claims, claims_table.header)
        problems += check_links(claims_table.path, claims, studies, vocabulary, set(sources["source_id"]))
    with limit_time("finding each quote in its source text", path):
        claims = locate_claim_quotes(claims_table.path, claims, texts, problems)
    if not claims.empty:  # with no rows read, every term is unused: that says nothing new
        problems += _unused_terms(vocabulary, claims) + _untyped(
            claims_table.path, claims, claims_table.header, vocabulary
        )
    if check_language:
        with limit_time("checking the wording of each quote against its labels", path):
            problems += check_wording(claims_table.path, claims)
    return claims


def _untyped(path, claims, header, vocabulary) -> list[Problem]:
    """Warn of each claim left with no claim type in a table that has the column: the flags read it as a claim of
    effect, which it may not be (a table written before the column existed is read so without a word)."""
    if "claim_type" not in header:
        return []
    return [
        Problem(
            path,
            f"no claim type: the flags will read {claim_id} as a claim of effect",
            line,
            "claim_type",
            "",
            severity="warning",
            hint=f"give its type ({', '.join(vocabulary.terms('claim_types'))}; claims/README.md)",
        )
        for line, claim_id, kind in zip(claims[LINE], claims["claim_id"], claims["claim_type"])
        if not str(kind).strip()
    ]


def _check_rules(vocabulary, claims_dir) -> list[Problem]:
    try:
        load_rules(vocabulary, claims_dir)
    except VocabularyError as exc:
        return exc.problems
    return []


# --- sources ---------------------------------------------------------------------------


def _validate_sources(claims_dir, vocabulary):
    table = read_table(paths.sources_path(claims_dir), SOURCE_COLUMNS, SOURCE_REQUIRED, "sources")
    schema = _sources_schema(vocabulary)
    problems = table.problems + check_frame(table.path, table.frame, schema, vocabulary, table.frame, table.header)
    base = Path(claims_dir or paths.CLAIMS_DIR)
    texts, reading = {}, _Reading()
    for row in table.frame.itertuples(index=False):
        text = _read_source_text(table.path, base, row, problems, reading)
        if reading.over:
            break  # one line says so; the texts after it are not read
        if text is not None:
            texts[row.source_id] = SourceText(text)
    return table.frame, texts, problems


@dataclass
class _Reading:
    """The bytes of source text read so far, and whether they passed the bound of all texts together."""

    total: int = 0
    over: bool = False


def _read_source_text(sources_path, base, row, problems, reading: _Reading) -> str | None:
    if not row.path:
        return None
    file, refused = confine_source_path(base, row.path)
    if refused:
        problems.append(
            Problem(
                sources_path,
                f"the source path {refused}",
                line=row.line,
                column="path",
                value=row.path,
                hint=SOURCE_PATH_HINT,
            )
        )
        return None
    if too_large := refuse_large(file, MAX_TEXT_BYTES, "source text"):
        problems.append(replace(too_large, path=sources_path, line=row.line, column="path", value=row.path))
        return None
    if not file.is_file():
        problems.append(
            Problem(
                sources_path,
                "source text not found",
                line=row.line,
                column="path",
                value=row.path,
                hint=f"put the text at {file} or correct the path",
            )
        )
        return None
    if _past_total(sources_path, row, file, reading, problems):
        return None
    data = file.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if row.sha256 and digest != row.sha256:
        problems.append(
            Problem(
                sources_path,
                "the source text has changed since it was curated",
                line=row.line,
                column="sha256",
                value=row.sha256,
                hint=f"its sha256 is now {digest}; restore the text (git checkout "
                f"{row.path}), since sources are kept verbatim",
            )
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(
                sources_path,
                f"source text is not UTF-8 (byte {exc.start})",
                line=row.line,
                column="path",
                value=row.path,
                hint="convert the text to UTF-8 before adding it",
            )
        )
        return None


def _past_total(sources_path, row, file: Path, reading: _Reading, problems) -> bool:
    """Add the file's size to `reading`; when that passes MAX_SOURCES_BYTES, add one problem and return True."""
    reading.total += file.stat().st_size
    if reading.total <= limits.MAX_SOURCES_BYTES:
        return False
    reading.over = True
    problems.append(
        Problem(
            sources_path,
            f"the source texts up to this row are larger together than the "
            f"{limits.format_megabytes(limits.MAX_SOURCES_BYTES)} the workbook reads ({reading.total:,} bytes); "
            "the texts from this row on were not read",
            line=row.line,
            column="path",
            value=row.path,
            hint="split the sources over several claims folders, or check that these are the texts you meant "
            "(see SECURITY.md for the limits)",
        )
    )
    return True


def _sources_schema(vocabulary) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "source_id": text_column([required(), pattern(SLUG, "slug", MAX_SLUG_CHARS)], unique=True),
            "title": text_column(required()),
            "kind": text_column([required(), terms_of(vocabulary, "source_kinds", many=False)]),
            "path": text_column(required()),
            "sha256": text_column([required(), pattern(SHA256, "sha256")]),
            "original_sha256": text_column(pattern(SHA256, "sha256")),
            "published": text_column(pattern(DATE, "date")),
            "accessed": text_column(pattern(DATE, "date")),
        }
    )


# --- claims ----------------------------------------------------------------------------


def _claims_schema(vocabulary, sources, claims) -> pa.DataFrameSchema:
    columns = {name: text_column(required()) for name in CLAIM_REQUIRED}
    columns["claim_id"] = text_column([required(), pattern(CLAIM_ID, "claim_id")], unique=True)
    columns["source_id"] = text_column([required(), member(set(sources["source_id"]), "source")])
    for name, section in {**MULTI_VALUED, **SINGLE_VALUED}.items():
        checks = [terms_of(vocabulary, section, many=name in MULTI_VALUED)]
        columns[name] = text_column(([required()] if name in CLAIM_REQUIRED else []) + checks)
    columns["hedging"].checks.append(make_check(none_alone, "none_alone"))
    return pa.DataFrameSchema(columns)


# --- sentences reviewed as not claims ------------------------------------------------------


def _validate_reviewed(claims_dir, sources, texts, vocabulary, problems) -> pd.DataFrame:
    path = paths.reviewed_path(claims_dir)
    if not path.exists():
        return pd.DataFrame(columns=[LINE, *REVIEWED_COLUMNS])
    table = read_table(path, REVIEWED_COLUMNS, REVIEWED_COLUMNS, "reviewed sentences")
    schema = pa.DataFrameSchema({name: text_column(required()) for name in REVIEWED_COLUMNS})
    schema.columns["source_id"].checks.append(member(set(sources["source_id"]), "source"))
    problems += table.problems + check_frame(path, table.frame, schema, vocabulary, table.frame, table.header)
    for row in table.frame.itertuples(index=False):
        source = texts.get(row.source_id)
        if source is not None and row.sentence.strip() and locate_quote(row.sentence, source) is None:
            problems.append(quote_not_found(path, row, source, "sentence"))
    return table.frame


# --- quotes and vocabulary use -----------------------------------------------------------


def _unused_terms(vocabulary, claims) -> list[Problem]:
    """One warning per section naming its terms no claim uses (a new folder's whole vocabulary is one line, not 30)."""
    problems = []
    for column in ("conditions", "interventions"):
        seen = {t for v in claims[column].unique() for t in split_terms(v)}
        unused = [(slug, term) for slug, term in vocabulary.sections[column].items() if slug not in seen]
        if unused:
            names = ", ".join(f"'{slug}'" for slug, _ in unused)
            what = f"{column} term {names} is" if len(unused) == 1 else f"{len(unused)} {column} terms ({names}) are"
            hint = "fine for new terms; reports show them as gaps"
            line = unused[0][1].line
            problems.append(Problem(vocabulary.path, f"{what} used by no claim", line, severity="warning", hint=hint))
    return problems
