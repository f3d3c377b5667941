"""The decisions of a run, with their reasons: ``decisions.csv`` (issue 12, item 9).

Every proposal made (not every candidate judged), consent, refusal, join, deepening,
specialisation, leave and end is appended as one row while the model runs (a tuple per
decision: cheap); :meth:`DecisionLog.frame` builds the table once, at the end of the run.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from model.params import Form

#: The contract's decision kinds.
KINDS = ("propose", "consent", "refuse", "join", "deepen", "specialise", "leave", "end")

#: Columns of ``decisions.csv``: the proposer's (or member's) gain by goal, the partner's gain by
#: goal, the proposer's score of the partner by the note's four criteria (each in [0, 1]).
COLUMNS = (
    "year",
    "kind",
    "arrangement",
    "states",
    "capability",
    "form",
    "gain_political",
    "gain_military",
    "gain_financial",
    "partner_gain_political",
    "partner_gain_military",
    "partner_gain_financial",
    "score_distance",
    "score_culture",
    "score_synergy",
    "score_goals",
    "parliament",
    "reason",
)

NAN3 = (np.nan, np.nan, np.nan)
NAN4 = (np.nan, np.nan, np.nan, np.nan)


class DecisionLog:
    """Rows of decisions, appended as they are taken; :meth:`frame` gives the table."""

    def __init__(self, states: Sequence[str], capabilities: Sequence[str]) -> None:
        self.states = tuple(states)
        self.capabilities = tuple(capabilities)
        self.rows: list[tuple] = []

    def record(
        self,
        year: int,
        kind: str,
        arrangement: str,
        states: Sequence[int],
        cap: int,
        form: int,
        gain: Sequence[float] | None = None,
        partner_gain: Sequence[float] | None = None,
        scores: Sequence[float] | None = None,
        parliament: str = "",
        reason: str = "",
    ) -> int:
        """Append one decision (``states``: indices, the deciding state first); its row number.

        Kept raw (indices, tuples); names and columns are made once, in :meth:`frame`.
        """
        self.rows.append(
            (
                year,
                kind,
                arrangement,
                tuple(states),
                cap,
                int(form),
                gain,
                partner_gain,
                scores,
                parliament,
                reason,
            )
        )
        return len(self.rows) - 1

    def set_gains(self, row: int, gain: Sequence[float], partner_gain: Sequence[float]) -> None:
        """Fill in the gains of row ``row`` (computed for many rows at once)."""
        r = self.rows[row]
        self.rows[row] = r[:6] + (tuple(gain), tuple(partner_gain)) + r[8:]

    def frame(self) -> pd.DataFrame:
        """The decisions as a table (one row per decision, in the order taken)."""
        if not self.rows:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
        form_ids = [f.id for f in Form]
        names, n_names = self.states, len(self.states)
        caps, n_caps = self.capabilities, len(self.capabilities)
        out = []
        for year, kind, code, states, cap, form, gain, pgain, scores, parl, reason in self.rows:
            ids = [int(s) for s in states]
            out.append(
                (
                    int(year),
                    kind,
                    code,
                    ";".join([names[s] if s < n_names else str(s) for s in ids]),
                    caps[int(cap)] if int(cap) < n_caps else str(cap),
                    form_ids[form],
                    *(NAN3 if gain is None else map(float, gain)),
                    *(NAN3 if pgain is None else map(float, pgain)),
                    *(NAN4 if scores is None else map(float, scores)),
                    parl,
                    reason,
                )
            )
        return pd.DataFrame.from_records(out, columns=list(COLUMNS))
