"""Shared mechanics with no pandas at import: paths, problems and hints, safe files, line numbers, speed tricks."""
