"""The command line: exit codes, one line per problem, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import replace_in

pytestmark = (
    pytest.mark.slow
)  # the command line in subprocesses, one Python start each: `make check` leaves it to `make test`


def run(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True)


def test_validate_clean_workbook_exits_0(workbook_dir):
    result = run("validate", "--claims-dir", str(workbook_dir))
    assert result.returncode == 0
    assert "10 claims from 2 sources: 0 errors, 2 warnings" in result.stdout  # unused terms, one line a section


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


def test_the_console_script_prints_its_help():
    script = Path(sys.executable).with_name("gutbrain")
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "usage: gutbrain" in result.stdout
    assert "validate" in result.stdout and "Traceback" not in result.stderr


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


def test_build_on_a_scheduler_that_does_not_answer_says_so_in_one_line(workbook_dir, tmp_path):
    for address, cause in (("localhost", "missing port number"), ("tcp://127.0.0.1:1", "Timed out")):
        result = run("build", "--claims-dir", str(workbook_dir), "--output", str(tmp_path), "--scheduler", address)
        assert result.returncode == 1
        line = f"cannot reach a Dask scheduler at '{address}': "
        assert result.stderr.startswith(line) and cause in result.stderr, result.stderr
        assert "or use --scheduler local" in result.stderr and result.stderr.count("\n") == 1
        assert not list(tmp_path.glob(".staging-*"))


def test_build_help_explains_both_kinds_of_scheduler():
    help_text = " ".join(run("build", "--help").stdout.split())
    assert "--scheduler ADDRESS" in help_text and "tcp://10.0.0.5:8786" in help_text
    assert "'local' to start one here with -j workers" in help_text
