"""Geodesy on WGS84 for the zone build: geodesic circles, the conformal sphere, nearest points.

Error bounds (tested in tests/test_bundled_zones.py against ``pyproj.Geod``):

* :func:`geodesic_circles` draws each circle as a regular polygon with the circle's area (its
  vertices on a slightly larger radius, :func:`circle_vertex_radius`): the polygon lies outside
  the circle near its vertices and inside it mid-chord, by about 2/3 and 1/3 of the chord sag
  r (1 - cos(pi / n)) <= ``SAG_KM`` of an inscribed polygon, so the error is <= ``CIRCLE_ERR_KM``
  (0.035 km) and has no systematic sign (an inscribed polygon drew every limit up to the sag,
  ~2/3 of it on average, too far landward);
* the conformal sphere (:func:`to_unit`) is conformal, so a bisector on it is an ellipsoidal
  bisector to about ``dk/dphi * d`` ~ 0.0004 * 370 km / 2 < 0.1 km;
* :func:`nearest_geodesic` is exact (``Geod.inv``) among its k candidates.
"""
from __future__ import annotations

import math

import numpy as np
import shapely

from zonebuild.common import GEOD

# Max chord sag of an inscribed polygon with circle_vertex_count vertices. At 0.2 km a test build
# of the equal-area polygons left thin wedges reaching up to 3.8 km back from a limit between the
# long thin cells of straight-baseline samples; at 0.05 km none were found, at no measurable cost.
SAG_KM = 0.05
# max distance of the equal-area polygon from its circle: R - r = (2/3) sag (1 + O((pi/n)^2)),
# 0.0331 km at 200 NM (n = 192), 0.0316 km at 24 NM (n = 68), 0.0318 km at 12 NM (n = 48)
CIRCLE_ERR_KM = 0.035
_E2 = GEOD.es
_E = math.sqrt(_E2)


def circle_vertex_count(radius_m: float, sag_km: float = SAG_KM, minimum: int = 32) -> int:
    """Vertices for an inscribed polygon of a circle of radius_m with chord sag <= sag_km.

    sag = r (1 - cos(pi / n))  =>  n >= pi / acos(1 - sag / r).
    """
    r_km = radius_m / 1000.0
    if sag_km >= r_km:
        return minimum
    n = math.ceil(math.pi / math.acos(1.0 - sag_km / r_km))
    return max(minimum, n + (n % 2))


def circle_vertex_radius(radius_m: float, n: int) -> float:
    """Vertex radius (m) of the regular n-gon with the area of the circle of radius_m.

    Parameters
    ----------
    radius_m : float
        Radius of the circle, metres.
    n : int
        Number of vertices.

    Returns
    -------
    float
        R = r sqrt(2 pi / (n sin(2 pi / n))): the n-gon's area (n/2) R^2 sin(2 pi / n) is pi r^2.
        Its vertices lie R - r ~ r (pi/n)^2 / 3 outside the circle, its mid-chords
        r - R cos(pi/n) ~ r (pi/n)^2 / 6 inside it (2/3 and 1/3 of the inscribed polygon's sag).

    Examples
    --------
    >>> round(circle_vertex_radius(22224.0, 32) - 22224.0, 1)
    71.6
    """
    return radius_m * math.sqrt(2.0 * math.pi / (n * math.sin(2.0 * math.pi / n)))


