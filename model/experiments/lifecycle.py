"""Worker processes die with the process that started them.

A pool's workers are children of a fork server, not of the coopsim process, so a ``kill -9`` of
coopsim used to leave them computing for minutes. :func:`die_with_parent` runs in each worker
as the pool's ``initializer``: it asks Linux to SIGKILL the worker when its parent goes
(``prctl(PR_SET_PDEATHSIG)``) and watches the coopsim process itself (a ``pidfd``, or polling
where there is none), so the worker ends within about a second of either.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import threading
import time

from model.folders import pid_alive

PR_SET_PDEATHSIG = 1
#: Seconds between checks where the coopsim process cannot be watched through a pidfd.
POLL_SECONDS = 0.5


def pool_options() -> dict[str, object]:
    """Keyword arguments of ``ProcessPoolExecutor`` that make its workers die with this process."""
    return {"initializer": die_with_parent, "initargs": (os.getpid(),)}


def die_with_parent(owner_pid: int) -> None:
    """End this worker (SIGKILL) as soon as its parent or ``owner_pid`` is gone.

    Parameters
    ----------
    owner_pid
        The process that made the pool (coopsim); checked as well as the direct parent,
        which for a ``forkserver`` pool is the fork server.
    """
    _set_pdeathsig()
    if not pid_alive(owner_pid):
        _die()
    threading.Thread(target=_watch, args=(owner_pid,), name="die-with-parent", daemon=True).start()


def _set_pdeathsig() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux: the watch thread remains
        pass


def _watch(owner_pid: int) -> None:
    try:
        fd = os.pidfd_open(owner_pid)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])  # readable when the process has ended
        _die()
    while pid_alive(owner_pid):  # pragma: no cover - kernels without pidfd
        time.sleep(POLL_SECONDS)
    _die()  # pragma: no cover


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)
