"""Reporters, tidy tables and the run folder of the contract.

Model-level figures are Mesa ``DataCollector`` reporters (one named function each, with its
meaning in the docstring); the per-state, per-area and per-pair tables are recorded as numpy
rows each year by :class:`Recorder` and become pandas DataFrames with the contract's columns.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from model.accounting import YearAccounts
from model.arrangements import Arrangement
from model.folders import atomic_folder
from model.params import CIRCLE_IDS, FORM_IDS, Circle, Form, Goal
from model.world import World

FLOAT_DECIMALS = 6


class ModelView(Protocol):
    """What the reporters and the recorder read from a model after its step.

    The :class:`~model.cooperation.CooperationModel`, named by what is read so that the outputs
    need not import it.
    """

    year: int
    world: World
    accounts: YearAccounts
    budget: np.ndarray
    weights: np.ndarray
    threat: np.ndarray
    pressure: np.ndarray
    circle: np.ndarray
    holdings: np.ndarray
    staff_capacity: np.ndarray
    cascade_paid: np.ndarray
    cascade_received: np.ndarray
    crises: list[Any]
    n_formed: int
    n_projects: int
    n_deepened: int
    n_left: int
    arrangements: list[Arrangement]
    seed: int | None
    scenario_spec: Any
    recorder: Recorder
    datacollector: Any


# ---------------------------------------------------------------- model-level reporters
# Each reads the year's accounts (:class:`model.accounting.YearAccounts`), computed once at
# the end of the step, or the model's state for the year (budgets, threat, crises).
def budget_total(m: ModelView) -> float:
    """Sum of the states' defence budgets, USD million (2012 prices)."""
    return float(m.budget.sum())


def spending_total(m: ModelView) -> float:
    """Sum of what the states spent, USD million (2012 prices)."""
    return float(m.accounts.spending.sum())


def savings(m: ModelView) -> float:
    """Alliance savings: cost of fielding every state's level alone minus actual spending."""
    return float(m.accounts.savings.sum())


def capability_gap(m: ModelView) -> float:
    """Alliance-wide gap: shortfall against the requirement, weighted by area cost, in [0, 1]."""
    return m.accounts.alliance_gap


def collaborative_share(m: ModelView) -> float:
    """Share of equipment spending that goes through arrangements (EDA benchmark: 35 %).

    Jointly procured or integrated fleets, hire contracts and payments for a partner's role.
    """
    return float(m.accounts.collaborative_share)


def collaborative_share_europe(m: ModelView) -> float:
    """The same share for the European states (without the USA and Canada)."""
    return float(m.accounts.collaborative_share_europe)


def autonomy(m: ModelView) -> float:
    """Share of the alliance's fielded capability that its holders control alone."""
    return m.accounts.alliance_autonomy


def capacity_to_act(m: ModelView) -> float:
    """Requirement-weighted mean of the states' capacity to act."""
    return m.accounts.alliance_capacity


def _count_form(form: Form) -> Callable[[ModelView], int]:
    def count(m: ModelView) -> int:
        return int(m.accounts.form_counts[form])

    count.__doc__ = f"Active arrangements of form {form.id}."
    count.__name__ = f"arrangements_{form.id}"
    return count


def threat(m: ModelView) -> float:
    """Mean threat felt by the states (0 = baseline)."""
    return float(m.threat.mean())


def model_reporters() -> dict[str, Callable[[ModelView], Any]]:
    """The model-level reporters, in the column order of ``model.csv``."""
    out: dict[str, Callable[[ModelView], Any]] = {
        "year": lambda m: m.year,
        "budget_total": budget_total,
        "spending_total": spending_total,
        "savings": savings,
        "capability_gap": capability_gap,
        "collaborative_share": collaborative_share,
        "collaborative_share_europe": collaborative_share_europe,
        "autonomy": autonomy,
        "capacity_to_act": capacity_to_act,
    }
    for form in Form:
        out[f"arrangements_{form.id}"] = _count_form(form)
    out.update(
        {
            "threat": threat,
            "crises": lambda m: len(m.crises),
            "formed": lambda m: m.n_formed,
            "projects": lambda m: m.n_projects,
            "deepened": lambda m: m.n_deepened,
            "left": lambda m: m.n_left,
        }
    )
    return out


