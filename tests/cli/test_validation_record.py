"""Validation is said again at once for inputs already checked, and done afresh after any change."""

import subprocess
import sys

import pytest

from conftest import replace_in

RUN = (
    "import sys; from analysis.cli.main import main; status = main(['validate', '--claims-dir', sys.argv[1]]); "
    "print('pandas loaded' if 'pandas' in sys.modules else 'pandas not loaded'); sys.exit(status)"
)


def validate(claims_dir):
    return subprocess.run([sys.executable, "-c", RUN, str(claims_dir)], capture_output=True, text=True, timeout=120)


@pytest.mark.slow  # a fresh interpreter or processes: left to make test
def test_unchanged_inputs_are_not_checked_again(workbook_dir):
    first, second = validate(workbook_dir), validate(workbook_dir)
    assert first.stdout.replace("pandas loaded", "") == second.stdout.replace("pandas not loaded", "")
    assert "pandas loaded" in first.stdout and "pandas not loaded" in second.stdout
    assert "10 claims from 2 sources: 0 errors" in second.stdout and second.returncode == 0


@pytest.mark.slow  # a fresh interpreter or processes: left to make test
def test_a_changed_file_is_checked_afresh_errors_and_all(workbook_dir):
    validate(workbook_dir)
    replace_in(workbook_dir / "claims.csv", ",rct,", ",rtc,")
    again = validate(workbook_dir)
    assert again.returncode == 1 and "did you mean 'rct'?" in again.stderr and "pandas loaded" in again.stdout
    assert validate(workbook_dir).stderr == again.stderr  # and said again, exit status included
