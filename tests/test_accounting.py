"""Each measure once, on small cases computed by hand."""

from __future__ import annotations

import mesa
import numpy as np
import pytest

from model import accounting as acc
from model.arrangements import ArrangementBook, LedgerInputs, build_ledger
from model.capabilities import CostModel
from model.forms import FormTable
from model.params import Form, FormsParams, Params


def test_gap_by_cell_area_state_and_alliance():
    req = np.array([[10.0, 0.0], [5.0, 4.0]])
    level = np.array([[4.0, 3.0], [5.0, 1.0]])
    np.testing.assert_allclose(acc.cell_gap(req, level), [[0.6, 0.0], [0.0, 0.75]])
    both = np.array([True, True])
    np.testing.assert_allclose(acc.area_gap(req, level, both), [6 / 15, 3 / 4])
    np.testing.assert_allclose(acc.area_gap(req, level, np.array([False, True])), [0.0, 0.75])
    w = np.array([1.0, 2.0])
    np.testing.assert_allclose(acc.state_gap(req, level, w), [6 / 10, 6 / 13])
    assert acc.alliance_gap(req, level, w) == pytest.approx(12 / 23)
    assert acc.gap_ratio(np.array(0.0), np.array(0.0)) == 0.0  # nothing required: no gap


def test_autonomy_counts_what_is_controlled_alone_up_to_the_requirement():
    level = np.array([[10.0], [0.0]])
    own = np.array([[5.0], [0.0]])
    req = np.array([[8.0], [3.0]])
    w = np.array([1.0])
    np.testing.assert_allclose(acc.autonomy(level, own, req, w), [5 / 8, 1.0])
    assert float(acc.autonomy(level, own, req, w, axis=None)) == pytest.approx(5 / 8)


def test_capacity_to_act_and_its_alliance_mean():
    own = np.array([[2.0, 0.0], [4.0, 4.0]])
    dependent = np.array([[3.0, 0.0], [0.0, 9.0]])
    req = np.array([[10.0, 0.0], [4.0, 4.0]])
    w = np.array([1.0, 1.0])
    cap = acc.capacity_to_act(own, dependent, req, w[None, :])
    np.testing.assert_allclose(cap, [0.5, 1.0])
    assert acc.alliance_capacity(cap, req, w) == pytest.approx((0.5 * 10 + 1.0 * 8) / 18)


def simple_costs(n_states=2):
    """Cost per unit 1 + 2 (recap + linear operating), overhead 10, price factor 1."""
    return CostModel(
        overhead=np.array([10.0]),
        recap=np.array([1.0]),
        operating=np.array([2.0]),
        exponent=np.array([1.0]),
        n_ref=np.array([1.0]),
        unit_cost=np.array([10.0]),
        price=np.ones(n_states),
        learning_exponent=0.0,
    )


def empty_ledger(h, costs):
    book = ArrangementBook(
        mesa.Model(rng=1), FormTable.from_params(FormsParams()), np.zeros((len(h), 3)), 5
    )
    inputs = LedgerInputs(
        year=2012,
        holdings=h,
        requirement=h,
        common_entitlement=np.zeros_like(h),
        setup_discount=np.zeros(h.shape[1]),
        area_budget=np.full(len(h), 1e6),
        costs=costs,
        forms=FormTable.from_params(FormsParams()),
        params=Params(),
    )
    return book, build_ledger(book, inputs)


def test_levels_under_commitments_hires_and_common_funding():
    h = np.array([[4.0], [6.0]])
    book, led = empty_ledger(h, simple_costs())
    led.committed_out[1, 0] = 2.0
    led.committed_in[0, 0] = 2.0
    led.hired[0, 0] = 1.0
    led.sovereignty[1, 0] = 0.5
    common = np.array([[0.5], [0.5]])
    level, own = acc.levels(h, led, common)
    np.testing.assert_allclose(level, [[4 + 2 + 1 + 0.5], [4 + 0.5]])
    np.testing.assert_allclose(own, [[4.0], [2.0]])


def test_costing_savings_and_collaborative_share_without_arrangements():
    h = np.array([[4.0], [0.0]])
    costs = simple_costs()
    book, led = empty_ledger(h, costs)
    costing = acc.Costing.of(
        costs,
        led,
        FormTable.from_params(FormsParams()),
        book.role_commitments(),
        book.version,
        np.array([1.0, 0.0]),
        Params().arrangements,
    )
    np.testing.assert_allclose(costing.area_costs(h), [[10 + 3 * 4], [0.0]])
    hire, paid, received = costing.flows(h)
    assert hire.tolist() == paid.tolist() == received.tolist() == [0.0, 0.0]
    np.testing.assert_allclose(costing.total_cost(h), [23.0, 0.0])  # NATO contribution: 1
    spend = costing.total_cost(h)
    np.testing.assert_allclose(acc.savings(costs, h, spend), [-1.0, 0.0])
    assert acc.collaborative_share(costs, h, led, hire, paid) == 0.0
    led.primary_form[0, 0] = int(Form.PROCUREMENT_SHARING)
    led.maturity[0, 0] = 0.5
    # recap 1 x 4 units, half of it through a mature-by-half joint procurement
    assert acc.collaborative_share(costs, h, led, hire, paid) == pytest.approx(0.5)
    with_hire = hire + np.array([4.0, 0.0])
    assert acc.collaborative_share(costs, h, led, with_hire, paid) == pytest.approx(6 / 8)
