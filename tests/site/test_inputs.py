"""Every declared input keys the build: a change to each reaches exactly the pages it can change."""

import hashlib
import json
import shutil

import pytest

from analysis import load_workbook
from analysis.common import paths
from analysis.curation.sources import add_source
from analysis.site import inputs
from analysis.site.freshness import hash_inputs, key_reports
from analysis.site.plan import plan_reports
from conftest import replace_in

EVERY = "every"
CONDITION_PAGES = {"condition/depression.html", "condition/anxiety.html", "condition/mood.html"}
CONDITION_PAGES |= {"condition/inflammation.html"}


def keys(claims_dir, notebooks_dir):
    workbook = load_workbook(claims_dir)
    return key_reports(plan_reports(workbook, claims_dir, notebooks_dir), workbook)


def reword_a_claim(claims, notebooks):
    replace_in(claims / "claims.csv", "Exercise may modestly improve mood.", "Exercise may improve mood a little.")
    return {"overview.html", "condition/mood.html", "intervention/exercise.html", "source/probiotics-news.html"}


def redate_and_retitle_a_source(claims, notebooks):
    """A source's title, date, author, publisher and address show on its own page only: the overview and the
    condition and intervention pages name an article by its id; the index and the data package show them too,
    but every build writes those anew."""
    replace_in(
        claims / "sources.csv", '"Eat Well, Feel Well",blog,Test Press,', '"Eat Well, Feel Better",blog,Tests,A. Uthor'
    )
    replace_in(claims / "sources.csv", "example.org/diet-blog,2026-01-15", "example.org/diet-blog-2,2026-01-16")
    return {"source/diet-blog.html"}


def edit_a_text(claims, notebooks):
    text = claims / "sources" / "diet-blog.txt"
    old = hashlib.sha256(text.read_bytes()).hexdigest()
    text.write_bytes(text.read_bytes() + b"\nA closing line.\n")
    replace_in(claims / "sources.csv", old, hashlib.sha256(text.read_bytes()).hexdigest())
    return EVERY


def relabel_a_term(claims, notebooks):
    replace_in(claims / "vocabulary.yaml", "label: Depression", "label: Depressive disorders")
    return EVERY


def add_a_cue_phrase(claims, notebooks):
    shutil.copyfile(paths.CLAIMS_DIR / "lexicon.csv", claims / "lexicon.csv")
    with open(claims / "lexicon.csv", "a", encoding="utf-8") as file:
        file.write("conceivably,hedge,speculative,1.0,\n")
    return EVERY


def start_systematic_reviews_lower(claims, notebooks):
    """Only depression x diet rests on a meta-analysis: its grade drops, and only the pages showing it change."""
    shutil.copyfile(paths.CLAIMS_DIR / "rules.yaml", claims / "rules.yaml")
    replace_in(claims / "rules.yaml", "systematic: strong", "systematic: moderate")
    return {"overview.html", "condition/depression.html", "intervention/diet.html"}


def edit_the_condition_notebook(claims, notebooks):
    notebook = notebooks / "condition.ipynb"
    content = json.loads(notebook.read_text(encoding="utf-8"))
    content["cells"][0]["source"] = ["# A reworded title\n"]
    notebook.write_text(json.dumps(content), encoding="utf-8")
    return CONDITION_PAGES


def change_the_code(claims, notebooks):
    module = inputs.PACKAGE_DIR / "reports" / "findings.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    return EVERY


CHANGES = {
    "claims": reword_a_claim,
    "sources": redate_and_retitle_a_source,
    "texts": edit_a_text,
    "vocabulary": relabel_a_term,
    "lexicon": add_a_cue_phrase,
    "rules": start_systematic_reviews_lower,
    "notebooks": edit_the_condition_notebook,
    "code": change_the_code,
}


def test_measured_rule_checks_are_part_of_the_code_input(folders):
    claims, notebooks = folders
    before = hash_inputs(claims, notebooks)
    checks = inputs.PACKAGE_DIR / "evidence" / "rule_checks.csv"
    checks.write_text(checks.read_text(encoding="utf-8").replace(",0,0,", ",1,0,"), encoding="utf-8")
    assert hash_inputs(claims, notebooks) != before  # regenerated checks rebuild the pages that show them


@pytest.fixture
def folders(workbook_dir, tmp_path, monkeypatch):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOKS_DIR, notebooks)
    package = tmp_path / "package"
    shutil.copytree(inputs.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(inputs, "PACKAGE_DIR", package)  # the code input, as a copy this test may change
    return workbook_dir, notebooks


def test_every_declared_input_has_a_change_below():
    assert sorted(CHANGES) == sorted(item.name for item in inputs.INPUTS)


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_change_to_each_input_reaches_exactly_its_pages(name, folders):
    claims, notebooks = folders
    before, whole = keys(claims, notebooks), hash_inputs(claims, notebooks)
    expected = CHANGES[name](claims, notebooks)
    after = keys(claims, notebooks)
    changed = {href for href in before if before[href] != after[href]}
    assert changed == (set(before) if expected == EVERY else expected)
    assert hash_inputs(claims, notebooks) != whole  # the quick "nothing to do" check sees it too


def reorder_the_sources(claims):
    path = claims / "sources.csv"
    header, first, second = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([header, second, first]) + "\n", encoding="utf-8")


def add_a_source(claims):
    (claims.parent / "kimchi.txt").write_text("Kimchi and mood\n\nKimchi may lift mood.\n", encoding="utf-8")
    add_source(claims.parent / "kimchi.txt", title="Kimchi and mood", claims_dir=claims)


@pytest.mark.parametrize("change", [reorder_the_sources, add_a_source])
def test_the_sources_ids_texts_and_order_reach_every_report(change, folders):
    """Each article's page compares its language with every other article's, and the overview plots them all
    in the table's order: a source added, removed or moved rebuilds every page."""
    claims, notebooks = folders
    before = keys(claims, notebooks)
    change(claims)
    after = keys(claims, notebooks)
    assert {href for href in before if before[href] != after[href]} == set(before)


def test_each_input_finds_its_files(folders):
    claims, notebooks = folders
    shutil.copyfile(paths.CLAIMS_DIR / "rules.yaml", claims / "rules.yaml")
    found = {item.name: item.files(claims, notebooks) for item in inputs.INPUTS}
    assert found["claims"] == [claims / "claims.csv"]
    assert found["rules"] == [claims / "rules.yaml"]
    assert found["lexicon"] == [paths.CLAIMS_DIR / "lexicon.csv"]  # none in the folder: the shipped one
    assert {p.name for p in found["texts"]} == {"diet-blog.txt", "probiotics-news.txt"}
    assert {p.name for p in found["notebooks"]} == {"overview.ipynb", "condition.ipynb", "intervention.ipynb"} | {
        "source.ipynb"
    }
