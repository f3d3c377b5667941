"""Issue 12: procurement sharing at procurement moments, and the defence-industrial base (7.31)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import numpy as np
import pytest
from conftest import small_world_doc
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from model import CooperationModel
from model.arrangements import feasible_grid, join_consent
from model.industry import buying_windows, join_refusal, may_buy
from model.params import Form
from model.scenario import ScenarioError, load_scenario
from model.world import build_world

PS = int(Form.PROCUREMENT_SHARING)


@cache
def _reference():
    """The reference model after its first year, and the second year's decision context."""
    m = CooperationModel("reference_2012", rng=1, years=(2012, 2014))
    m.step()
    led = m._open_ledger()
    m._score_partners(led)
    return m, m._year_context(led)


def _jsf(m):
    return next(a for a in m.book.active.values() if "JSF" in a.code)


# --------------------------------------------------------------------------- the data
def test_reference_industry_matrix():
    w = build_world(load_scenario("reference_2012"))
    i, f = w.state_index, w.capabilities.index("fighters")
    land = w.capabilities.index("land_manoeuvre")
    assert w.industry_clash[i("FRA"), i("USA"), f] and w.industry_clash[i("SWE"), i("USA"), f]
    assert w.industry_clash[i("DEU"), i("USA"), f]  # Eurofighter is not an American line
    assert not w.industry_clash[i("GBR"), i("USA"), f]  # both build the F-35
    assert not w.industry_clash[i("NLD"), i("USA"), f]  # no fighter line of its own
    assert not w.industry_clash[i("DEU"), i("ESP"), land]  # Leopard 2 co-producers
    assert w.industry_clash[i("DEU"), i("FRA"), land]  # Leopard 2 against Leclerc
    assert w.industry_lines[i("GBR"), f] == "Eurofighter/F-35"
    assert (w.industry_clash == w.industry_clash.transpose(1, 0, 2)).all()


def test_without_the_table_no_industry(small_world):
    w = build_world(load_scenario(small_world(budget_rate=None, end=2014)))
    assert w.industry_clash is None and w.industry_lines is None
    assert w.replacement_unknown.all()


def _industry_world(write_scenario, rows):
    doc = small_world_doc(budget_rate=None)
    doc["data"]["defence_industry"] = rows
    return write_scenario(doc, name="industry")


ROW = {"iso3": "NLD", "capability": "fighters", "line": "F-16", "role": "prime"}


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        (ROW | {"role": "licensee"}, "role: 'licensee'"),
        (ROW | {"line": ""}, "line: ''"),
        (ROW | {"iso3": "XXX"}, "unknown state id 'XXX'"),
        (ROW | {"capability": "lasers"}, "unknown capability id 'lasers'"),
    ],
)
def test_bad_industry_rows_are_one_line_errors(write_scenario, row, needle):
    with pytest.raises(ScenarioError) as err:
        load_scenario(_industry_world(write_scenario, [row]))
    assert needle in str(err.value) and "\n" not in str(err.value)


def test_a_duplicate_line_is_one_line_error(write_scenario):
    with pytest.raises(ScenarioError, match="appears twice") as err:
        load_scenario(_industry_world(write_scenario, [ROW, ROW]))
    assert "\n" not in str(err.value)


# --------------------------------------------------------------------------- rule 2: industry
def test_a_producer_refuses_another_lines_programme():
    m, year = _reference()
    jsf = _jsf(m)
    i = m.world.state_index
    due = np.ones_like(year.buy_due)  # every fleet at its moment: only industry decides
    y = replace(year, buy_due=due)
    for state, line in (("FRA", "Rafale"), ("SWE", "Gripen"), ("ESP", "Eurofighter")):
        ok, why = join_consent(m.book, y, jsf, i(state), jsf.lead)
        assert not ok and why == f"own defence industry ({line})"


def test_a_producer_joins_its_own_line():
    m, year = _reference()
    i, f = m.world.state_index, m.world.capabilities.index("fighters")
    due = np.ones_like(year.buy_due)
    # a Eurofighter programme led by Germany: Spain and Italy co-produce it, France does not
    members = [i("DEU"), i("GBR")]
    args = (due, year.gains.commonality, year.industry_clash, year.industry_lines)
    assert join_refusal(i("ESP"), members, i("DEU"), f, "fighters", *args) == ""
    assert join_refusal(i("ITA"), members, i("DEU"), f, "fighters", *args) == ""
    assert join_refusal(i("FRA"), members, i("DEU"), f, "fighters", *args).startswith("own")
    # the JSF: Britain and Italy build the F-35 too
    jsf = _jsf(m)
    assert join_refusal(i("ITA"), [i("USA")], jsf.lead, f, "fighters", *args) == ""


def test_without_a_lead_any_member_counts():
    clash = np.zeros((3, 3, 1), dtype=bool)
    clash[0, 2, 0] = clash[2, 0, 0] = True
    lines = np.array([["A"], [""], ["B"]], dtype=object)
    common = np.zeros((3, 3, 1), dtype=bool)
    assert join_refusal(0, [1, 2], -1, 0, "x", None, common, clash, lines) == (
        "own defence industry (A)"
    )
    assert join_refusal(0, [1, 2], 1, 0, "x", None, common, clash, lines) == ""


