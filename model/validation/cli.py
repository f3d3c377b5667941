"""``coopsim validate-facts``, ``coopsim backtest`` and ``coopsim calibrate``.

Registered through ``model.cli.EXTENSIONS``: bad input raises :class:`model.cliargs.BadInput`
(one line on stderr, exit status 2); nothing is written before the input is validated.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# modules, not the functions of the same name that the package re-exports
import model.validation.backtest as bt
import model.validation.calibration as cal
import model.validation.facts as fx
from model import cliargs
from model.folders import atomic_folder
from model.scenario import load_scenario


def register(
    sub: Any, bad_input: type[Exception] = cliargs.BadInput
) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add the validation subcommands; return their handlers."""
    _add_parsers(sub)

    def _common(args: argparse.Namespace) -> None:
        if args.seeds < 2:
            raise bad_input(f"--seeds {args.seeds}: expected at least 2")
        if args.workers is not None and args.workers < 1:
            raise bad_input(f"--workers {args.workers}: expected a positive number")

    def cmd_facts(args: argparse.Namespace) -> int:
        _common(args)
        out = args.out or Path("results") / "validation-facts"
        cliargs.check_out(out, args.force, bad_input)
        start = time.perf_counter()
        table, details = fx.scorecard(args.seeds, workers=args.workers)
        with atomic_folder(out, args.force, kind="validate-facts") as tmp:
            fx.write_facts(table, details, tmp, args.seeds)
        print(f"{out}: {len(table)} facts over {args.seeds} seeds, "
              f"{time.perf_counter() - start:.1f} s")  # fmt: skip
        for _, r in table.iterrows():
            print(f"  {r['verdict']:<9} {r['key']:<22} {fx.fmt_value(r)}  target {r['target']}")
        return 0

    def cmd_backtest(args: argparse.Namespace) -> int:
        _common(args)
        years = cliargs.parse_years(args.years) if args.years else bt.DEFAULT_YEARS
        spec = load_scenario("reference_2012", None, years)
        try:
            outcomes = bt.load_outcomes(
                args.outcomes,
                list(spec.tables["states"]["iso3"]),
                list(spec.tables["capabilities"]["id"]),
            )
        except bt.OutcomeError as err:
            raise bad_input(str(err)) from None
        out = args.out or Path("results") / f"backtest-{args.outcomes.stem}"
        cliargs.check_out(out, args.force, bad_input)
        start = time.perf_counter()
        table = bt.backtest(outcomes, seeds=args.seeds, years=years, workers=args.workers)
        with atomic_folder(out, args.force, kind="backtest") as tmp:
            bt.write_backtest(table, tmp, source=str(args.outcomes))
        at = table.attrs
        print(
            f"{out}: {len(table)} outcomes, {args.seeds} seeds, {years[0]}-{years[1]}: recall "
            f"{at['recall']:.3f}, null {at['null_recall']:.4f}, lift {at['lift']:.1f}x "
            f"({time.perf_counter() - start:.1f} s)"
        )
        return 0

    def cmd_calibrate(args: argparse.Namespace) -> int:
        _common(args)
        if args.points < 2:
            raise bad_input(f"--points {args.points}: expected at least 2")
        out = args.out or Path("results") / "calibration"
        cliargs.check_out(out, args.force, bad_input)
        start = time.perf_counter()
        res = cal.calibrate(
            points=args.points, seeds=args.seeds, check_seeds=args.check_seeds,
            workers=args.workers,
        )  # fmt: skip
        with atomic_folder(out, args.force, kind="calibrate") as tmp:
            cal.write_calibration(res, tmp)
        print(f"{out}: {args.points} points x {args.seeds} seeds, "
              f"{time.perf_counter() - start:.1f} s")  # fmt: skip
        print(res["check"].to_string(index=False))
        return 0

    return {"validate-facts": cmd_facts, "backtest": cmd_backtest, "calibrate": cmd_calibrate}


def _add_parsers(sub: Any) -> None:
    """The parsers of ``validate-facts``, ``backtest`` and ``calibrate``."""
    f = sub.add_parser(
        "validate-facts",
        help="stylized facts: reference_2012 over many seeds against published figures",
    )
    f.add_argument(
        "--seeds", type=int, default=fx.DEFAULT_SEEDS, help="seeds 1..K (default 20, >= 2)"
    )
    cliargs.add_workers(f)
    cliargs.add_out(f, help="folder (default results/validation-facts/)")

    b = sub.add_parser(
        "backtest",
        help="score reference_2012's arrangements against real ones formed after mid-2012",
    )
    b.add_argument("outcomes", type=Path, help="outcomes CSV (id,year,members,capability,form)")
    b.add_argument("--seeds", type=int, default=bt.DEFAULT_SEEDS, help="seeds 1..K (default 20)")
    cliargs.add_years(b, help="simulated years (default 2012:2025)")
    cliargs.add_workers(b)
    cliargs.add_out(b, help="folder (default results/backtest-<outcomes>/)")

    c = sub.add_parser(
        "calibrate",
        help="Latin-hypercube search of free parameters against the stylized facts "
        "(reports; never changes defaults)",
    )
    c.add_argument("--points", type=int, default=40, help="design points (default 40)")
    c.add_argument("--seeds", type=int, default=6, help="seeds per point (default 6)")
    c.add_argument("--check-seeds", type=int, default=20, help="seeds to re-check the best")
    cliargs.add_workers(c)
    cliargs.add_out(c, help="folder (default results/calibration/)")
