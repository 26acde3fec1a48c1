"""The preview's web server: only the reports folder, only on this machine, a reload script in served pages only."""

import os
import socket
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

import pytest

from analysis.common.problems import WorkbookError
from analysis.preview.serve import Changes, find_file, fingerprint, host_name, inject_script, start_server

PAGE = "<!DOCTYPE html><html><head><title>Anxiety</title></head><body><main>A claim.</main></body></html>"


@pytest.fixture
def reports(tmp_path) -> Path:
    """A small reports folder, with a secret next to it and a link from it to the secret."""
    root = tmp_path / "reports"
    (root / "condition").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "index.html").write_text(PAGE.replace("Anxiety", "Index"))
    (root / "condition" / "anxiety.html").write_text(PAGE)
    (root / "data" / "claims.csv").write_text("claim_id,claim\nC0001,</body>\n")
    (root / ".manifest.json").write_text("{}")
    (tmp_path / "secret.txt").write_text("not for the browser")
    (root / "condition" / "leak.html").symlink_to(tmp_path / "secret.txt")
    return root


@pytest.fixture
def served(reports):
    changes = Changes()
    server = start_server(reports, changes, "127.0.0.1", 0)
    yield server, changes
    server.close()


def get(server, path: str, host: str | None = None, method: str = "GET"):
    """Send `path` exactly as written (no normalisation), return (status, headers, body)."""
    connection = HTTPConnection(*server.server_address[:2], timeout=10)
    connection.putrequest(method, path, skip_host=host is not None)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def test_binds_to_the_loopback_address_by_default(served):
    server, _ = served
    assert server.server_address[0] == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.server_address[1]}/"


def test_serves_the_index_and_pages(served):
    server, _ = served
    status, headers, body = get(server, "/")
    assert status == 200 and b"<title>Index</title>" in body
    assert headers["Content-Type"] == "text/html; charset=utf-8" and headers["Cache-Control"] == "no-store"
    assert get(server, "/condition/anxiety.html")[0] == 200


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/condition/../../secret.txt",
        "/condition/%2E%2E/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/condition/leak.html",  # a link that leads outside the folder
        "/.manifest.json",  # hidden files: the manifest, the lock, a build's staging folder
        "/condition/",  # a folder without an index: no listing
        "/condition/missing.html",
        "/condition\\..\\..\\secret.txt",
        "/%00",
    ],
)
def test_refuses_what_is_not_a_file_under_the_reports_folder(served, path):
    server, _ = served
    status, _, body = get(server, path)
    assert status == 404
    assert b"not for the browser" not in body


def test_adds_the_reload_script_to_served_pages_only(served, reports):
    server, _ = served
    _, _, body = get(server, "/condition/anxiety.html")
    assert body.count(b"<script>") == 1 and body.index(b"<script>") < body.index(b"</body>")
    assert b'"condition/anxiety.html"' in body and b"/__preview__/events" in body
    assert "<script" not in (reports / "condition" / "anxiety.html").read_text()  # the file on disk stays as built
    status, headers, csv_body = get(server, "/data/claims.csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert csv_body == (reports / "data" / "claims.csv").read_bytes()  # no script, though it holds "</body>"


def test_head_answers_without_a_body_and_other_methods_are_refused(served):
    server, _ = served
    status, headers, body = get(server, "/condition/anxiety.html", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > len(PAGE)
    assert get(server, "/condition/anxiety.html", method="POST")[0] == 501


def test_refuses_requests_addressed_to_another_host_name(served):
    server, _ = served
    port = server.server_address[1]
    assert get(server, "/", host=f"attacker.example:{port}")[0] == 403  # a DNS name pointed at 127.0.0.1
    assert get(server, "/", host=f"localhost:{port}")[0] == 200
    assert get(server, "/", host=f"[::1]:{port}")[0] == 200


def test_host_name_drops_the_port_and_brackets():
    assert host_name("LocalHost:8000") == "localhost"
    assert host_name("[::1]:8000") == "::1"
    assert host_name("127.0.0.1") == "127.0.0.1"


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
    """An event stream read in a thread, as the page's script reads it."""

    def __init__(self, server, page: str, seen: str):
        self.connection = HTTPConnection(*server.server_address[:2], timeout=10)
        self.connection.request("GET", f"/__preview__/events?page={page}&seen={seen}")
        self.response = self.connection.getresponse()
        self.lines = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            for raw in self.response:
                self.lines.append(raw.decode().rstrip("\n"))
        except OSError:
            pass

    def wait_for(self, line: str, timeout: float = 5) -> bool:
        deadline = time.monotonic() + timeout
        while line not in self.lines and time.monotonic() < deadline:
            time.sleep(0.01)
        return line in self.lines

    def close(self):
        self.connection.close()


def test_the_event_stream_says_reload_once_the_page_is_replaced(served, reports):
    server, changes = served
    page = reports / "condition" / "anxiety.html"
    stream = Stream(server, "condition/anxiety.html", fingerprint(page))
    try:
        assert stream.wait_for("retry: 500")
        assert changes.open_pages() == {"condition/anxiety.html"}  # a build runs this page first
        changes.notify()  # a build that left this page as it was
        time.sleep(0.2)
        assert "event: reload" not in stream.lines
        replacement = reports / "condition" / ".anxiety.new"
        replacement.write_text(PAGE.replace("A claim.", "A reworded claim."))
        os.replace(replacement, page)
        changes.notify()
        assert stream.wait_for("event: reload")
    finally:
        stream.close()


def test_a_page_changed_before_its_stream_opened_reloads_at_once(served, reports):
    server, _ = served
    stream = Stream(server, "condition/anxiety.html", "an-older-file")
    try:
        assert stream.wait_for("event: reload")
    finally:
        stream.close()


def test_the_event_stream_shows_and_clears_the_problem_of_a_failed_rebuild(served, reports):
    server, changes = served
    stream = Stream(server, "condition/anxiety.html", fingerprint(reports / "condition" / "anxiety.html"))
    try:
        changes.notify(problem="Not rebuilt: claims/claims.csv:3: column 'direction': unknown term\n'x'")
        assert stream.wait_for("data: Not rebuilt: claims/claims.csv:3: column 'direction': unknown term 'x'")
        changes.notify(problem="")
        assert stream.wait_for("data: ")
        assert "event: reload" not in stream.lines
    finally:
        stream.close()


def test_an_event_stream_for_a_page_that_is_not_there_is_refused(served):
    server, _ = served
    assert get(server, "/__preview__/events?page=../secret.txt&seen=x")[0] == 404


def test_find_file_maps_a_folder_to_its_index(reports):
    assert find_file(reports.resolve(), "/") == (reports / "index.html").resolve()
    assert find_file(reports.resolve(), "/condition/anxiety.html") == (reports / "condition" / "anxiety.html").resolve()
    assert find_file(reports.resolve(), "/condition/leak.html") is None


def test_the_script_cannot_be_closed_by_a_page_name():
    html = inject_script(b"<html><body></body></html>", "x</script><script>alert(1)</script>.html", "1-2-3")
    assert html.count(b"</script>") == 1
    assert html.endswith(b"</script>\n</body></html>")
