"""Study rows proposed from the sentences that describe an article's studies: design, size, control, reporting."""

import pytest

from analysis.curation.study_rows import (
    count_participants,
    propose_control,
    propose_funding,
    propose_peer_review,
    propose_study_rows,
)
from analysis.language.sentences import split_sentences
from analysis.workbook.studies import STUDY_COLUMNS
from analysis.workbook.vocabulary import load_vocabulary


@pytest.fixture
def vocabulary(studies_dir):
    return load_vocabulary(studies_dir)


def propose(text, vocabulary):
    return propose_study_rows(text, split_sentences(text), vocabulary, "news")


def test_one_study_mentioned_in_several_sentences_is_one_row_with_the_strongest_design(vocabulary):
    text = (
        "A new study published in the Journal of Gut Studies found that probiotics reduced anxiety.\n"
        "For the study, researchers performed a placebo-controlled trial with 42 participants. "
        "Participants were randomly assigned to a probiotic or a placebo.\n"
        "This is the first trial of its kind.\n"
    )
    [row] = propose(text, vocabulary)
    assert list(row) == STUDY_COLUMNS
    assert (row["study_id"], row["design"], row["participants"], row["control"]) == ("new-1", "rct", "42", "yes")
    assert row["quote"] == "For the study, researchers performed a placebo-controlled trial with 42 participants."
    assert (row["reporting"], row["citation"]) == ("named", "Journal of Gut Studies")
    assert (row["interventions"], row["outcomes"], row["source_id"]) == ("probiotics", "anxiety", "news")


def test_research_invoked_in_general_is_a_second_hand_study_of_its_own(vocabulary):
    text = (
        "In a randomised controlled trial of 40 adults, a probiotic reduced anxiety.\n"
        "Studies show that people with depression have less diverse gut bacteria.\n"
    )
    trial, general = propose(text, vocabulary)
    assert (trial["design"], trial["reporting"], trial["participants"]) == ("rct", "described", "40")
    assert (general["design"], general["reporting"], general["participants"]) == (
        "unspecified-studies",
        "second-hand",
        "",
    )
    assert (general["control"], general["outcomes"], general["interventions"]) == (
        "unstated",
        "depression",
        "gut-microbiome",
    )


def test_another_study_of_the_same_design_is_a_row_of_its_own(vocabulary):
    text = "A meta-analysis of 16 trials found that diet reduces depression. Another meta-analysis in 2004 agreed.\n"
    assert [row["design"] for row in propose(text, vocabulary)] == ["meta-analysis", "meta-analysis"]


def test_animal_work_is_its_own_study_and_people_are_not_folded_into_it(vocabulary):
    text = (
        "In mice, faecal transplants from depressed donors caused depressive behaviour.\n"
        "The new study followed 49 adults with depression who took probiotics.\n"
    )
    animal, people = propose(text, vocabulary)
    assert (animal["design"], animal["population"]) == ("animal", "animals")
    assert (people["design"], people["participants"]) == ("unspecified-studies", "49")


def test_a_text_that_describes_no_study_proposes_none(vocabulary):
    assert propose("Probiotics may reduce anxiety. Talk to your doctor first.\n", vocabulary) == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("a trial with 42 participants", "42"),
        ("nine healthy adults drank juice", "9"),
        ("1,200 women were followed", "1200"),
        ("49 overweight and obese adults", "49"),
        ("in 2017 the team", ""),
        ("Sixty-two adults with mild depression", "62"),
        ("The study asked 96 undergraduates to drink kefir", "96"),
        ("forty residents of the care home", "40"),
        ("Thirty of the 120 participants dropped out", "120"),
        ("Ninety percent of the 300 patients", "300"),
        ("Forty thousand adults", ""),
    ],
)
def test_participants_are_read_in_digits_or_words(text, count):
    assert count_participants(text) == count


@pytest.mark.parametrize(
    ("text", "kind", "control"),
    [
        ("a double-blind, placebo-controlled trial", "trial", "yes"),
        ("an open-label study of 12 children", "trial", "no"),
        ("a pilot study", "uncontrolled", "no"),
        ("a study of 12 children", "unspecified", "unstated"),
    ],
)
def test_the_control_group_is_what_the_words_say(text, kind, control):
    assert propose_control(text, kind) == control


@pytest.mark.parametrize(
    ("text", "reviewed"),
    [
        (
            "The findings were presented at a conference and have not yet been published in a peer-reviewed journal.",
            "no",
        ),
        ("Stress fell more with the capsule, according to a summary posted as a preprint.", "no"),
        ("The results, which have not been peer reviewed, were shared at a press briefing.", "no"),
        ("The study, published today in the journal Gut and Mind, followed 3,000 adults.", "yes"),
        ("A study of 40 adults found less anxiety.", ""),
        ("She became a poster child for the wellness industry.", ""),
        ("The company published the results in its newsletter.", "no"),
    ],
)
def test_peer_review_is_proposed_from_what_the_article_says(text, reviewed):
    assert propose_peer_review(text) == reviewed


@pytest.mark.parametrize(
    ("text", "funding"),
    [
        ("The study was funded by Micropharma Ltd., a Canadian probiotic production company.", "maker"),
        ("The pilot was the company's own, run at its laboratory in Leeds.", "maker"),
        ("The trial was partly funded by a manufacturer of fibre ingredients, which had no role in the design.", ""),
        ("The trial was independently funded and run by a university team.", "independent"),
        ("What we need now are larger, independently funded trials.", ""),
        ("It was funded by the Medical Research Council. The company that makes the capsule was not involved.", ""),
        ("The trial was funded by a charity, not by any company.", ""),
        ("The university ran its own trial.", ""),
        ("The company's own website says it works.", ""),
        ("A study of 40 adults found less anxiety.", ""),
    ],
)
def test_funding_by_the_maker_is_proposed_from_what_the_article_says(text, funding):
    assert propose_funding(text) == funding


def test_a_drafted_study_carries_its_peer_review_and_funding(vocabulary):
    text = (
        "Brightleaf said the company's own trial of 64 adults, posted as a preprint, found the capsule eased anxiety.\n"
        "Participants were randomly assigned to the capsule or a placebo.\n"
    )
    [row] = propose(text, vocabulary)
    assert (row["peer_reviewed"], row["funding"], row["participants"]) == ("no", "maker", "64")
