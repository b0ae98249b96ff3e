"""How reported wording becomes uncertainty: the model checked on past Japanese statements.

``benchmarks/bench_calibration.py`` runs every past statement with a position in
``geo/data/past_launches.csv`` through the estimator with this model and prints its Brier score
and reliability table. The model reads three things from the wording:

1. **Distance rounding.** A reported distance shows the step it was rounded to: the largest of
   100, 50, 10, 5 km (or NM) that divides it — "約250km" is a multiple of 50, so the true
   distance is anywhere in 225–275 km; "約210km" was rounded to 10 km (205–215 km); "約200km"
   and "約3200km" to 100 km. That is Uniform(D ± step/2), plus Normal measurement noise of σ =
   3 % of D when hedged ("about", 約, 약 …) and 1 % when bare (a trajectory is estimated from
   radar tracks, not measured). A range "A–B" is Uniform(A, B) plus the same noise.
2. **Compass resolution.** A 16-point word that is not also an 8-point one (ENE, 北北西 …) pins
   the direction to its 22.5° sector (± 11.25°); an 8-point word (west, NE, 西, 北西 …) may come
   from an 8-point compass, so it covers ± 22.5°. Degrees are taken as written.
3. **Which point of a large reference is meant** is left to :mod:`geo.reports.references`
   (measured from the coast, any coast point that faces the landing point).

Why: the same official wording, "about 200 km west of Oshima-Oshima", was used for a landing
inside Japan's EEZ (2023-02-18) and one outside (2023-03-16); with a 10 km rounding step and a
± 11.25° sector the estimator called that wording "inside" at p = 0.999.

The model is written once, in the readers every path uses — distances in
:mod:`geo.reports.distances` (:func:`~geo.reports.distances.parse_distance`,
:func:`~geo.reports.distances.reported_distance`), compass words in
:mod:`geo.reports.bearings` — so ``eezcheck impact --text``, ``--range``/``--bearing``, the batch
columns, ``eezcheck report`` and ``eezcheck history`` all read the same words the same way. This
module names the model and adds what only reports need (:func:`calibrated_distance` with Korean
hedges, :func:`distance_of`, sampling and likelihoods).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from geo.errors import InputError
from geo.reports.bearings import COARSE_HALF_WIDTH, SECTOR_HALF_WIDTH
from geo.reports.distances import (
    BARE_NOISE,
    HEDGED_NOISE,
    ROUNDING_STEPS,
    Distance,
    parse_distance,
    reported_distance,
    rounding_step,
)
from geo.reports.phrases import KM_PER_UNIT, Bearing, ReportedLocation, parse_bearing
from geo.reports.sampler import Spread, uniform_plus_normal

__all__ = [
    "ROUNDING_STEPS",
    "HEDGED_NOISE",
    "BARE_NOISE",
    "COARSE_HALFWIDTH_DEG",
    "FINE_HALFWIDTH_DEG",
    "rounding_step",
    "reported_distance",
    "calibrated_distance",
    "distance_of",
    "sample_distance",
    "distance_likelihood",
    "compass_sector",
]

#: Half-widths of the direction an 8-point word and a 16-point-only word cover, degrees.
COARSE_HALFWIDTH_DEG = COARSE_HALF_WIDTH
FINE_HALFWIDTH_DEG = SECTOR_HALF_WIDTH
_KOREAN_HEDGES = ("약", "대략")


def sample_distance(distance: Distance, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` draws of a :class:`~geo.reports.distances.Distance` (km, never negative).

    Parameters
    ----------
    distance : Distance
        Uniform(low, high) + Normal(0, sd).
    n : int
        How many.
    rng : numpy.random.Generator
        The random source.

    Returns
    -------
    numpy.ndarray
        Distances in km.

    Examples
    --------
    >>> x = sample_distance(reported_distance(250), 1000, np.random.default_rng(0))
    >>> bool(200 < x.mean() < 300)
    True
    """
    return np.maximum(uniform_plus_normal(rng, Spread(distance.low_km, distance.high_km, distance.sd_km), n), 0.0)


