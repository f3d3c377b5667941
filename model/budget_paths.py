"""Budget paths users write: real growth rates per state and year laid over the data's index.

Three sources give a state's real budget growth in a year, highest precedence first: a
scenario's ``[[budget_paths]]`` row (state, years, growth), ``budgets.state_growth.<ISO3>`` and
``budgets.real_growth_override`` (both from ``budgets.override_from`` to
``budgets.override_until``). A year none of them covers follows the data -- until the state's
first overridden year; after it, ``budgets.after_override`` decides: the data's yearly growth
rates from the level reached (``data``) or that level held (``flat``). The issue's strategist:
"cut 2 % a year to 2020, then flat, for the Netherlands alone".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import TypeAdapter, ValidationError

from model.params import BudgetParams, RealGrowth

_GROWTH = TypeAdapter(RealGrowth)


@dataclass(frozen=True)
class BudgetPath:
    """One state's real budget growth per year from ``from_year`` to ``to_year`` (inclusive).

    Parameters
    ----------
    state
        ISO 3166 alpha-3 code.
    from_year, to_year
        First and last year whose budget grows at ``real_growth`` over the year before.
    real_growth
        Real growth per year, within the contract's bounds of ``budgets.state_growth``.

    Raises
    ------
    ValueError
        ``"<key>: <what is expected>"`` when the years run backwards or the growth is not a
        finite number within bounds.
    """

    state: str
    from_year: int
    to_year: int
    real_growth: float

    def __post_init__(self) -> None:
        if self.to_year < self.from_year:
            raise ValueError(
                f"to_year: {self.to_year} is before from_year {self.from_year}; "
                "expected from_year <= to_year"
            )
        if not math.isfinite(self.real_growth):
            raise ValueError(f"real_growth: expected a finite number, got {self.real_growth}")
        try:
            _GROWTH.validate_python(self.real_growth)
        except ValidationError as err:
            msg = err.errors()[0]["msg"].lower()
            raise ValueError(f"real_growth: {msg}, got {self.real_growth}") from None


def override_rates(
    params: BudgetParams,
    paths: tuple[BudgetPath, ...],
    states: tuple[str, ...],
    years: np.ndarray,
) -> np.ndarray:
    """Real growth per state and year that replaces the data (N x T; NaN = not overridden).

    Sources are laid on in rising precedence, so a later one overwrites: the global override,
    then ``state_growth``, then ``[[budget_paths]]`` rows (in file order). The first simulated
    year is the base level and never overridden: growth starts in the year after it.
    """
    years = np.asarray(years)
    rates = np.full((len(states), len(years)), np.nan)
    until = np.inf if params.override_until is None else params.override_until
    window = (years >= params.override_from) & (years <= until)
    if params.real_growth_override is not None:
        rates[:, window] = params.real_growth_override
    row = {code: i for i, code in enumerate(states)}
    for code, growth in params.state_growth.items():
        rates[_row(row, code, "budgets.state_growth"), window] = growth
    for path in paths:
        span = (years >= path.from_year) & (years <= path.to_year)
        rates[_row(row, path.state, "budget_paths"), span] = path.real_growth
    rates[:, :1] = np.nan
    return rates


def _row(row: dict[str, int], code: str, key: str) -> int:
    if code not in row:
        raise ValueError(f"{key}: unknown state '{code}' (known: {', '.join(row)})")
    return row[code]


def follow_rates(base: np.ndarray, rates: np.ndarray, after: Literal["data", "flat"]) -> np.ndarray:
    """The budget index (N x T) when ``rates`` replace the data path ``base`` where set.

    A state follows ``base`` until its first overridden year; from then on each year is the
    year before times ``1 + rate`` where a rate is set and, where none is, times the data's
    own growth (``after = "data"``) or times 1 (``"flat"``). Vectorised over states; the loop
    runs over the years, each depending on the one before.
    """
    out = base.copy()
    started = np.zeros(base.shape[0], dtype=bool)
    for k in range(1, base.shape[1]):
        set_now = ~np.isnan(rates[:, k])
        started |= set_now
        if not started.any():
            continue
        tail = 1.0 if after == "flat" else base[:, k] / base[:, k - 1]
        factor = np.where(set_now, 1.0 + rates[:, k], tail)
        out[:, k] = np.where(started, out[:, k - 1] * factor, base[:, k])
    return out
