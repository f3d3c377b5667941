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

from model.accounting import cell_gap
from model.capabilities import EPS, CostModel
from model.params import AreaRole, BudgetParams, Goal

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
    gap = cell_gap(params.ambition * sit.requirement, sit.level)
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


@dataclass(frozen=True)
class ForceYear:
    """What fitting forces to money reads this year (arrays N x C unless noted)."""

    holdings: np.ndarray
    requirement: np.ndarray
    level: np.ndarray
    weights: np.ndarray  # (N, 3)
    area_budget: np.ndarray  # (N,) capability budget, USD million
    floor: np.ndarray  # bool: sovereignty floor
    holdings0: np.ndarray  # start-year holdings (the floor keeps a share of them)
    min_viable: np.ndarray  # (C,) smallest viable fleet
    covered: np.ndarray  # bool: the state is in some arrangement in the area
    committed_out: np.ndarray  # units committed to partners
    costs: CostModel
    published_gap: np.ndarray | None  # (C,) NATO's published gap under consultation, else None
    eu: np.ndarray  # (N,) bool
    base_financial: float  # baseline financial goal weight (divesting small fleets above it)
    role: np.ndarray | None = None  # (N, C) AreaRole; None: every area held


@dataclass(frozen=True)
class ForceFit:
    """The year's forces after cuts and investment, and the money that moved (N)."""

    holdings: np.ndarray  # (N, C)
    cascade_paid: np.ndarray  # residual value paid for cascaded units
    cascade_received: np.ndarray
    proceeds: np.ndarray  # residual value of all units shed
    opened: np.ndarray | None = None  # (N, C) bool: national fleets opened from zero this year


def fit_forces(
    year: ForceYear, total_cost: CostFn, params: BudgetParams, cascading: bool
) -> ForceFit:
    """Cut or invest so that the year's capability costs fit the budget (note, § Vormen).

    Cuts follow the goal weights (coordinated under NATO consultation, when
    ``year.published_gap`` is given); small fleets no one shares are divested; surplus money
    buys units where the gaps are. Under EU ``cascading`` the units EU states shed are offered
    to EU states that are buying in the same area: they arrive at once (beyond the yearly growth
    cap) and the buyer pays the seller their residual value.
    """
    h = year.holdings
    gap = total_cost(h) - year.area_budget
    floor_keep = np.minimum(np.where(year.floor, params.floor_keep * year.holdings0, 0.0), h)
    # plan with a small margin: costs are not linear in units, and a plan that lands just
    # inside the budget saves the exact (slower) fit below
    margin = params.plan_margin * year.area_budget
    new = _cut(year, gap, margin, floor_keep, params)
    sold = np.maximum(h - new, 0.0)
    surplus = np.where(gap < 0, np.maximum(year.area_budget - total_cost(new) - margin, 0.0), 0.0)
    eu = year.eu
    room = cascade_room(sold, new, year.requirement, eu, params) if cascading else None
    opening = open_fleets(year, new, surplus, params)
    surplus = np.maximum(
        surplus - (year.costs.alone_cost(opening) * (opening > EPS)).sum(axis=1), 0.0
    )
    buy = _invest(year, new + opening, surplus, floor_keep, room, params) + opening
    value = resale_value(year.costs, params)
    pay = cascade_payments(sold, buy, room, eu, value)[0]
    keep = np.maximum(floor_keep, np.minimum(year.committed_out, h))
    bought_to = _settle(new, new + buy, keep, year.area_budget - pay, total_cost, new + opening)
    bought = np.maximum(bought_to - new, 0.0)
    paid, received = cascade_payments(sold, bought, room, eu, value)
    proceeds = (np.maximum(h - bought_to, 0.0) * value).sum(axis=1)
    opened = (opening > EPS) & (bought_to > EPS)
    return ForceFit(np.maximum(bought_to, 0.0), paid, received, proceeds, opened)


def open_fleets(
    year: ForceYear, new: np.ndarray, surplus: np.ndarray, params: BudgetParams
) -> np.ndarray:
    """Units of the national fleets opened from zero this year (N x C; issue 11).

    A state opens a fleet in an area it holds nothing in only at minimum viable scale
    (``min_viable_scale``), only where it has a role (held, kept or an enabler share), where its
    requirement net of what partners already give it is at least that scale, and where the
    yearly cost of that fleet alone is at most ``budgets.open_surplus_share`` of its surplus:
    no state buys a fraction of a submarine. An enabler share (AWACS, AGS, airlift, tankers,
    satcom) is a share of an alliance-wide enabler, met through common funding or arrangements
    (issue 11; NATO's multinational fleets: SAC C-17 2008, NAEW, AGS, the MMF tankers from
    2016): it opens a national fleet only in an area where no arrangement runs anywhere in the
    alliance -- where one does, the state's share is met by joining or proposing one (7.11),
    not by a fleet of its own. At most one opening per state and year, the largest gap.
    """
    role = year.role
    if role is None:
        role = np.full(new.shape, int(AreaRole.HELD))
    mv = np.broadcast_to(year.min_viable[None, :], new.shape)
    level = year.level - (year.holdings - new)
    need = year.requirement - level
    cost = year.costs.alone_cost(np.ascontiguousarray(mv))
    # an enabler share is met through common funding or arrangements where the alliance has any
    in_alliance = year.covered.any(axis=0)[None, :]
    enabler_elsewhere = (role == int(AreaRole.ENABLER_SHARE)) & (
        year.covered | in_alliance | (level > EPS)
    )
    ok = (
        (new <= EPS)
        & (role != int(AreaRole.NONE))
        & ~enabler_elsewhere
        & (need >= mv)
        & (cost <= params.open_surplus_share * surplus[:, None])
    )
    out = np.zeros_like(new)
    rows = np.nonzero(ok.any(axis=1))[0]
    if len(rows):
        gap = cell_gap(params.ambition * year.requirement, level)
        pick = np.argmax(np.where(ok, gap, -1.0), axis=1)[rows]
        out[rows, pick] = mv[rows, pick]
    return out


