"""Unit tests per mechanism, each with a hand-computable case (STYLE.md: tests in tiers)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.accounting import cell_gap as gap_share
from model.budgets import ForceSituation, coordinated_cuts, fit_to_budget, plan_cuts
from model.capabilities import CostModel, requirement_shares
from model.forms import FormTable
from model.goals import move_weights, target_weights
from model.params import (
    BudgetParams,
    Circle,
    CrisisParams,
    Form,
    FormsParams,
    GoalParams,
    PartnerParams,
)
from model.partners import PairGeometry, RelationStats, classify_circles, join_probability
from model.scenario import load_scenario
from model.world import build_world

FORMS = FormTable.from_params(FormsParams())


# --------------------------------------------------------------------------- cost model
def one_area_costs(**kw) -> CostModel:
    """A cost model with one area: F=100, A=2, O=3, b=0.5, n_ref=4, price 1.5 (hand numbers)."""
    base = dict(
        overhead=np.array([100.0]),
        recap=np.array([2.0]),
        operating=np.array([3.0]),
        exponent=np.array([0.5]),
        n_ref=np.array([4.0]),
        unit_cost=np.array([60.0]),
        price=np.array([1.5]),
        learning_exponent=math.log2(0.88),
    )
    base.update(kw)
    return CostModel(**base)


def _geom(world, pp):
    return PairGeometry.build(world, pp, world.nato, world.eu)


def shared(cm: CostModel, n, pool, k, maturity, form: Form, price=1.5):
    f = int(form)
    n = np.atleast_1d(np.asarray(n, dtype=float))
    full = lambda x: np.full(n.shape, x)  # noqa: E731
    return cm.shared_cost(
        n,
        full(float(pool)),
        full(float(k)),
        full(float(maturity)),
        full(FORMS.overhead_fraction[f]),
        full(FORMS.overhead_exponent[f]),
        full(bool(FORMS.scale_sharing[f])),
        full(bool(FORMS.learning_curve[f])),
        full(price),
        np.zeros(n.shape, dtype=int),
    )


def test_alone_cost_by_hand():
    cm = one_area_costs()
    # 1.5 * (100 + 2*16 + 3 * 4**0.5 * 16**0.5) = 1.5 * (100 + 32 + 24) = 234
    assert cm.alone_cost(np.array([[16.0]]))[0, 0] == pytest.approx(234.0)
    # nothing held costs nothing: no overhead without units
    assert cm.alone_cost(np.array([[0.0]]))[0, 0] == 0.0
    # negative holdings are treated as none
    assert cm.alone_cost(np.array([[-3.0]]))[0, 0] == 0.0


def test_alone_cost_at_matches_alone_cost():
    cm = one_area_costs()
    n = np.array([0.0, 1.0, 7.5, 16.0])
    expect = cm.alone_cost(n[:, None], price=np.full(4, 1.5))[:, 0]
    got = cm.alone_cost_at(n, np.full(4, 1.5), np.zeros(4, dtype=int))
    np.testing.assert_allclose(got, expect)


@pytest.mark.parametrize("form", list(Form))
def test_shared_cost_single_member_equals_alone(form):
    cm = one_area_costs()
    alone = cm.alone_cost(np.array([[16.0]]))[0, 0]
    assert shared(cm, 16.0, 16.0, 1, 1.0, form)[0] == pytest.approx(alone)


@pytest.mark.parametrize("form", list(Form))
def test_shared_cost_at_maturity_zero_equals_alone(form):
    cm = one_area_costs()
    alone = cm.alone_cost(np.array([[16.0]]))[0, 0]
    assert shared(cm, 16.0, 48.0, 3, 0.0, form)[0] == pytest.approx(alone)


def test_pooling_with_two_members_is_cheaper_by_hand():
    cm = one_area_costs()
    alone = cm.alone_cost(np.array([[16.0]]))[0, 0]
    got = shared(cm, 16.0, 32.0, 2, 1.0, Form.POOLING)[0]
    # overhead: 100 * ((1 - .6) + .6 * 2**.55 * 0.5); operating at the pooled scale 32
    f_part = 100 * (0.4 + 0.6 * 2**0.55 * 0.5)
    o_part = 3 * (4 / 32) ** 0.5 * 16
    assert got == pytest.approx(1.5 * (f_part + 2 * 16 + o_part))
    assert got < alone


def test_learning_curve_one_doubling():
    # only the recapitalisation term: overhead and operating zero
    cm = one_area_costs(overhead=np.array([0.0]), operating=np.array([0.0]))
    alone = cm.alone_cost(np.array([[10.0]]))[0, 0]
    got = shared(cm, 10.0, 20.0, 2, 1.0, Form.PROCUREMENT_SHARING)[0]
    factor = 2 ** math.log2(0.88)
    assert factor == pytest.approx(0.88)
    assert got == pytest.approx(alone * factor)
    # half-mature: half the learning effect
    half = shared(cm, 10.0, 20.0, 2, 0.5, Form.PROCUREMENT_SHARING)[0]
    assert half == pytest.approx(alone * (1 - 0.5 * (1 - factor)))
    # forms without a learning curve do not get it
    assert shared(cm, 10.0, 20.0, 2, 1.0, Form.OPERATIONAL)[0] == pytest.approx(alone)


def test_marginal_cost_positive_and_without_overhead():
    cm = one_area_costs()
    mc = cm.marginal_cost(np.array([[16.0]]))[0, 0]
    # d/dn of 1.5 * (2n + 3 * 2 * n**.5) at 16 = 1.5 * (2 + 3 * 2 * 0.5 / 4)
    assert mc == pytest.approx(1.5 * (2 + 0.75))


def test_escalated_scales_cost():
    cm = one_area_costs()
    h = np.array([[16.0]])
    assert cm.escalated(1.1).alone_cost(h)[0, 0] == pytest.approx(1.1 * cm.alone_cost(h)[0, 0])


# --------------------------------------------------------------------------- requirements
@pytest.fixture
def small_spec(small_world):
    return load_scenario(small_world(budget_rate=None, end=2014))


@pytest.mark.parametrize("weight", [0.0, 0.3, 0.5, 1.0])
def test_requirement_shares_columns_sum_to_one(small_spec, weight):
    world = build_world(small_spec)
    shares = requirement_shares(world, weight)
    assert shares.shape == (world.n_states, world.n_caps)
    np.testing.assert_allclose(shares.sum(axis=0), 1.0)
    assert (shares >= 0).all()


def test_requirement_shares_by_hand(small_spec):
    world = build_world(small_spec)
    gdp = world.gdp / world.gdp.sum()
    np.testing.assert_allclose(requirement_shares(world, 1.0), np.repeat(gdp[:, None], 3, axis=1))
    hold = world.holdings0 / world.holdings0.sum(axis=0)
    np.testing.assert_allclose(requirement_shares(world, 0.0), hold)


def test_gap_share_bounds_and_zero_requirement():
    req = np.array([10.0, 10.0, 10.0, 0.0, 0.0, 10.0])
    lvl = np.array([4.0, 12.0, 10.0, 5.0, 0.0, -5.0])
    np.testing.assert_allclose(gap_share(req, lvl), [0.6, 0.0, 0.0, 0.0, 0.0, 1.0])


@given(
    st.lists(st.floats(0, 1e6), min_size=1, max_size=20),
    st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=20),
)
@settings(max_examples=50, deadline=None)
def test_gap_share_always_a_share(req, lvl):
    k = min(len(req), len(lvl))
    g = gap_share(np.array(req[:k]), np.array(lvl[:k]))
    assert ((g >= 0) & (g <= 1)).all()


# --------------------------------------------------------------------------- goals
def test_target_weights_baseline_and_sum():
    gp = GoalParams()
    w = target_weights(np.zeros(1), np.zeros(1), gp)
    np.testing.assert_allclose(w[0], [0.35, 0.35, 0.30])


@pytest.mark.parametrize("threat", [0.0, 0.1, 1.0, 5.0, 100.0])
def test_no_pressure_financial_never_above_baseline(threat):
    gp = GoalParams(base_political=0.2, base_military=0.2, base_financial=0.2)
    w = target_weights(np.zeros(1), np.array([threat]), gp)
    assert w.sum() == pytest.approx(1.0)
    assert w[0, 2] <= 1 / 3 + 1e-12
    # and moving towards it from the baseline never raises it either
    moved = move_weights(np.full((1, 3), 1 / 3), np.zeros(1), np.array([threat]), gp)
    assert moved[0, 2] <= 1 / 3 + 1e-12


def test_pressure_raises_financial_and_threat_raises_the_others():
    gp = GoalParams()
    none = target_weights(np.zeros(1), np.zeros(1), gp)[0]
    pressed = target_weights(np.array([0.5]), np.zeros(1), gp)[0]
    threatened = target_weights(np.zeros(1), np.array([0.5]), gp)[0]
    # by hand: raw = (.35, .35, .3 * (1 + 4 * .5) = .9) -> financial .9 / 1.6
    assert pressed[2] == pytest.approx(0.9 / 1.6)
    assert pressed[2] > none[2]
    assert threatened[0] > none[0] and threatened[1] > none[1] and threatened[2] < none[2]


def test_move_weights_by_hand():
    gp = GoalParams(inertia=0.5)
    w0 = np.array([[0.5, 0.3, 0.2]])
    target = target_weights(np.array([0.25]), np.array([0.0]), gp)
    moved = move_weights(w0, np.array([0.25]), np.array([0.0]), gp)
    np.testing.assert_allclose(moved, 0.5 * w0 + 0.5 * target)
    assert moved.sum() == pytest.approx(1.0)


@given(
    st.lists(st.floats(0, 10), min_size=3, max_size=3),
    st.floats(0, 5),
    st.floats(0, 5),
)
@settings(max_examples=40, deadline=None)
def test_weights_on_the_simplex(raw, pressure, threat):
    if sum(raw) <= 0:
        raw = [1.0, 1.0, 1.0]
    w0 = np.array([raw]) / sum(raw)
    out = move_weights(w0, np.array([pressure]), np.array([threat]), GoalParams())
    assert out.sum() == pytest.approx(1.0)
    assert (out >= 0).all() and (out <= 1).all()


# --------------------------------------------------------------------------- partners
def test_pair_geometry(small_spec):
    world = build_world(small_spec)
    pp = PartnerParams()
    g = PairGeometry.build(world, pp, world.nato, world.eu)
    for d in (g.political_distance, g.culture_distance):
        np.testing.assert_allclose(d, d.T)
        np.testing.assert_array_equal(np.diag(d), 0.0)
        assert ((d >= 0) & (d <= 1)).all()
    i = {s: k for k, s in enumerate(world.states)}
    nld, bel, dnk, can = i["NLD"], i["BEL"], i["DNK"], i["CAN"]
    pd = g.political_distance
    assert pd[nld, bel] < pd[nld, dnk] < pd[nld, can]
    # by hand: NLD-BEL share benelux + NATO + EU = 3 institutions
    km = world.distance_km[nld, bel]
    assert 150 < km < 200
    expect = (1 - math.exp(-km / 1500)) * (1 - min(0.6, 0.15 * 3))
    assert pd[nld, bel] == pytest.approx(expect)
    assert g.culture_distance[nld, bel] == 0.0
    assert g.culture_distance[nld, can] > 0.4


def test_farther_pair_is_more_distant(small_spec, small_world):
    """Moving BEL's capital away (nothing else changed) raises its distance to NLD."""
    import copy

    from conftest import SMALL_STATES

    states = copy.deepcopy(SMALL_STATES)
    states[1]["capital_lat"], states[1]["capital_lon"] = 40.4, -3.7  # Madrid
    far = load_scenario(small_world(name="far", states=states, budget_rate=None, end=2014))
    pp = PartnerParams()
    near_pd = _geom(build_world(small_spec), pp).political_distance[0, 1]
    far_pd = _geom(build_world(far), pp).political_distance[0, 1]
    assert far_pd > near_pd


