"""Propose a claim's labels from its quote, and read labels a curator types, against the vocabulary.

Tested in tests/curation/test_add.py.
"""

import re
from functools import lru_cache

from analysis.common import paths
from analysis.common.problems import Problem, WorkbookError
from analysis.language.detector import STRENGTHS, calls_for_research, find_cues, load_lexicon, read_sentence
from analysis.language.sentences import is_heading, split_sentences
from analysis.workbook.validate import MULTI_VALUED, SINGLE_VALUED
from analysis.workbook.vocabulary import SEPARATOR, Vocabulary, split_terms

TERM_COLUMNS = {**MULTI_VALUED, **SINGLE_VALUED}  # column -> vocabulary section


def find_terms(text: str, vocabulary: Vocabulary, section: str) -> list[str]:
    """Return the slugs of `section` whose name, label or synonym `text` mentions, in text order.

    Names match whole words, in any case, longest first, with a plural "s" allowed:
    "faecal transplants" names `fmt`; a slug matches with spaces for its hyphens.
    """
    found = []
    for slug, _start, _end in find_spans(text, vocabulary, section):
        if slug not in found:
            found.append(slug)
    return found


def find_spans(text: str, vocabulary: Vocabulary, section: str) -> list[tuple[str, int, int]]:
    """Return (slug, start, end) for each name of a `section` term that `text` mentions, in text order."""
    pattern, names = _term_pattern(vocabulary, section)
    spans = []
    for match in pattern.finditer(text):
        name = re.sub(r"\s+", " ", match.group()).casefold()
        slug = names.get(name) or names.get(name[:-1])
        if slug:
            spans.append((slug, match.start(), match.end()))
    return spans


@lru_cache(maxsize=32)
def _term_pattern(vocabulary: Vocabulary, section: str):
    names = dict(vocabulary.names[section])
    for slug in vocabulary.terms(section):
        names.setdefault(re.sub(r"[-_]", " ", slug).casefold(), slug)
    names.pop("none", None)
    alternatives = [re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True)]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")s?(?!\w)", re.IGNORECASE)
    return pattern, names


def propose_labels(quote: str, vocabulary: Vocabulary, claims_dir=None, text: str | None = None) -> dict[str, str]:
    """Return the labels the words of `quote` support: terms named, hedging, relation, advice and placement.

    Conditions, interventions and mechanisms come from the vocabulary's names and
    synonyms found in the quote (left out when none is); hedging, relation and advice
    from the language detector (`analysis.language.read_sentence`), which reads the quote
    as a claim; with the source's `text`, the placement: a title or heading is a headline,
    the first two sentences after the title a summary (Yu et al. 2020 read those as an
    article's main statements).
    """
    lexicon = load_lexicon(paths.lexicon_path(claims_dir))
    reading = read_sentence(quote, lexicon, claimed=True)
    proposals = {}
    for column in ("conditions", "interventions", "mechanisms"):
        terms = find_terms(quote, vocabulary, column)
        if terms:
            proposals[column] = SEPARATOR.join(terms)
    hedges = propose_hedges(quote, reading, vocabulary)
    hedged = _hedges_claim(quote, reading, vocabulary)
    header = _table_header(quote, text) if text else None  # a hedge in a column header hedges every row under it
    if header:
        above = propose_hedges(header, read_sentence(header, lexicon), vocabulary)
        hedges, hedged = sorted(set(hedges) | set(above)), hedged or bool(above)
    proposals["hedging"] = SEPARATOR.join(hedges) or "none"
    placement = propose_placement(quote, text) if text else None
    graded = _read_heading(quote, reading, lexicon) if placement == "headline" else reading
    relation = propose_relation(quote, graded, vocabulary, heading=placement == "headline", hedged=hedged)
    if relation:
        proposals["relation"] = relation
    proposals["advice"] = "yes" if reading.advice else "no"
    referral = any(cue.kind == "advice" and cue.category == "referral" for cue in reading.cues)
    if referral and "safety" in vocabulary.sections["advice"]:
        proposals["advice"] = "safety"  # safety and referral advice, never flagged
    proposals.update(propose_evidence(quote, vocabulary))
    direction = propose_direction(quote, vocabulary, reading, lexicon)
    if direction:
        proposals["direction"] = direction
    if placement in vocabulary.sections.get("placements", {}):
        proposals["placement"] = placement
    return proposals


