"""Propose the direction of a claim's effect from its quote: its words of direction, composed.

The words are the vocabulary's synonyms of each direction and the lexicon's words of an effect
(kind `effect`: "lifted", "calmer", "worse"); the lexicon's words of direction (kind `direction`:
decrease, lack, transfer) say how they combine.
"""

import re

from analysis.curation.terms import find_spans
from analysis.language.detector import calls_for_research, find_cues
from analysis.workbook.vocabulary import Vocabulary

_OPPOSITE = {"beneficial": "harmful", "harmful": "beneficial"}
_REACH = 3  # words between a word of direction and the words it acts on
_CLAUSE_END = re.compile(r"[,;:()|.!?]")
_SUBJECT_START = re.compile(r"[,;:|]|\bthat\b")  # "studies have found that individuals with low levels of …"
_SENTENCE_START = re.compile(r"[;:|]")  # not a comma: ", preventing harm" is no gerund subject
_DETERMINERS = frozenset("a an the this that these those its their our your his her".split())
_NORMAL_FUNCTION = re.compile(r"\bcontribut\w* to (?:the )?(?:maintenance of )?normal\b", re.IGNORECASE)
_TELLING = ("imperative", "necessity", "referral")  # advice that tells the reader to act, not "you can"


def propose_direction(quote: str, vocabulary: Vocabulary, reading, lexicon) -> str | None:
    """Return the direction of the effect `quote` states, or None when the vocabulary has no term for it.

    The words of direction are the vocabulary's synonyms and the lexicon's words of an effect;
    those the lexicon reads as a hedge of their own ("promising") or within a fixed term
    ("self-harm") are left out, not
    those a hedge qualifies ("a small benefit"). Read in order
    (claims/README.md, Direction): a denied relation ("did not improve") or one judged unlikely ("unlikely to do
    harm") is no effect; a
    call for research states none; a factor named by its lack at the head of the
    sentence ("Inadequate sleep can …") is beneficial, the factor itself being good; what
    a clause opens by limiting ("Limiting processed foods") is harmful; otherwise the
    first word of direction, composed with the lexicon's words of direction around it:
    lessening a harm is a benefit and lessening a good a harm ("taming inflammation",
    "lower levels of beneficial bacteria"), and "contribute to" passes on the direction
    of what follows ("contribute to a healthier gut"). With no word of direction, a condition
    made less likely is a benefit and more likely a harm ("were less likely to develop
    depression"), and advice recommends a benefit. Nothing found: `unspecified`.
    """
    terms = vocabulary.sections["directions"]
    direction = _read_direction(quote, vocabulary, reading, lexicon)
    if direction in terms:
        return direction
    return "unspecified" if "unspecified" in terms else None


def _read_direction(quote, vocabulary, reading, lexicon) -> str | None:
    """Return the slug of direction the words give (see propose_direction), or None for none."""
    found, effects = _direction_words(quote, vocabulary, lexicon)
    if _denied(quote, reading, effects) or _judged_unlikely(quote, found, reading):
        return "no-effect"
    if calls_for_research(quote, reading.cues):
        return None
    if _NORMAL_FUNCTION.search(quote):
        return "beneficial"  # a supplement's authorised wording: "contributes to normal psychological function"
    marks = find_cues(quote, lexicon, kinds=("direction",))
    # left out: a word within a fixed term ("self-harm") or a hedge ("lays the foundation"), or one that is a hedge
    # itself ("promising"); not one a hedge of size qualifies ("a small benefit", "the effect was modest")
    hidden = [
        (c.start, c.end) for c in reading.cues if c.kind == "term" or (c.kind == "hedge" and c.category != "modest")
    ]
    sized = {(c.start, c.end) for c in reading.cues if c.kind == "hedge" and c.category == "modest"}
    words = [w for w in found if not _within(w[1], hidden) and w[1:] not in sized]
    composed = [w for w in words if w not in effects]  # "calmer", "slept better" state their result: not flipped
    if _lack_at_head(quote, marks, words + find_spans(quote, vocabulary, "interventions")):
        return "beneficial"
    if _limits_at_head(quote, marks, find_spans(quote, vocabulary, "conditions")):
        return "harmful"
    for slug, start, end in words:
        over = next((m for m in marks if m.start < end and start < m.end and m.category != "lack"), None)
        if over is not None:
            then = next((w for w in composed if w[1] >= over.end and _near(quote, over.end, w[1])), None)
            if then is None:
                return slug
            return _OPPOSITE.get(then[0], then[0]) if over.category == "decrease" else then[0]
        lessened = any(m.end <= start and m.category != "transfer" and _near(quote, m.end, start) for m in marks)
        if lessened and (slug, start, end) in composed:
            return _OPPOSITE.get(slug, slug)  # "taming inflammation", "poor fuel for beneficial bacteria"
        return slug
    likelihood = _LIKELIHOOD.search(quote)  # "were less likely to develop depression": a harm made less likely
    if likelihood and _names_a_condition(quote[likelihood.end() :], vocabulary):
        return "beneficial" if likelihood.group(1).lower() == "less" else "harmful"
    told = any(cue.kind == "advice" and cue.category in _TELLING for cue in reading.cues)
    return "beneficial" if told else None


