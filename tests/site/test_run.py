"""One report's run: a failed report says what failed in one line, and publishes no traceback."""

import time

import nbformat
import pytest

from analysis.common import paths
from analysis.site.kernels import stop_worker_kernel
from analysis.site.plan import ReportSpec
from analysis.site.run import MAX_ERROR_CHARS, describe_error, remove_tracebacks, run_report

MATHTEXT_ERROR = "\n$\\foo$\n^\nParseFatalException: Unknown symbol: \\foo, found '\\'  (at char 0), (line:1, col:1)"


def test_an_error_is_one_line_without_the_repositorys_path():
    error = describe_error(f"ValueError: {MATHTEXT_ERROR}")
    assert (
        error
        == "ValueError: $\\foo$ ^ ParseFatalException: Unknown symbol: \\foo, found '\\' (at char 0), (line:1, col:1)"
    )
    missing = describe_error(f"FileNotFoundError: {paths.ROOT}/claims/x.csv\nand more")
    assert missing == "FileNotFoundError: claims/x.csv and more"


def test_a_long_error_is_shortened_and_a_control_character_escaped():
    error = describe_error("RuntimeError: " + "word " * 1000 + "\x1b[31m")
    assert len(error) <= MAX_ERROR_CHARS and error.endswith("…")
    assert describe_error("E: red \x1b[31m") == "E: red \\x1b[31m"


def test_a_failed_notebook_keeps_its_error_name_and_message_but_not_its_traceback():
    cell = nbformat.v4.new_code_cell("raise ValueError")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="before\n"),
        nbformat.v4.new_output(
            "error", ename="ValueError", evalue=MATHTEXT_ERROR, traceback=["Traceback (most recent call last):", "..."]
        ),
    ]
    notebook = remove_tracebacks(nbformat.v4.new_notebook(cells=[cell]))
    stream, error = notebook.cells[0].outputs
    assert stream.text == "before\n" and error.ename == "ValueError" and error.traceback == []
    assert error.evalue.startswith("$\\foo$ ^ ParseFatalException") and "\n" not in error.evalue
    nbformat.validate(notebook)


@pytest.mark.slow
def test_a_cell_past_its_budget_fails_its_report_in_one_line_and_the_next_report_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("GUTBRAIN_CELL_SECONDS", "3")
    metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    for kind, source in [("sleepy", "import time\ntime.sleep(300)"), ("quick", "print('done')")]:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)], metadata=metadata)
        nbformat.write(notebook, tmp_path / f"{kind}.ipynb")
    try:
        started = time.perf_counter()
        stuck = run_report(ReportSpec("sleepy", "a", "Sleepy", notebooks_dir=tmp_path), tmp_path / "out", "v1")
        after = run_report(ReportSpec("quick", "b", "Quick", notebooks_dir=tmp_path), tmp_path / "out", "v1")
    finally:
        stop_worker_kernel()
    assert time.perf_counter() - started < 120
    assert stuck.status == "failed" and stuck.error == (
        "a cell ran past its budget of 3 s and was stopped; to allow more, set GUTBRAIN_CELL_SECONDS"
    )
    page = (tmp_path / "out" / "sleepy" / "a.html").read_text()
    assert stuck.error in page and "Traceback" not in page
    assert "executed notebook" not in page  # papermill wrote none: the page links none
    done = (tmp_path / "out" / "quick" / "b.html").read_text()
    assert after.status == "ok" and "done" in done and 'href="../notebooks/quick/b.ipynb">executed notebook' in done
