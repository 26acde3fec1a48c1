"""The report build: every report and the index, self-contained HTML, failures reported not fatal."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest

from analysis import load_workbook
from analysis.common import paths
from analysis.common.problems import BuildError
from analysis.site.plan import ReportSpec, check_report_parameters, hash_data, plan_reports

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build the fixture workbook once, with a source notebook that fails on purpose."""
    base = tmp_path_factory.mktemp("build")
    claims_dir = base / "claims"
    shutil.copytree(Path(__file__).parents[1] / "data" / "workbook", claims_dir)
    notebooks = base / "notebooks"
    shutil.copytree(paths.NOTEBOOKS_DIR, notebooks)
    source = json.loads((notebooks / "source.ipynb").read_text())
    source["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "source": "raise RuntimeError('this report fails on purpose')",
        }
    )
    (notebooks / "source.ipynb").write_text(json.dumps(source))
    out = base / "reports"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "build",
            "--claims-dir",
            str(claims_dir),
            "--notebooks",
            str(notebooks),
            "--output",
            str(out),
            "-j",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result, out, claims_dir


def test_plan_has_one_report_per_used_term_and_source(workbook_dir):
    specs = plan_reports(load_workbook(workbook_dir))
    kinds = [s.kind for s in specs]
    assert kinds.count("overview") == 1 and kinds.count("source") == 2
    assert {s.slug for s in specs if s.kind == "condition"} == {"depression", "anxiety", "mood", "inflammation"}
    assert "autism" not in {s.slug for s in specs}  # in the vocabulary, but no claim: a gap, not a report


def test_unknown_parameter_is_refused_before_anything_runs():
    spec = ReportSpec("condition", "x", "X", {"conditon": "x"})
    with pytest.raises(BuildError, match=r"this notebook has no parameter 'conditon'; did you mean 'condition'\?"):
        check_report_parameters([spec])


def test_data_version_changes_with_the_data(workbook_dir):
    before = hash_data(workbook_dir)
    (workbook_dir / "claims.csv").write_text((workbook_dir / "claims.csv").read_text() + "\n")
    assert hash_data(workbook_dir) != before


def test_build_exits_1_and_names_the_failed_reports(built):
    result, out, _ = built
    assert result.returncode == 1
    assert "failed: source/probiotics-news.html: RuntimeError: this report fails on purpose" in result.stderr
    assert "built 13 of 15 reports" in result.stdout
    assert "Traceback" not in result.stdout


def test_progress_shows_a_line_per_report(built):
    lines = [line for line in built[0].stdout.splitlines() if re.match(r"\[\s*\d+/15\] ", line)]
    assert len(lines) == 15


def test_every_report_and_the_index_are_written(built):
    _, out, _ = built
    index = (out / "index.html").read_text()
    pages = list(dict.fromkeys(re.findall(r'href="([^"]+\.html)"', index)))  # listed, then in the build details
    assert len(pages) == 16 and pages[0] == "changes.html"  # what changed, then the 15 reports
    for page in pages:
        assert (out / page).is_file(), page
    assert (out / "notebooks" / "condition" / "anxiety.ipynb").is_file()
    assert index.count("FAILED: RuntimeError: this report fails on purpose") == 2


def test_pages_are_self_contained(built):
    _, out, _ = built
    for page in out.rglob("*.html"):
        html = page.read_text()
        assert "<script" not in html, page
        assert not re.search(r'(src|href)="(https?:)?//', html), page
        assert re.findall(r"<link[^>]*>", html) == ['<link rel="icon" href="data:,">'], page


def test_pages_hide_code_and_embed_figures(built):
    html = (built[1] / "condition" / "anxiety.html").read_text()
    assert "load_workbook" not in html and "import " not in html
    assert len(re.findall(r'<img[^>]+src="data:image/png;base64,', html)) == 1
    assert "A randomised controlled trial in 120 adults found that a daily probiotic reduced anxiety scores" in html


