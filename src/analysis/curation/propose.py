"""Propose a claim's labels from its quote, and read labels a curator types, against the vocabulary.

Tested in tests/curation/test_add.py.
"""

import re

from analysis.common import paths
from analysis.common.problems import Problem, WorkbookError
from analysis.curation.claim_types import DEFINITION, propose_claim_type, tells_how_research_ran
from analysis.curation.direction import propose_direction
from analysis.curation.terms import find_exposures, find_spans, find_terms
from analysis.language.cues import find_cues
from analysis.language.detector import STRENGTHS, calls_for_research, load_lexicon, read_sentence
from analysis.language.sentences import is_heading, split_sentences
from analysis.workbook.attribution import (
    in_expert_voice,
    is_attributed,
    speaks_from_experience,
    tells_own_experience,
)
from analysis.workbook.studies import STUDY_MULTI_VALUED
from analysis.workbook.validate import MULTI_VALUED, SINGLE_VALUED
from analysis.workbook.vocabulary import SEPARATOR, Vocabulary, split_terms

TERM_COLUMNS = {**MULTI_VALUED, **SINGLE_VALUED}  # column -> vocabulary section


_SELLER_SAYS = re.compile(  # a product's own marketing speaking: "the website for X says", "a brochure said"
    r"\b(?:website|web site|label|packaging|brochure|leaflet|advert(?:isement)?|product page|(?:of|in) marketing)\b"
    r"[^.]{0,80}?\b(?:says?|said|claims?|claimed|states?|stated|promises?|promised)\b"
    r"|\b(?:claims?|claimed|says?|said)\s+on\s+(?:its|their|the)\s+(?:website|label|packaging)\b",
    re.IGNORECASE,
)


def propose_labels(quote: str, vocabulary: Vocabulary, claims_dir=None, text: str | None = None) -> dict[str, str]:
    """Return the labels the words of `quote` support: terms named, hedging, relation, advice and placement.

    Conditions, interventions and mechanisms come from the vocabulary's names and
    synonyms found in the quote; a quote naming no condition or intervention gets those its
    topic words imply (lexicon kind `topic`: "mild bloating" is about side effects, "speak to
    your GP" about professional care), else none; hedging, relation and advice
    from the language detector (`analysis.language.read_sentence`), which reads the quote
    as a claim; with the source's `text`, the placement: a title or heading is a headline,
    the first two sentences after the title a summary (Yu et al. 2020 read those as an
    article's main statements).
    """
    lexicon = load_lexicon(paths.lexicon_path(claims_dir))
    reading = read_sentence(quote, lexicon, claimed=True)
    proposals = {}
    implied = set()  # the columns whose terms the quote's topic words imply, not name
    for column in ("conditions", "interventions", "mechanisms"):
        if column == "interventions":  # the outcome's words are not also the exposure ("less inflammation")
            terms = find_exposures(quote, vocabulary)
        else:
            terms = find_terms(quote, vocabulary, column)
        if not terms and (terms := find_topics(quote, lexicon, vocabulary, column)):
            implied.add(column)
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
        _relate_nothing(proposals, vocabulary)  # it tells the reader what to do: curators relate nothing (386 of 404)
    proposals.update(propose_evidence(quote, vocabulary))
    if _names_no_evidence(proposals, vocabulary):
        proposals.update(_whose_words(quote, text, vocabulary))
    direction = propose_direction(quote, vocabulary, reading, lexicon)
    if direction:
        proposals["direction"] = direction
    if placement in vocabulary.sections.get("placements", {}):
        proposals["placement"] = placement
    claim_type = propose_claim_type(quote, {k: v for k, v in proposals.items() if k not in implied}, reading)
    if claim_type in vocabulary.sections.get("claim_types", {}):
        proposals["claim_type"] = claim_type
    if claim_type == "evidence" and tells_how_research_ran(quote):
        _relate_nothing(proposals, vocabulary, direction=True)  # about the research: curators, 1,806 of 1,807
    return proposals


def _relate_nothing(proposals: dict, vocabulary: Vocabulary, *, direction: bool = False) -> None:
    """Propose no relationship (and, with `direction`, an unspecified direction) where the vocabulary has them."""
    if STRENGTHS[0] in vocabulary.sections.get("relations", {}):
        proposals["relation"] = STRENGTHS[0]
    if direction and "unspecified" in vocabulary.sections.get("directions", {}):
        proposals["direction"] = "unspecified"


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


