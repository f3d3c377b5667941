"""Issue 12: rivalry and alignment, eligibility and consent, hire markets, durability, decisions."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest
from conftest import small_world_doc

from model import CooperationModel, run_scenario
from model.arrangements import feasible_grid, join_consent
from model.decisions import COLUMNS, KINDS
from model.params import Circle, Form, Origin, PartnerParams
from model.partners import PairGeometry, classify_circles
from model.scenario import load_scenario
from model.world import build_world

RIVALS = [
    {"state_a": "NLD", "state_b": "BEL", "relation": "strategic_rivalry", "active_from": "1950"},
    {"state_a": "NLD", "state_b": "DNK", "relation": "dispute_dormant"},
    {"state_a": "BEL", "state_b": "DNK", "relation": "dispute_active"},
]


def _doc(**kw):
    doc = small_world_doc(budget_rate=None, **kw)
    return doc


@pytest.fixture
def rival_world(write_scenario):
    doc = _doc(end=2016)
    doc["data"]["rivalries"] = RIVALS
    return write_scenario(doc, name="rivals")


# --------------------------------------------------------------------------- political alignment
def test_rivalries_table_is_optional(small_world):
    world = build_world(load_scenario(small_world(budget_rate=None, end=2014)))
    assert not world.rivalry.any() and not world.dispute.any()


def test_active_rivalry_and_dispute_read_dormant_ignored(rival_world):
    world = build_world(load_scenario(rival_world))
    i = {s: k for k, s in enumerate(world.states)}
    assert world.rivalry[i["NLD"], i["BEL"]] and world.rivalry[i["BEL"], i["NLD"]]
    assert world.rivalry.sum() == 2
    assert world.dispute[i["BEL"], i["DNK"]] and not world.dispute[i["NLD"], i["DNK"]]
    pp = PartnerParams()
    with_dispute = PairGeometry.build(world, pp, world.nato, world.eu).political_distance
    calm = PairGeometry.build(
        world, pp.model_copy(update={"dispute_distance": 0.0}), world.nato, world.eu
    ).political_distance
    assert with_dispute[i["BEL"], i["DNK"]] == pytest.approx(
        min(1.0, calm[i["BEL"], i["DNK"]] + pp.dispute_distance)
    )
    # the dormant dispute adds nothing
    assert with_dispute[i["NLD"], i["DNK"]] == calm[i["NLD"], i["DNK"]]


def test_rivals_are_never_strategic():
    from test_mechanisms import relation_stats

    stats, pd_ = relation_stats()
    rivalry = np.zeros_like(pd_, dtype=bool)
    rivalry[1, 2] = rivalry[2, 1] = True
    free = classify_circles(stats, 2014, pd_, PartnerParams())
    out = classify_circles(stats, 2014, pd_, PartnerParams(), rivalry)
    assert free[1, 2] == int(Circle.STRATEGIC)
    assert out[1, 2] == int(Circle.AFFILIATED) and out[2, 1] == int(Circle.AFFILIATED)


def _context(m: CooperationModel):
    led = m._open_ledger()
    m._score_partners(led)
    return m._year_context(led)


def test_rivalry_blocks_operational_and_deeper_forms(rival_world):
    m = CooperationModel(str(rival_world), rng=1)
    m.step()
    year = _context(m)
    i = {s: k for k, s in enumerate(m.world.states)}
    n = m.world.n_states
    cand = np.array([[j for j in range(n) if j != s] for s in range(n)])
    grid = feasible_grid(year, cand)
    nld, bel = i["NLD"], i["BEL"]
    k = list(cand[nld]).index(bel)
    assert not grid[nld, k, :, int(Form.OPERATIONAL) :].any()
    # a non-rival pair may go deep where it is otherwise feasible
    dnk = list(cand[nld]).index(i["DNK"])
    assert grid[nld, dnk, :, int(Form.OPERATIONAL)].any()


def test_rivals_never_share_a_deep_arrangement(rival_world):
    for seed in (1, 2, 3):
        res = run_scenario(str(rival_world), seed=seed)
        arr = res.arrangements
        both = arr["members"].str.contains("NLD") & arr["members"].str.contains("BEL")
        assert (arr.loc[both, "depth"] < int(Form.OPERATIONAL)).all()
        strategic = res.circles[(res.circles["circle"] == "strategic")]
        pair = {frozenset(p) for p in zip(strategic["state"], strategic["partner"], strict=True)}
        assert frozenset(("NLD", "BEL")) not in pair


def test_a_transatlantic_tie_can_pass_the_distance_test():
    """The reference's USA-NLD distance is under the strategic circle's threshold (note: the US
    is a long-standing strategic partner); GRC-TUR's rivalry keeps them out regardless."""
    m = CooperationModel("reference_2012", rng=1, years=(2012, 2013))
    i = m.world.state_index
    d = m.geometry.political_distance
    assert d[i("NLD"), i("USA")] <= m.params.partners.strategic_max_distance
    assert m.geometry.rivalry[i("GRC"), i("TUR")]


