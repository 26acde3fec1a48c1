"""How large an input the workbook reads: generous bounds, checked before a file is read whole.

Data comes from contributors nobody vouches for (see SECURITY.md), so a file, a cell or
a table too large to be honest is refused with one line, quickly, instead of filling the
memory of a CI runner. Each bound is far above the largest real case: the longest shipped
text is 28 KB and the synthetic workbook of `benchmarks/make_corpus.py` has 100,000 claims.

Tested in tests/common/test_limits.py.
"""

import csv
import os
from contextlib import contextmanager
from pathlib import Path

from analysis.common.problems import Problem

MAX_TEXT_BYTES = 2 * 1024**2  # a source text: 70 times the longest shipped one
MAX_SOURCES_BYTES = 256 * 1024**2  # all source texts together: 6,000 times the shipped ones, 25 times make_corpus's
MAX_TABLE_BYTES = 512 * 1024**2  # a CSV table: about 15 times the 100,000-claim workbook's
MAX_RULES_BYTES = 1024**2  # vocabulary.yaml, rules.yaml, lexicon.csv: 20 times the shipped ones
MAX_ROWS = 1_000_000  # rows of a table: 10 times the 100,000-claim workbook
MAX_CELL_CHARS = 131_072  # characters in one CSV field (the csv module's own bound)
MAX_COLUMNS = 200  # columns in a CSV header: the widest table has 19
MAX_ID_DIGITS = 12  # a claim or study id is C or S and 4 to 12 ASCII digits: a trillion ids
MAX_SLUG_CHARS = 60  # a source id or vocabulary slug (it names a report file): what add-source makes of a title
MAX_NAME_CHARS = 200  # a vocabulary label or synonym: the longest shipped has 55
MAX_WORD_CHARS = 50  # a word of a lexicon phrase: the longest shipped has 15, the longest English words 45
MAX_PHRASE_CHARS = 1000  # a lexicon phrase, alternatives and all: the longest shipped has 279
MAX_INTEGER = 10**9  # a whole number in vocabulary.yaml or rules.yaml: ranks, counts, participants are far below
MAX_ORIGINAL_BYTES = 10 * 1024**2  # a web page or PDF given to add-source: pages and PDFs outweigh their text
MAX_PAGE_ELEMENTS = 20_000  # HTML elements of a saved page: news pages have 2,000-8,000; extraction grows as n²
MAX_PDF_PAGES = 1_000  # pages of a PDF given to add-source: an article has tens
MAX_TREE_ENTRIES = 100_000  # files in the claims folder of a revision `changes` reads: a real one has tens
MAX_REVISION_BYTES = 1024**3  # bytes of those files, a file named twice counted twice: two tables at their bound


def refuse_large(path, limit: int, what: str) -> Problem | None:
    """Return a Problem when the file at `path` is larger than `limit` bytes (read from its size, not its bytes)."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return None  # a missing file is reported where it is read
    if size <= limit:
        return None
    return Problem(
        Path(path),
        describe_large(size, limit, what),
        hint="split it, or check that it is the file you meant (see SECURITY.md for the limits)",
    )


def describe_large(size: int, limit: int, what: str) -> str:
    """Return the wording of every size refusal: "the table is larger than the 512 MB the workbook reads (…)"."""
    return f"the {what} is larger than the {format_megabytes(limit)} the workbook reads ({size:,} bytes)"


def format_megabytes(size: int) -> str:
    """Return `size` in MB, without a decimal when it is a whole number ("2 MB", "0.5 MB")."""
    return f"{size / 1024**2:,.{0 if size % 1024**2 == 0 else 1}f} MB"


@contextmanager
def bounded_csv_fields():
    """Make the csv module refuse a field over MAX_CELL_CHARS while the block runs, whatever the process set.

    The bound is the csv module's process-wide `field_size_limit`, which other libraries raise
    when they are imported (frictionless sets it to the largest integer).
    """
    previous = csv.field_size_limit(MAX_CELL_CHARS)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


# Time budgets, in seconds (see analysis.common.budgets; the environment variable named beside each overrides it)
CELL_SECONDS = 600  # GUTBRAIN_CELL_SECONDS: one cell of a report; the slowest shipped cell takes about 5 s
STEP_SECONDS = (
    120  # GUTBRAIN_STEP_SECONDS: one step of validate or build; the 100,000-claim workbook's slowest takes 2 s
)
