"""`python -m analysis strength`: labels a CSV column, streaming, with clear errors."""

import csv
import subprocess
import sys

import pytest

from analysis.common.problems import WorkbookError
from analysis.language.labelling import label_file


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_label_file_adds_three_columns(tmp_path):
    source = write(
        tmp_path / "in.csv", 'id,text\n1,Probiotics may reduce anxiety.\n2,"It is clear: fibre improves mood."\n'
    )
    assert label_file(source, "text", tmp_path / "out.csv") == 2
    with open(tmp_path / "out.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [r["strength"] for r in rows] == ["conditional_causal", "direct_causal"]
    assert rows[0]["hedges"] == "may:speculative" and rows[0]["boosters"] == ""
    assert rows[1]["boosters"] == "It is clear"
    assert rows[1]["id"] == "2" and rows[1]["text"] == "It is clear: fibre improves mood."


def test_missing_column_names_the_columns_and_writes_nothing(tmp_path):
    source = write(tmp_path / "in.csv", "id,sentence\n1,x\n")
    with pytest.raises(
        WorkbookError,
        match=r"in.csv:1: column 'text': no such column in the header \(value 'text'\); columns: id, sentence",
    ):
        label_file(source, "text", tmp_path / "out.csv")
    assert list(tmp_path.iterdir()) == [source]


def test_bad_bytes_mid_file_leave_no_output(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(b"sentence\nfine.\nbad \xff byte.\n")
    with pytest.raises(WorkbookError, match="not UTF-8"):
        label_file(source, "sentence", tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["in.csv"]


def test_cli_reports_missing_file_without_traceback(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "strength",
            "--input",
            str(tmp_path / "none.csv"),
            "--output",
            str(tmp_path / "o.csv"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "none.csv: file not found" in result.stderr and "Traceback" not in result.stderr


def test_cli_labels_and_reports_count(tmp_path):
    source = write(tmp_path / "in.csv", "sentence\nDepression is linked to low diversity.\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "strength",
            "--input",
            str(source),
            "--column",
            "sentence",
            "--output",
            str(tmp_path / "o.csv"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert "labelled 1 sentences" in result.stdout
    assert "correlational" in (tmp_path / "o.csv").read_text()
