"""``coopsim dashboard``: serve the interactive dashboard with Solara, on 127.0.0.1 by default."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

#: Solara's module path of the app.
APP = "model.dashboard.app"
DEFAULT_PORT = 8765
#: Where Solara's asset proxy would fetch what ``solara-assets`` lacks: nowhere (offline).
OFFLINE_CDN = "http://127.0.0.1:9/offline/"


def serve(host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> int:
    """Run the Solara server for the dashboard until interrupted; return the exit status.

    Offline by construction: front-end assets come from the installed ``solara-assets``
    package, and Solara's telemetry and version check are switched off.

    Parameters
    ----------
    host
        Interface to listen on (``127.0.0.1``: this machine only).
    port
        TCP port; 0 picks a free one.
    """
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    os.environ.setdefault("MPLBACKEND", "Agg")
    # assets missing from solara-assets fail here as they would offline, never fetched quietly
    os.environ.setdefault("SOLARA_ASSETS_CDN", OFFLINE_CDN)
    from solara.__main__ import cli as solara_cli

    args = [
        "run",
        APP,
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
        "--no-check-version",
        "--log-level",
        "warning",
    ]
    print(f"coopsim dashboard: http://{host}:{port}/  (Ctrl-C to stop)", flush=True)
    try:
        solara_cli.main(args=args, prog_name="solara", standalone_mode=False)
    except KeyboardInterrupt:
        return 0
    return 0


LOOPBACK = "127.0.0.1"


def register(sub: Any, bad_input: type[Exception]) -> dict[str, Any]:
    """Add the ``dashboard`` subcommand; return its handler."""
    d = sub.add_parser("dashboard", help="the interactive dashboard (SolaraViz) in the browser")
    d.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    d.add_argument(
        "--host",
        default=None,
        help=f"interface (default {LOOPBACK}); another one needs --allow-remote",
    )
    d.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow --host to be an interface other machines reach (the dashboard has no login)",
    )

    def cmd_dashboard(args: argparse.Namespace) -> int:
        if not 0 <= args.port <= 65535:
            raise bad_input(f"--port {args.port}: expected a port number in 0-65535")
        host = args.host or LOOPBACK
        if host not in (LOOPBACK, "localhost", "::1"):
            if not args.allow_remote:
                raise bad_input(
                    f"--host {host}: the dashboard serves this machine only ({LOOPBACK}); "
                    "give --allow-remote as well to serve other machines"
                )
            print(
                f"coopsim dashboard: warning: serving on {host}: anyone who reaches this "
                "machine can use the dashboard and run models (there is no login)",
                file=sys.stderr,
                flush=True,
            )
        return serve(host, args.port)

    return {"dashboard": cmd_dashboard}
