"""Measure the draft of a whole article against a curator's table: sentences found, rows that are claims, labels agreed.

Usage::

    python benchmarks/draft.py                          # the development articles, then the shipped ones
    python benchmarks/draft.py --claims-dir DIR         # one claims folder (repeatable)
    python benchmarks/draft.py --timing                 # and time the curator's commands

For each source of a claims folder, the script copies the folder to a temporary one, takes
out that source's claims, studies and reviewed sentences (so the article is raw text again,
as after `add-source`), drafts it there with ``analysis.curation.draft.draft_article`` and
compares the draft with the curated table:

- **recall**: of the sentences a curated claim's quote overlaps (the gold claim sentences,
  as ``split_sentences`` cuts them), the share some draft row overlaps;
- **precision**: of the draft's claim rows, the share a curated claim's quote overlaps; every
  other row, those matching a sentence of reviewed_non_claims.csv among them, is a non-claim;
- **headline**: whether the draft holds the title (sources.csv) as a row placed `headline`;
  `n/a` when the text does not hold its title;
- **studies**: the studies proposed, and how many of the curated first-hand ones (named or
  described) a proposed study's quote overlaps;
- **label agreement**, per column, over the matched rows: each draft row against the curated
  claim whose quote overlaps it most. Multi-valued columns agree when the sets are equal;
  a proposed study agrees with the curated study its quote overlaps;
- **study rows**: each proposed study's design, participants, control, population,
  direction and reporting against the curated study it stands for (the one its quote or
  paragraph overlaps, else the one the claims linking it link most).

With --timing, the script also times, in a temporary copy of the development folder, the
commands a curator runs on one article as separate processes (as from a shell): `draft`,
`accept` of the draft corrected as a careful curator would (each row given the curated
labels, the other rows marked not-a-claim), `edit-claim` and `not-a-claim`. It prints
figures and asserts nothing.
"""

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pandas as pd

from analysis import load_workbook
from analysis.curation.draft import draft_article
from analysis.curation.matching import is_same, measure_overlap
from analysis.language.sentences import split_sentences
from analysis.workbook.quotes import SourceText, fold_text, locate_quote
from analysis.workbook.vocabulary import split_terms
from proposals import COLUMNS  # the label columns compared, as for add-claim's proposals

ROOT = Path(__file__).resolve().parents[1]
SETS = {"development": ROOT / "benchmarks" / "articles" / "claims", "shipped": ROOT / "claims"}
TABLES = ("claims.csv", "studies.csv", "reviewed_non_claims.csv")
STUDY_FIELDS = ("design", "participants", "control", "population", "direction", "reporting")  # a study row's facts


def main(argv=None) -> int:
    """Run the benchmark from the command line; return the exit status."""
    args = parse_args(argv)
    folders = [(Path(d).name, Path(d)) for d in args.claims_dir] or list(SETS.items())  # most are named claims
    for name, folder in folders:
        print(f"## {name} ({folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder})")
        print(format_results(measure_folder(folder)))
        print()
    if args.timing:
        print(format_timing(time_commands(SETS["development"], args.timing_source)))
    return 0


def parse_args(argv):
    """Parse --claims-dir, --timing and --timing-source."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims-dir", action="append", default=[], help="a claims folder (default: both sets)")
    parser.add_argument("--timing", action="store_true", help="also time draft, accept, edit-claim and not-a-claim")
    parser.add_argument(
        "--timing-source", default="prebiotics-body-fat-children", help="the development article the timing drafts"
    )
    return parser.parse_args(argv)


# --- recall, precision, agreement -----------------------------------------------------------------


def measure_folder(folder: Path) -> list[dict]:
    """Return one result per source of `folder`: its draft against its curated claims."""
    gold = load_workbook(folder)
    curated = read_curated(folder)
    results = []
    for source_id in gold.sources["source_id"]:
        with tempfile.TemporaryDirectory() as temporary:
            copy = raw_copy(folder, Path(temporary) / "claims", source_id)
            rows = draft_article(source_id, copy)
        results.append(compare_draft(gold, curated, source_id, rows))
    return results


def read_curated(folder: Path) -> dict:
    """Return each claim's labels as the curator wrote them in claims.csv, by claim_id (loading fills some in)."""
    with open(folder / "claims.csv", newline="", encoding="utf-8") as handle:
        return {row["claim_id"]: row for row in csv.DictReader(handle)}


