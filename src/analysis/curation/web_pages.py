"""Extract an article's text and metadata from a saved web page with trafilatura, offline.

trafilatura (Barbaresi 2021) finds the main text of a page and leaves out navigation,
sidebars, related-story lists, comments and footers; it reads the title, author, site
name and date from the page's metadata (JSON-LD, OpenGraph, meta tags, htmldate for the
date). It is given the page's bytes, never an address: nothing is fetched. What it keeps
of the furniture inside the article ("Advertisement", "MORE: …", "ALSO: …") goes through
`analysis.curation.boilerplate`. The address proposed is the page's canonical one, without
tracking parameters (utm_…), and JSON-LD's @type proposes the kind (NewsArticle: news).
A page saved by Chrome as one file (MHTML) is read for its HTML part.

Tested in tests/curation/test_web_pages.py.
"""

import email
import email.policy
import json
import logging
from importlib.metadata import version
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from analysis.common.limits import MAX_PAGE_ELEMENTS
from analysis.common.problems import Problem, WorkbookError
from analysis.curation.boilerplate import count_words, sort_paragraphs
from analysis.curation.extraction import Extraction, clean_line, clean_paragraphs

MIN_WORDS = 30  # fewer words of text than this is a cookie wall, a log-in page or a page that needs JavaScript
MAX_JSON_LD_CHARS = 1_000_000  # a JSON-LD block larger than this is not read
KINDS = {  # schema.org types, to source_kinds terms
    "NewsArticle": "news",
    "ReportageNewsArticle": "news",
    "AnalysisNewsArticle": "news",
    "BackgroundNewsArticle": "news",
    "OpinionNewsArticle": "news",
    "ReviewNewsArticle": "news",
    "BlogPosting": "blog",
    "Blog": "blog",
    "ScholarlyArticle": "primary-study",
    "MedicalScholarlyArticle": "primary-study",
    "PodcastEpisode": "broadcast",
    "RadioEpisode": "broadcast",
    "TVEpisode": "broadcast",
    "Product": "sales-page",
    "ProductGroup": "sales-page",
}
TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "smid", "ref_src")
NO_ARTICLE_HINT = (
    "save the page once the article shows in the browser (a cookie wall or a page that needs JavaScript has no "
    "article in it), or copy the article's text into a .txt file and add that"
)


def extract_web_page(path: Path, data: bytes, *, mhtml: bool = False) -> Extraction:
    """Return the article of the saved page `data`: its title, paragraphs and proposed metadata.

    Raises WorkbookError, in one line, when the page holds no article text (fewer than MIN_WORDS words).
    """
    import trafilatura
    from trafilatura.utils import load_html

    html = read_mhtml(path, data) if mhtml else data
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its warnings are about the page, not for a curator
    tree = load_html(html)
    refuse_large_tree(path, tree)
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        include_tables=True,
        deduplicate=False,
    )
    if tree is None or document is None or not (document.text or "").strip():
        raise WorkbookError(Problem(path, "no article text found in the web page", hint=NO_ARTICLE_HINT))
    title = clean_line(document.title)
    sorted_ = sort_paragraphs(clean_paragraphs(document.text.splitlines()), title)
    words = sum(count_words(p) for p in sorted_.kept)
    if words < MIN_WORDS:
        raise WorkbookError(
            Problem(path, f"only {words} words of article text found in the web page", hint=NO_ARTICLE_HINT)
        )
    extraction = Extraction(
        "html", title, sorted_.kept, left_out=sorted_.left_out, tool=f"trafilatura {version('trafilatura')}"
    )
    _propose_metadata(extraction, document, tree, sorted_)
    return extraction


def refuse_large_tree(path: Path, tree) -> None:
    """Raise WorkbookError when the page has more than MAX_PAGE_ELEMENTS elements (extraction grows as their square)."""
    count = sum(1 for _ in tree.iter()) if tree is not None else 0
    if count > MAX_PAGE_ELEMENTS:
        raise WorkbookError(
            Problem(
                path,
                f"the page has {count:,} HTML elements, more than the {MAX_PAGE_ELEMENTS:,} add-source reads",
                hint="save the article alone (the browser's reader view, then Save Page As), or print it to PDF",
            )
        )


def _propose_metadata(extraction: Extraction, document, tree, sorted_) -> None:
    page = "the page's metadata"
    extraction.propose("title", document.title, page)
    types = read_json_ld_types(tree)
    kind = next((KINDS[t] for t in types if t in KINDS), "")
    extraction.propose("kind", kind, f"the page's JSON-LD type {next((t for t in types if t in KINDS), '')}")
    extraction.propose("publisher", document.sitename, page)
    extraction.propose("author", document.author, page)
    extraction.propose("author", sorted_.byline, "the byline")
    extraction.propose("url", read_address(tree, document.url), "the page's canonical address")
    extraction.propose("published", document.date, "the page's date (htmldate)")
    extraction.propose("published", sorted_.dateline, "the dateline")


def read_mhtml(path: Path, data: bytes) -> bytes:
    """Return the HTML part of a page saved as one MHTML file (Chrome's "Webpage, Single File")."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload:
                return payload
    raise WorkbookError(
        Problem(path, "no HTML part in the MHTML file", hint="save the page again as 'Webpage, HTML only' (.html)")
    )


def read_address(tree, fallback: str | None) -> str:
    """Return the page's address: its canonical link, else OpenGraph's or JSON-LD's, without tracking parameters."""
    candidates = tree.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href")
    candidates += tree.xpath("//meta[@property='og:url']/@content") + [fallback or ""]
    base = next((c for c in candidates if urlsplit(c.strip()).scheme in ("http", "https")), "")
    for candidate in candidates:
        address = clean_address(urljoin(base, candidate.strip()))
        if address:
            return address
    return ""


def clean_address(address: str) -> str:
    """Return a web address without its tracking parameters and fragment; "" when it is not http(s)."""
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith(TRACKING)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def read_json_ld_types(tree) -> list[str]:
    """Return the schema.org @type values of the page's JSON-LD blocks, in order (unreadable blocks are skipped)."""
    types: list[str] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        text = script.text or ""
        if len(text) > MAX_JSON_LD_CHARS:
            continue
        try:
            _collect_types(json.loads(text), types, depth=0)
        except (ValueError, RecursionError):
            continue
    return types


def _collect_types(node, types: list[str], depth: int) -> None:
    if depth > 4:  # the article's own type stands at the top or in @graph
        return
    if isinstance(node, list):
        for item in node:
            _collect_types(item, types, depth + 1)
    elif isinstance(node, dict):
        found = node.get("@type")
        types += [t for t in (found if isinstance(found, list) else [found]) if isinstance(t, str)]
        _collect_types(node.get("@graph"), types, depth + 1)
