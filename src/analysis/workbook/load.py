"""Load the validated workbook: claims, sources and vocabulary, wide and long."""

import hashlib
import os
import weakref
from dataclasses import dataclass, field, replace
from functools import lru_cache, wraps
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.common import paths
from analysis.common.problems import ParameterError, ValidationError
from analysis.common.speedups import paused_gc
from analysis.common.suggestions import did_you_mean
from analysis.workbook.source_paths import confine_source_path
from analysis.workbook.studies import empty_studies, link_evidence
from analysis.workbook.validate import validate_workbook
from analysis.workbook.vocabulary import Vocabulary, split_terms

YES = "yes"


@dataclass(frozen=True)
class Workbook:
    """The validated tables of one claims folder."""

    claims: pd.DataFrame
    sources: pd.DataFrame
    vocabulary: Vocabulary
    claims_dir: Path
    reviewed: pd.DataFrame = field(default_factory=pd.DataFrame)
    version: str = ""
    studies: pd.DataFrame = field(default_factory=empty_studies)  # real and implied (see analysis.workbook.studies)
    loaded_claims: weakref.ref | None = field(default=None, repr=False, compare=False)
    loaded_print: tuple = field(default=(), repr=False, compare=False)

    @property
    def pristine(self) -> bool:
        """True while `claims` is the very table the workbook was loaded with, unchanged.

        A table changed in place (rows dropped, a cell set) no longer holds the arrays it was
        loaded with: under copy-on-write, the first change to a loaded table copies what it
        touches. So results remembered for the loaded data are never handed out for it.
        """
        return (
            bool(self.version)
            and self.loaded_claims is not None
            and self.loaded_claims() is self.claims
            and fingerprint(self.claims) == self.loaded_print
        )

    def require_source(self, source_id: str) -> str:
        """Return `source_id` if sources.csv has it; raise ParameterError saying which source was meant if not."""
        known = list(self.sources["source_id"])
        if source_id not in known:
            raise ParameterError(f"unknown source_id {source_id!r}; {did_you_mean(source_id, known, 'sources')}")
        return source_id

    def read_source(self, source_id: str) -> str:
        """Return the verbatim text of source `source_id`."""
        path = index_source_paths(self.sources).get(source_id)
        if path is None:
            raise KeyError(source_id)
        file, refused = confine_source_path(self.claims_dir, path)
        if refused:  # validation refuses such a row; this guards a table changed since
            raise ParameterError(f"the source path {path!r} of {source_id!r} {refused}")
        return file.read_text(encoding="utf-8")

    @property
    def long(self) -> pd.DataFrame:
        """One row per claim × condition × intervention (see `explode_claims`)."""
        return long_form(self)


def load_workbook(claims_dir=None) -> Workbook:
    """Validate and load the workbook in `claims_dir`; raise ValidationError on any error.

    The result is kept for the life of the process until a file of the folder changes, so
    that reports run one after another in a warm kernel load the data once; each call gets
    its own copy of the tables to change as it likes. The copies are shallow: under pandas'
    copy-on-write, a change to one copies the data it touches, never the kept original.
    """
    base = Path(claims_dir or paths.CLAIMS_DIR)
    workbook = _load_unchanged(base.resolve(), _signature(base))
    claims = workbook.claims.copy(deep=False)
    return replace(
        workbook,
        claims=claims,
        sources=workbook.sources.copy(deep=False),
        reviewed=workbook.reviewed.copy(deep=False),
        studies=workbook.studies.copy(deep=False),
        claims_dir=base,
        loaded_claims=weakref.ref(claims),
        loaded_print=fingerprint(claims),
    )


_SOURCE_PATHS: dict[int, tuple] = {}  # id of a sources table → (a weak reference to it, its fingerprint, its paths)


def index_source_paths(sources: pd.DataFrame) -> dict[str, str]:
    """Return each source id's path in `sources`, remembered while that very table is unchanged.

    `read_source` runs once per source in coverage and the source pages: a scan of the table
    per call made them quadratic in the number of sources (20,000 sources: minutes).
    """
    ids, paths_ = sources["source_id"], sources["path"]
    mark = (len(sources), _address(ids.values), _address(paths_.values))  # a change to either copies its data
    kept = _SOURCE_PATHS.get(id(sources))
    if kept and kept[0]() is sources and kept[1] == mark:
        return kept[2]
    index = dict(zip(ids[::-1], paths_[::-1], strict=True))  # the first row wins
    if len(_SOURCE_PATHS) >= 8:
        _SOURCE_PATHS.clear()
    _SOURCE_PATHS[id(sources)] = (weakref.ref(sources), mark, index)
    return index


