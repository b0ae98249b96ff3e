#!/usr/bin/env python3
"""Compare the bundled zones (shapefiles/) with the Marine Regions reference extracts.

    python scripts/compare_zones.py                 # print the figures
    python scripts/compare_zones.py --write-readme  # also refresh the figures in shapefiles/README.md
    python scripts/compare_zones.py --agreed-lines  # the 1974 Japan-Korea line (scripts/agreed_lines.py)

Japan's claim = every sea piece whose sovereigns include JPN (territorial sea, contiguous zone,
EEZ, overlapping claims, joint regimes).  Reference = Marine Regions MRGID 8487 ∪ {48950,
48954, 48955, 21796} from the read-only extracts in ../shared/data/marineregions/ (never copied
into this repository).  Printed:

* IoU of the two areas (areas in the equal-area EPSG:6933, never in degrees);
* Japan's areas by zone type (geodesic), and grouped like Japan's official figures next to them;
* verdict agreement on random sea points >= 30 km from the reference boundary;
* offsets between the outer limits: for points every ~2 km along the computed limit (coast
  excluded), the geodesic distance to the reference limit, and the other way round; median and
  95th percentile, and the places where they differ most, with the reason.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from zonebuild.baselines import DisputedFeatures  # noqa: E402
from zonebuild.common import GEOD, read_csv  # noqa: E402
from zonebuild.geodesy import ecef, nearest_geodesic  # noqa: E402
from zonebuild.geometry import polygons_only  # noqa: E402
from zonebuild.target import country_name, eez_name, load_target, named_countries  # noqa: E402

import agreed_lines  # noqa: E402

REF_DIR = ROOT.parent / "shared" / "data" / "marineregions"
REF_V12 = REF_DIR / "eez_v12_simplified" / "eez_simplified.geojson"
REF_V10 = REF_DIR / "eez_v10_s05" / "eez_s05.shp"
BUNDLED = ROOT / "shapefiles" / "japan_zones.shp"
JAPAN_MRGIDS = (8487, 48950, 48954, 48955, 21796)
POINT_BOX = (110.0, 10.0, 165.0, 52.0)

# Known reasons for differences, by area (W, S, E, N).
REASONS = [
    ((129.5, 36.0, 134.5, 40.5), "Liancourt Rocks (Takeshima/Dokdo): Japan's view gives the rocks "
     "a full 200 NM median-line zone (here an overlapping claim); Marine Regions v12 keeps only ~12 NM "
     "around them as overlapping and the rest as Korean EEZ"),
    ((124.5, 28.0, 130.0, 33.5), "East China Sea / Japan-Korea joint development zone: Marine Regions "
     "counts the whole 1974 joint regime area, part of which lies on Korea's side of the median line"),
    ((122.0, 24.0, 126.0, 28.0), "Senkaku / East China Sea median line: Marine Regions' Senkaku "
     "overlapping-claim and Japan-China-Taiwan lines differ from a pure median line"),
    ((144.0, 42.0, 153.0, 47.5), "Southern Kurils: the Kuril overlapping-claim extent in Marine "
     "Regions is drawn differently from the Voronoi cells of the four islands"),
    ((125.0, 18.0, 140.0, 22.5), "Philippines/Taiwan/Okinotorishima: baseline detail of Bashi "
     "channel islands and the Okinotorishima reef"),
    ((136.0, 22.0, 160.0, 35.0), "Pacific arcs of Izu/Ogasawara islets: small rocks present in one "
     "coastline and not the other"),
]


def reference_available() -> bool:
    return REF_V12.exists()


def load_reference(path: Path = REF_V12, mrgids=JAPAN_MRGIDS):
    import geopandas as gpd

    df = gpd.read_file(path)
    col = "mrgid" if "mrgid" in df.columns else "MRGID"
    sel = df[df[col].isin(mrgids)]
    return polygons_only(shapely.union_all(shapely.make_valid(sel.geometry.values)))


def load_bundled(path: Path = BUNDLED):
    import geopandas as gpd

    return gpd.read_file(path)


def union_clean(geoms, min_hole_deg2: float = 1e-8, slit_deg: float = 1e-7):
    """Union of touching pieces, without the zero-area holes that floating-point noding can
    leave where three pieces meet (holes under ~1e-4 km²) and without the zero-width slits it
    can leave where two pieces' edges meet at a limit (narrower than 2 slit_deg, ~2 cm)."""
    u = polygons_only(shapely.union_all(list(geoms)))
    shut = shapely.buffer(shapely.buffer(u, slit_deg, quad_segs=1, join_style="mitre"), -slit_deg,
                          quad_segs=1, join_style="mitre")
    u = polygons_only(shapely.union(u, polygons_only(shut)))
    out = []
    for p in shapely.get_parts(u):
        holes = [shapely.get_interior_ring(p, i) for i in range(shapely.get_num_interior_rings(p))]
        holes = [h for h in holes if shapely.area(shapely.polygons(h)) >= min_hole_deg2]
        out.append(shapely.polygons(shapely.get_exterior_ring(p), holes=holes or None))
    return shapely.multipolygons(out)


