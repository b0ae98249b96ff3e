"""The compiled zone index (geo.index.cache): grid answers equal the exact test everywhere, the
on-disk cache round-trips and follows the data, and 'eezcheck point' uses it without pandas."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
import shapely

from geo.index.cache import SUB, bundled_zone_path, cached_line, index_for_path
from geo.index import ZoneIndex


def _boundary_points(geoms, grid, rng, k):
    """Points on and next to the polygons' edges and the grid's own lines."""
    rings = shapely.get_rings(shapely.get_parts(geoms))
    c = shapely.get_coordinates(rings)
    i = rng.choice(len(c) - 1, min(k, len(c) - 1), replace=False)
    a, b = c[i], c[i + 1]
    t = rng.uniform(0, 1, (len(i), 1))
    along = a + t * (b - a)
    off = rng.choice([-1e-9, 1e-9, 0.0, -1e-12, 1e-12], size=(len(i), 2))
    fd = grid.cell_size / SUB
    g = rng.uniform([115, 15], [160, 50], (k, 2))
    on_x = g.copy()
    on_x[:, 0] = np.round(on_x[:, 0] / fd) * fd  # on fine grid lines
    corner = np.round(g / fd) * fd  # on fine grid corners
    coarse = np.round(g / grid.cell_size) * grid.cell_size
    pts = np.concatenate(
        [a, (a + b) / 2, along, along + off, a + off, on_x, corner, corner + off[: len(corner)] if len(off) >= len(corner) else corner, coarse, coarse - 1e-9]
    )
    pts[:, 0] = np.where(pts[:, 0] >= 180, pts[:, 0] - 360, pts[:, 0])
    return pts[:, 0], pts[:, 1]


def _same_as_exact(idx, lon, lat, target):
    got = idx.locate(lon, lat, target)
    want = idx._locate_exact(lon, lat, target)
    bad = np.flatnonzero(got != want)
    assert not len(bad), f"{len(bad)} points differ, e.g. lon/lat {lon[bad[:5]]} {lat[bad[:5]]}: grid {got[bad[:5]]} exact {want[bad[:5]]}"
    return got


def test_grid_equals_exact_test_on_a_million_points_v10(mr_v10_zones):
    idx = ZoneIndex(mr_v10_zones)
    rng = np.random.default_rng(7)
    lon_b, lat_b = _boundary_points(idx.geoms, idx.grid, rng, 60_000)
    n = 1_000_000 - len(lon_b)
    lon = np.concatenate([rng.uniform(110, 165, n), lon_b])
    lat = np.concatenate([rng.uniform(10, 52, n), lat_b])
    got = _same_as_exact(idx, lon, lat, "JPN")
    # The test means something: the grid answered most points itself, across many zones.
    assert (idx.grid.lookup(lon[:n], lat[:n]) != -2).mean() > 0.95
    assert len(np.unique(got)) > 20


def test_grid_equals_exact_test_on_boundaries_v12_for_another_target(mr_v12_zones):
    # v12's coordinates are rounded to 0.1°: many edges lie exactly on grid lines.
    idx = ZoneIndex(mr_v12_zones)
    rng = np.random.default_rng(8)
    lon, lat = _boundary_points(idx.geoms, idx.grid, rng, 12_000)
    _same_as_exact(idx, lon, lat, "KOR")


def _write_native(path, geoms, zone_type, sovereigns, names):
    import geopandas as gpd

    gpd.GeoDataFrame(
        {"zone_type": zone_type, "sovereigns": sovereigns, "name": names, "mrgid": list(range(1, len(names) + 1))},
        geometry=geoms,
        crs="EPSG:4326",
    ).to_file(path, engine="pyogrio")
    path.with_suffix(".json").write_text(json.dumps({"dataset": "test squares", "edition": "1", "licence": "CC0"}))


def _squares(tmp_path, shift=0.0):
    """Edges on grid lines, a shared edge, two same-type zones overlapping (the target decides
    there), a territorial sea over an EEZ, land over an EEZ, and a hole."""
    big = shapely.Polygon([(130, 30), (140, 30), (140, 40), (130, 40)], [[(134, 34), (136, 34), (136, 36), (134, 36)]])
    p = tmp_path / "squares.shp"
    _write_native(
        p,
        [
            shapely.affinity.translate(big, shift),
            shapely.box(140, 30, 150, 40),  # shares the edge lon = 140
            shapely.box(145, 35, 155, 45),  # overlaps the one before, same type
            shapely.box(131, 31, 133.3, 33),  # territorial sea over the EEZ
            shapely.box(141, 31, 142, 32),  # land (data with land: the reader leaves holes alone)
        ],
        ["eez", "eez", "eez", "territorial_sea", "land"],
        ["JPN", "KOR", "RUS", "JPN", "KOR"],
        ["A", "B", "C", "D", "E"],
    )
    return p


def test_synthetic_edges_on_grid_lines_overlaps_and_holes(tmp_path, monkeypatch):
    monkeypatch.setenv("EEZCHECK_CACHE_DIR", str(tmp_path / "cache"))
    from geo.zones import read_zones

    z = read_zones(_squares(tmp_path))
    idx = ZoneIndex(z)
    rng = np.random.default_rng(3)
    lon = np.concatenate([rng.uniform(128, 157, 200_000), np.repeat(np.arange(128, 157, 0.25), 200)])
    lat = np.concatenate([rng.uniform(28, 47, 200_000), np.tile(np.linspace(28, 47, 200), 116)])
    lon_b, lat_b = _boundary_points(idx.geoms, idx.grid, rng, 50_000)
    lon, lat = np.concatenate([lon, lon_b]), np.concatenate([lat, lat_b])
    for target in ("JPN", "KOR", "RUS"):
        got = _same_as_exact(idx, lon, lat, target)
    # Where B and C overlap the answer depends on the target: the grid left it to the exact test.
    both = idx.locate(np.array([147.0]), np.array([37.0]), "RUS")
    assert idx.zone_type[both[0]] == "eez" and idx.names[both[0]] == "C"
    assert idx.names[idx.locate(np.array([147.0]), np.array([37.0]), "KOR")[0]] == "B"
    # On the shared edge lon = 140 the target's zone wins; the table has land rows, so the
    # unfilled hole in A is sea (like a high-seas pocket), not inferred land.
    assert idx.names[idx.locate(np.array([140.0]), np.array([32.0]), "JPN")[0]] == "A"
    assert idx.names[idx.locate(np.array([140.0]), np.array([32.0]), "KOR")[0]] == "B"
    assert idx.locate(np.array([135.0]), np.array([35.0]), "JPN")[0] == -1
    assert idx.names[idx.locate(np.array([132.0]), np.array([32.0]), "KOR")[0]] == "D"
    assert idx.names[idx.locate(np.array([141.5]), np.array([31.5]), "JPN")[0]] == "E"
    assert len(np.unique(got)) >= 6


def test_cache_round_trip_and_it_follows_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("EEZCHECK_CACHE_DIR", str(tmp_path / "cache"))
    from geo.zones import read_zones

    p = _squares(tmp_path)
    built = ZoneIndex(read_zones(p))
    loaded = index_for_path(p)
    assert loaded.zones is None and loaded.entry is not None  # read from the cache entry
    assert loaded.entry.parent == tmp_path / "cache" / "index"
    assert np.array_equal(np.asarray(loaded.grid.codes), built.grid.codes)
    assert np.array_equal(np.asarray(loaded.grid.blocks), built.grid.blocks)
    assert loaded.source_label == built.source.label and loaded.source == built.source
    rng = np.random.default_rng(4)
    lon, lat = rng.uniform(128, 157, 50_000), rng.uniform(28, 47, 50_000)
    assert np.array_equal(loaded.locate(lon, lat, "JPN"), built.locate(lon, lat, "JPN"))
    # A second process-level load reuses the entry (no rebuild): same directory.
    index_for_path.__wrapped__ if hasattr(index_for_path, "__wrapped__") else None
    entries = sorted((tmp_path / "cache" / "index").glob("squares-*"))
    assert len(entries) == 1
    # Change the data: a new entry, with the new answer.
    os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns + 10**9))
    _squares(tmp_path, shift=-5.0)
    moved = index_for_path(p)
    assert moved.entry != loaded.entry
    assert moved.names[moved.locate(np.array([126.0]), np.array([32.0]))[0]] == "A"
    assert loaded.locate(np.array([126.0]), np.array([32.0]))[0] == -1
    # A damaged entry is rebuilt, not trusted.
    (moved.entry / "wkb_offsets.npy").write_bytes(b"junk")
    from geo.index.cache import _index_for_path

    _index_for_path.cache_clear()
    again = index_for_path(p)
    assert again.names[again.locate(np.array([126.0]), np.array([32.0]))[0]] == "A"


def test_bundled_path_copy_matches_the_loader(monkeypatch, tmp_path):
    from geo.zones import bundled_path

    monkeypatch.delenv("EEZCHECK_ZONES", raising=False)
    assert bundled_zone_path() == bundled_path()
    monkeypatch.setenv("EEZCHECK_ZONES", str(tmp_path / "x.shp"))
    assert bundled_zone_path() == bundled_path()


def test_cached_lines_answer_like_nearest_line(mr_v10_zones):
    from geo.index import TargetClaim

    idx = ZoneIndex(mr_v10_zones)
    claim = TargetClaim(idx, "JPN")
    for line in (claim.outer_limit, claim.land):
        if line is None:
            continue
        copy = cached_line(line.lon, line.lat, line.line_idx, line.labels, line.k)
        rng = np.random.default_rng(9)
        lon = np.concatenate([rng.uniform(120, 160, 20), line.lon[:: max(1, len(line.lon) // 10)] + 1e-7])
        lat = np.concatenate([rng.uniform(20, 48, 20), line.lat[:: max(1, len(line.lat) // 10)]])
        for i in range(len(lon)):  # one at a time: the brute-force path
            a = line.query(lon[i : i + 1], lat[i : i + 1])
            b = copy.query(lon[i : i + 1], lat[i : i + 1])
            for x, y in zip(a, b):
                assert np.array_equal(x, y)


def _run(args, env):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=300)


def test_point_cli_fast_path_same_answer_without_pandas(mr_v10_path, tmp_path):
    env = dict(os.environ, EEZCHECK_CACHE_DIR=str(tmp_path / "cache"))
    points = [("35", "140"), ("37.5", "131.8"), ("25.7", "123.5"), ("30", "170")]
    first = _run(["-m", "geo", "point", *points[0], "--zones", str(mr_v10_path), "--json"], env)  # builds the entry
    assert first.returncode == 0, first.stderr
    # The slow path: the zone file read with geopandas, one fresh process for all points.
    code = (
        "import json, sys; from geo.zones import load_zones; from geo.classify import check_point; "
        "from geo.cli._output import print_json; "
        f"z = load_zones({str(mr_v10_path)!r}); "
        f"rs = [check_point(lat=float(a), lon=float(o), zones=z) for a, o in {points!r}]; "
        "[print_json(r.to_dict()) for r in rs]; print('-----'); [print(r.summary()) for r in rs]"
    )
    slow = _run(["-c", code], env)
    assert slow.returncode == 0, slow.stderr
    slow_json, slow_text = slow.stdout.split("-----\n")
    fast_json, fast_text = "", ""
    for i, (lat, lon) in enumerate(points):
        fmt = ["--json"] if i < 3 else []
        fast = _run(["-X", "importtime", "-m", "geo", "point", lat, lon, "--zones", str(mr_v10_path), "--json"], env)
        assert fast.returncode == 0, fast.stderr
        imported = {line.split("|")[-1].strip() for line in fast.stderr.splitlines() if line.startswith("import time:")}
        assert not imported & {"pandas", "geopandas", "scipy", "pyogrio"}, sorted(imported & {"pandas", "geopandas", "scipy"})
        assert "shapely" in imported and "geo.classify" in imported  # the check really saw the imports
        fast_json += fast.stdout
        text = _run(["-m", "geo", "point", lat, lon, "--zones", str(mr_v10_path)], env)
        fast_text += text.stdout
    assert fast_json == slow_json
    assert fast_text == slow_text
