"""Geodesy on the WGS84 ellipsoid: constants, forward/inverse problems, distance to lines.

Every distance in this package is a geodesic on WGS84 computed by ``pyproj.Geod`` (Karney's
algorithm, accurate to ~15 nm), never degrees or Web Mercator metres. The one approximation is
how the *nearest* point of a line is found (:class:`NearestLine`); its error bound is stated there
and tested against brute-force ``Geod.inv``.
"""

from __future__ import annotations

import threading

import numpy as np
import shapely
from pyproj import Geod, Transformer

__all__ = [
    "GEOD",
    "NM",
    "km_to_nm",
    "destination",
    "inverse",
    "NearestLine",
    "to_ecef",
    "from_ecef",
]

GEOD = Geod(ellps="WGS84")
#: One international nautical mile in metres, exactly.
NM = 1852.0

_A = 6378137.0
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)
_ECEF_TO_LONLAT = Transformer.from_crs("EPSG:4978", "EPSG:4979", always_xy=True)


def km_to_nm(km):
    """Nautical miles (1 NM = 1852 m) of ``km``, as ``km * 1000 / NM`` rounds: one new array (a
    NumPy scalar for a scalar)."""
    out = np.multiply(km, 1000.0)
    return np.divide(out, NM, out=out) if isinstance(out, np.ndarray) else out / NM


def destination(lon, lat, azimuth_deg, distance_m):
    """Direct geodesic problem: (lon, lat) of the point ``distance_m`` along ``azimuth_deg``."""
    lon2, lat2, _ = GEOD.fwd(lon, lat, azimuth_deg, distance_m)
    return lon2, lat2


def inverse(lon1, lat1, lon2, lat2):
    """Inverse geodesic problem: (forward azimuth in degrees [0, 360), distance in metres)."""
    az, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    return np.mod(az, 360.0), dist


def to_ecef(lon, lat):
    """Earth-centred earth-fixed XYZ (metres) of surface points, h = 0 (closed form)."""
    lon_r = np.radians(np.asarray(lon, dtype=float))
    lat_r = np.radians(np.asarray(lat, dtype=float))
    sin_lat = np.sin(lat_r)
    n = _A / np.sqrt(1 - _E2 * sin_lat**2)
    x = n * np.cos(lat_r) * np.cos(lon_r)
    y = n * np.cos(lat_r) * np.sin(lon_r)
    z = n * (1 - _E2) * sin_lat
    return np.stack([x, y, z], axis=-1)


def from_ecef(xyz):
    lon, lat, _ = _ECEF_TO_LONLAT.transform(xyz[..., 0], xyz[..., 1], xyz[..., 2])
    return lon, lat


_CELLS_LOCK = threading.Lock()


def _load_or_build_cells(line):
    from geo.segment_cells import SegmentCells, cells_key

    store = line.cell_store
    key = cells_key(line.xyz, line.line_idx)
    arrays = store.load(key) if store is not None else None
    if arrays is not None:
        try:
            return SegmentCells.from_arrays(line.xyz, arrays)
        except (KeyError, ValueError):
            pass  # an older layout: rebuilt below
    cells = SegmentCells(line.xyz, line.line_idx, line.lon, line.lat, to_ecef)
    if store is not None:
        store.save(key, cells.to_arrays())
    return cells


def _inverse_in_chunks(lon1, lat1, lon2, lat2, chunk: int = 65_536):
    """:func:`inverse` with large arrays shared over the cores (``Geod.inv`` releases the GIL)."""
    from geo._threads import map_if_spare

    if len(lon1) < 2 * chunk:
        return inverse(lon1, lat1, lon2, lat2)
    parts = [slice(i, i + chunk) for i in range(0, len(lon1), chunk)]
    done = map_if_spare(lambda s: inverse(lon1[s], lat1[s], lon2[s], lat2[s]), parts)
    return np.concatenate([a for a, _ in done]), np.concatenate([d for _, d in done])