def relation_stats() -> tuple[RelationStats, np.ndarray]:
    n, c = 5, 2
    r = RelationStats.empty(n, c)
    pd = np.full((n, n), 0.2)

    def pair(a, b, depth, depth_bu, bottom_up, framework, first, dist=0.2):
        for x, y in ((a, b), (b, a)):
            r.depth[x, y] = depth
            r.depth_bottom_up[x, y] = depth_bu
            r.bottom_up[x, y] = bottom_up
            r.framework[x, y] = framework
            r.first_year[x, y] = first
            if depth_bu:
                r.first_year_bottom_up[x, y] = first
            pd[x, y] = dist

    op, integ, ps, jh = (
        int(f) + 1
        for f in (Form.OPERATIONAL, Form.INTEGRATED, Form.PROCUREMENT_SHARING, Form.JOINT_HIRE)
    )
    pair(0, 1, op, op, 2, 0, 2010)  # two bottom-up goals, operational, 4 yrs
    pair(0, 2, op, op, 2, 0, 2010, dist=0.8)  # same but far: not strategic -> affiliated
    pair(0, 3, jh, jh, 1, 0, 2013)  # one shallow recent hire: opportunity
    pair(0, 4, ps, 0, 0, 1, 2013)  # met through a framework: affiliated
    pair(1, 2, integ, integ, 1, 0, 2011, dist=0.3)  # integrated, 3 years, close: strategic
    pair(1, 3, integ, integ, 1, 0, 2012)  # integrated, 2 years: deep, not strategic
    pair(2, 3, ps, ps, 1, 0, 2008)  # shallow but long (6 years): affiliated
    return r, pd


