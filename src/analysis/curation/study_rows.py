"""Propose the rows of studies.csv for an article that has none yet, from the sentences that describe its studies.

A news story describes its study once, in one paragraph ("researchers … performed a
double-blind, placebo-controlled trial with 42 participants"), and mentions it again in
others ("this is the first randomized controlled study …"). So:

- a sentence that names a study design (a design term of the vocabulary, by name or
  synonym) describes a study, unless it only plans or calls for one ("we're planning a
  proper randomised trial", "for that we need trials"): a study not yet run is no evidence;
- research invoked in general ("studies show", "previous studies", "other research", "several
  studies have found", "a growing body of research", "researchers have noticed") is a study
  of its own, reported second-hand, backing that sentence only;
- the trials and studies a review's paragraph, or the two after it, speaks of ("They found
  34 trials", "small studies may not have been published") are the review's, unless the
  sentence says they are others or introduces one ("a trial of 120 adults");
- every other mention of a design of the same family (trials, reviews, observational
  studies, animal work, laboratory work) is the same first-hand study, unless the sentence
  says it is another ("another review in 2004"); the strongest design named wins;
- a trial's design is what its sentences say of its control group: randomised, no control
  group ("open-label", "single-arm", "there was no control group"), or a placebo or control
  group; its finding (direction) is the one its sentences state most often;
- its size, control group, population, interventions and outcomes are read from the
  describing paragraph, where the words say them; what they do not say is left for the
  curator (a size not stated, a control group `unstated`).

Tested in tests/curation/test_study_rows.py.
"""

import re
from dataclasses import dataclass, field

from analysis.common.lines import line_at
from analysis.curation.direction import propose_direction
from analysis.curation.study_designs import KIND_PATTERNS, NAMED_STUDY, design_of, design_of_trial
from analysis.curation.study_details import (
    CONTROLLED,
    CUSTOMER_REVIEWS,
    NO_STUDY,
    PARTICIPANTS,
    SIZED,
    count_participants,
    counts_people,
    plans_study,
    propose_certainty,
    propose_control,
    propose_funding,
    propose_peer_review,
    propose_population,
    size_of,
)
from analysis.curation.terms import find_terms
from analysis.language.detector import read_sentence
from analysis.language.sentences import is_heading
from analysis.workbook.studies import STUDY_COLUMNS, study_designs
from analysis.workbook.vocabulary import SEPARATOR

DRAFT_STUDY = "new-"  # a study proposed in a draft is named new-1, new-2 … until it is accepted
FAMILIES = {"uncontrolled": "trial", "systematic": "review"}  # kinds of design reported as one study
_OTHER = re.compile(  # "another review in 2004", "a second, much smaller trial", "another team's trial", "other
    # researchers, in Sweden, ran …": not "we can't separate the exercise from …"
    r"\b(?:another|previous|earlier|prior|other|second|separate|older)\b(?:[\s,]+[\w'’-]+){0,4}?[\s,]+"
    r"(?:stud(?:y|ies)|trials?|reviews?|meta-analys[ie]s|experiments?|research(?:ers)?|analys[ie]s|work|pilot|"
    r"team(?:'s|’s)?)\b",
    re.IGNORECASE,
)
_GENERAL = re.compile(
    r"\b(?:previous|other|earlier|many|several|some|multiple|numerous|most of the|recent|growing)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:studies|research|trials|evidence)\b",  # "some small human trials"
    re.IGNORECASE,
)
_NAMED = re.compile(  # a study the text names: its journal, year, institution (a proper name: "Harwick University",
    # not "110 university students") or leader
    r"\b(?:(?i:published|journal|cochrane|led by)|(?:19|20)\d{2}|Dr\.|"
    r"University|Institute|Hospital|Center|Centre|College|Clinic)\b"
)
_NAME = r"((?:The\s+)?[A-Z][\w&'-]*(?:\s+(?:of|and|for|&|[A-Z][\w&'-]*))*)"
_CITATIONS = (  # where a text names the journal: "published in Gastroenterology", "the British Journal of Nutrition"
    re.compile(r"\b((?:[A-Z][\w-]*\s+)*Journal\s+of\s+[A-Z][\w-]*(?:\s+(?:and\s+)?[A-Z][\w-]*)*)"),
    re.compile(
        r"\b(?:(?:published|reported?|reports|appears?) (?:online )?(?:today |this week |this month )?in|"
        r"issue of|in the journal)\s+(?:the\s+)?(?:journal\s+)?" + _NAME
    ),
)


