"""The verdict an article page opens with, from the data: its studies, strongest claim, headline and sources.

One paragraph, in the order a fact-checker reads an article: the studies it reports
(how many, of which designs, the largest stated size, whether any had a control group);
its strongest claim against the studies it rests on; its headline against its body; and
what it cites. Tested in tests/reports/test_verdict.py.
"""

import html
from dataclasses import dataclass, field

import pandas as pd
from IPython.display import HTML

from analysis.evidence.flags import flag_claims
from analysis.evidence.study_facts import describe_study
from analysis.reports.links import ID_IN_TEXT, link_id, link_ids, row_links
from analysis.reports.summaries import select_source_claims
from analysis.workbook.load import Workbook
from analysis.workbook.rules import load_rules
from analysis.workbook.studies import IMPLIED, of_people
from analysis.workbook.vocabulary import split_terms

HEADLINE_RULE = "headline-beyond-body"  # the flag rule that compares a headline or summary with its body
MAX_IDS = 5  # study ids named per design; the table below lists them all
QUOTE_CHARACTERS = 160  # a longer quote is cut at a word, with "…": the claim's row holds it whole
NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
REPORTED = {  # how an article reports a study (`reporting` of studies.csv): what the verdict says of it
    "named": ("names", "the study it reports", "the studies it reports"),
    "described": ("describes", "study without naming it", "studies without naming them"),
    "second-hand": ("invokes", 'research second-hand ("studies show")', 'research second-hand ("studies show")'),
}


def show_verdict(workbook: Workbook, source_id: str) -> HTML:
    """Return the article's verdict as one paragraph, its study and claim ids linked to their rows below."""
    return HTML(f'<p class="wb-verdict"><strong>Verdict.</strong> {write_verdict(workbook, source_id)}</p>')


def write_verdict(workbook: Workbook, source_id: str) -> str:
    """Return the verdict on article `source_id` as escaped HTML: plain sentences, ids linked to their rows."""
    claims = select_source_claims(workbook, source_id)
    studies = workbook.studies[workbook.studies["source_id"] == source_id]
    flags = flag_claims(workbook, claims)
    link = row_links(workbook, source_id)
    sentences = [
        _studies_sentence(studies, workbook.vocabulary, link),
        _strongest_sentence(workbook, claims, flags, link),
        _citing_sentence(studies[~studies["implied"].astype(bool)] if "implied" in studies else studies, claims),
    ]
    return " ".join(s for s in sentences if s)


# --- the studies it reports ------------------------------------------------------------------------


def _studies_sentence(studies: pd.DataFrame, vocabulary, link) -> str:
    implied = studies[studies["implied"].astype(bool)] if "implied" in studies else studies.iloc[:0]
    real = studies.drop(index=implied.index)
    if real.empty and not implied.empty:
        designs = _by_design(implied, vocabulary, None)
        return (
            f"This claims folder records no studies one by one, so the article's are read from its claims: "
            f"{_count(len(implied), 'claim')} rest on {designs}, of unknown size and control group."
        )
    if real.empty:
        return "This article reports no study."
    ordered = real.sort_values(["design_rank", "study_id"])
    if len(ordered) == 1:
        study = ordered.iloc[0]
        return f"This article reports one study: {_describe_study(study, vocabulary, link)}. {_control_of_one(study)}"
    sized = ordered.dropna(subset=["participants"])
    largest = ""
    if sized.empty:
        largest = "None states its size"
    else:
        top = sized.sort_values("participants", ascending=False).iloc[0]
        largest = f"The largest states {int(top['participants']):,} participants ({link_id(top['study_id'], link)})"
    controlled = int((ordered["control"] == "yes").sum())
    control = (
        "none states a control group"
        if not controlled
        else "all state a control group"
        if controlled == len(ordered)
        else f"{NUMBERS.get(controlled, f'{controlled:,}')} of them state{'s' * (controlled == 1)} a control group"
    )
    return (
        f"This article reports {_count(len(ordered), 'study', 'studies')}: "
        f"{_by_design(ordered, vocabulary, link)}. {largest}; {control}."
    )


