"""NATO's level of ambition as data (issue 11, ODD 7.2): ``requirement_path.csv``.

The alliance requirement is the 2012 holdings plus the shortfall published around 2012, times
the factor of the latest row of its area at or before the year (the 2024 minimum capability
requirements, the June 2025 capability targets); ``requirement.path = "none"`` keeps the 2012
requirement throughout. And the opening rule it interacts with: an enabler share opens no
national fleet where the alliance runs an arrangement in the area.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.budgets import ForceYear, open_fleets
from model.capabilities import CostModel, path_factor
from model.cooperation import CooperationModel
from model.params import AreaRole, BudgetParams
from model.scenario import load_scenario
from model.world import build_world


def test_reference_path_steps_up_from_the_year_announced():
    w = build_world(load_scenario("reference_2012"))
    ad, ftr = w.capabilities.index("air_defence"), w.capabilities.index("fighters")
    assert path_factor(w, 2012)[ad] == 1.0 and path_factor(w, 2023)[ad] == 1.0
    assert path_factor(w, 2024)[ad] == 5.0 and path_factor(w, 2035)[ad] == 5.0  # 293 -> 1,467
    assert (w.requirement_path[:, ftr] == 1.0).all()  # no published number: the 2012 level
    assert (path_factor(w, 1990) == 1.0).all() and (path_factor(w, 2100) == 1.0).all()


def test_path_none_is_the_2012_requirement():
    w = build_world(load_scenario("reference_2012", overrides={"requirement.path": "none"}))
    assert (w.requirement_path == 1.0).all()


def test_every_row_of_the_file_has_a_source_and_a_provenance():
    df = pd.read_csv("scenarios/data/requirement_path.csv")
    assert list(df.columns) == ["capability", "year", "factor", "source", "provenance", "notes"]
    assert df["source"].str.len().gt(20).all() and df["notes"].notna().all()
    assert set(df["provenance"]) <= {"verified", "estimate"}
    assert (df["factor"] >= 1.0).all()  # NATO raised its ambition; none of it was lowered


def test_model_requirement_follows_the_path():
    years = (2012, 2025)
    runs = {}
    for path in ("nato_targets", "none"):
        m = CooperationModel("reference_2012", rng=1, years=years,
                             overrides={"requirement.path": path})  # fmt: skip
        req = {}
        while m.running:
            m.step()
            req[m.year - 1] = m.requirement.copy()
        runs[path] = req
    w = build_world(load_scenario("reference_2012"))
    for year in (2013, 2023, 2024, 2025):
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = runs["nato_targets"][year] / runs["none"][year]
        asked = runs["none"][year] > 0
        np.testing.assert_allclose(
            ratio[asked], np.broadcast_to(path_factor(w, year), ratio.shape)[asked]
        )


def _year(covered: np.ndarray, role: int) -> ForceYear:
    """One state (row 0) with no units in one area, a large requirement and a rich surplus."""
    n, c = covered.shape
    costs = CostModel(
        overhead=np.full(c, 10.0), recap=np.ones(c), operating=np.ones(c),
        exponent=np.ones(c), n_ref=np.ones(c), unit_cost=np.full(c, 10.0),
        price=np.ones(n), learning_exponent=0.0,
    )  # fmt: skip
    zeros = np.zeros((n, c))
    return ForceYear(
        holdings=zeros, requirement=np.full((n, c), 10.0), level=zeros,
        weights=np.full((n, 3), 1 / 3), area_budget=np.full(n, 1e4),
        floor=np.zeros((n, c), dtype=bool), holdings0=zeros, min_viable=np.full(c, 2.0),
        covered=covered, committed_out=zeros, costs=costs, published_gap=None,
        eu=np.zeros(n, dtype=bool), base_financial=0.3, role=np.full((n, c), role),
    )  # fmt: skip


def test_an_enabler_share_opens_no_national_fleet_where_the_alliance_has_an_arrangement():
    surplus = np.full(2, 1e4)
    none_anywhere = np.zeros((2, 1), dtype=bool)
    elsewhere = np.array([[False], [True]])  # state 1 is in an arrangement in the area
    params = BudgetParams()
    enabler = int(AreaRole.ENABLER_SHARE)
    new = np.zeros((2, 1))
    assert open_fleets(_year(none_anywhere, enabler), new, surplus, params)[0, 0] == 2.0
    assert open_fleets(_year(elsewhere, enabler), new, surplus, params)[0, 0] == 0.0
    # a held or kept role is the state's own: an arrangement elsewhere does not stop it
    kept = int(AreaRole.KEPT_ROLE)
    assert open_fleets(_year(elsewhere, kept), new, surplus, params)[0, 0] == 2.0
