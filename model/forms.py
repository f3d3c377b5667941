"""The six forms of cooperation and their effects table as arrays indexed by form.

The note (§ Samenwerkingspartners) orders the forms from shallow to deep: "these forms restrict
(sovereign) freedom
of action ever further, to give more capacity to act back through partners", and "the deeper
forms have the best chance of success with partners at small (geo)political-strategic distance
and with a similar political culture". :class:`FormTable` holds one validated row per form
(:class:`model.params.FormEffects`) as numpy columns so that gains can be computed for every
state x partner x area x form at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.params import Form, FormsParams

#: Forms whose members keep and share their own fleet (one of them is a state's primary
#: arrangement in an area and sets its costs).
FLEET_FORMS = (Form.POOLING, Form.PROCUREMENT_SHARING, Form.OPERATIONAL, Form.INTEGRATED)
N_FORMS = len(Form)


@dataclass(frozen=True)
class FormTable:
    """Columns of the effects table, each an array of length 6 in :class:`Form` order."""

    overhead_fraction: np.ndarray
    overhead_exponent: np.ndarray
    scale_sharing: np.ndarray
    learning_curve: np.ndarray
    sovereignty_cost: np.ndarray
    setup_years_of_upkeep: np.ndarray
    upkeep_musd: np.ndarray
    years_to_mature: np.ndarray
    distance_sensitivity: np.ndarray
    culture_sensitivity: np.ndarray
    military_value: np.ndarray
    political_value: np.ndarray
    parliament_hurdle: np.ndarray
    staff_load: np.ndarray
    join_boost: np.ndarray

    @classmethod
    def from_params(cls, forms: FormsParams) -> FormTable:
        """Build the table from the validated parameter rows."""
        rows = forms.table()
        cols = {
            name: np.array([float(getattr(r, name)) for r in rows])
            for name in cls.__dataclass_fields__
        }
        cols["scale_sharing"] = cols["scale_sharing"].astype(bool)
        cols["learning_curve"] = cols["learning_curve"].astype(bool)
        return cls(**cols)

    def success_probability(
        self, form: np.ndarray, political_distance: np.ndarray, culture_distance: np.ndarray
    ) -> np.ndarray:
        """Chance a form works between two states, falling faster with depth.

        Note, § Samenwerkingspartners.

        ``exp(-distance_sensitivity[f] * pd - culture_sensitivity[f] * cd)`` with political
        distance ``pd`` and culture distance ``cd`` in [0, 1].
        """
        return np.exp(
            -self.distance_sensitivity[form] * political_distance
            - self.culture_sensitivity[form] * culture_distance
        )

    def pool_rows(self, form: np.ndarray) -> tuple[np.ndarray, ...]:
        """The form columns that ``CostModel.pool_terms`` takes, for forms ``form``.

        Overhead fraction, overhead exponent, scale sharing, learning curve.
        """
        return (
            self.overhead_fraction[form],
            self.overhead_exponent[form],
            self.scale_sharing[form],
            self.learning_curve[form],
        )

    def staff_load_per_member(
        self, form: int, n_members: int, is_lead: bool, exponent: float
    ) -> float:
        """Cooperation staff a member spends on an arrangement (leads carry the full load).

        Multilateral arrangements run by a lead nation or an agency cost the other members
        less: ``load * (2 / K) ** exponent`` for ``K`` members (``partners.member_staff_exponent``;
        note, § Inleiding: scarce staff).
        """
        load = float(self.staff_load[form])
        if is_lead or n_members <= 2:
            return load
        return load * float((np.array([2.0 / n_members]) ** exponent)[0])
