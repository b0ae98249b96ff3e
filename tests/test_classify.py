"""Classification: known points on the Marine Regions reference extracts (v10 and v12), the
rest of the logic (distances, targets, tables, bad input) on the synthetic files of
``tests/synthetic.py``, so that a clone without the extracts runs it.

Every known point is checked to lie at least MARGIN_KM from any zone boundary of the edition it
is tested on, because both extracts are simplified (a point near a line can fall either side).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geo
from geo.errors import InputError
from geo.geodesy import GEOD, NM, NearestLine
from tests import synthetic

MARGIN_KM = 50.0

# name, lat, lon, expected (zone_type, mrgid, eez_status) per edition ("both" when they agree)
KNOWN = [
    ("Sea of Japan, off Sado", 39.0, 137.0, {"both": ("eez", 8487, "inside")}),
    ("off Okinotorishima", 20.0, 136.5, {"both": ("eez", 8487, "inside")}),
    ("off Minamitorishima", 24.0, 155.0, {"both": ("eez", 8487, "inside")}),
    ("Pacific east of Honshu", 33.0, 142.0, {"both": ("eez", 8487, "inside")}),
    ("Yellow Sea, South Korea", 34.45, 124.75, {"both": ("eez", 8327, "outside")}),
    ("East China Sea, China", 30.0, 124.0, {"both": ("eez", 8486, "outside")}),
    ("Pacific off Kamchatka, Russia", 48.0, 158.0, {"both": ("eez", 5690, "outside")}),
    ("Sea of Japan, North Korea", 40.0, 129.8, {"both": ("eez", 8328, "outside")}),
    ("off the Philippines", 17.0, 123.0, {"both": ("eez", 8322, "outside")}),
    ("off Guam", 13.5, 144.0, {"both": ("eez", 48957, "outside")}),
    ("Kuril overlapping claim", 42.9, 148.45, {"both": ("overlapping_claim", 48950, "disputed")}),
    ("Senkaku overlapping claim", 26.55, 124.25, {"both": ("overlapping_claim", 48954, "disputed")}),
    ("Liancourt overlapping claim (v10's large area)", 38.78, 133.17, {"v10": ("overlapping_claim", 48955, "disputed")}),
    ("Japan-Korea joint regime", 30.62, 127.59, {"both": ("joint_regime", 21796, "disputed")}),
    ("Pacific high seas", 32.0, 160.0, {"both": ("high_seas", None, "outside")}),
    # A hole in Japan's EEZ polygon that is sea, not an island: the bundled coastline says so.
    ("Shikoku Basin high-seas pocket", 26.6, 136.09, {"both": ("high_seas", None, "outside")}),
]


def _cases():
    for name, lat, lon, exp in KNOWN:
        for ed in ("v10", "v12"):
            want = exp.get(ed, exp.get("both"))
            if want is not None:
                yield pytest.param(ed, lat, lon, want, id=f"{ed}-{name}")


@pytest.fixture(scope="module")
def boundaries(mr_v10_zones, mr_v12_zones):
    return {
        ed: NearestLine(list(shapely.boundary(z.table.geometry.values)))
        for ed, z in (("v10", mr_v10_zones), ("v12", mr_v12_zones))
    }


@pytest.mark.parametrize("edition,lat,lon,want", list(_cases()))
def test_known_points(edition, lat, lon, want, mr_v10_zones, mr_v12_zones, boundaries):
    zones = mr_v10_zones if edition == "v10" else mr_v12_zones
    d, *_ = boundaries[edition].query([lon], [lat])
    assert d[0] >= MARGIN_KM * 1000, f"test point is only {d[0] / 1000:.0f} km from a line; move it"
    r = geo.check_point(lat=lat, lon=lon, zones=zones)
    assert (r.zone_type, r.mrgid, r.eez_status) == want
    assert r.in_target_eez == (want[2] != "outside")
    assert r.sovereigns or r.zone_type == "high_seas"
    # The sign of the distance agrees with the verdict, and its size is at least the margin to
    # the nearest line of any kind only when the limit is that line — so just check the sign here.
    assert (r.distance_to_target_eez_km > 0) == r.in_target_eez
    assert "Marine Regions" in r.data_source and "Flanders Marine Institute" in r.data_source


def test_liancourt_rocks_v12_small_area(mr_v12_zones):
    # v12's Liancourt area is only ~18 km across its inscribed circle: test its centre with a
    # 15 km margin (the rocks themselves are at 37.24N 131.87E).
    r = geo.check_point(lat=37.2334, lon=131.90, zones=mr_v12_zones)
    assert (r.zone_type, r.mrgid, r.eez_status) == ("overlapping_claim", 48955, "disputed")
    assert set(r.sovereigns) == {"JPN", "KOR"}


def test_other_target(synthetic_v10_zones):
    r = geo.check_point(lat=34.45, lon=124.75, zones=synthetic_v10_zones, target="kor")
    assert r.target == "KOR" and r.eez_status == "inside"
    r = geo.check_point(lat=26.55, lon=124.25, zones=synthetic_v10_zones, target="CHN")
    assert r.eez_status == "disputed"
    r = geo.check_point(lat=39.0, lon=137.0, zones=synthetic_v10_zones, target="CHN")
    assert r.eez_status == "outside" and r.distance_to_target_eez_km < 0


def test_distance_matches_geod_at_nearest_limit_point(synthetic_v10_zones):
    r = geo.check_point(lat=39.0, lon=137.0, zones=synthetic_v10_zones)
    _, _, d = GEOD.inv(r.lon, r.lat, r.nearest_limit_lon, r.nearest_limit_lat)
    assert r.distance_to_target_eez_km == pytest.approx(d / 1000, rel=1e-9)
    assert r.distance_to_target_eez_nm == pytest.approx(r.distance_to_target_eez_km * 1000 / NM)


def test_distance_is_to_outer_limit_not_coast(synthetic_v10_zones):
    # 13 km off the (synthetic) Sado coast the nearest Japanese *coast* is near, but the outer limit is far.
    r = geo.check_point(lat=38.3, lon=138.7, zones=synthetic_v10_zones)
    assert r.nearest_territory_km < 20
    assert r.in_target_eez and r.distance_to_target_eez_km > 150


def test_distance_accuracy_against_brute_force(synthetic_v10_zones):
    """Signed distance to the limit within 0.1 % of brute force Geod.inv on a densified limit."""
    from geo.index import index_for

    claim = index_for(synthetic_v10_zones).claim("JPN")
    limit = shapely.segmentize(shapely.boundary(claim.area), 0.002)  # ~200 m spacing
    xy = shapely.get_coordinates(limit)
    rng = np.random.default_rng(7)
    lon = rng.uniform(125, 158, 40)
    lat = rng.uniform(20, 46, 40)
    res = geo.check_points(lat=lat, lon=lon, zones=synthetic_v10_zones)
    for i in range(len(lon)):
        _, _, dist = GEOD.inv(np.full(len(xy), lon[i]), np.full(len(xy), lat[i]), xy[:, 0], xy[:, 1])
        brute = dist.min() / 1000
        got = abs(res["distance_to_target_eez_km"].iloc[i])
        # brute force over vertices 200 m apart overestimates by at most (0.1 km)^2 / (2 d)
        assert got == pytest.approx(brute, rel=1e-3, abs=0.01)


def test_moved_outward_along_normal_changes_side(synthetic_v10_zones):
    """Property: step from a point of the limit outward along the normal and the verdict flips."""
    from geo.index import index_for

    claim = index_for(synthetic_v10_zones).claim("JPN")
    ring = shapely.segmentize(shapely.boundary(claim.area), 0.05)
    xy = shapely.get_coordinates(ring)
    rng = np.random.default_rng(3)
    picks = rng.choice(len(xy) - 1, 60, replace=False)
    flipped = 0
    tested = 0
    for i in picks:
        (lon0, lat0), (lon1, lat1) = xy[i], xy[i + 1]
        if (lon0, lat0) == (lon1, lat1):
            continue
        az, _, seg = GEOD.inv(lon0, lat0, lon1, lat1)
        mid_lon, mid_lat, _ = GEOD.fwd(lon0, lat0, az, seg / 2)
        a_lon, a_lat, _ = GEOD.fwd(mid_lon, mid_lat, az + 90, 3000)
        b_lon, b_lat, _ = GEOD.fwd(mid_lon, mid_lat, az - 90, 3000)
        ra, rb = (geo.check_point(lat=y, lon=x, zones=synthetic_v10_zones) for x, y in ((a_lon, a_lat), (b_lon, b_lat)))
        if min(abs(ra.distance_to_target_eez_km), abs(rb.distance_to_target_eez_km)) < 2.0:
            continue  # a corner: the step lands near another part of the line
        tested += 1
        flipped += ra.in_target_eez != rb.in_target_eez
        assert (ra.distance_to_target_eez_km > 0) == ra.in_target_eez
        assert (rb.distance_to_target_eez_km > 0) == rb.in_target_eez
    assert tested >= 30
    assert flipped == tested


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lat=st.floats(10, 52), lon=st.floats(110, 165))
def test_sign_agrees_with_verdict(lat, lon, synthetic_v10_zones):
    r = geo.check_point(lat=lat, lon=lon, zones=synthetic_v10_zones)
    assert r.eez_status in ("inside", "disputed", "outside")
    assert r.in_target_eez == (r.eez_status != "outside")
    if abs(r.distance_to_target_eez_km) > 1e-6:
        assert (r.distance_to_target_eez_km > 0) == r.in_target_eez


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lat=st.floats(38, 52), lon=st.floats(-66, -46))
def test_0_360_longitudes_give_the_same_answer(lat, lon, synthetic_v10_zones):
    """West of Greenwich (around the synthetic Canada and Saint-Pierre-et-Miquelon), lon and
    lon + 360 are the same place: the same result, given in [-180, 180)."""
    a = geo.check_point(lat=lat, lon=lon, zones=synthetic_v10_zones, target="CAN")
    b = geo.check_point(lat=lat, lon=lon + 360, zones=synthetic_v10_zones, target="CAN")
    same = ("zone_type", "zone_name", "mrgid", "sovereigns", "eez_status", "in_target_eez", "nearest_territory")
    assert [getattr(a, k) for k in same] == [getattr(b, k) for k in same]
    # lon + 360 - 360 may differ from lon in the last bit: nothing more.
    assert b.lon == pytest.approx(lon, abs=1e-9)
    assert b.distance_to_target_eez_km == pytest.approx(a.distance_to_target_eez_km, abs=1e-6)


def test_point_on_shared_boundary_goes_to_target(synthetic_v10_zones):
    """A vertex shared by Japan's EEZ and a neighbour's counts as Japan's (covers, not contains)."""
    t = synthetic_v10_zones.table
    jp = t.loc[t.mrgid == 8487, "geometry"].iloc[0]
    kr = t.loc[t.mrgid == 8327, "geometry"].iloc[0]
    shared = shapely.intersection(shapely.boundary(jp), shapely.boundary(kr))
    pts = shapely.get_coordinates(shared)
    assert len(pts) > 0
    lon, lat = pts[len(pts) // 2]
    r = geo.check_point(lat=lat, lon=lon, zones=synthetic_v10_zones)
    assert r.eez_status == "inside" and r.mrgid == 8487
    assert abs(r.distance_to_target_eez_km) < 0.01
    r_kor = geo.check_point(lat=lat, lon=lon, zones=synthetic_v10_zones, target="KOR")
    assert r_kor.eez_status == "inside" and r_kor.mrgid == 8327


def test_check_points_keeps_rows_order_and_columns(synthetic_v10_zones):
    df = pd.DataFrame(
        {
            "name": ["c", "a", "b", "bad"],
            "Latitude": [30.0, 39.0, 32.0, "x"],
            "LONGITUDE": [124.0, 137.0, 160.0, 1.0],
        },
        index=[10, 5, 7, 3],
    )
    out = geo.check_points(df, zones=synthetic_v10_zones, errors="keep")
    assert list(out.index) == [10, 5, 7, 3]
    assert list(out["name"]) == ["c", "a", "b", "bad"]
    assert list(out["eez_status"][:3]) == ["outside", "inside", "outside"]
    assert out["error"].iloc[3] == "lat = 'x' is not a number"
    assert out.crs.to_epsg() == 4326
    for col in geo.classify.RESULT_COLUMNS:
        assert col in out.columns
    with pytest.raises(InputError, match=r"row 3: lat = 'x' is not a number"):
        geo.check_points(df, zones=synthetic_v10_zones)


def test_check_points_arrays_and_geodataframe_any_crs(synthetic_v10_zones):
    import geopandas as gpd

    lat = np.array([39.0, 30.0])
    lon = np.array([137.0, 124.0])
    a = geo.check_points(lat=lat, lon=lon, zones=synthetic_v10_zones)
    g = gpd.GeoDataFrame({"id": [1, 2]}, geometry=gpd.points_from_xy(lon, lat), crs=4326).to_crs(3857)
    b = geo.check_points(g, zones=synthetic_v10_zones)
    assert list(a["eez_status"]) == list(b["eez_status"]) == ["inside", "outside"]
    assert list(b["id"]) == [1, 2]
    np.testing.assert_allclose(b["lat"], lat, atol=1e-9)


def test_ambiguous_and_missing_columns():
    df = pd.DataFrame({"lat": [1], "latitude": [1], "lon": [1]})
    with pytest.raises(InputError, match="ambiguous latitude columns: lat, latitude"):
        geo.check_points(df)
    with pytest.raises(InputError, match="no longitude column"):
        geo.check_points(pd.DataFrame({"lat": [1], "foo": [2]}))


@pytest.mark.parametrize(
    "lat,lon,match",
    [
        (91, 135, r"lat = 91 is outside \[-90, 90\]"),
        (40, 360, r"lon = 360 is outside \[-180, 360\)"),
        (float("nan"), 135, r"lat = nan is missing"),
        ("north", 135, r"lat = 'north' is not a number"),
        (40, -180.5, r"lon = -180.5 is outside"),
    ],
)
def test_bad_coordinates_raise(lat, lon, match, synthetic_v10_zones):
    with pytest.raises(InputError, match=match):
        geo.check_point(lat=lat, lon=lon, zones=synthetic_v10_zones)


def test_bad_target():
    with pytest.raises(InputError, match="not an ISO 3166-1 alpha-3 code"):
        geo.check_point(lat=40, lon=135, target="Japan")


def test_result_is_frozen_and_serialisable(synthetic_v10_zones):
    import dataclasses
    import json

    r = geo.check_point(lat=39.0, lon=137.0, zones=synthetic_v10_zones)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.lat = 0  # type: ignore[misc]
    d = json.loads(json.dumps(r.to_dict()))
    assert d["sovereigns"] == ["JPN"] and d["in_target_eez"] is True
    assert "inside Japan's EEZ" in r.summary()


def test_bundled_default_names_rocks_as_nearest_territory(bundled_zones):
    """Okinotorishima is only a baseline point in the coastline data; it is still territory."""
    r = geo.check_point(lat=20.4, lon=136.1)
    assert r.data_source.startswith("eezcheck bundled zones")
    assert r.eez_status == "inside"
    assert r.nearest_territory.startswith("Okinotorishima")
    _, _, d = GEOD.inv(136.1, 20.4, 136.0806, 20.4253)
    assert r.nearest_territory_km == pytest.approx(d / 1000, abs=0.01)


def test_bundled_default_land_and_high_seas_pocket(bundled_zones):
    tokyo = geo.check_point(lat=35.68, lon=139.7)
    assert (tokyo.zone_type, tokyo.sovereigns, tokyo.eez_status) == ("land", ("JPN",), "inside")
    assert tokyo.nearest_territory_km == 0 and "on Japanese territory" in tokyo.summary()
    pocket = geo.check_point(lat=26.6, lon=136.09)
    assert (pocket.zone_type, pocket.eez_status) == ("high_seas", "outside")
    assert pocket.distance_to_target_eez_km < -50


def test_check_points_compare_with_other_data(synthetic_v10_path, bundled_zones):
    """compare= gives the verdict under a second data set beside the first, and flags differences."""
    res = geo.check_points(lat=[39.0, 30.0, 30.62], lon=[137.0, 124.0, 127.59], compare=synthetic_v10_path)
    assert list(res["eez_status"]) == ["inside", "outside", "inside"]  # bundled: no joint regime
    assert list(res["ref_eez_status"]) == ["inside", "outside", "disputed"]  # v10: Japan-Korea JDZ
    assert list(res["differs"]) == [False, False, True]
    assert res["ref_data_source"].iloc[0].startswith("Marine Regions")


def test_in_target_eez_fast_path_matches_check_points(synthetic_v10_zones):
    rng = np.random.default_rng(5)
    lat = rng.uniform(10, 52, (40, 50))
    lon = rng.uniform(110, 165, (40, 50))
    fast = geo.classify.in_target_eez(lat=lat, lon=lon, zones=synthetic_v10_zones)
    assert fast.shape == (40, 50) and fast.dtype == bool
    full = geo.check_points(lat=lat.ravel(), lon=lon.ravel(), zones=synthetic_v10_zones, distances=False)
    assert fast.ravel().tolist() == full["in_target_eez"].tolist()
    assert geo.classify.in_target_eez(lat=39.0, lon=137.0, zones=synthetic_v10_zones) is True
    with pytest.raises(InputError, match="lat = 95"):
        geo.classify.in_target_eez(lat=95, lon=137.0, zones=synthetic_v10_zones)


def test_target_must_own_some_zone(synthetic_v10_zones):
    with pytest.raises(InputError, match="no zone in this zone data belongs to it"):
        geo.check_point(lat=41.5, lon=137.8, target="XYZ", zones=synthetic_v10_zones)


def test_outside_the_bundled_region_is_unknown_not_high_seas(bundled_zones):
    paris = geo.check_point(lat=48.85, lon=2.35)
    assert (paris.zone_type, paris.eez_status) == ("unknown", "outside")
    assert "outside the zone data's region" in paris.zone_name
    assert geo.check_point(lat=30.0, lon=150.0).zone_type == "high_seas"  # inside the region


def test_lone_point_error_has_no_row_number():
    with pytest.raises(InputError) as exc:
        geo.check_point(lat=95, lon=137.8)
    assert "row" not in str(exc.value) and "lat = 95 is outside [-90, 90]" in str(exc.value)


def test_non_point_geometries_are_kept_as_bad_rows(synthetic_v10_zones):
    import geopandas as gpd

    g = gpd.GeoDataFrame(
        {"id": [1, 2, 3]},
        geometry=[shapely.Point(137.0, 39.0), None, shapely.LineString([(137, 39), (138, 40)])],
        crs=4326,
    )
    out = geo.check_points(g, zones=synthetic_v10_zones, errors="keep")
    assert list(out["id"]) == [1, 2, 3]
    assert out["error"].isna().tolist() == [True, False, False]
    assert list(out["error"][1:]) == ["geometry is missing, not a Point", "geometry is LineString, not a Point"]
    assert out["eez_status"].iloc[0] == "inside"
    with pytest.raises(InputError, match="row 1: geometry is missing, not a Point"):
        geo.check_points(g, zones=synthetic_v10_zones)


def test_a_second_lat_column_is_not_overwritten(synthetic_v10_zones):
    df = pd.DataFrame({"lat": [41.5], "latitude": [30.0], "lon": [137.8]})
    with pytest.raises(InputError, match="has a column 'lat' besides the latitude column 'latitude'"):
        geo.check_points(df, lat_col="latitude", zones=synthetic_v10_zones)


@pytest.mark.parametrize("target", ["JPN", "RUS"])
def test_disputed_island_is_disputed_for_every_claimant(target, synthetic_v12_zones):
    """An island that is a hole in an overlapping claim (the synthetic Habomai, in v12's Kuril
    claim listing JPN first) is land of both claimants, not the first-listed state's."""
    lat, lon = synthetic.POINTS["habomai"][0]
    r = geo.check_point(lat=lat, lon=lon, zones=synthetic_v12_zones, target=target)
    assert (r.zone_type, r.eez_status, set(r.sovereigns)) == ("land", "disputed", {"JPN", "RUS"})
    assert r.in_target_eez and r.distance_to_target_eez_km > 0


def test_input_columns_named_like_results_are_refused(synthetic_v10_zones):
    df = pd.DataFrame({"lat": [41.5], "lon": [137.8], "target": ["mine"], "error": ["mine too"]})
    with pytest.raises(InputError, match="'target', 'error' named like result columns"):
        geo.check_points(df, zones=synthetic_v10_zones)
    # a results table checked again is replaced in place, not refused
    again = geo.check_points(geo.check_points(df.drop(columns=["target", "error"]), zones=synthetic_v10_zones).drop(columns="geometry"), zones=synthetic_v10_zones)
    assert again["eez_status"].tolist() == ["inside"]


def test_coordinate_columns_named_lat_lon_are_checked_in_place(synthetic_v10_zones):
    """Numbers stay numbers and text stays text; a bad row keeps what it held; nothing else changes."""
    num = pd.DataFrame({"lat": [39.0, 95.0], "lon": [497.0 - 360, 137.0], "id": [1, 2]})
    out = geo.check_points(num, zones=synthetic_v10_zones, errors="keep")
    assert out["lat"].tolist() == [39.0, 95.0] and out["lon"].dtype == float and out["id"].tolist() == [1, 2]
    text = pd.DataFrame({"lat": ["39", "abc", "", "41.5"], "lon": ["137", "137.8", "", "200"]})
    out = geo.check_points(text, zones=synthetic_v10_zones, errors="keep")
    # Valid cells keep their spelling ("39"), a wrapped longitude is rewritten, bad cells stay as they were.
    assert out["lat"].tolist() == ["39", "abc", "", "41.5"] and out["lon"].tolist() == ["137", "137.8", "", "-160.0"]
    assert out["eez_status"].tolist()[0] == "inside" and out.geometry.x.tolist()[3] == -160.0
    assert text["lat"].tolist() == ["39", "abc", "", "41.5"]  # the input itself is not modified


def test_a_text_column_named_geometry_is_kept(synthetic_v10_zones):
    df = pd.DataFrame({"lat": [39.0], "lon": [137.0], "geometry": ["POINT (1 2)"]})
    out = geo.check_points(df, zones=synthetic_v10_zones)
    assert out["geometry"].tolist() == ["POINT (1 2)"]
    assert out.geometry.name == "point_geometry" and out.geometry.x.tolist() == [137.0]


def test_every_function_takes_the_same_zones_values(synthetic_v10_path, bundled_zones):
    """None, "bundled", a path (str or Path), a Zones: the same answers from every entry point."""
    from geo.compare import compare_point
    from geo.zones import load_zones

    specs = [None, "bundled", str(geo.zones.bundled_path()), geo.zones.bundled_path(), load_zones(None)]
    for spec in specs:
        r = geo.check_point(lat=30.62, lon=127.59, zones=spec)
        assert r.data_source.startswith("eezcheck bundled zones"), spec
        assert geo.check_points(lat=[30.62], lon=[127.59], zones=spec)["eez_status"].tolist() == [r.eez_status]
        assert geo.classify.in_target_eez(lat=30.62, lon=127.59, zones=spec) == r.in_target_eez
        assert compare_point(lat=30.62, lon=127.59, zones=spec, reference=synthetic_v10_path).result == r


@pytest.mark.parametrize("lat, lon, iso", [(39.03, 125.75, "PRK"), (39.9, 116.4, "CHN"), (37.56, 126.98, "KOR")])
def test_a_mainland_under_marine_regions_data_is_land_not_high_seas(synthetic_v10_path, lat, lon, iso):
    """Marine Regions EEZ layers hold no land and a mainland is no hole: the data layer adds the
    bundled land outside every polygon, so an inland city is its state's land."""
    from geo.classify import check_point

    r = check_point(lat=lat, lon=lon, zones=synthetic_v10_path)
    assert r.zone_type == "land" and r.sovereigns == (iso,)
    assert "bundled land layer" in r.zone_name
    assert r.eez_status == "outside"


# --------------------------------------------------------------------------- lean table (issue 14.2)


def test_lean_table_same_answers_without_geometry_and_with_chosen_columns(synthetic_v10_zones):
    rng = np.random.default_rng(7)
    lat, lon = rng.uniform(10, 52, 5000), rng.uniform(110, 165, 5000)
    full = geo.check_points(lat=lat, lon=lon, zones=synthetic_v10_zones, distances=False)
    lean = geo.check_points(lat=lat, lon=lon, zones=synthetic_v10_zones, distances=False, geometry=False)
    assert type(lean) is pd.DataFrame and "geometry" not in lean.columns
    pd.testing.assert_frame_equal(lean, pd.DataFrame(full.drop(columns="geometry")))
    # zone fields are codes into the zone table; the attribution is held once per table
    assert isinstance(lean["zone_name"].dtype, pd.CategoricalDtype)
    assert len(lean["data_source"].cat.categories) == 1
    assert lean.attrs["data_source"] == full.attrs["data_source"] == full["data_source"].iloc[0]
    some = geo.check_points(lat=lat, lon=lon, zones=synthetic_v10_zones, distances=False, geometry=False,
                            columns=["in_target_eez", "eez_status"])
    assert list(some.columns) == ["eez_status", "in_target_eez"]
    assert some["eez_status"].tolist() == full["eez_status"].tolist()
    with pytest.raises(InputError, match="not result columns"):
        geo.check_points(lat=lat, lon=lon, zones=synthetic_v10_zones, columns=["zone"])


def test_numeric_input_bad_value_named_as_a_number(synthetic_v10_zones):
    with pytest.raises(InputError, match=r"row 1: lat = 95.0 is outside"):
        geo.check_points(pd.DataFrame({"lat": [30.0, 95.0], "lon": [140.0, 140.0]}), zones=synthetic_v10_zones)


def test_nearest_territory_can_be_left_out(synthetic_v10_zones):
    lat, lon = [30.0, 41.5, 25.0], [140.0, 137.8, 124.0]
    full = geo.check_points(lat=lat, lon=lon, zones=synthetic_v10_zones)
    lean = geo.check_points(lat=lat, lon=lon, zones=synthetic_v10_zones, nearest_territory=False)
    assert lean["nearest_territory"].isna().all() and lean["nearest_territory_km"].isna().all()
    assert full["nearest_territory"].notna().all()
    np.testing.assert_array_equal(lean["distance_to_target_eez_km"], full["distance_to_target_eez_km"])