def _situation(
    year: ForceYear, h: np.ndarray, level: np.ndarray, floor_keep: np.ndarray
) -> ForceSituation:
    return ForceSituation(
        holdings=h,
        requirement=year.requirement,
        level=level,
        weights=year.weights,
        floor_min=floor_keep,
        committed=year.committed_out,
        n_ref=year.costs.n_ref,
        marginal=year.costs.marginal_cost(h),
    )


def _cut(
    year: ForceYear,
    gap: np.ndarray,
    margin: np.ndarray,
    floor_keep: np.ndarray,
    params: BudgetParams,
) -> np.ndarray:
    """Holdings after planned cuts and divesting small fleets nobody shares."""
    sit = _situation(year, year.holdings, year.level, floor_keep)
    deficit = np.where(gap > 0, gap + margin, 0.0)
    if year.published_gap is not None:
        cut = coordinated_cuts(deficit, sit, params)
    else:
        cut = plan_cuts(deficit, sit, params, None)
    new = year.holdings - cut
    # divest small fleets nobody shares (NLD's tanks in 2011 are the type case)
    small = (
        (new > EPS)
        & (new < params.divest_below_viable * year.min_viable)
        & ~year.floor
        & ~year.covered
        & (year.weights[:, Goal.FINANCIAL, None] > year.base_financial)
    )
    return np.where(small, 0.0, new)


def _invest(
    year: ForceYear,
    new: np.ndarray,
    surplus: np.ndarray,
    floor_keep: np.ndarray,
    room: np.ndarray | None,
    params: BudgetParams,
) -> np.ndarray:
    """Units to buy with the surplus, alliance shortfalls first under consultation."""
    costs = year.costs
    # fleets open from zero only at viable scale (:func:`open_fleets`), never unit by unit
    opening = np.where(new > EPS, costs.price[:, None] * costs.overhead[None, :], np.inf)
    sit = _situation(year, new, year.level - (year.holdings - new), floor_keep)
    return plan_investment(surplus, sit, params, year.published_gap, opening, room)


def _settle(
    before_buy: np.ndarray,
    new: np.ndarray,
    keep: np.ndarray,
    budget: np.ndarray,
    total_cost: CostFn,
    protected: np.ndarray | None = None,
) -> np.ndarray:
    """Costs are not linear in units: scale back the purchases, then (rarely) the forces.

    ``protected`` (default ``before_buy``) is kept in the first pass: fleets opened this year
    stay at viable scale unless even they do not fit.
    """
    first = before_buy if protected is None else protected
    for floor, allow_zero in ((first, False), (keep, True)):
        cost_new = total_cost(new)
        over = np.nonzero(cost_new > budget + 1e-9)[0]
        if not len(over):
            break
        new = fit_to_budget(
            new, floor, budget, total_cost, over, allow_zero=allow_zero, cost=cost_new
        )
    return new


def resale_value(costs: CostModel, params: BudgetParams) -> np.ndarray:
    """Value of a sold unit (N x C): its residual share of the unit cost.

    Scaled down for states whose calibrated price level is below list price (older,
    cheaper equipment).
    """
    level = np.minimum(costs.price, 1.0)[:, None]
    return level * costs.unit_cost[None, :] * params.residual_value


def cascade_room(
    sold: np.ndarray,
    holdings: np.ndarray,
    requirement: np.ndarray,
    eu: np.ndarray,
    params: BudgetParams,
) -> np.ndarray:
    """Units EU states shed this year, offered to EU states in proportion to their need.

    EU cascading (note, § Multilateraal: the EU matches surpluses to shortfalls).
    """
    supply = (sold * eu[:, None]).sum(axis=0)
    need = np.maximum(params.ambition * requirement - holdings, 0.0)
    need = need * eu[:, None] * (sold <= EPS)
    total = need.sum(axis=0)
    return np.where(total > EPS, need / np.maximum(total, EPS) * np.minimum(supply, total), 0.0)


def cascade_payments(
    sold: np.ndarray,
    bought: np.ndarray,
    room: np.ndarray | None,
    eu: np.ndarray,
    price: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Residual-value payments for cascaded units: paid by buyers, received by sellers.

    ``price`` is the value of a sold unit (N x C, :func:`resale_value`).
    """
    n = len(sold)
    if room is None:
        return np.zeros(n), np.zeros(n)
    taken = np.minimum(bought, room)
    matched = taken.sum(axis=0)
    eu_sold = sold * eu[:, None]
    supply = eu_sold.sum(axis=0)
    share = np.where(supply > EPS, matched / np.maximum(supply, EPS), 0.0)
    received = eu_sold * share * price
    # buyers pay what the sellers' units are worth, so that money is conserved
    value = received.sum(axis=0)
    paid = taken * np.where(matched > EPS, value / np.maximum(matched, EPS), 0.0)
    return paid.sum(axis=1), received.sum(axis=1)
