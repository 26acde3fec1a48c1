"""Find the cue lexicon's phrases in a sentence: hedges, boosters, negations, causal and associative words, advice.

A raw lexicon match is a cue unless it is an acronym (HELP), the month May, a word inside
a quoted title, or an imperative that is not at the head of its clause.

Tested in tests/language/test_detector.py.
"""

import re
from dataclasses import dataclass

from analysis.language.lexicon import APART_KINDS, Lexicon, load_lexicon


@dataclass(frozen=True)
class Cue:
    """One lexicon phrase found in a sentence, with its character span."""

    text: str
    start: int
    end: int
    kind: str
    category: str
    weight: float


def find_cues(sentence: str, lexicon: Lexicon | None = None, kinds=None) -> list[Cue]:
    """Return the lexicon cues in `sentence`, sorted by start; the longest match wins an overlap.

    Only cues of `kinds` when given; by default every kind but those read apart (APART_KINDS).
    """
    lexicon = load_lexicon() if lexicon is None else lexicon
    skipped = set(APART_KINDS) if kinds is None else {entry.kind for entry in lexicon.entries} - set(kinds)
    titles = _quoted_titles(sentence)
    cues, reached = [], 0
    for start, end, entry in sorted(lexicon.scan(sentence), key=_start_then_longest):
        if entry.kind in skipped:
            continue
        if start >= reached and _counts(sentence, start, end, entry, titles):
            cues.append(Cue(sentence[start:end], start, end, entry.kind, entry.category, entry.weight))
            reached = end
    return cues


_QUOTE = re.compile(r'"([^"]+)"|\u201c([^\u201d]+)\u201d')
_TITLE_WORD = re.compile(
    r"\b(?:titled|entitled|called|named|paper|article|study|book|report|review|headline|"
    r"piece|post|blog|column|chapter|podcast|documentary|slogan)\W*$",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"(?:\b(?:in|on|of|the|since|until|till|by|from|through|during|early|late|mid|last|next|"
    r"this|between)|\d)[\s\-]*$",
    re.IGNORECASE,
)
_DIGIT_AFTER = re.compile(r"\s*\d")
_WORD_CHAR = re.compile(r"\w")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_CLAUSE_LEAD = re.compile(
    r"(?:^|[.;:!?\u2022\n])[\s\"'\u201c\u2018(*\-\u2013\u2014]*"
    r"(?:(?:so|also|and|then|instead|first|next|finally|just|please|simply|now)\W+)*$",
    re.IGNORECASE,
)


def _start_then_longest(match):
    """Sort key for raw matches: by start, the longest first."""
    return match[0], match[0] - match[1]


def _counts(sentence, start, end, entry, titles):
    """Decide whether a raw lexicon match is a cue of this sentence."""
    if end - start > 1 and sentence[start:end].isupper() and not sentence.isupper():
        return False  # an acronym such as HELP or MAY-1 is not the word
    if titles and any(low <= start < high for low, high in titles):
        return False
    if entry.phrase == "may":
        return not _is_month(sentence, start, end)
    if entry.category == "imperative":  # "Consider adding ...", not "Doctors consider" or "Eating"
        return _is_bare(sentence[start:end], entry.phrase) and bool(_CLAUSE_LEAD.search(sentence, 0, start))
    return True


def _is_bare(text, phrase):
    """True when `text` starts with the phrase's first word as written (eat, not eating)."""
    first = text.split(None, 1)[0].lower()
    return first in {word.lstrip("=") for word in phrase.lower().split(None, 1)[0].split("|")}


def _is_month(sentence, start, end):
    """True when a matched "may" is the month: "May 2021", "in May", "the May issue"."""
    if sentence[start:end] != "May":
        return False
    return bool(_DIGIT_AFTER.match(sentence, end) or _MONTH_BEFORE.search(sentence, max(0, start - 12), start))


def _quoted_titles(sentence):
    """Return the spans of quoted titles ('the paper "Probiotics may help"') in `sentence`."""
    if '"' not in sentence and "\u201c" not in sentence:
        return ()
    spans = []
    for match in _QUOTE.finditer(sentence):
        inner = match.group(1) or match.group(2)
        outside = sentence[: match.start()] + sentence[match.end() :]
        if _WORD_CHAR.search(outside) and (_TITLE_WORD.search(sentence, 0, match.start()) or _is_title_case(inner)):
            spans.append((match.start(), match.end()))
    return spans


def _is_title_case(text):
    """True for headline-style text in which most words of four letters or more are capitalised."""
    words = [word for word in _LATIN_WORD.findall(text) if len(word) >= 4]
    return len(words) >= 2 and sum(word[0].isupper() for word in words) >= 0.75 * len(words)
