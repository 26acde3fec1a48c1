"""Warm kernels: reports share a kernel for speed but never see each other's state."""

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
