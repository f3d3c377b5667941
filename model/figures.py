"""Figures of one run, each answering one of the strategist's questions.

A strategist reads a run for three things the 2012 note asks about -- capability gaps, cost
savings and sovereignty -- and for the partners that produce them. One figure per question:

========================== =========================================================
file                       question it answers
========================== =========================================================
gaps_by_capability.png     **Gaps** -- where is the alliance short, and does cooperation
                           close the shortfall over the years? (requirement-weighted gap
                           per capability area and year)
savings.png                **Savings** -- what does cooperation save against going it
                           alone, when do set-up costs turn into savings, and who saves
                           most? (alliance total and the five largest savers)
autonomy_vs_capacity.png   **Sovereignty** -- is freedom of action given up (autonomy, x)
                           repaid in capacity to act through partners (y)? The AIV's
                           thesis cited in the note, first year to last, per state.
partner_network.png        **Partners** -- who cooperates with whom, in which circle
                           (strategic, affiliated, opportunity), in the final year.
arrangements_by_form.png   **Forms** -- which forms of cooperation, shallow to deep, are
                           chosen over the years.
focus_<ISO>.png            All four questions for one state (by default the Netherlands):
                           its gaps, budget, spending and savings, autonomy and capacity
                           to act, and partners per circle over time.
========================== =========================================================

Every figure is drawn with matplotlib's object-oriented API on the Agg canvas (no pyplot, no
global state) and saved without a timestamp or version stamp, so the same tables give the same
PNG bytes. The tables are the run-folder tables of the public contract (``model.csv``,
``states.csv``, ``capabilities.csv``, ``arrangements.csv``, ``circles.csv``); only the contract
columns are read.

The house style is public, for every other figure of the package (compare folders, reports,
validation): :func:`new_figure`, :func:`titled`, :func:`year_axis`, :func:`value_axis` and
:func:`save_png`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import matplotlib as mpl
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from model import accounting
from model.outputs import RunTables

__all__ = [
    "CIRCLES",
    "FORMS",
    "alliance_gap_by_capability",
    "new_figure",
    "save_png",
    "titled",
    "value_axis",
    "year_axis",
    "partner_edges",
    "plot_arrangements_by_form",
    "plot_autonomy_vs_capacity",
    "plot_focus_state",
    "plot_gaps_by_capability",
    "plot_partner_network",
    "plot_savings",
    "write_figures",
]


#: The six forms of the note, shallow to deep.
FORMS: tuple[str, ...] = (
    "joint_hire",
    "pooling",
    "procurement_sharing",
    "operational",
    "integrated",
    "specialisation",
)
#: The three partner circles, closest first.
CIRCLES: tuple[str, ...] = ("strategic", "affiliated", "opportunity")

DPI = 130
#: No "Software" (matplotlib version) entry: the PNG bytes depend on the tables alone.
PNG_METADATA: dict[str, Any] = {"Software": None}

# Okabe-Ito colours (colour-blind safe); the circles keep these colours in every figure.
CIRCLE_COLOURS = {"strategic": "#0072B2", "affiliated": "#E69F00", "opportunity": "#8C8C8C"}
CIRCLE_STYLES = {"strategic": "-", "affiliated": "-", "opportunity": (0, (3, 2))}
CIRCLE_WIDTHS = {"strategic": 3.0, "affiliated": 0.5, "opportunity": 1.6}
#: Affiliated relations are many (everyone in NATO's large frameworks): drawn faint, so that the
#: few strategic and opportunity partnerships stand out.
CIRCLE_ALPHAS = {"strategic": 0.95, "affiliated": 0.12, "opportunity": 0.9}
FOCUS_COLOUR = "#D55E00"
STATE_COLOUR = "#4C72B0"
POSITIVE_COLOUR = "#1A9850"
NEGATIVE_COLOUR = "#D73027"
GAP_CMAP = "YlOrRd"
FORM_CMAP = "PuBu"
NUMBER_OF_TOP_SAVERS = 5
NUMBER_OF_ALWAYS_LABELLED = 10  # the largest states by budget always get their iso3 label
#: Node areas of the partner network (points^2), smallest and largest budget: the smallest
#: still holds a 3-letter code.
NODE_AREA = (320.0, 2000.0)


# --------------------------------------------------------------------------------------------
# Derived tables
# --------------------------------------------------------------------------------------------
def alliance_gap_by_capability(capabilities: pd.DataFrame) -> pd.DataFrame:
    """Compute the alliance-wide, requirement-weighted capability gap per year and area.

    The gap of an area in a year is ``sum_s max(0, requirement - level) / sum_s requirement``:
    each state's gap weighted by its requirement (:func:`model.accounting.gap_ratio` of the
    summed shortfalls and requirements; ``docs/ODD.md``, Outputs). An area that no state
    requires (0/0) has gap 0.

    Parameters
    ----------
    capabilities : pandas.DataFrame
        ``capabilities.csv``: one row per year x state x capability with columns ``year``,
        ``capability``, ``requirement`` and ``level`` (in the area's unit).

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (sorted), one column per ``capability`` (sorted), values in [0, 1].
    """
    requirement = capabilities["requirement"].astype(float).clip(lower=0.0)
    shortfall = accounting.shortfall(requirement, capabilities["level"].astype(float))
    sums = (
        pd.DataFrame(
            {
                "year": capabilities["year"].to_numpy(),
                "capability": capabilities["capability"].to_numpy(),
                "shortfall": shortfall.to_numpy(),
                "requirement": requirement.to_numpy(),
            }
        )
        .groupby(["year", "capability"], sort=True)[["shortfall", "requirement"]]
        .sum()
    )
    gap = accounting.gap_ratio(sums["shortfall"].to_numpy(), sums["requirement"].to_numpy())
    table = pd.Series(gap, index=sums.index).unstack("capability")
    table = table.fillna(0.0).sort_index().sort_index(axis=1)
    table.columns.name = "capability"
    table.index.name = "year"
    return table


def partner_edges(circles: pd.DataFrame, year: int) -> pd.DataFrame:
    """Reduce the directed partner relations of one year to undirected edges.

    ``circles.csv`` lists each pair in both directions, and the two states may place each other
    in different circles; the edge takes the closer of the two (strategic before affiliated
    before opportunity).

    Parameters
    ----------
    circles : pandas.DataFrame
        ``circles.csv`` with columns ``year``, ``state``, ``partner`` and ``circle``.
    year : int
        The year to take.

    Returns
    -------
    pandas.DataFrame
        Columns ``a``, ``b`` (iso3 codes, ``a < b``) and ``circle``, one row per pair, sorted.
    """
    rows = circles.loc[circles["year"] == year, ["state", "partner", "circle"]].astype(str)
    rows = rows[rows["state"] != rows["partner"]]
    rows = rows[rows["circle"].isin(CIRCLES)]
    if rows.empty:
        return pd.DataFrame({"a": [], "b": [], "circle": []}, dtype=object)
    first = rows[["state", "partner"]].min(axis=1)
    second = rows[["state", "partner"]].max(axis=1)
    rank = rows["circle"].map({c: i for i, c in enumerate(CIRCLES)})
    pairs = pd.DataFrame({"a": first.to_numpy(), "b": second.to_numpy(), "rank": rank.to_numpy()})
    pairs = pairs.groupby(["a", "b"], sort=True)["rank"].min().reset_index()
    pairs["circle"] = [CIRCLES[int(r)] for r in pairs["rank"]]
    return pairs[["a", "b", "circle"]].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Small drawing helpers
# --------------------------------------------------------------------------------------------
def new_figure(width: float, height: float) -> Figure:
    """Make an Agg-backed figure with constrained layout, outside pyplot's global state."""
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def titled(fig: Figure, title: str, subtitle: str) -> SubFigure:
    """Put a bold title and a grey subtitle on top of `fig`; return the subfigure to draw in."""
    fig.suptitle(title, fontsize=13, fontweight="bold", x=0.01, ha="left")
    body = fig.subfigures(1, 1)
    if subtitle:
        body.suptitle(subtitle, fontsize=9, color="0.35", x=0.01, ha="left")
    return body


def _subtitle(tables: RunTables, title: str, detail: str = "") -> str:
    """Return the subtitle line: the run's label, scenario and seed, and a detail if given."""
    parts = [title] if title else []
    # the run's label in words (scenario and overrides, see model.analysis.run_label)
    name = getattr(tables, "label", None) or getattr(tables, "scenario", "?")
    parts.append(f"{name}, seed {getattr(tables, 'seed', '?')}")
    if detail:
        parts.append(detail)
    return "  ·  ".join(parts)


def _span(first: Any, last: Any) -> str:
    """Return "2012–2035", or just "2035" for a single year."""
    return f"{first}" if first == last else f"{first}–{last}"


def _currency(tables: RunTables) -> str:
    return str(getattr(tables, "currency", "") or "currency units")


def _money_formatter() -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: f"{value:,.0f}")


