"""Build integrity: a build killed at any moment leaves whole, linked reports; builds take turns.

The builds here use two one-claim workbooks, A and B, cut from tests/data/workbook, and
notebooks that only print their parameters, so that each build takes seconds. A's and B's
reports differ (condition/anxiety and intervention/probiotics against condition/depression
and intervention/gut-microbiome), so a swap from A to B both replaces and removes files.
"""

import csv
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.changes.history import KEPT
from analysis.site import publish
from analysis.site.freshness import MANIFEST

pytestmark = pytest.mark.slow

DATA = Path(__file__).parents[1] / "data" / "workbook"
PARAMETERS = {"overview": None, "condition": "condition", "intervention": "intervention", "source": "source_id"}
TIMEOUT = 180


# --- the workbooks, the notebooks and the two reference builds ---------------------------------


def cut_workbook(target: Path, claim_id: str) -> Path:
    """Copy tests/data/workbook to `target`, keeping one claim and its source only."""
    shutil.copytree(DATA, target)
    (target / "reviewed_non_claims.csv").unlink(missing_ok=True)
    claims = _rows(target / "claims.csv")
    claims = [claims[0], *[r for r in claims[1:] if r[0] == claim_id]]
    _write_rows(target / "claims.csv", claims)
    source_id = claims[1][1]
    sources = _rows(target / "sources.csv")
    _write_rows(target / "sources.csv", [sources[0], *[r for r in sources[1:] if r[0] == source_id]])
    for text in (target / "sources").iterdir():
        if text.stem != source_id:
            text.unlink()
    return target


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _write_rows(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def write_quick_notebooks(target: Path) -> Path:
    """Write one notebook per kind of report with the real parameters and nothing slow in it."""
    target.mkdir()
    for kind, name in PARAMETERS.items():
        notebook = new_notebook(
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
        )
        notebook.cells = [
            new_code_cell("claims_dir = None" + (f'\n{name} = "x"' if name else ""), metadata={"tags": ["parameters"]}),
            new_markdown_cell(f"# A quick {kind} report"),
            new_code_cell(f"print({name or 'claims_dir'})"),
        ]
        nbformat.write(notebook, target / f"{kind}.ipynb")
    return target


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """Workbooks A and B, the quick notebooks, and a finished build of each (A's is the 'previous')."""
    base = tmp_path_factory.mktemp("integrity")
    notebooks = write_quick_notebooks(base / "notebooks")
    a, b = cut_workbook(base / "A", "C0001"), cut_workbook(base / "B", "C0002")
    built = {}
    for name, claims in (("A", a), ("B", b)):
        out = base / f"built-{name}"
        out.mkdir()
        (out / "README.md").write_text("# kept\n")
        result = subprocess.run(build_command(claims, out, notebooks), capture_output=True, text=True, timeout=TIMEOUT)
        assert result.returncode == 0, result.stderr
        built[name] = out
    return {"A": a, "B": b, "notebooks": notebooks, "built": built}


def build_command(claims: Path, out: Path, notebooks: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "analysis",
        "build",
        "--claims-dir",
        str(claims),
        "--output",
        str(out),
        "--notebooks",
        str(notebooks),
        "-j",
        "1",
        "--force",
    ]  # run every report, not only the changed ones


def watched(command: list[str], pause_before_step: int | None = None) -> list[str]:
    """Return `command` run through tests/site/pausing_build.py: each busy retry of the lock said on stderr,
    and the swap held before step `pause_before_step`, if given, until the build's stdin is closed."""
    pause = [] if pause_before_step is None else ["--pause-before-step", str(pause_before_step)]
    return [command[0], str(Path(__file__).parent / "pausing_build.py"), *pause, *command[3:]]


def pausing(step: int, command: list[str]) -> list[str]:
    """Return `command` with its swap held before `step` (see `watched`)."""
    return watched(command, pause_before_step=step)


def fresh_copy_of_a(setup, target: Path) -> Path:
    shutil.copytree(setup["built"]["A"], target)
    return target


def swap_plan(built: Path, kept: int = 0) -> tuple[int, int]:
    """Return the step at which a swap to the build in `built` moves index.html, and its number of renames.

    `kept` counts the files of the previous data version's tables the build also stages, all moved before the index.
    """
    staged = [
        p.relative_to(built) for p in built.rglob("*") if p.is_file() and p.name not in ("README.md", ".build.lock")
    ]
    order = sorted(staged, key=publish.swap_order)
    return order.index(Path("index.html")) + kept, len(order) + kept


def report_files(out: Path) -> set[str]:
    """The files a build owns in `out`: everything but README.md, the lock and leftovers."""
    return {
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.name != "README.md" and not p.relative_to(out).parts[0].startswith(".")
    }


def kept_tables(out: Path) -> set[str]:
    """The files of the previous data version's tables, which a build over another data version's keeps."""
    return {name for name in report_files(out) if name.startswith("data/previous/")}


def data_version(folder: Path) -> str:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["version"]


# --- what 'whole and linked' means -----------------------------------------------------------


def check_reports(out: Path) -> str:
    """Assert that `out`'s index and every page it links to are whole, and every link resolves; return the index."""
    assert (out / "README.md").read_text() == "# kept\n"
    index = _whole_page(out / "index.html")
    pages = re.findall(r'<a href="([^"#]+\.html)"', index)
    assert pages, "the index links to no report"
    for href in re.findall(r'<a href="([^"#]+)"', index):
        if not href.endswith(".html"):
            _whole_file(out / href)
    for href in pages:
        page = out / href
        html = _whole_page(page)
        for link in re.findall(r'<a href="([^"#]+)"', html):  # links a reader follows, not the inline icon
            target = (page.parent / link).resolve()
            assert target.is_file(), f"{href} links to {link}, which is missing"
            if target.suffix == ".html":
                _whole_page(target)
            else:
                _whole_file(target)
    return index


def _whole_file(path: Path) -> None:
    """Assert that a linked notebook, table or data package is there and whole."""
    assert path.is_file(), f"{path} is missing"
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        nbformat.validate(nbformat.reads(text, as_version=4))
    elif path.suffix == ".json":
        assert json.loads(text)["resources"], f"{path} describes no table"
    else:
        assert path.suffix == ".csv" and text.endswith("\n"), f"{path} is not a whole table"


def _whole_page(path: Path) -> str:
    assert path.is_file(), f"{path} is missing"
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>"), f"{path} is not a whole page"
    return html


def is_index_of(index: str, workbook: str) -> bool:
    return {"A": "condition/anxiety.html", "B": "condition/depression.html"}[workbook] in index


# --- running and killing builds ---------------------------------------------------------------


class Build:
    """A build running as a subprocess in its own session, with its output lines collected.

    Its stdin is a pipe that stays open until `release()`, so a build paused by `watched` stays paused.
    """

    def __init__(self, command, env=None):
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
        self.lines: queue.Queue = queue.Queue()  # its lines as they come, then None as each stream ends
        self.seen: list[str] = []
        self.ended_streams = 0
        self.children: list[psutil.Process] = []
        self.readers = [
            threading.Thread(target=self._read, args=(stream,), daemon=True)
            for stream in (self.proc.stdout, self.proc.stderr)
        ]
        for reader in self.readers:
            reader.start()

    def _read(self, stream):
        for line in stream:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for_line(self, text: str, timeout: float = TIMEOUT) -> None:
        """Return once the build has printed a line containing `text`; fail when it ends or `timeout` passes first."""
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.seen):
            if self.ended_streams == len(self.readers):
                raise AssertionError(f"the build ended without printing {text!r}; it printed:\n{''.join(self.seen)}")
            try:
                line = self.lines.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                raise AssertionError(
                    f"the build did not print {text!r} in {timeout} s; it printed:\n{''.join(self.seen)}"
                ) from None
            if line is None:
                self.ended_streams += 1
            else:
                self.seen.append(line)

    def release(self) -> None:
        """Let a build paused by `watched` go on (its pause waits for stdin to close)."""
        self.proc.stdin.close()

    def finish(self, timeout: float = TIMEOUT) -> str:
        self.proc.wait(timeout)
        for reader in self.readers:
            reader.join(10)
        while not self.lines.empty():
            line = self.lines.get()
            if line is not None:
                self.seen.append(line)
        return "".join(self.seen)

    def kill(self) -> None:
        """SIGKILL the build's main process only, as the OOM killer or `kill -9` would.

        Its workers and their kernels (which run in sessions of their own) are noted first, for
        `outlived_by_children`; one started between the note and the kill would escape it.
        """
        self.children = psutil.Process(self.proc.pid).children(recursive=True)
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(TIMEOUT)

    def outlived_by_children(self, timeout: float = 30) -> bool:
        """Return whether any worker or kernel of the killed build still runs `timeout` seconds on (then kill them).

        Waits on the processes themselves (psutil), so it returns as soon as the last one ends.
        """
        assert self.children, "kill() found no worker or kernel to watch"
        _, alive = psutil.wait_procs(self.children, timeout=timeout)
        running = [p for p in alive if _is_running(p)]
        for process in running:
            process.kill()
        self.stop()
        return bool(running)

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(TIMEOUT)


