"""Dashboard controls generated from the one parameter contract (:class:`model.params.Params`).

Nothing here restates a default, a range or a meaning: each control's default, bounds and
description are read from the pydantic field of its dotted key. The dashboard only chooses
*which* keys to show (:data:`CONTROL_KEYS`) and how a field type becomes a widget:

========================== ===================================================================
field type                 widget (Mesa ``model_params`` entry)
========================== ===================================================================
``bool``                   ``Checkbox``
``int`` with ``ge``/``le`` ``SliderInt`` over ``[ge, le]``
``float`` with bounds      ``SliderFloat`` over ``[ge, le]`` (no ``le``: up to 4 x default)
``float | None``           ``Select``: "as in the scenario" or a value on a grid over ``[ge, le]``
``forms_allowed``          ``Select`` of presets generated from :class:`~model.params.Form`:
                           "all six forms", "up to <form>" for each depth, shallow to deep
========================== ===================================================================

A control left at the contract default is *not* passed on, so the chosen scenario's own value
stands (e.g. ``coordinated_cuts`` switches NATO consultation on); a control moved away from
the default overrides the scenario. The dashboard shows the values in force for every run.
"""

from __future__ import annotations

import math
import types
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from model.params import FORM_IDS, KEY_ALIASES, Form, Params
from model.scenario import ScenarioError, list_scenarios

#: The dotted keys the dashboard shows, in sidebar order (``policy.*`` is ``institutions.*``).
CONTROL_KEYS: tuple[str, ...] = (
    "budgets.real_growth_override",
    "cooperation.forms_allowed",
    "institutions.nato_consultation",
    "institutions.eu_save_and_reinvest",
    "institutions.eu_cascading",
    "arrangements.min_gain",
    "partners.staff_per_log_budget",
    "crises.random_rate",
)

#: Text of the "keep the scenario's value" choice of optional and preset controls.
AS_SCENARIO = "as in the scenario"
#: Upper end of a slider whose field has no ``le`` bound, as a multiple of its default.
OPEN_RANGE_FACTOR = 4.0
#: An ``le`` bound more than this many times the default is a safety limit (finite, no
#: overflow), not a useful slider end: such a slider ends as an open one does.
SAFETY_BOUND_FACTOR = 40.0
#: Steps of a float slider across its range.
SLIDER_STEPS = 40
#: Words written in capitals in labels.
_ACRONYMS = {"nato": "NATO", "eu": "EU", "gdp": "GDP", "om": "O&M", "log": "log"}


def kwarg_name(key: str) -> str:
    """Keyword of a dotted key for :class:`~model.cooperation.CooperationModel` (``.`` → ``__``)."""
    return key.replace(".", "__")


def key_of(kwarg: str) -> str:
    """Dotted key of a model keyword (``__`` → ``.``)."""
    return kwarg.replace("__", ".")


@dataclass(frozen=True)
class ContractField:
    """One parameter of the contract, as read from its pydantic field.

    Parameters
    ----------
    key
        Dotted key, ``group.name`` (aliases such as ``policy.*`` resolved).
    info
        The pydantic field.
    """

    key: str
    info: FieldInfo

    @property
    def group(self) -> str:
        """Parameter group, e.g. ``"budgets"``."""
        return self.key.split(".")[0]

    @property
    def name(self) -> str:
        """Field name within its group."""
        return self.key.split(".")[-1]

    @property
    def default(self) -> Any:
        """The contract default."""
        return self.info.default

    @property
    def description(self) -> str:
        """The field's description (unit, range, source), one line."""
        return " ".join((self.info.description or "").split())

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """``(ge, le)`` bounds of the field (``gt``/``lt`` taken as bounds too), or ``None``."""
        lo = hi = None
        for meta in self.info.metadata:
            lo = getattr(meta, "ge", getattr(meta, "gt", lo))
            hi = getattr(meta, "le", getattr(meta, "lt", hi))
        return lo, hi

    @property
    def base_type(self) -> Any:
        """The annotation without ``None`` (``float | None`` → ``float``)."""
        ann = self.info.annotation
        if get_origin(ann) in (Union, types.UnionType):
            args = [a for a in get_args(ann) if a is not type(None)]
            return args[0] if len(args) == 1 else ann
        return ann

    @property
    def optional(self) -> bool:
        """Whether ``None`` is a valid value (e.g. "no override")."""
        ann = self.info.annotation
        return get_origin(ann) in (Union, types.UnionType) and type(None) in get_args(ann)

    @property
    def label(self) -> str:
        """Short label: the field name in words, acronyms in capitals."""
        words = [_ACRONYMS.get(w, w) for w in self.name.split("_")]
        text = " ".join(words)
        return text[0].upper() + text[1:]

    @property
    def summary(self) -> str:
        """The description up to its first parenthesis or semicolon: what the knob does."""
        text = self.description.removeprefix("if set: ")
        for stop in (" (", ";", ",", " -- ", " from `"):
            text = text.split(stop)[0]
        return text

    @property
    def long_label(self) -> str:
        """The label with what the knob does, e.g. ``"Min gain: least weighted gain ..."``."""
        summary = self.summary
        if summary.lower().startswith(self.label.split()[0].lower()):
            return summary[0].upper() + summary[1:]
        return f"{self.label}: {summary}"


