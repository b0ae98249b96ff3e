"""Ground tracks: the geodesic from launch to landing, and where it crosses the target's airspace.

A point is over the target's airspace when the zone covering it is land, internal waters or
territorial sea that the target owns or shares (a claimant of disputed land counts it as its
own, as it counts the waters around it) — decided by the one ownership rule,
:func:`geo.zones.model.claim_roles`. Marine Regions EEZ layers have no territorial-sea rows, so
with them only land (their islands, see :mod:`geo.zones`) is found.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from geo.errors import InputError
from geo.geodesy import GEOD, wrap_lon
from geo.index.cache import load_index
from geo.inputs import check_target, coordinates
from geo.names import possessive
from geo.reports.describe import format_latlon
from geo.reports.places import Place, all_places
from geo.zones.model import claim_roles

__all__ = ["ground_track", "GroundTrack", "Crossing", "AIRSPACE_ZONE_TYPES"]

#: Zone types that make up a state's territory and airspace (land + territorial sea).
AIRSPACE_ZONE_TYPES = ("land", "internal_waters", "territorial_sea")
#: Kinds of gazetteer place that name a crossing's ends.
_TRACK_PLACE_KINDS = ("island", "cape", "peninsula", "city", "prefecture")


@dataclass(frozen=True)
class Crossing:
    """One stretch of the ground track over the target's land or territorial sea."""

    entry_lat: float
    entry_lon: float
    exit_lat: float
    exit_lon: float
    length_km: float
    zone_type: str
    name: str
    entry_place: str
    exit_place: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True, eq=False)
class GroundTrack:
    """The geodesic from launch to landing, sampled every ``step_km``, and its crossings of
    the target's airspace (land and territorial sea) in flight order."""

    lat: np.ndarray
    lon: np.ndarray
    length_km: float
    step_km: float
    target: str
    crossings: tuple[Crossing, ...]
    data_source: str

    @property
    def crosses_target(self) -> bool:
        return bool(self.crossings)

    def summary(self) -> str:
        """One line: the track's length and what of the target's airspace it crosses."""
        whose = possessive(self.target)
        if not self.crossings:
            return f"ground track ({self.length_km:,.0f} km) does not cross {whose} land or territorial sea"
        parts = [
            f"{c.zone_type.replace('_', ' ')} of {c.name} for {c.length_km:,.0f} km "
            f"(in near {c.entry_place} at {format_latlon(c.entry_lat, c.entry_lon, 2)}, out near {c.exit_place} "
            f"at {format_latlon(c.exit_lat, c.exit_lon, 2)})"
            for c in self.crossings
        ]
        return f"ground track ({self.length_km:,.0f} km) crosses {whose} " + "; ".join(parts)

    def to_dict(self) -> dict:
        return {
            "track_length_km": self.length_km,
            "overflies_target": self.crosses_target,
            "crossings": [c.to_dict() for c in self.crossings],
        }


def ground_track(*, launch_lat, launch_lon, landing_lat, landing_lon, target: str = "JPN", zones=None, step_km: float = 1.0) -> GroundTrack:
    """The geodesic ground track from launch to landing and where it crosses the target's airspace.

    Points every ``step_km`` (``Geod.inv_intermediate``; longitudes wrapped to [-180, 180), so a
    track across the antimeridian is a run of points, not a line through Greenwich). Entry and
    exit points are refined to ``step_km``/64 along the track; a crossing shorter than
    ``step_km`` may be missed (error bound: one step). Names: the land polygon's name when the
    data has a real one, else the nearest gazetteer place (islands, capes, peninsulas, cities,
    prefectures) to the crossing's midpoint.

    Parameters
    ----------
    launch_lat, launch_lon, landing_lat, landing_lon : float
        Degrees.
    target : str
        ISO 3166-1 alpha-3 code of the state whose airspace is checked.
    zones : optional
        Any ``zones=`` value (:func:`geo.index.cache.load_index`).
    step_km : float
        Spacing of the track's points, km (> 0).

    Returns
    -------
    GroundTrack

    Examples
    --------
    >>> t = ground_track(launch_lat=39.0, launch_lon=125.7, landing_lat=40.9, landing_lon=134.0)
    >>> t.crosses_target, round(t.length_km)
    (False, 740)
    """
    target = check_target(target)
    lon_v, lat_v, _ = coordinates([launch_lon, landing_lon], [launch_lat, landing_lat])
    if not (step_km > 0):
        raise InputError(f"step_km = {step_km!r} must be > 0")
    idx = load_index(zones)  # the compiled zone index: no geopandas read on every call
    _, _, dist = GEOD.inv(lon_v[0], lat_v[0], lon_v[1], lat_v[1])
    n = max(int(math.ceil(float(dist) / 1000.0 / step_km)) + 1, 2)
    lons, lats = _geodesic_points(lon_v[0], lat_v[0], lon_v[1], lat_v[1], n)
    airspace = _Airspace(idx, target)
    over, kind, name = airspace.at(lons, lats)
    # Runs of consecutive samples over the target's airspace.
    edges = np.flatnonzero(np.diff(np.r_[False, over, False].astype(int)))
    crossings = tuple(
        _crossing(lons, lats, s, e, kind, name, airspace) for s, e in zip(edges[::2], edges[1::2] - 1)
    )
    return GroundTrack(lats, lons, float(dist) / 1000.0, float(step_km), target, crossings, idx.source_label)


