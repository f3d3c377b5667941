"""Cost model and requirements of the capability areas.

Annualised cost of holding ``n`` units of area ``c`` for state ``s`` alone::

    cost = k_s * ( F_c * [n > 0]                      # fixed overhead: training pipeline,
                                                      # maintenance, logistics, command
                 + A_c * n                             # recapitalisation: unit cost / life
                 + O_c * n_ref^(1 - b_c) * n^b_c )     # operating & support, scale economies

with ``k_s`` the national price factor that makes 2012 holdings cost the 2012 area budget. In an
arrangement the member shares a fraction of ``F`` (``K**exponent`` for ``K`` members), runs at
the pooled fleet's scale and, in joint procurement, buys down a learning curve (note, §
Samenwerkingspartners:
pooling brings "joint training, joint maintenance and logistics, joint command"; joint
procurement brings scale and learning-curve savings; Hartley 2012 for the rates).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from model.params import AreaRole, Params
from model.scenario import Availability
from model.world import World

EPS = 1e-9


@dataclass(frozen=True)
class PoolTerms:
    """Per-element terms of :meth:`CostModel.shared_cost` that do not depend on the units."""

    overhead: np.ndarray  # F of the element's area
    keep: np.ndarray  # 1 - phi: overhead share not pooled
    phi_k: np.ndarray  # phi * K**exponent: pooled overhead share before the member's share
    maturity: np.ndarray
    learning: np.ndarray
    recap: np.ndarray
    scale_sharing: np.ndarray
    operating: np.ndarray
    n_ref: np.ndarray
    exponent: np.ndarray


@dataclass(frozen=True)
class CostModel:
    """Cost parameters per area (arrays of length C) and the price factor per state (N)."""

    overhead: np.ndarray
    recap: np.ndarray
    operating: np.ndarray
    exponent: np.ndarray
    n_ref: np.ndarray
    unit_cost: np.ndarray
    price: np.ndarray
    learning_exponent: float
    #: ``operating * n_ref ** (1 - exponent)`` per area, the scale term's constant
    operating_ref: np.ndarray = field(init=False, repr=False, compare=False)
    #: :meth:`alone_cost` of holdings already costed at the model's own prices (the same
    #: holdings are costed several times a year); the model's arrays are never changed in place
    _alone_memo: dict[bytes, np.ndarray] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "operating_ref", self.operating * self.n_ref ** (1.0 - self.exponent)
        )

    @classmethod
    def calibrate(cls, world: World, params: Params) -> CostModel:
        """Build the cost model, calibrating price factors to the 2012 budgets.

        The price factor ``k_s`` solves ``area_share * budget_s = k_s * sum_c cost_c(h_sc)``
        and is clipped to ``costs.price_factor_bounds``; a state whose 2012 holdings cost less
        than its area budget at the upper bound has money left to invest.
        """
        cp = params.costs
        unit_cost = world.unit_cost
        model = cls(
            overhead=world.overhead.copy(),
            recap=unit_cost / world.service_life,
            operating=unit_cost * world.om_rate,
            exponent=world.scale_exponent.copy(),
            n_ref=world.min_viable * cp.reference_fleet,
            unit_cost=unit_cost.copy(),
            price=np.ones(world.n_states),
            learning_exponent=float(np.log2(cp.learning_rate)),
        )
        raw = model.alone_cost(world.holdings0).sum(axis=1)
        target = params.budgets.area_share * world.budget0
        lo, hi = cp.price_factor_bounds
        price = np.minimum(np.maximum(target / np.maximum(raw, EPS), lo), hi)
        return replace(model, price=price)

    def escalated(self, factor: float) -> CostModel:
        """Return the model with every cost multiplied by ``factor`` (real cost growth)."""
        return CostModel(
            overhead=self.overhead * factor,
            recap=self.recap * factor,
            operating=self.operating * factor,
            exponent=self.exponent,
            n_ref=self.n_ref,
            unit_cost=self.unit_cost * factor,
            price=self.price,
            learning_exponent=self.learning_exponent,
        )

    def alone_cost(self, n: np.ndarray, price: np.ndarray | None = None) -> np.ndarray:
        """Yearly cost of holding ``n`` units (N x C) alone, USD million."""
        if price is not None or not isinstance(n, np.ndarray):
            return self._alone_cost(n, price)
        key = n.dtype.str.encode() + repr(n.shape).encode() + n.tobytes()
        hit = self._alone_memo.get(key)
        if hit is None:
            hit = self._alone_cost(n, None)
            if len(self._alone_memo) >= 16:
                self._alone_memo.clear()
            self._alone_memo[key] = hit
        return hit.copy()

    def _alone_cost(self, n: np.ndarray, price: np.ndarray | None) -> np.ndarray:
        k = self.price if price is None else price
        n = np.maximum(n, 0.0)
        raw = self.overhead * (n > EPS) + self.recap * n + self.operating_ref * n**self.exponent
        return k[:, None] * raw if np.ndim(k) == 1 and np.ndim(n) == 2 else k * raw

    def alone_cost_at(self, n: np.ndarray, price: np.ndarray, cap: np.ndarray) -> np.ndarray:
        """Elementwise :meth:`alone_cost`: ``n`` units of area ``cap`` at price factor ``price``."""
        return self.alone_cost_of(self.area_terms(cap), n, price)

    def area_terms(self, cap: np.ndarray) -> tuple[np.ndarray, ...]:
        """The cost terms of areas ``cap`` (elementwise), for :meth:`alone_cost_of`."""
        b = self.exponent[cap]
        return (
            self.overhead[cap],
            self.recap[cap],
            self.operating[cap] * self.n_ref[cap] ** (1.0 - b),
            b,
        )

    @staticmethod
    def alone_cost_of(
        terms: tuple[np.ndarray, ...], n: np.ndarray, price: np.ndarray
    ) -> np.ndarray:
        """:meth:`alone_cost_at` with the areas' terms gathered once (:meth:`area_terms`)."""
        overhead, recap, operating_ref, b = terms
        n = np.maximum(n, 0.0)
        return price * (overhead * (n > EPS) + recap * n + operating_ref * n**b)

    def shared_cost(
        self,
        n: np.ndarray,
        pool: np.ndarray,
        members: np.ndarray,
        maturity: np.ndarray,
        overhead_fraction: np.ndarray,
        overhead_exponent: np.ndarray,
        scale_sharing: np.ndarray,
        learning: np.ndarray,
        price: np.ndarray,
        cap: np.ndarray,
    ) -> np.ndarray:
        """Yearly cost of a member's ``n`` units inside an arrangement (elementwise arrays).

        Parameters
        ----------
        n, pool
            Member's own units and the arrangement's pooled fleet (units, pool >= n).
        members
            Number of members K.
        maturity
            Share of the full effect reached, in [0, 1] (arrangements pay off late).
        overhead_fraction, overhead_exponent, scale_sharing, learning
            The form's row of the effects table, broadcast to the same shape.
        price, cap
            The member's price factor and the area index of each element.

        Returns
        -------
        numpy.ndarray
            Cost in USD million per year; equals :meth:`alone_cost` when K = 1 or maturity 0.
        """
        terms = self.pool_terms(
            members, maturity, overhead_fraction, overhead_exponent, scale_sharing, learning, cap
        )
        return self.pooled_cost(terms, n, pool, price)

    def pool_terms(
        self,
        members: np.ndarray,
        maturity: np.ndarray,
        overhead_fraction: np.ndarray,
        overhead_exponent: np.ndarray,
        scale_sharing: np.ndarray,
        learning: np.ndarray,
        cap: np.ndarray,
    ) -> PoolTerms:
        """What :meth:`shared_cost` needs besides units and price, gathered once.

        A year's arrangements are fixed while forces are fitted to the budget, so the cost of
        many trial holdings reuses one set of terms (:meth:`pooled_cost`).
        """
        if isinstance(maturity, float) and maturity == 1.0:
            m, phi = 1.0, overhead_fraction  # a judgement at full maturity (x * 1.0 == x)
        else:
            m = np.minimum(np.maximum(maturity, 0.0), 1.0)
            phi = overhead_fraction * m
        return PoolTerms(
            overhead=self.overhead[cap],
            keep=1.0 - phi,
            phi_k=phi * members**overhead_exponent,
            maturity=m,
            learning=learning,
            recap=self.recap[cap],
            scale_sharing=scale_sharing,
            operating=self.operating[cap],
            n_ref=self.n_ref[cap],
            exponent=self.exponent[cap],
        )

    def pooled_cost(
        self, t: PoolTerms, n: np.ndarray, pool: np.ndarray, price: np.ndarray
    ) -> np.ndarray:
        """:meth:`shared_cost` of ``n`` units in fleets ``pool`` with terms ``t`` at ``price``."""
        n = np.maximum(n, 0.0)
        pool = np.maximum(pool, n)
        # n / pool where pool > EPS (else 0), pool / n where n > EPS (else 1): the quotients
        # only where they are taken (the same numbers as np.where over the guarded quotients)
        share = np.divide(n, pool, out=np.zeros(pool.shape), where=pool > EPS)
        held = n > EPS
        f_part = t.overhead * held * (t.keep + t.phi_k * share)
        ratio = np.divide(pool, n, out=np.ones(pool.shape), where=held)
        lc = np.where(t.learning, ratio**self.learning_exponent, 1.0)
        if isinstance(t.maturity, float) and t.maturity == 1.0:
            # full maturity (judgements): the same numbers without multiplying by 1.0
            a_part = t.recap * n * (1.0 - (1.0 - lc))
            scale_n = np.where(t.scale_sharing, n + (pool - n), n)
        else:
            a_part = t.recap * n * (1.0 - t.maturity * (1.0 - lc))
            scale_n = np.where(t.scale_sharing, n + t.maturity * (pool - n), n)
        b = t.exponent
        per_unit = t.operating * (t.n_ref / np.maximum(scale_n, EPS)) ** (1.0 - b)
        o_part = np.where(held, per_unit * n, 0.0)
        return price * (f_part + a_part + o_part)

    def unit_running(self, cap: np.ndarray | slice = slice(None)) -> np.ndarray:
        """Yearly cost of one unit at reference scale (recapitalisation + operating)."""
        return self.recap[cap] + self.operating[cap]

    def crew_share(self, cap: np.ndarray | slice = slice(None)) -> np.ndarray:
        """Share of a unit's yearly cost its crew's state pays when the kit is a partner's.

        Operating and support (personnel, fuel, maintenance) over recapitalisation plus
        operating, at reference scale (issue 12, item 6: own crews on a partner's equipment).
        """
        return self.operating[cap] / np.maximum(self.unit_running(cap), EPS)

    def marginal_cost(self, n: np.ndarray) -> np.ndarray:
        """Yearly cost of one more unit (N x C) at holdings ``n``, without overhead."""
        n = np.maximum(n, 1.0)
        b = self.exponent
        return self.price[:, None] * (
            self.recap + self.operating * b * (self.n_ref / n) ** (1.0 - b)
        )


