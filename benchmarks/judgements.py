"""How the workbook's flags and grades agree with a careful reader's, on articles the rules were or were not written on.

Usage:
    python benchmarks/judgements.py                      # every set, side by side
    python benchmarks/judgements.py --set articles       # the development articles (benchmarks/articles/)
    python benchmarks/judgements.py --set heldout        # the first fictional held-out set (benchmarks/heldout/)
    python benchmarks/judgements.py --set heldout-b      # the second fictional set
    python benchmarks/judgements.py --set heldout-c      # the third, curated by a helper curator
    python benchmarks/judgements.py --set heldout-d      # the fourth, measured once after the rules changed
    python benchmarks/judgements.py --set heldout-e      # the fifth, two readers, measured before and after
    python benchmarks/judgements.py --set heldout-f      # the sixth, two readers, measured before and after
    python benchmarks/judgements.py --set heldout-g      # the seventh, two readers, measured before and after
    python benchmarks/judgements.py --set heldout-h      # the eighth, two readers, measured before and after
    python benchmarks/judgements.py --set heldout-i      # the ninth, two readers, measured before and after
    python benchmarks/judgements.py --set heldout-j      # the tenth, two readers, measured before and after
    python benchmarks/judgements.py --set heldout-k      # the eleventh, two readers, measured before and after
    python benchmarks/judgements.py --set heldout-l      # the twelfth, two readers, measured before and after
    python benchmarks/judgements.py --set heldout-m      # the thirteenth, two readers, measured before and after
    python benchmarks/judgements.py --set heldout-n      # the fourteenth, two readers, measured before and after
    python benchmarks/judgements.py --set heldout-o      # the fifteenth, two readers, measured before and after
    python benchmarks/judgements.py --set heldout-p      # the sixteenth, two readers, measured before and after
    python benchmarks/judgements.py --set heldout-q      # the seventeenth, two readers, measured before and after
    python benchmarks/judgements.py --set heldout-r      # the eighteenth, two readers, measured before and after
    python benchmarks/judgements.py --set heldout-s      # the nineteenth, two readers, measured at the session's end
    python benchmarks/judgements.py --set heldout-t      # the twentieth, two readers, measured at start and end
    python benchmarks/judgements.py --set heldout-u      # the twenty-first, two readers, measured at start and end
    python benchmarks/judgements.py --set heldout-v      # the twenty-second, two readers, measured at start and end
    python benchmarks/judgements.py --set heldout-w      # the twenty-third, two readers, measured at start and end
    python benchmarks/judgements.py --set heldout-x      # the twenty-fourth, two readers, measured at start and end
    python benchmarks/judgements.py --set articles --claims-dir DIR --pairs
                                                         # another copy of a set's claims, pairs listed
    python benchmarks/judgements.py --rule-checks        # per flag rule, how often a reader marked its flags,
                                                         # written to src/analysis/evidence/rule_checks.csv

A reading (benchmarks/readings/NAME/) is an independent fact-checker's, made from the
article texts alone, before the rules were tuned: `problems.csv` lists each sentence whose
words go beyond (or fall short of) the evidence the article reports, and
`grades_pooled.csv` a GRADE-style certainty per condition × intervention pair over all the
articles. `slugs.csv`, where present, maps the reader's own names for conditions and
interventions to the workbook's terms.

Flags are compared sentence by sentence: a flag of one kind (exaggeration, unsupported,
understatement) is right when its claim's quote overlaps a sentence the reader marked
with a problem of that kind; a marked sentence is found when some flag of its kind
overlaps it; with kinds set aside ("any kind"), a flag is right on a sentence marked for any problem, as readers'
kinds overlap (unsupported, overgeneralised, people from animals). Where a second reader read the same texts
independently (`second/problems.csv`), the flags are also scored against the second reader, each reader
against the other, against either reader (a flag is right when one of them marked its sentence) and against the
sentences both marked (the marks two careful readers agree on). Grades are compared pair by pair on the
reader's scale (high = strong, moderate, low = weak, very low = very weak, none).
"""

import argparse
import sys
from pathlib import Path

import pandas as pd

from analysis import flag_claims, grade_pairs, load_workbook
from analysis.evidence.flags import RULES
from analysis.workbook.quotes import SourceText, locate_quote

