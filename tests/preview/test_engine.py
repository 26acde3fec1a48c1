"""The live preview: open pages published early and whole, a bad edit keeps the last build, Ctrl-C stops it all.

The slow tests run `python -m analysis preview` as a user does, on a copy of
tests/data/workbook built once, and drive Debian's Chromium through Playwright.
"""

import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from analysis.cli.main import main
from analysis.cli.preview import child_options
from analysis.preview.engine import describe_rebuild, rebuild
from analysis.preview.serve import Changes, fingerprint
from analysis.site import publish
from analysis.site.freshness import MANIFEST, read_manifest
from analysis.site.plan import hash_data
from browsing import CHROMIUM, NO_CHROMIUM, build_reports, launch_chromium
from conftest import edit_claims

DATA = Path(__file__).parents[1] / "data" / "workbook"
START_SECONDS = 300  # the preview's first build, kernels included, on a busy machine
REBUILD_SECONDS = 120
STOP_SECONDS = 60


# --- publishing an open page before the build's swap ---------------------------------------------


def make_build(folder: Path, text: str, reports: dict) -> None:
    """Write a one-page build into `folder`: index, condition/anxiety.html, its notebook, a manifest."""
    (folder / "condition").mkdir(parents=True, exist_ok=True)
    (folder / "notebooks" / "condition").mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text('<a href="condition/anxiety.html">anxiety</a>')
    (folder / "condition" / "anxiety.html").write_text(f'{text}<a href="../notebooks/condition/anxiety.ipynb">nb</a>')
    (folder / "notebooks" / "condition" / "anxiety.ipynb").write_text(json.dumps({"cells": [text]}))
    (folder / MANIFEST).write_text(json.dumps({"inputs": "old-inputs", "reports": reports}))


def test_publish_early_puts_the_page_after_its_notebook_and_the_manifest_forgets_it(tmp_path):
    out, staging = tmp_path / "reports", tmp_path / "reports" / ".staging-x"
    entries = {"condition/anxiety.html": {"key": "k1", "status": "ok"}, "overview.html": {"key": "k2", "status": "ok"}}
    make_build(out, "old claim", entries)
    make_build(staging, "reworded claim", {})
    publish.publish_early(staging, out, ["notebooks/condition/anxiety.ipynb", "condition/anxiety.html"])
    assert "reworded claim" in (out / "condition" / "anxiety.html").read_text()
    assert "reworded claim" in (out / "notebooks" / "condition" / "anxiety.ipynb").read_text()
    manifest = read_manifest(out)
    assert manifest["reports"] == {"overview.html": {"key": "k2", "status": "ok"}}  # no key vouches for the new page
    assert manifest["inputs"] == ""  # and no build takes the folder as up to date
    assert (staging / "condition" / "anxiety.html").is_file()  # the swap still has it to move
    assert not list(out.rglob("*.tmp"))
    shown = fingerprint(out / "condition" / "anxiety.html")
    publish.swap_in(staging, out)
    assert fingerprint(out / "condition" / "anxiety.html") == shown  # the same file: an open page does not reload twice


def test_a_rebuild_that_does_not_validate_keeps_the_last_build_and_says_why_once(workbook_dir, tmp_path):
    out = tmp_path / "reports"
    make_build(out, "old claim", {})
    before = files_of(out)
    edit_claims(workbook_dir, {"C0003": {"direction": "sideways"}})
    lines, changes = [], Changes()
    engine = SimpleNamespace(published={})  # never reached: the claims are checked first
    assert rebuild(engine, changes, claims_dir=workbook_dir, out_dir=out, notebooks_dir=None, echo=lines.append)
    assert len(lines) == 1
    assert re.match(r"not rebuilt, the last good build is still served: \S*claims\.csv:4: column 'direction'", lines[0])
    assert changes.problem.startswith("Not rebuilt: ") and "sideways" in changes.problem
    assert files_of(out) == before
    assert not list(out.glob(".staging-*"))


def files_of(folder: Path) -> dict:
    """Return the bytes of every file of a build folder, but its lock."""
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != publish.LOCK_FILE}


def test_the_rebuild_line_says_what_ran_and_when_the_open_page_was_shown():
    results = [SimpleNamespace(cached=c, status=s) for c, s in [(True, "ok"), (False, "ok"), (False, "failed")]]
    line = describe_rebuild(results, 4.04, {"source/a.html": 10.9}, 10.0)
    assert line == "rebuilt 2 of 3 reports in 4.0 s (source/a.html shown after 0.9 s); 1 failed"


# --- the command line ------------------------------------------------------------------------------


def test_a_port_in_use_is_one_line_and_exit_1(workbook_dir, tmp_path, capsys):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = str(taken.getsockname()[1])
        status = main(["preview", "--claims-dir", str(workbook_dir), "--output", str(tmp_path / "out"), "--port", port])
    finally:
        taken.close()
    err = capsys.readouterr().err
    assert status == 1 and err.count("\n") == 1
    assert f"port {port} on 127.0.0.1 is in use" in err and "--port" in err


