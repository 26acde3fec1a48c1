"""The speed tricks still fit the libraries they reach into; each test fails loudly when a library moves.

When one fails after an upgrade, read what the trick saves and what breaks in
`analysis.common.speedups`, then adapt or delete the trick.
"""

import gc
import inspect
import subprocess
import sys

from analysis.common import speedups


def test_paused_gc_restores_the_collector():
    assert gc.isenabled()
    with speedups.paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nbconvert_still_prepares_html_the_way_the_trick_repeats():
    from nbconvert import HTMLExporter

    source = inspect.getsource(HTMLExporter.from_notebook_node)
    for needed in ("_init_resources", "highlight_code", "filter_data_type", "_nb_metadata"):
        assert needed in source, f"nbconvert's HTMLExporter.from_notebook_node no longer uses {needed}"


def test_the_page_exporter_renders_what_nbconvert_renders():
    import nbformat
    from nbconvert import HTMLExporter
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from analysis.site.render import render_notebook

    notebook = new_notebook(
        cells=[
            new_markdown_cell("# Title"),
            new_code_cell(
                "x", outputs=[new_output("display_data", data={"text/html": "<table><tr><td>C0001</td></tr></table>"})]
            ),
        ],
        metadata={"language_info": {"name": "python"}},
    )
    stock = HTMLExporter(template_name="basic", exclude_input=True).from_notebook_node(nbformat.from_dict(notebook))[0]
    ours = render_notebook(notebook)
    assert "<td>C0001</td>" in stock and "<td>C0001</td>" in ours
    assert ">Title<" in stock and ">Title<" in ours


def test_nbclient_still_skips_starting_a_kernel_when_given_a_client():
    from nbclient import NotebookClient

    source = inspect.getsource(NotebookClient.async_setup_kernel)
    assert "if self.kc is None:" in source and "async_start_new_kernel_client" in source


def test_declining_rfc3987_syntax_leaves_nbformat_validating():
    code = (
        "import sys; from analysis.common.speedups import decline_slow_imports; decline_slow_imports(); "
        "import nbformat; nbformat.validate(nbformat.v4.new_notebook()); "
        "assert sys.modules['rfc3987_syntax'] is None; print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr


def test_importing_the_package_declines_nothing():
    """`import analysis.site` once put None into sys.modules for every process that imported it."""
    code = (
        "import sys\n"
        "seen = lambda: type(sys.modules.get('rfc3987_syntax', 'absent')).__name__\n"
        "import analysis; print(seen())\n"
        "import analysis.site; print(seen())\n"
        "import analysis.site.pipeline; print(seen())\n"  # loads nbformat, and so jsonschema, which imports it
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["str", "str", "module"], result.stderr


def test_matplotlib_still_has_the_hooks_the_kernel_reset_calls():
    import matplotlib.pyplot as plt
    from matplotlib_inline.backend_inline import InlineBackend

    assert callable(plt.uninstall_repl_displayhook)
    assert "print_figure_kwargs" in InlineBackend.class_trait_names()


def test_alt_texts_go_to_the_images_in_order():
    body = '<p>x</p><img src="a"><img src="b">'
    assert speedups.add_alt_texts(body, ["first <one>", "second"]) == (
        '<p>x</p><img alt="first &lt;one&gt;" src="a"><img alt="second" src="b">'
    )
