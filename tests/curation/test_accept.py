"""Accepting a reviewed draft: every row checked, one line per mistake, nothing written on any; else all written at once."""

import csv

import pytest

from analysis import validate_workbook
from analysis.common.problems import WorkbookError
from analysis.curation.accept import accept_draft
from analysis.curation.draft import DRAFT_COLUMNS, default_draft_path, draft_article, write_draft

TABLES = ("claims.csv", "studies.csv", "reviewed_non_claims.csv")
ADVICE = "You should talk to your doctor before trying any gut-health supplement."
DEFINITION = "Probiotics are live microbes that people take as supplements."


@pytest.fixture
def draft(draft_dir):
    """The draft of fmt-news, written where `draft` writes it."""
    return write_draft(default_draft_path("fmt-news", draft_dir), draft_article("fmt-news", draft_dir))


def read_rows(path):
    with open(path, newline="", encoding="utf-8-sig") as file:
        return list(csv.DictReader(file))


def write_rows(path, rows, columns=DRAFT_COLUMNS, line_end="\n", bom=True):
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=columns, lineterminator=line_end, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def review(path, change=None, **reviews):
    """Mark every row accepted (or as `reviews` says, by quote), population 'humans'; then apply `change(rows)`."""
    rows = read_rows(path)
    for row in rows:
        row["review"] = reviews.get(row["quote"], "accept")
        row["population"] = "humans"
    (change or (lambda rows: None))(rows)
    write_rows(path, rows)
    return rows


def tables(claims_dir):
    return {name: (claims_dir / name).read_bytes() for name in TABLES}


def refused(path, claims_dir, match):
    """Accept must refuse with a problem matching `match`, naming the draft, and leave every table as it was."""
    before = tables(claims_dir)
    with pytest.raises(WorkbookError) as caught:
        accept_draft(path, claims_dir)
    lines = [str(p) for p in caught.value.problems]
    assert any(match in line for line in lines), lines
    assert lines[-1].endswith("nothing written; correct the draft, then run accept again") or "validate" in lines[-1]
    assert tables(claims_dir) == before
    return lines


def test_a_reviewed_draft_is_accepted_in_one_call(draft, draft_dir):
    rows = review(draft, **{ADVICE: "not-a-claim", DEFINITION: "drop"})
    rows_by_quote = {row["quote"]: row for row in rows}
    rows_by_quote[ADVICE]["notes"] = "referral advice"
    write_rows(draft, rows)
    before = tables(draft_dir)
    accepted = accept_draft(draft, draft_dir)
    claims = sum(row["row"] == "claim" for row in rows) - 2
    assert accepted.claims == [f"C{n:04d}" for n in range(11, 11 + claims)]
    assert accepted.studies == ["S0007", "S0008"]
    assert (accepted.non_claims, accepted.dropped) == (1, 1)
    for name in TABLES:  # appended: the rows there before stay byte for byte
        assert (draft_dir / name).read_bytes().startswith(before[name])
    assert not validate_workbook(draft_dir).errors
    with open(draft_dir / "claims.csv", newline="", encoding="utf-8") as file:
        added = [row for row in csv.DictReader(file) if row["source_id"] == "fmt-news"]
    assert added[0]["quote"] == "Faecal transplant eases depression in small trial"
    assert {row["studies"] for row in added} <= {"", "S0007", "S0008"}  # the draft's names for its studies replaced
    assert "referral advice" in (draft_dir / "reviewed_non_claims.csv").read_text(encoding="utf-8")


def test_accepting_the_same_draft_again_is_refused_as_duplicates(draft, draft_dir):
    review(draft, **{ADVICE: "drop"})
    accept_draft(draft, draft_dir)
    lines = refused(draft, draft_dir, "claims.csv has this claim already, as C0011")
    assert any("studies.csv already has this study as S0007" in line for line in lines)


def test_a_row_left_unreviewed_is_refused(draft, draft_dir):
    review(draft, change=lambda rows: rows[3].update(review="unreviewed"))
    [line, _] = refused(draft, draft_dir, "row left unreviewed")
    assert line.startswith(f"{draft}:5: column 'review': row left unreviewed (value 'unreviewed'); write accept")


def test_an_unknown_term_is_refused_with_the_one_meant_and_its_line(draft, draft_dir):
    review(draft, change=lambda rows: rows[2].update(conditions="depression;anxeity"))
    [line, _] = refused(draft, draft_dir, "did you mean 'anxiety'?")
    assert line.startswith(f"{draft}:4: column 'conditions': unknown conditions term 'anxeity'")


def test_dash_empties_a_cell_and_labels_and_synonyms_are_read_as_terms(draft, draft_dir):
    def change(rows):
        rows[2].update(mechanisms="-", citation="-", conditions="Depression; anxious", evidence_level="-")

    review(draft, change=change, **{ADVICE: "drop"})
    accept_draft(draft, draft_dir)
    with open(draft_dir / "claims.csv", newline="", encoding="utf-8") as file:
        row = [r for r in csv.DictReader(file) if r["source_id"] == "fmt-news"][0]
    assert (row["conditions"], row["mechanisms"], row["citation"]) == ("depression;anxiety", "", "")


def test_a_draft_with_a_column_removed_or_renamed_is_refused(draft, draft_dir):
    rows = review(draft)
    for row in rows:
        row["condition"] = row.pop("conditions")
    write_rows(draft, rows, [c if c != "conditions" else "condition" for c in DRAFT_COLUMNS])
    lines = refused(
        draft, draft_dir, "column 'condition': unknown column (value 'condition'); did you mean 'conditions'?"
    )
    assert any("column 'conditions': required column is missing from the header; a draft keeps" in x for x in lines)


