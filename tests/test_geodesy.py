"""Geodesy helpers against pyproj.Geod (the reference for every distance in the package)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.geodesy import GEOD, NM, NearestLine, destination, from_ecef, inverse, km_to_nm, to_ecef


def test_nautical_mile_is_exact():
    assert NM == 1852.0
    assert km_to_nm(1.852) == pytest.approx(1.0, abs=1e-15)


@settings(max_examples=100, deadline=None)
@given(lat=st.floats(-80, 80), lon=st.floats(-180, 179.99), az=st.floats(0, 359.9), dist=st.floats(1, 2_000_000))
def test_direct_inverse_round_trip(lat, lon, az, dist):
    lon2, lat2 = destination(lon, lat, az, dist)
    az2, d2 = inverse(lon, lat, lon2, lat2)
    assert d2 == pytest.approx(dist, rel=1e-9, abs=1e-6)
    if dist > 10:
        assert min(abs(az2 - az % 360), 360 - abs(az2 - az % 360)) < 1e-6


@settings(max_examples=100, deadline=None)
@given(lat=st.floats(-89, 89), lon=st.floats(-180, 179.99))
def test_ecef_round_trip(lat, lon):
    lo, la = from_ecef(to_ecef(np.array([lon]), np.array([lat])))
    assert la[0] == pytest.approx(lat, abs=1e-9)
    assert lo[0] == pytest.approx(lon, abs=1e-9)


def _brute(line_xy, lon, lat, step_deg=0.0001):
    dense = shapely.get_coordinates(shapely.segmentize(shapely.LineString(line_xy), step_deg))
    _, _, d = GEOD.inv(np.full(len(dense), lon), np.full(len(dense), lat), dense[:, 0], dense[:, 1])
    return d.min()


@settings(max_examples=25, deadline=None)
@given(
    lat=st.floats(20, 50),
    lon=st.floats(125, 150),
    seed=st.integers(0, 10_000),
)
def test_nearest_line_within_stated_bound(lat, lon, seed):
    """NearestLine's stated bound: ≥ true distance, and within 1 m + 1e-5 × distance of it."""
    rng = np.random.default_rng(seed)
    xs = np.sort(rng.uniform(128, 146, 6))
    ys = rng.uniform(25, 45, 6)
    line = list(zip(xs, ys))
    got, *_ = NearestLine([shapely.LineString(line)]).query([lon], [lat])
    # Brute force over vertices ≤ 11 m apart lies in [true, true + 5.6 m].
    brute = _brute(line, lon, lat)
    assert brute - 5.6 <= got[0] <= brute + 1.0 + 1e-5 * brute


def test_nearest_line_labels_and_nan():
    nl = NearestLine([shapely.LineString([(130, 30), (131, 30)]), shapely.LineString([(140, 40), (141, 40)])], labels=np.array(["a", "b"], dtype=object))
    d, lon, lat, lab = nl.query([130.5, 140.5, np.nan], [30.5, 39.0, 1.0])
    assert list(lab[:2]) == ["a", "b"]
    assert np.isnan(d[2])
    _, _, ref = GEOD.inv(140.5, 39.0, 140.5, 40.0)
    assert d[1] == pytest.approx(ref, rel=1e-6)


