"""The data package: valid by the Frictionless tools, its allowed values taken from the vocabulary, its keys kept."""

import json

import frictionless
import pytest

from analysis import load_workbook
from analysis.common import paths
from analysis.common.problems import WorkbookError
from analysis.site import dictionary as data_dictionary
from analysis.site.datapackage import TABLES, describe_package
from analysis.site.dictionary import read_dictionary
from analysis.site.exports import export_tables
from analysis.site.plan import hash_data
from conftest import edit_claims, replace_in

pytestmark = pytest.mark.slow  # frictionless validating every exported table: `make check` leaves it to `make test`


def check_valid(path):
    """Validate the package at `path` as `frictionless validate` does; fail listing every error."""
    report = frictionless.validate(str(path))
    errors = report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.valid, f"{path} is not a valid data package:\n" + "\n".join(map(str, errors))


def errors_of(path) -> list[str]:
    """Return the errors `frictionless validate` finds in the package at `path`, as "type: field 'cell': note"."""
    report = frictionless.validate(str(path))
    return [
        f"{kind}: {field} {cell!r}: {note}"
        for kind, field, cell, note in report.flatten(["type", "fieldName", "cell", "note"])
    ]


def fields_of(descriptor, table) -> dict:
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    return {field["name"]: field for field in resource["schema"]["fields"]}


@pytest.fixture
def exported(workbook_dir, tmp_path):
    export_tables(load_workbook(workbook_dir), tmp_path / "data")
    return tmp_path / "data"


def test_the_package_and_the_json_document_pass_frictionless_validation(exported):
    check_valid(exported / "datapackage.json")
    check_valid(exported / "workbook.json")


def test_the_shipped_data_exports_a_valid_package(tmp_path):
    export_tables(load_workbook(), tmp_path)
    check_valid(tmp_path / "datapackage.json")
    check_valid(tmp_path / "workbook.json")


def test_the_descriptor_names_version_license_files_and_keys(exported, workbook_dir):
    descriptor = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == hash_data(workbook_dir)
    assert descriptor["licenses"][0]["name"] == "MIT"
    assert [r["name"] for r in descriptor["resources"]] == ["sources", "studies", "claims", "grades", "flags", "terms"]
    claims = descriptor["resources"][2]
    assert (claims["path"], claims["encoding"], claims["mediatype"]) == ("claims.csv", "utf-8-sig", "text/csv")
    keys = {r["name"]: (r["schema"]["primaryKey"], r["schema"].get("foreignKeys", [])) for r in descriptor["resources"]}
    assert keys["grades"][0] == ["condition", "intervention"]
    assert {(k["fields"][0], k["reference"]["resource"]) for k in keys["flags"][1]} == {
        ("claim_id", "claims"),
        ("source_id", "sources"),
    }
    assert keys["claims"][1] == [
        {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}}
    ]


def test_each_field_says_its_type_meaning_and_whether_it_is_required(exported):
    descriptor = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["type"] and field["description"], (resource["name"], field["name"])
            assert isinstance(field["constraints"]["required"], bool)
    claims, sources = fields_of(descriptor, "claims"), fields_of(descriptor, "sources")
    assert claims["quote"]["constraints"]["required"] and not claims["citation"]["constraints"]["required"]
    assert sources["published"]["type"] == "date" and fields_of(descriptor, "grades")["n_claims"]["type"] == "integer"


def test_the_meanings_of_claims_and_sources_columns_are_the_data_dictionary_s(exported):
    descriptor = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    dictionary = read_dictionary()
    for table in ("claims", "sources"):
        for name, field in fields_of(descriptor, table).items():
            if not name.endswith("_label"):  # a label column repeats its terms in words: described below
                assert field["description"].startswith(dictionary[table][name]), (table, name)
    assert fields_of(descriptor, "claims")["claim"]["description"] == (
        "the claim restated plainly, as exposure → outcome"
    )


