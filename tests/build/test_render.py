"""Rendering: executed notebooks become HTML bodies with outputs only, figures described."""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.build.render import render_notebook

PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def executed_notebook() -> nbformat.NotebookNode:
    figure = new_code_cell(
        "plot()", outputs=[new_output("display_data", data={"image/png": PIXEL, "text/plain": "<Figure>"})]
    )
    table = new_code_cell(
        "show()", outputs=[new_output("display_data", data={"text/html": "<table><tr><td>C0001</td></tr></table>"})]
    )
    warning = new_code_cell("warn()", outputs=[new_output("stream", name="stderr", text="UserWarning: noisy\n")])
    return new_notebook(
        cells=[
            new_markdown_cell("# A report"),
            new_markdown_cell("The *evidence* behind each claim."),
            figure,
            new_markdown_cell("Every claim."),
            table,
            warning,
        ],
        metadata={"language_info": {"name": "python"}},
    )


def test_figures_take_the_sentence_above_them_as_alt_text():
    body = render_notebook(executed_notebook())
    assert body.count("<img ") == 1
    assert 'alt="The evidence behind each claim."' in body
    assert "No description has been provided" not in body


def test_outputs_are_shown_and_code_is_not():
    body = render_notebook(executed_notebook())
    assert "<td>C0001</td>" in body and "Every claim." in body
    assert "plot()" not in body and "show()" not in body


def test_stderr_is_shown_only_when_asked():
    assert "noisy" not in render_notebook(executed_notebook())
    assert "noisy" in render_notebook(executed_notebook(), keep_stderr=True)


def test_headings_keep_their_ids_and_every_link_is_closed():
    body = render_notebook(executed_notebook())
    assert 'id="A-report"' in body
    assert body.count("<a ") == body.count("</a>") and "/>" not in body.replace("<br/>", "")
