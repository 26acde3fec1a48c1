"""How far two coders agree on the claims of the same documents: claims paired by quote, compared label by label.

    from analysis.curation.agreement import compare_coders
    result = compare_coders("claims/coding/ana/claims.csv", "claims/coding/ben/claims.csv")
    print("\\n".join(str(column) for column in result.columns))

Each coder's file has the columns of claims/claims.csv and is validated like it, against
the workbook's sources, texts and vocabulary. Only the sources both coders coded are
compared. Claims are paired by the overlap of their quotes (`analysis.curation.matching`);
then, for each label column both files have:

- `is_claim`, whether a passage holds a claim: one unit per pair (both said yes), per claim
  only one coder tabulated (yes and no), and per sentence of the texts that neither coder's
  quotes touch (both said no); Cohen's kappa over these units.
- a single-valued column (direction, relation, evidence_level, population, advice,
  claim_type, reporting, placement): Cohen's kappa over the pairs
  (`sklearn.metrics.cohen_kappa_score`); agreement is the share of pairs with the same term.
- a multi-valued column (conditions, interventions, mechanisms, hedging): Krippendorff's
  alpha, nominal (the `krippendorff` package), over per-term presence: one unit per pair and
  per term either coder gave some pair in that column, valued 1 when the claim carries the
  term; agreement is the share of pairs with exactly the same set of terms.

A coefficient that is undefined (one value only: both coders said the same every time, or
no pair at all) is None, with the reason; never NaN.
"""

import filecmp
import re
from dataclasses import dataclass, field
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from analysis.common import paths
from analysis.common.problems import Problem, WorkbookError, display_path
from analysis.common.suggestions import did_you_mean
from analysis.curation.add import read_source_text
from analysis.curation.matching import Pair, count_unclaimed_sentences, is_same, match_claims
from analysis.workbook.storage import read_header
from analysis.workbook.validate import CLAIM_COLUMNS, MULTI_VALUED, SINGLE_VALUED, validate_workbook
from analysis.workbook.vocabulary import Vocabulary, split_terms

IS_CLAIM = "is_claim"
LABEL_COLUMNS = [c for c in CLAIM_COLUMNS if c in SINGLE_VALUED or c in MULTI_VALUED]  # in claims.csv's order
HEADER_BYTES = 65536  # enough to hold any header line: what is read to tell a claims table from another file
YES, NO = "yes", "no"
CODERS = ("A", "B")


@dataclass(frozen=True)
class Coder:
    """One coder's validated claims: the table (with each quote's span), its header and its warnings."""

    path: Path
    claims: pd.DataFrame
    header: list[str]
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class ColumnAgreement:
    """Agreement on one column: the chance-corrected coefficient, the share agreed, over how many units."""

    column: str
    coefficient: str  # "kappa" or "alpha"
    value: float | None
    agreement: float | None
    n: int
    reason: str = ""  # why the coefficient is undefined

    def __str__(self) -> str:
        value, agreement = format_figure(self.value), format_figure(self.agreement)
        line = f"{self.column} {self.coefficient} {value} agreement {agreement} (n {self.n})"
        return line + (f": {self.reason}" if self.reason else "")


def format_figure(value: float | None) -> str:
    """Return a coefficient or share with two decimals, or "n/a" for None."""
    return "n/a" if value is None else f"{round(value, 2) or 0.0:.2f}"  # `or 0.0`: never "-0.00"


@dataclass(frozen=True)
class Disagreement:
    """One point a reconciler must settle: a column of a pair of claims, or a claim only one coder tabulated."""

    source_id: str
    column: str
    value_a: str
    value_b: str
    claim_a: str = ""
    claim_b: str = ""
    quote_a: str = ""
    quote_b: str = ""
    start: int = 0  # where the passage starts in the text, to list disagreements in reading order


