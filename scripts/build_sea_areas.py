#!/usr/bin/env python3
"""Build the sea-area polygons in ``shapefiles/sea_areas.gpkg`` from the IHO S-23 limits.

    python scripts/build_sea_areas.py                 # build, install into shapefiles/
    python scripts/build_sea_areas.py --out /tmp/sa   # build elsewhere
    python scripts/build_sea_areas.py --check         # rebuild and compare with the shipped file

Inputs: the limit points of ``scripts/data/sea_area_limits.csv`` (IHO Special Publication S-23
"Limits of Oceans and Seas", 3rd edition 1953, plus three conventional sub-areas that S-23 does
not separate) and the pinned OpenStreetMap coastline package that ``scripts/build_zones.py``
uses (fetched and verified by its ``fetch_source()``, read by its ``load_land()``).

Method:

1. Water = the region (the zones' 105-170 E, 5-58 N, extended north to 63 N so that the Sea of
   Okhotsk is whole) minus all land (land polygons unioned, lakes dropped).  For the partition
   only, channels narrower than ~0.8 km are closed (morphological closing), so a limit that
   lands on a small island next to the coast cannot leak through the gap behind it.
2. Every limit (a run of rows with one ``limit_id``) becomes a line: consecutive points are joined
   along the geodesic (``pyproj.Geod(ellps="WGS84").npts``, a vertex every <= 10 km) or, where
   S-23 says so (``leg = parallel``), along the parallel.  A limit that ends in the water close to
   a cape (the published positions and the generalised coastline differ by up to ~1 km) gets a
   short hook to the nearest land, so every limit closes on land or runs out of the region.
3. The coastline and all limit lines are noded together and polygonized; each face of water is
   labelled by the seed points (``SEAS`` below) it contains.  A face with seeds of two seas means a
   limit leaks: the build fails.  Small faces without a seed (bays cut off where a limit crosses an
   island) join the neighbour with which they share the longest edge; a large one fails the build.
   Water touching no seeded face (lakes enclosed by land) is left out.
4. The water the closing took is given back to the nearest face and the real land removed; the
   faces of each sea are dissolved, the whole coverage is simplified at ``SIMPLIFY_DEG`` with
   ``shapely.coverage_simplify`` (shared edges stay shared, so the seas never overlap) and
   snapped to a 1e-6 deg grid.
5. Two layers: ``sea_areas`` (the S-23 seas, a partition of the water they cover) and
   ``sea_sub_areas`` (Bohai Sea, Taiwan Strait, Tatar Strait: parts of a parent sea, with
   ``parent_id``).  Written to a temporary file beside the target and moved in with ``os.replace``;
   the GeoPackage timestamp is pinned (``OGR_CURRENT_DATE``), so a rebuild gives the same bytes.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import math
import os
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import build_zones as bz  # noqa: E402  (pinned coastline: fetch_source, load_land, SOURCE, REGION)

ROOT = HERE.parent
LIMITS_CSV = HERE / "data" / "sea_area_limits.csv"
OUT_DIR = ROOT / "shapefiles"
STEM = "sea_areas"
PROVENANCE = OUT_DIR / "SEA_AREAS.md"
EDITION = "2026-11-25"

GEOD = Geod(ellps="WGS84")
# The zones' data region (105-170 E, 5-58 N) extended north to 63 N so that the Sea of Okhotsk
# (Shelikhov Gulf, 62.5 N) is whole; the seas are cut at the region's edges.
REGION = (bz.REGION[0], bz.REGION[1], bz.REGION[2], 63.0)
LAND_WINDOW = (104.0, 4.0, 171.0, 64.0)  # land read a little beyond the region
DENSIFY_KM = 10.0                        # vertex spacing along limit lines
MAX_HOOK_KM = 3.0                        # a limit may end at most this far off the coast
MERGE_KM2 = 3000.0                       # unseeded faces up to this size join a neighbour
CLOSE_DEG = 0.004                        # channels narrower than ~0.8 km are closed
LAND_SIMPLIFY_DEG = 0.001                # after the closing (<= 0.11 km)
SIMPLIFY_DEG = 0.005                     # coverage simplification (~0.5 km)
GRID_DEG = 1e-6                          # output coordinate grid (~0.1 m)
EXCLUDED = "_excluded"

S23 = "IHO S-23 Limits of Oceans and Seas, 3rd ed. 1953"
OSM = "coastline (c) OpenStreetMap contributors, ODbL (@geo-maps/countries-land-100m 0.6.0)"

# The seas.  parent: the S-23 sea a sub-area belongs to (layer sea_sub_areas).  seeds: (lon, lat)
# points in the sea's water that label the faces.
SEAS = OrderedDict([
    ("sea_of_japan", dict(
        name_en="Sea of Japan (East Sea)", name_ja="日本海", name_ko="동해", parent=None,
        source=f"{S23}: Japan Sea; {OSM}",
        seeds=[(135.0, 40.0), (129.5, 34.3), (128.0, 33.6), (141.0, 41.6), (138.5, 45.5)])),
    ("yellow_sea", dict(
        name_en="Yellow Sea", name_ja="黄海", name_ko="황해", parent=None,
        source=f"{S23}: Yellow Sea (Hwang Hai), includes the Bohai Sea; {OSM}",
        seeds=[(123.0, 36.0), (124.5, 38.5), (121.0, 34.5)])),
    ("east_china_sea", dict(
        name_en="East China Sea", name_ja="東シナ海", name_ko="동중국해", parent=None,
        source=f"{S23}: Eastern China Sea (Tung Hai); {OSM}",
        seeds=[(125.0, 29.0), (122.5, 27.0), (129.0, 31.0), (123.0, 25.5)])),
    ("seto_inland_sea", dict(
        name_en="Seto Inland Sea", name_ja="瀬戸内海", name_ko="세토내해", parent=None,
        source=f"{S23}: Inland Sea (Seto Naikai); {OSM}",
        seeds=[(133.3, 34.1), (135.2, 34.5), (131.5, 33.8)])),
    ("sea_of_okhotsk", dict(
        name_en="Sea of Okhotsk", name_ja="オホーツク海", name_ko="오호츠크해", parent=None,
        source=f"{S23}: Sea of Okhotsk; {OSM}",
        seeds=[(148.0, 50.0), (145.3, 43.7), (142.6, 46.3), (153.0, 55.0)])),
    ("philippine_sea", dict(
        name_en="Philippine Sea", name_ja="フィリピン海", name_ko="필리핀해", parent=None,
        source=f"{S23}: Philippine Sea (part north of 5 deg N); {OSM}",
        seeds=[(130.0, 20.0), (133.0, 32.0), (135.0, 33.5), (132.2, 32.9), (125.5, 11.0), (126.5, 8.0)])),
    ("south_china_sea", dict(
        name_en="South China Sea", name_ja="南シナ海", name_ko="남중국해", parent=None,
        source=f"{S23}: South China Sea (Nan Hai), part within 105-170 deg E, 5-58 deg N; {OSM}",
        seeds=[(115.0, 15.0), (107.5, 20.0), (119.0, 16.0), (110.0, 8.0)])),
    ("north_pacific", dict(
        name_en="North Pacific Ocean (part within 105-170 deg E, 5-58 deg N)", name_ja="太平洋",
        name_ko="태평양", parent=None,
        source=f"{S23}: North Pacific Ocean, restricted to the data region; {OSM}",
        seeds=[(150.0, 38.0), (160.0, 30.0), (143.0, 39.5), (157.0, 50.0), (148.0, 20.0), (140.0, 8.0),
               (139.4, 35.0)])),
    ("bering_sea", dict(
        name_en="Bering Sea (part west of 170 deg E)", name_ja="ベーリング海", name_ko="베링해", parent=None,
        source=f"{S23}: Bering Sea, part within the data region; {OSM}",
        seeds=[(167.0, 57.0)])),
    ("bohai_sea", dict(
        name_en="Bohai Sea", name_ja="渤海", name_ko="발해", parent="yellow_sea",
        source=f"Chinese convention (Laotieshan Cape - Penglai Cape); part of the Yellow Sea in S-23; {OSM}",
        seeds=[(120.0, 39.0), (121.0, 40.3)])),
    ("taiwan_strait", dict(
        name_en="Taiwan Strait", name_ja="台湾海峡", name_ko="타이완 해협", parent="south_china_sea",
        source=f"S-23 South China Sea north limit; south limit Maobitou - Nan'ao Island (Fujian gazetteer); "
               f"part of the South China Sea in S-23; {OSM}",
        seeds=[(119.5, 24.0), (118.0, 23.3)])),
    ("tatar_strait", dict(
        name_en="Tatar Strait", name_ja="間宮海峡（タタール海峡）", name_ko="타타르 해협", parent="sea_of_japan",
        source=f"S-23 Japan Sea north limit; south limit Cape Belkin - Cape Kuznetsov (Russian references); "
               f"part of the Sea of Japan in S-23; {OSM}",
        seeds=[(140.5, 48.5), (141.4, 51.0)])),
    # Waters of S-23's East Indian Archipelago (Sulu Sea, Celebes Sea, the inner Philippine seas)
    # inside the region: bounded so they do not leak into the seas above, then left out.
    (EXCLUDED, dict(
        name_en="East Indian Archipelago waters (not built)", name_ja="", name_ko="", parent=None,
        source="",
        seeds=[(120.5, 9.0), (122.7, 12.6), (123.6, 11.5), (124.3, 9.2), (123.0, 6.5), (125.7, 6.8),
               (124.2, 12.0), (120.5, 12.5), (121.8, 13.7)])),
])
MAIN_FIELDS = ["sea_id", "name_en", "name_ja", "name_ko", "source"]
SUB_FIELDS = MAIN_FIELDS + ["parent_id"]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# --------------------------------------------------------------------------------------------
# limit lines
# --------------------------------------------------------------------------------------------
def read_limits(path: Path = LIMITS_CSV) -> "OrderedDict[str, list[dict]]":
    """Rows of the limits table grouped by limit_id, in limit_seq order; checks the table."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    limits: OrderedDict[str, list[dict]] = OrderedDict()
    for r in rows:
        for k in ("sea_id", "limit_id", "point_name", "source", "leg"):
            if not r[k].strip():
                raise SystemExit(f"{path.name}: empty {k} in {r}")
        sea = SEAS.get(r["sea_id"])
        if sea is None:
            raise SystemExit(f"{path.name}: unknown sea_id {r['sea_id']!r}")
        if (r["name_ja"], r["name_ko"]) != (sea["name_ja"], sea["name_ko"]) \
                or not sea["name_en"].startswith(r["name_en"]):
            raise SystemExit(f"{path.name}: names of {r['sea_id']} differ from the build's")
        lat, lon = float(r["lat"]), float(r["lon"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise SystemExit(f"{path.name}: bad position in {r}")
        if r["leg"] not in ("geodesic", "parallel", "end"):
            raise SystemExit(f"{path.name}: leg must be geodesic, parallel or end: {r}")
        limits.setdefault(r["limit_id"], []).append(dict(r, lat=lat, lon=lon, seq=int(r["limit_seq"])))
    for lid, pts in limits.items():
        if [p["seq"] for p in pts] != list(range(1, len(pts) + 1)):
            raise SystemExit(f"{path.name}: limit {lid}: limit_seq must run 1..n in order")
        if pts[-1]["leg"] != "end" or any(p["leg"] == "end" for p in pts[:-1]):
            raise SystemExit(f"{path.name}: limit {lid}: only its last point has leg=end")
        for a, b in zip(pts[:-1], pts[1:]):
            if a["leg"] == "parallel" and a["lat"] != b["lat"]:
                raise SystemExit(f"{path.name}: limit {lid}: a parallel leg joins two points of one latitude")
    return limits


def leg_coords(a: dict, b: dict, spacing_km: float = DENSIFY_KM) -> np.ndarray:
    """Vertices from a to b (b excluded): geodesic via Geod.npts, or along the parallel."""
    if a["leg"] == "parallel":
        _, _, dist = GEOD.inv(a["lon"], a["lat"], b["lon"], b["lat"])
        n = max(1, math.ceil(dist / 1000.0 / spacing_km))
        lons = np.linspace(a["lon"], b["lon"], n + 1)[:-1]
        return np.column_stack([lons, np.full(n, a["lat"])])
    _, _, dist = GEOD.inv(a["lon"], a["lat"], b["lon"], b["lat"])
    n = max(0, math.ceil(dist / 1000.0 / spacing_km) - 1)
    mid = GEOD.npts(a["lon"], a["lat"], b["lon"], b["lat"], n) if n else []
    return np.array([(a["lon"], a["lat"])] + [tuple(p) for p in mid], float)


def inside_region(x: float, y: float, pad: float = 1e-9) -> bool:
    W, S, E, N = REGION
    return W + pad < x < E - pad and S + pad < y < N - pad


def hook_to_land(p: np.ndarray, land, limit_id: str) -> list:
    """[] if p is on land or outside the region, else a short path from p onto the nearest land."""
    x, y = float(p[0]), float(p[1])
    if not inside_region(x, y):
        return []
    pt = shapely.Point(x, y)
    if shapely.contains_xy(land, x, y):
        return []
    near = shapely.get_coordinates(shapely.shortest_line(pt, land))[1]
    d_km = GEOD.inv(x, y, near[0], near[1])[2] / 1000.0
    if d_km > MAX_HOOK_KM:
        raise SystemExit(f"limit {limit_id}: end ({y:.4f}N {x:.4f}E) is {d_km:.1f} km off the coast "
                         f"(> {MAX_HOOK_KM} km): fix its position in {LIMITS_CSV.name}")
    v = near - np.array([x, y])
    norm = float(np.hypot(*v)) or 1.0
    for step in (0.003, 0.0015, 0.0005, 0.0002):
        q = near + v / norm * step
        if shapely.contains_xy(land, q[0], q[1]):
            return [tuple(near), tuple(q)]
    # a thin cape: any interior point of the land next to the nearest coast point
    q = shapely.point_on_surface(shapely.intersection(land, shapely.Point(near).buffer(0.003)))
    if shapely.is_empty(q) or not shapely.contains(land, q):
        raise SystemExit(f"limit {limit_id}: could not hook the end ({y:.4f}N {x:.4f}E) onto land")
    return [tuple(near), tuple(shapely.get_coordinates(q)[0])]


def limit_lines(limits, land) -> "OrderedDict[str, shapely.LineString]":
    lines = OrderedDict()
    for lid, pts in limits.items():
        coords = [leg_coords(a, b) for a, b in zip(pts[:-1], pts[1:])]
        coords.append(np.array([[pts[-1]["lon"], pts[-1]["lat"]]]))
        xy = np.vstack(coords)
        head = hook_to_land(xy[0], land, lid)[::-1]
        tail = hook_to_land(xy[-1], land, lid)
        full = ([np.array(head)] if head else []) + [xy] + ([np.array(tail)] if tail else [])
        lines[lid] = shapely.LineString(np.vstack(full))
    return lines


# --------------------------------------------------------------------------------------------
# faces and labels
# --------------------------------------------------------------------------------------------
def geod_area_km2(g) -> float:
    total = 0.0
    for p in shapely.get_parts(g):
        if shapely.get_type_id(p) != 3:
            continue
        a, _ = GEOD.geometry_area_perimeter(shapely.geometry.polygon.orient(p, 1.0))
        total += abs(a)
    return total / 1e6


def polygons_only(g):
    parts = shapely.get_parts(shapely.get_parts(g))
    parts = parts[(shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)]
    return shapely.multipolygons(parts) if len(parts) else shapely.from_wkt("MULTIPOLYGON EMPTY")


def water_faces(water, lines):
    """Faces of water cut by the limit lines (a planar partition of `water`)."""
    edges = shapely.union_all([shapely.boundary(water)] + list(lines.values()))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(edges)))
    shapely.prepare(water)
    pts = shapely.point_on_surface(faces)
    keep = shapely.contains(water, pts)
    faces = faces[keep]
    # deterministic order
    rp = shapely.get_coordinates(shapely.point_on_surface(faces))
    order = np.lexsort((rp[:, 0], rp[:, 1]))
    return faces[order]


