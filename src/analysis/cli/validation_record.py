"""Remember what `validate` found for inputs it has already checked, keyed on their contents, and say it again.

`make reports` validates before it builds; with nothing changed, reading pandas and
pandera and checking every row again took 1.4 s of a 1.5 s no-change run. The record
is keyed on the bytes of every file of the claims folder and of the package's code, so
any change to either validates afresh: no check is weakened, only not repeated.
"""

import hashlib
import json
from pathlib import Path

from analysis.common import paths
from analysis.common.files import atomic_output
from analysis.site.freshness import hash_code, hash_files

RECORDS_DIR = paths.ROOT / ".cache" / "validate"


def record_key(claims_dir=None) -> str:
    """Return the key of a validation: the claims folder's place and files, and the package's code."""
    base = Path(claims_dir or paths.CLAIMS_DIR).resolve()
    return hashlib.sha256("\0".join([str(base), hash_files(base), hash_code()]).encode()).hexdigest()


def read_record(key: str) -> dict | None:
    """Return what validating inputs with `key` printed, or None when they were never validated."""
    try:
        record = json.loads((RECORDS_DIR / f"{key[:32]}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if record.get("key") == key else None


def write_record(key: str, problems: list[tuple[str, str]], summary: str, status: int) -> None:
    """Remember the problems (severity, line) and summary that validating inputs with `key` printed."""
    try:
        RECORDS_DIR.mkdir(parents=True, exist_ok=True)
        with atomic_output(RECORDS_DIR / f"{key[:32]}.json", "w", encoding="utf-8") as file:
            json.dump({"key": key, "problems": problems, "summary": summary, "status": status}, file)
    except OSError:
        pass  # a read-only checkout validates every time, as before