# --------------------------------------------------------------------------- eligibility
def _nato_world(write_scenario, join_year: int | None = 2015):
    states = [dict(s) for s in small_world_doc()["data"]["states"]]
    for s in states:
        if s["iso3"] == "DNK":
            s["nato"] = False
    doc = small_world_doc(budget_rate=None, end=2018, states=states)
    doc["data"]["arrangements"] = [
        {
            "id": "NATO-fighters",
            "capability": "fighters",
            "form": "pooling",
            "members": "NLD;BEL",
            "lead": "NLD",
            "start_year": 2005,
            "institution": "nato",
        }
    ]
    if join_year is not None:
        doc["memberships"] = [
            {"year": join_year, "state": "DNK", "institution": "nato", "member": True}
        ]
    return write_scenario(doc, name=f"nato_{join_year}")


def test_institution_read_from_the_data_and_written(write_scenario):
    res = run_scenario(str(_nato_world(write_scenario)), seed=1)
    row = res.arrangements.set_index("id").loc["NATO-fighters"]
    assert row["institution"] == "nato"
    assert set(res.arrangements["institution"]) <= {"", "nato", "eu"}
    projects = res.arrangements[res.arrangements["origin"].isin(["nato", "eu"])]
    assert (projects["institution"] == projects["origin"]).all()


def test_a_non_member_may_not_join_until_its_accession(write_scenario):
    m = CooperationModel(str(_nato_world(write_scenario, 2015)), rng=1)
    arr = next(a for a in m.book.all if a.code == "NATO-fighters")
    i = m.world.state_index
    m.step()  # 2012: DNK outside NATO
    ok, why = join_consent(m.book, _context(m), arr, i("DNK"), i("NLD"))
    assert not ok and "NATO" in why
    while m.year <= 2015:
        m.step()
    if arr.active:
        ok, why = join_consent(m.book, _context(m), arr, i("DNK"), i("NLD"))
        assert "NATO" not in why


def test_the_grid_masks_joins_of_an_institutions_arrangement(write_scenario):
    m = CooperationModel(str(_nato_world(write_scenario, None)), rng=1)
    m.step()
    year = _context(m)
    i = m.world.state_index
    n = m.world.n_states
    cand = np.array([[j for j in range(n) if j != s] for s in range(n)])
    grid = feasible_grid(year, cand)
    dnk, nld = i("DNK"), i("NLD")
    k = list(cand[dnk]).index(nld)
    fighters = m.world.capabilities.index("fighters")
    assert m.ledger.primary_form[nld, fighters] == int(Form.POOLING)
    assert not grid[dnk, k, fighters, int(Form.POOLING)]


@cache
def _reference(seed: int):
    return run_scenario("reference_2012", seed=seed, years=(2012, 2026))


NATO_FROM = {"FIN": 2023, "SWE": 2024, "AUT": None, "IRL": None}


