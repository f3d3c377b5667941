"""One-page reports for a strategist: ``report.md`` and a self-contained ``report.html``.

Every run folder and every compare folder gets both. The report answers the note's three
questions -- what happened to **capability gaps**, to **cost savings** (against going it alone,
DOMAIN.md) and to **sovereignty** (autonomy given up against capacity to act gained, the AIV's
thesis the note adopts, § Grondslagen) -- and names the partners that became strategic (note,
§ Samenwerkingspartners: the circles) and the arrangements formed, by form and origin (§ Vormen
van samenwerking; NATO and the EU as catalysts, § Multilateraal).

The markdown is the single source; :func:`md_to_html` converts it with the ``markdown`` package
and embeds each figure as a base64 PNG with a little inline CSS, so the HTML has no external
assets. Reports carry no timestamps: equal tables give equal reports. Reports run nothing: the
tables they analyse (:mod:`model.analysis`), including the go-it-alone twin, are handed to them.
"""

from __future__ import annotations

import base64
import html
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import markdown
import numpy as np
import pandas as pd
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from model.analysis import (
    FORM_VERBS,
    HEADLINE_BY_COLUMN,
    HEADLINES,
    N_LARGEST_GAPS,
    VERDICT_SENTENCES,
    Headline,
    arrangement_counts,
    band,
    focus_decisions,
    largest_gaps,
    run_label,
    sovereignty_verdict,
    strategic_pairs,
)
from model.figures import new_figure, save_png, titled, value_axis, year_axis
from model.outputs import RunTables
from model.params import FORM_IDS

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from model.scenario import Scenario

__all__ = [
    "ComparisonTables",
    "RunReportTables",
    "arrangement_counts",
    "key_year",
    "largest_gaps",
    "md_to_html",
    "run_report_markdown",
    "sentence",
    "strategic_pairs",
    "write_compare_report",
    "write_counterfactual_figure",
    "write_run_report",
]


class RunReportTables(RunTables, Protocol):
    """What a run report reads of a run (a :class:`model.results.RunResult` is one)."""

    scenario: str
    seed: int | None
    years: tuple[int, int]
    overrides: dict[str, Any]
    description: str
    focus_state: str | None


class ComparisonTables(Protocol):
    """What a compare report reads of a comparison (a :class:`model.compare.Comparison` is one)."""

    labels: dict[str, str]
    scenarios: dict[str, str]
    overrides: dict[str, dict[str, Any]]
    descriptions: dict[str, str]
    seeds: list[int]
    years: tuple[int, int]
    at: list[int]
    summary: pd.DataFrame
    focus: pd.DataFrame
    partners: pd.DataFrame
    gaps: pd.DataFrame
    arrangements: pd.DataFrame
    focus_state: str | None
    focus_capability: str | None
    partners_state: str | None
    units: dict[str, str]
    focus_arrangements: pd.DataFrame
    focus_gaps: pd.DataFrame
    never_formed: dict[str, list[str]]


MONEY_UNIT = "USD million (2012 prices)"
ORIGINS: tuple[str, ...] = ("initial", "bottom_up", "nato", "eu")
ORIGIN_NAMES = {
    "initial": "existing in the start year",
    "bottom_up": "bottom-up",
    "nato": "from NATO projects",
    "eu": "from EU projects",
}
N_PAIRS_LISTED = 15
KEY_YEAR = 2030


# ================================================================== formatting
def _z(x: float, digits: int) -> float:
    """Round, and turn a negative zero into zero ("-0.0" reads as a finding)."""
    return round(float(x), digits) + 0.0


def pct(x: float, digits: int = 1) -> str:
    """A share as a percentage: 0.141 -> "14.1 %"."""
    return "–" if _nan(x) else f"{_z(100 * x, digits):.{digits}f} %"


def pp(x: float, digits: int = 1, sign: bool = True) -> str:
    """A difference of shares in percentage points: 0.031 -> "+3.1 pp"."""
    return "–" if _nan(x) else f"{_z(100 * x, digits):{'+' if sign else ''}.{digits}f} pp"


def money(x: float, sign: bool = False) -> str:
    """An amount in USD million (2012 prices), no unit: 18735.2 -> "18,735"."""
    return "–" if _nan(x) else f"{_z(x, 0):{'+' if sign else ''},.0f}"


def _nan(x: Any) -> bool:
    try:
        return x is None or math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def _nice(s: str) -> str:
    return str(s).replace("_", " ")


def md_table(
    header: Sequence[str], rows: Sequence[Sequence[Any]], align: Sequence[str] | None = None
) -> list[str]:
    """A markdown pipe table; ``align`` per column: "l" or "r" (default: first l, rest r)."""
    al = list(align or ["l"] + ["r"] * (len(header) - 1))
    sep = ["---:" if a == "r" else "---" for a in al]
    out = ["| " + " | ".join(str(h) for h in header) + " |", "| " + " | ".join(sep) + " |"]
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "/") for c in r) + " |")
    return out + [""]


def _report_years(first: int, last: int) -> list[int]:
    return sorted({first, last} | {y for y in (2015, 2020, 2025, 2030) if first < y < last})


def key_year(at: Sequence[int]) -> int:
    """The year the plain-language sentences speak of: 2030 if reported, else the last."""
    return KEY_YEAR if KEY_YEAR in at else max(at)


# ================================================================== the run report
def run_report_markdown(
    result: RunReportTables,
    figures: Sequence[str] = (),
    spec: Scenario | None = None,
    counterfactual: pd.DataFrame | None = None,
) -> str:
    """Write the run's one-page report as markdown.

    Parameters
    ----------
    result
        The run.
    figures
        File names present in ``figures/`` (only these are referenced).
    spec
        The run's scenario (units and unit costs of the areas).
    counterfactual
        :func:`model.analysis.counterfactual_table` of the run and its go-it-alone twin, or None.

    Returns
    -------
    str
        Markdown.
    """
    r = _run_report(result, figures, spec, counterfactual)
    L = _run_header(r)
    L += _run_in_short(r)
    if r.focus is not None:
        L += focus_state_lines(result, r.focus, spec)
    L += _run_gaps_section(r)
    L += _run_savings_section(r)
    L += _run_sovereignty_section(r)
    L += _run_partners_section(r)
    L += _run_arrangements_section(r)
    L += _how_to_read()
    return "\n".join(L).rstrip() + "\n"


@dataclass(frozen=True)
class _RunReport:
    """What the sections of a run report read: the run and the tables derived from it once."""

    result: RunReportTables
    #: File names present in ``figures/``.
    figs: frozenset[str]
    spec: Scenario | None
    #: ``model.csv`` (``m``, index reset) and the same by year.
    m: pd.DataFrame
    by_year: pd.DataFrame
    first_y: int
    last_y: int
    #: The years of the report's tables (:func:`_report_years`).
    years: list[int]
    #: The alliance rows of the go-it-alone table by year, or None.
    cf: pd.DataFrame | None
    #: The focus state if the run has it, else None.
    focus: str | None
    #: ``states.csv`` with iso3 codes as strings.
    st: pd.DataFrame
    #: :func:`model.analysis.strategic_pairs` (the focus state's and all pairs).
    pairs: pd.DataFrame
    #: :func:`model.analysis.arrangement_counts` (by form and origin).
    arr: pd.DataFrame


def _run_report(
    result: RunReportTables,
    figures: Sequence[str],
    spec: Scenario | None,
    counterfactual: pd.DataFrame | None,
) -> _RunReport:
    """Derive once what the run report's sections read (see :func:`run_report_markdown`)."""
    m = result.model.reset_index(drop=True)
    first_y, last_y = int(m["year"].iloc[0]), int(m["year"].iloc[-1])
    cf = None
    if counterfactual is not None:
        cf = counterfactual[counterfactual["state"] == "ALL"].set_index("year")
    focus = (
        result.focus_state
        if result.focus_state in set(result.states["state"].astype(str))
        else None
    )
    return _RunReport(
        result=result,
        figs=frozenset(figures),
        spec=spec,
        m=m,
        by_year=m.set_index("year"),
        first_y=first_y,
        last_y=last_y,
        years=_report_years(first_y, last_y),
        cf=cf,
        focus=focus,
        st=result.states.assign(state=result.states["state"].astype(str)),
        pairs=strategic_pairs(result.circles, focus),
        arr=arrangement_counts(result.arrangements),
    )


