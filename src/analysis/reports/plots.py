"""Figures for the reports, seaborn-style: each takes `data` and returns the Axes it drew on.

When no `ax` is given, each function makes a new figure sized to the data's shape, so
that labels stay readable with thirty rows. Palettes are ColorBrewer and viridis ones,
which stay distinct for colour-blind readers.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch

from analysis.evidence.grading import GRADES
from analysis.language.lexicon import HEDGE_KINDS
from analysis.reports.summaries import count_evidence_levels, count_hedging

MAX_GROUPS = 25
GRADE_COLOURS = dict(zip(reversed(GRADES), sns.color_palette("YlGnBu", len(GRADES)).as_hex()))
GAP_COLOUR = "#ffffff"


def _new_axes(ax, width: float, height: float):
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=(min(width, 22), min(height, 30)), layout="constrained")
    return ax


def plot_evidence_map(
    data: pd.DataFrame, *, rows: str = "condition", cols: str = "intervention", row_order=None, col_order=None, ax=None
):
    """Draw the evidence and gap map: one cell per pair, coloured by grade, annotated with counts.

    `data` is `grade_pairs(...)`. Each cell reads "claims (sources)"; blank, hatched cells
    are gaps: pairs no claim speaks of. `row_order` and `col_order` default to the order
    of appearance; pass the vocabulary's terms to show every possible gap.
    """
    row_order = list(row_order or pd.unique(data[rows]))
    col_order = list(col_order or pd.unique(data[cols]))
    ax = _new_axes(ax, 3.5 + 0.55 * len(col_order), 1.8 + 0.42 * len(row_order))
    codes = data.assign(code=data["grade"].map(lambda g: len(GRADES) - 1 - GRADES.index(g)).astype(float))
    grid = codes.pivot_table(index=rows, columns=cols, values="code", aggfunc="max", observed=False)
    grid = grid.reindex(index=row_order, columns=col_order)
    labels = _count_labels(data, rows, cols).reindex(index=row_order, columns=col_order).fillna("")
    cmap = ListedColormap([GRADE_COLOURS[g] for g in reversed(GRADES)])
    norm = BoundaryNorm(np.arange(-0.5, len(GRADES)), cmap.N)
    ax.patch.set(facecolor=GAP_COLOUR, hatch="///", edgecolor="#dddddd")  # gaps are masked: this shows through
    sns.heatmap(
        grid,
        ax=ax,
        cmap=cmap,
        norm=norm,
        annot=labels,
        fmt="",
        cbar=False,
        linewidths=0.6,
        linecolor="#bbbbbb",
        annot_kws={"fontsize": 8},
    )
    ax.set(xlabel=cols.replace("_", " "), ylabel=rows.replace("_", " "))
    ax.tick_params(axis="x", labelrotation=45)
    plt.setp(ax.get_xticklabels(), ha="right", rotation_mode="anchor")
    handles = [Patch(facecolor=GRADE_COLOURS[g], edgecolor="#999", label=g) for g in GRADES]
    handles.append(Patch(facecolor=GAP_COLOUR, edgecolor="#999", hatch="///", label="gap: no claim"))
    ax.legend(
        handles=handles,
        title="grade; cells: claims (sources)",
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        frameon=False,
        fontsize=8,
        title_fontsize=8,
    )
    return ax


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


def plot_evidence_levels(data: pd.DataFrame, *, by: str = "source_id", ax=None):
    """Draw stacked horizontal bars: how many claims of each `by` rest on each evidence level.

    With more than 25 groups, the smaller ones are drawn together as "other".
    """
    counts = count_evidence_levels(lump_groups(data, by), by=by)
    ax = _new_axes(ax, 10, 1.6 + 0.5 * len(counts))
    colours = sns.color_palette("viridis", len(counts.columns))
    counts.plot(kind="barh", stacked=True, ax=ax, color=colours, width=0.7)
    ax.invert_yaxis()
    ax.set(xlabel="claims", ylabel=by.replace("_", " "))
    ax.legend(
        title="evidence level (strongest first)",
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        frameon=False,
        fontsize=8,
        title_fontsize=8,
    )
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
    by = table.index.name
    long = table.reset_index().melt(id_vars=by, var_name="kind", value_name="value")
    ax = _new_axes(ax, 10, 1.6 + 0.9 * long[by].nunique())
    sns.barplot(
        data=long, y=by, x="value", hue="kind", hue_order=order, palette="colorblind", ax=ax, orient="h", errorbar=None
    )
    ax.set(xlabel=xlabel, ylabel=by.replace("_", " "))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    return ax


def plot_grades(data: pd.DataFrame, *, y: str = "intervention", ax=None):
    """Draw each pair's strength score as a horizontal bar coloured by its grade, strongest on top."""
    ax = _new_axes(ax, 9, 1.4 + 0.38 * len(data))
    ordered = data.sort_values("score", ascending=False)
    sns.barplot(
        data=ordered,
        y=y,
        x="score",
        hue="grade",
        hue_order=GRADES,
        palette=GRADE_COLOURS,
        dodge=False,
        ax=ax,
        orient="h",
        edgecolor="#777",
    )
    ax.set(xlim=(0, 1), xlabel="strength score (0 to 1)", ylabel=y.replace("_", " "))
    ax.legend(title="grade", loc="lower right", frameon=True, fontsize=8, title_fontsize=8)
    return ax
