"""Check the parameters papermill injected into a notebook against those its `parameters` cell declares.

papermill only logs a parameter the notebook does not declare (`-p conditon anxiety`)
and runs the notebook with its defaults, so a typo builds the wrong report quietly. The
kernel's input history holds both cells: the one tagged `parameters`, then papermill's
injected cell, which starts with "# Parameters". A report calls `check_parameters()`
first; run by hand in JupyterLab, with nothing injected, it does nothing.

Tested in tests/cli/test_report.py.
"""

import ast

from analysis.common.problems import ParameterError
from analysis.common.suggestions import did_you_mean

INJECTED = "# Parameters"  # the first line of the cell papermill injects


def check_parameters(history=None) -> None:
    """Raise ParameterError naming each injected parameter the parameters cell does not declare."""
    history = _history() if history is None else history
    for before, cell in zip(history, history[1:]):
        if cell.lstrip().startswith(INJECTED):
            for problem in find_unknown_parameters(assigned_names(cell), assigned_names(before)):
                raise ParameterError(problem)


def find_unknown_parameters(given, declared) -> list[str]:
    """Return one message per name of `given` that `declared` lacks, each saying which parameter was meant.

    The one check of parameters: a report run by hand calls it from the kernel (above), and a
    build calls it on every report before any runs (`analysis.site.plan.check_report_parameters`).
    """
    declared = set(declared)
    return [
        f"this notebook has no parameter {name!r}; {did_you_mean(name, declared, 'parameters')}"
        for name in sorted(set(given) - declared)
    ]


def assigned_names(source: str) -> set[str]:
    """Return the names a cell assigns at its top level (`condition = "depression"`)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _history() -> list[str]:
    from IPython import get_ipython

    shell = get_ipython()
    return list(shell.user_ns.get("In", [])) if shell is not None else []
