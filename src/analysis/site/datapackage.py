"""Describe the exported tables as a Frictionless Data Package: each field's type, meaning, allowed values, and keys.

The allowed values come from the workbook's own vocabulary and rules, so a new term is
allowed in the export as soon as it is allowed in the claims. The meanings of the
sources' and claims' columns are read from the data dictionary (claims/README.md), the
one place they are written.
"""

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from analysis.evidence.flags import KINDS as FLAG_KINDS
from analysis.evidence.flags import RULES as FLAG_RULES
from analysis.reports.findings import MEASURE
from analysis.reports.readable import LABEL_SUFFIX
from analysis.site.dictionary import read_meaning
from analysis.workbook.failures import CLAIM_ID, STUDY_ID
from analysis.workbook.load import Workbook
from analysis.workbook.rules import FIXED_VALUES, load_rules
from analysis.workbook.studies import STUDY_COLUMNS, STUDY_REQUIRED
from analysis.workbook.validate import (
    CLAIM_COLUMNS,
    CLAIM_REQUIRED,
    MULTI_VALUED,
    SINGLE_VALUED,
    SOURCE_COLUMNS,
    SOURCE_REQUIRED,
)
from analysis.workbook.vocabulary import SEPARATOR, SLUG, TERM_KINDS

NAME = "gutbrain-claims"
LICENSE = {"name": "MIT", "path": "https://opensource.org/licenses/MIT", "title": "MIT License"}
FORMULA_NOTE = (
    "In the CSV files, a cell that a spreadsheet would run as a formula (one starting with a tab, a carriage "
    "return, or =, +, -, @ or their fullwidth forms after any white space) starts with an added apostrophe ('); "
    "the JSON document keeps every value as it is. "
    "The CSV files are UTF-8 with a byte-order mark, so that Excel opens them as UTF-8, and beside each column of "
    "vocabulary terms (`condition`) they give its labels (`condition_label`)."
)
CSV_ENCODING = "utf-8-sig"  # UTF-8 starting with a byte-order mark: what Excel needs to read UTF-8


@dataclass(frozen=True)
class Field:
    """One column of an exported table: its type, what it means and what it may hold."""

    name: str
    type: str = "string"
    description: str = ""  # empty: read from the data dictionary
    values: str = ""  # where the allowed values come from: a vocabulary section, or a key of `allowed_values`
    many: bool = False  # several values separated by ";"
    pattern: str = ""
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    labels: str = ""  # a label column: the vocabulary section of the terms it names


@dataclass(frozen=True)
class Table:
    """One exported table: its file name, what a row is, its fields and its keys."""

    name: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, table, field)


def _anchorless(regex: re.Pattern) -> str:
    # Table Schema patterns match the whole value and follow XML Schema, which has no ^, $ or (?:
    return regex.pattern.removeprefix("^").removesuffix("$").replace("(?:", "(")