def contract_field(key: str) -> ContractField:
    """Return the contract field of a dotted key.

    Parameters
    ----------
    key
        ``group.name``; ``policy.*`` is accepted for ``institutions.*``.

    Raises
    ------
    KeyError
        If the key names no parameter of :class:`~model.params.Params`.
    """
    group, _, name = key.partition(".")
    group = KEY_ALIASES.get(group, group)
    if group not in Params.model_fields:
        raise KeyError(f"unknown parameter group {group!r} in {key!r}")
    model_cls = Params.model_fields[group].annotation
    if not (isinstance(model_cls, type) and issubclass(model_cls, BaseModel)):
        raise KeyError(f"{group!r} is not a parameter group")
    if name not in model_cls.model_fields:
        raise KeyError(f"unknown parameter {name!r} in group {group!r}")
    return ContractField(f"{group}.{name}", model_cls.model_fields[name])


# ---------------------------------------------------------------- form presets
def form_presets() -> dict[str, tuple[str, ...]]:
    """Menus of allowed forms, generated from :class:`~model.params.Form` (shallow to deep).

    Returns
    -------
    dict
        Label → tuple of form ids: ``"all six forms"`` first, then ``"up to <form>"`` for each
        shallower depth, down to the shallowest form alone.
    """
    out: dict[str, tuple[str, ...]] = {f"all {len(FORM_IDS)} forms": FORM_IDS}
    for depth in range(len(Form) - 2, -1, -1):
        deepest = Form(depth)
        out[f"up to {deepest.id} (no {Form(depth + 1).id} or deeper)"] = FORM_IDS[: depth + 1]
    return out


def preset_of(forms: tuple[str, ...]) -> str:
    """Label of the preset equal to ``forms``, else the forms joined by commas."""
    for label, value in form_presets().items():
        if tuple(value) == tuple(forms):
            return label
    return ", ".join(forms)


# ---------------------------------------------------------------- grid of optional values
def value_grid(lo: float, hi: float, default: float | None = None) -> list[float]:
    """Round values from ``lo`` to ``hi`` for a select list (steps of 1, 2 or 5 × 10^k)."""
    span = hi - lo
    raw = span / SLIDER_STEPS
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    n = int(round(span / step))
    values = [round(lo + i * step, 10) for i in range(n + 1)]
    if default is not None and default not in values:
        values = sorted({*values, default})
    return values


def _format_optional(value: float, field: ContractField) -> str:
    lo, hi = field.bounds
    # share-like or growth-like bounds read best in per cent
    if lo is not None and hi is not None and -1.0 <= lo and hi <= 1.0:
        return f"{value * 100:+.0f} %" if lo < 0 else f"{value * 100:.0f} %"
    return f"{value:g}"


# ---------------------------------------------------------------- Mesa model_params
def control_spec(field: ContractField) -> dict[str, Any]:
    """Mesa ``model_params`` entry for one contract field (see the module docstring)."""
    label = field.label
    t = field.base_type
    lo, hi = field.bounds
    if field.name == "forms_allowed":
        return {
            "type": "Select",
            "value": AS_SCENARIO,
            "values": [AS_SCENARIO, *form_presets()],
            "label": f"{label} (forms, shallow → deep)",
        }
    if t is bool:
        return {"type": "Checkbox", "value": bool(field.default), "label": field.long_label}
    if field.optional and t is float and lo is not None and hi is not None:
        values = [AS_SCENARIO] + [_format_optional(v, field) for v in value_grid(lo, hi)]
        return {
            "type": "Select",
            "value": AS_SCENARIO,
            "values": values,
            "label": field.long_label,
        }
    if hi is not None and field.default and hi > SAFETY_BOUND_FACTOR * abs(field.default):
        hi = None
    if t is int:
        lo = int(lo if lo is not None else 0)
        hi = int(hi if hi is not None else max(OPEN_RANGE_FACTOR * field.default, lo + 10))
        return {
            "type": "SliderInt",
            "value": int(field.default),
            "min": lo,
            "max": hi,
            "step": 1,
            "label": field.label,
        }
    if t is float:
        lo = float(lo if lo is not None else 0.0)
        hi = float(hi if hi is not None else max(OPEN_RANGE_FACTOR * field.default, lo + 1.0))
        grid = value_grid(lo, hi)
        return {
            "type": "SliderFloat",
            "value": float(field.default),
            "min": lo,
            "max": hi,
            "step": round(grid[1] - grid[0], 10),
            "label": field.label,
        }
    raise TypeError(f"no dashboard widget for {field.key} ({field.info.annotation})")


