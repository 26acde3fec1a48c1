"""Drafting a whole article: every sentence of substance a row, every label proposed, nothing read until accepted."""

import csv

import pytest

from analysis import load_workbook, validate_workbook
from analysis.common.problems import WorkbookError
from analysis.curation.draft import (
    DRAFT_COLUMNS,
    default_draft_path,
    draft_article,
    protect_cell,
    unprotect_cell,
    write_draft,
)
from analysis.site.inputs import INPUTS


def claim_rows(rows):
    return [row for row in rows if row["row"] == "claim"]


def test_every_sentence_of_substance_is_a_row_marked_unreviewed_the_headline_first(draft_dir):
    rows = draft_article("fmt-news", draft_dir)
    claims = claim_rows(rows)
    assert all(row["review"] == "unreviewed" and list(row) == DRAFT_COLUMNS for row in rows)
    assert claims[0]["quote"] == "Faecal transplant eases depression in small trial"
    assert (claims[0]["text_line"], claims[0]["source_id"]) == ("1", "fmt-news")
    quotes = [row["quote"] for row in claims]
    assert "Probiotics are live microbes that people take as supplements." in quotes  # a definition, for the curator
    assert "You should talk to your doctor before trying any gut-health supplement." in quotes
    for furniture in ("Why does this matter?", "Advertisement", "Follow us on Twitter @ExampleU."):
        assert furniture not in quotes
    assert not any("Example University is a leading" in quote for quote in quotes)  # the publisher's "About" section
    assert all(row["claim"] == row["quote"] for row in claims)  # to restate, as add-claim proposes


def test_the_studies_are_proposed_and_each_claim_links_the_one_it_rests_on(draft_dir):
    rows = draft_article("fmt-news", draft_dir)
    studies = {row["study_id"]: row for row in rows if row["row"] == "study"}
    assert {(s["design"], s["participants"], s["control"], s["reporting"]) for s in studies.values()} == {
        ("rct", "40", "yes", "named"),
        ("unspecified-studies", "", "unstated", "second-hand"),
    }
    trial = next(s for s, row in studies.items() if row["design"] == "rct")
    by_quote = {row["quote"]: row for row in claim_rows(rows)}
    headline = by_quote["Faecal transplant eases depression in small trial"]
    assert (headline["studies"], headline["evidence_level"]) == (trial, "")  # its evidence comes from the study
    general = by_quote["Studies show that people with depression have less diverse gut bacteria."]
    assert general["studies"] != trial and general["studies"] in studies
    advice = by_quote["You should talk to your doctor before trying any gut-health supplement."]
    assert (advice["advice"], advice["studies"], advice["evidence_level"]) == ("safety", "", "none")


def test_a_sentence_that_names_no_term_takes_the_terms_of_its_study(draft_dir):
    rows = draft_article("fmt-news", draft_dir)
    by_quote = {row["quote"]: row for row in claim_rows(rows)}
    method = by_quote["Participants were randomly assigned to a transplant or a placebo for eight weeks."]
    assert (method["conditions"], method["interventions"]) == ("depression", "fmt")


def test_claim_type_is_proposed_where_the_claims_table_has_the_column(draft_dir):
    path = draft_dir / "claims.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    rows = [line + ("," if n else ",claim_type") for n, line in enumerate(text)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    by_quote = {row["quote"]: row for row in claim_rows(draft_article("fmt-news", draft_dir))}
    assert by_quote["Probiotics are live microbes that people take as supplements."]["claim_type"] == "description"
    assert (
        by_quote["The researchers say the findings are preliminary and that larger trials are needed."]["claim_type"]
        == "evidence"
    )
    assert by_quote["Faecal transplant eases depression in small trial"]["claim_type"] == "effect"
    assert all(row["placement"] == "" for row in by_quote.values())  # the fixture's claims table has no placement


def test_sentences_already_tabulated_or_reviewed_are_left_out_and_known_studies_linked(studies_dir):
    rows = draft_article("probiotics-news", studies_dir)
    assert not any(row["row"] == "study" for row in rows)  # studies.csv has this source's studies
    quotes = [row["quote"] for row in rows]
    assert not any(quote.startswith("A randomised controlled trial in 120 adults") for quote in quotes)


def test_an_unknown_source_is_refused_with_the_one_meant(draft_dir):
    with pytest.raises(WorkbookError, match="did you mean 'fmt-news'"):
        draft_article("fmt-nwes", draft_dir)


def test_the_draft_file_opens_in_a_spreadsheet_and_is_never_overwritten_unasked(draft_dir):
    rows = draft_article("fmt-news", draft_dir)
    path = write_draft(default_draft_path("fmt-news", draft_dir), rows)
    assert path == draft_dir / "drafts" / "fmt-news.csv"
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, as Excel reads accents
    with open(path, newline="", encoding="utf-8-sig") as file:
        assert [row["quote"] for row in csv.DictReader(file)] == [row["quote"] for row in rows]
    with pytest.raises(WorkbookError, match="a draft is already there"):
        write_draft(path, rows)
    assert path.read_bytes() == data
    write_draft(path, rows[:1], force=True)
    assert path.read_bytes() != data


