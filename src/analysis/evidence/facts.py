"""What the flag rules read of each claim: its wording, its placement, and the studies it rests on.

Tested in tests/evidence/test_flags.py.
"""

import re
from functools import lru_cache

import pandas as pd

from analysis.evidence.study_facts import read_study_facts
from analysis.language.cues import find_cues
from analysis.language.detector import is_denied, read_sentence
from analysis.language.tense import names_a_cause, reports_findings, reports_past_result
from analysis.workbook.attribution import is_attributed, names_a_person, own_account, speaker_role
from analysis.workbook.load import explode_claims
from analysis.workbook.quotes import SourceText
from analysis.workbook.rules import Rules
from analysis.workbook.studies import IMPLIED
from analysis.workbook.vocabulary import Vocabulary, split_terms

# a group result: "more in the capsule group", "less than those on placebo"
_THOSE_STUDIED = (  # the people a study enrolled, named as such: "these patients", "the participants"
    r"(?i)\bthese (?:patients|participants|subjects|volunteers)\b|\bthe (?:participants|subjects|volunteers)\b"
    r"|\bin these (?:[\w-]+ )?(?:people|children|adults|women|men)\b"  # not "the patients": patients in general
)
_COMPARED = (  # "improved slightly more than the placebo group", "… in the capsule group and 2.8 in the placebo group"
    r"(?i)\b(?:more|less|fewer|greater|smaller|larger|better|worse|lower|higher|bigger)\b(?:[^.]|\.\d)*"
    r"\b(?:than|groups?|arms?)\b"
    r"|\b(?:groups?|arms?)\b(?:[^.]|\.\d)*\b(?:placebo|control|dummy|comparison)\s+(?:groups?|arms?|pills?|capsules?)\b"
)
# a claim that says its own study is small or uncontrolled: "a small trial has found", "an open-label study of 12"
_SMALL_STUDY = (
    r"(?i)\b(?:small|smaller|tiny|pilot|open-label|uncontrolled)\s+(?:[\w-]+\s+)?(?:study|trial|studies|trials)\b"
    r"|\b(?:study|trial) of (?:\d{1,2}|a few|a handful of)\b"
)
_NEED = (  # what the body needs, not what more of it does: "omega-3 fats, which your brain needs", "contributes to
    # normal cognitive function" (the wording of nutrient claims regulators authorise)
    r"(?i)^\W*(?:your|the) (?:brain|body|gut)(?: also)? needs?\b|\bwhich (?:your |the )?(?:brain|body|gut) needs?\b"
    r"(?!\s+to\b)|\bcontributes? to (?:the )?normal\b"  # not "the bacteria your gut needs to fight infection"
)
_PEOPLE = (  # words that name people: a guess about them from animals is still about people ("children … could be more
    # prone to anxiety", "could help you bounce back"); "could one day lead to treatments" guesses where research leads,
    # and "tell us", "if you ask", "the US team" name the speaker or a country, not whom the claim is about
    r"(?i)\b(?:people|humans?|your|children|child|kids?|bab(?:y|ies)|infants?|teenagers?|young people|adults?|"
    r"women|mothers?|patients)\b|(?<!\bif )\byou\b(?! ask)|(?<!\btell )(?<!\btold )(?<!\bshow )(?<!\bgive )(?-i:\bus\b)"
)
_THAT_BEFORE = re.compile(r"\b(?:that|which)\s+(?:\w+\s+)?$", re.IGNORECASE)  # "… that (quickly) cleared up"
_SCOPE_DENIAL = 6  # words between a negation and the scope it denies: "I'm not saying it's a cure for everyone"
_SCOPE_BREAK = re.compile(r"[,;:.!?\u2013\u2014]|\b(?:and|but|yet|or)\b", re.IGNORECASE)  # a new clause between
_NOT_DENYING = re.compile(r"(?:no|not|never)\s+(?:doubt|only|just)\b", re.IGNORECASE)  # "no doubt", "not only"
CERTAINTY = ("certainty", "novelty")  # the booster categories that speak of the evidence (claims/lexicon.md)
SCOPE = ("many", "settled")  # the scope categories that speak of people in general or a settled treatment
CASES = ("cases",)  # the scope category of uncounted cases a teller knows of: "hundreds of clients", "most customers"