def raw_copy(folder: Path, target: Path, source_id: str, keep_studies: bool = False) -> Path:
    """Copy the claims folder to `target` without the rows of `source_id` in its tables (its studies kept if asked)."""
    shutil.copytree(folder, target)
    for name in TABLES:
        if name == "studies.csv" and keep_studies:
            continue
        path = target / name
        if not path.exists():
            continue
        with open(path, newline="", encoding="utf-8") as handle:
            records = list(csv.reader(handle))
        kept = [records[0], *(r for r in records[1:] if r[records[0].index("source_id")] != source_id)]
        if len(kept) == 1 and name != "claims.csv":
            path.unlink()  # a table with a header and no rows does not validate; without the file, there are none
            continue
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(kept)
    return target


def compare_draft(gold, curated: dict, source_id: str, rows: list[dict]) -> dict:
    """Return recall, precision, headline and label agreement of one source's draft rows."""
    text = gold.read_source(source_id)
    source = SourceText(text)
    claims = gold.claims[gold.claims["source_id"] == source_id]
    spans = list(zip(claims["quote_start"], claims["quote_end"]))
    sentences = [s for s in split_sentences(text) if _touches((s.start, s.end), spans)]
    drafted = [r for r in rows if r["row"] == "claim"]
    located = [(row, _span(row["quote"], source)) for row in drafted]
    hits = [(row, span) for row, span in located if span and _touches(span, spans)]
    found = sum(any(_touches((s.start, s.end), [span]) for _, span in located if span) for s in sentences)
    studies = _study_map(gold, source_id, rows, source)
    return {
        "source_id": source_id,
        "recall": (found, len(sentences)),
        "precision": (len(hits), len(drafted)),
        "headline": _headline(gold, source_id, located, source, "placement" in next(iter(curated.values()), {})),
        "studies": _studies_found(gold, source_id, rows, source),
        "agreement": _agreement(claims, curated, hits, studies),
        "study_fields": _study_fields(gold, rows, studies),
    }


def _span(quote: str, source: SourceText):
    span = locate_quote(quote, source)
    return (span.start, span.end) if span else None


def _touches(span, spans) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


def _headline(gold, source_id, located, source, placed: bool) -> str:
    """Whether the title is a row of the draft, placed as the headline (where the claims table has placements)."""
    title = gold.sources.loc[gold.sources["source_id"] == source_id, "title"].iloc[0]
    wanted = fold_text(title).casefold().strip()
    sentences = split_sentences(source.text)
    places = [s for s in sentences if fold_text(s.text).casefold().strip() == wanted]
    if not places and sentences and fold_text(source.text.strip().split("\n", 1)[0]).casefold().strip() == wanted:
        places = sentences[:1]  # a title of two sentences: its first is the headline
    if not places:
        return "n/a"
    first = (places[0].start, places[0].end)
    found = any(span == first and (row["placement"] == "headline" or not placed) for row, span in located)
    return "yes" if found else "no"


def _study_map(gold, source_id, rows, source) -> dict:
    """Map each proposed study (new-1 …) to a curated study: the one its quote overlaps (else one described in the
    same paragraph) that is reported the same way (first-hand or second-hand), else the curated study most often
    linked by the curated claims the rows linking it overlap."""
    curated = gold.studies[(gold.studies["source_id"] == source_id) & ~gold.studies["implied"]]
    curated_spans = [
        (sid, _span(q, source), r != "second-hand")
        for sid, q, r in zip(curated["study_id"], curated["quote"], curated["reporting"])
    ]
    claims = gold.claims[gold.claims["source_id"] == source_id]
    mapping = {}
    for row in rows:
        if row["row"] != "study":
            continue
        span, first_hand = _span(row["quote"], source), row["reporting"] != "second-hand"
        near = [
            sid
            for sid, other, kind in curated_spans
            if span
            and other
            and kind == first_hand
            and (_touches(span, [other]) or _same_line(source.text, span, other))
        ]
        mapping[row["study_id"]] = near[0] if near else _most_linked(claims, rows, row["study_id"], source)
    return mapping


def _same_line(text: str, a, b) -> bool:
    """True when two spans start in the same paragraph (line) of the text."""
    return text.count("\n", 0, a[0]) == text.count("\n", 0, b[0])


def _most_linked(claims, rows, study: str, source) -> str:
    """The curated study most often linked by the curated claims that the draft's rows linking `study` overlap."""
    spans = list(zip(claims["studies"], claims["quote_start"], claims["quote_end"]))
    votes = Counter()
    for row in rows:
        span = _span(row["quote"], source) if row["row"] == "claim" and study in split_terms(row["studies"]) else None
        for linked, start, end in spans:
            if span and _touches(span, [(start, end)]):
                votes.update(split_terms(linked))
    return votes.most_common(1)[0][0] if votes else study


