"""geo.reports.region: the uncertainty region of an impact's samples (moved from test_maps)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from geo.reports.region import uncertainty_region


def _share_inside(region, lat, lon, s_lat, s_lon):
    fwd = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84", always_xy=True)
    poly = shapely.Polygon(np.column_stack(fwd.transform(region.lon, region.lat)))
    return shapely.covers(poly, shapely.points(np.column_stack(fwd.transform(s_lon, s_lat)))).mean()


@pytest.mark.parametrize("lat,lon", [(40.8, 138.5), (-20.0, 179.9), (70.0, 10.0)])
def test_uncertainty_region_holds_its_level(lat, lon):
    rng = np.random.default_rng(7)
    cov = [[0.2, 0.1], [0.1, 0.3]]
    d = rng.multivariate_normal([0, 0], cov, 2000)
    s_lat, s_lon = lat + d[:, 0], lon + d[:, 1]
    region = uncertainty_region(lat=lat, lon=lon, samples_lat=s_lat, samples_lon=s_lon, level=0.9)
    assert region is not None and region.n_samples == 2000
    share = _share_inside(region, lat, lon, s_lat, s_lon)
    assert share >= 0.9 and abs(share - region.fraction) < 0.005
    assert region.fraction < 0.97  # the central 90 %, not the whole cloud
    assert np.ptp(region.lon) < 10  # one piece, even across the antimeridian
    assert region.describe() == f"90% region of 2000 samples (holds {region.fraction:.1%})"


def test_uncertainty_region_needs_a_cloud():
    assert uncertainty_region(lat=40, lon=138, samples_lat=None, samples_lon=None) is None
    assert uncertainty_region(lat=40, lon=138, samples_lat=[40, 40.1], samples_lon=[138, 138.1]) is None
    same = np.full(50, 40.0)
    assert uncertainty_region(lat=40, lon=138, samples_lat=same, samples_lon=same + 98) is None
    rng = np.random.default_rng(1)
    cloud = 40 + rng.normal(0, 0.1, 50)
    assert uncertainty_region(lat=40, lon=138, samples_lat=cloud, samples_lon=cloud + 98, level=1.0) is None


def test_non_finite_samples_are_left_out():
    rng = np.random.default_rng(3)
    s_lat, s_lon = 40 + rng.normal(0, 0.2, 300), 138 + rng.normal(0, 0.3, 300)
    s_lat[:10] = np.nan
    region = uncertainty_region(lat=40, lon=138, samples_lat=s_lat, samples_lon=s_lon)
    assert region.n_samples == 290 and region.fraction >= 0.9