def _run_header(r: _RunReport) -> list[str]:
    """The title, the scenario's description, the parameters changed and the units."""
    result = r.result
    name = run_label(result.scenario, result.overrides)
    L: list[str] = [f"# Run report: {name}, seed {result.seed}, {r.first_y}–{r.last_y}", ""]
    if result.description:
        L += [f"*{result.description}*", ""]
    if result.overrides:
        L += [
            "Parameters changed from the scenario: "
            + ", ".join(f"`{k} = {v}`" for k, v in sorted(result.overrides.items()))
            + ".",
            "",
        ]
    L += [
        f"Money is in {MONEY_UNIT}; gaps, autonomy and capacity to act are shares of the "
        "requirement, written as %. *Going it alone* is the same world, budgets, crises and "
        "seed with cooperation switched off (no arrangements, no NATO/EU projects, no common "
        "funding). This is one seed: for uncertainty bands over many seeds, use "
        "`coopsim compare`.",
        "",
    ]
    return L


def _run_in_short(r: _RunReport) -> list[str]:
    """The "In short" section: a bullet per question (gaps, savings, sovereignty, partners...)."""
    z = r.by_year.loc[r.last_y]
    first_y, last_y = r.first_y, r.last_y
    L = ["## In short", ""]
    L.append(_in_short_gaps(r))
    spend = float(z["spending_total"]) or float("nan")
    L.append(
        f"- **Savings from cooperation.** Against fielding the same capability alone, "
        f"cooperation saves "
        f"USD {money(z['savings'])} million in {last_y} ({pct(z['savings'] / spend)} of "
        f"spending) and USD {money(r.m['savings'].sum())} million over {first_y}–{last_y} "
        f"(2012 prices)."
    )
    L.append(_in_short_sovereignty(r))
    if r.focus is not None:
        fp = r.pairs[(r.pairs["kind"] == "focus") & r.pairs["strategic_at_end"]]
        names = ", ".join(f"{p.b} (since {p.first_year})" for p in fp.itertuples()) or "none"
        L.append(f"- **Partners.** {r.focus}'s strategic partners in {last_y}: {names}.")
    total = int(r.arr["arrangements"].sum())
    by_origin = r.arr.groupby("origin")["arrangements"].sum()
    active = int(r.arr["active_end"].sum())
    L.append(
        f"- **Arrangements.** {total} arrangements ran: "
        + ", ".join(f"{int(by_origin.get(o, 0))} {ORIGIN_NAMES[o]}" for o in ORIGINS)
        + f"; {active} are active in {last_y}."
    )
    L.append("")
    return L


def _in_short_gaps(r: _RunReport) -> str:
    """The gaps bullet: the alliance gap first and last year, and against going it alone."""
    f, z = r.by_year.loc[r.first_y], r.by_year.loc[r.last_y]
    gap_line = (
        f"- **Gaps.** The alliance capability gap goes from {pct(f['capability_gap'])} "
        f"of the requirement in {r.first_y} to {pct(z['capability_gap'])} in {r.last_y}."
    )
    if r.cf is not None:
        gl = r.cf.loc[r.last_y]
        gap_line += (
            f" Going it alone it would be {pct(gl['capability_gap_alone'])}: "
            f"cooperation {'closes' if gl['gap_closed'] >= 0 else 'widens it by'} "
            f"{100 * abs(gl['gap_closed']):.1f} percentage points"
            f"{' of it' if gl['gap_closed'] >= 0 else ''}."
        )
    return gap_line


def _in_short_sovereignty(r: _RunReport) -> str:
    """The sovereignty bullet: autonomy and capacity to act, and the verdict against alone."""
    f, z = r.by_year.loc[r.first_y], r.by_year.loc[r.last_y]
    sov = (
        f"- **Sovereignty.** Autonomy (the share of what is fielded that no partner can "
        f"withhold) goes from {pct(f['autonomy'])} to {pct(z['autonomy'])}; capacity to act "
        f"(the share of the requirement the allies can expect to bring to a crisis) from "
        f"{pct(f['capacity_to_act'])} to {pct(z['capacity_to_act'])}."
    )
    if r.cf is not None:
        cf, last_y = r.cf, r.last_y
        gain = float(cf.loc[last_y, "capacity_to_act"] - cf.loc[last_y, "capacity_to_act_alone"])
        given = float(cf.loc[last_y, "autonomy_alone"] - cf.loc[last_y, "autonomy"])
        sov += (
            f" Against going it alone, cooperation gives up {100 * given:.1f} percentage "
            f"points of autonomy and {'adds' if gain >= 0 else 'costs'} "
            f"{100 * abs(gain):.1f} points of capacity to act in {last_y}: "
        )
        sov += VERDICT_SENTENCES[sovereignty_verdict(100 * given, 100 * gain)]
    return sov


def _run_gaps_section(r: _RunReport) -> list[str]:
    """The gaps section: the alliance gap by year (and going it alone), the ten largest gaps."""
    cf, years = r.cf, r.years
    L = ["## Capability gaps", ""]
    if cf is not None:
        rows = [
            [
                y,
                pct(cf.loc[y, "capability_gap"]),
                pct(cf.loc[y, "capability_gap_alone"]),
                pp(cf.loc[y, "gap_closed"]),
            ]
            for y in years
        ]
        L += md_table(
            ["Year", "Alliance gap, with cooperation", "Going it alone", "Closed by cooperation"],
            rows,
        )
    else:
        L += md_table(
            ["Year", "Alliance gap"], [[y, pct(r.by_year.loc[y, "capability_gap"])] for y in years]
        )
    if "counterfactual_gap.png" in r.figs:
        L += [
            "![Alliance capability gap with cooperation and going it alone]"
            "(figures/counterfactual_gap.png)",
            "",
        ]
    if "gaps_by_capability.png" in r.figs:
        L += ["![Alliance capability gap by area and year](figures/gaps_by_capability.png)", ""]
    return L + _largest_gaps_lines(r)


def _largest_gaps_lines(r: _RunReport) -> list[str]:
    """The ten largest gaps of the last year, by the yearly cost of closing them."""
    top = largest_gaps(r.result, r.spec, per_state=GAPS_PER_STATE)
    L = [
        f"### The ten largest gaps in {r.last_y}",
        "",
        "Ranked by the yearly cost of closing them (shortfall × yearly cost of one unit at "
        f"reference unit cost, {MONEY_UNIT}; indicative), at most {GAPS_PER_STATE} per state "
        "so that the largest budgets do not fill the table.",
        "",
    ]
    rows = [
        [
            i + 1,
            g.state,
            _nice(g.capability),
            f"{g.requirement:,.1f} {g.unit}".strip(),
            f"{g.level:,.1f} ({g.own_level:,.1f} own)",
            pct(g.gap),
            money(g.cost_to_close),
        ]
        for i, g in enumerate(top.itertuples())
    ]
    L += md_table(
        ["#", "State", "Area", "Requirement", "Level", "Gap", "Cost to close, USD M/yr"],
        rows,
        ["r", "l", "l", "r", "r", "r", "r"],
    )
    return L


