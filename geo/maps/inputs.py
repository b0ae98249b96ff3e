"""What a caller gives :func:`geo.maps.result_map`, checked: results, launch sites, tracks, rings
(the target is checked by :func:`geo.inputs.check_target`, coordinates by
:func:`geo.inputs.coordinates`).

Bad input is an :class:`~geo.errors.InputError` naming the argument, its index and the value.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.errors import InputError
from geo.inputs import coordinates

__all__ = ["Site", "coordinate", "launch_sites", "unique_sites", "tracks", "range_rings", "result_records", "to_float",
           "MAX_RING_KM"]

#: Largest range ring: half the Earth's circumference.
MAX_RING_KM = 20_000


@dataclass(frozen=True)
class Site:
    """A launch site to draw: where, and its name (None: unnamed)."""

    lat: float
    lon: float
    name: str | None


def coordinate(lat, lon, what: str) -> tuple[float, float]:
    """One checked (lat, lon), longitudes wrapped to [-180, 180).

    Parameters
    ----------
    lat, lon : object
        Anything :func:`geo.inputs.coordinates` takes.
    what : str
        Names the value in an error, e.g. "launch_sites[0]".

    Returns
    -------
    (float, float)
        lat, lon.

    Examples
    --------
    >>> coordinate("40", 190, "a site")
    (40.0, -170.0)
    """
    try:
        lo, la, _ = coordinates([lon], [lat], rows=[what])
    except InputError as exc:
        raise InputError(f"{what}: {exc}", exc.problems) from None
    return float(la[0]), float(lo[0])


def launch_sites(sites) -> list[Site]:
    """Launch sites given as (lat, lon), (lat, lon, name), dicts or objects with lat/lon/name.

    Parameters
    ----------
    sites : iterable or None

    Returns
    -------
    list of Site

    Examples
    --------
    >>> launch_sites([(39.0, 125.7, "Sunan"), {"lat": 40, "lon": 124.5}])
    [Site(lat=39.0, lon=125.7, name='Sunan'), Site(lat=40.0, lon=124.5, name=None)]
    """
    out = []
    for i, s in enumerate(sites or []):
        if isinstance(s, dict):
            lat, lon, name = s.get("lat"), s.get("lon"), s.get("name")
        elif hasattr(s, "lat") and hasattr(s, "lon"):
            lat, lon, name = s.lat, s.lon, getattr(s, "name", None)
        else:
            try:
                lat, lon, *rest = s
            except (TypeError, ValueError):
                raise InputError(
                    f"launch_sites[{i}] = {s!r}: give (lat, lon), (lat, lon, name) or a dict with lat, lon, name"
                ) from None
            name = rest[0] if rest else None
        la, lo = coordinate(lat, lon, f"launch_sites[{i}]")
        out.append(Site(la, lo, None if name is None else str(name)))
    return out


def unique_sites(sites: list[Site]) -> list[Site]:
    """``sites`` without repeats of one place (several impacts from one launch point), in order."""
    out, seen = [], set()
    for s in sites:
        key = (round(s.lat, 6), round(s.lon, 6))
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def tracks(given) -> list[tuple[list[tuple[float, float]], str | None]]:
    """Tracks given as sequences of (lat, lon) waypoints, or dicts with ``points`` and ``name``.

    Parameters
    ----------
    given : iterable or None

    Returns
    -------
    list of (list of (lat, lon), str or None)

    Examples
    --------
    >>> tracks([{"points": [(39, 125.7), (41, 135)], "name": "A"}])
    [([(39.0, 125.7), (41.0, 135.0)], 'A')]
    """
    out = []
    for i, t in enumerate(given or []):
        name = None
        if isinstance(t, dict):
            name, t = t.get("name"), t.get("points")
        try:
            pts = [tuple(p) for p in t]
        except TypeError:
            raise InputError(f"tracks[{i}]: give a sequence of (lat, lon) points, or a dict with 'points' and 'name'") from None
        if len(pts) < 2 or any(len(p) != 2 for p in pts):
            raise InputError(f"tracks[{i}]: a track needs at least two (lat, lon) points, got {pts!r}")
        pts = [coordinate(la, lo, f"tracks[{i}][{j}]") for j, (la, lo) in enumerate(pts)]
        out.append((pts, None if name is None else str(name)))
    return out


def range_rings(radii_km) -> list[float]:
    """Range-ring radii in km, each in (0, :data:`MAX_RING_KM`].

    Parameters
    ----------
    radii_km : iterable or None

    Returns
    -------
    list of float

    Examples
    --------
    >>> range_rings(["500", 1000])
    [500.0, 1000.0]
    """
    out = []
    for i, r in enumerate(radii_km or []):
        try:
            v = float(r)
        except (TypeError, ValueError):
            raise InputError(f"range_rings_km[{i}] = {r!r} is not a number of kilometres") from None
        if not (0 < v <= MAX_RING_KM):
            raise InputError(f"range_rings_km[{i}] = {r!r} must be in (0, {MAX_RING_KM}] km (half the Earth's circumference)")
        out.append(v)
    return out


def result_records(results) -> list[dict]:
    """Rows of a results table, a PointResult or a list of them, as dicts with float lat/lon.

    Parameters
    ----------
    results : DataFrame, PointResult, sequence of them or of dicts, or None
        A table must have the columns of :func:`geo.classify.check_points` (at least lat, lon
        and eez_status); a geometry column is left out.

    Returns
    -------
    list of dict
        One per row, in order; unreadable lat/lon become NaN.

    Examples
    --------
    >>> result_records([{"lat": "41.5", "lon": 137.8, "eez_status": "inside"}])
    [{'lat': 41.5, 'lon': 137.8, 'eez_status': 'inside'}]
    """
    if results is None:
        return []
    if hasattr(results, "to_dict") and hasattr(results, "eez_status") and not hasattr(results, "columns"):
        results = [results]
    if isinstance(results, (list, tuple)):
        records = [r.to_dict() if hasattr(r, "to_dict") else dict(r) for r in results]
    elif not hasattr(results, "columns"):
        raise InputError(f"results must be a table from geo.classify.check_points, not {type(results).__name__}")
    else:
        missing = [c for c in ("lat", "lon", "eez_status") if c not in results.columns]
        if missing:
            raise InputError(
                f"results lack the column(s) {', '.join(missing)}; classify the points first with "
                "geo.classify.check_points (or 'eezcheck map', which does it)"
            )
        geom = getattr(results, "active_geometry_name", None)  # a GeoDataFrame's geometry column
        frame = results.drop(columns=geom) if geom is not None and geom in results.columns else results
        records = frame.to_dict(orient="records")
    for r in records:
        r["lat"], r["lon"] = to_float(r.get("lat")), to_float(r.get("lon"))
    return records


def to_float(v) -> float:
    """``float(v)``, or NaN for what is not a number.

    Examples
    --------
    >>> to_float("1.5"), to_float(None)
    (1.5, nan)
    """
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")
