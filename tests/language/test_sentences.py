"""Splitting sources into sentences."""

from analysis.language.sentences import count_words, split_sentences

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


def test_sentence_spans_point_into_the_text():
    for sentence in split_sentences(TEXT):
        assert TEXT[sentence.start : sentence.end] == sentence.text


def test_count_words():
    assert count_words("The gut’s bi-directional link, 90% of it.") == 7