def label_faces(faces) -> list:
    tree = shapely.STRtree(faces)
    labels: list = [None] * len(faces)
    for sea_id, sea in SEAS.items():
        for lon, lat in sea["seeds"]:
            hit = tree.query(shapely.Point(lon, lat), predicate="within")
            if len(hit) != 1:
                raise SystemExit(f"seed {sea_id} ({lat}N {lon}E) is not in the water of the region")
            i = int(hit[0])
            if labels[i] not in (None, sea_id):
                c = shapely.get_coordinates(shapely.point_on_surface(faces[i]))[0]
                raise SystemExit(f"limits leak: one face holds seeds of {labels[i]} and {sea_id} "
                                 f"(face near {c[1]:.2f}N {c[0]:.2f}E)")
            labels[i] = sea_id
    areas = np.array([geod_area_km2(f) for f in faces])
    # Unseeded faces join the labelled neighbour with the longest shared edge.
    changed = True
    while changed:
        changed = False
        for i in np.argsort(areas):
            if labels[i] is not None:
                continue
            best, best_len = None, 0.0
            for j in tree.query(faces[i], predicate="intersects"):
                if j == i or labels[j] is None:
                    continue
                shared = shapely.length(shapely.intersection(shapely.boundary(faces[i]), shapely.boundary(faces[j])))
                if shared > best_len:
                    best, best_len = int(j), shared
            if best is not None:
                if areas[i] > MERGE_KM2:
                    c = shapely.get_coordinates(shapely.point_on_surface(faces[i]))[0]
                    raise SystemExit(f"unseeded face of {areas[i]:,.0f} km2 near {c[1]:.2f}N {c[0]:.2f}E "
                                     f"(next to {labels[best]}): add a seed or fix a limit")
                labels[i] = labels[best]
                changed = True
    # What is left touches no seeded face at all: water enclosed by land only (lakes between two
    # countries' polygons such as Lake Khanka, lagoons).  It is no sea: left out.
    lost = [(areas[i], i) for i in range(len(faces)) if labels[i] is None]
    if lost:
        log(f"{len(lost)} enclosed water bodies without a sea ({sum(a for a, _ in lost):,.0f} km2, "
            f"largest {max(lost)[0]:,.0f} km2) left out")
    return labels