def _describe_study(study, vocabulary, link) -> str:
    """Return e.g. "a randomised controlled trial of 46 infants with colic (S0140)"."""
    design = _with_article(vocabulary.label("evidence_levels", study["design"]).lower())
    size = "" if pd.isna(study["participants"]) else f"{int(study['participants']):,}"
    who = str(study.get("population_detail", "") or "")
    if size and who:
        design += f" of {html.escape(of_people(size, who))}"  # "of 18 autistic children", not "of 18 18 …"
    elif size:
        design += f" of {size} participants"
    elif who:
        design += f" in {html.escape(who)}"
    return f"{design} ({link_id(study['study_id'], link)})"


def _control_of_one(study) -> str:
    return {"yes": "It had a control group.", "no": "It had no control group."}.get(
        study["control"], "No control group is stated."
    )


def _by_design(studies: pd.DataFrame, vocabulary, link) -> str:
    """Return the studies counted by design, strongest first: "2 observational studies (S0001, S0003) and …"."""
    parts = []
    for design, group in studies.groupby("design", sort=False):
        label = vocabulary.label("evidence_levels", design).lower()
        named = _with_article(label) if len(group) == 1 else f"{len(group)} {plural(label)}"
        if link is not None:
            shown = [link_id(s, link) for s in group["study_id"][:MAX_IDS]]
            ids = ", ".join(shown) + (f" and {len(group) - MAX_IDS:,} more" if len(group) > MAX_IDS else "")
            named = f"{named[:-1]}; {ids})" if named.endswith(")") else f"{named} ({ids})"
        parts.append(named)
    return _and(parts)


# --- its strongest claim and its headline ----------------------------------------------------------


def _strongest_sentence(workbook: Workbook, claims: pd.DataFrame, flags: pd.DataFrame, link) -> str:
    if claims.empty:
        return "It makes no claim the workbook records."
    vocabulary = workbook.vocabulary
    rules = load_rules(vocabulary, workbook.claims_dir)
    strongest = _rank(claims, vocabulary, rules).iloc[0]
    heads = claims[claims["placement"].isin(rules.terms("headline_placements"))].sort_values("quote_start")
    head = _headline(heads, flags, vocabulary, rules)
    same = head is not None and head["claim_id"] == strongest["claim_id"]
    beyond = flags[flags["rule"] == HEADLINE_RULE]
    others = flags[(flags["rule"] != HEADLINE_RULE) | (not same)]  # a headline's own rule is told with the headline
    said = _Said(_descriptions(workbook, claims, rules))  # each study described once, by its id after that
    text = (
        f"Its strongest claim, {_quote(strongest)} ({link_id(strongest['claim_id'], link)}), "
        f"{_states(strongest, vocabulary)} and rests on {_rests_on(strongest, workbook, link)}. "
        + _flagged(others, strongest["claim_id"], link, ("It is flagged: ", ". ", "No flag is raised on it. "), said)
    )
    if head is None:
        return text + "No headline or summary claim is recorded."
    if same:
        text += f"That claim is its {_placement(head, vocabulary)}"
    else:
        text += (
            f"Its {_placement(head, vocabulary)}, {_quote(head)} ({link_id(head['claim_id'], link)}), "
            f"{_states(head, vocabulary)}"
        )
    if head["claim_id"] in set(beyond["claim_id"]):
        text += f", and claims more than its body: {_reasons(beyond, head['claim_id'], link, said)}."
    else:
        text += ", and is no stronger than its body."
        if not same:
            text += _flagged(flags, head["claim_id"], link, (" It is flagged: ", ".", ""), said)
    more, rest = beyond[beyond["claim_id"] != head["claim_id"]]["claim_id"].nunique(), len(heads) - 1
    if more:
        verb = "goes" if more == 1 else "go"
        text += f" {more:,} of its other {rest:,} headline and summary claims {verb} beyond its body."
    return text


