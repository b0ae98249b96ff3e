"""'eezcheck batch' streams big CSV/GeoParquet files in chunks with the same output as in memory."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.conftest import run_cli


@pytest.fixture(scope="module")
def points_csv(tmp_path_factory):
    rng = np.random.default_rng(11)
    n = 5000
    df = pd.DataFrame(
        {
            "name": [f"p{i}" for i in range(n)],
            "latitude": rng.uniform(10, 52, n).round(6).astype(str),
            "longitude": rng.uniform(110, 200, n).round(6).astype(str),  # some 0-360 longitudes
        }
    )
    df.loc[3, "latitude"] = "north"
    df.loc[2500, "longitude"] = ""
    df.loc[4999, "latitude"] = "91"
    p = tmp_path_factory.mktemp("stream") / "points.csv"
    df.to_csv(p, index=False)
    return p


def _in_memory(path, zones, **kw):
    from geo.classify import check_points
    from geo.inputs import read_points

    return check_points(read_points(path), zones=zones, errors="keep", **kw)


def test_csv_streamed_in_chunks_equals_the_in_memory_output(points_csv, synthetic_v10_path, tmp_path):
    from geo.cli._output import write_table

    out = tmp_path / "out.csv"
    r = run_cli("batch", points_csv, "-o", out, "--zones", synthetic_v10_path, "--chunk-size", "700")
    assert r.returncode == 2, r.stderr  # bad rows kept, reported, exit 2
    want = tmp_path / "want.csv"
    write_table(_in_memory(points_csv, synthetic_v10_path), want)
    assert out.read_bytes() == want.read_bytes()
    # Bad rows are named with their data line, across chunk borders.
    assert "row 4: lat = 'north' is not a number" in r.stderr
    assert "row 2501: lon = '' is missing" in r.stderr
    assert "row 5000: lat = '91' is outside [-90, 90]" in r.stderr
    assert "3 bad row(s)" in r.stderr and "5000 rows" in r.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left
    # No progress bar when stderr is not a terminal.
    assert "\r" not in r.stderr and "rows/s" not in r.stderr
    # To stdout, the same CSV.
    r2 = run_cli("batch", points_csv, "--zones", synthetic_v10_path, "--chunk-size", "999", "--quiet")
    # stdout has no sidecar: its data_source is the full text, the file's a short id named in OUT.csv.json
    import json

    sources = json.loads((tmp_path / "out.csv.json").read_text())["data_source"]
    assert json.loads(Path(str(want) + ".json").read_text())["data_source"] == sources
    (short, full), = sources.items()
    assert len(short) < 50 < len(full)
    streamed = pd.read_csv(io.StringIO(r2.stdout))
    assert (streamed["data_source"] == full).all()
    assert (pd.read_csv(out)["data_source"] == short).all()
    streamed["data_source"] = short
    pd.testing.assert_frame_equal(streamed, pd.read_csv(want))


def test_geoparquet_streamed_equals_in_memory(synthetic_v10_path, tmp_path):
    import geopandas as gpd

    from geo.classify import check_points
    from geo.results import uniform_text

    rng = np.random.default_rng(12)
    n = 3000
    gdf = gpd.GeoDataFrame(
        {"id": np.arange(n), "when": pd.date_range("2026-01-01", periods=n, freq="min")},
        geometry=gpd.points_from_xy(rng.uniform(110, 165, n), rng.uniform(10, 52, n)),
        crs="EPSG:4326",
    )
    src = tmp_path / "in.parquet"
    gdf.to_parquet(src, row_group_size=500)
    out = tmp_path / "out.parquet"
    r = run_cli("batch", src, "-o", out, "--zones", synthetic_v10_path, "--chunk-size", "450", "--no-distance")
    assert r.returncode == 0, r.stderr
    got = gpd.read_parquet(out)
    want = check_points(gdf, zones=synthetic_v10_path, distances=False, errors="keep")
    assert got.crs.equals("EPSG:4326")
    assert list(got["id"]) == list(range(n))  # row order kept
    pd.testing.assert_frame_equal(uniform_text(got), uniform_text(want))


def test_failure_leaves_no_output(points_csv, synthetic_v10_path, tmp_path):
    out = tmp_path / "out.parquet"
    r = run_cli("batch", points_csv, "-o", out, "--zones", synthetic_v10_path, "--lat-col", "nope", "--chunk-size", "1000")
    assert r.returncode == 2
    assert "'nope'" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_header_only_csv_is_an_error(synthetic_v10_path, tmp_path):
    p = tmp_path / "empty.csv"
    p.write_text("lat,lon\n")
    r = run_cli("batch", p, "-o", tmp_path / "o.csv", "--zones", synthetic_v10_path)
    assert r.returncode == 2 and "no rows" in r.stderr
    assert not (tmp_path / "o.csv").exists()
