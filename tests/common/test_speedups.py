"""The speed tricks change no page: a report's page built with them and without them is the same HTML.

When a test here fails after an upgrade, read what the trick saves and what breaks in
`analysis.common.speedups`, then adapt or delete the trick. The kernel tricks make builds
faster, not pages different, so tests/site/test_kernels.py checks that each still takes effect.

The slow tests run two shipped reports on the fixture workbook (tests/data/workbook) once per
module: through the build's own path (a worker process that declines slow imports, its warm kernel
with every kernel trick, the condition report first and then the overview in that one kernel), and
the overview again through plain `papermill.execute_notebook` in a fresh kernel with no trick.
"""

import base64
import difflib
import gc
import io
import re
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from analysis.common import speedups

DATA = Path(__file__).parents[1] / "data" / "workbook"
STOCK_ALT = "No description has been provided for this image"  # what nbconvert's closing pass gives every image
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")  # `analysis.reports.page.now_text`
SAME_DRAWING = 0.02  # mean difference of two drawings' pixels (0 to 1) that differ only by a sub-pixel shift


# --- fast: the tricks one by one --------------------------------------------------------------


def test_paused_gc_restores_the_collector():
    assert gc.isenabled()
    with speedups.paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_alt_texts_go_to_the_images_in_order():
    body = '<p>x</p><img src="a"><img src="b">'
    assert speedups.add_alt_texts(body, ["first <one>", "second"]) == (
        '<p>x</p><img alt="first &lt;one&gt;" src="a"><img alt="second" src="b">'
    )


@pytest.mark.slow  # a fresh interpreter or processes: left to make test
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


