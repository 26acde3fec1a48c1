"""Read a study's size, population, control group, peer review and funding, and whether it was run, from its words.

Tested in tests/curation/test_study_details.py.
"""

import re

from analysis.curation.terms import find_terms

_UNITS = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS = {  # "nine" 9, "sixty-two" 62: how articles spell out a study's size
    **{word: number for number, word in enumerate(_UNITS + _TEENS)},
    **{tens: 20 + 10 * i for i, tens in enumerate(_TENS)},
    **{f"{tens}-{unit}": 20 + 10 * i + j for i, tens in enumerate(_TENS) for j, unit in enumerate(_UNITS) if j},
}
PEOPLE = (
    r"(?:participants|patients|adults|children|kids|infants|babies|people|subjects|volunteers|women|men|individuals|"
    r"students|undergraduates|pupils|schoolchildren|toddlers|teens|residents|parents|mothers|fathers|"
    r"teenagers|adolescents|girls|boys|veterans|workers|athletes|runners|pensioners|"
    r"pups|rats|mice|animals|(?<!hot )dogs|cats|pigs|piglets|monkeys|primates|hamsters|zebrafish)"  # "48 rat pups"
)
ANIMALS = (  # the words of PEOPLE that count animals, not people: a laboratory's, a vet's ("32 dogs")
    "pups",
    "rats",
    "mice",
    "animals",
    "dogs",
    "cats",
    "pigs",
    "piglets",
    "monkeys",
    "primates",
    "hamsters",
    "zebrafish",
)
NUMBERS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))  # longest first: "sixty-two" before "sixty"
PARTICIPANTS = re.compile(  # longest number words first, and not the tail of one ("two" of "sixty-two")
    r"(?<![\w,-])(\d{1,3}(?:,\d{3})+|(?!(?:19|20)\d\d\b)\d+|"  # not a year, nor the tail of "1,200"
    + NUMBERS
    + r")\s+(?:(?!(?:of|in|per|percent|hundred|thousand|million|billion|weeks?|days?|months?|years?|hours?|"
    r"found|showed|shows|suggested|it)\b)"  # "One trial found it helped people" counts no one
    r"[\w-]+\s+){0,4}?"  # "Thirty of the 120", not "four weeks into germ-free mice"
     + PEOPLE + r"\b",
    re.IGNORECASE,
)
SIZED = re.compile(  # a study named with its size: "a study of 12 patients", "a trial in 64 adults", and one
    # introduced by what it did: "a larger trial followed 110 students" ("the trial enrolled 150" is the same trial)
    r"(?:\b(?:study|trial|pilot|experiment)\s+(?:of|with|in|involving|enrolling)|"
    r"\b(?:an?|one|another)\s+(?:[\w-]+\s+){0,4}?(?:study|studies|trial|pilot|experiment)\s+"
    r"(?:involved|enrolled|followed|recruited))\s+(?:about\s+|around\s+|some\s+)?"
    r"(\d[\d,]*|" + NUMBERS + r")\s+(?:[\w-]+\s+){0,3}?" + PEOPLE,
    re.IGNORECASE,
)
CONTROLLED = re.compile(
    r"\b(?:placebo|dummy|control group|controlled|randomi[sz]ed|randomly assigned|compared (?:with|to)|versus)\b",
    re.I,
)
NO_CONTROL = re.compile(  # a study said to have no control group, or said not to be a (controlled) trial
    r"\b(?:no|without(?:\s+an?|\s+any)?)\s+(?:placebo|control|comparison)(?:\s+(?:group|arm))?\b|"
    r"\b(?:isn't|is\s+not|wasn't|was\s+not|not)\s+(?:an?\s+)?(?:randomi[sz]ed\s+|controlled\s+|clinical\s+)?trial\b|"
    r"\b(?:isn't|is\s+not|wasn't|was\s+not|weren't|were\s+not|not)\s+(?:placebo-)?controlled\b|"  # "it wasn't"
    r"\b(?:not\s+|non-?)randomi[sz]ed\b|\bnot\s+randomly\s+(?:assigned|allocated)\b|\buncontrolled\b|\bsingle-arm\b",
    re.IGNORECASE,
)
PLACEBO = re.compile(r"\b(?:placebo|dummy|control group|controlled)\b", re.IGNORECASE)  # a trial's control arm
SINGLE_ARM = re.compile(r"\b(?:uncontrolled|open-label|single-arm|no control|before and after)\b", re.IGNORECASE)
RANDOMISED = re.compile(  # "randomly assigned", a crossover's "in a random order"
    r"\b(?:randomi[sz]ed|randomly (?:assigned|allocated|given)|in\s+(?:a\s+)?random\s+order)\b"
    r"|\brandomly (?:split|divided)\b[^.]{0,30}?\binto (?:two|three|four|[234]) (?:groups|arms)\b",
    re.IGNORECASE,
)
_UNREVIEWED = re.compile(  # a study its article says is not (yet) peer reviewed or published
    r"\b(?:preprint|not\s+(?:yet\s+)?(?:been\s+)?peer[- ]reviewed|yet\s+to\s+be\s+(?:peer[- ]reviewed|published)|"
    r"unpublished|not\s+(?:yet\s+)?(?:been\s+)?published|(?:company|white)\s+paper|poster\s+(?:presentation|session)|"
    r"conference\s+abstract|press\s+release|newsletter)\b",
    re.IGNORECASE,
)
_REVIEWED = re.compile(  # "published today in the journal Gut", "published in Nutrition Reviews"
    r"\b(?:published\s+(?:today\s+|this\s+\w+\s+)?in\s+(?:the\s+journal\b|(?:the\s+)?(?-i:[A-Z]))|"
    r"peer[- ]reviewed\s+journal)",
    re.IGNORECASE,
)
_BY_MAKER = re.compile(  # a study run or paid for by the company that sells what it tests
    r"\b(?:(?:funded|paid\s+for|sponsored)\s+by\s+(?:(?:[\w\s,'&-]|\.(?=,)){0,80}?\band\s+by\s+)?"  # "… and by X,"
    r"(?:[\w\s,'&-]|\.(?=,)){0,80}?\b(?:company|Ltd|Inc|manufacturer|"
    r"maker|brand)\b|(?:run|conducted|carried\s+out)\s+by\s+(?:the\s+)?(?:company|maker|manufacturer|brand)\b|"
    r"company-(?:funded|run|sponsored)|(?:the\s+)?company's\s+own(?:\s+(?:study|trial|pilot|research)|\s*[,.])|"
    r"in-house\s+(?:study|trial|research))",
    re.IGNORECASE,
)
_NO_ROLE = re.compile(  # a maker that paid but had no say, or a denial: "not by any company"
    r"\bno\s+(?:role|part|say)\b|\bnot\s+involved\s+in\b|\bnot\s+by\s+(?:any|a|the)\b", re.IGNORECASE
)
_INDEPENDENT = (
    re.compile(  # said of the study itself: "was independently funded", not "we need independently funded trials"
        r"(?<!none of the trials )(?<!none of them )"
        r"\b(?:(?:was|were|been)\s+independently\s+(?:funded|run|conducted)|no\s+(?:industry|company)\s+funding|"
        r"funded\s+by\s+(?:a\s+|the\s+)?(?:government|charity|university|public))\b",
        re.IGNORECASE,
    )
)


