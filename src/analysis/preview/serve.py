"""Serve the reports folder to the browser for the live preview (Starlette on uvicorn); tell open pages of changes.

Only the regular files under the reports folder are served: no directory listing, no `..`,
no hidden file (the manifest, the lock, a build's staging folder), nothing a link leads to
outside the folder, and only GET and HEAD. By default it binds to 127.0.0.1 and answers only
requests addressed to a loopback name (127.0.0.1, localhost, [::1]; Starlette's
TrustedHostMiddleware), so that a web page elsewhere cannot read the reports through a DNS
name it points at this machine; uvicorn turns away connections past MAX_CONNECTIONS with
503. HTML responses get a small script, added as they are sent (the files on disk stay
script-free): it listens on `/__preview__/events`, a Server-Sent Events stream that says
`reload` as soon as the page's file on disk is no longer the one served (the build replaced
it), and `problem` with a line of text while the last rebuild failed.

Tested in tests/preview/test_serve.py.
"""

import asyncio
import errno
import ipaddress
import json
import mimetypes
import os
import socket
import threading
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from analysis.common.problems import WorkbookError

EVENTS_PATH = "/__preview__/events"
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"]  # as the Host header names them
MAX_CONNECTIONS = 64  # open pages (each holds its event stream) and requests at once; more are answered 503
KEEPALIVE_SECONDS = 15  # a comment line this often keeps an idle event stream open through any proxy
RETRY_MILLISECONDS = 500  # how soon a browser reconnects when the stream drops (a restarting preview)
STOP_SECONDS = 5  # how long stopping waits for the server's thread
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
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
    """What the open pages wait on: a count of published changes, the last rebuild's problem, and who is watching.

    The build's thread calls `notify`; the event streams, on the server's event loop, await `wait`.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._waiters: set = set()  # (event loop, future) of each stream waiting
        self._watching = Counter()
        self.generation, self.problem, self.closed = 0, "", False

    def notify(self, problem: str | None = None) -> None:
        """Wake every open page to look at its file again; `problem` (when given) replaces the banner's text."""
        with self._lock:
            self.generation += 1
            if problem is not None:
                self.problem = problem
            self._wake()

    async def wait(self, generation: int, timeout: float) -> int:
        """Wait until a change after `generation` (or the end), at most `timeout` seconds; return the generation."""
        waiter = (asyncio.get_running_loop(), asyncio.get_running_loop().create_future())
        with self._lock:
            if self.generation != generation or self.closed:
                return self.generation
            self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter[1], timeout)
        except TimeoutError:
            pass
        finally:
            with self._lock:
                self._waiters.discard(waiter)
        return self.generation

    def close(self) -> None:
        """End every event stream."""
        with self._lock:
            self.closed = True
            self._wake()

    def _wake(self) -> None:
        for loop, future in self._waiters:
            try:
                loop.call_soon_threadsafe(lambda f=future: f.done() or f.set_result(None))
            except RuntimeError:  # that loop is closed: its server has stopped
                pass
        self._waiters.clear()

    @contextmanager
    def watching(self, page: str):
        """Count `page` as open in a browser for the block."""
        with self._lock:
            self._watching[page] += 1
        try:
            yield
        finally:
            with self._lock:
                self._watching[page] -= 1

    def open_pages(self) -> set[str]:
        """Return the pages (paths relative to the reports folder) that a browser shows now."""
        with self._lock:
            return {page for page, count in self._watching.items() if count > 0}


def make_app(root: Path, changes: Changes, hosts=LOOPBACK_HOSTS) -> Starlette:
    """Return the web app of the preview: the files of `root` and the event streams of `changes`, for `hosts`."""
    app = Starlette(
        routes=[
            Route(EVENTS_PATH, stream_events, methods=["GET"]),
            Route("/{path:path}", serve_file, methods=["GET", "HEAD"]),
        ],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts), www_redirect=False)],
    )
    app.state.root, app.state.changes = Path(root).resolve(), changes
    return app


