"""The measures, each defined once, and the year's accounts that the outputs read.

Cost of holdings, flows, levels, gap, savings, autonomy, capacity to act and the collaborative
share.

Definitions (see ``docs/ODD.md``, § Outputs):

- *cost* of holdings under a year's arrangements: each area alone or at the pooled scale of
  its fleet arrangement (:mod:`model.capabilities`), plus upkeep, hire payments, compensation
  paid minus received for role specialisation, and the NATO common-funding contribution;
- *level*: what a state can field (own units not committed to others, units committed to it,
  hired units, its entitlement to common-funded fleets); *own level*: what it controls alone;
- *gap*: shortfall against the requirement as a share of it (:func:`gap_ratio`), by cell,
  by area over a set of states, by state or alliance-wide (area-cost weighted);
- *savings*: the cost, at the same prices, of fielding alone what the state fields in the areas
  it would hold alone (role held or kept, own fleet), each at viable scale, minus capability
  spending, never more than that spending (note, § Inleiding: cooperation to do more with less);
- *access*: what a state fields with no fleet of its own (allied air policing, AWACS, a role
  specialised away), in units and valued at reference unit cost -- never savings;
- *autonomy*: share of the fielded capability the state controls alone; a fleet arrangement's
  sovereignty cost on own units is weighted by the share of the pooled fleet partners supply
  (a supplier loses little);
- *capacity to act*: expected share of the requirement a state brings to a crisis, its partners'
  units counted with the chance that they join (AIV, as the note adopts it, § Grondslagen);
- *collaborative share*: share of equipment spending bought through arrangements (EDA's
  benchmark).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from model.arrangements import Ledger, RoleCommitments, Structure
from model.capabilities import EPS, CostModel, PoolTerms
from model.forms import FormTable
from model.params import AreaRole, ArrangementParams, CrisisParams, Form
from model.scenario import Scenario
from model.world import build_world


# ---------------------------------------------------------------- gap
def shortfall(requirement: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Units short of the requirement, ``max(0, requirement - level)``."""
    return np.maximum(requirement - level, 0.0)


def gap_ratio(short: np.ndarray, required: np.ndarray) -> np.ndarray:
    """The gap: ``short / required`` in [0, 1]; 0 where nothing is required."""
    return np.where(required > EPS, np.minimum(short / np.maximum(required, EPS), 1.0), 0.0)


