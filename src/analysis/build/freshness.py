"""Know which reports are up to date: a content key per report, kept in the build's manifest.

A report's key covers everything that can change it: its notebook, its parameters, the
package's code and templates, the vocabulary, sources and texts, and the claims it draws
on: every claim for the overview; the claims naming its condition or intervention for
those reports; for a source, its own claims, and of every condition × intervention pair
it shares with others just what its shared-pairs table shows (which claims of which
sources), so that rewording a claim does not re-run every source that shares its pair.
A build re-runs only the reports whose key changed.

Before that, `is_up_to_date` compares one key over all the inputs with the manifest,
reading files only, so that a build with nothing to do answers at once.
"""

import hashlib
import json
from pathlib import Path

from analysis.common import paths

MANIFEST = ".manifest.json"
SHARED_COLUMNS = [
    "claim_id",
    "source_id",
    "conditions",
    "interventions",
]  # what a source's shared-pairs table shows of others
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the whole package: src/analysis


def hash_files(*roots, pattern: str = "*") -> str:
    """Return a hash of the names and bytes of every file matching `pattern` under `roots`."""
    digest = hashlib.sha256()
    for root in roots:
        root = Path(root)
        files = [root] if root.is_file() else sorted(p for p in root.rglob(pattern) if p.is_file())
        for path in files:
            if "__pycache__" not in path.parts and not path.name.startswith("."):
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def hash_code() -> str:
    """Return a hash of the package's source and templates: a change to either rebuilds every report."""
    return hash_files(PACKAGE_DIR, pattern="*.py") + hash_files(PACKAGE_DIR / "build" / "templates")


def hash_inputs(claims_dir=None, notebooks_dir=None) -> str:
    """Return one key over every input of a build: claims folder, notebooks and package code."""
    parts = [
        hash_files(Path(claims_dir or paths.CLAIMS_DIR)),
        hash_files(Path(notebooks_dir or paths.NOTEBOOKS_DIR)),
        hash_code(),
        str(Path(claims_dir).resolve()) if claims_dir else "",
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def read_manifest(out_dir) -> dict:
    """Return the manifest of the build in `out_dir`, or an empty one."""
    try:
        return json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def is_up_to_date(out_dir, claims_dir=None, notebooks_dir=None) -> dict | None:
    """Return the manifest when the build in `out_dir` matches every input and is whole, else None."""
    manifest = read_manifest(out_dir)
    reports = manifest.get("reports", {})
    whole = reports and all(
        (Path(out_dir) / href).is_file() and entry.get("status") == "ok" for href, entry in reports.items()
    )
    if whole and manifest.get("inputs") == hash_inputs(claims_dir, notebooks_dir):
        return manifest
    return None


def key_reports(specs, workbook) -> dict[str, str]:
    """Return the content key of each report in `specs`, by its href."""
    import pandas as pd  # only builds that have work to do pay for pandas

    from analysis.workbook.load import explode_claims
    from analysis.workbook.validate import CLAIM_COLUMNS

    claims = workbook.claims
    rows = claims.assign(
        row_hash=pd.util.hash_pandas_object(claims[CLAIM_COLUMNS], index=False),
        pair_hash=pd.util.hash_pandas_object(claims[SHARED_COLUMNS], index=False),
    )
    long = explode_claims(rows)
    groups = {kind: _combine(long.groupby(kind)["row_hash"]) for kind in ("condition", "intervention")}
    groups["source"] = _source_hashes(rows, long)
    groups["overview"] = {"overview": f"{len(rows)}:{int(rows['row_hash'].sum())}"}
    shared = hashlib.sha256(
        (
            hash_code()
            + _hash_frame(workbook.sources)
            + hash_files(workbook.claims_dir, pattern="*.txt")
            + hash_files(paths.vocabulary_path(workbook.claims_dir))
            + hash_files(paths.lexicon_path(workbook.claims_dir))
        ).encode()
    ).hexdigest()
    notebooks = {}
    keys = {}
    for spec in specs:
        notebooks.setdefault(spec.notebook, hash_files(spec.notebook))
        data = groups[spec.kind].get(spec.slug, "")
        text = "\0".join([shared, notebooks[spec.notebook], json.dumps(spec.parameters, sort_keys=True), str(data)])
        keys[spec.href] = hashlib.sha256(text.encode()).hexdigest()
    return keys


def _combine(grouped) -> dict:
    """Return, per group, an order-free digest of its row hashes: their count and wrapped sum."""
    return {key: f"{len(values)}:{int(values.sum())}" for key, values in grouped}


def _source_hashes(rows, long) -> dict:
    pairs = _combine(long.groupby(["condition", "intervention"])["pair_hash"])
    own = _combine(rows.groupby("source_id")["row_hash"])
    touched = long.groupby("source_id")[["condition", "intervention"]].apply(
        lambda g: sorted(set(zip(g["condition"], g["intervention"])))
    )
    return {source: own[source] + "|" + ",".join(pairs[pair] for pair in touched[source]) for source in own}


def _hash_frame(frame) -> str:
    return hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()


def write_manifest(folder, inputs: str, results, keys: dict) -> None:
    """Write the manifest of a build: the inputs key and, per report, its key, status and timing."""
    reports = {
        r.href: {
            "key": keys[r.href],
            "status": r.status,
            "seconds": round(r.seconds, 3),
            "built_at": r.built_at,
            "cached": r.cached,
        }
        for r in results
    }
    text = json.dumps({"inputs": inputs, "reports": reports}, indent=1, sort_keys=True)
    (Path(folder) / MANIFEST).write_text(text, encoding="utf-8")
