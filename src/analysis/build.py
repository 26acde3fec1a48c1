"""Build every report: plan them from the claims, run each notebook with papermill, render, swap in."""

import hashlib
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path

import nbformat
import papermill
from filelock import FileLock, Timeout
from papermill.exceptions import PapermillExecutionError

from . import paths
from .errors import BuildError, Problem
from .load import Workbook, explode_claims, load_workbook
from .render import render_index, render_notebook, render_page, write_atomically

OUTPUTS = ("index.html", "overview.html", "condition", "intervention", "source", "notebooks", "build.log")
LOCK_WAIT_SECONDS = 600


@dataclass(frozen=True)
class ReportSpec:
    """One report to build: which notebook, with which parameters, written where."""

    kind: str
    slug: str
    title: str
    parameters: dict = field(default_factory=dict)
    n_claims: int = 0
    notebooks_dir: Path = paths.NOTEBOOKS_DIR

    @property
    def notebook(self) -> Path:
        return Path(self.notebooks_dir) / f"{self.kind}.ipynb"

    @property
    def href(self) -> str:
        return "overview.html" if self.kind == "overview" else f"{self.kind}/{self.slug}.html"

    @property
    def executed(self) -> str:
        return "notebooks/overview.ipynb" if self.kind == "overview" else f"notebooks/{self.kind}/{self.slug}.ipynb"


@dataclass(frozen=True)
class ReportResult:
    """How building one report went."""

    spec: ReportSpec
    status: str
    seconds: float
    error: str = ""

    kind = property(lambda self: self.spec.kind)
    title = property(lambda self: self.spec.title)
    href = property(lambda self: self.spec.href)
    parameters = property(lambda self: self.spec.parameters)
    n_claims = property(lambda self: self.spec.n_claims)


def plan_reports(workbook: Workbook, claims_dir=None, notebooks_dir=None) -> list[ReportSpec]:
    """Return the reports to build: the overview, then one per condition, intervention and source."""
    extra = {"claims_dir": str(Path(claims_dir).resolve())} if claims_dir else {}
    long = explode_claims(workbook.claims)
    specs = [ReportSpec("overview", "overview", "Overview: evidence across conditions and interventions",
                        dict(extra), len(workbook.claims))]
    for kind, section in (("condition", "conditions"), ("intervention", "interventions")):
        counts = long.groupby(kind)["claim_id"].nunique()
        for slug in workbook.vocabulary.terms(section):
            if slug in counts:
                title = f"{kind.title()}: {workbook.vocabulary.label(section, slug)}"
                specs.append(ReportSpec(kind, slug, title, {kind: slug, **extra}, int(counts[slug])))
    counts = workbook.claims.groupby("source_id").size()
    for source in workbook.sources.itertuples(index=False):
        specs.append(ReportSpec("source", source.source_id, f"Source: {source.title}",
                                {"source_id": source.source_id, **extra}, int(counts.get(source.source_id, 0))))
    if notebooks_dir:
        specs = [replace(spec, notebooks_dir=Path(notebooks_dir)) for spec in specs]
    return specs


def hash_data(claims_dir=None) -> str:
    """Return a short hash of every input file of the claims folder: the data version."""
    base = Path(claims_dir or paths.CLAIMS_DIR)
    digest = hashlib.sha256()
    for path in sorted(p for p in base.rglob("*") if p.is_file()):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def check_parameters(specs: list[ReportSpec]) -> None:
    """Raise BuildError when a report passes a parameter its notebook's `parameters` cell lacks."""
    problems, known = [], {}
    for spec in specs:
        if spec.kind not in known:
            known[spec.kind] = set(papermill.inspect_notebook(str(spec.notebook)))
        for name in set(spec.parameters) - known[spec.kind]:
            problems.append(Problem(spec.notebook, f"the parameters cell has no '{name}'",
                                    hint=f"add `{name} = ...` to the cell tagged 'parameters'"))
    if problems:
        raise BuildError(sorted(set(problems), key=str))


