"""Hostile changes to a claims folder, each a function `change(folder, rng)`: what an untrusted pull request may send.

`hostile_stress.py` draws one to three of them per generated folder. Each name says what the
change sends; the functions write files only inside `folder` (links may point out of it).
"""

import csv
import hashlib
import io
import os
import random
from pathlib import Path

from analysis.common.limits import MAX_COLUMNS

TABLES = ("claims.csv", "sources.csv", "studies.csv", "reviewed_non_claims.csv", "lexicon.csv")
YAMLS = ("vocabulary.yaml", "rules.yaml")
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u2066", "\u2067", "\u061c"]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\x9b"]
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    " =1+1",  # a formula behind white space or in fullwidth, which spreadsheets still run
    "\u00a0=1+1",
    '\n=HYPERLINK("http://x")',
    "\t=1",
    "\uff1d1+1",
    "\uff0bcmd",
    "{{ 7*7 }}",
    "${7*7}",
    "'; DROP TABLE claims; --",
    "%s%s%s%n",
    "\\x00",
    "../../etc/passwd",
    "a" * 5000,
    "",
    " ",
    "NaN",
    "None",
    "null",
    "True",
    "1e309",
    "-0",
    "0x1F",
    "\N{PILE OF POO}" * 50,
    "e\u0301" * 300,
]
ESCAPING_PATHS = [
    "../../../etc/passwd",
    "/etc/passwd",
    "sources/../../claims.csv",
    "sources/../sources.csv",
    "..\\..\\etc\\passwd",
    "file:///etc/passwd",
    "~/.ssh/id_rsa",
    "/dev/zero",
    "/dev/stdin",
    "/proc/self/environ",
    "sources",
    "sources/.",
    "sources/",
    "",
    "sources/" + "a" * 5000 + ".txt",
    "sources/diet-blog.txt/..",
    "sources/nul\x00.txt",
    "sources/\u202etxt.exe",
    "SOURCES/diet-blog.txt",
    "./sources/diet-blog.txt",
    "sources//diet-blog.txt",
]
LINK_TARGETS = ["/etc/passwd", "/dev/zero", "/dev/urandom", "../claims.csv", "..", "/", "/proc/self/mem", "loop.txt"]


