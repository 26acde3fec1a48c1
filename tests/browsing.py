"""Helpers for the browser tests: build a workbook's reports, serve them, and read them in Chromium.

Playwright drives Debian's Chromium (/usr/bin/chromium); no browser is ever downloaded.
"""

import csv
import io
import json
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NO_CHROMIUM = f"Chromium not installed at {CHROMIUM}: run `apt-get install chromium`"
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1"}

# Skipped on a developer's machine without Chromium; in CI (CI set) a missing browser fails instead, so that
# the browser tests can never pass there by not running.
needs_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"), reason=NO_CHROMIUM),
]


def build_reports(claims_dir: Path, out: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    """Build every report of `claims_dir` into `out` with the command line; fail with its output if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--claims-dir", str(claims_dir), "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"the build failed:\n{result.stdout}\n{result.stderr}"
    return result


@contextmanager
def launch_chromium():
    """Yield a headless Chromium browser driven by Playwright's sync API."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def serve(directory: Path):
    """Serve `directory` with `python -m http.server` on a free port of 127.0.0.1; yield the base URL."""
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(directory)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = server.stdout.readline()  # "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
        match = re.search(r"port (\d+)", line)
        assert match, f"http.server did not start: {line!r}"
        yield f"http://127.0.0.1:{match.group(1)}/"
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stdout.close()


@dataclass
class Visit:
    """What happened while one page loaded: everything a reader would notice, and what was blocked."""

    url: str
    title: str = ""
    text: str = ""
    links: list = field(default_factory=list)
    images: list = field(default_factory=list)
    scripts: int = 0
    errors: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)
    blocked: list = field(default_factory=list)


def allow_local_only(page, blocked: list) -> None:
    """Abort every request that is not to file://, data: or 127.0.0.1, recording it in `blocked`."""

    def handle(route):
        url = route.request.url
        scheme, host = urlsplit(url).scheme, urlsplit(url).hostname
        if scheme in ("file", "data") or host in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(url)
            route.abort("internetdisconnected")

    page.route("**/*", handle)


def visit(context, url: str) -> Visit:
    """Open `url` in a new page of `context` and report what loaded, what failed and what ran."""
    page = context.new_page()
    seen = Visit(url)
    allow_local_only(page, seen.blocked)
    page.on("console", lambda message: _console(seen, message))
    page.on("pageerror", lambda error: seen.errors.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: seen.errors.append(f"failed: {request.url} {request.failure}"))
    page.on(
        "response",
        lambda response: response.status >= 400 and seen.errors.append(f"HTTP {response.status}: {response.url}"),
    )
    page.on("dialog", lambda dialog: (seen.dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
    try:
        response = page.goto(url, wait_until="load")
        assert response is None or response.ok, f"{url}: {response.status}"
        seen.title = page.title()
        seen.images = page.evaluate(
            "Promise.all(Array.from(document.images).map(img => img.decode().then("
            "() => [img.getAttribute('src').slice(0, 40), img.naturalWidth, img.naturalHeight],"
            "() => [img.getAttribute('src').slice(0, 40), 0, 0])))"
        )
        seen.links = page.evaluate("Array.from(document.querySelectorAll('a[href]'), a => [a.href, a.textContent])")
        seen.scripts = page.evaluate("document.scripts.length")
        seen.text = page.evaluate("document.body.textContent")
    finally:
        page.close()
    return seen


def _console(seen: Visit, message) -> None:
    if message.type == "error":
        seen.errors.append(f"console: {message.text} at {message.location}")


def crawl(context, start: str) -> dict[str, Visit]:
    """Visit `start` and every page it links to, transitively, within the site; check the other links resolve.

    Returns the visits by URL. Links to executed notebooks (.ipynb) are fetched and parsed
    rather than opened, since a browser downloads them.
    """
    site = start.rsplit("/", 1)[0] + "/"
    visits, queue, files = {}, [start], set()
    while queue:
        url = queue.pop(0)
        if url in visits:
            continue
        visits[url] = visit(context, url)
        for link, _ in visits[url].links:
            link = urldefrag(link).url
            assert link.startswith(site), f"{url} links outside the reports: {link}"
            if link.endswith(".html"):
                queue.append(link)
            else:
                files.add(link)
    for link in sorted(files):
        check_notebook(context, link)
    return visits


def check_notebook(context, url: str) -> None:
    """Assert that the notebook, CSV table or data package at `url` is there and whole (JSON with cells; a CSV
    header and rows; JSON with resources)."""
    if url.startswith("file:"):
        path = Path(unquote(urlsplit(url).path))
        assert path.is_file(), f"broken link: {url}"
        text = path.read_text(encoding="utf-8")
    else:
        response = context.request.get(url)
        assert response.ok, f"broken link: {url} ({response.status})"
        text = response.text()
    if url.endswith(".csv"):  # a header, and rows as wide; no rows when the folder has none (studies.csv)
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
        assert rows and rows[0][0] and all(len(row) == len(rows[0]) for row in rows), f"{url} is not a whole table"
        return
    if url.endswith(".json"):
        assert json.loads(text)["resources"], f"{url} describes no table"
        return
    assert url.endswith(".ipynb"), f"unexpected kind of link: {url}"
    assert json.loads(text)["cells"], f"{url} holds no cells"
