"""pyproject.toml, environment.yml and requirements.lock describe one environment."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def pyproject_packages() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {_name(r) for r in project["dependencies"]}
    return names | {_name(r) for group in project["optional-dependencies"].values() for r in group}


def conda_packages() -> tuple[set[str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    names = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return names - {"python", "pip"}, pip


def test_environment_yml_lists_the_same_packages_as_pyproject():
    names, pip = conda_packages()
    assert names == pyproject_packages()
    assert pip == ["-e ."]


def test_environment_yml_pins_python_311_from_conda_forge():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    assert "python=3.11" in env["dependencies"]


def test_lock_pins_every_package_exactly():
    lines = [l for l in (ROOT / "requirements.lock").read_text().splitlines() if l and not l.startswith((" ", "#"))]
    pins = {_name(l): l for l in lines}
    assert all("==" in l for l in lines), [l for l in lines if "==" not in l]
    assert pyproject_packages() <= set(pins)