def japan_claim(df):
    sea = df[(df.zone_type != "land") & df.sovereigns.str.split(";").apply(lambda s: "JPN" in s)]
    return union_clean(sea.geometry.values)


def area_km2(geoms) -> np.ndarray:
    import geopandas as gpd

    return gpd.GeoSeries(list(np.atleast_1d(geoms)), crs="EPSG:4326").to_crs("EPSG:6933").area.values / 1e6


def iou(a, b) -> float:
    i, u = area_km2([shapely.intersection(a, b), shapely.union(a, b)])
    return float(i / u)


def boundary_points(geom, step_deg: float = 0.02) -> np.ndarray:
    """Points every step_deg (<= ~2 km) along the boundary of geom."""
    b = shapely.segmentize(shapely.boundary(geom), step_deg)
    return shapely.get_coordinates(b)


def distance_to_points_km(xy, target_xy, k: int = 4) -> np.ndarray:
    """Geodesic distance (km) from each xy to the nearest target point."""
    from scipy.spatial import cKDTree

    tree = cKDTree(ecef(target_xy[:, 0], target_xy[:, 1]))
    _, idx = tree.query(ecef(xy[:, 0], xy[:, 1]), k=k)
    _, _, d = GEOD.inv(np.repeat(xy[:, 0], k), np.repeat(xy[:, 1], k),
                       target_xy[idx.ravel(), 0], target_xy[idx.ravel(), 1])
    return d.reshape(len(xy), k).min(axis=1) / 1000.0


def chord_distance_km(xy, target_xy) -> np.ndarray:
    from scipy.spatial import cKDTree

    tree = cKDTree(ecef(target_xy[:, 0], target_xy[:, 1]))
    d, _ = tree.query(ecef(xy[:, 0], xy[:, 1]))
    return d / 1000.0


def sea_sample(df, ref, n: int, seed: int = 20261125, min_km: float = 30.0):
    """n random points in POINT_BOX, off land, >= min_km from the reference boundary."""
    land = shapely.union_all(df[df.zone_type == "land"].geometry.values)
    shapely.prepare(land)
    ref_b = boundary_points(ref, 0.01)
    rng = np.random.default_rng(seed)
    W, S, E, N = POINT_BOX
    out = []
    while sum(len(o) for o in out) < n:
        m = 4 * n
        # uniform on the sphere within the box
        lon = rng.uniform(W, E, m)
        z = rng.uniform(np.sin(np.radians(S)), np.sin(np.radians(N)), m)
        lat = np.degrees(np.arcsin(z))
        xy = np.stack([lon, lat], axis=1)
        xy = xy[~shapely.contains_xy(land, xy[:, 0], xy[:, 1])]
        xy = xy[chord_distance_km(xy, ref_b) >= min_km]
        out.append(xy)
    return np.concatenate(out)[:n]


def verdict_agreement(df, ref, n: int = 100_000):
    mine = japan_claim(df)
    shapely.prepare(mine)
    shapely.prepare(ref)
    xy = sea_sample(df, ref, n)
    a = shapely.contains_xy(mine, xy[:, 0], xy[:, 1])
    b = shapely.contains_xy(ref, xy[:, 0], xy[:, 1])
    return float((a == b).mean()), xy[a != b]