def test_dense_vertices_do_not_hide_the_nearest_segment():
    """41 vertices 330 m away crowd the k nearest; the second pass still finds the near segment."""
    near = shapely.LineString([(140.0, 40.0), (140.01, 40.0)])
    dense = shapely.LineString([(140 + 0.00025 * i, 40.003) for i in range(41)])
    got, *_ = NearestLine([near, dense]).query([140.005], [40.0001])
    brute = _brute(list(near.coords), 140.005, 40.0001, step_deg=0.00001)
    assert got[0] == pytest.approx(brute, abs=0.5)
    assert got[0] < 12


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_candidate_grid_finds_the_tree_s_segment_within_the_bound(seed):
    """Many points at once go through the candidate grid (geo.segment_cells): every distance is
    the k-d tree's (the same nearest segment), points beyond the grid included, and a sample
    keeps the stated bound against brute-force Geod.inv."""
    rng = np.random.default_rng(seed)
    wiggly = shapely.LineString(list(zip(np.linspace(128, 146, 40), 35 + 4 * np.sin(np.linspace(0, 9, 40)) + rng.uniform(-0.5, 0.5, 40))))
    island = shapely.Point(rng.uniform(130, 140), rng.uniform(25, 30)).buffer(0.3, 4).exterior
    lines = [wiggly, island]
    grid, tree = NearestLine(lines), NearestLine(lines)
    tree.CELLS_MIN_POINTS = 10**9
    n = grid.CELLS_MIN_POINTS + 500
    lon = np.r_[rng.uniform(110, 165, n - 100), rng.uniform(165, 175, 100)]  # the last beyond the grid
    lat = np.r_[rng.uniform(10, 60, n - 100), rng.uniform(30, 40, 100)]
    a, b = grid.query(lon, lat), tree.query(lon, lat)
    assert np.allclose(a[0], b[0], rtol=0, atol=1e-6)
    assert np.array_equal(a[3], b[3])
    for i in rng.choice(n, 3, replace=False):
        brute = min(_brute(list(g.coords), lon[i], lat[i], step_deg=0.001) for g in lines)
        # Vertices ≤ 111 m apart: the brute force lies in [true, true + 56 m].
        assert brute - 56 <= a[0][i] <= brute + 1.0 + 1e-5 * brute


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), spread_km=st.sampled_from([0.05, 2.0, 30.0]))
def test_candidate_grid_near_dense_coasts_is_the_tree_s_answer(seed, spread_km):
    """Points close to (and on) a crowded coast — many small islands of dense vertices, where a
    cell lists the most pieces and several pieces tie — get from the candidate grid exactly the
    k-d tree's distance, island and nearest point; a sample keeps the bound against Geod.inv."""
    rng = np.random.default_rng(seed)
    centres = np.c_[rng.uniform(135, 137, 25), rng.uniform(34, 35, 25)]
    islands = [shapely.Point(x, y).buffer(rng.uniform(0.005, 0.05), 8).exterior for x, y in centres]
    names = np.array([f"isle {i}" for i in range(len(islands))], dtype=object)
    grid, tree = NearestLine(islands, labels=names), NearestLine(islands, labels=names)
    tree.CELLS_MIN_POINTS = 10**9
    n = grid.CELLS_MIN_POINTS + 1000
    # Start on a vertex of a random island, then step up to spread_km away.
    verts = shapely.get_coordinates(np.asarray(islands, dtype=object))
    start = verts[rng.integers(0, len(verts), n)]
    lon, lat = destination(start[:, 0], start[:, 1], rng.uniform(0, 360, n), rng.uniform(0, spread_km * 1000, n))
    lon[:50], lat[:50] = start[:50, 0], start[:50, 1]  # exactly on the coast
    a, b = grid.query(lon, lat), tree.query(lon, lat)
    assert np.allclose(a[0], b[0], rtol=0, atol=1e-6)
    assert np.allclose(a[1], b[1], rtol=0, atol=1e-7) and np.allclose(a[2], b[2], rtol=0, atol=1e-7)
    # The same island, except where two islands tie (then the nearest points coincide too).
    differ = a[3] != b[3]
    assert differ.mean() < 0.01
    for i in rng.choice(n, 2, replace=False):
        brute = min(_brute(list(g.coords), lon[i], lat[i], step_deg=0.00005) for g in islands)
        # Vertices ≤ 5.6 m apart: the brute force lies in [true, true + 2.8 m].
        assert brute - 2.8 <= a[0][i] <= brute + 1.0 + 1e-5 * brute


@pytest.mark.parametrize("piece", [1, 2, 3, 5, 6, 16, 18])
def test_candidate_grid_any_piece_size_finds_the_nearest_segment(piece):
    """Whatever the piece size (the quarters cover every segment of a piece, also when it is not
    a multiple of 4), the grid's chord distance is the smallest over all segments."""
    from geo.segment_cells import SegmentCells, chord_to_segments

    rng = np.random.default_rng(piece)
    lon = 140 + np.cumsum(rng.normal(0, 0.01, 300))
    lat = 35 + np.cumsum(rng.normal(0, 0.01, 300))
    xyz = to_ecef(lon, lat)
    cells = SegmentCells(xyz, np.zeros(len(lon), int), lon, lat, to_ecef, piece=piece, margin_deg=1.0)
    qlon, qlat = rng.uniform(lon.min() - 0.5, lon.max() + 0.5, 3000), rng.uniform(lat.min() - 0.5, lat.max() + 0.5, 3000)
    q = to_ecef(qlon, qlat)
    d, foot, vertex, ok = cells.nearest(q, qlon, qlat)
    assert ok.all()
    brute = chord_to_segments(q[:, None, :], xyz[None, :-1], xyz[None, 1:])[0].min(axis=1)
    assert np.abs(d - brute).max() < 1e-6
    assert np.allclose(np.linalg.norm(foot - q, axis=1), d, rtol=0, atol=1e-6)


