"""Figures for the reports, seaborn-style: each takes `data` and returns the Axes it drew on.

When no `ax` is given, each function makes a new figure sized to the data's shape, so
that labels stay readable with thirty rows. Palettes are ColorBrewer and viridis ones,
which stay distinct for colour-blind readers. Every text is drawn as written: importing
this module turns matplotlib's mathtext off (`use_plain_text`).
"""

import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch

from analysis.language.lexicon import HEDGE_KINDS
from analysis.reports.summaries import count_evidence_levels, count_hedging

MAX_GROUPS = 25
GAP_COLOUR = "#ffffff"
PLAIN_TEXT = {"text.parse_math": False}  # "$...$" in a label is text, never mathtext


def use_plain_text() -> None:
    """Make matplotlib draw every label and title as written, never parsing "$...$" in it as mathtext.

    Labels come from the vocabulary and the claims, which contributors write: as mathtext,
    "Anxiety $\\foo$" fails the figure and its report. Done when this module is imported (every
    report imports it before it draws) and by the build's warm kernels after each reset
    (`analysis.site.kernels`). A tick label is made when the figure is drawn, after the plot
    function returns, so the setting must hold for the whole session, not around a call.
    """
    matplotlib.rcParams.update(PLAIN_TEXT)


use_plain_text()


