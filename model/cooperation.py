"""CooperationModel: wiring, the yearly step order and the reporters.

One ``step()`` is one year:

1. budgets and costs of the year (data path or scenario override, real cost growth); staff
   capacity follows the budget; membership changes (e.g. Finland joins NATO in 2023);
2. crises and threat; each state's requirement follows the threat it feels (and, under an
   availability fade such as a US pivot, the share others must take over);
3. scheduled arrangements start, joint-hire terms end; this year's arrangement effects (the
   ledger), NATO common funding, levels;
4. economic pressure and goal weights move (note, § Samenwerking … dient een doel);
5. partner criteria (note, § Samenwerkingspartners); members review their arrangements (leave
   or defect), mature ones deepen (bilateral integration may become role specialisation),
   states propose new ones bottom-up, NATO and the EU run
   project rounds -- all judging the year's opening position; the ledger is rebuilt once;
6. states fit forces to money: cut (coordinated under NATO consultation) or invest; small
   fleets are divested; EU cascading and save-and-reinvest;
7. accounting: spending, savings, gaps, autonomy, capacity to act, circles, trust;
8. reporters record the year.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import mesa
import numpy as np

from model import arrangements as arr_mod
from model.agents import State
from model.arrangements import (
    Arrangement,
    GainContext,
    GainTables,
    Ledger,
    Structure,
    build_ledger,
)
from model.budgets import (
    ForceSituation,
    coordinated_cuts,
    fit_to_budget,
    plan_cuts,
    plan_investment,
)
from model.capabilities import (
    EPS,
    CostModel,
    PoolTerms,
    alliance_requirement,
    area_weights,
    gap_share,
    requirement_shares,
)
from model.crises import capacity_to_act, draw_crises, realise_participation, update_threat
from model.forms import FLEET_FORMS, FormTable
from model.goals import move_weights, target_weights
from model.institutions import alliance_gap, common_funding, run_projects, setup_discount
from model.outputs import Recorder, model_reporters
from model.params import Form, Origin
from model.partners import (
    PairGeometry,
    classify_circles,
    initial_trust,
    join_probability,
    partner_score,
    synergy,
    update_trust,
)
from model.scenario import Scenario, load_scenario
from model.version import MODEL_VERSION as MODEL_VERSION  # re-exported; defined below the model
from model.world import build_world


@dataclass(frozen=True)
class CostBook:
    """The cost terms of one ledger under one cost model (see ``CooperationModel._cost_book``)."""

    costs: CostModel
    version: int  # the model's arrangement version when gathered
    pooled: tuple[np.ndarray, np.ndarray]  # (state, area) of every pooled holding
    pooled_price: np.ndarray
    pool_terms: PoolTerms
    hire: np.ndarray  # (N,) hire payments, USD million
    spec: tuple[np.ndarray, ...]  # role-specialisation commitments (see spec_arrays)
    spec_terms: tuple[np.ndarray, ...]
    spec_price: np.ndarray  # the droppers' price factors


class CooperationModel(mesa.Model):
    """States choosing forms of cooperation and partners as their budgets shrink or grow.

    Parameters
    ----------
    scenario
        Scenario name, path or loaded :class:`~model.scenario.Scenario`.
    rng
        Seed (int) or numpy Generator; every random draw goes through ``self.rng`` (crisis
        occurrence through ``self.crisis_rng``, spawned from it).
    years
        ``(from, to)`` to replace the scenario's simulated span.
    overrides
        Dotted parameter keys to values (``{"policy.nato_consultation": True}``).
    **params
        Further overrides with ``__`` for dots (``policy__nato_consultation=True``), so that
        ``mesa.batch_run`` can sweep parameters by keyword.
    """

    def __init__(
        self,
        scenario: str | Scenario = "reference_2012",
        rng: Any = None,
        years: tuple[int, int] | None = None,
        overrides: dict[str, Any] | None = None,
        **params: Any,
    ) -> None:
        merged = dict(overrides or {})
        merged.update({k.replace("__", "."): v for k, v in params.items()})
        spec = load_scenario(scenario, merged or None, years)
        super().__init__(rng=rng)
        self.scenario_spec = spec
        self.scenario_name = spec.name
        # crises draw from their own stream, derived from the model's generator, so that a run
        # and its go-it-alone twin (same seed) face the same crises whatever they decide
        self.crisis_rng = self.rng.spawn(1)[0]
        self.seed = rng if isinstance(rng, int | np.integer) else None
        self.params = spec.params
        self.world = world = build_world(spec)
        n, c = world.n_states, world.n_caps
        self.forms = FormTable.from_params(self.params.forms)
        self.base_costs = CostModel.calibrate(world, self.params)
        self.costs = self.base_costs
        self.nato = world.nato.copy()
        self.eu = world.eu.copy()
        for change in spec.memberships:
            if change.year <= world.years[0]:
                self._apply_membership(change)
        self.geometry = PairGeometry.build(world, self.params.partners, self.nato, self.eu)
        self.trust = initial_trust(world, self.params.partners, self.nato, self.eu)
        self.holdings = world.holdings0.copy()
        self.req_share = requirement_shares(world, self.params.requirement.fair_share_weight)
        self.requirement_2012 = alliance_requirement(world)
        self.requirement = self.req_share * self.requirement_2012
        self.area_weight = area_weights(self.base_costs)
        self.staff_capacity = self._staff_capacity(world.budget0)
        self.aversion = 0.25 + 0.5 * world.culture[:, 2]
        self.threat = np.full(n, self.params.crises.threat_baseline)
        self.weights = target_weights(np.zeros(n), self.threat, self.params.goals)
        self.budget = world.budget0.copy()
        self.budget_history: list[np.ndarray] = []
        self.reinvest = np.zeros(n)
        self.cascade_paid = np.zeros(n)
        self.cascade_received = np.zeros(n)
        self.common_entitlement = np.zeros((n, c))
        self.common_contribution = np.zeros(n)
        self.setup_discount = np.zeros(c)
        self.shared_goals = np.zeros((n, n))
        self.circle = np.full((n, n), -1, dtype=int)
        self.partner_scores = np.zeros((n, n))
        self.hireable = np.array(
            [cap in self.params.arrangements.hireable_areas for cap in world.capabilities]
        )
        self.states = [State(self, i) for i in range(n)]
        self._europe = ~np.isin(np.array(world.states), ("USA", "CAN"))
        self.arrangements: list[Arrangement] = []
        self.active_arrangements: dict[int, Arrangement] = {}
        self._next_id = 1
        self.year = int(world.years[0])
        self.events: list[str] = []
        self._version = 0
        self._changed: set[int] | None = set()  # arrangements changed since the last structure
        self.losing_years: dict[tuple[int, int], int] = {}
        self._structure_cache: tuple[int, Any] | None = None
        self._spec_cache: tuple[int, Any] | None = None
        self.scheduled: list[Any] = []  # arrangements a scenario starts in a later year
        cp = self.params.cooperation
        self.cooperating = cp.enabled
        self.forms_allowed = np.array([f.id in cp.forms_allowed for f in Form]) & cp.enabled
        self.area_budget = self.params.budgets.area_share * self.budget
        # the world is calibrated with its start-year arrangements also when cooperation is
        # switched off, so that the go-it-alone twin has the same price factors and staff
        self.cooperating = True
        self._load_initial_arrangements()
        # the same for every seed of a scenario: calibrated once, kept on the scenario
        calibration = spec.cached("calibration", self._calibrate)
        self.staff_scale, self.staff_capacity, price = (a.copy() for a in calibration)
        self.base_costs = replace(self.base_costs, price=price)
        self.costs = self.base_costs
        self.cooperating = cp.enabled
        if not self.cooperating:
            for arr in list(self.active_arrangements.values()):
                arr.remove()
            self.arrangements = []
            self.active_arrangements = {}
            self.scheduled = []
            self.touch()
        self.recorder = Recorder(self)
        self.datacollector = mesa.DataCollector(model_reporters=model_reporters())
        self.running = len(world.years) > 0

    # ------------------------------------------------------------------ set-up
    def _staff_capacity(self, budget: np.ndarray) -> np.ndarray:
        """Cooperation staff (load units): grows with the log of the budget (note, § Inleiding).

        Calibrated per state so that the start year's arrangements take at most
        ``1 / (1 + partners.staff_headroom)`` of it: in 2012 states had the staff to run what they
        ran (``staff_scale``).

        Under economic pressure a state puts more of its (scarcer) staff on cooperation: the
        capacity rises with the financial weight's relative rise above its baseline share.
        """
        pp = self.params.partners
        gp = self.params.goals
        base = pp.staff_base + pp.staff_per_log_budget * np.log10(np.maximum(budget / 100.0, 1.0))
        base = base * getattr(self, "staff_scale", 1.0)
        base_fin = gp.base_financial / (gp.base_political + gp.base_military + gp.base_financial)
        weights = getattr(self, "weights", None)
        if weights is None:
            return base
        rise = np.maximum(weights[:, 2] / base_fin - 1.0, 0.0)
        return base * (1.0 + pp.staff_priority * rise)

    def _calibrate(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Calibrate staff, then prices; return staff scale, staff capacity and price factors."""
        self._calibrate_staff()
        self._calibrate_prices()
        kept = (self.staff_scale, self.staff_capacity, self.base_costs.price)
        return tuple(a.copy() for a in kept)

    def _calibrate_prices(self) -> None:
        """Re-calibrate price factors to the start year's holdings *with* its arrangements.

        The first calibration costs them alone; a few fixed-point passes, since upkeep and NATO
        contributions do not scale with the price factor.
        """
        lo, hi = self.params.costs.price_factor_bounds
        target = self.params.budgets.area_share * self.world.budget0
        h = self.world.holdings0
        for _ in range(3):
            led = build_ledger(self)
            self.common_entitlement, self.common_contribution = common_funding(
                self, self.requirement.sum(axis=0)
            )
            cost = self.total_cost(h, led)
            fixed = led.upkeep + self.common_contribution
            variable = np.maximum(cost - fixed, EPS)
            scale = np.maximum(target - fixed, 0.0) / variable
            price = np.minimum(np.maximum(self.base_costs.price * scale, lo), hi)
            self.base_costs = replace(self.base_costs, price=price)
            self.costs = self.base_costs
        self.common_entitlement = np.zeros_like(self.common_entitlement)
        self.common_contribution = np.zeros_like(self.common_contribution)

    def _calibrate_staff(self) -> None:
        """Scale each state's staff so that its start-year arrangements fit with headroom."""
        self.year = int(self.world.years[0])
        used = build_ledger(self).staff_used
        need = used * (1.0 + self.params.partners.staff_headroom)
        self.staff_scale = np.maximum(need / np.maximum(self.staff_capacity, EPS), 1.0)
        self.staff_capacity = self.staff_capacity * self.staff_scale

    def _load_initial_arrangements(self) -> None:
        """The arrangements that existed in the start year (origin ``initial``)."""
        table = self.scenario_spec.tables["arrangements"]
        si = {s: i for i, s in enumerate(self.world.states)}
        ci = {k: i for i, k in enumerate(self.world.capabilities)}
        start = self.year
        rows = self.scenario_spec.cached(
            "arrangement_rows", lambda: tuple(table.itertuples(index=False))
        )
        for row in rows:
            if row.start_year > start:
                self.scheduled.append(row)
                continue
            members = [si[m] for m in row.members.split(";") if m]
            lead = si.get(row.lead, -1)
            form = Form.from_id(row.form)
            arr = self.create_arrangement(
                members,
                lead,
                ci[row.capability],
                form,
                Origin.INITIAL,
                code=row.id,
                start_year=int(row.start_year),
            )
            if form is Form.SPECIALISATION:
                arr.provider_pays = bool(row.provider_pays)
                self._initial_commitments(arr)

    def _initial_commitments(self, arr: Arrangement) -> None:
        """Members without the area rely on members holding it, for their whole requirement."""
        k = arr.cap
        providers = [m for m in arr.members if self.holdings[m, k] > EPS]
        droppers = [m for m in arr.members if self.holdings[m, k] <= EPS]
        if not providers or not droppers:
            return
        for i, d in enumerate(droppers):
            p = providers[i % len(providers)]
            arr.commitments[d] = (p, float(self.requirement[d, k]))
        if arr.lead < 0:
            arr.lead = providers[0]
        arr.changed()

    # ------------------------------------------------------------------ arrangement ops
    def touch(self, arr: Arrangement | None = None) -> None:
        """Note that arrangement ``arr`` (None: any) was created, changed or ended.

        Invalidates the cached structure; the next :meth:`structure` updates only the rows of
        the arrangements noted (or rebuilds all of them after a ``None``).
        """
        self._version += 1
        if arr is None:
            self._changed = None
        elif self._changed is not None:
            self._changed.add(arr.index)

    def structure(self) -> Structure:
        """The active arrangements as flat arrays, updated when arrangements changed."""
        if self._structure_cache is None or self._changed is None:
            st = Structure.build(self)
        elif self._structure_cache[0] != self._version:
            st = self._structure_cache[1].updated(self, self._changed)
        else:
            return self._structure_cache[1]
        self._structure_cache = (self._version, st)
        self._changed = set()
        return st

    def spec_arrays(self) -> tuple[np.ndarray, ...]:
        """Role-specialisation commitments: dropper, provider, area, units, paid (0/1) arrays."""
        if self._spec_cache is None or self._spec_cache[0] != self._version:
            st = self.structure()
            spec = st.arr[st.form == int(Form.SPECIALISATION)]
            rows = [
                (d, p, a.cap, u, 0.0 if a.provider_pays else 1.0)
                for a in (self.arrangements[i] for i in spec)
                for d, (p, u) in a.commitments.items()
            ]
            arr = np.array(rows, dtype=float).reshape(-1, 5)
            self._spec_cache = (
                self._version,
                (
                    arr[:, 0].astype(int),
                    arr[:, 1].astype(int),
                    arr[:, 2].astype(int),
                    arr[:, 3],
                    arr[:, 4],
                ),
            )
        return self._spec_cache[1]

    def create_arrangement(
        self,
        members: list[int],
        lead: int,
        cap: int,
        form: Form,
        origin: Origin,
        code: str | None = None,
        start_year: int | None = None,
        predecessor: str = "",
    ) -> Arrangement:
        """Create and register an arrangement."""
        if code is None:
            code = f"A{self._next_id:04d}"
            self._next_id += 1
        arr = Arrangement(
            self,
            code,
            cap,
            form,
            members,
            lead,
            origin,
            self.year if start_year is None else start_year,
            predecessor,
        )
        self.active_arrangements[len(self.arrangements)] = arr
        self.arrangements.append(arr)
        self.touch(arr)
        return arr

    def create_or_join(
        self,
        s: int,
        j: int,
        cap: int,
        form: Form,
        origin: Origin,
        led: Ledger | None,
        ctx: GainContext,
    ) -> Arrangement | None:
        """State ``s`` joins ``j``'s arrangement of that form in ``cap``, or both start one."""
        joinable = led is not None and form in FLEET_FORMS and led.primary_form[j, cap] == int(form)
        if joinable and self.arrangements[led.primary[j, cap]].active:
            arr = self.arrangements[led.primary[j, cap]]
            if s not in arr.members:
                arr.members.append(s)
                if s not in arr.ever_members:
                    arr.ever_members.append(s)
                arr.changed()
            return arr
        if form is Form.SPECIALISATION:
            units = float(self.holdings[s, cap])
            arr = self.create_arrangement([s, j], j, cap, form, origin)
            self.holdings[j, cap] += units
            self.holdings[s, cap] = 0.0
            arr.commitments[s] = (j, units)
            arr.changed()
            return arr
        return self.create_arrangement([s, j], s, cap, form, origin)

    def release_commitments(self, arr: Arrangement) -> None:
        """When a specialisation ends the dropper has nothing; its provider keeps the units."""
        arr.commitments.clear()
        arr.changed()

    def defect(self, arr: Arrangement, member: int) -> None:
        """``member`` leaves ``arr``; its partners' trust in it drops."""
        others = [m for m in arr.members if m != member]
        loss = 1.0 - self.params.partners.defection_trust_loss
        self.trust[others, member] *= loss
        self.trust[member, others] *= loss
        arr.remove_member(member, self.year)
        self.events.append(f"{self.year}: {self.world.states[member]} left {arr.code}")

    def deepen_arrangement(self, arr: Arrangement, form: Form) -> Arrangement:
        """Replace ``arr`` by a deeper arrangement among the same members."""
        arr.end(self.year)
        # partners deepen on their own initiative; a project keeps its institution as origin
        origin = arr.origin if arr.origin in (Origin.NATO, Origin.EU) else Origin.BOTTOM_UP
        new = self.create_arrangement(
            list(arr.members), arr.lead, arr.cap, form, origin, predecessor=arr.code
        )
        return new

    def parliaments_consent(self, members: list[int], form: Form) -> bool:
        """Every member's parliament approves; strict prior-consent cultures block deep forms.

        Note, § Inleiding: deeper cooperation needs more contact between parliaments -- a legitimacy
        hurdle that grows with depth: P(block) = hurdle[form] x parliament-consent score.
        """
        hurdle = float(self.forms.parliament_hurdle[form])
        if hurdle <= 0.0:
            return True
        p_block = hurdle * self.world.culture[members, 2]
        return bool((self.rng.random(len(members)) >= p_block).all())

    # ------------------------------------------------------------------ accounting
    def area_costs(self, h: np.ndarray, led: Ledger) -> np.ndarray:
        """Yearly cost (N x C) of holdings ``h`` given this year's arrangements."""
        cm = self.costs
        out = cm.alone_cost(h)
        book = self._cost_book(led)
        s_idx, c_idx = book.pooled
        if len(s_idx):
            n = h[s_idx, c_idx]
            out[s_idx, c_idx] = cm.pooled_cost(
                book.pool_terms, n, n + led.pool_others[s_idx, c_idx], book.pooled_price
            )
        return out

    def _cost_book(self, led: Ledger) -> CostBook:
        """What costing any holdings under ``led`` needs besides the holdings, gathered once.

        Kept on the ledger for this year's cost model and arrangements: forces are fitted to
        the budget by costing many trial holdings under one ledger.
        """
        cached = led.cost_book
        if cached is not None and cached.costs is self.costs and cached.version == self._version:
            return cached
        cm = self.costs
        s_idx, c_idx = np.nonzero(led.primary_form >= 0)
        f = led.primary_form[s_idx, c_idx]
        terms = cm.pool_terms(
            led.members[s_idx, c_idx],
            led.maturity[s_idx, c_idx],
            *self.forms.pool_rows(f),
            c_idx,
        )
        ap = self.params.arrangements
        d, p, k, u, pay = self.spec_arrays()
        book = CostBook(
            costs=cm,
            version=self._version,
            pooled=(s_idx, c_idx),
            pooled_price=cm.price[s_idx],
            pool_terms=terms,
            hire=ap.hire_cost_factor * (led.hired * cm.unit_running()).sum(axis=1) * cm.price,
            spec=(d, p, k, u, pay),
            spec_terms=cm.area_terms(k),
            spec_price=cm.price[d],
        )
        led.cost_book = book
        return book

    def flows(self, h: np.ndarray, led: Ledger) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Hire payments, compensation paid and received (each N, USD million).

        A role-specialisation provider is paid its marginal cost of the committed units (at its
        own scale, in the dropper's price level) plus ``arrangements.compensation_margin``.
        """
        n = self.world.n_states
        ap = self.params.arrangements
        cm = self.costs
        book = self._cost_book(led)
        paid, received = np.zeros(n), np.zeros(n)
        d, p, k, u, pay = book.spec
        if len(d):
            have = h[p, k]
            full = cm.alone_cost_of(book.spec_terms, have, book.spec_price)
            part = cm.alone_cost_of(book.spec_terms, np.maximum(have - u, 0.0), book.spec_price)
            comp = pay * (1.0 + ap.compensation_margin) * np.maximum(full - part, 0.0)
            np.add.at(paid, d, comp)
            np.add.at(received, p, comp)
        return book.hire, paid, received

    def total_cost(self, h: np.ndarray, led: Ledger) -> np.ndarray:
        """Everything the capability budget pays (N): areas, upkeep, hire, compensation, NATO."""
        hire, paid, received = self.flows(h, led)
        return (
            self.area_costs(h, led).sum(axis=1)
            + led.upkeep
            + hire
            + paid
            - received
            + self.common_contribution
        )

    def levels(self, h: np.ndarray, led: Ledger) -> tuple[np.ndarray, np.ndarray]:
        """``level`` (what a state can field) and ``own_level`` (what it controls alone)."""
        kept = np.maximum(h - led.committed_out, 0.0)
        level = kept + led.committed_in + led.hired + self.common_entitlement
        own = kept * (1.0 - led.sovereignty)
        return level, own

    # ------------------------------------------------------------------ the year
    def step(self) -> None:
        """Simulate one year (see the module docstring for the order)."""
        world = self.world
        t = int(self.year - world.years[0])
        self.year = int(world.years[t])
        self.events = []
        self._budget_and_costs(t)
        self._memberships()
        self._crises_and_requirement()
        if self.cooperating:
            self._start_scheduled()
            self._end_terms()
        led = self._ledger()
        self._pressure_and_weights(led)
        ctx = self._gain_context(led)
        self._partner_scores(led)
        self.n_left = self.n_deepened = self.n_formed = self.n_projects = 0
        if self.cooperating:
            # review, deepening and proposals all judge this year's opening position (the
            # ledger built above); the ledger is rebuilt once, after all changes
            snapshot = self.structure()
            self.n_left = arr_mod.review_members(self, ctx, led)
            self.n_deepened = arr_mod.deepen(self, ctx, led, snapshot)
            self.n_deepened += arr_mod.specialise(self, ctx, snapshot)
            self.n_formed = arr_mod.propose_bottom_up(self, ctx, led)
            self.n_projects = run_projects(self, ctx, led)
            led = self._ledger()
        self._fit_forces(led)
        # cost shares, hires and commitments are settled for the year: account with this ledger
        self._account(led)
        self.datacollector.collect(self)
        self.recorder.record(self)
        self.year += 1
        if self.year > world.years[-1]:
            self.running = False

    def _apply_membership(self, change: Any) -> None:
        i = self.world.state_index(change.state)
        getattr(self, change.institution)[i] = change.member

    def _memberships(self) -> None:
        """States join or leave NATO and the EU as the scenario says (e.g. FIN 2023, GBR 2020)."""
        changes = [c for c in self.scenario_spec.memberships if c.year == self.year]
        if not changes or self.year == self.world.years[0]:
            return
        for change in changes:
            self._apply_membership(change)
        self.geometry = PairGeometry.build(self.world, self.params.partners, self.nato, self.eu)

    def _start_scheduled(self) -> None:
        """Arrangements the scenario starts this year (e.g. the Benelux deepening), bottom-up."""
        si = {s: i for i, s in enumerate(self.world.states)}
        ci = {k: i for i, k in enumerate(self.world.capabilities)}
        for row in [r for r in self.scheduled if r.start_year == self.year]:
            members = [si[m] for m in row.members.split(";") if m]
            form = Form.from_id(row.form)
            arr = self.create_arrangement(
                members,
                si.get(row.lead, -1),
                ci[row.capability],
                form,
                Origin.BOTTOM_UP,
                code=row.id,
            )
            if form is Form.SPECIALISATION:
                arr.provider_pays = bool(row.provider_pays)
                self._initial_commitments(arr)

    def availability(self) -> np.ndarray:
        """Each state's availability to its partners this year (N; 1 = as in 2012)."""
        out = np.ones(self.world.n_states)
        for entry in self.scenario_spec.availability:
            out[self.world.state_index(entry.state)] *= entry.at(self.year)
        return out

    def _end_terms(self) -> None:
        """Time-bounded arrangements (joint-hire contracts) end when their term is up."""
        term = self.params.arrangements.hire_term_years
        for arr in list(self.active_arrangements.values()):
            if arr.form is Form.JOINT_HIRE and self.year - arr.start_year >= term:
                if arr.origin is not Origin.INITIAL or self.year - self.world.years[0] >= term:
                    arr.end(self.year)

    def _budget_and_costs(self, t: int) -> None:
        world = self.world
        self.budget_history.append(self.budget.copy())
        self.budget = world.budget0 * world.budget_index[:, t]
        growth = (1.0 + self.params.costs.real_cost_growth) ** (self.year - world.years[0])
        self.costs = self.base_costs.escalated(growth) if growth != 1.0 else self.base_costs
        self.staff_capacity = self._staff_capacity(self.budget)
        self.area_budget = self.params.budgets.area_share * self.budget + self.reinvest
        self.allowance = self.reinvest.copy()  # last year's proceeds kept (save and reinvest)
        self.reinvest = np.zeros(world.n_states)

    def _crises_and_requirement(self) -> None:
        self.crises = draw_crises(self, self.year)
        self.threat = update_threat(
            self.threat, self.crises, self.world.lat, self.world.lon, self.params.crises
        )
        rise = self.params.requirement.threat_elasticity * (
            self.threat - self.params.crises.threat_baseline
        )
        share = self.req_share
        for entry in self.scenario_spec.availability:
            # a withdrawing state's fall in availability, times the transfer, is a share of the
            # alliance requirement the others must now field (by their own shares)
            i = self.world.state_index(entry.state)
            moved = share[i] * (1.0 - entry.at(self.year)) * entry.requirement_transfer
            others = share.copy()
            others[i] = 0.0
            weights = others / np.maximum(others.sum(axis=0, keepdims=True), EPS)
            share = share + weights * moved[None, :]
            share[i] = share[i] - moved
        self.requirement = share * self.requirement_2012 * (1.0 + rise[:, None])

    def _ledger(self) -> Ledger:
        led = build_ledger(self)
        req_total = self.requirement.sum(axis=0)
        self.common_entitlement, self.common_contribution = common_funding(self, req_total)
        self.level, self.own_level = self.levels(self.holdings, led)
        return led

    def _pressure_and_weights(self, led: Ledger) -> None:
        cost = self.total_cost(self.holdings, led)
        deficit = np.maximum(cost - self.area_budget, 0.0) / np.maximum(self.area_budget, EPS)
        recent = np.array(self.budget_history[-5:] + [self.budget]).max(axis=0)
        decline = np.maximum(1.0 - self.budget / np.maximum(recent, EPS), 0.0)
        self.pressure = deficit + decline
        self.weights = move_weights(self.weights, self.pressure, self.threat, self.params.goals)
        ip = self.params.institutions
        everyone = np.ones(self.world.n_states, dtype=bool)
        self.published_gap = alliance_gap(self.requirement, self.level, everyone)
        self.setup_discount = setup_discount(self.published_gap, ip)

    def _gain_context(self, led: Ledger) -> GainContext:
        return GainContext(
            holdings=self.holdings,
            requirement=self.requirement,
            level=self.level,
            alone_cost=self.costs.alone_cost(self.holdings),
            hired=led.hired,
            req_cost=np.maximum(self.costs.alone_cost(self.requirement), EPS),
            weights=self.weights,
            aversion=self.aversion,
            political_distance=self.geometry.political_distance,
            culture_distance=self.geometry.culture_distance,
            trust=self.trust,
            commonality=self.world.commonality,
            floor=self.world.floor,
            hireable=self.hireable,
            min_viable=self.world.min_viable,
            price=self.costs.price,
            setup_discount=self.setup_discount,
            tables=GainTables.of(self),
        )

    def _partner_scores(self, led: Ledger) -> None:
        syn = synergy(self.world, self.holdings, led.relations.depth)
        self.partner_scores = partner_score(
            self.geometry, syn, self.shared_goals, self.world.n_caps, self.params.partners
        )

    def _fit_forces(self, led: Ledger) -> None:
        """Cut or invest so that the year's capability costs fit the budget (note, § Vormen).

        Cuts follow the goal weights (coordinated under NATO consultation); small fleets no one
        shares are divested; surplus money buys units where the gaps are. Under EU cascading
        the units EU states shed are offered to EU states that are buying in the same area:
        they arrive at once (beyond the yearly growth cap) and the buyer pays the seller their
        residual value. Divestment proceeds stay in the budget under save-and-reinvest.
        """
        bp = self.params.budgets
        ip = self.params.institutions
        world = self.world
        h = self.holdings
        gap = self.total_cost(h, led) - self.area_budget
        floor_keep = np.minimum(np.where(world.floor, bp.floor_keep * world.holdings0, 0.0), h)
        keep = np.maximum(floor_keep, np.minimum(led.committed_out, h))
        sit = ForceSituation(
            holdings=h,
            requirement=self.requirement,
            level=self.level,
            weights=self.weights,
            floor_min=floor_keep,
            committed=led.committed_out,
            n_ref=self.costs.n_ref,
            marginal=self.costs.marginal_cost(h),
        )
        # plan with a small margin: costs are not linear in units, and a plan that lands just
        # inside the budget saves the exact (slower) fit below
        margin = 0.005 * self.area_budget
        deficit = np.where(gap > 0, gap + margin, 0.0)
        if ip.nato_consultation:
            cut = coordinated_cuts(deficit, sit, bp)
        else:
            cut = plan_cuts(deficit, sit, bp, None)
        new = h - cut
        # divest small fleets nobody shares (NLD's tanks in 2011 are the type case)
        small = (
            (new > EPS)
            & (new < bp.divest_below_viable * world.min_viable)
            & ~world.floor
            & ~led.covered
            & (self.weights[:, 2:3] > self.params.goals.base_financial)
        )
        new = np.where(small, 0.0, new)
        sold = np.maximum(h - new, 0.0)

        # invest what is left
        cost_after = self.total_cost(new, led)
        surplus = np.where(gap < 0, np.maximum(self.area_budget - cost_after - margin, 0.0), 0.0)
        consult_gap = self.published_gap if ip.nato_consultation else None
        opening = self.costs.price[:, None] * self.costs.overhead[None, :]
        extra_room = self._cascade_room(sold, new) if ip.eu_cascading else None
        sit_inv = ForceSituation(
            holdings=new,
            requirement=self.requirement,
            level=self.level - (h - new),
            weights=self.weights,
            floor_min=floor_keep,
            committed=led.committed_out,
            n_ref=self.costs.n_ref,
            marginal=self.costs.marginal_cost(new),
        )
        buy = plan_investment(surplus, sit_inv, bp, consult_gap, opening, extra_room)
        pay = self._cascade_payments(sold, buy, extra_room)[0]
        budget = self.area_budget - pay
        before_buy = new
        new = new + buy
        cost_fn = lambda x: self.total_cost(x, led)  # noqa: E731
        # costs are not linear in units: scale back the purchases, then (rarely) the forces
        for floor, allow_zero in ((before_buy, False), (keep, True)):
            cost_new = cost_fn(new)
            over = np.nonzero(cost_new > budget + 1e-9)[0]
            if not len(over):
                break
            new = fit_to_budget(
                new, floor, budget, cost_fn, over, allow_zero=allow_zero, cost=cost_new
            )
        bought = np.maximum(new - before_buy, 0.0)
        self.cascade_paid, self.cascade_received = self._cascade_payments(sold, bought, extra_room)
        value = self._resale_value()
        proceeds = (np.maximum(h - new, 0.0) * value).sum(axis=1)
        if ip.eu_save_and_reinvest:
            self.reinvest = np.where(self.eu, proceeds, 0.0)
        self.holdings = np.maximum(new, 0.0)

    def _resale_value(self) -> np.ndarray:
        """Value of a sold unit (N x C): its residual share of the unit cost.

        Scaled down for states whose calibrated price level is below list price (older,
        cheaper equipment).
        """
        level = np.minimum(self.costs.price, 1.0)[:, None]
        return level * self.costs.unit_cost[None, :] * self.params.budgets.residual_value

    def _cascade_room(self, sold: np.ndarray, holdings: np.ndarray) -> np.ndarray:
        """Units EU states shed this year, offered to EU states in proportion to their need."""
        eu = self.eu
        supply = (sold * eu[:, None]).sum(axis=0)
        need = np.maximum(self.params.budgets.ambition * self.requirement - holdings, 0.0)
        need = need * eu[:, None] * (sold <= EPS)
        total = need.sum(axis=0)
        return np.where(total > EPS, need / np.maximum(total, EPS) * np.minimum(supply, total), 0.0)

    def _cascade_payments(
        self, sold: np.ndarray, bought: np.ndarray, room: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Residual-value payments for cascaded units: paid by buyers, received by sellers."""
        n = self.world.n_states
        if room is None:
            return np.zeros(n), np.zeros(n)
        price = self._resale_value()
        taken = np.minimum(bought, room)
        matched = taken.sum(axis=0)
        eu_sold = sold * self.eu[:, None]
        supply = eu_sold.sum(axis=0)
        share = np.where(supply > EPS, matched / np.maximum(supply, EPS), 0.0)
        received = eu_sold * share * price
        # buyers pay what the sellers' units are worth, so that money is conserved
        value = received.sum(axis=0)
        paid = taken * np.where(matched > EPS, value / np.maximum(matched, EPS), 0.0)
        return paid.sum(axis=1), received.sum(axis=1)

    def _account(self, led: Ledger) -> None:
        """Spending, savings, gaps, autonomy, capacity to act, circles, trust."""
        bp = self.params.budgets
        h = self.holdings
        area = self.area_costs(h, led)
        hire, paid, received = self.flows(h, led)
        capability_spend = (
            area.sum(axis=1) + led.upkeep + hire + paid - received + (self.common_contribution)
        )
        # money the areas do not take is spent outside them (readiness, stocks, personnel,
        # infrastructure): states spend their budgets; the split is reported
        self.area_spending = capability_spend
        self.unallocated = np.maximum(self.area_budget - capability_spend - self.cascade_paid, 0.0)
        self.spending = (
            capability_spend
            + self.cascade_paid
            + self.unallocated
            + (1.0 - bp.area_share) * self.budget
        )
        level, own = self.levels(h, led)
        self.level, self.own_level = level, own
        self.savings = self.costs.alone_cost(level).sum(axis=1) - capability_spend
        self.gap = gap_share(self.requirement, level)
        w = self.area_weight[None, :]
        req = self.requirement
        self.state_gap = np.maximum(req - level, 0.0).__mul__(w).sum(axis=1) / np.maximum(
            (req * w).sum(axis=1), EPS
        )
        fielded = (np.minimum(level, req) * w).sum(axis=1)
        controlled = (np.minimum(own, req) * w).sum(axis=1)
        self.autonomy = np.where(
            fielded > EPS, np.minimum(controlled / np.maximum(fielded, EPS), 1.0), 1.0
        )
        self.fielded_value = fielded

        self.form_counts = np.bincount(self.structure().form, minlength=len(Form))

        # circles, join probabilities and capacity to act
        rel = led.relations
        self.circle = classify_circles(rel, self.year, self.geometry.political_distance)
        boost = np.where(rel.depth > 0, self.forms.join_boost[np.maximum(rel.depth - 1, 0)], 0.0)
        join = join_probability(self.geometry, self.trust, self.circle, boost, self.params.crises)
        join = join * self.availability()[None, :]  # column j: partner j joins others' crises
        np.fill_diagonal(join, 1.0)
        self.join = join
        expected = self._expected_dependent(h, led, join)
        self.capacity = capacity_to_act(own, expected, req, w)

        europe = self._europe
        self.collaborative_share = self.collaborative_share_of(h, led, hire, paid)
        self.collaborative_share_europe = self.collaborative_share_of(h, led, hire, paid, europe)

        # trust: maintained by shared work, dented by partners who stay out of crises
        related = rel.depth > 0
        factor = realise_participation(self, self.crises, join, related)
        self.trust = update_trust(self.trust * factor, rel.depth, self.params.partners)
        self.ledger = led

    def collaborative_share_of(
        self,
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
        recap = self.costs.price[:, None] * self.costs.recap[None, :] * h
        pf = led.primary_form
        joint = (pf == int(Form.PROCUREMENT_SHARING)) | (pf == int(Form.INTEGRATED))
        collab = recap * joint * led.maturity
        if states is not None:
            recap, collab, hire, paid = recap[states], collab[states], hire[states], paid[states]
        equip = recap.sum() + hire.sum() + paid.sum()
        collab = collab.sum() + hire.sum() + paid.sum()
        return float(collab / equip) if equip > EPS else 0.0

    def _expected_dependent(self, h: np.ndarray, led: Ledger, join: np.ndarray) -> np.ndarray:
        """Units that depend on partners, times the chance those partners join (N x C)."""
        cp = self.params.crises
        ap = self.params.arrangements
        kept = np.maximum(h - led.committed_out, 0.0)
        pooled = kept * led.sovereignty
        out = (
            led.hired * ap.hire_availability
            + self.common_entitlement * cp.common_asset_availability
        )
        s_idx, c_idx = np.nonzero(led.primary >= 0)
        if len(s_idx):
            st = self.structure()
            n = self.world.n_states
            key = st.p_row * n + st.p_a
            size = len(st.arr) * n
            sums = np.bincount(key, weights=join[st.p_a, st.p_b], minlength=size)
            counts = np.bincount(key, minlength=size)
            rows = np.searchsorted(st.arr, led.primary[s_idx, c_idx])
            k_ = rows * n + s_idx
            p_mean = np.where(counts[k_] > 0, sums[k_] / np.maximum(counts[k_], 1), 1.0)
            out[s_idx, c_idx] += pooled[s_idx, c_idx] * p_mean
        d, p, k, u, _ = self.spec_arrays()
        np.add.at(out.reshape(-1), d * self.world.n_caps + k, u * join[d, p])
        return out
