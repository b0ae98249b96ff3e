"""What a zone file's features must be (geo.zones.file_checks); the hostile files themselves are in
tests/test_hostile.py (zones room block)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geo.errors import ZoneDataError
from geo.zones.file_checks import checked_features, feature_names, mrgids, polygonal

P = Path("zones.gpkg")


def _frame(geoms, crs=4326, **fields):
    return gpd.GeoDataFrame(fields, geometry=list(geoms), crs=crs)


def test_mrgids_take_whole_numbers_in_any_spelling():
    g = _frame([shapely.box(0, 0, 1, 1)] * 5, mrgid=["8487", 8487.0, None, "", float("nan")])
    assert mrgids(g, P).tolist()[:2] == [8487, 8487] and mrgids(g, P).isna().tolist() == [False, False, True, True, True]


@pytest.mark.parametrize("value", ["abc", 8487.5, "84 87"])
def test_mrgids_refuse_what_is_not_a_whole_number(value):
    g = _frame([shapely.box(0, 0, 1, 1)] * 2, mrgid=[1, value], name=["a", "b"])
    with pytest.raises(ZoneDataError, match=r"field mrgid must be a whole number.*feature fid=1 \(mrgid .*'b'\)"):
        mrgids(g, P)


def test_features_are_named_by_id_mrgid_and_name():
    g = _frame([shapely.box(0, 0, 1, 1)] * 7, mrgid=list(range(7)), geoname=[f"z{i}" for i in range(7)])
    assert feature_names(g, [0]) == "feature fid=0 (mrgid 0, 'z0')"
    assert feature_names(g, range(7)).endswith("feature fid=4 (mrgid 4, 'z4') and 2 more")


def test_a_projected_file_is_reprojected_and_then_checked():
    g = _frame([shapely.box(15_000_000, 4_000_000, 15_100_000, 4_100_000)], crs=3857, name=["far east"])
    out = checked_features(g, P)
    assert out.crs.to_epsg() == 4326 and 134 < out.total_bounds[0] < 136
    with pytest.raises(ZoneDataError, match="labelled EPSG:4326"):
        checked_features(g.set_crs(4326, allow_override=True), P)


def test_a_collection_keeps_its_polygons():
    coll = shapely.GeometryCollection([shapely.box(0, 0, 1, 1), shapely.LineString([(2, 2), (3, 3)])])
    out = checked_features(_frame([coll]), P)
    assert out.geometry.iloc[0].geom_type == "Polygon" and polygonal(None).is_empty
