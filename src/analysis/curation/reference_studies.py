"""Propose a study row for each entry of a text's reference list that names a study its body does not describe.

A product page or a pharmacy's guide lists its sources under "References": "Devaraj N, Castell
M. A randomised, double-blind, placebo-controlled study of ashwagandha root extract on
perceived stress in 52 healthy adults. Int J Bot Ther. 2021;9(1):44-52." Such an entry is a
study the text reports, and its title says its design, size and population. An entry whose
title names no design (a guideline, a blog post, "data on file") is no study row, and an
entry the body already describes beside its number ("… 32 adults [2]") is that study's.

Tested in tests/curation/test_reference_studies.py.
"""

import re

from analysis.common.lines import line_at
from analysis.curation.claim_sentences import SECTION_NUMBER
from analysis.curation.study_designs import design_of, design_of_trial
from analysis.curation.study_details import (
    count_participants,
    propose_control,
    propose_funding,
    propose_peer_review,
    propose_population,
)
from analysis.curation.study_rows import DRAFT_STUDY, find_named_terms, paragraph_around, propose_study_direction
from analysis.workbook.studies import STUDY_COLUMNS, study_designs

_LIST_HEADING = re.compile(  # "References", "6. References", "Works cited"
    rf"^(?:{SECTION_NUMBER.pattern})?(?:references?|sources?|further reading|bibliography|"
    r"reference list|works cited|endnotes|(?:notes and )?references(?: and notes)?)\s*:?\s*$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)])\s+")  # "1. ", "[2] ", "3) "
_AUTHORS = re.compile(  # "Devaraj N, Castell M, Fenwick-Obi R. " or "Varga-Holm P, Ostrander J, et al. "
    r"^(?:[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)*\s[A-Z]{1,3},\s*)*(?:[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)*\s[A-Z]{1,3}|et al)"
    r"\.\s+"
)
_TITLE_END = re.compile(r"\.(?=\s+[A-Z0-9]|\s*$)")
_ONE_SOURCE = re.compile(r"^\s*source\s*:?\s*$", re.IGNORECASE | re.MULTILINE)  # a news story's "Source:"
_HEADING = re.compile(r"^[^.!?:]{1,60}$")  # a short line with no full stop: "WHAT OUR CUSTOMERS SAY"
_CITED = re.compile(r"\[(\d{1,3})\]")  # a body sentence's mark for its reference: "… 32 adults [2]"


def propose_reference_rows(text: str, vocabulary, source_id: str, body_rows: list, lexicon=None) -> list:
    """Return proposed rows of studies.csv for the reference entries of `text` whose title names a design, numbered
    after `body_rows` (the study rows proposed from the body); an entry a body row's paragraph cites ("[2]") is left
    out, being that row's study, and so is the one entry of a news story's "Source:" when its body describes a study
    first-hand: the paper that study is published in."""
    ranks = {slug: rank for rank, slug in enumerate(study_designs(vocabulary))}
    paragraphs = [paragraph_around(text, text.find(row["quote"])) for row in body_rows if row["quote"] in text]
    described = {number for paragraph in paragraphs for number in _CITED.findall(paragraph)}
    references = find_reference_titles(text)
    if _ONE_SOURCE.search(text) and len(references) == 1 and any(r["reporting"] != "second-hand" for r in body_rows):
        return []  # "Source: Mayta-Apaza AC, et al. Impact of tart cherries …": where the body's own study is published
    first, rows = len(body_rows) + 1, []
    for reference in references:
        number, title = reference[:2]
        level = design_of(title, vocabulary, ranks)
        if level is None or number in described:
            continue
        study_id = f"{DRAFT_STUDY}{first + len(rows)}"
        rows.append(_reference_row(study_id, reference, level, text, vocabulary, source_id, lexicon))
    return rows


def find_reference_titles(text: str) -> list[tuple[str, str, str, int]]:
    """Return (number, title, entry, where the title starts) for each entry of the text's reference lists, in order:
    the lines after a heading ("References") that open on their authors ("Devaraj N, Castell M. "); a guideline, a
    survey "data on file" or a customer's review below the list opens on none, and is passed over."""
    found, listing, offset = [], False, 0
    for line in text.split("\n"):
        at, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if _LIST_HEADING.match(stripped):
            listing = True
        elif listing and stripped:
            numbered = _NUMBER.match(stripped)
            number = (numbered.group(1) or numbered.group(2)) if numbered else ""
            entry = stripped[numbered.end() :] if numbered else stripped
            authors = _AUTHORS.match(entry)
            if authors is None:  # a guideline, "data on file": no study's entry; a heading ends the list
                listing = listing and not _HEADING.match(stripped)
                continue
            title = entry[authors.end() :]
            end = _TITLE_END.search(title)
            title = title[: end.end() if end else len(title)].strip()
            found.append((number, title, entry, at + line.index(title)))
    return found


def _reference_row(study_id, reference, level, text, vocabulary, source_id, lexicon) -> dict:
    """The study row of one reference entry, its title quoted."""
    number, title, entry, at = reference
    design = design_of_trial(level, title, vocabulary)
    kind = vocabulary.term("evidence_levels", design).kind
    row = dict.fromkeys(STUDY_COLUMNS, "")
    row.update(
        study_id=study_id,
        source_id=source_id,
        quote=title,
        design=design,
        participants=count_participants(title),
        control=propose_control(title, kind),
        population=propose_population(title, title, level, vocabulary),
        interventions=find_named_terms(vocabulary, "interventions", title, title, text),
        outcomes=find_named_terms(vocabulary, "conditions", title, title, text),
        direction=propose_study_direction(title, vocabulary, lexicon),
        reporting="named",
        citation=(f"[{number}] " if number else "") + " ".join(entry.replace(title, " ").split()),
        peer_reviewed=propose_peer_review(entry),
        funding=propose_funding(entry),
        notes=f"proposed by draft from line {line_at(text, at)}: an entry of the reference list",
    )
    return row
