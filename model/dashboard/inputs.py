"""The sidebar's inputs: one widget per control of ``model_params``, its value always shown.

Mesa's ``UserInputs`` shows a slider's value only while it is dragged; here a slider's label
carries its value ("Seed: 3", "Min gain: 0.05"), and the inputs write into one reactive dict
of model keywords that Reset builds the model from.
"""

from __future__ import annotations

from typing import Any

import solara


def format_value(spec: dict[str, Any], value: Any) -> str:
    """A slider value as shown beside its label (as many decimals as the step has)."""
    if spec["type"] == "SliderInt":
        return f"{int(value)}"
    step = str(spec.get("step", 0.01))
    decimals = len(step.split(".")[1]) if "." in step else 0
    return f"{float(value):.{decimals}f}"


@solara.component
def ControlInputs(specs: dict[str, dict[str, Any]], values: solara.Reactive[dict]) -> None:
    """Widgets for ``specs`` (Mesa ``model_params`` entries), reading and writing ``values``.

    Parameters
    ----------
    specs
        Keyword → ``{"type": "SliderInt" | "SliderFloat" | "Select" | "Checkbox", ...}``.
    values
        Keyword → current value; the inputs replace the dict on each change.
    """
    for name, spec in specs.items():
        value = values.value.get(name, spec["value"])

        def set_value(new: Any, name: str = name) -> None:
            values.value = {**values.value, name: new}

        kind = spec["type"]
        if kind in ("SliderInt", "SliderFloat"):
            slider = solara.SliderInt if kind == "SliderInt" else solara.SliderFloat
            slider(
                f"{spec['label']}: {format_value(spec, value)}",
                value=value,
                on_value=set_value,
                min=spec["min"],
                max=spec["max"],
                step=spec["step"],
                thumb_label=False,
            )
        elif kind == "Select":
            solara.Select(spec["label"], value=value, values=spec["values"], on_value=set_value)
        elif kind == "Checkbox":
            solara.Checkbox(label=spec["label"], value=value, on_value=set_value)
        else:
            raise ValueError(f"{name}: no input for control type {kind!r}")
