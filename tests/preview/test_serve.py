"""The preview's web server: only the reports folder, only on this machine, a reload script in served pages only.

Every wait is on something the server sends (a status, a line of an event stream), with a deadline.
"""

import os
import queue
import socket
import threading
from http.client import HTTPConnection, HTTPException
from pathlib import Path

import pytest

from analysis.common.problems import WorkbookError
from analysis.preview.serve import Changes, find_file, fingerprint, inject_script, start_server
from conftest import wait_until

PAGE = "<!DOCTYPE html><html><head><title>Anxiety</title></head><body><main>A claim.</main></body></html>"
WAIT_SECONDS = 10  # the deadline of every wait: only a broken server reaches it


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """A small reports folder, with a secret next to it and links from it to the secret and its folder."""
    tmp_path = tmp_path_factory.mktemp("serve")
    root = tmp_path / "reports"
    (root / "condition").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "index.html").write_text(PAGE.replace("Anxiety", "Index"))
    (root / "condition" / "anxiety.html").write_text(PAGE)
    (root / "data" / "claims.csv").write_text("claim_id,claim\nC0001,</body>\n")
    (root / ".manifest.json").write_text("{}")
    (tmp_path / "secret.txt").write_text("not for the browser")
    (root / "condition" / "leak.html").symlink_to(tmp_path / "secret.txt")
    (root / "outside").symlink_to(tmp_path, target_is_directory=True)
    return root


@pytest.fixture(scope="module")
def site(reports):
    """A server for the tests that only read: stopping one takes a tenth of a second or two."""
    server = start_server(reports, Changes(), "127.0.0.1", 0)
    yield server
    server.close()


@pytest.fixture
def served(reports):
    """A server of its own, for a test that changes what the open pages are told."""
    changes = Changes()
    server = start_server(reports, changes, "127.0.0.1", 0)
    yield server, changes
    server.close()


def get(server, path: str, host: str | None = None, method: str = "GET"):
    """Send `path` exactly as written (no normalisation), return (status, headers, body)."""
    connection = HTTPConnection(server.host, server.port, timeout=WAIT_SECONDS)
    connection.putrequest(method, path, skip_host=host is not None)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def test_binds_to_the_loopback_address_by_default(site):
    server = site
    assert server.host == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.port}/"


def test_serves_the_index_and_pages(site):
    server = site
    status, headers, body = get(server, "/")
    assert status == 200 and b"<title>Index</title>" in body
    assert headers["Content-Type"] == "text/html; charset=utf-8" and headers["Cache-Control"] == "no-store"
    assert headers["X-Content-Type-Options"] == "nosniff" and "server" not in headers
    assert get(server, "/condition/anxiety.html")[0] == 200


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/condition/../../secret.txt",
        "/condition/%2E%2E/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%252e%252e/secret.txt",  # decoded once only
        "/condition/leak.html",  # a link that leads outside the folder
        "/outside/secret.txt",  # a folder link that leads outside
        "/.manifest.json",  # hidden files: the manifest, the lock, a build's staging folder
        "/%2emanifest.json",
        "/condition/",  # a folder without an index: no listing
        "/data/",
        "/condition/missing.html",
        "/condition\\..\\..\\secret.txt",
        "/%00",
    ],
)
def test_refuses_what_is_not_a_file_under_the_reports_folder(site, path):
    server = site
    status, _, body = get(server, path)
    assert status == 404
    assert b"not for the browser" not in body


