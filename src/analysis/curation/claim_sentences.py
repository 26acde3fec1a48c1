"""Pick the sentences of an article that may carry a claim: its headline and every sentence but page furniture.

A careful curator tabulates nearly every sentence of a health news story: results, the
study's design, quotes of experts, background, caveats (the development articles: 215 of
316 sentences). What is left out is furniture: the site's buttons and newsletter forms,
photo credits, "Advertisement", bylines and e-mail addresses, an "About the publisher"
section, the reference list, section headings and questions that assert nothing, and
text the page repeats. So the draft keeps the title and every sentence that says
something about health or research, and leaves out only what matches furniture.

Tested in tests/curation/test_claim_sentences.py.
"""

import re
from dataclasses import dataclass

from analysis.curation.terms import find_terms
from analysis.language.cues import find_cues
from analysis.language.sentences import Sentence, count_words, is_heading, split_sentences
from analysis.workbook.quotes import fold_text

TERM_SECTIONS = ("conditions", "interventions", "mechanisms", "evidence_levels", "populations")
CUE_KINDS = {"hedge", "causal", "correlational", "advice", "ability", "negation", "booster"}

# Words of research and health that make a sentence worth a curator's reading even when it
# names no vocabulary term and carries no cue ("They kept a food journal throughout").
_SUBSTANCE = re.compile(
    r"\b(?:stud(?:y|ies|ied)|research\w*|trials?|review|experiments?|findings?|results?|evidence|data|"
    r"published|journal|participants?|patients?|subjects|volunteers|infants?|children|adults|people|"
    r"scientists?|doctors?|physicians?|researchers?|authors?|professor|dr|health\w*|disease\w*|"
    r"symptoms?|treat\w*|therap\w*|doses?|dosage|supplements?|strains?|products?|bacteri\w*|microb\w*|gut|brain|diet\w*|"
    r"foods?|eat\w*|weight|fat|placebo|funded|grants?|approv\w*|claims?|tested|percent|%)\b",
    re.IGNORECASE,
)
# Page furniture: what a site wraps around an article, in any article.
_FURNITURE = re.compile(
    r"^(?:advertisement|sponsored|related\b.*|read more\b.*|more:.*|also:.*|see also\b.*|"
    r"(?:click|tap|sign up|subscribe|follow us|like .* on facebook|join .* on linkedin|check out our)\b.*|"
    r"(?:share|print|e-?mail|comments?|leave a (?:comment|reply)|scroll to top|back to top)\b.{0,20}|"
    r"toggle caption\b.*|image:.*|photo:.*|credit:.*|getty images.*|source:?|###|-\s*30\s*-|"
    r"write to .*|.*\b(?:newsletter|unsubscribe|privacy policy|terms of (?:use|service)|spam folder|"
    r"confirmation email|select your country|required fields)\b.*|thank you!?|"
    # the site's or the writer's own affiliate disclosure, not "influencers often earn a commission"
    r".*\b(?:we|i|this (?:post|page|article|site|website|email|newsletter|guide))\b.*\b(?:affiliate links?|"
    r"qualifying purchases|(?:earn|receive|get|make) (?:an? )?(?:small )?(?:commission|fee|referral fee))\b.*|"
    r"please (?:enter|click|tap|select|sign|subscribe|share|visit|log|try again|wait|enable|confirm|allow|"
    r"check your (?:inbox|email|spam)|complete|fill)\b.*)$",  # not "Please don't stop your medication …"
    re.IGNORECASE,
)
_EMAIL_OR_WEB = re.compile(r"\S+@\S+\.\w+|https?://|www\.|\.com\b", re.IGNORECASE)
# A contact line: a label, a colon, a telephone number ("Nurse Specialists: 01632 960 418 (Monday to Friday)",
# "Out of hours: Ward 4, 01632 960 552."), not advice that gives one ("If the pain worsens, call 01632 960 552").
_CONTACT = re.compile(r"^[A-Z][^:.]{0,60}:\s.*?(?:\+\d{1,3}\s?)?\(?0\d{2,4}\)?[\s-]?\d{3}[\s-]?\d{3,4}\b")
_FIELDS = " | "  # a masthead or a document's details: "Trust | Department | Service", "Reference: X | Version 3"
_FURNITURE_HEADINGS = re.compile(
    r"^(?:about\b.*|references?|sources?|further reading|related\b.*|more (?:on|from)\b.*|"
    r"(?:notes and )?references(?: and (?:notes|further reading))?|reference list|bibliography|endnotes|footnotes|"
    r"works cited|media contacts?|contacts?|tags?:?.*)$",
    re.IGNORECASE,
)
SECTION_NUMBER = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4})[.)]?[^\S\n]+")  # "6. References", "IV. Sources"
_PLAIN_HEADINGS = re.compile(
    r"^(?:methods?|methodology|research methodology|results?|study results|conclusions?|background|"
    r"introduction|discussion|summary|the (?:claims|bottom line|verdict)|"
    r"(?:before|after|during) (?:your|the) (?:treatment|procedure|appointment|visit|operation|stay)|"  # a leaflet's
    r"when to (?:get|seek|ask for|call for) help|(?:further|more) information|useful contacts)$",
    re.IGNORECASE,
)
# A reference-list entry: authors' initials, "et al.", a volume and pages, a DOI.
_REFERENCE = re.compile(
    r"\bdoi\b|\bet al\.|\b\d{4};\s*\d+|"
    r"^(?:[A-Z][\w'-]+,?\s+(?:[A-Z]\.?){1,3},\s*){2,}|^[A-Z][\w'-]+,\s+[A-Z]\.[A-Z]?\.",
)
# The tail of a sentence split after an initial ("…said Geoffrey A. | Preidis, MD, PhD, a member of …").
_CREDENTIALS = re.compile(r"^[A-Z][\w'’-]+,\s+(?:M\.?D\.?|Ph\.?D\.?|RD|DO|MPH)\s*,")
# A price or a sales figure: commerce, not a claim about health, unless the sentence also claims an effect.
_MONEY = re.compile(r"[$£€]\s?\d")
CLAIM_CUES = {"hedge", "causal", "correlational"}