_SCHOOL_YEARS = re.compile(r"\b(?:years?|grades?)\s+\d+(?:\s*(?:and|to|-|–)\s*\d+)?", re.IGNORECASE)  # "Year 5 and 6"
_RATIOS = re.compile(  # "one in six students dropped out", "1 in 30 people": a share, not a size
    rf"\b(?:\d+|a|{NUMBERS})\s+in\s+(?:every\s+)?(?:\d[\d,]*|{NUMBERS})\b",
    re.IGNORECASE,
)


def size_of(number: str) -> str:
    """Return a size as digits: "sixty" is "60", "1,200" is "1200"."""
    number = number.lower().replace(",", "")
    return str(NUMBER_WORDS.get(number, number))


def count_participants(text: str, animals: bool = False) -> str:
    """Return the number of people `text` says a study had ("42 participants", "nine healthy adults"), or ''; a
    school year ("pupils in Years 5 and 6") or a share ("one in six students dropped out") is no size. For an animal
    study (`animals`), only a count of animals is its size: "42 adults" beside "in mice" were another study's."""
    counted = PARTICIPANTS.finditer(_RATIOS.sub(" ", _SCHOOL_YEARS.sub(" ", text)))
    match = next((m for m in counted if not animals or m.group(0).split()[-1].lower() in ANIMALS), None)
    if match is None:
        return ""
    number = size_of(match.group(1))
    return number if number.isdigit() else ""


