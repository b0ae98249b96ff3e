"""Land rows: the target's land by island (or island group), disputed land per feature, every
other territory whole.

A target land polygon containing a main-island point is that island; any other part is named
after a gazetteer place on it or an island place within ``name_km`` of it (the target's islands
table, which also says which group an island belongs to, then ``geo/data/places.csv``), else after
the island group whose named land is nearest (within ``group_km``), else "islets off <island>"
for the nearest main or named island within ``offshore_km``.
"""
from __future__ import annotations

import csv
import math

import shapely

from zonebuild.common import GEOD, ROOT, read_csv
from zonebuild.geometry import polygons_only
from zonebuild.target import Target, country_name, sovereign

PLACES_CSV = ROOT / "geo" / "data" / "places.csv"
KM_PER_DEG = 111.32


def land_pieces_by_owner(polys, labels, feat_of_poly, disputed, land_all, target: Target) -> list[list]:
    """Land rows [zone_type, sovereigns, name, mrgid, geometry], the target's first."""
    rows = []
    # sliver fills (land_all minus the polygons) go to the nearest polygon's owner
    union_src = shapely.union_all(polys)
    extra = polygons_only(shapely.difference(land_all, union_src))
    extra_parts = shapely.get_parts(extra)
    tree = shapely.STRtree(polys)
    xi = tree.query_nearest(shapely.point_on_surface(extra_parts), all_matches=False)[1] if len(extra_parts) else []
    keys = land_keys(polys, labels, feat_of_poly, disputed.ids, target)
    group_poly = {}
    for i, p in enumerate(polys):
        group_poly.setdefault(keys[i], []).append(p)
    for k, i in zip(extra_parts, xi):
        group_poly.setdefault(keys[i], []).append(k)
    for key in sorted(group_poly, key=lambda k: (k[0] != target.iso3, k)):
        sov_key, name = key
        g = polygons_only(shapely.union_all(group_poly[key]))
        if sov_key.startswith("#"):
            m = disputed.meta(sov_key[1:])
            rows.append(["land", m["mr_order"], f"Disputed land {m['name']}", None, g])
        else:
            rows.append(["land", sovereign(sov_key), name, None, g])
    return rows


def land_keys(polys, labels, feat_of_poly, features, target: Target) -> list[tuple[str, str]]:
    """(owner, row name) of each land polygon; owner ``#<feature id>`` for disputed land."""
    keys = []
    for i, code in enumerate(labels):
        if feat_of_poly[i] >= 0:
            keys.append((f"#{features[feat_of_poly[i]]}", ""))
        else:
            keys.append((code, country_name(code)))
    own = [i for i in range(len(polys)) if labels[i] == target.iso3 and feat_of_poly[i] < 0]
    for i, name in zip(own, target_land_names(polys[own], target)):
        keys[i] = (target.iso3, f"{target.name}: {name}")
    return keys


def target_places(target: Target) -> list[tuple[str, str, float, float, bool]]:
    """(name, group, lon, lat, island_only) naming candidates: the build table of islands,
    then the project's gazetteer (the target's islands anywhere near a part; its other places
    only where their point is on the part)."""
    out, seen = [], set()
    for r in read_csv(target.islands):
        out.append((r["name_en"], r["group"], float(r["lon"]), float(r["lat"]), True))
        seen.add(r["name_en"])
    with open(PLACES_CSV, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["country"] == target.iso3 and r["name_en"] not in seen:
                out.append((r["name_en"], "", float(r["lon"]), float(r["lat"]), r["kind"] == "island"))
    return out


def geod_distance(a, b) -> float:
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


def _pad_deg(km: float, target: Target) -> float:
    """A search box half-width (deg) covering km at every latitude of the target's land."""
    return km / KM_PER_DEG / math.cos(math.radians(target.naming["search_lat_deg"]))


def target_land_names(parts, target: Target) -> list[str]:
    """Names of the target's (undisputed) land polygon parts, deterministic in the input order."""
    names = [None] * len(parts)
    for name, x, y in target.main_islands:
        for j, p in enumerate(parts):
            if names[j] is None and shapely.contains_xy(p, x, y):
                names[j] = name
    group_of = _name_after_places(parts, names, target)
    rest = _name_after_neighbours(parts, names, group_of, target)
    lost = [shapely.point_on_surface(parts[j]).wkt for j, n in rest.items() if n is None]
    if lost:
        raise ValueError(f"{target.name}'s land parts without a name at {', '.join(lost)}: "
                         f"add their islands to scripts/data/{target.islands}")
    for j, n in rest.items():
        names[j] = n
    return names


def _name_after_places(parts, names, target: Target) -> dict[int, str]:
    """Name unnamed, non-main parts in place after a gazetteer place on the part, else the
    nearest island place within name_km (ties: the build table before the gazetteer, then file
    order); returns {part: island group}."""
    name_km = target.naming["name_km"]
    main = {j for j in range(len(parts)) if names[j] is not None}
    places = target_places(target)
    tree = shapely.STRtree(parts)
    pad = _pad_deg(name_km, target)
    cand = {}
    for pi, (name, group, x, y, island) in enumerate(places):
        pt = shapely.Point(x, y)
        for j in tree.query(shapely.buffer(pt, pad)):
            j = int(j)
            if j in main:
                continue
            d = geod_distance(pt, parts[j])
            if d == 0 or (island and d <= name_km * 1000):
                cand.setdefault(j, []).append((d, pi))
    group_of = {}
    for j, c in cand.items():
        _, pi = min(c)
        names[j] = places[pi][0]
        group_of[j] = places[pi][1]
    return group_of


def _name_after_neighbours(parts, names, group_of, target: Target) -> dict[int, str | None]:
    """{part: name} for the still unnamed parts: the nearest group's land within group_km, else
    islets off the nearest main or named island within offshore_km (None: nothing near)."""
    group_km, offshore_km = target.naming["group_km"], target.naming["offshore_km"]
    land = {}
    for j, n in enumerate(names):
        if n is not None:
            g = group_of.get(j, "")
            land.setdefault(("group", g) if g else ("island", n), []).append(parts[j])
    land_keys_ = sorted(land)
    land_geoms = [shapely.union_all(land[k]) for k in land_keys_]
    ltree = shapely.STRtree(land_geoms)
    gpad = _pad_deg(group_km, target)
    rest = {}
    for j, p in enumerate(parts):
        if names[j] is not None:
            continue
        best = None
        for li in sorted(int(x) for x in ltree.query(shapely.buffer(p, gpad))):
            kind, n = land_keys_[li]
            d = geod_distance(p, land_geoms[li])
            if d <= (group_km if kind == "group" else offshore_km) * 1000 and (best is None or d < best[0]):
                best = (d, kind, n)
        if best is None:
            rest[j] = None
        else:
            rest[j] = best[2] if best[1] == "group" else f"islets off {best[2]}"
    return rest