def _legend_outside(ax, **kwargs) -> None:
    """Put the legend to the right of the Axes, small and unframed."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8, title_fontsize=8, **kwargs)


def _new_axes(ax, width: float, height: float, layout: str | None = "constrained"):
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=(min(width, 22), min(height, 30)), layout=layout)
    return ax


def grade_colours(grades) -> dict:
    """Return a colour-blind-safe colour for each grade (strongest first), darkest for the strongest."""
    grades = list(grades)
    return dict(zip(reversed(grades), sns.color_palette("YlGnBu", len(grades)).as_hex()))


def _grades(data: pd.DataFrame) -> list:
    grade = data["grade"]
    return list(grade.cat.categories) if isinstance(grade.dtype, pd.CategoricalDtype) else list(pd.unique(grade))


def plot_evidence_map(
    data: pd.DataFrame,
    *,
    rows: str = "condition",
    cols: str = "intervention",
    row_order=None,
    col_order=None,
    row_labels=None,
    col_labels=None,
    title=None,
    legend=True,
    ax=None,
):
    """Draw the evidence and gap map: one cell per pair, coloured by grade, annotated with counts.

    `data` is `grade_pairs(...)`. Each cell reads "claims (sources)"; blank, hatched cells
    are gaps: pairs no claim speaks of. `row_order` and `col_order` default to the order
    of appearance; pass the vocabulary's terms to show every possible gap. `row_labels` and
    `col_labels` map the terms to the words shown on the axes.
    """
    row_order = list(row_order or pd.unique(data[rows]))
    col_order = list(col_order or pd.unique(data[cols]))
    grades = _grades(data)
    colours = grade_colours(grades)
    ax = _new_axes(ax, 4.5 + 0.6 * len(col_order), 1.8 + 0.32 * len(row_order))
    if not grades:  # a new workbook: no grade to colour by (a panel of a graded workbook still draws its gaps)
        ax.set_axis_off()
        ax.set_title(title or "")
        ax.text(0.5, 0.5, "No claims graded yet", ha="center", va="center", transform=ax.transAxes)
        return ax
    codes = data.assign(code=data["grade"].map(lambda g: len(grades) - 1 - grades.index(g)).astype(float))
    grid = codes.pivot_table(index=rows, columns=cols, values="code", aggfunc="max", observed=False)
    grid = grid.reindex(index=row_order, columns=col_order)
    labels = _count_labels(data, rows, cols).reindex(index=row_order, columns=col_order).astype(object).fillna("")
    cmap = ListedColormap([colours[g] for g in reversed(grades)])
    norm = BoundaryNorm(np.arange(-0.5, len(grades)), cmap.N)
    ax.patch.set(facecolor=GAP_COLOUR, hatch="///", edgecolor="#dddddd")  # gaps are masked: this shows through
    sns.heatmap(
        grid,
        ax=ax,
        cmap=cmap,
        norm=norm,
        vmin=-0.5,  # the scale is the grades', also when a panel has no cell to read it from
        vmax=len(grades) - 0.5,
        annot=labels,
        fmt="",
        cbar=False,
        linewidths=0.6,
        linecolor="#bbbbbb",
        annot_kws={"fontsize": 8},
    )
    ax.set_xticklabels([_axis_label((col_labels or {}).get(c, c)) for c in col_order])
    ax.set_yticklabels([(row_labels or {}).get(r, r) for r in row_order], rotation=0)
    ax.set(xlabel="", ylabel="", title=title or "")
    ax.tick_params(axis="x", labelrotation=40, labelsize=8)
    ax.tick_params(axis="y", labelsize=8)
    plt.setp(ax.get_xticklabels(), ha="right", rotation_mode="anchor")
    if not legend:
        return ax
    handles = [Patch(facecolor=colours[g], edgecolor="#999", label=g) for g in grades]
    handles.append(Patch(facecolor=GAP_COLOUR, edgecolor="#999", hatch="///", label="gap: no claim"))
    _legend_outside(ax, handles=handles, title="Reported evidence\ncells: claims (sources)")
    return ax


def plot_evidence_maps(
    data: pd.DataFrame,
    *,
    panels: dict,
    rows: str = "condition",
    cols: str = "intervention",
    row_order=None,
    row_labels=None,
    col_labels=None,
):
    """Draw evidence and gap maps side by side, one per panel, sharing their rows; return the Axes.

    `panels` maps each panel's title to its column order (for example the interventions
    a reader can choose, then the exposures); each panel is `plot_evidence_map` of the
    pairs in its columns.
    """
    row_order = list(row_order or pd.unique(data[rows]))
    widths = [max(len(order), 1) for order in panels.values()]
    _, axes = plt.subplots(
        1,
        len(panels),
        figsize=(min(3.5 + 0.5 * sum(widths), 22), 2.4 + 0.3 * len(row_order)),
        width_ratios=widths,
        layout="constrained",
        squeeze=False,
    )
    for i, (ax, (title, order)) in enumerate(zip(axes[0], panels.items())):
        plot_evidence_map(
            data[data[cols].isin(order)],
            rows=rows,
            cols=cols,
            row_order=row_order,
            col_order=list(order),
            row_labels=row_labels,
            col_labels=col_labels,
            title=title,
            legend=i == len(panels) - 1,
            ax=ax,
        )
        if i:
            ax.set_yticklabels([])
    return axes[0]


def _count_labels(data, rows, cols) -> pd.DataFrame:
    text = data.assign(label=data["n_claims"].astype(str) + " (" + data["n_sources"].astype(str) + ")")
    return text.pivot_table(index=rows, columns=cols, values="label", aggfunc="first", observed=False)


def lump_groups(data: pd.DataFrame, by: str, limit: int = MAX_GROUPS) -> pd.DataFrame:
    """Return `data` with all but the `limit - 1` largest groups of `by` merged into one "other" group."""
    sizes = data[by].value_counts()
    if len(sizes) <= limit:
        return data
    other = f"other ({len(sizes) - limit + 1:,} {by.replace('_id', '').replace('_', ' ')}s)"
    return data.assign(**{by: data[by].where(data[by].isin(sizes.index[: limit - 1]), other)})


def plot_evidence_levels(data: pd.DataFrame, *, by: str = "source_id", vocabulary=None, ax=None):
    """Draw stacked horizontal bars: how many claims of each `by` rest on each evidence level.

    With more than 25 groups, the smaller ones are drawn together as "other". With a
    `vocabulary`, the levels are named by their labels.
    """
    counts = count_evidence_levels(lump_groups(data, by), by=by)
    if vocabulary is not None:
        from analysis.reports.readable import make_readable

        counts = make_readable(counts, vocabulary)
    ax = _new_axes(ax, 10, 1.6 + 0.5 * len(counts))
    colours = sns.color_palette("viridis", len(counts.columns))
    counts.plot(kind="barh", stacked=True, ax=ax, color=colours, width=0.7)
    ax.invert_yaxis()
    ax.set(xlabel="claims", ylabel="")
    _legend_outside(ax, title="evidence offered (strongest first)")
    return ax


def plot_hedging(data: pd.DataFrame, *, by: str = "source_id", ax=None):
    """Draw, per value of `by`, the share of claims carrying each kind of hedge (curated labels).

    With more than 25 groups, the smaller ones are drawn together as "other".
    """
    ax = _plot_grouped_bars(
        count_hedging(lump_groups(data, by), by=by), ["any hedge", *HEDGE_KINDS], "share of claims", ax
    )
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    return ax


def plot_language(data: pd.DataFrame, *, ax=None):
    """Draw hedge cues by category and booster cues per 1,000 words, one group of bars per source.

    `data` is `profile_language(workbook)`: what the detector finds in the whole text,
    claims or not, so that sources of any length compare. With more than 25 sources, the
    first 24 are drawn and the rest as their mean.
    """
    if len(data) > MAX_GROUPS:
        rest = data.iloc[MAX_GROUPS - 1 :].mean().rename(f"mean of {len(data) - MAX_GROUPS + 1:,} other sources")
        data = pd.concat([data.iloc[: MAX_GROUPS - 1], rest.to_frame().T]).rename_axis(data.index.name)
    return _plot_grouped_bars(data, [*HEDGE_KINDS, "booster"], "cues per 1,000 words", ax)


def _plot_grouped_bars(table: pd.DataFrame, order: list, xlabel: str, ax):
    """Draw one group of horizontal bars per row of `table` (first row on top), one bar per column of `order`.

    Plain matplotlib bars with seaborn's colour-blind palette: what seaborn's barplot
    draws for a table of means, at half its cost.
    """
    created = ax is None
    ax = _new_axes(ax, 10, 1.6 + 0.9 * len(table), layout=None)
    rows = np.arange(len(table))
    height = 0.8 / len(order)
    for i, (kind, colour) in enumerate(zip(order, sns.color_palette("colorblind", len(order)))):
        values = table[kind].to_numpy(dtype=float) if kind in table else np.zeros(len(table))
        ax.barh(rows - 0.4 + height * (i + 0.5), values, height=height, color=colour, label=kind)
    ax.set_yticks(rows, [str(label) for label in table.index])
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set(xlabel=xlabel, ylabel="")
    _legend_outside(ax)
    if created:
        _fit_margins(ax)
    return ax


def _fit_margins(ax, pad: float = 0.1) -> None:
    """Set the margins of a one-Axes figure to fit its tick labels, axis labels and outside legend.

    What constrained layout does for such a figure, measuring only these texts instead of
    drawing the whole figure once more: a third of the time to draw an article's figure.
    """
    figure = ax.figure
    renderer = figure.canvas.get_renderer()
    width, height = figure.get_size_inches() * figure.dpi
    pad *= figure.dpi
    frame = ax.get_window_extent(renderer)  # labels reach this far beyond the Axes, wherever it sits
    left = frame.x0 - ax.yaxis.get_tightbbox(renderer).x0 + pad
    bottom = frame.y0 - ax.xaxis.get_tightbbox(renderer).y0 + pad
    legend = ax.get_legend().get_window_extent(renderer).width + 2 * pad
    left, right = min(left / width, 0.6), max(1 - legend / width, 0.7)  # the bars keep a tenth of the width
    figure.subplots_adjust(left=left, right=right, bottom=min(bottom / height, 0.5), top=1 - pad / height)


def grade_values(grades) -> dict:
    """Return the length of each grade's bar (grades strongest first): the strongest len - 1, ... "none" 0."""
    grades = list(grades)
    return {grade: len(grades) - 1 - i for i, grade in enumerate(grades)}


