"""The dashboard's charts as Vega-Lite specifications, built from a run's tables.

Each function reads only the contract tables of a :class:`~model.results.RunResult` (the same
tables ``coopsim run`` writes) and returns a plain JSON-able Vega-Lite v5 dict that the browser
draws (``vega-lite`` from ``solara-assets``, offline). Plain dicts rather than Altair objects:
Altair's ``to_dict`` costs ~0.1 s a chart, a dict of lists ~1 ms, and the dashboard redraws
its charts every simulated year.

The year axis of every time chart spans the whole run from the first step, with a tick every
:data:`YEAR_TICK` years: the axis does not move or crowd while the run plays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from model.figures import CIRCLE_COLOURS, CIRCLES, FOCUS_COLOUR, FORMS, STATE_COLOUR
from model.results import RunResult

#: Vega-Lite version the bundled ``vega-lite@5`` reads (an identifier, never fetched).
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
#: Years between labelled ticks on year axes.
YEAR_TICK = 4
#: Plot widths (pixels, axes and legends excluded): a chart in a half-width card, one panel of
#: a full-width card's pair, a cell of a heatmap.
HALF, PAIR, CELL = 270, 310, 12
#: Gap colours (0 = none, 1 = nothing fielded), as in the run figures.
GAP_SCHEME = "yelloworangered"
#: Colours of configurations A and B on the side-by-side page.
SIDE_COLOURS = ("#1f77b4", "#d95f02")
POSITIVE, NEGATIVE = "#1A9850", "#D73027"
#: Form colours, shallow (light) to deep (dark).
FORM_COLOURS = ("#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")
#: Opacity of each circle in the partner matrix: the many affiliated ties faint, so that the
#: few strategic and opportunity ties stand out (as in the run figures).
CIRCLE_OPACITY = {"strategic": 1.0, "affiliated": 0.3, "opportunity": 1.0}
#: Digits kept for values sent to the browser.
DIGITS = 4


# ---------------------------------------------------------------- helpers
def records(df: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    """Rows of ``df`` as JSON-able dicts of ``columns`` (floats rounded to :data:`DIGITS`)."""
    cols = []
    for c in columns:
        s = df[c]
        if pd.api.types.is_float_dtype(s):
            cols.append(np.round(s.to_numpy(dtype=float), DIGITS).tolist())
        else:
            cols.append(s.tolist())
    return [dict(zip(columns, row, strict=True)) for row in zip(*cols, strict=True)]


def year_axis(years: tuple[int, int], title: str | None = None) -> dict[str, Any]:
    """An ordinal year encoding over the whole run, ticks every :data:`YEAR_TICK` years."""
    first, last = years
    return {
        "field": "year",
        "type": "ordinal",
        "scale": {"domain": list(range(first, last + 1))},
        "axis": {
            "values": list(range(first, last + 1, YEAR_TICK)),
            "labelAngle": 0,
            "title": title,
        },
    }


def spec(title: str | list[str], body: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A top-level Vega-Lite spec: schema, title on the left, no actions menu."""
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "anchor": "start", "fontSize": 13},
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 11}},
        "usermeta": {"embedOptions": {"actions": False}},
        **body,
        **extra,
    }


def last_year(run: RunResult) -> int:
    """The last simulated year of a run (tables non-empty)."""
    return int(run.model["year"].iloc[-1])


def focus_rows(run: RunResult, state: str) -> pd.DataFrame:
    """The state's rows of the ``states`` table, by year."""
    return run.states[run.states["state"] == state].sort_values("year")


def _long(df: pd.DataFrame, columns: Iterable[str], names: Iterable[str], key: str) -> list[dict]:
    """Year × series records: ``{year, key: name, value}`` for each column."""
    out = []
    years = df["year"].tolist()
    for col, name in zip(columns, names, strict=True):
        values = np.round(df[col].to_numpy(dtype=float), DIGITS).tolist()
        out += [{"year": y, key: name, "value": v} for y, v in zip(years, values, strict=True)]
    return out


