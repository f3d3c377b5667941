"""NATO and the EU as catalysts and facilitators, not organisers (note, § Multilateraal).

- NATO publishes alliance shortfalls (defence planning), proposes Smart Defence projects with a
  lead nation for them (Tier 1/2 projects), consults before cuts and investments (see
  :mod:`model.budgets`), and funds some fleets in common (AWACS, AGS, the command structure).
- The EU (Ghent process, EDA Pooling & Sharing) proposes projects among its members, lets
  ministries keep divestment proceeds ("save and reinvest") and matches surpluses to shortfalls
  ("cascading").

Each role is a switch under ``institutions.*`` (alias ``policy.*``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.arrangements import GainContext, Ledger, member_gain
from model.capabilities import EPS
from model.params import Form, InstitutionParams, Origin

if TYPE_CHECKING:
    from model.cooperation import CooperationModel

#: Forms an institution offers in a project, shallow first (note, § Multilateraal: pooling
#: and sharing).
PROJECT_FORMS = (Form.JOINT_HIRE, Form.POOLING, Form.PROCUREMENT_SHARING)


def alliance_gap(requirement: np.ndarray, level: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Requirement-weighted gap per area (C) over the ``members`` (N bool)."""
    req = requirement[members].sum(axis=0)
    short = np.maximum(requirement[members] - level[members], 0.0).sum(axis=0)
    return np.where(req > EPS, short / np.maximum(req, EPS), 0.0)


def setup_discount(gap: np.ndarray, params: InstitutionParams) -> np.ndarray:
    """Set-up cost discount (C) for new arrangements in published shortfall areas."""
    if not (params.nato_shortfalls or params.eu_projects):
        return np.zeros_like(gap)
    return np.where(gap > params.shortfall_threshold, params.catalyst_discount, 0.0)


def common_funding(
    model: CooperationModel, requirement_total: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """NATO's commonly funded fleets: entitlement per ally (N x C) and contribution (N).

    A fleet of ``common_fleet_share`` of the alliance requirement in each common-funded area is
    paid by the allies by GDP key; each ally is entitled to its key share (AWACS-type: the
    note, § Multilateraal: "the NATO command structure, AWACS and AGS are ... jointly financed").
    """
    world = model.world
    ip = model.params.institutions
    n, c = world.n_states, world.n_caps
    entitlement = np.zeros((n, c))
    contribution = np.zeros(n)
    if not ip.nato_common_funding or not model.nato.any() or not model.cooperating:
        return entitlement, contribution
    key = np.where(model.nato, world.gdp, 0.0)
    key = key / key.sum()
    areas = [world.capabilities.index(a) for a in ip.common_funded_areas if a in world.capabilities]
    # the common fleet is run at the contributors' (GDP-key-weighted) price level
    price = float((key * model.costs.price).sum())
    for k in areas:
        fleet = ip.common_fleet_share * requirement_total[k]
        cost = price * (model.costs.overhead[k] + model.costs.unit_running(k) * fleet)
        entitlement[:, k] = fleet * key
        contribution += cost * key
    return entitlement, contribution


def run_projects(model: CooperationModel, ctx: GainContext, led: Ledger) -> int:
    """Top-down project rounds of NATO (Smart Defence) and the EU (Pooling & Sharing).

    For the largest published shortfalls, the institution asks the member with the largest
    fleet (and free staff) to lead, and invites the members short in the area; each accepts if
    its own gain plus the institution's pull is positive. The form is the one with the largest
    mean gain among the invitees. Returns the number of projects formed.
    """
    ip = model.params.institutions
    if (model.year - model.params.simulation.start_year) % ip.project_interval != 0:
        return 0
    formed = 0
    for origin, on, members in (
        (Origin.NATO, ip.nato_projects and ip.nato_shortfalls, model.nato),
        (Origin.EU, ip.eu_projects, model.eu),
    ):
        if not on or members.sum() < 2:
            continue
        inst_gap = alliance_gap(ctx.requirement, ctx.level, members)
        order = np.argsort(-inst_gap, kind="stable")
        for k in order[: ip.projects_per_round]:
            if inst_gap[k] <= ip.shortfall_threshold:
                break
            formed += _project(model, ctx, led, int(k), members, origin)
    return formed


def _project(
    model: CooperationModel,
    ctx: GainContext,
    led: Ledger,
    k: int,
    members: np.ndarray,
    origin: Origin,
) -> int:
    ip = model.params.institutions
    free = model.staff_capacity - led.staff_used
    relief = ip.staff_relief
    holders = np.where(members & (ctx.holdings[:, k] > EPS) & (free >= relief))[0]
    if len(holders) == 0:
        return 0
    lead = int(holders[np.argmax(ctx.holdings[holders, k])])
    short = ctx.requirement[:, k] - ctx.level[:, k]
    invited = np.where(
        members
        & (short > 0.05 * ctx.requirement[:, k])
        & (free >= 0.5 * relief)
        & ~led.shared[:, lead, k]
    )[0]
    invited = invited[invited != lead]
    if len(invited) == 0:
        return 0
    # judge every offered form for every invitee in one vectorised call
    groups = []
    for form in PROJECT_FORMS:
        if not model.forms_allowed[form]:
            continue
        if form is Form.JOINT_HIRE and not ctx.hireable[k]:
            continue
        if form is not Form.JOINT_HIRE and led.primary_form[lead, k] >= 0:
            continue
        if form is Form.JOINT_HIRE:
            cand = invited[~led.hiring[invited, k]]
        else:
            cand = invited[ctx.holdings[invited, k] > EPS]
        if len(cand):
            groups.append((form, cand))
    if not groups:
        return 0
    i = np.concatenate([cand for _, cand in groups])
    f = np.concatenate([np.full(len(cand), int(form)) for form, cand in groups])
    size = np.concatenate([np.full(len(cand), len(cand) + 1.0) for _, cand in groups])
    pool = np.concatenate(
        [
            np.full(len(cand), ctx.holdings[cand, k].sum() + ctx.holdings[lead, k])
            for _, cand in groups
        ]
    )
    gains = (
        member_gain(
            model,
            ctx,
            i,
            np.full(len(i), lead),
            np.full(len(i), k),
            f,
            pool,
            size,
            np.zeros(len(i), dtype=int),
        )
        + ip.institutional_pull
    )
    best_form, best_mean, best_gain = None, -np.inf, None
    start = 0
    for form, cand in groups:
        g = gains[start : start + len(cand)]
        start += len(cand)
        if g.mean() > best_mean:
            best_form, best_mean, best_gain = form, g.mean(), (cand, g)
    if best_form is None:
        return 0
    cand, g = best_gain
    joiners = [int(s) for s in cand[g > model.params.arrangements.min_gain]]
    if best_form is not Form.JOINT_HIRE:
        joiners = [s for s in joiners if led.primary_form[s, k] < 0]
    joiners = [s for s in joiners if model.parliaments_consent([s], best_form)]
    if not joiners or not model.parliaments_consent([lead], best_form):
        return 0
    model.create_arrangement([lead] + joiners, lead, k, best_form, origin)
    for s in [lead] + joiners:
        led.staff_used[s] += relief * model.forms.staff_load_per_member(
            int(best_form), len(joiners) + 1, s == lead
        )
    return 1