@pytest.mark.parametrize("name", ["claims.csv", "studies.csv", "vocabulary.yaml", "sources/fmt-news.txt"])
def test_a_draft_never_replaces_a_file_of_the_workbook(draft_dir, name):
    before = (draft_dir / name).read_bytes()
    with pytest.raises(WorkbookError, match="one of the workbook's own files"):
        write_draft(draft_dir / name, draft_article("fmt-news", draft_dir), force=True, claims_dir=draft_dir)
    assert (draft_dir / name).read_bytes() == before


def test_validation_loading_and_the_build_never_read_a_draft(draft_dir):
    before = validate_workbook(draft_dir)
    rows = draft_article("fmt-news", draft_dir)
    for row in rows:
        row["review"] = "accept"
    write_draft(default_draft_path("fmt-news", draft_dir), rows)
    after = validate_workbook(draft_dir)
    assert [str(p) for p in after.problems] == [str(p) for p in before.problems]
    assert len(load_workbook(draft_dir).claims) == len(before.claims)
    inputs = [path for item in INPUTS for path in item.files(draft_dir)]
    assert not any("drafts" in path.parts for path in inputs)


@pytest.mark.parametrize("value", ["=SUM(A1)", "- 30 -", "+1", "@me", "plain"])
def test_cells_a_spreadsheet_would_run_are_protected_and_read_back_as_written(value):
    protected = protect_cell(value)
    assert protected[:1] not in ("=", "+", "-", "@")
    assert unprotect_cell(protected) == value


def drafted_with(draft_dir, sentences: str) -> dict:
    """The draft rows of fmt-news, by quote, with `sentences` in place of its sentence on probiotics."""
    import hashlib

    from conftest import replace_in

    text = draft_dir / "sources" / "fmt-news.txt"
    before = hashlib.sha256(text.read_bytes()).hexdigest()
    replace_in(text, "Probiotics are live microbes that people take as supplements.", sentences)
    replace_in(draft_dir / "sources.csv", before, hashlib.sha256(text.read_bytes()).hexdigest())
    return {row["quote"]: row for row in claim_rows(draft_article("fmt-news", draft_dir))}


def test_a_sentence_that_names_no_term_takes_those_its_paragraph_named_last(draft_dir):
    by_quote = drafted_with(draft_dir, "Some people take probiotics for anxiety. They may help a little.")
    after = by_quote["They may help a little."]
    assert (after["conditions"], after["interventions"]) == ("anxiety", "probiotics")  # not the headline's


def test_a_sentence_naming_no_condition_takes_what_its_topic_words_imply_and_passes_it_on_to_none(draft_dir):
    by_quote = drafted_with(
        draft_dir,
        "Some people take probiotics for anxiety. A few notice mild bloating at first. They may help a little.",
    )
    bloating, after = by_quote["A few notice mild bloating at first."], by_quote["They may help a little."]
    assert (bloating["conditions"], bloating["interventions"]) == ("adverse-effects", "probiotics")
    assert (after["conditions"], after["interventions"]) == ("anxiety", "probiotics")  # what its paragraph named


def test_the_entries_of_a_reference_list_are_proposed_as_studies_after_the_body_s(draft_dir):
    import hashlib

    from conftest import replace_in

    text = draft_dir / "sources" / "fmt-news.txt"
    before = hashlib.sha256(text.read_bytes()).hexdigest()
    entry = "Lind A, Moss B. Faecal transplants ease depression-like behaviour in germ-free mice. J Gut. 2020;3:1-9."
    small_print = "Clinically studied ingredients refers to individual ingredients, not to the finished product."
    tail = f"References\n{entry}\nSmall print\n{small_print}\n"
    text.write_text(text.read_text(encoding="utf-8") + tail, encoding="utf-8")
    replace_in(draft_dir / "sources.csv", before, hashlib.sha256(text.read_bytes()).hexdigest())
    rows = draft_article("fmt-news", draft_dir)
    studies = [row for row in rows if row["row"] == "study"]
    assert "new-3" not in next(row for row in rows if row["quote"] == small_print)["studies"]  # not by standing near
    assert [row["design"] for row in studies] == ["rct", "unspecified-studies", "animal"]
    mice = studies[-1]
    assert (mice["study_id"], mice["quote"]) == (
        "new-3",
        "Faecal transplants ease depression-like behaviour in germ-free mice.",
    )
    assert mice["citation"] == "Lind A, Moss B. J Gut. 2020;3:1-9."


def test_a_heading_that_names_research_is_no_study(draft_dir):
    import hashlib

    from conftest import replace_in

    text = draft_dir / "sources" / "fmt-news.txt"
    before = hashlib.sha256(text.read_bytes()).hexdigest()
    text.write_text(text.read_text(encoding="utf-8") + "What the probiotic research shows\n", encoding="utf-8")
    replace_in(draft_dir / "sources.csv", before, hashlib.sha256(text.read_bytes()).hexdigest())
    studies = [row for row in draft_article("fmt-news", draft_dir) if row["row"] == "study"]
    assert "What the probiotic research shows" not in [row["quote"] for row in studies]
