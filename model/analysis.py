"""Analysis of result tables, shared by the reports and the comparisons.

Pure functions of the run-folder tables (and, for costs, the scenario's data): the go-it-alone
pairing, the 5-95 % bands over seeds and paired differences, the partners that became
strategic, the largest gaps by cost to close, and arrangement counts. They run no simulation
and draw nothing; :mod:`model.reports` writes them as text and :mod:`model.compare` as tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from model import accounting
from model.outputs import RunTables
from model.params import FORM_IDS, Origin

if TYPE_CHECKING:
    from model.scenario import Scenario

__all__ = [
    "ALLIANCE",
    "BAND",
    "BUDGET",
    "COOPERATION_OFF",
    "DIFF",
    "HEADLINES",
    "HEADLINE_BY_COLUMN",
    "N_LARGEST_GAPS",
    "SIDES",
    "Headline",
    "area_costs",
    "arrangement_counts",
    "never_formed",
    "seed_shares",
    "state_arrangements",
    "FOCUS_ARRANGEMENT_COLUMNS",
    "band",
    "sovereignty_verdict",
    "counterfactual_table",
    "default_at_years",
    "largest_gaps",
    "override_phrases",
    "paired_differences",
    "run_label",
    "strategic_pairs",
    "summary_table",
]

#: ``state`` of the alliance-wide rows in :func:`counterfactual_table`.
ALLIANCE = "ALL"
#: The parameter that switches cooperation off for the go-it-alone counterfactual.
COOPERATION_OFF = {"cooperation.enabled": False}
DEFAULT_AT = (2020, 2025, 2030)
SIDES = ("A", "B")
DIFF = "B-A"
#: The uncertainty band over seeds, in percentiles.
BAND = (5.0, 95.0)
#: Rows of the largest-gaps table in the reports.
N_LARGEST_GAPS = 10


# ------------------------------------------------------------------ go-it-alone counterfactual
@dataclass(frozen=True)
class Headline:
    """A headline figure of the compare table: a ``runs.csv`` column and how to say it.

    Parameters
    ----------
    column
        Column of the per-run table.
    label
        What it is, in words ("alliance capability gap").
    kind
        ``"share"`` (0-1, written as % and differences in percentage points), ``"money"``
        (USD million at 2012 prices) or ``"count"``.
    better
        ``"lower"``, ``"higher"`` or ``""`` (neither: a trade-off, e.g. autonomy).
    """

    column: str
    label: str
    kind: str
    better: str = ""


HEADLINES: tuple[Headline, ...] = (
    Headline("capability_gap", "alliance capability gap", "share", "lower"),
    Headline("gap_closed", "gap closed by cooperation (vs going it alone)", "share", "higher"),
    Headline("savings", "yearly savings from cooperation", "money", "higher"),
    Headline(
        "savings_cumulative",
        "cumulative savings from cooperation since the start",
        "money",
        "higher",
    ),
    Headline("autonomy", "autonomy (share fielded that no partner can withhold)", "share", ""),
    Headline("capacity_to_act", "capacity to act", "share", "higher"),
    Headline("collaborative_share", "collaborative share of equipment spending", "share", ""),
    Headline("arrangements_active", "active arrangements", "count", ""),
)
#: The money each side had: shown beside the headlines (summary.csv, report), not an outcome.
BUDGET = Headline("budget_total", "total defence budget", "money", "")
HEADLINE_BY_COLUMN = {h.column: h for h in (*HEADLINES, BUDGET)}


# ------------------------------------------------------------------ go-it-alone counterfactual
def counterfactual_table(with_coop: RunTables, alone: RunTables) -> pd.DataFrame:
    """Pair a run with its go-it-alone twin: per year and state, gap and cost with vs without.

    Both runs share world, budgets, crises and seed; only ``cooperation.enabled`` differs
    (DOMAIN.md: savings are "against the same state going it alone").

    Parameters
    ----------
    with_coop, alone
        The run and its counterfactual (``cooperation.enabled = false``).

    Returns
    -------
    pandas.DataFrame
        One row per year x state, plus one row per year with ``state == "ALL"`` for the
        alliance (requirement-weighted gap, sums of money). Columns: ``year``, ``state``,
        ``budget``; ``capability_gap`` and ``capability_gap_alone`` (shares in [0, 1]) and
        ``gap_closed = capability_gap_alone - capability_gap`` (share points; positive when
        cooperation closes gaps); ``spending``, ``spending_alone`` and ``cost_difference =
        spending - spending_alone`` (USD million at 2012 prices; near zero when both spend their
        budgets, so the return of cooperation shows as a smaller gap); ``savings`` (the run's own
        measure: cost of fielding its level alone minus spending); ``autonomy``,
        ``autonomy_alone``, ``capacity_to_act``, ``capacity_to_act_alone`` (shares).
    """
    keys = ["year", "state"]
    cols = ["budget", "spending", "savings", "capability_gap", "autonomy", "capacity_to_act"]
    w = with_coop.states[keys + cols].copy()
    a = alone.states[keys + ["spending", "capability_gap", "autonomy", "capacity_to_act"]].copy()
    w["state"] = w["state"].astype(str)
    a["state"] = a["state"].astype(str)
    states = w.merge(a, on=keys, how="left", suffixes=("", "_alone"), validate="one_to_one")

    mw, ma = with_coop.model, alone.model.set_index("year")
    alliance = pd.DataFrame(
        {
            "year": mw["year"].to_numpy(),
            "state": ALLIANCE,
            "budget": mw["budget_total"].to_numpy(),
            "spending": mw["spending_total"].to_numpy(),
            "savings": mw["savings"].to_numpy(),
            "capability_gap": mw["capability_gap"].to_numpy(),
            "autonomy": mw["autonomy"].to_numpy(),
            "capacity_to_act": mw["capacity_to_act"].to_numpy(),
            "spending_alone": ma.loc[mw["year"], "spending_total"].to_numpy(),
            "capability_gap_alone": ma.loc[mw["year"], "capability_gap"].to_numpy(),
            "autonomy_alone": ma.loc[mw["year"], "autonomy"].to_numpy(),
            "capacity_to_act_alone": ma.loc[mw["year"], "capacity_to_act"].to_numpy(),
        }
    )
    out = pd.concat([alliance, states], ignore_index=True)
    out["gap_closed"] = out["capability_gap_alone"] - out["capability_gap"]
    out["cost_difference"] = out["spending"] - out["spending_alone"]
    order = [
        "year",
        "state",
        "budget",
        "capability_gap",
        "capability_gap_alone",
        "gap_closed",
        "spending",
        "spending_alone",
        "cost_difference",
        "savings",
        "autonomy",
        "autonomy_alone",
        "capacity_to_act",
        "capacity_to_act_alone",
    ]
    out["_all"] = out["state"] != ALLIANCE  # alliance row first within each year
    out = out.sort_values(["year", "_all", "state"], kind="stable").drop(columns="_all")
    return out[order].reset_index(drop=True)


# ------------------------------------------------------------------ sovereignty: the trade
#: Percentage points below which a change in autonomy or capacity to act counts as none.
VERDICT_TOLERANCE_PP = 0.1


def sovereignty_verdict(autonomy_given_pp: float, capacity_gained_pp: float) -> str:
    """The sovereignty verdict of cooperation against going it alone, by one stated rule.

    Both terms are percentage points against the go-it-alone twin in the same year: autonomy
    given up (alone minus with cooperation) and capacity to act gained (with minus alone). One
    point of capacity to act is worth one point of autonomy (the AIV's thesis, adopted by the
    note: sovereignty is the capacity to act, freedom of action is what is traded for it).

    - ``strengthened``: capacity gained is positive and at least the autonomy given up;
    - ``traded``: capacity gained is positive but less than the autonomy given up;
    - ``eroded``: autonomy is given up and no capacity is gained;
    - ``unchanged``: neither moves by more than :data:`VERDICT_TOLERANCE_PP`.
    """
    tol = VERDICT_TOLERANCE_PP
    if abs(autonomy_given_pp) < tol and abs(capacity_gained_pp) < tol:
        return "unchanged"
    if capacity_gained_pp >= tol:
        return "strengthened" if capacity_gained_pp >= autonomy_given_pp else "traded"
    if autonomy_given_pp >= tol:
        return "eroded"
    return "unchanged" if capacity_gained_pp > -tol else "eroded"


VERDICT_SENTENCES = {
    "strengthened": "by the report's rule (one point of capacity to act for one of autonomy), "
    "sovereignty is strengthened: the capacity gained outweighs the freedom of action given up.",
    "traded": "by the report's rule (one point of capacity to act for one of autonomy), "
    "sovereignty is traded: capacity to act is gained, but for more autonomy than it returns.",
    "eroded": "by the report's rule, sovereignty is eroded: freedom of action is given up "
    "without a return in capacity to act.",
    "unchanged": "by the report's rule, sovereignty is unchanged: neither autonomy nor capacity "
    "to act moves by more than a tenth of a point.",
}


# ------------------------------------------------------------------ statistics over seeds
def band(values: Iterable[float]) -> dict[str, float]:
    """Mean, median and the 5-95 % band (linear-interpolated percentiles) of seed values."""
    v = np.asarray(list(values), dtype=float)
    if v.size == 0:
        return {"n": 0, "mean": np.nan, "p5": np.nan, "p50": np.nan, "p95": np.nan}
    lo, mid, hi = np.percentile(v, [BAND[0], 50.0, BAND[1]])
    return {
        "n": int(v.size),
        "mean": float(v.mean()),
        "p5": float(lo),
        "p50": float(mid),
        "p95": float(hi),
    }


def paired_differences(runs: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Per seed and year, B - A of the headline columns (the two sides share the seed).

    Parameters
    ----------
    runs
        The per-run table (``side``, ``seed``, ``year`` and the columns).
    columns
        Columns to difference (default: every headline).

    Returns
    -------
    pandas.DataFrame
        ``seed``, ``year`` and one column per headline, sorted by seed and year; only seeds and
        years present on both sides.
    """
    cols = list(columns or [h.column for h in HEADLINES])
    a = runs[runs["side"] == "A"].set_index(["seed", "year"])[cols]
    b = runs[runs["side"] == "B"].set_index(["seed", "year"])[cols]
    both = a.index.intersection(b.index)
    diff = (b.loc[both] - a.loc[both]).sort_index()
    return diff.reset_index()