class NearestLine:
    """Geodesic distance from points to a set of lines (e.g. an EEZ outer limit or coastlines).

    Method: the lines are cut into segments of at most ``max_segment_deg`` (linear in lon/lat,
    which is how the zone polygons' edges are interpreted by the point-in-polygon test), their
    vertices put in a k-d tree in ECEF coordinates, the ``k`` nearest vertices of each query point
    found, and for each the two segments meeting there are tried: the foot of the perpendicular
    from the query point on the 3-D chord of the segment is lifted to the surface and its
    distance taken with ``Geod.inv``.

    Where dense vertices could crowd the nearest segment out of the k nearest vertices, a second
    pass tries every vertex within sqrt(c² + (s_max/2)²) of the point (c: best chord found,
    s_max: longest segment) — the nearer end of the true nearest segment always lies there.

    For many query points at once (:attr:`CELLS_MIN_POINTS`) the nearest segment is found
    instead through a lon/lat grid of candidate segments (:mod:`geo.segment_cells`): the same
    segment, several times faster for points far from the line.

    Error bound: the chord of a segment of length s lies at most s²/(8R) below the ellipsoid
    (≤ 0.02 m for s ≤ 1.1 km), and the foot minimises the chord distance rather than the geodesic
    one, an error of second order in the angle between them. For any point the result is ≥ the
    true distance and exceeds it by less than 1 m + 1e-5 × distance — far inside the 0.1 %
    required; ``tests/test_geodesy.py`` checks it against brute force ``Geod.inv``.
    """

    def __init__(self, lines, labels=None, *, max_segment_deg: float = 0.01, k: int = 8):
        from scipy.spatial import cKDTree

        geoms = np.asarray(shapely.get_parts(np.asarray(lines, dtype=object)), dtype=object)
        if labels is None:
            labels = np.zeros(len(np.asarray(lines, dtype=object)), dtype=int)
        # get_parts flattens multi-geometries; carry each part's label along.
        _, owner = shapely.get_parts(np.asarray(lines, dtype=object), return_index=True)
        part_labels = np.asarray(labels)[owner]
        # Polygon rings and lines both become linestrings.
        lines_only, ring_owner = [], []
        for g, lab in zip(geoms, part_labels):
            if g.geom_type == "Polygon":
                rings = [g.exterior, *g.interiors]
            else:
                rings = [g]
            for r in rings:
                if not r.is_empty:
                    lines_only.append(shapely.LineString(r.coords))
                    ring_owner.append(lab)
        if not lines_only:
            raise ValueError("NearestLine needs at least one non-empty line")
        dense = shapely.segmentize(np.asarray(lines_only, dtype=object), max_segment_deg)
        coords, line_idx = shapely.get_coordinates(dense, return_index=True)
        self.lon = coords[:, 0]
        self.lat = coords[:, 1]
        self.line_idx = line_idx
        self.labels = np.asarray(ring_owner)[line_idx]
        self.xyz = to_ecef(self.lon, self.lat)
        n = len(coords)
        # Neighbour vertex indices along the same line (-1 where the line ends).
        prev_ = np.arange(n) - 1
        next_ = np.arange(n) + 1
        prev_[0] = -1
        next_[-1] = -1
        same_prev = np.r_[False, line_idx[1:] == line_idx[:-1]]
        same_next = np.r_[line_idx[:-1] == line_idx[1:], False]
        self.prev = np.where(same_prev, prev_, -1)
        self.next = np.where(same_next, next_, -1)
        self.k = min(k, n)
        self.tree = cKDTree(self.xyz)

    #: From this many query points on, the candidate grid (:mod:`geo.segment_cells`) is built
    #: (once) and used: it answers points far from the line several times faster.
    CELLS_MIN_POINTS = 5_000
    #: Keeps built candidate grids between processes: ``load(key)`` → arrays or None,
    #: ``save(key, arrays)`` (set by the index's claim store); None: built in each process.
    cell_store = None

    def query(self, lon, lat, *, azimuth: bool = False):
        """Geodesic distance from each point to the nearest point of the lines, and that point.

        The nearest segment is the same whichever way it is found (the candidate grid for many
        points, the k-d tree otherwise); thread-safe.

        Parameters
        ----------
        lon, lat : float or array_like
            Query points, degrees (WGS84). A non-finite coordinate gives NaN / an empty label.
        azimuth : bool, default False
            Also return the forward azimuth towards the nearest point, from the same
            ``Geod.inv`` call.

        Returns
        -------
        distance_m, nearest_lon, nearest_lat, label : numpy.ndarray
            Distance in metres, the nearest point in degrees, and the label of its line.
        azimuth_deg : numpy.ndarray
            Only with ``azimuth=True``: degrees clockwise from north, in [0, 360).

        Examples
        --------
        >>> line = NearestLine([shapely.LineString([(140, 35), (141, 35)])], ["edge"])
        >>> d, lon, lat, label, az = line.query([140.5], [35.5], azimuth=True)
        >>> round(float(d[0]) / 1852, 1), round(float(lat[0]), 3), str(label[0]), round(float(az[0]))
        (30.0, 35.0, 'edge', 180)
        """
        lon = np.atleast_1d(np.asarray(lon, dtype=float))
        lat = np.atleast_1d(np.asarray(lat, dtype=float))
        m = lon.size
        out_d = np.full(m, np.nan)
        out_lon = np.full(m, np.nan)
        out_lat = np.full(m, np.nan)
        out_label = np.empty(m, dtype=self.labels.dtype) if self.labels.dtype != object else np.empty(m, dtype=object)
        ok = np.isfinite(lon) & np.isfinite(lat)
        out_az = np.full(m, np.nan)
        if not ok.any():
            return (out_d, out_lon, out_lat, out_label) + ((out_az,) if azimuth else ())
        lo, la = lon[ok], lat[ok]
        q = to_ecef(lo, la)
        if len(q) >= self.CELLS_MIN_POINTS:
            _, foot_best, seg_vertex, done = self.segment_cells().nearest(q, lo, la)
            rest = np.flatnonzero(~done)
            if len(rest):
                _, foot_best[rest], seg_vertex[rest] = self._nearest_by_tree(q[rest])
        else:
            _, foot_best, seg_vertex = self._nearest_by_tree(q)
        f_lon, f_lat = from_ecef(foot_best)
        out_az[ok], out_d[ok] = _inverse_in_chunks(lo, la, f_lon, f_lat)
        out_lon[ok] = f_lon
        out_lat[ok] = f_lat
        out_label[ok] = self.labels[seg_vertex]
        return (out_d, out_lon, out_lat, out_label) + ((out_az,) if azimuth else ())

    def segment_cells(self):
        """The candidate grid of this line, built (or loaded from :attr:`cell_store`) on first use.

        :meth:`query` uses it from :attr:`CELLS_MIN_POINTS` points on; building it costs more
        than a few queries, so it is made once per line and shared between threads.

        Returns
        -------
        geo.segment_cells.SegmentCells

        Examples
        --------
        >>> line = NearestLine([shapely.LineString([(140, 35), (141, 35)])])
        >>> line.segment_cells() is line.segment_cells()
        True
        """
        cells = getattr(self, "_cells", None)
        if cells is None:
            with _CELLS_LOCK:
                cells = getattr(self, "_cells", None)
                if cells is None:
                    cells = self._cells = _load_or_build_cells(self)
        return cells

    def _nearest_by_tree(self, q):
        """(chord, foot, vertex) of the nearest segment by the k-d tree of the vertices."""
        dk, idx = self.tree.query(q, k=self.k)
        idx = idx.reshape(len(q), -1)
        dk = np.asarray(dk).reshape(len(q), -1)
        chord_best, foot_best, seg_vertex = self._best_segment(q, idx)
        # Second pass where the k nearest vertices may not hold the nearest segment: the nearer
        # end of the true nearest segment lies within sqrt(c² + (s_max/2)²) of the point, so
        # every vertex within that radius is tried (rare: dense vertices near the point).
        if self.k < len(self.xyz):
            radius = np.sqrt(chord_best**2 + (self._max_segment() / 2) ** 2) * (1 + 1e-9) + 1e-6
            for i in np.flatnonzero(dk[:, -1] <= radius):
                verts = np.asarray(self.tree.query_ball_point(q[i], radius[i]), dtype=np.intp)
                if len(verts) > self.k:
                    c, f, v = self._best_segment(q[i : i + 1], verts[None, :])
                    if c[0] < chord_best[i]:
                        chord_best[i], foot_best[i], seg_vertex[i] = c[0], f[0], v[0]
        return chord_best, foot_best, seg_vertex

    def _best_segment(self, q, idx):
        """For each point, the nearest of the segments meeting at its candidate vertices ``idx``:
        (chord distance, foot in ECEF, a vertex of that segment)."""
        a = np.concatenate([idx, idx], axis=1)
        b = np.concatenate([self.prev[idx], self.next[idx]], axis=1)
        b = np.where(b < 0, a, b)
        pa = self.xyz[a]
        ab = self.xyz[b] - pa
        denom = np.einsum("ijk,ijk->ij", ab, ab)
        t = np.einsum("ijk,ijk->ij", q[:, None, :] - pa, ab) / np.where(denom > 0, denom, 1.0)
        t = np.clip(np.where(denom > 0, t, 0.0), 0.0, 1.0)
        foot = pa + t[..., None] * ab
        chord = np.linalg.norm(foot - q[:, None, :], axis=-1)
        best = np.argmin(chord, axis=1)
        rows = np.arange(len(q))
        return chord[rows, best], foot[rows, best], a[rows, best]

    def _max_segment(self) -> float:
        """Longest segment's chord (m), computed once."""
        if getattr(self, "_max_seg", None) is None:
            has = self.next >= 0
            self._max_seg = float(np.linalg.norm(self.xyz[self.next[has]] - self.xyz[has], axis=1).max()) if has.any() else 0.0
        return self._max_seg


