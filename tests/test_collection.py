"""Every test file under tests/ is collected by a plain `pytest`: no folder name or setting hides one."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a second pytest collecting every test: `make check` leaves it to `make test`

TESTS = Path(__file__).resolve().parent


def collected_files() -> set[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=TESTS.parent,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return {line.split("::")[0] for line in result.stdout.splitlines() if "::" in line}


def test_every_test_file_is_collected():
    on_disk = {str(p.relative_to(TESTS.parent)) for p in TESTS.rglob("test_*.py")}
    assert on_disk - collected_files() == set()