def distance_likelihood(distance: Distance, d_km) -> np.ndarray:
    """Relative likelihood (max 1) of a true distance ``d_km`` given the report: 1 inside
    [low, high], a Normal(σ = ``sd_km``) fall-off beyond it.

    Parameters
    ----------
    distance : Distance
        The report.
    d_km : array-like
        Candidate true distances, km.

    Returns
    -------
    numpy.ndarray
        Values in [0, 1].

    Examples
    --------
    >>> distance_likelihood(reported_distance(300), [300.0, 900.0]).round(3).tolist()
    [1.0, 0.0]
    """
    d = np.asarray(d_km, dtype=float)
    beyond = np.maximum(distance.low_km - d, 0.0) + np.maximum(d - distance.high_km, 0.0)
    if distance.sd_km <= 0:
        return (beyond == 0).astype(float)
    return np.exp(-0.5 * (beyond / distance.sd_km) ** 2)


def calibrated_distance(value) -> Distance:
    """A distance as written ("about 700", "約250km", "약 700km", "450-700", "700±50", 700):
    :func:`geo.reports.distances.parse_distance`, which also knows Korean hedges here.

    Parameters
    ----------
    value : str, float or Distance
        As a report writes it.

    Returns
    -------
    Distance

    Examples
    --------
    >>> d = calibrated_distance("약 700km")
    >>> (d.low_km, d.high_km, d.hedged)
    (650.0, 750.0, True)
    """
    korean = isinstance(value, str) and value.strip().startswith(_KOREAN_HEDGES)
    if not korean:
        return parse_distance(value)
    # 약 700km: the distance reader knows English, Japanese and Chinese hedges, so say "about"
    d = parse_distance("about " + value.strip().lstrip("".join(_KOREAN_HEDGES)).strip())
    return replace(d, text=value.strip())


def compass_sector(direction) -> Bearing:
    """A direction as the model reads it (:func:`geo.reports.bearings.parse_bearing`): an
    8-point word covers ± 22.5°, a 16-point-only word ± 11.25°, degrees or a stated sector as given.

    Parameters
    ----------
    direction : str, float or Bearing
        "east", "ENE", 北西, 275 …

    Returns
    -------
    Bearing
        Centre and half-width.

    Examples
    --------
    >>> (compass_sector("west").halfwidth_deg, compass_sector("WNW").halfwidth_deg)
    (22.5, 11.25)
    """
    return parse_bearing(direction, field="direction")


def distance_of(loc: ReportedLocation) -> Distance:
    """The distance of a parsed position, as a :class:`~geo.reports.distances.Distance`.

    Parameters
    ----------
    loc : ReportedLocation
        As read by :func:`geo.reports.phrases.parse_report`.

    Returns
    -------
    Distance
        Its band, noise and words (a single value's rounding step said again).

    Examples
    --------
    >>> from geo.reports.phrases import parse_report
    >>> d = distance_of(parse_report("about 350 km east of the Korean Peninsula"))
    >>> (d.low_km, d.high_km, d.words)
    (325.0, 375.0, 'about 350 km (rounded to 50 km)')
    """
    k = KM_PER_UNIT.get(loc.unit, 1.0)
    lo, hi = loc.range_low_km / k, loc.range_high_km / k
    mid = (lo + hi) / 2
    if hi > lo and math.isclose(hi - lo, rounding_step(mid)):  # one value and its rounding band
        d = reported_distance(mid, hedged=loc.hedged, unit=loc.unit, text=loc.text)
    else:
        d = reported_distance(lo, hi if hi > lo else None, hedged=loc.hedged, unit=loc.unit, text=loc.text)
    return replace(d, sd_km=loc.range_sd_km, spread=loc.range_spread or d.spread)
