"""The previous data version's tables are kept with the reports: taken over when the data changes, carried otherwise."""

import json

import pytest

from analysis.changes.history import (
    FIRST_BUILD,
    INTERRUPTED,
    KEPT,
    SAME_DATA,
    keep_previous,
    read_snapshot,
    read_tables,
)
from analysis.site.exports import export_tables
from analysis.site.freshness import MANIFEST, write_manifest
from analysis.site.plan import hash_data
from analysis.workbook.load import load_workbook
from conftest import edit_claims


def export(claims_dir, folder) -> str:
    """Write the workbook's tables into `folder` as a build does; return their data version."""
    export_tables(load_workbook(claims_dir), folder)
    return hash_data(claims_dir)


def finish(out):
    """Write the manifest a build writes last, once all its files are in place."""
    write_manifest(out, "inputs", [], {})


@pytest.fixture
def published(workbook_dir, tmp_path):
    """A reports folder whose last build wrote the fixture workbook's tables; the workbook with one claim changed."""
    out = tmp_path / "reports"
    version = export(workbook_dir, out / "data")
    finish(out)
    edit_claims(workbook_dir, {"C0002": {"evidence_level": "observational"}})
    return out, version


def test_when_the_data_changes_the_published_tables_become_the_previous_ones(published, workbook_dir, tmp_path):
    out, old = published
    staged = tmp_path / "staging" / "data"
    kept, why = keep_previous(out, staged, hash_data(workbook_dir))
    assert why == "" and kept.version == old and kept.folder == staged / "previous"
    for name in [f"{table}.csv" for table in KEPT] + ["datapackage.json"]:
        assert (staged / "previous" / name).read_bytes() == (out / "data" / name).read_bytes(), name
    assert "C0002" in set(read_tables(kept)["claims"]["claim_id"])


def test_while_the_data_stays_the_same_the_previous_tables_are_carried_over(published, workbook_dir, tmp_path):
    out, old = published
    new = hash_data(workbook_dir)
    keep_previous(out, out / "data", new)  # as if the build of `new` had been published over the old one
    export(workbook_dir, out / "data")
    kept, why = keep_previous(out, tmp_path / "again" / "data", new)
    assert why == "" and kept.version == old
    assert (tmp_path / "again" / "data" / "previous" / "claims.csv").read_bytes() == (
        out / "data" / "previous" / "claims.csv"
    ).read_bytes()


def test_nothing_is_kept_without_an_earlier_build_or_an_earlier_data_version(workbook_dir, tmp_path):
    staged = tmp_path / "staging" / "data"
    assert keep_previous(tmp_path / "empty", staged, hash_data(workbook_dir)) == (None, FIRST_BUILD)
    out = tmp_path / "reports"
    version = export(workbook_dir, out / "data")
    finish(out)
    assert keep_previous(out, staged, version) == (None, SAME_DATA)
    assert not (staged / "previous").exists()


def test_the_tables_of_a_build_stopped_while_it_published_are_not_kept(published, workbook_dir, tmp_path):
    out, _ = published
    (out / MANIFEST).unlink()  # a swap removes it first and writes it last
    staged = tmp_path / "staging" / "data"
    assert keep_previous(out, staged, hash_data(workbook_dir)) == (None, INTERRUPTED)
    assert not (staged / "previous").exists()


def test_a_folder_without_a_readable_descriptor_or_a_compared_table_is_no_snapshot(workbook_dir, tmp_path):
    folder = tmp_path / "data"
    version = export(workbook_dir, folder)
    snapshot = read_snapshot(folder)
    assert snapshot.version == version and snapshot.written.endswith(" UTC")
    (folder / "flags.csv").unlink()
    assert read_snapshot(folder) is None
    export(workbook_dir, folder)
    (folder / "datapackage.json").write_text('{"version": ', encoding="utf-8")
    assert read_snapshot(folder) is None
    (folder / "datapackage.json").write_text(json.dumps({"version": 12}), encoding="utf-8")
    assert read_snapshot(folder) is None
