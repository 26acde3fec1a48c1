"""Know which reports are up to date: a content key per report, kept in the build's manifest.

A report's key covers every input that can change it, as `analysis.site.inputs` declares
them: the inputs that reach every report (code, templates, vocabulary, lexicon and texts,
and of sources.csv the ids, text paths and hashes of its rows, in their order); its own
notebook and parameters; the claim rows it draws on (every claim for the overview; the
claims naming its condition or intervention for those reports; for a source, its own
claims, and of every pair it shares with others just what its shared-pairs table shows),
each with the studies it rests on; for a source, its own row of sources.csv (title,
publisher, date: only its page shows them, besides the index and the data package, which
every build writes anew); and what the rules decide for those rows: the flags of its
claims and the grades of its pairs. So a rules edit that changes one pair's grade
rebuilds the pages that show that grade, and no other, and a corrected date rebuilds its
article's page alone. A build re-runs only the reports whose key changed.

Before that, `is_up_to_date` compares one key over all the input files with the manifest,
reading files only, so that a build with nothing to do answers at once.
"""

import hashlib
import json
from pathlib import Path

from analysis.common import paths
from analysis.site.inputs import EVERY, INPUTS, PACKAGE_DIR, find_input

MANIFEST = paths.MANIFEST
SHARED_COLUMNS = ["claim_id", "source_id", "conditions", "interventions"]  # what a source's shared-pairs table shows
SOURCE_IDENTITY = ["source_id", "path", "sha256"]  # of sources.csv, what every report reads (the texts, their order)
__all__ = ["PACKAGE_DIR", "hash_files", "hash_inputs", "is_up_to_date", "key_reports", "read_manifest"]


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
    return hash_files(*find_input("code").files())


def hash_inputs(claims_dir=None, notebooks_dir=None) -> str:
    """Return one key over every declared input of a build, and where its claims folder is."""
    parts = [hash_files(*item.files(claims_dir, notebooks_dir)) for item in INPUTS]
    parts.append(str(Path(claims_dir).resolve()) if claims_dir else "")
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
    from analysis.workbook.load import explode_claims  # only builds that have work to do pay for pandas

    rows = _judged_rows(workbook)
    long = explode_claims(rows)
    groups = {kind: _combine(long.groupby(kind)["row_hash"]) for kind in ("condition", "intervention")}
    grades = _grade_hashes(workbook)
    for kind in ("condition", "intervention"):
        for slug, digest in _combine(grades.groupby(kind)["grade_hash"]).items():
            groups[kind][slug] = groups[kind].get(slug, "") + "|" + digest
    groups["source"] = _source_hashes(rows, long)
    for source_id, digest in _metadata_hashes(workbook.sources).items():
        groups["source"][source_id] = f"{groups['source'].get(source_id, '')}|{digest}"
    groups["overview"] = {"overview": f"{_combine_all(rows['row_hash'])}|{_combine_all(grades['grade_hash'])}"}
    shared = _hash_every(workbook.claims_dir) + _hash_frame(workbook.sources[SOURCE_IDENTITY])
    notebooks, keys = {}, {}
    for spec in specs:
        notebooks.setdefault(spec.notebook, hash_files(spec.notebook))
        data = groups[spec.kind].get(spec.slug, "")
        text = "\0".join([shared, notebooks[spec.notebook], json.dumps(spec.parameters, sort_keys=True), str(data)])
        keys[spec.href] = hashlib.sha256(text.encode()).hexdigest()
    return keys


def _hash_every(claims_dir) -> str:
    """Return one hash of the inputs that reach every report."""
    return hash_files(*[f for item in INPUTS if item.reach == EVERY for f in item.files(claims_dir)])


def _metadata_hashes(sources) -> dict[str, str]:
    """Return, per source, a hash of its row's metadata: every column but its id, text path, hash and line."""
    import pandas as pd

    metadata = sources.drop(columns=[c for c in [*SOURCE_IDENTITY, "line"] if c in sources]).astype(str)
    return dict(zip(sources["source_id"], map(str, pd.util.hash_pandas_object(metadata, index=False))))


def _judged_rows(workbook):
    """Return the claims with a hash per row over its columns, its studies' rows and its flags, and a pair hash."""
    import pandas as pd

    from analysis.evidence.flags import flag_claims
    from analysis.workbook.validate import CLAIM_COLUMNS

    claims = workbook.claims
    flags = flag_claims(workbook)
    flagged = flags.groupby("claim_id")["reason"].agg("\n".join) if not flags.empty else pd.Series(dtype=str)
    studies = _study_texts(workbook)
    described = claims.assign(
        _flags=claims["claim_id"].map(flagged).fillna(""),
        _studies=claims.get("studies", pd.Series("", index=claims.index)).map(lambda cell: studies.get(cell, "")),
    )
    columns = [c for c in CLAIM_COLUMNS if c in claims] + ["_flags", "_studies"]
    return claims.assign(
        row_hash=pd.util.hash_pandas_object(described[columns], index=False),
        pair_hash=pd.util.hash_pandas_object(claims[SHARED_COLUMNS], index=False),
    )


def _study_texts(workbook) -> dict:
    """Return, per value of a claim's `studies` cell, the rows of the studies it names as one text."""
    studies = getattr(workbook, "studies", None)
    if studies is None or studies.empty or "studies" not in workbook.claims:
        return {}
    text = {row[0]: "\t".join(map(str, row[1:])) for row in studies.drop(columns="line").itertuples(index=False)}
    return {cell: "\n".join(text.get(s, s) for s in cell.split(";")) for cell in workbook.claims["studies"].unique()}


def _grade_hashes(workbook):
    """Return one row per graded pair with a hash of everything its grade row says."""
    import pandas as pd

    from analysis.evidence.grading import grade_pairs

    grades = grade_pairs(workbook)
    values = grades.map(str)
    return values[["condition", "intervention"]].assign(
        grade_hash=pd.util.hash_pandas_object(values, index=False).to_numpy()
    )


def _combine_all(values) -> str:
    return f"{len(values)}:{int(values.sum())}"


def _combine(grouped) -> dict:
    """Return, per group, an order-free digest of its row hashes: their count and wrapped sum."""
    return {key: f"{len(values)}:{int(values.sum())}" for key, values in grouped}


def _source_hashes(rows, long) -> dict:
    """Return, per source, its own rows' digest and what its shared-pairs table shows of each pair it touches
    (an article page shows its claims and their flags, not the grades of its pairs)."""
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