def read_facts(claims: pd.DataFrame, studies, vocabulary: Vocabulary, rules: Rules, read_source=None) -> pd.DataFrame:
    """Return what the rules read of each claim: evidence kind, strength, hedges, boosters, placement, studies, and
    whether it is an anecdote told in its teller's words (`read_source(source_id)` gives the text to tell)."""
    kinds = {slug: term.kind for slug, term in vocabulary.sections["evidence_levels"].items()}
    actionable = set(vocabulary.terms("interventions", rules.terms("unsupported_about")))
    products = actionable - rules.terms("textbook_exposures") - rules.terms("dietary_guidance")  # not food: sold
    contested = set(vocabulary.terms("conditions", rules.terms("unsupported_on")))  # the mind: the open question
    harms = rules.terms("safety_conditions")
    strengths = {slug: i for i, slug in enumerate(vocabulary.terms("relations"))}  # weakest first
    facts = pd.DataFrame(
        {
            "evidence_kind": claims["evidence_level"].astype(str).map(kinds),
            "strength": claims["relation"].map(strengths),
            "causal": claims["relation"].isin(rules.terms("causal_relations")),
            "states_effect": claims["relation"].isin(rules.terms("effect_relations")),
            "claims_no_change": claims["direction"].isin(rules.terms("no_effect_directions")),  # "won't fix your mood"
            "of_harms": claims["conditions"].map(lambda v: bool(set(split_terms(v)) & harms)),  # side effects
            "signed": claims["direction"].isin(rules.terms("effect_directions")),  # "lifts mood", not "affects mood"
            "hedges": claims["hedging"].map(lambda value: frozenset(split_terms(value))),
            "placement": claims["placement"].replace("", rules.flags["body_placements"][0]),  # unplaced: body
            "about_people": claims["population"].isin(rules.terms("about_people")),
            "about_animals": claims["population"].isin(rules.terms("studied_in_animals_or_cells")),
            "advises": claims["advice_term"].isin(rules.terms("advice_to_act")),
            "everyday": claims["interventions"].map(lambda v: _all_in(v, rules.terms("everyday_advice"))),
            "guidance": claims["interventions"].map(lambda v: _as_guidelines_advise(v, rules, vocabulary)),
            "food_or_body": claims["interventions"].map(lambda v: not set(split_terms(v)) & products),
            "conventional": claims["interventions"].map(lambda v: _all_in(v, rules.terms("conventional_care"))),
            "settled": _settled(claims, rules, "textbook_conditions", "textbook_exposures")
            | _settled(claims, rules, "established_conditions", "established_treatments"),
            "boosters": claims["quote"].map(find_boosters),
            "novelty": claims["quote"].map(lambda q: bool(find_boosters(q, ("novelty",)))),  # "a landmark moment"
            "scope": claims["quote"].map(find_scope),
            "cases": claims["quote"].map(lambda q: find_scope(q, CASES)),  # "most customers tell us"
            "says_small": claims["quote"].str.contains(_SMALL_STUDY, regex=True),  # "according to a small trial"
            "cited": claims["citation"].map(lambda c: bool(str(c).strip())),
            "actionable": claims["interventions"].map(lambda v: bool(set(split_terms(v)) & actionable)),
            "on_the_mind": claims["conditions"].map(lambda v: bool(set(split_terms(v)) & contested)),
            "past_report": claims["quote"].map(reports_past_result),
            "reports_findings": claims["quote"].map(reports_findings),  # "other studies have shown similar results"
            "of_those_studied": claims["quote"].str.contains(_THOSE_STUDIED, regex=True),  # "in these patients"
            "names_a_cause": claims["quote"].map(names_a_cause),
            "names_people": claims["quote"].str.contains(_PEOPLE, regex=True),  # "children", "you", "us"
            "states_a_need": claims["quote"].str.contains(_NEED, regex=True),  # "omega-3 fats, which your brain needs"
            "mechanism": claims["mechanisms"].map(lambda v: bool(split_terms(v))),  # names how it works
            "compares_groups": claims["quote"].str.contains(_COMPARED, regex=True),
        },
        index=claims.index,
    )
    facts["of_many"] = facts["scope"].map(bool) | facts["cases"].map(bool)  # more than one teller's own story
    typed = claims["claim_type"].replace("", rules.flags["claims_of_effect"][0])  # untyped claims are claims of effect
    effect = typed.isin(rules.terms("claims_of_effect"))
    facts["eligible"] = (
        effect & ~claims["advice_term"].isin(rules.terms("safety_advice")) & ~_warns(claims, facts, rules)
    )
    facts["urges"] = _where(claims, facts["claims_no_change"] & facts["advises"], lambda q: read_sentence(q).advice)
    facts["about_research"] = typed.isin(rules.terms("claims_about_research"))  # "the research is extraordinary"
    facts["words_guess"] = _words_guess(claims, facts, rules)
    # A section heading names its section's topic: only the headline rule judges it, against that body.
    # The title (the text's first line) is the article's main claim and is judged like any other.
    first = rules.flags["headline_placements"][0]
    facts["section_heading"] = facts["placement"].eq(first) & claims["quote_line"].fillna(1).gt(1).to_numpy()
    texts = None if read_source is None else _Texts(read_source)
    facts["told_by_teller"] = _told_by_teller(claims, facts, rules, texts)
    facts["one_case_told"] = _one_case_told(claims, facts, rules)
    facts["practitioner"] = _by_practitioner(claims, facts, texts)
    facts = facts.join(_body_strength(claims, facts, rules, kinds, strengths))
    facts = facts.join(read_study_facts(claims, studies, vocabulary, rules))
    facts["linked"] = facts["study_ids"].map(bool)  # the claim links a study
    return facts