def read_rows(path: Path) -> list[list[str]]:
    """Return the rows of a CSV file (header first)."""
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    """Write `rows` as CSV."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(folder: Path, table: str, rng: random.Random, value: str, column: str | None = None) -> None:
    """Put `value` into a random data cell of `table` (in `column`, if given)."""
    rows = read_rows(folder / table)
    if len(rows) < 2:
        rows.append([""] * len(rows[0]))
    row = rng.randrange(1, len(rows))
    col = rows[0].index(column) if column in rows[0] else rng.randrange(len(rows[0]))
    rows[row][col] = value
    write_rows(folder / table, rows)


def escaping_source_path(folder: Path, rng: random.Random) -> None:
    """A source row whose path leaves claims/sources/ (its sha256 made to match, when the target is readable)."""
    path = rng.choice(ESCAPING_PATHS)
    set_cell(folder, "sources.csv", rng, path, "path")


def linked_source(folder: Path, rng: random.Random) -> None:
    """A source text that is a symbolic link out of the folder, to a device, or to itself."""
    link = folder / "sources" / rng.choice(["diet-blog.txt", "link.txt"])
    link.unlink(missing_ok=True)
    target = rng.choice(LINK_TARGETS)
    os.symlink(target if target != "loop.txt" else link.name, link)
    set_cell(folder, "sources.csv", rng, f"sources/{link.name}", "path")


def linked_sources_folder(folder: Path, rng: random.Random) -> None:
    """The sources/ folder itself a symbolic link to a folder outside the claims folder, texts and all."""
    outside = folder.parent / f"outside-{rng.randrange(10**6)}"
    (folder / "sources").rename(outside)
    os.symlink(outside, folder / "sources", target_is_directory=True)


def special_source(folder: Path, rng: random.Random) -> None:
    """A source text that is a folder or a named pipe (reading a pipe would block forever)."""
    special = folder / "sources" / "probiotics-news.txt"
    special.unlink()
    if rng.random() < 0.5:
        special.mkdir()
    else:
        os.mkfifo(special)


def huge_source(folder: Path, rng: random.Random) -> None:
    """A source text of 3 to 50 MB (sparse: written in no time)."""
    with open(folder / "sources" / "diet-blog.txt", "r+b") as handle:
        handle.truncate(rng.randint(3, 50) * 1024**2)


def huge_table(folder: Path, rng: random.Random) -> None:
    """A CSV table or YAML file far over its bound (sparse)."""
    name = rng.choice(TABLES + YAMLS)
    with open(folder / name, "r+b") as handle:
        handle.truncate(rng.choice([2, 600]) * 1024**2)


def many_rows(folder: Path, rng: random.Random) -> None:
    """A claims or reviewed table with hundreds of thousands of short rows."""
    name = rng.choice(["claims.csv", "reviewed_non_claims.csv"])
    with open(folder / name, "a", encoding="utf-8") as handle:
        handle.write("x\n" * rng.choice([1_000, 300_000]))


def huge_cell(folder: Path, rng: random.Random) -> None:
    """A cell of 100,000 to 2,000,000 characters."""
    set_cell(folder, rng.choice(TABLES), rng, "w" * rng.choice([100_000, 140_000, 2_000_000]))


def invisible_in_id(folder: Path, rng: random.Random) -> None:
    """A zero-width or bidirectional character in a claim id, source id or term list."""
    table, column = rng.choice(
        [("claims.csv", "claim_id"), ("claims.csv", "source_id"), ("sources.csv", "source_id")]
        + [("claims.csv", c) for c in ("conditions", "interventions", "evidence_level", "hedging", "direction")]
    )
    rows = read_rows(folder / table)
    row = rng.randrange(1, len(rows))
    col = rows[0].index(column)
    cut = rng.randrange(len(rows[row][col]) + 1)
    rows[row][col] = rows[row][col][:cut] + rng.choice(INVISIBLE) + rows[row][col][cut:]
    write_rows(folder / table, rows)


def invisible_in_term(folder: Path, rng: random.Random) -> None:
    """A zero-width or bidirectional character in a vocabulary slug, label or synonym."""
    text = (folder / "vocabulary.yaml").read_text(encoding="utf-8")
    target = rng.choice(["  depression:", "    label: Anxiety", "    - anxious", "  probiotics:"])
    if target in text:
        text = text.replace(target, target[:-2] + rng.choice(INVISIBLE) + target[-2:], 1)
    (folder / "vocabulary.yaml").write_text(text, encoding="utf-8")


def control_character(folder: Path, rng: random.Random) -> None:
    """A control character or terminal escape in a random cell."""
    set_cell(folder, rng.choice(TABLES), rng, "text " + rng.choice(CONTROL) + " more")


def payload_cell(folder: Path, rng: random.Random) -> None:
    """Markup, a script, a formula or an odd literal in a random cell of a random table."""
    set_cell(folder, rng.choice(TABLES), rng, rng.choice(PAYLOADS))


def yaml_tag(folder: Path, rng: random.Random) -> None:
    """A YAML tag that would run code or build objects under an unsafe loader."""
    tag = rng.choice(
        [
            '!!python/object/apply:os.system ["touch /tmp/pwned"]',
            "!!python/name:os.system",
            "!!binary aGVsbG8=",
            "!!set {a, b}",
            "!!timestamp 2001-12-14",
            "!custom x",
        ]
    )
    name = rng.choice(YAMLS)
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    spot = rng.randrange(len(lines))
    indent = lines[spot][: len(lines[spot]) - len(lines[spot].lstrip())]
    lines.insert(spot + 1, f"{indent}hostile: {tag}")
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def yaml_shape(folder: Path, rng: random.Random) -> None:
    """A YAML file that is deeply nested, an alias bomb, a list, a scalar, or has odd keys."""
    shapes = [
        "[" * 50_000 + "]" * 50_000,
        "a: " + "{b: " * 20_000 + "c" + "}" * 20_000,
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)
        ),
        "- just\n- a list\n",
        "42\n",
        "",
        "conditions:\n  ? [a, b]\n  : x\n",
        "conditions:\n  1: {label: One}\n  null: {label: Null}\n  true: {label: T}\n",
        "grading: {start: {trial: [strong]}}\nflags: 7\n",
        "conditions: &c {depression: {label: D}}\ninterventions: *c\n" * 3,
    ]
    (folder / rng.choice(YAMLS)).write_text(rng.choice(shapes), encoding="utf-8")


def broken_encoding(folder: Path, rng: random.Random) -> None:
    """A table or YAML file re-saved as cp1252, UTF-16, with a BOM, or cut in the middle of a character."""
    path = folder / rng.choice(TABLES + YAMLS)
    text = path.read_text(encoding="utf-8") + "café “quoted” — naïve\n"
    encoded = rng.choice(
        [
            lambda t: t.encode("cp1252", errors="replace"),
            lambda t: t.encode("utf-16"),
            lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
            lambda t: t.encode("utf-8")[:-3] + b"\xe2\x80",
            lambda t: t.encode("latin-1", errors="replace"),
        ]
    )(text)
    path.write_bytes(encoded)


def broken_layout(folder: Path, rng: random.Random) -> None:
    """A table saved with semicolons or tabs, an unclosed quote, ragged rows, a lost or doubled header."""
    path = folder / rng.choice(TABLES)
    rows = read_rows(path)
    choice = rng.randrange(6)
    if choice == 0:
        out = io.StringIO()
        csv.writer(out, delimiter=rng.choice([";", "\t", "|"]), lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
        return
    if choice == 1:
        path.write_text(path.read_text(encoding="utf-8") + 'C9999,"unclosed quote,\n', encoding="utf-8")
        return
    if choice == 2:
        rows[rng.randrange(len(rows))].extend(["extra"] * rng.randint(1, 50))
    elif choice == 3:
        rows[rng.randrange(1, len(rows)) if len(rows) > 1 else 0] = rows[0]
    elif choice == 4:
        rows = rows[1:] or [[]]
    else:
        rows.insert(rng.randrange(len(rows) + 1), [""] * rng.randint(0, 20))
    write_rows(path, rows)


def damaged_bytes(folder: Path, rng: random.Random) -> None:
    """Random bytes overwritten, inserted, or the file cut short."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    path = rng.choice(files)
    data = bytearray(path.read_bytes())
    for _ in range(rng.randint(1, 8)):
        spot = rng.randrange(len(data) + 1)
        action = rng.randrange(3)
        if action == 0 and spot < len(data):
            data[spot] = rng.randrange(256)
        elif action == 1:
            data[spot:spot] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        else:
            del data[spot:]
    path.write_bytes(bytes(data))


