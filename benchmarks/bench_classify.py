"""Batch zone classification of 1 million points (110-165°E, 10-52°N) against the usual way.

    python benchmarks/bench_classify.py [--zones PATH] [-n 1000000]

Compared in the same run, on the same zone table and points:

* ``geopandas.sjoin`` (points GeoDataFrame built from lon/lat, predicate "intersects", then
  the covering zones ranked as eezcheck ranks them);
* prepared ``shapely.contains_xy`` over every zone (the fastest plain-shapely loop; it misses
  boundary points, so answers are checked with ``intersects_xy``);
* eezcheck ``check_points(lat=, lon=, distances=False)`` (the full result table), warm (index in
  memory) and cold (reading the compiled index from its cache), and its zone lookup alone.

Answers must be identical: the zone reported for every covered point equals sjoin's ranked
answer, and points no zone covers are high seas or land in a hole for both.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import best_of, machine, zone_files  # noqa: E402


def ranked(pi, zi, n, rank, priority):
    """First covering zone per point by (rank, the target's own then shared first, table order), -1 if none."""
    out = np.full(n, -1, dtype=np.int64)
    if len(pi):
        order = np.lexsort((zi, priority[zi], rank[zi], pi))
        p, z = pi[order], zi[order]
        first = np.r_[True, p[1:] != p[:-1]]
        out[p[first]] = z[first]
    return out


def run(path: Path, n: int, target: str = "JPN") -> None:
    import geopandas as gpd
    import shapely

    from geo.classify import check_points
    from geo.index.cache import clear_loaded, index_for_path
    from geo.index import index_for
    from geo.zones import load_zones
    from geo.zones.model import claim_roles

    rng = np.random.default_rng(2026)
    lon = rng.uniform(110, 165, n)
    lat = rng.uniform(10, 52, n)
    zones = load_zones(path)
    table = zones.table
    print(f"\n== {path.name}: {len(table)} zones, {shapely.get_num_coordinates(table.geometry.values).sum():,} vertices; {n:,} points")

    # The usual way: geopandas.sjoin.
    def sjoin():
        pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
        j = gpd.sjoin(pts, table[["geometry"]], how="left", predicate="intersects")
        return j
    t_sjoin, j = best_of(sjoin, 1)
    j = j.dropna(subset=["index_right"])
    idx = index_for(zones)
    own, shared = claim_roles(idx.zone_type, idx.sovereigns, target)
    ref = ranked(j.index.to_numpy(), j["index_right"].to_numpy().astype(np.int64), n, idx.rank, np.where(own, 0, np.where(shared, 1, 2)))

    # Prepared shapely, one zone at a time.
    geoms = table.geometry.values
    shapely.prepare(geoms)
    t_cxy, _ = best_of(lambda: [shapely.contains_xy(g, lon, lat) for g in geoms], 1)

    # eezcheck: cold (compiled index read from the cache in a fresh state), then warm.
    index_for_path(path)  # make sure the cache entry exists
    clear_loaded()
    t = time.perf_counter()
    res = check_points(lat=lat, lon=lon, zones=path, distances=False, target=target)
    t_cold = time.perf_counter() - t
    t_warm, res = best_of(lambda: check_points(lat=lat, lon=lon, zones=path, distances=False, target=target), 3)
    cidx = index_for_path(path)
    t_locate, zi = best_of(lambda: cidx.locate(lon, lat, target), 3)

    # Identical answers.
    covered = ref >= 0
    assert np.array_equal(zi[covered], ref[covered]), "zone differs from sjoin"
    assert (zi[~covered] < 0).all(), "a point sjoin finds in no zone got a zone"
    want_type = np.where(covered, idx.zone_type[np.maximum(ref, 0)], None)
    got_type = res["zone_type"].to_numpy(dtype=object)
    assert np.array_equal(got_type[covered], want_type[covered])
    assert set(got_type[~covered]) <= {"high_seas", "land", "unknown"}
    grid_share = (cidx.grid.lookup(lon, lat) != -2).mean()

    rate = lambda t: f"{n / t / 1e6:6.2f} M points/s"  # noqa: E731
    print(f"geopandas.sjoin (incl. points_from_xy)   {t_sjoin:7.3f} s  {rate(t_sjoin)}")
    print(f"prepared shapely.contains_xy, all zones {t_cxy:7.3f} s  {rate(t_cxy)}")
    print(f"eezcheck check_points, cold              {t_cold:7.3f} s  {rate(t_cold)}")
    print(f"eezcheck check_points, warm              {t_warm:7.3f} s  {rate(t_warm)}")
    print(f"eezcheck zone lookup only (locate)       {t_locate:7.3f} s  {rate(t_locate)}")
    print(f"answers identical to sjoin: yes ({covered.mean():.1%} of points in a zone; grid answered {grid_share:.2%})")
    print(f"speed-up, check_points warm vs sjoin:          {t_sjoin / t_warm:6.1f}x")
    print(f"speed-up, check_points warm vs contains_xy:    {t_cxy / t_warm:6.1f}x")
    print(f"speed-up, check_points cold vs sjoin:          {t_sjoin / t_cold:6.1f}x")
    print(f"speed-up, zone lookup vs sjoin / contains_xy:  {t_sjoin / t_locate:6.1f}x / {t_cxy / t_locate:6.1f}x")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--zones", default=None)
    ap.add_argument("-n", type=int, default=1_000_000)
    a = ap.parse_args()
    print("machine:", machine())
    for p in zone_files(a.zones):
        run(p, a.n)


if __name__ == "__main__":
    main()
