"""Write the tables a reader can take away, beside the HTML: claims, graded pairs and flags, as CSV."""

from pathlib import Path

import pandas as pd

from analysis.common.files import atomic_output
from analysis.evidence.flags import flag_claims
from analysis.evidence.grading import grade_pairs
from analysis.workbook.load import Workbook
from analysis.workbook.validate import CLAIM_COLUMNS

GRADE_COLUMNS = [
    "condition",
    "intervention",
    "intervention_kind",
    "grade",
    "score",
    "reason",
    "n_claims",
    "n_sources",
    "best_level",
    "claim_ids",
]
FLAG_COLUMNS = ["claim_id", "source_id", "kind", "rule", "reason", "placement", "evidence_level", "quote"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what Excel, LibreOffice and Sheets may run as a formula


def export_tables(workbook: Workbook, folder: Path) -> list[Path]:
    """Write claims.csv, grades.csv and flags.csv into `folder`; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    kinds = {slug: term.kind for slug, term in workbook.vocabulary.sections["interventions"].items()}
    grades = grade_pairs(workbook).assign(intervention_kind=lambda g: g["intervention"].map(kinds))
    tables = {
        "claims.csv": workbook.claims.assign(advice=workbook.claims["advice_term"])[CLAIM_COLUMNS],
        "grades.csv": grades[GRADE_COLUMNS],
        "flags.csv": flag_claims(workbook)[FLAG_COLUMNS],
    }
    written = []
    for name, table in tables.items():
        with atomic_output(folder / name, "w", encoding="utf-8", newline="") as file:
            neutralise_formulas(table).to_csv(file, index=False, lineterminator="\n")
        written.append(folder / name)
    return written


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Return `table` with every text cell that a spreadsheet would run as a formula prefixed by a quote (')."""

    def neutralise(value):
        return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value

    text = table.select_dtypes(exclude="number").columns
    return table.assign(**{column: table[column].astype(object).map(neutralise) for column in text})