def hostile_cue(folder: Path, rng: random.Random) -> None:
    """A lexicon cue or rules term with regular-expression specials, a huge weight or an unknown kind."""
    cue = rng.choice(["(a+)+$", "[", "\\", ".*" * 200, "may may may " * 300, "(?i)x", "\\1", "é" * 1000])
    row = [cue, rng.choice(["hedge", "booster", "nonsense", ""]), "speculative", rng.choice(["1", "1e308", "nan", "-"])]
    with open(folder / "lexicon.csv", "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerow(row + ["note"])


def dropped_column(folder: Path, rng: random.Random) -> None:
    """A table with a column removed, renamed or duplicated."""
    path = folder / rng.choice(TABLES)
    rows = read_rows(path)
    col = rng.randrange(len(rows[0]))
    action = rng.randrange(3)
    for row in rows:
        if col < len(row):
            if action == 0:
                del row[col]
            elif action == 1:
                row.insert(col, row[col])
    if action == 2:
        rows[0][col] = rows[0][col].upper() + " "
    write_rows(path, rows)


ALIAS_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)
)  # 570 bytes; 10**10 values once expanded
BOMB_USES = {"vocabulary.yaml": ("    label: Anxiety\n", "    label: *a9\n"), "rules.yaml": ("[none]", "*a9")}


def yaml_alias_bomb(folder: Path, rng: random.Random) -> None:
    """Ten anchors of ten aliases each atop a YAML file, the last used as a label or a flag list: a hang if expanded."""
    name = rng.choice(YAMLS)
    old, new = BOMB_USES[name]
    text = (folder / name).read_text(encoding="utf-8")
    (folder / name).write_text(ALIAS_BOMB + text.replace(old, new, 1), encoding="utf-8")


def yaml_odd_key(folder: Path, rng: random.Random) -> None:
    """A key written twice, or a key YAML reads as no text (1, yes, null, a list), in a random mapping line."""
    name = rng.choice(YAMLS)
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    spots = [n for n, line in enumerate(lines) if line.rstrip().endswith(":") and not line.lstrip().startswith("#")]
    spot = rng.choice(spots)
    indent = lines[spot][: len(lines[spot]) - len(lines[spot].lstrip())]
    key = rng.choice([lines[spot].strip()[:-1], "1", "yes", "null", "~", "[a, b]", "2020-13-45", "<<"])
    lines.insert(spot, f"{indent}{key}: x")
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def huge_number(folder: Path, rng: random.Random) -> None:
    """A whole number of 11 to 50,000 digits (hexadecimal or sexagesimal too) as a rank or a participant count."""
    digits = rng.choice(["9" * 11, "9" * 5000, "9" * 50_000, "0x" + "f" * 5000, "1:2:3:4:5:6:7:8", "-" + "1" * 4301])
    name = rng.choice(YAMLS)
    old = {"vocabulary.yaml": "rank: 1\n", "rules.yaml": "min_participants: 100\n"}[name]
    text = (folder / name).read_text(encoding="utf-8")
    (folder / name).write_text(text.replace(old, old.split(":")[0] + f": {digits}\n", 1), encoding="utf-8")


