"""Measure how often the labels proposed from a claim's quote agree with the curated ones.

Usage::

    python benchmarks/proposals.py [--claims-dir DIR] [--source SOURCE_ID ...]

For each curated claim of the claims folder (default: the repository's claims/), or of
the sources named with --source (repeatable: a development or held-out split), the
script proposes labels from the quote alone (and the source's text, for the placement)
with ``analysis.curation.propose.propose_labels`` and compares them with the curated
labels, column by column. Multi-valued columns (conditions, interventions, mechanisms,
hedging) agree when the sets of terms are equal, in any order; a column with no
proposal agrees only with an empty curated value; an empty curated placement counts as
"body". ``evidence`` is the issue's measure of the evidence behind a claim: the studies
it rests on when the curator linked any (the proposal must name the same ones), else its
evidence level (the proposal must link none and give the same level). A column the
claims table or the vocabulary lacks, or that is empty in every
row, is left out. The script prints one line per column::

    evidence_level agreement 0.81 (n 250)

then, after a blank line, each column's most frequent confusions (up to 5, '-' standing
for no proposal). It prints figures and asserts nothing; it exits with status 2 and the
problems found, one a line, when the claims folder cannot be loaded or a --source is
not one of its sources.
"""

import argparse
import sys
from collections import Counter

from analysis import WorkbookError, load_workbook
from analysis.common.suggestions import did_you_mean
from analysis.curation.propose import TERM_COLUMNS, propose_labels
from analysis.curation.study_links import link_claim, read_studies
from analysis.workbook.validate import MULTI_VALUED
from analysis.workbook.vocabulary import SEPARATOR, split_terms

COLUMNS = (
    "conditions",
    "interventions",
    "mechanisms",
    "direction",
    "relation",
    "evidence_level",
    "hedging",
    "population",
    "advice",
    "claim_type",
    "reporting",
    "placement",
    "studies",
)
CONFUSIONS = 5  # most frequent confusions shown per column
NO_PROPOSAL = "-"


def main(argv=None):
    """Run the benchmark from the command line; return the exit status."""
    args = parse_args(argv)
    try:
        workbook = load_workbook(args.claims_dir)
    except WorkbookError as error:
        for problem in error.problems or [error]:
            print(f"proposals: {problem}", file=sys.stderr)
        return 2
    unknown = [source for source in args.source if source not in set(workbook.claims["source_id"])]
    if unknown:
        hint = did_you_mean(unknown[0], sorted(set(workbook.claims["source_id"])), "sources with claims")
        print(f"proposals: --source '{unknown[0]}' has no claims in {workbook.claims_dir}; {hint}", file=sys.stderr)
        return 2
    columns = compared_columns(workbook)
    pairs = compare(workbook, columns, set(args.source))
    if {"studies", "evidence_level"} <= set(columns):
        columns.append("evidence")
        pairs["evidence"] = pair_evidence(pairs["studies"], pairs["evidence_level"])
    print(format_agreement(pairs, columns))
    print()
    print(format_confusions(pairs, columns))
    return 0


