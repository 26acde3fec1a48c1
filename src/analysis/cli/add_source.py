"""The add-source command: a document read (web page, PDF or text), its metadata proposed, confirmed, then written.

Options given win; the rest is proposed from the document (a page's metadata, a PDF's
info, a text's first line) and confirmed as add-claim confirms its labels: asked on a
terminal, accepted with --yes, and without either printed with exit 1, nothing written.

Tested in tests/cli/test_add_source.py.
"""

from pathlib import Path

from analysis.cli.curate import EMPTY, _allowed, add_claims_dir, ask, claims_dir_flag, confirm, is_interactive
from analysis.common import paths
from analysis.common.problems import Problem, WorkbookError, shorten

FILE_HELP = "the document: a saved web page (.html, .htm, .mhtml), a PDF (.pdf) or UTF-8 text (.txt)"
METADATA_HELP = {  # the columns a document may propose, in sources.csv's order
    "title": "the document's title, as it gives it (proposed: the page's or PDF's title, a text's first line)",
    "kind": "a source_kinds term (proposed from a page's JSON-LD type, else other)",
    "publisher": "the site or outlet (proposed: the page's site name, the PDF's publisher)",
    "author": "the author, as given (proposed: the page's or PDF's author, the byline)",
    "url": "where the document was taken from (proposed: the page's canonical address)",
    "published": "the publication date, YYYY-MM-DD (proposed: the page's date, the dateline, the PDF's date)",
}
ACCESSED_HELP = "the day the copy was taken, YYYY-MM-DD (default: today)"
NOTES_HELP = "oddities of the copy, where the title came from (how the text was extracted is added)"
REQUIRED = ("title",)


def add_source_command(commands) -> None:
    """Register add-source."""
    source = commands.add_parser(
        "add-source",
        help="store a document's text (web page, PDF or text) in claims/sources/ and add its row",
        description="A saved web page or a PDF is extracted (boilerplate left out) and its metadata proposed; "
        "a text is copied byte for byte. Proposals are confirmed on a terminal, or accepted with --yes.",
    )
    source.add_argument("file", metavar="FILE", help=FILE_HELP)
    for name, text in METADATA_HELP.items():
        source.add_argument(f"--{name}", default=None, help=text + (_allowed("source_kinds") if name == "kind" else ""))
    source.add_argument("--accessed", default="", metavar="YYYY-MM-DD", help=ACCESSED_HELP)
    source.add_argument("--notes", default="", help=NOTES_HELP)
    source.add_argument(
        "--id", dest="source_id", metavar="SLUG", default=None, help="the source_id (default: made from the title)"
    )
    source.add_argument("--yes", action="store_true", help="accept the proposed metadata without asking (for scripts)")
    add_claims_dir(source)
    source.set_defaults(run=run_add_source)


def run_add_source(args) -> int:
    """Read the document, settle its metadata with the curator, add it; print where it went."""
    from analysis.curation.ingest import ingest
    from analysis.curation.sources import add_source, check_options

    base = Path(args.claims_dir or paths.CLAIMS_DIR)
    given = {name: getattr(args, name) for name in METADATA_HELP if getattr(args, name) is not None}
    check_options(
        base,
        kind=given.get("kind"),
        published=given.get("published", ""),
        accessed=args.accessed,
        source_id=args.source_id,
    )
    document = ingest(args.file)
    values = settle_metadata(document, given, base, args.yes)
    if values is None:
        print("nothing written")
        return 1
    row = add_source(
        args.file,
        claims_dir=args.claims_dir,
        source_id=args.source_id,
        accessed=args.accessed,
        notes=args.notes,
        document=document,
        **values,
    )
    print(f"added source '{row['source_id']}': {row['path']}, sha256 {row['sha256'][:12]}…")
    if document.tool:
        print(
            f"the text is as {document.tool} extracted it from {document.original.description}: read it before quoting"
        )
    source_id, flag = row["source_id"], claims_dir_flag(args)
    print(f"next: python -m analysis draft {source_id}{flag}, review the draft, then accept {source_id}{flag}")
    return 0