def _run_savings_section(r: _RunReport) -> list[str]:
    """The savings section: the alliance's savings by year and cumulative, the largest savers."""
    by_year = r.by_year
    L = [
        "## Savings",
        "",
        "Savings are what fielding the same capability alone would cost, minus what is "
        "actually spent (note, § Inleiding: cooperation to keep fighting power affordable).",
        "",
    ]
    cum = r.m.set_index("year")["savings"].cumsum()
    rows = [
        [
            y,
            money(by_year.loc[y, "savings"]),
            pct(by_year.loc[y, "savings"] / (by_year.loc[y, "spending_total"] or np.nan)),
            money(cum.loc[y]),
        ]
        for y in r.years
    ]
    L += md_table(
        ["Year", f"Savings, {MONEY_UNIT}", "Share of spending", f"Cumulative since {r.first_y}"],
        rows,
    )
    savers = r.st.groupby("state")["savings"].sum().sort_values(ascending=False, kind="stable")
    rows = [[s, money(v)] for s, v in savers.head(5).items()]
    L += ["Largest savers over the run:", ""]
    L += md_table(["State", f"Cumulative savings, {MONEY_UNIT}"], rows)
    if "savings.png" in r.figs:
        L += ["![Savings against going it alone](figures/savings.png)", ""]
    return L


def _run_sovereignty_section(r: _RunReport) -> list[str]:
    """The sovereignty section: autonomy and capacity to act by year, alliance and focus state."""
    by_year, cf, focus = r.by_year, r.cf, r.focus
    L = [
        "## Sovereignty: autonomy against capacity to act",
        "",
        "The note adopts the AIV's thesis (§ Grondslagen): cooperation that raises the "
        "capacity to act does not erode sovereignty but can strengthen it. Autonomy falls "
        "when partners field part of a capability; the question is whether capacity to act "
        "rises with it.",
        "",
    ]
    hdr = ["Year", "Autonomy", "Capacity to act"]
    if cf is not None:
        hdr.append("Capacity to act, going it alone")
    rows = []
    for y in r.years:
        row = [y, pct(by_year.loc[y, "autonomy"]), pct(by_year.loc[y, "capacity_to_act"])]
        if cf is not None:
            row.append(pct(cf.loc[y, "capacity_to_act_alone"]))
        rows.append(row)
    L += md_table(hdr, rows)
    if focus is not None:
        fs = r.st[r.st["state"] == focus].set_index("year")
        rows = [
            [
                y,
                pct(fs.loc[y, "autonomy"]),
                pct(fs.loc[y, "capacity_to_act"]),
                pct(fs.loc[y, "capability_gap"]),
                money(fs.loc[y, "savings"]),
            ]
            for y in r.years
        ]
        L += [f"{focus}:", ""]
        L += md_table(
            ["Year", "Autonomy", "Capacity to act", "Gap", f"Savings, {MONEY_UNIT}"], rows
        )
    if "autonomy_vs_capacity.png" in r.figs:
        L += [
            "![Autonomy against capacity to act, per state](figures/autonomy_vs_capacity.png)",
            "",
        ]
    return L


def _run_partners_section(r: _RunReport) -> list[str]:
    """The partners section: the focus state's strategic partners, then all pairs (the first 15)."""
    pairs, focus, last_y = r.pairs, r.focus, r.last_y
    L = [
        "## Partners that became strategic",
        "",
        "Circles are classified each year from what states do together (note, "
        "§ Samenwerkingspartners: strategic, affiliated, opportunity).",
        "",
    ]
    if focus is not None:
        fp = pairs[pairs["kind"] == "focus"]
        L += [f"### {focus}", ""]
        if fp.empty:
            L += [f"{focus} had no strategic partner.", ""]
        else:
            L += md_table(
                ["Partner", "Strategic since", f"Strategic in {last_y}", "Years strategic"],
                [
                    [p.b, p.first_year, "yes" if p.strategic_at_end else "no", p.years_strategic]
                    for p in fp.itertuples()
                ],
                ["l", "r", "l", "r"],
            )
    ov = pairs[pairs["kind"] == "overall"]
    L += ["### All states", ""]
    if ov.empty:
        L += ["No pair of states became strategic partners.", ""]
    else:
        n_end = int(ov["strategic_at_end"].sum())
        L += [
            f"{len(ov)} pairs were strategic partners at some time ({n_end} in {last_y}); "
            f"the first {min(N_PAIRS_LISTED, len(ov))} by year:",
            "",
        ]
        L += md_table(
            ["Pair", "Strategic since", f"Strategic in {last_y}", "Years strategic"],
            [
                [
                    f"{p.a}–{p.b}",
                    p.first_year,
                    "yes" if p.strategic_at_end else "no",
                    p.years_strategic,
                ]
                for p in ov.head(N_PAIRS_LISTED).itertuples()
            ],
            ["l", "r", "l", "r"],
        )
    if "partner_network.png" in r.figs:
        L += [f"![Partner network in {last_y}](figures/partner_network.png)", ""]
    return L


def _run_arrangements_section(r: _RunReport) -> list[str]:
    """The arrangements section (by form and origin), why the focus state's formed; its figure."""
    focus = r.focus
    L = [
        "## Arrangements by form and origin",
        "",
        "Forms from shallow (joint hire) to deep (role specialisation), note § Vormen van "
        "samenwerking; NATO and EU projects are the institutions acting as catalysts "
        "(§ Multilateraal).",
        "",
    ]
    L += _arrangement_rows(r.arr, r.last_y)
    if "arrangements_by_form.png" in r.figs:
        L += ["![Active arrangements by form](figures/arrangements_by_form.png)", ""]
    if focus is not None:
        L += _why_lines(getattr(r.result, "decisions", None), focus)

    if focus is not None and f"focus_{focus}.png" in r.figs:
        L += [
            f"## {focus} in one figure",
            "",
            f"![{focus}: gaps, money, sovereignty and partners](figures/focus_{focus}.png)",
            "",
        ]
    return L


#: Rows per state in the run report's ten largest gaps (else one large state fills them).
GAPS_PER_STATE = 2
#: Rows of the focus state's own largest gaps on the report's first page.
N_FOCUS_GAPS = 5


def holdings_estimate_share(spec: Scenario | None, state: str) -> tuple[float, int] | None:
    """Share of ``state``'s holdings rows that are estimates rather than verified, and the rows.

    Reads the holdings table's ``provenance`` column (``data_verified``, ``data_estimate``,
    ``public_estimate``...): a row is verified when its provenance says so. ``None`` when the
    scenario or the column is not there, or the state has no rows.
    """
    if spec is None or "holdings" not in spec.tables:
        return None
    h = spec.tables["holdings"]
    if "provenance" not in h.columns or "iso3" not in h.columns:
        return None
    rows = h[h["iso3"].astype(str) == state]
    if not len(rows):
        return None
    verified = rows["provenance"].astype(str).str.contains("verified", case=False)
    return float((~verified).mean()), len(rows)


def focus_state_lines(result: RunReportTables, focus: str, spec: Scenario | None) -> list[str]:
    """The focus state on the first page: budget, savings from cooperation and largest gaps.

    Also how much of its starting holdings are estimates rather than verified.
    """
    st = result.states[result.states["state"].astype(str) == focus].sort_values("year")
    first, last = st.iloc[0], st.iloc[-1]
    y0, y1 = int(first["year"]), int(last["year"])
    L = [f"## {focus} at a glance", ""]
    change = float(last["budget"]) / float(first["budget"]) - 1 if float(first["budget"]) else 0
    L.append(
        f"- **Budget.** {focus}'s defence budget goes from USD {money(first['budget'])} million "
        f"in {y0} to USD {money(last['budget'])} million in {y1} "
        f"({100 * change:+.0f} % real, 2012 prices).".replace("(-", "(−")
    )
    L.append(
        f"- **Savings from cooperation.** USD {money(last['savings'])} million in {y1} and "
        f"USD {money(st['savings'].sum())} million over {y0}–{y1}, against fielding the "
        "same capability alone."
    )
    L.append(
        f"- **Gap.** {focus}'s capability gap goes from {pct(first['capability_gap'])} to "
        f"{pct(last['capability_gap'])} of its requirement; autonomy {pct(last['autonomy'])}, "
        f"capacity to act {pct(last['capacity_to_act'])} in {y1}."
    )
    est = holdings_estimate_share(spec, focus)
    if est is not None:
        L.append(
            f"- **Data.** {pct(est[0], 0)} of {focus}'s {est[1]} starting holdings rows are "
            "estimates rather than verified figures (the holdings table's provenance column)."
        )
    caps = result.capabilities
    c = caps[(caps["state"].astype(str) == focus) & (caps["year"] == y1) & (caps["gap"] > 0)]
    c = c.sort_values(["gap", "capability"], ascending=[False, True]).head(N_FOCUS_GAPS)
    L.append("")
    if not len(c):
        return L + [f"{focus} has no capability gap in {y1}.", ""]
    L += [f"{focus}'s largest gaps in {y1} (share of the requirement not fielded):", ""]
    rows = [
        [_nice(str(r.capability)), f"{r.requirement:,.1f}", f"{r.level:,.1f}", pct(r.gap)]
        for r in c.itertuples()
    ]
    return L + md_table(["Area", "Requirement", "Fielded", "Gap"], rows)