def _table_header(quote: str, text: str) -> str | None:
    """Return the header line of the table whose row `quote` is, or None when it is no row under a header."""
    at = text.find(quote.strip())
    if not quote.lstrip().startswith("|") or at < 0:
        return None
    lines = text[: text.rfind("\n", 0, at) + 1].splitlines()
    rows = []
    for line in reversed(lines):
        if not line.lstrip().startswith("|"):
            break
        rows.append(line)
    return rows[-1] if rows else None


def _read_heading(quote: str, reading, lexicon):
    """Read a heading by what follows its colon when that states a relation ("The Link to Depression: How … May …")."""
    label, colon, rest = quote.rpartition(":")
    if not colon or not label.strip():
        return reading
    after = read_sentence(rest, lexicon, claimed=True)
    return after if after.strength != STRENGTHS[0] else reading


def propose_hedges(quote: str, reading, vocabulary: Vocabulary) -> list[str]:
    """Return the hedging terms of `quote`: the detector's hedges and the vocabulary's words for one.

    The vocabulary names "can" a hedge, as curators read "can lead to"; not inside a cue
    the lexicon reads otherwise: "you can" (advice to the reader) or "can't" (a negation).
    """
    taken = [(cue.start, cue.end) for cue in reading.cues if cue.kind in ("advice", "negation")]
    named = {
        slug
        for slug, start, end in find_spans(quote, vocabulary, "hedging")
        if not any(low <= start and end <= high for low, high in taken)
    }
    detected = {c for c in reading.hedge_categories if c in vocabulary.sections["hedging"]}
    return sorted(detected | named - {"none"})


def _hedges_claim(quote: str, reading, vocabulary: Vocabulary) -> bool:
    """True when a hedge of `quote` (the detector's, or the vocabulary's "can") softens its claim.

    Any hedge does, as curators read it ("hold promise for improving"), but one conceded
    before "but" ("may be microscopic, but their impact …") softens no claim.
    """
    taken = [(cue.start, cue.end) for cue in reading.cues if cue.kind in ("advice", "negation")]
    ends = [cue.end for cue in reading.hedges] + [
        end
        for slug, start, end in find_spans(quote, vocabulary, "hedging")
        if slug != "none" and not any(low <= start and end <= high for low, high in taken)
    ]
    return any(not _CONCESSION.search(quote, end) for end in ends)


# "Probiotics are live beneficial bacteria that …", "Psychobiotics are a class of probiotics that …":
# a subject of up to three words defined by its kind and what marks it out.
_DEFINITION = re.compile(
    r"^\W*(?:[A-Z][\w-]*)(?:\s+[\w-]+){0,2}\s+(?:is|are)\s+(?:(?:a|an)\s+)?(?:[\w-]+\s+){1,4}(?:that|which|who)\b"
)


_CONCESSION = re.compile(r"\b(?:but|yet|however)\b", re.IGNORECASE)  # what is conceded before it is not the claim


def propose_relation(quote: str, reading, vocabulary: Vocabulary, heading: bool = False, hedged: bool = False):
    """Return the relation a tabulated claim states, or None when the vocabulary has no term for it.

    The detector's strength for the quote read as a claim, then the curators' rules
    (claims/README.md): a definition ("Probiotics are live bacteria that …") relates no
    exposure to an outcome; a heading that names a benefit or harm and no relation
    ("Movement for a Healthier Gut") asserts it, like the sentence it stands for; a
    hedged claim with no word of relation ("could be complementary tools") is a hedged
    cause; a flat cause under a hedge (`hedged`: "may", the curators' "can lead to",
    a hedged column header) is a hedged one.
    """
    relations = vocabulary.terms("relations")  # weakest first
    strength = reading.strength
    if _DEFINITION.match(quote) and not reading.hedges:
        strength = STRENGTHS[0]
    elif (
        strength == STRENGTHS[0]
        and not calls_for_research(quote, reading.cues)
        and _states_effect(quote, reading, vocabulary, heading)
    ):
        strength = STRENGTHS[-1]
    if strength not in relations:
        return None
    if hedged and strength == relations[-1] and len(relations) > 1:
        return relations[-2]
    return strength