def test_failed_report_is_rendered_with_its_error(built):
    html = (built[1] / "source" / "probiotics-news.html").read_text()
    assert "This report failed to build: RuntimeError: this report fails on purpose" in html


def test_a_failed_report_publishes_one_line_and_no_traceback(built):
    _, out, _ = built
    html = (out / "source" / "probiotics-news.html").read_text()
    (main,) = re.findall(r"<main>(.*?)</main>", html, re.DOTALL)
    assert main.strip() == ""  # nothing of what ran: an error page
    assert "the executed notebook shows the cell where it stopped" in html
    notebook = (out / "notebooks" / "source" / "probiotics-news.ipynb").read_text()
    assert '"ename": "RuntimeError"' in notebook and '"traceback": []' in notebook
    for text in (html, notebook, (out / "index.html").read_text()):
        assert "Traceback" not in text and "site-packages" not in text and str(paths.ROOT) not in text


def test_index_gives_parameters_counts_and_data_version(built):
    _, out, claims_dir = built
    index = (out / "index.html").read_text()
    assert "<code>condition=anxiety</code>" in index
    assert hash_data(claims_dir) in index
    assert "10 claims from 2 articles" in index


def test_the_index_links_the_data_package_the_build_wrote(built):
    _, out, _ = built
    links = re.findall(r'href="(data/[^"]+)"', (out / "index.html").read_text())
    assert links[0] == "data/datapackage.json" and "data/workbook.json" in links
    assert sorted(links) == sorted(f"data/{p.name}" for p in (out / "data").iterdir())
    for name in ("datapackage.json", "workbook.json"):
        report = frictionless.validate(str(out / "data" / name))
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_a_new_condition_gets_its_own_report_with_no_code_change(workbook_dir, tmp_path):
    vocabulary = workbook_dir / "vocabulary.yaml"
    vocabulary.write_text(
        vocabulary.read_text().replace(
            "conditions:\n",
            "conditions:\n  insomnia:\n    kind: mind\n    label: Insomnia\n    definition: Trouble sleeping.\n",
            1,
        )
    )
    claims = workbook_dir / "claims.csv"
    claims.write_text(claims.read_text().replace(",mood,exercise,", ",mood;insomnia,exercise,"))
    specs = plan_reports(load_workbook(workbook_dir), workbook_dir)
    insomnia = [s for s in specs if s.slug == "insomnia"]
    assert insomnia and insomnia[0].href == "condition/insomnia.html"
    assert insomnia[0].parameters == {"condition": "insomnia", "claims_dir": str(workbook_dir.resolve())}


def test_exposures_are_titled_and_grouped_apart_from_interventions():
    from analysis import load_workbook
    from analysis.site.plan import plan_reports

    specs = {s.href: s for s in plan_reports(load_workbook(Path(__file__).parents[1] / "data" / "workbook"))}
    assert specs["intervention/probiotics.html"].title == "Intervention: Probiotics"
    assert specs["intervention/probiotics.html"].group == "intervention"
    antibiotics = specs["intervention/antibiotics.html"]
    assert antibiotics.title.startswith("Exposure: ") and antibiotics.group == "exposure"
    assert specs["overview.html"].group == "overview" and list(specs)[0] == "overview.html"


def test_a_workbook_with_no_claims_yet_is_refused_in_one_line_and_writes_no_page(tmp_path):
    claims_dir = tmp_path / "claims"
    shutil.copytree(Path(__file__).parents[1] / "data" / "workbook", claims_dir)
    for table in ("claims.csv", "sources.csv", "reviewed_non_claims.csv"):
        path = claims_dir / table
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    out = tmp_path / "reports"
    command = [sys.executable, "-m", "analysis", "build", "--claims-dir", str(claims_dir), "--output", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "the workbook has no claims yet, so there is nothing to report" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not list(out.glob("**/*.html"))