# --------------------------------------------------------------------------- lines to draw (maps)
# Tracks, range rings and the antimeridian split, moved here from tests/test_maps.py with their
# functions; what Leaflet draws between vertices (a straight Web-Mercator segment) is measured too.

from hypothesis import HealthCheck  # noqa: E402
from pyproj import Geod, Transformer  # noqa: E402

from geo.geodesy import (  # noqa: E402
    LINE_MAX_ERROR_M,
    LINE_MAX_SEGMENT_M,
    geodesic_track,
    local_aeqd,
    range_ring,
    split_antimeridian,
)

_G = Geod(ellps="WGS84")
_TO_MERC = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
_FROM_MERC = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)


def _mercator_midpoints(lon, lat):
    """Where Leaflet draws the middle of each segment (a straight line in Web Mercator)."""
    x, y = _TO_MERC.transform(lon, lat)
    return _FROM_MERC.transform((x[1:] + x[:-1]) / 2, (y[1:] + y[:-1]) / 2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lat=st.floats(-70, 70),
    lon=st.floats(-180, 179.999),
    radius_km=st.one_of(st.floats(1, 500), st.floats(500, 12_000)),
)
def test_range_ring_is_geodesic_within_bound(lat, lon, radius_km):
    parts = range_ring(lat=lat, lon=lon, radius_km=radius_km)
    n = sum(len(p[0]) for p in parts)
    assert n >= 361
    for plon, plat in parts:
        assert np.all((plon >= -180) & (plon <= 180))
        assert np.all(np.abs(np.diff(plon)) < 180)  # split at the antimeridian
        # Vertices: exactly on the ring (Geod.fwd), except the interpolated antimeridian cut points.
        _, _, d = _G.inv(np.full(plon.size, lon), np.full(plon.size, lat), plon, plat)
        inner = np.abs(np.abs(plon) - 180) > 1e-9
        if inner.any():
            assert np.max(np.abs(d[inner] - radius_km * 1000)) < 1e-3
        # Segments: what Leaflet draws between vertices stays within the stated bound.
        ok = (np.abs(plat[1:]) <= 80) & (np.abs(plat[:-1]) <= 80)
        mlon, mlat = _mercator_midpoints(plon, plat)
        _, _, dm = _G.inv(np.full(len(mlon), lon), np.full(len(mlon), lat), mlon, mlat)
        if ok.any():
            assert np.max(np.abs(dm[ok] - radius_km * 1000)) <= LINE_MAX_ERROR_M
        _, _, seg = _G.inv(plon[:-1], plat[:-1], plon[1:], plat[1:])
        assert np.max(seg) <= LINE_MAX_SEGMENT_M * 1.01  # 5 km on the mean sphere; the ellipsoid adds < 0.7 %


def _off_geodesic(lon1, lat1, lon2, lat2, qlon, qlat):
    """Distance (m) from points to the geodesic (1)→(2): to the point at the same distance along it."""
    az, _, _ = _G.inv(lon1, lat1, lon2, lat2)
    _, _, d = _G.inv(np.full(len(qlon), lon1), np.full(len(qlon), lat1), qlon, qlat)
    plon, plat, _ = _G.fwd(np.full(len(qlon), lon1), np.full(len(qlon), lat1), np.full(len(qlon), az), d)
    return _G.inv(np.asarray(qlon), np.asarray(qlat), plon, plat)[2]