def _why_lines(decisions: pd.DataFrame | None, focus: str) -> list[str]:
    """The focus state's new arrangements with their reasons ("why did NLD and DEU integrate?")."""
    rows = focus_decisions(decisions, focus)
    L = [f"## Why {focus}'s arrangements formed", ""]
    if rows.empty:
        return L + [
            f"{focus} formed no new arrangement (`decisions.csv` lists every decision).",
            "",
        ]
    L += [
        "From `decisions.csv` (each proposal, consent, refusal, join, deepening, leave and end, "
        "with both sides' gains by goal and the partner's score by the note's criteria):",
        "",
    ]
    for r in rows.itertuples():
        others = [s for s in r.states.split(";") if s != focus]
        who = f"{focus} and {', '.join(others)}" if others else focus
        verb = FORM_VERBS.get(r.form, r.form)
        line = f"- **{r.year}**: {who} {verb} in {r.capability} ({r.arrangement}, {r.kind})"
        gains = [r.gain_political, r.gain_military, r.gain_financial]
        if not any(pd.isna(g) for g in gains):
            line += (
                f"; gains political {gains[0]:+.3f}, military {gains[1]:+.3f}, "
                f"financial {gains[2]:+.3f}"
            )
        if not pd.isna(r.score_distance):
            line += (
                f"; partner scores: closeness {r.score_distance:.2f}, culture "
                f"{r.score_culture:.2f}, synergy {r.score_synergy:.2f}, goals {r.score_goals:.2f}"
            )
        if r.parliament and r.parliament != "not required":
            line += f"; parliament {r.parliament}"
        if r.reason:
            line += f" — {r.reason}"
        L.append(line + ".")
    return L + [""]


def _arrangement_rows(arr: pd.DataFrame, last_y: int) -> list[str]:
    piv = arr.pivot_table(
        index="form", columns="origin", values="arrangements", aggfunc="sum", fill_value=0
    ).reindex(index=list(FORM_IDS), columns=list(ORIGINS), fill_value=0)
    act = arr.groupby("form")["active_end"].sum().reindex(list(FORM_IDS), fill_value=0)
    rows = [
        [_nice(fm)]
        + [int(piv.loc[fm, o]) for o in ORIGINS]
        + [int(piv.loc[fm].sum()), int(act.loc[fm])]
        for fm in FORM_IDS
    ]
    rows.append(
        ["**total**"]
        + [int(piv[o].sum()) for o in ORIGINS]
        + [int(piv.to_numpy().sum()), int(act.sum())]
    )
    return md_table(
        ["Form", "Existing at start", "Bottom-up", "NATO", "EU", "Total", f"Active in {last_y}"],
        rows,
    )


def _how_to_read() -> list[str]:
    return [
        "## How to read this",
        "",
        "- **Gap**: shortfall against the requirement as a share of it; alliance gaps weight "
        "states by their requirement (and areas by their cost).",
        "- **Savings**: what fielding the same level alone would cost, minus actual spending, "
        f"{MONEY_UNIT}.",
        "- **Autonomy**: share of the fielded capability a state controls alone (100 % = no "
        "dependence on partners).",
        "- **Capacity to act**: expected share of the requirement a state can bring to a "
        "crisis, partners counted with the chance that they join.",
        "- **Going it alone**: the paired counterfactual: same world, budgets, crises and seed, "
        "cooperation switched off.",
        "",
    ]


def write_counterfactual_figure(result: RunReportTables, cf: pd.DataFrame, path: Path) -> Path:
    """Draw the alliance gap and capacity to act with cooperation and going it alone (one run).

    ``cf`` is :func:`model.analysis.counterfactual_table` of the run and its twin.
    """
    a = cf[cf["state"] == "ALL"]
    years = [int(y) for y in a["year"]]
    fig = new_figure(12.0, 4.4)
    body = titled(
        fig,
        "With cooperation and going it alone",
        f"{run_label(result.scenario, result.overrides)}, seed {result.seed}; going it alone: "
        "same world, budgets, crises and seed, cooperation switched off",
    )
    ax1, ax2 = body.subplots(1, 2)
    for ax, col, title in (
        (ax1, "capability_gap", "Alliance capability gap"),
        (ax2, "capacity_to_act", "Capacity to act"),
    ):
        ax.plot(years, a[col], color="#0072B2", linewidth=1.8, label="with cooperation")
        ax.plot(
            years,
            a[f"{col}_alone"],
            color="0.3",
            linestyle="--",
            linewidth=1.6,
            label="going it alone",
        )
        ax.fill_between(years, a[col], a[f"{col}_alone"], color="#0072B2", alpha=0.12, linewidth=0)
        ax.set_title(title, loc="left", fontsize=10)
        value_axis(ax, HEADLINE_BY_COLUMN[col].kind)
        year_axis(ax, years)
        ax.set_ylim(0, 1.02 if col == "capacity_to_act" else None)
        ax.legend(fontsize=8, frameon=False, loc="best")
    return save_png(fig, path)


def write_run_report(
    result: RunReportTables,
    folder: str | Path,
    spec: Scenario | None = None,
    counterfactual: pd.DataFrame | None = None,
) -> list[Path]:
    """Write ``report.md`` and ``report.html`` for a run into its (temporary) run folder.

    Runs nothing: the go-it-alone comparison is ``counterfactual`` (made by the run layer), and
    is left out of the report without it. Figures already in ``figures/`` are referenced.

    Parameters
    ----------
    result
        The run.
    folder
        The run folder being written (``figures/`` inside it if figures were written).
    spec
        The run's scenario (units and unit costs of the areas), or None.
    counterfactual
        :func:`model.analysis.counterfactual_table` of the run and its go-it-alone twin, or None.

    Returns
    -------
    list of pathlib.Path
        The report files.
    """
    folder = Path(folder)
    fig_dir = folder / "figures"
    figures = sorted(p.name for p in fig_dir.glob("*.png")) if fig_dir.is_dir() else []
    md = run_report_markdown(result, figures, spec, counterfactual)
    title = f"coopsim: {run_label(result.scenario, result.overrides)}, seed {result.seed}"
    return _write_both(md, folder, title)


def _write_both(md: str, folder: Path, title: str) -> list[Path]:
    md_path, html_path = folder / "report.md", folder / "report.html"
    md_path.write_text(md, encoding="utf-8")
    html_path.write_text(md_to_html(md, folder, title), encoding="utf-8")
    return [md_path, html_path]


# ================================================================== the compare report
def _band_cell(b: pd.Series, kind: str, diff: bool = False) -> str:
    if kind == "share":
        f = (lambda x: pp(x)) if diff else (lambda x: pct(x))
    elif kind == "money":
        f = lambda x: money(x, sign=diff)  # noqa: E731
    else:
        f = lambda x: f"{_z(x, 1):{'+' if diff else ''}.1f}"  # noqa: E731
    return f"{f(b['mean'])} ({f(b['p5'])} to {f(b['p95'])})"


def _amount(x: float, h: Headline) -> str:
    if h.kind == "share":
        return f"{100 * abs(x):.1f} percentage points"
    if h.kind == "money":
        return f"USD {abs(x):,.0f} million (2012 prices)"
    return f"{abs(x):.1f}"