def propose_control(text: str, kind: str) -> str:
    """Return yes, no or unstated: whether `text` describes a control group (placebo, randomised, compared with)."""
    if SINGLE_ARM.search(text) or kind == "uncontrolled":
        return "no"
    if NO_CONTROL.search(text) and not CONTROLLED.search(NO_CONTROL.sub(" ", text)):
        return "no"  # "there was no placebo group", and no word of one elsewhere (another study's may stand beside)
    if CONTROLLED.search(text):
        return "yes"
    return "unstated"


def propose_peer_review(text: str) -> str:
    """Return no, yes or '': whether `text` says its study is unpublished ("a preprint") or published in a journal."""
    if _UNREVIEWED.search(text):
        return "no"
    return "yes" if _REVIEWED.search(text) else ""


# a review's own rating of its evidence: "low-certainty evidence", "low- to moderate-certainty evidence", "the
# certainty of the evidence is low", "evidence of very low quality"
_CERTAINTY = re.compile(
    r"\b(?P<before>high|moderate|low|very low)(?:-? to (?:high|moderate|low|very low))?[- ](?:certainty|quality)"
    r" evidence\b|"
    r"\b(?:certainty|quality) of (?:the |this )?evidence (?:is|was) (?P<rated>high|moderate|low|very low)\b|"
    r"\bevidence (?:is|was) of (?P<after>high|moderate|low|very low) (?:certainty|quality)\b",
    re.IGNORECASE,
)


def propose_certainty(text: str) -> str:
    """Return the certainty a review's authors give their evidence where `text` first states it ("14 trials, 1,318
    people; low-certainty evidence": low), in GRADE's words; '' when it states none."""
    found = _CERTAINTY.search(text)
    return (found.group("before") or found.group("rated") or found.group("after")).lower() if found else ""


def propose_funding(text: str) -> str:
    """Return maker, independent or '': whether `text` says its study was run or paid for by the product's maker."""
    if _BY_MAKER.search(text):
        return "" if _NO_ROLE.search(text) else "maker"  # a maker that paid part, with no role: the curator decides
    return "independent" if _INDEPENDENT.search(text) else ""


