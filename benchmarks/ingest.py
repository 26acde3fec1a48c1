"""How long add-source takes on a saved web page and a PDF, and what its furniture filter drops from real articles.

Usage: .venv/bin/python benchmarks/ingest.py [--runs 3] [--articles benchmarks/articles/claims]

Prints three tables, and asserts nothing:

1. The whole command, `python -m analysis add-source FILE --yes`, on the fixtures of
   tests/data/ingest/ (the same article as a saved page and as a PDF), each run into a
   fresh copy of the test workbook: the median wall time of RUNS runs, start-up and the
   validation of the workbook as it would be included, as a curator waits for it.
2. The extraction alone (`analysis.curation.ingest.ingest`), in this process, on the
   fixtures and on larger ones made from them: the page with its article 20 times over
   (about 90 KB) and the PDF's pages 50 times over (100 pages): the median of RUNS runs.
3. The furniture filter (`analysis.curation.boilerplate.why_furniture`) over every line of
   the development articles (scraped text, as received) and of the shipped ones: how
   many lines it would leave out, which, and how many of those hold a curated claim's
   quote (a line holding one is a line the filter must not drop: the goal is 0).
"""

import argparse
import csv
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis.curation.boilerplate import why_furniture  # noqa: E402
from analysis.curation.ingest import ingest  # noqa: E402

FIXTURES = ROOT / "tests" / "data" / "ingest"
WORKBOOK = ROOT / "tests" / "data" / "workbook"
PAGE, PDF = FIXTURES / "fermented-foods-stress.html", FIXTURES / "fermented-foods-stress.pdf"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=Path, default=ROOT / "benchmarks" / "articles" / "claims")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as scratch:
        scratch = Path(scratch)
        print("add-source FILE --yes (whole command, median of", args.runs, "runs)")
        for path in (PAGE, PDF):
            print(f"  {path.name:<32} {time_command(path, scratch, args.runs):6.2f} s")
        print(f"extraction alone (median of {args.runs} runs)")
        for path in (PAGE, make_long_page(scratch), PDF, make_long_pdf(scratch)):
            seconds, document = time_extraction(path, args.runs)
            size = f"{path.stat().st_size / 1024:,.0f} KB"
            text = f"{len(document.data) / 1024:,.0f} KB of text"
            print(f"  {path.name:<32} {size:>9} -> {text:<16} {seconds:6.3f} s")
    print("furniture filter over the articles' lines")
    for folder in (args.articles, ROOT / "claims"):
        report_furniture(folder)
    return 0


def time_command(path: Path, scratch: Path, runs: int) -> float:
    seconds = []
    for run in range(runs):
        claims = scratch / f"claims-{path.suffix[1:]}-{run}"
        shutil.copytree(WORKBOOK, claims)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "analysis", "add-source", str(path), "--yes", "--claims-dir", str(claims)],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
        )
        seconds.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"add-source failed on {path}: {done.stderr.strip()}")
    return statistics.median(seconds)


def time_extraction(path: Path, runs: int):
    seconds, document = [], None
    for _ in range(runs):
        started = time.perf_counter()
        document = ingest(path)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), document


def make_long_page(scratch: Path) -> Path:
    """The fixture page with its article's body 20 times over, numbered so that no paragraph repeats."""
    page = PAGE.read_text(encoding="utf-8")
    start, end = page.index('<div class="article-body"'), page.index("</article>")
    body = page[start:end]
    copies = "".join(body.replace("<p>", f"<p>Part {n}. ") for n in range(20))
    path = scratch / "long-page.html"
    path.write_text(page[:start] + copies + page[end:], encoding="utf-8")
    return path


def make_long_pdf(scratch: Path) -> Path:
    """The fixture PDF's two pages 50 times over: a 100-page PDF."""
    from pypdf import PdfReader, PdfWriter

    reader, writer = PdfReader(PDF), PdfWriter()
    for _ in range(50):
        for page in reader.pages:
            writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = scratch / "long.pdf"
    path.write_bytes(buffer.getvalue())
    return path


def report_furniture(folder: Path) -> None:
    if not (folder / "sources.csv").is_file():
        print(f"  {folder}: no sources.csv, left out")
        return
    quotes = read_quotes(folder / "claims.csv")
    texts = sorted((folder / "sources").glob("*.txt"))
    lines = [(p.stem, line.strip()) for p in texts for line in p.read_text(encoding="utf-8").splitlines()]
    dropped = [(source, line, why) for source, line in lines if line and (why := why_furniture(line))]
    holding = [d for d in dropped if any(q and q in " ".join(d[1].split()) for q in quotes.get(d[0], ()))]
    shown = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
    print(f"  {shown}: {len(texts)} articles, {sum(bool(line) for _, line in lines):,} lines")
    print(f"    left out: {len(dropped)} lines; holding a curated claim: {len(holding)}")
    for source, line, why in dropped:
        print(f"      {source}: {line[:70]!r} ({why})")


def read_quotes(path: Path) -> dict[str, list[str]]:
    quotes: dict[str, list[str]] = {}
    if path.is_file():
        with open(path, newline="", encoding="utf-8") as file:
            for row in csv.DictReader(file):
                quotes.setdefault(row["source_id"], []).append(" ".join(row["quote"].split()))
    return quotes


if __name__ == "__main__":
    sys.exit(main())
