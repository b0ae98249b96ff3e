"""Compare the computed Japan–Korea boundary with the 1974 agreed continental-shelf boundary.

    python scripts/compare_zones.py --agreed-lines                 # print the table
    python scripts/compare_zones.py --agreed-lines --write-readme  # also into shapefiles/README.md

The 1974 Agreement between Japan and the Republic of Korea concerning the establishment of
boundary in the northern part of the continental shelf (35 points,
``scripts/data/law/japan_korea_1974_boundary.csv``) is on the Tokyo Datum (inferred from the
charts its Agreed Minutes name). The points are converted to WGS84 with pyproj (EPSG:4301 ->
EPSG:4326, always_xy=True) by the operation ``Tokyo to WGS 84 (108)`` (Japan incl. outlying
islands, stated accuracy 9 m), chosen explicitly because the points lie at sea between the areas
of use of all of PROJ's Tokyo -> WGS 84 operations; the spread of the other operations at the
points is printed as the conversion's uncertainty.

Offset of a point = geodesic distance to the nearest point of the computed boundary between
Japan's zones (every sea piece whose sovereigns include JPN) and South Korea's EEZ, measured in
an azimuthal equidistant projection centred on the point (exact for distances from the centre)
with the boundary densified to <= 0.001 deg: error < 0.01 km.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import shapely

from zonebuild.common import GEOD, read_csv

BOUNDARY_CSV = "law/japan_korea_1974_boundary.csv"
OPERATION = "Tokyo to WGS 84 (108)"
BLOCK_START, BLOCK_END = "<!-- agreed-lines:start -->", "<!-- agreed-lines:end -->"


def tokyo_operations():
    """(the chosen Tokyo -> WGS84 transformer, all PROJ's available ones), always_xy."""
    from pyproj.transformer import TransformerGroup  # lazy: only this report needs it

    group = TransformerGroup("EPSG:4301", "EPSG:4326", always_xy=True)
    chosen = [t for t in group.transformers if OPERATION in t.description]
    if not chosen:
        raise RuntimeError(f"PROJ has no operation {OPERATION!r} for EPSG:4301 -> EPSG:4326")
    return chosen[0], list(group.transformers)


def agreed_points():
    """(point numbers, Tokyo-Datum lon/lat (n, 2)) of the 1974 boundary, in treaty order."""
    rows = read_csv(BOUNDARY_CSV)
    return [int(r["point"]) for r in rows], np.array([[float(r["lon"]), float(r["lat"])] for r in rows])


def japan_korea_boundary(df):
    """(boundary lines between Japan's sea pieces and South Korea's EEZ, Japan's sea union)."""
    jp = df[(df.zone_type != "land") & df.sovereigns.str.split(";").apply(lambda s: "JPN" in s)]
    kr = df[(df.zone_type == "eez") & (df.sovereigns == "KOR")]
    japan = shapely.union_all(jp.geometry.values)
    line = shapely.intersection(shapely.boundary(japan), shapely.boundary(shapely.union_all(kr.geometry.values)))
    parts = shapely.get_parts(shapely.get_parts(line))
    parts = parts[np.isin(shapely.get_type_id(parts), [1, 2])]
    return shapely.multilinestrings(parts), japan


def offsets_km(xy, line, reach_deg: float = 1.5) -> np.ndarray:
    """Geodesic distance (km) from each lon/lat point to the nearest point of line (see module)."""
    from pyproj import Transformer  # lazy

    dense = shapely.segmentize(line, 0.001)
    out = np.empty(len(xy))
    for i, (x, y) in enumerate(xy):
        near = shapely.clip_by_rect(dense, x - reach_deg, y - reach_deg, x + reach_deg, y + reach_deg)
        if shapely.is_empty(near):
            out[i] = np.nan
            continue
        aeqd = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={y} +lon_0={x} +datum=WGS84 +units=m",
                                    always_xy=True)
        proj = shapely.transform(near, lambda c: np.column_stack(aeqd.transform(c[:, 0], c[:, 1])))
        out[i] = shapely.distance(shapely.Point(0.0, 0.0), proj) / 1000.0
    return out