def default_at_years(span: tuple[int, int]) -> list[int]:
    """2020, 2025, 2030 and the last year, those inside ``span``."""
    years = [y for y in DEFAULT_AT if span[0] <= y <= span[1]] + [span[1]]
    return sorted(set(years))


def summary_table(runs: pd.DataFrame, labels: dict[str, str], at: Sequence[int]) -> pd.DataFrame:
    """The headline table: mean and 5-95 % band over seeds per scenario and for B - A.

    Parameters
    ----------
    runs
        The per-run table.
    labels
        ``{"A": label, "B": label}``.
    at
        Years to report.

    Returns
    -------
    pandas.DataFrame
        One row per headline x year x side (``A``, ``B``, ``B-A``) with ``metric``, ``year``,
        ``side``, ``scenario`` (the label, or ``"<B> - <A>"``), ``n``, ``mean``, ``p5``,
        ``p50``, ``p95``, ``unit`` and ``change_pct`` (B − A rows: the mean difference as % of
        A's mean). The total defence budget (``budget_total``) comes first when ``runs`` has it.
    """
    heads = ([BUDGET] if BUDGET.column in runs else []) + list(HEADLINES)
    diffs = paired_differences(runs, [h.column for h in heads])
    rows = []
    for h in heads:
        for year in at:
            for side in (*SIDES, DIFF):
                if side == DIFF:
                    vals = diffs.loc[diffs["year"] == year, h.column]
                    name = f"{labels['B']} - {labels['A']}"
                else:
                    sel = (runs["side"] == side) & (runs["year"] == year)
                    vals = runs.loc[sel, h.column]
                    name = labels[side]
                rows.append(
                    {
                        "metric": h.column,
                        "year": int(year),
                        "side": side,
                        "scenario": name,
                        **band(vals),
                        "unit": _unit(h, side == DIFF),
                    }
                )
    out = pd.DataFrame(rows)
    a_mean = out[out["side"] == "A"].set_index(["metric", "year"])["mean"]
    key = pd.MultiIndex.from_frame(out[["metric", "year"]])
    base = a_mean.reindex(key).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        pct_ = 100 * out["mean"].to_numpy() / np.abs(base)
    out["change_pct"] = np.where((out["side"] == DIFF) & (np.abs(base) > 0), pct_, np.nan)
    return out


