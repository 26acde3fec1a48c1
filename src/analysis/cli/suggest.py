"""The curator's `suggest` command: a source's sentences with a claim cue not yet tabulated, with proposed labels.

Tested in tests/curation/test_add.py.
"""

import sys

from analysis.cli import curate
from analysis.cli.curate import SUGGEST_COLUMNS
from analysis.common import paths
from analysis.common.lines import line_at
from analysis.common.problems import Problem, WorkbookError
from analysis.common.suggestions import did_you_mean


def run_suggest(args) -> int:
    """List the source's sentences with a claim cue not yet tabulated; with --write, add those confirmed."""
    from analysis.workbook.load import load_workbook

    workbook = load_workbook(args.claims_dir)
    coverage = _coverage_of(workbook, args.source_id)
    text = workbook.read_source(args.source_id)
    print(
        f"{args.source_id}: {len(coverage.uncovered)} sentence{'s' * (len(coverage.uncovered) != 1)} "
        "with a claim cue not yet tabulated or reviewed"
    )
    given = {c: curate.read_given(getattr(args, c)) for c in SUGGEST_COLUMNS if getattr(args, c) is not None}
    if not args.write:
        _list_suggestions(coverage.uncovered, text, given, args)
        return 0
    claims_file = paths.claims_path(args.claims_dir)
    if args.yes or not curate.is_interactive():
        _list_suggestions(coverage.uncovered, text, given, args)
        why = "--write --yes would add claims nobody reviewed" if args.yes else "--write needs a terminal"
        raise WorkbookError(
            Problem(
                claims_file,
                f"nothing written: {why}",
                hint=f"draft them instead: python -m analysis draft {args.source_id}, review the draft, then accept it",
            )
        )
    return _write_suggestions(coverage.uncovered, text, given, args)


def _coverage_of(workbook, source_id):
    from analysis.curation.coverage import check_coverage

    results = {r.source_id: r for r in check_coverage(workbook, workbook.reviewed)}
    if source_id not in results:
        raise WorkbookError(
            Problem(
                paths.sources_path(workbook.claims_dir),
                "unknown source_id",
                column="source_id",
                value=source_id,
                hint=did_you_mean(source_id, results, "sources"),
            )
        )
    return results[source_id]


def _suggest_draft(sentence, given, args):
    from analysis.curation.add import draft_claim

    draft = draft_claim(args.source_id, sentence.text, given, args.claims_dir)
    draft.proposed.setdefault("claim", sentence.text)
    return draft


def _list_suggestions(uncovered, text, given, args) -> None:
    for sentence, cues in uncovered:
        draft = _suggest_draft(sentence, given, args)
        print(f"  {_describe_sentence(text, sentence, cues)}")
        labels = ", ".join(f"{c}={v}" for c, v in draft.proposed.items() if c != "claim")
        print(f"    proposed: {labels}")


def _describe_sentence(text, sentence, cues) -> str:
    return f"line {line_at(text, sentence.start)}: {sentence.text!r} (cues: {', '.join(cues)})"


def _write_suggestions(uncovered, text, given, args) -> int:
    written, skipped = 0, 0
    for sentence, cues in uncovered:
        print(f"\n{_describe_sentence(text, sentence, cues)}")
        answer = curate.ask("tabulate it? [y/n/q] ", paths.claims_path(args.claims_dir)).strip().lower()
        if answer.startswith("q"):
            break
        if not answer.startswith("y"):
            continue
        try:
            claim_id = _write_suggestion(sentence, given, args)
        except WorkbookError as exc:
            print("\n".join(str(p) for p in exc.problems), file=sys.stderr)
            skipped += 1
            continue
        written += claim_id is not None
        print(f"added {claim_id}" if claim_id else "nothing written")
    print(f"wrote {written} claim{'s' * (written != 1)}" + (f"; {skipped} not written" if skipped else ""))
    return 1 if skipped else 0


def _write_suggestion(sentence, given, args) -> str | None:
    from analysis.curation.add import add_claim

    draft = _suggest_draft(sentence, given, args)
    row = curate.complete_draft(draft, args.claims_dir, False)
    return add_claim(row, args.claims_dir) if row is not None else None