# ---------------------------------------------------------------- per-year records
class Recorder:
    """Collects the per-state, per-area and per-pair rows of every simulated year."""

    def __init__(self) -> None:
        self.states: list[dict[str, np.ndarray]] = []
        self.caps: list[dict[str, np.ndarray]] = []
        self.circles: list[np.ndarray] = []

    def record(self, m: ModelView) -> None:
        """Append this year's rows: the year's accounts and the states' budgets and goals."""
        acc = m.accounts
        n = m.world.n_states
        counts = np.stack([(m.circle == int(c)).sum(axis=1) for c in Circle], axis=1)
        self.states.append(
            {
                "year": np.full(n, acc.year),
                "budget": m.budget.copy(),
                "spending": acc.spending.copy(),
                "savings": acc.savings.copy(),
                "capability_gap": acc.state_gap.copy(),
                "autonomy": acc.autonomy.copy(),
                "capacity_to_act": acc.capacity.copy(),
                "w_political": m.weights[:, Goal.POLITICAL].copy(),
                "w_military": m.weights[:, Goal.MILITARY].copy(),
                "w_financial": m.weights[:, Goal.FINANCIAL].copy(),
                "partners_strategic": counts[:, Circle.STRATEGIC],
                "partners_affiliated": counts[:, Circle.AFFILIATED],
                "partners_opportunity": counts[:, Circle.OPPORTUNITY],
                "area_spending": acc.area_spending.copy(),
                "unallocated": acc.unallocated.copy(),
                "cascade_paid": m.cascade_paid.copy(),
                "cascade_received": m.cascade_received.copy(),
                "pressure": m.pressure.copy(),
                "threat": m.threat.copy(),
                "arrangements": acc.arrangements,
                "staff_used": acc.staff_used.copy(),
                "staff_capacity": m.staff_capacity.copy(),
            }
        )
        self.caps.append(
            {
                "year": acc.year,
                "requirement": acc.requirement.copy(),
                "level": acc.level.copy(),
                "own_level": acc.own_level.copy(),
                "gap": acc.gap.copy(),
                "holdings": m.holdings.copy(),
            }
        )
        i, j = np.nonzero(m.circle >= 0)
        self.circles.append(np.stack([np.full(len(i), acc.year), i, j, m.circle[i, j]], axis=1))

    def states_table(self, m: ModelView) -> pd.DataFrame:
        """``states.csv``: one row per year x state."""
        n = m.world.n_states
        cols: dict[str, Any] = {}
        for key in self.states[0] if self.states else []:
            cols[key] = np.concatenate([r[key] for r in self.states])
        df = pd.DataFrame(cols)
        if len(df):
            codes = np.tile(np.arange(n), len(self.states))
            df.insert(1, "state", pd.Categorical.from_codes(codes, categories=m.world.states))
        else:
            df = pd.DataFrame(columns=["year", "state"])
        del n
        return df

    def capabilities_table(self, m: ModelView) -> pd.DataFrame:
        """``capabilities.csv``: one row per year x state x capability area."""
        n, c = m.world.n_states, m.world.n_caps
        t = len(self.caps)
        frame = {
            "year": np.repeat([r["year"] for r in self.caps], n * c),
            "state": pd.Categorical.from_codes(
                np.tile(np.repeat(np.arange(n), c), t), categories=m.world.states
            ),
            "capability": pd.Categorical.from_codes(
                np.tile(np.arange(c), n * t), categories=m.world.capabilities
            ),
        }
        for key in ("requirement", "level", "own_level", "gap", "holdings"):
            frame[key] = np.concatenate([r[key].ravel() for r in self.caps]) if t else []
        return pd.DataFrame(frame)

    def circles_table(self, m: ModelView) -> pd.DataFrame:
        """``circles.csv``: one row per year x state x related partner."""
        rows = np.concatenate(self.circles) if self.circles else np.zeros((0, 4), dtype=int)
        states = list(m.world.states)
        return pd.DataFrame(
            {
                "year": rows[:, 0].astype(int),
                "state": pd.Categorical.from_codes(rows[:, 1].astype(int), categories=states),
                "partner": pd.Categorical.from_codes(rows[:, 2].astype(int), categories=states),
                "circle": pd.Categorical.from_codes(rows[:, 3].astype(int), categories=CIRCLE_IDS),
            }
        )


def arrangements_table(m: ModelView) -> pd.DataFrame:
    """``arrangements.csv``: one row per arrangement that ever ran in the simulation.

    ``members`` lists every state that was ever a member; ``members_end`` those still in at
    the end (or when it ended).
    """
    codes = m.world.states
    caps = m.world.capabilities
    arrs = m.arrangements
    cols = {
        "id": [a.code for a in arrs],
        "capability": [caps[a.cap] for a in arrs],
        "form": [a.form.id for a in arrs],
        "members": [";".join(sorted(codes[i] for i in a.ever_members)) for a in arrs],
        "lead": [codes[a.lead] if a.lead >= 0 else "" for a in arrs],
        "origin": [a.origin.value for a in arrs],
        "start_year": [a.start_year for a in arrs],
        "end_year": ["" if a.end_year is None else a.end_year for a in arrs],
        "predecessor": [a.predecessor for a in arrs],
        "depth": [int(a.form) for a in arrs],
        "members_end": [";".join(sorted(codes[i] for i in a.members)) for a in arrs],
    }
    if not arrs:
        return pd.DataFrame(columns=list(cols))
    return pd.DataFrame(cols)


