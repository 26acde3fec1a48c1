"""Read and check studies.csv, the studies the articles report, and the claims' links to them.

A claim's evidence comes from the studies it names in its `studies` column; its own
`evidence_level` is left empty then, and is written only for what is not a study (expert
opinion, an anecdote, nothing). A claims folder without studies.csv is read the old way:
each claim whose evidence level is a study design stands for a study of its own (an
*implied* study, id `~` and the claim's id), whose size and control group are unknown.

Tested in tests/workbook/test_studies.py.
"""

import pandas as pd
import pandera.pandas as pa

from analysis.common import paths
from analysis.common.problems import Problem
from analysis.common.suggestions import find_closest
from analysis.workbook.checks import check_frame, make_check, member, pattern, required, terms_of, text_column
from analysis.workbook.csv_reader import LINE, read_table
from analysis.workbook.failures import COUNT, STUDY_ID
from analysis.workbook.quotes import locate_quote
from analysis.workbook.vocabulary import Vocabulary, split_terms

STUDY_COLUMNS = [
    "study_id",
    "source_id",
    "quote",
    "design",
    "participants",
    "control",
    "population",
    "population_detail",
    "interventions",
    "outcomes",
    "direction",
    "outcome_directions",
    "reporting",
    "citation",
    "certainty",
    "peer_reviewed",
    "funding",
    "notes",
]
STUDY_REQUIRED = [
    "study_id",
    "source_id",
    "quote",
    "design",
    "control",
    "population",
    "interventions",
    "outcomes",
    "direction",
    "reporting",
]
CONTROLS = ("yes", "no", "unstated")
PEER_REVIEWED = ("yes", "no")  # empty: the article does not say
EFFECTS = ("beneficial", "harmful")  # findings of a change, of the shipped `directions`
FUNDINGS = ("maker", "independent")  # paid for or run by the product's maker, or said to be independent; empty: unsaid
CERTAINTIES = ("high", "moderate", "low", "very low")  # GRADE's words, as a review rates its own evidence
NOT_STUDIES = ("opinion", "anecdote", "none")  # evidence kinds a claim states itself; every other kind is a design
IMPLIED = "~"  # an implied study's id is this and its claim's id
STUDY_MULTI_VALUED = {"interventions": "interventions", "outcomes": "conditions"}  # columns of several terms, ";"


def study_designs(vocabulary: Vocabulary) -> list[str]:
    """Return the evidence levels that are study designs, strongest first."""
    return [t.slug for t in vocabulary.evidence_levels() if t.kind not in NOT_STUDIES]


def empty_studies() -> pd.DataFrame:
    """Return a studies table with no rows."""
    return pd.DataFrame(columns=[LINE, *STUDY_COLUMNS])


def validate_studies(claims_dir, vocabulary, sources, texts, problems: list) -> pd.DataFrame | None:
    """Read studies.csv, add a problem for each bad cell or quote not in its source; None when there is no file."""
    path = paths.studies_path(claims_dir)
    if not path.exists():
        return None
    table = read_table(path, STUDY_COLUMNS, STUDY_REQUIRED, "studies")
    problems += table.problems
    problems += check_frame(path, table.frame, _schema(vocabulary, sources), vocabulary, table.frame, table.header)
    problems += _check_outcome_directions(path, table.frame, vocabulary)
    for row in table.frame.itertuples(index=False):
        source = texts.get(row.source_id)
        if source is not None and row.quote.strip() and locate_quote(row.quote, source) is None:
            problems.append(
                Problem(
                    path,
                    f"quote not found in source '{row.source_id}'",
                    row.line,
                    "quote",
                    row.quote,
                    hint="copy the words that describe the study exactly from the source text",
                )
            )
    return table.frame


