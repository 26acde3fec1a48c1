"""Build every report: plan them from the claims, keep the unchanged ones, run the rest, publish them whole."""

import fnmatch
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path

from analysis.changes.page import write_changes_page
from analysis.common import paths
from analysis.common.budgets import limit_time
from analysis.common.problems import BuildError, Problem, WorkbookError
from analysis.reports.page import write_page
from analysis.site import publish
from analysis.site.exports import export_tables
from analysis.site.freshness import hash_inputs, key_reports, read_manifest, write_manifest
from analysis.site.plan import ReportSpec, check_report_parameters, hash_data, plan_reports
from analysis.site.render import render_index
from analysis.site.run import ReportResult
from analysis.site.workers import LocalWorkers
from analysis.workbook.load import load_workbook


def build_reports(
    claims_dir=None,
    out_dir=None,
    jobs: int | None = None,
    echo=print,
    notebooks_dir=None,
    force=None,
    engine=None,
    scheduler: str | None = None,
) -> list[ReportResult]:
    """Validate the claims and build every report into `out_dir`, replacing the previous build whole.

    Reports whose content key (see `analysis.site.freshness`) matches the previous build are kept
    as they are, unless `force` names them (shell-style patterns such as "condition/*";
    "*" for all); the others run `jobs` at a time (default: the number of cores) in warm
    kernels. A failing report is rendered with its error and marked on the index; the
    others go on. `engine` runs the reports: an open engine (such as `LocalWorkers`, or
    `DaskWorkers`) is used as it is and left open; by default `jobs` local workers are
    started for this build and stopped after it, or, when `scheduler` names a Dask
    scheduler's address ("local": a cluster of `jobs` workers here), its cluster is used.
    The data tables (`analysis.site.exports`) are written while the reports run.
    """
    out_dir = Path(out_dir or paths.REPORTS_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ.pop("MPLBACKEND", None)  # a non-inline backend would drop every figure silently
    with publish.lock_output(out_dir, echo):
        publish.remove_leftovers(out_dir, echo)
        started = time.perf_counter()
        staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=publish.STAGING_PREFIX))
        try:
            starting = engine is None
            engine = engine or make_engine(jobs or os.cpu_count() or 1, staging / "build.log", scheduler)
            with engine if starting else nullcontext(engine):  # the workers' kernels warm up while the data loads
                workbook = load_workbook(claims_dir)
                refuse_empty(workbook, claims_dir)
                with limit_time("planning the reports", paths.claims_path(claims_dir)):
                    specs = plan_reports(workbook, claims_dir, notebooks_dir)
                    check_report_parameters(specs)
                    keys, version = key_reports(specs, workbook), hash_data(claims_dir)
                previous = read_manifest(out_dir).get("reports", {})
                reused = {
                    s.href: _reuse(s, previous[s.href], out_dir, staging)
                    for s in specs
                    if _is_current(s, keys, previous, out_dir) and not _is_forced(s, force)
                }
                if reused:
                    echo(f"{len(reused)} of {len(specs)} reports are up to date and kept as they are")
                with ThreadPoolExecutor(1, thread_name_prefix="export") as side:  # the data, while the reports run
                    exported = side.submit(export_tables, workbook, staging / "data")
                    ran = engine.run_reports([s for s in specs if s.href not in reused], staging, version, echo)
                    exported.result()
            results = [reused.get(s.href) or ran[s.href] for s in specs]
            with limit_time("comparing the claims with the previous build's", paths.claims_path(claims_dir)):
                changes = write_changes_page(workbook, out_dir, staging, version, echo)
            index = render_index(
                results,
                data_version=version,
                n_claims=len(workbook.claims),
                n_sources=len(workbook.sources),
                seconds=time.perf_counter() - started,
                changes=changes,
            )
            write_page(staging / "index.html", index)
            write_manifest(staging, hash_inputs(claims_dir, notebooks_dir), results, keys)
            publish.swap_in(staging, out_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return results


def refuse_empty(workbook, claims_dir) -> None:
    """Raise WorkbookError when the workbook has no claims yet: there is nothing to report, and no page is written."""
    if workbook.claims.empty:
        raise WorkbookError(
            Problem(
                paths.claims_path(claims_dir),
                "the workbook has no claims yet, so there is nothing to report",
                hint="add a document with add-source, then draft and accept its claims (docs/curating.md)",
            )
        )


def make_engine(jobs: int, log_path: Path, scheduler: str | None = None):
    """Return the engine of a build: `jobs` local workers, or a Dask cluster's when `scheduler` is given.

    Dask is imported only then, so that a local build never loads it.
    """
    if scheduler is None:
        return LocalWorkers(jobs, log_path)
    try:
        from analysis.site.cluster import DaskWorkers
    except ImportError as exc:
        if exc.name not in ("dask", "distributed"):
            raise
        raise BuildError(
            f"--scheduler needs Dask's distributed package ({exc}); install it with pip install -e '.[cluster]'"
        ) from None
    return DaskWorkers(scheduler, jobs, log_path)


def _is_forced(spec: ReportSpec, patterns) -> bool:
    name = spec.href.removesuffix(".html")
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(spec.href, p) for p in patterns or ())


def _is_current(spec: ReportSpec, keys: dict, previous: dict, out_dir: Path) -> bool:
    entry = previous.get(spec.href, {})
    return (
        entry.get("key") == keys[spec.href]
        and entry.get("status") == "ok"
        and (out_dir / spec.href).is_file()
        and (out_dir / spec.executed).is_file()
    )


def _reuse(spec: ReportSpec, entry: dict, out_dir: Path, staging: Path) -> ReportResult:
    """Put the previous build's page and notebook for `spec` into `staging`, unchanged."""
    for relative in (spec.href, spec.executed):
        (staging / relative).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(out_dir / relative, staging / relative)
        except OSError:
            shutil.copy2(out_dir / relative, staging / relative)
    return ReportResult(spec, "ok", entry.get("seconds", 0.0), cached=True, built_at=entry.get("built_at", ""))
