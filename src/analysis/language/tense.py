"""Tell a report of what a study saw ("both patients recovered") from a general claim ("FMT cures colitis").

A sentence in the simple past with no present-tense or modal verb reports what happened
to the people studied; a causal verb in the present ("reduces"), a modal ("may", "can")
or the present perfect ("studies have shown") makes a general statement. Sumner et al.
(BMJ 2014) and Yu et al. (2019) judge the general statements: a past report of one study's
results is a description of the evidence, not a claim beyond it.

Tested in tests/language/test_tense.py.
"""

import re

PAST = frozenset(  # the irregular simple past of verbs that tell what happened to the people studied
    """was were had did saw lost fell rose grew took ate gave got met felt found went came left kept began became
    made ran slept drank spent held led stood chose paid""".split()
)
PRESENT = frozenset(
    """is are am isn't aren't can can't cannot may might could will would won't does doesn't do don't
    has have hasn't haven't helps help seems seem appears appear suggests suggest""".split()
)
_WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")  # 'immunotherapy-induced' is one word, no verb
_PAST_FORM = re.compile(r"^[a-z]{3,}ed$")


def reports_past_result(sentence: str) -> bool:
    """Return whether `sentence` only reports, in the past tense, what happened: no present or modal verb."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(sentence)]
    if any(w in PRESENT for w in words):
        return False
    return any(w in PAST or _PAST_FORM.match(w) for w in words)