ROOT = Path(__file__).resolve().parents[1]
RULE_CHECKS = ROOT / "src" / "analysis" / "evidence" / "rule_checks.csv"  # read by the reports (evidence.rule_checks)
SETS = {
    "shipped": (ROOT / "claims", ROOT / "benchmarks" / "readings" / "shipped"),
    "articles": (ROOT / "benchmarks" / "articles" / "claims", ROOT / "benchmarks" / "readings" / "articles"),
    "heldout": (ROOT / "benchmarks" / "heldout" / "claims", ROOT / "benchmarks" / "readings" / "heldout"),
    "heldout-b": (ROOT / "benchmarks" / "heldout-b" / "claims", ROOT / "benchmarks" / "readings" / "heldout-b"),
    "heldout-c": (ROOT / "benchmarks" / "heldout-c" / "claims", ROOT / "benchmarks" / "readings" / "heldout-c"),
    "heldout-d": (ROOT / "benchmarks" / "heldout-d" / "claims", ROOT / "benchmarks" / "readings" / "heldout-d"),
    "heldout-e": (ROOT / "benchmarks" / "heldout-e" / "claims", ROOT / "benchmarks" / "readings" / "heldout-e"),
    "heldout-f": (ROOT / "benchmarks" / "heldout-f" / "claims", ROOT / "benchmarks" / "readings" / "heldout-f"),
    "heldout-g": (ROOT / "benchmarks" / "heldout-g" / "claims", ROOT / "benchmarks" / "readings" / "heldout-g"),
    "heldout-h": (ROOT / "benchmarks" / "heldout-h" / "claims", ROOT / "benchmarks" / "readings" / "heldout-h"),
    "heldout-i": (ROOT / "benchmarks" / "heldout-i" / "claims", ROOT / "benchmarks" / "readings" / "heldout-i"),
    "heldout-j": (ROOT / "benchmarks" / "heldout-j" / "claims", ROOT / "benchmarks" / "readings" / "heldout-j"),
    "heldout-k": (ROOT / "benchmarks" / "heldout-k" / "claims", ROOT / "benchmarks" / "readings" / "heldout-k"),
    "heldout-l": (ROOT / "benchmarks" / "heldout-l" / "claims", ROOT / "benchmarks" / "readings" / "heldout-l"),
    "heldout-m": (ROOT / "benchmarks" / "heldout-m" / "claims", ROOT / "benchmarks" / "readings" / "heldout-m"),
    "heldout-n": (ROOT / "benchmarks" / "heldout-n" / "claims", ROOT / "benchmarks" / "readings" / "heldout-n"),
    "heldout-o": (ROOT / "benchmarks" / "heldout-o" / "claims", ROOT / "benchmarks" / "readings" / "heldout-o"),
    "heldout-p": (ROOT / "benchmarks" / "heldout-p" / "claims", ROOT / "benchmarks" / "readings" / "heldout-p"),
    "heldout-q": (ROOT / "benchmarks" / "heldout-q" / "claims", ROOT / "benchmarks" / "readings" / "heldout-q"),
    "heldout-r": (ROOT / "benchmarks" / "heldout-r" / "claims", ROOT / "benchmarks" / "readings" / "heldout-r"),
    "heldout-s": (ROOT / "benchmarks" / "heldout-s" / "claims", ROOT / "benchmarks" / "readings" / "heldout-s"),
    "heldout-t": (ROOT / "benchmarks" / "heldout-t" / "claims", ROOT / "benchmarks" / "readings" / "heldout-t"),
    "heldout-u": (ROOT / "benchmarks" / "heldout-u" / "claims", ROOT / "benchmarks" / "readings" / "heldout-u"),
    "heldout-v": (ROOT / "benchmarks" / "heldout-v" / "claims", ROOT / "benchmarks" / "readings" / "heldout-v"),
    "heldout-w": (ROOT / "benchmarks" / "heldout-w" / "claims", ROOT / "benchmarks" / "readings" / "heldout-w"),
    "heldout-x": (ROOT / "benchmarks" / "heldout-x" / "claims", ROOT / "benchmarks" / "readings" / "heldout-x"),
}
KIND_OF_PROBLEM = {
    "causal-from-observational": "exaggeration",
    "people-from-animals": "exaggeration",
    "overgeneralised": "exaggeration",
    "outcome-not-measured": "exaggeration",
    "advice-without-trial": "exaggeration",
    "booster-on-weak-evidence": "exaggeration",
    "headline-beyond-body": "exaggeration",
    "unsupported": "unsupported",
    "understatement": "understatement",
}
SCALE = {"high": "strong", "moderate": "moderate", "low": "weak", "very low": "very weak", "none": "none"}
ORDER = ["strong", "moderate", "weak", "very weak", "none"]


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else pd.DataFrame()