def _end(x: float, h: Headline) -> str:
    """One end of a band as a plain amount and direction: "4.8 lower"."""
    if h.kind == "share":
        v = f"{100 * abs(x):.1f} points"
    elif h.kind == "money":
        v = f"USD {abs(x):,.0f} million"
    else:
        v = f"{abs(x):.1f}"
    return "no difference" if x == 0 else f"{v} {'higher' if x > 0 else 'lower'}"


def sentence(comp: ComparisonTables, h: Headline, year: int) -> str:
    """One plain-language sentence on the paired difference B - A of a headline in a year.

    E.g. "coordinated_cuts leaves the 2030 **alliance capability gap** 3.1 percentage points
    lower than austerity_2012 (5–95 % over 20 paired seeds: from 4.8 to
    1.2 points lower) -- robust (the band excludes zero), better for coordinated_cuts."
    """
    s = comp.summary
    row = s[(s["metric"] == h.column) & (s["year"] == year) & (s["side"] == "B-A")].iloc[0]
    a_lab, b_lab, n = comp.labels["A"], comp.labels["B"], int(row["n"])
    mean, lo, hi = float(row["mean"]), float(row["p5"]), float(row["p95"])
    what = f"**{h.label}**"
    tiny = 5e-4 if h.kind == "share" else 0.5 if h.kind == "money" else 0.05
    if abs(lo) < tiny and abs(hi) < tiny:
        return f"{b_lab} and {a_lab} give the same {year} {what} on all {n} paired seeds."
    robust = lo > 0 or hi < 0
    if abs(mean) < tiny:
        text = f"{b_lab} leaves the {year} {what} about the same as {a_lab}"
    else:
        way = "higher" if mean > 0 else "lower"
        text = f"{b_lab} leaves the {year} {what} {_amount(mean, h)} {way} than {a_lab}"
    text += f" (5–95 % over {n} paired seeds: from {_end(lo, h)} to {_end(hi, h)})"
    if robust:
        text += " — robust: the band excludes zero"
        if h.better:
            good = (mean < 0) == (h.better == "lower")
            text += f"; {'better' if good else 'worse'} for {b_lab}"
    else:
        text += " — not robust"
    return text + "."


def verdict(comp: ComparisonTables, year: int) -> str:
    """One line: which headline differences are robust (band excludes zero) in ``year``."""
    s = comp.summary
    d = s[(s["year"] == year) & (s["side"] == "B-A")].set_index("metric")
    robust = [
        h
        for h in HEADLINES
        if float(d.loc[h.column, "p5"]) > 0 or float(d.loc[h.column, "p95"]) < 0
    ]
    n = len(comp.seeds)
    if not robust:
        return (
            f"**Verdict for {year}:** on none of the headlines below do {comp.labels['B']} "
            f"and {comp.labels['A']} differ robustly over {n} paired seeds; the differences "
            "are within seed-to-seed variation (more seeds may separate them)."
        )
    names = ", ".join(h.label for h in robust)
    return (
        f"**Verdict for {year}:** {comp.labels['B']} differs robustly from "
        f"{comp.labels['A']} over {n} paired seeds on: {names}. The other headlines are "
        "within seed-to-seed variation."
    )


def compare_report_markdown(comp: ComparisonTables, figures: Sequence[str] = ()) -> str:
    """Write the comparison's one-page report as markdown.

    Parameters
    ----------
    comp
        The comparison.
    figures
        File names present in ``figures/``.

    Returns
    -------
    str
        Markdown.
    """
    figs = set(figures)
    ky = key_year(comp.at)
    L = _compare_intro(comp)
    if comp.focus_state is not None and len(comp.focus):
        L += _planner_section(comp)
    L += [f"## In short ({ky})", "", verdict(comp, ky), ""]
    L += [f"- {sentence(comp, h, ky)}" for h in HEADLINES]
    L.append("")
    L += _headline_tables(comp)
    L += _compare_figures(figs)
    if len(comp.focus) and comp.focus_capability:
        L += _focus_section(comp, figs)
    L += _partners_section(comp)
    L += _gaps_section(comp)
    L += _arrangements_section(comp)
    L += _compare_method(comp)
    L += _how_to_read()
    return "\n".join(L).rstrip() + "\n"


#: The compare report's one statistic, stated once at its top (text, tables and figures use it).
STATISTIC = (
    "Every figure, table and sentence below is the **mean over seeds**, with the **5–95 % "
    "band** (5th to 95th percentile over seeds) in brackets or shaded; differences B − A are "
    "taken per seed, then summarised the same way. A difference is **not robust** when its "
    "band includes zero (the seeds disagree on its direction); **robust** when it excludes zero."
)


def _compare_intro(comp: ComparisonTables) -> list[str]:
    """The title, what was compared (each side in words, with its budget) and the statistic."""
    A, B = comp.labels["A"], comp.labels["B"]
    n, (y0, y1) = len(comp.seeds), comp.years
    L = [
        f"# {B} against {A}",
        "",
        f"{n} paired seeds (seed *i* runs in both scenarios, so each seed's difference "
        f"B − A removes the shared luck), {y0}–{y1}. Money is in {MONEY_UNIT}; gaps, "
        "autonomy and capacity to act are shares, written as %; differences of shares are in "
        "percentage points (pp). *Savings from cooperation* are what cooperating saves against "
        "*going it alone*: the same world, budgets, crises and seed with cooperation switched "
        "off (not budget cuts).",
        "",
        STATISTIC,
        "",
    ]
    for side in ("A", "B"):
        desc = comp.descriptions.get(side, "")
        L.append(
            f"- **{side}** = {comp.labels[side]} ({Path(comp.scenarios[side]).name})"
            + (f": {desc}" if desc else "")
        )
    L += ["", *_budget_lines(comp), ""]
    return L


def _budget_lines(comp: ComparisonTables) -> list[str]:
    """The total defence budget of both sides in the last reported year, and the difference."""
    s = comp.summary
    year = key_year(comp.at)
    rows = s[(s["metric"] == "budget_total") & (s["year"] == year)].set_index("side")
    if not {"A", "B", "B-A"} <= set(rows.index):
        return []
    a, b = float(rows.loc["A", "mean"]), float(rows.loc["B", "mean"])
    change = rows.loc["B-A"].get("change_pct", np.nan)
    if _nan(change) or abs(float(change)) < 0.05:
        rel = "the same in both" if a == b else f"B − A {money(b - a, sign=True)}"
    else:
        rel = f"{abs(float(change)):.0f} % {'lower' if b < a else 'higher'} in B"
    return [
        f"**Budget:** the total defence budget in {year} is {money(a)} in A and {money(b)} in "
        f"B ({MONEY_UNIT}): {rel}."
    ]


def _headline_tables(comp: ComparisonTables) -> list[str]:
    """One table per reported year: each headline (and the budget) for A, B and B − A."""
    A, B = comp.labels["A"], comp.labels["B"]
    s = comp.summary
    heads = [HEADLINE_BY_COLUMN["budget_total"]] if "budget_total" in set(s["metric"]) else []
    heads += list(HEADLINES)
    L = ["## Headline figures", ""]
    for year in comp.at:
        rows = []
        for h in heads:
            unit = f" ({MONEY_UNIT})" if h.kind == "money" else ""
            cells = [h.label[0].upper() + h.label[1:] + unit]
            for side in ("A", "B", "B-A"):
                r = s[(s["metric"] == h.column) & (s["year"] == year) & (s["side"] == side)]
                cells.append(_band_cell(r.iloc[0], h.kind, side == "B-A"))
            rows.append(cells)
        L += [f"### {year}", ""]
        L += md_table(["Headline", f"A: {A}", f"B: {B}", "B − A (paired)"], rows)
    return L


