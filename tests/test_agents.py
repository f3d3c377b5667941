"""The State agent reads this year's figures, memberships included."""

from model import CooperationModel


def test_finland_is_a_nato_ally_after_accession():
    m = CooperationModel("reference_2012", rng=1, years=(2012, 2023))
    fin = next(s for s in m.states if s.iso3 == "FIN")
    assert not fin.in_nato and "nato" not in fin.memberships
    assert "eu" in fin.memberships
    while m.running:
        m.step()
        if m.year == 2023:  # the step of 2022 has run; 2023 is next
            assert "nato" not in fin.memberships
    assert m.year == 2024
    assert fin.in_nato and "nato" in fin.memberships


def test_state_reads_current_figures():
    m = CooperationModel("reference_2012", rng=1, years=(2012, 2013))
    m.step()
    nld = next(s for s in m.states if s.iso3 == "NLD")
    assert nld.budget == float(m.budget[nld.index])
    assert abs(sum(nld.weights.values()) - 1.0) < 1e-9


def test_state_reads_the_years_accounts_and_arrangements():
    m = CooperationModel("reference_2012", rng=1, years=(2012, 2013))
    m.step()
    nld = next(s for s in m.states if s.iso3 == "NLD")
    i = nld.index
    assert nld.gap == float(m.accounts.state_gap[i])
    assert nld.autonomy == float(m.accounts.autonomy[i])
    assert nld.capacity_to_act == float(m.accounts.capacity[i])
    assert nld.savings == float(m.accounts.savings[i])
    codes = nld.arrangements()
    assert codes and all(i in a.members for a in m.arrangements if a.code in codes and a.active)
