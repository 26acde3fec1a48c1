"""Build every report: plan them from the claims, run each notebook with papermill, render, swap in."""

import fnmatch
import os
import shutil
import sys

# jsonschema, which nbformat and papermill load, imports rfc3987_syntax when it is installed,
# and that compiles a grammar for 1.5 s in every build and worker process; nbformat never
# checks IRI formats, so the import is declined (jsonschema then skips that one check).
sys.modules.setdefault("rfc3987_syntax", None)
import tempfile
import threading
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
from .cache import MANIFEST, hash_files, hash_inputs, key_reports, read_manifest, write_manifest
from .kernels import ENGINE, KERNEL, launch_worker_kernel, worker_kernel
from .render import now_text, render_index, render_notebook, render_page, write_page

OUTPUTS = ("index.html", "overview.html", "condition", "intervention", "source", "notebooks", "build.log", MANIFEST)
LOCK_WAIT_SECONDS = 600
STAGING_PREFIX, OLD_PREFIX = ".staging-", ".old-"  # a killed build leaves these; the next one removes them
PAUSE_HOOK = "ANALYSIS_TEST_PAUSE_SWAP"  # tests only: see _pause_for_tests


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
    cached: bool = False
    built_at: str = ""

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
    """Return a short hash of every file of the claims folder: the data version the pages show."""
    return hash_files(Path(claims_dir or paths.CLAIMS_DIR))[:12]


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
    notebook, error = _execute(spec, executed)
    page = render_page(title=spec.title, body=render_notebook(notebook, keep_stderr=bool(error)),
                       data_version=data_version, failed=error,
                       index_href=os.path.relpath("index.html", Path(spec.href).parent),
                       notebook_href=os.path.relpath(spec.executed, Path(spec.href).parent))
    write_page(staging / spec.href, page)
    return ReportResult(spec, "failed" if error else "ok", time.perf_counter() - start, error, built_at=now_text())


def _execute(spec: ReportSpec, executed: Path) -> tuple[nbformat.NotebookNode, str]:
    """Run the report's notebook into `executed`; return it as run, and the error that stopped it, if any."""
    try:
        notebook = papermill.execute_notebook(
            str(spec.notebook), str(executed), parameters=spec.parameters, engine_name=ENGINE,
            warm=worker_kernel(), kernel_name=KERNEL, progress_bar=False, start_timeout=120,
            request_save_on_cell_execute=False)
        return notebook, ""
    except PapermillExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # noqa: BLE001 - a dead kernel must not stop the other reports
        error = f"{type(exc).__name__}: {exc}"
    notebook = nbformat.read(executed, as_version=4) if executed.exists() else nbformat.v4.new_notebook()
    return notebook, error


def build_reports(claims_dir=None, out_dir=None, jobs: int | None = None, echo=print,
                  notebooks_dir=None, force=None) -> list[ReportResult]:
    """Validate the claims and build every report into `out_dir`, replacing the previous build whole.

    Reports whose content key (see `analysis.cache`) matches the previous build are kept
    as they are, unless `force` names them (shell-style patterns such as "condition/*";
    "*" for all); the others run `jobs` at a time (default: the number of cores) in warm
    kernels. A failing report is rendered with its error and marked on the index; the
    others go on.
    """
    out_dir = Path(out_dir or paths.REPORTS_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ.pop("MPLBACKEND", None)  # a non-inline backend would drop every figure silently
    with _lock(out_dir, echo):
        _remove_leftovers(out_dir, echo)
        started = time.perf_counter()
        staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=STAGING_PREFIX))
        try:
            jobs = jobs or os.cpu_count() or 1
            with _start_workers(jobs, staging) as pool:  # their kernels warm up while the data loads
                workbook = load_workbook(claims_dir)
                specs = plan_reports(workbook, claims_dir, notebooks_dir)
                check_parameters(specs)
                keys, version = key_reports(specs, workbook), hash_data(claims_dir)
                previous = read_manifest(out_dir).get("reports", {})
                reused = {s.href: _reuse(s, previous[s.href], out_dir, staging) for s in specs
                          if _is_current(s, keys, previous, out_dir) and not _is_forced(s, force)}
                if reused:
                    echo(f"{len(reused)} of {len(specs)} reports are up to date and kept as they are")
                ran = _run_all(pool, jobs, [s for s in specs if s.href not in reused], staging, version, echo)
            results = [reused.get(s.href) or ran[s.href] for s in specs]
            index = render_index(results, data_version=version, n_claims=len(workbook.claims),
                                 n_sources=len(workbook.sources), seconds=time.perf_counter() - started)
            write_page(staging / "index.html", index)
            write_manifest(staging, hash_inputs(claims_dir, notebooks_dir), results, keys)
            _swap_in(staging, out_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return results


def _is_forced(spec: ReportSpec, patterns) -> bool:
    name = spec.href.removesuffix(".html")
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(spec.href, p) for p in patterns or ())


def _is_current(spec: ReportSpec, keys: dict, previous: dict, out_dir: Path) -> bool:
    entry = previous.get(spec.href, {})
    return (entry.get("key") == keys[spec.href] and entry.get("status") == "ok"
            and (out_dir / spec.href).is_file() and (out_dir / spec.executed).is_file())


def _reuse(spec: ReportSpec, entry: dict, out_dir: Path, staging: Path) -> ReportResult:
    """Put the previous build's page and notebook for `spec` into `staging`, unchanged."""
    for relative in (spec.href, spec.executed):
        (staging / relative).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(out_dir / relative, staging / relative)
        except OSError:
            shutil.copy2(out_dir / relative, staging / relative)
    return ReportResult(spec, "ok", entry.get("seconds", 0.0), cached=True, built_at=entry.get("built_at", ""))


