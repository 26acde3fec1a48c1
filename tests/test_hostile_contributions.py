"""The hostile-contribution suite: one test per promise of SECURITY.md, each on a small hostile claims folder.

Each test takes the small test workbook, makes one change a hostile pull request could
send, and checks what a curator or CI would see: `validate` refuses it in one line that
names the file (exit 1, no traceback), the loader raises the same clear error, or the
value comes out inert. tests/test_hostile.py checks, in Chromium, that markup in every
text column shows as text; benchmarks/hostile_stress.py throws thousands of generated
folders at the same code, and `test_the_stress_script_finds_no_traceback` runs a sample.
"""

import csv
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import load_workbook
from analysis.cli.main import main
from analysis.common.problems import WorkbookError
from conftest import edit_claims, replace_in
from git_history import commit_entries, make_history, write_blob

pytestmark = (
    pytest.mark.slow
)  # each hostile folder through the whole command line: `make check` leaves it to `make test`

ROOT = Path(__file__).resolve().parents[1]
DIET = "sources/diet-blog.txt"


def point_diet_blog_at(claims_dir: Path, path: str) -> None:
    """Make the diet-blog source row name `path` instead of its text."""
    replace_in(claims_dir / "sources.csv", DIET, path)


def symlink_source(claims_dir: Path, target: str) -> None:
    """Replace the diet-blog text by a symbolic link to `target`."""
    (claims_dir / DIET).unlink()
    os.symlink(target, claims_dir / DIET)


def truncate(path: Path, size: int) -> None:
    """Make `path` `size` bytes long without writing them (a sparse file)."""
    with open(path, "r+b") as handle:
        handle.truncate(size)


def set_cell(claims_dir: Path, table: str, column: str, value: str) -> None:
    """Put `value` in `column` of the first data row of `table`."""
    with open(claims_dir / table, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index(column)] = value
    with open(claims_dir / table, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def add_to_yaml(claims_dir: Path, name: str, text: str) -> None:
    """Append `text` to the YAML file `name` (rules.yaml is copied from the shipped one first)."""
    path = claims_dir / name
    if not path.exists():
        path.write_bytes((ROOT / "claims" / name).read_bytes())
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


ALIAS_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)
)  # 570 bytes, 10**10 values once expanded: it once hung every command, --help included


def put_alias_bomb(claims_dir: Path, name: str) -> None:
    """Put ALIAS_BOMB atop the YAML file `name`, and an alias to its last anchor in a term's label."""
    add_to_yaml(claims_dir, name, "")
    path = claims_dir / name
    path.write_text(ALIAS_BOMB + path.read_text(encoding="utf-8"), encoding="utf-8")
    if name == "vocabulary.yaml":
        replace_in(path, "    label: Anxiety\n", "    label: *a9\n")


def add_extra_columns(claims_dir: Path, count: int) -> None:
    """Add `count` columns to the header of claims.csv (the rows keep theirs)."""
    path = claims_dir / "claims.csv"
    header, rows = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(header + "".join(f",x{n}" for n in range(count)) + "\n" + rows, encoding="utf-8")


def rename_source(claims_dir: Path, old: str, new: str) -> None:
    """Give source `old` the id `new` in sources.csv and in every claim that names it."""
    for table in ("sources.csv", "claims.csv"):
        replace_in(claims_dir / table, f"{old},", f"{new},", count=-1)