def _states_effect(quote: str, reading, vocabulary: Vocabulary, heading: bool) -> bool:
    """True when a quote with no word of relation still states an effect: a heading naming one, or a modal hedge.

    A word the lexicon reads as a hedge ("Promising Findings") names no effect; a modal is
    a hedge that alone makes a claim conditional (weight 1.0: may, could, might, not
    "potential"), and one conceded before "but" ("It might sound like fiction, but …")
    hedges no claim.
    """
    if heading:
        hedged = [(cue.start, cue.end) for cue in reading.hedges]
        return any(
            not any(low <= start < high for low, high in hedged)
            for _slug, start, _end in find_spans(quote, vocabulary, "directions")
        )
    return any(
        cue.category == "speculative" and cue.weight >= 1.0 and not _CONCESSION.search(quote, cue.end)
        for cue in reading.hedges
    )


def propose_evidence(quote: str, vocabulary: Vocabulary) -> dict[str, str]:
    """Return the evidence level, population and reporting the words name ("a randomised trial", "in mice").

    The strongest evidence level whose name or synonym the quote holds is proposed, and
    the population it names; "studies show" and the like are reported second-hand, a
    named design in the sentence itself is described. Nothing is proposed the words do not say.
    """
    proposals = {}
    levels = find_terms(quote, vocabulary, "evidence_levels")
    if levels:
        best = min(levels, key=lambda slug: vocabulary.term("evidence_levels", slug).rank)
        proposals["evidence_level"] = best
        reported = {"unspecified": "second-hand", "opinion": "second-hand"}.get(
            vocabulary.term("evidence_levels", best).kind, "described"
        )
        if reported in vocabulary.sections.get("reportings", {}):
            proposals["reporting"] = reported
    else:  # the words name no evidence: the level of kind "none", reported by nothing
        nothing = [t.slug for t in vocabulary.evidence_levels() if t.kind == "none"]
        proposals.update({"evidence_level": nothing[0]} if nothing else {})
        if nothing and nothing[0] in vocabulary.sections.get("reportings", {}):
            proposals["reporting"] = nothing[0]
    populations = find_terms(quote, vocabulary, "populations")
    if populations:
        proposals["population"] = populations[0]
    elif "unspecified" in vocabulary.sections["populations"]:
        proposals["population"] = "unspecified"  # the text does not say in whom
    return proposals


_OPPOSITE = {"beneficial": "harmful", "harmful": "beneficial"}
_REACH = 3  # words between a word of direction and the words it acts on
_CLAUSE_END = re.compile(r"[,;:()|.!?]")
_CLAUSE_START = re.compile(r"[,;:|]")
_SUBJECT_START = re.compile(r"[,;:|]|\bthat\b")  # "studies have found that individuals with low levels of …"
_SENTENCE_START = re.compile(r"[;:|]")  # not a comma: ", preventing harm" is no gerund subject
_TELLING = ("imperative", "necessity", "referral")  # advice that tells the reader to act, not "you can"


def propose_direction(quote: str, vocabulary: Vocabulary, reading, lexicon) -> str | None:
    """Return the direction of the effect `quote` states, or None when the vocabulary has no term for it.

    The words of direction are the vocabulary's synonyms; those the lexicon reads as a
    hedge ("promising") or a fixed term ("self-harm") are left out. Read in order
    (claims/README.md, Direction): a denied relation ("did not improve") is no effect; a
    call for research states none; a factor named by its lack at the head of the
    sentence ("Inadequate sleep can …") is beneficial, the factor itself being good; what
    a clause opens by limiting ("Limiting processed foods") is harmful; otherwise the
    first word of direction, composed with the lexicon's words of direction around it:
    lessening a harm is a benefit and lessening a good a harm ("taming inflammation",
    "lower levels of beneficial bacteria"), and "contribute to" passes on the direction
    of what follows ("contribute to a healthier gut"). Advice with no word of direction
    recommends a benefit. Nothing found: `unspecified`.
    """
    terms = vocabulary.sections["directions"]
    direction = _read_direction(quote, vocabulary, reading, lexicon)
    if direction in terms:
        return direction
    return "unspecified" if "unspecified" in terms else None


