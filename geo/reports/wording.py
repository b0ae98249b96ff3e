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

The model applies to any :class:`~geo.reports.phrases.ReportedLocation` read by
:func:`geo.reports.phrases.parse_report` (:func:`reword_location`) and to the distances and
directions an article gives (:func:`reported_distance`, :func:`compass_sector`).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from geo.errors import InputError
from geo.reports.distances import Distance, parse_distance
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
    "reword_location",
]

#: Rounding steps a reported distance may show, coarsest first (in the statement's unit).
ROUNDING_STEPS = (100.0, 50.0, 10.0, 5.0)
#: Normal measurement noise, as a fraction of the distance, for hedged and bare figures.
HEDGED_NOISE = 0.03
BARE_NOISE = 0.01
#: Half-widths of the direction an 8-point word and a 16-point-only word cover, degrees.
COARSE_HALFWIDTH_DEG = 22.5
FINE_HALFWIDTH_DEG = 11.25
_UNIT_WORD = {"km": "km", "nmi": "NM", "mi": "mi"}
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


def rounding_step(value: float) -> float:
    """The rounding step a reported distance shows: the largest of :data:`ROUNDING_STEPS` that
    divides it (1 when none does).

    Parameters
    ----------
    value : float
        The distance as written, in its own unit.

    Returns
    -------
    float
        The step.

    Examples
    --------
    >>> [rounding_step(v) for v in (250, 210, 200, 3200, 1180, 35, 7)]
    [50.0, 10.0, 100.0, 100.0, 10.0, 5.0, 1.0]
    """
    v = abs(float(value))
    for step in ROUNDING_STEPS:
        if v >= step and math.isclose(v % step, 0.0, abs_tol=1e-9):
            return step
    return 1.0


def reported_distance(low, high=None, *, hedged: bool = True, unit: str = "km", text: str = "") -> Distance:
    """The distance a report gives ("about 700 km", "300–350 km", "約250km") under this model.

    Parameters
    ----------
    low : float
        The distance, or the low end of a range, in ``unit``.
    high : float, optional
        The high end of a range.
    hedged : bool
        Whether it was hedged ("about", 約, 약); bare figures get less measurement noise.
    unit : str
        "km", "nmi" or "mi".
    text : str
        The words, for the record.

    Returns
    -------
    Distance
        In km (:class:`geo.reports.distances.Distance`).

    Examples
    --------
    >>> d = reported_distance(250)
    >>> (d.low_km, d.high_km, round(d.sd_km, 1))
    (225.0, 275.0, 7.5)
    >>> reported_distance(300, 350).low_km
    300.0
    """
    if unit not in KM_PER_UNIT:
        raise InputError(f"unit = {unit!r}: give one of {', '.join(KM_PER_UNIT)}")
    try:
        lo = float(low)
        hi = lo if high is None else float(high)
    except (TypeError, ValueError):
        raise InputError(f"distance = {low!r}–{high!r} is not a number") from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or min(lo, hi) < 0:
        raise InputError(f"distance = {low!r}–{high!r}: give finite distances ≥ 0")
    lo, hi = sorted((lo, hi))
    k = KM_PER_UNIT[unit]
    frac = HEDGED_NOISE if hedged else BARE_NOISE
    about = "about " if hedged else ""
    noise = f"{'hedged' if hedged else 'bare'}: {frac:.0%} of the distance (wording model)"
    if hi > lo:
        words = f"{about}{lo:g}–{hi:g} {_UNIT_WORD[unit]}"
        return Distance(lo * k, hi * k, frac * (lo + hi) / 2 * k, hedged, unit, text or words, words, noise)
    step = rounding_step(lo)
    words = f"{about}{lo:g} {_UNIT_WORD[unit]} (rounded to {step:g} {_UNIT_WORD[unit]})"
    return Distance(max(lo - step / 2, 0.0) * k, (lo + step / 2) * k, frac * lo * k, hedged, unit, text or words, words, noise)


