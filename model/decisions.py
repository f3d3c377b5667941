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
        gain: Sequence[float] = NAN3,
        partner_gain: Sequence[float] = NAN3,
        scores: Sequence[float] = NAN4,
        parliament: str = "",
        reason: str = "",
    ) -> None:
        """Append one decision (``states``: indices, the deciding state first)."""
        self.rows.append(
            (
                int(year),
                kind,
                arrangement,
                ";".join(self._state(int(s)) for s in states),
                self.capabilities[int(cap)] if int(cap) < len(self.capabilities) else str(cap),
                Form(int(form)).id,
                *(float(g) for g in gain),
                *(float(g) for g in partner_gain),
                *(float(x) for x in scores),
                parliament,
                reason,
            )
        )

    def _state(self, s: int) -> str:
        return self.states[s] if s < len(self.states) else str(s)

    def frame(self) -> pd.DataFrame:
        """The decisions as a table (one row per decision, in the order taken)."""
        if not self.rows:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
        return pd.DataFrame.from_records(self.rows, columns=list(COLUMNS))
