"""The `preview` command: serve the reports on this machine and rebuild the open pages as the claims change.

Tested in tests/preview/test_engine.py, which runs it as a user does.
"""

import argparse
import signal
import socket
import sys
from pathlib import Path

from analysis.cli.curate import add_claims_dir
from analysis.common.paths import REPORTS_DIR
from analysis.common.problems import WorkbookError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def add_preview_command(commands) -> None:
    """Register `preview [--port PORT] [--host HOST] [--output DIR] [--notebooks DIR] [-j N]`."""
    preview = commands.add_parser(
        "preview",
        help="serve the reports on localhost and rebuild them, and reload the open page, on every change",
        description="Build the reports that are out of date, serve the reports folder at http://127.0.0.1:PORT/ "
        "and keep warm workers: when a file of the claims, the notebooks or the package changes, the reports it "
        "affects are rebuilt, the page open in the browser first, and the page reloads by itself. A change that "
        "does not validate keeps the last good build served and says why. Only this machine can connect unless "
        "--host says otherwise. Ctrl-C stops it.",
    )
    add_claims_dir(preview)
    preview.add_argument("--output", metavar="DIR", default=None, help="the reports folder (default: reports/)")
    preview.add_argument(
        "--notebooks", metavar="DIR", default=None, help="take the report notebooks from DIR (default: notebooks/)"
    )
    preview.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"the port to serve on (default: {DEFAULT_PORT}; 0: any free)"
    )
    preview.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"the address to serve on (default: {DEFAULT_HOST}, this machine only; "
        "another address lets other machines read the reports)",
    )
    preview.add_argument(
        "-j", "--jobs", type=int, default=None, help="reports to run at once (default: the number of cores)"
    )
    for flag in ("--listen-fd", "--lifeline-fd"):  # given by the supervisor to the process it starts
        preview.add_argument(flag, type=int, default=None, help=argparse.SUPPRESS)
    preview.set_defaults(run=run_preview_command)


def run_preview_command(args) -> int:
    """Check the options, hold the port and run the preview in a child process, afresh when the package changed."""
    if not 0 <= args.port <= 65535:
        raise WorkbookError(f"--port {args.port} is not a port; hint: give one from 1024 to 65535, or 0 for any")
    if args.listen_fd is not None:
        return run_preview_child(args)
    from analysis.preview.serve import bind_socket
    from analysis.preview.supervise import supervise
    from analysis.preview.watch import check_folders, watched_folders

    check_folders(Path(args.output or REPORTS_DIR), watched_folders(args.claims_dir, args.notebooks))
    sock = bind_socket(args.host, args.port)
    if args.host != DEFAULT_HOST:
        print(f"warning: serving on {args.host}: other machines that reach it can read the reports", file=sys.stderr)
    command = [sys.executable, "-m", "analysis", "preview", *child_options(args)]
    return supervise(sock, command, echo=lambda line: print(line, file=sys.stderr))


def run_preview_child(args) -> int:
    """Serve on the supervisor's socket and rebuild until Ctrl-C or `kill` (exit 0), or until the package changed."""
    from analysis.preview.engine import run_preview  # papermill and nbconvert load only here
    from analysis.preview.supervise import RESTART, follow_supervisor

    follow_supervisor(args.lifeline_fd)
    sock = socket.socket(fileno=args.listen_fd)
    sock.set_inheritable(False)  # the workers and kernels must not hold the port
    for signum in STOP_SIGNALS:  # kept to the end: the process exits after this
        signal.signal(signum, _stop_once)
    try:
        changed = run_preview(
            args.claims_dir,
            args.output,
            jobs=args.jobs,
            sock=sock,
            notebooks_dir=args.notebooks,
            echo=lambda line: print(line, flush=True),
        )
    except KeyboardInterrupt:  # before the serving started
        changed = False
    if changed:
        return RESTART
    built = (Path(args.output or REPORTS_DIR) / "index.html").is_file()
    print("stopped the preview" + "; the reports folder holds the last good build" * built, flush=True)
    return 0


def _stop_once(signum, frame):
    """Stop the preview at the first Ctrl-C or `kill`; the next ones (a terminal and the supervisor send two) wait."""
    for each in STOP_SIGNALS:
        signal.signal(each, lambda *_: None)
    raise KeyboardInterrupt


def child_options(args) -> list[str]:
    """Return the options that start the preview's child process (it serves the supervisor's socket)."""
    options = ["--host", args.host]
    for flag, value in (("--claims-dir", args.claims_dir), ("--output", args.output), ("--notebooks", args.notebooks)):
        options += [flag, value] if value else []
    return options + (["--jobs", str(args.jobs)] if args.jobs else [])