def _start_workers(jobs: int, staging: Path) -> ProcessPoolExecutor:
    """Start `jobs` worker processes now, each starting its warm kernel while the data loads."""
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"),
                               initializer=_prepare_worker, initargs=(str(staging / "build.log"),))
    for _ in range(jobs):
        pool.submit(os.getpid)  # a task per worker makes the pool start them all
    return pool


def _run_all(pool, jobs, specs, staging, version, echo) -> dict[str, ReportResult]:
    if not specs:
        return {}
    echo(f"running {len(specs)} reports, {min(jobs, len(specs))} at a time in warm kernels; "
         "kernel messages go to build.log")
    results = {}
    futures = [pool.submit(run_report, spec, staging, version) for spec in specs]
    for done, future in enumerate(as_completed(futures), 1):
        result = _report_progress(done, len(specs), future.result(), echo)
        results[result.href] = result
    return results


def _prepare_worker(log_path: str) -> None:
    """Send a worker's stderr, which its kernels inherit, to the build log, and start its kernel.

    The kernel's process is launched first and left to boot while the worker imports
    what reports need; the first report waits for it to be ready.
    """
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 2)
    os.close(log)
    _exit_with_parent()
    try:
        launch_worker_kernel()
    except Exception:  # noqa: BLE001 - the first report retries, and fails alone if it must
        pass


def _exit_with_parent() -> None:
    """End this worker when the build that started it dies (a killed build's workers wait forever otherwise).

    Its kernel follows: ipykernel exits when its parent goes.
    """
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _report_progress(i, total, result: ReportResult, echo) -> ReportResult:
    status = "ok" if result.status == "ok" else f"FAILED ({result.error.splitlines()[0][:120]})"
    echo(f"[{i:>{len(str(total))}}/{total}] {result.href:<48} {status} {result.seconds:.1f}s")
    return result


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Move the staged build into `out_dir` so that a build killed at any moment leaves it whole.

    Files move one at a time, each by an atomic rename over its old version: the executed
    notebooks first, then the other files and the report pages, then `index.html`, the one
    switch from the old build to the new; only then are the old build's files that the new
    one lacks removed. Before the switch, the old index links only to files still there,
    each whole (old or new; a new page's notebook is always in place before the page);
    after it, the new index links only to files already moved in. Nothing outside OUTPUTS
    (README.md, the lock) is touched.
    """
    staged = sorted((p.relative_to(staging) for p in staging.rglob("*") if p.is_file()), key=_swap_order)
    # The old manifest vouches for the pages about to be replaced: a build killed mid-swap and followed by one
    # from the old inputs would otherwise keep the new pages as up to date. Without one, the next build runs all.
    (out_dir / MANIFEST).unlink(missing_ok=True)
    step = 0
    for relative in staged:
        _pause_for_tests(step)
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(staging / relative, target)
        step += 1
    for path in _outdated(out_dir, set(staged)):
        _pause_for_tests(step)
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink()
        step += 1
    _pause_for_tests(step)


def _swap_order(relative: Path):
    """Notebooks, then other files, then pages, then index.html, then the manifest.

    Each page's links resolve when it lands; the manifest comes last so that it never
    vouches for a page that is not yet in place.
    """
    if relative == Path(MANIFEST):
        return (4, relative)
    if relative == Path("index.html"):
        return (3, relative)
    if relative.parts[0] == "notebooks":
        return (0, relative)
    return (2 if relative.suffix == ".html" else 1, relative)


def _outdated(out_dir: Path, kept: set[Path]) -> list[Path]:
    """Return the files under OUTPUTS that the new build lacks, then the folders left empty, deepest first."""
    stale, folders = [], []
    for name in OUTPUTS:
        entry = out_dir / name
        for path in [entry, *entry.rglob("*")] if entry.is_dir() and not entry.is_symlink() else [entry]:
            if path.is_dir() and not path.is_symlink():
                folders.append(path)
            elif (path.exists() or path.is_symlink()) and path.relative_to(out_dir) not in kept:
                stale.append(path)
    needed = {folder for relative in kept for folder in (out_dir / relative).parents}
    emptied = [d for d in folders if d not in needed]
    return sorted(stale) + sorted(emptied, key=lambda d: len(d.parts), reverse=True)


def _remove_leftovers(out_dir: Path, echo) -> None:
    """Remove the staging and trash folders of builds that were killed (call only under the lock)."""
    leftovers = [*out_dir.glob(STAGING_PREFIX + "*"), *out_dir.glob(OLD_PREFIX + "*")]
    for path in leftovers:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if leftovers:
        echo(f"removed {len(leftovers)} folder{'s' * (len(leftovers) != 1)} left by a build that was stopped")


def _pause_for_tests(step: int) -> None:
    """Test hook: with ANALYSIS_TEST_PAUSE_SWAP=N in the environment, stop for good before step N of the swap.

    Step 0 comes before the first rename, each rename and removal is one step, and the
    last step follows them all. The build says so on stderr, then waits to be killed;
    tests/test_build_integrity.py uses this to kill a build at a known moment.
    """
    if os.environ.get(PAUSE_HOOK) == str(step):
        print(f"{PAUSE_HOOK}: paused before swap step {step}", file=sys.stderr, flush=True)
        while True:
            time.sleep(60)


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
                                         hint="wait for it to finish; a killed build releases the lock by "
                                              "itself, so never remove the lock file")) from None
        return self

    def __exit__(self, *exc):
        self.lock.release()
