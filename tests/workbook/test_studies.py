"""Studies as data: studies.csv is checked, claims name their studies, and the evidence comes from them."""

import csv

import pandas as pd
import pytest

from analysis import load_workbook
from analysis.common.paths import CLAIMS_DIR
from analysis.workbook.studies import outcome_direction, study_designs
from analysis.workbook.validate import validate_workbook
from conftest import edit_claims, replace_in


def errors(claims_dir) -> list[str]:
    return [str(p) for p in validate_workbook(claims_dir).errors]


def test_a_claim_takes_its_evidence_and_reporting_from_its_strongest_study(studies_dir):
    claims = load_workbook(studies_dir).claims.set_index("claim_id")
    assert (claims.loc["C0001", "evidence_level"], claims.loc["C0001", "reporting"]) == ("rct", "described")
    assert (claims.loc["C0002", "evidence_level"], claims.loc["C0002", "reporting"]) == (
        "unspecified-studies",
        "second-hand",
    )
    assert claims.loc["C0007", "evidence_level"] == "anecdote" and claims.loc["C0007", "studies"] == ""


def test_of_two_studies_the_stronger_design_sets_the_evidence(studies_dir):
    edit_claims(studies_dir, {"C0002": {"studies": "S0002;S0003"}})
    claims = load_workbook(studies_dir).claims.set_index("claim_id")
    assert claims.loc["C0002", "evidence_level"] == "animal"  # rank 9 beats "studies show", rank 11


def test_a_studies_cell_of_separators_only_names_no_study(studies_dir):
    edit_claims(studies_dir, {"C0007": {"studies": " ;; "}})  # validate reads it as empty: so must the loader
    assert errors(studies_dir) == []
    claims = load_workbook(studies_dir).claims.set_index("claim_id")
    assert claims.loc["C0007", "evidence_level"] == "anecdote" and claims.loc["C0007", "studies"] == ""


def test_studies_carry_their_design_kind_and_size(studies_dir):
    studies = load_workbook(studies_dir).studies.set_index("study_id")
    assert studies.loc["S0001", "design_kind"] == "trial" and studies.loc["S0001", "participants"] == 120
    assert studies["participants"].isna().sum() == 5  # empty when the text states no size
    assert not studies["implied"].any()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"studies": "S0099"}, "unknown study 'S0099': no row of studies.csv has it"),
        (
            {"studies": "S001"},
            "unknown study 'S001': no row of studies.csv has it (value 'S001'); did you mean 'S0001'?",
        ),
        ({"studies": "S0005"}, "study 'S0005' is reported by 'diet-blog', not by this claim's source"),
        ({"evidence_level": "rct"}, "names studies and an evidence level: the evidence comes from the studies"),
    ],
)
def test_a_bad_link_is_one_line_naming_the_claim(studies_dir, change, message):
    edit_claims(studies_dir, {"C0001": change})
    (error,) = [e for e in errors(studies_dir) if "claims.csv" in e]
    assert message in error and "claims.csv:2" in error


def test_a_claim_naming_studies_and_a_reporting_is_one_line(studies_dir):
    table = pd.read_csv(studies_dir / "claims.csv", dtype=str, keep_default_na=False)
    table.insert(table.columns.get_loc("studies"), "reporting", "")
    table.loc[table["claim_id"] == "C0001", "reporting"] = "named"
    table.to_csv(studies_dir / "claims.csv", index=False)
    (error,) = errors(studies_dir)
    assert (
        "claims.csv:2" in error and "names studies and a reporting: each study says how the article reports it" in error
    )


def test_a_study_design_as_a_claims_evidence_level_asks_for_the_study(studies_dir):
    edit_claims(studies_dir, {"C0001": {"studies": "", "evidence_level": "rct"}})
    (error,) = errors(studies_dir)
    assert "evidence level 'rct' is a study design, but the claim links no study" in error
    assert "this source's studies: S0001, S0002, S0003, S0004" in error


def test_a_claim_with_neither_studies_nor_an_evidence_level_is_refused(studies_dir):
    edit_claims(studies_dir, {"C0001": {"studies": ""}})
    (error,) = errors(studies_dir)
    assert "claims.csv:2: column 'evidence_level': is empty" in error


@pytest.mark.parametrize(
    "old, new, message",
    [
        (",rct,120,", ",rtc,120,", "column 'design': must be one of"),
        (",rct,120,", ",rct,about 120,", "column 'participants': must be a whole number"),
        (",120,yes,", ",120,maybe,", "column 'control': must be one of no, unstated, yes"),
        ("In mice, faecal", "In rats, faecal", "quote not found in source"),
        (",humans,adults,", ",people,adults,", "unknown populations term 'people'"),
        (
            ",beneficial,,described,",
            ",beneficial,mood:no-effect,described,",
            "'mood' is not one of this study's outcomes",
        ),
        (",beneficial,,described,", ",beneficial,anxiety:none,described,", "'none' is not a direction"),
        (",beneficial,,described,", ",beneficial,anxiety,described,", "must be an outcome and its direction"),
        (",described,,,,", ",described,,maybe,,", "column 'peer_reviewed': must be one of no, yes"),
        (",described,,,,", ",described,,,company,", "column 'funding': must be one of independent, maker"),
    ],
)
def test_a_bad_study_row_is_one_line_naming_file_line_and_column(studies_dir, old, new, message):
    replace_in(studies_dir / "studies.csv", old, new)
    found = [e for e in errors(studies_dir) if "studies.csv" in e]
    assert len(found) == 1 and message in found[0], found


