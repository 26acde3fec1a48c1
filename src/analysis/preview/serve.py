"""Serve the reports folder to a browser for the live preview, and tell each open page when its file changed.

A threaded `http.server` that serves only the files under the reports folder: no
directory listing, no `..`, no hidden file (the manifest, the lock, a build's staging
folder), nothing a link leads to outside the folder, and only GET and HEAD. By default it
binds to 127.0.0.1 and answers only requests addressed to a loopback name (127.0.0.1,
localhost, [::1]), so that a web page elsewhere cannot read the reports through a DNS name
it points at this machine. HTML responses get a small script, added as they are sent (the
files on disk stay script-free): it listens on `/__preview__/events`, a Server-Sent Events
stream that says `reload` as soon as the page's file on disk is no longer the one served
(the build replaced it), and `problem` with a line of text while the last rebuild failed.

Tested in tests/preview/test_serve.py.
"""

import errno
import json
import mimetypes
import os
import threading
from collections import Counter
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from analysis.common.problems import WorkbookError

EVENTS_PATH = "/__preview__/events"
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}
KEEPALIVE_SECONDS = 15  # a comment line this often finds a closed browser tab and frees its thread
RETRY_MILLISECONDS = 500  # how soon a browser reconnects when the stream drops (a restarting preview)
MISSING = "missing"
TYPES = {".ipynb": "application/x-ipynb+json", ".csv": "text/csv", ".json": "application/json"}
SCRIPT = (
    "<script>/* live preview: added by `analysis preview`, not in the file on disk */\n"
    "(function () {\n"
    '  var events = new EventSource("%s?page=" + encodeURIComponent(%s) + "&seen=" + encodeURIComponent(%s));\n'
    '  events.addEventListener("reload", function () { events.close(); location.reload(); });\n'
    '  events.addEventListener("problem", function (event) {\n'
    '    var banner = document.getElementById("preview-problem");\n'
    "    if (!banner) {\n"
    '      banner = document.createElement("p"); banner.id = "preview-problem"; banner.setAttribute("role", "alert");\n'
    '      banner.style.cssText = "position:sticky;top:0;margin:0;padding:.5em 1em;background:#fde2e1;color:#600;'
    'font:14px/1.4 sans-serif;z-index:10";\n'
    "      document.body.prepend(banner);\n"
    "    }\n"
    "    banner.textContent = event.data; banner.hidden = !event.data;\n"
    "  });\n"
    "})();\n"
    "</script>\n"
)
WAITING_PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Building the reports</title>"
    "<link rel='icon' href='data:,'></head><body><p>The first build is running; this page opens the "
    "reports when it is done.</p></body></html>"
)


class Changes:
    """What the open pages wait on: a count of published changes, the last rebuild's problem, and who is watching."""

    def __init__(self):
        self._condition = threading.Condition()
        self._watching = Counter()
        self.generation, self.problem, self.closed = 0, "", False

    def notify(self, problem: str | None = None) -> None:
        """Wake every open page to look at its file again; `problem` (when given) replaces the banner's text."""
        with self._condition:
            self.generation += 1
            if problem is not None:
                self.problem = problem
            self._condition.notify_all()

    def wait(self, generation: int, timeout: float) -> int:
        """Wait until a change after `generation` (or the end), at most `timeout` seconds; return the generation."""
        with self._condition:
            self._condition.wait_for(lambda: self.generation != generation or self.closed, timeout)
            return self.generation

    def close(self) -> None:
        """End every event stream."""
        with self._condition:
            self.closed = True
            self._condition.notify_all()

    @contextmanager
    def watching(self, page: str):
        """Count `page` as open in a browser for the block."""
        with self._condition:
            self._watching[page] += 1
        try:
            yield
        finally:
            with self._condition:
                self._watching[page] -= 1

    def open_pages(self) -> set[str]:
        """Return the pages (paths relative to the reports folder) that a browser shows now."""
        with self._condition:
            return {page for page, count in self._watching.items() if count > 0}