# ---------------------------------------------------------------- local offsets (reports room)

#: Mean Earth radius R₁ = (2a + b)/3 of WGS84, metres (used only in stated error bounds).
R_MEAN = 6371008.8
#: Half a meridian: the longest geodesic between two points on WGS84, metres (≈ 20,003.93 km).
#: No ground range on Earth is longer.
HALF_MERIDIAN_M = float(GEOD.line_length([0.0, 0.0], [-90.0, 90.0]))


def wrap_lon(lon):
    """Longitudes wrapped to [-180, 180).

    Parameters
    ----------
    lon : float or array-like
        Longitudes in degrees, any range.

    Returns
    -------
    numpy.ndarray or float
        The same longitudes in [-180, 180).

    Examples
    --------
    >>> float(wrap_lon(190.0)), float(wrap_lon(-180.0))
    (-170.0, -180.0)
    """
    return (np.asarray(lon, dtype=float) + 180.0) % 360.0 - 180.0


def disc_offset(lon0: float, lat0: float, azimuth_deg, distance_m):
    """Points ``distance_m`` from (lon0, lat0) along ``azimuth_deg`` in the local tangent plane.

    Uses the meridional and prime-vertical radii of curvature at lat0 — the cheap stand-in for
    ``Geod.fwd`` used to spread a sample over a disc (a reference feature's size, a position
    error). Half the cost of a second ``Geod.fwd`` call per sample.

    Error bound: the position differs from ``Geod.fwd``'s by less than d²·(1 + |tan φ|)/(2R)
    (R = 6,371 km; :func:`disc_offset_error_bound`): 22 m for a 12 km disc at 43°N, 0.5 km at
    60 km, 9.5 km at 250 km (4 % of a disc whose own size is only a rough "feature size");
    ``tests/test_geodesy.py`` checks it against ``Geod.fwd``.

    Parameters
    ----------
    lon0, lat0 : float
        Centre, degrees.
    azimuth_deg : array-like
        Directions, degrees clockwise from north.
    distance_m : array-like
        Distances from the centre, metres (broadcast with ``azimuth_deg``).

    Returns
    -------
    lon, lat : numpy.ndarray
        The offset points, degrees (longitudes not wrapped).

    Examples
    --------
    >>> lon, lat = disc_offset(139.0, 35.0, [0.0, 90.0], [1000.0, 1000.0])
    >>> bool(lat[0] > 35.0 and lon[1] > 139.0)
    True
    """
    phi = np.radians(lat0)
    s = np.sin(phi)
    m_radius = _A * (1 - _E2) / (1 - _E2 * s * s) ** 1.5
    n_radius = _A / np.sqrt(1 - _E2 * s * s)
    az = np.radians(azimuth_deg)
    d = np.asarray(distance_m, dtype=float)
    lat = lat0 + np.degrees(d * np.cos(az) / m_radius)
    lon = lon0 + np.degrees(d * np.sin(az) / (n_radius * max(float(np.cos(phi)), 1e-12)))
    return lon, lat