@dataclass
class _Study:
    """A study being gathered from the sentences that mention it."""

    sentence: object
    level: str
    family: str
    second_hand: bool
    mentions: list = field(default_factory=list)


def propose_study_rows(text: str, sentences, vocabulary, source_id: str, lexicon=None) -> list[dict]:
    """Return proposed rows of studies.csv (every column of STUDY_COLUMNS) for the studies `sentences` describe.

    `sentences` are the article's sentences worth reading (the draft's), in text order;
    the headline is left out (the body describes what it announces). Study ids are draft
    names, `new-1`, `new-2` …, given real ids when the draft is accepted.
    """
    ranks = {slug: rank for rank, slug in enumerate(study_designs(vocabulary))}
    studies: list[_Study] = []
    for sentence in sentences:
        level = design_of(NO_STUDY.sub(" ", sentence.text), vocabulary, ranks)  # "no study has shown" names none
        if level is None or plans_study(sentence.text) or CUSTOMER_REVIEWS.search(sentence.text):
            continue
        kind = vocabulary.term("evidence_levels", level).kind
        if kind == "unspecified" and is_heading(sentence, text):
            continue  # "What the probiotic research shows" heads the section that describes the research
        review = _review_beside(studies, sentence, text) if kind in ("trial", "unspecified") else None
        if review is not None:  # "They found 34 trials", "small studies may not have been published": its trials
            review.mentions.append(sentence)
            continue
        second_hand = not _specific(sentence.text) and (kind == "unspecified" or bool(_GENERAL.search(sentence.text)))
        family = level if kind == "preclinical" else FAMILIES.get(kind, kind)
        same = None if second_hand or _OTHER.search(sentence.text) else _first_hand(studies, family)
        if same is not None and _other_size(same, sentence.text):
            same = None  # "an open-label study of 12 patients" beside a trial of 30: another study
        if same is None:
            studies.append(_Study(sentence, level, family, second_hand, [sentence]))
            continue
        same.mentions.append(sentence)
        same.level = min(same.level, level, key=ranks.get)
    studies = _merge_unnamed_designs(_join_titled(studies, text), vocabulary, text)
    studies = _fold_into_own_review(studies, text, vocabulary)
    return [
        _study_row(f"{DRAFT_STUDY}{number}", study, text, vocabulary, source_id, lexicon)
        for number, study in enumerate(studies, start=1)
    ]


def _specific(sentence: str) -> bool:
    """True when a sentence speaks of one study ("the new study", "researchers found"), not research in general."""
    return bool(KIND_PATTERNS[-1][2].search(sentence))


def _other_size(study: _Study, sentence: str) -> bool:
    """True when `sentence` gives a study its size ("a study of 12 patients") and `study` was given another."""
    size = SIZED.search(sentence)
    sizes = {size_of(m.group(1)) for mention in study.mentions for m in PARTICIPANTS.finditer(mention.text)}
    return bool(size and sizes) and size_of(size.group(1)) not in sizes


def _review_beside(studies: list[_Study], sentence, text: str) -> _Study | None:
    """Return the review described first-hand in the sentence's paragraph or the one before, when the sentence speaks
    of trials or studies without saying they are others ("another trial") or introducing one ("a trial of 60
    adults"): a review pools trials, and its article speaks of them."""
    if _OTHER.search(sentence.text) or _INTRODUCED.search(sentence.text):
        return None
    here = paragraph_of(text, sentence.start)
    reviews = [s for s in studies if not s.second_hand and s.family == FAMILIES["systematic"]]
    near = [s for s in reviews if any(0 <= here - paragraph_of(text, m.start) <= 1 for m in s.mentions)]
    return near[-1] if near else None


_OWN_REVIEW = re.compile(r"\bwe searched\b|\bwe included\b|\bthis review\b|\bplain[- ]language summary\b", re.I)
# how a review searched, in its own voice: "We searched MEDLINE and Embase for randomised trials"
_SEARCHED = re.compile(
    r"^[^\"“\n]*\bwe searched\b[^.\n\"”]{0,80}?\bfor\b[^.\n]{0,40}?\b(?:trials|studies)\b", re.I | re.M
)
_POOLED_COUNT = re.compile(  # a review's result told with its trials and people: "(14 trials, 1,318 people; …)"
    r"\b\d[\d,]*\s+(?:trials|studies)\s*[,;]\s*[\d,]+\s+(?:people|participants|adults|children|patients)\b", re.I
)


