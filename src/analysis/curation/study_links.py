"""Propose the studies a claim rests on from where it stands in its article, as a fact-checker reads a news story.

A news story describes its study in one paragraph and claims its results in others, so a
claim's quote alone rarely names its evidence. The proposal reads the article around it:

1. research invoked second-hand ("studies show") in the claim's own sentence; such a
   mention backs that sentence and no other;
   a claim in somebody's spoken words ("..., says Dr. Smith") rests on no other study:
   it is that person's view (`attribution.is_attributed`), unless the speaker is the
   study's own author speaking of it ("said first author Ana Lind", "what we've shown",
   "our findings", or "said Professor Varga-Stroud" when she was introduced before as "chief
   investigator of the trial": then the study described nearest before that introduction) or
   a named expert speaks in the very paragraph that describes the study: that rests on the
   study described nearest before it, if it measured what the words are about (an author's
   "it is good for the heart too" of a trial of mood rests on none); advice to the reader
   ("Take two capsules daily") rests only on a study its own sentence describes or invokes:
   curators link four in five pieces of advice to no study, the trial beside it having
   tested something else (a product, a dose, a treatment) than what it tells you to do;
2. a claim whose own words say it is about animals or cells ("in mice", "the laboratory
   experiments") rests on the animal or cell study described in its paragraph or the few
   before, however the article reports it; else a study described first-hand in the
   claim's own paragraph (of those, the ones about the claim's interventions, when it
   names any), unless the claim is about conditions
   none of them measured (a definition beside a result: "There are millions of nerve
   cells in your gut" next to a study of anxiety rests on no study);
3. else one described in one of the few paragraphs before it, about the claim's
   interventions and conditions;
4. else, for a headline or summary, every study the article describes first-hand about
   the claim's interventions;
5. else, when every study the article describes first-hand about the claim's interventions
   comes from one report (one study, or several under one citation, such as a trial and
   its laboratory arm), that report, if it measured the claim's conditions: a news story
   is written around its study;
6. else none: the claim's evidence is read from its own words (`propose_evidence`).

Where a claim's sentence (else its paragraph) says whom its study was done in ("in the
human trial", "the participants", "in mice", "the laboratory experiments"), rules 2 to 5
choose among the studies done in them, as a reader does with a trial and its laboratory arm.

`link_claim` applies these rules to a claim's proposed labels, as `draft` and the proposals
benchmark do, and links the nearest study to a sentence that speaks of one ("the
participants", "authors of the review note", "according to a new study") or names a design
though the rules link none.

Tested in tests/curation/test_study_links.py.
"""

import re
from dataclasses import dataclass

from analysis.curation.study_details import plans_study
from analysis.curation.study_rows import paragraph_around, paragraph_of
from analysis.language.sentences import split_sentences
from analysis.workbook.attribution import SPOKEN_KINDS, find_speakers
from analysis.workbook.quotes import SourceText, locate_quote
from analysis.workbook.studies import NOT_STUDIES
from analysis.workbook.vocabulary import split_terms

LOOK_BACK = 3  # paragraphs before a claim in which the study it reports may be described
FIRST_HAND = ("named", "described")
_SPEAKS_OF_STUDY = re.compile(
    r"\b(?:the|this|our|these|both|all)\s+(?:new\s+|human\s+|first\s+)?(?:study|trial|research|results|findings|"
    r"data|participants|patients|subjects|volunteers|individuals|infants|children|experiments?|groups?)\b|"
    r"\b(?:the researchers|the authors|authors of the (?:review|study|trial|paper|analysis)|researchers found|"
    r"in the trial|the team|dropped out|took part|enrolled|"
    r"placebo|(?:stool|blood) samples|recruited|dummy|the other half|half (?:of )?the (?:students|participants|"
    r"patients|adults|children|volunteers|group)|were (?:randomly|given|assigned|asked))\b",
    re.IGNORECASE,
)