def cell_gap(requirement: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Gap of each state in each area (same shape as the arguments)."""
    return gap_ratio(shortfall(requirement, level), requirement)


def area_gap(requirement: np.ndarray, level: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Gap per area (C) over the ``members`` (N bool): what NATO or the EU publishes."""
    req = requirement[members]
    return gap_ratio(shortfall(req, level[members]).sum(axis=0), req.sum(axis=0))


def state_gap(requirement: np.ndarray, level: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Gap per state (N), areas weighted by ``weight`` (C, the yearly cost of a unit)."""
    w = weight[None, :]
    return gap_ratio((shortfall(requirement, level) * w).sum(axis=1), (requirement * w).sum(axis=1))


def alliance_gap(requirement: np.ndarray, level: np.ndarray, weight: np.ndarray) -> float:
    """Gap over every state and area, areas weighted by ``weight`` (C)."""
    w = weight[None, :]
    return float(gap_ratio((shortfall(requirement, level) * w).sum(), (requirement * w).sum()))


# ---------------------------------------------------------------- autonomy, capacity
def autonomy(
    level: np.ndarray,
    own: np.ndarray,
    requirement: np.ndarray,
    weight: np.ndarray,
    axis: int | None = 1,
) -> np.ndarray:
    """Share of the fielded capability (up to the requirement) that is controlled alone.

    ``axis=1``: per state (N); ``axis=None``: alliance-wide. 1 where nothing is fielded.
    """
    w = weight[None, :]
    fielded = (np.minimum(level, requirement) * w).sum(axis=axis)
    controlled = (np.minimum(own, requirement) * w).sum(axis=axis)
    return np.where(fielded > EPS, np.minimum(controlled / np.maximum(fielded, EPS), 1.0), 1.0)


def capacity_to_act(
    own: np.ndarray, dependent: np.ndarray, requirement: np.ndarray, weight: np.ndarray
) -> np.ndarray:
    """Expected share (N) of the requirement a state brings to a crisis.

    ``own`` (N x C) are units no partner can withhold; ``dependent`` (N x C) are the units that
    depend on partners, already multiplied by the chance that each partner joins.
    """
    cover = np.minimum(own + dependent, requirement)
    num = (cover * weight).sum(axis=1)
    den = (requirement * weight).sum(axis=1)
    return np.where(den > EPS, num / np.maximum(den, EPS), 1.0)


def alliance_capacity(capacity: np.ndarray, requirement: np.ndarray, weight: np.ndarray) -> float:
    """Requirement-weighted mean of the states' capacity to act."""
    w = (requirement * weight[None, :]).sum(axis=1)
    return float((capacity * w).sum() / max(w.sum(), EPS))


def expected_dependent(
    holdings: np.ndarray,
    led: Ledger,
    join: np.ndarray,
    structure: Structure,
    roles: RoleCommitments,
    common_entitlement: np.ndarray,
    arrangement_params: ArrangementParams,
    crisis_params: CrisisParams,
) -> np.ndarray:
    """Units that depend on partners, times the chance those partners join (N x C).

    Pooled units count with the mean chance that the arrangement's other members join; hired
    units and common-funded fleets with their own availability; a dropper's role with its
    provider's chance to join.
    """
    n, n_caps = holdings.shape
    kept = np.maximum(holdings - led.committed_out, 0.0)
    pooled = kept * led.sovereignty
    out = (
        led.hired * arrangement_params.hire_availability
        + common_entitlement * crisis_params.common_asset_availability
    )
    s_idx, c_idx = np.nonzero(led.primary >= 0)
    if len(s_idx):
        st = structure
        key = st.p_row * n + st.p_a
        size = len(st.arr) * n
        sums = np.bincount(key, weights=join[st.p_a, st.p_b], minlength=size)
        counts = np.bincount(key, minlength=size)
        rows = np.searchsorted(st.arr, led.primary[s_idx, c_idx])
        k_ = rows * n + s_idx
        p_mean = np.where(counts[k_] > 0, sums[k_] / np.maximum(counts[k_], 1), 1.0)
        out[s_idx, c_idx] += pooled[s_idx, c_idx] * p_mean
    d, p = roles.dropper, roles.provider
    np.add.at(out.reshape(-1), d * n_caps + roles.area, roles.units * join[d, p])
    return out


# ---------------------------------------------------------------- cost of holdings
def levels(
    holdings: np.ndarray, led: Ledger, common_entitlement: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``level`` (what a state can field) and ``own_level`` (what it controls alone), N x C.

    Dependence is asymmetric: a fleet arrangement's sovereignty cost on a member's own units is
    weighted by the share of the pooled fleet its partners supply (:func:`dependence`), so the
    USA loses little by pooling helicopters with Canada, and Canada much.
    """
    kept = np.maximum(holdings - led.committed_out, 0.0)
    level = kept + led.committed_in + led.hired + common_entitlement
    own = kept * (1.0 - led.sovereignty * dependence(kept, led.pool_others))
    return level, own


def dependence(kept: np.ndarray, pool_others: np.ndarray) -> np.ndarray:
    """Share of a pooled fleet that partners supply (N x C, in [0, 1]; 0 without partners)."""
    others = np.maximum(pool_others, 0.0)
    total = kept + others
    return np.where(total > EPS, others / np.maximum(total, EPS), 0.0)


_MEMO_SIZE = 16  # holdings whose total cost a costing keeps


def _holdings_key(h: np.ndarray) -> bytes:
    """A key equal for equal holdings arrays (values, shape and type)."""
    h = np.asarray(h)
    return h.dtype.str.encode() + repr(h.shape).encode() + h.tobytes()


@dataclass(frozen=True)
class Costing:
    """The cost of any holdings under one ledger and one cost model.

    Gathers once what costing holdings needs besides the holdings (pooled cells and their
    terms, hire payments, role-specialisation terms): forces are fitted to the budget by
    costing many trial holdings under one ledger.
    """

    costs: CostModel
    ledger: Ledger
    version: int  # the book's version when gathered
    common_contribution: np.ndarray  # (N,) NATO common funding paid
    compensation_margin: float
    pooled: tuple[np.ndarray, np.ndarray]  # (state, area) of every pooled holding
    pooled_price: np.ndarray
    pool_terms: PoolTerms
    hire: np.ndarray  # (N,) hire payments, USD million
    roles: RoleCommitments
    role_terms: tuple[np.ndarray, ...]
    role_price: np.ndarray  # the droppers' price factors
    #: total costs already computed, by holdings (the same holdings are costed again within a
    #: year: the fitted forces by the accounts, a trial by the fit); the ledger is not changed
    #: after it is built, so a result stays valid while the costing does (:meth:`fits`)
    _memo: dict[bytes, np.ndarray] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def of(
        cls,
        costs: CostModel,
        led: Ledger,
        forms: FormTable,
        roles: RoleCommitments,
        version: int,
        common_contribution: np.ndarray,
        params: ArrangementParams,
    ) -> Costing:
        """Gather the cost terms of ``led`` under ``costs``."""
        s_idx, c_idx = np.nonzero(led.primary_form >= 0)
        f = led.primary_form[s_idx, c_idx]
        terms = costs.pool_terms(
            led.members[s_idx, c_idx], led.maturity[s_idx, c_idx], *forms.pool_rows(f), c_idx
        )
        hire = params.hire_cost_factor * (led.hired * costs.unit_running()).sum(axis=1)
        return cls(
            costs=costs,
            ledger=led,
            version=version,
            common_contribution=common_contribution,
            compensation_margin=params.compensation_margin,
            pooled=(s_idx, c_idx),
            pooled_price=costs.price[s_idx],
            pool_terms=terms,
            hire=hire * costs.price,
            roles=roles,
            role_terms=costs.area_terms(roles.area),
            role_price=costs.price[roles.dropper],
        )

    def fits(self, costs: CostModel, led: Ledger, version: int, contribution: np.ndarray) -> bool:
        """Whether this costing is the one of ``costs``, ``led`` and the book's ``version``."""
        return (
            self.costs is costs
            and self.ledger is led
            and self.version == version
            and self.common_contribution is contribution
        )

    def area_costs(self, h: np.ndarray) -> np.ndarray:
        """Yearly cost (N x C) of holdings ``h``: alone, or at the pooled fleet's scale."""
        cm = self.costs
        out = cm.alone_cost(h)
        s_idx, c_idx = self.pooled
        if len(s_idx):
            n = h[s_idx, c_idx]
            out[s_idx, c_idx] = cm.pooled_cost(
                self.pool_terms, n, n + self.ledger.pool_others[s_idx, c_idx], self.pooled_price
            )
        return out

    def flows(self, h: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Hire payments, compensation paid and received (each N, USD million).

        A role-specialisation provider is paid its marginal cost of the committed units (at its
        own scale, in the dropper's price level) plus ``arrangements.compensation_margin``; for
        units crewed by a partner on the provider's equipment the partner pays the operating
        share of that cost (:meth:`CostModel.crew_share`), without margin, and the provider
        bears the recapitalisation of the kit it owns.
        """
        cm = self.costs
        n = h.shape[0]
        paid, received = np.zeros(n), np.zeros(n)
        r = self.roles
        if len(r.dropper):
            have = h[r.provider, r.area]
            full = cm.alone_cost_of(self.role_terms, have, self.role_price)
            part = cm.alone_cost_of(
                self.role_terms, np.maximum(have - r.units, 0.0), self.role_price
            )
            rate = np.where(r.crewed, cm.crew_share(r.area), 1.0 + self.compensation_margin)
            comp = r.paid * rate * np.maximum(full - part, 0.0)
            np.add.at(paid, r.dropper, comp)
            np.add.at(received, r.provider, comp)
        return self.hire, paid, received

    def total_cost(self, h: np.ndarray) -> np.ndarray:
        """Everything the capability budget pays (N): areas, upkeep, hire, compensation, NATO."""
        key = _holdings_key(h)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._total_cost(h)
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = hit
        return hit.copy()

    def _total_cost(self, h: np.ndarray) -> np.ndarray:
        hire, paid, received = self.flows(h)
        return (
            self.area_costs(h).sum(axis=1)
            + self.ledger.upkeep
            + hire
            + paid
            - received
            + self.common_contribution
        )


def unit_running_costs(spec: Scenario) -> dict[str, float]:
    """Yearly cost of one unit of each area at reference scale, by area id (USD million).

    Recapitalisation plus operating (:meth:`CostModel.unit_running`): the weight of an area
    in the gap, autonomy and capacity to act.
    """
    world = build_world(spec)
    running = CostModel.calibrate(world, spec.params).unit_running()
    return dict(zip(world.capabilities, running.tolist(), strict=True))


# ---------------------------------------------------------------- savings, shares
def alone_areas(holdings: np.ndarray, role: np.ndarray) -> np.ndarray:
    """Cells (N x C bool) a state would hold alone: a fleet of its own, in an area it has a role in.

    Areas where it has no fleet of its own are access (:func:`access`), not savings.
    """
    return (role != int(AreaRole.NONE)) & (holdings > EPS)


def alone_cost_viable(
    costs: CostModel,
    level: np.ndarray,
    kept: np.ndarray,
    cells: np.ndarray,
    min_viable: np.ndarray,
) -> np.ndarray:
    """Yearly cost (N) of fielding ``level`` alone in ``cells``, the cheaper of two ways.

    Either a national fleet of ``level`` units, or its own ``kept`` fleet plus the units partners
    add at the average cost of a fleet at minimum viable scale: a state alone would not pay a
    whole fleet's overhead for the 1.5 air-policing fighters partners lend it. Without
    cooperation (``level == kept``) both are the cost of its own fleet, so savings are 0.
    """
    level = np.maximum(level, 0.0)
    kept = np.minimum(np.maximum(kept, 0.0), level)
    mv = np.broadcast_to(np.maximum(min_viable, EPS)[None, :], level.shape)
    viable_avg = costs.alone_cost(np.ascontiguousarray(mv)) / mv
    national = costs.alone_cost(level)
    topped_up = costs.alone_cost(kept) + (level - kept) * viable_avg
    return np.where(cells, np.minimum(national, topped_up), 0.0).sum(axis=1)


def savings(
    costs: CostModel,
    level: np.ndarray,
    capability_spend: np.ndarray,
    cells: np.ndarray | None = None,
    min_viable: np.ndarray | None = None,
    kept: np.ndarray | None = None,
) -> np.ndarray:
    """Savings (N): cost of fielding alone, at the same prices, minus capability spending.

    Only the ``cells`` a state would hold alone count (:func:`alone_areas`; all without them),
    each at viable scale (:func:`alone_cost_viable`; ``kept`` defaults to ``level``); what it
    fields only through partners is access (:func:`access`), not savings. Never more than the
    capability spending itself.
    """
    if cells is None:
        cells = np.ones(level.shape, dtype=bool)
    if min_viable is None:
        min_viable = np.ones(level.shape[1])
    alone = alone_cost_viable(costs, level, level if kept is None else kept, cells, min_viable)
    return np.minimum(alone - capability_spend, capability_spend)


def access(level: np.ndarray, holdings: np.ndarray) -> np.ndarray:
    """Units (N x C) a state fields only through partners: where it holds no fleet of its own.

    Allied air policing over the Baltic states, AWACS and AGS for most members, a role
    specialised away: there is no national alternative at viable scale.
    """
    return np.where(holdings <= EPS, np.maximum(level, 0.0), 0.0)


def access_value(costs: CostModel, units: np.ndarray) -> np.ndarray:
    """Value (N) of access units: their yearly cost at reference unit cost, USD million."""
    return (units * costs.unit_running()[None, :]).sum(axis=1)


def collaborative_share(
    costs: CostModel,
    h: np.ndarray,
    led: Ledger,
    hire: np.ndarray,
    paid: np.ndarray,
    states: np.ndarray | None = None,
) -> float:
    """Share of equipment spending bought through arrangements, over ``states`` (bool N).

    Jointly procured or integrated fleets (at their maturity), hire contracts and payments
    for a partner's role, as the EDA counts collaborative procurement; equipment bought
    nationally and then pooled or trained together is not counted.
    """
    recap = costs.price[:, None] * costs.recap[None, :] * h
    pf = led.primary_form
    joint = (pf == int(Form.PROCUREMENT_SHARING)) | (pf == int(Form.INTEGRATED))
    collab = recap * joint * led.maturity
    if states is not None:
        recap, collab, hire, paid = recap[states], collab[states], hire[states], paid[states]
    equip = recap.sum() + hire.sum() + paid.sum()
    collab = collab.sum() + hire.sum() + paid.sum()
    return float(collab / equip) if equip > EPS else 0.0


# ---------------------------------------------------------------- the year's accounts
@dataclass(frozen=True)
class YearAccounts:
    """One year's results, computed once at the end of the step; the outputs read these.

    Arrays are per state (N) or per state and area (N x C); money in USD million (2012 prices).
    """

    year: int
    spending: np.ndarray  # (N) everything spent, the budget's other share included
    area_spending: np.ndarray  # (N) what the capability areas and arrangements cost
    unallocated: np.ndarray  # (N) capability money the areas did not take
    savings: np.ndarray  # (N)
    access: np.ndarray  # (N, C) units fielded only through partners
    access_value: np.ndarray  # (N) their value at reference unit cost
    requirement: np.ndarray  # (N, C)
    level: np.ndarray  # (N, C)
    own_level: np.ndarray  # (N, C)
    gap: np.ndarray  # (N, C)
    state_gap: np.ndarray  # (N)
    autonomy: np.ndarray  # (N)
    capacity: np.ndarray  # (N) capacity to act
    staff_used: np.ndarray  # (N)
    arrangements: np.ndarray  # (N) active arrangements each state is in
    form_counts: np.ndarray  # (F) active arrangements by form
    collaborative_share: float
    collaborative_share_europe: float
    alliance_gap: float
    alliance_autonomy: float
    alliance_capacity: float
