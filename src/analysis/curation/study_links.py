"""Propose the studies a claim rests on from where it stands in its article, as a fact-checker reads a news story.

A news story describes its study in one paragraph and claims its results in others, so a
claim's quote alone rarely names its evidence. The proposal reads the article around it:

1. research invoked second-hand ("studies show") in the claim's own sentence; such a
   mention backs that sentence and no other;
   a claim in somebody's spoken words ("..., says Dr. Smith") rests on no other study:
   it is that person's view (`attribution.is_attributed`); advice to the reader ("Take
   two capsules daily") rests only on a study its own sentence describes or invokes:
   curators link four in five pieces of advice to no study, the trial beside it having
   tested something else (a product, a dose, a treatment) than what it tells you to do;
2. a study described first-hand in the claim's own paragraph (of those, the ones about
   the claim's interventions, when it names any), unless the claim is about conditions
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

Tested in tests/curation/test_study_links.py.
"""

from dataclasses import dataclass

from analysis.workbook.quotes import SourceText, locate_quote
from analysis.workbook.vocabulary import split_terms

LOOK_BACK = 3  # paragraphs before a claim in which the study it reports may be described
FIRST_HAND = ("named", "described")


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
            found.append(Study(row.study_id, where, tested, row.reporting, span.start, span.end, cited, measured))
    return found


def paragraph_of(text: str, offset: int) -> int:
    """Return the number of the paragraph (line) of `text` that `offset` falls in, counting non-blank lines."""
    return sum(1 for line in text[:offset].split("\n")[:-1] if line.strip())


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
    studies = [s for s in studies if s.reporting in FIRST_HAND]
    tested = [s for s in studies if not wanted or s.interventions & wanted]
    about = [s for s in tested if _measured(s, conditions)]
    same = [s for s in studies if s.paragraph == here]
    if same and (not conditions or any(_measured(s, conditions) for s in same)):
        return [s.study_id for s in ([s for s in same if s in about] or same)]
    before = [s for s in about if here - LOOK_BACK <= s.paragraph < here]
    if before:
        nearest = max(s.paragraph for s in before)
        return [s.study_id for s in before if s.paragraph == nearest]
    if headline and wanted:  # a headline or summary rests on every study the body reports about it
        return [s.study_id for s in about]
    if wanted and len({s.report for s in tested}) == 1 and about:  # one report about it: the story is written around it
        return [s.study_id for s in about]
    if len(studies) == 1 and about and unnamed:  # a claim naming no intervention, in an article about one study
        return [studies[0].study_id]
    return []


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