def _schema(vocabulary, sources) -> pa.DataFrameSchema:
    designs = set(study_designs(vocabulary))
    reportings = {t for t in vocabulary.terms("reportings") if t != "none"}
    columns = {name: text_column(required()) for name in STUDY_REQUIRED}
    columns["study_id"] = text_column([required(), pattern(STUDY_ID, "study_id")], unique=True)
    columns["source_id"] = text_column([required(), member(set(sources["source_id"]), "source")])
    columns["design"] = text_column([required(), _choice(designs, "design")])
    columns["participants"] = text_column([pattern(COUNT, "count")])
    columns["control"] = text_column([required(), _choice(set(CONTROLS), "control")])
    columns["population"] = text_column([required(), terms_of(vocabulary, "populations", many=False)])
    for column, section in STUDY_MULTI_VALUED.items():
        columns[column] = text_column([required(), terms_of(vocabulary, section, many=True)])
    columns["direction"] = text_column([required(), terms_of(vocabulary, "directions", many=False)])
    columns["reporting"] = text_column([required(), _choice(reportings, "reporting")])
    columns["certainty"] = text_column([_choice(set(CERTAINTIES), "certainty")])
    columns["peer_reviewed"] = text_column([_choice(set(PEER_REVIEWED), "peer_reviewed")])
    columns["funding"] = text_column([_choice(set(FUNDINGS), "funding")])
    return pa.DataFrameSchema(columns)


def of_people(size: str, detail: str) -> str:
    """Return a study's size and whom it was done in as words: "120 adults with anxiety", or the detail alone when
    it starts with its size already ("18 autistic children with gut symptoms")."""
    if not detail:
        return size
    if not size or detail.split(maxsplit=1)[0].replace(",", "") == size.replace(",", ""):
        return detail
    return f"{size} {detail}"


def names_within(cell: str, term: str, section: str, vocabulary: Vocabulary) -> bool:
    """True when a multi-valued `cell` names `term` or a term within it (the vocabulary's `narrower`)."""
    named = split_terms(cell)
    return term in named or any(t in named for t in vocabulary.narrower(section, term))


def measures(outcomes: str, condition: str, vocabulary: Vocabulary) -> bool:
    """True when a study of `outcomes` measured `condition`: it names it, or a condition within it (a depression
    trial measured mental health)."""
    return names_within(outcomes, condition, "conditions", vocabulary)


def tests_intervention(interventions: str, intervention: str, vocabulary: Vocabulary) -> bool:
    """True when a study of `interventions` tested `intervention`, or one within it (a Mediterranean diet trial
    tested diet)."""
    return names_within(interventions, intervention, "interventions", vocabulary)


def outcome_direction(study, condition: str, vocabulary: Vocabulary | None = None) -> str:
    """Return what `study` found for `condition`: its `outcome_directions` entry, else the study's direction; when
    it measured the condition only through conditions within it, an effect found on any of them, else the first
    of their findings (whatever the order of the vocabulary's `narrower`)."""
    found = parse_outcome_directions(study.get("outcome_directions", ""))
    measured = split_terms(study["outcomes"])
    if condition in measured or vocabulary is None:
        return found.get(condition, study["direction"])
    within = [found.get(t, study["direction"]) for t in vocabulary.narrower("conditions", condition) if t in measured]
    effects = [d for d in within if d in EFFECTS]
    return (effects or within or [study["direction"]])[0]


def split_finding(item: str) -> tuple[str, str, str]:
    """Return an `outcome_directions` item as (outcome, ":" or "", direction), stripped: "mood: no-effect"."""
    outcome, colon, direction = item.partition(":")
    return outcome.strip(), colon, direction.strip()


def parse_outcome_directions(cell) -> dict[str, str]:
    """Return {outcome: direction} from a cell like "cognition:no-effect;stress:beneficial" (bad items left out)."""
    items = (split_finding(item) for item in split_terms(str(cell) if isinstance(cell, str) else ""))
    return {term: direction for term, colon, direction in items if colon}


