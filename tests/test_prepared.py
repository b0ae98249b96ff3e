"""Prepared copies of big zone files and downloads (geo.zones.prepared): region cut, repaired once,
kept on disk, keyed on the files and the region, rebuilt when damaged."""

from __future__ import annotations

import os

import numpy as np
import pytest
import shapely

from geo.zones import catalog, prepared
from geo.zones.marineregions import DEFAULT_BBOX
from tests.wfs_server import TEST_BBOX

# The shared fixtures (private cache …), registered once per session.
pytest_plugins = ["tests.mr_fixtures"]


@pytest.fixture
def big(monkeypatch, cache):
    """Treat every file as big, so the small test extracts go through prepared copies."""
    monkeypatch.setattr(catalog, "BIG_FILE_BYTES", 0)


def test_big_file_is_read_for_the_region_and_cached_on_disk(big, cache, synthetic_v12_path):
    import geopandas as gpd

    from geo.zones import read_zones

    first = catalog.resolve_zones(synthetic_v12_path, bbox=TEST_BBOX)
    assert first == prepared.prepared_path(synthetic_v12_path, bbox=TEST_BBOX)
    assert first.exists() and first.with_suffix(".json").exists() and first.parent == cache / "prepared"
    assert not [p for p in first.parent.iterdir() if p.name.startswith(".")]  # no temporaries left
    z = read_zones(first)
    # Only the features meeting the region were kept, and the answers say so.
    full = gpd.read_file(synthetic_v12_path)
    sea = z.table[z.table["zone_type"] != "land"]
    assert 0 < len(sea) < len(full)
    assert shapely.intersects(sea.geometry.values, shapely.box(*TEST_BBOX)).all()
    assert "region 122,24,141,40 only" in z.source.label and "v12" in z.source.label
    assert "CC BY 4.0" in z.source.label
    # Repaired once: the extract's invalid rings are valid in the copy, same as a direct read.
    assert (~full.geometry.is_valid).sum() > 0
    assert shapely.is_valid(z.table.geometry.values).all()
    direct = read_zones(synthetic_v12_path, bbox=TEST_BBOX)
    assert list(z.table["mrgid"]) == list(direct.table["mrgid"])
    assert list(z.table["sovereigns"]) == list(direct.table["sovereigns"])
    assert list(z.table["zone_type"]) == list(direct.table["zone_type"])
    assert shapely.equals(z.table.geometry.values, direct.table.geometry.values).all()

    mtime = first.stat().st_mtime_ns
    assert catalog.resolve_zones(synthetic_v12_path, bbox=TEST_BBOX) == first and first.stat().st_mtime_ns == mtime  # reused
    # Without a bbox, a big file is cut to the region that can meet Japan's zones.
    assert prepared.prepared_path(synthetic_v12_path, bbox=DEFAULT_BBOX) != first

    from geo.classify import check_points

    lat, lon = [30.0, 35.0, 39.0], [140.0, 125.0, 133.0]
    a = check_points(lat=lat, lon=lon, zones=first)
    b = check_points(lat=lat, lon=lon, zones=direct)
    assert list(a["eez_status"]) == list(b["eez_status"]) == ["inside", "outside", "outside"]
    assert np.allclose(a["distance_to_target_eez_km"], b["distance_to_target_eez_km"])


def test_prepared_copy_key_follows_the_file_and_the_region(big, cache, synthetic_v10_path, tmp_path):
    copy = tmp_path / "eez_v10.shp"
    for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):  # a temporary copy, deleted after the test
        copy.with_suffix(ext).write_bytes(synthetic_v10_path.with_suffix(ext).read_bytes())
    k1 = prepared.prepared_path(copy, bbox=DEFAULT_BBOX)
    assert prepared.prepared_path(copy, bbox=(120, 20, 150, 50)) != k1
    first = catalog.resolve_zones(copy)
    assert first == k1
    os.utime(copy, ns=(copy.stat().st_atime_ns, copy.stat().st_mtime_ns + 10**9))
    second = catalog.resolve_zones(copy)
    assert second != k1  # an edited file is not served stale …
    assert not first.exists() and second.exists()  # … and its old copy is pruned


def test_damaged_prepared_copy_is_rebuilt(big, cache, synthetic_v10_path, capsys):
    entry = catalog.resolve_zones(synthetic_v10_path)
    good = entry.read_bytes()
    entry.write_bytes(good[: len(good) // 2])  # truncated
    again = catalog.resolve_zones(synthetic_v10_path)
    assert again == entry and "ignoring damaged prepared zone copy" in capsys.readouterr().err
    assert entry.read_bytes() == good