def _unit(h: Headline, diff: bool) -> str:
    if h.kind == "share":
        return "share points (x100 = percentage points)" if diff else "share (x100 = %)"
    if h.kind == "money":
        return "USD million (2012 prices)"
    return "count"


# ------------------------------------------------------------------ one run's tables
#: Columns of the largest-gaps table.
GAP_COLUMNS = (
    "year",
    "state",
    "capability",
    "unit",
    "requirement",
    "level",
    "own_level",
    "gap",
    "shortfall",
    "cost_to_close",
)


def strategic_pairs(circles: pd.DataFrame, focus_state: str | None = None) -> pd.DataFrame:
    """First year each pair of states was strategic partners, overall and for one state.

    Overall, a pair counts as strategic in a year when either state puts the other in its
    strategic circle (as the partner-network figure draws it); for the focus state, when the
    focus state puts the partner there (its own view, note § Samenwerkingspartners).

    Parameters
    ----------
    circles
        ``circles.csv``: ``year``, ``state``, ``partner``, ``circle``.
    focus_state
        ISO3 code, or None for the overall rows only.

    Returns
    -------
    pandas.DataFrame
        ``kind`` (``"focus"`` or ``"overall"``), ``a``, ``b`` (``a`` the focus state, or the
        alphabetically first), ``first_year``, ``years_strategic`` and ``strategic_at_end``
        (still strategic in the last year), sorted by kind, first year and pair.
    """
    cols = ["kind", "a", "b", "first_year", "years_strategic", "strategic_at_end"]
    if circles.empty:
        return pd.DataFrame(columns=cols)
    last = int(circles["year"].max())
    s = circles.loc[circles["circle"].astype(str) == "strategic", ["year", "state", "partner"]]
    st, pa = s["state"].astype(str).to_numpy(), s["partner"].astype(str).to_numpy()
    frames = []
    if focus_state is not None:
        mine = st == focus_state
        frames.append(
            (
                "focus",
                pd.DataFrame({"year": s["year"].to_numpy()[mine], "a": st[mine], "b": pa[mine]}),
            )
        )
    frames.append(
        (
            "overall",
            pd.DataFrame(
                {"year": s["year"].to_numpy(), "a": np.minimum(st, pa), "b": np.maximum(st, pa)}
            ),
        )
    )
    out = []
    for kind, df in frames:
        if df.empty:
            continue
        g = df.drop_duplicates().groupby(["a", "b"], sort=True)["year"]
        agg = pd.DataFrame(
            {
                "first_year": g.min(),
                "years_strategic": g.nunique(),
                "strategic_at_end": g.max() == last,
            }
        ).reset_index()
        agg.insert(0, "kind", kind)
        out.append(agg)
    if not out:
        return pd.DataFrame(columns=cols)
    res = pd.concat(out, ignore_index=True)[cols]
    res["first_year"] = res["first_year"].astype(int)
    res["years_strategic"] = res["years_strategic"].astype(int)
    return res.sort_values(["kind", "first_year", "a", "b"], kind="stable").reset_index(drop=True)


