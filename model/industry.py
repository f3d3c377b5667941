"""Who may buy kit with whom: procurement moments and the defence-industrial base (issue 12).

Two rules on procurement sharing (buying the same kit, the note's "gezamenlijke verwerving"),
ODD 7.31:

1. **Kit is bought at a procurement moment.** A state joins or founds a procurement-sharing
   arrangement in an area only at its procurement moment there (the year its successor is
   chosen, :func:`model.procurement.moment_years`; a co-founder within
   ``procurement.sync_years`` of its own), unless it already fields the family every member
   fields (a common upgrade or support programme). The note ties cooperation in acquisition to
   the national process "van behoeftestelling, verwerving en exploitatie" (§
   Samenwerkingspartners) and names the F-16 successor as the moment to cooperate with Norway.
   A fleet without a replacement year in ``fleet_replacement.csv`` (or a scenario without the
   table) is not constrained: the behaviour before issue 12.
2. **Own defence industry.** A state with a production line in an area does not join or found a
   procurement-sharing arrangement there whose lead (without a lead: any member) produces a
   different line; co-producers of one line may (``defence_industry_2012.csv``). Defence-
   industrial preference is the rule of European procurement: collaborative programmes share
   work by "juste retour" (Heuninckx 2008, PPLR 17(3); Hartley, "The Industrial and Economic
   Benefits of Eurofighter Typhoon", 2006, and Hartley in Sandler & Hartley eds., Handbook of
   Defense Economics, 1995), and Art. 296 (now 346) TFEU lets states keep major systems
   national (European Commission, COM(2013) 542, "Towards a more competitive and efficient
   defence and security sector"). The note counts "vormgeven aan economische diplomatie" among
   the political goals of cooperation (§ Doelen).

Pooling is not covered: a pool shares fleets its members already hold (the EATC, 2010), so it
needs no purchase and no moment. Operational and integrated units and specialisations combine
forces with different kit (the Franco-German Brigade, 1 German-Netherlands Corps), so the
industrial rule does not apply to them either.
"""

from __future__ import annotations

import numpy as np

from model.params import Form

#: The form that buys kit together (rules 1 and 2).
BUYING = Form.PROCUREMENT_SHARING


def buying_windows(
    moments: np.ndarray, unknown: np.ndarray, year: int, sync_years: int
) -> tuple[np.ndarray, np.ndarray]:
    """May a state buy kit in each area this year: at its moment, and near it (N x C each).

    ``moments`` are the moment years (N x C x 2); ``unknown`` (N x C) marks the areas without
    a replacement year in the data, which are always open (no data: no constraint).
    """
    gap = np.abs(moments - year).min(axis=2)
    return (gap == 0) | unknown, (gap <= sync_years) | unknown


def programme_family(
    common: np.ndarray,
    m_row: np.ndarray,
    m_state: np.ndarray,
    first: np.ndarray,
    cap: np.ndarray,
    form: np.ndarray,
) -> np.ndarray:
    """Whether ``s`` fields the family of ``x``'s programme in ``c`` (N x N x C bool).

    For an ``x`` in a procurement-sharing arrangement in ``c``: ``s`` fields ``x``'s family and
    every member fields the first member's (a programme of one family); otherwise ``x``'s own
    family. The member rows (``m_row``, ``m_state``) and arrangement rows (``first``, ``cap``,
    ``form``) are those of :class:`~model.arrangements.Structure`.
    """
    c_m = cap[m_row]
    mixed_row = np.zeros(len(first), dtype=bool)
    mixed_row[m_row[~common[first[m_row], m_state, c_m]]] = True
    buy = form[m_row] == int(BUYING)
    mixed = np.zeros(common.shape[1:], dtype=bool)  # (N, C): x's programme mixes families
    mixed[m_state[buy], c_m[buy]] = mixed_row[m_row[buy]]
    return common & ~mixed[None, :, :]


def buying_grid(
    due: np.ndarray,
    near: np.ndarray,
    common: np.ndarray,
    clash: np.ndarray | None,
    ps: np.ndarray,
    cand: np.ndarray,
    joins: np.ndarray,
) -> np.ndarray:
    """Which (proposer, candidate, area) may share procurement (P x K x C bool).

    ``joins`` (P x K x C): the candidate already runs a procurement-sharing arrangement there
    (the proposer would join it; only the joiner needs its moment). ``common`` (N x N x C):
    same platform family. ``clash`` (N x N x C): producers of different lines.
    """
    fam = common[ps[:, None], cand]  # (P, K, C)
    ok = fam | (due[ps][:, None, :] & (joins | near[cand]))
    if clash is not None:
        ok &= ~clash[ps[:, None], cand]
    return ok


def join_refusal(
    s: int,
    members: list[int],
    lead: int,
    c: int,
    area: str,
    due: np.ndarray | None,
    common: np.ndarray,
    clash: np.ndarray | None,
    lines: np.ndarray | None,
) -> str:
    """Why ``s`` may not join a procurement-sharing arrangement in ``c`` ('' if it may).

    Rule 1: ``s`` is at its moment in ``c`` or fields the family every other member fields.
    Rule 2: ``s`` produces no line different from the lead's (without a lead, any member's).
    """
    others = [m for m in members if m != s]
    if due is not None and not due[s, c] and not (others and common[s, others, c].all()):
        return f"not replacing its fleet in {area} this year"
    if clash is not None and lines is not None:
        anchor = [lead] if lead >= 0 and lead != s else others
        if clash[s, anchor, c].any():
            return f"own defence industry ({lines[s, c]})"
    return ""


def may_buy(
    due: np.ndarray | None,
    clash: np.ndarray | None,
    common: np.ndarray | None,
    s: np.ndarray,
    j: np.ndarray,
    c: np.ndarray,
    f: np.ndarray,
) -> np.ndarray:
    """Vectorised rules 1 and 2 for ``s`` buying with (or into the programme of) ``j`` in ``c``.

    True where ``f`` is not procurement sharing; otherwise ``s`` is at its moment (``due``) or
    fields ``j``'s family (``common``), and the two are no producers of different lines
    (``clash``). The arguments broadcast; flat indices keep it to one ``take`` per array.
    """
    other = np.asarray(f) != int(BUYING)
    shape = np.broadcast_shapes(np.shape(s), np.shape(j), np.shape(c), other.shape)
    ok = np.ones(shape, dtype=bool)
    if (due is None and clash is None) or other.all():
        return ok
    n, n_c = clash.shape[1:] if clash is not None else due.shape  # type: ignore[union-attr]
    sjc = (s * n + j) * n_c + c
    if due is not None:
        ok &= due.ravel().take(s * n_c + c)
        if common is not None:
            ok |= common.ravel().take(sjc)
    if clash is not None:
        ok &= ~clash.ravel().take(sjc)
    return ok | other
