"""Zone pieces from the cut Voronoi cells, and their assembly into a tiling of the region.

Each Voronoi cell is cut by the geodesic circle of radius 12, 24 and 200 NM around its own
sample; inside a cell the nearest baseline point is that sample, so the union of the cut cells
of an owner is exactly the set of points within the distance of its baseline and nearer to it
than to any other owner's. The target gets three bands (and its internal waters); every other
territory one 200 NM piece; each disputed feature one overlapping-claim piece.
"""
from __future__ import annotations

import numpy as np
import shapely

from zonebuild.common import CZ_M, EEZ_M, GRID_DEG, TS_M, log
from zonebuild.geometry import (close_notches, drop_small_holes, fill_gaps, polygons_only, repair, safe_difference,
                                simplify_coverage)
from zonebuild.target import eez_name, mrgid, sovereign
from zonebuild.voronoi import cut_cells

EMPTY = "MULTIPOLYGON EMPTY"


def sample_owner(lab, feat, features) -> np.ndarray:
    """Owner of each sample: ``#<feature id>`` for a disputed feature's, else its territory."""
    return np.where(feat >= 0, np.array([f"#{features[i]}" if i >= 0 else "" for i in feat]), lab)


def cut_bands(cells, xy, lab, feat, target_code: str) -> dict:
    """{'200': every cell cut at 200 NM, '24'/'12': the target's own cells cut at 24/12 NM}."""
    cut = {}
    own = (lab == target_code) & (feat < 0)
    for name, radius, sel in (("200", EEZ_M, np.ones(len(xy), bool)), ("24", CZ_M, own), ("12", TS_M, own)):
        cut[name] = cut_cells(cells, xy, radius, sel)
        log(f"cut at {name} NM")
    return cut


def union_of(cut, mask, band):
    """Union of the cut cells of the masked samples in one band, cleaned."""
    g = cut[band][mask]
    g = g[~shapely.is_empty(g)]
    if not len(g):
        return shapely.from_wkt(EMPTY)
    return repair(drop_small_holes(polygons_only(shapely.union_all(g))))


def sea_pieces(cut, owner, lab, disputed, target, internal=None, not_territorial=None) -> list[list]:
    """Sea rows [zone_type, sovereigns, name, mrgid, geometry], in precedence order:
    overlapping claims, the target's internal waters, territorial sea, contiguous zone and EEZ,
    then the other territories' EEZs (by code).

    ``not_territorial``: water within 12 NM that is not territorial sea (the specified sea areas
    beyond 3 NM); it falls to the contiguous zone or EEZ band it lies in."""
    code, name = target.iso3, target.name
    pieces = []
    for f in disputed.ids:
        m = disputed.meta(f)
        # straight baselines along disputed islands (Japan's Schedule 1 items 14, 15): see below
        g = close_notches(union_of(cut, owner == f"#{f}", "200"))
        pieces.append(["overlapping_claim", m["mr_order"], f"Overlapping claim {m['name']}", int(m["mrgid"]), g])
    if internal is not None and not shapely.is_empty(internal):
        pieces.append(["internal_waters", code, f"{name} internal waters", mrgid(code), internal])
    tmask = owner == code
    # the target's samples include straight lines (closing lines, straight baselines), whose
    # thin cells can leave hair-thin notches at a limit: closed (geometry.close_notches)
    u12 = close_notches(union_of(cut, tmask, "12"))
    if not_territorial is not None and not shapely.is_empty(not_territorial):
        u12 = repair(safe_difference(u12, not_territorial))
    u24 = close_notches(union_of(cut, tmask, "24"))
    u200 = close_notches(union_of(cut, tmask, "200"))
    claims = [p[4] for p in pieces if p[0] == "overlapping_claim"]
    # Notches under ~100 m wide between the target's zone and an overlapping claim go to the
    # target's zone. A zero-width sliver along the Southern Kurils claim (near 147.8E 40.5N) is
    # not closed by this; it is under 2 cm wide and compare_zones.py ignores slivers that thin.
    if claims:
        oc = shapely.union_all(claims)
        u200 = repair(shapely.union(u200, safe_difference(close_notches(shapely.union(u200, oc)), oc)))
    pieces.append(["territorial_sea", code, f"{name} territorial sea", mrgid(code), u12])
    pieces.append(["contiguous_zone", code, f"{name} contiguous zone", mrgid(code), shapely.difference(u24, u12)])
    pieces.append(["eez", code, eez_name(code), mrgid(code), shapely.difference(u200, u24)])
    for other in sorted(set(lab) - {code}):
        m = owner == other
        if not m.any():
            continue
        log(f"union {other} ({int(m.sum())} cells)")
        pieces.append(["eez", sovereign(other), eez_name(other), mrgid(other), union_of(cut, m, "200")])
    return pieces


def assemble(rows, land_all, region, simplify: bool = False) -> list[list]:
    """Clip rows to the region, take land out of the sea rows, make the rows disjoint (earlier
    rows win), snap to the 1e-7 deg grid and fill noding slivers; empty rows dropped."""
    W, S, E, N = region
    log("clipping, removing land, resolving overlaps")
    acc = None
    out = []
    for zt, sov, name, mr, g in rows:
        g = repair(shapely.clip_by_rect(g, W, S, E, N))
        if zt != "land":
            g = safe_difference(g, land_all)
        if acc is not None:
            g = safe_difference(g, acc)
        g = polygons_only(g)
        if shapely.is_empty(g):
            continue
        acc = g if acc is None else shapely.union(acc, g)
        out.append([zt, sov, name, mr, g])
    # snap to a 1e-7 deg (~1 cm) grid: vertices shared by two pieces snap identically, and
    # zero-width slivers left by floating-point noding collapse
    acc = None
    for o in out:
        g = repair(shapely.set_precision(o[4], GRID_DEG))
        if acc is not None:  # snapping may have pushed a vertex across a neighbour's edge
            g = repair(shapely.set_precision(safe_difference(g, acc), GRID_DEG))
        o[4] = g
        acc = g if acc is None else shapely.union(acc, g)
    fill_gaps(out)
    if simplify:
        log("coverage simplification")
        geoms = simplify_coverage(np.array([o[4] for o in out], dtype=object))
        for o, g in zip(out, geoms):
            o[4] = g
        fill_gaps(out)
    return [o for o in out if not shapely.is_empty(o[4])]