def _is_running(process: psutil.Process) -> bool:
    """Whether `process` is still there and not a zombie (one that ended, waiting for its parent to read its status)."""
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.fixture
def builds():
    """Start builds with `builds(command, env)`; any still running at the end are killed with their children."""
    started = []

    def start(command, env=None) -> Build:
        started.append(Build(command, env))
        return started[-1]

    yield start
    for running in started:
        running.stop()


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(publish.STAGING_PREFIX))


# --- the tests -------------------------------------------------------------------------------


class _KilledError(Exception):
    pass


def test_swap_stopped_at_every_step_leaves_whole_linked_reports(setup, tmp_path):
    """Stop the swap from A to B before each of its steps in turn: the reports are whole every time."""
    new_files = report_files(setup["built"]["B"])
    index_step, renames = swap_plan(setup["built"]["B"])
    manifest = (setup["built"]["B"] / MANIFEST).read_bytes()
    step, stopped_at = 0, []
    while True:
        out = fresh_copy_of_a(setup, tmp_path / f"out-{step}")
        old_index = (out / "index.html").read_text()
        staging = out / ".staging-test"
        shutil.copytree(setup["built"]["B"], staging, ignore=shutil.ignore_patterns("README.md", ".build.lock"))

        def stop_at(now, target=step):
            if now == target:
                raise _KilledError

        try:
            publish.swap_in(staging, out, before_step=stop_at)
        except _KilledError:
            stopped_at.append(step)
        else:
            break
        index = check_reports(out)
        if step <= index_step:
            assert index == old_index, f"stopped before step {step}, yet the index changed"
        else:
            assert is_index_of(index, "B"), f"stopped before step {step}, after the switch, yet the index is old"
        if (out / MANIFEST).exists():  # a manifest only ever vouches for the pages in place
            assert step > index_step and (out / MANIFEST).read_bytes() == manifest
        step += 1
    assert report_files(out) == new_files
    assert stopped_at == list(range(len(stopped_at))) and len(stopped_at) > renames + 1  # some removals too


