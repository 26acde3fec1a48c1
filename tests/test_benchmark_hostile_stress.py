"""The hostile stress script counts what a dead worker leaves, instead of waiting for it forever."""

import os
import sys
from argparse import Namespace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import hostile_stress  # noqa: E402


def _die(job):
    """A case that kills its worker, as the system's out-of-memory killer does."""
    os._exit(9)


def test_a_worker_killed_mid_run_ends_the_run_with_its_cases_counted(monkeypatch, capsys):
    monkeypatch.setattr(hostile_stress, "_run_case", _die)  # the forked workers inherit it
    plans = [hostile_stress.plan_case(0, number, ["yaml-shape"]) for number in range(4)]
    args = Namespace(jobs=1, memory=8.0, base=ROOT / "tests" / "data" / "studies", timeout=5.0)
    outcomes = hostile_stress.run_cases(plans, args)
    assert sorted(o["number"] for o in outcomes) == [0, 1, 2, 3]
    assert {o["outcome"] for o in outcomes} == {"died"}
    hostile_stress.print_figures(outcomes, 1.0)
    assert "cases a dead worker left: 4\n" in capsys.readouterr().out