def score_flags(workbook, reading: Path) -> dict:
    """Return precision and recall of the flags against the reader's marked sentences, overall and per kind."""
    marked = read_marks(workbook, reading / "problems.csv")
    flags = flag_claims(workbook).drop_duplicates(["claim_id", "kind"])
    spans = workbook.claims.set_index("claim_id")[["source_id", "quote_start", "quote_end"]]
    flagged = [(*spans.loc[f.claim_id], str(f.kind), f.claim_id) for f in flags.itertuples(index=False)]
    right, found = match(flagged, marked)
    figures = {"flags": len(flagged), "right": len(right), "marked": len(marked), "found": len(found)}
    figures["any kind"] = any_kind(flagged, marked)
    for kind in ("exaggeration", "unsupported", "understatement"):
        figures[kind] = (
            sum(f[3] == kind for f in right),
            sum(f[3] == kind for f in flagged),
            sum(m[3] == kind for m in found),
            sum(m[3] == kind for m in marked),
        )
    second = reading / "second" / "problems.csv"
    if second.exists():  # a second reader's marks: the flags against them, and how far the readers agree
        figures |= compare_readers(flagged, marked, read_marks(workbook, second))
    return figures


def any_kind(flagged: list, marked: list) -> tuple[int, int, int, int]:
    """Return (right, flagged, found, marked) with kinds set aside: a flag is right on a sentence the reader marked
    with a problem of any kind ("unsupported" for a flag of exaggeration), and a marked sentence is found by a flag of
    any kind; a sentence marked twice counts once. Readers' kinds overlap ("unsupported or overgeneralised: either
    could be defended"), so this says how often the flags land on the sentences a reader would fix."""
    sentences = sorted({(*m[:3], "any") for m in marked})
    plain = [(*f[:3], "any", *f[4:]) for f in flagged]
    right, found = match(plain, sentences)
    return len(right), len(plain), len(found), len(sentences)


def compare_readers(flagged: list, marked: list, other: list) -> dict:
    """Return counts of the flags against a second reader's marks (`other`), of the readers against each other, and
    of the flags against either reader (right, flagged) and against the sentences both marked (found, marked)."""
    both = match(other, marked)[1]  # the first reader's marks the second also made
    return {
        "second": [len(x) for x in (*match(flagged, other), flagged, other)],
        "readers": [len(x) for x in (*match(other, marked), other, marked)],
        "either": [len(match(flagged, marked + other)[0]), len(flagged)],
        "both": [len(match(flagged, both)[1]), len(both)],
    }


def read_marks(workbook, problems_csv: Path) -> list:
    """Return the reader's marked sentences as (source, start, end, kind), each once."""
    texts = {s: SourceText(workbook.read_source(s)) for s in workbook.sources["source_id"]}
    marked = []
    for row in read_csv(problems_csv).itertuples(index=False):
        span = locate_quote(row.sentence, texts[row.source_id])
        if span is None:
            sys.exit(f"{problems_csv}: sentence not found in {row.source_id}: {row.sentence[:80]}")
        marked.append((row.source_id, span.start, span.end, KIND_OF_PROBLEM[row.problem]))
    return sorted(set(marked))


def match(flagged: list, marked: list) -> tuple[list, list]:
    """Return the flags that overlap a marked sentence of their kind, and the marked sentences some flag overlaps."""
    overlaps = lambda a, b: a[0] == b[0] and a[3] == b[3] and a[1] < b[2] and b[1] < a[2]  # noqa: E731
    right = [f for f in flagged if any(overlaps(f, m) for m in marked)]
    found = [m for m in marked if any(overlaps(f, m) for f in flagged)]
    return right, found


def check_rules(names) -> pd.DataFrame:
    """Return per flag rule, on the sets `names`: its kind, its flags (claims), and how many fell on a sentence that
    either reader marked with a problem of that kind; a rule that gave no flag has a row of zeros."""
    counts = {rule: [kind, 0, 0] for rule, (kind, *_) in RULES.items()}
    for name in names:
        directory, reading = SETS[name]
        workbook = load_workbook(directory)
        marked = [
            m
            for path in (reading / "problems.csv", reading / "second" / "problems.csv")
            if path.exists()
            for m in read_marks(workbook, path)
        ]
        spans = workbook.claims.set_index("claim_id")[["source_id", "quote_start", "quote_end"]]
        for flag in flag_claims(workbook).drop_duplicates(["claim_id", "rule"]).itertuples(index=False):
            right, _ = match([(*spans.loc[flag.claim_id], str(flag.kind))], marked)
            counts[flag.rule][1:] = [counts[flag.rule][1] + 1, counts[flag.rule][2] + len(right)]
    table = pd.DataFrame([[rule, *row] for rule, row in counts.items()], columns=["rule", "kind", "flags", "marked"])
    return table.assign(sets=len(names))