def parse_args(argv):
    """Parse --claims-dir and --source."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims-dir", default=None, help="claims folder (default: the repository's claims/)")
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="SOURCE_ID",
        help="compare only the claims of this source (repeatable; default: every source)",
    )
    return parser.parse_args(argv)


def curated_values(workbook, column):
    """Return the curated values of `column` as strings, one per claim ('' for none)."""
    source = "advice_term" if column == "advice" and "advice_term" in workbook.claims else column
    return ["" if value is None or value != value else str(value).strip() for value in workbook.claims[source]]


def compared_columns(workbook):
    """Return the columns of COLUMNS the claims table and the vocabulary have and some claim fills."""
    columns = []
    for column in COLUMNS:
        known = TERM_COLUMNS.get(column) in workbook.vocabulary.sections
        if column == "studies":  # only where studies.csv names them (a folder without one implies a study a claim)
            known = not workbook.studies["implied"].all()
        if column not in workbook.claims or not known:
            continue
        if any(curated_values(workbook, column)):
            columns.append(column)
    return columns


def compare(workbook, columns, sources=frozenset()):
    """Return {column: [(curated, proposed), ...]}, one pair per claim (of `sources`, when given), normalised."""
    texts, studies = {}, {}
    pairs = {column: [] for column in columns}
    curated = {column: curated_values(workbook, column) for column in columns}
    claims = workbook.claims
    real = workbook.studies[~workbook.studies["implied"]]
    designs = dict(zip(real["study_id"], real["design"]))
    for index, (quote, source_id) in enumerate(zip(claims["quote"], claims["source_id"])):
        if sources and source_id not in sources:
            continue
        if source_id not in texts:
            texts[source_id] = read_text(workbook, source_id)
            studies[source_id] = read_studies(texts[source_id] or "", real[real["source_id"] == source_id])
        proposed = propose_labels(quote, workbook.vocabulary, workbook.claims_dir, text=texts[source_id])
        if real.empty:  # a folder without studies.csv: evidence levels alone
            proposed.pop("studies", None)
        else:
            proposed.update(
                propose_evidence_from_studies(
                    quote, texts[source_id], studies[source_id], claims, index, designs, workbook.vocabulary, proposed
                )
            )
        for column in columns:
            mine = curated[column][index]
            if column == "placement":
                mine = mine or "body"
            pairs[column].append((normalise(column, mine), normalise(column, proposed.get(column))))
    return pairs


def propose_evidence_from_studies(quote, text, studies, claims, index, designs, vocabulary, proposed) -> dict:
    """Return the proposed studies and the evidence level they give (the best design), or no studies and the level
    the quote's own words give, as a draft links them (`link_claim`); the claim's curated interventions and
    conditions stand for what the curator gave."""
    curated = {column: claims[column].iloc[index] for column in ("interventions", "conditions")}
    linked = link_claim(quote, text or "", studies, {**proposed, **curated}, vocabulary, unnamed=False)
    if not linked:
        return {"studies": ""}
    ranks = {t.slug: t.rank for t in vocabulary.evidence_levels()}
    return {"studies": SEPARATOR.join(linked), "evidence_level": min((designs[s] for s in linked), key=ranks.get)}


def pair_evidence(studies, levels):
    """Return (curated, proposed) evidence per claim: its studies when any, else its evidence level."""
    return [
        (
            f"studies {mine}" if mine else f"level {level}",
            f"studies {theirs}" if theirs not in ("", NO_PROPOSAL) else f"level {guess}",
        )
        for (mine, theirs), (level, guess) in zip(studies, levels)
    ]


def read_text(workbook, source_id):
    """Return the text of source `source_id`, or None when it cannot be read (no placement is proposed then)."""
    try:
        return workbook.read_source(source_id)
    except (KeyError, OSError, UnicodeDecodeError):
        return None


def normalise(column, value):
    """Return `value` as compared: a multi-valued one as its sorted terms; NO_PROPOSAL for none."""
    if value is None:
        return NO_PROPOSAL
    if column in MULTI_VALUED or column == "studies":
        return SEPARATOR.join(sorted(split_terms(value)))
    return value


def agrees(curated, proposed):
    """True when the curated and proposed values agree; no proposal agrees with an empty curated value."""
    return curated == proposed or (curated == "" and proposed == NO_PROPOSAL)


def format_agreement(pairs, columns):
    """Return one line per column: `COLUMN agreement X.XX (n N)`."""
    lines = []
    for column in columns:
        compared = pairs[column]
        share = sum(agrees(*pair) for pair in compared) / len(compared) if compared else 0.0
        lines.append(f"{column} agreement {share:.2f} (n {len(compared)})")
    return "\n".join(lines)


def format_confusions(pairs, columns):
    """Return each column's most frequent confusions: curated value, proposed value and count."""
    lines = []
    for column in columns:
        confusions = Counter(pair for pair in pairs[column] if not agrees(*pair))
        ranked = sorted(confusions.items(), key=lambda item: (-item[1], item[0]))[:CONFUSIONS]
        for (curated, proposed), count in ranked:
            lines.append(f"  {column}: curated {curated!r} proposed {proposed!r} x{count}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