class PreviewServer:
    """uvicorn serving the preview's app in a thread, on a socket already listening."""

    def __init__(self, app: Starlette, sock: socket.socket, max_connections: int = MAX_CONNECTIONS):
        self.changes = app.state.changes
        self.host, self.port = sock.getsockname()[:2]
        config = uvicorn.Config(
            app,
            http="h11",
            loop="asyncio",
            ws="none",
            lifespan="off",
            log_level="error",  # a line per request would bury the build's lines on the terminal
            access_log=False,
            server_header=False,
            limit_concurrency=max_connections,
            timeout_graceful_shutdown=STOP_SECONDS,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, args=([sock],), name="preview-server", daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://{'[' + self.host + ']' if ':' in self.host else self.host}:{self.port}/"

    def close(self) -> None:
        """End the event streams, stop serving and free the port."""
        self.changes.close()
        self.server.should_exit = True
        self.thread.join(STOP_SECONDS)


def bind_socket(host: str = "127.0.0.1", port: int = 8000) -> socket.socket:
    """Return a socket listening on `host`:`port`; say in one line why when the port cannot be had."""
    address = host.strip("[]")
    sock = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((address, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise WorkbookError(
                f"port {port} on {host} is in use (another preview, or another server); "
                f"hint: choose another with --port, e.g. --port {port + 1}"
            ) from None
        raise WorkbookError(
            f"cannot serve on {host}:{port}: {exc.strerror or exc}; hint: check --host and --port"
        ) from None
    return sock


def start_server(
    root: Path, changes: Changes, host: str = "127.0.0.1", port: int = 8000, *, sock=None, max_connections=None
) -> PreviewServer:
    """Serve `root` in a thread on `sock`, or on a socket bound to `host`:`port`; only to loopback names on loopback."""
    sock = sock or bind_socket(host, port)
    loopback = ipaddress.ip_address(sock.getsockname()[0]).is_loopback
    app = make_app(root, changes, LOOPBACK_HOSTS if loopback else ["*"])
    return PreviewServer(app, sock, max_connections or MAX_CONNECTIONS)


def find_file(root: Path, url_path: str) -> Path | None:
    """Return the file under `root` that `url_path` (decoded) names, or None when it names nothing to serve.

    A folder stands for its index.html. Refused: `..`, `.`, hidden names, backslashes and
    NUL bytes in any part, and any path that leads outside `root` through a link.
    """
    parts = [part for part in url_path.split("/") if part]
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


def serve_file(request: Request) -> Response:
    """Answer GET and HEAD for a file of the reports folder, with the script in HTML (a plain function: a thread)."""
    root = request.app.state.root
    url_path = request.scope["path"]  # decoded once by the server; decoding it again would let %252e through
    path = find_file(root, url_path)
    if path is None and url_path.strip("/") in ("", "index.html"):
        page = inject_script(WAITING_PAGE.encode(), "index.html", MISSING)
        return Response(page, 503, media_type="text/html", headers=HEADERS)
    try:
        with open(path, "rb") as file:
            body, seen = file.read(), _describe(os.fstat(file.fileno()))
    except (OSError, TypeError):  # no such file (None), or gone since it was found
        return PlainTextResponse("no such report\n", 404, headers=HEADERS)
    kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind == "text/html":
        body = inject_script(body, path.relative_to(root).as_posix(), seen)
    return Response(body, 200, media_type=kind, headers=HEADERS)


async def stream_events(request: Request) -> Response:
    """Stream `reload` once the page's file differs from the one the browser has, and the problem banner."""
    root, changes = request.app.state.root, request.app.state.changes
    page, seen = request.query_params.get("page", ""), request.query_params.get("seen", "")
    if not page or (find_file(root, page) is None and page != "index.html"):
        return PlainTextResponse("no such report\n", 404, headers=HEADERS)
    if request.method == "HEAD":
        return Response(b"", 200, media_type="text/event-stream", headers=HEADERS)
    return StreamingResponse(follow_page(root, changes, page, seen), media_type="text/event-stream", headers=HEADERS)


async def follow_page(root: Path, changes: Changes, page: str, seen: str):
    """Yield the events of one open page until it must reload or the preview stops."""
    with changes.watching(page):
        yield f"retry: {RETRY_MILLISECONDS}\n\n"
        generation, shown = -1, ""
        while not changes.closed:
            if fingerprint(find_file(root, page)) != seen:
                yield "event: reload\ndata: changed\n\n"
                return
            if changes.problem != shown:
                shown = changes.problem
                yield "event: problem\ndata: " + " ".join(shown.split()) + "\n\n"
            latest = await changes.wait(generation, KEEPALIVE_SECONDS)
            if latest == generation:
                yield ": still here\n\n"
            generation = latest


def _js_string(text: str) -> str:
    """Return `text` as a JavaScript string literal that cannot end the script element it sits in."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _describe(status: os.stat_result) -> str:
    return f"{status.st_ino}-{status.st_mtime_ns}-{status.st_size}"
