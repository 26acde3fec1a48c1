"""A saved news page gives its article's text, without the page's furniture, and proposes its metadata, offline."""

import socket
from email.message import EmailMessage
from pathlib import Path

import pytest

from analysis.common import limits
from analysis.common.problems import WorkbookError
from analysis.curation.web_pages import extract_web_page, read_address

INGEST = Path(__file__).parents[1] / "data" / "ingest"
PAGE = INGEST / "fermented-foods-stress.html"
NOISE = [  # every piece of furniture the fixture page holds, in and around the article
    "Advertisement",
    "MORE:",
    "Should I Eat Olives",
    "ALSO",
    "Drinking Coffee",
    "cookies",
    "Accept all",
    "Skip to main content",
    "Subscribe",
    "Trending",
    "Breadcrumb",
    "Home",
    "Share",
    "Copy link",
    "Photograph",
    "Getty",
    "newsletter",
    "Sign up",
    "Topics:",
    "Related stories",
    "Probiotics for anxiety",
    "Most read",
    "Flood warnings",
    "All rights reserved",
    "Health reporter",
    "15 March 2024",
]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to reach the network fails the test, even one the extractor would catch and pass over."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield
    assert attempts == []


def extract(data: bytes, name="page.html", **options):
    return extract_web_page(Path(name), data, **options)


def test_the_article_is_extracted_whole_and_nothing_else(no_network):
    found = extract(PAGE.read_bytes())
    assert found.text == (INGEST / "fermented-foods-stress.txt").read_text(encoding="utf-8")
    assert [noise for noise in NOISE if noise in found.text] == []
    assert found.left_out == [
        ("MORE: Should I Eat Olives?", "another story's headline"),
        ("ALSO: Drinking Coffee Every Day Helps You Live Longer, Huge Study Finds", "another story's headline"),
        ("Advertisement", "advertisement"),
    ]


def test_the_metadata_is_proposed_from_the_page(no_network):
    found = extract(PAGE.read_bytes())
    assert {column: value for column, (value, _) in found.proposals.items()} == {
        "title": "Fermented foods may ease everyday stress, small trial suggests",  # not the <title>'s " | The …"
        "kind": "news",  # JSON-LD's NewsArticle
        "publisher": "The Morning Ledger",
        "author": "Dana Whitfield",
        "url": "https://www.morningledger.example/health/2024/03/15/fermented-foods-stress-trial/",  # no utm_source
        "published": "2024-03-15",  # first published, not the update of the 16th
    }
    assert found.tool.startswith("trafilatura ")


def test_a_page_saved_as_one_mhtml_file_gives_the_same_text(no_network):
    message = EmailMessage()
    message["Subject"] = "Fermented foods may ease everyday stress"
    message["Snapshot-Content-Location"] = "https://www.morningledger.example/health/"
    message.set_content(PAGE.read_bytes(), maintype="text", subtype="html", cte="quoted-printable")
    message.make_related()
    found = extract(message.as_bytes(), "page.mhtml", mhtml=True)
    assert found.text == extract(PAGE.read_bytes()).text


def test_an_mhtml_file_without_a_page_is_refused():
    with pytest.raises(WorkbookError, match="no HTML part in the MHTML file"):
        extract(b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhello", "page.mhtml", mhtml=True)


def test_a_page_in_windows_1252_reads_its_curly_quotes_right():
    page = PAGE.read_text(encoding="utf-8").replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    found = extract(page.replace(" — ", " - ").encode("cp1252"))
    assert "“We were surprised by how quickly people felt the difference,” said Dr. Amira Haddad" in found.text


@pytest.mark.parametrize(
    "page",
    [
        b"<html><body><div id='app'></div><script>render()</script><noscript>Please enable JavaScript.</noscript>"
        b"</body></html>",
        b"<html><head><title>Before you continue</title></head><body><div class='consent'><p>We use cookies and "
        b"data to deliver and maintain our services.</p><button>Accept all</button><button>Reject all</button>"
        b"</div></body></html>",
        b"<html><body><article><h1>Probiotics</h1><p>A short teaser of eleven words, then a paywall, sadly.</p>"
        b"<p>Subscribe to read more.</p></article></body></html>",
    ],
    ids=["needs JavaScript", "cookie wall", "paywall"],
)
def test_a_page_with_no_article_is_refused_in_one_line(page, no_network):
    with pytest.raises(WorkbookError) as caught:
        extract(page)
    (problem,) = caught.value.problems
    assert "article text found in the web page" in problem.message
    assert "save the page once the article shows in the browser" in problem.hint


def test_the_address_is_the_canonical_one_made_absolute_without_tracking():
    from lxml import html

    page = html.fromstring(
        b"<html><head><link rel='canonical' href='/health/story/?utm_medium=social&id=7#comments'>"
        b"<meta property='og:url' content='https://news.example/health/story/?fbclid=x'></head><body></body></html>"
    )
    assert read_address(page, None) == "https://news.example/health/story/?id=7"
    bare = html.fromstring(b"<html><head><link rel='canonical' href='javascript:void(0)'></head><body></body></html>")
    assert read_address(bare, "https://news.example/a?utm_source=x") == "https://news.example/a"


def test_a_blog_post_is_proposed_as_a_blog_and_broken_json_ld_is_ignored():
    page = PAGE.read_text(encoding="utf-8")
    blog = page.replace('"@type": "NewsArticle",', '"@graph": [{"@type": "BlogPosting"}], "@type": "WebPage",')
    assert extract(blog.encode()).proposals["kind"][0] == "blog"
    broken = page.replace('"@context": "https://schema.org",', '"@context": "https://schema.org",,')
    found = extract(broken.encode())
    assert "kind" not in found.proposals
    assert found.text == extract(PAGE.read_bytes()).text


@pytest.mark.parametrize("schema_type, kind", [("PodcastEpisode", "broadcast"), ("Product", "sales-page")])
def test_a_podcast_episode_or_a_product_page_is_proposed_as_its_kind(schema_type, kind):
    page = PAGE.read_text(encoding="utf-8").replace('"@type": "NewsArticle",', f'"@type": "{schema_type}",')
    assert extract(page.encode()).proposals["kind"][0] == kind


def test_a_page_with_too_many_elements_is_refused_before_extraction():
    paragraphs = b"".join(
        b"<p>Sentence %d says something about the gut.</p>" % n for n in range(limits.MAX_PAGE_ELEMENTS)
    )
    with pytest.raises(WorkbookError) as caught:  # extracted, it would take minutes: time grows as its square
        extract(b"<html><body><article>" + paragraphs + b"</article></body></html>")
    assert str(caught.value).startswith(
        "page.html: the page has 20,003 HTML elements, more than the 20,000 add-source reads; save the article alone"
    )