def _as_guidelines_advise(cell: str, rules: Rules, vocabulary: Vocabulary) -> bool:
    """True when the cell names a food dietary guidelines advise (fibre, a Mediterranean diet), and besides it only
    everyday advice or the broader terms it belongs to ("a varied diet with plenty of fibre": diet; fibre); a diet
    change alone ("cut out gluten and dairy") is no guideline."""
    named = set(split_terms(cell))
    foods = named & rules.terms("dietary_guidance")
    broader = {slug for slug in named if foods & set(vocabulary.narrower("interventions", slug))}
    return bool(foods) and named <= foods | broader | rules.terms("everyday_advice")


def _warns(claims: pd.DataFrame, facts: pd.DataFrame, rules: Rules) -> pd.Series:
    """True for a warning of harm in the body of a text: a harm on a safety condition, to the body alone ("too much
    too soon can leave you a bit bloated"; "antibiotics cause autism and other side effects" claims a harm to the
    mind, and is judged), or advice on how to ease or avoid one, on safety conditions alone ("start small"; "our
    probiotic prevents the side effects of antibiotics" promises a benefit, and is judged). "It is safe" (no effect on
    them) invites the reader to act, and is judged; a headline or summary is read alone."""
    only_harms = claims["conditions"].map(lambda v: _all_in(v, rules.terms("safety_conditions")))
    harm = claims["direction"].isin(rules.terms("warning_directions")) & facts["of_harms"] & ~facts["on_the_mind"]
    eases = facts["signed"] & only_harms & facts["advises"]
    return (harm | eases) & facts["placement"].isin(rules.terms("body_placements"))


def _settled(claims: pd.DataFrame, rules: Rules, conditions: str, interventions: str) -> pd.Series:
    """True for a claim only of the rules' `conditions` and `interventions` lists: an effect settled beyond what
    any one article reports (fibre feeding gut bacteria; faecal transplants for recurrent C. difficile)."""
    return claims["conditions"].map(lambda v: _all_in(v, rules.terms(conditions))) & claims["interventions"].map(
        lambda v: _all_in(v, rules.terms(interventions))
    )


def _all_in(cell: str, terms: frozenset) -> bool:
    """True when the cell names terms and every one of them is in `terms`."""
    named = set(split_terms(cell))
    return bool(named) and named <= terms


def _told_by_teller(claims: pd.DataFrame, facts: pd.DataFrame, rules: Rules, texts) -> pd.Series:
    """Return which claims are told from experience (an anecdote) in the teller's own words: a quotation or
    reported speech the article attributes ("made a huge difference to us," he says), or the writer's own account in
    the first person ("it changed my life", "my anxiety eased")."""
    titles = facts["placement"].eq(rules.flags["headline_placements"][0])  # a headline is read alone
    told = facts["evidence_kind"].isin(rules.terms("told_from_experience"))
    return _judged(
        claims, told, texts, lambda quote, text, i: (own_account(quote) and not titles[i]) or is_attributed(quote, text)
    )