def test_classify_circles_hand_built():
    stats, pd = relation_stats()
    out = classify_circles(stats, 2014, pd, PartnerParams())
    expect = {
        (0, 1): Circle.STRATEGIC,
        (0, 2): Circle.AFFILIATED,
        (0, 3): Circle.OPPORTUNITY,
        (0, 4): Circle.AFFILIATED,
        (1, 2): Circle.STRATEGIC,
        (1, 3): Circle.AFFILIATED,
        (2, 3): Circle.AFFILIATED,
    }
    for (a, b), circle in expect.items():
        assert out[a, b] == int(circle), (a, b)
        assert out[b, a] == int(circle), (b, a)
    assert out[1, 4] == -1 and out[3, 4] == -1
    assert (np.diag(out) == -1).all()


def test_operational_with_one_goal_is_not_strategic():
    stats, pd = relation_stats()
    stats.bottom_up[0, 1] = stats.bottom_up[1, 0] = 1
    out = classify_circles(stats, 2014, pd, PartnerParams())
    assert out[0, 1] not in (-1, int(Circle.STRATEGIC))


def test_shallow_relation_is_opportunity_while_young_then_affiliated():
    stats, pd = relation_stats()
    assert classify_circles(stats, 2014, pd, PartnerParams())[0, 3] == int(Circle.OPPORTUNITY)
    # the same hire, ten years on, is an older relation: no longer cooperation of the moment
    assert classify_circles(stats, 2023, pd, PartnerParams())[0, 3] == int(Circle.AFFILIATED)
    # a strategic pair needs small political distance whatever its depth and age
    far = pd.copy()
    far[1, 2] = far[2, 1] = 0.9
    assert classify_circles(stats, 2014, far, PartnerParams())[1, 2] != int(Circle.STRATEGIC)


