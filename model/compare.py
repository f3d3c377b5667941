"""Paired comparisons: the go-it-alone counterfactual and ``coopsim compare A B``.

Two questions of the 2012 note are only answerable against a baseline:

- **savings and gaps against going it alone** (note, § Inleiding: cooperation must keep fighting
  power affordable; DOMAIN.md, "cost savings -- against the same state going it alone"): any
  run is paired with the same world and seed with ``cooperation.enabled = false`` (no
  arrangements, no NATO/EU projects, no common funding; budgets, crises and seed unchanged), see
  :func:`paired_counterfactual`;
- **which scenario does better, and how sure are we** (the planner's pooling-versus-
  specialisation question, note § Samenwerkingspartners on the forms): two scenarios run on the
  same seeds (seed *i* for both), so that each seed's difference B - A cancels the shared
  randomness (common random numbers), see :func:`compare`.

Runs go in parallel over the cores in worker processes (``forkserver`` or ``spawn``); only small
tables travel back, and they are ordered by side and seed, so the results are identical whatever
the number of workers.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.folders import atomic_folder
from model.outputs import RunResult, write_csv
from model.params import FORM_IDS
from model.scenario import Scenario, ScenarioError, load_scenario

__all__ = [
    "ALLIANCE",
    "HEADLINES",
    "Comparison",
    "Headline",
    "PairTask",
    "band",
    "compare",
    "counterfactual_table",
    "default_at_years",
    "paired_counterfactual",
    "paired_differences",
    "register",
    "run_pair",
    "run_pairs",
    "summary_table",
]

#: ``state`` of the alliance-wide rows in :func:`paired_counterfactual`.
ALLIANCE = "ALL"
#: The parameter that switches cooperation off for the go-it-alone counterfactual.
COOPERATION_OFF = {"cooperation.enabled": False}
DEFAULT_SEEDS = 20
DEFAULT_AT = (2020, 2025, 2030)
SIDES = ("A", "B")
DIFF = "B-A"
BAND = (5.0, 95.0)
#: Largest last-year gaps kept per run (the report lists the ten largest medians).
GAPS_KEPT = 40


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
    Headline("savings", "yearly savings", "money", "higher"),
    Headline("savings_cumulative", "cumulative savings since the start", "money", "higher"),
    Headline("autonomy", "autonomy (share fielded that no partner can withhold)", "share", ""),
    Headline("capacity_to_act", "capacity to act", "share", "higher"),
    Headline("collaborative_share", "collaborative share of equipment spending", "share", ""),
    Headline("arrangements_active", "active arrangements", "count", ""),
)
HEADLINE_BY_COLUMN = {h.column: h for h in HEADLINES}


# ------------------------------------------------------------------ go-it-alone counterfactual
def counterfactual_table(with_coop: RunResult, alone: RunResult) -> pd.DataFrame:
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


def run_alone(
    scenario: str | os.PathLike[str] | Scenario,
    seed: int,
    years: tuple[int, int] | None = None,
    overrides: dict[str, Any] | None = None,
) -> RunResult:
    """Run the go-it-alone counterfactual of a scenario: same world and seed, no cooperation."""
    from model import run_scenario

    return run_scenario(
        scenario, seed=seed, years=years, overrides={**(overrides or {}), **COOPERATION_OFF}
    )


def paired_counterfactual(
    scenario: str | os.PathLike[str] | Scenario,
    seed: int,
    years: tuple[int, int] | None = None,
    overrides: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Run a scenario and its go-it-alone twin on one seed and return the paired table.

    Parameters
    ----------
    scenario
        A name from ``coopsim list``, a path to a scenario file, or a loaded Scenario.
    seed
        Seed shared by both runs.
    years
        ``(from, to)``, inclusive, replacing the scenario's span.
    overrides
        Dotted parameter keys to values, as ``coopsim run --set``; ``cooperation.enabled`` is
        forced to false in the twin only.

    Returns
    -------
    pandas.DataFrame
        :func:`counterfactual_table`: per year (``state == "ALL"``) and per year x state, the
        gap with and without cooperation, their difference and the cost difference.
    """
    from model import run_scenario

    with_coop = run_scenario(scenario, seed=seed, years=years, overrides=overrides)
    alone = run_alone(scenario, seed, years, overrides)
    return counterfactual_table(with_coop, alone)