@dataclass
class Agreement:
    """What comparing two coders found."""

    a: Coder
    b: Coder
    vocabulary: Vocabulary
    sources: list[str]
    columns: list[ColumnAgreement]
    disagreements: list[Disagreement]
    counts: dict[str, int]  # matched, only_a, only_b, unclaimed (sentences)
    one_coder_sources: dict[str, str] = field(default_factory=dict)  # source_id: "A" or "B"
    skipped_columns: dict[str, str] = field(default_factory=dict)  # column: which file has it


# --- reading the coders' files ----------------------------------------------------------------


def read_coders(path_a, path_b, claims_dir=None) -> tuple[Coder, Coder, Vocabulary, pd.DataFrame]:
    """Validate two coders' claims tables against the workbook in `claims_dir`; return them, its vocabulary and sources.

    Raises WorkbookError, one line per problem of either file, for a missing file, a file
    that is not a claims table, the same file twice, or a file that does not validate.
    """
    path_a, path_b = Path(path_a), Path(path_b)
    headers = [_read_claims_header(path) for path in (path_a, path_b)]
    if path_a.resolve() == path_b.resolve():
        raise WorkbookError(
            Problem(path_b, "is the same file as the first one", hint="give the two coders' files, one each")
        )
    results = [validate_workbook(claims_dir, check_language=False, claims_file=path) for path in (path_a, path_b)]
    errors = []
    for path, result in zip((path_a, path_b), results):
        if elsewhere := _coded_elsewhere(path, result, claims_dir):
            errors.append(elsewhere)
        elif result.errors:
            errors += [p for p in result.errors if p not in errors]  # a workbook's own errors once, not twice
            errors.append(
                Problem(path, "not compared: the coder's file does not validate", hint="fix the problems above")
            )
    if errors:
        raise WorkbookError(errors)
    warnings = [[w for w in result.warnings if Path(w.path) == path] for path, result in zip((path_a, path_b), results)]
    if filecmp.cmp(path_a, path_b, shallow=False):
        warnings[1].append(
            Problem(
                path_b,
                f"holds the very same bytes as {display_path(path_a)}: the agreement is perfect by construction",
                severity="warning",
                hint="check that you gave the second coder's file, not a copy of the first",
            )
        )
    a, b = (
        Coder(path, result.claims, header, found)
        for path, result, header, found in zip((path_a, path_b), results, headers, warnings)
    )
    return a, b, results[0].vocabulary, results[0].sources


def _coded_elsewhere(path: Path, result, claims_dir) -> Problem | None:
    """One problem, not one per row, for a file none of whose sources the workbook has: the wrong --claims-dir."""
    coded = list(dict.fromkeys(result.claims["source_id"]))
    if not coded or set(coded) & set(result.sources["source_id"]):
        return None
    return Problem(
        path,
        f"none of the sources it codes ({', '.join(coded[:3])}{', …' if len(coded) > 3 else ''}) "
        f"is in {display_path(paths.sources_path(claims_dir))}",
        hint="give --claims-dir, the folder of the workbook the coder coded (default: claims/)",
    )


def _read_claims_header(path: Path) -> list[str]:
    if path.is_dir():
        inside = path / paths.CLAIMS_FILE
        hint = f"give the file inside it: {display_path(inside)}" if inside.is_file() else "give a coder's claims.csv"
        raise WorkbookError(Problem(path, "is a folder, not a claims table", hint=hint))
    if not path.is_file():
        raise WorkbookError(
            Problem(
                path,
                "file not found",
                hint="give the path of a coder's claims table, e.g. claims/coding/NAME/claims.csv",
            )
        )
    with path.open("rb") as file:
        header = read_header(file.read(HEADER_BYTES))
    names = {name for field in header for name in re.split(r"[,;\t]", field)}  # a file split by ';' is read_table's
    if header and not {"claim_id", "quote"} & names:
        raise WorkbookError(
            Problem(
                path,
                "not a claims table: its first line has neither a 'claim_id' nor a 'quote' column",
                line=1,
                value=",".join(header),
                hint="give a coder's claims file, with the columns of claims/claims.csv",
            )
        )
    return header


# --- comparing two coders ---------------------------------------------------------------------


