"""The phrase reader: official statements in English and Japanese → position + uncertainty."""

from __future__ import annotations

import math

import numpy as np
import pytest

from geo.errors import InputError
from geo.geodesy import GEOD
from geo.reports.bearings import COARSE_HALF_WIDTH, SECTOR_HALF_WIDTH
from geo.reports.distances import MAX_RANGE_KM, rounding_step
from geo.reports.phrases import parse_report


def _angle_diff(a, b):
    return (np.asarray(a) - np.asarray(b) + 180.0) % 360.0 - 180.0


@pytest.mark.parametrize(
    "text, place, bearing, lo, hi, hedged",
    [
        ("about 250 km west of Okushiri Island", "okushiri", 270, 250, 250, True),
        ("approximately 200–250km WNW of Cape Erimo", "erimo", 292.5, 200, 250, True),
        ("奥尻島の西約250km", "okushiri", 270, 250, 250, True),
        ("渡島大島の西方約200キロ", "oshima_oshima", 270, 200, 200, True),
        ("some 700 km east of Wonsan", "wonsan", 90, 700, 700, True),
        ("250 kilometers north-northwest of Hegura-jima", "hegura", 337.5, 250, 250, False),
        ("The missile fell about 1,180 km east of Cape Erimo, outside Japan's EEZ.", "erimo", 90, 1180, 1180, True),
        ("100 nautical miles north of Sado Island", "sado", 0, 185.2, 185.2, False),
        ("about 150 NM to the west of the Oki Islands", "oki", 270, 277.8, 277.8, True),
        ("北海道奥尻島の西200～250キロ", "okushiri", 270, 200, 250, False),
        ("島根県隠岐諸島の島後沖の北約350kmの我が国の排他的経済水域内", "dogo", 0, 350, 350, True),
        ("石川県輪島市の舳倉島の北北西およそ250キロ", "hegura", 337.5, 250, 250, True),
        ("渡島大島西方約250キロ付近", "oshima_oshima", 270, 250, 250, True),
        ("奥尻島の西側約200キロ", "okushiri", 270, 200, 200, True),
        ("奥尻島から西に約100海里", "okushiri", 270, 185.2, 185.2, True),
        ("青森県西方約250km", "aomori_pref", 270, 250, 250, True),
        ("奥尻島の西約２５０ｋｍ", "okushiri", 270, 250, 250, True),  # full-width digits and unit
        ("about 700±50 km east of Wonsan", "wonsan", 90, 650, 750, True),
    ],
)
def test_phrases_are_read(text, place, bearing, lo, hi, hedged):
    r = parse_report(text)
    assert r.place.id == place
    assert r.bearing_deg == pytest.approx(bearing)
    # The wording model: an 8-point word covers ±22.5°, a 16-point-only word ±11.25°; a single
    # figure covers its rounding step ("250": 225–275 km), a stated interval itself.
    assert r.bearing_halfwidth_deg == (COARSE_HALF_WIDTH if bearing % 45 == 0 else SECTOR_HALF_WIDTH)
    k = 1.852 if r.unit == "nmi" else 1.0
    half = rounding_step(round(lo / k, 6)) / 2 * k if lo == hi else 0.0
    assert (r.range_low_km, r.range_high_km) == pytest.approx((lo - half, hi + half))
    assert r.hedged is hedged
    assert r.origin_radius_km == r.place.radius_km
    # The nominal point is the place moved along the bearing by the mid range (Geod.inv check).
    az, _, d = GEOD.inv(r.place.lon, r.place.lat, r.lon, r.lat)
    assert d / 1000 == pytest.approx((lo + hi) / 2, abs=1e-6)
    assert abs(_angle_diff(az, bearing)) < 1e-6
    assert r.rule and r.place.name_en in r.rule


def test_uncertainty_rule_from_wording():
    # The wording model. "about 250 km": rounded to 50 km, Uniform(225, 275) + σ 3 % of 250 = 7.5 km.
    r = parse_report("about 250 km west of Okushiri")
    assert (r.range_low_km, r.range_high_km, r.range_sd_km) == (225, 275, pytest.approx(7.5))
    assert "Normal σ 7.5 km (hedged" in r.rule and "rounded to 50 km" in r.rule and "8-point word" in r.rule
    assert r.to_dict()["range_spread"].startswith("hedged") and r.to_dict()["bearing_spread"] == "8-point word"
    # Bare "250 km": 1 % of 250.
    assert parse_report("250 km west of Okushiri").range_sd_km == pytest.approx(2.5)
    # A range: uniform part plus the noise of its midpoint.
    r = parse_report("奥尻島の西約200～250km")
    assert r.range_sigma_km == pytest.approx(math.hypot(50 / math.sqrt(12), 0.03 * 225))
    # "west", an 8-point word: σ = 45/√12; WNW, a 16-point-only word: 22.5/√12.
    assert r.bearing_sigma_deg == pytest.approx(45 / math.sqrt(12))
    assert parse_report("奥尻島の西北西約250km").bearing_sigma_deg == pytest.approx(22.5 / math.sqrt(12))


