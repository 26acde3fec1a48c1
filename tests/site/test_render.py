"""Rendering: executed notebooks become HTML bodies with outputs only, figures described."""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.site.render import render_notebook

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


def test_a_page_with_sections_opens_with_contents_linking_to_them():
    notebook = new_notebook(
        cells=[
            new_markdown_cell("# A report"),
            new_markdown_cell("## Key findings\n\nThe answer."),
            new_markdown_cell("## Every claim"),
        ],
        metadata={"language_info": {"name": "python"}},
    )
    body = render_notebook(notebook)
    nav = body[body.index("<nav") : body.index("</nav>")]
    assert body.index("</h1>") < body.index("<nav") < body.index('<h2 id="Key-findings"')
    assert '<a href="#Key-findings">Key findings</a>' in nav and '<a href="#Every-claim">Every claim</a>' in nav


def test_narration_for_analysts_stays_out_of_the_page():
    notebook = executed_notebook()
    notebook.cells.insert(1, new_markdown_cell("Load and validate the workbook.", metadata={"tags": ["notebook-only"]}))
    body = render_notebook(notebook)
    assert "Load and validate" not in body and "Every claim." in body
