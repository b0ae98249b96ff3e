"""Points in the Ministry of Defense's words, and back through the phrase reader."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import InputError
from geo.geodesy import GEOD
from geo.reports.describe import describe_point, format_latlon, mod_round_km
from geo.reports.landing import landing_point
from geo.reports.phrases import parse_report
from geo.reports.places import find_place


def _angle_diff(a, b):
    return (np.asarray(a) - np.asarray(b) + 180.0) % 360.0 - 180.0


def test_mod_rounding():
    assert mod_round_km(204.9) == 200 and mod_round_km(205.1) == 210
    assert mod_round_km(1184) == 1180 and mod_round_km(2249) == 2200 and mod_round_km(3251) == 3300
    assert mod_round_km(12.4) == 12


def test_describe_in_ministry_words():
    oo = find_place("Oshima-Oshima")
    lat, lon = landing_point(lat=oo.lat, lon=oo.lon, bearing=292.5, range_km=212)
    d = describe_point(lat=lat, lon=lon, places=[oo])
    assert d.en == "about 210 km west-northwest of Oshima-Oshima" == str(d)
    assert d.ja == "渡島大島の西北西約210km"
    assert d.distance_km == pytest.approx(212, abs=1e-6)
    with pytest.raises(InputError, match="reference place"):
        describe_point(lat=lat, lon=lon, places=[])


def test_format_latlon():
    assert format_latlon(41.48251, 136.85519, 4) == "41.4825°N 136.8552°E"
    assert format_latlon(-1.0, -179.5, 1) == "1.0°S 179.5°W"


@settings(max_examples=60, deadline=None)
@given(lat=st.floats(35.0, 45.0), lon=st.floats(131.0, 141.0))
def test_describe_then_read_gives_the_same_point_within_the_stated_error(lat, lon):
    d = describe_point(lat=lat, lon=lon)
    for text in (d.en, d.ja):
        r = parse_report(text)
        assert r.place == d.place
        # The true point lies inside the support of what the words say: the sector and the
        # rounding interval of the distance, as seen from the place.
        az, _, dist = GEOD.inv(r.place.lon, r.place.lat, lon, lat)
        assert abs(_angle_diff(az, r.bearing_deg)) <= r.bearing_halfwidth_deg + 1e-9
        unit = 1.0 if r.range_km < 20 else 10.0 if r.range_km < 2000 else 100.0
        assert abs(dist / 1000 - r.range_km) <= unit / 2 + 1e-9
        assert abs(dist / 1000 - r.range_km) <= 3 * r.range_sigma_km
