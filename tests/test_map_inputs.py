"""``eezcheck map`` reads whatever this tool writes, with no flags: ``batch -o`` and ``impact
--batch -o`` tables in every format, and the ``--json`` outputs saved to a file. All through the
CLI, as a user runs it; the map is checked against the file it was drawn from, never against
hard-coded verdicts.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.test_maps import _map_layers

FORMATS = ("csv", "geojson", "gpkg", "parquet")
LAUNCHES = pd.DataFrame({
    "text": ["about 250 km west of Okushiri Island", "", "", ""],
    "launch": ["", "Sunan", "Sunan", ""],
    "bearing": ["", "80", "95", ""],
    "range_km": ["", "900", "600", ""],
    "lat": ["", "", "", "39.5"],
    "lon": ["", "", "", "136.5"],
})


def _points(page: str) -> list[dict]:
    """The result points of a map page: their (lon, lat) and popup rows."""
    return [{"xy": f["geometry"]["coordinates"], **dict(f["properties"]["_rows"])}
            for feats in _map_layers(page).values() for f in feats if f["properties"].get("_point") == "result"]


def _read(path):
    if str(path).endswith(".csv"):
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    import geopandas as gpd

    return gpd.read_parquet(path) if str(path).endswith(".parquet") else gpd.read_file(path)


def _map(cli, src, tmp_path, *extra):
    out = tmp_path / "map.html"
    r = cli("map", src, "-o", out, "--json", *extra)
    return r, (json.loads(r.stdout) if r.stdout.strip() else None), (out.read_text(encoding="utf-8") if out.exists() else "")


@pytest.mark.parametrize("fmt", FORMATS)
def test_map_of_batch_output(cli, synthetic_v10_path, tmp_path, fmt):
    from tests.test_maps import sample_points

    src = tmp_path / "pts.csv"
    sample_points().to_csv(src, index=False)
    res = tmp_path / f"res.{fmt}"
    assert cli("batch", src, "-o", res, "--zones", synthetic_v10_path, "--quiet").returncode == 0
    r, summary, page = _map(cli, res, tmp_path, "--zones", synthetic_v10_path)
    assert r.returncode == 0, r.stderr
    # Its own verdicts, kept (same zones: no "classifying again", no "computed with other data").
    assert "classifying again" not in r.stderr and "computed with" not in r.stderr
    table = _read(res)
    pts = _points(page)
    assert summary["points"] == len(pts) == len(table)
    assert [p["eez_status"] for p in pts] == list(table["eez_status"])
    if fmt == "csv":  # the CSV's short data_source ids, shown as the full text its OUT.csv.json gives
        full = json.loads((tmp_path / "res.csv.json").read_text(encoding="utf-8"))["data_source"]
        assert {p["data_source"] for p in pts} == set(full.values())


@pytest.mark.parametrize("fmt", FORMATS)
def test_map_of_impact_batch_output_draws_the_landing_points(cli, synthetic_v10_path, tmp_path, fmt):
    src = tmp_path / "launches.csv"
    LAUNCHES.to_csv(src, index=False)
    est = tmp_path / f"est.{fmt}"
    r = cli("impact", "--batch", src, "-o", est, "--samples", "300", "--zones", synthetic_v10_path)
    assert r.returncode == 0, r.stderr
    r, summary, page = _map(cli, est, tmp_path, "--zones", synthetic_v10_path)
    assert r.returncode == 0, r.stderr
    table = _read(est)
    pts = _points(page)
    assert summary["points"] == len(pts) == len(LAUNCHES)
    for p, (_, row) in zip(pts, table.iterrows()):
        assert p["xy"] == pytest.approx([float(row["landing_lon"]), float(row["landing_lat"])], abs=1e-6)
        assert p["call"] == row["call"]  # coloured by the estimate's call (geo.maps.verdict_of)
    if fmt == "csv":  # a stated position of the input stays in the popup, under its own name
        assert pts[3]["lat (input)"] == "39.5"


def test_map_of_json_outputs(cli, synthetic_v10_path, tmp_path):
    """``point``, ``impact`` and ``batch`` ``--json`` saved to files: one map each, the same points."""
    from tests.test_maps import sample_points

    z = ("--zones", synthetic_v10_path)
    src = tmp_path / "pts.csv"
    sample_points().to_csv(src, index=False)
    runs = {
        "point": ("point", "41.5", "137.8", "--json", *z),
        "impact": ("impact", "--text", "about 250 km west of Okushiri Island", "--samples", "300", "--json", *z),
        "batch": ("batch", src, "--json", "--quiet", *z),
    }
    for name, argv in runs.items():
        r = cli(*argv)
        assert r.returncode == 0, (name, r.stderr)
        data = json.loads(r.stdout)
        rows = data if isinstance(data, list) else [data]
        f = tmp_path / f"{name}.json"
        f.write_text(r.stdout, encoding="utf-8")
        r, summary, page = _map(cli, f, tmp_path, *z)
        assert r.returncode == 0, (name, r.stderr)
        assert "classifying again" not in r.stderr
        pts = _points(page)
        assert len(pts) == summary["points"] == len(rows), name
        for p, row in zip(pts, rows):
            assert p["xy"] == pytest.approx([float(row["lon"]), float(row["lat"])], abs=1e-9), name
            assert p["eez_status"] == row["eez_status"], name


def test_map_of_history_json_keeps_the_files_reasons(cli, synthetic_v10_path, tmp_path):
    """``history --json``: every statement with a landing point is drawn there; one without is
    listed with the reason the file gives (and, as any row left off the map, exit code 2)."""
    z = ("--zones", synthetic_v10_path)
    r = cli("history", "--json", "--samples", "100", *z)
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    f = tmp_path / "history.json"
    f.write_text(r.stdout, encoding="utf-8")
    r, summary, page = _map(cli, f, tmp_path, *z)
    placed = [row for row in rows if row["landing_lat"] is not None]
    unplaced = [(i, row) for i, row in enumerate(rows) if row["landing_lat"] is None]
    assert unplaced and placed  # the history has both kinds
    assert r.returncode == 2
    assert summary["points"] == len(_points(page)) == len(placed) and summary["bad_rows"] == len(unplaced)
    i, row = unplaced[0]
    assert f"row {i + 1}: {row['missing']}" in r.stderr
    assert "is not a number" not in r.stderr
    assert [p["xy"] for p in _points(page)] == [pytest.approx([row["landing_lon"], row["landing_lat"]]) for row in placed]


def test_map_of_report_json(cli, synthetic_v10_path, tmp_path):
    from tests.report_texts import EN_2025_11_07

    z = ("--zones", synthetic_v10_path)
    text = tmp_path / "report.txt"
    text.write_text(EN_2025_11_07, encoding="utf-8")
    r = cli("report", text, "--json", "--samples", "300", *z)
    assert r.returncode == 0, r.stderr
    scenarios = json.loads(r.stdout)["scenarios"]
    f = tmp_path / "report.json"
    f.write_text(r.stdout, encoding="utf-8")
    r, summary, page = _map(cli, f, tmp_path, *z)
    pts = _points(page)
    drawn = [s for s in scenarios if s.get("estimate")]
    assert drawn and len(pts) == summary["points"] == len(drawn)
    assert [p["name"] for p in pts] == [s["label"] for s in drawn]  # each scenario named by its source
    assert [p["call"] for p in pts] == [s["call"] for s in drawn]
    assert r.returncode == (2 if len(drawn) < len(scenarios) else 0), r.stderr


def test_a_json_file_of_something_else(cli, synthetic_v10_path, tmp_path):
    f = tmp_path / "other.json"
    f.write_text('{"hello": "world"}', encoding="utf-8")
    r, _, _ = _map(cli, f, tmp_path, "--zones", synthetic_v10_path)
    assert r.returncode == 2 and "is not a points file" in r.stderr and "--json" in r.stderr
    f.write_text("{not json", encoding="utf-8")
    r, _, _ = _map(cli, f, tmp_path, "--zones", synthetic_v10_path)
    assert r.returncode == 2 and "is not valid JSON" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "map.html").exists()


def test_missing_coordinates_list_every_column_or_say_how_many_are_left_out(cli, synthetic_v10_path, tmp_path):
    wide = tmp_path / "wide.csv"
    pd.DataFrame({f"c{i:02d}": ["1"] for i in range(67)}).to_csv(wide, index=False)
    r, _, _ = _map(cli, wide, tmp_path, "--zones", synthetic_v10_path)
    assert r.returncode == 2 and "no latitude column" in r.stderr
    assert "c00, c01" in r.stderr and "c29" in r.stderr and "c30" not in r.stderr
    assert "… and 37 more columns" in r.stderr
    narrow = tmp_path / "narrow.csv"
    pd.DataFrame({"name": ["a"], "eez_status": ["inside"], "where": ["x"]}).to_csv(narrow, index=False)
    r, _, _ = _map(cli, narrow, tmp_path, "--zones", synthetic_v10_path)
    # Every column of the file (a result column too), and nothing said to be left out.
    assert r.returncode == 2 and "Columns are: name, eez_status, where" in r.stderr and "more" not in r.stderr
