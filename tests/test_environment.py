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
    lines = [
        line
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if line and not line.startswith((" ", "#"))
    ]
    pins = {_name(line): line for line in lines}
    assert all("==" in line for line in lines), [line for line in lines if "==" not in line]
    assert pyproject_packages() <= set(pins)


def test_every_package_the_code_imports_is_declared():
    import ast
    import sys
    from importlib.metadata import packages_distributions

    distributions = packages_distributions()
    imported = set()
    for path in (ROOT / "src" / "analysis").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"analysis"}
    declared = pyproject_packages()
    missing = {name for name in third_party if not {_name(d) for d in distributions.get(name, [name])} & declared}
    assert missing == set()
