"""The dashboard's views: Solara components, each drawing one question from the live model.

Every view takes the running :class:`~model.dashboard.app.DashboardModel`, reads what it needs
after the last step (the model's arrays for "now", ``model.recorder`` and
``model.datacollector`` for the years so far) and reuses :mod:`model.figures` where a run
figure answers the question. Figures are drawn once per model and step (cached on the model)
and sent as PNG images.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import markdown
import numpy as np
import pandas as pd
import solara
from matplotlib import colors as mcolors
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter
from mesa.visualization.utils import update_counter

from model import figures
from model.dashboard.controls import contract_field, effective_values, preset_of
from model.outputs import result_from_model
from model.params import Form
from model.results import RunResult

if TYPE_CHECKING:
    from model.dashboard.app import DashboardModel

#: Browser tab title.
TITLE = "coopsim dashboard"
#: Resolution of the figures sent to the browser (dots per inch).
DPI = 80
#: Colours of the two configurations in the side-by-side view.
SIDE_COLOURS = ("#1f77b4", "#d95f02")
#: Gap colours: light yellow (none) to dark red (nothing fielded).
GAP_CMAP = "YlOrRd"


# ---------------------------------------------------------------- helpers
def png(fig: Figure) -> bytes:
    """Render a figure to PNG bytes (Agg canvas, white background, tight box)."""
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", facecolor="white")
    fig.clear()
    return buf.getvalue()


def last_year(model: DashboardModel) -> int | None:
    """The last simulated year, or ``None`` before the first step."""
    return int(model.year) - 1 if model.steps else None


def tables(model: DashboardModel) -> RunResult:
    """The run's tables so far (``result_from_model``), cached per model and step."""
    cache = model.dashboard_cache
    key = ("tables", model.steps)
    if key not in cache:
        cache.clear() if len(cache) > 64 else None
        cache[key] = result_from_model(model)
    return cache[key]


def cached_png(model: DashboardModel, name: str, draw: Any) -> bytes:
    """PNG of ``draw()`` for this model and step, drawn once."""
    key = (name, model.steps)
    cache = model.dashboard_cache
    if key not in cache:
        cache[key] = png(draw())
    return cache[key]


def _image(data: bytes, alt: str) -> None:
    solara.Image(data, width="100%", classes=[f"coopsim-{alt}"])


#: Inline styles of the HTML tables (Solara's Markdown would load KaTeX from a CDN: not offline).
_TABLE_STYLE = {
    "<table>": '<table style="border-collapse:collapse;margin:6px 0;font-size:14px">',
    "<th>": '<th style="padding:3px 10px;border-bottom:1px solid #999;text-align:right">',
    "<td>": '<td style="padding:3px 10px;border-bottom:1px solid #e5e5e5;text-align:right">',
    '<th style="text-align: right;">': '<th style="padding:3px 10px;border-bottom:1px solid #999;'
    'text-align:right">',
    '<td style="text-align: right;">': '<td style="padding:3px 10px;border-bottom:1px solid '
    '#e5e5e5;text-align:right">',
}


def markdown_html(text: str) -> None:
    """Show Markdown (tables included) as HTML, without Solara's CDN-loaded math renderer."""
    html = markdown.markdown(text, extensions=["tables"])
    for old, new in _TABLE_STYLE.items():
        html = html.replace(old, new)
    solara.HTML(tag="div", unsafe_innerHTML=html, style={"font-size": "14px"})


def _not_started(model: DashboardModel) -> bool:
    if model.steps:
        return False
    solara.Info(
        f"Nothing simulated yet. Press Step to simulate {model.year}, or ▶ to play the years "
        f"to {int(model.world.years[-1])}."
    )
    return True


def _card(title: str, subtitle: str = "") -> Any:
    return solara.Card(title, subtitle=subtitle, style={"height": "100%", "overflow": "auto"})