def area_costs(spec: Scenario | None) -> pd.DataFrame:
    """Per capability area: its unit and the yearly cost of one unit at reference scale.

    The unit's yearly cost is recapitalisation plus operating (USD million, 2012 prices), as
    the model weighs areas (:func:`model.accounting.unit_running_costs`).
    """
    if spec is None or "capabilities" not in spec.tables:
        return pd.DataFrame(columns=["capability", "unit", "unit_running"])
    c = spec.tables["capabilities"]
    running = accounting.unit_running_costs(spec)
    return pd.DataFrame(
        {
            "capability": c["id"].astype(str).to_numpy(),
            "unit": c["unit"].astype(str).to_numpy() if "unit" in c else "",
            "unit_running": np.array([running[k] for k in c["id"].astype(str)], dtype=float),
        }
    )


def largest_gaps(
    run: RunTables,
    spec: Scenario | None = None,
    n: int | None = N_LARGEST_GAPS,
    per_state: int | None = None,
) -> pd.DataFrame:
    """The largest state x area gaps of the last year, by the yearly cost of closing them.

    A share ranking alone would be led by small states missing areas they barely need; ranking
    by shortfall (in units) times the yearly cost of one unit shows where the money is.

    Parameters
    ----------
    run
        A run's tables (``capabilities``: ``year``, ``state``, ``capability``, ``requirement``,
        ``level``, ``own_level``, ``gap``).
    spec
        The scenario, for units and unit costs; without it the ranking is by shortfall share
        times requirement.
    n
        Rows to keep (None: all).
    per_state
        At most this many rows per state (None: no limit), so that one large state's gaps do
        not fill the table.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``state``, ``capability``, ``unit``, ``requirement``, ``level``,
        ``own_level``, ``gap`` (share), ``shortfall`` (units) and ``cost_to_close`` (USD
        million a year at reference unit cost; NaN without ``spec``), largest first.
    """
    caps = run.capabilities
    if caps.empty:
        return pd.DataFrame(columns=list(GAP_COLUMNS))
    last = int(caps["year"].max())
    df = caps.loc[
        caps["year"] == last,
        ["year", "state", "capability", "requirement", "level", "own_level", "gap"],
    ].copy()
    df["state"] = df["state"].astype(str)
    df["capability"] = df["capability"].astype(str)
    df["shortfall"] = (df["requirement"] - df["level"]).clip(lower=0.0)
    info = area_costs(spec)
    df = df.merge(info, on="capability", how="left")
    df["unit"] = df["unit"].fillna("")
    df["cost_to_close"] = df["shortfall"] * df["unit_running"]
    key = df["cost_to_close"] if df["cost_to_close"].notna().any() else df["shortfall"]
    df = df.assign(_key=key.fillna(0.0)).sort_values(
        ["_key", "gap", "state", "capability"], ascending=[False, False, True, True], kind="stable"
    )
    if per_state is not None:
        df = df[df.groupby("state", sort=False).cumcount() < per_state]
    df = df[list(GAP_COLUMNS)].reset_index(drop=True)
    return df if n is None else df.head(n)


