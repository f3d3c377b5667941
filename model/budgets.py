"""Budgets, cuts and investments: how states fit their forces to their money each year.

Note, § Vormen van samenwerking: Defence "will, when considering divestment following cuts, take
account of other
countries' cutting plans, also in the light of NATO and EU shortfalls and surpluses", and one
financial goal is to prevent "unwanted cuts of the same capabilities". Without consultation a
state cuts by its own goal weights; with NATO consultation (``policy.nato_consultation``) the
areas the alliance as a whole would be short of after everyone's plans are spared, and
investments go first to alliance shortfalls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from model.capabilities import EPS, gap_share
from model.params import BudgetParams, Goal

CostFn = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class ForceSituation:
    """What a state weighs when it cuts or invests (arrays N x C unless noted)."""

    holdings: np.ndarray
    requirement: np.ndarray
    level: np.ndarray
    weights: np.ndarray  # (N, 3) political, military, financial
    floor_min: np.ndarray  # units a state keeps at least (sovereignty floor)
    committed: np.ndarray  # units committed to partners (specialisation providers)
    n_ref: np.ndarray  # (C,) reference fleet
    marginal: np.ndarray  # yearly cost of one more unit


def _softmax(pref: np.ndarray, allowed: np.ndarray, temperature: float) -> np.ndarray:
    z = np.where(allowed, pref / temperature, -np.inf)
    top = np.max(np.where(allowed, z, -1e300), axis=1, keepdims=True)
    e = np.where(allowed, np.exp(z - top), 0.0)
    tot = e.sum(axis=1, keepdims=True)
    return np.where(tot > 0, e / np.maximum(tot, EPS), 0.0)


def cut_preference(sit: ForceSituation, alliance_balance: np.ndarray | None) -> np.ndarray:
    """How willing each state is to cut each area (N x C; higher = cut first).

    Surplus above the requirement goes first; a state with a high financial weight sheds small,
    inefficient fleets; a high military weight protects areas that cover the requirement. With
    consultation, ``alliance_balance`` (C: the alliance's projected level minus its requirement,
    as a share of the requirement) steers cuts to alliance surpluses and away from shortfalls.
    """
    req = np.maximum(sit.requirement, EPS)
    surplus = np.minimum(np.maximum((sit.level - sit.requirement) / req, 0.0), 1.0)
    coverage = np.minimum(np.maximum(sit.level / req, 0.0), 1.0)
    small = np.minimum(np.maximum(sit.n_ref / np.maximum(sit.holdings, EPS) - 1.0, 0.0), 3.0) / 3.0
    w_mil = sit.weights[:, Goal.MILITARY, None]
    w_fin = sit.weights[:, Goal.FINANCIAL, None]
    pref = 2.0 * surplus + 2.0 * w_fin * small - 2.0 * w_mil * coverage
    if alliance_balance is not None:
        pref = pref - 4.0 * np.minimum(np.maximum(-alliance_balance, 0.0), 1.0)[None, :]
    return pref


def plan_cuts(
    deficit: np.ndarray,
    sit: ForceSituation,
    params: BudgetParams,
    alliance_balance: np.ndarray | None,
) -> np.ndarray:
    """Units each state plans to cut (N x C) to close ``deficit`` (N, USD million, >= 0).

    The deficit is split over areas by a logit of :func:`cut_preference`, turned into units at
    the marginal cost, and capped by ``max_cut_rate``, the sovereignty floor and commitments;
    what a capped area cannot give is passed on to the others.
    """
    pref = cut_preference(sit, alliance_balance)
    keep = np.maximum(sit.floor_min, sit.committed)
    room = np.minimum(sit.holdings * params.max_cut_rate, np.maximum(sit.holdings - keep, 0.0))
    cut = np.zeros_like(sit.holdings)
    left = np.maximum(deficit, 0.0).copy()
    for _ in range(4):
        allowed = (room - cut) > EPS
        share = _softmax(pref, allowed, params.cut_temperature)
        units = share * left[:, None] / np.maximum(sit.marginal, EPS)
        units = np.minimum(units, room - cut)
        cut += units
        left = np.maximum(left - (units * sit.marginal).sum(axis=1), 0.0)
        if not (left > EPS).any():
            break
    return cut


def coordinated_cuts(deficit: np.ndarray, sit: ForceSituation, params: BudgetParams) -> np.ndarray:
    """Cuts after NATO consultation: states plan in turn, each seeing the others' plans.

    In order of their deficits (largest first), each state plans its cuts knowing what the
    states before it will cut: areas where the alliance as a whole would then fall short are
    spared, so different states cut different capabilities -- the note's aim of preventing
    "ongewenste bezuinigingen op dezelfde capaciteiten", "in het licht van tekorten en
    overschotten binnen de NAVO en de EU" (§ Vormen van samenwerking; consultation before cuts:
    § Multilateraal).
    """
    cut = np.zeros_like(sit.holdings)
    need = np.nonzero(deficit > EPS)[0]
    if len(need) == 0:
        return cut
    req_total = np.maximum(sit.requirement.sum(axis=0), EPS)
    order = need[np.argsort(-deficit[need], kind="stable")]
    projected = sit.level.copy()
    for s in order:
        balance = (projected.sum(axis=0) - sit.requirement.sum(axis=0)) / req_total
        one = ForceSituation(
            holdings=sit.holdings[s : s + 1],
            requirement=sit.requirement[s : s + 1],
            level=sit.level[s : s + 1],
            weights=sit.weights[s : s + 1],
            floor_min=sit.floor_min[s : s + 1],
            committed=sit.committed[s : s + 1],
            n_ref=sit.n_ref,
            marginal=sit.marginal[s : s + 1],
        )
        row = plan_cuts(deficit[s : s + 1], one, params, balance)[0]
        cut[s] = row
        projected[s] = np.maximum(projected[s] - row, 0.0)
    return cut


def plan_investment(
    surplus: np.ndarray,
    sit: ForceSituation,
    params: BudgetParams,
    alliance_gap: np.ndarray | None,
    opening_cost: np.ndarray,
    extra_room: np.ndarray | None = None,
) -> np.ndarray:
    """Units each state plans to buy (N x C) with ``surplus`` (N, USD million per year).

    Money goes to the areas with the largest own gaps (weighted by the military weight), or with
    consultation also to alliance shortfalls; growth is capped at ``max_growth_rate`` of the
    requirement a year and at ``ambition`` times the requirement. An area the state does not hold
    opens only
    if the surplus also pays its fixed overhead (``opening_cost``, N x C).
    """
    gap = gap_share(params.ambition * sit.requirement, sit.level)
    pref = 3.0 * gap * (0.5 + sit.weights[:, Goal.MILITARY, None])
    if alliance_gap is not None:
        pref = pref + 2.0 * alliance_gap[None, :]
    growth = params.max_growth_rate * sit.requirement
    if extra_room is not None:
        growth = growth + extra_room  # cascaded units need no production lead time
    room = np.minimum(growth, np.maximum(params.ambition * sit.requirement - sit.level, 0.0))
    affordable_open = (sit.holdings > EPS) | (opening_cost < 0.5 * surplus[:, None])
    allowed = (room > EPS) & affordable_open
    buy = np.zeros_like(sit.holdings)
    left = np.maximum(surplus, 0.0).copy()
    for _ in range(3):
        ok = allowed & ((room - buy) > EPS)
        share = _softmax(pref, ok, 0.5)
        money = share * left[:, None]
        opening = np.where((sit.holdings + buy) <= EPS, opening_cost, 0.0)
        units = np.maximum(money - opening, 0.0) / np.maximum(sit.marginal, EPS)
        units = np.minimum(units, room - buy)
        spent = units * sit.marginal + np.where(units > EPS, opening, 0.0)
        buy += units
        left = np.maximum(left - spent.sum(axis=1), 0.0)
        if not (left > EPS).any():
            break
    return buy


def fit_to_budget(
    holdings: np.ndarray,
    keep: np.ndarray,
    budget: np.ndarray,
    total_cost: CostFn,
    rows: np.ndarray,
    iterations: int = 12,
    allow_zero: bool = True,
    cost: np.ndarray | None = None,
) -> np.ndarray:
    """Scale down the cuttable part of ``rows``' holdings until their cost fits the budget.

    A last resort after planned cuts and purchases (costs are not linear in units): find, for
    all rows at once, the largest factor ``lam`` in ``keep + lam * (holdings - keep)`` whose
    cost fits, alternating regula falsi and bisection steps on the bracket [0, 1] (fast when
    cost is nearly linear in ``lam``, safe when it is not). Rows where even ``keep`` does not
    fit scale from zero instead when ``allow_zero``, and are left unchanged otherwise (for a
    later pass with a lower floor). ``cost`` is ``total_cost(holdings)`` if already known.
    """
    rows = np.asarray(rows, dtype=int)
    h = holdings.copy()
    base = np.minimum(keep[rows], h[rows])
    trial = h.copy()
    trial[rows] = base
    b = budget[rows]
    c_lo = total_cost(trial)[rows]
    too_much = c_lo > b
    if too_much.any():
        if not allow_zero:
            rows, base, b, c_lo = rows[~too_much], base[~too_much], b[~too_much], c_lo[~too_much]
            trial = h.copy()
            if len(rows) == 0:
                return h
        else:
            base[too_much] = 0.0
            trial[rows] = base
            c_lo = total_cost(trial)[rows]
    span = h[rows] - base
    lo, hi = np.zeros(len(rows)), np.ones(len(rows))
    c_hi = (total_cost(h) if cost is None else cost)[rows]
    for it in range(iterations):
        if it % 2 == 0:
            frac = np.minimum(np.maximum((b - c_lo) / np.maximum(c_hi - c_lo, 1e-12), 0.0), 1.0)
            mid = lo + (hi - lo) * frac * (1.0 - 1e-9)
        else:
            mid = 0.5 * (lo + hi)
        trial[rows] = base + mid[:, None] * span
        cost = total_cost(trial)[rows]
        fits = cost <= b
        lo, c_lo = np.where(fits, mid, lo), np.where(fits, cost, c_lo)
        hi, c_hi = np.where(fits, hi, mid), np.where(fits, c_hi, cost)
        if (b - c_lo <= 1e-4 * np.maximum(b, 1.0)).all():
            break
    h[rows] = base + lo[:, None] * span
    return h