# ------------------------------------------------------------------ one paired task (a worker)
@dataclass(frozen=True)
class PairTask:
    """One seed of one side of a comparison: the run and its go-it-alone twin.

    Parameters
    ----------
    side
        ``"A"`` or ``"B"``.
    label
        Scenario label written in the tables.
    scenario
        Path of the scenario file.
    seed
        Seed of both runs.
    years
        Span, or None for the scenario's.
    overrides
        ``--set``-style overrides.
    focus_state, focus_capability
        The planner's state and area (or None).
    partners_state
        State whose strategic partners are listed (the focus state, or the scenario's).
    """

    side: str
    label: str
    scenario: str
    seed: int
    years: tuple[int, int] | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    focus_state: str | None = None
    focus_capability: str | None = None
    partners_state: str | None = None


def run_pair(task: PairTask) -> dict[str, pd.DataFrame]:
    """Run one task in this process and reduce it to the small tables a comparison needs.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``runs`` (per year: model-level figures and the counterfactual's), ``focus`` (per year,
        the focus state and area; empty without a focus), ``partners`` (first year each pair was
        strategic), ``gaps`` (last year's state x area gaps), ``arrangements`` (counts by form
        and origin). Each has ``side``, ``scenario`` and ``seed`` columns in front.
    """
    from model import run_scenario
    from model.reports import arrangement_counts, largest_gaps, strategic_pairs

    spec = load_scenario(task.scenario, task.overrides or None, task.years)
    run = run_scenario(spec, seed=task.seed)
    run.cooperation_model = None  # the Mesa model stays here: only tables travel back
    alone = run_scenario(load_scenario(spec, COOPERATION_OFF), seed=task.seed)
    cf = counterfactual_table(run, alone)

    m = run.model
    cf_all = cf[cf["state"] == ALLIANCE].set_index("year")
    runs = pd.DataFrame(
        {
            "year": m["year"].to_numpy(),
            "budget_total": m["budget_total"].to_numpy(),
            "spending_total": m["spending_total"].to_numpy(),
            "spending_alone": cf_all.loc[m["year"], "spending_alone"].to_numpy(),
            "cost_difference": cf_all.loc[m["year"], "cost_difference"].to_numpy(),
            "savings": m["savings"].to_numpy(),
            "savings_cumulative": m["savings"].cumsum().to_numpy(),
            "capability_gap": m["capability_gap"].to_numpy(),
            "capability_gap_alone": cf_all.loc[m["year"], "capability_gap_alone"].to_numpy(),
            "gap_closed": cf_all.loc[m["year"], "gap_closed"].to_numpy(),
            "collaborative_share": m["collaborative_share"].to_numpy(),
            "autonomy": m["autonomy"].to_numpy(),
            "capacity_to_act": m["capacity_to_act"].to_numpy(),
            "capacity_to_act_alone": cf_all.loc[m["year"], "capacity_to_act_alone"].to_numpy(),
            "arrangements_active": m[[f"arrangements_{f}" for f in FORM_IDS]]
            .sum(axis=1)
            .to_numpy(),
        }
    )
    for f in FORM_IDS:
        runs[f"arrangements_{f}"] = m[f"arrangements_{f}"].to_numpy()

    focus = pd.DataFrame()
    if task.focus_state and task.focus_capability:
        focus = _focus_rows(run, alone, task.focus_state, task.focus_capability)

    out = {
        "runs": runs,
        "focus": focus,
        "partners": strategic_pairs(run.circles, task.partners_state),
        "gaps": largest_gaps(run, spec, n=GAPS_KEPT),
        "arrangements": arrangement_counts(run.arrangements),
    }
    for name, df in out.items():
        df = df.copy()
        df.insert(0, "seed", task.seed)
        df.insert(0, "scenario", task.label)
        df.insert(0, "side", task.side)
        out[name] = df
    return out


