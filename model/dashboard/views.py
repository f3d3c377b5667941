"""The dashboard's views: Solara components over the live model's tables.

Every view reads the run's contract tables (:func:`model.run.result_from_model`, computed
once per model and step) and never the model's inner arrays, so the views show exactly what
``coopsim run`` would write. Charts are Vega-Lite specs (:mod:`model.dashboard.charts`) drawn
by the browser; a view sends a new spec only when its data changed, and the side-by-side page
is computed only while it is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import markdown
import pandas as pd
import solara
from mesa.visualization.utils import update_counter

from model.dashboard import charts, export, vegalite
from model.dashboard.controls import contract_field, effective_values, preset_of
from model.dashboard.seeds import BAND_SEEDS, side_bands
from model.params import Form
from model.results import RunResult
from model.run import result_from_model

if TYPE_CHECKING:
    from model.dashboard.app import DashboardModel

#: Browser tab title.
TITLE = "coopsim dashboard"
#: The pages, in tab order.
PAGES: tuple[str, ...] = ("Run", "Side by side")
#: Rows a page of the arrangements table (one of the table's own page-size choices).
ARRANGEMENTS_PER_PAGE = 10
#: Said wherever one run's numbers are shown.
ONE_SEED_CAVEAT = (
    "One run, one seed: a possible future, not a forecast. Other seeds differ; "
    "`coopsim compare` and `coopsim sweep` give bands over many."
)


# ---------------------------------------------------------------- helpers
def tables(model: DashboardModel) -> RunResult:
    """The run's tables so far (``result_from_model``), computed once per model and step.

    Read under the model's lock: a year being stepped in another thread is never half-read.
    """
    with model.lock:
        cache = model.dashboard_cache
        key = ("tables", model.years_done)
        if key not in cache:
            cache.clear()
            cache[key] = result_from_model(model)
        return cache[key]


def last_year(model: DashboardModel) -> int | None:
    """The last simulated year, or ``None`` before the first step."""
    if not model.years_done:
        return None
    return charts.last_year(tables(model))


#: Inline styles of the HTML tables (Solara's Markdown would load KaTeX from a CDN: not offline).
_TABLE_STYLE = {
    "<table>": '<table style="border-collapse:collapse;margin:6px 0;font-size:14px">',
    "<th>": '<th style="padding:3px 10px;border-bottom:1px solid #999;text-align:left">',
    "<td>": '<td style="padding:3px 10px;border-bottom:1px solid #e5e5e5;text-align:left">',
    '<th style="text-align: right;">': '<th style="padding:3px 10px;border-bottom:1px solid #999;'
    'text-align:right">',
    '<td style="text-align: right;">': '<td style="padding:3px 10px;border-bottom:1px solid '
    '#e5e5e5;text-align:right">',
}


def markdown_html(text: str, classes: list[str] | None = None) -> None:
    """Show Markdown (tables included) as HTML, without Solara's CDN-loaded math renderer."""
    html = markdown.markdown(text, extensions=["tables"])
    for old, new in _TABLE_STYLE.items():
        html = html.replace(old, new)
    solara.HTML(
        tag="div", unsafe_innerHTML=html, style={"font-size": "14px"}, classes=classes or []
    )


def caveat() -> None:
    """The one-seed caveat, small and grey."""
    solara.HTML(
        tag="div",
        unsafe_innerHTML=markdown.markdown(ONE_SEED_CAVEAT)[3:-4],
        style={"font-size": "12px", "color": "#666", "margin": "4px 0"},
        classes=["coopsim-caveat"],
    )


@solara.component
def VegaLite(spec: str, name: str) -> None:
    """A Vega-Lite chart (JSON text) drawn in the browser (bundled vega-lite; nothing fetched)."""
    with solara.Div(classes=[f"coopsim-{name}"]):
        vegalite.VegaLite.element(spec=spec)


@solara.component
def ChartCard(title: str, subtitle: str, name: str, spec: str | None) -> None:
    """A card holding one chart, or a note before the first step."""
    with solara.Card(title, subtitle=subtitle, style={"height": "100%", "overflow-x": "auto"}):
        if spec is None:
            solara.Info("Nothing simulated yet: press Step or ▶.")
        else:
            VegaLite(spec, name)