def _year_ticks(ax: Any, years: Sequence[int]) -> None:
    """Tick whole years, starting at the first year, at most about a dozen of them."""
    if not len(years):
        return
    first, last = int(min(years)), int(max(years))
    step = next((s for s in (1, 2, 5, 10, 20) if (last - first) / s <= 12), 50)
    ax.set_xticks(list(range(first, last + 1, step)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:.0f}"))


def year_axis(ax: Any, years: Sequence[int], pad: float = 0.0) -> None:
    """Label the x axis with whole years; `pad` widens it (half a year for bars)."""
    _year_ticks(ax, years)
    ax.set_xlabel("Year")
    if len(years) == 1:
        ax.set_xlim(years[0] - 1, years[0] + 1)
    elif len(years) > 1:
        ax.set_xlim(min(years) - pad, max(years) + pad)


def value_axis(ax: Any, kind: str, diff: bool = False, money_unit: str = "") -> None:
    """Format the y axis for a share, money or count value, with a light horizontal grid.

    ``kind`` is ``"share"`` (as %, or percentage points when ``diff``), ``"money"`` or
    ``"count"``.
    """
    if kind == "share":
        if diff:
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:+.1f}"))
            ax.set_ylabel("percentage points")
        else:
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:.0f} %"))
    elif kind == "money":
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
        ax.set_ylabel(money_unit or "USD million (2012 prices)")
    ax.grid(True, axis="y", color="0.92")


def _line_kwargs(n_points: int) -> dict[str, Any]:
    """Markers only where a line has too few points to be seen as a line."""
    return {"marker": "o", "markersize": 4} if n_points < 3 else {}


def _stack(
    ax: Any,
    years: list[int],
    series: list[np.ndarray],
    colours: list,
    labels: list[str],
    *,
    bars: bool = False,
) -> None:
    """Draw a stacked area, or stacked bars if asked or when there is a single year.

    Bars suit small annual counts, where a sloped area between years would suggest fractions.
    """
    if len(years) >= 2 and not bars:
        ax.stackplot(
            years, *series, colors=colours, labels=labels, linewidth=0.3, edgecolor="white"
        )
        return
    bottom = np.zeros(len(years))
    for values, colour, label in zip(series, colours, labels, strict=True):
        ax.bar(
            years,
            values,
            bottom=bottom,
            color=colour,
            label=label,
            width=0.8 if bars else 0.6,
            edgecolor="white",
            linewidth=0.3,
        )
        bottom = bottom + values


def _note(ax: Any, text: str, fontsize: float = 10) -> None:
    """Write `text` in grey italics in the middle of `ax` (no data, nothing to draw)."""
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=fontsize,
        color="0.35",
        style="italic",
    )


def _nice(name: str) -> str:
    return name.replace("_", " ")


def _heatmap(ax: Any, table: pd.DataFrame, norm: mcolors.Normalize) -> Any:
    """Draw a years x areas table as a heatmap, first column at the top; return the mesh."""
    years = [int(y) for y in table.index]
    edges = np.arange(len(years) + 1) - 0.5 + (years[0] if years else 0)
    if years and years != list(range(years[0], years[0] + len(years))):
        edges = np.concatenate(
            [[years[0] - 0.5], (np.array(years[:-1]) + np.array(years[1:])) / 2, [years[-1] + 0.5]]
        )
    rows = np.arange(table.shape[1] + 1) - 0.5
    mesh = ax.pcolormesh(
        edges,
        rows,
        table.to_numpy(dtype=float).T,
        cmap=GAP_CMAP,
        norm=norm,
        edgecolors="white",
        linewidth=0.3,
    )
    ax.set_yticks(np.arange(table.shape[1]), [_nice(c) for c in table.columns])
    ax.set_ylim(table.shape[1] - 0.5, -0.5)
    _year_ticks(ax, years)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_xlabel("Year")
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    return mesh


