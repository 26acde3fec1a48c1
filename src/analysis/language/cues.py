"""Find the cue lexicon's phrases in a sentence: hedges, boosters, negations, causal and associative words, advice.

A raw lexicon match is a cue unless it is an acronym (HELP), the month May, a word inside
a quoted title, or an imperative that is not at the head of its clause. What these checks
need from the sentence (is it all capitals, where its quoted titles and clause heads are)
is worked out once per sentence, in one pass each, so a sentence of many cues costs time
linear in its length.

Tested in tests/language/test_cues.py and tests/language/test_detector.py.
"""

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

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
    context = _Sentence(sentence)
    cues, reached = [], 0
    for start, end, entry in sorted(lexicon.scan(sentence), key=_start_then_longest):
        if entry.kind in skipped:
            continue
        if start >= reached and _counts(context, start, end, entry):
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
_WORD = re.compile(r"\w+")
_LAST_WORD_CHAR = re.compile(r"\w(?=\W*\Z)")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
# An imperative heads its clause: it follows the sentence's start or a clause mark, then only
# opening quotes, brackets, dashes and white space, and lead words ("So just eat ...").
_CLAUSE_MARKS = ".;:!?\u2022\n"
_CLAUSE_OPENERS = frozenset("\"'\u201c\u2018(*-\u2013\u2014")
_LEAD_WORD = re.compile(r"so|also|and|then|instead|first|next|finally|just|please|simply|now", re.IGNORECASE)
_RUNS = re.compile(r"(\w+)|\W+")  # a word, or the run of other characters up to the next one
_NAME_BEFORE = re.compile(r"(?-i:[A-Z])[\w'’-]*\s+\Z")  # a capitalised word just before: "MindBiome Calm+"
_NAME_REACH = 40  # characters before a cue in which the word before it is looked for
_CAMEL = re.compile(r"[A-Z][a-z]+[A-Z]")  # "MindBiome", "NeuroFlora": a name even as a sentence's first word
_MAIN_CLAUSE = re.compile(r"[^,:;\u2013\u2014]*")  # a headline's words up to its first , : ; or dash


class _Sentence:
    """A sentence with what the checks of its cues need, each worked out once, on first need."""

    def __init__(self, text):
        self.text = text

    @cached_property
    def all_capitals(self):
        """True when the whole sentence is in capitals (a shouted headline)."""
        return self.text.isupper()

    @cached_property
    def titles(self):
        """The spans of the sentence's quoted titles, in order."""
        return _quoted_titles(self.text)

    @cached_property
    def title_starts(self):
        """The starts of the quoted titles, to look a position up by bisection."""
        return [low for low, _ in self.titles]

    @cached_property
    def clause_heads(self):
        """The positions of the words that head a clause (where an imperative counts)."""
        return _clause_heads(self.text)

    @cached_property
    def title_case(self):
        """True for a headline in title case ("Probiotics May Help Soothe The Stomach"), its main clause judged apart
        from a lower-case tail ("Gut Bacteria May Cause Anxiety, study finds")."""
        main = _MAIN_CLAUSE.match(self.text).group()
        return _is_title_case(self.text) or _is_title_case(main)

    def in_name(self, start):
        """True when the word at `start` continues a name ("MindBiome Calm+", "Axis Restore", "American Heart
        Association"): capitalised after a capitalised word that does not head a clause (unless it is written in
        CamelCase, "MindBiome"), in a sentence not in title case."""
        if not self.text[start].isupper() or _WORD.match(self.text, start).group() == "I":  # "What I'd suggest"
            return False
        if self.title_case or start in self.clause_heads:
            return False
        before = _NAME_BEFORE.search(self.text[max(0, start - _NAME_REACH) : start])
        if before is None:
            return False
        word_start = start - len(before.group())
        return word_start not in self.clause_heads or _CAMEL.match(before.group()) is not None

    def in_title(self, at):
        """True when `at` falls inside a quoted title."""
        i = bisect.bisect_right(self.title_starts, at) - 1
        return i >= 0 and at < self.titles[i][1]


def _start_then_longest(match):
    """Sort key for raw matches: by start, the longest first."""
    return match[0], match[0] - match[1]


def _counts(context, start, end, entry):
    """Decide whether a raw lexicon match is a cue of this sentence."""
    sentence = context.text
    if end - start > 1 and sentence[start:end].isupper() and not context.all_capitals:
        return False  # an acronym such as HELP or MAY-1 is not the word
    if context.titles and context.in_title(start):
        return False
    if context.in_name(start):
        return False  # "MindBiome Calm+" names a product; it calms nobody
    if entry.phrase == "may":
        return not _is_month(sentence, start, end)
    if entry.category == "imperative":  # "Consider adding ...", not "Doctors consider" or "Eating"
        return _is_bare(sentence[start:end], entry.phrase) and start in context.clause_heads
    return True


def _clause_heads(sentence):
    """Return the start of every word of `sentence` that heads a clause, in one pass over its runs.

    A word heads a clause when only openers (quotes, brackets, dashes, white space) stand
    between it and the sentence's start or a clause mark (. ; : ! ? • or a line break), or
    when lead words ("so", "just", ...) do, each followed by anything but a letter or digit.
    """
    heads, opened, led = set(), True, False  # opened: only openers since a start or mark
    for run in _RUNS.finditer(sentence):
        if run.group(1) is None:
            opened = _opens_clause(run.group(), opened)
            continue
        head = opened or led
        if head:
            heads.add(run.start())
        led = head and _LEAD_WORD.fullmatch(run.group()) is not None
        opened = False
    return heads


def _opens_clause(gap, opened):
    """True when after the non-word run `gap` only openers stand since a clause mark (or the start, if `opened`)."""
    for char in reversed(gap):
        if char in _CLAUSE_MARKS:
            return True
        if char not in _CLAUSE_OPENERS and not char.isspace():
            return False
    return opened


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
    word_starts = [word.start() for word in _WORD.finditer(sentence)]
    if not word_starts:
        return ()
    first_word, last_word = word_starts[0], _LAST_WORD_CHAR.search(sentence).start()
    spans = []
    for match in _QUOTE.finditer(sentence):
        inner = match.group(1) or match.group(2)
        words_outside = first_word < match.start() or last_word >= match.end()
        if words_outside and (_follows_title_word(sentence, match.start(), word_starts) or _is_title_case(inner)):
            spans.append((match.start(), match.end()))
    return spans


def _follows_title_word(sentence, at, word_starts):
    """True when the last word before `at` is one that names a title ("titled", "paper", ...).

    Only that word is searched, not the sentence from its start (once per quotation, that
    was quadratic).
    """
    i = bisect.bisect_left(word_starts, at) - 1
    return i >= 0 and _TITLE_WORD.search(sentence, word_starts[i], at) is not None


def _is_title_case(text):
    """True for headline-style text in which most words of four letters or more are capitalised."""
    words = [word for word in _LATIN_WORD.findall(text) if len(word) >= 4]
    return len(words) >= 2 and sum(word[0].isupper() for word in words) >= 0.75 * len(words)