def outer_limit_offsets(df, ref):
    """Offsets (km) computed->reference and reference->computed along the outer limits."""
    mine = japan_claim(df)
    land = union_clean(df[df.zone_type == "land"].geometry.values)
    land_b = boundary_points(land, 0.02)
    pm = boundary_points(mine, 0.02)
    pr = boundary_points(ref, 0.02)
    # drop the coast (inner boundary) on both: points on land or within 20 km of it (the
    # reference coast is rounded to 0.1 deg, ~11 km, so its coast wanders that far)
    shapely.prepare(land)
    pm = pm[chord_distance_km(pm, land_b) > 20.0]
    pr = pr[~shapely.contains_xy(land, pr[:, 0], pr[:, 1])]
    pr = pr[chord_distance_km(pr, land_b) > 20.0]
    d_mr = distance_to_points_km(pm, pr)
    d_rm = distance_to_points_km(pr, pm)
    return pm, d_mr, pr, d_rm


def largest_differences(pm, d, top: int = 5):
    """Cluster the worst offsets into 3-degree cells and explain them."""
    order = np.argsort(-d)
    seen, out = set(), []
    for i in order:
        key = (int(pm[i, 0] // 3), int(pm[i, 1] // 3))
        if key in seen:
            continue
        seen.add(key)
        x, y = pm[i]
        why = next((r for (w, s, e, n), r in REASONS if w <= x <= e and s <= y <= n),
                   "simplified reference (0.05° Douglas-Peucker, 0.1° rounding) or baseline detail")
        out.append((float(d[i]), float(x), float(y), why))
        if len(out) >= top:
            break
    return out


# --------------------------------------------------------------------------------------------
# error budget, measured from the bundled output itself with pyproj.Geod
# --------------------------------------------------------------------------------------------
TARGET = load_target("JPN")


def baseline_groups(df) -> dict:
    """Baseline point sets (lon/lat, <= 0.5 km apart) by generator group, from the output's land
    (and internal waters, whose closing lines are baselines) plus scripts/data/baseline_points.csv:
    'JPN' (Japan without the disputed features), one per
    disputed feature id, one per neighbour eez row (keyed by its name; left out when its coast
    lies outside the region, e.g. the Aleutians)."""
    disputed = DisputedFeatures.of(TARGET)
    extra = read_csv(TARGET.baseline_points)
    exy = np.array([[float(r["lon"]), float(r["lat"])] for r in extra])
    eterr = np.array([r["territory"] for r in extra])
    efeat = np.array([disputed.ids[i] if i >= 0 else "" for i in disputed.index_at(exy[:, 0], exy[:, 1])],
                     dtype=object)
    fname = {r["name"]: r["feature_id"] for r in disputed.rows}

    def coast(geoms):
        b = shapely.segmentize(shapely.boundary(shapely.union_all(list(geoms))), 0.0045)
        return shapely.get_coordinates(b)

    land = df[df.zone_type == "land"]
    groups = {}
    jp = land[land.sovereigns == "JPN"]
    # the closing lines of internal waters are baselines: the boundary of those waters (closing
    # lines + the coast inside them) is part of Japan's baseline set
    inner = df[(df.zone_type == "internal_waters") & (df.sovereigns == "JPN")]
    closing = [coast(inner.geometry)] if len(inner) else []
    groups["JPN"] = np.concatenate([coast(jp.geometry), *closing, exy[(eterr == "JPN") & (efeat == "")]])
    for _, row in land[land.name.str.startswith("Disputed land ")].iterrows():
        groups[fname[row["name"][len("Disputed land "):]]] = coast([row.geometry])
    for fid in set(efeat) - {""}:
        pts = exy[efeat == fid]
        groups[fid] = np.concatenate([groups[fid], pts]) if fid in groups else pts
    # the straight baselines themselves (where the internal waters behind them are not in the
    # output, e.g. under an overlapping claim), each sample Japan's or its disputed feature's
    for fid, pts in straight_baseline_points(disputed).items():
        groups[fid] = np.concatenate([groups[fid], pts]) if fid in groups else pts
    eez_names = {c: eez_name(c) for c in named_countries()}
    for _, row in df[(df.zone_type == "eez") & (df.sovereigns != "JPN")].iterrows():
        terr = [c for c, n in eez_names.items() if n == row["name"]]
        if len(terr) != 1:
            raise ValueError(f"cannot tell the territory of {row['name']!r}")
        cand = land[(land.sovereigns == row.sovereigns) & (land.name == country_name(terr[0]))]
        if not len(cand):
            continue
        pts = exy[np.isin(eterr, terr) & (efeat == "")]
        groups[row["name"]] = np.concatenate([coast(cand.geometry), pts])
    return groups


def straight_baseline_points(disputed) -> dict:
    """{'JPN' or disputed feature id: (n, 2) points <= 0.5 km apart on the target's straight
    baselines} (none when the target has no straight-baselines table)."""
    if not TARGET.straight_baselines:
        return {}
    from zonebuild.internal import geodesic_polyline
    from zonebuild.straight import read_chains

    xy = np.concatenate([geodesic_polyline(c.points, 0.5) for c in read_chains(TARGET.straight_baselines)])
    fi = disputed.index_at(xy[:, 0], xy[:, 1])
    out = {"JPN": xy[fi < 0]}
    for i in set(fi[fi >= 0].tolist()):
        out[disputed.ids[i]] = xy[fi == i]
    return out


def group_of(row) -> str:
    if row.zone_type == "overlapping_claim":
        return next(r["feature_id"] for r in read_csv(TARGET.disputed_features)
                    if row["name"] == f"Overlapping claim {r['name']}")
    return "JPN" if row.sovereigns == "JPN" else row["name"]


def dist_km(xy, pts) -> np.ndarray:
    d, _ = nearest_geodesic(xy[:, 0], xy[:, 1], pts[:, 0], pts[:, 1], k=6)
    return d / 1000.0


def frame_km(xy, region) -> np.ndarray:
    """Lower bound of the distance (km) from xy to the region's frame: a baseline outside the
    region (unknown here) can only be nearer than this."""
    W, S, E, N = region
    lat_km = 110.5 * np.minimum(xy[:, 1] - S, N - xy[:, 1])
    lon_km = (111.0 * np.cos(np.radians(np.minimum(np.abs(xy[:, 1]) + 3, 89)))
              * np.minimum(xy[:, 0] - W, E - xy[:, 0]))
    return np.minimum(lat_km, lon_km)


def shared_boundary_points(a, b, step=0.05, rng=None, n=400) -> np.ndarray:
    line = shapely.intersection(shapely.boundary(a), shapely.boundary(b))
    parts = shapely.get_parts(shapely.get_parts(line))
    parts = parts[np.isin(shapely.get_type_id(parts), [1, 2])]
    if not len(parts):
        return np.empty((0, 2))
    xy = shapely.get_coordinates(shapely.segmentize(shapely.multilinestrings(parts), step))
    if rng is not None and len(xy) > n:
        xy = xy[rng.choice(len(xy), n, replace=False)]
    return xy


def outer_limit_errors(df, groups, region, seed: int = 11):
    """(points, |d - 200 NM| km, on Japan's limit) for points every ~5 km on the seaward limit
    of all zones (coast, region frame and limits of states without known coast left out)."""
    W, S, E, N = region
    allz = union_clean(df.geometry.values)
    xy = shapely.get_coordinates(shapely.segmentize(shapely.boundary(allz), 0.05))
    xy = xy[(xy[:, 0] > W + 0.5) & (xy[:, 0] < E - 0.5) & (xy[:, 1] > S + 0.5) & (xy[:, 1] < N - 0.5)]
    sea = df[df.zone_type != "land"]
    unknown = [r["name"] for _, r in sea.iterrows() if group_of(r) not in groups]
    if unknown:
        ug = shapely.union_all(sea[sea.name.isin(unknown)].geometry.values)
        xy = xy[~shapely.dwithin(ug, shapely.points(xy), 1e-6)]
    d = dist_km(xy, np.concatenate(list(groups.values())))
    ok = (d > 100) & (d < frame_km(xy, region))
    xy, d = xy[ok], d[ok]
    jp = shapely.union_all(df[df.sovereigns.str.contains("JPN") & (df.zone_type != "land")].geometry.values)
    shapely.prepare(jp)
    on_jp = shapely.dwithin(jp, shapely.points(xy), 1e-7)
    return xy, np.abs(d - 200 * 1852.0 / 1000), on_jp


def median_line_errors(df, groups, region, seed: int = 5, per_pair: int = 600):
    """[(piece i, piece j, points, |d_i - d_j| km)] on boundaries between pieces of different
    generator groups (where both coasts are known and >= 2 km away)."""
    rng = np.random.default_rng(seed)
    sea = df[df.zone_type != "land"].reset_index(drop=True)
    gr = [group_of(r) for _, r in sea.iterrows()]
    tree = shapely.STRtree(sea.geometry.values)
    left, right = tree.query(sea.geometry.values, predicate="touches")
    out = []
    for i, j in zip(left, right):
        if i >= j or gr[i] == gr[j] or gr[i] not in groups or gr[j] not in groups:
            continue
        xy = shared_boundary_points(sea.geometry[i], sea.geometry[j], rng=rng, n=per_pair)
        if not len(xy):
            continue
        di, dj = dist_km(xy, groups[gr[i]]), dist_km(xy, groups[gr[j]])
        keep = (np.minimum(di, dj) > 2.0) & (np.maximum(di, dj) < frame_km(xy, region))
        if keep.any():
            out.append((sea.name[i], sea.name[j], xy[keep], np.abs(di - dj)[keep]))
    return out


def specified_sea_areas(path: Path = BUNDLED):
    """The specified sea areas (3-NM territorial sea) as built, from the JSON sidecar: one
    lon/lat polygon per area (empty when the build has none)."""
    import json

    meta = json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))
    return [shapely.make_valid(shapely.Polygon(a["ring"])) for a in meta.get("specified_sea_areas", [])]


