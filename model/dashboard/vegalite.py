"""A Vega-Lite widget that loads vega from the versioned folders solara-assets installs.

Solara's own ``VegaLite`` asks for ``vega@5/…``; offline, only ``vega@5.21.0/…`` (the
installed version) exists, so its charts stay blank without the internet. This widget looks up
the installed folders once and loads those; the drawing is vega-embed's, as in Solara's.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import ipyvuetify as v
import traitlets

#: Libraries and the major version the specs are written for (``charts.SCHEMA``).
LIBRARIES: dict[str, str] = {
    "vega": "vega@5",
    "vega-lite": "vega-lite@5",
    "vega-embed": "vega-embed@6",
    "requirejs": "requirejs@2",
}


@cache
def installed_libraries() -> dict[str, str]:
    """Folder of each library under Solara's asset folder, newest installed of its major.

    Falls back to the unversioned name (fetched through Solara's proxy when online) if none is
    installed.
    """
    try:
        from solara.server.settings import assets

        root = Path(assets.proxy_cache_dir)
    except ImportError:  # pragma: no cover - solara-server is a dependency
        return dict(LIBRARIES)
    out = {}
    for name, major in LIBRARIES.items():
        found = sorted(
            (p.name for p in root.glob(f"{major}.*") if p.is_dir()),
            key=lambda s: [int(x) if x.isdigit() else 0 for x in s.split("@")[1].split(".")],
        )
        out[name] = found[-1] if found else major
    return out


def to_json(spec: dict) -> str:
    """A spec as compact JSON text, the form :class:`VegaLite` takes it in."""
    return json.dumps(spec, separators=(",", ":"), allow_nan=False)


class VegaLite(v.VuetifyTemplate):
    """Draws a Vega-Lite spec in the browser, offline.

    The spec travels as JSON text, not as a dict: the page's component tree (reacton) walks
    every dict and list it is given, and the browser's Vue makes every object it holds
    reactive, which for a chart's thousands of data rows cost more than the drawing itself.
    """

    template_file = os.path.join(os.path.dirname(__file__), "vegalite.vue")
    spec = traitlets.Unicode("").tag(sync=True)
    libs = traitlets.Dict().tag(sync=True)
    cdn = traitlets.Unicode(None, allow_none=True).tag(sync=True)

    @traitlets.default("libs")
    def _libs(self) -> dict[str, str]:
        return installed_libraries()