# ---------------------------------------------------------------- figures
def gap_heatmap(model: DashboardModel) -> Figure:
    """States x capability areas: this year's gap, as a share of the requirement."""
    w = model.world
    gap = np.asarray(model.gap)
    order = np.argsort(-gap.mean(axis=1), kind="stable")
    cap_order = np.argsort(-gap.mean(axis=0), kind="stable")
    fig = Figure(figsize=(9.0, 8.6))
    ax = fig.add_subplot()
    mesh = ax.imshow(
        gap[np.ix_(order, cap_order)],
        cmap=GAP_CMAP,
        norm=mcolors.Normalize(0.0, 1.0),
        aspect="auto",
        interpolation="nearest",
    )
    states = [w.states[i] for i in order]
    ax.set_yticks(range(len(states)), states, fontsize=8)
    caps = [w.capabilities[k].replace("_", " ") for k in cap_order]
    ax.set_xticks(range(len(caps)), caps, rotation=40, ha="right", fontsize=8)
    for tick in ax.get_yticklabels():
        if tick.get_text() == model.focus_state:
            tick.set_color("#d95f02")
            tick.set_fontweight("bold")
    ax.set_title(
        f"Capability gap in {last_year(model)}: shortfall as a share of the requirement\n"
        "states ordered by mean gap, areas by alliance-wide gap",
        fontsize=10,
        loc="left",
    )
    cbar = fig.colorbar(mesh, ax=ax, fraction=0.04, pad=0.02)
    cbar.set_label("gap (share of requirement; 0 = none, 1 = nothing fielded)")
    cbar.ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    return fig


def budget_and_savings(model: DashboardModel) -> Figure:
    """Budget, spending and savings over the years: the alliance and the focus state."""
    t = tables(model)
    m = t.model
    s = t.states[t.states["state"] == model.focus_state]
    fig = Figure(figsize=(10.0, 6.4))
    axes = fig.subplots(2, 2, sharex=True)
    unit = t.currency
    for col, (frame, who, scale, scale_label) in enumerate(
        [
            (
                m.rename(columns={"budget_total": "budget", "spending_total": "spending"}),
                "Alliance (all states)",
                1e3,
                "USD billion (2012 prices)",
            ),
            (s, model.focus_state, 1.0, unit),
        ]
    ):
        years = frame["year"].to_numpy()
        top, bottom = axes[0, col], axes[1, col]
        top.plot(
            years, frame["budget"] / scale, color="#333333", lw=2, marker="o", ms=3, label="budget"
        )
        top.plot(
            years, frame["spending"] / scale, color="#1f77b4", lw=1.5, ls="--", label="spending"
        )
        top.set_title(f"{who}: budget and spending", loc="left", fontsize=10)
        top.set_ylabel(scale_label)
        top.legend(frameon=False, fontsize=8, loc="best")
        top.grid(alpha=0.3)
        sav = frame["savings"].to_numpy() / scale
        bottom.bar(years, sav, color=np.where(sav >= 0, "#59a96a", "#d1495b"), width=0.7)
        bottom.axhline(0, color="#333333", lw=0.8)
        bottom.set_title(
            f"{who}: savings against going it alone (Σ {sav.sum():,.1f})", loc="left", fontsize=10
        )
        bottom.set_ylabel(scale_label)
        bottom.set_xlabel("year")
        bottom.grid(alpha=0.3, axis="y")
        bottom.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.suptitle(
        "Money: what is budgeted, what is spent, what cooperation saves (green) or costs (red)",
        x=0.01,
        ha="left",
        fontsize=11,
        fontweight="bold",
    )
    fig.tight_layout()
    return fig


