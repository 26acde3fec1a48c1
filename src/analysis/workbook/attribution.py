"""Tell whether a claim is somebody's spoken view, and whether that somebody speaks as an expert or from experience.

A news story gives an expert's view as a quotation ("... ," says Dr. Smith) or as reported
speech (Smith says that ...). Such a claim rests on that person's opinion unless a study
stands behind it; `propose_labels` proposes the vocabulary's opinion level for it. A
parent, a patient or a student who took part tells what happened to them: an anecdote
(`speaks_from_experience`).
"""

import re

from analysis.workbook.quotes import SourceText, locate_quote

SPEECH = re.compile(
    r"\b(?:says|said|say|adds|added|explains|explained|notes|noted|told|tells|thinks|believes|argues|argued|"
    r"cautions|cautioned|warns|warned|recalls|recalled|insists|insisted|admits|admitted|according to)\b",
    re.IGNORECASE,
)
_HEARSAY = re.compile(  # the passive names no speaker: "is said to improve digestion", "parents who were told nothing"
    r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+|also\s+)?(?:said\s+to|told)\b",
    re.IGNORECASE,
)
_REPORTED = re.compile(  # research reported, by its authors ("we found") or anyone: not a personal view
    r"\b(?:study|studies|research|researchers|authors|trial|review|findings|results|data|figures|analys[ie]s|"
    r"experiments?|report|patients|participants|subjects|"
    r"(?:we|I) (?:found|discovered|saw|showed|observed|got|asked|tested|gave))\b",
    re.IGNORECASE,
)
_OPENING, _CLOSING = '“"', '”"'
EXPERT = re.compile(  # who speaks from expertise: a title, a research or clinical role
    r"\b(?:Dr|Doctor|Professor|Prof|PhD|MD|researchers?|scientists?|investigators?|authors?|experts?|"
    r"\w+(?:ologist|iatrist)s?|(?:physician|clinician|p(?:a)?ediatrician|dietician|dietitian)s?|"
    r"nutritionists?|pharmacists?|therapists?|specialists?|lecturer|consultant|analyst|GPs?|"
    r"chief executive|CEO|founder|spokes(?:man|woman|person))\b",
    re.IGNORECASE,
)
PRACTITIONER = re.compile(  # an unregulated wellness role: its holder's view is no expert opinion
    r"\b(?:nutritional therapists?|naturopath\w*|homeopath\w*|(?:colonic )?hydrotherapists?|health coach(?:es)?|"
    r"wellness (?:coach|expert|practitioner|influencer)s?|life coach(?:es)?|functional medicine practitioners?|"
    r"holistic (?:\w+ )?(?:practitioner|therapist|coach|nutritionist)s?|gut[- ]health (?:experts?|coach(?:es)?|gurus?)|"
    r"herbalists?|influencers?|celebrity nutritionists?|reflexologists?|detox (?:expert|coach)s?)\b",
    re.IGNORECASE,
)
LAY = re.compile(  # who speaks from experience: a relative, a patient, a participant, or "Chloe, 20,"
    r"(?i:\b(?:mother|father|mum|mom|dad|parents?|son|daughter|wife|husband|grandmother|grandfather|"
    r"patients?|participants?|volunteers?|students?|pupils?|users?|customers?|friends?|family|took part)\b)"
    r"|\b[A-Z][a-z]+, \d{1,2},",
)
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘(?:[^’]|’(?=\w))*’(?!\w)")  # spoken words: not where a speaker is named
_SAID = r"(?:says|said|adds|added|explains|explained|notes|noted)"  # the verbs beside which a speaker is named
_NAME = r"[A-Z][\w'’-]*\w(?![\w'’-])"  # a whole name, hyphens and apostrophes in it: "Anne-Marie", "O'Brien"
PRONOUN_SAID = re.compile(rf"\b(?:she|he|they)\s+{_SAID}\b", re.I)
SPEAKER = re.compile(  # a speaker named beside the speech verb, by surname: "Dr Lind said", "said Ms. Hoffmann"
    rf"\b{_SAID}\s+(?:(?:Professor|Prof\.?|Dr\.?|Doctor|Ms\.?|Mr\.?|Mrs\.?)\s+)?(?:{_NAME}\s+)*?"
    rf"(?P<after>{_NAME})(?!\s+[A-Z])|\b(?P<before>{_NAME})\s+{_SAID}\b"
)
PRONOUNS = {"She", "He", "They", "It", "We", "I", "You"}  # "She said" names nobody: the speaker is found before
NEAR = 40  # characters either side of a name in which its role is given ("his mother, Maria Ostrander")
SPOKEN_KINDS = ("opinion", "anecdote")  # evidence kinds of a claim in somebody's own words: it rests on no study
LOOK_BACK = 2  # paragraphs before a quotation in which a pronoun's speaker ("she said") may be introduced