class PreviewServer(ThreadingHTTPServer):
    """The live preview's web server: the files of `root`, and the event streams of `changes`."""

    daemon_threads = True  # an open event stream never holds up the end of the preview
    allow_reuse_address = True

    def __init__(self, root: Path, changes: Changes, host: str = "127.0.0.1", port: int = 8000):
        self.root, self.changes = Path(root).resolve(), changes
        self.hosts = LOOPBACK_NAMES if host.strip("[]") in LOOPBACK_NAMES else None  # None: any, as asked
        super().__init__((host, port), PreviewHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"

    def close(self) -> None:
        """End the event streams, stop serving and free the port."""
        self.changes.close()
        self.shutdown()
        self.server_close()


def start_server(root: Path, changes: Changes, host: str = "127.0.0.1", port: int = 8000) -> PreviewServer:
    """Start serving `root` on `host`:`port` in a thread; say in one line why when the port cannot be had."""
    try:
        server = PreviewServer(root, changes, host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise WorkbookError(
                f"port {port} on {host} is in use (another preview, or another server); "
                f"hint: choose another with --port, e.g. --port {port + 1}"
            ) from None
        raise WorkbookError(
            f"cannot serve on {host}:{port}: {exc.strerror or exc}; hint: check --host and --port"
        ) from None
    threading.Thread(target=server.serve_forever, args=(0.05,), name="preview-server", daemon=True).start()
    return server


def find_file(root: Path, url_path: str) -> Path | None:
    """Return the file under `root` that `url_path` names, or None when it names nothing that may be served.

    A folder stands for its index.html. Refused: `..`, `.`, hidden names, backslashes and
    NUL bytes in any part, and any path that leads outside `root` through a link.
    """
    parts = [part for part in unquote(url_path).split("/") if part]
    if any(part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return None
    path = root.joinpath(*parts)
    if path.is_dir():
        path = path / "index.html"
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return resolved if resolved.is_file() and resolved.is_relative_to(root) else None


def fingerprint(path: Path | None) -> str:
    """Return what changes when a build replaces the file at `path`: its inode, time and size."""
    try:
        status = os.stat(path) if path else None
    except OSError:
        status = None
    return _describe(status) if status else MISSING


def inject_script(html: bytes, page: str, seen: str) -> bytes:
    """Return `html` with the live-reload script before its closing body tag (or at its end)."""
    script = (SCRIPT % (EVENTS_PATH, _js_string(page), _js_string(seen))).encode()
    at = html.lower().rfind(b"</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]


def host_name(header: str) -> str:
    """Return the host name of an HTTP Host header, in lower case, without its port or an IPv6 address's brackets."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _js_string(text: str) -> str:
    """Return `text` as a JavaScript string literal that cannot end the script element it sits in."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _describe(status: os.stat_result) -> str:
    return f"{status.st_ino}-{status.st_mtime_ns}-{status.st_size}"


class PreviewHandler(BaseHTTPRequestHandler):
    """Answer GET and HEAD for the files of the reports folder, and the event streams of the open pages."""

    server_version = "analysis-preview"
    server: PreviewServer

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self._answer(send_body=True)

    def do_HEAD(self):  # noqa: N802
        self._answer(send_body=False)

    def log_message(self, format, *args):
        """Say nothing: a line per request would bury the build's lines on the terminal."""

    def _answer(self, send_body: bool) -> None:
        if self.server.hosts and host_name(self.headers.get("Host", "")) not in self.server.hosts:
            return self._refuse(HTTPStatus.FORBIDDEN, "this preview answers only requests to 127.0.0.1 or localhost")
        url = urlsplit(self.path)
        if url.path == EVENTS_PATH:
            return self._stream_events(parse_qs(url.query))
        path = find_file(self.server.root, url.path)
        if path is None and url.path.strip("/") in ("", "index.html"):
            page = inject_script(WAITING_PAGE.encode(), "index.html", MISSING)
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, page, "text/html", send_body)
        try:
            with open(path, "rb") as file:
                body, seen = file.read(), _describe(os.fstat(file.fileno()))
        except (OSError, TypeError):  # no such file (None), or gone since it was found
            return self._refuse(HTTPStatus.NOT_FOUND, "no such report")
        kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind == "text/html":
            body = inject_script(body, path.relative_to(self.server.root).as_posix(), seen)
        self._send(HTTPStatus.OK, body, kind, send_body)

    def _send(self, status, body: bytes, kind: str, send_body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _refuse(self, status, text: str) -> None:
        self._send(status, (text + "\n").encode(), "text/plain", self.command != "HEAD")

    def _stream_events(self, query: dict) -> None:
        """Stream `reload` once the page's file differs from the one the browser has, and the problem banner."""
        page = (query.get("page") or [""])[0]
        seen = (query.get("seen") or [""])[0]
        if not page or (find_file(self.server.root, page) is None and page != "index.html"):
            return self._refuse(HTTPStatus.NOT_FOUND, "no such report")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        changes = self.server.changes
        with changes.watching(page):
            try:
                self._follow(page, seen, changes)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the tab was closed or reloaded

    def _follow(self, page: str, seen: str, changes: Changes) -> None:
        self.wfile.write(f"retry: {RETRY_MILLISECONDS}\n\n".encode())
        generation, shown = -1, ""
        while not changes.closed:
            if fingerprint(find_file(self.server.root, page)) != seen:
                self.wfile.write(b"event: reload\ndata: changed\n\n")
                return
            if changes.problem != shown:
                shown = changes.problem
                self.wfile.write(b"event: problem\ndata: " + " ".join(shown.split()).encode() + b"\n\n")
            self.wfile.flush()
            latest = changes.wait(generation, KEEPALIVE_SECONDS)
            if latest == generation:
                self.wfile.write(b": still here\n\n")
            generation = latest
