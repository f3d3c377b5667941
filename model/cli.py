"""The ``coopsim`` command: list, validate and run scenarios.

Exit status: 0 success; 2 bad input (one line on stderr naming the file, key or value and what
is expected); 1 anything else.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from model import compare
from model.cliargs import (
    EXIT_BAD_INPUT,
    BadInput,
    Parser,
    add_out,
    add_seed,
    add_sets,
    add_years,
    check_out,
    parse_sets,
    parse_years,
)
from model.dashboard import cli as dashboard_cli
from model.experiments import cli as experiments_cli
from model.folders import OutputError
from model.run import run
from model.scenario import ScenarioError, list_scenarios, load_scenario
from model.validation import cli as validation_cli
from model.world import build_world

__all__ = [
    "EXIT_BAD_INPUT",
    "EXTENSIONS",
    "BadInput",
    "build_parser",
    "check_out",
    "main",
    "parse_sets",
    "parse_years",
]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``coopsim``."""
    p = Parser(prog="coopsim", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser)

    sub.add_parser("list", help="the scenarios in scenarios/, one line each")

    v = sub.add_parser("validate", help="check a scenario without running it")
    v.add_argument("scenario", help="a name from `coopsim list` or a path to a scenario file")
    add_sets(v)

    r = sub.add_parser("run", help="one run; writes the run folder")
    r.add_argument("scenario", help="a name from `coopsim list` or a path to a scenario file")
    add_seed(r)
    add_years(r)
    add_sets(r)
    add_out(r, help="run folder (default results/<scenario>-seed<N>/)")
    r.add_argument("--no-figures", action="store_true", help="skip the figures")
    return p


def cmd_list(_: argparse.Namespace) -> int:
    """Print every scenario with its one-line description."""
    rows = list_scenarios()
    width = max((len(n) for n, _ in rows), default=0)
    for name, desc in rows:
        print(f"{name:<{width}}  {desc}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Load and check a scenario; build its world to catch data problems too."""
    spec = load_scenario(args.scenario, parse_sets(args.set) or None)
    world = build_world(spec)
    sim = spec.params.simulation
    arr = spec.tables["arrangements"]
    scheduled = int((arr["start_year"] > sim.start_year).sum()) if len(arr) else 0
    print(
        f"ok: {spec.name}: {world.n_states} states, {world.n_caps} capability areas, "
        f"{len(arr) - scheduled} initial and {scheduled} scheduled arrangements, "
        f"{len(spec.crises)} scripted crises, {sim.start_year}-{sim.end_year}"
    )
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Run one scenario with its go-it-alone twin and write its run folder."""
    years = parse_years(args.years) if args.years else None
    spec = load_scenario(args.scenario, parse_sets(args.set) or None, years)
    out = args.out or Path("results") / f"{spec.name}-seed{args.seed}"
    check_out(out, args.force)
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        n_years = spec.params.simulation.end_year - spec.params.simulation.start_year + 1
        bar = tqdm(total=n_years, desc=spec.name, unit="year", file=sys.stderr)
    try:
        result = run(
            spec,
            args.seed,
            counterfactual=True,
            on_step=None if bar is None else lambda _m: bar.update(1),
        )
    finally:
        if bar is not None:
            bar.close()
    result.save(out, figures=not args.no_figures, force=args.force)
    head = result.summary().get("headline", {})
    print(
        f"{out}: {spec.name}, seed {args.seed}, {result.years[0]}-{result.years[1]}; "
        f"alliance gap {head.get('capability_gap_start', 0):.3f} -> "
        f"{head.get('capability_gap_end', 0):.3f}, cumulative savings "
        f"{head.get('savings_cumulative', 0):,.0f} {result.currency}"
    )
    return 0


COMMANDS: dict[str, Any] = {"list": cmd_list, "validate": cmd_validate, "run": cmd_run}

#: Modules that add subcommands: each has ``register(subparsers, bad_input) -> {name: handler}``,
#: where a handler takes the parsed arguments and returns the exit status.
EXTENSIONS = (compare, experiments_cli, dashboard_cli, validation_cli)


def _extensions(sub: Any) -> dict[str, Any]:
    handlers: dict[str, Any] = {}
    for module in EXTENSIONS:
        handlers.update(module.register(sub, BadInput))
    return handlers


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``coopsim`` console script."""
    try:
        parser = build_parser()
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        handlers = {**COMMANDS, **_extensions(sub)}
        args = parser.parse_args(argv)
        return handlers[args.command](args)
    except (BadInput, ScenarioError) as err:
        print(f"coopsim: {err}".replace("coopsim: coopsim:", "coopsim:"), file=sys.stderr)
        return EXIT_BAD_INPUT
    except (FileExistsError, OutputError) as err:
        print(f"coopsim: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("coopsim: interrupted", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