# ---------------------------------------------------------------- run page
def gap_heatmap(run: RunResult, focus: str) -> dict[str, Any]:
    """States × capability areas: the last year's gap as a share of the requirement."""
    year = last_year(run)
    caps = run.capabilities[run.capabilities["year"] == year]
    states = caps.groupby("state")["gap"].mean().sort_values(ascending=False, kind="stable")
    areas = caps.groupby("capability")["gap"].mean().sort_values(ascending=False, kind="stable")
    data = records(caps, ["state", "capability", "gap"])
    return spec(
        [f"Capability gap in {year}", "states by mean gap, areas by alliance-wide gap"],
        {
            "data": {"values": data},
            "mark": {"type": "rect"},
            "width": HALF,
            "height": CELL * len(states),
            "encoding": {
                "x": {
                    "field": "capability",
                    "type": "nominal",
                    "sort": areas.index.tolist(),
                    "axis": {"title": None, "labelAngle": -40, "labelExpr": _underscores()},
                },
                "y": {
                    "field": "state",
                    "type": "nominal",
                    "sort": states.index.tolist(),
                    "axis": {"title": None, **_focus_labels(focus, 9)},
                },
                "color": _gap_color(),
                "tooltip": _gap_tooltip("state"),
            },
        },
    )


def money(run: RunResult, focus: str) -> dict[str, Any]:
    """Budget and spending (lines) and savings against going it alone (bars): alliance, focus."""
    m = run.model.rename(columns={"budget_total": "budget", "spending_total": "spending"})
    alliance = m[["year", "budget", "spending", "savings"]].copy()
    for col in ("budget", "spending", "savings"):
        alliance[col] = alliance[col] / 1e3
    panels = []
    for frame, who, unit in (
        (alliance, "Alliance", "USD bn (2012 prices)"),
        (focus_rows(run, focus), focus, run.currency),
    ):
        lines = {
            "data": {
                "values": _long(frame, ["budget", "spending"], ["budget", "spending"], "series")
            },
            "mark": {"type": "line", "point": {"size": 18}},
            "width": PAIR,
            "height": 130,
            "title": {"text": f"{who}: budget and spending", "fontSize": 11},
            "encoding": {
                "x": year_axis(run.years),
                "y": {"field": "value", "type": "quantitative", "title": unit},
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "scale": {"domain": ["budget", "spending"], "range": ["#333333", STATE_COLOUR]},
                    "legend": {"title": None, "orient": "top"},
                },
                "strokeDash": {
                    "field": "series",
                    "type": "nominal",
                    "scale": {"domain": ["budget", "spending"], "range": [[1, 0], [5, 3]]},
                    "legend": None,
                },
            },
        }
        total = float(frame["savings"].sum())
        bars = {
            "data": {"values": records(frame, ["year", "savings"])},
            "mark": {"type": "bar"},
            "width": PAIR,
            "height": 90,
            "title": {"text": f"{who}: savings from cooperation (Σ {total:,.1f})", "fontSize": 11},
            "encoding": {
                "x": year_axis(run.years, "year"),
                "y": {"field": "savings", "type": "quantitative", "title": unit},
                "color": {
                    "condition": {"test": "datum.savings >= 0", "value": POSITIVE},
                    "value": NEGATIVE,
                },
                "tooltip": [{"field": "year"}, {"field": "savings", "format": ",.1f"}],
            },
        }
        panels.append({"vconcat": [lines, bars], "resolve": {"scale": {"color": "independent"}}})
    return spec(
        "Budgeted, spent, and saved by cooperation (green) or lost (red)",
        {"hconcat": panels},
    )


def sovereignty(run: RunResult, focus: str) -> dict[str, Any]:
    """Autonomy against capacity to act per state in the last year; the focus state's path."""
    year = last_year(run)
    now = run.states[run.states["year"] == year]
    path = focus_rows(run, focus)
    axis = {"type": "quantitative", "scale": {"domain": [0, 1]}}
    return spec(
        [
            f"Autonomy against capacity to act, {year}",
            f"dots: states; line: {focus} over the years",
        ],
        {
            "width": HALF,
            "height": 270,
            "layer": [
                {
                    "data": {"values": records(now, ["state", "autonomy", "capacity_to_act"])},
                    "mark": {"type": "circle", "size": 50, "opacity": 0.7},
                    "encoding": {
                        "x": {"field": "autonomy", **axis, "title": "autonomy (0–1)"},
                        "y": {"field": "capacity_to_act", **axis, "title": "capacity to act (0–1)"},
                        "color": {
                            "condition": {
                                "test": f"datum.state == '{focus}'",
                                "value": FOCUS_COLOUR,
                            },
                            "value": STATE_COLOUR,
                        },
                        "tooltip": [
                            {"field": "state"},
                            {"field": "autonomy", "format": ".2f"},
                            {"field": "capacity_to_act", "format": ".2f"},
                        ],
                    },
                },
                {
                    "data": {"values": records(path, ["year", "autonomy", "capacity_to_act"])},
                    "mark": {"type": "line", "color": FOCUS_COLOUR, "point": True},
                    "encoding": {
                        "x": {"field": "autonomy", **axis},
                        "y": {"field": "capacity_to_act", **axis},
                        "order": {"field": "year"},
                        "tooltip": [{"field": "year"}],
                    },
                },
                {
                    "data": {
                        "values": records(
                            now[now["state"] == focus], ["state", "autonomy", "capacity_to_act"]
                        )
                    },
                    "mark": {"type": "text", "dx": 14, "fontWeight": "bold", "color": FOCUS_COLOUR},
                    "encoding": {
                        "x": {"field": "autonomy", **axis},
                        "y": {"field": "capacity_to_act", **axis},
                        "text": {"field": "state"},
                    },
                },
            ],
        },
    )