def geodesic_circles(lon, lat, radius_m: float, n: int | None = None) -> np.ndarray:
    """Polygons (lon/lat) of geodesic circles of radius_m around (lon, lat) on WGS84.

    Each is the regular n-gon with the circle's area: vertices are exact ``Geod.fwd`` points at
    :func:`circle_vertex_radius`, so the polygon is within ``CIRCLE_ERR_KM`` of the circle,
    outside near the vertices and inside mid-chord, with no systematic inward bias. Longitudes
    are continuous around the centre (no wrap at 180).
    """
    lon = np.atleast_1d(np.asarray(lon, float))
    lat = np.atleast_1d(np.asarray(lat, float))
    if n is None:
        n = circle_vertex_count(radius_m)
    az = np.linspace(0.0, 360.0, n, endpoint=False)
    LON = np.repeat(lon, n)
    LAT = np.repeat(lat, n)
    AZ = np.tile(az, len(lon))
    x, y, _ = GEOD.fwd(LON, LAT, AZ, np.full(LON.shape, circle_vertex_radius(radius_m, n)))
    x = LON + ((x - LON + 180.0) % 360.0 - 180.0)
    coords = np.stack([x, y], axis=1).reshape(len(lon), n, 2)
    coords = np.concatenate([coords, coords[:, :1]], axis=1)
    return shapely.polygons(coords)


def conformal_lat(phi_deg):
    """Conformal latitude (degrees) of geodetic latitude phi (degrees) on WGS84."""
    phi = np.radians(phi_deg)
    s = np.sin(phi)
    chi = 2 * np.arctan(np.tan(np.pi / 4 + phi / 2) * ((1 - _E * s) / (1 + _E * s)) ** (_E / 2)) - np.pi / 2
    return np.degrees(chi)


def geodetic_from_conformal(chi_deg):
    """Geodetic latitude (degrees) of conformal latitude chi (degrees); inverse of conformal_lat."""
    chi = np.radians(chi_deg)
    phi = chi.copy()
    t = np.tan(np.pi / 4 + chi / 2)
    for _ in range(8):
        s = np.sin(phi)
        phi = 2 * np.arctan(t * ((1 + _E * s) / (1 - _E * s)) ** (_E / 2)) - np.pi / 2
    return np.degrees(phi)


def to_unit(lon_deg, lat_deg):
    """Points on the conformal unit sphere."""
    lam = np.radians(lon_deg)
    chi = np.radians(conformal_lat(lat_deg))
    return np.stack([np.cos(chi) * np.cos(lam), np.cos(chi) * np.sin(lam), np.sin(chi)], axis=1)


def from_unit(v):
    """(lon in [0, 360), geodetic lat) of vectors on (or off) the conformal unit sphere."""
    v = v / np.linalg.norm(v, axis=1)[:, None]
    lon = np.degrees(np.arctan2(v[:, 1], v[:, 0])) % 360.0
    chi = np.degrees(np.arcsin(np.clip(v[:, 2], -1, 1)))
    return lon, geodetic_from_conformal(chi)


def ecef(lon, lat):
    """Earth-centred Cartesian coordinates (m) of points on the WGS84 ellipsoid."""
    lam = np.radians(np.asarray(lon, float))
    phi = np.radians(np.asarray(lat, float))
    a = GEOD.a
    n = a / np.sqrt(1 - _E2 * np.sin(phi) ** 2)
    return np.stack([n * np.cos(phi) * np.cos(lam), n * np.cos(phi) * np.sin(lam),
                     n * (1 - _E2) * np.sin(phi)], axis=1)


def nearest_geodesic(lon, lat, blon, blat, k: int = 8):
    """Geodesic distance (m) from each (lon, lat) to the nearest of the points (blon, blat).

    KD-tree on ECEF chords picks k candidates, ``Geod.inv`` decides.
    """
    from scipy.spatial import cKDTree  # lazy: scipy is heavy

    lon = np.asarray(lon, float)
    lat = np.asarray(lat, float)
    k = min(k, len(blon))
    tree = cKDTree(ecef(blon, blat))
    _, idx = tree.query(ecef(lon, lat), k=k)
    idx = idx.reshape(len(lon), k)
    _, _, d = GEOD.inv(np.repeat(lon, k), np.repeat(lat, k), np.asarray(blon)[idx.ravel()],
                       np.asarray(blat)[idx.ravel()])
    d = d.reshape(len(lon), k)
    j = np.argmin(d, axis=1)
    return d[np.arange(len(lon)), j], idx[np.arange(len(lon)), j]