@given(st.integers(0, 2**32 - 1))
@settings(max_examples=25, deadline=None)
def test_join_probability_is_a_probability(seed):
    rng = np.random.default_rng(seed)
    n = 6
    pdist = rng.random((n, n))
    pdist = (pdist + pdist.T) / 2
    np.fill_diagonal(pdist, 0)
    g = PairGeometry(political_distance=pdist, culture_distance=np.zeros((n, n)))
    trust = rng.random((n, n))
    circle = rng.integers(-1, 3, size=(n, n))
    boost = rng.random((n, n)) * 0.5
    p = join_probability(g, trust, circle, boost, CrisisParams())
    assert ((p >= 0) & (p <= 1)).all()
    np.testing.assert_array_equal(np.diag(p), 1.0)
    # a closer circle never lowers the chance, all else equal
    strategic = join_probability(g, trust, np.zeros_like(circle), boost, CrisisParams())
    assert (strategic >= p - 1e-12).all()


# --------------------------------------------------------------------------- forms
@pytest.mark.parametrize("pd", [0.0, 0.05, 0.3, 0.7, 1.0])
def test_success_probability_falls_with_depth_same_distance(pd):
    forms = np.arange(len(Form))
    p = FORMS.success_probability(forms, np.full(6, pd), np.zeros(6))
    assert ((p > 0) & (p <= 1)).all()
    assert (np.diff(p) <= 1e-12).all(), p
    if pd > 0:
        assert p[int(Form.SPECIALISATION)] < p[int(Form.OPERATIONAL)] < p[int(Form.JOINT_HIRE)]


