"""Every speed trick of the workbook, in one place: what each saves, and what breaks if a library changes.

Each trick below is measured on this project's data (2 cores; the synthetic workbook of
1,000 sources and 100,000 claims from `benchmarks/make_corpus.py`). The ones that reach
into a library's private parts are wrapped here. Their guards are their output:
`tests/common/test_speedups.py` builds a report's page with and without the tricks and
compares the HTML, and `tests/site/test_kernels.py` checks that each kernel trick still
takes effect. When one fails after an upgrade, delete the trick (the build gets slower,
not wrong) or adapt it.

Libraries are imported inside the functions, so that importing this module costs nothing.
"""

import gc
import html
import sys
from contextlib import contextmanager

# --- Python's garbage collector --------------------------------------------------------------


@contextmanager
def paused_gc():
    """Pause Python's cycle collector while tables of many rows are built, then restore it.

    Saves: half the time to read and check 100,000 claims (4.3 s down to 2.2–2.8 s). Each
    parsed row is a new list, and the collector rescans them all again and again as they
    pile up; rows of strings hold no reference cycles for it to find.
    Breaks: nothing a library can change; memory is freed as usual once the block ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Run in each warm kernel after its reset: what survives (modules, the workbook every report loads)
# is moved out of the collector's sight, so its collections during a report skip the shared data.
# Saves: about a tenth of each source report's time at scale. Breaks: nothing (gc.freeze is Python 3.7+).
FREEZE_SHARED_DATA = "import gc as _gc; _gc.collect(); _gc.freeze(); del _gc\n"

# --- matplotlib in the kernels ------------------------------------------------------------------

# Pyplot's hook redraws every open figure after every cell; each figure is drawn once anyway, when
# the inline backend sends it. Pyplot installs the hook when it picks its backend, at a kernel's first
# figure: a figure is made and closed first, or a kernel's first report keeps the hook (and its figures
# differ from later reports' by a pixel here and there: each drawing runs constrained layout again).
# Saves: a drawing per figure (0.1–0.2 s a figure). Breaks: if matplotlib renames
# `uninstall_repl_displayhook`, the kernel reset fails loudly; if it installs the hook at other times,
# figures are drawn twice again, which tests/site/test_kernels.py counts.
NO_REDRAW_HOOK = (
    "import matplotlib.pyplot as _plt; _plt.close(_plt.figure()); _plt.uninstall_repl_displayhook(); del _plt\n"
)

# The inline backend crops figures ("tight"), which takes a drawing of its own; the figures use
# constrained layout, which keeps legends inside them. Saves: one drawing per figure (about 0.15 s).
# Breaks: if matplotlib-inline renames `print_figure_kwargs`, figures are cropped again (slower, same look),
# which tests/site/test_kernels.py sees in the size of a figure's image.
NO_TIGHT_CROP = (
    "get_ipython().run_line_magic('config', \"InlineBackend.print_figure_kwargs = {'bbox_inches': None}\")\n"
)

# --- IPython in the kernels -----------------------------------------------------------------------

# IPython saves the code of every cell to a SQLite file in ~/.ipython, on a thread of its own, and
# the kernels of one build all write to that one file. Reports never recall their history.
# Saves: a seventh of each kernel's time (measured with py-spy over 120 article reports).
# Breaks: if IPython renames `HistoryManager.enabled`, the kernel warns of an unknown option and keeps
# saving its history (slower, same pages), which tests/site/test_kernels.py asks the kernel about.
KERNEL_WITHOUT_HISTORY = ["--HistoryManager.enabled=False"]

# --- imports ------------------------------------------------------------------------------------


def decline_slow_imports() -> None:
    """Keep jsonschema from importing rfc3987_syntax, which compiles a grammar at import.

    Saves: 1.2–1.3 s in the build command's process and in each of its workers (importing
    nbformat takes 1.4 s, 0.2 s declined). nbformat, which loads jsonschema, never checks
    IRI formats; declined, jsonschema skips that one format check. It marks the package
    missing in `sys.modules` for the whole process, so it is called only where the process
    is the build's own: by the `build` command before it imports nbformat, by each local
    worker as it starts (`analysis.site.workers`, and a LocalCluster's preload), never on
    import. The kernels never load jsonschema. Breaks: nothing; if jsonschema stops using
    the package, this does nothing.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


# --- papermill and nbclient -----------------------------------------------------------------------


def attach_kernel_client(notebook_client, kernel_client) -> None:
    """Give papermill's notebook client the warm kernel's connected client, so that it connects none of its own.

    Saves: the warm kernel, which spares each report starting a kernel and importing pandas,
    seaborn and the package (2–3 s a report). Given only the kernel's manager, nbclient
    (0.11) connects a client of its own for the report and stops it after; the warm
    client's next request, the reset before the next report, then gets no output within
    `KERNEL_TIMEOUT` (120 s) and that report fails. nbclient's `NotebookClient.kc` is set
    by its `start_new_kernel_client` and skipped when present. Breaks: if nbclient renames
    `kc`, as above; tests/site/test_kernels.py checks that a report's requests come from
    the warm client.
    """
    notebook_client.kc = kernel_client


# --- nbconvert ------------------------------------------------------------------------------------


def prepare_html_export(exporter, notebook, resources):
    """Do what nbconvert's HTMLExporter.from_notebook_node does before rendering, and no more.

    The stock method ends with a BeautifulSoup pass over the whole page, to give images a
    stock alt text and outputs a tabindex. Saves: a third of a second on a page with a
    300-row table, as long as running the report. Uses nbconvert's private
    `_init_resources` and `_nb_metadata`; returns the resources to render with.
    Breaks: if nbconvert renames either (an error) or registers other filters in that method
    (pages that differ from stock nbconvert's, which tests/common/test_speedups.py compares).
    """
    from nbconvert.filters import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    resources = exporter._init_resources(resources)
    language = notebook.metadata.get("language_info", {}).get("name")
    exporter.register_filter("highlight_code", Highlight2HTML(pygments_lexer=language, parent=exporter))
    exporter.register_filter(
        "filter_data_type",
        WidgetsDataTypeFilter(notebook_metadata=exporter._nb_metadata, parent=exporter, resources=resources),
    )
    return resources


def add_alt_texts(body: str, texts: list[str]) -> str:
    """Give the images of an HTML body their alt texts, in order, by splitting it at each "<img ".

    Saves: parsing the page (what BeautifulSoup did, above). nbconvert writes each figure
    as one `<img src="data:...">` tag and never writes "<img " elsewhere (text is escaped).
    Breaks: if nbconvert's template writes alt attributes itself, there would be two (the test
    that compares pages with stock nbconvert's counts them).
    """
    pieces = body.split("<img ")
    for i, text in enumerate(texts[: len(pieces) - 1], start=1):
        pieces[i] = f'alt="{html.escape(text)}" ' + pieces[i]
    return "<img ".join(pieces)