def test_a_missing_draft_is_refused_naming_the_drafts_there(draft, draft_dir):
    with pytest.raises(WorkbookError, match="no such draft; did you mean .*fmt-news.csv"):
        accept_draft(draft_dir / "drafts" / "fmt-nwes.csv", draft_dir)
    with pytest.raises(WorkbookError, match="is a folder, not a draft"):
        accept_draft(draft_dir / "drafts", draft_dir)


def test_a_non_claim_needs_a_reason(draft, draft_dir):
    review(draft, **{ADVICE: "not-a-claim"})
    refused(draft, draft_dir, "column 'notes': a sentence judged not a claim needs a reason")


def test_an_unknown_review_gets_the_one_meant(draft, draft_dir):
    review(draft, change=lambda rows: rows[4].update(review="acept"))
    refused(draft, draft_dir, "unknown review (value 'acept'); did you mean 'accept'?")


def test_a_claim_linking_a_dropped_study_is_refused(draft, draft_dir):
    review(draft, change=lambda rows: rows[0].update(review="drop"))
    refused(draft, draft_dir, "unknown study 'new-1'")


def test_a_study_row_is_checked_like_a_row_of_studies_csv(draft, draft_dir):
    review(draft, change=lambda rows: rows[0].update(design="expert-opinion", participants="about 40", control="maybe"))
    lines = refused(draft, draft_dir, "column 'design': is not a study design")
    assert any("column 'participants': is not a count (value 'about 40')" in line for line in lines)
    assert any("column 'control': is not yes, no or unstated (value 'maybe')" in line for line in lines)


def test_peer_review_and_funding_are_read_in_any_case_and_checked(draft, draft_dir):
    review(draft, change=lambda rows: rows[0].update(peer_reviewed="maybe", funding="Company"))
    lines = refused(draft, draft_dir, "column 'peer_reviewed': is not yes or no (value 'maybe')")
    assert any("column 'funding': is not maker or independent (value 'Company')" in line for line in lines)
    review(draft, change=lambda rows: rows[0].update(peer_reviewed="No", funding="Maker", outcome_directions=""))
    (first, *_) = accept_draft(draft, draft_dir).studies
    (study,) = [row for row in read_rows(draft_dir / "studies.csv") if row["study_id"] == first]
    assert (study["peer_reviewed"], study["funding"]) == ("no", "maker")


def test_an_outcome_s_finding_is_read_through_labels_and_synonyms(draft, draft_dir):
    def change(rows):
        rows[0].update(outcomes="depression;anxiety", outcome_directions="Anxiety: No effect")

    review(draft, change=change)
    (first, *_) = accept_draft(draft, draft_dir).studies
    (study,) = [row for row in read_rows(draft_dir / "studies.csv") if row["study_id"] == first]
    assert study["outcome_directions"] == "anxiety:no-effect"


def test_a_draft_written_before_the_peer_review_and_funding_columns_is_accepted(draft, draft_dir):
    later = ("outcome_directions", "peer_reviewed", "funding")
    write_rows(draft, review(draft), [c for c in DRAFT_COLUMNS if c not in later])  # extra cells left out
    assert accept_draft(draft, draft_dir).studies == ["S0007", "S0008"]


def test_a_certainty_for_a_studies_csv_without_that_column_is_refused_not_lost(draft, draft_dir):
    assert "certainty" not in (draft_dir / "studies.csv").read_text(encoding="utf-8").splitlines()[0]
    review(draft, change=lambda rows: rows[0].update(certainty="low"))
    refused(draft, draft_dir, "studies.csv has no such column")


def test_a_quote_edited_away_from_the_text_is_refused_with_the_closest_passage(draft, draft_dir):
    review(draft, change=lambda rows: rows[4].update(quote="Participants were randomly assigned to a drug."))
    refused(draft, draft_dir, "quote not found in source 'fmt-news'")


def test_a_row_that_would_not_validate_is_told_with_the_draft_line(draft, draft_dir):
    review(draft, change=lambda rows: rows[2].update(interventions="-"))
    lines = refused(draft, draft_dir, "column 'interventions'")
    assert any(line.startswith(f"{draft}:4: column 'interventions'") for line in lines)


def test_a_draft_saved_by_a_spreadsheet_with_crlf_and_no_mark_is_read(draft, draft_dir):
    rows = review(draft, **{ADVICE: "drop"})
    write_rows(draft, rows, line_end="\r\n", bom=False)
    assert accept_draft(draft, draft_dir).dropped == 1


def test_a_study_measuring_several_outcomes_with_several_interventions_is_accepted(draft, draft_dir):
    review(draft, change=lambda rows: rows[0].update(outcomes="depression; Anxiety", interventions="fmt;probiotics"))
    accept_draft(draft, draft_dir)
    with open(draft_dir / "studies.csv", newline="", encoding="utf-8") as file:
        added = [row for row in csv.DictReader(file) if row["source_id"] == "fmt-news"]
    assert (added[0]["outcomes"], added[0]["interventions"]) == ("depression;anxiety", "fmt;probiotics")
    assert not validate_workbook(draft_dir).errors


def test_a_new_folder_started_from_the_shipped_headers_takes_every_documented_column():
    """docs/curating.md: a new claims folder copies its table headers from claims/; none may be missing there."""
    from analysis.common.paths import CLAIMS_DIR
    from analysis.curation.accept import CLAIM_COLUMNS
    from analysis.workbook.storage import read_header
    from analysis.workbook.studies import STUDY_COLUMNS

    assert read_header((CLAIMS_DIR / "studies.csv").read_bytes()) == list(STUDY_COLUMNS)
    assert read_header((CLAIMS_DIR / "claims.csv").read_bytes()) == list(CLAIM_COLUMNS)
