"""Split a source's text into sentences, each with its character span."""

import re
from dataclasses import dataclass

_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|Prof|al|approx|St|vol|Vol|pp)\.$"
)  # "vol. 11, pp. 201-219" is a citation, not two sentences ("a dried fig. Your gut" is)
_ABBREVIATION_REACH = 8  # the longest abbreviation above with the character before it
# A sentence ends at . ! ? before a capital, a digit, a quotation mark or a footnote or handle: "mind.* No",
# "trials. †Customer comment", "above. @hannah, please"
_END = re.compile(r"[.!?…][\"'”’)\]*†‡]*(?:\s*\[\d+(?:\s*[,–-]\s*\d+)*\])?(?=\s+[\"“‘(\[A-Z0-9@†‡])")
# A middle initial between two names ("Patrice D. Cani"), not a sentence ending in a letter
# ("vitamin D. Studies", "Group A. The"): the word before is a name, the word after one too.
_INITIAL = re.compile(r"(?:^|[\s(])[A-Z][a-z]{1,20}\s[A-Z]\.$")
_INITIAL_REACH = 25
_NAME_AFTER = re.compile(r"\s+([A-Z][a-z]+)\b(?![.!?])")
# An initial in a list of authors ("by K. Obuya-Marsh, T. Lindqvist-Amadi and R. A. Varga"): right after "by", after
# another initial ("R. A."), or after an author of the list ("K. Obuya-Marsh, T."); a surname follows it. "Groups A and
# B. However", "vitamins A, D and E. Meanwhile" and "the U.S. Researchers" end sentences.
_AUTHOR_INITIAL = re.compile(
    r"(?:\bby\s|\b[A-Z]\.\s|\b[A-Z]\.\s[A-Z][\w'’]+(?:-[A-Z][\w'’]+)*(?:,\s(?:and\s)?|\sand\s|\s&\s))[A-Z]\.$"
)
_AUTHOR_INITIAL_REACH = 60
_SURNAME_AFTER = re.compile(  # a surname, after any further initials: "A. Varga-Thorne," "J. Smith et al."
    r"\s+(?:[A-Z]\.\s+)*([A-Z][\w'’]+)(?:-[A-Z][\w'’]+)*(?=[,.;)]|\s+(?:and|&|et al)\b|\s+[a-z])"
)
_STARTERS = frozenset(
    """A An The This That These Those It Its In On At For From With By As If When While But And Or So
    Yet However We They He She You I There Here Our Their His Her Some Most Many All No One Two Each""".split()
)
# A quotation its speaker is named after ('"Eat more fibre! It feeds them," says Dr. Jones.') is
# one sentence: it closes with a comma before the closing mark.
_ATTRIBUTED_QUOTE = re.compile(r'"[^"]*,"|“[^“”]*,”')
_SENTENCE_CLOSE = re.compile(r"[.!?…:;,][\"'”’)\]*†‡]*(?:\s*\[\d+(?:\s*[,–-]\s*\d+)*\])?$")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a source: its text and where it stands."""

    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences: at line breaks, and after . ! ? before a capital.

    A sentence keeps a trailing bracketed reference such as "[1]" or "[1, 2]";
    abbreviations ("e.g.", "Dr."), decimals ("10.5 mg"), middle initials ("Patrice D.
    Cani") and first initials in a list of authors ("by K. Obuya-Marsh, T. Lindqvist") do not end a
    sentence, nor does a mark inside a quotation whose speaker follows ('"Eat more! It helps," says
    Dr. Jones.'); in a line that does not end like a sentence
    (a headline, "Drink up! It's great for your microbiome"), ! ends nothing (a ? there
    still does: scraped pages run two headings together, "What is Obesity? Grant Support"). Each
    table row and list item is a sentence of its own. One pass over the text: time grows
    linearly with its length.
    """
    sentences = []
    for line in re.finditer(r"[^\n]+", text):
        sentences.extend(_split_line(line.group(), line.start()))
    return sentences


def _split_line(line: str, offset: int) -> list[Sentence]:
    pieces, last = [], 0
    headline = not _SENTENCE_CLOSE.search(line.rstrip())
    quoted = iter([match.span() for match in _ATTRIBUTED_QUOTE.finditer(line)] + [(len(line), len(line))])
    quote = next(quoted)
    for match in _END.finditer(line):
        while quote[1] <= match.start():
            quote = next(quoted)
        if quote[0] < match.start() or (headline and line[match.start()] == "!") or _is_abbreviation(line, match):
            continue
        pieces.append((last, match.end()))
        last = match.end()
    pieces.append((last, len(line)))
    return [_trimmed(line, offset, start, end) for start, end in pieces if line[start:end].strip()]


def _is_abbreviation(line: str, match: re.Match) -> bool:
    """True when the mark `match` found ends an abbreviation or a middle initial, not a sentence."""
    dot = match.start() + 1
    if _ABBREVIATION.search(line, max(0, dot - _ABBREVIATION_REACH), dot):
        return True
    if _AUTHOR_INITIAL.search(line, max(0, dot - _AUTHOR_INITIAL_REACH), dot):
        surname = _SURNAME_AFTER.match(line, match.end())
        if surname is not None and surname.group(1) not in _STARTERS:
            return True
    if not _INITIAL.search(line, max(0, dot - _INITIAL_REACH), dot):
        return False
    name = _NAME_AFTER.match(line, match.end())
    return name is not None and name.group(1) not in _STARTERS


def _trimmed(line: str, offset: int, start: int, end: int) -> Sentence:
    chunk = line[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    body = chunk.strip()
    return Sentence(body, offset + start + lead, offset + start + lead + len(body))


def count_words(text: str) -> int:
    """Return the number of words in `text`."""
    return len(re.findall(r"\w+(?:[’'-]\w+)*", text))


def is_heading(sentence: Sentence, text: str) -> bool:
    """True when `sentence` is a whole line of `text` that ends without a full stop: a title or a heading.

    Table rows and list items (lines starting with |, -, * or a number, or in lower case, as a
    leaflet's unbulleted list: "thrush (a yeast infection)") are not headings.
    """
    body = sentence.text
    return (
        not body.endswith((".", "!", "?", ":", ";", ","))
        and not body.startswith(("|", "-", "*", "•"))
        and not (body[:1].islower() and sentence.start > 0)  # a list item; a text's first line is its title
        and not body[:1].isdigit()
        and _LINE_END.match(text, sentence.end) is not None
        and _starts_line(text, sentence.start)
    )


_LINE_END = re.compile(r"[^\S\n]*(?:\n|\Z)")


def _starts_line(text: str, at: int) -> bool:
    """True when only white space stands between the line's start and `at` (a walk over that space only)."""
    while at > 0 and text[at - 1] != "\n" and text[at - 1].isspace():
        at -= 1
    return at == 0 or text[at - 1] == "\n"
