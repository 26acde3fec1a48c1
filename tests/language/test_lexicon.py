"""Matching the lexicon's phrases: gaps match as one regular expression would, in linear time."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.language.lexicon import _END, _SEPARATOR, Entry, Lexicon, _Phrase, _slot_forms

# The single regular expression a phrase used to compile to: the reference for the gaps' meaning.
_GAP = r"(?:[\s\-\u2010-\u2014]+[\w'\u2019]+){0,3}?"


def reference_regex(slots):
    parts, joiner = [], ""
    for slot in slots:
        if slot == "...":
            joiner = _GAP + _SEPARATOR
            continue
        forms = sorted(_slot_forms(slot), key=len, reverse=True)
        parts.append(joiner + "(?:" + "|".join(re.escape(f).replace("'", "['\u2019]") for f in forms) + ")")
        joiner = _SEPARATOR
    return re.compile("".join(parts) + _END)


def scan(phrase, text):
    lexicon = Lexicon([Entry(phrase, "hedge", "speculative", 1.0, "")])
    return [(start, end) for start, end, _ in lexicon.scan(text)]


def test_a_gap_skips_up_to_three_words():
    assert scan("need larger ... trials", "We need larger trials.") == [(3, 21)]
    assert scan("need larger ... trials", "We need larger, longer and better trials.") == []
    assert scan("need larger ... trials", "We need larger and much longer trials.") == [(3, 37)]
    assert scan("need larger ... trials", "We need larger and much much longer trials.") == []


def test_the_shortest_gap_wins_and_repeated_dots_are_one_gap():
    assert scan("gut ... brain", "gut brain brain brain") == [(0, 9)]
    assert scan("gut ... ... brain", "gut and the brain") == [(0, 17)]


def test_many_gaps_over_repeated_words_finish_with_the_right_answer():
    """Thirty gaps over words that match every slot: one regular expression backtracks for ages."""
    phrase = " ... ".join(["gut"] * 31) + " zzz"
    assert scan(phrase, " ".join(["gut"] * 200) + ".") == []
    text = " ".join(["gut"] * 120) + " zzz"
    # 31 to 121 words "gut" (31 slots, 30 gaps of up to three words) before "zzz": 90 starts
    assert scan(phrase, text) == [(start, len(text)) for start in range(0, 90 * 4, 4)]


_WORDS = st.sampled_from(["gut", "guts", "brain", "may", "reduce", "reduced", "and", "x", "don't", "zzz"])
_SEPARATORS = st.sampled_from([" ", "  ", "-", " \u2014 ", ", ", ". ", "'"])


@settings(max_examples=600, deadline=None)
@given(
    phrase=st.lists(st.one_of(_WORDS, st.just("...")), min_size=1, max_size=8),
    words=st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=14),
)
def test_matches_as_the_single_regular_expression_did(phrase, words):
    slots = list(phrase)
    if slots[0] == "..." or slots[-1] == "...":
        slots = [slot for slot in slots if slot != "..."] or ["gut"]
    text = "".join(word + separator for word, separator in words)
    reference, whole, run_by_run = reference_regex(slots), _Phrase(slots), _Phrase(slots)
    run_by_run.single = None  # as a phrase of more than two gaps is matched, whatever its gaps
    failed = {}
    for start in range(len(text) + 1):
        expected = reference.match(text, start)
        expected = expected.end() if expected else None
        assert whole.match_end(text, start) == expected, (slots, text, start)
        assert run_by_run.match_end(text, start, failed) == expected, (slots, text, start)
