"""First vs later load of a big zone file through a prepared copy (geo.zones.prepared.prepare_zones).

    python benchmarks/bench_zone_cache.py [--size-mb 100] [--baseline] [--keep]

Builds a synthetic "full-resolution" World EEZ GeoPackage in a temporary directory: the
Marine Regions v12 test extract (../shared/data/marineregions/, 278 zones, many invalid) with
every edge segmentized until the file is about --size-mb MB. Then, each in a fresh Python
process with its own empty cache directory (EEZCHECK_CACHE_DIR):

* run 1 — ``resolve_zones(BIG)``: read the features meeting the Japan region (bbox filter at
  read time), repair them, write the prepared FlatGeobuf; then ``load_zones`` + one ``check_point``;
* run 2, 3 — the same calls, now served by the prepared copy;
* ``eezcheck point 30 140 --zones BIG`` end to end (interpreter start included), cold and warm;
* with --baseline: ``read_zones(BIG)`` of the whole file, as a run without region or cache pays.

Prints seconds per stage. Nothing is written outside the temporary directory.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
V12 = ROOT.parent / "shared" / "data" / "marineregions" / "eez_v12_simplified" / "eez_simplified.geojson"

RUN = r"""
import json, sys, time
t0 = time.perf_counter()
from geo.zones.catalog import resolve_zones
from geo.zones import load_zones
from geo.classify import check_point
t1 = time.perf_counter()
p = resolve_zones(sys.argv[1])
t2 = time.perf_counter()
z = load_zones(p)
t3 = time.perf_counter()
r = check_point(lat=30.0, lon=140.0, zones=z)
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "resolve (prepare on first use)": t2 - t1, "load_zones": t3 - t2,
                  "first check_point (index build)": t4 - t3, "total": t4 - t0, "rows": len(z),
                  "verdict": r.eez_status, "prepared": str(p)}))
"""

BASELINE = r"""
import json, sys, time
t0 = time.perf_counter()
from geo.zones import read_zones
z = read_zones(sys.argv[1])
print(json.dumps({"read_zones whole file (read + repair)": time.perf_counter() - t0, "rows": len(z)}))
"""


def build_big(dest: Path, size_mb: float) -> tuple[float, int]:
    import geopandas as gpd
    import numpy as np
    import shapely

    t = time.perf_counter()
    gdf = gpd.read_file(V12)
    geoms = gdf.geometry.values
    # GeoPackage stores ~16 bytes per 2-D vertex: choose the segment length that gives the size.
    want_vertices = size_mb * 1e6 / 16.0
    total_len = float(np.sum(shapely.length(geoms)))
    seg = total_len / want_vertices
    gdf = gdf.set_geometry(shapely.segmentize(geoms, seg))
    gdf.to_file(dest, driver="GPKG", engine="pyogrio")
    n = int(shapely.get_num_coordinates(gdf.geometry.values).sum())
    return time.perf_counter() - t, n


def run(code: str, arg: str, env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", code, arg], capture_output=True, text=True, env=env, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def wall(args: list, env: dict) -> float:
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, env=env, cwd=ROOT)
    dt = time.perf_counter() - t
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=100.0)
    ap.add_argument("--baseline", action="store_true", help="also time reading the whole file without region or cache")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    a = ap.parse_args()
    if not V12.exists():
        raise SystemExit(f"missing test extract {V12}")
    tmp = Path(tempfile.mkdtemp(prefix="eezcheck-bench-"))
    try:
        big = tmp / "eez_v12_dense.gpkg"
        secs, verts = build_big(big, a.size_mb)
        print(f"synthetic file: {big.stat().st_size / 1e6:.1f} MB, {verts:,} vertices (built in {secs:.1f} s)")
        env = dict(os.environ, EEZCHECK_CACHE_DIR=str(tmp / "cache"))
        env.pop("EEZCHECK_ZONES", None)
        for i in (1, 2, 3):
            r = run(RUN, str(big), env)
            stages = ", ".join(f"{k} {v:.3f} s" for k, v in r.items() if isinstance(v, float))
            print(f"run {i}: {stages}; {r['rows']} zones, verdict {r['verdict']}")
        prepared = Path(r["prepared"])
        print(f"prepared copy: {prepared.stat().st_size / 1e6:.1f} MB ({prepared.name})")
        env2 = dict(env, EEZCHECK_CACHE_DIR=str(tmp / "cache2"))
        print(f"'eezcheck point 30 140 --zones BIG' wall time: cold {wall(['point', '30', '140', '--zones', str(big)], env2):.2f} s, "
              f"warm {wall(['point', '30', '140', '--zones', str(big)], env2):.2f} s, "
              f"warm {wall(['point', '30', '140', '--zones', str(big)], env2):.2f} s")
        if a.baseline:
            r = run(BASELINE, str(big), env)
            print(f"baseline: {', '.join(f'{k} {v:.2f} s' for k, v in r.items() if isinstance(v, float))}; {r['rows']} zones")
    finally:
        if a.keep:
            print(f"kept {tmp}")
        else:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