TURN = re.compile(r"^(?P<name>[A-Z][A-Z.'’ -]{0,30}[A-Z]):\s", re.MULTILINE)  # a transcript's "HOLLIE: Morning."
_SOMEBODY_ELSE = re.compile(r"\b(?:she|he|they|her|his|their|hers|theirs)\b", re.IGNORECASE)
OWN_EXPERIENCE = re.compile(  # somebody telling what happened to them: "I felt calmer", "it changed my life"
    r"\bI(?:'ve|’ve| have)?(?: \w+ly)? "
    r"(?:felt|feel(?! that\b)|noticed|started|stopped|been taking|took|tried|began|went)\b|"  # "I feel that": a view
    r"\b(?:worked|works) for me\b|\bchanged my life\b|"
    r"\bmy (?:anxiety|mood|depression|brain fog|panic|sleep|gut|bloating|skin|energy|digestion|stomach|symptoms)\b",
    re.IGNORECASE,
)


OPENING_LINES = 4  # the title, a standfirst, the byline: where a text says who wrote it
_BYLINE = re.compile(  # "By Priya Dane, MPharm, …"; "… Expert Guides. Written by Priya Wetherall-Sand, MPharm, …"
    r"(?:^|[.|]\s+)(?:By|Written by|Words by)\s+[A-Z][^,|]{1,60}[,|]\s*(?P<role>[^|]+)"
)
_TITLED_BYLINE = re.compile(  # "By Dr Miriam Halsey": a doctor's title, and after it no role but a clinician's
    r"(?:^|[.|]\s+)(?i:by|written by|words by)\s+(?i:dr\.?|doctor|professor|prof\.?)\s+[A-Z][\w.'’-]*"
    r"(?:\s+[A-Z][\w.'’-]*){0,3}\s*(?:$|[,|]\s*(?P<role>.*))"
)
_CREDENTIAL = re.compile(  # a health professional's credential or role, not a journalist's ("Health Reporter")
    r"\b(?:MPharm|MD|MBBS|PhD|RD|RN|RGN|MRCGP|FRCP|pharmacist|nurse|dietitian|dietician|doctor|GP|"
    r"consultant|psychiatrist|psychologist|gastroenterologist|paediatrician|pediatrician|professor|clinical editor)\b"
)
_WRITES = re.compile(
    r"\b(?:from your (?:school |practice |community )?(?:nurse|doctor|GP|pharmacist|dietitian)|"
    r"(?:a|our|your) (?:doctor|GP|nurse|pharmacist|dietitian|psychiatrist) writes)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"^(?:Q[.:]\s|Question:|Dear (?:Dr\b|Doctor\b|Professor\b|Prof\b))", re.MULTILINE)
_ANSWER = re.compile(r"^(?:A[.:]\s|Answer:|Dear [A-Z][\w.'’ -]{0,30}(?::\s|,\s*$))", re.MULTILINE)
_LIST_ITEM = re.compile(r"^(?:[-•*–]\s|\d{1,2}[.)]\s)")  # "- Plenty of fibre", "2. Feed the good bugs"
_FINDS = re.compile(r"\b(?:found|find|reported|showed|shown|suggested)\b", re.IGNORECASE)  # what research found
_INTRODUCES = re.compile(  # "The experts we spoke to agreed on a few sensible steps:", "Dr Lee's tips:"
    r"\b(?:agree[sd]?|recommends?|recommended|advises?|advised|suggests?|suggested|tips|says?|said)\b", re.I
)


def in_expert_voice(quote: str, text: str) -> bool:
    """True when `quote` stands where the text speaks in an expert's voice, though no sentence names a speaker: the
    answer of an advice column an expert writes ("Ask the Doctor", "Dear Dr. Castellano" … "Dear J.R.:", "Q." …
    "A."), a list the text introduces as experts' advice ("The experts we spoke to agreed on a few steps:"), or a
    text an expert wrote ("By Priya Dane, MPharm", "a note from your school nurse")."""
    span = locate_quote(quote, SourceText(text))
    if span is None or _REPORTED.search(quote) or _FINDS.search(quote):
        return False  # "A large study found …": research the expert reports, not her view
    return _in_expert_answer(text, span.start) or _in_expert_list(text, span.start) or _by_an_expert(text)


def _in_expert_answer(text: str, offset: int) -> bool:
    """True when `offset` stands in an answer of a column whose first question or heading addresses an expert: the
    last question or answer that opens before it is an answer ("A."), not a reader's next question ("Q.")."""
    question = _QUESTION.search(text)
    if question is None:
        return False
    heading = text[: text.find("\n", question.start())]  # the title, the column's name and the question's salutation
    asked = [m.start() for m in _QUESTION.finditer(text, 0, offset)]
    answered = [m.start() for m in _ANSWER.finditer(text, question.end(), offset) if m.start() not in asked]
    return bool(answered) and max(answered) > max(asked) and bool(EXPERT.search(heading))


def _by_an_expert(text: str) -> bool:
    """True when the text's opening lines say an expert wrote it: a byline with a professional credential ("By Priya
    Dane, MPharm, clinical editor") or a title that says so ("a note from your school nurse", "a GP writes")."""
    opening = [line.strip() for line in text.split("\n") if line.strip()][:OPENING_LINES]
    return any(
        (byline := _BYLINE.search(line))
        and _CREDENTIAL.search(byline.group("role"))
        or (titled := _TITLED_BYLINE.search(line))
        and _CREDENTIAL.search(titled.group("role") or "doctor")
        or _WRITES.search(line)
        for line in opening
    )


def _in_expert_list(text: str, offset: int) -> bool:
    """True when `offset` is in the paragraphs after one that introduces experts' advice and ends with a colon, up
    to the next heading (a line that ends without a full stop)."""
    paragraphs = [p.strip() for p in text[: text.rfind("\n", 0, offset) + 1].split("\n") if p.strip()]
    for paragraph in reversed(paragraphs):
        if paragraph.endswith(":"):
            return bool(EXPERT.search(paragraph) and _INTRODUCES.search(paragraph))
        if _LIST_ITEM.match(paragraph):
            continue  # "- Plenty of fibre": an item of the list, however it ends
        if not paragraph.endswith((".", "!", "?", '"', "”", ")")) or paragraph.endswith("?"):
            return False  # a heading: a new section
    return False


def tells_own_experience(sentence: str) -> bool:
    """True when `sentence` tells, in the first person, what happened to its speaker ("I stopped feeling broken"),
    and reports no research ("we found", "the trial")."""
    return bool(OWN_EXPERIENCE.search(sentence)) and not _REPORTED.search(sentence)


def own_account(quote: str) -> bool:
    """True when `quote` is its writer's first-person account of what happened to them ("it changed my life", "my
    anxiety eased"), not of somebody else ("I noticed improvements in her mood")."""
    return bool(OWN_EXPERIENCE.search(quote)) and not _SOMEBODY_ELSE.search(quote)


_PARTICULAR_PERSON = re.compile(  # a pronoun, or a name's possessive ("Kenzie's"), not "It's" or "Today's"
    r"\b(?:I|I'm|I've|I’m|I’ve|[Mm]e|[Mm]y|[Ww]e|[Oo]ur|us|[Ss]he|[Hh]er|[Hh]e|[Hh]im|[Hh]is)\b"
    r"|\b(?!(?:It|That|What|There|Here|Today|Who|Let|He|She)['’])[A-Z][a-z]+['’]s\b"
)


def names_a_person(quote: str) -> bool:
    """True when `quote` speaks of a particular person, by a pronoun ("she went from waking four times a night",
    "our son") or by a name's possessive ("Kenzie's results"), not of people in general ("probiotics ease anxiety")."""
    return bool(_PARTICULAR_PERSON.search(quote))


def is_attributed(quote: str, text: str | SourceText) -> bool:
    """True when `quote` of `text` is in a sentence naming its speaker, or in a quotation its paragraph attributes.

    "The study says" is a report of research, not a person's view, so a speech verb whose
    sentence names research does not count. `text` may be given as a SourceText, made once for
    many quotes of one source.
    """
    source = text if isinstance(text, SourceText) else SourceText(text)
    text = source.text
    span = locate_quote(quote, source)
    if span is None:
        return False
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    paragraph = text[start : len(text) if end < 0 else end]
    sentence = _sentence_around(paragraph, span.start - start, span.end - start)
    if _speaks(sentence) and not _REPORTED.search(sentence):
        return True
    if speaker_of_turn(paragraph, text) and not _REPORTED.search(sentence):
        return True  # a turn of a transcript: its speaker's own words
    at = span.start - start
    inside = _inside_quotation(paragraph, at + (paragraph[at : at + 1] in _OPENING + "‘"))  # '"Children with…
    if not inside or _REPORTED.search(sentence):
        return False
    return _speaks(paragraph) or _speaker_beside(text, start, end)


def _speaker_beside(text: str, start: int, end: int) -> bool:
    """True when the paragraph before or after the one from `start` to `end` names a speaker and holds a quotation:
    a quotation that runs over paragraphs is attributed in its first or its last."""
    before = [p for p in text[:start].split("\n") if p.strip()][-1:]
    after = [p for p in ("" if end < 0 else text[end:]).split("\n") if p.strip()][:1]
    return any(_speaks(p) and any(mark in p for mark in _OPENING + _CLOSING) for p in before + after)


def speaker_of_turn(paragraph: str, text: str) -> str | None:
    """Return the speaker whose turn of a transcript `paragraph` is ("HOLLIE: ..." gives "Hollie"), or None; a label
    counts only when `text` gives that speaker two turns or more (not a one-off "ASK DR SMITH:" heading)."""
    turn = TURN.match(paragraph)
    if turn is None:
        return None
    name = turn.group("name")
    turns = sum(found.group("name") == name for found in TURN.finditer(text))
    return name.title() if turns >= 2 else None


# a full stop, perhaps closing a quotation, then a space, not before a word in lower case ('"… by half!" the authors
# wrote': the speech tag goes with its quotation)
_SENTENCE_END = re.compile(r"[.?!][\"”’')]*\s(?![a-z])")


def _sentence_around(paragraph: str, start: int, end: int) -> str:
    """Return the stretch of `paragraph` from the sentence end before `start` to the one after `end`."""
    ends = [m.end() for m in _SENTENCE_END.finditer(paragraph)]  # after '. ', and after '." ' a quotation closes
    before = max((i for i in ends if i <= start), default=0)
    end = max(start, end - 1)  # a span that ends with its own full stop ends its sentence there
    after = min((i for i in ends if i > end), default=len(paragraph))
    return paragraph[before:after]


def _inside_quotation(paragraph: str, offset: int) -> bool:
    """True when `offset` of `paragraph` falls between an opening and a closing quotation mark."""
    opened = ""  # the mark that opened the quotation we are in
    for i, char in enumerate(paragraph[:offset]):
        if not opened and (char in _OPENING or char == "‘"):  # ‘ opens a single-quoted one ('I felt calmer')
            opened = char
        elif opened and _closes(opened, char, paragraph[i + 1 : i + 2]):
            opened = ""
    return bool(opened)


def _closes(opened: str, char: str, after: str) -> bool:
    """True when `char` (followed by `after`) closes a quotation opened by `opened`: ’ closes only ‘, and not as the
    apostrophe of "I’m"."""
    if opened == "‘":
        return char == "’" and not after.isalpha()
    return char in _CLOSING


def speaks_from_experience(quote: str, text: str) -> bool:
    """True when the speaker of attributed `quote` is introduced as a parent, patient, participant or other lay person
    (see `speaker_role`)."""
    return speaker_role(quote, text) == "lay"


def speaker_role(quote: str, text: str | SourceText) -> str | None:
    """Return the role the speaker of attributed `quote` is introduced with: "lay" (a parent, patient, participant),
    "practitioner" (a nutritional therapist, naturopath, health coach: an unregulated wellness role), "expert" (a
    clinician or researcher), or None.

    The speaker is named outside the quotation marks: in the claim's paragraph or, when that
    says only "she said", in the paragraphs just before it. A speaker named there, by surname
    ("said Ms. Hoffmann"), has the role given beside the name there ("said Maria Ostrander, his
    mother"), else where the article first gives that name one ("Diane Hoffmann, a law
    professor"), not one a word elsewhere in the paragraph suggests ("an experiment with
    patients"); else any role the paragraph gives decides (an expert's over a lay person's);
    a person with no role anywhere is taken for an expert. `text` may be given as a SourceText, made once for many
    quotes.
    """
    source = text if isinstance(text, SourceText) else SourceText(text)
    text = source.text
    span = locate_quote(quote, source)
    if span is None or not is_attributed(quote, source):
        return None
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    before = [p for p in text[:start].split("\n") if p.strip()][-LOOK_BACK:]
    for stretch in (text[start : len(text) if end < 0 else end], *reversed(before)):
        said = QUOTED.sub(" ", stretch)
        turn = speaker_of_turn(stretch, text)
        named = [turn] if turn else find_speakers(said)
        role = None
        if named:  # the role given beside the name here, else where the article first gave the name one
            role = _introduced_as(named[0], said) or _introduced_as(named[0], QUOTED.sub(" ", text))
        if role is None and not turn:
            role = _role(said)
        if role is not None:
            return role
        if not PRONOUN_SAID.search(said):
            return None
    return None


def find_speakers(words: str) -> list[str]:
    """Return the surnames of the speakers `words` name beside a speech verb ("said Ms. Hoffmann", "Cani says"), in
    order; a pronoun ("she said") names nobody."""
    names = (re.sub(r"['’]s$", "", m.group("after") or m.group("before")) for m in SPEAKER.finditer(words))
    return [name for name in names if name not in PRONOUNS]


def _speaks(words: str) -> bool:
    """True when `words` hold a speech verb, hearsay in the passive ("is said to improve digestion") left out."""
    return bool(SPEECH.search(_HEARSAY.sub(" ", words)))


def _role(words: str) -> str | None:
    """Return "practitioner", "expert" or "lay" when `words` give someone such a role, else None."""
    if PRACTITIONER.search(words):
        return "practitioner"
    return "expert" if EXPERT.search(words) else "lay" if LAY.search(words) else None


def _introduced_as(name: str, words: str) -> str | None:
    """Return the role the article gives `name` where it first gives one, within a few words of the name."""
    for found in re.finditer(rf"\b{re.escape(name)}\b", words):
        role = _role(words[max(0, found.start() - NEAR) : found.end() + NEAR])
        if role is not None:
            return role
    return None