# ---------------------------------------------------------------- run page
def headline(run: RunResult, focus: str) -> dict[str, float]:
    """The last year's alliance and focus-state figures, from the tables."""
    m = run.model.iloc[-1]
    s = charts.focus_rows(run, focus).iloc[-1]
    return {
        "alliance_gap": float(m["capability_gap"]),
        "alliance_savings": float(m["savings"]),
        "alliance_autonomy": float(m["autonomy"]),
        "alliance_capacity": float(m["capacity_to_act"]),
        "gap": float(s["capability_gap"]),
        "savings": float(s["savings"]),
        "autonomy": float(s["autonomy"]),
        "capacity": float(s["capacity_to_act"]),
        "alliance_budget": float(m["budget_total"]),
        "budget": float(s["budget"]),
    }


@solara.component
def Overview(model: DashboardModel, run: RunResult | None) -> None:
    """Where the run stands: scenario, year, headline figures, the one-seed caveat."""
    first, final = model.years
    label = model.label
    with solara.Card(f"{label} · seed {model.seed}", subtitle=model.description):
        if run is None:
            markdown_html(
                f"## Year {first} — not simulated yet ({first}–{final})\n\n"
                f"Press **Step** to simulate {first}, or **▶** to play the years to {final}.",
                classes=["coopsim-year"],
            )
            return
        h = headline(run, model.focus_state)
        year = charts.last_year(run)
        markdown_html(
            f"## Year {year} &nbsp;·&nbsp; step {model.years_done} of {final - first + 1}",
            classes=["coopsim-year"],
        )
        markdown_html(
            "| | budget | capability gap | savings from cooperation | autonomy | "
            "capacity to act |\n|---|---:|---:|---:|---:|---:|\n"
            f"| **Alliance** | {h['alliance_budget']:,.0f} | {h['alliance_gap']:.1%} | "
            f"{h['alliance_savings']:,.0f} | {h['alliance_autonomy']:.2f} | "
            f"{h['alliance_capacity']:.2f} |\n"
            f"| **{model.focus_state}** | {h['budget']:,.0f} | {h['gap']:.1%} | "
            f"{h['savings']:,.0f} | {h['autonomy']:.2f} | {h['capacity']:.2f} |\n\n"
            f"Money in {year}: the alliance in USD million (2012 prices), {model.focus_state} in "
            f"{run.currency}. Savings from cooperation: against fielding the same forces alone. "
            "Autonomy: share of what is fielded that no partner can withhold (0–1). Capacity to "
            "act: expected share of the requirement the state can bring to a crisis, partners "
            "counted with the chance they join (0–1)."
        )
        caveat()


@solara.component
def ParametersCard(model: DashboardModel) -> None:
    """The controls' values in force for this run, with their meaning from the contract."""
    rows = []
    for key, value in effective_values(model.params_in_force).items():
        f = contract_field(key)
        shown = preset_of(value) if f.name == "forms_allowed" else value
        origin = "control" if key in model.overrides else "scenario / default"
        rows.append(f"| `{key}` | {shown} | {origin} | {f.description} |")
    with solara.Card("Parameters in force", subtitle="the controls' values for this run"):
        with solara.Details("Show the table (from the parameter contract)", expand=False):
            markdown_html(
                "| key | value | set by | meaning (unit, range, source) |\n|---|---|---|---|\n"
                + "\n".join(rows)
            )


def arrangements_frame(run: RunResult, focus: str, only_focus: bool, only_active: bool):
    """The arrangements table so far, newest first, optionally filtered."""
    df = run.arrangements.copy()
    if only_active:
        df = df[df["end_year"].astype(str) == ""]
    if only_focus:
        df = df[df["members_end"].str.split(";").apply(lambda ms: focus in ms)]
    df = df.sort_values(["start_year", "id"], ascending=[False, True])
    cols = ["id", "capability", "form", "members_end", "lead", "origin", "start_year", "end_year"]
    return df[cols].rename(columns={"members_end": "members"}).reset_index(drop=True)


@solara.component
def ArrangementsCard(run: RunResult | None, focus: str) -> None:
    """The arrangements: id, area, form, members, lead, origin, years."""
    only_focus, set_only_focus = solara.use_state(False)
    only_active, set_only_active = solara.use_state(True)
    df = solara.use_memo(
        lambda: None if run is None else arrangements_frame(run, focus, only_focus, only_active),
        [id(run), focus, only_focus, only_active],
    )
    with solara.Card("Arrangements", subtitle="who cooperates in what, in which form, since when"):
        if df is None:
            solara.Info("Nothing simulated yet: press Step or ▶.")
            return
        with solara.Row():
            solara.Checkbox(label="active only", value=only_active, on_value=set_only_active)
            solara.Checkbox(label=f"with {focus} only", value=only_focus, on_value=set_only_focus)
        solara.Text(f"{len(df)} arrangements, {ARRANGEMENTS_PER_PAGE} a page")
        solara.DataFrame(df, items_per_page=ARRANGEMENTS_PER_PAGE)


