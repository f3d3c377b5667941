"""The interactive dashboard: a Mesa SolaraViz app over the live model.

Run it::

    coopsim dashboard                 # http://127.0.0.1:8765/
    coopsim dashboard --port 8800     # another port (always on this machine, 127.0.0.1)

In the browser: pick a scenario, a seed and a focus state, move the controls (generated from
the parameter contract, :mod:`model.params`: defaults, ranges and labels read from the fields,
see :mod:`model.dashboard.controls`), press **Reset** to build the model, then **Step** (one
year) or **▶** (play). Page 0 shows the run: headline figures and the parameters in force,
capability gaps per state and area, budget and savings, autonomy against capacity to act, the
partner network by circle, the forms of cooperation, the focus state and the arrangements
table. Page 1 runs two menus of forms (by default the planners' pooling-only twin against all
six forms) on the same scenario, seed and controls, stepped together with the main run.

A control left at its contract default keeps the scenario's own value; a control moved away
from it overrides the scenario (the overview lists the values in force and who set them).

Everything is served from installed packages (``solara-assets``): it works offline.

From Python (e.g. in Jupyter, where ``page`` renders inline)::

    from model.dashboard.app import make_page
    make_page("austerity_2012", focus="DEU")
"""

from model.dashboard.controls import CONTROL_KEYS, model_params, overrides_from_controls

__all__ = ["CONTROL_KEYS", "model_params", "overrides_from_controls"]