# --------------------------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------------------------
def close_channels(land, r: float = CLOSE_DEG):
    """Morphological closing of the land by r degrees: channels narrower than ~2r (Konaruto,
    Kobuseto, the Dokai-wan mouth, Uldolmok ...) become land, so a limit that lands on a small
    island next to the coast cannot leak through the gap behind it."""
    g = shapely.buffer(shapely.buffer(land, r, quad_segs=4), -r, quad_segs=4)
    g = shapely.simplify(g, LAND_SIMPLIFY_DEG, preserve_topology=True)
    return polygons_only(shapely.make_valid(g)) if not shapely.is_valid(g) else g


def build() -> dict:
    t0 = time.time()
    tgz, js = bz.fetch_source()
    log(f"coastline {bz.SOURCE['name']}@{bz.SOURCE['version']} (sha256 verified)")
    polys, _ = bz.load_land(js, LAND_WINDOW)
    real_land = shapely.union_all(polys)
    land = close_channels(real_land)
    shapely.prepare(land)
    region = shapely.box(*REGION)
    water = shapely.difference(region, land)
    log(f"land: {len(polys)} polygons; water of the region ready ({time.time() - t0:.0f} s)")

    limits = read_limits()
    lines = limit_lines(limits, land)
    faces = water_faces(water, lines)
    labels = label_faces(faces)
    log(f"{len(lines)} limit lines, {len(faces)} water faces ({time.time() - t0:.0f} s)")

    # The partition was made on the closed coast; give the seas back the real coast: the water
    # the closing took (narrow channels, coves) goes to the nearest face, and the real land is
    # removed.
    extra = shapely.get_parts(shapely.difference(shapely.difference(region, real_land), shapely.union_all(faces)))
    extra = extra[shapely.get_type_id(extra) == 3]
    near = shapely.STRtree(faces).query_nearest(extra, all_matches=False)
    extra_label = {}
    for e, f in zip(near[0], near[1]):
        extra_label.setdefault(labels[int(f)], []).append(extra[int(e)])
    log(f"{len(extra)} pieces of water between the closed and the real coast re-attached")

    fine = OrderedDict()
    shapely.prepare(real_land)
    for sea_id in SEAS:
        if sea_id == EXCLUDED:
            continue
        mine = [f for f, lab in zip(faces, labels) if lab == sea_id] + extra_label.get(sea_id, [])
        if not mine:
            raise SystemExit(f"sea {sea_id}: no water found")
        fine[sea_id] = polygons_only(shapely.difference(shapely.union_all(mine), real_land))
    ids = list(fine)
    simp = shapely.coverage_simplify(np.array([fine[k] for k in ids], dtype=object), SIMPLIFY_DEG)
    fine = OrderedDict((k, polygons_only(g)) for k, g in zip(ids, simp))

    def finish(g):
        g = polygons_only(shapely.set_precision(g, GRID_DEG))
        if not shapely.is_valid(g):
            g = polygons_only(shapely.make_valid(g))
        return shapely.normalize(g)

    main_rows, sub_rows = [], []
    for sea_id, sea in SEAS.items():
        if sea_id == EXCLUDED:
            continue
        if sea["parent"] is None:
            parts = [fine[sea_id]] + [fine[k] for k, s in SEAS.items() if s["parent"] == sea_id]
            main_rows.append((sea_id, finish(shapely.union_all(parts))))
        else:
            sub_rows.append((sea_id, finish(fine[sea_id])))
    stats = dict(seconds=round(time.time() - t0, 1), tgz=tgz, faces=len(faces), lines=len(lines),
                 extra=len(extra))
    return dict(main=main_rows, sub=sub_rows, stats=stats)


