"""Hypothesis property tests: invariants over seeds and a few parameters (short spans)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import CooperationModel
from model.run import result_from_model

SETTINGS = settings(
    max_examples=20, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

params = st.fixed_dictionaries(
    {
        "budgets.real_growth_override": st.floats(-0.08, 0.06),
        "policy.nato_consultation": st.booleans(),
        "institutions.eu_cascading": st.booleans(),
        "institutions.eu_save_and_reinvest": st.booleans(),
    }
)
seeds = st.integers(0, 2**31 - 1)


def run(overrides, seed, scenario="reference_2012", years=(2012, 2016)):
    """Step the model year by year, checking the per-year invariants; return model and result."""
    m = CooperationModel(scenario, rng=seed, years=years, overrides=overrides)
    years_seen = []
    while m.running:
        m.step()
        years_seen.append(m.year - 1)
        check_year(m)
    assert years_seen == list(range(years[0], years[1] + 1))
    return m, result_from_model(m)


def check_year(m):
    tol = 1e-9
    assert (m.holdings >= 0).all()
    assert (m.level >= -tol).all() and (m.own_level >= -tol).all()
    assert (m.own_level <= m.level + tol).all()
    np.testing.assert_allclose(m.weights.sum(axis=1), 1.0, atol=1e-12)
    # compensation for role specialisation: what droppers pay, providers receive
    hire, paid, received = m.flows(m.holdings, m.ledger)
    assert paid.sum() == pytest.approx(received.sum(), rel=1e-12, abs=1e-9)
    assert (paid >= 0).all() and (received >= 0).all() and (hire >= 0).all()


SHARE_COLUMNS = {
    "model": ["capability_gap", "collaborative_share", "autonomy", "capacity_to_act"],
    "states": ["capability_gap", "autonomy", "capacity_to_act", "w_political", "w_military",
               "w_financial"],
    "capabilities": ["gap"],
}


def check_tables(res):
    for table, cols in SHARE_COLUMNS.items():
        df = getattr(res, table)
        for col in cols:
            values = df[col].to_numpy(dtype=float)
            assert np.isfinite(values).all(), (table, col)
            assert ((values >= 0) & (values <= 1 + 1e-12)).all(), (table, col, values.min(),
                                                                   values.max())
    w = res.states[["w_political", "w_military", "w_financial"]].sum(axis=1)
    np.testing.assert_allclose(w, 1.0, atol=1e-9)
    caps = res.capabilities
    assert (caps["level"] >= 0).all() and (caps["own_level"] >= 0).all()
    assert (caps["own_level"] <= caps["level"] + 1e-9).all()
    assert (caps["requirement"] >= 0).all()
    if "holdings" in caps:
        assert (caps["holdings"] >= 0).all()
    # arrangements: ids unique, two or more members, contract ids only
    arr = res.arrangements
    assert arr["id"].is_unique
    assert (arr["members"].str.split(";").map(len) >= 2).all()
    ends = arr["end_year"].replace("", np.nan).astype(float)
    assert ((ends.isna()) | (ends >= arr["start_year"])).all()


@given(overrides=params, seed=seeds)
@SETTINGS
def test_reference_invariants(overrides, seed):
    _, res = run(overrides, seed)
    check_tables(res)


@given(
    overrides=params, seed=seeds,
    floor=st.sampled_from(["frigates", "", "fighters;helicopters"]),
)
@SETTINGS
def test_small_world_invariants(small_world, overrides, seed, floor):
    from conftest import SMALL_STATES

    states = [dict(s) for s in SMALL_STATES]
    states[0]["sovereignty_floor"] = floor
    path = small_world(name=f"w{abs(hash(floor))}", states=states, random_crises=True)
    _, res = run(overrides, seed, scenario=str(path), years=(2012, 2018))
    check_tables(res)


@given(overrides=params, seed=seeds)
@SETTINGS
def test_spending_within_budget_and_allowance(overrides, seed):
    """Spending never exceeds the budget plus what the rules let a state spend on top.

    The rule as written in ``CooperationModel._fit_forces``/``_account``: the capability areas
    (EU cascading purchases included) fit within ``area_share * budget + reinvest``
    (save-and-reinvest: last year's proceeds, ``model.allowance``), and the rest of the budget
    is spent outside the areas.
    """
    m = CooperationModel("reference_2012", rng=seed, years=(2012, 2016), overrides=overrides)
    while m.running:
        m.step()
        allowed = m.budget * (1 + 1e-9) + m.allowance + 1e-6
        over = m.spending - allowed
        assert (over <= 0).all(), (
            m.year - 1, [m.world.states[i] for i in np.nonzero(over > 0)[0]], over.max()
        )
        if not overrides["institutions.eu_save_and_reinvest"]:
            assert (m.allowance == 0).all()


@pytest.mark.parametrize(
    "scenario", ["reference_2012", "specialisation_allowed", "benelux_deepening", "austerity_2012"]
)
def test_incremental_structure_equals_a_full_build(scenario, monkeypatch):
    """The structure updated arrangement by arrangement is, array for array, a full rebuild."""
    from model.arrangements import ArrangementBook, Structure

    checked = []
    real = ArrangementBook.structure

    def checking(self):
        st = real(self)
        full = Structure.build(self)
        for name in Structure.__dataclass_fields__:
            a, b = getattr(st, name), getattr(full, name)
            assert a.dtype == b.dtype and np.array_equal(a, b), (scenario, self.year, name)
        checked.append(len(st.arr))
        return st

    monkeypatch.setattr(ArrangementBook, "structure", checking)
    m = CooperationModel(scenario, rng=3, years=(2012, 2024))
    while m.running:
        m.step()
    assert len(checked) > 50 and max(checked) > 20


def test_gains_fused_or_not_give_the_same_run(monkeypatch):
    """Both sides' gains in one call or the partner's only where the proposer gains: same run."""
    import model.arrangements as arrangements

    tables = []
    for fuse_below in (0, 10**9):
        monkeypatch.setattr(arrangements, "FUSE_BELOW", fuse_below)
        res = result_from_model(run_years("specialisation_allowed", seed=5, years=(2012, 2024)))
        tables.append((res.model, res.arrangements))
    pd_testing = pytest.importorskip("pandas.testing")
    pd_testing.assert_frame_equal(tables[0][0], tables[1][0])
    pd_testing.assert_frame_equal(tables[0][1], tables[1][1])


def run_years(scenario, seed, years):
    m = CooperationModel(scenario, rng=seed, years=years)
    while m.running:
        m.step()
    return m
