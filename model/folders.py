"""Output folders that coopsim writes: written whole or not at all, never replacing a stranger's.

Every run, compare, sweep and validation folder carries a marker file (:data:`MARKER`) that
lists what coopsim wrote there. ``--force`` replaces only such a folder, only when it holds
nothing else, and never the filesystem root, the home folder, the working folder, the project
root or any folder above them. A folder is written in a hidden sibling
(``.<name>.partial-<pid>-<random>``) and renamed into place under an exclusive lock on the parent
folder, so two writers to one ``--out`` cannot silently replace each other; partial folders left
by processes that no longer run are removed by the next writer.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

#: The marker file in every folder coopsim writes.
MARKER = ".coopsim.json"

#: A scenario's or sweep's ``name``: an identifier, never a path.
NAME_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")

_PARTIAL = re.compile(r"\.(?P<name>.+)\.partial-(?P<pid>\d+)-[A-Za-z0-9_]+")
_PROJECT_ROOT = Path(__file__).resolve().parents[1]


class OutputError(ValueError):
    """An output folder that must not be written or replaced (bad input: exit status 2)."""


def check_name(name: str, where: str) -> str:
    """Return ``name`` if it is an identifier (``[A-Za-z0-9_][A-Za-z0-9_.-]*``, not ``.``/``..``).

    Raises :class:`OutputError` naming ``where`` otherwise: names become folder names under
    ``results/``, so a name must never be a path.
    """
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name) or name in {".", ".."}:
        raise OutputError(
            f"{where}: name {name!r} is not an identifier (expected letters, digits, '_', '.', "
            "'-', starting with a letter, digit or '_'; never a path)"
        )
    return name


def occupied(path: Path) -> bool:
    """Whether ``path`` exists and is not an empty folder (results there would be lost)."""
    path = Path(path)
    return (path.exists() or path.is_symlink()) and (not path.is_dir() or any(path.iterdir()))


def _protected(target: Path) -> str | None:
    """Why ``target`` may never be replaced, or None."""
    resolved = target.resolve()
    if resolved == Path(resolved.anchor):
        return "it is the filesystem root"
    for what, place in (
        ("the home folder", Path.home()),
        ("the working folder", Path.cwd()),
        ("the project root", _PROJECT_ROOT),
    ):
        place = place.resolve()
        if resolved == place or resolved in place.parents:
            return f"it is {what} or holds it"
    return None


def written_by_coopsim(target: Path) -> str | None:
    """Why ``target`` is not a folder coopsim wrote and alone holds, or None if it is."""
    if target.is_symlink() or not target.is_dir():
        return "it is not a folder coopsim wrote"
    marker = target / MARKER
    try:
        listed = set(json.loads(marker.read_text())["entries"])
    except (OSError, ValueError, KeyError, TypeError):
        return f"it has no readable coopsim marker ({MARKER}), so coopsim did not write it"
    extra = sorted(p.name for p in target.iterdir() if p.name != MARKER and p.name not in listed)
    if extra:
        return f"it also holds files coopsim did not write ({', '.join(extra[:3])})"
    return None


def check_out(target: str | os.PathLike[str], force: bool) -> Path:
    """Refuse a non-empty ``target`` unless ``force`` and :func:`replaceable`; return it."""
    target = Path(target)
    if not occupied(target):
        return target
    if not force:
        raise OutputError(
            f"--out {target}: folder exists and is not empty; use --force to overwrite"
        )
    why = _protected(target) or written_by_coopsim(target)
    if why:
        raise OutputError(f"--out {target}: --force refused: {why}")
    return target


def remove_stale_partials(parent: Path, name: str) -> None:
    """Remove ``.<name>.partial-<pid>-*`` folders in ``parent`` whose process is gone."""
    if not parent.is_dir():
        return
    for p in parent.iterdir():
        m = _PARTIAL.fullmatch(p.name)
        if m is None or m["name"] != name or pid_alive(int(m["pid"])):
            continue
        shutil.rmtree(p, ignore_errors=True)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs (one we may not signal counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_marker(folder: Path, kind: str, entries: tuple[str, ...] | None = None) -> None:
    """Write the marker listing the entries of ``folder`` that coopsim wrote.

    ``entries`` defaults to everything in the folder now (call it when the folder is
    complete); a folder that grows (a sweep) names what it may come to hold.
    """
    if entries is None:
        entries = tuple(p.name for p in folder.iterdir() if p.name != MARKER)
    entries = sorted(entries)
    doc = {"written_by": "coopsim", "version": _version(), "kind": kind, "entries": entries}
    (folder / MARKER).write_text(json.dumps(doc, indent=1) + "\n")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("coopsim")
    except PackageNotFoundError:
        return "unknown"


@contextlib.contextmanager
def _locked(parent: Path) -> Iterator[None]:
    fd = os.open(parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def atomic_folder(
    folder: str | os.PathLike[str], force: bool = False, kind: str = "run"
) -> Iterator[Path]:
    """Yield a hidden sibling of ``folder`` to write into; move it into place when complete.

    A failure leaves nothing half-written. An existing non-empty folder is replaced only with
    ``force=True`` and only if coopsim wrote it (:func:`check_out`); the check is repeated under
    an exclusive lock of the parent folder just before the rename, so a second writer that
    finished later fails instead of replacing the first one's results.
    """
    target = Path(folder)
    check_out(target, force)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_stale_partials(parent, target.name)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-{os.getpid()}-", dir=parent))
    except OSError as err:  # name the folder asked for, not a hidden sibling
        raise OSError(err.errno, err.strerror, str(target)) from err
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private; the result is a normal folder
    try:
        yield tmp
        write_marker(tmp, kind)
        with _locked(parent):
            check_out(target, force)
            old = None
            if target.exists() or target.is_symlink():
                old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=parent))
                os.replace(target, old / "x")
            os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as err:
        shutil.rmtree(tmp, ignore_errors=True)
        if err.filename is None or ".partial-" in str(err.filename):
            raise OSError(err.errno, err.strerror, str(target)) from err
        raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