# Published areas, for comparison only.  Each figure belongs to a definition of its own, so each is
# compared with the same definition computed from this build's polygons (shapefiles/SEA_AREAS.md).
QIDONG = (121.97, 31.69)   # Qidong Jiao, north side of the Yangtze mouth (approx.)
JEJU_SW = (126.16, 33.22)  # south-west tip of Jeju (approx.)
COMPARISONS = [
    ("sea_of_japan", "Sea of Japan (S-23)", 978_000, "encyclopaedic figure (Wikipedia, Britannica)"),
    ("yellow_sea_conventional", "Yellow Sea without the Bohai Sea, south limit Yangtze mouth (Qidong) - SW Jeju",
     380_000, "Britannica: the Yellow Sea proper without the Bo Hai, bounded by the Yangtze mouth - Cheju line"),
    ("yellow_sea", "Yellow Sea (S-23, with the Bohai Sea)", None, "S-23 south limit 33deg17'N"),
    ("east_china_sea", "East China Sea (S-23)", 752_000,
     "figure quoted for the East China Sea without the Yellow Sea"),
    ("ecs_yellow_bohai", "East China Sea + Yellow Sea + Bohai Sea (S-23)", 1_249_000,
     "the usual 'East China Sea' figure (Wikipedia), which evidently includes the Yellow Sea"),
    ("sea_of_okhotsk", "Sea of Okhotsk (S-23)", 1_583_000, "encyclopaedic figure (Wikipedia)"),
    ("bohai_sea", "Bohai Sea (Laotieshan - Penglai)", 77_000, "Chinese sources (7.7e4 km2)"),
    ("taiwan_strait", "Taiwan Strait (S-23 north limit, Maobitou - Nan'ao south limit)", 80_000,
     "Chinese sources give 80,000-90,000 km2 for differing limits"),
    ("seto_inland_sea", "Seto Inland Sea (S-23)", 23_203,
     "Japanese figure, apparently for the limits of Japanese law (wider than S-23's in the Kii Suido)"),
]


