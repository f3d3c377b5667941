"""The arrangement book: lifecycle of arrangements, with hand-checkable small cases."""

from __future__ import annotations

import mesa
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import run_scenario
from model.arrangements import ArrangementBook, Commitment, Structure
from model.forms import FormTable
from model.params import Form, FormsParams, Origin

FORMS = FormTable.from_params(FormsParams())
N, C = 4, 3


@pytest.fixture
def book():
    return ArrangementBook(mesa.Model(rng=1), FORMS, np.zeros((N, 3)), framework_size=5)


def assert_structure_is_a_rebuild(book):
    st, full = book.structure(), Structure.build(book)
    for name in Structure.__dataclass_fields__:
        a, b = getattr(st, name), getattr(full, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name


def test_create_numbers_registers_and_flattens(book):
    a = book.create([0, 1], 0, 2, Form.POOLING, Origin.BOTTOM_UP, 2013)
    b = book.create([1, 2, 3], 1, 0, Form.JOINT_HIRE, Origin.NATO, 2014, code="SALIS")
    assert (a.code, b.code) == ("A0001", "SALIS")
    assert book.all == [a, b] and set(book.active) == {0, 1}
    assert (a.index, b.index, a.start_year, a.active) == (0, 1, 2013, True)
    st = book.structure()
    assert st.arr.tolist() == [0, 1]
    assert st.form.tolist() == [int(Form.POOLING), int(Form.JOINT_HIRE)]
    assert st.size.tolist() == [2.0, 3.0]
    assert st.framework.tolist() == [False, True]  # NATO origin counts as framework
    assert st.m_state.tolist() == [0, 1, 1, 2, 3]
    assert len(st.p_a) == 2 + 6
    assert book.structure() is st  # cached until something changes


def test_join_updates_members_and_structure(book):
    a = book.create([0, 1], 0, 2, Form.POOLING, Origin.BOTTOM_UP, 2013)
    book.structure()
    version = book.version
    book.join(a, 3)
    book.join(a, 3)  # joining twice changes nothing more
    assert a.members == [0, 1, 3] and a.ever_members == [0, 1, 3]
    assert book.version == version + 1
    assert book.structure().size.tolist() == [3.0]
    assert_structure_is_a_rebuild(book)


def test_create_or_join_joins_the_partners_fleet_arrangement(book):
    a = book.create([1, 2], 1, 0, Form.POOLING, Origin.BOTTOM_UP, 2013)
    primary = np.full((N, C), -1)
    primary_form = np.full((N, C), -1)
    primary[[1, 2], 0] = a.index
    primary_form[[1, 2], 0] = int(Form.POOLING)
    h = np.ones((N, C))
    got = book.create_or_join(
        0, 1, 0, Form.POOLING, Origin.BOTTOM_UP, 2014, h, (primary, primary_form)
    )
    assert got is a and a.members == [1, 2, 0]
    new = book.create_or_join(0, 3, 1, Form.POOLING, Origin.BOTTOM_UP, 2014, h, None)
    assert new is not a and new.members == [0, 3] and new.lead == 0


def test_a_new_specialisation_moves_the_droppers_units(book):
    h = np.array([[4.0, 0, 0], [10.0, 0, 0], [0, 0, 0], [0, 0, 0]])
    arr = book.create_or_join(0, 1, 0, Form.SPECIALISATION, Origin.BOTTOM_UP, 2014, h)
    assert h[:, 0].tolist() == [0.0, 14.0, 0.0, 0.0]
    assert arr.lead == 1 and arr.commitments == {0: Commitment(1, 4.0)}
    roles = book.role_commitments()
    assert roles.dropper.tolist() == [0] and roles.provider.tolist() == [1]
    assert roles.area.tolist() == [0] and roles.units.tolist() == [4.0]
    assert roles.paid.tolist() == [1.0]
    arr.provider_pays = True
    arr.changed()
    assert book.role_commitments().paid.tolist() == [0.0]


def test_leave_drops_trust_and_ends_below_two_members(book):
    a = book.create([0, 1, 2], 0, 1, Form.OPERATIONAL, Origin.BOTTOM_UP, 2013)
    trust = np.full((N, N), 0.5)
    h = np.ones((N, C))
    book.leave(a, 2, 2015, h, trust, trust_loss=0.2)
    assert a.members == [0, 1] and a.active
    assert trust[0, 2] == trust[2, 1] == pytest.approx(0.4)
    assert trust[0, 1] == 0.5
    book.leave(a, 0, 2016, h, trust, trust_loss=0.2)
    assert not a.active and a.end_year == 2016 and a.lead == -1
    assert a.index not in book.active
    assert len(book.structure().arr) == 0


def test_a_leaving_provider_hands_its_commitments_to_another_holder(book):
    a = book.create([0, 1, 2], 1, 0, Form.SPECIALISATION, Origin.INITIAL, 2012)
    h = np.array([[0.0, 0, 0], [5.0, 0, 0], [3.0, 0, 0], [0, 0, 0]])
    book.commit_holders(a, h, requirement=np.full((N, C), 2.0))
    assert a.commitments == {0: Commitment(1, 2.0)}
    book.leave(a, 1, 2014, h, np.ones((N, N)), trust_loss=0.0)
    assert a.commitments == {0: Commitment(2, 2.0)} and a.members == [0, 2]


def test_deepen_replaces_the_arrangement(book):
    a = book.create([0, 1], 0, 2, Form.POOLING, Origin.EU, 2013)
    new = book.deepen(a, Form.PROCUREMENT_SHARING, 2017)
    assert not a.active and a.end_year == 2017
    assert new.form is Form.PROCUREMENT_SHARING and new.predecessor == a.code
    assert new.origin is Origin.EU and new.members == [0, 1] and new.start_year == 2017
    assert book.structure().arr.tolist() == [new.index]


def test_specialise_ends_the_integration_and_commits_the_dropper(book):
    a = book.create([0, 1], 0, 0, Form.INTEGRATED, Origin.BOTTOM_UP, 2013)
    h = np.array([[2.0, 0, 0], [6.0, 0, 0], [0, 0, 0], [0, 0, 0]])
    new = book.specialise(a, 0, 1, 2020, h)
    assert not a.active and new.predecessor == a.code
    assert new.form is Form.SPECIALISATION and new.commitments == {0: Commitment(1, 2.0)}
    assert h[0, 0] == 0.0 and h[1, 0] == 8.0


def test_ending_releases_commitments(book):
    h = np.array([[4.0, 0, 0], [10.0, 0, 0], [0, 0, 0], [0, 0, 0]])
    arr = book.create_or_join(0, 1, 0, Form.SPECIALISATION, Origin.BOTTOM_UP, 2014, h)
    book.end(arr, 2020)
    assert arr.commitments == {} and len(book.role_commitments().dropper) == 0
    assert h[1, 0] == 14.0  # the provider keeps the units


def test_consent_without_hurdle_or_prior_consent_culture_always_passes(book):
    rng = np.random.default_rng(0)
    for form in Form:
        assert book.consent([0, 1, 2], form, rng)
    strict = ArrangementBook(mesa.Model(rng=1), FORMS, np.ones((N, 3)), framework_size=5)
    deep = max(Form, key=lambda f: FORMS.parliament_hurdle[f])
    outcomes = [strict.consent([0, 1, 2, 3], deep, rng) for _ in range(200)]
    p_one = 1.0 - FORMS.parliament_hurdle[deep]
    assert np.mean(outcomes) == pytest.approx(p_one**4, abs=0.1)


def test_clear_removes_every_arrangement(book):
    book.create([0, 1], 0, 2, Form.POOLING, Origin.BOTTOM_UP, 2013)
    book.create([2, 3], 2, 1, Form.POOLING, Origin.BOTTOM_UP, 2013)
    book.clear()
    assert book.all == [] and book.active == {} and len(book.structure().arr) == 0


def test_incremental_structure_after_mixed_changes(book):
    h = np.ones((N, C))
    a = book.create([0, 1], 0, 2, Form.POOLING, Origin.BOTTOM_UP, 2013)
    b = book.create([1, 2, 3], 1, 0, Form.JOINT_HIRE, Origin.NATO, 2014)
    book.structure()
    book.join(a, 2)
    book.leave(b, 3, 2015, h, np.ones((N, N)), 0.1)
    book.create([0, 3], 3, 1, Form.OPERATIONAL, Origin.BOTTOM_UP, 2015)
    book.deepen(a, Form.PROCUREMENT_SHARING, 2016)
    assert_structure_is_a_rebuild(book)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 5), st.integers(0, N - 1), st.integers(0, N - 1), st.integers(0, C - 1)
        ),
        min_size=1,
        max_size=25,
    )
)
def test_any_sequence_of_changes_keeps_the_structure_a_rebuild(ops):
    """Whatever is created, joined, left, deepened or ended, the structure is a full rebuild."""
    book = ArrangementBook(mesa.Model(rng=1), FORMS, np.zeros((N, 3)), framework_size=3)
    h = np.full((N, C), 5.0)
    trust = np.ones((N, N))
    year = 2012
    for op, a, b, c in ops:
        year += 1
        active = list(book.active.values())
        arr = active[a % len(active)] if active else None
        if op == 0 or arr is None:
            if a != b:
                book.create([a, b], a, c, Form.POOLING, Origin.BOTTOM_UP, year)
        elif op == 1:
            book.join(arr, b)
        elif op == 2:
            book.leave(arr, arr.members[b % len(arr.members)], year, h, trust, 0.1)
        elif op == 3 and arr.form < Form.INTEGRATED:
            book.deepen(arr, Form(int(arr.form) + 1), year)
        elif op == 4:
            book.end(arr, year)
        else:
            book.structure()
        assert_structure_is_a_rebuild(book)
    assert all(len(x.members) >= 2 for x in book.active.values())


@pytest.mark.xfail(
    strict=True,
    reason="known issue kept for byte-identical outputs: Bookings marks a new fleet "
    "arrangement's form but not its index, so a later proposer to that state joins "
    "book.all[-1] (arrangements.propose_bottom_up)",
)
def test_a_proposer_joins_the_partners_arrangement_in_the_same_area_and_form(monkeypatch):
    joined = []
    real = ArrangementBook.create_or_join

    def recording(self, s, j, cap, form, origin, year, holdings, fleets=None):
        arr = real(self, s, j, cap, form, origin, year, holdings, fleets)
        joined.append((cap, int(form), arr.cap, int(arr.form)))
        return arr

    monkeypatch.setattr(ArrangementBook, "create_or_join", recording)
    run_scenario("specialisation_allowed", seed=1)
    assert all((c, f) == (ac, af) for c, f, ac, af in joined)
