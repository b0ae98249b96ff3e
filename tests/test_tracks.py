"""Ground tracks: the geodesic from launch to landing and its crossings of the target's airspace.

On the synthetic zones (tests/synthetic.py), but the 2022-10-04 overflight, a real event checked
on the real polygons (the v10 reference extract).
"""

from __future__ import annotations

import numpy as np
import pytest

from geo.errors import InputError
from geo.geodesy import GEOD
from geo.reports.landing import estimate_impact
from geo.reports.tracks import ground_track


def _angle_diff(a, b):
    return (np.asarray(a) - np.asarray(b) + 180.0) % 360.0 - 180.0


def test_ground_track_follows_the_geodesic(synthetic_v10_zones):
    t = ground_track(launch_lat=39.22, launch_lon=125.67, landing_lat=41.05, landing_lon=157.35, zones=synthetic_v10_zones, step_km=5)
    az0, _, total = GEOD.inv(125.67, 39.22, 157.35, 41.05)
    assert t.length_km == pytest.approx(total / 1000)
    az, _, d = GEOD.inv(np.full(t.lat.size, 125.67), np.full(t.lat.size, 39.22), t.lon, t.lat)
    assert np.all(np.diff(d) > 0) and d[-1] == pytest.approx(total, abs=1e-3)
    assert np.all(np.abs(_angle_diff(az[1:], az0)) < 1e-6)
    _, _, steps = GEOD.inv(t.lon[:-1], t.lat[:-1], t.lon[1:], t.lat[1:])
    assert steps.max() <= 5000 + 1e-6
    with pytest.raises(InputError, match="step_km"):
        ground_track(launch_lat=39.22, launch_lon=125.67, landing_lat=41.05, landing_lon=157.35, zones=synthetic_v10_zones, step_km=0)


def test_ground_track_across_the_antimeridian(synthetic_v10_zones):
    t = ground_track(launch_lat=40, launch_lon=170, landing_lat=40, landing_lon=-170, zones=synthetic_v10_zones, step_km=10)
    assert np.all((t.lon >= -180) & (t.lon < 180))
    _, _, steps = GEOD.inv(t.lon[:-1], t.lat[:-1], t.lon[1:], t.lat[1:])
    assert steps.max() <= 10_000 + 1e-6  # no jump through Greenwich
    assert t.length_km < 2000 and not t.crosses_target


def test_overflight_of_aomori_on_2022_10_04(mr_v10_zones):
    e = estimate_impact("岩手県釜石市の東約3200km", launch="Mupyong-ri", zones=mr_v10_zones, samples=1000)
    t = e.track
    assert t.crosses_target
    first = t.crossings[0]
    # Entered over northern Honshu / southern Hokkaido, near the Tsugaru Strait.
    assert 40.5 < first.entry_lat < 42.0 and 139.5 < first.entry_lon < 141.5
    assert first.entry_place in ("Aomori Prefecture", "Cape Tappi", "Oshima Peninsula")
    # Entry/exit refined to step/64 on the track: the point just before entry is not over land.
    assert first.length_km > 0 and first.zone_type == "land"
    assert "crosses Japan's land of" in t.summary() and t.to_dict()["overflies_target"] is True


def test_disputed_land_is_each_claimants_airspace(synthetic_v10_zones):
    # Kunashiri (southern Kurils): land Japan and Russia both claim (claim_roles: shared).
    def crosses(target):
        return ground_track(launch_lat=43.6, launch_lon=145.3, landing_lat=44.4, landing_lon=146.6,
                            target=target, zones=synthetic_v10_zones, step_km=0.5).crosses_target

    assert crosses("JPN") and crosses("RUS") and not crosses("KOR")


def test_no_overflight_for_a_sea_of_japan_landing(synthetic_v10_zones):
    e = estimate_impact("北海道渡島大島の西約210キロ", launch="Sunan", zones=synthetic_v10_zones, samples=1000)
    assert e.track is not None and not e.track.crosses_target and e.overflight is False
