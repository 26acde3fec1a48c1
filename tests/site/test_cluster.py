"""The Dask engine: the same reports as a local build, a lost worker retried, inputs shipped to workers."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import load_workbook
from analysis.common import paths
from analysis.common.problems import BuildError
from analysis.site.cluster import _confine, localise, pack_inputs, receive_report, unpack_inputs
from analysis.site.freshness import MANIFEST
from analysis.site.plan import plan_reports

DATA = Path(__file__).parents[1] / "data" / "workbook"
TIMEOUT = 900
DASK_MODULES = "dask modules loaded:"
# What differs between two builds of the same inputs: the time and the durations; and the cell of parameters papermill
# injects (hidden, with no output), which names where the data was read: a Dask worker reads its copy of the claims.
VOLATILE = [
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"), "TIME"),
    (re.compile(r"<td>\d+\.\d s</td>"), "<td>N s</td>"),
    (re.compile(r"Built TIME in \d+\.\d s"), "Built TIME in N s"),
    (re.compile(r'<div id="cell-id=[0-9a-f]+" class="[^"]*celltag_injected-parameters">\s*</div>\s*'), ""),
]


def build(*args, out: Path) -> subprocess.CompletedProcess:
    """Run `python -m analysis build --output OUT ARGS` as a user would; say which Dask modules it loaded."""
    code = (
        "import sys\nfrom analysis.cli.main import main\n"
        f"status = main(['build', '--output', {str(out)!r}, *{list(args)!r}])\n"
        f"print({DASK_MODULES!r}, sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n"
        "sys.exit(status)"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT)


def dask_modules(result: subprocess.CompletedProcess) -> str:
    return result.stdout.rsplit(DASK_MODULES, 1)[1].strip()


def normalise(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def published(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != ".build.lock"}


def notebook_content(path: Path) -> list:
    """Each cell's kind, source and outputs; the injected parameters cell (where the data was read) left out.

    Execution counts are left out too: that cell is run, or not, before the others.
    """
    cells = nbformat.read(path, as_version=4).cells
    volatile = ("metadata", "execution_count")
    return [
        (c.cell_type, c.source, [{k: v for k, v in o.items() if k not in volatile} for o in c.get("outputs", [])])
        for c in cells
        if "injected-parameters" not in c.metadata.get("tags", [])
    ]


def linked_pages(out: Path) -> list[str]:
    return re.findall(r'href="([^"]+\.html)"', (out / "index.html").read_text())


# --- the shipped reports, built locally and on a LocalCluster of two workers ----------------------


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """Build the shipped claims once with the local pool and once on a LocalCluster with two workers."""
    base = tmp_path_factory.mktemp("shipped")
    local = build("-j", "2", out=base / "local")
    dask = build("--scheduler", "local", "-j", "2", out=base / "dask")
    return local, dask, base


@pytest.mark.slow
def test_a_local_build_never_imports_dask(shipped):
    local, _, _ = shipped
    assert local.returncode == 0, local.stderr
    assert dask_modules(local) == "[]"


@pytest.mark.slow
def test_local_cluster_builds_every_shipped_report(shipped):
    _, dask, base = shipped
    n = len(plan_reports(load_workbook()))
    assert dask.returncode == 0, dask.stderr
    assert f"running {n} reports on a local Dask cluster, 2 workers with a warm kernel each" in dask.stdout
    assert len(re.findall(rf"^\[\s*\d+/{n}\] \S+ +ok ", dask.stdout, re.MULTILINE)) == n
    assert "Traceback" not in dask.stdout + dask.stderr
    assert not list(base.glob("dask/.staging-*"))


@pytest.mark.slow
def test_local_cluster_pages_match_the_local_build(shipped):
    _, _, base = shipped
    local, dask = base / "local", base / "dask"
    assert published(dask) == published(local)
    pages = sorted(p for p in published(local) if p.endswith(".html"))
    reports = [spec.href for spec in plan_reports(load_workbook())]
    assert pages == sorted([*reports, "index.html", "changes.html"])  # every report, the index, What changed
    for page in pages:
        assert normalise((dask / page).read_text()) == normalise((local / page).read_text()), page
    for name in published(local):
        if name.startswith("data/"):
            assert normalise((dask / name).read_text()) == normalise((local / name).read_text()), name
        elif name.endswith(".ipynb"):
            assert notebook_content(dask / name) == notebook_content(local / name), name


@pytest.mark.slow
def test_local_cluster_gives_the_same_freshness_keys_and_reuses_the_local_build(shipped):
    _, _, base = shipped
    keys = {
        name: {
            href: (entry["key"], entry["status"])
            for href, entry in json.loads((base / name / MANIFEST).read_text())["reports"].items()
        }
        for name in ("local", "dask")
    }
    assert keys["dask"] == keys["local"]
    shutil.copytree(base / "local", base / "reuse")
    again = build("--scheduler", "local", "-j", "2", "--force", "condition/depression", out=base / "reuse")
    assert again.returncode == 0, again.stderr
    n = len(keys["local"])
    assert f"{n - 1} of {n} reports are up to date and kept as they are" in again.stdout
    assert f"(ran 1 of {n} reports, {n - 1} up to date)" in again.stdout


# --- a worker killed mid-build ------------------------------------------------------------------


def add_first_cell(notebook: Path, source: str) -> None:
    """Insert a code cell after the parameters cell of `notebook`."""
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell(source))
    nbformat.write(nb, notebook)


@pytest.mark.slow
def test_a_worker_killed_mid_build_still_ends_in_whole_linked_reports(tmp_path):
    claims, notebooks, marker = tmp_path / "claims", tmp_path / "notebooks", tmp_path / "killed"
    shutil.copytree(DATA, claims)
    shutil.copytree(paths.NOTEBOOKS_DIR, notebooks)
    # The first intervention report to run kills its Dask worker (the kernel's parent process); later runs go on.
    add_first_cell(
        notebooks / "intervention.ipynb",
        f"import os, pathlib, signal\nif not pathlib.Path({str(marker)!r}).exists():\n"
        f"    pathlib.Path({str(marker)!r}).touch()\n    os.kill(os.getppid(), signal.SIGKILL)",
    )
    out = tmp_path / "reports"
    args = ("--claims-dir", str(claims), "--notebooks", str(notebooks), "--scheduler", "local", "-j", "2")
    result = build(*args, out=out)
    assert marker.exists(), "no worker was killed"
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    manifest = json.loads((out / MANIFEST).read_text())["reports"]
    assert len(manifest) == 15 and {e["status"] for e in manifest.values()} == {"ok"}
    pages = linked_pages(out)
    assert set(pages) == set(manifest) | {"changes.html"}  # every report, and the What-changed page
    for page in pages:
        html = (out / page).read_text()
        assert html.rstrip().endswith("</html>") and "This report failed" not in html, page
    assert not list(out.glob(".staging-*"))


# --- the inputs the workers read, and a report whose task is lost ---------------------------------


def test_workers_get_the_claims_and_notebooks_and_read_their_own_copy(workbook_dir, tmp_path):
    specs = plan_reports(load_workbook(workbook_dir), workbook_dir)
    inputs = pack_inputs(specs)
    folder = unpack_inputs(inputs, tmp_path / "worker")
    assert (folder / "claims" / "claims.csv").read_bytes() == (workbook_dir / "claims.csv").read_bytes()
    assert (folder / "claims" / "sources" / "diet-blog.txt").is_file()
    assert sorted(p.name for p in (folder / "notebooks").iterdir()) == [
        "condition.ipynb",
        "intervention.ipynb",
        "overview.ipynb",
        "source.ipynb",
    ]
    local = localise(specs[1], inputs, folder)
    assert local.parameters["claims_dir"] == str(folder / "claims")
    assert local.notebook == folder / "notebooks" / f"{specs[1].kind}.ipynb" and local.href == specs[1].href
    assert unpack_inputs(inputs, tmp_path / "worker") == folder  # unpacked once, then reused


def test_the_default_claims_folder_is_shipped_too(tmp_path):
    specs = plan_reports(load_workbook())
    assert "claims_dir" not in specs[0].parameters
    inputs = pack_inputs(specs)
    assert inputs.files["claims/claims.csv"] == (paths.CLAIMS_DIR / "claims.csv").read_bytes()
    assert localise(specs[0], inputs, tmp_path).parameters["claims_dir"] == str(tmp_path / "claims")


def test_hidden_files_and_links_out_of_the_claims_folder_are_not_shipped(workbook_dir, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the workers")
    (workbook_dir / "sources" / "outside.txt").symlink_to(secret)
    (workbook_dir / "sources" / "alias.txt").symlink_to(workbook_dir / "sources" / "diet-blog.txt")
    (workbook_dir / ".git").mkdir()
    (workbook_dir / ".git" / "config").write_text("[core]")
    files = pack_inputs(plan_reports(load_workbook(workbook_dir), workbook_dir)).files
    assert "claims/sources/outside.txt" not in files and not any(".git" in name for name in files)
    assert files["claims/sources/alias.txt"] == (workbook_dir / "sources" / "diet-blog.txt").read_bytes()


def test_a_shipped_name_cannot_climb_out_of_the_inputs_folder():
    for name in ("../claims.csv", "/etc/passwd", "claims/../../x"):
        with pytest.raises(ValueError, match="outside the worker's inputs folder"):
            _confine(name)


class _LostFuture:
    def result(self):
        raise RuntimeError("Attempted to run task report-x on 4 different workers, but all those workers died")


def test_a_report_whose_workers_all_died_gets_a_failed_page_and_the_rest_go_on(workbook_dir, tmp_path):
    spec = plan_reports(load_workbook(workbook_dir), workbook_dir)[1]
    result = receive_report(spec, _LostFuture(), tmp_path, "v1")
    assert result.status == "failed" and result.error.startswith("RuntimeError: Attempted to run task")
    page = (tmp_path / spec.href).read_text()
    assert "This report failed to build: RuntimeError: Attempted to run task report-x on 4 different workers" in page
    assert nbformat.read(tmp_path / spec.executed, as_version=4).cells == []


class _DroppedFuture:
    def result(self):
        from distributed.client import FutureCancelledError

        raise FutureCancelledError("report-x", reason="scheduler-connection-lost", msg="Client lost the connection.")


def test_a_lost_scheduler_stops_the_build_in_one_line_and_writes_nothing(workbook_dir, tmp_path):
    spec = plan_reports(load_workbook(workbook_dir), workbook_dir)[1]
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(BuildError) as caught:
        receive_report(spec, _DroppedFuture(), staging, "v1")
    (message,) = [str(p) for p in caught.value.problems]
    assert message.startswith(f"the Dask cluster dropped {spec.href} (FutureCancelledError: ") and "\n" not in message
    assert message.endswith("nothing was published, the previous reports are as they were: build again")
    assert list(staging.iterdir()) == []


@pytest.mark.slow  # a fresh interpreter or processes: left to make test
def test_importing_the_build_and_the_command_line_loads_no_dask():
    code = (
        "import sys, analysis.cli.main, analysis.site.pipeline\n"
        "analysis.site.pipeline.make_engine(1, 'build.log')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ})
    assert result.stdout.strip() == "[]", result.stderr
