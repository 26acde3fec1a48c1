"""Pages link to each other: the overview to every term page the build makes, every id to its row on its article."""

from analysis import load_workbook
from analysis.reports.links import link_ids, list_term_pages, row_links, show_pages
from analysis.site.plan import plan_reports


def test_the_overview_links_to_exactly_the_term_pages_the_build_makes(studies_dir):
    workbook = load_workbook(studies_dir)
    built = {spec.href for spec in plan_reports(workbook) if spec.kind in ("condition", "intervention")}
    linked = {page.href for page in list_term_pages(workbook)}
    assert linked == built and "condition/depression.html" in linked
    text = show_pages(workbook).data
    assert all(f'href="{href}"' in text for href in built)


def test_the_pages_list_puts_the_mind_first_and_the_body_apart(studies_dir):
    text = show_pages(load_workbook(studies_dir)).data
    mind, body = text.index("Conditions of the mind and brain"), text.index("Bodily conditions")
    assert mind < text.index(">Depression<") < body < text.index(">Inflammation<")
    assert text.index("Interventions a reader can choose") < text.index(">Probiotics<")
    assert text.index("Exposures and mechanisms") < text.index(">Antibiotics<")


def test_a_study_or_claim_links_to_its_row_on_its_article_page(studies_dir):
    workbook = load_workbook(studies_dir)
    href = row_links(workbook)
    assert href("S0005") == "../source/diet-blog.html#S0005"
    assert href("C0001") == "../source/probiotics-news.html#C0001"
    assert href("S9999") is None
    on_its_page = row_links(workbook, "diet-blog")
    assert on_its_page("S0005") == "#S0005" and on_its_page("C0001").startswith("../source/probiotics-news")
    assert row_links(workbook, base="source/")("S0005") == "source/diet-blog.html#S0005"


def test_an_implied_study_links_to_its_claim(workbook_dir):
    href = row_links(load_workbook(workbook_dir))  # no studies.csv: each study is its claim's
    assert href("~C0008") == "../source/diet-blog.html#C0008"


def test_ids_in_a_reason_become_links_and_the_rest_is_escaped(studies_dir):
    text = link_ids("rests on S0005 <b>and</b> C0001, not XS00051", row_links(load_workbook(studies_dir)))
    assert '<a href="../source/diet-blog.html#S0005">S0005</a>' in text
    assert '<a href="../source/probiotics-news.html#C0001">C0001</a>' in text
    assert "&lt;b&gt;" in text and "XS00051" in text and "#S00051" not in text
