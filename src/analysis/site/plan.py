"""Plan a build: which reports the claims call for, with which parameters, and whether their notebooks take them.

Tested in tests/site/test_pipeline.py.
"""

from dataclasses import dataclass, field, replace
from pathlib import Path

from analysis.common import paths
from analysis.common.problems import BuildError, Problem
from analysis.reports.links import list_term_pages
from analysis.reports.parameters import find_unknown_parameters
from analysis.site.freshness import hash_files
from analysis.workbook.load import Workbook


@dataclass(frozen=True)
class ReportSpec:
    """One report to build: which notebook, with which parameters, written where."""

    kind: str
    slug: str
    title: str
    parameters: dict = field(default_factory=dict)
    n_claims: int = 0
    notebooks_dir: Path = paths.NOTEBOOKS_DIR
    group: str = ""  # where the index lists it: the kind, or "exposure" for exposures and mechanisms

    @property
    def notebook(self) -> Path:
        return Path(self.notebooks_dir) / f"{self.kind}.ipynb"

    @property
    def href(self) -> str:
        return "overview.html" if self.kind == "overview" else f"{self.kind}/{self.slug}.html"

    @property
    def executed(self) -> str:
        return "notebooks/overview.ipynb" if self.kind == "overview" else f"notebooks/{self.kind}/{self.slug}.ipynb"


def plan_reports(workbook: Workbook, claims_dir=None, notebooks_dir=None) -> list[ReportSpec]:
    """Return the reports to build: the overview, then one per condition, intervention and source."""
    extra = {"claims_dir": str(Path(claims_dir).resolve())} if claims_dir else {}
    specs = [
        ReportSpec(
            "overview",
            "overview",
            "Overview: the evidence articles report, across conditions, interventions and exposures",
            dict(extra),
            len(workbook.claims),
            group="overview",
        )
    ]
    for page in list_term_pages(workbook):  # the overview links to the same pages (analysis.reports.links)
        role = page.role if page.kind == "intervention" else page.kind  # an intervention, an exposure or a mechanism
        group = "exposure" if role in ("exposure", "mechanism") else page.kind
        specs.append(
            ReportSpec(
                page.kind,
                page.slug,
                f"{role.title()}: {page.label}",
                {page.kind: page.slug, **extra},
                page.n_claims,
                group=group,
            )
        )
    counts = workbook.claims.groupby("source_id").size()
    for source in workbook.sources.itertuples(index=False):
        specs.append(
            ReportSpec(
                "source",
                source.source_id,
                f"Article: {source.title}",
                {"source_id": source.source_id, **extra},
                int(counts.get(source.source_id, 0)),
                group="source",
            )
        )
    if notebooks_dir:
        specs = [replace(spec, notebooks_dir=Path(notebooks_dir)) for spec in specs]
    return specs


def hash_data(claims_dir=None) -> str:
    """Return a short hash of every file of the claims folder: the data version the pages show."""
    return hash_files(Path(claims_dir or paths.CLAIMS_DIR))[:12]


def check_report_parameters(specs: list[ReportSpec]) -> None:
    """Raise BuildError when a report passes a parameter its notebook's `parameters` cell lacks."""
    import papermill

    problems, known = [], {}
    for spec in specs:
        if spec.notebook not in known:
            known[spec.notebook] = set(papermill.inspect_notebook(str(spec.notebook)))
        problems += [
            Problem(spec.notebook, message, hint="add it to the cell tagged 'parameters', or correct the name")
            for message in find_unknown_parameters(spec.parameters, known[spec.notebook])
        ]
    if problems:
        raise BuildError(sorted(set(problems), key=str))