def disc_offset_error_bound(lat0: float, distance_m):
    """The stated bound (metres) of :func:`disc_offset`'s error at ``distance_m`` from lat0.

    Parameters
    ----------
    lat0 : float
        Latitude of the centre, degrees.
    distance_m : array-like
        Offsets, metres.

    Returns
    -------
    numpy.ndarray
        d²·(1 + |tan φ|)/(2R), metres.

    Examples
    --------
    >>> round(float(disc_offset_error_bound(43.0, 12_000.0)), 1)
    21.8
    """
    return np.asarray(distance_m, dtype=float) ** 2 * (1 + abs(np.tan(np.radians(lat0)))) / (2 * R_MEAN)


__all__ += ["R_MEAN", "HALF_MERIDIAN_M", "wrap_lon", "disc_offset", "disc_offset_error_bound"]


# ---------------------------------------------------------------- lines to draw (maps room)

#: Longest step (m) between the vertices of the tracks and rings made below.
LINE_MAX_SEGMENT_M = 5_000.0
#: Largest distance (m) between a drawn track or ring and the true geodesic or ring, where the
#: line between vertices ≤ :data:`LINE_MAX_SEGMENT_M` apart is drawn straight in Web Mercator
#: (as Leaflet does), for |lat| ≤ 80°: ring chord sagitta ≤ 2 m, plus a Mercator chord's
#: departure from the geodesic ≤ 2.5 m at 80°; ``tests/test_geodesy.py`` measures it with
#: ``Geod.inv``.
LINE_MAX_ERROR_M = 10.0
_RING_SAGITTA_M = 2.0
_RING_MIN_VERTICES = 360


