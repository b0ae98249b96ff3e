"""Zone-table readers: schemas, formats, validation errors.

The readers' logic is tested on the synthetic Marine Regions files (``tests/synthetic.py``);
the real reference extracts only confirm that both real editions read to the same facts.
"""

from __future__ import annotations

import json
import zipfile

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.errors import DataNotFoundError, ZoneDataError
from geo.zones import ZONE_TYPES, load_zones, read_zones


def _subset(zones_path, mrgids, tmp_path, name="eez_v11.gpkg", lower=False, crs=None, **kw):
    """A small Marine Regions-like file in tmp_path, some features of a (synthetic) zone file."""
    src = gpd.read_file(zones_path)
    col = "MRGID" if "MRGID" in src.columns else "mrgid"
    sub = src[src[col].isin(mrgids)].copy()
    if lower:
        sub.columns = [c.lower() if c != "geometry" else c for c in sub.columns]
    if crs is not None:
        sub = sub.to_crs(crs)
    out = tmp_path / name
    sub.to_file(out, **kw)
    return out


def test_v10_schema(synthetic_v10_zones):
    t = synthetic_v10_zones.table
    assert set(t["zone_type"]) <= set(ZONE_TYPES)
    row = t[t.mrgid == 48955].iloc[0]
    # v10 says "Disputed" where v11+ say "Overlapping claim".
    assert row.zone_type == "overlapping_claim" and row.sovereigns == ("JPN", "KOR")
    guam = t[t.mrgid == 48957].iloc[0]
    assert guam.sovereigns == ("USA",)  # resolved from the sovereign's name: v10 has no ISO_SOV
    assert t.crs.to_epsg() == 4326
    assert shapely.is_valid(t.geometry.values).all()
    assert "v10" in synthetic_v10_zones.source.edition


def test_v12_lower_case_and_repaired(synthetic_v12_path, synthetic_v12_zones):
    assert not gpd.read_file(synthetic_v12_path).geometry.is_valid.all()  # (bow-ties to repair)
    t = synthetic_v12_zones.table
    assert shapely.is_valid(t.geometry.values).all()
    senkaku = t[t.mrgid == 48954].iloc[0]
    assert senkaku.zone_type == "overlapping_claim"
    assert set(senkaku.sovereigns) == {"JPN", "CHN", "TWN"}
    jr = t[t.mrgid == 21796].iloc[0]
    assert jr.zone_type == "joint_regime" and set(jr.sovereigns) == {"JPN", "KOR"}
    assert synthetic_v12_zones.source.licence == "CC BY 4.0"
    assert "10.14284/632" in synthetic_v12_zones.source.attribution


def test_the_real_extracts_read_to_the_same_facts(mr_v10_zones, mr_v12_zones):
    """Both real editions: every type known, valid polygons, the Japan-related claims and parties."""
    for z in (mr_v10_zones, mr_v12_zones):
        t = z.table
        assert set(t["zone_type"]) <= set(ZONE_TYPES) and shapely.is_valid(t.geometry.values).all()
        claims = {m: (t[t.mrgid == m].iloc[0].zone_type, set(t[t.mrgid == m].iloc[0].sovereigns)) for m in (48950, 48954, 48955, 21796)}
        assert claims == {
            48950: ("overlapping_claim", {"JPN", "RUS"}),
            48954: ("overlapping_claim", {"JPN", "CHN", "TWN"}),
            48955: ("overlapping_claim", {"JPN", "KOR"}),
            21796: ("joint_regime", {"JPN", "KOR"}),
        }
    assert mr_v10_zones.table.query("mrgid == 48957").iloc[0].sovereigns == ("USA",)


@pytest.mark.parametrize("lower", [False, True])
def test_gpkg_any_case_and_reprojected(synthetic_v10_path, tmp_path, lower):
    p = _subset(synthetic_v10_path, [8487, 8327], tmp_path, lower=lower, crs=3857, driver="GPKG")
    z = read_zones(p)
    assert z.table.crs.to_epsg() == 4326
    assert sorted(z.table["mrgid"].dropna().tolist()) == [8327, 8487]
    assert z.source.edition.startswith("v11")  # from the file name
    b = z.table.total_bounds
    assert 120 < b[0] < 130 and 150 < b[2] < 160  # degrees again, not metres