def _studies_found(gold, source_id, rows, source) -> tuple[int, int, int]:
    """(proposed studies, curated first-hand studies, curated first-hand studies a proposal's quote overlaps)."""
    curated = gold.studies[
        (gold.studies["source_id"] == source_id)
        & ~gold.studies["implied"]
        & gold.studies["reporting"].isin(["named", "described"])
    ]
    proposed = [_span(r["quote"], source) for r in rows if r["row"] == "study"]
    spans = [_span(q, source) for q in curated["quote"]]
    found = sum(
        bool(s) and any(p and (_touches(s, [p]) or _same_line(source.text, s, p)) for p in proposed) for s in spans
    )
    return len(proposed), len(spans), found


def _study_fields(gold, rows: list[dict], studies: dict) -> dict:
    """Return {column: (agreeing, compared)} of the proposed study rows, each against the curated study it maps to."""
    curated = gold.studies.set_index("study_id")
    tally = {column: [0, 0] for column in STUDY_FIELDS}
    for row in rows:
        target = studies.get(row.get("study_id", ""))
        if row["row"] != "study" or target not in curated.index:
            continue
        for column in tally:
            tally[column][0] += _cell(row.get(column)) == _cell(curated.at[target, column])
            tally[column][1] += 1
    return {column: tuple(counts) for column, counts in tally.items()}


def _cell(value) -> str:
    """A table cell as text: missing is empty, 42.0 and "42" are one number."""
    if value is None or pd.isna(value):
        return ""
    return str(value).strip().removesuffix(".0")


def _agreement(claims, labels: dict, hits, studies) -> dict:
    """Return {column: (agreeing, compared)} over the matched rows, each against its most-overlapping claim."""
    header = next(iter(labels.values()), {}).keys()
    tally = {column: [0, 0] for column in COLUMNS if column in header}  # the columns the curator's table has
    spans = list(zip(claims["claim_id"], claims["quote_start"], claims["quote_end"]))
    for row, span in hits:
        best = max(spans, key=lambda s: measure_overlap(span, (s[1], s[2])))[0]
        for column in tally:
            curated = labels[best].get(column) or ""
            proposed = row.get(column, "")
            if column == "studies":
                proposed = ";".join(studies.get(s, s) for s in split_terms(proposed))
            if column == "placement":
                curated = curated or "body"
            tally[column][0] += (
                is_same(column, curated, proposed) if column != "studies" else _same_set(curated, proposed)
            )
            tally[column][1] += 1
    return {column: tuple(counts) for column, counts in tally.items()}


def _same_set(a: str, b: str) -> bool:
    return set(split_terms(a)) == set(split_terms(b))


def format_results(results: list[dict]) -> str:
    """Return the table the script prints: one line per article, then the total, then label agreement."""
    lines = [f"{'article':36} {'recall':>12} {'precision':>12} {'headline':>8} {'studies':>18}"]
    totals = Counter()
    for r in results:
        (found, gold), (hits, drafted) = r["recall"], r["precision"]
        proposed, first_hand, matched = r["studies"]
        totals.update(found=found, gold=gold, hits=hits, drafted=drafted)
        lines.append(
            f"{r['source_id']:36} {_ratio(found, gold):>12} {_ratio(hits, drafted):>12} {r['headline']:>8} "
            f"{f'{proposed} ({matched}/{first_hand} found)':>18}"
        )
    headlines = Counter(r["headline"] for r in results)
    found = f"{headlines['yes']}/{headlines['yes'] + headlines['no']}"
    recall, precision = _ratio(totals["found"], totals["gold"]), _ratio(totals["hits"], totals["drafted"])
    lines.append(f"{'all':36} {recall:>12} {precision:>12} {found:>8}")
    agreement = Counter()
    for r in results:
        for column, (same, compared) in r["agreement"].items():
            agreement[column, 0] += same
            agreement[column, 1] += compared
    lines.append("label agreement on matched rows:")
    columns = dict.fromkeys(column for r in results for column in r["agreement"])
    lines += [f"  {column:15} {_ratio(agreement[column, 0], agreement[column, 1])}" for column in columns]
    lines.append("study rows, against the curated study each maps to:")
    fields = Counter()
    for r in results:
        for column, (same, compared) in r["study_fields"].items():
            fields[column, 0] += same
            fields[column, 1] += compared
    lines += [f"  {column:15} {_ratio(fields[column, 0], fields[column, 1])}" for column in STUDY_FIELDS]
    return "\n".join(lines)


# --- timing the curator's commands -------------------------------------------------------------------


