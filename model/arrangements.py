"""Arrangements: what members gain; the lifecycle -- propose, consent, mature, deepen, dissolve.

Note, § Vormen van samenwerking: cooperation "preferably takes shape bottom-up", with concrete
goals and realistic timetables; § Inleiding: a relation "needs maintenance and pays off mostly
over a longer time"; § Samenwerkingspartners: deeper forms succeed mainly between close partners
with a similar political culture, and partners "not seldom decide to extend their cooperation to
other areas". A proposal needs the consent of every member -- each must gain by its own goal
weights -- and, for deeper forms, its parliament (§ Inleiding: "more intensive military
cooperation must go together with more intensive contacts between the people's
representatives").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

import mesa
import numpy as np

from model.capabilities import EPS, CostModel
from model.decisions import DecisionLog
from model.forms import FLEET_FORMS, N_FORMS, FormTable
from model.industry import BUYING, buying_grid, join_refusal
from model.params import Culture, Form, Goal, Origin, Params, Role
from model.partners import PairGeometry, RelationStats

#: Lookup by form index: does the form share the members' own fleets?
IS_FLEET = np.array([f in FLEET_FORMS for f in Form])


class Commitment(NamedTuple):
    """A dropper's reliance on a provider for ``units`` of the area.

    In a role specialisation the dropper pays the provider its marginal cost plus a margin.
    ``crewed``: own crews on the partner's equipment in an integrated arrangement (the
    German-Dutch tank battalion, issue 12, item 6): the crewing state pays the operating
    (personnel and support) share of the units' marginal cost, the provider owns the kit.
    """

    provider: int
    units: float
    crewed: bool = False


class ArrangementRow(NamedTuple):
    """An arrangement's row in :class:`Structure` (one per active arrangement)."""

    form: int
    cap: int
    start: int
    size: int  # member count
    lead: int  # -1 if none
    framework: bool  # top-down (NATO/EU) or at least ``partners.framework_size`` members
    bottom_up: bool
    first: int  # first and second member
    second: int
    n_pairs: int  # ordered member pairs, size x (size - 1)
    initial: bool
    provider_pays: bool


#: Institution codes: an arrangement's ``institution`` as an integer (0 none, 1 NATO, 2 EU).
INSTITUTION_CODE = {"": 0, "nato": 1, "eu": 2}

#: Column of each :class:`ArrangementRow` field in the stacked rows.
ROW = {name: i for i, name in enumerate(ArrangementRow._fields)}


