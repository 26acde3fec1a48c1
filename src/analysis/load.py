"""Load the validated workbook: claims, sources and vocabulary, wide and long."""

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import paths
from .errors import ValidationError
from .validate import validate_workbook
from .vocabulary import Vocabulary, split_terms

YES = "yes"


@dataclass(frozen=True)
class Workbook:
    """The validated tables of one claims folder."""

    claims: pd.DataFrame
    sources: pd.DataFrame
    vocabulary: Vocabulary
    claims_dir: Path
    reviewed: pd.DataFrame = field(default_factory=pd.DataFrame)

    def read_source(self, source_id: str) -> str:
        """Return the verbatim text of source `source_id`."""
        path = self.sources.set_index("source_id").loc[source_id, "path"]
        return (self.claims_dir / path).read_text(encoding="utf-8")

    @property
    def long(self) -> pd.DataFrame:
        """One row per claim × condition × intervention (see `explode_claims`)."""
        return explode_claims(self.claims)


def load_workbook(claims_dir=None) -> Workbook:
    """Validate and load the workbook in `claims_dir`; raise ValidationError on any error."""
    result = validate_workbook(claims_dir)
    if result.errors:
        raise ValidationError(result.errors)
    return Workbook(_tidy_claims(result.claims, result.vocabulary), result.sources, result.vocabulary,
                    Path(claims_dir or paths.CLAIMS_DIR), result.reviewed)


def load_claims(claims_dir=None) -> pd.DataFrame:
    """Return the validated claims table, one row per claim."""
    return load_workbook(claims_dir).claims


def _tidy_claims(claims: pd.DataFrame, vocabulary: Vocabulary) -> pd.DataFrame:
    claims = claims.copy()
    ranks = {t.slug: t.rank for t in vocabulary.evidence_levels()}
    weights = {t.slug: t.weight for t in vocabulary.evidence_levels()}
    claims["advice"] = claims["advice"].eq(YES)
    claims["hedged"] = claims["hedging"].map(lambda v: split_terms(v) != ["none"])
    claims["evidence_rank"] = claims["evidence_level"].map(ranks).astype(int)
    claims["evidence_weight"] = claims["evidence_level"].map(weights).astype(float)
    levels = [t.slug for t in vocabulary.evidence_levels()]
    claims["evidence_level"] = pd.Categorical(claims["evidence_level"], categories=levels, ordered=True)
    return claims


def explode_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Return one row per claim × condition × intervention, in columns `condition` and `intervention`."""
    long = claims.assign(condition=claims["conditions"].map(split_terms),
                         intervention=claims["interventions"].map(split_terms))
    return long.explode("condition").explode("intervention").reset_index(drop=True)
