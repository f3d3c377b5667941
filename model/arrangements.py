"""Arrangements: what members gain; the lifecycle -- propose, consent, mature, deepen, dissolve.

Note, § Vormen van samenwerking: cooperation "preferably takes shape bottom-up", with concrete
goals and realistic timetables; § Inleiding: a relation "needs maintenance and pays off mostly
over a longer time"; § Samenwerkingspartners: deeper forms succeed mainly between close partners
with a similar political culture, and partners "not seldom decide to extend their cooperation to
other areas". A proposal needs the consent of every member -- each must gain by its own goal
weights -- and, for deeper forms, its parliament (§ Inleiding: "more intensive military
cooperation must go together with more intensive contacts between the people's
representatives").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from model.capabilities import EPS
from model.forms import FLEET_FORMS, N_FORMS
from model.params import Form, Goal, Origin, Role
from model.partners import RelationStats

if TYPE_CHECKING:
    from model.cooperation import CooperationModel

#: Lookup by form index: does the form share the members' own fleets?
IS_FLEET = np.array([f in FLEET_FORMS for f in Form])


class Arrangement(mesa.Agent):
    """One arrangement in one capability area between two or more states.

    Attributes
    ----------
    code : str
        Stable id (``initial`` ones keep their source id, new ones ``A0001``...).
    cap : int
        Area index. form : Form. members : list[int] of state indices. lead : int or -1.
    origin : Origin
    start_year, end_year : int, int | None
    commitments : dict[int, tuple[int, float]]
        Role specialisation: dropper -> (provider, committed units).
    hired : dict[int, float]
        Joint hire: member -> hired unit-equivalents.
    predecessor : str
        Id of the shallower arrangement this one deepened, if any.
    """

    def __init__(
        self,
        model: CooperationModel,
        code: str,
        cap: int,
        form: Form,
        members: list[int],
        lead: int,
        origin: Origin,
        start_year: int,
        predecessor: str = "",
    ) -> None:
        super().__init__(model)
        self.code = code
        self.cap = cap
        self.form = form
        self.members = list(members)
        self.ever_members = list(members)
        self.lead = lead
        self.origin = origin
        self.start_year = start_year
        self.end_year: int | None = None
        self.commitments: dict[int, tuple[int, float]] = {}
        self.provider_pays = False  # solidarity arrangements: providers bear their own costs
        self.hired: dict[int, float] = {}
        self.predecessor = predecessor
        self.index = len(model.arrangements)  # position in model.arrangements

    @property
    def active(self) -> bool:
        """Whether the arrangement still runs."""
        return self.end_year is None

    def changed(self) -> None:
        """Record that members, lead or commitments changed (and tell the model)."""
        self._rev = getattr(self, "_rev", 0) + 1
        self.model.touch(self)

    def blocks(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Members, every ordered member pair (a, b), and which members dropped the role.

        Cached until members or commitments change.
        """
        key = getattr(self, "_rev", 0)
        if getattr(self, "_index_key", None) != key:
            ms = np.array(self.members, dtype=int)
            ia, ib = _pair_template(len(ms))
            drop = np.array([m in self.commitments for m in self.members], dtype=bool)
            self._index = (ms, ms[ia], ms[ib], drop)
            self._index_key = key
            self._props = None
        return self._index

    def props(self, framework_size: int) -> tuple[int, ...]:
        """The arrangement's row in :class:`Structure`, cached with :meth:`blocks` (call first)."""
        if self._props is None:
            k = len(self.members)
            self._props = (
                int(self.form),
                self.cap,
                self.start_year,
                k,
                self.lead,
                self.origin in (Origin.NATO, Origin.EU) or k >= framework_size,
                self.origin is Origin.BOTTOM_UP,
                self.members[0],
                self.members[1],
                k * (k - 1),
                self.origin is Origin.INITIAL,
                self.provider_pays,
            )
        return self._props

    def end(self, year: int) -> None:
        """Close the arrangement in ``year``; a provider keeps units committed to others."""
        self.end_year = year
        self.model.release_commitments(self)
        self.model.active_arrangements.pop(self.index, None)
        self.model.touch(self)

    def remove_member(self, member: int, year: int) -> None:
        """A member leaves; with fewer than two members left the arrangement ends.

        In a role specialisation a leaving dropper ends its commitment; a leaving provider's
        commitments pass to another member holding the area, or the arrangement ends.
        """
        self.changed()
        self.commitments.pop(member, None)
        orphaned = [d for d, (p, _) in self.commitments.items() if p == member]
        if orphaned:
            holders = [
                m
                for m in self.members
                if m != member
                and m not in self.commitments
                and self.model.holdings[m, self.cap] > 0
            ]
            if not holders:
                self.end(year)
                return
            for i, d in enumerate(orphaned):
                self.commitments[d] = (holders[i % len(holders)], self.commitments[d][1])
        self.members.remove(member)
        self.hired.pop(member, None)
        if self.lead == member:
            self.lead = -1
        if len(self.members) < 2:
            self.end(year)


