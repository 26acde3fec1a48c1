"""Tables in a reader's words: plain column headers and vocabulary labels in place of column names and slugs."""

import pandas as pd

from analysis.workbook.vocabulary import SEPARATOR, Vocabulary, split_terms

HEADERS = {
    "claim_id": "Claim",
    "source_id": "Source",
    "quote": "Quote",
    "claim": "Claim, restated",
    "condition": "Condition",
    "conditions": "Conditions",
    "intervention": "Intervention or exposure",
    "interventions": "Interventions or exposures",
    "evidence_level": "Evidence offered",
    "best_level": "Best evidence reported",
    "hedging": "Hedging",
    "relation": "Claim strength",
    "citation": "Cites",
    "direction": "Direction",
    "population": "In whom",
    "reporting": "How the evidence is reported",
    "placement": "Where in the text",
    "n_claims": "Claims",
    "n_sources": "Articles reporting evidence",
    "score": "Weight",
    "hedged": "Hedged claims",
    "hedged_share": "Hedged",
    "grade": "Reported evidence",
    "reason": "Why",
    "kind": "Kind",
    "rule": "Rule",
    "claim_ids": "Claim ids",
    "studies": "Studies it rests on",
    "n_studies": "Studies",
    "study_ids": "Studies behind it",
    "study_id": "Study",
    "design": "Design",
    "participants": "Participants",
    "control": "Control group",
    "outcomes": "Outcomes measured",
    "population_detail": "Who",
    "share exaggerated": "Exaggerated",
    "claims": "Claims",
    "any hedge": "Any hedge",
    "exaggeration": "Exaggeration",
    "unsupported": "Unsupported",
    "understatement": "Understatement",
}
SECTIONS = {  # column -> the vocabulary section its values come from
    "condition": "conditions",
    "conditions": "conditions",
    "intervention": "interventions",
    "interventions": "interventions",
    "evidence_level": "evidence_levels",
    "best_level": "evidence_levels",
    "hedging": "hedging",
    "relation": "relations",
    "direction": "directions",
    "population": "populations",
    "reporting": "reportings",
    "placement": "placements",
    "design": "evidence_levels",
    "outcomes": "conditions",
}
LABEL_SUFFIX = "_label"  # the exported tables give, beside each coded column, its labels in a column so named


def make_readable(data: pd.DataFrame, vocabulary: Vocabulary) -> pd.DataFrame:
    """Return `data` with vocabulary labels for its terms and plain headers, index and column names included."""
    data = data.copy()
    for column in data.columns.intersection(list(SECTIONS)):
        data[column] = data[column].astype(object).map(lambda v, s=SECTIONS[column]: label_terms(vocabulary, s, v))
    if data.index.name in SECTIONS:
        data.index = data.index.map(lambda v, s=SECTIONS[data.index.name]: label_terms(vocabulary, s, v))
    if data.columns.name in SECTIONS:
        data.columns = data.columns.map(lambda v, s=SECTIONS[data.columns.name]: label_terms(vocabulary, s, v))
    if "quote" in data:
        data["quote"] = data["quote"].map(tidy_quote)
    data = data.rename(columns=HEADERS)
    return data.rename_axis(index=HEADERS.get(data.index.name, data.index.name), columns=None)


def label_terms(vocabulary: Vocabulary, section: str, value) -> str:
    """Return the label of each term of a (multi-valued) cell, "; " between them; other values as they are."""
    if not isinstance(value, str) or section not in vocabulary.sections:
        return value
    return f"{SEPARATOR} ".join(vocabulary.label(section, term) for term in split_terms(value)) or value


def tidy_quote(quote):
    """Return a quote taken from a table row ("| a | b |") as its cells joined by " · ", other quotes as they are."""
    if not isinstance(quote, str) or not quote.lstrip().startswith("|"):
        return quote
    cells = [cell.strip() for cell in quote.strip().strip("|").split("|")]
    return " · ".join(cell for cell in cells if cell)
