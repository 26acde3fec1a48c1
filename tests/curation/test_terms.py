"""Finding the vocabulary's terms in a text: which, in what order, and where."""

import pytest

from analysis.curation.terms import find_exposures, find_spans, find_terms
from analysis.workbook.vocabulary import load_vocabulary


def test_spans_point_at_each_name_in_text_order_longest_first(workbook_dir):
    vocabulary = load_vocabulary(workbook_dir)
    text = "Faecal transplants and probiotics; FMT again."
    spans = find_spans(text, vocabulary, "interventions")
    assert [(slug, text[start:end]) for slug, start, end in spans] == [
        ("fmt", "Faecal transplants"),
        ("probiotics", "probiotics"),
        ("fmt", "FMT"),
    ]
    assert find_terms(text, vocabulary, "interventions") == ["fmt", "probiotics"]


def test_names_inside_longer_words_are_not_found(workbook_dir):
    assert find_spans("unmoody nutritionists", load_vocabulary(workbook_dir), "conditions") == []


def test_the_verb_stress_and_cognitive_behavioural_therapy_name_no_condition():
    from analysis.common.paths import CLAIMS_DIR

    vocabulary = load_vocabulary(CLAIMS_DIR)
    assert find_terms("The researchers stress that the study was small.", vocabulary, "conditions") == []
    assert find_terms("She stressed the importance of sleep.", vocabulary, "conditions") == []
    assert find_terms("Cognitive behavioural therapy helps anxiety.", vocabulary, "conditions") == ["anxiety"]
    assert find_terms("Stress that lasts for months harms the gut.", vocabulary, "conditions") == ["stress"]  # a noun
    text = "They stress that cognition improved under stress."
    assert [text[a:b] for _, a, b in find_spans(text, vocabulary, "conditions")] == ["cognition", "stress"]


def test_a_trial_that_tests_nothing_and_the_fibres_of_a_nerve_name_no_term():
    from analysis.common.paths import CLAIMS_DIR

    vocabulary = load_vocabulary(CLAIMS_DIR)
    for text in (
        "We tried it for a trial period of six weeks.",
        "Start your free trial today.",
        "It was trial and error.",
    ):
        assert find_terms(text, vocabulary, "evidence_levels") == [], text
    for text in ("A trial of 40 adults found less anxiety.", "Over the 12-week trial period, 80 adults took it."):
        assert find_terms(text, vocabulary, "evidence_levels") == ["clinical-trial"], text
    for text in ("Around 80 per cent of its fibres carry messages upwards.", "The vagus nerve fibres run to the gut."):
        assert find_terms(text, vocabulary, "interventions") == [], text
    assert find_terms("The fibres in oats are good for you.", vocabulary, "interventions") == ["fibre"]
    assert find_terms("Soluble fibres travel undigested to the colon.", vocabulary, "interventions") == ["fibre"]


@pytest.mark.parametrize(
    "text, exposures",
    [
        ("The probiotic group had less inflammation after eight weeks.", ["probiotics"]),
        ("Levels of inflammation fell.", []),
        ("Inflammation can drive depression.", ["inflammation"]),
        ("Chronic stress harms the gut.", ["chronic-stress"]),
        ("Less inflammation and less neuroinflammation were seen in the probiotic group.", ["probiotics"]),
    ],
    ids=[
        "the-outcome-beside-an-exposure",
        "the-outcome-alone",
        "acting-on-another-condition",
        "its-own-name",
        "the-same-condition-twice",
    ],
)
def test_words_that_name_the_condition_a_text_is_about_are_not_also_its_exposure(text, exposures):
    from analysis.common.paths import CLAIMS_DIR

    assert find_exposures(text, load_vocabulary(CLAIMS_DIR)) == exposures
