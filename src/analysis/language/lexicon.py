"""Load the cue lexicon (`claims/lexicon.csv`) and find its phrases in text.

Each row of the lexicon is a phrase with a kind (hedge, booster, negation, causal,
correlational, advice, ...), a category, a weight and a note. Phrases use a small
pattern syntax, documented in `claims/lexicon.md`:

* words are separated by spaces or hyphens and match across any run of spaces or
  hyphens, whole words only, case-insensitively;
* every word also matches its regular inflections (``reduce`` matches reduces,
  reduced, reducing; ``association`` matches associations), except function words
  (``may``, ``is``, ``not``, ...) and words written with a leading ``=``;
* ``a|b`` offers alternatives for one word (``lead|led to``);
* ``...`` stands for up to three intervening words (``need larger ... trials``).

Matching is dispatched on the first word, so a sentence costs one dictionary look-up
per word plus one anchored regular-expression match per candidate phrase. A phrase with
more than two gaps is matched run by run (a run being the words between two gaps), trying
each gap's lengths shortest first and remembering the (run, position) pairs that failed, so
that a phrase of many gaps costs time linear in the sentence, never exponential as one
regular expression with a gap per ``...`` would (14 gaps took minutes); the match found,
and its end, are those of that one regular expression, which still matches the phrases of
one or two gaps (at most 16 ways to fill them).

Tested in tests/language/test_lexicon.py (matching) and tests/language/test_detector.py.
"""

import csv
import functools
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.common.limits import (
    MAX_PHRASE_CHARS,
    MAX_RULES_BYTES,
    MAX_WORD_CHARS,
    bounded_csv_fields,
    refuse_large,
)
from analysis.common.paths import lexicon_path
from analysis.common.problems import LexiconError, Problem

COLUMNS = ("phrase", "kind", "category", "weight", "note")
# Each kind with the categories the grader understands; None leaves the category free.
KINDS = {
    "hedge": ("speculative", "preliminary", "modest", "needs-more-trials"),
    "booster": None,
    "negation": ("relation", "evidence"),
    "causal": ("verb", "change", "noun", "role", "adjective", "connective"),
    "correlational": ("verb", "noun", "role", "adjective", "comparison"),
    "advice": ("recommendation", "necessity", "imperative", "referral"),
    "ability": None,
    "question": ("open", "conditional"),
    "connective": None,
    "term": None,
    "direction": ("decrease", "lack", "transfer"),
    "scope": ("many", "settled", "cases"),
    "topic": None,  # a vocabulary term (a condition or an intervention) the words imply
    "effect": ("beneficial", "harmful"),  # the direction the words name: "lifted their mood", "made it worse"
}
HEDGE_KINDS = KINDS["hedge"]  # the kinds of hedge, in the order reports show them
# Kinds read apart from a sentence's cues (by add-claim, for a claim's direction and for the terms
# a sentence naming none is about; by the flags, for wording that speaks of many people or of a
# settled treatment): they are found only when asked for, and never hide a cue of another kind.
APART_KINDS = ("direction", "scope", "topic", "effect")

# Closed-class words are matched exactly: inflecting them only invents non-words.
_FUNCTION_WORDS = frozenset(
    """a an the of to in on at for with by from as than that this these those it its
    is are was were be been being am do does did has have had no not nor never none
    may might could can would should must will shall and or but if whether so very
    more most less least further there their our your you we they he she his her
    any all some such which who what when where while own only also""".split()
)
_TOKEN = re.compile(r"\w+")
_WORD = re.compile(r"\w+(?:['\u2019]\w+)?")
_SEPARATOR = r"[\s\-\u2010-\u2014]+"
_GAP_WORD = re.compile(r"[\s\-\u2010-\u2014]+[\w'\u2019]+")  # one word a gap skips
_GAP_WORDS = 3  # the most words a gap skips
_GAP = r"(?:[\s\-\u2010-\u2014]+[\w'\u2019]+){0,3}?"  # the same, in a regular expression
_REGEX_GAPS = 2  # phrases with more gaps than this are matched run by run
_END = r"(?![\w\-\u2010\u2011])"  # not inside a word, nor before a hyphen (evidence-based)
_VOWELS = "aeiou"


@dataclass(frozen=True)
class Entry:
    """One lexicon row, as loaded."""

    phrase: str
    kind: str
    category: str
    weight: float
    note: str


