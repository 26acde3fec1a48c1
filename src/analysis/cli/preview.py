"""The `preview` command: serve the reports on this machine and rebuild the open pages as the claims change.

Tested in tests/preview/test_engine.py, which runs it as a user does.
"""

import signal
import sys
from pathlib import Path

from analysis.cli.curate import add_claims_dir
from analysis.common.paths import REPORTS_DIR
from analysis.common.problems import WorkbookError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


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
    preview.set_defaults(run=run_preview_command)


def run_preview_command(args) -> int:
    """Serve and rebuild until Ctrl-C (exit 0); start afresh when the package's code changed."""
    from analysis.preview.engine import restart, run_preview  # papermill and nbconvert load only here

    if not 0 <= args.port <= 65535:
        raise WorkbookError(f"--port {args.port} is not a port; hint: give one from 1024 to 65535, or 0 for any")
    ports = []
    stopping = signal.signal(signal.SIGTERM, _stop)  # `kill` stops it as cleanly as Ctrl-C
    try:
        changed = run_preview(
            args.claims_dir,
            args.output,
            jobs=args.jobs,
            host=args.host,
            port=args.port,
            notebooks_dir=args.notebooks,
            echo=lambda line: print(line, flush=True),
            on_serve=lambda port: _served(args.host, port, ports),
        )
    finally:
        signal.signal(signal.SIGTERM, stopping)
    if changed:
        restart(["preview", *_same_options(args, ports[0])])
    built = (Path(args.output or REPORTS_DIR) / "index.html").is_file()
    print("stopped the preview" + "; the reports folder holds the last good build" * built, flush=True)
    return 0


def _served(host: str, port: int, ports: list) -> None:
    ports.append(port)
    if host != DEFAULT_HOST:
        print(f"warning: serving on {host}: other machines that reach it can read the reports", file=sys.stderr)


def _stop(signum, frame):
    raise KeyboardInterrupt


def _same_options(args, port: int) -> list[str]:
    """Return the options that start this preview again, on the port it has (one given as 0 included)."""
    options = ["--port", str(port), "--host", args.host]
    for flag, value in (("--claims-dir", args.claims_dir), ("--output", args.output), ("--notebooks", args.notebooks)):
        options += [flag, value] if value else []
    return options + (["--jobs", str(args.jobs)] if args.jobs else [])
