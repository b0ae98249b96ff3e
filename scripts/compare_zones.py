#!/usr/bin/env python3
"""Compare the bundled zones (shapefiles/) with the Marine Regions reference extracts.

    python scripts/compare_zones.py                 # print the figures
    python scripts/compare_zones.py --write-readme  # also refresh the figures in shapefiles/README.md

Japan's claim = every sea piece whose sovereigns include JPN (territorial sea, contiguous zone,
EEZ, overlapping claims, joint regimes).  Reference = Marine Regions MRGID 8487 ∪ {48950,
48954, 48955, 21796} from the read-only extracts in ../shared/data/marineregions/ (never copied
into this repository).  Printed:

* IoU of the two areas (areas in the equal-area EPSG:6933, never in degrees);
* verdict agreement on random sea points >= 30 km from the reference boundary;
* offsets between the outer limits: for points every ~2 km along the computed limit (coast
  excluded), the geodesic distance to the reference limit, and the other way round; median and
  95th percentile, and the places where they differ most, with the reason.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from build_zones import GEOD, _ecef, polygons_only  # noqa: E402

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


def union_clean(geoms, min_hole_deg2: float = 1e-8):
    """Union of touching pieces, without the zero-area holes that floating-point noding can
    leave where three pieces meet (holes under ~1e-4 km²)."""
    out = []
    for p in shapely.get_parts(polygons_only(shapely.union_all(list(geoms)))):
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

    tree = cKDTree(_ecef(target_xy[:, 0], target_xy[:, 1]))
    _, idx = tree.query(_ecef(xy[:, 0], xy[:, 1]), k=k)
    _, _, d = GEOD.inv(np.repeat(xy[:, 0], k), np.repeat(xy[:, 1], k),
                       target_xy[idx.ravel(), 0], target_xy[idx.ravel(), 1])
    return d.reshape(len(xy), k).min(axis=1) / 1000.0


def chord_distance_km(xy, target_xy) -> np.ndarray:
    from scipy.spatial import cKDTree

    tree = cKDTree(_ecef(target_xy[:, 0], target_xy[:, 1]))
    d, _ = tree.query(_ecef(xy[:, 0], xy[:, 1]))
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


def run(n_points: int = 100_000, path: Path = BUNDLED) -> dict:
    df = load_bundled(path)
    ref = load_reference()
    res = {"iou_v12": iou(japan_claim(df), ref)}
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
    return res


def format_report(res: dict) -> str:
    lines = [
        f"IoU (Japan's claim vs Marine Regions v12 8487+48950+48954+48955+21796, EPSG:6933): {res['iou_v12']:.4f}",
    ]
    if "iou_v10" in res:
        lines.append(f"IoU against the v10 extract (for information): {res['iou_v10']:.4f}")
    lines += [
        f"Area: computed {res['area_mine_km2']:,.0f} km², reference {res['area_ref_km2']:,.0f} km²",
        f"Verdict agreement on {res['n_points']:,} random sea points >= 30 km from the reference "
        f"boundary (110-165E, 10-52N): {100 * res['agreement']:.3f} %",
        f"Outer limit offset, computed -> reference: median {res['computed_to_ref_median_km']:.1f} km, "
        f"95th percentile {res['computed_to_ref_p95_km']:.1f} km",
        f"Outer limit offset, reference -> computed: median {res['ref_to_computed_median_km']:.1f} km, "
        f"95th percentile {res['ref_to_computed_p95_km']:.1f} km",
        "Largest differences:",
    ]
    for d, x, y, why in res["largest"]:
        lines.append(f"  - {d:6.1f} km at {x:.2f}E {y:.2f}N: {why}")
    return "\n".join(lines)


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
    args = ap.parse_args(argv)
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