def fingerprint(table: pd.DataFrame) -> tuple:
    """Return the shape, columns and memory address of each column's data: what any change to the table changes."""
    return (table.shape, tuple(table.columns), tuple(_address(table[column].values) for column in table.columns))


def _address(values) -> int:
    """Where a column's data lives: a NumPy array's buffer (views share it), or the extension array itself."""
    return values.__array_interface__["data"][0] if isinstance(values, np.ndarray) else id(values)


def _signature(base: Path) -> tuple:
    """Return the name, size and modification time of every file below `base` (hidden ones aside)."""
    entries = []
    for root, folders, names in os.walk(base):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(n for n in names if not n.startswith(".")):
            path = os.path.join(root, name)
            try:
                status = os.stat(path)
            except OSError:  # a broken link or a loop: validation says what is wrong with it
                status = os.lstat(path)
            entries.append((path, status.st_size, status.st_mtime_ns))
    return tuple(entries)


@lru_cache(maxsize=2)
def _load_unchanged(base: Path, signature: tuple) -> Workbook:
    with paused_gc():
        result = validate_workbook(base, check_language=False)  # warnings are for `validate`; loading needs errors
        if result.errors:
            raise ValidationError(result.errors)
        claims, studies = link_evidence(result.claims, result.studies, result.vocabulary)
        claims = _tidy_claims(claims, result.vocabulary)
    version = hashlib.sha256(repr(signature).encode()).hexdigest()[:16]
    return Workbook(claims, result.sources, result.vocabulary, base, result.reviewed, version, studies=studies)


def per_version(func):
    """Remember `func(workbook, *args)` for each workbook version.

    Reports that run one after another in a warm kernel share what they all compute over
    the whole workbook (its long form, the language of every text) instead of repeating it.
    A table comes back as a shallow copy (copy-on-write keeps the remembered one intact);
    any other result comes back as it is, for the caller to read, not change. A workbook
    whose claims were replaced (a filtered copy, say) is computed afresh.
    """
    results = {}

    @wraps(func)
    def cached(workbook: Workbook, *args):
        key = (str(workbook.claims_dir.resolve()), workbook.version, args)
        if not workbook.pristine:
            return func(workbook, *args)
        if key not in results:
            results.clear()
            results[key] = func(workbook, *args)
        result = results[key]
        return result.copy(deep=False) if isinstance(result, (pd.DataFrame, pd.Series)) else result

    return cached


def load_claims(claims_dir=None) -> pd.DataFrame:
    """Return the validated claims table, one row per claim."""
    return load_workbook(claims_dir).claims


def _tidy_claims(claims: pd.DataFrame, vocabulary: Vocabulary) -> pd.DataFrame:
    claims = claims.copy()
    ranks = {t.slug: t.rank for t in vocabulary.evidence_levels()}
    weights = {t.slug: t.weight for t in vocabulary.evidence_levels()}
    claims["advice_term"] = claims["advice"]  # yes, no or safety: the flag rules read it
    claims["advice"] = claims["advice"].eq(YES)
    hedged = {value: split_terms(value) != ["none"] for value in claims["hedging"].unique()}
    claims["hedged"] = claims["hedging"].map(hedged).astype(bool)
    claims["evidence_rank"] = claims["evidence_level"].map(ranks).astype(int)
    claims["evidence_weight"] = claims["evidence_level"].map(weights).astype(float)
    levels = [t.slug for t in vocabulary.evidence_levels()]
    claims["evidence_level"] = pd.Categorical(claims["evidence_level"], categories=levels, ordered=True)
    return claims


@per_version
def long_form(workbook: Workbook) -> pd.DataFrame:
    """Return the workbook's claims with one row per claim × condition × intervention."""
    return explode_claims(workbook.claims)


def explode_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Return one row per claim × condition × intervention, in columns `condition` and `intervention`."""
    long = claims.assign(
        condition=claims["conditions"].map(split_terms), intervention=claims["interventions"].map(split_terms)
    )
    return long.explode("condition").explode("intervention").reset_index(drop=True)
