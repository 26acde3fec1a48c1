"""Grade how strong a claim a sentence makes from its cues: none, correlational, conditional or direct causal."""

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from analysis.language.cues import Cue, find_cues
from analysis.language.lexicon import Lexicon, LexiconError, load_lexicon

# The cue lexicon (claims/lexicon.csv, described in claims/lexicon.md) draws on Hyland's
# studies of hedges and boosters in research writing (Hyland 1998, "Hedging in Scientific
# Research Articles"; Hyland 2005, "Metadiscourse"); the four strength classes are those of
# Yu, Li & Wang (2019), "Detecting Causal Language Use in Science Findings" (EMNLP); advice
# and exaggerated causal wording are the concerns of Sumner et al. (2014, BMJ 349:g7015).
# The phrases are this project's own. A sentence is graded from its cues by rule: a call for
# research or action claims nothing; otherwise the relation cue of the main clause decides
# between correlational and causal, and hedges before a causal cue make it conditional.

__all__ = [
    "Cue",
    "Lexicon",
    "LexiconError",
    "Reading",
    "STRENGTHS",
    "calls_for_research",
    "STRONGEST_FIRST",
    "classify_strength",
    "find_cues",
    "load_lexicon",
    "read_sentence",
    "read_sentences",
]

STRENGTHS = ("no_relationship", "correlational", "conditional_causal", "direct_causal")  # weakest first
STRONGEST_FIRST = STRENGTHS[::-1]


@dataclass(frozen=True)
class Reading:
    """What a sentence claims: its strength, every cue found, whether it advises or denies."""

    strength: str
    cues: tuple[Cue, ...]
    advice: bool
    negated: bool = False  # a negation scopes over the relation graded ("did not reduce")

    @property
    def hedges(self) -> tuple[Cue, ...]:
        """The hedge cues, in sentence order."""
        return tuple(cue for cue in self.cues if cue.kind == "hedge")

    @property
    def boosters(self) -> tuple[Cue, ...]:
        """The booster cues, in sentence order."""
        return tuple(cue for cue in self.cues if cue.kind == "booster")

    @property
    def negations(self) -> tuple[Cue, ...]:
        """The negation cues, in sentence order."""
        return tuple(cue for cue in self.cues if cue.kind == "negation")

    @property
    def hedge_categories(self) -> tuple[str, ...]:
        """The sorted distinct categories of the hedges; () when there are none."""
        return tuple(sorted({cue.category for cue in self.hedges}))


def classify_strength(sentence: str, lexicon: Lexicon | None = None) -> str:
    """Return the strength of the relationship `sentence` claims (one of STRENGTHS)."""
    return _grade(sentence, find_cues(sentence, lexicon))[0]


def read_sentence(sentence: str, lexicon: Lexicon | None = None, *, claimed: bool = False) -> Reading:
    """Return the Reading of one sentence: strength, cues, advice and negation flags.

    With `claimed`, the sentence is one a curator has tabulated as a claim and is read
    by the curators' rules (claims/README.md) instead of the benchmark's: advice does not
    cancel the effect it states ("is a powerful way to support your gut"), and a relation
    named only in passing ("…, affecting everything from digestion to mood", "for
    improved mood") is the claim when the sentence holds no other.
    """
    cues = tuple(find_cues(sentence, lexicon))
    strength, main = _grade(sentence, cues, claimed)
    advice = any(cue.kind == "advice" for cue in cues)
    return Reading(strength, cues, advice, main is not None and _negates(sentence, cues, main))


def read_sentences(sentences: Iterable[str], lexicon: Lexicon | None = None) -> Iterator[Reading]:
    """Yield the Reading of each sentence, loading the lexicon once."""
    lexicon = load_lexicon() if lexicon is None else lexicon
    for sentence in sentences:
        yield read_sentence(sentence, lexicon)


