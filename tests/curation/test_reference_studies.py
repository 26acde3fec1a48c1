"""Study rows proposed from a text's reference list: each entry whose title names a study's design."""

import pytest

from analysis.common.paths import CLAIMS_DIR
from analysis.curation.reference_studies import find_reference_titles, propose_reference_rows
from analysis.curation.study_rows import propose_study_rows
from analysis.language.sentences import split_sentences
from analysis.workbook.studies import STUDY_COLUMNS
from analysis.workbook.vocabulary import load_vocabulary

PAGE = (
    "Calm Blend: the gut-brain powder\n"
    "Every ingredient has been studied.\n"
    "References\n"
    "1. Devaraj N, Castell M, Fenwick-Obi R. A randomised, double-blind, placebo-controlled study of a probiotic on "
    "anxiety in 52 healthy adults. Int J Bot Ther. 2021;9(1):44-52.\n"
    "2. Hollander-Vance T, Okoro J, et al. Oral probiotics reduce anxiety-like behaviour in high-fat-diet-fed mice. "
    "J Exp Microbiome Sci. 2020;14(2):118-127.\n"
    "3. National Institute of Care. Depression in adults: assessment and management. Guideline 47. 2022.\n"
    "4. Calm Blend Customer Survey 2023. Data on file.\n"
    "WHAT OUR CUSTOMERS SAY\n"
    "Loved it. Best thing I ever bought.\n"
)


@pytest.fixture
def vocabulary():
    return load_vocabulary(CLAIMS_DIR)  # the shipped vocabulary: "healthy adults" are humans


def test_each_entry_naming_a_design_is_a_study_row_quoting_its_title(vocabulary):
    trial, mice = propose_reference_rows(PAGE, vocabulary, "calm-blend", [])
    assert list(trial) == STUDY_COLUMNS
    assert trial["quote"] in PAGE and trial["quote"].startswith("A randomised, double-blind")
    assert (trial["study_id"], trial["design"], trial["participants"], trial["control"]) == (
        "new-1",
        "rct",
        "52",
        "yes",
    )
    assert (trial["population"], trial["interventions"], trial["outcomes"]) == ("humans", "probiotics", "anxiety")
    assert (trial["reporting"], trial["citation"]) == (
        "named",
        "[1] Devaraj N, Castell M, Fenwick-Obi R. Int J Bot Ther. 2021;9(1):44-52.",
    )
    assert (mice["study_id"], mice["design"], mice["population"]) == ("new-2", "animal", "animals")
    assert "an entry of the reference list" in mice["notes"]


def test_a_guideline_data_on_file_and_the_next_section_are_no_studies(vocabulary):
    titles = [title for _, title, _, _ in find_reference_titles(PAGE)]
    assert len(titles) == 2
    assert not any("Guideline" in t or "Data on file" in t or "Loved it" in t for t in titles)


def test_an_entry_the_body_describes_beside_its_number_is_that_study_s(vocabulary):
    text = (
        "Probiotic news\n"
        "In a randomised controlled trial, 52 healthy adults who took the probiotic were less anxious [1].\n"
        + PAGE.split("\n", 2)[2]
    )
    body = propose_study_rows(text, split_sentences(text), vocabulary, "news")
    rows = propose_reference_rows(text, vocabulary, "news", body)
    assert [row["design"] for row in rows] == ["animal"]  # entry 1 is the body's trial
    assert rows[0]["study_id"] == f"new-{len(body) + 1}"


def test_a_text_without_a_reference_list_proposes_none(vocabulary):
    text = "Probiotic news\nDevaraj N, Castell M. A randomised trial of 52 adults. Int J. 2021.\n"
    assert propose_reference_rows(text, vocabulary, "news", []) == []


def test_a_news_story_s_one_source_is_where_its_own_study_is_published(vocabulary):
    text = (
        "Tart cherries and the gut\n"
        "In the human trial, nine healthy adults drank tart cherry juice daily for five days.\n"
        "Source:\n"
        "Mayta A, Pottgen E, et al. Impact of tart cherries on the human gut microbiota in vitro and in vivo. "
        "J Nutr Biochem. 2018;59:160-172.\n"
    )
    body = propose_study_rows(text, split_sentences(text), vocabulary, "news")
    assert body and propose_reference_rows(text, vocabulary, "news", body) == []
    assert len(propose_reference_rows(text, vocabulary, "news", [])) == 1  # with no study in the body, it is one


def test_a_numbered_reference_heading_opens_the_list_too(vocabulary):
    page = PAGE.replace("References\n", "6. References\n")
    assert [row["design"] for row in propose_reference_rows(page, vocabulary, "calm-blend", [])] == ["rct", "animal"]
