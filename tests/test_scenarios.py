"""Scripted scenarios: behaviour the note predicts, on the small world or the reference."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
from conftest import SMALL_STATES

from model import CooperationModel, load_scenario, run_scenario
from model.budgets import cascade_payments, resale_value
from model.params import FORM_IDS, Form

SEEDS = (0, 1, 2)


def pair_arrangements(res, a, b):
    arr = res.arrangements
    members = arr["members"].str.split(";")
    return arr[members.map(lambda ms: a in ms and b in ms)]


@pytest.mark.parametrize("seed", SEEDS)
def test_close_neighbours_under_pressure_cooperate(small_world, seed):
    """(a) NLD and BEL -- close, same groups, same culture -- facing 5 %/yr cuts work together."""
    res = run_scenario(small_world(budget_rate=-0.05), seed=seed)
    together = pair_arrangements(res, "NLD", "BEL")
    assert len(together) >= 1
    # and their relation is among the closest circles by the end
    last = res.circles[(res.circles.year == res.years[1]) & (res.circles.state == "NLD")
                       & (res.circles.partner == "BEL")]
    assert list(last["circle"]) in (["strategic"], ["affiliated"], ["opportunity"])


@pytest.mark.parametrize("rate", [-0.05, -0.10])
def test_distant_dissimilar_pair_stays_shallow(small_world, rate):
    """(b) CAN (distant, another political culture) never goes deeper than procurement sharing
    with any European state, and is never a strategic partner (political distance > 0.5)."""
    path = small_world(budget_rate=rate, end=2022)
    deepest = []
    for seed in range(5):
        res = run_scenario(path, seed=seed)
        for other in ("NLD", "BEL", "DNK"):
            arr = pair_arrangements(res, "CAN", other)
            deepest += [FORM_IDS.index(f) for f in arr["form"]]
            circ = res.circles[(res.circles.state == "CAN") & (res.circles.partner == other)]
            assert "strategic" not in set(circ["circle"])
        m = res.cooperation_model
        i, j = m.world.state_index("CAN"), m.world.state_index("NLD")
        assert m.geometry.political_distance[i, j] > 0.5
    assert max(deepest, default=-1) <= int(Form.PROCUREMENT_SHARING)


#: A specialisation row that makes dropping roles attractive, so that the floor is tested.
CHEAP_SPECIALISATION = {
    f"forms.specialisation.{k}": v
    for k, v in dict(
        sovereignty_cost=0.0, political_value=1.0, parliament_hurdle=0.0,
        distance_sensitivity=0.0, culture_sensitivity=0.0, upkeep_musd=0.0,
        setup_years_of_upkeep=0.0, staff_load=0.0,
    ).items()
}


def dropped_roles(res):
    """(dropper, area) of every role-specialisation commitment ever made in the run."""
    m = res.cooperation_model
    out = set()
    for a in m.arrangements:
        if a.form is Form.SPECIALISATION:
            for d in a.commitments:
                out.add((m.world.states[d], m.world.capabilities[a.cap]))
    return out


def specialisation_droppers_from_table(res):
    """Members of specialisation arrangements that held none of the area afterwards."""
    arr = res.arrangements[res.arrangements.form == "specialisation"]
    caps = res.capabilities
    out = set()
    for row in arr.itertuples():
        for s in row.members.split(";"):
            held = caps[(caps.state == s) & (caps.capability == row.capability)
                        & (caps.year >= row.start_year)]["holdings"]
            if len(held) and (held <= 1e-9).all():
                out.add((s, row.capability))
    return out


def test_sovereignty_floor_area_is_never_specialised_away(small_world):
    """(c) NLD's floor is frigates: it may drop other roles, never frigates (note p. 3)."""
    states = copy.deepcopy(SMALL_STATES)
    states[0]["sovereignty_floor"] = "frigates"
    with_floor = small_world(name="floor", states=states, end=2018)
    states_nf = copy.deepcopy(SMALL_STATES)
    states_nf[0]["sovereignty_floor"] = ""
    no_floor = small_world(name="nofloor", states=states_nf, end=2018)
    dropped_with, dropped_without = set(), set()
    for seed in SEEDS:
        res = run_scenario(with_floor, seed=seed, overrides=CHEAP_SPECIALISATION)
        dropped_with |= dropped_roles(res) | specialisation_droppers_from_table(res)
        nld = res.capabilities[(res.capabilities.state == "NLD")
                               & (res.capabilities.capability == "frigates")]
        assert (nld["holdings"] > 0).all()
        res = run_scenario(no_floor, seed=seed, overrides=CHEAP_SPECIALISATION)
        dropped_without |= dropped_roles(res)
    assert ("NLD", "frigates") not in dropped_with
    # the test has teeth: specialisation does happen, NLD drops other roles, and without the
    # floor it drops frigates too
    assert any(s == "NLD" for s, _ in dropped_with)
    assert ("NLD", "frigates") in dropped_without