def partner_circles(run: RunResult, focus: str) -> dict[str, Any]:
    """State × partner matrix of the last year, each pair coloured by its circle."""
    year = last_year(run)
    rows = run.circles[run.circles["year"] == year]
    states = sorted(run.states["state"].unique())
    return spec(
        [f"Partner circles in {year}", "row: the state; column: its partner; blank: none"],
        {
            "data": {"values": records(rows, ["state", "partner", "circle"])},
            "mark": {"type": "rect"},
            "width": 9 * len(states),
            "height": 9 * len(states),
            "encoding": {
                "x": {
                    "field": "partner",
                    "type": "nominal",
                    "scale": {"domain": states},
                    "axis": {
                        "title": None,
                        "orient": "top",
                        "labelAngle": -90,
                        **_focus_labels(focus, 8),
                    },
                },
                "y": {
                    "field": "state",
                    "type": "nominal",
                    "scale": {"domain": states},
                    "axis": {"title": None, **_focus_labels(focus, 8)},
                },
                "color": {
                    "field": "circle",
                    "type": "nominal",
                    "scale": {
                        "domain": list(CIRCLES),
                        "range": [CIRCLE_COLOURS[c] for c in CIRCLES],
                    },
                    "legend": {"title": None, "orient": "bottom"},
                },
                "opacity": {
                    "field": "circle",
                    "type": "nominal",
                    "scale": {
                        "domain": list(CIRCLES),
                        "range": [CIRCLE_OPACITY[c] for c in CIRCLES],
                    },
                    "legend": None,
                },
                "tooltip": [{"field": "state"}, {"field": "partner"}, {"field": "circle"}],
            },
        },
    )


def forms_over_time(run: RunResult) -> dict[str, Any]:
    """Active arrangements per form, shallow to deep, over the years."""
    names = [f.replace("_", " ") for f in FORMS]
    data = _long(run.model, [f"arrangements_{f}" for f in FORMS], names, "form")
    return spec(
        "Active arrangements by form (shallow → deep)",
        {
            "data": {"values": data},
            "mark": {"type": "line", "point": {"size": 18}},
            "width": HALF - 50,
            "height": 270,
            "encoding": {
                "x": year_axis(run.years, "year"),
                "y": {"field": "value", "type": "quantitative", "title": "active arrangements"},
                "color": {
                    "field": "form",
                    "type": "nominal",
                    "scale": {"domain": names, "range": list(FORM_COLOURS)},
                    "legend": {"title": None},
                },
                "tooltip": [{"field": "year"}, {"field": "form"}, {"field": "value"}],
            },
        },
    )


def focus_state(run: RunResult, focus: str) -> dict[str, Any]:
    """The focus state over the years: gap by area, autonomy and capacity, partners by circle."""
    caps = run.capabilities[run.capabilities["state"] == focus]
    order = (
        caps[caps["year"] == last_year(run)].sort_values("gap", ascending=False, kind="stable")
    )["capability"].tolist()
    rows = focus_rows(run, focus)
    gaps = _focus_gap_panel(run, caps, order)
    sov = _focus_sovereignty_panel(run, rows)
    partners = _focus_partners_panel(run, rows)
    return spec(
        f"{focus}: gaps, sovereignty and partners",
        {
            "vconcat": [
                gaps,
                {"hconcat": [sov, partners], "resolve": {"scale": {"color": "independent"}}},
            ],
            "resolve": {"scale": {"color": "independent"}},
        },
    )


def _focus_gap_panel(run: RunResult, caps: pd.DataFrame, order: list[str]) -> dict[str, Any]:
    """Heat map of the focus state's gap by area over the years (areas in ``order``)."""
    return {
        "data": {"values": records(caps, ["year", "capability", "gap"])},
        "mark": {"type": "rect"},
        "width": 2 * PAIR,
        "height": CELL * len(order),
        "title": {"text": "Gap by capability area (share of requirement)", "fontSize": 11},
        "encoding": {
            "x": year_axis(run.years),
            "y": {
                "field": "capability",
                "type": "nominal",
                "sort": order,
                "axis": {"title": None, "labelExpr": _underscores()},
            },
            "color": _gap_color(),
            "tooltip": _gap_tooltip("year"),
        },
    }


