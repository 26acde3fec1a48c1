"""A step of validate or build that runs past its time budget stops with one line naming the file, never hangs."""

import signal
import threading
import time

import pytest

from analysis.cli.main import main
from analysis.common.budgets import limit_time, read_budget, read_cell_budget
from analysis.common.problems import WorkbookError
from analysis.workbook import validate


def spin(seconds):
    """Work (not sleep) for `seconds`: what a runaway computation does."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_a_step_past_its_budget_stops_in_one_line_naming_the_file(tmp_path):
    started = time.perf_counter()
    with (
        pytest.raises(WorkbookError) as caught,
        limit_time("finding each quote in its source text", tmp_path / "claims.csv", seconds=0.3),
    ):
        spin(30)
    assert time.perf_counter() - started < 5
    assert str(caught.value) == (
        f"{tmp_path / 'claims.csv'}: finding each quote in its source text took more than 0.3 s, the budget of "
        "one step, and was stopped; look in this file for an unusually long or repetitive value; if the data "
        "is honest, raise the budget with GUTBRAIN_STEP_SECONDS=SECONDS"
    )


def test_a_step_within_its_budget_leaves_no_alarm_behind(tmp_path):
    handler = signal.getsignal(signal.SIGALRM)
    with limit_time("checking the claims", tmp_path, seconds=5):
        spin(0.01)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and signal.getsignal(signal.SIGALRM) is handler
    spin(0.2)  # a stray alarm would raise here


def test_an_exception_handler_in_the_step_cannot_swallow_the_stop(tmp_path):
    def stubborn():
        try:
            spin(30)
        except Exception:  # noqa: BLE001 - what careless code in a step does
            spin(30)

    with pytest.raises(WorkbookError), limit_time("checking the studies", tmp_path, seconds=0.2):
        stubborn()


def test_outside_the_main_thread_a_step_runs_unbounded(tmp_path):
    finished = []

    def step():
        with limit_time("checking the claims", tmp_path, seconds=0.05):
            spin(0.2)
        finished.append(True)

    thread = threading.Thread(target=step)
    thread.start()
    thread.join()
    assert finished == [True]


def test_the_budget_comes_from_the_environment_and_a_bad_one_is_refused(monkeypatch):
    monkeypatch.setenv("GUTBRAIN_STEP_SECONDS", "2.5")
    assert read_budget("step") == 2.5
    monkeypatch.setenv("GUTBRAIN_CELL_SECONDS", "ten")
    with pytest.raises(WorkbookError, match="GUTBRAIN_CELL_SECONDS is 'ten', not a number of seconds"):
        read_budget("cell")
    monkeypatch.setenv("GUTBRAIN_CELL_SECONDS", "2.5")
    assert read_cell_budget() == 3  # nbclient takes whole seconds: rounded up, never to 0
    monkeypatch.delenv("GUTBRAIN_CELL_SECONDS")
    assert read_budget("cell") == 600


def test_validate_stops_a_runaway_step_with_one_line_and_exit_1(workbook_dir, monkeypatch, capsys):
    validate.validate_workbook(workbook_dir)  # warm: the first run imports and builds what later runs reuse
    monkeypatch.setenv("GUTBRAIN_STEP_SECONDS", "1")
    monkeypatch.setattr(validate, "check_wording", lambda *args: spin(60) or [])
    started = time.perf_counter()
    assert main(["validate", "--claims-dir", str(workbook_dir)]) == 1
    assert time.perf_counter() - started < 10
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert err.endswith(
        "claims.csv: checking the wording of each quote against its labels took more than 1 s, the budget of one "
        "step, and was stopped; look in this file for an unusually long or repetitive value; if the data "
        "is honest, raise the budget with GUTBRAIN_STEP_SECONDS=SECONDS"
    )