def _focus_rows(run: RunResult, alone: RunResult, state: str, capability: str) -> pd.DataFrame:
    """The planner's view: one state and one area per year, with the go-it-alone level."""
    caps = run.capabilities
    sel = (caps["state"] == state) & (caps["capability"] == capability)
    c = caps.loc[sel, ["year", "requirement", "level", "own_level", "gap"]].set_index("year")
    ac = alone.capabilities
    asel = (ac["state"] == state) & (ac["capability"] == capability)
    a = ac.loc[asel, ["year", "level", "gap"]].set_index("year")
    s = run.states[run.states["state"] == state].set_index("year")
    out = pd.DataFrame(
        {
            "year": c.index.to_numpy(),
            "state": state,
            "capability": capability,
            "requirement": c["requirement"].to_numpy(),
            "level": c["level"].to_numpy(),
            "own_level": c["own_level"].to_numpy(),
            "gap": c["gap"].to_numpy(),
            "level_alone": a.loc[c.index, "level"].to_numpy(),
            "gap_alone": a.loc[c.index, "gap"].to_numpy(),
            "savings": s.loc[c.index, "savings"].to_numpy(),
            "autonomy": s.loc[c.index, "autonomy"].to_numpy(),
            "capacity_to_act": s.loc[c.index, "capacity_to_act"].to_numpy(),
            "state_gap": s.loc[c.index, "capability_gap"].to_numpy(),
        }
    )
    out["savings_cumulative"] = out["savings"].cumsum()
    return out


def _pool_context() -> multiprocessing.context.BaseContext:
    """``forkserver`` where the platform has it (a clean, fast child), else ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    # Import once in the fork server, not once per worker (takes effect if not yet started).
    ctx.set_forkserver_preload(["model.compare", "model.reports"])
    return ctx


def run_pairs(
    tasks: Sequence[PairTask],
    workers: int | None = None,
    progress: bool | None = None,
) -> list[dict[str, pd.DataFrame]]:
    """Run tasks over ``workers`` processes; return their outputs ordered by side and seed.

    Parameters
    ----------
    tasks
        The tasks.
    workers
        Processes (default ``os.cpu_count()``); 1 runs in this process. The outputs do not
        depend on it.
    progress
        Show a tqdm bar on stderr (after two seconds); default: when stderr is a terminal.

    Returns
    -------
    list of dict
        :func:`run_pair` outputs, sorted by ``(side, seed)``.
    """
    workers = max(1, min(workers or os.cpu_count() or 1, len(tasks)))
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), desc="compare", unit="run", file=sys.stderr, delay=2.0)
    results: dict[tuple[str, int], dict[str, pd.DataFrame]] = {}
    try:
        if workers == 1:
            for t in tasks:
                results[(t.side, t.seed)] = run_pair(t)
                if bar is not None:
                    bar.update(1)
        else:
            from model.experiments.lifecycle import pool_options

            pool = ProcessPoolExecutor(workers, _pool_context(), **pool_options())
            with pool:
                futures = {pool.submit(run_pair, t): t for t in tasks}
                for fut in as_completed(futures):
                    t = futures[fut]
                    results[(t.side, t.seed)] = fut.result()
                    if bar is not None:
                        bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return [results[k] for k in sorted(results)]


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
        ``p50``, ``p95``, ``unit``.
    """
    diffs = paired_differences(runs)
    rows = []
    for h in HEADLINES:
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
    return pd.DataFrame(rows)


def _unit(h: Headline, diff: bool) -> str:
    if h.kind == "share":
        return "share points (x100 = percentage points)" if diff else "share (x100 = %)"
    if h.kind == "money":
        return "USD million (2012 prices)"
    return "count"