def _check_outcome_directions(path, frame, vocabulary) -> list[Problem]:
    """Return a problem for each `outcome_directions` item that is not "outcome:direction" of the row's outcomes."""
    if "outcome_directions" not in frame:
        return []
    directions = set(vocabulary.terms("directions"))
    problems = []
    for line, outcomes, cell in zip(frame[LINE], frame["outcomes"], frame["outcome_directions"]):
        measured = split_terms(outcomes)
        for item in split_terms(cell):
            term, colon, direction = split_finding(item)
            if colon and term in measured and direction in directions:
                continue
            message, hint = _outcome_direction_problem(term, colon, direction, measured, directions)
            problems.append(Problem(path, message, line, "outcome_directions", item, hint))
    return problems


def _outcome_direction_problem(term, colon, direction, measured, directions) -> tuple[str, str]:
    """Return the message and hint for one bad `outcome_directions` item."""
    if not colon:
        return (
            "must be an outcome and its direction, as 'cognition:no-effect'",
            "write outcome:direction, items separated by ';'",
        )
    if term not in measured:
        listed = ", ".join(measured) or "none"
        return (
            f"'{term}' is not one of this study's outcomes",
            f"name one of its outcomes ({listed}), or add it to 'outcomes' first",
        )
    return f"'{direction}' is not a direction", f"use one of {', '.join(sorted(directions))}"


def _choice(allowed: set, what: str) -> pa.Check:
    order = ",".join(sorted(allowed))
    return make_check(lambda s: s.isin(allowed | {""}), f"choice:{order}:{what}")


def check_links(path, claims: pd.DataFrame, studies: pd.DataFrame | None, vocabulary, sources=()) -> list[Problem]:
    """Return a problem for each claim whose studies are unknown or of another source, or whose evidence
    level says a study design where studies.csv should hold the study."""
    known = {} if studies is None else dict(zip(studies["study_id"], studies["source_id"]))
    designs = set(study_designs(vocabulary))
    column = claims["studies"] if "studies" in claims else pd.Series("", index=claims.index)
    problems = []
    for row, cell in zip(claims.itertuples(index=False), column.tolist()):
        linked = split_terms(cell)
        problems += [
            _link_problem(path, row, cell, study, known)
            for study in linked
            if known.get(study) != row.source_id and (study not in known or row.source_id in sources)
        ]  # a claim whose own source_id is wrong is told so once, by the source check
        if linked and row.evidence_level.strip():
            problems.append(_both(path, row))
        elif linked and str(getattr(row, "reporting", "") or "").strip():
            problems.append(_both(path, row, "reporting", "each study says how the article reports it"))
        elif not linked and not row.evidence_level.strip():
            problems.append(_no_evidence(path, row))
        elif not linked and row.evidence_level in designs and studies is not None:
            problems.append(_no_study(path, row, studies))
    return problems


def _link_problem(path, row, cell, study, known) -> Problem:
    if study not in known:
        close = find_closest(study, [s for s, source in known.items() if source == row.source_id])
        hint = f"did you mean '{close}'?" if close else "add the study to studies.csv first, or correct the id"
        if not known:
            hint = "this folder has no studies.csv: add one (see claims/README.md) with the study's row"
        return Problem(path, f"unknown study '{study}': no row of studies.csv has it", row.line, "studies", cell, hint)
    return Problem(
        path,
        f"study '{study}' is reported by '{known[study]}', not by this claim's source",
        row.line,
        "studies",
        cell,
        hint="a claim links the studies its own article reports",
    )


def _no_evidence(path, row) -> Problem:
    return Problem(
        path,
        "is empty",
        row.line,
        "evidence_level",
        hint="name the studies the claim rests on in 'studies', or give expert-opinion, anecdote or none here",
    )


def _both(path, row, column="evidence_level", why="the evidence comes from the studies") -> Problem:
    what = "an evidence level" if column == "evidence_level" else f"a {column}"
    return Problem(
        path,
        f"names studies and {what}: {why}",
        row.line,
        column,
        getattr(row, column),
        hint=f"leave {column} empty when the studies column is filled",
    )


