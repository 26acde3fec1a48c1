"""One report's run: a failed report says what failed in one line, and publishes no traceback."""

import nbformat

from analysis.common import paths
from analysis.site.run import MAX_ERROR_CHARS, describe_error, remove_tracebacks

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