def _one_case_told(claims: pd.DataFrame, facts: pd.DataFrame, rules: Rules) -> pd.Series:
    """Return which claims tell, in the body, what happened in one particular case (an anecdote the text describes,
    of a person it names: "she went from waking four times a night to sleeping through"), speaking of no one beyond
    it: a story, not the article's claim of a cause. A headline or summary that tells it, "many customers notice"
    (second-hand), or "probiotics ease anxiety" on one story (no person named) generalises; so does a relative
    clause that credits a thing with a cause ("a probiotic that cleared up his digestion problems")."""
    told = (
        facts["evidence_kind"].isin(rules.terms("told_from_experience"))
        & claims["reporting"].isin(rules.terms("one_case_reportings"))
        & facts["placement"].isin(rules.terms("body_placements"))
        & ~facts["of_many"]
        & claims["quote"].map(names_a_person)
    )
    return told & ~_where(claims, told, _credits_a_thing)


def _where(claims: pd.DataFrame, selected: pd.Series, judge) -> pd.Series:
    """Return `judge(quote)` for the `selected` claims, False for the others: a sentence read only where it counts."""
    found = claims.loc[selected, "quote"].map(judge).astype(bool)
    return found.reindex(claims.index, fill_value=False)


def _words_guess(claims: pd.DataFrame, facts: pd.DataFrame, rules: Rules) -> pd.Series:
    """True where a claim coded as a mere possibility guesses in its own words ("could one day", "may"): "can" says
    what something is able to do ("bacteria can influence the brain"), which the lexicon reads as no hedge. The
    lexicon's hedge categories are the vocabulary's hedging terms."""
    guessing = rules.terms("possibility_hedges")
    coded = facts["hedges"].map(lambda hedges: bool(hedges & guessing))
    return _where(claims, coded, lambda quote: bool(guessing & set(read_sentence(quote).hedge_categories)))


def _credits_a_thing(quote: str) -> bool:
    """True when a thing acts on the person by a causal verb, in a relative clause ("a children's probiotic that
    cleared up digestion problems he was having"): the text credits it with a cause; "her son calmed down after
    starting it", "she who recovered" tell what happened, and "a drink that didn't help" denies it."""
    reading = read_sentence(quote)
    if reading.negated:
        return False
    return any(
        cue.kind == "causal"
        and cue.category == "verb"
        and _THAT_BEFORE.search(quote[max(0, cue.start - 12) : cue.start])
        for cue in reading.cues
    )


def _by_practitioner(claims: pd.DataFrame, facts: pd.DataFrame, texts) -> pd.Series:
    """Return which expert's views (evidence kind opinion) are a wellness practitioner's: a nutritional therapist's,
    a naturopath's, a health coach's (`attribution.speaker_role`), whose view is no expert opinion."""
    opinion = facts["evidence_kind"].eq("opinion")
    return _judged(claims, opinion, texts, lambda quote, text, i: speaker_role(quote, text) == "practitioner")


def _judged(claims: pd.DataFrame, selected: pd.Series, texts, judge) -> pd.Series:
    """Return `judge(quote, its source's SourceText, row index)` for the `selected` claims, False for the others (and
    for all when no text can be read, `texts` None)."""
    if texts is None or not selected.any():
        return pd.Series(False, index=claims.index)
    rows = claims.loc[selected, ["quote", "source_id"]]
    found = [judge(quote, texts[source], i) for i, quote, source in zip(rows.index, rows["quote"], rows["source_id"])]
    return pd.Series(found, index=rows.index, dtype=bool).reindex(claims.index, fill_value=False)


class _Texts(dict):
    """Each source's SourceText, read and made once, on first use."""

    def __init__(self, read_source):
        super().__init__()
        self.read_source = read_source

    def __missing__(self, source_id: str) -> SourceText:
        self[source_id] = SourceText(self.read_source(source_id))
        return self[source_id]


@lru_cache(maxsize=100_000)
def find_boosters(quote: str, categories=CERTAINTY) -> tuple[str, ...]:
    """Return the words of a quote that claim certainty or novelty ("it is clear", "groundbreaking"), as the
    language detector finds them; emphasis ("directly", "profound", "vital") claims nothing of the evidence, and
    a denied booster ("he doesn't always", "not proven") claims no certainty, nor does one that is sure of a denial
    ("the gut is clearly not the whole story", "it certainly won't have done him any harm"): a caveat."""
    reading = read_sentence(quote)
    return tuple(
        cue.text
        for cue in reading.boosters
        if cue.category in categories
        and not is_denied(quote, reading.cues, cue)
        and not _denies_next(quote, reading.cues, cue)
    )


