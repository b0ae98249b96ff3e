"""Zone data catalog: names, the persisted default, multi-layer loading, the compiled cache."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
import shapely

from geo.zones import catalog
from geo.zones.download import DEFAULT_BBOX
from geo.errors import DataNotFoundError, InputError
from geo.zones import Zones
from tests.wfs_server import SYNTHETIC_12NM_BOX, SYNTHETIC_12NM_MRGID, TEST_BBOX, cache_files

# The shared fixtures (local WFS, private cache, session download), registered once per session.
pytest_plugins = ["tests.mr_fixtures"]


def test_default_is_bundled_and_missing_downloads_say_how_to_get_them(cache):
    assert catalog.default_name() == "bundled"
    assert catalog.resolve_zones(None) is None and catalog.resolve_zones("bundled") is None
    with pytest.raises(DataNotFoundError, match="eezcheck data download"):
        catalog.resolve_zones("marineregions")
    with pytest.raises(DataNotFoundError, match="eezcheck data download"):
        catalog.use("marineregions:eez")
    with pytest.raises(DataNotFoundError, match="marineregions"):
        catalog.resolve_zones("marineregons")  # a typo is not taken for a file name silently
    with pytest.raises(InputError, match="unknown Marine Regions layer"):
        catalog.resolve_zones("marineregions:eez_200nm")
    assert cache_files(cache) == []  # looking things up writes nothing


def test_names_resolve_to_downloaded_layers(downloaded, cache):
    from geo.zones import load_zones

    eez, twelve, empty = downloaded
    assert empty.path is None
    one = catalog.resolve_zones("marineregions:eez")
    # Downloads are compiled (repaired once) into the cache; the copy records where it came from.
    assert one.parent == cache / "compiled" and one.suffix == ".fgb"
    side = json.loads(one.with_suffix(".json").read_text())
    assert side["compiled_from"] == [str(eez.path.resolve())]
    z1 = load_zones(one)
    assert side["rows"] == len(z1)
    sea = z1.table[z1.table["zone_type"] != "land"]  # (the reader may add land rows from holes)
    assert len(sea) == eez.feature_count and set(sea["zone_type"]) <= {"eez", "overlapping_claim", "joint_regime"}
    assert z1.source.licence == "CC BY 4.0" and "version 12" in z1.source.attribution
    twelve_z = load_zones(catalog.resolve_zones("MarineRegions:eez_12nm"))
    assert list(twelve_z.table["zone_type"]) == ["territorial_sea"]

    both = catalog.resolve_zones("marineregions")
    z = load_zones(both)
    assert isinstance(z, Zones) and (z.table["zone_type"] != "land").sum() == eez.feature_count + twelve.feature_count
    assert set(z.table["zone_type"]) >= {"eez", "territorial_sea"}
    assert z.source.licence == "CC BY 4.0" and "Flanders Marine Institute" in z.source.attribution
    assert "layers eez + eez_12nm" in z.source.label
    assert catalog.resolve_zones("marineregions") == both  # reused, not rebuilt
    assert len(list((cache / "compiled").glob("*.fgb"))) == 3  # (compiled by the fixture, read-only)


def test_overlapping_layers_rank_territorial_sea_first(downloaded):
    from geo.classify import check_point

    w, s, e, n = SYNTHETIC_12NM_BOX
    lat, lon = (s + n) / 2, (w + e) / 2
    both = check_point(lat=lat, lon=lon, zones=catalog.resolve_zones("marineregions"))
    eez_only = check_point(lat=lat, lon=lon, zones=catalog.resolve_zones("marineregions:eez"))
    assert eez_only.zone_type == "eez" and eez_only.mrgid == 8487
    assert both.zone_type == "territorial_sea" and both.mrgid == SYNTHETIC_12NM_MRGID
    assert both.eez_status == eez_only.eez_status == "inside"


def test_use_persists_the_default(downloaded, cache, mr_v10_path):
    assert catalog.use("marineregions") == "marineregions"
    settings = json.loads(catalog.settings_path().read_text())
    assert settings == {"default": "marineregions"}
    assert catalog.settings_path().parent == cache
    assert catalog.resolve_zones(None) == catalog.resolve_zones("marineregions")
    assert [i.name for i in catalog.list_datasets() if i.default] == ["marineregions"]

    stored = catalog.use(mr_v10_path)
    assert stored == str(mr_v10_path.resolve())
    assert catalog.resolve_zones(None) == mr_v10_path.resolve()
    marked = [i for i in catalog.list_datasets() if i.default]
    assert len(marked) == 1 and marked[0].kind == "file" and marked[0].path == stored

    with pytest.raises(DataNotFoundError, match="does not exist"):
        catalog.use(cache / "nope.gpkg")
    assert catalog.default_name() == stored  # a refused choice changes nothing
    catalog.use("bundled")
    assert catalog.resolve_zones(None) is None


def test_vanished_default_file_is_a_clear_error(cache, tmp_path, mr_v10_path):
    f = tmp_path / "mine.shp"
    for ext in (".shp", ".shx", ".dbf", ".prj"):
        f.with_suffix(ext).write_bytes(mr_v10_path.with_suffix(ext).read_bytes())
    catalog.use(f)
    for ext in (".shp", ".shx", ".dbf", ".prj"):
        f.with_suffix(ext).unlink()
    with pytest.raises(DataNotFoundError, match="eezcheck data use"):
        catalog.resolve_zones(None)


def test_damaged_settings_file_is_a_clear_error(cache):
    cache.mkdir(parents=True)
    catalog.settings_path().write_text("{not json")
    with pytest.raises(Exception, match="settings file is not valid JSON"):
        catalog.resolve_zones(None)


def test_list_datasets_reports_sidecar_facts(downloaded, mr_v10_path):
    import geopandas as gpd

    infos = {i.name: i for i in catalog.list_datasets(extra=[mr_v10_path])}
    eez, twelve, _ = downloaded
    assert set(infos) >= {"bundled", "marineregions", "marineregions:eez", "marineregions:eez_12nm"}
    assert "marineregions:eez_24nm" not in infos  # nothing was saved for an empty layer
    mr = infos["marineregions"]
    assert mr.layers == ("eez", "eez_12nm") and mr.feature_count == eez.feature_count + twelve.feature_count
    assert infos["marineregions:eez"].feature_count == eez.feature_count
    assert mr.licence == "CC BY 4.0" and mr.date == eez.metadata["retrieved"][:10] and "v12" in mr.edition
    assert infos["bundled"].kind == "bundled" and infos["bundled"].default
    given = infos[str(mr_v10_path)]
    assert given.kind == "file" and given.feature_count == len(gpd.read_file(mr_v10_path)) and "v10" in given.edition
    assert all(isinstance(i.to_dict(), dict) for i in infos.values())


# --------------------------------------------------------------------------- compiled cache


@pytest.fixture
def big(monkeypatch, cache):
    """Treat every file as big, so the compiled cache is used for the small test extracts."""
    monkeypatch.setattr(catalog, "BIG_FILE_BYTES", 0)


def test_big_file_is_read_for_the_region_and_cached_on_disk(big, cache, mr_v12_path):
    import geopandas as gpd

    from geo.zones import read_zones

    first = catalog.resolve_zones(mr_v12_path, bbox=TEST_BBOX)
    assert first == catalog.compiled_path(mr_v12_path, bbox=TEST_BBOX)
    assert first.exists() and first.with_suffix(".json").exists() and first.parent == cache / "compiled"
    assert not [p for p in first.parent.iterdir() if p.name.startswith(".")]  # no temporaries left
    z = read_zones(first)
    # Only the features meeting the region were kept, and the answers say so.
    full = gpd.read_file(mr_v12_path)
    sea = z.table[z.table["zone_type"] != "land"]
    assert 0 < len(sea) < len(full)
    assert shapely.intersects(sea.geometry.values, shapely.box(*TEST_BBOX)).all()
    assert "region 122,24,141,40 only" in z.source.label and "v12" in z.source.label
    assert "CC BY 4.0" in z.source.label
    # Repaired once: the extract's invalid rings are valid in the copy, same as a direct read.
    assert (~full.geometry.is_valid).sum() > 0
    assert shapely.is_valid(z.table.geometry.values).all()
    direct = read_zones(mr_v12_path, bbox=TEST_BBOX)
    assert list(z.table["mrgid"]) == list(direct.table["mrgid"])
    assert list(z.table["sovereigns"]) == list(direct.table["sovereigns"])
    assert list(z.table["zone_type"]) == list(direct.table["zone_type"])
    assert shapely.equals(z.table.geometry.values, direct.table.geometry.values).all()

    mtime = first.stat().st_mtime_ns
    assert catalog.resolve_zones(mr_v12_path, bbox=TEST_BBOX) == first and first.stat().st_mtime_ns == mtime  # reused
    # Without a bbox, a big file is cut to the region that can meet Japan's zones.
    assert catalog.compiled_path(mr_v12_path, bbox=DEFAULT_BBOX) != first

    from geo.classify import check_points

    lat, lon = [30.0, 35.0, 39.0], [140.0, 125.0, 133.0]
    a = check_points(lat=lat, lon=lon, zones=first)
    b = check_points(lat=lat, lon=lon, zones=direct)
    assert list(a["eez_status"]) == list(b["eez_status"]) == ["inside", "outside", "outside"]
    assert np.allclose(a["distance_to_target_eez_km"], b["distance_to_target_eez_km"])


def test_compiled_cache_key_follows_the_file_and_the_region(big, cache, mr_v10_path, tmp_path):
    copy = tmp_path / "eez_v10.shp"
    for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):  # a temporary copy, deleted after the test
        copy.with_suffix(ext).write_bytes(mr_v10_path.with_suffix(ext).read_bytes())
    k1 = catalog.compiled_path(copy, bbox=DEFAULT_BBOX)
    assert catalog.compiled_path(copy, bbox=(120, 20, 150, 50)) != k1
    first = catalog.resolve_zones(copy)
    assert first == k1
    os.utime(copy, ns=(copy.stat().st_atime_ns, copy.stat().st_mtime_ns + 10**9))
    second = catalog.resolve_zones(copy)
    assert second != k1  # an edited file is not served stale …
    assert not first.exists() and second.exists()  # … and its old copy is pruned


def test_damaged_compiled_entry_is_rebuilt(big, cache, mr_v10_path, capsys):
    entry = catalog.resolve_zones(mr_v10_path)
    good = entry.read_bytes()
    entry.write_bytes(good[: len(good) // 2])  # truncated
    again = catalog.resolve_zones(mr_v10_path)
    assert again == entry and "ignoring damaged zone cache" in capsys.readouterr().err
    assert entry.read_bytes() == good


def test_resolving_a_compiled_name_does_not_import_pandas(downloaded, cache, monkeypatch, tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from geo.zones.catalog import resolve_zones; p = resolve_zones('marineregions'); "
        "print(p); print('pandas' in sys.modules, 'geo.zones.readers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    path, flags = out.stdout.split("\n")[:2]
    assert path == str(catalog.resolve_zones("marineregions")) and flags == "False False"


def test_bundled_path_shortcut_agrees_with_geo_zones(monkeypatch, tmp_path):
    import subprocess
    import sys

    from geo.zones import bundled_path

    code = "from geo.zones import catalog; print(catalog._bundled_file())"
    for env in ({}, {"EEZCHECK_ZONES": str(tmp_path / "z.shp")}):
        for k in ("EEZCHECK_ZONES",):
            monkeypatch.delenv(k, raising=False)
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == str(bundled_path())


def test_small_files_are_passed_through(cache, mr_v10_path):
    assert catalog.resolve_zones(str(mr_v10_path)) == mr_v10_path
    assert not (cache / "compiled").exists()
