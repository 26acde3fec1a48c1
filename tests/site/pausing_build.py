"""Run the command line as the build tests watch it: the swap held before step N, and each wait for the lock said.

    python tests/site/pausing_build.py [--pause-before-step N] build --claims-dir DIR --output DIR ...

tests/site/test_publish.py uses it to stop a build at a known moment of its swap (to kill it
there, or to let it go on when it closes the build's stdin) and to see a build waiting for
another's lock: each time the lock is found busy again, filelock's log line ("Lock ... not
acquired on ..., waiting ...") goes to stderr. The swap's `before_step` is injected here, so the
package carries no test hook.
"""

import functools
import logging
import sys

from analysis.cli.main import main
from analysis.site import publish


def pause_at(target: int, step: int) -> None:
    """Say so on stderr when `step` is `target`, then wait until stdin has a line or is closed."""
    if step == target:
        print(f"paused before swap step {step}", file=sys.stderr, flush=True)
        sys.stdin.readline()


def say_lock_waits() -> None:
    """Send filelock's line for each busy retry of a lock to stderr, and nothing else it logs."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(lambda record: "not acquired" in record.getMessage())
    logger = logging.getLogger("filelock")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[0] == "--pause-before-step":
        target, arguments = int(arguments[1]), arguments[2:]
        publish.swap_in = functools.partial(publish.swap_in, before_step=functools.partial(pause_at, target))
    say_lock_waits()
    sys.exit(main(arguments))