def _compare_figures(figs: set[str]) -> list[str]:
    L: list[str] = []
    for name, alt in (
        ("bands.png", "Headline figures over time, mean and 5–95 % band"),
        ("difference.png", "Paired difference B − A over time, mean and 5–95 % band"),
        ("counterfactual.png", "Gap with cooperation and going it alone"),
    ):
        if name in figs:
            L += [f"![{alt}](figures/{name})", ""]
    return L


def _compare_method(comp: ComparisonTables) -> list[str]:
    n = len(comp.seeds)
    return [
        "## Method",
        "",
        f"- Seeds 1 to {n} run in both scenarios; each scenario's run is paired with its "
        "go-it-alone twin on the same seed.",
        "- Bands are the 5th and 95th percentiles over seeds (linear interpolation); lines and "
        "table values are means over seeds (see the top of this report).",
        "- Tables: `runs.csv` (per run and year), `summary.csv` (this table, with the budget "
        "and `change_pct`), `differences.csv` (B − A per seed and year), `partners.csv`, "
        "`largest_gaps.csv`, `arrangements.csv`"
        + (", `focus.csv`" if len(comp.focus) else "")
        + ".",
        "",
    ]


def _focus_section(comp: ComparisonTables, figs: set[str]) -> list[str]:

    st, cap = comp.focus_state, str(comp.focus_capability)
    unit = comp.units.get(cap, "units")
    f = comp.focus
    L = [
        f"## {st}, {_nice(cap)}: year by year",
        "",
        f"Level is what {st} can field in {_nice(cap)} ({unit}), own level what it holds "
        "alone; savings, autonomy and capacity to act are for the state as a whole.",
        "",
    ]
    metrics = [
        ("requirement", f"Requirement ({unit})", "units"),
        ("level", f"Level ({unit})", "units"),
        ("own_level", f"Own level ({unit})", "units"),
        ("level_alone", f"Level going it alone ({unit})", "units"),
        ("gap", f"Gap in {_nice(cap)}", "share"),
        ("savings_cumulative", f"Cumulative savings ({MONEY_UNIT})", "money"),
        ("autonomy", "Autonomy", "share"),
        ("capacity_to_act", "Capacity to act", "share"),
    ]
    a = f[f["side"] == "A"].set_index(["seed", "year"])
    b = f[f["side"] == "B"].set_index(["seed", "year"])
    for year in comp.at:
        rows = []
        for col, name, kind in metrics:
            cells = [name]
            for side_df in (a, b):
                v = side_df.xs(year, level="year")[col]
                cells.append(_cell_units(band(v), kind))
            d = (b[col] - a[col]).xs(year, level="year")
            cells.append(_cell_units(band(d), kind, diff=True))
            rows.append(cells)
        L += [f"### {year}", ""]
        L += md_table(
            ["", f"A: {comp.labels['A']}", f"B: {comp.labels['B']}", "B − A (paired)"], rows
        )
    name = f"focus_{st}_{cap}.png"
    if name in figs:
        L += [f"![{st}, {_nice(cap)}: A against B](figures/{name})", ""]
    return L


def _cell_units(b: dict[str, float], kind: str, diff: bool = False) -> str:
    if kind == "units":
        sg = "+" if diff else ""
        m, lo, hi = (_z(b[k], 1) for k in ("mean", "p5", "p95"))
        return f"{m:{sg},.1f} ({lo:{sg},.1f} to {hi:{sg},.1f})"
    return _band_cell(pd.Series(b), kind, diff)


def _partners_section(comp: ComparisonTables) -> list[str]:
    p = comp.partners
    n = len(comp.seeds)
    L = [
        "## Partners that became strategic",
        "",
        f"Share of the {n} seeds in which a pair became strategic partners at some time, and "
        "the mean first year (over those seeds, rounded to the year).",
        "",
    ]
    if p.empty:
        return L + ["No pair became strategic in either scenario.", ""]

    def table(kind: str, limit: int) -> list[str]:
        d = p[p["kind"] == kind]
        if d.empty:
            return ["None.", ""]
        g = d.groupby(["a", "b", "side"])
        agg = pd.DataFrame(
            {"share": g["seed"].nunique() / n, "first": g["first_year"].mean()}
        ).reset_index()
        wide = agg.pivot_table(index=["a", "b"], columns="side", values=["share", "first"])
        share = wide["share"].reindex(columns=["A", "B"]).fillna(0.0)
        first = wide["first"].reindex(columns=["A", "B"])
        order = share.max(axis=1).sort_values(ascending=False, kind="stable")
        order = order.index[:limit]
        rows = []
        for a, b in order:
            pair = b if kind == "focus" else f"{a}–{b}"
            rows.append(
                [pair]
                + [
                    f"{pct(share.loc[(a, b), s], 0)}"
                    + (f", from {first.loc[(a, b), s]:.0f}" if share.loc[(a, b), s] > 0 else "")
                    for s in ("A", "B")
                ]
            )
        return md_table(
            [
                "Partner" if kind == "focus" else "Pair",
                f"A: {comp.labels['A']}",
                f"B: {comp.labels['B']}",
            ],
            rows,
            ["l", "r", "r"],
        )

    if comp.partners_state:
        L += [f"### {comp.partners_state}", ""] + table("focus", 20)
    L += ["### All states (most frequent)", ""] + table("overall", N_PAIRS_LISTED)
    return L