def run(df) -> dict:
    """The comparison's figures (see format_report)."""
    chosen, ops = tokyo_operations()
    num, tokyo = agreed_points()
    wgs = np.column_stack(chosen.transform(tokyo[:, 0], tokyo[:, 1]))
    spread = np.zeros(len(wgs))
    for t in ops:
        alt = np.column_stack(t.transform(tokyo[:, 0], tokyo[:, 1]))
        spread = np.maximum(spread, GEOD.inv(wgs[:, 0], wgs[:, 1], alt[:, 0], alt[:, 1])[2])
    shift = GEOD.inv(tokyo[:, 0], tokyo[:, 1], wgs[:, 0], wgs[:, 1])[2]
    line, japan = japan_korea_boundary(df)
    shapely.prepare(japan)
    d = offsets_km(wgs, line)
    return {"points": num, "wgs84": wgs, "offset_km": d, "unconverted_km": offsets_km(tokyo, line),
            "japan_side": shapely.contains_xy(japan, wgs[:, 0], wgs[:, 1]),
            "operation": chosen.description, "accuracy_m": chosen.accuracy,
            "area_of_use": chosen.area_of_use.name if chosen.area_of_use else "",
            "operations": [t.description for t in ops], "spread_m": spread, "shift_m": shift}


def format_report(res: dict) -> str:
    """The table and summary printed by ``compare_zones.py --agreed-lines``."""
    d = res["offset_km"]
    k = int(np.nanargmax(d))
    others = [o for o in res["operations"] if o != res["operation"]]
    lines = [
        "1974 Japan-ROK agreed continental-shelf boundary (northern part) vs the computed median "
        "line between Japan's zones and South Korea's EEZ",
        f"Tokyo Datum -> WGS84: pyproj EPSG:4301 -> EPSG:4326 by '{res['operation']}' (area of use: "
        f"{res['area_of_use']}; stated accuracy {res['accuracy_m']:g} m); datum shift "
        f"{res['shift_m'].min():.0f}-{res['shift_m'].max():.0f} m; the other operations PROJ has "
        f"({len(others)}: {', '.join(o.split(' + ')[1] if ' + ' in o else o for o in others)}) "
        f"differ by at most {res['spread_m'].max():.0f} m at these points",
        "point   lat (WGS84)  lon (WGS84)   offset km   side of the computed line",
    ]
    for n, (x, y), off, jp in zip(res["points"], res["wgs84"], d, res["japan_side"]):
        lines.append(f"{n:5d}   {y:10.5f}   {x:10.5f}   {off:9.2f}   {'Japan' if jp else 'Korea'}")
    lines += [
        f"offset: median {np.nanmedian(d):.2f} km, max {d[k]:.2f} km (point {res['points'][k]}); "
        f"mean {np.nanmean(d):.2f} km; {int(res['japan_side'].sum())} of {len(d)} points on Japan's side",
        f"(unconverted Tokyo-Datum coordinates: median {np.nanmedian(res['unconverted_km']):.2f} km, "
        f"max {np.nanmax(res['unconverted_km']):.2f} km)",
    ]
    return "\n".join(lines)


def write_readme(report: str, path: Path) -> None:
    """Replace the agreed-lines block of the README at path with the report."""
    text = path.read_text(encoding="utf-8")
    block = f"{BLOCK_START}\n```\n{report}\n```\n{BLOCK_END}"
    if BLOCK_START not in text:
        raise ValueError(f"{path}: no {BLOCK_START} block to fill")
    text = re.sub(re.escape(BLOCK_START) + ".*" + re.escape(BLOCK_END), lambda _: block, text, flags=re.S)
    path.write_text(text, encoding="utf-8")
