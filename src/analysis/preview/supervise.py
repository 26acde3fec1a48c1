"""Run the preview in a child process on a socket this process holds, and in a fresh child when the code changed.

The port stays bound from the first start to the last stop: a browser that reconnects while
the preview restarts waits in the socket's queue instead of being refused, and no other
program can take the port meanwhile. Ctrl-C, `kill` and a closed terminal are passed on to
the child as `kill` (SIGTERM), and it stops its server, workers and kernels itself; a child whose supervisor is
gone (`kill -9`) stops too, told by a pipe that closes.

Tested in tests/preview/test_supervise.py, and in tests/preview/test_engine.py, which runs the preview as a user does.
"""

import os
import signal
import subprocess
import threading

RESTART = 75  # the child's exit status that asks for a fresh child: the package's code changed (EX_TEMPFAIL)
# A child that was stopped can still end by SIGINT after it has cleaned up and said so: when the stop interrupted
# code run by exec() of a string (fastjsonschema compiles nbformat's validator so), CPython counts the
# KeyboardInterrupt as unhandled, however it was caught, and `python -m` re-raises SIGINT at exit (bpo-41602).
STOPPED_BY_SIGINT = -signal.SIGINT
PASSED_ON = [signal.SIGINT, signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])


def supervise(sock, command: list[str], echo=print) -> int:
    """Run `command` on the listening `sock` until it exits other than RESTART; return its exit status.

    The child is given `--listen-fd` (the socket) and `--lifeline-fd` (see `follow_supervisor`)
    after `command`; Ctrl-C or `kill` (SIGTERM, or SIGHUP) ends it with SIGTERM and the status is 0.
    """
    lifeline, held = os.pipe()  # the child reads its end to the end of the file when this process is gone
    state = {"child": None, "stopping": False}

    def pass_on(signum, frame):
        state["stopping"] = True
        if state["child"]:
            state["child"].send_signal(signal.SIGTERM)  # as `kill`: the child may ignore Ctrl-C for a moment

    previous = {signum: signal.signal(signum, pass_on) for signum in PASSED_ON}
    try:
        while True:
            fds = ["--listen-fd", str(sock.fileno()), "--lifeline-fd", str(lifeline)]
            state["child"] = subprocess.Popen([*command, *fds], pass_fds=(sock.fileno(), lifeline))
            if state["stopping"]:  # a signal came while the child started
                state["child"].send_signal(signal.SIGTERM)
            status = state["child"].wait()
            if status == RESTART and not state["stopping"]:
                continue
            if state["stopping"] and status in (RESTART, -signal.SIGTERM, STOPPED_BY_SIGINT):
                return 0  # stopped as asked (see STOPPED_BY_SIGINT)
            if status < 0:
                echo(f"the preview stopped: its process was ended by signal {-status}")
                return 128 - status
            return status
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        os.close(lifeline)
        os.close(held)
        sock.close()


def follow_supervisor(lifeline: int) -> None:
    """Stop this child as `kill` would (SIGTERM to itself) when the pipe from its supervisor ends: it is gone."""
    os.set_inheritable(lifeline, False)  # the workers and kernels must not hold the pipe open

    def wait() -> None:
        while os.read(lifeline, 1):
            pass
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=wait, name="supervisor-lifeline", daemon=True).start()
