"""Verdicts under two zone data sets side by side."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.classify import RESULT_COLUMNS, check_points
from geo.compare import REF_COLUMNS, attach_reference, compare_point, compare_points, compare_record
from geo.errors import DataNotFoundError

# The synthetic Marine Regions files (tests/synthetic.py: v10 as a file, v12 through the local
# WFS download). Points > 40 km from every line of both editions. 39N 133E lies in v10's large
# Liancourt Rocks disputed area but outside v12's small one: the editions disagree there, as
# the real ones do.
DEEP_JAPAN = (30.0, 140.0)
DEEP_KOREA = (35.0, 125.0)
V10_ONLY_DISPUTED = (39.0, 133.0)

# The shared fixtures (local WFS, private cache, session download), registered once per session.
pytest_plugins = ["tests.mr_fixtures"]


def test_compare_points_adds_reference_verdicts(downloaded, synthetic_v10_path):
    lat = [DEEP_JAPAN[0], DEEP_KOREA[0], V10_ONLY_DISPUTED[0]]
    lon = [DEEP_JAPAN[1], DEEP_KOREA[1], V10_ONLY_DISPUTED[1]]
    res = compare_points(lat=lat, lon=lon, zones=synthetic_v10_path)  # reference: the download (v12)
    assert list(res.columns[: len(RESULT_COLUMNS)]) == RESULT_COLUMNS
    assert all(c in res.columns for c in REF_COLUMNS)
    assert list(res["eez_status"]) == ["inside", "outside", "disputed"]
    assert list(res["ref_eez_status"]) == ["inside", "outside", "outside"]
    assert list(res["differs"]) == [False, False, True]
    assert list(res["ref_in_target_eez"]) == [True, False, False]
    assert res["ref_sovereigns"].iloc[1] == "KOR"
    # Each side says where it came from.
    assert all("edition v10" in s for s in res["data_source"])
    assert all("Marine Regions (WFS download)" in s and "CC BY 4.0" in s for s in res["ref_data_source"])
    # The reference columns equal a plain run on the reference data.
    from geo.zones.catalog import resolve_zones

    plain = check_points(lat=lat, lon=lon, zones=resolve_zones("marineregions"))
    assert list(plain["eez_status"]) == list(res["ref_eez_status"])
    assert np.allclose(plain["distance_to_target_eez_km"], res["ref_distance_to_target_eez_km"])
    assert np.sign(res["ref_distance_to_target_eez_km"]).tolist() == [1.0, -1.0, -1.0]


def test_same_data_never_differs(synthetic_v10_path, synthetic_v10_zones, cache):
    rng = np.random.default_rng(4)
    lat, lon = rng.uniform(20, 45, 40), rng.uniform(120, 155, 40)
    res = compare_points(lat=lat, lon=lon, zones=synthetic_v10_zones, reference=synthetic_v10_path, distances=False)
    assert not res["differs"].any()
    assert (res["eez_status"] == res["ref_eez_status"]).all()


def test_bad_rows_are_reported_once_and_not_compared(synthetic_v10_path, synthetic_v10_zones, cache):
    df = pd.DataFrame({"lat": ["30", "north", "35"], "lon": ["140", "135", "125"]})
    res = compare_points(df, zones=synthetic_v10_zones, reference=synthetic_v10_path, errors="keep", distances=False)
    assert res["error"].notna().tolist() == [False, True, False]
    assert pd.isna(res["differs"].iloc[1]) and pd.isna(res["ref_eez_status"].iloc[1])
    assert res["differs"].iloc[0] == False  # noqa: E712 - nullable boolean


def test_attach_reference_keeps_rows_and_order(synthetic_v10_zones, synthetic_v10_path, cache):
    base = check_points(lat=[DEEP_KOREA[0], DEEP_JAPAN[0]], lon=[DEEP_KOREA[1], DEEP_JAPAN[1]], zones=synthetic_v10_zones)
    out = attach_reference(base, reference=synthetic_v10_path)
    assert len(out) == 2 and list(out["ref_eez_status"]) == ["outside", "inside"]
    assert "ref_eez_status" not in base.columns  # the input is not modified


def test_compare_point_and_json_shape(downloaded, synthetic_v10_path):
    c = compare_point(lat=V10_ONLY_DISPUTED[0], lon=V10_ONLY_DISPUTED[1], zones=synthetic_v10_path)
    assert c.differs and c.result.eez_status == "disputed" and c.reference.eez_status == "outside"
    d = c.to_dict()
    assert d["differs"] is True and d["eez_status"] == "outside" and "Flanders Marine Institute" in d["data_source"]
    text = c.summary()
    assert "VERDICTS DIFFER" in text and "disputed" in text and "outside" in text
    same = compare_point(lat=DEEP_JAPAN[0], lon=DEEP_JAPAN[1], zones=synthetic_v10_path)
    assert not same.differs and "same verdict" in same.summary()
    rec = compare_record({"lat": 1.0, "eez_status": "inside", "ref_eez_status": "outside", "ref_sovereigns": "JPN;KOR", "differs": True})
    assert rec["compare"]["eez_status"] == "outside" and rec["compare"]["sovereigns"] == ["JPN", "KOR"]
    assert "ref_eez_status" not in rec and rec["eez_status"] == "inside"


def test_missing_reference_says_how_to_get_it(cache, synthetic_v10_zones):
    with pytest.raises(DataNotFoundError, match="eezcheck data download"):
        compare_points(lat=[30.0], lon=[140.0], zones=synthetic_v10_zones)


def test_check_point_takes_a_data_set_name_like_compare_point(downloaded):
    from geo.classify import check_point

    r = check_point(lat=V10_ONLY_DISPUTED[0], lon=V10_ONLY_DISPUTED[1], zones="marineregions")
    c = compare_point(lat=V10_ONLY_DISPUTED[0], lon=V10_ONLY_DISPUTED[1], zones="marineregions", reference="marineregions")
    assert r == c.result == c.reference and "Marine Regions (WFS download)" in r.data_source
    assert not c.differs
    res = check_points(lat=[DEEP_JAPAN[0]], lon=[DEEP_JAPAN[1]], zones="marineregions", compare="marineregions")
    assert res["differs"].tolist() == [False] and list(res.columns[-len(REF_COLUMNS) :]) == REF_COLUMNS