# ------------------------------------------------------------------ the comparison
@dataclass
class Comparison:
    """The tables of a paired comparison of two scenarios over the same seeds."""

    labels: dict[str, str]
    scenarios: dict[str, str]
    overrides: dict[str, dict[str, Any]]
    seeds: list[int]
    years: tuple[int, int]
    at: list[int]
    runs: pd.DataFrame
    summary: pd.DataFrame
    differences: pd.DataFrame
    focus: pd.DataFrame
    partners: pd.DataFrame
    gaps: pd.DataFrame
    arrangements: pd.DataFrame
    focus_state: str | None = None
    focus_capability: str | None = None
    partners_state: str | None = None
    units: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    currency: str = "USD million (2012 prices)"

    def meta(self) -> dict[str, Any]:
        """What was compared, for ``compare.json``."""
        from model.cooperation import MODEL_VERSION

        return {
            "scenarios": self.labels,
            "files": self.scenarios,
            "overrides": {
                k: {kk: _jsonable(vv) for kk, vv in sorted(v.items())}
                for k, v in self.overrides.items()
            },
            "seeds": self.seeds,
            "years": list(self.years),
            "at": self.at,
            "focus_state": self.focus_state,
            "focus_capability": self.focus_capability,
            "currency": self.currency,
            "model_version": MODEL_VERSION,
            "band": "5-95 % over seeds (linear-interpolated percentiles)",
        }

    def tables(self) -> dict[str, pd.DataFrame]:
        """The CSV tables of the compare folder, by file stem."""
        out = {
            "runs": self.runs,
            "summary": self.summary,
            "differences": self.differences,
            "partners": self.partners,
            "largest_gaps": self.gaps,
            "arrangements": self.arrangements,
        }
        if len(self.focus):
            out["focus"] = self.focus
        return out

    def save(
        self, folder: str | os.PathLike[str], figures: bool = True, force: bool = False
    ) -> Path:
        """Write the compare folder: CSVs, ``compare.json``, ``figures/``, report.md/.html.

        Written in a temporary sibling and moved into place when complete; an existing
        non-empty folder is replaced only with ``force=True``.
        """
        with atomic_folder(folder, force, kind="compare") as tmp:
            for name, df in self.tables().items():
                write_csv(df, tmp / f"{name}.csv")
            (tmp / "compare.json").write_text(json.dumps(self.meta(), indent=2) + "\n")
            if figures:
                write_compare_figures(self, tmp / "figures")
            from model.reports import write_compare_report

            write_compare_report(self, tmp)
        return Path(folder)


def _jsonable(v: Any) -> Any:
    if isinstance(v, tuple):
        return list(v)
    if isinstance(v, np.generic):
        return v.item()
    return v


def _label(spec: Scenario, other: Scenario, side: str) -> str:
    name = spec.name
    return f"{name}[{side}]" if name == other.name else name