def band_errors(df, groups, seed: int = 3, n: int = 3000, path: Path = BUNDLED):
    """{12: |d - 12 NM|, 24: |d - 24 NM|, 3: |d - 3 NM|} km on Japan's TS/CZ and CZ/EEZ lines.

    The TS/CZ line inside the specified sea areas is the 3-NM line or one of the areas' side
    lines (Order Art. 4): those points are left out of the 12-NM figure; the 3-NM figure is taken
    on the TS/CZ line inside the areas more than 1 km from their side lines (the ring)."""
    rng = np.random.default_rng(seed)
    jp = {t: df[(df.sovereigns == "JPN") & (df.zone_type == t)].geometry.iloc[0]
          for t in ("territorial_sea", "contiguous_zone", "eez")}
    areas = specified_sea_areas(path)
    straits = shapely.union_all(areas) if areas else shapely.from_wkt("POLYGON EMPTY")
    near_ring = shapely.buffer(shapely.boundary(straits), 0.012) if areas else straits
    out = {}
    for a, b, r_nm in (("territorial_sea", "contiguous_zone", 12), ("contiguous_zone", "eez", 24)):
        xy = shared_boundary_points(jp[a], jp[b], step=0.02, rng=rng, n=n)
        d = dist_km(xy, groups["JPN"])
        if r_nm == 12 and areas:
            in_area = shapely.contains_xy(shapely.buffer(straits, 0.012), xy[:, 0], xy[:, 1])
            inner = (shapely.contains_xy(straits, xy[:, 0], xy[:, 1])
                     & ~shapely.contains_xy(near_ring, xy[:, 0], xy[:, 1]))
            if inner.any():
                out[3] = np.abs(d[inner] - 3 * 1852.0 / 1000)
            d = d[~in_area]
        out[r_nm] = np.abs(d - r_nm * 1852.0 / 1000)
    return out