def find_topics(quote: str, lexicon, vocabulary: Vocabulary, column: str) -> list[str]:
    """Return the terms of `column` the quote's topic words imply (lexicon kind `topic`, its category a term), in
    text order: what a sentence naming no term is about ("some bloating at first": adverse-effects)."""
    section = vocabulary.sections.get(TERM_COLUMNS.get(column, ""), {})
    cues = find_cues(quote, lexicon, kinds=("topic",))
    return list(dict.fromkeys(cue.category for cue in cues if cue.category in section))


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
    if DEFINITION.match(quote) and not reading.hedges:
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
    the population it names, else people (claims/README.md: a claim naming no one is about
    people); "studies show" and the like are reported second-hand, a named design in the
    sentence itself is described. No other label is proposed the words do not say.
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
    if populations:  # animals or cells named beside "us" or "you" are what it is about: "just like us, dogs carry …"
        proposals["population"] = ([slug for slug in populations if slug != "humans"] or populations)[0]
    elif "humans" in vocabulary.sections["populations"]:
        proposals["population"] = "humans"  # it names no one: curators code people (1,724 of 2,101)
    return proposals


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
        return "summary" if _is_standfirst(here, text) else "headline"
    body = [s for s in sentences if not is_heading(s, text)]
    return "summary" if here in body[:2] else "body"


def _is_standfirst(sentence, text: str) -> bool:
    """True for the line right under the title, with no blank line between: a standfirst sums the story up."""
    first_end = text.find("\n")
    return first_end > 0 and sentence.start == first_end + 1


def resolve_labels(vocabulary: Vocabulary, column: str, text: str, path=None, section: str | None = None) -> str:
    """Return `text` typed for `column` as slugs (synonyms and labels accepted, ";" between terms).

    The vocabulary section is the column's (or `section`); raises WorkbookError with a
    "did you mean" hint for a term the vocabulary does not know.
    """
    section = section or TERM_COLUMNS.get(column)
    if section is None or not text.strip():
        return text.strip()
    pieces = split_terms(text) if column in MULTI_VALUED or column in STUDY_MULTI_VALUED else [text]
    return SEPARATOR.join(_resolve_one(vocabulary, column, section, piece, path or vocabulary.path) for piece in pieces)


def _resolve_one(vocabulary, column, section, piece, path) -> str:
    slug = vocabulary.resolve(section, piece)
    if slug is not None:
        return slug
    hint = vocabulary.hint_term(section, piece)
    if (column in MULTI_VALUED or column in STUDY_MULTI_VALUED) and "," in piece:
        hint += "; separate terms with ';'"
    raise WorkbookError(
        Problem(path, f"unknown {section} term '{piece.strip()}'", column=column, value=piece.strip(), hint=hint)
    )


def _names_no_evidence(proposals: dict, vocabulary: Vocabulary) -> bool:
    """True when the proposed evidence level is the vocabulary's "none": the words name no evidence."""
    level = proposals.get("evidence_level")
    return level is not None and vocabulary.term("evidence_levels", level).kind == "none"


def _whose_words(quote: str, text: str | None, vocabulary: Vocabulary) -> dict[str, str]:
    """Return the evidence level and reporting of a quote that names no evidence, from whose words it is: the
    teller's own story (an anecdote), a seller's claim (none), a quoted view (an anecdote or an opinion), a doctor's
    answer in her column (an opinion); {} when they are the article's own."""
    if tells_own_experience(quote):
        return _spoken(vocabulary, "anecdote")  # "I felt calmer": the teller's own story
    if _SELLER_SAYS.search(quote):
        return {}  # "The website for Ultimate Flora says it provides immune support": a seller's claim, no evidence
    if text and is_attributed(quote, text):
        lay = speaks_from_experience(quote, text)
        return (lay and _spoken(vocabulary, "anecdote")) or _spoken(vocabulary, "opinion", quote)
    if text and in_expert_voice(quote, text):
        return _spoken(vocabulary, "opinion", quote)  # a doctor's answer in her column: her view
    return {}


def _spoken(vocabulary: Vocabulary, kind: str, quote: str = "") -> dict[str, str]:
    """Return the proposal for a claim in somebody's words: the level of `kind` (an expert's opinion, a lay person's
    anecdote) and how it is reported: an expert's view is named unless the quote speaks of an expert it does not name
    ("a GP we spoke to"); a lay person's story is one case, described (claims/README.md, Reporting)."""
    levels = [t.slug for t in vocabulary.evidence_levels() if t.kind == kind]
    if not levels:
        return {}
    named = kind == "opinion" and not _UNNAMED_EXPERT.search(quote)
    reporting = "named" if named else "described"
    reported = {"reporting": reporting} if reporting in vocabulary.sections.get("reportings", {}) else {}
    return {"evidence_level": levels[0], **reported}


_UNNAMED_EXPERT = re.compile(  # an expert the text does not name: "a GP we spoke to", "one psychiatrist told us"
    r"\b(?:an?|one|another)\s+(?:[\w-]+\s+){0,2}(?:doctor|GP|physician|psychiatrist|psychologist|gastroenterologist|"
    r"dietitian|nutritionist|pharmacist|nurse|scientist|researcher|expert|specialist|consultant|spokes(?:wo)?man|"
    r"spokesperson)s?\b",
    re.IGNORECASE,
)
