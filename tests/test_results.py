"""The verdict's shape: per-code tables (statuses from the one ownership rule), PointResult text,
result columns, the reference merge."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from geo.results import (
    REF_COLUMNS,
    RESULT_COLUMNS,
    TEXT_COLUMNS,
    PointResult,
    VerdictTables,
    merge_reference,
    result_columns,
    uniform_text,
)
from geo.zones.model import claim_roles

ZONES = [  # zone_type, sovereigns
    ("eez", ("JPN",)),
    ("eez", ("KOR",)),
    ("overlapping_claim", ("JPN", "KOR")),
    ("joint_regime", ("KOR", "JPN")),
    ("land", ("JPN",)),
    ("land", ("RUS", "JPN")),  # a disputed island, listed Russia first
    ("land", ("KOR",)),
    ("territorial_sea", ("JPN",)),
]


def _index(region=(105.0, 5.0, 170.0, 58.0)):
    zt = np.array([z for z, _ in ZONES], dtype=object)
    return SimpleNamespace(
        zone_type=zt,
        names=np.array([f"zone {i}" for i in range(len(ZONES))], dtype=object),
        sovereigns=[s for _, s in ZONES],
        mrgid=np.array([8487, 8327, None, None, None, None, None, None], dtype=object),
        region=region,
    )


@pytest.mark.parametrize("target", ["JPN", "KOR", "RUS", "CHN"])
def test_statuses_are_the_ownership_rule(target):
    t = VerdictTables(_index(), target)
    own, shared = claim_roles([z for z, _ in ZONES], [s for _, s in ZONES], target)
    want = np.where(shared, "disputed", np.where(own, "inside", "outside"))
    assert list(t.status[: len(ZONES)]) == list(want)
    assert list(t.inside[: len(ZONES)]) == list(own | shared)
    assert t.status[t.high_seas] == "outside" and t.status[t.unknown] == "outside" and t.status[t.invalid] is None
    assert not t.inside[t.invalid] and not t.inside[t.high_seas]
    # Land the target owns or shares counts as its territory; another state's land does not.
    assert list(np.flatnonzero(t.own_land)) == [i for i, (z, _) in enumerate(ZONES) if z == "land" and (own | shared)[i]]


def test_codes_beyond_the_zones():
    t = VerdictTables(_index(), "JPN")
    assert (t.zone_type[t.high_seas], t.zone_type[t.unknown], t.zone_type[t.invalid]) == ("high_seas", "unknown", None)
    assert "105°E–170°E, 5°N–58°N" in t.zone_name[t.unknown]
    assert list(t.mrgid_na[:3]) == [False, False, True] and t.mrgid[0] == 8487
    assert t.sov_text[2] == "JPN;KOR" and t.sov[t.high_seas] == ()


def _c(codes, target="JPN"):
    t = VerdictTables(_index(), target)
    code = np.array(codes)
    n = len(code)
    valid = code != t.invalid
    return {
        "tables": t, "code": code, "valid": valid, "target": target, "data_source": "test data",
        "lat": np.where(valid, 30.0, np.nan), "lon": np.where(valid, 140.0, np.nan),
        "error": np.array([None if v else "lat = 'x' is not a number" for v in valid], dtype=object),
        **{k: np.full(n, np.nan) for k in ("distance_to_target_eez_km", "nearest_limit_lat", "nearest_limit_lon",
                                            "nearest_territory_km", "nearest_territory_bearing")},
        "nearest_territory": np.full(n, None, dtype=object),
    }


@pytest.mark.parametrize("n", [3, 5000])  # the plain path and the Arrow path
def test_result_columns_values_and_dtypes(n):
    t = VerdictTables(_index(), "JPN")
    codes = ([0, 2, t.invalid] * n)[:n]
    cols = result_columns(_c(codes))
    assert list(cols) == RESULT_COLUMNS
    df = pd.DataFrame(cols)
    assert df["eez_status"].tolist()[:2] == ["inside", "disputed"] and pd.isna(df["eez_status"][2])
    assert df["mrgid"].dtype == "Int64" and df["mrgid"][0] == 8487 and pd.isna(df["mrgid"][1])
    assert df["in_target_eez"].dtype == "boolean" and df["in_target_eez"][0] and pd.isna(df["in_target_eez"][2])
    assert (df["target"] == "JPN").all() and (df["data_source"] == "test data").all()


def test_uniform_text_gives_one_dtype():
    a = uniform_text(pd.DataFrame({"error": [None, None], "zone_name": ["x", None], "other": [None, None]}))
    assert all(str(a[c].dtype) == "str" for c in ("error", "zone_name")) and a["other"].dtype == object
    assert set(TEXT_COLUMNS) <= set(RESULT_COLUMNS)


def test_merge_reference_fills_only_compared_rows():
    res = pd.DataFrame({"eez_status": ["inside", None, "outside"], "error": [None, "bad", None]})
    ref = pd.DataFrame({
        "zone_type": ["eez", "eez"], "zone_name": ["a", "b"], "sovereigns": ["JPN", "KOR"], "eez_status": ["inside", "inside"],
        "in_target_eez": pd.array([True, True], dtype="boolean"), "distance_to_target_eez_km": [10.0, 5.0],
        "data_source": ["ref", "ref"],
    })
    out = merge_reference(res, ref, np.array([True, False, True]))
    assert list(out.columns[-len(REF_COLUMNS):]) == REF_COLUMNS
    assert out["ref_zone_name"][[0, 2]].tolist() == ["a", "b"] and pd.isna(out["ref_zone_name"][1])
    assert out["differs"].tolist()[0] is False and pd.isna(out["differs"][1]) and out["differs"][2]
    assert "ref_eez_status" not in res.columns  # a new table


def _result(**kw):
    base = dict(lat=41.5, lon=137.8, zone_type="eez", zone_name="Japanese EEZ", sovereigns=("JPN",), mrgid=8487,
                target="JPN", eez_status="inside", in_target_eez=True, distance_to_target_eez_km=99.4,
                distance_to_target_eez_nm=53.7, nearest_limit_lat=None, nearest_limit_lon=None,
                nearest_territory="Japan: Oshima-Oshima", nearest_territory_km=128.0, nearest_territory_bearing=88.0,
                data_source="test data")
    return PointResult(**{**base, **kw})


def test_summary_words():
    assert _result().summary().splitlines()[0] == "41.5000°N 137.8000°E: inside Japan's EEZ, 99 km (54 NM) from its limit."
    disputed = _result(zone_type="overlapping_claim", sovereigns=("JPN", "KOR"), eez_status="disputed", zone_name="Liancourt")
    assert "an overlapping claim with South Korea (Liancourt); Japanese statements count it as inside" in disputed.summary()
    out = _result(zone_type="high_seas", sovereigns=(), eez_status="outside", in_target_eez=False,
                  distance_to_target_eez_km=-50.0, distance_to_target_eez_nm=-27.0, zone_name=None)
    assert "outside Japan's EEZ, 50 km (27 NM) beyond its limit — on the high seas." in out.summary()
    assert _result().to_dict()["sovereigns"] == ["JPN"]


def test_category_column_has_the_whole_table_as_categories():
    from geo.results import category_column, points_array

    values = np.array(["b", None, "a", "b"], dtype=object)
    col = category_column(values, np.array([3, 1, 3]))
    assert col.tolist()[0] == "b" and pd.isna(col.tolist()[1])
    assert list(col.categories) == ["a", "b"]  # "a" is unused here, but every chunk has it
    pts = points_array(np.array([137.8, 1.0]), np.array([41.5, 2.0]))
    assert pts.crs == "EPSG:4326" and pts[1].x == 1.0 and pts[1].y == 2.0
