"""The State agent: identity and a readable view of its part of the model's arrays.

Bulk state lives in numpy arrays on the model (states x areas) so that each year's work is
vectorised; a :class:`State` keeps its identity and reads its traits (memberships of this
year, sovereignty floor, culture, staff capacity) and current figures from the model.
"""

from __future__ import annotations

import mesa
import numpy as np

from model.params import Circle, Goal


class State(mesa.Agent):
    """A state: budget, goal weights, holdings, sovereignty floor, staff and partners."""

    def __init__(self, model: mesa.Model, index: int) -> None:
        """A state of ``model`` (the CooperationModel) at row ``index`` of its arrays."""
        super().__init__(model)
        self.index = index
        self.iso3 = model.world.states[index]
        self.name = model.world.names[index]

    # fixed traits ---------------------------------------------------------------------
    @property
    def memberships(self) -> set[str]:
        """NATO, EU (this year's, e.g. FIN in NATO from 2023) and regional groups."""
        out = set(self.groups)
        if self.in_nato:
            out.add("nato")
        if self.in_eu:
            out.add("eu")
        return out

    @property
    def groups(self) -> list[str]:
        """Regional groups from the scenario's states table (Benelux, Nordic, ...)."""
        row = self.model.scenario_spec.tables["states"].iloc[self.index]
        return [g for g in row["groups"].split(";") if g]

    @property
    def in_nato(self) -> bool:
        """Whether the state is a NATO ally this year."""
        return bool(self.model.nato[self.index])

    @property
    def in_eu(self) -> bool:
        """Whether the state is an EU member this year."""
        return bool(self.model.eu[self.index])

    @property
    def sovereignty_floor(self) -> list[str]:
        """Areas the state always wants to hold on its own (note, § Grondslagen)."""
        caps = self.model.world.capabilities
        return [caps[k] for k in np.nonzero(self.model.world.floor[self.index])[0]]

    @property
    def culture(self) -> dict[str, float]:
        """Political-culture profile (expeditionary, atlanticist, parliament consent)."""
        keys = ("expeditionary", "atlanticist", "parliament_consent")
        return dict(zip(keys, map(float, self.model.world.culture[self.index]), strict=True))

    @property
    def staff_capacity(self) -> float:
        """Cooperation staff capacity, in load units."""
        return float(self.model.staff_capacity[self.index])

    # current figures ------------------------------------------------------------------
    @property
    def budget(self) -> float:
        """This year's defence budget, USD million (2012 prices)."""
        return float(self.model.budget[self.index])

    @property
    def weights(self) -> dict[str, float]:
        """Current goal weights (political, military, financial), summing to 1."""
        w = self.model.weights[self.index]
        return {g.name.lower(): float(w[g]) for g in Goal}

    @property
    def holdings(self) -> dict[str, float]:
        """Units held per area."""
        return dict(
            zip(
                self.model.world.capabilities,
                map(float, self.model.holdings[self.index]),
                strict=True,
            )
        )

    @property
    def gap(self) -> float:
        """Last year's capability gap (area-cost weighted share of the requirement, 0-1)."""
        return float(self.model.accounts.state_gap[self.index])

    @property
    def autonomy(self) -> float:
        """Last year's autonomy: share of what it fields that it controls alone."""
        return float(self.model.accounts.autonomy[self.index])

    @property
    def capacity_to_act(self) -> float:
        """Last year's capacity to act: expected share of its requirement it brings to a crisis."""
        return float(self.model.accounts.capacity[self.index])

    @property
    def savings(self) -> float:
        """Last year's savings from cooperation, USD million (2012 prices)."""
        return float(self.model.accounts.savings[self.index])

    def arrangements(self) -> list[str]:
        """Ids of the active arrangements the state is a member of."""
        return [a.code for a in self.model.book.active.values() if self.index in a.members]

    def partners(self, circle: Circle | None = None) -> list[str]:
        """Partners (ISO codes) in ``circle``, or all related partners."""
        row = self.model.circle[self.index]
        mask = row >= 0 if circle is None else row == int(circle)
        return [self.model.world.states[j] for j in np.nonzero(mask)[0]]

    def __repr__(self) -> str:
        return f"State({self.iso3})"
