"""Run one report: execute its notebook with papermill in the worker's warm kernel, then render its page.

Tested in tests/site/test_run.py and tests/site/test_pipeline.py.
"""

import os
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from nbclient.exceptions import CellTimeoutError
from papermill.exceptions import PapermillExecutionError

from analysis.common import paths
from analysis.common.budgets import VARIABLES, read_cell_budget
from analysis.common.files import write_atomically
from analysis.common.problems import escape_text, shorten
from analysis.reports.page import now_text, render_page, write_page
from analysis.site.kernels import ENGINE, KERNEL, KERNEL_TIMEOUT, stop_worker_kernel, worker_kernel
from analysis.site.plan import ReportSpec
from analysis.site.render import render_notebook

MAX_ERROR_CHARS = 300  # a failed report's error, as its page, the index and the terminal show it


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
    group = property(lambda self: self.spec.group or self.spec.kind)


def run_report(spec: ReportSpec, staging: Path, data_version: str) -> ReportResult:
    """Execute one report's notebook into `staging` and write its HTML page; never raise for a failure."""
    executed = staging / spec.executed
    executed.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    notebook, error = execute_report(spec, executed)
    return write_report(spec, staging, data_version, notebook, error, start)


def write_report(
    spec: ReportSpec, staging: Path, data_version: str, notebook: nbformat.NotebookNode, error: str, start: float
) -> ReportResult:
    """Write the page of a report run from `start` (a perf_counter time) into `staging`; failed when `error`.

    A failed report's page says what failed in one line, and shows nothing of what ran: no
    traceback, no path of the machine that built it (see `describe_error`).
    """
    error = describe_error(error) if error else ""
    page = render_page(
        title=spec.title,
        body="" if error else render_notebook(notebook),
        data_version=data_version,
        failed=error,
        index_href=os.path.relpath("index.html", Path(spec.href).parent),
        notebook_href=os.path.relpath(spec.executed, Path(spec.href).parent)
        if (staging / spec.executed).exists()  # a report stopped before papermill wrote it has none to link
        else None,
    )
    write_page(staging / spec.href, page)
    return ReportResult(spec, "failed" if error else "ok", time.perf_counter() - start, error, built_at=now_text())


def execute_report(spec: ReportSpec, executed: Path) -> tuple[nbformat.NotebookNode, str]:
    """Run the report's notebook into `executed`; return it as run, and the error that stopped it, if any.

    Each cell runs under the cell budget (`analysis.common.budgets`): a cell past it stops the
    report with a one-line error, and its kernel is replaced.
    """
    budget = read_cell_budget()
    try:
        notebook = papermill.execute_notebook(
            str(spec.notebook),
            str(executed),
            parameters=spec.parameters,
            engine_name=ENGINE,
            warm=worker_kernel(),
            kernel_name=KERNEL,
            progress_bar=False,
            start_timeout=KERNEL_TIMEOUT,
            execution_timeout=budget,
            request_save_on_cell_execute=False,
        )
        return notebook, ""
    except PapermillExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue}"
    except CellTimeoutError:
        stop_worker_kernel()  # it may still be running the cell: the next report starts a fresh one
        error = f"a cell ran past its budget of {budget:g} s and was stopped; to allow more, set {VARIABLES['cell']}"
    except Exception as exc:  # noqa: BLE001 - a dead kernel must not stop the other reports
        error = f"{type(exc).__name__}: {exc}"
    if not executed.exists():
        return nbformat.v4.new_notebook(), error
    notebook = remove_tracebacks(nbformat.read(executed, as_version=4))
    write_atomically(executed, nbformat.writes(notebook).encode("utf-8"))  # published beside the page
    return notebook, error


def describe_error(error: str) -> str:
    """Return a report's error in one line: white space folded, the repository's path left out, shortened."""
    text = " ".join(error.replace(str(paths.ROOT) + os.sep, "").split())
    return escape_text(shorten(text, MAX_ERROR_CHARS))


def remove_tracebacks(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return `notebook` with each error output cut to its name and one-line message, its traceback dropped."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = []
                output["evalue"] = describe_error(str(output.get("evalue", "")))
    return notebook
