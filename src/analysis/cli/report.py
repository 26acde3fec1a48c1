"""The `report` command: run one report's notebook by hand, with named parameters checked, and write its page.

Tested in tests/cli/test_report.py.
"""

import ast
from pathlib import Path

from analysis.cli.curate import add_claims_dir
from analysis.common import paths
from analysis.common.files import refuse_claims_folder
from analysis.common.problems import Problem, WorkbookError
from analysis.common.suggestions import did_you_mean

KINDS = ("overview", "condition", "intervention", "source")


def add_report_command(commands) -> None:
    """Register `report KIND --param NAME=VALUE ...`."""
    report = commands.add_parser(
        "report",
        help="run one report by hand with named parameters (e.g. condition --param condition=anxiety)",
        description="Run one report notebook with papermill, refusing a parameter it does not declare, "
        "and write its HTML page (by default under reports/by-hand/, which builds leave alone).",
    )
    report.add_argument("kind", choices=KINDS, help="which notebook of notebooks/ to run")
    report.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter of the notebook's parameters cell; repeat for several",
    )
    report.add_argument(
        "--output",
        metavar="FILE.html",
        default=None,
        help="where to write the page (default: reports/by-hand/KIND.html)",
    )
    add_claims_dir(report)
    report.set_defaults(run=run_report_by_hand)


def run_report_by_hand(args) -> int:
    """Run the notebook with the parameters given and write its page; exit 1 when the notebook fails."""
    from analysis.reports.page import render_page, write_page
    from analysis.site.plan import hash_data
    from analysis.site.render import render_notebook

    notebook = paths.NOTEBOOKS_DIR / f"{args.kind}.ipynb"
    parameters = read_parameters(notebook, args.param, args.claims_dir)
    claims_dir = parameters.get("claims_dir") or args.claims_dir  # --claims-dir, or --param claims_dir=…
    output = Path(args.output or paths.REPORTS_DIR / "by-hand" / f"{args.kind}.html")
    refuse_claims_folder(output, claims_dir)
    executed, error = _execute(notebook, output.with_suffix(".ipynb"), parameters)
    page = render_page(
        title=f"{args.kind.title()} report, run by hand",
        body=render_notebook(executed, keep_stderr=bool(error)),
        data_version=hash_data(claims_dir),
        failed=error,
    )
    write_page(output, page)
    print(f"wrote {output}" + (f"; the notebook failed: {error}" if error else ""))
    return 1 if error else 0


def read_parameters(notebook: Path, given: list[str], claims_dir=None) -> dict:
    """Return the NAME=VALUE pairs as parameters of `notebook`, typed like its defaults; refuse unknown names."""
    import papermill

    declared = papermill.inspect_notebook(str(notebook))
    parameters = {"claims_dir": str(Path(claims_dir).resolve())} if claims_dir else {}
    for pair in given:
        name, sep, value = pair.partition("=")
        if not sep:
            raise WorkbookError(
                Problem(
                    notebook,
                    "a parameter is written NAME=VALUE",
                    value=pair,
                    hint="for example --param condition=anxiety",
                )
            )
        if name not in declared:
            raise WorkbookError(
                Problem(
                    notebook,
                    f"the notebook has no parameter '{name}'",
                    value=name,
                    hint=did_you_mean(name, declared, "parameters"),
                )
            )
        parameters[name] = _typed(value, declared[name].get("inferred_type_name", ""))
        if name == "claims_dir":  # relative to where the command runs, not to the notebook's folder
            parameters[name] = str(Path(value).resolve())
    return parameters


def _typed(value: str, type_name: str):
    if type_name in ("int", "float", "bool", "None"):
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
    return value


def _execute(notebook: Path, executed: Path, parameters: dict):
    """Run `notebook` into `executed`, each cell under the cell budget; return it as run and its error, if any."""
    import nbformat
    import papermill
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    from analysis.common.budgets import VARIABLES, read_cell_budget

    budget = read_cell_budget()
    executed.parent.mkdir(parents=True, exist_ok=True)
    try:
        return papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(paths.NOTEBOOKS_DIR),
            execution_timeout=budget,
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # not the kernel's start-up notices
        ), ""
    except PapermillExecutionError as exc:
        return nbformat.read(executed, as_version=4), f"{exc.ename}: {exc.evalue}"
    except CellTimeoutError:
        stopped = f"a cell ran past its budget of {budget:g} s and was stopped; to allow more, set {VARIABLES['cell']}"
        return nbformat.v4.new_notebook(), stopped
