"""Flag claims whose wording parts from the studies they rest on: exaggeration, unsupported, understatement.

Each flag names its rule and gives a one-line reason a reader understands, naming the
study it compared the claim with. The rules read evidence kinds from the vocabulary and
the terms they look at from `claims/rules.yaml`; no evidence level or term is named here.

- exaggeration, after Sumner et al. (BMJ 2014) and Yu et al. (COLING 2020):
  ``causal-on-weak-evidence`` a direct causal claim resting on what can show only an
  association (observational or uncontrolled studies, reviews, "studies show", a case,
  an anecdote; an expert's quoted view is no study), unless
  - it only reports in the past tense what its study saw ("both patients recovered after it"; "it helped both
    patients recover" has the exposure act, and credits a cause), or speaks of those its study enrolled ("the
    resolution of colitis in these patients"),
  - it is an anecdote in its teller's own words ("being taken seriously made a huge difference to us," he says; the
    writer's "it changed my life" outside a headline), which reports what happened to them (not "if I can fix
    myself, anyone can"),
  - it is the body's account of one case it describes, of a person it names ("she went from waking four times a
    night to sleeping through"), which tells a story, unless a relative clause in it credits a thing with a cause ("a
    probiotic that cleared up his digestion problems"),
  - it says what research has reported, research the subject of a verb of reporting ("a handful of small studies
    have reported improvements in mood"): a description of the evidence,
  - or it says that conventional care works ("talking therapies for IBS help"; rules.yaml `conventional_care`),
    the premise of referral advice, or states a settled effect (textbook nutrition, a treatment's established use:
    "FMT is a very effective treatment for recurrent C. diff"; rules.yaml `established_treatments`);
  ``people-from-animals`` a claim about people resting on animal or cell work only (on its outcome: a trial in
  people that measured something else, a metabolic trial behind "supports a calm mood", does not count), unless
  hedged as a mere possibility in its own words outside a headline, naming no people ("could one day lead to
  treatments" is a guess, not a report; "can influence the brain" says what something is able to do; "could help
  you bounce back" or "children … could be more prone" names them; a headline is read alone, hedged or not);
  ``small-study-generalised`` words for many people or a settled treatment ("millions",
  "a safe way to treat"), a headline stating an effect (hedged or not: it is read alone), or
  a summary stating one unhedged that does not say its study is small ("according to a small
  trial" is a fair report) or only reports its figures in the past tense ("18 of 24 participants achieved a
  reduction"), resting on one small or uncontrolled study; a claim about the animals or cells studied is not
  generalised;
  ``stories-generalised`` an effect told from stories (anecdotes, customers' or clients' reports) as holding for
  many, in words short of a cause ("most customers tell us they notice a difference", "parents regularly tell us
  about calmer mornings"): uncounted cases, with nothing to compare them with, are no measure of how often it helps
  (a cause so told, "I've seen hundreds of children transformed", is ``causal-on-weak-evidence``'s);
  ``outcome-not-measured`` a claim about a condition none of its studies measured, or about an outcome of the mind
  (rules.yaml `each_outcome_measured`) one of them did not measure beside one they did ("slept better and felt less
  foggy", of a pilot of sleep and stress), unless it guesses at an influence it gives no direction ("gut microbes
  might influence the brain" asks the question; the guess is read from the curated hedging alone here);
  ``effect-not-found`` a claim that its exposure changes a condition (any one of those it names) on which every
  study behind it that measured the condition found no effect (studies.csv `outcome_directions`), unless it
  reports in the past tense how the groups compared ("the fibre group improved slightly more
  than the placebo group"), or, outside a headline, itself concedes the effect was small
  ("may help slightly, though the benefit was modest"); "the capsule lifted mood" is still
  flagged, and so is a null result called "promising" or "encouraging" (spin, not a concession);
  ``advice-without-trials`` advice to act with no trial behind it, unless it asks only what
  public-health guidance recommends anyway (rules.yaml `everyday_advice`: sleep, exercise), or only what dietary
  guidelines advise (`dietary_guidance`: fibre, a Mediterranean diet, less processed food, "a varied diet" beside
  them) for the body's sake, resting on no study, or says something will not help ("isn't likely a good way to …"
  promises nothing; "there's no harm in trying it" invites the reader to act);
  ``booster-on-weak-evidence`` certainty or novelty words ("groundbreaking", "it is clear", "a
  landmark moment") on evidence short of a trial, and words of novelty on trials that are not
  pooled ("HARVEST-D is a landmark"), in a claim of effect, or words of novelty in what is said of
  the research itself ("the research on this is extraordinary"); certainty about a denial ("the gut
  is clearly not the whole story") is a caveat, and a certainty word in a past-tense report of what its study saw
  describes the observation ("new species were evident in these patients"; "in a landmark study, researchers found"
  still boosts); ``headline-beyond-body``
  a headline or summary stating a stronger effect than any claim of its body on the same pair
  (a claim resting on a controlled trial or a systematic review supports a cause, however it is
  worded; a headline that an exposure changes nothing claims no effect, nor does a headline or summary guessing
  at an influence it gives no direction: "mental strength may depend on the gut", nor a summary that itself calls
  the effect small, rules.yaml `conceding_hedges`: "some may have small benefits for mood"; "emerging science
  reveals" is still judged);
- unsupported, ``no-evidence``: a direct cause, of a benefit or a harm ("X influences Y" names the question; with
  no evidence, or only the view of a wellness practitioner: a nutritional therapist, a naturopath, a health coach,
  `attribution.speaker_role`), of something a reader can
  choose to do or take or on the mind (mood, anxiety, the brain: whether the gut moves the mind in people is
  the open question), stated as established (unhedged) in the body of an article with no
  evidence and no citation (how the body works, exposures and mechanisms, is background); background, definitions,
  descriptions, mechanisms, transitions, textbook nutrition (fibre feeds gut bacteria, rules.yaml
  `textbook_exposures`) and a treatment's established use (`established_treatments`) are not claims of effect,
  nor is a claim naming a mechanism (claims.csv `mechanisms`) of an effect on the body alone, of food or of the
  body's own microbes ("fibre feeds bacteria that make butyrate, which calms inflammation": how the body works; on
  the mind it is the open question, of a product a claim to sell), nor what the body needs ("omega-3 fats, which
  your brain needs", "contributes to normal cognitive function"),
  referral advice is
  never flagged, nor is its premise that conventional care works ("effective treatments are
  available", rules.yaml `conventional_care`), and a claim another rule answers for (a headline or summary, advice,
  certainty words) is flagged by that rule alone;
- understatement, ``hedge-beyond-evidence``: a claim hedged as a mere possibility ("may")
  although it rests on strong, consistent evidence: a systematic review, or two controlled
  trials or more, each large, in people, peer reviewed (or not said not to be), not the
  maker's, that its article calls neither small nor early, nor its authors rate low in
  certainty; and the claim itself gives no such reason.

No rule judges a warning of harm in the body of a text (facts: `_warns`): a harm on a safety condition, to the body
alone ("too much too soon can leave you a bit bloated"), or advice on how to ease or avoid one ("start small"), is
caution, not a promise; "it is safe", a harm to the mind, a product that prevents side effects, and a headline or
summary are judged.

A section heading names its section's topic and is judged against that section, by
``headline-beyond-body``, and for its own certainty words ("Proven calming effects" over a mouse
study), by ``booster-on-weak-evidence``; the title (a text's first line) is judged like any claim.
Certainty words are those of certainty and novelty ("it is clear", "groundbreaking"), not
emphasis ("directly", "vital"). An article's honest hedge is never held against it: "preliminary", "small", "more trials
are needed" silence the understatement rule and leave every grade as it is.
"""