def test_declining_rfc3987_syntax_leaves_nbformat_validating():
    code = (
        "import sys; from analysis.common.speedups import decline_slow_imports; decline_slow_imports(); "
        "import nbformat; nbformat.validate(nbformat.v4.new_notebook()); "
        "assert sys.modules['rfc3987_syntax'] is None; print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr


# --- the two runs of a report ------------------------------------------------------------------


@pytest.fixture(scope="module")
def specs():
    """The overview and the first condition report of the fixture workbook, as a build plans them."""
    from analysis.site.plan import plan_reports
    from analysis.workbook.load import load_workbook

    planned = plan_reports(load_workbook(DATA), DATA)
    return {"overview": planned[0], "condition": next(s for s in planned if s.kind == "condition")}


@pytest.fixture(scope="module")
def built(specs, tmp_path_factory):
    """The condition report, then the overview, run as a build runs them: one worker process, its warm kernel."""
    from analysis.site.plan import hash_data
    from analysis.site.workers import LocalWorkers

    staging = tmp_path_factory.mktemp("built")
    with LocalWorkers(1, staging / "build.log") as engine:
        results = engine.run_reports([specs["condition"], specs["overview"]], staging, hash_data(DATA), echo=print)
        assert [r.status for r in results.values()] == ["ok", "ok"], [r.error for r in results.values()]
        yield SimpleNamespace(staging=staging, pool=engine.pool)


@pytest.fixture(scope="module")
def plain(specs, tmp_path_factory):
    """The overview run by papermill in a fresh kernel with no trick, its page written as the build writes one."""
    import papermill

    from analysis.site.plan import hash_data
    from analysis.site.run import write_report

    assert sys.modules.get("rfc3987_syntax", "absent") is not None, "this test process declined slow imports"
    staging = tmp_path_factory.mktemp("plain")
    spec = specs["overview"]
    executed = staging / spec.executed
    executed.parent.mkdir(parents=True)
    notebook = papermill.execute_notebook(
        str(spec.notebook), str(executed), parameters=spec.parameters, kernel_name="python3", progress_bar=False
    )
    write_report(spec, staging, hash_data(DATA), notebook, "", time.perf_counter())
    return staging


# --- comparing pages -------------------------------------------------------------------------


def outline(html: str, *, drop_injected_id: bool = False) -> list[str]:
    """Return the HTML as one line per element (name and sorted attributes) and per text, indented by depth.

    Two pages with the same outline have the same elements, attributes and text in the same
    order: what a parser keeps of them. Left out: the whitespace between elements, which
    nbconvert's closing pass re-serialises, and how attributes and characters are written
    (`&#182;` or `¶`, attribute order). With `drop_injected_id`, the id of the cell of
    injected parameters, which papermill draws at random on each run, is left out too.
    """
    from bs4 import BeautifulSoup, NavigableString

    lines = []

    def walk(node, depth):
        for child in node.children:
            if isinstance(child, NavigableString):
                if child.strip():
                    lines.append("  " * depth + repr(str(child)))
                continue
            attrs = {k: " ".join(v) if isinstance(v, list) else v for k, v in child.attrs.items()}
            if drop_injected_id and "celltag_injected-parameters" in attrs.get("class", ""):
                attrs.pop("id", None)
            lines.append("  " * depth + f"<{child.name} {sorted(attrs.items())}>")
            walk(child, depth + 1)

    walk(BeautifulSoup(html, "html.parser"), 0)
    return lines


def assert_same_outline(ours: list[str], theirs: list[str]) -> None:
    if ours != theirs:
        diff = difflib.unified_diff(theirs, ours, "without the trick", "with it", lineterm="", n=2)
        pytest.fail("the pages differ:\n" + "\n".join(line[:300] for line in list(diff)[:60]))


def take_images(html: str) -> tuple[str, list[bytes]]:
    """Return the HTML with each embedded PNG's data replaced by its number, and the PNGs in order."""
    images = []

    def take(match):
        images.append(base64.b64decode(match.group(1)))
        return f'src="image {len(images)}"'

    return re.sub(r'src="data:image/png;base64,([^"]+)"', take, html), images


def crop_to_drawing(png: bytes):
    """Return the pixels of the image, cut to the smallest box around all that differs from its corner's colour."""
    import matplotlib.image

    pixels = matplotlib.image.imread(io.BytesIO(png), format="png")
    drawn = (pixels != pixels[0, 0]).any(axis=2)
    rows, cols = drawn.any(axis=1).nonzero()[0], drawn.any(axis=0).nonzero()[0]
    return pixels[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


# --- slow: pages with and without the tricks -------------------------------------------------


@pytest.mark.slow
def test_pages_render_what_stock_nbconvert_renders(built, specs):
    """PageExporter (prepare_html_export) and add_alt_texts against nbconvert's own HTMLExporter.

    Both render the overview as run by the build, cut to what readers see. Normalised: the
    outline (see `outline`) drops our list of contents (our own addition, tested in
    tests/site/test_render.py) and every image's alt text; the stock pass's are all its stock
    text. Then our alt texts: one per image, each the words of the text cell above it.
    """
    import nbformat
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    from analysis.site.render import _for_readers, render_notebook

    executed = nbformat.read(built.staging / specs["overview"].executed, as_version=4)
    ours = render_notebook(executed)
    stock, _ = HTMLExporter(
        template_name="basic", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    ).from_notebook_node(_for_readers(executed, keep_stderr=False))

    ours_soup, stock_soup = BeautifulSoup(ours, "html.parser"), BeautifulSoup(stock, "html.parser")
    assert {img["alt"] for img in stock_soup.find_all("img")} == {STOCK_ALT}
    ours_soup.select_one("nav.wb-contents").decompose()
    for img in ours_soup.find_all("img") + stock_soup.find_all("img"):
        del img["alt"]
    assert_same_outline(outline(str(ours_soup)), outline(str(stock_soup)))

    images = BeautifulSoup(ours, "html.parser").find_all("img")
    assert len(images) == 5
    assert [tag.count(" alt=") for tag in re.findall(r"<img [^>]*>", ours)] == [1] * 5, "an image has no alt, or two"
    for img in images:
        above = img.find_previous("div", class_="text_cell").get_text(" ")
        assert re.findall(r"\w+", img["alt"]) == re.findall(r"\w+", above), f"{img['alt']!r} is not {above!r}"


@pytest.mark.slow
def test_the_build_makes_the_page_a_fresh_kernel_without_tricks_makes(built, plain, specs):
    """The warm kernel (attach_kernel_client, its reset, NO_REDRAW_HOOK, NO_TIGHT_CROP,
    KERNEL_WITHOUT_HISTORY, FREEZE_SHARED_DATA) and the worker's declined imports change nothing a
    reader sees. Both pages are rendered alike (the nbconvert trick is compared above).

    Normalised: the times the pages were built; the random id papermill gives the cell of
    injected parameters; and the figures, which NO_TIGHT_CROP leaves at the figure's size where a
    tight crop pads the drawing by 0.1 inch a side (so the PNGs differ in size and bytes).
    Figures are compared by count and order (their places in the outline) and by drawing: each
    cut to what is drawn, the two are the same size and differ by less than SAME_DRAWING per pixel.
    """
    href = specs["overview"].href
    pages = [
        TIMESTAMP.sub("TIMESTAMP", (folder / href).read_text(encoding="utf-8")) for folder in (built.staging, plain)
    ]
    (ours, our_images), (theirs, their_images) = (take_images(page) for page in pages)
    assert_same_outline(outline(ours, drop_injected_id=True), outline(theirs, drop_injected_id=True))
    assert len(our_images) == len(their_images) == 5
    for number, (mine, other) in enumerate(zip(our_images, their_images), 1):
        mine, other = crop_to_drawing(mine), crop_to_drawing(other)
        assert mine.shape == other.shape, f"figure {number} is drawn at another size"
        assert abs(mine - other).mean() < SAME_DRAWING, f"figure {number} is drawn differently"


@pytest.mark.slow
def test_the_builds_workers_decline_slow_imports(built):
    """decline_slow_imports applies where it should: a build's worker has rfc3987_syntax marked missing."""
    import importlib

    with pytest.raises(ImportError, match="None in sys.modules"):
        built.pool.submit(importlib.import_module, "rfc3987_syntax").result(timeout=60)