def time_commands(folder: Path, source_id: str) -> dict:
    """Time draft, accept (of the draft corrected to the curated table), edit-claim, not-a-claim and add-term."""
    gold = load_workbook(folder)
    curated = read_curated(folder)
    timings = {}
    with tempfile.TemporaryDirectory() as temporary:
        copy = raw_copy(folder, Path(temporary) / "claims", source_id, keep_studies=True)
        draft = copy / "drafts" / f"{source_id}.csv"
        timings["draft"] = _timed("draft", source_id, "--claims-dir", str(copy))
        rows = correct_draft(gold, curated, source_id, draft)
        timings["accept"] = _timed("accept", str(draft), "--claims-dir", str(copy))
        with open(copy / "claims.csv", newline="", encoding="utf-8") as handle:
            first = next(r["claim_id"] for r in csv.DictReader(handle) if r["source_id"] == source_id)
        timings["edit-claim"] = _timed("edit-claim", first, "--notes", "checked", "--claims-dir", str(copy))
        furniture = _untabulated_sentence(gold, source_id, copy)
        if furniture:
            arguments = ("--source", source_id, "--sentence", furniture, "--reason", "page furniture")
            timings["not-a-claim"] = _timed("not-a-claim", *arguments, "--claims-dir", str(copy))
        arguments = ("conditions", "--label", "Appetite", "--definition", "Hunger and satiety.", "--kind", "body")
        timings["add-term"] = _timed("add-term", *arguments, "--claims-dir", str(copy))
        timings["validate"] = _timed("validate", "--quiet", "--claims-dir", str(copy))
    timings["rows"] = rows
    return timings


def _timed(*arguments) -> float:
    """Run one command as a curator would, in a process of its own; return its wall-clock seconds."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "analysis", *arguments], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"draft benchmark: {arguments[0]} failed:\n{done.stderr}")
    return seconds


def correct_draft(gold, curated: dict, source_id: str, draft: Path) -> int:
    """Correct the draft as a careful curator would; return its rows.

    Each row a curated claim's quote overlaps takes that claim's quote and labels (and a
    row is added for each other claim on the sentence, and for each claim the draft
    missed); every other row is marked not-a-claim with a reason; proposed studies are
    dropped (the copy keeps the curated studies, which the curated claims link).
    """
    text = gold.read_source(source_id)
    source = SourceText(text)
    claims = gold.claims[gold.claims["source_id"] == source_id]
    spans = {
        cid: (start, end) for cid, start, end in zip(claims["claim_id"], claims["quote_start"], claims["quote_end"])
    }
    with open(draft, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames, list(reader)
    corrected, taken = [], set()
    for row in rows:
        span = _span(row["quote"], source) if row["row"] == "claim" else None
        if row["row"] == "study":
            corrected.append({**row, "review": "drop"})
            continue
        matched = [cid for cid, other in spans.items() if span and cid not in taken and _touches(span, [other])]
        if not matched:
            corrected.append({**row, "review": "not-a-claim", "notes": "read and judged not a claim"})
        for cid in matched:
            taken.add(cid)
            corrected.append(
                {**{c: v for c, v in curated[cid].items() if c in columns}, "review": "accept", "row": "claim"}
            )
    for cid in spans:
        if cid not in taken:  # a claim the draft missed: the curator adds its row
            corrected.append(
                {**{c: v for c, v in curated[cid].items() if c in columns}, "review": "accept", "row": "claim"}
            )
    with open(draft, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(corrected)
    return len(corrected)


def _untabulated_sentence(gold, source_id: str, copy: Path) -> str:
    """A sentence of the text neither the draft nor the curator tabulated (page furniture), or ''."""
    workbook = load_workbook(copy)
    claims = workbook.claims[workbook.claims["source_id"] == source_id]
    spans = list(zip(claims["quote_start"], claims["quote_end"]))
    reviewed = {fold_text(s) for s in workbook.reviewed["sentence"]}
    for sentence in split_sentences(workbook.read_source(source_id)):
        if not _touches((sentence.start, sentence.end), spans) and fold_text(sentence.text) not in reviewed:
            return sentence.text
    return ""


def format_timing(timings: dict) -> str:
    """Return the timing lines: one per command, in the order a curator runs them."""
    lines = [f"## timing (one article, {timings.pop('rows')} rows after review; each command a process of its own)"]
    lines += [f"  {command:12} {seconds:.2f} s" for command, seconds in timings.items()]
    return "\n".join(lines)


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f} ({part}/{whole})" if whole else "n/a"


if __name__ == "__main__":
    sys.exit(main())