# ---------------------------------------------------------------- the run result
@dataclass
class RunResult:
    """A finished run: the contract's tables as DataFrames, plus what produced them."""

    scenario: str
    seed: int | None
    years: tuple[int, int]
    currency: str
    model: pd.DataFrame
    states: pd.DataFrame
    capabilities: pd.DataFrame
    arrangements: pd.DataFrame
    circles: pd.DataFrame
    overrides: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    focus_state: str | None = None
    cooperation_model: Any = None

    def summary(self) -> dict[str, Any]:
        """Headline figures for ``summary.json``."""
        from model.cooperation import MODEL_VERSION

        last = self.model.iloc[-1] if len(self.model) else None
        first = self.model.iloc[0] if len(self.model) else None
        out: dict[str, Any] = {
            "scenario": self.scenario,
            "description": self.description,
            "seed": self.seed,
            "years": list(self.years),
            "currency": self.currency,
            "model_version": MODEL_VERSION,
            "overrides": {k: _jsonable(v) for k, v in sorted(self.overrides.items())},
        }
        if last is not None:
            active = {f: int(last[f"arrangements_{f}"]) for f in FORM_IDS}
            origins = self.arrangements["origin"].value_counts().to_dict()
            out["headline"] = {
                "capability_gap_start": _r(first["capability_gap"]),
                "capability_gap_end": _r(last["capability_gap"]),
                "savings_cumulative": _r(self.model["savings"].sum()),
                "savings_end": _r(last["savings"]),
                "autonomy_start": _r(first["autonomy"]),
                "autonomy_end": _r(last["autonomy"]),
                "capacity_to_act_start": _r(first["capacity_to_act"]),
                "capacity_to_act_end": _r(last["capacity_to_act"]),
                "collaborative_share_end": _r(last["collaborative_share"]),
                "arrangements_active_end": active,
                "arrangements_by_origin": {k: int(v) for k, v in sorted(origins.items())},
            }
            if self.focus_state:
                fs = self.states[self.states["state"] == self.focus_state]
                if len(fs):
                    row = fs.iloc[-1]
                    out["focus_state"] = {
                        "state": self.focus_state,
                        "capability_gap_end": _r(row["capability_gap"]),
                        "autonomy_end": _r(row["autonomy"]),
                        "capacity_to_act_end": _r(row["capacity_to_act"]),
                        "savings_cumulative": _r(fs["savings"].sum()),
                        "partners_strategic_end": sorted(
                            self.circles[
                                (self.circles["year"] == self.years[1])
                                & (self.circles["state"] == self.focus_state)
                                & (self.circles["circle"] == "strategic")
                            ]["partner"]
                        ),
                    }
        return out

    def save(
        self, folder: str | os.PathLike[str], figures: bool = True, force: bool = False
    ) -> Path:
        """Write the run folder: CSVs, ``summary.json`` and ``figures/``.

        The folder is written in a temporary sibling and moved into place when complete, so a
        failure leaves nothing half-written. An existing non-empty folder is replaced only with
        ``force=True``.
        """
        with atomic_folder(folder, force) as tmp:
            for name, df in self.tables().items():
                write_csv(df, tmp / f"{name}.csv")
            (tmp / "summary.json").write_text(json.dumps(self.summary(), indent=2) + "\n")
            if figures:
                from model.figures import write_figures

                write_figures(self, tmp / "figures", focus_state=self.focus_state)
            from model.reports import write_run_report

            write_run_report(self, tmp)  # report.md / report.html, also without figures
        return Path(folder)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The five contract tables by file stem."""
        return {
            "model": self.model,
            "states": self.states,
            "capabilities": self.capabilities,
            "arrangements": self.arrangements,
            "circles": self.circles,
        }


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write a table with fixed float formatting so equal runs give equal bytes."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(FLOAT_DECIMALS) + 0.0
    out.to_csv(path, index=False, lineterminator="\n", float_format=f"%.{FLOAT_DECIMALS}f")


def result_from_model(m: ModelView) -> RunResult:
    """Collect a finished model's tables into a :class:`RunResult`."""
    model_df = m.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    spec = m.scenario_spec
    return RunResult(
        scenario=spec.name,
        seed=None if m.seed is None else int(m.seed),
        years=(int(m.world.years[0]), int(m.world.years[-1])),
        currency=spec.currency,
        model=model_df,
        states=m.recorder.states_table(m),
        capabilities=m.recorder.capabilities_table(m),
        arrangements=arrangements_table(m),
        circles=m.recorder.circles_table(m),
        overrides=dict(spec.overrides),
        description=spec.description,
        focus_state=spec.focus_state,
        cooperation_model=m,
    )


def _r(x: Any) -> float:
    return round(float(x), FLOAT_DECIMALS)


def _jsonable(v: Any) -> Any:
    if isinstance(v, tuple):
        return list(v)
    if isinstance(v, np.generic):
        return v.item()
    return v
