"""Where the workbook's files live, derived from the repository root and nothing else."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CLAIMS_DIR = ROOT / "claims"
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"

CLAIMS_FILE = "claims.csv"
SOURCES_FILE = "sources.csv"
VOCABULARY_FILE = "vocabulary.yaml"
LEXICON_FILE = "lexicon.csv"
REVIEWED_FILE = "reviewed_non_claims.csv"
STUDIES_FILE = "studies.csv"
RULES_FILE = "rules.yaml"
MANIFEST = ".manifest.json"  # in the reports folder: each report's freshness key and status
DESCRIPTOR = "datapackage.json"  # in reports/data/: the data package's description


def claims_path(claims_dir=None) -> Path:
    """Return the claims table in `claims_dir` (default: the repository's `claims/`)."""
    return Path(claims_dir or CLAIMS_DIR) / CLAIMS_FILE


def sources_path(claims_dir=None) -> Path:
    """Return the sources table in `claims_dir`."""
    return Path(claims_dir or CLAIMS_DIR) / SOURCES_FILE


def vocabulary_path(claims_dir=None) -> Path:
    """Return the controlled vocabulary in `claims_dir`."""
    return Path(claims_dir or CLAIMS_DIR) / VOCABULARY_FILE


def lexicon_path(claims_dir=None) -> Path:
    """Return the hedge and booster lexicon in `claims_dir`, falling back to the shipped one."""
    path = Path(claims_dir or CLAIMS_DIR) / LEXICON_FILE
    return path if path.exists() else CLAIMS_DIR / LEXICON_FILE


def reviewed_path(claims_dir=None) -> Path:
    """Return the table of sentences reviewed as not being claims."""
    return Path(claims_dir or CLAIMS_DIR) / REVIEWED_FILE


def studies_path(claims_dir=None) -> Path:
    """Return the studies table in `claims_dir`."""
    return Path(claims_dir or CLAIMS_DIR) / STUDIES_FILE


def rules_path(claims_dir=None) -> Path:
    """Return the grading and flag rules in `claims_dir`, falling back to the shipped ones."""
    path = Path(claims_dir or CLAIMS_DIR) / RULES_FILE
    return path if path.exists() else CLAIMS_DIR / RULES_FILE