def _gap_norm() -> mcolors.Normalize:
    # A square-root scale keeps gaps of a few per cent visible on a fixed 0-100 % range.
    return mcolors.PowerNorm(gamma=0.5, vmin=0.0, vmax=1.0)


def _gap_colourbar(fig: Any, mesh: Any, ax: Any, label: str) -> None:
    bar = fig.colorbar(mesh, ax=ax, shrink=0.9, pad=0.02)
    bar.set_ticks([0, 0.02, 0.1, 0.25, 0.5, 0.75, 1.0])
    bar.ax.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    bar.set_label(label)


def _by_final_gap(table: pd.DataFrame) -> pd.DataFrame:
    """Order the areas by their gap in the final year, largest first, ties alphabetical."""
    if table.empty:
        return table
    final = table.iloc[-1]
    order = sorted(table.columns, key=lambda c: (-float(final[c]), str(c)))
    return table[order]


def _final_year(tables: RunTables) -> int | None:
    for frame in (tables.model, tables.states, tables.capabilities):
        if len(frame) and "year" in frame:
            return int(frame["year"].max())
    return None


# --------------------------------------------------------------------------------------------
# The figures
# --------------------------------------------------------------------------------------------
def plot_gaps_by_capability(
    tables: RunTables, fig: Figure | None = None, *, title: str = ""
) -> Figure:
    """Draw the alliance-wide capability gap per area and year as a heatmap.

    Parameters
    ----------
    tables : RunTables
        The run's tables; reads ``capabilities`` (``year``, ``capability``, ``requirement``,
        ``level``).
    fig : matplotlib.figure.Figure, optional
        Figure to draw in; a new one is made if omitted.
    title : str, optional
        Run label put in the subtitle.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, areas ordered by their final-year gap (largest at the top).
    """
    table = _by_final_gap(alliance_gap_by_capability(tables.capabilities))
    fig = fig or new_figure(9.0, max(3.6, 1.6 + 0.32 * table.shape[1]))
    body = titled(
        fig,
        "Alliance capability gap by capability area",
        _subtitle(
            tables,
            title,
            "shortfall as % of requirement, requirement-weighted "
            "over states; areas ordered by final-year gap",
        ),
    )
    ax = body.subplots()
    if table.empty:
        ax.set_axis_off()
        _note(ax, "no capability data")
        return fig
    mesh = _heatmap(ax, table, _gap_norm())
    ax.set_ylabel("Capability area")
    _gap_colourbar(body, mesh, ax, "Gap (% of requirement)")
    return fig


def plot_savings(tables: RunTables, fig: Figure | None = None, *, title: str = "") -> Figure:
    """Draw the alliance's annual savings and the five states that save most over the run.

    Parameters
    ----------
    tables : RunTables
        The run's tables; reads ``model`` (``year``, ``savings``) and ``states`` (``year``,
        ``state``, ``savings``). Savings are against fielding the same capability alone, in
        ``tables.currency``; negative values (set-up costs) are drawn as such.
    fig : matplotlib.figure.Figure, optional
        Figure to draw in; a new one is made if omitted.
    title : str, optional
        Run label put in the subtitle.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels sharing the year axis: the alliance total (bars coloured by sign, a line
        through them) and the top savers (thin lines).
    """
    currency = _currency(tables)
    fig = fig or new_figure(9.5, 7.0)
    body = titled(
        fig,
        "Savings from cooperation against going it alone",
        _subtitle(
            tables, title, f"{currency}; negative = set-up and upkeep costs exceed what is saved"
        ),
    )
    ax_total, ax_states = body.subplots(2, 1, sharex=True, height_ratios=[1.15, 1.0])
    years = _alliance_savings_panel(ax_total, tables.model, currency)
    _top_savers_panel(ax_states, tables.states, currency)
    year_axis(ax_states, years, pad=0.5)
    ax_total.set_xlabel("")
    return fig


def _alliance_savings_panel(ax: Any, model: pd.DataFrame, currency: str) -> list[int]:
    """Panel (a) of :func:`plot_savings`: the alliance's savings per year; return the years."""
    model = model.sort_values("year")
    years = [int(y) for y in model["year"]]
    values = model["savings"].astype(float).fillna(0.0).to_numpy()

    bar_colours = [POSITIVE_COLOUR if v >= 0 else NEGATIVE_COLOUR for v in values]
    ax.bar(years, values, width=0.75, color=bar_colours, alpha=0.55)
    ax.plot(years, values, color="0.15", linewidth=1.0, **_line_kwargs(len(years)))
    ax.axhline(0, color="0.2", linewidth=0.8)
    ax.set_title("(a) Alliance total, per year", loc="left", fontsize=10)
    ax.set_ylabel(f"Savings\n({currency})")
    ax.yaxis.set_major_formatter(_money_formatter())
    total = f"{_span(years[0], years[-1])}: {values.sum():,.0f}" if years else "no years"
    ax.legend(
        handles=[
            Patch(color=POSITIVE_COLOUR, alpha=0.55, label="net saving"),
            Patch(color=NEGATIVE_COLOUR, alpha=0.55, label="net cost"),
        ],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
        frameon=False,
        title=f"cumulative\n{total}",
        title_fontsize=8,
        alignment="left",
    )
    return years


def _top_savers_panel(ax: Any, states: pd.DataFrame, currency: str) -> None:
    """Panel (b) of :func:`plot_savings`: the states with the largest cumulative savings."""
    cumulative = states.groupby("state")["savings"].sum()
    top = sorted(cumulative.index, key=lambda s: (-float(cumulative[s]), str(s)))
    top = top[:NUMBER_OF_TOP_SAVERS]
    palette = mpl.colormaps["tab10"]
    for i, state in enumerate(top):
        rows = states[states["state"] == state].sort_values("year")
        ax.plot(
            rows["year"],
            rows["savings"].astype(float),
            linewidth=1.3,
            color=palette(i),
            label=f"{state}  (Σ {cumulative[state]:,.0f})",
            **_line_kwargs(len(rows)),
        )
    ax.axhline(0, color="0.2", linewidth=0.8)
    ax.set_title(
        f"(b) The {len(top)} states with the largest cumulative savings from cooperation",
        loc="left",
        fontsize=10,
    )
    ax.set_ylabel(f"Savings\n({currency})")
    ax.yaxis.set_major_formatter(_money_formatter())
    if top:
        ax.legend(
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=8,
            frameon=False,
            title="state (cumulative)",
            title_fontsize=8,
        )


