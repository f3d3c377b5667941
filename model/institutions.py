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

import numpy as np

from model.accounting import area_gap
from model.arrangements import ArrangementBook, Bookings, YearContext, member_gain
from model.capabilities import EPS, CostModel
from model.params import Form, InstitutionParams, Origin
from model.world import World

#: Forms an institution offers in a project, shallow first (note, § Multilateraal: pooling
#: and sharing).
PROJECT_FORMS = (Form.JOINT_HIRE, Form.POOLING, Form.PROCUREMENT_SHARING)


def setup_discount(gap: np.ndarray, params: InstitutionParams) -> np.ndarray:
    """Set-up cost discount (C) for new arrangements in published shortfall areas."""
    if not (params.nato_shortfalls or params.eu_projects):
        return np.zeros_like(gap)
    return np.where(gap > params.shortfall_threshold, params.catalyst_discount, 0.0)


def common_funding(
    world: World,
    params: InstitutionParams,
    nato: np.ndarray,
    costs: CostModel,
    requirement_total: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """NATO's commonly funded fleets: entitlement per ally (N x C) and contribution (N).

    A fleet of ``common_fleet_share`` of the alliance requirement in each common-funded area is
    paid by the allies by GDP key; each ally is entitled to its key share (AWACS-type: the
    note, § Multilateraal: "the NATO command structure, AWACS and AGS are ... jointly financed").
    """
    ip = params
    n, c = world.n_states, world.n_caps
    entitlement = np.zeros((n, c))
    contribution = np.zeros(n)
    if not ip.nato_common_funding or not nato.any():
        return entitlement, contribution
    key = np.where(nato, world.gdp, 0.0)
    key = key / key.sum()
    areas = [world.capabilities.index(a) for a in ip.common_funded_areas if a in world.capabilities]
    # the common fleet is run at the contributors' (GDP-key-weighted) price level
    price = float((key * costs.price).sum())
    for k in areas:
        fleet = ip.common_fleet_share * requirement_total[k]
        cost = price * (costs.overhead[k] + costs.unit_running(k) * fleet)
        entitlement[:, k] = fleet * key
        contribution += cost * key
    return entitlement, contribution


def run_projects(book: ArrangementBook, year: YearContext, bookings: Bookings) -> int:
    """Top-down project rounds of NATO (Smart Defence) and the EU (Pooling & Sharing).

    For the largest published shortfalls, the institution asks the member with the largest
    fleet (and free staff) to lead, and invites the members short in the area; each accepts if
    its own gain plus the institution's pull is positive. The form is the one with the largest
    mean gain among the invitees. Returns the number of projects formed.
    """
    ip = year.params.institutions
    if (year.year - year.params.simulation.start_year) % ip.project_interval != 0:
        return 0
    ctx = year.gains
    formed = 0
    for origin, on, members in (
        (Origin.NATO, ip.nato_projects and ip.nato_shortfalls, year.nato),
        (Origin.EU, ip.eu_projects, year.eu),
    ):
        if not on or members.sum() < 2:
            continue
        inst_gap = area_gap(ctx.requirement, ctx.level, members)
        order = np.argsort(-inst_gap, kind="stable")
        for k in order[: ip.projects_per_round]:
            if inst_gap[k] <= ip.shortfall_threshold:
                break
            formed += _project(book, year, bookings, int(k), members, origin)
    return formed


def _project(
    book: ArrangementBook,
    year: YearContext,
    bookings: Bookings,
    k: int,
    members: np.ndarray,
    origin: Origin,
) -> int:
    """One project in area ``k``: a lead, the invitees, the form, the joiners (1 if formed)."""
    ip = year.params.institutions
    offer = _invitation(year, bookings, k, members)
    if offer is None:
        return 0
    lead, groups = offer
    best = _best_form(year, k, lead, groups)
    if best is None:
        return 0
    best_form, cand, g = best
    joiners = [int(s) for s in cand[g > year.params.arrangements.min_gain]]
    if best_form is not Form.JOINT_HIRE:
        joiners = [s for s in joiners if bookings.primary_form[s, k] < 0]
    joiners = [s for s in joiners if book.consent([s], best_form, year.rng)]
    if not joiners or not book.consent([lead], best_form, year.rng):
        return 0
    book.create([lead] + joiners, lead, k, best_form, origin, year.year)
    exponent = year.params.partners.member_staff_exponent
    for s in [lead] + joiners:
        bookings.staff_used[s] += ip.staff_relief * year.forms.staff_load_per_member(
            int(best_form), len(joiners) + 1, s == lead, exponent
        )
    return 1


def _invitation(
    year: YearContext, bookings: Bookings, k: int, members: np.ndarray
) -> tuple[int, list[tuple[Form, np.ndarray]]] | None:
    """The lead (largest fleet with free staff) and, per offered form, the members invited.

    Invited are the members short in the area (``invite_gap_threshold``) with free staff; a
    joint hire is offered to those not hiring there yet, fleet forms to those holding the area.
    """
    ip = year.params.institutions
    ctx = year.gains
    free = year.staff_capacity - bookings.staff_used
    relief = ip.staff_relief
    holders = np.where(members & (ctx.holdings[:, k] > EPS) & (free >= relief))[0]
    if len(holders) == 0:
        return None
    lead = int(holders[np.argmax(ctx.holdings[holders, k])])
    short = ctx.requirement[:, k] - ctx.level[:, k]
    invited = np.where(
        members
        & (short > ip.invite_gap_threshold * ctx.requirement[:, k])
        & (free >= ip.invite_staff_share * relief)
        & ~bookings.shared[:, lead, k]
    )[0]
    invited = invited[invited != lead]
    if len(invited) == 0:
        return None
    groups = []
    for form in PROJECT_FORMS:
        if not year.forms_allowed[form]:
            continue
        if form is Form.JOINT_HIRE and not ctx.hireable[k]:
            continue
        if form is not Form.JOINT_HIRE and bookings.primary_form[lead, k] >= 0:
            continue
        if form is Form.JOINT_HIRE:
            cand = invited[~year.ledger.hiring[invited, k]]
        else:
            cand = invited[ctx.holdings[invited, k] > EPS]
        if len(cand):
            groups.append((form, cand))
    return (lead, groups) if groups else None


def _best_form(
    year: YearContext, k: int, lead: int, groups: list[tuple[Form, np.ndarray]]
) -> tuple[Form, np.ndarray, np.ndarray] | None:
    """The offered form with the largest mean gain (plus the institution's pull) of its invitees.

    Every offered form is judged for every invitee in one vectorised call.
    """
    h = year.gains.holdings
    i = np.concatenate([cand for _, cand in groups])
    f = np.concatenate([np.full(len(cand), int(form)) for form, cand in groups])
    size = np.concatenate([np.full(len(cand), len(cand) + 1.0) for _, cand in groups])
    pool = np.concatenate([np.full(len(cand), h[cand, k].sum() + h[lead, k]) for _, cand in groups])
    n = len(i)
    gains = (
        member_gain(year, i, np.full(n, lead), np.full(n, k), f, pool, size, np.zeros(n, dtype=int))
        + year.params.institutions.institutional_pull
    )
    best, best_mean = None, -np.inf
    start = 0
    for form, cand in groups:
        g = gains[start : start + len(cand)]
        start += len(cand)
        if g.mean() > best_mean:
            best, best_mean = (form, cand, g), g.mean()
    return best
