"""Peak memory of ``eezcheck batch`` streaming 20 million points (bound: 2 GB).

    python benchmarks/bench_batch_memory.py [--zones PATH] [-n 20000000] [--csv-rows 2000000]

Writes a Parquet file of ``n`` random points (lat/lon columns, 110-165°E, 10-52°N) and a CSV of
``--csv-rows`` points in a temporary directory, runs ``eezcheck batch --no-distance`` on each
under ``/usr/bin/time -v`` and reports the wall time, throughput and maximum resident set size,
then checks the output's row count and order. For contrast, the in-memory way (reading the whole
CSV with pandas and calling ``check_points`` once) on the CSV.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import BUNDLED, machine, zone_files  # noqa: E402


def write_points(pq_path: Path, csv_path: Path, n: int, n_csv: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(1)
    chunk = 1_000_000
    with pq.ParquetWriter(pq_path, pa.schema([("id", pa.int64()), ("lat", pa.float64()), ("lon", pa.float64())])) as w:
        for start in range(0, n, chunk):
            m = min(chunk, n - start)
            w.write_table(pa.table({"id": np.arange(start, start + m), "lat": rng.uniform(10, 52, m), "lon": rng.uniform(110, 165, m)}))
    import pandas as pd

    pd.DataFrame({"id": np.arange(n_csv), "lat": rng.uniform(10, 52, n_csv).round(6), "lon": rng.uniform(110, 165, n_csv).round(6)}).to_csv(csv_path, index=False)


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, max RSS in MB) of a command under /usr/bin/time -v."""
    t = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True)
    wall = time.perf_counter() - t
    if r.returncode not in (0, 2):
        raise SystemExit(r.stderr[-2000:])
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    return wall, rss_kb / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--zones", default=str(BUNDLED))
    ap.add_argument("-n", type=int, default=20_000_000)
    ap.add_argument("--csv-rows", type=int, default=2_000_000)
    a = ap.parse_args()
    print("machine:", machine())
    import pyarrow.parquet as pq

    zones = zone_files(a.zones)[0]
    py = sys.executable
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        src, csv = d / "points.parquet", d / "points.csv"
        write_points(src, csv, a.n, a.csv_rows)
        print(f"zones: {zones.name}")
        subprocess.run([py, "-m", "geo", "point", "35", "140", "--zones", str(zones)], capture_output=True, check=True)  # compile
        out = d / "out.parquet"
        wall, rss = timed([py, "-m", "geo", "batch", str(src), "-o", str(out), "--zones", str(zones), "--no-distance", "--quiet"])
        f = pq.ParquetFile(out)
        assert f.metadata.num_rows == a.n
        ids = f.read_row_group(f.num_row_groups - 1, columns=["id"]).column("id").to_numpy()
        assert ids[-1] == a.n - 1 and (np.diff(ids) == 1).all()
        print(f"  Parquet sizes: input {src.stat().st_size / 1e6:,.0f} MB, output {out.stat().st_size / 1e6:,.0f} MB")
        print(f"batch {a.n:,} points Parquet -> GeoParquet: {wall:6.1f} s, {a.n / wall / 1e6:.2f} M points/s, peak RSS {rss:,.0f} MB (bound 2,048 MB)")
        out_csv = d / "out.csv"
        wall, rss = timed([py, "-m", "geo", "batch", str(csv), "-o", str(out_csv), "--zones", str(zones), "--no-distance", "--quiet"])
        print(f"batch {a.csv_rows:,} points CSV -> CSV (streamed):         {wall:6.1f} s, {a.csv_rows / wall / 1e6:.2f} M points/s, peak RSS {rss:,.0f} MB")
        print(f"  CSV sizes: input {csv.stat().st_size / 1e6:,.0f} MB, output {out_csv.stat().st_size / 1e6:,.0f} MB "
              f"(data_source a short id; full text in {out_csv.name}.json)")
        code = (
            "import sys, pandas as pd; from geo.classify import check_points; "
            f"df = pd.read_csv({str(csv)!r}); r = check_points(df, zones={str(zones)!r}, distances=False); "
            "from geo.cli._output import write_table; "
            f"write_table(r, {str(d / 'mem.csv')!r})"
        )
        wall, rss = timed([py, "-c", code])
        print(f"in memory, {a.csv_rows:,} points (read_csv + check_points): {wall:6.1f} s, peak RSS {rss:,.0f} MB")
        same = (d / "mem.csv").read_bytes() == out_csv.read_bytes()
        print(f"streamed CSV identical to the in-memory result: {same}")


if __name__ == "__main__":
    main()