def side_by_side_figure(models: list[DashboardModel], labels: list[str], focus: str) -> Figure:
    """Two configurations over the years: the focus state's and the alliance's headlines."""
    fig = Figure(figsize=(13.0, 7.6))
    axes = fig.subplots(2, 3)
    runs = [tables(m) for m in models]
    for run, label, colour in zip(runs, labels, SIDE_COLOURS, strict=True):
        s = run.states[run.states["state"] == focus]
        m = run.model
        y = s["year"].to_numpy()
        kw = {"color": colour, "lw": 2, "marker": "o", "ms": 3}
        axes[0, 0].plot(y, s["savings"], label=label, **kw)
        axes[0, 1].plot(y, s["capability_gap"], label=label, **kw)
        axes[0, 2].plot(y, s["autonomy"], label=f"autonomy, {label}", **kw)
        axes[0, 2].plot(
            y,
            s["capacity_to_act"],
            label=f"capacity to act, {label}",
            **{**kw, "ls": "--", "marker": "s"},
        )
        axes[1, 0].plot(m["year"], m["savings"] / 1e3, label=label, **kw)
        axes[1, 1].plot(m["year"], m["capability_gap"], label=label, **kw)
    width = 0.38
    x = np.arange(len(Form))
    for i, (run, label, colour) in enumerate(zip(runs, labels, SIDE_COLOURS, strict=True)):
        last = run.model.iloc[-1]
        counts = [last[f"arrangements_{f.id}"] for f in Form]
        axes[1, 2].bar(x + (i - 0.5) * width, counts, width, color=colour, label=label)
    axes[1, 2].set_xticks(
        x, [f.id.replace("_", " ") for f in Form], fontsize=8, rotation=30, ha="right"
    )
    titles = [
        [
            f"{focus}: savings ({runs[0].currency}/yr)",
            f"{focus}: capability gap",
            f"{focus}: autonomy (solid) and capacity to act (dashed)",
        ],
        [
            "Alliance: savings (USD billion/yr)",
            "Alliance: capability gap",
            f"Active arrangements by form, {int(runs[0].model['year'].iloc[-1])}",
        ],
    ]
    for r in range(2):
        for c in range(3):
            ax = axes[r, c]
            ax.set_title(titles[r][c], loc="left", fontsize=10)
            ax.grid(alpha=0.3)
            if (r, c) != (1, 2):
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
                ax.set_xlabel("year")
            if (r, c) in ((0, 1), (1, 1)):
                ax.yaxis.set_major_formatter(PercentFormatter(1.0))
            if (r, c) == (0, 2):
                ax.set_ylim(0, 1.02)
    axes[0, 0].legend(frameon=False, fontsize=8)
    axes[0, 2].legend(frameon=False, fontsize=7, loc="lower left")
    axes[1, 2].legend(frameon=False, fontsize=8)
    fig.suptitle(
        f"Same scenario, same seed, two menus of forms — {focus} and the alliance",
        x=0.01,
        ha="left",
        fontsize=12,
        fontweight="bold",
    )
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- components (page 0)
def _headline(model: DashboardModel) -> dict[str, float]:
    i = model.world.states.index(model.focus_state)
    m = tables(model).model.iloc[-1]
    return {
        "alliance_gap": float(m["capability_gap"]),
        "alliance_savings": float(m["savings"]),
        "alliance_autonomy": float(m["autonomy"]),
        "alliance_capacity": float(m["capacity_to_act"]),
        "gap": float(model.state_gap[i]),
        "savings": float(model.savings[i]),
        "autonomy": float(model.autonomy[i]),
        "capacity": float(model.capacity[i]),
    }


@solara.component
def Overview(model: DashboardModel) -> None:
    """Where the run stands: scenario, year, headline figures and the values in force."""
    update_counter.get()
    spec = model.scenario_spec
    first, final = int(model.world.years[0]), int(model.world.years[-1])
    year = last_year(model)
    solara.Title(TITLE)
    with _card(f"{spec.name} · seed {model.seed}", spec.description):
        if year is None:
            markdown_html(f"## Year {first} — not simulated yet ({first}–{final})")
            _not_started(model)
        else:
            h = _headline(model)
            cur = spec.currency
            markdown_html(
                f"## Year {year} &nbsp;·&nbsp; step {model.steps} of {final - first + 1}\n\n"
                f"| | capability gap | savings this year | autonomy | capacity to act |\n"
                f"|---|---:|---:|---:|---:|\n"
                f"| **Alliance** | {h['alliance_gap']:.1%} | {h['alliance_savings']:,.0f} | "
                f"{h['alliance_autonomy']:.2f} | {h['alliance_capacity']:.2f} |\n"
                f"| **{model.focus_state}** | {h['gap']:.1%} | {h['savings']:,.0f} | "
                f"{h['autonomy']:.2f} | {h['capacity']:.2f} |\n\n"
                f"Savings in {cur}, against fielding the same forces alone. Autonomy: share of "
                "what is fielded that no partner can withhold (0–1). Capacity to act: expected "
                "share of the requirement the state can bring to a crisis, partners counted "
                "with the chance they join (0–1). Page 1: the same run under two menus of "
                "forms, side by side."
            )
        ParametersInForce(model)


