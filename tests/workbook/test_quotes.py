"""Finding quotes in their sources."""

from analysis.workbook.quotes import SourceText, find_closest_passage, fold_text, locate_quote

TEXT = "Title\n\nIt’s “real” — truly.\nSecond   line: the gut  talks to the brain.\nThe gut talks to the brain."


def test_fold_text_makes_quotes_dashes_and_spaces_plain():
    assert fold_text("It’s  “real” —\ttruly") == 'It\'s "real" - truly'


def test_locate_quote_maps_back_to_the_original_text():
    source = SourceText(TEXT)
    span = locate_quote('It\'s "real" - truly.', source)
    assert TEXT[span.start : span.end] == "It’s “real” — truly."
    assert span.line == 3
    span = locate_quote("the gut talks to the brain.", source)
    assert TEXT[span.start : span.end] == "the gut  talks to the brain."
    assert span.line == 4


def test_locate_quote_is_case_sensitive_and_says_none_when_absent():
    source = SourceText(TEXT)
    assert locate_quote("THE GUT talks", source) is None
    assert locate_quote("   ", source) is None


def test_find_closest_passage():
    passage, ratio = find_closest_passage("The gut talk to the brain.", SourceText(TEXT))
    assert passage == "The gut talks to the brain."
    assert ratio > 0.9


def test_the_closest_passage_never_runs_a_headline_into_the_next_line():
    from analysis.workbook.quotes import SourceText, find_closest_passage

    text = "Gut transplant eases depression in small trial\n\nIn a randomised trial of 40 adults, FMT helped.\n"
    passage, ratio = find_closest_passage(
        "Gut transplant eases depression in a small trial in adults", SourceText(text)
    )
    assert passage == "Gut transplant eases depression in small trial" and ratio > 0.8


def test_the_closest_passage_may_start_mid_sentence_where_the_quote_does():
    text = "Intro line.\nIn a trial of 40 adults, kefir eased anxiety within eight weeks, the authors said.\n"
    passage, ratio = find_closest_passage("kefir eased anxeity within eight weeks", SourceText(text))
    assert passage.startswith("kefir eased anxiety within eight weeks") and ratio > 0.9


def test_a_long_quote_missing_from_repetitive_text_gets_an_answer():
    """difflib took 25 s on one such window (it is cubic on repetitive text), minutes on the whole text."""
    text = ("abc " * 400 + ". ") * 4 + "\n" + "Kefir eases anxiety. " * 200
    passage, ratio = find_closest_passage("acb " * 500, SourceText(text))
    assert passage.startswith("abc abc") and 0.5 < ratio < 1
