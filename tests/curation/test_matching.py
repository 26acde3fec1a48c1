"""Pairing two coders' claims by the overlap of their quotes: largest overlap first, ties by shared labels."""

import pandas as pd

from analysis.curation.matching import Pair, count_unclaimed_sentences, is_same, match_claims, measure_overlap


def claims(*rows):
    """A coder's claims of one source: (claim_id, start, end, conditions) each."""
    frame = pd.DataFrame(rows, columns=["claim_id", "quote_start", "quote_end", "conditions"])
    return frame.set_index("claim_id", drop=False)


def test_overlap_is_the_jaccard_index_of_two_spans():
    assert measure_overlap((0, 10), (0, 10)) == 1
    assert measure_overlap((0, 10), (5, 15)) == 5 / 15
    assert measure_overlap((0, 10), (2, 4)) == 2 / 10
    assert measure_overlap((0, 10), (10, 20)) == 0  # touching is not overlapping
    assert measure_overlap((0, 10), (30, 40)) == 0


def test_terms_agree_in_any_order_but_single_terms_must_be_equal():
    assert is_same("conditions", "anxiety; depression", "depression;anxiety")
    assert not is_same("conditions", "anxiety", "anxiety;mood")
    assert is_same("evidence_level", "rct", "rct")
    assert not is_same("evidence_level", "rct", "clinical-trial")


def test_a_long_quote_pairs_with_the_quote_it_most_nearly_covers():
    a = claims(("A1", 0, 100, "mood"))
    b = claims(("B1", 0, 30, "mood"), ("B2", 40, 100, "mood"))
    assert match_claims(a, b) == [Pair("A1", "B2", 60 / 100), Pair(None, "B1")]


def test_claims_with_disjoint_quotes_stay_alone_in_reading_order():
    a = claims(("A1", 50, 60, "mood"), ("A2", 0, 10, "mood"))
    b = claims(("B1", 20, 30, "mood"))
    assert match_claims(a, b) == [Pair("A2", None), Pair("A1", None), Pair(None, "B1")]


def test_two_claims_on_one_quote_pair_by_their_labels_not_their_order_in_the_file():
    a = claims(("A1", 0, 50, "anxiety"), ("A2", 0, 50, "depression"))
    b = claims(("B1", 0, 50, "depression"), ("B2", 0, 50, "anxiety"))
    assert match_claims(a, b, ["conditions"]) == [Pair("A1", "B2", 1.0), Pair("A2", "B1", 1.0)]
    assert match_claims(a, b) == [Pair("A1", "B1", 1.0), Pair("A2", "B2", 1.0)]  # no labels to go by: file order


def test_ids_that_collide_across_coders_do_not_pair_claims():
    a = claims(("C0001", 0, 10, "mood"), ("C0002", 20, 30, "mood"))
    b = claims(("C0001", 20, 30, "mood"))
    assert match_claims(a, b) == [Pair("C0002", "C0001", 1.0), Pair("C0001", None)]


def test_sentences_no_quote_touches_are_counted():
    text = "A title\n\nFirst sentence here. Second one there.\nThird line."
    first = text.index("First")
    assert count_unclaimed_sentences(text, []) == 4
    assert count_unclaimed_sentences(text, [(first, first + 5)]) == 3
    assert count_unclaimed_sentences(text, [(0, len(text))]) == 0
