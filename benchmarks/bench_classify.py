"""Batch zone classification against the strongest plain ways, same run, same rounds, same answers.

    python benchmarks/bench_classify.py [--zones PATH] [-n 1000000] [--rounds 5] [--linear 4000000]
                                        [--default-predicate]

Uniform points in 110-165°E, 10-52°N. Every method is timed the same number of rounds (the
median is reported) and must give the same zone for every point (the script stops otherwise):

* ``geopandas.sjoin(predicate="within")`` with ``points_from_xy`` — the strongest geopandas way;
* prepared ``shapely.contains_xy`` per zone, each zone testing only the points in its bounding
  box — the strongest plain-shapely way;
* ``shapely.STRtree`` of the points, ``query(zones, predicate="contains")``;
* eezcheck: ``check_points(df)`` (full table from a DataFrame), ``check_points(lat=, lon=)``,
  both with ``distances=False``, with and without the geometry column; ``in_target_eez`` (no
  table); the compiled index's ``locate`` alone.

``--default-predicate`` also times ``sjoin`` with its default predicate ("intersects"), which is
much slower on large polygons: shown only as "the default predicate", never as the baseline.
``--linear N`` repeats the eezcheck methods at N points to show the time grows linearly (the two
sizes timed alternately, so that a change of load falls on both).
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import BUNDLED, machine, median_of, median_of_alternating, peak_rss_mb  # noqa: E402


LEAN = "eezcheck check_points(lat=, lon=, geometry=False)"


def ranked(pi, zi, n, rank, priority):
    """First covering zone per point by (rank, the target's own then shared first, table order), -1 if none."""
    out = np.full(n, -1, dtype=np.int64)
    if len(pi):
        order = np.lexsort((zi, priority[zi], rank[zi], pi))
        p, z = pi[order], zi[order]
        first = np.r_[True, p[1:] != p[:-1]]
        out[p[first]] = z[first]
    return out


def points(n: int):
    rng = np.random.default_rng(2026)
    return rng.uniform(110, 165, n), rng.uniform(10, 52, n)


def baselines(table, lon, lat, default_predicate: bool) -> dict:
    """name → function returning (point rows, zone rows) of every (point, covering zone) pair."""
    import geopandas as gpd
    import shapely

    geoms = table.geometry.values
    shapely.prepare(geoms)
    bounds = shapely.bounds(geoms)
    zones_only = table[["geometry"]]

    def sjoin(predicate):
        def run():
            pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=table.crs)
            j = gpd.sjoin(pts, zones_only, how="inner", predicate=predicate)
            return j.index.to_numpy(), j["index_right"].to_numpy().astype(np.int64)
        return run

    def contains_xy():
        pi, zi = [], []
        for k, (g, (w, s, e, n_)) in enumerate(zip(geoms, bounds)):
            cand = np.flatnonzero((lon >= w) & (lon <= e) & (lat >= s) & (lat <= n_))
            hit = cand[shapely.contains_xy(g, lon[cand], lat[cand])]
            pi.append(hit)
            zi.append(np.full(len(hit), k, dtype=np.int64))
        return np.concatenate(pi), np.concatenate(zi)

    def strtree():
        tree = shapely.STRtree(shapely.points(lon, lat))
        zi, pi = tree.query(geoms, predicate="contains")
        return pi, zi.astype(np.int64)

    out = {
        'gpd.sjoin(predicate="within") + points_from_xy': sjoin("within"),
        "prepared shapely.contains_xy, bbox prefilter": contains_xy,
        'STRtree(points).query(zones, predicate="contains")': strtree,
    }
    if default_predicate:
        out['gpd.sjoin, the default predicate ("intersects")'] = sjoin("intersects")
    return out


def eezcheck_methods(path, lon, lat, target) -> dict:
    import pandas as pd

    from geo.classify import check_points, in_target_eez
    from geo.index.cache import index_for_path

    df = pd.DataFrame({"lat": lat, "lon": lon})
    cidx = index_for_path(path)
    kw = dict(zones=path, distances=False, target=target)
    methods = {"eezcheck check_points(df), full table + geometry": lambda: check_points(df, **kw)}
    if "geometry" in inspect.signature(check_points).parameters:
        methods["eezcheck check_points(df, geometry=False)"] = lambda: check_points(df, geometry=False, **kw)
        methods["eezcheck check_points(lat=, lon=), + geometry"] = lambda: check_points(lat=lat, lon=lon, geometry=True, **kw)
        methods[LEAN] = lambda: check_points(lat=lat, lon=lon, geometry=False, **kw)
    else:  # before check_points took geometry= (the table always had it)
        methods["eezcheck check_points(lat=, lon=), + geometry"] = lambda: check_points(lat=lat, lon=lon, **kw)
    methods["eezcheck in_target_eez (no table)"] = lambda: in_target_eez(lat=lat, lon=lon, zones=path, target=target)
    methods["eezcheck ZoneIndex.locate alone"] = lambda: cidx.locate(lon, lat, target)
    return methods


