"""Which sentences of an article the draft reads as claims: the headline always, page furniture never."""

import pytest

from analysis.curation.claim_sentences import find_claim_sentences, is_furniture
from analysis.workbook.vocabulary import load_vocabulary

ARTICLE = """Probiotics may ease anxiety, study finds

Advertisement

A randomised controlled trial in 120 adults found that a daily probiotic reduced anxiety scores.
The researchers say larger trials are needed.

Why does this matter?

Results

They kept a food journal throughout.
A bottle of 30 capsules costs about $30.

About Test Press

Test Press is the trusted voice of science news.
Follow us on Twitter @TestPress.
Write to Sam Doe at sam@example.org.
"""


@pytest.fixture
def vocabulary(workbook_dir):
    return load_vocabulary(workbook_dir)


def drafted(text, vocabulary, title=""):
    return [c.sentence.text for c in find_claim_sentences(text, vocabulary, title)]


def test_the_headline_comes_first_and_every_sentence_of_substance_follows(vocabulary):
    candidates = find_claim_sentences(ARTICLE, vocabulary)
    assert candidates[0].headline and candidates[0].sentence.text == "Probiotics may ease anxiety, study finds"
    assert [c.sentence.text for c in candidates[1:]] == [
        "A randomised controlled trial in 120 adults found that a daily probiotic reduced anxiety scores.",
        "The researchers say larger trials are needed.",
        "They kept a food journal throughout.",  # no term and no cue, but it speaks of a study's method
    ]
    assert not any(c.headline for c in candidates[1:])


def test_a_side_effect_told_in_plain_words_is_drafted(vocabulary):
    text = "Probiotics may ease anxiety, study finds\n\nA few noticed mild bloating at first.\nIt passed in a week.\n"
    assert drafted(text, vocabulary)[1:] == ["A few noticed mild bloating at first."]  # no term, no cue: a topic word


def test_a_numbered_reference_list_is_left_out_to_the_next_heading(vocabulary):
    text = (
        "Mood supplements: a briefing\n\n1. Background\n\nProbiotics may ease anxiety in some trials (Ref 2).\n\n"
        "6. References\n\nRef 1: Research Service (2025). Supplement use survey. Data Note 2025/07.\n\n"
        "Ref 2: Hale, J. and Moss, K. (2024). Probiotics for anxiety: a review. Journal of Gut Studies 12: 44-51.\n"
    )
    assert drafted(text, vocabulary)[1:] == ["Probiotics may ease anxiety in some trials (Ref 2)."]


def test_furniture_questions_plain_headings_prices_and_a_publisher_section_are_left_out(vocabulary):
    left_out = set(ARTICLE.splitlines()) - set(drafted(ARTICLE, vocabulary))
    for line in (
        "Advertisement",
        "Why does this matter?",
        "Results",
        "A bottle of 30 capsules costs about $30.",
        "About Test Press",
        "Test Press is the trusted voice of science news.",
        "Follow us on Twitter @TestPress.",
        "Write to Sam Doe at sam@example.org.",
    ):
        assert line in left_out


def test_a_patient_leaflet_s_plain_section_headings_are_left_out(vocabulary):
    leaflet = (
        "FMT for recurrent infection: information for patients\n\nBefore your treatment\n\n"
        "You will finish your antibiotics first.\n\nWhen to get help\n\n"
        "Probiotics may ease anxiety.\n"
    )
    drafted_lines = drafted(leaflet, vocabulary)
    assert "Before your treatment" not in drafted_lines and "When to get help" not in drafted_lines
    assert "Probiotics may ease anxiety." in drafted_lines


def test_the_title_from_sources_csv_finds_the_headline_and_a_repeated_title_is_drafted_once(vocabulary):
    text = "Probiotics and the Anxious Gut\n\nProbiotics and the Anxious Gut\n\nProbiotics may reduce anxiety.\n"
    candidates = find_claim_sentences(text, vocabulary, "Probiotics and the anxious gut")
    assert [(c.sentence.text, c.headline) for c in candidates] == [
        ("Probiotics and the Anxious Gut", True),
        ("Probiotics may reduce anxiety.", False),
    ]
    untitled = "Imagine a gut that talks to the brain. Probiotics may reduce anxiety."
    assert not any(c.headline for c in find_claim_sentences(untitled, vocabulary))


def test_a_title_of_two_sentences_drafts_its_question_as_the_headline(vocabulary):
    title = "Can kimchi calm you down? Gut health expert on probiotics and anxiety"
    candidates = find_claim_sentences(f"{title}\n\nKimchi may ease anxiety.\n", vocabulary, title)
    assert (candidates[0].sentence.text, candidates[0].headline) == ("Can kimchi calm you down?", True)
    assert "Kimchi may ease anxiety." in [c.sentence.text for c in candidates]


def test_a_heading_that_names_a_term_is_a_claim_but_a_plain_one_is_not(vocabulary):
    text = "Title about probiotics\n\nProbiotics for anxiety\n\nMethods\n\nProbiotics may reduce anxiety.\n"
    assert drafted(text, vocabulary) == [
        "Title about probiotics",
        "Probiotics for anxiety",
        "Probiotics may reduce anxiety.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Advertisement",
        "Sign up to receive the top stories you need to know right now.",
        "toggle caption M.",
        "Nicolucci, A.C., Hume, M.P., Martínez, I., Reimer, R.A.",
        "Gastroenterology (2017), doi: 10.1053/j.gastro.2017.05.055",
        "Preidis, MD, PhD, a member of the scientific advisory board.",
        "What's next?",
        "health@latimes.com",
        "Aug.",
        "Please enter your email address to continue.",
        "Microbiota Therapy Nurse Specialists: 01632 960 418 (Monday to Friday, 9am to 4.30pm)",  # a contact line
        "Leaflet reference: GAS-0417 | Version 3 | Review date: March 2027",  # a document's details
        "Vale Hospitals Trust | Department of Gastroenterology | Microbiota Therapy Service",  # a masthead
        "We may earn a commission when you buy through our links.",  # an affiliate disclosure
        "This post contains affiliate links.",
    ],
)
def test_furniture(text):
    assert is_furniture(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bethesda, MD (June 5, 2017) -- There may soon be a new tool in the fight against obesity.",
        "“Could this help millions of patients?” asked the lead author, who thinks it will.",
        "Probiotics may reduce anxiety.",
        "Please don't stop or change any prescribed medication without speaking to your GP.",  # safety advice
        "If the pain gets worse, call 01632 960 552 straight away.",  # safety advice with a number
        "| Lactobacillus rhamnosus | May influence GABA receptors, reducing anxiety. | Dairy products |",  # a table row
    ],
)
def test_not_furniture(text):
    assert not is_furniture(text)


def test_numbered_entries_under_a_reference_heading_stay_left_out(vocabulary):
    text = (
        "Probiotics may ease anxiety, study finds\n\nProbiotics eased anxiety in a trial.\n\nReferences\n\n"
        "1. Smith J, Jones K (2020) Probiotics and mood, Nature Reviews\n\n"
        "2. Lee A (2021) Gut bacteria and stress, Journal of Gut Studies\n"
    )
    assert drafted(text, vocabulary)[1:] == ["Probiotics eased anxiety in a trial."]


@pytest.mark.parametrize(
    "text",
    [
        "Influencers often earn a commission on the probiotics they promote, so treat their claims with caution.",
        "Many wellness blogs use affiliate links to sell supplements that have never been tested in a trial.",
    ],
)
def test_what_an_article_says_of_others_affiliate_links_is_no_furniture(text):
    assert not is_furniture(text)
