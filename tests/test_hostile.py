"""Hostile input: text from the web in every field of the workbook shows as text, and never runs.

tests/data/hostile holds claims, sources and a vocabulary label carrying HTML and script
payloads, `javascript:` links, Markdown and LaTeX specials, spreadsheet formulas,
right-to-left text, emoji and combining marks. `hostile_workbook` copies it and adds a
third source whose one quote is 100 KB long (generated here, not stored). The payloads set
`window.__pwned`; the browser tests check that it stays unset, that no dialog opens, that
no script element exists, and that each payload shows literally.

Control characters are refused by validation with a clear error that shows them escaped
(tests/data/hostile has none, so that it builds): they are never needed in a quote, and
escape sequences in one would reach the terminal of whoever runs `validate`.

The build writes CSV files a reader may open in a spreadsheet (reports/data/);
`test_exported_tables_run_no_formula` checks that no cell of them starts a formula, and
`test_the_exported_data_package_of_hostile_data_is_valid_inert_and_verbatim` that the
data package stays valid and its JSON keeps each value as it is.
"""

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import load_workbook, validate_workbook
from analysis.common.problems import ValidationError
from browsing import SCREENSHOTS, build_reports, crawl, launch_chromium, needs_chromium, visit

pytestmark = pytest.mark.slow  # hostile workbooks built into pages: `make check` leaves it to `make test`

HOSTILE = Path(__file__).parent / "data" / "hostile"
LONG_QUOTE_CHARS = 100_000
PAYLOADS = [
    "<script>window.__pwned=1;alert(1)</script>",
    '"><img src=x onerror="window.__pwned=1;alert(1)">',
    '<a href="javascript:window.__pwned=1;alert(1)">here</a> or javascript:alert(1)',
    "$x$ is **bold** | not | a table | _nor_ `code` # heading \\(y\\) $$\\sum$$",
    '=HYPERLINK("http://x","free probiotics") +cmd|\' /C calc\'!A0 -2+3 @SUM(A1)',
    '<svg onload="window.__pwned=1;alert(1)"></svg><iframe src="javascript:window.__pwned=1"></iframe>'
    "<style>body{display:none}</style></td></tr></table><!--",
    "{{ 7*7 }} ${7*7} <% 7*7 %> ]]> -->",
    "البروبيوتيك قد تقلل القلق — פרוביוטיקה עשויה להפחית חרדה.",
    "Kefir 🦠🧠👩🏽\u200d🔬 made me feel cafe\u0301 and Z\u0334\u0321\u031ba\u0338\u0359l\u0335g\u0337o\u0336 better.",
    "Text with \u202eoverride\u202c reversed direction",
]
SOURCE_TITLE = '<script>window.__pwned=1;alert("title")</script> Gut & "Brain"'
MOOD_LABEL = 'Mood <script>window.__pwned=1;alert("label")</script> & "well-being"'


def long_quote() -> str:
    """A quote of 100 KB: numbered sentences with markup and formulas in them, one 2,000-character word."""
    sentences, i = [], 0
    while sum(map(len, sentences)) < LONG_QUOTE_CHARS:
        i += 1
        sentences.append(f"Sentence {i} says <b>fibre</b> & diet may help depression (=SUM(A{i})). ")
    sentences.insert(len(sentences) // 2, "w" * 2000 + " ")
    return "".join(sentences)[:LONG_QUOTE_CHARS].strip()


def add_long_read(claims_dir: Path) -> str:
    """Add a source whose text holds the 100 KB quote, and a claim quoting it; return the quote."""
    quote = long_quote()
    text = f"A long read\n\n{quote}\n\nThe end.\n"
    (claims_dir / "sources" / "long-read.txt").write_text(text, encoding="utf-8", newline="")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with open(claims_dir / "sources.csv", "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            ["long-read", "A long read", "blog", "", "", "", "", "", "sources/long-read.txt", digest, ""]
        )
    with open(claims_dir / "claims.csv", "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            [
                "C0011",
                "long-read",
                quote,
                "Fibre and diet may help depression.",
                "depression",
                "diet",
                "",
                "beneficial",
                "conditional_causal",
                "none",
                "speculative",
                "",
                "humans",
                "no",
                "",
            ]
        )
    return quote


