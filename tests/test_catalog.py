"""Zone data catalog: names, the persisted default, resolving and loading every zones= value."""

from __future__ import annotations

import json

import pytest

from geo._files import bundled_path
from geo.errors import DataNotFoundError, InputError
from geo.zones import Zones, catalog
from tests.wfs_server import SYNTHETIC_12NM_BOX, SYNTHETIC_12NM_MRGID, cache_files

# The shared fixtures (local WFS, private cache, session download), registered once per session.
pytest_plugins = ["tests.mr_fixtures"]


def test_default_is_bundled_and_missing_downloads_say_how_to_get_them(cache):
    assert catalog.default_name() == "bundled"
    assert catalog.resolve_zones(None) == catalog.resolve_zones("bundled") == bundled_path()
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
    # Downloads are prepared (repaired once) into the cache; the copy records where it came from.
    assert one.parent == cache / "prepared" and one.suffix == ".fgb"
    side = json.loads(one.with_suffix(".json").read_text())
    assert side["prepared_from"] == [str(eez.path.resolve())]
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
    assert load_zones("marineregions") is z and load_zones("MarineRegions:eez") is z1  # names load directly too
    assert len(list((cache / "prepared").glob("*.fgb"))) == 3  # (prepared by the fixture, read-only)


def test_overlapping_layers_rank_territorial_sea_first(downloaded):
    from geo.classify import check_point

    w, s, e, n = SYNTHETIC_12NM_BOX
    lat, lon = (s + n) / 2, (w + e) / 2
    both = check_point(lat=lat, lon=lon, zones=catalog.resolve_zones("marineregions"))
    eez_only = check_point(lat=lat, lon=lon, zones=catalog.resolve_zones("marineregions:eez"))
    assert eez_only.zone_type == "eez" and eez_only.mrgid == 8487
    assert both.zone_type == "territorial_sea" and both.mrgid == SYNTHETIC_12NM_MRGID
    assert both.eez_status == eez_only.eez_status == "inside"


def test_use_persists_the_default(downloaded, cache, synthetic_v10_path):
    assert catalog.use("marineregions") == "marineregions"
    settings = json.loads(catalog.settings_path().read_text())
    assert settings == {"default": "marineregions"}
    assert catalog.settings_path().parent == cache
    assert catalog.resolve_zones(None) == catalog.resolve_zones("marineregions")
    assert [i.name for i in catalog.list_datasets() if i.default] == ["marineregions"]

    stored = catalog.use(synthetic_v10_path)
    assert stored == str(synthetic_v10_path.resolve())
    assert catalog.resolve_zones(None) == synthetic_v10_path.resolve()
    marked = [i for i in catalog.list_datasets() if i.default]
    assert len(marked) == 1 and marked[0].kind == "file" and marked[0].path == stored

    with pytest.raises(DataNotFoundError, match="does not exist"):
        catalog.use(cache / "nope.gpkg")
    assert catalog.default_name() == stored  # a refused choice changes nothing
    catalog.use("bundled")
    assert catalog.resolve_zones(None) == bundled_path()


def test_vanished_default_file_is_a_clear_error(cache, tmp_path, synthetic_v10_path):
    f = tmp_path / "mine.shp"
    for ext in (".shp", ".shx", ".dbf", ".prj"):
        f.with_suffix(ext).write_bytes(synthetic_v10_path.with_suffix(ext).read_bytes())
    catalog.use(f)
    for ext in (".shp", ".shx", ".dbf", ".prj"):
        f.with_suffix(ext).unlink()
    with pytest.raises(DataNotFoundError, match="eezcheck data use"):
        catalog.resolve_zones(None)


def test_damaged_settings_file_falls_back_to_bundled_with_one_warning(cache, capsys):
    cache.mkdir(parents=True)
    catalog.settings_path().write_text("{not json")
    assert catalog.resolve_zones(None) == bundled_path()
    assert catalog.default_name() == "bundled"
    err = capsys.readouterr().err
    assert err.count("warning: ignoring the damaged settings file") == 1 and "eezcheck data use bundled" in err


def test_list_datasets_reports_sidecar_facts(downloaded, synthetic_v10_path):
    import geopandas as gpd

    infos = {i.name: i for i in catalog.list_datasets(extra=[synthetic_v10_path])}
    eez, twelve, _ = downloaded
    assert set(infos) >= {"bundled", "marineregions", "marineregions:eez", "marineregions:eez_12nm"}
    assert "marineregions:eez_24nm" not in infos  # nothing was saved for an empty layer
    mr = infos["marineregions"]
    assert mr.layers == ("eez", "eez_12nm") and mr.feature_count == eez.feature_count + twelve.feature_count
    assert infos["marineregions:eez"].feature_count == eez.feature_count
    assert mr.licence == "CC BY 4.0" and mr.retrieved == eez.metadata["retrieved"][:10] and "v12" in mr.edition
    assert infos["bundled"].kind == "bundled" and infos["bundled"].default
    given = infos[str(synthetic_v10_path)]
    assert given.kind == "file" and given.feature_count == len(gpd.read_file(synthetic_v10_path)) and "v10" in given.edition
    assert all(isinstance(i.to_dict(), dict) for i in infos.values())


def test_resolving_a_prepared_name_does_not_import_pandas(downloaded, cache, monkeypatch, tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from geo.zones.catalog import resolve_zones; p = resolve_zones('marineregions'); "
        "print(p); print('pandas' in sys.modules, 'geopandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    path, flags = out.stdout.split("\n")[:2]
    assert path == str(catalog.resolve_zones("marineregions")) and flags == "False False"


def test_small_files_are_passed_through(cache, synthetic_v10_path):
    assert catalog.resolve_zones(str(synthetic_v10_path)) == synthetic_v10_path
    assert not (cache / "prepared").exists()