ZONE_TYPE_ORDER = ("internal_waters", "territorial_sea", "contiguous_zone", "joint_regime",
                   "overlapping_claim", "eez")


def zone_type_areas(df) -> dict:
    """Geodesic area (km², WGS84) of Japan's sea pieces by zone type (shared pieces included)."""
    from zonebuild.geometry import area_km2 as geodesic_area_km2

    sea = df[(df.zone_type != "land") & df.sovereigns.str.split(";").apply(lambda s: "JPN" in s)]
    return {zt: sum(geodesic_area_km2(g) for g in sea[sea.zone_type == zt].geometry)
            for zt in ZONE_TYPE_ORDER if (sea.zone_type == zt).any()}


#: Japan's official areas (km²): Japan Coast Guard figures as published by the Tokyo Metropolitan
#: Government — territorial sea incl. internal waters, EEZ incl. the contiguous zone, total.
#: They count the disputed features as Japanese (Japan's view).
OFFICIAL_KM2 = {"ts_iw": 430_000.0, "eez_cz": 4_050_000.0, "total": 4_470_000.0}


def disputed_12nm_km2(df) -> float:
    """Area (km²) of the overlapping claims within 12 NM of their disputed land and points —
    the territorial sea (and internal waters) those features have in Japan's view."""
    from pyproj import Transformer

    from zonebuild.geometry import area_km2 as geodesic_area_km2

    extra = read_csv(TARGET.baseline_points)
    total = 0.0
    for _, row in df[df.zone_type == "overlapping_claim"].iterrows():
        name = row["name"][len("Overlapping claim "):]
        geoms = list(df[df.name == f"Disputed land {name}"].geometry)
        geoms += [shapely.Point(float(r["lon"]), float(r["lat"])) for r in extra
                  if shapely.contains_xy(shapely.envelope(row.geometry), float(r["lon"]), float(r["lat"]))]
        g = shapely.union_all(geoms)
        c = shapely.centroid(g)
        # local azimuthal equidistant projection: 12 NM buffers true to metres over a few degrees
        fwd = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +ellps=WGS84", always_xy=True)
        inv = Transformer.from_crs(fwd.target_crs, "EPSG:4326", always_xy=True)
        band = shapely.buffer(shapely.transform(g, lambda a: np.column_stack(fwd.transform(a[:, 0], a[:, 1]))),
                              12 * 1852.0, quad_segs=32)
        band = shapely.transform(band, lambda a: np.column_stack(inv.transform(a[:, 0], a[:, 1])))
        total += geodesic_area_km2(shapely.intersection(band, row.geometry))
    return total