def _round_budgets(max_budget: float) -> list[float]:
    """Three round reference budgets (largest first) for a size legend up to `max_budget`."""
    magnitude = 10 ** np.floor(np.log10(max_budget)) if max_budget > 0 else 1.0
    top = np.floor(max_budget / magnitude) * magnitude
    values = [top, top / 2, top / 10]
    return [float(v) for v in values if v > 0]


def _size_legend(
    ax: Any,
    diameters: Sequence[float],
    labels: Sequence[str],
    title: str,
    anchor: tuple[float, float],
    **marker: Any,
) -> Any:
    """Add a legend of circles of the given diameters (points) that do not overlap their labels."""
    fontsize = 8.0
    largest = max(diameters) if diameters else fontsize
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=float(d), label=label, **marker)
        for d, label in zip(diameters, labels, strict=True)
    ]
    return ax.legend(
        handles=handles,
        title=title,
        loc="upper left",
        bbox_to_anchor=anchor,
        fontsize=fontsize,
        title_fontsize=fontsize,
        frameon=False,
        alignment="left",
        labelspacing=max(0.5, largest / fontsize - 0.6),
        handlelength=largest / fontsize,
        handletextpad=0.8,
        borderpad=0.4,
    )


def _place_labels(
    fig: Figure,
    ax: Any,
    points: pd.DataFrame,
    radii_pt: np.ndarray,
    mandatory: set[str],
    focus: str | None,
) -> None:
    """Label points with iso3 codes, greedily avoiding overlaps; drop optional labels that collide.

    `points` has columns ``state``, ``x``, ``y`` and, optionally, ``x0``, ``y0`` (where the
    point's arrow starts): a label then prefers the side the arrow points to, away from its shaft.
    The layout is frozen first so that display coordinates stay valid after labelling.
    """
    fig.canvas.draw()
    fig.set_layout_engine("none")
    renderer = fig.canvas.get_renderer()
    to_px = DPI / 72.0
    xy_px = ax.transData.transform(points[["x", "y"]].to_numpy(dtype=float))
    marker_boxes = [
        mpl.transforms.Bbox.from_extents(x - r * to_px, y - r * to_px, x + r * to_px, y + r * to_px)
        for (x, y), r in zip(xy_px, radii_pt, strict=True)
    ]
    axes_box = ax.get_window_extent(renderer)
    placed: list[mpl.transforms.Bbox] = []
    for i, row in enumerate(points.itertuples(index=False)):
        r = float(radii_pt[i]) + 1.5
        d = r * 0.72
        candidates = [
            (r, 0, "left", "center"),
            (-r, 0, "right", "center"),
            (0, r, "center", "bottom"),
            (0, -r, "center", "top"),
            (d, d, "left", "bottom"),
            (-d, d, "right", "bottom"),
            (d, -d, "left", "top"),
            (-d, -d, "right", "top"),
            (r + 6, 6, "left", "bottom"),
            (-r - 6, -6, "right", "top"),
        ]
        if "x0" in points:
            start = ax.transData.transform((points["x0"].iat[i], points["y0"].iat[i]))
            heading = xy_px[i] - start
            if np.isfinite(heading).all() and np.hypot(*heading) > 0:
                candidates.sort(key=lambda c: -float(np.dot(c[:2], heading)) / np.hypot(*c[:2]))
        is_focus = row.state == focus
        best, best_cost = None, None
        for dx, dy, ha, va in candidates:
            text = ax.annotate(
                row.state,
                (row.x, row.y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=8 if not is_focus else 9,
                fontweight="bold" if is_focus else "normal",
                color=FOCUS_COLOUR if is_focus else "0.15",
            )
            box = text.get_window_extent(renderer).expanded(1.05, 1.1)
            cost = sum(box.overlaps(b) for b in placed)
            cost += sum(box.overlaps(b) for j, b in enumerate(marker_boxes) if j != i)
            if not axes_box.contains(box.x0, box.y0) or not axes_box.contains(box.x1, box.y1):
                cost += 100
            if best_cost is None or cost < best_cost:
                if best is not None:
                    best.remove()
                best, best_cost = text, cost
            else:
                text.remove()
            if cost == 0:
                break
        assert best is not None
        if best_cost and best_cost > 0 and row.state not in mandatory:
            best.remove()
            continue
        placed.append(best.get_window_extent(renderer))


def plot_autonomy_vs_capacity(
    tables: RunTables,
    fig: Figure | None = None,
    *,
    focus_state: str | None = "NLD",
    title: str = "",
) -> Figure:
    """Draw each state's move in autonomy (x) and capacity to act (y) from first to last year.

    This is the note's sovereignty argument made visible: an arrow to the left and up means
    freedom of action given up and capacity to act through partners gained.

    Parameters
    ----------
    tables : RunTables
        The run's tables; reads ``states`` (``year``, ``state``, ``autonomy``,
        ``capacity_to_act``, ``budget``).
    fig : matplotlib.figure.Figure, optional
        Figure to draw in; a new one is made if omitted.
    focus_state : str or None, optional
        iso3 code of the state to highlight.
    title : str, optional
        Run label put in the subtitle.

    Returns
    -------
    matplotlib.figure.Figure
        The scatter (final-year points sized by budget, arrows from the first year) and a side
        panel with the legend and how to read it.
    """
    states = tables.states.dropna(subset=["autonomy", "capacity_to_act"])
    years = sorted(int(y) for y in states["year"].unique())
    first_year, last_year = (years[0], years[-1]) if years else (None, None)
    fig = fig or new_figure(10.0, 7.2)
    body = titled(
        fig,
        "Sovereignty: autonomy given up versus capacity to act gained",
        _subtitle(
            tables,
            title,
            f"per state, {first_year} → {last_year}"
            if first_year != last_year
            else f"per state, {last_year}",
        ),
    )
    ax, side = body.subplots(1, 2, width_ratios=[3.4, 1.0])
    side.set_axis_off()
    ax.set_xlabel("Autonomy: share of fielded capability the state controls alone (0–1)")
    ax.set_ylabel(
        "Capacity to act: expected share of requirement\nthe state can bring to a crisis (0–1)"
    )
    ax.grid(True, color="0.92", linewidth=0.8)
    ax.set_axisbelow(True)
    if not years:
        _note(ax, "no state data")
        return fig

    start, end = _year_rows(states, first_year), _year_rows(states, last_year)
    budget = end["budget"].astype(float).clip(lower=0.0).fillna(0.0)
    max_budget = float(budget.max()) if len(budget) and budget.max() > 0 else 1.0
    size = 30.0 + 570.0 * (budget / max_budget)  # marker area in points^2
    _zoom_to_states(ax, start, end)

    focus = focus_state if focus_state in end.index else None
    moved = first_year != last_year
    if moved:
        _draw_moves(ax, start, end, size, focus)
    ax.scatter(
        end["autonomy"],
        end["capacity_to_act"],
        s=size.loc[end.index],
        c=[FOCUS_COLOUR if s == focus else STATE_COLOUR for s in end.index],
        alpha=0.75,
        edgecolors="white",
        linewidths=0.6,
        zorder=4,
    )
    _sovereignty_side_panel(side, first_year, last_year, focus, max_budget, _currency(tables))
    _label_sovereignty_points(fig, ax, start if moved else None, end, budget, size, focus)
    return fig


def _label_sovereignty_points(
    fig: Figure,
    ax: Any,
    start: pd.DataFrame | None,
    end: pd.DataFrame,
    budget: pd.Series,
    size: pd.Series,
    focus: str | None,
) -> None:
    """Label the final-year points, the focus state and the largest budgets first.

    `start` (the first-year rows, None for a single year) says where each arrow starts, so that
    a label can keep clear of its shaft.
    """
    order = sorted(end.index, key=lambda s: (s != focus, -float(budget[s]), str(s)))
    points = pd.DataFrame(
        {
            "state": order,
            "x": end.loc[order, "autonomy"].to_numpy(dtype=float),
            "y": end.loc[order, "capacity_to_act"].to_numpy(dtype=float),
        }
    )
    if start is not None:
        points["x0"] = start["autonomy"].reindex(order).astype(float).to_numpy()
        points["y0"] = start["capacity_to_act"].reindex(order).astype(float).to_numpy()
    mandatory = set(order[: NUMBER_OF_ALWAYS_LABELLED + (1 if focus else 0)])
    _place_labels(fig, ax, points, np.sqrt(size.loc[order].to_numpy()) / 2, mandatory, focus)


def _year_rows(states: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of one year, indexed by state (the first row of a state seen twice)."""
    rows = states[states["year"] == year].set_index("state")
    return rows[~rows.index.duplicated()]


def _zoom_to_states(ax: Any, start: pd.DataFrame, end: pd.DataFrame) -> None:
    """Set both axes of the sovereignty scatter to the data, in steps of 0.05 within [0, 1]."""
    values = pd.concat(
        [start[["autonomy", "capacity_to_act"]], end[["autonomy", "capacity_to_act"]]]
    )
    lo = values.min().clip(lower=0.0)
    hi = values.max().clip(upper=1.0)
    for axis_set, name in ((ax.set_xlim, "autonomy"), (ax.set_ylim, "capacity_to_act")):
        # zoom to the data in steps of 0.05, never beyond the measure's range [0, 1]
        low = max(0.0, np.floor((lo[name] - 0.03) * 20) / 20)
        high = min(1.0, np.ceil((hi[name] + 0.03) * 20) / 20)
        axis_set(low - 0.02, high + 0.02)


def _draw_moves(
    ax: Any, start: pd.DataFrame, end: pd.DataFrame, size: pd.Series, focus: str | None
) -> None:
    """Draw each state's arrow from its first-year point to its last, and the first-year points."""
    common = sorted(set(start.index) & set(end.index))
    for state in common:
        x0, y0 = start.at[state, "autonomy"], start.at[state, "capacity_to_act"]
        x1, y1 = end.at[state, "autonomy"], end.at[state, "capacity_to_act"]
        if np.hypot(x1 - x0, y1 - y0) < 1e-9:
            continue
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={
                "arrowstyle": "-|>",
                "color": FOCUS_COLOUR if state == focus else "0.55",
                "lw": 1.6 if state == focus else 0.8,
                "shrinkA": 0,
                "shrinkB": float(np.sqrt(size[state]) / 2),
                "mutation_scale": 8,
            },
        )
    ax.scatter(
        start.loc[common, "autonomy"],
        start.loc[common, "capacity_to_act"],
        s=14,
        facecolors="white",
        edgecolors="0.45",
        linewidths=0.8,
        zorder=3,
    )


def _sovereignty_side_panel(
    side: Any,
    first_year: int,
    last_year: int,
    focus: str | None,
    max_budget: float,
    currency: str,
) -> None:
    """The side panel of :func:`plot_autonomy_vs_capacity`: its legends and how to read it."""
    markers = side.legend(
        handles=_sovereignty_marker_handles(first_year, last_year, focus),
        loc="upper left",
        frameon=False,
        fontsize=8,
        borderpad=0.2,
        labelspacing=0.9,
    )
    side.add_artist(markers)
    references = _round_budgets(max_budget)
    _size_legend(
        side,
        [float(np.sqrt(30.0 + 570.0 * v / max_budget)) for v in references],
        [f"{v:,.0f}" for v in references],
        f"point area = {last_year} budget\n({currency})",
        (0.0, 0.8),
        color=STATE_COLOUR,
        alpha=0.75,
        markeredgecolor="white",
    )
    side.text(
        0.0,
        0.02,
        "How to read\n"
        "← left: autonomy given up\n"
        "   (more of what the state fields\n"
        "   depends on partners)\n"
        "↑ up: capacity to act gained\n"
        "   (partners' contributions that\n"
        "   are likely to come)\n\n"
        "Left and up: sovereignty traded\n"
        "for capacity to act — the AIV's\n"
        "thesis cited in the note.",
        transform=side.transAxes,
        ha="left",
        va="bottom",
        fontsize=8,
        color="0.2",
        bbox={"boxstyle": "round,pad=0.5", "fc": "0.97", "ec": "0.8"},
    )


def _sovereignty_marker_handles(first_year: int, last_year: int, focus: str | None) -> list[Line2D]:
    """Legend entries of the sovereignty scatter: start points, end points, the focus state."""
    handles = []
    if first_year != last_year:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor="white",
                markeredgecolor="0.45",
                markersize=5,
                label=f"{first_year} (start)",
            )
        )
    handles.append(_final_point_handle(STATE_COLOUR, f"{last_year} (end)"))
    if focus:
        handles.append(_final_point_handle(FOCUS_COLOUR, f"{focus} (focus state)"))
    return handles