@solara.component
def ParametersInForce(model: DashboardModel) -> None:
    """The controls' values in force for this run, with their meaning from the contract."""
    rows = []
    for key, value in effective_values(model.params).items():
        f = contract_field(key)
        shown = preset_of(value) if f.name == "forms_allowed" else value
        origin = "control" if key in model.overrides else "scenario / default"
        rows.append(f"| `{key}` | {shown} | {origin} | {f.description} |")
    with solara.Details("Parameters in force (from the parameter contract)", expand=False):
        markdown_html(
            "| key | value | set by | meaning (unit, range, source) |\n|---|---|---|---|\n"
            + "\n".join(rows)
        )


@solara.component
def GapHeatmap(model: DashboardModel) -> None:
    """Capability gaps now: states x capability areas."""
    update_counter.get()
    with _card("Capability gaps", "per state and capability area, last simulated year"):
        if not _not_started(model):
            _image(cached_png(model, "gaps", lambda: gap_heatmap(model)), "gaps")


@solara.component
def BudgetSavings(model: DashboardModel) -> None:
    """Budget, spending and savings over the years."""
    update_counter.get()
    with _card("Budget and savings", "alliance and focus state, per year"):
        if not _not_started(model):
            _image(cached_png(model, "money", lambda: budget_and_savings(model)), "money")


@solara.component
def Sovereignty(model: DashboardModel) -> None:
    """Autonomy against capacity to act, per state (the AIV's thesis)."""
    update_counter.get()
    with _card("Sovereignty", "autonomy given up against capacity to act gained, per state"):
        if not _not_started(model):
            draw = lambda: figures.plot_autonomy_vs_capacity(  # noqa: E731
                tables(model), focus_state=model.focus_state
            )
            _image(cached_png(model, "sovereignty", draw), "sovereignty")


@solara.component
def PartnerNetwork(model: DashboardModel) -> None:
    """Who cooperates with whom, edges coloured by partner circle."""
    update_counter.get()
    with _card("Partner network", "pairs coloured by circle: strategic, affiliated, opportunity"):
        if not _not_started(model):
            draw = lambda: figures.plot_partner_network(  # noqa: E731
                tables(model), focus_state=model.focus_state
            )
            _image(cached_png(model, "network", draw), "network")


@solara.component
def FormsOverTime(model: DashboardModel) -> None:
    """Active arrangements per form, shallow to deep, over the years."""
    update_counter.get()
    with _card("Forms of cooperation", "active arrangements per form over the years"):
        if not _not_started(model):
            draw = lambda: figures.plot_arrangements_by_form(tables(model))  # noqa: E731
            _image(cached_png(model, "forms", draw), "forms")


@solara.component
def FocusState(model: DashboardModel) -> None:
    """The focus state's gaps, money, sovereignty and partners over the years."""
    update_counter.get()
    with _card(f"Focus: {model.focus_state}", "gaps, money, sovereignty and partners"):
        if not _not_started(model):
            draw = lambda: figures.plot_focus_state(tables(model), model.focus_state)  # noqa: E731
            _image(cached_png(model, "focus", draw), "focus")


def arrangements_frame(model: DashboardModel, only_focus: bool, only_active: bool) -> pd.DataFrame:
    """The arrangements table so far, newest first, optionally filtered."""
    df = tables(model).arrangements.copy()
    if only_active:
        df = df[df["end_year"].astype(str) == ""]
    if only_focus:
        df = df[df["members_end"].str.split(";").apply(lambda ms: model.focus_state in ms)]
    df = df.sort_values(["start_year", "id"], ascending=[False, True])
    cols = ["id", "capability", "form", "members_end", "lead", "origin", "start_year", "end_year"]
    return df[cols].rename(columns={"members_end": "members"}).reset_index(drop=True)


