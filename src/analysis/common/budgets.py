"""Time budgets: a step of validate or build, or a cell of a report, that runs past its budget stops with one line.

The size bounds of `analysis.common.limits` keep honest work short; a budget is the backstop
for whatever slips past them, so that a hostile contribution makes CI fail in minutes with
a line naming the file, never hang until the runner is killed. Budgets are generous (the
slowest real step takes seconds) and each can be raised through its environment variable.

Tested in tests/common/test_budgets.py.
"""

import math
import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

from analysis.common import limits
from analysis.common.problems import Problem, WorkbookError

VARIABLES = {"cell": "GUTBRAIN_CELL_SECONDS", "step": "GUTBRAIN_STEP_SECONDS"}
DEFAULTS = {"cell": limits.CELL_SECONDS, "step": limits.STEP_SECONDS}


class _OverBudget(BaseException):
    """Raised by the alarm inside the running step; a BaseException, so `except Exception` cannot swallow it."""


def read_budget(kind: str) -> float:
    """Return the budget in seconds for a "cell" or a "step": its environment variable, else the default."""
    name = VARIABLES[kind]
    given = os.environ.get(name, "").strip()
    if not given:
        return float(DEFAULTS[kind])
    try:
        seconds = float(given)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < 10**6:
        raise WorkbookError(
            f"the environment variable {name} is {given[:40]!r}, not a number of seconds; "
            f"unset it for the default of {DEFAULTS[kind]} s, or give a positive number"
        )
    return seconds


def read_cell_budget() -> int:
    """Return the cell budget in whole seconds (rounded up), as nbclient takes it."""
    return math.ceil(read_budget("cell"))


@contextmanager
def limit_time(what: str, path, seconds: float | None = None):
    """Run the block within `seconds` (default: the step budget); past it, raise WorkbookError naming `path`.

    `what` says what the step was doing ("finding each quote in its text"). The watchdog is
    an alarm signal, so it works in a process's main thread only; elsewhere, and inside a
    block already under a budget, the block runs under the outer budget or none.
    """
    seconds = read_budget("step") if seconds is None else seconds
    if threading.current_thread() is not threading.main_thread() or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_over_budget)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OverBudget:
        raise WorkbookError(describe_overrun(what, path, seconds)) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def describe_overrun(what: str, path, seconds: float) -> Problem:
    """Return the one-line problem of a step that ran past its budget of `seconds`."""
    return Problem(
        Path(path),
        f"{what} took more than {seconds:g} s, the budget of one step, and was stopped",
        hint="look in this file for an unusually long or repetitive value; if the data is honest, "
        f"raise the budget with {VARIABLES['step']}=SECONDS",
    )


def _raise_over_budget(signum, frame):
    raise _OverBudget
