"""The command line: exit codes, one line per problem, never a traceback."""

import os
import subprocess
import sys

from conftest import replace_in


def run(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True)


def test_validate_clean_workbook_exits_0(workbook_dir):
    result = run("validate", "--claims-dir", str(workbook_dir))
    assert result.returncode == 0
    assert "10 claims from 2 sources: 0 errors, 1 warning" in result.stdout


def test_validate_reports_errors_on_stderr_and_exits_1(workbook_dir):
    replace_in(workbook_dir / "claims.csv", ",rct,", ",rtc,")
    result = run("validate", "--claims-dir", str(workbook_dir))
    assert result.returncode == 1
    assert "column 'evidence_level': unknown evidence_levels term 'rtc'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_validate_a_missing_folder_says_so_without_traceback(tmp_path):
    result = run("validate", "--claims-dir", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "vocabulary.yaml: file not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_shipped_claims_validate_cleanly():
    result = run("validate", "--quiet")
    assert result.returncode == 0, result.stderr
    assert " 0 errors" in result.stdout


def test_the_command_line_starts_without_pandas():
    code = "import sys, analysis.cli.main; analysis.cli.main.build_parser(); print('pandas' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_a_reader_that_stops_early_is_no_internal_error(workbook_dir):
    reader, writer = os.pipe()
    os.close(reader)  # like `| head` gone before the command prints
    command = [sys.executable, "-m", "analysis", "coverage", "--claims-dir", str(workbook_dir)]
    result = subprocess.run(command, stdout=writer, stderr=subprocess.PIPE, text=True)
    os.close(writer)
    assert result.returncode == 141 and "internal error" not in result.stderr