def test_given_sds():
    r = parse_report("about 250 km west of Okushiri", range_sd_km=20, bearing_sd_deg=2)
    assert r.range_sd_km == 20 and r.bearing_sd_deg == 2 and r.bearing_halfwidth_deg == COARSE_HALF_WIDTH
    assert r.range_low_km == r.range_high_km == 250  # a given σ: no rounding band
    assert "Normal σ 20 km (given)" in r.rule and "Normal σ 2° (given)" in r.rule


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("about 250 km west of Atlantis", "unknown place 'Atlantis'"),
        ("about 250 km west of Okushri Island", "Did you mean: Okushiri Island"),
        ("about 250 km wset of Okushiri Island", "'wset' is not a compass direction"),
        ("it landed west of Okushiri Island", "no distance"),
        ("about 250 west of Okushiri Island", "has no unit"),
        ("ムー大陸の西約250km", "unknown place"),
        ("奥尻島のあたり", "no distance"),
        ("", "empty"),
        ("travelled about 700 km and landed in the East Sea", "DIRECTION of PLACE"),
    ],
)
def test_bad_phrases_say_what_was_not_understood(text, fragment):
    with pytest.raises(InputError) as exc:
        parse_report(text)
    assert fragment in str(exc.value)


@pytest.mark.parametrize("text", ["about -200 km west of Okushiri", "-200 km west of Okushiri", "奥尻島の西約-250km"])
def test_negative_distances_are_refused(text):
    with pytest.raises(InputError, match="is negative"):
        parse_report(text)
    assert parse_report("200 - 250 km west of Okushiri").range_high_km == 250


# ------------------------------------------------------------------ never misread silently (issue 10.7)


def test_an_exponent_is_read_whole():
    r = parse_report("about 1e3 km east of Cape Erimo")  # once read as 3 km
    assert r.range_km == 1000 and r.hedged
    assert parse_report("奥尻島の西約2.5e2km").range_km == 250


@pytest.mark.parametrize("text", ["about 250.5.5 km west of Okushiri Island", "奥尻島の西約250.5.5km", "about 1,18 km west of Okushiri"])
def test_a_malformed_number_is_refused_not_truncated(text):
    with pytest.raises(InputError, match="is not a number") as exc:  # once read as 5.5 km / 18 km
        parse_report(text)
    assert "cannot read the position" in str(exc.value)


@pytest.mark.parametrize("text", ["奥尻島の西约250km", "奥尻島の西约250公里", "奥尻島の西大约250km"])
def test_chinese_yue_hedges_like_japanese(text):
    r = parse_report(text)
    ja = parse_report("奥尻島の西約250km")
    assert r.hedged and (r.range_km, r.range_sd_km, r.bearing_deg) == (ja.range_km, ja.range_sd_km, ja.bearing_deg)


@pytest.mark.parametrize("text", ["about 25,000 km east of Cape Erimo", "奥尻島の西約30000km", "about 11,000 NM east of Cape Erimo"])
def test_distances_beyond_half_the_earth_are_refused(text):
    with pytest.raises(InputError, match="beyond half the Earth's circumference"):
        parse_report(text)
    assert parse_report("about 20,000 km east of Cape Erimo").range_km == 20000 < MAX_RANGE_KM


def test_samples_follow_the_stated_distributions():
    r = parse_report("about 1,000 km east of Cape Erimo")  # radius 1 km: the origin barely moves
    lat, lon = r.sample(40_000, np.random.default_rng(3))
    az, _, d = GEOD.inv(np.full(lat.size, r.place.lon), np.full(lat.size, r.place.lat), lon, lat)
    d_km = d / 1000
    assert d_km.mean() == pytest.approx(1000, abs=1.0)
    # Uniform(950, 1050) (rounded to 100 km) + Normal σ 3 % of 1,000 km.
    assert d_km.std() == pytest.approx(math.hypot(100 / math.sqrt(12), 30), rel=0.03)
    dev = _angle_diff(az, 90.0)
    # Uniform over the 8-point sector (the 1 km origin disc adds < 0.1° at 1,000 km).
    assert np.abs(dev).max() < 22.5 + 0.2
    assert dev.std() == pytest.approx(45 / math.sqrt(12), rel=0.03)


@pytest.mark.parametrize("text", ["about 300 km from the Oga Peninsula", "about 200 km off Aomori Prefecture"])
def test_a_distance_without_a_direction_points_to_the_report_reader(text):
    # impact --text needs a direction; 'eezcheck report' reads these (a ring at sea, a coast).
    with pytest.raises(InputError, match="read by 'eezcheck report TEXT'"):
        parse_report(text)
