"""The live preview: serve the reports, rebuild the ones a change affects, and update the open pages at once.

One build engine stays open for the whole preview, so its workers' kernels stay warm:
a rebuild pays for the reports it runs, not for starting Python, Jupyter and pandas. The
pages a browser has open run first, and each is put in place as soon as it is done
(`publish.publish_early`), before the rest of the build and its whole-folder swap; the
browser reloads it by itself (see `analysis.preview.serve`). A rebuild that fails (a claim
that does not validate) leaves the last good build served, and says why in one line on
the terminal and in a banner on the open pages. A change to the package's code ends this
process with a request for a fresh one (`analysis.preview.supervise` starts it, on the same
socket), so that no module, in the workers or in this process, is the old one. The normal
build (`analysis.site.pipeline`) knows nothing of this package: it runs its reports with
`LocalWorkers`, which `PreviewEngine` extends.

Tested in tests/preview/test_engine.py.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from analysis.common import paths
from analysis.common.files import hold_lock
from analysis.common.problems import WorkbookError
from analysis.preview.serve import Changes, start_server
from analysis.preview.watch import check_folders, watch_inputs, watched_folders
from analysis.site import publish
from analysis.site.freshness import PACKAGE_DIR, is_up_to_date
from analysis.site.run import run_report
from analysis.site.workers import LocalWorkers, describe_progress

LOG_FILE = ".preview.log"  # the workers' and kernels' messages, in the reports folder (hidden: never served)
IMPORT_CHECK = "import analysis.cli.main, analysis.preview.engine"


class PreviewEngine(LocalWorkers):
    """Local warm workers that run the pages open in a browser first and publish each as soon as it is done.

    `open_pages()` returns the hrefs a browser shows; `on_publish(href)` is called after
    each early publish. `published` holds, for the last build, when each was published.
    """

    def __init__(self, jobs: int, log_path: Path, out_dir: Path, open_pages, on_publish):
        super().__init__(jobs, log_path)
        self.out_dir, self.open_pages, self.on_publish = Path(out_dir), open_pages, on_publish
        self.published: dict[str, float] = {}

    def __enter__(self):
        """Start the workers deaf to Ctrl-C, which a terminal sends to them too: the preview stops them itself,
        after the reports they are running (a second or two), instead of their tracebacks filling the terminal."""
        if threading.current_thread() is not threading.main_thread():
            return super().__enter__()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a spawned process keeps an ignored signal ignored
        try:
            return super().__enter__()
        finally:
            signal.signal(signal.SIGINT, previous)

    def run_reports(self, specs, staging: Path, version: str, echo) -> dict:
        """Run `specs`, the open pages first; publish each open page when it is done; return the results by href."""
        self.published = {}
        wanted = self.open_pages()
        futures = [
            self.pool.submit(run_report, spec, staging, version)
            for spec in sorted(specs, key=lambda spec: spec.href not in wanted)
        ]
        results = {}
        for done, future in enumerate(as_completed(futures), 1):
            result = future.result()
            echo(describe_progress(done, len(specs), result))
            results[result.href] = result
            if result.href in self.open_pages() and (self.out_dir / "index.html").is_file():
                publish.publish_early(staging, self.out_dir, [result.spec.executed, result.href])
                self.published[result.href] = time.perf_counter()
                self.on_publish(result.href)
        return results


def run_preview(
    claims_dir=None,
    out_dir=None,
    *,
    jobs=None,
    host="127.0.0.1",
    port=8000,
    sock=None,
    notebooks_dir=None,
    echo=print,
) -> bool:
    """Serve `out_dir` and rebuild it on every change until Ctrl-C; return True when the package changed.

    It serves on `sock` when given (a listening socket), else on `host`:`port`. The caller
    then starts the preview again in a fresh process (`analysis.preview.supervise`); on
    Ctrl-C this returns False, with the server, the workers and their kernels stopped.
    """
    out_dir = Path(out_dir or paths.REPORTS_DIR)
    folders = watched_folders(claims_dir, notebooks_dir)
    check_folders(out_dir, folders)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookError(
            f"cannot make the reports folder {out_dir}: {exc.strerror or exc}; hint: choose another with --output"
        ) from None
    changes = Changes()
    server = start_server(out_dir, changes, host, port, sock=sock)
    (out_dir / LOG_FILE).write_bytes(b"")  # this session's messages only
    echo(f"serving {out_dir} at {server.url} (Ctrl-C to stop); watching {', '.join(str(f) for f in folders)}")
    inputs = watch_inputs(folders, ignore=[out_dir])
    try:
        next(inputs)  # watching from here on: an edit made during the first build starts the next one
        build = {"claims_dir": claims_dir, "out_dir": out_dir, "notebooks_dir": notebooks_dir}
        return _watch_and_build(changes, inputs, echo, jobs, **build)
    except KeyboardInterrupt:
        remove_staging(out_dir)
        return False
    finally:
        inputs.close()
        server.close()


def remove_staging(out_dir: Path) -> None:
    """Remove what a build cut short left, once its workers have stopped: they write its staging folder to the end."""
    try:
        with hold_lock(out_dir / publish.LOCK_FILE, timeout=1, busy="another build runs", hint="it cleans up"):
            publish.remove_leftovers(out_dir, echo=lambda _: None)
    except WorkbookError:
        pass  # another build holds the folder now; the next build removes what is left


def _watch_and_build(changes, inputs, echo, jobs, **build) -> bool:
    out_dir, package = build["out_dir"], PACKAGE_DIR.resolve()
    while True:  # one round per engine: a broken worker pool is replaced
        engine = PreviewEngine(
            jobs or os.cpu_count() or 1, out_dir / LOG_FILE, out_dir, changes.open_pages, lambda _: changes.notify()
        )
        with engine:
            if not _build_first(engine, changes, echo, **build):
                continue
            for changed in inputs:
                if package in changed and _imports_cleanly(echo):
                    echo("the package changed: restarting the preview with the new code")
                    return True
                changed = [folder for folder in changed if folder != package]
                if not changed:
                    continue
                what = " and ".join(folder.name + "/" for folder in changed)
                if not rebuild(engine, changes, echo=echo, prefix=f"{what} changed: ", **build):
                    break
            else:
                return False  # the watching stopped


def _build_first(engine, changes, echo, **build) -> bool:
    """Build what is out of date when the preview starts; False when the worker pool broke."""
    if manifest := is_up_to_date(build["out_dir"], build["claims_dir"], build["notebooks_dir"]):
        echo(f"all {len(manifest['reports'])} reports are up to date; edit the claims and the open pages follow")
        return True
    return rebuild(engine, changes, echo=echo, prefix="", progress=echo, **build)


def rebuild(engine, changes, *, claims_dir, out_dir, notebooks_dir, echo, prefix="", progress=None) -> bool:
    """Build the reports that changed with `engine`, tell the open pages, and say in one line how it went.

    A workbook that does not validate keeps the last good build served, and its first
    problem goes to the terminal and to the open pages' banner. Returns False only when the
    engine's worker pool broke (a worker was killed), for the caller to start another.
    """
    from analysis.site.pipeline import build_reports

    started = time.perf_counter()
    try:
        results = build_reports(
            claims_dir, out_dir, echo=progress or (lambda _: None), notebooks_dir=notebooks_dir, engine=engine
        )
    except WorkbookError as exc:
        problem, more = str(exc.problems[0]), len(exc.problems) - 1
        built = (Path(out_dir) / "index.html").is_file()
        kept = "the last good build is still served" if built else "nothing to serve yet"
        echo(f"{prefix}not rebuilt, {kept}: {problem}" + (f" (+{more} more)" * bool(more)))
        changes.notify(problem=f"Not rebuilt: {problem}")
        return True
    except BrokenProcessPool:
        echo(f"{prefix}a build worker stopped; starting new ones")
        return False
    changes.notify(problem="")
    echo(prefix + describe_rebuild(results, time.perf_counter() - started, engine.published, started))
    for result in results:
        if result.status != "ok":
            echo(f"failed: {result.href}: {result.error.splitlines()[0] if result.error else ''}")
    return True


def describe_rebuild(results, seconds: float, published: dict, started: float) -> str:
    """Return the line that says what a rebuild did: reports run, time taken, open pages updated when."""
    ran = sum(not r.cached for r in results)
    failed = sum(r.status != "ok" for r in results)
    line = f"rebuilt {ran} of {len(results)} reports in {seconds:.1f} s"
    if published:
        line += " (" + ", ".join(f"{href} shown after {at - started:.1f} s" for href, at in published.items()) + ")"
    return line + (f"; {failed} failed" if failed else "")


def _imports_cleanly(echo) -> bool:
    """Return True when the changed package imports in a fresh Python; else say why in one line."""
    check = subprocess.run([sys.executable, "-c", IMPORT_CHECK], capture_output=True, text=True, timeout=120)
    if check.returncode == 0:
        return True
    last = (check.stderr.strip().splitlines() or [f"it exits with status {check.returncode}"])[-1]
    echo(f"the package changed but does not import ({last}); the preview goes on with the code it has")
    return False