def score_grades(workbook, reading: Path) -> pd.DataFrame:
    """Return the pairs both graded: the reader's grade beside the workbook's, and how many steps apart."""
    reader = read_csv(reading / "grades_pooled.csv")
    slugs = read_csv(reading / "slugs.csv")
    rename = dict(zip(slugs.get("reading", []), slugs.get("workbook", [])))
    reader = reader.assign(
        condition=reader["condition"].map(lambda s: rename.get(s, s)),
        intervention=reader["intervention"].map(lambda s: rename.get(s, s)),
        reader=reader["certainty"].map(SCALE),
    )
    reader = reader.sort_values("reader", key=lambda g: g.map(ORDER.index)).drop_duplicates(
        ["condition", "intervention"]
    )
    ours = (
        grade_pairs(workbook)[["condition", "intervention", "grade", "reason"]]
        .astype(str)
        .rename(columns={"reason": "why"})
    )
    both = reader.merge(ours, on=["condition", "intervention"], how="outer", indicator=True)
    both["steps_above"] = [
        ORDER.index(r) - ORDER.index(g) if isinstance(r, str) and isinstance(g, str) else None
        for r, g in zip(both["reader"], both["grade"])
    ]
    return both


def report(name: str, claims_dir=None) -> dict:
    default, reading = SETS[name]
    workbook = load_workbook(claims_dir or default)
    studies = getattr(workbook, "studies", None)  # an older workbook, measured for "before", has none
    flags = score_flags(workbook, reading)
    grades = score_grades(workbook, reading)
    graded = grades[grades["_merge"] == "both"]
    return {
        "set": name,
        "articles": len(workbook.sources),
        "claims": len(workbook.claims),
        "studies": int((~studies["implied"]).sum()) if studies is not None else "n/a",
        "flag precision": _ratio(flags["right"], flags["flags"]),
        "flag recall": _ratio(flags["found"], flags["marked"]),
        **{
            f"{k} (right/flagged, found/marked)": "{}/{}, {}/{}".format(*flags[k])
            for k in ("exaggeration", "unsupported", "understatement")
        },
        "flag precision, recall, any kind": "{}, {}".format(
            _ratio(*flags["any kind"][:2]), _ratio(*flags["any kind"][2:])
        ),
        **_second_reading(flags),
        "pairs graded by both": len(graded),
        "same grade": int((graded["steps_above"] == 0).sum()),
        "one step apart": int(graded["steps_above"].abs().eq(1).sum()),
        "two or more steps too generous": int((graded["steps_above"] >= 2).sum()),
        "two or more steps too harsh": int((graded["steps_above"] <= -2).sum()),
        "_grades": grades,
    }


def _second_reading(flags: dict) -> dict:
    """Return the rows about the second reader: the flags against their marks, and the readers against each other."""
    if "second" not in flags:
        return {}
    right, found, flagged, other = flags["second"]
    agree, seen, theirs, first = flags["readers"]
    return {
        "flag precision, second reader": _ratio(right, flagged),
        "flag recall, second reader": _ratio(found, other),
        "second reader's marks the first made": _ratio(agree, theirs),
        "first reader's marks the second made": _ratio(seen, first),
        "flag precision, either reader": _ratio(*flags["either"]),
        "flag recall, sentences both readers mark": _ratio(*flags["both"]),
    }


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.2f} ({numerator}/{denominator})" if denominator else "n/a (0/0)"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, "all"], default="all")
    parser.add_argument("--pairs", action="store_true", help="list every pair graded two or more steps apart")
    parser.add_argument("--claims-dir", help="measure this claims folder against the set's reading (one set only)")
    parser.add_argument(
        "--rule-checks", action="store_true", help=f"per rule, on every set but the shipped one: write {RULE_CHECKS}"
    )
    args = parser.parse_args(argv)
    if args.rule_checks:
        table = check_rules([name for name in SETS if name != "shipped"])
        table.to_csv(RULE_CHECKS, index=False, lineterminator="\n")
        print(table.to_string(index=False))
        return 0
    if args.claims_dir and args.set == "all":
        parser.error("--claims-dir needs one set: --set " + ", ".join(SETS))
    results = [report(name, args.claims_dir) for name in (SETS if args.set == "all" else [args.set])]
    table = pd.DataFrame([{k: v for k, v in r.items() if not k.startswith("_")} for r in results]).set_index("set").T
    print(table.fillna("no second reading").to_string())
    if args.pairs:
        for result in results:
            apart = result["_grades"][result["_grades"]["steps_above"].abs() >= 2]
            print(f"\n{result['set']}: pairs two or more steps apart")
            print(apart[["condition", "intervention", "reader", "grade", "why"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
