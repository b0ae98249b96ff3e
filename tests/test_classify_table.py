"""The results table as a table: built without copies, yet independent of the caller's data and
of itself under writes (pandas copy-on-write), the input's own points reused, the same answers
whatever form the points come in. Synthetic zones (``tests/synthetic.py``)."""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geo

EMPTY_NUMBERS = ["distance_to_target_eez_km", "distance_to_target_eez_nm", "nearest_limit_lat", "nearest_limit_lon",
                 "nearest_territory_km", "nearest_territory_bearing"]


def _points(n, seed=3):
    rng = np.random.default_rng(seed)
    return rng.uniform(10, 52, n), rng.uniform(110, 165, n)


@pytest.mark.parametrize("geometry", [True, False])
def test_the_table_and_the_caller_s_arrays_do_not_write_into_each_other(synthetic_v10_zones, geometry):
    lat, lon = _points(50)
    lat0, lon0 = lat.copy(), lon.copy()
    out = geo.check_points(lat=lat, lon=lon, zones=synthetic_v10_zones, distances=False, geometry=geometry)
    out.loc[0, "lat"] = -1.0
    out.loc[1, "lon"] = -2.0
    np.testing.assert_array_equal(lat, lat0)
    np.testing.assert_array_equal(lon, lon0)
    lat[2] = 0.0
    assert out["lat"].iloc[2] == lat0[2]


def test_a_frame_s_columns_are_shared_but_never_written_through(synthetic_v10_zones):
    lat, lon = _points(40)
    df = pd.DataFrame({"lat": lat, "lon": lon, "v": np.arange(40.0), "s": ["x"] * 40})
    before = df.copy()
    out = geo.check_points(df, zones=synthetic_v10_zones, distances=False)
    out.loc[0, "v"] = -5.0
    out.loc[0, "lat"] = -5.0
    out["s"] = "changed"
    pd.testing.assert_frame_equal(df, before)
    df.loc[1, "v"] = 99.0
    assert out["v"].iloc[1] == 1.0


def test_empty_distance_fields_are_independent_columns(synthetic_v10_zones):
    """Without distances the empty fields share one array; a write to one is a write to it alone."""
    lat, lon = _points(30)
    out = geo.check_points(lat=lat, lon=lon, zones=synthetic_v10_zones, distances=False, geometry=False)
    assert all(out[c].dtype == np.float64 and out[c].isna().all() for c in EMPTY_NUMBERS)
    assert out["nearest_territory"].dtype == object and out["nearest_territory"].isna().all()
    out.loc[0, "nearest_limit_lat"] = 1.0
    out.iloc[1, out.columns.get_loc("distance_to_target_eez_km")] = 2.0
    out["nearest_territory_km"] += 3.0  # still NaN: NaN + 3
    out.fillna({"nearest_territory_bearing": 4.0}, inplace=True)
    out.loc[2, "nearest_territory"] = "Somewhere"
    assert out["nearest_limit_lat"].iloc[0] == 1.0 and out["nearest_limit_lat"].iloc[1:].isna().all()
    assert out["distance_to_target_eez_km"].iloc[1] == 2.0 and out["distance_to_target_eez_km"].drop(index=1).isna().all()
    assert out["nearest_territory_bearing"].eq(4.0).all()
    for c in ("distance_to_target_eez_nm", "nearest_limit_lon", "nearest_territory_km"):
        assert out[c].isna().all(), c
    assert out["nearest_territory"].notna().sum() == 1
    # a new table is not touched by the writes to the old one
    again = geo.check_points(lat=lat, lon=lon, zones=synthetic_v10_zones, distances=False, geometry=False)
    assert all(again[c].isna().all() for c in EMPTY_NUMBERS)


def test_a_geodataframe_s_own_points_are_reused_only_when_unchanged(synthetic_v10_zones):
    import geopandas as gpd

    lat, lon = _points(20)
    g = gpd.GeoDataFrame({"id": range(20)}, geometry=gpd.points_from_xy(lon, lat), crs=4326)
    out = geo.check_points(g, zones=synthetic_v10_zones, distances=False)
    assert all(a is b for a, b in zip(out.geometry.values, g.geometry.values))
    # a longitude in [180, 360) is wrapped: new points, at the checked coordinates
    lon2 = lon.copy()
    lon2[0] = 200.0
    g2 = gpd.GeoDataFrame({"id": range(20)}, geometry=gpd.points_from_xy(lon2, lat), crs=4326)
    out2 = geo.check_points(g2, zones=synthetic_v10_zones, distances=False)
    assert out2.geometry.iloc[0] is not g2.geometry.iloc[0]
    assert out2.geometry.iloc[0].x == out2["lon"].iloc[0] == -160.0
    np.testing.assert_array_equal(out2.geometry.x.iloc[1:], lon[1:])
    assert out2["eez_status"].tolist()[1:] == out["eez_status"].tolist()[1:]