SOURCE_FIELDS = {
    "source_id": {"pattern": _anchorless(SLUG)},
    "kind": {"values": "source_kinds"},
    "published": {"type": "date"},
    "accessed": {"type": "date"},
    "sha256": {"pattern": "[0-9a-f]{64}"},
    "original_sha256": {"pattern": "[0-9a-f]{64}"},
}
SOURCES = Table(
    "sources",
    "One row per article: where it was published, and the SHA-256 of the text its claims were quoted from.",
    tuple(
        Field(name, required=name in SOURCE_REQUIRED, **SOURCE_FIELDS.get(name, {}))
        for name in SOURCE_COLUMNS
        if name != "path"  # where the text lies on the curator's disk: of no use to a reader
    ),
    ("source_id",),
)
CLAIMS = Table(
    "claims",
    "One row per claim: its verbatim quote and its labels, each label a term of the vocabulary (terms.csv).",
    tuple(
        Field(
            name,
            values=MULTI_VALUED.get(name) or SINGLE_VALUED.get(name, ""),
            many=name in MULTI_VALUED,
            pattern=_anchorless(CLAIM_ID) if name == "claim_id" else "",
            required=name in CLAIM_REQUIRED,
        )
        for name in CLAIM_COLUMNS
    ),
    ("claim_id",),
    (("source_id", "sources", "source_id"),),
)
STUDY_FIELDS = {
    "study_id": {"pattern": _anchorless(STUDY_ID)},
    "design": {"values": "evidence_levels"},
    "participants": {"type": "integer", "minimum": 1},
    "control": {"values": "controls"},
    "population": {"values": "populations"},
    "interventions": {"values": "interventions", "many": True},
    "outcomes": {"values": "conditions", "many": True},
    "direction": {"values": "directions"},
    "reporting": {"values": "reportings"},
    "peer_reviewed": {"values": "peer_reviewed"},
    "funding": {"values": "fundings"},
}
STUDIES = Table(
    "studies",
    "One row per study an article reports: its design, size, control group, population and the outcomes it "
    "measured. Claims name the studies they rest on (claims.csv, column studies); grades and flags read them.",
    tuple(Field(name, required=name in STUDY_REQUIRED, **STUDY_FIELDS.get(name, {})) for name in STUDY_COLUMNS),
    ("study_id",),
    (("source_id", "sources", "source_id"),),
)
GRADES = Table(
    "grades",
    "One row per condition × intervention pair the claims name: the grade of the evidence the articles report "
    "for it, and why. " + MEASURE,
    (
        Field("condition", description="a `conditions` term: the condition of the pair", values="conditions"),
        Field(
            "intervention",
            description="an `interventions` term: the intervention, exposure or mechanism of the pair",
            values="interventions",
        ),
        Field(
            "intervention_kind",
            description="the intervention's `kind` in the vocabulary: `intervention` (something a reader can "
            "choose to do or take), `exposure` (something that happens to a person) or `mechanism`",
            values="intervention_kinds",
        ),
        Field(
            "grade",
            description="the strength of the evidence the articles report for the pair, from the strongest grade "
            "to `none`, decided by the rules in claims/rules.yaml",
            values="grades",
        ),
        Field(
            "score",
            "number",
            "the best study's design weight, plus a quarter of the next one's, and so on (0 to 1); "
            "it only orders pairs within a grade",
            minimum=0,
            maximum=1,
        ),
        Field(
            "reason",
            description="why the pair has its grade: its best evidence, the grade it starts from, "
            "and each step that lowered it",
        ),
        Field("n_claims", "integer", "the number of claims about the pair", minimum=1),
        Field("n_studies", "integer", "the number of distinct studies its claims of effect rest on", minimum=0),
        Field(
            "n_sources", "integer", "the number of articles whose claims of effect report evidence for it", minimum=0
        ),
        Field(
            "study_ids",
            description="the `study_id` of each study behind the pair, separated by `;`",
            pattern=f"({_anchorless(STUDY_ID)}({SEPARATOR}{_anchorless(STUDY_ID)})*)?",
            required=False,
        ),
        Field(
            "best_level",
            description="an `evidence_levels` term: the strongest evidence reported for the pair",
            values="evidence_levels",
        ),
        Field(
            "claim_ids",
            description="the `claim_id` of each claim about the pair, separated by `;`",
            pattern=f"{_anchorless(CLAIM_ID)}({SEPARATOR}{_anchorless(CLAIM_ID)})*",
        ),
    ),
    ("condition", "intervention"),
)
FLAGS = Table(
    "flags",
    "One row per flag: a claim whose wording parts from the evidence its own article offers, the rule that "
    "says so and why.",
    (
        Field("claim_id", description="the flagged claim, a `claim_id` of claims.csv"),
        Field("source_id", description="the claim's article, a `source_id` of sources.csv"),
        Field(
            "kind",
            description="`exaggeration` (the wording claims more than the evidence supports), `unsupported` "
            "(a claim of effect with no evidence offered) or `understatement` (a trial hedged as a mere possibility)",
            values="flag_kinds",
        ),
        Field("rule", description="the rule that raised the flag (see docs/judgements.md)", values="flag_rules"),
        Field("reason", description="why the claim is flagged, in one line"),
        Field(
            "placement",
            description="a `placements` term: where the claim stands (a claim with no placement counts as body text)",
            values="placements",
        ),
        Field(
            "evidence_level",
            description="an `evidence_levels` term: the evidence the article offers for the claim",
            values="evidence_levels",
        ),
        Field("quote", description="the claim's quote, verbatim"),
    ),
    ("claim_id", "rule"),
    (("claim_id", "claims", "claim_id"), ("source_id", "sources", "source_id")),
)
TERMS = Table(
    "terms",
    "One row per term of the controlled vocabulary (claims/vocabulary.yaml): the label and definition of every "
    "term the other tables use.",
    (
        Field(
            "section", description="the vocabulary section of the term, named as in vocabulary.yaml", values="sections"
        ),
        Field("slug", description="the term as the other tables write it"),
        Field("label", description="the term's name for readers"),
        Field("definition", description="what the term means"),
        Field(
            "kind",
            description="for `interventions`: intervention, exposure or mechanism; for `evidence_levels`: the sort "
            "of evidence, which the grading and flag rules read; else empty",
            values="term_kinds",
            required=False,
        ),
        Field("rank", "integer", "for `evidence_levels`: 1 is strongest; else empty", required=False),
        Field(
            "weight",
            "number",
            "for `evidence_levels`: from 0 to 1, used in evidence grades; else empty",
            required=False,
            minimum=0,
            maximum=1,
        ),
    ),
    ("section", "slug"),
)
PLAIN_VALUES = (
    "sections",
    "intervention_kinds",
    "term_kinds",
    "grades",
    "flag_kinds",
    "flag_rules",
    "controls",
    "peer_reviewed",
    "fundings",
)


