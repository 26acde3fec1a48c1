"""The build's worker processes: started at once, each with its warm kernel, running reports as they come.

A worker imports this module first (to find its initializer), so it imports nothing heavy at
the top: papermill and nbformat load after `decline_slow_imports`, in the worker alone.

Tested in tests/site/test_publish.py.
"""

import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

from analysis.common.speedups import decline_slow_imports

ERROR_CHARS = 120  # the first line of a report's error, as the progress line shows it


class LocalWorkers:
    """The default build engine: `jobs` worker processes on this machine, each with its warm kernel.

    An engine starts its workers on `__enter__` (so that kernels warm up while the data loads),
    runs reports with `run_reports`, and stops them on `__exit__`. Keeping one open across builds
    (as the live preview does) keeps its kernels warm. Their stderr, which their kernels inherit,
    goes to `log_path`.
    """

    def __init__(self, jobs: int, log_path: Path):
        self.jobs, self.log_path, self.pool = jobs, Path(log_path), None

    def __enter__(self):
        self.pool = start_workers(self.jobs, self.log_path)
        return self

    def __exit__(self, *exc_info):
        self.pool.shutdown(wait=True, cancel_futures=True)

    def run_reports(self, specs, staging: Path, version: str, echo) -> dict:
        """Run `specs`, echoing a progress line as each finishes; return their ReportResults by href."""
        return run_reports(self.pool, self.jobs, specs, staging, version, echo)


def start_workers(jobs: int, log_path: Path) -> ProcessPoolExecutor:
    """Start `jobs` worker processes now, each starting its warm kernel while the data loads.

    Their stderr, which their kernels inherit, goes to `log_path`.
    """
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=get_context("spawn"), initializer=_prepare_worker, initargs=(str(log_path),)
    )
    for _ in range(jobs):
        pool.submit(os.getpid)  # a task per worker makes the pool start them all
    return pool


def run_reports(pool, jobs: int, specs, staging: Path, version: str, echo) -> dict:
    """Run `specs` on the pool's workers, echoing a progress line as each finishes; return ReportResults by href."""
    from analysis.site.run import run_report

    if not specs:
        return {}
    echo(
        f"running {len(specs)} reports, {min(jobs, len(specs))} at a time in warm kernels; "
        "kernel messages go to build.log"
    )
    results = {}
    futures = [pool.submit(run_report, spec, staging, version) for spec in specs]
    for done, future in enumerate(as_completed(futures), 1):
        result = future.result()
        echo(describe_progress(done, len(specs), result))
        results[result.href] = result
    return results


def describe_progress(done: int, total: int, result) -> str:
    """Return the progress line of one finished report (a ReportResult)."""
    status = "ok" if result.status == "ok" else f"FAILED ({result.error.splitlines()[0][:ERROR_CHARS]})"
    return f"[{done:>{len(str(total))}}/{total}] {result.href:<48} {status} {result.seconds:.1f}s"


def _prepare_worker(log_path: str) -> None:
    """Send a worker's stderr, which its kernels inherit, to the build log, and start its kernel.

    Slow imports are declined first, in this worker process only. The kernel's process is
    launched next and left to boot while the worker imports what reports need; the first
    report waits for it to be ready.
    """
    decline_slow_imports()
    send_stderr_to(log_path)
    _exit_with_parent()
    from analysis.site.kernels import launch_worker_kernel  # papermill and nbformat: after the decline

    try:
        launch_worker_kernel()
    except Exception:  # noqa: BLE001 - the first report retries, and fails alone if it must
        pass


def send_stderr_to(log_path) -> None:
    """Append this process's stderr, and so its kernels' (which inherit it), to the file at `log_path`."""
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 2)
    os.close(log)


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
