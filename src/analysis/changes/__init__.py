"""What changed between two versions of the claims: read an old revision, compare, say it in words and on a page."""
