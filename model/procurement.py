"""Procurement moments and frameworks that grow (issue 12, items 5 and 7).

A fleet that is due for replacement is a natural moment to open cooperation: the successor
can be bought with partners, or in a partner's programme, with common equipment from the
start. The note (§ Samenwerkingspartners) has the Netherlands weigh its partners' plans "bij
het nationale proces van behoeftestelling, verwerving en exploitatie" and names the F-16
successor with Norway ("samenwerking bij de verwerving, instandhouding en training van en met
de opvolger van de F-16"). Replacement years come from ``fleet_replacement.csv`` (basis
``plan_2012`` or ``service_life``; its later-known ``notes`` are never read).

At its moment a state weighs three options by the gain machinery of
:mod:`model.arrangements` (the note's goal weights) and the partner score (its criteria):

- **alone**: the reference (gain 0);
- **join** a partner's pool or acquisition programme in the area (membership, rivalry, a
  viable share and the consent its form implies, :func:`~model.arrangements.join_consent`);
- **launch** a joint acquisition (procurement sharing) with the partners whose own moment
  in the area lies within ``procurement.sync_years`` (up to ``procurement.max_founders``).

The new kit is common (both buy the same family), so the gains at a moment are judged with
commonality in the area. Frameworks (NATO/EU programmes, and lead-nation arrangements of
``procurement.framework_min_members`` or more) take one new member a year, by the same
criteria, up to ``procurement.framework_max_members``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from model.arrangements import (
    IS_FLEET,
    Arrangement,
    ArrangementBook,
    Bookings,
    Structure,
    YearContext,
    join_consent,
    member_gain,
    pool_and_members,
)
from model.capabilities import EPS
from model.industry import may_buy
from model.params import Form, Origin, ProcurementParams, Role

LAUNCH = Form.PROCUREMENT_SHARING
#: Forms a successor fleet is bought into at a moment: a pool or an acquisition programme (an
#: operational or integrated unit is joined by a proposal, not by a purchase).
_PROGRAMME_IDS = np.array([int(Form.POOLING), int(Form.PROCUREMENT_SHARING)])


def moment_years(
    replacement: np.ndarray, first_year: int, params: ProcurementParams, rng: np.random.Generator
) -> np.ndarray:
    """The year of each fleet's procurement moment (N x C x 2; a large year where none).

    ``replacement - lead_years``; a fleet whose moment has passed by ``first_year`` (most were
    life-extended) meets it in a year drawn uniformly over the first ``overdue_spread_years``.
    """
    moment = replacement - params.lead_years
    overdue = moment < first_year
    drawn = first_year + rng.integers(0, params.overdue_spread_years, size=replacement.shape)
    return np.where(overdue, drawn, moment)


@dataclass(frozen=True)
class Options:
    """Each due fleet's options with its candidate partners (D x K), judged at once."""

    s: np.ndarray  # (D,) the due state
    c: np.ndarray  # (D,) its area
    j: np.ndarray  # (D, K) candidate partners
    form: np.ndarray  # (D, K) the form: the partner's fleet form (join) or procurement sharing
    join: np.ndarray  # (D, K) bool: joining the partner's arrangement (else launching)
    g_s: np.ndarray  # (D, K) the due state's gain (-inf where not an option)
    g_j: np.ndarray  # (D, K) the partner's gain
    value: np.ndarray  # (D, K) gain plus the partner-score bonus; -inf where not mutual
    stay: np.ndarray  # (D,) the gain an option must beat
    parts_s: np.ndarray  # (D, K, 3) the due state's gain by goal (for the decision log)
    parts_j: np.ndarray  # (D, K, 3) the partner's


def at_moment(year: YearContext, s: np.ndarray, c: np.ndarray) -> YearContext:
    """The year as judged at a moment: new kit in area ``c`` is common with every partner."""
    common = year.gains.commonality.copy()
    common[s, :, c] = True
    common[:, s, c] = True
    return replace(year, gains=replace(year.gains, commonality=common))