def compare_coders(path_a, path_b, claims_dir=None, source: str | None = None) -> Agreement:
    """Compare the claims of two coders' files on the sources both coded (or on `source` only)."""
    a, b, vocabulary, sources = read_coders(path_a, path_b, claims_dir)
    shared, one_coder = _choose_sources(a, b, list(sources["source_id"]), source)
    columns, skipped = _shared_columns(a, b)
    pairs_by_source = {s: match_claims(_claims_of(a, s), _claims_of(b, s), columns) for s in shared}
    pairs = [p for s in shared for p in pairs_by_source[s]]
    paired = [p for p in pairs if p.a is not None and p.b is not None]
    unclaimed = sum(_count_unclaimed(a, b, s, claims_dir) for s in shared)
    results = [_measure_is_claim(pairs, unclaimed)]
    results += [_measure_column(column, a.claims, b.claims, paired) for column in columns]
    disagreements = [d for s in shared for d in _disagreements(a, b, s, pairs_by_source[s], columns)]
    order = {s: i for i, s in enumerate(shared)}
    disagreements.sort(key=lambda d: (order[d.source_id], d.start, _column_order(d.column)))
    counts = {
        "matched": len(paired),
        "only_a": sum(p.b is None for p in pairs),
        "only_b": sum(p.a is None for p in pairs),
        "unclaimed": unclaimed,
    }
    return Agreement(a, b, vocabulary, shared, results, disagreements, counts, one_coder, skipped)


def _claims_of(coder: Coder, source_id: str) -> pd.DataFrame:
    return coder.claims[coder.claims["source_id"] == source_id]


def _count_unclaimed(a: Coder, b: Coder, source_id: str, claims_dir) -> int:
    claims = pd.concat([_claims_of(a, source_id), _claims_of(b, source_id)])
    text = read_source_text(source_id, claims_dir)[1]
    return count_unclaimed_sentences(text, zip(claims["quote_start"], claims["quote_end"]))


def _choose_sources(a: Coder, b: Coder, known: list[str], source: str | None) -> tuple[list[str], dict[str, str]]:
    coded = {"A": set(a.claims["source_id"]), "B": set(b.claims["source_id"])}
    if source is not None:
        if source not in known:
            raise WorkbookError(f"--source: unknown source_id {source!r}; {did_you_mean(source, known, 'sources')}")
        if source not in coded["A"] or source not in coded["B"]:
            having = [name for name in CODERS if source in coded[name]]
            who = f"only {having[0]}'s file has" if having else "neither file has"
            raise WorkbookError(f"--source {source!r}: {who} claims on it; {_who_codes_what(a, b, known, coded)}")
        return [source], {}
    shared = [s for s in known if s in coded["A"] and s in coded["B"]]
    if not shared:
        raise WorkbookError(f"no source has claims in both files; {_who_codes_what(a, b, known, coded)}")
    one_coder = {s: "A" if s in coded["A"] else "B" for s in known if (s in coded["A"]) != (s in coded["B"])}
    return shared, one_coder


def _who_codes_what(a: Coder, b: Coder, known: list[str], coded: dict[str, set]) -> str:
    listed = {name: ", ".join(s for s in known if s in coded[name]) or "nothing" for name in CODERS}
    return (
        f"A ({display_path(a.path)}) codes {listed['A']}, B ({display_path(b.path)}) codes {listed['B']}; "
        "agreement needs both coders' claims on the same document"
    )


def _shared_columns(a: Coder, b: Coder) -> tuple[list[str], dict[str, str]]:
    columns = [c for c in LABEL_COLUMNS if c in a.header and c in b.header]
    skipped = {
        c: f"only in {name}'s file"
        for c in LABEL_COLUMNS
        for name, coder, other in (("A", a, b), ("B", b, a))
        if c in coder.header and c not in other.header
    }
    return columns, skipped


def _column_order(column: str) -> int:
    return -1 if column == IS_CLAIM else LABEL_COLUMNS.index(column)


