"""What the year's mechanisms read, assembled from the model's state.

:class:`~model.cooperation.CooperationModel` keeps the state and the order of the year; the
functions here gather that state into the inputs of the mechanisms (the start-year calibration
of staff and prices, the arrangement decisions' :class:`~model.arrangements.YearContext`, the
force fit's :class:`~model.budgets.ForceYear`, the :class:`~model.accounting.YearAccounts`), so
that the model reads as a script of the year.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from model import accounting
from model.accounting import YearAccounts
from model.arrangements import (
    GainContext,
    GainTables,
    Ledger,
    YearContext,
    build_ledger,
    deep_areas,
)
from model.budgets import ForceYear
from model.capabilities import EPS
from model.industry import buying_windows, programme_family
from model.params import AreaRole, Form
from model.partners import partner_criteria

#: The :class:`~model.cooperation.CooperationModel` whose state these functions read. Not
#: imported, not even for type checking: the model imports this module (no cycle in model/).
ModelState = Any

#: Why a national fleet was opened from zero, by the state's role in the area (issue 11).
OPENING_REASONS = {
    AreaRole.HELD: "held role, requirement at viable scale",
    AreaRole.KEPT_ROLE: "kept role (force structure or 2012 plans), rebuilt at viable scale",
    AreaRole.ENABLER_SHARE: "enabler share large enough for a viable national fleet",
}


# ---------------------------------------------------------------------- start-year calibration
def calibrate(m: ModelState) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Calibrate staff, then prices; return staff scale, staff capacity and price factors."""
    calibrate_staff(m)
    calibrate_prices(m)
    kept = (m.staff_scale, m.staff_capacity, m.base_costs.price)
    return tuple(a.copy() for a in kept)


def calibrate_prices(m: ModelState) -> None:
    """Re-calibrate price factors to the start year's holdings *with* its arrangements.

    The first calibration costs them alone; a few fixed-point passes, since upkeep and NATO
    contributions do not scale with the price factor.
    """
    lo, hi = m.params.costs.price_factor_bounds
    target = m.params.budgets.area_share * m.world.budget0
    h = m.world.holdings0
    for _ in range(3):
        led = build_ledger(m.book, m._ledger_inputs())
        m._common_funding()
        cost = m.costing(led).total_cost(h)
        fixed = led.upkeep + m.common_contribution
        variable = np.maximum(cost - fixed, EPS)
        scale = np.maximum(target - fixed, 0.0) / variable
        price = np.minimum(np.maximum(m.base_costs.price * scale, lo), hi)
        m.base_costs = replace(m.base_costs, price=price)
        m.costs = m.base_costs
    m.common_entitlement = np.zeros_like(m.common_entitlement)
    m.common_contribution = np.zeros_like(m.common_contribution)


def calibrate_staff(m: ModelState) -> None:
    """Scale each state's staff so that its start-year arrangements fit with headroom."""
    used = build_ledger(m.book, m._ledger_inputs()).staff_used
    need = used * (1.0 + m.params.partners.staff_headroom)
    m.staff_scale = np.maximum(need / np.maximum(m.staff_capacity, EPS), 1.0)
    m.staff_capacity = m.staff_capacity * m.staff_scale


# ---------------------------------------------------------------------- the year's inputs
def gain_context(m: ModelState, led: Ledger) -> GainContext:
    """What the gain of an arrangement reads this year (the opening position)."""
    w = m.world
    return GainContext(
        holdings=m.holdings,
        requirement=m.requirement,
        level=m.level,
        alone_cost=m.costs.alone_cost(m.holdings),
        hired=led.hired,
        req_cost=np.maximum(m.costs.alone_cost(m.requirement), EPS),
        weights=m.weights,
        aversion=m.aversion,
        political_distance=m.geometry.political_distance,
        culture_distance=m.geometry.culture_distance,
        trust=m.trust,
        commonality=w.commonality,
        floor=w.floor,
        hireable=m.hireable,
        min_viable=w.min_viable,
        price=m.costs.price,
        setup_discount=m.setup_discount,
        rivalry=m.geometry.rivalry,
        deep_areas=deep_areas(m.book.structure(), w.n_states, w.n_caps),
        tables=GainTables.of(
            m.forms, m.params, m.geometry, m.setup_discount, m.requirement, m.weights,
            m.pair_tables,
        ),  # fmt: skip
    )


def year_context(m: ModelState, led: Ledger) -> YearContext:
    """What the year's arrangement decisions read (the opening position)."""
    return YearContext(
        year=m.year,
        params=m.params,
        forms=m.forms,
        costs=m.costs,
        rng=m.rng,
        gains=gain_context(m, led),
        ledger=led,
        staff_capacity=m.staff_capacity,
        partner_scores=m.partner_scores,
        forms_allowed=m.forms_allowed,
        nato=m.nato,
        eu=m.eu,
        criteria=partner_criteria(m.geometry, m._syn, m.shared_goals, m.world.n_caps),
        institution_of=np.array(m.book.institution_codes, dtype=int),
        **_buying(m),
    )