def run_report(spec: ReportSpec, staging: Path, data_version: str) -> ReportResult:
    """Execute one report's notebook into `staging` and write its HTML page; never raise for a failure."""
    executed = staging / spec.executed
    executed.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    error = _execute(spec, executed)
    notebook = nbformat.read(executed, as_version=4) if executed.exists() else nbformat.v4.new_notebook()
    page = render_page(title=spec.title, body=render_notebook(notebook, keep_stderr=bool(error)),
                       data_version=data_version, failed=error,
                       index_href=os.path.relpath("index.html", Path(spec.href).parent),
                       notebook_href=os.path.relpath(spec.executed, Path(spec.href).parent))
    write_atomically(staging / spec.href, page)
    return ReportResult(spec, "failed" if error else "ok", time.perf_counter() - start, error)


def _execute(spec: ReportSpec, executed: Path) -> str:
    try:
        papermill.execute_notebook(str(spec.notebook), str(executed), parameters=spec.parameters,
                                   kernel_name="python3", progress_bar=False, start_timeout=120)
    except PapermillExecutionError as exc:
        return f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # noqa: BLE001 - a dead kernel must not stop the other reports
        return f"{type(exc).__name__}: {exc}"
    return ""


def build_reports(claims_dir=None, out_dir=None, jobs: int | None = None, echo=print,
                  notebooks_dir=None) -> list[ReportResult]:
    """Validate the claims and build every report into `out_dir`, replacing the previous build whole.

    Reports run `jobs` at a time (default: the number of cores). A failing report is
    rendered with its error and marked on the index; the others go on.
    """
    workbook = load_workbook(claims_dir)
    specs = plan_reports(workbook, claims_dir, notebooks_dir)
    check_parameters(specs)
    out_dir = Path(out_dir or paths.REPORTS_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ.pop("MPLBACKEND", None)  # a non-inline backend would drop every figure silently
    with _lock(out_dir, echo):
        started = time.perf_counter()
        staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=".staging-"))
        try:
            version = hash_data(claims_dir)
            results = _run_all(specs, staging, version, jobs or os.cpu_count() or 1, echo)
            index = render_index(results, data_version=version, n_claims=len(workbook.claims),
                                 n_sources=len(workbook.sources), seconds=time.perf_counter() - started)
            write_atomically(staging / "index.html", index)
            _swap_in(staging, out_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return results


def _run_all(specs, staging, version, jobs, echo) -> list[ReportResult]:
    echo(f"building {len(specs)} reports, {jobs} at a time; kernel messages go to build.log")
    results = [None] * len(specs)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"),
                             initializer=_quiet_worker, initargs=(str(staging / "build.log"),)) as pool:
        futures = {pool.submit(run_report, spec, staging, version): i for i, spec in enumerate(specs)}
        for done, future in enumerate(as_completed(futures), 1):
            results[futures[future]] = _report_progress(done, len(specs), future.result(), echo)
    return results


def _quiet_worker(log_path: str) -> None:
    """Send a worker's stderr, which its kernels inherit, to the build log."""
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 2)
    os.close(log)


def _report_progress(i, total, result: ReportResult, echo) -> ReportResult:
    status = "ok" if result.status == "ok" else f"FAILED ({result.error.splitlines()[0][:120]})"
    echo(f"[{i:>{len(str(total))}}/{total}] {result.href:<48} {status} {result.seconds:.1f}s")
    return result


def _swap_in(staging: Path, out_dir: Path) -> None:
    trash = Path(tempfile.mkdtemp(dir=out_dir, prefix=".old-"))
    try:
        for name in OUTPUTS:
            if (out_dir / name).exists():
                os.replace(out_dir / name, trash / name)
            if (staging / name).exists():
                os.replace(staging / name, out_dir / name)
    finally:
        shutil.rmtree(trash, ignore_errors=True)


class _lock:
    """Hold reports/.build.lock so that two builds never write the same folder at once."""

    def __init__(self, out_dir: Path, echo):
        self.lock, self.echo = FileLock(str(out_dir / ".build.lock")), echo

    def __enter__(self):
        try:
            self.lock.acquire(timeout=0)
        except Timeout:
            self.echo(f"another build holds {self.lock.lock_file}; waiting up to {LOCK_WAIT_SECONDS} s")
            try:
                self.lock.acquire(timeout=LOCK_WAIT_SECONDS)
            except Timeout:
                raise BuildError(Problem(Path(self.lock.lock_file), "another build is still running",
                                         hint="wait for it to finish, or remove the lock file if none is")) from None
        return self

    def __exit__(self, *exc):
        self.lock.release()
