"""The ``coopsim`` command: list, validate and run scenarios.

Exit status: 0 success; 2 bad input (one line on stderr naming the file, key or value and what
is expected); 1 anything else (a fault: disk full, read-only folder, a bug), also one line;
``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import errno
import signal
import sys
import threading
import traceback
from pathlib import Path
from typing import Any

import numpy as np

from model import compare, options
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
from model.cooperation import CooperationModel
from model.dashboard import cli as dashboard_cli
from model.experiments import cli as experiments_cli
from model.folders import OutputError
from model.run import run
from model.scenario import ScenarioError, ignored_events, list_scenarios, load_scenario
from model.validation import cli as validation_cli

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FAULT",
    "EXTENSIONS",
    "BadInput",
    "build_parser",
    "check_out",
    "main",
    "parse_sets",
    "parse_years",
]

EXIT_FAULT = 1
#: Largest seed accepted (numpy's generators take any non-negative integer; sweeps use 31 bits).
MAX_SEED = 2**63 - 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``coopsim``."""
    p = Parser(prog="coopsim", description=__doc__.splitlines()[0])
    p.add_argument(
        "--debug", action="store_true", help="show the traceback of an error (anywhere in argv)"
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser)

    sub.add_parser("list", help="the scenarios in scenarios/, one line each")

    v = sub.add_parser("validate", help="check a scenario without running it")
    v.add_argument("scenario", help="a name from `coopsim list` or a path to a scenario file")
    add_years(v)
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


def note_ignored(spec: Any) -> None:
    """Print the one note on scripted events after the run's last year (if any) to stderr."""
    note = ignored_events(spec)
    if note:
        print(f"coopsim: {note}", file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    """Load and check a scenario; build its model (world, calibration) as a run would."""
    years = parse_years(args.years) if args.years else None
    spec = load_scenario(args.scenario, parse_sets(args.set) or None, years)
    world = CooperationModel(spec, rng=1).world
    sim = spec.params.simulation
    arr = spec.tables["arrangements"]
    scheduled = int((arr["start_year"] > sim.start_year).sum()) if len(arr) else 0
    print(
        f"ok: {spec.name}: {world.n_states} states, {world.n_caps} capability areas, "
        f"{len(arr) - scheduled} initial and {scheduled} scheduled arrangements, "
        f"{len(spec.crises)} scripted crises, {sim.start_year}-{sim.end_year}"
    )
    note_ignored(spec)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Run one scenario with its go-it-alone twin and write its run folder."""
    if not 0 <= args.seed <= MAX_SEED:
        raise BadInput(f"--seed {args.seed}: expected a whole number in [0, 2**63 - 1]")
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
    check_finite(result.tables())
    result.save(out, figures=not args.no_figures, force=args.force)
    note_ignored(spec)  # after the run: a refused run prints one line only
    head = result.summary().get("headline", {})
    print(
        f"{out}: {spec.name}, seed {args.seed}, {result.years[0]}-{result.years[1]}; "
        f"alliance gap {head.get('capability_gap_start', 0):.3f} -> "
        f"{head.get('capability_gap_end', 0):.3f}, cumulative savings "
        f"{head.get('savings_cumulative', 0):,.0f} {result.currency}"
    )
    return 0


class Fault(RuntimeError):
    """Something that should not happen with valid input (exit status 1)."""


#: Tables whose blank (NaN) cells mean "not applicable" (a decision without gains, e.g. an end).
BLANK_ALLOWED = frozenset({"decisions"})


def check_finite(tables: dict[str, Any]) -> None:
    """Refuse to write results holding NaN or infinite numbers (a fault of the model, not input).

    In :data:`BLANK_ALLOWED` tables a NaN is a blank cell by design; infinities are refused.
    """
    for name, df in tables.items():
        for col in df.columns:
            values = df[col]
            if values.dtype.kind != "f":
                continue
            v = values.to_numpy()
            bad = np.isinf(v) if name in BLANK_ALLOWED else ~np.isfinite(v)
            if bad.any():
                raise Fault(f"{name}.csv column '{col}' holds non-finite numbers; nothing written")


COMMANDS: dict[str, Any] = {"list": cmd_list, "validate": cmd_validate, "run": cmd_run}

#: Modules that add subcommands: each has ``register(subparsers, bad_input) -> {name: handler}``,
#: where a handler takes the parsed arguments and returns the exit status.
EXTENSIONS = (compare, options, experiments_cli, dashboard_cli, validation_cli)


def _extensions(sub: Any) -> dict[str, Any]:
    handlers: dict[str, Any] = {}
    for module in EXTENSIONS:
        handlers.update(module.register(sub, BadInput))
    return handlers


def _say(message: str, debug: bool) -> None:
    """Print one line ``coopsim: message`` on stderr (after the traceback with ``--debug``)."""
    if debug:
        traceback.print_exc(file=sys.stderr)
    line = " ".join(f"coopsim: {message}".replace("coopsim: coopsim:", "coopsim:").split())
    print(line, file=sys.stderr)


def _os_error(err: OSError) -> str:
    """One line for an I/O error: the file and what went wrong (``ENOSPC``: disk full)."""
    what = {
        errno.ENOSPC: "no space left on the device (disk full)",
        errno.EROFS: "read-only file system",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted (read-only or immutable?)",
        errno.ENAMETOOLONG: "file name too long",
        errno.EDQUOT: "disk quota exceeded",
    }.get(err.errno or 0, err.strerror or type(err).__name__)
    where = err.filename if err.filename is not None else "I/O error"
    return f"{where}: {what}"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``coopsim`` console script.

    Every exception becomes one line on stderr: bad input exits 2, anything else 1; ``--debug``
    (anywhere in ``argv``) also prints the traceback.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    argv = [a for a in argv if a != "--debug"]
    previous = _exit_on_sigterm()
    try:
        parser = build_parser()
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        handlers = {**COMMANDS, **_extensions(sub)}
        args = parser.parse_args(argv)
        return handlers[args.command](args)
    except (BadInput, ScenarioError) as err:
        _say(str(err), debug)
        return EXIT_BAD_INPUT
    except (FileExistsError, OutputError) as err:
        _say(str(err), debug)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _say("interrupted", debug)
        return EXIT_FAULT
    except MemoryError:
        _say("out of memory", debug)
        return EXIT_FAULT
    except OSError as err:
        _say(_os_error(err), debug)
        return EXIT_FAULT
    except Fault as err:
        _say(str(err), debug)
        return EXIT_FAULT
    except Exception as err:  # noqa: BLE001 -- the edge: one line, not a traceback
        hint = "" if debug else " (run with --debug for the traceback)"
        _say(f"internal error: {type(err).__name__}: {err}{hint}", debug)
        return EXIT_FAULT
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm() -> Any:
    """Turn SIGTERM into ``SystemExit(143)`` so half-written folders are cleaned up on the way out.

    Returns the previous handler (None when not in the main thread, where none can be set).
    """
    if threading.current_thread() is not threading.main_thread():
        return None

    def terminate(signum: int, frame: Any) -> None:
        print("coopsim: terminated", file=sys.stderr)
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, terminate)


if __name__ == "__main__":
    sys.exit(main())
