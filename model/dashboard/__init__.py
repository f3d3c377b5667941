"""The interactive dashboard: Mesa's model controller and Solara views over the live model.

Run it::

    coopsim dashboard                 # http://127.0.0.1:8765/
    coopsim dashboard --port 8800     # another port

In the browser: pick a scenario, a seed and a focus state, move the controls (generated from
the parameter contract, :mod:`model.params`: defaults, ranges and labels read from the fields,
see :mod:`model.dashboard.controls`; values shown beside the labels, :mod:`~.inputs`), press
**Reset** to build the model, then **Step** (one year) or **▶** (play). The **Run** tab shows the
year and headline figures, the parameters in force, charts of gaps, sovereignty, money, partner
circles, forms and the focus state (:mod:`~.charts`, Vega-Lite drawn by the browser,
:mod:`~.vegalite`), the arrangements table, and the export (:mod:`~.export`: the run's tables as
CSV, the settings as a scenario file). **Side by side** runs two menus of forms on the same
scenario, seed and controls, stepped with the main run, with bands over a few seeds
(:mod:`~.seeds`).

Files: ``app.py`` the page and :class:`~.app.DashboardModel`; ``controls.py`` the controls from
the contract; ``inputs.py`` the sidebar widgets; ``views.py`` the Solara components; ``charts.py``
the chart specs; ``vegalite.py``/``vegalite.vue`` the chart widget; ``export.py`` CSV and
scenario files; ``seeds.py`` the bands; ``cli.py`` ``coopsim dashboard``.

The views read the run's contract tables (:func:`model.run.result_from_model`), never the
model's inner arrays. A control left at its contract default keeps the scenario's own value; a
control moved away from it overrides the scenario (the parameter card lists the values in force
and who set them).

Everything is served from installed packages (``solara-assets``): it works offline.

From Python (e.g. in Jupyter, where ``page`` renders inline)::

    from model.dashboard.app import make_page
    make_page("austerity_2012", focus="DEU")
"""

from model.dashboard.controls import CONTROL_KEYS, model_params, overrides_from_controls

__all__ = ["CONTROL_KEYS", "model_params", "overrides_from_controls"]
