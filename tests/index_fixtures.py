"""Small synthetic zone files and point sets for the geo.index tests."""

from __future__ import annotations

import json

import numpy as np
import shapely

from geo.index.grid import SUB


def write_native(path, geoms, zone_type, sovereigns, names):
    """A zone file in this project's own schema (what geo.zones reads without guessing)."""
    import geopandas as gpd

    gpd.GeoDataFrame(
        {"zone_type": zone_type, "sovereigns": sovereigns, "name": names, "mrgid": list(range(1, len(names) + 1))},
        geometry=geoms,
        crs="EPSG:4326",
    ).to_file(path, engine="pyogrio")
    path.with_suffix(".json").write_text(json.dumps({"dataset": "test squares", "edition": "1", "licence": "CC0"}))
    return path


def squares(tmp_path, shift=0.0, name="squares.shp"):
    """Edges on grid lines, a shared edge, two same-type zones overlapping (the target decides
    there), a territorial sea over an EEZ, land over an EEZ, and a hole."""
    big = shapely.Polygon([(130, 30), (140, 30), (140, 40), (130, 40)], [[(134, 34), (136, 34), (136, 36), (134, 36)]])
    return write_native(
        tmp_path / name,
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


def boundary_points(geoms, grid, rng, k):
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


def same_as_exact(idx, lon, lat, target):
    """The grid's answers, asserted equal to the exact test's for every point."""
    got = idx.locate(lon, lat, target)
    want = idx.locate_exact(lon, lat, target)
    bad = np.flatnonzero(got != want)
    assert not len(bad), f"{len(bad)} points differ, e.g. lon/lat {lon[bad[:5]]} {lat[bad[:5]]}: grid {got[bad[:5]]} exact {want[bad[:5]]}"
    return got