@pytest.mark.parametrize("columns", [["id", "v"], ["v", "v"]])
def test_reused_points_are_not_written_through(synthetic_v10_zones, columns):
    """The input's own points are shared with the result, never its geometry column."""
    import geopandas as gpd
    import shapely

    frame = pd.DataFrame([[1, 2], [3, 4]], columns=columns, index=[5, 5])
    g = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy([137.0, 124.0], [39.0, 30.0]), crs=4326)
    g = g.rename_geometry("where")
    out = geo.check_points(g, zones=synthetic_v10_zones, distances=False)
    assert out.geometry.name == "geometry" and "where" not in out.columns
    assert out.geometry.iloc[1] is g.geometry.iloc[1]
    out.iloc[0, out.columns.get_loc("geometry")] = shapely.Point(1, 1)
    assert g.geometry.iloc[0].equals(shapely.Point(137, 39))
    again = geo.check_points(g, zones=synthetic_v10_zones, distances=False)
    g.iloc[1, g.columns.get_loc("where")] = shapely.Point(2, 2)
    assert again.geometry.iloc[1].equals(shapely.Point(124, 30))


@pytest.mark.parametrize("kw", [{}, {"geometry": False}, {"columns": ["eez_status"]}])
def test_the_input_s_attrs_are_kept_with_the_attribution(synthetic_v10_zones, kw):
    df = pd.DataFrame({"latitude": [30.0, 39.0], "longitude": [124.0, 137.0]})
    df.attrs["survey"] = "A-1"
    out = geo.check_points(df, zones=synthetic_v10_zones, distances=False, **kw)
    assert out.attrs["survey"] == "A-1"
    assert out.attrs["data_source"].startswith("synthetic") or out.attrs["data_source"]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_it_was(synthetic_v10_zones, enabled):
    lat, lon = _points(30)
    (gc.enable if enabled else gc.disable)()
    try:
        geo.check_points(lat=lat, lon=lon, zones=synthetic_v10_zones, distances=False)
        assert gc.isenabled() is enabled
        with pytest.raises(geo.errors.InputError):
            geo.check_points(lat=[95.0], lon=[140.0], zones=synthetic_v10_zones, distances=False)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


_coord = st.tuples(st.floats(-89.0, 89.0), st.floats(100.0, 200.0))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pts=st.lists(_coord, min_size=1, max_size=12), bad=st.sets(st.integers(0, 11)), dup=st.booleans())
def test_every_form_gives_each_point_s_own_verdict(synthetic_v10_zones, pts, bad, dup):
    """A frame (with extra columns, bad rows, a repeated index), arrays and one point at a time
    agree, row by row."""
    lat = [p[0] for p in pts]
    lon = [p[1] for p in pts]
    bad = {i for i in bad if i < len(pts)}
    lat_in = [95.0 if i in bad else v for i, v in enumerate(lat)]
    index = [0] * len(pts) if dup else list(range(100, 100 + len(pts)))
    df = pd.DataFrame({"k": range(len(pts)), "lat": lat_in, "lon": lon}, index=index)
    table = geo.check_points(df, zones=synthetic_v10_zones, distances=False, errors="keep")
    lean = geo.check_points(df, zones=synthetic_v10_zones, distances=False, errors="keep", geometry=False)
    assert list(table.index) == index and list(table["k"]) == list(range(len(pts)))
    pd.testing.assert_frame_equal(lean, pd.DataFrame(table.drop(columns="geometry")))
    for i, (la, lo) in enumerate(zip(lat_in, lon)):
        row = table.iloc[i]
        if i in bad:
            assert pd.isna(row["eez_status"]) and "outside [-90, 90]" in row["error"]
            assert row["lat"] == 95.0  # a bad row keeps its value
            continue
        one = geo.check_point(lat=la, lon=lo, zones=synthetic_v10_zones, distances=False)
        assert (row["zone_type"], row["eez_status"], bool(row["in_target_eez"])) == (one.zone_type, one.eez_status, one.in_target_eez)
        assert row["lon"] == one.lon and table.geometry.iloc[i].x == one.lon
        assert (None if pd.isna(row["mrgid"]) else int(row["mrgid"])) == one.mrgid


@pytest.mark.parametrize("errors", ["raise", "keep"])
def test_an_empty_point_geometry_is_a_bad_row_not_a_crash(errors):
    # POINT EMPTY is a Point to GEOS' type id but has no coordinates: shapely.get_x raised a
    # GEOSException out of check_points.
    import geopandas as gpd
    import shapely

    from geo.errors import InputError

    gdf = gpd.GeoDataFrame({"id": [7, 8, 9]}, geometry=[shapely.Point(139, 35), shapely.Point(), shapely.Point(140, 30)],
                           crs="EPSG:4326", index=[30, 20, 10])
    if errors == "raise":
        with pytest.raises(InputError, match="row 20: geometry is empty"):
            geo.check_points(gdf, distances=False)
        return
    res = geo.check_points(gdf, errors="keep")
    assert res.index.tolist() == [30, 20, 10] and res["id"].tolist() == [7, 8, 9]
    assert res.loc[20, "error"] == "geometry is empty, not a Point" and np.isnan(res.loc[20, "lat"])
    for i, (lon, lat) in {30: (139, 35), 10: (140, 30)}.items():
        one = geo.check_point(lat=lat, lon=lon)
        assert res.loc[i, "eez_status"] == one.eez_status and res.loc[i, "zone_type"] == one.zone_type