_NEW_STUDY = re.compile(  # "according to a new study": the news story's own study, unless it is only planned
    r"\b(?:a|one) (?:new|recent|newly published) (?:[\w-]+ )?(?:study|trial|review|analysis|paper)\b", re.IGNORECASE
)
_NOT_ITS_AUTHOR = re.compile(r"\bnot involved\b|\bindependent\b|\bnot part of\b", re.IGNORECASE)

_STUDIED = {  # words that say whom a sentence's study was done in: "in the human trial", "in mice", "the laboratory"
    "humans": re.compile(
        r"\b(?:human (?:trials?|stud(?:y|ies)|volunteers|participants|subjects|evidence|data)|in (?:people|humans)|"
        r"participants|volunteers|subjects|individuals|"
        r"\d[\d,]* (?:\w+ )?(?:people|adults|patients|children|women|men))\b",
        re.IGNORECASE,
    ),
    "animals": re.compile(r"\b(?:mice|mouse|rats?|rodents?|animals?|piglets|germ-free)\b", re.IGNORECASE),
    "cells": re.compile(
        r"\b(?:(?:laboratory|lab) (?:experiments?|stud(?:y|ies)|tests?|work|arm)|in vitro|test[- ]tubes?|organoids?|"
        r"in the lab|cell (?:cultures?|lines?))\b",
        re.IGNORECASE,
    ),
}