# --------------------------------------------------------------------------- rule 1: moments
def test_a_non_producer_at_its_moment_may_join_and_not_outside_it():
    m, year = _reference()
    i, f = m.world.state_index, m.world.capabilities.index("fighters")
    jsf = _jsf(m)
    s = i("ROU")
    assert year.industry_lines[s, f] == ""
    at = year.buy_due.copy()
    at[s, f] = True
    args = (year.gains.commonality, year.industry_clash, year.industry_lines)
    assert join_refusal(s, jsf.members, jsf.lead, f, "fighters", at, *args) == ""
    at[s, f] = False
    why = join_refusal(s, jsf.members, jsf.lead, f, "fighters", at, *args)
    assert why == "not replacing its fleet in fighters this year"
    ok, reason = join_consent(m.book, replace(year, buy_due=at), jsf, s, jsf.lead)
    assert not ok and reason == why


def test_outside_a_moment_procurement_sharing_is_not_feasible():
    m, year = _reference()
    n = m.world.n_states
    cand = np.array([[j for j in range(n) if j != s] for s in range(n)])
    free = replace(year, buy_due=None, buy_near=None, buy_family=None, industry_clash=None)
    base = feasible_grid(free, cand)
    assert base[..., PS].any()
    none = np.zeros_like(year.buy_due)
    plain = replace(year.gains, commonality=np.zeros_like(year.gains.commonality))
    closed = replace(free, buy_due=none, buy_near=none, gains=plain,
                     buy_family=plain.commonality)  # fmt: skip
    grid = feasible_grid(closed, cand)
    assert not grid[..., PS].any()
    # the other forms do not change
    other = [f for f in range(grid.shape[-1]) if f != PS]
    assert (grid[..., other] == feasible_grid(replace(free, gains=plain), cand)[..., other]).all()
    # all open again: the grid before issue 12
    everyone = np.ones_like(year.buy_due)
    assert (feasible_grid(replace(free, buy_due=everyone, buy_near=everyone), cand) == base).all()


def test_a_fleet_of_the_programmes_family_needs_no_moment():
    common = np.ones((2, 2, 1), dtype=bool)
    due = np.zeros((2, 1), dtype=bool)
    assert join_refusal(0, [1], 1, 0, "x", due, common, None, None) == ""
    assert not may_buy(due, None, np.zeros_like(common), np.array([0]), np.array([1]),
                       np.array([0]), np.array([PS]))[0]  # fmt: skip
    assert may_buy(due, None, common, np.array([0]), np.array([1]), np.array([0]),
                   np.array([PS]))[0]  # fmt: skip
    # other forms are not concerned
    assert may_buy(due, None, np.zeros_like(common), np.array([0]), np.array([1]),
                   np.array([0]), np.array([int(Form.POOLING)]))[0]  # fmt: skip


@settings(max_examples=50, deadline=None)
@given(
    moments=arrays(np.int64, (3, 2, 2), elements=st.integers(2005, 2040)),
    unknown=arrays(bool, (3, 2)),
    year=st.integers(2012, 2035),
    sync=st.integers(0, 5),
)
def test_buying_windows_properties(moments, unknown, year, sync):
    due, near = buying_windows(moments, unknown, year, sync)
    assert (due <= near).all()  # at the moment is near it
    assert due[unknown].all() and near[unknown].all()  # no data, no constraint
    assert (due == ((moments == year).any(axis=2) | unknown)).all()


# --------------------------------------------------------------------------- the reference
def test_no_producer_of_another_line_joins_the_jsf():
    from model import run_scenario

    res = run_scenario("reference_2012", seed=1)
    d = res.decisions
    joins = d[(d["kind"] == "join") & d["arrangement"].astype(str).str.contains("JSF")]
    joiners = {s.split(";")[0] for s in joins["states"]}
    assert not joiners & {"FRA", "SWE", "DEU", "ESP"}
    assert d["reason"].str.contains("own defence industry").any()


def test_programme_family_of_a_mixed_programme_is_none():
    from model.industry import programme_family

    # states 0, 1 fly family A, state 2 family B; one area
    common = np.zeros((4, 4, 1), dtype=bool)
    for a, b in ((0, 1), (0, 0), (1, 1), (2, 2)):
        common[a, b, 0] = common[b, a, 0] = True
    # row 0: a procurement-sharing programme of 0 and 2 (mixed); row 1: pooling of 0 and 1
    m_row, m_state = np.array([0, 0, 1, 1]), np.array([0, 2, 0, 1])
    fam = programme_family(common, m_row, m_state, np.array([0, 0]), np.array([0, 0]),
                           np.array([PS, int(Form.POOLING)]))  # fmt: skip
    assert not fam[1, 0, 0]  # 0's programme mixes families: 1 must be at its moment
    assert fam[0, 1, 0]  # 1 is in no programme: its own family counts
    assert not fam[1, 2, 0]