def _final_point_handle(colour: str, label: str) -> Line2D:
    """A legend entry for a final-year point of the sovereignty scatter."""
    return Line2D(
        [], [], marker="o", linestyle="", color=colour, alpha=0.75, markersize=9, label=label
    )


def _circle_order(graph: nx.Graph) -> list[str]:
    """Order nodes around a circle so that clusters of partners sit side by side.

    Clusters are the graph's modularity communities (deterministic), largest first; within a
    cluster the best-connected state comes first; states without partners come last.
    """
    connected = graph.subgraph([n for n in graph if graph.degree(n) > 0])
    if connected.number_of_edges():
        groups = nx.community.greedy_modularity_communities(connected, weight="weight")
    else:
        groups = []
    groups = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    order = [
        n for g in groups for n in sorted(g, key=lambda n: (-graph.degree(n, weight="weight"), n))
    ]
    return order + sorted(n for n in graph if graph.degree(n) == 0)


def plot_partner_network(
    tables: RunTables,
    fig: Figure | None = None,
    *,
    focus_state: str | None = "NLD",
    title: str = "",
) -> Figure:
    """Draw the partner network of the final year, edges coloured by circle.

    Parameters
    ----------
    tables : RunTables
        The run's tables; reads ``circles`` (``year``, ``state``, ``partner``, ``circle``) and
        ``states`` (``year``, ``state``, ``budget``) for the nodes.
    fig : matplotlib.figure.Figure, optional
        Figure to draw in; a new one is made if omitted.
    focus_state : str or None, optional
        iso3 code of the state to highlight.
    title : str, optional
        Run label put in the subtitle.

    Returns
    -------
    matplotlib.figure.Figure
        States on a circle (clusters of partners side by side, states without partners last),
        node area proportional to budget, one undirected edge per pair in its closest circle.
        The layout has no randomness, so it is the same on every call.
    """
    year = _final_year(tables)
    states = tables.states[tables.states["year"] == year] if year is not None else tables.states
    budget = states.groupby("state")["budget"].sum().astype(float).clip(lower=0.0)
    edges = partner_edges(tables.circles, year if year is not None else -1)
    nodes = sorted(set(budget.index) | set(edges["a"]) | set(edges["b"]))

    fig = fig or new_figure(11.5, 8.6)
    body = titled(
        fig,
        f"Partner network in {year}",
        _subtitle(tables, title)
        + "\none edge per pair, in the closer of the two circles; strategic and opportunity "
        "ties drawn plainly, affiliated ties (NATO/EU frameworks) faint; neighbours on the "
        "circle cooperate most",
    )
    ax = body.subplots()
    ax.set_axis_off()
    if not nodes:
        _note(ax, "no states")
        return fig

    graph = _partner_graph(nodes, edges)
    order = _circle_order(graph)
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(order)) / len(order)  # clockwise from the top
    pos = {n: np.array([np.cos(a), np.sin(a)]) for n, a in zip(order, angles, strict=True)}

    max_budget = float(budget.max()) if len(budget) and budget.max() > 0 else 1.0
    min_area, max_area = NODE_AREA
    area = {
        n: min_area + (max_area - min_area) * float(budget.get(n, 0.0)) / max_budget for n in nodes
    }
    _draw_partner_edges(ax, graph, pos)
    focus = focus_state if focus_state in graph else None
    _draw_partner_nodes(ax, graph, pos, order, area, focus)
    ax.set_aspect("equal")
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.25, 1.25)
    _partner_legends(ax, edges, focus, max_budget, year, _currency(tables))
    if not graph.number_of_edges():
        _note(ax, f"no cooperation relations in {year}", fontsize=11)
    return fig