_RELATIONS = ("causal", "correlational")
_CLAUSE_BREAK = re.compile(
    r"[;:]|,\s*(?:but|whereas|while|although|though|however|which|whereby|thus|therefore)\b"
    r"|\b(?:but|whereas|although|though|however)\b"
)
# A concession opens the clause a cue stands in (the clause runs from the last , ; : before it).
_CONCEDING = re.compile(r"(?:^|[,;:])\s*(?:although|though|while|whereas|but|even if)\b", re.IGNORECASE)
_CLAUSE_MARK = re.compile(r"[,;:]")
_SUBORDINATE = re.compile(
    r"[\s\"'\u201c]*(?:although|though|while|whereas|despite|if|when|given|because|since|"
    r"as|after|before|unless|in addition to)\b[^,;]*,",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"\b(?:suggest|indicate|show|shown|demonstrate|reveal|confirm|conclude|imply|support|mean|"
    r"found|find|note|observe|report|believe|propose|hypothesi[sz]e)\w*,?\s+that\b",
    re.IGNORECASE,
)
_AGENT = re.compile(  # "reduced by the drug", not "reduced by 30%"
    r"(?:\s+\w+ly)?\s+by\s+(?!\d|about\b|approximately\b|nearly\b|almost\b|up\b|over\b|half\b)"
)
_QUANTITY = re.compile(r"\s*(?:\d|half\b|a third\b|a quarter\b|one\b|two\b|three\b|twice\b|double\b)")
_WORD_AFTER = re.compile(r"[^\w.,;:!?()]*(?:\w+ly\b[^\w.,;:!?()]*)?(\w*)")
_BOUNDARIES = ",;:()"
_NON_WORD = "\"'\u201c\u201d\u2018\u2019-\u2013\u2014[]*/.!?"


def _words(text):
    """Return the set of the space-separated words in `text`."""
    return frozenset(text.split())


_DETERMINERS = _words("a an the this these that those its their his her our your no any some such")
_TOPIC_DETERMINERS = _words("the its their")
_MODIFIER_CONTEXT = _words(
    "a an the with of for in by from than among no this these its their his her our your any "
    "more most less and or have has had having show shows showed exhibit exhibits exhibited "
    "demonstrate demonstrated reveal revealed find found observe observed note noted"
)
_BE = _words("is are was were be been being become becomes became remain remains remained")
_PREDICATE = _words("is are was were be been being as represent represents remain remains")
_STUDY = _words(
    "assess assessed assessing evaluate evaluated evaluating investigate investigated investigating "
    "examine examined examining explore explored exploring study studied studying determine "
    "determined measure measured understand compare compared regarding on about into of for "
    "address addressed establish estimate estimated confirm test tested"
)
_STUDY_VERBS = _STUDY - _words("regarding on about into of for") | _words("focus focused focusing")
_POSSESSION = _words(
    "has have had having show shows showed shown exert exerts exerted yield yields yielded "
    "provide provides provided offer offers offered confer confers conferred produce produces "
    "produced demonstrate demonstrates demonstrated"
)
_GERUND_CONTEXT = _words("in for at of on")
_INTRANSITIVE_NEXT = _words(
    "with in by over after during from to among across for at between until since throughout "
    "compared versus vs when while as"
)
_CLAIM_BEFORE_TO = _words(
    "shown found able appear appears appeared seem seems seemed likely unlikely tend tends "
    "proven proved demonstrated help helps helped helping serve serves served known reported "
    "observed contribute contributes contributed used sufficient insufficient enough"
)
_RESEARCH = _words(
    "findings results data study studies research paper analysis analyses observations "
    "information knowledge understanding implications insights evidence work literature report review"
)
_AUXILIARIES = _words("will would can could may might should must also further do does did has have had not")
_NEGATION_REACH = 6  # words between a negation and the relation it denies
_DENIAL_REACH = 2  # words between a negation and a booster it denies ("has not been proven")
# Share of a relation cue's weight kept when it is named in passing (a purpose, "to reduce";
# a role noun not predicated of anything) or weakly (a gerund, a noun nobody has, a change).
_PASSING = 0.25
_WEAK = 0.5


class _Claim(NamedTuple):
    """What one relation cue asserts in its sentence."""

    kind: str
    weight: float
    cue: Cue


def _grade(sentence, cues, claimed=False):
    """Return the strength class and the relation cue it rests on (None when there is none).

    A claim of weight 0 is a relation named in passing; it counts only for a `claimed` sentence.
    """
    if _cancelled(sentence, cues, claimed):
        return "no_relationship", None
    claims = [_claim(sentence, cue) for cue in cues if cue.kind in _RELATIONS]
    supposed = _supposed(sentence, cues) if claims and any(cue.kind == "question" for cue in cues) else ()
    claims = [claim for claim in claims if claim and claim.cue.start not in supposed]
    claims = [claim for claim in claims if claim.weight > 0] or (claims if claimed else [])
    if not claims:
        return "no_relationship", None
    main = _main_claim(sentence, claims)
    if main.kind == "correlational":
        return "correlational", main.cue
    if _hedged(sentence, cues, main.cue):
        return "conditional_causal", main.cue
    return "direct_causal", main.cue