@pytest.mark.parametrize("d", [0.2, 0.5])
def test_success_probability_falls_with_depth_same_distances(d):
    p = FORMS.success_probability(np.arange(6), np.full(6, d), np.full(6, d))
    assert (np.diff(p) <= 1e-12).all(), p


def test_staff_load_per_member():
    load = float(FORMS.staff_load[int(Form.POOLING)])
    assert FORMS.staff_load_per_member(int(Form.POOLING), 8, True, 0.5) == load
    assert FORMS.staff_load_per_member(int(Form.POOLING), 2, False, 0.5) == load
    assert FORMS.staff_load_per_member(int(Form.POOLING), 8, False, 0.5) == pytest.approx(
        load * 0.5
    )


# --------------------------------------------------------------------------- budgets
def situation(holdings, *, floor=None, weights=None, n_ref=None, level=None, req=None):
    h = np.asarray(holdings, dtype=float)
    n, c = h.shape
    return ForceSituation(
        holdings=h,
        requirement=h.copy() if req is None else np.asarray(req, float),
        level=h.copy() if level is None else np.asarray(level, float),
        weights=np.full((n, 3), 1 / 3) if weights is None else np.asarray(weights, float),
        floor_min=np.zeros_like(h) if floor is None else np.asarray(floor, float),
        committed=np.zeros_like(h),
        n_ref=np.ones(c) if n_ref is None else np.asarray(n_ref, float),
        marginal=np.ones_like(h),
    )


def test_plan_cuts_closes_deficit_within_room():
    sit = situation([[10, 10, 10], [20, 20, 20]], floor=[[9.8, 0, 0], [0, 0, 0]])
    bp = BudgetParams(max_cut_rate=0.15)
    cut = plan_cuts(np.array([3.0, 100.0]), sit, bp, None)
    room = np.minimum(sit.holdings * 0.15, sit.holdings - sit.floor_min)
    assert (cut >= -1e-12).all()
    assert (cut <= room + 1e-9).all()
    # state 0: room 0.2 + 1.5 + 1.5 = 3.2 >= 3 -> the deficit is closed (marginal cost 1)
    assert cut[0].sum() == pytest.approx(3.0)
    assert cut[0, 0] <= 0.2 + 1e-9
    # state 1: room 3 per area = 9 < 100 -> everything it may cut, no more
    np.testing.assert_allclose(cut[1], room[1])


