"""Finding the vocabulary's terms in a text: which, in what order, and where."""

from analysis.curation.terms import find_spans, find_terms
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
