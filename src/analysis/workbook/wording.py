"""Hold each claim's curated hedging and relation against the words of its quote; warn on clear conflicts.

The detector and the curation rules differ on purpose in one place: the detector reads
"can" as ability (as the PubMed benchmark's labels do), while curators read "can lead to"
as a hedge of possibility (claims/README.md). A quote with "can" is therefore never
flagged for a hedge the detector does not see. Only plain contradictions are flagged:

- hedge words in the quote, but hedging `none`;
- hedging given, but no hedge word (nor "can") in the quote;
- relation `correlational`, but only causal wording in the quote;
- a causal relation, but only associative wording in the quote.

A curator who has checked a row writes ``language-ok`` in its `notes` to silence these.
"""

import re

from analysis.common.problems import Problem
from analysis.language.detector import read_sentence
from analysis.workbook.vocabulary import split_terms

SILENCE = "language-ok"
_CAN = re.compile(r"\bcan\b", re.IGNORECASE)


def check_wording(path, claims) -> list[Problem]:
    """Return a warning for each claim whose hedging or relation its words contradict."""
    problems = []
    for claim in claims.itertuples(index=False):
        if SILENCE in str(claim.notes) or not str(claim.quote).strip():
            continue
        reading = read_sentence(claim.quote)
        problems += _hedging_warnings(path, claim, reading) + _relation_warnings(path, claim, reading)
    return problems


def _warning(path, claim, column, message, hint) -> Problem:
    """A warning on one claim, named by its id as well as its line (a quote over several lines moves the lines)."""
    return Problem(
        path,
        f"{message} (claim {claim.claim_id})",
        claim.line,
        column,
        getattr(claim, column),
        severity="warning",
        hint=f"{hint}, or write '{SILENCE}' in notes if the label is right",
    )


def _hedging_warnings(path, claim, reading) -> list[Problem]:
    curated = set(split_terms(claim.hedging)) - {"none"}
    if reading.hedges and not curated:
        cues = ", ".join(f"'{c.text}' ({c.category})" for c in reading.hedges)
        return [_warning(path, claim, "hedging", f"the quote hedges with {cues}", "add the hedge")]
    if curated and not reading.hedges and not _CAN.search(claim.quote):
        return [
            _warning(
                path,
                claim,
                "hedging",
                "no hedge word found in the quote",
                "check the hedge, or add its wording to claims/lexicon.csv",
            )
        ]
    return []


def _relation_warnings(path, claim, reading) -> list[Problem]:
    causal = [c.text for c in reading.cues if c.kind == "causal"]
    associative = [c.text for c in reading.cues if c.kind == "correlational" and c.weight >= 0.5]
    if claim.relation == "correlational" and causal and not associative and not reading.hedges:
        return [
            _warning(
                path, claim, "relation", f"the quote uses causal wording ('{causal[0]}')", "consider direct_causal"
            )
        ]
    if claim.relation.endswith("_causal") and associative and not causal:
        return [
            _warning(
                path,
                claim,
                "relation",
                f"the quote uses associative wording only ('{associative[0]}')",
                "consider correlational",
            )
        ]
    return []
