"""Positions known only through constraints: drawn by rejection from a proposal.

Some reports do not give a bearing but say where the missile came down: "flew about 700 km and
landed in the East Sea", "about 300 km from the Oga Peninsula, in the Sea of Japan", "about
500 km from Sado and 300 km from the Oki Islands". Their landing points are drawn here:

* a **proposal** — a plain :class:`~geo.reports.phrases.ReportedLocation` with the bearing
  Uniform over all directions (or the stated sector), sampled by its own ``sample`` method
  (origin disc, distance, direction), or any other function of ``(n, rng)``;
* **constraints** that keep a proposed point or not (in the named sea, at sea, consistent with a
  second distance …), each a function ``(lat, lon, rng) -> bool array``;
* the kept points are the samples. Draws continue in batches until ``n`` are kept; when fewer
  than one in :data:`MAX_REJECTION` proposals is kept the constraints are taken to contradict
  each other and :class:`~geo.errors.InputError` says so.

A :class:`SampledLocation` is a ``ReportedLocation`` whose ``sample`` does this, so
:func:`geo.reports.landing.estimate_impact` (``reported=``) estimates it like any other report.
Its nominal point is the pilot sample nearest the samples' median latitude and longitude — a
point that satisfies every constraint, unlike the mean of a curved ring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from geo.errors import InputError
from geo.geodesy import GEOD
from geo.reports.phrases import Bearing, ReportedLocation, make_location
from geo.reports.places import Place

__all__ = [
    "MAX_REJECTION",
    "PILOT_SAMPLES",
    "SampledLocation",
    "proposal",
    "rejection_sample",
    "sampled_location",
]

#: Give up when fewer than one proposal in this many is kept.
MAX_REJECTION = 2000
#: Samples drawn (seed 0) to place the nominal point.
PILOT_SAMPLES = 2000
_PILOT_SEED = 0


@dataclass(frozen=True)
class SampledLocation(ReportedLocation):
    """A reported position whose samples come from ``sampler(n, rng) -> (lat, lon)``.

    ``method`` names how it was built ("sea-constrained bearing", "coast offset", "ring",
    "two rings"); ``details`` holds the figures that went in, for JSON.
    """

    method: str = ""
    sampler: Callable | None = field(default=None, compare=False, repr=False)
    details: dict = field(default_factory=dict, compare=False)

    @property
    def has_uncertainty(self) -> bool:
        return True

    def sample(self, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """``n`` landing points satisfying every constraint: (lat, lon) arrays."""
        return self.sampler(int(n), rng)

    def to_dict(self) -> dict:
        d = super().to_dict()
        d["method"] = self.method
        d.update(self.details)
        return d


def proposal(place: Place, *, distance, bearing_deg: float = 0.0, halfwidth_deg: float = 180.0, origin_radius_km=None,
             text: str = "") -> ReportedLocation:
    """A plain reported location to draw proposals from: ``distance`` (a
    :class:`~geo.reports.distances.Distance`) from ``place`` towards ``bearing_deg`` ±
    ``halfwidth_deg`` (180: every direction), the origin anywhere within ``origin_radius_km``
    (default: the place's own radius).

    Parameters
    ----------
    place : Place
        Where the distance is measured from.
    distance : Distance
        The distance model.
    bearing_deg, halfwidth_deg : float
        The direction sector.
    origin_radius_km : float, optional
        The origin disc.
    text : str
        The words.

    Returns
    -------
    ReportedLocation
        Its ``sample`` draws the proposals.

    Examples
    --------
    >>> from geo.reports.places import find_place
    >>> from geo.reports.wording import reported_distance
    >>> loc = proposal(find_place("Sado"), distance=reported_distance(300))
    >>> lat, lon = loc.sample(100, np.random.default_rng(0))
    >>> lat.shape
    (100,)
    """
    radius = place.radius_km if origin_radius_km is None else float(origin_radius_km)
    spread = "every direction" if halfwidth_deg >= 180 else "sector"
    bearing = Bearing(float(bearing_deg) % 360.0, float(halfwidth_deg), text, spread=spread)
    return make_location(place, bearing, distance, text=text, origin_radius_km=radius)


def rejection_sample(propose: Callable, keep: Callable, n: int, rng: np.random.Generator, *, what: str):
    """Draw proposals until ``n`` satisfy ``keep``.

    Parameters
    ----------
    propose : callable
        ``propose(m, rng) -> (lat, lon)``: ``m`` candidate points.
    keep : callable
        ``keep(lat, lon, rng) -> bool array``: which candidates satisfy the constraints.
    n : int
        Samples wanted.
    rng : numpy.random.Generator
        The random source (the draws are reproducible for a given generator state).
    what : str
        The constraints in words, for the error message.

    Returns
    -------
    lat, lon : numpy.ndarray
        ``n`` kept points, in the order drawn.

    Examples
    --------
    >>> prop = lambda m, rng: (rng.uniform(0, 10, m), rng.uniform(0, 10, m))
    >>> lat, lon = rejection_sample(prop, lambda la, lo, rng: la > 5, 50, np.random.default_rng(1), what="north half")
    >>> bool((lat > 5).all()) and len(lat) == 50
    True
    """
    n = int(n)
    got_lat: list[np.ndarray] = []
    got_lon: list[np.ndarray] = []
    kept = tried = 0
    batch = max(2 * n, 1000)
    while kept < n:
        lat, lon = propose(batch, rng)
        ok = np.asarray(keep(lat, lon, rng), dtype=bool)
        got_lat.append(lat[ok])
        got_lon.append(lon[ok])
        kept += int(ok.sum())
        tried += batch
        if tried >= max(MAX_REJECTION * max(kept, 1), MAX_REJECTION * 10) and kept < n:
            raise InputError(
                f"no landing point satisfies {what}: {kept:,} of {tried:,} candidate points did "
                "(the figures may contradict each other — check the distance, direction and sea)"
            )
        rate = max(kept / tried, 1.0 / MAX_REJECTION)
        batch = int(min(max((n - kept) / rate * 1.2, 1000), 2_000_000))
    return np.concatenate(got_lat)[:n], np.concatenate(got_lon)[:n]


def _nominal(lat: np.ndarray, lon: np.ndarray) -> tuple[float, float]:
    """The sample nearest (geodesic) the median latitude and longitude of the samples."""
    mlat, mlon = float(np.median(lat)), float(np.median(lon))
    _, _, d = GEOD.inv(np.full(len(lat), mlon), np.full(len(lat), mlat), lon, lat)
    i = int(np.argmin(d))
    return float(lat[i]), float(lon[i])


def sampled_location(place: Place, sampler: Callable, *, method: str, rule: str, text: str = "", details=None,
                     distance=None, bearing_deg: float | None = None, halfwidth_deg: float = 180.0,
                     origin_radius_km: float = 0.0, bearing_spread: str = "") -> SampledLocation:
    """A :class:`SampledLocation` whose nominal point comes from a pilot sample.

    Parameters
    ----------
    place : Place
        The place the position refers to (launch site, reference).
    sampler : callable
        ``sampler(n, rng) -> (lat, lon)``.
    method, rule, text : str
        How it was built, its uncertainty in words, the words it came from.
    details : dict, optional
        Extra figures for JSON.
    distance : Distance, optional
        The reported distance, for the ``range_*`` fields.
    bearing_deg, halfwidth_deg : float
        The direction, if one was given (else the pilot sample's bearing from the place).
    origin_radius_km : float
        The origin spread.
    bearing_spread : str
        Where the direction's spread came from ("8-point word" …), for the ``bearing_spread``
        field; the distance's (``range_spread``) is ``distance.spread``.

    Returns
    -------
    SampledLocation

    Examples
    --------
    >>> from geo.reports.places import find_place
    >>> from geo.reports.landing import landing_point
    >>> ring = lambda n, rng: landing_point(lat=np.full(n, 38.0), lon=np.full(n, 138.4),
    ...                                     bearing=rng.uniform(0, 360, n), range_km=np.full(n, 100.0))
    >>> loc = sampled_location(find_place("Sado"), ring, method="ring", rule="100 km ring")
    >>> bool(loc.has_uncertainty and loc.sample(10, np.random.default_rng(0))[0].shape == (10,))
    True
    """
    p_lat, p_lon = sampler(PILOT_SAMPLES, np.random.default_rng(_PILOT_SEED))
    lat, lon = _nominal(np.asarray(p_lat), np.asarray(p_lon))
    az, _, dist = GEOD.inv(place.lon, place.lat, lon, lat)
    mid = distance.mid_km if distance is not None else float(dist) / 1000.0
    base = dict(
        text=text,
        place=place,
        bearing_deg=float(az) % 360.0 if bearing_deg is None else float(bearing_deg) % 360.0,
        bearing_halfwidth_deg=float(halfwidth_deg),
        range_km=mid,
        range_low_km=distance.low_km if distance is not None else mid,
        range_high_km=distance.high_km if distance is not None else mid,
        range_sd_km=distance.sd_km if distance is not None else 0.0,
        origin_radius_km=float(origin_radius_km),
        bearing_spread=bearing_spread,
        range_spread=distance.spread if distance is not None else "",
        lat=lat,
        lon=lon,
        rule=rule,
    )
    return SampledLocation(**base, method=method, sampler=sampler, details=dict(details or {}))
