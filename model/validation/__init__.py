"""Validation of coopsim: stylized facts, a backtest against real arrangements, calibration.

- :mod:`model.validation.facts` -- ``scorecard()``: each stylized fact's model value (mean and
  5-95 % band over seeds), target and verdict (``coopsim validate-facts``);
- :mod:`model.validation.backtest` -- ``backtest(outcomes_csv)`` (``run_backtest`` here):
  per-outcome hit probability, recall and lift over a random-partner null model
  (``coopsim backtest``);
- :mod:`model.validation.calibration` -- ``calibrate()``: a Latin-hypercube search of free
  parameters against the facts; it reports and never changes a default (``coopsim calibrate``).

See docs/VALIDATION.md and docs/CALIBRATION.md.
"""

# ``backtest`` stays the submodule; its main function is re-exported as ``run_backtest``
from model.validation.backtest import backtest as run_backtest
from model.validation.backtest import load_outcomes, score
from model.validation.facts import scorecard

__all__ = ["load_outcomes", "run_backtest", "score", "scorecard"]