def test_adds_the_reload_script_to_served_pages_only(site, reports):
    server = site
    _, _, body = get(server, "/condition/anxiety.html")
    assert body.count(b"<script>") == 1 and body.index(b"<script>") < body.index(b"</body>")
    assert b'"condition/anxiety.html"' in body and b"/__preview__/events" in body
    assert "<script" not in (reports / "condition" / "anxiety.html").read_text()  # the file on disk stays as built
    status, headers, csv_body = get(server, "/data/claims.csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert csv_body == (reports / "data" / "claims.csv").read_bytes()  # no script, though it holds "</body>"


def test_head_answers_without_a_body_and_other_methods_are_refused(site):
    server = site
    status, headers, body = get(server, "/condition/anxiety.html", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > len(PAGE)
    for method in ("POST", "PUT", "DELETE", "OPTIONS"):
        assert get(server, "/condition/anxiety.html", method=method)[0] == 405
    assert get(server, "/__preview__/events?page=index.html&seen=x", method="POST")[0] == 405


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example", "10.0.0.1", ""])
def test_refuses_requests_addressed_to_another_host_name(site, host):
    server = site
    status, _, body = get(server, "/", host=host.format(port=server.port))  # a DNS name pointed at 127.0.0.1
    assert status == 400 and b"Index" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost", "[::1]:{port}"])
def test_answers_requests_addressed_to_a_loopback_name(site, host):
    server = site
    assert get(server, "/", host=host.format(port=server.port))[0] == 200


def test_a_port_in_use_is_one_line_with_a_hint(reports):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        with pytest.raises(WorkbookError) as caught:
            start_server(reports, Changes(), "127.0.0.1", port)
    finally:
        taken.close()
    message = str(caught.value)
    assert "\n" not in message and f"port {port} on 127.0.0.1 is in use" in message and "--port" in message


def test_without_an_index_yet_the_root_says_the_first_build_runs(tmp_path):
    server = start_server(tmp_path, Changes(), "127.0.0.1", 0)
    try:
        status, _, body = get(server, "/")
    finally:
        server.close()
    assert status == 503 and b"first build is running" in body and b'"missing"' in body


class Stream:
    """An event stream read in a thread, as the page's script reads it; its lines come through a queue."""

    def __init__(self, server, page: str, seen: str):
        self.connection = HTTPConnection(server.host, server.port, timeout=WAIT_SECONDS)
        self.connection.request("GET", f"/__preview__/events?page={page}&seen={seen}")
        self.sock = self.connection.sock
        self.response = self.connection.getresponse()
        self.lines, self.seen = queue.Queue(), []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            for raw in self.response:
                self.lines.put(raw.decode().rstrip("\n"))
        except (OSError, HTTPException):  # closed by the test (as a tab is) in the middle of a chunk
            pass
        self.lines.put(None)  # the stream ended

    def wait_for(self, line: str) -> list[str]:
        """Return the lines read up to `line`; fail if the stream ends or `line` does not come in time."""
        while line not in self.seen:
            try:
                got = self.lines.get(timeout=WAIT_SECONDS)
            except queue.Empty:
                raise AssertionError(f"no {line!r} in {WAIT_SECONDS} s; the stream said {self.seen}") from None
            if got is None:
                raise AssertionError(f"the stream ended without {line!r}; it said {self.seen}")
            self.seen.append(got)
        return self.seen

    def wait_for_end(self) -> None:
        while self.lines.get(timeout=WAIT_SECONDS) is not None:
            pass

    def close(self):
        """Close the connection as a closed tab does (the reading thread holds the socket too: shut it down)."""
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.thread.join(WAIT_SECONDS)
        self.response.close()
        self.connection.close()


def test_the_event_stream_says_reload_once_the_page_is_replaced(served, reports):
    server, changes = served
    page = reports / "condition" / "anxiety.html"
    stream = Stream(server, "condition/anxiety.html", fingerprint(page))
    try:
        stream.wait_for("retry: 500")
        assert changes.open_pages() == {"condition/anxiety.html"}  # a build runs this page first
        changes.notify()  # a build that left this page as it was
        changes.notify(problem="a marker")  # seen only after the stream looked at the page again
        assert "event: reload" not in stream.wait_for("data: a marker")
        replacement = reports / "condition" / ".anxiety.new"
        replacement.write_text(PAGE)  # a new file, as a build writes it
        os.replace(replacement, page)
        changes.notify()
        stream.wait_for("event: reload")
        stream.wait_for_end()  # the page reloads and opens a new stream
    finally:
        stream.close()


def test_a_page_changed_before_its_stream_opened_reloads_at_once(site, reports):
    server = site
    stream = Stream(server, "condition/anxiety.html", "an-older-file")
    try:
        stream.wait_for("event: reload")
    finally:
        stream.close()


def test_the_event_stream_shows_and_clears_the_problem_of_a_failed_rebuild(served, reports):
    server, changes = served
    stream = Stream(server, "condition/anxiety.html", fingerprint(reports / "condition" / "anxiety.html"))
    try:
        stream.wait_for("retry: 500")
        changes.notify(problem="Not rebuilt: claims/claims.csv:3: column 'direction': unknown term\n'x'")
        lines = stream.wait_for("data: Not rebuilt: claims/claims.csv:3: column 'direction': unknown term 'x'")
        assert lines[-2] == "event: problem"
        changes.notify(problem="")
        assert stream.wait_for("data: ")[-2] == "event: problem"
        assert "event: reload" not in stream.seen
    finally:
        stream.close()


def test_a_page_opened_while_a_rebuild_is_failing_shows_the_problem_at_once(served, reports):
    server, changes = served
    changes.notify(problem="Not rebuilt: a problem")
    stream = Stream(server, "condition/anxiety.html", fingerprint(reports / "condition" / "anxiety.html"))
    try:
        stream.wait_for("data: Not rebuilt: a problem")
    finally:
        stream.close()


def test_a_closed_tab_is_no_longer_an_open_page(served, reports):
    server, changes = served
    stream = Stream(server, "condition/anxiety.html", fingerprint(reports / "condition" / "anxiety.html"))
    stream.wait_for("retry: 500")
    stream.close()
    assert wait_until(lambda: changes.open_pages() == set(), WAIT_SECONDS)  # the server notices the closed connection


def test_an_event_stream_for_a_page_that_is_not_there_is_refused(site):
    server = site
    assert get(server, "/__preview__/events?page=../secret.txt&seen=x")[0] == 404
    assert get(server, "/__preview__/events?page=.manifest.json&seen=x")[0] == 404
    assert get(server, "/__preview__/events")[0] == 404


def test_closing_ends_the_event_streams_and_frees_the_port(reports):
    changes = Changes()
    server = start_server(reports, changes, "127.0.0.1", 0)
    stream = Stream(server, "condition/anxiety.html", fingerprint(reports / "condition" / "anxiety.html"))
    stream.wait_for("retry: 500")
    server.close()
    stream.wait_for_end()
    stream.close()
    assert not server.thread.is_alive()
    with pytest.raises(OSError):
        socket.create_connection((server.host, server.port), timeout=WAIT_SECONDS).close()


def test_connections_past_the_limit_are_answered_503(reports):
    changes = Changes()
    server = start_server(reports, changes, "127.0.0.1", 0, max_connections=3)
    streams = []
    try:
        streams.append(Stream(server, "index.html", fingerprint(reports / "index.html")))
        streams[0].wait_for("retry: 500")
        assert get(server, "/")[0] == 200  # two connections: the stream and this one
        streams.append(Stream(server, "index.html", fingerprint(reports / "index.html")))
        streams[1].wait_for("retry: 500")
        status, _, body = get(server, "/")  # three: one too many
        assert status == 503 and b"Index" not in body
    finally:
        for stream in streams:
            stream.close()
        server.close()


def test_find_file_maps_a_folder_to_its_index(reports):
    assert find_file(reports.resolve(), "/") == (reports / "index.html").resolve()
    assert find_file(reports.resolve(), "/condition/anxiety.html") == (reports / "condition" / "anxiety.html").resolve()
    assert find_file(reports.resolve(), "/condition/leak.html") is None


def test_the_script_cannot_be_closed_by_a_page_name():
    html = inject_script(b"<html><body></body></html>", "x</script><script>alert(1)</script>.html", "1-2-3")
    assert html.count(b"</script>") == 1
    assert html.endswith(b"</script>\n</body></html>")