@pytest.fixture
def hostile_dir(tmp_path) -> Path:
    """A writable copy of tests/data/hostile with the long read added."""
    target = tmp_path / "claims"
    shutil.copytree(HOSTILE, target)
    add_long_read(target)
    return target


# --- validation ------------------------------------------------------------------------------


def test_hostile_workbook_validates_and_loads_with_its_text_unchanged(hostile_dir):
    result = validate_workbook(hostile_dir)
    assert result.errors == []
    workbook = load_workbook(hostile_dir)
    quotes = "\n".join(workbook.claims["quote"])
    for payload in PAYLOADS:
        assert payload in quotes, payload
    assert long_quote() in list(workbook.claims["quote"])
    assert workbook.sources.set_index("source_id").loc["hostile-html", "title"] == SOURCE_TITLE


def put_in_quote(claims_dir: Path, char: str) -> None:
    """Put `char` into the quote of claim C0002 and into its source text, so that the quote is still found."""
    quote = 'Diet "><img src=x onerror="window.__pwned=1;alert(1)"> improves mood.'
    bad = quote.replace(" improves", f" {char}[2J improves")
    source = claims_dir / "sources" / "hostile-html.txt"
    source.write_text(source.read_text(encoding="utf-8").replace(quote, bad), encoding="utf-8", newline="")
    _resign(claims_dir, "hostile-html")
    claims = claims_dir / "claims.csv"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(quote.replace('"', '""'), bad.replace('"', '""')),
        encoding="utf-8",
        newline="",
    )


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x00", "\x7f", "\x85", "\x9b", "\x0c", "\x01"])
def test_a_control_character_in_a_quote_is_a_clear_error(hostile_dir, char):
    """Refused even when the source holds the same text: the error names the place and shows it escaped."""
    put_in_quote(hostile_dir, char)
    errors = [str(p) for p in validate_workbook(hostile_dir).errors]
    assert len(errors) == 1, errors
    assert "claims.csv:3: column 'quote': holds the control character" in errors[0], errors[0]
    assert f"\\x{ord(char):02x}" in errors[0] and char not in errors[0], errors[0]
    with pytest.raises(ValidationError):
        load_workbook(hostile_dir)


def test_validate_shows_a_control_character_escaped_on_the_terminal(hostile_dir):
    put_in_quote(hostile_dir, "\x1b")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "validate", "--claims-dir", str(hostile_dir)], capture_output=True, text=True
    )
    assert result.returncode == 1 and "\\x1b[2J" in result.stderr
    assert "\x1b" not in result.stderr + result.stdout, "a raw escape character reached the terminal"


def test_tabs_and_line_breaks_in_a_quote_are_fine(hostile_dir):
    claims = hostile_dir / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace("this post says.", "this\tpost\r\nsays."), encoding="utf-8", newline="")
    assert validate_workbook(hostile_dir).errors == []


def test_a_term_that_is_no_slug_cannot_name_a_report_file(hostile_dir):
    """A condition such as '../../escape' would write its report outside the output folder."""
    vocabulary = hostile_dir / "vocabulary.yaml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8").replace("\n  anxiety:\n", "\n  ../../escape:\n", 1), encoding="utf-8"
    )
    claims = hostile_dir / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace(",anxiety,", ",../../escape,"), encoding="utf-8")
    errors = [str(p) for p in validate_workbook(hostile_dir).errors]
    assert any("vocabulary.yaml" in e and "../../escape" in e and "slug" in e for e in errors), errors


