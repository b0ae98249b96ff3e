"""Points in words, the way the Ministry of Defense states them: "about 210 km west-northwest
of Oshima-Oshima" / "渡島大島の西北西約210km" — the nearest reference place (Japanese islands,
capes and peninsulas), the 16-point direction from it, and the distance rounded as the Ministry
rounds it (:func:`mod_round_km`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from geo.errors import InputError
from geo.geodesy import GEOD
from geo.inputs import coordinates
from geo.reports.bearings import compass_point
from geo.reports.places import Place, all_places

__all__ = ["describe_point", "PointDescription", "mod_round_km", "format_latlon", "REFERENCE_KINDS"]

#: Kinds of gazetteer place used to describe a point at sea (as the Ministry of Defense does).
REFERENCE_KINDS = ("island", "cape", "peninsula")


def mod_round_km(d_km: float) -> float:
    """Round a distance as the Ministry of Defense does.

    1 km below 20 km, 10 km below 2,000 km ("約210km", "約1180km"), 100 km beyond ("約2200km",
    "約3200km").

    Parameters
    ----------
    d_km : float

    Returns
    -------
    float

    Examples
    --------
    >>> mod_round_km(204.9), mod_round_km(1184), mod_round_km(3251)
    (200.0, 1180.0, 3300.0)
    """
    d = float(d_km)
    unit = 1.0 if d < 20 else 10.0 if d < 2000 else 100.0
    return unit * math.floor(d / unit + 0.5)


def format_latlon(lat: float, lon: float, digits: int) -> str:
    """A point as "41.4825°N 136.8552°E".

    Parameters
    ----------
    lat, lon : float
        Degrees.
    digits : int
        Decimals shown.

    Returns
    -------
    str

    Examples
    --------
    >>> format_latlon(-33.5, -70.25, 1)
    '33.5°S 70.2°W'
    """
    return f"{abs(lat):.{digits}f}°{'N' if lat >= 0 else 'S'} {abs(lon):.{digits}f}°{'E' if lon >= 0 else 'W'}"


@dataclass(frozen=True)
class PointDescription:
    """A point as "about D km DIRECTION of PLACE"; ``str()`` gives the English text."""

    place: Place
    distance_km: float
    rounded_km: float
    bearing_deg: float
    direction: str
    en: str
    ja: str

    def __str__(self) -> str:
        return self.en


def describe_point(*, lat: float, lon: float, places=None) -> PointDescription:
    """Describe a point from the nearest reference place, in English and Japanese.

    The nearest place is found by geodesic distance to its listed point; the direction is the
    16-point compass direction from the place to the point; the distance is rounded by
    :func:`mod_round_km`.

    Parameters
    ----------
    lat, lon : float
        The point, degrees.
    places : iterable of Place, optional
        Candidate reference places (default: Japan's islands, capes and peninsulas in the
        gazetteer, :data:`REFERENCE_KINDS`).

    Returns
    -------
    PointDescription

    Examples
    --------
    >>> describe_point(lat=41.48, lon=136.86).en
    'about 210 km west of Oshima-Oshima'
    """
    lon_v, lat_v, _ = coordinates([lon], [lat])
    cands = tuple(places) if places is not None else all_places(kind=REFERENCE_KINDS, country="JPN")
    if not cands:
        raise InputError("describe_point needs at least one reference place")
    p_lon = np.array([p.lon for p in cands])
    p_lat = np.array([p.lat for p in cands])
    az, _, dist = GEOD.inv(p_lon, p_lat, np.full(len(cands), lon_v[0]), np.full(len(cands), lat_v[0]))
    i = int(np.argmin(dist))
    place = cands[i]
    d_km = float(dist[i]) / 1000.0
    brg = float(np.mod(az[i], 360.0))
    rounded = mod_round_km(d_km)
    words = compass_point(brg, style="words")
    en = f"about {rounded:,.0f} km {words} of {place.name_en}"
    ja = f"{place.name_ja}の{compass_point(brg, style='ja')}約{rounded:.0f}km"
    return PointDescription(place, d_km, rounded, brg, words, en, ja)