@solara.component
def ExportCard(model: DashboardModel, started: bool) -> None:
    """Download the run's tables (CSV) and the settings in force as a scenario file.

    The tables are gathered when a button is pressed, so the card need not redraw every year.
    """
    with solara.Card("Export", subtitle="the tables of this run; its settings as a scenario"):
        toml = export.scenario_toml(
            model.scenario_name, model.overrides, seed=model.seed, focus_state=model.focus_state
        )
        toml_name = f"{export.scenario_name_for(model.scenario_name)}.toml"
        with solara.Row(style={"flex-wrap": "wrap"}):
            solara.FileDownload(
                toml,
                filename=toml_name,
                label="Save these settings as a scenario file",
                mime_type="application/toml",
            )
        markdown_html(
            f"`{toml_name}` extends `{model.scenario_name}` with the overrides that built this "
            f"run; `coopsim validate {toml_name}` checks it, `coopsim run {toml_name} --seed "
            f"{model.seed}` runs it again."
        )
        if not started:
            solara.Text("Tables: after the first step.")
            return
        solara.Text("Tables of this run up to the year shown (CSV, as coopsim run writes them):")
        with solara.Row(style={"flex-wrap": "wrap"}):
            for name in export.TABLES:
                solara.FileDownload(
                    lambda name=name: export.table_csv(tables(model), name),
                    filename=export.csv_filename(model.scenario_name, model.seed, name),
                    label=f"{name}.csv",
                    mime_type="text/csv",
                )


def run_specs(run: RunResult, focus: str) -> dict[str, str]:
    """The run page's chart specs as JSON, by view name, tagged with their name and year."""
    specs = {
        "gaps": charts.gap_heatmap(run, focus),
        "money": charts.money(run, focus),
        "sovereignty": charts.sovereignty(run, focus),
        "circles": charts.partner_circles(run, focus),
        "forms": charts.forms_over_time(run),
        "focus": charts.focus_state(run, focus),
    }
    year = charts.last_year(run)
    for name, spec in specs.items():
        spec["usermeta"] = {**spec["usermeta"], "key": f"{name} {year}"}
    return {name: vegalite.to_json(spec) for name, spec in specs.items()}


#: The run page's chart cards, in page order: view name, title, subtitle, full width.
RUN_CARDS: tuple[tuple[str, str, str, bool], ...] = (
    ("gaps", "Capability gaps", "per state and capability area, last simulated year", False),
    ("sovereignty", "Sovereignty", "autonomy given up against capacity to act gained", False),
    ("money", "Budget and savings", "alliance and focus state, per year", True),
    ("circles", "Partner circles", "who counts whom as strategic, affiliated, opportunity", False),
    ("forms", "Forms of cooperation", "active arrangements per form over the years", False),
    ("focus", "Focus state", "gaps, sovereignty and partners over the years", True),
)


@solara.component
def RunPage(model: DashboardModel) -> None:
    """The run: overview, parameters, the charts two abreast, arrangements, export."""
    update_counter.get()
    run = tables(model) if model.years_done else None
    focus = model.focus_state
    specs = solara.use_memo(
        lambda: run_specs(run, focus) if run is not None else {},
        [id(model), model.years_done, focus],
    )
    Overview(model, run)
    ParametersCard(model)
    widths = [12 if full else 6 for *_, full in RUN_CARDS]
    with solara.ColumnsResponsive(12, large=widths):
        for name, title, subtitle, _ in RUN_CARDS:
            title = f"Focus: {focus}" if name == "focus" else title
            ChartCard(title, subtitle, name, specs.get(name))
    ArrangementsCard(run, focus)
    ExportCard(model, run is not None)


