"""Tell a report of what a study saw ("both patients recovered") from a general claim ("FMT cures colitis").

A sentence in the simple past with no present-tense or modal verb reports what happened
to the people studied; a causal verb in the present ("reduces"), a modal ("may", "can")
or the present perfect ("studies have shown") makes a general statement. Sumner et al.
(BMJ 2014) and Yu et al. (2019) judge the general statements: a past report of one study's
results is a description of the evidence, not a claim beyond it, unless it has the exposure
act on the outcome with a causal verb ("tart cherries helped to positively impact the gut
microbiome": `names_a_cause`), which credits a cause the study may not show.

Tested in tests/language/test_tense.py.
"""

import re
from functools import lru_cache

from analysis.language.detector import read_sentence

PAST = frozenset(  # the irregular simple past of verbs that tell what happened to the people studied
    """was were had did saw lost fell rose grew took ate gave got met felt went came left kept began became ran
    slept drank spent held stood chose paid""".split()  # not "found", "made", "led": a study found, made, led by
)
PRESENT = frozenset(
    """is are am isn't aren't can can't cannot may might could will would won't does doesn't do don't
    has have hasn't haven't helps help seems seem appears appear suggests suggest""".split()
)
_WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")  # 'immunotherapy-induced' is one word, no verb
_PAST_FORM = re.compile(r"^[a-z]{3,}ed$")
_FINDINGS = re.compile(  # research as the subject of a verb of reporting: "other studies have shown similar results"
    r"(?i)\b(?:studies|trials|research)\b(?:\s+[\w-]+){0,8}?\s+(?:have|has)\s+(?:also\s+)?"
    r"(?:reported|observed|shown|found|seen)\b"
    # what evidence there is: "certain strains have reasonable evidence for …", not "have evidence that they reduce",
    # "evidence-based benefits", "patients who have evidence of inflammation"
    r"|\b(?:has|have)\s+(?:\w+\s+){0,2}evidence\b(?!-|\s+(?:that|of)\b)"
    # "there is reasonable evidence that …", "it adds to a growing body of evidence that …": the evidence described
    r"|\b(?:there(?:'s|’s| is| are)|adds? to)\s+(?:[\w-]+\s+){0,4}evidence\b(?!-)"
)
_SAID = re.compile(  # a survey's answer: "almost six in ten (58 per cent) said stress affected …"
    r"\b(?:per ?cent\)?|%\)?|in (?:ten|\d+)|respondents|members|participants|parents)\s+(?:said|say|reported)\b",
    re.IGNORECASE,
)


def reports_past_result(sentence: str) -> bool:
    """Return whether `sentence` only reports, in the past tense, what happened: no present or modal verb."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(sentence)]
    if any(w in PRESENT for w in words):
        return False
    return any(w in PAST or _PAST_FORM.match(w) for w in words)


@lru_cache(maxsize=100_000)
def names_a_cause(quote: str) -> bool:
    """True when `quote` has something act on something with a causal verb ("cherries helped to impact the
    microbiome", "bacteria influence the response"), not only a change it saw ("anxiety fell", "improvements in
    inflammation"), a participle ("butyrate-producing bacteria") or what people said ("58 per cent said stress
    affected their digestion": a survey's answer)."""
    return any(
        cue.kind == "causal"
        and cue.category == "verb"
        and not cue.text.endswith("ing")
        and not _SAID.search(quote[: cue.start])
        for cue in read_sentence(quote).cues
    )


def reports_findings(sentence: str) -> bool:
    """Return whether `sentence` reports what research has found, with research as the subject of a verb of
    reporting ("a handful of small studies have reported improvements in mood", "other studies have shown similar
    results"), or what evidence there is ("omega-3 fats have slightly better evidence", "there is reasonable evidence
    that …", "it adds to a growing body of evidence that …"): a description of the evidence, as the article's readers
    see it, not a cause it claims."""
    return bool(_FINDINGS.search(sentence))