def compare(
    a: str | os.PathLike[str],
    b: str | os.PathLike[str],
    seeds: int = DEFAULT_SEEDS,
    years: tuple[int, int] | None = None,
    at: Sequence[int] | None = None,
    state: str | None = None,
    capability: str | None = None,
    workers: int | None = None,
    overrides: dict[str, Any] | None = None,
    overrides_a: dict[str, Any] | None = None,
    overrides_b: dict[str, Any] | None = None,
    progress: bool | None = None,
) -> Comparison:
    """Run two scenarios on the same seeds 1..K, each with its go-it-alone twin, and tabulate.

    Parameters
    ----------
    a, b
        Scenario names or paths (A is the baseline: differences are B - A).
    seeds
        Number of paired seeds K >= 2 (seed i for both sides).
    years
        ``(from, to)`` replacing both scenarios' spans.
    at
        Years of the headline table (default :func:`default_at_years`).
    state, capability
        The planner's focus: one state (ISO 3166 alpha-3) and one capability area.
    workers
        Processes (default ``os.cpu_count()``); results do not depend on it.
    overrides, overrides_a, overrides_b
        ``--set``-style overrides for both sides, A only, B only.
    progress
        Progress bar on stderr (default: when stderr is a terminal).

    Returns
    -------
    Comparison
        The tables; ``.save(folder)`` writes the compare folder.

    Raises
    ------
    ScenarioError
        A scenario, override, year, state or capability is not valid (one-line message).
    """
    if int(seeds) < 2:
        raise ScenarioError(f"--seeds {seeds}: need at least 2 paired seeds for a 5-95 % band")
    if workers is not None and int(workers) < 1:
        raise ScenarioError(f"--workers {workers}: expected a positive number of processes")
    if (state is None) != (capability is None):
        raise ScenarioError("--state and --capability go together: give both or neither")
    over = {
        "A": {**(overrides or {}), **(overrides_a or {})},
        "B": {**(overrides or {}), **(overrides_b or {})},
    }
    specs = {
        "A": load_scenario(a, over["A"] or None, years),
        "B": load_scenario(b, over["B"] or None, years),
    }
    spans = {
        s: (sp.params.simulation.start_year, sp.params.simulation.end_year)
        for s, sp in specs.items()
    }
    span = (max(spans["A"][0], spans["B"][0]), min(spans["A"][1], spans["B"][1]))
    if spans["A"] != spans["B"]:
        raise ScenarioError(
            f"{specs['A'].name} runs {spans['A'][0]}-{spans['A'][1]} but {specs['B'].name} runs "
            f"{spans['B'][0]}-{spans['B'][1]}; give --years FROM:TO to pair them"
        )
    for side, sp in specs.items():
        if state is not None and state not in sp.states:
            raise ScenarioError(
                f"--state {state}: not a state of scenario {sp.name} (expected an ISO3 code such "
                f"as {', '.join(sp.states[:5])})"
            )
        caps = list(sp.tables["capabilities"]["id"])
        if capability is not None and capability not in caps:
            raise ScenarioError(
                f"--capability {capability}: not a capability area of scenario {sp.name} "
                f"(expected one of {', '.join(caps)})"
            )
        del side
    at_years = sorted(set(int(y) for y in at)) if at else default_at_years(span)
    outside = [y for y in at_years if not span[0] <= y <= span[1]]
    if outside:
        raise ScenarioError(f"--at {outside[0]}: outside the simulated years {span[0]}-{span[1]}")

    labels = {"A": _label(specs["A"], specs["B"], "A"), "B": _label(specs["B"], specs["A"], "B")}
    partners_state = state or specs["A"].focus_state
    if partners_state is not None and any(partners_state not in sp.states for sp in specs.values()):
        partners_state = None
    seed_list = list(range(1, int(seeds) + 1))
    tasks = [
        PairTask(
            side=side,
            label=labels[side],
            scenario=str(specs[side].path),
            seed=seed,
            years=years,
            overrides=over[side],
            focus_state=state,
            focus_capability=capability,
            partners_state=partners_state,
        )
        for side in SIDES
        for seed in seed_list
    ]
    outputs = run_pairs(tasks, workers=workers, progress=progress)

    def gather(name: str) -> pd.DataFrame:
        frames = [o[name] for o in outputs if len(o[name])]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    runs = gather("runs")
    caps = specs["A"].tables["capabilities"]
    units = dict(zip(caps["id"].astype(str), caps["unit"].astype(str), strict=True))
    return Comparison(
        labels=labels,
        scenarios={s: str(sp.path) for s, sp in specs.items()},
        overrides=over,
        seeds=seed_list,
        years=span,
        at=at_years,
        runs=runs,
        summary=summary_table(runs, labels, at_years),
        differences=paired_differences(runs),
        focus=gather("focus"),
        partners=gather("partners"),
        gaps=gather("gaps"),
        arrangements=gather("arrangements"),
        focus_state=state,
        focus_capability=capability,
        partners_state=partners_state,
        units=units,
        descriptions={s: sp.description for s, sp in specs.items()},
        currency=specs["A"].currency,
    )


# ------------------------------------------------------------------ figures
SIDE_COLOURS = {"A": "#0072B2", "B": "#D55E00"}
DIFF_COLOUR = "0.15"