PLANNED = re.compile(  # a study not yet run: planned, awaited or called for
    r"\b(?:planning|plans? to|planned|will (?:test|run|recruit|enrol|enroll)|(?:is|are) (?:now )?recruiting|"
    r"hop(?:es?|ed|ing) to (?:run|test|start|begin|carry out|conduct|do|launch)|(?:study|trial) would|seek\w* fund\w*|"
    r"appl(?:y|ies|ied|ying) for (?:\w+ )?fund\w*|if it goes ahead|"
    r"next steps?|upcoming|(?:expected|due|set) to (?:report|start|begin|finish|end|recruit)|"
    r"if the (?:new |planned |larger )?trial (?:is|proves|works|succeeds)|"
    r"for that we need|(?:we|they|researchers|scientists) (?:still |now )?need|"
    r"the (?:only |best |right |proper )?way to (?:show|prove|test|know|find out) (?:that|this|it|whether)|"
    r"(?:trials?|studies|research) (?:(?:are|is) )?(?:still )?needed|"
    r"need(?: for)? (?:bigger|larger|more|proper|further)|"
    r"will (?:take|receive|start|begin|launch|conduct|carry out|be (?:given|randomly|assigned|asked|offered))|"
    r"(?:lets|allows|enables|will (?:let|allow|enable|help)) (?:us|them|the (?:team|company)) (?:to )?"
    r"(?:run|start|launch|begin|conduct|carry out|fund)|"  # "this funding lets us run a phase 2 study"
    r"(?:only|best) be (?:done|used|given|offered|tried) (?:as part of|in|within))\b",  # "… as part of a trial"
    re.IGNORECASE,
)
NO_STUDY = re.compile(  # a study said not to exist: "no study has shown", "no large, randomised trials", "I'm not
    # waiting for a study to tell me"
    r"\b(?:no|not\s+(?:waiting|wait)\s+for\s+an?|without\s+(?:an?|any))\s+(?:(?:single|published|good|proper|large|"
    r"larger|big|human|long-term|high-quality|rigorous|randomi[sz]ed|clinical|controlled|placebo-controlled|"
    r"double-blind)\s*,?\s+){0,3}(?:study|studies|trials?)\b"
    r"|\bnot\s+(?:yet\s+)?(?:been\s+)?(?:tested|studied|trialled|trialed)\s+in\s+(?:[\w-]+\s+){0,2}(?:trials?|studies)\b",
    re.IGNORECASE,
)
CUSTOMER_REVIEWS = re.compile(  # "leave us a review", "customer reviews": no review of research
    r"\b(?:leave|write|post)\s+(?:us\s+)?(?:a\s+)?reviews?\b|\bcustomer reviews?\b", re.IGNORECASE
)
DONE = re.compile(
    r"\b(?:found|show(?:s|ed|n)?|reported|suggest(?:s|ed)?|linked|included|followed|tested|compared|was|were|had|"
    r"have been|has been|improved|fell|rose|reduced|eased|dropped|increased|declined|lowered)\b",
    re.IGNORECASE,
)


_CLAUSES = re.compile(r",\s*(?:and|but|so|while|though|although)\s+|;\s*|\s+but\s+", re.IGNORECASE)
_STUDY_WORD = re.compile(r"\b(?:study|studies|trials?|pilot|experiments?|review|research)\b", re.IGNORECASE)


def plans_study(sentence: str) -> bool:
    """True when `sentence` speaks only of a study not yet run ("We're planning a proper randomised trial"); not when
    another of its clauses speaks of one done ("The pilot study of 20 adults is promising, and the team has applied for
    funding for a larger trial")."""
    clauses = [clause for clause in _CLAUSES.split(sentence) if _STUDY_WORD.search(clause)]
    if len(clauses) > 1 and any(map(_plans, clauses)):
        return all(map(_plans, clauses))
    return _plans(sentence)


def _plans(words: str) -> bool:
    return bool(PLANNED.search(words)) and not DONE.search(PLANNED.sub(" ", words))  # not "show" of "way to show"


_PRECLINICAL_POPULATIONS = {"animal": "animals", "in-vitro": "cells"}  # the population a preclinical design implies


def propose_population(sentence: str, paragraph: str, level: str, vocabulary) -> str:
    """Whom a study of design `level` was done in: the animals or cells its design implies, else those named."""
    known = vocabulary.sections["populations"]
    if _PRECLINICAL_POPULATIONS.get(level) in known:
        return _PRECLINICAL_POPULATIONS[level]
    for words in (sentence, paragraph):
        found = [t for t in find_terms(words, vocabulary, "populations") if t != "unspecified"]
        if found:
            return found[0]
        if "humans" in known and counts_people(words):  # "118 undergraduates", a word the vocabulary may lack
            return "humans"
        if "animals" in known and counts_animals(words):  # "32 dogs with noise anxiety"
            return "animals"
    return "unspecified" if "unspecified" in known else next(iter(known), "")


def counts_people(text: str) -> bool:
    """True when `text` gives a number of people ("49 overweight adults"), not of animals ("48 mice")."""
    return any(not animals for animals in _counted(text))


def counts_animals(text: str) -> bool:
    """True when `text` gives a number of animals ("32 dogs", "48 male rat pups")."""
    return any(_counted(text))


def _counted(text: str) -> list[bool]:
    """For each number of beings `text` gives, whether they are animals."""
    counted = PARTICIPANTS.finditer(_RATIOS.sub(" ", text))  # "one in four adults" is a share, not a study's size
    return [m.group(0).split()[-1].lower() in ANIMALS for m in counted]
