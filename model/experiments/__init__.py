"""Experiments declared apart from the model: sweeps, executors, sensitivity and EMA.

The model is one function, :func:`model.experiments.run.run` (``run(overrides, seed) ->``
model-level outcomes by year); sweeps (:mod:`~model.experiments.driver`), SALib
(:mod:`~model.experiments.sensitivity`) and the EMA Workbench adapter
(:mod:`~model.experiments.ema`) all call it.

Files
-----
spec.py         the sweep file: base scenario, parameters (grid or sampled ranges), seeds, years
run.py          ``run(overrides, seed)``: one model run -> its model-level table
runner.py       executors: in-process, local process pool, Dask cluster; chunked tasks
store.py        the sweep folder: Parquet parts written atomically, the ledger, resume
progress.py     progress bar (tqdm on a terminal, plain lines otherwise)
driver.py       ``sweep(path, ...)``: spec -> store -> runner, and ``load_sweep``
sensitivity.py  Sobol / Morris / delta indices from a sweep folder: CSV table and bar chart
ema.py          EMA Workbench 3 adapter and the PRIM scenario discovery worked example
cli.py          ``coopsim sweep`` and ``coopsim sensitivity``
"""

from model.experiments.driver import load_sweep, sweep
from model.experiments.spec import SweepError, SweepSpec, load_sweep_spec

__all__ = ["SweepError", "SweepSpec", "load_sweep", "load_sweep_spec", "sweep"]
