"""Landing points: the direct problem, Monte Carlo estimates from every form of report, and past
launches against their officially stated EEZ verdicts.

The estimates' logic runs on the synthetic Marine Regions files (tests/synthetic.py); the past
launches and the README's example are verdicts on the real polygons (the v10 reference extract).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import InputError
from geo.geodesy import GEOD
from geo.reports.landing import MAX_SAMPLES, call_for, estimate_impact, landing_point

PAST = Path(__file__).resolve().parent / "data" / "past_launches.csv"


def _angle_diff(a, b):
    return (np.asarray(a) - np.asarray(b) + 180.0) % 360.0 - 180.0


# ------------------------------------------------------------------------ direct problem


@settings(max_examples=200, deadline=None)
@given(
    lat=st.floats(-80, 80),
    lon=st.floats(-180, 179.999),
    bearing=st.floats(0, 359.999),
    range_km=st.floats(1, 5000),
)
def test_landing_point_round_trips_through_geod_inv(lat, lon, bearing, range_km):
    lat2, lon2 = landing_point(lat=lat, lon=lon, bearing=bearing, range_km=range_km)
    assert isinstance(lat2, float) and isinstance(lon2, float)
    assert -180 <= lon2 < 180
    az, _, dist = GEOD.inv(lon, lat, lon2, lat2)
    assert dist == pytest.approx(range_km * 1000.0, abs=1e-3)
    assert abs(_angle_diff(az, bearing)) < 1e-6


def test_landing_point_arrays_in_arrays_out():
    lat = np.array([39.22, 39.15, 40.86])
    lon = np.array([125.67, 127.44, 129.67])
    lat2, lon2 = landing_point(lat=lat, lon=lon, bearing=90.0, range_km=[700, 700, 1000])
    assert lat2.shape == (3,) and lon2.shape == (3,)
    for i in range(3):
        s = landing_point(lat=lat[i], lon=lon[i], bearing=90.0, range_km=[700, 700, 1000][i])
        assert (lat2[i], lon2[i]) == pytest.approx(s, abs=1e-12)


def test_landing_point_accepts_compass_words_as_their_sector_centre():
    a = landing_point(lat=39.22, lon=125.67, bearing="ENE", range_km=800)
    b = landing_point(lat=39.22, lon=125.67, bearing=67.5, range_km=800)
    c = landing_point(lat=39.22, lon=125.67, bearing="東北東", range_km=800)
    assert a == pytest.approx(b) and a == pytest.approx(c)


def test_landing_point_crosses_the_antimeridian():
    lat2, lon2 = landing_point(lat=35.0, lon=179.5, bearing=90.0, range_km=200)
    assert -180 <= lon2 < -177


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        (dict(lat=95, lon=130, bearing=90, range_km=10), "lat"),
        (dict(lat=40, lon=130, bearing=90, range_km=-5), "range_km"),
        (dict(lat=40, lon=130, bearing="sideways", range_km=5), "sideways"),
        (dict(lat=40, lon=130, bearing=float("nan"), range_km=5), "bearing"),
        (dict(lat=40, lon=130, bearing=-90, range_km=5), "outside \\[0, 360\\]"),
        (dict(lat=40, lon=130, bearing=[90, 400], range_km=5), "outside \\[0, 360\\]"),
        (dict(lat=40, lon=130, bearing=90, range_km=25_000), "≤ 20,004 km"),
    ],
)
def test_landing_point_rejects_bad_input(kwargs, fragment):
    with pytest.raises(InputError, match=fragment):
        landing_point(**kwargs)


# ---------------------------------------------------------------------------- Monte Carlo


def test_monte_carlo_is_seeded_and_reports_its_standard_error(synthetic_v10_zones):
    text = "奥尻島の西200～250キロ"  # straddles the limit: p is neither 0 nor 1
    a = estimate_impact(text, zones=synthetic_v10_zones, samples=4000, seed=7)
    b = estimate_impact(text, zones=synthetic_v10_zones, samples=4000, seed=7)
    c = estimate_impact(text, zones=synthetic_v10_zones, samples=4000, seed=8)
    assert np.array_equal(a.samples_lat, b.samples_lat) and a.p_in_target_eez == b.p_in_target_eez
    assert not np.array_equal(a.samples_lat, c.samples_lat)
    assert 0.05 < a.p_in_target_eez < 0.95
    p, n = a.p_in_target_eez, a.n_samples
    assert a.p_stderr == pytest.approx(math.sqrt(p * (1 - p) / n))
    big = estimate_impact(text, zones=synthetic_v10_zones, samples=16000, seed=7)
    assert big.p_stderr == pytest.approx(a.p_stderr / 2, rel=0.15)  # ∝ 1/√n
    assert abs(big.p_in_target_eez - a.p_in_target_eez) < 4 * a.p_stderr


def test_thresholds_decide_the_call(synthetic_v10_zones):
    text = "奥尻島の西200～250キロ"
    e = estimate_impact(text, zones=synthetic_v10_zones, samples=2000)
    assert e.call == call_for(e.p_in_target_eez) == "too close to call"
    # a threshold the estimate clears by more than its sampling error (2,000 samples: ~0.02)
    lo = estimate_impact(text, zones=synthetic_v10_zones, samples=2000, inside_threshold=e.p_in_target_eez - 0.05)
    assert lo.call == "inside"
    hi = estimate_impact(text, zones=synthetic_v10_zones, samples=2000, outside_threshold=e.p_in_target_eez + 0.05, inside_threshold=0.99)
    assert hi.call == "outside"
    # ... and one it clears by less than that is no confident call
    near = estimate_impact(text, zones=synthetic_v10_zones, samples=2000, inside_threshold=e.p_in_target_eez - 0.005)
    assert near.call == "too close to call"
    with pytest.raises(InputError, match="thresholds"):
        estimate_impact(text, zones=synthetic_v10_zones, inside_threshold=0.1, outside_threshold=0.2)


def test_few_samples_never_make_a_confident_call(synthetic_v10_zones):
    # 10 samples all inside: p = 1, but its 95 % interval reaches 0.72
    e = estimate_impact("about 210 km west of Oshima-Oshima", zones=synthetic_v10_zones, samples=10, seed=0)
    assert e.call == "too close to call"
    assert call_for(1.0, n=2000) == "inside" and call_for(0.0, n=2000) == "outside"


@given(p=st.floats(0, 1), n=st.integers(1, 10**6))
def test_a_sample_count_only_makes_the_call_more_careful(p, n):
    with_n, without = call_for(p, n=n), call_for(p)
    assert with_n in (without, "too close to call")


def test_vectorised_probability_equals_a_per_sample_loop(synthetic_v10_zones, monkeypatch):
    import geo.classify as classify
    import geo.reports.landing as landing

    calls = []
    real = classify.in_target_eez

    def counting(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(landing, "in_target_eez", counting)
    e = estimate_impact("渡島大島西方約250キロ付近", zones=synthetic_v10_zones, samples=300, seed=11)
    assert len(calls) == 1 and len(calls[0]["lat"]) == 300  # all samples in ONE call
    loop = [
        classify.check_point(lat=la, lon=lo, zones=synthetic_v10_zones, distances=False).in_target_eez
        for la, lo in zip(e.samples_lat, e.samples_lon)
    ]
    assert e.p_in_target_eez == pytest.approx(np.mean(loop))


def test_a_bare_point_keeps_the_plain_verdict(synthetic_v10_zones):
    from geo.classify import check_point

    for lat, lon in [(41.5, 137.5), (41.0, 157.3)]:
        e = estimate_impact(lat=lat, lon=lon, zones=synthetic_v10_zones)
        r = check_point(lat=lat, lon=lon, zones=synthetic_v10_zones)
        assert e.samples_lat is None and e.n_samples == 0 and e.p_stderr == 0
        assert e.p_in_target_eez == (1.0 if r.in_target_eez else 0.0)
        assert e.call == ("inside" if r.in_target_eez else "outside")
        assert e.result == r
    # A bearing and range given as exact (σ 0) are a bare point too, and say so.
    e = estimate_impact(launch="Sunan", bearing=90, range_km=700, bearing_sd_deg=0, range_sd_km=0, zones=synthetic_v10_zones)
    assert e.n_samples == 0 and e.call in ("inside", "outside")
    assert e.uncertainty == "distance 700 km → 700 km exactly (σ 0 km given); direction 90° exactly"


def test_bare_numbers_have_a_stated_spread(synthetic_v10_zones):
    # "--bearing 90" once meant zero spread while "--bearing E" meant ±11.25°; now both are stated.
    e = estimate_impact(launch="Sunan", bearing=90, range_km=700, zones=synthetic_v10_zones, samples=2000)
    assert e.n_samples == 2000
    assert "direction 90° → Uniform(85°, 95°) (bare number: default ±5°)" in e.uncertainty
    # The wording model: 700 shows a 100 km rounding step; bare: σ 1 % of 700.
    assert ("distance 700 km (rounded to 100 km) → Uniform(650, 750) km + Normal σ 7 km (bare number: 1% of the "
            "distance)") in e.uncertainty
    rep = e.to_dict()["reported"]
    assert rep["bearing_halfwidth_deg"] == 5 and rep["range_sd_km"] == 7 and "default" in rep["bearing_spread"]
    az, _, d = GEOD.inv(np.full(2000, e.reported.place.lon), np.full(2000, e.reported.place.lat), e.samples_lon, e.samples_lat)
    assert np.abs(_angle_diff(az, 90)).max() <= 5 + 1e-6
    assert np.std(d / 1000) == pytest.approx(math.hypot(100 / math.sqrt(12), 7), rel=0.1)


@pytest.mark.parametrize(
    "bearing, centre, half",
    [("60-120", 90, 30), ("E±30", 90, 30), ("E+-30", 90, 30), ("E to ENE", 78.75, 22.5), ("東から東北東", 78.75, 22.5)],
)
def test_bearing_sectors(synthetic_v10_zones, bearing, centre, half):
    e = estimate_impact(launch="Wonsan", bearing=bearing, range_km="about 700", zones=synthetic_v10_zones, samples=500)
    assert (e.reported.bearing_deg, e.reported.bearing_halfwidth_deg) == pytest.approx((centre, half))
    assert f"Uniform({centre - half:g}°, {centre + half:g}°)" in e.uncertainty


@pytest.mark.parametrize(
    "range_km, lo, hi, sd",
    # The wording model: a figure's rounding step, plus σ 3 % (hedged) or 1 % (bare) of the distance.
    [("about 700", 650, 750, 21), ("~700", 650, 750, 21), ("700±50", 650, 750, 7), ("700+-50", 650, 750, 7),
     ("450-700", 450, 700, 5.75), ("約700", 650, 750, 21), (700, 650, 750, 7)],
)
def test_range_forms(synthetic_v10_zones, range_km, lo, hi, sd):
    e = estimate_impact(launch="Wonsan", bearing="E", range_km=range_km, zones=synthetic_v10_zones, samples=500)
    r = e.reported
    assert (r.range_low_km, r.range_high_km, r.range_sd_km) == pytest.approx((lo, hi, sd))
    assert f"Normal σ {sd:.3g} km" in e.uncertainty


def test_samples_and_seed_are_checked(synthetic_v10_zones):
    text = "about 250 km west of Okushiri"
    with pytest.raises(InputError, match="seed = -1"):
        estimate_impact(text, zones=synthetic_v10_zones, seed=-1)
    with pytest.raises(InputError, match=f"between 1 and {MAX_SAMPLES:,}"):
        estimate_impact(text, zones=synthetic_v10_zones, samples=1e8)
    assert estimate_impact(text, zones=synthetic_v10_zones, samples="1e3").n_samples == 1000


def test_impact_estimate_fields_and_json(synthetic_v10_zones):
    import json

    e = estimate_impact("about 700 km east of Wonsan", zones=synthetic_v10_zones, samples=1000)
    for name in (
        "launch_lat", "launch_lon", "launch_name", "landing_lat", "landing_lon", "samples_lat", "samples_lon",
        "p_in_target_eez", "p_stderr", "call", "description", "target", "result", "data_source",
    ):
        assert hasattr(e, name), name
    assert e.launch_name == "Wonsan"  # the reference place is a launch site
    assert e.samples_lat.shape == (1000,)
    d = e.to_dict()
    json.dumps(d)  # no arrays
    assert {"landing_lat", "landing_lon", "p_in_target_eez", "call", "description"} <= set(d)
    assert set(e.result.to_dict()) <= set(d)
    assert d["data_source"] == synthetic_v10_zones.source.label


def test_launch_bearing_range_with_spread(synthetic_v10_zones):
    e = estimate_impact(launch="39.2,125.7", bearing=80, range_km=900, range_sd_km=40, bearing_sd_deg=3, zones=synthetic_v10_zones, samples=5000)
    az, _, d = GEOD.inv(np.full(5000, 125.7), np.full(5000, 39.2), e.samples_lon, e.samples_lat)
    assert np.std(d / 1000) == pytest.approx(40, rel=0.05)
    assert np.std(_angle_diff(az, 80)) == pytest.approx(3, rel=0.05)
    with pytest.raises(InputError, match="range_sd_km"):
        estimate_impact(launch="Sunan", bearing=80, range_km=900, range_sd_km=-1, zones=synthetic_v10_zones)
    with pytest.raises(InputError, match="exactly one"):
        estimate_impact("about 250 km west of Okushiri", lat=40, lon=135, zones=synthetic_v10_zones)
    with pytest.raises(InputError, match="bare point takes position_sd_km"):
        estimate_impact(lat=40, lon=135, range_sd_km=3, zones=synthetic_v10_zones)
    with pytest.raises(InputError, match="give all three"):
        estimate_impact(launch="Sunan", bearing="E", zones=synthetic_v10_zones)
    # A gazetteer name with a comma is still a name, not coordinates.
    with pytest.raises(InputError, match="unknown place 'Nowhere, North Korea'"):
        estimate_impact(launch="Nowhere, North Korea", bearing="E", range_km=700, zones=synthetic_v10_zones)


def test_readme_seed_example(mr_v10_zones):
    """"Travelled about 700 km … landed in the East Sea; Japan says likely outside its EEZ."

    What the Marine Regions v10 extract says: a 700 km flight due east (the 16-point E sector, ±11.25°:
    a bare "E" is an 8-point word, ±22.5°, under the wording model) from
    Wonsan ends well inside Japan's EEZ; from Sunan it ends near the Japan/Korea disputed area
    and is too close to call; "likely outside" needs a more northerly heading (NE from Wonsan).
    """
    wonsan_e = estimate_impact(launch="Wonsan", bearing="E±11.25", range_km=700, range_sd_km=35, zones=mr_v10_zones, samples=5000)
    assert wonsan_e.call == "inside" and wonsan_e.result.distance_to_target_eez_km > 100
    sunan_e = estimate_impact(launch="Sunan", bearing="E±11.25", range_km=700, range_sd_km=35, zones=mr_v10_zones, samples=5000)
    assert sunan_e.call == "too close to call"
    assert "JPN" in sunan_e.result.sovereigns and "KOR" in sunan_e.result.sovereigns
    wonsan_ne = estimate_impact(launch="Wonsan", bearing="NE", range_km=700, range_sd_km=35, zones=mr_v10_zones, samples=5000)
    assert wonsan_ne.call == "outside"
    for e in (wonsan_e, sunan_e, wonsan_ne):
        assert not e.track.crosses_target  # the East Sea, no overflight


# --------------------------------------------------------------------------- past launches


def _past():
    return pd.read_csv(PAST, dtype=str, keep_default_na=False)


def test_past_launch_table_is_sourced():
    df = _past()
    assert len(df) >= 15
    assert set(df["official_verdict"]) == {"inside", "outside"}
    assert all(s.startswith("http") for s in df["source"])
    assert {"2017-07-28", "2022-11-18", "2016-08-03", "2017-08-29"} <= set(df["date"])


@pytest.mark.parametrize("row", _past().to_dict(orient="records"), ids=lambda r: f"{r['date']}:{r['statement'][:12]}")
def test_past_launches_agree_with_official_verdicts(row, mr_v10_zones):
    if row["skip_reason"]:
        pytest.skip(row["skip_reason"])
    e = estimate_impact(row["statement"], launch=row["launch_site"] or None, zones=mr_v10_zones, samples=4000, seed=1)
    official = row["official_verdict"]
    # The Monte Carlo call may hedge, but never contradicts the official verdict.
    assert e.call in (official, "too close to call"), (e.call, e.p_in_target_eez)
    d = e.result.distance_to_target_eez_km
    if abs(d) >= 30:  # beyond the simplification error of the v10 extract
        assert e.result.in_target_eez == (official == "inside"), d
    if row["launch_site"]:
        assert e.track.crosses_target == (row["overflight"] == "yes")
        if row["reported_range_km"]:
            # The geodesic launch→landing distance matches the reported flight distance.
            assert e.track.length_km == pytest.approx(float(row["reported_range_km"]), rel=0.2)


def test_past_launch_verdicts_mostly_decided(mr_v10_zones):
    """Most official statements are far enough from the line for a confident call, and no
    confident call contradicts the stated verdict. (The wording model leaves more of them too
    close to call than the earlier spreads did — 12 of 19 decided here, was ≥ 75 % — and none wrong.)"""
    df = _past()
    df = df[df["skip_reason"] == ""]
    calls = [estimate_impact(t, zones=mr_v10_zones, samples=1000, seed=2).call for t in df["statement"]]
    decided = sum(c != "too close to call" for c in calls)
    assert decided >= 0.6 * len(calls)
    wrong = [(t, c, v) for t, c, v in zip(df["statement"], calls, df["official_verdict"])
             if c in ("inside", "outside") and v in ("inside", "outside") and c != v]
    assert not wrong


def test_bare_point_with_a_position_error(synthetic_v10_zones):
    # 42.12 N 136.74 E lies ~12 km outside the synthetic Japan limit west of Okushiri: a 30 km error
    # makes it uncertain; a 0.5 km error keeps the plain verdict's side.
    wide = estimate_impact(lat=42.12, lon=136.74, position_sd_km=30, zones=synthetic_v10_zones, samples=4000, seed=3)
    assert wide.n_samples == 4000 and 0.1 < wide.p_in_target_eez < 0.9 and wide.call == "too close to call"
    _, _, d = GEOD.inv(np.full(4000, 136.74), np.full(4000, 42.12), wide.samples_lon, wide.samples_lat)
    # Rayleigh(σ): mean σ·√(π/2).
    assert d.mean() / 1000 == pytest.approx(30 * math.sqrt(math.pi / 2), rel=0.05)
    narrow = estimate_impact(lat=42.12, lon=136.74, position_sd_km=0.5, zones=synthetic_v10_zones, samples=2000)
    assert narrow.call == ("inside" if narrow.result.in_target_eez else "outside")
    with pytest.raises(InputError, match="position_sd_km"):
        estimate_impact("about 250 km west of Okushiri", position_sd_km=5, zones=synthetic_v10_zones)