import pandas as pd

from analysis.evidence.facts import read_facts
from analysis.workbook.rules import Rules, load_rules
from analysis.workbook.studies import empty_studies
from analysis.workbook.vocabulary import Vocabulary, split_terms

COLUMNS = ["claim_id", "source_id", "kind", "rule", "reason", "quote", "placement", "evidence_level"]
KINDS = ("exaggeration", "unsupported", "understatement")
HIT_COLUMNS = [
    "claim_id",
    "source_id",
    "quote",
    "evidence_level",
    "reporting",
    "conditions",
    "citation",
]  # what a flag's row and reason read


def flag_claims(workbook, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the flags of `claims` (default: every claim of the workbook), by the workbook's rules."""
    rules = load_rules(workbook.vocabulary, workbook.claims_dir)
    claims = workbook.claims if claims is None else claims
    return find_flags(claims, workbook.vocabulary, rules, workbook.studies, read_source=workbook.read_source)


def count_flags(flags: pd.DataFrame, claims: pd.DataFrame, by: str = "source_id") -> pd.DataFrame:
    """Return, per value of `by`, its claims, how many each kind of flag marks, and the share marked exaggerated."""
    table = pd.crosstab(flags[by], flags["kind"]) if not flags.empty else pd.DataFrame()
    table = table.reindex(index=sorted(claims[by].unique()), columns=list(KINDS), fill_value=0)
    exaggerated = flags[flags["kind"] == KINDS[0]].groupby(by)["claim_id"].nunique()
    table.insert(0, "claims", claims.groupby(by).size().reindex(table.index).fillna(0).astype(int))
    table["share exaggerated"] = (exaggerated.reindex(table.index).fillna(0) / table["claims"]).round(2)
    return table.rename_axis(index=by, columns=None).reset_index()


def find_flags(claims: pd.DataFrame, vocabulary: Vocabulary, rules: Rules, studies=None, read_source=None):
    """Return one row per claim and rule that fired: exaggerations, then unsupported claims, then understatements.

    `read_source(source_id)` gives an article's text, to tell whose words a claim is in; without it, none is
    taken for anybody's own words.
    """
    found = []
    if not claims.empty:
        studies = empty_studies() if studies is None else studies
        facts = read_facts(claims, studies, vocabulary, rules, read_source)
        for rule, (kind, test, explain) in RULES.items():
            eligible = facts["eligible"] | (facts["about_research"] if rule in RESEARCH_TOO else False)
            judged = eligible & (~facts["section_heading"] if rule not in HEADINGS_TOO else True)
            fires = judged & test(facts, rules)
            if not fires.any():
                continue
            hits = claims.loc[fires, HIT_COLUMNS]  # few columns: itertuples makes a Series of each
            fact_rows = facts.loc[hits.index].to_dict("index")  # plain dicts: a row Series per hit costs 0.3 ms
            found += [
                _row(claim, kind, rule, explain(claim, fact_rows[i], vocabulary), fact_rows[i]["placement"])
                for i, claim in zip(hits.index, hits.itertuples(index=False))
            ]
    frame = pd.DataFrame(found, columns=COLUMNS)
    frame["kind"] = pd.Categorical(frame["kind"], categories=KINDS, ordered=True)
    return frame.sort_values(["kind", "claim_id"], kind="stable", ignore_index=True)


def _row(claim, kind, rule, reason, placement) -> dict:
    return {
        "claim_id": claim.claim_id,
        "source_id": claim.source_id,
        "kind": kind,
        "rule": rule,
        "reason": reason,
        "quote": claim.quote,
        "placement": placement,
        "evidence_level": str(claim.evidence_level),
    }


HEADINGS_TOO = (  # the rules that judge a section heading: against its section, and its own certainty words
    "headline-beyond-body",
    "booster-on-weak-evidence",  # "Proven calming effects" over a mouse study claims proof, heading or not
)
RESEARCH_TOO = ("booster-on-weak-evidence",)  # the only rule that judges what is said of the research itself


NOT_A_STUDY = {"anecdote": "an anecdote", "opinion": "an expert's opinion", "none": "no evidence at all"}


def _evidence(claim, facts, vocabulary) -> str:
    """Name what a claim rests on: its strongest study, or the kind of evidence it states ("an anecdote")."""
    if facts["study"]:
        return facts["study"]
    label = vocabulary.label("evidence_levels", str(claim.evidence_level)).lower()
    return NOT_A_STUDY.get(facts["evidence_kind"], label)


def _relation(strength, vocabulary) -> str:
    return vocabulary.label("relations", vocabulary.terms("relations")[int(strength)]).lower()


def _labels(cell, vocabulary) -> str:
    return ", ".join(vocabulary.label("conditions", t).lower() for t in split_terms(cell))


def _headline_effect(facts, rules):
    """True for a headline that states an effect, hedged or not (it is read alone, for the treatment in general), and
    for a summary that states one unhedged, unless it says its study is small ("a summary's "may … according to a new
    study", "… had fewer symptoms, according to a small study published on Tuesday" are fair reports)."""
    title, *summaries = rules.flags["headline_placements"]
    headline = facts["placement"].eq(title) & facts["states_effect"]
    return headline | (facts["placement"].isin(summaries) & facts["causal"] & ~facts["says_small"])


def _reports_its_study(facts):
    """True for a claim that only reports in the past tense what its study saw ("both patients recovered", "18 of 24
    participants achieved a reduction"), with nothing acting by a causal verb ("it helped them recover")."""
    return facts["past_report"] & facts["linked"] & ~facts["names_a_cause"]


def _guess(facts, rules):
    """True for a claim outside a headline hedged as a mere possibility ("could one day lead to treatments"): it
    guesses, it does not report; a headline is read alone, hedged or not."""
    return _possible(facts, rules) & _below_title(facts, rules)


def _below_title(facts, rules):
    """True for a claim that is not a headline: a headline is read alone, whatever its body or its hedges say."""
    return facts["placement"].ne(rules.flags["headline_placements"][0])


def _conceded(f: pd.DataFrame, r: Rules, hedges: str = "warranted_hedges") -> pd.Series:
    """True where the claim itself gives the reason its evidence is weak (rules.yaml `hedges`): small, early, needing
    more trials."""
    return f["hedges"].map(lambda h: bool(h & r.terms(hedges)))


def _novelty_on_one_trial(facts, rules):
    """True where a claim calls trials that are not pooled a landmark or a breakthrough ("HARVEST-D is a landmark"):
    one trial can show an effect, not a turning point for a field."""
    return facts["novelty"] & ~facts["evidence_kind"].isin(rules.terms("pooled_kinds"))


def _possible(facts, rules):
    """True for a claim hedged as a mere possibility ("could one day", "may"): a guess, not a finding."""
    return facts["hedges"].map(lambda h: bool(h & rules.terms("possibility_hedges")))


RULES = {  # rule: (kind, which claims it fires on, the reason it gives)
    "causal-on-weak-evidence": (
        "exaggeration",
        lambda f, r: (
            f["causal"]
            & f["evidence_kind"].isin(r.terms("association_kinds"))
            & ~_reports_its_study(f)  # "both patients recovered", not "it helped them recover"
            & ~f["reports_findings"]  # "a handful of small studies have reported improvements": the evidence described
            & ~(f["of_those_studied"] & f["linked"])  # "the resolution of colitis in these patients"
            & ~(f["told_by_teller"] & ~f["of_many"])  # "it helped us," she says: her story;
            # not "anyone can", nor "I've seen hundreds of children transformed"
            & ~f["one_case_told"]  # "she went from waking four times a night to sleeping through": one case's story
            & ~f["conventional"]  # "talking therapies help": conventional care working is the premise of referral
            & ~f["settled"]  # "FMT is a very effective treatment for recurrent C. diff": established care
        ),
        lambda c, f, v: f"states a direct cause, but rests on {_evidence(c, f, v)}, which cannot show one",
    ),
    "people-from-animals": (
        "exaggeration",
        lambda f, r: (
            f["about_people"]
            # its studies all preclinical; or, linking none, its evidence level an animal or cell study
            & (f["preclinical"] | (~f["linked"] & f["evidence_kind"].isin(r.terms("preclinical_kinds"))))
            & ~(_guess(f, r) & f["words_guess"] & ~f["names_people"])  # "could one day lead to treatments"; not
            # "could help you", nor "bacteria can influence the brain" of mice
        ),
        lambda c, f, v: f"speaks of people, but rests only on {_evidence(c, f, v)}",
    ),
    "small-study-generalised": (
        "exaggeration",
        lambda f, r: (
            f["small"]
            & ~f["about_animals"]
            & (f["scope"].map(bool) | _headline_effect(f, r))
            & ~(_reports_its_study(f) & _below_title(f, r))  # "18 of 24 improved"
        ),
        lambda c, f, v: (
            f"speaks of '{', '.join(f['scope'])}' from one small study ({f['study']})"
            if f["scope"]
            else f"the {f['placement']} states a general effect from one small study ({f['study']})"
        ),
    ),
    "stories-generalised": (
        "exaggeration",
        lambda f, r: (
            f["evidence_kind"].isin(r.terms("told_from_experience"))
            & f["cases"].map(bool)
            & f["strength"].gt(0)
            & ~f["causal"]  # a cause so told is causal-on-weak-evidence's: "I've seen hundreds of children transformed"
        ),
        lambda c, f, v: (
            f"tells of many ('{', '.join(f['cases'])}') on {_evidence(c, f, v)} alone: "
            "stories nobody counted or compared"
        ),
    ),
    "outcome-not-measured": (
        "exaggeration",
        lambda f, r: (
            f["linked"]
            & ~f["measured"]
            & ~(_guess(f, r) & ~f["signed"])  # "gut microbes might influence the brain": the question, not an effect
        ),
        lambda c, f, v: (
            f"claims an effect on {_labels(';'.join(f['unmeasured']), v)}, which {f['study']}, did not measure"
        ),
    ),
    "effect-not-found": (
        "exaggeration",
        lambda f, r: (
            f["states_effect"]
            & f["none_found"].map(bool)
            & ~(f["past_report"] & f["compares_groups"])  # "improved slightly more than the placebo group"
            & ~(_conceded(f, r, "conceding_hedges") & _below_title(f, r))
        ),
        lambda c, f, v: f"claims an effect on {_labels(c.conditions, v)}, but {f['none_found']}",
    ),
    "advice-without-trials": (
        "exaggeration",
        lambda f, r: (
            f["advises"]
            & ~f["everyday"]
            & ~(f["guidance"] & ~f["on_the_mind"] & ~f["linked"])  # "feed the bugs: plenty of fibre, beans, oats"
            & ~(f["claims_no_change"] & ~f["of_harms"] & ~f["urges"])  # "isn't likely a good way to …" promises
            # nothing; "it's safe" invites the reader to act, and so does "… won't help, so swap them for a probiotic"
            & ~f["evidence_kind"].isin(r.terms("trial_kinds"))
        ),
        lambda c, f, v: f"tells readers to act with no trial behind it: it rests on {_evidence(c, f, v)}",
    ),
    "booster-on-weak-evidence": (
        "exaggeration",
        lambda f, r: (
            f["boosters"].map(bool)
            & ~(f["evidence_kind"].isin(r.terms("trial_kinds")) & ~_novelty_on_one_trial(f, r))
            & ~f["settled"]  # "FMT is an established treatment for recurrent C. diff" is right to sound sure
            & ~(_reports_its_study(f) & ~f["novelty"])  # "new species were evident in these patients": what it saw
            & (f["eligible"] | f["novelty"])  # of the research: novelty only ("a landmark", not "well-established")
        ),
        lambda c, f, v: f"sounds certain ('{', '.join(f['boosters'])}') on {_evidence(c, f, v)}",
    ),
    "headline-beyond-body": (
        "exaggeration",
        lambda f, r: (
            f["placement"].isin(r.terms("headline_placements"))
            & ~f["claims_no_change"]  # "won't fix your mood" claims no effect: it cannot outrun an effect
            & ~(_possible(f, r) & ~f["signed"])
            & ~(_conceded(f, r, "conceding_hedges") & _below_title(f, r))  # a summary's "some may have small
            # benefits for mood" says no more than its body; a headline is read alone
            & (f["strength"] > f["body_strength"])
        ),
        lambda c, f, v: (
            f"the {f['placement']} claims {_relation(f['strength'], v)}; the evidence its body reports"
            f"{' (' + f['body_studies'] + ')' if f['body_studies'] else ''} supports at most "
            f"{_relation(f['body_strength'], v)}"
        ),
    ),
    "no-evidence": (
        "unsupported",
        lambda f, r: (
            (f["evidence_kind"].isin(r.terms("no_evidence_kinds")) | f["practitioner"])
            & (f["strength"] > 0)
            & f["hedges"].map(lambda h: h <= r.terms("unhedged"))
            & ~f["cited"]
            & f["placement"].isin(r.terms("body_placements"))  # a headline or summary answers to its body
            & ~f["advises"]  # advice answers to advice-without-trials
            & ~f["boosters"].map(bool)  # certainty words answer to booster-on-weak-evidence
            & f["causal"]  # a cause stated flatly ("X is linked to Y" claims less)
            & f["signed"]  # a health effect: a benefit or a harm ("X influences Y" names the question, not an effect)
            & (f["actionable"] | f["on_the_mind"])  # of something a reader can do, or on the mind; else background
            & ~f["conventional"]  # "effective treatments are available": the premise of referral advice
            & ~f["settled"]  # "prebiotic fibres are food for your beneficial bacteria": textbook nutrition
            & ~(f["mechanism"] & ~f["on_the_mind"] & f["food_or_body"])  # "fibre feeds bacteria that make
            # butyrate, which calms inflammation": how the body works; on the mind, or of a product, it is judged
            & ~f["states_a_need"]  # "omega-3 fats, which your brain needs": what the body needs, not more of it
        ),
        lambda c, f, v: (
            "states a health effect as a settled cause on a wellness practitioner's view alone, with no study and no "
            "citation"
            if f["practitioner"]
            else "states a health effect as a settled cause, with no evidence and no citation"
        ),
    ),
    "hedge-beyond-evidence": (
        "understatement",
        lambda f, r: f["solid"].map(bool) & _possible(f, r) & ~_conceded(f, r),
        lambda c, f, v: f"hedges as a mere possibility what {f['solid']}, tested, with no reason given",
    ),
}
