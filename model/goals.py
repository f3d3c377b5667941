"""Goal weights that move: political, military, financial (note, § Samenwerking … dient een doel).

"The relative importance attached to these goals is not fixed ... In times of economic headwind
the third category [financial] will get more attention, while in times of great international
political instability the first and second categories get more weight." Weights are on the
simplex (they sum to 1); each year they move part of the way to a target set by economic
pressure and threat.
"""

from __future__ import annotations

import numpy as np

from model.params import GoalParams


def target_weights(pressure: np.ndarray, threat: np.ndarray, params: GoalParams) -> np.ndarray:
    """Target weights (N x 3: political, military, financial) for pressure and threat >= 0.

    ``political ~ base_p (1 + ks * threat)``, ``military ~ base_m (1 + ks * threat)``,
    ``financial ~ base_f (1 + kf * pressure)``, normalised to sum to 1. With no pressure the
    financial target never exceeds its baseline share, whatever the threat.
    """
    pressure = np.maximum(pressure, 0.0)
    threat = np.maximum(threat, 0.0)
    raw = np.stack(
        [
            params.base_political * (1.0 + params.threat_sensitivity * threat),
            params.base_military * (1.0 + params.threat_sensitivity * threat),
            params.base_financial * (1.0 + params.financial_sensitivity * pressure),
        ],
        axis=1,
    )
    return raw / raw.sum(axis=1, keepdims=True)


def move_weights(
    weights: np.ndarray, pressure: np.ndarray, threat: np.ndarray, params: GoalParams
) -> np.ndarray:
    """Move weights part of the way to their target (policy inertia), staying on the simplex."""
    target = target_weights(pressure, threat, params)
    out = params.inertia * weights + (1.0 - params.inertia) * target
    return out / out.sum(axis=1, keepdims=True)
