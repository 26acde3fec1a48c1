"""A study's size, control group, peer review and funding, read from the words an article uses for them."""

import pytest

from analysis.curation.study_details import (
    count_participants,
    propose_certainty,
    propose_control,
    propose_funding,
    propose_peer_review,
)


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
        ("The team gave 48 male rat pups antibiotics", "48"),  # a laboratory study's animals
        ("mice that had run for four weeks into germ-free mice", ""),  # four weeks is no size
        ("one in six students dropped out", ""),  # a share, not a size
        ("perhaps as few as 1 in 30 people could avoid a cold", ""),
        ("a trial in sixty-two adults", "62"),
        ("One trial found it helped people with IBS", ""),  # one trial, not one person
        ("Twelve study participants", "12"),
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
        (
            "The study was funded by the University of Kessington's Student Wellbeing Research Fund and by Lactiva "
            "Ingredients, a company that manufactures GOS.",
            "maker",  # a maker among the funders, named after a long one: not "independent"
        ),
        (
            "The study was funded by the Medical Research Council and the Wellcome Trust, and the authors declared "
            "no ties to any probiotic company.",
            "",
        ),
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


def test_a_school_year_is_no_size():
    assert count_participants("We asked pupils in Years 5 and 6 about sleep; 212 pupils answered.") == "212"
    assert count_participants("Pupils in Year 5 and 6 pupils answered.") == ""


@pytest.mark.parametrize(
    ("text", "control"),
    [
        ("It wasn't placebo-controlled, I'll be honest.", "no"),
        ("Half the children got the probiotic and half a dummy powder.", "yes"),
    ],
)
def test_a_study_said_not_to_be_controlled_has_no_control_and_a_dummy_is_a_placebo(text, control):
    assert propose_control(text, "trial") == control


@pytest.mark.parametrize(
    "words, certainty",
    [
        ("(14 trials, 1,318 people; low-certainty evidence)", "low"),
        ("low- to moderate-certainty evidence", "low"),  # the first rating stated
        ("The certainty of the evidence is moderate.", "moderate"),
        ("The evidence was of very low quality.", "very low"),
        ("The evidence is promising.", ""),
    ],
)
def test_the_certainty_a_review_gives_its_evidence_is_read_in_grade_s_words(words, certainty):
    assert propose_certainty(words) == certainty
