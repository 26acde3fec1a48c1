"""Check that the claims table is complete: every sentence with a claim cue is tabulated or reviewed.

A sentence carries a claim cue when the language detector finds in it a causal or
associative verb, a hedge, or advice to the reader; a title or heading carries one when it
names a condition or an intervention of the vocabulary, since headlines are claims too.
It is covered when a claim's quote overlaps it, or when `reviewed_non_claims.csv` records
it as read and judged not a claim. A sentence the draft leaves out as page furniture (a
question heading, a reference-list entry, a line of an "About" or "References" section, a
heading that asserts nothing, text the page repeats: `claim_sentences.find_claim_sentences`)
is not asked for, and counted apart, so that what `draft` leaves out `coverage` does not
demand one `not-a-claim` at a time. A sentence with no cue is not asked for, but counted when nobody has
tabulated or reviewed it, and listed on request (`coverage --unread`): a claim can carry no cue ("I was sleeping
through the night."), and 100% of the sentences with a cue is not the whole text read.
"""

from dataclasses import dataclass, field

import pandas as pd

from analysis.common.lines import line_at
from analysis.common.paths import REVIEWED_FILE
from analysis.curation.claim_sentences import find_claim_sentences, is_furniture
from analysis.curation.propose import find_terms
from analysis.language.detector import find_cues
from analysis.language.sentences import Sentence, is_heading, split_sentences
from analysis.workbook.load import Workbook
from analysis.workbook.quotes import fold_text

CUE_KINDS = {"hedge", "causal", "correlational", "advice"}


@dataclass
class SourceCoverage:
    """How completely one source's sentences with claim cues are accounted for."""

    source_id: str
    sentences: int
    cue_sentences: int
    by_claims: int
    by_review: int
    uncovered: list[tuple[Sentence, list[str]]] = field(default_factory=list)
    furniture: int = 0  # sentences with a cue that the draft leaves out as page furniture, not asked for
    reviewed_without_cue: int = 0  # sentences reviewed_non_claims.csv records that carry no claim cue
    unread: list[Sentence] = field(default_factory=list)  # sentences with no cue, neither tabulated nor reviewed

    @property
    def share(self) -> float:
        """Share of the sentences with a claim cue that are tabulated or reviewed (1 when none)."""
        return 1.0 if not self.cue_sentences else (self.by_claims + self.by_review) / self.cue_sentences


def check_coverage(workbook: Workbook, reviewed: pd.DataFrame) -> list[SourceCoverage]:
    """Return, per source, which sentences with a claim cue no claim or review accounts for."""
    return [_cover_source(workbook, source_id, reviewed) for source_id in workbook.sources["source_id"]]


def _cover_source(workbook, source_id, reviewed) -> SourceCoverage:
    text = workbook.read_source(source_id)
    claims = workbook.claims[workbook.claims["source_id"] == source_id]
    spans = list(zip(claims["quote_start"], claims["quote_end"]))
    judged = {fold_text(s) for s in reviewed.loc[reviewed["source_id"] == source_id, "sentence"]}
    title = workbook.sources.loc[workbook.sources["source_id"] == source_id, "title"].iloc[0]
    drafted = {(c.sentence.start, c.sentence.end) for c in find_claim_sentences(text, workbook.vocabulary, title)}
    result = SourceCoverage(source_id, 0, 0, 0, 0)
    for sentence in split_sentences(text):
        result.sentences += 1
        cues = sorted({c.text.lower() for c in find_cues(sentence.text) if c.kind in CUE_KINDS})
        if not cues and is_heading(sentence, text):
            cues = [f"heading naming '{t}'" for t in _named_terms(sentence.text, workbook.vocabulary)]
        claimed = any(start < sentence.end and sentence.start < end for start, end in spans)
        reviewed_here = fold_text(sentence.text) in judged
        if not cues:
            result.reviewed_without_cue += reviewed_here
            if not (claimed or reviewed_here or is_furniture(sentence.text) or is_heading(sentence, text)):  # not
                # "Scroll to Top", nor a heading that names no term, which the draft leaves out too
                result.unread.append(sentence)  # "I was sleeping through the night.": a claim no cue gives away
            continue
        if not (claimed or reviewed_here) and (sentence.start, sentence.end) not in drafted:
            result.furniture += 1  # left out by the draft, as by a curator: not asked for
            continue
        result.cue_sentences += 1
        if claimed:
            result.by_claims += 1
        elif reviewed_here:
            result.by_review += 1
        else:
            result.uncovered.append((sentence, cues))
    return result


def _named_terms(text: str, vocabulary) -> list[str]:
    return [term for section in ("conditions", "interventions") for term in find_terms(text, vocabulary, section)]


def _reviewed_without_cue(coverage: SourceCoverage) -> str:
    """Say that the sentences reviewed as not claims that have no claim cue are kept, though not counted above."""
    others = coverage.reviewed_without_cue
    if not others:
        return ""
    verb = "has" if others == 1 else "have"
    return f"; {others} more reviewed as not claims {verb} no claim cue (kept in {REVIEWED_FILE}, not counted above)"


def _unread(coverage: SourceCoverage, listed: bool) -> str:
    """Say how many sentences with no claim cue nobody has tabulated or reviewed, and how to list them."""
    count = len(coverage.unread)
    if not count:
        return ""
    verb = "is" if count == 1 else "are"
    return f"; {count} with no claim cue {verb} neither tabulated nor reviewed" + (
        "" if listed else " (--unread lists them, to read for claims no cue gives away)"
    )


def describe_coverage(coverage: SourceCoverage, text: str, *, unread: bool = False) -> list[str]:
    """Return the lines `python -m analysis coverage` prints for one source; with `unread`, each sentence with no
    claim cue that nobody has tabulated or reviewed, after those with a cue."""
    covered = coverage.by_claims + coverage.by_review
    lines = [
        f"{coverage.source_id}: {covered} of {coverage.cue_sentences} sentences with a claim cue "
        f"covered ({coverage.share:.0%}): {coverage.by_claims} by claims, {coverage.by_review} reviewed "
        f"as not claims; {coverage.sentences} sentences in all"
        + (
            f", {coverage.furniture} more left out as page furniture, as draft leaves them"
            if coverage.furniture
            else ""
        )
        + _reviewed_without_cue(coverage)
        + _unread(coverage, unread)
    ]
    for sentence, cues in coverage.uncovered:
        line = line_at(text, sentence.start)
        lines.append(f"  line {line}: {sentence.text!r} (cues: {', '.join(cues)})")
    for sentence in coverage.unread if unread else ():
        lines.append(f"  line {line_at(text, sentence.start)}: {sentence.text!r} (no claim cue)")
    return lines