def test_an_outcome_direction_error_names_the_item_and_the_outcomes_to_choose_from(studies_dir):
    replace_in(
        studies_dir / "studies.csv",
        ",beneficial,,described,",
        ",beneficial,anxiety:no-effect;mood:no-effect,described,",
    )
    (error,) = [e for e in errors(studies_dir) if "studies.csv" in e]
    assert "studies.csv:2: column 'outcome_directions': 'mood' is not one of this study's outcomes" in error
    assert "(value 'mood:no-effect'); name one of its outcomes (anxiety), or add it to 'outcomes' first" in error


@pytest.mark.parametrize("order", ["depression, anxiety", "anxiety, depression"])
def test_a_condition_measured_through_narrower_ones_takes_an_effect_any_of_them_found(studies_dir, order):
    replace_in(
        studies_dir / "vocabulary.yaml",
        "  mood:\n    kind: mind\n",
        f"  mood:\n    kind: mind\n    narrower: [{order}]\n",
    )
    replace_in(
        studies_dir / "studies.csv", ",anxiety,beneficial,,", ",anxiety;depression,beneficial,depression:no-effect,"
    )
    workbook = load_workbook(studies_dir)
    trial = workbook.studies.set_index("study_id").loc["S0001"]
    assert outcome_direction(trial, "mood", workbook.vocabulary) == "beneficial"


def test_each_outcome_has_its_own_direction_or_the_study_s(studies_dir):
    replace_in(studies_dir / "studies.csv", ",anxiety,beneficial,,", ",anxiety;mood,beneficial,mood:no-effect,")
    trial = load_workbook(studies_dir).studies.set_index("study_id").loc["S0001"]
    assert (outcome_direction(trial, "mood"), outcome_direction(trial, "anxiety")) == ("no-effect", "beneficial")


def test_a_certainty_outside_grade_s_words_is_one_line(studies_dir):
    path = studies_dir / "studies.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line + ("," + ("certainty" if i == 0 else "weak" if i == 1 else "")) for i, line in enumerate(lines)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")  # a last column: certainty after notes
    found = [e for e in errors(studies_dir) if "studies.csv" in e]
    assert len(found) == 1 and "column 'certainty': must be one of high, low, moderate, very low" in found[0], found


def test_a_duplicate_study_id_names_both_lines(studies_dir):
    replace_in(studies_dir / "studies.csv", "S0002,probiotics-news", "S0001,probiotics-news")
    found = [e for e in errors(studies_dir) if "duplicate study_id" in e]
    assert [e.split(": ")[0].rsplit(":", 1)[1] for e in found] == ["2", "3"]
    assert "also on line 3" in found[0] and "also on line 2" in found[1]


def test_expert_opinion_and_anecdote_are_not_designs():
    designs = study_designs(load_workbook().vocabulary)
    assert "rct" in designs and "case-report" in designs
    assert not {"expert-opinion", "anecdote", "none"} & set(designs)


def test_a_folder_without_studies_csv_reads_each_design_as_a_study_of_its_own(studies_dir):
    """An older revision (What changed reads them) has no studies.csv: its evidence levels still count."""
    with open(studies_dir / "claims.csv", encoding="utf-8") as claims, open(studies_dir / "studies.csv") as studies:
        links = {r["claim_id"]: r["studies"] for r in csv.DictReader(claims)}
        designs = {r["study_id"]: r["design"] for r in csv.DictReader(studies)}
    (studies_dir / "studies.csv").unlink()
    edit_claims(studies_dir, {c: {"studies": "", "evidence_level": designs[s]} for c, s in links.items() if s})
    workbook = load_workbook(studies_dir)
    studies = workbook.studies.set_index("study_id")
    assert list(studies.index) == ["~C0001", "~C0002", "~C0003", "~C0006", "~C0008", "~C0010"]
    assert studies.loc["~C0001", "control"] == "yes" and studies["implied"].all()
    assert workbook.claims.set_index("claim_id").loc["C0001", "studies"] == "~C0001"


def test_every_shipped_claim_with_a_study_design_links_its_study():
    workbook = load_workbook(CLAIMS_DIR)
    designs = set(study_designs(workbook.vocabulary))
    claims, studies = workbook.claims, workbook.studies
    assert not studies["implied"].any()  # the shipped folder has studies.csv
    assert claims.loc[claims["evidence_level"].astype(str).isin(designs), "studies"].ne("").all()
    linked = {s for cell in claims["studies"] for s in cell.split(";") if s}
    assert linked == set(studies["study_id"])  # and every study is some claim's
    assert len(studies) >= 30 and claims["studies"].ne("").sum() >= 50


def test_a_claims_table_of_a_header_alone_loads_as_no_claims(workbook_dir):
    path = workbook_dir / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    workbook = load_workbook(workbook_dir)
    assert workbook.claims.empty and workbook.studies.empty
