"""Figures: each returns its Axes, shows what the reader needs, and stays readable at scale."""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import load_workbook  # noqa: E402
from analysis.evidence.grading import grade_pairs  # noqa: E402
from analysis.language.lexicon import HEDGE_KINDS  # noqa: E402
from analysis.reports.plots import (  # noqa: E402
    lump_groups,
    plot_evidence_levels,
    plot_evidence_map,
    plot_grades,
    plot_hedging,
    plot_language,
)
from analysis.reports.summaries import profile_language  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_evidence_map_marks_gaps_and_counts(workbook_dir):
    workbook = load_workbook(workbook_dir)
    conditions, interventions = workbook.vocabulary.terms("conditions"), workbook.vocabulary.terms("interventions")
    ax = plot_evidence_map(grade_pairs(workbook), row_order=conditions, col_order=interventions)
    assert [t.get_text() for t in ax.get_yticklabels()] == conditions
    texts = {t.get_text() for t in ax.texts}
    assert "1 (1)" in texts
    gaps = ax.collections[0].get_array().mask.sum()  # masked cells show the hatched background
    assert ax.patch.get_hatch() == "///"
    assert gaps == len(conditions) * len(interventions) - len(grade_pairs(workbook))
    assert "gap: no claim" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_plots_draw_on_the_axes_given(workbook_dir):
    workbook = load_workbook(workbook_dir)
    _, ax = plt.subplots()
    assert plot_evidence_levels(workbook.claims, ax=ax) is ax
    for plot, data in [
        (plot_hedging, workbook.claims),
        (plot_grades, grade_pairs(workbook)),
        (plot_language, profile_language(workbook)),
    ]:
        assert isinstance(plot(data), matplotlib.axes.Axes)


def test_figure_grows_with_the_rows(workbook_dir):
    grades = grade_pairs(load_workbook(workbook_dir))
    small = plot_grades(grades.head(2)).figure.get_size_inches()[1]
    large = plot_grades(grades).figure.get_size_inches()[1]
    assert large > small


def test_many_sources_are_lumped_into_other():
    data = pd.DataFrame({"source_id": [f"s{i}" for i in range(100)] + ["s0"] * 5})
    lumped = lump_groups(data, "source_id", limit=25)
    assert lumped["source_id"].nunique() == 25
    assert "other (76 sources)" in set(lumped["source_id"])
    assert (lumped["source_id"] == "s0").sum() == 6


def test_article_figure_keeps_its_labels_and_legend_inside():
    table = pd.DataFrame(
        {"speculative": [37.2, 37.4], "booster": [0.0, 1.5]},
        index=pd.Index(["a-rather-long-source-id-that-names-the-article", "median of 1,000 sources"], name="source_id"),
    )
    ax = plot_language(table)
    figure = ax.figure
    renderer = figure.canvas.get_renderer()
    inside = figure.bbox
    for artist in (ax.yaxis, ax.xaxis, ax.get_legend()):
        box = artist.get_tightbbox(renderer)
        assert box.x0 >= inside.x0 and box.x1 <= inside.x1 and box.y0 >= inside.y0, artist
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [*HEDGE_KINDS, "booster"]


def test_grade_bars_are_as_long_as_the_grade_itself(studies_dir):
    grades = grade_pairs(load_workbook(studies_dir))
    ax = plot_grades(grades, y="intervention")
    order = list(grades["grade"].cat.categories)  # strongest first, "none" last
    widths = [bar.get_width() for bar in ax.patches]
    expected = [len(order) - 1 - order.index(g) for g in grades.sort_values("grade", kind="stable")["grade"]]
    assert sorted(widths, reverse=True) == sorted(expected, reverse=True)
    assert widths == sorted(widths, reverse=True)  # strongest on top
    assert [t.get_text() for t in ax.get_xticklabels()] == order[::-1]  # none ... strong, named on the axis
    colours = {bar.get_width(): bar.get_facecolor() for bar in ax.patches}
    assert len(colours) == len(set(expected))  # one colour per grade: a bar's length and colour agree
    assert "1 study" in {t.get_text() for t in ax.texts} and "no study" in {t.get_text() for t in ax.texts}


def test_a_label_with_dollar_signs_is_drawn_as_text_not_mathtext(workbook_dir):
    """`Anxiety $\\foo$` from the vocabulary once failed six reports: matplotlib read it as mathtext."""
    import io

    from analysis.reports.plots import use_plain_text

    workbook = load_workbook(workbook_dir)
    conditions = workbook.vocabulary.terms("conditions")
    labels = {slug: f"{slug} $\\foo$ $x^2$" for slug in conditions}
    matplotlib.rcdefaults()  # what a warm kernel's reset does; use_plain_text must be done again after it
    use_plain_text()
    ax = plot_evidence_map(grade_pairs(workbook), row_order=conditions, row_labels=labels, title="Title $\\bar$")
    ax.figure.savefig(io.BytesIO(), format="png")  # tick labels are made and parsed when the figure is drawn
    assert "depression $\\foo$ $x^2$" in [t.get_text() for t in ax.get_yticklabels()]
    assert matplotlib.rcParams["text.parse_math"] is False


def test_evidence_map_column_labels_are_one_line_and_never_overlap():
    labels = {
        "gut-microbiome": "Gut microbiome (composition, diversity, named bacteria)",
        "fmt": "Faecal microbiota transplant",
        "exercise": "Exercise and physical activity",
        "stress-management": "Stress management and mind-body practices",
        "dysbiosis": "Dysbiosis",
        "upf": "Ultra-processed foods and refined sugar",
    }
    data = pd.DataFrame(
        {"condition": "depression", "intervention": list(labels), "grade": "weak", "n_claims": 1, "n_sources": 1}
    )
    ax = plot_evidence_map(data, col_order=list(labels), col_labels=labels, legend=False)
    ax.figure.canvas.draw()
    ticks = ax.get_xticklabels()
    assert ticks[0].get_text() == "Gut microbiome" and all("\n" not in t.get_text() for t in ticks)
    # slanted parallel lines of text clear each other when the gap across them is at least their height
    spacing = abs(ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0])
    across = spacing * math.sin(math.radians(ticks[0].get_rotation()))
    height = max(t.get_text().count("\n") + 1 for t in ticks) * ticks[0].get_fontsize() * ax.figure.dpi / 72
    assert across >= height


def test_an_evidence_map_of_nothing_graded_says_so():
    empty = pd.DataFrame(columns=["condition", "intervention", "grade", "n_claims", "n_sources"])
    ax = plot_evidence_map(empty, row_order=["depression"], col_order=["probiotics"], legend=False)
    assert [t.get_text() for t in ax.texts] == ["No claims graded yet"]


def test_a_panel_no_claim_touches_still_draws_its_gaps(workbook_dir):
    grades = grade_pairs(load_workbook(workbook_dir))
    nothing = grades[grades["intervention"] == "no-such-term"]
    ax = plot_evidence_map(nothing, row_order=["depression"], col_order=["antibiotics"])
    assert "No claims graded yet" not in [t.get_text() for t in ax.texts]
    assert ax.patch.get_hatch() == "///" and ax.get_legend() is not None
