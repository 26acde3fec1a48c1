"""Read the study design a sentence names: the vocabulary's names for designs, else its words of research ("a
Cochrane Library review of 63 studies", "the laboratory experiments", "researchers pooled the results of 34 trials"),
and a trial's design from what its sentences say of its control group.

Tested in tests/curation/test_study_rows.py and tests/curation/test_reference_studies.py.
"""

import re

from analysis.curation.study_details import CONTROLLED, NO_CONTROL, PLACEBO, RANDOMISED, SINGLE_ARM, counts_people
from analysis.curation.terms import find_terms, mask_false_names
from analysis.workbook.studies import study_designs

# Words that name a study of a kind of design where the vocabulary's names do not ("a Cochrane Library review
# of 63 studies", "the laboratory experiments", "the new study"), with which design of the kind they mean:
# the weakest (a "trial" of unstated design), or the strongest (animal work before cell work).
NAMED_STUDY = re.compile(r"\b[Tt]he\s+(?-i:(?:[A-Z][\w'-]+\s+){1,4}(?:Study|Survey|Cohort))\b")  # by its title
_KIND_WORDS = (
    ("systematic", 0, r"\bmeta-analys[ie]s\b|\bsystematic review|\breview of \d+\s+(?:studies|trials)|\bcochrane\b"),
    (
        "trial",
        -1,
        r"\btrials?\b|\brandomi[sz]ed\b|\brandomly (?:assigned|allocated|given)\b|\bplacebo\b"
        r"|\bphase (?:[123]|I{1,3}|one|two|three)[ab]?(?:/(?:[123]|I{1,3}))? (?:study|studies)\b"  # "a phase 1 study"
        r"|\b(?:open-label|single-arm|first-in-human)\b"
        r"|\bdummy (?:pills?|powders?|capsules?|drinks?|tablets?|treatments?)\b"  # "a GOS prebiotic or a dummy powder"
        r"|\brandomly (?:split|divided)\b[^.]{0,30}?\binto (?:two|three|four|[234]) (?:groups|arms)\b",
    ),
    (
        "review",
        -1,
        r"\b(?:an?|the|this|that|another|new|recent|cochrane|\d{4})\s+(?:[\w-]+\s+)?review\b|\breviews? of\b",
    ),
    (
        "observational",
        -1,
        r"\b(?:cohort|cross-sectional|case-control|observational)\b|\bsurvey\b|\bmendelian randomi[sz]ation\b|"
        # "followed 20,000 adults for years"
        r"\bfollowed\s+(?:more\s+than\s+|about\s+|around\s+|some\s+|nearly\s+)?\d[\d,]*\s+(?:\w+\s+){0,2}?"
        r"(?:people|adults|children|women|men|participants|individuals)\b[^.]{0,40}?\bfor\s+(?:\w+\s+){0,3}?"
        r"(?:years|decades)\b",
    ),
    (
        "preclinical",
        0,
        r"\bin (?:[\w-]+ ){0,2}(?:mice|rats|rodents)\b"  # "in mice", "in chronically stressed mice"
        r"|\b(?:mouse|rat|rodent|animal)\s+(?:study|studies|experiments?|research|work)\b"
        r"|\b(?:germ-free|the) (?:mice|rats|animals)\b|\b(?:mice|rats|rodents) (?:given|raised|fed|that|which|who)\b",
    ),
    (
        "preclinical",
        -1,
        r"\blaboratory (?:experiments?|stud(?:y|ies))|\bin vitro\b|\bcell cultures?\b|\borganoids?\b|\bmini-guts?\b"
        r"|\b(?:lab|laboratory)-grown\b|\bcultured (?:human )?(?:cells|neurons|tissue)\b",
    ),
    (  # research invoked in general: "several studies have found", "a growing body of research", "studies comparing"
        "unspecified",
        0,
        r"\b(?:several|some|many|multiple|numerous|other|earlier|previous|smaller|small|a handful of|a wave of|"
        r"a number of|study after)\s+(?:[\w-]+\s+){0,2}?(?:studies|research|trials)\b"
        r"|\bstudies\s+(?:have|has|show|showed|shown|suggest|suggested|found|find|comparing|looking|linking|linked|"
        r"done)\b|\bin (?:some |several |many |other )?studies\b"
        r"|\b(?:research|evidence|work)\s+(?:also\s+)?(?:suggests?|suggesting|shows?|showing|linking|linked|"
        r"has (?:found|shown|linked|suggested)|have (?:found|shown))\b"
        r"|\bbody of (?:research|work|evidence|studies|similar findings)\b"
        r"|\bresearchers have (?:also )?(?:found|noticed|shown|reported|linked)\b",
    ),
    (
        "unspecified",
        0,
        r"\b(?:the|this|a|new|our|their|that)\s+(?:new\s+|recent\s+|current\s+)?(?:study|research|experiment)\b"
        r"|\bresearchers\s+(?:found|showed|reported|compared|tested|conducted|performed)\b"
        r"|" + NAMED_STUDY.pattern,
    ),
)
_POOLED = re.compile(  # a meta-analysis described by what it did: "pooled the results of 34 randomised trials"
    r"\bpool(?:ed|s|ing)\s+(?:the\s+)?(?:results|data|findings)\s+(?:of|from)\s+(?:\w+\s+){0,4}?(?:trials|studies)\b",
    re.IGNORECASE,
)
_REVIEWED = re.compile(  # a review told by the trials it covered: "a review … looked at 17 trials of prebiotics"
    r"\breview\b[^.]{0,80}?\b(?:looked at|examined|analy[sz]ed|included|covered|assessed|summari[sz]ed|pulled together)"
    r"\s+(?:\w+\s+){0,2}?\d+\s+(?:[\w-]+\s+){0,2}?(?:trials|studies)\b",
    re.IGNORECASE,
)
_CELLS = re.compile(r"\bcells?\b|\bcell (?:cultures?|lines?)\b|\bin vitro\b|\borganoids?\b", re.IGNORECASE)
_ANIMALS = re.compile(r"\b(?:mice|mouse|rats?|rodents?|piglets|pups)\b", re.IGNORECASE)  # laboratory work in animals
_ANIMAL_GROUP = re.compile(  # "a second cohort of mice": the cohort is of animals, not people followed over time
    r"\b(?:cohorts?|groups?|sets?|batch(?:es)?|litters?|colon(?:y|ies)) of "
    r"(?:[\w-]+ ){0,2}(?:mice|rats|rodents|pups)\b",
    re.IGNORECASE,
)
KIND_PATTERNS = tuple((kind, pick, re.compile(words, re.IGNORECASE)) for kind, pick, words in _KIND_WORDS)
_TRIAL = next(pattern for kind, _, pattern in KIND_PATTERNS if kind == "trial")  # words that name a trial