# ---------------------------------------------------------------- side-by-side page
def side_table(runs: list[RunResult], labels: list[str], focus: str) -> str:
    """The last year's focus-state and alliance measures of A and B, and B − A (Markdown)."""
    heads = [headline(r, focus) for r in runs]
    spec = [
        ("capability gap", "gap", "{:.1%}"),
        ("savings from cooperation this year", "savings", "{:,.0f}"),
        ("autonomy", "autonomy", "{:.3f}"),
        ("capacity to act", "capacity", "{:.3f}"),
    ]
    rows = []
    for who, prefix in ((focus, ""), ("alliance", "alliance_")):
        for label, key, fmt in spec:
            va, vb = heads[0][prefix + key], heads[1][prefix + key]
            rows.append(
                f"| {who}: {label} | {fmt.format(va)} | {fmt.format(vb)} | {fmt.format(vb - va)} |"
            )
    for form in (Form.OPERATIONAL, Form.INTEGRATED, Form.SPECIALISATION):
        col = f"arrangements_{form.id}"
        na, nb = (int(r.model[col].iloc[-1]) for r in runs)
        rows.append(f"| active {form.id} arrangements | {na} | {nb} | {nb - na:+d} |")
    return (
        f"**Year {charts.last_year(runs[0])}** — A: {labels[0]}; B: {labels[1]}\n\n"
        "| measure | A | B | B − A |\n|---|---:|---:|---:|\n"
        + "\n".join(rows)
        + f"\n\n{focus} in {runs[0].currency}; alliance in USD m."
    )


@solara.component
def SideBySide(model: DashboardModel) -> None:
    """Two menus of forms on the same scenario, seed and controls, stepped with the main run."""
    update_counter.get()
    presets = model.form_presets()
    labels = list(presets)
    default_a, default_b = model.side_by_side_defaults()
    a, set_a = solara.use_state(default_a)
    b, set_b = solara.use_state(default_b)
    show_bands, set_show_bands = solara.use_state(True)
    twins = solara.use_memo(
        lambda: (model.twin(presets[a]), model.twin(presets[b])), [id(model), a, b]
    )
    for twin in twins:
        while twin.running and twin.years_done < model.years_done:
            twin.step()

    def compute_bands() -> pd.DataFrame | None:
        if not show_bands:
            return None
        configs = {"A": twins[0].overrides, "B": twins[1].overrides}
        return side_bands(model.scenario_name, configs, model.focus_state)

    bands = solara.lab.use_task(
        compute_bands, dependencies=[id(twins[0]), id(twins[1]), show_bands], prefer_threaded=True
    )
    runs = [tables(t) for t in twins] if model.years_done else None
    band_df = bands.value if (show_bands and bands.finished) else None

    def side_spec() -> str | None:
        if runs is None:
            return None
        out = charts.side_by_side(runs, ["A", "B"], model.focus_state, band_df)
        tag = f"side {charts.last_year(runs[0])}" + (" bands" if band_df is not None else "")
        out["usermeta"] = {**out["usermeta"], "key": tag}
        return vegalite.to_json(out)

    spec = solara.use_memo(side_spec, [id(twins[0]), id(twins[1]), model.years_done, id(band_df)])
    with solara.Card(
        "Side by side: two menus of forms",
        subtitle=f"{model.label}, seed {model.seed}; Step and ▶ drive both",
    ):
        with solara.Row():
            solara.Select("Configuration A (blue)", value=a, values=labels, on_value=set_a)
            solara.Select("Configuration B (orange)", value=b, values=labels, on_value=set_b)
        solara.Checkbox(
            label=f"bands: mean and 5–95 % over seeds {BAND_SEEDS[0]}–{BAND_SEEDS[-1]}",
            value=show_bands,
            on_value=set_show_bands,
        )
        markdown_html(
            "Both runs use the scenario, seed and controls of the sidebar; only the menu of forms "
            "differs. For the planners' twins (softer specialisation row), choose the scenario "
            "`specialisation_allowed` and press Reset."
        )
        caveat()
        if runs is None or spec is None:
            solara.Info("Nothing simulated yet: press Step or ▶.")
            return
        markdown_html(side_table(runs, [a, b], model.focus_state), classes=["coopsim-side-table"])
        if show_bands and bands.pending:
            solara.Text(f"Computing bands over {len(BAND_SEEDS)} seeds…")
        VegaLite(spec, "side")


# ---------------------------------------------------------------- pages
@solara.component
def RunStatus(model: DashboardModel) -> None:
    """A line under the controller: which year comes next, or that the run is over."""
    update_counter.get()
    first, final = model.years
    if model.running:
        solara.Text(f"Next: {first + model.years_done} of {first}–{final}")
    else:
        solara.Success(f"Run finished ({final}). Reset starts a new one.", dense=True)


@solara.component
def Pages(model: DashboardModel) -> None:
    """Named tabs; only the shown page is rendered."""
    tab, set_tab = solara.use_state(0)
    solara.Title(TITLE)
    with solara.v.Tabs(v_model=tab, on_v_model=set_tab):
        for name in PAGES:
            solara.v.Tab(children=[name])
    with solara.Column(style={"padding": "8px"}):
        if tab == 0:
            RunPage(model)
        else:
            SideBySide(model)
