"""The shipped sea-area polygons (shapefiles/sea_areas.gpkg, built by scripts/build_sea_areas.py).

Everything here reads the shipped file (and the small limits table); nothing is rebuilt, so the
tests run offline.  ``python scripts/build_sea_areas.py --check`` verifies the file against a
fresh build.
"""
from __future__ import annotations

import csv
import itertools
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod

pyogrio = pytest.importorskip("pyogrio")

ROOT = Path(__file__).resolve().parents[1]
GPKG = ROOT / "shapefiles" / "sea_areas.gpkg"
LIMITS = ROOT / "scripts" / "data" / "sea_area_limits.csv"
sys.path.insert(0, str(ROOT / "scripts"))
import build_sea_areas as bsa  # noqa: E402

GEOD = Geod(ellps="WGS84")
MAIN_IDS = {"sea_of_japan", "yellow_sea", "east_china_sea", "seto_inland_sea", "sea_of_okhotsk",
            "philippine_sea", "south_china_sea", "north_pacific", "bering_sea"}
SUB_PARENT = {"bohai_sea": "yellow_sea", "taiwan_strait": "south_china_sea", "tatar_strait": "sea_of_japan"}


@pytest.fixture(scope="module")
def main():
    return pyogrio.read_dataframe(GPKG, layer="sea_areas")


@pytest.fixture(scope="module")
def sub():
    return pyogrio.read_dataframe(GPKG, layer="sea_sub_areas")


def geod_km2(g) -> float:
    total = 0.0
    for p in shapely.get_parts(g):
        a, _ = GEOD.geometry_area_perimeter(shapely.geometry.polygon.orient(p, 1.0))
        total += abs(a)
    return total / 1e6


def seas_at(df, lat: float, lon: float) -> list[str]:
    return [sid for sid, g in zip(df.sea_id, df.geometry) if shapely.contains_xy(g, lon, lat)]


# -- the file ------------------------------------------------------------------------------------
def test_file_loads_with_the_documented_layers_and_columns(main, sub):
    assert GPKG.stat().st_size < 3_000_000
    assert set(pyogrio.list_layers(GPKG)[:, 0]) == {"sea_areas", "sea_sub_areas"}
    assert list(main.columns) == ["sea_id", "name_en", "name_ja", "name_ko", "source", "geometry"]
    assert list(sub.columns) == ["sea_id", "name_en", "name_ja", "name_ko", "source", "parent_id", "geometry"]
    assert main.crs.to_epsg() == 4326 and sub.crs.to_epsg() == 4326
    for df in (main, sub):
        assert df.sea_id.is_unique
        assert all(s.strip() for s in df.source)


def test_each_expected_sea_exists(main, sub):
    assert set(main.sea_id) == MAIN_IDS
    assert dict(zip(sub.sea_id, sub.parent_id)) == SUB_PARENT
    names = dict(zip(main.sea_id, zip(main.name_en, main.name_ja, main.name_ko)))
    assert names["sea_of_japan"] == ("Sea of Japan (East Sea)", "日本海", "동해")
    assert names["yellow_sea"][1:] == ("黄海", "황해")
    assert names["east_china_sea"][1:] == ("東シナ海", "동중국해")
    assert names["sea_of_okhotsk"][1] == "オホーツク海"
    assert names["philippine_sea"][1] == "フィリピン海"
    assert names["north_pacific"][1:] == ("太平洋", "태평양")


@pytest.mark.parametrize("layer", ["sea_areas", "sea_sub_areas"])
def test_every_sea_is_a_valid_nonempty_polygon_in_the_region(layer, main, sub):
    df = main if layer == "sea_areas" else sub
    W, S, E, N = bsa.REGION
    for sid, g in zip(df.sea_id, df.geometry):
        assert g.geom_type in ("Polygon", "MultiPolygon"), sid
        assert shapely.is_valid(g) and not g.is_empty, (sid, shapely.is_valid_reason(g))
        x0, y0, x1, y1 = g.bounds
        assert W - 1e-9 <= x0 and x1 <= E + 1e-9 and S - 1e-9 <= y0 and y1 <= N + 1e-9, sid


@pytest.mark.parametrize("layer", ["sea_areas", "sea_sub_areas"])
def test_seas_do_not_overlap(layer, main, sub):
    df = main if layer == "sea_areas" else sub
    for (a, ga), (b, gb) in itertools.combinations(zip(df.sea_id, df.geometry), 2):
        if shapely.intersects(ga, gb):
            overlap = shapely.area(shapely.intersection(ga, gb))
            assert overlap < 1e-9, f"{a} and {b} overlap by {overlap:.3g} deg2"


def test_sub_areas_lie_in_their_parent(main, sub):
    parents = dict(zip(main.sea_id, main.geometry))
    for sid, parent, g in zip(sub.sea_id, sub.parent_id, sub.geometry):
        outside = shapely.area(shapely.difference(g, parents[parent]))
        assert outside < 1e-6 * shapely.area(g), f"{sid} sticks out of {parent}"