def conventional_strip(ecs):
    """The part of the S-23 East China Sea north of the Qidong - SW Jeju line (conventionally the
    Yellow Sea): between that geodesic and the parallel 33deg17'N."""
    n = 60
    mid = GEOD.npts(QIDONG[0], QIDONG[1], JEJU_SW[0], JEJU_SW[1], n)
    ring = [QIDONG] + [tuple(p) for p in mid] + [JEJU_SW, (JEJU_SW[0], 33.2833), (119.0, 33.2833), (119.0, QIDONG[1])]
    return shapely.intersection(ecs, shapely.Polygon(ring))


def comparison_areas(rows: dict) -> dict:
    """Areas (km2) of the COMPARISONS keys from {sea_id: geometry} of both layers."""
    a = {k: geod_area_km2(g) for k, g in rows.items()}
    a["yellow_sea_conventional"] = (a["yellow_sea"] - a["bohai_sea"]
                                    + geod_area_km2(conventional_strip(rows["east_china_sea"])))
    a["ecs_yellow_bohai"] = a["east_china_sea"] + a["yellow_sea"]
    return a


def all_rows(result) -> dict:
    return dict(result["main"]) | dict(result["sub"])


# --------------------------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------------------------
def write_gpkg(result, path: Path) -> None:
    """Both layers into `path` (a new file)."""
    import geopandas as gpd
    import pyogrio

    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": f"{EDITION}T00:00:00Z"})
    main = gpd.GeoDataFrame(
        [{k: (sea_id if k == "sea_id" else SEAS[sea_id][k]) for k in MAIN_FIELDS} for sea_id, _ in result["main"]],
        geometry=[g for _, g in result["main"]], crs="EPSG:4326")
    sub = gpd.GeoDataFrame(
        [dict({k: (sea_id if k == "sea_id" else SEAS[sea_id][k]) for k in MAIN_FIELDS}, parent_id=SEAS[sea_id]["parent"])
         for sea_id, _ in result["sub"]],
        geometry=[g for _, g in result["sub"]], crs="EPSG:4326")
    main.to_file(path, layer="sea_areas", driver="GPKG", engine="pyogrio")
    sub.to_file(path, layer="sea_sub_areas", driver="GPKG", engine="pyogrio")