def _cancelled(sentence, cues, claimed=False):
    """True when the sentence calls for research or action (for a `claimed` one: for research) instead of a relation."""
    if claimed:
        return calls_for_research(sentence, cues)
    return any(
        (cue.kind == "hedge" and cue.category == "needs-more-trials")
        or (cue.kind == "advice" and cue.category in ("recommendation", "necessity"))
        for cue in cues
    )


def calls_for_research(sentence: str, cues) -> bool:
    """True when `sentence` calls for more research in its main clause, so that it claims no relation.

    A call conceded in a subordinate clause ("X may help, although more research is
    needed") leaves the claim standing; curators tabulate it (claims/README.md).
    """
    calls = [cue for cue in cues if cue.kind == "hedge" and cue.category == "needs-more-trials"]
    marks = [mark.start() for mark in _CLAUSE_MARK.finditer(sentence)] if calls else []
    return any(not _CONCEDING.match(sentence, _clause_start(marks, cue.start), cue.start) for cue in calls)


def _clause_start(marks, at):
    """Return the position of the last clause mark before `at` (0 when there is none)."""
    i = bisect.bisect_left(marks, at) - 1
    return marks[i] if i >= 0 else 0


def _claim(sentence, cue):
    """Return the claim a relation cue makes in `sentence`, possibly reweighted, or None."""
    previous = _word_before(sentence, cue.start)
    if cue.category == "comparison" and _QUANTITY.match(sentence, cue.end):
        return None  # "more than 50%" is a quantity, not a comparison
    if cue.category == "role":
        return _role_claim(sentence, cue)
    if cue.kind == "causal" and (cue.category == "noun" or (cue.category == "verb" and previous in _DETERMINERS)):
        return _noun_claim(sentence, cue, previous)  # "the impact", "a benefit"
    if cue.kind == "correlational" and cue.category == "noun" and _studied(_words_before(sentence, cue.start)):
        return None  # "to examine the association between", "research has focused on the connection"
    if cue.category in ("verb", "change"):
        return _verb_claim(sentence, cue, previous)
    return _Claim(cue.kind, cue.weight, cue)


def _role_claim(sentence, cue):
    """A role noun claims when predicated ("X is a predictor of Y"), and weakly otherwise."""
    predicated = not _PREDICATE.isdisjoint(_words_before(sentence, cue.start))
    return _Claim(cue.kind, cue.weight if predicated else cue.weight * _PASSING, cue)


def _studied(words):
    """True when the noun after `words` is what was studied: "assess the", "focused on the", "analysis of the"."""
    words = [word.strip(_NON_WORD) for word in words]
    for at in range(max(1, len(words) - 2), len(words)):
        if words[at] not in _TOPIC_DETERMINERS:
            continue
        before = words[at - 1]
        asked = at > 1 and (words[at - 2] in _STUDY_VERBS or (before == "of" and words[at - 2] in _RESEARCH))
        if before in _STUDY_VERBS or (before in _STUDY and asked):
            return True
    return False


def _noun_claim(sentence, cue, previous):
    """A causal noun claims when something has it ("had a beneficial effect"), not as a topic."""
    words = _words_before(sentence, cue.start)
    if previous in _TOPIC_DETERMINERS and len(words) > 1 and words[-2] in _STUDY:
        return None  # "to assess the efficacy of X", "regarding the effects of Y": what was studied
    held = not _POSSESSION.isdisjoint(words)
    return _Claim(cue.kind, 1.0 if held else cue.weight * _WEAK, cue)


