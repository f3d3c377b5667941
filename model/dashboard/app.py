"""The Solara app: a Mesa ``SolaraViz`` page over :class:`DashboardModel`.

Served by ``coopsim dashboard`` (``solara run model.dashboard.app``); ``page`` is the Solara
entry point. Page 0 holds the run's views, page 1 the side-by-side comparison.
"""

from __future__ import annotations

from typing import Any

import mesa.visualization.solara_viz as solara_viz
from mesa.visualization import SolaraViz

from model.cooperation import CooperationModel
from model.dashboard import views
from model.dashboard.controls import (
    check_request,
    form_presets,
    kwarg_name,
    model_params,
    overrides_from_controls,
)
from model.scenario import list_scenarios, load_scenario
from model.world import build_world

#: Scenario shown first, and the one whose states fill the focus-state list.
DEFAULT_SCENARIO = "reference_2012"
#: Title in the app bar.
TITLE = "coopsim · military cooperation under changing budgets"
#: Grid layout (columns of 12, rows of 30 px): overview across, then figures two abreast.
FULL, HALF = 12, 6
OVERVIEW_ROWS, FIGURE_ROWS, TABLE_ROWS, SINGLE_ROWS = 9, 17, 20, 34


class DashboardModel(CooperationModel):
    """A :class:`~model.cooperation.CooperationModel` built from the dashboard's controls.

    SolaraViz re-creates the model with the controls as keywords on Reset; this class turns
    them into scenario overrides (:func:`~model.dashboard.controls.overrides_from_controls`).

    Parameters
    ----------
    scenario_name
        A name from ``coopsim list``.
    rng
        Seed of the run.
    focus_state
        iso3 code of the state highlighted in the views (the scenario's own if not a member).
    scenario
        Ignored: the Mesa scenario object SolaraViz passes on Reset (coopsim's scenario is
        ``scenario_name``).
    **controls
        Control values by model keyword (``institutions__eu_cascading=True``).
    """

    def __init__(
        self,
        scenario_name: str = DEFAULT_SCENARIO,
        rng: Any = 1,
        focus_state: str = "NLD",
        scenario: Any = None,
        **controls: Any,
    ) -> None:
        check_request(scenario_name, rng, focus_state, controls)
        self.controls = dict(controls)
        self.overrides = overrides_from_controls(controls)
        super().__init__(scenario_name, rng=rng, overrides=self.overrides or None)
        states = self.world.states
        fallback = self.scenario_spec.focus_state or states[0]
        self.focus_state = focus_state if focus_state in states else fallback
        self.dashboard_cache: dict[Any, Any] = {}

    def twin(self, forms: tuple[str, ...]) -> DashboardModel:
        """The same scenario, seed and controls with another menu of forms, not yet stepped."""
        label = next((k for k, v in form_presets().items() if v == tuple(forms)), ", ".join(forms))
        controls = {**self.controls, kwarg_name("cooperation.forms_allowed"): label}
        return DashboardModel(self.scenario_name, self.seed, self.focus_state, **controls)

    @staticmethod
    def form_presets() -> dict[str, tuple[str, ...]]:
        """The menus of forms to compare (see :func:`~model.dashboard.controls.form_presets`)."""
        return form_presets()

    @staticmethod
    def side_by_side_defaults() -> tuple[str, str]:
        """Preset labels compared first: the planners' pooling-only twin against all forms."""
        labels = list(form_presets())
        pooling_only = next(k for k in labels if k.startswith("up to operational"))
        return pooling_only, labels[0]


def grid_layout(num_components: int) -> list[dict[str, Any]]:
    """Layout of a page of views: first across, the rest two abreast, an odd last one across.

    Replaces Mesa's default of equal 6 x 10 cells, which suits small plots, not figures a
    planner reads; the user can still drag and resize.
    """
    if num_components == 1:
        return [{"i": 0, "x": 0, "y": 0, "w": FULL, "h": SINGLE_ROWS, "moved": False}]
    items = [{"i": 0, "x": 0, "y": 0, "w": FULL, "h": OVERVIEW_ROWS, "moved": False}]
    y = OVERVIEW_ROWS
    rest = list(range(1, num_components))
    while rest:
        if len(rest) == 1:
            items.append({"i": rest[0], "x": 0, "y": y, "w": FULL, "h": TABLE_ROWS, "moved": False})
            break
        left, right = rest[:2]
        rest = rest[2:]
        for i, x in ((left, 0), (right, HALF)):
            items.append({"i": i, "x": x, "y": y, "w": HALF, "h": FIGURE_ROWS, "moved": False})
        y += FIGURE_ROWS
    return items


solara_viz.make_initial_grid_layout = grid_layout

#: The views: (component, page). Page 0 the run, page 1 the side-by-side comparison.
COMPONENTS = [
    (views.Overview, 0),
    (views.GapHeatmap, 0),
    (views.BudgetSavings, 0),
    (views.Sovereignty, 0),
    (views.PartnerNetwork, 0),
    (views.FormsOverTime, 0),
    (views.FocusState, 0),
    (views.ArrangementsTable, 0),
    (views.SideBySide, 1),
]


def make_page(scenario: str = DEFAULT_SCENARIO, focus: str = "NLD") -> Any:
    """Build the SolaraViz page: a first model, the generated controls and the views.

    Parameters
    ----------
    scenario
        Scenario shown first.
    focus
        Focus state shown first.
    """
    names = [name for name, _ in list_scenarios()]
    states = list(build_world(load_scenario(scenario)).states)
    params = model_params(names, scenario, states, focus)
    first = DashboardModel(scenario, rng=1, focus_state=focus)
    return SolaraViz(
        first,
        components=COMPONENTS,
        model_params=params,
        name=TITLE,
        play_interval=400,
    )


page = make_page()