def arrangement_counts(arrangements: pd.DataFrame) -> pd.DataFrame:
    """Arrangements by form and origin: how many ran, how many are active at the end.

    Returns
    -------
    pandas.DataFrame
        One row per form x origin (all 6 x 4, zeros included): ``form``, ``origin``,
        ``arrangements`` (ever ran) and ``active_end`` (no ``end_year``).
    """
    grid = pd.MultiIndex.from_product(
        [FORM_IDS, [o.value for o in Origin]], names=["form", "origin"]
    )
    a = arrangements
    if a.empty:
        out = pd.DataFrame(index=grid, data={"arrangements": 0, "active_end": 0})
        return out.reset_index()
    end = a["end_year"]
    active = end.isna() | (end.astype(str).str.strip().isin(["", "nan", "None"]))
    df = pd.DataFrame(
        {
            "form": a["form"].astype(str),
            "origin": a["origin"].astype(str),
            "active": active.astype(int),
        }
    )
    g = df.groupby(["form", "origin"])
    out = pd.DataFrame({"arrangements": g.size(), "active_end": g["active"].sum()})
    out = out.reindex(grid, fill_value=0).astype(int)
    return out.reset_index()


# ------------------------------------------------------------------ the planner's view
#: Columns of a compare folder's ``focus_arrangements.csv`` (contract: per side, the
#: arrangements the focus state formed, in its area, with the share of seeds).
FOCUS_ARRANGEMENT_COLUMNS = (
    "side",
    "scenario",
    "state",
    "capability",
    "form",
    "members",
    "start_year",
    "origin",
    "name",
    "formed_in_run",
    "seeds_formed",
    "seeds",
    "share_of_seeds",
    "share_active_at_end",
)
#: What identifies one arrangement across seeds (seeds are separate worlds, so the ids of new
#: arrangements differ): area, form, start year and the sorted members -- or, for an
#: arrangement of the start year, its id in the data (states may join it in some seeds only).
ARRANGEMENT_KEY = ("capability", "form", "start_year", "ident")