def local_aeqd(lat: float, lon: float) -> tuple[Transformer, Transformer]:
    """Transformers to and from a local azimuthal equidistant projection centred on (lat, lon).

    Error bound: the distance and azimuth from the centre are exact (PROJ solves the geodesic
    on WGS84). Elsewhere the projection stretches lengths across the radius by (d/R)/sin(d/R)
    at a distance d from the centre and keeps them along it, so a short length measured in the
    plane is within −0.1 % / +1.3 % of its geodesic length up to 1,700 km from the centre and
    within −0.1 % / +6 % up to 3,500 km; ``tests/test_geodesy.py`` checks both against
    ``Geod.inv``.

    Parameters
    ----------
    lat, lon : float
        The centre, degrees.

    Returns
    -------
    forward, inverse : pyproj.Transformer
        lon/lat (degrees) → x/y (metres), and back; both ``always_xy``.

    Examples
    --------
    >>> fwd, inv = local_aeqd(40.0, 138.0)
    >>> x, y = fwd.transform(138.0, 41.0)
    >>> abs(x) < 1e-6 and round(y / 1000, 1)
    111.0
    """
    crs = f"+proj=aeqd +lat_0={float(lat)} +lon_0={float(lon)} +datum=WGS84 +units=m +no_defs"
    return (
        Transformer.from_crs("EPSG:4326", crs, always_xy=True),
        Transformer.from_crs(crs, "EPSG:4326", always_xy=True),
    )


def split_antimeridian(lon, lat) -> list[tuple[np.ndarray, np.ndarray]]:
    """Split a polyline where it crosses ±180°, so each part's longitudes stay in [-180, 180].

    A step of more than 180° in longitude is taken as a crossing. The crossing latitude is
    interpolated linearly in the unwrapped step; for steps ≤ :data:`LINE_MAX_SEGMENT_M` at
    |lat| ≤ 80° the cut point lies within :data:`LINE_MAX_ERROR_M` of the geodesic (tested).

    Parameters
    ----------
    lon, lat : array-like
        The line's vertices, degrees; longitudes outside [-180, 180] are wrapped.

    Returns
    -------
    list of (numpy.ndarray, numpy.ndarray)
        The parts as ``(lon, lat)`` pairs, each of at least two vertices; every input vertex is
        kept, and each cut adds a vertex on each side of the antimeridian.

    Examples
    --------
    >>> [p[0].tolist() for p in split_antimeridian([179.0, -179.0], [0.0, 0.0])]
    [[179.0, 180.0], [-180.0, -179.0]]
    """
    lon = np.asarray(lon, dtype=float)
    lon = np.where(np.abs(lon) <= 180.0, lon, ((lon + 180.0) % 360.0) - 180.0)
    lat = np.asarray(lat, dtype=float)
    parts = []
    cur_lon, cur_lat = [], []
    for i in range(len(lon)):
        if i > 0 and abs(lon[i] - lon[i - 1]) > 180.0:
            east = lon[i - 1] > 0  # crossing eastward over +180
            edge = 180.0 if east else -180.0
            nxt = lon[i] + (360.0 if east else -360.0)
            t = (edge - lon[i - 1]) / (nxt - lon[i - 1]) if nxt != lon[i - 1] else 0.0
            lat_c = lat[i - 1] + t * (lat[i] - lat[i - 1])
            cur_lon.append(edge)
            cur_lat.append(lat_c)
            parts.append((np.array(cur_lon), np.array(cur_lat)))
            cur_lon, cur_lat = [-edge], [lat_c]
        cur_lon.append(lon[i])
        cur_lat.append(lat[i])
    if cur_lon:
        parts.append((np.array(cur_lon), np.array(cur_lat)))
    return [p for p in parts if len(p[0]) >= 2]


