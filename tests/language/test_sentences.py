"""Splitting sources into sentences."""

from analysis.language.sentences import count_words, is_heading, split_sentences

TEXT = (
    "Heading line\nDid you know that 90% is made in the gut? [1] Certain bacteria, e.g. Lactobacillus, "
    "help. It is very real. Studies agree [1, 2].\n| Strain | Benefit |\n- Item: onions, garlic."
)


def test_split_sentences_keeps_references_and_skips_abbreviations():
    texts = [s.text for s in split_sentences(TEXT)]
    assert texts == [
        "Heading line",
        "Did you know that 90% is made in the gut? [1]",
        "Certain bacteria, e.g. Lactobacillus, help.",
        "It is very real.",
        "Studies agree [1, 2].",
        "| Strain | Benefit |",
        "- Item: onions, garlic.",
    ]


def test_a_footnote_mark_after_a_full_stop_ends_the_sentence_and_stays_with_it():
    text = "It supports a calm, focused mind.* No jitters, no crash.\nIt works.† Results vary. Use 5 * 2 tablets."
    assert [s.text for s in split_sentences(text)] == [
        "It supports a calm, focused mind.*",
        "No jitters, no crash.",
        "It works.†",
        "Results vary.",
        "Use 5 * 2 tablets.",
    ]


def test_sentence_spans_point_into_the_text():
    for sentence in split_sentences(TEXT):
        assert TEXT[sentence.start : sentence.end] == sentence.text


def test_count_words():
    assert count_words("The gut’s bi-directional link, 90% of it.") == 7


def texts_of(text):
    return [s.text for s in split_sentences(text)]


def test_an_exclamation_in_a_headline_does_not_end_it():
    headline = "Wine and coffee lovers, drink up! It's great for your microbiome"
    assert texts_of(f"{headline}\n\nThank you! For your security, we sent an email.") == [
        headline,
        "Thank you!",
        "For your security, we sent an email.",
    ]


def test_a_question_still_ends_a_line_of_two_scraped_headings():
    assert texts_of("What is Obesity? Grant Support") == ["What is Obesity?", "Grant Support"]


def test_a_quotation_whose_speaker_follows_is_one_sentence():
    assert texts_of('"Eat more fibre! It feeds your microbes," says Dr. Jones. He smiled.') == [
        '"Eat more fibre! It feeds your microbes," says Dr. Jones.',
        "He smiled.",
    ]
    assert texts_of("“Fibre helps. It really does,” she said.") == ["“Fibre helps. It really does,” she said."]
    assert texts_of('"Fibre helps." It really does.') == ['"Fibre helps."', "It really does."]


def test_decimals_abbreviations_and_middle_initials_do_not_end_a_sentence():
    assert texts_of("Dr. Ames gave approx. 10.5 mg. Mice lived.") == ["Dr. Ames gave approx. 10.5 mg.", "Mice lived."]
    assert texts_of("says study author Patrice D. Cani, PhD. The study ran.") == [
        "says study author Patrice D. Cani, PhD.",
        "The study ran.",
    ]
    assert texts_of("Many people lack vitamin D. Studies agree.") == ["Many people lack vitamin D.", "Studies agree."]
    assert texts_of("Mice in Group A. The others ate chow.") == ["Mice in Group A.", "The others ate chow."]


def test_first_initials_in_a_list_of_authors_do_not_end_a_sentence():
    authors = "The paper, by K. Obuya-Marsh, T. Lindqvist-Amadi, R. A. Holloway and A. Varga, is out. It is short."
    assert texts_of(authors) == [
        "The paper, by K. Obuya-Marsh, T. Lindqvist-Amadi, R. A. Holloway and A. Varga, is out.",
        "It is short.",
    ]
    assert texts_of("The paper is by J. Smith. It was published today.") == [
        "The paper is by J. Smith.",
        "It was published today.",
    ]
    assert texts_of("The paper, by J. Smith et al. in Gut, found this.") == [
        "The paper, by J. Smith et al. in Gut, found this."
    ]
    for two in (
        "We tested strains B and C. Researchers found nothing.",
        "Patients were split into groups A and B. However, only group A improved.",
        "We tested vitamins A, D and E. Meanwhile, the placebo group got nothing.",
        "The trial ran in the U.S. Researchers, however, were cautious.",
    ):
        assert len(texts_of(two)) == 2, two


def test_a_footnote_mark_or_a_handle_starts_a_sentence():
    assert texts_of("It has not been tested in trials. †Customer comment; results may vary.") == [
        "It has not been tested in trials.",
        "†Customer comment; results may vary.",
    ]
    assert texts_of("I edited a post above. @happygut_hannah, please don't DM people.") == [
        "I edited a post above.",
        "@happygut_hannah, please don't DM people.",
    ]


def test_is_heading_needs_a_whole_line_without_a_full_stop():
    text = "  Gut feelings  \nKefir helps. Gut feelings\n| Table row |\nA sentence."
    found = split_sentences(text)
    assert [s.text for s in found if is_heading(s, text)] == ["Gut feelings"]
    assert found[0].start == 2


def test_a_citation_s_volume_and_pages_do_not_end_a_sentence():
    text = "A review in Clinical Gut-Brain Reviews (vol. 11, pp. 201-219) found that probiotics helped. It was small.\n"
    assert [s.text for s in split_sentences(text)] == [
        "A review in Clinical Gut-Brain Reviews (vol. 11, pp. 201-219) found that probiotics helped.",
        "It was small.",
    ]


def test_an_unbulleted_list_item_in_lower_case_is_not_a_heading_but_a_lower_case_title_is():
    text = "Side effects\n\nfeeling sick\n\nthrush (a yeast infection)\n"
    assert [s.text for s in split_sentences(text) if is_heading(s, text)] == ["Side effects"]
    title = "why probiotics ease anxiety\n\nA new study says so.\n"
    assert [s.text for s in split_sentences(title) if is_heading(s, title)] == ["why probiotics ease anxiety"]


def test_a_fig_is_a_fruit_that_ends_its_sentence():
    assert [s.text for s in split_sentences("Snack on a dried fig. Your gut bacteria love the fibre.\n")] == [
        "Snack on a dried fig.",
        "Your gut bacteria love the fibre.",
    ]