def _mean_gaps(d: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Gap rows averaged over seeds by ``by``: cost to close, gap, requirement, level, unit."""
    return (
        d.groupby(by)
        .agg(
            cost=("cost_to_close", "mean"),
            gap=("gap", "mean"),
            req=("requirement", "mean"),
            level=("level", "mean"),
            unit=("unit", "first"),
        )
        .reset_index()
    )


def _gaps_section(comp: ComparisonTables) -> list[str]:
    g = comp.gaps
    y1 = comp.years[1]
    L = [
        f"## The ten largest gaps in {y1}",
        "",
        "Mean over seeds of the yearly cost of closing each state × area gap (shortfall × "
        f"yearly cost of one unit at reference unit cost, {MONEY_UNIT}; indicative).",
        "",
    ]
    if g.empty:
        return L + ["No gaps.", ""]
    for side in ("A", "B"):
        d = g[g["side"] == side]
        agg = _mean_gaps(d, ["state", "capability"])
        agg = agg.sort_values(
            ["cost", "gap", "state", "capability"],
            ascending=[False, False, True, True],
            kind="stable",
        ).head(N_LARGEST_GAPS)
        rows = [
            [
                i + 1,
                r.state,
                _nice(r.capability),
                f"{r.req:,.1f} {r.unit}".strip(),
                f"{r.level:,.1f}",
                pct(r.gap),
                money(r.cost),
            ]
            for i, r in enumerate(agg.itertuples())
        ]
        L += [f"### {side}: {comp.labels[side]}", ""]
        L += md_table(
            ["#", "State", "Area", "Requirement", "Level", "Gap", "Cost to close, USD M/yr"],
            rows,
            ["r", "l", "l", "r", "r", "r", "r"],
        )
    return L


def _arrangements_section(comp: ComparisonTables) -> list[str]:
    arr = comp.arrangements
    n = len(comp.seeds)
    L = [
        "## Arrangements by form and origin",
        "",
        f"Mean number per seed over {n} seeds: arrangements that ran (existing at start / "
        f"bottom-up / NATO / EU) and those active in {comp.years[1]}.",
        "",
    ]
    if arr.empty:
        return L + ["None.", ""]
    rows = []
    for fm in (*FORM_IDS, "total"):
        cells = [_nice(fm) if fm != "total" else "**total**"]
        for side in ("A", "B"):
            d = arr[arr["side"] == side]
            if fm != "total":
                d = d[d["form"] == fm]
            by = d.groupby("origin")["arrangements"].sum() / n
            tot = float(by.sum())
            parts = " / ".join(f"{float(by.get(o, 0.0)):.1f}" for o in ORIGINS)
            cells += [f"{tot:.1f} ({parts})", f"{d['active_end'].sum() / n:.1f}"]
        rows.append(cells)
    L += md_table(
        [
            "Form",
            "A: ran (start / bottom-up / NATO / EU)",
            "A: active",
            "B: ran (start / bottom-up / NATO / EU)",
            "B: active",
        ],
        rows,
    )
    return L


# ------------------------------------------------------------------ the planner's view
#: Members listed by name in a report table before "+ n more" (the CSV has them all).
MEMBERS_LISTED = 6


def _members(text: str, state: str | None = None) -> str:
    """Members of an arrangement for a table: the focus state in bold, long lists cut."""
    ms = [m for m in str(text).split(";") if m]
    ms = [m for m in ms if m == state] + [m for m in ms if m != state]  # the state first
    shown = [f"**{m}**" if m == state else m for m in ms[:MEMBERS_LISTED]]
    more = len(ms) - MEMBERS_LISTED
    return ", ".join(shown) + (f" + {more} more" if more > 0 else "")


def focus_metrics(capability: str | None, unit: str) -> list[tuple[str, str, str]]:
    """The planner's numbers as ``(column, name, kind)``: in the area if given, else overall."""
    area = _nice(capability) if capability else "all its areas"
    rows = []
    if capability:
        rows += [
            ("own_level", f"Own level in {area} ({unit})", "units"),
            ("level", f"Level with partners in {area} ({unit})", "units"),
        ]
    rows += [
        ("gap", f"Gap in {area}", "share"),
        ("gap_alone", f"Gap in {area}, going it alone", "share"),
        ("autonomy", "Autonomy (the state as a whole)", "share"),
        ("capacity_to_act", "Capacity to act (the state as a whole)", "share"),
        ("savings", f"Savings from cooperation that year ({MONEY_UNIT})", "money"),
        ("savings_cumulative", f"Savings from cooperation, cumulative ({MONEY_UNIT})", "money"),
        ("spending", f"Spending that year ({MONEY_UNIT})", "money"),
    ]
    return rows


def focus_values(
    focus: pd.DataFrame, side: str, year: int, col: str, base: str | None = None
) -> pd.Series:
    """Per seed: ``col`` on ``side`` in ``year``, or the paired ``side`` − ``base``."""

    def values(sd: str) -> pd.Series:
        d = focus[(focus["side"] == sd) & (focus["year"] == year)]
        return d.set_index("seed")[col]

    v = values(side)
    if base is None:
        return v
    b = values(base)
    both = v.index.intersection(b.index)
    return v.loc[both] - b.loc[both]


def focus_cells(
    focus: pd.DataFrame, side: str, year: int, col: str, kind: str, base: str | None = None
) -> str:
    """One cell: mean (5–95 %) over seeds of ``col`` on ``side`` in ``year``.

    With ``base``: of the paired difference ``side`` − ``base`` (per seed, then summarised).
    """
    return _cell_units(band(focus_values(focus, side, year, col, base)), kind, base is not None)


def robust_line(
    focus: pd.DataFrame, side: str, base: str, year: int, metrics: Sequence[tuple[str, str, str]]
) -> str:
    """Which paired differences ``side`` − ``base`` are robust (their band excludes zero)."""
    robust = []
    for col, name, _kind in metrics:
        if col in focus:
            b = band(focus_values(focus, side, year, col, base))
            if b["p5"] > 0 or b["p95"] < 0:
                robust.append(name[0].lower() + name[1:])
    if not robust:
        return "**None of these differences is robust:** every band includes zero."
    return f"**Robust** (the band excludes zero): {'; '.join(robust)}. The others are not robust."


def formed_rows(
    shares: pd.DataFrame, sides: Sequence[str], state: str | None, with_area: bool
) -> list[list[str]]:
    """Rows of the "what the state formed" table: one per arrangement, a share per side.

    A cell is the share of seeds in which the arrangement ran, and the share in which it had
    ended by the last year when that is not none ("100 %, ended in all").
    """
    if shares.empty:
        return []
    # one row per arrangement on every side: an arrangement of the start year by its id
    sh = shares.assign(ident=shares["name"].where(shares["name"] != "", shares["members"]))
    key = ["capability", "form", "start_year", "ident"]

    def wide_of(col: str) -> pd.DataFrame:
        return sh.pivot_table(
            index=key, columns="side", values=col, aggfunc="first", fill_value=0.0
        ).reindex(columns=list(sides), fill_value=0.0)

    wide, live = wide_of("share_of_seeds"), wide_of("share_active_at_end")
    first = sh.drop_duplicates(key).set_index(key)[["members", "origin", "name"]]
    wide = (
        wide.join(first)
        .reset_index()
        .sort_values(["capability", "start_year", "form", "ident"], kind="stable")
    )
    live = live.reindex(pd.MultiIndex.from_frame(wide[key]))
    rows = []
    for i, d in enumerate(wide.to_dict("records")):
        made = (
            "existing at start"
            if d["origin"] == "initial"
            else ORIGIN_NAMES.get(d["origin"], d["origin"])
        )
        what = _nice(d["form"]) + (f" ({d['name']})" if d["name"] else "")
        cells = ([_nice(d["capability"])] if with_area else []) + [
            what,
            _members(d["members"], state),
            str(d["start_year"]),
            made,
        ]
        for side in sides:
            ran, active = float(d[side]), float(live.iloc[i][side])
            gone = "all" if active == 0 else pct(ran - active, 0)
            cells.append(pct(ran, 0) + (f", ended in {gone}" if active < ran else ""))
        rows.append(cells)
    return rows


def never_formed_text(
    state: str, area: str, label: str, forms: Sequence[str], n: int, about: bool = True
) -> str:
    """The plain flag: the option is about forms the state never formed in any seed."""
    names = " or ".join(_nice(f) for f in forms)
    text = (
        f"**Flag — {label}:** {state} never formed a new {names} arrangement in {area} in any "
        f"of the {n} seeds."
    )
    if about:
        text += (
            f" The differences below are therefore **not** the effect of {state} choosing "
            f"{names} in {area}: they come from what other states did and from the world "
            f"around {state}."
        )
    return text


def _planner_section(comp: ComparisonTables) -> list[str]:
    """The compare report's first section: what the focus state formed and what it gave."""
    st, cap = str(comp.focus_state), comp.focus_capability
    area = _nice(cap) if cap else "any area"
    n, ky = len(comp.seeds), key_year(comp.at)
    A, B = comp.labels["A"], comp.labels["B"]
    L = [
        f"## {st}" + (f", {_nice(cap)}" if cap else " (all areas)") + ": the planner's view",
        "",
        f"### What {st} formed in {area}",
        "",
        f"Every arrangement {st} was a member of in {area}, with the share of the {n} seeds in "
        "which it ran (the same arrangement across seeds: same area, form, start year and "
        "members). Arrangements *existing at start* were in place before the run: no option "
        "chose them.",
        "",
    ]
    fa = comp.focus_arrangements
    if cap is None:  # all areas: the numbers first, then what was formed, by area and form
        L = L[:2] + _planner_numbers(comp, ky) + _focus_gaps_lines(comp) + L[2:]
        L += _formed_by_area_lines(fa, ("A", "B"), comp.labels, n)
        fa_listed = fa[fa["share_of_seeds"] >= LISTED_SHARE]
        L += [
            f"The arrangements that ran in at least {pct(LISTED_SHARE, 0)} of the seeds on a "
            f"side ({fa_listed[KEY_COLS].drop_duplicates().shape[0]} of "
            f"{fa[KEY_COLS].drop_duplicates().shape[0]}; all of them are in "
            "`focus_arrangements.csv`):",
            "",
        ]
    else:
        fa_listed = fa
    rows = formed_rows(fa_listed, ("A", "B"), st, cap is None)
    head = ([] if cap else ["Area"]) + ["Form", "Members", "Start", "Origin", f"A: {A}", f"B: {B}"]
    L += md_table(head, rows, ["l"] * (len(head) - 2) + ["r", "r"]) if rows else ["None.", ""]
    idle = [
        f"**{side}** ({comp.labels[side]})"
        for side in ("A", "B")
        if fa.empty or not (fa["side"].eq(side) & fa["formed_in_run"].astype(bool)).any()
    ]
    if idle:
        kept = ": it kept those existing at the start." if len(fa) else "."
        L += [
            f"Under {' and under '.join(idle)}, {st} formed **no new arrangement** in {area} "
            f"in any seed{kept}",
            "",
        ]
    for side in ("A", "B"):
        forms = comp.never_formed.get(side, [])
        if forms:
            L += [never_formed_text(st, area, f"{side} ({comp.labels[side]})", forms, n), ""]
    if cap is not None:
        L += _planner_numbers(comp, ky)
    return L


#: Without an area, the planner's view lists by name only the arrangements that ran in at least
#: this share of the seeds on a side (the rest are counted by area and form, and in the CSV).
LISTED_SHARE = 0.5
#: What identifies one arrangement across seeds in ``focus_arrangements.csv``.
KEY_COLS = ["capability", "form", "start_year", "members", "name"]


def _formed_by_area_lines(
    fa: pd.DataFrame, sides: Sequence[str], labels: dict[str, str], n: int
) -> list[str]:
    """New arrangements per seed by area and form, per side (the mean over the ``n`` seeds).

    The mean count per seed is the sum, over the arrangements formed in the run, of the share
    of seeds in which each formed.
    """
    new = fa[fa["formed_in_run"].astype(bool)]
    L = [
        f"New arrangements formed in the run, per seed (mean over the {n} seeds), by area "
        "and form:",
        "",
    ]
    if new.empty:
        return L + ["None.", ""]
    per = new.pivot_table(
        index=["capability", "form"],
        columns="side",
        values="share_of_seeds",
        aggfunc="sum",
        fill_value=0.0,
    ).reindex(columns=list(sides), fill_value=0.0)
    rows = [
        [_nice(c), _nice(f)] + [f"{per.loc[(c, f), s]:.2f}" for s in sides] for c, f in per.index
    ]
    head = ["Area", "Form"] + [f"{s}: {labels[s]}" for s in sides]
    return L + md_table(head, rows, ["l", "l"] + ["r"] * len(sides))


def _planner_numbers(comp: ComparisonTables, year: int) -> list[str]:
    """The focus state's numbers in the key year: A, B and the paired difference B − A."""
    st, cap = str(comp.focus_state), comp.focus_capability
    unit = comp.units.get(str(cap), "units")
    f = comp.focus
    rows = [
        [name]
        + [focus_cells(f, side, year, col, kind) for side in ("A", "B")]
        + [focus_cells(f, "B", year, col, kind, base="A")]
        for col, name, kind in focus_metrics(cap, unit)
        if col in f
    ]
    L = [
        f"### What it cost and gave {st} ({year})",
        "",
        "Mean over seeds (5–95 % band). *Savings from cooperation* are against the same "
        "state going it alone, not budget cuts.",
        "",
    ]
    L += md_table(["", f"A: {comp.labels['A']}", f"B: {comp.labels['B']}", "B − A (paired)"], rows)
    return L + [robust_line(f, "B", "A", year, focus_metrics(cap, unit)), ""]


def _focus_gaps_lines(comp: ComparisonTables) -> list[str]:
    """The focus state's own largest gaps in the last year, mean over seeds, per side."""
    g = comp.focus_gaps
    st, y1 = comp.focus_state, comp.years[1]
    L = [f"### {st}'s own largest gaps in {y1}", ""]
    if g is None or g.empty:
        return L + ["None.", ""]
    L += [
        f"Yearly cost of closing each of {st}'s gaps (shortfall × yearly cost of one unit, "
        f"{MONEY_UNIT}; indicative), mean over the seeds in which the area is among {st}'s "
        "ten largest.",
        "",
    ]
    for side in ("A", "B"):
        d = g[g["side"] == side]
        agg = _mean_gaps(d, ["capability"])
        agg = agg.sort_values(["cost", "capability"], ascending=[False, True], kind="stable")
        rows = [
            [
                _nice(r.capability),
                f"{r.req:,.1f} {r.unit}".strip(),
                f"{r.level:,.1f}",
                pct(r.gap),
                money(r.cost),
            ]
            for r in agg.head(N_LARGEST_GAPS).itertuples()
        ]
        L += [f"**{side}: {comp.labels[side]}**", ""]
        L += md_table(["Area", "Requirement", "Level", "Gap", "Cost to close, USD M/yr"], rows)
    return L


def write_compare_report(comp: ComparisonTables, folder: str | Path) -> list[Path]:
    """Write ``report.md`` and ``report.html`` of a comparison into its (temporary) folder."""
    folder = Path(folder)
    fig_dir = folder / "figures"
    figures = sorted(p.name for p in fig_dir.glob("*.png")) if fig_dir.is_dir() else []
    md = compare_report_markdown(comp, figures)
    return _write_both(md, folder, f"coopsim: {comp.labels['B']} against {comp.labels['A']}")


# ================================================================== markdown -> html
CSS = """
body{font:15px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1a1a1a;
max-width:1040px;margin:2em auto;padding:0 1.2em}
h1{font-size:1.7em;border-bottom:2px solid #0072B2;padding-bottom:.2em}
h2{font-size:1.3em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.15em}
h3{font-size:1.08em;margin-top:1.3em}
table{border-collapse:collapse;margin:.6em 0 1em;font-size:.92em}
th,td{border-bottom:1px solid #e3e3e3;padding:.3em .7em;vertical-align:top}
th{background:#f3f6f9;text-align:left;border-bottom:2px solid #c9d3dc}
td[align=right],th[align=right]{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr:nth-child(even) td{background:#fafbfc}
figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{color:#555;font-size:.9em}
code{background:#f2f2f2;padding:0 .25em;border-radius:3px;font-size:.92em}
li{margin:.25em 0}
""".strip()


class _Figures(Treeprocessor):
    """Turn each paragraph that is a lone image into a ``<figure>`` with the PNG embedded."""

    def __init__(self, md: markdown.Markdown, base: Path) -> None:
        super().__init__(md)
        self.base = base

    def run(self, root: Element) -> None:
        """Rewrite the tree in place."""
        for p in root.iter("p"):
            kids = list(p)
            if len(kids) != 1 or kids[0].tag != "img" or (p.text or "").strip():
                continue
            img = kids[0]
            if (img.tail or "").strip():
                continue
            src, alt = img.get("src", ""), img.get("alt", "")
            path = self.base / src
            p.remove(img)
            if not path.is_file():
                warnings.warn(f"report image {src} not found; left out", stacklevel=2)
                em = p.makeelement("em", {})
                em.text = f"(figure {src} not available)"
                p.append(em)
                continue
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            p.tag = "figure"
            p.append(p.makeelement("img", {"src": f"data:image/png;base64,{data}", "alt": alt}))
            cap = p.makeelement("figcaption", {})
            cap.text = alt
            p.append(cap)


class _ReportExtension(Extension):
    """Embedded figures; raw HTML in the markdown is shown as text, never passed through."""

    def __init__(self, base: Path) -> None:
        super().__init__()
        self.base = base

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 -- markdown's API
        """Register the figure rewriter and drop the raw-HTML handlers."""
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Figures(md, self.base), "coopsim_figures", 0)


def md_to_html(md: str, base: str | Path = ".", title: str = "coopsim report") -> str:
    """Convert a report's markdown to one self-contained HTML page (the ``markdown`` package).

    Pipe tables (``---:`` right-aligned) via the ``tables`` extension; each standalone image
    ``![alt](path)`` becomes a figure with the PNG embedded as base64 from ``base``; raw HTML in
    the text is escaped.

    Parameters
    ----------
    md
        The markdown.
    base
        Folder image paths are relative to.
    title
        The page title.

    Returns
    -------
    str
        HTML5 with inline CSS and no external assets.
    """
    converter = markdown.Markdown(
        extensions=["tables", _ReportExtension(Path(base))],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    body = converter.convert(md)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>\n"
        + body
        + "\n</body></html>\n"
    )
