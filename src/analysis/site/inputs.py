"""The files a build reads, declared once: what each is, where it lies, and which reports a change to it reaches.

Every freshness key comes from this table (see `analysis.site.freshness`): a file a
report reads and this table leaves out would leave pages stale after it changes, which
`tests/site/test_inputs.py` guards by changing each input in turn.
"""

from dataclasses import dataclass
from pathlib import Path

from analysis.common import paths

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/analysis

EVERY = "every report"  # any change to it rebuilds them all
ROWS = "the reports that show the changed rows"  # keyed row by row: a claim reaches its pairs' and source's pages
SOURCE_ROWS = "its own article's page for a row's metadata; every report for the rows' ids, texts and order"
JUDGEMENTS = "the reports whose grades or flags it changes"  # keyed by what it decides, not by its bytes
NOTEBOOK = "the reports its notebook makes"


@dataclass(frozen=True)
class Input:
    """One input of the build: its name, its files under the claims or notebooks folder, and its reach."""

    name: str
    reach: str
    what: str

    def files(self, claims_dir=None, notebooks_dir=None) -> list[Path]:
        """Return the files of this input that exist, in a stable order."""
        claims, notebooks = Path(claims_dir or paths.CLAIMS_DIR), Path(notebooks_dir or paths.NOTEBOOKS_DIR)
        found = {
            "claims": [paths.claims_path(claims)],
            "sources": [paths.sources_path(claims)],
            "texts": sorted((claims / "sources").glob("*.txt")),
            "vocabulary": [paths.vocabulary_path(claims)],
            "lexicon": [paths.lexicon_path(claims)],
            "rules": [paths.rules_path(claims)],
            "notebooks": sorted(notebooks.glob("*.ipynb")),
            "code": sorted(p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)
            + sorted((PACKAGE_DIR / "reports" / "templates").iterdir())
            + [PACKAGE_DIR / "evidence" / "rule_checks.csv"],  # the rule checks every flag table shows
        }[self.name]
        return [path for path in found if path.is_file()]


INPUTS = (
    Input("claims", ROWS, "claims.csv: one row per claim"),
    Input("sources", SOURCE_ROWS, "sources.csv: titles, publishers and dates, shown on each article's own page"),
    Input("texts", EVERY, "sources/*.txt: the articles' texts, which place every quote"),
    Input("vocabulary", EVERY, "vocabulary.yaml: the labels every page shows"),
    Input("lexicon", EVERY, "lexicon.csv: the cue phrases the wording tables and flags read"),
    Input("rules", JUDGEMENTS, "rules.yaml: how pairs are graded and claims flagged"),
    Input("notebooks", NOTEBOOK, "notebooks/*.ipynb: one notebook per kind of report"),
    Input("code", EVERY, "the package's code, page templates and measured rule checks"),
)


def find_input(name: str) -> Input:
    """Return the declared input called `name`."""
    return next(item for item in INPUTS if item.name == name)