def test_swap_to_a_new_build_removes_the_files_it_lacks(setup, tmp_path):
    out = fresh_copy_of_a(setup, tmp_path / "out")
    staging = out / ".staging-test"
    shutil.copytree(setup["built"]["B"], staging, ignore=shutil.ignore_patterns("README.md", ".build.lock"))
    (out / "condition" / "old-only").mkdir()
    publish.swap_in(staging, out)
    assert report_files(out) == report_files(setup["built"]["B"])
    assert not (out / "condition" / "anxiety.html").exists() and not (out / "condition" / "old-only").exists()
    assert (out / "README.md").read_text() == "# kept\n" and (out / ".build.lock").exists()
    assert is_index_of(check_reports(out), "B")


MOMENTS = {  # the step to kill the build at, from the step of the index switch and the number of renames
    "before the swap": lambda index_step, renames: 0,
    "just before the index switch": lambda index_step, renames: index_step,
    "while removing the old files": lambda index_step, renames: renames + 1,
}


@pytest.mark.parametrize("moment", MOMENTS)
def test_build_killed_during_the_swap_leaves_whole_linked_reports(setup, tmp_path, builds, moment):
    index_step, renames = swap_plan(setup["built"]["B"], kept=len(KEPT) + 1)  # over A's: A's tables and descriptor
    step = MOMENTS[moment](index_step, renames)
    out = fresh_copy_of_a(setup, tmp_path / "out")
    old_index = (out / "index.html").read_text()
    running = builds(pausing(step, build_command(setup["B"], out, setup["notebooks"])))
    running.wait_for_line(f"paused before swap step {step}")
    running.kill()
    index = check_reports(out)
    if step <= index_step:
        assert index == old_index
        assert not (out / MANIFEST).exists(), "the old manifest would vouch for replaced pages"
    else:
        assert is_index_of(index, "B")
    assert leftovers(out), "the killed build left no staging folder: was it killed before the swap?"


