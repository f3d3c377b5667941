"""CooperationModel: wiring and the yearly step order.

One ``step()`` is one year:

1. budgets and costs of the year (data path or scenario override, real cost growth); staff
   capacity follows the budget; membership changes (e.g. Finland joins NATO in 2023);
2. crises and threat; each state's requirement follows the threat it feels (and, under an
   availability fade such as a US pivot, the share others must take over);
3. scheduled arrangements start, joint-hire terms end; this year's arrangement effects (the
   ledger), NATO common funding, levels;
4. economic pressure and goal weights move (note, § Samenwerking … dient een doel); NATO
   publishes its shortfalls, institutions discount set-up costs there;
5. partner criteria (note, § Samenwerkingspartners); members review their arrangements (leave
   or defect), mature ones deepen (bilateral integration may become role specialisation),
   fleets due for replacement open procurement moments (:mod:`model.procurement`: crew a
   partner's kit, join a programme or launch one), states propose new ones bottom-up, NATO
   and the EU run project rounds, frameworks take new members -- all judging the year's
   opening position; the ledger is rebuilt once;
6. states fit forces to money: cut (coordinated under NATO consultation) or invest; small
   fleets are divested; EU cascading and save-and-reinvest;
7. circles; accounting (:mod:`model.accounting`): spending, savings, gaps, autonomy, capacity
   to act; trust moves with shared work and crises;
8. reporters record the year's accounts.

The arrangements and their lifecycle live in the :class:`~model.arrangements.ArrangementBook`;
the measures in :mod:`model.accounting`; forces are fitted to money in :mod:`model.budgets`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import mesa
import numpy as np

from model import accounting
from model.accounting import Costing, YearAccounts
from model.agents import State
from model.arrangements import (
    Arrangement,
    ArrangementBook,
    Bookings,
    GainTables,
    Ledger,
    LedgerInputs,
    Structure,
    YearContext,
    build_ledger,
    deepen,
    propose_bottom_up,
    review_members,
    specialise,
)
from model.assembly import calibrate, force_year, opening_records, year_accounts, year_context
from model.budgets import fit_forces
from model.capabilities import (
    EPS,
    CostModel,
    alliance_requirement,
    area_weights,
    path_factor,
    requirement_shares,
    shares_after_fades,
)
from model.crises import (
    draw_crises,
    realise_participation,
    update_threat,
    war_powers_factor,
)
from model.forms import FormTable
from model.goals import move_weights, target_weights
from model.institutions import common_funding, run_projects, setup_discount
from model.outputs import Recorder, model_reporters
from model.params import Culture, Form, Origin
from model.partners import (
    PairGeometry,
    classify_circles,
    initial_trust,
    join_probability,
    partner_score,
    staff_capacity,
    synergy,
    update_trust,
)
from model.procurement import crew_on_partner_kit, grow_frameworks, moment_years, procure
from model.scenario import Scenario, load_scenario
from model.version import MODEL_VERSION as MODEL_VERSION  # re-exported; defined below the model
from model.world import NO_YEAR, build_world


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
        """Build the start year.

        Every attribute of the model is declared here or in the ``_declare_*`` helpers it
        calls, grouped by kind, in this order.
        """
        merged = dict(overrides or {})
        merged.update({k.replace("__", "."): v for k, v in params.items()})
        spec = load_scenario(scenario, merged or None, years)
        super().__init__(rng=rng)
        # the scenario and the fixed world
        self.scenario_spec = spec
        self.scenario_name = spec.name
        # crises draw from their own stream, derived from the model's generator, so that a run
        # and its go-it-alone twin (same seed) face the same crises whatever they decide
        self.crisis_rng = self.rng.spawn(1)[0]
        self.seed = rng if isinstance(rng, int | np.integer) else None
        self.params = spec.params
        self.world = world = build_world(spec)
        self.year = int(world.years[0])
        self._declare_costs()
        self._declare_standing()
        self._declare_forces_and_needs()
        self._declare_money_and_goals()
        self._declare_institutions()
        self._declare_arrangements()
        # the year's decisions and results
        self.n_left = self.n_deepened = self.n_formed = self.n_projects = 0
        self.n_procured = self.n_grown = 0  # procurement-moment decisions, framework joins
        self.accounts: YearAccounts | None = None
        self._set_up_start_year()
        self.recorder = Recorder()
        self.datacollector = mesa.DataCollector(model_reporters=model_reporters())
        self.running = len(world.years) > 0

    def _declare_costs(self) -> None:
        """Forms, costs and prices, the areas' weights, what may be hired."""
        world, p = self.world, self.params
        self.forms = FormTable.from_params(p.forms)
        self.base_costs = CostModel.calibrate(world, p)
        self.costs = self.base_costs
        self.area_weight = area_weights(self.base_costs)
        self.hireable = np.array([k in p.arrangements.hireable_areas for k in world.capabilities])
        self._europe = ~np.isin(np.array(world.states), ("USA", "CAN"))

    def _declare_standing(self) -> None:
        """Memberships (as of the start year) and the pairs' standing: geometry, trust, circles."""
        world, p = self.world, self.params
        n = world.n_states
        self.nato = world.nato.copy()
        self.eu = world.eu.copy()
        for change in self.scenario_spec.memberships:
            if change.year <= world.years[0]:
                self._apply_membership(change)
        self.geometry = PairGeometry.build(world, p.partners, self.nato, self.eu)
        # chance of success and political value by form x pair: rebuilt with the geometry
        self.pair_tables = GainTables.pair_tables(self.forms, self.geometry)
        self.trust = initial_trust(world, p.partners, self.nato, self.eu)
        self.circle = np.full((n, n), -1, dtype=int)
        self.partner_scores = np.zeros((n, n))
        self._syn = np.zeros((n, n))  # operational synergy of the year (a partner criterion)
        self.shared_goals = np.zeros((n, n))

    def _declare_forces_and_needs(self) -> None:
        """Holdings, requirement, levels, crises and threat."""
        world, p = self.world, self.params
        n, c = world.n_states, world.n_caps
        self.holdings = world.holdings0.copy()
        self.req_share = requirement_shares(world, p.requirement.fair_share_weight)
        self.requirement_2012 = alliance_requirement(world)
        self.requirement = (
            self.req_share * self.requirement_2012 * path_factor(world, world.years[0])
        )
        self.level = np.zeros((n, c))  # what each state can field (the year's opening ledger)
        self.own_level = np.zeros((n, c))  # what it controls alone
        self.crises: list[Any] = []
        self.threat = np.full(n, p.crises.threat_baseline)

    def _declare_money_and_goals(self) -> None:
        """Budgets, proceeds, cascades, pressure and goal weights, staff."""
        world, p = self.world, self.params
        n = world.n_states
        self.budget = world.budget0.copy()
        self.budget_history: list[np.ndarray] = []
        self.area_budget = p.budgets.area_share * self.budget
        self.allowance = np.zeros(n)  # last year's divestment proceeds kept (save and reinvest)
        self.reinvest = np.zeros(n)
        self.cascade_paid = np.zeros(n)
        self.cascade_received = np.zeros(n)
        self.pressure = np.zeros(n)
        self.weights = target_weights(np.zeros(n), self.threat, p.goals)
        self.war_powers_factor = war_powers_factor(world.war_powers, p.crises)
        self.openings: list[dict[str, Any]] = []  # national fleets opened from zero, with reason
        self.aversion = (
            p.arrangements.aversion_base
            + p.arrangements.aversion_per_consent * (world.culture[:, Culture.PARLIAMENT_CONSENT])
        )
        self.staff_scale = np.ones(n)
        self.staff_capacity = self._staff_capacity(world.budget0, None)

    def _declare_institutions(self) -> None:
        """NATO common funding, published shortfalls, set-up discounts."""
        n, c = self.world.n_states, self.world.n_caps
        self.common_entitlement = np.zeros((n, c))
        self.common_contribution = np.zeros(n)
        self.published_gap = np.zeros(c)
        self.setup_discount = np.zeros(c)

    def _declare_arrangements(self) -> None:
        """The State agents, then the arrangement book (empty until set-up)."""
        world, p = self.world, self.params
        n = world.n_states
        self.states = [State(self, i) for i in range(n)]
        cp = p.cooperation
        self.cooperating = cp.enabled
        self.forms_allowed = np.array([f.id in cp.forms_allowed for f in Form]) & cp.enabled
        self.book = ArrangementBook(
            self,
            self.forms,
            world.culture,
            p.partners.framework_size,
            world.states,
            world.capabilities,
        )
        # the year of each fleet's procurement moment (N x C x 2), from its replacement year;
        # drawn from a stream of its own, so that the model's other draws stay as they were
        replacement = world.replacement
        if replacement is None:
            replacement = np.full((n, world.n_caps, 2), NO_YEAR, dtype=int)
        self.moments = moment_years(
            replacement, int(world.years[0]), p.procurement, self.rng.spawn(1)[0]
        )
        self.scheduled: list[Any] = []  # arrangement rows a scenario starts in a later year
        self.ledger: Ledger | None = None  # the year's arrangement effects (after the changes)
        self._costing: Costing | None = None

    # ------------------------------------------------------------------ set-up
    def _set_up_start_year(self) -> None:
        """The start year's arrangements; staff and prices calibrated with them.

        The world is calibrated with its start-year arrangements also when cooperation is
        switched off, so that the go-it-alone twin has the same price factors and staff.
        """
        spec = self.scenario_spec
        table = spec.tables["arrangements"]
        rows = spec.cached("arrangement_rows", lambda: tuple(table.itertuples(index=False)))
        self.scheduled = [r for r in rows if r.start_year > self.year]
        self.cooperating = True
        self.book.start_rows(
            [r for r in rows if r.start_year <= self.year],
            self.world.states,
            self.world.capabilities,
            None,
            self.holdings,
            self.requirement,
        )
        # the same for every seed of a scenario: calibrated once, kept on the scenario
        calibration = spec.cached("calibration", lambda: calibrate(self))
        self.staff_scale, self.staff_capacity, price = (a.copy() for a in calibration)
        self.base_costs = replace(self.base_costs, price=price)
        self.costs = self.base_costs
        self.cooperating = self.params.cooperation.enabled
        if not self.cooperating:
            self.book.clear()
            self.scheduled = []

    def _staff_capacity(self, budget: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
        """This year's cooperation staff (:func:`model.partners.staff_capacity`)."""
        p = self.params
        return staff_capacity(budget, self.staff_scale, weights, p.partners, p.goals)

    # ------------------------------------------------------------------ views
    @property
    def arrangements(self) -> list[Arrangement]:
        """Every arrangement that ran in the simulation, in creation order."""
        return self.book.all

    def structure(self) -> Structure:
        """The active arrangements as flat arrays (see :meth:`ArrangementBook.structure`)."""
        return self.book.structure()

    def availability(self) -> np.ndarray:
        """Each state's availability to its partners this year (N; 1 = as in 2012)."""
        out = np.ones(self.world.n_states)
        for entry in self.scenario_spec.availability:
            out[self.world.state_index(entry.state)] *= entry.at(self.year)
        return out

    def costing(self, led: Ledger) -> Costing:
        """The cost of holdings under ``led`` this year (gathered once per ledger and change)."""
        c = self._costing
        book = self.book
        if c is None or not c.fits(self.costs, led, book.version, self.common_contribution):
            c = Costing.of(
                self.costs,
                led,
                self.forms,
                book.role_commitments(),
                book.version,
                self.common_contribution,
                self.params.arrangements,
            )
            self._costing = c
        return c

    def flows(self, h: np.ndarray, led: Ledger) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Hire payments, compensation paid and received (N each; :meth:`Costing.flows`)."""
        return self.costing(led).flows(h)

    def collaborative_share_of(
        self,
        h: np.ndarray,
        led: Ledger,
        hire: np.ndarray,
        paid: np.ndarray,
        states: np.ndarray | None = None,
    ) -> float:
        """Collaborative share over ``states`` (:func:`model.accounting.collaborative_share`)."""
        return accounting.collaborative_share(self.costs, h, led, hire, paid, states)

    # the year's accounts, by their names in the outputs (readers of earlier versions use them)
    spending = property(lambda self: self.accounts.spending, doc="Spending (N), USD million.")
    savings = property(lambda self: self.accounts.savings, doc="Savings (N), USD million.")
    gap = property(lambda self: self.accounts.gap, doc="Gap by state and area (N x C).")
    state_gap = property(lambda self: self.accounts.state_gap, doc="Gap by state (N).")
    autonomy = property(lambda self: self.accounts.autonomy, doc="Autonomy by state (N).")
    capacity = property(lambda self: self.accounts.capacity, doc="Capacity to act (N).")

    # ------------------------------------------------------------------ the year
    def step(self) -> None:
        """Simulate one year (see the module docstring for the order)."""
        world = self.world
        t = int(self.year - world.years[0])
        self.year = int(world.years[t])
        self._budget_and_costs(t)  # 1
        self._memberships()
        self._crises_and_requirement()  # 2
        if self.cooperating:
            self._scheduled_starts_and_ends()  # 3
        led = self._open_ledger()
        self._move_goal_weights(led)  # 4
        self._publish_shortfalls()
        self._score_partners(led)  # 5
        self.n_left = self.n_deepened = self.n_formed = self.n_projects = 0
        self.n_procured = self.n_grown = 0
        if self.cooperating:
            self._decide_arrangements(self._year_context(led))
            led = self._open_ledger(funding=False)
        self._fit_forces(led)  # 6
        # cost shares, hires and commitments are settled for the year: account with this ledger
        join = self._classify_partners(led)  # 7
        self.accounts = self._account(led, join)
        self._move_trust(led, join)
        self.ledger = led
        self.datacollector.collect(self)  # 8
        self.recorder.record(self)
        self.year += 1
        if self.year > world.years[-1]:
            self.running = False

    def _budget_and_costs(self, t: int) -> None:
        """This year's budgets, cost level and staff; last year's proceeds become allowance."""
        world = self.world
        self.budget_history.append(self.budget.copy())
        self.budget = world.budget0 * world.budget_index[:, t]
        growth = (1.0 + self.params.costs.real_cost_growth) ** (self.year - world.years[0])
        self.costs = self.base_costs.escalated(growth) if growth != 1.0 else self.base_costs
        self.staff_capacity = self._staff_capacity(self.budget, self.weights)
        self.area_budget = self.params.budgets.area_share * self.budget + self.reinvest
        self.allowance = self.reinvest.copy()  # last year's proceeds kept (save and reinvest)
        self.reinvest = np.zeros(world.n_states)

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
        self.pair_tables = GainTables.pair_tables(self.forms, self.geometry)

    def _crises_and_requirement(self) -> None:
        """Crises raise the threat felt; the requirement follows threat and availability fades."""
        cp = self.params.crises
        self.crises = draw_crises(self.scenario_spec.crises, self.crisis_rng, cp, self.year)
        self.threat = update_threat(self.threat, self.crises, self.world.lat, self.world.lon, cp)
        rise = self.params.requirement.threat_elasticity * (self.threat - cp.threat_baseline)
        share = shares_after_fades(
            self.req_share, self.scenario_spec.availability, self.world.states, self.year
        )
        ambition = self.requirement_2012 * path_factor(self.world, self.year)  # NATO's targets
        self.requirement = share * ambition * (1.0 + rise[:, None])

    def _scheduled_starts_and_ends(self) -> None:
        """Scheduled arrangements start (e.g. the Benelux deepening); hire terms end.

        The scenario's arrangements of this year start bottom-up; joint-hire contracts whose
        term is up end.
        """
        rows = [r for r in self.scheduled if r.start_year == self.year]
        w = self.world
        self.book.start_rows(
            rows, w.states, w.capabilities, Origin.BOTTOM_UP, self.holdings, self.requirement
        )
        term = self.params.arrangements.hire_term_years
        self.book.end_terms(self.year, term, int(w.years[0]))

    def _ledger_inputs(self) -> LedgerInputs:
        return LedgerInputs(
            year=self.year,
            holdings=self.holdings,
            requirement=self.requirement,
            common_entitlement=self.common_entitlement,
            setup_discount=self.setup_discount,
            area_budget=self.area_budget,
            costs=self.costs,
            forms=self.forms,
            params=self.params,
        )

    def _common_funding(self) -> None:
        """NATO's commonly funded fleets: each ally's entitlement and contribution."""
        if self.cooperating:
            req_total = self.requirement.sum(axis=0)
            self.common_entitlement, self.common_contribution = common_funding(
                self.world, self.params.institutions, self.nato, self.costs, req_total
            )
        else:
            n, c = self.world.n_states, self.world.n_caps
            self.common_entitlement, self.common_contribution = np.zeros((n, c)), np.zeros(n)

    def _open_ledger(self, funding: bool = True) -> Ledger:
        """The arrangements' effects now, NATO common funding, and the levels they give.

        ``funding=False``: the common funding is the year's already (its inputs -- members,
        requirement, costs -- do not change within the year's decisions).
        """
        led = build_ledger(self.book, self._ledger_inputs())
        if funding:
            self._common_funding()
        self.level, self.own_level = accounting.levels(self.holdings, led, self.common_entitlement)
        return led

    def _move_goal_weights(self, led: Ledger) -> None:
        """Economic pressure (deficit and budget decline) and threat move the goal weights."""
        cost = self.costing(led).total_cost(self.holdings)
        deficit = np.maximum(cost - self.area_budget, 0.0) / np.maximum(self.area_budget, EPS)
        recent = np.array(self.budget_history[-5:] + [self.budget]).max(axis=0)
        decline = np.maximum(1.0 - self.budget / np.maximum(recent, EPS), 0.0)
        self.pressure = deficit + decline
        self.weights = move_weights(self.weights, self.pressure, self.threat, self.params.goals)

    def _publish_shortfalls(self) -> None:
        """NATO publishes the alliance's gap by area; institutions discount set-up costs there."""
        everyone = np.ones(self.world.n_states, dtype=bool)
        self.published_gap = accounting.area_gap(self.requirement, self.level, everyone)
        self.setup_discount = setup_discount(self.published_gap, self.params.institutions)

    def _score_partners(self, led: Ledger) -> None:
        """Partner scores on the note's criteria (distance, culture, synergy, shared goals)."""
        syn = synergy(self.world, self.holdings, led.relations.depth)
        self._syn = syn
        self.partner_scores = partner_score(
            self.geometry, syn, self.shared_goals, self.world.n_caps, self.params.partners
        )

    def _year_context(self, led: Ledger) -> YearContext:
        """What the year's arrangement decisions read (:func:`model.assembly.year_context`)."""
        return year_context(self, led)

    def _decide_arrangements(self, year: YearContext) -> None:
        """Review, deepen, specialise, procurement moments, propose, projects, frameworks grow.

        All judge the year's opening position; new bookings of the year are seen by the later
        decisions of the year.
        """
        book = self.book
        snapshot = book.structure()
        self.n_left = review_members(book, year)
        self.n_deepened = deepen(book, year, snapshot)
        self.n_deepened += specialise(book, year, snapshot)
        bookings = Bookings.of(year.ledger)
        self._procurement_moments(year, bookings)
        self.n_formed, goals = propose_bottom_up(book, year, bookings)
        if goals is not None:
            self.shared_goals = goals
        self.n_projects = run_projects(book, year, bookings)
        self._grow_frameworks(year, bookings, snapshot)

    def _procurement_moments(self, year: YearContext, bookings: Bookings) -> None:
        """Fleets due for replacement: crew a partner's kit, join a programme or launch one.

        Issue 12, items 5 and 6; a state that does none of these replaces its fleet alone (or
        inside its fleet arrangement).
        """
        self.n_procured = crew_on_partner_kit(self.book, year, self.moments)
        self.n_procured += procure(self.book, year, bookings, self.moments)

    def _grow_frameworks(self, year: YearContext, bookings: Bookings, opening: Structure) -> None:
        """Frameworks take new members by the same criteria (issue 12, item 7)."""
        self.n_grown = grow_frameworks(self.book, year, bookings, opening)

    def _fit_forces(self, led: Ledger) -> None:
        """Cut or invest so that the year's capability costs fit the budget (note, § Vormen)."""
        costing = self.costing(led)
        ip = self.params.institutions
        year = force_year(self, led)
        fit = fit_forces(year, costing.total_cost, self.params.budgets, ip.eu_cascading)
        if fit.opened is not None and fit.opened.any():
            self.openings.extend(opening_records(self, fit.opened, fit.holdings))
        self.holdings = fit.holdings
        self.cascade_paid, self.cascade_received = fit.cascade_paid, fit.cascade_received
        if ip.eu_save_and_reinvest:
            self.reinvest = np.where(self.eu, fit.proceeds, 0.0)

    def _account(self, led: Ledger, join: np.ndarray) -> YearAccounts:
        """The levels and the year's accounts under the settled ledger (:mod:`model.accounting`)."""
        self.level, self.own_level = accounting.levels(self.holdings, led, self.common_entitlement)
        return year_accounts(self, led, join)

    def _classify_partners(self, led: Ledger) -> np.ndarray:
        """Partners' circles; returns the chance (N x N) that partner j joins state i in a crisis.

        Circles per the note (§ Samenwerkingspartners); 1 on the diagonal of the chances.
        """
        self.circle = classify_circles(
            led.relations,
            self.year,
            self.geometry.political_distance,
            self.params.partners,
            self.geometry.rivalry,
        )
        rel = led.relations
        boost = np.where(rel.depth > 0, self.forms.join_boost[np.maximum(rel.depth - 1, 0)], 0.0)
        join = join_probability(self.geometry, self.trust, self.circle, boost, self.params.crises)
        # column j: partner j joins others' crises -- if it is available (a US pivot) and its
        # parliament approves (ex-ante approval of deployments, war_powers_2012.csv)
        join = join * (self.availability() * self.war_powers_factor)[None, :]
        np.fill_diagonal(join, 1.0)
        return join

    def _move_trust(self, led: Ledger, join: np.ndarray) -> None:
        """Trust: maintained by shared work, dented by partners who stay out of crises."""
        depth = led.relations.depth
        factor = realise_participation(
            self.crises,
            join,
            depth > 0,
            self.world.lat,
            self.world.lon,
            self.params.partners.defection_trust_loss,
            self.rng,
            self.params.crises,
        )
        self.trust = update_trust(self.trust * factor, depth, self.params.partners)
