"""Warm kernels: reports share a kernel for speed but never see each other's state, and its speed tricks take effect.

Most tricks (`analysis.common.speedups`) leave pages as they are when a library moves under them, only
slower; the tests below see each one in what a report observes: the client its cells come from, how
often a figure is drawn, the size of a figure's image, the kernel's history and its collector.
"""

import base64
import struct

import nbformat
import papermill
import pytest

from analysis.site.kernels import ENGINE, WarmKernel

pytestmark = pytest.mark.slow
METADATA = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}


def notebook(path, *sources):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources], metadata=METADATA)
    nbformat.write(nb, path)
    return str(path)


def run(kernel, path, out):
    result = papermill.execute_notebook(
        path, str(out), engine_name=ENGINE, warm=kernel.ready(), kernel_name="python3", progress_bar=False
    )
    return [o.get("text", "") for c in result.cells for o in c.outputs if o.output_type == "stream"]


def png_sizes(path) -> list[tuple[int, int]]:
    """Return the width and height in pixels of each PNG output of the executed notebook at `path`."""
    outputs = [o for c in nbformat.read(path, as_version=4).cells for o in c.get("outputs", [])]
    images = [base64.b64decode(o["data"]["image/png"]) for o in outputs if "image/png" in o.get("data", {})]
    return [struct.unpack(">II", image[16:24]) for image in images]  # the IHDR chunk's first two fields


@pytest.fixture(scope="module")
def kernel():
    warm = WarmKernel()
    yield warm
    warm.shutdown()


def test_a_report_sees_nothing_of_the_one_before(kernel, tmp_path):
    first = notebook(
        tmp_path / "first.ipynb",
        "secret = 42\nimport matplotlib as mpl, matplotlib.pyplot as plt\n"
        "mpl.rcParams['lines.linewidth'] = 9\nplt.figure(); plt.plot([1, 2]);",
    )
    second = notebook(
        tmp_path / "second.ipynb",
        "import matplotlib as mpl, matplotlib.pyplot as plt\n"
        "print('secret' in globals(), len(plt.get_fignums()), mpl.rcParams['lines.linewidth'])",
    )
    run(kernel, first, tmp_path / "a.ipynb")
    assert run(kernel, second, tmp_path / "b.ipynb") == ["False 0 1.5\n"]


def test_execution_counts_restart_at_one(kernel, tmp_path):
    path = notebook(tmp_path / "count.ipynb", "1", "2")
    result = papermill.execute_notebook(
        path,
        str(tmp_path / "out.ipynb"),
        engine_name=ENGINE,
        warm=kernel.ready(),
        kernel_name="python3",
        progress_bar=False,
    )
    assert [c.execution_count for c in result.cells] == [1, 2]


def test_the_kernel_stays_warm_and_a_dead_one_is_replaced(kernel, tmp_path):
    pid = kernel.ready().manager.provisioner.process.pid
    assert kernel.ready().manager.provisioner.process.pid == pid
    killer = notebook(tmp_path / "kill.ipynb", "import os; os._exit(1)")
    with pytest.raises(Exception):  # noqa: B017 - nbclient raises its own kinds for a dead kernel
        run(kernel, killer, tmp_path / "k.ipynb")
    assert run(kernel, notebook(tmp_path / "after.ipynb", "print('alive')"), tmp_path / "c.ipynb") == ["alive\n"]
    assert kernel.ready().manager.provisioner.process.pid != pid


def test_a_worker_kernel_is_stopped_when_its_worker_closes():
    from analysis.site import kernels

    kernels.launch_worker_kernel()
    process = kernels.worker_kernel().manager.provisioner.process
    kernels.stop_worker_kernel()
    assert process.wait(timeout=30) is not None  # the kernel's process has ended
    assert kernels._worker_kernel.manager is None


def test_a_report_keeps_no_history_file(kernel, tmp_path):  # its execution counts: the test above
    path = notebook(tmp_path / "history.ipynb", "print(get_ipython().history_manager.enabled)")
    assert run(kernel, path, tmp_path / "out.ipynb") == ["False\n"]


def test_a_report_runs_through_the_warm_client(kernel, tmp_path):  # attach_kernel_client: nbclient connects none
    path = notebook(tmp_path / "session.ipynb", "print(get_ipython().kernel.get_parent()['header']['session'])")
    assert run(kernel, path, tmp_path / "out.ipynb") == [f"{kernel.client.session.session}\n"]


def test_a_kernels_first_figure_is_drawn_once_and_sent_uncropped(tmp_path):
    """NO_REDRAW_HOOK and NO_TIGHT_CROP: pyplot's hook would draw it again after its cell, and a tight crop
    would draw it once more and change its size; without them it is drawn when sent, at its own size.

    A fresh kernel: pyplot installs its hook at a kernel's first figure.
    """
    path = notebook(
        tmp_path / "figure.ipynb",
        "import matplotlib.pyplot as plt\ndraws = []",
        "fig = plt.figure(figsize=(4, 3)); fig.canvas.mpl_connect('draw_event', lambda event: draws.append(1))\n"
        "plt.plot([1, 2]);",
        "print(len(draws), fig.dpi)",
    )
    fresh = WarmKernel()
    try:
        [printed] = run(fresh, path, tmp_path / "out.ipynb")
    finally:
        fresh.shutdown()
    draws, dpi = printed.split()
    assert draws == "1"
    assert png_sizes(tmp_path / "out.ipynb") == [(round(4 * float(dpi)), round(3 * float(dpi)))]


def test_what_reports_share_is_frozen_out_of_the_collectors_sight(kernel, tmp_path):  # FREEZE_SHARED_DATA
    path = notebook(tmp_path / "frozen.ipynb", "import gc; print(gc.get_freeze_count() > 0)")
    assert run(kernel, path, tmp_path / "out.ipynb") == ["True\n"]


def test_every_report_starts_with_mathtext_off_whatever_the_one_before_did(kernel, tmp_path):
    """A label such as `Anxiety $\\foo$` is text: the reset restores matplotlib's defaults, then turns mathtext off."""
    first = notebook(tmp_path / "first.ipynb", "import matplotlib as mpl\nmpl.rcParams['text.parse_math'] = True")
    second = notebook(
        tmp_path / "second.ipynb",
        "import matplotlib as mpl, matplotlib.pyplot as plt\nprint(mpl.rcParams['text.parse_math'])\n"
        "plt.title('Anxiety $\\\\foo$'); plt.gcf().canvas.draw()",
    )
    run(kernel, first, tmp_path / "a.ipynb")
    assert run(kernel, second, tmp_path / "b.ipynb") == ["False\n"]