@solara.component
def ArrangementsTable(model: DashboardModel) -> None:
    """The arrangements: id, area, form, members, lead, origin, years."""
    update_counter.get()
    only_focus, set_only_focus = solara.use_state(False)
    only_active, set_only_active = solara.use_state(True)
    with _card("Arrangements", "who cooperates in what, in which form, since when"):
        if _not_started(model):
            return
        with solara.Row():
            solara.Checkbox(label="active only", value=only_active, on_value=set_only_active)
            solara.Checkbox(
                label=f"with {model.focus_state} only", value=only_focus, on_value=set_only_focus
            )
        df = arrangements_frame(model, only_focus, only_active)
        solara.Text(f"{len(df)} arrangements")
        solara.DataFrame(df, items_per_page=12)


# ---------------------------------------------------------------- component (page 1)
@solara.component
def SideBySide(model: DashboardModel) -> None:
    """Two menus of forms on the same scenario, seed and controls, stepped with the main run."""
    update_counter.get()
    presets = model.form_presets()
    labels = list(presets)
    default_a, default_b = model.side_by_side_defaults()
    a, set_a = solara.use_state(default_a)
    b, set_b = solara.use_state(default_b)
    twins = solara.use_memo(
        lambda: (model.twin(presets[a]), model.twin(presets[b])), [id(model), a, b]
    )
    for twin in twins:
        while twin.running and twin.steps < model.steps:
            twin.step()
    title = "Side by side: pooling against role specialisation"
    with _card(title, f"{model.scenario_name}, seed {model.seed}; Step and ▶ drive both"):
        with solara.Row():
            solara.Select("Configuration A (blue)", value=a, values=labels, on_value=set_a)
            solara.Select("Configuration B (orange)", value=b, values=labels, on_value=set_b)
        markdown_html(
            "Both runs use the scenario, seed and controls of the sidebar; only the menu of forms "
            "differs. For the planners' twins (softer specialisation row), choose the scenario "
            "`specialisation_allowed` and press Reset."
        )
        if _not_started(model):
            return
        markdown_html(_side_table(twins, model.focus_state))
        data = cached_png(
            twins[0],
            f"side-{id(twins[1])}",
            lambda: side_by_side_figure(list(twins), ["A", "B"], model.focus_state),
        )
        _image(data, "side")


def _side_table(twins: tuple[DashboardModel, DashboardModel], focus: str) -> str:
    year = last_year(twins[0])
    rows = []
    heads = [_headline(t) for t in twins]
    spec = [
        ("capability gap", "gap", "{:.1%}"),
        ("savings this year", "savings", "{:,.0f}"),
        ("autonomy", "autonomy", "{:.3f}"),
        ("capacity to act", "capacity", "{:.3f}"),
    ]
    for label, key, fmt in spec:
        va, vb = heads[0][key], heads[1][key]
        diff = fmt.format(vb - va)
        rows.append(f"| {focus}: {label} | {fmt.format(va)} | {fmt.format(vb)} | {diff} |")
    for label, key, fmt in spec:
        va, vb = heads[0][f"alliance_{key}"], heads[1][f"alliance_{key}"]
        rows.append(
            f"| alliance: {label} | {fmt.format(va)} | {fmt.format(vb)} | {fmt.format(vb - va)} |"
        )
    n_spec = [
        sum(1 for a in t.arrangements if a.active and a.form is Form.SPECIALISATION) for t in twins
    ]
    rows.append(
        f"| active specialisation arrangements | {n_spec[0]} | {n_spec[1]} | "
        f"{n_spec[1] - n_spec[0]:+d} |"
    )
    return (
        f"**Year {year}** — A: {preset_of(twins[0].params.cooperation.forms_allowed)}; "
        f"B: {preset_of(twins[1].params.cooperation.forms_allowed)}\n\n"
        "| measure | A | B | B − A |\n|---|---:|---:|---:|\n"
        + "\n".join(rows)
        + f"\n\nSavings in {twins[0].scenario_spec.currency}."
    )