class Lexicon:
    """Compiled lexicon: finds every entry's phrase in a sentence."""

    def __init__(self, entries, source=""):
        self.entries = tuple(entries)
        self.source = str(source)
        self._index = _build_index(self.entries)
        self._first_words = re.compile(rf"\b{_trie_regex(self._index)}\b")

    def __len__(self):
        return len(self.entries)

    def __repr__(self):
        return f"Lexicon({len(self.entries)} entries from {self.source or '<memory>'})"

    def scan(self, text):
        """Yield ``(start, end, entry)`` for every phrase match in `text`."""
        lowered = _lower_in_place(text)
        index, failed = self._index, {}  # per phrase with gaps, the (run, position) pairs known not to match
        for token in self._first_words.finditer(lowered):
            start = token.start()
            for pattern, phrase, entry in index[token.group()]:
                if pattern is not None:  # one regular expression, its backtracking bounded
                    match = pattern.match(lowered, start)
                    end = match and match.end()
                else:
                    end = phrase.match_end(lowered, start, failed)
                if end:
                    yield start, end, entry


def load_lexicon(path=None):
    """Return the lexicon at `path` (default: the shipped `claims/lexicon.csv`), cached.

    The cache is keyed on the file's path, size and modification time, so an edited
    lexicon is read again. Raises LexiconError naming file, line and value for a bad row.
    """
    path = os.fspath(_default_path() if path is None else path)
    try:
        stat = os.stat(path)
    except OSError as error:
        raise LexiconError(Problem(Path(path), f"cannot read the lexicon: {error.strerror}")) from None
    return _load_cached(path, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _default_path():
    """The shipped lexicon's path, worked out once rather than for every sentence read."""
    return lexicon_path()


@functools.lru_cache(maxsize=8)
def _load_cached(path, mtime_ns, size):
    """Parse and compile the lexicon at `path`."""
    path = Path(path)
    if size > MAX_RULES_BYTES:
        raise LexiconError(refuse_large(path, MAX_RULES_BYTES, "lexicon"))
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle, bounded_csv_fields():
            reader = csv.DictReader(handle)
            missing = [column for column in COLUMNS if column not in (reader.fieldnames or ())]
            if missing:
                raise LexiconError(Problem(path, f"missing column(s): {', '.join(missing)}", line=1))
            entries = [_parse_row(row, path, reader.line_num) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise LexiconError(Problem(path, f"cannot read the lexicon: {error}")) from None
    return Lexicon(entries, source=path)


def _parse_row(row, path, line):
    """Return the Entry for one CSV row, or raise LexiconError naming file, line and value."""
    if None in row or None in row.values():
        raise LexiconError(Problem(path, f"expected {len(COLUMNS)} fields", line=line))
    phrase, kind, category = (row[column].strip() for column in ("phrase", "kind", "category"))

    def fail(column, message):
        return LexiconError(Problem(path, message, line=line, column=column, value=row[column]))

    if not _is_phrase(phrase):
        raise fail("phrase", "not a phrase: words (a|b, =exact) with '...' only between words")
    if len(phrase) > MAX_PHRASE_CHARS or max(map(len, _words(phrase))) > MAX_WORD_CHARS:
        raise fail(
            "phrase", f"too long: a word may have {MAX_WORD_CHARS} characters, a phrase {MAX_PHRASE_CHARS}"
        )  # a longer first word nests the matcher's regular expression past Python's recursion limit
    if kind not in KINDS:
        raise fail("kind", f"unknown kind; expected one of {', '.join(KINDS)}")
    if KINDS[kind] is not None and category not in KINDS[kind]:
        raise fail("category", f"unknown {kind} category; expected one of {', '.join(KINDS[kind])}")
    try:
        weight = float(row["weight"])
    except ValueError:
        raise fail("weight", "weight is not a number") from None
    if not math.isfinite(weight):
        raise fail("weight", "weight is not a finite number")
    return Entry(phrase, kind, category, weight, row["note"].strip())


def _is_phrase(phrase):
    """True when `phrase` follows the pattern syntax: words, alternatives, inner gaps."""
    slots = phrase.replace("-", " ").split()
    if not slots or "..." in (slots[0], slots[-1]):
        return False
    return all(_WORD.fullmatch(word) for word in _words(phrase))


def _words(phrase):
    """Return the words of `phrase`: each alternative of each slot, without '=' or the '...' gaps."""
    slots = phrase.replace("-", " ").split()
    return [word.removeprefix("=") for slot in slots if slot != "..." for word in slot.split("|")]


def _lower_in_place(text):
    """Lower-case `text` without changing its length, so offsets still point into `text`."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


def _build_index(entries):
    """Map each possible first word to the (pattern, phrase, entry) triples that may start there.

    A phrase of few gaps comes as its one compiled regular expression (`phrase` None), for
    speed; a phrase of more gaps as a _Phrase (`pattern` None).
    """
    starts = {}
    for entry in entries:
        slots = entry.phrase.lower().replace("-", " ").split()
        phrase = _Phrase(slots)
        pattern = phrase.single
        for form in _slot_forms(slots[0]):
            starts.setdefault(_TOKEN.match(form).group(), []).append((pattern, None if pattern else phrase, entry))
    return starts


def _trie_regex(words):
    """Return a regular expression matching any of `words`, factored as a trie for speed."""
    if not words:
        return "(?!)"  # matches nothing
    trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node_regex(trie)


def _trie_node_regex(node):
    """Return the regular expression for one trie node ("" marks the end of a word)."""
    branches = [re.escape(char) + _trie_node_regex(child) for char, child in node.items() if char]
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{pattern})?" if "" in node else pattern


class _Phrase:
    """A phrase's pattern: its runs of words, each one regular expression, with a gap between runs."""

    def __init__(self, slots):
        runs = [[]]
        for slot in slots:
            if slot != "...":
                runs[-1].append(slot)
            elif runs[-1]:
                runs.append([])
        last = len(runs) - 1
        regexes = [_run_regex(run, lead=index > 0, final=index == last) for index, run in enumerate(runs)]
        self._runs = tuple(map(re.compile, regexes))
        # Up to _REGEX_GAPS gaps, the whole phrase as one regular expression is faster, and its
        # backtracking bounded (4 ** gaps ways to fill them); past that, run by run.
        self.single = re.compile(_GAP.join(regexes)) if last <= _REGEX_GAPS else None

    def match_end(self, text, pos, failed=None):
        """Return where the phrase matched at `pos` of `text` ends, or None when it does not match there.

        `failed` maps each phrase to the (run, position) pairs of `text` already known not to
        lead to a match; pass the same dict for every position of one text, so that no pair
        is tried twice.
        """
        match = (self.single or self._runs[0]).match(text, pos)
        if match is None or self.single is not None or len(self._runs) == 1:
            return match and match.end()
        known = set() if failed is None else failed.setdefault(self, set())
        return self._match_after_gaps(text, pos, match.end(), known)

    def _match_after_gaps(self, text, pos, first_end, failed):
        """Match the runs after the first (which ends at `first_end`), depth first, each gap shortest first."""
        runs, last = self._runs, len(self._runs) - 1
        stride = len(runs)  # the pair (run, position) is kept as the number position * stride + run
        stack = [(0, pos, _gap_ends(text, first_end))]
        while stack:
            index, start, gap_ends = stack[-1]
            following = next((end for end in gap_ends if end * stride + index + 1 not in failed), None)
            if following is None:
                failed.add(start * stride + index)
                stack.pop()
                continue
            match = runs[index + 1].match(text, following)
            if match and index + 1 == last:
                return match.end()
            if match:
                stack.append((index + 1, following, _gap_ends(text, match.end())))
            else:
                failed.add(following * stride + index + 1)
        return None


def _gap_ends(text, at):
    """Yield where a gap starting at `at` may end: after no word, then one, two or three words."""
    yield at
    for _ in range(_GAP_WORDS):
        word = _GAP_WORD.match(text, at)
        if word is None:
            return
        at = word.end()
        yield at


def _run_regex(slots, *, lead, final):
    """Return the regular expression for a run of word slots (a phrase between gaps).

    A run after a gap starts with the separator that ends the gap (`lead`); the last run
    (`final`) ends at a word's end.
    """
    words = []
    for slot in slots:
        forms = sorted(_slot_forms(slot), key=len, reverse=True)
        words.append("(?:" + "|".join(re.escape(form).replace("'", "['\u2019]") for form in forms) + ")")
    return (_SEPARATOR if lead else "") + _SEPARATOR.join(words) + (_END if final else "")


def _slot_forms(slot):
    """Return the surface forms one word slot (``a|b``, ``=exact``) matches."""
    forms = set()
    for word in slot.split("|"):
        if word.startswith("="):
            forms.add(word[1:])
        elif word in _FUNCTION_WORDS or not word.isalpha():
            forms.add(word)
        else:
            forms.update(_inflect(word))
    return forms


def _inflect(word):
    """Return `word` with its regular -s, -ed and -ing forms (and the word itself)."""
    forms = {word}
    if word.endswith("e") and not word.endswith("ee"):
        stem = word[:-1]
        forms.update({word + "s", word + "d", stem + "ing"})
    elif word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        stem = word[:-1]
        forms.update({stem + "ies", stem + "ied", word + "ing"})
    else:
        plural = "es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s"
        forms.update({word + plural, word + "ed", word + "ing"})
        if _ends_consonant_vowel_consonant(word):
            forms.update({word + word[-1] + "ed", word + word[-1] + "ing"})
    return forms


def _ends_consonant_vowel_consonant(word):
    """True for words like stop or refer whose last consonant may double (stopped)."""
    return len(word) >= 3 and word[-1] not in _VOWELS + "wxy" and word[-2] in _VOWELS and word[-3] not in _VOWELS
