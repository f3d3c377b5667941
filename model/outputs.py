"""Reporters, tidy tables and the run folder of the contract.

Model-level figures are Mesa ``DataCollector`` reporters (one named function each, with its
meaning in the docstring); the per-state, per-area and per-pair tables are recorded as numpy
rows each year by :class:`Recorder` and become pandas DataFrames with the contract's columns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
import pandas as pd

from model.accounting import YearAccounts
from model.arrangements import Arrangement, ArrangementBook
from model.params import CIRCLE_IDS, Circle, Form, Goal
from model.world import World

__all__ = ["Recorder", "RunTables", "arrangements_table", "model_reporters", "run_fields"]


class RunTables(Protocol):
    """The tables of one run, as the run folder holds them (see CONTRACT.md).

    A :class:`model.results.RunResult` is one. The analysis, the figures and the reports read a
    run through this; the figures also read ``scenario``, ``seed``, ``label`` and ``currency``
    when present (``getattr``, with a default).
    """

    model: pd.DataFrame
    states: pd.DataFrame
    capabilities: pd.DataFrame
    arrangements: pd.DataFrame
    circles: pd.DataFrame


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
    book: ArrangementBook
    seed: int | None
    openings: list[dict[str, Any]]
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


def access_value(m: ModelView) -> float:
    """Alliance access: what states field only through partners, at reference unit cost."""
    return float(m.accounts.access_value.sum())


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
        "access_value": access_value,
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
                "access_value": acc.access_value.copy(),
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
                "access": acc.access.copy(),
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
        for key in ("requirement", "level", "own_level", "gap", "holdings", "access"):
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
        "institution": [a.institution for a in arrs],
    }
    if not arrs:
        return pd.DataFrame(columns=list(cols))
    return pd.DataFrame(cols)


def run_fields(m: ModelView) -> dict[str, Any]:
    """A finished model's tables and what produced them: the fields of a ``RunResult``.

    :func:`model.run.result_from_model` wraps them in a :class:`~model.results.RunResult` (the
    run layer owns the result; the model layer only collects).
    """
    model_df = m.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    spec = m.scenario_spec
    return dict(
        scenario=spec.name,
        seed=None if m.seed is None else int(m.seed),
        years=(int(m.world.years[0]), int(m.world.years[-1])),
        currency=spec.currency,
        model=model_df,
        states=m.recorder.states_table(m),
        capabilities=m.recorder.capabilities_table(m),
        arrangements=arrangements_table(m),
        circles=m.recorder.circles_table(m),
        decisions=m.book.log.frame(),
        overrides=dict(spec.overrides),
        description=spec.description,
        focus_state=spec.focus_state,
        cooperation_model=m,
        openings=list(getattr(m, "openings", [])),
    )