def _read_direction(quote, vocabulary, reading, lexicon) -> str | None:
    if _denied(quote, reading):
        return "no-effect"
    if calls_for_research(quote, reading.cues):
        return None
    marks = find_cues(quote, lexicon, kinds=("direction",))
    left_out = [(cue.start, cue.end) for cue in reading.cues if cue.kind in ("hedge", "term")]
    words = [w for w in find_spans(quote, vocabulary, "directions") if not _within(w[1], left_out)]
    if _lack_at_head(quote, marks, words + find_spans(quote, vocabulary, "interventions")):
        return "beneficial"
    if _limits_at_head(quote, marks, find_spans(quote, vocabulary, "conditions")):
        return "harmful"
    for slug, start, end in words:
        over = next((m for m in marks if m.start < end and start < m.end and m.category != "lack"), None)
        if over is not None:
            then = next((w for w in words if w[1] >= over.end and _near(quote, over.end, w[1])), None)
            if then is None:
                return slug
            return _OPPOSITE.get(then[0], then[0]) if over.category == "decrease" else then[0]
        if any(m.end <= start and m.category != "transfer" and _near(quote, m.end, start) for m in marks):
            return _OPPOSITE.get(slug, slug)  # "taming inflammation", "poor fuel for beneficial bacteria"
        return slug
    told = any(cue.kind == "advice" and cue.category in _TELLING for cue in reading.cues)
    return "beneficial" if told else None


def _denied(quote, reading) -> bool:
    """True when a negation stands right before a word of relation, in its clause: "did not improve", "no link"."""
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


def _within(at, spans) -> bool:
    return any(low <= at < high for low, high in spans)


def _near(quote, start, end) -> bool:
    """True when at most _REACH words, and no clause boundary, lie between `start` and `end`."""
    between = quote[start:end]
    return len(between.split()) <= _REACH and not _CLAUSE_END.search(between)


def _at_head(quote, start) -> bool:
    """True when the sentence, or a part after a colon, starts at `start`, an adverb aside ("Consciously limiting")."""
    before = _SENTENCE_START.split(quote[:start])[-1].split()
    return not before or (len(before) == 1 and before[0].lower().endswith("ly"))


def _lack_at_head(quote, marks, named) -> bool:
    """True when the sentence opens on a factor named by its lack: "Irregular sleep patterns", "Lack of fibre"."""
    return any(
        mark.category == "lack"
        and len(_SUBJECT_START.split(quote[: mark.start])[-1].split()) <= _REACH
        and any(
            start < mark.end + 1 and mark.start < end or _near(quote, mark.end, start) and start >= mark.end
            for _slug, start, end in named
        )
        for mark in marks
    )


def _limits_at_head(quote, marks, conditions) -> bool:
    """True when a clause opens by limiting something other than a condition ("Reducing Processed Foods")."""
    return any(
        mark.category == "decrease"
        and mark.text.lower().endswith("ing")
        and _at_head(quote, mark.start)
        and not any(start >= mark.end and _near(quote, mark.end, start) for _slug, start, _end in conditions)
        for mark in marks
    )


def propose_placement(quote: str, text: str) -> str | None:
    """Return where `quote` stands in `text`: "headline", "summary" or "body" (None when it is not found)."""
    at = text.find(quote.strip())
    if at < 0:
        return None
    sentences = split_sentences(text)
    here = next((s for s in sentences if s.start <= at < s.end), None)
    if here is None:
        return None
    if is_heading(here, text):
        return "headline"
    body = [s for s in sentences if not is_heading(s, text)]
    return "summary" if here in body[:2] else "body"


def resolve_labels(vocabulary: Vocabulary, column: str, text: str, path=None, section: str | None = None) -> str:
    """Return `text` typed for `column` as slugs (synonyms and labels accepted, ";" between terms).

    The vocabulary section is the column's (or `section`); raises WorkbookError with a
    "did you mean" hint for a term the vocabulary does not know.
    """
    section = section or TERM_COLUMNS.get(column)
    if section is None or not text.strip():
        return text.strip()
    pieces = split_terms(text) if column in MULTI_VALUED else [text]
    return SEPARATOR.join(_resolve_one(vocabulary, column, section, piece, path or vocabulary.path) for piece in pieces)


def _resolve_one(vocabulary, column, section, piece, path) -> str:
    slug = vocabulary.resolve(section, piece)
    if slug is not None:
        return slug
    hint = vocabulary.hint_term(section, piece)
    if column in MULTI_VALUED and "," in piece:
        hint += "; separate terms with ';'"
    raise WorkbookError(
        Problem(path, f"unknown {section} term '{piece.strip()}'", column=column, value=piece.strip(), hint=hint)
    )