def test_plan_cuts_no_deficit_no_cut():
    sit = situation([[10, 10, 10]])
    assert (plan_cuts(np.zeros(1), sit, BudgetParams(), None) == 0).all()


def test_plan_cuts_respects_floor_entirely():
    sit = situation([[10, 10, 10]], floor=[[10, 10, 0]])
    cut = plan_cuts(np.array([50.0]), sit, BudgetParams(max_cut_rate=1.0), None)
    assert cut[0, 0] == 0 and cut[0, 1] == 0
    assert cut[0, 2] == pytest.approx(10.0)


def test_coordinated_cuts_spread_over_more_areas():
    """Three states all prefer to cut area 0 (a small, inefficient fleet, financial weight high).

    Alone, each puts nearly all of its cut there. With consultation they plan in turn: the
    first plans as alone, each later one sees the alliance falling short in area 0 after the
    earlier plans and moves more of the same deficit to the other areas.
    """
    h = np.array([[5.0, 10, 10]] * 3)
    sit = situation(h, weights=[[0.2, 0.2, 0.6]] * 3, n_ref=[20.0, 1.0, 1.0])
    bp = BudgetParams(max_cut_rate=1.0)
    deficit = np.full(3, 2.0)
    alone = plan_cuts(deficit, sit, bp, None)
    coord = coordinated_cuts(deficit, sit, bp)
    np.testing.assert_allclose(alone.sum(axis=1), 2.0)
    np.testing.assert_allclose(coord.sum(axis=1), 2.0)

    def areas_used(cut):
        return ((cut / cut.sum(axis=1, keepdims=True)) > 0.05).sum(axis=1)

    assert (areas_used(alone) == 1).all()
    np.testing.assert_allclose(coord[0], alone[0])  # the first plans as alone
    assert (areas_used(coord[1:]) == 3).all()
    assert np.all(np.diff(coord[:, 0]) < 0)  # each later state cuts area 0 less
    assert coord[:, 0].sum() < 0.9 * alone[:, 0].sum()


def cost_fn(cm: CostModel, fixed: np.ndarray):
    return lambda h: cm.alone_cost(h).sum(axis=1) + fixed


@given(st.integers(0, 2**32 - 1), st.floats(0.05, 1.0))
@settings(max_examples=30, deadline=None)
def test_fit_to_budget_guarantees_cost_within_budget(seed, squeeze):
    rng = np.random.default_rng(seed)
    n, c = 4, 3
    cm = CostModel(
        overhead=rng.uniform(0, 50, c),
        recap=rng.uniform(0.5, 5, c),
        operating=rng.uniform(0.5, 5, c),
        exponent=rng.uniform(0.5, 1.0, c),
        n_ref=rng.uniform(1, 20, c),
        unit_cost=rng.uniform(10, 100, c),
        price=rng.uniform(0.5, 2, n),
        learning_exponent=math.log2(0.88),
    )
    h = rng.uniform(0, 40, (n, c))
    keep = h * rng.uniform(0, 0.6, (n, c))
    fixed = rng.uniform(0, 5, n)
    fn = cost_fn(cm, fixed)
    budget = fn(h) * squeeze
    rows = np.nonzero(fn(h) > budget)[0]
    out = fit_to_budget(h, keep, budget, fn, rows, iterations=30)
    cost = fn(out)
    feasible = fixed <= budget
    assert (cost[feasible] <= budget[feasible] + 1e-9).all()
    assert (out >= 0).all() and (out <= h + 1e-12).all()
    untouched = np.setdiff1d(np.arange(n), rows)
    np.testing.assert_array_equal(out[untouched], h[untouched])
    # rows where keeping the floor fits do keep it
    trial = h.copy()
    trial[rows] = keep[rows]
    keep_fits = fn(trial) <= budget
    for r in rows:
        if keep_fits[r]:
            assert (out[r] >= keep[r] - 1e-9).all()