def test_an_impossible_port_and_an_output_inside_the_claims_are_refused(workbook_dir, capsys):
    assert main(["preview", "--claims-dir", str(workbook_dir), "--port", "70000"]) == 1
    assert "--port 70000 is not a port" in capsys.readouterr().err
    inside = str(workbook_dir / "reports")
    assert main(["preview", "--claims-dir", str(workbook_dir), "--output", inside, "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert "which the preview watches" in err and "--output" in err and err.count("\n") == 1
    assert not (workbook_dir / "reports").exists()


def test_the_child_gets_the_options_but_not_the_port_which_its_supervisor_holds():
    args = SimpleNamespace(host="127.0.0.1", port=0, claims_dir="c", output=None, notebooks="n", jobs=2)
    assert child_options(args) == ["--host", "127.0.0.1", "--claims-dir", "c", "--notebooks", "n", "--jobs", "2"]


# --- the preview, run as a user runs it -------------------------------------------------------------


class Preview:
    """`python -m analysis preview` in its own process group (as a terminal runs it), its lines kept.

    `process` is the supervisor, which holds the port; the preview itself runs in its child.
    """

    def __init__(self, out: Path, *options: str, env: dict | None = None):
        self.out = out
        self.process = subprocess.Popen(
            [sys.executable, "-m", "analysis", "preview", "--output", str(out), "--port", "0", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            env=env,
        )
        self.lines, self.seen = queue.Queue(), []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = re.search(r"http://\S+/", self.wait_for(r"^serving ", 60)).group(0)

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float) -> str:
        """Return the next line matching `pattern`; fail with every line so far after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line like {pattern!r} in {timeout} s; the preview said:\n" + "\n".join(self.seen))

    def descendants(self) -> list:
        import psutil

        return psutil.Process(self.process.pid).children(recursive=True)

    def interrupt(self, how: str = "ctrl-c") -> int:
        """Press Ctrl-C (SIGINT to the whole process group, as a terminal sends it), `kill` the process (SIGTERM) or
        `kill -9` it; return the exit status."""
        if how == "ctrl-c":
            os.killpg(self.process.pid, signal.SIGINT)
        else:
            self.process.send_signal(signal.SIGKILL if how == "kill -9" else signal.SIGTERM)
        return self.process.wait(STOP_SECONDS)

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.interrupt()
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def still_running(processes, grace: float = 5) -> list[str]:
    """Return the command lines of `processes` still running after `grace` seconds (multiprocessing's resource
    tracker, which ignores Ctrl-C, ends a moment after the preview: when its pipe closes)."""
    import psutil

    _, alive = psutil.wait_procs(processes, timeout=grace)
    return [" ".join(p.cmdline()) for p in alive if p.status() != psutil.STATUS_ZOMBIE]


READY = r"^(rebuilt \d+ of|all \d+ reports are up to date)"
REBUILT = r"(rebuilt \d+ of \d+ reports|not rebuilt)"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    """The fixture workbook and its reports, built once for the module."""
    base = tmp_path_factory.mktemp("preview")
    shutil.copytree(DATA, base / "claims")
    build_reports(base / "claims", base / "reports")
    return base / "claims", base / "reports"


@pytest.fixture
def preview(site):
    """A running preview of the module's site, the claims as shipped."""
    claims, out = site
    shutil.copy2(DATA / "claims.csv", claims / "claims.csv")
    running = Preview(out, "--claims-dir", str(claims), "-j", "2")
    try:
        running.wait_for(READY, START_SECONDS)
        yield running
    finally:
        running.stop()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
def test_a_reworded_claim_shows_on_the_open_page_without_a_reload(preview, site):
    from playwright.sync_api import expect

    claims, out = site
    with launch_chromium() as browser:
        page = browser.new_page()
        page.goto(preview.url + "source/probiotics-news.html")
        nav = page.locator("nav.wb-nav")
        expect(nav).to_contain_text(f"data version {hash_data(claims)}")
        page.evaluate("window.notReloaded = true")

        edit_claims(claims, {"C0001": {"claim": "A daily probiotic eased anxiety in adults, the trial says."}})
        expect(nav).to_contain_text(f"data version {hash_data(claims)}", timeout=REBUILD_SECONDS * 1000)
        assert page.evaluate("window.notReloaded") is None  # the page reloaded itself; the test never did

        edit_claims(claims, {"C0001": {"citation": "a trial of 120 adults, as reworded"}})
        expect(page.locator("main")).to_contain_text(
            "a trial of 120 adults, as reworded", timeout=REBUILD_SECONDS * 1000
        )
        assert "<script" not in (out / "source" / "probiotics-news.html").read_text(encoding="utf-8")

        edit_claims(claims, {"C0001": {"direction": "sideways"}})
        banner = page.locator("#preview-problem")
        expect(banner).to_contain_text("Not rebuilt", timeout=REBUILD_SECONDS * 1000)
        expect(banner).to_contain_text("column 'direction'")
        expect(page.locator("main")).to_contain_text("as reworded")  # the last good build is still shown
        edit_claims(claims, {"C0001": {"direction": "beneficial"}})
        expect(banner).to_be_hidden(timeout=REBUILD_SECONDS * 1000)
    preview.wait_for(REBUILT, REBUILD_SECONDS)
    assert any("source/probiotics-news.html shown after" in line for line in preview.seen)


@pytest.mark.slow
def test_ctrl_c_stops_the_server_the_workers_and_their_kernels(preview):
    port = int(re.search(r":(\d+)/", preview.url).group(1))
    workers = preview.descendants()
    assert len(workers) >= 3  # the preview's process, its warm workers, and their kernels once started
    assert preview.interrupt() == 0
    preview.wait_for(r"^stopped the preview", 5)
    assert not [line for line in preview.seen if "Traceback" in line or "Error" in line], "\n".join(preview.seen)
    assert still_running(workers) == []
    assert not list(preview.out.glob(".staging-*"))
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


@pytest.mark.slow
@pytest.mark.parametrize("how", ["ctrl-c", "kill"])
def test_stopped_in_the_middle_of_a_rebuild_it_leaves_the_last_build_whole(preview, site, how):
    claims, out = site
    edit_claims(claims, {"C0002": {"claim": "Depression goes with less diverse gut bacteria."}})
    deadline = time.monotonic() + REBUILD_SECONDS
    while not list(out.glob(".staging-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert list(out.glob(".staging-*")), "the rebuild did not start"
    workers = preview.descendants()
    assert preview.interrupt(how) == 0
    preview.wait_for(r"^stopped the preview; the reports folder holds the last good build$", 5)
    assert not [line for line in preview.seen if "Traceback" in line or "Error" in line], "\n".join(preview.seen)
    assert still_running(workers) == []
    assert not list(out.glob(".staging-*"))
    reports = read_manifest(out)["reports"]
    assert reports and all((out / href).is_file() for href in reports)
    assert "<script" not in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_preview_whose_supervisor_is_killed_stops_too(preview):
    workers = preview.descendants()
    assert preview.interrupt("kill -9") == -signal.SIGKILL
    preview.wait_for(r"^stopped the preview", STOP_SECONDS)  # its child says so on the same output
    assert still_running(workers) == []
    assert not list(preview.out.glob(".staging-*"))


def write_quick_notebooks(target: Path) -> Path:
    """Write the shipped notebooks cut to their parameters cell and a print: a build of seconds."""
    import nbformat
    from nbformat.v4 import new_code_cell

    from analysis.common import paths

    target.mkdir()
    for path in paths.NOTEBOOKS_DIR.glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        notebook.cells = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
        notebook.cells.append(new_code_cell("print('a quick report')"))
        nbformat.write(notebook, target / path.name)
    return target


@pytest.mark.slow
def test_a_change_to_the_package_restarts_the_preview_with_the_new_code_on_the_same_port(tmp_path):
    """The package copied, so that it can be changed: a change that does not import is named and waited out."""
    import urllib.request

    from analysis.common import paths

    shutil.copytree(paths.ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(paths.CLAIMS_DIR, tmp_path / "claims")  # what the copied package falls back on (rules, lexicon)
    shutil.copytree(DATA, tmp_path / "workbook")
    notebooks = write_quick_notebooks(tmp_path / "notebooks")
    module = tmp_path / "src" / "analysis" / "common" / "limits.py"
    source = module.read_text()
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    running = Preview(
        tmp_path / "reports",
        "--claims-dir",
        str(tmp_path / "workbook"),
        "--notebooks",
        str(notebooks),
        "-j",
        "1",
        env=env,
    )
    try:
        running.wait_for(READY, START_SECONDS)
        module.write_text(source + "\ndef broken(:\n")
        line = running.wait_for(r"the package changed but does not import", REBUILD_SECONDS)
        assert "SyntaxError" in line and "goes on with the code it has" in line
        assert urllib.request.urlopen(running.url + "index.html").status == 200
        module.write_text(source + "\n# a changed comment\n")
        running.wait_for(r"^the package changed: restarting the preview with the new code$", REBUILD_SECONDS)
        assert running.wait_for(r"^serving ", 60) == running.seen[0]  # the same folder, address and port
        assert re.match(r"rebuilt 15 of 15 reports", running.wait_for(READY, START_SECONDS))  # the code is in every key
        assert urllib.request.urlopen(running.url + "index.html").status == 200
    finally:
        running.stop()