def _buying(m: ModelState) -> dict[str, np.ndarray | None]:
    """Who may buy kit this year, and the industrial base (:mod:`model.industry`, ODD 7.31)."""
    w = m.world
    due = near = family = None
    if m.params.procurement.moments and w.replacement is not None:
        sync = m.params.procurement.sync_years
        due, near = buying_windows(m.moments, w.replacement_unknown, m.year, sync)
        st = m.book.structure()
        family = programme_family(w.commonality, st.m_row, st.m_state, st.first, st.cap, st.form)
    return {"buy_due": due, "buy_near": near, "buy_family": family,
            "industry_clash": w.industry_clash, "industry_lines": w.industry_lines}  # fmt: skip


def force_year(m: ModelState, led: Ledger) -> ForceYear:
    """What fitting forces to money reads this year (:func:`model.budgets.fit_forces`)."""
    w = m.world
    return ForceYear(
        holdings=m.holdings,
        requirement=m.requirement,
        level=m.level,
        weights=m.weights,
        area_budget=m.area_budget,
        floor=w.floor,
        holdings0=w.holdings0,
        min_viable=w.min_viable,
        covered=led.covered,
        committed_out=led.committed_out,
        costs=m.costs,
        published_gap=m.published_gap if m.params.institutions.nato_consultation else None,
        eu=m.eu,
        base_financial=m.params.goals.base_financial,
        role=w.role,
    )


def opening_records(
    m: ModelState, opened: np.ndarray, holdings: np.ndarray
) -> list[dict[str, Any]]:
    """The national fleets opened from zero this year: year, state, area, units, reason."""
    w = m.world
    out = []
    for s, c in zip(*np.nonzero(opened), strict=True):
        role = AreaRole(int(w.role[s, c]))
        if role is AreaRole.HELD and w.holdings0[s, c] > EPS:
            reason = "held in 2012, rebuilt at viable scale"
        else:
            reason = OPENING_REASONS[role]
        out.append(
            {
                "year": m.year,
                "state": w.states[s],
                "capability": w.capabilities[c],
                "units": round(float(holdings[s, c]), 3),
                "reason": reason,
            }
        )
    return out


# ---------------------------------------------------------------------- the year's accounts
def year_accounts(m: ModelState, led: Ledger, join: np.ndarray) -> YearAccounts:
    """The year's accounts under the settled ledger (:mod:`model.accounting`).

    Reads the levels of the settled ledger (``m.level``, ``m.own_level``), set by the caller.
    """
    h = m.holdings
    req = m.requirement
    w = m.area_weight
    costing = m.costing(led)
    hire, paid, _received = costing.flows(h)
    capability_spend = costing.total_cost(h)
    # money the areas do not take is spent outside them (readiness, stocks, personnel,
    # infrastructure): states spend their budgets; the split is reported
    unallocated = np.maximum(m.area_budget - capability_spend - m.cascade_paid, 0.0)
    other = (1.0 - m.params.budgets.area_share) * m.budget
    level, own = m.level, m.own_level
    st = m.book.structure()
    expected = accounting.expected_dependent(
        h,
        led,
        join,
        st,
        m.book.role_commitments(),
        m.common_entitlement,
        m.params.arrangements,
        m.params.crises,
    )
    capacity = accounting.capacity_to_act(own, expected, req, w[None, :])
    cells = accounting.alone_areas(h, m.world.role)
    access = accounting.access(level, h)
    return YearAccounts(
        year=m.year,
        spending=capability_spend + m.cascade_paid + unallocated + other,
        area_spending=capability_spend,
        unallocated=unallocated,
        savings=accounting.savings(
            m.costs,
            level,
            capability_spend,
            cells,
            m.world.min_viable,
            np.maximum(h - led.committed_out, 0.0),
        ),
        access=access,
        access_value=accounting.access_value(m.costs, access),
        requirement=req,
        level=level,
        own_level=own,
        gap=accounting.cell_gap(req, level),
        state_gap=accounting.state_gap(req, level, w),
        autonomy=accounting.autonomy(level, own, req, w),
        capacity=capacity,
        staff_used=led.staff_used,
        arrangements=np.bincount(st.m_state, minlength=m.world.n_states),
        form_counts=np.bincount(st.form, minlength=len(Form)),
        collaborative_share=accounting.collaborative_share(m.costs, h, led, hire, paid),
        collaborative_share_europe=accounting.collaborative_share(
            m.costs, h, led, hire, paid, m._europe
        ),
        alliance_gap=accounting.alliance_gap(req, level, w),
        alliance_autonomy=float(accounting.autonomy(level, own, req, w, axis=None)),
        alliance_capacity=accounting.alliance_capacity(capacity, req, w),
    )