_BY_ITS_AUTHOR = re.compile(  # a study's author speaking of it: "said first author Samuel Lind", "what we've shown"
    r"\b(?:(?:lead|first|senior|chief|co-?|corresponding|study)\s*(?:author|researcher|investigator)s?|"
    r"who (?:led|leads?) (?:the|this|a) (?:[\w-]+ ){0,2}(?:study|trial|review|research|work|team|analysis|"
    r"project|experiments?)\b|"
    r"led (?:the|this) (?:study|trial|research|work|team)|principal investigator|"
    r"we (?:found|saw|showed|observed|measured|set out)|we(?:'ve|’ve| have) (?:found|shown|observed|measured)|"
    r"what we(?:'ve|’ve| have)? (?:shown|found|seen)|"
    r"our (?:findings|results|study|trial|data|participants))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Study:
    """What the proposal needs of a study: its id, where it is described, what it tested, how it is reported."""

    study_id: str
    paragraph: int
    interventions: frozenset
    reporting: str
    start: int = 0
    end: int = 0
    citation: str = ""
    outcomes: frozenset = frozenset()
    population: str = ""

    @property
    def report(self) -> str:
        """The report the study comes from: its citation, or the study itself when it gives none."""
        return self.citation.strip().casefold() or self.study_id


def read_studies(text: str, studies) -> list[Study]:
    """Return the studies (rows of studies.csv for this text) with the paragraph each is described in."""
    source = SourceText(text)
    found = []
    for row in studies.itertuples(index=False):
        span = locate_quote(row.quote, source)
        if span is not None:
            where = paragraph_of(text, span.start)
            tested = frozenset(split_terms(row.interventions))
            cited = str(getattr(row, "citation", "") or "")
            measured = frozenset(split_terms(getattr(row, "outcomes", "") or ""))
            population = str(getattr(row, "population", "") or "")
            found.append(
                Study(row.study_id, where, tested, row.reporting, span.start, span.end, cited, measured, population)
            )
    return found


def propose_studies(
    quote: str,
    text: str,
    studies: list[Study],
    interventions="",
    conditions=frozenset(),
    *,
    headline=False,
    spoken=False,
    advice=False,
    unnamed=True,
) -> list[str]:
    """Return the ids of the studies the claim `quote` of `text` most likely rests on ([] for none).

    `conditions` are the claim's conditions with the terms related to them (narrower and
    broader, `related_conditions`): a study that measured none of them does not back the
    claim, though it stands beside it. `spoken` says the claim is somebody's view in their
    own words: only research its own sentence invokes backs it; `advice` that it tells the
    reader what to do: only research its own sentence names backs it. With `unnamed` False,
    a claim that names no intervention rests on no study the article describes elsewhere
    (rules 4 and 5): a draft proposes the interventions from the words alone, and a
    sentence that names none is as often background as a result.
    """
    span = locate_quote(quote, SourceText(text))
    if span is None or not studies:
        return []
    here, wanted = paragraph_of(text, span.start), frozenset(split_terms(interventions))
    invoked = [
        s.study_id for s in studies if s.reporting not in FIRST_HAND and s.start < span.end and span.start < s.end
    ]
    if invoked or spoken:  # "studies show" backs the sentence that says so, no other
        return invoked
    if advice:
        return [s.study_id for s in studies if s.start < span.end and span.start < s.end]
    preclinical = _preclinical_near(studies, named_population(text[span.start : span.end]), here)
    if preclinical:  # "in mice, ..." speaks of the animal work described beside it, however it is reported
        return preclinical
    studies, whom = [s for s in studies if s.reporting in FIRST_HAND], named_population(text, span)
    tested = [s for s in studies if not wanted or s.interventions & wanted]
    about = [s for s in tested if _measured(s, conditions)]
    same = of_population([s for s in studies if s.paragraph == here], whom)
    if same and (not conditions or any(_measured(s, conditions) for s in same)):
        return [s.study_id for s in ([s for s in same if s in about] or same)]
    before = of_population([s for s in about if here - LOOK_BACK <= s.paragraph < here], whom)
    if before:
        nearest = max(s.paragraph for s in before)
        return [s.study_id for s in before if s.paragraph == nearest]
    if headline and wanted:  # a headline or summary rests on every study the body reports about it
        return [s.study_id for s in of_population(about, whom)]
    if wanted and len({s.report for s in tested}) == 1 and about:  # one report about it: the story is written around it
        return [s.study_id for s in of_population(about, whom)]
    if len(studies) == 1 and about and unnamed:  # a claim naming no intervention, in an article about one study
        return [studies[0].study_id]
    return []


def named_population(text: str, span=None) -> str:
    """Return whom the words say their study was done in ("in the human trial": humans, "in mice": animals, "the
    laboratory experiments": cells), or '' when they name none or more than one. Given a claim's `span`, the words are
    its sentence, else its paragraph."""
    places = (text,) if span is None else (_sentence_of(text, span), paragraph_around(text, span.start))
    for words in places:
        named = [population for population, pattern in _STUDIED.items() if pattern.search(words)]
        if named:
            return named[0] if len(named) == 1 else ""
    return ""


def _preclinical_near(studies: list[Study], population: str, here: int) -> list[str]:
    """Return the animal or cell study of `population` described in paragraph `here`, else nearest in the few before."""
    if population not in ("animals", "cells"):
        return []
    near = [s for s in studies if s.population == population and here - LOOK_BACK <= s.paragraph <= here]
    nearest = max((s.paragraph for s in near), default=None)
    return [s.study_id for s in near if s.paragraph == nearest]


def of_population(studies: list[Study], population: str) -> list[Study]:
    """Return the `studies` done in `population`, or all of them when none was (or no population is named)."""
    return [s for s in studies if s.population == population] or studies


def _measured(study: Study, conditions) -> bool:
    """True when `study` measured one of `conditions`, or either is not known (no conditions, no outcomes)."""
    return not conditions or not study.outcomes or bool(study.outcomes & conditions)


def related_conditions(conditions: str, vocabulary) -> frozenset:
    """Return the conditions of the cell `conditions` with the terms narrower or broader than each (vocabulary)."""
    named = set(split_terms(conditions))
    related = set(named)
    for slug in vocabulary.sections.get("conditions", {}):
        narrower = set(vocabulary.narrower("conditions", slug))
        if slug in named:
            related |= narrower
        elif narrower & named:
            related.add(slug)
    return frozenset(related)


def link_claim(quote: str, text: str, studies: list[Study], labels: dict, vocabulary, *, unnamed=True) -> list[str]:
    """Return the studies a claim with proposed `labels` rests on: none for safety advice, else `propose_studies`,
    else, for a sentence that speaks of a study or names a design, the nearest study described before it."""
    if labels.get("advice") == "safety":  # safety and referral advice rest on no study (claims/README.md)
        return []
    level = vocabulary.sections["evidence_levels"].get(labels.get("evidence_level") or "")
    spoken = level is not None and level.kind in SPOKEN_KINDS  # somebody's view in their own words
    headline = labels.get("placement") in ("headline", "summary")
    conditions = related_conditions(labels.get("conditions", ""), vocabulary)
    interventions = labels.get("interventions", "")
    advice = labels.get("advice") == "yes"
    options = {"headline": headline, "spoken": spoken, "advice": advice, "unnamed": unnamed}
    linked = propose_studies(quote, text, studies, interventions, conditions, **options)
    span = locate_quote(quote, SourceText(text))
    if linked or span is None:
        return linked
    sentence = _sentence_of(text, span)
    if spoken:  # the study's own author on its results ("what we've shown", says the lead author) rests on it
        expert = level is not None and level.kind == "opinion"  # not a parent's "we saw a huge change"
        words = sentence + " " + paragraph_around(text, span.start)
        beside = [s for s in studies if s.paragraph == paragraph_of(text, span.start) and s.start <= span.start]
        if not expert:
            return []
        if _BY_ITS_AUTHOR.search(words) or nearest_study(span.start, beside):
            at = span.start
        else:  # where the speaker was named before as the study's author, if anywhere
            at = _author_introduced(text, span)
        nearest = nearest_study(at, studies) if at is not None else []
        return [s.study_id for s in studies if s.study_id in nearest and _measured(s, conditions)]
    design = level is not None and level.kind not in NOT_STUDIES
    by_author = _BY_ITS_AUTHOR.search(sentence)  # "Lead researcher Dr Lind said: 'What we saw …'"
    new_study = _NEW_STUDY.search(sentence) and not plans_study(sentence)
    if _SPEAKS_OF_STUDY.search(sentence) or new_study or by_author or design or (headline and not interventions):
        return nearest_study(span.start, of_population(studies, named_population(text, span)))
    return []


def _author_introduced(text: str, span) -> int | None:
    """Return where the speaker named in the claim's paragraph ("said Professor Varga-Stroud", "Allen says") was
    introduced before as a study's author ("Professor Imelda Varga-Stroud, … chief investigator of the trial"): the
    end of that sentence, its study described nearest before; None when no speaker was."""
    names = set(find_speakers(paragraph_around(text, span.start)))
    if not names:
        return None
    said = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
    before = text[: text.rfind("\n", 0, span.start) + 1]  # the paragraphs (lines) before the claim's
    for sentence in split_sentences(before):
        words = sentence.text
        if said.search(words) and _BY_ITS_AUTHOR.search(words) and not _NOT_ITS_AUTHOR.search(words):
            return sentence.end
    return None


def _sentence_of(text: str, span) -> str:
    """Return the sentence of `text` that holds `span`, or the span's own words."""
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    line = text[start : len(text) if end < 0 else end]
    for sentence in split_sentences(line):
        if sentence.start <= span.start - start < sentence.end:
            return sentence.text
    return text[span.start : span.end]


def nearest_study(offset: int, studies: list[Study]) -> list[str]:
    """The first-hand study described nearest before `offset`, else the article's first; [] when there is none."""
    first_hand = [s for s in studies if s.reporting in FIRST_HAND]
    before = [s for s in first_hand if s.start <= offset]
    chosen = max(before, key=lambda s: s.start) if before else min(first_hand, key=lambda s: s.start, default=None)
    return [chosen.study_id] if chosen else []