# -- known points --------------------------------------------------------------------------------
@pytest.mark.parametrize("lat, lon, expected", [
    (40.0, 135.0, "sea_of_japan"),
    (36.0, 123.0, "yellow_sea"),
    (29.0, 125.0, "east_china_sea"),
    (50.0, 148.0, "sea_of_okhotsk"),
    (20.0, 130.0, "philippine_sea"),
    (38.0, 150.0, "north_pacific"),
    (34.5, 129.0, "sea_of_japan"),      # Korea (Tsushima) Strait: S-23 puts it in the Japan Sea
    (33.6, 127.5, "sea_of_japan"),      # between Jeju and the Korean south coast, east of Jindo
    (41.6, 140.9, "sea_of_japan"),      # Tsugaru Strait (S-23: east limit Shiriya - Esan)
    (41.7, 141.8, "north_pacific"),     # east of the Tsugaru limit
    (45.7, 141.7, "sea_of_japan"),      # west of the Soya (La Perouse) limit
    (45.5, 142.5, "sea_of_okhotsk"),    # east of it
    (34.1, 133.3, "seto_inland_sea"),
    (34.5, 135.2, "seto_inland_sea"),   # Osaka Bay
    (33.6, 135.0, "philippine_sea"),    # Kii Suido south of the S-23 Inland Sea limit
    (32.0, 133.0, "philippine_sea"),    # off Shikoku
    (30.5, 129.0, "east_china_sea"),    # west of the Osumi islands
    (30.0, 131.5, "philippine_sea"),    # east of Tanegashima
    (39.0, 120.0, "yellow_sea"),        # Bohai Sea: in the Yellow Sea in S-23
    (24.0, 119.5, "south_china_sea"),   # Taiwan Strait: in the South China Sea in S-23
    (15.0, 115.0, "south_china_sea"),
    (20.5, 123.0, "philippine_sea"),    # east of the Luzon Strait limit
    (44.0, 151.0, "north_pacific"),     # off the Kurils
    (47.0, 150.0, "sea_of_okhotsk"),
    (57.0, 167.0, "bering_sea"),
    (55.0, 162.5, "north_pacific"),     # east of Kamchatka, south of the Bering Sea limit
])
def test_known_points_fall_in_the_right_sea(main, lat, lon, expected):
    assert seas_at(main, lat, lon) == [expected]


@pytest.mark.parametrize("lat, lon", [
    (35.68, 139.76),  # Tokyo
    (39.02, 125.75),  # Pyongyang
    (43.06, 141.35),  # Sapporo
    (12.6, 122.7),    # Sibuyan Sea: East Indian Archipelago waters, not built
])
def test_land_and_unbuilt_waters_are_in_no_sea(main, sub, lat, lon):
    assert seas_at(main, lat, lon) == []
    assert seas_at(sub, lat, lon) == []


@pytest.mark.parametrize("lat, lon, expected", [
    (39.0, 120.0, "bohai_sea"), (24.0, 119.5, "taiwan_strait"), (48.5, 140.5, "tatar_strait"),
    (40.0, 135.0, None), (36.0, 123.0, None), (21.0, 118.5, None),
])
def test_sub_areas(sub, lat, lon, expected):
    assert seas_at(sub, lat, lon) == ([expected] if expected else [])


# -- areas ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def areas(main, sub):
    rows = dict(zip(main.sea_id, main.geometry)) | dict(zip(sub.sea_id, sub.geometry))
    return bsa.comparison_areas(rows)


@pytest.mark.parametrize("key, published", [
    ("sea_of_japan", 978_000),
    ("yellow_sea_conventional", 380_000),  # without the Bohai Sea, Yangtze mouth - Jeju south limit
    ("east_china_sea", 752_000),           # the East China Sea without the Yellow Sea
    ("ecs_yellow_bohai", 1_249_000),       # the usual "East China Sea" figure includes the Yellow Sea
    ("sea_of_okhotsk", 1_583_000),
])
def test_areas_within_10_percent_of_published(areas, key, published):
    assert abs(areas[key] - published) / published < 0.10, f"{key}: {areas[key]:,.0f} km2 vs {published:,}"


def test_comparison_areas_match_an_independent_geodesic_area(main, areas):
    for sid, g in zip(main.sea_id, main.geometry):
        assert areas[sid] == pytest.approx(geod_km2(g), rel=1e-9)


# -- the limits table ----------------------------------------------------------------------------
def test_limits_table_is_complete_and_consistent():
    with open(LIMITS, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows[0].keys() >= {"sea_id", "name_en", "name_ja", "name_ko", "limit_seq", "point_name", "lat",
                              "lon", "source"}
    assert all(r["source"].strip() and r["point_name"].strip() for r in rows)
    limits = bsa.read_limits(LIMITS)
    assert {"soj_tsugaru", "soj_la_perouse", "soj_north_tatar", "soj_shimonoseki", "ecs_north",
            "okh_kurils", "sis_hoyo", "phs_east_south"} <= set(limits)
    soya = limits["soj_la_perouse"]
    assert [p["point_name"].split(" (")[0] for p in soya] == ["Soni Misaki", "Nishi Notoro Misaki"]


def test_legs_are_densified_geodesics_or_parallels():
    a = dict(lon=126.16, lat=33.2833, leg="parallel")
    b = dict(lon=120.30, lat=33.2833, leg="end")
    xy = bsa.leg_coords(a, b)
    assert np.all(xy[:, 1] == 33.2833) and len(xy) > 50
    a = dict(lon=144.7624, lat=13.2834, leg="geodesic")
    b = dict(lon=138.13, lat=9.53, leg="end")
    xy = np.vstack([bsa.leg_coords(a, b), [[b["lon"], b["lat"]]]])
    steps = [GEOD.inv(*p, *q)[2] for p, q in zip(xy[:-1], xy[1:])]
    assert max(steps) <= bsa.DENSIFY_KM * 1000 + 1
    # every vertex lies on the geodesic: the forward azimuth from a to each vertex is constant
    az = [GEOD.inv(a["lon"], a["lat"], x, y)[0] for x, y in xy[1:]]
    assert max(az) - min(az) < 1e-6