def _partner_graph(nodes: list[str], edges: pd.DataFrame) -> nx.Graph:
    """The undirected partner graph, each edge with its circle and a weight (strategic 3 .. 1)."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    strength = {"strategic": 3.0, "affiliated": 2.0, "opportunity": 1.0}
    for row in edges.itertuples(index=False):
        graph.add_edge(row.a, row.b, circle=row.circle, weight=strength[row.circle])
    return graph


def _draw_partner_edges(ax: Any, graph: nx.Graph, pos: dict[str, np.ndarray]) -> None:
    """Draw the edges of the partner network circle by circle, the closest circle on top."""
    for circle in reversed(CIRCLES):  # the closest circle drawn last, on top
        circle_edges = [(u, v) for u, v, c in graph.edges(data="circle") if c == circle]
        if circle_edges:
            nx.draw_networkx_edges(
                graph,
                pos,
                edgelist=circle_edges,
                ax=ax,
                edge_color=CIRCLE_COLOURS[circle],
                style=CIRCLE_STYLES[circle],
                width=CIRCLE_WIDTHS[circle],
                alpha=CIRCLE_ALPHAS[circle],
            )


def _draw_partner_nodes(
    ax: Any,
    graph: nx.Graph,
    pos: dict[str, np.ndarray],
    order: list[str],
    area: dict[str, float],
    focus: str | None,
) -> None:
    """Draw the states of the partner network, each with its iso3 code just outside it."""
    collection = nx.draw_networkx_nodes(
        graph,
        pos,
        nodelist=order,
        ax=ax,
        node_size=[area[n] for n in order],
        node_color=["#FBE3D6" if n == focus else "#E3EAF4" for n in order],
        edgecolors=[FOCUS_COLOUR if n == focus else "0.35" for n in order],
        linewidths=[2.5 if n == focus else 0.8 for n in order],
    )
    collection.set_clip_on(False)
    collection.set_zorder(3)
    for n in order:
        # the code sits just outside its node, radially, so it stays readable at any node size
        direction = pos[n]
        offset = (np.sqrt(area[n]) / 2 + 4) * direction
        ax.annotate(
            n,
            pos[n],
            xytext=(offset[0], offset[1]),
            textcoords="offset points",
            ha="left" if direction[0] > 0.2 else "right" if direction[0] < -0.2 else "center",
            va="bottom" if direction[1] > 0.2 else "top" if direction[1] < -0.2 else "center",
            fontsize=9 if n == focus else 8,
            fontweight="bold" if n == focus else "normal",
            color=FOCUS_COLOUR if n == focus else "0.1",
            zorder=4,
        )


def _partner_legends(
    ax: Any,
    edges: pd.DataFrame,
    focus: str | None,
    max_budget: float,
    year: int | None,
    currency: str,
) -> None:
    """The legends of the partner network: the circles (pairs per circle) and the node areas."""
    counts = edges["circle"].value_counts()
    handles = [
        Line2D(
            [],
            [],
            color=CIRCLE_COLOURS[c],
            linestyle=CIRCLE_STYLES[c],
            linewidth=max(CIRCLE_WIDTHS[c], 1.5),
            alpha=max(CIRCLE_ALPHAS[c], 0.6),
            label=f"{c} ({int(counts.get(c, 0))} pairs)",
        )
        for c in CIRCLES
    ]
    if focus:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor="#FBE3D6",
                markeredgecolor=FOCUS_COLOUR,
                markeredgewidth=2,
                markersize=10,
                label=f"{focus} (focus state)",
            )
        )
    circles_legend = ax.legend(
        handles=handles,
        title="Partner circle",
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        title_fontsize=9,
        frameon=False,
        alignment="left",
    )
    ax.add_artist(circles_legend)
    min_area, max_area = NODE_AREA
    references = _round_budgets(max_budget)
    _size_legend(
        ax,
        [float(np.sqrt(min_area + (max_area - min_area) * v / max_budget)) for v in references],
        [f"{v:,.0f}" for v in references],
        f"Node area = {year} budget\n({currency})",
        (1.0, 0.7),
        markerfacecolor="#E3EAF4",
        markeredgecolor="0.35",
    )


def plot_arrangements_by_form(
    tables: RunTables, fig: Figure | None = None, *, title: str = ""
) -> Figure:
    """Draw the number of active arrangements per form over the years, stacked shallow to deep.

    Parameters
    ----------
    tables : RunTables
        The run's tables; reads ``model`` (``year`` and ``arrangements_<form>`` for the six
        forms; a missing form column counts as zero).
    fig : matplotlib.figure.Figure, optional
        Figure to draw in; a new one is made if omitted.
    title : str, optional
        Run label put in the subtitle.

    Returns
    -------
    matplotlib.figure.Figure
        A stacked area (bars for a single year), deeper forms darker and on top.
    """
    model = tables.model.sort_values("year")
    years = [int(y) for y in model["year"]]
    series = [
        model[f"arrangements_{f}"].astype(float).fillna(0.0).to_numpy()
        if f"arrangements_{f}" in model
        else np.zeros(len(model))
        for f in FORMS
    ]
    cmap = mpl.colormaps[FORM_CMAP]
    colours = [cmap(v) for v in np.linspace(0.25, 0.95, len(FORMS))]

    fig = fig or new_figure(9.0, 5.2)
    body = titled(
        fig,
        "Active arrangements by form of cooperation",
        _subtitle(tables, title, "forms stacked from shallow (bottom, light) to deep (top, dark)"),
    )
    ax = body.subplots()
    _stack(ax, years, series, colours, [_nice(f) for f in FORMS])
    ax.set_ylabel("Active arrangements (count)")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    year_axis(ax, years)
    if not any(np.any(s > 0) for s in series):
        ax.set_ylim(0, 1)
        _note(ax, "no active arrangements")
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(
        handles[::-1],
        labels[::-1],
        title="Form (deep → shallow)",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
        title_fontsize=9,
        frameon=False,
    )
    return fig


def plot_focus_state(
    tables: RunTables, state: str, fig: Figure | None = None, *, title: str = ""
) -> Figure:
    """Draw the four questions for one state in a 2 x 2 panel.

    Parameters
    ----------
    tables : RunTables
        The run's tables; reads ``capabilities`` (``year``, ``state``, ``capability``, ``gap``)
        and ``states`` (``year``, ``state``, ``budget``, ``spending``, ``savings``,
        ``autonomy``, ``capacity_to_act``, ``partners_strategic``, ``partners_affiliated``,
        ``partners_opportunity``).
    state : str
        iso3 code of the state.
    fig : matplotlib.figure.Figure, optional
        Figure to draw in; a new one is made if omitted.
    title : str, optional
        Run label put in the subtitle.

    Returns
    -------
    matplotlib.figure.Figure
        (a) gap per area and year, (b) budget and spending with savings below, (c) autonomy and
        capacity to act, (d) partners per circle.
    """
    currency = _currency(tables)
    caps = tables.capabilities[tables.capabilities["state"] == state]
    rows = tables.states[tables.states["state"] == state].sort_values("year")
    years = [int(y) for y in rows["year"]]
    fig = fig or new_figure(13.0, 9.0)
    body = titled(fig, f"{state}: gaps, money, sovereignty and partners", _subtitle(tables, title))
    grid = body.add_gridspec(2, 2)
    _focus_gap_panel(body, body.add_subplot(grid[0, 0]), caps)
    _focus_money_panel(body, grid[0, 1], rows, years, currency)
    _focus_sovereignty_panel(body.add_subplot(grid[1, 0]), rows, years)
    _focus_partners_panel(body.add_subplot(grid[1, 1]), rows, years)
    return fig


def _focus_gap_panel(body: SubFigure, ax: Any, caps: pd.DataFrame) -> None:
    """Panel (a) of :func:`plot_focus_state`: the state's gap per area and year."""
    gaps = caps.pivot_table(
        index="year", columns="capability", values="gap", aggfunc="mean"
    ).sort_index()
    gaps = _by_final_gap(gaps.fillna(0.0).clip(0.0, 1.0))
    ax.set_title("(a) Capability gap by area (% of requirement)", loc="left", fontsize=10)
    if gaps.empty:
        ax.set_axis_off()
        _note(ax, "no capability data")
    else:
        mesh = _heatmap(ax, gaps, _gap_norm())
        _gap_colourbar(body, mesh, ax, "Gap (% of requirement)")