def long_id(folder: Path, rng: random.Random) -> None:
    """A claim id, source id or study id of thousands of characters, or with digits other than 0-9 (fullwidth)."""
    table, column, value = rng.choice(
        [
            ("claims.csv", "claim_id", "C" + "1" * rng.choice([13, 5000, 100_000])),
            ("claims.csv", "claim_id", "C" + "\uff10" * 3 + "\uff11"),
            ("claims.csv", "claim_id", "C" + "\u0661" * 4),  # Arabic-Indic digits
            ("sources.csv", "source_id", "s" * rng.choice([61, 5000, 100_000])),
            ("claims.csv", "source_id", "s" * 5000),
        ]
    )
    set_cell(folder, table, rng, value, column)


def long_name(folder: Path, rng: random.Random) -> None:
    """A vocabulary label or synonym of 201 to 500,000 characters, a slug of 500, or a label with mathtext in it."""
    name = rng.choice(["A" * rng.choice([201, 5000, 500_000]), "Anxiety $\\foo$ $x^2$"])
    old, new = rng.choice(
        [
            ("    label: Anxiety\n", f"    label: '{name}'\n"),
            ("    - anxious\n", f"    - '{name}'\n"),
            ("  depression:\n", "  " + "d" * 500 + ":\n"),  # YAML takes no plain key past 1,024 characters
        ]
    )
    text = (folder / "vocabulary.yaml").read_text(encoding="utf-8")
    (folder / "vocabulary.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")


def long_lexicon_word(folder: Path, rng: random.Random) -> None:
    """A lexicon phrase whose first word has 51 to 50,000 characters (the matcher's pattern nests per character)."""
    word = "x" * rng.choice([51, 495, 5000, 50_000])
    with open(folder / "lexicon.csv", "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            [rng.choice([word, f"may {word}"]), "hedge", "speculative", "1", ""]
        )


def wide_header(folder: Path, rng: random.Random) -> None:
    """A CSV header with 201 to 400,000 extra columns (each was once checked and named in a line of its own)."""
    path = folder / rng.choice(TABLES)
    header, _, rows = path.read_text(encoding="utf-8").partition("\n")
    extra = "".join(f",x{n}" for n in range(rng.choice([201, 400_000])))
    path.write_text(header + extra + "\n" + rows, encoding="utf-8")


# --- algorithmic traps (issue 25): each ran for minutes before the text work became linear; at
# these sizes a regression shows as a hang (over 30 s)


def plant_sentence(claims_dir: Path, rng: random.Random, sentence: str, quote: str | None = None) -> None:
    """Append `sentence` as a line of a random claim's source text (sha256 kept right); make `quote` its quote.

    `quote` defaults to the sentence. (Not a change itself: its first argument is not `folder`.)
    """
    claims, sources = read_rows(claims_dir / "claims.csv"), read_rows(claims_dir / "sources.csv")
    row = rng.choice(claims[1:])
    source_id = row[claims[0].index("source_id")]
    source = next((r for r in sources[1:] if r[sources[0].index("source_id")] == source_id), None)
    path = claims_dir / source[sources[0].index("path")] if source else None
    if not _plain_source(claims_dir, path):  # an earlier change made it a link, a device, huge, or outside
        raise ValueError("no plain source text to add a line to")
    path.write_text(path.read_text(encoding="utf-8") + "\n" + sentence + "\n", encoding="utf-8")
    source[sources[0].index("sha256")] = hashlib.sha256(path.read_bytes()).hexdigest()
    row[claims[0].index("quote")] = sentence if quote is None else quote
    write_rows(claims_dir / "sources.csv", sources)
    write_rows(claims_dir / "claims.csv", claims)


def _plain_source(claims_dir: Path, path: Path | None) -> bool:
    """True when `path` is a regular file of at most 2 MB inside `claims_dir`/sources, not a link."""
    sources = (claims_dir / "sources").resolve()
    return (
        path is not None
        and not path.is_symlink()
        and path.is_file()
        and path.resolve().is_relative_to(sources)
        and path.stat().st_size <= 2 * 1024**2
    )