def test_geojson_and_zip(synthetic_v10_path, tmp_path):
    p = _subset(synthetic_v10_path, [8487], tmp_path, name="eez.geojson", driver="GeoJSON")
    sea = read_zones(p).table.query("zone_type != 'land'")
    assert len(sea) == 1
    shp = _subset(synthetic_v10_path, [8487], tmp_path, name="eez.shp")
    zpath = tmp_path / "World_EEZ_v12_20231025.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for f in tmp_path.glob("eez.*"):
            if f.suffix != ".geojson":
                zf.write(f, arcname=f"World_EEZ_v12/{f.name}")
    z = read_zones(zpath)
    assert z.table["mrgid"].dropna().tolist() == [8487]


def test_bbox_reads_only_the_region(synthetic_v10_path):
    box = (125, 30, 135, 40)
    z = read_zones(synthetic_v10_path, bbox=box)
    sea = z.table.query("zone_type != 'land'")
    every = gpd.read_file(synthetic_v10_path)
    meeting = every[every.intersects(shapely.box(*box))]
    assert 0 < len(meeting) < len(every)
    assert sorted(sea["mrgid"]) == sorted(meeting["MRGID"]) and 8487 in set(sea["mrgid"])


def test_12nm_layer_types(tmp_path):
    g = gpd.GeoDataFrame(
        {
            "MRGID": [1, 2],
            "GEONAME": ["Japanese Territorial Sea (12NM)", "Japanese Contiguous Zone (24NM)"],
            "POL_TYPE": ["12NM", "24NM"],
            "ISO_SOV1": ["JPN", "JPN"],
        },
        geometry=[shapely.box(135, 35, 136, 36), shapely.box(136, 35, 137, 36)],
        crs=4326,
    )
    p = tmp_path / "eez_12nm_v12.gpkg"
    g.to_file(p)
    t = read_zones(p).table
    # The layer's own rows, in order; the land its polygons reach comes after them, from the
    # bundled land layer (a Marine Regions layer has no land of its own).
    assert t["zone_type"].tolist()[:2] == ["territorial_sea", "contiguous_zone"]
    assert set(t["zone_type"].tolist()[2:]) <= {"land"} and t["name"].tolist()[2:] == [
        n for n in t["name"].tolist()[2:] if n.endswith("(bundled land layer)")]


def test_invalid_geometry_is_repaired(tmp_path):
    bowtie = shapely.Polygon([(130, 30), (131, 31), (131, 30), (130, 31)])
    g = gpd.GeoDataFrame({"geoname": ["x"], "iso_sov1": ["JPN"], "pol_type": ["200NM"]}, geometry=[bowtie], crs=4326)
    p = tmp_path / "bow.geojson"
    g.to_file(p)
    z = read_zones(p)
    assert shapely.is_valid(z.table.geometry.values).all()
    assert z.table.geometry.iloc[0].area == pytest.approx(0.5)


@pytest.mark.parametrize(
    "make,match",
    [
        (lambda p: p.write_text(""), "cannot read it as a vector file|no features"),
        (lambda p: p.write_text("not json at all"), "cannot read it as a vector file"),
        (
            lambda p: p.write_text(json.dumps({"type": "FeatureCollection", "features": []})),
            "no features",
        ),
        (
            lambda p: gpd.GeoDataFrame({"foo": [1]}, geometry=[shapely.box(0, 0, 1, 1)], crs=4326).to_file(p),
            "unknown schema",
        ),
        (
            lambda p: gpd.GeoDataFrame({"geoname": ["x"]}, geometry=[shapely.box(0, 0, 1, 1)], crs=4326).to_file(p),
            "ISO_SOV1 or SOVEREIGN1 missing",
        ),
        (
            lambda p: gpd.GeoDataFrame(
                {"zone_type": ["sea"], "sovereigns": ["JPN"], "name": ["x"]}, geometry=[shapely.box(0, 0, 1, 1)], crs=4326
            ).to_file(p),
            "field zone_type has unknown value",
        ),
    ],
)
def test_bad_files_name_the_file_and_problem(tmp_path, make, match):
    p = tmp_path / "bad.geojson"
    make(p)
    with pytest.raises(ZoneDataError, match=match) as exc:
        read_zones(p)
    assert str(p) in str(exc.value)