def plot_grades(data: pd.DataFrame, *, y: str = "intervention", labels=None, ax=None):
    """Draw each pair's grade as a horizontal bar, its length and colour the grade itself, strongest on top.

    The bar of "strong" reaches furthest and "none" has none; the axis names the grades, so
    a bar is never longer than its colour says. The number of studies behind each grade is
    written at the end of its bar. `labels` maps the values of `y` to the words shown.
    """
    grades = _grades(data)
    values, colours = grade_values(grades), grade_colours(grades)
    ax = _new_axes(ax, 9, 1.4 + 0.38 * len(data))
    keys = [k for k in ("score", "n_studies") if k in data]  # the order within a grade
    ordered = data.assign(_value=data["grade"].map(values).astype(int))
    ordered = ordered.sort_values(["_value", *keys], ascending=[False] + [False] * len(keys), kind="stable")
    rows = np.arange(len(ordered))
    names = [str((labels or {}).get(v, v)) for v in ordered[y]]
    lengths = [values[g] for g in ordered["grade"]]
    ax.barh(rows, lengths, color=[colours[g] for g in ordered["grade"]], edgecolor="#777", height=0.7)
    if "n_studies" in ordered:
        for row, length, n in zip(rows, lengths, ordered["n_studies"]):
            words = "no study" if not n else f"{int(n)} stud{'y' if n == 1 else 'ies'}"
            ax.text(length + 0.05, row, words, va="center", fontsize=8, color="#444444")
    ax.set_yticks(rows, names)
    ax.set_ylim(len(ordered) - 0.5, -0.5)
    ax.set_xticks(sorted(values.values()), [g for g, _ in sorted(values.items(), key=lambda item: item[1])])
    ax.set(xlim=(0, max(values.values(), default=1) + 0.9), xlabel="grade of the reported evidence", ylabel="")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return ax


def plot_wording_against_evidence(data: pd.DataFrame, vocabulary, *, ax=None):
    """Draw how many claims pair each claim strength (rows, strongest on top) with each evidence level (columns).

    `data` is a claims table. Cells towards the top right are strong words on weak evidence:
    where articles claim more than they show.
    """
    from analysis.reports.readable import make_readable
    from analysis.reports.summaries import count_evidence_levels

    counts = make_readable(count_evidence_levels(data, by="relation"), vocabulary)
    ax = _new_axes(ax, 3.0 + 0.95 * len(counts.columns), 1.4 + 0.4 * len(counts))
    sns.heatmap(
        counts,
        ax=ax,
        annot=True,
        fmt="d",
        cmap="Purples",
        cbar=False,
        linewidths=0.6,
        linecolor="#bbbbbb",
        annot_kws={"fontsize": 9},
    )
    ax.set(xlabel="evidence the article offers (strongest first)", ylabel="")
    ax.set_xticklabels([_wrap(t.get_text()) for t in ax.get_xticklabels()], rotation=0, fontsize=8)
    ax.set_yticklabels(ax.get_yticklabels(), rotation=0, fontsize=8)
    return ax


def _axis_label(label: str) -> str:
    """Return a term's label for a slanted axis: one line, without its parenthetical gloss.

    "Gut microbiome (composition, diversity, named bacteria)" reads "Gut microbiome"; a label
    wrapped over lines and slanted runs into its neighbours.
    """
    return re.sub(r"\s*\([^)]*\)\s*$", "", str(label)) or str(label)


def _wrap(text: str, width: int = 16) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text