def _options(
    year: YearContext,
    bookings: Bookings,
    s: np.ndarray,
    c: np.ndarray,
    near: np.ndarray,
    stay_rows: tuple[np.ndarray, ...],
) -> Options:
    """Join or launch with each of the due states' best-scoring partners (one vectorised pass).

    An option must beat ``min_gain`` alone, or, for a member of a fleet arrangement, its gain
    there plus ``arrangements.deepen_margin`` (``stay_rows``: :func:`_stay_inputs`). Both
    sides' gains by goal and the staying gains come from one ``member_gain`` call.
    """
    ctx = year.gains
    pp = year.params.partners
    n = len(year.staff_capacity)
    kk = min(pp.candidate_partners, n - 1)
    score = np.where(np.eye(n, dtype=bool), -np.inf, year.partner_scores)[s]
    j = np.argsort(-score, axis=1, kind="stable")[:, :kk]
    cc = np.broadcast_to(c[:, None], j.shape)
    ss = np.broadcast_to(s[:, None], j.shape)
    pf = bookings.primary_form[j, cc]
    join = (pf == _PROGRAMME_IDS[0]) | (pf == _PROGRAMME_IDS[1])
    # a programme is joined below its largest size only
    join &= year.ledger.members[j, cc] < year.params.procurement.framework_max_members
    free = year.staff_capacity - bookings.staff_used
    form = np.where(join, pf, int(LAUNCH))
    need = year.forms.staff_load[form]
    ok = (free[ss] >= need) & (free[j] >= need) & year.forms_allowed[form]
    launch = ~join & (pf < 0) & (ctx.holdings[j, cc] > EPS) & near[j, cc]
    ok &= join | launch
    mine = bookings.primary[ss, cc]
    ok &= (mine < 0) | (bookings.primary[j, cc] != mine)  # not the arrangement it is in
    if ctx.rivalry is not None:
        ok &= ~(ctx.rivalry[ss, j] & (form >= int(Form.OPERATIONAL)))
    ok &= may_buy(None, year.industry_clash, ctx.commonality, ss, j, cc, form)  # ODD 7.31
    parts_s = np.zeros(j.shape + (3,))
    parts_j = np.zeros(j.shape + (3,))
    idx = np.nonzero(ok)
    stay, g_s, g_j = _judge(year, ss[idx], j[idx], cc[idx], form[idx], stay_rows, len(s))
    g_s_all = np.full(j.shape, -np.inf)
    g_j_all = np.full(j.shape, -np.inf)
    if len(idx[0]):
        parts_s[idx], parts_j[idx] = g_s.T, g_j.T
        g_s_all[idx], g_j_all[idx] = g_s.sum(axis=0), g_j.sum(axis=0)
    min_gain = year.params.arrangements.min_gain
    mutual = (g_s_all > np.maximum(stay, min_gain)[:, None]) & (g_j_all > min_gain)
    bonus = pp.proposal_score_weight * score[np.arange(len(s))[:, None], j]
    value = np.where(mutual, g_s_all + bonus, -np.inf)
    return Options(s, c, j, form, join, g_s_all, g_j_all, value, stay, parts_s, parts_j)


