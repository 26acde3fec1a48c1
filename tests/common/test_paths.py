"""Paths come from the repository root, never from the current folder."""

from analysis.common import paths


def test_paths_do_not_depend_on_the_current_folder(tmp_path, monkeypatch):
    before = paths.claims_path()
    monkeypatch.chdir(tmp_path)
    assert paths.claims_path() == before == paths.ROOT / "claims" / "claims.csv"
    assert (paths.ROOT / "pyproject.toml").is_file()


def test_a_claims_folder_without_a_lexicon_uses_the_shipped_one(tmp_path):
    assert paths.lexicon_path(tmp_path) == paths.CLAIMS_DIR / "lexicon.csv"
    (tmp_path / "lexicon.csv").write_text("phrase,kind,category,weight,note\n")
    assert paths.lexicon_path(tmp_path) == tmp_path / "lexicon.csv"