def _fold_into_own_review(studies: list[_Study], text: str, vocabulary) -> list[_Study]:
    """In a review's own summary ("We searched for studies …", "Plain language summary"), the trials and studies in
    people it speaks of are the review's: fold them into its row. Animal work it mentions stays apart. A summary that
    says how it searched ("We searched for randomised controlled trials") is the review even where it never calls
    itself one: the trial it reports pooled ("14 trials, 1,318 people") is the review's row."""
    if not _OWN_REVIEW.search(text):
        return studies
    review = next((s for s in studies if s.family == FAMILIES["systematic"]), None)
    pooled = vocabulary.terms("evidence_levels", "systematic")
    if review is None and pooled and _SEARCHED.search(text):  # promote the trials it reports pooled, not any trial
        pooled_trials = (
            s for s in studies if s.family == "trial" and any(_POOLED_COUNT.search(m.text) for m in s.mentions)
        )
        review = next(pooled_trials, None)
        if review is not None:
            review.level, review.family = pooled[0], FAMILIES["systematic"]
    if review is None:
        return studies
    folded = [s for s in studies if s is not review and s.family in ("trial", "unspecified")]
    review.mentions = sorted([*review.mentions, *(m for s in folded for m in s.mentions)], key=lambda m: m.start)
    review.sentence, review.second_hand = review.mentions[0], False  # described from its first words on
    return [s for s in studies if s not in folded]


_INTRODUCED = re.compile(r"\b(?:an?|one)\s+(?:[\w-]+\s+){0,3}?(?:trial|study|experiment)\s+(?:of|in|with)\s+\d")


def _first_hand(studies: list[_Study], family: str) -> _Study | None:
    return next((s for s in studies if not s.second_hand and s.family == family), None)


_THE_STUDY = re.compile(r"^\W*(?:the|this) (?:study|survey|cohort)\b", re.IGNORECASE)  # "The study followed …"


def _titled(study: _Study) -> bool:
    """True when a sentence names the study by its title ("the Solway Health Study")."""
    return any(NAMED_STUDY.search(m.text) for m in study.mentions)


def _join_titled(studies: list[_Study], text: str) -> list[_Study]:
    """Join a study named by its title and no design ("The Solway Health Study found …") to the study of a design its
    next paragraph begins to describe as "the study" ("The study followed 26,500 participants for ten years")."""
    joined = []
    for study in studies:
        if study.family == "unspecified" and not study.second_hand and _titled(study):
            here = paragraph_of(text, study.mentions[-1].start)
            later = (
                s
                for s in studies
                if s is not study
                and not s.second_hand
                and _THE_STUDY.search(s.mentions[0].text)
                and 0 <= paragraph_of(text, s.mentions[0].start) - here <= 1
            )
            if (target := next(later, None)) is not None:
                target.mentions[:0] = study.mentions
                joined.append(study)
    return [s for s in studies if s not in joined]


def _merge_unnamed_designs(studies: list[_Study], vocabulary, text: str) -> list[_Study]:
    """Fold a first-hand study of unnamed design ("a new study") into the article's first study of a named one.

    A study of people ("49 overweight and obese adults", in its sentence or its paragraph:
    "there's a study I keep coming back to. Researchers recruited 32 inactive adults") is not
    folded into animal or cell work the article mentions; it stays a study of its own, its
    design unnamed. A heading that names a study ("The mouse study that caught my eye") is
    the study's quote only when no sentence of the body mentions it.
    """
    named = [s for s in studies if not s.second_hand and s.family != "unspecified"]
    kept = []
    for study in studies:
        people = any(counts_people(paragraph_around(text, m.start)) for m in study.mentions)
        targets = [
            s for s in named if not (people and vocabulary.term("evidence_levels", s.level).kind == "preclinical")
        ]
        if study.second_hand or study.family != "unspecified" or _titled(study) or not targets:  # a titled: its own
            kept.append(study)
        else:
            targets[0].mentions.extend(study.mentions)
    for study in kept:
        study.mentions.sort(key=lambda s: s.start)
        # the sentence that says most describes the study; a heading only names it
        study.sentence = max(study.mentions, key=lambda m: (not is_heading(m, text), _detail(m)))
    return kept


