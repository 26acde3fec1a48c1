"""The export command: the data package or the JSON document written where asked, each mistake one line."""

import tempfile

import pytest

from analysis.cli.main import main
from analysis.common import paths
from conftest import replace_in


def export(workbook_dir, *args) -> int:
    return main(["export", "--claims-dir", str(workbook_dir), *args])


def test_export_writes_the_package_and_says_what_it_wrote(workbook_dir, tmp_path, capsys):
    out = tmp_path / "data"
    assert export(workbook_dir, "--output", str(out)) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"wrote {out}/:"
    assert [line.split() for line in printed[1:4]] == [
        ["sources.csv", "2", "rows"],
        ["studies.csv", "0", "rows"],  # a folder without studies.csv: each claim's evidence stands alone
        ["claims.csv", "10", "rows"],
    ]
    assert printed[-1] == f"check it with: frictionless validate {out / 'datapackage.json'}"
    assert sorted(p.name for p in out.iterdir()) == [
        "claims.csv",
        "datapackage.json",
        "flags.csv",
        "grades.csv",
        "sources.csv",
        "studies.csv",
        "terms.csv",
    ]


def test_json_format_writes_one_document(workbook_dir, tmp_path, capsys):
    assert export(workbook_dir, "--output", str(tmp_path / "web"), "--format", "json") == 0
    assert [p.name for p in (tmp_path / "web").iterdir()] == ["workbook.json"]
    assert "workbook.json" in capsys.readouterr().out


def test_an_invalid_workbook_is_refused_one_line_a_problem_and_nothing_is_written(workbook_dir, tmp_path, capsys):
    replace_in(workbook_dir / "claims.csv", ",rct,none,", ",rtc,none,")
    assert export(workbook_dir, "--output", str(tmp_path / "data")) == 1
    err = capsys.readouterr().err
    assert err == (
        f"{workbook_dir / 'claims.csv'}:2: column 'evidence_level': unknown evidence_levels term 'rtc' "
        "(value 'rtc'); did you mean 'rct'?\n"
    )
    assert not (tmp_path / "data").exists()


def test_the_claims_folder_is_refused_and_left_as_it_was(workbook_dir, capsys):
    before = (workbook_dir / "claims.csv").read_bytes()
    for target in (workbook_dir, workbook_dir / "sources"):
        assert export(workbook_dir, "--output", str(target)) == 1
        assert "is inside the claims folder, where only the curator's commands write" in capsys.readouterr().err
    assert (workbook_dir / "claims.csv").read_bytes() == before


def test_an_output_that_is_a_file_is_refused(workbook_dir, tmp_path, capsys):
    (tmp_path / "data").write_text("a file\n")
    assert export(workbook_dir, "--output", str(tmp_path / "data")) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path / 'data'}: is a file, not a folder; give --output a folder (it is created if missing)\n"
    )
    assert export(workbook_dir, "--output", str(tmp_path / "data" / "more")) == 1
    assert capsys.readouterr().err.startswith(f"{tmp_path / 'data' / 'more'}: cannot create the output folder: ")


def test_a_file_that_cannot_be_replaced_is_one_line_and_leaves_no_temporary_file(workbook_dir, tmp_path, capsys):
    (tmp_path / "out" / "claims.csv").mkdir(parents=True)
    assert export(workbook_dir, "--output", str(tmp_path / "out")) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path / 'out' / 'claims.csv'}: cannot write the export: Is a directory; "
        "choose a folder you can write to with --output\n"
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["claims.csv", "sources.csv", "studies.csv"]


def test_a_folder_that_cannot_be_written_is_one_line(workbook_dir, tmp_path, capsys, monkeypatch):
    (tmp_path / "locked").mkdir(mode=0o500)

    def refuse(*args, **kwargs):  # what a read-only folder does to anyone but root (the tests may run as root)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert export(workbook_dir, "--output", str(tmp_path / "locked")) == 1
    err = capsys.readouterr().err
    assert "cannot write the export: Permission denied; choose a folder you can write to" in err
    assert err.count("\n") == 1


def test_an_unknown_format_is_refused_by_the_parser(workbook_dir, capsys):
    with pytest.raises(SystemExit) as caught:
        export(workbook_dir, "--format", "xlsx")
    assert caught.value.code == 2
    assert "invalid choice: 'xlsx' (choose from 'csv', 'json')" in capsys.readouterr().err


def test_without_output_it_writes_reports_data_and_names_paths_from_here(workbook_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "REPORTS_DIR", tmp_path / "reports")
    monkeypatch.chdir(tmp_path)
    assert export(workbook_dir) == 0
    printed = capsys.readouterr().out.splitlines()
    assert (printed[0], printed[-1]) == (
        "wrote reports/data/:",
        "check it with: frictionless validate reports/data/datapackage.json",
    )
    assert (tmp_path / "reports" / "data" / "datapackage.json").is_file()
