"""Straight baselines (Enforcement Order Schedule 1) and the internal waters landward of them.

``scripts/data/law/straight_baselines.csv`` holds the 194 points of the 15 items of Schedule 1
(JGD2000 = WGS84 within ~1 m), each with its item, its chain (the points an item joins in order;
some items join several separate runs of points) and its source. Each chain is drawn as geodesics
between its points and continued at its ends to the source coast (``internal.closing_line``).

The internal waters of an item are the pieces of water, within a box around it, that its lines
cut off from the open sea: pieces that touch the item's lines but not the box frame. Water that
is already internal (the Seto Inland Sea) counts as land here, so a chain whose coast runs into
the Seto Inland Sea (item 9 at the Kanmon Strait) still closes its water.

Consecutive chains of an item whose facing ends are within ``GAP_KM`` are joined by a straight
line: between them lies the low-water line of one island or reef (often a reef the generalised
source coast lacks: Ufubishi, Rukan-sho) or a narrow channel between two islands, which is thus
counted as internal waters. A chain end farther than ``internal.CONNECT_MAX_KM`` from the source
coast is logged; its water may then stay sea, which the README's error budget counts.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
import shapely.ops

from zonebuild.common import GEOD, log, read_csv
from zonebuild.geometry import area_km2, polygons_only
from zonebuild.internal import CONNECT_MAX_KM, geodesic_polyline

GAP_KM = 5.0      # a chain end this near another chain's end is joined to it across the feature
BRIDGE_KM = 2.0   # islands of consecutive chain ends closer than this are joined
BOX_PAD_DEG = 1.5  # the box around an item's points in which its enclosed water is looked for


@dataclass(frozen=True)
class Chain:
    """One run of Schedule 1 points joined in order."""

    item: int
    chain: int
    points: np.ndarray  # (n, 2) lon/lat

    @property
    def key(self) -> str:
        return f"{self.item}.{self.chain}"


def read_chains(name: str) -> list[Chain]:
    """The chains of a straight-baselines table, in item/chain order."""
    runs: dict[tuple[int, int], list] = {}
    for r in read_csv(name):
        runs.setdefault((int(r["item"]), int(r["chain"])), []).append(
            (int(r["seq"]), float(r["lon"]), float(r["lat"])))
    return [Chain(i, c, np.array([(x, y) for _, x, y in sorted(v)])) for (i, c), v in sorted(runs.items())]


def point_table(name: str) -> dict[str, tuple[float, float]]:
    """{'S1:<item>:<label>': (lon, lat)} of the straight-baselines table."""
    return {f"S1:{r['item']}:{r['label']}": (float(r["lon"]), float(r["lat"])) for r in read_csv(name)}


def to_land(end, land) -> np.ndarray | None:
    """Points from a chain end to just inside the nearest land (none if the end is on land), or
    None when that land is farther than ``CONNECT_MAX_KM``."""
    if shapely.contains_xy(land, *end):
        return np.empty((0, 2))
    _, near = shapely.ops.nearest_points(shapely.Point(end), shapely.boundary(land))
    if GEOD.inv(end[0], end[1], near.x, near.y)[2] > CONNECT_MAX_KM * 1000:
        return None
    # a point surely inside the land next to the nearest coast point (~200 m disc)
    inner = shapely.point_on_surface(polygons_only(shapely.intersection(land, shapely.buffer(near, 0.002))))
    return np.array([[near.x, near.y], [inner.x, inner.y]])


def chain_lines(chains: list[Chain], land) -> list[shapely.LineString]:
    """Each chain as a line joined to the coast at its ends, plus the joins of consecutive chains
    of an item whose facing ends are within ``GAP_KM`` (across the island or reef between them)."""
    lines = []
    for c in chains:
        xy = geodesic_polyline(c.points)
        ends = []
        for which, e in (("start", xy[0]), ("end", xy[-1])):
            pts = to_land(e, land)
            if pts is None:
                log(f"straight baseline {c.key}: {which} {e[0]:.5f}E {e[1]:.5f}N is more than "
                    f"{CONNECT_MAX_KM} km from the source coast")
                pts = np.empty((0, 2))
            ends.append(pts)
        lines.append(shapely.LineString(np.concatenate([ends[0][::-1], xy, ends[1]])))
    for a, b in zip(chains[:-1], chains[1:]):
        if a.item != b.item:
            continue
        d = GEOD.inv(*a.points[-1], *b.points[0])[2]
        if d <= GAP_KM * 1000:
            lines.append(shapely.LineString([a.points[-1], b.points[0]]))
            log(f"straight baselines {a.key} -> {b.key}: joined across {d / 1000:.2f} km")
        else:
            bridge = _bridge(a.points[-1], b.points[0], land)
            if bridge is not None:
                lines.append(bridge)
    return lines


def _bridge(p, q, land):
    """The shortest line between the two islands that two chain ends lie on or next to, when
    they are different islands less than BRIDGE_KM apart (e.g. Noho-jima and Iheya-jima, whose
    channel the source leaves open); else None."""
    def island(e):
        parts = shapely.get_parts(land)
        return min(parts, key=lambda g: shapely.distance(g, shapely.Point(e)))
    a, b = island(p), island(q)
    if shapely.equals(a, b):
        return None
    na, nb = shapely.ops.nearest_points(a, b)
    d = GEOD.inv(na.x, na.y, nb.x, nb.y)[2]
    if d > BRIDGE_KM * 1000:
        return None
    log(f"straight baselines: channel between two islands closed across {d / 1000:.2f} km")
    return shapely.LineString([na, nb])


def enclosed_by(lines, land, box) -> object:
    """Water of the box cut off from the frame by the lines (pieces touching the lines only)."""
    frame = shapely.boundary(box)
    water = polygons_only(shapely.difference(box, land))
    ml = shapely.multilinestrings(lines)
    out = []
    for part in shapely.get_parts(water):
        if not shapely.intersects(part, ml):
            continue
        for piece in shapely.get_parts(shapely.ops.split(part, ml)):
            if not shapely.intersects(piece, frame) and shapely.intersects(piece, ml):
                out.append(piece)
    return polygons_only(shapely.union_all(out)) if out else shapely.from_wkt("MULTIPOLYGON EMPTY")


def straight_baseline_waters(name: str, land_all, internal_so_far):
    """(internal waters landward of the straight baselines, the baselines' parts in the water).

    ``internal_so_far``: internal waters already drawn (counted as land when closing)."""
    chains = read_chains(name)
    solid = shapely.union(land_all, internal_so_far) if not shapely.is_empty(internal_so_far) else land_all
    geoms, baselines = [], []
    for item in sorted({c.item for c in chains}):
        cs = [c for c in chains if c.item == item]
        pts = np.concatenate([c.points for c in cs])
        bounds = (*(pts.min(axis=0) - BOX_PAD_DEG), *(pts.max(axis=0) + BOX_PAD_DEG))
        box = shapely.box(*bounds)
        land = shapely.clip_by_rect(solid, *np.add(bounds, (-0.5, -0.5, 0.5, 0.5)))
        lines = chain_lines(cs, land)
        g = enclosed_by(lines, land, box)
        log(f"straight baselines item {item}: {len(cs)} chain(s), internal waters {area_km2(g):,.0f} km²")
        geoms.append(g)
        wet = shapely.difference(shapely.multilinestrings(lines), land)
        baselines += [p for p in shapely.get_parts(wet) if not shapely.is_empty(p)]
    iw = polygons_only(shapely.union_all(geoms)) if geoms else shapely.from_wkt("MULTIPOLYGON EMPTY")
    return iw, baselines