def _detail(sentence) -> int:
    """How much a sentence tells of a study: its size, a control group, and then how early it stands."""
    return 2 * bool(PARTICIPANTS.search(sentence.text)) + bool(CONTROLLED.search(sentence.text))


def _study_row(study_id: str, study: _Study, text: str, vocabulary, source_id: str, lexicon) -> dict:
    sentence = study.sentence.text
    paragraph = paragraph_around(text, study.sentence.start)
    described = " ".join(dict.fromkeys(paragraph_around(text, s.start) for s in study.mentions))
    told = " ".join(s.text for s in study.mentions)  # its own sentences: a paragraph may tell of another study
    design = study.level if study.second_hand else design_of_trial(study.level, told, vocabulary)
    kind = vocabulary.term("evidence_levels", design).kind
    animal = kind == "preclinical" and propose_population(sentence, paragraph, study.level, vocabulary) == "animals"
    row = dict.fromkeys(STUDY_COLUMNS, "")
    row.update(
        study_id=study_id,
        source_id=source_id,
        quote=sentence,
        design=design,
        participants=""
        if study.second_hand
        else count_participants(paragraph, animal) or count_participants(described, animal),
        control=propose_control(sentence if study.second_hand else described, kind),
        population=propose_population(sentence, paragraph, study.level, vocabulary),
        interventions=_tested(vocabulary, study, sentence, paragraph, text),
        outcomes=find_named_terms(vocabulary, "conditions", sentence, paragraph, text),
        direction=_finding(study, vocabulary, lexicon),
        reporting="second-hand" if study.second_hand else "named" if _NAMED.search(described) else "described",
        citation=_citation(described),
        certainty=propose_certainty(told) if kind == "systematic" else "",
        peer_reviewed=propose_peer_review(told),
        funding=propose_funding(told),
        notes=f"proposed by draft from line {line_at(text, study.sentence.start)}; "
        + ("1 sentence mentions it" if len(study.mentions) == 1 else f"{len(study.mentions)} sentences mention it"),
    )
    return row


def paragraph_of(text: str, offset: int) -> int:
    """Return the number of the paragraph (line) of `text` that `offset` falls in, counting non-blank lines."""
    return sum(1 for line in text[:offset].split("\n")[:-1] if line.strip())


def paragraph_around(text: str, offset: int) -> str:
    """Return the line (paragraph) of `text` that holds `offset`."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start : len(text) if end < 0 else end]


def find_named_terms(vocabulary, section: str, sentence: str, paragraph: str, text: str) -> str:
    """The terms the sentence names, else its paragraph, else the article's first line (its title)."""
    title = text.strip().split("\n", 1)[0]
    for words in (sentence, paragraph, title):
        found = find_terms(words, vocabulary, section)
        if found:
            return SEPARATOR.join(found)
    return ""


def _tested(vocabulary, study: _Study, sentence: str, paragraph: str, text: str) -> str:
    """What the study tested: the intervention its sentences name most often, else those its paragraph names."""

    named = [t for s in study.mentions for t in find_terms(s.text, vocabulary, "interventions")]
    if not named:
        return find_named_terms(vocabulary, "interventions", sentence, paragraph, text)

    def weight(term):  # how often named, then something a reader can take before an exposure or pathway
        return named.count(term), vocabulary.term("interventions", term).kind == "intervention"

    best = max(map(weight, named))
    return SEPARATOR.join(dict.fromkeys(t for t in named if weight(t) == best))


def _finding(study: _Study, vocabulary, lexicon) -> str:
    """What the study found: the direction its describing sentence states, else the one its sentences state most."""
    unspecified = "unspecified" if "unspecified" in vocabulary.sections["directions"] else ""
    first = propose_study_direction(study.sentence.text, vocabulary, lexicon)
    if first != unspecified:
        return first
    stated = [d for m in study.mentions if (d := propose_study_direction(m.text, vocabulary, lexicon)) != unspecified]
    return max(stated, key=stated.count) if stated else unspecified


def propose_study_direction(sentence: str, vocabulary, lexicon) -> str:
    """The direction of what `sentence` says a study found."""
    direction = propose_direction(sentence, vocabulary, read_sentence(sentence, lexicon, claimed=True), lexicon)
    return direction or ("unspecified" if "unspecified" in vocabulary.sections["directions"] else "")


def _citation(paragraph: str) -> str:
    """The journal the text names for the study, or ''."""
    for pattern in _CITATIONS:
        match = pattern.search(paragraph)
        if match:
            return match.group(1).strip()
    return ""