def state_arrangements(
    arrangements: pd.DataFrame, state: str, capability: str | None = None
) -> pd.DataFrame:
    """The arrangements of one run that ``state`` was a member of (in ``capability``, if given).

    Returns
    -------
    pandas.DataFrame
        One row per arrangement: ``state``, ``capability``, ``form``, ``members`` (everyone
        who was in it, sorted, joined by ``;``), ``start_year``, ``origin``, ``name`` (the
        data's id of an arrangement of the start year, else empty) and ``active_end`` (no
        ``end_year``), ordered by area, start year, form and members.
    """
    cols = ["state", "capability", "form", "members", "start_year", "origin", "name", "active_end"]
    a = arrangements
    if a.empty:
        return pd.DataFrame(columns=cols)
    members = a["members"].astype(str).str.split(";")
    mine = members.map(lambda ms: state in ms).astype(bool)
    if capability is not None:
        mine &= a["capability"].astype(str) == capability
    a, members = a.loc[mine], members.loc[mine]
    end = a["end_year"].astype(str).str.strip()
    out = pd.DataFrame(
        {
            "state": state,
            "capability": a["capability"].astype(str),
            "form": a["form"].astype(str),
            "members": members.map(lambda ms: ";".join(sorted(m for m in ms if m))),
            "start_year": a["start_year"].astype(int),
            "origin": a["origin"].astype(str),
            "name": a["id"].astype(str).where(a["origin"].astype(str) == "initial", ""),
            "active_end": end.isin(["", "nan", "None", "<NA>"]),
        },
        columns=cols,
    )
    return out.sort_values(
        ["capability", "start_year", "form", "members"], kind="stable"
    ).reset_index(drop=True)


def seed_shares(rows: pd.DataFrame, n_seeds: int) -> pd.DataFrame:
    """Per side, each arrangement the state formed and the share of seeds in which it formed.

    An arrangement is identified across seeds by :data:`ARRANGEMENT_KEY`: area, form, start
    year and sorted members, or the data's id for one of the start year (whose members may
    differ between seeds as states join or leave); its ``members`` are those of the first seed
    it formed in.

    Parameters
    ----------
    rows
        :func:`state_arrangements` rows of every run, with ``side``, ``scenario`` and ``seed``.
    n_seeds
        Seeds run per side (the denominator of the share).

    Returns
    -------
    pandas.DataFrame
        :data:`FOCUS_ARRANGEMENT_COLUMNS`: ``formed_in_run`` is false for arrangements that
        existed at the start (origin ``initial``); ``share_active_at_end`` is over all seeds.
        Ordered by side, share (largest first), area, start year, form and members.
    """
    if rows.empty:
        return pd.DataFrame(columns=list(FOCUS_ARRANGEMENT_COLUMNS))
    rows = rows.assign(ident=rows["name"].where(rows["name"] != "", rows["members"]))
    keys = ["side", "scenario", "state", *ARRANGEMENT_KEY]
    g = rows.groupby(keys, sort=True)
    out = pd.DataFrame(
        {
            "members": g["members"].first(),
            "name": g["name"].first(),
            # one origin per key: "initial" wins (it existed before the run in every seed)
            "origin": g["origin"].agg(lambda o: "initial" if (o == "initial").any() else o.min()),
            "seeds_formed": g["seed"].nunique(),
        }
    )
    live = rows[rows["active_end"].astype(bool)].groupby(keys, sort=True)["seed"].nunique()
    out["active"] = live.reindex(out.index, fill_value=0)
    out = out.reset_index()
    out["formed_in_run"] = out["origin"] != "initial"
    out["seeds"] = int(n_seeds)
    out["share_of_seeds"] = out["seeds_formed"] / max(int(n_seeds), 1)
    out["share_active_at_end"] = out["active"] / max(int(n_seeds), 1)
    out = out.sort_values(
        ["side", "share_of_seeds", "capability", "start_year", "form", "members"],
        ascending=[True, False, True, True, True, True],
        kind="stable",
    )
    return out[list(FOCUS_ARRANGEMENT_COLUMNS)].reset_index(drop=True)


def never_formed(shares: pd.DataFrame, side: str, forms: Iterable[str]) -> list[str]:
    """The ``forms`` that the state formed in no seed on ``side``.

    Arrangements of the start year do not count: no option chose them.
    """
    d = shares[(shares["side"] == side) & shares["formed_in_run"].astype(bool)]
    made = set(d["form"].astype(str))
    return [f for f in forms if f not in made]


#: Decision kinds that make a state's new arrangement (``decisions.csv``).
FORMING_KINDS = ("consent", "join", "deepen", "specialise")

#: How the report names each form in a sentence.
FORM_VERBS = {
    "joint_hire": "hired together",
    "pooling": "pooled",
    "procurement_sharing": "bought and shared",
    "operational": "cooperated operationally",
    "integrated": "integrated",
    "specialisation": "specialised roles",
}