def settle_metadata(document, given: dict, base, yes: bool) -> dict | None:
    """Return the metadata to write: given, else proposed and confirmed; None when the curator declines."""
    _drop_unknown_kind(document.proposals, base)
    proposed = {name: value for name, (value, _) in document.proposals.items() if name not in given}
    values = {"kind": "other", **proposed, **given}
    sources_file = paths.sources_path(base)
    complete = all(values.get(name) for name in REQUIRED)
    if not proposed and complete:
        return values
    print("\n".join(describe_document(document, given)))
    if not is_interactive():
        if yes and complete:
            return values
        raise WorkbookError(_not_confirmed(values, sources_file, yes))
    if not yes:
        print(f"Enter accepts the value in [brackets]; '{EMPTY}' leaves an optional column empty.")
    for name in METADATA_HELP:
        if name not in given and not (yes and (values.get(name) or name not in REQUIRED)):
            values[name] = ask_value(name, values.get(name, ""), base, sources_file)
    if yes:
        return values
    return values if confirm("add this source?", sources_file) else None


def _drop_unknown_kind(proposals: dict, base) -> None:
    """Forget a proposed kind that this workbook's vocabulary has no term for."""
    from analysis.curation.sources import check_options

    if "kind" in proposals:
        try:
            check_options(base, kind=proposals["kind"][0])
        except WorkbookError:
            del proposals["kind"]


def describe_document(document, given: dict) -> list[str]:
    """Return the lines that show what was read: the text kept, what was left out, and each column's value."""
    original = document.original
    text = document.data.decode("utf-8")
    made = f", text extracted by {document.tool}" if document.tool else ", stored as it is"
    lines = [f"source from {original.path}: {original.description}{made}"]
    lines.append(f"  {sum(bool(line.strip()) for line in text.splitlines()):,} lines, {len(text.split()):,} words")
    lines += [f"  left out: {item}" for item in summarise_left_out(document.left_out)]
    for name in METADATA_HELP:
        value, origin = given.get(name), "given"
        if value is None and name in document.proposals:
            value, origin = document.proposals[name]
            origin = f"proposed from {origin}"
        elif value is None:
            value, origin = ("other", "the default") if name == "kind" else ("", "")
            origin = "missing: give --title" if name in REQUIRED else origin
        lines.append(f"  {name:<10} {shorten(value or '-', 70):<70} {origin}".rstrip())
    return lines


def summarise_left_out(left_out: list[tuple[str, str]]) -> list[str]:
    """Return one line per kind of furniture left out: how many, and the first of them."""
    kinds: dict[str, list[str]] = {}
    for paragraph, why in left_out:
        kinds.setdefault(why, []).append(paragraph)
    return [f"{len(found)} × {why}: '{shorten(found[0], 60)}'" for why, found in kinds.items()]


def _not_confirmed(values: dict, sources_file, yes: bool) -> Problem:
    if yes:  # only a missing title stops --yes
        return Problem(
            sources_file,
            "nothing written: no title found in the document",
            hint="give one with --title 'The title, as the document gives it'",
        )
    missing = "" if values.get("title") else "; and give --title, which the document does not say"
    return Problem(
        sources_file,
        "nothing written: no terminal to confirm the proposed metadata",
        hint=f"re-run with --yes to accept it, or give each column as an option (--title, --author, …){missing}",
    )


def ask_value(name: str, default: str, base, sources_file) -> str:
    """Ask for one column until its value is acceptable: a kind term, a date, a title not empty."""
    from analysis.curation.sources import check_options

    while True:
        answer = ask(f"{name}" + (f" [{default}]" if default else "") + ": ", sources_file).strip() or default
        if answer == EMPTY:
            answer = ""
        if not answer and name in REQUIRED:
            print(f"  {name} is required")
            continue
        try:
            if name == "kind":
                return check_options(base, kind=answer or "other")
            if name == "published":
                check_options(base, published=answer)
        except WorkbookError as exc:
            problem = exc.problems[0]
            print(f"  {problem.message}; {problem.hint}")
            continue
        return answer
