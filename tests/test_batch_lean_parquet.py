"""The Arrow lane of a streamed Parquet → Parquet batch without distances (geo.cli._lean_parquet):
the file it writes is the general path's, schema, metadata and every value, whatever the
batches hold (bad coordinates, longitudes to wrap, missing values, integers with gaps), and it
is taken only by the files it suits."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import geo.cli._lean_parquet as lane
import geo.cli.batch as batch
from geo.cli import main


def _points(n, seed=0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "id": np.arange(n),
        "name": [f"p{i}" for i in range(n)],
        "lat": rng.uniform(20, 46, n).round(5),
        "lon": rng.uniform(122, 150, n).round(5),
        "ok": rng.random(n) < 0.5,
        "weight": rng.random(n).astype(np.float32),
    })


def _run(src, out, zones, monkeypatch, *, general: bool, threads="2", chunk=70):
    """(exit code, took the lane) of a streamed run, the lane switched off with ``general``."""
    taken = []
    real = lane.stream

    def watched(*a, **k):
        taken.append(True)
        return real(*a, **k)

    monkeypatch.setattr(lane, "stream", watched)
    if general:
        monkeypatch.setattr(lane, "lean_parquet", lambda *a: None)
    monkeypatch.setenv("EEZCHECK_THREADS", threads)
    code = main(["batch", str(src), "-o", str(out), "--chunk-size", str(chunk), "--zones", str(zones), "--no-distance", "--quiet"])
    monkeypatch.undo()
    return code, bool(taken)


def _same_files(a, b):
    ta, tb = pq.read_table(a), pq.read_table(b)
    assert ta.schema.equals(tb.schema, check_metadata=True), (ta.schema, tb.schema)
    assert ta.equals(tb)
    pd.testing.assert_frame_equal(pd.read_parquet(a), pd.read_parquet(b))


def test_plain_points_take_the_lane_and_write_the_general_file(synthetic_v10_path, tmp_path, monkeypatch):
    src = tmp_path / "in.parquet"
    _points(500).to_parquet(src)
    code, took = _run(src, tmp_path / "lean.parquet", synthetic_v10_path, monkeypatch, general=False)
    assert (code, took) == (0, True)
    code, took = _run(src, tmp_path / "general.parquet", synthetic_v10_path, monkeypatch, general=True)
    assert (code, took) == (0, False)
    _same_files(tmp_path / "lean.parquet", tmp_path / "general.parquet")
    got = pd.read_parquet(tmp_path / "lean.parquet")
    assert got["id"].tolist() == list(range(500))
    assert set(got["eez_status"]) >= {"inside", "outside"}
    assert got["distance_to_target_eez_km"].isna().all() and got["error"].isna().all()


@pytest.mark.parametrize("threads", ["1", "3"])
def test_bad_and_odd_rows_come_out_as_the_general_path_writes_them(threads, synthetic_v10_path, tmp_path, monkeypatch):
    df = _points(700, seed=1)
    df.loc[5, "lat"] = np.nan  # missing
    df.loc[150, "lon"] = 200.0  # wrapped to -160
    df.loc[151, "lon"] = 180.0  # wrapped to -180
    df.loc[300, "lat"] = 95.0  # out of range
    df.loc[420, "lon"] = np.inf
    table = pa.Table.from_pandas(df, preserve_index=False)
    # An integer column with a gap in one batch only (pandas reads that batch as floats).
    ids = pa.array([None if i == 600 else i for i in range(700)], type=pa.int64())
    table = table.set_column(0, "id", ids)
    src = tmp_path / "in.parquet"
    pq.write_table(table, src)
    code_l, took = _run(src, tmp_path / "lean.parquet", synthetic_v10_path, monkeypatch, general=False, threads=threads)
    assert took
    code_g, _ = _run(src, tmp_path / "general.parquet", synthetic_v10_path, monkeypatch, general=True, threads=threads)
    assert code_l == code_g == 2  # bad rows kept, said, exit 2
    _same_files(tmp_path / "lean.parquet", tmp_path / "general.parquet")
    got = pd.read_parquet(tmp_path / "lean.parquet")
    assert got["error"].notna().sum() == 3
    assert got.loc[150, "lon"] == -160.0 and got.loc[151, "lon"] == -180.0


def test_files_the_lane_does_not_suit(tmp_path):
    cols = batch.RESULT_COLUMNS
    p = tmp_path / "p.parquet"
    _points(3).to_parquet(p)
    assert lane.lean_parquet(p, cols, None, None) == ["id", "name", "lat", "lon", "ok", "weight"]
    assert lane.lean_parquet(p, cols, "lat", "lon") is not None
    assert lane.lean_parquet(p, cols, "name", None) is None  # another latitude column named
    _points(3).rename(columns={"lat": "latitude"}).to_parquet(p)
    assert lane.lean_parquet(p, cols, None, None) is None  # only literal lat/lon are checked in place
    _points(3).astype({"lat": "float32"}).to_parquet(p)
    assert lane.lean_parquet(p, cols, None, None) is None  # pandas would make them float64
    _points(3).assign(when=pd.Timestamp("2026-01-01")).to_parquet(p)
    assert lane.lean_parquet(p, cols, None, None) is None  # a type pandas may change
    _points(3).assign(eez_status="x").to_parquet(p)
    assert lane.lean_parquet(p, cols, None, None) is None  # a result column: the general path refuses it
    p.write_bytes(b"not parquet")
    assert lane.lean_parquet(p, cols, None, None) is None


def test_a_file_without_rows_is_an_error(synthetic_v10_path, tmp_path, cli):
    src = tmp_path / "empty.parquet"
    _points(0).to_parquet(src)
    r = cli("batch", src, "-o", tmp_path / "out.parquet", "--zones", synthetic_v10_path, "--no-distance", "--quiet")
    assert r.returncode == 2 and "no rows" in r.stderr
    assert not (tmp_path / "out.parquet").exists()


@pytest.mark.parametrize("index", [pd.Index([f"pt{i}" for i in range(300)], name="point_id"), pd.Index(np.random.default_rng(1).permutation(300))])
def test_an_index_written_by_pandas_is_kept_as_a_column_by_both_lanes(index, synthetic_v10_path, tmp_path, monkeypatch, cli):
    # A DataFrame saved with a non-default index stores it as a column plus pandas metadata; the
    # general path read it back as the index and dropped it (the rows were renumbered).
    src = tmp_path / "in.parquet"
    _points(300).set_index(index).to_parquet(src)
    stored = pq.read_table(src)
    index_col = stored.schema.names[-1]
    for general in (False, True):
        out = tmp_path / f"out{general}.parquet"
        assert _run(src, out, synthetic_v10_path, monkeypatch, general=general, chunk=70)[0] == 0
        got = pq.read_table(out)
        assert got.schema.names[: stored.num_columns] == stored.schema.names
        assert got.column(index_col).equals(stored.column(index_col))
    _same_files(tmp_path / "outFalse.parquet", tmp_path / "outTrue.parquet")
    # The whole-table path (--json) keeps it too.
    r = cli("batch", src, "--zones", synthetic_v10_path, "--no-distance", "--quiet", "--json")
    assert [row[index_col] for row in json.loads(r.stdout)] == list(index)


def test_an_integer_column_with_gaps_stays_integer_to_the_last_digit(synthetic_v10_path, tmp_path, monkeypatch, cli):
    # pandas read an integer column with a missing value as floats: an id beyond 2**53 came out
    # rounded and the column as doubles (7 written as 7.0 in CSV).
    big = 2**63 - 1
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({
        "id": pa.array([big, None, 7, big - 1] * 50, pa.int64()),
        "u": pa.array([2**64 - 1, 0, None, 1] * 50, pa.uint64()),
        "lat": pa.array([35.0, 30.0, 10.0, 40.0] * 50),
        "lon": pa.array([139.0, 140.0, 150.0, 160.0] * 50),
    }), src)
    stored = pq.read_table(src)
    for general in (False, True):
        out = tmp_path / f"out{general}.parquet"
        assert _run(src, out, synthetic_v10_path, monkeypatch, general=general, chunk=70)[0] == 0
        got = pq.read_table(out)
        for name in ("id", "u"):
            assert got.column(name).equals(stored.column(name)), name
    _same_files(tmp_path / "outFalse.parquet", tmp_path / "outTrue.parquet")
    r = cli("batch", src, "--zones", synthetic_v10_path, "--no-distance", "--quiet")
    assert r.stdout.splitlines()[1].split(",")[:2] == [str(big), str(2**64 - 1)]
    assert r.stdout.splitlines()[3].split(",")[:2] == ["7", ""]


def test_a_gap_in_an_integer_coordinate_is_a_missing_value(synthetic_v10_path, tmp_path, cli):
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"lat": pa.array([35, None], pa.int64()), "lon": pa.array([139, 140], pa.int16())}), src)
    r = cli("batch", src, "--zones", synthetic_v10_path, "--no-distance", "--quiet")
    assert r.returncode == 2 and "row 2: lat = <NA> is missing" in r.stderr and "Traceback" not in r.stderr