def _verb_claim(sentence, cue, previous):
    """Read a causal verb as a claim, a modifier, a purpose or a described change."""
    text = cue.text.lower()
    following = _word_after(sentence, cue.end)
    participle = text.endswith(("ed", "ing"))
    if previous == "to":
        purpose = _word_before(sentence, sentence.rfind("to", 0, cue.start)) not in _CLAIM_BEFORE_TO
        return _Claim(cue.kind, cue.weight * (_PASSING if purpose else 1.0), cue)
    if _AGENT.match(sentence, cue.end):
        return _Claim(cue.kind, cue.weight, cue)  # "was improved by supplementation"
    if cue.kind == "causal" and _subject_word(sentence, cue.start) in _RESEARCH:
        return None  # "these findings will help clinicians": a claim about the research itself
    if text.endswith("ing") and previous in _GERUND_CONTEXT:
        return _Claim(cue.kind, cue.weight * _WEAK, cue)  # "effective in reducing"
    if participle and (not previous or previous in _MODIFIER_CONTEXT) and following not in _DETERMINERS:
        return _Claim(cue.kind, 0.0, cue)  # in passing: "with improved survival", "had elevated blood pressure"
    progressive = text.endswith("ing") and (cue.category != "change" or following in _DETERMINERS)  # "is shaping"
    described = participle and previous in _BE and not progressive
    if cue.category == "change":
        described = described or following in _INTRANSITIVE_NEXT or not following
    if described:
        return _Claim("correlational", cue.weight * _WEAK, cue)  # "Y was increased", "Y rose with age"
    return _Claim(cue.kind, cue.weight, cue)


def _word_before(sentence, index):
    """Return the lower-cased word before `index`, or "" at the start or after , ; : ( )."""
    words = sentence[max(0, index - 30) : index].split()
    if not words or words[-1][-1] in _BOUNDARIES:
        return ""
    return words[-1].strip(_NON_WORD).lower()


def _words_before(sentence, index):
    """Return the (up to) four lower-cased words before `index`."""
    return sentence[max(0, index - 40) : index].lower().split()[-4:]


def _subject_word(sentence, index):
    """Return the word before `index` once auxiliaries and adverbs are skipped ("findings will")."""
    for word in reversed(_words_before(sentence, index)):
        if word not in _AUXILIARIES and not word.endswith("ly"):
            return word.strip(_NON_WORD)
    return ""


def _word_after(sentence, index):
    """Return the lower-cased word after `index`, skipping one -ly adverb; "" at punctuation."""
    match = _WORD_AFTER.match(sentence, index)
    return match.group(1).lower() if match else ""


def _supposed(sentence, cues):
    """Return the starts of the cues that sit in a whether- or if-clause, which asks or supposes rather than claims.

    Such a cue follows a question cue ("whether", "if") with no , ; : between them. One pass
    over the cues, in sentence order.
    """
    marks = [mark.start() for mark in _CLAUSE_MARK.finditer(sentence)]
    supposed, question_end = set(), None
    for cue in cues:
        if question_end is not None and _clause_start(marks, cue.start) < question_end:
            supposed.add(cue.start)
        if cue.kind == "question":
            question_end = cue.end if question_end is None else max(question_end, cue.end)
    return supposed


def _main_claim(sentence, claims):
    """Return the claim that carries the sentence.

    That is the strongest claim in the main clause, or in the that-clause of a
    reporting verb ("these results suggest that X reduces Y") when there is one.
    """
    if len(claims) == 1:
        return claims[0]
    subordinate = _SUBORDINATE.match(sentence)
    reported = _REPORTED.search(sentence) if "that" in sentence else None
    if subordinate or reported:
        start = max(subordinate.end() if subordinate else 0, reported.end() if reported else 0)
        claims = [claim for claim in claims if claim.cue.start >= start] or claims
    return max(claims, key=lambda claim: (claim.weight, -claim.cue.start))


def is_denied(sentence: str, cues, cue) -> bool:
    """True when a negation just before `cue` (two words at most) denies it: "doesn't always", "not proven"."""
    return _negates(sentence, cues, cue, reach=_DENIAL_REACH)


def _negates(sentence, cues, main, reach=None):
    """True when a negation shortly before `main`, in its clause, denies it ("did not reduce").

    The negations are tried nearest first, and the first too far away ends the search: the
    ones before it are farther still.
    """
    reach = _NEGATION_REACH if reach is None else reach
    for cue in reversed(cues):
        if cue.kind != "negation" or cue.end > main.start:
            continue
        if len(sentence[cue.end : main.start].split()) > reach:
            return False
        if not _CLAUSE_BREAK.search(sentence, cue.end, main.start):
            return True
    return False


def _hedged(sentence, cues, main):
    """True when the hedges before `main`, in its clause, weigh 1.0 or more together."""
    before = [cue for cue in cues if cue.kind == "hedge" and cue.start < main.start]
    if sum(cue.weight for cue in before) < 1.0:
        return False
    breaks = [match.end() for match in _CLAUSE_BREAK.finditer(sentence, 0, main.start)]
    clause_start = breaks[-1] if breaks else 0
    return sum(cue.weight for cue in before if cue.start >= clause_start) >= 1.0