def design_of(sentence: str, vocabulary, ranks: dict) -> str | None:
    """Return the study design `sentence` names: the strongest design term, else what its words of research say."""
    kinds = {slug: vocabulary.term("evidence_levels", slug).kind for slug in ranks}
    of_kind = {kind: [slug for slug in ranks if kinds[slug] == kind] for kind in set(kinds.values())}
    if _POOLED.search(sentence) and of_kind.get("systematic") and not _ANIMALS.search(sentence):
        return of_kind["systematic"][0]  # "researchers pooled the results of 34 randomised trials": a meta-analysis
    levels = [slug for slug in find_terms(sentence, vocabulary, "evidence_levels") if slug in ranks]
    reviewed = _REVIEWED.search(sentence) if of_kind.get("review") else None
    if reviewed and not _names_a_trial(sentence[: reviewed.start()] + " " + sentence[reviewed.end() :], vocabulary):
        return of_kind["review"][0]  # the trials it covered are the review's, and it describes no other
    if levels:
        best = min(levels, key=ranks.get)
        if kinds[best] == "preclinical" and _ANIMALS.search(sentence) and not _CELLS.search(sentence):
            return of_kind["preclinical"][0]  # "in a laboratory study, mice given …": an animal study
        if kinds[best] == "observational" and _of_animals(sentence) and of_kind.get("preclinical"):
            return of_kind["preclinical"][0]  # "we replicated the result in a second cohort of mice"
        return best
    if _of_animals(sentence) and of_kind.get("preclinical"):
        return of_kind["preclinical"][0]
    sentence = mask_false_names(sentence)  # "start your free trial" names no trial
    for kind, pick, pattern in KIND_PATTERNS:
        designs = [slug for slug in ranks if vocabulary.term("evidence_levels", slug).kind == kind]
        if designs and pattern.search(sentence):
            return designs[pick]
    return None


def _of_animals(sentence: str) -> bool:
    """True when the sentence's cohort or group is of animals and it counts no people ("a second cohort of mice",
    not "a cohort of 2,000 adults and a group of mice")."""
    return bool(_ANIMAL_GROUP.search(sentence)) and not counts_people(sentence)


def _names_a_trial(words: str, vocabulary) -> bool:
    """True when `words` name a study design of their own, or a trial ("this new randomised trial of 300 adults")."""
    return bool(find_terms(words, vocabulary, "evidence_levels") or _TRIAL.search(words))


def design_of_trial(level: str, told: str, vocabulary) -> str:
    """Return the design of a trial from what its sentences `told` say of its control group: none ("there was no
    placebo group", "that isn't a clinical trial", with no word of one elsewhere), randomised, none ("open-label"),
    or a placebo or control group; else `level` as it stands.

    The vocabulary's trial designs are taken strongest first: randomised, controlled, design unstated.
    """
    kind_of = {slug: vocabulary.term("evidence_levels", slug).kind for slug in study_designs(vocabulary)}
    trials = [slug for slug, kind in kind_of.items() if kind == "trial"]
    uncontrolled = [slug for slug, kind in kind_of.items() if kind == "uncontrolled"]
    if kind_of.get(level) not in ("trial", "uncontrolled") or not trials:
        return level
    said = NO_CONTROL.sub(" ", told)  # what is left once "no placebo group", "not randomised" are taken out
    if NO_CONTROL.search(told) and uncontrolled and not CONTROLLED.search(said):
        return uncontrolled[0]  # "There was no placebo group", "that isn't a clinical trial", and no word of one
    if RANDOMISED.search(said):
        return trials[0]
    if SINGLE_ARM.search(told) and uncontrolled:
        return uncontrolled[0]
    if PLACEBO.search(said) and len(trials) > 2 and level in (trials[-1], *uncontrolled):
        return trials[1]  # a trial of unstated design, or a pilot, with a placebo or control group ("compared with
        # before they started" is no control arm)
    return level
