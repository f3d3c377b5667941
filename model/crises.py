"""Crises: scripted and random; threat; who joins (capacity to act: :mod:`model.accounting`).

Scripted crises (the reference scenario has 2014, Crimea, and 2022, the invasion of Ukraine)
and random ones (Poisson) raise the threat each state feels, more for states near the crisis.
Threat raises the political and military goal weights (note, § Samenwerking … dient een doel) and
the alliance requirement.
In each crisis a state's partners join with a probability that falls with political distance
and rises with circle closeness and trust; a partner that stays out loses trust. The expected
share of its requirement a state can bring with its partners is its *capacity to act* -- the
AIV's notion the note adopts (§ Grondslagen): cooperation that raises capacity to act strengthens
rather
than erodes sovereignty.
"""

from __future__ import annotations

import numpy as np

from model.params import CrisisParams, WarPowers
from model.scenario import Crisis
from model.world import EARTH_RADIUS_KM

#: Places random crises happen (lat, lon): the alliance's neighbourhood as seen in 2012.
REGIONS: tuple[tuple[str, float, float], ...] = (
    ("eastern flank", 54.0, 28.0),
    ("high north", 70.0, 25.0),
    ("balkans", 43.5, 20.0),
    ("eastern mediterranean", 35.0, 33.0),
    ("north africa / sahel", 20.0, 5.0),
    ("middle east", 33.0, 43.0),
    ("gulf of aden", 12.0, 48.0),
)

#: Capability demands of crisis archetypes (Libya 2011: air campaign; Atalanta: maritime; ...).
ARCHETYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("air campaign", ("fighters", "air_refuelling", "isr", "uas", "air_defence")),
    ("maritime security", ("frigates", "submarines", "mine_countermeasures", "helicopters", "isr")),
    ("stabilisation", ("land_manoeuvre", "airmobile", "helicopters", "command", "airlift", "uas")),
    ("evacuation", ("airlift", "amphibious", "airmobile", "helicopters", "satcom")),
)


def draw_crises(
    scripted: tuple[Crisis, ...], rng: np.random.Generator, params: CrisisParams, year: int
) -> list[Crisis]:
    """This year's crises: the scenario's ``scripted`` ones plus Poisson-many random ones.

    Drawn from ``rng``, the model's crisis stream (a stream of their own, so that the same seed
    gives the same crises whatever the states decide).
    """
    cp = params
    out = [c for c in scripted if c.year == year]
    for _ in range(int(rng.poisson(cp.random_rate))):
        name, lat, lon = REGIONS[int(rng.integers(len(REGIONS)))]
        kind, areas = ARCHETYPES[int(rng.integers(len(ARCHETYPES)))]
        out.append(Crisis(year, f"{kind} ({name})", cp.random_intensity, areas, lat, lon))
    return out


def proximity(
    world_lat: np.ndarray, world_lon: np.ndarray, lat: float, lon: float, params: CrisisParams
) -> np.ndarray:
    """How near each capital is to a crisis: allies feel every crisis, neighbours more.

    ``floor + (1 - floor) * exp(-km / scale)``, in [``proximity_floor``, 1].
    """
    la, lo = np.radians(world_lat), np.radians(world_lon)
    cla, clo = np.radians(lat), np.radians(lon)
    a = np.sin((la - cla) / 2) ** 2 + np.cos(la) * np.cos(cla) * np.sin((lo - clo) / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(np.maximum(a, 0), 1)))
    floor = params.proximity_floor
    return floor + (1.0 - floor) * np.exp(-km / params.proximity_scale_km)


def update_threat(
    threat: np.ndarray, crises: list[Crisis], lat: np.ndarray, lon: np.ndarray, params: CrisisParams
) -> np.ndarray:
    """Threat per state: decays towards baseline, and each crisis adds intensity x proximity."""
    base = params.threat_baseline
    out = base + (threat - base) * params.threat_persistence
    for crisis in crises:
        out = out + crisis.intensity * proximity(lat, lon, crisis.lat, crisis.lon, params)
    return np.maximum(out, base)


def realise_participation(
    crises: list[Crisis],
    join: np.ndarray,
    related: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    trust_loss: float,
    rng: np.random.Generator,
    params: CrisisParams,
) -> np.ndarray:
    """Who joins whom in this year's crises; returns the trust factor (N x N) to apply.

    For every crisis and every related pair, the partner joins with probability ``join``; a
    partner that stays out of a crisis near the state loses trust in proportion to the
    crisis's intensity (``partners.defection_trust_loss``).
    """
    n = len(join)
    factor = np.ones((n, n))
    loss = trust_loss
    for crisis in crises:
        draws = rng.random((n, n))
        near = proximity(lat, lon, crisis.lat, crisis.lon, params)
        stayed_out = related & (draws > join)
        hit = np.minimum(1.0, crisis.intensity) * loss * near[:, None]
        factor *= np.where(stayed_out, 1.0 - hit, 1.0)
    return factor


def war_powers_factor(war_powers: np.ndarray, params: CrisisParams) -> np.ndarray:
    """Factor (N) on each state's chance to join partners' crises, from its war powers.

    Ex-ante parliamentary approval (yes, partial, no) sets the factor; an unknown state gets the
    mean of the known ones (``crises.war_powers_unknown``), or the factor of ``yes`` or ``no``.
    """
    table = np.array(
        [
            params.join_factor_approval_no,
            params.join_factor_approval_partial,
            params.join_factor_approval_yes,
            np.nan,
        ]
    )
    out = table[war_powers]
    known = war_powers != int(WarPowers.UNKNOWN)
    if params.war_powers_unknown == "yes":
        fill = params.join_factor_approval_yes
    elif params.war_powers_unknown == "no" or not known.any():
        fill = params.join_factor_approval_no
    else:
        fill = float(out[known].mean())
    return np.where(known, out, fill)