def test_an_id_ending_in_a_line_break_is_refused(hostile_dir):
    """`C0001\\n` once passed the claim_id pattern (`$` matches before a final line break)."""
    claims = hostile_dir / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace("\nC0002,", '\n"C0002\n",', 1), encoding="utf-8")
    errors = [str(p) for p in validate_workbook(hostile_dir).errors]
    assert len(errors) == 1 and "column 'claim_id': must be C followed by 4 to 12 digits 0-9" in errors[0], errors


def _resign(claims_dir: Path, source_id: str) -> None:
    """Update the sha256 of `source_id` in sources.csv after its text was changed on purpose."""
    path = claims_dir / "sources.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    digest = hashlib.sha256((claims_dir / "sources" / f"{source_id}.txt").read_bytes()).hexdigest()
    for row in rows:
        if row[0] == source_id:
            row[rows[0].index("sha256")] = digest
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


# --- the reports, in Chromium ----------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    shutil.copytree(HOSTILE, base / "claims")
    add_long_read(base / "claims")
    build_reports(base / "claims", base / "reports")
    return base / "reports"


INSPECT = """() => ({
    pwned: window.__pwned, checks: window.__checks,
    handlers: Array.from(document.querySelectorAll('*')).flatMap(
        e => Array.from(e.attributes).filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name)),
    javascript_links: Array.from(document.querySelectorAll('[href],[src]')).map(
        e => e.getAttribute('href') || e.getAttribute('src')).filter(v => /^\\s*javascript:/i.test(v)),
    embedded: document.querySelectorAll('iframe, object, embed, svg, math, form, base').length,
    cell_markup: Array.from(document.querySelectorAll('td *, th *'), e => e.tagName).filter(
        tag => !['A', 'CODE'].includes(tag)),  // the index links reports and shows parameters
    bold: Array.from(document.querySelectorAll('main strong, main b, main em')).map(e => e.textContent),
    visible: getComputedStyle(document.body).display !== 'none',
    width: document.documentElement.scrollWidth, viewport: window.innerWidth,
})"""


@pytest.fixture(scope="module")
def browser():
    with launch_chromium() as chromium:
        yield chromium


def inspect(context, url: str) -> dict:
    """Open `url` and return what a payload would have changed in the page, had it run."""
    page = context.new_page()
    try:
        page.goto(url)
        return page.evaluate(INSPECT)
    finally:
        page.close()


def new_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("window.__checks = true")  # proves that scripts run here, so a payload would too
    return context


@pytest.fixture(scope="module")
def visits(hostile_reports, browser):
    """Every page of the hostile reports as Chromium loaded it, and what ran in it; two screenshots."""
    context = new_context(browser)
    try:
        index = (hostile_reports / "index.html").as_uri()
        pages = crawl(context, index)
        flags = {url: inspect(context, url) for url in pages}
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for name in ("hostile-html", "world-text"):
            page = context.new_page()
            page.goto((hostile_reports / "source" / f"{name}.html").as_uri())
            page.screenshot(path=str(SCREENSHOTS / f"hostile-source-{name}.png"), full_page=True)
            page.close()
    finally:
        context.close()
    return index, pages, flags


def in_chromium(test):
    for mark in (*needs_chromium, pytest.mark.slow):
        test = mark(test)
    return test


@in_chromium
def test_no_payload_runs_and_no_dialog_opens(visits):
    index, pages, flags = visits
    assert len(pages) == 2 + 15  # the index, what changed; overview, 4 conditions, 7 interventions, 3 sources
    for url, seen in pages.items():
        assert seen.dialogs == [], url
        assert seen.scripts == 0, url
        assert seen.errors == [] and seen.blocked == [], url
        flag = flags[url]
        assert flag["checks"] is True and flag["pwned"] is None, url
        assert flag["handlers"] == [] and flag["javascript_links"] == [], (url, flag)
        assert flag["embedded"] == 0 and flag["cell_markup"] == [], (url, flag)
        assert flag["visible"], url


