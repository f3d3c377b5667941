"""The ``coopsim`` command: list, validate and run scenarios.

Exit status: 0 success; 2 bad input (one line on stderr naming the file, key or value and what
is expected); 1 anything else.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

from model.folders import OutputError
from model.scenario import ScenarioError, list_scenarios, load_scenario, parse_value

EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """A user error on the command line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, no usage dump
        raise BadInput(f"{self.prog}: {message}")


def check_out(out: Path, force: bool, error: type[Exception] = BadInput) -> None:
    """Refuse an output folder that must not be written (see :func:`model.folders.check_out`)."""
    from model.folders import OutputError
    from model.folders import check_out as check

    try:
        check(out, force)
    except OutputError as err:
        raise error(str(err)) from None


def parse_years(text: str) -> tuple[int, int]:
    """Parse ``FROM:TO`` into two years."""
    parts = text.split(":")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise BadInput(f"--years {text!r}: expected FROM:TO, e.g. 2012:2035")
    start, end = int(parts[0]), int(parts[1])
    if end < start:
        raise BadInput(f"--years {text!r}: years run backwards; expected FROM <= TO")
    return start, end


def parse_sets(items: list[str]) -> dict[str, Any]:
    """Parse ``KEY=VALUE`` overrides (values as TOML literals)."""
    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise BadInput(
                f"--set {item!r}: expected KEY=VALUE, e.g. policy.nato_consultation=true"
            )
        out[key.strip()] = parse_value(value.strip())
    return out


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``coopsim``."""
    p = _Parser(prog="coopsim", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    sub.add_parser("list", help="the scenarios in scenarios/, one line each")

    v = sub.add_parser("validate", help="check a scenario without running it")
    v.add_argument("scenario", help="a name from `coopsim list` or a path to a scenario file")
    v.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")

    r = sub.add_parser("run", help="one run; writes the run folder")
    r.add_argument("scenario", help="a name from `coopsim list` or a path to a scenario file")
    r.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    r.add_argument("--years", metavar="FROM:TO", help="simulated years, inclusive")
    r.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a parameter by its dotted key (repeatable)",
    )
    r.add_argument("--out", type=Path, help="run folder (default results/<scenario>-seed<N>/)")
    r.add_argument("--force", action="store_true", help="overwrite a non-empty run folder")
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
    from model.world import build_world

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
    """Run one scenario and write its run folder."""
    from model.cooperation import CooperationModel
    from model.outputs import result_from_model

    years = parse_years(args.years) if args.years else None
    spec = load_scenario(args.scenario, parse_sets(args.set) or None, years)
    out = args.out or Path("results") / f"{spec.name}-seed{args.seed}"
    check_out(out, args.force)
    model = CooperationModel(spec, rng=args.seed)
    years_n = len(model.world.years)
    show = sys.stderr.isatty()
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=years_n, desc=spec.name, unit="year", file=sys.stderr)
    while model.running:
        model.step()
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    result = result_from_model(model)
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

#: Modules that add subcommands: each has ``register(subparsers) -> {name: handler}``, where a
#: handler takes the parsed arguments and returns the exit status.
EXTENSIONS = (
    "model.compare",
    "model.experiments.cli",
    "model.dashboard.cli",
    "model.validation.cli",
)


def _extensions(sub: Any) -> dict[str, Any]:
    import importlib

    handlers: dict[str, Any] = {}
    for name in EXTENSIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name and name.startswith(err.name):
                continue  # that part of coopsim is not installed/built
            raise
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