def geodesic_track(*, lat1, lon1, lat2, lon2, max_segment_km: float = LINE_MAX_SEGMENT_M / 1000):
    """Vertices of the geodesic from (lat1, lon1) to (lat2, lon2), split at the antimeridian.

    Error bound: the vertices are exact (``Geod.inv_intermediate``), ≤ ``max_segment_km``
    apart; drawn straight in Web Mercator between them, the line stays within
    :data:`LINE_MAX_ERROR_M` of the geodesic for |lat| ≤ 80° (tested against ``Geod``).

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : float
        The two ends, degrees.
    max_segment_km : float
        Longest step between vertices.

    Returns
    -------
    list of (numpy.ndarray, numpy.ndarray)
        ``(lon, lat)`` parts, as :func:`split_antimeridian` gives them.

    Examples
    --------
    >>> parts = geodesic_track(lat1=50.0, lon1=170.0, lat2=52.0, lon2=-170.0)
    >>> len(parts), float(parts[0][0][-1]), float(parts[1][0][0])
    (2, 180.0, -180.0)
    """
    _, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    if dist == 0:
        return [(np.array([lon1, lon2], dtype=float), np.array([lat1, lat2], dtype=float))]
    n = max(2, int(np.ceil(dist / (max_segment_km * 1000.0))) + 1)
    r = GEOD.inv_intermediate(lon1, lat1, lon2, lat2, npts=n, initial_idx=0, terminus_idx=0, return_back_azimuth=True)
    return split_antimeridian(np.asarray(r.lons), np.asarray(r.lats))


def range_ring(*, lat, lon, radius_km, max_segment_km: float = LINE_MAX_SEGMENT_M / 1000):
    """The closed line of the points ``radius_km`` (geodesic) from (lat, lon), split at ±180°.

    Error bound: the vertices are exact (``Geod.fwd``): at least 360, ≤ ``max_segment_km``
    apart, and dense enough that the chord between two stays within 2 m of the circle; drawn
    straight in Web Mercator, the ring stays within :data:`LINE_MAX_ERROR_M` of the true ring
    for |lat| ≤ 80° (tested against ``Geod.inv``).

    Parameters
    ----------
    lat, lon : float
        The centre, degrees.
    radius_km : float
        Geodesic radius.
    max_segment_km : float
        Longest step between vertices.

    Returns
    -------
    list of (numpy.ndarray, numpy.ndarray)
        ``(lon, lat)`` parts, as :func:`split_antimeridian` gives them.

    Examples
    --------
    >>> [(lon, lat)] = range_ring(lat=40.0, lon=130.0, radius_km=100)
    >>> len(lon) > 360 and bool(lon[0] == lon[-1])
    True
    """
    r = float(radius_km) * 1000.0
    # Vertex count on a sphere of the mean radius R: spacing ≤ max_segment_km along the
    # circumference 2πR·sin(r/R), and a chord sagitta ρπ²/(2n²) ≤ 2 m, where ρ = R·|tan(r/R)| is
    # the circle's radius of geodesic curvature (capped at R: near r = πR/2 it is a great circle).
    R = R_MEAN
    circumference = 2 * np.pi * R * abs(np.sin(r / R))
    rho = min(R * abs(np.tan(r / R)), R)
    n = max(
        _RING_MIN_VERTICES,
        int(np.ceil(circumference / (max_segment_km * 1000.0))),
        int(np.ceil(np.pi * np.sqrt(rho / (2 * _RING_SAGITTA_M)))),
    )
    az = np.linspace(0.0, 360.0, n + 1)
    lons, lats, _ = GEOD.fwd(np.full(n + 1, float(lon)), np.full(n + 1, float(lat)), az, np.full(n + 1, r))
    lons[-1], lats[-1] = lons[0], lats[0]  # close exactly
    return split_antimeridian(lons, lats)


__all__ += ["LINE_MAX_SEGMENT_M", "LINE_MAX_ERROR_M", "local_aeqd", "split_antimeridian", "geodesic_track", "range_ring"]
