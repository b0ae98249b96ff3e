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