class _Airspace:
    """Which points lie over ``target``'s land, internal waters or territorial sea in ``idx``."""

    def __init__(self, idx, target: str):
        self.idx, self.target = idx, target
        own, shared = claim_roles(idx.zone_type, idx.sovereigns, target)
        self.theirs = (own | shared) & np.isin(idx.zone_type, AIRSPACE_ZONE_TYPES)

    def at(self, lons, lats):
        """(over the airspace?, zone type, proper land name or '') per point."""
        zi = self.idx.locate(lons, lats, target=self.target)
        n = len(lons)
        over = np.zeros(n, dtype=bool)
        kind = np.full(n, "", dtype=object)
        name = np.full(n, "", dtype=object)
        pos = np.flatnonzero(zi >= 0)
        pos = pos[self.theirs[zi[pos]]]
        rows = zi[pos]
        over[pos] = True
        kind[pos] = self.idx.zone_type[rows]
        name[pos] = [str(v) if v is not None else "" for v in self.idx.names[rows]]
        return over, kind, name

    def first_over(self, lon_out, lat_out, lon_in, lat_in, n: int = 64):
        """The first point over the airspace between an outside and an inside track point."""
        lons, lats = _geodesic_points(lon_out, lat_out, lon_in, lat_in, n + 1)
        over, _, _ = self.at(lons, lats)
        k = int(np.argmax(over)) if over.any() else len(lons) - 1
        return lons[k], lats[k]


def _crossing(lons, lats, s: int, e: int, kind, name, airspace: _Airspace) -> Crossing:
    """The crossing made of track points ``s`` … ``e``, its ends refined between track points."""
    last = len(lons) - 1
    en_lon, en_lat = (lons[s], lats[s]) if s == 0 else airspace.first_over(lons[s - 1], lats[s - 1], lons[s], lats[s])
    ex_lon, ex_lat = (lons[e], lats[e]) if e == last else airspace.first_over(lons[e + 1], lats[e + 1], lons[e], lats[e])
    _, _, seg = GEOD.inv(en_lon, en_lat, ex_lon, ex_lat)
    mid = (s + e) // 2
    target = airspace.target
    return Crossing(
        entry_lat=float(en_lat),
        entry_lon=float(en_lon),
        exit_lat=float(ex_lat),
        exit_lon=float(ex_lon),
        length_km=float(seg) / 1000.0,
        zone_type=str(kind[mid]),
        name=str(name[mid] or _nearest_place(lons[mid], lats[mid], target).name_en),
        entry_place=_nearest_place(en_lon, en_lat, target).name_en,
        exit_place=_nearest_place(ex_lon, ex_lat, target).name_en,
    )


def _geodesic_points(lon1, lat1, lon2, lat2, n: int):
    line = GEOD.inv_intermediate(lon1, lat1, lon2, lat2, npts=n, initial_idx=0, terminus_idx=0, return_back_azimuth=True)
    return wrap_lon(line.lons), np.asarray(line.lats)


def _nearest_place(lon, lat, country) -> Place:
    cands = all_places(kind=_TRACK_PLACE_KINDS, country=country) or all_places(country=country) or all_places()
    p_lon = np.array([p.lon for p in cands])
    p_lat = np.array([p.lat for p in cands])
    # Nearest listed point; not the feature's edge, or a 250 km-wide Hokkaido would win everywhere.
    _, _, d = GEOD.inv(p_lon, p_lat, np.full(len(cands), lon), np.full(len(cands), lat))
    return cands[int(np.argmin(d))]
