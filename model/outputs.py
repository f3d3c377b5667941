"""Reporters, tidy tables and the run folder of the contract.

Model-level figures are Mesa ``DataCollector`` reporters (one named function each, with its
meaning in the docstring); the per-state, per-area and per-pair tables are recorded as numpy
rows each year by :class:`Recorder` and become pandas DataFrames with the contract's columns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from model.capabilities import EPS
from model.params import CIRCLE_IDS, Circle, Form

# RunResult and write_csv live in model.results; imported here for result_from_model and for
# the public names ``from model.outputs import RunResult, write_csv``.
from model.results import FLOAT_DECIMALS, RunResult, write_csv

if TYPE_CHECKING:
    from model.cooperation import CooperationModel

__all__ = ["FLOAT_DECIMALS", "RunResult", "model_reporters", "result_from_model", "write_csv"]


# ---------------------------------------------------------------- model-level reporters
def budget_total(m: CooperationModel) -> float:
    """Sum of the states' defence budgets, USD million (2012 prices)."""
    return float(m.budget.sum())


def spending_total(m: CooperationModel) -> float:
    """Sum of what the states spent, USD million (2012 prices)."""
    return float(m.spending.sum())


def savings(m: CooperationModel) -> float:
    """Alliance savings: cost of fielding every state's level alone minus actual spending."""
    return float(m.savings.sum())


def capability_gap(m: CooperationModel) -> float:
    """Alliance-wide gap: shortfall against the requirement, weighted by area cost, in [0, 1]."""
    w = m.area_weight[None, :]
    short = (np.maximum(m.requirement - m.level, 0.0) * w).sum()
    return float(short / max((m.requirement * w).sum(), EPS))


def collaborative_share(m: CooperationModel) -> float:
    """Share of equipment spending that goes through arrangements (EDA benchmark: 35 %).

    Jointly procured or integrated fleets, hire contracts and payments for a partner's role.
    """
    return float(m.collaborative_share)


def collaborative_share_europe(m: CooperationModel) -> float:
    """The same share for the European states (without the USA and Canada)."""
    return float(m.collaborative_share_europe)


def autonomy(m: CooperationModel) -> float:
    """Share of the alliance's fielded capability that its holders control alone."""
    w = m.area_weight[None, :]
    fielded = (np.minimum(m.level, m.requirement) * w).sum()
    own = (np.minimum(m.own_level, m.requirement) * w).sum()
    return float(min(own / fielded, 1.0)) if fielded > EPS else 1.0


def capacity_to_act(m: CooperationModel) -> float:
    """Requirement-weighted mean of the states' capacity to act."""
    w = (m.requirement * m.area_weight[None, :]).sum(axis=1)
    return float((m.capacity * w).sum() / max(w.sum(), EPS))


def _count_form(form: Form) -> Callable[[CooperationModel], int]:
    def count(m: CooperationModel) -> int:
        return int(m.form_counts[form])

    count.__doc__ = f"Active arrangements of form {form.id}."
    count.__name__ = f"arrangements_{form.id}"
    return count


def threat(m: CooperationModel) -> float:
    """Mean threat felt by the states (0 = baseline)."""
    return float(m.threat.mean())


def model_reporters() -> dict[str, Callable[[CooperationModel], Any]]:
    """The model-level reporters, in the column order of ``model.csv``."""
    out: dict[str, Callable[[CooperationModel], Any]] = {
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

    def __init__(self, model: CooperationModel) -> None:
        self.states: list[dict[str, np.ndarray]] = []
        self.caps: list[dict[str, np.ndarray]] = []
        self.circles: list[np.ndarray] = []

    def record(self, m: CooperationModel) -> None:
        """Append this year's rows."""
        n = m.world.n_states
        counts = np.stack([(m.circle == int(c)).sum(axis=1) for c in Circle], axis=1)
        n_arr = np.bincount(m.structure().m_state, minlength=n)
        self.states.append(
            {
                "year": np.full(n, m.year),
                "budget": m.budget.copy(),
                "spending": m.spending.copy(),
                "savings": m.savings.copy(),
                "capability_gap": m.state_gap.copy(),
                "autonomy": m.autonomy.copy(),
                "capacity_to_act": m.capacity.copy(),
                "w_political": m.weights[:, 0].copy(),
                "w_military": m.weights[:, 1].copy(),
                "w_financial": m.weights[:, 2].copy(),
                "partners_strategic": counts[:, Circle.STRATEGIC],
                "partners_affiliated": counts[:, Circle.AFFILIATED],
                "partners_opportunity": counts[:, Circle.OPPORTUNITY],
                "area_spending": m.area_spending.copy(),
                "unallocated": m.unallocated.copy(),
                "cascade_paid": m.cascade_paid.copy(),
                "cascade_received": m.cascade_received.copy(),
                "pressure": m.pressure.copy(),
                "threat": m.threat.copy(),
                "arrangements": n_arr,
                "staff_used": m.ledger.staff_used.copy(),
                "staff_capacity": m.staff_capacity.copy(),
            }
        )
        self.caps.append(
            {
                "year": m.year,
                "requirement": m.requirement.copy(),
                "level": m.level.copy(),
                "own_level": m.own_level.copy(),
                "gap": m.gap.copy(),
                "holdings": m.holdings.copy(),
            }
        )
        i, j = np.nonzero(m.circle >= 0)
        self.circles.append(np.stack([np.full(len(i), m.year), i, j, m.circle[i, j]], axis=1))

    def states_table(self, m: CooperationModel) -> pd.DataFrame:
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

    def capabilities_table(self, m: CooperationModel) -> pd.DataFrame:
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

    def circles_table(self, m: CooperationModel) -> pd.DataFrame:
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


def arrangements_table(m: CooperationModel) -> pd.DataFrame:
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


def result_from_model(m: CooperationModel) -> RunResult:
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