def lexicon_gaps(folder: Path, rng: random.Random) -> None:
    """A lexicon phrase of 20 to 40 '...' gaps, and a quote of 300 words that each match its every word."""
    gaps = " ... ".join(["gut"] * rng.randint(21, 41)) + " zzz"
    with open(folder / "lexicon.csv", "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerow([gaps, "hedge", "speculative", "1.0", "note"])
    plant_sentence(folder, rng, "gut " * 300 + "brain.")


def missing_long_quote(folder: Path, rng: random.Random) -> None:
    """A 2,000-character quote missing from its source, to which 6 KB of repetitive text was added."""
    plant_sentence(folder, rng, ("abc " * 60 + ". ") * 25, quote="acb " * 500)


def one_line_source(folder: Path, rng: random.Random) -> None:
    """A source line of 160 KB of short sentences and abbreviations, and a claim quoting one of them."""
    plant_sentence(folder, rng, "Dr. Smith said e.g. kefir helps. It helps! " * 3_800, quote="It helps!")


def cue_laden_quote(folder: Path, rng: random.Random) -> None:
    """A quote of 100 KB: one sentence of 2,000 clauses, each with an imperative, an if-clause and a negation."""
    clause = "people eat well, if it helps, and did not reduce it; "
    plant_sentence(folder, rng, "So eat " + clause * 2_000 + "eat more.")


# --- scale: many files, and the studies table of the evidence model (issue 22) ----------------------


def many_files(folder: Path, rng: random.Random) -> None:
    """6,000 to 10,000 sources, each a text file of its own with one claim: work linear in the number of files

    (reading each text by scanning the sources table once made coverage and the source pages quadratic: 14,000
    sources took 15 s more).
    """
    sources, claims = read_rows(folder / "sources.csv"), read_rows(folder / "claims.csv")
    template_source, template_claim = sources[1], claims[1]
    head_s, head_c = sources[0], claims[0]
    if max(len(head_s), len(head_c)) > MAX_COLUMNS:  # refused at its header: 10,000 rows of 400,000 cells add nothing
        raise ValueError("a header wider than the workbook reads")
    quote = "Kefir may ease low mood, a small trial found."
    digest = hashlib.sha256(quote.encode()).hexdigest()
    (folder / "sources" / "bulk.txt").write_text(quote, encoding="utf-8")
    for number in range(rng.randint(6_000, 10_000)):
        source_id = f"bulk-{number}"
        os.link(folder / "sources" / "bulk.txt", folder / "sources" / f"{source_id}.txt")  # a name each, written fast
        source = dict(zip(head_s, template_source, strict=False)) | {
            "source_id": source_id,
            "path": f"sources/{source_id}.txt",
            "sha256": digest,
        }
        claim = dict(zip(head_c, template_claim, strict=False)) | {
            "claim_id": f"C{100_000 + number}",
            "source_id": source_id,
            "quote": quote,
            "studies": "",
            "evidence_level": "expert-opinion",
        }
        sources.append([source.get(column, "") for column in head_s])
        claims.append([claim.get(column, "") for column in head_c])
    write_rows(folder / "sources.csv", sources)
    write_rows(folder / "claims.csv", claims)


STUDY_VALUES = {
    "participants": ["1e400", "-5", "12 adults", "0", "9" * 5000, "٣٤", "NaN"],
    "design": ["rct; DROP", "RCT", "meta analysis", "<b>rct</b>", "rct" * 1000],
    "certainty": ["high ", "HIGH", "moderate; low", "very  low", "=1+1", "x" * 300],
    "study_id": ["S０００１", "S1", "S" + "1" * 5000, "S0001", "s0002", "S0001\u200b"],
    "quote": ["not in the text at all", "", "a" * 100_000],
    "control": ["maybe", "YES", "yes\u202e"],
}


def hostile_study(folder: Path, rng: random.Random) -> None:
    """A studies.csv cell that is out of range, misspelt, duplicated, too long or invisible-laden."""
    column = rng.choice(sorted(STUDY_VALUES))
    set_cell(folder, "studies.csv", rng, rng.choice(STUDY_VALUES[column]), column=column)


def hostile_study_links(folder: Path, rng: random.Random) -> None:
    """A claim's studies cell that names a study missing, thousands of studies, or the same one thousands of times."""
    links = rng.choice(
        ["S9999", ";".join(["S0001"] * 5000), ";".join(f"S{n:04d}" for n in range(1, 20_000)), ";;", "S0001;"]
    )
    set_cell(folder, "claims.csv", rng, links, column="studies")


CHANGES = {
    name.replace("_", "-"): function
    for name, function in dict(globals()).items()
    if callable(function) and function.__module__ == __name__ and function.__code__.co_varnames[:2] == ("folder", "rng")
}