@pytest.mark.parametrize("seed", [1, 2])
def test_reference_no_join_of_an_institution_before_membership(seed):
    res = _reference(seed)
    arr = res.arrangements.set_index("id")
    joins = res.decisions[res.decisions["kind"] == "join"]
    for row in joins.itertuples():
        inst = arr.loc[row.arrangement, "institution"]
        joiner = row.states.split(";")[0]
        if inst == "nato" and joiner in NATO_FROM:
            since = NATO_FROM[joiner]
            assert since is not None and row.year >= since, (row.arrangement, joiner, row.year)
    # members of NATO arrangements who are not members at start: only through a join or a
    # project formed while they were members
    start = pd.read_csv("scenarios/data/arrangements_2012.csv", keep_default_na=False)
    initial = {r.id: set(r.members.split(";")) for r in start.itertuples()}
    for code, r in arr[arr["institution"] == "nato"].iterrows():
        members = set(r["members"].split(";")) - initial.get(code, set())
        assert "IRL" not in members and "AUT" not in members
        if "FIN" in members:
            assert (
                int(r["start_year"]) >= 2023
                or not joins[
                    (joins["arrangement"] == code) & joins["states"].str.startswith("FIN")
                ]["year"]
                .lt(2023)
                .any()
            )


# --------------------------------------------------------------------------- hire markets
def test_hire_only_where_a_market_exists():
    m = CooperationModel("reference_2012", rng=1, years=(2012, 2013))
    assert set(m.params.arrangements.hireable_areas) == {"airlift", "air_refuelling", "satcom"}
    res = _reference(1)
    new = res.arrangements[res.arrangements["origin"] != "initial"]
    hires = new[new["form"] == "joint_hire"]
    assert set(hires["capability"]) <= {"airlift", "air_refuelling", "satcom"}


# --------------------------------------------------------------------------- durability
def test_no_random_end_of_long_standing_arrangements(write_scenario):
    doc = _doc(end=2020)
    doc["data"]["arrangements"] = [
        {
            "id": "OLD-frigates",
            "capability": "frigates",
            "form": "integrated",
            "members": "NLD;BEL",
            "lead": "NLD",
            "start_year": 1973,
        }
    ]
    path = write_scenario(doc, name="old")
    for seed in range(1, 6):
        res = run_scenario(str(path), seed=seed)
        row = res.arrangements.set_index("id").loc["OLD-frigates"]
        dec = res.decisions
        if row["end_year"] != "":
            ends = dec[(dec["arrangement"] == "OLD-frigates") & dec["kind"].isin(["end", "leave"])]
            assert len(ends) and (ends["reason"] != "").all()
        assert not (dec["reason"] == "defection (random)").any()


def test_every_leave_and_end_has_a_reason():
    dec = _reference(1).decisions
    gone = dec[dec["kind"].isin(["leave", "end"])]
    assert len(gone) and (gone["reason"].str.len() > 0).all()
    assert not gone["reason"].str.contains("random").any()
    res = _reference(1)
    uknl = res.arrangements.set_index("id").loc["UKNL-AF-amphibious"]
    if uknl["end_year"] != "":
        assert len(gone[gone["arrangement"] == "UKNL-AF-amphibious"])


# --------------------------------------------------------------------------- decisions
def test_decisions_rows_for_a_small_world(small_world):
    res = run_scenario(str(small_world(budget_rate=-0.04)), seed=1)
    dec = res.decisions
    assert tuple(dec.columns) == COLUMNS
    assert set(dec["kind"]) <= set(KINDS)
    assert dec["year"].between(2012, 2020).all()
    arr = res.arrangements
    formed = arr[(arr["origin"] == Origin.BOTTOM_UP.value) & (arr["predecessor"] == "")]
    consented = set(dec.loc[dec["kind"] == "consent", "arrangement"])
    assert set(formed["id"]) <= consented
    deepened = arr[arr["predecessor"] != ""]
    assert set(deepened["id"]) <= set(
        dec.loc[dec["kind"].isin(["deepen", "specialise"]), "arrangement"]
    )
    props = dec[dec["kind"] == "propose"]
    if len(props):
        total = props[["gain_political", "gain_military", "gain_financial"]].sum(axis=1)
        assert (total > 0).all()  # a proposal is made only where the proposer gains
        scores = props[["score_distance", "score_culture", "score_synergy", "score_goals"]]
        assert ((scores >= 0) & (scores <= 1)).all().all()


def test_decisions_written_to_the_run_folder(small_world, tmp_path):
    res = run_scenario(str(small_world(budget_rate=-0.04, end=2015)), seed=1)
    out = res.save(tmp_path / "run", figures=False)
    back = pd.read_csv(out / "decisions.csv")
    assert list(back.columns) == list(COLUMNS)
    assert len(back) == len(res.decisions)