def _focus_sovereignty_panel(run: RunResult, rows: pd.DataFrame) -> dict[str, Any]:
    """The focus state's autonomy and capacity to act over the years."""
    return {
        "data": {
            "values": _long(
                rows, ["autonomy", "capacity_to_act"], ["autonomy", "capacity to act"], "measure"
            )
        },
        "mark": {"type": "line", "point": {"size": 18}},
        "width": PAIR - 40,
        "height": 120,
        "title": {"text": "Autonomy and capacity to act (0–1)", "fontSize": 11},
        "encoding": {
            "x": year_axis(run.years),
            "y": {
                "field": "value",
                "type": "quantitative",
                "scale": {"domain": [0, 1]},
                "title": None,
            },
            "color": {
                "field": "measure",
                "type": "nominal",
                "scale": {"range": ["#333333", FOCUS_COLOUR]},
                "legend": {"title": None, "orient": "bottom"},
            },
        },
    }


def _focus_partners_panel(run: RunResult, rows: pd.DataFrame) -> dict[str, Any]:
    """The focus state's partners per circle over the years (stacked bars)."""
    return {
        "data": {
            "values": _long(rows, [f"partners_{c}" for c in CIRCLES], list(CIRCLES), "circle")
        },
        "mark": {"type": "bar"},
        "width": PAIR - 40,
        "height": 120,
        "title": {"text": "Partners per circle", "fontSize": 11},
        "encoding": {
            "x": year_axis(run.years),
            "y": {"field": "value", "type": "quantitative", "title": None, "stack": True},
            "color": {
                "field": "circle",
                "type": "nominal",
                "scale": {"domain": list(CIRCLES), "range": [CIRCLE_COLOURS[c] for c in CIRCLES]},
                "legend": {"title": None, "orient": "bottom"},
            },
        },
    }


def _gap_color() -> dict[str, Any]:
    """The gap heatmaps' colour: share of the requirement missing, 0 to 1."""
    return {
        "field": "gap",
        "type": "quantitative",
        "scale": {"scheme": GAP_SCHEME, "domain": [0, 1]},
        "legend": {"title": "gap", "format": ".0%"},
    }


def _gap_tooltip(row: str) -> list[dict[str, str]]:
    """The gap heatmaps' tooltip: the row field (state or year), the area and the gap."""
    return [{"field": row}, {"field": "capability"}, {"field": "gap", "format": ".1%"}]


def _focus_labels(focus: str, size: int) -> dict[str, Any]:
    """Axis label properties: the focus state's label bold and in the focus colour."""
    test = f"datum.value == '{focus}'"
    return {
        "labelFontSize": size,
        "labelColor": {"condition": {"test": test, "value": FOCUS_COLOUR}, "value": "#333333"},
        "labelFontWeight": {"condition": {"test": test, "value": "bold"}, "value": "normal"},
    }


def _underscores() -> str:
    """Vega expression writing ``air_refuelling`` as ``air refuelling`` on an axis."""
    return "replace(datum.label, /_/g, ' ')"


# ---------------------------------------------------------------- side-by-side page
def _band_layers(
    bands: pd.DataFrame, years: tuple[int, int], colour: dict[str, Any], fmt: str
) -> list[dict[str, Any]]:
    """The 5-95 % band over seeds (shaded) and its mean (dashed), per configuration."""
    values = records(bands, ["config", "year", "mean", "low", "high"])
    return [
        {
            "data": {"values": values},
            "mark": {"type": "area", "opacity": 0.25},
            "encoding": {
                "x": year_axis(years),
                "y": {
                    "field": "low",
                    "type": "quantitative",
                    "title": None,
                    "axis": {"format": fmt},
                },
                "y2": {"field": "high"},
                "color": colour,
            },
        },
        {
            "data": {"values": values},
            "mark": {"type": "line", "strokeDash": [4, 3], "strokeWidth": 1.2},
            "encoding": {
                "x": year_axis(years),
                "y": {"field": "mean", "type": "quantitative", "title": None},
                "color": colour,
                "tooltip": [
                    {"field": "config"},
                    {"field": "year"},
                    {"field": "mean", "title": "mean over seeds", "format": fmt},
                    {"field": "low", "title": "5 %", "format": fmt},
                    {"field": "high", "title": "95 %", "format": fmt},
                ],
            },
        },
    ]


