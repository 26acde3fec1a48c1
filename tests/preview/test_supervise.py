"""The preview's supervisor: the same socket for every child, a fresh child on request, signals passed on."""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from analysis.preview.serve import bind_socket
from analysis.preview.supervise import RESTART, supervise
from conftest import wait_until

WAIT_SECONDS = 20

# A stand-in for the preview's child: it notes the port of the socket it was given, then does what it is told.
CHILD = f"""
import os, signal, socket, sys
log, action, *options = sys.argv[1:]
port = socket.socket(fileno=int(options[options.index("--listen-fd") + 1])).getsockname()[1]
def stop(signum, frame):
    open(log, "a").write(f"stopped by {{signum}}\\n")
    if action == "sigint-at-exit":  # as CPython does after a KeyboardInterrupt it counts as unhandled
        os.kill(os.getpid(), signal.SIGINT)
    sys.exit(0)
signal.signal(signal.SIGINT, signal.SIG_DFL)
signal.signal(signal.SIGTERM, stop)
with open(log, "a") as file:
    file.write(f"started on {{port}}\\n")
starts = open(log).read().count("started")
if action == "restart-once":
    sys.exit({RESTART} if starts == 1 else 3)
if action == "die":
    os.kill(os.getpid(), signal.SIGKILL)
signal.pause()
"""


def run_child(log: Path, action: str) -> list[str]:
    return [sys.executable, "-c", CHILD, str(log), action]


def test_a_child_that_asks_for_a_restart_gets_a_fresh_one_on_the_same_socket(tmp_path):
    log, sock = tmp_path / "log", bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    assert supervise(sock, run_child(log, "restart-once")) == 3
    assert log.read_text().splitlines() == [f"started on {port}", f"started on {port}"]
    assert sock.fileno() == -1  # closed: the port is free again


@pytest.mark.parametrize(
    "signum, action",
    [(signal.SIGINT, "wait"), (signal.SIGTERM, "wait"), (signal.SIGHUP, "wait"), (signal.SIGINT, "sigint-at-exit")],
)
def test_ctrl_c_kill_and_a_closed_terminal_are_passed_on_as_kill(tmp_path, signum, action):
    log = tmp_path / "log"
    started = lambda: "started" in (log.read_text() if log.exists() else "")
    sender = threading.Thread(
        target=lambda: wait_until(started, WAIT_SECONDS) and os.kill(os.getpid(), signum), daemon=True
    )
    before = {each: signal.getsignal(each) for each in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    sender.start()
    assert supervise(bind_socket("127.0.0.1", 0), run_child(log, action)) == 0
    sender.join()
    assert log.read_text().splitlines()[-1] == f"stopped by {signal.SIGTERM.value}"
    assert {each: signal.getsignal(each) for each in before} == before  # the supervisor's handlers are gone


def test_a_child_ended_by_a_signal_is_said_in_one_line(tmp_path):
    lines = []
    assert supervise(bind_socket("127.0.0.1", 0), run_child(tmp_path / "log", "die"), echo=lines.append) == 137
    assert lines == ["the preview stopped: its process was ended by signal 9"]


def test_a_child_stops_as_if_killed_when_its_supervisor_is_gone():
    script = (
        "import signal, sys\n"
        "from analysis.preview.supervise import follow_supervisor\n"
        "signal.signal(signal.SIGTERM, lambda *_: (print('stopped', flush=True), sys.exit(0)))\n"
        "follow_supervisor(int(sys.argv[1]))\n"
        "print('ready', flush=True)\n"
        "signal.pause()\n"
    )
    lifeline, held = os.pipe()
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(lifeline)], pass_fds=(lifeline,), stdout=subprocess.PIPE, text=True
    )
    os.close(lifeline)
    try:
        assert child.stdout.readline() == "ready\n"
        os.close(held)  # the supervisor is gone
        assert child.stdout.readline() == "stopped\n"
        assert child.wait(WAIT_SECONDS) == 0
    finally:
        child.kill()
        child.stdout.close()