def _disagreements(a: Coder, b: Coder, source_id: str, pairs: list[Pair], columns: list[str]) -> list[Disagreement]:
    found = []
    for pair in pairs:
        row_a = a.claims.loc[pair.a] if pair.a is not None else None
        row_b = b.claims.loc[pair.b] if pair.b is not None else None
        ids = {
            "claim_a": row_a["claim_id"] if row_a is not None else "",
            "claim_b": row_b["claim_id"] if row_b is not None else "",
            "quote_a": row_a["quote"] if row_a is not None else "",
            "quote_b": row_b["quote"] if row_b is not None else "",
            "start": int(min(r["quote_start"] for r in (row_a, row_b) if r is not None)),
        }
        if row_a is None or row_b is None:
            found.append(
                Disagreement(source_id, IS_CLAIM, NO if row_a is None else YES, NO if row_b is None else YES, **ids)
            )
            continue
        found += [
            Disagreement(source_id, column, row_a[column], row_b[column], **ids)
            for column in columns
            if not is_same(column, row_a[column], row_b[column])
        ]
    return found


# --- the coefficients ---------------------------------------------------------------------------


def _measure_is_claim(pairs: list[Pair], unclaimed: int) -> ColumnAgreement:
    """Kappa on whether a passage holds a claim: each pair or lone claim a unit, each untouched sentence a 'no, no'."""
    units_a = [YES if p.a is not None else NO for p in pairs] + [NO] * unclaimed
    units_b = [YES if p.b is not None else NO for p in pairs] + [NO] * unclaimed
    return measure_kappa(IS_CLAIM, units_a, units_b)


def _measure_column(column: str, claims_a: pd.DataFrame, claims_b: pd.DataFrame, pairs: list[Pair]) -> ColumnAgreement:
    values_a = claims_a.loc[[p.a for p in pairs], column].tolist()
    values_b = claims_b.loc[[p.b for p in pairs], column].tolist()
    if column in MULTI_VALUED:
        return measure_alpha(column, [set(split_terms(v)) for v in values_a], [set(split_terms(v)) for v in values_b])
    return measure_kappa(column, [v.strip() for v in values_a], [v.strip() for v in values_b])


def measure_kappa(column: str, values_a: list[str], values_b: list[str]) -> ColumnAgreement:
    """Return Cohen's kappa and the share agreed of two coders' labels, unit by unit (None, with why, if undefined)."""
    n = len(values_a)
    if not n:
        return ColumnAgreement(column, "kappa", None, None, 0, "no claims paired")
    agreement = sum(x == y for x, y in zip(values_a, values_b)) / n
    labels = sorted(set(values_a) | set(values_b))
    if len(labels) == 1:
        said = f"said {labels[0]!r}" if labels[0] else "left it empty"
        return ColumnAgreement(column, "kappa", None, agreement, n, f"both coders {said} every time")
    return ColumnAgreement(column, "kappa", float(cohen_kappa_score(values_a, values_b, labels=labels)), agreement, n)


def measure_alpha(column: str, sets_a: list[set], sets_b: list[set]) -> ColumnAgreement:
    """Return Krippendorff's alpha (nominal, over per-term presence) and the share of units with the same terms."""
    n = len(sets_a)
    if not n:
        return ColumnAgreement(column, "alpha", None, None, 0, "no claims paired")
    agreement = sum(x == y for x, y in zip(sets_a, sets_b)) / n
    terms = sorted(set().union(*sets_a, *sets_b))
    if not terms:
        return ColumnAgreement(column, "alpha", None, agreement, n, "neither coder gave a term")
    presence = np.array([[term in terms_of for terms_of in sets for term in terms] for sets in (sets_a, sets_b)], float)
    if presence.min() == presence.max():
        return ColumnAgreement(column, "alpha", None, agreement, n, f"both coders said {';'.join(terms)!r} every time")
    value = krippendorff.alpha(reliability_data=presence, level_of_measurement="nominal")
    return ColumnAgreement(column, "alpha", float(value), agreement, n)
