"""Find the vocabulary's terms that a text names: by name, label or synonym, with where each stands."""

import re
from functools import lru_cache

from analysis.workbook.vocabulary import Vocabulary


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


def find_exposures(text: str, vocabulary: Vocabulary) -> list[str]:
    """Return the interventions `text` names, in text order, but not one named only within the words of a condition
    it names ("sleep quality scores improved", "less inflammation": the outcome, not the exposure), unless the text
    names another condition the exposure may act on ("inflammation can drive depression")."""
    found = find_spans(text, vocabulary, "interventions")
    outcomes = find_spans(text, vocabulary, "conditions")
    outcome_only = {slug for slug, _, _ in found if all(_holding(s, outcomes) for s in found if s[0] == slug)}
    held = {o[0] for s in found if s[0] in outcome_only for o in _holding(s, outcomes)}
    if any(slug not in held for slug, _, _ in outcomes):  # another condition: the exposure may act on it
        outcome_only = set()
    return list(dict.fromkeys(slug for slug, _, _ in found if slug not in outcome_only))


def _holding(span: tuple[str, int, int], outcomes: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The conditions among `outcomes` whose words hold the words of `span`."""
    return [o for o in outcomes if o[1] <= span[1] and span[2] <= o[2]]


# Words that spell a term's name but do not name it: the verb "stress" ("the researchers stress that …"), the
# therapy ("cognitive behavioural therapy" is no measure of cognition), a trial that tests nothing ("for a trial
# period", "a free trial", "trial and error"), the fibres of a nerve or a muscle ("nerve fibres", "its fibres
# carry messages upwards") and research that names a place or its money, not a study ("a research-intensive
# university", "a research institute", "research funding").
_NOT_NAMES = re.compile(
    r"\b(?:(?P<verb>stress(?:es|ed))|(?:they|we|researchers|authors|scientists|experts|doctors|also|to)\s+"
    r"(?P<base>stress))(?=\s+(?:that|the (?:importance|need)|how)\b)|\b(?P<therapy>cognitive)(?=[\s-]+behaviou?ral\b)"
    r"|\bfree\s+(?P<free>trial)\b|\b(?:a|your)\s+(?P<period>trial)(?=\s+(?:period|run|basis|pack)\b)"
    r"|\b(?P<error>trial)(?=\s+and\s+error\b)"
    r"|\bnature['’]s\s+(?P<natural>randomi[sz]ed(?:\s+controlled)?\s+trial)\b"  # Mendelian randomisation
    r"|\b(?:nerve|muscle|optic(?:al)?|vagal)\s+(?P<nerve>fib(?:re|er)s?)\b"
    r"|\bits\s+(?P<carry>fib(?:re|er)s)(?=\s+(?:carry|carries|send|sends|relay|relays)\b)"  # a nerve's
    r"|\b(?P<institution>research)(?=[\s-]+(?:intensive|universit(?:y|ies)|institutes?|institutions?|"
    r"centres?|centers?|councils?|funding|grants?|charit(?:y|ies)|hospitals?|facilit(?:y|ies))\b)",
    re.IGNORECASE,
)


def mask_false_names(text: str) -> str:
    """Return `text` with the words that spell a term's name but do not name it blanked out ("a free trial"), the
    same length, so that spans stay where they were."""
    return _NOT_NAMES.sub(_mask, text)


def _mask(match: re.Match) -> str:
    """The match with its name-like word blanked out, the same length, so that spans stay where they were."""
    word = next(name for name, value in match.groupdict().items() if value)
    start, end = match.span(word)
    return match.group()[: start - match.start()] + "_" * (end - start) + match.group()[end - match.start() :]


def find_spans(text: str, vocabulary: Vocabulary, section: str) -> list[tuple[str, int, int]]:
    """Return (slug, start, end) for each name of a `section` term that `text` mentions, in text order."""
    pattern, names = _term_pattern(vocabulary, section)
    text = mask_false_names(text)
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