def _no_study(path, row, studies) -> Problem:
    own = studies.loc[studies["source_id"] == row.source_id, "study_id"].tolist()
    listed = f"; this source's studies: {', '.join(own[:8])}" if own else ""
    return Problem(
        path,
        f"evidence level '{row.evidence_level}' is a study design, but the claim links no study",
        row.line,
        "studies",
        "",
        hint=f"add the study to studies.csv and name it in 'studies', leaving evidence_level empty{listed}",
    )


def link_evidence(claims: pd.DataFrame, studies: pd.DataFrame | None, vocabulary) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the claims with `studies`, `evidence_level` and `reporting` filled from their studies, and the
    studies table with each study's design kind and rank, participants as numbers, and implied studies added."""
    terms = {t.slug: t for t in vocabulary.evidence_levels()}
    claims = claims.copy()
    claims["studies"] = (
        claims["studies"].map(lambda cell: cell if split_terms(cell) else "") if "studies" in claims else ""
    )
    implied = _implied_studies(claims, terms) if studies is None else empty_studies()
    claims.loc[implied.index, "studies"] = implied["study_id"]
    table = pd.concat([studies if studies is not None else empty_studies(), implied], ignore_index=True)
    table = table.assign(
        implied=table["study_id"].str.startswith(IMPLIED),
        participants=pd.to_numeric(table["participants"].replace("", None), errors="coerce").astype("Int64"),
        design_kind=table["design"].map(lambda d: terms[d].kind),
        design_rank=table["design"].map(lambda d: terms[d].rank).astype(int),
    )
    best = _best_of_each_claim(claims, table)
    linked = claims["studies"].ne("")
    claims.loc[linked, "evidence_level"] = claims.loc[linked, "studies"].map(best["design"])
    fill = linked & claims["reporting"].eq("") & (studies is not None)  # an implied study's claim keeps its own
    claims.loc[fill, "reporting"] = claims.loc[fill, "studies"].map(best["reporting"])
    return claims, table


def _implied_studies(claims, terms) -> pd.DataFrame:
    """Return one implied study per claim whose evidence level is a design (a folder without studies.csv)."""
    designs = claims["evidence_level"].map(lambda e: e in terms and terms[e].kind not in NOT_STUDIES)
    rows = claims.loc[designs.astype(bool)]  # a mask even when empty: [] would select columns
    design_control = {"rct": "yes", "controlled-trial": "yes", "uncontrolled-trial": "no"}
    return pd.DataFrame(
        {
            LINE: rows[LINE],
            "study_id": IMPLIED + rows["claim_id"],
            "source_id": rows["source_id"],
            "quote": rows["quote"],
            "design": rows["evidence_level"],
            "participants": "",
            "control": rows["evidence_level"].map(design_control).fillna("unstated"),
            "population": rows["population"],
            "population_detail": "",
            "interventions": rows["interventions"],
            "outcomes": rows["conditions"],
            "direction": rows["direction"],
            "reporting": rows["reporting"].replace("", "second-hand"),
            "citation": rows["citation"],
            "certainty": "",
            "peer_reviewed": "",
            "funding": "",
            "outcome_directions": "",
            "notes": "implied by the claim's evidence level (no studies.csv)",
        },
        index=rows.index,
    )


def _best_of_each_claim(claims, table) -> pd.DataFrame:
    """Return, per distinct `studies` cell, the design and reporting of the strongest study it names."""
    order = {"named": 0, "described": 1, "second-hand": 2}
    by_id = table.set_index("study_id")
    rows = {}
    for cell in claims.loc[claims["studies"].ne(""), "studies"].unique():
        linked = by_id.loc[[s for s in split_terms(cell) if s in by_id.index]]
        if linked.empty:
            continue
        strongest = linked.sort_values("design_rank").iloc[0]
        rows[cell] = {"design": strongest["design"], "reporting": min(linked["reporting"], key=order.get)}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["design", "reporting"])
