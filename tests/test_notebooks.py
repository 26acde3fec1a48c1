"""Every notebook runs top to bottom as it is, with its default parameters, and stays thin."""

import json

import nbformat
import papermill
import pytest

from analysis.common import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin_and_committed_clean(notebook):
    nb = nbformat.read(notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert nb.metadata.kernelspec.name == "python3"
    assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert not any(line.lstrip().startswith(("def ", "class ")) for c in code for line in c.source.splitlines())


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_with_its_defaults(notebook, tmp_path):
    out = tmp_path / notebook.name
    papermill.execute_notebook(
        str(notebook),
        str(out),
        kernel_name="python3",
        progress_bar=False,
        cwd=str(paths.NOTEBOOKS_DIR),
        start_timeout=120,
    )
    executed = json.loads(out.read_text())
    assert not any(o.get("output_type") == "error" for c in executed["cells"] for o in c.get("outputs", []))
