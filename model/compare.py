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

Runs go in parallel over the cores on the package's one process pool
(:func:`model.experiments.runner.map_ordered`), each task carrying its loaded scenario; only small
tables travel back, ordered by side and seed, so the results are identical whatever the number of
workers. The statistics (bands, paired differences, the go-it-alone table) are in
:mod:`model.analysis`; the report in :mod:`model.reports`.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from model import cliargs
from model.analysis import (
    ALLIANCE,
    BAND,
    COOPERATION_OFF,
    HEADLINE_BY_COLUMN,
    HEADLINES,
    SIDES,
    Headline,
    arrangement_counts,
    band,
    counterfactual_table,
    default_at_years,
    largest_gaps,
    never_formed,
    override_phrases,
    paired_differences,
    run_label,
    seed_shares,
    state_arrangements,
    strategic_pairs,
    summary_table,
)
from model.experiments.runner import map_ordered
from model.figures import new_figure, save_png, titled, value_axis, year_axis
from model.folders import atomic_folder
from model.params import FORM_IDS
from model.reports import key_year, sentence, write_compare_report
from model.results import RunResult, jsonable, write_csv
from model.run import portable, run, run_alone
from model.scenario import Scenario, ScenarioError, load_scenario
from model.version import MODEL_VERSION

__all__ = [
    "ALLIANCE",
    "COOPERATION_OFF",
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
    "run_alone",
    "run_pair",
    "run_pairs",
    "summary_table",
]

DEFAULT_SEEDS = 20
#: Largest last-year gaps kept per run (the report lists the ten largest means).
GAPS_KEPT = 40
#: The focus state's own largest last-year gaps kept per run.
FOCUS_GAPS_KEPT = 10