def requirement_shares(world: World, fair_share_weight: float) -> np.ndarray:
    """Each state's share of the alliance requirement per area (N x C, columns sum to 1).

    A blend of the state's GDP share (NATO's fair-share principle) and its 2012 share of the
    holdings (the defence planning process's 'reasonable challenge' from where a state is),
    among the states with a role in the area (:class:`~model.params.AreaRole`: held, kept or an
    enabler share): a state with no role -- a landlocked state at sea, Iceland without armed
    forces -- is asked for nothing, and the others' shares are renormalised so that the
    alliance requirement is still fielded in full.
    """
    has_role = world.role != int(AreaRole.NONE)
    gdp = world.gdp[:, None] * has_role
    gdp_share = gdp / np.maximum(gdp.sum(axis=0, keepdims=True), EPS)
    totals = world.holdings0.sum(axis=0)
    hold_share = np.where(totals > 0, world.holdings0 / np.maximum(totals, EPS), gdp_share)
    return fair_share_weight * gdp_share + (1.0 - fair_share_weight) * hold_share


def alliance_requirement(world: World) -> np.ndarray:
    """The 2012 alliance requirement per area (C): holdings plus the published shortfall."""
    return world.holdings0.sum(axis=0) * (1.0 + world.alliance_shortfall)


