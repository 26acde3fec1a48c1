"""Write the tables a reader can take away: sources, claims, graded pairs, flags and terms, as a data package.

Two forms, both described by the same Table Schemas (see `analysis.site.datapackage`):
CSV files with a `datapackage.json` descriptor, for spreadsheets, pandas and the
Frictionless tools; and `workbook.json`, one JSON document holding the same tables inline,
for web pages. The CSV files open cleanly in Excel: UTF-8 with a byte-order mark, every
column of vocabulary terms followed by their labels (`condition`, `condition_label`), and no
cell a spreadsheet would run as a formula. Tested in tests/site/test_exports.py and tests/site/test_datapackage.py.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.common import paths
from analysis.common.files import atomic_output, write_atomically
from analysis.common.formulas import neutralise_text
from analysis.evidence.flags import flag_claims
from analysis.evidence.grading import grade_pairs
from analysis.reports.readable import LABEL_SUFFIX, label_terms
from analysis.site.datapackage import CSV_ENCODING, TABLES, describe_package
from analysis.site.plan import hash_data
from analysis.workbook.load import Workbook
from analysis.workbook.studies import IMPLIED
from analysis.workbook.validate import MULTI_VALUED
from analysis.workbook.vocabulary import SEPARATOR, TERM_KINDS, split_terms

GRADE_COLUMNS = [
    "condition",
    "intervention",
    "intervention_kind",
    "grade",
    "score",
    "reason",
    "n_claims",
    "n_studies",
    "n_sources",
    "study_ids",
    "best_level",
    "claim_ids",
]
FLAG_COLUMNS = ["claim_id", "source_id", "kind", "rule", "reason", "placement", "evidence_level", "quote"]
# What Excel, LibreOffice and Sheets may run as a formula (OWASP's CSV injection list): a cell starting with a
# tab or carriage return, or whose first character after any white space (a space, NBSP, line break) is one
# of these, in ASCII or in the fullwidth forms a spreadsheet may fold to ASCII.
FORMATS = ("csv", "json")
DESCRIPTOR = paths.DESCRIPTOR
DOCUMENT = "workbook.json"


@dataclass(frozen=True)
class Written:
    """One file an export wrote, with its number of rows (None for a descriptor)."""

    path: Path
    rows: int | None = None


def export_tables(workbook: Workbook, folder: Path, formats=FORMATS) -> list[Written]:
    """Write the tables into `folder` in each of `formats` and return what was written, in order.

    "csv": one CSV file per table (cells that would start a formula neutralised), then
    `datapackage.json`, written last so that it never names a file not yet there; "json":
    `workbook.json`, the same data package with the rows inline and every value as it is.
    Each file replaces the old one in one atomic rename.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables = collect_tables(workbook)
    version = hash_data(workbook.claims_dir)
    written = []
    if "csv" in formats:
        for name, table in tables.items():
            with atomic_output(folder / f"{name}.csv", "w", encoding=CSV_ENCODING, newline="") as file:
                neutralise_formulas(table).to_csv(file, index=False, lineterminator="\n")
            written.append(Written(folder / f"{name}.csv", len(table)))
        descriptor = describe_package(workbook, version, cell=neutralise_text)
        write_atomically(folder / DESCRIPTOR, (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode())
        written.append(Written(folder / DESCRIPTOR))
    if "json" in formats:
        records = {name: list_records(table) for name, table in tables.items()}
        document = describe_package(workbook, version, data=records)
        write_atomically(folder / DOCUMENT, json.dumps(document, ensure_ascii=False, allow_nan=False).encode())
        written.append(Written(folder / DOCUMENT, sum(len(rows) for rows in records.values())))
    return written


def collect_tables(workbook: Workbook) -> dict[str, pd.DataFrame]:
    """Return the tables as exported, by name, in the order of `analysis.site.datapackage.TABLES`.

    A multi-valued cell is written with its terms joined by ";" alone ("anxiety; stress"
    becomes "anxiety;stress"), so that a reader can split it without trimming.
    """
    kinds = {slug: term.kind for slug, term in workbook.vocabulary.sections["interventions"].items()}
    grades = grade_pairs(workbook).assign(
        intervention_kind=lambda g: g["intervention"].map(kinds),
        study_ids=lambda g: g["study_ids"].map(_named_studies),  # implied studies (no studies.csv) have no row
    )
    claims = workbook.claims.assign(advice=workbook.claims["advice_term"])
    claims = claims.assign(**{name: claims[name].map(_join_terms) for name in MULTI_VALUED})
    tables = {
        "sources": workbook.sources,
        "studies": workbook.studies[~workbook.studies["implied"]],
        "claims": claims,
        "grades": grades[GRADE_COLUMNS],
        "flags": flag_claims(workbook)[FLAG_COLUMNS],
        "terms": list_terms(workbook),
    }
    labelled = {table.name: add_labels(tables[table.name], table, workbook.vocabulary) for table in TABLES}
    return {table.name: labelled[table.name][[f.name for f in table.fields]] for table in TABLES}


def add_labels(frame: pd.DataFrame, table, vocabulary) -> pd.DataFrame:
    """Return `frame` with the label columns `table` describes: the vocabulary's labels of the terms beside them."""
    fields = [f for f in table.fields if f.labels]
    code = {f.name: f.name.removesuffix(LABEL_SUFFIX) for f in fields}
    return frame.assign(
        **{
            f.name: frame[code[f.name]].map(lambda value, s=f.labels: label_terms(vocabulary, s, value) or "")
            for f in fields
        }
    )


def list_terms(workbook: Workbook) -> pd.DataFrame:
    """Return one row per vocabulary term: section, slug, label, definition, and kind, rank and weight where the
    vocabulary gives them meaning (the kinds of interventions and evidence levels, the ranks and weights of levels)."""
    rows = [
        (section, term.slug, term.label, term.definition, term.kind if section in TERM_KINDS else "")
        + ((term.rank, term.weight) if section == "evidence_levels" else (None, None))
        for section, terms in workbook.vocabulary.sections.items()
        for term in terms.values()
    ]
    terms = pd.DataFrame(rows, columns=["section", "slug", "label", "definition", "kind", "rank", "weight"])
    return terms.astype({"rank": "Int64", "weight": "Float64"})


def list_records(table: pd.DataFrame) -> list[dict]:
    """Return the rows of `table` as JSON records: numbers as numbers, an empty or missing cell as null."""
    if table.empty:  # an empty table inline is its header alone: Table Schema's rows-as-arrays form
        return [list(table.columns)]
    records = table.astype(object).where(table.notna(), None).to_dict("records")
    return [{key: (None if value == "" else value) for key, value in row.items()} for row in records]


def _named_studies(value: str) -> str:
    return SEPARATOR.join(s for s in split_terms(value) if not s.startswith(IMPLIED))


def _join_terms(value: str) -> str:
    return SEPARATOR.join(split_terms(value))


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Return `table` with every text cell that a spreadsheet would run as a formula prefixed by a quote (')."""
    text = table.select_dtypes(exclude="number").columns
    return table.assign(**{column: table[column].astype(object).map(neutralise_text) for column in text})