# ------------------------------------------------------------------ go-it-alone counterfactual
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
    with_coop = run(scenario, seed, years, overrides, counterfactual=True)
    alone = with_coop.counterfactual or run_alone(with_coop.spec or scenario, seed)
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
        The loaded scenario of this side (overrides and years applied), passed down to the
        worker as it is.
    seed
        Seed of both runs.
    focus_state, focus_capability
        The planner's state and area (or None).
    partners_state
        State whose strategic partners are listed (the focus state, or the scenario's).
    other_states
        Further states whose rows in the focus area are kept (an option's partners).
    """

    side: str
    label: str
    scenario: Scenario
    seed: int
    focus_state: str | None = None
    focus_capability: str | None = None
    partners_state: str | None = None
    other_states: tuple[str, ...] = ()


def run_pair(task: PairTask) -> dict[str, pd.DataFrame]:
    """Run one task in this process and reduce it to the small tables a comparison needs.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``runs`` (per year: model-level figures and the counterfactual's), ``focus`` (per year,
        the focus state, in its area if given; empty without a focus), ``focus_arrangements``
        (the arrangements the focus state was in, in that area), ``focus_gaps`` (the focus
        state's own last-year gaps), ``others`` (as ``focus``, for ``other_states``),
        ``partners`` (first year each pair was strategic), ``gaps`` (last year's state x area
        gaps), ``arrangements`` (counts by form and origin). Each has ``side``, ``scenario``
        and ``seed`` columns in front.
    """
    spec = task.scenario
    # the Mesa models stay here: only tables travel back
    result = run(spec, task.seed, counterfactual=True, keep_model=False)
    alone = result.counterfactual or run_alone(spec, task.seed, keep_model=False)
    out = {
        "runs": _run_rows(result, counterfactual_table(result, alone)),
        **_focus_tables(task, result, alone),
        "partners": strategic_pairs(result.circles, task.partners_state),
        "gaps": largest_gaps(result, spec, n=GAPS_KEPT),
        "arrangements": arrangement_counts(result.arrangements),
    }
    for name, df in out.items():
        df = df.copy()
        df.insert(0, "seed", task.seed)
        df.insert(0, "scenario", task.label)
        df.insert(0, "side", task.side)
        out[name] = df
    return out


def _run_rows(result: RunResult, cf: pd.DataFrame) -> pd.DataFrame:
    """Per year: the model-level figures of a run and of its go-it-alone twin (``cf``)."""
    m = result.model
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
    return runs


def _focus_tables(task: PairTask, result: RunResult, alone: RunResult) -> dict[str, pd.DataFrame]:
    """The focus state's per-year rows, arrangements and own gaps (empty without a focus)."""
    st, cap = task.focus_state, task.focus_capability
    if st is None:
        empty = pd.DataFrame()
        return {n: empty for n in ("focus", "focus_arrangements", "focus_gaps", "others")}
    gaps = largest_gaps(result, task.scenario, n=None)
    others = [_focus_rows(result, alone, o, cap) for o in task.other_states]
    return {
        "focus": _focus_rows(result, alone, st, cap),
        "focus_arrangements": state_arrangements(result.arrangements, st, cap),
        "focus_gaps": gaps[gaps["state"] == st].head(FOCUS_GAPS_KEPT).reset_index(drop=True),
        "others": pd.concat(others, ignore_index=True) if others else pd.DataFrame(),
    }


def _focus_rows(
    run: RunResult, alone: RunResult, state: str, capability: str | None
) -> pd.DataFrame:
    """The planner's view: one state (in one area, if given) per year, with going it alone.

    Without an area, ``capability`` is ``"all"`` and the gap is the state's over all its
    areas (requirement-weighted); level columns are left out (units do not add up).
    """
    s = run.states[run.states["state"] == state].set_index("year")
    sa = alone.states[alone.states["state"] == state].set_index("year")
    years = s.index
    out = pd.DataFrame(
        {"year": years.to_numpy(), "state": state, "capability": capability or "all"}
    )
    if capability is not None:
        caps, ac = run.capabilities, alone.capabilities
        c = caps[(caps["state"] == state) & (caps["capability"] == capability)].set_index("year")
        a = ac[(ac["state"] == state) & (ac["capability"] == capability)].set_index("year")
        for col in ("requirement", "level", "own_level", "gap"):
            out[col] = c.loc[years, col].to_numpy()
        out["level_alone"] = a.loc[years, "level"].to_numpy()
        out["gap_alone"] = a.loc[years, "gap"].to_numpy()
    else:
        out["gap"] = s.loc[years, "capability_gap"].to_numpy()
        out["gap_alone"] = sa.loc[years, "capability_gap"].to_numpy()
    for col in ("savings", "autonomy", "capacity_to_act"):
        out[col] = s.loc[years, col].to_numpy()
    out["state_gap"] = s.loc[years, "capability_gap"].to_numpy()
    out["savings_cumulative"] = out["savings"].cumsum()
    out["spending"] = s.loc[years, "spending"].to_numpy()
    out["spending_alone"] = sa.loc[years, "spending"].to_numpy()
    out["budget"] = s.loc[years, "budget"].to_numpy()
    return out


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
        Processes (default: all cores); 1 runs in this process. The outputs do not depend on it.
    progress
        Show a tqdm bar on stderr (after two seconds); default: when stderr is a terminal.

    Returns
    -------
    list of dict
        :func:`run_pair` outputs, sorted by ``(side, seed)``.
    """
    outputs = map_ordered(run_pair, tasks, workers, progress, desc="compare")
    order = sorted(range(len(tasks)), key=lambda i: (tasks[i].side, tasks[i].seed))
    return [outputs[i] for i in order]


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
    #: Per side, the arrangements the focus state formed (``focus_arrangements.csv``).
    focus_arrangements: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Per side and seed, the focus state's own largest gaps in the last year.
    focus_gaps: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Per side, the forms the comparison is about: allowed on that side and not the other.
    forms_about: dict[str, list[str]] = field(default_factory=dict)
    #: Per side, the forms the focus state never formed (in its area) in any seed.
    never_formed: dict[str, list[str]] = field(default_factory=dict)

    def meta(self) -> dict[str, Any]:
        """What was compared, for ``compare.json``."""
        return {
            "scenarios": self.labels,
            "files": self.scenarios,
            "overrides": {
                k: {kk: jsonable(vv) for kk, vv in sorted(v.items())}
                for k, v in self.overrides.items()
            },
            "seeds": self.seeds,
            "years": list(self.years),
            "at": self.at,
            "focus_state": self.focus_state,
            "focus_capability": self.focus_capability,
            "forms_about": self.forms_about,
            "never_formed": self.never_formed,
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
        if self.focus_state is not None:
            out["focus_arrangements"] = self.focus_arrangements
            out["focus_gaps"] = self.focus_gaps
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
            write_compare_report(self, tmp)
        return Path(folder)


def side_labels(specs: dict[str, Scenario], over: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Each side's scenario and overrides in words; "(A)"/"(B)" only when the words are equal."""
    words = {side: run_label(specs[side].name, over[side]) for side in SIDES}
    if words["A"] == words["B"]:
        return {side: f"{w} ({side})" for side, w in words.items()}
    return words


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
        The planner's focus: one state (ISO 3166 alpha-3) and, optionally, one capability area
        (without it, all the state's areas).
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
    check_counts(seeds, workers)
    if capability is not None and state is None:
        raise ScenarioError("--capability needs --state: give the state whose area it is")
    over = {
        "A": {**(overrides or {}), **(overrides_a or {})},
        "B": {**(overrides or {}), **(overrides_b or {})},
    }
    specs = {
        side: load_scenario(x, over[side] or None, years)
        for side, x in zip(SIDES, (a, b), strict=True)
    }
    span = common_span(specs)
    for sp in specs.values():
        check_focus(sp, state, capability)
    at_years = report_years(at, span)
    labels = side_labels(specs, over)
    partners_state = _partners_state(specs, state)
    seed_list = list(range(1, int(seeds) + 1))
    sides = {side: portable(sp) for side, sp in specs.items()}  # loaded once, passed down
    tasks = [
        PairTask(side, labels[side], sides[side], seed, state, capability, partners_state)
        for side in SIDES
        for seed in seed_list
    ]
    outputs = run_pairs(tasks, workers=workers, progress=progress)
    return assemble(
        specs, over, labels, outputs, seed_list, span, at_years, state, capability, partners_state
    )


def check_counts(seeds: int, workers: int | None) -> None:
    """At least two seeds (a band needs them) and a positive number of workers."""
    if int(seeds) < 2:
        raise ScenarioError(f"--seeds {seeds}: need at least 2 paired seeds for a 5-95 % band")
    if workers is not None and int(workers) < 1:
        raise ScenarioError(f"--workers {workers}: expected a positive number of processes")


def common_span(specs: dict[str, Scenario]) -> tuple[int, int]:
    """The simulated years every side shares (they must be the same)."""
    spans = {
        s: (sp.params.simulation.start_year, sp.params.simulation.end_year)
        for s, sp in specs.items()
    }
    first, *rest = spans
    for other in rest:
        if spans[other] != spans[first]:
            raise ScenarioError(
                f"{specs[first].name} runs {spans[first][0]}-{spans[first][1]} but "
                f"{specs[other].name} runs {spans[other][0]}-{spans[other][1]}; give --years "
                "FROM:TO to pair them"
            )
    return spans[first]


def check_focus(spec: Scenario, state: str | None, capability: str | None) -> None:
    """The focus state and area are the scenario's (one-line error otherwise)."""
    if state is not None and state not in spec.states:
        raise ScenarioError(
            f"--state {state}: not a state of scenario {spec.name} (expected an ISO3 code such "
            f"as {', '.join(spec.states[:5])})"
        )
    caps = list(spec.tables["capabilities"]["id"])
    if capability is not None and capability not in caps:
        raise ScenarioError(
            f"--capability {capability}: not a capability area of scenario {spec.name} "
            f"(expected one of {', '.join(caps)})"
        )


def report_years(at: Sequence[int] | None, span: tuple[int, int]) -> list[int]:
    """The headline table's years: ``at`` (each inside ``span``) or the defaults."""
    at_years = sorted(set(int(y) for y in at)) if at else default_at_years(span)
    outside = [y for y in at_years if not span[0] <= y <= span[1]]
    if outside:
        raise ScenarioError(f"--at {outside[0]}: outside the simulated years {span[0]}-{span[1]}")
    return at_years


def _partners_state(specs: dict[str, Scenario], state: str | None) -> str | None:
    """The state whose strategic partners are listed: the focus state or the scenario's."""
    chosen = state or specs["A"].focus_state
    if chosen is not None and any(chosen not in sp.states for sp in specs.values()):
        return None
    return chosen


def gather(outputs: Sequence[dict[str, pd.DataFrame]], name: str) -> pd.DataFrame:
    """One table of every task's ``name`` output, in task order."""
    frames = [o[name] for o in outputs if name in o and len(o[name])]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def forms_about(specs: dict[str, Scenario]) -> dict[str, list[str]]:
    """Per side, the forms it allows and the other side does not (what the comparison is about)."""
    allowed = {s: set(sp.params.cooperation.forms_allowed) for s, sp in specs.items()}
    return {
        s: [
            f
            for f in FORM_IDS
            if f in allowed[s] and not any(f in allowed[o] for o in allowed if o != s)
        ]
        for s in allowed
    }


def assemble(
    specs: dict[str, Scenario],
    over: dict[str, dict[str, Any]],
    labels: dict[str, str],
    outputs: Sequence[dict[str, pd.DataFrame]],
    seed_list: list[int],
    span: tuple[int, int],
    at_years: list[int],
    state: str | None,
    capability: str | None,
    partners_state: str | None,
) -> Comparison:
    """The :class:`Comparison` of two sides from the tasks' outputs (ordered by side, seed)."""
    runs = gather(outputs, "runs")
    caps = specs["A"].tables["capabilities"]
    units = dict(zip(caps["id"].astype(str), caps["unit"].astype(str), strict=True))
    shares = seed_shares(gather(outputs, "focus_arrangements"), len(seed_list))
    about = forms_about(specs)
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
        focus=gather(outputs, "focus"),
        partners=gather(outputs, "partners"),
        gaps=gather(outputs, "gaps"),
        arrangements=gather(outputs, "arrangements"),
        focus_state=state,
        focus_capability=capability,
        partners_state=partners_state,
        units=units,
        descriptions={s: _description(sp, over[s]) for s, sp in specs.items()},
        currency=specs["A"].currency,
        focus_arrangements=shares,
        focus_gaps=gather(outputs, "focus_gaps"),
        forms_about=about,
        never_formed=(
            {s: never_formed(shares, s, about[s]) for s in SIDES} if state is not None else {}
        ),
    )


def _description(spec: Scenario, over: dict[str, Any]) -> str:
    """The scenario's description, and its overrides in words (which may change what it says)."""
    phrases = override_phrases(over)
    if not phrases:
        return spec.description
    return f"{spec.description} — changed here: {'; '.join(phrases)}"


# ------------------------------------------------------------------ figures
SIDE_COLOURS = {"A": "#0072B2", "B": "#D55E00"}
DIFF_COLOUR = "0.15"


def _quantiles(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per year: mean and the 5-95 % band of ``column`` over seeds (the report's statistic)."""
    g = df.groupby("year")[column]
    return pd.DataFrame(
        {
            "p5": g.quantile(BAND[0] / 100),
            "mean": g.mean(),
            "p95": g.quantile(BAND[1] / 100),
        }
    ).sort_index()


def _format_axis(ax: Any, h: Headline, diff: bool = False) -> None:
    value_axis(ax, h.kind, diff)


def _band_panel(
    ax: Any, runs: pd.DataFrame, column: str, labels: dict[str, str], sides: Sequence[str] = SIDES
) -> None:
    years: list[int] = []
    for side in sides:
        q = _quantiles(runs[runs["side"] == side], column)
        yrs = [int(y) for y in q.index]
        years = yrs or years
        colour = SIDE_COLOURS[side]
        ax.fill_between(yrs, q["p5"], q["p95"], color=colour, alpha=0.18, linewidth=0)
        ax.plot(yrs, q["mean"], color=colour, linewidth=1.8, label=f"{side}: {labels[side]}")
    year_axis(ax, years)


def plot_bands(comp: Comparison, columns: Sequence[str] | None = None) -> Any:
    """Headline figures over time: mean and 5-95 % band over seeds, per scenario.

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
    cols = list(columns or ["capability_gap", "savings", "autonomy", "capacity_to_act"])
    fig = new_figure(12.0, 8.0)
    body = titled(
        fig,
        f"{comp.labels['B']} against {comp.labels['A']}",
        f"mean line and 5–95 % band over {len(comp.seeds)} paired seeds, "
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
    """The paired difference B - A over time: mean and 5-95 % band over seeds.

    A band that stays clear of zero is a difference that holds on (nearly) every seed.
    """
    cols = list(columns or ["capability_gap", "savings", "autonomy", "capacity_to_act"])
    fig = new_figure(12.0, 8.0)
    body = titled(
        fig,
        f"Paired difference: {comp.labels['B']} minus {comp.labels['A']}",
        f"per seed B − A, then mean line and 5–95 % band over {len(comp.seeds)} "
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
        ax.plot(yrs, q["mean"], color=DIFF_COLOUR, linewidth=1.8, label="mean B − A")
        ax.set_title(f"{h.label[0].upper() + h.label[1:]}: B − A", loc="left", fontsize=10)
        _format_axis(ax, h, diff=True)
        year_axis(ax, yrs)
    for ax in axes[len(cols) :]:
        ax.set_axis_off()
    axes[0].legend(fontsize=8, frameon=False, loc="best")
    return fig


def plot_counterfactual(comp: Comparison) -> Any:
    """Alliance gap with cooperation against the go-it-alone twin, per scenario, with bands."""
    fig = new_figure(12.0, 4.6)
    body = titled(
        fig,
        "Capability gap with cooperation and going it alone",
        f"alliance gap, mean and 5–95 % band over {len(comp.seeds)} seeds; dashed: "
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
                q["mean"],
                color=colour if style == "-" else "0.3",
                linestyle=style,
                linewidth=1.8,
                label=name,
            )
            year_axis(ax, yrs)
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
    st, cap = comp.focus_state, comp.focus_capability
    unit = comp.units.get(str(cap), "units")
    f = comp.focus
    fig = new_figure(13.0, 8.4)
    body = titled(
        fig,
        f"{st}, {str(cap).replace('_', ' ')}: {comp.labels['B']} against {comp.labels['A']}",
        f"mean and 5–95 % band over {len(comp.seeds)} paired seeds; grey dotted: going it alone",
    )
    axes = body.subplots(2, 3, squeeze=False).ravel()

    ax = axes[0]
    for side in SIDES:
        rows = f[f["side"] == side]
        _band_panel(ax, rows, "level", comp.labels, sides=[side])
        q = _quantiles(rows, "own_level")
        ax.plot(q.index, q["mean"], color=SIDE_COLOURS[side], linestyle="--", linewidth=1.2)
    q = _quantiles(f, "requirement")
    ax.plot(q.index, q["mean"], color="black", linewidth=1.0, label="requirement")
    q = _quantiles(f[f["side"] == "A"], "level_alone")
    ax.plot(q.index, q["mean"], color="0.5", linestyle=":", linewidth=1.4)
    ax.set_title(f"(a) Level (solid) and own level (dashed), {unit}", loc="left", fontsize=10)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=7, frameon=False, loc="best")

    panels = [
        ("gap", f"(b) Gap in {str(cap).replace('_', ' ')}", "capability_gap", "gap_alone"),
        ("savings_cumulative", f"(c) {st} cumulative savings from cooperation", "savings", None),
        ("savings", f"(d) {st} yearly savings from cooperation", "savings", None),
        ("autonomy", f"(e) {st} autonomy", "autonomy", None),
        ("capacity_to_act", f"(f) {st} capacity to act", "capacity_to_act", None),
    ]
    for ax, (col, title, kind_col, alone_col) in zip(axes[1:], panels, strict=True):
        _band_panel(ax, f, col, comp.labels)
        if alone_col:
            q = _quantiles(f[f["side"] == "A"], alone_col)
            ax.plot(
                q.index,
                q["mean"],
                color="0.5",
                linestyle=":",
                linewidth=1.4,
                label="going it alone",
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
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    jobs: list[tuple[str, Callable[[], Any]]] = [
        ("bands.png", lambda: plot_bands(comp)),
        ("difference.png", lambda: plot_difference(comp)),
        ("counterfactual.png", lambda: plot_counterfactual(comp)),
    ]
    if len(comp.focus) and comp.focus_capability:
        jobs.append(
            (f"focus_{comp.focus_state}_{comp.focus_capability}.png", lambda: plot_focus(comp))
        )
    return [save_png(make(), folder / name) for name, make in jobs]


# ------------------------------------------------------------------ command line
def register(
    sub: Any, bad_input: type[Exception] = cliargs.BadInput
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
    cliargs.add_years(p, help="simulated years of both, inclusive")
    p.add_argument(
        "--at",
        type=int,
        nargs="+",
        metavar="YEAR",
        help="years of the headline table (default 2020, 2025, 2030 and the last)",
    )
    p.add_argument(
        "--state", metavar="ISO3", help="focus state: the planner's view (all its areas)"
    )
    p.add_argument(
        "--capability", metavar="ID", help="focus capability area of --state (needs --state)"
    )
    cliargs.add_workers(p)
    cliargs.add_sets(p, help="override a parameter in both scenarios (repeatable)")
    cliargs.add_sets(p, "--set-a", help="override a parameter in A only (repeatable)")
    cliargs.add_sets(p, "--set-b", help="override a parameter in B only (repeatable)")
    cliargs.add_out(p, help="compare folder (default results/compare-A-vs-B/)")
    p.add_argument("--no-figures", action="store_true", help="skip the figures")

    def cmd_compare(args: argparse.Namespace) -> int:
        """Run the paired comparison and write the compare folder."""
        import time

        if args.seeds < 2:
            raise bad_input(f"--seeds {args.seeds}: need at least 2 paired seeds")
        if args.workers is not None and args.workers < 1:
            raise bad_input(f"--workers {args.workers}: expected a positive number")
        if args.capability is not None and args.state is None:
            raise bad_input("--capability needs --state: give the state whose area it is")
        years = cliargs.parse_years(args.years) if args.years else None
        sets = [cliargs.parse_sets(x) for x in (args.set, args.set_a, args.set_b)]
        # Validate everything (names, overrides, state, area, years) before running or writing.
        spec_a = load_scenario(args.a, {**sets[0], **sets[1]} or None, years)
        spec_b = load_scenario(args.b, {**sets[0], **sets[2]} or None, years)
        out = args.out or Path("results") / f"compare-{spec_a.name}-vs-{spec_b.name}"
        cliargs.check_out(out, args.force, bad_input)
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
        year = key_year(comp.at)
        print(
            f"{out}: {comp.labels['B']} - {comp.labels['A']}, {len(comp.seeds)} paired seeds, "
            f"{comp.years[0]}-{comp.years[1]}, {time.perf_counter() - start:.1f} s"
        )
        print(sentence(comp, HEADLINE_BY_COLUMN["capability_gap"], year).replace("**", ""))
        return 0

    return {"compare": cmd_compare}
