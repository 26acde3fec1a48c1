"""Read the file a curator gives add-source: a regular file, bounded in size, and which kind of document it is.

A curator names a file on their own disk, but a saved web page or a PDF comes from
anywhere, and a path may name a pipe, a device or a file of /proc. So the path is
checked before it is opened (a regular file, not empty, within its bound), opened
without blocking, checked again on the open file, and read no further than its bound:
a pipe, /dev/zero or /proc/self/environ is refused in one line and never read.

Tested in tests/curation/test_originals.py.
"""

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from analysis.common.limits import MAX_ORIGINAL_BYTES, MAX_TEXT_BYTES, refuse_large
from analysis.common.problems import Problem, WorkbookError

HTML, MHTML, PDF, TEXT = "html", "mhtml", "pdf", "text"
DESCRIPTIONS = {HTML: "a saved web page", MHTML: "a saved web page (MHTML)", PDF: "a PDF", TEXT: "a text"}
EXTENSIONS = {
    **dict.fromkeys((".html", ".htm", ".xhtml", ".shtml"), HTML),
    **dict.fromkeys((".mhtml", ".mht"), MHTML),
    ".pdf": PDF,
    **dict.fromkeys((".txt", ".text", ".md", ""), TEXT),
}
CONVERT = {  # what to do with a kind add-source does not read
    (".doc", ".docx", ".odt", ".rtf", ".pages"): "save it as PDF (File › Save as or Export), or its text as .txt",
    (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".webp", ".heic"): (
        "an image has no text to quote: run OCR first (e.g. ocrmypdf on a PDF of it), or type the text into a .txt file"
    ),
    (".epub", ".mobi", ".azw3"): "export the chapter as PDF or plain text first",
}
SUPPORTED = "add-source reads a saved web page (.html, .htm, .mhtml), a PDF (.pdf) or UTF-8 text (.txt)"
SYSTEM_FOLDERS = ("/proc", "/sys")
_MODES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True)
class Original:
    """A document as the curator gave it: its path, its bytes and its kind (html, mhtml, pdf or text)."""

    path: Path
    data: bytes
    kind: str

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self.kind]


def read_original(path) -> Original:
    """Return the document at `path`; raise WorkbookError, in one line, for a file add-source cannot read.

    Refused before any byte is read: a missing file, anything but a regular file, an
    empty file, a kind of document add-source does not read, and a file over its bound
    (MAX_TEXT_BYTES for a text, MAX_ORIGINAL_BYTES for a web page or PDF).
    """
    path = Path(path)
    _refuse_unreadable(path, _stat(path), MAX_ORIGINAL_BYTES, _what(""))  # a missing file or a folder first
    kind = kind_from_name(path)
    data = read_regular_file(path, MAX_TEXT_BYTES if kind == TEXT else MAX_ORIGINAL_BYTES, _what(kind))
    return Original(path, data, sniff_kind(path, data, kind))


def kind_from_name(path: Path) -> str:
    """Return the kind of document the file's name says; raise WorkbookError for a kind add-source does not read."""
    suffix = path.suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    hint = next((advice for suffixes, advice in CONVERT.items() if suffix in suffixes), None)
    raise WorkbookError(
        Problem(path, f"add-source does not read '{suffix}' files", hint=f"{hint}; {SUPPORTED}" if hint else SUPPORTED)
    )


def read_regular_file(path: Path, limit: int, what: str = "file") -> bytes:
    """Return the bytes of the regular file `path`, refusing in one line anything else or anything over `limit`."""
    _refuse_unreadable(path, _stat(path), limit, what)
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise WorkbookError(Problem(path, f"cannot open the file: {exc.strerror}")) from None
    with os.fdopen(handle, "rb") as file:
        opened = os.fstat(handle)
        _refuse_unreadable(path, opened, limit, what)  # the path may have been swapped since it was checked
        data = file.read(limit + 1)
    if len(data) != opened.st_size:
        raise WorkbookError(
            Problem(
                path,
                f"the file changed while it was read ({opened.st_size:,} bytes, then {len(data):,})",
                hint="add a copy of it that nothing is writing to",
            )
        )
    return data


def _stat(path: Path) -> os.stat_result:
    system = next((root for root in SYSTEM_FOLDERS if Path(os.path.realpath(path)).is_relative_to(root)), None)
    if system:  # their files say they are empty, then read as much as they hold: the environment, the memory
        raise WorkbookError(
            Problem(path, f"not a document but a file of the running system ({system})", hint="add a saved document")
        )
    try:
        return os.stat(path)
    except FileNotFoundError:
        raise WorkbookError(
            Problem(path, "no such file", hint="check the path (a name with spaces needs quotes around it)")
        ) from None
    except OSError as exc:
        raise WorkbookError(Problem(path, f"cannot read the file: {exc.strerror}")) from None


def _refuse_unreadable(path: Path, info: os.stat_result, limit: int, what: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _MODES if test(info.st_mode)), "not a file")
        raise WorkbookError(
            Problem(path, f"not a regular file but {kind}", hint="give the path of a saved document, not of a folder")
            if stat.S_ISDIR(info.st_mode)
            else Problem(path, f"not a regular file but {kind}", hint="save the document to a file and add that")
        )
    if info.st_size == 0:
        raise WorkbookError(Problem(path, "the file is empty", hint="add the document's text, verbatim"))
    if info.st_size > limit:
        raise WorkbookError(refuse_large(path, limit, what) or Problem(path, f"the {what} is too large"))


def sniff_kind(path: Path, data: bytes, named: str) -> str:
    """Return the kind the bytes show, which wins over the name for a PDF; refuse a .pdf that is not one."""
    if b"%PDF-" in data[:1024]:
        return PDF
    if named == PDF:
        raise WorkbookError(
            Problem(
                path,
                "not a PDF: the file does not start with %PDF-",
                hint="check that it is the file you meant (a web page saved with the wrong name? rename it .html)",
            )
        )
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if named == TEXT and path.suffix == "" and head.startswith((b"<!doctype html", b"<html")):
        return HTML
    if named == TEXT and path.suffix == "" and head.startswith(b"mime-version:") and b"multipart/related" in head:
        return MHTML
    return named


def _what(kind: str) -> str:
    return "text" if kind == TEXT else "document"


def is_original(kind: str) -> bool:
    """Return whether a document of `kind` is extracted (a web page, a PDF) rather than copied (a text)."""
    return kind in (HTML, MHTML, PDF)