def test_build_killed_while_running_reports_keeps_the_old_ones_and_the_next_build_cleans_up(setup, tmp_path, builds):
    out = fresh_copy_of_a(setup, tmp_path / "out")
    old_index = (out / "index.html").read_text()
    killed = builds(build_command(setup["B"], out, setup["notebooks"]))
    killed.wait_for_line("[1/4]")
    killed.kill()
    assert (out / "index.html").read_text() == old_index
    check_reports(out)
    assert leftovers(out)
    assert not killed.outlived_by_children(), "the killed build's worker or kernel kept running"

    (out / ".staging-from-an-older-build").mkdir()
    output = builds(build_command(setup["B"], out, setup["notebooks"])).finish()
    assert "removed 2 folders left by a build that was stopped" in output, output
    assert leftovers(out) == []
    assert is_index_of(check_reports(out), "B")
    assert report_files(out) - kept_tables(out) == report_files(setup["built"]["B"])
    assert data_version(out / "data" / "previous") == data_version(setup["built"]["A"] / "data")


def test_a_second_build_waits_for_the_lock_then_builds(setup, tmp_path, builds):
    out = fresh_copy_of_a(setup, tmp_path / "out")
    holder = builds(pausing(0, build_command(setup["B"], out, setup["notebooks"])))
    holder.wait_for_line("paused before swap step 0")
    waiter = builds(watched(build_command(setup["A"], out, setup["notebooks"])))
    waiter.wait_for_line("another build holds")
    waiter.wait_for_line(f"not acquired on {out / publish.LOCK_FILE}")  # tried again, found it held: waits on
    assert waiter.proc.poll() is None, "the second build did not wait for the first"
    holder.kill()  # a killed holder releases the lock: the waiter goes on
    output = waiter.finish()
    assert waiter.proc.returncode == 0, output
    assert "removed 1 folder left by a build that was stopped" in output
    assert is_index_of(check_reports(out), "A") and leftovers(out) == []


def test_two_builds_at_once_do_not_corrupt_the_output(setup, tmp_path, builds):
    """A builds into an empty folder while B starts and waits for the lock; both finish, B's build is what remains.

    A is held before its swap until B is seen waiting, so that the two overlap however slow
    the machine (started together, A could finish before B reached the lock).
    """
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").write_text("# kept\n")
    first = builds(pausing(0, build_command(setup["A"], out, setup["notebooks"])))
    first.wait_for_line("paused before swap step 0")
    second = builds(watched(build_command(setup["B"], out, setup["notebooks"])))
    second.wait_for_line(f"not acquired on {out / publish.LOCK_FILE}")
    first.release()
    outputs = {"A": first.finish(), "B": second.finish()}
    assert first.proc.returncode == 0 and second.proc.returncode == 0, outputs
    waited = [name for name, text in outputs.items() if "another build holds" in text]
    assert waited == ["B"], outputs
    assert is_index_of(check_reports(out), "B")  # the one that waited built last
    assert report_files(out) - kept_tables(out) == report_files(setup["built"]["B"])
    assert data_version(out / "data" / "previous") == data_version(setup["built"]["A"] / "data")
    assert leftovers(out) == []