HOSTILE = {  # what the pull request sends: (how to make it, what the one line says)
    "traversal": (lambda d: point_diet_blog_at(d, "../../../../etc/passwd"), "climbs out of the claims folder"),
    "absolute path": (lambda d: point_diet_blog_at(d, "/etc/passwd"), "is an absolute path"),
    "device path": (lambda d: point_diet_blog_at(d, "/dev/zero"), "is an absolute path"),
    "symlink out": (lambda d: symlink_source(d, "/etc/passwd"), "leads outside the claims folder's sources/"),
    "symlink to a device": (lambda d: symlink_source(d, "/dev/zero"), "leads outside the claims folder's sources/"),
    "link loop": (lambda d: symlink_source(d, "diet-blog.txt"), "is a loop of symbolic links"),
    "source is a directory": (lambda d: ((d / DIET).unlink(), (d / DIET).mkdir()), "is not a regular file"),
    "source is a pipe": (lambda d: ((d / DIET).unlink(), os.mkfifo(d / DIET)), "is not a regular file"),
    "huge source file": (lambda d: truncate(d / DIET, 3 * 1024**2), "larger than the 2 MB"),
    "huge claims file": (lambda d: truncate(d / "claims.csv", 600 * 1024**2), "larger than the 512 MB"),
    "huge cell": (lambda d: set_cell(d, "claims.csv", "notes", "w" * 200_000), "131,072"),
    "bidi override in an id": (lambda d: set_cell(d, "claims.csv", "claim_id", "C00\u202e01"), "C00\\u202e01"),
    "zero-width space in a term": (
        lambda d: replace_in(d / "vocabulary.yaml", "  depression:", "  depre\u200bssion:"),
        "\\u200b",
    ),
    "YAML python tag": (
        lambda d: replace_in(
            d / "vocabulary.yaml", "    label: Anxiety", "    label: !!python/object/apply:os.system [id]"
        ),
        "vocabulary.yaml",
    ),
    "YAML nested without end": (lambda d: add_to_yaml(d, "rules.yaml", "deep: " + "[" * 5000), "nested more than"),
    "rules of the wrong shape": (
        lambda d: (d / "rules.yaml").write_text("grading: {}\nflags: 7\n", encoding="utf-8"),  # one flags: key
        "flags must be a mapping",
    ),
    "rules missing a list": (
        lambda d: (add_to_yaml(d, "rules.yaml", ""), replace_in(d / "rules.yaml", "  body_placements: [body]\n", "")),
        "flags must list body_placements",
    ),
    "rules not UTF-8": (lambda d: (d / "rules.yaml").write_bytes(b"grading: \xff\xfe\n"), "not UTF-8 text"),
    "YAML alias bomb in the vocabulary": (
        lambda d: put_alias_bomb(d, "vocabulary.yaml"),
        "vocabulary.yaml:1: YAML anchors and aliases are not read (value '&a0')",
    ),
    "YAML alias bomb in the rules": (
        lambda d: put_alias_bomb(d, "rules.yaml"),
        "rules.yaml:1: YAML anchors and aliases are not read (value '&a0')",
    ),
    "YAML key written twice": (lambda d: add_to_yaml(d, "rules.yaml", "grading: {}\n"), "written twice"),
    "YAML key that is not text": (
        lambda d: replace_in(d / "vocabulary.yaml", "  depression:\n", "  yes:\n"),
        "a key must be text (value 'yes')",
    ),
    "YAML number of 5,000 digits": (
        lambda d: (add_to_yaml(d, "rules.yaml", ""), replace_in(d / "rules.yaml", ": 100\n", ": " + "9" * 5000 + "\n")),
        "a whole number larger than 1,000,000,000",
    ),
    "claim id in fullwidth digits": (
        lambda d: set_cell(d, "claims.csv", "claim_id", "C\uff10\uff10\uff10\uff11"),
        "must be C followed by 4 to 12 digits 0-9",
    ),
    "claim id of 5,000 digits": (
        lambda d: set_cell(d, "claims.csv", "claim_id", "C" + "1" * 5000),
        "must be C followed by 4 to 12 digits 0-9",
    ),
    "source id of 5,000 characters": (
        lambda d: rename_source(d, "probiotics-news", "p" * 5000),
        "at most 60 characters",
    ),
    "label of 5,000 characters": (
        lambda d: replace_in(d / "vocabulary.yaml", "    label: Anxiety\n", "    label: " + "A" * 5000 + "\n"),
        "longer than 200 characters",
    ),
    "header of 400,000 columns": (lambda d: add_extra_columns(d, 400_000), "the header has 400,015 columns"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_validate_refuses_it_in_one_line_naming_the_file(workbook_dir, capsys, name):
    make, says = HOSTILE[name]
    make(workbook_dir)
    status = main(["validate", "--quiet", "--claims-dir", str(workbook_dir)])
    errors = capsys.readouterr().err.splitlines()
    assert status == 1
    assert len(errors) == 1, errors
    assert says in errors[0] and str(workbook_dir) in errors[0]
    assert "Traceback" not in errors[0] and "internal error" not in errors[0]


@pytest.mark.parametrize("name", HOSTILE)
def test_the_loader_raises_the_same_clear_error(workbook_dir, name):
    make, says = HOSTILE[name]
    make(workbook_dir)
    with pytest.raises(WorkbookError) as caught:
        load_workbook(workbook_dir)
    assert any(says in str(problem) for problem in caught.value.problems)


def test_a_refused_source_path_reads_nothing(workbook_dir, tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=hunter2\n")
    symlink_source(workbook_dir, str(secret))
    replace_in(
        workbook_dir / "sources.csv",
        hashlib.sha256((ROOT / "tests/data/workbook" / DIET).read_bytes()).hexdigest(),
        hashlib.sha256(secret.read_bytes()).hexdigest(),
    )
    main(["validate", "--claims-dir", str(workbook_dir)])
    main(["coverage", "--claims-dir", str(workbook_dir)])
    assert "hunter2" not in "".join(capsys.readouterr())


def test_a_sources_folder_linked_out_of_the_workbook_reads_nothing(workbook_dir, tmp_path, capsys):
    outside = tmp_path / "home"
    (workbook_dir / "sources").rename(outside)
    (outside / "diet-blog.txt").write_text("TOKEN=hunter2\n")  # what a link to a home folder would find
    replace_in(
        workbook_dir / "sources.csv",
        hashlib.sha256((ROOT / "tests/data/workbook" / DIET).read_bytes()).hexdigest(),
        hashlib.sha256(b"TOKEN=hunter2\n").hexdigest(),
    )
    os.symlink(outside, workbook_dir / "sources", target_is_directory=True)
    assert main(["validate", "--claims-dir", str(workbook_dir)]) == 1
    main(["coverage", "--claims-dir", str(workbook_dir)])
    out, err = capsys.readouterr()
    assert "hunter2" not in out + err
    assert "leads outside the claims folder's sources/ (through a symbolic link)" in err


def test_a_formula_cell_is_exported_inert(workbook_dir, tmp_path):
    formula = '=HYPERLINK("http://evil.example","Click")'
    set_cell(workbook_dir, "claims.csv", "notes", formula)
    set_cell(workbook_dir, "sources.csv", "title", "@SUM(A1:A9)")
    assert main(["export", "--claims-dir", str(workbook_dir), "--output", str(tmp_path / "out")]) == 0
    cells = [
        cell
        for table in (tmp_path / "out").glob("*.csv")
        for row in csv.reader(table.open(newline="", encoding="utf-8"))
        for cell in row
    ]
    assert f"'{formula}" in cells and "'@SUM(A1:A9)" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@")) or cell.startswith("-") and cell != "-"]


def test_a_lexicon_word_of_500_characters_is_refused_in_one_line(workbook_dir, monkeypatch, capsys):
    """The trie of the lexicon's first words nested past Python's recursion limit: 'internal error', exit 70."""
    lexicon = workbook_dir / "lexicon.csv"
    lexicon.write_bytes((ROOT / "claims" / "lexicon.csv").read_bytes() + b"x" * 500 + b",hedge,speculative,1,note\n")
    monkeypatch.setattr("analysis.language.lexicon._default_path", lambda: str(lexicon))  # as claims/lexicon.csv
    assert main(["validate", "--quiet", "--claims-dir", str(workbook_dir)]) == 1
    (error,) = capsys.readouterr().err.splitlines()
    assert "lexicon.csv:" in error and "column 'phrase': too long: a word may have 50 characters" in error


def test_the_alias_bomb_leaves_help_alone(tmp_path):
    """--help reads the shipped vocabulary for its lists of terms: a bomb there once hung it past 60 s."""
    put_alias_bomb(tmp_path, "vocabulary.yaml")
    result = subprocess.run(
        [sys.executable, "-c", HELP_WITH_VOCABULARY, str(tmp_path / "vocabulary.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "--conditions" in result.stdout and not result.stderr, result.stderr


HELP_WITH_VOCABULARY = """
import sys
import time
from pathlib import Path
from analysis.common import paths
paths.vocabulary_path = lambda claims_dir=None: Path(sys.argv[1])
from analysis.cli.main import main
sys.exit(main(["add-claim", "--help"]))
"""


def test_a_label_in_dollar_signs_builds_as_text(workbook_dir, tmp_path):
    """`Anxiety $\\foo$` passed validate, then matplotlib read it as mathtext: 6 reports failed with a traceback."""
    replace_in(workbook_dir / "vocabulary.yaml", "    label: Anxiety\n", "    label: 'Anxiety $\\foo$'\n")
    page = tmp_path / "overview.html"
    command = ["report", "overview", "--claims-dir", str(workbook_dir), "--output", str(page)]
    result = subprocess.run([sys.executable, "-m", "analysis", *command], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert "Anxiety $\\foo$" in html and "Traceback" not in html and "This report failed" not in html


def test_a_formula_behind_white_space_or_in_fullwidth_is_exported_inert(workbook_dir, tmp_path):
    cells = {"notes": ' =HYPERLINK("http://evil.example")', "citation": "\u00a0@SUM(A1)", "claim": "\uff1d1+1"}
    for column, value in cells.items():
        set_cell(workbook_dir, "claims.csv", column, value)
    assert main(["export", "--claims-dir", str(workbook_dir), "--output", str(tmp_path / "out")]) == 0
    with open(tmp_path / "out" / "claims.csv", newline="", encoding="utf-8-sig") as handle:
        first = next(csv.DictReader(handle))
    assert {column: first[column] for column in cells} == {column: "'" + value for column, value in cells.items()}


def test_the_hostile_fixture_puts_markup_in_every_text_column():
    """tests/test_hostile.py shows these pages in Chromium: every free-text column must carry a payload there."""
    hostile = ROOT / "tests" / "data" / "hostile"
    text_columns = {
        "claims.csv": ["quote", "claim", "citation", "notes"],
        "sources.csv": ["title", "publisher", "author"],
    }
    for table, columns in text_columns.items():
        rows = list(csv.DictReader((hostile / table).open(newline="", encoding="utf-8")))
        for column in columns:
            assert any("<" in row[column] or row[column].startswith("=") for row in rows), (table, column)


def test_the_stress_script_finds_no_traceback():
    result = subprocess.run(
        [sys.executable, "benchmarks/hostile_stress.py", "--count", "60", "--jobs", "1", "--seed", "7"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "tracebacks: 0\n" in result.stdout and "hangs: 0\n" in result.stdout, result.stdout
    assert "cases a dead worker left: 0\n" in result.stdout, result.stdout


# --- algorithmic traps: text that made validate, coverage or suggest run for minutes (issue 25) ------


def rewrite_diet_blog(claims_dir: Path, text: str) -> None:
    """Replace the diet-blog text by `text`, its sha256 in sources.csv made to match."""
    path = claims_dir / DIET
    old = hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_text(text, encoding="utf-8")
    replace_in(claims_dir / "sources.csv", old, hashlib.sha256(path.read_bytes()).hexdigest())


def diet_blog(claims_dir: Path) -> str:
    return (claims_dir / DIET).read_text(encoding="utf-8")


def run_commands(claims_dir: Path, capsys, *commands) -> list[tuple[int, list[str]]]:
    """Run each command on `claims_dir`; return its exit status and error lines."""
    results = []
    for command in commands:
        status = main([*command, "--claims-dir", str(claims_dir)])
        results.append((status, capsys.readouterr().err.splitlines()))
    return results


def test_a_lexicon_phrase_of_many_gaps_over_repeated_words(workbook_dir, capsys):
    """One regular expression with a gap per '...' backtracked exponentially: 14 gaps ran for minutes."""
    lexicon = (ROOT / "claims" / "lexicon.csv").read_text(encoding="utf-8")
    gaps = " ... ".join(["gut"] * 31) + " zzz"
    (workbook_dir / "lexicon.csv").write_text(lexicon + f"{gaps},hedge,speculative,1.0,hostile\n", encoding="utf-8")
    rewrite_diet_blog(workbook_dir, diet_blog(workbook_dir) + "\n" + "gut " * 300 + "brain.\n")
    results = run_commands(workbook_dir, capsys, ["validate", "--quiet"], ["suggest", "diet-blog"])
    assert results == [(0, []), (0, [])]


def test_a_long_quote_missing_from_a_repetitive_source(workbook_dir, capsys):
    """difflib scored every window of the text against the quote: minutes for 2,000 characters in 6 KB."""
    rewrite_diet_blog(workbook_dir, diet_blog(workbook_dir) + ("abc " * 60 + ". ") * 25 + "\n")
    edit_claims(workbook_dir, {"C0008": {"quote": "acb " * 500}})
    [(status, errors)] = run_commands(workbook_dir, capsys, ["validate", "--quiet"])
    assert status == 1 and len(errors) == 1, errors
    assert "quote not found in source 'diet-blog'" in errors[0] and str(workbook_dir) in errors[0]


def test_a_source_of_one_line_of_160_kb(workbook_dir, capsys):
    """Sentence splitting searched each line from its start at every full stop: 61 s."""
    line = "Dr. Smith said e.g. kefir helps. It helps! " * 3_800
    rewrite_diet_blog(workbook_dir, diet_blog(workbook_dir) + line + "\n")
    results = run_commands(workbook_dir, capsys, ["validate", "--quiet"], ["coverage", "--source", "diet-blog"])
    assert results[0] == (0, [])
    assert results[1][0] == 1 and len(results[1][1]) == 1  # coverage lists the uncovered sentences, then says so
    assert results[1][1][0].startswith("incomplete: diet-blog;")


def test_thousands_of_rows_of_one_claim_id(workbook_dir, capsys):
    """Each duplicate id's hint searched the whole column again for the next free id: 6,000 copies, over 60 s."""
    claims = workbook_dir / "claims.csv"
    table = claims.read_text(encoding="utf-8")
    claims.write_text(table + (table.splitlines()[1] + "\n") * 6_000, encoding="utf-8")
    started = time.perf_counter()
    [(status, errors)] = run_commands(workbook_dir, capsys, ["validate", "--quiet"])
    assert time.perf_counter() - started < 10
    duplicates = [e for e in errors if "duplicate claim_id" in e]
    assert status == 1 and len(duplicates) == 6_001  # every copy is told, none is lost
    assert all(e.endswith("give this claim a new id (next free: C0011)") for e in duplicates)


def test_a_sentence_of_thousands_of_imperatives_as_a_quote(workbook_dir, capsys):
    """Each imperative, if-clause and negation searched its sentence from the start: quadratic."""
    sentence = "So eat " + "people eat well, if it helps, and did not reduce it; " * 2_000 + "eat more."
    rewrite_diet_blog(workbook_dir, diet_blog(workbook_dir) + sentence + "\n")
    edit_claims(workbook_dir, {"C0008": {"quote": sentence}})
    results = run_commands(workbook_dir, capsys, ["validate", "--quiet"], ["coverage", "--source", "diet-blog"])
    assert results[0] == (0, [])
    assert results[1][0] == 1 and len(results[1][1]) == 1  # coverage lists the uncovered sentences, then says so
    assert results[1][1][0].startswith("incomplete: diet-blog;")


# --- output commands never write into the claims folder (issue 25) ---------------------------------


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (["agreement", "{claims}/claims.csv", "{claims}/claims.csv", "--csv", "{target}"], "--csv"),
        (["agreement", "{claims}/claims.csv", "{claims}/claims.csv", "--html", "{target}"], "--html"),
        (["changes", "HEAD", "--markdown", "{target}"], "--markdown"),
        (["export", "--output", "{target}"], "--output"),
        (["report", "overview", "--output", "{target}"], "--output"),
        (["build", "--output", "{target}"], "--output"),
    ],
)
def test_an_output_command_refuses_to_write_into_the_claims_folder(workbook_dir, capsys, command, option):
    target = workbook_dir / ("sources/diet-blog.txt" if option != "--output" or "build" in command else "claims.csv")
    before = {path: path.read_bytes() for path in workbook_dir.rglob("*") if path.is_file()}
    argv = [part.format(claims=workbook_dir, target=target) for part in command]
    assert main([*argv, "--claims-dir", str(workbook_dir)]) == 1
    [error] = capsys.readouterr().err.splitlines()
    assert error == (
        f"{target}: is inside the claims folder, where only the curator's commands write; "
        f"give {option} a path outside claims/, such as one under reports/"
    )
    assert {path: path.read_bytes() for path in workbook_dir.rglob("*") if path.is_file()} == before


def test_strength_refuses_to_write_into_the_projects_claims_folder(tmp_path, capsys):
    target = ROOT / "claims" / "labelled.csv"  # strength takes no --claims-dir: the project's folder is refused
    (tmp_path / "in.csv").write_text("sentence\nProbiotics may help.\n", encoding="utf-8")
    try:
        assert main(["strength", "--input", str(tmp_path / "in.csv"), "--output", str(target)]) == 1
    finally:
        exists = target.exists()
        target.unlink(missing_ok=True)
    assert not exists
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith(
            "is inside the claims folder, where only the curator's commands write; "
            "give --output a path outside claims/, such as one under reports/"
        )
    )


# --- a hostile old revision: what `changes REV` copies out of git (issue 25 item 6) ---------------------

HOSTILE_TREES = {  # what the old commit holds in claims/: (folder, how many names, blob size, what the line says)
    "200,000 empty files": ("many", 200_000, 0, "holds more than 100,000 entries"),
    "20 names of one 50 MB text": ("sources", 20, 50 * 1024**2, "sources/0.txt is larger than the 2 MB"),
    "25 names of one 50 MB table": ("", 25, 50 * 1024**2, "is larger than the 1,024 MB the workbook reads"),
}


@pytest.mark.parametrize("name", HOSTILE_TREES)
def test_a_hostile_old_revision_is_refused_in_one_line_before_writing(tmp_path, monkeypatch, capsys, name):
    """20 names of one 50 MB blob once wrote 1 GB to the temporary folder; 100,000 empty files took 53 s."""
    folder, count, size, says = HOSTILE_TREES[name]
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setattr("analysis.changes.trees._copy_blobs", lambda *args: pytest.fail("a file was written"))
    repo = make_history(tmp_path)
    blob = write_blob(repo, b"x" * size)
    commit_entries(repo, folder, [(f"{n}.{'csv' if folder == '' else 'txt'}", blob) for n in range(count)])
    started = time.perf_counter()
    status = main(["changes", "HEAD", "--claims-dir", str(repo / "claims")])
    errors = capsys.readouterr().err.splitlines()
    assert time.perf_counter() - started < 10
    assert status == 1 and len(errors) == 1, errors
    assert says in errors[0] and "Traceback" not in errors[0] and "internal error" not in errors[0]
