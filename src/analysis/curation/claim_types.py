"""Propose a claim's type from its words: evidence, advice, description, mechanism or effect.

A statement about the research (a call for more, research being run, paid for or searched), advice that
relates nothing, a definition, a pathway and a claim of effect are told apart here; `propose_labels`
(curation/propose.py) gives the quote's other labels. Tested in tests/curation/test_add.py.
"""

import re

from analysis.language.detector import STRENGTHS, calls_for_research

# "Probiotics are live beneficial bacteria that …", "Psychobiotics are a class of probiotics that …":
# a subject of up to three words defined by its kind and what marks it out.
DEFINITION = re.compile(
    r"^\W*(?:[A-Z][\w-]*)(?:\s+[\w-]+){0,2}\s+(?:is|are)\s+(?:(?:a|an)\s+)?(?:[\w-]+\s+){1,4}(?:that|which|who)\b"
)


# Research being done, planned or paid for: a statement about the research itself.
_SEARCH_FOUND = (  # what a review's search found: "we found 14 trials", "we found little information about …"
    r"little (?:information|evidence|data|research) (?:about|on)|"
    r"(?:found|identified|included|pooled)\s+(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty)\s+(?:[\w-]+\s+){0,2}(?:trials|studies|reviews|papers)"
)
_RESEARCH_ACTIVITY = re.compile(
    r"\b(?:investigat\w+|explor\w+|examin\w+|studying|plans? to|pursue|funded|supported by|grants?|enrolled|"
    r"(?:they|researchers|the team|we|scientists|investigators)\s+recruit\w*|"  # not "bacteria recruit immune cells"
    r"recruited\s+(?:\d|about|around|more than|over|some)|took part|dropped out|completed the (?:study|trial)|"
    r"randomly assigned|were (?:given|assigned|asked|advised)|participants|samples?|the first (?:study|trial)|"
    r"research is needed|more research|further research|clinicaltrials|under way|"
    + _SEARCH_FOUND
    + r"\b(?![^.;]*\b(?:found|showed) that))\b",
    re.IGNORECASE,
)
_RUN = re.compile(  # research run, paid for or searched: the part of _RESEARCH_ACTIVITY that relates nothing
    r"\b(?:funded|supported by|grants?|enrolled|recruit\w*|took part|dropped out|completed the (?:study|trial)|"
    r"randomly assigned|were (?:given|assigned|asked|advised)|samples?|clinicaltrials|under way|"
    + _SEARCH_FOUND
    + r")\b",
    re.IGNORECASE,
)
_FOUND_EFFECT = re.compile(  # a finding reported, not what a search found ("we found 14 trials", "found little")
    r"\b(?:found|finds?|show(?:s|ed|n)?|reveal\w*|demonstrat\w+)\b(?!\s+(?:\d|little|no|few|only|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|several|many)\b)",
    re.IGNORECASE,
)
_RESEARCH = re.compile(
    r"\b(?:stud(?:y|ies)|research(?:ers)?|trials?|review|experiments?|findings|results|participants|subjects|"
    r"published|journal|data|evidence|scientists|authors|analy[sz]\w+|funded|grants?|samples?|tested|"
    r"randomi[sz]ed|placebo|enrolled|cohort)\b",
    re.IGNORECASE,
)
_FINDING = re.compile(
    r"\b(?:found|finds?|show(?:s|ed|n)?|reveal\w*|confirm\w*|suggest\w*|demonstrat\w+)\b", re.IGNORECASE
)


def propose_claim_type(quote: str, proposals: dict, reading) -> str:
    """Return the claim type the words support: evidence, advice, description, mechanism or effect.

    A call for research, research being done or searched for ("researchers are exploring", "we found 14
    trials", "supported by a grant") is about the evidence; advice that states no relation is advice; a
    definition ("Probiotics are live bacteria that …") is a description; a sentence that
    relates nothing is about the evidence when it speaks of research (an effect when it
    reports a finding: "a review found that …"), else a description; a pathway with no
    condition named is a mechanism; the rest claim an effect. 0.61 of the development
    claims and 0.73 of the shipped ones agree with the curated type (benchmarks/draft.py).
    """
    relation = proposals.get("relation") or STRENGTHS[0]
    if calls_for_research(quote, reading.cues) or _RESEARCH_ACTIVITY.search(quote):
        return "evidence"
    if proposals.get("advice") in ("yes", "safety") and relation == STRENGTHS[0]:
        return "advice"
    if DEFINITION.match(quote) and not reading.hedges:
        return "description"
    if relation == STRENGTHS[0]:
        if _RESEARCH.search(quote):
            return "effect" if _FINDING.search(quote) else "evidence"
        return "description"
    if proposals.get("mechanisms") and not proposals.get("conditions"):
        return "mechanism"
    return "effect"


def tells_how_research_ran(quote: str) -> bool:
    """True when `quote` tells how research was run, paid for or searched ("they recruited 64 adults", "we found 14
    trials"), reporting no finding: not "researchers are exploring how we can prevent …", nor "the review included
    12 studies and found that probiotics eased anxiety". Such a statement relates nothing."""
    return bool(_RUN.search(quote)) and not _FOUND_EFFECT.search(quote)