def _focus_money_panel(
    body: SubFigure, cell: Any, rows: pd.DataFrame, years: list[int], currency: str
) -> None:
    """Panel (b) of :func:`plot_focus_state`: budget and spending, savings below, in `cell`."""
    money = cell.subgridspec(2, 1, height_ratios=[1.6, 1.0], hspace=0.05)
    ax_money = body.add_subplot(money[0])
    ax_sav = body.add_subplot(money[1], sharex=ax_money)
    kw = _line_kwargs(len(years))
    ax_money.plot(
        years, rows["budget"].astype(float), color="0.15", linewidth=1.6, label="budget", **kw
    )
    ax_money.plot(
        years,
        rows["spending"].astype(float),
        color=STATE_COLOUR,
        linewidth=1.6,
        linestyle="--",
        label="spending",
        **kw,
    )
    ax_money.set_title("(b) Budget, spending and savings from cooperation", loc="left", fontsize=10)
    ax_money.set_ylabel(currency.replace(" (", "\n(", 1) if len(currency) > 16 else currency)
    ax_money.yaxis.set_major_formatter(_money_formatter())
    ax_money.legend(fontsize=8, frameon=False, loc="best")
    ax_money.tick_params(labelbottom=False)
    savings = rows["savings"].astype(float).fillna(0.0).to_numpy()
    ax_sav.bar(
        years,
        savings,
        width=0.75,
        alpha=0.7,
        color=[POSITIVE_COLOUR if v >= 0 else NEGATIVE_COLOUR for v in savings],
    )
    ax_sav.axhline(0, color="0.2", linewidth=0.8)
    ax_sav.set_ylabel("Savings from\ncooperation")
    ax_sav.yaxis.set_major_formatter(_money_formatter())
    year_axis(ax_sav, years)
    if len(years) == 1:
        ax_money.set_xlim(years[0] - 1, years[0] + 1)
    elif years:
        ax_money.set_xlim(years[0] - 0.5, years[-1] + 0.5)