def _direction_words(quote, vocabulary, lexicon) -> tuple[list, list]:
    """The words of direction in `quote`, in text order, as (slug, start, end): the vocabulary's synonyms of each
    direction, and the lexicon's words of an effect (kind `effect`: "lifted", "calmer", "slept better") where no
    synonym stands; and, apart, those words of an effect."""
    named = find_spans(quote, vocabulary, "directions")
    terms = vocabulary.sections["directions"]
    effects = [
        (cue.category, cue.start, cue.end)
        for cue in find_cues(quote, lexicon, kinds=("effect",))
        if cue.category in terms and not any(start < cue.end and cue.start < end for _, start, end in named)
    ]
    return sorted(named + effects, key=lambda word: word[1]), effects


def _denied(quote, reading, effects=()) -> bool:
    """True when a negation stands right before a word of relation, in its clause ("did not improve", "no link"), or
    before a word of an effect, a few words on in its clause ("won't make you happier", "no one slept better")."""
    negations = [cue for cue in reading.cues if cue.kind == "negation" and cue.category == "relation"]
    if any(n.end <= start and _near(quote, n.end, start, reach=4) for n in negations for _, start, _ in effects):
        return True
    relations = [cue for cue in reading.cues if cue.kind in ("causal", "correlational")]
    return any(
        cue.kind == "negation"
        and cue.category == "relation"
        and any(
            other.start >= cue.end
            and _near(quote, cue.end, other.start)
            and len(quote[cue.end : other.start].split()) <= 1
            for other in relations
        )
        for cue in reading.cues
    )


_LIKELIHOOD = re.compile(
    r"\b(less|more)\s+likely\s+to\s+(?:\w+\s+){0,2}?(?:develop|have|report|suffer|experience|get|be\s+diagnosed)\b"
    r"(?!\s+(?:been|taken|had|better|good|a healthy|healthier|improved)\b)",  # not "more likely to report better mood"
    re.IGNORECASE,
)


def _names_a_condition(words: str, vocabulary) -> bool:
    """True when a condition of the vocabulary is named among the first few `words` (what is made likely)."""
    head = " ".join(words.split()[: _REACH + 2])
    return bool(find_spans(head, vocabulary, "conditions"))


_UNLIKELY = re.compile(r"(?<!\bnot )\b(?:unlikely|not\s+likely)\s+to\b", re.IGNORECASE)
_CHANCE = re.compile(r"\b(?:chance|coincidence|fluke)\b", re.IGNORECASE)  # "unlikely to be due to chance"


def _judged_unlikely(quote, words, reading) -> bool:
    """True when "unlikely to" stands right before a word of direction or relation and the quote gives no direction
    elsewhere (`words`, its words of direction): "a probiotic is unlikely to do harm" claims no effect (curators code
    it so); not "kefir eases anxiety and is unlikely to cause harm", nor "unlikely to be due to chance", a claim about
    the statistics."""
    directions = [start for _, start, _ in words]
    relations = [cue.start for cue in reading.cues if cue.kind in ("causal", "correlational")]
    for found in _UNLIKELY.finditer(quote):
        boundary = _CLAUSE_END.search(quote, found.end())
        end = boundary.start() if boundary else len(quote)
        if _CHANCE.search(quote, found.end(), end):
            continue
        right_after = any(
            found.end() <= at < end and len(quote[found.end() : at].split()) <= 1 for at in directions + relations
        )
        elsewhere = any(not found.start() <= at < end for at in directions)
        if right_after and not elsewhere:
            return True
    return False


def _within(at, spans) -> bool:
    return any(low <= at < high for low, high in spans)


def _near(quote, start, end, reach=_REACH) -> bool:
    """True when at most `reach` words, and no clause boundary, lie between `start` and `end`."""
    between = quote[start:end]
    return len(between.split()) <= reach and not _CLAUSE_END.search(between)


def _at_head(quote, start) -> bool:
    """True when the sentence, or a part after a colon, starts at `start`, an adverb aside ("Consciously limiting")."""
    before = _SENTENCE_START.split(quote[:start])[-1].split()
    return not before or (len(before) == 1 and before[0].lower().endswith("ly"))


def _lack_at_head(quote, marks, named) -> bool:
    """True when the sentence opens on a factor named by its lack: "Irregular sleep patterns", "Lack of fibre"."""
    return any(
        mark.category == "lack"
        and _opens_subject(_SUBJECT_START.split(quote[: mark.start])[-1].lower().split())
        and any(_modifies(quote, mark, start, end) for _slug, start, end in named)
        for mark in marks
    )


def _opens_subject(before) -> bool:
    """True when the words `before` a phrase leave it at the head of a subject: "", "the", "people with"."""
    return all(word in _DETERMINERS for word in before) or (len(before) <= 2 and before[-1] == "with")


def _modifies(quote, mark, start, end) -> bool:
    """True when `mark` and the words at start:end make one phrase: "sleep deprivation", "lack of fibre"."""
    if start < mark.end and mark.start < end:
        return True
    if start >= mark.end:
        return _near(quote, mark.end, start)
    return not quote[end : mark.start].strip()


def _limits_at_head(quote, marks, conditions) -> bool:
    """True when a clause opens by limiting something other than a condition ("Reducing Processed Foods")."""
    return any(
        mark.category == "decrease"
        and mark.text.lower().endswith("ing")
        and _at_head(quote, mark.start)
        and not any(start >= mark.end and _near(quote, mark.end, start) for _slug, start, _end in conditions)
        for mark in marks
    )