@cache
def _pair_template(k: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (a, b) of every ordered pair of distinct members among ``k``."""
    a, b = np.repeat(np.arange(k), k), np.tile(np.arange(k), k)
    keep = a != b
    return a[keep], b[keep]


@dataclass
class Ledger:
    """This year's arrangement effects as arrays (N x C unless noted), rebuilt each year."""

    primary: np.ndarray  # index into model.arrangements of a state's fleet arrangement, or -1
    primary_form: np.ndarray  # its form, or -1
    pool_others: np.ndarray  # other members' units in the primary arrangement
    members: np.ndarray  # member count of the primary arrangement (1 = none)
    maturity: np.ndarray
    committed_out: np.ndarray
    committed_in: np.ndarray
    hired: np.ndarray
    hiring: np.ndarray  # (N, C) bool: the state is in a joint hire in the area
    upkeep: np.ndarray  # (N,) USD million this year, set-up costs included
    staff_used: np.ndarray  # (N,)
    covered: np.ndarray  # (N, C) bool: the state is in some arrangement in the area
    sovereignty: np.ndarray  # sovereignty cost on own units (0 without an arrangement)
    shared: np.ndarray  # (N, N, C) bool: pair shares an arrangement in c
    relations: RelationStats = field(default=None)  # per-pair summary for the circles
    cost_book: Any = None  # cost terms gathered once (CooperationModel._cost_book)


@dataclass(frozen=True)
class Structure:
    """Who is in which active arrangement, as flat arrays; rebuilt only when membership changes.

    ``arr`` indexes ``model.arrangements``; ``m_*`` arrays have one row per (arrangement,
    member); ``p_*`` arrays one row per ordered member pair of an arrangement.
    """

    arr: np.ndarray
    form: np.ndarray
    cap: np.ndarray
    start: np.ndarray
    size: np.ndarray
    lead: np.ndarray
    framework: np.ndarray
    bottom_up: np.ndarray
    initial: np.ndarray
    provider_pays: np.ndarray
    first: np.ndarray  # first and second member of each arrangement
    second: np.ndarray
    m_row: np.ndarray  # position in the arrays above
    m_state: np.ndarray
    m_dropper: np.ndarray  # the member dropped the role (role specialisation)
    p_row: np.ndarray
    p_a: np.ndarray
    p_b: np.ndarray

    def partner(self) -> np.ndarray:
        """Main partner of each member row: the lead, or the (first) other member."""
        r, s = self.m_row, self.m_state
        other = np.where(self.first[r] != s, self.first[r], self.second[r])
        return np.where((self.lead[r] >= 0) & (self.lead[r] != s), self.lead[r], other)

    def pool(self, holdings: np.ndarray) -> np.ndarray:
        """Fleet of each arrangement in its area (sum of members' holdings)."""
        return np.bincount(
            self.m_row,
            weights=holdings[self.m_state, self.cap[self.m_row]],
            minlength=len(self.arr),
        )

    def maturity(self, year: int, years_to_mature: np.ndarray) -> np.ndarray:
        """Maturity of each arrangement in ``year``."""
        return np.minimum(
            np.maximum((year - self.start + 1) / years_to_mature[self.form], 0.0), 1.0
        )

    @classmethod
    def build(cls, model: CooperationModel) -> Structure:
        """Flatten the active arrangements (one pass over per-arrangement cached blocks)."""
        return cls.of(
            list(model.active_arrangements.values()), model.params.partners.framework_size
        )

    @classmethod
    def of(cls, arrangements: list[Arrangement], framework_size: int) -> Structure:
        """Flatten ``arrangements`` (in ``model.arrangements`` order) into a structure."""
        rows_ = [a.blocks() + (a.props(framework_size),) for a in arrangements]
        if rows_:
            m_states, p_a, p_b, m_drop, props = zip(*rows_, strict=True)
        else:
            m_states = p_a = p_b = m_drop = props = ()

        def cat(xs: tuple[np.ndarray, ...], dtype: type = int) -> np.ndarray:
            return np.concatenate(xs).astype(dtype, copy=False) if xs else np.zeros(0, dtype=dtype)

        pr = np.array(props, dtype=np.int64).reshape(-1, 12)
        rows = np.arange(len(arrangements))
        return cls(
            arr=np.array([a.index for a in arrangements], dtype=int),
            form=pr[:, 0],
            cap=pr[:, 1],
            start=pr[:, 2],
            size=pr[:, 3].astype(float),
            lead=pr[:, 4],
            framework=pr[:, 5].astype(bool),
            bottom_up=pr[:, 6].astype(bool),
            initial=pr[:, 10].astype(bool),
            provider_pays=pr[:, 11].astype(bool),
            first=pr[:, 7],
            second=pr[:, 8],
            m_row=np.repeat(rows, pr[:, 3]),
            m_state=cat(m_states),
            m_dropper=cat(m_drop, bool),
            p_row=np.repeat(rows, pr[:, 9]),
            p_a=cat(p_a),
            p_b=cat(p_b),
        )

    def updated(self, model: CooperationModel, changed: set[int]) -> Structure:
        """This structure after the arrangements ``changed`` (indices) changed.

        Created, changed or ended arrangements: their rows are dropped and the active ones
        flattened anew.

        Equal, array for array, to :meth:`build` on the model (rows in ``model.arrangements``
        order, each arrangement's member and pair rows in its own order) at the cost of a few
        array operations instead of a pass over every active arrangement.
        """
        if not changed:
            return self
        gone = np.zeros(len(model.arrangements), dtype=bool)
        gone[list(changed)] = True
        keep = ~gone[self.arr]
        fresh = [model.arrangements[i] for i in sorted(changed) if model.arrangements[i].active]
        new = Structure.of(fresh, model.params.partners.framework_size)
        n_keep = int(keep.sum())
        arr = np.concatenate([self.arr[keep], new.arr])
        order = np.argsort(arr, kind="stable")
        pos = np.empty(len(arr), dtype=int)
        pos[order] = np.arange(len(arr))
        old_pos = np.full(len(self.arr), -1)
        old_pos[keep] = pos[:n_keep]
        new_pos = pos[n_keep:]

        def rows(
            row_old: np.ndarray, row_new: np.ndarray, cols: tuple[str, ...]
        ) -> dict[str, np.ndarray]:
            kept = keep[row_old]
            row = np.concatenate([old_pos[row_old[kept]], new_pos[row_new]])
            o = np.argsort(row, kind="stable")
            out = {c: np.concatenate([getattr(self, c)[kept], getattr(new, c)])[o] for c in cols}
            return {**out, "_row": row[o]}

        m = rows(self.m_row, new.m_row, ("m_state", "m_dropper"))
        p = rows(self.p_row, new.p_row, ("p_a", "p_b"))
        per_arr = {
            f: np.concatenate([getattr(self, f)[keep], getattr(new, f)])[order]
            for f in ARRANGEMENT_COLUMNS
        }
        return Structure(
            **per_arr,
            m_row=m.pop("_row"),
            **m,
            p_row=p.pop("_row"),
            **p,
        )


#: The per-arrangement columns of :class:`Structure` (one row per active arrangement).
ARRANGEMENT_COLUMNS = (
    "arr",
    "form",
    "cap",
    "start",
    "size",
    "lead",
    "framework",
    "bottom_up",
    "initial",
    "provider_pays",
    "first",
    "second",
)


def build_ledger(model: CooperationModel) -> Ledger:
    """Collect the active arrangements into the yearly :class:`Ledger` (vectorised)."""
    n, c = model.world.n_states, model.world.n_caps
    h = model.holdings
    forms = model.forms
    st = model.structure()
    led = Ledger(
        primary=np.full((n, c), -1, dtype=int),
        primary_form=np.full((n, c), -1, dtype=int),
        pool_others=np.zeros((n, c)),
        members=np.ones((n, c)),
        maturity=np.zeros((n, c)),
        committed_out=np.zeros((n, c)),
        committed_in=np.zeros((n, c)),
        hired=np.zeros((n, c)),
        hiring=np.zeros((n, c), dtype=bool),
        upkeep=np.zeros(n),
        staff_used=np.zeros(n),
        covered=np.zeros((n, c), dtype=bool),
        sovereignty=np.zeros((n, c)),
        shared=np.zeros((n, n, c), dtype=bool),
    )
    rel = RelationStats.empty(n, c)
    rel.areas = led.shared
    led.relations = rel
    if len(st.arr) == 0:
        return led
    maturity = st.maturity(model.year, forms.years_to_mature)
    upkeep = forms.upkeep_musd[st.form]
    # set-up costs fall in the year an arrangement starts (institutions, as catalysts, discount
    # arrangements in published shortfall areas)
    discount = model.setup_discount[st.cap]
    setup = np.where(
        st.start == model.year, upkeep * forms.setup_years_of_upkeep[st.form] * (1 - discount), 0.0
    )
    mr, ms = st.m_row, st.m_state
    mcap = st.cap[mr]
    np.add.at(led.upkeep, ms, (upkeep + setup)[mr])
    is_lead = (st.lead[mr] == ms) | (st.size[mr] <= 2)
    load = forms.staff_load[st.form[mr]] * np.where(is_lead, 1.0, np.sqrt(2.0 / st.size[mr]))
    # agencies run the large frameworks and the NATO/EU projects (NSPA, NAHEMA, EDA, the Heavy
    # Airlift Wing ...): their members spend less of their own cooperation staff on them
    load = load * np.where(st.framework[mr], model.params.institutions.staff_relief, 1.0)
    np.add.at(led.staff_used, ms, load)
    led.covered[ms, mcap] = True

    pr, pa, pb = st.p_row, st.p_a, st.p_b
    led.shared[pa, pb, st.cap[pr]] = True
    depth = st.form[pr] + 1
    # per-pair statistics through flat (a * n + b) indices: 1-d ufunc.at is the fast path
    pair = pa * n + pb
    fw = st.framework[pr]
    bu = ~fw
    start = st.start[pr]
    np.maximum.at(rel.depth.reshape(-1), pair, depth)
    rel.framework += np.bincount(pair[fw], minlength=n * n).reshape(n, n)
    rel.bottom_up += np.bincount(pair[bu], minlength=n * n).reshape(n, n)
    np.maximum.at(rel.depth_bottom_up.reshape(-1), pair[bu], depth[bu])
    np.minimum.at(rel.first_year.reshape(-1), pair, start)
    np.minimum.at(rel.first_year_bottom_up.reshape(-1), pair[bu], start[bu])

    # fleet forms: the deepest arrangement in an area sets a member's costs
    pool = st.pool(h)
    fleet = IS_FLEET[st.form[mr]]
    if fleet.any():
        rows = np.nonzero(fleet)[0]
        order = rows[np.lexsort((st.form[mr[rows]], mcap[rows], ms[rows]))]
        key = ms[order] * c + mcap[order]
        last = np.append(key[1:] != key[:-1], True)
        pick = order[last]
        s_i, c_i, r_i = ms[pick], mcap[pick], mr[pick]
        led.primary[s_i, c_i] = st.arr[r_i]
        led.primary_form[s_i, c_i] = st.form[r_i]
        led.pool_others[s_i, c_i] = pool[r_i] - h[s_i, c_i]
        led.members[s_i, c_i] = st.size[r_i]
        led.maturity[s_i, c_i] = maturity[r_i]
        led.sovereignty[s_i, c_i] = forms.sovereignty_cost[st.form[r_i]] * maturity[r_i]

    d, p, k, u, _ = model.spec_arrays()
    np.add.at(led.committed_out.reshape(-1), p * c + k, u)
    np.add.at(led.committed_in.reshape(-1), d * c + k, u)

    hire = st.form[mr] == int(Form.JOINT_HIRE)
    if hire.any():
        hs, hc, hr = ms[hire], mcap[hire], mr[hire]
        without_hire = (
            np.maximum(h[hs, hc] - led.committed_out[hs, hc], 0.0)
            + led.committed_in[hs, hc]
            + model.common_entitlement[hs, hc]
        )
        units = model.params.arrangements.hire_share_of_gap * np.maximum(
            model.requirement[hs, hc] - without_hire, 0.0
        )
        # a state in several hires for one area splits its hired share between them
        n_hires = np.zeros((n, c))
        np.add.at(n_hires.reshape(-1), hs * c + hc, 1.0)
        np.add.at(led.hired.reshape(-1), hs * c + hc, units * maturity[hr] / n_hires[hs, hc])
        led.hiring[hs, hc] = True
        # a state hires only what it can pay: at most a share of its capability budget
        ap = model.params.arrangements
        cost = ap.hire_cost_factor * (led.hired * model.costs.unit_running()).sum(axis=1)
        cost = cost * model.costs.price
        cap = ap.hire_budget_share * np.maximum(getattr(model, "area_budget", np.inf), 0.0)
        scale = np.where(cost > cap, cap / np.maximum(cost, EPS), 1.0)
        led.hired *= scale[:, None]
    return led


@dataclass(frozen=True)
class GainContext:
    """Everything a state weighs when it judges an arrangement, as arrays for this year."""

    holdings: np.ndarray  # (N, C)
    requirement: np.ndarray  # (N, C)
    level: np.ndarray  # (N, C)
    alone_cost: np.ndarray  # (N, C) what the area would cost the state alone
    hired: np.ndarray  # (N, C) unit-equivalents hired this year (joint hire)
    req_cost: np.ndarray  # (N, C) cost of fielding the requirement alone (normaliser)
    weights: np.ndarray  # (N, 3)
    aversion: np.ndarray  # (N,) sovereignty aversion, 0.25 + 0.5 x parliament consent
    political_distance: np.ndarray  # (N, N)
    culture_distance: np.ndarray  # (N, N)
    trust: np.ndarray  # (N, N)
    commonality: np.ndarray  # (N, N, C) bool
    floor: np.ndarray  # (N, C) bool
    hireable: np.ndarray  # (C,) bool
    min_viable: np.ndarray  # (C,)
    price: np.ndarray  # (N,)
    setup_discount: np.ndarray  # (C,)
    tables: GainTables  # the parts of member_gain fixed for the year


@dataclass(frozen=True)
class GainTables:
    """The parts of :func:`member_gain` that are fixed for a year, by form, pair and area.

    Gathered from these tables instead of recomputed for every judgement (the arithmetic is
    the same, element for element).
    """

    success: np.ndarray  # (F, N, N) chance of success before trust (forms.success_probability)
    political: np.ndarray  # (F, N, N) political value of the form with the partner
    late: np.ndarray  # (F,) share of the planning horizon a form pays off in
    setup: np.ndarray  # (F, C) set-up costs in years of upkeep, spread over the horizon
    req: np.ndarray  # (N, C) requirement, at least EPS
    weights_t: np.ndarray  # (3, N) goal weights by goal (rows gather faster than columns)

    @classmethod
    def of(cls, model: CooperationModel) -> GainTables:
        """This year's tables (requirement, distances, set-up discounts and weights are set)."""
        political_distance = model.geometry.political_distance
        setup_discount = model.setup_discount
        forms = model.forms
        ap = model.params.arrangements
        f = np.arange(N_FORMS)
        return cls(
            success=forms.success_probability(
                f[:, None, None], political_distance[None], model.geometry.culture_distance[None]
            ),
            political=forms.political_value[:, None, None] * (1.0 - political_distance)[None],
            late=np.minimum(
                np.maximum(1.0 - forms.years_to_mature / (2.0 * ap.planning_horizon), 0.0), 1.0
            ),
            setup=forms.setup_years_of_upkeep[:, None]
            * (1.0 - setup_discount)[None, :]
            / ap.planning_horizon,
            req=np.maximum(model.requirement, EPS),
            weights_t=np.ascontiguousarray(model.weights.T),
        )


def member_gain(
    model: CooperationModel,
    ctx: GainContext,
    i: np.ndarray,
    p: np.ndarray,
    c: np.ndarray,
    f: np.ndarray,
    pool: np.ndarray,
    k: np.ndarray,
    role: np.ndarray,
    established: bool | np.ndarray = False,
    proven: bool | np.ndarray = False,
    compensated: np.ndarray | float = 1.0,
) -> np.ndarray:
    """Weighted yearly gain of member ``i`` from form ``f`` in area ``c`` with partner ``p``.

    All arguments are broadcastable integer/float arrays. ``pool`` and ``k`` are the fleet and
    member count of the (hypothetical) arrangement; ``role`` matters for role specialisation:
    a :class:`~model.params.Role` (member, the dropper of the role, its provider). For an
    ``established`` arrangement the chance of success is behind it (it works), and set-up costs
    are sunk. ``compensated`` is 0 where a specialisation's provider bears its own costs
    (``provider_pays``, e.g. Baltic Air Policing).

    The gain is the expected value ``p_success * (w_pol * (political - sovereignty) + w_mil *
    military + w_fin * money_value * financial)`` minus the upkeep and set-up, which are paid
    whether it works or not (weighted as money); sovereignty is given up only if it works. Money
    is a share of the cost of fielding the requirement alone, times
    ``arrangements.money_value`` to make it commensurate with the other goals.
    """
    forms = model.forms
    ap = model.params.arrangements
    cm = model.costs
    tb = ctx.tables
    # gathers through flat indices (one-dimensional takes are several times faster than
    # multi-dimensional fancy indexing); ravel() is a view, so in-year changes are seen
    n_states, n_caps = ctx.holdings.shape
    i, p, c, f = (np.asarray(x) for x in (i, p, c, f))
    ic = i * n_caps + c
    ip = i * n_states + p
    w_pol, w_mil, w_fin = (tb.weights_t[g].take(i) for g in Goal)
    n_i = ctx.holdings.ravel().take(ic)
    req = tb.req.ravel().take(ic)
    norm = ctx.req_cost.ravel().take(ic)  # at least EPS
    price_i = ctx.price[i]
    common = ctx.commonality.ravel().take(ip * n_caps + c)
    trust = ctx.trust.ravel().take(ip)  # trust can change within the year (defections)
    fip = f * (n_states * n_states) + ip

    success = tb.success.ravel().take(fip) * (0.6 + 0.4 * trust)
    success = success * np.where(IS_FLEET[f] & ~common, 0.75, 1.0)
    # flags may be scalars or per-element arrays (several judgements in one call)
    plain = established is False and proven is False
    if not plain:
        success = np.where(
            established, 1.0, np.where(proven, 1.0 - (1.0 - success) * (1.0 - trust), success)
        )

    # financial: fleet forms share overhead, scale and learning (capabilities.shared_cost)
    shared = cm.shared_cost(
        n_i,
        pool,
        k,
        1.0,
        *forms.pool_rows(f),
        price_i,
        c,
    )
    is_hire = f == int(Form.JOINT_HIRE)
    is_spec = f == int(Form.SPECIALISATION)
    any_hire, any_spec = bool(is_hire.any()), bool(is_spec.any())
    alone = ctx.alone_cost.ravel().take(ic)
    money = alone - shared
    # joint hire: pay for hired unit-equivalents that close part of the gap (the gap before any
    # hire; proposals are only made where the state hires nothing yet in the area)
    if any_hire:
        without = ctx.level.ravel().take(ic) - ctx.hired.ravel().take(ic)
        gap_units = np.maximum(ctx.requirement.ravel().take(ic) - without, 0.0)
        hired = np.where(is_hire, ap.hire_share_of_gap * gap_units, 0.0)
        hire_cost = ap.hire_cost_factor * cm.unit_running(c) * price_i * hired
        money = np.where(is_hire, -hire_cost, money)
    if any_spec:
        # role specialisation: the dropper pays the provider its marginal cost at the
        # provider's scale, in the dropper's price level (national price factors also carry
        # costs outside the areas that a provider does not incur for a partner's role), plus
        # a margin
        n_p = ctx.holdings.ravel().take(p * n_caps + c)
        base_n = np.where(role == Role.PROVIDER, n_i, n_p)
        extra_n = np.where(role == Role.PROVIDER, n_p, n_i)
        dropper_price = np.where(role == Role.PROVIDER, ctx.price[p], price_i)
        terms = cm.area_terms(c)
        added = cm.alone_cost_of(terms, base_n + extra_n, dropper_price) - cm.alone_cost_of(
            terms, base_n, dropper_price
        )
        compensation = (1.0 + ap.compensation_margin) * added * compensated
        fin_spec = np.where(role == Role.DROPPER, alone - compensation, compensation - added)
        money = np.where(is_spec, fin_spec, money)
    financial = money * tb.late[f] / norm

    coverage = np.minimum(np.maximum(n_i / req, 0.0), 1.0)
    military = forms.military_value[f] * (0.5 + 0.5 * common) * coverage
    dependent = coverage
    if any_spec:
        military = np.where(is_spec, 0.0, military)
        dependent = np.where(is_spec, np.where(role == Role.DROPPER, coverage, 0.0), coverage)
    if any_hire:
        military = np.where(is_hire, hired / req, military)
        dependent = np.where(is_hire, hired / req, dependent)
    political = tb.political.ravel().take(fip)

    setup = tb.setup.ravel().take(f * n_caps + c)
    if not plain:
        setup = np.where(established, 0.0, setup)
    upkeep = forms.upkeep_musd[f] * (1.0 + setup)
    sovereignty = forms.sovereignty_cost[f] * dependent * ctx.aversion[i]

    value = ap.money_value
    return (
        success * (w_pol * (political - sovereignty) + w_mil * military + w_fin * value * financial)
        - w_fin * value * upkeep / norm
    )


def feasible_grid(
    ctx: GainContext,
    led: Ledger,
    cand: np.ndarray,
    proposers: np.ndarray | None = None,
    model_forms_allowed: np.ndarray | None = None,
) -> np.ndarray:
    """Which (proposer, candidate k, area c, form f) can be proposed at all (P x K x C x F).

    ``cand`` holds each proposer's candidate partners (P x K); ``proposers`` the proposers'
    state indices (all states if None); ``model_forms_allowed`` (6 bools) the forms the scenario
    allows (``cooperation.forms_allowed``).

    Fleet forms need both to hold the area and the proposer to have no fleet arrangement in it
    yet (it may join the partner's); joint hire needs a market for the area and a gap on both
    sides; role specialisation needs an area outside the proposer's sovereignty floor that the
    partner runs at viable scale. Pairs already sharing an arrangement in the area are left to
    deepening.
    """
    h = ctx.holdings
    n, c_n = h.shape
    ps = np.arange(n) if proposers is None else proposers
    if model_forms_allowed is None:
        model_forms_allowed = np.ones(N_FORMS, dtype=bool)
    hold = h > EPS
    gap_ok = (ctx.requirement - ctx.level) > 0.05 * ctx.requirement
    pf = led.primary_form
    hold_j = hold[cand]  # (P, K, C)
    pf_j = pf[cand]
    fresh = ~led.shared[ps[:, None], cand]  # (P, K, C)
    free_s = (pf[ps] < 0)[:, None, :]
    out = np.zeros(cand.shape + (c_n, N_FORMS), dtype=bool)
    base_fleet = hold[ps][:, None, :] & hold_j & free_s & fresh
    for form in FLEET_FORMS:
        out[..., int(form)] = base_fleet & ((pf_j < 0) | (pf_j == int(form)))
    hire_s = gap_ok & ~led.hiring
    out[..., int(Form.JOINT_HIRE)] = (
        ctx.hireable[None, None, :] & hire_s[ps][:, None, :] & hire_s[cand] & fresh
    )
    spec_s = ~ctx.floor & hold & (led.committed_in <= EPS) & (led.committed_out <= EPS) & (pf < 0)
    out[..., int(Form.SPECIALISATION)] = (
        spec_s[ps][:, None, :] & (h[cand] >= ctx.min_viable[None, None, :]) & fresh
    )
    out &= (cand != ps[:, None])[:, :, None, None]
    out &= model_forms_allowed[None, None, None, :]
    return out


def pool_and_members(
    ctx: GainContext, led: Ledger, s: np.ndarray, j: np.ndarray, c: np.ndarray, f: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Fleet and member count of the arrangement s would form with j (or join j's)."""
    h = ctx.holdings
    joinable = led.primary_form[j, c] == f
    pool = np.where(joinable, h[j, c] + led.pool_others[j, c] + h[s, c], h[s, c] + h[j, c])
    k = np.where(joinable, led.members[j, c] + 1.0, 2.0)
    return pool, k


#: Below this many proposals a year both sides' gains are computed in one call (call overhead
#: dominates); above it the partner's gain only where the proposer gains (arithmetic dominates).
FUSE_BELOW = 1500


def mutual_gains(
    model: CooperationModel,
    ctx: GainContext,
    led: Ledger,
    s: np.ndarray,
    j: np.ndarray,
    c: np.ndarray,
    f: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Gain of proposer ``s`` and partner ``j`` for each (feasible) combination.

    The partner's gain counts only where the proposer gains (elsewhere it is -inf).
    """
    pool, k = pool_and_members(ctx, led, s, j, c, f)
    spec = f == int(Form.SPECIALISATION)
    role_s = np.where(spec, Role.DROPPER, Role.MEMBER)
    role_j = np.where(spec, Role.PROVIDER, Role.MEMBER)
    min_gain = model.params.arrangements.min_gain
    m = len(s)
    if m <= FUSE_BELOW:
        # few judgements: both sides in one call (one pass of array operations)
        both = member_gain(
            model,
            ctx,
            np.concatenate((s, j)),
            np.concatenate((j, s)),
            np.concatenate((c, c)),
            np.concatenate((f, f)),
            np.concatenate((pool, pool)),
            np.concatenate((k, k)),
            np.concatenate((role_s, role_j)),
        )
        g_s = both[:m]
        # the partner is asked only where the proposer gains
        return g_s, np.where(g_s > min_gain, both[m:], -np.inf)
    g_s = member_gain(model, ctx, s, j, c, f, pool, k, role_s)
    g_j = np.full(m, -np.inf)
    ask = np.nonzero(g_s > min_gain)[0]
    if len(ask):
        g_j[ask] = member_gain(
            model, ctx, j[ask], s[ask], c[ask], f[ask], pool[ask], k[ask], role_j[ask]
        )
    return g_s, g_j


def propose_bottom_up(model: CooperationModel, ctx: GainContext, led: Ledger) -> int:
    """Each state proposes its best mutually beneficial arrangement; returns how many formed.

    Candidates: the ``partners.candidate_partners`` best-scoring partners on the note's
    criteria; every area and form is judged for all of them at once. Proposers act in a random
    order; a proposal needs staff capacity on both sides, both gains above ``min_gain`` and
    no parliament veto.
    """
    pp = model.params.partners
    ap = model.params.arrangements
    n = model.world.n_states
    if pp.proposals_per_year == 0 or n < 2:
        return 0
    kk = min(pp.candidate_partners, n - 1)
    score = model.partner_scores
    free = model.staff_capacity - led.staff_used
    load = model.forms.staff_load
    # only states with staff to spare propose, and only to partners with staff to spare
    proposers = np.nonzero(free >= load.min())[0]
    masked = np.where((free >= load.min())[None, :], score, -np.inf)
    cand = np.argsort(-masked[proposers], axis=1, kind="stable")[:, :kk]  # (P, K)
    grid = feasible_grid(ctx, led, cand, proposers, model.forms_allowed)
    grid &= free[proposers][:, None, None, None] >= load[None, None, None, :]
    grid &= free[cand][:, :, None, None] >= load[None, None, None, :]
    grid &= np.isfinite(masked[proposers[:, None], cand])[:, :, None, None]
    pi, ki, ci, fi = np.nonzero(grid)
    si = proposers[pi]
    ji = cand[pi, ki]
    g_s, g_j = mutual_gains(model, ctx, led, si, ji, ci, fi)
    ok = (g_s > ap.min_gain) & (g_j > ap.min_gain)
    si, ji, ci, fi, g_s = si[ok], ji[ok], ci[ok], fi[ok], g_s[ok]

    pair_area = np.zeros((n, n, model.world.n_caps), dtype=bool)
    pair_area[si, ji, ci] = True
    goals = pair_area.sum(axis=2).astype(float)
    model.shared_goals = np.maximum(goals, goals.T)

    # a pair that already shares an arrangement in the area does not propose another there
    fresh = ~led.shared[si, ji, ci]
    si, ji, ci, fi, g_s = si[fresh], ji[fresh], ci[fresh], fi[fresh], g_s[fresh]
    value = g_s + 0.05 * score[si, ji]
    order = np.lexsort((-value, si))  # by proposer, best first
    starts = np.searchsorted(si[order], np.arange(n + 1))
    formed = 0
    cap = model.staff_capacity
    used = led.staff_used
    min_load = float(load.min())
    ji_l, ci_l, fi_l = ji.tolist(), ci.tolist(), fi.tolist()
    need_l = load[fi].tolist()
    for s_ in model.rng.permutation(n).tolist():
        made = 0
        for idx in order[starts[s_] : starts[s_ + 1]].tolist():
            if made >= pp.proposals_per_year or cap[s_] - used[s_] < min_load:
                break
            jj, ck, need = ji_l[idx], ci_l[idx], need_l[idx]
            if cap[s_] - used[s_] < need or cap[jj] - used[jj] < need or led.shared[s_, jj, ck]:
                continue
            form = Form(fi_l[idx])
            made += 1  # a proposal was made; parliaments may still say no
            if not model.parliaments_consent([s_, jj], form):
                continue
            arr = model.create_or_join(s_, jj, ck, form, Origin.BOTTOM_UP, led, ctx)
            if arr is not None:
                used[s_] += need
                used[jj] += need
                led.shared[s_, jj, ck] = led.shared[jj, s_, ck] = True
                if form in FLEET_FORMS:
                    led.primary_form[s_, ck] = int(form)
                formed += 1
    return formed


def review_members(model: CooperationModel, ctx: GainContext, led: Ledger) -> int:
    """Members that keep losing, or defect at random, leave; returns how many left.

    A member's current gain is recomputed with its main partner; after ``patience_years``
    losing years it walks out, and any year it may defect with ``defection_rate`` times its
    distrust of the partner (1 - trust). Trust between the leaver and the others drops
    (``partners.defection_trust_loss``).
    """
    ap = model.params.arrangements
    st = model.structure()
    if len(st.arr) == 0:
        return 0
    r, i = st.m_row, st.m_state
    p = st.partner()
    f = st.form[r]
    role = np.where(
        f == int(Form.SPECIALISATION),
        np.where(st.m_dropper, Role.DROPPER, Role.PROVIDER),
        Role.MEMBER,
    )
    pool = st.pool(ctx.holdings)[r]
    pays = np.where(st.provider_pays[r], 0.0, 1.0)
    gains = member_gain(
        model, ctx, i, p, st.cap[r], f, pool, st.size[r], role, established=True, compensated=pays
    )
    draws = model.rng.random(len(r))
    walk_out = draws < ap.defection_rate * (1.0 - ctx.trust[i, p])
    losing = gains < ap.min_gain
    left = 0
    arrs = model.arrangements
    counts = model.losing_years
    arr_idx = st.arr[r]
    losing_keys = set(zip(arr_idx[losing].tolist(), i[losing].tolist(), strict=True))
    for key in [k for k in counts if k not in losing_keys]:
        del counts[key]
    for row in np.nonzero(losing | walk_out)[0]:
        key = (int(arr_idx[row]), int(i[row]))
        if losing[row]:
            counts[key] = counts.get(key, 0) + 1
        arr = arrs[key[0]]
        mem = key[1]
        if not arr.active or mem not in arr.members:
            continue
        if counts.get(key, 0) >= ap.patience_years or walk_out[row]:
            counts.pop(key, None)
            model.defect(arr, mem)
            left += 1
    return left


def deepen(
    model: CooperationModel, ctx: GainContext, led: Ledger, structure: Structure | None = None
) -> int:
    """Mature arrangements among trusting members move one form deeper if all gain more.

    Specialisation is not reached by deepening (it needs a dropper and a provider and is
    proposed as such); every member must hold the area (a joint hire deepens into pooling only
    then). Trust stands in for the risk of the deeper form: its chance of success is
    ``1 - (1 - p) * (1 - trust)`` among partners who have worked together (note, § Inleiding:
    relations
    pay off over a longer time). All candidates are judged in one vectorised pass.
    """
    ap = model.params.arrangements
    st = structure if structure is not None else model.structure()
    if len(st.arr) == 0:
        return 0
    n_a = len(st.arr)
    mature = st.maturity(model.year, model.forms.years_to_mature) >= 1.0
    trust_sum = np.bincount(st.p_row, weights=ctx.trust[st.p_a, st.p_b], minlength=n_a)
    pairs = np.bincount(st.p_row, minlength=n_a)
    trusted = trust_sum >= ap.deepen_trust * np.maximum(pairs, 1)
    holds = np.ones(n_a, dtype=bool)
    np.logical_and.at(holds, st.m_row, ctx.holdings[st.m_state, st.cap[st.m_row]] > EPS)
    deeper_allowed = np.append(model.forms_allowed[1:], False)[st.form]
    ok = mature & trusted & holds & (st.form < int(Form.INTEGRATED)) & deeper_allowed
    if not ok.any():
        return 0
    rows = np.nonzero(ok[st.m_row])[0]
    r, i = st.m_row[rows], st.m_state[rows]
    p = st.partner()[rows]
    c, f = st.cap[r], st.form[r]
    pool = st.pool(ctx.holdings)[r]
    k = st.size[r]
    m = len(rows)
    both = member_gain(
        model,
        ctx,
        np.concatenate((i, i)),
        np.concatenate((p, p)),
        np.concatenate((c, c)),
        np.concatenate((f, f + 1)),
        np.concatenate((pool, pool)),
        np.concatenate((k, k)),
        np.zeros(2 * m, dtype=int),
        established=np.concatenate((np.ones(m, bool), np.zeros(m, bool))),
        proven=np.concatenate((np.zeros(m, bool), np.ones(m, bool))),
    )
    g_now, g_next = both[:m], both[m:]
    all_better = np.ones(n_a, dtype=bool)
    np.logical_and.at(all_better, r, g_next > g_now + ap.deepen_margin)
    done = 0
    for row in np.nonzero(ok & all_better)[0]:
        arr = model.arrangements[st.arr[row]]
        nxt = Form(int(arr.form) + 1)
        if not arr.active or len(arr.members) != int(st.size[row]):
            continue
        if model.parliaments_consent(list(arr.members), nxt):
            model.deepen_arrangement(arr, nxt)
            done += 1
    return done


def specialise(model: CooperationModel, ctx: GainContext, structure: Structure) -> int:
    """Turn mature bilateral integration between trusting partners into role specialisation.

    The smaller holder drops the role and relies on the other: the deepest step of the note's
    ladder (§ Samenwerkingspartners: "rol- en taakspecialisatie"); both must gain more than
    from their integration, the dropper's sovereignty floor must allow it, and both
    parliaments must consent.
    """
    ap = model.params.arrangements
    st = structure
    if not model.forms_allowed[Form.SPECIALISATION] or len(st.arr) == 0:
        return 0
    mature = st.maturity(model.year, model.forms.years_to_mature) >= 1.0
    cand = np.nonzero((st.form == int(Form.INTEGRATED)) & (st.size == 2) & mature)[0]
    if len(cand) == 0:
        return 0
    a, b, c = st.first[cand], st.second[cand], st.cap[cand]
    h = ctx.holdings
    small_first = h[a, c] <= h[b, c]
    drop = np.where(small_first, a, b)
    prov = np.where(small_first, b, a)
    ok = (
        (0.5 * (ctx.trust[drop, prov] + ctx.trust[prov, drop]) >= ap.deepen_trust)
        & ~ctx.floor[drop, c]
        & (h[drop, c] > EPS)
        & (h[prov, c] >= ctx.min_viable[c])
    )
    if not ok.any():
        return 0
    cand, drop, prov, c = cand[ok], drop[ok], prov[ok], c[ok]
    pool = h[drop, c] + h[prov, c]
    two = np.full(len(cand), 2.0)
    zero = np.zeros(len(cand), dtype=int)
    integ = np.full(len(cand), int(Form.INTEGRATED))
    spec = np.full(len(cand), int(Form.SPECIALISATION))
    m = len(cand)
    ones, nones = np.ones(m, bool), np.zeros(m, bool)
    g = member_gain(
        model,
        ctx,
        np.concatenate((drop, prov, drop, prov)),
        np.concatenate((prov, drop, prov, drop)),
        np.concatenate((c, c, c, c)),
        np.concatenate((integ, integ, spec, spec)),
        np.concatenate((pool, pool, pool, pool)),
        np.concatenate((two, two, two, two)),
        np.concatenate((zero, zero, zero + Role.DROPPER, zero + Role.PROVIDER)),
        established=np.concatenate((ones, ones, nones, nones)),
        proven=np.concatenate((nones, nones, ones, ones)),
    )
    now_d, now_p, new_d, new_p = g[:m], g[m : 2 * m], g[2 * m : 3 * m], g[3 * m :]
    better = (new_d > now_d + ap.deepen_margin) & (new_p > now_p + ap.deepen_margin)
    done = 0
    for row, d, p, k in zip(cand[better], drop[better], prov[better], c[better], strict=True):
        arr = model.arrangements[st.arr[row]]
        if not arr.active or len(arr.members) != 2:
            continue
        if not model.parliaments_consent([int(d), int(p)], Form.SPECIALISATION):
            continue
        arr.end(model.year)
        model.create_or_join(
            int(d), int(p), int(k), Form.SPECIALISATION, Origin.BOTTOM_UP, None, ctx
        ).predecessor = arr.code
        done += 1
    return done