def with_labels(table: Table) -> Table:
    """Return `table` with a label column after each column of vocabulary terms: `condition`, `condition_label`."""
    fields = []
    for field in table.fields:
        fields.append(field)
        if field.values and field.values not in PLAIN_VALUES:
            what = "each term of" if field.many else "the term in"
            after = f", separated by `{SEPARATOR} `" if field.many else ""
            fields.append(
                Field(
                    field.name + LABEL_SUFFIX,
                    description=f"the label of {what} `{field.name}`, as the reports show it{after}",
                    required=field.required,
                    labels=field.values,
                )
            )
    return replace(table, fields=tuple(fields))


TABLES = tuple(with_labels(table) for table in (SOURCES, STUDIES, CLAIMS, GRADES, FLAGS, TERMS))


def describe_package(workbook: Workbook, version: str, *, data: dict | None = None, cell=str) -> dict:
    """Return the data package descriptor of the exported tables (see `TABLES`), as a dict ready for JSON.

    Without `data`, each resource names its CSV file (`claims.csv`, ...); with `data`, a list of
    records for each table name, the resources hold their rows inline. `cell(term)` is how a
    vocabulary term is written in a cell (the CSV files neutralise formulas), so that the
    allowed values match the cells. `version` is the data version the pages show.
    """
    allowed = allowed_values(workbook)
    resources = [
        _describe_resource(table, allowed, cell, None if data is None else data[table.name]) for table in TABLES
    ]
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": "Gut–brain claims workbook: claims, evidence grades and flags",
        "description": (
            "Claims that popular articles make about the gut microbiome and mental health, each quoted verbatim "
            "and labelled with the terms of a controlled vocabulary; the grade of the evidence the articles "
            "report for each condition × intervention pair; and the flags where a claim's wording parts from "
            f"its evidence. {MEASURE} {FORMULA_NOTE}"
        ),
        "version": version,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": [LICENSE],
        "resources": resources,
    }


def allowed_values(workbook: Workbook) -> dict[str, list[str]]:
    """Return the values each kind of labelled field may hold: every vocabulary section's terms, and the
    grades, flag kinds and rules, term kinds and sections."""
    vocabulary = workbook.vocabulary
    allowed = {section: vocabulary.terms(section) for section in vocabulary.sections}
    return allowed | {
        "sections": list(vocabulary.sections),
        "intervention_kinds": list(TERM_KINDS["interventions"]),
        "term_kinds": list(dict.fromkeys(kind for kinds in TERM_KINDS.values() for kind in kinds)),
        "grades": list(load_rules(vocabulary, workbook.claims_dir).grades),
        "flag_kinds": list(FLAG_KINDS),
        "flag_rules": list(FLAG_RULES),
        **{name: list(values) for name, values in FIXED_VALUES.items()},  # controls, peer_reviewed, fundings
    }


def _describe_resource(table: Table, allowed: dict, cell, records: list | None) -> dict:
    resource = {"name": table.name, "description": table.description, "profile": "tabular-data-resource"}
    if records is None:
        resource |= {"path": f"{table.name}.csv", "format": "csv", "mediatype": "text/csv", "encoding": CSV_ENCODING}
    else:
        resource["data"] = records
    schema = {
        "fields": [_describe_field(table.name, field, allowed, cell) for field in table.fields],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [name], "reference": {"resource": other, "fields": [key]}}
            for name, other, key in table.foreign_keys
        ]
    resource["schema"] = schema
    return resource


def _describe_field(table: str, field: Field, allowed: dict, cell) -> dict:
    description = field.description or read_meaning(table, field.name)
    constraints = {"required": field.required}
    terms = allowed.get(field.values) or None  # None: a vocabulary section this workbook leaves out or empty
    if terms is not None and field.many:
        constraints["pattern"] = _list_pattern(terms, cell)
        description += f" (terms separated by `{SEPARATOR}`)"
    elif terms is not None:
        constraints["enum"] = [cell(term) for term in terms]
    if field.pattern:
        constraints["pattern"] = field.pattern
    for bound in ("minimum", "maximum"):
        if getattr(field, bound) is not None:
            constraints[bound] = getattr(field, bound)
    return {"name": field.name, "type": field.type, "description": description, "constraints": constraints}


def _list_pattern(terms, cell) -> str:
    """Return a pattern for terms separated by ";": a list of slugs cannot be an enum. Only the first term
    starts the cell, so only it can carry the formula apostrophe."""
    first = "|".join(_escape(cell(term)) for term in terms)
    rest = "|".join(_escape(term) for term in terms)
    return f"({first})({SEPARATOR}({rest}))*"


def _escape(text: str) -> str:
    # the characters special outside brackets in Python's or XML Schema's regular expressions (re.escape
    # also escapes spaces, '-' and '#', which XML Schema refuses or needs not)
    return re.sub(r"([\\|.^$?*+{}()\[\]])", r"\\\1", text)