def model_params(
    scenarios: list[str], default_scenario: str, states: list[str], focus: str
) -> dict[str, Any]:
    """The dashboard's Mesa ``model_params``: scenario, seed, focus state, then the controls.

    Parameters
    ----------
    scenarios
        Scenario names to choose from (``model.scenario.list_scenarios``).
    default_scenario
        The scenario shown first.
    states
        iso3 codes of the states (for the focus-state select).
    focus
        The focus state shown first.
    """
    params: dict[str, Any] = {
        "scenario_name": {
            "type": "Select",
            "value": default_scenario,
            "values": scenarios,
            "label": "Scenario",
        },
        "rng": {"type": "SliderInt", "value": 1, "min": 1, "max": 50, "step": 1, "label": "Seed"},
        "focus_state": {
            "type": "Select",
            "value": focus,
            "values": states,
            "label": "Focus state (highlighted; planner's views)",
        },
    }
    for key in CONTROL_KEYS:
        params[kwarg_name(contract_field(key).key)] = control_spec(contract_field(key))
    return params


def check_request(scenario_name: Any, rng: Any, focus_state: Any, controls: dict[str, Any]) -> None:
    """Check what a browser sent against the lists and the contract (ScenarioError if not).

    The server never trusts the widgets: the scenario must be one of ``coopsim list``, the seed
    a whole number >= 0, the focus state text, and each control one of :data:`CONTROL_KEYS`;
    the values themselves are checked by the parameter contract when the model is built.
    """
    names = [name for name, _ in list_scenarios()]
    if scenario_name not in names:
        raise ScenarioError(
            f"dashboard: scenario {scenario_name!r}: expected one of {', '.join(names)}"
        )
    if isinstance(rng, bool) or not isinstance(rng, int) or not 0 <= rng < 2**63:
        raise ScenarioError(f"dashboard: seed {rng!r}: expected a whole number >= 0")
    if not isinstance(focus_state, str):
        raise ScenarioError(f"dashboard: focus state {focus_state!r}: expected a state id")
    allowed = {kwarg_name(k) for k in CONTROL_KEYS}
    for kwarg in controls:
        if kwarg not in allowed:
            raise ScenarioError(f"dashboard: control {kwarg!r}: not one of the dashboard's")


def overrides_from_controls(controls: dict[str, Any]) -> dict[str, Any]:
    """Turn control values (model keywords) into scenario overrides (dotted keys).

    A value equal to the contract default, or "as in the scenario", is left out, so the
    scenario's own value stands.

    Parameters
    ----------
    controls
        Keyword → widget value, as Mesa passes them to the model (``budgets__min_gain=0.1``).

    Returns
    -------
    dict
        Dotted key → parameter value, for :func:`model.scenario.load_scenario`.
    """
    out: dict[str, Any] = {}
    for kwarg, value in controls.items():
        field = contract_field(key_of(kwarg))
        if isinstance(value, str):
            if value == AS_SCENARIO:
                continue
            if field.name == "forms_allowed":
                presets = form_presets()
                value = presets.get(value, tuple(v.strip() for v in value.split(",")))
            else:
                value = _parse_optional(value, field)
        if field.base_type is float and value is not None:
            value = float(value)
        if value == field.default and field.name != "forms_allowed":
            continue
        out[field.key] = value
    return out


def _parse_optional(text: str, field: ContractField) -> float:
    """Inverse of :func:`_format_optional`; text that is not a finite number is a ScenarioError."""
    try:
        value = round(float(text.rstrip(" %")) / 100.0, 10) if text.endswith("%") else float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ScenarioError(f"dashboard: {field.key} {text!r}: expected a finite number")
    return value


def effective_values(params: Params) -> dict[str, Any]:
    """The values in force of the dashboard's controls for a loaded parameter set."""
    out: dict[str, Any] = {}
    for key in CONTROL_KEYS:
        f = contract_field(key)
        out[f.key] = getattr(getattr(params, f.group), f.name)
    return out