def calibrated_distance(value) -> Distance:
    """A distance as written ("about 700", "約250km", "450-700", "700±50", 700) read by
    :func:`geo.reports.distances.parse_distance`, with this model's spread.

    Parameters
    ----------
    value : str, float or Distance
        As a report writes it.

    Returns
    -------
    Distance

    Examples
    --------
    >>> d = calibrated_distance("約700km")
    >>> (d.low_km, d.high_km)
    (650.0, 750.0)
    """
    korean = isinstance(value, str) and value.strip().startswith(_KOREAN_HEDGES)
    if korean:  # 약 700km: the distance reader knows English, Japanese and Chinese hedges
        value = value.strip().lstrip("".join(_KOREAN_HEDGES)).strip()
    d = parse_distance(value)
    k = KM_PER_UNIT.get(d.unit, 1.0)
    lo, hi = d.low_km / k, d.high_km / k
    return reported_distance(lo, hi if hi > lo else None, hedged=d.hedged or korean, unit=d.unit, text=d.text)


def compass_sector(direction) -> Bearing:
    """A direction as this model reads it: an 8-point word covers ± 22.5°, a 16-point-only word
    ± 11.25°, degrees (or a stated sector) as given.

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
    b = parse_bearing(direction, field="direction")
    if not math.isclose(b.halfwidth_deg, FINE_HALFWIDTH_DEG):
        return b  # degrees, or a sector the words state
    coarse = math.isclose(b.degrees % 45.0, 0.0, abs_tol=1e-9) or math.isclose(b.degrees % 45.0, 45.0, abs_tol=1e-9)
    if coarse:
        return replace(b, halfwidth_deg=COARSE_HALFWIDTH_DEG, spread="8-point word (wording model)")
    return replace(b, halfwidth_deg=FINE_HALFWIDTH_DEG, spread="16-point word (wording model)")


def distance_of(loc: ReportedLocation) -> Distance:
    """The distance of a parsed position under this model.

    Parameters
    ----------
    loc : ReportedLocation
        As read by :func:`geo.reports.phrases.parse_report`.

    Returns
    -------
    Distance

    Examples
    --------
    >>> from geo.reports.phrases import parse_report
    >>> d = distance_of(parse_report("about 350 km east of the Korean Peninsula"))
    >>> (d.low_km, d.high_km)
    (325.0, 375.0)
    """
    k = KM_PER_UNIT.get(loc.unit, 1.0)
    lo, hi = loc.range_low_km / k, loc.range_high_km / k
    return reported_distance(lo, hi if hi > lo else None, hedged=loc.hedged, unit=loc.unit)


def reword_location(loc: ReportedLocation) -> ReportedLocation:
    """A position read by :func:`geo.reports.phrases.parse_report`, with its distance and
    direction spreads replaced by this model's (the place, and its feature-size disc, stay).

    Parameters
    ----------
    loc : ReportedLocation
        As read.

    Returns
    -------
    ReportedLocation
        Same nominal point; ``rule`` says how each part was read.

    Examples
    --------
    >>> from geo.reports.phrases import parse_report
    >>> loc = reword_location(parse_report("about 200 km west of Oshima-Oshima"))
    >>> (loc.range_low_km, loc.range_high_km, loc.bearing_halfwidth_deg)
    (150.0, 250.0, 22.5)
    """
    dist = distance_of(loc)
    half = loc.bearing_halfwidth_deg
    if math.isclose(half, FINE_HALFWIDTH_DEG):  # a compass word: its resolution decides
        half = compass_sector(Bearing(loc.bearing_deg, half, "")).halfwidth_deg
        points = "8" if half == COARSE_HALFWIDTH_DEG else "16"
        direction = f"direction {loc.bearing_deg:g}° ± {half:g}° ({points}-point word)"
    else:
        direction = f"direction {loc.bearing_deg:g}°" + (f" ± {half:g}°" if half else "")
    rule = f"{dist.rule()}; {direction}"
    if loc.origin_radius_km > 0:
        rule += f"; measured from anywhere within {loc.origin_radius_km:g} km of {loc.place.name_en} (feature size)"
    return replace(
        loc,
        range_low_km=dist.low_km,
        range_high_km=dist.high_km,
        range_sd_km=dist.sd_km,
        bearing_halfwidth_deg=half,
        rule=rule,
    )