def check_same(name, got, ref, idx, tables, priority):
    """Stop unless ``got`` (a method's answer) gives ``ref``'s zone for every point."""
    covered = ref >= 0
    code = np.where(covered, ref, tables.high_seas)
    if isinstance(got, tuple):  # a baseline's (point, zone) pairs
        got = ranked(got[0], got[1], len(ref), idx.rank, priority)
        ok = np.array_equal(got, ref)
    elif isinstance(got, np.ndarray) and got.dtype == bool:  # in_target_eez
        ok = np.array_equal(got[covered], tables.inside[code][covered]) and not got[~covered].any()
    elif isinstance(got, np.ndarray):  # locate
        ok = np.array_equal(got, ref)
    else:  # a results table
        zt = got["zone_type"].to_numpy(dtype=object)
        zn = got["zone_name"].to_numpy(dtype=object)
        st = got["eez_status"].to_numpy(dtype=object)
        ok = (
            np.array_equal(zt[covered], tables.zone_type[code][covered])
            and np.array_equal(zn[covered], tables.zone_name[code][covered])
            and np.array_equal(st, tables.status[code])
            and set(zt[~covered]) <= {"high_seas", "unknown"}
        )
    if not ok:
        raise SystemExit(f"answers differ: {name}")


def run(path: Path, n: int, rounds: int, linear: int, default_predicate: bool, target: str = "JPN") -> None:
    import shapely

    from geo.index.cache import index_for_path
    from geo.results import VerdictTables
    from geo.zones import load_zones
    from geo.zones.model import claim_roles

    zones = load_zones(path)
    table = zones.table
    idx = index_for_path(path)
    own, shared = claim_roles(idx.zone_type, idx.sovereigns, target)
    priority = np.where(own, 0, np.where(shared, 1, 2))
    tables = VerdictTables(idx, target)
    print(f"\n== {path.name}: {len(table)} zones, {shapely.get_num_coordinates(table.geometry.values).sum():,} vertices; "
          f"{n:,} points; median of {rounds} rounds each")
    lon, lat = points(n)
    ref = idx.locate(lon, lat, target)
    times = {}
    for name, f in {**baselines(table, lon, lat, default_predicate), **eezcheck_methods(path, lon, lat, target)}.items():
        t, got = median_of(f, rounds)
        check_same(name, got, ref, idx, tables, priority)
        times[name] = t
        del got
    base_sj, base_cxy = list(times)[:2]
    print(f"{'method':58s} {'s':>8s} {'M pts/s':>8s} {'vs sjoin(within)':>17s} {'vs contains_xy':>15s}")
    for name, t in times.items():
        print(f"{name:58s} {t:8.3f} {n / t / 1e6:8.2f} {times[base_sj] / t:16.1f}x {times[base_cxy] / t:14.1f}x")
    print(f"answers identical for every method ({(ref >= 0).mean():.1%} of points in a zone)")
    full = times["eezcheck check_points(df), full table + geometry"]
    print(f"goal (14.2): check_points(df) with geometry {times[base_sj] / full:.1f}x sjoin(within) (goal >= 4x)")
    if LEAN in times:
        print(f"goal (14.2): {LEAN} {times[base_sj] / times[LEAN]:.1f}x sjoin(within) (goal >= 20x), "
              f"{times[base_cxy] / times[LEAN]:.1f}x prepared contains_xy (goal >= 8x)")
    print(f"peak RSS so far: {peak_rss_mb():,.0f} MB")
    if linear:
        lon4, lat4 = points(linear)
        ref4 = idx.locate(lon4, lat4, target)
        # The two sizes are timed alternately (a 1 M call, then a 4 M call, ``rounds`` times): a
        # change in the machine's load then falls on both, not on one side of the ratio.
        print(f"-- linearity: {linear:,} points ({linear / n:g}x) against {n:,}, timed alternately, median of "
              f"{rounds} rounds each (goal: <= {1.1 * linear / n:.1f}x the time)")
        ratios = {}
        small = eezcheck_methods(path, lon, lat, target)
        for name, f in eezcheck_methods(path, lon4, lat4, target).items():
            t1, (t, got) = median_of_alternating(small[name], f, rounds)
            check_same(name, got, ref4, idx, tables, priority)
            del got
            ratios[name] = t / t1
            print(f"{name:58s} {t1:8.3f} s -> {t:8.3f} s  = {ratios[name]:5.2f}x the {n:,}-point time")
        # What any geometry column costs: GEOS allocating one Point per row grows faster than
        # the row count here (allocator and cache effects), eezcheck or not.
        t1, (t, _) = median_of_alternating(lambda: shapely.points(lon, lat), lambda: shapely.points(lon4, lat4), rounds)
        print(f"{'baseline, same run: shapely.points alone (any geometry column)':58s} {t1:8.3f} s -> {t:8.3f} s  "
              f"= {t / t1:5.2f}x the {n:,}-point time")
        worst = max(ratios, key=ratios.get)
        print(f"goal (14.2): linear — {linear:,} points take at most {ratios[worst]:.2f}x the {n:,}-point time "
              f"({worst}; goal <= {1.1 * linear / n:.1f}x)")
        print(f"peak RSS so far: {peak_rss_mb():,.0f} MB")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--zones", default=str(BUNDLED))
    ap.add_argument("-n", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--linear", type=int, default=4_000_000, help="also time eezcheck at this many points (0: skip)")
    ap.add_argument("--default-predicate", action="store_true", help='also time sjoin(predicate="intersects") (slow)')
    a = ap.parse_args()
    print("machine:", machine())
    run(Path(a.zones), a.n, a.rounds, a.linear, a.default_predicate)


if __name__ == "__main__":
    main()