class Arrangement(mesa.Agent):
    """One arrangement in one capability area between two or more states.

    Its lifecycle (create, join, deepen, leave, end) is run by the :class:`ArrangementBook`.

    Attributes
    ----------
    code : str
        Stable id (``initial`` ones keep their source id, new ones ``A0001``...).
    cap : int
        Area index. form : Form. members : list[int] of state indices. lead : int or -1.
    origin : Origin
    start_year, end_year : int, int | None
    commitments : dict[int, Commitment]
        Role specialisation: dropper -> (provider, committed units).
    hired : dict[int, float]
        Joint hire: member -> hired unit-equivalents.
    predecessor : str
        Id of the shallower arrangement this one deepened, if any.
    institution : str
        ``nato``, ``eu`` or empty: the institution whose programme it is; after the start year
        only its members join it.
    """

    def __init__(
        self,
        book: ArrangementBook,
        code: str,
        cap: int,
        form: Form,
        members: list[int],
        lead: int,
        origin: Origin,
        start_year: int,
        predecessor: str = "",
        institution: str = "",
    ) -> None:
        super().__init__(book.model)
        self.book = book
        self.code = code
        self.cap = cap
        self.form = form
        self.members = list(members)
        self.ever_members = list(members)
        self.lead = lead
        self.origin = origin
        self.start_year = start_year
        self.end_year: int | None = None
        self.commitments: dict[int, Commitment] = {}
        self.provider_pays = False  # solidarity arrangements: providers bear their own costs
        self.hired: dict[int, float] = {}
        self.predecessor = predecessor
        self.institution = institution  # "nato", "eu" or "": whose programme (who may join)
        self.index = len(book.all)  # position in book.all
        self._rev = 0
        self._index_key = -1
        self._index: tuple[np.ndarray, ...] = ()
        self._props: ArrangementRow | None = None

    @property
    def active(self) -> bool:
        """Whether the arrangement still runs."""
        return self.end_year is None

    def changed(self) -> None:
        """Record that members, lead or commitments changed (and tell the book)."""
        self._rev += 1
        self.book.touch(self)

    def blocks(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Members, every ordered member pair (a, b), and which members dropped the role.

        Cached until members or commitments change.
        """
        if self._index_key != self._rev:
            ms = np.array(self.members, dtype=int)
            ia, ib = _pair_template(len(ms))
            drop = np.array([m in self.commitments for m in self.members], dtype=bool)
            self._index = (ms, ms[ia], ms[ib], drop)
            self._index_key = self._rev
            self._props = None
        return self._index

    def row(self, framework_size: int) -> ArrangementRow:
        """The arrangement's row in :class:`Structure`, cached with :meth:`blocks` (call first)."""
        if self._props is None:
            k = len(self.members)
            self._props = ArrangementRow(
                int(self.form),
                self.cap,
                self.start_year,
                k,
                self.lead,
                self.origin in (Origin.NATO, Origin.EU) or k >= framework_size,
                self.origin is Origin.BOTTOM_UP,
                self.members[0],
                self.members[1],
                k * (k - 1),
                self.origin is Origin.INITIAL,
                self.provider_pays,
            )
        return self._props

    def end(self, year: int) -> None:
        """Close the arrangement in ``year`` (see :meth:`ArrangementBook.end`)."""
        self.book.end(self, year)


@cache
def _pair_template(k: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (a, b) of every ordered pair of distinct members among ``k``."""
    a, b = np.repeat(np.arange(k), k), np.tile(np.arange(k), k)
    keep = a != b
    return a[keep], b[keep]


@dataclass(frozen=True)
class RoleCommitments:
    """Every active role-specialisation commitment, one element per (dropper, provider) row."""

    dropper: np.ndarray  # (K,) int
    provider: np.ndarray  # (K,) int
    area: np.ndarray  # (K,) int
    units: np.ndarray  # (K,) committed units
    paid: np.ndarray  # (K,) 1.0 where the dropper pays the provider, 0.0 if the provider pays
    crewed: np.ndarray  # (K,) bool: own crews on the provider's equipment (integrated form)

    @classmethod
    def of(cls, arrangements: Iterable[Arrangement]) -> RoleCommitments:
        """Gather the commitments of ``arrangements`` (specialisations, crewed units) in order."""
        rows = [
            (d, c.provider, a.cap, c.units, 0.0 if a.provider_pays else 1.0, float(c.crewed))
            for a in arrangements
            for d, c in a.commitments.items()
        ]
        arr = np.array(rows, dtype=float).reshape(-1, 6)
        return cls(
            dropper=arr[:, 0].astype(int),
            provider=arr[:, 1].astype(int),
            area=arr[:, 2].astype(int),
            units=arr[:, 3],
            paid=arr[:, 4],
            crewed=arr[:, 5] > 0.5,
        )


class ArrangementBook:
    """The arrangements of a run and their lifecycle: create, join, consent, deepen, leave, end.

    Keeps every arrangement that ever ran (:attr:`all`, in creation order), the active ones,
    which of them changed since the flat :class:`Structure` was last built (so that it is
    updated row by row), and the role-specialisation commitments as arrays.

    Parameters
    ----------
    model
        The Mesa model the :class:`Arrangement` agents belong to.
    forms
        The forms' effects table (parliamentary hurdles).
    culture
        The states' political-culture profiles (N x 3; parliament consent in the last column).
    framework_size
        Members from which an arrangement counts as a framework (``partners.framework_size``).
    states, capabilities
        State and area ids, for the decision log (``decisions.csv``); a book without them
        records decisions with numbered states (tests).
    """

    def __init__(
        self,
        model: mesa.Model,
        forms: FormTable,
        culture: np.ndarray,
        framework_size: int,
        states: tuple[str, ...] = (),
        capabilities: tuple[str, ...] = (),
    ) -> None:
        self.model = model
        self.forms = forms
        self.culture = culture
        self.framework_size = framework_size
        self.all: list[Arrangement] = []
        self.active: dict[int, Arrangement] = {}
        #: (arrangement index, member) -> consecutive years the member judged it a loss
        self.losing_years: dict[tuple[int, int], int] = {}
        #: every decision taken, with its reasons (``decisions.csv``)
        self.log = DecisionLog(states, capabilities)
        #: institution of each arrangement by index (0 none, 1 NATO, 2 EU)
        self.institution_codes: list[int] = []
        self.version = 0  # rises with every change
        self._next_id = 1
        self._changed: set[int] | None = set()  # changed since the last structure (None: all)
        self._structure: tuple[int, Structure] | None = None
        self._roles: tuple[int, RoleCommitments] | None = None

    # -------------------------------------------------------------- views
    def touch(self, arr: Arrangement | None = None) -> None:
        """Note that arrangement ``arr`` (None: any) was created, changed or ended.

        Invalidates the cached structure; the next :meth:`structure` updates only the rows of
        the arrangements noted (or rebuilds all of them after a ``None``).
        """
        self.version += 1
        if arr is None:
            self._changed = None
        elif self._changed is not None:
            self._changed.add(arr.index)

    def structure(self) -> Structure:
        """The active arrangements as flat arrays, updated when arrangements changed."""
        if self._structure is None or self._changed is None:
            st = Structure.build(self)
        elif self._structure[0] != self.version:
            st = self._structure[1].updated(self, self._changed)
        else:
            return self._structure[1]
        self._structure = (self.version, st)
        self._changed = set()
        return st

    def role_commitments(self) -> RoleCommitments:
        """The active commitments (role specialisations, crewed integrations) as arrays."""
        if self._roles is None or self._roles[0] != self.version:
            st = self.structure()
            deep = (st.form == int(Form.SPECIALISATION)) | (st.form == int(Form.INTEGRATED))
            spec = st.arr[deep]
            self._roles = (self.version, RoleCommitments.of(self.all[i] for i in spec))
        return self._roles[1]

    # -------------------------------------------------------------- lifecycle
    def create(
        self,
        members: list[int],
        lead: int,
        cap: int,
        form: Form,
        origin: Origin,
        year: int,
        code: str | None = None,
        predecessor: str = "",
        institution: str = "",
    ) -> Arrangement:
        """Create and register an arrangement starting in ``year``."""
        if code is None:
            code = f"A{self._next_id:04d}"
            self._next_id += 1
        arr = Arrangement(
            self, code, cap, form, members, lead, origin, year, predecessor, institution
        )
        self.active[len(self.all)] = arr
        self.all.append(arr)
        self.institution_codes.append(INSTITUTION_CODE[institution])
        self.touch(arr)
        return arr

    def join(self, arr: Arrangement, s: int) -> None:
        """State ``s`` joins ``arr`` (if not in it already)."""
        if s not in arr.members:
            arr.members.append(s)
            if s not in arr.ever_members:
                arr.ever_members.append(s)
            arr.changed()

    def create_or_join(
        self,
        s: int,
        j: int,
        cap: int,
        form: Form,
        origin: Origin,
        year: int,
        holdings: np.ndarray,
        fleets: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> Arrangement:
        """State ``s`` joins ``j``'s arrangement of that form in ``cap``, or both start one.

        ``fleets`` are each state's fleet arrangement and its form by area (N x C, -1 if none);
        without them a new arrangement is started. A new role specialisation moves the
        dropper's units to the provider (``holdings`` is changed in place).
        """
        if fleets is not None and form in FLEET_FORMS and fleets[1][j, cap] == int(form):
            arr = self.all[fleets[0][j, cap]]
            if arr.active:
                self.join(arr, s)
                return arr
        if form is Form.SPECIALISATION:
            units = float(holdings[s, cap])
            arr = self.create([s, j], j, cap, form, origin, year)
            holdings[j, cap] += units
            holdings[s, cap] = 0.0
            arr.commitments[s] = Commitment(j, units)
            arr.changed()
            return arr
        return self.create([s, j], s, cap, form, origin, year)

    def commit_holders(
        self, arr: Arrangement, holdings: np.ndarray, requirement: np.ndarray
    ) -> None:
        """Members without the area rely on members holding it, for their whole requirement."""
        k = arr.cap
        providers = [m for m in arr.members if holdings[m, k] > EPS]
        droppers = [m for m in arr.members if holdings[m, k] <= EPS]
        if not providers or not droppers:
            return
        for i, d in enumerate(droppers):
            arr.commitments[d] = Commitment(providers[i % len(providers)], float(requirement[d, k]))
        if arr.lead < 0:
            arr.lead = providers[0]
        arr.changed()

    def parliament_outcome(self, form: Form) -> str:
        """What the log says of parliaments after a consent: approved, or not required."""
        return "approved" if self.forms.parliament_hurdle[form] > 0.0 else "not required"

    def consent(self, members: list[int], form: Form, rng: np.random.Generator) -> bool:
        """Every member's parliament approves; strict prior-consent cultures block deep forms.

        Note, § Inleiding: deeper cooperation needs more contact between parliaments -- a
        legitimacy hurdle that grows with depth: P(block) = hurdle[form] x parliament-consent
        score.
        """
        hurdle = float(self.forms.parliament_hurdle[form])
        if hurdle <= 0.0:
            return True
        p_block = hurdle * self.culture[members, Culture.PARLIAMENT_CONSENT]
        return bool((rng.random(len(members)) >= p_block).all())

    def deepen(self, arr: Arrangement, form: Form, year: int) -> Arrangement:
        """Replace ``arr`` by a deeper arrangement among the same members."""
        self.end(arr, year, reason=f"replaced by deeper {form.id}")
        # partners deepen on their own initiative; a project keeps its institution as origin
        origin = arr.origin if arr.origin in (Origin.NATO, Origin.EU) else Origin.BOTTOM_UP
        return self.create(
            list(arr.members),
            arr.lead,
            arr.cap,
            form,
            origin,
            year,
            predecessor=arr.code,
            institution=arr.institution,
        )

    def specialise(
        self, arr: Arrangement, dropper: int, provider: int, year: int, holdings: np.ndarray
    ) -> Arrangement:
        """Replace bilateral ``arr`` by role specialisation: ``dropper`` relies on ``provider``."""
        self.end(arr, year, reason="replaced by role specialisation")
        new = self.create_or_join(
            dropper, provider, arr.cap, Form.SPECIALISATION, Origin.BOTTOM_UP, year, holdings
        )
        new.predecessor = arr.code
        return new

    def crew(self, arr: Arrangement, crew: int, provider: int, holdings: np.ndarray) -> None:
        """``crew`` hands its fleet in ``arr``'s area to ``provider`` and crews those units.

        The integrated arrangement goes on; the units are the provider's equipment, crewed and
        run by ``crew`` (:class:`Commitment` with ``crewed``); ``holdings`` change in place.
        """
        c = arr.cap
        units = float(holdings[crew, c])
        holdings[provider, c] += units
        holdings[crew, c] = 0.0
        arr.commitments[crew] = Commitment(provider, units, crewed=True)
        arr.changed()

    def leave(
        self,
        arr: Arrangement,
        member: int,
        year: int,
        holdings: np.ndarray,
        trust: np.ndarray,
        trust_loss: float,
        reason: str = "",
    ) -> None:
        """``member`` leaves ``arr``; its partners' trust in it drops (``trust`` in place).

        With fewer than two members left the arrangement ends. In a role specialisation a
        leaving dropper ends its commitment; a leaving provider's commitments pass to another
        member holding the area, or the arrangement ends.
        """
        others = [m for m in arr.members if m != member]
        self.log.record(
            year, "leave", arr.code, [member] + others, arr.cap, arr.form, reason=reason
        )
        loss = 1.0 - trust_loss
        trust[others, member] *= loss
        trust[member, others] *= loss
        arr.changed()
        arr.commitments.pop(member, None)
        orphaned = [d for d, c in arr.commitments.items() if c.provider == member]
        if orphaned:
            holders = [
                m
                for m in arr.members
                if m != member and m not in arr.commitments and holdings[m, arr.cap] > 0
            ]
            if not holders:
                self.end(arr, year, reason="provider left, no other holder")
                return
            for i, d in enumerate(orphaned):
                old = arr.commitments[d]
                arr.commitments[d] = Commitment(holders[i % len(holders)], old.units, old.crewed)
        arr.members.remove(member)
        arr.hired.pop(member, None)
        if arr.lead == member:
            arr.lead = -1
        if len(arr.members) < 2:
            self.end(arr, year, reason="fewer than two members left")

    def end(self, arr: Arrangement, year: int, reason: str = "") -> None:
        """Close ``arr`` in ``year``; a provider keeps units committed to others."""
        if arr.end_year is None:
            self.log.record(year, "end", arr.code, arr.members, arr.cap, arr.form, reason=reason)
        arr.end_year = year
        self.release_commitments(arr)
        self.active.pop(arr.index, None)
        self.touch(arr)

    def release_commitments(self, arr: Arrangement) -> None:
        """When a specialisation ends the dropper has nothing; its provider keeps the units."""
        arr.commitments.clear()
        arr.changed()

    def end_terms(self, year: int, term: int, start_year: int) -> None:
        """Joint-hire contracts end when their ``term`` (years) is up.

        An initial contract (running at the start) ends ``term`` years after the start year.
        """
        for arr in list(self.active.values()):
            if arr.form is Form.JOINT_HIRE and year - arr.start_year >= term:
                if arr.origin is not Origin.INITIAL or year - start_year >= term:
                    self.end(arr, year, reason=f"hire contract term ({term} years) up")

    def clear(self) -> None:
        """Take every arrangement out of the model (a world without cooperation)."""
        for arr in list(self.active.values()):
            arr.remove()
        self.all = []
        self.active = {}
        self.institution_codes = []
        self.log.rows.clear()
        self.touch()

    def start_rows(
        self,
        rows: Iterable[Any],
        states: tuple[str, ...],
        capabilities: tuple[str, ...],
        origin: Origin | None,
        holdings: np.ndarray,
        requirement: np.ndarray,
    ) -> None:
        """Start the scenario's arrangement rows (``arrangements.csv`` of the data).

        ``origin`` None keeps the rows' start years as the arrangements' (origin ``initial``);
        otherwise they start in their year with that origin (scheduled in a later year). A
        specialisation row's optional ``hands_over`` (members joined by ``;``, from ``coopsim
        options``) hand their units of the area to the lead, as a bottom-up specialisation's
        dropper does (:meth:`create_or_join`).
        """
        si = {s: i for i, s in enumerate(states)}
        ci = {k: i for i, k in enumerate(capabilities)}
        for row in rows:
            members = [si[m] for m in row.members.split(";") if m]
            form = Form.from_id(row.form)
            arr = self.create(
                members,
                si.get(row.lead, -1),
                ci[row.capability],
                form,
                Origin.INITIAL if origin is None else origin,
                int(row.start_year),
                code=row.id,
                institution=getattr(row, "institution", "") or "",
            )
            if form is Form.SPECIALISATION:
                arr.provider_pays = bool(row.provider_pays)
                handing = getattr(row, "hands_over", "")  # coopsim options: a scheduled hand-over
                for m in handing.split(";") if isinstance(handing, str) else ():
                    if m:  # its units go to the lead, which then commits them (below)
                        holdings[arr.lead, arr.cap] += holdings[si[m], arr.cap]
                        holdings[si[m], arr.cap] = 0.0
                self.commit_holders(arr, holdings, requirement)


@dataclass
class Ledger:
    """This year's arrangement effects as arrays (N x C unless noted), rebuilt each year."""

    primary: np.ndarray  # index into the book of a state's fleet arrangement, or -1
    primary_form: np.ndarray  # its form, or -1
    pool_others: np.ndarray  # other members' units in the primary arrangement
    members: np.ndarray  # member count of the primary arrangement (1 = none)
    maturity: np.ndarray
    committed_out: np.ndarray
    committed_in: np.ndarray
    hired: np.ndarray
    hiring: np.ndarray  # (N, C) bool: the state is in a joint hire in the area
    upkeep: np.ndarray  # (N,) USD million this year, set-up costs included
    staff_used: np.ndarray  # (N,)
    covered: np.ndarray  # (N, C) bool: the state is in some arrangement in the area
    sovereignty: np.ndarray  # sovereignty cost on own units (0 without an arrangement)
    shared: np.ndarray  # (N, N, C) bool: pair shares an arrangement in c
    relations: RelationStats = field(default=None)  # per-pair summary for the circles


@dataclass(frozen=True)
class Structure:
    """Who is in which active arrangement, as flat arrays; rebuilt only when membership changes.

    ``arr`` indexes :attr:`ArrangementBook.all`; ``m_*`` arrays have one row per (arrangement,
    member); ``p_*`` arrays one row per ordered member pair of an arrangement.
    """

    arr: np.ndarray
    form: np.ndarray
    cap: np.ndarray
    start: np.ndarray
    size: np.ndarray
    lead: np.ndarray
    framework: np.ndarray
    bottom_up: np.ndarray
    initial: np.ndarray
    provider_pays: np.ndarray
    first: np.ndarray  # first and second member of each arrangement
    second: np.ndarray
    m_row: np.ndarray  # position in the arrays above
    m_state: np.ndarray
    m_dropper: np.ndarray  # the member dropped the role (role specialisation)
    p_row: np.ndarray
    p_a: np.ndarray
    p_b: np.ndarray

    def partner(self) -> np.ndarray:
        """Main partner of each member row: the lead, or the (first) other member."""
        r, s = self.m_row, self.m_state
        other = np.where(self.first[r] != s, self.first[r], self.second[r])
        return np.where((self.lead[r] >= 0) & (self.lead[r] != s), self.lead[r], other)

    def pool(self, holdings: np.ndarray) -> np.ndarray:
        """Fleet of each arrangement in its area (sum of members' holdings)."""
        return np.bincount(
            self.m_row,
            weights=holdings[self.m_state, self.cap[self.m_row]],
            minlength=len(self.arr),
        )

    def maturity(self, year: int, years_to_mature: np.ndarray) -> np.ndarray:
        """Maturity of each arrangement in ``year``."""
        return np.minimum(
            np.maximum((year - self.start + 1) / years_to_mature[self.form], 0.0), 1.0
        )

    @classmethod
    def build(cls, book: ArrangementBook) -> Structure:
        """Flatten the active arrangements (one pass over per-arrangement cached blocks)."""
        return cls.of(list(book.active.values()), book.framework_size)

    @classmethod
    def of(cls, arrangements: list[Arrangement], framework_size: int) -> Structure:
        """Flatten ``arrangements`` (in the book's order) into a structure."""
        rows_ = [a.blocks() + (a.row(framework_size),) for a in arrangements]
        if rows_:
            m_states, p_a, p_b, m_drop, props = zip(*rows_, strict=True)
        else:
            m_states = p_a = p_b = m_drop = props = ()

        def cat(xs: tuple[np.ndarray, ...], dtype: type = int) -> np.ndarray:
            return np.concatenate(xs).astype(dtype, copy=False) if xs else np.zeros(0, dtype=dtype)

        pr = np.array(props, dtype=np.int64).reshape(-1, len(ROW))
        rows = np.arange(len(arrangements))
        return cls(
            arr=np.array([a.index for a in arrangements], dtype=int),
            form=pr[:, ROW["form"]],
            cap=pr[:, ROW["cap"]],
            start=pr[:, ROW["start"]],
            size=pr[:, ROW["size"]].astype(float),
            lead=pr[:, ROW["lead"]],
            framework=pr[:, ROW["framework"]].astype(bool),
            bottom_up=pr[:, ROW["bottom_up"]].astype(bool),
            initial=pr[:, ROW["initial"]].astype(bool),
            provider_pays=pr[:, ROW["provider_pays"]].astype(bool),
            first=pr[:, ROW["first"]],
            second=pr[:, ROW["second"]],
            m_row=np.repeat(rows, pr[:, ROW["size"]]),
            m_state=cat(m_states),
            m_dropper=cat(m_drop, bool),
            p_row=np.repeat(rows, pr[:, ROW["n_pairs"]]),
            p_a=cat(p_a),
            p_b=cat(p_b),
        )

    def updated(self, book: ArrangementBook, changed: set[int]) -> Structure:
        """This structure after the arrangements ``changed`` (indices) changed.

        Created, changed or ended arrangements: their rows are dropped and the active ones
        flattened anew.

        Equal, array for array, to :meth:`build` on the book (rows in the book's order, each
        arrangement's member and pair rows in its own order) at the cost of a few array
        operations instead of a pass over every active arrangement.
        """
        if not changed:
            return self
        gone = np.zeros(len(book.all), dtype=bool)
        gone[list(changed)] = True
        keep = ~gone[self.arr]
        fresh = [book.all[i] for i in sorted(changed) if book.all[i].active]
        new = Structure.of(fresh, book.framework_size)
        n_keep = int(keep.sum())
        if not fresh or fresh[0].index > (self.arr[-1] if len(self.arr) else -1):
            return self._appended(keep, n_keep, new)
        arr = np.concatenate([self.arr[keep], new.arr])
        order = np.argsort(arr, kind="stable")
        pos = np.empty(len(arr), dtype=int)
        pos[order] = np.arange(len(arr))
        old_pos = np.full(len(self.arr), -1)
        old_pos[keep] = pos[:n_keep]
        new_pos = pos[n_keep:]

        def rows(
            row_old: np.ndarray, row_new: np.ndarray, cols: tuple[str, ...]
        ) -> dict[str, np.ndarray]:
            kept = keep[row_old]
            row = np.concatenate([old_pos[row_old[kept]], new_pos[row_new]])
            o = np.argsort(row, kind="stable")
            out = {c: np.concatenate([getattr(self, c)[kept], getattr(new, c)])[o] for c in cols}
            return {**out, "_row": row[o]}

        m = rows(self.m_row, new.m_row, ("m_state", "m_dropper"))
        p = rows(self.p_row, new.p_row, ("p_a", "p_b"))
        per_arr = {
            f: np.concatenate([getattr(self, f)[keep], getattr(new, f)])[order]
            for f in ARRANGEMENT_COLUMNS
        }
        return Structure(
            **per_arr,
            m_row=m.pop("_row"),
            **m,
            p_row=p.pop("_row"),
            **p,
        )


    def _appended(self, keep: np.ndarray, n_keep: int, new: Structure) -> Structure:
        """:meth:`updated` when every re-flattened arrangement comes after the kept ones.

        Ended arrangements dropped and new ones appended: the book's order is the kept rows,
        then the new rows, so no sort is needed (the arrays equal the general path's).
        """
        old_pos = np.cumsum(keep) - 1
        m_kept = keep[self.m_row]
        p_kept = keep[self.p_row]
        per_arr = {
            f: np.concatenate([getattr(self, f)[keep], getattr(new, f)])
            for f in ARRANGEMENT_COLUMNS
        }
        return Structure(
            **per_arr,
            m_row=np.concatenate([old_pos[self.m_row[m_kept]], new.m_row + n_keep]),
            m_state=np.concatenate([self.m_state[m_kept], new.m_state]),
            m_dropper=np.concatenate([self.m_dropper[m_kept], new.m_dropper]),
            p_row=np.concatenate([old_pos[self.p_row[p_kept]], new.p_row + n_keep]),
            p_a=np.concatenate([self.p_a[p_kept], new.p_a]),
            p_b=np.concatenate([self.p_b[p_kept], new.p_b]),
        )


#: The per-arrangement columns of :class:`Structure` (one row per active arrangement).
ARRANGEMENT_COLUMNS = (
    "arr",
    "form",
    "cap",
    "start",
    "size",
    "lead",
    "framework",
    "bottom_up",
    "initial",
    "provider_pays",
    "first",
    "second",
)


@dataclass(frozen=True)
class LedgerInputs:
    """What the year's :class:`Ledger` is built from besides the book (arrays of this year)."""

    year: int
    holdings: np.ndarray  # (N, C)
    requirement: np.ndarray  # (N, C)
    common_entitlement: np.ndarray  # (N, C) NATO common-funded units each ally may use
    setup_discount: np.ndarray  # (C,) institutions' discount on set-up costs
    area_budget: np.ndarray  # (N,) capability budget (hires are capped by a share of it)
    costs: CostModel
    forms: FormTable
    params: Params


def build_ledger(book: ArrangementBook, year: LedgerInputs) -> Ledger:
    """Collect the active arrangements into the yearly :class:`Ledger` (vectorised)."""
    n, c = year.holdings.shape
    st = book.structure()
    led = Ledger(
        primary=np.full((n, c), -1, dtype=int),
        primary_form=np.full((n, c), -1, dtype=int),
        pool_others=np.zeros((n, c)),
        members=np.ones((n, c)),
        maturity=np.zeros((n, c)),
        committed_out=np.zeros((n, c)),
        committed_in=np.zeros((n, c)),
        hired=np.zeros((n, c)),
        hiring=np.zeros((n, c), dtype=bool),
        upkeep=np.zeros(n),
        staff_used=np.zeros(n),
        covered=np.zeros((n, c), dtype=bool),
        sovereignty=np.zeros((n, c)),
        shared=np.zeros((n, n, c), dtype=bool),
    )
    rel = RelationStats.empty(n, c)
    rel.areas = led.shared
    led.relations = rel
    if len(st.arr) == 0:
        return led
    maturity = st.maturity(year.year, year.forms.years_to_mature)
    _upkeep_and_staff(led, st, year)
    _pair_relations(led, st, n)
    _fleets(led, st, year, maturity)
    roles = book.role_commitments()
    np.add.at(led.committed_out.reshape(-1), roles.provider * c + roles.area, roles.units)
    np.add.at(led.committed_in.reshape(-1), roles.dropper * c + roles.area, roles.units)
    _hires(led, st, year, maturity)
    return led


def _upkeep_and_staff(led: Ledger, st: Structure, year: LedgerInputs) -> None:
    """Members' upkeep and set-up costs, cooperation staff used, areas covered."""
    forms = year.forms
    upkeep = forms.upkeep_musd[st.form]
    # set-up costs fall in the year an arrangement starts (institutions, as catalysts, discount
    # arrangements in published shortfall areas)
    discount = year.setup_discount[st.cap]
    setup = np.where(
        st.start == year.year, upkeep * forms.setup_years_of_upkeep[st.form] * (1 - discount), 0.0
    )
    mr, ms = st.m_row, st.m_state
    np.add.at(led.upkeep, ms, (upkeep + setup)[mr])
    is_lead = (st.lead[mr] == ms) | (st.size[mr] <= 2)
    exponent = year.params.partners.member_staff_exponent
    load = forms.staff_load[st.form[mr]] * np.where(is_lead, 1.0, (2.0 / st.size[mr]) ** exponent)
    # agencies run the large frameworks and the NATO/EU projects (NSPA, NAHEMA, EDA, the Heavy
    # Airlift Wing ...): their members spend less of their own cooperation staff on them
    load = load * np.where(st.framework[mr], year.params.institutions.staff_relief, 1.0)
    np.add.at(led.staff_used, ms, load)
    led.covered[ms, st.cap[mr]] = True


def _pair_relations(led: Ledger, st: Structure, n: int) -> None:
    """Which pairs share an area, and the per-pair statistics the circles read."""
    rel = led.relations
    pr, pa, pb = st.p_row, st.p_a, st.p_b
    led.shared[pa, pb, st.cap[pr]] = True
    depth = st.form[pr] + 1
    # per-pair statistics through flat (a * n + b) indices: 1-d ufunc.at is the fast path
    pair = pa * n + pb
    fw = st.framework[pr]
    bu = ~fw
    start = st.start[pr]
    np.maximum.at(rel.depth.reshape(-1), pair, depth)
    rel.framework += np.bincount(pair[fw], minlength=n * n).reshape(n, n)
    rel.bottom_up += np.bincount(pair[bu], minlength=n * n).reshape(n, n)
    np.maximum.at(rel.depth_bottom_up.reshape(-1), pair[bu], depth[bu])
    np.minimum.at(rel.first_year.reshape(-1), pair, start)
    np.minimum.at(rel.first_year_bottom_up.reshape(-1), pair[bu], start[bu])


def _fleets(led: Ledger, st: Structure, year: LedgerInputs, maturity: np.ndarray) -> None:
    """Fleet forms: the deepest arrangement in an area sets a member's costs."""
    h = year.holdings
    c = h.shape[1]
    forms = year.forms
    mr, ms = st.m_row, st.m_state
    mcap = st.cap[mr]
    pool = st.pool(h)
    fleet = IS_FLEET[st.form[mr]]
    if fleet.any():
        rows = np.nonzero(fleet)[0]
        order = rows[np.lexsort((st.form[mr[rows]], mcap[rows], ms[rows]))]
        key = ms[order] * c + mcap[order]
        last = np.append(key[1:] != key[:-1], True)
        pick = order[last]
        s_i, c_i, r_i = ms[pick], mcap[pick], mr[pick]
        led.primary[s_i, c_i] = st.arr[r_i]
        led.primary_form[s_i, c_i] = st.form[r_i]
        led.pool_others[s_i, c_i] = pool[r_i] - h[s_i, c_i]
        led.members[s_i, c_i] = st.size[r_i]
        led.maturity[s_i, c_i] = maturity[r_i]
        led.sovereignty[s_i, c_i] = forms.sovereignty_cost[st.form[r_i]] * maturity[r_i]


def _hires(led: Ledger, st: Structure, year: LedgerInputs, maturity: np.ndarray) -> None:
    """Joint hire: unit-equivalents hired to close a share of the gap, within a budget share."""
    h = year.holdings
    n, c = h.shape
    mr, ms = st.m_row, st.m_state
    mcap = st.cap[mr]
    hire = st.form[mr] == int(Form.JOINT_HIRE)
    if hire.any():
        hs, hc, hr = ms[hire], mcap[hire], mr[hire]
        without_hire = (
            np.maximum(h[hs, hc] - led.committed_out[hs, hc], 0.0)
            + led.committed_in[hs, hc]
            + year.common_entitlement[hs, hc]
        )
        ap = year.params.arrangements
        units = ap.hire_share_of_gap * np.maximum(year.requirement[hs, hc] - without_hire, 0.0)
        # a state in several hires for one area splits its hired share between them
        n_hires = np.zeros((n, c))
        np.add.at(n_hires.reshape(-1), hs * c + hc, 1.0)
        np.add.at(led.hired.reshape(-1), hs * c + hc, units * maturity[hr] / n_hires[hs, hc])
        led.hiring[hs, hc] = True
        # a state hires only what it can pay: at most a share of its capability budget
        cost = ap.hire_cost_factor * (led.hired * year.costs.unit_running()).sum(axis=1)
        cost = cost * year.costs.price
        cap = ap.hire_budget_share * np.maximum(year.area_budget, 0.0)
        scale = np.where(cost > cap, cap / np.maximum(cost, EPS), 1.0)
        led.hired *= scale[:, None]


@dataclass(frozen=True)
class GainContext:
    """Everything a state weighs when it judges an arrangement, as arrays for this year."""

    holdings: np.ndarray  # (N, C)
    requirement: np.ndarray  # (N, C)
    level: np.ndarray  # (N, C)
    alone_cost: np.ndarray  # (N, C) what the area would cost the state alone
    hired: np.ndarray  # (N, C) unit-equivalents hired this year (joint hire)
    req_cost: np.ndarray  # (N, C) cost of fielding the requirement alone (normaliser)
    weights: np.ndarray  # (N, 3)
    aversion: np.ndarray  # (N,) sovereignty aversion (arrangements.aversion_base, _per_consent)
    political_distance: np.ndarray  # (N, N)
    culture_distance: np.ndarray  # (N, N)
    trust: np.ndarray  # (N, N)
    commonality: np.ndarray  # (N, N, C) bool
    floor: np.ndarray  # (N, C) bool
    hireable: np.ndarray  # (C,) bool
    min_viable: np.ndarray  # (C,)
    price: np.ndarray  # (N,)
    setup_discount: np.ndarray  # (C,)
    tables: GainTables  # the parts of member_gain fixed for the year
    rivalry: np.ndarray | None = None  # (N, N) bool: active strategic rivalry (no deep forms)
    # (N, N) int: areas in which a pair cooperates integrated or specialised (spill-over)
    deep_areas: np.ndarray | None = None


@dataclass(frozen=True)
class GainTables:
    """The parts of :func:`member_gain` that are fixed for a year, by form, pair and area.

    Gathered from these tables instead of recomputed for every judgement (the arithmetic is
    the same, element for element).
    """

    success: np.ndarray  # (F, N, N) chance of success before trust (forms.success_probability)
    political: np.ndarray  # (F, N, N) political value of the form with the partner
    late: np.ndarray  # (F,) share of the planning horizon a form pays off in
    setup: np.ndarray  # (F, C) set-up costs in years of upkeep, spread over the horizon
    req: np.ndarray  # (N, C) requirement, at least EPS
    weights_t: np.ndarray  # (3, N) goal weights by goal (rows gather faster than columns)

    @classmethod
    def of(
        cls,
        forms: FormTable,
        params: Params,
        geometry: PairGeometry,
        setup_discount: np.ndarray,
        requirement: np.ndarray,
        weights: np.ndarray,
        pairs: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> GainTables:
        """This year's tables from this year's distances, set-up discounts, needs and weights.

        ``pairs``: :meth:`pair_tables` of ``forms`` and ``geometry`` if already computed.
        """
        ap = params.arrangements
        success, political = cls.pair_tables(forms, geometry) if pairs is None else pairs
        return cls(
            success=success,
            political=political,
            late=np.minimum(
                np.maximum(1.0 - forms.years_to_mature / (2.0 * ap.planning_horizon), 0.0), 1.0
            ),
            setup=forms.setup_years_of_upkeep[:, None]
            * (1.0 - setup_discount)[None, :]
            / ap.planning_horizon,
            req=np.maximum(requirement, EPS),
            weights_t=np.ascontiguousarray(weights.T),
        )

    @staticmethod
    def pair_tables(forms: FormTable, geometry: PairGeometry) -> tuple[np.ndarray, np.ndarray]:
        """The (F, N, N) success and political tables: fixed while forms and geometry are."""
        political_distance = geometry.political_distance
        f = np.arange(N_FORMS)
        success = forms.success_probability(
            f[:, None, None], political_distance[None], geometry.culture_distance[None]
        )
        political = forms.political_value[:, None, None] * (1.0 - political_distance)[None]
        return success, political


@dataclass(frozen=True)
class YearContext:
    """What this year's arrangement decisions read: the year, the rules, the opening position.

    The arrays are this year's; ``gains.holdings`` and ``gains.trust`` are the model's own and
    change in place when a role specialisation moves units or a member defects.
    """

    year: int
    params: Params
    forms: FormTable
    costs: CostModel
    rng: np.random.Generator
    gains: GainContext
    ledger: Ledger  # the year's opening position (decisions do not change it)
    staff_capacity: np.ndarray  # (N,)
    partner_scores: np.ndarray  # (N, N) on the note's criteria
    forms_allowed: np.ndarray  # (F,) bool: the scenario's forms (none without cooperation)
    nato: np.ndarray  # (N,) bool, this year's allies
    eu: np.ndarray  # (N,) bool
    criteria: np.ndarray | None = None  # (N, N, 4) partner score by criterion, in [0, 1]
    institution_of: np.ndarray | None = None  # (A,) institution code of each book arrangement
    # who may buy kit this year (model.industry, ODD 7.31; None: no constraint): (N, C) bool at
    # the procurement moment, and within procurement.sync_years of it
    buy_due: np.ndarray | None = None
    buy_near: np.ndarray | None = None
    industry_clash: np.ndarray | None = None  # (N, N, C) bool: producers of different lines
    # (N, N, C) bool: s fields the family of x's programme (industry.programme_family)
    buy_family: np.ndarray | None = None
    industry_lines: np.ndarray | None = None  # (N, C) str: a state's production lines

    def eligible(self) -> np.ndarray:
        """(N, 3) bool: may a state join an arrangement of no institution, NATO's, the EU's."""
        return np.stack([np.ones_like(self.nato, dtype=bool), self.nato, self.eu], axis=1)


@dataclass
class Bookings:
    """What this year's new arrangements have taken so far (copies of the ledger's arrays).

    Proposals and projects are judged on the opening position, then each formed one books
    its members' staff, marks the pair as sharing the area and (fleet forms) the proposer's
    fleet form, so that later proposals and projects of the same year see it.
    """

    staff_used: np.ndarray  # (N,)
    shared: np.ndarray  # (N, N, C) bool
    primary: np.ndarray  # (N, C) fleet arrangements (book index), updated for new ones
    primary_form: np.ndarray  # (N, C) fleet forms, updated for new ones

    @classmethod
    def of(cls, led: Ledger) -> Bookings:
        """Bookings opening at the ledger's position."""
        return cls(
            staff_used=led.staff_used.copy(),
            shared=led.shared.copy(),
            primary=led.primary.copy(),
            primary_form=led.primary_form.copy(),
        )


def member_gain(
    year: YearContext,
    i: np.ndarray,
    p: np.ndarray,
    c: np.ndarray,
    f: np.ndarray,
    pool: np.ndarray,
    k: np.ndarray,
    role: np.ndarray,
    established: bool | np.ndarray = False,
    proven: bool | np.ndarray = False,
    compensated: np.ndarray | float = 1.0,
    parts: bool = False,
    crewed: bool | np.ndarray = False,
) -> np.ndarray:
    """Weighted yearly gain of member ``i`` from form ``f`` in area ``c`` with partner ``p``.

    All arguments are broadcastable integer/float arrays. ``pool`` and ``k`` are the fleet and
    member count of the (hypothetical) arrangement; ``role`` matters for role specialisation:
    a :class:`~model.params.Role` (member, the dropper of the role, its provider). For an
    ``established`` arrangement the chance of success is behind it (it works), and set-up costs
    are sunk. ``compensated`` is 0 where a specialisation's provider bears its own costs
    (``provider_pays``, e.g. Baltic Air Policing). ``crewed`` (with ``f`` a specialisation):
    own crews on the partner's equipment in an integrated unit -- the dropper pays the
    operating share of the units (:meth:`CostModel.crew_share`) and both keep the integrated
    form's military value.

    The gain is the expected value ``p_success * (w_pol * (political - sovereignty) + w_mil *
    military + w_fin * money_value * financial)`` minus the upkeep and set-up, which are paid
    whether it works or not (weighted as money); sovereignty is given up only if it works. Money
    is a share of the cost of fielding the requirement alone, times
    ``arrangements.money_value`` to make it commensurate with the other goals. With ``parts``
    the weighted gain by goal is returned instead, (3, ...) -- political, military, financial
    (upkeep counted as financial) -- for the decision log; their sum is the gain.
    """
    forms = year.forms
    ctx = year.gains
    tb = ctx.tables
    # gathers through flat indices (one-dimensional takes are several times faster than
    # multi-dimensional fancy indexing); ravel() is a view, so in-year changes are seen
    n_states, n_caps = ctx.holdings.shape
    i, p, c, f = (np.asarray(x) for x in (i, p, c, f))
    ic = i * n_caps + c
    ip = i * n_states + p
    # rows of weights_t are the goals in Goal order (political, military, financial)
    w_pol, w_mil, w_fin = tb.weights_t.take(i, axis=1)
    req = tb.req.ravel().take(ic)
    norm = ctx.req_cost.ravel().take(ic)  # at least EPS
    common = ctx.commonality.ravel().take(ip * n_caps + c)
    fip = f * (n_states * n_states) + ip
    plain = established is False and proven is False

    success = _success_chance(year, f, ip, fip, common, established, proven, plain)
    money, hired = _money(year, i, p, c, f, ic, pool, k, role, compensated, crewed)
    financial = money * tb.late[f] / norm
    military, dependent = _military(year, i, c, f, ic, req, common, role, hired, crewed)
    political = tb.political.ravel().take(fip)

    setup = tb.setup.ravel().take(f * n_caps + c)
    if not plain:
        setup = np.where(established, 0.0, setup)
    upkeep = forms.upkeep_musd[f] * (1.0 + setup)
    sovereignty = forms.sovereignty_cost[f] * dependent * ctx.aversion[i]

    value = year.params.arrangements.money_value
    if parts:
        return np.array(
            [
                success * w_pol * (political - sovereignty),
                success * w_mil * military,
                success * w_fin * value * financial - w_fin * value * upkeep / norm,
            ]
        )
    return (
        success * (w_pol * (political - sovereignty) + w_mil * military + w_fin * value * financial)
        - w_fin * value * upkeep / norm
    )


def _success_chance(
    year: YearContext,
    f: np.ndarray,
    ip: np.ndarray,
    fip: np.ndarray,
    common: np.ndarray,
    established: bool | np.ndarray,
    proven: bool | np.ndarray,
    plain: bool,
) -> np.ndarray:
    """Chance that the arrangement works: the form's odds with the partner, raised by trust.

    Note, § Samenwerkingspartners: deeper forms succeed mainly between close partners with a
    similar political culture; fleet forms without common equipment succeed less often.
    """
    if established is True:
        # it works (what the chance below comes to under ``established``): reviews and joins
        return np.ones(np.broadcast_shapes(np.shape(fip), np.shape(ip), np.shape(common)))
    ctx = year.gains
    ap = year.params.arrangements
    trust = ctx.trust.ravel().take(ip)  # trust can change within the year (defections)
    floor = ap.success_trust_floor
    success = ctx.tables.success.ravel().take(fip) * (floor + (1.0 - floor) * trust)
    success = success * np.where(IS_FLEET[f] & ~common, ap.success_without_commonality, 1.0)
    spill = _spillover(year, f, ip)
    if spill is not None:
        # a partner proven in deep cooperation elsewhere is proven for deep forms here too
        proven = np.asarray(proven) | spill
        plain = False
    # flags may be scalars or per-element arrays (several judgements in one call)
    if not plain:
        success = np.where(
            established, 1.0, np.where(proven, 1.0 - (1.0 - success) * (1.0 - trust), success)
        )
    return success


def _spillover(year: YearContext, f: np.ndarray, ip: np.ndarray) -> np.ndarray | None:
    """Where spill-over applies: a deep form with a partner already deep in another area.

    Note, § Samenwerkingspartners: "het gebeurt niet zelden dat partners besluiten hun
    samenwerking uit te breiden naar andere gebieden"; neofunctionalist spill-over (Haas 1958).
    Deep forms are operational cooperation and deeper; a specialisation counts the pair's
    integration in the same area, so it needs a second deep area. None when off.
    """
    deep = year.gains.deep_areas
    if deep is None or not year.params.procurement.spillover:
        return None
    deep_form = f >= int(Form.OPERATIONAL)
    if not deep_form.any():
        return None  # no deep form judged: the plain path (most proposals and reviews)
    need = 1 + (f == int(Form.SPECIALISATION))
    spill = (deep.ravel().take(ip) >= need) & deep_form
    return spill if spill.any() else None


def deep_areas(st: Structure, n: int, c: int) -> np.ndarray:
    """(N, N) number of areas in which each pair cooperates integrated or specialised."""
    deep = st.form[st.p_row] >= int(Form.INTEGRATED)
    cells = np.zeros((n, n, c), dtype=bool)
    cells[st.p_a[deep], st.p_b[deep], st.cap[st.p_row[deep]]] = True
    return cells.sum(axis=2)


def deepen_trust(year: YearContext, a: np.ndarray, b: np.ndarray, own: int) -> np.ndarray:
    """Trust pair (a, b) needs to deepen: lower if it is deep in another area (spill-over).

    ``own`` is the number of deep areas the arrangement itself counts (1 for an integration
    that specialises). ``procurement.spillover_trust_relief`` is taken off
    ``arrangements.deepen_trust``.
    """
    base = year.params.arrangements.deepen_trust
    deep = year.gains.deep_areas
    pp = year.params.procurement
    if deep is None or not pp.spillover:
        return np.full(np.shape(a), base)
    return np.where(deep[a, b] > own, base - pp.spillover_trust_relief, base)


def _money(
    year: YearContext,
    i: np.ndarray,
    p: np.ndarray,
    c: np.ndarray,
    f: np.ndarray,
    ic: np.ndarray,
    pool: np.ndarray,
    k: np.ndarray,
    role: np.ndarray,
    compensated: np.ndarray | float,
    crewed: bool | np.ndarray = False,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Money the member saves a year (USD million), and the units a joint hire brings.

    Fleet forms share overhead, scale and learning (:meth:`CostModel.shared_cost`); a joint
    hire pays for unit-equivalents that close part of the gap; a role specialisation's dropper
    pays the provider its marginal cost plus a margin.
    """
    ctx = year.gains
    ap = year.params.arrangements
    cm = year.costs
    n_caps = ctx.holdings.shape[1]
    n_i = ctx.holdings.ravel().take(ic)
    price_i = ctx.price[i]
    shared = cm.shared_cost(n_i, pool, k, 1.0, *year.forms.pool_rows(f), price_i, c)
    is_hire = f == int(Form.JOINT_HIRE)
    is_spec = f == int(Form.SPECIALISATION)
    alone = ctx.alone_cost.ravel().take(ic)
    money = alone - shared
    hired = None
    # joint hire: pay for hired unit-equivalents that close part of the gap (the gap before any
    # hire; proposals are only made where the state hires nothing yet in the area)
    if is_hire.any():
        without = ctx.level.ravel().take(ic) - ctx.hired.ravel().take(ic)
        gap_units = np.maximum(ctx.requirement.ravel().take(ic) - without, 0.0)
        hired = np.where(is_hire, ap.hire_share_of_gap * gap_units, 0.0)
        hire_cost = ap.hire_cost_factor * cm.unit_running(c) * price_i * hired
        money = np.where(is_hire, -hire_cost, money)
    if is_spec.any():
        # role specialisation: the dropper pays the provider its marginal cost at the
        # provider's scale, in the dropper's price level (national price factors also carry
        # costs outside the areas that a provider does not incur for a partner's role), plus
        # a margin
        n_p = ctx.holdings.ravel().take(p * n_caps + c)
        base_n = np.where(role == Role.PROVIDER, n_i, n_p)
        extra_n = np.where(role == Role.PROVIDER, n_p, n_i)
        dropper_price = np.where(role == Role.PROVIDER, ctx.price[p], price_i)
        terms = cm.area_terms(c)
        added = cm.alone_cost_of(terms, base_n + extra_n, dropper_price) - cm.alone_cost_of(
            terms, base_n, dropper_price
        )
        rate = 1.0 + ap.compensation_margin
        if crewed is not False:
            rate = np.where(crewed, cm.crew_share(c), rate)
        compensation = rate * added * compensated
        fin_spec = np.where(role == Role.DROPPER, alone - compensation, compensation - added)
        money = np.where(is_spec, fin_spec, money)
    return money, hired


def _military(
    year: YearContext,
    i: np.ndarray,
    c: np.ndarray,
    f: np.ndarray,
    ic: np.ndarray,
    req: np.ndarray,
    common: np.ndarray,
    role: np.ndarray,
    hired: np.ndarray | None,
    crewed: bool | np.ndarray = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Military value of the form (by coverage of the need) and the share that depends on it.

    Common equipment doubles the military value of working together (§ Samenwerkingspartners:
    "commonality"); a dropper depends on its provider for its whole coverage.
    """
    n_i = year.gains.holdings.ravel().take(ic)
    coverage = np.minimum(np.maximum(n_i / req, 0.0), 1.0)
    base = year.params.arrangements.military_without_commonality
    military = year.forms.military_value[f] * (base + (1.0 - base) * common) * coverage
    dependent = coverage
    is_spec = f == int(Form.SPECIALISATION)
    if is_spec.any():
        if crewed is False:
            military = np.where(is_spec, 0.0, military)
        else:
            # crewed units serve in the integrated unit: the integrated form's military value
            together = (base + (1.0 - base) * common) * coverage
            integ = year.forms.military_value[int(Form.INTEGRATED)] * together
            military = np.where(is_spec, np.where(crewed, integ, 0.0), military)
        dependent = np.where(is_spec, np.where(role == Role.DROPPER, coverage, 0.0), coverage)
    if hired is not None:
        is_hire = f == int(Form.JOINT_HIRE)
        military = np.where(is_hire, hired / req, military)
        dependent = np.where(is_hire, hired / req, dependent)
    return military, dependent


def feasible_grid(
    year: YearContext, cand: np.ndarray, proposers: np.ndarray | None = None
) -> np.ndarray:
    """Which (proposer, candidate k, area c, form f) can be proposed at all (P x K x C x F).

    ``cand`` holds each proposer's candidate partners (P x K); ``proposers`` the proposers'
    state indices (all states if None). Only the forms the scenario allows
    (``cooperation.forms_allowed``) are feasible.

    Fleet forms need both to hold the area and the proposer to have no fleet arrangement in it
    yet (it may join the partner's); joint hire needs a market for the area and a gap (above
    ``arrangements.hire_gap_threshold``) on both sides; role specialisation needs an area
    outside the proposer's sovereignty floor that the partner runs at viable scale. Pairs
    already sharing an arrangement in the area are left to deepening.
    """
    ctx, led = year.gains, year.ledger
    h = ctx.holdings
    n, c_n = h.shape
    ps = np.arange(n) if proposers is None else proposers
    hold = h > EPS
    threshold = year.params.arrangements.hire_gap_threshold
    gap_ok = (ctx.requirement - ctx.level) > threshold * ctx.requirement
    pf = led.primary_form
    hold_j = hold[cand]  # (P, K, C)
    pf_j = pf[cand]
    fresh = ~led.shared[ps[:, None], cand]  # (P, K, C)
    # form by form (F x P x K x C: each form's grid is contiguous); returned as P x K x C x F
    out = np.zeros((N_FORMS,) + cand.shape + (c_n,), dtype=bool)
    # the partner is another state
    fresh &= (cand != ps[:, None])[:, :, None]
    base_fleet = hold[ps][:, None, :] & hold_j & (pf[ps] < 0)[:, None, :] & fresh
    for form in FLEET_FORMS:
        out[int(form)] = base_fleet & ((pf_j < 0) | (pf_j == int(form)))
    hire_s = gap_ok & ~led.hiring
    out[int(Form.JOINT_HIRE)] = (
        ctx.hireable[None, None, :] & hire_s[ps][:, None, :] & hire_s[cand] & fresh
    )
    spec_s = ~ctx.floor & hold & (led.committed_in <= EPS) & (led.committed_out <= EPS) & (pf < 0)
    out[int(Form.SPECIALISATION)] = (
        spec_s[ps][:, None, :] & (h[cand] >= ctx.min_viable[None, None, :]) & fresh
    )
    out[~np.asarray(year.forms_allowed, dtype=bool)] = False  # the scenario's forms only
    if ctx.rivalry is not None:
        # an active strategic rivalry blocks operational cooperation and deeper (issue 12)
        rival = ctx.rivalry[ps[:, None], cand]  # (P, K)
        out[int(Form.OPERATIONAL) :] &= ~rival[None, :, :, None]
    if year.buy_due is not None or year.industry_clash is not None:
        # buying kit together: at procurement moments, not against one's own industry (7.31)
        n_all = np.ones((n, c_n), dtype=bool)
        out[int(BUYING)] &= buying_grid(
            n_all if year.buy_due is None else year.buy_due,
            n_all if year.buy_near is None else year.buy_near,
            ctx.commonality if year.buy_family is None else year.buy_family,
            year.industry_clash, ps, cand, pf_j == int(BUYING),
        )  # fmt: skip
    if year.institution_of is not None and len(year.institution_of):
        # joining the partner's fleet arrangement: only members of its institution this year
        prim = led.primary[cand]  # (P, K, C)
        code = np.where(prim >= 0, year.institution_of[np.maximum(prim, 0)], 0)
        ok = year.eligible()[ps[:, None, None], code]
        for form in FLEET_FORMS:
            out[int(form)] &= (pf_j != int(form)) | ok
    return np.moveaxis(out, 0, -1)


def pool_and_members(
    year: YearContext, s: np.ndarray, j: np.ndarray, c: np.ndarray, f: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Fleet and member count of the arrangement s would form with j (or join j's)."""
    h = year.gains.holdings
    led = year.ledger
    joinable = led.primary_form[j, c] == f
    pool = np.where(joinable, h[j, c] + led.pool_others[j, c] + h[s, c], h[s, c] + h[j, c])
    k = np.where(joinable, led.members[j, c] + 1.0, 2.0)
    return pool, k


#: Below this many proposals a year both sides' gains are computed in one call (call overhead
#: dominates); above it the partner's gain only where the proposer gains (arithmetic dominates).
FUSE_BELOW = 1500


def mutual_gains(
    year: YearContext, s: np.ndarray, j: np.ndarray, c: np.ndarray, f: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Gain of proposer ``s`` and partner ``j`` for each (feasible) combination.

    The partner's gain counts only where the proposer gains (elsewhere it is -inf).
    """
    pool, k = pool_and_members(year, s, j, c, f)
    spec = f == int(Form.SPECIALISATION)
    role_s = np.where(spec, Role.DROPPER, Role.MEMBER)
    role_j = np.where(spec, Role.PROVIDER, Role.MEMBER)
    min_gain = year.params.arrangements.min_gain
    m = len(s)
    if m <= FUSE_BELOW:
        # few judgements: both sides in one call (one pass of array operations)
        both = member_gain(
            year,
            np.concatenate((s, j)),
            np.concatenate((j, s)),
            np.concatenate((c, c)),
            np.concatenate((f, f)),
            np.concatenate((pool, pool)),
            np.concatenate((k, k)),
            np.concatenate((role_s, role_j)),
        )
        g_s = both[:m]
        # the partner is asked only where the proposer gains
        return g_s, np.where(g_s > min_gain, both[m:], -np.inf)
    g_s = member_gain(year, s, j, c, f, pool, k, role_s)
    g_j = np.full(m, -np.inf)
    ask = np.nonzero(g_s > min_gain)[0]
    if len(ask):
        g_j[ask] = member_gain(year, j[ask], s[ask], c[ask], f[ask], pool[ask], k[ask], role_j[ask])
    return g_s, g_j


@dataclass(frozen=True)
class Proposals:
    """Every mutually beneficial (proposer, partner, area, form) of the year, judged at once."""

    proposer: np.ndarray
    partner: np.ndarray
    area: np.ndarray
    form: np.ndarray
    gain: np.ndarray  # the proposer's
    shared_goals: np.ndarray  # (N, N) areas in which a pair would both gain (symmetric)


def judge_proposals(year: YearContext) -> Proposals | None:
    """The proposals states could make to their best-scoring partners, and both sides' gains.

    Candidates: the ``partners.candidate_partners`` best-scoring partners on the note's
    criteria, among those with staff to spare; every area and form is judged for all of them
    at once. None if no one proposes this year.
    """
    pp = year.params.partners
    ap = year.params.arrangements
    n = len(year.staff_capacity)
    if pp.proposals_per_year == 0 or n < 2:
        return None
    led = year.ledger
    kk = min(pp.candidate_partners, n - 1)
    score = year.partner_scores
    free = year.staff_capacity - led.staff_used
    load = year.forms.staff_load
    # only states with staff to spare propose, and only to partners with staff to spare
    proposers = np.nonzero(free >= load.min())[0]
    masked = np.where((free >= load.min())[None, :], score, -np.inf)
    cand = np.argsort(-masked[proposers], axis=1, kind="stable")[:, :kk]  # (P, K)
    grid = feasible_grid(year, cand, proposers)
    grid &= free[proposers][:, None, None, None] >= load[None, None, None, :]
    grid &= free[cand][:, :, None, None] >= load[None, None, None, :]
    grid &= np.isfinite(masked[proposers[:, None], cand])[:, :, None, None]
    pi, ki, ci, fi = np.nonzero(grid)
    si = proposers[pi]
    ji = cand[pi, ki]
    g_s, g_j = mutual_gains(year, si, ji, ci, fi)
    ok = (g_s > ap.min_gain) & (g_j > ap.min_gain)
    si, ji, ci, fi, g_s = si[ok], ji[ok], ci[ok], fi[ok], g_s[ok]

    pair_area = np.zeros((n, n, year.gains.holdings.shape[1]), dtype=bool)
    pair_area[si, ji, ci] = True
    goals = pair_area.sum(axis=2).astype(float)
    return Proposals(si, ji, ci, fi, g_s, np.maximum(goals, goals.T))


def propose_bottom_up(
    book: ArrangementBook, year: YearContext, bookings: Bookings
) -> tuple[int, np.ndarray | None]:
    """Each state proposes its best mutually beneficial arrangements; returns how many formed.

    Proposers act in a random order, best proposal first (gain plus a small bonus for the
    partner's score); a proposal needs staff capacity on both sides, both gains above
    ``min_gain`` and no parliament veto. Also returns the pairs' shared goals (areas in which
    both would gain, N x N; None if no one proposed), a partner criterion of next year.
    """
    props = judge_proposals(year)
    if props is None:
        return 0, None
    n = len(year.staff_capacity)
    pp = year.params.partners
    load = year.forms.staff_load
    led = year.ledger
    # a pair that already shares an arrangement in the area does not propose another there
    fresh = ~led.shared[props.proposer, props.partner, props.area]
    si, ji, ci = props.proposer[fresh], props.partner[fresh], props.area[fresh]
    fi, g_s = props.form[fresh], props.gain[fresh]
    value = g_s + pp.proposal_score_weight * year.partner_scores[si, ji]
    order = np.lexsort((-value, si))  # by proposer, best first
    starts = np.searchsorted(si[order], np.arange(n + 1))
    formed = 0
    cap = year.staff_capacity
    used = bookings.staff_used
    shared = bookings.shared
    min_load = float(load.min())
    ji_l, ci_l, fi_l = ji.tolist(), ci.tolist(), fi.tolist()
    need_l = load[fi].tolist()
    log = book.log
    pending: list[tuple[int, int, int, int, int, bool]] = []  # log rows awaiting their gains

    def rec(kind: str, code: str, a: int, b: int, c: int, f: Form, scores: Any, **kw: Any) -> None:
        states = kw.pop("states", None) or [a, b]
        swap = kw.pop("swap", False)  # the partner decides: its gain first
        row = log.record(year.year, kind, code, states, c, f, None, None, scores, **kw)
        pending.append((row, b if swap else a, a if swap else b, c, int(f), swap))

    for s_ in year.rng.permutation(n).tolist():
        made = 0
        for idx in order[starts[s_] : starts[s_ + 1]].tolist():
            if made >= pp.proposals_per_year or cap[s_] - used[s_] < min_load:
                break
            jj, ck, need = ji_l[idx], ci_l[idx], need_l[idx]
            if cap[s_] - used[s_] < need or cap[jj] - used[jj] < need or shared[s_, jj, ck]:
                continue
            form = Form(fi_l[idx])
            made += 1  # a proposal was made; members and parliaments may still say no
            arr = _propose_one(book, year, bookings, rec, s_, jj, ck, form)
            if arr is None:
                continue
            used[s_] += need
            used[jj] += need
            shared[s_, jj, ck] = shared[jj, s_, ck] = True
            if form in FLEET_FORMS:
                for m in arr.members:
                    bookings.primary[m, ck] = arr.index
                    bookings.primary_form[m, ck] = int(form)
            formed += 1
    _fill_gains(log, year, pending)
    return formed, props.shared_goals


def _propose_one(
    book: ArrangementBook,
    year: YearContext,
    bookings: Bookings,
    rec: Callable[..., None],
    s_: int,
    jj: int,
    ck: int,
    form: Form,
) -> Arrangement | None:
    """State ``s_`` proposes to ``jj`` in area ``ck``: join ``jj``'s fleet or form a new one.

    Members (when joining) and parliaments may refuse; each step is logged through ``rec``.
    Returns the arrangement formed or joined, or None if refused.
    """
    # a fleet arrangement formed earlier this year is booked (index and form) for its members,
    # so that a later proposer to one of them joins that arrangement
    fleets = (bookings.primary, bookings.primary_form)
    target = _join_target(book, bookings, jj, ck, form)
    scores = _scores(year, s_, jj)
    code = target.code if target is not None else ""
    what = "join the partner's arrangement" if target is not None else "new arrangement"
    rec("propose", code, s_, jj, ck, form, scores, reason=f"{what}; its best gain")
    if target is not None:
        ok, why = join_consent(book, year, target, s_, jj)
        if not ok:
            rec("refuse", code, s_, jj, ck, form, scores, reason=why)
            return None
    if not book.consent([s_, jj], form, year.rng):
        rec(
            "refuse",
            code,
            s_,
            jj,
            ck,
            form,
            scores,
            parliament="vetoed",
            reason="parliament",
        )
        return None
    arr = book.create_or_join(
        s_, jj, ck, form, Origin.BOTTOM_UP, year.year, year.gains.holdings, fleets
    )
    vote = book.parliament_outcome(form)
    reason = "both gain by their goal weights"
    rec(
        "consent",
        arr.code,
        jj,
        s_,
        ck,
        form,
        scores,
        parliament=vote,
        reason=reason,
        swap=True,
    )
    if arr is target:
        others = [m for m in arr.members if m != s_]
        why = "members consent" if target.lead < 0 else "lead consents"
        rec(
            "join",
            arr.code,
            s_,
            jj,
            ck,
            form,
            scores,
            states=[s_] + others,
            parliament=vote,
            reason=why,
        )
    return arr


def _join_target(
    book: ArrangementBook, bookings: Bookings, j: int, c: int, form: Form
) -> Arrangement | None:
    """The active fleet arrangement of ``j`` in ``c`` of that form a proposer would join."""
    if form not in FLEET_FORMS or bookings.primary_form[j, c] != int(form):
        return None
    idx = int(bookings.primary[j, c])
    if idx < 0:
        return None
    arr = book.all[idx]
    return arr if arr.active and arr.cap == c and arr.form is form else None


def _scores(year: YearContext, s: int, j: int) -> tuple[float, ...]:
    """The proposer's scores of the partner by the note's four criteria (NaN if unknown)."""
    if year.criteria is None:
        return (np.nan,) * 4
    return tuple(year.criteria[s, j].tolist())  # Python floats, as float() gives


def _fill_gains(
    log: DecisionLog, year: YearContext, pending: list[tuple[int, int, int, int, int, bool]]
) -> None:
    """Weighted gains by goal of proposer and partner for the round's log rows (one call).

    ``pending`` rows: (log row, proposer, partner, area, form, swap); with ``swap`` the row
    is the partner's decision and lists the partner's gain first.
    """
    if not pending:
        return
    rows, a, b, c, f, swap = (np.array(x) for x in zip(*pending, strict=True))
    pool, k = pool_and_members(year, a, b, c, f)
    spec = f == int(Form.SPECIALISATION)
    # the proposer of a specialisation drops the role, its partner provides it
    m = len(rows)
    parts = member_gain(
        year,
        np.concatenate((a, b)),
        np.concatenate((b, a)),
        np.concatenate((c, c)),
        np.concatenate((f, f)),
        np.concatenate((pool, pool)),
        np.concatenate((k, k)),
        np.concatenate(
            (np.where(spec, Role.DROPPER, Role.MEMBER), np.where(spec, Role.PROVIDER, Role.MEMBER))
        ),
        parts=True,
    )
    for n_, row in enumerate(rows.tolist()):
        mine, theirs = parts[:, n_], parts[:, m + n_]
        if swap[n_]:
            mine, theirs = theirs, mine
        log.set_gains(row, mine, theirs)


def join_consent(
    book: ArrangementBook, year: YearContext, arr: Arrangement, s: int, j: int
) -> tuple[bool, str]:
    """May ``s`` join ``arr`` (proposed through member ``j``)? And if not, why.

    - membership: an arrangement of NATO or the EU takes only this year's members;
    - rivalry: no operational cooperation or deeper with a strategic rival among the members;
    - a viable share: the joiner brings at least ``arrangements.join_min_share`` of the average
      member's fleet;
    - consent: a framework (a NATO/EU programme or ``partners.framework_size`` members or more)
      with a lead needs the lead's consent (without a lead, the member proposed to); any other
      arrangement needs every member's -- each must still gain with the joiner.
    """
    ctx = year.gains
    code = INSTITUTION_CODE[arr.institution]
    if code and not year.eligible()[s, code]:
        return False, f"not a {arr.institution.upper()} member in {year.year}"
    if (
        ctx.rivalry is not None
        and arr.form >= Form.OPERATIONAL
        and ctx.rivalry[s, arr.members].any()
    ):
        return False, "strategic rivalry with a member"
    h = ctx.holdings
    c = arr.cap
    if arr.form is BUYING:
        caps = book.log.capabilities
        area = caps[c] if c < len(caps) else f"area {c}"
        why = join_refusal(s, arr.members, arr.lead, c, area, year.buy_due, ctx.commonality,
                           year.industry_clash, year.industry_lines)  # fmt: skip
        if why:
            return False, why
    members = [m for m in arr.members if m != s]
    pool = float(h[members, c].sum())
    if h[s, c] < year.params.arrangements.join_min_share * pool / max(len(members), 1):
        return False, "joiner's share below a viable share"
    framework = arr.origin in (Origin.NATO, Origin.EU) or len(arr.members) + 1 > book.framework_size
    if framework:
        deciders = [arr.lead] if arr.lead >= 0 and arr.lead != s else [j]
    else:
        deciders = members
    m = len(deciders)
    g = member_gain(
        year,
        np.array(deciders),
        np.full(m, s),
        np.full(m, c),
        np.full(m, int(arr.form)),
        np.full(m, pool + h[s, c]),
        np.full(m, len(members) + 1.0),
        np.zeros(m, dtype=int),
        established=True,
    )
    if (g <= year.params.arrangements.min_gain).any():
        return False, "refused by its lead" if framework else "refused by a member"
    return True, ""


def _review_gains(year: YearContext, st: Structure) -> np.ndarray:
    """Each member's current gain (established) from its arrangement, with its main partner.

    A specialisation's dropper and provider, and a crew on a partner's equipment (an
    integration with a commitment), are judged in their roles.
    """
    r, i = st.m_row, st.m_state
    f = st.form[r]
    crewed = (f == int(Form.INTEGRATED)) & st.m_dropper
    f = np.where(crewed, int(Form.SPECIALISATION), f)
    role = np.where(
        f == int(Form.SPECIALISATION),
        np.where(st.m_dropper, Role.DROPPER, Role.PROVIDER),
        Role.MEMBER,
    )
    pool = st.pool(year.gains.holdings)[r]
    pays = np.where(st.provider_pays[r], 0.0, 1.0)
    return member_gain(
        year,
        i,
        st.partner(),
        st.cap[r],
        f,
        pool,
        st.size[r],
        role,
        established=True,
        compensated=pays,
        crewed=crewed,
    )


def review_members(book: ArrangementBook, year: YearContext) -> int:
    """Members leave by decision, each with its reason; returns how many left.

    A member's current gain is recomputed with its main partner. It leaves

    - after ``patience_years`` losing years: for the ``budget`` when its financial weight is
      above its baseline share (economic pressure), otherwise for ``failed gains``;
    - at once when its trust in the main partner has fallen below ``arrangements.leave_trust``
      (``lost trust``: partners who stayed out of crises or walked out before).

    There is no random walk-out by default (issue 12: a 40-year integration does not end by
    chance); ``arrangements.defection_rate`` > 0 adds one (times the distrust, 1 - trust).
    Trust between the leaver and the others drops (``partners.defection_trust_loss``).
    """
    ap = year.params.arrangements
    ctx = year.gains
    st = book.structure()
    if len(st.arr) == 0:
        return 0
    r, i = st.m_row, st.m_state
    p = st.partner()
    gains = _review_gains(year, st)
    if ap.defection_rate > 0.0:
        draws = year.rng.random(len(r))
        walk_out = draws < ap.defection_rate * (1.0 - ctx.trust[i, p])
    else:
        walk_out = np.zeros(len(r), dtype=bool)
    distrust = ctx.trust[i, p] < ap.leave_trust
    losing = gains < ap.min_gain
    gp = year.params.goals
    base_fin = gp.base_financial / (gp.base_political + gp.base_military + gp.base_financial)
    pressed = ctx.weights[i, Goal.FINANCIAL] > base_fin + 1e-9
    left = 0
    counts = book.losing_years
    arr_idx = st.arr[r]
    losing_keys = set(zip(arr_idx[losing].tolist(), i[losing].tolist(), strict=True))
    for key in [k for k in counts if k not in losing_keys]:
        del counts[key]
    loss = year.params.partners.defection_trust_loss
    rows = np.nonzero(losing | walk_out | distrust)[0]
    # Python lists: one conversion instead of a NumPy scalar per element and flag
    flags = zip(
        arr_idx[rows].tolist(),
        i[rows].tolist(),
        losing[rows].tolist(),
        distrust[rows].tolist(),
        pressed[rows].tolist(),
        walk_out[rows].tolist(),
        strict=True,
    )
    for a_, mem, is_losing, is_distrust, is_pressed, is_walk_out in flags:
        key = (a_, mem)
        if is_losing:
            counts[key] = counts.get(key, 0) + 1
        arr = book.all[a_]
        if not arr.active or mem not in arr.members:
            continue
        if is_distrust:
            reason = "lost trust in its partner"
        elif counts.get(key, 0) >= ap.patience_years:
            years = ap.patience_years
            reason = f"budget: losing {years} years" if is_pressed else "failed gains"
        elif is_walk_out:
            reason = "defection (random)"
        else:
            continue
        counts.pop(key, None)
        book.leave(arr, mem, year.year, ctx.holdings, ctx.trust, loss, reason=reason)
        left += 1
    return left


def _may_deepen(year: YearContext, st: Structure) -> np.ndarray:
    """Arrangements (rows of ``st``) that may move one form deeper.

    Mature, trusted, held by every member, a deeper form allowed, and no strategic rivals
    among the members stepping to operational cooperation or deeper.
    """
    ap = year.params.arrangements
    ctx = year.gains
    n_a = len(st.arr)
    mature = st.maturity(year.year, year.forms.years_to_mature) >= 1.0
    trust_sum = np.bincount(st.p_row, weights=ctx.trust[st.p_a, st.p_b], minlength=n_a)
    need = np.bincount(st.p_row, weights=deepen_trust(year, st.p_a, st.p_b, 0), minlength=n_a)
    trusted = trust_sum >= np.where(need > 0, need, ap.deepen_trust)
    holds = np.ones(n_a, dtype=bool)
    np.logical_and.at(holds, st.m_row, ctx.holdings[st.m_state, st.cap[st.m_row]] > EPS)
    deeper_allowed = np.append(year.forms_allowed[1:], False)[st.form]
    ok = mature & trusted & holds & (st.form < int(Form.INTEGRATED)) & deeper_allowed
    if ctx.rivalry is not None:
        # strategic rivals among the members: no step to operational cooperation or deeper
        rivals = np.zeros(n_a, dtype=bool)
        np.logical_or.at(rivals, st.p_row, ctx.rivalry[st.p_a, st.p_b])
        ok &= ~(rivals & (st.form + 1 >= int(Form.OPERATIONAL)))
    return ok


def _apply_deepening(
    book: ArrangementBook, year: YearContext, st: Structure, rows: np.ndarray
) -> int:
    """Deepen the arrangements at ``rows`` of ``st`` whose parliaments consent; log each."""
    done = 0
    for row in rows:
        arr = book.all[st.arr[row]]
        nxt = Form(int(arr.form) + 1)
        if not arr.active or len(arr.members) != int(st.size[row]):
            continue
        members = list(arr.members)
        if book.consent(members, nxt, year.rng):
            new = book.deepen(arr, nxt, year.year)
            book.log.record(
                year.year,
                "deepen",
                new.code,
                members,
                arr.cap,
                nxt,
                parliament=book.parliament_outcome(nxt),
                reason=f"mature, trusted; every member gains more than from {arr.form.id}",
            )
            done += 1
        else:
            book.log.record(
                year.year,
                "refuse",
                arr.code,
                members,
                arr.cap,
                nxt,
                parliament="vetoed",
                reason="parliament (deepening)",
            )
    return done


def deepen(book: ArrangementBook, year: YearContext, structure: Structure) -> int:
    """Mature arrangements among trusting members move one form deeper if all gain more.

    Specialisation is not reached by deepening (it needs a dropper and a provider and is
    proposed as such); every member must hold the area (a joint hire deepens into pooling only
    then). Trust stands in for the risk of the deeper form: its chance of success is
    ``1 - (1 - p) * (1 - trust)`` among partners who have worked together (note, § Inleiding:
    relations pay off over a longer time). All candidates are judged in one vectorised pass.
    """
    ap = year.params.arrangements
    ctx = year.gains
    st = structure
    if len(st.arr) == 0:
        return 0
    n_a = len(st.arr)
    ok = _may_deepen(year, st)
    if not ok.any():
        return 0
    rows = np.nonzero(ok[st.m_row])[0]
    r, i = st.m_row[rows], st.m_state[rows]
    p = st.partner()[rows]
    c, f = st.cap[r], st.form[r]
    pool = st.pool(ctx.holdings)[r]
    k = st.size[r]
    m = len(rows)
    both = member_gain(
        year,
        np.concatenate((i, i)),
        np.concatenate((p, p)),
        np.concatenate((c, c)),
        np.concatenate((f, f + 1)),
        np.concatenate((pool, pool)),
        np.concatenate((k, k)),
        np.zeros(2 * m, dtype=int),
        established=np.concatenate((np.ones(m, bool), np.zeros(m, bool))),
        proven=np.concatenate((np.zeros(m, bool), np.ones(m, bool))),
    )
    g_now, g_next = both[:m], both[m:]
    all_better = np.ones(n_a, dtype=bool)
    np.logical_and.at(all_better, r, g_next > g_now + ap.deepen_margin)
    return _apply_deepening(book, year, st, np.nonzero(ok & all_better)[0])


def _apply_specialisation(
    book: ArrangementBook,
    year: YearContext,
    st: Structure,
    rows: np.ndarray,
    drop: np.ndarray,
    prov: np.ndarray,
) -> int:
    """Specialise the integrations at ``rows`` of ``st`` whose parliaments consent; log each.

    ``drop`` gives up the role and relies on ``prov``.
    """
    h = year.gains.holdings
    done = 0
    for row, d, p in zip(rows, drop, prov, strict=True):
        arr = book.all[st.arr[row]]
        if not arr.active or len(arr.members) != 2:
            continue
        if not book.consent([int(d), int(p)], Form.SPECIALISATION, year.rng):
            book.log.record(
                year.year,
                "refuse",
                arr.code,
                [int(d), int(p)],
                arr.cap,
                Form.SPECIALISATION,
                parliament="vetoed",
                reason="parliament (specialisation)",
            )
            continue
        new = book.specialise(arr, int(d), int(p), year.year, h)
        book.log.record(
            year.year,
            "specialise",
            new.code,
            [int(d), int(p)],
            arr.cap,
            Form.SPECIALISATION,
            parliament=book.parliament_outcome(Form.SPECIALISATION),
            reason="both gain more than from their integration; the dropper's floor allows it",
        )
        done += 1
    return done


def specialise(book: ArrangementBook, year: YearContext, structure: Structure) -> int:
    """Turn mature bilateral integration between trusting partners into role specialisation.

    The smaller holder drops the role and relies on the other: the deepest step of the note's
    ladder (§ Samenwerkingspartners: "rol- en taakspecialisatie"); both must gain more than
    from their integration, the dropper's sovereignty floor must allow it, and both
    parliaments must consent.
    """
    ap = year.params.arrangements
    st = structure
    if not year.forms_allowed[Form.SPECIALISATION] or len(st.arr) == 0:
        return 0
    mature = st.maturity(year.year, year.forms.years_to_mature) >= 1.0
    crews = np.zeros(len(st.arr), dtype=bool)
    np.logical_or.at(crews, st.m_row, st.m_dropper)  # crewed integrations stay as they are
    cand = np.nonzero((st.form == int(Form.INTEGRATED)) & (st.size == 2) & mature & ~crews)[0]
    if len(cand) == 0:
        return 0
    ctx = year.gains
    a, b, c = st.first[cand], st.second[cand], st.cap[cand]
    h = ctx.holdings
    small_first = h[a, c] <= h[b, c]
    drop = np.where(small_first, a, b)
    prov = np.where(small_first, b, a)
    ok = (
        (0.5 * (ctx.trust[drop, prov] + ctx.trust[prov, drop]) >= deepen_trust(year, drop, prov, 1))
        & ~(ctx.rivalry[drop, prov] if ctx.rivalry is not None else False)
        & ~ctx.floor[drop, c]
        & (h[drop, c] > EPS)
        & (h[prov, c] >= ctx.min_viable[c])
    )
    if not ok.any():
        return 0
    cand, drop, prov, c = cand[ok], drop[ok], prov[ok], c[ok]
    pool = h[drop, c] + h[prov, c]
    two = np.full(len(cand), 2.0)
    zero = np.zeros(len(cand), dtype=int)
    integ = np.full(len(cand), int(Form.INTEGRATED))
    spec = np.full(len(cand), int(Form.SPECIALISATION))
    m = len(cand)
    ones, nones = np.ones(m, bool), np.zeros(m, bool)
    g = member_gain(
        year,
        np.concatenate((drop, prov, drop, prov)),
        np.concatenate((prov, drop, prov, drop)),
        np.concatenate((c, c, c, c)),
        np.concatenate((integ, integ, spec, spec)),
        np.concatenate((pool, pool, pool, pool)),
        np.concatenate((two, two, two, two)),
        np.concatenate((zero, zero, zero + Role.DROPPER, zero + Role.PROVIDER)),
        established=np.concatenate((ones, ones, nones, nones)),
        proven=np.concatenate((nones, nones, ones, ones)),
    )
    now_d, now_p, new_d, new_p = g[:m], g[m : 2 * m], g[2 * m : 3 * m], g[3 * m :]
    better = (new_d > now_d + ap.deepen_margin) & (new_p > now_p + ap.deepen_margin)
    return _apply_specialisation(book, year, st, cand[better], drop[better], prov[better])
