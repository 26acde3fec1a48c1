"""Read the data dictionary (claims/README.md): what each column of each table means, the one place it is written.

The data package's descriptor (`analysis.site.datapackage`) takes its fields' meanings from here.
Tested in tests/site/test_datapackage.py.
"""

import re
from functools import lru_cache

from analysis.common import paths
from analysis.common.problems import Problem, WorkbookError

DICTIONARY = paths.CLAIMS_DIR / "README.md"


def read_meaning(table: str, column: str) -> str:
    """Return what `column` of `table` means; raise WorkbookError, saying where to add it, when it is missing."""
    meaning = read_dictionary().get(table, {}).get(column)
    if meaning is None:
        raise WorkbookError(
            Problem(
                DICTIONARY,
                f"the data dictionary has no row for column '{column}' of {table}.csv",
                hint=f"add one to the table under '## `{table}.csv`'",
            )
        )
    return meaning


_ROW = re.compile(r"\| `(?P<column>\w+)` \| (?:yes|no) \| (?P<meaning>.*?) \|.*\|")


@lru_cache(maxsize=1)
def read_dictionary() -> dict[str, dict[str, str]]:
    """Return the meaning of each column of each table the data dictionary (claims/README.md) describes, by table."""
    try:
        text = DICTIONARY.read_text(encoding="utf-8")
    except OSError as exc:
        raise WorkbookError(
            Problem(DICTIONARY, f"the data dictionary cannot be read: {exc.strerror}", hint="restore claims/README.md")
        ) from None
    meanings, table = {}, None
    for line in text.splitlines():
        if heading := re.fullmatch(r"## `(\w+)\.csv`", line.strip()):
            table = meanings.setdefault(heading[1], {})
        elif line.startswith("#"):
            table = None
        elif table is not None and (row := _ROW.fullmatch(line.strip())):
            table[row["column"]] = row["meaning"]
    return meanings