def _quantiles(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per year: median and the 5-95 % band of ``column`` over seeds."""
    g = df.groupby("year")[column]
    return pd.DataFrame(
        {
            "p5": g.quantile(BAND[0] / 100),
            "p50": g.quantile(0.5),
            "p95": g.quantile(BAND[1] / 100),
        }
    ).sort_index()


def _format_axis(ax: Any, h: Headline, diff: bool = False) -> None:
    from matplotlib.ticker import FuncFormatter

    if h.kind == "share":
        if diff:
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:+.1f}"))
            ax.set_ylabel("percentage points")
        else:
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:.0f} %"))
    elif h.kind == "money":
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
        ax.set_ylabel("USD million (2012 prices)")
    ax.grid(True, axis="y", color="0.92")


def _band_panel(
    ax: Any, runs: pd.DataFrame, column: str, labels: dict[str, str], sides: Sequence[str] = SIDES
) -> None:
    from model.figures import _year_axis

    years: list[int] = []
    for side in sides:
        q = _quantiles(runs[runs["side"] == side], column)
        yrs = [int(y) for y in q.index]
        years = yrs or years
        colour = SIDE_COLOURS[side]
        ax.fill_between(yrs, q["p5"], q["p95"], color=colour, alpha=0.18, linewidth=0)
        ax.plot(yrs, q["p50"], color=colour, linewidth=1.8, label=f"{side}: {labels[side]}")
    _year_axis(ax, years)


def plot_bands(comp: Comparison, columns: Sequence[str] | None = None) -> Any:
    """Headline figures over time: median and 5-95 % band over seeds, per scenario.

    Parameters
    ----------
    comp
        The comparison.
    columns
        Headline columns, one panel each (default: gap, savings, autonomy, capacity to act).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from model.figures import _body, _new_figure

    cols = list(columns or ["capability_gap", "savings", "autonomy", "capacity_to_act"])
    fig = _new_figure(12.0, 8.0)
    body = _body(
        fig,
        f"{comp.labels['B']} against {comp.labels['A']}",
        f"median line and 5–95 % band over {len(comp.seeds)} paired seeds, "
        f"{comp.years[0]}–{comp.years[1]}",
    )
    axes = body.subplots(2, (len(cols) + 1) // 2, squeeze=False).ravel()
    for ax, col in zip(axes, cols, strict=False):
        h = HEADLINE_BY_COLUMN[col]
        _band_panel(ax, comp.runs, col, comp.labels)
        ax.set_title(h.label[0].upper() + h.label[1:], loc="left", fontsize=10)
        _format_axis(ax, h)
    for ax in axes[len(cols) :]:
        ax.set_axis_off()
    axes[0].legend(fontsize=8, frameon=False, loc="best")
    return fig


def plot_difference(comp: Comparison, columns: Sequence[str] | None = None) -> Any:
    """The paired difference B - A over time: median and 5-95 % band over seeds.

    A band that stays clear of zero is a difference that holds on (nearly) every seed.
    """
    from model.figures import _body, _new_figure, _year_axis

    cols = list(columns or ["capability_gap", "savings", "autonomy", "capacity_to_act"])
    fig = _new_figure(12.0, 8.0)
    body = _body(
        fig,
        f"Paired difference: {comp.labels['B']} minus {comp.labels['A']}",
        f"per seed B − A, then median line and 5–95 % band over {len(comp.seeds)} "
        "seeds; above zero = B higher",
    )
    axes = body.subplots(2, (len(cols) + 1) // 2, squeeze=False).ravel()
    diffs = comp.differences
    for ax, col in zip(axes, cols, strict=False):
        h = HEADLINE_BY_COLUMN[col]
        q = _quantiles(diffs, col)
        yrs = [int(y) for y in q.index]
        ax.axhline(0.0, color="0.5", linewidth=0.9)
        ax.fill_between(
            yrs, q["p5"], q["p95"], color="0.6", alpha=0.35, linewidth=0, label="5–95 % band"
        )
        ax.plot(yrs, q["p50"], color=DIFF_COLOUR, linewidth=1.8, label="median B − A")
        ax.set_title(f"{h.label[0].upper() + h.label[1:]}: B − A", loc="left", fontsize=10)
        _format_axis(ax, h, diff=True)
        _year_axis(ax, yrs)
    for ax in axes[len(cols) :]:
        ax.set_axis_off()
    axes[0].legend(fontsize=8, frameon=False, loc="best")
    return fig


def plot_counterfactual(comp: Comparison) -> Any:
    """Alliance gap with cooperation against the go-it-alone twin, per scenario, with bands."""
    from model.figures import _body, _new_figure, _year_axis

    fig = _new_figure(12.0, 4.6)
    body = _body(
        fig,
        "Capability gap with cooperation and going it alone",
        f"alliance gap, median and 5–95 % band over {len(comp.seeds)} seeds; dashed: "
        "same world and seed with cooperation switched off",
    )
    axes = body.subplots(1, 2, squeeze=False).ravel()
    h = HEADLINE_BY_COLUMN["capability_gap"]
    for ax, side in zip(axes, SIDES, strict=True):
        runs = comp.runs[comp.runs["side"] == side]
        colour = SIDE_COLOURS[side]
        for col, style, name in (
            ("capability_gap", "-", "with cooperation"),
            ("capability_gap_alone", "--", "going it alone"),
        ):
            q = _quantiles(runs, col)
            yrs = [int(y) for y in q.index]
            ax.fill_between(
                yrs,
                q["p5"],
                q["p95"],
                color=colour if style == "-" else "0.5",
                alpha=0.18,
                linewidth=0,
            )
            ax.plot(
                yrs,
                q["p50"],
                color=colour if style == "-" else "0.3",
                linestyle=style,
                linewidth=1.8,
                label=name,
            )
            _year_axis(ax, yrs)
        ax.set_title(f"{side}: {comp.labels[side]}", loc="left", fontsize=10)
        _format_axis(ax, h)
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8, frameon=False, loc="best")
    top = max(ax.get_ylim()[1] for ax in axes)
    for ax in axes:
        ax.set_ylim(0, top)
    return fig


def plot_focus(comp: Comparison) -> Any:
    """The planner's view of one state and area: holdings, gap, savings and sovereignty."""
    from model.figures import _body, _new_figure

    st, cap = comp.focus_state, comp.focus_capability
    unit = comp.units.get(str(cap), "units")
    f = comp.focus
    fig = _new_figure(13.0, 8.4)
    body = _body(
        fig,
        f"{st}, {str(cap).replace('_', ' ')}: {comp.labels['B']} against {comp.labels['A']}",
        f"median and 5–95 % band over {len(comp.seeds)} paired seeds; grey dotted: going it alone",
    )
    axes = body.subplots(2, 3, squeeze=False).ravel()

    ax = axes[0]
    for side in SIDES:
        rows = f[f["side"] == side]
        _band_panel(ax, rows, "level", comp.labels, sides=[side])
        q = _quantiles(rows, "own_level")
        ax.plot(q.index, q["p50"], color=SIDE_COLOURS[side], linestyle="--", linewidth=1.2)
    q = _quantiles(f, "requirement")
    ax.plot(q.index, q["p50"], color="black", linewidth=1.0, label="requirement")
    q = _quantiles(f[f["side"] == "A"], "level_alone")
    ax.plot(q.index, q["p50"], color="0.5", linestyle=":", linewidth=1.4)
    ax.set_title(f"(a) Level (solid) and own level (dashed), {unit}", loc="left", fontsize=10)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=7, frameon=False, loc="best")

    panels = [
        ("gap", f"(b) Gap in {str(cap).replace('_', ' ')}", "capability_gap", "gap_alone"),
        ("savings_cumulative", f"(c) {st} cumulative savings", "savings", None),
        ("savings", f"(d) {st} yearly savings", "savings", None),
        ("autonomy", f"(e) {st} autonomy", "autonomy", None),
        ("capacity_to_act", f"(f) {st} capacity to act", "capacity_to_act", None),
    ]
    for ax, (col, title, kind_col, alone_col) in zip(axes[1:], panels, strict=True):
        _band_panel(ax, f, col, comp.labels)
        if alone_col:
            q = _quantiles(f[f["side"] == "A"], alone_col)
            ax.plot(
                q.index, q["p50"], color="0.5", linestyle=":", linewidth=1.4, label="going it alone"
            )
        ax.set_title(title, loc="left", fontsize=10)
        _format_axis(ax, HEADLINE_BY_COLUMN[kind_col])
        if kind_col != "savings":
            ax.set_ylim(0, 1.02)
    axes[1].legend(fontsize=7, frameon=False, loc="best")
    years = sorted(int(y) for y in f["year"].unique())
    for ax in axes:
        _sparse_years(ax, years)
    return fig


def _sparse_years(ax: Any, years: Sequence[int], max_ticks: int = 6) -> None:
    """Tick at most ``max_ticks`` whole years (narrow panels)."""
    from matplotlib.ticker import FuncFormatter

    if not len(years):
        return
    first, last = int(min(years)), int(max(years))
    step = next((s for s in (1, 2, 5, 10, 20) if (last - first) / s <= max_ticks - 1), 50)
    ax.set_xticks(list(range(first, last + 1, step)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:.0f}"))


def write_compare_figures(comp: Comparison, folder: Path) -> list[Path]:
    """Write the comparison's PNGs (deterministic bytes) into ``folder``; return their paths."""
    from model.figures import _save

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    jobs: list[tuple[str, Callable[[], Any]]] = [
        ("bands.png", lambda: plot_bands(comp)),
        ("difference.png", lambda: plot_difference(comp)),
        ("counterfactual.png", lambda: plot_counterfactual(comp)),
    ]
    if len(comp.focus):
        jobs.append(
            (f"focus_{comp.focus_state}_{comp.focus_capability}.png", lambda: plot_focus(comp))
        )
    return [_save(make(), folder / name) for name, make in jobs]


# ------------------------------------------------------------------ command line
def register(
    sub: Any, bad_input: type[Exception]
) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add ``coopsim compare`` to the subparsers; return its handler."""
    p = sub.add_parser(
        "compare",
        help="paired runs of two scenarios (same seeds): table, figures and report with bands",
    )
    p.add_argument("a", help="baseline scenario A (name or path)")
    p.add_argument("b", help="scenario B (name or path); differences are B - A")
    p.add_argument(
        "--seeds",
        type=int,
        default=DEFAULT_SEEDS,
        help=f"paired seeds 1..K (default {DEFAULT_SEEDS}, at least 2)",
    )
    p.add_argument("--years", metavar="FROM:TO", help="simulated years of both, inclusive")
    p.add_argument(
        "--at",
        type=int,
        nargs="+",
        metavar="YEAR",
        help="years of the headline table (default 2020, 2025, 2030 and the last)",
    )
    p.add_argument("--state", metavar="ISO3", help="focus state (with --capability)")
    p.add_argument("--capability", metavar="ID", help="focus capability area (with --state)")
    p.add_argument("--workers", type=int, help="processes (default: all cores)")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a parameter in both scenarios (repeatable)",
    )
    p.add_argument(
        "--set-a",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a parameter in A only (repeatable)",
    )
    p.add_argument(
        "--set-b",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a parameter in B only (repeatable)",
    )
    p.add_argument("--out", type=Path, help="compare folder (default results/compare-A-vs-B/)")
    p.add_argument("--force", action="store_true", help="overwrite a non-empty folder")
    p.add_argument("--no-figures", action="store_true", help="skip the figures")

    def cmd_compare(args: argparse.Namespace) -> int:
        """Run the paired comparison and write the compare folder."""
        import time

        from model.cli import check_out, parse_sets, parse_years

        if args.seeds < 2:
            raise bad_input(f"--seeds {args.seeds}: need at least 2 paired seeds")
        if args.workers is not None and args.workers < 1:
            raise bad_input(f"--workers {args.workers}: expected a positive number")
        if (args.state is None) != (args.capability is None):
            raise bad_input("--state and --capability go together: give both or neither")
        years = parse_years(args.years) if args.years else None
        sets = [parse_sets(x) for x in (args.set, args.set_a, args.set_b)]
        # Validate everything (names, overrides, state, area, years) before running or writing.
        spec_a = load_scenario(args.a, {**sets[0], **sets[1]} or None, years)
        spec_b = load_scenario(args.b, {**sets[0], **sets[2]} or None, years)
        out = args.out or Path("results") / f"compare-{spec_a.name}-vs-{spec_b.name}"
        check_out(out, args.force, bad_input)
        start = time.perf_counter()
        comp = compare(
            args.a,
            args.b,
            seeds=args.seeds,
            years=years,
            at=args.at,
            state=args.state,
            capability=args.capability,
            workers=args.workers,
            overrides=sets[0],
            overrides_a=sets[1],
            overrides_b=sets[2],
        )
        comp.save(out, figures=not args.no_figures, force=args.force)
        from model.reports import key_year, sentence

        year = key_year(comp.at)
        print(
            f"{out}: {comp.labels['B']} - {comp.labels['A']}, {len(comp.seeds)} paired seeds, "
            f"{comp.years[0]}-{comp.years[1]}, {time.perf_counter() - start:.1f} s"
        )
        print(sentence(comp, HEADLINE_BY_COLUMN["capability_gap"], year).replace("**", ""))
        return 0

    return {"compare": cmd_compare}
