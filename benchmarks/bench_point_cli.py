"""Cold-process wall time of ``eezcheck point LAT LON`` against the usual way.

    python benchmarks/bench_point_cli.py [--zones PATH] [--runs 15]

Each command runs in a fresh Python process; the median of ``--runs`` runs is reported (with
hyperfine when installed, else subprocess timing). The compiled zone index is built by a first,
untimed run, as it is after the first use on any machine. The usual way: a script that imports
geopandas, reads the zone file with ``geopandas.read_file`` and ``sjoin``s the point. Both must
name the same zone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import machine, zone_files  # noqa: E402

USUAL = """
import sys, geopandas as gpd
z = gpd.read_file(sys.argv[1])
p = gpd.GeoDataFrame(geometry=gpd.points_from_xy([float(sys.argv[3])], [float(sys.argv[2])]), crs=4326)
j = gpd.sjoin(p, z, predicate="intersects")
print(sorted(j.filter(regex="(?i)^(name|geoname)$").iloc[:, 0].tolist()) if len(j) else [])
"""


def median_time(cmd: list[str], runs: int) -> float:
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            subprocess.run(
                ["hyperfine", "-N", "--warmup", "1", "--runs", str(runs), "--export-json", f.name, " ".join(map(_q, cmd))],
                check=True, capture_output=True,
            )
            return json.load(open(f.name))["results"][0]["median"]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _q(s: str) -> str:
    return "'" + s.replace("'", "'\\''") + "'" if any(c in s for c in " \"'\n;()") else s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--zones", default=None)
    ap.add_argument("--runs", type=int, default=15)
    a = ap.parse_args()
    print("machine:", machine(), "| timing with", "hyperfine" if shutil.which("hyperfine") else "subprocess")
    py = sys.executable
    usual_script = Path(tempfile.mkdtemp()) / "usual.py"
    usual_script.write_text(USUAL)
    lat, lon = "35.0", "140.0"
    for p in zone_files(a.zones):
        fast = [py, "-m", "geo", "point", lat, lon, "--zones", str(p), "--json"]
        first = subprocess.run(fast, capture_output=True, text=True, check=True)  # builds the compiled index
        answer = json.loads(first.stdout)
        imports = subprocess.run([py, "-X", "importtime", *fast[1:]], capture_output=True, text=True).stderr
        heavy = sorted({ln.split("|")[-1].strip() for ln in imports.splitlines() if ln.startswith("import time")} & {"pandas", "geopandas", "scipy", "pyogrio"})
        t_fast = median_time(fast, a.runs)
        t_py = median_time([py, "-c", "pass"], a.runs)
        usual = [py, str(usual_script), str(p), lat, lon]
        usual_answer = subprocess.run(usual, capture_output=True, text=True, check=True).stdout.strip()
        t_usual = median_time(usual, max(5, a.runs // 3))
        print(f"\n== {p.name}")
        print(f"eezcheck point {lat} {lon} --json   median {t_fast:.3f} s  (heavy imports: {heavy or 'none'}; answer: {answer['zone_name']})")
        print(f"python -c pass (interpreter start) median {t_py:.3f} s")
        print(f"geopandas read_file + sjoin        median {t_usual:.3f} s  (answer: {usual_answer})")
        print(f"speed-up: {t_usual / t_fast:.1f}x")
        assert answer["zone_name"] in usual_answer, "different zone"


if __name__ == "__main__":
    main()