@pytest.mark.parametrize("seed", SEEDS)
def test_no_budget_pressure_financial_weight_never_rises(small_world, seed):
    """(d) Flat budgets, no random crises: the financial weight stays at its first-year value."""
    res = run_scenario(small_world(budget_rate=None, end=2024), seed=seed)
    w = res.states.pivot(index="year", columns="state", values="w_financial")
    assert (w.max() <= w.iloc[0] + 1e-9).all(), (w.max() - w.iloc[0]).to_dict()
    # and with 5 %/yr cuts it does rise: the test can tell the two apart
    res_cut = run_scenario(small_world(name="cut", budget_rate=-0.05, end=2024), seed=seed)
    wc = res_cut.states.pivot(index="year", columns="state", values="w_financial")
    assert (wc.iloc[-1] > wc.iloc[0] + 0.05).all()


def csv_bytes(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def test_same_seed_same_bytes_different_seed_differs(tmp_path):
    """(e) RunResult.save writes byte-identical CSVs for the same seed; another seed differs."""
    kw = dict(years=(2012, 2016), overrides={"budgets.real_growth_override": -0.03})
    a = run_scenario("reference_2012", seed=7, **kw).save(tmp_path / "a", figures=False)
    b = run_scenario("reference_2012", seed=7, **kw).save(tmp_path / "b", figures=False)
    c = run_scenario("reference_2012", seed=8, **kw).save(tmp_path / "c", figures=False)
    ba, bb, bc = csv_bytes(a), csv_bytes(b), csv_bytes(c)
    assert set(ba) == {"model.csv", "states.csv", "capabilities.csv", "arrangements.csv",
                       "circles.csv"}
    assert ba == bb
    assert ba != bc


def test_same_seed_same_bytes_small_world(tmp_path, small_world):
    path = small_world(random_crises=True)
    a = run_scenario(path, seed=3).save(tmp_path / "a", figures=False)
    b = run_scenario(path, seed=3).save(tmp_path / "b", figures=False)
    assert csv_bytes(a) == csv_bytes(b)


def cells_cut_together(res, share=0.75):
    """(year, area) cells in which at least ``share`` of the states holding the area cut it."""
    c = res.capabilities.sort_values(["state", "capability", "year"]).copy()
    c["prev"] = c.groupby(["state", "capability"])["holdings"].shift()
    c = c.dropna()
    c = c[c["prev"] > 0]
    cut = c["holdings"] < 0.99 * c["prev"]
    frac = cut.groupby([c["year"], c["capability"]]).mean()
    return int((frac >= share).sum())


@pytest.mark.xfail(
    strict=True,
    reason="model disagrees: with consultation (budgets.coordinated_cuts: states plan in turn and "
    "spare areas where the alliance would fall short) about as many or more (year, area) cells "
    "are cut by >= 75 % of their holders (e.g. 203 -> 201 at -8 %/yr, 53 -> 75 at -3 %/yr over "
    "three seeds). Under austerity the alliance is short in almost every area, so every state "
    "spares the same, most-short areas and cuts the same remaining ones: consultation levels "
    "the alliance's worst shortfall (test_claims: worst area -0.20) but does not make states "
    "cut different capabilities. A division of labour in cuts would need an allocation across "
    "states (who keeps which area), which the consultation rule does not make",
)
def test_nato_consultation_fewer_areas_cut_together():
    """(f) With NATO consultation before cuts (note p. 5 and 7), fewer areas are cut by most
    holders at once: over three seeds of the reference world with budgets falling 8 %/yr from
    2013 and no random crises, the number of (year, area) cells in which at least 75 % of the
    states holding the area cut it is lower with consultation, by at least 5 %."""
    base = {"budgets.real_growth_override": -0.08, "crises.random_rate": 0.0}
    alone = together = 0
    for seed in (1, 2, 3):
        r0 = run_scenario("reference_2012", seed=seed, years=(2012, 2018),
                          overrides={**base, "policy.nato_consultation": False})
        r1 = run_scenario("reference_2012", seed=seed, years=(2012, 2018),
                          overrides={**base, "policy.nato_consultation": True})
        alone += cells_cut_together(r0)
        together += cells_cut_together(r1)
    assert alone > 0
    assert together <= 0.95 * alone, (alone, together)


def test_cascading_does_not_pay_sellers_twice():
    """Units shed are worth their residual value once, whether sold or cascaded."""
    m = CooperationModel("reference_2012", rng=1, years=(2012, 2016), overrides={
        "institutions.eu_cascading": True, "institutions.eu_save_and_reinvest": True,
        "budgets.real_growth_override": -0.05,
    })
    while m.running:
        before = m.holdings.copy()
        m.step()
        rv = m.params.budgets.residual_value
        value = np.minimum(m.costs.price, 1.0)[:, None] * m.costs.unit_cost[None, :] * rv
        shed = (np.maximum(before - m.holdings, 0.0) * value).sum(axis=1)
        eu = m.world.eu
        assert m.reinvest[eu].sum() <= shed[eu].sum() * (1 + 1e-9) + 1e-6, (
            m.year - 1, m.reinvest[eu].sum(), shed[eu].sum(), m.cascade_paid.sum()
        )


def test_cascade_payments_balance():
    """What EU buyers pay for cascaded units equals what EU sellers are credited for them."""
    m = CooperationModel("reference_2012", rng=1, years=(2012, 2013))
    n, c = m.world.n_states, m.world.n_caps
    eu = np.nonzero(m.world.eu)[0]
    sold, buy = np.zeros((n, c)), np.zeros((n, c))
    sold[eu[0], 0], sold[eu[1], 0] = 4.0, 2.0
    buy[eu[2], 0], buy[eu[3], 0] = 1.0, 2.0
    room = buy.copy()  # all purchases can come from the cascade
    value = resale_value(m.costs, m.params.budgets)
    paid, received = cascade_payments(sold, buy, room, m.eu, value)
    assert paid.sum() == pytest.approx(received.sum())
    # demand 3 < supply 6: half of each seller's units are matched, at the seller's value
    assert received[eu[0]] == pytest.approx(2.0 * value[eu[0], 0])
    assert received[eu[1]] == pytest.approx(1.0 * value[eu[1], 0])
    assert paid[eu[3]] == pytest.approx(2 * paid[eu[2]])
    assert paid[[i for i in range(n) if i not in eu[2:4]]].sum() == 0.0


def test_budget_cuts_lower_holdings_and_growth_raises_them():
    """The direction of the budget path shows in the forces (sanity of the whole loop)."""
    kw = dict(years=(2012, 2020), overrides={"crises.random_rate": 0.0})
    cut = run_scenario("reference_2012", seed=1, years=kw["years"],
                       overrides={**kw["overrides"], "budgets.real_growth_override": -0.06})
    grow = run_scenario("reference_2012", seed=1, years=kw["years"],
                        overrides={**kw["overrides"], "budgets.real_growth_override": 0.04})

    def value(res):
        caps = res.capabilities[res.capabilities.year == 2020]
        return float((caps["level"]).sum())

    assert value(cut) < value(grow)
    assert cut.model["budget_total"].iloc[-1] < grow.model["budget_total"].iloc[-1]
    assert isinstance(cut.model, pd.DataFrame)


def test_gdp_target_binds_nato_members_only():
    """The Hague commitment binds the Allies in its first year (FIN, SWE by then), not AUT, IRL."""
    from model.world import build_world

    ref = build_world(load_scenario("reference_2012"))
    nato_only = build_world(load_scenario("rearmament_2025"))
    everyone = build_world(load_scenario("rearmament_2025", {"budgets.gdp_target_states": "all"}))
    last = -1
    for code in ("AUT", "IRL"):
        i = ref.states.index(code)
        assert nato_only.budget_index[i, last] == ref.budget_index[i, last]
        assert everyone.budget_index[i, last] > 2 * ref.budget_index[i, last]
    for code in ("FIN", "SWE", "DEU"):
        i = ref.states.index(code)
        assert nato_only.budget_index[i, last] > 1.5 * ref.budget_index[i, last]
        assert nato_only.budget_index[i, last] == everyone.budget_index[i, last]
