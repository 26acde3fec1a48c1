"""Bad files, fuzzed: whatever a workbook file holds, loading it succeeds or is refused with a message.

Random bytes, random byte-level mutations and random cell edits of tests/data/workbook's
files go through `load_workbook` (which runs `validate_workbook`). The only exception
allowed out is the workbook's own `WorkbookError`, carrying problems that each say
something, and nothing on disk may change. FUZZ_EXAMPLES sets the number of examples
of the claims.csv test (default 1,000; a quarter of that for the other files), e.g.
`FUZZ_EXAMPLES=100 pytest tests/test_fuzz.py` for a quick run.
"""

import csv
import hashlib
import io
import itertools
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis import load_workbook, validate_workbook
from analysis.common.problems import Problem, WorkbookError

pytestmark = pytest.mark.slow  # thousands of generated workbooks: `make check` leaves it to `make test`

WORKBOOK = Path(__file__).parent / "data" / "workbook"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 1000))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FILES = {
    name: (WORKBOOK / name).read_bytes()
    for name in ("claims.csv", "sources.csv", "vocabulary.yaml", "reviewed_non_claims.csv")
}
# Bytes and texts that mean something to a CSV reader, to UTF-8, to the vocabulary or to a spreadsheet.
SPECIAL_BYTES = [
    b'"',
    b",",
    b"\n",
    b"\r",
    b"\r\n",
    b"\x00",
    b";",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b" ",
    b"\t",
    b"\x1b",
    b"=",
    b"#",
    b":",
    b"- ",
    b"{",
    b"[",
    b"&a",
    b"*a",
    b"!!python/object:x",
]
SPECIAL_TEXTS = [
    "",
    " ",
    "none",
    "none;speculative",
    ";",
    "anxiety;;mood",
    "rct",
    "RCT",
    "C0001",
    "C1",
    "C99999999999",
    "probiotics-news",
    "diet-blog",
    "../x",
    "nan",
    "NaN",
    "None",
    "null",
    "True",
    "1e308",
    "-0",
    "\u00a0",
    "\ufeff",
    "\u202e",
    "\ud7ff",
    "=1+1",
    "\n",
    "\r\n",
    '"',
    "0" * 300,
]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


@st.composite
def byte_mutations(draw, original: bytes) -> bytes:
    """`original` with a few random insertions, deletions, replacements, and line drops, copies or swaps."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "drop line", "copy line", "swap lines", "cut"]))
        if kind == "insert":
            data[at:at] = draw(st.one_of(st.sampled_from(SPECIAL_BYTES), st.binary(min_size=1, max_size=8)))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif kind == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:]
        else:
            lines = _lines(bytes(data))
            if not lines:
                continue
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if kind == "drop line":
                del lines[i]
            elif kind == "copy line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"".join(lines))
    return bytes(data)


@st.composite
def cell_edits(draw, original: bytes) -> bytes:
    """`original` read as CSV, with a few cells (header included) set to random or tricky text, written back."""
    rows = list(csv.reader(io.StringIO(original.decode("utf-8"), newline="")))
    for _ in range(draw(st.integers(1, 4))):
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(rows[row])))
        value = draw(
            st.one_of(
                st.text(max_size=30),
                st.sampled_from(SPECIAL_TEXTS),
                st.sampled_from([r[min(column, len(r) - 1)] for r in rows]),
            )
        )
        if column == len(rows[row]):
            rows[row].append(value)  # one field too many
        else:
            rows[row][column] = value
    text = io.StringIO()
    csv.writer(text, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return text.getvalue().encode(encoding, errors="surrogateescape" if encoding == "utf-8" else "replace")


def contents(name: str):
    original = FILES[name]
    kinds = [st.binary(max_size=2048), byte_mutations(original)]
    if name.endswith(".csv"):
        kinds.append(cell_edits(original))
    return st.one_of(*kinds)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A copy of tests/data/workbook that each example writes one file of; the others are restored."""
    target = tmp_path_factory.mktemp("fuzz") / "claims"
    shutil.copytree(WORKBOOK, target)
    return target


_stamps = itertools.count(1)


def write_example(folder: Path, name: str, content: bytes) -> None:
    """Write `content` to `name` and restore any other file an earlier example changed.

    Loading caches by file name, size and modification time, so each file written gets a
    new modification time (that each example is read afresh); files left alone keep
    theirs, so that the vocabulary is not parsed again for every example.
    """
    for other, original in FILES.items():
        path = folder / other
        wanted = content if other == name else original
        if other == name or path.read_bytes() != wanted:
            path.write_bytes(wanted)
            stamp = next(_stamps) * 1_000_000_000
            os.utime(path, ns=(stamp, stamp))


def hash_folder(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        if path.is_file():
            stat = path.stat()
            digest.update(path.read_bytes() + f"\0{stat.st_mtime_ns}\0{stat.st_mode}".encode())
    return digest.hexdigest()


def check_loads_or_is_refused(folder: Path, name: str, content: bytes) -> None:
    write_example(folder, name, content)
    before = hash_folder(folder)
    try:
        workbook = load_workbook(folder)
    except WorkbookError as exc:
        assert exc.problems, "a WorkbookError without problems"
        for problem in exc.problems:
            assert isinstance(problem, Problem) and problem.message.strip() and str(problem).strip()
    else:
        assert len(workbook.claims) == workbook.claims["claim_id"].nunique()
    assert hash_folder(folder) == before, "loading changed the files on disk"


@FUZZ
@given(content=contents("claims.csv"))
@example(content=b"")
@example(content=b"\x00")
@example(content=FILES["claims.csv"].replace(b"C0001", b'"C0001\n"'))
@example(content=FILES["claims.csv"].splitlines(keepends=True)[0])
@example(content=FILES["claims.csv"].replace(b",anxiety,", b",\xff\xfe,"))
@example(content=b"claim_id,conditions,conditions,interventions\nC0001,anxiety,mood,probiotics\n")  # crashed once
def test_any_claims_file_loads_or_is_refused_with_a_message(folder, content):
    check_loads_or_is_refused(folder, "claims.csv", content)


@settings(FUZZ, max_examples=max(EXAMPLES // 4, 1))
@given(name=st.sampled_from(["sources.csv", "vocabulary.yaml", "reviewed_non_claims.csv"]), data=st.data())
def test_any_other_file_loads_or_is_refused_with_a_message(folder, name, data):
    check_loads_or_is_refused(folder, name, data.draw(contents(name), label=name))


@pytest.mark.parametrize(
    "entry",
    [
        "  gut-microbiome:\n",  # a term with no entry at all: crashed once (a ParserError)
        "  tagged:\n    label: !!python/object:os.system x\n    definition: y\n    rank: 12\n    weight: 0\n",
    ],
)
def test_a_vocabulary_entry_that_is_no_mapping_or_has_a_tag_is_refused(folder, entry):
    text = FILES["vocabulary.yaml"].decode("utf-8").replace("  observational:\n", entry + "  observational:\n", 1)
    write_example(folder, "vocabulary.yaml", text.encode("utf-8"))
    errors = [str(p) for p in validate_workbook(folder).errors]
    assert len(errors) == 1 and "vocabulary.yaml" in errors[0], errors


def test_validate_returns_problems_and_never_raises_for_a_broken_file(folder):
    write_example(folder, "claims.csv", b'claim_id,quote\n"C0001,unterminated\n')
    result = validate_workbook(folder)
    assert result.errors and all(p.message for p in result.errors)