def test_no_crs_is_an_error(tmp_path):
    g = gpd.GeoDataFrame({"geoname": ["x"], "iso_sov1": ["JPN"]}, geometry=[shapely.box(0, 0, 1, 1)])
    p = tmp_path / "nocrs.shp"
    g.to_file(p)
    with pytest.raises(ZoneDataError, match="no coordinate reference system"):
        read_zones(p)


def test_missing_file():
    with pytest.raises(DataNotFoundError, match="does not exist"):
        load_zones("/nonexistent/eez.shp")


def test_load_is_cached(synthetic_v10_path):
    assert load_zones(synthetic_v10_path) is load_zones(str(synthetic_v10_path))


def test_native_schema_roundtrip(tmp_path):
    g = gpd.GeoDataFrame(
        {"zone_type": ["eez", "overlapping_claim"], "sovereigns": ["JPN", "JPN;KOR"], "name": ["a", "b"], "mrgid": [8487, None]},
        geometry=[shapely.box(130, 30, 131, 31), shapely.box(131, 30, 132, 31)],
        crs=4326,
    )
    p = tmp_path / "zones.shp"
    g.to_file(p)
    (tmp_path / "zones.json").write_text(json.dumps({"dataset": "test zones", "edition": "1", "licence": "CC0", "attribution": "me"}))
    z = read_zones(p)
    assert z.table["sovereigns"].tolist() == [("JPN",), ("JPN", "KOR")]
    assert z.table["mrgid"].isna().tolist() == [False, True]
    assert z.source.dataset == "test zones" and "licence CC0" in z.source.label
    assert np.all(z.table["source"] == z.source.label)


def test_islands_become_land_rows(synthetic_v10_zones):
    """Marine Regions leaves land out: the holes of its EEZ polygons that are land become rows."""
    t = synthetic_v10_zones.table
    land = t[t.zone_type == "land"]
    assert len(land) > 0 and land["mrgid"].isna().all()
    honshu = shapely.Point(138.5, 36.0)
    hit = land[land.geometry.covers(honshu)]
    assert len(hit) == 1 and hit.iloc[0].sovereigns == ("JPN",)
    assert hit.iloc[0]["name"] == "Japan (land left out of its EEZ polygon)"


def test_a_table_without_geometry_is_not_a_zone_file(tmp_path):
    p = tmp_path / "points.csv"
    p.write_text("lat,lon\n1,2\n")
    with pytest.raises(ZoneDataError, match="no geometry in it"):
        read_zones(p)


def test_a_hole_holding_another_zone_is_not_land(synthetic_v12_zones):
    """Saint-Pierre-et-Miquelon's EEZ sits in a hole of Canada's: it stays French sea."""
    import geo

    r = geo.check_point(lat=45.45, lon=-56.30, zones=synthetic_v12_zones, target="FRA")
    assert (r.zone_type, r.eez_status, r.mrgid) == ("eez", "inside", 8494)
    island = geo.check_point(lat=46.9, lon=-56.3, zones=synthetic_v12_zones, target="FRA")
    assert (island.zone_type, island.eez_status) == ("land", "inside")


def test_which_holes_are_land(synthetic_v10_zones, tmp_path):
    """A hole is land where it meets the bundled land or is small; a large hole over open sea
    (a high-seas pocket) is not land."""
    import geo
    from geo.zones.readers import SMALL_HOLE_KM2
    from tests import synthetic

    z = synthetic_v10_zones
    lat, lon = synthetic.POINTS["pocket"][0]
    assert geo.check_point(lat=lat, lon=lon, zones=z).zone_type == "high_seas"
    assert not z.table.geometry.covers(shapely.Point(lon, lat)).any()
    # Two more holes over open sea south of Honshu: one small (an islet the coastline misses), one not.
    f = synthetic.frame("v10")
    small, large = shapely.box(137.0, 31.0, 137.1, 31.1), shapely.box(141.0, 29.0, 142.0, 30.0)
    for hole in (small, large):
        km2 = synthetic.area_km2(hole)
        assert (km2 < SMALL_HOLE_KM2) == (hole is small)
    jpn = f.index[f["MRGID"] == 8487][0]
    f.loc[jpn, "geometry"] = shapely.difference(f.geometry[jpn], shapely.union(small, large))
    p = tmp_path / "eez_v10_holes.shp"
    f.to_file(p)
    t = read_zones(p).table
    assert t[t.geometry.covers(small.centroid)]["zone_type"].tolist() == ["land"]
    assert t[t.geometry.covers(large.centroid)].empty
