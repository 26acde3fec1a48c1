"""Judgements on the evidence: grades for condition × intervention pairs, and flags on claims' wording."""