def _judge(
    year: YearContext,
    s: np.ndarray,
    j: np.ndarray,
    c: np.ndarray,
    f: np.ndarray,
    stay_rows: tuple[np.ndarray, ...],
    n_due: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The staying gains (D,) and both sides' gains by goal (3 x M each), in one call."""
    rows, si, part, ci, form, pool_r, k_r = stay_rows
    pool, k = pool_and_members(year, s, j, c, f)
    m, r = len(s), len(rows)
    parts = member_gain(
        year,
        np.concatenate((s, j, si)),
        np.concatenate((j, s, part)),
        np.concatenate((c, c, ci)),
        np.concatenate((f, f, form)),
        np.concatenate((pool, pool, pool_r)),
        np.concatenate((k, k, k_r)),
        np.zeros(2 * m + r, dtype=int),
        established=np.concatenate((np.zeros(2 * m, bool), np.ones(r, bool))),
        parts=True,
    )
    stay = np.full(n_due, year.params.arrangements.min_gain)
    stay[rows] = parts[:, 2 * m :].sum(axis=0) + year.params.arrangements.deepen_margin
    return stay, parts[:, :m], parts[:, m : 2 * m]


def _stay_inputs(
    book: ArrangementBook, year: YearContext, bookings: Bookings, s: np.ndarray, c: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Who is in a fleet arrangement already, and its staying judgement's inputs.

    A member replaces its fleet inside its arrangement unless another option gains more than
    staying by ``arrangements.deepen_margin`` (its gain with its main partner, established).
    Returns (rows of the due fleets, state, main partner, area, form, pool, members).
    """
    prim = bookings.primary[s, c]
    rows = np.nonzero(prim >= 0)[0]
    led = year.ledger
    si, ci = s[rows], c[rows]
    arrs = [book.all[int(x)] for x in prim[rows].tolist()]
    part = np.array([a.lead if a.lead >= 0 and a.lead != x else
                     next((m for m in a.members if m != x), x)
                     for a, x in zip(arrs, si.tolist(), strict=True)], dtype=int)  # fmt: skip
    pool = led.pool_others[si, ci] + year.gains.holdings[si, ci]
    return rows, si, part, ci, led.primary_form[si, ci], pool, led.members[si, ci]


def _switch_out(
    book: ArrangementBook, year: YearContext, bookings: Bookings, s: int, c: int, to: str
) -> None:
    """``s`` leaves its fleet arrangement in ``c``: its successor fleet goes elsewhere."""
    idx = int(bookings.primary[s, c])
    if idx < 0:
        return
    arr = book.all[idx]
    if arr.active and s in arr.members:
        h, trust = year.gains.holdings, year.gains.trust
        reason = f"procurement moment: the successor fleet goes to {to}"
        book.leave(arr, s, year.year, h, trust, 0.0, reason=reason)
    bookings.primary[s, c] = -1
    bookings.primary_form[s, c] = -1


def procure(
    book: ArrangementBook, year: YearContext, bookings: Bookings, moments: np.ndarray
) -> int:
    """States at a procurement moment go alone, join a programme or launch one; how many did.

    ``moments`` (N x C x 2) are the moment years (:func:`moment_years`). A due state that
    already has a fleet arrangement in the area replaces its fleet inside it unless another
    option gains more than staying (:func:`_stay_gain`; it then leaves, with that reason); one
    that no longer holds the area, or crews or lends units there, has nothing to replace. Due
    fleets are taken in a random order.
    """
    if not year.params.procurement.moments or moments is None:
        return 0
    ctx = year.gains
    led = year.ledger
    due = (moments == year.year).any(axis=2) & (ctx.holdings > EPS)
    due &= (led.committed_in <= EPS) & (led.committed_out <= EPS)
    s, c = np.nonzero(due)
    if len(s) == 0:
        return 0
    near = (np.abs(moments - year.year) <= year.params.procurement.sync_years).any(axis=2)
    myear = at_moment(year, s, c)
    opts = _options(myear, bookings, s, c, near, _stay_inputs(book, myear, bookings, s, c))
    before = bookings.primary[s, c].copy()
    done = 0
    for d in year.rng.permutation(len(s)).tolist():
        if not np.isfinite(opts.value[d]).any() or bookings.primary[s[d], c[d]] != before[d]:
            continue  # no option beats going alone or staying (or it changed this year)
        k = int(np.argmax(opts.value[d]))
        if opts.join[d, k]:
            done += _join(book, myear, bookings, opts, d, k)
        else:
            done += _launch(book, myear, bookings, opts, d)
    return done


def crew_on_partner_kit(book: ArrangementBook, year: YearContext, moments: np.ndarray) -> int:
    """At its moment, a member of an integration may crew its partner's kit instead of rebuying.

    The German-Dutch tank battalion (Dutch crews on German Leopard 2 from 2016; the NLD kept
    mechanised brigades without tanks of its own after 2011). A due state in an integrated
    arrangement hands its fleet to the member holding the most (at viable scale), crews those
    units and pays their operating share (:meth:`CostModel.crew_share`) if it gains more than
    from the integration as it is (``arrangements.deepen_margin``), its sovereignty floor
    allows it, the provider still gains, the pair is no rivalry, and both parliaments consent
    (the integrated form's hurdle). Returns how many did.
    """
    if not year.params.procurement.moments or moments is None:
        return 0
    ctx = year.gains
    led = year.ledger
    h = ctx.holdings
    due = (moments == year.year).any(axis=2) & (h > EPS) & ~ctx.floor
    due &= (led.primary_form == int(Form.INTEGRATED)) & (led.committed_in <= EPS)
    due &= led.committed_out <= EPS
    s, c = np.nonzero(due)
    if len(s) == 0:
        return 0
    arrs = [book.all[int(led.primary[a, b])] for a, b in zip(s, c, strict=True)]
    prov = np.array([max((m for m in a.members if m != x), key=lambda m: h[m, a.cap])
                     for a, x in zip(arrs, s, strict=True)])  # fmt: skip
    ok = (h[prov, c] >= ctx.min_viable[c]) & ~(
        ctx.rivalry[s, prov] if ctx.rivalry is not None else False
    )
    pool = np.array([float(h[a.members, a.cap].sum()) for a in arrs])
    k = np.array([float(len(a.members)) for a in arrs])
    now, crew, provider = _crew_gains(year, s, prov, c, pool, k)
    ap = year.params.arrangements
    ok &= (crew > now + ap.deepen_margin) & (provider > ap.min_gain)
    done = 0
    for d in np.nonzero(ok)[0].tolist():
        arr, a, b = arrs[d], int(s[d]), int(prov[d])
        if not arr.active or a in arr.commitments or not book.consent([a, b], arr.form, year.rng):
            continue
        book.crew(arr, a, b, h)
        _log_crew(book, year, arr, a, b, float(pool[d]), float(k[d]))
        done += 1
    return done


def _crew_gains(
    year: YearContext,
    s: np.ndarray,
    prov: np.ndarray,
    c: np.ndarray,
    pool: np.ndarray,
    k: np.ndarray,
    parts: bool = False,
) -> np.ndarray:
    """Gains (3 x D): the crew's from its integration now, as a crew, and the provider's.

    With ``parts`` only the crew's, by goal (3 x D), for the decision log.
    """
    m = len(s)
    spec = np.full(m, int(Form.SPECIALISATION))
    if parts:
        return member_gain(year, s, prov, c, spec, pool, k, np.full(m, int(Role.DROPPER)),
                           proven=True, crewed=True, parts=True)  # fmt: skip
    g = member_gain(
        year,
        np.concatenate((s, s, prov)),
        np.concatenate((prov, prov, s)),
        np.concatenate((c, c, c)),
        np.concatenate((np.full(m, int(Form.INTEGRATED)), spec, spec)),
        np.concatenate((pool, pool, pool)),
        np.concatenate((k, k, k)),
        np.concatenate(
            (np.zeros(m, int), np.full(m, int(Role.DROPPER)), np.full(m, int(Role.PROVIDER)))
        ),
        established=np.concatenate((np.ones(m, bool), np.zeros(2 * m, bool))),
        proven=np.concatenate((np.zeros(m, bool), np.ones(2 * m, bool))),
        crewed=np.concatenate((np.zeros(m, bool), np.ones(2 * m, bool))),
    )
    return g.reshape(3, m)


def _log_crew(
    book: ArrangementBook, year: YearContext, arr: Arrangement, a: int, b: int, pool: float,
    k: float,
) -> None:  # fmt: skip
    """The crew's decision in ``decisions.csv``: a deepening of the integration, with its gain."""
    one = np.array
    gain = _crew_gains(year, one([a]), one([b]), one([arr.cap]), one([pool]), one([k]), True)
    book.log.record(
        year.year,
        "deepen",
        arr.code,
        [a, b],
        arr.cap,
        arr.form,
        gain=gain[:, 0],
        parliament=book.parliament_outcome(arr.form),
        reason="procurement moment: own crews on the partner's equipment instead of a "
        "successor fleet (crewed integration)",
    )


def _book(year: YearContext, bookings: Bookings, arr: Arrangement, new: list[int]) -> None:
    """The members' staff, shared area and fleet arrangement, for later decisions this year."""
    c = arr.cap
    load = year.forms.staff_load_per_member
    exponent = year.params.partners.member_staff_exponent
    for m in new:
        bookings.staff_used[m] += load(int(arr.form), len(arr.members), m == arr.lead, exponent)
    for m in arr.members:
        bookings.primary[m, c] = arr.index
        bookings.primary_form[m, c] = int(arr.form)
        bookings.shared[m, arr.members, c] = True
        bookings.shared[m, m, c] = False


def _join(
    book: ArrangementBook,
    year: YearContext,
    bookings: Bookings,
    opts: Options,
    d: int,
    k: int,
) -> int:
    """The due state joins its partner's fleet arrangement (1 if it did)."""
    s, c, j = int(opts.s[d]), int(opts.c[d]), int(opts.j[d, k])
    arr = book.all[int(bookings.primary[j, c])]
    form = arr.form
    reason = f"procurement moment: join {arr.code} with the successor fleet"
    gains = {"gain": opts.parts_s[d, k], "partner_gain": opts.parts_j[d, k]}
    book.log.record(year.year, "propose", arr.code, [s, j], c, form, reason=reason, **gains)
    ok, why = join_consent(book, year, arr, s, j)
    vote = ""
    if ok and not book.consent([s], form, year.rng):
        ok, why, vote = False, "parliament", "vetoed"
    if not ok:
        reason = f"procurement moment: {why}"
        book.log.record(year.year, "refuse", arr.code, [s, j], c, form, parliament=vote,
                        reason=reason, **gains)  # fmt: skip
        return 0
    _switch_out(book, year, bookings, s, c, arr.code)
    book.join(arr, s)
    _book(year, bookings, arr, [s])
    others = [m for m in arr.members if m != s]
    why = "members consent" if arr.lead < 0 else "lead consents"
    book.log.record(
        year.year,
        "join",
        arr.code,
        [s] + others,
        c,
        form,
        parliament=book.parliament_outcome(form),
        reason=f"procurement moment: {why}",
        **gains,
    )
    return 1


def _launch(
    book: ArrangementBook,
    year: YearContext,
    bookings: Bookings,
    opts: Options,
    d: int,
) -> int:
    """The due state launches a joint acquisition with its partners due about now (1 if so).

    Founders: the partners with a mutual gain (best value first, up to ``max_founders``),
    each still gaining in the whole group; every founder's parliament consents.
    """
    s, c = int(opts.s[d]), int(opts.c[d])
    mutual = ~opts.join[d] & np.isfinite(opts.value[d])
    order = np.argsort(-np.where(mutual, opts.value[d], -np.inf), kind="stable")
    partners = [int(opts.j[d, k]) for k in order[: int(mutual.sum())]]
    partners = [p for p in partners if bookings.primary_form[p, c] < 0]
    partners = partners[: year.params.procurement.max_founders - 1]
    if not partners:
        return 0
    founders = [s] + partners
    g = _group_gain(year, founders, c)
    lo = year.params.arrangements.min_gain
    least = [max(float(opts.stay[d]), lo)] + [lo] * len(partners)
    founders = [m for m, x, low in zip(founders, g, least, strict=True) if x > low]
    reason = "procurement moment: launch a joint acquisition with partners due about now"
    if s not in founders or len(founders) < 2:
        return 0
    k = int(order[0])  # the best partner's judgement, as logged
    gains = {"gain": opts.parts_s[d, k], "partner_gain": opts.parts_j[d, k]}
    book.log.record(year.year, "propose", "", founders, c, LAUNCH, reason=reason, **gains)
    if not book.consent(founders, LAUNCH, year.rng):
        book.log.record(
            year.year,
            "refuse",
            "",
            founders,
            c,
            LAUNCH,
            parliament="vetoed",
            reason="procurement moment: parliament",
            **gains,
        )
        return 0
    _switch_out(book, year, bookings, s, c, "a joint acquisition")
    arr = book.create(founders, s, c, LAUNCH, Origin.BOTTOM_UP, year.year)
    _book(year, bookings, arr, founders)
    book.log.record(
        year.year,
        "consent",
        arr.code,
        founders,
        c,
        LAUNCH,
        parliament=book.parliament_outcome(LAUNCH),
        reason="procurement moment: every founder gains in the group",
        **gains,
    )
    return 1


def _group_gain(year: YearContext, founders: list[int], c: int) -> np.ndarray:
    """Each founder's gain from a joint acquisition of the whole group (with the first's)."""
    h = year.gains.holdings
    m = len(founders)
    f = np.array(founders)
    other = np.where(f == founders[0], founders[1], founders[0])
    return member_gain(
        year,
        f,
        other,
        np.full(m, c),
        np.full(m, int(LAUNCH)),
        np.full(m, float(h[f, c].sum())),
        np.full(m, float(m)),
        np.zeros(m, dtype=int),
    )


def grow_frameworks(
    book: ArrangementBook, year: YearContext, bookings: Bookings, structure: Structure
) -> int:
    """Frameworks take one new member a year by the same criteria; returns how many joined.

    Open to joiners: active fleet-form arrangements opened in the simulation, of NATO or the
    EU or with a lead and at least ``procurement.framework_min_members`` members, below
    ``framework_max_members`` (programmes older than the start are joined at procurement
    moments). A candidate holds the area, has no fleet arrangement in it, staff to spare, counts
    the lead (or, without one, the first member) among its ``partners.candidate_partners``
    best-scoring partners and gains from joining; the best value per framework
    asks, and :func:`~model.arrangements.join_consent` (membership, rivalry, viable share, the
    lead's or every member's consent) and its parliament decide. A state joins one a year.
    Frameworks are read from ``structure``, the year's opening structure (one formed this
    year grows from the next).
    """
    pp = year.params.procurement
    st = structure
    size_ok = (st.size >= pp.framework_min_members) & (st.lead >= 0) | st.framework
    rows = np.nonzero(
        size_ok & ~st.initial & (st.size < pp.framework_max_members) & IS_FLEET[st.form]
    )[0]
    frameworks = [book.all[int(x)] for x in st.arr[rows].tolist()]
    if not frameworks:
        return 0
    ctx = year.gains
    h = ctx.holdings
    n = len(year.staff_capacity)
    c = st.cap[rows]
    anchor = np.where(st.lead[rows] >= 0, st.lead[rows], st.first[rows])
    form = st.form[rows]
    size = st.size[rows].astype(float)
    members = np.zeros((len(frameworks), n), dtype=bool)
    for i, a in enumerate(frameworks):
        members[i, a.members] = True
    fleet = (members * h[:, c].T).sum(axis=1)
    free = year.staff_capacity - bookings.staff_used
    # the same criteria as a proposal: the lead is among the joiner's best-scoring partners
    score = year.partner_scores
    kk = min(year.params.partners.candidate_partners, n - 1)
    masked = np.where(np.eye(n, dtype=bool), -np.inf, score)
    kth = -np.sort(-masked, axis=1)[:, kk - 1]
    cand = (
        ~members
        & (h[:, c].T > EPS)
        & (bookings.primary_form[:, c].T < 0)
        & (free[None, :] >= year.forms.staff_load[form][:, None])
        & (score[:, anchor].T >= kth[None, :])
        & may_buy(year.buy_due, year.industry_clash, year.buy_family, np.arange(n)[None, :],
                  anchor[:, None], c[:, None], form[:, None])  # ODD 7.31
    )  # fmt: skip
    a_i, s_i = np.nonzero(cand)
    if len(a_i) == 0:
        return 0
    pool = fleet[a_i] + h[s_i, c[a_i]]
    g = member_gain(
        year, s_i, anchor[a_i], c[a_i], form[a_i], pool, size[a_i] + 1.0,
        np.zeros(len(a_i), dtype=int),
    )  # fmt: skip
    value = g + year.params.partners.proposal_score_weight * score[s_i, anchor[a_i]]
    value = np.where(g > year.params.arrangements.min_gain, value, -np.inf)
    best = np.full((len(frameworks), n), -np.inf)
    best[a_i, s_i] = value
    return _apply_growth(book, year, bookings, frameworks, best)


def _apply_growth(
    book: ArrangementBook,
    year: YearContext,
    bookings: Bookings,
    frameworks: list[Arrangement],
    best: np.ndarray,
) -> int:
    """Each framework's best candidate asks to join (frameworks in a random order)."""
    joined = 0
    for a in year.rng.permutation(len(frameworks)).tolist():
        arr = frameworks[a]
        row = best[a]
        full = len(arr.members) >= year.params.procurement.framework_max_members
        if not arr.active or full or row.max() == -np.inf:
            continue
        s = int(np.argmax(row))
        if bookings.primary_form[s, arr.cap] >= 0:
            continue
        anchor = arr.lead if arr.lead >= 0 else arr.members[0]
        reason = f"framework {arr.code} grows: the joiner gains by its goal weights"
        book.log.record(year.year, "propose", arr.code, [s, anchor], arr.cap, arr.form,
                        reason=reason)  # fmt: skip
        ok, why = join_consent(book, year, arr, s, anchor)
        vote = ""
        if ok and not book.consent([s], arr.form, year.rng):
            ok, why, vote = False, "parliament", "vetoed"
        if not ok:
            book.log.record(year.year, "refuse", arr.code, [s, anchor], arr.cap, arr.form,
                            parliament=vote, reason=f"framework grows: {why}")  # fmt: skip
            continue
        book.join(arr, s)
        _book(year, bookings, arr, [s])
        best[:, s] = -np.inf  # a state joins one framework a year
        why = "lead consents" if arr.lead >= 0 else "members consent"
        book.log.record(
            year.year,
            "join",
            arr.code,
            [s] + [m for m in arr.members if m != s],
            arr.cap,
            arr.form,
            parliament=book.parliament_outcome(arr.form),
            reason=f"framework grows: {why}",
        )
        joined += 1
    return joined