@settings(max_examples=40, deadline=None)
@given(
    lat1=st.floats(-75, 75), lon1=st.floats(-180, 179.999), lat2=st.floats(-75, 75), lon2=st.floats(-180, 179.999)
)
def test_track_is_geodesic_and_antimeridian_safe(lat1, lon1, lat2, lon2):
    _, _, dist = _G.inv(lon1, lat1, lon2, lat2)
    if dist < 1000 or dist > 19_000_000:  # near-antipodal geodesics are not unique
        return
    parts = geodesic_track(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)
    assert np.allclose([parts[0][0][0], parts[0][1][0]], [lon1, lat1], atol=1e-9)
    end_dlon = ((parts[-1][0][-1] - lon2 + 180) % 360) - 180  # -180 and 180 are one meridian
    assert abs(end_dlon) < 1e-9 and abs(parts[-1][1][-1] - lat2) < 1e-9
    for i, (plon, plat) in enumerate(parts):
        # No step across the antimeridian (a step of exactly 180° is a pass over a pole).
        assert np.all(np.abs(np.diff(plon)) <= 180)
        if i > 0:  # a cut: the previous part ends on the other side of ±180 at the same latitude
            assert abs(parts[i - 1][0][-1]) == 180 and plon[0] == -parts[i - 1][0][-1]
            assert parts[i - 1][1][-1] == plat[0]
        # Every vertex, the interpolated cut points included, is on the geodesic within the bound.
        assert np.max(_off_geodesic(lon1, lat1, lon2, lat2, plon, plat)) <= LINE_MAX_ERROR_M
        ok = (np.abs(plat[1:]) <= 80) & (np.abs(plat[:-1]) <= 80)
        mlon, mlat = _mercator_midpoints(plon, plat)
        if ok.any():
            off = _off_geodesic(lon1, lat1, lon2, lat2, np.asarray(mlon)[ok], np.asarray(mlat)[ok])
            assert np.max(off) <= LINE_MAX_ERROR_M


def test_track_across_the_antimeridian_is_split():
    parts = geodesic_track(lat1=50.0, lon1=170.0, lat2=52.0, lon2=-170.0)
    assert len(parts) == 2
    assert parts[0][0][-1] == 180.0 and parts[1][0][0] == -180.0
    assert all(np.all(p[0] > 169) for p in parts[:1]) and np.all(parts[1][0] < -169)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(-180, 179.99), st.floats(-85, 85)), min_size=2, max_size=30))
def test_split_antimeridian_keeps_every_vertex(pts):
    lon, lat = np.array(pts).T
    parts = split_antimeridian(lon, lat)
    kept = [(a, b) for plon, plat in parts for a, b in zip(plon, plat) if abs(a) != 180]
    orig = [(a, b) for a, b in zip(lon, lat) if abs(a) != 180]
    assert kept == orig
    for plon, _ in parts:
        assert np.all(np.abs(np.diff(plon)) <= 180)


@settings(max_examples=60, deadline=None)
@given(
    lat0=st.floats(-70, 70), lon0=st.floats(-180, 179.99), az=st.floats(0, 360), d_km=st.floats(0, 3500),
    az2=st.floats(0, 360),
)
def test_local_aeqd_within_stated_bound(lat0, lon0, az, d_km, az2):
    fwd, inv = local_aeqd(lat0, lon0)
    lon, lat, _ = _G.fwd(lon0, lat0, az, d_km * 1000)
    # From the centre: distance exact.
    x, y = fwd.transform(lon, lat)
    assert abs(np.hypot(x, y) - d_km * 1000) < 1e-3
    # A short length (10 km) d from the centre: -0.1 % / +1.3 % up to 1,700 km, +6 % up to 3,500 km.
    lon2, lat2, _ = _G.fwd(lon, lat, az2, 10_000.0)
    x2, y2 = fwd.transform(lon2, lat2)
    ratio = np.hypot(x2 - x, y2 - y) / 10_000.0
    assert ratio >= 0.999
    assert ratio <= (1.013 if d_km <= 1700 else 1.06)
    back = inv.transform(x, y)
    assert _G.inv(lon, lat, *back)[2] < 1e-3


# ------------------------------------------------------------- local offsets (reports room)


@settings(max_examples=100, deadline=None)
@given(lat=st.floats(-70, 70), lon=st.floats(-180, 179), az=st.floats(0, 360), d_km=st.floats(0, 300))
def test_disc_offset_error_bound_against_geod(lat, lon, az, d_km):
    from geo.geodesy import disc_offset, disc_offset_error_bound

    lo, la = disc_offset(lon, lat, np.array([az]), np.array([d_km * 1000]))
    lo2, la2, _ = GEOD.fwd(lon, lat, az, d_km * 1000)
    _, _, err = GEOD.inv(lo[0], la[0], lo2, la2)
    assert err <= disc_offset_error_bound(lat, d_km * 1000) + 1e-3


def test_half_meridian_is_the_longest_geodesic():
    from geo.geodesy import HALF_MERIDIAN_M, wrap_lon

    assert HALF_MERIDIAN_M == pytest.approx(GEOD.inv(0, -90, 0, 90)[2])
    assert GEOD.inv(0, 0, 180, 0)[2] <= HALF_MERIDIAN_M + 1e-6  # antipodes on the equator
    assert wrap_lon(np.array([180.0, 359.5, -180.0, -190.0])).tolist() == [-180.0, -0.5, -180.0, 170.0]