def official_comparison(zone_areas: dict, df) -> dict:
    """The bundled areas grouped as the official figures are (km²), Japan's view."""
    ts_iw = zone_areas.get("internal_waters", 0.0) + zone_areas.get("territorial_sea", 0.0)
    disputed = disputed_12nm_km2(df)
    total = sum(zone_areas.values())
    return {"ts_iw_own": ts_iw, "ts_iw_disputed": disputed, "ts_iw": ts_iw + disputed,
            "eez_cz": total - ts_iw - disputed, "total": total}


def format_official(off: dict) -> list[str]:
    """Lines: the bundled areas next to the official ones, with the relative difference."""
    def row(label, key, extra=""):
        mine, ref = off[key], OFFICIAL_KM2[key]
        return f"  {label}: {mine:,.0f} km²{extra} vs official ≈ {ref:,.0f} km² ({100 * (mine / ref - 1):+.1f} %)"
    return [
        "Against the official areas (Japan Coast Guard, published by the Tokyo Metropolitan Government; Japan's view):",
        row("territorial sea + internal waters", "ts_iw",
            f" (Japan's own rows {off['ts_iw_own']:,.0f} + {off['ts_iw_disputed']:,.0f} within 12 NM of the disputed features)"),
        row("EEZ + contiguous zone (the rest, overlapping claims included)", "eez_cz"),
        row("total", "total"),
    ]


def run(n_points: int = 100_000, path: Path = BUNDLED) -> dict:
    df = load_bundled(path)
    ref = load_reference()
    res = {"iou_v12": iou(japan_claim(df), ref), "zone_areas": zone_type_areas(df)}
    res["official"] = official_comparison(res["zone_areas"], df)
    if REF_V10.exists():
        res["iou_v10"] = iou(japan_claim(df), load_reference(REF_V10))
    res["agreement"], _ = verdict_agreement(df, ref, n_points)
    res["n_points"] = n_points
    pm, d_mr, pr, d_rm = outer_limit_offsets(df, ref)
    res["computed_to_ref_median_km"] = float(np.median(d_mr))
    res["computed_to_ref_p95_km"] = float(np.percentile(d_mr, 95))
    res["ref_to_computed_median_km"] = float(np.median(d_rm))
    res["ref_to_computed_p95_km"] = float(np.percentile(d_rm, 95))
    res["largest"] = largest_differences(pm, d_mr) + largest_differences(pr, d_rm)[:3]
    res["area_mine_km2"], res["area_ref_km2"] = (float(a) for a in area_km2([japan_claim(df), ref]))
    res.update(budget(df, path))
    return res


