"""Internal waters closed by legal lines that are baselines.

For Japan: the Seto Inland Sea, separated from the other sea areas by the three lines of the
Enforcement Order of the Act on the Territorial Sea, Art. 1 (``scripts/data/law/
internal_water_closing_lines.csv``, JGD2000 = WGS84 within ~1 m). Those lines are baselines
(Act Art. 2(1) proviso): the water inside them is internal waters, and the territorial sea,
contiguous zone and EEZ are measured from them as from the coast.

Each line is drawn as a geodesic between its two points (a straight line on the chart; for the
longest, 29 km, geodesic and rhumb line differ by metres). Its end points are lighthouses on the
real coast; where the generalised source coast lies off such a point, the line is continued to
the nearest point of the source coast (the connector, at most ``CONNECT_MAX_KM``; the build logs
its length), so that the line closes the water on that coastline. Where the generalised source
coast leaves a narrow channel open behind the lines (for the Seto Inland Sea: the Komon Strait,
closed in reality by a lock gate, and a 44 m sliver at Wakamatsu), the target file closes it by a
short ``coast_closures`` line; those are land, not baselines.
"""
from __future__ import annotations

import numpy as np
import shapely
import shapely.ops

from zonebuild.common import GEOD, log, read_csv
from zonebuild.geometry import area_km2, polygons_only
from zonebuild.target import InternalWaters, Target

CONNECT_MAX_KM = 2.0   # a line end farther than this from the source coast is a data error
INTO_LAND_DEG = 1e-4   # connectors end ~10 m inside the land, so the line surely cuts the water
STEP_KM = 0.5          # vertex spacing of the geodesic lines


def read_closing_lines(name: str) -> dict[str, np.ndarray]:
    """{line_id: (n, 2) lon/lat points in seq order} of a closing-lines table."""
    lines: dict[str, list] = {}
    for r in read_csv(name):
        lines.setdefault(r["line_id"], []).append((int(r["seq"]), float(r["lon"]), float(r["lat"])))
    return {k: np.array([(x, y) for _, x, y in sorted(v)]) for k, v in lines.items()}


def geodesic_polyline(points: np.ndarray, step_km: float = STEP_KM) -> np.ndarray:
    """Vertices of the geodesics joining consecutive points, <= step_km apart."""
    out = [points[:1]]
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:]):
        d = GEOD.inv(x0, y0, x1, y1)[2]
        n = int(np.ceil(d / (step_km * 1000.0))) - 1
        mid = np.array(GEOD.npts(x0, y0, x1, y1, n)).reshape(-1, 2) if n > 0 else np.empty((0, 2))
        out += [mid, [[x1, y1]]]
    return np.concatenate(out)


def connector(end, land) -> tuple[np.ndarray, float]:
    """Points from a line end to ~10 m inside the nearest land (none if the end is on land),
    and the connector's geodesic length (m)."""
    if shapely.contains_xy(land, *end):
        return np.empty((0, 2)), 0.0
    p = shapely.Point(end)
    _, near = shapely.ops.nearest_points(p, shapely.boundary(land))
    n = np.array([near.x, near.y])
    u = (n - end) / np.linalg.norm(n - end)
    q = n + u * INTO_LAND_DEG
    length = GEOD.inv(end[0], end[1], n[0], n[1])[2]
    if length > CONNECT_MAX_KM * 1000 or not shapely.contains_xy(land, *q):
        raise ValueError(f"closing-line end {end[0]:.6f}E {end[1]:.6f}N is {length / 1000:.2f} km "
                         f"from the source coast (limit {CONNECT_MAX_KM} km)")
    return np.array([n, q]), length


def closing_line(points: np.ndarray, land) -> tuple[shapely.LineString, float]:
    """The closing line joined to the land at both ends, and its longest connector (m)."""
    xy = geodesic_polyline(points)
    head, l0 = connector(xy[0], land)
    tail, l1 = connector(xy[-1], land)
    return shapely.LineString(np.concatenate([head[::-1], xy, tail])), max(l0, l1)


def _closure(name: str, ends, land) -> shapely.LineString:
    """A coast-closure line; both its ends must be on the source's land."""
    if not all(shapely.contains_xy(land, *e) for e in ends):
        raise ValueError(f"coast closure {name!r}: an end of {ends} is not on the source's land")
    return shapely.LineString(ends)


def enclosed_water(area: InternalWaters, land, lines):
    """The water of ``area.box`` that contains ``area.interior_point``, cut off by the lines.

    Raises ValueError if it reaches the box's frame (the lines do not close it)."""
    box = shapely.box(*area.box)
    water = polygons_only(shapely.difference(box, land))
    pt = shapely.Point(area.interior_point)
    if not shapely.intersects(water, pt):
        raise ValueError(f"{area.name}: interior point {area.interior_point} is not in the water")
    part = next(p for p in shapely.get_parts(water) if shapely.intersects(p, pt))
    pieces = shapely.get_parts(shapely.ops.split(part, shapely.multilinestrings(lines)))
    inside = next(p for p in pieces if shapely.intersects(p, pt))
    if shapely.intersects(shapely.boundary(box), inside):
        raise ValueError(f"{area.name}: the closing lines do not close the water (it reaches the "
                         f"frame of the box {area.box})")
    return polygons_only(inside)


def internal_waters(target: Target, land_all) -> tuple[object, list]:
    """(the target's internal waters, their closing lines' parts in the water) — the latter
    are baselines. Empty geometry and no lines when the target has none."""
    geoms, baselines = [], []
    for area in target.internal_waters:
        land = shapely.clip_by_rect(land_all, *np.add(area.box, (-0.5, -0.5, 0.5, 0.5)))
        lines = []
        for line_id, pts in read_closing_lines(area.closing_lines).items():
            line, connector = closing_line(pts, land)
            lines.append(line)
            log(f"closing line {line_id}: {GEOD.geometry_length(line) / 1000:.2f} km, "
                f"connector to the source coast <= {connector:.0f} m")
        closures = [_closure(name, ends, land) for name, ends in area.coast_closures]
        g = enclosed_water(area, land, lines + closures)
        log(f"internal waters {area.name}: {area_km2(g):,.0f} km²")
        geoms.append(g)
        wet = shapely.difference(shapely.multilinestrings(lines), land)
        baselines += [p for p in shapely.get_parts(wet) if not shapely.is_empty(p)]
    internal = polygons_only(shapely.union_all(geoms)) if geoms else shapely.from_wkt("MULTIPOLYGON EMPTY")
    return internal, baselines