#: The side-by-side panels: (title, table, column, scale, y format).
SIDE_PANELS: tuple[tuple[str, str, str, float, str], ...] = (
    ("{focus}: savings from cooperation ({currency}/yr)", "states", "savings", 1.0, ",.0f"),
    ("{focus}: capability gap", "states", "capability_gap", 1.0, ".0%"),
    ("{focus}: capacity to act (0–1)", "states", "capacity_to_act", 1.0, ".2f"),
    ("{focus}: autonomy (0–1)", "states", "autonomy", 1.0, ".2f"),
    ("Alliance: savings from cooperation (USD bn/yr)", "model", "savings", 1e-3, ",.0f"),
    ("Alliance: capability gap", "model", "capability_gap", 1.0, ".0%"),
)


def series(run: RunResult, table: str, column: str, focus: str, scale: float = 1.0) -> pd.DataFrame:
    """``year, value`` of one measure: the focus state's (``states``) or the alliance's."""
    df = focus_rows(run, focus) if table == "states" else run.model
    return pd.DataFrame({"year": df["year"].to_numpy(), "value": df[column].to_numpy() * scale})


def side_by_side(
    runs: Sequence[RunResult],
    labels: Sequence[str],
    focus: str,
    bands: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Two configurations over the years, one panel per measure, optional bands over seeds.

    Parameters
    ----------
    runs
        The two runs (A, B) so far, same scenario and seed.
    labels
        Their labels, e.g. ``["A", "B"]``.
    focus
        iso3 code of the focus state.
    bands
        Optional ``config, panel, year, n, mean, low, high``: the mean (dashed) and 5-95 % band
        (shaded) over a few seeds of each configuration's measure (see
        :mod:`model.dashboard.seeds`). Without it the title says that one seed is shown.
    """
    currency = runs[0].currency
    panels = []
    for p, (title, table, column, scale, fmt) in enumerate(SIDE_PANELS):
        panel_title = title.format(focus=focus, currency=currency)
        panel_bands = bands[bands["panel"] == p] if bands is not None and len(bands) else None
        panels.append(
            _side_panel(
                runs, labels, focus, (table, column, scale, fmt), panel_title, p == 0, panel_bands
            )
        )
    rows = [{"hconcat": panels[i : i + 3]} for i in range(0, len(panels), 3)]
    return spec(
        [
            f"Same scenario and seed, two menus of forms: {focus} and the alliance",
            side_caption(runs[0].seed, bands),
        ],
        {"vconcat": rows},
    )


def side_caption(seed: int | None, bands: pd.DataFrame | None) -> str:
    """What the side-by-side lines and bands are: the band's statistic, or a one-seed caveat."""
    if bands is None or not len(bands):
        return (
            f"Solid lines: seed {seed} only, no bands: one possible future, not a forecast "
            "(other seeds differ)."
        )
    n = int(bands["n"].max()) if "n" in bands else 0
    return (
        f"Solid lines: seed {seed}. Dashed: mean over {n} seeds; shaded: their 5–95 % band "
        "(the statistic of coopsim compare)."
    )


def _side_panel(
    runs: Sequence[RunResult],
    labels: Sequence[str],
    focus: str,
    measure: tuple[str, str, float, str],
    title: str,
    legend: bool,
    bands: pd.DataFrame | None,
) -> dict[str, Any]:
    """One side-by-side panel: a line per configuration, its band over seeds shaded.

    ``measure`` is (table, column, scale, y format) of :data:`SIDE_PANELS`; ``bands`` the
    panel's rows of the bands (None: no bands drawn).
    """
    table, column, scale, fmt = measure
    lines = []
    for run, label in zip(runs, labels, strict=True):
        s = series(run, table, column, focus, scale)
        lines += [{"config": label, **r} for r in records(s, ["year", "value"])]
    colour = {
        "field": "config",
        "type": "nominal",
        "scale": {"domain": list(labels), "range": list(SIDE_COLOURS)},
        "legend": {"title": None, "orient": "top"} if legend else None,
    }
    layers = [] if bands is None else _band_layers(bands, runs[0].years, colour, fmt)
    layers.append(
        {
            "data": {"values": lines},
            "mark": {"type": "line", "point": {"size": 16}},
            "encoding": {
                "x": year_axis(runs[0].years),
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": None,
                    "axis": {"format": fmt},
                },
                "color": colour,
                "tooltip": [
                    {"field": "config"},
                    {"field": "year"},
                    {"field": "value", "format": fmt},
                ],
            },
        }
    )
    return {
        "title": {"text": title, "fontSize": 11},
        "width": 220,
        "height": 150,
        "layer": layers,
    }
