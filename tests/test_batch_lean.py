"""The fast lane of streamed batches (geo.cli._lean_batch): CSV → CSV without distances writes
exactly the bytes the general path writes, whatever the file holds, and takes the lane for plain
lines; Parquet without geometry → Parquet keeps every row, column and value, adds the verdicts
dictionary-encoded, and names the data once."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest

from tests.conftest import run_cli


def _rows(n, seed=5):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "id": np.arange(n).astype(str),
        "lat": rng.uniform(10, 52, n).round(6).astype(str),
        "lon": rng.uniform(110, 165, n).round(6).astype(str),
        "note": "x",
    })


def _in_memory_csv(src, zones, dest):
    from geo.classify import check_points
    from geo.cli._output import write_table
    from geo.inputs import read_points

    write_table(check_points(read_points(src), zones=zones, errors="keep", distances=False), dest)
    return dest.read_bytes()


def _dirty(df):
    df = df.copy()
    df.loc[3, "lat"] = "35.10"  # the same number spelled another way: kept as written
    df.loc[700, "lon"] = "190"  # wrapped: rewritten
    df.loc[1500, "lat"] = "north"
    df.loc[2100, "lon"] = ""
    df.loc[2600, "lat"] = " 35.5"
    return df


@pytest.mark.parametrize("case", ["plain", "dirty", "quoted", "crlf", "blank", "no_final_newline", "quoted_header"])
def test_streamed_csv_is_the_in_memory_csv(case, synthetic_v10_path, tmp_path):
    df = _rows(3000)
    src = tmp_path / "in.csv"
    if case == "plain":
        df.to_csv(src, index=False)
    elif case == "dirty":
        _dirty(df).to_csv(src, index=False)
    elif case == "quoted":  # a quoted field with a comma and a line end, half-way through
        df.loc[1800, "note"] = "two\nlines, one cell"
        df.to_csv(src, index=False)
    elif case == "crlf":
        df.to_csv(src, index=False, lineterminator="\r\n")
    elif case == "blank":
        text = df.to_csv(index=False).split("\n")
        text.insert(1000, "")
        src.write_text("\n".join(text))
    elif case == "quoted_header":  # as pyarrow writes it
        src.write_text('"id","lat","lon","note"\n' + df.to_csv(index=False, header=False))
    else:
        src.write_text(df.to_csv(index=False).rstrip("\n"))
    out = tmp_path / "out.csv"
    r = run_cli("batch", src, "-o", out, "--zones", synthetic_v10_path, "--no-distance", "--chunk-size", "700")
    assert r.returncode in (0, 2), r.stderr
    assert out.read_bytes() == _in_memory_csv(src, synthetic_v10_path, tmp_path / "want.csv")
    got = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(got) == 3000 and got["id"].tolist() == [str(i) for i in range(3000)]
    if case == "dirty":
        assert got.loc[3, "lat"] == "35.10" and got.loc[700, "lon"] == "-170.0" and got.loc[2600, "lat"] == " 35.5"
        assert "row 1501: lat = 'north' is not a number" in r.stderr and "row 2101: lon = '' is missing" in r.stderr
    if case in ("plain", "dirty"):  # stdout: the same rows, the full attribution instead of the sidecar's id
        r2 = run_cli("batch", src, "--zones", synthetic_v10_path, "--no-distance", "--chunk-size", "700", "--quiet")
        (short, full), = json.loads((tmp_path / "out.csv.json").read_text())["data_source"].items()
        streamed = pd.read_csv(io.StringIO(r2.stdout), dtype=str, keep_default_na=False)
        assert (streamed["data_source"] == full).all()
        streamed["data_source"] = short
        pd.testing.assert_frame_equal(streamed, got)


def test_plain_lines_take_the_lane(synthetic_v10_path, tmp_path, monkeypatch, capsys):
    import geo.inputs.files
    from geo.cli import main
    from geo.cli._lean_batch import LeanCSV

    calls = {"lean": 0, "general": 0}
    join, fallback_stream = LeanCSV._join, geo.inputs.files.csv_text_chunks

    def counted_join(self, block, res):
        calls["lean"] += 1
        return join(self, block, res)

    def counted_general(*a, **kw):
        calls["general"] += 1
        return fallback_stream(*a, **kw)

    monkeypatch.setattr(LeanCSV, "_join", counted_join)
    monkeypatch.setattr("geo.inputs.files.csv_text_chunks", counted_general)
    df = _dirty(_rows(3000))
    src = tmp_path / "in.csv"
    df.to_csv(src, index=False)
    assert main(["batch", str(src), "-o", str(tmp_path / "o.csv"), "--zones", str(synthetic_v10_path),
                 "--no-distance", "--chunk-size", "500", "--quiet"]) == 2
    # 6 blocks of 500: those holding a bad or wrapped row (rows 700, 1500, 2100, 2600) go the general way
    assert calls == {"lean": 2, "general": 4}
    capsys.readouterr()


def test_plain_parquet_keeps_every_row_and_adds_dictionary_verdicts(synthetic_v10_path, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(2)
    n = 5000
    lat, lon = rng.uniform(10, 52, n), rng.uniform(110, 165, n)
    lat[17] = np.nan
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": np.arange(n), "lat": lat, "lon": lon, "tag": ["t"] * n}), src)
    out = tmp_path / "out.parquet"
    r = run_cli("batch", src, "-o", out, "--zones", synthetic_v10_path, "--no-distance", "--chunk-size", "1200")
    assert r.returncode == 2 and "row 18" in r.stderr
    t = pq.read_table(out)
    assert t.column("id").to_pylist() == list(range(n)) and t.column("tag").to_pylist() == ["t"] * n
    assert np.array_equal(t.column("lon").to_numpy(), lon) and np.allclose(t.column("lat").to_numpy(), lat, equal_nan=True)
    assert "geometry" not in t.column_names
    assert pa.types.is_dictionary(t.schema.field("eez_status").type) and pa.types.is_dictionary(t.schema.field("zone_name").type)
    from geo.classify import check_points

    want = check_points(lat=lat, lon=lon, zones=synthetic_v10_path, distances=False, errors="keep", geometry=False)
    assert t.column("eez_status").to_pylist() == [None if pd.isna(v) else v for v in want["eez_status"]]
    meta = t.schema.metadata
    assert meta[b"data_source"].decode() == want.attrs["data_source"]
    assert len(set(t.column("data_source").to_pylist()) - {None}) == 1


def test_a_verdict_field_with_a_line_end_stays_with_its_own_line():
    """Formatted once per distinct verdict, a field holding a line end (a zone name of odd zone
    data) must not shift the other verdicts onto the wrong lines."""
    from geo.cli._lean_batch import LeanCSV

    res = pd.DataFrame({"zone_name": pd.Categorical(["A\nB", "C", "C", "A\nB"]), "k": [1, 2, 2, 1]})
    block = b"1,1\n2,2\n3,3\n4,4\n"
    got = LeanCSV(["lat", "lon"], None, None, None)._join(block, res)
    cells = pd.DataFrame({"lat": ["1", "2", "3", "4"], "lon": ["1", "2", "3", "4"]})
    assert got.decode() == pd.concat([cells, res], axis=1).to_csv(index=False, header=False, lineterminator="\n")


def test_a_csv_that_is_not_utf8_is_a_clear_error_in_the_lane_too(synthetic_v10_path, tmp_path):
    src = tmp_path / "latin1.csv"
    src.write_bytes("lat,lon,name\n41.5,137.8,café\n30,124,b\n".encode("latin-1"))
    for extra in ([], ["-o", tmp_path / "out.csv"]):
        r = run_cli("batch", src, "--zones", synthetic_v10_path, "--no-distance", *extra)
        assert r.returncode == 2 and "cannot read input file" in r.stderr, r.stderr
        assert "internal error" not in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out.csv").exists()


def test_a_plain_parquet_with_a_text_column_named_geometry_keeps_it(synthetic_v10_path, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    src, out = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pq.write_table(pa.table({"lat": [41.5, 30.0], "lon": [137.8, 124.0], "geometry": ["a", "b"]}), src)
    r = run_cli("batch", src, "-o", out, "--zones", synthetic_v10_path, "--no-distance")
    assert r.returncode == 0, r.stderr
    t = pq.read_table(out)
    assert t.column("geometry").to_pylist() == ["a", "b"] and b"geo" not in t.schema.metadata
