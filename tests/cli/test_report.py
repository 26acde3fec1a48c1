"""One report by hand: parameters named and typed like the notebook's, unknown names refused, a page written."""

import subprocess
import sys

import pytest

from analysis.cli.main import main
from analysis.common.paths import NOTEBOOKS_DIR
from analysis.reports.parameters import check_parameters

pytestmark = pytest.mark.slow  # notebooks run through a kernel: `make check` leaves it to `make test`


def test_an_unknown_parameter_name_is_refused_with_the_one_meant(workbook_dir, capsys):
    assert main(["report", "condition", "--param", "conditon=anxiety", "--claims-dir", str(workbook_dir)]) == 1
    assert (
        "the notebook has no parameter 'conditon' (value 'conditon'); did you mean 'condition'?"
        in capsys.readouterr().err
    )


def test_a_parameter_without_a_value_is_refused(workbook_dir, capsys):
    assert main(["report", "condition", "--param", "anxiety", "--claims-dir", str(workbook_dir)]) == 1
    assert "a parameter is written NAME=VALUE" in capsys.readouterr().err


@pytest.mark.slow
def test_a_report_by_hand_writes_its_page(workbook_dir, tmp_path):
    out = tmp_path / "anxiety.html"
    args = [
        "report",
        "condition",
        "--param",
        "condition=Anxiety",
        "--claims-dir",
        str(workbook_dir),
        "--output",
        str(out),
    ]
    assert main(args) == 0
    page = out.read_text(encoding="utf-8")
    assert "<h1>Anxiety</h1>" in page and "What is measured." in page


def test_papermill_with_an_unknown_parameter_fails(tmp_path):
    """Run through papermill's own API with a misspelt name, the notebook stops at once instead of using its default."""
    code = (
        "import papermill, sys\n"
        "try:\n"
        f"    papermill.execute_notebook({str(NOTEBOOKS_DIR / 'condition.ipynb')!r}, {str(tmp_path / 'out.ipynb')!r},\n"
        "        parameters={'conditon': 'anxiety'}, kernel_name='python3', progress_bar=False)\n"
        "except papermill.PapermillExecutionError as exc:\n"
        "    print(exc.evalue)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert "this notebook has no parameter 'conditon'; did you mean 'condition'?" in result.stdout, result.stderr


def test_check_parameters_reads_the_cells_papermill_ran():
    declared = 'condition = "depression"\nclaims_dir = None\n'
    check_parameters(["import x", declared, '# Parameters\ncondition = "anxiety"\n'])
    with pytest.raises(ValueError, match="no parameter 'conditon'; did you mean 'condition'"):
        check_parameters(["import x", declared, '# Parameters\nconditon = "anxiety"\n'])
    check_parameters([])  # run by hand: nothing injected


def test_a_cell_past_its_budget_fails_the_report_in_one_line(workbook_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GUTBRAIN_CELL_SECONDS", "0.5")  # a whole second; the first cell imports pandas and seaborn
    out = tmp_path / "overview.html"
    assert main(["report", "overview", "--claims-dir", str(workbook_dir), "--output", str(out)]) == 1
    said = capsys.readouterr()
    stopped = "a cell ran past its budget of 1 s and was stopped; to allow more, set GUTBRAIN_CELL_SECONDS"
    assert said.out.strip() == f"wrote {out}; the notebook failed: {stopped}" and "Traceback" not in said.err
    assert stopped in out.read_text(encoding="utf-8")


def test_a_claims_dir_parameter_is_read_from_where_the_command_runs(workbook_dir, monkeypatch):
    from analysis.cli.report import read_parameters

    monkeypatch.chdir(workbook_dir.parent)
    parameters = read_parameters(NOTEBOOKS_DIR / "condition.ipynb", [f"claims_dir={workbook_dir.name}"])
    assert parameters["claims_dir"] == str(workbook_dir.resolve())