def _denies_next(quote: str, cues, booster) -> bool:
    """True when a negation follows the booster at once ("clearly not", "certainly won't"): it is sure of a denial."""
    after = [cue for cue in cues if cue.kind == "negation" and cue.start >= booster.end]
    return bool(after) and not quote[booster.end : after[0].start].strip()


def find_scope(quote: str, categories=SCOPE) -> tuple[str, ...]:
    """Return the words of a quote that speak of many people or of a settled treatment ("millions", "a safe way"), or,
    given `CASES`, of uncounted cases a teller knows of ("hundreds of clients", "most customers tell us")."""
    return tuple(text for text, category in _scope_cues(quote) if category in categories)


@lru_cache(maxsize=100_000)
def _scope_cues(quote: str) -> tuple[tuple[str, str], ...]:
    """The quote's scope cues no negation denies, as (words, category): one scan serves every category."""
    cues = find_cues(quote, kinds=("scope", "negation"))
    return tuple(
        (cue.text, cue.category) for cue in cues if cue.kind == "scope" and not _denied_scope(quote, cues, cue)
    )


def _denied_scope(quote: str, cues, scope) -> bool:
    """True when a negation shortly before `scope`, in the same clause, denies it: "not for everyone", "I'm not
    saying it's a cure for everyone", "we're not asking anyone to"; not "no placebo, everyone knew", "it's not
    expensive and it helps everyone", "no doubt it will help millions", "not only a few but everyone"."""
    negations = [cue for cue in cues if cue.kind == "negation" and cue.end <= scope.start]
    if not negations or _NOT_DENYING.match(quote, negations[-1].start):  # "no doubt", "not only": no denial
        return False
    between = quote[negations[-1].end : scope.start]
    return len(between.split()) <= _SCOPE_DENIAL and not _SCOPE_BREAK.search(between)


def _body_strength(claims, facts, rules, kinds: dict, strengths: dict) -> pd.DataFrame:
    """Return, for each headline or summary, the strongest relation that evidence reported in its source's body
    supports on its pairs (the strongest relation of the body's claims that offer evidence, a claim resting on a
    controlled trial or a systematic review supporting a cause however it is worded; NaN: none), and the studies
    those body claims rest on."""
    heads = facts["placement"].isin(rules.terms("headline_placements"))
    if not heads.any():
        return pd.DataFrame({"body_strength": float("nan"), "body_studies": ""}, index=claims.index)
    tested = facts["evidence_kind"].isin(rules.terms("trial_kinds")) & claims["direction"].isin(
        rules.terms("effect_directions")
    )  # a trial's finding of an effect supports a cause, however worded; its finding of none does not
    cause = max((strengths[r] for r in rules.terms("causal_relations") if r in strengths), default=float("nan"))
    strength = facts["strength"].where(~tested, cause)
    long = explode_claims(claims.assign(_strength=strength, _placement=facts["placement"]))
    reported = ~long["evidence_level"].astype(str).map(kinds).isin(rules.terms("no_evidence_kinds"))
    body = long[long["_placement"].isin(rules.terms("body_placements")) & reported]
    by_pair = body.groupby(["source_id", "condition", "intervention"])
    strongest = by_pair["_strength"].max().to_dict()
    studies = by_pair["studies"].agg(lambda cells: {s for cell in cells for s in split_terms(cell)}).to_dict()
    tops = long[long["_placement"].isin(rules.terms("headline_placements"))]
    keys = list(zip(tops["source_id"], tops["condition"], tops["intervention"]))
    tops = tops.assign(
        _body=[strongest.get(k, float("nan")) for k in keys], _studies=[studies.get(k, set()) for k in keys]
    )
    grouped = tops.groupby("claim_id")
    named = grouped["_studies"].agg(lambda sets: ", ".join(sorted(s for ids in sets for s in ids if s[0] != IMPLIED)))
    return pd.DataFrame(
        {
            "body_strength": claims["claim_id"].map(grouped["_body"].max()),
            "body_studies": claims["claim_id"].map(named),
        },
        index=claims.index,
    ).fillna({"body_studies": ""})
