"""Tell page furniture from an article's paragraphs: advertisements, other stories' headlines, share and cookie lines.

An extractor finds an article's main text, but news sites put furniture inside it:
"Advertisement", "MORE: Should I Eat Olives?", an unrelated "ALSO:" headline, share
buttons, a newsletter box, a photo credit. Left in, each becomes a sentence that
`suggest` proposes as a claim (issue 23 saw an "ALSO" headline proposed as the article's
headline claim). A paragraph is furniture when the whole of it is one of these forms;
a sentence of the article that merely mentions cookies or advertising is kept, since
each form is short and shaped as furniture is (a marker in capitals, a colon, no full
stop). The byline and dateline at the top are metadata, not text: they are taken out
and proposed as the author and the date.

Tested in tests/curation/test_boilerplate.py.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

MAX_FURNITURE_WORDS = 25  # a promotion, credit or notice is a line, not a paragraph of prose
MAX_OPENING = 4  # the byline and dateline stand among the first few paragraphs
FURNITURE = {  # whole paragraphs, lower case, without the punctuation around them
    "advertisement": "advertisement",
    "advertisements": "advertisement",
    "ad": "advertisement",
    "sponsored": "advertisement",
    "sponsored content": "advertisement",
    "paid content": "advertisement",
    "story continues below advertisement": "advertisement",
    "article continues below advertisement": "advertisement",
    "article continues below": "advertisement",
    "continue reading below": "advertisement",
    "continue reading the main story": "advertisement",
    "skip advertisement": "advertisement",
    "share": "share buttons",
    "share this": "share buttons",
    "share this article": "share buttons",
    "share this story": "share buttons",
    "share on facebook": "share buttons",
    "share on twitter": "share buttons",
    "share on x": "share buttons",
    "copy link": "share buttons",
    "link copied": "share buttons",
    "print": "share buttons",
    "email": "share buttons",
    "comments": "share buttons",
    "read more": "another story's headline",
    "related": "another story's headline",
    "related stories": "another story's headline",
    "related articles": "another story's headline",
    "recommended": "another story's headline",
    "most read": "another story's headline",
    "more stories": "another story's headline",
    "you may also like": "another story's headline",
    "listen to this article": "page furniture",
    "skip to main content": "page furniture",
    "image": "photo credit",
    "enlarge this image": "photo credit",
    "toggle caption": "photo credit",
    "hide caption": "photo credit",
}
_MARKERS = r"MORE|ALSO|ALSO READ|READ MORE|READ ALSO|SEE ALSO|RELATED|WATCH|LISTEN|RECOMMENDED|TRENDING|VIDEO|PHOTOS"
PROMO = re.compile(
    rf"^(?:(?:{_MARKERS})(?:\s*[:|»›>–—-]\s*|\s+(?=[A-Z0-9“‘\"']))"  # "MORE: …", "ALSO | …", "ALSO Coffee…"
    r"|(?i:read more|read also|also read|see also|related|more|watch|listen|recommended)\s*:\s*)\S"  # "Read more: …"
)
_CREDIT = r"^(?:photo(?:graph)?|image|picture|illustration|credit|video)s?(?: credit)?\s*:"
_COOKIES = r"\b(?:we use cookies|cookie (?:policy|settings|preferences)|accept (?:all )?cookies)\b"
_SOCIAL = r"(?:facebook|twitter|instagram|youtube|tiktok|linkedin|threads|bluesky|x\.com)\b"
FORMS = (
    (re.compile(_CREDIT, re.I), "photo credit"),
    (re.compile(_COOKIES, re.I), "cookie notice"),
    (re.compile(r"^(?:sign up|subscribe|get (?:the|our) .{0,60}newsletter)\b", re.I), "newsletter sign-up"),
    (re.compile(rf"^(?:follow|like|join|connect with|check out|find)\b.{{0,80}}\b{_SOCIAL}", re.I), "social media"),
    (re.compile(r"^(?:©|\(c\)|copyright\b)", re.I), "copyright line"),
    (re.compile(r"^(?:tags|topics|filed under|categories)\s*:", re.I), "topic tags"),
)
BYLINE = re.compile(r"^by\s+(?P<name>[^,|·•–—(]+?)\s*(?:[,|·•–—(].*)?$", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))\b",
    re.I,
)
NAME_PARTICLES = ("and", "de", "van", "von", "da", "di", "le")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DATELINE_WORDS = 10


@dataclass
class Sorted:
    """An article's paragraphs sorted: those kept, those left out with why, and what the opening said."""

    kept: list[str]
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (paragraph, why)
    byline: str = ""  # the name of the byline, as the article gives it
    dateline: str = ""  # the first date of the dateline, YYYY-MM-DD