@in_chromium
def test_every_payload_shows_literally(visits):
    index, pages, _ = visits
    site = index.rsplit("/", 1)[0] + "/"
    text = {url.removeprefix(site): seen.text for url, seen in pages.items()}
    for payload in PAYLOADS[:7]:
        assert payload in text["source/hostile-html.html"], payload
    for payload in PAYLOADS[7:]:
        assert payload in text["source/world-text.html"], payload
    assert "<script>window.__pwned=1;alert(1)</script>" in text["condition/anxiety.html"]
    assert SOURCE_TITLE in text["index.html"] and MOOD_LABEL in text["index.html"]
    assert pages[site + "source/hostile-html.html"].title == f"Article: {SOURCE_TITLE}"
    assert pages[site + "condition/mood.html"].title == f"Condition: {MOOD_LABEL}"
    assert "javascript:window.__pwned=1;alert(1)" in text["source/hostile-html.html"]  # the url, as text


@in_chromium
def test_markdown_and_latex_stay_plain_text(visits):
    _, pages, flags = visits
    for url, flag in flags.items():
        assert "bold" not in flag["bold"], url
        assert "nor" not in flag["bold"], url


@in_chromium
def test_the_100_kb_quote_shows_whole_and_wraps(visits):
    index, pages, flags = visits
    url = index.rsplit("/", 1)[0] + "/source/long-read.html"
    assert long_quote() in pages[url].text
    assert flags[url]["width"] <= flags[url]["viewport"], "the long quote makes the page scroll sideways"


@pytest.mark.slow
def test_exported_tables_run_no_formula(hostile_reports):
    """Every file a spreadsheet would open is a CSV of reports/data/ whose cells start no formula."""
    kinds = {p.suffix for p in hostile_reports.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert kinds <= {".html", ".ipynb", ".log", ".csv", ".json"}, kinds
    shown = sorted(p.name for p in hostile_reports.rglob("*.json") if not p.name.startswith("."))
    assert shown == ["datapackage.json", "workbook.json"]  # described data, for programs; no spreadsheet runs JSON
    exported = sorted(hostile_reports.glob("data/*.csv"))
    assert [p.name for p in exported] == [
        "claims.csv",
        "flags.csv",
        "grades.csv",
        "sources.csv",
        "studies.csv",
        "terms.csv",
    ]
    cells = [cell for path in exported for row in csv.reader(path.open(encoding="utf-8")) for cell in row]
    assert any(cell.startswith("'=") for cell in cells), "the hostile formulas should be there, neutralised"
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_the_exported_data_package_of_hostile_data_is_valid_inert_and_verbatim(hostile_dir, tmp_path):
    """Frictionless validates it; no CSV cell starts a formula; the JSON keeps each quote as the article has it."""
    import frictionless

    from analysis.site.exports import export_tables

    export_tables(load_workbook(hostile_dir), tmp_path)
    for name in ("datapackage.json", "workbook.json"):
        report = frictionless.validate(str(tmp_path / name))
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    cells = [cell for path in tmp_path.glob("*.csv") for row in csv.reader(path.open(encoding="utf-8")) for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    document = (tmp_path / "workbook.json").read_text(encoding="utf-8")
    quotes = [row["quote"] for r in json.loads(document)["resources"] if r["name"] == "claims" for row in r["data"]]
    assert long_quote() in quotes and all(any(payload in q for q in quotes) for payload in PAYLOADS)


@in_chromium
def test_the_checks_would_catch_a_payload_that_ran(browser, tmp_path):
    page = tmp_path / "injected.html"
    page.write_text(
        f"<!DOCTYPE html><title>t</title><body><table><tr><td>{PAYLOADS[1]}{PAYLOADS[0]}</td></tr></table></body>",
        encoding="utf-8",
    )
    context = new_context(browser)
    try:
        seen, flag = visit(context, page.as_uri()), inspect(context, page.as_uri())
    finally:
        context.close()
    assert seen.dialogs and seen.scripts == 1
    assert flag["pwned"] == 1 and flag["handlers"] == ["IMG onerror"] and flag["cell_markup"] == ["IMG", "SCRIPT"]
