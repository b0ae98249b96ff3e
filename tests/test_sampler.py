"""The Monte Carlo sampler: seeded, vectorised, each draw following its stated distribution."""

from __future__ import annotations

import math

import numpy as np
import pytest

from geo.errors import InputError
from geo.geodesy import GEOD
from geo.reports.sampler import (
    MAX_SAMPLES,
    Spread,
    check_samples,
    check_seed,
    disc_points,
    hit_fraction,
    landing_points,
    make_rng,
    normal_points,
    uniform_plus_normal,
)


def test_sample_counts():
    assert check_samples(20000) == check_samples("20000") == check_samples("2e4") == check_samples(2e4) == 20000
    assert check_samples(MAX_SAMPLES) == MAX_SAMPLES == 2_000_000
    for bad, fragment in [("1e8", "between 1 and 2,000,000"), (0, "between 1"), (-5, "between 1"), (2.5, "whole"),
                          ("many", "whole"), (True, "whole"), (float("nan"), "whole"), (None, "whole")]:
        with pytest.raises(InputError, match="samples") as exc:
            check_samples(bad)
        assert fragment in str(exc.value)


def test_seeds():
    assert check_seed(0) == 0 and check_seed("7") == 7 and check_seed(None) is None and check_seed(np.int64(3)) == 3
    for bad in (-1, "-1", 1.5, "abc", True):
        with pytest.raises(InputError, match="seed = .*whole number ≥ 0"):
            check_seed(bad)


def test_same_seed_same_draws():
    a = landing_points(make_rng(4), 100, lon0=139.0, lat0=35.0, origin_radius_km=5.0,
                       range_km=Spread(100.0, 200.0, 3.0), bearing_deg=Spread(80.0, 100.0, 1.0))
    b = landing_points(make_rng(4), 100, lon0=139.0, lat0=35.0, origin_radius_km=5.0,
                       range_km=Spread(100.0, 200.0, 3.0), bearing_deg=Spread(80.0, 100.0, 1.0))
    c = landing_points(make_rng(5), 100, lon0=139.0, lat0=35.0, origin_radius_km=5.0,
                       range_km=Spread(100.0, 200.0, 3.0), bearing_deg=Spread(80.0, 100.0, 1.0))
    assert np.array_equal(a[0], b[0]) and not np.array_equal(a[0], c[0])


def test_uniform_plus_normal():
    x = uniform_plus_normal(make_rng(1), Spread(100.0, 200.0, 10.0), 200_000)
    assert x.mean() == pytest.approx(150, abs=0.2)
    assert x.std() == pytest.approx(math.hypot(100 / math.sqrt(12), 10), rel=0.01)
    assert np.array_equal(uniform_plus_normal(make_rng(1), Spread(7.0, 7.0), 5), np.full(5, 7.0))


def test_disc_points_are_uniform_over_the_disc():
    lon, lat = disc_points(make_rng(2), 140.0, 40.0, 12.0, 50_000)
    _, _, d = GEOD.inv(np.full(lon.size, 140.0), np.full(lon.size, 40.0), lon, lat)
    r = d / 1000
    assert r.max() <= 12.0 + 0.03  # disc_offset's bound at 12 km
    assert (r**2).mean() == pytest.approx(12.0**2 / 2, rel=0.02)  # uniform area: E[r²] = R²/2
    same = disc_points(make_rng(2), 140.0, 40.0, 0.0, 3)
    assert np.array_equal(same[0], np.full(3, 140.0))


def test_normal_points_are_a_circular_normal():
    lon, lat = normal_points(make_rng(3), 136.74, 42.12, 30.0, 40_000)
    az, _, d = GEOD.inv(np.full(lon.size, 136.74), np.full(lon.size, 42.12), lon, lat)
    assert (d / 1000).mean() == pytest.approx(30 * math.sqrt(math.pi / 2), rel=0.02)  # Rayleigh(σ)
    east = d * np.sin(np.radians(az)) / 1000
    north = d * np.cos(np.radians(az)) / 1000
    assert east.std() == pytest.approx(30, rel=0.03) and north.std() == pytest.approx(30, rel=0.03)
    assert np.all((lon >= -180) & (lon < 180))


def test_landing_points_follow_the_spreads():
    lat, lon = landing_points(make_rng(6), 40_000, lon0=125.7, lat0=39.2, origin_radius_km=0.0,
                              range_km=Spread(900.0, 900.0, 40.0), bearing_deg=Spread(75.0, 85.0, 0.0))
    az, _, d = GEOD.inv(np.full(lat.size, 125.7), np.full(lat.size, 39.2), lon, lat)
    assert (d / 1000).std() == pytest.approx(40, rel=0.03)
    assert az.min() >= 75 - 1e-6 and az.max() <= 85 + 1e-6
    assert az.std() == pytest.approx(10 / math.sqrt(12), rel=0.03)


def test_ranges_stay_on_the_earth():
    # Due north from (0, 0): over the pole and down to the antipode at half a meridian; a longer
    # range would carry on south of the equator (lat < 0). Ranges are kept to half a meridian.
    lat, lon = landing_points(make_rng(0), 1000, lon0=0.0, lat0=0.0, origin_radius_km=0.0,
                              range_km=Spread(19_990.0, 19_990.0, 500.0), bearing_deg=Spread(0.0, 0.0))
    assert np.all(lat >= -1e-6) and lat.min() < 1e-6 and np.all(np.isfinite(lon))


def test_hit_fraction_and_its_standard_error():
    p, se = hit_fraction(np.r_[np.ones(300, bool), np.zeros(700, bool)])
    assert p == 0.3 and se == pytest.approx(math.sqrt(0.3 * 0.7 / 1000))
    assert hit_fraction(np.ones(10, bool)) == (1.0, 0.0)