def _headline(heads: pd.DataFrame, flags: pd.DataFrame, vocabulary, rules):
    """Return the claim that speaks for the first headline or summary line: of the claims its words hold, one flagged
    ("… in breakthrough that could transform depression treatment"), else the strongest; None when there is none."""
    if heads.empty:
        return None
    line = heads["quote_line"].fillna(1)
    first = _rank(heads[line == line.min()], vocabulary, rules)
    flagged = first[first["claim_id"].isin(set(flags["claim_id"]))]
    return (flagged if len(flagged) else first).iloc[0]


def _rank(claims: pd.DataFrame, vocabulary, rules) -> pd.DataFrame:
    """Return the claims strongest first: relation, then placement (headline first), then place in the text.

    Claims of effect come first; a description or a statement about research comes after them.
    A section heading (a headline below the title) names its section's topic: it ranks as body text.
    """
    strength = {slug: i for i, slug in enumerate(vocabulary.terms("relations"))}  # weakest first
    places = {slug: i for i, slug in enumerate(vocabulary.sections.get("placements", {}))}
    typed = claims["claim_type"].replace("", rules.flags["claims_of_effect"][0])  # untyped: a claim of effect
    heading = claims["placement"].eq(rules.flags["headline_placements"][0]) & claims["quote_line"].fillna(1).gt(1)
    keyed = claims.assign(
        _other=~typed.isin(rules.terms("claims_of_effect")),
        _strength=-claims["relation"].map(strength).fillna(0),
        _place=claims["placement"].map(places).fillna(len(places)).where(~heading, len(places)),  # a section heading
    )
    return keyed.sort_values(["_other", "_strength", "_place", "quote_start", "claim_id"])


def _states(claim, vocabulary) -> str:
    """Say what relation a claim states, without the label's example: "states a hedged cause", not "(\"may reduce\")"
    of a headline that says "could raise"."""
    if claim["relation"] == vocabulary.terms("relations")[0]:
        return "claims no relationship"
    return f"states {_with_article(vocabulary.short_label('relations', claim['relation']).lower())}"


def _rests_on(claim, workbook: Workbook, link) -> str:
    """Return what a claim rests on: its studies by design and id, "that study" when the article has one only."""
    vocabulary = workbook.vocabulary
    studies = workbook.studies.set_index("study_id")
    ids = [s for s in split_terms(claim["studies"]) if s in studies.index]
    level = vocabulary.label("evidence_levels", str(claim["evidence_level"])).lower()
    if not ids:
        return "no evidence at all" if level.startswith("no ") else f"{_with_article(level)}, not a study"
    if all(s.startswith(IMPLIED) for s in ids):
        return _with_article(level)
    own = studies[(studies["source_id"] == claim["source_id"]) & ~studies.index.str.startswith(IMPLIED)]
    if len(own) == 1 and ids == list(own.index):
        return f"that study ({link_id(ids[0], link)})"
    return _by_design(studies.loc[ids].reset_index(), vocabulary, link)


def _placement(claim, vocabulary) -> str:
    return vocabulary.label("placements", claim["placement"]).lower()


def _descriptions(workbook: Workbook, claims: pd.DataFrame, rules) -> dict:
    """Each study of the claims' source as the flags' reasons describe it ("S0024, an observational study of …")."""
    studies = workbook.studies[workbook.studies["source_id"].isin(set(claims["source_id"]))]
    return {
        study_id: describe_study(study_id, study, workbook.vocabulary, rules)
        for study_id, study in studies.set_index("study_id").iterrows()
    }


@dataclass
class _Said:
    """What a verdict's paragraph says of its studies: each one's description as the flags give it, and the ids it
    has described already."""

    descriptions: dict
    described: set = field(default_factory=set)


