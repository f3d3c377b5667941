"""Command-line arguments shared by every ``coopsim`` subcommand, and the one bad-input error.

``coopsim run``, ``compare``, ``sweep``, ``validate-facts`` and ``backtest`` take the same
``--seed``, ``--years``, ``--set``, ``--out``/``--force`` and ``--workers`` options with the same
meaning; they are declared and parsed here once.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, NoReturn

from model.folders import OutputError
from model.folders import check_out as _check_out
from model.scenario import parse_value

__all__ = [
    "EXIT_BAD_INPUT",
    "BadInput",
    "Parser",
    "add_force",
    "add_out",
    "add_seed",
    "add_sets",
    "add_workers",
    "add_years",
    "check_out",
    "check_workers",
    "parse_sets",
    "parse_years",
]

EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """A user error on the command line (exit status 2, one line on stderr)."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one :class:`BadInput` line, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        """Raise :class:`BadInput` with argparse's message."""
        raise BadInput(f"{self.prog}: {message}")


def check_out(out: Path, force: bool, error: type[Exception] = BadInput) -> None:
    """Refuse an output folder that must not be written (see :func:`model.folders.check_out`)."""
    try:
        _check_out(out, force)
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


def check_workers(workers: int | None) -> None:
    """Refuse ``--workers`` below 1."""
    if workers is not None and workers < 1:
        raise BadInput(f"--workers {workers}: expected a positive number of processes")


# ------------------------------------------------------------------ the shared options
def add_seed(p: argparse.ArgumentParser) -> None:
    """``--seed N`` (default 1)."""
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")


def add_years(p: argparse.ArgumentParser, help: str = "simulated years, inclusive") -> None:
    """``--years FROM:TO`` (parse with :func:`parse_years`)."""
    p.add_argument("--years", metavar="FROM:TO", help=help)


def add_sets(
    p: argparse.ArgumentParser,
    flag: str = "--set",
    help: str = "override a parameter by its dotted key (repeatable)",
) -> None:
    """``--set KEY=VALUE``, repeatable (parse with :func:`parse_sets`)."""
    p.add_argument(flag, action="append", default=[], metavar="KEY=VALUE", help=help)


def add_out(p: argparse.ArgumentParser, help: str, force: bool = True) -> None:
    """``--out DIR`` and, unless ``force=False``, ``--force``."""
    p.add_argument("--out", type=Path, help=help)
    if force:
        add_force(p)


def add_force(p: argparse.ArgumentParser, help: str = "overwrite a non-empty folder") -> None:
    """``--force``: replace a folder coopsim wrote (see :mod:`model.folders`)."""
    p.add_argument("--force", action="store_true", help=help)


def add_workers(p: argparse.ArgumentParser, help: str = "processes (default: all cores)") -> None:
    """``--workers N`` (check with :func:`check_workers`)."""
    p.add_argument("--workers", type=int, help=help)