def budget(df, path: Path = BUNDLED) -> dict:
    import json

    region = json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))["region"]
    groups = baseline_groups(df)
    _, e200, on_jp = outer_limit_errors(df, groups, region)
    med = np.concatenate([m[3] for m in median_line_errors(df, groups, region)])
    bands = band_errors(df, groups, path=path)
    return {"limit_n": int(len(e200)), "limit_max_km": float(e200.max()),
            "limit_p95_km": float(np.percentile(e200, 95)),
            "limit_jp_max_km": float(e200[on_jp].max()),
            "median_n": int(len(med)), "median_max_km": float(med.max()),
            "median_p95_km": float(np.percentile(med, 95)),
            "ts_max_km": float(bands[12].max()), "cz_max_km": float(bands[24].max()),
            **({"ts3_n": int(len(bands[3])), "ts3_max_km": float(bands[3].max())} if 3 in bands else {})}


def format_report(res: dict) -> str:
    lines = [
        f"IoU (Japan's claim vs Marine Regions v12 8487+48950+48954+48955+21796, EPSG:6933): {res['iou_v12']:.4f}",
    ]
    if "iou_v10" in res:
        lines.append(f"IoU against the v10 extract (for information): {res['iou_v10']:.4f}")
    lines += [
        f"Area: computed {res['area_mine_km2']:,.0f} km², reference {res['area_ref_km2']:,.0f} km²",
        "Japan's zones by type (geodesic, WGS84): " + ", ".join(
            f"{zt} {a:,.0f} km²" for zt, a in res["zone_areas"].items()),
        *format_official(res["official"]),
        f"Verdict agreement on {res['n_points']:,} random sea points >= 30 km from the reference "
        f"boundary (110-165E, 10-52N): {100 * res['agreement']:.3f} %",
        f"Outer limit offset, computed -> reference: median {res['computed_to_ref_median_km']:.1f} km, "
        f"95th percentile {res['computed_to_ref_p95_km']:.1f} km",
        f"Outer limit offset, reference -> computed: median {res['ref_to_computed_median_km']:.1f} km, "
        f"95th percentile {res['ref_to_computed_p95_km']:.1f} km",
        "Largest differences:",
    ]
    tail = [
        "Error budget measured on this output (pyproj.Geod, from the land boundary, the internal waters' seaward lines (closing lines, straight baselines) + baseline_points.csv):",
        f"  200 NM limit: {res['limit_n']:,} points, |d - 370.4 km| max {res['limit_max_km']:.3f} km "
        f"(p95 {res['limit_p95_km']:.3f}; Japan's limit max {res['limit_jp_max_km']:.3f})",
        f"  median lines: {res['median_n']:,} points, |d1 - d2| max {res['median_max_km']:.3f} km "
        f"(p95 {res['median_p95_km']:.3f})",
        f"  Japan 12 NM line max error {res['ts_max_km']:.3f} km, 24 NM line {res['cz_max_km']:.3f} km",
    ]
    if "ts3_max_km" in res:
        tail.append(f"  3 NM line in the specified sea areas: {res['ts3_n']:,} points, max error {res['ts3_max_km']:.3f} km")
    for d, x, y, why in res["largest"]:
        lines.append(f"  - {d:6.1f} km at {x:.2f}E {y:.2f}N: {why}")
    return "\n".join(lines + tail)


def write_readme(report: str) -> None:
    path = ROOT / "shapefiles" / "README.md"
    text = path.read_text(encoding="utf-8")
    block = f"<!-- comparison:start -->\n```\n{report}\n```\n<!-- comparison:end -->"
    text = re.sub(r"<!-- comparison:start -->.*<!-- comparison:end -->", lambda _: block, text, flags=re.S)
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Compare shapefiles/ with Marine Regions")
    ap.add_argument("--points", type=int, default=100_000)
    ap.add_argument("--write-readme", action="store_true")
    ap.add_argument("--shapefile", type=Path, default=BUNDLED)
    ap.add_argument("--agreed-lines", action="store_true",
                    help="compare the Japan-Korea median line with the 1974 agreed continental-shelf "
                         "boundary instead (no Marine Regions data needed)")
    args = ap.parse_args(argv)
    if args.agreed_lines:
        report = agreed_lines.format_report(agreed_lines.run(load_bundled(args.shapefile)))
        print(report)
        if args.write_readme:
            agreed_lines.write_readme(report, ROOT / "shapefiles" / "README.md")
        return 0
    if not reference_available():
        print(f"reference extract not found: {REF_V12}", file=sys.stderr)
        return 2
    report = format_report(run(args.points, args.shapefile))
    print(report)
    if args.write_readme:
        write_readme(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
