"""Run the command line with the build's swap paused for good before step N, for tests to kill it there.

    python tests/pausing_build.py N build --claims-dir DIR --output DIR ...

tests/test_build_integrity.py uses it to kill a build at a known moment of its swap: the
swap's `before_step` is injected here, so the package carries no test hook.
"""

import functools
import sys
import time

from analysis.cli.main import main
from analysis.site import publish


def pause_at(target: int, step: int) -> None:
    """Say so on stderr and wait to be killed when `step` is `target`."""
    if step == target:
        print(f"paused before swap step {step}", file=sys.stderr, flush=True)
        while True:
            time.sleep(60)


if __name__ == "__main__":
    target = int(sys.argv[1])
    publish.swap_in = functools.partial(publish.swap_in, before_step=functools.partial(pause_at, target))
    sys.exit(main(sys.argv[2:]))
