"""``coopsim sweep`` and ``coopsim sensitivity``: the command-line face of :mod:`model.experiments`.

Both run the same functions as the Python API (:func:`model.sweep`,
:func:`model.experiments.sensitivity.sensitivity`).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from model import cliargs
from model.experiments.driver import default_out, sweep
from model.experiments.sensitivity import ranked, sensitivity
from model.experiments.spec import load_sweep_spec
from model.experiments.store import read_table


def register(sub: Any, bad_input: type[Exception] = cliargs.BadInput) -> dict[str, Any]:
    """Add the ``sweep`` and ``sensitivity`` subcommands; return their handlers."""
    _add_sweep_parser(sub)
    _add_sensitivity_parser(sub)

    def cmd_sweep(args: argparse.Namespace) -> int:

        if args.workers is not None and args.workers < 1:
            raise bad_input(f"--workers {args.workers}: expected a whole number >= 1")
        if args.chunk_size is not None and args.chunk_size < 1:
            raise bad_input(f"--chunk-size {args.chunk_size}: expected a whole number >= 1")
        if not (math.isfinite(args.flush_every) and args.flush_every >= 0):
            raise bad_input(f"--flush-every {args.flush_every}: expected seconds >= 0")
        if not args.sweep.is_file():
            raise bad_input(f"{args.sweep}: no such sweep file")
        folder = sweep(
            args.sweep,
            workers=args.workers,
            scheduler=args.scheduler,
            out=args.out,
            resume=args.resume,
            force=args.force,
            chunk_size=args.chunk_size,
            flush_seconds=args.flush_every,
        )
        runs = read_table(folder, "runs", columns=["run_id", "status"])
        failed = int((runs["status"] != "ok").sum())
        print(
            f"{folder}: {len(runs)} runs ({failed} failed); read with "
            f"pandas.read_parquet('{folder}/model')"
        )
        if failed:
            first = runs.loc[runs["status"] != "ok", "run_id"].iloc[0]
            print(
                f"coopsim: sweep {folder}: {failed} of {len(runs)} runs failed (first: run "
                f"{first}); each is recorded in runs/ with its error",
                file=sys.stderr,
            )
            return 1
        return 0

    def cmd_sensitivity(args: argparse.Namespace) -> int:

        if args.dir is not None:
            folder = args.dir
        elif args.sweep.is_dir():
            folder = args.sweep
        elif args.sweep.is_file():
            folder = default_out(load_sweep_spec(args.sweep))
        else:
            raise bad_input(f"{args.sweep}: no such sweep file or folder")
        if not (folder / "sweep.json").is_file():
            raise bad_input(f"{folder}: not a sweep folder; run `coopsim sweep` first")
        csv, png = sensitivity(folder, args.year, tuple(args.outcome) or None, args.out)
        print(ranked(pd.read_csv(csv)))
        print(f"\nwritten: {csv}\n         {png}")
        return 0

    return {"sweep": cmd_sweep, "sensitivity": cmd_sensitivity}


def _add_sweep_parser(sub: Any) -> None:
    """``coopsim sweep SWEEP [--workers N] [--scheduler ADDRESS] [--out DIR] [--resume] ...``."""
    s = sub.add_parser("sweep", help="many runs in parallel from a sweep file (Parquet output)")
    s.add_argument("sweep", type=Path, help="sweep file, e.g. scenarios/sweeps/smoke.toml")
    cliargs.add_workers(s, help="local worker processes (default: all cores)")
    s.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="send the runs to a running Dask scheduler, e.g. tcp://127.0.0.1:8786",
    )
    cliargs.add_out(s, help="sweep folder (default results/sweeps/<name>/)", force=False)
    s.add_argument(
        "--resume",
        action="store_true",
        help="finish the runs missing from an existing sweep folder",
    )
    cliargs.add_force(s, help="replace a non-empty sweep folder")
    s.add_argument("--chunk-size", type=int, help="runs per task (default: ~8 tasks per worker)")
    s.add_argument(
        "--flush-every",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="write finished runs at least this often (default 5 s)",
    )


def _add_sensitivity_parser(sub: Any) -> None:
    """``coopsim sensitivity SWEEP [--dir DIR] [--year Y] [--outcome NAME ...] [--out DIR]``."""
    t = sub.add_parser("sensitivity", help="global sensitivity indices (SALib) from a sweep")
    t.add_argument("sweep", type=Path, help="sweep file (its default folder) or sweep folder")
    t.add_argument("--dir", type=Path, help="the sweep folder, if not the default one")
    t.add_argument("--year", type=int, help="year analysed (default: the sweep file's)")
    t.add_argument(
        "--outcome",
        action="append",
        default=[],
        help="outcome (repeatable): a model.csv column or a state outcome of the sweep such as "
        "NLD.autonomy (default: the sweep file's)",
    )
    t.add_argument(
        "--out", type=Path, help="where the CSV and PNG go (default <folder>/sensitivity)"
    )
