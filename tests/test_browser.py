"""The reports in a real browser: every page and figure loads, from disk, from a web server and offline.

Builds tests/data/workbook once, then crawls from index.html through every link in
Debian's Chromium. The pages carry an empty inline icon, so that over HTTP the browser
does not ask the server for /favicon.ico: any request that fails is an error.
"""

import shutil
from pathlib import Path

import pytest

from browsing import SCREENSHOTS, build_reports, crawl, launch_chromium, needs_chromium, serve, visit

pytestmark = [*needs_chromium, pytest.mark.slow]

WORKBOOK = Path(__file__).parent / "data" / "workbook"
INDEX_TITLE = "Gut–brain claims workbook: reports"
N_REPORTS = 15  # overview, 4 conditions, 8 interventions, 2 sources


@pytest.fixture(scope="session")
def reports(tmp_path_factory) -> Path:
    """The fixture workbook's reports, built once."""
    base = tmp_path_factory.mktemp("browser")
    shutil.copytree(WORKBOOK, base / "claims")
    build_reports(base / "claims", base / "reports")
    return base / "reports"


@pytest.fixture(scope="module")
def browser():
    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture(scope="module")
def server(reports):
    with serve(reports) as url:
        yield url


def check_site(visits: dict, index_url: str) -> None:
    """Assert that the crawl reached every report, and that each loaded whole, quietly and on its own."""
    index = visits[index_url]
    assert index.title == INDEX_TITLE
    titles = {href: text for href, text in index.links if href.endswith(".html")}
    assert len(titles) == N_REPORTS + 1 and set(titles) <= set(visits)  # the reports and what changed
    assert len(visits) == N_REPORTS + 2
    for url, seen in visits.items():
        assert seen.errors == [], url
        assert seen.dialogs == [] and seen.scripts == 0, url
        assert seen.blocked == [], f"{url} asked the network for {seen.blocked}"
        if url != index_url:
            assert seen.title == titles[url], url
            if not url.endswith("/changes.html") and "/source/" not in url:  # articles compare in tables
                assert seen.images, f"{url} shows no figure"
            assert all(width > 0 and height > 0 for _, width, height in seen.images), (url, seen.images)
            assert "← all reports" in seen.text, url


def test_every_page_loads_whole_from_disk(reports, context):
    index = (reports / "index.html").as_uri()
    check_site(crawl(context, index), index)


def test_every_page_loads_whole_from_a_web_server(server, context):
    index = server + "index.html"
    check_site(crawl(context, index), index)


def test_every_page_renders_offline(reports, browser):
    """With the network off, and anything not local aborted, every page and figure still shows."""
    offline = browser.new_context(offline=True)
    try:
        index = (reports / "index.html").as_uri()
        check_site(crawl(offline, index), index)
    finally:
        offline.close()


def test_the_checks_catch_a_broken_figure_and_a_request_off_the_machine(context, tmp_path):
    page = tmp_path / "leaky.html"
    page.write_text(
        '<!DOCTYPE html><title>t</title><img src="data:image/png;base64,AAAA"><img src="https://example.org/x.png">',
        encoding="utf-8",
    )
    seen = visit(context, page.as_uri())
    assert [width for _, width, _ in seen.images] == [0, 0]
    assert seen.blocked == ["https://example.org/x.png"]
    assert any("example.org" in error for error in seen.errors)


@pytest.mark.parametrize(
    "name, href",
    [("index", "index.html"), ("overview", "overview.html"), ("condition-anxiety", "condition/anxiety.html")],
)
def test_screenshots_for_a_person_to_look_at(reports, browser, name, href):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto((reports / href).as_uri(), wait_until="load")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()
    assert shot.stat().st_size > 20_000, f"{shot} looks blank"


# --- what a reader of the shipped workbook sees -------------------------------------------------

SCREEN = {"width": 1280, "height": 800}
CODE_NAMES = ("claim_id", "source_id", "n_claims", "n_sources", "best_level", "hedged_share", "evidence_level")


@pytest.fixture(scope="module")
def shipped_reports(tmp_path_factory) -> Path:
    """The reports of the workbook's own claims folder, built once."""
    base = tmp_path_factory.mktemp("shipped")
    shutil.copytree(Path(__file__).parents[1] / "claims", base / "claims")
    build_reports(base / "claims", base / "reports")
    return base / "reports"


def test_the_overview_answers_at_a_glance(shipped_reports, browser):
    """The findings and both evidence maps sit within the first two screens of 1280 × 800."""
    page = browser.new_page(viewport=SCREEN)
    page.goto((shipped_reports / "overview.html").as_uri(), wait_until="load")
    findings = page.locator(".wb-findings").bounding_box()
    maps = page.locator("xpath=//h2[@id='Evidence-and-gap-maps']/following::img[1]")
    assert maps.get_attribute("alt").startswith("Evidence and gap maps")
    box = maps.bounding_box()
    assert findings["y"] + findings["height"] <= 2 * SCREEN["height"]
    assert box["y"] + box["height"] <= 2 * SCREEN["height"], box
    page.close()


def test_every_report_reads_in_words_with_contents(shipped_reports, context):
    pages = sorted(shipped_reports.glob("*/*.html")) + [shipped_reports / "overview.html"]
    assert len(pages) > 30
    for path in pages:
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        headers = page.locator("th").all_inner_texts()
        assert not [h for h in headers if "_" in h or h in CODE_NAMES], (path, headers)
        cells = " ".join(page.locator("td").all_inner_texts())
        assert "_causal" not in cells and "no_relationship" not in cells, path
        assert page.locator("nav.wb-contents a").count() >= 2, f"{path} has no contents list"
        page.close()


PHONE = {"width": 390, "height": 844}


def test_no_page_scrolls_sideways_on_a_phone(shipped_reports, browser):
    """At 390 px a wide table scrolls inside its own box; the page itself never scrolls sideways."""
    context = browser.new_context(viewport=PHONE)
    pages = [
        shipped_reports / "index.html",
        shipped_reports / "overview.html",
        *sorted(shipped_reports.glob("*/*.html")),
    ]
    try:
        for path in pages:
            page = context.new_page()
            page.goto(path.as_uri(), wait_until="load")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
            page.close()
    finally:
        context.close()