def focus_decisions(decisions: pd.DataFrame | None, state: str, n: int = 12) -> pd.DataFrame:
    """The first ``n`` decisions that gave ``state`` a new arrangement, with their reasons.

    One row per arrangement (its first forming decision: consent, join, deepen or specialise),
    in order of year.
    """
    if decisions is None or decisions.empty or "kind" not in decisions:
        return pd.DataFrame()
    d = decisions[decisions["kind"].isin(FORMING_KINDS)]
    mine = d["states"].str.split(";").map(lambda ms: state in ms).astype(bool)
    d = d.loc[mine]  # a boolean mask, also when empty (an empty object Series selects columns)
    d = d.drop_duplicates("arrangement", keep="first")
    return d.sort_values("year", kind="stable").head(n).reset_index(drop=True)


# ------------------------------------------------------------------ labels that say what ran
#: Words for the institutional switches (``--set policy.<key>=true`` reads "NATO consultation on").
_SWITCHES = {
    "nato_consultation": "NATO consultation",
    "nato_common_funding": "NATO common funding",
    "nato_projects": "NATO projects",
    "eu_projects": "EU projects",
    "eu_save_and_reinvest": "EU save-and-reinvest",
    "eu_cascading": "EU cascading",
    "enabled": "cooperation",
}
#: Budget keys that only qualify another phrase (the override's years and what follows it).
_BUDGET_WINDOW = {
    "budgets.override_from",
    "budgets.override_until",
    "budgets.after_override",
}


def _growth(rate: object) -> str:
    """``-0.02`` as "−2 %/yr" (a true minus sign; no sign for zero)."""
    pct_ = float(rate) * 100  # type: ignore[arg-type]
    text = f"{abs(pct_):.1f}".rstrip("0").rstrip(".")
    sign = "−" if pct_ < 0 else ("+" if pct_ > 0 else "")
    return f"{sign}{text} %/yr"


def _window(overrides: dict[str, object]) -> str:
    """The override's years in words (from 2013, to 2020), then "flat after" when asked."""
    out = ""
    if "budgets.override_from" in overrides:
        out += f" from {overrides['budgets.override_from']}"
    if overrides.get("budgets.override_until") is not None:
        out += f" to {overrides['budgets.override_until']}"
    if overrides.get("budgets.after_override") == "flat":
        out += ", flat after"
    return out


def override_phrases(overrides: dict[str, object] | None) -> list[str]:
    """Each override in words, in key order: a phrase where one is known, else ``key = value``.

    ``budgets.override_from``/``_until``/``after_override`` qualify the budget phrases; alone
    (without a growth override) they are shown as ``key = value``.
    """
    over = dict(overrides or {})
    growth_keys = [
        k
        for k in over
        if k == "budgets.real_growth_override" or k.startswith("budgets.state_growth.")
    ]
    window = _window(over)
    phrases: list[str] = []
    for key in sorted(over):
        value = over[key]
        short = key.rsplit(".", 1)[-1]
        if key == "budgets.real_growth_override" and value is not None:
            phrases.append(f"{_growth(value)} real budget growth{window}")
        elif key.startswith("budgets.state_growth."):
            phrases.append(f"{short}'s budget {_growth(value)} real{window}")
        elif key in _BUDGET_WINDOW and growth_keys:
            continue
        elif (
            isinstance(value, bool)
            and short in _SWITCHES
            and key.split(".")[0]
            in (
                "policy",
                "institutions",
                "cooperation",
            )
        ):
            phrases.append(f"{_SWITCHES[short]} {'on' if value else 'off'}")
        else:
            phrases.append(f"{key} = {value}")
    return phrases


def run_label(scenario: str, overrides: dict[str, object] | None = None) -> str:
    """Name a scenario and its overrides in words.

    >>> run_label("reference_2012", {"budgets.real_growth_override": -0.02,
    ...                              "budgets.override_from": 2013})
    'reference_2012 with −2 %/yr real budget growth from 2013'
    """
    phrases = override_phrases(overrides)
    if not phrases:
        return scenario
    if len(phrases) == 1:
        return f"{scenario} with {phrases[0]}"
    return f"{scenario} with {', '.join(phrases[:-1])} and {phrases[-1]}"
