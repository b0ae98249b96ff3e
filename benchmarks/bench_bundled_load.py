#!/usr/bin/env python3
"""Time to load the bundled zones (shapefiles/japan_zones.shp) and answer the first point.

    python benchmarks/bench_bundled_load.py [--repeat 5]

Two ways, in the same run, each in a fresh subprocess (cold imports, as a CLI call would be):

* ``direct``: pyogrio.read_dataframe -> shapely.STRtree -> query one point (what a lean loader
  does);
* ``geopandas``: geopandas.read_file + geopandas.sjoin of a one-point GeoDataFrame.

The issue's target is <= 1 s for "load and answer the first point" on a 2-core machine.
Prints the median and min wall time of each (including Python start-up and imports), and the
answer so both can be seen to agree.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHP = ROOT / "shapefiles" / "japan_zones.shp"
POINT = (135.0, 37.5)  # Sea of Japan, in Japan's EEZ

DIRECT = r"""
import time, json, sys
t0 = time.perf_counter()
import numpy as np, shapely, pyogrio
df = pyogrio.read_dataframe(sys.argv[1], columns=["zone_type", "sovereigns", "name"])
tree = shapely.STRtree(df.geometry.values)
t1 = time.perf_counter()
x, y = float(sys.argv[2]), float(sys.argv[3])
hit = tree.query(shapely.Point(x, y), predicate="within")
rows = df.iloc[hit]
ans = [f"{r.zone_type}|{r.sovereigns}|{r['name']}" for _, r in rows.iterrows()]
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "first": t2 - t1, "answer": ans}))
"""

GEOPANDAS = r"""
import time, json, sys
t0 = time.perf_counter()
import geopandas as gpd
from shapely.geometry import Point
df = gpd.read_file(sys.argv[1])
t1 = time.perf_counter()
x, y = float(sys.argv[2]), float(sys.argv[3])
pt = gpd.GeoDataFrame(geometry=[Point(x, y)], crs=df.crs)
j = gpd.sjoin(pt, df, predicate="within")
ans = [f"{r.zone_type}|{r.sovereigns}|{r['name']}" for _, r in j.iterrows()]
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "first": t2 - t1, "answer": ans}))
"""


def run(code: str) -> dict:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, str(SHP), str(POINT[0]), str(POINT[1])],
                         check=True, capture_output=True, text=True).stdout
    res = json.loads(out.strip().splitlines()[-1])
    res["wall"] = time.perf_counter() - t0
    return res


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if not SHP.exists():
        print(f"{SHP} missing: run python scripts/build_zones.py", file=sys.stderr)
        return 2
    size = sum(p.stat().st_size for p in SHP.parent.glob("japan_zones.*")) / 1e6
    print(f"bundled zones: {SHP.relative_to(ROOT)} ({size:.1f} MB), point {POINT}")
    for name, code in (("direct (pyogrio + STRtree)", DIRECT), ("geopandas read_file + sjoin", GEOPANDAS)):
        runs = [run(code) for _ in range(args.repeat)]
        wall = [r["wall"] for r in runs]
        inproc = [r["load"] + r["first"] for r in runs]
        print(f"{name:30s} wall median {statistics.median(wall):.3f} s (min {min(wall):.3f}); "
              f"in-process load+first median {statistics.median(inproc):.3f} s; answer {runs[0]['answer']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
