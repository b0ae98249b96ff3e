"""Polygon clean-up for the zone build: polygonal parts, robust difference, repair, gap filling."""
from __future__ import annotations

import numpy as np
import shapely

from zonebuild.common import GEOD, GRID_DEG, log

OUT_SIMPLIFY_DEG = 0.001  # coverage simplification of the outputs (--simplify only)


def polygons_only(g):
    """The polygonal part of g as a MultiPolygon (collections and multi-parts flattened)."""
    parts = shapely.get_parts(shapely.get_parts(g))
    parts = parts[(shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)]
    return shapely.multipolygons(parts) if len(parts) else shapely.from_wkt("MULTIPOLYGON EMPTY")


def safe_difference(a, b):
    """a - b; on a GEOS robustness failure, retried on the 1e-7 deg grid (snap-rounded)."""
    try:
        return shapely.difference(a, b)
    except shapely.errors.GEOSException:
        return shapely.difference(a, b, grid_size=GRID_DEG)


def drop_small_holes(g, max_deg2: float = 1e-4):
    """Fill holes under ~1 km² (1e-4 deg²): hair-thin cells lost to floating point in one
    band's union; a true pocket more than 12 NM from every baseline is far larger."""
    out = []
    for p in shapely.get_parts(g):
        holes = [shapely.get_interior_ring(p, i) for i in range(shapely.get_num_interior_rings(p))]
        keep = [h for h in holes if shapely.area(shapely.polygons(h)) >= max_deg2]
        out.append(p if len(keep) == len(holes) else shapely.polygons(shapely.get_exterior_ring(p), holes=keep or None))
    return shapely.multipolygons(out) if out else g


def close_notches(g, eps_deg: float = 0.0005):
    """g with notches narrower than 2 eps_deg (~100 m) filled (morphological closing, mitred
    so corners stay sharp). The cut Voronoi cells of samples along a straight baseline are thin
    strips; where two of them are cut at a limit, a hair-thin wedge of "nothing" can run back
    between them for kilometres. Moves no limit by more than eps_deg (~0.05 km)."""
    grown = shapely.buffer(g, eps_deg, quad_segs=2, join_style="mitre")
    closed = shapely.buffer(grown, -eps_deg, quad_segs=2, join_style="mitre")
    # the mitre limit bevels very sharp spikes on the way out: keep all of g
    return repair(shapely.union(g, polygons_only(closed)))


def repair(g):
    """A valid MultiPolygon covering the same area as g."""
    if shapely.is_valid(g):
        return polygons_only(g)
    # "structure": shells are unioned, holes subtracted -- a hole never turns into an area
    g = polygons_only(shapely.make_valid(g, method="structure", keep_collapsed=False))
    if not shapely.is_valid(g):  # e.g. nested shells: dissolve the parts
        g = polygons_only(shapely.union_all(shapely.get_parts(g)))
    return g


def area_km2(g) -> float:
    """Geodesic area (km²) of a lon/lat geometry on WGS84."""
    a, _ = GEOD.geometry_area_perimeter(g)
    return abs(a) / 1e6


def fill_gaps(rows, max_km2: float = 50.0) -> None:
    """Give each small hole in the union of all rows (a sliver left by floating-point noding
    where two pieces meet) to the sea piece that shares most of its boundary."""
    geoms = [r[4] for r in rows]
    everything = shapely.union_all(geoms)
    holes = []
    for p in shapely.get_parts(everything):
        for i in range(shapely.get_num_interior_rings(p)):
            h = shapely.polygons(shapely.get_interior_ring(p, i))
            if area_km2(h) < max_km2:
                holes.append(h)
    if not holes:
        return
    sea = [i for i, r in enumerate(rows) if r[0] != "land"]
    tree = shapely.STRtree([rows[i][4] for i in sea])
    add = {}
    for h in holes:
        cand = tree.query(h, predicate="intersects")
        if not len(cand):
            cand = tree.query(h, predicate="dwithin", distance=1e-6)
        if not len(cand):
            continue
        shared = [shapely.length(shapely.intersection(shapely.boundary(h), rows[sea[c]][4])) for c in cand]
        add.setdefault(sea[cand[int(np.argmax(shared))]], []).append(h)
    for i, hs in add.items():
        rows[i][4] = repair(shapely.union_all([rows[i][4], *hs]))
    log(f"filled {len(holes)} sliver holes")


def simplify_coverage(geoms: np.ndarray) -> np.ndarray:
    """Coverage-simplify the pieces together (shared edges stay shared); experimental."""
    try:
        s = shapely.coverage_simplify(geoms, OUT_SIMPLIFY_DEG, simplify_boundary=True)
    except Exception as exc:  # pragma: no cover - GEOS < 3.12 or an invalid coverage
        log(f"coverage simplification skipped: {exc}")
        return geoms
    s = np.array([repair(g) for g in s], dtype=object)
    return s
