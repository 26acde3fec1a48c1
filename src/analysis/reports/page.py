"""The HTML shell every page shares: one template, inline CSS, no script; and a safe way to write a page.

Report pages, the index, the What-changed page and the agreement page all go through
`render_page`, so they look alike and none fetches anything from the web.
Tested in tests/site/test_render.py.
"""

import re
from datetime import UTC, datetime
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import jinja2

from analysis.common.files import write_atomically

_SECTION = re.compile(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"', re.DOTALL)


@lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(files("analysis.reports") / "templates"))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


def render_template(name: str, **context) -> str:
    """Return the template `name` of reports/templates rendered with `context`, every text escaped."""
    return _templates().get_template(name).render(**context)


@lru_cache(maxsize=1)
def _css() -> str:
    return (files("analysis.reports") / "templates" / "report.css").read_text(encoding="utf-8")


def render_page(
    *,
    title: str,
    body: str,
    data_version: str = "",
    index_href: str | None = None,
    notebook_href: str | None = None,
    failed: str = "",
) -> str:
    """Return a whole HTML page around `body`: inline CSS, no script, nothing fetched from the web.

    Every page the workbook writes goes through here: report pages, the index, What changed
    and the agreement page (`data_version` empty for a page not built from the claims).
    """
    return (
        _templates()
        .get_template("page.html.j2")
        .render(
            title=title,
            body=jinja2.utils.markupsafe.Markup(body),
            css=jinja2.utils.markupsafe.Markup(_css()),
            data_version=data_version,
            built_at=now_text(),
            index_href=index_href,
            notebook_href=notebook_href,
            failed=failed,
        )
    )


def add_contents(body: str) -> str:
    """Return `body` with a list of contents before its first section, linking to each `##` section heading."""
    sections = _SECTION.findall(body)
    if len(sections) < 2:
        return body
    items = "".join(f'<li><a href="#{anchor}">{text}</a></li>' for anchor, text in sections)
    nav = f'<nav class="wb-contents" aria-label="Contents"><p>Contents</p><ol>{items}</ol></nav>'
    first = body.find(f'<h2 id="{sections[0][0]}"')
    cell = body.rfind('<div id="cell-id=', 0, first)  # before the cell of the first section
    at = cell if cell >= 0 else first
    return body[:at] + nav + body[at:]


def now_text() -> str:
    """Return the current UTC time as the pages show it."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def write_page(path: Path, text: str) -> None:
    """Write a page through a temporary file and a rename, so that no reader sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text.encode("utf-8"))