def test_allowed_values_come_from_the_vocabulary(workbook_dir, tmp_path):
    vocabulary = workbook_dir / "vocabulary.yaml"
    replace_in(
        vocabulary, "directions:\n", "directions:\n  protective:\n    label: Protective\n    definition: Shields.\n"
    )
    replace_in(
        vocabulary,
        "conditions:\n",
        "conditions:\n  insomnia:\n    kind: mind\n    label: Insomnia\n    definition: No sleep.\n",
    )
    edit_claims(workbook_dir, {"C0001": {"direction": "protective", "conditions": "anxiety;insomnia"}})
    export_tables(load_workbook(workbook_dir), tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    claims = fields_of(descriptor, "claims")
    assert claims["direction"]["constraints"]["enum"][0] == "protective"
    assert "insomnia" in claims["conditions"]["constraints"]["pattern"]
    assert "separated by `;`" in claims["conditions"]["description"]
    assert "separated" not in claims["direction"]["description"]
    check_valid(tmp_path / "datapackage.json")


def test_a_term_that_starts_like_a_formula_still_matches_its_neutralised_cell(workbook_dir, tmp_path):
    replace_in(
        workbook_dir / "vocabulary.yaml", "hedging:\n", "hedging:\n  -odd:\n    label: Odd\n    definition: Odd.\n"
    )
    edit_claims(workbook_dir, {"C0001": {"hedging": "-odd"}, "C0002": {"hedging": "modest;-odd"}})
    export_tables(load_workbook(workbook_dir), tmp_path)
    check_valid(tmp_path / "datapackage.json")
    check_valid(tmp_path / "workbook.json")


def test_a_flag_of_an_unknown_claim_fails_validation(exported):
    replace_in(exported / "flags.csv", "C0004,", "C9999,")
    assert any(e.startswith("foreign-key:") and "C9999" in e for e in errors_of(exported / "datapackage.json"))


def test_a_label_outside_the_vocabulary_fails_validation(exported):
    replace_in(exported / "claims.csv", ",rct,", ",rtc,")
    replace_in(exported / "claims.csv", ",depression,", ",depresion,")
    errors = errors_of(exported / "datapackage.json")
    assert any(e.startswith("constraint-error: evidence_level 'rtc'") and '"enum"' in e for e in errors), errors
    assert any(e.startswith("constraint-error: conditions 'depresion'") and '"pattern"' in e for e in errors), errors


def test_a_pair_graded_twice_fails_validation(exported):
    lines = (exported / "grades.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (exported / "grades.csv").write_text("".join([*lines, lines[1]]), encoding="utf-8")
    assert any(e.startswith("primary-key:") for e in errors_of(exported / "datapackage.json"))


def test_a_column_missing_from_the_data_dictionary_is_one_line(workbook_dir, tmp_path, monkeypatch):
    dictionary = tmp_path / "README.md"
    text = (paths.CLAIMS_DIR / "README.md").read_text(encoding="utf-8")
    dictionary.write_text("\n".join(line for line in text.splitlines() if "| `citation` |" not in line))
    monkeypatch.setattr(data_dictionary, "DICTIONARY", dictionary)
    read_dictionary.cache_clear()
    try:
        with pytest.raises(WorkbookError) as caught:
            describe_package(load_workbook(workbook_dir), "v1")
    finally:
        read_dictionary.cache_clear()
    assert str(caught.value) == (
        f"{dictionary}: the data dictionary has no row for column 'citation' of studies.csv; "
        "add one to the table under '## `studies.csv`'"
    )


def test_with_rows_inline_no_resource_names_a_file(workbook_dir):
    descriptor = describe_package(load_workbook(workbook_dir), "v1", data={t.name: [] for t in TABLES})
    assert all(resource["data"] == [] and "path" not in resource for resource in descriptor["resources"])


def test_each_column_of_terms_has_its_labels_beside_it(exported):
    descriptor = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    claims, grades = fields_of(descriptor, "claims"), fields_of(descriptor, "grades")
    names = list(grades)
    assert names[:4] == ["condition", "condition_label", "intervention", "intervention_label"]
    assert "intervention_kind_label" not in grades and "grade_label" not in grades  # words already
    assert "separated by `; `" in claims["conditions_label"]["description"]
    assert (
        claims["evidence_level_label"]["constraints"]["required"] == claims["evidence_level"]["constraints"]["required"]
    )
    assert "condition_label" in (exported / "grades.csv").read_text(encoding="utf-8-sig").splitlines()[0]


def test_the_csv_files_start_with_a_byte_order_mark_the_descriptor_names(exported):
    descriptor = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert resource["encoding"] == "utf-8-sig"
        assert (exported / resource["path"]).read_bytes().startswith(b"\xef\xbb\xbf"), resource["path"]
    assert "byte-order mark" in descriptor["description"]