def path_factor(world: World, year: int) -> np.ndarray:
    """The alliance requirement's factor on its 2012 level per area in ``year`` (C).

    NATO's level of ambition as announced (``World.requirement_path``, from
    ``requirement_path.csv``): the 2024 minimum capability requirements (Welt am Sonntag,
    5 October 2024: combat brigades 82 to 131, ground-based air defence units 293 to 1,467) and
    the capability targets of June 2025 (Rutte, Chatham House, 9 June 2025: "a 400-percent
    increase in air and missile defence"). Ones outside the simulated years or without a path.
    """
    path = world.requirement_path
    k = int(year) - int(world.years[0]) if len(world.years) else -1
    if path is None or not 0 <= k < len(path):
        return np.ones(world.n_caps)
    return path[k]


def area_weights(costs: CostModel) -> np.ndarray:
    """Weight of one unit of each area (C): its yearly cost at reference scale, USD million."""
    return costs.unit_running()


def shares_after_fades(
    shares: np.ndarray, fades: Sequence[Availability], states: Sequence[str], year: int
) -> np.ndarray:
    """Requirement shares (N x C) after the availability fades of ``year`` (e.g. a US pivot).

    A withdrawing state's fall in availability, times its ``requirement_transfer``, is a share
    of the alliance requirement the others must now field (by their own shares).
    """
    index = {s: i for i, s in enumerate(states)}
    share = shares
    for entry in fades:
        i = index[entry.state]
        moved = share[i] * (1.0 - entry.at(year)) * entry.requirement_transfer
        others = share.copy()
        others[i] = 0.0
        weights = others / np.maximum(others.sum(axis=0, keepdims=True), EPS)
        share = share + weights * moved[None, :]
        share[i] = share[i] - moved
    return share
