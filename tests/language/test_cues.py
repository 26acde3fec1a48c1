"""Checking a cue against its sentence in one pass: the same answers as the searches it replaced."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.language.cues import _TITLE_WORD, _clause_heads, _is_title_case, _quoted_titles, find_cues
from analysis.language.lexicon import Entry, Lexicon

# The search each imperative cue used to run from the sentence's start: the reference.
CLAUSE_LEAD = re.compile(
    r"(?:^|[.;:!?\u2022\n])[\s\"'\u201c\u2018(*\-\u2013\u2014]*"
    r"(?:(?:so|also|and|then|instead|first|next|finally|just|please|simply|now)\W+)*$",
    re.IGNORECASE,
)
QUOTE = re.compile(r'"([^"]+)"|\u201c([^\u201d]+)\u201d')


def reference_titles(sentence):
    spans = []
    for match in QUOTE.finditer(sentence):
        inner = match.group(1) or match.group(2)
        outside = sentence[: match.start()] + sentence[match.end() :]
        if re.search(r"\w", outside) and (_TITLE_WORD.search(sentence, 0, match.start()) or _is_title_case(inner)):
            spans.append((match.start(), match.end()))
    return spans


PIECES = st.sampled_from(
    ["eat", "Eat", "so", "Just", "please", "doctors", "paper", "Gut Feelings Matter", "x1", "_", "é"]
    + [" ", "  ", ". ", "; ", ":", "!", "?", "\u2022", "\n", '"', "\u201c", "\u201d", "(", "*", "-", "\u2014", ",", "'"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=16))
def test_clause_heads_are_where_the_old_search_found_a_clause_lead(pieces):
    sentence = "".join(pieces)
    word_starts = [m.start() for m in re.finditer(r"\w+", sentence)]
    expected = {at for at in word_starts if CLAUSE_LEAD.search(sentence, 0, at)}
    assert _clause_heads(sentence) == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=16))
def test_quoted_titles_are_those_the_old_search_found(pieces):
    sentence = "".join(pieces)
    assert list(_quoted_titles(sentence)) == reference_titles(sentence)


def imperatives():
    return Lexicon([Entry("eat", "advice", "imperative", 1.0, ""), Entry("may", "hedge", "speculative", 1.0, "")])


def test_an_imperative_counts_at_the_head_of_a_clause_only():
    cues = find_cues("Doctors eat well; so just eat more. People eat", imperatives())
    assert [cue.start for cue in cues] == [26]


def test_thousands_of_imperatives_and_quotations_in_one_sentence():
    """Each imperative searched the sentence from its start, each quotation too: quadratic before."""
    sentence = "People eat " * 20_000 + '"A Paper Title Here" the paper "x" ' * 5_000 + ". So eat"
    cues = find_cues(sentence, imperatives())
    assert [cue.start for cue in cues] == [len(sentence) - 3]


def kinds_of(sentence):
    return [(cue.kind, cue.text) for cue in find_cues(sentence)]


def test_a_cue_word_inside_a_name_is_no_cue_but_a_title_case_headline_keeps_its_words():
    assert kinds_of("The studies above did not test MindBiome Calm+.") == [("negation", "did not")]
    assert ("causal", "Restore") not in kinds_of("Try a supplement like Axis Restore for your gut.")
    heart = "Two daily doses were shown at a meeting of the American Heart Association in Chicago last year."
    assert ("correlational", "Association") not in kinds_of(heart)
    assert ("causal", "Calm") in kinds_of("Calm your gut and your mind.")  # a clause's first word
    assert ("causal", "Soothe") in kinds_of("Probiotics May Help Soothe The Stomach")  # a headline in title case
    assert ("causal", "Cause") in kinds_of("Gut Bacteria May Cause Anxiety, study finds")  # a lower-case tail
    assert ("causal", "Calm") not in kinds_of("MindBiome Calm+ is sold in pharmacies.")  # CamelCase: a name


def test_topic_words_are_read_apart_and_name_the_term_they_imply():
    sentence = "Speak to your GP if the bloating lasts."
    assert "topic" not in {cue.kind for cue in find_cues(sentence)}  # never a cue of the detector
    topics = {(cue.text, cue.category) for cue in find_cues(sentence, kinds=("topic",))}
    assert topics == {("Speak to your GP", "professional-care"), ("bloating", "adverse-effects")}
    assert find_cues("GPs are busy.", kinds=("topic",)) == []  # an acronym alone is not read as the word