def write_atomic(result, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{STEM}.gpkg"
    fd, tmp = tempfile.mkstemp(prefix=f".{STEM}.", suffix=".gpkg", dir=out_dir)
    os.close(fd)
    os.unlink(tmp)  # GDAL wants to create the file itself
    try:
        write_gpkg(result, Path(tmp))
        os.replace(tmp, target)
    finally:
        for p in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
            if os.path.exists(p):
                os.unlink(p)
    return target


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def areas_markdown(result, gpkg: Path) -> str:
    rows = all_rows(result)
    areas = comparison_areas(rows)
    out = ["| sea_id | layer | area (km², geodesic, WGS84) |", "|---|---|---:|"]
    for sea_id, _ in result["main"]:
        out.append(f"| `{sea_id}` | sea_areas | {areas[sea_id]:,.0f} |")
    for sea_id, _ in result["sub"]:
        out.append(f"| `{sea_id}` | sea_sub_areas | {areas[sea_id]:,.0f} |")
    out += ["", "| compared | this build (km²) | published (km²) | difference | published figure |",
            "|---|---:|---:|---:|---|"]
    for key, label, pub, note in COMPARISONS:
        diff = f"{(areas[key] - pub) / pub * 100:+.1f} %" if pub else "—"
        out.append(f"| {label} | {areas[key]:,.0f} | {f'{pub:,}' if pub else '—'} | {diff} | {note} |")
    out += ["", f"`{gpkg.name}`: {gpkg.stat().st_size:,} bytes, sha256 `{sha256(gpkg)}`; "
            f"`{LIMITS_CSV.name}` sha256 `{sha256(LIMITS_CSV)}`; coastline tarball sha256 "
            f"`{bz.SOURCE['sha256']}`; {result['stats']['faces']} water faces, "
            f"{result['stats']['lines']} limit lines."]
    return "\n".join(out)


def update_provenance(text_block: str, path: Path = PROVENANCE) -> None:
    """Rewrite the generated block between the area markers of SEA_AREAS.md (atomically)."""
    if not path.exists():
        return
    src = path.read_text(encoding="utf-8")
    a, b = "<!-- areas:start -->", "<!-- areas:end -->"
    if a not in src or b not in src:
        return
    new = src[: src.index(a) + len(a)] + "\n" + text_block + "\n" + src[src.index(b):]
    if new != src:
        fd, tmp = tempfile.mkstemp(prefix=".SEA_AREAS.", suffix=".md", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(new)
            os.chmod(tmp, path.stat().st_mode & 0o777)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def print_areas(result) -> None:
    rows = all_rows(result)
    areas = comparison_areas(rows)
    for sea_id in rows:
        print(f"  {sea_id:18s} {areas[sea_id]:>12,.0f} km2")
    print("  compared with published figures:")
    for key, label, pub, _ in COMPARISONS:
        if pub:
            print(f"  {label[:60]:60s} {areas[key]:>12,.0f} km2  published {pub:>10,}  "
                  f"({(areas[key] - pub) / pub * 100:+.1f} %)")


def read_layers(path: Path) -> dict:
    import pyogrio
    out = {}
    for layer in ("sea_areas", "sea_sub_areas"):
        df = pyogrio.read_dataframe(path, layer=layer)
        out[layer] = df
    return out


def check(out_dir: Path) -> int:
    shipped = out_dir / f"{STEM}.gpkg"
    if not shipped.exists():
        print(f"--check: {shipped} does not exist", file=sys.stderr)
        return 1
    result = build()
    with tempfile.TemporaryDirectory(prefix=".sea-areas-check-", dir=ROOT) as tmp:
        fresh = write_atomic(result, Path(tmp))
        a, b = read_layers(shipped), read_layers(fresh)
        ok = True
        for layer in a:
            da, db = a[layer], b[layer]
            cols = [c for c in da.columns if c != "geometry"]
            if list(da.columns) != list(db.columns) or not da[cols].equals(db[cols]):
                print(f"--check: layer {layer}: attributes differ", file=sys.stderr)
                ok = False
                continue
            for (sid, ga), gb in zip(da[["sea_id", "geometry"]].itertuples(index=False), db.geometry):
                if not shapely.equals_exact(ga, gb, tolerance=0):
                    print(f"--check: layer {layer}: geometry of {sid} differs", file=sys.stderr)
                    ok = False
        same_bytes = sha256(shipped) == sha256(fresh)
    print(f"--check: geometry and attributes {'identical' if ok else 'DIFFER'}; "
          f"file bytes {'identical' if same_bytes else 'differ'}")
    return 0 if ok else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default shapefiles/)")
    ap.add_argument("--check", action="store_true",
                    help="rebuild and verify the file in --out against the build (writes nothing there)")
    args = ap.parse_args(argv)
    if args.check:
        return check(args.out)
    result = build()
    gpkg = write_atomic(result, args.out)
    log(f"wrote {gpkg} ({gpkg.stat().st_size:,} bytes) in {result['stats']['seconds']} s")
    print_areas(result)
    if args.out.resolve() == OUT_DIR.resolve():
        update_provenance(areas_markdown(result, gpkg))
    return 0


if __name__ == "__main__":
    sys.exit(main())