def _flagged(flags: pd.DataFrame, claim_id: str, link, words: tuple[str, str, str], said: _Said) -> str:
    """The claim's flag reasons between `words` (before, after), or `words`' last when it has none."""
    before, after, none = words
    reasons = _reasons(flags, claim_id, link, said)
    return f"{before}{reasons}{after}" if reasons else none


def _reasons(flags: pd.DataFrame, claim_id: str, link, said: _Said) -> str:
    reasons = list(flags.loc[flags["claim_id"] == claim_id, "reason"])
    return "; ".join(link_ids(r, link) for r in _name_studies_once(reasons, said))


def _name_studies_once(reasons: list[str], said: _Said) -> list[str]:
    """Describe each study in full where the paragraph's reasons first name it, by its id after that: "… rests on
    S0024, an observational study (people who ate fermented foods), which cannot show one; … which S0024 did not
    measure". `said` is filled in as reasons are read."""
    named = []
    for reason in reasons:
        for study_id in dict.fromkeys(ID_IN_TEXT.findall(reason)):
            description = said.descriptions.get(study_id, "")
            if not description or description not in reason:
                continue
            if study_id in said.described:  # said already: its id is enough
                reason = reason.replace(description, study_id, 1).replace(f"{study_id}, did", f"{study_id} did")
            else:
                said.described.add(study_id)
        named.append(reason)
    return named


# --- what it cites ---------------------------------------------------------------------------------


def _citing_sentence(studies: pd.DataFrame, claims: pd.DataFrame) -> str:
    parts = []
    for reporting, (verb, one, many) in REPORTED.items():
        chosen = studies[studies["reporting"] == reporting]
        if chosen.empty:
            continue
        if reporting == "named":
            cited = list(dict.fromkeys(c.strip() for c in chosen["citation"] if str(c).strip()))
            source = "its source" if len(chosen) == 1 else "its sources"
            parts.append(f"names {source}" + (f" ({html.escape('; '.join(cited))})" if cited else ""))
        elif reporting == "second-hand":
            times = "once" if len(chosen) == 1 else f"{NUMBERS.get(len(chosen), len(chosen))} times"
            parts.append(f"{verb} {one} {times}")
        else:
            parts.append(f"{verb} {_count(len(chosen), one, many)}")
    if parts:
        return f"It {_and(parts)}."
    cited = [c for c in claims["citation"] if str(c).strip()]
    if cited:
        return f"It names no study, but cites {html.escape('; '.join(dict.fromkeys(cited)))}."
    return "It cites nothing: no study, journal or source is named."


# --- words -----------------------------------------------------------------------------------------


def _quote(claim) -> str:
    text = " ".join(str(claim["quote"]).split())
    if len(text) > QUOTE_CHARACTERS:
        text = text[:QUOTE_CHARACTERS].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return f"\u201c{html.escape(text)}\u201d"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _with_article(noun: str) -> str:
    """Return `noun` with "a" or "an" before it, unless it is plural ("unspecified studies") or negated."""
    head = noun.split(" (")[0]
    if head.startswith("no ") or head.endswith(("studies", "series")) and " or " not in head:
        return noun
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def plural(label: str) -> str:
    """Return a design's label in the plural: "observational study" gives "observational studies".

    Each alternative of "… or …" is made plural when it is a noun phrase of two words or
    more, or the last ("systematic reviews or meta-analyses", "in-vitro or mechanistic studies").
    """
    head, bracket, rest = label.partition(" (")
    halves = head.split(" or ")
    words = [_plural_word(h) if " " in h or i == len(halves) - 1 else h for i, h in enumerate(halves)]
    return " or ".join(words) + bracket + rest


def _plural_word(phrase: str) -> str:
    *first, last = phrase.split(" ")
    if last.endswith(("studies", "series", "ses")):
        word = last
    elif last.endswith("sis"):
        word = last[:-3] + "ses"
    elif last.endswith("y"):
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return " ".join([*first, word])