def sort_paragraphs(paragraphs: list[str], title: str = "") -> Sorted:
    """Return `paragraphs` with the furniture, a repeat of the title, the byline and the dateline left out."""
    result = Sorted([])
    for index, paragraph in enumerate(paragraphs):
        opening = index < MAX_OPENING and not any(count_words(p) > DATELINE_WORDS for p in result.kept)
        why = _why_left_out(paragraph, title if not result.kept else "", opening, result)
        if why:
            result.left_out.append((paragraph, why))
        else:
            result.kept.append(paragraph)
    return result


def _why_left_out(paragraph: str, title: str, opening: bool, result: Sorted) -> str | None:
    if title and fold(paragraph) == fold(title):
        return "the title again"
    if opening and (name := read_byline(paragraph)):
        result.byline = result.byline or name
        result.dateline = result.dateline or _first_date(paragraph)  # "By Dana Whitfield · 15 March 2024"
        return "byline"
    if opening and (date := read_dateline(paragraph)):
        result.dateline = result.dateline or date
        return "dateline"
    return why_furniture(paragraph)


def why_furniture(paragraph: str) -> str | None:
    """Return what kind of page furniture `paragraph` is ("advertisement", …), or None for the article's text."""
    text = " ".join(paragraph.split())
    if fold(text) in FURNITURE:
        return FURNITURE[fold(text)]
    if count_words(text) > MAX_FURNITURE_WORDS:
        return None
    if PROMO.match(text) and not text.endswith("."):
        return "another story's headline"
    return next((why for form, why in FORMS if form.search(text)), None)


def read_byline(paragraph: str) -> str:
    """Return the name a byline gives ("By Dana Whitfield, Health reporter" gives "Dana Whitfield"), else ""."""
    text = " ".join(paragraph.split())
    found = BYLINE.match(text) if count_words(text) <= 12 and not text.endswith(".") else None
    name = found["name"].strip() if found else ""
    named = all(word[:1].isupper() or word in NAME_PARTICLES for word in name.split())
    return name if name and named else ""


def read_dateline(paragraph: str) -> str:
    """Return the first date of a short dateline ("Updated: 15 March 2024, 9:30am") as YYYY-MM-DD, else ""."""
    text = " ".join(paragraph.split())
    found = DATE.search(text)
    rest = (text[: found.start()] + text[found.end() :]) if found else text
    return to_iso(found) if found and count_words(rest) <= DATELINE_WORDS // 2 else ""


def _first_date(text: str) -> str:
    found = DATE.search(text)
    return to_iso(found) if found else ""


def to_iso(found: re.Match) -> str:
    """Return the date a DATE match names as YYYY-MM-DD, or "" when it names no real day."""
    year, month, day = (next(found[f"{part}{n}"] for n in (1, 2, 3) if found[f"{part}{n}"]) for part in "ymd")
    number = int(month) if month.isdigit() else MONTHS.index(month[:3].lower()) + 1
    try:
        return datetime.date(int(year), number, int(day)).isoformat()
    except ValueError:
        return ""


def fold(text: str) -> str:
    """Return `text` compared loosely: lower case, compatibility forms, words only."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]+", " ", folded).split())


def count_words(text: str) -> int:
    """Return the number of words (runs of non-space characters) in `text`."""
    return len(text.split())