def _focus_sovereignty_panel(ax: Any, rows: pd.DataFrame, years: list[int]) -> None:
    """Panel (c) of :func:`plot_focus_state`: the state's autonomy and capacity to act."""
    kw = _line_kwargs(len(years))
    ax.plot(
        years, rows["autonomy"].astype(float), color="0.15", linewidth=1.6, label="autonomy", **kw
    )
    ax.plot(
        years,
        rows["capacity_to_act"].astype(float),
        color=FOCUS_COLOUR,
        linewidth=1.6,
        label="capacity to act",
        **kw,
    )
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("Share (0–1)")
    ax.set_title("(c) Autonomy and capacity to act", loc="left", fontsize=10)
    ax.legend(fontsize=8, frameon=False, loc="lower left")
    ax.grid(True, axis="y", color="0.92")
    year_axis(ax, years)


def _focus_partners_panel(ax: Any, rows: pd.DataFrame, years: list[int]) -> None:
    """Panel (d) of :func:`plot_focus_state`: the state's partners per circle, stacked bars."""
    series = [rows[f"partners_{c}"].astype(float).fillna(0.0).to_numpy() for c in CIRCLES]
    _stack(ax, years, series, [CIRCLE_COLOURS[c] for c in CIRCLES], list(CIRCLES), bars=True)
    ax.set_ylabel("Partners (count)")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("(d) Partners per circle", loc="left", fontsize=10)
    if not any(np.any(s > 0) for s in series):
        ax.set_ylim(0, 1)
        _note(ax, "no partners")
    else:
        # headroom above the tallest bar so that the one-row legend never covers a bar
        ax.set_ylim(0, float(np.sum(series, axis=0).max()) * 1.18 + 0.5)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], fontsize=8, frameon=False, loc="upper left", ncol=3)
    year_axis(ax, years, pad=0.5)


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
def save_png(fig: Figure, path: Path) -> Path:
    """Write `fig` as a PNG with fixed metadata (same figure, same bytes) and free it."""
    fig.savefig(path, dpi=DPI, format="png", metadata=PNG_METADATA, facecolor="white")
    fig.clear()
    return path


def write_figures(
    tables: RunTables, folder: Path, *, focus_state: str | None = "NLD", title: str = ""
) -> list[Path]:
    """Write the run's figures as PNG files into `folder` and return their paths.

    The folder is created if missing.

    Parameters
    ----------
    tables : RunTables
        Any object with the run-folder DataFrames ``model``, ``states``, ``capabilities``,
        ``arrangements``, ``circles`` (contract columns) and ``scenario``, ``seed``,
        ``currency``.
    folder : pathlib.Path
        Output folder, e.g. ``<run folder>/figures``.
    focus_state : str or None, optional
        iso3 code of the state for ``focus_<ISO>.png`` and the highlight in the scatter and the
        network; ``None`` for no focus. A code absent from ``states`` is skipped with a warning.
    title : str, optional
        Run label added to every subtitle.

    Returns
    -------
    list of pathlib.Path
        The files written, in a fixed order: gaps, savings, sovereignty, network, forms, focus.
        Same tables give byte-identical files.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    focus = focus_state
    if focus is not None and focus not in set(tables.states["state"]):
        warnings.warn(
            f"focus state {focus!r} is not in the states table; no focus figure written",
            stacklevel=2,
        )
        focus = None

    jobs: list[tuple[str, Callable[[], Figure]]] = [
        ("gaps_by_capability.png", lambda: plot_gaps_by_capability(tables, title=title)),
        ("savings.png", lambda: plot_savings(tables, title=title)),
        (
            "autonomy_vs_capacity.png",
            lambda: plot_autonomy_vs_capacity(tables, focus_state=focus, title=title),
        ),
        (
            "partner_network.png",
            lambda: plot_partner_network(tables, focus_state=focus, title=title),
        ),
        ("arrangements_by_form.png", lambda: plot_arrangements_by_form(tables, title=title)),
    ]
    if focus is not None:
        jobs.append((f"focus_{focus}.png", lambda: plot_focus_state(tables, focus, title=title)))
    return [save_png(make(), folder / name) for name, make in jobs]