@dataclass(frozen=True)
class Candidate:
    """A sentence drafted as a claim, and why: the headline, or the signals that it says something."""

    sentence: Sentence
    headline: bool
    signals: tuple[str, ...]


def find_claim_sentences(text: str, vocabulary, title: str = "") -> list[Candidate]:
    """Return the sentences of `text` a curator should read as claims, in text order: the title first.

    The headline (the first sentence that reads as `title`, or else the first line when it
    is a heading) is always drafted; every other
    sentence is drafted unless it is furniture, a heading or question that asserts
    nothing, an entry of the reference list or of a publisher's "About" section, a
    repeat of text drafted before, or a sentence that names no term, carries no claim
    cue and speaks of neither health nor research.
    """
    sentences = split_sentences(text)
    headline = find_headline(sentences, text, title)
    found, seen, skipping = [], [], False
    for index, sentence in enumerate(sentences):
        heading = is_heading(sentence, text)
        if heading and index > 0:
            skipping = bool(_FURNITURE_HEADINGS.match(sentence.text.strip()))
        elif _numbered_heading(sentence, text) and _FURNITURE_HEADINGS.match(sentence.text.strip()):
            skipping = True  # "6. References"; a numbered line never ends a list: its entries are numbered too
        folded = fold_text(sentence.text).casefold()
        repeated = any(folded in earlier for earlier in seen)
        seen.append(folded)
        if sentence == headline:
            found.append(Candidate(sentence, True, ("title",)))
            continue
        if skipping or repeated or is_furniture(sentence.text):
            continue
        signals = read_signals(sentence.text, vocabulary)
        if heading and not _asserts(sentence.text, signals):
            continue
        if signals and not _is_commerce(sentence.text, signals, vocabulary):
            found.append(Candidate(sentence, False, signals))
    return found


def _numbered_heading(sentence: Sentence, text: str) -> bool:
    """True for the words of a numbered section heading ("6. References"): only a section number stands before them
    on their line, and the line ends with them, without a full stop."""
    start = text.rfind("\n", 0, sentence.start) + 1
    number = SECTION_NUMBER.fullmatch(text, start, sentence.start)
    line_end = text[sentence.end : sentence.end + 1] in ("", "\n")
    return number is not None and line_end and not sentence.text.endswith(".")


def find_headline(sentences: list[Sentence], text: str, title: str = "") -> Sentence | None:
    """Return the sentence that is the article's headline: the one that reads as `title`, else the first sentence of
    a first line that reads as `title`, else a first-line heading."""
    wanted = fold_text(title).casefold().strip()
    named = next((s for s in sentences if wanted and fold_text(s.text).casefold().strip() == wanted), None)
    if named is not None:
        return named
    first_line = fold_text(text.strip().split("\n", 1)[0]).casefold().strip()
    if sentences and wanted and first_line == wanted:
        return sentences[0]  # a title of two sentences ("Can kimchi calm you down? Expert on …"): its first
    return sentences[0] if sentences and is_heading(sentences[0], text) else None


def is_furniture(text: str) -> bool:
    """True for page furniture: buttons, forms, credits, bylines, addresses, contact lines, mastheads, reference
    entries, whole-line questions."""
    stripped = text.strip().strip("*_#").strip()
    if _FURNITURE.match(stripped) or _REFERENCE.search(stripped) or _CREDENTIALS.match(stripped):
        return True
    if _EMAIL_OR_WEB.search(stripped) and count_words(stripped) < 12:
        return True
    masthead = stripped.count(_FIELDS) >= 2 and not stripped.startswith("|")  # not a table's row: "| Strain | … |"
    if (_CONTACT.match(stripped) or masthead) and count_words(stripped) <= 25:
        return True  # a contact line, a masthead, a leaflet's reference and review date
    if stripped.endswith("?") and count_words(stripped) <= 12 and not stripped.startswith(('"', "“")):
        return True  # a question heading ("Why is this important?"); a quoted question may be a claim
    return count_words(stripped) < 3 or _is_list_of_names(stripped)


def _is_list_of_names(text: str) -> bool:
    """True for a long run of capitalised names with no verb: a country menu, a list of sponsors."""
    words = text.split()
    capitals = sum(word[:1].isupper() for word in words)
    return len(words) >= 25 and capitals / len(words) > 0.7


def read_signals(text: str, vocabulary) -> tuple[str, ...]:
    """Return what says that `text` may hold a claim: the terms it names, its claim cues, its words of substance."""
    signals = [term for section in TERM_SECTIONS for term in find_terms(text, vocabulary, section)]
    signals += sorted({cue.kind for cue in find_cues(text) if cue.kind in CUE_KINDS})
    if not signals and (_SUBSTANCE.search(text) or find_cues(text, kinds=("topic",))):  # "… mild bloating"
        signals.append("substance")
    return tuple(signals)


def _is_commerce(text: str, signals, vocabulary) -> bool:
    """True for a price or sales figure that claims no effect ("A bottle of 30 capsules … costs about $30")."""
    conditions = set(vocabulary.terms("conditions"))
    return bool(_MONEY.search(text)) and not (set(signals) & (CLAIM_CUES | conditions))


def _asserts(text: str, signals) -> bool:
    """True when a heading states something: it names a term or carries a cue, and is no plain section name."""
    return bool(signals) and signals != ("substance",) and not _PLAIN_HEADINGS.match(text.strip())
