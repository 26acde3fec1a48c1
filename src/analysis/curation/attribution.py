"""Tell whether a claim is somebody's spoken view: a sentence that says who says it, or words inside their quotation.

A news story gives an expert's view as a quotation ("... ," says Dr. Smith) or as reported
speech (Smith says that ...). Such a claim rests on that person's opinion unless a study
stands behind it; `propose_labels` proposes the vocabulary's opinion level for it.
"""

import re

from analysis.workbook.quotes import SourceText, locate_quote

SPEECH = re.compile(
    r"\b(?:says|said|adds|added|explains|explained|notes|noted|told|tells|thinks|believes|argues|"
    r"cautions|warns|according to)\b",
    re.IGNORECASE,
)
_REPORTED = re.compile(  # research reported, by its authors ("we found") or anyone: not a personal view
    r"\b(?:study|studies|research|trial|review|findings|results|data|patients|participants|subjects|"
    r"(?:we|I) (?:found|discovered|saw|showed|observed|got|asked|tested|gave))\b",
    re.IGNORECASE,
)
_OPENING, _CLOSING = '“"', '”"'


def is_attributed(quote: str, text: str) -> bool:
    """True when `quote` of `text` is in a sentence naming its speaker, or in a quotation its paragraph attributes.

    "The study says" is a report of research, not a person's view, so a speech verb whose
    sentence names research does not count.
    """
    span = locate_quote(quote, SourceText(text))
    if span is None:
        return False
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    paragraph = text[start : len(text) if end < 0 else end]
    sentence = _sentence_around(paragraph, span.start - start, span.end - start)
    if SPEECH.search(sentence) and not _REPORTED.search(sentence):
        return True
    inside = _inside_quotation(paragraph, span.start - start)
    return inside and bool(SPEECH.search(paragraph)) and not _REPORTED.search(sentence)


def _sentence_around(paragraph: str, start: int, end: int) -> str:
    """Return the stretch of `paragraph` from the sentence end before `start` to the one after `end`."""
    before = max(paragraph.rfind(mark, 0, start) for mark in (". ", "? ", "! "))
    after = [i for i in (paragraph.find(mark, end) for mark in (". ", "? ", "! ")) if i >= 0]
    return paragraph[before + 1 : min(after) + 1 if after else len(paragraph)]


def _inside_quotation(paragraph: str, offset: int) -> bool:
    """True when `offset` of `paragraph` falls between an opening and a closing quotation mark."""
    inside = False
    for char in paragraph[:offset]:
        if char in _OPENING and not inside:
            inside = True
        elif char in _CLOSING and inside:
            inside = False
    return inside
