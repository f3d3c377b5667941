"""The Solara app: sidebar controls, Mesa's model controller, and the named pages of views.

Served by ``coopsim dashboard`` (``solara run model.dashboard.app``); ``page`` is the Solara
entry point. The page is Mesa's ``SolaraViz`` recomposed: Mesa's ``ModelController`` (Reset,
▶, Step) drives a :class:`DashboardModel`; the controls are generated from the parameter
contract (:mod:`model.dashboard.controls`) and shown with their values
(:mod:`model.dashboard.inputs`); the views (:mod:`model.dashboard.views`) sit on named tabs,
"Run" and "Side by side", and only the shown tab is rendered.
"""

from __future__ import annotations

import threading
from typing import Any

import solara
from mesa.visualization.solara_viz import ModelController

from model.analysis import run_label
from model.cooperation import CooperationModel
from model.dashboard import views
from model.dashboard.controls import (
    check_request,
    form_presets,
    kwarg_name,
    model_params,
    overrides_from_controls,
)
from model.dashboard.inputs import ControlInputs
from model.params import Params
from model.scenario import list_scenarios, load_scenario
from model.world import build_world

#: Scenario shown first, and the one whose states fill the focus-state list.
DEFAULT_SCENARIO = "reference_2012"
#: Title in the app bar.
TITLE = "coopsim · military cooperation under changing budgets"
#: Pause between played years (ms): enough for the browser to draw each year, no more.
PLAY_INTERVAL_MS = 50


class DashboardModel(CooperationModel):
    """A :class:`~model.cooperation.CooperationModel` built from the dashboard's controls.

    Reset re-creates the model with the controls as keywords; this class turns them into
    scenario overrides (:func:`~model.dashboard.controls.overrides_from_controls`) and keeps
    what the views need to say what ran, without reading the model's inner state.

    Parameters
    ----------
    scenario_name
        A name from ``coopsim list``.
    rng
        Seed of the run.
    focus_state
        iso3 code of the state highlighted in the views (the scenario's own if not a member).
    scenario
        Ignored: the Mesa scenario object Mesa's controller passes on Reset (coopsim's
        scenario is ``scenario_name``).
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
        #: Held while the model steps: the views read the tables only between steps (▶ steps
        #: in a worker thread while a click may re-render the page in another).
        self.lock = threading.RLock()
        #: Years simulated and recorded (Mesa's ``steps`` counts a year as it begins).
        self.years_done = 0
        self.controls = dict(controls)
        self.overrides = overrides_from_controls(controls)
        spec = load_scenario(scenario_name, self.overrides or None)
        super().__init__(spec, rng=rng)
        #: The validated parameters this run was built with.
        self.params_in_force: Params = spec.params
        #: Description of the scenario file.
        self.description: str = spec.description
        sim = spec.params.simulation
        #: First and last year of the run.
        self.years: tuple[int, int] = (int(sim.start_year), int(sim.end_year))
        states = list(build_world(spec).states)
        fallback = spec.focus_state or states[0]
        self.focus_state = focus_state if focus_state in states else fallback
        self.dashboard_cache: dict[Any, Any] = {}

    def step(self) -> None:
        """Simulate one year, holding :attr:`lock`."""
        with self.lock:
            super().step()
            self.years_done += 1

    @property
    def label(self) -> str:
        """The scenario and the controls that override it, in words (as ``summary.json``'s).

        :func:`model.analysis.run_label`: ``reference_2012 with −2 %/yr real budget growth``.
        """
        return run_label(self.scenario_name, self.overrides)

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


def first_values(params: dict[str, Any]) -> dict[str, Any]:
    """The controls' starting values, by model keyword."""
    return {name: spec["value"] for name, spec in params.items()}


def pending_changes(
    model: DashboardModel, values: dict[str, Any], params: dict[str, Any] | None = None
) -> bool:
    """Whether the sidebar differs from what built ``model`` (Reset would change the run).

    Parameters
    ----------
    model
        The current model.
    values
        The sidebar's values by model keyword.
    params
        The ``model_params``: a control the model was built without stood at its first value.
    """
    built = {
        **first_values(params or {}),
        "scenario_name": model.scenario_name,
        "rng": model.seed,
        "focus_state": model.focus_state,
        **model.controls,
    }
    return any(built.get(k) != v for k, v in values.items())


@solara.component
def Dashboard(scenario: str = DEFAULT_SCENARIO, focus: str = "NLD") -> None:
    """The whole page: app bar, sidebar (controller and controls), the named pages.

    Parameters
    ----------
    scenario
        Scenario shown first.
    focus
        Focus state shown first.
    """
    params = solara.use_memo(
        lambda: model_params(
            [name for name, _ in list_scenarios()],
            scenario,
            list(build_world(load_scenario(scenario)).states),
            focus,
        ),
        [scenario, focus],
    )
    first = solara.use_memo(lambda: DashboardModel(scenario, rng=1, focus_state=focus), [])
    model = solara.use_reactive(first)
    values = solara.use_reactive(first_values(params))
    play_interval = solara.use_reactive(PLAY_INTERVAL_MS)
    render_interval = solara.use_reactive(1)
    use_threads = solara.use_reactive(False)

    with solara.AppBar():
        solara.AppBarTitle(TITLE)
    with solara.Sidebar():
        with solara.Card("Run"):
            ModelController(
                model,
                model_parameters=values,
                play_interval=play_interval,
                render_interval=render_interval,
                use_threads=use_threads,
            )
            views.RunStatus(model.value)
            if pending_changes(model.value, values.value, params):
                solara.Warning("Settings changed: press Reset to run them.", dense=True)
        with solara.Card("Settings"):
            ControlInputs(params, values)
    views.Pages(model.value)


def make_page(scenario: str = DEFAULT_SCENARIO, focus: str = "NLD") -> Any:
    """The dashboard page element, for ``solara run`` or inline in Jupyter.

    Parameters
    ----------
    scenario
        Scenario shown first.
    focus
        Focus state shown first.
    """
    return Dashboard(scenario=scenario, focus=focus)


page = make_page()
